/*
** test_schedule.c — the `schedules` section end to end through the policy:
** the reader's errors (rule file, key path, schedule_core's text), and the
** engine on hand-worked fixtures (tests/data/schedule/basic, worked below),
** plus the data-dependent errors that name the plan's file:line.
**
** tests/data/schedule/basic, as of 2026-03-15 (upcoming 30 days: windows
** opening by 2026-04-14; horizon 2027-12-31). Rules: 开工 = start + 10 days
** (window opens at start); 月度 = start + k months, to start + 3 months;
** 季度 = completion + 3k months, to warranty_end = completion + 保修月数;
** 到期前 = warranty_end, window 30 days; 雨季 (防水 only) = Jun–Aug within
** [completion, warranty_end]; 年度 = warranty_end + k years, open-ended.
**   P1 start 2026-01-31, no completion (so only start's slots; one warning):
**     开工 (01-31, 02-10]; 月度 02-28 (Jan 31 + 1 month clamps), 03-31, 04-30.
**     Visits 01-30 (before every window: extra), 02-05 → 开工, 02-07 → 月度1,
**     02-20 (月度1's window again, 月度2's not open: extra), 03-05 SMS (not a visit).
**     As of 03-15: 开工 done, 月度1 done, 月度2 open, 月度3 upcoming (opens 04-01).
**   P2 start 2024-01-31, completion 2024-02-29, 12 months → warranty_end 2025-02-28:
**     月度 2024-02-29 (leap clamp), 03-31, 04-30; 季度 05-29, 08-29, 11-29, 2025-02-28;
**     雨季 (2024-05-31, 08-31]; 到期前 (2025-01-29, 02-28]; 年度 2026-02-28, 2027-02-28
**     and 2028-02-28 (the first after the horizon). Visits: 2024-02-29 → 月度1 (开工's
**     window has closed); 07-15 → 季度2 only (雨季's window holds it too, but 季度2 is
**     due first); 08-30 → 雨季; 12-20 is late for 季度3 and fills 季度4; 2025-02-20 →
**     到期前 (季度4, due the same day, is taken). 6 overdue: 开工, 月度2, 月度3,
**     季度1, 季度3, 年度1 (15 days); 年度2 open.
**   P3 start 2025-06-01, completion 2025-11-30, 6 months → warranty_end 2026-05-30
**     (Nov 30 + 3 months = Feb 28): visits 06-11 (on the due day) → 开工, 07-01 → 月度1,
**     12-01 → 季度1, 2026-03-01 → 季度2 (early in its window: done), 03-10 extra,
**     05-01 after as-of (not counted; a warning).
**   P4 is 已取消 (left out by where; its visit is ignored); P9's visit is unknown.
**   Owners (byte order 张 < 李): 张伟 P1+P3: due before as-of 7, done 5, overdue 2,
**   open 1, extra 3; 李娜 P2: 11, 5, 6, 1, 0. KPI 10/18, overdue 8 in 2 plans.
**   Plan 2027: P3 年度1 (window from 2026-05-31, notify 2026-05-11), P2 年度2
**   (from 2026-03-01, notify 2026-02-09).
*/
#include "test_policy_support.h"

#include <unistd.h>

#include "common/date.h"

#define DATA TEST_DATA_DIR "/schedule"

/* ------------------------------------------------------------ helpers */

static char tmpdir[64];

static int make_tmpdir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/test_schedule_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(text, fp);
  assert_int_equal(fclose(fp), 0);
}

/* Replaces each "@NAME@" of tmpl by the matching value of subs (NULL-ended pairs). */
static char *fill(const char *tmpl, const char *const *subs) {
  size_t cap = strlen(tmpl) + 1;
  for (size_t i = 0; subs[i]; i += 2) cap += strlen(subs[i + 1]);
  char *out = calloc(1, cap), *o = out;
  for (const char *s = tmpl; *s;) {
    bool done = false;
    for (size_t i = 0; subs[i] && !done; i += 2) {
      size_t n = strlen(subs[i]);
      if (strncmp(s, subs[i], n) == 0) {
        o += sprintf(o, "%s", subs[i + 1]);
        s += n;
        done = true;
      }
    }
    if (!done) *o++ = *s++;
  }
  return out;
}

/* Loads dir/rule.lua and runs it on dir's CSV files; *r holds the results. */
static hf_status run_dir(const char *dir, const char *as_of, hf_results **r, hf_error *err) {
  char rule[512];
  snprintf(rule, sizeof rule, "%s/rule.lua", dir);
  hf_policy *p = load_ok(rule);
  hf_run_options o = {0};
  if (as_of) {
    o.has_as_of = true;
    assert_true(date_parse_iso(as_of, &o.as_of));
  }
  hf_status st = run_in_dir(p, dir, &o, r, err);
  policy_free(p);
  return st;
}

