/*
** test_deadline_core.c — due moments of every deadline kind, outcomes at
** their boundaries, and the Chinese lateness phrase. The calendar is the same
** MADE-UP National Day fixture as test_calendar.c (holidays 2026-10-01 .. 10-07,
** 调休 working days Sun 09-27 and Sat 10-10), not the official arrangement.
** Weekdays hand-checked: 2026-10-16 is a Friday, 2026-10-21 a Wednesday.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "engine/deadline_core.h"

/* A moment: y-m-d h:mi. */
static hf_stamp at(int y, int m, int d, int h, int mi) { return cal_stamp(date_from_ymd(y, m, d), h * 3600 + mi * 60); }

static hf_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

static void national_day(hf_calendar *c) {
  hf_date holidays[7];
  for (int k = 0; k < 7; k++) holidays[k] = ymd(2026, 10, 1 + k);
  const hf_date workdays[] = {ymd(2026, 9, 27), ymd(2026, 10, 10)};
  assert_int_equal(cal_build(c, holidays, 7, workdays, 2, NULL), CAL_OK);
}

/* Asserts the due moment as text, which reads better in a failure than seconds. */
static void assert_due(const hf_due_rule *dl, const hf_calendar *cal, hf_stamp start, const char *want) {
  const char *problem = NULL;
  assert_true(deadline_check(dl, &problem));
  char got[20];
  cal_stamp_format(deadline_due(dl, cal, start), got);
  assert_string_equal(got, want);
}

/* ------------------------------------------------------------ due moments */

static void test_within_hours_across_midnight(void **state) {
  (void)state;
  /* Repair crew within 12 hours: notice at 20:30 is due 08:30 the next morning. */
  hf_due_rule dl = {.kind = HF_DUE_WITHIN_HOURS, .n = 12};
  assert_due(&dl, NULL, at(2026, 10, 21, 20, 30), "2026-10-22 08:30:00");
  /* Hours ignore weekends and holidays: Friday 20:00 + 48 h is Sunday 20:00. */
  hf_calendar c;
  national_day(&c);
  dl.n = 48;
  assert_due(&dl, &c, at(2026, 10, 16, 20, 0), "2026-10-18 20:00:00");
  cal_free(&c);
}

static void test_within_days(void **state) {
  (void)state;
  /* Complaint measures within 2 days: the same clock time two calendar days later. */
  hf_due_rule dl = {.kind = HF_DUE_WITHIN_DAYS, .n = 2};
  assert_due(&dl, NULL, at(2026, 10, 21, 14, 30), "2026-10-23 14:30:00");
  /* Calendar days, so Friday + 2 is Sunday; and across the month end. */
  assert_due(&dl, NULL, at(2026, 10, 16, 9, 0), "2026-10-18 09:00:00");
  assert_due(&dl, NULL, at(2026, 10, 30, 23, 59), "2026-11-01 23:59:00");
}

static void test_within_workdays(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  hf_due_rule dl = {.kind = HF_DUE_WITHIN_WORKDAYS, .n = 7};
  /* From Friday 10-16: Mon 19 (1) .. Fri 23 (5), Mon 26 (6), Tue 27 (7); due at 24:00 of the 27th. */
  assert_due(&dl, &c, at(2026, 10, 16, 15, 0), "2026-10-28 00:00:00");
  /* From inside the holiday block (Sat 10-03): 10-08 (1), 10-09 (2), 调休 Sat 10-10 (3),
  ** Mon 12 (4), 13 (5), 14 (6), Thu 15 (7): 24:00 of the 15th. */
  assert_due(&dl, &c, at(2026, 10, 3, 10, 0), "2026-10-16 00:00:00");
  /* From Friday 09-25, through both 调休 days: Sun 27 (1), 28 .. 30 (2-4), 10-08 (5), 10-09 (6),
  ** Sat 10-10 (7). */
  assert_due(&dl, &c, at(2026, 9, 25, 8, 0), "2026-10-11 00:00:00");
  /* The start's own day never counts, even a working day at 00:00: Wed 10-21 + 1 is the end of Thu 10-22. */
  dl.n = 1;
  assert_due(&dl, &c, at(2026, 10, 21, 0, 0), "2026-10-23 00:00:00");
  /* n = 0: the end of the start's own day. */
  dl.n = 0;
  assert_due(&dl, &c, at(2026, 10, 21, 9, 0), "2026-10-22 00:00:00");
  cal_free(&c);
}

