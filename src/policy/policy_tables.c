/*
** policy_tables.c — the rule's `tables`: aggregates and lists over any input.
**   tables = { { "<id>", title = s, input = <input>, where = <filter>,
**                by = { <field>, ... },                       -- group-by (none: one summary row)
**                columns = { { "<id>", "<label>", count = true | { where = f },
**                              sum | mean | min | max = <field> | { <field>, where = f },
**                              ratio = { "<num column>", "<den column>" },
**                              first = <field> }, ... },  -- one kind each; none = count
**                total = boolean (a 合计 row), pdf_limit = int >= 0,
**                date = <date field> (rows outside --period are left out) },
**              { "<id>", title = s, input = <input>, where = f, list = { <field>, ... }, pdf_limit = n }, ... }
** Internal to src/policy/; runs inside the protected call.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "policy/policy_load.h"

static const char *const AGG_KEYS[] = {"count", "first", "max", "mean", "min", "ratio", "sum", NULL};
static const hf_agg_kind AGG_KINDS[] = {HF_AGG_COUNT, HF_AGG_FIRST, HF_AGG_MAX, HF_AGG_MEAN,
                                        HF_AGG_MIN,   HF_AGG_RATIO, HF_AGG_SUM};

static long column_index(const hf_table_spec *t, size_t before, const char *id) {
  for (size_t i = 0; i < before; i++)
    if (strcmp(t->cols[i].id, id) == 0) return (long)i;
  return -1;
}

/* The value of an aggregate key: <field> or { <field>, where = f } (count: true or { where = f }). */
static hf_status read_agg_value(load_ctx *lc, int v, hf_agg_column *col, size_t input) {
  static const char *const keys[] = {"where", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (col->kind == HF_AGG_COUNT) {
    if (lua_type(L, v) == LUA_TBOOLEAN && lua_toboolean(L, v)) return HF_OK;
    if (lua_type(L, v) != LUA_TTABLE) return rd_fail_type(c, v, "true 或 { where = ... }");
    if (rd_check_keys(c, v, keys, 0) != HF_OK) return c->status;
    return policy_read_filter(lc, v, "where", input, &col->where);
  }
  if (lua_type(L, v) == LUA_TTABLE) {
    if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
    lua_rawgeti(L, v, 1);
    rd_enter_index(c, 1, NULL);
    policy_field_ref(lc, lua_gettop(L), input, -1, &col->field);
    rd_leave(c);
    lua_pop(L, 1);
    return policy_read_filter(lc, v, "where", input, &col->where);
  }
  return policy_field_ref(lc, v, input, -1, &col->field);
}

/* columns[k + 1] at v, into col of table *ctx. */
static hf_status read_column(load_ctx *lc, int v, void *elem, void *ctx) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_table_spec *t = ctx;
  hf_agg_column *col = elem;
  size_t k = (size_t)(col - t->cols);
  if (rd_check_keys(c, v, AGG_KEYS, 2) || policy_read_id(lc, v, &col->id)) return c->status;
  if (column_index(t, k, col->id) >= 0) return rd_fail(c, "列 id「%s」重复", col->id);
  for (size_t b = 0; b < t->nby; b++)  /* the by fields are columns too, under their field names */
    if (strcmp(lc->p->inputs[t->input].fields[t->by[b]].name, col->id) == 0)
      return rd_fail(c, "列 id「%s」与分组字段同名", col->id);
  if (lua_rawgeti(L, v, 2) == LUA_TSTRING) col->label = hf_xstrdup(lua_tostring(L, -1));
  else if (!lua_isnil(L, -1)) rd_fail(c, "第二个值应为列的标题（字符串）");
  else col->label = hf_xstrdup(col->id);
  lua_pop(L, 1);
  int found = -1;
  for (int i = 0; AGG_KEYS[i] && !c->status; i++) {
    if (rd_get(c, v, AGG_KEYS[i]) != LUA_TNIL) {
      if (found >= 0) {
        rd_fail(c, "一列只能有一种统计（已有 %s）", AGG_KEYS[found]);
      } else {
        found = i;
        col->kind = AGG_KINDS[i];
        if (col->kind == HF_AGG_RATIO) {
          size_t n = 0;
          int r = lua_gettop(L);
          if (rd_sequence(c, r, &n) == HF_OK && n != 2) rd_fail(c, "应为 { \"分子列 id\", \"分母列 id\" }");
          for (int j = 0; j < 2 && !c->status; j++) {
            lua_rawgeti(L, r, j + 1);
            const char *ref = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            long idx = column_index(t, k, ref);
            if (idx < 0) rd_fail(c, "「%s」不是前面某一列的 id（比率引用前面的列）", ref);
            else if (j == 0) col->num = (size_t)idx;
            else col->den = (size_t)idx;
            lua_pop(L, 1);
          }
        } else {
          read_agg_value(lc, lua_gettop(L), col, t->input);
        }
      }
    }
    rd_pop_value(c);
  }
  if (found < 0) col->kind = HF_AGG_COUNT;
  if (!c->status && (col->kind == HF_AGG_SUM || col->kind == HF_AGG_MEAN) &&
      lc->p->inputs[t->input].fields[col->field].type != HF_T_INT &&
      lc->p->inputs[t->input].fields[col->field].type != HF_T_NUMBER)
    rd_fail(c, "sum/mean 只能用于 int 或 number 字段，「%s」是 %s", lc->p->inputs[t->input].fields[col->field].name,
            policy_type_name(lc->p->inputs[t->input].fields[col->field].type));
  return c->status;
}

