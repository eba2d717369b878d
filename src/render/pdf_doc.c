/*
** pdf_doc.c — the libharu document: font choice and loading, the switch to
** the per-document font subset (pass 2), pages, footers, document info and
** the atomic save. See pdf_doc.h for the context's rules.
*/
#include "render/pdf_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/outfile.h"
#include "render/font_subset.h"
#include "render/image.h"
#include "render/fontfind.h"

const pdf_rgb PDF_BRAND = {0.698f, 0.133f, 0.133f};   /* #B22222 */
const pdf_rgb PDF_INK = {0.13f, 0.13f, 0.13f};
const pdf_rgb PDF_GREY = {0.42f, 0.42f, 0.42f};
const pdf_rgb PDF_LIGHT = {0.965f, 0.953f, 0.953f};
const pdf_rgb PDF_ZEBRA = {0.968f, 0.968f, 0.968f};
const pdf_rgb PDF_RULE = {0.80f, 0.80f, 0.80f};
const pdf_rgb PDF_WHITE = {1.0f, 1.0f, 1.0f};
const pdf_rgb PDF_OK = {0.180f, 0.490f, 0.196f};      /* #2E7D32 */
const pdf_rgb PDF_BAD = {0.776f, 0.157f, 0.157f};     /* #C62828 */

/* libharu calls this on every error; the error stays set (sticky) and we
** check it with pdf_ok after each step. Only the first one is kept. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
  pdf_ctx *c = user_data;
  if (error_no == HPDF_STREAM_EOF) return;   /* the normal end of HPDF_ReadFromStream */
  if (c->hpdf_failed) return;
  c->hpdf_failed = true;
  c->hpdf_error = (unsigned long)error_no;
  c->hpdf_detail = (unsigned long)detail_no;
}

bool pdf_ok(pdf_ctx *c, const char *step, hf_error *err) {
  if (!c->hpdf_failed) return true;
  if (!c->hpdf_reported) {
    c->hpdf_reported = true;
    hf_fail(err, HF_ERR_IO, "生成 PDF 失败（%s）：libharu 错误 0x%04lX，细节 %lu", step, c->hpdf_error,
            c->hpdf_detail);
  }
  return false;
}

/* Tries the candidates in order; the first that FreeType validates wins.
** A font the policy named is the only candidate and its error is final. */
static hf_status choose_font(pdf_ctx *c, const hf_pdf_options *opt, hf_font_candidate *chosen, hf_error *err) {
  hf_font_list list;
  hf_status st = fontfind_resolve(opt ? opt->font_path : NULL, opt ? opt->font_index : 0,
                                  opt ? opt->base_dir : NULL, &list, err);
  if (st != HF_OK) return st;
  hf_error last;
  last.status = HF_OK;
  last.message[0] = '\0';
  for (size_t i = 0; i < list.n && !c->glyphs; i++) {
    st = glyphs_open(&c->glyphs, list.items[i].path, list.items[i].index, &last);
    if (st == HF_OK) {
      chosen->path = hf_xstrdup(list.items[i].path);
      chosen->index = list.items[i].index;
    }
  }
  if (!c->glyphs) {
    if (list.user) st = hf_fail(err, HF_ERR_DATA, "%s", last.message);
    else
      st = hf_fail(err, HF_ERR_IO, "没有可用的中文字体（%s）：请安装 fonts-wqy-zenhei（make setup）", last.message);
  }
  fontfind_free(&list);
  return c->glyphs ? HF_OK : st;
}

