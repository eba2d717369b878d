/*
** sample_core.h — deterministic sampling (DOMAIN.md P4, P5, P6, P8): the keyed
** hash that ranks records, the per-stratum quota, the selection within one
** stratum and the customer de-duplication window shared by the strata of a run.
** Plain C over caller-provided arrays: the glue reads policy and records.
**
** The rank hash, exactly (so an auditor can recompute any record's rank):
**     h = first 8 bytes, big-endian, of SHA-256(seed_utf8 || 0x00 || key_utf8)
** In Python:
**     int.from_bytes(hashlib.sha256(seed.encode() + b"\0" + key.encode()).digest()[:8], "big")
** Within a stratum, candidates are ordered by ascending h; equal h (same key, or a
** 64-bit collision) by the key's bytes (memcmp order, a prefix first), then by the
** caller's index. The order is total, so the sample does not depend on row order.
**
** A run processes its strata in byte order of their stratum key, sharing one
** hf_dedup; with that, the whole selection is a function of (seed, records,
** history, policy) alone.
*/
#ifndef HF_SAMPLE_CORE_H
#define HF_SAMPLE_CORE_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/date.h"

/* ---------------------------------------------------------------- hash --- */

/* The rank hash above. seed and key are UTF-8 bytes (not NUL-terminated;
** NULL is allowed with length 0). Aborts, like hf_xmalloc, only if OpenSSL
** cannot allocate its digest context. */
uint64_t sample_hash(const char *seed, size_t seedlen, const char *key, size_t keylen);
/* The same hash into *out on the caller's digest context and SHA-256 method,
** which a run reuses for all its records (a context per record costs a
** million allocations at a million rows). False only when OpenSSL fails. */
bool sample_hash_with(EVP_MD_CTX *ctx, const EVP_MD *md, const char *seed, size_t seedlen, const char *key,
                      size_t keylen, uint64_t *out);
/* out receives h as 16 lowercase hex digits and a NUL: the same text as
** hashlib's hexdigest()[:16]. */
void sample_hash_hex(uint64_t h, char out[17]);

/* --------------------------------------------------------------- quota --- */

typedef enum hf_quota_kind {
  HF_QUOTA_RATIO,   /* k = ceil(ratio × N): "不少于 30%" rounds up */
  HF_QUOTA_COUNT,   /* k = min(count, N): "5 kinds a quarter" */
  HF_QUOTA_ALL      /* k = N: "100% callback" */
} hf_quota_kind;

typedef struct hf_quota {
  hf_quota_kind kind;
  double ratio;     /* RATIO: in [0, 1]; below 0 or NaN counts as 0, above 1 as 1 */
  size_t count;     /* COUNT */
  size_t min;       /* then k = max(k, min); 0 = no minimum */
  bool has_max;
  size_t max;       /* then, when has_max, k = min(k, max) (max wins over min) */
} hf_quota;

/* The number to sample from a stratum of `population` records; never above
** population, so an empty stratum gives 0. RATIO is exact integer arithmetic:
** the ratio is first rounded to the nearest billionth (0.3 becomes exactly
** 300000000 / 10^9), then k = ceil(ratio × N) with no float error, so
** 0.3 × 10 = 3 and 0.3 × 7 = 2.1 → 3. In Python:
**     k = -(-round(ratio * 10**9) * N // 10**9) */
size_t sample_quota(const hf_quota *q, size_t population);

/* -------------------------------------------------------------- dedup --- */

/* Customer contacts: customer id → the sorted, distinct dates of its contacts.
** The object owns copies of the ids. Memory grows with recorded contacts. */
typedef struct hf_dedup hf_dedup;

hf_dedup *dedup_new(void);
void dedup_free(hf_dedup *d);
/* Records a contact (a history callback, or a pick of this run). */
void dedup_add(hf_dedup *d, const char *customer, size_t len, hf_date date);
/* True when some recorded contact c of this customer has |date − c| < window_days:
** with window_days = 90, a contact 90 days away is allowed, 89 days is not.
** window_days <= 0 never conflicts. On a conflict, *conflict_date (when not
** NULL) receives the nearest such contact; of two equally near, the earlier. */
bool dedup_conflict(const hf_dedup *d, const char *customer, size_t len, hf_date date,
                    int32_t window_days, hf_date *conflict_date);

