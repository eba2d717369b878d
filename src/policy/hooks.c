/*
** hooks.c — calling the rule's functions per record through one reusable,
** read-only userdata view `r` (no table is built per row; see hooks.h for
** what r answers). The view's C pointers are set before each call and cleared
** after it, so a view a rule kept in a global cannot reach a stale record.
*/
#include "policy/hook_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "common/calendar.h"
#include "common/date.h"
#include "policy/sandbox.h"

/* The view's uservalues. */
#define UV_LOOKUP 1   /* name -> code for the current record's input */
#define UV_INPUTS 2   /* input index + 1 -> its lookup table */
#define UV_ITEMS 3    /* the item view */

static const char VIEW_KEY = 'V';  /* registry key of the record view */

/* Codes of the view's own keys; fields are codes >= 0 (their index). K_QUALIFIED .. K_FATAL read the verdict. */
enum { K_FATAL = -1, K_NONFATAL = -2, K_FAILS = -3, K_PASSES = -4, K_NA = -5, K_QUALIFIED = -6, K_LINE = -7,
       K_ITEM = -8 };

static const struct {
  const char *name;
  int code;
} view_keys[] = {{"fatal_fails", K_FATAL}, {"nonfatal_fails", K_NONFATAL}, {"fails", K_FAILS},
                 {"passes", K_PASSES},     {"na", K_NA},                 {"qualified", K_QUALIFIED},
                 {"line", K_LINE},         {"item", K_ITEM}};

typedef struct rec_view {
  const hf_record *rec;      /* set during a call only */
  const hf_verdict *v;
  bool show_qualified;
  const hf_input_spec *input;        /* whose lookup is in UV_LOOKUP */
  const hf_input_spec *inputs;       /* the policy's inputs */
  size_t ninputs;
  const hf_input_spec *item_input;   /* the scorecard input (r.item), or NULL */
} rec_view;

/* ------------------------------------------------------------- the hooks */

hf_hook *hook_new(lua_State *L, int idx, const char *name, const char *display, bool sees_qualified) {
  lua_Debug ar;
  lua_pushvalue(L, idx);            /* the function */
  lua_getinfo(L, ">S", &ar);        /* pops it */
  lua_pushvalue(L, idx);            /* the function */
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  hf_hook *h = hf_xcalloc(1, sizeof *h);
  h->ref = ref;
  h->sees_qualified = sees_qualified;
  hf_buf b;
  buf_init(&b);
  if (ar.linedefined > 0) buf_printf(&b, "%s (%s:%d)", name, ar.short_src, ar.linedefined);
  else buf_printf(&b, "%s (%s)", name, display);
  h->desc = buf_steal(&b);
  return h;
}

void hook_free(hf_hook *h) {
  if (!h) return;
  free(h->desc);
  free(h);
}

const char *hook_describe(const hf_hook *hook) { return hook ? hook->desc : "(无)"; }

/* ------------------------------------------------------------ the view */

static void push_score(lua_State *L, hf_score s) {
  switch (s) {
    case HF_SCORE_PASS: lua_pushliteral(L, "pass"); break;
    case HF_SCORE_FAIL: lua_pushliteral(L, "fail"); break;
    default: lua_pushliteral(L, "na"); break;
  }
}

/* One cell as the rule sees it: numbers as numbers, dates "YYYY-MM-DD",
** times "HH:MM:SS", datetimes "YYYY-MM-DD HH:MM:SS", scores
** "pass"/"fail"/"na", an empty cell nil. */
static void push_cell(lua_State *L, const hf_field_spec *f, const hf_value *val) {
  char tmp[16];
  if (val->empty) {
    lua_pushnil(L);
    return;
  }
  switch (f->type) {
    case HF_T_INT: lua_pushinteger(L, (lua_Integer)val->v.i); break;
    case HF_T_NUMBER: lua_pushnumber(L, (lua_Number)val->v.num); break;
    case HF_T_DATE:
      date_format_iso(val->v.date, tmp);
      lua_pushlstring(L, tmp, 10);
      break;
    case HF_T_TIME: {
      int s = val->v.seconds;
      snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", s / 3600 % 100, s / 60 % 60, s % 60);
      lua_pushstring(L, tmp);
      break;
    }
    case HF_T_DATETIME: {
      char stamp[20];
      cal_stamp_format(val->v.stamp, stamp);
      lua_pushlstring(L, stamp, 19);
      break;
    }
    case HF_T_SCORE: push_score(L, val->v.score); break;
    default: lua_pushlstring(L, val->text ? val->text : "", val->text ? val->len : 0); break;
  }
}

