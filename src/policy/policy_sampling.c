/*
** policy_sampling.c — reads the rule's `sampling` section (policy_blocks.h).
** NOT YET IMPLEMENTED (issue 3, in progress): a rule that uses the section is
** refused with a clear error rather than silently ignored.
*/
#include <lauxlib.h>

#include "policy/policy_load.h"

hf_status policy_read_sampling(load_ctx *lc, int t) {
  rd_ctx *c = &lc->rd;
  if (c->status) return c->status;
  int type = rd_get(c, t, "sampling");
  if (type != LUA_TNIL) rd_fail(c, "这一节尚未实现（issue 3 进行中）");
  rd_pop_value(c);
  return c->status;
}
