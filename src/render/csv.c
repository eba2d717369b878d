/*
** csv.c — the CSV table writer.
*/
#include "render/csv.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/outfile.h"

static void put_field(FILE *fp, const char *s) {
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, fp);
    return;
  }
  /* Quoted: every '"' doubled; the runs between quotes go out in one write. */
  putc('"', fp);
  for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
    fwrite(s, 1, (size_t)(q - s + 1), fp);
    putc('"', fp);
  }
  fputs(s, fp);
  putc('"', fp);
}

static void put_cell(FILE *fp, const hf_cell *c) {
  char num[32];
  switch (c->kind) {
    case HF_CELL_NULL: break;
    case HF_CELL_STR: put_field(fp, c->u.s); break;
    case HF_CELL_INT: fprintf(fp, "%lld", (long long)c->u.i); break;
    case HF_CELL_NUM:
      format_double(c->u.d, num);
      fputs(num, fp);
      break;
    case HF_CELL_BOOL: fputs(c->u.b ? "是" : "否", fp); break;
  }
}

static hf_status write_table(const hf_table *t, const char *path, hf_error *err) {
  hf_outfile of;
  hf_status st = outfile_open(&of, path, err);
  if (st != HF_OK) return st;
  FILE *fp = of.fp;
  fputs("\xEF\xBB\xBF", fp);
  for (size_t c = 0; c < t->ncols; c++) {
    if (c) putc(',', fp);
    put_field(fp, t->cols[c].label);
  }
  fputs("\r\n", fp);
  hf_row_cursor cur;
  table_cursor_open(&cur, t);
  const hf_cell *row;
  while ((row = table_cursor_next(&cur)) != NULL) {
    for (size_t c = 0; c < t->ncols; c++) {
      if (c) putc(',', fp);
      put_cell(fp, &row[c]);
    }
    fputs("\r\n", fp);
  }
  if (!table_cursor_close(&cur)) {
    outfile_abort(&of);
    return hf_fail(err, HF_ERR_IO, "%s：表 %s 的临时文件读写失败（磁盘已满？），未写出", path, t->id);
  }
  return outfile_commit(&of, err);
}

hf_status render_csv_tables(const hf_results *r, const char *dir, hf_error *err) {
  hf_buf path;
  buf_init(&path);
  hf_status st = HF_OK;
  for (size_t i = 0; i < r->ntables && st == HF_OK; i++) {
    buf_reset(&path);
    buf_printf(&path, "%s/%s.csv", dir, r->tables[i]->id);
    st = write_table(r->tables[i], path.data, err);
  }
  buf_free(&path);
  return st;
}
