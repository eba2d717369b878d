/*
** split.h — report bursting for `huifang run --split-by FIELD` (split.c).
*/
#ifndef HF_SPLIT_H
#define HF_SPLIT_H

#include <stddef.h>

#include "common/diag.h"
#include "engine/evaluate.h"
#include "policy/policy.h"
#include "render/pdf.h"

/* The file name (without .pdf) for a recipient value: UTF-8 letters (Chinese
** included), ASCII letters, digits, '-', '_' and inner '.' are kept, anything
** else becomes '_', at most 80 bytes (cut at a character boundary); when the
** name had to change, or holds upper-case ASCII (case-insensitive disks),
** "-" and the first 8 hex digits of the value's SHA-256 are appended. */
void split_file_name(const char *value, char *out, size_t outsz);

/* The PDF options the policy's report section gives (font, rule folder,
** brand, charts) with `layout`; the caller adds history, recipient, pages_out. */
hf_pdf_options report_pdf_options(const hf_policy *p, const hf_layout *layout);

/* One PDF per value (summary template) into <staging>/<field>/, and index.csv there. */
hf_status split_render(hf_policy *p, const hf_run_options *base, const char *field, char *const *values, size_t n,
                       const char *staging, hf_error *err);

#endif