static hf_status read_table(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"by",    "columns", "date",  "input", "list",
                                     "pdf_limit", "title", "total", "where", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_table_spec *t = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &t->id)) return c->status;
  for (size_t i = 0; lc->p->tables && &lc->p->tables[i] != t; i++)
    if (lc->p->tables[i].id && strcmp(lc->p->tables[i].id, t->id) == 0) return rd_fail(c, "表 id「%s」重复", t->id);
  rd_string(c, v, "title", false, t->id, &t->title);
  policy_input_key(lc, v, "input", true, &t->input, NULL);
  policy_read_filter(lc, v, "where", t->input, &t->where);
  policy_day_field_key(lc, v, "date", t->input, false, NULL, &t->date_field, &t->has_date);
  long long limit = 0;
  rd_int(c, v, "pdf_limit", 0, 0, &limit);
  t->pdf_limit = (size_t)limit;
  rd_bool(c, v, "total", false, &t->total);
  if (c->status) return c->status;
  int has_list = rd_get(c, v, "list");
  if (has_list != LUA_TNIL) policy_field_list(lc, lua_gettop(L), t->input, true, &t->list, &t->nlist);
  rd_pop_value(c);
  if (c->status) return c->status;
  if (rd_get(c, v, "by") != LUA_TNIL) {
    if (has_list != LUA_TNIL) rd_fail(c, "清单表（list）不能再分组");
    else policy_field_list(lc, lua_gettop(L), t->input, true, &t->by, &t->nby);
  }
  rd_pop_value(c);
  if (c->status) return c->status;
  int type = rd_get(c, v, "columns");
  if (type == LUA_TNIL) {
    if (has_list == LUA_TNIL) rd_fail(c, "统计表需要 columns（清单表用 list）");
  } else if (has_list != LUA_TNIL) {
    rd_fail(c, "清单表（list）没有 columns");
  } else if (policy_read_seq(lc, lua_gettop(L), "table（{ \"id\", \"标题\", count = true }）", sizeof *t->cols,
                             (void **)&t->cols, &t->ncols, read_column, t) == HF_OK &&
             t->ncols == 0) {
    rd_fail(c, "至少要有一列");
  }
  rd_pop_value(c);
  return c->status;
}

hf_status policy_read_tables(load_ctx *lc, int t) {
  return policy_read_list(lc, t, "tables", sizeof(hf_table_spec), (void **)&lc->p->tables, &lc->p->ntables,
                          read_table);
}