/* libharu 2.3.0 hands a UTF-8 (Identity-H) font its *encoding* CMap as the
** /ToUnicode stream: a cidrange where a ToUnicode CMap needs bfrange, so
** poppler warns "Invalid 'begincidrange' operator in ToUnicode CMap" on
** every page and falls back to guessing from the embedded cmap. The codes
** libharu writes are the UCS-2 code points themselves, so the right
** ToUnicode is the identity over the BMP: one bfrange per high byte
** (a bfrange may not cross a low-byte boundary), surrogates left out.
** The stream is rewritten in place through libharu's exported (internal)
** stream and font structures; it is flate-compressed like the others. */
static hf_status fix_to_unicode(pdf_ctx *c, hf_error *err) {
  HPDF_FontAttr attr = (HPDF_FontAttr)c->font->attr;
  HPDF_Dict cmap = attr ? attr->cmap_stream : NULL;
  if (!cmap || !cmap->stream || cmap->stream->type != HPDF_STREAM_MEMORY)
    return hf_fail(err, HF_ERR_IO, "libharu 的字体没有 ToUnicode 流（版本不符？）");
  HPDF_MemStream_FreeData(cmap->stream);
  HPDF_Dict_RemoveElement(cmap, "CMapName");
  HPDF_Dict_RemoveElement(cmap, "WMode");
  HPDF_Dict_RemoveElement(cmap, "Type");
  HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
  hf_buf b;
  buf_init(&b);
  buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  int hi[256], n = 0;
  for (int h = 0; h < 256; h++)
    if (h < 0xD8 || h > 0xDF) hi[n++] = h;
  for (int i = 0; i < n; i += 100) {
    int m = n - i < 100 ? n - i : 100;
    buf_printf(&b, "%d beginbfrange\n", m);
    for (int k = i; k < i + m; k++) buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi[k], hi[k], hi[k]);
    buf_puts(&b, "endbfrange\n");
  }
  buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  HPDF_STATUS st = HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
  buf_free(&b);
  if (st != HPDF_OK) return hf_fail(err, HF_ERR_IO, "无法写出 ToUnicode 表（libharu 错误 0x%04lX）", (unsigned long)st);
  return HF_OK;
}

/* Pass 1 loads the whole font (face f->index of a .ttc); pass 2 loads the
** subset, always a plain .ttf (HPDF_LoadTTFontFromFile, never File2), and
** keeps pass 1's metrics and label. libharu reads the file again when it
** saves: the subset's temp file lives until pdf_doc_close. */
static hf_status load_font(pdf_ctx *c, const hf_font_candidate *f, hf_error *err) {
  const char *name = !c->pass2 && glyphs_is_collection(c->glyphs)
                         ? HPDF_LoadTTFontFromFile2(c->doc, f->path, (HPDF_UINT)f->index, HPDF_TRUE)
                         : HPDF_LoadTTFontFromFile(c->doc, f->path, HPDF_TRUE);
  /* A truncated font returns NULL with no error set: check both. */
  if (!name || c->hpdf_failed)
    return hf_fail(err, HF_ERR_DATA, "libharu 无法加载字体 %s（第 %d 个字体，错误 0x%04lX）：文件可能已截断或损坏", f->path,
                   f->index, c->hpdf_error);
  c->font = HPDF_GetFont(c->doc, name, "UTF-8");
  if (!c->font || c->hpdf_failed)
    return hf_fail(err, HF_ERR_DATA, "libharu 无法以 UTF-8 使用字体 %s（错误 0x%04lX）", f->path, c->hpdf_error);
  if (fix_to_unicode(c, err) != HF_OK) return HF_ERR_IO;
  if (c->pass2) return HF_OK;
  c->ascent = (float)HPDF_Font_GetAscent(c->font);
  c->descent = (float)HPDF_Font_GetDescent(c->font);
  if (c->ascent <= 0 || c->ascent - c->descent <= 0) {
    c->ascent = 880;
    c->descent = -120;
  }
  const char *slash = strrchr(f->path, '/');
  snprintf(c->font_label, sizeof c->font_label, "%s（%s）", glyphs_family(c->glyphs), slash ? slash + 1 : f->path);
  return HF_OK;
}

