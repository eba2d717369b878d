/*
** policy_scorecard.c — the sections of a rule that name fields of its inputs:
** scorecard (values, items, thresholds or hooks, levels, list), groups and
** coverage. Called by policy.c's validation, inside the protected call.
*/
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "policy/hook_impl.h"
#include "policy/policy_load.h"

static const char *const RESERVED_VIEW_KEYS[] = {"fatal_fails", "nonfatal_fails", "fails", "passes", "na",
                                                  "qualified",   "line",           "item",  NULL};
static const char *const RESERVED_TABLES[] = {"by_item", "daily_coverage", "unqualified", NULL};

/* ------------------------------------------------------------ scorecard */

static hf_status read_values(load_ctx *lc, int t) {
  static const char *const keys[] = {"fail", "na", "pass", NULL};
  rd_ctx *c = &lc->rd;
  hf_score_values *sv = &lc->p->scorecard.values;
  int type = rd_get(c, t, "values");
  int v = lua_gettop(c->L);
  if (type == LUA_TNIL) rd_fail(c, "缺少必需的键（如 values = { pass = \"1\", fail = \"0\", na = \"N/A\" }）");
  else if (type != LUA_TTABLE) rd_fail_type(c, v, "table");
  else rd_check_keys(c, v, keys, 0);
  const char *names[3] = {"pass", "fail", "na"};
  hf_strlist *lists[3] = {&sv->pass, &sv->fail, &sv->na};
  for (int k = 0; k < 3 && !c->status; k++) {
    if (rd_get(c, v, names[k]) == LUA_TNIL) {
      if (k < 2) rd_fail(c, "缺少必需的键（应为 string 或 string 的数组）");
    } else {
      rd_strlist(c, -1, true, lists[k]);
    }
    rd_pop_value(c);
  }
  for (int a = 0; a < 3 && !c->status; a++)
    for (size_t i = 0; i < lists[a]->n && !c->status; i++)
      for (int b = 0; b <= a && !c->status; b++)
        for (size_t j = 0; j < (b == a ? i : lists[b]->n); j++)
          if (strcmp(lists[a]->v[i], lists[b]->v[j]) == 0) {
            if (a == b) rd_fail(c, "「%s」在 %s 中重复", lists[a]->v[i], names[a]);
            else rd_fail(c, "「%s」同时出现在 %s 和 %s 中，无法判断", lists[a]->v[i], names[b], names[a]);
            break;
          }
  rd_pop_value(c);
  return c->status;
}

/* scorecard.items[k] at index v. */
static hf_status read_item(load_ctx *lc, int v, size_t k, size_t in) {
  static const char *const keys[] = {"fatal", "group", "weight", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_scorecard_spec *sc = &lc->p->scorecard;
  hf_item_spec *item = &sc->items[k];
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "table（如 { \"规范话术\", group = \"业务类\" }）");
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) rd_fail_type(c, -1, "非空 string（考核项名称）");
  else item->name = hf_xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);  /* name */
  rd_leave(c);
  if (c->status || rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  rd_string(c, v, "group", false, "", &item->group);
  rd_bool(c, v, "fatal", false, &item->fatal);
  rd_number(c, v, "weight", false, 0, INFINITY, 1, &item->weight);
  if (c->status) return c->status;
  for (size_t j = 0; j < k; j++)
    if (strcmp(sc->items[j].name, item->name) == 0)
      return rd_fail(c, "考核项「%s」重复（与 items[%zu] 相同）", item->name, j + 1);
  const hf_input_spec *spec = &lc->p->inputs[in];
  for (size_t f = 0; f < lc->ndeclared[in]; f++) {
    if (strcmp(spec->fields[f].header, item->name) == 0)
      return rd_fail(c, "考核项「%s」与字段 %s 的列名相同：一列只能是一种", item->name, spec->fields[f].name);
    if (strcmp(spec->fields[f].name, item->name) == 0)
      return rd_fail(c, "考核项「%s」与输入 %s 的字段同名", item->name, spec->name);
  }
  if (policy_in_list(RESERVED_VIEW_KEYS, item->name))
    return rd_fail(c, "考核项名「%s」是钩子视图 r 的保留名", item->name);
  return HF_OK;
}

