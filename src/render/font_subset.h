/*
** font_subset.h — a per-document TrueType subset that libharu 2.3.0 can load.
**
** libharu 2.3.0 embeds a TrueType font with all of its cmap, loca and hmtx
** (≈500 KB per PDF with WenQuanYi Zen Hei) and drops the components of
** composite glyphs (访 drawn as 方 with Droid Sans Fallback). font_subset_build
** makes, from a TrueType font (.ttf, or a face of a .ttc), a new font holding
** only .notdef and the glyphs of the given code points, every glyph a SIMPLE
** TrueType glyph: FreeType loads each one unscaled and unhinted
** (FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), which flattens composites into one
** outline in font units, and that outline is written back as a simple glyph.
**
** Tables written: OS/2, cmap, glyf, head, hhea, hmtx, loca, maxp, name, post.
**   cmap  one (3,1) format 4 subtable (BMP only: libharu 2.3.0 drops > U+FFFF);
**   glyf  simple glyphs, no hinting instructions (libharu and PDF viewers do
**         not use them); fpgm/prep/cvt are therefore left out;
**   hmtx  advances as FreeType reports them (USE_MY_METRICS honoured), lsb =
**         xMin of the written outline;
**   head  copied (created/modified kept), bbox/indexToLocFormat recomputed,
**         checkSumAdjustment computed over the finished file;
**   hhea, maxp, OS/2  copied with the glyph-dependent fields recomputed;
**   name  records 0–6 (copyright, family, subfamily, id, full name, version,
**         PostScript name) copied; post  format 3 (no glyph names).
** Vertical metrics, kerning and OpenType layout tables are not kept.
**
** Deterministic: code points are sorted and de-duplicated; glyph 0 is the
** source's .notdef, then one glyph per distinct source glyph in code point
** order; identical inputs give byte-identical output.
**
** Code points the font lacks, code points above U+FFFE and surrogates are not
** mapped (the caller warns about them). Fonts with CFF/CFF2 outlines (.otf,
** Noto CJK) are refused with a clear error.
*/
#ifndef HF_FONT_SUBSET_H
#define HF_FONT_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/diag.h"

typedef struct font_subset_stats {
  size_t mapped;      /* code points mapped in the subset's cmap */
  size_t unmapped;    /* distinct code points left out (absent, > U+FFFE, invalid) */
  size_t glyphs;      /* glyphs in the subset, .notdef included */
  size_t flattened;   /* source composite glyphs written as simple glyphs */
} font_subset_stats;

/* Builds the subset of face face_index of the TrueType font at font_path for
** codepoints[0..n) into out_ttf (reset first; binary, out_ttf->len bytes).
** Returns HF_OK, or HF_ERR_DATA (unreadable/missing file, not a TrueType font,
** CFF outlines, broken tables) / HF_ERR_USAGE (bad arguments) with err set. */
hf_status font_subset_build(const char *font_path, int face_index, const uint32_t *codepoints, size_t n,
                            hf_buf *out_ttf, hf_error *err);

/* The same, also filling *stats (when not NULL). */
hf_status font_subset_build_stats(const char *font_path, int face_index, const uint32_t *codepoints, size_t n,
                                  hf_buf *out_ttf, font_subset_stats *stats, hf_error *err);

/* Writes ttf to a new private temporary directory (under $TMPDIR or /tmp) as
** "subset.ttf", for HPDF_LoadTTFontFromFile (libharu 2.3.0 has no loader from
** memory). *path_out is malloc'ed; release it with font_subset_remove_temp. */
hf_status font_subset_write_temp(const hf_buf *ttf, char **path_out, hf_error *err);

/* Removes the file written by font_subset_write_temp and its directory, and
** frees path. Accepts NULL. */
void font_subset_remove_temp(char *path);

#endif