static hf_status new_doc(pdf_ctx *c, hf_error *err) {
  c->doc = HPDF_NewEx(on_hpdf_error, NULL, NULL, 0, c);
  if (!c->doc) return hf_fail(err, HF_ERR_IO, "无法创建 PDF 文档（libharu 内存不足）");
  HPDF_SetCompressionMode(c->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(c->doc);
  HPDF_SetCurrentEncoder(c->doc, "UTF-8");
  if (!pdf_ok(c, "设置 UTF-8 编码", err)) return HF_ERR_IO;
  return HF_OK;
}

const char *pdf_table_ids(const hf_results *r, hf_buf *b) {
  for (size_t k = 0; k < r->ntables; k++) buf_printf(b, "%s%s", k ? "、" : "", r->tables[k]->id);
  if (!b->len) buf_puts(b, "无");
  return b->data;
}

const char *pdf_column_ids(const hf_table *t, hf_buf *b) {
  for (size_t k = 0; k < t->ncols; k++) buf_printf(b, "%s%s", k ? "、" : "", t->cols[k].id);
  if (!b->len) buf_puts(b, "无");
  return b->data;
}

pdf_rgb pdf_rgb_hex(uint32_t v) {
  return (pdf_rgb){(float)((v >> 16) & 0xFF) / 255.0f, (float)((v >> 8) & 0xFF) / 255.0f, (float)(v & 0xFF) / 255.0f};
}

/* The template, the brand's colours (a 5% tint of the primary for the KPI
** cards) and the first pages' geometry. */
static void set_look(pdf_ctx *c, const hf_pdf_options *opt) {
  if (opt && opt->layout) c->layout = opt->layout;
  else {
    layout_default(&c->own_layout);
    c->layout = &c->own_layout;
  }
  if (opt && opt->brand) c->brand = opt->brand;
  else {
    brand_default(&c->own_brand);
    c->brand = &c->own_brand;
  }
  c->charts = opt ? opt->charts : NULL;
  c->recipient = opt ? opt->recipient : NULL;
  c->history = opt && opt->history && opt->history->nmonths ? opt->history : NULL;
  c->primary = pdf_rgb_hex(c->brand->primary);
  c->accent = pdf_rgb_hex(c->brand->accent);
  c->good = pdf_rgb_hex(c->brand->good);
  c->bad = pdf_rgb_hex(c->brand->bad);
  c->npalette = c->brand->npalette < 8 ? c->brand->npalette : 8;
  for (size_t k = 0; k < c->npalette; k++) c->palette[k] = pdf_rgb_hex(c->brand->palette[k]);
  c->light = (pdf_rgb){0.95f + 0.05f * c->primary.r, 0.95f + 0.05f * c->primary.g, 0.95f + 0.05f * c->primary.b};
  pdf_set_landscape(c, c->layout->landscape);
}

void pdf_set_landscape(pdf_ctx *c, bool landscape) {
  c->landscape = landscape;
  c->page_w = landscape ? PDF_PAGE_H : PDF_PAGE_W;
  c->page_h = landscape ? PDF_PAGE_W : PDF_PAGE_H;
  c->content_w = c->page_w - 2 * PDF_MARGIN;
  c->top = c->page_h - PDF_MARGIN;
}

hf_status pdf_doc_open(pdf_ctx *c, hf_results *r, const hf_pdf_options *opt, hf_error *err) {
  memset(c, 0, sizeof *c);
  c->r = r;
  buf_init(&c->scratch);
  buf_init(&c->tmp);
  set_look(c, opt);
  if (c->brand->logo) {   /* decoded by us: libharu never parses the PNG/JPEG itself */
    c->logo_img = hf_xcalloc(1, sizeof *c->logo_img);
    hf_status lst = image_load(c->brand->logo, c->logo_img, err);
    if (lst != HF_OK) return lst;
  }
  hf_font_candidate chosen = {.path = NULL};
  hf_status st = choose_font(c, opt, &chosen, err);
  if (st != HF_OK) return st;
  c->font_path = chosen.path;   /* owned by c from now on */
  c->font_index = chosen.index;
  st = new_doc(c, err);
  if (st != HF_OK) return st;
  st = load_font(c, &chosen, err);
  if (st != HF_OK) return st;
  c->widths = hf_xmalloc(0x10000 * sizeof *c->widths);
  for (size_t i = 0; i < 0x10000; i++) c->widths[i] = -1.0f;
  c->drawn = hf_xcalloc(0x10000 / 8, 1);
  c->marker = glyphs_drawable(glyphs_check(c->glyphs, 0x25A1)) ? 0x25A1 : '?';
  return HF_OK;
}

static void free_toc(struct pdf_toc_entry *v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i].title);
  free(v);
}

