/*
** policy_report.c — the rule's `report` section, its brand and charts, and
** the templates it names (the template files (templates/NAME.lua)), into the C structs of layout.h.
**
**   report = { title = s (default: name), company = s (default ""),
**              unqualified_limit = int >= 0 (200), font = s, font_index = int >= 0,
**              template = "monthly" | "<file>.lua" (default "monthly"),
**              summary_template = "summary" | "<file>.lua" (default "summary"),
**              template_options = { ... } (handed to a template that is a function),
**              brand = { ... } | "<brand file>.lua",
**              charts = { { "<id>", kind = "bars"|"stacked"|"lines"|"donut"|"trend",
**                           title = s, table = <results table id>, label = <column>,
**                           value = <column> | series = { <column>, ... } | kpis = { <kpi id>, ... },
**                           target = number | target_kpi = <kpi id>, limit = int >= 1,
**                           order = "desc" | "asc" }, ... } }
**   brand = { company = s, logo = "<png or jpeg>", header = s, footer = s, watermark = s,
**             colours = { primary = "#RRGGBB", accent =, good =, bad =, palette = { "#RRGGBB", ... } } }
**   A template file returns a layout table, or a function(options) returning one:
**   { name = s, orientation = "portrait"|"landscape", cover = bool, header = s | false,
**     footer = { left = s, right = s }, max_pages = int >= 0,
**     sections = { { "kpis" } | { "charts" } | { "chart", id = s } | { "tables" }
**                 | { "table", id = s, title = s, landscape = bool, limit = int >= 0 (rows) }
**                 | { "tables", limit = rows per table } | { "charts", limit = how many }
**                 | { "text", text = s, title = s } | { "inputs" } | { "warnings" }
**                 | { "toc" } | { "page_break" }, ... } }
** Lookup of a template name: <rule folder>/templates/<name>.lua, then
** <rule folder>/../templates/<name>.lua, then the source tree's templates/.
** A path (containing '/' or ending in .lua) is relative to the rule file's folder.
** Templates and brand files run in the rule's sandbox (same limits).
** Tables, columns and KPIs a chart names exist only after the run: the
** renderer checks them and names the chart when one is missing.
*/
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "common/buf.h"
#include "common/path.h"
#include "common/sha256.h"
#include "policy/policy_load.h"
#include "policy/sandbox.h"

#ifndef HUIFANG_SOURCE_DIR
#define HUIFANG_SOURCE_DIR "."
#endif

/* ------------------------------------------------------------ colours */

static bool parse_colour(const char *s, uint32_t *out) {
  if (!s || s[0] != '#' || strlen(s) != 7) return false;
  uint32_t v = 0;
  for (int i = 1; i < 7; i++) {
    char ch = s[i];
    int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
          : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
    if (d < 0) return false;
    v = v << 4 | (uint32_t)d;
  }
  *out = v;
  return true;
}

