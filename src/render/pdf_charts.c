/*
** pdf_charts.c — the policy's charts (report.charts, policy/layout.h) drawn
** from the results: finds each chart's table and columns, turns the rows into
** a pdf_chart (pdf_chart.h) in the brand's colours, and draws it as a section
** (title with bookmark, kept with the chart). Only resident rows are read
** (charts draw aggregate tables, which never spill).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "render/pdf_chart.h"
#include "render/pdf_doc.h"

const hf_chart_spec *pdf_find_chart(const pdf_ctx *c, const char *id) {
  for (size_t i = 0; c->charts && id && i < c->charts->n; i++)
    if (strcmp(c->charts->v[i].id, id) == 0) return &c->charts->v[i];
  return NULL;
}

static bool numeric(hf_format f) { return f == HF_FMT_INT || f == HF_FMT_NUMBER || f == HF_FMT_PERCENT; }

static hf_status missing_column(const hf_chart_spec *ch, const hf_table *t, const char *col, const char *why,
                                hf_error *err) {
  hf_buf cols;
  buf_init(&cols);
  hf_status st = hf_fail(err, HF_ERR_DATA, "report.charts「%s」：表「%s」%s「%s」（它的列：%s）", ch->id, t->id, why, col,
                         pdf_column_ids(t, &cols));
  buf_free(&cols);
  return st;
}

hf_status pdf_check_charts(const pdf_ctx *c, hf_error *err) {
  const hf_results *r = c->r;
  for (size_t i = 0; c->charts && i < c->charts->n; i++) {
    const hf_chart_spec *ch = &c->charts->v[i];
    if (ch->kind == HF_CHART_TREND) continue;   /* KPIs of earlier months: missing ones are gaps */
    const hf_table *t = results_table(r, ch->table);
    if (!t) {
      hf_buf ids;
      buf_init(&ids);
      hf_status st = hf_fail(err, HF_ERR_DATA, "report.charts「%s」：没有名为「%s」的表（本次结果中的表：%s）", ch->id,
                             ch->table, pdf_table_ids(r, &ids));
      buf_free(&ids);
      return st;
    }
    if (table_column(t, ch->label) < 0) return missing_column(ch, t, ch->label, "没有列", err);
    for (size_t k = 0; k < ch->nwhere; k++)
      if (table_column(t, ch->where_cols[k]) < 0) return missing_column(ch, t, ch->where_cols[k], "没有 where 的列", err);
    for (size_t k = 0; k < ch->nseries; k++) {
      int col = table_column(t, ch->series[k]);
      if (col < 0) return missing_column(ch, t, ch->series[k], "没有列", err);
      if (!numeric(t->cols[col].format)) return missing_column(ch, t, ch->series[k], "的这一列不是数值：", err);
    }
    if (ch->target_kpi && !results_kpi(r, ch->target_kpi))
      return hf_fail(err, HF_ERR_DATA, "report.charts「%s」：target_kpi「%s」不是本次结果中的指标", ch->id, ch->target_kpi);
  }
  return HF_OK;
}

static double cell_value(const hf_cell *v) {
  switch (v->kind) {
    case HF_CELL_INT: return (double)v->u.i;
    case HF_CELL_NUM: return v->u.d;
    case HF_CELL_BOOL: return v->u.b ? 1 : 0;
    default: return NAN;
  }
}

static const char *cell_label(const hf_column *col, const hf_cell *v, char buf[64]) {
  switch (v->kind) {
    case HF_CELL_STR: return v->u.s;
    case HF_CELL_INT: return pdf_format_value(col->format, (double)v->u.i, buf);
    case HF_CELL_NUM: return pdf_format_value(col->format, v->u.d, buf);
    case HF_CELL_BOOL: return v->u.b ? "是" : "否";
    default: return "—";
  }
}

/* Whether the row reads as the chart's where = { column = "text" } asks
** (where_col: the where columns' indexes, resolved once per chart). */
static bool row_wanted(const hf_chart_spec *ch, const hf_table *t, const int *where_col, const hf_cell *row) {
  for (size_t k = 0; k < ch->nwhere; k++) {
    int col = where_col[k];
    char buf[64];
    if (strcmp(cell_label(&t->cols[col], &row[col], buf), ch->where_vals[k]) != 0) return false;
  }
  return true;
}

/* The chart in the brand's colours under a section title (bookmark) kept
** with it, across the content width. */
static void draw_section(pdf_ctx *c, pdf_chart *pc, const char *title) {
  pc->name = title;
  pc->palette = c->npalette ? c->palette : NULL;
  pc->npalette = c->npalette;
  pc->target_colour = &c->bad;
  float h = pdf_chart_height(c, pc, c->content_w);
  pdf_section_title(c, title, h < c->top - PDF_BOTTOM - 40 ? h : 60);
  pdf_chart_flow(c, pc);
}

static void draw_trend_placeholder(pdf_ctx *c, const hf_chart_spec *ch, const char *title) {
  pdf_section_title(c, title ? title : ch->title, 20);
  pdf_where where = {"趋势图说明", NULL, 0, NULL};
  pdf_paragraph(c, PDF_MARGIN, "没有往月数据：运行时用 --history 目录 提供往月的 results.json，即显示逐月趋势。", &where,
                9, 13, c->content_w, PDF_GREY, true);
  c->y -= 8;
}

