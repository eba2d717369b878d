/*
** policy_load.h — the validation context shared by policy.c (top level,
** report, inputs) and policy_scorecard.c (scorecard, groups, coverage).
** Internal to src/policy/; every function runs inside the protected call.
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

/* Each reads its key of the rule's table at index t into lc->p; the first
** error stays in lc->rd. Run after the inputs (and scorecard before groups). */
hf_status policy_read_scorecard(load_ctx *lc, int t);
hf_status policy_read_groups(load_ctx *lc, int t);
hf_status policy_read_coverage(load_ctx *lc, int t);

#endif
