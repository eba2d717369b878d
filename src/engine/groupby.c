/*
** groupby.c — open-addressing hash of group keys (keymap_hash, FNV-1a) to accumulators.
*/
#include "engine/groupby.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/diag.h"
#include "engine/keymap.h"

struct hf_grouper {
  const hf_group_spec *spec;
  hf_group_acc **slots;   /* hash table, capacity a power of two */
  size_t cap;
  hf_group_acc **accs;    /* insertion order, then sorted */
  size_t n;
  hf_buf key;             /* scratch for the current record's key */
};

hf_grouper *grouper_new(const hf_group_spec *spec) {
  hf_grouper *g = hf_xcalloc(1, sizeof *g);
  g->spec = spec;
  g->cap = 256;
  g->slots = hf_xcalloc(g->cap, sizeof *g->slots);
  buf_init(&g->key);
  return g;
}

void grouper_free(hf_grouper *g) {
  if (!g) return;
  for (size_t i = 0; i < g->n; i++) {
    hf_group_acc *a = g->accs[i];
    for (size_t k = 0; k < g->spec->nby; k++) free(a->by_values[k]);
    for (size_t k = 0; k < g->spec->ncarry; k++) free(a->carry[k]);
    free(a->by_values);
    free(a->carry);
    free(a->key);
    free(a);
  }
  free(g->accs);
  free(g->slots);
  buf_free(&g->key);
  free(g);
}

static void grow(hf_grouper *g) {
  size_t cap = g->cap * 2;
  hf_group_acc **slots = hf_xcalloc(cap, sizeof *slots);
  for (size_t i = 0; i < g->n; i++) {
    hf_group_acc *a = g->accs[i];
    size_t j = keymap_hash(a->key, strlen(a->key)) & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = a;
  }
  free(g->slots);
  g->slots = slots;
  g->cap = cap;
}

static hf_group_acc *lookup(hf_grouper *g, const hf_record *rec) {
  const hf_group_spec *spec = g->spec;
  buf_reset(&g->key);
  for (size_t k = 0; k < spec->nby; k++) {
    const hf_value *val = &rec->values[spec->by[k]];
    if (k) buf_putc(&g->key, '\x1f');
    buf_append(&g->key, val->text, val->len);
  }
  size_t j = keymap_hash(g->key.data, g->key.len) & (g->cap - 1);
  while (g->slots[j]) {
    if (strcmp(g->slots[j]->key, g->key.data) == 0) return g->slots[j];
    j = (j + 1) & (g->cap - 1);
  }
  hf_group_acc *a = hf_xcalloc(1, sizeof *a);
  a->key = hf_xstrndup(g->key.data, g->key.len);
  a->by_values = hf_xcalloc(spec->nby, sizeof *a->by_values);
  for (size_t k = 0; k < spec->nby; k++) {
    const hf_value *val = &rec->values[spec->by[k]];
    a->by_values[k] = hf_xstrndup(val->text, val->len);
  }
  a->carry = hf_xcalloc(spec->ncarry, sizeof *a->carry);
  for (size_t k = 0; k < spec->ncarry; k++) {
    const hf_value *val = &rec->values[spec->carry[k]];
    a->carry[k] = hf_xstrndup(val->text, val->len);
  }
  g->slots[j] = a;
  g->accs = hf_xrealloc(g->accs, (g->n + 1) * sizeof *g->accs);
  g->accs[g->n++] = a;
  if (g->n * 2 > g->cap) grow(g);
  return a;
}

void grouper_add(hf_grouper *g, const hf_record *rec, const hf_verdict *v) {
  hf_group_acc *a = lookup(g, rec);
  a->checked++;
  a->qualified += v->qualified;
  a->excellent += v->excellent;
}

static int by_key(const void *a, const void *b) {
  return strcmp((*(hf_group_acc *const *)a)->key, (*(hf_group_acc *const *)b)->key);
}

hf_group_acc *const *grouper_sorted(hf_grouper *g, size_t *count) {
  qsort(g->accs, g->n, sizeof *g->accs, by_key);
  *count = g->n;
  return g->accs;
}
