/*
** test_results.c — the results model and its writers: group-by order and
** counts, day counters, shortest exact number text, JSON escaping, CSV
** quoting with BOM, atomic output (no temp file left).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/daycount.h"
#include "engine/groupby.h"
#include "render/csv.h"
#include "render/json.h"
#include "report/results.h"

static char *slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
  s[n] = '\0';
  fclose(fp);
  if (len) *len = (size_t)n;
  return s;
}

static void test_format_double_is_shortest_and_exact(void **state) {
  (void)state;
  char s[32];
  format_double(0.1, s);
  assert_string_equal(s, "0.1");
  format_double(1.0, s);
  assert_string_equal(s, "1");
  format_double(0.0, s);
  assert_string_equal(s, "0");
  format_double(2.0 / 3.0, s);
  assert_true(strtod(s, NULL) == 2.0 / 3.0);
  assert_string_equal(s, "0.6666666666666666");
  format_double(187.0 / 200.0, s);
  assert_string_equal(s, "0.935");
  format_double(1e21, s);
  assert_true(strtod(s, NULL) == 1e21);
  /* Whole numbers print as integers: %.1g would give the shorter "2e+01". */
  format_double(20.0, s);
  assert_string_equal(s, "20");
  format_double(-2210.0, s);
  assert_string_equal(s, "-2210");
  format_double(2.5e3, s);
  assert_string_equal(s, "2500");
}

static void test_groupby_sorts_and_counts(void **state) {
  (void)state;
  /* Input order C, A, B, A: output A(2), B(1), C(1), whatever the order. */
  size_t by[1] = {0};
  hf_group_spec spec = {"by_agent", "t", by, 1, NULL, 0};
  hf_grouper *g = grouper_new(&spec);
  const char *keys[] = {"C", "A", "B", "A"};
  bool qualified[] = {true, false, true, true};
  for (int i = 0; i < 4; i++) {
    hf_value val = {keys[i], 1, false, {0}};
    hf_record rec = {NULL, i + 2, &val};
    hf_verdict v = {0};
    v.qualified = qualified[i];
    v.excellent = qualified[i];
    grouper_add(g, &rec, &v);
  }
  size_t n;
  hf_group_acc *const *a = grouper_sorted(g, &n);
  assert_int_equal(n, 3);
  assert_string_equal(a[0]->by_values[0], "A");
  assert_int_equal(a[0]->checked, 2);
  assert_int_equal(a[0]->qualified, 1);
  assert_string_equal(a[1]->by_values[0], "B");
  assert_string_equal(a[2]->by_values[0], "C");
  grouper_free(g);
}

static void test_groupby_many_groups_rehash(void **state) {
  (void)state;
  size_t by[1] = {0};
  hf_group_spec spec = {"g", "t", by, 1, NULL, 0};
  hf_grouper *g = grouper_new(&spec);
  char key[16];
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < 5000; i++) {
      int len = snprintf(key, sizeof key, "%05d", i);
      hf_value val = {key, (size_t)len, false, {0}};
      hf_record rec = {NULL, 2, &val};
      hf_verdict v = {0};
      grouper_add(g, &rec, &v);
    }
  size_t n;
  hf_group_acc *const *a = grouper_sorted(g, &n);
  assert_int_equal(n, 5000);
  for (size_t i = 0; i < n; i++) assert_int_equal(a[i]->checked, 3);
  assert_string_equal(a[4999]->by_values[0], "04999");
  grouper_free(g);
}

static void test_daycount_sorted_and_stable(void **state) {
  (void)state;
  hf_daycount *d = daycount_new();
  for (int i = 200; i > 0; i--) daycount_get(d, date_from_ymd(2026, 1, 1) + i)->checked += i;
  daycount_get(d, date_from_ymd(2026, 1, 1) + 5)->recordings = 50;
  size_t n;
  const hf_day *days = daycount_sorted(d, &n);
  assert_int_equal(n, 200);
  assert_int_equal(days[0].date, date_from_ymd(2026, 1, 2));
  assert_int_equal(days[4].checked, 5);
  assert_int_equal(days[4].recordings, 50);
  /* Lookups after sorting still find the same day. */
  assert_int_equal(daycount_get(d, date_from_ymd(2026, 1, 1) + 5)->recordings, 50);
  daycount_free(d);
}

