/*
** daycount.c — hash of day number to counters (open addressing).
*/
#include "engine/daycount.h"

#include <stdlib.h>

#include "common/diag.h"

struct hf_daycount {
  hf_day *days;      /* dense array */
  size_t n, cap_days;
  int32_t *slots;    /* index+1 into days, 0 = empty; power-of-two size */
  size_t cap;
};

hf_daycount *daycount_new(void) {
  hf_daycount *d = hf_xcalloc(1, sizeof *d);
  d->cap = 64;
  d->slots = hf_xcalloc(d->cap, sizeof *d->slots);
  return d;
}

void daycount_free(hf_daycount *d) {
  if (!d) return;
  free(d->days);
  free(d->slots);
  free(d);
}

static size_t slot_of(hf_date date, size_t cap) {
  return ((uint32_t)date * 2654435761u) & (cap - 1);
}

static void rehash(hf_daycount *d) {
  size_t cap = d->cap * 2;
  int32_t *slots = hf_xcalloc(cap, sizeof *slots);
  for (size_t i = 0; i < d->n; i++) {
    size_t j = slot_of(d->days[i].date, cap);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = (int32_t)i + 1;
  }
  free(d->slots);
  d->slots = slots;
  d->cap = cap;
}

hf_day *daycount_get(hf_daycount *d, hf_date date) {
  size_t j = slot_of(date, d->cap);
  while (d->slots[j]) {
    hf_day *day = &d->days[d->slots[j] - 1];
    if (day->date == date) return day;
    j = (j + 1) & (d->cap - 1);
  }
  if (d->n == d->cap_days) {
    d->cap_days = d->cap_days ? d->cap_days * 2 : 64;
    d->days = hf_xrealloc(d->days, d->cap_days * sizeof *d->days);
  }
  hf_day *day = &d->days[d->n];
  day->date = date;
  day->recordings = day->checked = 0;
  d->slots[j] = (int32_t)++d->n;
  if (d->n * 2 > d->cap) rehash(d);
  return day;
}

static int by_date(const void *a, const void *b) {
  hf_date x = ((const hf_day *)a)->date, y = ((const hf_day *)b)->date;
  return (x > y) - (x < y);
}

const hf_day *daycount_sorted(hf_daycount *d, size_t *count) {
  qsort(d->days, d->n, sizeof *d->days, by_date);
  /* Positions moved: rebuild the index so later lookups stay right. */
  for (size_t j = 0; j < d->cap; j++) d->slots[j] = 0;
  for (size_t i = 0; i < d->n; i++) {
    size_t j = slot_of(d->days[i].date, d->cap);
    while (d->slots[j]) j = (j + 1) & (d->cap - 1);
    d->slots[j] = (int32_t)i + 1;
  }
  *count = d->n;
  return d->days;
}
