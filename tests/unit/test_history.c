/*
** test_history.c — reading earlier results.json for trends: files written by
** the real writer (render_json) read back exactly, the folder layouts, what is
** skipped with a warning and what is an error, trimming, the delta text.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/json.h"
#include "report/history.h"
#include "report/results.h"

#define POLICY "回访组质检月报"

/* ------------------------------------------------------------ fixtures */

typedef struct fixture {
  char dir[64];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/hf-history-XXXXXX");
  if (!mkdtemp(f->dir)) {
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

/* Removes dir and what lies in it (the fixtures go two levels deep at most). */
static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char path[512];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      struct stat sb;
      if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) remove_tree(path);
      else unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

static int teardown(void **state) {
  fixture *f = *state;
  remove_tree(f->dir);
  free(f);
  return 0;
}

/* dir/rel, creating rel's folders. */
static void fixture_path(const fixture *f, const char *rel, char out[512]) {
  snprintf(out, 512, "%s/%s", f->dir, rel);
  for (char *p = out + strlen(f->dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
    *p = '\0';
    mkdir(out, 0700);
    *p = '/';
  }
}

static void put_text(const fixture *f, const char *rel, const char *text) {
  char path[512];
  fixture_path(f, rel, path);
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fputs(text, fp) >= 0, 1);
  assert_int_equal(fclose(fp), 0);
}

/* A results.json by hand, in the writer's layout (checked against `make demo`'s). */
static void put_hand(const fixture *f, const char *rel, const char *policy, const char *from, const char *to,
                     const char *kpis) {
  char text[4096];
  snprintf(text, sizeof text,
           "{\n"
           "  \"huifang\": \"0.1.0\",\n"
           "  \"schema\": 1,\n"
           "  \"policy\": {\"name\": \"%s\", \"file\": \"rules/callcenter.lua\", \"sha256\": \"93d6\"},\n"
           "  \"title\": \"回访组录音质检月报\",\n"
           "  \"company\": \"某证券呼叫中心\",\n"
           "  \"period\": {\"from\": \"%s\", \"to\": \"%s\"},\n"
           "  \"as_of\": \"%s\",\n"
           "  \"inputs\": [],\n"
           "  \"kpis\": {%s},\n"
           "  \"tables\": {},\n"
           "  \"warnings\": []\n"
           "}\n",
           policy, from, to, to, kpis);
  put_text(f, rel, text);
}

/* A results.json by the real writer: a month with two KPIs. */
static void put_month(const fixture *f, const char *rel, const char *policy, const char *from, const char *to,
                      double pass_rate, double checked) {
  hf_results *r = results_new();
  r->version = "0.1.0";
  r->policy_name = policy;
  r->period_from = from;
  r->period_to = to;
  r->as_of = to;
  results_add_kpi(r, "checked", "抽检录音", checked, HF_FMT_INT);
  results_add_kpi(r, "pass_rate", "合格率", pass_rate, HF_FMT_PERCENT);
  char path[512];
  fixture_path(f, rel, path);
  hf_error err;
  assert_int_equal(render_json(r, path, &err), HF_OK);
  results_free(r);
}

static hf_status load(const fixture *f, const char *current_from, hf_history *h, hf_error *err) {
  return history_load(f->dir, POLICY, current_from, h, err);
}

/* Loading for 2026-10 fails with HF_ERR_DATA and leaves no month; the message starts
** with "<dir>/<at>:<line>:" when `at` is given, and holds every fragment of the
** NULL-ended list. Use expect_data_error(f, at, line, "fragment", ...). */
static void expect_data_error_(const fixture *f, const char *at, int line, const char *const *fragments) {
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_ERR_DATA);
  if (at) {
    char prefix[512];
    snprintf(prefix, sizeof prefix, "%s/%s:%d:", f->dir, at, line);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
      fail_msg("the message does not start with \"%s\": %s", prefix, err.message);
  }
  for (const char *const *p = fragments; *p; p++)
    if (!strstr(err.message, *p)) fail_msg("the message lacks \"%s\": %s", *p, err.message);
  assert_int_equal(h.nmonths, 0);
  history_free(&h);
}
#define expect_data_error(f, at, line, ...) \
  expect_data_error_((f), (at), (line), (const char *const[]){__VA_ARGS__, NULL})

/* ------------------------------------------------------------ round trip */

