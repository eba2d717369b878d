/*
** policy_satisfaction.c — the rule's `scales` and `satisfaction` (policy_blocks.h):
**   scales = { <name> = { { "<answer>", <points> }, ...,          -- non-empty; answers unique, points any number
**                         full = number > 0 (default: the highest points; never below them),
**                         skip = s | { s, ... } }, ... }         -- spellings that count as not answered ("" = empty cell)
**   satisfaction = { { "<id>", title = s (default id), input = <input>, where = <filter>,
**                      date = <date field>,                      -- rows outside --period are not counted
**                      scale = <scale> (default for the questions),
**                      questions = { <field> | { <field>, scale = <scale>, label = s,
**                                               overall = boolean (true), kpi = true | s }, ... },
**                      by = { <field>, ... },                    -- one table per field
**                      respondent = <field>, carry = { <field>, ... }, pdf_limit = int >= 0 (0 = all),
**                      target = number,                          -- overall satisfaction target (>=)
**                      sent = <input> | { input = <input>, where = <filter>, count = <int field>,
**                                         date = <date field> },
**                      return_target = number in [0,1] }, ... }
** A question's field must be a string field (it is turned here into an enum of
** the scale's answers and skip spellings, so the ingest rejects any other
** answer with file:line:column, the header and the allowed answers, and
** on_error = "skip" applies) or an enum whose values all belong to the scale.
** docs/rules-satisfaction.md is the user's side. Internal to src/policy/; runs
** inside the protected call.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "policy/policy_load.h"

/* Suffixes of the KPI ids a survey makes itself (a question's KPI is <id>_<field>). */
static const char *const OWN_KPIS[] = {"satisfaction", "responses", "return_rate", NULL};

/* ------------------------------------------------------------ scales */

static bool in_list(const hf_strlist *l, const char *s) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i], s) == 0) return true;
  return false;
}

/* One { "<answer>", <points> } at idx into answer k of s. */
static hf_status read_answer(load_ctx *lc, int idx, hf_scale_spec *s, size_t k) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  size_t n = 0;
  if (!lua_istable(L, idx)) return rd_fail_type(c, idx, "table（{ \"答案\", 分值 }）");
  if (rd_sequence(c, idx, &n) != HF_OK) return c->status;
  if (n != 2) return rd_fail(c, "应为 { \"答案\", 分值 }（两个值），实际有 %zu 个", n);
  if (lua_rawgeti(L, idx, 1) != LUA_TSTRING) {
    rd_fail_type(c, -1, "string（答案）");
  } else if (lua_rawlen(L, -1) == 0) {
    rd_fail(c, "答案不能为空字符串（空白单元格算作未作答：写在 skip 里）");
  } else {
    const char *a = lua_tostring(L, -1);
    if (in_list(&s->answers, a)) rd_fail(c, "答案「%s」重复", a);
    else s->answers.v[s->answers.n++] = hf_xstrdup(a);
  }
  lua_pop(L, 1);  /* answer */
  if (c->status) return c->status;
  if (lua_rawgeti(L, idx, 2) != LUA_TNUMBER) {
    rd_fail_type(c, -1, "number（分值）");
  } else {
    double x = (double)lua_tonumber(L, -1);
    if (!isfinite(x)) rd_fail(c, "分值应为有限的数，实际为 %g", x);
    else s->points[k] = x;
  }
  lua_pop(L, 1);  /* points */
  return c->status;
}

