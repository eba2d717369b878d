/*
** test_calendar.c — moments (hf_stamp) and working days with holidays and
** 调休 working days. The fixture is MADE UP for these tests, shaped like a
** National Day week: holidays 2026-10-01 .. 10-07 (Thu .. Wed), 调休 working
** days Sun 2026-09-27 and Sat 2026-10-10. It is not the official 2026
** arrangement. Weekdays are hand-checked: 2026-10-01 is a Thursday.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/calendar.h"

static hf_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* The National Day fixture; the holidays are listed out of order on purpose. */
static void national_day(hf_calendar *c) {
  const hf_date holidays[] = {ymd(2026, 10, 7), ymd(2026, 10, 1), ymd(2026, 10, 2), ymd(2026, 10, 3),
                              ymd(2026, 10, 5), ymd(2026, 10, 4), ymd(2026, 10, 6)};
  const hf_date workdays[] = {ymd(2026, 10, 10), ymd(2026, 9, 27)};
  hf_date bad = 0;
  assert_int_equal(cal_build(c, holidays, 7, workdays, 2, &bad), CAL_OK);
  assert_int_equal(c->nholidays, 7);
  assert_int_equal(c->nworkdays, 2);
}

/* ------------------------------------------------------------ moments */

static void test_stamps(void **state) {
  (void)state;
  /* 2026-10-21 is day 20747; 14:30 is 52200 s: 20747 × 86400 + 52200. */
  hf_stamp s = cal_stamp(ymd(2026, 10, 21), 52200);
  assert_true(s == INT64_C(1792593000));
  assert_int_equal(cal_stamp_date(s), ymd(2026, 10, 21));
  assert_int_equal(cal_stamp_seconds(s), 52200);
  char out[20];
  cal_stamp_format(s, out);
  assert_string_equal(out, "2026-10-21 14:30:00");
  cal_stamp_format(cal_stamp(ymd(2024, 2, 29), 86399), out);
  assert_string_equal(out, "2024-02-29 23:59:59");
  /* Before the epoch the day is floored, not truncated toward zero: −1 s is 1969-12-31 23:59:59. */
  assert_int_equal(cal_stamp_date(-1), -1);
  assert_int_equal(cal_stamp_seconds(-1), 86399);
  cal_stamp_format(-1, out);
  assert_string_equal(out, "1969-12-31 23:59:59");
  assert_int_equal(cal_stamp_date(-86400), -1);
  assert_int_equal(cal_stamp_seconds(-86400), 0);
  /* 24:00 of a day is 00:00 of the next. */
  assert_true(cal_stamp(ymd(2026, 10, 21), 86400) == cal_stamp(ymd(2026, 10, 22), 0));
  /* The hand-written formatter at the ends of the date range and at single digits. */
  cal_stamp_format(cal_stamp(ymd(1, 1, 1), 0), out);
  assert_string_equal(out, "0001-01-01 00:00:00");
  cal_stamp_format(cal_stamp(ymd(9999, 12, 31), 86399), out);
  assert_string_equal(out, "9999-12-31 23:59:59");
  cal_stamp_format(cal_stamp(ymd(2026, 1, 2), 3 * 3600 + 4 * 60 + 5), out);
  assert_string_equal(out, "2026-01-02 03:04:05");
  cal_stamp_format(cal_stamp(ymd(2026, 10, 21), 10 * 3600 + 20 * 60 + 30), out);
  assert_string_equal(out, "2026-10-21 10:20:30");
}

/* ------------------------------------------------------------ working days */

