/*
** fontfind.h — where the report font comes from.
** Order: the policy's report.font (relative to the rule file's folder; it must
** exist), else the candidates of fonts/manifest.txt in the source tree
** (relative entries are files under fonts/, absolute ones system fonts), else
** the built-in system candidates (WenQuanYi Zen Hei first). fonts/README.md
** explains the order and why Zen Hei. The list owns its strings.
*/
#ifndef HF_FONTFIND_H
#define HF_FONTFIND_H

#include <stdbool.h>
#include <stddef.h>

#include "common/diag.h"

typedef enum hf_font_origin {
  HF_FONT_NAMED,      /* the policy's report.font or the brand's font */
  HF_FONT_MANIFEST,   /* a line of fonts/manifest.txt */
  HF_FONT_BUILTIN     /* the built-in system candidates */
} hf_font_origin;

typedef struct hf_font_candidate {
  char *path;
  int index;       /* face index inside a .ttc */
  hf_font_origin origin;
  bool exists;     /* a regular file at path */
} hf_font_candidate;

typedef struct hf_font_list {
  hf_font_candidate *items;   /* fontfind_resolve: existing files only; fontfind_probe: all; in lookup order */
  size_t n;
  bool user;                  /* true: the one font the policy named */
} hf_font_list;

/* Fills out. font_path NULL → the automatic order; nothing found → HF_ERR_IO
** saying to install fonts-wqy-zenhei (make setup). A named font that does not
** exist → HF_ERR_DATA naming it. */
hf_status fontfind_resolve(const char *font_path, int font_index, const char *base_dir, hf_font_list *out,
                           hf_error *err);
/* Every candidate of the order (duplicates once), existing or not, for
** `huifang fonts`: a named font alone, else the manifest's then the built-in ones. */
void fontfind_probe(const char *font_path, int font_index, const char *base_dir, hf_font_list *out);
void fontfind_free(hf_font_list *l);

/* The manifest the automatic order reads (HUIFANG_SOURCE_DIR/fonts/manifest.txt). */
const char *fontfind_manifest_path(void);

#endif
