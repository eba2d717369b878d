/*
** test_sandbox.c — attacks on the rule sandbox (HARDENING.md, Lua 5.4.4):
** forbidden globals, binary chunks through load, undefined globals, the
** memory cap and the instruction budget (also behind pcall), determinism
** (math.random, pairs order), require (siblings, bad paths, cycles), __gc,
** and the wall clock — the _exit path runs in a forked child.
** Each probe is a rule file written to a temporary folder: its snippet sets
** `result`, and the policy's name is tostring(result).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "policy/policy.h"

#define RULES TEST_DATA_DIR "/rules"

static char tmpdir[64];
static char probe_path[128];

static int setup(void **state) {
  (void)state;
  strcpy(tmpdir, "/tmp/hf-sandbox-XXXXXX");
  if (!mkdtemp(tmpdir)) return -1;
  snprintf(probe_path, sizeof probe_path, "%s/probe.lua", tmpdir);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(probe_path);
  rmdir(tmpdir);
  return 0;
}

static void write_probe(const char *code) {
  FILE *fp = fopen(probe_path, "w");
  assert_non_null(fp);
  fprintf(fp, "%s\nreturn huifang.policy { name = tostring(result), inputs = { a = { fields = { k = 'K' } } } }\n",
          code);
  fclose(fp);
}

/* Runs the snippet; returns the policy's name, or "ERR " + the message. Caller frees. */
static char *probe_lim(const char *code, const hf_limits *lim) {
  write_probe(code);
  hf_error err = {0};
  hf_policy *p = policy_load(probe_path, lim, &err);
  char *out;
  if (p) {
    out = strdup(p->name);
    policy_free(p);
  } else {
    out = malloc(strlen(err.message) + 8);
    sprintf(out, "ERR %s", err.message);
    assert_int_equal(err.status, HF_ERR_DATA);
  }
  return out;
}

static char *probe(const char *code) { return probe_lim(code, NULL); }

#define expect_result(code, want)          \
  do {                                     \
    char *got_ = probe(code);              \
    if (strcmp(got_, want) != 0) fail_msg("%s\n  => %s\n  want %s", code, got_, want); \
    free(got_);                            \
  } while (0)

#define expect_error(lim, code, part)                                         \
  do {                                                                        \
    char *got_ = probe_lim(code, lim);                                        \
    if (strncmp(got_, "ERR ", 4) != 0 || !strstr(got_, part))                 \
      fail_msg("%s\n  => %s\n  want an error with: %s", code, got_, part);    \
    free(got_);                                                               \
  } while (0)

/* ------------------------------------------------------------ globals */

static void test_forbidden_globals(void **state) {
  (void)state;
  static const char *const names[] = {"io", "os", "package", "debug", "dofile", "loadfile",
                                      "collectgarbage", "print", "coroutine", "loadstring", "module"};
  char code[256], want[128];
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(code, sizeof code, "local result = rawget(_G, '%s')", names[i]);
    expect_result(code, "nil");
    snprintf(code, sizeof code, "local result = %s", names[i]);
    snprintf(want, sizeof want, "probe.lua:1: 未定义的全局变量「%s」", names[i]);
    expect_error(NULL, code, want);
  }
  expect_result("local result = rawget(string, 'dump')", "nil");
  expect_error(NULL, "local result = string.dump(function() end)", "attempt to call a nil value (field 'dump')");
  /* what stays: the allow-listed libraries and the huifang module */
  expect_result("local result = type(string.format) .. type(table.concat) .. type(math.floor) .. type(utf8.char)",
                "functionfunctionfunctionfunction");
  expect_result("local result = huifang.version", HUIFANG_VERSION);
}

