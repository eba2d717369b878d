/*
** pdf_chart.c — charts as vectors: sorted horizontal bars with a target line,
** stacked bars with a legend, lines over text x labels (thinned), a donut with
** a value/percent legend. Each kind computes its whole layout first, then
** draws only when asked, so pdf_chart_height and pdf_chart_draw always agree.
*/
#include "render/pdf_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_SIZE 10.5f
#define TITLE_H 22.0f
#define LABEL_SIZE 8.0f     /* category labels, legend */
#define VALUE_SIZE 7.5f     /* values at bar ends, target label */
#define TICK_SIZE 7.0f
#define LEGEND_H 15.0f      /* one legend row */
#define ROW_H 17.0f         /* one bar */
#define BAR_FRAC 0.64f      /* bar thickness / row */
#define AXIS_H 16.0f        /* tick labels under a plot */
#define NOTE_H 14.0f        /* "另有 K 项未显示" */
#define EMPTY_H 64.0f
#define MAX_H 560.0f        /* a chart never grows past this (nor past the page: max_height) */
#define SLICE_ROW 17.0f     /* one donut legend row */
#define LEGEND_GAP 34.0f    /* donut to its legend */
#define COL_GAP 14.0f       /* between the donut legend's columns */
#define DEFAULT_BARS 30
#define DEFAULT_SLICES 8
#define VMAX 1e12
#define XLABEL_MAX 90.0f    /* a line chart's x label is cut beyond this */
#define MAX_LEGEND 64       /* legend entries at most */
#define FLOW_GAP 10.0f      /* below a flowing chart */
#define MIN_W 200.0f        /* a narrower chart is drawn this wide */
#define PI 3.14159265358979323846

const pdf_rgb PDF_CHART_PALETTE[] = {
    {0.306f, 0.475f, 0.655f},   /* #4E79A7 blue */
    {0.949f, 0.557f, 0.169f},   /* #F28E2B orange */
    {0.349f, 0.631f, 0.310f},   /* #59A14F green */
    {0.463f, 0.718f, 0.698f},   /* #76B7B2 teal */
    {0.929f, 0.788f, 0.282f},   /* #EDC948 yellow */
    {0.690f, 0.478f, 0.631f},   /* #B07AA1 purple */
    {0.612f, 0.459f, 0.373f},   /* #9C755F brown */
    {1.000f, 0.616f, 0.655f},   /* #FF9DA7 pink */
};
const size_t PDF_CHART_PALETTE_N = sizeof PDF_CHART_PALETTE / sizeof PDF_CHART_PALETTE[0];

static const pdf_rgb GRID = {0.90f, 0.90f, 0.90f};
static const pdf_rgb AXIS = {0.60f, 0.60f, 0.60f};
static const pdf_rgb OTHER = {0.74f, 0.74f, 0.74f};   /* the donut's "其他" */

/* ---------------------------------------------------------- pure helpers */

static double clamp_end(double v) {
  if (!isfinite(v)) return 0;
  return v > VMAX ? VMAX : v < -VMAX ? -VMAX : v;
}

pdf_ticks pdf_chart_ticks(double lo, double hi, size_t most, hf_format fmt) {
  lo = clamp_end(lo);
  hi = clamp_end(hi);
  if (lo > hi) {
    double t = lo;
    lo = hi;
    hi = t;
  }
  if (most < 1) most = 1;
  if (most > 50) most = 50;
  double min_step = fmt == HF_FMT_PERCENT ? 0.001 : fmt == HF_FMT_INT ? 1 : 0.01;
  if (hi - lo < min_step) {   /* flat: reach down (or up) to 0 */
    if (lo > 0) lo = 0;
    else if (hi < 0) hi = 0;
    if (hi - lo < min_step) hi = lo + (fmt == HF_FMT_INT ? 5 : 1);
  }
  static const double mult[] = {1, 2, 5};
  double raw = (hi - lo) / (double)most;
  double mag = pow(10, floor(log10(raw)));
  int mi = 0;
  while (mult[mi] * mag < raw * (1 - 1e-9)) {
    if (++mi == 3) mi = 0, mag *= 10;
  }
  if (mult[mi] * mag < min_step) mi = 0, mag = min_step;
  double step, k0, k1;
  for (;;) {
    step = mult[mi] * mag;
    k0 = floor(lo / step + 1e-9);
    k1 = ceil(hi / step - 1e-9);
    if (k1 <= k0) k1 = k0 + 1;
    if (k1 - k0 <= (double)most) break;
    if (++mi == 3) mi = 0, mag *= 10;
  }
  pdf_ticks t = {k0 * step, k1 * step, step, (size_t)(k1 - k0) + 1};
  return t;
}

