/*
** test_ingest_types.c — typed cells: int, number, date (every standard form,
** leap days, explicit formats), time, datetime, enum, score, optional empty
** cells, and the exact wording of value errors. Expected values are hand-worked.
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

/* 2026-10-21 is day 20747 (test_date: 2026-10-01 is 20 days earlier, and
** 2026-10-01 = 20727 = 56 years of 365 days + 14 leap days + 273 days of 2026);
** 14:30 is 52200 s. 20747 × 86400 + 52200 = 1792593000. */
#define STAMP_20261021_1430 INT64_C(1792593000)

static void test_datetime_forms(void **state) {
  (void)state;
  const char *problem = NULL;
  int64_t t;
  /* Every date form of cell_date, each separator (one or more spaces, or one 'T'), both time forms. */
  const char *forms[] = {"20261021 14:30",       "2026-10-21 14:30",    "2026/10/21 14:30", "2026年10月21日 14:30",
                         "2026-10-21T14:30",     "20261021T14:30:00",   "2026-10-21   14:30", "2026/10/21 14:30:00",
                         "2026年10月21日T14:30", "2026-10-21 14:30:00"};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    t = -1;
    assert_true(cell_datetime(forms[i], strlen(forms[i]), &t, &problem));
    assert_true(t == STAMP_20261021_1430);
  }
  /* One-digit month, day and hour, as the date and time types allow: 2026-01-05 is
  ** day 20458 (20747 − 289: Jan 5 is the 5th day of 2026, Oct 21 the 294th). */
  assert_true(cell_datetime("2026-1-5 9:05:30", 16, &t, &problem));
  assert_true(t == INT64_C(20458) * 86400 + 9 * 3600 + 5 * 60 + 30);
  /* Seconds are kept; the last second of a leap day. */
  assert_true(cell_datetime("2026-10-21 14:30:05", 19, &t, &problem));
  assert_true(t == STAMP_20261021_1430 + 5);
  assert_true(cell_datetime("2024-02-29 23:59:59", 19, &t, &problem));
  assert_true(t == (int64_t)ymd(2024, 2, 29) * 86400 + 86399);
  /* The epoch itself is 0: no time-zone offset anywhere. */
  assert_true(cell_datetime("1970-01-01 00:00", 16, &t, &problem));
  assert_true(t == 0);
}

static void test_datetime_bad_forms(void **state) {
  (void)state;
  const char *problem = NULL;
  int64_t t;
  /* A date alone (with or without a dangling separator) is named as such. */
  const char *date_only[] = {"2026-10-21", "20261021", "2026年10月21日", "2026-10-21T"};
  for (size_t i = 0; i < sizeof date_only / sizeof *date_only; i++) {
    assert_false(cell_datetime(date_only[i], strlen(date_only[i]), &t, &problem));
    assert_string_equal(problem, "只有日期，缺少时间");
  }
  /* A well-formed time out of range, and a well-formed date that does not exist. */
  const char *bad_time[] = {"2026-10-21 25:00", "2026-10-21 24:00", "2026-10-21 12:60", "2026-10-21T12:00:60"};
  for (size_t i = 0; i < sizeof bad_time / sizeof *bad_time; i++) {
    assert_false(cell_datetime(bad_time[i], strlen(bad_time[i]), &t, &problem));
    assert_string_equal(problem, "不是有效的时间");
  }
  const char *bad_date[] = {"2026-02-30 10:00", "2026-02-29T10:00", "20261301 10:00"};
  for (size_t i = 0; i < sizeof bad_date / sizeof *bad_date; i++) {
    assert_false(cell_datetime(bad_date[i], strlen(bad_date[i]), &t, &problem));
    assert_string_equal(problem, "不是真实存在的日期");
  }
  /* Anything else: a second separator, a tab, a lone time, trailing text, times the time type refuses. */
  const char *bad[] = {"2026-10-21T 14:30", "2026-10-21TT14:30", "2026-10-21\t14:30", "14:30", "2026-10-21 14",
                       "2026-10-21 14:30 下午", "2026-10-21 14:3", "2026.10.21 14:30", "2026-10-21 1430", "abc", "T14:30",
                       "2026-10-21t14:30"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(cell_datetime(bad[i], strlen(bad[i]), &t, &problem));
    assert_string_equal(problem, "不是可识别的日期时间");
  }
}

