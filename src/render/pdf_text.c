/*
** pdf_text.c — text for the PDF (UTF-8 via common/utf8.h): the drawability gate every
** drawn string passes (pdf_clean), widths cached per code point, per-character
** line breaking (libharu's TextRect does not wrap CJK) and drawing.
*/
#include "render/pdf_doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

/* Warnings about undrawable characters past this many are summed up in one. */
#define PDF_WARN_CAP 200


/* ------------------------------------------------------ undrawable report */

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

/* Inserts key into the seen-set; false when it was already there. */
static bool seen_insert(pdf_ctx *c, uint64_t key) {
  if (key == 0) key = 1;
  if (2 * (c->seen_n + 1) > c->seen_cap) {
    size_t cap = c->seen_cap ? 2 * c->seen_cap : 256;
    uint64_t *v = hf_xcalloc(cap, sizeof *v);
    for (size_t i = 0; i < c->seen_cap; i++)
      if (c->seen[i]) {
        size_t j = (size_t)(c->seen[i] % cap);
        while (v[j]) j = (j + 1) % cap;
        v[j] = c->seen[i];
      }
    free(c->seen);
    c->seen = v;
    c->seen_cap = cap;
  }
  size_t j = (size_t)(key % c->seen_cap);
  while (c->seen[j]) {
    if (c->seen[j] == key) return false;
    j = (j + 1) % c->seen_cap;
  }
  c->seen[j] = key;
  c->seen_n++;
  return true;
}

static void where_text(const pdf_where *w, hf_buf *out) {
  buf_reset(out);
  if (!w) buf_puts(out, "报告中");
  else if (w->table && w->row == 0) buf_printf(out, "表「%s」表头「%s」", w->table, w->column ? w->column : "");
  else if (w->table) buf_printf(out, "表「%s」第 %zu 行「%s」", w->table, w->row, w->column ? w->column : "");
  else buf_puts(out, w->text ? w->text : "报告中");
}

/* Warns once per (character, place). In quiet mode (the warnings section,
** whose text quotes the characters) only characters never reported before. */
static void report(pdf_ctx *c, uint32_t cp, hf_glyph_status st, const pdf_where *w) {
  c->undrawable++;
  if (c->pass2 || c->repeat) return;   /* the first pass already warned about the same text */
  uint64_t any = fnv(14695981039346656037ull, &cp, sizeof cp);
  where_text(w, &c->tmp);
  uint64_t here = fnv(any, c->tmp.data, c->tmp.len);
  bool first_anywhere = seen_insert(c, any);
  if (!seen_insert(c, here)) return;
  if (c->quiet && !first_anywhere) return;
  if (c->warned >= PDF_WARN_CAP) {
    c->unlisted++;
    return;
  }
  hf_buf ch;
  buf_init(&ch);
  utf8_put(&ch, st == GLYPH_INVALID && cp < 0x20 ? 0xFFFD : cp);
  char mark[8] = "?";
  if (c->marker != '?') snprintf(mark, sizeof mark, "□");
  results_warn(c->r, "PDF：字符「%s」(U+%04X) 无法用字体 %s 绘制（%s），出现在%s，已用 %s 标出", ch.data, (unsigned)cp,
               c->font_label, glyphs_reason(st), c->tmp.data, mark);
  buf_free(&ch);
  c->warned++;
}

void pdf_text_finish(pdf_ctx *c) {
  if (c->unlisted && !c->pass2 && !c->repeat)
    results_warn(c->r, "PDF：另有 %zu 处无法绘制的字符未逐一列出（均已用 %s 标出）", c->unlisted,
                 c->marker == '?' ? "?" : "□");
  c->unlisted = 0;
}

const char *pdf_clean(pdf_ctx *c, const char *s, const pdf_where *where, bool keep_newlines, hf_buf *out) {
  buf_reset(out);
  if (!out->data) buf_puts(out, "");   /* never NULL, even for NULL or empty s */
  if (!s) return out->data;
  const char *p = s, *end = s + strlen(s);
  while (p < end) {
    const char *start = p;
    bool bad;
    uint32_t cp = utf8_next(&p, end, &bad);
    if (cp == '\r') {
      if (*p == '\n') continue;
      cp = '\n';
    }
    if (cp == '\n') {
      buf_putc(out, keep_newlines ? '\n' : ' ');
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      buf_putc(out, ' ');
      continue;
    }
    hf_glyph_status st = bad ? GLYPH_INVALID : glyphs_check(c->glyphs, cp);
    if (glyphs_drawable(st)) {
      buf_append(out, start, (size_t)(p - start));
    } else {
      utf8_put(out, c->marker);
      report(c, cp, st, where);
    }
  }
  return out->data;
}

/* ---------------------------------------------------------------- widths */

