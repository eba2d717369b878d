/*
** pdf_doc.h — internals shared by the PDF renderer's files (not a public API;
** the glyph tests use it to draw a character grid through the same path).
** pdf_doc.c: the document, the font, pages, footers, saving.
** pdf_text.c: UTF-8, the one place every drawn string is checked (pdf_clean),
**             width measurement (cached per code point), per-character wrapping.
** pdf_table.c: a results table across pages.
** pdf.c: render_pdf, the report's sections in order.
** Ownership: the pdf_ctx owns the libharu document, the glyph checker and all
** scratch buffers; pdf_doc_close frees them. libharu errors are recorded by the
** error handler (sticky) and checked with pdf_ok after each step.
*/
#ifndef HF_PDF_DOC_H
#define HF_PDF_DOC_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/diag.h"
#include "render/glyphs.h"
#include "policy/layout.h"
#include "render/pdf.h"
#include "report/results.h"

/* Page geometry (points, A4 portrait; the context's page_w/page_h/content_w/top
** hold the current orientation's values). */
#define PDF_PAGE_W 595.0f
#define PDF_PAGE_H 842.0f
#define PDF_MARGIN 40.0f
#define PDF_CONTENT_W (PDF_PAGE_W - 2 * PDF_MARGIN)
#define PDF_TOP (PDF_PAGE_H - PDF_MARGIN)
#define PDF_BOTTOM 58.0f   /* content stops here; the footer lives below */

/* Colours. */
typedef struct pdf_rgb { float r, g, b; } pdf_rgb;
extern const pdf_rgb PDF_BRAND, PDF_INK, PDF_GREY, PDF_LIGHT, PDF_ZEBRA, PDF_RULE, PDF_WHITE, PDF_OK, PDF_BAD;

/* Where a string is drawn, for warnings. Either text ("标题") or a table cell:
** table title, row (1-based; 0 = header row) and column label. */
typedef struct pdf_where {
  const char *text;
  const char *table;
  size_t row;
  const char *column;
} pdf_where;

/* One wrapped line: a byte range of a cleaned string. */
typedef struct pdf_line {
  size_t off, len;
  float width;     /* in points at the size it was wrapped for */
} pdf_line;

typedef struct pdf_lines {
  pdf_line *v;
  size_t n, cap;
} pdf_lines;

typedef struct pdf_ctx {
  HPDF_Doc doc;
  HPDF_Font font;
  hf_glyphs *glyphs;
  char font_label[256];     /* "WenQuanYi Zen Hei（wqy-zenhei.ttc）" for warnings */
  float ascent, descent;    /* font units per 1000 em */
  hf_results *r;
  /* first libharu error, recorded by the error handler */
  bool hpdf_failed;
  unsigned long hpdf_error, hpdf_detail;
  bool hpdf_reported;       /* err already filled by pdf_ok */
  /* pages */
  HPDF_Page *pages;
  size_t npages, cap_pages;
  HPDF_Page page;           /* current page */
  float y;                  /* top of the free space on the current page */
  /* text */
  float *widths;            /* per BMP code point, 1/1000 em; < 0 = not yet measured */
  uint64_t *seen;           /* open-addressing set of (character, place) hashes already warned */
  size_t seen_n, seen_cap;
  size_t undrawable;        /* occurrences replaced by a marker */
  size_t warned;            /* warnings added */
  size_t unlisted;          /* occurrences past the warning cap */
  bool quiet;               /* replace but do not warn (text of warnings themselves) */
  uint32_t marker;          /* U+25A1 □, or '?' when the font lacks it */
  /* geometry of the pages being added (pdf_set_landscape) */
  bool landscape;
  float page_w, page_h, content_w, top;
  /* look: the template, the brand's colours */
  const hf_layout *layout;
  const hf_brand *brand;
  const hf_chart_list *charts;
  const char *recipient;    /* --split-by: whose PDF this is, or NULL */
  const hf_history *history;  /* earlier months, or NULL */
  hf_layout own_layout;     /* the defaults when the options gave none */
  hf_brand own_brand;
  HPDF_Image logo;          /* the brand's logo in this pass's document, or NULL */
  struct hf_image *logo_img;  /* the brand's logo, decoded and validated once (pdf_doc_open) */
  pdf_rgb primary, accent, good, bad, light;
  pdf_rgb palette[8];       /* the brand's chart colours */
  size_t npalette;
  /* table of contents: the bookmarks of the last pass (titles, 0-based pages) */
  struct pdf_toc_entry { char *title; size_t page; bool listed; } *toc;
  size_t ntoc, cap_toc;
  size_t toc_shown;         /* entries the TOC section drew (or reserved) this pass */
  struct pdf_toc_entry *prev_toc;   /* the previous pass's entries: what the TOC shows */
  size_t nprev_toc;
  struct pdf_toc_link { size_t page, entry; float y, h; } *links;   /* TOC lines to link (pass 2) */
  size_t nlinks;
  bool repeat;              /* a repeated pass 1: warnings were already added */
  /* two passes (see pdf_doc_start_pass2) */
  uint8_t *drawn;           /* bitset of the BMP code points passed to pdf_draw (0x10000 bits) */
  bool pass2;               /* the font is the subset; warnings were already added in pass 1 */
  size_t pass1_pages;       /* pages of pass 1 (pass 2 must match) */
  size_t pass1_warnings;    /* warnings listed in 运行提示 by pass 1 (pass 2 lists the same) */
  char *font_path;          /* the chosen (full) font and face */
  int font_index;
  char *subset_path;        /* the subset's temp file (pass 2), removed by pdf_doc_close */
  hf_buf scratch;
  hf_buf tmp;
} pdf_ctx;

