/*
** sandbox.c — the rule's Lua state: allow-listed libraries, a counting
** allocator (memory cap), a count hook (instruction budget), a watchdog thread
** (wall clock), text-only load and require, and the one protected-call path.
** See HARDENING.md "Lua 5.4.4" for the trap each piece answers.
*/
#include "policy/sandbox.h"

#include "common/buf.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#define SB_MSGH 1             /* stack slot of the message handler, pushed once at creation */
#define HOOK_STEP 1000        /* instructions between two count-hook calls */
#define RULE_SEED 20261021    /* math.random's fixed seed: runs repeat exactly */
#define WATCHDOG_GRACE 1.0    /* seconds between re-arming the hook and ending the process */

struct hf_sandbox {
  lua_State *L;
  char *display;       /* "callcenter.lua" */
  char *rules_dir;     /* where require() looks */
  hf_limits lim;
  /* memory cap (allocator) */
  size_t mem_used;
  bool mem_breached;
  /* instruction budget (count hook); main thread only */
  uint64_t used;
  int hook_step;       /* HOOK_STEP, or 1 once a limit is breached */
  bool instr_breached;
  bool time_breached;
  char where[160];     /* the rule's place when a limit was first breached */
  unsigned long cur_gen;
  /* wall clock: shared with the watchdog thread */
  _Atomic unsigned long gen;          /* odd while a call into Lua runs */
  _Atomic unsigned long timeout_gen;  /* the generation the watchdog found too slow */
  _Atomic(const char *) what;         /* the running call's name, for the last message */
  pthread_t thread;
  bool thread_started;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  bool stop;
};

static hf_sandbox *sandbox_of(lua_State *L) { return *(hf_sandbox **)lua_getextraspace(L); }

/* ---------------------------------------------------------------- memory */

/* The counting allocator. Once one allocation would cross the cap the flag
** stays set and every later growth is refused, so a rule that catches the
** memory error with pcall cannot carry on; shrinking and freeing always work. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  hf_sandbox *sb = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    sb->mem_used -= old;
    return NULL;
  }
  if (nsize > old) {
    size_t grow = nsize - old;
    if (sb->mem_breached || sb->mem_used > sb->lim.max_memory || grow > sb->lim.max_memory - sb->mem_used) {
      sb->mem_breached = true;
      return NULL;
    }
  }
  void *q = realloc(ptr, nsize);
  if (!q) return NULL;  /* the system's own OOM: Lua raises a memory error */
  sb->mem_used = sb->mem_used - old + nsize;
  return q;
}

static int sb_panic(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "huifang: 内部错误：Lua 在保护调用之外出错：%s\n", msg ? msg : "?");
  abort();  /* a host bug (an unprotected call), never a rule's fault */
}

/* ------------------------------------------------- instruction budget */

/* Runs every hook_step VM instructions. Once any limit is breached it re-arms
** itself with count 1, so every later instruction raises again and a rule's
** pcall cannot swallow the breach (Redis's trick). */
static void count_hook(lua_State *L, lua_Debug *ar) {
  hf_sandbox *sb = sandbox_of(L);
  sb->used += (uint64_t)sb->hook_step;
  if (sb->used > sb->lim.max_instructions) sb->instr_breached = true;
  if (atomic_load_explicit(&sb->timeout_gen, memory_order_relaxed) == sb->cur_gen) sb->time_breached = true;
  if (!sb->instr_breached && !sb->time_breached && !sb->mem_breached) return;
  if (sb->hook_step != 1) {
    sb->hook_step = 1;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    if (!sb->where[0] && lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
      snprintf(sb->where, sizeof sb->where, "%s:%d", ar->short_src, ar->currentline);
  }
  lua_pushstring(L, sb->time_breached ? "规则运行超过时间上限" : sb->instr_breached ? "规则超出指令预算" : "规则超出内存上限");
  lua_error(L);
}

/* ------------------------------------------------------------ watchdog */

static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The wall-clock limit lives outside the VM because count hooks never fire
** inside a C function: string.find(("a"):rep(22), ("a*"):rep(22) .. "b") runs
** for minutes in one call. The hot path only bumps `gen` (odd = in a call);
** this thread reads the clock. When one generation outlives the limit it flags
** it: the count hook (every HOOK_STEP instructions, and lua_sethook is not safe
** to call from another thread) raises as soon as the VM runs again. If the call
** is still inside C a grace second later, the process ends here with one line
** on stderr. Together with hf_xmalloc's out-of-memory abort this is the only
** place a subsystem ends the process: there is no safe way to interrupt a C
** function running inside Lua from another thread, and waiting is not an answer. */
static void *watchdog_main(void *arg) {
  hf_sandbox *sb = arg;
  double tick = sb->lim.time_limit / 10;
  if (tick > 0.1) tick = 0.1;
  if (tick < 0.01) tick = 0.01;
  unsigned long seen = 0;
  double since = mono_now();
  bool flagged = false;
  pthread_mutex_lock(&sb->mu);
  while (!sb->stop) {
    struct timespec dl;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    long ns = dl.tv_nsec + (long)(tick * 1e9);
    dl.tv_sec += ns / 1000000000L;
    dl.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&sb->cv, &sb->mu, &dl);
    if (sb->stop) break;
    unsigned long g = atomic_load(&sb->gen);
    double now = mono_now();
    if (!(g & 1) || g != seen) {
      seen = g;
      since = now;
      flagged = false;
      continue;
    }
    if (!flagged && now - since >= sb->lim.time_limit) {
      atomic_store(&sb->timeout_gen, g);
      flagged = true;
    } else if (flagged && now - since >= sb->lim.time_limit + WATCHDOG_GRACE && atomic_load(&sb->gen) == g) {
      const char *what = atomic_load(&sb->what);
      char line[1024];
      int n = snprintf(line, sizeof line, "huifang: %s: %s%s规则运行超过时间上限 %g 秒（可能是病态的字符串匹配），已终止\n",
                       sb->display, what ? what : "", what ? ": " : "", sb->lim.time_limit);
      if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
      ssize_t w = write(STDERR_FILENO, line, (size_t)n);
      (void)w;
      _exit(HF_ERR_DATA);
    }
  }
  pthread_mutex_unlock(&sb->mu);
  return NULL;
}