static hf_results *sample_results(void) {
  hf_results *r = results_new();
  r->policy_name = "质检";
  r->title = "回访组质检月报";
  hf_column cols[] = {{"name", "姓名", HF_FMT_TEXT, false},
                      {"note", "待改进", HF_FMT_TEXT, true},
                      {"rate", "合格率", HF_FMT_PERCENT, false},
                      {"ok", "达标", HF_FMT_BOOL, false},
                      {"n", "条数", HF_FMT_INT, false}};
  hf_table *t = results_add_table(r, "by_agent", "坐席", cols, 5);
  hf_cell *row = table_add_row(t);
  cell_str(r, &row[0], "张三");
  cell_str(r, &row[1], "语速快，\"话术\"不规范,\n需加强");
  cell_num(&row[2], 0.935);
  cell_bool(&row[3], true);
  cell_int(&row[4], 200);
  row = table_add_row(t);
  cell_str(r, &row[0], "李四");  /* the rest stays null */
  results_add_kpi(r, "pass_rate", "合格率", 0.5, HF_FMT_PERCENT);
  results_warn(r, "提示 %d", 1);
  return r;
}

static void test_json_escapes_and_orders(void **state) {
  (void)state;
  char dir[] = "/tmp/hf-results-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/results.json", dir);
  hf_results *r = sample_results();
  hf_error err;
  assert_int_equal(render_json(r, path, &err), HF_OK);
  char *s = slurp(path, NULL);
  assert_non_null(strstr(s, "\"note\": \"语速快，\\\"话术\\\"不规范,\\n需加强\""));
  assert_non_null(strstr(s, "\"rate\": 0.935, \"ok\": true, \"n\": 200}"));
  assert_non_null(strstr(s, "{\"name\": \"李四\", \"note\": null, \"rate\": null, \"ok\": null, \"n\": null}"));
  assert_non_null(strstr(s, "\"pass_rate\": {\"label\": \"合格率\", \"value\": 0.5, \"format\": \"percent\"}"));
  assert_non_null(strstr(s, "\"warnings\": [\n    \"提示 1\"\n  ]"));
  assert_true(strstr(s, "\"policy\"") < strstr(s, "\"kpis\""));
  free(s);
  unlink(path);
  rmdir(dir);
  results_free(r);
}

static void test_csv_bom_quotes_and_no_temp_left(void **state) {
  (void)state;
  char dir[] = "/tmp/hf-results-XXXXXX";
  assert_non_null(mkdtemp(dir));
  hf_results *r = sample_results();
  hf_error err;
  assert_int_equal(render_csv_tables(r, dir, &err), HF_OK);
  char path[256];
  snprintf(path, sizeof path, "%s/by_agent.csv", dir);
  size_t len;
  char *s = slurp(path, &len);
  const char *expected =
      "\xEF\xBB\xBF姓名,待改进,合格率,达标,条数\r\n"
      "张三,\"语速快，\"\"话术\"\"不规范,\n需加强\",0.935,是,200\r\n"
      "李四,,,,\r\n";
  assert_string_equal(s, expected);
  free(s);
  unlink(path);
  assert_int_equal(rmdir(dir), 0);  /* empty: no temp file was left behind */
  results_free(r);
}

static void test_unwritable_output_is_an_io_error(void **state) {
  (void)state;
  hf_results *r = sample_results();
  hf_error err;
  assert_int_equal(render_json(r, "/nonexistent-dir/results.json", &err), HF_ERR_IO);
  assert_non_null(strstr(err.message, "/nonexistent-dir/results.json"));
  results_free(r);
}

/* Fills a 5-column table with n rows through the row writer. Row i holds
** text with a comma, quote and newline, i, i/8, a bool and a null. */
static hf_results *written_results(size_t n, size_t resident) {
  static const hf_column cols[] = {{"note", "备注", HF_FMT_TEXT, true},
                                   {"n", "条数", HF_FMT_INT, false},
                                   {"rate", "比率", HF_FMT_PERCENT, false},
                                   {"ok", "达标", HF_FMT_BOOL, false},
                                   {"blank", "空", HF_FMT_TEXT, false}};
  hf_results *r = results_new();
  hf_table *t = results_add_table(r, "list", "清单", cols, 5);
  table_spill_after(t, resident);
  for (size_t i = 0; i < n; i++) {
    char text[64];
    int len = snprintf(text, sizeof text, "第%zu行，\"引号\"\n换行", i);
    hf_row_writer w;
    table_row_begin(&w, r, t);
    row_str(&w, text, (size_t)len);
    row_int(&w, (int64_t)i);
    row_num(&w, (double)i / 8);
    row_bool(&w, i % 2 == 0);
    table_row_end(&w);  /* the fifth column is left out: null */
  }
  return r;
}