static void test_writer_output_reads_back_exactly(void **state) {
  fixture *f = *state;
  hf_results *r = results_new();
  r->version = "0.1.0";
  r->policy_name = POLICY;
  r->policy_file = "rules/callcenter.lua";
  r->title = "tables";  /* a top-level string value that reads like the skipped key */
  r->period_from = "2026-09-01";
  r->period_to = "2026-09-30";
  r->as_of = "2026-09-30";
  r->seed = "2026-09";
  hf_input_info in = {"checks", "checks.csv", "ab12", "UTF-8 (BOM)", 20154, 0};
  results_add_input(r, &in);
  results_add_kpi(r, "checked", "抽检录音", 19833, HF_FMT_INT);
  results_add_kpi(r, "pass_rate", "合格率", 0.9257298441990621, HF_FMT_PERCENT)->detail = "18360 / 19833 条";
  hf_kpi *k = results_add_kpi(r, "coverage_ratio", "月度抽检比例", 0.10482170321394028, HF_FMT_PERCENT);
  k->has_target = true;
  k->target = 0.1;
  k->met = true;
  k = results_add_kpi(r, "satisfaction", "满意度", NAN, HF_FMT_PERCENT);  /* written as null */
  k->has_target = true;
  k->target = NAN;
  results_add_kpi(r, "tables", "名为 tables 的指标", 1.6840087113014586, HF_FMT_NUMBER);
  /* Table text full of what the skim must step over: quotes, brackets, escapes, newlines. */
  hf_column cols[] = {{"agent", "工号", HF_FMT_TEXT, false}, {"note", "备注", HF_FMT_TEXT, true}};
  hf_table *t = results_add_table(r, "by_agent", "坐席 {\"tables\": [", cols, 2);
  const char *notes[] = {"\"}]}", "\\", "a\\\"}\n{[", "\"tables\": {\"x\": 1}}}}", "\x01\t"};
  for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
    hf_cell *row = table_add_row(t);
    cell_str(r, &row[0], "80001");
    cell_str(r, &row[1], notes[i]);
  }
  results_add_table(r, "kpis", "名为 kpis 的表", cols, 2);
  results_warn(r, "提示 {\"kpis\": 1}");
  char path[512];
  fixture_path(f, "2026-09/results.json", path);
  hf_error err;
  assert_int_equal(render_json(r, path, &err), HF_OK);
  results_free(r);

  hf_history h;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 1);
  assert_int_equal(h.nwarnings, 0);
  const hf_history_month *m = &h.months[0];
  assert_string_equal(m->file, path);
  assert_string_equal(m->period_from, "2026-09-01");
  assert_string_equal(m->period_to, "2026-09-30");
  assert_string_equal(m->label, "2026-09");
  assert_int_equal(m->nkpis, 5);
  const char *ids[] = {"checked", "pass_rate", "coverage_ratio", "satisfaction", "tables"};
  for (size_t i = 0; i < 5; i++) assert_string_equal(m->kpis[i].id, ids[i]);  /* the file's order */
  assert_true(m->kpis[0].value == 19833);
  assert_int_equal(m->kpis[0].format, HF_FMT_INT);
  assert_false(m->kpis[0].has_target);
  assert_string_equal(m->kpis[1].label, "合格率");
  assert_true(m->kpis[1].value == 0.9257298441990621);  /* bit for bit */
  assert_int_equal(m->kpis[1].format, HF_FMT_PERCENT);
  assert_true(m->kpis[2].has_target);
  assert_true(m->kpis[2].target == 0.1);
  assert_true(m->kpis[2].value == 0.10482170321394028);
  assert_true(isnan(m->kpis[3].value));
  assert_true(m->kpis[3].has_target);
  assert_true(isnan(m->kpis[3].target));
  assert_true(m->kpis[4].value == 1.6840087113014586);
  assert_int_equal(m->kpis[4].format, HF_FMT_NUMBER);
  assert_ptr_equal(history_month_kpi(m, "pass_rate"), &m->kpis[1]);
  assert_null(history_month_kpi(m, "nope"));
  history_free(&h);
}

static void test_hand_written_fixture_reads(void **state) {
  fixture *f = *state;
  put_hand(f, "2026-08.json", POLICY, "2026-08-01", "2026-08-31",
           "\n    \"checked\": {\"label\": \"抽检录音\", \"value\": 19833, \"format\": \"int\"},"
           "\n    \"coverage_days_met\": {\"label\": \"抽检达标天数\", \"value\": 19, \"format\": \"int\", "
           "\"target\": 22, \"met\": false, \"detail\": \"19 / 22 天\"}\n  ");
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 1);
  assert_int_equal(h.months[0].nkpis, 2);
  assert_true(h.months[0].kpis[1].has_target);
  assert_true(h.months[0].kpis[1].target == 22);
  history_free(&h);
}

