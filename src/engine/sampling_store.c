/*
** sampling_store.c — the per-record store of a sampling (sampling_store.h):
** records' keys, interned texts, the strata and the spilled work-list fields.
*/
#include <stdlib.h>
#include <string.h>

#include "engine/sampling_store.h"

/* ------------------------------------------------------------ keys and interned texts */

const char *smp_key_of(const smp_run *s, size_t i, size_t *len) {
  size_t end = i + 1 < s->n ? s->recs[i + 1].keyoff : s->keys.len;
  *len = end - s->recs[i].keyoff - 1;
  return s->keys.data + s->recs[i].keyoff;
}

static void intern_init(smp_intern *in) {
  memset(in, 0, sizeof *in);
  in->cap = 256;
  in->slots = hf_xcalloc(in->cap, sizeof *in->slots);
  buf_init(&in->text);
}

static void intern_free(smp_intern *in) {
  free(in->slots);
  free(in->ids);
  buf_free(&in->text);
}

const char *smp_intern_text(const smp_intern *in, uint32_t id, size_t *len) {
  const smp_interned *x = &in->ids[id - 1];
  *len = x->len;
  return in->text.data + x->off;
}

/* The id of text t (len > 0), added when new. */
static uint32_t intern_id(smp_intern *in, const char *t, size_t len) {
  uint32_t h = (uint32_t)keymap_hash(t, len);   /* its low bits pick the slot */
  size_t mask = in->cap - 1, j = h & mask;
  for (;;) {
    uint32_t id = in->slots[j];
    if (!id) break;
    const smp_interned *x = &in->ids[id - 1];
    if (x->h == h && x->len == len && memcmp(in->text.data + x->off, t, len) == 0) return id;
    j = (j + 1) & mask;
  }
  if (in->n == in->idcap) {
    in->idcap = in->idcap ? 2 * in->idcap : 256;
    in->ids = hf_xrealloc(in->ids, in->idcap * sizeof *in->ids);
  }
  in->ids[in->n] = (smp_interned){in->text.len, (uint32_t)len, h};   /* a cell is far below 4 GiB */
  buf_append(&in->text, t, len);
  buf_putc(&in->text, '\0');
  uint32_t id = (uint32_t)++in->n;
  in->slots[j] = id;
  if (2 * in->n > in->cap) {
    size_t cap = 2 * in->cap;
    uint32_t *slots = hf_xcalloc(cap, sizeof *slots);
    for (size_t k = 0; k < in->n; k++) {
      size_t p = in->ids[k].h & (cap - 1);
      while (slots[p]) p = (p + 1) & (cap - 1);
      slots[p] = (uint32_t)(k + 1);
    }
    free(in->slots);
    in->slots = slots;
    in->cap = cap;
  }
  return id;
}

/* ------------------------------------------------------------ record hashes and cells */

uint64_t smp_record_hash(smp_run *s, const char *key, size_t keylen) {
  const char *seed = s->p->seed;
  size_t seedlen = strlen(seed);
  if (!s->mdctx) {
    s->mdctx = EVP_MD_CTX_new();
    s->md = EVP_MD_fetch(NULL, "SHA256", NULL);
  }
  uint64_t h;
  if (s->mdctx && s->md && sample_hash_with(s->mdctx, s->md, seed, seedlen, key, keylen, &h)) return h;
  return sample_hash(seed, seedlen, key, keylen);   /* aborts there if OpenSSL has no memory */
}

void smp_cell_text(const hf_field_spec *f, const hf_value *v, hf_buf *out) {
  if (v->empty) return;
  if (f->type == HF_T_DATE) {
    char iso[11];
    date_format_iso(v->v.date, iso);
    buf_append(out, iso, 10);
  } else {
    buf_append(out, v->text, v->len);
  }
}

uint32_t smp_intern_cell(smp_run *s, const hf_record *rec, size_t field) {
  buf_reset(&s->scratch);
  smp_cell_text(&rec->input->fields[field], &rec->values[field], &s->scratch);
  return s->scratch.len ? intern_id(&s->ids, s->scratch.data, s->scratch.len) : 0;
}