void pdf_chart_spec(pdf_ctx *c, const hf_chart_spec *ch, const char *title) {
  if (!ch) return;
  if (ch->kind == HF_CHART_TREND) {
    pdf_trend_chart(c, ch, title);
    return;
  }
  const hf_table *t = results_table(c->r, ch->table);
  if (!t) return;   /* pdf_check_charts refused it before drawing */
  int lc = table_column(t, ch->label);
  size_t n = t->nrows;
  if (t->total_row && n) n--;   /* 合计 is not one of the bars */
  if (t->resident_limit && n > t->resident_limit) n = t->resident_limit;
  const char **labels = hf_xcalloc(n ? n : 1, sizeof *labels);
  char (*bufs)[64] = hf_xcalloc(n ? n : 1, sizeof *bufs);
  double *values = hf_xcalloc((n ? n : 1) * (ch->nseries ? ch->nseries : 1), sizeof *values);
  pdf_series series[8];
  memset(series, 0, sizeof series);
  int first = table_column(t, ch->series[0]), series_col[8], *where_col = hf_xcalloc(ch->nwhere + 1, sizeof *where_col);
  for (size_t k = 0; k < ch->nseries && k < 8; k++) series_col[k] = table_column(t, ch->series[k]);
  for (size_t k = 0; k < ch->nwhere; k++) where_col[k] = table_column(t, ch->where_cols[k]);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    const hf_cell *row = table_row(t, i);
    if (!row_wanted(ch, t, where_col, row)) continue;
    labels[kept] = cell_label(&t->cols[lc], &row[lc], bufs[kept]);
    for (size_t k = 0; k < ch->nseries && k < 8; k++) values[k * n + kept] = cell_value(&row[series_col[k]]);
    kept++;
  }
  free(where_col);
  for (size_t k = 0; k < ch->nseries && k < 8; k++) {
    int col = series_col[k];
    series[k].name = t->cols[col].label ? t->cols[col].label : t->cols[col].id;
    series[k].values = values + k * n;
  }
  pdf_chart pc;
  memset(&pc, 0, sizeof pc);
  pc.kind = ch->kind == HF_CHART_STACKED ? PDF_CHART_STACKED
          : ch->kind == HF_CHART_LINES   ? PDF_CHART_LINES
          : ch->kind == HF_CHART_DONUT   ? PDF_CHART_DONUT
                                         : PDF_CHART_BARS;
  pc.labels = labels;
  pc.n = kept;
  pc.series = series;
  pc.nseries = ch->nseries < 8 ? ch->nseries : 8;
  pc.format = t->cols[first].format;
  const hf_kpi *k = results_kpi(c->r, ch->target_kpi);
  if (ch->has_target) pc.has_target = true, pc.target = ch->target;
  else if (k && k->has_target) pc.has_target = true, pc.target = k->target;
  pc.sort_desc = (ch->kind == HF_CHART_BARS && !ch->ascending) || ch->kind == HF_CHART_DONUT;
  pc.sort_asc = ch->kind == HF_CHART_BARS && ch->ascending;
  pc.max_items = ch->limit;
  draw_section(c, &pc, title ? title : ch->title);
  free(labels);
  free(bufs);
  free(values);
}

/* Trend lines: each earlier month of --history, then this run, one series
** per KPI (NaN where a month lacks it). Without history, a note says how. */
void pdf_trend_chart(pdf_ctx *c, const hf_chart_spec *ch, const char *title) {
  const hf_history *h = c->history;
  if (!h) {
    draw_trend_placeholder(c, ch, title);
    return;
  }
  size_t n = h->nmonths + 1, ns = ch->nseries < 8 ? ch->nseries : 8;
  const char **labels = hf_xcalloc(n, sizeof *labels);
  double *values = hf_xcalloc(n * (ns ? ns : 1), sizeof *values);
  pdf_series series[8];
  memset(series, 0, sizeof series);
  for (size_t m = 0; m < h->nmonths; m++) labels[m] = h->months[m].label;
  char current[64];
  const hf_results *r = c->r;
  snprintf(current, sizeof current, "%.10s", r->period_from ? r->period_from : "本期");
  if (r->period_from && r->period_to && strncmp(r->period_from, r->period_to, 7) == 0) current[7] = '\0';
  labels[n - 1] = current;
  hf_format fmt = HF_FMT_NUMBER;
  for (size_t k = 0; k < ns; k++) {
    const hf_kpi *now = results_kpi(r, ch->series[k]);
    history_kpi_series(h, ch->series[k], values + k * n);   /* the earlier months, NaN where missing */
    values[k * n + n - 1] = now ? now->value : NAN;
    series[k].name = now && now->label ? now->label : ch->series[k];
    series[k].values = values + k * n;
    if (k == 0 && now) fmt = now->format;
  }
  pdf_chart pc;
  memset(&pc, 0, sizeof pc);
  pc.kind = PDF_CHART_LINES;
  pc.labels = labels;
  pc.n = n;
  pc.series = series;
  pc.nseries = ns;
  pc.format = fmt;
  draw_section(c, &pc, title ? title : ch->title);
  free(labels);
  free(values);
}
