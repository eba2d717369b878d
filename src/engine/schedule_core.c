/*
** schedule_core.c — slots from bands, single slots and seasons; matching
** visits to slots; slot status. The model is described in schedule_core.h.
*/
#include "engine/schedule_core.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

#define STR_(x) #x
#define STR(x) STR_(x)

const char *sched_error_text(hf_sched_error e) {
  switch (e) {
    case HF_SCHED_OK: return "成功";
    case HF_SCHED_BAD_PERIOD: return "周期的各项不能为负数，也不能全为零";
    case HF_SCHED_NEEDS_WINDOW: return "应回访日不晚于起算日时，必须给出时间窗";
    case HF_SCHED_BAD_WINDOW: return "时间窗的各项不能为负数，也不能全为零";
    case HF_SCHED_BAD_MONTH: return "月份须为 1 到 12，且至少给出一个";
    case HF_SCHED_TOO_MANY_SLOTS:
      return "一个周期序列的回访次数超过上限 " STR(HF_SCHED_MAX_BAND_SLOTS) " 次";
    case HF_SCHED_OUT_OF_RANGE: return "日期超出 0001-01-01 至 9999-12-31 的范围";
  }
  return "未知的回访计划错误";
}

/* ---------------------------------------------------------------- offsets */

static bool date_in_range(int64_t d) {
  return d >= date_from_ymd(1, 1, 1) && d <= date_from_ymd(9999, 12, 31);
}

/*
** d + months (clamped to the month's end) + days, all checked in 64 bits so
** that absurd offsets from a policy fail instead of overflowing. The month
** step is checked before date_add_months, whose arithmetic assumes year ≥ 0.
*/
static bool shift_checked(hf_date d, int64_t months, int64_t days, hf_date *out) {
  if (!date_in_range(d)) return false;
  int y, m, day;
  date_to_ymd(d, &y, &m, &day);
  int64_t month_index = (int64_t)y * 12 + (m - 1) + months;
  if (month_index < 1 * 12 || month_index > 9999 * 12 + 11) return false;
  int64_t r = (int64_t)date_add_months(d, (int)months) + days;
  if (!date_in_range(r)) return false;
  *out = (hf_date)r;
  return true;
}

bool offset_add(hf_date d, hf_offset o, hf_date *out) {
  return shift_checked(d, (int64_t)o.years * 12 + o.months, (int64_t)o.weeks * 7 + o.days, out);
}

static bool fits_int(int64_t v) { return v >= INT_MIN && v <= INT_MAX; }

bool offset_times(hf_offset o, int k, hf_offset *out) {
  int64_t y = (int64_t)o.years * k, m = (int64_t)o.months * k;
  int64_t w = (int64_t)o.weeks * k, d = (int64_t)o.days * k;
  if (!fits_int(y) || !fits_int(m) || !fits_int(w) || !fits_int(d)) return false;
  *out = (hf_offset){(int)y, (int)m, (int)w, (int)d};
  return true;
}

/* A period or window: it must move forward, or a series would never end
** and a window would be empty or inverted. */
static bool offset_is_forward(hf_offset o) {
  if (o.years < 0 || o.months < 0 || o.weeks < 0 || o.days < 0) return false;
  return o.years || o.months || o.weeks || o.days;
}

/* ------------------------------------------------------------------ slots */

void slots_init(hf_slots *s) {
  s->items = NULL;
  s->n = s->cap = 0;
}

void slots_free(hf_slots *s) {
  free(s->items);
  slots_init(s);
}

void slots_push(hf_slots *s, hf_slot slot) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->items = hf_xrealloc(s->items, s->cap * sizeof *s->items);
  }
  s->items[s->n++] = slot;
}

/* ------------------------------------------------------------------ bands */

static int64_t offset_months(hf_offset o) { return (int64_t)o.years * 12 + o.months; }
static int64_t offset_days(hf_offset o) { return (int64_t)o.weeks * 7 + o.days; }

/*
** Due of visit k: A + (F + k×P) in one step from the anchor (see the header),
** in 64-bit totals. False only when the due lies past 9999-12-31: with P ≥ 0
** every due is on or after A + F, which the caller has already computed.
*/
static bool band_due(const hf_band *b, int k, hf_date *due) {
  return shift_checked(b->anchor, offset_months(b->start) + k * offset_months(b->period),
                       offset_days(b->start) + k * offset_days(b->period), due);
}

