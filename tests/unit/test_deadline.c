/*
** test_deadline.c — the `calendar` and `deadlines` sections end to end below
** the CLI: policy_load on tests/data/deadline/engine/rule.lua, evaluate_run on
** its CSVs, and every record's state, due moment and lateness checked against
** values worked by hand here (each commented). Also: the period known only at
** finish (tests/data/deadline/period), --as-of turning 逾期 into 未到期, the
** PDF limit with the rest spilled, and every load error of
** tests/data/deadline/invalid/ (each file names its expected message, with the
** rule file and key path, in "-- expect:" lines).
**
** The calendar is MADE UP: holidays 2026-10-01 .. 10-07 (Thu .. Wed), 调休
** working days Sun 2026-09-27 and Sat 2026-10-10. 2026-10-21 is a Wednesday.
*/
#include "test_policy_support.h"

#include "common/buf.h"
#include "common/date.h"

#define DATA TEST_DATA_DIR "/deadline"

/* ------------------------------------------------------------ running */

typedef struct run {
  hf_policy *p;
  hf_results *r;
} run;

/* Loads DATA/<dir>/rule.lua and evaluates it on the CSVs beside it. period:
** "2026-10" or NULL; as_of: "YYYY-MM-DD" or NULL. */
static run run_rule(const char *dir, const char *period, const char *as_of) {
  char folder[1024], path[1100];
  snprintf(folder, sizeof folder, DATA "/%s", dir);
  snprintf(path, sizeof path, "%s/rule.lua", folder);
  hf_error err = {0};
  run out = {.p = load_ok(path)};
  hf_run_options o = {0};
  if (period) {
    int y = atoi(period), m = atoi(period + 5);
    o.has_period = true;
    o.period_from = date_from_ymd(y, m, 1);
    o.period_to = date_from_ymd(y, m, date_days_in_month(y, m));
  }
  if (as_of) {
    o.has_as_of = true;
    assert_true(date_parse_iso(as_of, &o.as_of));
  }
  if (run_in_dir(out.p, folder, &o, &out.r, &err) != HF_OK) fail_msg("%s: %s", path, err.message);
  return out;
}

static void run_free(run *r) {
  results_free(r->r);
  policy_free(r->p);
}

static void cell_text(const hf_cell *c, hf_buf *b) {
  switch (c->kind) {
    case HF_CELL_NULL: buf_puts(b, "-"); break;
    case HF_CELL_STR: buf_puts(b, c->u.s); break;
    case HF_CELL_INT: buf_printf(b, "%lld", (long long)c->u.i); break;
    case HF_CELL_NUM: buf_printf(b, "%.17g", c->u.d); break;
    case HF_CELL_BOOL: buf_puts(b, c->u.b ? "true" : "false"); break;
  }
}

/* Every row of t (resident or spilled) as "a|b|c" over the given column ids,
** one row per line: what the renderers of JSON and CSV would read. */
static char *rows(const hf_table *t, const char *const *cols) {
  int idx[16];
  size_t n = 0;
  for (; cols[n]; n++) {
    idx[n] = table_column(t, cols[n]);
    if (idx[n] < 0) fail_msg("table %s has no column %s", t->id, cols[n]);
  }
  hf_buf b;
  buf_init(&b);
  hf_row_cursor cur;
  table_cursor_open(&cur, t);
  const hf_cell *row;
  while ((row = table_cursor_next(&cur))) {
    for (size_t k = 0; k < n; k++) {
      if (k) buf_putc(&b, '|');
      cell_text(&row[idx[k]], &b);
    }
    buf_putc(&b, '\n');
  }
  assert_true(table_cursor_close(&cur));
  return b.data ? buf_steal(&b) : strdup("");
}

static void assert_rows(const hf_table *t, const char *const *cols, const char *want) {
  char *got = rows(t, cols);
  if (strcmp(got, want) != 0) fail_msg("table %s:\n--- got\n%s--- want\n%s", t->id, got, want);
  free(got);
}

static const char *const RECORD_COLS[] = {"line", "start", "due", "done", "state", "lateness", "lateness_seconds",
                                          NULL};
static const char *const GROUP_COLS_CREW[] = {"crew", "records", "met", "late", "open", "overdue", "met_rate", NULL};

/* ------------------------------------------------------------ the specs */