static hf_status read_colour(rd_ctx *c, int t, const char *key, uint32_t *out) {
  int type = rd_get(c, t, key);
  if (type == LUA_TSTRING) {
    if (!parse_colour(lua_tostring(c->L, -1), out))
      rd_fail(c, "颜色应写成 \"#RRGGBB\"（如 \"#B22222\"），实际为 \"%.40s\"", lua_tostring(c->L, -1));
  } else if (type != LUA_TNIL) {
    rd_fail_type(c, -1, "string（\"#RRGGBB\"）");
  }
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------- brand */

/* t[key]: a file path relative to base_dir, which must be readable; *out
** holds the joined path (NULL when the key is absent). */
static void read_file_path(rd_ctx *c, int t, const char *key, const char *base_dir, const char *what, char **out) {
  char *rel = NULL;
  rd_string(c, t, key, false, NULL, &rel);
  if (!rel) return;
  *out = path_join(base_dir, rel);
  free(rel);
  if (!c->status && access(*out, R_OK) != 0) {
    rd_enter_key(c, key);
    rd_fail(c, "找不到%s %s：%s", what, *out, strerror(errno));
    rd_leave(c);
  }
}

/* t.font_index: the face inside a .ttc (report.font's and a brand's). */
static void read_font_index(rd_ctx *c, int t, int *out) {
  long long face = 0;
  rd_int(c, t, "font_index", 0, 0, &face);
  *out = face > INT_MAX ? 0 : (int)face;
  if (!c->status && face > INT_MAX) {
    rd_enter_key(c, "font_index");
    rd_fail(c, "字体序号 %lld 过大", face);
    rd_leave(c);
  }
}

/* Reads the brand table at t; relative paths are against base_dir. */
static hf_status read_brand_table(rd_ctx *c, int t, const char *base_dir, hf_brand *b) {
  static const char *const keys[] = {"colours", "company", "font", "font_index", "footer", "header", "logo", "watermark",
                                     NULL};
  static const char *const ckeys[] = {"accent", "bad", "good", "palette", "primary", NULL};
  if (rd_check_keys(c, t, keys, 0)) return c->status;
  rd_string(c, t, "company", false, NULL, &b->company);
  rd_string(c, t, "header", false, NULL, &b->header);
  rd_string(c, t, "footer", false, NULL, &b->footer);
  rd_string(c, t, "watermark", false, NULL, &b->watermark);
  read_file_path(c, t, "logo", base_dir, "标志图片", &b->logo);
  read_file_path(c, t, "font", base_dir, "字体文件", &b->font);
  read_font_index(c, t, &b->font_index);
  if (c->status) return c->status;
  int type = rd_get(c, t, "colours");
  int v = lua_gettop(c->L);
  if (type == LUA_TTABLE) {
    if (rd_check_keys(c, v, ckeys, 0) == HF_OK && read_colour(c, v, "primary", &b->primary) == HF_OK &&
        read_colour(c, v, "accent", &b->accent) == HF_OK && read_colour(c, v, "good", &b->good) == HF_OK &&
        read_colour(c, v, "bad", &b->bad) == HF_OK) {
      int pt = rd_get(c, v, "palette");
      if (pt != LUA_TNIL) {
        hf_strlist l = {0};
        if (rd_strlist(c, -1, false, &l) == HF_OK) {
          if (l.n > sizeof b->palette / sizeof b->palette[0]) rd_fail(c, "最多 8 种颜色（实际 %zu 种）", l.n);
          for (size_t i = 0; i < l.n && !c->status; i++) {
            rd_enter_index(c, (long)i + 1, NULL);
            if (!parse_colour(l.v[i], &b->palette[i])) rd_fail(c, "颜色应写成 \"#RRGGBB\"，实际为 \"%.40s\"", l.v[i]);
            rd_leave(c);
          }
          if (!c->status) b->npalette = l.n;
        }
        for (size_t i = 0; i < l.n; i++) free(l.v[i]);
        free(l.v);
      }
      rd_pop_value(c);
    }
  } else if (type != LUA_TNIL) {
    rd_fail_type(c, v, "table");
  }
  rd_pop_value(c);
  return c->status;
}

/* ------------------------------------------------------------- charts */

/* where = { column = "text", ... }: the rows the chart draws (columns are
** checked against the table at render time, like label and series). */
static void read_chart_where(rd_ctx *c, int v, hf_chart_spec *ch) {
  int type = rd_get(c, v, "where");
  int w = lua_gettop(c->L);
  if (type != LUA_TNIL && type != LUA_TTABLE) rd_fail_type(c, w, "table（列 = \"文字\"）");
  size_t n = 0;
  const char **names = type == LUA_TTABLE && !c->status ? rd_sorted_keys(c, w, &n) : NULL;
  if (names && !c->status && n == 0) rd_fail(c, "where 不能为空表");
  if (names && !c->status) {
    ch->where_cols = hf_xcalloc(n, sizeof *ch->where_cols);
    ch->where_vals = hf_xcalloc(n, sizeof *ch->where_vals);
    for (size_t i = 0; i < n && !c->status; i++) {
      if (rd_string(c, w, names[i], true, NULL, &ch->where_vals[i])) break;
      ch->where_cols[i] = hf_xstrdup(names[i]);
      ch->nwhere = i + 1;
    }
  }
  rd_pop_value(c);
}

static hf_status read_chart(load_ctx *lc, int v, void *elem) {
  static const char *const keys[] = {"kind", "kpis",   "label",  "limit", "order", "series",
                                     "table", "target", "target_kpi", "title", "value", "where", NULL};
  static const char *const kinds[] = {"bars", "stacked", "lines", "donut", "trend", NULL};
  static const char *const orders[] = {"desc", "asc", NULL};
  rd_ctx *c = &lc->rd;
  hf_chart_spec *ch = elem;
  if (rd_check_keys(c, v, keys, 1) || policy_read_id(lc, v, &ch->id)) return c->status;
  hf_chart_list *all = &lc->p->report.charts;
  for (size_t i = 0; &all->v[i] != ch; i++)
    if (strcmp(all->v[i].id, ch->id) == 0) return rd_fail(c, "图表 id「%s」重复", ch->id);
  int kind = -1, order = 0;
  if (rd_choice(c, v, "kind", kinds, -1, &kind) || kind < 0) {
    if (!c->status) {
      rd_enter_key(c, "kind");
      rd_fail(c, "必须写明图表类型：bars、stacked、lines、donut 或 trend");
      rd_leave(c);
    }
    return c->status;
  }
  ch->kind = (hf_chart_kind)kind;
  rd_string(c, v, "title", false, ch->id, &ch->title);
  rd_choice(c, v, "order", orders, 0, &order);
  ch->ascending = order == 1;
  long long limit = 0;
  rd_int(c, v, "limit", 0, 0, &limit);
  ch->limit = (size_t)limit;
  if (c->status) return c->status;

  /* What it draws: a table's columns, or KPIs month over month. */
  hf_strlist cols = {0};
  bool trend = ch->kind == HF_CHART_TREND;
  const char *const want_value = ch->kind == HF_CHART_BARS || ch->kind == HF_CHART_DONUT ? "value" : NULL;
  if (trend) {
    static const char *const not_trend[] = {"table", "label", "value", "series", "target", "target_kpi", "where", NULL};
    for (int i = 0; not_trend[i]; i++) {
      if (rd_get(c, v, not_trend[i]) != LUA_TNIL) rd_fail(c, "trend 图表只用 kpis（各月的指标），不用 %s", not_trend[i]);
      rd_pop_value(c);
      if (c->status) return c->status;
    }
    if (rd_get(c, v, "kpis") == LUA_TNIL) rd_fail(c, "trend 图表要写 kpis = { \"指标 id\", ... }");
    else rd_strlist(c, -1, true, &cols);
    rd_pop_value(c);
  } else {
    if (rd_get(c, v, "kpis") != LUA_TNIL) rd_fail(c, "只有 trend 图表用 kpis");
    rd_pop_value(c);
    rd_string(c, v, "table", true, NULL, &ch->table);
    rd_string(c, v, "label", true, NULL, &ch->label);
    if (c->status) return c->status;
    int tv = rd_get(c, v, "value"), ts;
    rd_pop_value(c);
    ts = rd_get(c, v, "series");
    rd_pop_value(c);
    if (want_value) {
      if (ts != LUA_TNIL) rd_fail(c, "%s 图表用 value = \"列\"（只画一列），不用 series", kinds[kind]);
      else if (tv == LUA_TNIL) rd_fail(c, "%s 图表要写 value = \"列\"", kinds[kind]);
      else {
        rd_get(c, v, "value");
        rd_strlist(c, -1, true, &cols);
        rd_pop_value(c);
      }
    } else {
      if (tv != LUA_TNIL && ts != LUA_TNIL) rd_fail(c, "value 与 series 只能写一个");
      else if (tv == LUA_TNIL && ts == LUA_TNIL) rd_fail(c, "%s 图表要写 series = { \"列\", ... }", kinds[kind]);
      else {
        rd_get(c, v, tv != LUA_TNIL ? "value" : "series");
        rd_strlist(c, -1, true, &cols);
        rd_pop_value(c);
      }
    }
    if (!c->status && cols.n > 8) rd_fail(c, "一个图表最多 8 个系列（实际 %zu 个）", cols.n);
  }
  ch->series = cols.v;
  ch->nseries = cols.n;
  if (c->status || trend) return c->status;
  int tt = rd_get(c, v, "target");
  rd_pop_value(c);
  if (tt != LUA_TNIL) {
    if (rd_number(c, v, "target", false, -1e15, 1e15, 0, &ch->target) == HF_OK) ch->has_target = true;
  }
  rd_string(c, v, "target_kpi", false, NULL, &ch->target_kpi);
  if (!c->status) read_chart_where(c, v, ch);
  if (!c->status && ch->has_target && ch->target_kpi) rd_fail(c, "target 与 target_kpi 只能写一个");
  if (!c->status && (ch->has_target || ch->target_kpi) && ch->kind == HF_CHART_DONUT)
    rd_fail(c, "donut 图表没有目标线");
  return c->status;
}

/* ------------------------------------------------------------- report */

hf_status policy_read_report(load_ctx *lc, int t) {
  static const char *const keys[] = {"brand",    "charts", "company", "font", "font_index", "summary_template",
                                     "template", "template_options", "title", "unqualified_limit", NULL};
  rd_ctx *c = &lc->rd;
  hf_policy *p = lc->p;
  hf_report_spec *r = &p->report;
  r->options_ref = LUA_NOREF;
  brand_default(&r->brand);
  int type = rd_get(c, t, "report");
  int v = lua_gettop(c->L);
  long long limit = 200;
  if (type == LUA_TNIL) {
    r->title = hf_xstrdup(p->name);
    r->company = hf_xstrdup("");
  } else if (type != LUA_TTABLE) {
    rd_fail_type(c, v, "table");
  } else if (rd_check_keys(c, v, keys, 0) == HF_OK) {
    rd_string(c, v, "title", false, p->name, &r->title);
    rd_string(c, v, "company", false, "", &r->company);
    rd_string(c, v, "font", false, NULL, &r->font);
    rd_int(c, v, "unqualified_limit", 0, 200, &limit);
    read_font_index(c, v, &r->font_index);
    rd_string(c, v, "template", false, NULL, &r->template_name);
    rd_string(c, v, "summary_template", false, NULL, &r->summary_template);
    int ot = rd_get(c, v, "template_options");
    if (ot == LUA_TTABLE) r->options_ref = luaL_ref(c->L, LUA_REGISTRYINDEX);   /* pops it */
    else {
      if (ot != LUA_TNIL) rd_fail_type(c, -1, "table");
      lua_pop(c->L, 1);
    }
    rd_leave(c);
    int bt = rd_get(c, v, "brand");
    if (bt == LUA_TTABLE) read_brand_table(c, lua_gettop(c->L), p->rules_dir, &r->brand);
    else if (bt == LUA_TSTRING) r->brand_file = hf_xstrdup(lua_tostring(c->L, -1));
    else if (bt != LUA_TNIL) rd_fail_type(c, -1, "table 或品牌文件名（string）");
    rd_pop_value(c);
    if (!c->status)
      policy_read_list(lc, v, "charts", sizeof(hf_chart_spec), (void **)&r->charts.v, &r->charts.n, read_chart);
  }
  r->unqualified_limit = (size_t)limit;
  if (!r->template_name) r->template_name = hf_xstrdup("monthly");
  if (!r->summary_template) r->summary_template = hf_xstrdup("summary");
  rd_pop_value(c);
  return c->status;
}

/* ----------------------------------------------------- template files */

static bool is_file(const char *path) { return access(path, R_OK) == 0; }

static bool is_path(const char *name) {
  size_t n = strlen(name);
  return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".lua") == 0);
}

