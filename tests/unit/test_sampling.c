/*
** test_sampling.c — the `sampling` section: every validation error of
** tests/data/sampling/invalid/ (each file names its expected message in
** "-- expect:" lines; the message must also start with the file's name), the
** structs read from tests/data/sampling/small/rule.lua, and the engine on that
** fixture. The expected selection was computed independently in Python
** (tests/data/sampling/sampling_oracle.py, written from docs/rules-sampling.md,
** with hashlib), not copied from the program: small_oracle() in
** tests/e2e/test_sampling_properties.py re-codes the fixture's rule and prints
** nothing but compares; the constants below are its output for seed 2026-10.
*/
#include "test_policy_support.h"

#define SDATA TEST_DATA_DIR "/sampling"

/* ------------------------------------------------------------ policy errors */

static void test_invalid_rules(void **state) {
  (void)state;
  check_invalid_rules(SDATA "/invalid", 20);
}

/* ------------------------------------------------------------ structs */

static void test_small_structs(void **state) {
  (void)state;
  hf_policy *p = load_ok(SDATA "/small/rule.lua");
  assert_string_equal(p->seed, "2026-10");
  assert_int_equal(p->nsamplings, 1);
  const hf_sampling_spec *s = &p->samplings[0];
  int orders = policy_find_input(p, "orders");
  const hf_input_spec *in = &p->inputs[orders];
  assert_string_equal(s->id, "callback_list");
  assert_string_equal(s->title, "本月回访清单");
  assert_int_equal(s->input, orders);
  assert_int_equal(s->key_field, field_index(in, "id"));
  assert_true(s->has_date);
  assert_int_equal(s->date_field, field_index(in, "date"));
  assert_int_equal(s->where.nconds, 1);
  assert_int_equal(s->nexclude, 2);
  assert_string_equal(s->exclude[0].reason, "匿名投诉");
  assert_string_equal(s->exclude[1].reason, "当场解决");
  assert_int_equal(s->nforce, 1);
  assert_string_equal(s->force[0].reason, "单价超过 2000 元");
  assert_int_equal(s->force[0].where.conds[0].op, HF_COND_GT);
  assert_true(s->force[0].where.conds[0].nums[0] == 2000);
  assert_int_equal(s->nstrata, 1);
  assert_int_equal(s->strata[0], field_index(in, "kind"));
  assert_int_equal(s->quota.kind, HF_QUOTA_RULE_RATIO);
  assert_true(s->quota.ratio == 0.3);
  assert_int_equal(s->quota.min, -1);
  assert_int_equal(s->quota.max, -1);
  /* overrides in byte order of the stratum names */
  assert_int_equal(s->nquotas, 3);
  assert_string_equal(s->quotas[0].stratum, "单项工程");
  assert_int_equal(s->quotas[0].quota.kind, HF_QUOTA_RULE_ALL);
  assert_string_equal(s->quotas[1].stratum, "维修");
  assert_int_equal(s->quotas[1].quota.kind, HF_QUOTA_RULE_COUNT);
  assert_int_equal(s->quotas[1].quota.count, 3);
  assert_string_equal(s->quotas[2].stratum, "车用燃气");
  assert_int_equal(s->quotas[2].quota.count, 2);
  assert_true(s->has_dedup);
  assert_int_equal(s->dedup_field, field_index(in, "customer"));
  assert_int_equal(s->dedup_date_field, field_index(in, "date"));  /* defaults to the sampling's date */
  assert_int_equal(s->dedup_days, 90);
  assert_true(s->has_history);
  assert_int_equal(s->history_input, policy_find_input(p, "history"));
  assert_true(s->has_previous);
  assert_int_equal(s->previous_input, policy_find_input(p, "last"));
  assert_int_equal(s->previous_match, field_index(in, "id"));  /* match defaults to the same name */
  assert_false(s->has_distinct);
  assert_int_equal(s->nfields, 3);
  assert_int_equal(s->fields[0], field_index(in, "name"));
  assert_int_equal(s->pdf_limit, 0);
  policy_free(p);
}

