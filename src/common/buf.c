/*
** buf.c — growable byte buffer.
*/
#include "common/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

void buf_init(hf_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void buf_free(hf_buf *b) {
  free(b->data);
  buf_init(b);
}

void buf_reset(hf_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void buf_reserve(hf_buf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->data = hf_xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_append(hf_buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(hf_buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(hf_buf *b, char c) { buf_append(b, &c, 1); }

void buf_printf(hf_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n > 0) {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    b->len += (size_t)n;
  }
  va_end(ap2);
}

char *buf_steal(hf_buf *b) {
  char *p = b->data ? b->data : hf_xstrdup("");
  buf_init(b);
  return p;
}
