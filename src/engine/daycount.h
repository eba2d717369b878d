/*
** daycount.h — per-day counters (recordings from the volume input, checked
** records from the scorecard input) for the daily coverage table. Memory grows
** with distinct days, not rows. Days come out in date order.
*/
#ifndef HF_DAYCOUNT_H
#define HF_DAYCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "common/date.h"

typedef struct hf_day {
  hf_date date;
  int64_t recordings;
  int64_t checked;
} hf_day;

typedef struct hf_daycount hf_daycount;

hf_daycount *daycount_new(void);
void daycount_free(hf_daycount *d);
hf_day *daycount_get(hf_daycount *d, hf_date date);  /* creates a zeroed day */
/* Days sorted by date; valid until the next daycount_get or daycount_free. */
const hf_day *daycount_sorted(hf_daycount *d, size_t *count);

#endif