static void test_undefined_global_and_its_guard(void **state) {
  (void)state;
  expect_error(NULL, "local x = 1\nlocal result = undefined_thing", "probe.lua:2: 未定义的全局变量「undefined_thing」");
  expect_result("local result = getmetatable(_G)", "false");
  expect_error(NULL, "setmetatable(_G, nil)", "cannot change a protected metatable");
  expect_result("answer = 42\nlocal result = answer", "42");  /* defining globals is fine */
}

static void test_load_text_only(void **state) {
  (void)state;
  expect_result("local result = load('return 1 + 1')()", "2");
  expect_result("local parts = { 'return ', '3' }\nlocal i = 0\n"
                "local result = load(function() i = i + 1 return parts[i] end)()", "3");
  /* a binary chunk (what string.dump would make) is refused */
  expect_result("local f, e = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n\\4\\8\\8')\n"
                "local result = tostring(f) .. ' ' .. tostring(e)",
                "nil attempt to load a binary chunk (mode is 't')");
  expect_error(NULL, "local result = load('return 1', 'x', 'b')", "load：规则中只能加载文本代码");
  expect_error(NULL, "local result = load('return 1', 'x', 'bt')", "load：规则中只能加载文本代码");
  /* loaded code runs in the same sandbox */
  expect_error(NULL, "local result = load('return io')()", "未定义的全局变量「io」");
  expect_result("local result = load('return x', 'c', 't', { x = 5 })()", "5");
}

static void test_gc_metamethod_refused(void **state) {
  (void)state;
  expect_error(NULL, "setmetatable({}, { __gc = function() while true do end end })", "不能使用 __gc");
  expect_result("local result = getmetatable(setmetatable({}, { __index = {} })) ~= nil", "true");
}

static void test_errors_carry_file_line_and_traceback(void **state) {
  (void)state;
  expect_error(NULL, "local function f()\n  error('坏了')\nend\nf()", "probe.lua:2: 坏了");
  expect_error(NULL, "local function f()\n  error('坏了')\nend\nf()", "stack traceback:");
  expect_error(NULL, "error({})", "probe.lua: （错误对象是 table 值）");
  expect_error(NULL, "local t = nil\nlocal result = t.x", "probe.lua:2: attempt to index a nil value");
}

/* -------------------------------------------------------------- limits */

static void test_memory_cap(void **state) {
  (void)state;
  hf_limits lim;
  limits_default(&lim);
  lim.max_memory = (size_t)32 << 20;
  const char *want = "probe.lua: 规则超出内存上限（32 MiB）";
  expect_error(&lim, "local t = {}\nfor i = 1, 1e8 do t[i] = i end", want);
  expect_error(&lim, "local ok = pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end)\nlocal result = ok", want);
  expect_error(&lim, "local ok = pcall(string.rep, 'x', 1e9)\nlocal result = ok", want);
  expect_error(&lim, "local parts = {}\nfor i = 1, 40 do pcall(function() parts[#parts + 1] = ('y'):rep(4e6) end) end", want);
  /* the cap leaves room for ordinary rules */
  char *ok = probe_lim("local t = {}\nfor i = 1, 1e5 do t[i] = i end\nlocal result = #t", &lim);
  assert_string_equal(ok, "100000");
  free(ok);
}

static void test_instruction_budget(void **state) {
  (void)state;
  hf_limits lim;
  limits_default(&lim);
  lim.max_instructions = 1000000;
  const char *want = "probe.lua: 规则超出指令预算（1000000 条指令）";
  expect_error(&lim, "while true do end", want);
  expect_error(&lim, "while true do end", "位置 probe.lua:1");
  expect_error(&lim, "local ok = pcall(function() while true do end end)\nlocal result = ok", want);
  expect_error(&lim, "for i = 1, 1e9 do pcall(function() while true do end end) end", want);
  expect_error(&lim, "while true do pcall(error, 'x') end", want);
  expect_error(&lim, "local function f() return xpcall(f, f) end\nwhile true do f() end", want);
  expect_error(&lim, "local function f(n) return f(n + 1) end\nlocal ok = pcall(f, 1)\nlocal result = ok", want);
  /* a bounded loop within the budget is fine */
  char *ok = probe_lim("local s = 0\nfor i = 1, 10000 do s = s + i end\nlocal result = s", &lim);
  assert_string_equal(ok, "50005000");
  free(ok);
}

