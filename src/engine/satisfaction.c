/*
** satisfaction.c — the engine's `satisfaction` section (block.h).
** NOT YET IMPLEMENTED (issue 3, in progress): the policy reader refuses the
** section, so this block never has state.
*/
#include "engine/blocks.h"

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  (void)err;
  *state = NULL;
  if (engine_policy(e)->nsurveys > 0) return hf_fail(err, HF_ERR_IO, "内部错误：satisfaction 尚未实现");
  return HF_OK;
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  (void)e;
  (void)state;
  (void)err;
  return HF_OK;
}

static void release(void *state) { (void)state; }

const hf_block satisfaction_block = {"satisfaction", start, finish, release};
