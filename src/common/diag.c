/*
** diag.c — error values and checked allocation.
*/
#include "common/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hf_status hf_fail(hf_error *err, hf_status status, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->status = status;
  }
  return status;
}

void hf_error_prefix(hf_error *err, const char *fmt, ...) {
  if (!err) return;
  char prefix[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  char old[sizeof err->message];
  memcpy(old, err->message, sizeof old);
  snprintf(err->message, sizeof err->message, "%s: %s", prefix, old);
}

static void out_of_memory(size_t n) {
  fprintf(stderr, "huifang: 内存不足（申请 %zu 字节失败）\n", n);
  abort();
}

void *hf_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *hf_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) out_of_memory(count * size);
  return p;
}

void *hf_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory(n);
  return q;
}

char *hf_xstrdup(const char *s) { return hf_xstrndup(s, strlen(s)); }

char *hf_xstrndup(const char *s, size_t n) {
  char *p = hf_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}