/* ------------------------------------------------------- the basic case */

typedef struct want_slot {
  const char *key, *label;
  int k;  /* 0: null (single, seasonal) */
  const char *from, *due, *status, *visit;
} want_slot;

static const want_slot BASIC[] = {
    {"P1", "开工回访", 0, "2026-02-01", "2026-02-10", "已完成", "2026-02-05"},
    {"P1", "月度回访", 1, "2026-02-01", "2026-02-28", "已完成", "2026-02-07"},
    {"P1", "月度回访", 2, "2026-03-01", "2026-03-31", "进行中", NULL},
    {"P1", "月度回访", 3, "2026-04-01", "2026-04-30", "未到期", NULL},
    {"P2", "开工回访", 0, "2024-02-01", "2024-02-10", "逾期", NULL},
    {"P2", "月度回访", 1, "2024-02-01", "2024-02-29", "已完成", "2024-02-29"},
    {"P2", "月度回访", 2, "2024-03-01", "2024-03-31", "逾期", NULL},
    {"P2", "月度回访", 3, "2024-04-01", "2024-04-30", "逾期", NULL},
    {"P2", "保修季度回访", 1, "2024-03-01", "2024-05-29", "逾期", NULL},
    {"P2", "保修季度回访", 2, "2024-05-30", "2024-08-29", "已完成", "2024-07-15"},
    {"P2", "雨季回访", 0, "2024-06-01", "2024-08-31", "已完成", "2024-08-30"},
    {"P2", "保修季度回访", 3, "2024-08-30", "2024-11-29", "逾期", NULL},
    {"P2", "保修季度回访", 4, "2024-11-30", "2025-02-28", "已完成", "2024-12-20"},
    {"P2", "保修到期前回访", 0, "2025-01-30", "2025-02-28", "已完成", "2025-02-20"},
    {"P2", "保修期满后年度回访", 1, "2025-03-01", "2026-02-28", "逾期", NULL},
    {"P2", "保修期满后年度回访", 2, "2026-03-01", "2027-02-28", "进行中", NULL},
    {"P2", "保修期满后年度回访", 3, "2027-03-01", "2028-02-28", "未到期", NULL},
    {"P3", "开工回访", 0, "2025-06-02", "2025-06-11", "已完成", "2025-06-11"},
    {"P3", "月度回访", 1, "2025-06-02", "2025-07-01", "已完成", "2025-07-01"},
    {"P3", "月度回访", 2, "2025-07-02", "2025-08-01", "逾期", NULL},
    {"P3", "月度回访", 3, "2025-08-02", "2025-09-01", "逾期", NULL},
    {"P3", "保修季度回访", 1, "2025-12-01", "2026-02-28", "已完成", "2025-12-01"},
    {"P3", "保修季度回访", 2, "2026-03-01", "2026-05-30", "已完成", "2026-03-01"},
    {"P3", "保修到期前回访", 0, "2026-05-01", "2026-05-30", "未到期", NULL},
    {"P3", "保修期满后年度回访", 1, "2026-05-31", "2027-05-30", "未到期", NULL},
    {"P3", "保修期满后年度回访", 2, "2027-05-31", "2028-05-30", "未到期", NULL},
};

static void test_basic_every_slot(void **state) {
  (void)state;
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run_dir(DATA "/basic", "2026-03-15", &r, &err), HF_OK);
  const hf_table *t = table(r, "visits_plan");
  size_t n = sizeof BASIC / sizeof *BASIC;
  assert_int_equal(t->nrows, n);
  assert_true(t->no_pdf);  /* pdf_all_slots defaults to false */
  static const char *const cols[] = {"id", "manager", "name", "slot", "k", "window_from", "due", "status", "visit_date"};
  assert_int_equal(t->ncols, 9);
  for (size_t c = 0; c < 9; c++) assert_string_equal(t->cols[c].id, cols[c]);
  assert_string_equal(t->cols[0].label, "项目编号");
  for (size_t i = 0; i < n; i++) {
    const want_slot *w = &BASIC[i];
    assert_text(t, i, "id", w->key);
    assert_text(t, i, "slot", w->label);
    if (w->k) assert_int_cell(t, i, "k", w->k);
    else assert_text(t, i, "k", NULL);
    assert_text(t, i, "window_from", w->from);
    assert_text(t, i, "due", w->due);
    assert_text(t, i, "status", w->status);
    assert_text(t, i, "visit_date", w->visit);
  }
  assert_text(t, 0, "manager", "张伟");
  assert_text(t, 4, "name", "滨江花园屋面");
  results_free(r);
}

