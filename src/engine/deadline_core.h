/*
** deadline_core.h — deadlines (时限) of DOMAIN.md: a rule's deadline turns a
** start moment into a due moment, and a record's end moment (or its absence
** on the report's as-of date) into MET / LATE / OPEN / OVERDUE. Pure
** functions on plain values; the calendar is borrowed, never kept. (Names
** are hf_due_*: hf_deadline_* belongs to the rule's spec in policy_blocks.h,
** which the evaluator translates into an hf_due_rule.)
*/
#ifndef HF_DEADLINE_CORE_H
#define HF_DEADLINE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/calendar.h"
#include "common/date.h"

typedef enum hf_due_kind {
  /* due = start + n hours ("repair crew within 12 hours"; 24 / 48 hours). */
  HF_DUE_WITHIN_HOURS,
  /* due = start + n × 24 hours, calendar days ("complaint measures within 2 days"). */
  HF_DUE_WITHIN_DAYS,
  /* due = 24:00 of the n-th working day after the start's day; the start's own
  ** day never counts, even when it is a working day ("report in 7 working
  ** days"). n = 0: 24:00 of the start's day. */
  HF_DUE_WITHIN_WORKDAYS,
  /* due = `at` on the n-th day after the start's day, or with `workdays` the
  ** n-th working day after it (cal_add_workdays): "T+1 11:30". n = 0: the
  ** start's own day, working day or not. */
  HF_DUE_NEXT_DAY_AT,
  /* The start is (any day of) the ISO week being summarised, Monday to
  ** Sunday; due = `at` on ISO weekday `weekday` of the FOLLOWING week
  ** ("weekly summary by Wednesday 12:00": a start on Sunday 10-25 or on
  ** Wednesday 10-21 is due Wednesday 10-28 12:00). n is unused. */
  HF_DUE_WEEKDAY_AT
} hf_due_kind;

typedef struct hf_due_rule {
  hf_due_kind kind;
  long n;           /* hours, days or working days; 0 .. HF_DUE_MAX_N */
  int weekday;      /* HF_DUE_WEEKDAY_AT: ISO 1 = Monday .. 7 = Sunday */
  int32_t at;       /* NEXT_DAY_AT, WEEKDAY_AT: seconds since midnight, 0 .. 86399 */
  bool workdays;    /* NEXT_DAY_AT: count working days */
} hf_due_rule;

#define HF_DUE_MAX_N 100000

/* False, with a short Chinese phrase in *problem, when a field is out of range. */
bool deadline_check(const hf_due_rule *dl, const char **problem);

/* The due moment for a start moment. dl must pass deadline_check; cal may be
** NULL (Mon–Fri) and is only read for WITHIN_WORKDAYS and NEXT_DAY_AT with workdays. */
hf_stamp deadline_due(const hf_due_rule *dl, const hf_calendar *cal, hf_stamp start);

typedef enum hf_due_state {
  HF_DUE_MET,      /* done, end <= due (exactly on the due moment is on time) */
  HF_DUE_LATE,     /* done, end > due */
  HF_DUE_OPEN,     /* not done, and the as-of moment <= due */
  HF_DUE_OVERDUE   /* not done, and the as-of moment > due */
} hf_due_state;

typedef struct hf_due_outcome {
  hf_due_state state;
  hf_stamp due;
  int64_t lateness;  /* seconds: end − due (LATE), as-of moment − due (OVERDUE), else 0 */
} hf_due_outcome;

/* One record's outcome. The as-of date stands for its end, 24:00 (00:00 of
** the next day): a deadline at 23:59 of as_of is OVERDUE, one at 24:00 still
** OPEN. A record with an end is judged by its end alone, even if the end is
** after as_of or before start. */
hf_due_outcome deadline_outcome(const hf_due_rule *dl, const hf_calendar *cal, hf_stamp start, bool has_end,
                                hf_stamp end, hf_date as_of);

/* "按时完成", "超时完成", "未到期", "逾期未完成". */
const char *deadline_state_label(hf_due_state st);

/* Lateness for reports, units truncated (never rounded up):
**   >= 1 day:  "超时 2 天 4 小时" ("超时 2 天" when no whole hour is left over)
**   >= 1 hour: "超时 3 小时 20 分" ("超时 3 小时")
**   >= 1 min:  "超时 5 分"
**   else:      "超时 40 秒"; seconds <= 0: "未超时".
** Always NUL-terminated; 40 bytes are enough for any int64. */
void deadline_format_lateness(int64_t seconds, char *out, size_t cap);

#endif
