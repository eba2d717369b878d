/*
** block.h — the engine's sections ("blocks"): sampling, schedules, deadlines,
** satisfaction, tables, targets. A block reads its part of the policy, asks
** for the rows of the inputs it needs, and when every input has been read adds
** its tables and KPIs to the results. evaluate.c runs the blocks in a fixed
** order (BLOCKS in evaluate.c), so outputs are deterministic; targets run
** last, because they may judge other blocks' KPIs.
**
** Contract of a block:
**   start(e, &state, err)  — called once before any input is read; returns
**                            HF_OK with *state = NULL when the policy has no such
**                            section. Subscribes with engine_subscribe.
**   rows                   — fn(state, rec, err) for each record of a subscribed
**                            input, in file order, inputs in policy order
**                            (sorted by name). A record lives only during the call.
**   finish(e, state, err)  — after all inputs: add tables/KPIs to the results.
**   release(state)         — always called (also after an error) for non-NULL state.
*/
#ifndef HF_BLOCK_H
#define HF_BLOCK_H

#include <stdbool.h>

#include "common/date.h"
#include "common/diag.h"
#include "engine/evaluate.h"
#include "ingest/record.h"
#include "policy/policy.h"
#include "report/results.h"

typedef struct hf_engine hf_engine;

typedef hf_status (*hf_row_fn)(void *state, const hf_record *rec, hf_error *err);

typedef struct hf_block {
  const char *name;
  hf_status (*start)(hf_engine *e, void **state, hf_error *err);
  hf_status (*finish)(hf_engine *e, void *state, hf_error *err);
  void (*release)(void *state);
} hf_block;

/* Rows of input `input` go to fn(state, ...) as they are read. */
void engine_subscribe(hf_engine *e, size_t input, hf_row_fn fn, void *state);

hf_policy *engine_policy(hf_engine *e);
const hf_run_options *engine_options(hf_engine *e);
hf_results *engine_results(hf_engine *e);

/* A block's records' dates, so that without --period and without a scorecard
** the period is the data's date range. */
void engine_note_date(hf_engine *e, hf_date d);
/* While inputs stream: whether day d is outside --period (never without it).
** Blocks leave such rows out and warn how many. */
bool engine_outside_period(hf_engine *e, hf_date d);

/* After all inputs (in finish): the period and as-of day. has_period is false
** only when neither --period nor any dated record gave one. */
bool engine_period(hf_engine *e, hf_date *from, hf_date *to);
hf_date engine_as_of(hf_engine *e);

/* The file an input was read from, for messages. */
const char *engine_input_path(hf_engine *e, size_t input);
/* False for an optional input that was not provided (its file absent). */
bool engine_input_present(hf_engine *e, size_t input);

#endif