/* ------------------------------------------------------------ layouts */

static void test_ordered_by_period_not_name(void **state) {
  fixture *f = *state;
  put_month(f, "a.json", POLICY, "2026-09-01", "2026-09-30", 0.93, 300);
  put_month(f, "b.json", POLICY, "2026-07-01", "2026-07-31", 0.91, 100);
  put_month(f, "c.json", POLICY, "2026-08-01", "2026-08-29", 0.92, 200);
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 3);
  assert_string_equal(h.months[0].label, "2026-07");
  assert_string_equal(h.months[1].label, "2026-08-01~2026-08-29");  /* not the whole month */
  assert_string_equal(h.months[2].label, "2026-09");
  double v[3];
  assert_int_equal(history_kpi_series(&h, "checked", v), 3);
  assert_true(v[0] == 100 && v[1] == 200 && v[2] == 300);
  history_free(&h);
}

static void test_subfolders_one_level_and_other_files_ignored(void **state) {
  fixture *f = *state;
  put_month(f, "2026-08/results.json", POLICY, "2026-08-01", "2026-08-31", 0.92, 200);
  put_month(f, "2026-07.json", POLICY, "2026-07-01", "2026-07-31", 0.91, 100);
  put_month(f, "2026-06/report.json", POLICY, "2026-06-01", "2026-06-30", 0.9, 50);     /* not results.json */
  put_month(f, "2026-05/deep/results.json", POLICY, "2026-05-01", "2026-05-31", 0.9, 50);  /* two levels */
  put_month(f, ".hidden.json", POLICY, "2026-04-01", "2026-04-30", 0.9, 50);
  put_text(f, "notes.txt", "not json at all {");
  put_text(f, "results.json.tmp.123", "{");  /* a writer's leftover temp file */
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 2);
  assert_string_equal(h.months[0].label, "2026-07");
  assert_string_equal(h.months[1].label, "2026-08");
  char expect[512];
  snprintf(expect, sizeof expect, "%s/2026-08/results.json", f->dir);
  assert_string_equal(h.months[1].file, expect);
  history_free(&h);

  /* A trailing slash on dir does not double it in the names. */
  char dir[80];
  snprintf(dir, sizeof dir, "%s/", f->dir);
  assert_int_equal(history_load(dir, POLICY, "2026-10-01", &h, &err), HF_OK);
  assert_string_equal(h.months[1].file, expect);
  history_free(&h);
}

static void test_empty_dir_is_no_history(void **state) {
  fixture *f = *state;
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 0);
  assert_int_equal(h.nwarnings, 0);
  double v[1];
  assert_int_equal(history_kpi_series(&h, "checked", v), 0);
  history_free(&h);
}

static void test_missing_dir_is_an_error_naming_it(void **state) {
  fixture *f = *state;
  char dir[128];
  snprintf(dir, sizeof dir, "%s/no-such-folder", f->dir);
  hf_history h;
  hf_error err;
  assert_int_equal(history_load(dir, POLICY, "2026-10-01", &h, &err), HF_ERR_IO);
  assert_non_null(strstr(err.message, dir));
  assert_int_equal(h.nmonths, 0);
  history_free(&h);  /* safe after an error */
}

/* ------------------------------------------------------------ skipped */

static void test_other_policy_skipped_with_warning(void **state) {
  fixture *f = *state;
  put_month(f, "2026-08.json", "客服满意度月报", "2026-08-01", "2026-08-31", 0.92, 200);
  put_month(f, "2026-09.json", POLICY, "2026-09-01", "2026-09-30", 0.93, 300);
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 1);
  assert_string_equal(h.months[0].label, "2026-09");
  assert_int_equal(h.nwarnings, 1);
  assert_non_null(strstr(h.warnings[0], "2026-08.json"));
  assert_non_null(strstr(h.warnings[0], "客服满意度月报"));
  history_free(&h);

  /* No policy name: every policy is history. */
  assert_int_equal(history_load(f->dir, NULL, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 2);
  assert_int_equal(h.nwarnings, 0);
  history_free(&h);
}