static void test_next_day_at(void **state) {
  (void)state;
  /* QC results of day T published by T+1 11:30; the time of day of the start does not matter. */
  hf_due_rule dl = {.kind = HF_DUE_NEXT_DAY_AT, .n = 1, .at = 11 * 3600 + 30 * 60};
  assert_due(&dl, NULL, at(2026, 10, 21, 16, 45), "2026-10-22 11:30:00");
  assert_due(&dl, NULL, at(2026, 10, 21, 0, 0), "2026-10-22 11:30:00");
  /* Calendar days: T = Friday is due Saturday. */
  assert_due(&dl, NULL, at(2026, 10, 16, 9, 0), "2026-10-17 11:30:00");
  /* Working days: Friday -> Monday; Wednesday before the block -> Thursday after it. */
  dl.workdays = true;
  assert_due(&dl, NULL, at(2026, 10, 16, 9, 0), "2026-10-19 11:30:00");
  hf_calendar c;
  national_day(&c);
  assert_due(&dl, &c, at(2026, 9, 30, 9, 0), "2026-10-08 11:30:00");
  assert_due(&dl, &c, at(2026, 10, 9, 9, 0), "2026-10-10 11:30:00"); /* the 调休 Saturday */
  cal_free(&c);
}

static void test_weekday_at(void **state) {
  (void)state;
  /* Weekly summary by Wednesday 12:00 of the following ISO week. */
  hf_due_rule dl = {.kind = HF_DUE_WEEKDAY_AT, .weekday = 3, .at = 12 * 3600};
  /* From Sunday 10-25, the last day of the week of 10-19: the next Wednesday, 3 days later. */
  assert_due(&dl, NULL, at(2026, 10, 25, 18, 0), "2026-10-28 12:00:00");
  /* From Wednesday 10-21 (same week): not that very Wednesday but the next one. */
  assert_due(&dl, NULL, at(2026, 10, 21, 9, 0), "2026-10-28 12:00:00");
  /* Monday 00:00 opens the same week, so the same due. */
  assert_due(&dl, NULL, at(2026, 10, 19, 0, 0), "2026-10-28 12:00:00");
  /* From Wednesday 10-28 itself: the week of 10-26, due Wednesday 11-04. */
  assert_due(&dl, NULL, at(2026, 10, 28, 12, 0), "2026-11-04 12:00:00");
  /* Monday 09:00 of the following week. */
  dl.weekday = 1;
  dl.at = 9 * 3600;
  assert_due(&dl, NULL, at(2026, 10, 25, 18, 0), "2026-10-26 09:00:00");
}

static void test_check_rejects(void **state) {
  (void)state;
  const char *problem = NULL;
  hf_due_rule bad[] = {
      {.kind = HF_DUE_WITHIN_HOURS, .n = -1},
      {.kind = HF_DUE_WITHIN_WORKDAYS, .n = HF_DUE_MAX_N + 1},
      {.kind = HF_DUE_WEEKDAY_AT, .weekday = 0},
      {.kind = HF_DUE_WEEKDAY_AT, .weekday = 8},
      {.kind = HF_DUE_NEXT_DAY_AT, .n = 1, .at = 86400},
      {.kind = HF_DUE_NEXT_DAY_AT, .n = 1, .at = -1},
      {.kind = (hf_due_kind)99},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    problem = NULL;
    assert_false(deadline_check(&bad[i], &problem));
    assert_non_null(problem);
  }
  hf_due_rule ok = {.kind = HF_DUE_WEEKDAY_AT, .weekday = 7, .at = 86399};
  assert_true(deadline_check(&ok, &problem));
}

/* ------------------------------------------------------------ outcomes */

static void test_met_and_late_at_the_minute(void **state) {
  (void)state;
  hf_due_rule dl = {.kind = HF_DUE_NEXT_DAY_AT, .n = 1, .at = 11 * 3600 + 30 * 60};
  hf_stamp start = at(2026, 10, 21, 16, 45);
  /* Published at 11:30 exactly: on time (end <= due). */
  hf_due_outcome o = deadline_outcome(&dl, NULL, start, true, at(2026, 10, 22, 11, 30), ymd(2026, 10, 31));
  assert_int_equal(o.state, HF_DUE_MET);
  assert_true(o.due == at(2026, 10, 22, 11, 30));
  assert_true(o.lateness == 0);
  /* 11:31: late by one minute. */
  o = deadline_outcome(&dl, NULL, start, true, at(2026, 10, 22, 11, 31), ymd(2026, 10, 31));
  assert_int_equal(o.state, HF_DUE_LATE);
  assert_true(o.lateness == 60);
  char text[40];
  deadline_format_lateness(o.lateness, text, sizeof text);
  assert_string_equal(text, "超时 1 分");
  /* An end is judged alone, even when the as-of date is earlier. */
  o = deadline_outcome(&dl, NULL, start, true, at(2026, 10, 22, 11, 0), ymd(2026, 10, 1));
  assert_int_equal(o.state, HF_DUE_MET);
}

