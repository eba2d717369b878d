/*
** glyphs.h — which characters a font can really draw through libharu 2.3.0.
** Opens a TrueType face with FreeType, refuses fonts libharu would crash on or
** silently mis-draw (not TrueType outlines, unitsPerEm = 0, no glyphs, broken
** hhea), and answers per code point whether it is drawable: in the cmap and at
** most U+FFFF. Composite glyphs are still told apart (GLYPH_COMPOSITE) but
** count as drawable: libharu 2.3.0 would drop their parts (访 drawn as 方)
** from the whole font, but the renderer embeds a per-document subset
** (font_subset.h) in which FreeType has flattened every composite into a
** simple glyph. Answers are cached per code point.
** The hf_glyphs owns its FreeType library and face; glyphs_close frees them.
*/
#ifndef HF_GLYPHS_H
#define HF_GLYPHS_H

#include <stdint.h>

#include "common/diag.h"

typedef enum hf_glyph_status {
  GLYPH_OK = 1,         /* drawable */
  GLYPH_MISSING,        /* not in the font's Unicode cmap */
  GLYPH_COMPOSITE,      /* built from other glyphs: drawable once flattened by the subset */
  GLYPH_BEYOND_BMP,     /* above U+FFFF: libharu 2.3.0 drops it */
  GLYPH_INVALID         /* not a character (bad UTF-8, control) */
} hf_glyph_status;

typedef struct hf_glyphs hf_glyphs;

/* Opens and validates face `index` of the font at path. On failure returns
** HF_ERR_DATA with a message naming the file and what is wrong, *out = NULL. */
hf_status glyphs_open(hf_glyphs **out, const char *path, int index, hf_error *err);
void glyphs_close(hf_glyphs *g);

hf_glyph_status glyphs_check(hf_glyphs *g, uint32_t cp);
/* True for the statuses the renderer draws (GLYPH_OK, GLYPH_COMPOSITE). */
static inline int glyphs_drawable(hf_glyph_status st) { return st == GLYPH_OK || st == GLYPH_COMPOSITE; }
/* "WenQuanYi Zen Hei" — the face's family name (or the file name). */
const char *glyphs_family(const hf_glyphs *g);
/* True when the file is a TrueType collection (load with face index). */
int glyphs_is_collection(const hf_glyphs *g);
/* A short Chinese reason for a non-drawable status, for warnings. */
const char *glyphs_reason(hf_glyph_status st);

#endif
