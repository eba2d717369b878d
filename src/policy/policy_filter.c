/*
** policy_filter.c — reads a `where` filter:
**   where = { <field> = value | { value, ... }
**                     | { ne = value | { ... }, gt = x, ge = x, lt = x, le = x, empty = boolean }, ... }
**         | function(r) -> boolean
** Values are strings or numbers. On a string/enum/time field a value is text
** compared with the trimmed cell; on an int/number field a number; on a date
** field "YYYY-MM-DD" (any form the date type reads); on a datetime field a
** datetime text. Each value is parsed once here, with the field's own parser,
** so a typo is an error at load time, not a silent non-match.
** Internal to src/policy/; runs inside the protected call.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "ingest/cellparse.h"
#include "policy/hook_impl.h"
#include "policy/policy_load.h"

/* int, number, date and datetime compare as numbers; the rest as text. */
static bool numeric_field(const hf_field_spec *f) {
  return !(f->type == HF_T_STRING || f->type == HF_T_TIME || f->type == HF_T_ENUM || f->type == HF_T_SCORE);
}

/* The number a literal stands for on field f (a date's day number, a datetime's seconds). */
static hf_status literal_number(load_ctx *lc, int idx, const hf_field_spec *f, double *out) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (f->type == HF_T_INT || f->type == HF_T_NUMBER) {
    if (lua_type(L, idx) != LUA_TNUMBER) return rd_fail_type(c, idx, "number");
    *out = (double)lua_tonumber(L, idx);
    return HF_OK;
  }
  if (lua_type(L, idx) != LUA_TSTRING) return rd_fail_type(c, idx, "string（日期或日期时间）");
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  hf_field_spec probe = *f;
  probe.optional = false;
  hf_value v;
  const char *problem = NULL;
  if (!cell_parse(&probe, s, len, &v, &problem))
    return rd_fail(c, "「%s」不是字段「%s」能比较的值：%s", s, f->name, problem ? problem : "格式不对");
  *out = f->type == HF_T_DATE ? (double)v.v.date : (double)v.v.stamp;
  return HF_OK;
}

static hf_cond *new_cond(hf_filter *out, size_t field, hf_cond_op op) {
  out->conds = hf_xrealloc(out->conds, (out->nconds + 1) * sizeof *out->conds);
  hf_cond *k = &out->conds[out->nconds++];
  memset(k, 0, sizeof *k);
  k->field = field;
  k->op = op;
  return k;
}

/* One value or a list of values at idx, into k (text or numbers per the field). */
static hf_status read_values(load_ctx *lc, int idx, const hf_field_spec *f, hf_cond *k) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  bool num = numeric_field(f);
  size_t n = 1;
  bool list = lua_type(L, idx) == LUA_TTABLE;
  if (list && rd_sequence(c, idx, &n) != HF_OK) return c->status;
  if (n == 0) return rd_fail(c, "值的列表不能为空");
  if (num) k->nums = hf_xcalloc(n, sizeof *k->nums);
  else k->text.v = hf_xcalloc(n, sizeof *k->text.v);
  for (size_t i = 0; i < n && !c->status; i++) {
    if (list) {
      rd_enter_index(c, (long)i + 1, NULL);
      lua_rawgeti(L, idx, (lua_Integer)i + 1);
    } else {
      lua_pushvalue(L, idx);
    }
    int v = lua_gettop(L);
    if (num) {
      if (literal_number(lc, v, f, &k->nums[i]) == HF_OK) k->nnums = i + 1;
    } else if (lua_type(L, v) != LUA_TSTRING) {
      rd_fail_type(c, v, "string");
    } else {
      k->text.v[i] = hf_xstrdup(lua_tostring(L, v));
      k->text.n = i + 1;
    }
    lua_pop(L, 1);
    if (list) rd_leave(c);
  }
  return c->status;
}

