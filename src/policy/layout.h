/*
** layout.h — what the PDF looks like, as plain C data: the template (page
** setup, running header and footer, the sections in order), the brand
** (company, logo, colours, watermark, header/footer text) and the policy's
** charts (which table and columns each chart draws).
** Part of the validated policy, with no Lua in it: src/policy/policy_report.c
** fills these from the template files (templates/NAME.lua) and the policy's report.brand and
** report.charts; src/render/pdf*.c reads them and never sees Lua. Every string is owned by its struct; the *_free functions
** release them (NULL-safe, idempotent on a zeroed struct).
*/
#ifndef HF_LAYOUT_H
#define HF_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ charts */

typedef enum hf_chart_kind {
  HF_CHART_BARS,     /* one value per row of the table, sorted, horizontal bars */
  HF_CHART_STACKED,  /* several columns per row, stacked */
  HF_CHART_LINES,    /* one or more columns over the rows in table order (dates) */
  HF_CHART_DONUT,    /* shares of a whole: one value per row */
  HF_CHART_TREND     /* KPIs month over month (--history) */
} hf_chart_kind;

typedef struct hf_chart_spec {
  char *id;            /* "agent_pass" */
  char *title;         /* "坐席合格率" */
  hf_chart_kind kind;
  char *table;         /* results table id (not for TREND) */
  char *label;         /* the table's category column (x axis, bar names, donut slices) */
  char **series;       /* value columns (BARS, DONUT: one; STACKED, LINES: one or more); TREND: KPI ids */
  size_t nseries;
  bool has_target;     /* a target line */
  double target;
  char *target_kpi;    /* or the target of this KPI (read from the results at render time) */
  size_t limit;        /* BARS: at most this many bars (0 = the chart's own maximum) */
  bool ascending;      /* BARS: lowest first (default highest first) */
  char **where_cols;   /* only the rows whose cell in where_cols[i] reads where_vals[i] (all of them), */
  char **where_vals;   /* e.g. one question of a long answer-distribution table */
  size_t nwhere;
} hf_chart_spec;

typedef struct hf_chart_list {
  hf_chart_spec *v;
  size_t n;
} hf_chart_list;

void chart_list_free(hf_chart_list *l);

/* ------------------------------------------------------------- brand */

typedef struct hf_brand {
  char *company;          /* overrides report.company when set */
  char *logo;             /* PNG or JPEG path (absolute, resolved by the reader), or NULL */
  uint32_t primary;       /* 0xRRGGBB: section bars, header band, bars */
  uint32_t accent;        /* secondary series, links */
  uint32_t good, bad;     /* target met / missed */
  uint32_t palette[8];    /* chart series, in order */
  size_t npalette;
  char *header;           /* running header text (pages 2+), placeholders allowed; NULL = the template's */
  char *footer;           /* footer left text; NULL = the template's */
  char *watermark;        /* e.g. "内部资料", or NULL */
  char *font;             /* a TrueType font (resolved by the reader, must exist), or NULL: report.font / the lookup order */
  int font_index;         /* face inside a .ttc */
} hf_brand;

/* The built-in brand: no logo, firebrick primary, a blue/green palette. */
void brand_default(hf_brand *b);
void brand_free(hf_brand *b);

/* ---------------------------------------------------------- template */

typedef enum hf_section_kind {
  HF_SEC_KPIS,        /* the KPI cards (with month-over-month deltas when --history gave them) */
  HF_SEC_CHARTS,      /* every chart of report.charts not placed by a HF_SEC_CHART */
  HF_SEC_CHART,       /* one chart: id */
  HF_SEC_TABLES,      /* every table not placed by a HF_SEC_TABLE (and not json/csv-only) */
  HF_SEC_TABLE,       /* one table: id */
  HF_SEC_TEXT,        /* a paragraph: text (placeholders allowed) */
  HF_SEC_INPUTS,      /* the data sources line */
  HF_SEC_WARNINGS,    /* 运行提示 */
  HF_SEC_TOC,         /* 目录 */
  HF_SEC_PAGE_BREAK
} hf_section_kind;

typedef struct hf_section {
  hf_section_kind kind;
  char *id;          /* CHART, TABLE */
  char *title;       /* optional title override (TABLE, CHART, TEXT) */
  char *text;        /* TEXT */
  bool landscape;    /* TABLE: on landscape pages */
  char **columns;    /* TABLE: the columns printed, in order (NULL: all of them) */
  size_t ncolumns;
  size_t limit;      /* TABLE, TABLES: at most this many rows per table (0 = the table's own limit);
                     ** CHARTS: at most this many charts (0 = all) */
} hf_section;

typedef struct hf_layout {
  char *name;          /* "月度报告" */
  char *file;          /* the template file, for messages */
  char sha256[65];     /* of the template file's bytes (recorded in the PDF's keywords) */
  bool landscape;      /* default orientation */
  bool cover;          /* page 1 opens with the title band (logo, title, subtitle) */
  char *header;        /* running header on pages 2+ ("{company} · {title}"), or NULL */
  char *footer_left;   /* "{policy} · 规则 {hash}" */
  char *footer_right;  /* "huifang {version}" */
  size_t max_pages;    /* 0 = no limit; else a warning when the document is longer (one-page summaries) */
  hf_section *sections;
  size_t nsections;
} hf_layout;

void layout_free(hf_layout *l);

/* The built-in monthly layout: templates/monthly.lua with its default
** options (toc on, portrait), under the name "月度报告（内置）". The renderer
** uses it when the caller gives no layout (unit tests). */
void layout_default(hf_layout *l);



/* ------------------------------------------------------- placeholders */

/* Expands {name} in tmpl into out (appended): each name is looked up with
** get(ctx, name); an unknown name is kept as written ("{nme}") so a typo is
** visible, "{{" is a literal "{". Returns out->data. */
struct hf_buf;
typedef const char *(*hf_placeholder_fn)(void *ctx, const char *name);
const char *layout_expand(const char *tmpl, hf_placeholder_fn get, void *ctx, struct hf_buf *out);

#endif
