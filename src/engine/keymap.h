/*
** keymap.h — a map from byte-string keys to caller values (open addressing,
** FNV-1a), for the engine's group-bys, strata, plans and visits. Keys are
** copied; values are the caller's. Entries come out sorted by key bytes, so no
** output ever depends on input order or hashing.
*/
#ifndef HF_KEYMAP_H
#define HF_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hf_keymap hf_keymap;

/* FNV-1a (64-bit) of len bytes: the hash of keymap and of the engine's other
** key tables (group-by, sampling dedup and interned texts). */
static inline uint64_t keymap_hash(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

typedef struct hf_keymap_entry {
  char *key;      /* NUL-terminated copy (keys may hold \x1f separators) */
  size_t len;
  void *value;
} hf_keymap_entry;

hf_keymap *keymap_new(void);
/* Frees the map and, when free_value is given, every value. */
void keymap_free(hf_keymap *m, void (*free_value)(void *));
/* The entry for key, inserted (value NULL) when absent; *created tells which.
** The pointer is valid until the next insertion. */
hf_keymap_entry *keymap_upsert(hf_keymap *m, const char *key, size_t len, bool *created);
/* The value for key, or NULL. */
void *keymap_get(const hf_keymap *m, const char *key, size_t len);
size_t keymap_count(const hf_keymap *m);
/* All entries sorted by key bytes; valid until the next insertion or free. */
hf_keymap_entry *keymap_sorted(hf_keymap *m, size_t *count);

#endif