/* ------------------------------------------------------------ the engine */

typedef struct run {
  hf_policy *p;
  hf_results *r;
  hf_error err;
  hf_status st;
} run;

static void run_small(run *x, const char *seed) {
  memset(x, 0, sizeof *x);
  x->p = load_ok(SDATA "/small/rule.lua");
  if (seed) {
    free(x->p->seed);
    x->p->seed = seed[0] ? strdup(seed) : NULL;
  }
  hf_run_options o = {0};
  o.has_period = true;
  o.period_from = date_from_ymd(2026, 10, 1);
  o.period_to = date_from_ymd(2026, 10, 31);
  x->st = run_in_dir(x->p, SDATA "/small", &o, &x->r, &x->err);
}

static void run_free(run *x) {
  results_free(x->r);
  policy_free(x->p);
}

/* Per stratum (byte order): population, excluded, eligible, forced, quota,
** ranked, shortfall — from the Python oracle. 车用燃气 is named only by quotas. */
static void test_engine_strata(void **state) {
  (void)state;
  static const struct {
    const char *stratum, *rule;
    int64_t population, excluded, eligible, forced, quota, ranked, shortfall;
  } want[] = {
      {"单项工程", "全部", 3, 1, 2, 0, 2, 2, 0},
      {"安检", "30%（向上取整）", 11, 0, 11, 0, 4, 4, 0},   /* ceil(0.3 × 11) = 4 */
      {"维修", "3 条", 14, 4, 10, 3, 3, 3, 0},
      {"置换", "30%（向上取整）", 9, 2, 7, 1, 2, 1, 1},      /* ceil(0.3 × 6) = 2; dedup leaves 1 */
      {"车用燃气", "2 条", 0, 0, 0, 0, 0, 0, 0},
  };
  run x;
  run_small(&x, NULL);
  if (x.st != HF_OK) fail_msg("%s", x.err.message);
  assert_string_equal(x.r->seed, "2026-10");
  const hf_table *t = results_table(x.r, "callback_list_strata");
  assert_non_null(t);
  assert_int_equal(t->nrows, 5);
  for (size_t i = 0; i < 5; i++) {
    assert_string_equal(str_at(t, i, "stratum"), want[i].stratum);
    assert_string_equal(str_at(t, i, "rule"), want[i].rule);
    assert_int_equal(int_at(t, i, "population"), want[i].population);
    assert_int_equal(int_at(t, i, "excluded"), want[i].excluded);
    assert_int_equal(int_at(t, i, "eligible"), want[i].eligible);
    assert_int_equal(int_at(t, i, "forced"), want[i].forced);
    assert_int_equal(int_at(t, i, "quota"), want[i].quota);
    assert_int_equal(int_at(t, i, "ranked"), want[i].ranked);
    assert_int_equal(int_at(t, i, "chosen"), want[i].forced + want[i].ranked);
    assert_int_equal(int_at(t, i, "shortfall"), want[i].shortfall);
    const hf_cell *cov = cell(t, i, "coverage");
    if (want[i].eligible == 0) {
      assert_int_equal(cov->kind, HF_CELL_NULL);
    } else {
      assert_int_equal(cov->kind, HF_CELL_NUM);
      assert_true(cov->u.d == (double)(want[i].forced + want[i].ranked) / (double)want[i].eligible);
    }
  }
  assert_string_equal(t->cols[table_column(t, "stratum")].label, "业务类型");

  const hf_table *ex = results_table(x.r, "callback_list_excluded");
  assert_non_null(ex);
  assert_int_equal(ex->nrows, 2);
  assert_string_equal(str_at(ex, 0, "reason"), "匿名投诉");
  assert_int_equal(int_at(ex, 0, "count"), 4);
  assert_string_equal(str_at(ex, 1, "reason"), "当场解决");
  assert_int_equal(int_at(ex, 1, "count"), 3);

  assert_true(kpi(x.r, "callback_list_chosen")->value == 14);
  assert_true(kpi(x.r, "callback_list_short_strata")->value == 1);
  /* warnings: the September row, the short 置换, the empty 车用燃气 */
  size_t found = 0;
  for (size_t i = 0; i < x.r->nwarnings; i++) {
    const char *w = x.r->warnings[i];
    found += strstr(w, "1 行的日期不在统计期") != NULL;
    found += strstr(w, "分层「置换」应按序抽 2 条，只抽到 1 条") != NULL;
    found += strstr(w, "分层「车用燃气」在数据中没有记录") != NULL;
  }
  assert_int_equal(found, 3);
  run_free(&x);
}

