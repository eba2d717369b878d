/*
** pdf.c — render_pdf: the template's sections in order (title band, KPI
** cards, data sources, table of contents, charts, tables, text, run
** warnings), then the running header, watermark and footers once the page
** count is known, then the atomic save. Reads only the results model and the
** layout structs (policy/layout.h).
** Passes: pass 1 renders with the whole font, records the code points drawn
** and adds the warnings; it is repeated (at most 4 times) until the table of
** contents shows the pages the sections really start on. Pass 2 renders the
** same pages with the document's font subset (pdf_doc_start_pass2) and is the
** one saved.
*/
#include "render/pdf.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "render/image.h"
#include "render/pdf_doc.h"

#define KPI_H 70.0f
#define KPI_DELTA_H 11.0f   /* the "较上月 …" line, with --history */
#define KPI_GAP 8.0f

static const char *or_empty(const char *s) { return s ? s : ""; }

/* Title, subtitle (company · 统计期 · 截至 · 收件人) and the brand rule on page 1. */
static void draw_header_band(pdf_ctx *c) {
  const hf_results *r = c->r;
  const char *company = c->brand->company ? c->brand->company : r->company;
  pdf_where where = {"标题", NULL, 0, NULL};
  float text_w = c->content_w;
  if (c->logo_img) {   /* top right, at most 40 pt high and 130 pt wide, aspect kept */
    if (!c->logo) c->logo = image_to_pdf(c->doc, c->logo_img);
    if (c->logo) {
      float iw = (float)c->logo_img->width, ih = (float)c->logo_img->height;
      float scale = 40.0f / ih < 130.0f / iw ? 40.0f / ih : 130.0f / iw;
      float w = iw * scale, h = ih * scale;
      HPDF_Page_DrawImage(c->page, c->logo, PDF_MARGIN + c->content_w - w, c->y - 4 - h, w, h);
      text_w -= w + 12;
    }
  }
  pdf_text(c, PDF_MARGIN, c->y - 22, r->title ? r->title : "质检报告", &where, 20, text_w, 0, PDF_INK, true);
  hf_buf sub;
  buf_init(&sub);
  /* The recipient first: when the line is cut to fit beside the logo, it is
  ** never their name that goes. */
  if (c->recipient) buf_printf(&sub, "收件人 %s", c->recipient);
  if (company) buf_printf(&sub, "%s%s", sub.len ? " · " : "", company);
  if (r->period_from || r->period_to)
    buf_printf(&sub, "%s统计期 %s 至 %s", sub.len ? " · " : "", or_empty(r->period_from), or_empty(r->period_to));
  if (r->as_of) buf_printf(&sub, "%s截至 %s", sub.len ? " · " : "", r->as_of);
  pdf_where swhere = {"副标题", NULL, 0, NULL};
  if (sub.len) pdf_text(c, PDF_MARGIN, c->y - 42, sub.data, &swhere, 10, text_w, 0, PDF_GREY, false);
  buf_free(&sub);
  pdf_fill_rect(c, PDF_MARGIN, c->y - 54, c->content_w, 1.6f, c->primary);
  c->y -= 66;
}

