/*
** pdf_table.c — one results table across pages: section title and note,
** column widths from content, a shaded header row repeated on every page the
** table continues on, zebra rows, numbers right-aligned and formatted per
** column, wrapped text per character. A row is never split across pages
** unless it is taller than a page.
*/
#include "render/pdf_doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY 8.5f          /* body text size */
#define LEAD 12.0f         /* line height in a cell */
#define PADX 4.0f
#define PADY 2.5f
#define MEASURE_ROWS 300   /* column widths come from this many rows */
#define WRAP_MIN 110.0f    /* a wrap column gets at least this much when it can */
#define TEXT_CAP 120.0f    /* a text column of a too-wide table is at most this wide */

typedef struct tbl {
  const hf_table *t;
  const size_t *col;       /* the printed columns: indexes into t->cols, in order */
  size_t n;                /* how many */
  size_t shown;            /* rows printed */
  float *w;                /* column widths */
  int *align;              /* 0 left, 1 centre, 2 right */
  hf_buf *text;            /* per column: the current row's cleaned text */
  pdf_lines *lines;        /* per column: its wrapped lines */
  hf_buf *htext;           /* the header row, prepared once */
  pdf_lines *hlines;
  float head_h;
} tbl;

/* -------------------------------------------------------------- formats */

const char *pdf_format_value(hf_format fmt, double v, char buf[64]) {
  if (!isfinite(v)) return "—";
  switch (fmt) {
    case HF_FMT_PERCENT: {
      double x = v * 100.0;
      if (fabs(x) < 0.05) x = 0;
      snprintf(buf, 64, "%.1f%%", x);
      return buf;
    }
    case HF_FMT_INT: snprintf(buf, 64, "%.0f", fabs(v) < 0.5 ? 0.0 : v); return buf;
    case HF_FMT_NUMBER: snprintf(buf, 64, "%.2f", fabs(v) < 0.005 ? 0.0 : v); return buf;
    case HF_FMT_BOOL: return v != 0 ? "是" : "否";
    case HF_FMT_TEXT:
    case HF_FMT_DATE: break;
  }
  char tmp[32];
  format_double(v, tmp);
  snprintf(buf, 64, "%s", tmp);
  return buf;
}

static const char *cell_text(const hf_column *col, const hf_cell *cell, char buf[64]) {
  switch (cell->kind) {
    case HF_CELL_NULL: return "—";
    case HF_CELL_STR: return cell->u.s ? cell->u.s : "";
    case HF_CELL_BOOL: return cell->u.b ? "是" : "否";
    case HF_CELL_INT:
      if (col->format == HF_FMT_PERCENT || col->format == HF_FMT_NUMBER)
        return pdf_format_value(col->format, (double)cell->u.i, buf);
      snprintf(buf, 64, "%lld", (long long)cell->u.i);
      return buf;
    case HF_CELL_NUM: return pdf_format_value(col->format, cell->u.d, buf);
  }
  return "";
}

static int column_align(const hf_column *col) {
  switch (col->format) {
    case HF_FMT_INT:
    case HF_FMT_NUMBER:
    case HF_FMT_PERCENT: return 2;
    case HF_FMT_BOOL: return 1;
    default: return 0;
  }
}

/* -------------------------------------------------------------- widths */

/* Water-filling: each column in idx gets min(want, equal share of room). */
static void share_room(float *w, const float *want, const size_t *idx, size_t k, float room) {
  bool *done = hf_xcalloc(k ? k : 1, sizeof *done);
  size_t left = k;
  bool changed = true;
  while (left && changed) {
    changed = false;
    float share = room / (float)left;
    for (size_t j = 0; j < k; j++)
      if (!done[j] && want[idx[j]] <= share) {
        w[idx[j]] = want[idx[j]];
        room -= want[idx[j]];
        done[j] = true;
        left--;
        changed = true;
      }
  }
  for (size_t j = 0; j < k; j++)
    if (!done[j]) w[idx[j]] = room / (float)left;
  free(done);
}

/* Columns that never shrink below their content when a table is too wide:
** numbers, and dates (a date broken as "2024-02-" / "17" is unreadable). */
static bool rigid_column(const hf_column *col) { return column_align(col) != 0 || col->format == HF_FMT_DATE; }

