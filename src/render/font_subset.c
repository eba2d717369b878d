/*
** font_subset.c — per-document TrueType subsets with composites flattened
** (see font_subset.h). FreeType reads the source (outlines, metrics, tables);
** the subset's tables are written here, big-endian, into hf_bufs.
*/
#include "render/font_subset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

/* ---- big-endian helpers ------------------------------------------------ */

static void put_u8(hf_buf *b, unsigned v) {
  unsigned char c = (unsigned char)(v & 0xFF);
  buf_append(b, &c, 1);
}

static void put_u16(hf_buf *b, unsigned v) {
  unsigned char c[2] = {(unsigned char)((v >> 8) & 0xFF), (unsigned char)(v & 0xFF)};
  buf_append(b, c, 2);
}

static void put_i16(hf_buf *b, int v) { put_u16(b, (unsigned)(uint16_t)(int16_t)v); }

static void put_u32(hf_buf *b, uint32_t v) {
  unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                        (unsigned char)v};
  buf_append(b, c, 4);
}

static void set_u16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)((v >> 8) & 0xFF);
  p[1] = (unsigned char)(v & 0xFF);
}

static void set_i16(unsigned char *p, int v) { set_u16(p, (unsigned)(uint16_t)(int16_t)v); }

static void set_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static unsigned get_u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t table_checksum(const unsigned char *p, size_t len) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) sum += get_u32(p + i);
  if (i < len) {
    unsigned char last[4] = {0, 0, 0, 0};
    memcpy(last, p + i, len - i);
    sum += get_u32(last);
  }
  return sum;
}

/* ---- raw pre-check: refuse CFF before FreeType opens it ----------------- */

static int read_at(FILE *fp, long off, unsigned char *dst, size_t n) {
  return fseek(fp, off, SEEK_SET) == 0 && fread(dst, 1, n, fp) == n;
}

/* Looks at the sfnt header of face `index` itself: FreeType opens OpenType/CFF
** fonts happily, and a broken CFF font would only give an opaque error. */
static hf_status precheck_file(const char *path, int index, hf_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return hf_fail(err, HF_ERR_DATA, "无法打开字体文件 %s：%s", path, strerror(errno));
  unsigned char hdr[12];
  long base = 0;
  hf_status st = HF_OK;
  if (!read_at(fp, 0, hdr, 12)) {
    st = hf_fail(err, HF_ERR_DATA, "字体文件 %s 太短，不是 TrueType 字体", path);
    goto done;
  }
  if (memcmp(hdr, "ttcf", 4) == 0) {
    uint32_t nfonts = get_u32(hdr + 8);
    unsigned char off[4];
    if ((uint32_t)index >= nfonts || !read_at(fp, 12 + 4L * index, off, 4)) {
      st = hf_fail(err, HF_ERR_DATA, "字体集 %s 没有第 %d 个字体（共 %u 个）", path, index, (unsigned)nfonts);
      goto done;
    }
    base = (long)get_u32(off);
    if (!read_at(fp, base, hdr, 12)) {
      st = hf_fail(err, HF_ERR_DATA, "字体集 %s 已损坏：第 %d 个字体的表目录无法读取", path, index);
      goto done;
    }
  } else if (index != 0) {
    st = hf_fail(err, HF_ERR_DATA, "字体 %s 不是字体集（.ttc），字体索引只能为 0（收到 %d）", path, index);
    goto done;
  }
  int cff = memcmp(hdr, "OTTO", 4) == 0;
  unsigned ntables = get_u16(hdr + 4);
  for (unsigned i = 0; i < ntables && !cff; i++) {
    unsigned char rec[16];
    if (!read_at(fp, base + 12 + 16L * i, rec, 16)) break;
    if (memcmp(rec, "CFF ", 4) == 0 || memcmp(rec, "CFF2", 4) == 0) cff = 1;
  }
  if (cff)
    st = hf_fail(err, HF_ERR_DATA,
                 "字体 %s 是 OpenType/CFF 字体（三次曲线轮廓，如 Noto CJK）：字体子集只支持 TrueType（glyf）轮廓，"
                 "libharu 2.3.0 也无法嵌入它；请改用 TrueType 字体（如 WenQuanYi Zen Hei）",
                 path);
done:
  fclose(fp);
  return st;
}

