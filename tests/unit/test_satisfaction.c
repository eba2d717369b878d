/*
** test_satisfaction.c — the `scales` and `satisfaction` sections: every policy
** error of tests/data/satisfaction/invalid/ (each file names its expected
** message in "-- expect:" lines), the structs read from fixture.lua, and the
** block's numbers on a six-form fixture worked by hand below (a −1 answer, a
** skip, a respondent who skipped everything, a respondent with two forms, a
** voided form filtered out by `where`, a negative satisfaction), then --period,
** and an answer outside the scale (the run fails naming file:line:column, the
** header and the allowed answers; with on_error = "skip" the row is listed).
*/
#include "test_policy_support.h"

#include <math.h>

#define DATA TEST_DATA_DIR "/satisfaction"

/* ------------------------------------------------------------ helpers */

static const hf_input_spec *input(const hf_policy *p, const char *name) {
  int i = policy_find_input(p, name);
  assert_true(i >= 0);
  return &p->inputs[i];
}

static const hf_field_spec *field(const hf_input_spec *in, const char *name) {
  return &in->fields[field_index(in, name)];
}

/* Runs the policy on responses (and sent.csv); the paths follow the policy's input order. */
static hf_status run(hf_policy *p, const char *responses, const hf_run_options *base, hf_results **out,
                     hf_error *err) {
  const char *paths[2];
  paths[policy_find_input(p, "responses")] = responses;
  paths[policy_find_input(p, "sent")] = DATA "/sent.csv";
  hf_run_options o = {0};
  if (base) o = *base;
  o.input_paths = paths;
  *out = results_new();
  return evaluate_run(p, &o, *out, err);
}

/* Exact: the sums are small integers and the block divides once, as written here.
** Whole points and full marks are int cells (every scale here has whole points). */
static void assert_num(const hf_table *t, size_t row, const char *col, double want) {
  const hf_cell *c = cell(t, row, col);
  bool whole = strcmp(col, "points") == 0 || strcmp(col, "full") == 0;
  if (c->kind != (whole ? HF_CELL_INT : HF_CELL_NUM))
    fail_msg("%s[%zu].%s: not %s (kind %d)", t->id, row, col, whole ? "an int" : "a number", (int)c->kind);
  double got = whole ? (double)c->u.i : c->u.d;
  if (got != want) fail_msg("%s[%zu].%s = %.17g, expected %.17g", t->id, row, col, got, want);
}

/* ------------------------------------------------------------ policy errors */

/* Each invalid/NAME.lua: load fails with HF_ERR_DATA and every "-- expect:" text in the message. */
static void test_invalid_rules(void **state) {
  (void)state;
  check_invalid_rules(DATA "/invalid", 30);
}

/* ------------------------------------------------------------ structs */

static void test_fixture_structs(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/fixture.lua");
  /* scales, sorted by name */
  assert_int_equal(p->nscales, 4);
  static const char *const names[] = {"five", "score05", "three", "yesno"};
  for (size_t i = 0; i < 4; i++) assert_string_equal(p->scales[i].name, names[i]);
  const hf_scale_spec *five = &p->scales[0];
  assert_int_equal(five->answers.n, 5);
  assert_string_equal(five->answers.v[4], "很不满意");
  assert_true(five->points[0] == 3 && five->points[1] == 2 && five->points[2] == 1 && five->points[3] == 0 &&
              five->points[4] == -1);
  assert_true(five->full == 3);
  assert_int_equal(five->skip.n, 2);
  assert_string_equal(five->skip.v[0], "");
  assert_string_equal(five->skip.v[1], "不适用");
  assert_true(p->scales[1].full == 5);  /* default: the highest points */
  assert_true(p->scales[2].full == 3);
  assert_int_equal(p->scales[2].skip.n, 1);  /* skip = "" (a single string) */
  assert_true(p->scales[3].full == 1);

  assert_int_equal(p->nsurveys, 1);
  const hf_satisfaction_spec *s = &p->surveys[0];
  const hf_input_spec *in = input(p, "responses");
  assert_string_equal(s->id, "owner");
  assert_string_equal(s->title, "业主满意度");
  assert_int_equal(s->nquestions, 5);
  assert_string_equal(in->fields[s->questions[0].field].name, "design");
  assert_int_equal(s->questions[0].scale, 0);
  assert_string_equal(s->questions[0].label, "设计");  /* the header */
  assert_true(s->questions[0].overall);
  assert_null(s->questions[0].kpi);
  assert_string_equal(s->questions[2].label, "服务态度");
  assert_int_equal(s->questions[2].scale, 2);
  assert_false(s->questions[3].overall);
  assert_string_equal(s->questions[3].kpi, "推荐意愿");
  assert_string_equal(s->questions[4].kpi, "评分");  /* kpi = true: the label */
  assert_int_equal(s->nby, 2);
  assert_string_equal(in->fields[s->by[0]].name, "project");
  assert_true(s->has_respondent);
  assert_string_equal(in->fields[s->respondent_field].name, "customer");
  assert_int_equal(s->ncarry, 1);
  assert_int_equal(s->pdf_limit, 3);
  assert_true(s->has_target && s->target == 0.5);
  assert_true(s->has_date);
  assert_true(s->has_sent && s->has_sent_count && s->has_return_target && s->return_target == 0.5);
  assert_int_equal(s->sent_input, (size_t)policy_find_input(p, "sent"));
  assert_int_equal(s->sent_where.nconds, 1);

  /* question fields became enums of the scale's answers and non-empty skips; "" makes them optional */
  const hf_field_spec *f = field(in, "design");
  assert_int_equal(f->type, HF_T_ENUM);
  assert_int_equal(f->enum_values.n, 6);
  assert_string_equal(f->enum_values.v[0], "很满意");
  assert_string_equal(f->enum_values.v[5], "不适用");
  assert_true(f->optional);
  f = field(in, "score");
  assert_int_equal(f->type, HF_T_ENUM);
  assert_int_equal(f->enum_values.n, 6);
  assert_string_equal(f->enum_values.v[5], "0");
  assert_int_equal(field(in, "name")->type, HF_T_STRING);  /* others untouched */
  policy_free(p);
}