static void test_calendar_and_specs_loaded(void **state) {
  (void)state;
  hf_policy *p = load_ok(DATA "/engine/rule.lua");
  /* The range 10-01 .. 10-07 expands to seven sorted dates; two 调休 days. */
  assert_int_equal(p->calendar.nholidays, 7);
  for (int k = 0; k < 7; k++) assert_int_equal(p->calendar.holidays[k], date_from_ymd(2026, 10, 1 + k));
  assert_int_equal(p->calendar.nworkdays, 2);
  assert_int_equal(p->calendar.workdays[0], date_from_ymd(2026, 9, 27));
  assert_int_equal(p->calendar.workdays[1], date_from_ymd(2026, 10, 10));
  assert_int_equal(p->ndeadlines, 6);
  const hf_deadline_spec *d = &p->deadlines[0];
  assert_string_equal(d->id, "repair_dispatch");
  assert_string_equal(d->title, "报修派工时限（12 小时）");
  assert_int_equal(d->kind, HF_DL_HOURS);
  assert_int_equal(d->amount, 12);
  assert_true(d->has_end);
  assert_int_equal(d->nby, 1);
  assert_int_equal(d->nfields, 1);
  assert_int_equal(d->pdf_limit, 200);  /* the default */
  assert_true(d->has_target);
  assert_true(d->target == 0.9);
  assert_int_equal(d->where.nconds, 1);
  assert_int_equal(p->deadlines[1].kind, HF_DL_DAYS);
  assert_int_equal(p->deadlines[1].amount, 2);
  assert_false(p->deadlines[1].has_target);
  assert_int_equal(p->deadlines[2].kind, HF_DL_WORKING_DAYS);
  assert_int_equal(p->deadlines[2].amount, 7);
  d = &p->deadlines[3];  /* next_day_at = "11:30": 1 calendar day */
  assert_int_equal(d->kind, HF_DL_NEXT_DAY_AT);
  assert_int_equal(d->amount, 1);
  assert_false(d->working);
  assert_int_equal(d->at, 11 * 3600 + 30 * 60);
  assert_int_equal(d->pdf_limit, 1);
  d = &p->deadlines[4];  /* { "11:30", working = true } */
  assert_int_equal(d->amount, 1);
  assert_true(d->working);
  d = &p->deadlines[5];  /* weekday_at = { 3, "12:00" } */
  assert_int_equal(d->kind, HF_DL_WEEKDAY_AT);
  assert_int_equal(d->weekday, 3);
  assert_int_equal(d->at, 12 * 3600);
  policy_free(p);
}

/* ------------------------------------------------------------ each kind */