typedef struct order_key {
  double v;
  const char *label;
  size_t i;
} order_key;

/* NaN last, then by value (descending, or ascending), then label bytes, then position. */
static int by_value(const order_key *x, const order_key *y, bool asc) {
  bool xn = isnan(x->v), yn = isnan(y->v);
  if (xn != yn) return xn ? 1 : -1;
  if (!xn && x->v != y->v) return (x->v > y->v) != asc ? -1 : 1;
  int c = strcmp(x->label, y->label);
  if (c) return c;
  return x->i < y->i ? -1 : x->i > y->i;
}
static int by_value_desc(const void *a, const void *b) { return by_value(a, b, false); }
static int by_value_asc(const void *a, const void *b) { return by_value(a, b, true); }

void pdf_chart_order(const char *const *labels, const double *values, size_t n, int dir, size_t *order) {
  if (dir == 0 || !values) {
    for (size_t i = 0; i < n; i++) order[i] = i;
    return;
  }
  order_key *k = hf_xcalloc(n ? n : 1, sizeof *k);
  for (size_t i = 0; i < n; i++) {
    k[i].v = values[i];
    k[i].label = labels && labels[i] ? labels[i] : "";
    k[i].i = i;
  }
  qsort(k, n, sizeof *k, dir > 0 ? by_value_desc : by_value_asc);   /* a total order: qsort's instability cannot show */
  for (size_t i = 0; i < n; i++) order[i] = k[i].i;
  free(k);
}

size_t pdf_chart_thin(size_t n, float label_w, float slot) {
  if (n <= 1) return 1;
  if (!(slot > 0)) return n;
  if (!(label_w > slot)) return 1;
  double k = ceil((double)label_w / (double)slot - 1e-6);
  return k >= (double)n ? n : (size_t)k;
}

/* ------------------------------------------------------------------ view */

/* What every kind needs: colours, the drawing order, values per category. */
typedef struct view {
  const pdf_chart *ch;
  const pdf_rgb *pal;
  size_t npal;
  pdf_rgb tcol;
  hf_format fmt;
  double *vals;            /* per category: bars its value, stacked its total, donut its magnitude, lines unused */
  size_t *order;
  bool empty;
  char tlabel[128];        /* "目标 90.0%" */
  char where_buf[256];
  pdf_where where;
} view;

/* Series s's value i: NaN when missing, clamped to ±VMAX. */
static double val(const pdf_chart *ch, size_t s, size_t i) {
  if (!ch->series || s >= ch->nseries || !ch->series[s].values) return NAN;
  double v = ch->series[s].values[i];
  if (isnan(v)) return NAN;
  return v > VMAX ? VMAX : v < -VMAX ? -VMAX : v;
}

/* A bar's, segment's or slice's size: NaN and negatives are 0. */
static double magnitude(double v) { return isnan(v) || v < 0 ? 0 : v; }

static const char *label(const view *v, size_t i) {
  return v->ch->labels && v->ch->labels[i] ? v->ch->labels[i] : "";
}

static void view_open(view *v, const pdf_chart *ch) {
  memset(v, 0, sizeof *v);
  v->ch = ch;
  v->pal = ch->palette && ch->npalette ? ch->palette : PDF_CHART_PALETTE;
  v->npal = ch->palette && ch->npalette ? ch->npalette : PDF_CHART_PALETTE_N;
  v->tcol = ch->target_colour ? *ch->target_colour : PDF_BAD;
  v->fmt = ch->format == HF_FMT_PERCENT || ch->format == HF_FMT_INT ? ch->format : HF_FMT_NUMBER;
  snprintf(v->where_buf, sizeof v->where_buf, "图表「%s」", ch->title ? ch->title : ch->name ? ch->name : "未命名");
  v->where.text = v->where_buf;
  char num[64];
  if (ch->target_label) snprintf(v->tlabel, sizeof v->tlabel, "%s", ch->target_label);
  else snprintf(v->tlabel, sizeof v->tlabel, "目标 %s", pdf_format_value(v->fmt, ch->target, num));
  size_t n = ch->n;
  v->vals = hf_xcalloc(n ? n : 1, sizeof *v->vals);
  v->order = hf_xcalloc(n ? n : 1, sizeof *v->order);
  bool any = false;
  double total = 0;
  for (size_t i = 0; i < n; i++) {
    switch (ch->kind) {
      case PDF_CHART_BARS:
      case PDF_CHART_DONUT:
        v->vals[i] = val(ch, 0, i);
        if (!isnan(v->vals[i])) any = true;
        if (ch->kind == PDF_CHART_DONUT) v->vals[i] = magnitude(v->vals[i]);
        break;
      case PDF_CHART_STACKED:
      case PDF_CHART_LINES:
        for (size_t s = 0; s < ch->nseries; s++) {
          double x = val(ch, s, i);
          if (!isnan(x)) any = true;
          v->vals[i] += magnitude(x);
        }
        break;
    }
    total += v->vals[i];
  }
  v->empty = n == 0 || !ch->series || ch->nseries == 0 || !any || (ch->kind == PDF_CHART_DONUT && !(total > 0));
  int dir = ch->kind == PDF_CHART_LINES ? 0 : ch->sort_desc ? 1 : ch->sort_asc ? -1 : 0;
  pdf_chart_order(ch->labels, v->vals, n, dir, v->order);
}