/* Field k of the work list, into the stage row. */
static void stage_value(smp_run *s, hf_row_writer *w, size_t k, const hf_field_spec *f, const hf_value *v) {
  if (v->empty) {
    row_null(w);
  } else if (f->type == HF_T_INT) {
    row_int(w, v->v.i);
  } else if (f->type == HF_T_NUMBER) {
    row_num(w, v->v.num);
  } else {
    buf_reset(&s->scratch);
    smp_cell_text(f, v, &s->scratch);
    if (s->scratch.len > s->longest[k]) s->longest[k] = s->scratch.len;
    row_str(w, s->scratch.data ? s->scratch.data : "", s->scratch.len);
  }
}

void smp_stage_fields(smp_run *s, const hf_record *rec) {
  const hf_sampling_spec *sp = s->spec;
  if (!s->stage) return;
  hf_row_writer w;
  table_row_begin(&w, engine_results(s->e), s->stage);
  for (size_t k = 0; k < sp->nfields; k++)
    stage_value(s, &w, k, &rec->input->fields[sp->fields[k]], &rec->values[sp->fields[k]]);
  table_row_end(&w);
}

/* ------------------------------------------------------------ strata */

smp_stratum *smp_stratum_of(smp_run *s, const char *key, size_t len) {
  bool created = false;
  hf_keymap_entry *e = keymap_upsert(s->strata, key, len, &created);
  if (created) {
    smp_stratum *st = hf_xcalloc(1, sizeof(smp_stratum));
    if (s->nslist == s->slistcap) {
      s->slistcap = s->slistcap ? 2 * s->slistcap : 16;
      s->slist = hf_xrealloc(s->slist, s->slistcap * sizeof *s->slist);
    }
    st->idx = (uint32_t)s->nslist;
    s->slist[s->nslist++] = st;
    e->value = st;
  }
  return e->value;
}

/* ------------------------------------------------------------ the chosen records' fields */

/* A chosen record's slot is in its date. */
hf_status smp_load_chosen(smp_run *s, hf_error *err) {
  const hf_sampling_spec *sp = s->spec;
  size_t nchosen = 0;
  for (size_t i = 0; i < s->n; i++) {
    smp_rec *rec = &s->recs[i];
    if (rec->excluded < 0 && rec->chosen) rec->date = (hf_date)nchosen++;
  }
  if (!s->stage || nchosen == 0) return HF_OK;
  s->vals = hf_xcalloc(nchosen * sp->nfields, sizeof *s->vals);
  hf_row_cursor cur;
  table_cursor_open(&cur, s->stage);
  const hf_cell *row;
  size_t i = 0;
  while (i < s->n && (row = table_cursor_next(&cur))) {
    const smp_rec *rec = &s->recs[i++];
    if (rec->excluded >= 0 || !rec->chosen) continue;
    smp_value *v = &s->vals[(size_t)rec->date * sp->nfields];
    for (size_t k = 0; k < sp->nfields; k++) {
      const hf_cell *c = &row[k];
      v[k].kind = (uint8_t)c->kind;
      if (c->kind == HF_CELL_INT) {
        v[k].u.i = c->u.i;
      } else if (c->kind == HF_CELL_NUM) {
        v[k].u.d = c->u.d;
      } else if (c->kind == HF_CELL_STR) {
        size_t len = strlen(c->u.s);
        v[k].u.off = s->text.len;
        v[k].len = (uint32_t)len;
        buf_append(&s->text, c->u.s, len);
        buf_putc(&s->text, '\0');
      } else {
        v[k].kind = HF_CELL_NULL;
      }
    }
  }
  bool ok = table_cursor_close(&cur) && i == s->n;
  table_spill_free(s->stage);   /* read once: its file is no longer needed */
  if (!ok) return hf_fail(err, HF_ERR_IO, "抽样「%s」：无法读回临时文件（磁盘已满或读写错误？）", sp->title);
  return HF_OK;
}

/* ------------------------------------------------------------ lifetime */

void smp_store_init(smp_run *s) {
  const hf_sampling_spec *sp = s->spec;
  buf_init(&s->keys);
  intern_init(&s->ids);
  buf_init(&s->text);
  s->longest = hf_xcalloc(sp->nfields ? sp->nfields : 1, sizeof *s->longest);
  if (sp->nfields) s->stage = table_new_stage(sp->nfields);
  s->strata = keymap_new();
}

void smp_store_free(smp_run *s) {
  free(s->recs);
  buf_free(&s->keys);
  intern_free(&s->ids);
  table_free(s->stage);
  free(s->longest);
  free(s->vals);
  buf_free(&s->text);
  keymap_free(s->strata, free);
  free(s->slist);
  EVP_MD_CTX_free(s->mdctx);
  EVP_MD_free(s->md);
}
