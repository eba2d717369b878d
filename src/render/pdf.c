/*
** pdf.c — render_pdf: the report's sections in order (header band, KPI
** cards, data sources, every table, run warnings), then the footers once the
** page count is known, then the atomic save. Reads only the results model.
** Rendered twice: pass 1 with the whole font records the code points drawn
** (and adds the warnings); pass 2 renders the same pages with the document's
** font subset (pdf_doc_start_pass2) and is the one saved.
*/
#include "render/pdf.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "render/pdf_doc.h"

#define KPI_H 70.0f
#define KPI_GAP 8.0f

static const char *or_empty(const char *s) { return s ? s : ""; }

/* Title, subtitle (company · 统计期 · 截至) and the brand rule on page 1. */
static void draw_header_band(pdf_ctx *c) {
  const hf_results *r = c->r;
  pdf_where where = {"标题", NULL, 0, NULL};
  pdf_text(c, PDF_MARGIN, c->y - 22, r->title ? r->title : "质检报告", &where, 20, PDF_CONTENT_W, 0, PDF_INK,
           true);
  hf_buf sub;
  buf_init(&sub);
  if (r->company) buf_puts(&sub, r->company);
  if (r->period_from || r->period_to)
    buf_printf(&sub, "%s统计期 %s 至 %s", sub.len ? " · " : "", or_empty(r->period_from), or_empty(r->period_to));
  if (r->as_of) buf_printf(&sub, "%s截至 %s", sub.len ? " · " : "", r->as_of);
  pdf_where swhere = {"副标题", NULL, 0, NULL};
  if (sub.len) pdf_text(c, PDF_MARGIN, c->y - 42, sub.data, &swhere, 10, PDF_CONTENT_W, 0, PDF_GREY, false);
  buf_free(&sub);
  pdf_fill_rect(c, PDF_MARGIN, c->y - 54, PDF_CONTENT_W, 1.6f, PDF_BRAND);
  c->y -= 66;
}

static void draw_kpi(pdf_ctx *c, const hf_kpi *k, float x, float top, float w) {
  char where_buf[256], num[64], tgt[64];
  snprintf(where_buf, sizeof where_buf, "指标「%s」", or_empty(k->label));
  pdf_where where = {where_buf, NULL, 0, NULL};
  pdf_fill_rect(c, x, top - KPI_H, w, KPI_H, PDF_LIGHT);
  pdf_rgb accent = k->has_target ? (k->met ? PDF_OK : PDF_BAD) : PDF_BRAND;
  pdf_fill_rect(c, x, top - KPI_H, 3, KPI_H, accent);
  float tx = x + 11, tw = w - 18;
  pdf_text(c, tx, top - 16, k->label ? k->label : k->id, &where, 9, tw, 0, PDF_GREY, false);
  pdf_text(c, tx, top - 40, pdf_format_value(k->format, k->value, num), &where, 19, tw, 0, PDF_INK, true);
  float line = top - 55;
  if (k->has_target) {
    char target[128];
    snprintf(target, sizeof target, "目标 ≥ %s  ", pdf_format_value(k->format, k->target, tgt));
    float used = pdf_text(c, tx, line, target, &where, 8, tw, 0, PDF_GREY, false);
    pdf_text(c, tx + used, line, k->met ? "达标" : "未达标", &where, 8, tw - used, 0, k->met ? PDF_OK : PDF_BAD,
             true);
    line -= 11;
  }
  if (k->detail) pdf_text(c, tx, line, k->detail, &where, 8, tw, 0, PDF_GREY, false);
}

static void draw_kpis(pdf_ctx *c) {
  const hf_results *r = c->r;
  if (r->nkpis == 0) return;
  size_t n = r->nkpis;
  size_t cols = n <= 4 ? n : (n == 5 || n == 6 || n == 9) ? 3 : 4;
  float w = (PDF_CONTENT_W - (float)(cols - 1) * KPI_GAP) / (float)cols;
  for (size_t i = 0; i < n; i++) {
    if (i % cols == 0) {
      if (i > 0) c->y -= KPI_H + KPI_GAP;
      pdf_need(c, KPI_H);
    }
    draw_kpi(c, &r->kpis[i], PDF_MARGIN + (float)(i % cols) * (w + KPI_GAP), c->y, w);
  }
  c->y -= KPI_H + 10;
}