static void test_basic_tables(void **state) {
  (void)state;
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run_dir(DATA "/basic", "2026-03-15", &r, &err), HF_OK);

  /* Overdue: per owner (张 < 李 in bytes), then due. */
  const hf_table *t = table(r, "visits_plan_overdue");
  static const struct { const char *owner, *key, *label, *due; long days; } overdue[] = {
      {"张伟", "P3", "月度回访", "2025-08-01", 226},      {"张伟", "P3", "月度回访", "2025-09-01", 195},
      {"李娜", "P2", "开工回访", "2024-02-10", 764},      {"李娜", "P2", "月度回访", "2024-03-31", 714},
      {"李娜", "P2", "月度回访", "2024-04-30", 684},      {"李娜", "P2", "保修季度回访", "2024-05-29", 655},
      {"李娜", "P2", "保修季度回访", "2024-11-29", 471},  {"李娜", "P2", "保修期满后年度回访", "2026-02-28", 15},
  };
  assert_int_equal(t->nrows, 8);
  assert_string_equal(t->cols[0].id, "manager");
  for (size_t i = 0; i < 8; i++) {
    assert_text(t, i, "manager", overdue[i].owner);
    assert_text(t, i, "id", overdue[i].key);
    assert_text(t, i, "slot", overdue[i].label);
    assert_text(t, i, "due", overdue[i].due);
    assert_int_cell(t, i, "days_overdue", overdue[i].days);
  }

  t = table(r, "visits_plan_upcoming");
  assert_int_equal(t->nrows, 3);
  assert_text(t, 0, "id", "P1");
  assert_text(t, 0, "due", "2026-03-31");
  assert_text(t, 0, "status", "进行中");
  assert_text(t, 1, "due", "2026-04-30");
  assert_text(t, 1, "status", "未到期");  /* opens 04-01, within 30 days */
  assert_text(t, 2, "id", "P2");
  assert_text(t, 2, "slot", "保修期满后年度回访");
  assert_text(t, 2, "status", "进行中");

  t = table(r, "visits_plan_plan");
  assert_string_equal(t->title, "回访计划：2027 年度回访计划");
  assert_int_equal(t->nrows, 2);
  assert_text(t, 0, "id", "P3");
  assert_text(t, 0, "window_from", "2026-05-31");
  assert_text(t, 0, "due", "2027-05-30");
  assert_text(t, 0, "notify_by", "2026-05-11");
  assert_text(t, 1, "id", "P2");
  assert_text(t, 1, "due", "2027-02-28");
  assert_text(t, 1, "notify_by", "2026-02-09");

  t = table(r, "visits_plan_by_owner");
  assert_int_equal(t->nrows, 2);
  static const struct { const char *owner; long plans, due, done, overdue, open, extra; } owners[] = {
      {"张伟", 2, 7, 5, 2, 1, 3}, {"李娜", 1, 11, 5, 6, 1, 0}};
  for (size_t i = 0; i < 2; i++) {
    assert_text(t, i, "manager", owners[i].owner);
    assert_int_cell(t, i, "plans", owners[i].plans);
    assert_int_cell(t, i, "due_slots", owners[i].due);
    assert_int_cell(t, i, "done", owners[i].done);
    assert_int_cell(t, i, "overdue", owners[i].overdue);
    assert_int_cell(t, i, "open", owners[i].open);
    assert_int_cell(t, i, "extra_visits", owners[i].extra);
    const hf_cell *rate = cell(t, i, "done_rate");
    assert_int_equal(rate->kind, HF_CELL_NUM);
    assert_true(rate->u.d == (double)owners[i].done / (double)owners[i].due);
  }

  t = table(r, "visits_plan_unknown_visits");
  assert_int_equal(t->nrows, 1);
  assert_int_cell(t, 0, "line", 19);
  assert_text(t, 0, "key", "P9");
  assert_text(t, 0, "visit_date", "2025-05-05");

  const hf_kpi *k = kpi(r, "visits_plan_done_rate");
  assert_true(k->value == 10.0 / 18.0);
  assert_true(k->has_target);
  assert_true(k->target == 0.9);
  assert_false(k->met);
  assert_string_equal(k->detail, "10 / 18 次已到期应回访");
  k = kpi(r, "visits_plan_overdue");
  assert_true(k->value == 8);
  assert_string_equal(k->detail, "涉及 2 个计划");

  assert_int_equal(r->nwarnings, 3);
  assert_true(has_warning(r, "1 个计划的起算日「completion」缺失（列「竣工日期」为空，第一处在第 2 行）"));
  assert_true(has_warning(r, "1 条回访记录的日期晚于截至日 2026-03-15，未计入（第一处在第 16 行）"));
  assert_true(has_warning(r, "1 条回访记录的编号在计划中不存在，已列入「visits_plan_unknown_visits」表（第一处在第 19 行）"));
  results_free(r);
}

