/*
** policy_schedules.c — the rule's `schedules`: visit plans from anchor dates
** (DOMAIN.md P3, P7). docs/rules-schedules.md is written from this block.
**
**   schedules = { { "<id>", title = s (default: id),
**       input = <plans input>, key = <field>, owner = <field>, fields = { <field>, ... },
**       where = <filter over the plans>,
**       anchors = { { "<name>", field = <date field>, plus = <dur>, plus_months_field = <int field> }
**                 | { "<name>", from = "<earlier anchor>", plus = <dur>, plus_months_field = <int field> }, ... },
**       slots = { { "<label>", anchor = "<a>", offset = <dur>, window = <dur> }            -- one visit
**               | { "<label>", anchor = "<a>", every = <dur>, from = <dur>, to = <to> }    -- a periodic band
**               | { "<label>", anchor = "<a>", season = { month, ... }, from = <dur>, to = <to> },
**                 each may add where = <filter over the plans> },
**       visits = { input = <input>, key = <field>, date = <date field>, where = <filter> },
**       upcoming_days = int >= 0 (30), plan_next_year = boolean (false), notify_days = int >= 0 (0),
**       pdf_limit = int >= 0 (100; 0 = all), pdf_all_slots = boolean (false), target = number in [0,1] }, ... }
**   <dur> = { years = n, months = n, weeks = n, days = n } (policy_duration);
**   <to>  = { anchor = "<a>" (default: the slot's anchor), years/months/weeks/days = n }: the last
**           due is on or before that anchor's date plus that duration. (`until` would read better
**           but is a Lua keyword.) Without `to` a band or season is open-ended.
**
** Every check that needs no data is made here, so a rule's mistake stops the
** run before any CSV is read, with the rule file and key path: a period that
** is zero or negative, a window that is, an offset that is not after its
** anchor without a window, months outside 1..12. The messages are
** schedule_core's (sched_error_text), the same the engine gives for the
** data-dependent ones. Internal to src/policy/; runs inside the protected call.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "engine/schedule_core.h"  /* pure date arithmetic: only its error texts are used here */
#include "policy/policy_load.h"

/* Column ids the schedule tables use themselves; a shown field may not take one. */
static const char *const RESERVED_COLUMNS[] = {"slot", "k", "window_from", "due", "status", "visit_date",
                                               "days_overdue", "notify_by", NULL};
/* ... and the per-owner table's, beside the owner field. */
static const char *const OWNER_COLUMNS[] = {"plans", "due_slots", "done", "overdue", "done_rate", "open",
                                            "extra_visits", NULL};
/* The tables a schedule makes: "<id><suffix>". */
static const char *const SUFFIXES[] = {"", "_overdue", "_upcoming", "_by_owner", "_plan", "_unknown_visits", NULL};

static bool duration_forward(hf_duration d) {
  if (d.years < 0 || d.months < 0 || d.weeks < 0 || d.days < 0) return false;
  return d.years || d.months || d.weeks || d.days;
}

static bool duration_not_after(hf_duration d) { return d.years <= 0 && d.months <= 0 && d.weeks <= 0 && d.days <= 0; }

/* Fails at path key of the current element. */
static hf_status fail_key(rd_ctx *c, const char *key, const char *msg) {
  rd_enter_key(c, key);
  rd_fail(c, "%s", msg);
  rd_leave(c);
  return c->status;
}

/* ... with a schedule_core message. */
static hf_status fail_at(rd_ctx *c, const char *key, hf_sched_error e) { return fail_key(c, key, sched_error_text(e)); }

static long anchor_index(const hf_schedule_spec *s, size_t before, const char *name) {
  for (size_t i = 0; i < before; i++)
    if (s->anchors[i].name && strcmp(s->anchors[i].name, name) == 0) return (long)i;
  return -1;
}

/* t[key] names one of the first `before` anchors of s (required, or *has = false). */
static hf_status anchor_ref(load_ctx *lc, const hf_schedule_spec *s, int t, const char *key, size_t before,
                            bool required, size_t *out, bool *has) {
  rd_ctx *c = &lc->rd;
  char *name = NULL;
  if (has) *has = false;
  if (rd_string(c, t, key, required, NULL, &name) != HF_OK || !name) return c->status;
  long i = anchor_index(s, before, name);
  if (i < 0) {
    rd_enter_key(c, key);
    if (before < s->nanchors)  /* reading the anchors: later ones are not read yet */
      rd_fail(c, "前面没有名为「%s」的起算日（anchors 按顺序计算，只能引用在它之前声明的）", name);
    else
      rd_fail(c, "没有名为「%s」的起算日（anchors 中声明）", name);
    rd_leave(c);
  } else {
    *out = (size_t)i;
    if (has) *has = true;
  }
  free(name);
  return c->status;
}

