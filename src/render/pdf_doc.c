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

hf_status pdf_doc_open(pdf_ctx *c, hf_results *r, const hf_pdf_options *opt, hf_error *err) {
  memset(c, 0, sizeof *c);
  c->r = r;
  buf_init(&c->scratch);
  buf_init(&c->tmp);
  hf_font_candidate chosen = {NULL, 0};
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
  HPDF_Free(c->doc);
  c->doc = NULL;
  c->font = NULL;
  c->pass1_pages = c->npages;
  c->npages = 0;
  c->page = NULL;
  c->y = 0;
  c->hpdf_failed = c->hpdf_reported = false;
  c->hpdf_error = c->hpdf_detail = 0;
  c->pass2 = true;
  st = new_doc(c, err);
  if (st != HF_OK) return st;
  hf_font_candidate sub = {c->subset_path, 0};
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
  HPDF_Page_SetWidth(p, PDF_PAGE_W);
  HPDF_Page_SetHeight(p, PDF_PAGE_H);
  if (c->npages == c->cap_pages) {
    c->cap_pages = c->cap_pages ? 2 * c->cap_pages : 16;
    c->pages = hf_xrealloc(c->pages, c->cap_pages * sizeof *c->pages);
  }
  c->pages[c->npages++] = p;
  c->page = p;
  c->y = PDF_TOP;
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
  HPDF_Outline o = HPDF_CreateOutline(c->doc, NULL, title, HPDF_GetEncoder(c->doc, "UTF-8"));
  HPDF_Destination d = o ? HPDF_Page_CreateDestination(c->page) : NULL;
  if (!d) return;   /* recorded by the error handler; pdf_ok reports it */
  /* The page as a whole (SetXYZ with "keep zoom" 0 is refused by 2.3.0). */
  HPDF_Outline_SetDestination(o, d);
}

void pdf_draw_footers(pdf_ctx *c) {
  const hf_results *r = c->r;
  char left[512], centre[128], right[128];
  char sha[13] = "";
  if (r->policy_sha256) snprintf(sha, sizeof sha, "%.12s", r->policy_sha256);
  snprintf(left, sizeof left, "%s%s%s", r->policy_name ? r->policy_name : "", *sha ? " · 规则 " : "", sha);
  snprintf(right, sizeof right, "huifang %s", r->version ? r->version : "");
  const pdf_where where = {"页脚", NULL, 0, NULL};
  const float size = 7.5f, base = 32.0f;
  for (size_t i = 0; i < c->npages; i++) {
    c->page = c->pages[i];
    pdf_hline(c, PDF_MARGIN, PDF_PAGE_W - PDF_MARGIN, 44.0f, 0.5f, PDF_RULE);
    snprintf(centre, sizeof centre, "第 %zu 页 / 共 %zu 页", i + 1, c->npages);
    pdf_text(c, PDF_MARGIN, base, left, &where, size, PDF_CONTENT_W * 0.38f, 0, PDF_GREY, false);
    pdf_text(c, PDF_PAGE_W / 2, base, centre, &where, size, 0, 1, PDF_GREY, false);
    pdf_text(c, PDF_PAGE_W - PDF_MARGIN, base, right, &where, size, PDF_CONTENT_W * 0.3f, 2, PDF_GREY, false);
  }
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
  if (r->company) HPDF_SetInfoAttr(c->doc, HPDF_INFO_AUTHOR, r->company);
  if (r->period_from && r->period_to) {
    char subject[128];
    snprintf(subject, sizeof subject, "统计期 %s 至 %s", r->period_from, r->period_to);
    HPDF_SetInfoAttr(c->doc, HPDF_INFO_SUBJECT, subject);
  }
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
