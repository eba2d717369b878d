/*
** policy.c — runs the rule file in the sandbox and validates the table it
** returns into the hf_policy structs of policy.h. Every error names the rule
** file and the key path; tables are always read in sorted or declared order,
** never in pairs() order (which changes from run to run).
**
** THE RULE API (docs/rules.md is written from this block)
**
** The file returns huifang.policy { ... }. `huifang.policy(t)` returns t after
** checking it is a table; `huifang.version` is the host's version string.
** Top-level keys: name (string, required), report, inputs (required),
** scorecard, groups, coverage. Any other key, at any level, is an error that
** lists the allowed keys.
**
** report = { title = string (default: name), company = string (default ""),
**            unqualified_limit = integer >= 0 (default 200; 0 = all),
**            font = string (optional), font_index = integer >= 0 (default 0) }
**
** inputs = { <input> = { file = string (default "<input>.csv"),
**              encoding = "auto" | "utf-8" | "gb18030" (default "auto"),
**              on_error = "fail" | "skip" (default "fail"),
**              optional = boolean (default false: the file may be absent when not given by --input),
**              fields = { <field> = "<header>"
**                       | { "<header>", type = "string" | "int" | "number" | "date" | "time" | "enum" | "datetime",
**                           format = string (type "date" only),
**                           values = { string, ... } (type "enum" only, required there),
**                           optional = boolean (default false) } } } }
**   (required, non-empty). Inputs and their fields are stored sorted by name
**   (byte order); two fields of one input may not share a header. The
**   scorecard's items are then appended to its input as score fields
**   (name = header = the item).
**
** scorecard = {
**   input = <input> (required),
**   date = <field of type date> (optional),
**   values = { pass = s | { s, ... }, fail = s | { s, ... }, na = s | { s, ... } }
**     (pass and fail required, na optional; one spelling in two places is an error),
**   items = { { "<item>", group = string (default ""), fatal = boolean (default false),
**               weight = number >= 0 (default 1) }, ... }
**     (non-empty; names unique and different from the input's field names and headers),
**   qualified = { max_fatal = int >= 0 (0), max_nonfatal = int >= 0 (2) } | function(r) -> boolean,
**   excellent = { max_fails = int >= 0 (0) } | function(r) -> boolean (r.qualified is set),
**   levels = { excellent = "优秀", qualified = "中等", unqualified = "差" },
**   weight = number >= 0 (default 1),
**   list = { fields = { <field>, ... }, note = <field> } }
**   The scorecard input's field and item names may not be one of r's own keys:
**   fatal_fails nonfatal_fails fails passes na qualified line item.
**
** groups = { { "<id>", title = string (default id), by = { <field>, ... } (non-empty),
**              carry = { <field>, ... } }, ... }
**   ids match [a-z_][a-z0-9_]*, are unique and not by_item, daily_coverage or
**   unqualified; fields are the scorecard input's declared fields. Needs a scorecard.
**
** coverage = { input = <input> (not the scorecard's), date = <its date field>,
**              count = <its int field>, ratio = number in [0,1] } (all required;
**   needs scorecard.date).
**
** Messages: "callcenter.lua: scorecard.items[4].fatal: 应为 boolean，实际为 string
** （约第 78 行）"; the line is a hint found in the source text. Syntax and
** runtime errors: "callcenter.lua:12: message" and a traceback.
*/
#include "policy/policy.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "common/path.h"
#include "common/sha256.h"
#include "policy/hook_impl.h"
#include "policy/policy_load.h"
#include "policy/sandbox.h"

/* ------------------------------------------------------------ inputs */

