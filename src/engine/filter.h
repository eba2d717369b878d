/*
** filter.h — evaluating a rule's `where` filter (policy.h hf_filter) on a
** record. The conditions run in C; the hook, when the rule gives one, runs
** only for records that passed them.
*/
#ifndef HF_FILTER_H
#define HF_FILTER_H

#include <stdbool.h>

#include "common/diag.h"
#include "ingest/record.h"
#include "policy/policy.h"

/* *out = whether rec passes f. Fails only when the hook fails. */
hf_status filter_match(hf_policy *p, const hf_filter *f, const hf_record *rec, bool *out, hf_error *err);

/* The number a typed value stands for: int, number, date (day number),
** datetime (seconds); 0 for text types. */
double value_number(const hf_field_spec *f, const hf_value *v);

/* The day of a date or datetime value (its date part). */
hf_date value_day(const hf_field_spec *f, const hf_value *v);

#endif