/* ---- pdf_doc.c */
/* Finds and validates the font, creates the document with it (pass 1: the
** whole font; every code point drawn is recorded in c->drawn). */
hf_status pdf_doc_open(pdf_ctx *c, hf_results *r, const hf_pdf_options *opt, hf_error *err);
/* Pass 2: builds the subset of the code points drawn in pass 1 (plus the
** marker) with font_subset_build (composites flattened), writes it to a temp
** file, throws the pass-1 document away and starts a fresh one whose font is
** the subset. Keeps the glyph checker and the width cache (layout stays
** identical; the subset's advances are checked against it); pages restart
** from none; from now on nothing is added to the results' warnings. */
hf_status pdf_doc_start_pass2(pdf_ctx *c, hf_error *err);
/* Throws the document away and starts again with the same font (pass 1
** again: used when the table of contents reserved the wrong number of lines).
** The bookmarks drawn so far become the next pass's table of contents. */
hf_status pdf_doc_restart(pdf_ctx *c, hf_error *err);
/* Pages added from now on are landscape (true) or portrait. */
void pdf_set_landscape(pdf_ctx *c, bool landscape);
/* Frees everything and removes the subset's temp file (any path). */
void pdf_doc_close(pdf_ctx *c);
/* False after any libharu error; fills err once with the error and step. */
bool pdf_ok(pdf_ctx *c, const char *step, hf_error *err);
/* Starts a new page; c->y = PDF_TOP. */
void pdf_new_page(pdf_ctx *c);
/* Starts a new page unless h points fit above PDF_BOTTOM; true when it did. */
bool pdf_need(pdf_ctx *c, float h);
/* A PDF outline entry (bookmark) for a section starting at c->y on the
** current page; also an entry of the table of contents. */
void pdf_bookmark(pdf_ctx *c, const char *title);
/* The running header (pages 2+), the watermark, and "第 N 页 / 共 M 页" with
** the template's footer texts on every page (after all content). */
void pdf_draw_footers(pdf_ctx *c);
/* tmpl with {company} {title} {period} {from} {to} {as_of} {policy} {hash}
** {version} {recipient} {template} {page} {pages} expanded (page 0-based). */
const char *pdf_expand(pdf_ctx *c, const char *tmpl, size_t page, hf_buf *out);
/* Sets document info (no dates) and writes the file atomically. */
hf_status pdf_doc_save(pdf_ctx *c, const char *path, hf_error *err);

void pdf_fill_rect(pdf_ctx *c, float x, float y, float w, float h, pdf_rgb col);
/* 0xRRGGBB (a brand colour) as libharu's 0..1 components. */
pdf_rgb pdf_rgb_hex(uint32_t v);
/* "by_agent、by_team…" (every table id of the results, or "无") into b, for messages. */
const char *pdf_table_ids(const hf_results *r, hf_buf *b);
/* "agent、name、…": a table's column ids into b ("无" when none), for messages. */
const char *pdf_column_ids(const hf_table *t, hf_buf *b);
void pdf_hline(pdf_ctx *c, float x0, float x1, float y, float width, pdf_rgb col);

