/*
** date.h — civil dates as day numbers (days since 1970-01-01, proleptic
** Gregorian) and the month arithmetic of DOMAIN.md ("+N months" clamps to the
** month's end). No time zones: every date in the pipeline is a local calendar day.
*/
#ifndef HF_DATE_H
#define HF_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t hf_date;   /* days since 1970-01-01 */

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
bool date_valid_ymd(int year, int month, int day);
hf_date date_from_ymd(int year, int month, int day);   /* caller ensures validity */
void date_to_ymd(hf_date d, int *year, int *month, int *day);
/* 2026-01-31 + 1 month = 2026-02-28. */
hf_date date_add_months(hf_date d, int months);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(hf_date d);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format_iso(hf_date d, char out[11]);
/* Parses exactly "YYYY-MM-DD"; false when malformed or not a real day. */
bool date_parse_iso(const char *s, hf_date *out);
/* A report period: "YYYY-MM" (a month), "YYYY-Qn" (a quarter, n = 1..4) or
** "YYYY" (a year), as its first and last days; false when malformed. */
bool date_parse_period(const char *s, hf_date *from, hf_date *to);

#endif