/* --------------------------------------------------------- determinism */

static void test_random_is_deterministic(void **state) {
  (void)state;
  const char *code = "local result = math.random(1, 1000000000) .. ',' .. math.random()";
  char *a = probe(code), *b = probe(code);
  assert_string_not_equal(a, "nil");
  assert_null(strstr(a, "ERR"));
  assert_string_equal(a, b);
  free(a);
  free(b);
  expect_error(NULL, "math.randomseed()", "bad argument #1 to 'randomseed'");
  a = probe("math.randomseed(7)\nlocal result = math.random(1, 1e9)");
  b = probe("math.randomseed(7)\nlocal result = math.random(1, 1e9)");
  assert_string_equal(a, b);
  free(a);
  free(b);
}

static void assert_same_inputs(const hf_policy *a, const hf_policy *b) {
  assert_int_equal(a->ninputs, b->ninputs);
  for (size_t i = 0; i < a->ninputs; i++) {
    assert_string_equal(a->inputs[i].name, b->inputs[i].name);
    assert_int_equal(a->inputs[i].nfields, b->inputs[i].nfields);
    for (size_t k = 0; k < a->inputs[i].nfields; k++) {
      assert_string_equal(a->inputs[i].fields[k].name, b->inputs[i].fields[k].name);
      assert_string_equal(a->inputs[i].fields[k].header, b->inputs[i].fields[k].header);
      assert_int_equal(a->inputs[i].fields[k].type, b->inputs[i].fields[k].type);
      if (k > 0 && a->inputs[i].fields[k].type != HF_T_SCORE)
        assert_true(strcmp(a->inputs[i].fields[k - 1].name, a->inputs[i].fields[k].name) < 0);
    }
    if (i > 0) assert_true(strcmp(a->inputs[i - 1].name, a->inputs[i].name) < 0);
  }
}

/* Two states hash strings with different seeds, so pairs() order differs; the structs must not. */
static void test_pairs_order_does_not_leak(void **state) {
  (void)state;
  const char *const rules[] = {RULES "/callcenter_shuffled.lua", HUIFANG_SOURCE_DIR "/rules/callcenter.lua"};
  for (size_t r = 0; r < 2; r++) {
    hf_error err = {0};
    hf_policy *first = policy_load(rules[r], NULL, &err);
    assert_non_null(first);
    for (int round = 0; round < 5; round++) {
      hf_policy *again = policy_load(rules[r], NULL, &err);
      assert_non_null(again);
      assert_same_inputs(first, again);
      assert_string_equal(first->sha256, again->sha256);
      policy_free(again);
    }
    policy_free(first);
  }
  /* and the probe can see that pairs() order itself is not something to rely on */
  expect_result("local n = 0\nfor k in pairs({ a = 1, b = 2, c = 3 }) do n = n + 1 end\nlocal result = n", "3");
}

/* -------------------------------------------------------------- require */

static void test_require(void **state) {
  (void)state;
  hf_error err = {0};
  hf_policy *p = policy_load(RULES "/uses_lib.lua", NULL, &err);
  if (!p) fail_msg("%s", err.message);
  assert_string_equal(p->name, "lib:ok");
  policy_free(p);
  assert_null(policy_load(RULES "/cycle.lua", NULL, &err));
  assert_non_null(strstr(err.message, "require 循环依赖：cyc.a → cyc.b → cyc.a"));
  assert_non_null(strstr(err.message, "cycle.lua"));
  /* names that are not plain module names never reach the file system */
  static const char *const bad[] = {"../etc/passwd", "/etc/passwd", "lib..common", ".lib", "lib.", "lib/common",
                                    "", "lib.common.lua ", "a\\b"};
  char code[256];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(code, sizeof code, "local result = require(%s%s%s)", "'", bad[i], "'");
    expect_error(NULL, code, "模块名只能由字母、数字、下划线和点组成");
  }
  expect_error(NULL, "local result = require('no_such_module')", "无法读取规则文件");
  expect_error(NULL, "local result = require(42)", "无法读取规则文件");  /* 42 -> "42": a name, but no file */
}