static void test_hours_across_midnight_by_crew(void **state) {
  (void)state;
  run r = run_rule("engine", "2026-10", NULL);
  /* as-of = the period's last day, 10-31; it ends at 11-01 00:00.
  ** R1 20:30 + 12 h = 10-22 08:30, dispatched 08:30: exactly on time is on time.
  ** R2 same start, dispatched 08:31: 60 s late.
  ** R3 10-30 22:00 → due 10-31 10:00, not dispatched; 11-01 00:00 − 10:00 = 14 h overdue (50400 s).
  ** R4 10-31 20:00 → due 11-01 08:00, after the as-of moment: still open.
  ** R5 starts 09-30, outside --period: not counted (a warning names line 6).
  ** R6 on a holiday (10-05 09:00 → 21:00), done 10:00: hours ignore the calendar, met.
  ** R7 10-12 08:00 → 20:00, done 19:59: met. R8 (crew 外包) fails `where`. */
  assert_rows(table(r.r, "repair_dispatch_all"), RECORD_COLS,
              "2|2026-10-21 20:30:00|2026-10-22 08:30:00|2026-10-22 08:30:00|按时完成|-|-\n"
              "3|2026-10-21 20:30:00|2026-10-22 08:30:00|2026-10-22 08:31:00|超时完成|超时 1 分|60\n"
              "4|2026-10-30 22:00:00|2026-10-31 10:00:00|-|逾期未完成|超时 14 小时|50400\n"
              "5|2026-10-31 20:00:00|2026-11-01 08:00:00|-|未到期|-|-\n"
              "7|2026-10-05 09:00:00|2026-10-05 21:00:00|2026-10-05 10:00:00|按时完成|-|-\n"
              "8|2026-10-12 08:00:00|2026-10-12 20:00:00|2026-10-12 19:59:00|按时完成|-|-\n");
  /* The list: only 超时完成 and 逾期未完成, with the rule's fields. */
  static const char *const late_cols[] = {"order", "state", "lateness_seconds", NULL};
  assert_rows(table(r.r, "repair_dispatch"), late_cols, "R2|超时完成|60\nR3|逾期未完成|50400\n");
  /* By crew, sorted by bytes (乙 E4 B9 99 < 甲 E7 94 B2):
  ** 乙班 R3 overdue, R4 open, R6 R7 met: 4 records, rate 2 / (2 + 0 + 1) = 2/3;
  ** 甲班 R1 met, R2 late: 2 records, rate 1/2. */
  assert_rows(table(r.r, "repair_dispatch_by_crew"), GROUP_COLS_CREW,
              "乙班|4|2|0|1|1|0.66666666666666663\n"
              "甲班|2|1|1|0|0|0.5\n");
  /* Overall: met 3 of decided 5 (met 3 + late 1 + overdue 1): 0.6 < target 0.9. */
  const hf_kpi *k = kpi(r.r, "repair_dispatch_met_rate");
  assert_true(k->value == 0.6);
  assert_int_equal(k->format, HF_FMT_PERCENT);
  assert_true(k->has_target);
  assert_false(k->met);
  assert_string_equal(k->detail, "按时 3 / 5 条（超时 1，逾期 1，未到期 1）");
  assert_true(kpi(r.r, "repair_dispatch_overdue")->value == 1);
  assert_true(has_warning(r.r, "有 1 条记录的「报修时间」不在统计期 2026-10-01 至 2026-10-31 内，未计入（第一处在第 6 行）"));
  /* Presentation order: by-tables, the list, then every record (JSON/CSV only). */
  const hf_table *late = table(r.r, "repair_dispatch"), *all = table(r.r, "repair_dispatch_all");
  assert_false(late->no_pdf);
  assert_true(all->no_pdf);
  assert_string_equal(late->title, "报修派工时限（12 小时）：超时与逾期清单");
  assert_non_null(strstr(late->note, "时限：「报修时间」后 12 小时内，以「派工时间」为完成时间"));
  run_free(&r);
}

static void test_days_with_a_date_only_done(void **state) {
  (void)state;
  run r = run_rule("engine", "2026-10", NULL);
  /* 2 calendar days = 48 h. A date-only reply stands for 24:00 of its day.
  ** C1 10-21 14:30 → due 10-23 14:30; replied "10-23" = 10-24 00:00: 9 h 30 min late (34200 s).
  ** C2 replied "10-22" = 10-23 00:00 <= due: met.
  ** C3 10-29 09:00 → due 10-31 09:00, no reply; 11-01 00:00 − 09:00 = 15 h overdue (54000 s). */
  assert_rows(table(r.r, "complaint_reply_all"), RECORD_COLS,
              "2|2026-10-21 14:30:00|2026-10-23 14:30:00|2026-10-23|超时完成|超时 9 小时 30 分|34200\n"
              "3|2026-10-21 14:30:00|2026-10-23 14:30:00|2026-10-22|按时完成|-|-\n"
              "4|2026-10-29 09:00:00|2026-10-31 09:00:00|-|逾期未完成|超时 15 小时|54000\n");
  assert_true(kpi(r.r, "complaint_reply_met_rate")->value == 1.0 / 3.0);
  assert_false(kpi(r.r, "complaint_reply_met_rate")->has_target);
  run_free(&r);
}

static void test_working_days_across_a_holiday_block(void **state) {
  (void)state;
  run r = run_rule("engine", "2026-10", NULL);
  /* 7 working days after the start's day, due at 24:00 of the 7th.
  ** S1, S2 applied Thu 10-01 (a holiday): 10-02 .. 10-07 are holidays or the weekend; working days
  ** Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 (3, 调休), Mon 10-12 (4), 10-13 (5), 10-14 (6), Thu 10-15 (7):
  ** due 10-15 24:00. S1 at 23:59 is met; S2 at 10-16 00:00:01 is 1 s late.
  ** S3 applied Fri 10-09: Sat 10-10 (1, 调休), 10-12 .. 10-16 (2..6), Mon 10-19 (7): due 10-19 24:00;
  ** done 10-19 18:00, met (without the 调休 Saturday it would be due 10-20).
  ** S4 applied Wed 10-28: 10-29, 10-30, 11-02 .. 11-06: due 11-06 24:00, open on 10-31. */
  assert_rows(table(r.r, "service_report_all"), RECORD_COLS,
              "2|2026-10-01|2026-10-15 24:00:00|2026-10-15 23:59:00|按时完成|-|-\n"
              "3|2026-10-01|2026-10-15 24:00:00|2026-10-16 00:00:01|超时完成|超时 1 秒|1\n"
              "4|2026-10-09|2026-10-19 24:00:00|2026-10-19 18:00:00|按时完成|-|-\n"
              "5|2026-10-28|2026-11-06 24:00:00|-|未到期|-|-\n");
  /* Met 2 of decided 3 (S4 still open). */
  assert_true(kpi(r.r, "service_report_met_rate")->value == 2.0 / 3.0);
  assert_true(kpi(r.r, "service_report_overdue")->value == 0);
  run_free(&r);
}

