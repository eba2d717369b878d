/*
** csv.h — each results table as <dir>/<table id>.csv: UTF-8 with a BOM (so
** Excel opens it as UTF-8), CRLF, RFC 4180 quoting, the Chinese column labels
** as the header row. Numbers are written unrounded (rates as fractions),
** booleans as 是/否, nulls as empty cells.
*/
#ifndef HF_CSV_OUT_H
#define HF_CSV_OUT_H

#include "common/diag.h"
#include "report/results.h"

hf_status render_csv_tables(const hf_results *r, const char *dir, hf_error *err);

#endif