static void view_close(view *v) {
  free(v->vals);
  free(v->order);
}

/* ------------------------------------------------------------ primitives */

/* Text vertically centred on yc (CJK em box). */
static float text(pdf_ctx *c, const view *v, float x, float yc, const char *s, float size, float maxw, int align,
                  pdf_rgb col, bool bold) {
  return pdf_text(c, x, yc - 0.36f * size, s, &v->where, size, maxw, align, col, bold);
}

static void line(pdf_ctx *c, float x0, float y0, float x1, float y1, float width, pdf_rgb col) {
  HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
  HPDF_Page_SetLineWidth(c->page, width);
  HPDF_Page_MoveTo(c->page, x0, y0);
  HPDF_Page_LineTo(c->page, x1, y1);
  HPDF_Page_Stroke(c->page);
}

static void dashed(pdf_ctx *c, float x0, float y0, float x1, float y1, float width, pdf_rgb col) {
  static const HPDF_UINT16 dash[] = {4, 3};
  HPDF_Page_GSave(c->page);
  HPDF_Page_SetDash(c->page, dash, 2, 0);
  line(c, x0, y0, x1, y1, width, col);
  HPDF_Page_GRestore(c->page);
}

/* A filled dot with a white rim. */
static void dot(pdf_ctx *c, float x, float y, float r, pdf_rgb col) {
  HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
  HPDF_Page_SetRGBStroke(c->page, 1, 1, 1);
  HPDF_Page_SetLineWidth(c->page, 0.8f);
  HPDF_Page_Circle(c->page, x, y, r);
  HPDF_Page_FillStroke(c->page);
}

/* White or ink, whichever reads better on col. */
static pdf_rgb on_colour(pdf_rgb col) {
  return 0.299f * col.r + 0.587f * col.g + 0.114f * col.b > 0.62f ? PDF_INK : PDF_WHITE;
}

static const char *tick_text(hf_format fmt, double v, double step, char buf[64]) {
  if (fabs(v) < step * 1e-6) v = 0;
  if (fmt != HF_FMT_NUMBER) return pdf_format_value(fmt, v, buf);
  snprintf(buf, 64, "%.*f", step >= 0.999 ? 0 : step >= 0.0999 ? 1 : 2, v);
  return buf;
}

/* How many tick intervals fit along len at about `each` points apiece. */
static size_t intervals(float len, float each, size_t lo, size_t hi) {
  float k = len / each;
  return k < (float)lo ? lo : k > (float)hi ? hi : (size_t)k;
}

/* The tallest a chart may be: MAX_H, or a page of the current orientation
** less 40 points for a section title (landscape pages are shorter). */
static float max_height(const pdf_ctx *c) {
  float page = c->top - PDF_BOTTOM - 40;
  return page >= 200 && page < MAX_H ? page : MAX_H;
}

static float title_h(const view *v) { return v->ch->title ? TITLE_H : 0; }

static void draw_title(pdf_ctx *c, const view *v, float x, float top, float w) {
  if (v->ch->title) text(c, v, x, top - 9, v->ch->title, TITLE_SIZE, w, 0, PDF_INK, true);
}

/* ---------------------------------------------------------------- legend */

typedef enum mark { MARK_BOX, MARK_LINE } mark;   /* a square, or a line with a dot */

typedef struct legend_item {
  const char *text;
  pdf_rgb col;
  mark mark;
} legend_item;

typedef struct legend_set {
  legend_item items[MAX_LEGEND];
  char names[MAX_LEGEND][24];   /* "系列 N" for unnamed series */
  size_t n;
} legend_set;

