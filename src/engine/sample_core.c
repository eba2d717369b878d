/*
** sample_core.c — see sample_core.h. The dedup is an open-addressing hash
** (keymap_hash: FNV-1a) of customer ids, each with a sorted array of contact dates.
*/
#include "engine/sample_core.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "engine/keymap.h"

/* ---------------------------------------------------------------- hash --- */

bool sample_hash_with(EVP_MD_CTX *ctx, const EVP_MD *md, const char *seed, size_t seedlen, const char *key,
                      size_t keylen, uint64_t *out) {
  static const unsigned char sep = 0x00;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx, md, NULL) != 1 || (seedlen && EVP_DigestUpdate(ctx, seed, seedlen) != 1) ||
      EVP_DigestUpdate(ctx, &sep, 1) != 1 || (keylen && EVP_DigestUpdate(ctx, key, keylen) != 1) ||
      EVP_DigestFinal_ex(ctx, digest, &len) != 1 || len != 32)
    return false;
  uint64_t h = 0;
  for (int i = 0; i < 8; i++) h = h << 8 | digest[i];   /* big-endian */
  *out = h;
  return true;
}

uint64_t sample_hash(const char *seed, size_t seedlen, const char *key, size_t keylen) {
  uint64_t h = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && sample_hash_with(ctx, EVP_sha256(), seed, seedlen, key, keylen, &h);
  EVP_MD_CTX_free(ctx);
  if (!ok) {
    /* Only an allocation failure inside OpenSSL gets here: no stage can go on
    ** without the rank, so this is hf_xmalloc's out-of-memory case. */
    fputs("huifang: SHA-256 失败（OpenSSL 内存不足）\n", stderr);
    abort();
  }
  return h;
}

void sample_hash_hex(uint64_t h, char out[17]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--) {
    out[i] = digits[h & 15];
    h >>= 4;
  }
  out[16] = '\0';
}

/* --------------------------------------------------------------- quota --- */

#define RATIO_SCALE 1000000000u   /* ratios are exact in billionths */

/* ceil(n × num / RATIO_SCALE) for num <= RATIO_SCALE, without overflow:
** n = q·S + r gives n·num/S = q·num + r·num/S, and r·num < S² < 2^64. */
static size_t ceil_scaled(size_t n, uint64_t num) {
  uint64_t q = (uint64_t)n / RATIO_SCALE, r = (uint64_t)n % RATIO_SCALE;
  return (size_t)(q * num + (r * num + RATIO_SCALE - 1) / RATIO_SCALE);
}

size_t sample_quota(const hf_quota *q, size_t population) {
  size_t k;
  switch (q->kind) {
  case HF_QUOTA_RATIO: {
    uint64_t num;
    if (!(q->ratio > 0)) num = 0;   /* also NaN */
    else if (q->ratio >= 1) num = RATIO_SCALE;
    else num = (uint64_t)llround(q->ratio * RATIO_SCALE);
    k = ceil_scaled(population, num);
    break;
  }
  case HF_QUOTA_COUNT: k = q->count; break;
  case HF_QUOTA_ALL:
  default: k = population; break;
  }
  if (k < q->min) k = q->min;
  if (q->has_max && k > q->max) k = q->max;
  return k < population ? k : population;
}

/* -------------------------------------------------------------- dedup --- */

typedef struct dedup_entry {
  char *id;          /* NULL = empty slot */
  size_t len;
  uint64_t h;
  hf_date *dates;    /* sorted ascending, distinct */
  size_t n, cap;
} dedup_entry;

struct hf_dedup {
  dedup_entry *slots;   /* capacity a power of two, at most half full */
  size_t cap;
  size_t used;
};

hf_dedup *dedup_new(void) {
  hf_dedup *d = hf_xcalloc(1, sizeof *d);
  d->cap = 64;
  d->slots = hf_xcalloc(d->cap, sizeof *d->slots);
  return d;
}