/* ------------------------------------------------------------ the fixture, by hand

Overall questions: 设计 (five: 3 2 1 0 −1, full 3), 质量 (five), 服务 (three: 3 2 0,
full 3), 评分 (0–5, full 5). 推荐 (yes/no) is not in the overall.

  form  who  project team  设计  质量   服务  推荐  评分   answered points full
  1     C01  锦绣    一队   3     2      3     是    5      4        13     14
  2     C02  锦绣    二队   −1    −1     0     否    0      4        −2     14
  3     C03  翠园    一队   2     skip   2     是    4      3         8     11
  4     C04  翠园    二队   skip  skip   skip  skip  skip   0         0      0
  5     C01  翠园    一队   1     3      3     是    skip   3         7      9
  6     C05  锦绣    一队   0     −1     2     否    2      4         3     14
  (7    C06, 作废: not counted)
  total                                                   18        29     62
*/

static void test_fixture_numbers(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/fixture.lua");
  hf_results *r;
  hf_error err = {0};
  if (run(p, DATA "/responses.csv", NULL, &r, &err) != HF_OK) fail_msg("%s", err.message);

  const hf_kpi *k = kpi(r, "owner_satisfaction");
  assert_string_equal(k->label, "业主满意度");
  assert_true(k->value == 29.0 / 62.0);
  assert_int_equal(k->format, HF_FMT_PERCENT);
  assert_string_equal(k->detail, "29 / 62 分");
  assert_true(k->has_target && k->target == 0.5 && !k->met);  /* 46.8% < 50% */
  k = kpi(r, "owner_responses");
  assert_true(k->value == 6);
  assert_string_equal(k->detail, "5 位受访者");
  k = kpi(r, "owner_return_rate");
  assert_true(k->value == 6.0 / 9.0);  /* 问卷 5 + 4 copies sent; the 礼品 row is filtered out */
  assert_string_equal(k->detail, "6 / 9 份");
  assert_true(k->has_target && k->target == 0.5 && k->met);
  k = kpi(r, "owner_recommend");
  assert_string_equal(k->label, "推荐意愿");
  assert_true(k->value == 3.0 / 5.0);
  k = kpi(r, "owner_score");
  assert_true(k->value == 11.0 / 20.0);
  assert_string_equal(k->detail, "11 / 20 分");

  const hf_table *t = table(r, "owner_questions");
  assert_int_equal(t->nrows, 5);
  assert_non_null(strstr(t->note, "不计入总体满意度：「推荐」"));
  /* question, answered, skipped, points, full, mean, satisfaction */
  static const struct {
    const char *q, *scale;
    int answered, skipped;
    double points, full;
  } qs[] = {{"设计", "five", 5, 1, 5, 15},   {"质量", "five", 4, 2, 3, 12},  {"服务态度", "three", 5, 1, 10, 15},
            {"推荐", "yesno", 5, 1, 3, 5}, {"评分", "score05", 4, 2, 11, 20}};
  for (size_t i = 0; i < 5; i++) {
    assert_text(t, i, "question", qs[i].q);
    assert_text(t, i, "scale", qs[i].scale);
    assert_int_cell(t, i, "answered", qs[i].answered);
    assert_int_cell(t, i, "skipped", qs[i].skipped);
    assert_num(t, i, "points", qs[i].points);
    assert_num(t, i, "full", qs[i].full);
    assert_num(t, i, "mean", qs[i].points / qs[i].answered);
    assert_num(t, i, "satisfaction", qs[i].points / qs[i].full);
  }

  /* by project: 翠园 (E7 BF A0) sorts before 锦绣 (E9 94 A6) */
  t = table(r, "owner_by_project");
  assert_string_equal(t->title, "业主满意度 · 按项目");
  assert_int_equal(t->nrows, 2);
  assert_string_equal(t->cols[0].label, "项目");
  assert_text(t, 0, "project", "翠园");      /* forms 3, 4, 5: C03, C04, C01 */
  assert_int_cell(t, 0, "respondents", 3);
  assert_int_cell(t, 0, "answered", 6);
  assert_num(t, 0, "points", 15);
  assert_num(t, 0, "full", 20);
  assert_num(t, 0, "satisfaction", 15.0 / 20.0);
  assert_text(t, 1, "project", "锦绣");      /* forms 1, 2, 6 */
  assert_int_cell(t, 1, "respondents", 3);
  assert_int_cell(t, 1, "answered", 12);
  assert_num(t, 1, "points", 14);
  assert_num(t, 1, "full", 42);
  assert_num(t, 1, "satisfaction", 14.0 / 42.0);

  t = table(r, "owner_by_team");
  assert_int_equal(t->nrows, 2);
  assert_text(t, 0, "team", "一队");         /* forms 1, 3, 5, 6: C01 counted once */
  assert_int_cell(t, 0, "respondents", 3);
  assert_int_cell(t, 0, "answered", 14);
  assert_num(t, 0, "points", 31);
  assert_num(t, 0, "full", 48);
  assert_num(t, 0, "satisfaction", 31.0 / 48.0);
  assert_text(t, 1, "team", "二队");         /* forms 2, 4: negative */
  assert_int_cell(t, 1, "respondents", 2);
  assert_num(t, 1, "points", -2);
  assert_num(t, 1, "full", 14);
  assert_num(t, 1, "satisfaction", -2.0 / 14.0);

  /* distribution: every answer of the scale in scale order, then (未作答) when the question can be skipped */
  t = table(r, "owner_distribution");
  assert_int_equal(t->nrows, 6 + 6 + 4 + 3 + 7);
  static const char *const design[] = {"很满意", "满意", "一般", "不满意", "很不满意"};
  for (size_t i = 0; i < 5; i++) {
    assert_text(t, i, "question", "设计");
    assert_text(t, i, "answer", design[i]);
    assert_num(t, i, "points", 3.0 - (double)i);
    assert_int_cell(t, i, "count", 1);
    assert_num(t, i, "share", 1.0 / 5.0);
  }
  assert_text(t, 5, "answer", "（未作答）");
  assert_int_cell(t, 5, "count", 1);
  assert_text(t, 5, "share", NULL);
  assert_text(t, 5, "points", NULL);
  /* 质量: 很满意 1, 满意 1, 一般 0, 不满意 0, 很不满意 2, skipped 2 */
  assert_int_cell(t, 6, "count", 1);
  assert_int_cell(t, 8, "count", 0);
  assert_num(t, 8, "share", 0);
  assert_int_cell(t, 10, "count", 2);
  assert_num(t, 10, "share", 2.0 / 4.0);
  assert_int_cell(t, 11, "count", 2);
  /* 推荐: 是 3, 否 2 */
  assert_text(t, 16, "question", "推荐");
  assert_text(t, 16, "answer", "是");
  assert_int_cell(t, 16, "count", 3);
  assert_num(t, 16, "share", 3.0 / 5.0);

  /* respondents: least satisfied first, the one who answered nothing last */
  t = table(r, "owner_respondents");
  assert_int_equal(t->nrows, 5);
  assert_int_equal(t->pdf_limit, 3);
  assert_string_equal(t->note, "按满意度从低到高排列（未作答的在最后）；共 5 位");
  static const struct {
    const char *who, *name;
    int forms, answered;
    double points, full;
  } rs[] = {{"C02", "李强", 1, 4, -2, 14}, {"C05", "陈静", 1, 4, 3, 14}, {"C03", "张敏", 1, 3, 8, 11},
            {"C01", "王芳", 2, 7, 20, 23}, {"C04", "刘洋", 1, 0, 0, 0}};
  for (size_t i = 0; i < 5; i++) {
    assert_text(t, i, "customer", rs[i].who);
    assert_text(t, i, "name", rs[i].name);
    assert_int_cell(t, i, "forms", rs[i].forms);
    assert_int_cell(t, i, "answered", rs[i].answered);
    assert_num(t, i, "points", rs[i].points);
    assert_num(t, i, "full", rs[i].full);
    if (rs[i].full > 0) assert_num(t, i, "satisfaction", rs[i].points / rs[i].full);
    else assert_text(t, i, "satisfaction", NULL);
  }
  assert_true(has_warning(r, "1 位受访者有不止一份问卷（如「C01」，第 2 行和第 6 行）"));
  assert_int_equal(r->nwarnings, 1);
  /* the period is the responses' date range (no scorecard, no --period) */
  assert_string_equal(r->period_from, "2026-11-02");
  assert_string_equal(r->period_to, "2026-12-01");
  results_free(r);
  policy_free(p);
}