/* ---- pdf_text.c */
/* The one gate for drawn text: copies s into out as drawable UTF-8 — every
** character the font cannot draw replaced by the marker and warned about
** once per (character, place); controls become spaces, newlines are kept when
** keep_newlines (else spaces). Returns out->data. */
const char *pdf_clean(pdf_ctx *c, const char *s, const pdf_where *where, bool keep_newlines, hf_buf *out);
/* Width in points of cleaned text at size. */
float pdf_width(pdf_ctx *c, const char *s, size_t len, float size);
/* Width of raw (not yet cleaned) text: its widest line, undrawables as the marker. */
float pdf_width_raw(pdf_ctx *c, const char *s, float size);
/* Breaks cleaned text into lines no wider than maxw, per character (CJK
** rules: closing punctuation never starts a line; Latin words kept whole when
** they fit). Always at least one line. */
void pdf_wrap(pdf_ctx *c, const char *s, float size, float maxw, pdf_lines *out);
void pdf_lines_free(pdf_lines *l);
/* Draws len bytes of cleaned text with its baseline at (x, y). bold
** simulates a bold face (fill then stroke). */
void pdf_draw(pdf_ctx *c, float x, float y, const char *s, size_t len, float size, pdf_rgb col, bool bold);
/* Cleans and draws s in one line, cut with "…" to maxw (maxw <= 0: no limit).
** align: 0 left from x, 1 centred on x, 2 right-aligned at x. Returns the width drawn. */
float pdf_text(pdf_ctx *c, float x, float y, const char *s, const pdf_where *where, float size, float maxw,
               int align, pdf_rgb col, bool bold);
/* Cleans, wraps to maxw and draws s from top y down; returns the height used
** (lines × lead). Breaks pages when needed (c->y is updated) when flow is true. */
float pdf_paragraph(pdf_ctx *c, float x, const char *s, const pdf_where *where, float size, float lead,
                    float maxw, pdf_rgb col, bool flow);
/* Draws s (cleaned) centred on (cx, cy), rotated by degrees, with fill
** opacity alpha (a watermark). */
void pdf_draw_rotated(pdf_ctx *c, float cx, float cy, const char *s, const pdf_where *where, float size,
                      float degrees, pdf_rgb col, float alpha);
/* Baseline offset from a line's top for a line of height lead. */
float pdf_baseline(const pdf_ctx *c, float size, float lead);
/* Adds the summary warning for undrawables past the cap (end of render). */
void pdf_text_finish(pdf_ctx *c);

/* ---- pdf_charts.c: the policy's charts from the results */
const hf_chart_spec *pdf_find_chart(const pdf_ctx *c, const char *id);
/* Every chart's table, columns (numeric values) and target KPI exist. */
hf_status pdf_check_charts(const pdf_ctx *c, hf_error *err);
/* Draws one chart as a section (title — or the given one — with bookmark, then the chart). */
void pdf_chart_spec(pdf_ctx *c, const hf_chart_spec *ch, const char *title);
void pdf_trend_chart(pdf_ctx *c, const hf_chart_spec *ch, const char *title);
/* A TOC line at (current page, y .. y + h) linking to TOC entry `entry`; the
** links are made by pdf_draw_links once every page exists. */
void pdf_toc_link(pdf_ctx *c, size_t entry, float y, float h);
void pdf_draw_links(pdf_ctx *c);

/* ---- pdf_table.c */
/* Formats a value by format into buf (PERCENT "93.5%", NUMBER "2.50", ...). */
const char *pdf_format_value(hf_format fmt, double v, char buf[64]);
/* Draws a table section: title, note, header row repeated per page, rows.
** cols: the columns printed, as indexes into t->cols in print order (NULL: all). */
void pdf_table(pdf_ctx *c, const hf_table *t, const size_t *cols, size_t ncols);
/* Draws a section title (brand bar + bold text), keeping `keep` points below it on the same page. */
void pdf_section_title(pdf_ctx *c, const char *title, float keep);

#endif
