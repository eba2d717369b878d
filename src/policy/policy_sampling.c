/*
** policy_sampling.c — the rule's `sampling` section (policy_blocks.h
** hf_sampling_spec; the engine is src/engine/sampling.c, the rule-file
** reference docs/rules-sampling.md):
**   sampling = { { "<id>", title = s, input = <input>, key = <field>,
**       date = <date field>,                       -- rows outside --period are not in the population
**       where = <filter>,                          -- the population
**       exclude = { { "<reason>", where = <filter> }, ... },  -- never chosen; counted per reason
**       force = { { "<reason>", where = <filter> }, ... },    -- always chosen, outside the quota
**       strata = { <field>, ... },                 -- none: one stratum
**       ratio = x in [0,1] | count = n | all = true,   -- exactly one: the quota per stratum
**       min = n, max = n,
**       quotas = { ["<stratum>"] = { ratio | count | all, min, max }, ... },  -- per-stratum overrides
**       dedup = { customer = <field>, date = <date field> (default: date), days = n >= 1,
**                 history = { input = <input>, customer = <its field>, date = <its date field> } },
**       previous = { input = <input>, field = <its field>, match = <our field> (default: field) },
**       distinct = <field>,                        -- one record per value chosen by rank ("5 kinds")
**       fields = { <field>, ... },                 -- shown in the work list
**       pdf_limit = n >= 0 }, ... }
** Internal to src/policy/; runs inside the protected call.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "policy/policy_load.h"

/* Columns of the work list that fields may not shadow. */
static const char *const WORK_COLUMNS[] = {"stratum", "reason", "rank", "hash", NULL};
/* The tables a sampling makes: "<id><suffix>". */
static const char *const TABLE_SUFFIXES[] = {"", "_strata", "_excluded", "_decisions", NULL};

/* ------------------------------------------------------------ quotas */

