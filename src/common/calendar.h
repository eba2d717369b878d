/*
** calendar.h — working days and moments. A calendar is Mon–Fri plus the
** caller's exceptions (a rule supplies them): holidays, dates that are not
** working days even on a weekday, and 调休 working days, weekend dates that
** are. A moment (hf_stamp) is a local date and time of day in one integer.
** The hf_calendar owns its two arrays; cal_free releases them.
*/
#ifndef HF_CALENDAR_H
#define HF_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/date.h"

/* ---------------------------------------------------------------- moments */

/* Seconds since 1970-01-01 00:00:00 local time: days × 86400 + seconds of
** the day. No time zones and no leap seconds, so every day has 86400 seconds. */
typedef int64_t hf_stamp;

#define CAL_DAY_SECONDS 86400

hf_stamp cal_stamp(hf_date d, int32_t seconds_of_day);
hf_date cal_stamp_date(hf_stamp s);      /* floor: negative stamps belong to earlier days */
int32_t cal_stamp_seconds(hf_stamp s);   /* 0 .. 86399 */
/* Writes "YYYY-MM-DD HH:MM:SS" into out (at least 20 bytes). */
void cal_stamp_format(hf_stamp s, char out[20]);

/* ---------------------------------------------------------------- working days */

typedef struct hf_calendar {
  hf_date *holidays;   /* sorted, distinct */
  size_t nholidays, holidays_cap;
  hf_date *workdays;   /* sorted, distinct; all Saturdays or Sundays */
  size_t nworkdays, workdays_cap;
} hf_calendar;

typedef enum cal_status {
  CAL_OK = 0,
  CAL_ERR_CONFLICT,     /* the date is already in the other set */
  CAL_ERR_NOT_WEEKEND,  /* a 调休 working day that is Mon–Fri (already a working day: surely a typo) */
  CAL_ERR_INVALID       /* not a date of years 1..9999 */
} cal_status;

void cal_init(hf_calendar *c);   /* empty: Mon–Fri */
void cal_free(hf_calendar *c);
/* Adding a date twice to the same set is harmless. A holiday may fall on a
** weekend (a rule may list a whole holiday block). On error c is unchanged. */
cal_status cal_add_holiday(hf_calendar *c, hf_date d);
cal_status cal_add_workday(hf_calendar *c, hf_date d);
/* cal_init, then both lists added. On error *bad (when not NULL) is the
** offending date and c is empty again (as after cal_init). */
cal_status cal_build(hf_calendar *c, const hf_date *holidays, size_t nholidays, const hf_date *workdays,
                     size_t nworkdays, hf_date *bad);
/* A short Chinese phrase for a rule error message ("同时列为节假日和调休工作日"). */
const char *cal_status_message(cal_status st);

/* Everywhere below, c may be NULL: plain Mon–Fri. Lookups are O(log n). */
bool cal_is_workday(const hf_calendar *c, hf_date d);
/* The first working day on or after d. */
hf_date cal_next_workday(const hf_calendar *c, hf_date d);
/* The n-th working day strictly after d (n > 0), strictly before d (n < 0),
** or d itself (n = 0). d's own kind does not matter: a Friday + 1 is Monday
** whether or not Friday was a holiday. O(|n| + days skipped). */
hf_date cal_add_workdays(const hf_calendar *c, hf_date d, int n);
/* Working days in (a, b]: a excluded, b included; −count of (b, a] when b < a. */
long cal_count_workdays(const hf_calendar *c, hf_date a, hf_date b);

#endif