static hf_status read_scale(load_ctx *lc, int v, hf_scale_spec *s) {
  static const char *const keys[] = {"full", "skip", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "table（{ { \"很满意\", 3 }, ..., full = 3 }）");
  size_t n = (size_t)lua_rawlen(L, v);
  if (rd_check_keys(c, v, keys, (long)n) != HF_OK) return c->status;
  if (n == 0) return rd_fail(c, "量表至少要有一个答案：{ { \"满意\", 3 }, { \"一般\", 2 }, ... }");
  s->answers.v = hf_xcalloc(n, sizeof *s->answers.v);
  s->points = hf_xcalloc(n, sizeof *s->points);
  for (size_t k = 0; k < n && !c->status; k++) {
    lua_rawgeti(L, v, (lua_Integer)k + 1);  /* the pair */
    const char *anchor = NULL;
    if (lua_istable(L, -1)) {
      if (lua_rawgeti(L, -1, 1) == LUA_TSTRING) anchor = lua_tostring(L, -1);
      lua_pop(L, 1);  /* its answer: anchored in the pair */
    }
    rd_enter_index(c, (long)k + 1, anchor);
    read_answer(lc, lua_gettop(L), s, k);
    rd_leave(c);
    lua_pop(L, 1);  /* the pair */
  }
  if (c->status) return c->status;
  double max = s->points[0];
  for (size_t k = 1; k < n; k++)
    if (s->points[k] > max) max = s->points[k];
  bool given = rd_get(c, v, "full") != LUA_TNIL;
  rd_pop_value(c);
  if (rd_number(c, v, "full", false, -INFINITY, INFINITY, max, &s->full) != HF_OK) return c->status;
  rd_enter_key(c, "full");
  if (!(s->full > 0))
    rd_fail(c, "满分应 > 0，实际为 %g%s", s->full, given ? "" : "（未写 full 时取最高分值；请写 full = ...）");
  else if (s->full < max) rd_fail(c, "满分 %g 低于最高分值 %g", s->full, max);
  rd_leave(c);
  if (c->status) return c->status;
  if (rd_get(c, v, "skip") != LUA_TNIL && rd_strlist(c, -1, true, &s->skip) == HF_OK) {
    for (size_t k = 0; k < s->skip.n && !c->status; k++) {
      if (in_list(&s->answers, s->skip.v[k])) rd_fail(c, "「%s」既是答案又在 skip 中", s->skip.v[k]);
      for (size_t j = 0; j < k && !c->status; j++)
        if (strcmp(s->skip.v[j], s->skip.v[k]) == 0) rd_fail(c, "「%s」重复", s->skip.v[k]);
    }
  }
  rd_pop_value(c);
  return c->status;
}

static hf_status read_scales(load_ctx *lc, int t) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_policy *p = lc->p;
  if (c->status) return c->status;
  int type = rd_get(c, t, "scales");
  int v = lua_gettop(L);
  if (type != LUA_TNIL && type != LUA_TTABLE) {
    rd_fail_type(c, v, "table（{ five = { { \"很满意\", 3 }, ... }, ... }）");
  } else if (type == LUA_TTABLE) {
    size_t n = 0;
    const char **names = rd_sorted_keys(c, v, &n);
    if (n > 0) p->scales = hf_xcalloc(n, sizeof *p->scales);
    for (size_t i = 0; i < n && !c->status; i++) {
      hf_scale_spec *s = &p->scales[p->nscales++];
      s->name = hf_xstrdup(names[i]);
      rd_get(c, v, names[i]);
      read_scale(lc, lua_gettop(L), s);
      rd_pop_value(c);
    }
  }
  rd_pop_value(c);
  return c->status;
}

static long find_scale(const hf_policy *p, const char *name) {
  for (size_t i = 0; i < p->nscales; i++)
    if (strcmp(p->scales[i].name, name) == 0) return (long)i;
  return -1;
}

/* The value at idx names a scale. */
static hf_status scale_ref(load_ctx *lc, int idx, size_t *out) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  if (lua_type(L, idx) != LUA_TSTRING) return rd_fail_type(c, idx, "string（量表名）");
  const char *name = lua_tostring(L, idx);
  long k = find_scale(lc->p, name);
  if (k >= 0) {
    *out = (size_t)k;
    return HF_OK;
  }
  hf_buf names;
  buf_init(&names);
  for (size_t i = 0; i < lc->p->nscales; i++) buf_printf(&names, "%s%s", i ? ", " : "", lc->p->scales[i].name);
  rd_fail(c, "没有名为「%s」的量表（scales 中定义的有：%s）", name, names.len ? names.data : "无");
  buf_free(&names);
  return c->status;
}

/* ------------------------------------------------------------ questions */