static bool watchdog_start(hf_sandbox *sb) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&sb->cv, &ca);
  pthread_condattr_destroy(&ca);
  pthread_mutex_init(&sb->mu, NULL);
  if (sb->lim.time_limit <= 0) return true;  /* no limit: no thread */
  sb->thread_started = pthread_create(&sb->thread, NULL, watchdog_main, sb) == 0;
  return sb->thread_started;
}

static void watchdog_stop(hf_sandbox *sb) {
  if (sb->thread_started) {
    pthread_mutex_lock(&sb->mu);
    sb->stop = true;
    pthread_cond_signal(&sb->cv);
    pthread_mutex_unlock(&sb->mu);
    pthread_join(sb->thread, NULL);
  }
  pthread_cond_destroy(&sb->cv);
  pthread_mutex_destroy(&sb->mu);
}

/* ---------------------------------------------------- the rule's globals */

/* Message handler of every protected call: the message plus a traceback. */
static int sb_msgh(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "（错误对象是 %s 值）", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);  /* msg + traceback */
  return 1;
}

/* _G's __index: reading an undefined global is an error (typos show). */
static int sb_undefined_global(lua_State *L) {
  return luaL_error(L, "未定义的全局变量「%s」", luaL_tolstring(L, 2, NULL));
}

/* load(chunk [, name [, mode [, env]]]): text chunks only, sandbox env by default. */
static int sb_load(lua_State *L) {
  bool has_env = !lua_isnone(L, 4);
  if (!lua_isnoneornil(L, 3) && strcmp(luaL_checkstring(L, 3), "t") != 0)
    return luaL_error(L, "load：规则中只能加载文本代码（mode 只能为 \"t\"）");
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1));  /* the original load */
  lua_pushvalue(L, 1);                    /* chunk */
  lua_pushvalue(L, 2);                    /* chunk name */
  lua_pushliteral(L, "t");                /* mode: text only */
  if (has_env) lua_pushvalue(L, 4);       /* the caller's env */
  else lua_pushglobaltable(L);            /* the sandbox */
  lua_call(L, 4, LUA_MULTRET);
  return lua_gettop(L) - 4;
}

/* setmetatable without __gc: finalizers run with hooks off, so an endless
** __gc would escape the instruction budget. */
static int sb_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return luaL_error(L, "setmetatable：规则中不能使用 __gc（终结器不受指令预算约束）");
    lua_pop(L, 1);  /* __gc */
  }
  lua_pushvalue(L, lua_upvalueindex(1));  /* the original setmetatable */
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* math.randomseed(x): the seed must be given (randomseed() reads the clock). */
static int sb_randomseed(lua_State *L) {
  luaL_checknumber(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));  /* the original randomseed */
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* huifang.policy(t): returns t after checking it is a table. */
static int hf_policy_fn(lua_State *L) {
  if (!lua_istable(L, 1)) return luaL_error(L, "huifang.policy 的参数应为 table，实际为 %s", luaL_typename(L, 1));
  lua_settop(L, 1);
  return 1;
}

