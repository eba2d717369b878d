/*
** test_ingest_types.c — typed cells: int, number, date (every standard form,
** leap days, explicit formats), time, enum, score, optional empty cells, and
** the exact wording of value errors. Expected values are hand-worked.
*/
#include "test_ingest_support.h"

#include <math.h>

#include "ingest/cellparse.h"

static hf_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* ------------------------------------------------------------ direct parsers */

static void test_int(void **state) {
  (void)state;
  const char *problem = NULL;
  int64_t v;
  assert_true(cellparse_int("42", 2, &v, &problem));
  assert_int_equal(v, 42);
  assert_true(cellparse_int("-7", 2, &v, &problem));
  assert_int_equal(v, -7);
  assert_true(cellparse_int("+3", 2, &v, &problem));
  assert_int_equal(v, 3);
  assert_true(cellparse_int("007", 3, &v, &problem));
  assert_int_equal(v, 7);
  assert_true(cellparse_int("9223372036854775807", 19, &v, &problem));
  assert_true(v == INT64_MAX);
  assert_true(cellparse_int("-9223372036854775808", 20, &v, &problem));
  assert_true(v == INT64_MIN);
  assert_false(cellparse_int("9223372036854775808", 19, &v, &problem));
  assert_string_equal(problem, "超出整数范围");
  assert_false(cellparse_int("-9223372036854775809", 20, &v, &problem));
  assert_string_equal(problem, "超出整数范围");
  assert_false(cellparse_int("99999999999999999999", 20, &v, &problem));
  assert_string_equal(problem, "超出整数范围");
  const char *bad[] = {"1.0", "12a", "-", "+", "1 2", "１２", "0x10", "1e3"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    problem = NULL;
    assert_false(cellparse_int(bad[i], strlen(bad[i]), &v, &problem));
    assert_string_equal(problem, "不是整数");
  }
}

static void test_number(void **state) {
  (void)state;
  const char *problem = NULL;
  double v;
  struct { const char *s; double want; } ok[] = {
      {"3.5", 3.5},   {"-0.25", -0.25}, {"1e3", 1000.0}, {"1E-2", 0.01}, {".5", 0.5},     {"5.", 5.0},
      {"+2", 2.0},    {"0.1", 0.1},     {"0", 0.0},      {"007.50", 7.5}, {"0.000001", 1e-6},
      {"123456789012345678901234", 123456789012345678901234.0}, {"1.7976931348623157e308", 1.7976931348623157e308},
      {"2.2250738585072014e-308", 2.2250738585072014e-308}, {"9007199254740993", 9007199254740993.0},
  };
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    assert_true(cell_number(ok[i].s, strlen(ok[i].s), &v, &problem));
    assert_true(v == ok[i].want); /* exact: correctly rounded like the compiler's own literal */
  }
  const char *bad[] = {"abc", "1,5", "nan", "inf", "1e", "1e+", ".", "-", "1.2.3", "0x1p3", "1 000", "--1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(cell_number(bad[i], strlen(bad[i]), &v, &problem));
    assert_string_equal(problem, "不是数字");
  }
  assert_false(cell_number("1e400", 5, &v, &problem));
  assert_string_equal(problem, "超出数值范围");
}

static void test_date_forms(void **state) {
  (void)state;
  const char *problem = NULL;
  hf_date d;
  const char *forms[] = {"20261021", "2026-10-21", "2026/10/21", "2026年10月21日"};
  for (size_t i = 0; i < 4; i++) {
    assert_true(cell_date(forms[i], strlen(forms[i]), &d, &problem));
    assert_int_equal(d, ymd(2026, 10, 21));
  }
  const char *short_forms[] = {"2026/1/5", "2026-1-05", "2026-01-5", "2026年1月5日"};
  for (size_t i = 0; i < 4; i++) {
    assert_true(cell_date(short_forms[i], strlen(short_forms[i]), &d, &problem));
    assert_int_equal(d, ymd(2026, 1, 5));
  }
  assert_true(cell_date("2024-02-29", 10, &d, &problem));
  assert_int_equal(d, ymd(2024, 2, 29));
  assert_true(cell_date("20000229", 8, &d, &problem));
  const char *unreal[] = {"2026-02-29", "20260229", "2026年2月29日", "1900/2/29", "2026-13-01", "2026-04-31", "2026-00-10", "20261000"};
  for (size_t i = 0; i < sizeof unreal / sizeof *unreal; i++) {
    assert_false(cell_date(unreal[i], strlen(unreal[i]), &d, &problem));
    assert_string_equal(problem, "不是真实存在的日期");
  }
  const char *bad[] = {"26-10-21", "2026-1/5", "2026.10.21", "2026年10月21", "2026-10-210", "2026--10-21",
                       "202610211", "2026/10/", "十月", "2026-10-21 00:00", "1021"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(cell_date(bad[i], strlen(bad[i]), &d, &problem));
    assert_string_equal(problem, "不是可识别的日期");
  }
}