static void test_next_day_at_1130(void **state) {
  (void)state;
  run r = run_rule("engine", "2026-10", NULL);
  /* T+1 11:30, calendar days. Q1 (10-21) published 10-22 11:30: met at the minute; Q2 11:31: 60 s late.
  ** Q3 Fri 10-09 → due Sat 10-10 11:30, published Mon 10-12 09:00: 1 day 21 h 30 min late = 163800 s
  ** (the phrase truncates to whole hours).
  ** Q4 Fri 10-30 → due Sat 10-31 11:30, unpublished: 12 h 30 min overdue at 11-01 00:00 (45000 s).
  ** Q5 Fri 10-02 → due Sat 10-03 11:30, published Thu 10-08 09:00: 4 days 21 h 30 min = 423000 s. */
  assert_rows(table(r.r, "qc_publish_all"), RECORD_COLS,
              "2|2026-10-21|2026-10-22 11:30:00|2026-10-22 11:30:00|按时完成|-|-\n"
              "3|2026-10-21|2026-10-22 11:30:00|2026-10-22 11:31:00|超时完成|超时 1 分|60\n"
              "4|2026-10-09|2026-10-10 11:30:00|2026-10-12 09:00:00|超时完成|超时 1 天 21 小时|163800\n"
              "5|2026-10-30|2026-10-31 11:30:00|-|逾期未完成|超时 12 小时 30 分|45000\n"
              "6|2026-10-02|2026-10-03 11:30:00|2026-10-08 09:00:00|超时完成|超时 4 天 21 小时|423000\n");
  assert_true(kpi(r.r, "qc_publish_met_rate")->value == 1.0 / 5.0);
  /* The next WORKING day at 11:30. Q3: Sat 10-10 is a 调休 working day, so the same due as above.
  ** Q4: Sat 10-31 is not: due Mon 11-02 11:30, open. Q5: 10-03 .. 10-07 are off: due Thu 10-08
  ** 11:30, published 09:00, met. Met Q1 Q5 of decided 4 (Q4 open). */
  assert_rows(table(r.r, "qc_publish_wd_all"), RECORD_COLS,
              "2|2026-10-21|2026-10-22 11:30:00|2026-10-22 11:30:00|按时完成|-|-\n"
              "3|2026-10-21|2026-10-22 11:30:00|2026-10-22 11:31:00|超时完成|超时 1 分|60\n"
              "4|2026-10-09|2026-10-10 11:30:00|2026-10-12 09:00:00|超时完成|超时 1 天 21 小时|163800\n"
              "5|2026-10-30|2026-11-02 11:30:00|-|未到期|-|-\n"
              "6|2026-10-02|2026-10-08 11:30:00|2026-10-08 09:00:00|按时完成|-|-\n");
  assert_true(kpi(r.r, "qc_publish_wd_met_rate")->value == 0.5);
  /* The rule in words heads every table. */
  assert_non_null(strstr(table(r.r, "qc_publish_all")->note, "时限：「抽检日期」次日 11:30 前，以「发布时间」为完成时间。"));
  assert_non_null(strstr(table(r.r, "qc_publish_wd_all")->note, "时限：「抽检日期」之后的下一个工作日 11:30 前，以「发布时间」为完成时间。"));
  run_free(&r);
}

