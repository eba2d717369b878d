/*
** json.c — the results.json writer.
*/
#include "render/json.h"

#include <stdio.h>
#include <string.h>

#include "common/outfile.h"

#define RESULTS_SCHEMA_VERSION 1

static void put_string(FILE *fp, const char *s) {
  if (!s) {
    fputs("null", fp);
    return;
  }
  putc('"', fp);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", fp); break;
      case '\\': fputs("\\\\", fp); break;
      case '\n': fputs("\\n", fp); break;
      case '\r': fputs("\\r", fp); break;
      case '\t': fputs("\\t", fp); break;
      default:
        if (*p < 0x20) fprintf(fp, "\\u%04x", *p);
        else putc(*p, fp);
    }
  }
  putc('"', fp);
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

static const char *format_name(hf_format f) {
  switch (f) {
    case HF_FMT_TEXT: return "text";
    case HF_FMT_INT: return "int";
    case HF_FMT_NUMBER: return "number";
    case HF_FMT_PERCENT: return "percent";
    case HF_FMT_BOOL: return "bool";
    case HF_FMT_DATE: return "date";
  }
  return "text";
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

static void put_table(FILE *fp, const hf_table *t) {
  fputs("    ", fp);
  put_string(fp, t->id);
  fputs(": {\n      \"title\": ", fp);
  put_string(fp, t->title);
  if (t->note) {
    fputs(",\n      \"note\": ", fp);
    put_string(fp, t->note);
  }
  fputs(",\n      \"columns\": [", fp);
  for (size_t c = 0; c < t->ncols; c++) {
    fputs(c ? ",\n        {\"id\": " : "\n        {\"id\": ", fp);
    put_string(fp, t->cols[c].id);
    fputs(", \"label\": ", fp);
    put_string(fp, t->cols[c].label);
    fprintf(fp, ", \"format\": \"%s\"}", format_name(t->cols[c].format));
  }
  fputs("\n      ],\n      \"rows\": [", fp);
  for (size_t r = 0; r < t->nrows; r++) {
    const hf_cell *row = table_row(t, r);
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
}

static void write_results(FILE *fp, const hf_results *r) {
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
    put_table(fp, r->tables[i]);
  }
  fputs(r->ntables ? "\n  }" : "}", fp);

  fputs(",\n  \"warnings\": [", fp);
  for (size_t i = 0; i < r->nwarnings; i++) {
    fputs(i ? ",\n    " : "\n    ", fp);
    put_string(fp, r->warnings[i]);
  }
  fputs(r->nwarnings ? "\n  ]\n}\n" : "]\n}\n", fp);
}

hf_status render_json(const hf_results *r, const char *path, hf_error *err) {
  hf_outfile of;
  hf_status st = outfile_open(&of, path, err);
  if (st != HF_OK) return st;
  write_results(of.fp, r);
  return outfile_commit(&of, err);
}
