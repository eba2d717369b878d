/*
** scorecard.h — one record's verdict under the policy's scorecard (P1).
** Counts fatal and non-fatal fails (N/A never counts), then decides 合格 and
** 优秀 declaratively (thresholds) or through the rule's hooks when it gives
** functions. 优秀 implies 合格: a hook that calls an unqualified record
** excellent is overruled, so excellence_rate = excellent / qualified stays a rate.
*/
#ifndef HF_SCORECARD_H
#define HF_SCORECARD_H

#include "common/diag.h"
#include "ingest/record.h"
#include "policy/hooks.h"
#include "policy/policy.h"

hf_status scorecard_eval(hf_policy *p, const hf_record *rec, hf_verdict *v, hf_error *err);

/* The level label of a verdict (优秀 / 中等 / 差, from the policy). */
const char *scorecard_level(const hf_scorecard_spec *sc, const hf_verdict *v);

#endif
