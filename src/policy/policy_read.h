/*
** policy_read.h — typed getters over the rule's returned table that keep the
** key path ("scorecard.items[4].fatal") for error messages (internal to src/policy/).
** Every getter reads raw (no metamethods run) and must be called inside a
** protected call (sandbox_cpcall): pushing can raise a memory error. The first
** failure is kept in the context; later getters then return it at once.
** Strings handed out are hf_xstrdup'd (the caller owns them); key arrays from
** rd_sorted_keys live until rd_done.
*/
#ifndef HF_POLICY_READ_H
#define HF_POLICY_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

#include "common/diag.h"
#include "policy/policy.h"

#define RD_MAX_DEPTH 16

typedef struct rd_elem {
  const char *key;     /* a table key, or NULL for an array index */
  long index;          /* 1-based array index when key is NULL */
  const char *anchor;  /* for an index: the element's name, a hint to find its line */
} rd_elem;

typedef struct rd_ctx {
  lua_State *L;
  const char *file;    /* the rule file's display name */
  const char *src;     /* its text, for line hints */
  size_t srclen;
  unsigned char *code; /* lazily: 1 where src is code (not a comment or string) */
  hf_error *err;
  hf_status status;
  rd_elem path[RD_MAX_DEPTH];
  int depth;
  void **scratch;
  size_t nscratch;
} rd_ctx;

void rd_init(rd_ctx *c, lua_State *L, const char *file, const char *src, size_t srclen, hf_error *err);
void rd_done(rd_ctx *c);

/* The path stack. */
void rd_enter_key(rd_ctx *c, const char *key);
void rd_enter_index(rd_ctx *c, long index, const char *anchor);
void rd_leave(rd_ctx *c);

/* "file: path: message（约第 N 行）"; keeps the first failure. */
hf_status rd_fail(rd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "file:line: path: message" for places Lua knows (functions). */
hf_status rd_fail_line(rd_ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "应为 <want>，实际为 <type>" for the value at idx. */
hf_status rd_fail_type(rd_ctx *c, int idx, const char *want);

/* Pushes t[key] (raw) and enters key; returns its Lua type. Undo with rd_pop_value. */
int rd_get(rd_ctx *c, int t, const char *key);
void rd_pop_value(rd_ctx *c);

/* Unknown keys of t: anything but the allowed names (sorted, for the message)
** and the array indexes 1..narray. */
hf_status rd_check_keys(rd_ctx *c, int t, const char *const *allowed, long narray);
/* The string keys of t in byte order; any other key is an error. */
const char **rd_sorted_keys(rd_ctx *c, int t, size_t *n);
/* The value at idx must be a sequence 1..n and nothing else. */
hf_status rd_sequence(rd_ctx *c, int idx, size_t *n);

/* Getters of t[key]; `def` applies when the key is absent. */
hf_status rd_string(rd_ctx *c, int t, const char *key, bool required, const char *def, char **out);
hf_status rd_int(rd_ctx *c, int t, const char *key, long long min, long long def, long long *out);
hf_status rd_number(rd_ctx *c, int t, const char *key, bool required, double min, double max, double def,
                    double *out);
hf_status rd_bool(rd_ctx *c, int t, const char *key, bool def, bool *out);
hf_status rd_choice(rd_ctx *c, int t, const char *key, const char *const *choices, int def, int *out);
/* The value at idx: a string, or (when `list`) a non-empty list of strings. */
hf_status rd_strlist(rd_ctx *c, int idx, bool single_ok, hf_strlist *out);

/* Appends the current key path ("sampling[1].where") to b. */
struct hf_buf;
void rd_path_string(const rd_ctx *c, struct hf_buf *b);

/* Line hint (0 when not found) for the current path: best effort, from the source text. */
int rd_line_hint(rd_ctx *c);

#endif
