/*
** policy_read.c — typed, path-aware getters over the rule's table, and the
** best-effort line hint that finds a key path in the rule's source text.
*/
#include "policy/policy_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "common/buf.h"

void rd_init(rd_ctx *c, lua_State *L, const char *file, const char *src, size_t srclen, hf_error *err) {
  memset(c, 0, sizeof *c);
  c->L = L;
  c->file = file;
  c->src = src;
  c->srclen = srclen;
  c->err = err;
}

void rd_done(rd_ctx *c) {
  for (size_t i = 0; i < c->nscratch; i++) free(c->scratch[i]);
  free(c->scratch);
  free(c->code);
  c->scratch = NULL;
  c->nscratch = 0;
  c->code = NULL;
}

static void *scratch_alloc(rd_ctx *c, size_t n) {
  c->scratch = hf_xrealloc(c->scratch, (c->nscratch + 1) * sizeof *c->scratch);
  return c->scratch[c->nscratch++] = hf_xcalloc(1, n);
}

/* ------------------------------------------------------------- the path */

void rd_enter_key(rd_ctx *c, const char *key) {
  if (c->depth < RD_MAX_DEPTH) c->path[c->depth] = (rd_elem){key, 0, NULL};
  c->depth++;
}

void rd_enter_index(rd_ctx *c, long index, const char *anchor) {
  if (c->depth < RD_MAX_DEPTH) c->path[c->depth] = (rd_elem){NULL, index, anchor};
  c->depth++;
}

void rd_leave(rd_ctx *c) { c->depth--; }

static bool is_ident(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return false;
  return true;
}

void rd_path_string(const rd_ctx *c, hf_buf *b) {
  int n = c->depth < RD_MAX_DEPTH ? c->depth : RD_MAX_DEPTH;
  for (int i = 0; i < n; i++) {
    const rd_elem *e = &c->path[i];
    if (!e->key) buf_printf(b, "[%ld]", e->index);
    else if (!is_ident(e->key)) buf_printf(b, "[\"%s\"]", e->key);
    else buf_printf(b, "%s%s", i ? "." : "", e->key);
  }
}

/* ------------------------------------------------------- line hints */

/* Marks which bytes of the source are code (not comments, not strings). */
static void mark_code(rd_ctx *c) {
  const char *s = c->src;
  size_t n = c->srclen, i = 0;
  c->code = hf_xcalloc(n + 1, 1);
  while (i < n) {
    size_t level = 0;
    bool comment = s[i] == '-' && i + 1 < n && s[i + 1] == '-';
    size_t j = comment ? i + 2 : i;
    if (j < n && s[j] == '[') { /* a long bracket: [[ or [==[ */
      size_t k = j + 1;
      while (k < n && s[k] == '=') k++, level++;
      if (k < n && s[k] == '[') {
        char close[64] = "]";
        if (level > 60) level = 60;
        memset(close + 1, '=', level);
        close[level + 1] = ']';
        close[level + 2] = '\0';
        const char *end = NULL;
        for (size_t m = k + 1; m + level + 2 <= n && !end; m++)
          if (memcmp(s + m, close, level + 2) == 0) end = s + m + level + 2;
        i = end ? (size_t)(end - s) : n;
        continue;
      }
    }
    if (comment) {
      while (i < n && s[i] != '\n') i++;
    } else if (s[i] == '"' || s[i] == '\'') {
      char q = s[i++];
      while (i < n && s[i] != q && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
      i++;
    } else {
      c->code[i++] = 1;
    }
  }
}

static bool ident_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         (unsigned char)ch >= 0x80;
}

/* Position after `key =` (or `["key"] =`) at or after pos in code, or -1. */
static long find_key(const rd_ctx *c, size_t pos, const char *key) {
  size_t kl = strlen(key);
  for (size_t i = pos; i + kl <= c->srclen; i++) {
    const char *s = c->src + i;
    bool bracketed = i >= 2 && s[-1] == '"' && s[-2] == '[' && c->code[i - 2];
    if (!bracketed && !c->code[i]) continue;
    if (memcmp(s, key, kl) != 0) continue;
    size_t j = i + kl;
    if (bracketed) {
      if (j + 1 >= c->srclen || c->src[j] != '"' || c->src[j + 1] != ']') continue;
      j += 2;
    } else if ((i > 0 && ident_char(s[-1])) || (j < c->srclen && ident_char(c->src[j]))) {
      continue;
    }
    while (j < c->srclen && (c->src[j] == ' ' || c->src[j] == '\t')) j++;
    if (j < c->srclen && c->src[j] == '=' && (j + 1 >= c->srclen || c->src[j + 1] != '=')) return (long)i;
  }
  return -1;
}