/* ---- source tables ------------------------------------------------------ */

typedef struct sfnt_table {
  unsigned char *data;
  size_t len;
} sfnt_table;

/* Loads table `tag` of the face; a missing table gives len 0 and data NULL. */
static void load_table(FT_Face face, FT_ULong tag, sfnt_table *t) {
  FT_ULong len = 0;
  t->data = NULL;
  t->len = 0;
  if (FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) != 0 || len == 0) return;
  t->data = hf_xmalloc(len);
  if (FT_Load_Sfnt_Table(face, tag, 0, t->data, &len) != 0) {
    free(t->data);
    t->data = NULL;
    return;
  }
  t->len = len;
}

/* ---- glyphs ------------------------------------------------------------- */

typedef struct sub_glyph {
  FT_UInt src_gid;
  hf_buf data;          /* the simple glyph, padded to an even length */
  int xmin, ymin, xmax, ymax;
  unsigned advance;
  int lsb;
  unsigned points, contours;
} sub_glyph;

typedef struct cp_map {
  uint32_t cp;
  unsigned gid;
} cp_map;

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

#define F_ON 0x01
#define F_XSHORT 0x02
#define F_YSHORT 0x04
#define F_REPEAT 0x08
#define F_XSAME 0x10
#define F_YSAME 0x20
#define F_OVERLAP 0x40

/* Encodes one coordinate delta; returns the flag bits and appends its bytes. */
static unsigned encode_delta(hf_buf *out, long d, unsigned short_bit, unsigned same_bit) {
  if (d == 0) return same_bit;
  if (d >= -255 && d <= 255) {
    put_u8(out, (unsigned)(d < 0 ? -d : d));
    return short_bit | (d > 0 ? same_bit : 0);
  }
  put_i16(out, (int)d);
  return 0;
}

