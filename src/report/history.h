/*
** history.h — earlier periods' results.json, read back for month-over-month
** trends (`huifang run --history DIR`), and the "较上月 …" delta text.
** An hf_history owns every string and array in it; history_free releases them.
*/
#ifndef HF_HISTORY_H
#define HF_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "common/diag.h"
#include "report/results.h"

/* At most this many periods are kept: the latest ones before the current
** period (12 files, whatever gaps lie between them). */
#define HF_HISTORY_MAX_MONTHS 12

typedef struct hf_history_kpi {
  char *id;            /* "pass_rate" */
  char *label;         /* "合格率" (the id when the file has null) */
  double value;        /* NaN when the file has null */
  hf_format format;
  bool has_target;
  double target;       /* when has_target; NaN when the file has null */
} hf_history_kpi;

typedef struct hf_history_month {
  char *file;          /* where it was read: "DIR/2026-09/results.json" */
  char *period_from;   /* "YYYY-MM-DD" */
  char *period_to;
  char *label;         /* "2026-09" for a whole calendar month, else "2026-10-01~2026-10-30" */
  hf_history_kpi *kpis;  /* in the file's order */
  size_t nkpis;
} hf_history_month;

typedef struct hf_history {
  hf_history_month *months;  /* oldest first, at most HF_HISTORY_MAX_MONTHS */
  size_t nmonths;
  char **warnings;           /* files skipped, one sentence each: the caller adds them to the results */
  size_t nwarnings;
} hf_history;

/*
** Reads the results.json files of earlier periods: every *.json directly in
** dir and every dir/<sub>/results.json (one level), names starting with "."
** ignored, in byte order of the names. Each must be a results.json of schema 1
** (docs/results-schema.md): policy.name, period.from/to as dates, kpis.
** Skipped with a warning naming the file: another policy than policy_name (NULL
** accepts every policy); a period that does not end before current_period_from
** ("YYYY-MM-DD"; NULL: no cut-off), so a re-run never shows itself as history.
** Errors (out left empty): dir unreadable (HF_ERR_IO); malformed JSON or a
** duplicate key ("file:line:column: …", HF_ERR_DATA); a missing or mistyped key
** (file and key path, HF_ERR_DATA; jansson keeps no positions for values); two
** kept files whose periods are the same or overlap (both files named).
** The top-level "tables" value is never built (nothing reads it): its text is checked for
** balanced brackets and strings and skipped, so a month of a million rows costs
** a read of the file, not its parse. Months come out sorted by period; only the
** latest HF_HISTORY_MAX_MONTHS are kept. history_free(out) is always safe after.
*/
hf_status history_load(const char *dir, const char *policy_name, const char *current_period_from,
                       hf_history *out, hf_error *err);
void history_free(hf_history *h);

/* The KPI of that id in month m, or NULL. */
const hf_history_kpi *history_month_kpi(const hf_history_month *m, const char *kpi_id);

/* Fills values_out[0 .. h->nmonths-1] with the KPI's value per month, oldest
** first, NaN where a month lacks it (or has null). Returns how many are numbers. */
size_t history_kpi_series(const hf_history *h, const char *kpi_id, double *values_out);

/*
** The change from previous to current as people read it, into out:
** percent  "较上月 +1.2 个百分点" (difference of the rates in points, one decimal)
** int      "较上月 +15", "较上月 -3"
** number   "较上月 +0.03" (two decimals, as the PDF shows numbers)
** and "较上月 持平" when the change rounds to zero (-0.0 included). Computed from
** the full-precision values, rounded half away from zero at the shown precision
** (after snapping to 12 significant digits, so 0.5125 - 0.5 counts as 1.25
** points, not 1.2499…). Returns false, out "", for text, bool and date KPIs
** and for values that are not finite numbers.
*/
#define HF_DELTA_TEXT_MAX 64
bool history_delta_text(double previous, double current, hf_format fmt, char out[HF_DELTA_TEXT_MAX]);

#endif
