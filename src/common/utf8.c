/*
** utf8.c — decoding and encoding one code point (see utf8.h).
*/
#include "common/utf8.h"

#include <stddef.h>

/* Contract in utf8.h. */
uint32_t utf8_next(const char **p, const char *end, bool *bad) {
  const unsigned char *s = (const unsigned char *)*p;
  size_t avail = (size_t)(end - *p);
  uint32_t cp;
  size_t n;
  *bad = false;
  if (s[0] < 0x80) { cp = s[0]; n = 1; }
  else if ((s[0] & 0xE0) == 0xC0) { cp = s[0] & 0x1Fu; n = 2; }
  else if ((s[0] & 0xF0) == 0xE0) { cp = s[0] & 0x0Fu; n = 3; }
  else if ((s[0] & 0xF8) == 0xF0) { cp = s[0] & 0x07u; n = 4; }
  else goto invalid;
  if (n > avail) goto invalid;
  for (size_t k = 1; k < n; k++) {
    if ((s[k] & 0xC0) != 0x80) goto invalid;
    cp = (cp << 6) | (s[k] & 0x3Fu);
  }
  static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto invalid;
  *p += n;
  return cp;
invalid:
  *bad = true;
  *p += 1;
  return 0xFFFD;
}

void utf8_put(hf_buf *b, uint32_t cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  buf_append(b, u, n);
}
