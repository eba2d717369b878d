/*
** policy_fields.c — references from a rule's sections to its inputs and their
** declared fields ("input = \"checks\"", "by = { \"agent\" }"), shared by
** every section reader. Internal to src/policy/; runs inside the protected call.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "policy/policy_load.h"

const char *policy_type_name(hf_field_type t) {
  switch (t) {
    case HF_T_STRING: return "string";
    case HF_T_INT: return "int";
    case HF_T_NUMBER: return "number";
    case HF_T_DATE: return "date";
    case HF_T_TIME: return "time";
    case HF_T_ENUM: return "enum";
    case HF_T_SCORE: return "score";
    case HF_T_DATETIME: return "datetime";
  }
  return "?";
}

/* Index of the declared field `name` of input i, or -1. */
long policy_find_field(const load_ctx *lc, size_t i, const char *name) {
  const hf_input_spec *in = &lc->p->inputs[i];
  for (size_t k = 0; k < lc->ndeclared[i]; k++)
    if (strcmp(in->fields[k].name, name) == 0) return (long)k;
  return -1;
}

/* The value at idx names a declared field of input i (of `type`, unless -1). */
hf_status policy_field_ref(load_ctx *lc, int idx, size_t i, int type, size_t *out) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (lua_type(L, idx) != LUA_TSTRING) return rd_fail_type(c, idx, "string（字段名）");
  const char *name = lua_tostring(L, idx);
  const hf_input_spec *in = &lc->p->inputs[i];
  long k = policy_find_field(lc, i, name);
  if (k < 0) {
    hf_buf names;
    buf_init(&names);
    for (size_t f = 0; f < lc->ndeclared[i]; f++) buf_printf(&names, "%s%s", f ? ", " : "", in->fields[f].name);
    rd_fail(c, "输入 %s 没有名为「%s」的字段（已声明的字段：%s）", in->name, name, names.data ? names.data : "");
    buf_free(&names);
    return c->status;
  }
  if (type >= 0 && in->fields[k].type != (hf_field_type)type)
    return rd_fail(c, "字段「%s」的类型是 %s，这里应为 %s", name, policy_type_name(in->fields[k].type),
                   policy_type_name((hf_field_type)type));
  *out = (size_t)k;
  return HF_OK;
}

/* t[key] as a field reference; *has = false when absent and not required. */
hf_status policy_field_key(load_ctx *lc, int t, const char *key, size_t i, int type, bool required, size_t *out,
                           bool *has) {
  rd_ctx *c = &lc->rd;
  if (c->status) return c->status;
  int lt = rd_get(c, t, key);
  if (lt == LUA_TNIL) {
    if (required) rd_fail(c, "缺少必需的键（应为字段名）");
    if (has) *has = false;
  } else if (policy_field_ref(lc, -1, i, type, out) == HF_OK && has) {
    *has = true;
  }
  rd_pop_value(c);
  return c->status;
}

/* A list of field references at idx (a sequence of names). */
hf_status policy_field_list(load_ctx *lc, int idx, size_t i, bool nonempty, size_t **out, size_t *n) {
  rd_ctx *c = &lc->rd;
  size_t len = 0;
  if (rd_sequence(c, idx, &len) != HF_OK) return c->status;
  if (nonempty && len == 0) return rd_fail(c, "至少要有一个字段");
  *out = hf_xcalloc(len ? len : 1, sizeof **out);
  for (size_t k = 0; k < len && !c->status; k++) {
    rd_enter_index(c, (long)k + 1, NULL);
    lua_rawgeti(c->L, idx, (lua_Integer)k + 1);  /* name */
    if (policy_field_ref(lc, -1, i, -1, &(*out)[k]) == HF_OK) *n = k + 1;
    lua_pop(c->L, 1);  /* name */
    rd_leave(c);
  }
  return c->status;
}


hf_status policy_input_key(load_ctx *lc, int t, const char *key, bool required, size_t *out, bool *has) {
  rd_ctx *c = &lc->rd;
  if (c->status) return c->status;
  if (has) *has = false;
  char *name = NULL;
  if (rd_string(c, t, key, required, NULL, &name) != HF_OK || !name) return c->status;
  int idx = policy_find_input(lc->p, name);
  if (idx < 0) {
    rd_enter_key(c, key);
    hf_buf names;
    buf_init(&names);
    for (size_t i = 0; i < lc->p->ninputs; i++) buf_printf(&names, "%s%s", i ? ", " : "", lc->p->inputs[i].name);
    rd_fail(c, "没有名为「%s」的输入（inputs 中声明的有：%s）", name, names.data ? names.data : "");
    buf_free(&names);
    rd_leave(c);
  } else {
    *out = (size_t)idx;
    if (has) *has = true;
  }
  free(name);
  return c->status;
}

bool policy_in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return true;
  return false;
}

bool policy_valid_id(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || *s == '_')) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
  return true;
}

/* Tables the scorecard and the run make themselves. */
static const char *const BUILTIN_TABLES[] = {"by_item", "daily_coverage", "levels", "rejected", "unqualified", NULL};