/* --period 2026-11 drops form 6 (2026-12-01): total 26 / 48, C05 gone. */
static void test_period(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/fixture.lua");
  hf_results *r;
  hf_error err = {0};
  hf_run_options o = {0};
  o.has_period = true;
  assert_true(date_parse_iso("2026-11-01", &o.period_from));
  assert_true(date_parse_iso("2026-11-30", &o.period_to));
  if (run(p, DATA "/responses.csv", &o, &r, &err) != HF_OK) fail_msg("%s", err.message);
  assert_true(kpi(r, "owner_satisfaction")->value == 26.0 / 48.0);
  assert_true(kpi(r, "owner_responses")->value == 5);
  assert_true(kpi(r, "owner_return_rate")->value == 5.0 / 9.0);
  assert_int_equal(table(r, "owner_respondents")->nrows, 4);
  assert_true(has_warning(r, "业主满意度 1 行的日期不在统计期 2026-11-01 至 2026-11-30 内，未计入（第一处在第 7 行）"));
  results_free(r);
  policy_free(p);
}

/* An answer outside the scale stops the run: file:line:column, the header, the allowed answers. */
static void test_bad_answer_fails(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/fixture.lua");
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run(p, DATA "/bad_answer.csv", NULL, &r, &err), HF_ERR_DATA);
  const char *want[] = {"bad_answer.csv:3:8: 列「设计」的值「非常满意」不在允许的取值中",
                        "「很满意」、「满意」、「一般」、「不满意」、「很不满意」、「不适用」之一"};
  for (size_t i = 0; i < 2; i++)
    if (!strstr(err.message, want[i])) fail_msg("expected「%s」in:\n  %s", want[i], err.message);
  results_free(r);
  policy_free(p);
}