static hf_status read_items(load_ctx *lc, int t, size_t in) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_scorecard_spec *sc = &lc->p->scorecard;
  size_t n = 0;
  int type = rd_get(c, t, "items");
  int v = lua_gettop(L);
  if (type == LUA_TNIL) rd_fail(c, "缺少必需的键（考核项列表）");
  else if (rd_sequence(c, v, &n) == HF_OK && n == 0) rd_fail(c, "至少要有一个考核项");
  if (!c->status) {
    sc->items = hf_xcalloc(n, sizeof *sc->items);
    for (size_t k = 0; k < n && !c->status; k++) {
      sc->nitems = k + 1;
      lua_rawgeti(L, v, (lua_Integer)k + 1);            /* item */
      const char *anchor = NULL;
      if (lua_istable(L, -1)) {
        if (lua_rawgeti(L, -1, 1) == LUA_TSTRING) anchor = lua_tostring(L, -1);  /* stays anchored in the item */
        lua_pop(L, 1);  /* name */
      }
      rd_enter_index(c, (long)k + 1, anchor);
      read_item(lc, -1, k, in);
      rd_leave(c);
      lua_pop(L, 1);  /* item */
    }
  }
  rd_pop_value(c);
  return c->status;
}

/* qualified / excellent: a threshold table or a function (a hook). */
static hf_status read_verdict(load_ctx *lc, int t, const char *key, const char *const *keys, int *a, int def_a,
                              int *b, int def_b, hf_hook **hook) {
  rd_ctx *c = &lc->rd;
  int type = rd_get(c, t, key);
  int v = lua_gettop(c->L);
  long long x = def_a, y = def_b;
  if (type == LUA_TFUNCTION) {
    char name[64];
    snprintf(name, sizeof name, "scorecard.%s", key);
    *hook = hook_new(c->L, v, name, c->file, strcmp(key, "excellent") == 0);
  } else if (type == LUA_TTABLE) {
    if (rd_check_keys(c, v, keys, 0) == HF_OK) {
      rd_int(c, v, keys[0], 0, def_a, &x);
      if (b) rd_int(c, v, keys[1], 0, def_b, &y);
    }
  } else if (type != LUA_TNIL) {
    rd_fail_type(c, v, "table 或 function(r)");
  }
  *a = (int)(x > INT_MAX ? INT_MAX : x);
  if (b) *b = (int)(y > INT_MAX ? INT_MAX : y);
  rd_pop_value(c);
  return c->status;
}

