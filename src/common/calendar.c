/*
** calendar.c — moments, and working days as Mon–Fri corrected by two sorted
** exception arrays (holidays, 调休 working days) searched by bisection.
*/
#include "common/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

/* ---------------------------------------------------------------- moments */

hf_stamp cal_stamp(hf_date d, int32_t seconds_of_day) { return (hf_stamp)d * CAL_DAY_SECONDS + seconds_of_day; }

hf_date cal_stamp_date(hf_stamp s) {
  hf_stamp q = s / CAL_DAY_SECONDS;
  if (s % CAL_DAY_SECONDS < 0) q--;  /* C truncates toward zero; days need floor */
  return (hf_date)q;
}

int32_t cal_stamp_seconds(hf_stamp s) { return (int32_t)(s - (hf_stamp)cal_stamp_date(s) * CAL_DAY_SECONDS); }

static void put2(char *p, unsigned v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
}

/* By hand, not snprintf: deadline lists format two or three moments per record. */
void cal_stamp_format(hf_stamp s, char out[20]) {
  unsigned t = (unsigned)cal_stamp_seconds(s);
  date_format_iso(cal_stamp_date(s), out);
  out[10] = ' ';
  put2(out + 11, t / 3600);
  out[13] = ':';
  put2(out + 14, t / 60 % 60);
  out[16] = ':';
  put2(out + 17, t % 60);
  out[19] = '\0';
}

/* ---------------------------------------------------------------- the two sets */

/* The first index whose date is >= d (n when none). */
static size_t lower_bound(const hf_date *v, size_t n, hf_date d) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static bool contains(const hf_date *v, size_t n, hf_date d) {
  size_t i = lower_bound(v, n, d);
  return i < n && v[i] == d;
}

/* Inserts d in order; a date already there is left alone. */
static void insert(hf_date **v, size_t *n, size_t *cap, hf_date d) {
  size_t i = lower_bound(*v, *n, d);
  if (i < *n && (*v)[i] == d) return;
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *v = hf_xrealloc(*v, *cap * sizeof **v);
  }
  memmove(*v + i + 1, *v + i, (*n - i) * sizeof **v);
  (*v)[i] = d;
  (*n)++;
}

static bool in_range(hf_date d) { return d >= date_from_ymd(1, 1, 1) && d <= date_from_ymd(9999, 12, 31); }

static bool is_weekend(hf_date d) { return date_weekday(d) >= 6; }

void cal_init(hf_calendar *c) { memset(c, 0, sizeof *c); }

void cal_free(hf_calendar *c) {
  free(c->holidays);
  free(c->workdays);
  cal_init(c);
}

cal_status cal_add_holiday(hf_calendar *c, hf_date d) {
  if (!in_range(d)) return CAL_ERR_INVALID;
  if (contains(c->workdays, c->nworkdays, d)) return CAL_ERR_CONFLICT;
  insert(&c->holidays, &c->nholidays, &c->holidays_cap, d);
  return CAL_OK;
}

cal_status cal_add_workday(hf_calendar *c, hf_date d) {
  if (!in_range(d)) return CAL_ERR_INVALID;
  if (!is_weekend(d)) return CAL_ERR_NOT_WEEKEND;
  if (contains(c->holidays, c->nholidays, d)) return CAL_ERR_CONFLICT;
  insert(&c->workdays, &c->nworkdays, &c->workdays_cap, d);
  return CAL_OK;
}

cal_status cal_build(hf_calendar *c, const hf_date *holidays, size_t nholidays, const hf_date *workdays,
                     size_t nworkdays, hf_date *bad) {
  cal_init(c);
  cal_status st = CAL_OK;
  size_t i;
  for (i = 0; i < nholidays && st == CAL_OK; i++) st = cal_add_holiday(c, holidays[i]);
  if (st != CAL_OK) {
    if (bad) *bad = holidays[i - 1];
    cal_free(c);
    return st;
  }
  for (i = 0; i < nworkdays && st == CAL_OK; i++) st = cal_add_workday(c, workdays[i]);
  if (st != CAL_OK) {
    if (bad) *bad = workdays[i - 1];
    cal_free(c);
  }
  return st;
}

const char *cal_status_message(cal_status st) {
  switch (st) {
    case CAL_OK: return "";
    case CAL_ERR_CONFLICT: return "同时列为节假日和调休工作日";
    case CAL_ERR_NOT_WEEKEND: return "不是周六或周日（调休工作日只能是周末，周一至周五本来就是工作日）";
    case CAL_ERR_INVALID: return "不是有效日期（年份应在 1 至 9999 之间）";
  }
  return "日历错误";
}

/* ---------------------------------------------------------------- working days */

bool cal_is_workday(const hf_calendar *c, hf_date d) {
  if (is_weekend(d)) return c && contains(c->workdays, c->nworkdays, d);
  return !c || !contains(c->holidays, c->nholidays, d);
}

hf_date cal_next_workday(const hf_calendar *c, hf_date d) {
  /* Ends: the sets are finite, so some later weekday is no holiday. */
  while (!cal_is_workday(c, d)) d++;
  return d;
}

hf_date cal_add_workdays(const hf_calendar *c, hf_date d, int n) {
  int step = n < 0 ? -1 : 1;
  long left = n < 0 ? -(long)n : n;
  while (left > 0) {
    d += step;
    if (cal_is_workday(c, d)) left--;
  }
  return d;
}

long cal_count_workdays(const hf_calendar *c, hf_date a, hf_date b) {
  if (b < a) return -cal_count_workdays(c, b, a);
  long days = (long)b - a;
  long count = days / 7 * 5;  /* every full week holds five weekdays */
  for (hf_date d = (hf_date)(a + 1 + days / 7 * 7); d <= b; d++) count += !is_weekend(d);
  if (!c) return count;
  /* Holidays on a weekday remove one; 调休 working days (all weekends) add one. */
  size_t hi = lower_bound(c->holidays, c->nholidays, b + 1);
  for (size_t i = lower_bound(c->holidays, c->nholidays, a + 1); i < hi; i++)
    count -= !is_weekend(c->holidays[i]);
  count += (long)(lower_bound(c->workdays, c->nworkdays, b + 1) - lower_bound(c->workdays, c->nworkdays, a + 1));
  return count;
}