/* With on_error = "skip" both bad rows (line 3: 设计 非常满意; line 4: 评分 6) are listed, the rest counted. */
static void test_bad_answer_skipped(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/fixture.lua");
  p->inputs[policy_find_input(p, "responses")].on_error = HF_ON_ERROR_SKIP;
  hf_results *r;
  hf_error err = {0};
  if (run(p, DATA "/bad_answer.csv", NULL, &r, &err) != HF_OK) fail_msg("%s", err.message);
  const hf_table *t = table(r, "rejected");
  assert_int_equal(t->nrows, 2);
  assert_int_cell(t, 0, "line", 3);
  assert_int_cell(t, 0, "column", 8);
  assert_text(t, 0, "header", "设计");
  assert_int_cell(t, 1, "line", 4);
  assert_text(t, 1, "header", "评分");
  assert_text(t, 1, "value", "6");
  /* lines 2 and 5: 3+2+3+5 = 13 / 14 and 2+2+2+4 = 10 / 14 */
  assert_true(kpi(r, "owner_satisfaction")->value == 23.0 / 28.0);
  assert_true(kpi(r, "owner_responses")->value == 2);
  results_free(r);
  policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invalid_rules),     cmocka_unit_test(test_fixture_structs),
      cmocka_unit_test(test_fixture_numbers),   cmocka_unit_test(test_period),
      cmocka_unit_test(test_bad_answer_fails),  cmocka_unit_test(test_bad_answer_skipped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