/* The template's file, or NULL with err listing where it looked. */
static char *find_template(const hf_policy *p, const char *key, const char *name, hf_error *err) {
  if (is_path(name)) {
    char *path = path_join(p->rules_dir, name);
    if (is_file(path)) return path;
    hf_fail(err, HF_ERR_DATA, "%s: report.%s: 找不到模板文件 %s：%s", p->rule_file, key, path, strerror(errno));
    free(path);
    return NULL;
  }
  for (const char *s = name; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-')) {
      hf_fail(err, HF_ERR_DATA, "%s: report.%s: 模板名「%s」只能含小写字母、数字、_ 和 -（或写成 .lua 文件路径）",
              p->rule_file, key, name);
      return NULL;
    }
  const char *dirs[] = {p->rules_dir, NULL, HUIFANG_SOURCE_DIR};
  char *up = path_join(p->rules_dir, "..");
  dirs[1] = up;
  hf_buf tried;
  buf_init(&tried);
  char *found = NULL;
  for (size_t i = 0; i < 3 && !found; i++) {
    hf_buf b;
    buf_init(&b);
    buf_printf(&b, "%s/templates/%s.lua", dirs[i], name);
    if (is_file(b.data)) found = buf_steal(&b);
    else buf_printf(&tried, "%s%s", tried.len ? "、" : "", b.data);
    buf_free(&b);
  }
  if (!found)
    hf_fail(err, HF_ERR_DATA, "%s: report.%s: 找不到模板「%s」（找过：%s）", p->rule_file, key, name, tried.data);
  buf_free(&tried);
  free(up);
  return found;
}