/* The same data a year earlier: the statuses move, the plan is 2026's. */
static void test_basic_earlier_as_of(void **state) {
  (void)state;
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run_dir(DATA "/basic", "2025-03-01", &r, &err), HF_OK);
  const hf_table *t = table(r, "visits_plan");
  /* P1 (start 2026) is all upcoming; P3's visits from 2025-06 on are in the future. */
  size_t upcoming = 0, p2_yearly = 0;
  for (size_t i = 0; i < t->nrows; i++) {
    const char *key = str_at(t, i, "id"), *due = str_at(t, i, "due"), *status = str_at(t, i, "status");
    if (strcmp(key, "P1") == 0 || strcmp(key, "P3") == 0) {
      assert_string_equal(status, "未到期");
      upcoming++;
    }
    if (strcmp(key, "P2") == 0 && strcmp(due, "2026-02-28") == 0) {
      assert_string_equal(status, "进行中");
      p2_yearly++;
    }
  }
  /* The horizon is 2026-12-31: P2's yearly series stops at 2027-02-28, the first due after it. */
  assert_int_equal(t->nrows, 4 + 12 + 8);
  assert_int_equal(upcoming, 4 + 8);  /* the loop above saw every P1 and P3 row */
  assert_int_equal(p2_yearly, 1);     /* ... and P2's 年度1 */
  t = table(r, "visits_plan_plan");
  assert_string_equal(t->title, "回访计划：2026 年度回访计划");
  /* Due in 2026: P1's four, P2's 年度1, P3's 季度1, 季度2, 到期前. */
  assert_int_equal(t->nrows, 8);
  assert_true(has_warning(r, "条回访记录的日期晚于截至日 2025-03-01"));
  results_free(r);
}

/* ----------------------------------------------------- reader errors */

static const char RULE_TEMPLATE[] =
    "return huifang.policy {\n"
    "  name = \"t\",\n"
    "  inputs = {\n"
    "    projects = { fields = { id = \"编号\", owner = \"负责人\", cat = \"类别\",\n"
    "                            done = { \"竣工日期\", type = \"date\" }, months = { \"保修月数\", type = \"int\" },\n"
    "                            slot = \"回访\" } },\n"
    "    visits = { fields = { id = \"编号\", date = { \"日期\", type = \"date\" } } },\n"
    "  },\n"
    "  schedules = {\n"
    "    { \"@ID@\", input = \"projects\", key = \"id\", owner = \"owner\",\n"
    "      anchors = { @ANCHORS@ },\n"
    "      slots = {\n"
    "        @SLOTS@\n"
    "      },\n"
    "      @VISITS@ @EXTRA@ },\n"
    "    @MORE@\n"
    "  },\n"
    "}\n";

typedef struct bad_rule {
  const char *anchors, *slots, *visits, *extra, *more, *id;
  const char *expect[3];
} bad_rule;

#define OK_ANCHORS "{ \"completion\", field = \"done\" }"
#define OK_SLOT "{ \"季度回访\", anchor = \"completion\", every = { months = 3 }, to = { years = 1 } }"
#define OK_VISITS "visits = { input = \"visits\", key = \"id\", date = \"date\" },"