/* Frees the document of a pass; its bookmarks become the next pass's table of contents. */
static void discard(pdf_ctx *c) {
  HPDF_Free(c->doc);
  c->doc = NULL;
  c->font = NULL;
  c->logo = NULL;
  c->npages = 0;
  c->page = NULL;
  c->y = 0;
  c->hpdf_failed = c->hpdf_reported = false;
  c->hpdf_error = c->hpdf_detail = 0;
  free_toc(c->prev_toc, c->nprev_toc);
  c->prev_toc = c->toc;
  c->nprev_toc = c->ntoc;
  c->toc = NULL;
  c->ntoc = c->cap_toc = 0;
  c->toc_shown = 0;
  free(c->links);
  c->links = NULL;
  c->nlinks = 0;
  pdf_set_landscape(c, c->layout->landscape);
}

hf_status pdf_doc_restart(pdf_ctx *c, hf_error *err) {
  bool pass2 = c->pass2;
  c->repeat = true;
  discard(c);
  hf_status st = new_doc(c, err);
  if (st != HF_OK) return st;
  hf_font_candidate f = {.path = pass2 ? c->subset_path : c->font_path, .index = pass2 ? 0 : c->font_index};
  return load_font(c, &f, err);
}

static bool drawn(const pdf_ctx *c, uint32_t cp) { return (c->drawn[cp >> 3] >> (cp & 7)) & 1u; }

hf_status pdf_doc_start_pass2(pdf_ctx *c, hf_error *err) {
  if (c->pass2 || !c->doc) return hf_fail(err, HF_ERR_IO, "内部错误：PDF 第二遍渲染的顺序不对");
  c->drawn[c->marker >> 3] |= (uint8_t)(1u << (c->marker & 7));
  uint32_t *cps = hf_xmalloc(0x10000 * sizeof *cps);
  size_t n = 0;
  for (uint32_t cp = 0; cp < 0x10000; cp++)
    if (drawn(c, cp)) cps[n++] = cp;
  hf_buf ttf;
  buf_init(&ttf);
  hf_status st = font_subset_build(c->font_path, c->font_index, cps, n, &ttf, err);
  free(cps);
  if (st == HF_OK) st = font_subset_write_temp(&ttf, &c->subset_path, err);
  buf_free(&ttf);
  if (st != HF_OK) return st;
  /* Pass 1's document is discarded, never saved. */
  c->pass1_pages = c->npages;
  discard(c);
  c->pass2 = true;
  st = new_doc(c, err);
  if (st != HF_OK) return st;
  hf_font_candidate sub = {.path = c->subset_path};
  st = load_font(c, &sub, err);
  if (st != HF_OK) return st;
  /* Layout reuses pass 1's widths; the PDF's widths come from the subset. */
  for (uint32_t cp = 0; cp < 0x10000; cp++) {
    if (!drawn(c, cp) || c->widths[cp] < 0) continue;
    float w = (float)HPDF_Font_GetUnicodeWidth(c->font, (HPDF_UNICODE)cp);
    if (w != c->widths[cp])
      return hf_fail(err, HF_ERR_IO, "内部错误：字体子集中 U+%04X 的字宽 %.0f 与原字体 %s 的 %.0f 不同", (unsigned)cp,
                     (double)w, c->font_path, (double)c->widths[cp]);
  }
  return HF_OK;
}

