/*
** test_schedule_core.c — visit-schedule arithmetic (DOMAIN.md P3, P7, "Date
** arithmetic"). Every expected date is a hand-worked calendar fact; each test
** says which rule of the model it pins down.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "engine/schedule_core.h"

static hf_date iso(const char *s) {
  hf_date d = 0;
  assert_true(date_parse_iso(s, &d));
  return d;
}

/* Dates compared as text so a failure prints "2026-03-28" not a day number. */
#define assert_date(d, text)           \
  do {                                 \
    char got_[11];                     \
    date_format_iso((d), got_);        \
    assert_string_equal(got_, (text)); \
  } while (0)

/* A slot's window (open, due] and its origin. */
#define assert_slot(slot, open_text, due_text, rule_, k_) \
  do {                                                    \
    assert_date((slot).open, (open_text));                \
    assert_date((slot).due, (due_text));                  \
    assert_int_equal((slot).rule, (rule_));               \
    assert_int_equal((slot).k, (k_));                     \
  } while (0)

static hf_date add(const char *date, hf_offset o) {
  hf_date out = 0;
  assert_true(offset_add(iso(date), o, &out));
  return out;
}

static hf_band band_until(const char *anchor, hf_offset period, hf_offset start, hf_offset until) {
  return (hf_band){.anchor = iso(anchor), .period = period, .start = start, .until = until};
}

static hf_band band_to(const char *anchor, hf_offset period, hf_offset start, const char *end) {
  return (hf_band){.anchor = iso(anchor), .period = period, .start = start, .end_is_date = true,
                   .end_date = iso(end)};
}

#define MONTHS(n) ((hf_offset){.months = (n)})
#define DAYS(n) ((hf_offset){.days = (n)})
#define NONE ((hf_offset){0})

/* ---------------------------------------------------------------- offsets */

/* "+N months" clamps to the month's end; months are added before days. */
static void test_offset_month_end_clamping(void **state) {
  (void)state;
  assert_date(add("2026-01-31", MONTHS(1)), "2026-02-28");
  assert_date(add("2026-01-31", MONTHS(2)), "2026-03-31");  /* from the date, not via Feb 28 */
  assert_date(add("2026-01-31", ((hf_offset){.years = 1})), "2027-01-31");
  assert_date(add("2026-01-01", ((hf_offset){.weeks = 2})), "2026-01-15");
  /* Months first: Jan 30 + 1 month = Feb 28, + 1 day = Mar 1. (Days first
  ** would give Jan 31 + 1 month = Feb 28.) */
  assert_date(add("2026-01-30", ((hf_offset){.months = 1, .days = 1})), "2026-03-01");
  /* Negative offsets clamp the same way: Mar 31 − 1 month = Feb 28. */
  assert_date(add("2026-03-31", MONTHS(-1)), "2026-02-28");
  assert_date(add("2026-03-01", DAYS(-1)), "2026-02-28");
}

/* Feb 29 exists only in leap years; clamping shortens, never lengthens. */
static void test_offset_leap_years(void **state) {
  (void)state;
  assert_date(add("2024-02-29", MONTHS(12)), "2025-02-28");
  assert_date(add("2024-02-29", ((hf_offset){.years = 1})), "2025-02-28");
  assert_date(add("2024-02-29", MONTHS(48)), "2028-02-29");
  assert_date(add("2023-02-28", MONTHS(12)), "2024-02-28");  /* not moved to the 29th */
  assert_date(add("2024-02-29", DAYS(365)), "2025-02-28");   /* no Feb 29 in between */
  assert_date(add("2023-03-01", DAYS(-1)), "2023-02-28");
  assert_date(add("2024-03-01", DAYS(-1)), "2024-02-29");
}