/* One entry per series (the first MAX_LEGEND). */
static void series_legend(const view *v, mark mk, legend_set *ls) {
  const pdf_chart *ch = v->ch;
  for (size_t s = 0; s < ch->nseries && ls->n < MAX_LEGEND; s++) {
    const char *name = ch->series[s].name;
    if (!name) {
      snprintf(ls->names[ls->n], sizeof ls->names[ls->n], "系列 %zu", s + 1);
      name = ls->names[ls->n];
    }
    ls->items[ls->n++] = (legend_item){name, v->pal[s % v->npal], mk};
  }
}

/* Entries flow left to right in rows across w; returns the height used. */
static float legend(pdf_ctx *c, const view *v, const legend_set *ls, float x, float top, float w, bool draw) {
  const legend_item *it = ls->items;
  size_t n = ls->n;
  float cx = x, yc = top - LEGEND_H / 2;
  size_t rows = n ? 1 : 0;
  for (size_t i = 0; i < n; i++) {
    float sw = it[i].mark == MARK_BOX ? 9 : 18;
    float tw = pdf_width_raw(c, it[i].text, LABEL_SIZE);
    if (tw > w * 0.45f) tw = w * 0.45f;
    float iw = sw + 4 + tw;
    if (cx > x && cx + iw > x + w) {
      cx = x;
      yc -= LEGEND_H;
      rows++;
    }
    if (draw) {
      if (it[i].mark == MARK_BOX) {
        pdf_fill_rect(c, cx, yc - 4.5f, 9, 9, it[i].col);
      } else {
        line(c, cx, yc, cx + sw, yc, 1.6f, it[i].col);
        dot(c, cx + sw / 2, yc, 2.4f, it[i].col);
      }
      text(c, v, cx + sw + 4, yc, it[i].text, LABEL_SIZE, tw + 0.5f, 0, PDF_INK, false);
    }
    cx += iw + 14;
  }
  return (float)rows * LEGEND_H + (rows ? 4 : 0);
}

/* ------------------------------------------------------------ empty data */

static float empty(pdf_ctx *c, const view *v, float x, float top, float w, bool draw) {
  float th = title_h(v), h = th + EMPTY_H + 4;
  if (!draw) return h;
  draw_title(c, v, x, top, w);
  float y = top - th;
  pdf_fill_rect(c, x, y - EMPTY_H, w, EMPTY_H, PDF_ZEBRA);
  HPDF_Page_SetRGBStroke(c->page, PDF_RULE.r, PDF_RULE.g, PDF_RULE.b);
  HPDF_Page_SetLineWidth(c->page, 0.6f);
  HPDF_Page_Rectangle(c->page, x, y - EMPTY_H, w, EMPTY_H);
  HPDF_Page_Stroke(c->page);
  text(c, v, x + w / 2, y - EMPTY_H / 2, "无数据", 10, 0, 1, PDF_GREY, false);
  return h;
}

/* ------------------------------------------------------------------ bars */