static void test_open_and_overdue_at_as_of(void **state) {
  (void)state;
  /* T+1 11:30 from T = 10-21. As of 10-21 the as-of moment is 10-22 00:00 <= due: OPEN. */
  hf_due_rule dl = {.kind = HF_DUE_NEXT_DAY_AT, .n = 1, .at = 11 * 3600 + 30 * 60};
  hf_stamp start = at(2026, 10, 21, 16, 45);
  hf_due_outcome o = deadline_outcome(&dl, NULL, start, false, 0, ymd(2026, 10, 21));
  assert_int_equal(o.state, HF_DUE_OPEN);
  assert_true(o.lateness == 0);
  /* As of 10-22 the day is over (10-23 00:00): overdue by 12 h 30 min = 45000 s, although at 11:00
  ** that day it was still open — a date means its end. */
  o = deadline_outcome(&dl, NULL, start, false, 0, ymd(2026, 10, 22));
  assert_int_equal(o.state, HF_DUE_OVERDUE);
  assert_true(o.lateness == 45000);
  char text[40];
  deadline_format_lateness(o.lateness, text, sizeof text);
  assert_string_equal(text, "超时 12 小时 30 分");

  /* The exact boundary: 7 working days from Friday 10-16 are due at 24:00 of 10-27. As of 10-27
  ** the as-of moment equals the due moment: still OPEN. As of 10-28: OVERDUE by one day. */
  hf_due_rule wd = {.kind = HF_DUE_WITHIN_WORKDAYS, .n = 7};
  start = at(2026, 10, 16, 15, 0);
  o = deadline_outcome(&wd, NULL, start, false, 0, ymd(2026, 10, 27));
  assert_int_equal(o.state, HF_DUE_OPEN);
  o = deadline_outcome(&wd, NULL, start, false, 0, ymd(2026, 10, 28));
  assert_int_equal(o.state, HF_DUE_OVERDUE);
  assert_true(o.lateness == 86400);
  deadline_format_lateness(o.lateness, text, sizeof text);
  assert_string_equal(text, "超时 1 天");

  /* A due at 23:59 of the as-of date is already overdue by a minute. */
  hf_due_rule h = {.kind = HF_DUE_WITHIN_HOURS, .n = 12};
  o = deadline_outcome(&h, NULL, at(2026, 10, 21, 11, 59), false, 0, ymd(2026, 10, 21));
  assert_int_equal(o.state, HF_DUE_OVERDUE);
  assert_true(o.lateness == 60);
}

static void test_format_lateness(void **state) {
  (void)state;
  struct { int64_t s; const char *want; } cases[] = {
      {0, "未超时"},
      {-5, "未超时"},
      {40, "超时 40 秒"},
      {60, "超时 1 分"},
      {3599, "超时 59 分"},                          /* 59 min 59 s: seconds dropped */
      {3600, "超时 1 小时"},                         /* no " 0 分" */
      {3 * 3600 + 20 * 60, "超时 3 小时 20 分"},
      {3 * 3600 + 20 * 60 + 59, "超时 3 小时 20 分"}, /* truncated, not rounded */
      {86400, "超时 1 天"},
      {86400 + 59 * 60, "超时 1 天"},                /* under a whole hour left over */
      {2 * 86400 + 4 * 3600, "超时 2 天 4 小时"},
      {2 * 86400 + 4 * 3600 + 59 * 60, "超时 2 天 4 小时"},
      /* INT64_MAX = 106751991167300 days + 55807 s (15 h 30 min 7 s). */
      {INT64_MAX, "超时 106751991167300 天 15 小时"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[40];
    deadline_format_lateness(cases[i].s, text, sizeof text);
    assert_string_equal(text, cases[i].want);
  }
  /* A short buffer is still terminated: 12000 s is "超时 3 小时 20 分", cut after
  ** 7 bytes ("超时" is 6 bytes of UTF-8, then the space). */
  char tiny[8];
  deadline_format_lateness(12000, tiny, sizeof tiny);
  assert_true(strlen(tiny) < sizeof tiny);
  assert_string_equal(tiny, "超时 ");
}

static void test_state_labels(void **state) {
  (void)state;
  assert_string_equal(deadline_state_label(HF_DUE_MET), "按时完成");
  assert_string_equal(deadline_state_label(HF_DUE_LATE), "超时完成");
  assert_string_equal(deadline_state_label(HF_DUE_OPEN), "未到期");
  assert_string_equal(deadline_state_label(HF_DUE_OVERDUE), "逾期未完成");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_within_hours_across_midnight),
      cmocka_unit_test(test_within_days),
      cmocka_unit_test(test_within_workdays),
      cmocka_unit_test(test_next_day_at),
      cmocka_unit_test(test_weekday_at),
      cmocka_unit_test(test_check_rejects),
      cmocka_unit_test(test_met_and_late_at_the_minute),
      cmocka_unit_test(test_open_and_overdue_at_as_of),
      cmocka_unit_test(test_format_lateness),
      cmocka_unit_test(test_state_labels),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