/* ------------------------------------------------------------ anchors */

/* anchors[k] at v, of the schedule *ctx. */
static hf_status read_anchor(load_ctx *lc, int v, void *elem, void *ctx) {
  static const char *const keys[] = {"field", "from", "plus", "plus_months_field", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  const hf_schedule_spec *s = ctx;
  hf_anchor_spec *a = elem;
  size_t self = (size_t)(a - s->anchors);
  if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
    rd_fail(c, "第一个值应为起算日的名称（非空字符串，如 \"completion\"）");
  else if (anchor_index(s, self, lua_tostring(L, -1)) >= 0)
    rd_fail(c, "起算日「%s」重复", lua_tostring(L, -1));
  else
    a->name = hf_xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);  /* name */
  rd_leave(c);
  if (c->status) return c->status;

  bool has_field = false, has_from = false;
  policy_field_key(lc, v, "field", s->input, HF_T_DATE, false, &a->field, &has_field);
  anchor_ref(lc, s, v, "from", self, false, &a->base, &has_from);
  if (c->status) return c->status;
  if (has_field == has_from)
    return rd_fail(c, "起算日要么取自日期字段（field = ...），要么由前面的起算日推算（from = ...），二者选一");
  a->from_field = has_field;
  policy_duration(lc, v, "plus", false, &a->plus, NULL);
  policy_field_key(lc, v, "plus_months_field", s->input, HF_T_INT, false, &a->plus_field, &a->has_plus_field);
  return c->status;
}

/* -------------------------------------------------------------- slots */

/* `to` = { anchor = "<a>", years/months/weeks/days = n } of slot r of s. */
static hf_status read_to(load_ctx *lc, const hf_schedule_spec *s, int v, hf_slot_rule *r) {
  static const char *const keys[] = {"anchor", "days", "months", "weeks", "years", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  int type = rd_get(c, v, "to");
  int t = lua_gettop(L);
  if (type == LUA_TNIL) {
    r->has_until = false;
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, t, "table（如 { years = 2 } 或 { anchor = \"warranty_end\" }）");
  } else if (rd_check_keys(c, t, keys, 0) == HF_OK) {
    bool named = false;
    anchor_ref(lc, s, t, "anchor", s->nanchors, false, &r->until_anchor, &named);
    if (!named) r->until_anchor = r->anchor;
    r->has_until = policy_duration_fields(lc, t, &r->until) == HF_OK;
  }
  rd_pop_value(c);
  return c->status;
}

