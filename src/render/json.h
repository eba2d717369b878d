/*
** json.h — results.json, the machine-readable contract (docs/results-schema.md).
** Deterministic: keys in a fixed order, rows in the model's order, numbers in
** their shortest exact decimal form (format_double), UTF-8 unescaped.
*/
#ifndef HF_JSON_H
#define HF_JSON_H

#include "common/diag.h"
#include "report/results.h"

/* Writes r to path (temp file + rename). */
hf_status render_json(const hf_results *r, const char *path, hf_error *err);

#endif
