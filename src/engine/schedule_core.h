/*
** schedule_core.h — visit schedules as plain date arithmetic (DOMAIN.md P3, P7,
** "Date arithmetic"). No Lua, no I/O: a glue layer turns a policy's visit rules
** into calls here and the results into report rows.
**
** The model. A schedule is a list of slots; a slot is one visit that is owed:
** it is due on `due` and a visit counts for it when its date lies in the
** window (open, due] — `open` is an EXCLUSIVE lower bound, so a visit on `open`
** itself belongs to the previous slot, and one on `due` still counts. Slots come
** from three generators, each appending to a caller-owned hf_slots list:
**   - a band (periodic series): visit k = 1, 2, ... is due at A + (F + k×P),
**     the offset F + k×P summed field by field and added to the anchor A in one
**     step (so month-end clamping never accumulates: Jan 31 + 2 months is Mar 31,
**     not Feb 28 + 1 month = Mar 28); slot k's window is (due of k−1, due of k],
**     the first one (A + F, due of 1]; dues up to and including the end;
**   - a single slot: due = A + O, window (due − W, due], or (A, due] without W;
**   - seasons: for a set of months, one slot per year per run of consecutive
**     months (Dec–Feb is one run), window = the run clipped to [from, to],
**     due = the window's last day.
** Matching gives each visit, in date order, to the earliest unsatisfied slot
** whose window holds it; visits that fit none are "extra". slot_status then
** classifies a slot as of a date.
**
** Ownership: hf_slots owns its items (slots_free releases them); every other
** array is the caller's. Dates handled here are 0001-01-01 .. 9999-12-31; a
** computation leaving that range reports HF_SCHED_OUT_OF_RANGE, never overflows.
*/
#ifndef HF_SCHEDULE_CORE_H
#define HF_SCHEDULE_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/date.h"

/* A calendar duration. Adding it to a date adds years*12 + months months
** (clamped to the month's end, date_add_months), then weeks*7 + days days. */
typedef struct hf_offset {
  int years, months, weeks, days;
} hf_offset;

/* Why a generator refused its input. The list is unchanged on any error. */
typedef enum hf_sched_error {
  HF_SCHED_OK = 0,
  HF_SCHED_BAD_PERIOD,      /* a period field < 0, or all fields 0 */
  HF_SCHED_NEEDS_WINDOW,    /* single slot due on or before its anchor, no window */
  HF_SCHED_BAD_WINDOW,      /* a window field < 0, or all fields 0 */
  HF_SCHED_BAD_MONTH,       /* a month outside 1..12, or no months at all */
  HF_SCHED_TOO_MANY_SLOTS,  /* a band would exceed HF_SCHED_MAX_BAND_SLOTS */
  HF_SCHED_OUT_OF_RANGE     /* a date outside 0001-01-01 .. 9999-12-31 */
} hf_sched_error;

/* One band stops with this error rather than filling memory (a 1-day period
** over 30 years is a policy mistake, not a schedule). */
#define HF_SCHED_MAX_BAND_SLOTS 10000

/* A short Chinese description for messages ("周期的各项不能为负数…"); the glue
** prefixes the rule's file:line. Never NULL. */
const char *sched_error_text(hf_sched_error e);

/* d + o into *out; false (and *out untouched) when d or the result, or the
** month step in between, lies outside 0001-01-01 .. 9999-12-31. */
bool offset_add(hf_date d, hf_offset o, hf_date *out);
/* k × o, field by field; false when a field would overflow int. */
bool offset_times(hf_offset o, int k, hf_offset *out);

typedef struct hf_slot {
  hf_date open;  /* exclusive lower bound of the window */
  hf_date due;   /* inclusive upper bound: the visit is owed by this day */
  int rule;      /* the caller's index of the rule that made the slot */
  int k;         /* 1-based position within its band; 0 for single and seasonal */
} hf_slot;