/* inputs.<name>.fields.<fname> at index v. */
static hf_status read_field(load_ctx *lc, int v, const char *fname, hf_field_spec *f) {
  static const char *const keys[] = {"format", "optional", "type", "values", NULL};
  static const char *const types[] = {"string", "int", "number", "date", "time", "enum", "datetime", NULL};
  static const hf_field_type type_of[] = {HF_T_STRING, HF_T_INT,  HF_T_NUMBER,  HF_T_DATE,
                                          HF_T_TIME,   HF_T_ENUM, HF_T_DATETIME}; /* types[k]'s type */
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  f->name = hf_xstrdup(fname);
  if (lua_type(L, v) == LUA_TSTRING) {
    if (lua_rawlen(L, v) == 0) return rd_fail(c, "列名不能为空");
    f->header = hf_xstrdup(lua_tostring(L, v));
    f->type = HF_T_STRING;
    return HF_OK;
  }
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "string（列名）或 table");
  if (rd_check_keys(c, v, keys, 1) != HF_OK) return c->status;
  rd_enter_index(c, 1, NULL);
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING) rd_fail_type(c, -1, "string（列名）");  /* header */
  else if (lua_rawlen(L, -1) == 0) rd_fail(c, "列名不能为空");
  else f->header = hf_xstrdup(lua_tostring(L, -1));
  lua_pop(L, 1);  /* header */
  rd_leave(c);
  int type = HF_T_STRING;
  if (rd_choice(c, v, "type", types, HF_T_STRING, &type) != HF_OK) return c->status;
  f->type = type_of[type];
  if (rd_bool(c, v, "optional", false, &f->optional) != HF_OK) return c->status;
  if (rd_get(c, v, "format") != LUA_TNIL) {
    if (f->type != HF_T_DATE && f->type != HF_T_DATETIME)
      rd_fail(c, "只有 type = \"date\" 或 \"datetime\" 的字段可以有 format");
    else if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) rd_fail_type(c, -1, "非空 string（如 \"%d.%m.%Y\"）");
    else f->date_format = hf_xstrdup(lua_tostring(L, -1));
  }
  rd_pop_value(c);
  int vt = rd_get(c, v, "values");
  if (vt != LUA_TNIL && f->type != HF_T_ENUM) rd_fail(c, "只有 type = \"enum\" 的字段可以有 values");
  else if (vt == LUA_TNIL && f->type == HF_T_ENUM) rd_fail(c, "type = \"enum\" 的字段必须列出 values");
  else if (vt != LUA_TNIL && rd_strlist(c, -1, false, &f->enum_values) == HF_OK) {
    for (size_t a = 0; a < f->enum_values.n && !c->status; a++)
      for (size_t b = 0; b < a; b++)
        if (strcmp(f->enum_values.v[a], f->enum_values.v[b]) == 0) {
          rd_fail(c, "值「%s」重复", f->enum_values.v[a]);
          break;
        }
  }
  rd_pop_value(c);
  return c->status;
}

/* inputs.<name> at index v. */
static hf_status read_input(load_ctx *lc, int v, const char *name, hf_input_spec *in, size_t *ndeclared) {
  static const char *const keys[] = {"encoding", "fields", "file", "on_error", "optional", NULL};
  static const char *const encodings[] = {"auto", "utf-8", "gb18030", NULL};
  static const char *const on_errors[] = {"fail", "skip", NULL};
  rd_ctx *c = &lc->rd;
  lua_State *L = c->L;
  in->name = hf_xstrdup(name);
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "table");
  if (rd_check_keys(c, v, keys, 0) != HF_OK) return c->status;
  hf_buf def;
  buf_init(&def);
  buf_printf(&def, "%s.csv", name);
  rd_string(c, v, "file", false, def.data, &in->file);
  buf_free(&def);
  int enc = HF_ENC_AUTO, onerr = HF_ON_ERROR_FAIL;
  if (rd_choice(c, v, "encoding", encodings, HF_ENC_AUTO, &enc) != HF_OK) return c->status;
  if (rd_choice(c, v, "on_error", on_errors, HF_ON_ERROR_FAIL, &onerr) != HF_OK) return c->status;
  in->encoding = (hf_encoding)enc;
  in->on_error = (hf_on_error)onerr;
  if (rd_bool(c, v, "optional", false, &in->optional) != HF_OK) return c->status;

  int ft = rd_get(c, v, "fields");
  if (ft == LUA_TNIL) rd_fail(c, "缺少必需的键（每个输入都要声明 fields）");
  else if (ft != LUA_TTABLE) rd_fail_type(c, -1, "table");
  int fields = lua_gettop(L);
  size_t n = 0;
  const char **names = c->status ? NULL : rd_sorted_keys(c, fields, &n);
  if (!c->status && n == 0) rd_fail(c, "至少要声明一个字段");
  if (!c->status) {
    in->fields = hf_xcalloc(n, sizeof *in->fields);
    for (size_t k = 0; k < n && !c->status; k++) {
      in->nfields = *ndeclared = k + 1;
      if (names[k][0] == '\0') rd_fail(c, "字段名不能为空");
      rd_get(c, fields, names[k]);  /* the field's spec */
      if (!c->status) read_field(lc, -1, names[k], &in->fields[k]);
      for (size_t j = 0; j < k && !c->status; j++)
        if (strcmp(in->fields[j].header, in->fields[k].header) == 0)
          rd_fail(c, "列名「%s」与字段 %s 的列名重复", in->fields[k].header, in->fields[j].name);
      rd_pop_value(c);
    }
  }
  rd_pop_value(c);  /* fields */
  return c->status;
}