static rec_view *live_view(lua_State *L, rec_view *rv) {
  if (!rv || !rv->rec) luaL_error(L, "记录视图 r 只能在钩子调用期间使用");
  return rv;
}

/* r[key] */
static int rv_index(lua_State *L) {
  rec_view *rv = live_view(L, lua_touserdata(L, 1));
  lua_getiuservalue(L, 1, UV_LOOKUP);   /* lookup */
  lua_pushvalue(L, 2);                  /* key */
  if (lua_rawget(L, -2) != LUA_TNUMBER) /* code */
    return luaL_error(L, "记录 r 中没有字段「%s」", luaL_tolstring(L, 2, NULL));
  lua_Integer code = lua_tointeger(L, -1);
  const hf_verdict *v = rv->v;
  /* Outside the scorecard (filters, sampling, ...) there is no verdict: its keys read as nil. */
  if (!v && code >= K_QUALIFIED && code <= K_FATAL) {
    lua_pushnil(L);
    return 1;
  }
  switch (code) {
    case K_FATAL: lua_pushinteger(L, v->fatal_fails); break;
    case K_NONFATAL: lua_pushinteger(L, v->nonfatal_fails); break;
    case K_FAILS: lua_pushinteger(L, v->fails); break;
    case K_PASSES: lua_pushinteger(L, v->passes); break;
    case K_NA: lua_pushinteger(L, v->na); break;
    case K_QUALIFIED:
      if (rv->show_qualified) lua_pushboolean(L, v->qualified);
      else lua_pushnil(L);
      break;
    case K_LINE: lua_pushinteger(L, rv->rec->line); break;
    case K_ITEM: lua_getiuservalue(L, 1, UV_ITEMS); break;
    default: push_cell(L, &rv->rec->input->fields[code], &rv->rec->values[code]); break;
  }
  return 1;
}

/* r.item[name] */
static int iv_index(lua_State *L) {
  rec_view *rv = live_view(L, *(rec_view **)lua_touserdata(L, 1));
  if (rv->rec->input != rv->item_input) return luaL_error(L, "r.item 只用于 scorecard 的输入");
  lua_getiuservalue(L, 1, 1);           /* item name -> field index */
  lua_pushvalue(L, 2);                  /* key */
  if (lua_rawget(L, -2) != LUA_TNUMBER) /* index */
    return luaL_error(L, "没有考核项「%s」", luaL_tolstring(L, 2, NULL));
  push_score(L, rv->rec->values[lua_tointeger(L, -1)].v.score);
  return 1;
}

static int view_newindex(lua_State *L) {
  return luaL_error(L, "记录 r 是只读的，不能写入「%s」", luaL_tolstring(L, 2, NULL));
}

static int rv_tostring(lua_State *L) {
  rec_view *rv = lua_touserdata(L, 1);
  if (rv && rv->rec) lua_pushfstring(L, "record(line %d)", (int)rv->rec->line);
  else lua_pushliteral(L, "record");
  return 1;
}

static const luaL_Reg rv_meta[] = {{"__index", rv_index}, {"__newindex", view_newindex},
                                   {"__tostring", rv_tostring}, {NULL, NULL}};
static const luaL_Reg iv_meta[] = {{"__index", iv_index}, {"__newindex", view_newindex}, {NULL, NULL}};