/* Loads glyph g->src_gid flattened and unscaled, and writes it as a simple glyph. */
static hf_status encode_glyph(FT_Face face, sub_glyph *g, int *was_composite, const char *path, hf_error *err) {
  *was_composite = 0;
  if (FT_Load_Glyph(face, g->src_gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_RECURSE) == 0 &&
      face->glyph->format == FT_GLYPH_FORMAT_COMPOSITE)
    *was_composite = 1;
  FT_Error fe = FT_Load_Glyph(face, g->src_gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
  if (fe != 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：无法读取字形 %u（FreeType 错误 0x%02X）", path, g->src_gid,
                   (unsigned)fe);
  FT_GlyphSlot slot = face->glyph;
  if (slot->format != FT_GLYPH_FORMAT_OUTLINE)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 不是轮廓字形", path, g->src_gid);
  const FT_Outline *o = &slot->outline;
  FT_Pos adv = slot->metrics.horiAdvance;
  if (adv < 0 || adv > 0xFFFF)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 的步进宽度 %ld 超出范围", path, g->src_gid, (long)adv);
  g->advance = (unsigned)adv;
  buf_init(&g->data);
  g->xmin = g->ymin = g->xmax = g->ymax = 0;
  g->lsb = 0;
  g->points = 0;
  g->contours = 0;
  if (o->n_contours <= 0 || o->n_points <= 0) return HF_OK;   /* empty glyph (space): no data */

  int np = o->n_points, nc = o->n_contours;
  long xmin = o->points[0].x, xmax = xmin, ymin = o->points[0].y, ymax = ymin;
  for (int i = 0; i < np; i++) {
    long x = o->points[i].x, y = o->points[i].y;
    if (x < -32768 || x > 32767 || y < -32768 || y > 32767)
      return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 的坐标超出 TrueType 范围", path, g->src_gid);
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
    int tag = FT_CURVE_TAG(o->tags[i]);
    if (tag == FT_CURVE_TAG_CUBIC)
      return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 含三次曲线，TrueType 子集无法表示", path, g->src_gid);
  }
  for (int c = 0, prev = -1; c < nc; c++) {
    if (o->contours[c] <= prev || o->contours[c] >= np)
      return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 的轮廓端点无效", path, g->src_gid);
    prev = o->contours[c];
  }
  if (o->contours[nc - 1] != np - 1)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：字形 %u 的轮廓端点无效", path, g->src_gid);

  hf_buf *out = &g->data;
  put_i16(out, nc);
  put_i16(out, (int)xmin);
  put_i16(out, (int)ymin);
  put_i16(out, (int)xmax);
  put_i16(out, (int)ymax);
  for (int c = 0; c < nc; c++) put_u16(out, (unsigned)o->contours[c]);
  put_u16(out, 0);   /* instructionLength */

  unsigned char *flags = hf_xmalloc((size_t)np);
  hf_buf xs, ys;
  buf_init(&xs);
  buf_init(&ys);
  long px = 0, py = 0;
  for (int i = 0; i < np; i++) {
    unsigned f = (FT_CURVE_TAG(o->tags[i]) == FT_CURVE_TAG_ON) ? F_ON : 0;
    f |= encode_delta(&xs, o->points[i].x - px, F_XSHORT, F_XSAME);
    f |= encode_delta(&ys, o->points[i].y - py, F_YSHORT, F_YSAME);
    if (i == 0 && (o->flags & FT_OUTLINE_OVERLAP)) f |= F_OVERLAP;
    flags[i] = (unsigned char)f;
    px = o->points[i].x;
    py = o->points[i].y;
  }
  for (int i = 0; i < np;) {
    int run = 1;
    while (i + run < np && flags[i + run] == flags[i] && run < 256) run++;
    if (run >= 3) {
      put_u8(out, flags[i] | F_REPEAT);
      put_u8(out, (unsigned)(run - 1));
    } else {
      for (int k = 0; k < run; k++) put_u8(out, flags[i]);
    }
    i += run;
  }
  buf_append(out, xs.data, xs.len);
  buf_append(out, ys.data, ys.len);
  if (out->len % 2) put_u8(out, 0);
  buf_free(&xs);
  buf_free(&ys);
  free(flags);

  g->xmin = (int)xmin;
  g->ymin = (int)ymin;
  g->xmax = (int)xmax;
  g->ymax = (int)ymax;
  g->lsb = (int)xmin;   /* so FreeType's phantom point pp1 is 0 and the outline is not shifted */
  g->points = (unsigned)np;
  g->contours = (unsigned)nc;
  return HF_OK;
}

/* ---- tables ------------------------------------------------------------- */

static void build_cmap(hf_buf *t, const cp_map *map, size_t nmap) {
  /* Segments of consecutive code points with consecutive glyph ids (idDelta,
  ** idRangeOffset 0), then the mandatory 0xFFFF segment. */
  size_t nseg = 0;
  uint32_t *start = hf_xmalloc((nmap + 1) * sizeof *start);
  uint32_t *end = hf_xmalloc((nmap + 1) * sizeof *end);
  unsigned *delta = hf_xmalloc((nmap + 1) * sizeof *delta);
  for (size_t i = 0; i < nmap; i++) {
    if (nseg > 0 && map[i].cp == end[nseg - 1] + 1 &&
        map[i].gid == (unsigned)((end[nseg - 1] + delta[nseg - 1]) & 0xFFFF) + 1) {
      end[nseg - 1] = map[i].cp;
      continue;
    }
    start[nseg] = end[nseg] = map[i].cp;
    delta[nseg] = (unsigned)((map[i].gid - map[i].cp) & 0xFFFF);
    nseg++;
  }
  start[nseg] = end[nseg] = 0xFFFF;
  delta[nseg] = 1;
  nseg++;

  unsigned search = 1, selector = 0;
  while (search * 2 <= nseg) {
    search *= 2;
    selector++;
  }
  put_u16(t, 0);    /* version */
  put_u16(t, 1);    /* numTables */
  put_u16(t, 3);    /* Windows */
  put_u16(t, 1);    /* Unicode BMP */
  put_u32(t, 12);   /* offset of the subtable */
  put_u16(t, 4);
  put_u16(t, (unsigned)(16 + 8 * nseg));
  put_u16(t, 0);    /* language */
  put_u16(t, (unsigned)(2 * nseg));
  put_u16(t, 2 * search);
  put_u16(t, selector);
  put_u16(t, (unsigned)(2 * nseg - 2 * search));
  for (size_t i = 0; i < nseg; i++) put_u16(t, end[i]);
  put_u16(t, 0);    /* reservedPad */
  for (size_t i = 0; i < nseg; i++) put_u16(t, start[i]);
  for (size_t i = 0; i < nseg; i++) put_u16(t, delta[i]);
  for (size_t i = 0; i < nseg; i++) put_u16(t, 0);
  free(start);
  free(end);
  free(delta);
}

/* name: records 0–6 of the source, strings re-packed. */
static hf_status build_name(hf_buf *t, const sfnt_table *src, const char *path, hf_error *err) {
  if (src->len < 6) return hf_fail(err, HF_ERR_DATA, "字体 %s 缺少 name 表（libharu 需要字体名）", path);
  unsigned count = get_u16(src->data + 2), soff = get_u16(src->data + 4);
  if (6 + 12 * (size_t)count > src->len)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 的 name 表已截断", path);
  hf_buf strings;
  buf_init(&strings);
  size_t kept = 0;
  for (unsigned i = 0; i < count; i++) {
    const unsigned char *r = src->data + 6 + 12 * i;
    if (get_u16(r + 6) <= 6) kept++;
  }
  put_u16(t, 0);
  put_u16(t, (unsigned)kept);
  put_u16(t, (unsigned)(6 + 12 * kept));
  for (unsigned i = 0; i < count; i++) {
    const unsigned char *r = src->data + 6 + 12 * i;
    if (get_u16(r + 6) > 6) continue;
    size_t len = get_u16(r + 8), off = (size_t)soff + get_u16(r + 10);
    if (off + len > src->len) {
      buf_free(&strings);
      return hf_fail(err, HF_ERR_DATA, "字体 %s 的 name 表已截断", path);
    }
    buf_append(t, r, 8);   /* platform, encoding, language, name id */
    put_u16(t, (unsigned)len);
    put_u16(t, (unsigned)strings.len);
    buf_append(&strings, src->data + off, len);
  }
  buf_append(t, strings.data, strings.len);
  buf_free(&strings);
  return HF_OK;
}

typedef struct out_table {
  const char *tag;
  hf_buf data;
} out_table;

/* Table directory, tables (4-byte aligned) and head.checkSumAdjustment. */
static void assemble(hf_buf *out, out_table *tabs, size_t ntabs) {
  unsigned search = 1, selector = 0;
  while (search * 2 <= ntabs) {
    search *= 2;
    selector++;
  }
  buf_reset(out);
  put_u32(out, 0x00010000);
  put_u16(out, (unsigned)ntabs);
  put_u16(out, search * 16);
  put_u16(out, selector);
  put_u16(out, (unsigned)(ntabs * 16 - search * 16));
  size_t offset = 12 + 16 * ntabs, head_off = 0;
  for (size_t i = 0; i < ntabs; i++) {
    buf_append(out, tabs[i].tag, 4);
    put_u32(out, table_checksum((const unsigned char *)tabs[i].data.data, tabs[i].data.len));
    put_u32(out, (uint32_t)offset);
    put_u32(out, (uint32_t)tabs[i].data.len);
    if (memcmp(tabs[i].tag, "head", 4) == 0) head_off = offset;
    offset += (tabs[i].data.len + 3) & ~(size_t)3;
  }
  static const unsigned char zeros[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < ntabs; i++) {
    buf_append(out, tabs[i].data.data, tabs[i].data.len);
    buf_append(out, zeros, ((tabs[i].data.len + 3) & ~(size_t)3) - tabs[i].data.len);
  }
  uint32_t sum = table_checksum((const unsigned char *)out->data, out->len);
  set_u32((unsigned char *)out->data + head_off + 8, 0xB1B0AFBAu - sum);
}

/* Re-opens the result with FreeType: every mapped code point must reach its glyph. */
static hf_status self_check(FT_Library lib, const hf_buf *ttf, const cp_map *map, size_t nmap, size_t nglyphs,
                            const char *path, hf_error *err) {
  FT_Face f;
  FT_Error fe = FT_New_Memory_Face(lib, (const FT_Byte *)ttf->data, (FT_Long)ttf->len, 0, &f);
  if (fe != 0)
    return hf_fail(err, HF_ERR_IO, "字体 %s 的子集无法被 FreeType 重新打开（错误 0x%02X）：内部错误", path,
                   (unsigned)fe);
  hf_status st = HF_OK;
  if ((size_t)f->num_glyphs != nglyphs || FT_Select_Charmap(f, FT_ENCODING_UNICODE) != 0)
    st = hf_fail(err, HF_ERR_IO, "字体 %s 的子集自检失败（字形数或 cmap）：内部错误", path);
  for (size_t i = 0; st == HF_OK && i < nmap; i++)
    if (FT_Get_Char_Index(f, map[i].cp) != map[i].gid)
      st = hf_fail(err, HF_ERR_IO, "字体 %s 的子集自检失败：U+%04X 没有映射到字形 %u：内部错误", path,
                   (unsigned)map[i].cp, map[i].gid);
  FT_Done_Face(f);
  return st;
}

/* ---- the build ---------------------------------------------------------- */

typedef struct subset_ctx {
  FT_Library lib;
  FT_Face face;
  sfnt_table head, hhea, maxp, os2, name, post;
  sub_glyph *glyphs;
  size_t nglyphs;
  cp_map *map;
  size_t nmap;
  uint32_t *cps;
  uint16_t *gid_of_src;   /* source gid → subset gid (0 = not yet in the subset) */
  out_table tabs[10];
} subset_ctx;

static void ctx_free(subset_ctx *c) {
  for (size_t i = 0; i < c->nglyphs; i++) buf_free(&c->glyphs[i].data);
  free(c->glyphs);
  free(c->map);
  free(c->cps);
  free(c->gid_of_src);
  sfnt_table *ts[] = {&c->head, &c->hhea, &c->maxp, &c->os2, &c->name, &c->post};
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) free(ts[i]->data);
  for (size_t i = 0; i < sizeof c->tabs / sizeof c->tabs[0]; i++) buf_free(&c->tabs[i].data);
  if (c->face) FT_Done_Face(c->face);
  if (c->lib) FT_Done_FreeType(c->lib);
}