/* Out-of-range results fail without overflowing (UBSan watches this test). */
static void test_offset_range_and_times(void **state) {
  (void)state;
  hf_date out = 12345;
  assert_false(offset_add(iso("9999-12-31"), DAYS(1), &out));
  assert_false(offset_add(iso("0001-01-01"), DAYS(-1), &out));
  assert_false(offset_add(iso("0001-01-15"), MONTHS(-1), &out));
  assert_false(offset_add(iso("2026-01-01"), ((hf_offset){.years = INT_MAX, .months = INT_MAX}), &out));
  assert_false(offset_add(iso("2026-01-01"), ((hf_offset){.weeks = INT_MIN, .days = INT_MIN}), &out));
  assert_int_equal(out, 12345);  /* untouched on failure */
  assert_true(offset_add(iso("9999-11-30"), MONTHS(1), &out));
  assert_date(out, "9999-12-30");

  hf_offset o;
  assert_true(offset_times((hf_offset){1, 2, 3, 4}, 3, &o));
  assert_int_equal(o.years, 3);
  assert_int_equal(o.months, 6);
  assert_int_equal(o.weeks, 9);
  assert_int_equal(o.days, 12);
  assert_false(offset_times(DAYS(INT_MAX / 2 + 1), 2, &o));
}

/* ------------------------------------------------------------------ bands */

/* Visit k is due at A + k×P from the anchor: Jan 31 quarterly stays on the
** month's last day (Apr 30, Jul 31, Oct 31, Jan 31), never drifting to the 30th.
** The end (A + 12 months) equals the last due and is included. */
static void test_band_dues_from_anchor(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_band b = band_until("2026-01-31", MONTHS(3), NONE, MONTHS(12));
  assert_int_equal(slots_add_band(&s, &b, 7), HF_SCHED_OK);
  assert_int_equal(s.n, 4);
  assert_slot(s.items[0], "2026-01-31", "2026-04-30", 7, 1);
  assert_slot(s.items[1], "2026-04-30", "2026-07-31", 7, 2);
  assert_slot(s.items[2], "2026-07-31", "2026-10-31", 7, 3);
  assert_slot(s.items[3], "2026-10-31", "2027-01-31", 7, 4);
  slots_free(&s);
}

/* A + (F + k×P) in one step: Jan 31 + (1 + 1) months is Mar 31; stepping from
** A + F = Feb 28 would give Mar 28. The first window opens at A + F. */
static void test_band_start_offset_in_one_step(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_band b = band_until("2026-01-31", MONTHS(1), MONTHS(1), MONTHS(3));
  assert_int_equal(slots_add_band(&s, &b, 0), HF_SCHED_OK);
  assert_int_equal(s.n, 2);
  assert_slot(s.items[0], "2026-02-28", "2026-03-31", 0, 1);
  assert_slot(s.items[1], "2026-03-31", "2026-04-30", 0, 2);
  slots_free(&s);
}

/* Yearly from Feb 29: each due is from the anchor, so the leap year 2028 gets
** its Feb 29 back instead of inheriting 2025's Feb 28. */
static void test_band_leap_anchor(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_band b = band_until("2024-02-29", MONTHS(12), NONE, ((hf_offset){.years = 4}));
  assert_int_equal(slots_add_band(&s, &b, 0), HF_SCHED_OK);
  assert_int_equal(s.n, 4);
  assert_date(s.items[0].due, "2025-02-28");
  assert_date(s.items[1].due, "2026-02-28");
  assert_date(s.items[2].due, "2027-02-28");
  assert_date(s.items[3].due, "2028-02-29");
  slots_free(&s);
}

/* P3/P7: quarterly in year 1, half-yearly in year 2, yearly after, until
** warranty end — three bands over the completion date. */
static void add_warranty_bands(hf_slots *s, const char *completion, const char *warranty_end) {
  hf_band year1 = band_until(completion, MONTHS(3), NONE, MONTHS(12));
  hf_band year2 = band_until(completion, MONTHS(6), MONTHS(12), MONTHS(24));
  hf_band after = band_to(completion, MONTHS(12), MONTHS(24), warranty_end);
  assert_int_equal(slots_add_band(s, &year1, 0), HF_SCHED_OK);
  assert_int_equal(slots_add_band(s, &year2, 1), HF_SCHED_OK);
  assert_int_equal(slots_add_band(s, &after, 2), HF_SCHED_OK);
}

