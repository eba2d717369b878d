/*
** test_policy.c — policy_load's structs for rules/callcenter.lua (expected
** values from DOMAIN.md's P1 table, not from the program), every validation
** error of tests/data/rules/invalid/ (each file names its expected message in
** "-- expect:" lines), and the hooks: the record view r, bad results, errors,
** the instruction budget inside a hook, and the cost of one hook call.
*/
#include "test_policy_support.h"

#include <time.h>
#include <unistd.h>

#include "common/calendar.h"
#include "common/date.h"
#include "policy/hooks.h"

#define RULES TEST_DATA_DIR "/rules"

static const char *source_dir(void) {
  const char *env = getenv("HUIFANG_SOURCE_DIR");
  return env && *env ? env : HUIFANG_SOURCE_DIR;
}

/* --------------------------------------------------------- callcenter */

static void test_callcenter_structs(void **state) {
  (void)state;
  char path[4096];
  snprintf(path, sizeof path, "%s/rules/callcenter.lua", source_dir());
  hf_policy *p = load_ok(path);
  assert_string_equal(p->name, "回访组质检月报");
  assert_string_equal(p->rule_file, path);
  assert_int_equal(strlen(p->sha256), 64);
  assert_string_equal(p->report.title, "回访组录音质检月报");
  assert_string_equal(p->report.company, "某证券呼叫中心");
  assert_int_equal(p->report.unqualified_limit, 300);
  assert_null(p->report.font);
  assert_int_equal(p->report.font_index, 0);

  assert_int_equal(p->ninputs, 3);
  assert_string_equal(p->inputs[0].name, "checks");  /* sorted by name */
  assert_string_equal(p->inputs[1].name, "publish");
  assert_string_equal(p->inputs[2].name, "volume");
  assert_int_equal(policy_find_input(p, "volume"), 2);
  assert_false(p->inputs[0].optional);
  assert_true(p->inputs[1].optional);  /* the publishing log may be absent */
  assert_int_equal(p->ndeadlines, 1);
  assert_int_equal(p->deadlines[0].kind, HF_DL_NEXT_DAY_AT);
  assert_int_equal(p->deadlines[0].at, 11 * 3600 + 30 * 60);  /* T+1 11:30 */
  assert_int_equal(p->deadlines[0].amount, 1);
  assert_int_equal(policy_find_input(p, "nope"), -1);
  const hf_input_spec *in = &p->inputs[0];
  assert_string_equal(in->file, "checks.csv");
  assert_int_equal(in->encoding, HF_ENC_AUTO);
  assert_int_equal(in->on_error, HF_ON_ERROR_FAIL);
  /* 13 declared fields in byte order, then the 10 items in item order */
  static const char *const names[] = {"agent", "call_id", "checker", "customer", "date",  "duration", "grade",
                                      "improve", "name",  "outcome", "strengths", "team", "time"};
  assert_int_equal(in->nfields, 13 + 10);
  for (size_t i = 0; i < 13; i++) assert_string_equal(in->fields[i].name, names[i]);
  for (size_t i = 1; i < 13; i++) assert_true(strcmp(in->fields[i - 1].name, in->fields[i].name) < 0);
  const hf_field_spec *f = &in->fields[field_index(in, "grade")];
  assert_string_equal(f->header, "员工级别");
  assert_int_equal(f->type, HF_T_ENUM);
  assert_int_equal(f->enum_values.n, 2);
  assert_string_equal(f->enum_values.v[0], "单技能");
  assert_string_equal(f->enum_values.v[1], "双技能");
  assert_int_equal(in->fields[field_index(in, "date")].type, HF_T_DATE);
  assert_null(in->fields[field_index(in, "date")].date_format);
  assert_int_equal(in->fields[field_index(in, "time")].type, HF_T_TIME);
  assert_int_equal(in->fields[field_index(in, "duration")].type, HF_T_INT);
  assert_string_equal(in->fields[field_index(in, "agent")].header, "工号");
  assert_int_equal(in->fields[field_index(in, "agent")].type, HF_T_STRING);
  assert_true(in->fields[field_index(in, "strengths")].optional);
  assert_true(in->fields[field_index(in, "improve")].optional);
  assert_false(in->fields[field_index(in, "name")].optional);

  const hf_scorecard_spec *sc = &p->scorecard;
  assert_true(sc->present);
  assert_int_equal(sc->input, 0);
  /* DOMAIN.md P1: (item, group, fatal); 规范话术 non-fatal per the table */
  static const struct { const char *name, *group; bool fatal; } items[] = {
      {"业务精准度及风险控制", "业务类", true}, {"业务熟练度", "业务类", true},     {"通话类型及通话登记", "业务类", true},
      {"规范话术", "业务类", false},           {"服务礼仪", "服务类", false},     {"服务主动性", "服务类", true},
      {"服务禁忌项", "服务类", true},          {"语言规范", "通话技巧", false},   {"语言表达逻辑性", "通话技巧", false},
      {"主动安抚", "通话技巧", false}};
  assert_int_equal(sc->nitems, 10);
  for (size_t i = 0; i < 10; i++) {
    assert_string_equal(sc->items[i].name, items[i].name);
    assert_string_equal(sc->items[i].group, items[i].group);
    assert_int_equal(sc->items[i].fatal, items[i].fatal);
    assert_true(sc->items[i].weight == 1.0);
    assert_int_equal(sc->items[i].field, 13 + i);
    const hf_field_spec *sf = &in->fields[13 + i];
    assert_string_equal(sf->name, items[i].name);
    assert_string_equal(sf->header, items[i].name);
    assert_int_equal(sf->type, HF_T_SCORE);
    assert_ptr_equal(sf->score, &sc->values);
  }
  assert_int_equal(sc->values.pass.n, 1);
  assert_string_equal(sc->values.pass.v[0], "1");
  assert_string_equal(sc->values.fail.v[0], "0");
  assert_string_equal(sc->values.na.v[0], "N/A");
  assert_int_equal(sc->max_fatal, 0);
  assert_int_equal(sc->max_nonfatal, 2);
  assert_int_equal(sc->excellent_max_fails, 0);
  assert_null(sc->qualified_hook);
  assert_null(sc->excellent_hook);
  assert_string_equal(sc->level_excellent, "优秀");
  assert_string_equal(sc->level_qualified, "中等");
  assert_string_equal(sc->level_unqualified, "差");
  assert_true(sc->weight == 1.0);
  assert_true(sc->has_date_field);
  assert_int_equal(sc->date_field, field_index(in, "date"));
  static const char *const list[] = {"date", "time", "agent", "name", "team", "call_id"};
  assert_int_equal(sc->nlist_fields, 6);
  for (size_t i = 0; i < 6; i++) assert_int_equal(sc->list_fields[i], field_index(in, list[i]));
  assert_true(sc->has_note_field);
  assert_int_equal(sc->note_field, field_index(in, "improve"));

  assert_int_equal(p->ngroups, 2);
  assert_string_equal(p->groups[0].id, "by_agent");
  assert_string_equal(p->groups[0].title, "坐席质检成绩");
  assert_int_equal(p->groups[0].nby, 1);
  assert_int_equal(p->groups[0].by[0], field_index(in, "agent"));
  assert_int_equal(p->groups[0].ncarry, 2);
  assert_int_equal(p->groups[0].carry[0], field_index(in, "name"));
  assert_int_equal(p->groups[0].carry[1], field_index(in, "team"));
  assert_string_equal(p->groups[1].id, "by_team");
  assert_int_equal(p->groups[1].by[0], field_index(in, "team"));
  assert_int_equal(p->groups[1].ncarry, 0);

  const hf_input_spec *vol = &p->inputs[2];
  assert_true(p->coverage.present);
  assert_int_equal(p->coverage.input, 2);
  assert_int_equal(p->coverage.date_field, field_index(vol, "date"));
  assert_int_equal(p->coverage.count_field, field_index(vol, "recordings"));
  assert_int_equal(vol->fields[p->coverage.count_field].type, HF_T_INT);
  assert_true(p->coverage.ratio == 0.10);
  policy_free(p);
}

