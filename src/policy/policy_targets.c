/*
** policy_targets.c — the rule's `targets`: a metric against a bound.
**   targets = { { "<id>", label = s,
**                 -- the metric, one of:
**                 input = <input>, where = f, of = f            -- share: rows passing of and where / rows passing of
**                 input = <input>, where = f, count = true      -- a count of rows
**                 input = <input>, where = f, per = <field>, count_at_least = n,
**                   universe = { input = <input>, field = <field>, where = f }  -- share of groups with >= n rows
**                 kpi = "<kpi id>"                              -- a KPI another section produced
**                 (input metrics may add date = <date field>: rows outside --period are not counted)
**                 -- and the bound, one of:
**                 at_least = x | at_most = x }, ... }
** Internal to src/policy/; runs inside the protected call.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "policy/policy_load.h"

static hf_status read_universe(load_ctx *lc, int t, hf_target_spec *tg) {
  static const char *const keys[] = {"field", "input", "where", NULL};
  rd_ctx *c = &lc->rd;
  int type = rd_get(c, t, "universe");
  int v = lua_gettop(c->L);
  if (type == LUA_TTABLE) {
    if (rd_check_keys(c, v, keys, 0) == HF_OK &&
        policy_input_key(lc, v, "input", true, &tg->universe_input, NULL) == HF_OK &&
        policy_field_key(lc, v, "field", tg->universe_input, -1, true, &tg->universe_field, NULL) == HF_OK &&
        policy_read_filter(lc, v, "where", tg->universe_input, &tg->universe_where) == HF_OK)
      tg->has_universe = true;
  } else if (type != LUA_TNIL) {
    rd_fail_type(c, v, "table（{ input = ..., field = ... }）");
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_target(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"at_least", "at_most", "count",    "count_at_least", "date", "input",
                                     "kpi",      "label",   "of",       "per",            "universe", "where", NULL};
  rd_ctx *c = &lc->rd;
  hf_target_spec *tg = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &tg->id)) return c->status;
  for (size_t i = 0; &lc->p->targets[i] != tg; i++)
    if (strcmp(lc->p->targets[i].id, tg->id) == 0) return rd_fail(c, "指标 id「%s」重复", tg->id);
  rd_string(c, v, "label", false, tg->id, &tg->label);
  rd_string(c, v, "kpi", false, NULL, &tg->kpi);
  if (c->status) return c->status;

  bool has_input = false, has_count = false, has_per = false;
  if (tg->kpi) {
    static const char *const with_kpi[] = {"input", "where", "of", "count", "per", "count_at_least", "universe",
                                           "date", NULL};
    for (int i = 0; with_kpi[i]; i++) {
      if (rd_get(c, v, with_kpi[i]) != LUA_TNIL) rd_fail(c, "用 kpi 时不能再有 %s", with_kpi[i]);
      rd_pop_value(c);
      if (c->status) return c->status;
    }
    tg->kind = HF_TARGET_KPI;
  } else {
    policy_input_key(lc, v, "input", true, &tg->input, &has_input);
    if (c->status) return c->status;
    policy_read_filter(lc, v, "where", tg->input, &tg->where);
    policy_day_field_key(lc, v, "date", tg->input, false, NULL, &tg->date_field, &tg->has_date);
    rd_bool(c, v, "count", false, &has_count);
    policy_field_key(lc, v, "per", tg->input, -1, false, &tg->by_field, &has_per);
    if (c->status) return c->status;
    if (has_count && has_per) return rd_fail(c, "count 与 per 只能选一个");
    if (has_per) {
      long long n = 0;
      if (rd_get(c, v, "count_at_least") == LUA_TNIL) rd_fail(c, "per 需要 count_at_least（每组至少多少行）");
      rd_pop_value(c);
      rd_int(c, v, "count_at_least", 1, 1, &n);
      tg->per_at_least = (long)n;
      read_universe(lc, v, tg);
      tg->kind = HF_TARGET_PER_GROUP;
    } else {
      static const char *const only_per[] = {"count_at_least", "universe", NULL};
      for (int i = 0; only_per[i] && !c->status; i++) {
        if (rd_get(c, v, only_per[i]) != LUA_TNIL) rd_fail(c, "%s 只用于 per（按组计数）", only_per[i]);
        rd_pop_value(c);
      }
      tg->kind = has_count ? HF_TARGET_COUNT : HF_TARGET_RATIO;
    }
    if (c->status) return c->status;
    if (tg->kind == HF_TARGET_RATIO) {
      policy_read_filter(lc, v, "of", tg->input, &tg->of);
    } else {
      if (rd_get(c, v, "of") != LUA_TNIL) rd_fail(c, "of（分母）只用于占比指标");
      rd_pop_value(c);
    }
  }
  if (c->status) return c->status;

  int lo = rd_get(c, v, "at_least");
  rd_pop_value(c);
  int hi = rd_get(c, v, "at_most");
  rd_pop_value(c);
  if ((lo == LUA_TNIL) == (hi == LUA_TNIL)) return rd_fail(c, "需要 at_least 或 at_most 之一（目标的下限或上限）");
  tg->at_least = lo != LUA_TNIL;
  bool share = tg->kind == HF_TARGET_RATIO || tg->kind == HF_TARGET_PER_GROUP;
  rd_number(c, v, tg->at_least ? "at_least" : "at_most", true, share ? 0 : -1e300, share ? 1 : 1e300, 0, &tg->bound);
  return c->status;
}

hf_status policy_read_targets(load_ctx *lc, int t) {
  return policy_read_list(lc, t, "targets", sizeof(hf_target_spec), (void **)&lc->p->targets, &lc->p->ntargets,
                          read_target);
}