/* Protected: (ud = rd_ctx + out, the template's value). */
typedef struct layout_job {
  load_ctx lc;
  hf_layout *out;
  hf_brand *brand;
  const char *base_dir;
} layout_job;

static hf_section_kind section_kind(const char *s, bool *ok) {
  static const struct { const char *name; hf_section_kind kind; } names[] = {
      {"kpis", HF_SEC_KPIS},     {"charts", HF_SEC_CHARTS},   {"chart", HF_SEC_CHART},
      {"tables", HF_SEC_TABLES}, {"table", HF_SEC_TABLE},     {"text", HF_SEC_TEXT},
      {"inputs", HF_SEC_INPUTS}, {"warnings", HF_SEC_WARNINGS}, {"toc", HF_SEC_TOC},
      {"page_break", HF_SEC_PAGE_BREAK}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i].name) == 0) return *ok = true, names[i].kind;
  *ok = false;
  return HF_SEC_KPIS;
}

static hf_status read_section(rd_ctx *c, int v, hf_section *s) {
  static const char *const keys[] = {"columns", "id", "landscape", "limit", "text", "title", NULL};
  lua_State *L = c->L;
  if (!lua_istable(L, v)) return rd_fail_type(c, v, "table（如 { \"kpis\" }）");
  if (rd_check_keys(c, v, keys, 1)) return c->status;
  rd_enter_index(c, 1, NULL);
  bool ok = false;
  if (lua_rawgeti(L, v, 1) != LUA_TSTRING) rd_fail(c, "第一个值应为节的类型：kpis、charts、chart、tables、table、text、inputs、warnings、toc、page_break");
  else {
    s->kind = section_kind(lua_tostring(L, -1), &ok);
    if (!ok)
      rd_fail(c, "未知的节「%s」（可用：kpis、charts、chart、tables、table、text、inputs、warnings、toc、page_break）",
              lua_tostring(L, -1));
  }
  lua_pop(L, 1);
  rd_leave(c);
  if (c->status) return c->status;
  bool wants_id = s->kind == HF_SEC_CHART || s->kind == HF_SEC_TABLE;
  rd_string(c, v, "id", wants_id, NULL, &s->id);
  rd_string(c, v, "title", false, NULL, &s->title);
  rd_string(c, v, "text", s->kind == HF_SEC_TEXT, NULL, &s->text);
  rd_bool(c, v, "landscape", false, &s->landscape);
  long long limit = 0;
  rd_int(c, v, "limit", 0, 0, &limit);
  s->limit = (size_t)limit;
  if (rd_get(c, v, "columns") != LUA_TNIL) {
    hf_strlist cols = {0};
    if (s->kind != HF_SEC_TABLE) rd_fail(c, "只有 table 节用 columns（要打印的列）");
    else if (rd_strlist(c, -1, false, &cols) == HF_OK && cols.n == 0) rd_fail(c, "不能为空");
    s->columns = cols.v;
    s->ncolumns = cols.n;
  }
  rd_pop_value(c);
  if (c->status) return c->status;
  if (!wants_id && s->id) return rd_fail(c, "只有 chart 和 table 节用 id");
  if (s->kind != HF_SEC_TEXT && s->text) return rd_fail(c, "只有 text 节用 text");
  if (s->kind != HF_SEC_TABLE && s->landscape) return rd_fail(c, "只有 table 节用 landscape");
  if (s->limit && s->kind != HF_SEC_TABLE && s->kind != HF_SEC_TABLES && s->kind != HF_SEC_CHARTS)
    return rd_fail(c, "只有 table、tables（每表最多行数）和 charts（最多图表数）节用 limit");
  return HF_OK;
}