static void test_same_later_and_overlapping_periods_skipped(void **state) {
  fixture *f = *state;
  put_month(f, "2026-09.json", POLICY, "2026-09-01", "2026-09-30", 0.93, 300);
  put_month(f, "2026-10.json", POLICY, "2026-10-01", "2026-10-31", 0.94, 400);    /* this run, again */
  put_month(f, "2026-11.json", POLICY, "2026-11-01", "2026-11-30", 0.95, 500);    /* later */
  put_month(f, "mid.json", POLICY, "2026-09-16", "2026-10-15", 0.95, 500);        /* runs into this period */
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 1);
  assert_string_equal(h.months[0].label, "2026-09");
  assert_int_equal(h.nwarnings, 3);
  assert_non_null(strstr(h.warnings[0], "2026-10.json"));  /* in name order */
  assert_non_null(strstr(h.warnings[1], "2026-11.json"));
  assert_non_null(strstr(h.warnings[2], "mid.json"));
  assert_non_null(strstr(h.warnings[2], "2026-09-16~2026-10-15"));
  history_free(&h);
}

/* ------------------------------------------------------------ errors */

static void test_duplicate_period_names_both_files(void **state) {
  fixture *f = *state;
  put_month(f, "2026-09.json", POLICY, "2026-09-01", "2026-09-30", 0.93, 300);
  put_month(f, "rerun/results.json", POLICY, "2026-09-01", "2026-09-30", 0.94, 301);
  expect_data_error(f, NULL, 0, "2026-09.json", "rerun/results.json", "同一期间 2026-09");
}

static void test_overlapping_periods_are_an_error(void **state) {
  fixture *f = *state;
  put_month(f, "a.json", POLICY, "2026-08-01", "2026-08-31", 0.93, 300);
  put_month(f, "b.json", POLICY, "2026-08-15", "2026-09-10", 0.94, 301);
  expect_data_error(f, NULL, 0, "a.json", "b.json", "重叠");
}

static void test_malformed_json_names_file_line_column(void **state) {
  fixture *f = *state;
  put_text(f, "bad.json",
           "{\n"
           "  \"huifang\": \"0.1.0\",\n"
           "  \"schema\": 1,\n"
           "  \"policy\": {\"name\": \"x\"},\n"
           "  \"title\" \"t\",\n"     /* line 5: no colon */
           "}\n");
  expect_data_error(f, "bad.json", 5, "JSON 格式错误");
}

static void test_duplicate_key_is_an_error(void **state) {
  fixture *f = *state;
  put_hand(f, "dup.json", POLICY, "2026-08-01", "2026-08-31",
           "\n    \"checked\": {\"label\": \"a\", \"value\": 1, \"format\": \"int\"},"
           "\n    \"checked\": {\"label\": \"b\", \"value\": 2, \"format\": \"int\"}\n  ");
  expect_data_error(f, "dup.json", 12, "checked");
}

/* The skipped tables keep their newlines: an error after them has the file's line. */
static void test_lines_after_skipped_tables_are_the_files(void **state) {
  fixture *f = *state;
  put_text(f, "late.json",
           "{\n"
           "  \"schema\": 1,\n"
           "  \"policy\": {\"name\": \"" POLICY "\"},\n"
           "  \"period\": {\"from\": \"2026-08-01\", \"to\": \"2026-08-31\"},\n"
           "  \"kpis\": {},\n"
           "  \"tables\": {\n"
           "    \"t\": {\"rows\": [\n"
           "      {\"a\": \"}\\\"]\"},\n"
           "      {\"a\": null}\n"
           "    ]}\n"
           "  },\n"
           "  \"warnings\": [\"a\" \"b\"]\n"  /* line 12: no comma */
           "}\n");
  expect_data_error(f, "late.json", 12, "JSON 格式错误");
}

static void test_truncated_tables_are_an_error(void **state) {
  fixture *f = *state;
  put_text(f, "cut.json",
           "{\n"
           "  \"schema\": 1,\n"
           "  \"policy\": {\"name\": \"" POLICY "\"},\n"
           "  \"period\": {\"from\": \"2026-08-01\", \"to\": \"2026-08-31\"},\n"
           "  \"kpis\": {},\n"
           "  \"tables\": {\n"
           "    \"t\": {\"rows\": [\n"
           "      {\"a\": \"x\"},\n");
  expect_data_error(f, NULL, 0, "cut.json:", "JSON 格式错误");
}