void pdf_doc_close(pdf_ctx *c) {
  if (c->doc) HPDF_Free(c->doc);
  free_toc(c->toc, c->ntoc);
  free_toc(c->prev_toc, c->nprev_toc);
  free(c->links);
  layout_free(&c->own_layout);
  image_free(c->logo_img);
  free(c->logo_img);
  brand_free(&c->own_brand);
  font_subset_remove_temp(c->subset_path);   /* after HPDF_Free: libharu reads it until then */
  glyphs_close(c->glyphs);
  free(c->pages);
  free(c->widths);
  free(c->drawn);
  free(c->font_path);
  free(c->seen);
  buf_free(&c->scratch);
  buf_free(&c->tmp);
  memset(c, 0, sizeof *c);
}

void pdf_new_page(pdf_ctx *c) {
  HPDF_Page p = HPDF_AddPage(c->doc);
  if (!p) {
    c->hpdf_failed = true;
    return;
  }
  HPDF_Page_SetWidth(p, c->page_w);
  HPDF_Page_SetHeight(p, c->page_h);
  if (c->npages == c->cap_pages) {
    c->cap_pages = c->cap_pages ? 2 * c->cap_pages : 16;
    c->pages = hf_xrealloc(c->pages, c->cap_pages * sizeof *c->pages);
  }
  c->pages[c->npages++] = p;
  c->page = p;
  c->y = c->top;
}

bool pdf_need(pdf_ctx *c, float h) {
  if (c->page && c->y - h >= PDF_BOTTOM) return false;
  pdf_new_page(c);
  return true;
}

void pdf_fill_rect(pdf_ctx *c, float x, float y, float w, float h, pdf_rgb col) {
  HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
  HPDF_Page_Rectangle(c->page, x, y, w, h);
  HPDF_Page_Fill(c->page);
}

void pdf_hline(pdf_ctx *c, float x0, float x1, float y, float width, pdf_rgb col) {
  HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
  HPDF_Page_SetLineWidth(c->page, width);
  HPDF_Page_MoveTo(c->page, x0, y);
  HPDF_Page_LineTo(c->page, x1, y);
  HPDF_Page_Stroke(c->page);
}

void pdf_bookmark(pdf_ctx *c, const char *title) {
  if (c->ntoc == c->cap_toc) {
    c->cap_toc = c->cap_toc ? 2 * c->cap_toc : 16;
    c->toc = hf_xrealloc(c->toc, c->cap_toc * sizeof *c->toc);
  }
  c->toc[c->ntoc++] = (struct pdf_toc_entry){hf_xstrdup(title), c->npages ? c->npages - 1 : 0, true};
  HPDF_Outline o = HPDF_CreateOutline(c->doc, NULL, title, HPDF_GetEncoder(c->doc, "UTF-8"));
  HPDF_Destination d = o ? HPDF_Page_CreateDestination(c->page) : NULL;
  if (!d) return;   /* recorded by the error handler; pdf_ok reports it */
  /* The page as a whole (SetXYZ with "keep zoom" 0 is refused by 2.3.0). */
  HPDF_Outline_SetDestination(o, d);
}

/* Placeholders of header and footer texts (layout_expand). */
typedef struct footer_vars {
  const pdf_ctx *c;
  char hash[13];
  char page[24], pages[24];
  hf_buf period;
} footer_vars;