static void test_weekday_at_wednesday_noon(void **state) {
  (void)state;
  run r = run_rule("engine", "2026-10", NULL);
  /* Due Wednesday 12:00 of the week after the start's ISO week.
  ** Mon 10-19 → Wed 10-28 12:00, submitted 12:00:00: met. Sun 10-25 (same week) → same due,
  ** submitted 12:00:01: 1 s late. Mon 10-12 → Wed 10-21 12:00, never submitted: overdue
  ** 10 days 12 h at 11-01 00:00 (907200 s). Mon 10-26 → Wed 11-04 12:00: open. */
  assert_rows(table(r.r, "weekly_summary_all"), RECORD_COLS,
              "2|2026-10-19|2026-10-28 12:00:00|2026-10-28 12:00:00|按时完成|-|-\n"
              "3|2026-10-25|2026-10-28 12:00:00|2026-10-28 12:00:01|超时完成|超时 1 秒|1\n"
              "4|2026-10-12|2026-10-21 12:00:00|-|逾期未完成|超时 10 天 12 小时|907200\n"
              "5|2026-10-26|2026-11-04 12:00:00|-|未到期|-|-\n");
  assert_true(kpi(r.r, "weekly_summary_met_rate")->value == 1.0 / 3.0);
  assert_true(kpi(r.r, "weekly_summary_overdue")->value == 1);
  assert_non_null(strstr(table(r.r, "weekly_summary")->note, "时限：「周次」所在周（周一至周日）的下一周周三 12:00 前"));
  assert_non_null(strstr(table(r.r, "service_report")->note, "时限：「申请日期」当日之后第 7 个工作日 24:00 前"));
  assert_non_null(strstr(table(r.r, "complaint_reply")->note, "时限：「受理时间」后 2 天（48 小时）内"));
  run_free(&r);
}

/* ------------------------------------------------------------ as-of, period, PDF limit */

static void test_open_versus_overdue_at_as_of(void **state) {
  (void)state;
  /* --as-of 10-30 ends at 10-31 00:00. R3's due 10-31 10:00 is after it: 未到期, not 逾期. R4
  ** starts after as-of but inside the period: counted, open. C3 (due 10-31 09:00) is open too.
  ** Repairs: met 3, late 1, open 2: 3 / 4 = 0.75; no overdue. */
  run r = run_rule("engine", "2026-10", "2026-10-30");
  static const char *const cols[] = {"line", "state", "lateness_seconds", NULL};
  assert_rows(table(r.r, "repair_dispatch_all"), cols, "2|按时完成|-\n3|超时完成|60\n4|未到期|-\n5|未到期|-\n7|按时完成|-\n8|按时完成|-\n");
  assert_true(kpi(r.r, "repair_dispatch_met_rate")->value == 0.75);
  assert_true(kpi(r.r, "repair_dispatch_overdue")->value == 0);
  assert_string_equal(kpi(r.r, "repair_dispatch_overdue")->detail, "截至 2026-10-30");
  assert_rows(table(r.r, "complaint_reply_all"), cols, "2|超时完成|34200\n3|按时完成|-\n4|未到期|-\n");
  /* A done record is judged by its end alone, even after as-of: Q1 .. Q3 as before. */
  assert_rows(table(r.r, "qc_publish_all"), cols,
              "2|按时完成|-\n3|超时完成|60\n4|超时完成|163800\n5|未到期|-\n6|超时完成|423000\n");
  run_free(&r);

  /* A later as-of, 11-01 (ending 11-02 00:00): R3 is overdue by 11-02 00:00 − 10-31 10:00 =
  ** 1 day 14 h (136800 s), and R4 (due 11-01 08:00) by 16 h (57600 s). */
  r = run_rule("engine", "2026-10", "2026-11-01");
  static const char *const late_cols[] = {"order", "state", "lateness", "lateness_seconds", NULL};
  assert_rows(table(r.r, "repair_dispatch"), late_cols,
              "R2|超时完成|超时 1 分|60\nR3|逾期未完成|超时 1 天 14 小时|136800\nR4|逾期未完成|超时 16 小时|57600\n");
  assert_true(kpi(r.r, "repair_dispatch_met_rate")->value == 0.5);  /* met 3 of 6 */
  run_free(&r);
}

