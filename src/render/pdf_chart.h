/*
** pdf_chart.h — charts drawn as vectors on a renderer page (pdf_doc.h):
** sorted horizontal bars, stacked bars, lines over text x labels, a donut.
** Every label goes through pdf_text (checked, recorded for the subset, cut
** with "…"); drawing has no side effects beyond the page, so a chart draws the
** same in both passes.
** Ownership: a pdf_chart only borrows its arrays and strings; nothing is kept
** after a call returns.
*/
#ifndef HF_PDF_CHART_H
#define HF_PDF_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "render/pdf_doc.h"

typedef enum pdf_chart_kind {
  PDF_CHART_BARS,     /* one value per category: horizontal bars, value at the bar end */
  PDF_CHART_STACKED,  /* several series per category, stacked horizontally, total at the end */
  PDF_CHART_LINES,    /* one or more series over x labels (dates, months) */
  PDF_CHART_DONUT     /* shares of a whole: ring, legend with value and percent, centre text */
} pdf_chart_kind;

typedef struct pdf_series {
  const char *name;        /* legend text (NULL: "系列 N") */
  const double *values;    /* n values, one per label */
} pdf_series;

/* What to draw. Zero-initialise and fill in; every pointer may be NULL.
** Values: NaN means "no value" (bars: no bar and "—"; lines: a gap; stacked
** and donut: 0). Bars, stacked segments and donut slices are magnitudes: a
** negative value draws as 0 (the bar's label still shows it). Lines may go
** below 0. Values beyond ±1e12 are clamped. Bars and donut use series[0];
** stacked and lines use every series. Empty data (n == 0, no series, nothing
** finite, a donut total of 0) draws a box saying "无数据". */
typedef struct pdf_chart {
  pdf_chart_kind kind;
  const char *title;               /* bold, above the chart; NULL: none (e.g. under a section title) */
  const char *name;                /* names the chart in warnings when title is NULL */
  const char *const *labels;       /* n category or x labels (NULL entries: "") */
  size_t n;
  const pdf_series *series;
  size_t nseries;
  hf_format format;                /* values and tick labels: PERCENT, INT or NUMBER */
  bool has_target;                 /* bars and lines: a dashed target line */
  double target;
  const char *target_label;        /* NULL: "目标 90.0%" from target and format */
  const pdf_rgb *palette;          /* series / slice colours, cycled; NULL or npalette 0: default */
  size_t npalette;
  const pdf_rgb *target_colour;    /* target line and bars below it; NULL: PDF_BAD */
  bool sort_desc;                  /* bars, stacked (by total), donut: largest first, ties by label bytes */
  bool sort_asc;                   /* the same, smallest first (NaN still last); sort_desc wins if both */
  size_t max_items;                /* bars/stacked: rows at most (0: 30; the page also limits), then
                                      "另有 K 项未显示"; donut: slices at most (0: 8), the rest as "其他" */
  const char *centre_text;         /* donut: "1,234\n份问卷" (first line large); NULL: total + "合计" (PERCENT: none) */
} pdf_chart;

extern const pdf_rgb PDF_CHART_PALETTE[];
extern const size_t PDF_CHART_PALETTE_N;

/* Height in points the chart takes at width w (the same as pdf_chart_draw
** uses): at most 560, and at most the page's content height (c->top, the
** orientation's) less 40 for a section title — bars and slices are cut to fit
** (a line chart's legend rows come on top). w below 200 counts as 200. */
float pdf_chart_height(pdf_ctx *c, const pdf_chart *ch, float w);
/* Draws the chart on the current page with its top-left corner at (x, top). */
void pdf_chart_draw(pdf_ctx *c, const pdf_chart *ch, float x, float top, float w);
/* Flowing use: a new page unless the chart fits, drawn at the margin across
** c->content_w from c->y; c->y moves below it (and a 10 pt gap). */
void pdf_chart_flow(pdf_ctx *c, const pdf_chart *ch);

/* ---- pure helpers (exposed for the tests) */

/* Axis ticks lo, lo + step, ..., hi (n of them) covering [lo, hi] with at
** most `most` intervals; step is 1, 2 or 5 × 10^k and at least what the
** format can show (PERCENT 0.1%, INT 1, else 0.01). NaN or infinite ends
** count as 0; a flat range grows to include 0 (all zero: 0..100% for
** PERCENT, 0..5 for INT, 0..1 else). */
typedef struct pdf_ticks {
  double lo, hi, step;
  size_t n;
} pdf_ticks;
pdf_ticks pdf_chart_ticks(double lo, double hi, size_t most, hf_format fmt);

/* order[0..n) = the drawing order: input order (dir 0), or by value
** descending (dir > 0) or ascending (dir < 0), NaN last, ties by label bytes,
** then by input position. */
void pdf_chart_order(const char *const *labels, const double *values, size_t n, int dir, size_t *order);

/* Every k-th of n x labels is shown, k the smallest with k × slot >= label_w
** (the widest label plus its gap), so shown labels never overlap. */
size_t pdf_chart_thin(size_t n, float label_w, float slot);

#endif