/* Bars and stacked bars: label | bars from 0 | value at the end; ticks below.
** Rows are capped by max_items and by max_height; the rest is counted in a note. */
static float bars(pdf_ctx *c, const view *v, float x, float top, float w, bool draw) {
  const pdf_chart *ch = v->ch;
  bool stacked = ch->kind == PDF_CHART_STACKED;
  bool target = ch->has_target && isfinite(ch->target) && !stacked;
  char num[64];

  /* Legend: series names (stacked) or met / missed (a target). */
  legend_set ls;
  ls.n = 0;
  if (stacked) {
    series_legend(v, MARK_BOX, &ls);
  } else if (target) {
    ls.items[ls.n++] = (legend_item){"达标", v->pal[0], MARK_BOX};
    ls.items[ls.n++] = (legend_item){"未达标", v->tcol, MARK_BOX};
  }
  float th = title_h(v);
  float lh = legend(c, v, &ls, x, top - th, w, false);
  float band = target ? 14 : 2;   /* the target's label sits above the rows */

  size_t n = ch->n, cap = ch->max_items ? ch->max_items : DEFAULT_BARS;
  float fixed = th + lh + band + AXIS_H + NOTE_H + 4;
  float most_h = max_height(c);
  size_t fit = fixed + ROW_H < most_h ? (size_t)((most_h - fixed) / ROW_H) : 1;
  size_t shown = n < cap ? n : cap;
  if (shown > fit) shown = fit;
  size_t hidden = n - shown;

  float labw = 0, valw = 0;
  double hi = target ? magnitude(ch->target) : 0;
  for (size_t r = 0; r < shown; r++) {
    size_t i = v->order[r];
    float lw = pdf_width_raw(c, label(v, i), LABEL_SIZE);
    if (lw > labw) labw = lw;
    float vw = pdf_width_raw(c, pdf_format_value(v->fmt, v->vals[i], num), VALUE_SIZE);
    if (vw > valw) valw = vw;
    if (magnitude(v->vals[i]) > hi) hi = magnitude(v->vals[i]);
  }
  if (labw > w * 0.3f) labw = w * 0.3f;
  float px0 = x + labw + 8, px1 = x + w - valw - 8;
  if (px1 < px0 + 40) px1 = px0 + 40;
  pdf_ticks tk = pdf_chart_ticks(0, hi, intervals(px1 - px0, 45, 2, 10), v->fmt);
  float plot_top = top - th - lh - band, plot_bot = plot_top - (float)shown * ROW_H;
  float h = th + lh + band + (float)shown * ROW_H + AXIS_H + (hidden ? NOTE_H : 0) + 4;
  if (!draw) return h;

#define SX(val) (px0 + (float)(((val) - tk.lo) / (tk.hi - tk.lo)) * (px1 - px0))
  draw_title(c, v, x, top, w);
  legend(c, v, &ls, x, top - th, w, true);
  for (size_t k = 0; k < tk.n; k++) {
    double t = tk.lo + (double)k * tk.step;
    float tx = SX(t);
    if (k > 0) line(c, tx, plot_top, tx, plot_bot, 0.5f, GRID);
    text(c, v, tx, plot_bot - 8, tick_text(v->fmt, t, tk.step, num), TICK_SIZE, 0, 1, PDF_GREY, false);
  }
  for (size_t r = 0; r < shown; r++) {
    size_t i = v->order[r];
    float yc = plot_top - ((float)r + 0.5f) * ROW_H, bh = ROW_H * BAR_FRAC, end = px0;
    text(c, v, px0 - 6, yc, label(v, i), LABEL_SIZE, labw, 2, PDF_INK, false);
    if (stacked) {
      for (size_t s = 0; s < ch->nseries; s++) {
        double m = magnitude(val(ch, s, i));
        if (m <= 0) continue;
        float sw = SX(tk.lo + m) - px0;
        pdf_rgb col = v->pal[s % v->npal];
        pdf_fill_rect(c, end, yc - bh / 2, sw, bh, col);
        const char *s_txt = pdf_format_value(v->fmt, m, num);
        if (pdf_width_raw(c, s_txt, TICK_SIZE) + 6 <= sw)
          text(c, v, end + sw / 2, yc, s_txt, TICK_SIZE, 0, 1, on_colour(col), false);
        end += sw;
      }
    } else if (!isnan(v->vals[i])) {
      float bw = SX(magnitude(v->vals[i])) - px0;
      bool missed = target && v->vals[i] < ch->target;
      if (bw > 0) pdf_fill_rect(c, px0, yc - bh / 2, bw, bh, missed ? v->tcol : v->pal[0]);
    }
  }
  line(c, px0, plot_top, px0, plot_bot, 0.8f, AXIS);
  if (target) {
    float tx = SX(magnitude(ch->target));
    dashed(c, tx, plot_top + 2, tx, plot_bot, 1.1f, v->tcol);
    float tw = pdf_width_raw(c, v->tlabel, VALUE_SIZE), lx = tx;
    if (lx + tw / 2 > x + w) lx = x + w - tw / 2;
    if (lx - tw / 2 < x) lx = x + tw / 2;
    text(c, v, lx, plot_top + 8, v->tlabel, VALUE_SIZE, w, 1, v->tcol, true);
  }
  /* Values last, on white, so the target line never runs through one. */
  for (size_t r = 0; r < shown; r++) {
    size_t i = v->order[r];
    float yc = plot_top - ((float)r + 0.5f) * ROW_H, end = SX(magnitude(v->vals[i])) + 2;
    const char *s_txt = pdf_format_value(v->fmt, v->vals[i], num);
    pdf_fill_rect(c, end, yc - VALUE_SIZE * 0.6f, pdf_width_raw(c, s_txt, VALUE_SIZE) + 4, VALUE_SIZE * 1.2f,
                  PDF_WHITE);
    text(c, v, end + 2, yc, s_txt, VALUE_SIZE, 0, 0, PDF_INK, false);
  }
  if (hidden) {
    char more[96];
    snprintf(more, sizeof more, "另有 %zu 项未显示", hidden);
    text(c, v, px0, plot_bot - AXIS_H - 7, more, VALUE_SIZE, 0, 0, PDF_GREY, false);
  }
#undef SX
  return h;
}

/* ----------------------------------------------------------------- lines */