/* ---------------------------------------------------------- selection --- */

typedef struct hf_sample_candidate {
  uint64_t hash;          /* sample_hash(seed, key) */
  const char *key;        /* the record key hashed (UTF-8, keylen bytes) */
  size_t keylen;
  size_t index;           /* the caller's own index: last tie-break; distinct per stratum */
  bool forced;            /* always chosen, outside the quota (e.g. unit price > 2000 yuan) */
  bool excluded_previous; /* sampled in the previous period: never chosen unless forced */
  const char *customer;   /* de-dup identity; NULL or empty = not de-duplicated */
  size_t customerlen;
  hf_date date;           /* the contact date checked against, and recorded in, the dedup */
  const char *unit;       /* sample_select_units: the sampling unit ("5 kinds", not 5 purchases);
                          ** NULL or empty = a unit of its own */
  size_t unitlen;
} hf_sample_candidate;

typedef enum hf_sample_reason {
  HF_REASON_FORCED,       /* chosen: forced */
  HF_REASON_RANK,         /* chosen: its rank came while the quota was still open */
  HF_REASON_NOT_REACHED,  /* not chosen: the quota was filled before its rank */
  HF_REASON_DEDUP,        /* not chosen: customer contacted within the window (conflict_date) */
  HF_REASON_PREVIOUS,     /* not chosen: sampled in the previous period */
  HF_REASON_SAME_UNIT     /* not chosen: another record of its unit was already chosen */
} hf_sample_reason;

/* Stable ASCII names for the results: "forced", "rank", "not_reached", "dedup", "previous",
** "same_unit". */
const char *sample_reason_name(hf_sample_reason r);

typedef struct hf_sample_outcome {
  bool chosen;
  hf_sample_reason reason;
  size_t rank;            /* 1-based position in the stratum's hash order (all candidates) */
  hf_date conflict_date;  /* the contact that blocked it; meaningful only for DEDUP */
} hf_sample_outcome;

typedef struct hf_sample_tally {
  size_t quota;           /* as passed */
  size_t forced;          /* chosen as forced */
  size_t ranked;          /* chosen by rank, at most quota */
  size_t shortfall;       /* quota − ranked: too few eligible candidates to fill it */
} hf_sample_tally;

/*
** Selects within one stratum; out[i] is the outcome of cands[i] (cands is not
** reordered). quota is normally sample_quota(q, n). dedup may be NULL (no
** de-duplication); it is read and extended, so one hf_dedup serves all strata of
** a run, in the documented stratum order. The algorithm:
**  1. Every forced candidate is chosen (FORCED), whatever its previous-period
**     flag and its dedup state; its contact is then recorded in dedup. Forced
**     picks do NOT count toward the quota.
**  2. The others are walked in hash order. A previous-period one is PREVIOUS
**     (reported even after the quota is filled). Otherwise, once `quota` have
**     been chosen by rank, it is NOT_REACHED. Otherwise, if its customer
**     conflicts in dedup (history, forced picks, earlier picks of this run) it
**     is DEDUP. Otherwise it is chosen (RANK) and its contact recorded.
** So no two picks by rank of one customer fall within the window; a forced
** pick may (it is never refused). Allocates one sort buffer of n pointers.
** Returns the number chosen (forced + by rank); tally (when not NULL) gets the
** split and the shortfall.
*/
size_t sample_select(const hf_sample_candidate *cands, size_t n, size_t quota, hf_dedup *dedup,
                     int32_t window_days, hf_sample_outcome *out, hf_sample_tally *tally);

/*
** sample_select with distinct sampling units: `units` (may be NULL = off)
** holds the units chosen so far in the run, like dedup holds contacts (an
** hf_dedup used as a set; create one per run with dedup_new). Forced picks
** record their unit; in step 2, after the PREVIOUS and NOT_REACHED checks and
** before the dedup check, a candidate whose unit is already chosen is
** SAME_UNIT. So at most one record per unit is chosen by rank (several forced
** records of one unit are all chosen).
*/
size_t sample_select_units(const hf_sample_candidate *cands, size_t n, size_t quota, hf_dedup *dedup,
                           int32_t window_days, hf_dedup *units, hf_sample_outcome *out,
                           hf_sample_tally *tally);

#endif
