/*
** test_sample_core.c — deterministic sampling (DOMAIN.md P4, P5, P6, P8): rank
** hash, quotas, selection in one stratum, the dedup window. Hash values were
** computed independently with Python's hashlib (commands in the comments);
** quotas and orders are worked by hand.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "engine/sample_core.h"

/* ------------------------------------------------------------ helpers --- */

static uint64_t hash_of(const char *seed, const char *key) {
  return sample_hash(seed, strlen(seed), key, strlen(key));
}

static void hex_of(const char *seed, const char *key, char out[17]) {
  sample_hash_hex(hash_of(seed, key), out);
}

/* A candidate ranked by the real hash; no flags, no customer. */
static hf_sample_candidate cand(const char *seed, const char *key, size_t index) {
  hf_sample_candidate c = {0};
  c.hash = hash_of(seed, key);
  c.key = key;
  c.keylen = strlen(key);
  c.index = index;
  return c;
}

/* A candidate with a hand-set hash, so the test decides the order. */
static hf_sample_candidate synth(uint64_t hash, const char *key, size_t index) {
  hf_sample_candidate c = {0};
  c.hash = hash;
  c.key = key;
  c.keylen = strlen(key);
  c.index = index;
  return c;
}

static void set_customer(hf_sample_candidate *c, const char *customer, hf_date date) {
  c->customer = customer;
  c->customerlen = customer ? strlen(customer) : 0;
  c->date = date;
}

/* Deterministic test randomness (Numerical Recipes LCG, top bits). */
static uint32_t lcg_next(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*s >> 33);
}

