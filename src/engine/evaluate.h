/*
** evaluate.h — the run: stream every input of the policy through ingest into
** the scorecard, the group-bys and the daily coverage, and fill the results
** model (KPIs, tables, warnings). Reads CSV only through ingest; knows
** nothing of renderers.
*/
#ifndef HF_EVALUATE_H
#define HF_EVALUATE_H

#include <stdbool.h>

#include "common/date.h"
#include "common/diag.h"
#include "policy/policy.h"
#include "report/results.h"

typedef struct hf_run_options {
  const char **input_paths;    /* one per policy input (p->inputs order): the file to read */
  bool has_period;             /* --period YYYY-MM: rows dated outside are counted, reported, not scored */
  hf_date period_from, period_to;
  bool has_as_of;              /* --as-of; default: the period's last day */
  hf_date as_of;
  void (*progress)(void *ctx, const char *input, long rows);  /* optional, every ~100k rows */
  void *progress_ctx;
  /* Bursting (--split-by): split_field names a field of one or more inputs.
  ** With split_value, rows of those inputs whose field text differs are not
  ** evaluated (inputs without the field are evaluated whole). With
  ** split_seen, every distinct text of the field is collected (sorted by
  ** bytes, empty values left out) into *split_seen / *nsplit_seen (caller frees). */
  const char *split_field;
  const char *split_value;
  char ***split_seen;
  size_t *nsplit_seen;
} hf_run_options;

/* The inputs (indexes in policy order) that have a field named `field`;
** returns how many (0: no input has it). */
size_t evaluate_split_inputs(const hf_policy *p, const char *field, size_t *inputs_out);

hf_status evaluate_run(hf_policy *p, const hf_run_options *o, hf_results *r, hf_error *err);

#endif