/* season = { 6, 7, 8 }: each 1..12, at least one. */
static hf_status read_months(load_ctx *lc, int v, hf_slot_rule *r) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  rd_get(c, v, "season");
  int t = lua_gettop(L);
  size_t n = 0;
  if (!lua_istable(L, t)) {
    rd_fail_type(c, t, "月份的数组（如 { 6, 7, 8 }）");
  } else if (rd_sequence(c, t, &n) == HF_OK) {
    if (n == 0) rd_fail(c, "%s", sched_error_text(HF_SCHED_BAD_MONTH));
    r->months = hf_xcalloc(n ? n : 1, sizeof *r->months);
    for (size_t i = 0; i < n && !c->status; i++) {
      rd_enter_index(c, (long)i + 1, NULL);
      lua_rawgeti(L, t, (lua_Integer)i + 1);  /* month */
      if (!lua_isinteger(L, -1)) rd_fail_type(c, -1, "integer（月份 1..12）");
      else if (lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > 12)
        rd_fail(c, "%s（实际为 %lld）", sched_error_text(HF_SCHED_BAD_MONTH), (long long)lua_tointeger(L, -1));
      else
        r->months[r->nmonths++] = (int)lua_tointeger(L, -1);
      lua_pop(L, 1);  /* month */
      rd_leave(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

/* Whether t[key] is present (not nil). */
static bool has_key(rd_ctx *c, int t, const char *key) {
  bool present = rd_get(c, t, key) != LUA_TNIL;
  rd_pop_value(c);
  return present;
}

/* slots[k] at v, of the schedule *ctx. */
static hf_status read_slot(load_ctx *lc, int v, void *elem, void *ctx) {
  static const char *const keys[] = {"anchor", "every", "from", "offset", "season", "to", "where", "window", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  const hf_schedule_spec *s = ctx;
  hf_slot_rule *r = elem;
  size_t self = (size_t)(r - s->slots);
  if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
    rd_fail(c, "第一个值应为回访的名称（非空字符串，如 \"竣工后回访\"）");
  } else {
    for (size_t i = 0; i < self && !c->status; i++)
      if (strcmp(s->slots[i].label, lua_tostring(L, -1)) == 0) rd_fail(c, "回访名称「%s」重复", lua_tostring(L, -1));
    if (!c->status) r->label = hf_xstrdup(lua_tostring(L, -1));
  }
  lua_pop(L, 1);  /* label */
  rd_leave(c);
  if (anchor_ref(lc, s, v, "anchor", s->nanchors, true, &r->anchor, NULL) != HF_OK) return c->status;

  bool every = has_key(c, v, "every"), season = has_key(c, v, "season"), offset = has_key(c, v, "offset");
  if (every + season + offset != 1)
    return rd_fail(c, every + season + offset == 0
                          ? "要给出 offset（单次回访）、every（周期回访）或 season（季节回访）之一"
                          : "offset、every、season 只能给出一个");
  if (offset) {
    r->kind = HF_SLOT_SINGLE;
    if (has_key(c, v, "from") || has_key(c, v, "to"))
      return rd_fail(c, "单次回访（offset）不能有 from / to；时间窗用 window");
    policy_duration(lc, v, "offset", true, &r->offset, NULL);
    policy_duration(lc, v, "window", false, &r->window, &r->has_window);
    if (c->status) return c->status;
    if (r->has_window && !duration_forward(r->window)) return fail_at(c, "window", HF_SCHED_BAD_WINDOW);
    /* Mixed signs ({ months = 1, days = -30 }) depend on the anchor: the engine checks those. */
    if (!r->has_window && duration_not_after(r->offset)) return fail_at(c, "offset", HF_SCHED_NEEDS_WINDOW);
  } else {
    if (has_key(c, v, "window")) return rd_fail(c, "window 只用于单次回访（offset）");
    r->kind = every ? HF_SLOT_EVERY : HF_SLOT_SEASON;
    if (every) {
      policy_duration(lc, v, "every", true, &r->every, NULL);
      if (!c->status && !duration_forward(r->every)) return fail_at(c, "every", HF_SCHED_BAD_PERIOD);
    } else {
      read_months(lc, v, r);
    }
    policy_duration(lc, v, "from", false, &r->from, NULL);
    read_to(lc, s, v, r);
  }
  return policy_read_filter(lc, v, "where", s->input, &r->where);
}

/* ----------------------------------------------------------- schedule */

static bool id_in_use(const hf_policy *p, const hf_schedule_spec *self, const char *id) {
  if (policy_table_id_taken(p, id)) return true;
  for (size_t i = 0; i < p->nsamplings; i++)
    if (p->samplings[i].id && strcmp(p->samplings[i].id, id) == 0) return true;
  for (const hf_schedule_spec *s = p->schedules; s < self; s++) {
    size_t n = strlen(s->id);
    for (size_t k = 0; SUFFIXES[k]; k++)
      if (strncmp(id, s->id, n) == 0 && strcmp(id + n, SUFFIXES[k]) == 0) return true;
  }
  return false;
}

/* The plan fields shown as columns: distinct, and none a column id of the tables' own. */
static hf_status check_columns(load_ctx *lc, hf_schedule_spec *s) {
  rd_ctx *c = &lc->rd;
  const hf_input_spec *in = &lc->p->inputs[s->input];
  size_t n = 0, *shown = hf_xcalloc(s->nfields + 2, sizeof *shown);
  shown[n++] = s->key_field;
  if (s->has_owner) shown[n++] = s->owner_field;
  for (size_t i = 0; i < s->nfields; i++) shown[n++] = s->fields[i];
  for (size_t i = 0; i < n && !c->status; i++) {
    const char *name = in->fields[shown[i]].name;
    if (policy_in_list(RESERVED_COLUMNS, name))
      rd_fail(c, "字段名「%s」与回访表自己的列重名（%s 等），请在 inputs 中换一个字段名", name, "slot、k、due、status");
    if (s->has_owner && shown[i] == s->owner_field && policy_in_list(OWNER_COLUMNS, name))
      rd_fail(c, "负责人字段名「%s」与汇总表自己的列重名（%s 等），请在 inputs 中换一个字段名", name, "plans、done、overdue");
    for (size_t j = 0; j < i && !c->status; j++)
      if (shown[j] == shown[i]) rd_fail(c, "字段「%s」重复（key、owner 已经显示，fields 里不必再列）", name);
  }
  free(shown);
  return c->status;
}

static hf_status read_visits(load_ctx *lc, int v, hf_schedule_spec *s) {
  static const char *const keys[] = {"date", "input", "key", "where", NULL};
  rd_ctx *c = &lc->rd;
  int type = rd_get(c, v, "visits");
  int t = lua_gettop(c->L);
  if (type == LUA_TNIL) {
    rd_fail(c, "缺少必需的键（回访记录：{ input = ..., key = ..., date = ... }）");
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, t, "table（{ input = ..., key = ..., date = ... }）");
  } else if (rd_check_keys(c, t, keys, 0) == HF_OK &&
             policy_input_key(lc, t, "input", true, &s->visit_input, NULL) == HF_OK) {
    policy_field_key(lc, t, "key", s->visit_input, -1, true, &s->visit_key_field, NULL);
    policy_field_key(lc, t, "date", s->visit_input, HF_T_DATE, true, &s->visit_date_field, NULL);
    policy_read_filter(lc, t, "where", s->visit_input, &s->visit_where);
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_schedule(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"anchors",       "fields",    "input",         "key",     "notify_days",
                                     "owner",         "pdf_all_slots", "pdf_limit", "plan_next_year", "slots",
                                     "target",        "title",     "upcoming_days", "visits",  "where",
                                     NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_schedule_spec *s = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &s->id)) return c->status;
  rd_enter_index(c, 1, NULL);
  for (size_t k = 0; SUFFIXES[k] && !c->status; k++) {
    char id[300];
    snprintf(id, sizeof id, "%s%s", s->id, SUFFIXES[k]);
    if (id_in_use(lc->p, s, id))
      rd_fail(c, "表 id「%s」已被占用（回访计划会生成 %s、%s_overdue、%s_upcoming、%s_by_owner、%s_plan 等表）", id, s->id,
              s->id, s->id, s->id, s->id);
  }
  rd_leave(c);
  rd_string(c, v, "title", false, s->id, &s->title);
  if (policy_input_key(lc, v, "input", true, &s->input, NULL) != HF_OK) return c->status;
  policy_field_key(lc, v, "key", s->input, -1, true, &s->key_field, NULL);
  policy_field_key(lc, v, "owner", s->input, -1, false, &s->owner_field, &s->has_owner);
  if (rd_get(c, v, "fields") != LUA_TNIL) policy_field_list(lc, lua_gettop(L), s->input, false, &s->fields, &s->nfields);
  rd_pop_value(c);
  if (c->status || check_columns(lc, s) != HF_OK) return c->status;
  policy_read_filter(lc, v, "where", s->input, &s->where);

  if (rd_get(c, v, "anchors") == LUA_TNIL)
    rd_fail(c, "缺少必需的键（至少一个起算日，如 { \"completion\", field = \"completion_date\" }）");
  else if (policy_read_seq(lc, lua_gettop(L), "table", sizeof *s->anchors, (void **)&s->anchors, &s->nanchors,
                           read_anchor, s) == HF_OK && s->nanchors == 0)
    rd_fail(c, "至少要有一个起算日");
  rd_pop_value(c);
  if (c->status) return c->status;
  if (rd_get(c, v, "slots") == LUA_TNIL)
    rd_fail(c, "缺少必需的键（至少一项应回访，如 { \"竣工后回访\", anchor = \"completion\", offset = { days = 10 } }）");
  else if (policy_read_seq(lc, lua_gettop(L), "table", sizeof *s->slots, (void **)&s->slots, &s->nslots, read_slot,
                           s) == HF_OK && s->nslots == 0)
    rd_fail(c, "至少要有一项应回访");
  rd_pop_value(c);
  if (c->status || read_visits(lc, v, s) != HF_OK) return c->status;

  long long upcoming = 30, notify = 20, limit = 100;
  rd_int(c, v, "upcoming_days", 0, 30, &upcoming);
  rd_int(c, v, "notify_days", 0, 0, &notify);  /* no default from any seed: the rule says it (P3: 20) */
  rd_int(c, v, "pdf_limit", 0, 100, &limit);
  rd_bool(c, v, "plan_next_year", false, &s->plan_next_year);
  rd_bool(c, v, "pdf_all_slots", false, &s->pdf_all_slots);
  double target = -1;
  rd_number(c, v, "target", false, 0, 1, -1, &target);
  if (c->status) return c->status;
  if (upcoming > 36600 || notify > 36600)
    return fail_key(c, upcoming > 36600 ? "upcoming_days" : "notify_days", "天数过大（最多 36600 天）");
  s->upcoming_days = (long)upcoming;
  s->notify_days = (long)notify;
  s->pdf_limit = (size_t)limit;
  s->has_target = target >= 0;
  s->target = s->has_target ? target : 0;
  return c->status;
}

hf_status policy_read_schedules(load_ctx *lc, int t) {
  return policy_read_list(lc, t, "schedules", sizeof(hf_schedule_spec), (void **)&lc->p->schedules,
                          &lc->p->nschedules, read_schedule);
}