static void draw_kpi(pdf_ctx *c, const hf_kpi *k, float x, float top, float w) {
  char where_buf[256], num[64], tgt[64];
  snprintf(where_buf, sizeof where_buf, "指标「%s」", or_empty(k->label));
  pdf_where where = {where_buf, NULL, 0, NULL};
  const float kh = KPI_H + (c->history ? KPI_DELTA_H : 0);
  pdf_fill_rect(c, x, top - kh, w, kh, c->light);
  pdf_rgb accent = k->has_target ? (k->met ? c->good : c->bad) : c->primary;
  pdf_fill_rect(c, x, top - kh, 3, kh, accent);
  float tx = x + 11, tw = w - 18;
  pdf_text(c, tx, top - 16, k->label ? k->label : k->id, &where, 9, tw, 0, PDF_GREY, false);
  pdf_text(c, tx, top - 40, pdf_format_value(k->format, k->value, num), &where, 19, tw, 0, PDF_INK, true);
  float line = top - 55;
  if (c->history && k->id) {   /* month over month: the latest earlier month that has this KPI */
    const hf_history_kpi *prev = NULL;
    for (size_t m = c->history->nmonths; m-- > 0 && !prev;) prev = history_month_kpi(&c->history->months[m], k->id);
    char delta[HF_DELTA_TEXT_MAX];
    if (prev && history_delta_text(prev->value, k->value, k->format, delta))
      pdf_text(c, tx, line, delta, &where, 8, tw, 0, PDF_GREY, false);
    line -= KPI_DELTA_H;
  }
  if (k->has_target) {
    char target[128];
    snprintf(target, sizeof target, "目标 ≥ %s  ", pdf_format_value(k->format, k->target, tgt));
    float used = pdf_text(c, tx, line, target, &where, 8, tw, 0, PDF_GREY, false);
    pdf_text(c, tx + used, line, k->met ? "达标" : "未达标", &where, 8, tw - used, 0, k->met ? c->good : c->bad,
             true);
    line -= 11;
  }
  if (k->detail) pdf_text(c, tx, line, k->detail, &where, 8, tw, 0, PDF_GREY, false);
}

static void draw_kpis(pdf_ctx *c) {
  const hf_results *r = c->r;
  if (r->nkpis == 0) return;
  const float kh = KPI_H + (c->history ? KPI_DELTA_H : 0);
  size_t n = r->nkpis;
  size_t cols = n <= 4 ? n : (n == 5 || n == 6 || n == 9) ? 3 : 4;
  float w = (c->content_w - (float)(cols - 1) * KPI_GAP) / (float)cols;
  for (size_t i = 0; i < n; i++) {
    if (i % cols == 0) {
      if (i > 0) c->y -= kh + KPI_GAP;
      pdf_need(c, kh);
    }
    draw_kpi(c, &r->kpis[i], PDF_MARGIN + (float)(i % cols) * (w + KPI_GAP), c->y, w);
  }
  c->y -= kh + 10;
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
  pdf_paragraph(c, PDF_MARGIN, s.data, &where, 7.5f, 10.5f, c->content_w, PDF_GREY, true);
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
    pdf_paragraph(c, PDF_MARGIN + 20, r->warnings[i], &where, 8, 12, c->content_w - 20, PDF_INK, true);
    c->y -= 2;
  }
  c->quiet = false;
  pdf_text_finish(c);
}

/* 目录: the previous pass's bookmarks with their pages (dotted leaders,
** each line a link). The first pass has none yet and reserves no lines; the
** passes repeat until the pages shown are the pages found. */
static void draw_toc(pdf_ctx *c) {
  if (c->nprev_toc == 0) return;
  pdf_section_title(c, "目录", 18 * 3);
  c->toc[c->ntoc - 1].listed = false;   /* in the outline, not in itself */
  const float lead = 17, size = 10;
  pdf_where where = {"目录", NULL, 0, NULL};
  for (size_t i = 0; i < c->nprev_toc; i++) {
    const struct pdf_toc_entry *e = &c->prev_toc[i];
    if (!e->listed) continue;
    pdf_need(c, lead);
    char num[32];
    snprintf(num, sizeof num, "%zu", e->page + 1);
    float base = c->y - pdf_baseline(c, size, lead), right = PDF_MARGIN + c->content_w;
    float nw = pdf_width_raw(c, num, size);
    float tw = pdf_text(c, PDF_MARGIN + 8, base, e->title, &where, size, c->content_w * 0.8f, 0, PDF_INK, false);
    for (float x = PDF_MARGIN + 8 + tw + 6; x < right - nw - 6; x += 4) pdf_fill_rect(c, x, base + 1, 0.8f, 0.8f, PDF_RULE);
    pdf_text(c, right, base, num, &where, size, 0, 2, PDF_INK, false);
    pdf_toc_link(c, i, c->y - lead, lead);
    c->y -= lead;
  }
  c->toc_shown = c->nprev_toc;   /* compared with this pass's bookmarks: all of them, listed or not */
  c->y -= 6;
}