/* ------------------------------------------------------------- require */

static const char REQ_LOADED = 'L';   /* registry key: name -> module value (or the loading mark) */
static const char REQ_CHAIN = 'C';    /* registry key: the names being loaded, in order */
static const char REQ_LOADING = 'M';  /* its address marks a module still loading */

static bool valid_module_name(const char *s) {
  /* [A-Za-z0-9_]+(\.[A-Za-z0-9_]+)* */
  bool need_char = true;
  for (; *s; s++) {
    if (*s == '.') {
      if (need_char) return false;
      need_char = true;
    } else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_') {
      need_char = false;
    } else {
      return false;
    }
  }
  return !need_char;
}

/* "a → b → a": the chain of modules being loaded plus name. */
static const char *require_chain(lua_State *L, int chain, const char *name) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_Integer n = luaL_len(L, chain);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, chain, i);  /* a name */
    luaL_addvalue(&b);
    luaL_addstring(&b, " → ");
  }
  luaL_addstring(&b, name);
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

/* require(name): <rules_dir>/<name with dots as slashes>.lua, as text through
** the sandbox, cached; a cycle is an error naming the chain. */
static int sb_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  hf_sandbox *sb = sandbox_of(L);
  if (!valid_module_name(name))
    return luaL_error(L, "require(\"%s\")：模块名只能由字母、数字、下划线和点组成（如 company.common），"
                      "只能加载规则目录中的规则文件", name);
  lua_settop(L, 1);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &REQ_LOADED);  /* 2: cache */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &REQ_CHAIN);   /* 3: chain */
  lua_getfield(L, 2, name);                        /* 4: cached value */
  if (lua_touserdata(L, 4) == &REQ_LOADING)
    return luaL_error(L, "require 循环依赖：%s", require_chain(L, 3, name));
  if (!lua_isnil(L, 4)) return 1;
  lua_pop(L, 1);  /* nil */

  luaL_Buffer rel;
  luaL_buffinit(L, &rel);
  for (const char *s = name; *s; s++) luaL_addchar(&rel, *s == '.' ? '/' : *s);
  luaL_addstring(&rel, ".lua");
  luaL_pushresult(&rel);                                      /* 4: relative path */
  const char *relpath = lua_tostring(L, 4);
  const char *path = lua_pushfstring(L, "%s/%s", sb->rules_dir, relpath);  /* 5 */
  lua_pushfstring(L, "@%s", relpath);                          /* 6: chunk name */
  size_t len = 0;
  char *src = sandbox_slurp(path, &len);
  if (!src) return luaL_error(L, "require(\"%s\")：无法读取规则文件 %s（%s）", name, path, strerror(errno));
  int rc = luaL_loadbufferx(L, src, len, lua_tostring(L, 6), "t");  /* 7: chunk or message */
  free(src);
  if (rc != LUA_OK) return lua_error(L);

  lua_pushlightuserdata(L, (void *)&REQ_LOADING);
  lua_setfield(L, 2, name);                          /* mark: loading */
  lua_pushvalue(L, 1);
  lua_rawseti(L, 3, luaL_len(L, 3) + 1);             /* chain += name */
  lua_pushvalue(L, 1);                               /* argument: the name */
  rc = lua_pcall(L, 1, 1, 0);                        /* 7: result or message */
  lua_pushnil(L);
  lua_rawseti(L, 3, luaL_len(L, 3));                 /* chain -= name */
  if (rc != LUA_OK) {
    lua_pushnil(L);
    lua_setfield(L, 2, name);                        /* unmark */
    return lua_error(L);                             /* rethrow */
  }
  if (lua_isnil(L, 7)) {
    lua_pushboolean(L, 1);
    lua_replace(L, 7);                               /* nil -> true */
  }
  lua_pushvalue(L, 7);
  lua_setfield(L, 2, name);                          /* cache */
  return 1;
}

/* --------------------------------------------------------------- setup */

static const char *const removed_globals[] = {"dofile", "loadfile", "collectgarbage", "print", "require", NULL};

static const luaL_Reg sandbox_globals[] = {{"require", sb_require}, {NULL, NULL}};
static const luaL_Reg huifang_funcs[] = {{"policy", hf_policy_fn}, {NULL, NULL}};

