/*
** table_rows.c — the row writer and row cursor of results tables, and the
** spill file behind long tables.
**
** Spill format (private to this file, never kept): per row, per column one
** kind byte then the payload — STR: u32 length + bytes; INT: int64; NUM:
** double; BOOL: one byte; NULL: nothing. Native byte order: the file lives and
** dies inside one process (tmpfile(), unlinked at creation).
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
  if (!sp->fp || fwrite(sp->row.data, 1, sp->row.len, sp->fp) != sp->row.len) sp->write_failed = 1;
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

static int read_exact(FILE *fp, void *p, size_t n) { return fread(p, 1, n, fp) == n; }

/* Decodes one spilled row: strings are read into c->text first and the cell
** pointers set afterwards, since the text buffer may move while it grows. */
static const hf_cell *decode_spilled(hf_row_cursor *c) {
  const hf_table *t = c->t;
  FILE *fp = t->spill->fp;
  size_t used = 0;
  for (size_t i = 0; i < t->ncols; i++) {
    unsigned char kind;
    if (!read_exact(fp, &kind, 1)) return NULL;
    hf_cell *cell = &c->row[i];
    cell->kind = (hf_cell_kind)kind;
    switch (cell->kind) {
      case HF_CELL_NULL: break;
      case HF_CELL_STR: {
        uint32_t len;
        if (!read_exact(fp, &len, sizeof len)) return NULL;
        if (used + len + 1 > c->text_cap) {
          c->text_cap = (used + len + 1) * 2;
          c->text = hf_xrealloc(c->text, c->text_cap);
        }
        if (!read_exact(fp, c->text + used, len)) return NULL;
        c->text[used + len] = '\0';
        cell->u.i = (int64_t)used;  /* offset until the buffer settles */
        used += len + 1;
        break;
      }
      case HF_CELL_INT:
        if (!read_exact(fp, &cell->u.i, sizeof cell->u.i)) return NULL;
        break;
      case HF_CELL_NUM:
        if (!read_exact(fp, &cell->u.d, sizeof cell->u.d)) return NULL;
        break;
      case HF_CELL_BOOL: {
        unsigned char b;
        if (!read_exact(fp, &b, 1)) return NULL;
        cell->u.b = b != 0;
        break;
      }
      default: return NULL;
    }
  }
  for (size_t i = 0; i < t->ncols; i++)
    if (c->row[i].kind == HF_CELL_STR) c->row[i].u.s = c->text + c->row[i].u.i;
  return c->row;
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