static bool in_sections(const hf_layout *l, hf_section_kind kind, const char *id) {
  for (size_t i = 0; i < l->nsections; i++)
    if (l->sections[i].kind == kind && l->sections[i].id && strcmp(l->sections[i].id, id) == 0) return true;
  return false;
}

/* One table, maybe titled, limited and on landscape pages by the template. */
static void draw_table(pdf_ctx *c, const hf_table *t, const hf_section *s) {
  hf_table view = *t;
  if (s && s->kind == HF_SEC_TABLE && s->title) view.title = s->title;
  if (s && s->limit && (view.pdf_limit == 0 || s->limit < view.pdf_limit)) view.pdf_limit = s->limit;
  bool turn = s && s->kind == HF_SEC_TABLE && s->landscape != c->landscape;
  if (turn) {
    pdf_set_landscape(c, s->landscape);
    c->y = 0;   /* the next pdf_need starts a page of the new orientation */
  }
  size_t *cols = NULL;   /* the template's columns = { ... }, checked by check_layout */
  if (s && s->ncolumns) {
    cols = hf_xcalloc(s->ncolumns, sizeof *cols);
    for (size_t i = 0; i < s->ncolumns; i++) cols[i] = (size_t)table_column(t, s->columns[i]);
  }
  pdf_table(c, &view, cols, s ? s->ncolumns : 0);
  free(cols);
  if (turn) {
    pdf_set_landscape(c, c->layout->landscape);
    c->y = 0;
  }
}

static void draw_text_section(pdf_ctx *c, const hf_section *s) {
  hf_buf text;
  buf_init(&text);
  pdf_expand(c, s->text, c->npages ? c->npages - 1 : 0, &text);
  if (s->title) pdf_section_title(c, s->title, 30);
  pdf_where where = {"模板文字", NULL, 0, NULL};
  pdf_paragraph(c, PDF_MARGIN, text.data, &where, 9.5f, 15, c->content_w, PDF_INK, true);
  c->y -= 8;
  buf_free(&text);
}

static void draw_section(pdf_ctx *c, const hf_section *s) {
  hf_results *r = c->r;
  const hf_layout *l = c->layout;
  switch (s->kind) {
    case HF_SEC_KPIS: draw_kpis(c); break;
    case HF_SEC_INPUTS: draw_inputs(c); break;
    case HF_SEC_TOC: draw_toc(c); break;
    case HF_SEC_WARNINGS: draw_warnings(c); break;
    case HF_SEC_PAGE_BREAK: c->y = 0; break;
    case HF_SEC_TEXT: draw_text_section(c, s); break;
    case HF_SEC_CHART: pdf_chart_spec(c, pdf_find_chart(c, s->id), s->title); break;
    case HF_SEC_CHARTS:
      for (size_t i = 0, drawn = 0; c->charts && i < c->charts->n && (!s->limit || drawn < s->limit); i++)
        if (!in_sections(l, HF_SEC_CHART, c->charts->v[i].id)) {
          pdf_chart_spec(c, &c->charts->v[i], NULL);
          drawn++;
        }
      break;
    case HF_SEC_TABLE: draw_table(c, results_table(r, s->id), s); break;
    case HF_SEC_TABLES:
      for (size_t i = 0; i < r->ntables; i++)
        if (!r->tables[i]->no_pdf && !in_sections(l, HF_SEC_TABLE, r->tables[i]->id)) draw_table(c, r->tables[i], s);
      break;
  }
}

/* Every page of the report, footers included. */
static hf_status draw_report(pdf_ctx *c, hf_error *err) {
  const hf_layout *l = c->layout;
  pdf_new_page(c);
  if (l->cover) draw_header_band(c);
  if (!pdf_ok(c, "页眉", err)) return HF_ERR_IO;
  for (size_t i = 0; i < l->nsections; i++) {
    draw_section(c, &l->sections[i]);
    if (!pdf_ok(c, l->name, err)) return HF_ERR_IO;
  }
  pdf_draw_footers(c);
  pdf_draw_links(c);
  pdf_text_finish(c);
  if (!pdf_ok(c, "页眉页脚与目录链接", err)) return HF_ERR_IO;
  return HF_OK;
}

