/*
** table_rows.c — the row writer and row cursor of results tables, and the
** spill file behind long tables.
**
** Spill format (private to this file, never kept): per row a u32 byte length,
** then per column one kind byte and the payload — STR: u32 length + bytes +
** NUL; INT: int64; NUM: double; BOOL: one byte; NULL: nothing. The row length
** lets the cursor read a row with one fread and point strings into it. Native
** byte order: the file lives and dies inside one process (tmpfile()).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/diag.h"
#include "report/results.h"

typedef struct hf_spill {
  FILE *fp;
  int write_failed;
  size_t rows;
  hf_buf row;  /* the row being written: one fwrite per row, not per cell */
} hf_spill;

void table_spill_after(hf_table *t, size_t resident_rows) { t->resident_limit = resident_rows; }

void table_spill_free(hf_table *t) {
  if (!t->spill) return;
  if (t->spill->fp) fclose(t->spill->fp);
  buf_free(&t->spill->row);
  free(t->spill);
  t->spill = NULL;
}

hf_table *table_new_stage(size_t ncols) {
  hf_table *t = hf_xcalloc(1, sizeof *t);
  t->ncols = ncols;
  table_spill_after(t, 1);
  return t;
}

void table_free(hf_table *t) {
  if (!t) return;
  table_spill_free(t);
  free(t->cells);
  free(t);
}

static void spill_write(hf_table *t, const void *p, size_t n) { buf_append(&t->spill->row, p, n); }

void table_row_begin(hf_row_writer *w, hf_results *r, hf_table *t) {
  w->r = r;
  w->t = t;
  w->col = 0;
  if (t->resident_limit == 0 || t->nrows < t->resident_limit) {
    w->cells = table_add_row(t);
    return;
  }
  if (!t->spill) {
    t->spill = hf_xcalloc(1, sizeof *t->spill);
    t->spill->fp = tmpfile();
    if (t->spill->fp) setvbuf(t->spill->fp, NULL, _IOFBF, 1 << 20);
    buf_init(&t->spill->row);
  }
  buf_reset(&t->spill->row);
  w->cells = NULL;
  t->nrows++;
  t->spill->rows++;
}

static void put_kind(hf_row_writer *w, hf_cell_kind k) {
  unsigned char b = (unsigned char)k;
  spill_write(w->t, &b, 1);
}

void row_null(hf_row_writer *w) {
  if (!w->cells) put_kind(w, HF_CELL_NULL);
  w->col++;
}

void row_str(hf_row_writer *w, const char *s, size_t n) {
  if (w->cells) {
    cell_strn(w->r, &w->cells[w->col++], s, n);
    return;
  }
  uint32_t len = (uint32_t)n;
  put_kind(w, HF_CELL_STR);
  spill_write(w->t, &len, sizeof len);
  spill_write(w->t, s, n);
  spill_write(w->t, "", 1);  /* the NUL the cursor's cells point at */
  w->col++;
}

void row_int(hf_row_writer *w, int64_t v) {
  if (w->cells) {
    cell_int(&w->cells[w->col++], v);
    return;
  }
  put_kind(w, HF_CELL_INT);
  spill_write(w->t, &v, sizeof v);
  w->col++;
}

void row_num(hf_row_writer *w, double v) {
  if (w->cells) {
    cell_num(&w->cells[w->col++], v);
    return;
  }
  put_kind(w, HF_CELL_NUM);
  spill_write(w->t, &v, sizeof v);
  w->col++;
}

void row_bool(hf_row_writer *w, bool v) {
  if (w->cells) {
    cell_bool(&w->cells[w->col++], v);
    return;
  }
  unsigned char b = v;
  put_kind(w, HF_CELL_BOOL);
  spill_write(w->t, &b, 1);
  w->col++;
}

void table_row_end(hf_row_writer *w) {
  /* Columns the caller left out are null, in memory and in the spill. */
  while (w->col < w->t->ncols) row_null(w);
  if (w->cells) return;
  hf_spill *sp = w->t->spill;
  uint32_t len = (uint32_t)sp->row.len;
  if (!sp->fp || fwrite(&len, sizeof len, 1, sp->fp) != 1 || fwrite(sp->row.data, 1, sp->row.len, sp->fp) != sp->row.len)
    sp->write_failed = 1;
}

/* ------------------------------------------------------------ cursor */

void table_cursor_open(hf_row_cursor *c, const hf_table *t) {
  memset(c, 0, sizeof *c);
  c->t = t;
  if (t->spill) {
    hf_spill *sp = t->spill;
    if (sp->write_failed || !sp->fp || fflush(sp->fp) != 0 || fseek(sp->fp, 0, SEEK_SET) != 0)
      c->failed = 1;
    c->row = hf_xcalloc(t->ncols ? t->ncols : 1, sizeof *c->row);
  }
}

/* Decodes one spilled row: one fread of the whole row into c->text, then the
** cells are taken from it (strings point into it, NUL-terminated there). */
static const hf_cell *decode_spilled(hf_row_cursor *c) {
  const hf_table *t = c->t;
  FILE *fp = t->spill->fp;
  uint32_t len;
  if (fread(&len, sizeof len, 1, fp) != 1) return NULL;
  if (len > c->text_cap) {
    c->text_cap = (size_t)len * 2;
    c->text = hf_xrealloc(c->text, c->text_cap);
  }
  if (fread(c->text, 1, len, fp) != len) return NULL;
  const char *p = c->text, *end = c->text + len;
  for (size_t i = 0; i < t->ncols; i++) {
    if (p >= end) return NULL;
    hf_cell *cell = &c->row[i];
    cell->kind = (hf_cell_kind)(unsigned char)*p++;
    switch (cell->kind) {
      case HF_CELL_NULL: break;
      case HF_CELL_STR: {
        uint32_t n;
        if ((size_t)(end - p) < sizeof n) return NULL;
        memcpy(&n, p, sizeof n);
        p += sizeof n;
        if ((size_t)(end - p) < (size_t)n + 1) return NULL;
        cell->u.s = p;
        p += n + 1;
        break;
      }
      case HF_CELL_INT:
        if ((size_t)(end - p) < sizeof cell->u.i) return NULL;
        memcpy(&cell->u.i, p, sizeof cell->u.i);
        p += sizeof cell->u.i;
        break;
      case HF_CELL_NUM:
        if ((size_t)(end - p) < sizeof cell->u.d) return NULL;
        memcpy(&cell->u.d, p, sizeof cell->u.d);
        p += sizeof cell->u.d;
        break;
      case HF_CELL_BOOL:
        if (p >= end) return NULL;
        cell->u.b = *p++ != 0;
        break;
      default: return NULL;
    }
  }
  return p == end ? c->row : NULL;
}

const hf_cell *table_cursor_next(hf_row_cursor *c) {
  const hf_table *t = c->t;
  if (c->failed || c->next >= t->nrows) return NULL;
  size_t resident = t->nrows - (t->spill ? t->spill->rows : 0);
  const hf_cell *row;
  if (c->next < resident) {
    row = table_row(t, c->next);
  } else {
    row = decode_spilled(c);
    if (!row) {
      c->failed = 1;
      return NULL;
    }
  }
  c->next++;
  return row;
}

bool table_cursor_close(hf_row_cursor *c) {
  bool ok = !c->failed && c->next == c->t->nrows;
  free(c->row);
  free(c->text);
  memset(c, 0, sizeof *c);
  return ok;
}