static void test_sha256_matches_sha256sum(void **state) {
  (void)state;
  char path[4096], cmd[4200], want[65] = "";
  snprintf(path, sizeof path, "%s/rules/callcenter.lua", source_dir());
  snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
  FILE *fp = popen(cmd, "r");
  assert_non_null(fp);
  assert_int_equal(fscanf(fp, "%64s", want), 1);
  pclose(fp);
  hf_policy *p = load_ok(path);
  assert_string_equal(p->sha256, want);
  assert_string_equal(p->rules_dir + strlen(p->rules_dir) - 6, "/rules");
  policy_free(p);
}

static void test_minimal_defaults(void **state) {
  (void)state;
  hf_policy *p = load_ok(RULES "/minimal.lua");
  assert_string_equal(p->report.title, "最小规则");  /* default: name */
  assert_string_equal(p->report.company, "");
  assert_int_equal(p->report.unqualified_limit, 200);
  assert_string_equal(p->inputs[1].file, "volume.csv");  /* default: <name>.csv */
  const hf_scorecard_spec *sc = &p->scorecard;
  assert_string_equal(sc->items[1].group, "B");
  assert_false(sc->items[1].fatal);
  assert_true(sc->items[1].weight == 1.0);
  assert_int_equal(sc->max_fatal, 0);
  assert_int_equal(sc->max_nonfatal, 2);
  assert_int_equal(sc->excellent_max_fails, 0);
  assert_string_equal(sc->level_qualified, "中等");
  assert_true(sc->weight == 1.0);
  policy_free(p);
}