/* Replaces tbl[name] by closure f with the original as its upvalue. tbl at index t. */
static void wrap_function(lua_State *L, int t, const char *name, lua_CFunction f) {
  lua_getfield(L, t, name);      /* the original */
  lua_pushcclosure(L, f, 1);     /* the wrapper */
  lua_setfield(L, t, name);
}

static int open_sandbox(lua_State *L) {
  static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string},
                                  {LUA_TABLIBNAME, luaopen_table},  {LUA_MATHLIBNAME, luaopen_math},
                                  {LUA_UTF8LIBNAME, luaopen_utf8},  {NULL, NULL}};
  luaL_checkstack(L, 8, "sandbox setup");
  for (const luaL_Reg *lib = libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);  /* the library */
  }
  lua_pushglobaltable(L);  /* G */
  int g = lua_gettop(L);
  for (const char *const *name = removed_globals; *name; name++) {
    lua_pushnil(L);
    lua_setfield(L, g, *name);
  }
  wrap_function(L, g, "load", sb_load);
  wrap_function(L, g, "setmetatable", sb_setmetatable);
  luaL_setfuncs(L, sandbox_globals, 0);

  lua_getfield(L, g, LUA_STRLIBNAME);  /* string */
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);  /* string */

  lua_getfield(L, g, LUA_MATHLIBNAME);  /* math */
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, RULE_SEED);
  lua_call(L, 1, 0);                    /* math.randomseed(RULE_SEED) */
  wrap_function(L, lua_gettop(L), "randomseed", sb_randomseed);
  lua_pop(L, 1);  /* math */

  luaL_newlib(L, huifang_funcs);        /* huifang */
  lua_pushliteral(L, HUIFANG_VERSION);
  lua_setfield(L, -2, "version");
  lua_setfield(L, g, "huifang");

  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &REQ_LOADED);
  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &REQ_CHAIN);

  lua_createtable(L, 0, 2);             /* G's metatable */
  lua_pushcfunction(L, sb_undefined_global);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");   /* getmetatable(_G) is false; setmetatable(_G) fails */
  lua_setmetatable(L, g);
  return 0;
}

/* ---------------------------------------------------------- public API */

char *sandbox_slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  hf_buf b;
  buf_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(&b, chunk, n);
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    buf_free(&b);
    errno = EIO;
    return NULL;
  }
  *len = b.len;
  if (!b.data) buf_reserve(&b, 1);
  return buf_steal(&b);
}

hf_sandbox *sandbox_new(const char *display, const char *rules_dir, const hf_limits *lim, hf_error *err) {
  hf_sandbox *sb = hf_xcalloc(1, sizeof *sb);
  sb->display = hf_xstrdup(display);
  sb->rules_dir = hf_xstrdup(rules_dir);
  sb->lim = *lim;
  sb->hook_step = HOOK_STEP;
  atomic_init(&sb->gen, 0);
  atomic_init(&sb->timeout_gen, 0);
  atomic_init(&sb->what, NULL);
  if (!watchdog_start(sb)) {
    hf_fail(err, HF_ERR_IO, "%s: 无法启动规则的计时线程", display);
    goto fail;
  }
  sb->L = lua_newstate(sb_alloc, sb);
  if (!sb->L) {
    hf_fail(err, HF_ERR_DATA, "%s: 无法创建 Lua 状态（内存上限 %zu 字节过小？）", display, lim->max_memory);
    goto fail;
  }
  lua_atpanic(sb->L, sb_panic);
  *(hf_sandbox **)lua_getextraspace(sb->L) = sb;
  lua_pushcfunction(sb->L, sb_msgh);  /* SB_MSGH: stays at the bottom of the stack */
  lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
  if (sandbox_cpcall(sb, open_sandbox, NULL, 0, err) != HF_OK) goto fail;
  return sb;
fail:
  sandbox_free(sb);
  return NULL;
}

void sandbox_free(hf_sandbox *sb) {
  if (!sb) return;
  watchdog_stop(sb);
  if (sb->L) lua_close(sb->L);
  free(sb->display);
  free(sb->rules_dir);
  free(sb);
}

lua_State *sandbox_state(hf_sandbox *sb) { return sb->L; }
const char *sandbox_display(const hf_sandbox *sb) { return sb->display; }

hf_status sandbox_load(hf_sandbox *sb, const char *src, size_t len, hf_error *err) {
  return sandbox_load_named(sb, src, len, sb->display, err);
}

