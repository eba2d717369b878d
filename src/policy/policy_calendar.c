/*
** policy_calendar.c — the rule's `calendar`: holidays and 调休 working days
** for deadlines counted in working days (policy_blocks.h hf_calendar_spec).
**   calendar = { holidays = { "2026-10-01", { from = "2026-10-01", to = "2026-10-07" }, ... },
**                workdays = { "2026-09-27", "2026-10-10" } }
** Dates in any form the date type reads (2026-10-01, 20261001, 2026/10/1,
** 2026年10月1日). Every date goes through common/calendar.h's cal_add_*, so
** the rule is refused exactly where the engine's calendar would be: a date in
** both lists, or a working day that is not a Saturday or Sunday.
** Internal to src/policy/; runs inside the protected call.
*/

#include <lauxlib.h>

#include "common/calendar.h"
#include "ingest/cellparse.h"
#include "policy/policy_load.h"

/* A holiday block longer than this is surely a typo in a year. */
#define MAX_RANGE_DAYS 366

/* The calendar under construction. Its arrays are mirrored into the policy
** after every insertion, so the policy owns them even if Lua raises an error
** (out of memory) in the middle of the section: policy_free releases them. */
typedef struct cal_build_ctx {
  load_ctx *lc;
  hf_calendar cal;
} cal_build_ctx;

static void mirror(cal_build_ctx *b) {
  hf_calendar_spec *s = &b->lc->p->calendar;
  s->holidays = b->cal.holidays;
  s->nholidays = b->cal.nholidays;
  s->workdays = b->cal.workdays;
  s->nworkdays = b->cal.nworkdays;
}

/* The value at idx as a date. */
static hf_status read_date(load_ctx *lc, int idx, hf_date *out) {
  rd_ctx *c = &lc->rd;
  if (lua_type(c->L, idx) != LUA_TSTRING) return rd_fail_type(c, idx, "string（日期，如 \"2026-10-01\"）");
  size_t len;
  const char *s = lua_tolstring(c->L, idx, &len);
  const char *problem = NULL;
  if (!cell_date(s, len, out, &problem))
    return rd_fail(c, "「%s」不是有效日期：%s（应为 \"2026-10-01\" 这样的日期）", s, problem ? problem : "格式不对");
  return HF_OK;
}

/* t[key] as a date (required). */
static hf_status read_date_key(load_ctx *lc, int t, const char *key, hf_date *out) {
  rd_ctx *c = &lc->rd;
  if (rd_get(c, t, key) == LUA_TNIL) rd_fail(c, "缺少必需的键（应为日期，如 \"2026-10-01\"）");
  else read_date(lc, -1, out);
  rd_pop_value(c);
  return c->status;
}

/* Adds d to the holidays (holiday = true) or the working days; the message names the date. */
static hf_status add(cal_build_ctx *b, hf_date d, bool holiday) {
  rd_ctx *c = &b->lc->rd;
  cal_status st = holiday ? cal_add_holiday(&b->cal, d) : cal_add_workday(&b->cal, d);
  mirror(b);
  if (st == CAL_OK) return HF_OK;
  if (st == CAL_ERR_INVALID) return rd_fail(c, "%s", cal_status_message(st));
  char iso[11];
  date_format_iso(d, iso);
  if (st == CAL_ERR_NOT_WEEKEND) {
    static const char *const names[] = {"", "周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    return rd_fail(c, "%s 是%s，%s", iso, names[date_weekday(d)], cal_status_message(st));
  }
  return rd_fail(c, "%s %s", iso, cal_status_message(st));
}

/* One element of holidays: a date or { from = date, to = date } (inclusive). */
static hf_status read_holiday(cal_build_ctx *b, int v) {
  static const char *const keys[] = {"from", "to", NULL};
  load_ctx *lc = b->lc;
  rd_ctx *c = &lc->rd;
  hf_date d;
  if (lua_type(c->L, v) != LUA_TTABLE) {
    if (read_date(lc, v, &d) == HF_OK) add(b, d, true);
    return c->status;
  }
  hf_date from = 0, to = 0;
  if (rd_check_keys(c, v, keys, 0) || read_date_key(lc, v, "from", &from) || read_date_key(lc, v, "to", &to))
    return c->status;
  if (to < from) return rd_fail(c, "to 早于 from（区间包含两端：{ from = \"2026-10-01\", to = \"2026-10-07\" }）");
  if (to - from >= MAX_RANGE_DAYS)
    return rd_fail(c, "区间长达 %ld 天（最多 %d 天），是否写错了年份？", (long)(to - from) + 1, MAX_RANGE_DAYS);
  for (d = from; d <= to && !c->status; d++) add(b, d, true);
  return c->status;
}

/* calendar[key]: a sequence of dates (holidays: or ranges). */
static hf_status read_dates(cal_build_ctx *b, int t, const char *key, bool holiday) {
  rd_ctx *c = &b->lc->rd;
  lua_State *L = c->L;
  size_t n = 0;
  if (rd_get(c, t, key) != LUA_TNIL && rd_sequence(c, -1, &n) == HF_OK) {
    int list = lua_gettop(L);
    for (size_t k = 0; k < n && !c->status; k++) {
      lua_rawgeti(L, list, (lua_Integer)k + 1);  /* element */
      rd_enter_index(c, (long)k + 1, lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL);
      int v = lua_gettop(L);
      hf_date d;
      if (holiday) read_holiday(b, v);
      else if (lua_type(L, v) == LUA_TTABLE) rd_fail_type(c, v, "string（调休工作日是单个日期，不接受区间）");
      else if (read_date(b->lc, v, &d) == HF_OK) add(b, d, false);
      rd_leave(c);
      lua_pop(L, 1);  /* element */
    }
  }
  rd_pop_value(c);
  return c->status;
}

hf_status policy_read_calendar(load_ctx *lc, int t) {
  static const char *const keys[] = {"holidays", "workdays", NULL};
  rd_ctx *c = &lc->rd;
  if (c->status) return c->status;
  cal_build_ctx b = {.lc = lc};
  cal_init(&b.cal);
  int type = rd_get(c, t, "calendar");
  int v = lua_gettop(c->L);
  if (type != LUA_TNIL) {
    if (type != LUA_TTABLE) rd_fail_type(c, v, "table（{ holidays = { ... }, workdays = { ... } }）");
    else if (rd_check_keys(c, v, keys, 0) == HF_OK && read_dates(&b, v, "holidays", true) == HF_OK)
      read_dates(&b, v, "workdays", false);
  }
  rd_pop_value(c);
  return c->status;
}