/* The work list in stratum order, then rank; the reason, rank and hash. */
static void test_engine_work_list(void **state) {
  (void)state;
  static const struct {
    const char *stratum, *id, *name, *reason;
    int64_t rank;
    const char *hash;
  } want[] = {
      {"单项工程", "GD20261203", "黄敏", "按序抽中", 1, "1701e3282a09ad1b"},
      {"单项工程", "GD20261196", "陈静", "按序抽中", 2, "708383b9640116ce"},
      {"安检", "GD20261168", "谢娜", "按序抽中", 1, "126e608bb11c6259"},
      {"安检", "GD20261098", "张伟", "按序抽中", 2, "584f5b389ec9f10c"},
      {"安检", "GD20261119", "胡斌", "按序抽中", 3, "73ef0010e598ef96"},
      {"安检", "GD20261147", "邓辉", "按序抽中", 4, "7753ffbe70f7255d"},
      {"维修", "GD20261007", "孙鹏", "按序抽中", 3, "35c9bebe03e32db1"},
      {"维修", "GD20261084", "李强", "按序抽中", 4, "691eb790c89bf4a5"},
      {"维修", "GD20261077", "何平", "按序抽中", 5, "8259b0c099366014"},
      {"维修", "GD20261070", "郭婷", "必抽：单价超过 2000 元", 7, "99152e49d46d68a4"},
      {"维修", "GD20261021", "刘洋", "必抽：单价超过 2000 元", 9, "df40cf6c5ccb12d6"},
      {"维修", "GD20261091", "徐丽", "必抽：单价超过 2000 元", 10, "f14e42738592f53b"},
      {"置换", "GD20261224", "吴霞", "必抽：单价超过 2000 元", 1, "1316fb84205816bf"},
      {"置换", "GD20261245", "曹颖", "按序抽中", 4, "77bf7beef5b90b5e"},
  };
  run x;
  run_small(&x, NULL);
  if (x.st != HF_OK) fail_msg("%s", x.err.message);
  const hf_table *t = results_table(x.r, "callback_list");
  assert_non_null(t);
  static const char *const cols[] = {"stratum", "id", "name", "phone", "date", "reason", "rank", "hash"};
  assert_int_equal(t->ncols, 8);
  for (size_t c = 0; c < 8; c++) assert_string_equal(t->cols[c].id, cols[c]);
  assert_string_equal(t->cols[1].label, "单号");
  assert_int_equal(t->cols[4].format, HF_FMT_DATE);
  assert_int_equal(t->nrows, sizeof want / sizeof *want);
  for (size_t i = 0; i < t->nrows; i++) {
    assert_string_equal(str_at(t, i, "stratum"), want[i].stratum);
    assert_string_equal(str_at(t, i, "id"), want[i].id);
    assert_string_equal(str_at(t, i, "name"), want[i].name);
    assert_string_equal(str_at(t, i, "reason"), want[i].reason);
    assert_int_equal(int_at(t, i, "rank"), want[i].rank);
    assert_string_equal(str_at(t, i, "hash"), want[i].hash);
  }
  assert_string_equal(str_at(t, 0, "date"), "2026-10-20");      /* normalised from 20261020 */
  assert_string_equal(str_at(t, 0, "phone"), "13800000106");
  assert_false(t->no_pdf);
  run_free(&x);
}

