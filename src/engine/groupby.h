/*
** groupby.h — streaming group-by over records: one accumulator per distinct
** key (the values of the group's `by` fields). Memory grows with the number of
** groups, never with rows. Rows come out sorted by key (byte order), so the
** output never depends on input order or hashing.
*/
#ifndef HF_GROUPBY_H
#define HF_GROUPBY_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"
#include "policy/hooks.h"
#include "policy/policy.h"

typedef struct hf_group_acc {
  char *key;          /* the by-values joined with \x1f: identity and sort key */
  char **by_values;   /* spec->nby strings */
  char **carry;       /* spec->ncarry strings, from the group's first record */
  int64_t checked;
  int64_t qualified;
  int64_t excellent;
} hf_group_acc;

typedef struct hf_grouper hf_grouper;

hf_grouper *grouper_new(const hf_group_spec *spec);
void grouper_free(hf_grouper *g);
void grouper_add(hf_grouper *g, const hf_record *rec, const hf_verdict *v);
/* The accumulators sorted by key; valid until grouper_free. */
hf_group_acc *const *grouper_sorted(hf_grouper *g, size_t *count);

#endif