static int validate_layout(lua_State *L) {
  layout_job *job = lua_touserdata(L, 1);
  rd_ctx *c = &job->lc.rd;
  hf_layout *l = job->out;
  static const char *const keys[] = {"cover", "footer", "header", "max_pages", "name", "orientation", "sections", NULL};
  static const char *const orient[] = {"portrait", "landscape", NULL};
  luaL_checkstack(L, 16, "template validation");
  if (!lua_istable(L, 2)) {
    rd_fail(c, "模板应返回布局表 { sections = { ... } }，或返回这样一个表的函数；实际返回 %s", luaL_typename(L, 2));
    return 0;
  }
  if (rd_check_keys(c, 2, keys, 0)) return 0;
  int o = 0;
  long long maxp = 0;
  rd_string(c, 2, "name", false, "模板", &l->name);
  rd_choice(c, 2, "orientation", orient, 0, &o);
  l->landscape = o == 1;
  rd_bool(c, 2, "cover", true, &l->cover);
  rd_int(c, 2, "max_pages", 0, 0, &maxp);
  l->max_pages = (size_t)maxp;
  int ht = rd_get(c, 2, "header");
  if (ht == LUA_TSTRING) l->header = hf_xstrdup(lua_tostring(L, -1));
  else if (ht != LUA_TNIL && !(ht == LUA_TBOOLEAN && !lua_toboolean(L, -1))) rd_fail_type(c, -1, "string 或 false");
  rd_pop_value(c);
  int ft = rd_get(c, 2, "footer");
  int fv = lua_gettop(L);
  if (ft == LUA_TTABLE) {
    static const char *const fkeys[] = {"left", "right", NULL};
    if (rd_check_keys(c, fv, fkeys, 0) == HF_OK) {
      rd_string(c, fv, "left", false, "", &l->footer_left);
      rd_string(c, fv, "right", false, "", &l->footer_right);
    }
  } else if (ft != LUA_TNIL) {
    rd_fail_type(c, fv, "table（{ left = ..., right = ... }）");
  }
  rd_pop_value(c);
  if (c->status) return 0;
  if (!l->footer_left) l->footer_left = hf_xstrdup("{policy} · 规则 {hash}");
  if (!l->footer_right) l->footer_right = hf_xstrdup("huifang {version}");
  int st = rd_get(c, 2, "sections");
  int sv = lua_gettop(L);
  size_t n = 0;
  if (st != LUA_TTABLE) rd_fail(c, "模板要写 sections = { { \"kpis\" }, { \"tables\" }, ... }");
  else if (rd_sequence(c, sv, &n) == HF_OK && n == 0) rd_fail(c, "不能为空");
  else if (!c->status) {
    l->sections = hf_xcalloc(n, sizeof *l->sections);
    for (size_t i = 0; i < n && !c->status; i++) {
      rd_enter_index(c, (long)i + 1, NULL);
      lua_rawgeti(L, sv, (lua_Integer)i + 1);
      l->nsections = i + 1;
      read_section(c, lua_gettop(L), &l->sections[i]);
      lua_pop(L, 1);
      rd_leave(c);
    }
  }
  rd_pop_value(c);
  return 0;
}