static const char *footer_var(void *ctx, const char *name) {
  footer_vars *v = ctx;
  const hf_results *r = v->c->r;
  const char *company = v->c->brand->company ? v->c->brand->company : r->company;
  if (strcmp(name, "company") == 0) return company ? company : "";
  if (strcmp(name, "title") == 0) return r->title ? r->title : "";
  if (strcmp(name, "policy") == 0) return r->policy_name ? r->policy_name : "";
  if (strcmp(name, "hash") == 0) return v->hash;
  if (strcmp(name, "version") == 0) return r->version ? r->version : "";
  if (strcmp(name, "from") == 0) return r->period_from ? r->period_from : "";
  if (strcmp(name, "to") == 0) return r->period_to ? r->period_to : "";
  if (strcmp(name, "as_of") == 0) return r->as_of ? r->as_of : "";
  if (strcmp(name, "period") == 0) return v->period.data ? v->period.data : "";
  if (strcmp(name, "recipient") == 0) return v->c->recipient ? v->c->recipient : "全体";
  if (strcmp(name, "template") == 0) return v->c->layout->name ? v->c->layout->name : "";
  if (strcmp(name, "page") == 0) return v->page;
  if (strcmp(name, "pages") == 0) return v->pages;
  return NULL;
}

const char *pdf_expand(pdf_ctx *c, const char *tmpl, size_t page, hf_buf *out) {
  footer_vars v;
  memset(&v, 0, sizeof v);
  v.c = c;
  buf_init(&v.period);
  if (c->r->policy_sha256) snprintf(v.hash, sizeof v.hash, "%.12s", c->r->policy_sha256);
  snprintf(v.page, sizeof v.page, "%zu", page + 1);
  snprintf(v.pages, sizeof v.pages, "%zu", c->npages);
  if (c->r->period_from && c->r->period_to) buf_printf(&v.period, "%s 至 %s", c->r->period_from, c->r->period_to);
  buf_reset(out);
  layout_expand(tmpl, footer_var, &v, out);
  buf_free(&v.period);
  return out->data;
}

void pdf_toc_link(pdf_ctx *c, size_t entry, float y, float h) {
  c->links = hf_xrealloc(c->links, (c->nlinks + 1) * sizeof *c->links);
  c->links[c->nlinks++] = (struct pdf_toc_link){c->npages ? c->npages - 1 : 0, entry, y, h};
}

void pdf_draw_links(pdf_ctx *c) {
  for (size_t i = 0; i < c->nlinks; i++) {
    const struct pdf_toc_link *l = &c->links[i];
    if (l->entry >= c->nprev_toc || c->prev_toc[l->entry].page >= c->npages || l->page >= c->npages) continue;
    HPDF_Destination d = HPDF_Page_CreateDestination(c->pages[c->prev_toc[l->entry].page]);
    HPDF_Rect rect = {PDF_MARGIN, l->y, PDF_MARGIN + c->content_w, l->y + l->h};
    HPDF_Annotation a = d ? HPDF_Page_CreateLinkAnnot(c->pages[l->page], rect, d) : NULL;
    if (a) HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
  }
}

void pdf_draw_footers(pdf_ctx *c) {
  const hf_layout *l = c->layout;
  const char *header = c->brand->header ? c->brand->header : l->header;
  const char *left_t = c->brand->footer ? c->brand->footer : l->footer_left;
  const pdf_where hwhere = {"页眉", NULL, 0, NULL}, fwhere = {"页脚", NULL, 0, NULL}, wwhere = {"水印", NULL, 0, NULL};
  const float size = 7.5f, base = 32.0f;
  hf_buf text;
  buf_init(&text);
  char centre[128];
  for (size_t i = 0; i < c->npages; i++) {
    c->page = c->pages[i];
    float w = HPDF_Page_GetWidth(c->page), h = HPDF_Page_GetHeight(c->page), cw = w - 2 * PDF_MARGIN;
    if (c->brand->watermark && *c->brand->watermark)
      pdf_draw_rotated(c, w / 2, h / 2, c->brand->watermark, &wwhere, 60, 35, PDF_GREY, 0.10f);
    if (header && *header && (i > 0 || !l->cover)) {
      pdf_text(c, PDF_MARGIN, h - 26, pdf_expand(c, header, i, &text), &hwhere, size, cw, 0, PDF_GREY, false);
      pdf_hline(c, PDF_MARGIN, w - PDF_MARGIN, h - 31, 0.5f, PDF_RULE);
    }
    pdf_hline(c, PDF_MARGIN, w - PDF_MARGIN, 44.0f, 0.5f, PDF_RULE);
    snprintf(centre, sizeof centre, "第 %zu 页 / 共 %zu 页", i + 1, c->npages);
    pdf_text(c, PDF_MARGIN, base, pdf_expand(c, left_t, i, &text), &fwhere, size, cw * 0.38f, 0, PDF_GREY, false);
    pdf_text(c, w / 2, base, centre, &fwhere, size, 0, 1, PDF_GREY, false);
    pdf_text(c, w - PDF_MARGIN, base, pdf_expand(c, l->footer_right, i, &text), &fwhere, size, cw * 0.3f, 2,
             PDF_GREY, false);
  }
  buf_free(&text);
}

