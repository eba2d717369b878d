/*
** sha256.c — see sha256.h.
*/
#include "common/sha256.h"

#include <openssl/evp.h>

void sha256_to_hex(const unsigned char digest[32], char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 15];
  }
  hex[64] = '\0';
}

bool sha256_hex(const void *p, size_t n, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32) return false;
  sha256_to_hex(md, hex);
  return true;
}