static void test_is_workday_each_kind(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  assert_true(cal_is_workday(&c, ymd(2026, 10, 21)));   /* ordinary Wednesday */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 17)));  /* ordinary Saturday */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 18)));  /* ordinary Sunday */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 1)));   /* holiday on a Thursday */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 7)));   /* holiday on a Wednesday, last of the block */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 3)));   /* holiday on a Saturday: still not working */
  assert_true(cal_is_workday(&c, ymd(2026, 9, 27)));    /* 调休 Sunday */
  assert_true(cal_is_workday(&c, ymd(2026, 10, 10)));   /* 调休 Saturday */
  assert_false(cal_is_workday(&c, ymd(2026, 10, 11)));  /* the Sunday after it is an ordinary Sunday */
  assert_true(cal_is_workday(&c, ymd(2026, 9, 30)));    /* the Wednesday before the block */
  assert_true(cal_is_workday(&c, ymd(2026, 10, 8)));    /* the Thursday after it */
  /* No calendar: plain Mon–Fri. */
  assert_true(cal_is_workday(NULL, ymd(2026, 10, 1)));
  assert_false(cal_is_workday(NULL, ymd(2026, 9, 27)));
  /* An empty calendar behaves the same. */
  hf_calendar empty;
  cal_init(&empty);
  assert_true(cal_is_workday(&empty, ymd(2026, 10, 1)));
  assert_false(cal_is_workday(&empty, ymd(2026, 10, 10)));
  cal_free(&empty);
  cal_free(&c);
}

static void test_next_workday(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  assert_int_equal(cal_next_workday(&c, ymd(2026, 10, 21)), ymd(2026, 10, 21));  /* on: itself */
  assert_int_equal(cal_next_workday(&c, ymd(2026, 10, 1)), ymd(2026, 10, 8));    /* past the whole block */
  assert_int_equal(cal_next_workday(&c, ymd(2026, 9, 26)), ymd(2026, 9, 27));    /* Sat -> the 调休 Sunday */
  assert_int_equal(cal_next_workday(&c, ymd(2026, 10, 10)), ymd(2026, 10, 10));  /* a 调休 Saturday is one */
  assert_int_equal(cal_next_workday(&c, ymd(2026, 10, 11)), ymd(2026, 10, 12));  /* Sun -> Mon */
  assert_int_equal(cal_next_workday(NULL, ymd(2026, 10, 17)), ymd(2026, 10, 19));
  cal_free(&c);
}

static void test_add_workdays(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  /* Across the holiday block: Wed 09-30 + 1 skips 10-01 .. 10-07 to Thu 10-08. */
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 30), 1), ymd(2026, 10, 8));
  /* 10-08 (1), 10-09 (2), the 调休 Saturday 10-10 (3), Mon 10-12 (4). */
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 30), 3), ymd(2026, 10, 10));
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 30), 4), ymd(2026, 10, 12));
  /* Across a working weekend: Fri 09-25 + 1 is the 调休 Sunday 09-27 (Sat 09-26 stays off). */
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 25), 1), ymd(2026, 9, 27));
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 25), 2), ymd(2026, 9, 28));
  /* Without the calendar the same Friday + 1 is Monday 09-28. */
  assert_int_equal(cal_add_workdays(NULL, ymd(2026, 9, 25), 1), ymd(2026, 9, 28));
  /* From inside the block: the start's own kind does not matter. */
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 10, 3), 1), ymd(2026, 10, 8));
  /* Zero is the day itself, even a holiday; negative counts backwards. */
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 10, 3), 0), ymd(2026, 10, 3));
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 10, 8), -1), ymd(2026, 9, 30));
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 10, 12), -1), ymd(2026, 10, 10));
  assert_int_equal(cal_add_workdays(&c, ymd(2026, 9, 28), -1), ymd(2026, 9, 27));
  cal_free(&c);
}

