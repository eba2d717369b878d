/*
** buf.h — a growable byte buffer (always NUL-terminated).
** The buffer owns data; buf_free releases it; buf_reset keeps the capacity.
*/
#ifndef HF_BUF_H
#define HF_BUF_H

#include <stddef.h>

typedef struct hf_buf {
  char *data;
  size_t len;
  size_t cap;
} hf_buf;

void buf_init(hf_buf *b);
void buf_free(hf_buf *b);
void buf_reset(hf_buf *b);
void buf_reserve(hf_buf *b, size_t extra);
void buf_append(hf_buf *b, const void *p, size_t n);
void buf_puts(hf_buf *b, const char *s);
void buf_putc(hf_buf *b, char c);
void buf_printf(hf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data over to the caller (who frees it) and re-initialises b. */
char *buf_steal(hf_buf *b);

#endif