hf_sched_error slots_add_band(hf_slots *s, const hf_band *band, int rule) {
  if (!offset_is_forward(band->period)) return HF_SCHED_BAD_PERIOD;
  hf_date end, open;
  if (band->end_is_date) {
    if (!date_in_range(band->end_date)) return HF_SCHED_OUT_OF_RANGE;
    end = band->end_date;
  } else if (!offset_add(band->anchor, band->until, &end)) {
    return HF_SCHED_OUT_OF_RANGE;
  }
  if (!offset_add(band->anchor, band->start, &open)) return HF_SCHED_OUT_OF_RANGE;

  size_t before = s->n;
  for (int k = 1;; k++) {
    hf_date due;
    /* A due that cannot be computed is past 9999-12-31, so past the end too. */
    if (!band_due(band, k, &due) || due > end) break;
    if (k > HF_SCHED_MAX_BAND_SLOTS) {
      s->n = before;  /* all or nothing */
      return HF_SCHED_TOO_MANY_SLOTS;
    }
    slots_push(s, (hf_slot){.open = open, .due = due, .rule = rule, .k = k});
    open = due;  /* slot k+1's window starts where slot k's ends */
  }
  return HF_SCHED_OK;
}

/* ----------------------------------------------------------- single slots */

hf_sched_error slots_add_single(hf_slots *s, hf_date anchor, hf_offset due_offset,
                                const hf_offset *window, int rule) {
  hf_date due, open;
  if (!offset_add(anchor, due_offset, &due)) return HF_SCHED_OUT_OF_RANGE;
  if (!window) {
    /* (anchor, due] would be empty: "before warranty expiry" needs a window. */
    if (due <= anchor) return HF_SCHED_NEEDS_WINDOW;
    open = anchor;
  } else {
    if (!offset_is_forward(*window)) return HF_SCHED_BAD_WINDOW;
    hf_offset back = {-window->years, -window->months, -window->weeks, -window->days};
    if (!offset_add(due, back, &open)) return HF_SCHED_OUT_OF_RANGE;
  }
  slots_push(s, (hf_slot){.open = open, .due = due, .rule = rule, .k = 0});
  return HF_SCHED_OK;
}

/* ---------------------------------------------------------------- seasons */

static bool month_in(unsigned mask, int month) { return mask & (1u << (month - 1)); }
static int month_before(int month) { return month == 1 ? 12 : month - 1; }
static int month_after(int month) { return month == 12 ? 1 : month + 1; }

/* Pushes, for each year, the run of `length` months starting at `first_month`,
** clipped to [from, to]. Year from−1 is included for runs that wrap into from's
** year (Dec–Feb). The open bound is the day before the clipped start. */
static void push_season_run(hf_slots *s, int first_month, int length, hf_date from, hf_date to,
                            int rule) {
  int from_year, to_year, m, d;
  date_to_ymd(from, &from_year, &m, &d);
  date_to_ymd(to, &to_year, &m, &d);
  for (int y = from_year - 1; y <= to_year; y++) {
    int last_index = y * 12 + (first_month - 1) + (length - 1);
    int last_year = last_index / 12, last_month = last_index % 12 + 1;
    hf_date first = date_from_ymd(y, first_month, 1);
    hf_date last = date_from_ymd(last_year, last_month, date_days_in_month(last_year, last_month));
    hf_date lo = first > from ? first : from;
    hf_date hi = last < to ? last : to;
    if (lo > hi) continue;
    slots_push(s, (hf_slot){.open = lo - 1, .due = hi, .rule = rule, .k = 0});
  }
}

hf_sched_error slots_add_seasons(hf_slots *s, const int *months, size_t n_months, hf_date from,
                                 hf_date to, int rule) {
  unsigned mask = 0;
  for (size_t i = 0; i < n_months; i++) {
    if (months[i] < 1 || months[i] > 12) return HF_SCHED_BAD_MONTH;
    mask |= 1u << (months[i] - 1);
  }
  if (!mask) return HF_SCHED_BAD_MONTH;
  if (!date_in_range(from) || !date_in_range(to)) return HF_SCHED_OUT_OF_RANGE;
  if (from > to) return HF_SCHED_OK;

  if (mask == 0xFFFu) {  /* every month: no run has a start, call each year one */
    push_season_run(s, 1, 12, from, to, rule);
    return HF_SCHED_OK;
  }
  for (int start = 1; start <= 12; start++) {
    if (!month_in(mask, start) || month_in(mask, month_before(start))) continue;
    int length = 1;
    for (int m = month_after(start); month_in(mask, m); m = month_after(m)) length++;
    push_season_run(s, start, length, from, to, rule);
  }
  return HF_SCHED_OK;
}