static hf_status read_inputs(load_ctx *lc, int t) {
  rd_ctx *c = &lc->rd;
  hf_policy *p = lc->p;
  int type = rd_get(c, t, "inputs");
  if (type == LUA_TNIL) rd_fail(c, "缺少必需的键（至少声明一个输入）");
  else if (type != LUA_TTABLE) rd_fail_type(c, -1, "table");
  int v = lua_gettop(c->L);
  size_t n = 0;
  const char **names = c->status ? NULL : rd_sorted_keys(c, v, &n);
  if (!c->status && n == 0) rd_fail(c, "至少要声明一个输入");
  if (!c->status) {
    p->inputs = hf_xcalloc(n, sizeof *p->inputs);
    lc->ndeclared = hf_xcalloc(n, sizeof *lc->ndeclared);
    for (size_t i = 0; i < n && !c->status; i++) {
      p->ninputs = i + 1;
      rd_get(c, v, names[i]);
      if (names[i][0] == '\0' || strchr(names[i], '=')) rd_fail(c, "输入名不能为空，也不能含有「=」");
      else read_input(lc, -1, names[i], &p->inputs[i], &lc->ndeclared[i]);
      rd_pop_value(c);
    }
  }
  rd_pop_value(c);  /* inputs */
  return c->status;
}

/* --------------------------------------------------------------- load */

/* Protected: (ud = load_ctx, the script's return value). */
static int validate(lua_State *L) {
  load_ctx *lc = lua_touserdata(L, 1);
  rd_ctx *c = &lc->rd;
  static const char *const keys[] = {"calendar", "coverage",     "deadlines", "groups",  "inputs",
                                     "name",     "report",       "sampling",  "satisfaction", "scales",
                                     "schedules", "scorecard",   "seed",      "tables",  "targets", NULL};
  luaL_checkstack(L, 24, "policy validation");
  if (!lua_istable(L, 2)) {
    rd_fail(c, "规则文件应返回 huifang.policy { ... }，实际返回 %s", luaL_typename(L, 2));
    return 0;
  }
  if (rd_check_keys(c, 2, keys, 0) || rd_string(c, 2, "name", true, NULL, &lc->p->name)) return 0;
  if (read_inputs(lc, 2) || policy_read_report(lc, 2) || policy_read_scorecard(lc, 2) || policy_read_groups(lc, 2) ||
      policy_read_coverage(lc, 2) || rd_string(c, 2, "seed", false, NULL, &lc->p->seed) ||
      policy_read_tables(lc, 2) || policy_read_sampling(lc, 2) || policy_read_schedules(lc, 2) ||
      policy_read_calendar(lc, 2) || policy_read_deadlines(lc, 2) || policy_read_satisfaction(lc, 2) ||
      policy_read_targets(lc, 2))
    return 0;
  /* Any section may hold hooks (where = function(r) ...): the record view serves them all. */
  hookview_setup(L, lc->p);
  return 0;
}