static void layout_columns(pdf_ctx *c, tbl *b) {
  const hf_table *t = b->t;
  size_t n = b->n, measure = b->shown < MEASURE_ROWS ? b->shown : MEASURE_ROWS;
  float *want = hf_xcalloc(n, sizeof *want), *labw = hf_xcalloc(n, sizeof *labw);
  float *valw = hf_xcalloc(n, sizeof *valw);
  size_t *wraps = hf_xcalloc(n, sizeof *wraps), nwrap = 0;
  char num[64];
  float fixed = 0, wrapmin = 0, total = 0;
  for (size_t i = 0; i < n; i++) {
    const hf_column *col = &t->cols[b->col[i]];
    labw[i] = pdf_width_raw(c, col->label, BODY);
    for (size_t r = 0; r < measure; r++) {
      float x = pdf_width_raw(c, cell_text(col, &table_row(t, r)[b->col[i]], num), BODY);
      if (x > valw[i]) valw[i] = x;
    }
    want[i] = (valw[i] > labw[i] ? valw[i] : labw[i]) + 2 * PADX + 0.5f;
    if (col->wrap) {
      wraps[nwrap++] = i;
      wrapmin += want[i] < WRAP_MIN ? want[i] : WRAP_MIN;
    } else {
      fixed += want[i];
    }
    total += want[i];
  }
  if (total <= c->content_w) {
    /* Everything fits on one line: spread the spare room over all columns. */
    for (size_t i = 0; i < n; i++) b->w[i] = want[i] + (c->content_w - total) * want[i] / total;
  } else if (fixed + wrapmin <= c->content_w) {
    /* Fixed columns as wide as their content, wrap columns share the rest. */
    for (size_t i = 0; i < n; i++) b->w[i] = want[i];
    share_room(b->w, want, wraps, nwrap, c->content_w - fixed);
  } else {
    /* Too wide: labels wrap to about four characters, long text columns
    ** are capped (their cells wrap), wrap columns get their minimum; then
    ** text columns give way before numbers, and only then everything. */
    float sum = 0, text_sum = 0;
    for (size_t i = 0; i < n; i++) {
      float lab = labw[i] < 4 * BODY ? labw[i] : 4 * BODY;
      float v = valw[i];
      bool numeric = rigid_column(&t->cols[b->col[i]]);
      if (!numeric && v > TEXT_CAP) v = TEXT_CAP;
      b->w[i] = (v > lab ? v : lab) + 2 * PADX + 0.5f;
      if (t->cols[b->col[i]].wrap) b->w[i] = WRAP_MIN;
      sum += b->w[i];
      if (!numeric) text_sum += b->w[i];
    }
    const float text_min = 3 * BODY + 2 * PADX;
    if (sum > c->content_w && text_sum > 0) {
      float excess = sum - c->content_w, room = 0;
      for (size_t i = 0; i < n; i++)
        if (!rigid_column(&t->cols[b->col[i]]) && b->w[i] > text_min) room += b->w[i] - text_min;
      float k = room > 0 ? (excess < room ? excess / room : 1.0f) : 0;
      sum = 0;
      for (size_t i = 0; i < n; i++) {
        if (!rigid_column(&t->cols[b->col[i]]) && b->w[i] > text_min) b->w[i] -= (b->w[i] - text_min) * k;
        sum += b->w[i];
      }
    }
    if (sum < c->content_w && nwrap > 0)
      for (size_t j = 0; j < nwrap; j++) b->w[wraps[j]] += (c->content_w - sum) / (float)nwrap;
    else
      for (size_t i = 0; i < n; i++) b->w[i] *= c->content_w / sum;
  }
  free(want);
  free(labw);
  free(valw);
  free(wraps);
}

/* ------------------------------------------------------------- row prep */

static float prepare_cells(pdf_ctx *c, tbl *b, size_t row) {
  const hf_table *t = b->t;
  size_t most = 1;
  char num[64];
  for (size_t i = 0; i < b->n; i++) {
    const hf_column *col = &t->cols[b->col[i]];
    pdf_where where = {NULL, t->title ? t->title : t->id, row + 1, col->label};
    const char *s = cell_text(col, &table_row(t, row)[b->col[i]], num);
    const char *clean = pdf_clean(c, s, &where, col->wrap, &b->text[i]);
    pdf_wrap(c, clean, BODY, b->w[i] - 2 * PADX, &b->lines[i]);
    if (b->lines[i].n > most) most = b->lines[i].n;
  }
  return (float)most * LEAD + 2 * PADY;
}