/* ----------------------------------------------------------- wall clock */

typedef struct child_result {
  int status;        /* from waitpid */
  double seconds;    /* until it ended */
  char err[4096];    /* its stderr */
} child_result;

/* Forks; the child loads probe_path with lim and _exits 7 after printing the
** error (the watchdog's own _exit(1) comes first when it fires). */
static child_result run_child(const hf_limits *lim, double timeout) {
  child_result r = {0};
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    hf_error err = {0};
    hf_policy *p = policy_load(probe_path, lim, &err);
    if (p) _exit(0);
    dprintf(STDERR_FILENO, "%s\n", err.message);
    _exit(7);
  }
  close(fds[1]);
  size_t len = 0;
  for (;;) {
    struct pollfd pfd = {fds[0], POLLIN, 0};
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double left = timeout - ((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (left <= 0 || poll(&pfd, 1, (int)(left * 1000) + 1) <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    ssize_t n = read(fds[0], r.err + len, sizeof r.err - 1 - len);
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fds[0]);
  waitpid(pid, &r.status, 0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  r.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  return r;
}

/* string.find with exponential backtracking runs inside one C call, where no
** count hook fires: the watchdog ends the process with one line on stderr. */
static void test_wall_clock_kills_pathological_match(void **state) {
  (void)state;
  write_probe("local result = string.find(('a'):rep(26), ('a*'):rep(26) .. 'b')");
  hf_limits lim;
  limits_default(&lim);
  lim.time_limit = 1;
  child_result r = run_child(&lim, 20);
  assert_true(WIFEXITED(r.status));
  assert_int_equal(WEXITSTATUS(r.status), 1);
  assert_true(r.seconds < 6);
  if (!strstr(r.err, "huifang: probe.lua: 规则运行超过时间上限 1 秒（可能是病态的字符串匹配），已终止"))
    fail_msg("stderr: %s", r.err);
}

/* A long run of short C calls: the watchdog flags it, the count hook stops it
** as soon as the VM runs again, and the load fails with a message (no _exit). */
static void test_wall_clock_stops_vm_loops(void **state) {
  (void)state;
  write_probe("local ok = pcall(function() while true do local s = ('x'):rep(1000) end end)\nlocal result = ok");
  hf_limits lim;
  limits_default(&lim);
  lim.time_limit = 0.5;
  lim.max_instructions = UINT64_MAX;
  child_result r = run_child(&lim, 20);
  assert_true(WIFEXITED(r.status));
  assert_int_equal(WEXITSTATUS(r.status), 7);
  assert_true(r.seconds < 5);
  if (!strstr(r.err, "probe.lua: 规则运行超过时间上限（0.5 秒）")) fail_msg("stderr: %s", r.err);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_forbidden_globals),
      cmocka_unit_test(test_undefined_global_and_its_guard),
      cmocka_unit_test(test_load_text_only),
      cmocka_unit_test(test_gc_metamethod_refused),
      cmocka_unit_test(test_errors_carry_file_line_and_traceback),
      cmocka_unit_test(test_memory_cap),
      cmocka_unit_test(test_instruction_budget),
      cmocka_unit_test(test_random_is_deterministic),
      cmocka_unit_test(test_pairs_order_does_not_leak),
      cmocka_unit_test(test_require),
      cmocka_unit_test(test_wall_clock_kills_pathological_match),
      cmocka_unit_test(test_wall_clock_stops_vm_loops),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