/* Dues +3, +6, +9, +12, +18, +24, +36; no duplicate at +12 or +24 (each band's
** start is the previous band's end, and windows chain across bands). A 3-year
** warranty ending exactly on A + 36 months includes that visit. */
static void test_warranty_bands_three_years(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  add_warranty_bands(&s, "2026-03-15", "2029-03-15");
  assert_int_equal(s.n, 7);
  assert_slot(s.items[0], "2026-03-15", "2026-06-15", 0, 1);
  assert_slot(s.items[1], "2026-06-15", "2026-09-15", 0, 2);
  assert_slot(s.items[2], "2026-09-15", "2026-12-15", 0, 3);
  assert_slot(s.items[3], "2026-12-15", "2027-03-15", 0, 4);
  assert_slot(s.items[4], "2027-03-15", "2027-09-15", 1, 1);
  assert_slot(s.items[5], "2027-09-15", "2028-03-15", 1, 2);
  assert_slot(s.items[6], "2028-03-15", "2029-03-15", 2, 1);
  slots_free(&s);
}

/* A warranty ending one day before A + 36 months has no +36 visit; a 5-year one
** (ending a day short of +60) has +36 and +48 only. */
static void test_warranty_bands_ending_earlier_or_later(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  add_warranty_bands(&s, "2026-03-15", "2029-03-14");
  assert_int_equal(s.n, 6);
  assert_date(s.items[5].due, "2028-03-15");
  slots_free(&s);

  add_warranty_bands(&s, "2026-03-15", "2031-03-14");
  assert_int_equal(s.n, 8);
  assert_slot(s.items[6], "2028-03-15", "2029-03-15", 2, 1);
  assert_slot(s.items[7], "2029-03-15", "2030-03-15", 2, 2);
  slots_free(&s);
}

/* An end before the first due (even before the anchor) is an empty series. */
static void test_band_end_before_first_due(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_band before_anchor = band_to("2026-03-15", MONTHS(3), NONE, "2025-01-01");
  hf_band before_due = band_to("2026-03-15", MONTHS(3), NONE, "2026-06-14");
  assert_int_equal(slots_add_band(&s, &before_anchor, 0), HF_SCHED_OK);
  assert_int_equal(slots_add_band(&s, &before_due, 0), HF_SCHED_OK);
  assert_int_equal(s.n, 0);
  /* Dues that would fall past 9999-12-31 are past any end: not an error. */
  hf_band near_max = band_to("9999-06-30", MONTHS(1), NONE, "9999-12-31");
  assert_int_equal(slots_add_band(&s, &near_max, 0), HF_SCHED_OK);
  assert_int_equal(s.n, 6);
  assert_date(s.items[5].due, "9999-12-30");
  slots_free(&s);
}

/* Zero or backward periods never end; the cap stops runaway series at exactly
** HF_SCHED_MAX_BAND_SLOTS; on error the list is left as it was. */
static void test_band_rejects_bad_input(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  slots_push(&s, (hf_slot){.open = 1, .due = 2, .rule = 99, .k = 0});

  hf_band zero = band_until("2026-01-01", NONE, NONE, MONTHS(12));
  hf_band backward = band_until("2026-01-01", ((hf_offset){.months = 1, .days = -1}), NONE, MONTHS(12));
  assert_int_equal(slots_add_band(&s, &zero, 0), HF_SCHED_BAD_PERIOD);
  assert_int_equal(slots_add_band(&s, &backward, 0), HF_SCHED_BAD_PERIOD);

  hf_band at_cap = band_until("2026-01-01", DAYS(1), NONE, DAYS(HF_SCHED_MAX_BAND_SLOTS));
  assert_int_equal(slots_add_band(&s, &at_cap, 0), HF_SCHED_OK);
  assert_int_equal(s.n, 1 + HF_SCHED_MAX_BAND_SLOTS);
  s.n = 1;
  hf_band over_cap = band_until("2026-01-01", DAYS(1), NONE, DAYS(HF_SCHED_MAX_BAND_SLOTS + 1));
  assert_int_equal(slots_add_band(&s, &over_cap, 0), HF_SCHED_TOO_MANY_SLOTS);
  assert_int_equal(s.n, 1);

  hf_band end_out = band_until("9999-06-30", MONTHS(1), NONE, MONTHS(12));
  hf_band start_out = band_until("0001-03-01", MONTHS(1), MONTHS(-3), MONTHS(12));
  hf_band end_date_out = band_to("2026-01-01", MONTHS(1), NONE, "2026-12-31");
  end_date_out.end_date = iso("9999-12-31") + 1;
  assert_int_equal(slots_add_band(&s, &end_out, 0), HF_SCHED_OUT_OF_RANGE);
  assert_int_equal(slots_add_band(&s, &start_out, 0), HF_SCHED_OUT_OF_RANGE);
  assert_int_equal(slots_add_band(&s, &end_date_out, 0), HF_SCHED_OUT_OF_RANGE);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.items[0].rule, 99);
  assert_non_null(strstr(sched_error_text(HF_SCHED_TOO_MANY_SLOTS), "10000"));
  slots_free(&s);
}