static void test_missing_rule_file(void **state) {
  (void)state;
  hf_error err = {0};
  assert_null(policy_load(RULES "/no-such-rule.lua", NULL, &err));
  assert_int_equal(err.status, HF_ERR_DATA);
  assert_non_null(strstr(err.message, "no-such-rule.lua"));
}

/* --------------------------------------------------- validation errors */

/* Each invalid/NAME.lua: load fails with HF_ERR_DATA and every "-- expect:" text in the message. */
static void test_invalid_rules(void **state) {
  (void)state;
  check_invalid_rules(RULES "/invalid", 40);
}

/* ------------------------------------------------------------- hooks */

typedef struct rec_fixture {
  hf_value values[32];
  hf_record rec;
  hf_verdict v;
} rec_fixture;

static void set_text(hf_value *val, const char *s) {
  val->text = s;
  val->len = strlen(s);
  val->empty = false;
}

/* A hooks.lua record: agent, at 09:05:07, date 2026-10-21, no note, score 1.5, secs 75; items given. */
static void make_record(rec_fixture *r, const hf_policy *p, const char *agent, hf_score a, hf_score b, hf_score c) {
  memset(r, 0, sizeof *r);
  const hf_input_spec *in = &p->inputs[p->scorecard.input];
  set_text(&r->values[field_index(in, "agent")], agent);
  set_text(&r->values[field_index(in, "at")], "9:05:07");
  r->values[field_index(in, "at")].v.seconds = 9 * 3600 + 5 * 60 + 7;
  set_text(&r->values[field_index(in, "date")], "20261021");
  r->values[field_index(in, "date")].v.date = date_from_ymd(2026, 10, 21);
  r->values[field_index(in, "note")].empty = true;
  r->values[field_index(in, "note")].text = "";
  set_text(&r->values[field_index(in, "score")], "1.5");
  r->values[field_index(in, "score")].v.num = 1.5;
  set_text(&r->values[field_index(in, "secs")], "75");
  r->values[field_index(in, "secs")].v.i = 75;
  hf_score s[3] = {a, b, c};
  for (size_t i = 0; i < 3; i++) {
    r->values[p->scorecard.items[i].field].v.score = s[i];
    set_text(&r->values[p->scorecard.items[i].field], s[i] == HF_SCORE_PASS ? "1" : s[i] == HF_SCORE_FAIL ? "0" : "N/A");
    r->v.passes += s[i] == HF_SCORE_PASS;
    r->v.na += s[i] == HF_SCORE_NA;
    r->v.fails += s[i] == HF_SCORE_FAIL;
    if (s[i] == HF_SCORE_FAIL) {
      if (p->scorecard.items[i].fatal) r->v.fatal_fails++;
      else r->v.nonfatal_fails++;
    }
  }
  r->rec.input = in;
  r->rec.line = 7;
  r->rec.values = r->values;
}

static bool call(hf_policy *p, hf_hook *h, rec_fixture *r) {
  hf_error err = {0};
  bool out = false;
  if (hook_call_bool(p, h, &r->rec, &r->v, &out, &err) != HF_OK) fail_msg("%s", err.message);
  return out;
}