static void test_missing_keys_name_file_and_key(void **state) {
  fixture *f = *state;
  put_text(f, "nokpis.json",
           "{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"},"
           " \"period\": {\"from\": \"2026-08-01\", \"to\": \"2026-08-31\"}, \"tables\": {}}\n");
  expect_data_error(f, NULL, 0, "nokpis.json", "缺少 kpis");
  char path[512];
  fixture_path(f, "nokpis.json", path);
  unlink(path);

  put_hand(f, "novalue.json", POLICY, "2026-08-01", "2026-08-31",
           "\"pass_rate\": {\"label\": \"合格率\", \"format\": \"percent\"}");
  expect_data_error(f, NULL, 0, "novalue.json: kpis.pass_rate 缺少 value");
}

static void test_not_a_results_json(void **state) {
  fixture *f = *state;
  struct {
    const char *text, *message;
  } cases[] = {
      {"{\"name\": \"config\"}", "缺少 schema"},
      {"[1, 2]", "应为 JSON 对象"},
      {"{\"schema\": 2, \"policy\": {\"name\": \"x\"}}", "schema 不是 1"},
      {"{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"}, \"period\": null, \"kpis\": {}}", "period 为 null"},
      {"{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"}, \"period\": {\"from\": \"2026-8-1\", "
       "\"to\": \"2026-08-31\"}, \"kpis\": {}}",
       "period.from 应为 YYYY-MM-DD"},
      {"{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"}, \"period\": {\"from\": \"2026-09-01\", "
       "\"to\": \"2026-08-31\"}, \"kpis\": {}}",
       "晚于"},
      {"{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"}, \"period\": {\"from\": \"2026-08-01\", "
       "\"to\": \"2026-08-31\"}, \"kpis\": {\"k\": {\"label\": \"k\", \"value\": \"1\", \"format\": \"int\"}}}",
       "kpis.k.value 应为数值"},
      {"{\"schema\": 1, \"policy\": {\"name\": \"" POLICY "\"}, \"period\": {\"from\": \"2026-08-01\", "
       "\"to\": \"2026-08-31\"}, \"kpis\": {\"k\": {\"label\": \"k\", \"value\": 1, \"format\": \"money\"}}}",
       "kpis.k.format"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    put_text(f, "x.json", cases[i].text);
    expect_data_error(f, NULL, 0, cases[i].message, "x.json");
  }
}

/* ------------------------------------------------------------ trimming, series */

static void test_keeps_the_latest_twelve(void **state) {
  fixture *f = *state;
  /* 2025-08 .. 2026-09: fourteen months, written newest first. */
  for (int i = 13; i >= 0; i--) {
    int y = 2025 + (7 + i) / 12, mo = (7 + i) % 12 + 1;
    char rel[32], from[16], to[16];
    snprintf(rel, sizeof rel, "m%02d.json", 13 - i);
    snprintf(from, sizeof from, "%04d-%02d-01", y, mo);
    snprintf(to, sizeof to, "%04d-%02d-28", y, mo);
    put_month(f, rel, POLICY, from, to, 0.9, i);
  }
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, HF_HISTORY_MAX_MONTHS);
  assert_string_equal(h.months[0].period_from, "2025-10-01");
  assert_string_equal(h.months[11].period_from, "2026-09-01");
  double v[HF_HISTORY_MAX_MONTHS];
  assert_int_equal(history_kpi_series(&h, "checked", v), 12);
  for (int i = 0; i < 12; i++) assert_true(v[i] == i + 2);
  history_free(&h);
}

static void test_series_has_nan_where_a_month_lacks_the_kpi(void **state) {
  fixture *f = *state;
  put_hand(f, "07.json", POLICY, "2026-07-01", "2026-07-31",
           "\"pass_rate\": {\"label\": \"合格率\", \"value\": 0.91, \"format\": \"percent\"}");
  put_hand(f, "08.json", POLICY, "2026-08-01", "2026-08-31", "");
  put_hand(f, "09.json", POLICY, "2026-09-01", "2026-09-30",
           "\"pass_rate\": {\"label\": \"合格率\", \"value\": null, \"format\": \"percent\"}, "
           "\"checked\": {\"label\": \"抽检录音\", \"value\": 5, \"format\": \"int\"}");
  hf_history h;
  hf_error err;
  assert_int_equal(load(f, "2026-10-01", &h, &err), HF_OK);
  assert_int_equal(h.nmonths, 3);
  double v[3];
  assert_int_equal(history_kpi_series(&h, "pass_rate", v), 1);
  assert_true(v[0] == 0.91);
  assert_true(isnan(v[1]));
  assert_true(isnan(v[2]));
  assert_int_equal(history_kpi_series(&h, "checked", v), 1);
  assert_true(isnan(v[0]) && isnan(v[1]) && v[2] == 5);
  history_free(&h);
}