static hf_status read_levels(load_ctx *lc, int t) {
  static const char *const keys[] = {"excellent", "qualified", "unqualified", NULL};
  rd_ctx *c = &lc->rd;
  hf_scorecard_spec *sc = &lc->p->scorecard;
  int type = rd_get(c, t, "levels");
  int v = lua_gettop(c->L);
  if (type == LUA_TNIL) {
    sc->level_excellent = hf_xstrdup("优秀");
    sc->level_qualified = hf_xstrdup("中等");
    sc->level_unqualified = hf_xstrdup("差");
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table");
  } else if (rd_check_keys(c, v, keys, 0) == HF_OK) {
    rd_string(c, v, "excellent", false, "优秀", &sc->level_excellent);
    rd_string(c, v, "qualified", false, "中等", &sc->level_qualified);
    rd_string(c, v, "unqualified", false, "差", &sc->level_unqualified);
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_list(load_ctx *lc, int t, size_t in) {
  static const char *const keys[] = {"fields", "note", NULL};
  rd_ctx *c = &lc->rd;
  hf_scorecard_spec *sc = &lc->p->scorecard;
  int type = rd_get(c, t, "list");
  int v = lua_gettop(c->L);
  if (type != LUA_TNIL && type != LUA_TTABLE) rd_fail_type(c, v, "table");
  else if (type == LUA_TTABLE && rd_check_keys(c, v, keys, 0) == HF_OK) {
    if (rd_get(c, v, "fields") != LUA_TNIL) policy_field_list(lc, lua_gettop(c->L), in, false, &sc->list_fields, &sc->nlist_fields);
    rd_pop_value(c);
    policy_field_key(lc, v, "note", in, -1, false, &sc->note_field, &sc->has_note_field);
  }
  rd_pop_value(c);
  return c->status;
}

/* Appends the items to the scorecard input as score fields. */
static void append_items(load_ctx *lc) {
  hf_scorecard_spec *sc = &lc->p->scorecard;
  hf_input_spec *in = &lc->p->inputs[sc->input];
  size_t base = in->nfields;
  in->fields = hf_xrealloc(in->fields, (base + sc->nitems) * sizeof *in->fields);
  for (size_t k = 0; k < sc->nitems; k++) {
    hf_field_spec *f = &in->fields[base + k];
    memset(f, 0, sizeof *f);
    f->name = hf_xstrdup(sc->items[k].name);
    f->header = hf_xstrdup(sc->items[k].name);
    f->type = HF_T_SCORE;
    f->score = &sc->values;
    sc->items[k].field = base + k;
    in->nfields = base + k + 1;
  }
}

hf_status policy_read_scorecard(load_ctx *lc, int t) {
  static const char *const keys[] = {"date",   "excellent", "input",  "items", "levels",
                                     "list",   "qualified", "values", "weight", NULL};
  static const char *const excellent_keys[] = {"max_fails", NULL};
  static const char *const qualified_keys[] = {"max_fatal", "max_nonfatal", NULL};
  rd_ctx *c = &lc->rd;
  hf_policy *p = lc->p;
  hf_scorecard_spec *sc = &p->scorecard;
  int type = rd_get(c, t, "scorecard");
  int v = lua_gettop(c->L);
  if (type == LUA_TNIL) goto out;
  if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table");
    goto out;
  }
  if (rd_check_keys(c, v, keys, 0) != HF_OK) goto out;
  char *input = NULL;
  if (rd_string(c, v, "input", true, NULL, &input) != HF_OK) goto out;
  int idx = policy_find_input(p, input);
  if (idx < 0) {
    rd_enter_key(c, "input");
    rd_fail(c, "没有名为「%s」的输入（inputs 中声明的输入才能用）", input);
    rd_leave(c);
  }
  free(input);
  if (c->status) goto out;
  sc->input = (size_t)idx;
  sc->present = true;
  const hf_input_spec *in = &p->inputs[idx];
  for (size_t f = 0; f < lc->ndeclared[idx] && !c->status; f++)
    if (policy_in_list(RESERVED_VIEW_KEYS, in->fields[f].name)) {
      rd_enter_key(c, "input");
      rd_fail(c, "输入 %s 的字段名「%s」是钩子视图 r 的保留名（fatal_fails, nonfatal_fails, fails, passes, na, "
              "qualified, line, item），请改名", in->name, in->fields[f].name);
      rd_leave(c);
    }
  if (c->status || read_values(lc, v) || read_items(lc, v, sc->input)) goto out;
  read_verdict(lc, v, "qualified", qualified_keys, &sc->max_fatal, 0, &sc->max_nonfatal, 2, &sc->qualified_hook);
  int unused = 0;
  read_verdict(lc, v, "excellent", excellent_keys, &sc->excellent_max_fails, 0, NULL, unused, &sc->excellent_hook);
  read_levels(lc, v);
  rd_number(c, v, "weight", false, 0, INFINITY, 1, &sc->weight);
  policy_field_key(lc, v, "date", sc->input, HF_T_DATE, false, &sc->date_field, &sc->has_date_field);
  read_list(lc, v, sc->input);
  if (!c->status) append_items(lc);
out:
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------ groups, coverage */

static bool valid_table_id(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || *s == '_')) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
  return true;
}