/* Field f of input i now holds answers of scale s: a string field becomes an
** enum of the answers and the non-empty skip spellings (optional when "" is a
** skip spelling); an enum field must hold only those. */
static hf_status bind_field(load_ctx *lc, size_t i, size_t field, const hf_scale_spec *s) {
  rd_ctx *c = &lc->rd;
  hf_field_spec *f = &lc->p->inputs[i].fields[field];
  bool empty_skips = in_list(&s->skip, "");
  if (f->type != HF_T_STRING && f->type != HF_T_ENUM)
    return rd_fail(c, "问题字段「%s」的类型是 %s，应为 string（答案按量表 %s 校验）", f->name,
                   policy_type_name(f->type), s->name);
  if (f->optional && !empty_skips)
    return rd_fail(c, "字段「%s」允许空白（optional = true），但量表 %s 的 skip 里没有 \"\"：空白算不算作答？"
                   "请在 skip 中加入 \"\"，或去掉 optional", f->name, s->name);
  if (f->type == HF_T_ENUM) {
    for (size_t k = 0; k < f->enum_values.n; k++)
      if (!in_list(&s->answers, f->enum_values.v[k]) && !in_list(&s->skip, f->enum_values.v[k]))
        return rd_fail(c, "字段「%s」的取值「%s」既不是量表 %s 的答案，也不在它的 skip 中", f->name,
                       f->enum_values.v[k], s->name);
  } else {
    f->type = HF_T_ENUM;
    f->enum_values.v = hf_xcalloc(s->answers.n + s->skip.n, sizeof *f->enum_values.v);
    for (size_t k = 0; k < s->answers.n; k++) f->enum_values.v[f->enum_values.n++] = hf_xstrdup(s->answers.v[k]);
    for (size_t k = 0; k < s->skip.n; k++)
      if (s->skip.v[k][0]) f->enum_values.v[f->enum_values.n++] = hf_xstrdup(s->skip.v[k]);
  }
  if (empty_skips) f->optional = true;
  return HF_OK;
}