/* ------------------------------------------------------------ delta text */

static void expect_delta(double prev, double cur, hf_format fmt, const char *expected) {
  char out[HF_DELTA_TEXT_MAX];
  bool ok = history_delta_text(prev, cur, fmt, out);
  if (!expected) {
    assert_false(ok);
    assert_string_equal(out, "");
    return;
  }
  assert_true(ok);
  assert_string_equal(out, expected);
}

static void test_delta_text(void **state) {
  (void)state;
  expect_delta(0.913, 0.925, HF_FMT_PERCENT, "较上月 +1.2 个百分点");
  expect_delta(0.925, 0.913, HF_FMT_PERCENT, "较上月 -1.2 个百分点");
  expect_delta(0.5, 0.5125, HF_FMT_PERCENT, "较上月 +1.3 个百分点");  /* half away from zero */
  expect_delta(0.5125, 0.5, HF_FMT_PERCENT, "较上月 -1.3 个百分点");
  expect_delta(0.5, 0.51249, HF_FMT_PERCENT, "较上月 +1.2 个百分点");
  expect_delta(0.9, 0.9, HF_FMT_PERCENT, "较上月 持平");
  expect_delta(0.9, 0.90004, HF_FMT_PERCENT, "较上月 持平");    /* +0.004 points */
  expect_delta(0.90004, 0.9, HF_FMT_PERCENT, "较上月 持平");    /* -0.0 is not "-0.0" */
  expect_delta(0.0, -0.0, HF_FMT_PERCENT, "较上月 持平");
  expect_delta(0.0, 1.0, HF_FMT_PERCENT, "较上月 +100.0 个百分点");
  expect_delta(0.93, 0.9305, HF_FMT_PERCENT, "较上月 +0.1 个百分点");
  expect_delta(100, 115, HF_FMT_INT, "较上月 +15");
  expect_delta(10, 7, HF_FMT_INT, "较上月 -3");
  expect_delta(5, 5, HF_FMT_INT, "较上月 持平");
  expect_delta(19833, 20154, HF_FMT_INT, "较上月 +321");
  expect_delta(1.68, 1.71, HF_FMT_NUMBER, "较上月 +0.03");
  expect_delta(1.0, 1.005, HF_FMT_NUMBER, "较上月 +0.01");
  expect_delta(2.5, 1.25, HF_FMT_NUMBER, "较上月 -1.25");
  expect_delta(1.0, 1.004, HF_FMT_NUMBER, "较上月 持平");
  expect_delta(1, 2, HF_FMT_TEXT, NULL);
  expect_delta(1, 0, HF_FMT_BOOL, NULL);
  expect_delta(1, 2, HF_FMT_DATE, NULL);
  expect_delta(NAN, 0.5, HF_FMT_PERCENT, NULL);
  expect_delta(0.5, INFINITY, HF_FMT_PERCENT, NULL);
  expect_delta(0, 1e300, HF_FMT_INT, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_writer_output_reads_back_exactly, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hand_written_fixture_reads, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ordered_by_period_not_name, setup, teardown),
      cmocka_unit_test_setup_teardown(test_subfolders_one_level_and_other_files_ignored, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_dir_is_no_history, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_dir_is_an_error_naming_it, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_policy_skipped_with_warning, setup, teardown),
      cmocka_unit_test_setup_teardown(test_same_later_and_overlapping_periods_skipped, setup, teardown),
      cmocka_unit_test_setup_teardown(test_duplicate_period_names_both_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_overlapping_periods_are_an_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_malformed_json_names_file_line_column, setup, teardown),
      cmocka_unit_test_setup_teardown(test_duplicate_key_is_an_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lines_after_skipped_tables_are_the_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_truncated_tables_are_an_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_keys_name_file_and_key, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_a_results_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_keeps_the_latest_twelve, setup, teardown),
      cmocka_unit_test_setup_teardown(test_series_has_nan_where_a_month_lacks_the_kpi, setup, teardown),
      cmocka_unit_test(test_delta_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
