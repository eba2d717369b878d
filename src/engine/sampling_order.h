/*
** sampling_order.h — the rank order of a sampling's records (sampling.c):
** ascending hash, then key bytes (memcmp order, a prefix first), then file
** order, exactly the order of sample_core.h. The order is total (the index
** breaks every tie), so the result does not depend on the input's order.
** Owns nothing: it sorts the caller's array in place.
*/
#ifndef HF_SAMPLING_ORDER_H
#define HF_SAMPLING_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "engine/sampling_store.h"

/* A record's place in rank order: hash, key bytes, then file order (sample_core.h).
** 12 bytes (the hash in two halves), sorted in place: no second buffer. */
typedef struct smp_sortkey {
  uint32_t hi, lo;          /* the hash */
  uint32_t index;           /* into smp_run.recs: file order */
} smp_sortkey;

/* Sorts v[0..n) into rank order; the keys are s's (smp_key_of), compared only
** on equal hashes. No allocation; O(n log n) in the worst case. */
void smp_sort_rank_order(const smp_run *s, smp_sortkey *v, size_t n);

#endif
