/*
** policy_deadlines.c — the rule's `deadlines` (时限, policy_blocks.h hf_deadline_spec):
**   deadlines = { { "<id>", title = s, input = <input>, where = <filter>,
**                   start = <date|datetime field>, done = <date|datetime field>,
**                   within = { hours = n } | { days = n } | { working_days = n },   -- n >= 1
**                   -- or: next_day_at = "HH:MM" | { "HH:MM", days = n >= 0 (1), working = boolean (false) }
**                   -- or: weekday_at = { <ISO weekday 1..7>, "HH:MM" }
**                   by = { <field>, ... }, fields = { <field>, ... },
**                   pdf_limit = int >= 0 (200), target = rate in [0,1] }, ... }
** Exactly one of within / next_day_at / weekday_at. The table ids the engine
** makes (<id>, <id>_all, <id>_by_<field>) are checked here against each other,
** the scorecard's, the groups' and the tables'. docs/rules-deadlines.md.
** Internal to src/policy/; runs inside the protected call.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "ingest/cellparse.h"
#include "policy/policy_load.h"

/* The largest n of within / next_day_at.days (engine/deadline_core.h HF_DUE_MAX_N). */
#define MAX_AMOUNT 100000
#define DEFAULT_PDF_LIMIT 200

/* Column ids of the engine's tables besides the rule's fields: a field with
** one of these names would give a table two columns of the same id. */
static const char *const LIST_COLUMNS[] = {"line", "start", "due", "done", "state", "lateness", "lateness_seconds",
                                           NULL};
static const char *const GROUP_COLUMNS[] = {"records", "met", "late", "open", "overdue", "met_rate", NULL};
/* start and done may be dates, but their time of day matters: the type error says how to declare one. */
#define MOMENT_HINT "（在 inputs 中声明 type = \"datetime\"）"

/* ------------------------------------------------------------ the due rule */

/* The value at idx as a time of day "HH:MM" (or H:MM, HH:MM:SS): seconds since midnight. */
static hf_status read_clock(load_ctx *lc, int idx, int *out) {
  rd_ctx *c = &lc->rd;
  if (lua_type(c->L, idx) != LUA_TSTRING) return rd_fail_type(c, idx, "string（时刻，如 \"11:30\"）");
  size_t len;
  const char *s = lua_tolstring(c->L, idx, &len);
  const char *problem = NULL;
  int32_t secs = 0;
  if (!cell_time(s, len, &secs, &problem))
    return rd_fail(c, "「%s」不是有效时刻：%s（应为 \"HH:MM\"，如 \"11:30\"）", s, problem ? problem : "格式不对");
  *out = (int)secs;
  return HF_OK;
}

/* An amount of t[key] in [min, MAX_AMOUNT]. */
static hf_status read_amount(load_ctx *lc, int t, const char *key, long long min, long long def, long *out) {
  rd_ctx *c = &lc->rd;
  long long n = def;
  if (rd_int(c, t, key, min, def, &n) != HF_OK) return c->status;
  if (n > MAX_AMOUNT) {
    rd_enter_key(c, key);
    rd_fail(c, "应在 %lld 至 %d 之间，实际为 %lld", min, MAX_AMOUNT, n);
    rd_leave(c);
    return c->status;
  }
  *out = (long)n;
  return HF_OK;
}

/* within = { hours = n } | { days = n } | { working_days = n }, at index v. */
static hf_status read_within(load_ctx *lc, int v, hf_deadline_spec *d) {
  static const char *const units[] = {"days", "hours", "working_days", NULL};
  static const hf_deadline_kind kinds[] = {HF_DL_DAYS, HF_DL_HOURS, HF_DL_WORKING_DAYS};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (lua_type(L, v) != LUA_TTABLE)
    return rd_fail_type(c, v, "table（如 { hours = 12 }、{ days = 2 } 或 { working_days = 7 }）");
  if (rd_check_keys(c, v, units, 0) != HF_OK) return c->status;
  int found = -1;
  for (int i = 0; units[i]; i++) {
    lua_pushstring(L, units[i]);
    bool present = lua_rawget(L, v) != LUA_TNIL;
    lua_pop(L, 1);  /* the value */
    if (!present) continue;
    if (found >= 0) return rd_fail(c, "只能有一种单位，实际同时有 %s 和 %s", units[found], units[i]);
    found = i;
  }
  if (found < 0) return rd_fail(c, "应写 hours、days 或 working_days 之一（如 { hours = 12 }）");
  d->kind = kinds[found];
  return read_amount(lc, v, units[found], 1, 1, &d->amount);
}