/* Position of the string literal "anchor" at or after pos, or -1. */
static long find_anchor(const rd_ctx *c, size_t pos, const char *anchor) {
  size_t al = strlen(anchor);
  for (size_t i = pos; i + al + 2 <= c->srclen; i++)
    if ((c->src[i] == '"' || c->src[i] == '\'') && c->code[i] == 0 && memcmp(c->src + i + 1, anchor, al) == 0 &&
        c->src[i + 1 + al] == c->src[i])
      return (long)i;
  return -1;
}

int rd_line_hint(rd_ctx *c) {
  if (!c->src || c->srclen == 0) return 0;
  if (!c->code) mark_code(c);
  size_t pos = 0;
  long found = -1;
  int n = c->depth < RD_MAX_DEPTH ? c->depth : RD_MAX_DEPTH;
  for (int i = 0; i < n; i++) {
    const rd_elem *e = &c->path[i];
    long at = -1;
    if (e->key) at = find_key(c, pos, e->key);
    else if (e->anchor) at = find_anchor(c, pos, e->anchor);
    else continue;
    if (at < 0) break;
    found = at;
    pos = (size_t)at + 1;
  }
  if (found < 0) return 0;
  int line = 1;
  for (long i = 0; i < found; i++) line += c->src[i] == '\n';
  return line;
}

/* ------------------------------------------------------------- failures */

static hf_status vfail(rd_ctx *c, int line, bool hint, const char *fmt, va_list ap) {
  if (c->status != HF_OK) return c->status;
  hf_buf b;
  buf_init(&b);
  buf_puts(&b, c->file);
  if (line > 0) buf_printf(&b, ":%d", line);
  buf_puts(&b, ": ");
  size_t before = b.len;
  rd_path_string(c, &b);
  if (b.len > before) buf_puts(&b, ": ");
  char msg[2048];
  vsnprintf(msg, sizeof msg, fmt, ap);
  buf_puts(&b, msg);
  int h = hint ? rd_line_hint(c) : 0;
  if (h > 0) buf_printf(&b, "（约第 %d 行）", h);
  hf_fail(c->err, HF_ERR_DATA, "%s", b.data);
  buf_free(&b);
  return c->status = HF_ERR_DATA;
}

hf_status rd_fail(rd_ctx *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  hf_status st = vfail(c, 0, true, fmt, ap);
  va_end(ap);
  return st;
}

hf_status rd_fail_line(rd_ctx *c, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  hf_status st = vfail(c, line, false, fmt, ap);
  va_end(ap);
  return st;
}

hf_status rd_fail_type(rd_ctx *c, int idx, const char *want) {
  lua_State *L = c->L;
  if (lua_type(L, idx) == LUA_TNUMBER) {
    lua_Number x = lua_tonumber(L, idx);
    return rd_fail(c, "应为 %s，实际为 %s（%.14g）", want, lua_isinteger(L, idx) ? "integer" : "number", (double)x);
  }
  if (lua_type(L, idx) == LUA_TSTRING)
    return rd_fail(c, "应为 %s，实际为 string（\"%.60s\"）", want, lua_tostring(L, idx));
  if (lua_type(L, idx) == LUA_TFUNCTION) {  /* Lua knows where a function starts */
    lua_Debug ar;
    lua_pushvalue(L, idx);      /* the function */
    lua_getinfo(L, ">S", &ar);  /* pops it */
    if (ar.linedefined > 0) return rd_fail_line(c, ar.linedefined, "应为 %s，实际为 function", want);
  }
  return rd_fail(c, "应为 %s，实际为 %s", want, luaL_typename(L, idx));
}

/* ------------------------------------------------------------ getters */

int rd_get(rd_ctx *c, int t, const char *key) {
  t = lua_absindex(c->L, t);
  rd_enter_key(c, key);
  lua_pushstring(c->L, key);   /* key */
  return lua_rawget(c->L, t);  /* value (raw: no metamethods run) */
}

