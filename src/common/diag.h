/*
** diag.h — errors as values, and the process exit codes.
** Every stage reports failure by filling an hf_error and returning its status;
** only src/cli/main.c turns a status into a process exit.
*/
#ifndef HF_DIAG_H
#define HF_DIAG_H

#include <stddef.h>

/* Exit codes of the CLI (README, docs/architecture.md). */
typedef enum hf_status {
  HF_OK = 0,
  HF_ERR_DATA = 1,   /* policy or data error: the user's files are wrong */
  HF_ERR_USAGE = 2,  /* bad command line */
  HF_ERR_IO = 3      /* I/O or internal error */
} hf_status;

/* One error message, already formatted for the user (Chinese, naming the
** file and the place: "checks.csv:12:5: ..." or "callcenter.lua:40: ..."). */
typedef struct hf_error {
  hf_status status;
  char message[4096];
} hf_error;

/* Sets err (when not NULL) and returns status, so callers can write
** `return hf_fail(err, HF_ERR_DATA, "...", ...);`. */
hf_status hf_fail(hf_error *err, hf_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes an existing message: "context: old message". */
void hf_error_prefix(hf_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Allocation that never returns NULL: out of memory prints one line and
** aborts. This is the single exception to "exit only in main.c": no stage can
** recover from it and every caller would do the same. */
void *hf_xmalloc(size_t n);
void *hf_xcalloc(size_t count, size_t size);
void *hf_xrealloc(void *p, size_t n);
char *hf_xstrdup(const char *s);
char *hf_xstrndup(const char *s, size_t n);

#endif
