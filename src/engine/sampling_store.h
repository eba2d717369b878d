/*
** sampling_store.h — what one sampling (sampling.c) keeps of its population
** between the rows and finish: a compact record per population row, every
** record's key text in one arena, interned texts (customers, units,
** previous-period values), the strata, and the work list's display fields in a
** private spilled table that is read back, for the chosen records only, at finish.
**
** Memory: a record's fate depends on all the others of its stratum, so every
** population record is kept until finish, but only what the selection and the
** decisions table need: its hash, line, stratum, exclusion and force rule, the
** contact date and the ids of its customer, unit and previous-period value
** (interned: one copy of each distinct text), 56 bytes a record, plus its key
** text in one arena. The work list's `fields` go to the stage (disk, not RAM)
** and only the chosen records' are read back at finish, by sequence.
**
** Ownership: smp_run is one sampling's whole state. sampling.c allocates it,
** sets e, p and spec, initialises and frees `scratch` and the selection's
** fields; smp_store_init / smp_store_free own everything marked "store" below.
** Texts returned by the smp_* functions point into the run's buffers and stay
** valid until the next append to the same buffer (keys, ids) or smp_store_free.
*/
#ifndef HF_SAMPLING_STORE_H
#define HF_SAMPLING_STORE_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "engine/block.h"
#include "engine/keymap.h"
#include "engine/sample_core.h"

/* A value shown in the work list, as the results want it (16 bytes: one per chosen record and field). */
typedef struct smp_value {
  uint8_t kind;        /* an hf_cell_kind: NULL, STR (u.off/len in text), INT, NUM */
  uint32_t len;
  union {
    int64_t i;
    double d;
    uint64_t off;
  } u;
} smp_value;

typedef struct smp_stratum {
  size_t order;             /* position in byte order (finish) */
  size_t population, excluded;
  size_t first, count;      /* its records in the sorted order (finish) */
  uint32_t idx;             /* position in smp_run.slist */
} smp_stratum;

/* Interned texts (customers, units, previous-period values): id → text, 1-based (0 = none). */
typedef struct smp_interned {
  size_t off;               /* in smp_intern.text, NUL-terminated there */
  uint32_t len;
  uint32_t h;
} smp_interned;

typedef struct smp_intern {
  uint32_t *slots;          /* open addressing: id, 0 = empty; capacity a power of two, at most half full */
  size_t cap;
  smp_interned *ids;        /* ids[id - 1] */
  size_t n, idcap;
  hf_buf text;
} smp_intern;

typedef struct smp_rec {
  uint64_t hash;
  size_t keyoff;            /* in smp_run.keys (NUL-terminated); the length is up to the next record's */
  long line;
  uint32_t stratum;         /* index into smp_run.slist */
  uint32_t customer, unit, match;   /* interned ids, 0 = none (empty cell) */
  hf_date date;             /* the contact date for the dedup; after the selection: the conflict date
                            ** of a DEDUP record, the work-list slot of a chosen one */
  int32_t excluded;         /* index of the exclusion that matched, or -1 */
  int32_t forced;           /* index of the force rule that matched, or -1 */
  uint8_t reason;           /* an hf_sample_reason (finish; candidates only) */
  uint8_t chosen;
} smp_rec;

/* One sampling of the policy. */
typedef struct smp_run {
  hf_engine *e;
  hf_policy *p;
  const hf_sampling_spec *spec;
  smp_rec *recs;            /* store: the population, file order (sampling.c appends) */
  size_t n, cap;
  hf_buf keys;              /* store: every record's key, NUL-terminated, in file order */
  smp_intern ids;           /* store: customers, units, previous-period values */
  hf_table *stage;          /* store: private, spilled: one row per record, its `fields` (NULL without fields) */
  size_t *longest;          /* store: per field: the longest text value (the PDF wraps the column past WRAP_BYTES) */
  smp_value *vals;          /* store, finish: nchosen × spec->nfields, read back from the stage */
  hf_buf text;              /* store, finish: the chosen records' field texts, NUL-separated */
  hf_keymap *strata;        /* store: stratum key -> smp_stratum */
  smp_stratum **slist;      /* store: the strata in creation order */
  size_t nslist, slistcap;
  hf_keymap *previous;      /* the previous period's sampled values (a set) */
  hf_dedup *dedup;          /* history contacts, then this run's picks */
  size_t *excluded_by;      /* per exclusion reason */
  long out_of_period, first_out_line;
  EVP_MD_CTX *mdctx;        /* store: reused for every record's hash */
  EVP_MD *md;
  hf_buf scratch;           /* sampling.c's: any function may reset it */
} smp_run;

/* The store's parts of s, empty; s->spec must be set (it sizes the stage). */
void smp_store_init(smp_run *s);
/* Frees the store's parts of s (not s itself). */
void smp_store_free(smp_run *s);

/* The key text of record i and its length (the text is NUL-terminated). */
const char *smp_key_of(const smp_run *s, size_t i, size_t *len);

/* The text of interned id (> 0) and its length. */
const char *smp_intern_text(const smp_intern *in, uint32_t id, size_t *len);

/* sample_hash(seed, key), with one digest context for the whole run. */
uint64_t smp_record_hash(smp_run *s, const char *key, size_t keylen);

/* Appends the text of a cell as strata and sets compare it to out: dates as
** YYYY-MM-DD, else as read; nothing when empty. */
void smp_cell_text(const hf_field_spec *f, const hf_value *v, hf_buf *out);

/* The interned id of the text of rec's cell `field`, 0 when empty. Uses s->scratch. */
uint32_t smp_intern_cell(smp_run *s, const hf_record *rec, size_t field);

/* Appends rec's work-list `fields` as one stage row (nothing without fields)
** and updates s->longest. Uses s->scratch. */
void smp_stage_fields(smp_run *s, const hf_record *rec);

/* The stratum of key (created, empty, when new; its idx is its place in s->slist). */
smp_stratum *smp_stratum_of(smp_run *s, const char *key, size_t len);

/* After the selection: numbers the chosen records (each one's slot is then in
** its date) and reads their fields back from the stage, in file order, into
** s->vals (slot order) and s->text, then frees the stage's file (nothing to
** read without fields or chosen records). HF_ERR_IO when it cannot be read back. */
hf_status smp_load_chosen(smp_run *s, hf_error *err);

#endif