/* The names a template or chart uses must exist in these results. */
static hf_status check_layout(pdf_ctx *c, hf_error *err) {
  const hf_layout *l = c->layout;
  for (size_t i = 0; i < l->nsections; i++) {
    const hf_section *s = &l->sections[i];
    if (s->kind == HF_SEC_TABLE && !results_table(c->r, s->id)) {
      hf_buf ids;
      buf_init(&ids);
      hf_status st = hf_fail(err, HF_ERR_DATA, "模板 %s：sections[%zu]：没有名为「%s」的表（本次结果中的表：%s）", l->file,
                             i + 1, s->id, pdf_table_ids(c->r, &ids));
      buf_free(&ids);
      return st;
    }
    for (size_t k = 0; s->kind == HF_SEC_TABLE && k < s->ncolumns; k++) {
      const hf_table *t = results_table(c->r, s->id);
      if (table_column(t, s->columns[k]) >= 0) continue;
      hf_buf cols;
      buf_init(&cols);
      hf_status st = hf_fail(err, HF_ERR_DATA, "模板 %s：sections[%zu].columns：表「%s」没有列「%s」（它的列：%s）", l->file,
                             i + 1, s->id, s->columns[k], pdf_column_ids(t, &cols));
      buf_free(&cols);
      return st;
    }
    if (s->kind == HF_SEC_CHART && !pdf_find_chart(c, s->id))
      return hf_fail(err, HF_ERR_DATA, "模板 %s：sections[%zu]：规则的 report.charts 中没有 id 为「%s」的图表", l->file,
                     i + 1, s->id);
  }
  return pdf_check_charts(c, err);
}

/* True when the table of contents shows exactly the bookmarks of this pass. */
static bool toc_settled(const pdf_ctx *c) {
  if (c->toc_shown != c->ntoc || c->nprev_toc != c->ntoc) return false;
  for (size_t i = 0; i < c->ntoc; i++)
    if (c->toc[i].page != c->prev_toc[i].page || strcmp(c->toc[i].title, c->prev_toc[i].title) != 0) return false;
  return true;
}

static bool has_toc(const hf_layout *l) {
  for (size_t i = 0; i < l->nsections; i++)
    if (l->sections[i].kind == HF_SEC_TOC) return true;
  return false;
}

hf_status render_pdf(hf_results *r, const hf_pdf_options *opt, const char *path, hf_error *err) {
  pdf_ctx c;
  hf_status st = pdf_doc_open(&c, r, opt, err);
  if (st == HF_OK) st = check_layout(&c, err);
  if (st == HF_OK) st = draw_report(&c, err);          /* pass 1: whole font, never saved */
  for (int tries = 0; st == HF_OK && has_toc(c.layout) && !toc_settled(&c) && tries < 3; tries++) {
    st = pdf_doc_restart(&c, err);   /* repeated passes add no warnings (c.repeat) */
    if (st == HF_OK) st = draw_report(&c, err);
  }
  if (st == HF_OK && c.layout->max_pages && c.npages > c.layout->max_pages)
    results_warn(r, "PDF：模板「%s」应不超过 %zu 页，实际 %zu 页%s%s%s", c.layout->name, c.layout->max_pages, c.npages,
                 c.recipient ? "（收件人 " : "", c.recipient ? c.recipient : "", c.recipient ? "）" : "");
  if (st == HF_OK) st = pdf_doc_start_pass2(&c, err);
  if (st == HF_OK) st = draw_report(&c, err);          /* pass 2: the subset */
  if (st == HF_OK && c.npages != c.pass1_pages)
    st = hf_fail(err, HF_ERR_IO, "内部错误：PDF 两遍渲染的页数不同（%zu 与 %zu）", c.pass1_pages, c.npages);
  if (st == HF_OK) st = pdf_doc_save(&c, path, err);
  if (st == HF_OK && opt && opt->pages_out) *opt->pages_out = c.npages;
  pdf_doc_close(&c);
  return st;
}