static hf_status write_stream(pdf_ctx *c, FILE *fp, hf_error *err) {
  if (HPDF_SaveToStream(c->doc) != HPDF_OK || c->hpdf_failed) {
    if (!pdf_ok(c, "保存", err)) return HF_ERR_IO;
    return hf_fail(err, HF_ERR_IO, "生成 PDF 失败（保存）");
  }
  HPDF_ResetStream(c->doc);
  unsigned char chunk[65536];
  for (;;) {
    HPDF_UINT32 n = sizeof chunk;
    HPDF_STATUS s = HPDF_ReadFromStream(c->doc, chunk, &n);
    if (n > 0 && fwrite(chunk, 1, n, fp) != n) return hf_fail(err, HF_ERR_IO, "写入 PDF 失败");
    if (s == HPDF_STREAM_EOF) break;
    if (s != HPDF_OK) {
      pdf_ok(c, "读出", err);
      return hf_fail(err, HF_ERR_IO, "生成 PDF 失败（读出，libharu 错误 0x%04lX）", (unsigned long)s);
    }
    if (n == 0) break;
  }
  HPDF_ResetError(c->doc);
  return HF_OK;
}

hf_status pdf_doc_save(pdf_ctx *c, const char *path, hf_error *err) {
  const hf_results *r = c->r;
  char producer[128];
  snprintf(producer, sizeof producer, "huifang %s", r->version ? r->version : "");
  HPDF_SetInfoAttr(c->doc, HPDF_INFO_PRODUCER, producer);
  HPDF_SetInfoAttr(c->doc, HPDF_INFO_CREATOR, producer);
  if (r->title) HPDF_SetInfoAttr(c->doc, HPDF_INFO_TITLE, r->title);
  const char *company = c->brand->company ? c->brand->company : r->company;
  if (company && *company) HPDF_SetInfoAttr(c->doc, HPDF_INFO_AUTHOR, company);
  hf_buf b;
  buf_init(&b);
  if (r->period_from && r->period_to) buf_printf(&b, "统计期 %s 至 %s", r->period_from, r->period_to);
  if (c->recipient) buf_printf(&b, "%s收件人 %s", b.len ? " · " : "", c->recipient);
  if (b.len) HPDF_SetInfoAttr(c->doc, HPDF_INFO_SUBJECT, b.data);
  buf_reset(&b);
  buf_printf(&b, "质检; 回访; %s; 规则 %.12s; 模板 %s", r->policy_name ? r->policy_name : "",
             r->policy_sha256 ? r->policy_sha256 : "", c->layout->name ? c->layout->name : "");
  HPDF_SetInfoAttr(c->doc, HPDF_INFO_KEYWORDS, b.data);
  buf_free(&b);
  if (!pdf_ok(c, "文档信息", err)) return HF_ERR_IO;
  hf_outfile of;
  hf_status st = outfile_open(&of, path, err);
  if (st != HF_OK) return st;
  st = write_stream(c, of.fp, err);
  if (st != HF_OK) {
    outfile_abort(&of);
    return st;
  }
  return outfile_commit(&of, err);
}