/* A metatable from regs, hidden from getmetatable (protects __index). */
static void push_meta(lua_State *L, const luaL_Reg *regs) {
  lua_createtable(L, 0, 4);
  luaL_setfuncs(L, regs, 0);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

/* Pushes the lookup of one input: field name -> index, then the view's own keys. */
static void push_lookup(lua_State *L, const hf_input_spec *in) {
  size_t nkeys = sizeof view_keys / sizeof view_keys[0];
  lua_createtable(L, 0, (int)(in->nfields + nkeys));
  for (size_t i = 0; i < in->nfields; i++) {
    lua_pushinteger(L, (lua_Integer)i);
    lua_setfield(L, -2, in->fields[i].name);
  }
  for (size_t k = 0; k < nkeys; k++) {
    lua_pushinteger(L, view_keys[k].code);
    lua_setfield(L, -2, view_keys[k].name);
  }
}

void hookview_setup(lua_State *L, const hf_policy *p) {
  luaL_checkstack(L, 8, "record view");
  rec_view *rv = lua_newuserdatauv(L, sizeof *rv, 3);  /* view */
  memset(rv, 0, sizeof *rv);
  rv->inputs = p->inputs;
  rv->ninputs = p->ninputs;
  rv->item_input = p->scorecard.present ? &p->inputs[p->scorecard.input] : NULL;
  push_meta(L, rv_meta);
  lua_setmetatable(L, -2);

  lua_createtable(L, (int)p->ninputs, 0);  /* per-input lookups */
  for (size_t i = 0; i < p->ninputs; i++) {
    push_lookup(L, &p->inputs[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setiuservalue(L, -2, UV_INPUTS);

  rec_view **iv = lua_newuserdatauv(L, sizeof *iv, 1);  /* item view */
  *iv = rv;
  push_meta(L, iv_meta);
  lua_setmetatable(L, -2);
  lua_createtable(L, 0, (int)p->scorecard.nitems);      /* item name -> field index */
  for (size_t i = 0; i < p->scorecard.nitems; i++) {
    lua_pushinteger(L, (lua_Integer)p->scorecard.items[i].field);
    lua_setfield(L, -2, p->scorecard.items[i].name);
  }
  lua_setiuservalue(L, -2, 1);
  lua_setiuservalue(L, -2, UV_ITEMS);

  lua_rawsetp(L, LUA_REGISTRYINDEX, &VIEW_KEY);  /* registry[VIEW_KEY] = view */
}

/* ------------------------------------------------------------- calling */

/* Points the view's UV_LOOKUP at rec's input (rare: inputs change seldom). */
static bool view_switch_input(lua_State *L, rec_view *rv, const hf_input_spec *in) {
  if (in < rv->inputs || in >= rv->inputs + rv->ninputs) return false;
  lua_getiuservalue(L, -1, UV_INPUTS);                /* lookups */
  lua_rawgeti(L, -1, (lua_Integer)(in - rv->inputs) + 1); /* lookup */
  lua_setiuservalue(L, -3, UV_LOOKUP);
  lua_pop(L, 1);  /* lookups */
  rv->input = in;
  return true;
}

/* "string（"yes"）", "number（1）", "nil" */
static void describe_value(lua_State *L, int idx, char *out, size_t n) {
  int t = lua_type(L, idx);
  if (t == LUA_TSTRING) snprintf(out, n, "string（\"%.60s\"）", lua_tostring(L, idx));
  else if (t == LUA_TNUMBER) snprintf(out, n, "number（%.14g）", (double)lua_tonumber(L, idx));
  else snprintf(out, n, "%s", lua_typename(L, t));
}

hf_status hook_call_bool(hf_policy *p, hf_hook *hook, const hf_record *rec, const hf_verdict *v, bool *out,
                         hf_error *err) {
  hf_sandbox *sb = p->sandbox;
  lua_State *L = sandbox_state(sb);
  if (!lua_checkstack(L, 4)) return hf_fail(err, HF_ERR_DATA, "%s: Lua 栈空间不足", hook->desc);
  lua_rawgeti(L, LUA_REGISTRYINDEX, hook->ref);  /* f */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &VIEW_KEY);  /* f view */
  rec_view *rv = lua_touserdata(L, -1);
  if (!rv || (rec->input != rv->input && !view_switch_input(L, rv, rec->input))) {
    lua_pop(L, 2);  /* f view */
    return hf_fail(err, HF_ERR_IO, "%s: 内部错误：记录不属于本规则的输入", hook->desc);
  }
  rv->rec = rec;
  rv->v = v;
  rv->show_qualified = hook->sees_qualified;
  hf_status st = sandbox_pcall(sb, 1, 1, hook->desc, err);  /* result */
  rv->rec = NULL;
  rv->v = NULL;
  if (st != HF_OK) return st;
  if (!lua_isboolean(L, -1)) {
    char got[128];
    describe_value(L, -1, got, sizeof got);
    lua_pop(L, 1);  /* result */
    return hf_fail(err, HF_ERR_DATA, "%s: 应返回 boolean（true 或 false），实际返回 %s（第 %ld 行的记录）", hook->desc,
                   got, rec->line);
  }
  *out = lua_toboolean(L, -1);
  lua_pop(L, 1);  /* result */
  return HF_OK;
}