/* Every population record is in the decisions table, with its reason code. */
static void test_engine_decisions(void **state) {
  (void)state;
  run x;
  run_small(&x, NULL);
  if (x.st != HF_OK) fail_msg("%s", x.err.message);
  const hf_table *t = results_table(x.r, "callback_list_decisions");
  assert_non_null(t);
  assert_true(t->no_pdf);
  /* 41 data rows: 1 outside October, 3 in progress (状态 处理中) -> 37 in the population */
  assert_int_equal(t->nrows, 37);
  size_t counts[7] = {0};
  static const char *const codes[7] = {"excluded", "forced", "rank", "not_reached", "dedup", "previous", "same_unit"};
  for (size_t i = 0; i < t->nrows; i++) {
    const char *code = str_at(t, i, "decision");
    size_t k = 0;
    while (k < 7 && strcmp(codes[k], code) != 0) k++;
    assert_true(k < 7);
    counts[k]++;
    const hf_cell *chosen = cell(t, i, "chosen");
    assert_int_equal(chosen->kind, HF_CELL_BOOL);
    assert_int_equal(chosen->u.b, k == 1 || k == 2);
    assert_int_equal(cell(t, i, "rank")->kind, k == 0 ? HF_CELL_NULL : HF_CELL_INT);
  }
  /* oracle: 7 excluded, 4 forced, 10 by rank, 8 not reached, 7 dedup, 1 previous */
  assert_int_equal(counts[0], 7);
  assert_int_equal(counts[1], 4);
  assert_int_equal(counts[2], 10);
  assert_int_equal(counts[3], 8);
  assert_int_equal(counts[4], 7);
  assert_int_equal(counts[5], 1);
  assert_int_equal(counts[6], 0);
  /* the first rows: 单项工程 in hash order, the excluded one between */
  assert_string_equal(str_at(t, 0, "id"), "GD20261203");
  assert_string_equal(str_at(t, 1, "id"), "GD20261189");
  assert_string_equal(str_at(t, 1, "detail"), "排除：当场解决");
  run_free(&x);
}

/* Another seed: another sample (of the same quotas). */
static void test_engine_seed(void **state) {
  (void)state;
  run a, b;
  run_small(&a, NULL);
  run_small(&b, "2026-11");
  if (a.st != HF_OK) fail_msg("%s", a.err.message);
  if (b.st != HF_OK) fail_msg("%s", b.err.message);
  assert_string_equal(b.r->seed, "2026-11");
  const hf_table *ta = table(a.r, "callback_list"), *tb = table(b.r, "callback_list");
  size_t same = 0;
  for (size_t i = 0; i < ta->nrows; i++)
    for (size_t j = 0; j < tb->nrows; j++) same += strcmp(str_at(ta, i, "id"), str_at(tb, j, "id")) == 0;
  assert_true(same < ta->nrows);
  const hf_table *sa = table(a.r, "callback_list_strata"), *sb = table(b.r, "callback_list_strata");
  for (size_t i = 0; i < sa->nrows; i++) assert_int_equal(int_at(sa, i, "quota"), int_at(sb, i, "quota"));
  run_free(&a);
  run_free(&b);
}

/* No seed in the rule and none given: an error naming the rule file. */
static void test_engine_no_seed(void **state) {
  (void)state;
  run x;
  run_small(&x, "");
  assert_int_equal(x.st, HF_ERR_DATA);
  assert_non_null(strstr(x.err.message, "small/rule.lua"));
  assert_non_null(strstr(x.err.message, "seed"));
  assert_non_null(strstr(x.err.message, "--seed"));
  run_free(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invalid_rules),     cmocka_unit_test(test_small_structs),
      cmocka_unit_test(test_engine_strata),     cmocka_unit_test(test_engine_work_list),
      cmocka_unit_test(test_engine_decisions),  cmocka_unit_test(test_engine_seed),
      cmocka_unit_test(test_engine_no_seed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