static int validate_brand(lua_State *L) {
  layout_job *job = lua_touserdata(L, 1);
  rd_ctx *c = &job->lc.rd;
  if (!lua_istable(L, 2)) rd_fail(c, "品牌文件应返回一个表 { company = ..., colours = { ... } }，实际返回 %s", luaL_typename(L, 2));
  else read_brand_table(c, 2, job->base_dir, job->brand);
  return 0;
}

/* Runs the Lua file at path in the rule's sandbox (a function value is
** called with the template options) and validates the value with check. */
static hf_status run_file(hf_policy *p, const char *path, lua_CFunction check, layout_job *job, char sha[65],
                          hf_error *err) {
  size_t len = 0;
  char *src = sandbox_slurp(path, &len);
  if (!src) return hf_fail(err, HF_ERR_DATA, "无法读取 %s：%s", path, strerror(errno));
  hf_status st = HF_OK;
  if (sha && !sha256_hex(src, len, sha)) st = hf_fail(err, HF_ERR_IO, "%s：无法计算 SHA-256", path);
  lua_State *L = sandbox_state(p->sandbox);
  if (st == HF_OK) st = sandbox_load_named(p->sandbox, src, len, path, err);
  if (st == HF_OK) st = sandbox_pcall(p->sandbox, 0, 1, "模板/品牌文件", err);
  if (st == HF_OK && lua_isfunction(L, -1)) {
    if (p->report.options_ref != LUA_NOREF) lua_rawgeti(L, LUA_REGISTRYINDEX, p->report.options_ref);
    else lua_newtable(L);
    st = sandbox_pcall(p->sandbox, 1, 1, "模板函数 function(options)", err);
  }
  if (st == HF_OK) {
    rd_init(&job->lc.rd, L, path, src, len, err);
    job->lc.p = p;
    st = sandbox_cpcall(p->sandbox, check, job, 1, err);
    if (st == HF_OK) st = job->lc.rd.status;
    rd_done(&job->lc.rd);
  }
  free(src);
  return st;
}