/* The quota keys of table v (exactly one of ratio | count | all; min, max) into q. */
static hf_status read_quota(load_ctx *lc, int v, hf_quota_spec *q) {
  static const char *const kinds[] = {"ratio", "count", "all", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  int found = -1;
  q->min = q->max = -1;
  for (int i = 0; kinds[i] && !c->status; i++) {
    int type = rd_get(c, v, kinds[i]);
    rd_pop_value(c);
    if (type == LUA_TNIL) continue;
    if (found >= 0) {
      rd_enter_key(c, kinds[i]);
      rd_fail(c, "ratio、count、all 只能给一个（已有 %s）", kinds[found]);
      rd_leave(c);
      break;
    }
    found = i;
  }
  if (c->status) return c->status;
  if (found < 0) return rd_fail(c, "需要配额：ratio = 比例、count = 条数 或 all = true 之一");
  if (found == 0) {
    q->kind = HF_QUOTA_RULE_RATIO;
    rd_number(c, v, "ratio", true, 0, 1, 0, &q->ratio);
  } else if (found == 1) {
    long long n = 0;
    q->kind = HF_QUOTA_RULE_COUNT;
    if (rd_int(c, v, "count", 0, 0, &n) == HF_OK) q->count = (long)n;
  } else {
    q->kind = HF_QUOTA_RULE_ALL;
    if (rd_get(c, v, "all") != LUA_TBOOLEAN || !lua_toboolean(L, -1))
      rd_fail(c, "all 只能写 all = true（全部抽取）");
    rd_pop_value(c);
  }
  if (c->status) return c->status;
  long long min = -1, max = -1;
  if (rd_int(c, v, "min", 0, -1, &min) || rd_int(c, v, "max", 0, -1, &max)) return c->status;
  if (min >= 0 && max >= 0 && min > max) {
    rd_enter_key(c, "min");
    rd_fail(c, "min（%lld）大于 max（%lld）", min, max);
    rd_leave(c);
  }
  q->min = (long)min;
  q->max = (long)max;
  return c->status;
}

static hf_status read_quotas(load_ctx *lc, int v, hf_sampling_spec *s) {
  static const char *const keys[] = {"all", "count", "max", "min", "ratio", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  int type = rd_get(c, v, "quotas");
  int qv = lua_gettop(L);
  if (type != LUA_TNIL && type != LUA_TTABLE) {
    rd_fail_type(c, qv, "table（{ [\"分层\"] = { count = 10 }, ... }）");
  } else if (type == LUA_TTABLE) {
    size_t n = 0;
    const char **names = rd_sorted_keys(c, qv, &n);
    if (!c->status && n > 0) s->quotas = hf_xcalloc(n, sizeof *s->quotas);
    for (size_t i = 0; i < n && !c->status; i++) {
      s->nquotas = i + 1;
      s->quotas[i].stratum = hf_xstrdup(names[i]);
      int et = rd_get(c, qv, names[i]);
      if (et != LUA_TTABLE) rd_fail_type(c, -1, "table（{ count = 10 } 或 { ratio = 0.3 } 或 { all = true }）");
      else if (rd_check_keys(c, -1, keys, 0) == HF_OK) read_quota(lc, lua_gettop(L), &s->quotas[i].quota);
      rd_pop_value(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------ reasons */

/* One { "<reason>", where = <filter> } at v, over the input *ctx. */
static hf_status read_reason(load_ctx *lc, int v, void *elem, void *ctx) {
  static const char *const keys[] = {"where", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_reasoned_filter *r = elem;
  if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING || !*lua_tostring(L, -1))
    rd_fail(c, "第一个值应为原因（非空字符串，如 \"匿名投诉\"）");
  else r->reason = hf_xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);  /* the reason */
  if (!c->status) {
    if (rd_get(c, v, "where") == LUA_TNIL) rd_fail(c, "缺少必需的键（哪些记录：where = ...）");
    rd_pop_value(c);
  }
  return policy_read_filter(lc, v, "where", *(const size_t *)ctx, &r->where);
}

/* t[key]: { { "<reason>", where = <filter> }, ... } over input `input`. */
static hf_status read_reasoned(load_ctx *lc, int t, const char *key, size_t input, hf_reasoned_filter **out,
                               size_t *n) {
  rd_ctx *c = &lc->rd;
  if (rd_get(c, t, key) != LUA_TNIL)
    policy_read_seq(lc, lua_gettop(c->L), "table（{ \"原因\", where = ... }）", sizeof **out, (void **)out, n,
                    read_reason, &input);
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------ dedup, previous */

static hf_status read_history(load_ctx *lc, int d, hf_sampling_spec *s) {
  static const char *const keys[] = {"customer", "date", "input", NULL};
  rd_ctx *c = &lc->rd;
  int type = rd_get(c, d, "history");
  int h = lua_gettop(c->L);
  if (type == LUA_TNIL) {
    /* no earlier callbacks: only this run's picks are de-duplicated */
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, h, "table（{ input = ..., customer = ..., date = ... }）");
  } else if (rd_check_keys(c, h, keys, 0) == HF_OK &&
             policy_input_key(lc, h, "input", true, &s->history_input, NULL) == HF_OK) {
    if (s->history_input == s->input) {
      rd_enter_key(c, "input");
      rd_fail(c, "回访历史不能是抽样的输入本身（%s）：每条记录都会与自己冲突", lc->p->inputs[s->input].name);
      rd_leave(c);
    }
    policy_field_key(lc, h, "customer", s->history_input, -1, true, &s->history_field, NULL);
    policy_day_field_key(lc, h, "date", s->history_input, true, NULL, &s->history_date_field, NULL);
    s->has_history = c->status == HF_OK;
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_dedup(load_ctx *lc, int v, hf_sampling_spec *s) {
  static const char *const keys[] = {"customer", "date", "days", "history", NULL};
  rd_ctx *c = &lc->rd;
  int type = rd_get(c, v, "dedup");
  int d = lua_gettop(c->L);
  if (type == LUA_TNIL) {
    /* no de-duplication */
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, d, "table（{ customer = ..., days = 90, ... }）");
  } else if (rd_check_keys(c, d, keys, 0) == HF_OK) {
    policy_field_key(lc, d, "customer", s->input, -1, true, &s->dedup_field, NULL);
    bool has_date = false;
    policy_day_field_key(lc, d, "date", s->input, false, NULL, &s->dedup_date_field, &has_date);
    if (!c->status && !has_date) {
      if (s->has_date) s->dedup_date_field = s->date_field;
      else rd_fail(c, "需要回访日期：写 date = <日期字段>（或在抽样里写 date）");
    }
    long long days = 0;
    if (!c->status) {
      if (rd_get(c, d, "days") == LUA_TNIL) rd_fail(c, "缺少必需的键（间隔天数，如 days = 90：同一客户 90 天内不重复回访）");
      rd_pop_value(c);
    }
    if (rd_int(c, d, "days", 1, 0, &days) == HF_OK) {
      if (days > 36600) {
        rd_enter_key(c, "days");
        rd_fail(c, "间隔 %lld 天过大（最多 36600 天）", days);
        rd_leave(c);
      }
      s->dedup_days = (long)days;
    }
    read_history(lc, d, s);
    s->has_dedup = c->status == HF_OK;
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_previous(load_ctx *lc, int v, hf_sampling_spec *s) {
  static const char *const keys[] = {"field", "input", "match", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  int type = rd_get(c, v, "previous");
  int pv = lua_gettop(L);
  if (type == LUA_TNIL) {
    /* no previous period */
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, pv, "table（{ input = ..., field = ..., match = ... }）");
  } else if (rd_check_keys(c, pv, keys, 0) == HF_OK &&
             policy_input_key(lc, pv, "input", true, &s->previous_input, NULL) == HF_OK) {
    if (s->previous_input == s->input) {
      rd_enter_key(c, "input");
      rd_fail(c, "上期样本不能是抽样的输入本身（%s）", lc->p->inputs[s->input].name);
      rd_leave(c);
    }
    policy_field_key(lc, pv, "field", s->previous_input, -1, true, &s->previous_field, NULL);
    bool has_match = false;
    policy_field_key(lc, pv, "match", s->input, -1, false, &s->previous_match, &has_match);
    if (!c->status && !has_match) {
      const char *name = lc->p->inputs[s->previous_input].fields[s->previous_field].name;
      long k = policy_find_field(lc, s->input, name);
      if (k < 0)
        rd_fail(c, "输入 %s 没有名为「%s」的字段：写 match = <本输入中与之比对的字段>", lc->p->inputs[s->input].name,
                name);
      else s->previous_match = (size_t)k;
    }
    s->has_previous = c->status == HF_OK;
  }
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------ ids */

static bool id_taken(const hf_policy *p, const hf_sampling_spec *self, const char *id) {
  if (policy_table_id_taken(p, id)) return true;
  for (size_t i = 0; p->samplings && &p->samplings[i] != self; i++)
    for (size_t k = 0; TABLE_SUFFIXES[k]; k++) {
      size_t n = strlen(p->samplings[i].id ? p->samplings[i].id : "");
      if (p->samplings[i].id && strncmp(id, p->samplings[i].id, n) == 0 && strcmp(id + n, TABLE_SUFFIXES[k]) == 0)
        return true;
    }
  return false;
}

/* The sampling's tables (<id>, <id>_strata, ...) take ids no other table has. */
static hf_status check_ids(load_ctx *lc, hf_sampling_spec *s) {
  rd_ctx *c = &lc->rd;
  char name[160];
  for (size_t k = 0; TABLE_SUFFIXES[k]; k++) {
    snprintf(name, sizeof name, "%s%s", s->id, TABLE_SUFFIXES[k]);
    if (strlen(s->id) > 100) return rd_fail(c, "id「%.40s…」过长（最多 100 个字符）", s->id);
    if (id_taken(lc->p, s, name))
      return rd_fail(c, "抽样会生成表「%s」，与已有的表 id 重复（换一个 id）", name);
  }
  return HF_OK;
}

/* ------------------------------------------------------------ one sampling */

static hf_status read_fields(load_ctx *lc, int v, hf_sampling_spec *s) {
  rd_ctx *c = &lc->rd;
  if (rd_get(c, v, "fields") != LUA_TNIL &&
      policy_field_list(lc, lua_gettop(c->L), s->input, false, &s->fields, &s->nfields) == HF_OK) {
    const hf_input_spec *in = &lc->p->inputs[s->input];
    for (size_t k = 0; k < s->nfields && !c->status; k++) {
      const char *name = in->fields[s->fields[k]].name;
      rd_enter_index(c, (long)k + 1, NULL);
      if (s->fields[k] == s->key_field) rd_fail(c, "「%s」是 key，清单里已有这一列，不要重复列出", name);
      for (size_t j = 0; j < k && !c->status; j++)
        if (s->fields[j] == s->fields[k]) rd_fail(c, "字段「%s」重复", name);
      if (!c->status && policy_in_list(WORK_COLUMNS, name))
        rd_fail(c, "字段名「%s」与清单自带的列同名（stratum、reason、rank、hash）：请在 inputs 里给它换个名字", name);
      rd_leave(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_sampling(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"all",      "count",  "date",   "dedup",  "distinct",  "exclude",  "fields",
                                     "force",    "input",  "key",    "max",    "min",       "pdf_limit", "previous",
                                     "quotas",   "ratio",  "strata", "title",  "where",     NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_sampling_spec *s = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &s->id)) return c->status;
  if (check_ids(lc, s) != HF_OK) return c->status;
  rd_string(c, v, "title", false, s->id, &s->title);
  if (policy_input_key(lc, v, "input", true, &s->input, NULL) != HF_OK) return c->status;
  policy_field_key(lc, v, "key", s->input, -1, true, &s->key_field, NULL);
  policy_day_field_key(lc, v, "date", s->input, false, NULL, &s->date_field, &s->has_date);
  policy_read_filter(lc, v, "where", s->input, &s->where);
  read_reasoned(lc, v, "exclude", s->input, &s->exclude, &s->nexclude);
  read_reasoned(lc, v, "force", s->input, &s->force, &s->nforce);
  if (c->status) return c->status;
  if (rd_get(c, v, "strata") != LUA_TNIL)
    policy_field_list(lc, lua_gettop(L), s->input, true, &s->strata, &s->nstrata);
  rd_pop_value(c);
  if (read_quota(lc, v, &s->quota) || read_quotas(lc, v, s)) return c->status;
  if (s->nquotas > 0 && s->nstrata == 0) {
    rd_enter_key(c, "quotas");
    rd_fail(c, "按分层的配额需要先用 strata 分层");
    rd_leave(c);
    return c->status;
  }
  if (read_dedup(lc, v, s) || read_previous(lc, v, s)) return c->status;
  policy_field_key(lc, v, "distinct", s->input, -1, false, &s->distinct_field, &s->has_distinct);
  read_fields(lc, v, s);
  long long limit = 0;
  if (rd_int(c, v, "pdf_limit", 0, 0, &limit) == HF_OK) s->pdf_limit = (size_t)limit;
  return c->status;
}

hf_status policy_read_sampling(load_ctx *lc, int t) {
  return policy_read_list(lc, t, "sampling", sizeof(hf_sampling_spec), (void **)&lc->p->samplings,
                          &lc->p->nsamplings, read_sampling);
}