static void test_without_period_all_records_count(void **state) {
  (void)state;
  /* No --period and no scorecard: the period is the deadlines' own start dates, 09-30 .. 10-31,
  ** so R5 (09-30 23:00 → 10-01 11:00, dispatched 08:00) counts and is met: met 4 of decided 6. */
  run r = run_rule("engine", NULL, NULL);
  assert_string_equal(r.r->period_from, "2026-09-30");
  assert_string_equal(r.r->period_to, "2026-10-31");
  static const char *const cols[] = {"order", "state", NULL};
  assert_rows(table(r.r, "repair_dispatch_all"), cols,
              "R1|按时完成\nR2|超时完成\nR3|逾期未完成\nR4|未到期\nR5|按时完成\nR6|按时完成\nR7|按时完成\n");
  assert_true(kpi(r.r, "repair_dispatch_met_rate")->value == 4.0 / 6.0);
  assert_false(has_warning(r.r, "不在统计期"));
  run_free(&r);
}

static void test_period_known_only_at_finish(void **state) {
  (void)state;
  /* No --period, but a scorecard: the period is its dates' range 10-01 .. 10-31, known only after
  ** every input is read. P1 (09-30) and P3 (11-01) start outside and are dropped at finish;
  ** P2 10-15 08:00 → 20:00, dispatched 21:00: 1 h late. P4 dispatched 09:00 before its notice at
  ** 10:00: judged by its end, met, and warned about. P5 has no notice time: skipped, warned. Met 1 of 2. */
  run r = run_rule("period", NULL, NULL);
  assert_string_equal(r.r->period_from, "2026-10-01");
  assert_string_equal(r.r->period_to, "2026-10-31");
  static const char *const cols[] = {"order", "due", "state", "lateness", NULL};
  assert_rows(table(r.r, "repair_dispatch_all"), cols,
              "P2|2026-10-15 20:00:00|超时完成|超时 1 小时\nP4|2026-10-20 22:00:00|按时完成|-\n");
  assert_true(kpi(r.r, "repair_dispatch_met_rate")->value == 0.5);
  assert_string_equal(kpi(r.r, "repair_dispatch_met_rate")->detail, "按时 1 / 2 条（超时 1，逾期 0，未到期 0）");
  assert_true(has_warning(r.r, "有 2 条记录的「报修时间」不在统计期 2026-10-01 至 2026-10-31 内，未计入（第一处在第 2 行）"));
  assert_true(has_warning(r.r, "有 1 条记录的「派工时间」早于「报修时间」，仍按完成时间判定，请核对数据（第一处在第 5 行）"));
  assert_true(has_warning(r.r, "有 1 条记录的「报修时间」为空，无法计算应完成时间，未计入（第一处在第 6 行）"));
  run_free(&r);
}

static void test_pdf_limit_keeps_the_rest_on_disk(void **state) {
  (void)state;
  /* qc_publish has pdf_limit = 1 and four late or overdue records: the PDF's one row stays in
  ** memory, the rest come back from the spill file in order, and the note says so. */
  run r = run_rule("engine", "2026-10", NULL);
  const hf_table *t = table(r.r, "qc_publish");
  assert_int_equal(t->pdf_limit, 1);
  assert_int_equal(t->nrows, 4);
  assert_non_null(t->spill);
  static const char *const cols[] = {"batch", "lateness_seconds", NULL};
  assert_rows(t, cols, "Q2|60\nQ3|163800\nQ4|45000\nQ5|423000\n");
  assert_non_null(strstr(t->note, "共 4 条（超时完成 3 条，逾期未完成 1 条，截至 2026-10-31）；报告列出前 1 条，"
                                  "完整清单见 qc_publish.csv 与 results.json"));
  run_free(&r);
}

/* ------------------------------------------------------------ load errors */

/* Each invalid/NAME.lua: load fails with HF_ERR_DATA, the message starts with the file's name and
** holds every "-- expect:" text. */
static void test_invalid_rules(void **state) {
  (void)state;
  check_invalid_rules(DATA "/invalid", 50);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_calendar_and_specs_loaded),
      cmocka_unit_test(test_hours_across_midnight_by_crew),
      cmocka_unit_test(test_days_with_a_date_only_done),
      cmocka_unit_test(test_working_days_across_a_holiday_block),
      cmocka_unit_test(test_next_day_at_1130),
      cmocka_unit_test(test_weekday_at_wednesday_noon),
      cmocka_unit_test(test_open_versus_overdue_at_as_of),
      cmocka_unit_test(test_without_period_all_records_count),
      cmocka_unit_test(test_period_known_only_at_finish),
      cmocka_unit_test(test_pdf_limit_keeps_the_rest_on_disk),
      cmocka_unit_test(test_invalid_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
