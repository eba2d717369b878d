/*
** results.c — the results model: tables, KPIs, warnings, in one arena.
*/
#include "report/results.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/diag.h"

/* ---------------------------------------------------------------- arena */

typedef struct arena_block {
  struct arena_block *next;
  size_t used, size;
  char data[];
} arena_block;

typedef struct hf_arena {
  arena_block *head;
} hf_arena;

static void *arena_alloc(hf_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (!a->head || a->head->size - a->head->used < n) {
    size_t size = n > 65536 ? n : 65536;
    arena_block *b = hf_xmalloc(sizeof *b + size);
    b->next = a->head;
    b->used = 0;
    b->size = size;
    a->head = b;
  }
  void *p = a->head->data + a->head->used;
  a->head->used += n;
  return p;
}

/* ---------------------------------------------------------------- model */

hf_results *results_new(void) {
  hf_results *r = hf_xcalloc(1, sizeof *r);
  r->arena = hf_xcalloc(1, sizeof *r->arena);
  r->version = HUIFANG_VERSION;
  return r;
}

void results_free(hf_results *r) {
  if (!r) return;
  for (size_t i = 0; i < r->ntables; i++) table_free(r->tables[i]);
  free(r->tables);
  free(r->kpis);
  free(r->inputs);
  free(r->warnings);
  arena_block *b = r->arena->head;
  while (b) {
    arena_block *next = b->next;
    free(b);
    b = next;
  }
  free(r->arena);
  free(r);
}

const char *results_strn(hf_results *r, const char *s, size_t n) {
  char *p = arena_alloc(r->arena, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

const char *results_str(hf_results *r, const char *s) {
  return s ? results_strn(r, s, strlen(s)) : NULL;
}

const char *results_printf(hf_results *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  const char *out;
  if (n >= 0 && (size_t)n < sizeof tmp) {
    out = results_strn(r, tmp, (size_t)n);
  } else {
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int m = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *big = arena_alloc(r->arena, (size_t)m + 1);
    vsnprintf(big, (size_t)m + 1, fmt, ap);
    va_end(ap);
    out = big;
  }
  return out;
}

void results_add_input(hf_results *r, const hf_input_info *info) {
  r->inputs = hf_xrealloc(r->inputs, (r->ninputs + 1) * sizeof *r->inputs);
  hf_input_info *d = &r->inputs[r->ninputs++];
  d->name = results_str(r, info->name);
  d->file = results_str(r, info->file);
  d->sha256 = results_str(r, info->sha256);
  d->encoding = results_str(r, info->encoding);
  d->rows = info->rows;
  d->rejected = info->rejected;
}

hf_kpi *results_add_kpi(hf_results *r, const char *id, const char *label, double value, hf_format fmt) {
  r->kpis = hf_xrealloc(r->kpis, (r->nkpis + 1) * sizeof *r->kpis);
  hf_kpi *k = &r->kpis[r->nkpis++];
  memset(k, 0, sizeof *k);
  k->id = results_str(r, id);
  k->label = results_str(r, label);
  k->value = value;
  k->format = fmt;
  return k;
}

void results_warn(hf_results *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = arena_alloc(r->arena, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  r->warnings = hf_xrealloc(r->warnings, (r->nwarnings + 1) * sizeof *r->warnings);
  r->warnings[r->nwarnings++] = s;
}

hf_table *results_add_table(hf_results *r, const char *id, const char *title, const hf_column *cols,
                            size_t ncols) {
  hf_table *t = hf_xcalloc(1, sizeof *t);
  t->id = results_str(r, id);
  t->title = results_str(r, title);
  t->cols = arena_alloc(r->arena, ncols * sizeof *t->cols);
  for (size_t i = 0; i < ncols; i++) {
    t->cols[i] = cols[i];
    t->cols[i].id = results_str(r, cols[i].id);
    t->cols[i].label = results_str(r, cols[i].label);
  }
  t->ncols = ncols;
  r->tables = hf_xrealloc(r->tables, (r->ntables + 1) * sizeof *r->tables);
  r->tables[r->ntables++] = t;
  return t;
}

void results_move_last(hf_results *r, const hf_table *t) {
  for (size_t i = 0; i + 1 < r->ntables; i++)
    if (r->tables[i] == t) {
      memmove(&r->tables[i], &r->tables[i + 1], (r->ntables - i - 1) * sizeof *r->tables);
      r->tables[r->ntables - 1] = (hf_table *)t;
      return;
    }
}

hf_cell *table_add_row(hf_table *t) {
  if (t->nrows == t->cap_rows) {
    t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64;
    t->cells = hf_xrealloc(t->cells, t->cap_rows * t->ncols * sizeof *t->cells);
  }
  hf_cell *row = &t->cells[t->nrows * t->ncols];
  memset(row, 0, t->ncols * sizeof *row);
  t->nrows++;
  return row;
}

hf_cell *table_row(const hf_table *t, size_t row) { return &t->cells[row * t->ncols]; }

const hf_table *results_table(const hf_results *r, const char *id) {
  for (size_t i = 0; i < r->ntables; i++)
    if (strcmp(r->tables[i]->id, id) == 0) return r->tables[i];
  return NULL;
}

int table_column(const hf_table *t, const char *id) {
  for (size_t i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].id, id) == 0) return (int)i;
  return -1;
}

void cell_str(hf_results *r, hf_cell *c, const char *s) {
  c->kind = HF_CELL_STR;
  c->u.s = results_str(r, s);
}

void cell_strn(hf_results *r, hf_cell *c, const char *s, size_t n) {
  c->kind = HF_CELL_STR;
  c->u.s = results_strn(r, s, n);
}

void cell_int(hf_cell *c, int64_t v) {
  c->kind = HF_CELL_INT;
  c->u.i = v;
}

void cell_num(hf_cell *c, double v) {
  c->kind = HF_CELL_NUM;
  c->u.d = v;
}

void cell_bool(hf_cell *c, bool v) {
  c->kind = HF_CELL_BOOL;
  c->u.b = v;
}

void format_double(double d, char out[32]) {
  if (!isfinite(d)) {
    snprintf(out, 32, "null");
    return;
  }
  if (d == 0) {
    snprintf(out, 32, "0");
    return;
  }
  /* Whole numbers as integers ("20", not the shorter "2e+01" that %g picks). */
  if (fabs(d) < 1e15 && d == floor(d)) {
    snprintf(out, 32, "%.0f", d);
    return;
  }
  /* The shortest %.Ng that reads back as d: deterministic and unrounded. */
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(out, 32, "%.*g", prec, d);
    if (strtod(out, NULL) == d) return;
  }
}

hf_kpi *results_kpi(const hf_results *r, const char *id) {
  for (size_t i = 0; id && i < r->nkpis; i++)
    if (r->kpis[i].id && strcmp(r->kpis[i].id, id) == 0) return &r->kpis[i];
  return NULL;
}

static const char *const FORMAT_NAMES[] = {
    [HF_FMT_TEXT] = "text", [HF_FMT_INT] = "int",   [HF_FMT_NUMBER] = "number",
    [HF_FMT_PERCENT] = "percent", [HF_FMT_BOOL] = "bool", [HF_FMT_DATE] = "date"};

const char *format_name(hf_format f) {
  return (size_t)f < sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0] ? FORMAT_NAMES[f] : "text";
}

bool format_from_name(const char *name, hf_format *out) {
  for (size_t i = 0; i < sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0]; i++)
    if (strcmp(name, FORMAT_NAMES[i]) == 0) {
      *out = (hf_format)i;
      return true;
    }
  return false;
}