static void test_hooks_see_the_record(void **state) {
  (void)state;
  hf_policy *p = load_ok(RULES "/hooks.lua");
  hf_hook *q = p->scorecard.qualified_hook, *x = p->scorecard.excellent_hook;
  assert_non_null(q);
  assert_non_null(x);
  assert_string_equal(hook_describe(q), "scorecard.qualified (hooks.lua:21)");
  assert_string_equal(hook_describe(x), "scorecard.excellent (hooks.lua:25)");
  rec_fixture r;
  const hf_score P = HF_SCORE_PASS, F = HF_SCORE_FAIL, N = HF_SCORE_NA;
  make_record(&r, p, "A1", P, P, N);
  assert_true(call(p, q, &r));
  r.v.qualified = true;
  assert_true(call(p, x, &r));   /* every field check in the hook holds */
  r.v.qualified = false;
  assert_false(call(p, x, &r));  /* r.qualified reaches the excellent hook */
  make_record(&r, p, "A1", F, P, P);  /* one fatal fail */
  assert_false(call(p, q, &r));
  make_record(&r, p, "A1", P, F, P);  /* one non-fatal fail */
  assert_true(call(p, q, &r));
  r.v.qualified = true;
  assert_false(call(p, x, &r));  /* r.item["乙"] == "fail" */
  make_record(&r, p, "A1", P, F, F);  /* two non-fatal fails */
  assert_false(call(p, q, &r));
  make_record(&r, p, "A9", P, P, P);  /* r.agent */
  assert_false(call(p, q, &r));
  make_record(&r, p, "A1", P, P, P);
  r.values[field_index(r.rec.input, "secs")].v.i = 60;  /* r.secs is an integer */
  r.v.qualified = true;
  assert_false(call(p, x, &r));
  policy_free(p);
}

static hf_error call_err(hf_policy *p, hf_hook *h, const char *agent) {
  rec_fixture r;
  memset(&r, 0, sizeof r);
  const hf_input_spec *in = &p->inputs[0];
  set_text(&r.values[field_index(in, "agent")], agent);
  r.rec.input = in;
  r.rec.line = 3;
  r.rec.values = r.values;
  hf_error err = {0};
  bool out = false;
  assert_int_equal(hook_call_bool(p, h, &r.rec, &r.v, &out, &err), HF_ERR_DATA);
  return err;
}

static void test_hook_errors(void **state) {
  (void)state;
  hf_policy *p = load_ok(RULES "/hook_bad.lua");
  hf_error err = call_err(p, p->scorecard.qualified_hook, "A1");
  assert_non_null(strstr(err.message, "scorecard.qualified (hook_bad.lua:9): 应返回 boolean（true 或 false），实际返回 number（0）"));
  err = call_err(p, p->scorecard.excellent_hook, "raise");
  assert_non_null(strstr(err.message, "scorecard.excellent (hook_bad.lua:12): hook_bad.lua:13: 坏记录 raise"));
  assert_non_null(strstr(err.message, "stack traceback:"));
  err = call_err(p, p->scorecard.excellent_hook, "typo");
  assert_non_null(strstr(err.message, "hook_bad.lua:14: 记录 r 中没有字段「agnet」"));
  err = call_err(p, p->scorecard.excellent_hook, "write");
  assert_non_null(strstr(err.message, "hook_bad.lua:15: 记录 r 是只读的，不能写入「agent」"));
  /* errors are per call: a good record still works afterwards */
  rec_fixture r;
  memset(&r, 0, sizeof r);
  set_text(&r.values[0], "ok");
  r.rec.input = &p->inputs[0];
  r.rec.values = r.values;
  assert_true(call(p, p->scorecard.excellent_hook, &r));
  policy_free(p);
}

static void test_hook_instruction_budget(void **state) {
  (void)state;
  const char *const agents[] = {"loop", "pcall"};
  for (size_t i = 0; i < 2; i++) {
    hf_limits lim;
    limits_default(&lim);
    lim.max_instructions = 1000000;
    hf_error err = {0};
    hf_policy *p = policy_load(RULES "/hook_bad.lua", &lim, &err);
    assert_non_null(p);
    err = call_err(p, p->scorecard.excellent_hook, agents[i]);
    assert_non_null(strstr(err.message, "hook_bad.lua: 规则超出指令预算（1000000 条指令）"));
    assert_non_null(strstr(err.message, "scorecard.excellent (hook_bad.lua:12)"));
    err = call_err(p, p->scorecard.excellent_hook, "ok");  /* the breach is final */
    assert_non_null(strstr(err.message, "规则超出指令预算"));
    policy_free(p);
  }
}