void rd_pop_value(rd_ctx *c) {
  lua_pop(c->L, 1);  /* the value */
  rd_leave(c);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

hf_status rd_check_keys(rd_ctx *c, int t, const char *const *allowed, long narray) {
  lua_State *L = c->L;
  if (c->status) return c->status;
  t = lua_absindex(L, t);
  size_t cap = 0, n = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {  /* key value */
    lua_pop(L, 1);          /* value */
    cap++;
  }
  const char **unknown = scratch_alloc(c, (cap + 1) * sizeof *unknown);
  char badkey[64] = "";
  lua_pushnil(L);
  while (lua_next(L, t)) {  /* key value */
    lua_pop(L, 1);          /* value */
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      bool ok = false;
      for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(*a, k) == 0;
      if (!ok && n < cap) unknown[n++] = k;  /* anchored: the key stays in t */
    } else if (lua_isinteger(L, -1)) {
      lua_Integer i = lua_tointeger(L, -1);
      if ((i < 1 || i > narray) && (!badkey[0] || i < atoll(badkey + 1)))
        snprintf(badkey, sizeof badkey, "[%lld]", (long long)i);
    } else if (!badkey[0]) {
      snprintf(badkey, sizeof badkey, "（%s 类型的键）", luaL_typename(L, -1));
    }
  }
  hf_buf list;
  buf_init(&list);
  for (const char *const *a = allowed; *a; a++) buf_printf(&list, "%s%s", a == allowed ? "" : ", ", *a);
  const char *names = list.data ? list.data : "";
  if (n > 0) {
    qsort(unknown, n, sizeof *unknown, cmp_str);
    if (n == 1) {
      rd_enter_key(c, unknown[0]);
      rd_fail(c, "未知的键（可用的键：%s）", names);
      rd_leave(c);
    } else {
      hf_buf all;
      buf_init(&all);
      for (size_t i = 0; i < n; i++) buf_printf(&all, "%s%s", i ? ", " : "", unknown[i]);
      rd_fail(c, "未知的键 %s（可用的键：%s）", all.data, names);
      buf_free(&all);
    }
  } else if (badkey[0]) {
    if (narray > 0) rd_fail(c, "多余的元素 %s（这里只接受 %ld 个数组元素和这些键：%s）", badkey, narray, names);
    else rd_fail(c, "不应有数组元素 %s（可用的键：%s）", badkey, names);
  }
  buf_free(&list);
  return c->status;
}

const char **rd_sorted_keys(rd_ctx *c, int t, size_t *n) {
  lua_State *L = c->L;
  t = lua_absindex(L, t);
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);  /* value */
    count++;
  }
  const char **keys = scratch_alloc(c, (count + 1) * sizeof *keys);
  size_t k = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {  /* key value */
    lua_pop(L, 1);          /* value */
    if (lua_type(L, -1) != LUA_TSTRING) {
      rd_fail(c, "键应为字符串（名称），实际为 %s", luaL_typename(L, -1));
      lua_pop(L, 1);  /* key */
      break;
    }
    if (k < count) keys[k++] = lua_tostring(L, -1);
  }
  qsort(keys, k, sizeof *keys, cmp_str);
  *n = c->status ? 0 : k;
  return keys;
}

hf_status rd_sequence(rd_ctx *c, int idx, size_t *n) {
  lua_State *L = c->L;
  if (c->status) return c->status;
  if (!lua_istable(L, idx)) return rd_fail_type(c, idx, "table（数组）");
  idx = lua_absindex(L, idx);
  size_t count = 0;
  lua_Integer max = 0;
  bool ok = true;
  lua_pushnil(L);
  while (lua_next(L, idx)) {  /* key value */
    lua_pop(L, 1);            /* value */
    count++;
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) ok = false;
    else if (lua_tointeger(L, -1) > max) max = lua_tointeger(L, -1);
  }
  if (!ok || (lua_Integer)count != max) return rd_fail(c, "应为数组（{ a, b, ... }），不能有名称键或空洞");
  *n = count;
  return HF_OK;
}

hf_status rd_string(rd_ctx *c, int t, const char *key, bool required, const char *def, char **out) {
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  if (type == LUA_TNIL) {
    if (required) rd_fail(c, "缺少必需的键（应为 string）");
    else *out = def ? hf_xstrdup(def) : NULL;
  } else if (type != LUA_TSTRING) {
    rd_fail_type(c, -1, "string");
  } else if (required && lua_rawlen(c->L, -1) == 0) {
    rd_fail(c, "不能为空字符串");
  } else {
    *out = hf_xstrdup(lua_tostring(c->L, -1));
  }
  rd_pop_value(c);
  return c->status;
}

