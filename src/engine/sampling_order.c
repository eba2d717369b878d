/*
** sampling_order.c — the rank sort of a sampling (sampling_order.h): an
** introsort over 12-byte sort keys with the rank comparison.
*/
#include <stdbool.h>
#include <string.h>

#include "engine/sampling_order.h"

#define SORT_DEPTH_LIMIT 64   /* quicksort levels before heapsort takes over */

/* a < b in rank order. Keys are compared only on equal hashes. */
static bool sortkey_less(const smp_run *s, const smp_sortkey *a, const smp_sortkey *b) {
  if (a->hi != b->hi) return a->hi < b->hi;
  if (a->lo != b->lo) return a->lo < b->lo;
  size_t alen, blen;
  const char *ak = smp_key_of(s, a->index, &alen), *bk = smp_key_of(s, b->index, &blen);
  size_t m = alen < blen ? alen : blen;
  int c = m ? memcmp(ak, bk, m) : 0;
  if (c) return c < 0;
  if (alen != blen) return alen < blen;
  return a->index < b->index;
}

static void sortkey_swap(smp_sortkey *a, smp_sortkey *b) {
  smp_sortkey t = *a;
  *a = *b;
  *b = t;
}

static void sift_down(const smp_run *s, smp_sortkey *v, size_t root, size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && sortkey_less(s, &v[child], &v[child + 1])) child++;
    if (!sortkey_less(s, &v[root], &v[child])) return;
    sortkey_swap(&v[root], &v[child]);
    root = child;
  }
}

/* Introsort: quicksort (median of three), heapsort past a depth limit, insertion
** sort for short ranges. The order is total (the index breaks every tie), so
** any correct sort gives the same result. */
static void sort_keys(const smp_run *s, smp_sortkey *v, size_t n, unsigned depth) {
  while (n > 16) {
    if (depth-- == 0) {
      for (size_t i = n / 2; i-- > 0;) sift_down(s, v, i, n);
      for (size_t i = n; i-- > 1;) {
        sortkey_swap(&v[0], &v[i]);
        sift_down(s, v, 0, i);
      }
      return;
    }
    size_t mid = n / 2, last = n - 1;
    if (sortkey_less(s, &v[mid], &v[0])) sortkey_swap(&v[mid], &v[0]);
    if (sortkey_less(s, &v[last], &v[mid])) {
      sortkey_swap(&v[last], &v[mid]);
      if (sortkey_less(s, &v[mid], &v[0])) sortkey_swap(&v[mid], &v[0]);
    }
    smp_sortkey pivot = v[mid];
    size_t i = 0, j = last;
    for (;;) {   /* Hoare partition: v[0] <= pivot <= v[last] are sentinels */
      while (sortkey_less(s, &v[i], &pivot)) i++;
      while (sortkey_less(s, &pivot, &v[j])) j--;
      if (i >= j) break;
      sortkey_swap(&v[i], &v[j]);
      i++;
      j--;
    }
    /* v[0..j] <= pivot <= v[j+1..n): recurse into the smaller part. */
    size_t left = j + 1;
    if (left < n - left) {
      sort_keys(s, v, left, depth);
      v += left;
      n -= left;
    } else {
      sort_keys(s, v + left, n - left, depth);
      n = left;
    }
  }
  for (size_t i = 1; i < n; i++) {
    smp_sortkey x = v[i];
    size_t j = i;
    for (; j > 0 && sortkey_less(s, &x, &v[j - 1]); j--) v[j] = v[j - 1];
    v[j] = x;
  }
}

void smp_sort_rank_order(const smp_run *s, smp_sortkey *v, size_t n) {
  sort_keys(s, v, n, SORT_DEPTH_LIMIT);
}