static void test_count_workdays(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  /* (09-30, 10-12]: 10-08, 10-09, 10-10 (调休), 10-12 = 4. */
  assert_int_equal(cal_count_workdays(&c, ymd(2026, 9, 30), ymd(2026, 10, 12)), 4);
  /* (09-25, 10-11]: 09-27 (调休), 09-28 .. 09-30 (3), 10-08, 10-09 (2), 10-10 (调休) = 7. */
  assert_int_equal(cal_count_workdays(&c, ymd(2026, 9, 25), ymd(2026, 10, 11)), 7);
  assert_int_equal(cal_count_workdays(&c, ymd(2026, 10, 11), ymd(2026, 9, 25)), -7);
  assert_int_equal(cal_count_workdays(&c, ymd(2026, 10, 1), ymd(2026, 10, 1)), 0);
  /* a is excluded, b included: (10-09, 10-10] holds only the 调休 Saturday. */
  assert_int_equal(cal_count_workdays(&c, ymd(2026, 10, 9), ymd(2026, 10, 10)), 1);
  /* No calendar: (Fri 10-16, Fri 10-23] = Mon .. Fri = 5; a holiday-free year 2027 = 261 weekdays. */
  assert_int_equal(cal_count_workdays(NULL, ymd(2026, 10, 16), ymd(2026, 10, 23)), 5);
  assert_int_equal(cal_count_workdays(NULL, ymd(2026, 12, 31), ymd(2027, 12, 31)), 261);
  /* The counting formula agrees with stepping, for every start and count around the block. */
  for (hf_date d = ymd(2026, 9, 20); d <= ymd(2026, 10, 15); d++)
    for (int n = 0; n <= 12; n++) assert_int_equal(cal_count_workdays(&c, d, cal_add_workdays(&c, d, n)), n);
  cal_free(&c);
}

/* ------------------------------------------------------------ caller errors */

static void test_conflicts_rejected(void **state) {
  (void)state;
  hf_calendar c;
  national_day(&c);
  /* A date in both sets is the caller's error, from either side; c is unchanged. */
  assert_int_equal(cal_add_workday(&c, ymd(2026, 10, 3)), CAL_ERR_CONFLICT);
  assert_false(cal_is_workday(&c, ymd(2026, 10, 3)));
  assert_int_equal(c.nworkdays, 2);
  assert_int_equal(cal_add_holiday(&c, ymd(2026, 9, 27)), CAL_ERR_CONFLICT);
  assert_true(cal_is_workday(&c, ymd(2026, 9, 27)));
  assert_int_equal(c.nholidays, 7);
  /* A 调休 working day on a weekday is surely a wrong date. */
  assert_int_equal(cal_add_workday(&c, ymd(2026, 10, 9)), CAL_ERR_NOT_WEEKEND);
  /* Repeating a date in its own set is harmless. */
  assert_int_equal(cal_add_holiday(&c, ymd(2026, 10, 1)), CAL_OK);
  assert_int_equal(c.nholidays, 7);
  assert_int_equal(cal_add_workday(&c, ymd(2026, 10, 10)), CAL_OK);
  assert_int_equal(c.nworkdays, 2);
  assert_int_equal(cal_add_holiday(&c, ymd(10000, 1, 1)), CAL_ERR_INVALID);
  cal_free(&c);

  /* The validating constructor names the offending date and leaves c empty. */
  const hf_date holidays[] = {ymd(2026, 10, 1), ymd(2026, 10, 10)};
  const hf_date workdays[] = {ymd(2026, 9, 27), ymd(2026, 10, 10)};
  hf_date bad = 0;
  assert_int_equal(cal_build(&c, holidays, 2, workdays, 2, &bad), CAL_ERR_CONFLICT);
  assert_int_equal(bad, ymd(2026, 10, 10));
  assert_int_equal(c.nholidays, 0);
  assert_int_equal(c.nworkdays, 0);
  assert_null(c.holidays);
  const hf_date weekday[] = {ymd(2026, 10, 12)};
  assert_int_equal(cal_build(&c, NULL, 0, weekday, 1, &bad), CAL_ERR_NOT_WEEKEND);
  assert_int_equal(bad, ymd(2026, 10, 12));
  cal_free(&c);
  assert_string_equal(cal_status_message(CAL_OK), "");
  assert_string_equal(cal_status_message(CAL_ERR_CONFLICT), "同时列为节假日和调休工作日");
  assert_non_null(strstr(cal_status_message(CAL_ERR_NOT_WEEKEND), "周六或周日"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stamps),
      cmocka_unit_test(test_is_workday_each_kind),
      cmocka_unit_test(test_next_workday),
      cmocka_unit_test(test_add_workdays),
      cmocka_unit_test(test_count_workdays),
      cmocka_unit_test(test_conflicts_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
