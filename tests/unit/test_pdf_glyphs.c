/*
** test_pdf_glyphs.c — the glyph checker (FreeType) and the glyph grid the
** e2e glyph test rasterises. Unit checks: 访 is a simple glyph in WenQuanYi
** Zen Hei but a composite in Droid Sans Fallback (which libharu 2.3.0 alone
** would draw as 方; drawable since the subset flattens it), Droid has no
** ASCII digits, U+20000 is never drawable.
** With HUIFANG_GLYPH_OUT=<dir>, writes <dir>/zenhei.pdf and <dir>/droid.pdf:
** one character per 64 pt cell at 40 pt, and beside each a .txt layout with the
** cell in 72-dpi pixels and the reference ink — the pixels ≥ 128 of the same
** glyph rendered by FreeType at 40 px (tests/e2e/test_glyphs.py compares).
** Both grids go through the renderer's two passes (pdf_doc_start_pass2): the
** saved PDF embeds the font subset, in which Droid's composites (访 质 检 报
** 率) are flattened, so they must now show all their ink.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "render/glyphs.h"
#include "render/pdf_doc.h"

#define ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define DROID "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

#define CELL 64.0f
#define GLYPH_PX 40

static void test_checker_zenhei(void **state) {
  (void)state;
  hf_glyphs *g;
  hf_error err = {0};
  assert_int_equal(glyphs_open(&g, ZENHEI, 0, &err), HF_OK);
  assert_int_equal(glyphs_check(g, 0x8BBF), GLYPH_OK);    /* 访 */
  assert_int_equal(glyphs_check(g, 0x8D28), GLYPH_OK);    /* 质 */
  assert_int_equal(glyphs_check(g, 'A'), GLYPH_OK);
  assert_int_equal(glyphs_check(g, '7'), GLYPH_OK);
  assert_int_equal(glyphs_check(g, 0xFF0C), GLYPH_OK);    /* ， */
  assert_int_equal(glyphs_check(g, 0x20000), GLYPH_BEYOND_BMP);
  assert_int_equal(glyphs_check(g, 0xD800), GLYPH_INVALID);
  assert_int_equal(glyphs_check(g, 0x8BBF), GLYPH_OK);    /* cached answer */
  assert_string_equal(glyphs_family(g), "WenQuanYi Zen Hei");
  assert_true(glyphs_is_collection(g));
  glyphs_close(g);
}

static void test_checker_droid(void **state) {
  (void)state;
  hf_glyphs *g;
  hf_error err = {0};
  assert_int_equal(glyphs_open(&g, DROID, 0, &err), HF_OK);
  assert_int_equal(glyphs_check(g, 0x8BBF), GLYPH_COMPOSITE);   /* 访: libharu alone would draw 方 */
  assert_true(glyphs_drawable(GLYPH_COMPOSITE));                 /* the subset flattens it */
  assert_int_equal(glyphs_check(g, 0x65B9), GLYPH_OK);          /* 方 itself is simple */
  assert_int_equal(glyphs_check(g, '1'), GLYPH_MISSING);
  assert_int_equal(glyphs_check(g, 'A'), GLYPH_MISSING);
  assert_false(glyphs_is_collection(g));
  glyphs_close(g);
}

static void test_checker_refuses_non_fonts(void **state) {
  (void)state;
  hf_glyphs *g;
  hf_error err = {0};
  assert_int_equal(glyphs_open(&g, TEST_DATA_DIR "/csv/quoted.csv", 0, &err), HF_ERR_DATA);
  assert_null(g);
  assert_non_null(strstr(err.message, "quoted.csv"));
  assert_int_equal(glyphs_open(&g, ZENHEI, 99, &err), HF_ERR_DATA);
  assert_int_equal(glyphs_open(&g, ZENHEI, -1, &err), HF_ERR_DATA);
}

/* Pixels ≥ 128 of cp rendered by FreeType at GLYPH_PX (unhinted, like poppler). */
static long reference_ink(FT_Face face, uint32_t cp) {
  if (FT_Load_Char(face, cp, FT_LOAD_RENDER | FT_LOAD_NO_HINTING) != 0) return -1;
  FT_Bitmap *bm = &face->glyph->bitmap;
  long n = 0;
  for (unsigned y = 0; y < bm->rows; y++)
    for (unsigned x = 0; x < bm->width; x++)
      if (bm->buffer[(long)y * bm->pitch + x] >= 128) n++;
  return n;
}

