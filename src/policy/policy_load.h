/*
** policy_load.h — the validation context shared by policy.c (top level,
** inputs) and the section readers (policy_scorecard.c, policy_report.c,
** policy_<section>.c), and the helpers they share (policy_fields.c,
** policy_filter.c). Internal to src/policy/; every function runs inside the
** protected call.
*/
#ifndef HF_POLICY_LOAD_H
#define HF_POLICY_LOAD_H

#include "policy/policy.h"
#include "policy/policy_read.h"

typedef struct load_ctx {
  rd_ctx rd;
  hf_policy *p;
  size_t *ndeclared;  /* per input: fields declared (before the items) */
} load_ctx;

/* ---- References to inputs and fields (policy_fields.c). `type` is an
** hf_field_type the field must have, or -1 for any. */
const char *policy_type_name(hf_field_type t);
/* Index of the declared field `name` of input i, or -1. */
long policy_find_field(const load_ctx *lc, size_t i, const char *name);
/* The value at idx names a declared field of input i. */
hf_status policy_field_ref(load_ctx *lc, int idx, size_t i, int type, size_t *out);
/* t[key] as a field reference; *has = false when absent and not required. */
hf_status policy_field_key(load_ctx *lc, int t, const char *key, size_t i, int type, bool required, size_t *out,
                           bool *has);
/* t[key] as a field of type date or datetime (whose day counts: periods, windows);
** `hint` (or NULL) is appended to the message for a field of another type. */
hf_status policy_day_field_key(load_ctx *lc, int t, const char *key, size_t i, bool required, const char *hint,
                               size_t *out, bool *has);
/* The sequence at idx as field references of input i. */
hf_status policy_field_list(load_ctx *lc, int idx, size_t i, bool nonempty, size_t **out, size_t *n);
/* t[key] names an input; *has = false when absent and not required. */
hf_status policy_input_key(load_ctx *lc, int t, const char *key, bool required, size_t *out, bool *has);

/* Whether s is one of the NULL-ended list. */
bool policy_in_list(const char *const *list, const char *s);

/* Ids of results tables: [a-z_][a-z0-9_]*. */
bool policy_valid_id(const char *s);
/* The id at v[1] (a table's first value), validated. */
hf_status policy_read_id(load_ctx *lc, int v, char **id);
/* t[key] as a duration { years, months, weeks, days } (ints, may be negative). */
hf_status policy_duration(load_ctx *lc, int t, const char *key, bool required, hf_duration *out, bool *has);
/* The years/months/weeks/days of the table at v (its keys already checked) as a duration. */
hf_status policy_duration_fields(load_ctx *lc, int v, hf_duration *out);
/* t[key], when present, is a sequence of tables; each is read by read(lc, idx,
** element) into a new array of elem_size elements (zeroed). *n counts every
** element started, so a failed read can be freed. */
typedef hf_status (*policy_elem_reader)(load_ctx *lc, int idx, void *elem);
hf_status policy_read_list(load_ctx *lc, int t, const char *key, size_t elem_size, void **out, size_t *n,
                           policy_elem_reader read);
/* The same for the sequence at v (its key already entered), when the reader
** needs its parent (ctx) or a non-table element deserves a better message than
** "应为 table": `want` names what each element should be. */
typedef hf_status (*policy_seq_reader)(load_ctx *lc, int idx, void *elem, void *ctx);
hf_status policy_read_seq(load_ctx *lc, int v, const char *want, size_t elem_size, void **out, size_t *n,
                          policy_seq_reader read, void *ctx);
/* Whether a table id is taken by the scorecard's own tables, a group or a `tables` entry. */
bool policy_table_id_taken(const hf_policy *p, const char *id);

/* t[key] as a row filter over input `input` (policy_filter.c); absent = every row. */
hf_status policy_read_filter(load_ctx *lc, int t, const char *key, size_t input, hf_filter *out);

/* Each reads its key of the rule's table at index t into lc->p; the first
** error stays in lc->rd. Run after the inputs (and scorecard before groups). */
hf_status policy_read_scorecard(load_ctx *lc, int t);
/* report, its brand and charts (policy_report.c). */
hf_status policy_read_report(load_ctx *lc, int t);
/* After validation, outside the protected call: the brand file and the
** templates report names, run in the rule's sandbox and validated. */
hf_status policy_load_report_files(hf_policy *p, hf_error *err);
void policy_report_free(hf_report_spec *r);
hf_status policy_read_groups(load_ctx *lc, int t);
hf_status policy_read_coverage(load_ctx *lc, int t);
/* The sections of policy_blocks.h, each in its own policy_<section>.c. */
hf_status policy_read_tables(load_ctx *lc, int t);
hf_status policy_read_sampling(load_ctx *lc, int t);
hf_status policy_read_schedules(load_ctx *lc, int t);
hf_status policy_read_calendar(load_ctx *lc, int t);
hf_status policy_read_deadlines(load_ctx *lc, int t);
hf_status policy_read_satisfaction(load_ctx *lc, int t);  /* and scales */
hf_status policy_read_targets(load_ctx *lc, int t);
/* Frees every section of policy_blocks.h (policy_blocks.c). */
void policy_blocks_free(hf_policy *p);

#endif