hf_status rd_int(rd_ctx *c, int t, const char *key, long long min, long long def, long long *out) {
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  lua_Integer v = 0;
  if (type == LUA_TNIL) *out = def;
  else if (type != LUA_TNUMBER || !lua_isinteger(c->L, -1)) {
    /* 3.0 is a float in Lua 5.4 but means 3: accept integral floats */
    lua_Number x = lua_tonumber(c->L, -1);
    if (type == LUA_TNUMBER && x == floor(x) && fabs(x) < 9e15) {
      if (x < (lua_Number)min) rd_fail(c, "应为 ≥ %lld 的整数，实际为 %.14g", min, (double)x);
      else *out = (long long)x;
    } else {
      rd_fail_type(c, -1, "integer");
    }
  } else if ((v = lua_tointeger(c->L, -1)) < min) {
    rd_fail(c, "应为 ≥ %lld 的整数，实际为 %lld", min, (long long)v);
  } else {
    *out = (long long)v;
  }
  rd_pop_value(c);
  return c->status;
}

hf_status rd_number(rd_ctx *c, int t, const char *key, bool required, double min, double max, double def,
                    double *out) {
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  if (type == LUA_TNIL) {
    if (required) rd_fail(c, "缺少必需的键（应为 number）");
    else *out = def;
  } else if (type != LUA_TNUMBER) {
    rd_fail_type(c, -1, "number");
  } else {
    double x = (double)lua_tonumber(c->L, -1);
    if (isnan(x) || x < min || x > max) {
      if (min == 0 && max == 1) rd_fail(c, "比例应在 [0,1] 之间，实际为 %.14g", x);
      else if (isinf(max)) rd_fail(c, "应 ≥ %g，实际为 %.14g", min, x);
      else rd_fail(c, "应在 [%g,%g] 之间，实际为 %.14g", min, max, x);
    } else {
      *out = x;
    }
  }
  rd_pop_value(c);
  return c->status;
}

hf_status rd_bool(rd_ctx *c, int t, const char *key, bool def, bool *out) {
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  if (type == LUA_TNIL) *out = def;
  else if (type != LUA_TBOOLEAN) rd_fail_type(c, -1, "boolean");
  else *out = lua_toboolean(c->L, -1);
  rd_pop_value(c);
  return c->status;
}

hf_status rd_choice(rd_ctx *c, int t, const char *key, const char *const *choices, int def, int *out) {
  if (c->status) return c->status;
  int type = rd_get(c, t, key);
  hf_buf list;
  buf_init(&list);
  for (const char *const *a = choices; *a; a++) buf_printf(&list, "%s\"%s\"", a == choices ? "" : "、", *a);
  if (type == LUA_TNIL) {
    *out = def;
  } else if (type != LUA_TSTRING) {
    rd_fail_type(c, -1, list.data);
  } else {
    const char *v = lua_tostring(c->L, -1);
    int found = -1;
    for (int i = 0; choices[i] && found < 0; i++)
      if (strcmp(choices[i], v) == 0) found = i;
    if (found < 0) rd_fail(c, "应为 %s 之一，实际为 \"%.60s\"", list.data, v);
    else *out = found;
  }
  buf_free(&list);
  rd_pop_value(c);
  return c->status;
}

hf_status rd_strlist(rd_ctx *c, int idx, bool single_ok, hf_strlist *out) {
  lua_State *L = c->L;
  if (c->status) return c->status;
  idx = lua_absindex(L, idx);
  if (single_ok && lua_type(L, idx) == LUA_TSTRING) {
    out->v = hf_xcalloc(1, sizeof *out->v);
    out->v[0] = hf_xstrdup(lua_tostring(L, idx));
    out->n = 1;
    return HF_OK;
  }
  size_t n = 0;
  if (!lua_istable(L, idx)) return rd_fail_type(c, idx, single_ok ? "string 或 string 的数组" : "string 的数组");
  if (rd_sequence(c, idx, &n) != HF_OK) return c->status;
  if (n == 0) return rd_fail(c, "不能为空数组");
  out->v = hf_xcalloc(n, sizeof *out->v);
  for (size_t i = 0; i < n; i++) {
    rd_enter_index(c, (long)i + 1, NULL);
    if (lua_rawgeti(L, idx, (lua_Integer)i + 1) != LUA_TSTRING) rd_fail_type(c, -1, "string");
    else out->v[out->n++] = hf_xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);  /* element */
    rd_leave(c);
    if (c->status) break;
  }
  return c->status;
}