/* One polyline per series over n slots; NaN breaks the line. The axis starts
** at 0 when the data is non-negative and its low end is under 60 % of its
** high end; otherwise it spans the data. */
static float lines(pdf_ctx *c, const view *v, float x, float top, float w, bool draw) {
  const pdf_chart *ch = v->ch;
  bool target = ch->has_target && isfinite(ch->target);
  size_t n = ch->n, ns = ch->nseries;
  char num[64];

  legend_set ls;
  ls.n = 0;
  if (ns > 1) series_legend(v, MARK_LINE, &ls);
  float th = title_h(v);
  float lh = legend(c, v, &ls, x, top - th, w, false);

  double lo = INFINITY, hi = -INFINITY;
  for (size_t s = 0; s < ns; s++)
    for (size_t i = 0; i < n; i++) {
      double d = val(ch, s, i);
      if (isnan(d)) continue;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  if (target) {
    if (ch->target < lo) lo = ch->target;
    if (ch->target > hi) hi = ch->target;
  }
  if (lo >= 0 && lo <= 0.6 * hi) lo = 0;
  float plot_h = w * 0.32f;
  plot_h = plot_h < 110 ? 110 : plot_h > 220 ? 220 : plot_h;
  pdf_ticks tk = pdf_chart_ticks(lo, hi, intervals(plot_h, 30, 3, 8), v->fmt);

  float tickw = 0, xw = 0, tw = target ? pdf_width_raw(c, v->tlabel, VALUE_SIZE) + 10 : 8;
  for (size_t k = 0; k < tk.n; k++) {
    float t = pdf_width_raw(c, tick_text(v->fmt, tk.lo + (double)k * tk.step, tk.step, num), TICK_SIZE);
    if (t > tickw) tickw = t;
  }
  for (size_t i = 0; i < n; i++) {
    float t = pdf_width_raw(c, label(v, i), TICK_SIZE);
    if (t > xw) xw = t;
  }
  if (xw > XLABEL_MAX) xw = XLABEL_MAX;
  if (tw > w * 0.3f) tw = w * 0.3f;
  float px0 = x + tickw + 8, px1 = x + w - tw;
  if (px1 < px0 + 40) px1 = px0 + 40;
  float slot = (px1 - px0) / (float)n;
  size_t every = pdf_chart_thin(n, xw + 8, slot);
  float plot_top = top - th - lh - 6, plot_bot = plot_top - plot_h;
  float h = th + lh + 6 + plot_h + AXIS_H + 4;
  if (!draw) return h;

#define SY(val) (plot_bot + (float)(((val) - tk.lo) / (tk.hi - tk.lo)) * plot_h)
#define PX(i) (px0 + ((float)(i) + 0.5f) * slot)
  draw_title(c, v, x, top, w);
  legend(c, v, &ls, x, top - th, w, true);
  for (size_t k = 0; k < tk.n; k++) {
    double t = tk.lo + (double)k * tk.step;
    float ty = SY(t);
    line(c, px0, ty, px1, ty, fabs(t) < tk.step * 1e-6 ? 0.8f : 0.5f, fabs(t) < tk.step * 1e-6 ? AXIS : GRID);
    text(c, v, px0 - 5, ty, tick_text(v->fmt, t, tk.step, num), TICK_SIZE, 0, 2, PDF_GREY, false);
  }
  if (tk.lo > 0) line(c, px0, plot_bot, px1, plot_bot, 0.8f, AXIS);
  for (size_t i = 0; i < n; i += every) {
    line(c, PX(i), plot_bot, PX(i), plot_bot - 3, 0.6f, AXIS);
    text(c, v, PX(i), plot_bot - 10, label(v, i), TICK_SIZE, xw + 0.5f, 1, PDF_GREY, false);
  }
  if (target) {
    float ty = SY(ch->target);
    dashed(c, px0, ty, px1, ty, 1.1f, v->tcol);
    text(c, v, px1 + 4, ty, v->tlabel, VALUE_SIZE, tw - 4, 0, v->tcol, true);
  }
  bool markers = slot >= 7;
  for (size_t s = 0; s < ns; s++) {
    pdf_rgb col = v->pal[s % v->npal];
    HPDF_Page_GSave(c->page);
    HPDF_Page_SetLineJoin(c->page, HPDF_ROUND_JOIN);
    HPDF_Page_SetLineCap(c->page, HPDF_ROUND_END);
    HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
    HPDF_Page_SetLineWidth(c->page, 1.6f);
    bool down = false, any = false;
    for (size_t i = 0; i < n; i++) {
      double d = val(ch, s, i);
      if (isnan(d)) {
        down = false;
        continue;
      }
      if (down) HPDF_Page_LineTo(c->page, PX(i), SY(d)), any = true;
      else HPDF_Page_MoveTo(c->page, PX(i), SY(d));
      down = true;
    }
    if (any) HPDF_Page_Stroke(c->page);
    else HPDF_Page_EndPath(c->page);
    HPDF_Page_GRestore(c->page);
    for (size_t i = 0; i < n; i++) {
      double d = val(ch, s, i);
      bool alone = (i == 0 || isnan(val(ch, s, i - 1))) && (i + 1 == n || isnan(val(ch, s, i + 1)));
      if (!isnan(d) && (markers || alone)) dot(c, PX(i), SY(d), 2.4f, col);
    }
  }
#undef PX
#undef SY
  return h;
}

/* ----------------------------------------------------------------- donut */

/* Appends an arc of radius r around (cx, cy) from angle a0 to a1 (radians,
** counter-clockwise positive) to the path, as cubic Béziers of at most 90°. */
static void arc_path(pdf_ctx *c, float cx, float cy, float r, double a0, double a1) {
  int parts = (int)ceil(fabs(a1 - a0) / (PI / 2) - 1e-9);
  if (parts < 1) parts = 1;
  double d = (a1 - a0) / parts, k = 4.0 / 3.0 * tan(d / 4);
  for (int p = 0; p < parts; p++) {
    double t0 = a0 + d * p, t1 = t0 + d;
    double x0 = cos(t0), y0 = sin(t0), x3 = cos(t1), y3 = sin(t1);
    HPDF_Page_CurveTo(c->page, cx + r * (float)(x0 - k * y0), cy + r * (float)(y0 + k * x0),
                      cx + r * (float)(x3 + k * y3), cy + r * (float)(y3 - k * x3), cx + r * (float)x3,
                      cy + r * (float)y3);
  }
}

/* Slices clockwise from 12 o'clock in the drawing order; past max_items the
** rest is one grey "其他" slice. Legend: colour, label, value, percent. */
static float donut(pdf_ctx *c, const view *v, float x, float top, float w, bool draw) {
  const pdf_chart *ch = v->ch;
  size_t n = ch->n, cap = ch->max_items ? ch->max_items : DEFAULT_SLICES;
  size_t fit = (size_t)((max_height(c) - TITLE_H) / SLICE_ROW);
  if (cap > fit) cap = fit;
  if (cap < 2) cap = 2;
  size_t m = n <= cap ? n : cap, own = n <= cap ? n : cap - 1;   /* rows; rows of one category */
  double total = 0, other = 0;
  for (size_t i = 0; i < n; i++) total += v->vals[i];
  for (size_t r = own; r < n; r++) other += v->vals[v->order[r]];
  char num[64], pct[64];

  float th = title_h(v);
  float labw = 0, valw = 0, pctw = pdf_width_raw(c, "100.0%", LABEL_SIZE);
  for (size_t r = 0; r < m; r++) {
    float lw = pdf_width_raw(c, r < own ? label(v, v->order[r]) : "其他", LABEL_SIZE);
    float vw = pdf_width_raw(c, pdf_format_value(v->fmt, r < own ? val(ch, 0, v->order[r]) : other, num), LABEL_SIZE);
    if (lw > labw) labw = lw;
    if (vw > valw) valw = vw;
  }
  /* The ring gives way to the legend down to 80 pt; then labels are cut. */
  float cols = 15 + COL_GAP + valw + COL_GAP + pctw;
  float d = w * 0.3f;
  if (d > 150) d = 150;
  if (d > w - 10 - LEGEND_GAP - cols - labw) d = w - 10 - LEGEND_GAP - cols - labw;
  if (d < 80) d = 80;
  float lx = x + 10 + d + LEGEND_GAP;
  if (labw > x + w - lx - cols) labw = x + w - lx - cols;
  if (labw < 20) labw = 20;
  float body = (float)m * SLICE_ROW + 8;
  if (body < d + 16) body = d + 16;
  float h = th + body + 4;
  if (!draw) return h;

  draw_title(c, v, x, top, w);
  float r_out = d / 2, r_in = r_out * 0.58f, cx = x + 10 + r_out, cy = top - th - body / 2;
  double a = PI / 2;   /* 12 o'clock, then clockwise */
  size_t slices = 0;
  for (size_t r = 0; r < m; r++) slices += (r < own ? v->vals[v->order[r]] : other) > 0;
  for (size_t r = 0; r < m; r++) {
    double share = (r < own ? v->vals[v->order[r]] : other) / total;
    /* Past the palette colours repeat; the last slice closes the ring next
    ** to the first, so it never takes the first one's colour. */
    size_t ci = r % v->npal;
    if (r == m - 1 && r > 0 && ci == 0 && v->npal > 2) ci = 1;   /* the one before it took npal - 1 */
    pdf_rgb col = r < own ? v->pal[ci] : OTHER;
    float yc = cy + ((float)(m - 1) / 2 - (float)r) * SLICE_ROW;
    pdf_fill_rect(c, lx, yc - 4.5f, 9, 9, col);
    text(c, v, lx + 15, yc, r < own ? label(v, v->order[r]) : "其他", LABEL_SIZE, labw, 0, PDF_INK, false);
    float vx = lx + 15 + labw + COL_GAP + valw;
    text(c, v, vx, yc, pdf_format_value(v->fmt, r < own ? val(ch, 0, v->order[r]) : other, num), LABEL_SIZE, 0, 2,
         PDF_INK, false);
    text(c, v, vx + COL_GAP + pctw, yc, pdf_format_value(HF_FMT_PERCENT, share, pct), LABEL_SIZE, 0, 2, PDF_GREY,
         false);
    if (!(share > 0)) continue;
    double b = a - share * 2 * PI;
    HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
    HPDF_Page_SetRGBStroke(c->page, 1, 1, 1);
    HPDF_Page_SetLineWidth(c->page, 1.2f);
    HPDF_Page_MoveTo(c->page, cx + r_out * (float)cos(a), cy + r_out * (float)sin(a));
    arc_path(c, cx, cy, r_out, a, b);
    HPDF_Page_LineTo(c->page, cx + r_in * (float)cos(b), cy + r_in * (float)sin(b));
    arc_path(c, cx, cy, r_in, b, a);
    HPDF_Page_ClosePath(c->page);
    if (slices > 1) HPDF_Page_FillStroke(c->page);
    else HPDF_Page_Fill(c->page);
    /* The percent on the ring when it fits across the ring and along the slice. */
    float rm = (r_out + r_in) / 2, pw = pdf_width_raw(c, pct, TICK_SIZE);
    if (r_out - r_in >= pw + 2 && share * 2 * PI * rm >= pw + 4) {
      double mid = (a + b) / 2;
      text(c, v, cx + rm * (float)cos(mid), cy + rm * (float)sin(mid), pct, TICK_SIZE, 0, 1, on_colour(col),
           false);
    }
    a = b;
  }
  /* Centre: the caller's text (first line large) or the total and "合计". */
  const char *ct = ch->centre_text;
  char own_text[96];
  if (!ct && v->fmt != HF_FMT_PERCENT) {
    snprintf(own_text, sizeof own_text, "%s\n合计", pdf_format_value(v->fmt, total, num));
    ct = own_text;
  }
  if (ct) {
    const char *nl = strchr(ct, '\n');
    char first[128];
    snprintf(first, sizeof first, "%.*s", nl ? (int)(nl - ct) : (int)strlen(ct), ct);
    float big = r_in * 0.5f < 13 ? r_in * 0.5f : 13;
    text(c, v, cx, nl ? cy + 5 : cy, first, big, 2 * r_in - 8, 1, PDF_INK, true);
    if (nl) text(c, v, cx, cy - 10, nl + 1, VALUE_SIZE, 2 * r_in - 8, 1, PDF_GREY, false);
  }
  return h;
}

/* ------------------------------------------------------------------ API */

static float chart(pdf_ctx *c, const pdf_chart *ch, float x, float top, float w, bool draw) {
  if (!(w >= MIN_W)) w = MIN_W;
  view v;
  view_open(&v, ch);
  float h;
  if (v.empty) h = empty(c, &v, x, top, w, draw);
  else if (ch->kind == PDF_CHART_LINES) h = lines(c, &v, x, top, w, draw);
  else if (ch->kind == PDF_CHART_DONUT) h = donut(c, &v, x, top, w, draw);
  else h = bars(c, &v, x, top, w, draw);
  view_close(&v);
  return h;
}

float pdf_chart_height(pdf_ctx *c, const pdf_chart *ch, float w) { return chart(c, ch, 0, 0, w, false); }

void pdf_chart_draw(pdf_ctx *c, const pdf_chart *ch, float x, float top, float w) {
  chart(c, ch, x, top, w, true);
}

void pdf_chart_flow(pdf_ctx *c, const pdf_chart *ch) {
  float h = pdf_chart_height(c, ch, c->content_w);
  pdf_need(c, h);
  pdf_chart_draw(c, ch, PDF_MARGIN, c->y, c->content_w);
  c->y -= h + FLOW_GAP;
}