bool policy_table_id_taken(const hf_policy *p, const char *id) {
  if (policy_in_list(BUILTIN_TABLES, id)) return true;
  for (size_t i = 0; i < p->ngroups; i++)
    if (strcmp(p->groups[i].id, id) == 0) return true;
  for (size_t i = 0; i < p->ntables; i++)
    if (p->tables[i].id && strcmp(p->tables[i].id, id) == 0) return true;
  return false;
}

hf_status policy_read_seq(load_ctx *lc, int v, const char *want, size_t elem_size, void **out, size_t *n,
                         policy_seq_reader read, void *ctx) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  size_t len = 0;
  v = lua_absindex(L, v);
  if (rd_sequence(c, v, &len) != HF_OK || len == 0) return c->status;
  *out = hf_xcalloc(len, elem_size);
  for (size_t k = 0; k < len && !c->status; k++) {
    *n = k + 1;  /* counted before reading, so a half-read element is freed */
    lua_rawgeti(L, v, (lua_Integer)k + 1);  /* element */
    const char *anchor = NULL;
    if (lua_istable(L, -1)) {
      if (lua_rawgeti(L, -1, 1) == LUA_TSTRING) anchor = lua_tostring(L, -1);
      lua_pop(L, 1);  /* its first value: anchored in the element */
    }
    rd_enter_index(c, (long)k + 1, anchor);
    if (!lua_istable(L, -1)) rd_fail_type(c, lua_gettop(L), want);
    else read(lc, lua_gettop(L), (char *)*out + k * elem_size, ctx);
    rd_leave(c);
    lua_pop(L, 1);  /* element */
  }
  return c->status;
}

/* policy_read_list's reader, called through policy_read_seq. */
typedef struct plain_reader {
  policy_elem_reader read;
} plain_reader;

static hf_status read_plain(load_ctx *lc, int idx, void *elem, void *ctx) {
  return ((const plain_reader *)ctx)->read(lc, idx, elem);
}

hf_status policy_read_list(load_ctx *lc, int t, const char *key, size_t elem_size, void **out, size_t *n,
                           policy_elem_reader read) {
  rd_ctx *c = &lc->rd;
  if (c->status) return c->status;
  plain_reader r = {read};
  if (rd_get(c, t, key) != LUA_TNIL)
    policy_read_seq(lc, lua_gettop(c->L), "table", elem_size, out, n, read_plain, &r);
  rd_pop_value(c);
  return c->status;
}

hf_status policy_read_id(load_ctx *lc, int v, char **id) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (c->status) return c->status;
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING) {
    rd_fail(c, "第一个值应为表的 id（字符串，如 \"by_category\"），实际为 %s", luaL_typename(L, -1));
  } else if (!policy_valid_id(lua_tostring(L, -1))) {
    rd_fail(c, "id「%s」只能由小写字母、数字和下划线组成，且不以数字开头", lua_tostring(L, -1));
  } else {
    *id = hf_xstrdup(lua_tostring(L, -1));
  }
  lua_pop(L, 1);
  return c->status;
}

hf_status policy_duration(load_ctx *lc, int t, const char *key, bool required, hf_duration *out, bool *has) {
  static const char *const keys[] = {"days", "months", "weeks", "years", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (has) *has = false;
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  int v = lua_gettop(L);
  if (type == LUA_TNIL) {
    if (required) rd_fail(c, "缺少必需的键（应为时长，如 { months = 3 }）");
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table（时长，如 { months = 3 } 或 { days = 10 }）");
  } else if (rd_check_keys(c, v, keys, 0) == HF_OK && policy_duration_fields(lc, v, out) == HF_OK && has) {
    *has = true;
  }
  rd_pop_value(c);
  return c->status;
}

hf_status policy_duration_fields(load_ctx *lc, int v, hf_duration *out) {
  rd_ctx *c = &lc->rd;
  long long y = 0, m = 0, w = 0, d = 0;
  rd_int(c, v, "years", -1000, 0, &y);
  rd_int(c, v, "months", -12000, 0, &m);
  rd_int(c, v, "weeks", -52000, 0, &w);
  rd_int(c, v, "days", -365000, 0, &d);
  if (c->status) return c->status;
  if (y > 1000 || m > 12000 || w > 52000 || d > 365000) return rd_fail(c, "时长过大");
  *out = (hf_duration){.years = (int)y, .months = (int)m, .weeks = (int)w, .days = (int)d};
  return HF_OK;
}

hf_status policy_day_field_key(load_ctx *lc, int t, const char *key, size_t i, bool required, const char *hint,
                               size_t *out, bool *has) {
  rd_ctx *c = &lc->rd;
  bool found = false;
  size_t f = 0;
  if (policy_field_key(lc, t, key, i, -1, required, &f, &found) != HF_OK) return c->status;
  if (has) *has = found;
  if (!found) return HF_OK;
  hf_field_type type = lc->p->inputs[i].fields[f].type;
  if (type != HF_T_DATE && type != HF_T_DATETIME) {
    rd_enter_key(c, key);
    rd_fail(c, "字段「%s」的类型是 %s，这里应为 date 或 datetime%s", lc->p->inputs[i].fields[f].name,
            policy_type_name(type), hint ? hint : "");
    rd_leave(c);
    if (has) *has = false;
    return c->status;
  }
  *out = f;
  return HF_OK;
}