/* A `where` function runs outside the scorecard: no verdict (v = NULL), so the
** verdict's keys read nil while fields, datetimes and r.line read as usual. */
static void test_hook_without_verdict(void **state) {
  (void)state;
  char path[] = "/tmp/hf-policy-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "w");
  assert_non_null(fp);
  fputs("return huifang.policy { name = 'x',\n"
        "  inputs = { c = { fields = { k = 'K', d = { 'D', type = 'datetime' } } } },\n"
        "  tables = { { 't', input = 'c', list = { 'k' }, where = function(r)\n"
        "    for _, key in ipairs({ 'fatal_fails', 'nonfatal_fails', 'fails', 'passes', 'na', 'qualified' }) do\n"
        "      if r[key] ~= nil then error('r.' .. key .. ' is not nil') end\n"
        "    end\n"
        "    return r.line == 3 and r.k == 'x' and r.d == '2026-10-21 09:05:07' end } } }\n",
        fp);
  assert_int_equal(fclose(fp), 0);
  hf_policy *p = load_ok(path);
  hf_hook *h = p->tables[0].where.hook;
  assert_non_null(h);
  rec_fixture r;
  memset(&r, 0, sizeof r);
  const hf_input_spec *in = &p->inputs[0];
  set_text(&r.values[field_index(in, "k")], "x");
  set_text(&r.values[field_index(in, "d")], "2026-10-21 09:05:07");
  r.values[field_index(in, "d")].v.stamp = cal_stamp(date_from_ymd(2026, 10, 21), 9 * 3600 + 5 * 60 + 7);
  r.rec.input = in;
  r.rec.line = 3;
  r.rec.values = r.values;
  hf_error err = {0};
  bool out = false;
  if (hook_call_bool(p, h, &r.rec, NULL, &out, &err) != HF_OK) fail_msg("%s", err.message);
  assert_true(out);
  r.rec.line = 4;
  assert_int_equal(hook_call_bool(p, h, &r.rec, NULL, &out, &err), HF_OK);
  assert_false(out);
  policy_free(p);
  unlink(path);
}

/* The cost of one hook call: 1M calls of `function(r) return r.fatal_fails == 0 end`. */
static void test_hook_call_cost(void **state) {
  (void)state;
  char path[] = "/tmp/hf-policy-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "w");
  fputs("return huifang.policy { name = 'x', inputs = { c = { fields = { k = 'K' } } },\n"
        "  scorecard = { input = 'c', values = { pass = '1', fail = '0' }, items = { { 'i' } },\n"
        "    qualified = function(r) return r.fatal_fails == 0 end } }\n", fp);
  fclose(fp);
  hf_policy *p = load_ok(path);
  rec_fixture r;
  memset(&r, 0, sizeof r);
  set_text(&r.values[0], "k");
  r.rec.input = &p->inputs[0];
  r.rec.values = r.values;
  hf_error err;
  bool out = false;
  struct timespec t0, t1;
  const long calls = 1000000;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < calls; i++) {
    r.v.fatal_fails = (int)(i & 1);
    if (hook_call_bool(p, p->scorecard.qualified_hook, &r.rec, &r.v, &out, &err) != HF_OK) fail_msg("%s", err.message);
    if (out != !(i & 1)) fail_msg("call %ld: wrong result", i);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / (double)calls;
  print_message("hook_call_bool: %.0f ns per call (%ld calls)\n", ns, calls);
  assert_true(ns < 20000);  /* generous: sanitizer builds are several times slower */
  policy_free(p);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_callcenter_structs),  cmocka_unit_test(test_sha256_matches_sha256sum),
      cmocka_unit_test(test_minimal_defaults),    cmocka_unit_test(test_missing_rule_file),
      cmocka_unit_test(test_invalid_rules),       cmocka_unit_test(test_hooks_see_the_record),
      cmocka_unit_test(test_hook_errors),         cmocka_unit_test(test_hook_instruction_budget),
      cmocka_unit_test(test_hook_without_verdict),
      cmocka_unit_test(test_hook_call_cost),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
