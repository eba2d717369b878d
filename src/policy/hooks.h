/*
** hooks.h — calling a rule's Lua functions from the engine.
** The engine passes the current record and the C-computed verdict; the hook
** sees them as a light read-only view `r` (no table is built per row):
**   r.fatal_fails, r.nonfatal_fails, r.fails, r.passes, r.na  (integers)
**   r.qualified  (boolean; only set when calling the excellent hook)
**     -- these six are nil outside the scorecard (a `where` function: no verdict, v = NULL)
**   r.line       (the source line)
**   r.<field>    (string, integer, number; dates as "YYYY-MM-DD", times as "HH:MM:SS",
**                 datetimes as "YYYY-MM-DD HH:MM:SS", empty cells nil)
**   r.item["规范话术"] -> "pass" | "fail" | "na"  (records of the scorecard's input only)
** Every call is protected; a runtime error, a breached limit or a non-boolean
** result becomes an hf_error naming the rule file:line with a traceback.
*/
#ifndef HF_HOOKS_H
#define HF_HOOKS_H

#include <stdbool.h>

#include "common/diag.h"
#include "ingest/record.h"
#include "policy/policy.h"

/* What the C scorecard computed for one record before any hook runs. */
typedef struct hf_verdict {
  int fatal_fails;
  int nonfatal_fails;
  int fails;
  int passes;
  int na;
  bool qualified;
  bool excellent;
} hf_verdict;

/* Calls hook(r) and stores its boolean result in *out. v is NULL outside the scorecard. */
hf_status hook_call_bool(hf_policy *p, hf_hook *hook, const hf_record *rec, const hf_verdict *v,
                         bool *out, hf_error *err);

/* A name for error messages: "scorecard.qualified (callcenter.lua:52)". */
const char *hook_describe(const hf_hook *hook);

#endif