/* questions[k] at idx: "<field>" or { "<field>", scale =, label =, overall =, kpi = }. */
static hf_status read_question(load_ctx *lc, int idx, hf_satisfaction_spec *sv, size_t k, bool has_default,
                               size_t default_scale) {
  static const char *const keys[] = {"kpi", "label", "overall", "scale", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_question_spec *q = &sv->questions[k];
  q->overall = true;
  bool has_scale = false;
  if (lua_type(L, idx) == LUA_TSTRING) {
    if (policy_field_ref(lc, idx, sv->input, -1, &q->field) != HF_OK) return c->status;
  } else if (!lua_istable(L, idx)) {
    return rd_fail_type(c, idx, "string（字段名）或 table（{ \"字段\", scale = \"量表\" }）");
  } else {
    if (rd_check_keys(c, idx, keys, 1) != HF_OK) return c->status;
    lua_rawgeti(L, idx, 1);  /* the field */
    rd_enter_index(c, 1, NULL);
    policy_field_ref(lc, lua_gettop(L), sv->input, -1, &q->field);
    rd_leave(c);
    lua_pop(L, 1);  /* the field */
    if (c->status) return c->status;
    if (rd_get(c, idx, "scale") != LUA_TNIL && scale_ref(lc, lua_gettop(L), &q->scale) == HF_OK) has_scale = true;
    rd_pop_value(c);
    rd_string(c, idx, "label", false, NULL, &q->label);
    rd_bool(c, idx, "overall", true, &q->overall);
    if (c->status) return c->status;
    int kt = rd_get(c, idx, "kpi");
    if (kt == LUA_TSTRING && lua_rawlen(L, -1) > 0) q->kpi = hf_xstrdup(lua_tostring(L, -1));
    else if (kt == LUA_TBOOLEAN && lua_toboolean(L, -1)) q->kpi = hf_xstrdup("");  /* the label, below */
    else if (kt != LUA_TNIL && kt != LUA_TBOOLEAN) rd_fail_type(c, -1, "true 或 string（指标名）");
    rd_pop_value(c);
    if (c->status) return c->status;
  }
  const hf_field_spec *f = &lc->p->inputs[sv->input].fields[q->field];
  if (!has_scale) {
    if (!has_default) return rd_fail(c, "问题「%s」没有量表：写 { \"%s\", scale = \"...\" }，或在调查中写 scale = \"...\"",
                                     f->name, f->name);
    q->scale = default_scale;
  }
  for (size_t j = 0; j < k; j++)
    if (sv->questions[j].field == q->field) return rd_fail(c, "问题字段「%s」重复", f->name);
  if (!q->label) q->label = hf_xstrdup(f->header);
  if (q->kpi && !q->kpi[0]) {
    free(q->kpi);
    q->kpi = hf_xstrdup(q->label);
  }
  if (q->kpi && policy_in_list(OWN_KPIS, f->name))
    return rd_fail(c, "问题字段名「%s」与调查自己的指标 id（%s_%s）冲突：请给字段换个名字", f->name, sv->id, f->name);
  return bind_field(lc, sv->input, q->field, &lc->p->scales[q->scale]);
}

static hf_status read_questions(load_ctx *lc, int v, hf_satisfaction_spec *sv) {
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  size_t default_scale = 0;
  bool has_default = false;
  if (rd_get(c, v, "scale") != LUA_TNIL && scale_ref(lc, lua_gettop(L), &default_scale) == HF_OK) has_default = true;
  rd_pop_value(c);
  if (c->status) return c->status;
  int type = rd_get(c, v, "questions");
  int qv = lua_gettop(L);
  size_t n = 0;
  if (type == LUA_TNIL) {
    rd_fail(c, "缺少必需的键（问题列表，如 { \"q_design\", { \"overall\", scale = \"score05\" } }）");
  } else if (rd_sequence(c, qv, &n) == HF_OK) {
    if (n == 0) rd_fail(c, "至少要有一个问题");
    sv->questions = hf_xcalloc(n ? n : 1, sizeof *sv->questions);
    for (size_t k = 0; k < n && !c->status; k++) {
      sv->nquestions = k + 1;  /* counted before reading, so a half-read question is freed */
      lua_rawgeti(L, qv, (lua_Integer)k + 1);  /* the question */
      const char *anchor = NULL;
      if (lua_type(L, -1) == LUA_TSTRING) anchor = lua_tostring(L, -1);
      else if (lua_istable(L, -1)) {
        if (lua_rawgeti(L, -1, 1) == LUA_TSTRING) anchor = lua_tostring(L, -1);
        lua_pop(L, 1);  /* its field: anchored in the question */
      }
      rd_enter_index(c, (long)k + 1, anchor);
      read_question(lc, lua_gettop(L), sv, k, has_default, default_scale);
      rd_leave(c);
      lua_pop(L, 1);  /* the question */
    }
  }
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------ surveys */

/* sent = <input> | { input =, where =, count =, date = }. */
static hf_status read_sent(load_ctx *lc, int v, hf_satisfaction_spec *sv) {
  static const char *const keys[] = {"count", "date", "input", "where", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  int type = rd_get(c, v, "sent");
  int sv_idx = lua_gettop(L);
  if (type == LUA_TSTRING) {
    rd_leave(c);  /* policy_input_key enters "sent" itself */
    policy_input_key(lc, v, "sent", true, &sv->sent_input, &sv->has_sent);
    rd_enter_key(c, "sent");
  } else if (type == LUA_TTABLE) {
    if (rd_check_keys(c, sv_idx, keys, 0) == HF_OK &&
        policy_input_key(lc, sv_idx, "input", true, &sv->sent_input, &sv->has_sent) == HF_OK) {
      policy_read_filter(lc, sv_idx, "where", sv->sent_input, &sv->sent_where);
      policy_field_key(lc, sv_idx, "count", sv->sent_input, HF_T_INT, false, &sv->sent_count_field,
                       &sv->has_sent_count);
      policy_field_key(lc, sv_idx, "date", sv->sent_input, HF_T_DATE, false, &sv->sent_date_field,
                       &sv->has_sent_date);
    }
  } else if (type != LUA_TNIL) {
    rd_fail_type(c, sv_idx, "string（输入名）或 table（{ input = \"sent\", count = \"份数字段\" }）");
  }
  rd_pop_value(c);
  return c->status;
}

/* The table ids this survey makes must not be another section's. */
static hf_status check_ids(load_ctx *lc, const hf_satisfaction_spec *sv) {
  rd_ctx *c = &lc->rd;
  const hf_policy *p = lc->p;
  static const char *const fixed[] = {"questions", "distribution", "respondents"};
  hf_buf id;
  buf_init(&id);
  for (size_t k = 0; k < 3 + sv->nby && !c->status; k++) {
    buf_reset(&id);
    if (k < 3) buf_printf(&id, "%s_%s", sv->id, fixed[k]);
    else buf_printf(&id, "%s_by_%s", sv->id, p->inputs[sv->input].fields[sv->by[k - 3]].name);
    for (size_t t = 0; t < p->ntables && !c->status; t++)
      if (p->tables[t].id && strcmp(p->tables[t].id, id.data) == 0)
        rd_fail(c, "调查 %s 生成的表 id「%s」已被 tables 使用：请给调查或表换个 id", sv->id, id.data);
    for (size_t g = 0; g < p->ngroups && !c->status; g++)
      if (p->groups[g].id && strcmp(p->groups[g].id, id.data) == 0)
        rd_fail(c, "调查 %s 生成的表 id「%s」已被 groups 使用：请给调查或表换个 id", sv->id, id.data);
  }
  buf_free(&id);
  return c->status;
}

static hf_status read_survey(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"by",    "carry",      "date",   "input",         "pdf_limit",
                                     "questions", "respondent", "return_target", "scale", "sent",
                                     "target", "title",     "where",  NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  hf_policy *p = lc->p;
  hf_satisfaction_spec *sv = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &sv->id)) return c->status;
  for (size_t i = 0; &p->surveys[i] != sv; i++)
    if (p->surveys[i].id && strcmp(p->surveys[i].id, sv->id) == 0) return rd_fail(c, "调查 id「%s」重复", sv->id);
  rd_string(c, v, "title", false, sv->id, &sv->title);
  if (policy_input_key(lc, v, "input", true, &sv->input, NULL) != HF_OK) return c->status;
  if (read_questions(lc, v, sv) != HF_OK) return c->status;
  /* After the questions: a filter on a question field sees it as the enum it now is. */
  policy_read_filter(lc, v, "where", sv->input, &sv->where);
  policy_field_key(lc, v, "date", sv->input, HF_T_DATE, false, &sv->date_field, &sv->has_date);
  if (rd_get(c, v, "by") != LUA_TNIL) policy_field_list(lc, lua_gettop(L), sv->input, true, &sv->by, &sv->nby);
  rd_pop_value(c);
  for (size_t i = 0; i < sv->nby && !c->status; i++)
    for (size_t j = 0; j < i; j++)
      if (sv->by[i] == sv->by[j]) {
        rd_enter_key(c, "by");
        rd_fail(c, "分组字段「%s」重复", p->inputs[sv->input].fields[sv->by[i]].name);
        rd_leave(c);
        break;
      }
  if (check_ids(lc, sv) != HF_OK) return c->status;
  policy_field_key(lc, v, "respondent", sv->input, -1, false, &sv->respondent_field, &sv->has_respondent);
  if (!c->status && sv->has_respondent && p->inputs[sv->input].fields[sv->respondent_field].optional) {
    rd_enter_key(c, "respondent");
    rd_fail(c, "受访者字段「%s」不能允许空白（optional）：匿名问卷请不写 respondent",
            p->inputs[sv->input].fields[sv->respondent_field].name);
    rd_leave(c);
  }
  if (c->status) return c->status;
  if (rd_get(c, v, "carry") != LUA_TNIL) {
    if (!sv->has_respondent) rd_fail(c, "carry 是受访者明细表的列：需要 respondent");
    else policy_field_list(lc, lua_gettop(L), sv->input, true, &sv->carry, &sv->ncarry);
  }
  rd_pop_value(c);
  long long limit = 0;
  if (rd_int(c, v, "pdf_limit", 0, 0, &limit) != HF_OK) return c->status;
  sv->pdf_limit = (size_t)limit;
  if (rd_get(c, v, "pdf_limit") != LUA_TNIL && !sv->has_respondent)
    rd_fail(c, "pdf_limit 限制的是受访者明细表：需要 respondent");
  rd_pop_value(c);
  if (c->status) return c->status;
  if (rd_get(c, v, "target") != LUA_TNIL) sv->has_target = true;
  rd_pop_value(c);
  if (sv->has_target) rd_number(c, v, "target", true, -INFINITY, INFINITY, 0, &sv->target);
  if (read_sent(lc, v, sv) != HF_OK) return c->status;
  if (rd_get(c, v, "return_target") != LUA_TNIL) {
    if (!sv->has_sent) rd_fail(c, "回收率目标需要 sent（发放记录的输入）");
    sv->has_return_target = true;
  }
  rd_pop_value(c);
  if (!c->status && sv->has_return_target) rd_number(c, v, "return_target", true, 0, 1, 0, &sv->return_target);
  return c->status;
}

hf_status policy_read_satisfaction(load_ctx *lc, int t) {
  if (read_scales(lc, t) != HF_OK) return lc->rd.status;
  return policy_read_list(lc, t, "satisfaction", sizeof(hf_satisfaction_spec), (void **)&lc->p->surveys,
                          &lc->p->nsurveys, read_survey);
}