static void draw_inputs(pdf_ctx *c) {
  const hf_results *r = c->r;
  if (r->ninputs == 0) return;
  hf_buf s;
  buf_init(&s);
  buf_puts(&s, "数据来源：");
  for (size_t i = 0; i < r->ninputs; i++) {
    const hf_input_info *in = &r->inputs[i];
    if (!in->file) {  /* an optional input that was not provided */
      buf_printf(&s, "%s%s（未提供）", i ? "；" : "", or_empty(in->name));
      continue;
    }
    buf_printf(&s, "%s%s（%s，%lld 行，拒收 %lld 行，编码 %s）", i ? "；" : "", or_empty(in->name), or_empty(in->file),
               (long long)in->rows, (long long)in->rejected, in->encoding ? in->encoding : "—");
  }
  pdf_where where = {"数据来源说明", NULL, 0, NULL};
  pdf_paragraph(c, PDF_MARGIN, s.data, &where, 7.5f, 10.5f, PDF_CONTENT_W, PDF_GREY, true);
  buf_free(&s);
  c->y -= 4;
}

/* "运行提示": every warning so far, numbered and wrapped. Their text quotes
** undrawable characters already reported, so those are not reported again.
** Pass 2 lists exactly the warnings pass 1 listed (pass 1 may add more while
** drawing this section; those were not listed in pass 1 either). */
static void draw_warnings(pdf_ctx *c) {
  hf_results *r = c->r;
  pdf_text_finish(c);
  size_t n = c->pass2 ? c->pass1_warnings : r->nwarnings;
  c->pass1_warnings = n;
  if (n == 0) return;
  pdf_section_title(c, "运行提示", 30);
  c->quiet = true;
  char num[32], where_buf[64];
  for (size_t i = 0; i < n; i++) {
    snprintf(num, sizeof num, "%zu.", i + 1);
    snprintf(where_buf, sizeof where_buf, "运行提示第 %zu 条", i + 1);
    pdf_where where = {where_buf, NULL, 0, NULL};
    pdf_need(c, 12);
    pdf_text(c, PDF_MARGIN, c->y - pdf_baseline(c, 8, 12), num, &where, 8, 0, 0, PDF_GREY, false);
    pdf_paragraph(c, PDF_MARGIN + 20, r->warnings[i], &where, 8, 12, PDF_CONTENT_W - 20, PDF_INK, true);
    c->y -= 2;
  }
  c->quiet = false;
  pdf_text_finish(c);
}

/* Every page of the report, footers included. */
static hf_status draw_report(pdf_ctx *c, hf_error *err) {
  hf_results *r = c->r;
  pdf_new_page(c);
  draw_header_band(c);
  draw_kpis(c);
  draw_inputs(c);
  if (!pdf_ok(c, "页眉与指标", err)) return HF_ERR_IO;
  for (size_t i = 0; i < r->ntables; i++) {
    if (r->tables[i]->no_pdf) continue;
    pdf_table(c, r->tables[i]);
    if (!pdf_ok(c, r->tables[i]->id, err)) return HF_ERR_IO;
  }
  draw_warnings(c);
  pdf_draw_footers(c);
  pdf_text_finish(c);
  if (!pdf_ok(c, "运行提示与页脚", err)) return HF_ERR_IO;
  return HF_OK;
}

hf_status render_pdf(hf_results *r, const hf_pdf_options *opt, const char *path, hf_error *err) {
  pdf_ctx c;
  hf_status st = pdf_doc_open(&c, r, opt, err);
  if (st == HF_OK) st = draw_report(&c, err);          /* pass 1: whole font, never saved */
  if (st == HF_OK) st = pdf_doc_start_pass2(&c, err);
  if (st == HF_OK) st = draw_report(&c, err);          /* pass 2: the subset */
  if (st == HF_OK && c.npages != c.pass1_pages)
    st = hf_fail(err, HF_ERR_IO, "内部错误：PDF 两遍渲染的页数不同（%zu 与 %zu）", c.pass1_pages, c.npages);
  if (st == HF_OK) st = pdf_doc_save(&c, path, err);
  pdf_doc_close(&c);
  return st;
}
