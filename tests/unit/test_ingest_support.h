/*
** test_ingest_support.h — shared helpers of the test_ingest_*.c suites: specs
** built by hand, a sink that prints every record into a text dump, and a runner
** that parses a buffer whole and in chunks of 1, 2, 3, 7 and 64 bytes and
** asserts that records, stats and errors are identical every time.
*/
#ifndef TEST_INGEST_SUPPORT_H
#define TEST_INGEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/date.h"
#include "ingest/ingest.h"

/* ------------------------------------------------------------ specs */

typedef struct test_spec {
  hf_input_spec spec;
  hf_field_spec fields[32];
  hf_score_values score;
  char *pass[2], *fail[2], *na[2];
  char *enums[4];
} test_spec;

static inline void spec_init(test_spec *t, hf_on_error on_error) {
  memset(t, 0, sizeof *t);
  t->spec.name = (char *)"checks";
  t->spec.file = (char *)"checks.csv";
  t->spec.encoding = HF_ENC_AUTO;
  t->spec.on_error = on_error;
  t->spec.fields = t->fields;
  t->pass[0] = (char *)"1";
  t->fail[0] = (char *)"0";
  t->na[0] = (char *)"N/A";
  t->score.pass = (hf_strlist){t->pass, 1};
  t->score.fail = (hf_strlist){t->fail, 1};
  t->score.na = (hf_strlist){t->na, 1};
  t->enums[0] = (char *)"单技能";
  t->enums[1] = (char *)"双技能";
}

static inline hf_field_spec *spec_add(test_spec *t, const char *name, const char *header, hf_field_type type) {
  hf_field_spec *f = &t->fields[t->spec.nfields++];
  f->name = (char *)name;
  f->header = (char *)header;
  f->type = type;
  if (type == HF_T_SCORE) f->score = &t->score;
  if (type == HF_T_ENUM) f->enum_values = (hf_strlist){t->enums, 2};
  return f;
}

/* ------------------------------------------------------------ dump sink */

typedef struct dump {
  hf_buf text;
  long stop_after; /* > 0: the sink fails on that record */
} dump;

static inline hf_status dump_sink(void *ctx, const hf_record *rec, hf_error *err) {
  dump *d = ctx;
  const hf_input_spec *sp = rec->input;
  buf_printf(&d->text, "L%ld", rec->line);
  for (size_t f = 0; f < sp->nfields; f++) {
    const hf_value *v = &rec->values[f];
    assert_int_equal(strlen(v->text), v->len); /* NUL-terminated, no NUL inside */
    buf_printf(&d->text, "|%s=[%s]", sp->fields[f].name, v->text);
    if (v->empty) {
      buf_puts(&d->text, "(empty)");
      continue;
    }
    char iso[11];
    switch (sp->fields[f].type) {
      case HF_T_STRING: break;
      case HF_T_INT: buf_printf(&d->text, "%lld", (long long)v->v.i); break;
      case HF_T_NUMBER: buf_printf(&d->text, "%.17g", v->v.num); break;
      case HF_T_DATE: date_format_iso(v->v.date, iso); buf_puts(&d->text, iso); break;
      case HF_T_TIME: buf_printf(&d->text, "%ds", (int)v->v.seconds); break;
      case HF_T_ENUM: buf_printf(&d->text, "#%d", (int)v->v.enum_index); break;
      case HF_T_SCORE: buf_printf(&d->text, "S%d", (int)v->v.score); break;
      case HF_T_DATETIME: buf_printf(&d->text, "@%lld", (long long)v->v.stamp); break;
    }
  }
  buf_putc(&d->text, '\n');
  if (d->stop_after > 0 && --d->stop_after == 0) {
    snprintf(err->message, sizeof err->message, "sink says stop");
    err->status = HF_ERR_DATA;
    return HF_ERR_DATA;
  }
  return HF_OK;
}

/* ------------------------------------------------------------ runs */

typedef struct run_result {
  hf_status status;
  char *message;  /* err.message, or "" */
  char *records;  /* the dump */
  char *summary;  /* stats: rows, rejected, bytes, encoding, sha256, every reject */
} run_result;

static inline void run_free(run_result *r) {
  free(r->message);
  free(r->records);
  free(r->summary);
}

static inline run_result run_chunked(const hf_input_spec *spec, const void *data, size_t len, size_t chunk) {
  dump d;
  buf_init(&d.text);
  d.stop_after = 0;
  hf_ingest_stats stats;
  hf_error err;
  memset(&err, 0, sizeof err);
  run_result r;
  r.status = ingest_buffer(spec, data, len, chunk, "t.csv", dump_sink, &d, &stats, &err);
  r.message = hf_xstrdup(r.status == HF_OK ? "" : err.message);
  r.records = buf_steal(&d.text);
  hf_buf s;
  buf_init(&s);
  /* After an error, bytes counts what was read before stopping: it depends on the chunking. */
  buf_printf(&s, "rows=%ld rejected=%ld bytes=%llu enc=%s sha=%s\n", stats.rows, stats.rejected,
             r.status == HF_OK ? (unsigned long long)stats.bytes : 0ull, stats.encoding, stats.sha256);
  assert_int_equal((size_t)stats.rejected, stats.nrejects);
  for (size_t i = 0; i < stats.nrejects; i++)
    buf_printf(&s, "R%ld:%d [%s] [%s] %s\n", stats.rejects[i].line, stats.rejects[i].column,
               stats.rejects[i].header, stats.rejects[i].value, stats.rejects[i].message);
  r.summary = buf_steal(&s);
  ingest_stats_free(&stats);
  return r;
}

/* Parses whole, then in chunks of 1, 2, 3, 7 and 64 bytes; asserts every run
** gives the same status, message, records and stats; returns the whole run. */
static inline run_result run_all(const hf_input_spec *spec, const void *data, size_t len) {
  static const size_t chunks[] = {1, 2, 3, 7, 64};
  run_result whole = run_chunked(spec, data, len, 0);
  for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
    run_result c = run_chunked(spec, data, len, chunks[i]);
    assert_int_equal(c.status, whole.status);
    assert_string_equal(c.message, whole.message);
    assert_string_equal(c.records, whole.records);
    assert_string_equal(c.summary, whole.summary);
    run_free(&c);
  }
  return whole;
}

static inline run_result run_str(const hf_input_spec *spec, const char *csv) {
  return run_all(spec, csv, strlen(csv));
}

/* Asserts that haystack contains every one of the NULL-terminated needles. */
static inline void assert_contains_all(const char *haystack, ...) {
  va_list ap;
  va_start(ap, haystack);
  for (const char *n = va_arg(ap, const char *); n; n = va_arg(ap, const char *)) {
    if (!strstr(haystack, n)) {
      print_error("「%s」 does not contain 「%s」\n", haystack, n);
      fail();
    }
  }
  va_end(ap);
}

/* The one-line contract of every message. */
static inline void assert_one_line(const char *msg) { assert_null(strchr(msg, '\n')); }

#endif
