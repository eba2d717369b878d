/*
** test_date.c — civil dates and month arithmetic (DOMAIN.md "Date arithmetic").
** Expected values are hand-worked calendar facts.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/date.h"

static void test_epoch_and_known_days(void **state) {
  (void)state;
  assert_int_equal(date_from_ymd(1970, 1, 1), 0);
  assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
  assert_int_equal(date_from_ymd(2026, 10, 21) - date_from_ymd(2026, 10, 1), 20);
  int y, m, d;
  date_to_ymd(date_from_ymd(2024, 2, 29), &y, &m, &d);
  assert_int_equal(y, 2024);
  assert_int_equal(m, 2);
  assert_int_equal(d, 29);
}

static void test_leap_years(void **state) {
  (void)state;
  assert_true(date_is_leap(2024));
  assert_false(date_is_leap(2026));
  assert_false(date_is_leap(1900));
  assert_true(date_is_leap(2000));
  assert_int_equal(date_days_in_month(2024, 2), 29);
  assert_int_equal(date_days_in_month(2026, 2), 28);
  assert_false(date_valid_ymd(2026, 2, 29));
  assert_true(date_valid_ymd(2028, 2, 29));
  assert_false(date_valid_ymd(2026, 13, 1));
  assert_false(date_valid_ymd(2026, 4, 31));
}

static void test_add_months_clamps(void **state) {
  (void)state;
  char s[11];
  date_format_iso(date_add_months(date_from_ymd(2026, 1, 31), 1), s);
  assert_string_equal(s, "2026-02-28");
  date_format_iso(date_add_months(date_from_ymd(2028, 1, 31), 1), s);
  assert_string_equal(s, "2028-02-29");
  date_format_iso(date_add_months(date_from_ymd(2026, 12, 15), 3), s);
  assert_string_equal(s, "2027-03-15");
  date_format_iso(date_add_months(date_from_ymd(2026, 3, 31), -1), s);
  assert_string_equal(s, "2026-02-28");
}

static void test_weekday_and_iso(void **state) {
  (void)state;
  assert_int_equal(date_weekday(date_from_ymd(2026, 11, 23)), 1); /* a Monday */
  assert_int_equal(date_weekday(date_from_ymd(1970, 1, 1)), 4);   /* a Thursday */
  hf_date d;
  assert_true(date_parse_iso("2026-10-21", &d));
  assert_int_equal(d, date_from_ymd(2026, 10, 21));
  assert_false(date_parse_iso("2026-02-30", &d));
  assert_false(date_parse_iso("2026/10/21", &d));
}

/* Report periods: a month, a quarter, a year (hand-worked calendar facts). */
static void test_parse_period(void **state) {
  (void)state;
  hf_date a, b;
  assert_true(date_parse_period("2026-10", &a, &b));
  assert_int_equal(a, date_from_ymd(2026, 10, 1));
  assert_int_equal(b, date_from_ymd(2026, 10, 31));
  assert_true(date_parse_period("2024-02", &a, &b));  /* leap February */
  assert_int_equal(b, date_from_ymd(2024, 2, 29));
  assert_true(date_parse_period("2026-Q3", &a, &b));
  assert_int_equal(a, date_from_ymd(2026, 7, 1));
  assert_int_equal(b, date_from_ymd(2026, 9, 30));
  assert_true(date_parse_period("2026-q1", &a, &b));
  assert_int_equal(b, date_from_ymd(2026, 3, 31));
  assert_true(date_parse_period("2026", &a, &b));
  assert_int_equal(a, date_from_ymd(2026, 1, 1));
  assert_int_equal(b, date_from_ymd(2026, 12, 31));
  assert_false(date_parse_period("2026-13", &a, &b));
  assert_false(date_parse_period("2026-Q5", &a, &b));
  assert_false(date_parse_period("2026-Q0", &a, &b));
  assert_false(date_parse_period("2026-1", &a, &b));
  assert_false(date_parse_period("26-10", &a, &b));
  assert_false(date_parse_period("2026-10-01", &a, &b));
  assert_false(date_parse_period("", &a, &b));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_epoch_and_known_days),
      cmocka_unit_test(test_leap_years),
      cmocka_unit_test(test_add_months_clamps),
      cmocka_unit_test(test_weekday_and_iso),
      cmocka_unit_test(test_parse_period),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
