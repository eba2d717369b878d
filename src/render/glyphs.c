/*
** glyphs.c — font validation and the per-code-point drawability cache
** (FreeType). See glyphs.h for why composites count as drawable.
*/
#include "render/glyphs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

struct hf_glyphs {
  FT_Library lib;
  FT_Face face;
  int collection;
  char family[128];
  uint8_t cache[0x10000];   /* 0 = not yet asked, else an hf_glyph_status */
};

static int is_collection_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 0;
  char tag[4] = {0};
  size_t n = fread(tag, 1, 4, fp);
  fclose(fp);
  return n == 4 && memcmp(tag, "ttcf", 4) == 0;
}

/* Checks what libharu 2.3.0 needs of a face before it ever sees it: TrueType
** outlines (a glyf table, not CFF), a Unicode cmap, unitsPerEm ≠ 0 (else
** SIGFPE), glyphs, and 0 < numberOfHMetrics ≤ numGlyphs. */
static hf_status validate_face(hf_glyphs *g, const char *path, hf_error *err) {
  FT_Face f = g->face;
  FT_ULong len = 0;
  if (!FT_IS_SFNT(f))
    return hf_fail(err, HF_ERR_DATA, "字体 %s 不是 TrueType/OpenType 字体；请改用 TrueType 字体（如 fonts-wqy-zenhei）", path);
  if (FT_Load_Sfnt_Table(f, TTAG_glyf, 0, NULL, &len) != 0 || len == 0) {
    int cff = FT_Load_Sfnt_Table(f, TTAG_CFF, 0, NULL, &len) == 0 ||
              FT_Load_Sfnt_Table(f, TTAG_CFF2, 0, NULL, &len) == 0;
    return hf_fail(err, HF_ERR_DATA,
                   "字体 %s %s；libharu 2.3.0 只能嵌入 TrueType 轮廓（glyf）字体，请改用如 WenQuanYi Zen Hei", path,
                   cff ? "是 OpenType/CFF 字体（如 Noto CJK）" : "没有 glyf 表");
  }
  if (f->units_per_EM == 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：unitsPerEm 为 0（libharu 会因此崩溃）", path);
  if (f->num_glyphs <= 0) return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：没有字形", path);
  TT_HoriHeader *hhea = FT_Get_Sfnt_Table(f, FT_SFNT_HHEA);
  if (!hhea || hhea->number_Of_HMetrics == 0 || hhea->number_Of_HMetrics > f->num_glyphs)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：hhea/hmtx 表无效", path);
  if (!FT_Get_Sfnt_Table(f, FT_SFNT_MAXP) || !FT_Get_Sfnt_Table(f, FT_SFNT_HEAD))
    return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：缺少 head 或 maxp 表", path);
  if (FT_Select_Charmap(f, FT_ENCODING_UNICODE) != 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 没有 Unicode 字符映射（cmap）", path);
  return HF_OK;
}

hf_status glyphs_open(hf_glyphs **out, const char *path, int index, hf_error *err) {
  *out = NULL;
  if (index < 0) return hf_fail(err, HF_ERR_DATA, "字体 %s：字形索引 %d 无效（应 ≥ 0）", path, index);
  hf_glyphs *g = hf_xcalloc(1, sizeof *g);
  if (FT_Init_FreeType(&g->lib) != 0) {
    free(g);
    return hf_fail(err, HF_ERR_IO, "无法初始化 FreeType");
  }
  FT_Error fe = FT_New_Face(g->lib, path, index, &g->face);
  if (fe != 0) {
    hf_status st = hf_fail(err, HF_ERR_DATA, "无法打开字体 %s（第 %d 个字体，FreeType 错误 0x%02X）：文件损坏、不是字体或索引超出范围",
                           path, index, (unsigned)fe);
    g->face = NULL;
    glyphs_close(g);
    return st;
  }
  hf_status st = validate_face(g, path, err);
  if (st != HF_OK) {
    glyphs_close(g);
    return st;
  }
  g->collection = is_collection_file(path);
  const char *slash = strrchr(path, '/');
  snprintf(g->family, sizeof g->family, "%s", g->face->family_name ? g->face->family_name : slash ? slash + 1 : path);
  *out = g;
  return HF_OK;
}

void glyphs_close(hf_glyphs *g) {
  if (!g) return;
  if (g->face) FT_Done_Face(g->face);
  FT_Done_FreeType(g->lib);
  free(g);
}

static hf_glyph_status classify(hf_glyphs *g, uint32_t cp) {
  FT_UInt gid = FT_Get_Char_Index(g->face, cp);
  if (gid == 0) return GLYPH_MISSING;
  if (FT_Load_Glyph(g->face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_RECURSE) != 0) return GLYPH_MISSING;
  if (g->face->glyph->format == FT_GLYPH_FORMAT_COMPOSITE) return GLYPH_COMPOSITE;
  return GLYPH_OK;
}

hf_glyph_status glyphs_check(hf_glyphs *g, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return GLYPH_INVALID;
  if (cp > 0xFFFF) return GLYPH_BEYOND_BMP;
  if (!g->cache[cp]) g->cache[cp] = (uint8_t)classify(g, cp);
  return (hf_glyph_status)g->cache[cp];
}

const char *glyphs_family(const hf_glyphs *g) { return g->family; }

int glyphs_is_collection(const hf_glyphs *g) { return g->collection; }

const char *glyphs_reason(hf_glyph_status st) {
  switch (st) {
    case GLYPH_OK: return "可以绘制";
    case GLYPH_MISSING: return "字体中没有这个字符";
    case GLYPH_COMPOSITE: return "复合字形（嵌入子集时已展平）";
    case GLYPH_BEYOND_BMP: return "超出 U+FFFF，libharu 2.3.0 无法绘制";
    case GLYPH_INVALID: return "不是有效的 UTF-8 字符";
  }
  return "未知原因";
}