static const bad_rule BAD[] = {
    {NULL, "{ \"a\", anchor = \"completion\", every = { months = 0 } }", NULL, NULL, NULL, NULL,
     {"schedules[1].slots[1].every: 周期的各项不能为负数，也不能全为零", "（约第 13 行）"}},
    {NULL, "{ \"a\", anchor = \"completion\", every = { months = 3, days = -1 } }", NULL, NULL, NULL, NULL,
     {"schedules[1].slots[1].every: 周期的各项不能为负数"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { days = 0 } }", NULL, NULL, NULL, NULL,
     {"schedules[1].slots[1].offset: 应回访日不晚于起算日时，必须给出时间窗"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { months = -1, days = -5 } }", NULL, NULL, NULL, NULL,
     {"slots[1].offset: 应回访日不晚于起算日时，必须给出时间窗"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { days = 0 }, window = { days = 0 } }", NULL, NULL, NULL, NULL,
     {"slots[1].window: 时间窗的各项不能为负数，也不能全为零"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { days = 10 }, window = { days = -3 } }", NULL, NULL, NULL,
     NULL, {"slots[1].window: 时间窗的各项不能为负数"}},
    {NULL, "{ \"a\", anchor = \"completion\", season = { 6, 13 } }", NULL, NULL, NULL, NULL,
     {"schedules[1].slots[1].season[2]: 月份须为 1 到 12，且至少给出一个（实际为 13）"}},
    {NULL, "{ \"a\", anchor = \"completion\", season = { 0 } }", NULL, NULL, NULL, NULL,
     {"slots[1].season[1]: 月份须为 1 到 12"}},
    {NULL, "{ \"a\", anchor = \"completion\", season = {} }", NULL, NULL, NULL, NULL,
     {"slots[1].season: 月份须为 1 到 12，且至少给出一个"}},
    {NULL, "{ \"a\", anchor = \"completion\", season = { \"六月\" } }", NULL, NULL, NULL, NULL,
     {"slots[1].season[1]: 应为 integer（月份 1..12），实际为 string"}},
    {NULL, "{ \"a\", anchor = \"handover\", offset = { days = 3 } }", NULL, NULL, NULL, NULL,
     {"slots[1].anchor: 没有名为「handover」的起算日"}},
    {"{ \"end\", from = \"completion2\" }, { \"completion2\", field = \"done\" }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"anchors[1].from: 前面没有名为「completion2」的起算日（anchors 按顺序计算"}},
    {"{ \"x\", field = \"done\" }, { \"x\", from = \"completion\" }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"schedules[1].anchors[2][1]: 起算日「x」重复"}},
    {"{ \"x\", field = \"cat\" }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"anchors[1].field: 字段「cat」的类型是 string，这里应为 date"}},
    {OK_ANCHORS ", { \"x\", field = \"done\", from = \"completion\" }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"anchors[2]: 起算日要么取自日期字段（field = ...），要么由前面的起算日推算（from = ...），二者选一"}},
    {"{ \"x\" }", OK_SLOT, NULL, NULL, NULL, NULL, {"anchors[1]: 起算日要么取自日期字段"}},
    {OK_ANCHORS ", { \"x\", from = \"completion\", plus_months_field = \"done\" }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"anchors[2].plus_months_field: 字段「done」的类型是 date，这里应为 int"}},
    {OK_ANCHORS ", { \"x\", from = \"completion\", plus = { year = 1 } }", OK_SLOT, NULL, NULL, NULL, NULL,
     {"anchors[2].plus.year: 未知的键"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { days = 3 }, every = { months = 1 } }", NULL, NULL, NULL,
     NULL, {"slots[1]: offset、every、season 只能给出一个"}},
    {NULL, "{ \"a\", anchor = \"completion\" }", NULL, NULL, NULL, NULL,
     {"slots[1]: 要给出 offset（单次回访）、every（周期回访）或 season（季节回访）之一"}},
    {NULL, "{ \"a\", anchor = \"completion\", every = { months = 1 }, window = { days = 3 } }", NULL, NULL, NULL,
     NULL, {"slots[1]: window 只用于单次回访（offset）"}},
    {NULL, "{ \"a\", anchor = \"completion\", offset = { days = 3 }, from = { days = 1 } }", NULL, NULL, NULL, NULL,
     {"slots[1]: 单次回访（offset）不能有 from / to"}},
    {NULL, "{ \"a\", anchor = \"completion\", every = { months = 1 }, to = { anchor = \"nope\" } }", NULL, NULL,
     NULL, NULL, {"slots[1].to.anchor: 没有名为「nope」的起算日"}},
    {NULL, "{ \"a\", anchor = \"completion\", every = { months = 1 }, [\"until\"] = { years = 1 } }", NULL, NULL,
     NULL, NULL, {"slots[1].until: 未知的键", "to"}},
    {NULL, "{ \"a\", anchor = \"completion\", every = 3 }", NULL, NULL, NULL, NULL,
     {"slots[1].every: 应为 table（时长，如 { months = 3 } 或 { days = 10 }），实际为 integer"}},
    {NULL, OK_SLOT ", { \"季度回访\", anchor = \"completion\", offset = { days = 3 } }", NULL, NULL, NULL, NULL,
     {"slots[2][1]: 回访名称「季度回访」重复"}},
    {NULL, "", NULL, NULL, NULL, NULL, {"schedules[1].slots: 至少要有一项应回访"}},
    {NULL, NULL, "", NULL, NULL, NULL, {"schedules[1].visits: 缺少必需的键"}},
    {NULL, NULL, "visits = { input = \"visits\", key = \"id\", date = \"id\" },", NULL, NULL, NULL,
     {"visits.date: 字段「id」的类型是 string，这里应为 date"}},
    {NULL, NULL, "visits = { input = \"calls\", key = \"id\", date = \"date\" },", NULL, NULL, NULL,
     {"visits.input: 没有名为「calls」的输入"}},
    {NULL, NULL, NULL, "fields = { \"slot\" }", NULL, NULL, {"schedules[1]: 字段名「slot」与回访表自己的列重名"}},
    {NULL, NULL, NULL, "fields = { \"id\" }", NULL, NULL, {"schedules[1]: 字段「id」重复"}},
    {NULL, NULL, NULL, "upcoming_days = -1", NULL, NULL, {"schedules[1].upcoming_days: 应为 ≥ 0 的整数，实际为 -1"}},
    {NULL, NULL, NULL, "target = 1.5", NULL, NULL, {"schedules[1].target: 比例应在 [0,1] 之间，实际为 1.5"}},
    {NULL, NULL, NULL, "plan_next_year = \"yes\"", NULL, NULL, {"schedules[1].plan_next_year: 应为 boolean"}},
    {NULL, NULL, NULL, "upcomming_days = 30", NULL, NULL, {"schedules[1].upcomming_days: 未知的键"}},
    {NULL, NULL, NULL, NULL, NULL, "rejected", {"表 id「rejected」已被占用"}},
    {NULL, NULL, NULL, NULL,
     "{ \"p_overdue\", input = \"projects\", key = \"id\", anchors = { " OK_ANCHORS " }, slots = { " OK_SLOT
     " }, " OK_VISITS " },",
     "p", {"schedules[2][1]: 表 id「p_overdue」已被占用"}},
};

static void test_reader_errors(void **state) {
  (void)state;
  char rule[128];
  snprintf(rule, sizeof rule, "%s/rule.lua", tmpdir);
  for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
    const bad_rule *b = &BAD[i];
    const char *subs[] = {"@ANCHORS@", b->anchors ? b->anchors : OK_ANCHORS,
                          "@SLOTS@",   b->slots ? b->slots : OK_SLOT,
                          "@VISITS@",  b->visits ? b->visits : OK_VISITS,
                          "@EXTRA@",   b->extra ? b->extra : "",
                          "@MORE@",    b->more ? b->more : "",
                          "@ID@",      b->id ? b->id : "plan",
                          NULL};
    char *text = fill(RULE_TEMPLATE, subs);
    write_file(tmpdir, "rule.lua", text);
    hf_error err = {0};
    hf_policy *p = policy_load(rule, NULL, &err);
    if (p) fail_msg("case %zu loaded, expected an error:\n%s", i, text);
    assert_int_equal(err.status, HF_ERR_DATA);
    if (strncmp(err.message, "rule.lua", 8) != 0) fail_msg("case %zu: message does not name the rule file: %s", i, err.message);
    for (size_t k = 0; k < 3 && b->expect[k]; k++)
      if (!strstr(err.message, b->expect[k]))
        fail_msg("case %zu: expected「%s」in:\n  %s\nrule:\n%s", i, b->expect[k], err.message, text);
    free(text);
  }
}

/* The template itself loads, with its defaults. */
static void test_reader_defaults(void **state) {
  (void)state;
  char rule[128];
  snprintf(rule, sizeof rule, "%s/rule.lua", tmpdir);
  const char *subs[] = {"@ANCHORS@", OK_ANCHORS ", { \"end\", from = \"completion\", plus = { years = 1 }, plus_months_field = \"months\" }",
                        "@SLOTS@", OK_SLOT ", { \"雨季\", anchor = \"completion\", season = { 8, 6, 7 }, from = { days = 1 } }",
                        "@VISITS@", OK_VISITS, "@EXTRA@", "", "@MORE@", "", "@ID@", "plan", NULL};
  char *text = fill(RULE_TEMPLATE, subs);
  write_file(tmpdir, "rule.lua", text);
  free(text);
  hf_error err = {0};
  hf_policy *p = policy_load(rule, NULL, &err);
  if (!p) fail_msg("%s", err.message);
  assert_int_equal(p->nschedules, 1);
  const hf_schedule_spec *s = &p->schedules[0];
  assert_string_equal(s->id, "plan");
  assert_string_equal(s->title, "plan");
  assert_int_equal(s->upcoming_days, 30);
  assert_int_equal(s->notify_days, 0);  /* no seed number as a C default */
  assert_int_equal(s->pdf_limit, 100);
  assert_false(s->plan_next_year);
  assert_false(s->pdf_all_slots);
  assert_false(s->has_target);
  assert_true(s->has_owner);
  assert_int_equal(s->nanchors, 2);
  assert_true(s->anchors[0].from_field);
  assert_false(s->anchors[1].from_field);
  assert_int_equal(s->anchors[1].base, 0);
  assert_int_equal(s->anchors[1].plus.years, 1);
  assert_true(s->anchors[1].has_plus_field);
  assert_int_equal(s->nslots, 2);
  assert_int_equal(s->slots[0].kind, HF_SLOT_EVERY);
  assert_int_equal(s->slots[0].every.months, 3);
  assert_true(s->slots[0].has_until);
  assert_int_equal(s->slots[0].until_anchor, 0);  /* the slot's own anchor */
  assert_int_equal(s->slots[0].until.years, 1);
  assert_int_equal(s->slots[1].kind, HF_SLOT_SEASON);
  assert_int_equal(s->slots[1].nmonths, 3);
  assert_int_equal(s->slots[1].months[0], 8);
  assert_false(s->slots[1].has_until);
  assert_int_equal(s->slots[1].from.days, 1);
  policy_free(p);
}

/* ------------------------------------------------ run-time (data) errors */

static const char ENGINE_RULE[] =
    "return huifang.policy {\n"
    "  name = \"t\",\n"
    "  inputs = {\n"
    "    projects = { fields = { id = \"编号\", done = { \"竣工日期\", type = \"date\" },\n"
    "                            months = { \"保修月数\", type = \"int\", optional = true } } },\n"
    "    visits = { fields = { id = \"编号\", date = { \"日期\", type = \"date\" } } },\n"
    "  },\n"
    "  schedules = { { \"plan\", input = \"projects\", key = \"id\",\n"
    "    anchors = { { \"completion\", field = \"done\" },\n"
    "                { \"warranty_end\", from = \"completion\", plus_months_field = \"months\" } },\n"
    "    slots = { @SLOTS@ },\n"
    "    visits = { input = \"visits\", key = \"id\", date = \"date\" } } },\n"
    "}\n";

/* Writes tmpdir/rule.lua (ENGINE_RULE with these slots), projects.csv and visits.csv. */
static void write_engine_case(const char *slots, const char *projects, const char *visits) {
  const char *subs[] = {"@SLOTS@", slots, NULL};
  char *text = fill(ENGINE_RULE, subs);
  write_file(tmpdir, "rule.lua", text);
  free(text);
  write_file(tmpdir, "projects.csv", projects);
  write_file(tmpdir, "visits.csv", visits);
}

typedef struct data_case {
  const char *slots, *projects, *visits, *as_of;
  hf_status status;
  const char *expect[3];
} data_case;

static const data_case DATA_CASES[] = {
    /* A band of a day's period over 30 years: schedule_core's limit, named at the plan's row. */
    {"{ \"每日\", anchor = \"completion\", every = { days = 1 }, to = { years = 30 } }",
     "编号,竣工日期,保修月数\nA,2026-01-01,12\nB,2026-01-01,12\n", "编号,日期\n", "2026-06-30", HF_ERR_DATA,
     {"projects.csv:2: 回访计划「plan」（rule.lua 的 schedules[1]）：计划「A」的「每日」（slots[1]）：一个周期序列的回访次数超过上限 10000 次"}},
    /* Mixed signs: Jan 31 + 1 month - 30 days is Jan 29, before the anchor; Mar 1's is Mar 2. */
    {"{ \"月末\", anchor = \"completion\", offset = { months = 1, days = -30 } }",
     "编号,竣工日期,保修月数\nA,2026-03-01,12\nB,2026-01-31,12\n", "编号,日期\n", "2026-06-30", HF_ERR_DATA,
     {"projects.csv:3:", "计划「B」的「月末」（slots[1]）：应回访日不晚于起算日时，必须给出时间窗"}},
    {"{ \"到期\", anchor = \"warranty_end\", offset = { days = 0 }, window = { days = 30 } }",
     "编号,竣工日期,保修月数\nA,2026-03-01,12\nB,2026-01-31,-6\n", "编号,日期\n", "2026-06-30", HF_ERR_DATA,
     {"projects.csv:3:", "起算日「warranty_end」：列「保修月数」的月数 -6 应在 0 到 120000 之间"}},
    {"{ \"到期\", anchor = \"warranty_end\", offset = { days = 0 }, window = { days = 30 } }",
     "编号,竣工日期,保修月数\nA,2026-03-01,12\nB,2026-01-31,6\nA,2026-04-01,6\n", "编号,日期\n", "2026-06-30",
     HF_ERR_DATA, {"projects.csv:4:", "编号「A」（列「编号」）重复，第一次出现在第 2 行"}},
    /* 9999-12-31 + 1 year is out of range. */
    {"{ \"一年\", anchor = \"completion\", offset = { years = 1 } }", "编号,竣工日期,保修月数\nA,9999-01-01,\n",
     "编号,日期\n", "2026-06-30", HF_ERR_DATA,
     {"projects.csv:2:", "「一年」（slots[1]）：日期超出 0001-01-01 至 9999-12-31 的范围"}},
    /* No --as-of and no dated visit: nothing to judge by. */
    {"{ \"一年\", anchor = \"completion\", offset = { years = 1 } }", "编号,竣工日期,保修月数\nA,2026-01-01,12\n",
     "编号,日期\n", NULL, HF_ERR_USAGE, {"回访计划「plan」需要截至日：请用 --as-of YYYY-MM-DD 指定"}},
};

static void test_data_errors(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof DATA_CASES / sizeof *DATA_CASES; i++) {
    const data_case *d = &DATA_CASES[i];
    write_engine_case(d->slots, d->projects, d->visits);
    hf_results *r;
    hf_error err = {0};
    hf_status st = run_dir(tmpdir, d->as_of, &r, &err);
    if (st != d->status) fail_msg("case %zu: status %d, expected %d (%s)", i, st, d->status, err.message);
    for (size_t k = 0; k < 3 && d->expect[k]; k++)
      if (!strstr(err.message, d->expect[k])) fail_msg("case %zu: expected「%s」in:\n  %s", i, d->expect[k], err.message);
    results_free(r);
  }
}

/* Without an owner: no owner column, no per-owner table; without --as-of the
** last visit's date is the as-of day; empty warranty months leave warranty_end
** out (a warning naming the int column), not the plan. */
static void test_no_owner_and_default_as_of(void **state) {
  (void)state;
  /* 007 and 7 are the same text only when the key is an int: here it is a string, so "7" is unknown. */
  write_engine_case("{ \"季度\", anchor = \"completion\", every = { months = 3 }, to = { anchor = \"warranty_end\" } },"
                    "{ \"到期\", anchor = \"warranty_end\", offset = { days = 0 }, window = { days = 30 } }",
                    "编号,竣工日期,保修月数\n007,2025-01-31,6\nB,2025-03-31,\n",
                    "编号,日期\n007,2025-04-30\n7,2025-05-02\n007,2025-08-15\n");
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run_dir(tmpdir, NULL, &r, &err), HF_OK);
  assert_string_equal(r->as_of, "2025-08-15");
  assert_null(results_table(r, "plan_by_owner"));
  assert_null(results_table(r, "plan_plan"));
  const hf_table *t = table(r, "plan");
  assert_string_equal(t->cols[0].id, "id");
  assert_string_equal(t->cols[1].id, "slot");
  /* 007: Jan 31 + 3 = Apr 30, + 6 = Jul 31 (one step from the anchor, not Apr 30 + 3 = Jul 30);
  ** 到期 (Jul 1, Jul 31]. The 08-15 visit is after every window: extra. */
  assert_int_equal(t->nrows, 3);
  assert_text(t, 0, "due", "2025-04-30");
  assert_text(t, 0, "status", "已完成");
  assert_text(t, 1, "due", "2025-07-31");
  assert_text(t, 1, "status", "逾期");
  assert_text(t, 2, "slot", "到期");
  assert_text(t, 2, "window_from", "2025-07-02");
  assert_text(t, 2, "status", "逾期");
  assert_true(has_warning(r, "1 个计划的起算日「warranty_end」缺失（列「保修月数」为空，第一处在第 3 行）"));
  assert_true(has_warning(r, "1 条回访记录的编号在计划中不存在"));
  t = table(r, "plan_unknown_visits");
  assert_text(t, 0, "key", "7");
  const hf_kpi *k = kpi(r, "plan_done_rate");
  assert_true(k->value == 1.0 / 3.0);
  assert_false(k->has_target);
  results_free(r);
}

/* A slot's where may be a Lua function: it runs on the plan's row while the
** record lives, and only its boolean is kept. */
static void test_slot_where_hook(void **state) {
  (void)state;
  write_engine_case("{ \"季度\", anchor = \"completion\", every = { months = 3 }, to = { years = 1 },"
                    "  where = function(r) return r.months ~= nil and r.months >= 12 end }",
                    "编号,竣工日期,保修月数\nA,2025-01-31,12\nB,2025-01-31,6\nC,2025-01-31,\n", "编号,日期\nB,2025-03-01\n");
  hf_results *r;
  hf_error err = {0};
  assert_int_equal(run_dir(tmpdir, "2025-12-31", &r, &err), HF_OK);
  const hf_table *t = table(r, "plan");
  /* A only: Jan 31 + 3, 6, 9, 12 months. B's visit has no slot: extra, not unknown. */
  assert_int_equal(t->nrows, 4);
  static const char *const dues[] = {"2025-04-30", "2025-07-31", "2025-10-31", "2026-01-31"};
  for (size_t i = 0; i < 4; i++) {
    assert_text(t, i, "id", "A");
    assert_text(t, i, "due", dues[i]);
  }
  assert_text(t, 3, "status", "进行中");
  assert_null(results_table(r, "plan_unknown_visits"));
  results_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_basic_every_slot),
      cmocka_unit_test(test_basic_tables),
      cmocka_unit_test(test_basic_earlier_as_of),
      cmocka_unit_test(test_reader_errors),
      cmocka_unit_test(test_reader_defaults),
      cmocka_unit_test(test_data_errors),
      cmocka_unit_test(test_no_owner_and_default_as_of),
      cmocka_unit_test(test_slot_where_hook),
  };
  return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