static float cp_width(pdf_ctx *c, uint32_t cp) {
  if (cp > 0xFFFF) cp = c->marker;
  if (c->widths[cp] < 0) c->widths[cp] = (float)HPDF_Font_GetUnicodeWidth(c->font, (HPDF_UNICODE)cp);
  return c->widths[cp];
}

float pdf_width(pdf_ctx *c, const char *s, size_t len, float size) {
  const char *p = s, *end = s + len;
  float w = 0;
  while (p < end) {
    bool bad;
    w += cp_width(c, utf8_next(&p, end, &bad));
  }
  return w * size / 1000.0f;
}

float pdf_width_raw(pdf_ctx *c, const char *s, float size) {
  if (!s) return 0;
  const char *p = s, *end = s + strlen(s);
  float w = 0, best = 0;
  while (p < end) {
    bool bad;
    uint32_t cp = utf8_next(&p, end, &bad);
    if (cp == '\n') {
      if (w > best) best = w;
      w = 0;
      continue;
    }
    if (cp < 0x20) cp = ' ';
    else if (bad || !glyphs_drawable(glyphs_check(c->glyphs, cp))) cp = c->marker;
    w += cp_width(c, cp);
  }
  if (w > best) best = w;
  return best * size / 1000.0f;
}

/* -------------------------------------------------------------- wrapping */

static bool is_closing(uint32_t cp) {
  static const uint32_t set[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F,
                                 0x300B, 0x3009, 0x3011, 0x201D, 0x2019, 0x2026, 0xFF05, 0x00B7, 0x30FC,
                                 ',', '.', ';', ':', '!', '?', ')', ']', '}', '%'};
  for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
    if (set[i] == cp) return true;
  return false;
}

static bool is_opening(uint32_t cp) {
  return cp == 0xFF08 || cp == 0x300C || cp == 0x300E || cp == 0x300A || cp == 0x3008 || cp == 0x3010 ||
         cp == 0x201C || cp == 0x2018 || cp == '(' || cp == '[' || cp == '{';
}

/* Letters and digits of a Latin word or a number: not split between lines. */
static bool is_word(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '_' ||
         cp == '-' || cp == '.' || cp == ',' || cp == '%' || cp == '/' || cp == '\'' ||
         (cp >= 0xC0 && cp < 0x250);
}

static void push_line(pdf_lines *l, const char *s, size_t off, size_t end, float width, float trailing_space) {
  while (end > off && s[end - 1] == ' ') {
    end--;
    width -= trailing_space;
  }
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 8;
    l->v = hf_xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n].off = off;
  l->v[l->n].len = end - off;
  l->v[l->n].width = width < 0 ? 0 : width;
  l->n++;
}

void pdf_wrap(pdf_ctx *c, const char *s, float size, float maxw, pdf_lines *out) {
  out->n = 0;
  const char *end = s + strlen(s);
  const float k = size / 1000.0f, space = cp_width(c, ' ') * k;
  size_t start = 0, brk = 0, i = 0;
  float w = 0, brk_w = 0;
  uint32_t prev = 0;
  while (s + i < end) {
    if (s[i] == '\n') {
      push_line(out, s, start, i, w, space);
      start = brk = ++i;
      w = brk_w = 0;
      prev = 0;
      continue;
    }
    if (i == start && s[i] == ' ' && out->n > 0 && s[i - 1] != '\n') {   /* no leading space after a wrap */
      start = brk = ++i;
      continue;
    }
    const char *p = s + i;
    bool bad;
    uint32_t cp = utf8_next(&p, end, &bad);
    size_t next = (size_t)(p - s);
    float cw = cp_width(c, cp) * k;
    if (i > start && !is_closing(cp) && !is_opening(prev) && !(is_word(prev) && is_word(cp))) {
      brk = i;
      brk_w = w;
    }
    if (w + cw > maxw && i > start && cp != ' ') {
      if (brk > start) {
        push_line(out, s, start, brk, brk_w, space);
        start = brk;
        w -= brk_w;
      } else {
        push_line(out, s, start, i, w, space);
        start = i;
        w = 0;
      }
      brk = start;
      brk_w = 0;
      prev = 0;
      continue;   /* re-measure the character on the new line */
    }
    w += cw;
    prev = cp;
    i = next;
  }
  push_line(out, s, start, i, w, space);
}

