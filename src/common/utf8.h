/*
** utf8.h — one code point at a time: the strict decoder the PDF text gate
** and `huifang fonts` share, and the encoder for warnings that quote a
** character.
*/
#ifndef HF_UTF8_H
#define HF_UTF8_H

#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"

/* Decodes one code point at *p (bounded by end) and advances *p. Malformed,
** overlong or surrogate sequences give U+FFFD and consume one byte, with
** *bad set. */
uint32_t utf8_next(const char **p, const char *end, bool *bad);
/* Appends cp (at most U+10FFFF) as UTF-8. */
void utf8_put(hf_buf *b, uint32_t cp);

#endif