/* ---------------------------------------------------------------- sorting */

static bool slot_before(const hf_slot *a, const hf_slot *b) {
  return a->due != b->due ? a->due < b->due : a->open < b->open;
}

/* Merge sort, because qsort is not stable and equal slots must keep the order
** the rules gave them. tmp holds at least n/2 slots. */
static void merge_sort_slots(hf_slot *a, size_t n, hf_slot *tmp) {
  if (n < 2) return;
  size_t half = n / 2;
  merge_sort_slots(a, half, tmp);
  merge_sort_slots(a + half, n - half, tmp);
  memcpy(tmp, a, half * sizeof *a);
  size_t i = 0, j = half, out = 0;
  /* out < j always, so writing a[out] never clobbers an unread right element. */
  while (i < half && j < n) a[out++] = slot_before(&a[j], &tmp[i]) ? a[j++] : tmp[i++];
  while (i < half) a[out++] = tmp[i++];
}

void slots_sort(hf_slots *s) {
  if (s->n < 2) return;
  hf_slot *tmp = hf_xmalloc((s->n / 2) * sizeof *tmp);
  merge_sort_slots(s->items, s->n, tmp);
  free(tmp);
}

bool slot_due_in_year(const hf_slot *s, int year) {
  int y, m, d;
  date_to_ymd(s->due, &y, &m, &d);
  return y == year;
}

void slots_plan_for_year(const hf_slots *all, int year, hf_slots *plan) {
  for (size_t i = 0; i < all->n; i++)
    if (slot_due_in_year(&all->items[i], year)) slots_push(plan, all->items[i]);
}

/* --------------------------------------------------------------- matching */

typedef struct visit_ref {
  hf_date date;
  size_t index;
} visit_ref;

static int by_date_then_index(const void *a, const void *b) {
  const visit_ref *x = a, *y = b;
  if (x->date != y->date) return x->date < y->date ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* First slot whose due is on or after date; slots sorted by due. Slots before
** it ended before the visit and cannot hold it. */
static size_t first_due_from(const hf_slot *slots, size_t n, hf_date date) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (slots[mid].due < date)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void slots_match(const hf_slot *slots, size_t n_slots, const hf_date *visits, size_t n_visits,
                 long *visit_slot, long *slot_visit) {
  for (size_t i = 0; visit_slot && i < n_visits; i++) visit_slot[i] = -1;
  for (size_t j = 0; slot_visit && j < n_slots; j++) slot_visit[j] = -1;
  if (n_visits == 0 || n_slots == 0) return;

  visit_ref *order = hf_xmalloc(n_visits * sizeof *order);
  for (size_t i = 0; i < n_visits; i++) order[i] = (visit_ref){visits[i], i};
  qsort(order, n_visits, sizeof *order, by_date_then_index);  /* total order: stable enough */
  bool *satisfied = hf_xcalloc(n_slots, sizeof *satisfied);

  for (size_t v = 0; v < n_visits; v++) {
    hf_date date = order[v].date;
    for (size_t j = first_due_from(slots, n_slots, date); j < n_slots; j++) {
      if (satisfied[j] || slots[j].open >= date) continue;
      satisfied[j] = true;
      if (visit_slot) visit_slot[order[v].index] = (long)j;
      if (slot_visit) slot_visit[j] = (long)order[v].index;
      break;
    }
  }
  free(satisfied);
  free(order);
}

/* ----------------------------------------------------------------- status */

hf_slot_status slot_status(const hf_slot *slot, bool satisfied, hf_date as_of) {
  if (satisfied) return HF_SLOT_DONE;
  if (slot->due < as_of) return HF_SLOT_OVERDUE;
  if (slot->open < as_of) return HF_SLOT_OPEN;
  return HF_SLOT_UPCOMING;
}