static void test_datetime_explicit_format(void **state) {
  (void)state;
  const char *problem = NULL;
  int64_t t;
  assert_true(cell_datetime_format("%d.%m.%Y %H:%M", "21.10.2026 14:30", 16, &t, &problem));
  assert_true(t == STAMP_20261021_1430);
  assert_true(cell_datetime_format("%Y%m%d%H%M%S", "20261021143005", 14, &t, &problem));
  assert_true(t == STAMP_20261021_1430 + 5);
  assert_true(cell_datetime_format("%m/%d/%Y %H时%M分", "10/21/2026 14时30分", strlen("10/21/2026 14时30分"), &t,
                                   &problem));
  assert_true(t == STAMP_20261021_1430); /* %S absent: 0 seconds */
  assert_false(cell_datetime_format("%d.%m.%Y %H:%M", "21.10.2026 25:00", 16, &t, &problem));
  assert_string_equal(problem, "不是有效的时间");
  assert_false(cell_datetime_format("%d.%m.%Y %H:%M", "30.02.2026 10:00", 16, &t, &problem));
  assert_string_equal(problem, "不是真实存在的日期");
  assert_false(cell_datetime_format("%d.%m.%Y %H:%M", "2026-10-21 14:30", 16, &t, &problem));
  assert_string_equal(problem, "不符合日期时间格式");
  assert_false(cell_datetime_format("%d.%m.%Y", "21.10.2026", 10, &t, &problem));
  assert_non_null(strstr(problem, "须含"));
  assert_false(cell_datetime_format("%d.%m.%Y %I:%M", "21.10.2026 02:30", 16, &t, &problem));
  assert_non_null(strstr(problem, "%Y %m %d %H %M %S"));
  /* The date type still refuses time directives: its formats are dates only. */
  hf_date d;
  assert_false(cell_date_format("%Y-%m-%d %H", "2026-10-21 14", 13, &d, &problem));
  assert_non_null(strstr(problem, "只支持 %Y %m %d %%"));
}

static void test_datetime_through_ingest(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_SKIP);
  spec_add(&t, "done", "完成时间", HF_T_DATETIME);
  spec_add(&t, "note", "备注", HF_T_STRING);
  /* Surrounding spaces are trimmed as for every type; inner spaces are the separator. */
  run_result r = run_str(&t.spec, "完成时间,备注\n"
                                  "\" 2026-10-21  14:30 \",a\n"
                                  "2026年10月21日T14:30:05,b\n"
                                  "2026-10-21,c\n"
                                  "2026-02-30 10:00,d\n");
  assert_string_equal(r.records, "L2|done=[2026-10-21  14:30]@1792593000|note=[a]\n"
                                 "L3|done=[2026年10月21日T14:30:05]@1792593005|note=[b]\n");
  assert_contains_all(r.summary, "rows=2 rejected=2",
                      "t.csv:4:1: 列「完成时间」的值「2026-10-21」只有日期，缺少时间（应为 日期时间，如 2026-10-21 14:30）",
                      "t.csv:5:1: 列「完成时间」的值「2026-02-30 10:00」不是真实存在的日期（应为 日期时间，如 2026-10-21 14:30）",
                      NULL);
  run_free(&r);
  /* An explicit format names itself in the expected part. */
  hf_field_spec *f = spec_add(&t, "x", "x", HF_T_DATETIME);
  f->date_format = (char *)"%d.%m.%Y %H:%M";
  char expected[128];
  cell_expected(f, expected, sizeof expected);
  assert_string_equal(expected, "格式为 %d.%m.%Y %H:%M 的日期时间");
  hf_value v;
  const char *problem;
  assert_true(cell_parse(f, "21.10.2026 14:30", 16, &v, &problem));
  assert_true(v.v.stamp == STAMP_20261021_1430);
  /* An empty optional cell: the stamp is zero. */
  f->optional = true;
  memset(&v, 0xAB, sizeof v);
  assert_true(cell_parse(f, "", 0, &v, &problem));
  assert_true(v.empty);
  assert_true(v.v.stamp == 0);
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
      cmocka_unit_test(test_datetime_forms),
      cmocka_unit_test(test_datetime_bad_forms),
      cmocka_unit_test(test_datetime_explicit_format),
      cmocka_unit_test(test_datetime_through_ingest),
      cmocka_unit_test(test_enum_and_score),
      cmocka_unit_test(test_typed_row),
      cmocka_unit_test(test_explicit_format_through_ingest),
      cmocka_unit_test(test_value_error_messages),
      cmocka_unit_test(test_optional_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