static void test_date_explicit_format(void **state) {
  (void)state;
  const char *problem = NULL;
  hf_date d;
  assert_true(cell_date_format("%d.%m.%Y", "21.10.2026", 10, &d, &problem));
  assert_int_equal(d, ymd(2026, 10, 21));
  assert_true(cell_date_format("%d.%m.%Y", "5.1.2026", 8, &d, &problem));
  assert_int_equal(d, ymd(2026, 1, 5));
  assert_true(cell_date_format("%Y%m%d", "20240229", 8, &d, &problem));
  assert_true(cell_date_format("%m/%d/%Y 100%%", "10/21/2026 100%", 15, &d, &problem));
  assert_int_equal(d, ymd(2026, 10, 21));
  assert_false(cell_date_format("%d.%m.%Y", "29.02.2026", 10, &d, &problem));
  assert_string_equal(problem, "不是真实存在的日期");
  assert_false(cell_date_format("%d.%m.%Y", "2026-10-21", 10, &d, &problem));
  assert_string_equal(problem, "不符合日期格式");
  assert_false(cell_date_format("%d.%m.%Y", "21.10.2026x", 11, &d, &problem));
  assert_false(cell_date_format("%y-%m-%d", "26-10-21", 8, &d, &problem));
  assert_non_null(strstr(problem, "%Y %m %d"));
  assert_false(cell_date_format("%Y-%m", "2026-10", 7, &d, &problem));
  assert_non_null(strstr(problem, "须含"));
}

static void test_time(void **state) {
  (void)state;
  const char *problem = NULL;
  int32_t s;
  struct { const char *t; int32_t want; } ok[] = {
      {"09:30:00", 34200}, {"9:30", 34200}, {"9:30:05", 34205}, {"00:00", 0}, {"23:59:59", 86399}, {"0:00:00", 0}};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    assert_true(cell_time(ok[i].t, strlen(ok[i].t), &s, &problem));
    assert_int_equal(s, ok[i].want);
  }
  const char *range[] = {"24:00", "12:60", "12:00:60", "99:00:00"};
  for (size_t i = 0; i < 4; i++) {
    assert_false(cell_time(range[i], strlen(range[i]), &s, &problem));
    assert_string_equal(problem, "不是有效的时间");
  }
  const char *bad[] = {"9:5", "093000", "9", "9:30:", "9:30:5", "123:00", "9.30", ":30", "9:30am"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(cell_time(bad[i], strlen(bad[i]), &s, &problem));
    assert_string_equal(problem, "不是可识别的时间");
  }
}

static void test_enum_and_score(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  hf_strlist levels = {t.enums, 2};
  assert_int_equal(cell_enum(&levels, "单技能", strlen("单技能")), 0);
  assert_int_equal(cell_enum(&levels, "双技能", strlen("双技能")), 1);
  assert_int_equal(cell_enum(&levels, "三技能", strlen("三技能")), -1);
  assert_int_equal(cell_enum(&levels, "单技", strlen("单技")), -1);
  hf_score s;
  assert_true(cell_score(&t.score, "1", 1, &s));
  assert_int_equal(s, HF_SCORE_PASS);
  assert_true(cell_score(&t.score, "0", 1, &s));
  assert_int_equal(s, HF_SCORE_FAIL);
  assert_true(cell_score(&t.score, "N/A", 3, &s));
  assert_int_equal(s, HF_SCORE_NA);
  assert_false(cell_score(&t.score, "n/a", 3, &s));
  assert_false(cell_score(&t.score, "10", 2, &s));
  assert_false(cell_score(&t.score, "", 0, &s));
}

/* ------------------------------------------------------------ through ingest */

static void p1_spec(test_spec *t, hf_on_error on_error) {
  spec_init(t, on_error);
  spec_add(t, "agent", "工号", HF_T_STRING);
  spec_add(t, "level", "员工级别", HF_T_ENUM);
  spec_add(t, "date", "抽检日期", HF_T_DATE);
  spec_add(t, "time", "抽检时间", HF_T_TIME);
  spec_add(t, "seconds", "录音时长", HF_T_INT);
  spec_add(t, "ratio", "比例", HF_T_NUMBER);
  spec_add(t, "item", "规范话术", HF_T_SCORE);
}

#define P1_HDR "工号,员工级别,抽检日期,抽检时间,录音时长,比例,规范话术\n"

static void test_typed_row(void **state) {
  (void)state;
  test_spec t;
  p1_spec(&t, HF_ON_ERROR_FAIL);
  run_result r = run_str(&t.spec, P1_HDR "1001,双技能,20261021,09:30:00,185,0.1,1\n"
                                         "1002, 单技能 ,\" 2026年1月5日 \",9:05,-3,1e-1,\" N/A\"\n"
                                         "1003,单技能,2024/2/29,23:59:59,+0,-2.5,0\n");
  assert_string_equal(r.message, "");
  assert_string_equal(r.records,
                      "L2|agent=[1001]|level=[双技能]#1|date=[20261021]2026-10-21|time=[09:30:00]34200s|seconds=[185]185|"
                      "ratio=[0.1]0.10000000000000001|item=[1]S0\n"
                      "L3|agent=[1002]|level=[单技能]#0|date=[2026年1月5日]2026-01-05|time=[9:05]32700s|seconds=[-3]-3|"
                      "ratio=[1e-1]0.10000000000000001|item=[N/A]S2\n"
                      "L4|agent=[1003]|level=[单技能]#0|date=[2024/2/29]2024-02-29|time=[23:59:59]86399s|seconds=[+0]0|"
                      "ratio=[-2.5]-2.5|item=[0]S1\n");
  run_free(&r);
}