static hf_status open_source(subset_ctx *c, const char *path, int index, hf_error *err) {
  hf_status st = precheck_file(path, index, err);
  if (st != HF_OK) return st;
  if (FT_Init_FreeType(&c->lib) != 0) {
    c->lib = NULL;
    return hf_fail(err, HF_ERR_IO, "无法初始化 FreeType");
  }
  FT_Error fe = FT_New_Face(c->lib, path, index, &c->face);
  if (fe != 0) {
    c->face = NULL;
    return hf_fail(err, HF_ERR_DATA, "无法打开字体 %s（第 %d 个字体，FreeType 错误 0x%02X）：文件损坏或不是字体", path,
                   index, (unsigned)fe);
  }
  FT_Face f = c->face;
  FT_ULong len = 0;
  if (!FT_IS_SFNT(f) || FT_Load_Sfnt_Table(f, TTAG_glyf, 0, NULL, &len) != 0 || len == 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 没有 TrueType 轮廓（glyf 表）：字体子集只支持 TrueType 字体", path);
  if (f->units_per_EM == 0) return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：unitsPerEm 为 0", path);
  if (f->num_glyphs <= 0 || f->num_glyphs > 0xFFFF) return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：字形数无效", path);
  if (FT_Select_Charmap(f, FT_ENCODING_UNICODE) != 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 没有 Unicode 字符映射（cmap）", path);
  load_table(f, TTAG_head, &c->head);
  load_table(f, TTAG_hhea, &c->hhea);
  load_table(f, TTAG_maxp, &c->maxp);
  load_table(f, TTAG_OS2, &c->os2);
  load_table(f, TTAG_name, &c->name);
  load_table(f, TTAG_post, &c->post);
  if (c->head.len < 54 || c->hhea.len < 36 || c->maxp.len < 6)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 已损坏：head、hhea 或 maxp 表缺失或过短", path);
  if (c->os2.len < 78)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 缺少 OS/2 表（或过短）：libharu 2.3.0 需要它", path);
  unsigned fs_type = get_u16(c->os2.data + 8);
  if (fs_type & 0x0302)
    return hf_fail(err, HF_ERR_DATA, "字体 %s 的许可不允许嵌入（OS/2 fsType = 0x%04X）", path, fs_type);
  return HF_OK;
}

/* Distinct code points in order; each present one gets its glyph. */
static void choose_glyphs(subset_ctx *c, const uint32_t *codepoints, size_t n, font_subset_stats *stats) {
  FT_Face f = c->face;
  c->cps = hf_xmalloc((n ? n : 1) * sizeof *c->cps);
  if (n) memcpy(c->cps, codepoints, n * sizeof *c->cps);
  qsort(c->cps, n, sizeof *c->cps, cmp_u32);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (distinct == 0 || c->cps[distinct - 1] != c->cps[i]) c->cps[distinct++] = c->cps[i];
  c->gid_of_src = hf_xcalloc((size_t)f->num_glyphs, sizeof *c->gid_of_src);
  c->glyphs = hf_xcalloc(distinct + 1, sizeof *c->glyphs);
  c->map = hf_xcalloc(distinct + 1, sizeof *c->map);
  c->glyphs[0].src_gid = 0;
  c->nglyphs = 1;
  for (size_t i = 0; i < distinct; i++) {
    uint32_t cp = c->cps[i];
    if (cp >= 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) continue;
    FT_UInt src = FT_Get_Char_Index(f, cp);
    if (src == 0 || src >= (FT_UInt)f->num_glyphs) continue;
    if (!c->gid_of_src[src]) {
      c->gid_of_src[src] = (uint16_t)c->nglyphs;
      c->glyphs[c->nglyphs++].src_gid = src;
    }
    c->map[c->nmap].cp = cp;
    c->map[c->nmap].gid = c->gid_of_src[src];
    c->nmap++;
  }
  if (stats) {
    stats->mapped = c->nmap;
    stats->unmapped = distinct - c->nmap;
    stats->glyphs = c->nglyphs;
  }
}

static hf_status build_tables(subset_ctx *c, const char *path, hf_error *err) {
  /* glyf + loca */
  size_t glyf_len = 0;
  for (size_t i = 0; i < c->nglyphs; i++) glyf_len += c->glyphs[i].data.len;
  int long_loca = glyf_len / 2 > 0xFFFF;
  out_table *t = c->tabs;
  static const char *const tags[10] = {"OS/2", "cmap", "glyf", "head", "hhea",
                                       "hmtx", "loca", "maxp", "name", "post"};
  for (size_t i = 0; i < 10; i++) {
    t[i].tag = tags[i];
    buf_init(&t[i].data);
  }
  hf_buf *os2 = &t[0].data, *cmap = &t[1].data, *glyf = &t[2].data, *head = &t[3].data, *hhea = &t[4].data,
         *hmtx = &t[5].data, *loca = &t[6].data, *maxp = &t[7].data, *name = &t[8].data, *post = &t[9].data;

  int xmin = 0, ymin = 0, xmax = 0, ymax = 0, have_box = 0;
  unsigned max_points = 0, max_contours = 0, adv_max = 0;
  int min_lsb = 0, min_rsb = 0, max_extent = 0, have_metrics = 0;
  for (size_t i = 0; i < c->nglyphs; i++) {
    const sub_glyph *g = &c->glyphs[i];
    if (long_loca) put_u32(loca, (uint32_t)glyf->len);
    else put_u16(loca, (unsigned)(glyf->len / 2));
    buf_append(glyf, g->data.data, g->data.len);
    if (g->advance > adv_max) adv_max = g->advance;
    if (g->points == 0) continue;
    if (g->points > max_points) max_points = g->points;
    if (g->contours > max_contours) max_contours = g->contours;
    if (!have_box || g->xmin < xmin) xmin = g->xmin;
    if (!have_box || g->ymin < ymin) ymin = g->ymin;
    if (!have_box || g->xmax > xmax) xmax = g->xmax;
    if (!have_box || g->ymax > ymax) ymax = g->ymax;
    have_box = 1;
    int rsb = (int)g->advance - g->xmax, extent = g->xmax;
    if (!have_metrics || g->lsb < min_lsb) min_lsb = g->lsb;
    if (!have_metrics || rsb < min_rsb) min_rsb = rsb;
    if (!have_metrics || extent > max_extent) max_extent = extent;
    have_metrics = 1;
  }
  if (long_loca) put_u32(loca, (uint32_t)glyf->len);
  else put_u16(loca, (unsigned)(glyf->len / 2));
  if (glyf->len == 0) put_u16(glyf, 0);   /* never an empty glyf table (some readers refuse it) */

  /* hmtx: trailing equal advances share the last long metric */
  size_t nlong = c->nglyphs;
  while (nlong > 1 && c->glyphs[nlong - 1].advance == c->glyphs[nlong - 2].advance) nlong--;
  for (size_t i = 0; i < c->nglyphs; i++) {
    if (i < nlong) put_u16(hmtx, c->glyphs[i].advance);
    put_i16(hmtx, c->glyphs[i].lsb);
  }

  /* head */
  buf_append(head, c->head.data, 54);
  unsigned char *h = (unsigned char *)head->data;
  set_u32(h + 8, 0);   /* checkSumAdjustment: set by assemble() */
  set_i16(h + 36, xmin);
  set_i16(h + 38, ymin);
  set_i16(h + 40, xmax);
  set_i16(h + 42, ymax);
  set_i16(h + 50, long_loca ? 1 : 0);
  set_i16(h + 52, 0);

  /* hhea */
  buf_append(hhea, c->hhea.data, 36);
  unsigned char *hh = (unsigned char *)hhea->data;
  set_u16(hh + 10, adv_max);
  set_i16(hh + 12, min_lsb);
  set_i16(hh + 14, min_rsb);
  set_i16(hh + 16, max_extent);
  set_i16(hh + 32, 0);   /* metricDataFormat */
  set_u16(hh + 34, (unsigned)nlong);

  /* maxp 1.0 */
  put_u32(maxp, 0x00010000);
  put_u16(maxp, (unsigned)c->nglyphs);
  put_u16(maxp, max_points);
  put_u16(maxp, max_contours);
  put_u16(maxp, 0);   /* maxCompositePoints */
  put_u16(maxp, 0);   /* maxCompositeContours */
  if (c->maxp.len >= 32 && get_u32(c->maxp.data) == 0x00010000) {
    buf_append(maxp, c->maxp.data + 14, 12);   /* zones … stack elements, as in the source */
  } else {
    put_u16(maxp, 1);
    for (int i = 0; i < 5; i++) put_u16(maxp, 0);
  }
  put_u16(maxp, 0);   /* maxSizeOfInstructions */
  put_u16(maxp, 0);   /* maxComponentElements */
  put_u16(maxp, 0);   /* maxComponentDepth */

  /* OS/2: copied, first/last character recomputed */
  buf_append(os2, c->os2.data, c->os2.len);
  unsigned first = 0xFFFF, last = 0;
  if (c->nmap) {
    first = c->map[0].cp;
    last = c->map[c->nmap - 1].cp;
  }
  set_u16((unsigned char *)os2->data + 64, first);
  set_u16((unsigned char *)os2->data + 66, last);

  /* post 3.0 */
  put_u32(post, 0x00030000);
  if (c->post.len >= 16) {
    buf_append(post, c->post.data + 4, 12);   /* italicAngle, underline, isFixedPitch */
  } else {
    for (int i = 0; i < 3; i++) put_u32(post, 0);
  }
  for (int i = 0; i < 4; i++) put_u32(post, 0);

  build_cmap(cmap, c->map, c->nmap);
  if ((t[1].data.len - 12) > 0xFFFF)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：子集的字符太分散，cmap 格式 4 放不下", path);
  return build_name(name, &c->name, path, err);
}

hf_status font_subset_build_stats(const char *font_path, int face_index, const uint32_t *codepoints, size_t n,
                                  hf_buf *out_ttf, font_subset_stats *stats, hf_error *err) {
  if (stats) memset(stats, 0, sizeof *stats);
  if (!font_path || !out_ttf || (n > 0 && !codepoints))
    return hf_fail(err, HF_ERR_USAGE, "font_subset_build：参数无效");
  buf_reset(out_ttf);
  if (face_index < 0)
    return hf_fail(err, HF_ERR_DATA, "字体 %s：字体索引 %d 无效（应 ≥ 0）", font_path, face_index);
  subset_ctx c;
  memset(&c, 0, sizeof c);
  hf_status st = open_source(&c, font_path, face_index, err);
  if (st == HF_OK) {
    choose_glyphs(&c, codepoints, n, stats);
    for (size_t i = 0; st == HF_OK && i < c.nglyphs; i++) {
      int composite = 0;
      st = encode_glyph(c.face, &c.glyphs[i], &composite, font_path, err);
      if (composite && stats) stats->flattened++;
    }
  }
  if (st == HF_OK) st = build_tables(&c, font_path, err);
  if (st == HF_OK) {
    assemble(out_ttf, c.tabs, 10);
    st = self_check(c.lib, out_ttf, c.map, c.nmap, c.nglyphs, font_path, err);
    if (st != HF_OK) buf_reset(out_ttf);
  }
  ctx_free(&c);
  return st;
}

hf_status font_subset_build(const char *font_path, int face_index, const uint32_t *codepoints, size_t n,
                            hf_buf *out_ttf, hf_error *err) {
  return font_subset_build_stats(font_path, face_index, codepoints, n, out_ttf, NULL, err);
}

/* ---- temporary file ----------------------------------------------------- */

hf_status font_subset_write_temp(const hf_buf *ttf, char **path_out, hf_error *err) {
  *path_out = NULL;
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  size_t cap = strlen(tmp) + 64;
  char *dir = hf_xmalloc(cap);
  snprintf(dir, cap, "%s/huifang-font-XXXXXX", tmp);
  if (!mkdtemp(dir)) {
    hf_status st = hf_fail(err, HF_ERR_IO, "无法创建临时目录 %s：%s", dir, strerror(errno));
    free(dir);
    return st;
  }
  char *path = hf_xmalloc(cap);
  snprintf(path, cap, "%s/subset.ttf", dir);
  FILE *fp = fopen(path, "wb");
  int ok = fp && fwrite(ttf->data, 1, ttf->len, fp) == ttf->len;
  if (fp && fclose(fp) != 0) ok = 0;
  if (!ok) {
    hf_status st = hf_fail(err, HF_ERR_IO, "无法写入临时字体文件 %s：%s", path, strerror(errno));
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return st;
  }
  free(dir);
  *path_out = path;
  return HF_OK;
}

void font_subset_remove_temp(char *path) {
  if (!path) return;
  unlink(path);
  char *slash = strrchr(path, '/');
  if (slash) {
    *slash = '\0';
    rmdir(path);
  }
  free(path);
}