static void test_spilled_rows_read_back_exactly(void **state) {
  (void)state;
  hf_results *r = written_results(1000, 3);
  const hf_table *t = r->tables[0];
  assert_int_equal(t->nrows, 1000);
  assert_non_null(t->spill);
  hf_row_cursor cur;
  table_cursor_open(&cur, t);
  const hf_cell *row;
  size_t i = 0;
  for (; (row = table_cursor_next(&cur)) != NULL; i++) {
    char text[64];
    snprintf(text, sizeof text, "第%zu行，\"引号\"\n换行", i);
    assert_int_equal(row[0].kind, HF_CELL_STR);
    assert_string_equal(row[0].u.s, text);
    assert_int_equal(row[1].u.i, (int64_t)i);
    assert_true(row[2].u.d == (double)i / 8);
    assert_int_equal(row[3].u.b, i % 2 == 0);
    assert_int_equal(row[4].kind, HF_CELL_NULL);
  }
  assert_int_equal(i, 1000);
  assert_true(table_cursor_close(&cur));
  /* A second pass (JSON then CSV read the same table) sees the same rows. */
  table_cursor_open(&cur, t);
  for (i = 0; table_cursor_next(&cur); i++) {}
  assert_int_equal(i, 1000);
  assert_true(table_cursor_close(&cur));
  results_free(r);
}

/* Whether rows spill must not change a byte of the outputs. */
static void test_spilling_does_not_change_outputs(void **state) {
  (void)state;
  char dir[2][32] = {"/tmp/hf-spill-a-XXXXXX", "/tmp/hf-spill-b-XXXXXX"};
  size_t resident[2] = {0, 7};
  char *json[2], *csv[2];
  size_t jlen[2], clen[2];
  for (int k = 0; k < 2; k++) {
    assert_non_null(mkdtemp(dir[k]));
    hf_results *r = written_results(50, resident[k]);
    assert_int_equal(r->tables[0]->spill != NULL, k == 1);
    hf_error err;
    char path[96];
    snprintf(path, sizeof path, "%s/results.json", dir[k]);
    assert_int_equal(render_json(r, path, &err), HF_OK);
    json[k] = slurp(path, &jlen[k]);
    unlink(path);
    assert_int_equal(render_csv_tables(r, dir[k], &err), HF_OK);
    snprintf(path, sizeof path, "%s/list.csv", dir[k]);
    csv[k] = slurp(path, &clen[k]);
    unlink(path);
    rmdir(dir[k]);
    results_free(r);
  }
  assert_int_equal(jlen[0], jlen[1]);
  assert_memory_equal(json[0], json[1], jlen[0]);
  assert_int_equal(clen[0], clen[1]);
  assert_memory_equal(csv[0], csv[1], clen[0]);
  assert_non_null(strstr(json[1], "{\"note\": \"第49行，\\\"引号\\\"\\n换行\", \"n\": 49, \"rate\": 6.125, \"ok\": false, \"blank\": null}"));
  for (int k = 0; k < 2; k++) {
    free(json[k]);
    free(csv[k]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_double_is_shortest_and_exact),
      cmocka_unit_test(test_groupby_sorts_and_counts),
      cmocka_unit_test(test_groupby_many_groups_rehash),
      cmocka_unit_test(test_daycount_sorted_and_stable),
      cmocka_unit_test(test_json_escapes_and_orders),
      cmocka_unit_test(test_csv_bom_quotes_and_no_temp_left),
      cmocka_unit_test(test_unwritable_output_is_an_io_error),
      cmocka_unit_test(test_spilled_rows_read_back_exactly),
      cmocka_unit_test(test_spilling_does_not_change_outputs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