/* ----------------------------------------------------------- single slots */

/* P7 "~10 days after start": without a window the slot opens at the anchor. */
static void test_single_opens_at_anchor(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  assert_int_equal(slots_add_single(&s, iso("2026-03-02"), DAYS(10), NULL, 3), HF_SCHED_OK);
  assert_int_equal(s.n, 1);
  assert_slot(s.items[0], "2026-03-02", "2026-03-12", 3, 0);
  slots_free(&s);
}

/* P3 "shortly before warranty expiry": O = 0, W = 30 days → (end − 30, end];
** Mar 15 − 30 days = Feb 13 (2027 is not a leap year). A negative O with a
** window, and a month-long window that clamps (Mar 31 − 1 month = Feb 28). */
static void test_single_with_window(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_offset thirty_days = DAYS(30), two_weeks = {.weeks = 2}, one_month = MONTHS(1);
  assert_int_equal(slots_add_single(&s, iso("2027-03-15"), NONE, &thirty_days, 0), HF_SCHED_OK);
  assert_int_equal(slots_add_single(&s, iso("2027-03-15"), MONTHS(-1), &two_weeks, 1), HF_SCHED_OK);
  assert_int_equal(slots_add_single(&s, iso("2026-03-31"), NONE, &one_month, 2), HF_SCHED_OK);
  assert_int_equal(s.n, 3);
  assert_slot(s.items[0], "2027-02-13", "2027-03-15", 0, 0);
  assert_slot(s.items[1], "2027-02-01", "2027-02-15", 1, 0);
  assert_slot(s.items[2], "2026-02-28", "2026-03-31", 2, 0);
  slots_free(&s);
}

/* Without a window, (anchor, due] must not be empty: O ≤ 0 is rejected, judged
** by the resulting date (+1 month − 40 days from Jan 1 is Dec 23: before).
** Windows must be forward and non-empty. The list is unchanged on error. */
static void test_single_rejects_bad_input(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  hf_offset zero = NONE, backward = DAYS(-3);
  assert_int_equal(slots_add_single(&s, iso("2026-01-01"), NONE, NULL, 0), HF_SCHED_NEEDS_WINDOW);
  assert_int_equal(slots_add_single(&s, iso("2026-01-01"), DAYS(-5), NULL, 0), HF_SCHED_NEEDS_WINDOW);
  assert_int_equal(slots_add_single(&s, iso("2026-01-01"), ((hf_offset){.months = 1, .days = -40}), NULL, 0),
                   HF_SCHED_NEEDS_WINDOW);
  assert_int_equal(slots_add_single(&s, iso("2026-01-01"), NONE, &zero, 0), HF_SCHED_BAD_WINDOW);
  assert_int_equal(slots_add_single(&s, iso("2026-01-01"), NONE, &backward, 0), HF_SCHED_BAD_WINDOW);
  assert_int_equal(slots_add_single(&s, iso("9999-12-31"), DAYS(1), NULL, 0), HF_SCHED_OUT_OF_RANGE);
  assert_int_equal(s.n, 0);
  slots_free(&s);
}

