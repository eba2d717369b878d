/*
** sha256.h — SHA-256 (OpenSSL libcrypto) as lowercase hex, the one form the
** results carry (policy and input hashes). Streaming inputs use
** ingest/sha_stream.h, which formats its digest with sha256_to_hex.
*/
#ifndef HF_SHA256_H
#define HF_SHA256_H

#include <stdbool.h>
#include <stddef.h>

/* hex receives 64 lowercase hex digits and a NUL. */
void sha256_to_hex(const unsigned char digest[32], char hex[65]);
/* Hashes p[0..n); false (hex untouched) if OpenSSL fails. */
bool sha256_hex(const void *p, size_t n, char hex[65]);

#endif