static hf_status load_layout(hf_policy *p, const char *key, const char *name, hf_layout *out, hf_error *err) {
  char *path = find_template(p, key, name, err);
  if (!path) return HF_ERR_DATA;
  layout_job job;
  memset(&job, 0, sizeof job);
  job.out = out;
  hf_status st = run_file(p, path, validate_layout, &job, out->sha256, err);
  out->file = path;
  return st;
}

static hf_status load_brand(hf_policy *p, const char *path, const char *key, hf_error *err) {
  layout_job job;
  memset(&job, 0, sizeof job);
  char *dir = path_dir(path);
  job.brand = &p->report.brand;
  job.base_dir = dir;
  hf_status st = is_file(path) ? run_file(p, path, validate_brand, &job, NULL, err)
                               : hf_fail(err, HF_ERR_DATA, "%s：找不到品牌文件 %s：%s", key, path, strerror(errno));
  free(dir);
  return st;
}

hf_status policy_use_brand_file(hf_policy *p, const char *path, hf_error *err) {
  brand_free(&p->report.brand);
  brand_default(&p->report.brand);
  return load_brand(p, path, "--brand", err);
}

hf_status policy_load_report_files(hf_policy *p, hf_error *err) {
  hf_report_spec *r = &p->report;
  if (r->brand_file) {
    char *path = path_join(p->rules_dir, r->brand_file);
    hf_buf key;
    buf_init(&key);
    buf_printf(&key, "%s: report.brand", p->rule_file);
    hf_status st = load_brand(p, path, key.data, err);
    buf_free(&key);
    free(path);
    if (st != HF_OK) return st;
  }
  hf_status st = load_layout(p, "template", r->template_name, &r->layout, err);
  if (st == HF_OK) st = load_layout(p, "summary_template", r->summary_template, &r->summary_layout, err);
  return st;
}

void policy_report_free(hf_report_spec *r) {
  free(r->title);
  free(r->company);
  free(r->font);
  free(r->template_name);
  free(r->summary_template);
  free(r->brand_file);
  brand_free(&r->brand);
  chart_list_free(&r->charts);
  layout_free(&r->layout);
  layout_free(&r->summary_layout);
}