/* ---------------------------------------------------------------- seasons */

/* Rainy season Jun–Aug over Jul 10 2025 .. Jul 20 2027: the first and last
** seasons are clipped to the range; due is the clipped window's last day and
** open the day before its first. */
static void test_seasons_clipped_at_both_ends(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  const int rainy[] = {6, 7, 8};
  assert_int_equal(slots_add_seasons(&s, rainy, 3, iso("2025-07-10"), iso("2027-07-20"), 4), HF_SCHED_OK);
  assert_int_equal(s.n, 3);
  assert_slot(s.items[0], "2025-07-09", "2025-08-31", 4, 0);
  assert_slot(s.items[1], "2026-05-31", "2026-08-31", 4, 0);
  assert_slot(s.items[2], "2027-05-31", "2027-07-20", 4, 0);
  slots_free(&s);

  /* A range between two seasons holds none. */
  assert_int_equal(slots_add_seasons(&s, rainy, 3, iso("2025-09-01"), iso("2026-05-31"), 4), HF_SCHED_OK);
  assert_int_equal(s.n, 0);
  slots_free(&s);
}

/* Dec–Feb is one run across New Year (months given in any order); the season
** that started in the year before the range is clipped to its first day, and
** Feb of a leap year ends on the 29th. */
static void test_seasons_across_new_year(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  const int winter[] = {1, 12, 2};
  assert_int_equal(slots_add_seasons(&s, winter, 3, iso("2025-01-01"), iso("2026-12-31"), 0), HF_SCHED_OK);
  assert_int_equal(s.n, 3);
  assert_slot(s.items[0], "2024-12-31", "2025-02-28", 0, 0);
  assert_slot(s.items[1], "2025-11-30", "2026-02-28", 0, 0);
  assert_slot(s.items[2], "2026-11-30", "2026-12-31", 0, 0);
  slots_free(&s);

  assert_int_equal(slots_add_seasons(&s, winter, 3, iso("2027-06-01"), iso("2028-06-30"), 0), HF_SCHED_OK);
  assert_int_equal(s.n, 1);
  assert_slot(s.items[0], "2027-11-30", "2028-02-29", 0, 0);
  slots_free(&s);
}