static void prepare_header(pdf_ctx *c, tbl *b) {
  const hf_table *t = b->t;
  size_t most = 1;
  for (size_t i = 0; i < b->n; i++) {
    const char *label = t->cols[b->col[i]].label;
    pdf_where where = {NULL, t->title ? t->title : t->id, 0, label};
    const char *clean = pdf_clean(c, label, &where, false, &b->htext[i]);
    pdf_wrap(c, clean, BODY, b->w[i] - 2 * PADX, &b->hlines[i]);
    if (b->hlines[i].n > most) most = b->hlines[i].n;
  }
  b->head_h = (float)most * LEAD + 2 * PADY;
}

/* ------------------------------------------------------------- drawing */

/* Draws lines [from, to) of every column in a band of height h at c->y. */
static void draw_band(pdf_ctx *c, tbl *b, hf_buf *text, pdf_lines *lines, size_t from, size_t to, float h,
                      const pdf_rgb *fill, pdf_rgb ink, bool bold) {
  if (fill) pdf_fill_rect(c, PDF_MARGIN, c->y - h, c->content_w, h, *fill);
  float x = PDF_MARGIN;
  float base = pdf_baseline(c, BODY, LEAD);
  for (size_t i = 0; i < b->n; i++) {
    for (size_t k = from; k < to && k < lines[i].n; k++) {
      const pdf_line *ln = &lines[i].v[k];
      float lx = b->align[i] == 2 ? x + b->w[i] - PADX - ln->width
                 : b->align[i] == 1 ? x + (b->w[i] - ln->width) / 2
                                    : x + PADX;
      float y = c->y - PADY - (float)(k - from) * LEAD - base;
      pdf_draw(c, lx, y, text[i].data + ln->off, ln->len, BODY, ink, bold);
    }
    x += b->w[i];
  }
  c->y -= h;
}

static void draw_header(pdf_ctx *c, tbl *b) {
  draw_band(c, b, b->htext, b->hlines, 0, (size_t)-1, b->head_h, &c->primary, PDF_WHITE, true);
}

/* A new page for a continuing table: "<title>（续）" and the header again. */
static void continue_page(pdf_ctx *c, tbl *b) {
  pdf_new_page(c);
  char cont[512];
  snprintf(cont, sizeof cont, "%s（续）", b->t->title ? b->t->title : b->t->id);
  pdf_where where = {"表格续页标题", NULL, 0, NULL};
  pdf_text(c, PDF_MARGIN, c->y - 11, cont, &where, 9, c->content_w, 0, PDF_GREY, false);
  c->y -= 18;
  draw_header(c, b);
}

static void draw_row(pdf_ctx *c, tbl *b, size_t row, float h) {
  const pdf_rgb *fill = row % 2 ? &PDF_ZEBRA : NULL;
  if (c->y - h >= PDF_BOTTOM) {
    draw_band(c, b, b->text, b->lines, 0, (size_t)-1, h, fill, PDF_INK, false);
    return;
  }
  float page_room = c->top - PDF_BOTTOM - 18 - b->head_h;
  if (h <= page_room) {
    continue_page(c, b);
    draw_band(c, b, b->text, b->lines, 0, (size_t)-1, h, fill, PDF_INK, false);
    return;
  }
  /* Taller than a page: split it by lines. */
  size_t total = (size_t)((h - 2 * PADY) / LEAD + 0.5f), k = 0;
  while (k < total) {
    size_t fit = c->y - PDF_BOTTOM > 2 * PADY ? (size_t)((c->y - PDF_BOTTOM - 2 * PADY) / LEAD) : 0;
    if (fit == 0) {
      continue_page(c, b);
      continue;
    }
    size_t to = k + fit < total ? k + fit : total;
    draw_band(c, b, b->text, b->lines, k, to, (float)(to - k) * LEAD + 2 * PADY, fill, PDF_INK, false);
    k = to;
  }
}

void pdf_section_title(pdf_ctx *c, const char *title, float keep) {
  if (c->page && c->y < c->top - 1) c->y -= 10;
  pdf_need(c, 24 + keep);
  pdf_bookmark(c, title);
  pdf_fill_rect(c, PDF_MARGIN, c->y - 17, 3.5f, 14, c->primary);
  pdf_where where = {"章节标题", NULL, 0, NULL};
  pdf_text(c, PDF_MARGIN + 9, c->y - 14.5f, title, &where, 12.5f, c->content_w - 9, 0, PDF_INK, true);
  c->y -= 24;
}