static uint32_t first_cp(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] < 0x80) return u[0];
  if ((u[0] & 0xE0) == 0xC0) return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
  return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
}

/* One pass of the grid: one character per cell, 8 per row, at 40 pt. */
static void draw_grid(pdf_ctx *c, const char *const *chars, size_t n) {
  pdf_new_page(c);
  for (size_t i = 0; i < n; i++) {
    float left = PDF_MARGIN + (float)(i % 8) * CELL, top = PDF_TOP - (float)(i / 8) * CELL;
    pdf_where where = {"字形测试格", NULL, 0, NULL};
    pdf_text(c, left + 12, top - 50, chars[i], &where, (float)GLYPH_PX, 0, 0, PDF_INK, false);
  }
}

/* Draws chars in font at 40 pt (both passes, as render_pdf) and writes pdf + layout. */
static void write_grid(const char *dir, const char *name, const char *font, const char *const *chars, size_t n) {
  hf_results *r = results_new();
  r->title = results_str(r, "字形测试");
  pdf_ctx c;
  hf_error err = {0};
  hf_pdf_options o = {.font_path = font};
  assert_int_equal(pdf_doc_open(&c, r, &o, &err), HF_OK);
  draw_grid(&c, chars, n);
  size_t warnings = r->nwarnings;
  assert_int_equal(pdf_doc_start_pass2(&c, &err), HF_OK);
  draw_grid(&c, chars, n);
  assert_int_equal(r->nwarnings, warnings);   /* pass 2 adds none */
  FT_Library lib;
  FT_Face face;
  assert_int_equal(FT_Init_FreeType(&lib), 0);
  assert_int_equal(FT_New_Face(lib, font, 0, &face), 0);
  assert_int_equal(FT_Set_Pixel_Sizes(face, 0, GLYPH_PX), 0);
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.txt", dir, name);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  for (size_t i = 0; i < n; i++) {
    float left = PDF_MARGIN + (float)(i % 8) * CELL, top = PDF_TOP - (float)(i / 8) * CELL;
    uint32_t cp = first_cp(chars[i]);
    fprintf(fp, "U+%04X %s %d %d %d %d %ld %s\n", (unsigned)cp, chars[i], (int)left, (int)(PDF_PAGE_H - top),
            (int)(left + CELL), (int)(PDF_PAGE_H - top + CELL), reference_ink(face, cp),
            glyphs_check(c.glyphs, cp) == GLYPH_OK ? "ok" : glyphs_check(c.glyphs, cp) == GLYPH_COMPOSITE ? "composite" : "missing");
  }
  fclose(fp);
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
  assert_int_equal(pdf_doc_save(&c, path, &err), HF_OK);
  pdf_doc_close(&c);
  results_free(r);
}

static void test_glyph_grids(void **state) {
  (void)state;
  static const char *const mixed[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "Q",
                                      "g", "x", "W", "，", "。", "：", "（", "）", "访", "质", "检",
                                      "报", "率", "张", "李", "回", "合", "格", "%"};
  static const char *const composites[] = {"访", "质", "检", "报", "率", "方"};
  const char *out = getenv("HUIFANG_GLYPH_OUT");
  char tmpl[] = "/tmp/huifang-glyphs-XXXXXX";
  const char *dir = out && *out ? out : mkdtemp(tmpl);
  assert_non_null(dir);
  write_grid(dir, "zenhei", ZENHEI, mixed, sizeof mixed / sizeof mixed[0]);
  write_grid(dir, "droid", DROID, composites, sizeof composites / sizeof composites[0]);
  if (!(out && *out)) {
    static const char *const files[] = {"zenhei.pdf", "zenhei.txt", "droid.pdf", "droid.txt"};
    char p[1024];
    for (size_t i = 0; i < 4; i++) {
      snprintf(p, sizeof p, "%s/%s", dir, files[i]);
      assert_int_equal(unlink(p), 0);
    }
    rmdir(dir);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_checker_zenhei),
      cmocka_unit_test(test_checker_droid),
      cmocka_unit_test(test_checker_refuses_non_fonts),
      cmocka_unit_test(test_glyph_grids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