static void test_explicit_format_through_ingest(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_SKIP);
  spec_add(&t, "date", "日期", HF_T_DATE)->date_format = (char *)"%d.%m.%Y";
  run_result r = run_str(&t.spec, "日期\n21.10.2026\n2026-10-21\n29.02.2024\n");
  assert_string_equal(r.records, "L2|date=[21.10.2026]2026-10-21\nL4|date=[29.02.2024]2024-02-29\n");
  assert_contains_all(r.summary, "rows=2 rejected=1",
                      "t.csv:3:1: 列「日期」的值「2026-10-21」不符合日期格式（应为 格式为 %d.%m.%Y 的真实日期）", NULL);
  run_free(&r);
}

/* The exact message format: <file>:<line>:<column>: 列「<header>」的值「<value>」<problem>（应为 <expected>） */
static void test_value_error_messages(void **state) {
  (void)state;
  test_spec t;
  p1_spec(&t, HF_ON_ERROR_FAIL);
  struct { const char *row; const char *msg; } cases[] = {
      {"1001,双技能,2026-02-29,09:30:00,185,0.1,1",
       "t.csv:2:3: 列「抽检日期」的值「2026-02-29」不是真实存在的日期（应为 真实日期，如 20261021、2026-10-21、2026/10/21 或 2026年10月21日）"},
      {"1001,双技能,2026-10-21,25:00,185,0.1,1",
       "t.csv:2:4: 列「抽检时间」的值「25:00」不是有效的时间（应为 时间，如 09:30:00 或 9:30）"},
      {"1001,双技能,2026-10-21,09:30,99999999999999999999,0.1,1",
       "t.csv:2:5: 列「录音时长」的值「99999999999999999999」超出整数范围（应为 整数，如 120）"},
      {"1001,双技能,2026-10-21,09:30,185,一成,1",
       "t.csv:2:6: 列「比例」的值「一成」不是数字（应为 数字，如 3.5）"},
      {"1001,三技能,2026-10-21,09:30,185,0.1,1",
       "t.csv:2:2: 列「员工级别」的值「三技能」不在允许的取值中（应为 「单技能」、「双技能」之一）"},
      {"1001,单技能,2026-10-21,09:30,185,0.1,n/a",
       "t.csv:2:7: 列「规范话术」的值「n/a」不是评分值（应为 通过「1」、不通过「0」或不涉及「N/A」）"},
      {"1001,单技能,,09:30,185,0.1,1",
       "t.csv:2:3: 列「抽检日期」的值「」为空（应为 真实日期，如 20261021、2026-10-21、2026/10/21 或 2026年10月21日）"},
      {",单技能,2026-10-21,09:30,185,0.1,1", "t.csv:2:1: 列「工号」的值「」为空（应为 非空文本）"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char csv[512];
    snprintf(csv, sizeof csv, "%s%s\n", P1_HDR, cases[i].row);
    run_result r = run_str(&t.spec, csv);
    assert_int_equal(r.status, HF_ERR_DATA);
    assert_string_equal(r.message, cases[i].msg);
    run_free(&r);
  }
}

static void test_optional_empty(void **state) {
  (void)state;
  test_spec t;
  p1_spec(&t, HF_ON_ERROR_FAIL);
  for (size_t f = 1; f < t.spec.nfields; f++) t.fields[f].optional = true;
  run_result r = run_str(&t.spec, P1_HDR "1001,,,, ,\"\",\n");
  assert_string_equal(r.message, "");
  assert_string_equal(r.records, "L2|agent=[1001]|level=[](empty)|date=[](empty)|time=[](empty)|seconds=[](empty)|"
                                 "ratio=[](empty)|item=[](empty)\n");
  run_free(&r);
  /* The typed member of an empty cell is zero. */
  hf_value v;
  memset(&v, 0xAB, sizeof v);
  const char *problem;
  assert_true(cell_parse(&t.fields[4], "", 0, &v, &problem));
  assert_true(v.empty);
  assert_int_equal(v.v.i, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_int),
      cmocka_unit_test(test_number),
      cmocka_unit_test(test_date_forms),
      cmocka_unit_test(test_date_explicit_format),
      cmocka_unit_test(test_time),
      cmocka_unit_test(test_enum_and_score),
      cmocka_unit_test(test_typed_row),
      cmocka_unit_test(test_explicit_format_through_ingest),
      cmocka_unit_test(test_value_error_messages),
      cmocka_unit_test(test_optional_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
