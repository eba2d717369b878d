/*
** test_policy_support.h — shared helpers of the policy and section suites
** (test_policy.c, test_sampling.c, test_schedule.c, test_deadline.c,
** test_satisfaction.c): loading a rule, the runner of a folder of invalid
** rules, running a policy on the CSVs beside it, and checked lookups into the
** results (a missing table, KPI or column, or a cell of the wrong kind, fails
** the test with its name rather than crashing it).
*/
#ifndef TEST_POLICY_SUPPORT_H
#define TEST_POLICY_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate.h"
#include "policy/policy.h"
#include "report/results.h"

/* ------------------------------------------------------------ policies */

/* Loads path with the default limits; any error fails the test. */
static inline hf_policy *load_ok(const char *path) {
  hf_error err = {0};
  hf_limits lim;
  limits_default(&lim);
  hf_policy *p = policy_load(path, &lim, &err);
  if (!p) fail_msg("%s: %s", path, err.message);
  return p;
}

/* Index of the field called name in the input (declared or an item); fails the test when absent. */
static inline long field_index(const hf_input_spec *in, const char *name) {
  for (size_t i = 0; i < in->nfields; i++)
    if (strcmp(in->fields[i].name, name) == 0) return (long)i;
  fail_msg("no field %s", name);
  return -1;
}

static inline int support_cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every dir/NAME.lua, in name order (at least min_files of them): policy_load
** fails with HF_ERR_DATA, the message starts with NAME.lua, and it holds every
** "-- expect: <text>" line of the file (there must be one). Every failure is
** printed before the test fails. */
static inline void check_invalid_rules(const char *dir, size_t min_files) {
  DIR *d = opendir(dir);
  if (!d) fail_msg("cannot open %s", dir);
  char **names = NULL;
  size_t n = 0, failures = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len <= 4 || strcmp(e->d_name + len - 4, ".lua") != 0) continue;
    names = realloc(names, (n + 1) * sizeof *names);
    assert_non_null(names);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, support_cmp_names);
  if (n < min_files) fail_msg("%s: %zu rule files, expected at least %zu", dir, n, min_files);
  for (size_t i = 0; i < n; i++) {
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    hf_error err = {0};
    hf_policy *p = policy_load(path, NULL, &err);
    if (p) {
      print_error("%s: loaded, expected an error\n", names[i]);
      failures++;
      policy_free(p);
      free(names[i]);
      continue;
    }
    if (err.status != HF_ERR_DATA) {
      print_error("%s: status %d, expected HF_ERR_DATA\n", names[i], (int)err.status);
      failures++;
    }
    if (strncmp(err.message, names[i], strlen(names[i])) != 0) {
      print_error("%s: message does not start with the rule file's name:\n  %s\n", names[i], err.message);
      failures++;
    }
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t expects = 0;
    while (fgets(line, sizeof line, fp)) {
      if (strncmp(line, "-- expect: ", 11) != 0) continue;
      line[strcspn(line, "\n")] = '\0';
      expects++;
      if (!strstr(err.message, line + 11)) {
        print_error("%s: expected「%s」in:\n  %s\n", names[i], line + 11, err.message);
        failures++;
      }
    }
    fclose(fp);
    if (expects == 0) {
      print_error("%s: no -- expect: line\n", names[i]);
      failures++;
    }
    free(names[i]);
  }
  free(names);
  assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------ running */

/* Evaluates p on dir's CSV files (each input's `file` there) with the options
** of base (or none). *out holds the results: free them even after a failure. */
static inline hf_status run_in_dir(hf_policy *p, const char *dir, const hf_run_options *base, hf_results **out,
                                   hf_error *err) {
  const char **paths = calloc(p->ninputs ? p->ninputs : 1, sizeof *paths);
  char (*bufs)[1024] = calloc(p->ninputs ? p->ninputs : 1, sizeof *bufs);
  assert_true(paths && bufs);
  for (size_t i = 0; i < p->ninputs; i++) {
    snprintf(bufs[i], sizeof bufs[i], "%s/%s", dir, p->inputs[i].file);
    paths[i] = bufs[i];
  }
  hf_run_options o = {0};
  if (base) o = *base;
  o.input_paths = paths;
  *out = results_new();
  hf_status st = evaluate_run(p, &o, *out, err);
  free(paths);
  free(bufs);
  return st;
}

/* ------------------------------------------------------------ results */

static inline const hf_table *table(const hf_results *r, const char *id) {
  const hf_table *t = results_table(r, id);
  if (!t) fail_msg("no table %s", id);
  return t;
}

static inline const hf_kpi *kpi(const hf_results *r, const char *id) {
  for (size_t i = 0; i < r->nkpis; i++)
    if (strcmp(r->kpis[i].id, id) == 0) return &r->kpis[i];
  fail_msg("no KPI %s", id);
  return NULL;
}

/* Whether a warning contains fragment. */
static inline bool has_warning(const hf_results *r, const char *fragment) {
  for (size_t i = 0; i < r->nwarnings; i++)
    if (strstr(r->warnings[i], fragment)) return true;
  return false;
}

/* The cell of a resident row. */
static inline const hf_cell *cell(const hf_table *t, size_t row, const char *col) {
  int c = table_column(t, col);
  if (c < 0) fail_msg("table %s has no column %s", t->id, col);
  if (row >= t->nrows) fail_msg("table %s has %zu rows, no row %zu", t->id, t->nrows, row);
  return &table_row(t, row)[c];
}

static inline const char *str_at(const hf_table *t, size_t row, const char *col) {
  const hf_cell *c = cell(t, row, col);
  if (c->kind != HF_CELL_STR) fail_msg("%s[%zu].%s is not a string (kind %d)", t->id, row, col, (int)c->kind);
  return c->u.s;
}

static inline int64_t int_at(const hf_table *t, size_t row, const char *col) {
  const hf_cell *c = cell(t, row, col);
  if (c->kind != HF_CELL_INT) fail_msg("%s[%zu].%s is not an integer (kind %d)", t->id, row, col, (int)c->kind);
  return c->u.i;
}

/* The cell is the string want, or null when want is NULL. */
static inline void assert_text(const hf_table *t, size_t row, const char *col, const char *want) {
  const hf_cell *c = cell(t, row, col);
  if (!want) {
    if (c->kind != HF_CELL_NULL) fail_msg("%s[%zu].%s: expected null (kind %d)", t->id, row, col, (int)c->kind);
    return;
  }
  if (c->kind != HF_CELL_STR) fail_msg("%s[%zu].%s: expected \"%s\", got kind %d", t->id, row, col, want, (int)c->kind);
  if (strcmp(c->u.s, want) != 0) fail_msg("%s[%zu].%s: expected \"%s\", got \"%s\"", t->id, row, col, want, c->u.s);
}

static inline void assert_int_cell(const hf_table *t, size_t row, const char *col, int64_t want) {
  int64_t got = int_at(t, row, col);
  if (got != want) fail_msg("%s[%zu].%s = %lld, expected %lld", t->id, row, col, (long long)got, (long long)want);
}

#endif