/* next_day_at = "HH:MM" | { "HH:MM", days = n, working = boolean }, at index v. */
static hf_status read_next_day_at(load_ctx *lc, int v, hf_deadline_spec *d) {
  static const char *const keys[] = {"days", "working", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  d->kind = HF_DL_NEXT_DAY_AT;
  d->amount = 1;
  d->working = false;
  if (lua_type(L, v) == LUA_TSTRING) return read_clock(lc, v, &d->at);
  if (lua_type(L, v) != LUA_TTABLE)
    return rd_fail_type(c, v, "string（如 \"11:30\"）或 table（如 { \"11:30\", days = 1, working = true }）");
  if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) == LUA_TNIL) rd_fail(c, "缺少时刻（如 { \"11:30\", days = 1 }）");
  else read_clock(lc, -1, &d->at);
  lua_pop(L, 1);  /* the time */
  rd_leave(c);
  if (c->status || read_amount(lc, v, "days", 0, 1, &d->amount)) return c->status;
  return rd_bool(c, v, "working", false, &d->working);
}

/* weekday_at = { weekday 1..7, "HH:MM" }, at index v. */
static hf_status read_weekday_at(load_ctx *lc, int v, hf_deadline_spec *d) {
  static const char *const none[] = {NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  size_t n = 0;
  d->kind = HF_DL_WEEKDAY_AT;
  if (lua_type(L, v) != LUA_TTABLE) return rd_fail_type(c, v, "table（如 { 3, \"12:00\" }：周三 12:00）");
  if (rd_check_keys(c, v, none, 2) || rd_sequence(c, v, &n)) return c->status;
  if (n != 2) return rd_fail(c, "应为 { 星期, \"HH:MM\" }（如 { 3, \"12:00\" }：下周三 12:00）");
  rd_enter_index(c, 1, NULL);
  lua_rawgeti(L, v, 1);  /* the weekday */
  lua_Number wd = lua_tonumber(L, -1);  /* 3.0 is a float in Lua 5.4 but means 3 */
  if (lua_type(L, -1) != LUA_TNUMBER || wd != floor(wd)) rd_fail_type(c, -1, "integer（星期：1 = 周一 … 7 = 周日）");
  else if (wd < 1 || wd > 7) rd_fail(c, "星期应为 1（周一）至 7（周日），实际为 %.14g", (double)wd);
  else d->weekday = (int)wd;
  lua_pop(L, 1);  /* the weekday */
  rd_leave(c);
  if (c->status) return c->status;
  rd_enter_index(c, 2, NULL);
  lua_rawgeti(L, v, 2);  /* the time */
  read_clock(lc, -1, &d->at);
  lua_pop(L, 1);
  rd_leave(c);
  return c->status;
}

/* Exactly one of within / next_day_at / weekday_at in the deadline at v. */
static hf_status read_due(load_ctx *lc, int v, hf_deadline_spec *d) {
  static const char *const keys[] = {"within", "next_day_at", "weekday_at", NULL};
  rd_ctx *c = &lc->rd;
  int found = -1;
  for (int i = 0; keys[i] && !c->status; i++) {
    if (rd_get(c, v, keys[i]) != LUA_TNIL) {
      int at = lua_gettop(c->L);
      if (found >= 0) rd_fail(c, "一个时限只能写 within、next_day_at、weekday_at 中的一种（已有 %s）", keys[found]);
      else if (i == 0) read_within(lc, at, d);
      else if (i == 1) read_next_day_at(lc, at, d);
      else read_weekday_at(lc, at, d);
      found = i;
    }
    rd_pop_value(c);
  }
  if (!c->status && found < 0)
    rd_fail(c, "缺少时限：within = { hours = 12 }、next_day_at = \"11:30\" 或 weekday_at = { 3, \"12:00\" } 之一");
  return c->status;
}

/* ------------------------------------------------------------ fields and ids */

/* t[key], when present, as a list of distinct fields of input i none of whose names is in `taken`. */
static hf_status field_list(load_ctx *lc, int t, const char *key, size_t i, const char *const *taken, size_t **out,
                            size_t *n) {
  rd_ctx *c = &lc->rd;
  if (rd_get(c, t, key) != LUA_TNIL && policy_field_list(lc, -1, i, true, out, n) == HF_OK) {
    const hf_field_spec *fs = lc->p->inputs[i].fields;
    for (size_t k = 0; k < *n && !c->status; k++) {
      rd_enter_index(c, (long)k + 1, NULL);
      if (policy_in_list(taken, fs[(*out)[k]].name))
        rd_fail(c, "字段名「%s」与时限表的内置列同名，请在 inputs 中给该字段换个名字", fs[(*out)[k]].name);
      for (size_t j = 0; j < k && !c->status; j++)
        if ((*out)[j] == (*out)[k]) rd_fail(c, "字段「%s」重复", fs[(*out)[k]].name);
      rd_leave(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

/* The k-th table id of deadline d (k < 2 + d->nby): <id>, <id>_all, <id>_by_<field>. */
static void table_id(const load_ctx *lc, const hf_deadline_spec *d, size_t k, hf_buf *out) {
  buf_reset(out);
  buf_puts(out, d->id);
  if (k == 1) buf_puts(out, "_all");
  else if (k >= 2) buf_printf(out, "_by_%s", lc->p->inputs[d->input].fields[d->by[k - 2]].name);
}

/* Whether a table id is already used by the scorecard, a group, a table or an earlier deadline. */
static bool id_taken(const load_ctx *lc, const hf_deadline_spec *self, const char *id) {
  const hf_policy *p = lc->p;
  if (policy_table_id_taken(p, id)) return true;
  bool taken = false;
  hf_buf b;
  buf_init(&b);
  for (const hf_deadline_spec *d = p->deadlines; d < self && !taken; d++)
    for (size_t k = 0; k < 2 + d->nby && !taken; k++) {
      table_id(lc, d, k, &b);
      taken = strcmp(b.data, id) == 0;
    }
  buf_free(&b);
  return taken;
}

/* Every table id of d is a valid id and not taken. */
static hf_status check_ids(load_ctx *lc, const hf_deadline_spec *d) {
  rd_ctx *c = &lc->rd;
  hf_buf b;
  buf_init(&b);
  for (size_t k = 0; k < 2 + d->nby && !c->status; k++) {
    table_id(lc, d, k, &b);
    if (k >= 2) {  /* an id made from a by field: point at it */
      rd_enter_key(c, "by");
      rd_enter_index(c, (long)k - 1, NULL);
    }
    if (!policy_valid_id(b.data))
      rd_fail(c, "生成的表 id「%s」只能由小写字母、数字和下划线组成（by 的字段名是表 id 的一部分，请在 inputs 中换个字段名）",
              b.data);
    else if (id_taken(lc, d, b.data))
      rd_fail(c, "表 id「%s」已被使用（时限生成的表：%s、%s_all、%s_by_<字段>）", b.data, d->id, d->id, d->id);
    if (k >= 2) {
      rd_leave(c);
      rd_leave(c);
    }
  }
  buf_free(&b);
  return c->status;
}

/* ------------------------------------------------------------ one deadline */

static hf_status read_deadline(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"by",        "done",  "fields", "input",      "next_day_at", "pdf_limit",
                                     "start",     "target", "title", "weekday_at", "where",       "within",
                                     NULL};
  rd_ctx *c = &lc->rd;
  hf_deadline_spec *d = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &d->id)) return c->status;
  rd_string(c, v, "title", false, d->id, &d->title);
  policy_input_key(lc, v, "input", true, &d->input, NULL);
  if (c->status) return c->status;
  policy_read_filter(lc, v, "where", d->input, &d->where);
  policy_day_field_key(lc, v, "start", d->input, true, MOMENT_HINT, &d->start_field, NULL);
  policy_day_field_key(lc, v, "done", d->input, false, MOMENT_HINT, &d->end_field, &d->has_end);
  if (c->status || read_due(lc, v, d)) return c->status;
  field_list(lc, v, "by", d->input, GROUP_COLUMNS, &d->by, &d->nby);
  field_list(lc, v, "fields", d->input, LIST_COLUMNS, &d->fields, &d->nfields);
  long long limit = DEFAULT_PDF_LIMIT;
  rd_int(c, v, "pdf_limit", 0, DEFAULT_PDF_LIMIT, &limit);
  d->pdf_limit = (size_t)limit;
  if (c->status) return c->status;
  if (rd_get(c, v, "target") != LUA_TNIL) d->has_target = true;
  rd_pop_value(c);
  if (d->has_target) rd_number(c, v, "target", true, 0, 1, 0, &d->target);
  return c->status ? c->status : check_ids(lc, d);
}

hf_status policy_read_deadlines(load_ctx *lc, int t) {
  return policy_read_list(lc, t, "deadlines", sizeof(hf_deadline_spec), (void **)&lc->p->deadlines,
                          &lc->p->ndeadlines, read_deadline);
}
