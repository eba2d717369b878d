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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_epoch_and_known_days),
      cmocka_unit_test(test_leap_years),
      cmocka_unit_test(test_add_months_clamps),
      cmocka_unit_test(test_weekday_and_iso),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
