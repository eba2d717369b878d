/*
** date.c — civil-date arithmetic (Howard Hinnant's days_from_civil algorithm).
*/
#include "common/date.h"

#include <string.h>

bool date_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid_ymd(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

hf_date date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (hf_date)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(hf_date z0, int *year, int *month, int *day) {
  int z = z0 + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = (int)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = (int)m;
  *day = (int)d;
}

hf_date date_add_months(hf_date d, int months) {
  int y, m, day;
  date_to_ymd(d, &y, &m, &day);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  int last = date_days_in_month(y, m);
  if (day > last) day = last;
  return date_from_ymd(y, m, day);
}

int date_weekday(hf_date d) {
  /* 1970-01-01 was a Thursday (ISO 4). */
  int w = (int)((d % 7 + 7) % 7);  /* 0 = Thursday */
  return (w + 3) % 7 + 1;
}

static void put2(char *p, unsigned v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
}

/* By hand, not snprintf: lists and group keys format a date or more per row. */
void date_format_iso(hf_date d, char out[11]) {
  int y, m, day;
  date_to_ymd(d, &y, &m, &day);
  unsigned year = (unsigned)y % 10000u;  /* valid dates have 4-digit years */
  put2(out, year / 100);
  put2(out + 2, year % 100);
  out[4] = '-';
  put2(out + 5, (unsigned)m);
  out[7] = '-';
  put2(out + 8, (unsigned)day);
  out[10] = '\0';
}

bool date_parse_iso(const char *s, hf_date *out) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) continue;
    if (s[i] < '0' || s[i] > '9') return false;
  }
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (!date_valid_ymd(y, m, d)) return false;
  *out = date_from_ymd(y, m, d);
  return true;
}

static bool all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool date_parse_period(const char *s, hf_date *from, hf_date *to) {
  size_t n = strlen(s);
  if (n < 4 || !all_digits(s, 4)) return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (year < 1) return false;
  int first, last;
  if (n == 4) {                                          /* YYYY */
    first = 1, last = 12;
  } else if (n == 7 && s[4] == '-' && all_digits(s + 5, 2)) {  /* YYYY-MM */
    first = last = (s[5] - '0') * 10 + (s[6] - '0');
    if (first < 1 || first > 12) return false;
  } else if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {  /* YYYY-Qn */
    last = (s[6] - '0') * 3;
    first = last - 2;
  } else {
    return false;
  }
  *from = date_from_ymd(year, first, 1);
  *to = date_from_ymd(year, last, date_days_in_month(year, last));
  return true;
}