hf_status sandbox_load_named(hf_sandbox *sb, const char *src, size_t len, const char *display, hf_error *err) {
  lua_State *L = sb->L;
  if (!lua_checkstack(L, 2)) return hf_fail(err, HF_ERR_DATA, "%s: 规则超出内存上限", display);
  char chunkname[512];
  snprintf(chunkname, sizeof chunkname, "@%s", display);
  int rc = luaL_loadbufferx(L, src, len, chunkname, "t");  /* chunk or message */
  if (rc == LUA_OK) return HF_OK;
  const char *msg = lua_tostring(L, -1);
  if (sb->mem_breached)
    hf_fail(err, HF_ERR_DATA, "%s: 规则超出内存上限（%zu MiB）", sb->display, sb->lim.max_memory >> 20);
  else
    hf_fail(err, HF_ERR_DATA, "%s", msg ? msg : "语法错误");
  lua_pop(L, 1);  /* message */
  return HF_ERR_DATA;
}

/* The limit messages: always the rule file first, whatever the rule caught. */
static hf_status limit_failure(hf_sandbox *sb, const char *what, hf_error *err) {
  char ctx[640];
  snprintf(ctx, sizeof ctx, "%s%s%s%s", sb->where[0] ? "，位置 " : "", sb->where, what ? "，调用 " : "",
           what ? what : "");
  if (sb->time_breached)
    return hf_fail(err, HF_ERR_DATA, "%s: 规则运行超过时间上限（%g 秒）%s。请检查死循环或病态的字符串匹配，或用 --time-limit 调高上限",
                   sb->display, sb->lim.time_limit, ctx);
  if (sb->instr_breached)
    return hf_fail(err, HF_ERR_DATA, "%s: 规则超出指令预算（%" PRIu64 " 条指令）%s。即使规则用 pcall 捕获也会终止；"
                   "请检查是否有死循环，或用 --max-instructions 调高上限",
                   sb->display, sb->lim.max_instructions, ctx);
  return hf_fail(err, HF_ERR_DATA, "%s: 规则超出内存上限（%zu MiB）%s。即使规则用 pcall 捕获也会终止；"
                 "请检查是否构造了过大的表或字符串，或用 --max-memory 调高上限",
                 sb->display, sb->lim.max_memory >> 20, ctx);
}

static bool breached(const hf_sandbox *sb) { return sb->mem_breached || sb->instr_breached || sb->time_breached; }

hf_status sandbox_pcall(hf_sandbox *sb, int nargs, int nresults, const char *what, hf_error *err) {
  lua_State *L = sb->L;
  if (breached(sb)) {
    lua_pop(L, nargs + 1);  /* function and arguments */
    return limit_failure(sb, what, err);
  }
  sb->used = 0;
  atomic_store_explicit(&sb->what, what, memory_order_relaxed);
  sb->cur_gen = atomic_fetch_add_explicit(&sb->gen, 1, memory_order_release) + 1;  /* odd: in a call */
  int rc = lua_pcall(L, nargs, nresults, SB_MSGH);
  atomic_fetch_add_explicit(&sb->gen, 1, memory_order_release);                     /* even: out */
  if (atomic_load_explicit(&sb->timeout_gen, memory_order_relaxed) == sb->cur_gen) sb->time_breached = true;
  if (breached(sb)) {
    lua_pop(L, rc == LUA_OK ? nresults : 1);  /* results or message */
    return limit_failure(sb, what, err);
  }
  if (rc == LUA_OK) return HF_OK;
  const char *msg = lua_tostring(L, -1);
  if (!msg) msg = "（无错误信息）";
  size_t dl = strlen(sb->display);
  if (what)
    hf_fail(err, HF_ERR_DATA, "%s: %s", what, msg);
  else if (strncmp(msg, sb->display, dl) == 0 && msg[dl] == ':')
    hf_fail(err, HF_ERR_DATA, "%s", msg);
  else
    hf_fail(err, HF_ERR_DATA, "%s: %s", sb->display, msg);
  lua_pop(L, 1);  /* message */
  return HF_ERR_DATA;
}

hf_status sandbox_cpcall(hf_sandbox *sb, lua_CFunction f, void *ud, int nargs, hf_error *err) {
  lua_State *L = sb->L;
  if (!lua_checkstack(L, 3)) return hf_fail(err, HF_ERR_DATA, "%s: 规则超出内存上限", sb->display);
  lua_pushcfunction(L, f);          /* f (a light function: no allocation) */
  lua_pushlightuserdata(L, ud);     /* ud */
  lua_rotate(L, -(nargs + 2), 2);   /* f ud args... */
  return sandbox_pcall(sb, nargs + 1, 0, NULL, err);
}
