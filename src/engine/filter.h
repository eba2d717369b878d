/*
** filter.h — evaluating a rule's `where` filter (policy.h hf_filter) on a
** record. The conditions run in C; the hook, when the rule gives one, runs
** only for records that passed them. Also what a record's typed value stands
** for, as the filters and the sections read it: a number, a day, its text and
** its cell in a results table, its column's format.
*/
#ifndef HF_FILTER_H
#define HF_FILTER_H

#include <stdbool.h>

#include "common/buf.h"
#include "common/diag.h"
#include "ingest/record.h"
#include "policy/policy.h"
#include "report/results.h"

/* *out = whether rec passes f. Fails only when the hook fails. */
hf_status filter_match(hf_policy *p, const hf_filter *f, const hf_record *rec, bool *out, hf_error *err);

/* The number a typed value stands for: int, number, date (day number),
** datetime (seconds); 0 for text types. */
double value_number(const hf_field_spec *f, const hf_value *v);

/* The day of a date or datetime value (its date part). */
hf_date value_day(const hf_field_spec *f, const hf_value *v);

/* Appends the text of a value as the results show it: dates as YYYY-MM-DD,
** datetimes as YYYY-MM-DD HH:MM:SS, anything else as read; nothing when empty. */
void value_text(const hf_field_spec *f, const hf_value *v, hf_buf *out);

/* A value into a results row: ints and numbers as numbers, the rest as
** value_text, empty as null. No allocation: safe per row. */
void value_put(hf_row_writer *w, const hf_field_spec *f, const hf_value *v);

/* The column format of a field's values: int, number, date, else text. */
hf_format field_format(const hf_field_spec *f);

#endif