void dedup_free(hf_dedup *d) {
  if (!d) return;
  for (size_t i = 0; i < d->cap; i++) {
    free(d->slots[i].id);
    free(d->slots[i].dates);
  }
  free(d->slots);
  free(d);
}

/* The slot holding customer, or the empty slot where it would go. */
static dedup_entry *dedup_slot(const hf_dedup *d, const char *customer, size_t len, uint64_t h) {
  size_t j = (size_t)h & (d->cap - 1);
  for (;;) {
    dedup_entry *e = &d->slots[j];
    if (!e->id) return e;
    if (e->h == h && e->len == len && memcmp(e->id, customer, len) == 0) return e;
    j = (j + 1) & (d->cap - 1);
  }
}

static void dedup_grow(hf_dedup *d) {
  dedup_entry *old = d->slots;
  size_t oldcap = d->cap;
  d->cap *= 2;
  d->slots = hf_xcalloc(d->cap, sizeof *d->slots);
  for (size_t i = 0; i < oldcap; i++) {
    if (!old[i].id) continue;
    *dedup_slot(d, old[i].id, old[i].len, old[i].h) = old[i];
  }
  free(old);
}

/* First position in e->dates whose date is >= date. */
static size_t lower_bound(const dedup_entry *e, hf_date date) {
  size_t lo = 0, hi = e->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (e->dates[mid] < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void dedup_add(hf_dedup *d, const char *customer, size_t len, hf_date date) {
  if (2 * (d->used + 1) > d->cap) dedup_grow(d);
  uint64_t h = keymap_hash(customer, len);
  dedup_entry *e = dedup_slot(d, customer, len, h);
  if (!e->id) {
    e->id = hf_xstrndup(customer, len);
    e->len = len;
    e->h = h;
    d->used++;
  }
  size_t p = lower_bound(e, date);
  if (p < e->n && e->dates[p] == date) return;   /* already recorded */
  if (e->n == e->cap) {
    e->cap = e->cap ? 2 * e->cap : 4;
    e->dates = hf_xrealloc(e->dates, e->cap * sizeof *e->dates);
  }
  memmove(e->dates + p + 1, e->dates + p, (e->n - p) * sizeof *e->dates);
  e->dates[p] = date;
  e->n++;
}

bool dedup_conflict(const hf_dedup *d, const char *customer, size_t len, hf_date date,
                    int32_t window_days, hf_date *conflict_date) {
  if (window_days <= 0) return false;
  const dedup_entry *e = dedup_slot(d, customer, len, keymap_hash(customer, len));
  if (!e->id) return false;
  /* The nearest contact is the last one before date or the first one at or after it. */
  size_t p = lower_bound(e, date);
  int64_t best = INT64_MAX;
  hf_date at = 0;
  if (p > 0) {
    best = (int64_t)date - e->dates[p - 1];
    at = e->dates[p - 1];
  }
  if (p < e->n && (int64_t)e->dates[p] - date < best) {   /* strict: a tie keeps the earlier */
    best = (int64_t)e->dates[p] - date;
    at = e->dates[p];
  }
  if (best >= window_days) return false;
  if (conflict_date) *conflict_date = at;
  return true;
}

/* ---------------------------------------------------------- selection --- */

const char *sample_reason_name(hf_sample_reason r) {
  switch (r) {
  case HF_REASON_FORCED: return "forced";
  case HF_REASON_RANK: return "rank";
  case HF_REASON_NOT_REACHED: return "not_reached";
  case HF_REASON_DEDUP: return "dedup";
  case HF_REASON_PREVIOUS: return "previous";
  case HF_REASON_SAME_UNIT: return "same_unit";
  }
  return "?";
}

/* The stratum order of sample_core.h: hash, key bytes, caller's index. The
** array position comes last only so qsort sees a total order even if a caller
** breaks the "distinct index" contract. */
static int cmp_candidates(const void *pa, const void *pb) {
  const hf_sample_candidate *a = *(const hf_sample_candidate *const *)pa;
  const hf_sample_candidate *b = *(const hf_sample_candidate *const *)pb;
  if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
  size_t m = a->keylen < b->keylen ? a->keylen : b->keylen;
  int c = m ? memcmp(a->key, b->key, m) : 0;
  if (c) return c < 0 ? -1 : 1;
  if (a->keylen != b->keylen) return a->keylen < b->keylen ? -1 : 1;
  if (a->index != b->index) return a->index < b->index ? -1 : 1;
  return a < b ? -1 : a > b;
}

static bool has_customer(const hf_sample_candidate *c) {
  return c->customer && c->customerlen > 0;
}

static bool has_unit(const hf_sample_candidate *c) { return c->unit && c->unitlen > 0; }

/* A unit set is an hf_dedup whose contacts are all on day 0: with a window of
** one day, any recorded unit conflicts. */
static bool unit_taken(const hf_dedup *units, const hf_sample_candidate *c) {
  return units && has_unit(c) && dedup_conflict(units, c->unit, c->unitlen, 0, 1, NULL);
}

static void unit_take(hf_dedup *units, const hf_sample_candidate *c) {
  if (units && has_unit(c)) dedup_add(units, c->unit, c->unitlen, 0);
}

size_t sample_select(const hf_sample_candidate *cands, size_t n, size_t quota, hf_dedup *dedup,
                     int32_t window_days, hf_sample_outcome *out, hf_sample_tally *tally) {
  return sample_select_units(cands, n, quota, dedup, window_days, NULL, out, tally);
}

size_t sample_select_units(const hf_sample_candidate *cands, size_t n, size_t quota, hf_dedup *dedup,
                           int32_t window_days, hf_dedup *units, hf_sample_outcome *out,
                           hf_sample_tally *tally) {
  size_t forced = 0, ranked = 0;
  if (n > 0) {
    const hf_sample_candidate **order = hf_xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = &cands[i];
    qsort(order, n, sizeof *order, cmp_candidates);

    /* Pass 1: forced picks, recorded before any pick by rank is considered. */
    for (size_t r = 0; r < n; r++) {
      const hf_sample_candidate *c = order[r];
      hf_sample_outcome *o = &out[c - cands];
      o->rank = r + 1;
      o->conflict_date = 0;
      if (!c->forced) continue;
      o->chosen = true;
      o->reason = HF_REASON_FORCED;
      forced++;
      unit_take(units, c);
      if (dedup && has_customer(c)) dedup_add(dedup, c->customer, c->customerlen, c->date);
    }
    /* Pass 2: the rest in hash order, until the quota is met. */
    for (size_t r = 0; r < n; r++) {
      const hf_sample_candidate *c = order[r];
      hf_sample_outcome *o = &out[c - cands];
      if (c->forced) continue;
      o->chosen = false;
      if (c->excluded_previous) {
        o->reason = HF_REASON_PREVIOUS;
      } else if (ranked >= quota) {
        o->reason = HF_REASON_NOT_REACHED;
      } else if (unit_taken(units, c)) {
        o->reason = HF_REASON_SAME_UNIT;
      } else if (dedup && has_customer(c) &&
                 dedup_conflict(dedup, c->customer, c->customerlen, c->date, window_days,
                                &o->conflict_date)) {
        o->reason = HF_REASON_DEDUP;
      } else {
        o->chosen = true;
        o->reason = HF_REASON_RANK;
        ranked++;
        unit_take(units, c);
        if (dedup && has_customer(c)) dedup_add(dedup, c->customer, c->customerlen, c->date);
      }
    }
    free(order);
  }
  if (tally) {
    tally->quota = quota;
    tally->forced = forced;
    tally->ranked = ranked;
    tally->shortfall = quota - ranked;
  }
  return forced + ranked;
}