static hf_status read_group(load_ctx *lc, int v, size_t k) {
  static const char *const keys[] = {"by", "carry", "title", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_group_spec *g = &lc->p->groups[k];
  size_t in = lc->p->scorecard.input;
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "table（如 { \"by_agent\", by = { \"agent\" } }）");
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING) rd_fail_type(c, -1, "string（表名，如 \"by_agent\"）");
  else if (!valid_table_id(lua_tostring(L, -1))) rd_fail(c, "表名「%s」只能由小写字母、数字和下划线组成，且不以数字开头", lua_tostring(L, -1));
  else if (policy_in_list(RESERVED_TABLES, lua_tostring(L, -1))) rd_fail(c, "表名「%s」已被内置的表使用", lua_tostring(L, -1));
  else g->id = hf_xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);  /* id */
  rd_leave(c);
  if (c->status || rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  for (size_t j = 0; j < k; j++)
    if (strcmp(lc->p->groups[j].id, g->id) == 0) return rd_fail(c, "表名「%s」重复（与 groups[%zu] 相同）", g->id, j + 1);
  rd_string(c, v, "title", false, g->id, &g->title);
  int type = rd_get(c, v, "by");
  if (type == LUA_TNIL) rd_fail(c, "缺少必需的键（分组字段，如 by = { \"agent\" }）");
  else policy_field_list(lc, lua_gettop(L), in, true, &g->by, &g->nby);
  rd_pop_value(c);
  if (rd_get(c, v, "carry") != LUA_TNIL) policy_field_list(lc, lua_gettop(L), in, false, &g->carry, &g->ncarry);
  rd_pop_value(c);
  return c->status;
}

hf_status policy_read_groups(load_ctx *lc, int t) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_policy *p = lc->p;
  size_t n = 0;
  int type = rd_get(c, t, "groups");
  int v = lua_gettop(L);
  if (type != LUA_TNIL && rd_sequence(c, v, &n) == HF_OK && n > 0 && !p->scorecard.present)
    rd_fail(c, "分组表按 scorecard 的输入统计，需要先声明 scorecard");
  if (!c->status && n > 0) {
    p->groups = hf_xcalloc(n, sizeof *p->groups);
    for (size_t k = 0; k < n && !c->status; k++) {
      p->ngroups = k + 1;
      lua_rawgeti(L, v, (lua_Integer)k + 1);  /* group */
      const char *anchor = NULL;
      if (lua_istable(L, -1)) {
        if (lua_rawgeti(L, -1, 1) == LUA_TSTRING) anchor = lua_tostring(L, -1);  /* stays anchored in the group */
        lua_pop(L, 1);  /* id */
      }
      rd_enter_index(c, (long)k + 1, anchor);
      read_group(lc, -1, k);
      rd_leave(c);
      lua_pop(L, 1);  /* group */
    }
  }
  rd_pop_value(c);
  return c->status;
}

hf_status policy_read_coverage(load_ctx *lc, int t) {
  static const char *const keys[] = {"count", "date", "input", "ratio", NULL};
  rd_ctx *c = &lc->rd;
  hf_policy *p = lc->p;
  hf_coverage_spec *cv = &p->coverage;
  int type = rd_get(c, t, "coverage");
  int v = lua_gettop(c->L);
  char *input = NULL;
  if (type == LUA_TNIL) goto out;
  if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table");
    goto out;
  }
  if (rd_check_keys(c, v, keys, 0) || rd_string(c, v, "input", true, NULL, &input)) goto out;
  int idx = policy_find_input(p, input);
  rd_enter_key(c, "input");
  if (idx < 0) rd_fail(c, "没有名为「%s」的输入（inputs 中声明的输入才能用）", input);
  else if (!p->scorecard.present || !p->scorecard.has_date_field) rd_fail(c, "每日覆盖率按日期统计抽检条数，需要 scorecard.date");
  else if ((size_t)idx == p->scorecard.input) rd_fail(c, "录音量的输入不能是 scorecard 的输入 %s", input);
  rd_leave(c);
  if (c->status) goto out;
  cv->input = (size_t)idx;
  policy_field_key(lc, v, "date", cv->input, HF_T_DATE, true, &cv->date_field, NULL);
  policy_field_key(lc, v, "count", cv->input, HF_T_INT, true, &cv->count_field, NULL);
  rd_number(c, v, "ratio", true, 0, 1, 0, &cv->ratio);
  cv->present = !c->status;
out:
  free(input);
  rd_pop_value(c);
  return c->status;
}