void pdf_table(pdf_ctx *c, const hf_table *t, const size_t *cols, size_t ncols) {
  tbl b;
  memset(&b, 0, sizeof b);
  b.t = t;
  size_t *all = NULL;
  if (!cols) {
    all = hf_xcalloc(t->ncols ? t->ncols : 1, sizeof *all);
    for (size_t i = 0; i < t->ncols; i++) all[i] = i;
    cols = all;
    ncols = t->ncols;
  }
  b.col = cols;
  b.n = ncols;
  b.shown = t->pdf_limit > 0 && t->nrows > t->pdf_limit ? t->pdf_limit : t->nrows;
  /* The PDF reads rows by index, so only resident rows (never spilled ones). */
  if (t->resident_limit && b.shown > t->resident_limit) b.shown = t->resident_limit;
  size_t n = b.n ? b.n : 1;
  b.w = hf_xcalloc(n, sizeof *b.w);
  b.align = hf_xcalloc(n, sizeof *b.align);
  b.text = hf_xcalloc(n, sizeof *b.text);
  b.lines = hf_xcalloc(n, sizeof *b.lines);
  b.htext = hf_xcalloc(n, sizeof *b.htext);
  b.hlines = hf_xcalloc(n, sizeof *b.hlines);
  for (size_t i = 0; i < b.n; i++) b.align[i] = column_align(&t->cols[b.col[i]]);
  const char *title = t->title ? t->title : t->id;
  pdf_where note_where = {NULL, NULL, 0, NULL};
  char where_buf[512];
  snprintf(where_buf, sizeof where_buf, "表「%s」的说明", title);
  note_where.text = where_buf;

  if (b.shown == 0 || b.n == 0) {
    pdf_section_title(c, title, 40);
    if (t->note) pdf_paragraph(c, PDF_MARGIN, t->note, &note_where, 8.5f, 12, c->content_w, PDF_GREY, true);
    pdf_where where = {"空表说明", NULL, 0, NULL};
    pdf_text(c, PDF_MARGIN, c->y - 13, "（无）", &where, 9, 0, 0, PDF_GREY, false);
    c->y -= 18;
  } else {
    layout_columns(c, &b);
    prepare_header(c, &b);
    /* Keep the title with the header and the first rows (up to 3). */
    float keep = b.head_h, note_h = 0;
    if (t->note) {
      pdf_lines nl = {NULL, 0, 0};
      pdf_wrap(c, pdf_clean(c, t->note, &note_where, true, &c->scratch), 8.5f, c->content_w, &nl);
      note_h = (float)nl.n * 12 + 4;
      pdf_lines_free(&nl);
    }
    for (size_t r = 0; r < b.shown && r < 3; r++) keep += prepare_cells(c, &b, r);
    if (b.shown <= 3 && b.shown < t->nrows) keep += 16;   /* a short table keeps its "另有 N 行" line too */
    pdf_section_title(c, title, note_h + (keep < c->top - PDF_BOTTOM - 60 ? keep : b.head_h));
    if (t->note) {
      pdf_paragraph(c, PDF_MARGIN, t->note, &note_where, 8.5f, 12, c->content_w, PDF_GREY, true);
      c->y -= 4;
    }
    draw_header(c, &b);
    for (size_t r = 0; r < b.shown; r++) draw_row(c, &b, r, prepare_cells(c, &b, r));
    pdf_hline(c, PDF_MARGIN, PDF_MARGIN + c->content_w, c->y, 0.6f, PDF_RULE);
    if (b.shown < t->nrows) {
      char more[512];
      snprintf(more, sizeof more, "另有 %zu 行未在此列出，完整内容见 %s.csv 与 results.json", t->nrows - b.shown, t->id);
      c->y -= 3;
      pdf_where where = {"表格省略说明", NULL, 0, NULL};
      pdf_paragraph(c, PDF_MARGIN, more, &where, 8.5f, 12, c->content_w, PDF_GREY, true);
    }
  }
  c->y -= 8;
  for (size_t i = 0; i < n; i++) {
    buf_free(&b.text[i]);
    buf_free(&b.htext[i]);
    pdf_lines_free(&b.lines[i]);
    pdf_lines_free(&b.hlines[i]);
  }
  free(b.w);
  free(b.align);
  free(b.text);
  free(b.lines);
  free(b.htext);
  free(b.hlines);
  free(all);
}