/* Two runs a year (spring Mar–Apr, autumn Sep–Oct: woodwork "at season
** changes"); all twelve months make one season per calendar year. */
static void test_seasons_several_runs_and_whole_year(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  const int changes[] = {3, 4, 9, 10, 4};
  assert_int_equal(slots_add_seasons(&s, changes, 5, iso("2026-01-01"), iso("2026-12-31"), 0), HF_SCHED_OK);
  assert_int_equal(s.n, 2);
  assert_slot(s.items[0], "2026-02-28", "2026-04-30", 0, 0);
  assert_slot(s.items[1], "2026-08-31", "2026-10-31", 0, 0);
  slots_free(&s);

  const int all[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  assert_int_equal(slots_add_seasons(&s, all, 12, iso("2026-03-15"), iso("2027-02-10"), 0), HF_SCHED_OK);
  assert_int_equal(s.n, 2);
  assert_slot(s.items[0], "2026-03-14", "2026-12-31", 0, 0);
  assert_slot(s.items[1], "2026-12-31", "2027-02-10", 0, 0);
  slots_free(&s);
}

static void test_seasons_reject_bad_input(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  const int thirteen[] = {6, 13}, zero[] = {0};
  const int june[] = {6};
  assert_int_equal(slots_add_seasons(&s, thirteen, 2, iso("2026-01-01"), iso("2026-12-31"), 0), HF_SCHED_BAD_MONTH);
  assert_int_equal(slots_add_seasons(&s, zero, 1, iso("2026-01-01"), iso("2026-12-31"), 0), HF_SCHED_BAD_MONTH);
  assert_int_equal(slots_add_seasons(&s, june, 0, iso("2026-01-01"), iso("2026-12-31"), 0), HF_SCHED_BAD_MONTH);
  /* An inverted range is empty, like a band ending before its anchor. */
  assert_int_equal(slots_add_seasons(&s, june, 1, iso("2026-12-31"), iso("2026-01-01"), 0), HF_SCHED_OK);
  assert_int_equal(s.n, 0);
  slots_free(&s);
}

/* ---------------------------------------------------------------- sorting */

/* By due, then open; exact ties keep the order added (stable). */
static void test_sort_order_and_stability(void **state) {
  (void)state;
  hf_slots s;
  slots_init(&s);
  slots_push(&s, (hf_slot){.open = 10, .due = 20, .rule = 0});
  slots_push(&s, (hf_slot){.open = 5, .due = 20, .rule = 1});
  slots_push(&s, (hf_slot){.open = 5, .due = 20, .rule = 2});
  slots_push(&s, (hf_slot){.open = 0, .due = 10, .rule = 3});
  slots_sort(&s);
  assert_int_equal(s.items[0].rule, 3);
  assert_int_equal(s.items[1].rule, 1);
  assert_int_equal(s.items[2].rule, 2);
  assert_int_equal(s.items[3].rule, 0);
  slots_free(&s);

  /* Many ties in scrambled order: rule = insertion index, so within equal
  ** (due, open) the rules must come out ascending. */
  uint32_t x = 12345;
  for (int i = 0; i < 1000; i++) {
    x = x * 1103515245u + 12345u;
    hf_date due = (hf_date)((x >> 16) % 17);
    slots_push(&s, (hf_slot){.open = due - 1 - (hf_date)((x >> 8) % 3), .due = due, .rule = i});
  }
  slots_sort(&s);
  assert_int_equal(s.n, 1000);
  for (size_t i = 1; i < s.n; i++) {
    const hf_slot *a = &s.items[i - 1], *b = &s.items[i];
    assert_true(a->due < b->due || (a->due == b->due && a->open < b->open) ||
                (a->due == b->due && a->open == b->open && a->rule < b->rule));
  }
  slots_free(&s);
}

/* --------------------------------------------------------------- matching */

/* Quarterly from Jan 15 2026 for a year: (01-15, 04-15], (04-15, 07-15],
** (07-15, 10-15], (10-15, 2027-01-15]. */
static void quarterly(hf_slots *s) {
  slots_init(s);
  hf_band b = band_until("2026-01-15", MONTHS(3), NONE, MONTHS(12));
  assert_int_equal(slots_add_band(s, &b, 0), HF_SCHED_OK);
  slots_sort(s);
  assert_int_equal(s->n, 4);
}

/* The open bound is excluded, the due included: a visit on the anchor (the
** first window's open bound) and one before it are extra; one on a due date
** satisfies that slot, not the next. */
static void test_match_window_bounds(void **state) {
  (void)state;
  hf_slots s;
  quarterly(&s);
  const hf_date visits[] = {iso("2026-01-10"), iso("2026-01-15"), iso("2026-04-15"), iso("2026-04-16")};
  long visit_slot[4], slot_visit[4];
  slots_match(s.items, s.n, visits, 4, visit_slot, slot_visit);
  assert_int_equal(visit_slot[0], -1);  /* before every window */
  assert_int_equal(visit_slot[1], -1);  /* on the open bound */
  assert_int_equal(visit_slot[2], 0);   /* on the due */
  assert_int_equal(visit_slot[3], 1);   /* the day after: next window */
  assert_int_equal(slot_visit[0], 2);
  assert_int_equal(slot_visit[1], 3);
  assert_int_equal(slot_visit[2], -1);
  assert_int_equal(slot_visit[3], -1);
  slots_free(&s);
}

/* A late visit (after slot 1's due, inside slot 2's window) satisfies slot 2;
** slot 1 stays unsatisfied and is overdue as of a later date. */
static void test_match_late_visit_fills_next_slot(void **state) {
  (void)state;
  hf_slots s;
  quarterly(&s);
  const hf_date visits[] = {iso("2026-05-01")};
  long visit_slot[1], slot_visit[4];
  slots_match(s.items, s.n, visits, 1, visit_slot, slot_visit);
  assert_int_equal(visit_slot[0], 1);
  assert_int_equal(slot_visit[0], -1);
  assert_int_equal(slot_visit[1], 0);
  hf_date as_of = iso("2026-05-02");
  assert_int_equal(slot_status(&s.items[0], slot_visit[0] >= 0, as_of), HF_SLOT_OVERDUE);
  assert_int_equal(slot_status(&s.items[1], slot_visit[1] >= 0, as_of), HF_SLOT_DONE);
  assert_int_equal(slot_status(&s.items[2], slot_visit[2] >= 0, as_of), HF_SLOT_UPCOMING);
  slots_free(&s);
}

/* Two visits in one window: the first (by date, whatever the input order)
** satisfies it; the second fits no other window and is extra. Visits on the
** same day are taken in input order. Visits after every due are extra. */
static void test_match_two_visits_in_one_window(void **state) {
  (void)state;
  hf_slots s;
  quarterly(&s);
  const hf_date visits[] = {iso("2026-03-01"), iso("2026-02-01"), iso("2026-08-01"), iso("2026-08-01"),
                            iso("2027-02-01")};
  long visit_slot[5], slot_visit[4];
  slots_match(s.items, s.n, visits, 5, visit_slot, slot_visit);
  assert_int_equal(visit_slot[1], 0);   /* Feb 1: earliest */
  assert_int_equal(visit_slot[0], -1);  /* Mar 1: same window, extra */
  assert_int_equal(visit_slot[2], 2);   /* Aug 1, first given */
  assert_int_equal(visit_slot[3], -1);  /* Aug 1 again */
  assert_int_equal(visit_slot[4], -1);  /* after the last due */
  assert_int_equal(slot_visit[0], 1);
  assert_int_equal(slot_visit[1], -1);
  assert_int_equal(slot_visit[2], 2);
  assert_int_equal(slot_visit[3], -1);
  slots_free(&s);
}

/* Windows of two rules overlap: quarterly (01-15, 04-15] and "10 days after
** start" (01-15, 01-25]. A visit on Jan 20 fits both and goes to the earliest
** unsatisfied one (due Jan 25); a second visit on Feb 10 then fills the
** quarterly slot. Outputs may be NULL. */
static void test_match_overlapping_rules(void **state) {
  (void)state;
  hf_slots s;
  quarterly(&s);
  assert_int_equal(slots_add_single(&s, iso("2026-01-15"), DAYS(10), NULL, 1), HF_SCHED_OK);
  slots_sort(&s);
  assert_int_equal(s.items[0].rule, 1);
  assert_int_equal(s.items[1].rule, 0);

  const hf_date one[] = {iso("2026-01-20")};
  long slot_visit[5];
  slots_match(s.items, s.n, one, 1, NULL, slot_visit);
  assert_int_equal(slot_visit[0], 0);
  assert_int_equal(slot_visit[1], -1);

  const hf_date two[] = {iso("2026-02-10"), iso("2026-01-20")};
  long visit_slot[2];
  slots_match(s.items, s.n, two, 2, visit_slot, NULL);
  assert_int_equal(visit_slot[1], 0);  /* Jan 20 → the 10-day slot */
  assert_int_equal(visit_slot[0], 1);  /* Feb 10 → quarterly k = 1 */

  slots_match(s.items, s.n, NULL, 0, NULL, slot_visit);  /* no visits: all unsatisfied */
  for (size_t j = 0; j < s.n; j++) assert_int_equal(slot_visit[j], -1);
  slots_free(&s);
}

/* ----------------------------------------------------------------- status */

/* Window (Jan 15, Apr 15]: Jan 15 is still upcoming (opens after it), Jan 16
** open, Apr 15 (the due) still open, Apr 16 the first overdue day; a satisfied
** slot is done on any day. */
static void test_status_boundaries(void **state) {
  (void)state;
  hf_slot slot = {.open = iso("2026-01-15"), .due = iso("2026-04-15")};
  assert_int_equal(slot_status(&slot, false, iso("2026-01-01")), HF_SLOT_UPCOMING);
  assert_int_equal(slot_status(&slot, false, iso("2026-01-15")), HF_SLOT_UPCOMING);
  assert_int_equal(slot_status(&slot, false, iso("2026-01-16")), HF_SLOT_OPEN);
  assert_int_equal(slot_status(&slot, false, iso("2026-04-15")), HF_SLOT_OPEN);
  assert_int_equal(slot_status(&slot, false, iso("2026-04-16")), HF_SLOT_OVERDUE);
  assert_int_equal(slot_status(&slot, true, iso("2026-01-01")), HF_SLOT_DONE);
  assert_int_equal(slot_status(&slot, true, iso("2026-12-31")), HF_SLOT_DONE);
}

/* ------------------------------------------------------------- year plans */

/* The plan for year Y holds the slots due in Y, whatever year their window
** opened: the winter season Dec 2026 – Feb 2027 is due in, so planned for, 2027. */
static void test_plan_for_year(void **state) {
  (void)state;
  hf_slots all, plan;
  slots_init(&all);
  slots_init(&plan);
  add_warranty_bands(&all, "2026-03-15", "2029-03-15");
  const int winter[] = {12, 1, 2};
  assert_int_equal(slots_add_seasons(&all, winter, 3, iso("2026-03-15"), iso("2027-03-15"), 3), HF_SCHED_OK);
  slots_sort(&all);

  slots_plan_for_year(&all, 2027, &plan);
  assert_int_equal(plan.n, 3);
  assert_slot(plan.items[0], "2026-11-30", "2027-02-28", 3, 0);
  assert_slot(plan.items[1], "2026-12-15", "2027-03-15", 0, 4);
  assert_slot(plan.items[2], "2027-03-15", "2027-09-15", 1, 1);
  slots_free(&plan);

  slots_plan_for_year(&all, 2026, &plan);
  assert_int_equal(plan.n, 3);
  assert_date(plan.items[0].due, "2026-06-15");
  assert_date(plan.items[2].due, "2026-12-15");
  slots_free(&plan);

  slots_plan_for_year(&all, 2030, &plan);
  assert_int_equal(plan.n, 0);
  slots_free(&plan);
  slots_free(&all);

  /* The year is the due's, to the day: Dec 31 is this year, Jan 1 the next. */
  hf_slot last = {.open = iso("2026-10-01"), .due = iso("2026-12-31")};
  hf_slot first = {.open = iso("2026-10-01"), .due = iso("2027-01-01")};
  assert_true(slot_due_in_year(&last, 2026));
  assert_false(slot_due_in_year(&last, 2027));
  assert_true(slot_due_in_year(&first, 2027));
  assert_false(slot_due_in_year(&first, 2026));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_offset_month_end_clamping),
      cmocka_unit_test(test_offset_leap_years),
      cmocka_unit_test(test_offset_range_and_times),
      cmocka_unit_test(test_band_dues_from_anchor),
      cmocka_unit_test(test_band_start_offset_in_one_step),
      cmocka_unit_test(test_band_leap_anchor),
      cmocka_unit_test(test_warranty_bands_three_years),
      cmocka_unit_test(test_warranty_bands_ending_earlier_or_later),
      cmocka_unit_test(test_band_end_before_first_due),
      cmocka_unit_test(test_band_rejects_bad_input),
      cmocka_unit_test(test_single_opens_at_anchor),
      cmocka_unit_test(test_single_with_window),
      cmocka_unit_test(test_single_rejects_bad_input),
      cmocka_unit_test(test_seasons_clipped_at_both_ends),
      cmocka_unit_test(test_seasons_across_new_year),
      cmocka_unit_test(test_seasons_several_runs_and_whole_year),
      cmocka_unit_test(test_seasons_reject_bad_input),
      cmocka_unit_test(test_sort_order_and_stability),
      cmocka_unit_test(test_match_window_bounds),
      cmocka_unit_test(test_match_late_visit_fills_next_slot),
      cmocka_unit_test(test_match_two_visits_in_one_window),
      cmocka_unit_test(test_match_overlapping_rules),
      cmocka_unit_test(test_status_boundaries),
      cmocka_unit_test(test_plan_for_year),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
