/*
** json.c — the results.json writer.
*/
#include "render/json.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/outfile.h"

#define RESULTS_SCHEMA_VERSION 1

/* Writes s as a JSON string. Runs of bytes that need no escape go out in one
** fwrite: results.json of a million-row month holds ~27 MB of text, and a
** locked putc per byte cost a sixth of the whole run. */
static void put_string(FILE *fp, const char *s) {
  if (!s) {
    fputs("null", fp);
    return;
  }
  putc('"', fp);
  const unsigned char *run = (const unsigned char *)s, *p = run;
  for (;; p++) {
    unsigned char ch = *p;
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    if (p > run) fwrite(run, 1, (size_t)(p - run), fp);
    run = p + 1;
    switch (ch) {
      case '\0': putc('"', fp); return;
      case '"': fputs("\\\"", fp); break;
      case '\\': fputs("\\\\", fp); break;
      case '\n': fputs("\\n", fp); break;
      case '\r': fputs("\\r", fp); break;
      case '\t': fputs("\\t", fp); break;
      default: fprintf(fp, "\\u%04x", ch);
    }
  }
}

/* Writes `prefix` (punctuation and a quoted key) then the string value. */
static void put_keyed(FILE *fp, const char *prefix, const char *value) {
  fputs(prefix, fp);
  put_string(fp, value);
}

static void put_number(FILE *fp, double d) {
  char num[32];
  format_double(d, num);
  fputs(num, fp);
}

static void put_cell(FILE *fp, const hf_cell *c) {
  switch (c->kind) {
    case HF_CELL_NULL: fputs("null", fp); break;
    case HF_CELL_STR: put_string(fp, c->u.s); break;
    case HF_CELL_INT: fprintf(fp, "%lld", (long long)c->u.i); break;
    case HF_CELL_NUM: put_number(fp, c->u.d); break;
    case HF_CELL_BOOL: fputs(c->u.b ? "true" : "false", fp); break;
  }
}

/* Returns false when a spilled table could not be read back. */
static bool put_table(FILE *fp, const hf_table *t) {
  fputs("    ", fp);
  put_string(fp, t->id);
  fputs(": {\n      \"title\": ", fp);
  put_string(fp, t->title);
  if (t->note) {
    fputs(",\n      \"note\": ", fp);
    put_string(fp, t->note);
  }
  if (t->no_pdf) fputs(",\n      \"pdf\": false", fp);
  fputs(",\n      \"columns\": [", fp);
  for (size_t c = 0; c < t->ncols; c++) {
    fputs(c ? ",\n        {\"id\": " : "\n        {\"id\": ", fp);
    put_string(fp, t->cols[c].id);
    fputs(", \"label\": ", fp);
    put_string(fp, t->cols[c].label);
    fprintf(fp, ", \"format\": \"%s\"}", format_name(t->cols[c].format));
  }
  fputs("\n      ],\n      \"rows\": [", fp);
  hf_row_cursor cur;
  table_cursor_open(&cur, t);
  const hf_cell *row;
  for (size_t r = 0; (row = table_cursor_next(&cur)) != NULL; r++) {
    fputs(r ? ",\n        {" : "\n        {", fp);
    for (size_t c = 0; c < t->ncols; c++) {
      if (c) fputs(", ", fp);
      put_string(fp, t->cols[c].id);
      fputs(": ", fp);
      put_cell(fp, &row[c]);
    }
    putc('}', fp);
  }
  fputs(t->nrows ? "\n      ]\n    }" : "]\n    }", fp);
  return table_cursor_close(&cur);
}

/* Returns the id of a table whose spilled rows could not be read back, or NULL. */
static const char *write_results(FILE *fp, const hf_results *r) {
  const char *failed = NULL;
  fputs("{\n  \"huifang\": ", fp);
  put_string(fp, r->version);
  fprintf(fp, ",\n  \"schema\": %d", RESULTS_SCHEMA_VERSION);
  put_keyed(fp, ",\n  \"policy\": {\"name\": ", r->policy_name);
  put_keyed(fp, ", \"file\": ", r->policy_file);
  put_keyed(fp, ", \"sha256\": ", r->policy_sha256);
  put_keyed(fp, "},\n  \"title\": ", r->title);
  put_keyed(fp, ",\n  \"company\": ", r->company);
  put_keyed(fp, ",\n  \"period\": {\"from\": ", r->period_from);
  put_keyed(fp, ", \"to\": ", r->period_to);
  put_keyed(fp, "},\n  \"as_of\": ", r->as_of);
  if (r->seed) put_keyed(fp, ",\n  \"seed\": ", r->seed);

  fputs(",\n  \"inputs\": [", fp);
  for (size_t i = 0; i < r->ninputs; i++) {
    const hf_input_info *in = &r->inputs[i];
    fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
    put_string(fp, in->name);
    put_keyed(fp, ", \"file\": ", in->file);
    put_keyed(fp, ", \"sha256\": ", in->sha256);
    put_keyed(fp, ", \"encoding\": ", in->encoding);
    fprintf(fp, ", \"rows\": %lld, \"rejected\": %lld}", (long long)in->rows, (long long)in->rejected);
  }
  fputs(r->ninputs ? "\n  ]" : "]", fp);

  fputs(",\n  \"kpis\": {", fp);
  for (size_t i = 0; i < r->nkpis; i++) {
    const hf_kpi *k = &r->kpis[i];
    fputs(i ? ",\n    " : "\n    ", fp);
    put_string(fp, k->id);
    fputs(": {\"label\": ", fp);
    put_string(fp, k->label);
    fputs(", \"value\": ", fp);
    put_number(fp, k->value);
    fprintf(fp, ", \"format\": \"%s\"", format_name(k->format));
    if (k->has_target) {
      fputs(", \"target\": ", fp);
      put_number(fp, k->target);
      fprintf(fp, ", \"met\": %s", k->met ? "true" : "false");
    }
    if (k->detail) {
      fputs(", \"detail\": ", fp);
      put_string(fp, k->detail);
    }
    putc('}', fp);
  }
  fputs(r->nkpis ? "\n  }" : "}", fp);

  fputs(",\n  \"tables\": {", fp);
  for (size_t i = 0; i < r->ntables; i++) {
    fputs(i ? ",\n" : "\n", fp);
    if (!put_table(fp, r->tables[i]) && !failed) failed = r->tables[i]->id;
  }
  fputs(r->ntables ? "\n  }" : "}", fp);

  fputs(",\n  \"warnings\": [", fp);
  for (size_t i = 0; i < r->nwarnings; i++) {
    fputs(i ? ",\n    " : "\n    ", fp);
    put_string(fp, r->warnings[i]);
  }
  fputs(r->nwarnings ? "\n  ]\n}\n" : "]\n}\n", fp);
  return failed;
}

hf_status render_json(const hf_results *r, const char *path, hf_error *err) {
  hf_outfile of;
  hf_status st = outfile_open(&of, path, err);
  if (st != HF_OK) return st;
  const char *failed = write_results(of.fp, r);
  if (failed) {
    outfile_abort(&of);
    return hf_fail(err, HF_ERR_IO, "%s：表 %s 的临时文件读写失败（磁盘已满？），未写出", path, failed);
  }
  return outfile_commit(&of, err);
}