void pdf_lines_free(pdf_lines *l) {
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

/* ---------------------------------------------------------------- drawing */

float pdf_baseline(const pdf_ctx *c, float size, float lead) {
  (void)c;
  /* Centre the ideographic em box (about -0.12..0.88 em) in the line. */
  return lead / 2 + 0.38f * size;
}

/* Pass 1: records what the subset must hold. */
static void record_drawn(pdf_ctx *c, const char *s, size_t len) {
  if (c->pass2) return;
  const char *p = s, *end = s + len;
  while (p < end) {
    bool bad;
    uint32_t cp = utf8_next(&p, end, &bad);
    if (cp <= 0xFFFF) c->drawn[cp >> 3] |= (uint8_t)(1u << (cp & 7));
  }
}

void pdf_draw_rotated(pdf_ctx *c, float cx, float cy, const char *s, const pdf_where *where, float size,
                      float degrees, pdf_rgb col, float alpha) {
  const char *t = pdf_clean(c, s, where, false, &c->scratch);
  size_t len = c->scratch.len;
  if (len == 0) return;
  record_drawn(c, t, len);
  float w = pdf_width(c, t, len, size);
  double a = degrees * 3.14159265358979323846 / 180.0;
  float cs = (float)cos(a), sn = (float)sin(a);
  /* Start so that the text's centre (w/2 along, 0.35 em up) lands on (cx, cy). */
  float x = cx - cs * w / 2 + sn * 0.35f * size, y = cy - sn * w / 2 - cs * 0.35f * size;
  buf_reset(&c->tmp);
  buf_append(&c->tmp, t, len);
  HPDF_Page pg = c->page;
  HPDF_Page_GSave(pg);
  HPDF_ExtGState gs = HPDF_CreateExtGState(c->doc);
  if (gs) {
    HPDF_ExtGState_SetAlphaFill(gs, alpha);
    HPDF_Page_SetExtGState(pg, gs);
  }
  HPDF_Page_SetRGBFill(pg, col.r, col.g, col.b);
  HPDF_Page_BeginText(pg);
  HPDF_Page_SetFontAndSize(pg, c->font, size);
  HPDF_Page_SetTextMatrix(pg, cs, sn, -sn, cs, x, y);
  HPDF_Page_ShowText(pg, c->tmp.data);
  HPDF_Page_EndText(pg);
  HPDF_Page_GRestore(pg);
}

void pdf_draw(pdf_ctx *c, float x, float y, const char *s, size_t len, float size, pdf_rgb col, bool bold) {
  if (len == 0) return;
  record_drawn(c, s, len);
  buf_reset(&c->tmp);
  buf_append(&c->tmp, s, len);
  HPDF_Page pg = c->page;
  HPDF_Page_GSave(pg);
  HPDF_Page_SetRGBFill(pg, col.r, col.g, col.b);
  if (bold) {
    HPDF_Page_SetRGBStroke(pg, col.r, col.g, col.b);
    HPDF_Page_SetLineWidth(pg, size * 0.035f);
    HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE);
  }
  HPDF_Page_BeginText(pg);
  HPDF_Page_SetFontAndSize(pg, c->font, size);
  HPDF_Page_TextOut(pg, x, y, c->tmp.data);
  HPDF_Page_EndText(pg);
  HPDF_Page_GRestore(pg);
}

float pdf_text(pdf_ctx *c, float x, float y, const char *s, const pdf_where *where, float size, float maxw,
               int align, pdf_rgb col, bool bold) {
  const char *t = pdf_clean(c, s, where, false, &c->scratch);
  size_t len = c->scratch.len;
  float w = pdf_width(c, t, len, size);
  if (maxw > 0 && w > maxw) {
    uint32_t ell = glyphs_drawable(glyphs_check(c->glyphs, 0x2026)) ? 0x2026 : '.';
    float ew = cp_width(c, ell) * size / 1000.0f * (ell == '.' ? 3 : 1);
    const char *p = t, *end = t + len;
    float acc = 0;
    while (p < end) {
      const char *q = p;
      bool bad;
      float cw = cp_width(c, utf8_next(&q, end, &bad)) * size / 1000.0f;
      if (acc + cw + ew > maxw) break;
      acc += cw;
      p = q;
    }
    c->scratch.len = (size_t)(p - t);
    c->scratch.data[c->scratch.len] = '\0';
    if (ell == '.') buf_puts(&c->scratch, "...");
    else utf8_put(&c->scratch, ell);
    t = c->scratch.data;
    len = c->scratch.len;
    w = acc + ew;
  }
  float x0 = align == 1 ? x - w / 2 : align == 2 ? x - w : x;
  pdf_draw(c, x0, y, t, len, size, col, bold);
  return w;
}

float pdf_paragraph(pdf_ctx *c, float x, const char *s, const pdf_where *where, float size, float lead,
                    float maxw, pdf_rgb col, bool flow) {
  hf_buf text;
  buf_init(&text);
  pdf_lines lines = {NULL, 0, 0};
  const char *t = pdf_clean(c, s, where, true, &text);
  pdf_wrap(c, t, size, maxw, &lines);
  float used = 0;
  for (size_t i = 0; i < lines.n; i++) {
    if (flow) pdf_need(c, lead);
    pdf_draw(c, x, c->y - pdf_baseline(c, size, lead), t + lines.v[i].off, lines.v[i].len, size, col, false);
    c->y -= lead;
    used += lead;
  }
  pdf_lines_free(&lines);
  buf_free(&text);
  return used;
}