typedef struct hf_slots {
  hf_slot *items;
  size_t n, cap;
} hf_slots;

void slots_init(hf_slots *s);
void slots_free(hf_slots *s);          /* and re-initialises s */
void slots_push(hf_slots *s, hf_slot slot);

/* A periodic series. The end is A + until, or end_date when end_is_date.
** A due equal to the end is included; an end before the first due (even before
** the anchor) is no slots, not an error. Period fields must be ≥ 0, not all 0,
** so dues strictly increase; start may be any offset. Errors: BAD_PERIOD;
** OUT_OF_RANGE when the end or A + F is out of range (dues past 9999-12-31
** are simply past the end); TOO_MANY_SLOTS. */
typedef struct hf_band {
  hf_date anchor;
  hf_offset period;
  hf_offset start;     /* F; {0} starts at the anchor */
  bool end_is_date;
  hf_offset until;     /* U, from the anchor (when !end_is_date) */
  hf_date end_date;    /* E (when end_is_date) */
} hf_band;

hf_sched_error slots_add_band(hf_slots *s, const hf_band *band, int rule);

/* One slot due at anchor + due_offset (which may be negative). window NULL
** means "opens at the anchor": (anchor, due], so the due must be after the
** anchor (else HF_SCHED_NEEDS_WINDOW). Otherwise (due − *window, due], the
** window's fields ≥ 0 and not all 0. */
hf_sched_error slots_add_single(hf_slots *s, hf_date anchor, hf_offset due_offset,
                                const hf_offset *window, int rule);

/* Seasonal slots over the inclusive range [from, to]: months[] lists month
** numbers 1..12 (any order, repeats allowed). Each maximal run of consecutive
** months (wrapping Dec→Jan; all twelve = each calendar year) gives, for every
** year it touches, the window [1st of its first month, last of its last month]
** clipped to [from, to], when non-empty; due = its last day. from > to gives
** no slots. */
hf_sched_error slots_add_seasons(hf_slots *s, const int *months, size_t n_months,
                                 hf_date from, hf_date to, int rule);

/* Stable sort by due, then open: equal slots keep the order they were added. */
void slots_sort(hf_slots *s);

/* Whether slot s's due falls in calendar year `year`: then it belongs to the
** plan drawn up in December for that year (P3). */
bool slot_due_in_year(const hf_slot *s, int year);
/* Appends to plan (in order) the slots of all that are due in `year`. */
void slots_plan_for_year(const hf_slots *all, int year, hf_slots *plan);

/* Matches visits to slots. slots must be sorted (slots_sort): "earliest" means
** first in that order. Visits may come in any order; they are taken by date
** (equal dates by their index). Each visit goes to the earliest slot that is
** still unsatisfied and whose window holds its date (open < date <= due).
** Outputs, each may be NULL: visit_slot[i] = index of the slot visit i
** satisfied, or -1 when it is extra; slot_visit[j] = index of the visit that
** satisfied slot j, or -1. Visits before every window, second visits in a
** window already satisfied and visits after every due are extra. */
void slots_match(const hf_slot *slots, size_t n_slots, const hf_date *visits, size_t n_visits,
                 long *visit_slot, long *slot_visit);

/* A slot as of day T (the states partition every slot and day):
**   DONE      satisfied (whatever T is; to see the past, match only visits <= T)
**   OVERDUE   unsatisfied and due < T          (T == due + 1 is the first such day)
**   OPEN      unsatisfied and open < T <= due  (T == due is still open)
**   UPCOMING  unsatisfied and T <= open        (the window opens after T) */
typedef enum hf_slot_status {
  HF_SLOT_DONE,
  HF_SLOT_OVERDUE,
  HF_SLOT_OPEN,
  HF_SLOT_UPCOMING
} hf_slot_status;

hf_slot_status slot_status(const hf_slot *slot, bool satisfied, hf_date as_of);

#endif