static hf_status read_ops(load_ctx *lc, int idx, size_t field_index, const hf_field_spec *f, hf_filter *out) {
  static const char *const keys[] = {"empty", "ge", "gt", "le", "lt", "ne", NULL};
  static const char *const cmp_keys[] = {"gt", "ge", "lt", "le"};
  static const hf_cond_op cmp_ops[] = {HF_COND_GT, HF_COND_GE, HF_COND_LT, HF_COND_LE};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (rd_check_keys(c, idx, keys, 0) != HF_OK) return c->status;
  bool numeric = numeric_field(f);
  for (int i = 0; i < 4 && !c->status; i++) {
    if (rd_get(c, idx, cmp_keys[i]) != LUA_TNIL) {
      if (!numeric) {
        rd_fail(c, "字段「%s」是 %s 类型，不能比较大小（只有 int、number、date、datetime 可以）", f->name,
                policy_type_name(f->type));
      } else {
        hf_cond *k = new_cond(out, field_index, cmp_ops[i]);
        k->nums = hf_xcalloc(1, sizeof *k->nums);
        if (literal_number(lc, lua_gettop(L), f, &k->nums[0]) == HF_OK) k->nnums = 1;
      }
    }
    rd_pop_value(c);
  }
  if (c->status) return c->status;
  if (rd_get(c, idx, "ne") != LUA_TNIL) {
    hf_cond *k = new_cond(out, field_index, numeric ? HF_COND_NUM_NOT_IN : HF_COND_NOT_IN);
    read_values(lc, lua_gettop(L), f, k);
  }
  rd_pop_value(c);
  if (c->status) return c->status;
  int t = rd_get(c, idx, "empty");
  if (t == LUA_TBOOLEAN) new_cond(out, field_index, lua_toboolean(L, -1) ? HF_COND_EMPTY : HF_COND_NOT_EMPTY);
  else if (t != LUA_TNIL) rd_fail_type(c, lua_gettop(L), "boolean");
  rd_pop_value(c);
  return c->status;
}

/* A table of operators ({ gt = 1 }) or a list of values ({ "a", "b" })? */
static bool is_ops_table(lua_State *L, int idx) {
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);  /* the value; the key stays for lua_next */
    if (lua_type(L, -1) == LUA_TSTRING) {
      lua_pop(L, 1);  /* the key */
      return true;
    }
  }
  return false;
}

hf_status policy_read_filter(load_ctx *lc, int t, const char *key, size_t input, hf_filter *out) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  memset(out, 0, sizeof *out);
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  int v = lua_gettop(L);
  if (type == LUA_TNIL) {
    /* no filter: every record */
  } else if (type == LUA_TFUNCTION) {
    hf_buf name;
    buf_init(&name);
    rd_path_string(c, &name);
    out->hook = hook_new(L, v, name.data, c->file, false);
    buf_free(&name);
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table（字段 = 值）或 function(r)");
  } else {
    size_t n = 0;
    const char **names = rd_sorted_keys(c, v, &n);
    for (size_t i = 0; i < n && !c->status; i++) {
      long fi = policy_find_field(lc, input, names[i]);
      int vt = rd_get(c, v, names[i]);
      int fv = lua_gettop(L);
      if (fi < 0) {
        rd_fail(c, "输入 %s 没有名为「%s」的字段", lc->p->inputs[input].name, names[i]);
      } else {
        const hf_field_spec *f = &lc->p->inputs[input].fields[fi];
        if (vt == LUA_TTABLE && is_ops_table(L, fv)) {
          read_ops(lc, fv, (size_t)fi, f, out);
        } else {
          hf_cond *k = new_cond(out, (size_t)fi, numeric_field(f) ? HF_COND_NUM_IN : HF_COND_IN);
          read_values(lc, fv, f, k);
        }
      }
      rd_pop_value(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

void policy_filter_free(hf_filter *f) {
  for (size_t i = 0; i < f->nconds; i++) {
    for (size_t k = 0; k < f->conds[i].text.n; k++) free(f->conds[i].text.v[k]);
    free(f->conds[i].text.v);
    free(f->conds[i].nums);
  }
  free(f->conds);
  hook_free(f->hook);
  memset(f, 0, sizeof *f);
}