void limits_default(hf_limits *lim) {
  lim->max_memory = (size_t)256 << 20;
  lim->max_instructions = 100000000;
  lim->time_limit = 10;
}

hf_policy *policy_load(const char *rule_file, const hf_limits *limits, hf_error *err) {
  hf_limits lim;
  if (limits) lim = *limits;
  else limits_default(&lim);
  hf_policy *p = hf_xcalloc(1, sizeof *p);
  load_ctx lc = {.p = p};
  p->rule_file = hf_xstrdup(rule_file);
  p->rules_dir = path_dir(rule_file);
  const char *slash = strrchr(rule_file, '/');
  const char *display = slash ? slash + 1 : rule_file;
  size_t len = 0;
  char *src = sandbox_slurp(rule_file, &len);
  hf_status st = HF_OK;
  if (!src) {
    st = hf_fail(err, HF_ERR_DATA, "无法读取规则文件 %s：%s", rule_file, strerror(errno));
    goto out;
  }
  if (!sha256_hex(src, len, p->sha256)) {
    st = hf_fail(err, HF_ERR_IO, "%s：无法计算 SHA-256", rule_file);
    goto out;
  }
  if (!(p->sandbox = sandbox_new(display, p->rules_dir, &lim, err))) {
    st = err ? err->status : HF_ERR_DATA;
    goto out;
  }
  lua_State *L = sandbox_state(p->sandbox);
  if ((st = sandbox_load(p->sandbox, src, len, err)) != HF_OK) goto out;     /* chunk */
  if ((st = sandbox_pcall(p->sandbox, 0, 1, NULL, err)) != HF_OK) goto out;  /* the policy table */
  rd_init(&lc.rd, L, display, src, len, err);
  st = sandbox_cpcall(p->sandbox, validate, &lc, 1, err);
  if (st == HF_OK) st = lc.rd.status;
  rd_done(&lc.rd);
  if (st == HF_OK) st = policy_load_report_files(p, err);   /* brand file, templates */
out:
  free(lc.ndeclared);
  free(src);
  if (st != HF_OK) {
    policy_free(p);
    return NULL;
  }
  return p;
}

/* ---------------------------------------------------------------- free */

static void strlist_free(hf_strlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
}

void policy_free(hf_policy *p) {
  if (!p) return;
  for (size_t i = 0; i < p->ninputs; i++) {
    hf_input_spec *in = &p->inputs[i];
    for (size_t k = 0; k < in->nfields; k++) {
      free(in->fields[k].name);
      free(in->fields[k].header);
      free(in->fields[k].date_format);
      strlist_free(&in->fields[k].enum_values);
    }
    free(in->fields);
    free(in->name);
    free(in->file);
  }
  free(p->inputs);
  hf_scorecard_spec *sc = &p->scorecard;
  strlist_free(&sc->values.pass);
  strlist_free(&sc->values.fail);
  strlist_free(&sc->values.na);
  for (size_t k = 0; k < sc->nitems; k++) {
    free(sc->items[k].name);
    free(sc->items[k].group);
  }
  free(sc->items);
  hook_free(sc->qualified_hook);
  hook_free(sc->excellent_hook);
  free(sc->level_excellent);
  free(sc->level_qualified);
  free(sc->level_unqualified);
  free(sc->list_fields);
  for (size_t g = 0; g < p->ngroups; g++) {
    free(p->groups[g].id);
    free(p->groups[g].title);
    free(p->groups[g].by);
    free(p->groups[g].carry);
  }
  free(p->groups);
  policy_report_free(&p->report);
  policy_blocks_free(p);
  free(p->seed);
  free(p->name);
  free(p->rule_file);
  free(p->rules_dir);
  sandbox_free(p->sandbox);
  free(p);
}

int policy_find_input(const hf_policy *p, const char *name) {
  for (size_t i = 0; i < p->ninputs; i++)
    if (strcmp(p->inputs[i].name, name) == 0) return (int)i;
  return -1;
}
