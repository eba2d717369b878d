/*
** pdf.h — the PDF report (libharu), read from the results model only.
** A4, the CJK font embedded, title with company and period, KPI block, every
** table of the results in order (header row repeated on each page, long text
** wrapped per character), "第 N 页 / 共 M 页" on every page. Output is
** byte-identical for identical results and font. Characters the font or
** libharu cannot draw are drawn as a visible marker and reported through
** results_warn (naming the character and where it occurs), never left blank.
*/
#ifndef HF_PDF_H
#define HF_PDF_H

#include "common/diag.h"
#include "policy/layout.h"
#include "report/history.h"
#include "report/results.h"

typedef struct hf_pdf_options {
  const char *font_path;   /* the policy's report.font, or NULL: the lookup order (docs/rules.md) */
  int font_index;          /* face index inside a .ttc */
  const char *base_dir;    /* a relative font_path is resolved against this (the rule file's folder) */
  const hf_layout *layout; /* the template (NULL: layout_default) */
  const hf_brand *brand;   /* NULL: brand_default */
  const hf_chart_list *charts;  /* the policy's charts, or NULL */
  const char *recipient;   /* --split-by: the recipient this PDF is for ({recipient}), or NULL */
  size_t *pages_out;       /* when set: receives the page count of the saved PDF */
  const hf_history *history;  /* --history: earlier months (KPI deltas, trend charts), or NULL */
} hf_pdf_options;

/* Writes the report to path (temp file + rename). May add warnings to r. */
hf_status render_pdf(hf_results *r, const hf_pdf_options *opt, const char *path, hf_error *err);

#endif