static void shuffle(hf_sample_candidate *c, size_t n, uint64_t seed) {
  for (size_t i = n; i > 1; i--) {
    size_t j = lcg_next(&seed) % i;
    hf_sample_candidate t = c[i - 1];
    c[i - 1] = c[j];
    c[j] = t;
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the chosen candidates, sorted, joined with ','. */
static void chosen_keys(const hf_sample_candidate *c, const hf_sample_outcome *o, size_t n,
                        char *out, size_t outsize) {
  const char **keys = malloc((n ? n : 1) * sizeof *keys);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (o[i].chosen) keys[k++] = c[i].key;
  qsort(keys, k, sizeof *keys, cmp_str);
  out[0] = '\0';
  size_t len = 0;
  for (size_t i = 0; i < k; i++) {
    int w = snprintf(out + len, outsize - len, "%s%s", i ? "," : "", keys[i]);
    assert_true(w > 0 && (size_t)w < outsize - len);
    len += (size_t)w;
  }
  free(keys);
}

static hf_quota ratio(double r) {
  hf_quota q = {0};
  q.kind = HF_QUOTA_RATIO;
  q.ratio = r;
  return q;
}

/* --------------------------------------------------------------- hash --- */

/* The documented definition, checked against hashlib:
**   python3 -c "import hashlib;print(hashlib.sha256(b'2026-10\x00' + 'R0001'.encode()).hexdigest()[:16])"
**   -> d3f48c313d20392b  (= 15272986379427002667)
**   b'2026-10\x00R0002' -> b07a133726dff7a1;  b'\x00' -> 6e340b9cffb37a98;
**   '2026Q3\x00采购-0007'.encode() -> edf741446c4ae5f2 (UTF-8 bytes, not characters). */
static void test_hash_known_vectors(void **state) {
  (void)state;
  char hex[17];
  hex_of("2026-10", "R0001", hex);
  assert_string_equal(hex, "d3f48c313d20392b");
  assert_true(hash_of("2026-10", "R0001") == 15272986379427002667ull);
  hex_of("2026-10", "R0002", hex);
  assert_string_equal(hex, "b07a133726dff7a1");
  assert_true(sample_hash(NULL, 0, NULL, 0) == 0x6e340b9cffb37a98ull);
  hex_of("2026Q3", "采购-0007", hex);
  assert_string_equal(hex, "edf741446c4ae5f2");
  /* The separator matters: ("ab","c") and ("a","bc") must differ. */
  assert_true(hash_of("ab", "c") != hash_of("a", "bc"));
  sample_hash_hex(0, hex);
  assert_string_equal(hex, "0000000000000000");
  sample_hash_hex(UINT64_MAX, hex);
  assert_string_equal(hex, "ffffffffffffffff");
}

/* A whole stratum checked against Python: keys R0001..R0010 sorted by
** (h, key) with seed '2026-10' start R0009, R0005, R0006, R0003 and with
** '2026-11' start R0010, R0002, R0001, R0009. 30% of 10 = 3 picks. */
static void test_select_matches_python(void **state) {
  (void)state;
  static const char *keys[10] = {"R0001", "R0002", "R0003", "R0004", "R0005",
                                 "R0006", "R0007", "R0008", "R0009", "R0010"};
  hf_sample_candidate c[10];
  hf_sample_outcome o[10];
  char got[256];
  hf_quota q = ratio(0.3);

  for (size_t i = 0; i < 10; i++) c[i] = cand("2026-10", keys[i], i);
  assert_int_equal(sample_select(c, 10, sample_quota(&q, 10), NULL, 0, o, NULL), 3);
  chosen_keys(c, o, 10, got, sizeof got);
  assert_string_equal(got, "R0005,R0006,R0009");
  assert_int_equal(o[8].rank, 1);   /* R0009 */
  assert_int_equal(o[4].rank, 2);   /* R0005 */
  assert_int_equal(o[5].rank, 3);   /* R0006 */
  assert_int_equal(o[2].rank, 4);   /* R0003: first one not reached */
  assert_int_equal(o[2].reason, HF_REASON_NOT_REACHED);
  assert_int_equal(o[8].reason, HF_REASON_RANK);

  for (size_t i = 0; i < 10; i++) c[i] = cand("2026-11", keys[i], i);
  assert_int_equal(sample_select(c, 10, sample_quota(&q, 10), NULL, 0, o, NULL), 3);
  chosen_keys(c, o, 10, got, sizeof got);
  assert_string_equal(got, "R0001,R0002,R0010");
}

/* Row order must not matter: the same 200 records in five LCG shuffles give
** the same chosen keys and every key keeps its rank. */
static void test_order_independence(void **state) {
  (void)state;
  enum { N = 200 };
  static char keybuf[N][16];
  hf_sample_candidate base[N], c[N];
  hf_sample_outcome o[N];
  size_t rank_of[N];
  char first[2048], got[2048];
  hf_quota q = ratio(0.1);
  size_t quota = sample_quota(&q, N);
  assert_int_equal(quota, 20);

  for (size_t i = 0; i < N; i++) {
    snprintf(keybuf[i], sizeof keybuf[i], "R%04zu", i);
    base[i] = cand("2026-10", keybuf[i], i);
  }
  assert_int_equal(sample_select(base, N, quota, NULL, 0, o, NULL), 20);
  chosen_keys(base, o, N, first, sizeof first);
  for (size_t i = 0; i < N; i++) rank_of[i] = o[i].rank;

  for (uint64_t s = 1; s <= 5; s++) {
    memcpy(c, base, sizeof c);
    shuffle(c, N, s);
    assert_int_equal(sample_select(c, N, quota, NULL, 0, o, NULL), 20);
    chosen_keys(c, o, N, got, sizeof got);
    assert_string_equal(got, first);
    for (size_t i = 0; i < N; i++) assert_int_equal(o[i].rank, rank_of[c[i].index]);
  }
}

/* Another seed (next period) draws another sample of the same size. */
static void test_seed_changes_sample(void **state) {
  (void)state;
  enum { N = 200 };
  static char keybuf[N][16];
  hf_sample_candidate c[N];
  hf_sample_outcome o[N];
  char a[2048], b[2048];
  for (size_t i = 0; i < N; i++) {
    snprintf(keybuf[i], sizeof keybuf[i], "R%04zu", i);
    c[i] = cand("2026-10", keybuf[i], i);
  }
  assert_int_equal(sample_select(c, N, 20, NULL, 0, o, NULL), 20);
  chosen_keys(c, o, N, a, sizeof a);
  for (size_t i = 0; i < N; i++) c[i] = cand("2026-11", keybuf[i], i);
  assert_int_equal(sample_select(c, N, 20, NULL, 0, o, NULL), 20);
  chosen_keys(c, o, N, b, sizeof b);
  assert_string_not_equal(a, b);
}

/* -------------------------------------------------------------- quota --- */

/* "不少于" rounds up, and float error must not add one. In doubles 0.3 × 10
** happens to round to exactly 3.0, but 0.07 × 100 is 7.000000000000001 and
** 0.55 × 100 is 55.00000000000001 (python3 -c "print(0.07*100, 0.55*100)"),
** whose ceil is one too many: the trap is shown first. */
static void test_quota_ratio_rounding(void **state) {
  (void)state;
  volatile double r = 0.07, n = 100;
  assert_true(ceil(r * n) == 8.0);   /* the naive formula is wrong */

  hf_quota q = ratio(0.3);
  assert_int_equal(sample_quota(&q, 10), 3);
  assert_int_equal(sample_quota(&q, 7), 3);     /* 2.1 → 3 */
  assert_int_equal(sample_quota(&q, 1), 1);     /* 0.3 → 1 */
  q.ratio = 0.1;
  assert_int_equal(sample_quota(&q, 30), 3);
  assert_int_equal(sample_quota(&q, 31), 4);    /* 3.1 → 4 */
  q.ratio = 0.07;
  assert_int_equal(sample_quota(&q, 100), 7);
  assert_int_equal(sample_quota(&q, 101), 8);    /* 7.07 → 8 */
  q.ratio = 0.55;
  assert_int_equal(sample_quota(&q, 100), 55);
  q.ratio = 0.1;                                 /* P1: daily ≥ 10% */
  assert_int_equal(sample_quota(&q, 10), 1);
  assert_int_equal(sample_quota(&q, 9), 1);
  q.ratio = 1.0;
  assert_int_equal(sample_quota(&q, 37), 37);
  q.ratio = 0.0;
  assert_int_equal(sample_quota(&q, 37), 0);
  /* Out of range clamps: the policy layer rejects these, this is a backstop. */
  q.ratio = -0.5;
  assert_int_equal(sample_quota(&q, 37), 0);
  q.ratio = NAN;
  assert_int_equal(sample_quota(&q, 37), 0);
  q.ratio = 1.5;
  assert_int_equal(sample_quota(&q, 37), 37);
#if SIZE_MAX > 0xffffffffu
  /* No overflow past 2^64 / 10^9: 0.3 × 10000000007 = 3000000002.1 → 3000000003. */
  q.ratio = 0.3;
  assert_true(sample_quota(&q, (size_t)10000000007ull) == (size_t)3000000003ull);
#endif
}

static void test_quota_count_all(void **state) {
  (void)state;
  hf_quota q = {0};
  q.kind = HF_QUOTA_COUNT;
  q.count = 5;                                   /* P8: 5 kinds a quarter */
  assert_int_equal(sample_quota(&q, 12), 5);
  assert_int_equal(sample_quota(&q, 3), 3);      /* more asked than exist */
  q.kind = HF_QUOTA_ALL;                         /* P6: 单项工程 100% */
  assert_int_equal(sample_quota(&q, 12), 12);
}

/* min raises, max caps, max wins over min, and N caps everything. */
static void test_quota_min_max(void **state) {
  (void)state;
  hf_quota q = ratio(0.1);
  q.min = 3;                                     /* P4: 3–5 households */
  q.has_max = true;
  q.max = 5;
  assert_int_equal(sample_quota(&q, 10), 3);     /* 1 → min 3 */
  assert_int_equal(sample_quota(&q, 40), 4);     /* 4, inside [3, 5] */
  assert_int_equal(sample_quota(&q, 200), 5);    /* 20 → max 5 */
  assert_int_equal(sample_quota(&q, 2), 2);      /* min 3 but only 2 exist */
  q.min = 8;                                     /* min > max: max wins */
  assert_int_equal(sample_quota(&q, 100), 5);
  q.has_max = true;
  q.max = 0;                                     /* an explicit max of 0 samples nothing */
  q.min = 0;
  assert_int_equal(sample_quota(&q, 100), 0);
}

static void test_empty_stratum(void **state) {
  (void)state;
  hf_quota q = ratio(0.5);
  q.min = 2;
  assert_int_equal(sample_quota(&q, 0), 0);
  q.kind = HF_QUOTA_COUNT;
  q.count = 5;
  assert_int_equal(sample_quota(&q, 0), 0);
  q.kind = HF_QUOTA_ALL;
  assert_int_equal(sample_quota(&q, 0), 0);
  hf_sample_tally t;
  assert_int_equal(sample_select(NULL, 0, 0, NULL, 0, NULL, &t), 0);
  assert_int_equal(t.shortfall, 0);
  assert_int_equal(t.forced + t.ranked, 0);
}

/* ---------------------------------------------------------- selection --- */

/* Equal hashes: the same key twice (two rows for one record key) falls back
** on the caller's index; hand-set equal hashes fall back on key bytes, a
** prefix before its extensions ("" < "a" < "ab" < "b"). */
static void test_hash_ties(void **state) {
  (void)state;
  hf_sample_candidate c[4];
  hf_sample_outcome o[4];
  c[0] = cand("2026-10", "R0001", 7);
  c[1] = cand("2026-10", "R0001", 3);
  assert_int_equal(sample_select(c, 2, 1, NULL, 0, o, NULL), 1);
  assert_false(o[0].chosen);
  assert_true(o[1].chosen);                      /* index 3 before index 7 */
  assert_int_equal(o[1].rank, 1);
  assert_int_equal(o[0].rank, 2);

  c[0] = synth(42, "b", 0);
  c[1] = synth(42, "ab", 1);
  c[2] = synth(42, "", 2);
  c[3] = synth(42, "a", 3);
  assert_int_equal(sample_select(c, 4, 2, NULL, 0, o, NULL), 2);
  assert_int_equal(o[2].rank, 1);                /* "" */
  assert_int_equal(o[3].rank, 2);                /* "a" */
  assert_int_equal(o[1].rank, 3);                /* "ab" */
  assert_int_equal(o[0].rank, 4);                /* "b" */
  assert_true(o[2].chosen && o[3].chosen);
  /* A lower hash still beats any key. */
  c[0].hash = 41;
  sample_select(c, 4, 2, NULL, 0, o, NULL);
  assert_int_equal(o[0].rank, 1);
}

/* Forced picks (P8: unit price > 2000 yuan) are all taken and do not use up
** the quota; a forced one flagged previous-period is still taken. */
static void test_forced_beyond_quota(void **state) {
  (void)state;
  hf_sample_candidate c[10];
  hf_sample_outcome o[10];
  hf_sample_tally t;
  static const char *keys[10] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"};
  for (size_t i = 0; i < 10; i++) c[i] = synth(100 + i, keys[i], i);   /* rank i+1 */
  c[0].forced = true;   /* rank 1 */
  c[4].forced = true;
  c[8].forced = true;
  c[9].forced = true;
  c[9].excluded_previous = true;
  assert_int_equal(sample_select(c, 10, 3, NULL, 0, o, &t), 7);
  assert_int_equal(t.forced, 4);
  assert_int_equal(t.ranked, 3);
  assert_int_equal(t.shortfall, 0);
  assert_int_equal(o[0].reason, HF_REASON_FORCED);
  assert_int_equal(o[9].reason, HF_REASON_FORCED);
  assert_true(o[9].chosen);
  /* The quota goes to the first three unforced ranks: 2, 3, 4. */
  assert_true(o[1].chosen && o[2].chosen && o[3].chosen);
  assert_int_equal(o[1].reason, HF_REASON_RANK);
  assert_int_equal(o[5].reason, HF_REASON_NOT_REACHED);
  assert_int_equal(o[5].rank, 6);
  assert_string_equal(sample_reason_name(o[5].reason), "not_reached");
  assert_string_equal(sample_reason_name(HF_REASON_FORCED), "forced");
}

/* P8: adjacent quarters never sample the same item. The previous quarter's
** picks are skipped, the quota is filled further down, and a previous-period
** candidate after the quota is full is still reported as PREVIOUS. */
static void test_previous_period(void **state) {
  (void)state;
  hf_sample_candidate c[8];
  hf_sample_outcome o[8];
  hf_sample_tally t;
  static const char *keys[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
  for (size_t i = 0; i < 8; i++) c[i] = synth(10 * (i + 1), keys[i], i);
  c[0].excluded_previous = true;
  c[1].excluded_previous = true;
  c[6].excluded_previous = true;
  assert_int_equal(sample_select(c, 8, 3, NULL, 0, o, &t), 3);
  assert_int_equal(t.shortfall, 0);
  assert_int_equal(o[0].reason, HF_REASON_PREVIOUS);
  assert_int_equal(o[1].reason, HF_REASON_PREVIOUS);
  assert_true(o[2].chosen && o[3].chosen && o[4].chosen);
  assert_int_equal(o[5].reason, HF_REASON_NOT_REACHED);
  assert_int_equal(o[6].reason, HF_REASON_PREVIOUS);
  assert_false(o[6].chosen);
}

/* ------------------------------------------------------------- dedup --- */

/* P6: "no customer called twice within 90 days" — 90 days apart is allowed,
** 89 is not, on both sides of the contact. */
static void test_dedup_boundary(void **state) {
  (void)state;
  hf_dedup *d = dedup_new();
  hf_date day = date_from_ymd(2026, 7, 1);
  hf_date at = -1;
  dedup_add(d, "C001", 4, day);
  assert_true(dedup_conflict(d, "C001", 4, day + 89, 90, &at));
  assert_int_equal(at, day);
  assert_false(dedup_conflict(d, "C001", 4, day + 90, 90, &at));
  assert_true(dedup_conflict(d, "C001", 4, day - 89, 90, NULL));
  assert_false(dedup_conflict(d, "C001", 4, day - 90, 90, NULL));
  assert_true(dedup_conflict(d, "C001", 4, day, 90, NULL));        /* same day */
  assert_false(dedup_conflict(d, "C001", 4, day, 0, NULL));        /* no window */
  assert_false(dedup_conflict(d, "C002", 4, day, 90, NULL));       /* other customer */
  assert_false(dedup_conflict(d, "C00", 3, day, 90, NULL));        /* a prefix is another id */
  /* Calendar check: 2026-07-01 to 2026-09-29 is 90 days (30 + 31 + 29). */
  assert_false(dedup_conflict(d, "C001", 4, date_from_ymd(2026, 9, 29), 90, NULL));
  assert_true(dedup_conflict(d, "C001", 4, date_from_ymd(2026, 9, 28), 90, NULL));
  dedup_free(d);
}

/* The reported contact is the nearest one; of two equally near, the earlier.
** Many customers force the table to grow; every one stays findable. */
static void test_dedup_nearest_and_growth(void **state) {
  (void)state;
  hf_dedup *d = dedup_new();
  hf_date day = date_from_ymd(2026, 1, 1), at = 0;
  dedup_add(d, "C", 1, day + 100);
  dedup_add(d, "C", 1, day);
  dedup_add(d, "C", 1, day);                     /* a duplicate contact changes nothing */
  assert_true(dedup_conflict(d, "C", 1, day + 60, 90, &at));
  assert_int_equal(at, day + 100);               /* 40 days beats 60 */
  dedup_add(d, "T", 1, day - 10);
  dedup_add(d, "T", 1, day + 10);
  assert_true(dedup_conflict(d, "T", 1, day, 90, &at));
  assert_int_equal(at, day - 10);                /* tie: the earlier */

  char id[16];
  for (int i = 0; i < 1000; i++) {
    snprintf(id, sizeof id, "cust%d", i);
    dedup_add(d, id, strlen(id), day + i);
  }
  for (int i = 0; i < 1000; i++) {
    snprintf(id, sizeof id, "cust%d", i);
    assert_true(dedup_conflict(d, id, strlen(id), day + i + 5, 10, &at));
    assert_int_equal(at, day + i);
    assert_false(dedup_conflict(d, id, strlen(id), day + i + 10, 10, NULL));
  }
  dedup_free(d);
}

/* A customer called back 30 days ago (history) is skipped with that date;
** the next rank takes the place. Customer-less candidates are never skipped. */
static void test_dedup_against_history(void **state) {
  (void)state;
  hf_date day = date_from_ymd(2026, 10, 15);
  hf_dedup *d = dedup_new();
  dedup_add(d, "C7", 2, day - 30);
  hf_sample_candidate c[4];
  hf_sample_outcome o[4];
  hf_sample_tally t;
  c[0] = synth(1, "a", 0);
  set_customer(&c[0], "C7", day);
  c[1] = synth(2, "b", 1);
  set_customer(&c[1], NULL, day);
  c[2] = synth(3, "c", 2);
  set_customer(&c[2], "", day);                  /* empty id = none */
  c[3] = synth(4, "d", 3);
  set_customer(&c[3], "C8", day);
  assert_int_equal(sample_select(c, 4, 3, d, 90, o, &t), 3);
  assert_int_equal(o[0].reason, HF_REASON_DEDUP);
  assert_int_equal(o[0].conflict_date, day - 30);
  assert_string_equal(sample_reason_name(o[0].reason), "dedup");
  assert_true(o[1].chosen && o[2].chosen && o[3].chosen);
  assert_int_equal(t.shortfall, 0);
  /* The pick was recorded: C8 is now blocked for the window. */
  hf_date at;
  assert_true(dedup_conflict(d, "C8", 2, day + 1, 90, &at));
  assert_int_equal(at, day);
  dedup_free(d);
}

/* Picks of this run block later ones: within a stratum (rank 1 blocks rank 2)
** and across strata sharing the dedup (stratum A's pick blocks stratum B's
** top rank). A forced pick, though ranked last, is recorded before any pick
** by rank and blocks its customer's rank-1 candidate. */
static void test_dedup_within_run(void **state) {
  (void)state;
  hf_date day = date_from_ymd(2026, 10, 1);
  hf_dedup *d = dedup_new();
  hf_sample_candidate a[3], b[3];
  hf_sample_outcome oa[3], ob[3];

  a[0] = synth(1, "a1", 0);
  set_customer(&a[0], "C1", day);
  a[1] = synth(2, "a2", 1);
  set_customer(&a[1], "C1", day + 10);
  a[2] = synth(3, "a3", 2);
  set_customer(&a[2], "C2", day);
  assert_int_equal(sample_select(a, 3, 2, d, 90, oa, NULL), 2);
  assert_true(oa[0].chosen);
  assert_int_equal(oa[1].reason, HF_REASON_DEDUP);
  assert_int_equal(oa[1].conflict_date, day);
  assert_true(oa[2].chosen);

  b[0] = synth(1, "b1", 0);
  set_customer(&b[0], "C2", day + 5);
  b[1] = synth(2, "b2", 1);
  set_customer(&b[1], "C3", day);
  b[2] = synth(99, "b3", 2);
  set_customer(&b[2], "C3", day + 40);
  b[2].forced = true;
  hf_sample_tally t;
  assert_int_equal(sample_select(b, 3, 1, d, 90, ob, &t), 1);
  assert_int_equal(ob[0].reason, HF_REASON_DEDUP);   /* C2, picked in stratum A */
  assert_int_equal(ob[0].conflict_date, day);
  assert_int_equal(ob[1].reason, HF_REASON_DEDUP);   /* C3, the forced pick */
  assert_int_equal(ob[1].conflict_date, day + 40);
  assert_int_equal(ob[2].reason, HF_REASON_FORCED);
  assert_int_equal(t.forced, 1);
  assert_int_equal(t.ranked, 0);
  assert_int_equal(t.shortfall, 1);
  dedup_free(d);
}

/* Property: over several seeds, three strata sharing one dedup, a population
** of 600 records drawn from 40 repeat customers over a year: no two picks of
** one customer lie within 90 days; every stratum either fills its quota or
** has skipped every unchosen candidate it reached for dedup. */
static void test_dedup_property(void **state) {
  (void)state;
  enum { N = 200, STRATA = 3, CUSTOMERS = 40, WINDOW = 90 };
  static char keybuf[STRATA][N][16];
  static char custbuf[CUSTOMERS][8];
  static hf_sample_candidate c[STRATA][N];
  static hf_sample_outcome o[STRATA][N];
  static const char *seeds[] = {"2026-01", "2026-02", "2026-03", "2026Q4", "x"};
  hf_date day0 = date_from_ymd(2026, 1, 1);
  for (int k = 0; k < CUSTOMERS; k++) snprintf(custbuf[k], sizeof custbuf[k], "C%02d", k);

  for (size_t si = 0; si < sizeof seeds / sizeof *seeds; si++) {
    uint64_t rng = 12345 + si;
    size_t skipped = 0;
    hf_dedup *d = dedup_new();
    for (int s = 0; s < STRATA; s++) {
      for (size_t i = 0; i < N; i++) {
        snprintf(keybuf[s][i], sizeof keybuf[s][i], "S%d-%03zu", s, i);
        c[s][i] = cand(seeds[si], keybuf[s][i], i);
        set_customer(&c[s][i], custbuf[lcg_next(&rng) % CUSTOMERS],
                     day0 + (hf_date)(lcg_next(&rng) % 365));
      }
      hf_sample_tally t;
      size_t quota = 30;
      sample_select(c[s], N, quota, d, WINDOW, o[s], &t);
      assert_int_equal(t.ranked + t.shortfall, quota);
      if (t.shortfall > 0)
        for (size_t i = 0; i < N; i++)
          if (!o[s][i].chosen) assert_int_equal(o[s][i].reason, HF_REASON_DEDUP);
      for (size_t i = 0; i < N; i++) {
        if (o[s][i].reason != HF_REASON_DEDUP) continue;
        skipped++;
        hf_date cd = o[s][i].conflict_date;
        hf_date gap = cd > c[s][i].date ? cd - c[s][i].date : c[s][i].date - cd;
        assert_true(gap < WINDOW);
      }
    }
    for (int s1 = 0; s1 < STRATA; s1++)
      for (size_t i = 0; i < N; i++) {
        if (!o[s1][i].chosen) continue;
        for (int s2 = 0; s2 < STRATA; s2++)
          for (size_t j = 0; j < N; j++) {
            if ((s1 == s2 && i == j) || !o[s2][j].chosen) continue;
            if (strcmp(c[s1][i].customer, c[s2][j].customer) != 0) continue;
            hf_date gap = c[s1][i].date - c[s2][j].date;
            if (gap < 0) gap = -gap;
            assert_true(gap >= WINDOW);
          }
      }
    /* 15 records per customer a year: the dedup must actually have bitten,
    ** or the property above would be vacuous. */
    assert_true(skipped > 0);
    dedup_free(d);
  }
}

/* Everyone excluded (all sampled last quarter): nothing chosen and the whole
** quota reported as shortfall; likewise when dedup blocks everyone. */
static void test_shortfall(void **state) {
  (void)state;
  hf_sample_candidate c[5];
  hf_sample_outcome o[5];
  hf_sample_tally t;
  static const char *keys[5] = {"a", "b", "c", "d", "e"};
  for (size_t i = 0; i < 5; i++) {
    c[i] = synth(i, keys[i], i);
    c[i].excluded_previous = true;
  }
  assert_int_equal(sample_select(c, 5, 2, NULL, 0, o, &t), 0);
  assert_int_equal(t.quota, 2);
  assert_int_equal(t.ranked, 0);
  assert_int_equal(t.shortfall, 2);
  for (size_t i = 0; i < 5; i++) assert_int_equal(o[i].reason, HF_REASON_PREVIOUS);

  hf_date day = date_from_ymd(2026, 10, 1);
  hf_dedup *d = dedup_new();
  dedup_add(d, "C1", 2, day);
  for (size_t i = 0; i < 5; i++) {
    c[i].excluded_previous = false;
    set_customer(&c[i], "C1", day + (hf_date)i);
  }
  assert_int_equal(sample_select(c, 5, 2, d, 90, o, &t), 0);
  assert_int_equal(t.shortfall, 2);
  for (size_t i = 0; i < 5; i++) assert_int_equal(o[i].reason, HF_REASON_DEDUP);
  dedup_free(d);
}

/* Distinct units ("5 kinds", not 5 purchases), worked by hand. Hash order
** 1..5, units A A B C B: quota 2 takes 1 (A), skips 2 (A taken), takes 3 (B);
** 4 and 5 are NOT_REACHED (the quota check comes first). */
static void set_unit(hf_sample_candidate *c, const char *unit) {
  c->unit = unit;
  c->unitlen = unit ? strlen(unit) : 0;
}

static void test_units(void **state) {
  (void)state;
  static const char *keys[5] = {"p1", "p2", "p3", "p4", "p5"};
  static const char *units[5] = {"A", "A", "B", "C", "B"};
  hf_sample_candidate c[5];
  hf_sample_outcome o[5];
  hf_sample_tally t;
  char got[64];
  for (size_t i = 0; i < 5; i++) {
    c[i] = synth(i + 1, keys[i], i);
    set_unit(&c[i], units[i]);
  }
  hf_dedup *u = dedup_new();
  assert_int_equal(sample_select_units(c, 5, 2, NULL, 0, u, o, &t), 2);
  chosen_keys(c, o, 5, got, sizeof got);
  assert_string_equal(got, "p1,p3");
  assert_int_equal(o[1].reason, HF_REASON_SAME_UNIT);
  assert_int_equal(o[3].reason, HF_REASON_NOT_REACHED);
  assert_int_equal(o[4].reason, HF_REASON_NOT_REACHED);
  assert_string_equal(sample_reason_name(HF_REASON_SAME_UNIT), "same_unit");
  dedup_free(u);

  /* quota 3: p1 (A), p3 (B), p4 (C); p5 (B) not reached */
  u = dedup_new();
  assert_int_equal(sample_select_units(c, 5, 3, NULL, 0, u, o, &t), 3);
  chosen_keys(c, o, 5, got, sizeof got);
  assert_string_equal(got, "p1,p3,p4");
  dedup_free(u);

  /* p5 forced: B is taken before the walk, so p3 is SAME_UNIT; two forced of one unit are both chosen */
  u = dedup_new();
  c[4].forced = true;
  assert_int_equal(sample_select_units(c, 5, 3, NULL, 0, u, o, &t), 3);
  chosen_keys(c, o, 5, got, sizeof got);
  assert_string_equal(got, "p1,p4,p5");
  assert_int_equal(o[2].reason, HF_REASON_SAME_UNIT);
  assert_int_equal(t.ranked, 2);
  assert_int_equal(t.shortfall, 1);
  c[2].forced = true;
  dedup_free(u);
  u = dedup_new();
  assert_int_equal(sample_select_units(c, 5, 1, NULL, 0, u, o, &t), 3);
  chosen_keys(c, o, 5, got, sizeof got);
  assert_string_equal(got, "p1,p3,p5");

  /* The set is shared by the strata of a run: A, B are taken now. */
  hf_sample_candidate d[2] = {synth(1, "q1", 0), synth(2, "q2", 1)};
  set_unit(&d[0], "A");
  set_unit(&d[1], NULL);   /* no unit: a unit of its own */
  assert_int_equal(sample_select_units(d, 2, 2, NULL, 0, u, o, &t), 1);
  assert_int_equal(o[0].reason, HF_REASON_SAME_UNIT);
  assert_int_equal(o[1].reason, HF_REASON_RANK);
  dedup_free(u);

  /* Without a unit set, sample_select ignores units. */
  for (size_t i = 0; i < 5; i++) c[i].forced = false;
  assert_int_equal(sample_select(c, 5, 2, NULL, 0, o, &t), 2);
  chosen_keys(c, o, 5, got, sizeof got);
  assert_string_equal(got, "p1,p2");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hash_known_vectors),
      cmocka_unit_test(test_select_matches_python),
      cmocka_unit_test(test_order_independence),
      cmocka_unit_test(test_seed_changes_sample),
      cmocka_unit_test(test_quota_ratio_rounding),
      cmocka_unit_test(test_quota_count_all),
      cmocka_unit_test(test_quota_min_max),
      cmocka_unit_test(test_empty_stratum),
      cmocka_unit_test(test_hash_ties),
      cmocka_unit_test(test_forced_beyond_quota),
      cmocka_unit_test(test_previous_period),
      cmocka_unit_test(test_dedup_boundary),
      cmocka_unit_test(test_dedup_nearest_and_growth),
      cmocka_unit_test(test_dedup_against_history),
      cmocka_unit_test(test_dedup_within_run),
      cmocka_unit_test(test_dedup_property),
      cmocka_unit_test(test_shortfall),
      cmocka_unit_test(test_units),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
