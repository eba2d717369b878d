/*
** keymap.c — see keymap.h. Entries live in one array (insertion order until
** sorted); the hash table holds their indexes + 1 (0 = empty).
*/
#include "engine/keymap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

struct hf_keymap {
  hf_keymap_entry *entries;
  size_t n, cap_entries;
  size_t *slots;
  size_t cap;   /* power of two */
  bool sorted;  /* entries reordered: slots must be rebuilt before the next lookup */
};

hf_keymap *keymap_new(void) {
  hf_keymap *m = hf_xcalloc(1, sizeof *m);
  m->cap = 64;
  m->slots = hf_xcalloc(m->cap, sizeof *m->slots);
  return m;
}

void keymap_free(hf_keymap *m, void (*free_value)(void *)) {
  if (!m) return;
  for (size_t i = 0; i < m->n; i++) {
    if (free_value) free_value(m->entries[i].value);
    free(m->entries[i].key);
  }
  free(m->entries);
  free(m->slots);
  free(m);
}

static void rehash(hf_keymap *m, size_t cap) {
  free(m->slots);
  m->cap = cap;
  m->slots = hf_xcalloc(cap, sizeof *m->slots);
  for (size_t i = 0; i < m->n; i++) {
    size_t j = (size_t)keymap_hash(m->entries[i].key, m->entries[i].len) & (cap - 1);
    while (m->slots[j]) j = (j + 1) & (cap - 1);
    m->slots[j] = i + 1;
  }
  m->sorted = false;
}

static size_t *find(const hf_keymap *m, const char *key, size_t len) {
  size_t j = (size_t)keymap_hash(key, len) & (m->cap - 1);
  for (;;) {
    size_t *slot = &m->slots[j];
    if (*slot == 0) return slot;
    const hf_keymap_entry *e = &m->entries[*slot - 1];
    if (e->len == len && memcmp(e->key, key, len) == 0) return slot;
    j = (j + 1) & (m->cap - 1);
  }
}

hf_keymap_entry *keymap_upsert(hf_keymap *m, const char *key, size_t len, bool *created) {
  if (m->sorted) rehash(m, m->cap);
  size_t *slot = find(m, key, len);
  if (*slot) {
    if (created) *created = false;
    return &m->entries[*slot - 1];
  }
  if (m->n == m->cap_entries) {
    m->cap_entries = m->cap_entries ? m->cap_entries * 2 : 16;
    m->entries = hf_xrealloc(m->entries, m->cap_entries * sizeof *m->entries);
  }
  hf_keymap_entry *e = &m->entries[m->n];
  e->key = hf_xstrndup(key, len);
  e->len = len;
  e->value = NULL;
  *slot = ++m->n;
  if (created) *created = true;
  if (m->n * 2 > m->cap) {
    rehash(m, m->cap * 2);
    return &m->entries[m->n - 1];
  }
  return e;
}

void *keymap_get(const hf_keymap *m, const char *key, size_t len) {
  if (m->sorted) rehash((hf_keymap *)m, m->cap);
  size_t *slot = find(m, key, len);
  return *slot ? m->entries[*slot - 1].value : NULL;
}

size_t keymap_count(const hf_keymap *m) { return m->n; }

static int by_key(const void *a, const void *b) {
  const hf_keymap_entry *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->key, y->key, n);
  if (c) return c;
  return (x->len > y->len) - (x->len < y->len);
}

hf_keymap_entry *keymap_sorted(hf_keymap *m, size_t *count) {
  if (m->n) qsort(m->entries, m->n, sizeof *m->entries, by_key);
  m->sorted = true;
  *count = m->n;
  return m->entries;
}
