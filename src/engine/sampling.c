/*
** sampling.c — the engine's `sampling` section (block.h): the callback work
** list drawn from a population input by the keyed-hash rank of sample_core.h,
** per stratum, with exclusions, forced records, de-duplication against a
** history of earlier callbacks and no repeat of the previous period's sample.
**
** The block: start, the rows of the population, history and previous-period
** inputs, and finish, which ranks (sampling_order.h), selects stratum by
** stratum and adds the output tables and KPIs. What is kept of each record
** until finish, and how, is sampling_store.h's.
**
** Memory: finish adds 16 bytes a record to the store's 56 (the rank order,
** sorted in place) and selects stratum by stratum in bounded chunks. History
** rows go straight into the de-dup table, previous-period rows into a set.
** Measured with rules/gas.lua: 1,000,000 orders: 86 MB peak RSS (was 316 MB),
** most of it the 56-byte records.
**
** Determinism: records are ranked by sample_hash(seed, key) alone; strata run
** in byte order of their key with one shared dedup, so the outcome does not
** depend on row order (except between records with the same key: warned).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/blocks.h"
#include "engine/filter.h"
#include "engine/keymap.h"
#include "engine/sample_core.h"
#include "engine/sampling_order.h"
#include "engine/sampling_store.h"

#define STRATUM_SEP " / "   /* between the values of a stratum's fields (docs/rules-sampling.md) */
#define DECISIONS_RESIDENT 1000   /* the decisions table (not in the PDF) spills past this many rows */
#define WRAP_BYTES 30             /* work-list text longer than this (10 CJK characters) wraps in the PDF */
#define SELECT_CHUNK 16384        /* candidates handed to sample_select_units at a time */
#define PREFETCH_AHEAD 16         /* records walked in rank order are scattered in memory */

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* The block's state: one run per sampling of the policy. */
typedef struct smp_state {
  smp_run *runs;
  size_t n;
} smp_state;

/* ------------------------------------------------------------ rows */

/* First reason of list whose filter the record passes: its index, or -1. */
static hf_status first_match(hf_policy *p, const hf_reasoned_filter *list, size_t n, const hf_record *rec,
                             int32_t *out, hf_error *err) {
  *out = -1;
  for (size_t k = 0; k < n; k++) {
    bool yes = false;
    hf_status st = filter_match(p, &list[k].where, rec, &yes, err);
    if (st != HF_OK) return st;
    if (yes) {
      *out = (int32_t)k;
      break;
    }
  }
  return HF_OK;
}

static hf_status population_row(void *state, const hf_record *rec, hf_error *err) {
  smp_run *s = state;
  const hf_sampling_spec *sp = s->spec;
  const hf_value *dv = sp->has_date ? &rec->values[sp->date_field] : NULL;
  hf_date day = dv && !dv->empty ? value_day(&rec->input->fields[sp->date_field], dv) : 0;
  /* With --period an undated row is outside it too. */
  if (dv && (dv->empty ? engine_options(s->e)->has_period : engine_outside_period(s->e, day))) {
    if (s->out_of_period++ == 0) s->first_out_line = rec->line;
    return HF_OK;
  }
  bool in = false;
  hf_status st = filter_match(s->p, &sp->where, rec, &in, err);
  if (st != HF_OK || !in) return st;
  if (dv && !dv->empty) engine_note_date(s->e, day);

  if (s->n == UINT32_MAX)
    return hf_fail(err, HF_ERR_DATA, "抽样「%s」：总体超过 %lu 条记录", sp->title, (unsigned long)UINT32_MAX);
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 256;
    s->recs = hf_xrealloc(s->recs, s->cap * sizeof *s->recs);
  }
  smp_rec *r = &s->recs[s->n];
  memset(r, 0, sizeof *r);
  r->line = rec->line;
  if ((st = first_match(s->p, sp->exclude, sp->nexclude, rec, &r->excluded, err)) != HF_OK) return st;
  r->forced = -1;
  if (r->excluded < 0 && (st = first_match(s->p, sp->force, sp->nforce, rec, &r->forced, err)) != HF_OK)
    return st;

  buf_reset(&s->scratch);
  for (size_t k = 0; k < sp->nstrata; k++) {
    if (k) buf_puts(&s->scratch, STRATUM_SEP);
    smp_cell_text(&rec->input->fields[sp->strata[k]], &rec->values[sp->strata[k]], &s->scratch);
  }
  smp_stratum *stratum = smp_stratum_of(s, s->scratch.data ? s->scratch.data : "", s->scratch.len);
  r->stratum = stratum->idx;
  stratum->population++;
  if (r->excluded >= 0) {
    stratum->excluded++;
    s->excluded_by[r->excluded]++;
  }

  const hf_value *key = &rec->values[sp->key_field];
  size_t keylen = key->empty ? 0 : key->len;
  r->keyoff = s->keys.len;
  if (keylen) buf_append(&s->keys, key->text, keylen);
  buf_putc(&s->keys, '\0');
  r->hash = smp_record_hash(s, key->text, keylen);
  if (sp->has_dedup && !rec->values[sp->dedup_date_field].empty) {
    r->customer = smp_intern_cell(s, rec, sp->dedup_field);
    r->date = value_day(&rec->input->fields[sp->dedup_date_field], &rec->values[sp->dedup_date_field]);
  }
  if (sp->has_distinct) r->unit = smp_intern_cell(s, rec, sp->distinct_field);
  if (sp->has_previous) r->match = smp_intern_cell(s, rec, sp->previous_match);
  smp_stage_fields(s, rec);
  s->n++;
  return HF_OK;
}

static hf_status history_row(void *state, const hf_record *rec, hf_error *err) {
  (void)err;
  smp_run *s = state;
  const hf_sampling_spec *sp = s->spec;
  const hf_value *d = &rec->values[sp->history_date_field];
  if (d->empty) return HF_OK;
  buf_reset(&s->scratch);
  smp_cell_text(&rec->input->fields[sp->history_field], &rec->values[sp->history_field], &s->scratch);
  if (s->scratch.len)
    dedup_add(s->dedup, s->scratch.data, s->scratch.len, value_day(&rec->input->fields[sp->history_date_field], d));
  return HF_OK;
}

static hf_status previous_row(void *state, const hf_record *rec, hf_error *err) {
  (void)err;
  smp_run *s = state;
  buf_reset(&s->scratch);
  smp_cell_text(&rec->input->fields[s->spec->previous_field], &rec->values[s->spec->previous_field], &s->scratch);
  if (s->scratch.len) keymap_upsert(s->previous, s->scratch.data, s->scratch.len, NULL)->value = s;  /* a set: any non-NULL */
  return HF_OK;
}

/* ------------------------------------------------------------ finish */

/* Per stratum, beyond smp_stratum: the selection's figures. */
typedef struct smp_tally {
  const char *key;
  size_t keylen;
  smp_stratum *st;
  const hf_quota_spec *rule;
  size_t eligible, forced, quota, ranked, shortfall;
  size_t dedup, previous, same_unit;
} smp_tally;


static hf_quota quota_of(const hf_quota_spec *q) {
  hf_quota out = {0};
  out.kind = q->kind == HF_QUOTA_RULE_RATIO ? HF_QUOTA_RATIO : q->kind == HF_QUOTA_RULE_COUNT ? HF_QUOTA_COUNT
                                                                                            : HF_QUOTA_ALL;
  out.ratio = q->ratio;
  out.count = q->count > 0 ? (size_t)q->count : 0;
  out.min = q->min > 0 ? (size_t)q->min : 0;
  out.has_max = q->max >= 0;
  out.max = q->max >= 0 ? (size_t)q->max : 0;
  return out;
}

static const hf_quota_spec *rule_for(const hf_sampling_spec *sp, const char *key, size_t len) {
  for (size_t i = 0; i < sp->nquotas; i++)
    if (strlen(sp->quotas[i].stratum) == len && memcmp(sp->quotas[i].stratum, key, len) == 0)
      return &sp->quotas[i].quota;
  return &sp->quota;
}

/* "5 条" (with distinct units "5 种"), "30%（向上取整）", "全部", then "，至少 n 条" / "，至多 n 条". */
static const char *rule_text(hf_results *r, const hf_quota_spec *q, bool units) {
  const char *unit = units ? "种" : "条";
  hf_buf b;
  buf_init(&b);
  if (q->kind == HF_QUOTA_RULE_RATIO) buf_printf(&b, "%g%%（向上取整）", q->ratio * 100);
  else if (q->kind == HF_QUOTA_RULE_COUNT) buf_printf(&b, "%ld %s", q->count, unit);
  else buf_puts(&b, "全部");
  if (q->min > 0) buf_printf(&b, "，至少 %ld %s", q->min, unit);
  if (q->max >= 0) buf_printf(&b, "，至多 %ld %s", q->max, unit);
  const char *s = results_str(r, b.data);
  buf_free(&b);
  return s;
}

static const char *stratum_label(const hf_sampling_spec *sp, const char *key) {
  return sp->nstrata == 0 ? "（全部）" : key;
}

/* The column header of the stratum: its fields' headers joined. */
static const char *strata_header(hf_results *r, const hf_sampling_spec *sp, const hf_input_spec *in) {
  if (sp->nstrata == 0) return "分层";
  hf_buf b;
  buf_init(&b);
  for (size_t k = 0; k < sp->nstrata; k++) {
    if (k) buf_puts(&b, STRATUM_SEP);
    buf_puts(&b, in->fields[sp->strata[k]].header);
  }
  const char *s = results_str(r, b.data);
  buf_free(&b);
  return s;
}

static void strata_table(smp_run *s, const smp_tally *tl, size_t nt, const char *sheader) {
  hf_results *r = engine_results(s->e);
  const hf_column cols[] = {
      {"stratum", sheader, HF_FMT_TEXT, false},    {"rule", "配额", HF_FMT_TEXT, false},
      {"population", "总数", HF_FMT_INT, false},   {"excluded", "排除", HF_FMT_INT, false},
      {"eligible", "可抽", HF_FMT_INT, false},     {"forced", "必抽", HF_FMT_INT, false},
      {"quota", "应按序抽", HF_FMT_INT, false},    {"ranked", "按序抽中", HF_FMT_INT, false},
      {"chosen", "抽中合计", HF_FMT_INT, false},   {"shortfall", "缺额", HF_FMT_INT, false},
      {"coverage", "覆盖率", HF_FMT_PERCENT, false},
  };
  const hf_sampling_spec *sp = s->spec;
  hf_buf id;
  buf_init(&id);
  buf_printf(&id, "%s_strata", sp->id);
  hf_table *t = results_add_table(r, id.data, results_printf(r, "%s：各层抽样情况", sp->title), cols,
                                  sizeof cols / sizeof *cols);
  buf_free(&id);
  t->note = "覆盖率 = 抽中合计 / 可抽；应按序抽 = 配额（必抽记录之外）；缺额 = 应按序抽 - 按序抽中";
  for (size_t i = 0; i < nt; i++) {
    const smp_tally *x = &tl[i];
    hf_row_writer w;
    table_row_begin(&w, r, t);
    const char *label = stratum_label(sp, x->key);
    row_str(&w, label, strlen(label));
    const char *rule = rule_text(r, x->rule, sp->has_distinct);
    row_str(&w, rule, strlen(rule));
    row_int(&w, (int64_t)x->st->population);
    row_int(&w, (int64_t)x->st->excluded);
    row_int(&w, (int64_t)x->eligible);
    row_int(&w, (int64_t)x->forced);
    row_int(&w, (int64_t)x->quota);
    row_int(&w, (int64_t)x->ranked);
    row_int(&w, (int64_t)(x->forced + x->ranked));
    row_int(&w, (int64_t)x->shortfall);
    if (x->eligible) row_num(&w, (double)(x->forced + x->ranked) / (double)x->eligible);
    else row_null(&w);
    table_row_end(&w);
  }
}

static void put_value(hf_row_writer *w, const smp_run *s, const smp_value *v) {
  switch (v->kind) {
    case HF_CELL_INT: row_int(w, v->u.i); break;
    case HF_CELL_NUM: row_num(w, v->u.d); break;
    case HF_CELL_STR: row_str(w, s->text.data + v->u.off, v->len); break;
    default: row_null(w); break;
  }
}

static void put_key(hf_row_writer *w, const smp_run *s, size_t ri) {
  size_t len;
  const char *k = smp_key_of(s, ri, &len);
  row_str(w, k, len);
}

/* The work list: stratum order, then rank. */
static void work_table(smp_run *s, const smp_tally *tl, size_t nt, const uint32_t *order, const char *sheader) {
  hf_results *r = engine_results(s->e);
  const hf_sampling_spec *sp = s->spec;
  const hf_input_spec *in = &s->p->inputs[sp->input];
  size_t ncols = 0;
  hf_column *cols = hf_xcalloc(sp->nfields + 5, sizeof *cols);
  if (sp->nstrata) cols[ncols++] = (hf_column){"stratum", sheader, HF_FMT_TEXT, false};
  const hf_field_spec *kf = &in->fields[sp->key_field];
  cols[ncols++] = (hf_column){kf->name, kf->header, HF_FMT_TEXT, false};
  for (size_t k = 0; k < sp->nfields; k++) {
    /* Only long text wraps in the PDF (an address); names and phone numbers keep one line. */
    const hf_field_spec *f = &in->fields[sp->fields[k]];
    cols[ncols++] = (hf_column){f->name, f->header, field_format(f), s->longest[k] > WRAP_BYTES};
  }
  size_t longest_reason = 0;
  for (size_t k = 0; k < sp->nforce; k++)
    if (strlen(sp->force[k].reason) > longest_reason) longest_reason = strlen(sp->force[k].reason);
  cols[ncols++] = (hf_column){"reason", "抽中原因", HF_FMT_TEXT, strlen("必抽：") + longest_reason > WRAP_BYTES};
  cols[ncols++] = (hf_column){"rank", "名次", HF_FMT_INT, false};
  cols[ncols++] = (hf_column){"hash", "哈希值", HF_FMT_TEXT, false};
  hf_table *t = results_add_table(r, sp->id, sp->title, cols, ncols);
  free(cols);
  t->pdf_limit = sp->pdf_limit;
  size_t chosen = 0;
  for (size_t i = 0; i < nt; i++) {
    const char *label = stratum_label(sp, tl[i].key);
    size_t rank = 0;
    for (size_t j = 0; j < tl[i].st->count; j++) {
      if (j + PREFETCH_AHEAD < tl[i].st->count) PREFETCH(&s->recs[order[tl[i].st->first + j + PREFETCH_AHEAD]]);
      size_t ri = order[tl[i].st->first + j];
      const smp_rec *rec = &s->recs[ri];
      if (rec->excluded >= 0) continue;
      rank++;
      if (!rec->chosen) continue;
      chosen++;
      hf_row_writer w;
      table_row_begin(&w, r, t);
      if (sp->nstrata) row_str(&w, label, strlen(label));
      put_key(&w, s, ri);
      for (size_t k = 0; k < sp->nfields; k++) put_value(&w, s, &s->vals[(size_t)rec->date * sp->nfields + k]);
      buf_reset(&s->scratch);
      if (rec->reason == HF_REASON_FORCED) buf_printf(&s->scratch, "必抽：%s", sp->force[rec->forced].reason);
      else buf_puts(&s->scratch, "按序抽中");
      row_str(&w, s->scratch.data, s->scratch.len);
      row_int(&w, (int64_t)rank);
      char hex[17];
      sample_hash_hex(rec->hash, hex);
      row_str(&w, hex, 16);
      table_row_end(&w);
    }
  }
  if (sp->pdf_limit && chosen > sp->pdf_limit)
    t->note = results_printf(r, "共 %zu 条；报告列出前 %zu 条，完整清单见 %s.csv 与 results.json", chosen, sp->pdf_limit,
                             sp->id);
  else
    t->note = results_printf(r, "共 %zu 条；种子「%s」，按分层、再按名次排列", chosen, s->p->seed);
}

static void excluded_table(smp_run *s) {
  static const hf_column cols[] = {
      {"reason", "排除原因", HF_FMT_TEXT, false},
      {"count", "条数", HF_FMT_INT, false},
  };
  hf_results *r = engine_results(s->e);
  const hf_sampling_spec *sp = s->spec;
  if (sp->nexclude == 0) return;
  hf_buf id;
  buf_init(&id);
  buf_printf(&id, "%s_excluded", sp->id);
  hf_table *t = results_add_table(r, id.data, results_printf(r, "%s：不纳入抽样的记录", sp->title), cols, 2);
  buf_free(&id);
  t->note = "一条记录只计入它符合的第一个排除原因";
  for (size_t k = 0; k < sp->nexclude; k++) {
    hf_row_writer w;
    table_row_begin(&w, r, t);
    row_str(&w, sp->exclude[k].reason, strlen(sp->exclude[k].reason));
    row_int(&w, (int64_t)s->excluded_by[k]);
    table_row_end(&w);
  }
}

/* The decision about one record, for people: in s->scratch (the decisions
** table may hold a million rows; they spill, so no arena string per row). */
static const char *decision_text(smp_run *s, const smp_rec *rec) {
  const hf_sampling_spec *sp = s->spec;
  hf_buf *b = &s->scratch;
  char iso[11];
  buf_reset(b);
  if (rec->excluded >= 0) {
    buf_printf(b, "排除：%s", sp->exclude[rec->excluded].reason);
  } else {
    switch ((hf_sample_reason)rec->reason) {
      case HF_REASON_FORCED: buf_printf(b, "必抽：%s", sp->force[rec->forced].reason); break;
      case HF_REASON_RANK: buf_puts(b, "按序抽中"); break;
      case HF_REASON_NOT_REACHED: buf_puts(b, "未抽中：本层名额已满"); break;
      case HF_REASON_PREVIOUS: buf_puts(b, "未抽中：上期已抽过"); break;
      case HF_REASON_SAME_UNIT:
        buf_printf(b, "未抽中：同一%s已抽中", s->p->inputs[sp->input].fields[sp->distinct_field].header);
        break;
      case HF_REASON_DEDUP:
        date_format_iso(rec->date, iso);   /* the conflict date */
        buf_printf(b, "未抽中：该客户 %s 有回访（间隔不足 %ld 天）", iso, sp->dedup_days);
        break;
    }
  }
  return b->data ? b->data : "";
}

static void decisions_table(smp_run *s, const smp_tally *tl, size_t nt, const uint32_t *order, const char *sheader) {
  hf_results *r = engine_results(s->e);
  const hf_sampling_spec *sp = s->spec;
  const hf_field_spec *kf = &s->p->inputs[sp->input].fields[sp->key_field];
  const hf_column cols[] = {
      {"stratum", sheader, HF_FMT_TEXT, false},  {kf->name, kf->header, HF_FMT_TEXT, false},
      {"line", "行号", HF_FMT_INT, false},       {"decision", "判定代码", HF_FMT_TEXT, false},
      {"detail", "判定", HF_FMT_TEXT, true},     {"rank", "名次", HF_FMT_INT, false},
      {"hash", "哈希值", HF_FMT_TEXT, false},     {"chosen", "抽中", HF_FMT_BOOL, false},
  };
  hf_buf id;
  buf_init(&id);
  buf_printf(&id, "%s_decisions", sp->id);
  hf_table *t = results_add_table(r, id.data, results_printf(r, "%s：每条记录的抽样判定", sp->title), cols,
                                  sizeof cols / sizeof *cols);
  buf_free(&id);
  t->no_pdf = true;
  t->note = results_printf(r, "哈希值 = SHA-256(种子 + \\0 + %s) 的前 8 字节；层内按哈希值从小到大排名", kf->header);
  table_spill_after(t, DECISIONS_RESIDENT);
  for (size_t i = 0; i < nt; i++) {
    const char *label = stratum_label(sp, tl[i].key);
    size_t labellen = strlen(label), rank = 0;
    const uint32_t *ord = order + tl[i].st->first;
    size_t count = tl[i].st->count;
    for (size_t j = 0; j < count; j++) {
      if (j + PREFETCH_AHEAD < count) PREFETCH(&s->recs[ord[j + PREFETCH_AHEAD]]);
      if (j + PREFETCH_AHEAD / 2 < count) PREFETCH(s->keys.data + s->recs[ord[j + PREFETCH_AHEAD / 2]].keyoff);
      size_t ri = ord[j];
      const smp_rec *rec = &s->recs[ri];
      bool candidate = rec->excluded < 0;
      hf_row_writer w;
      table_row_begin(&w, r, t);
      row_str(&w, label, labellen);
      put_key(&w, s, ri);
      row_int(&w, rec->line);
      const char *code = candidate ? sample_reason_name((hf_sample_reason)rec->reason) : "excluded";
      row_str(&w, code, strlen(code));
      const char *detail = decision_text(s, rec);
      row_str(&w, detail, s->scratch.len);
      if (candidate) row_int(&w, (int64_t)++rank);
      else row_null(&w);
      char hex[17];
      sample_hash_hex(rec->hash, hex);
      row_str(&w, hex, 16);
      row_bool(&w, candidate && rec->chosen);
      table_row_end(&w);
    }
  }
}

/* Records sharing a key are told apart only by file order: say so. */
static void warn_duplicate_keys(smp_run *s, const smp_sortkey *sk) {
  size_t dups = 0, first = 0;
  for (size_t i = 1; i < s->n; i++) {
    if (sk[i - 1].hi != sk[i].hi || sk[i - 1].lo != sk[i].lo) continue;
    size_t alen, blen;
    const char *ak = smp_key_of(s, sk[i - 1].index, &alen), *bk = smp_key_of(s, sk[i].index, &blen);
    if (alen == blen && (alen == 0 || memcmp(ak, bk, alen) == 0)) {
      if (dups++ == 0) first = i;
    }
  }
  if (!dups) return;
  const smp_rec *a = &s->recs[sk[first - 1].index], *b = &s->recs[sk[first].index];
  size_t alen;
  const char *ak = smp_key_of(s, sk[first - 1].index, &alen);
  const hf_sampling_spec *sp = s->spec;
  results_warn(engine_results(s->e),
               "抽样「%s」：key「%s」有 %zu 处重复（如「%s」，第 %ld 行与第 %ld 行）；重复的记录排名相同，"
               "先后按行号决定，打乱行序会改变结果：请选一个唯一的字段作 key",
               sp->title, s->p->inputs[sp->input].fields[sp->key_field].header, dups, alen ? ak : "", a->line,
               b->line);
}

/* Selects within stratum x (its records at order[first..first+count), rank order),
** SELECT_CHUNK candidates at a time: sample_select_units over consecutive
** chunks of one stratum, with the quota left, is the same walk as over the
** whole stratum, because every forced contact and unit is recorded up front. */
static void select_stratum(smp_run *s, smp_tally *x, const uint32_t *order, hf_dedup *units,
                           hf_sample_candidate *cands, hf_sample_outcome *outs, uint32_t *which) {
  const hf_sampling_spec *sp = s->spec;
  for (size_t j = 0; j < x->st->count; j++) {
    if (j + PREFETCH_AHEAD < x->st->count) PREFETCH(&s->recs[order[x->st->first + j + PREFETCH_AHEAD]]);
    const smp_rec *rec = &s->recs[order[x->st->first + j]];
    if (rec->excluded >= 0) continue;
    x->eligible++;
    x->forced += rec->forced >= 0;
  }
  hf_quota q = quota_of(x->rule);
  x->quota = sample_quota(&q, x->eligible - x->forced);
  size_t j = 0;
  while (j < x->st->count) {
    size_t m = 0;
    for (; j < x->st->count && m < SELECT_CHUNK; j++) {
      if (j + PREFETCH_AHEAD < x->st->count) PREFETCH(&s->recs[order[x->st->first + j + PREFETCH_AHEAD]]);
      uint32_t ri = order[x->st->first + j];
      const smp_rec *rec = &s->recs[ri];
      if (rec->excluded >= 0) continue;
      hf_sample_candidate *c = &cands[m];
      memset(c, 0, sizeof *c);
      c->hash = rec->hash;
      size_t keylen;
      const char *key = smp_key_of(s, ri, &keylen);
      c->key = keylen ? key : NULL;
      c->keylen = keylen;
      c->index = ri;
      c->forced = rec->forced >= 0;
      if (rec->match) {
        size_t len;
        const char *t = smp_intern_text(&s->ids, rec->match, &len);
        c->excluded_previous = keymap_get(s->previous, t, len) != NULL;
      }
      if (rec->customer) {
        c->customer = smp_intern_text(&s->ids, rec->customer, &c->customerlen);
        c->date = rec->date;
      }
      if (rec->unit) c->unit = smp_intern_text(&s->ids, rec->unit, &c->unitlen);
      which[m++] = ri;
    }
    if (m == 0) break;
    hf_sample_tally tally;
    sample_select_units(cands, m, x->quota - x->ranked, s->dedup, (int32_t)sp->dedup_days, units, outs, &tally);
    x->ranked += tally.ranked;
    for (size_t k = 0; k < m; k++) {
      smp_rec *rec = &s->recs[which[k]];
      rec->chosen = outs[k].chosen;
      rec->reason = (uint8_t)outs[k].reason;
      if (outs[k].reason == HF_REASON_DEDUP) rec->date = outs[k].conflict_date;
      x->dedup += outs[k].reason == HF_REASON_DEDUP;
      x->previous += outs[k].reason == HF_REASON_PREVIOUS;
      x->same_unit += outs[k].reason == HF_REASON_SAME_UNIT;
    }
  }
  x->shortfall = x->quota - x->ranked;
}

static hf_status finish_run(smp_run *s, hf_error *err) {
  hf_results *r = engine_results(s->e);
  const hf_sampling_spec *sp = s->spec;
  const hf_input_spec *in = &s->p->inputs[sp->input];
  if (s->out_of_period)  /* only with --period: the results' period is it */
    results_warn(r, "抽样「%s」：%s 有 %ld 行的日期不在统计期 %s 至 %s 内（或为空），不在抽样总体中（第一处在第 %ld 行）",
                 sp->title, engine_input_path(s->e, sp->input), s->out_of_period, r->period_from, r->period_to,
                 s->first_out_line);

  /* All records in rank order; then a stable bucket pass by stratum keeps rank order within each. */
  smp_sortkey *sk = hf_xmalloc((s->n ? s->n : 1) * sizeof *sk);
  for (size_t i = 0; i < s->n; i++)
    sk[i] = (smp_sortkey){(uint32_t)(s->recs[i].hash >> 32), (uint32_t)s->recs[i].hash, (uint32_t)i};
  smp_sort_rank_order(s, sk, s->n);
  warn_duplicate_keys(s, sk);

  size_t nt = 0;
  hf_keymap_entry *ents = keymap_sorted(s->strata, &nt);
  smp_tally *tl = hf_xcalloc(nt ? nt : 1, sizeof *tl);
  size_t pos = 0;
  for (size_t i = 0; i < nt; i++) {
    smp_stratum *st = ents[i].value;
    st->order = i;
    st->first = pos;
    pos += st->population;
    tl[i] = (smp_tally){.key = ents[i].key, .keylen = ents[i].len, .st = st};
    tl[i].rule = rule_for(sp, ents[i].key, ents[i].len);
  }
  uint32_t *order = hf_xmalloc((s->n ? s->n : 1) * sizeof *order);
  for (size_t i = 0; i < s->n; i++) {
    if (i + PREFETCH_AHEAD < s->n) PREFETCH(&s->recs[sk[i + PREFETCH_AHEAD].index]);
    smp_stratum *st = s->slist[s->recs[sk[i].index].stratum];
    order[st->first + st->count++] = sk[i].index;
  }
  free(sk);

  /* Select, stratum by stratum, with one dedup and one unit set for the run. */
  hf_sample_candidate *cands = hf_xmalloc(SELECT_CHUNK * sizeof *cands);
  hf_sample_outcome *outs = hf_xmalloc(SELECT_CHUNK * sizeof *outs);
  uint32_t *which = hf_xmalloc(SELECT_CHUNK * sizeof *which);
  hf_dedup *units = sp->has_distinct ? dedup_new() : NULL;
  /* Forced records of every stratum are contacts before any pick by rank is
  ** judged (sample_select_units records them again: a no-op), so no pick by
  ** rank falls within the window of any forced contact, in any stratum. */
  for (size_t i = 0; i < s->n; i++) {
    const smp_rec *rec = &s->recs[i];
    if (rec->excluded >= 0 || rec->forced < 0) continue;
    size_t len;
    const char *t;
    if (s->dedup && rec->customer) {
      t = smp_intern_text(&s->ids, rec->customer, &len);
      dedup_add(s->dedup, t, len, rec->date);
    }
    if (units && rec->unit) {
      t = smp_intern_text(&s->ids, rec->unit, &len);
      dedup_add(units, t, len, 0);
    }
  }
  size_t total_forced = 0, total_ranked = 0, short_strata = 0;
  for (size_t i = 0; i < nt; i++) {
    smp_tally *x = &tl[i];
    select_stratum(s, x, order, units, cands, outs, which);
    total_forced += x->forced;
    total_ranked += x->ranked;
    if (x->shortfall) {
      short_strata++;
      hf_buf why;
      buf_init(&why);
      buf_printf(&why, "可抽 %zu 条，其中必抽 %zu 条", x->eligible, x->forced);
      if (sp->has_previous) buf_printf(&why, "、上期已抽 %zu 条", x->previous);
      if (sp->has_dedup) buf_printf(&why, "、近期已回访 %zu 条", x->dedup);
      if (sp->has_distinct) buf_printf(&why, "、同一%s已抽 %zu 条", in->fields[sp->distinct_field].header, x->same_unit);
      results_warn(r, "抽样「%s」：分层「%s」应按序抽 %zu 条，只抽到 %zu 条（%s）", sp->title,
                   stratum_label(sp, x->key), x->quota, x->ranked, why.data);
      buf_free(&why);
    }
  }
  dedup_free(units);
  free(cands);
  free(outs);
  free(which);
  for (size_t i = 0; i < sp->nquotas; i++) {
    smp_stratum *st = keymap_get(s->strata, sp->quotas[i].stratum, strlen(sp->quotas[i].stratum));
    if (!st || st->population == 0)
      results_warn(r, "抽样「%s」：quotas 中的分层「%s」在数据中没有记录（名称是否写错？）", sp->title,
                   sp->quotas[i].stratum);
  }

  hf_status rc = smp_load_chosen(s, err);
  if (rc != HF_OK) {
    free(order);
    free(tl);
    return rc;
  }
  const char *sheader = strata_header(r, sp, in);
  strata_table(s, tl, nt, sheader);
  work_table(s, tl, nt, order, sheader);
  excluded_table(s);
  decisions_table(s, tl, nt, order, sheader);

  hf_kpi *k = results_add_kpi(r, results_printf(r, "%s_chosen", sp->id), results_printf(r, "%s：抽中", sp->title),
                              (double)(total_forced + total_ranked), HF_FMT_INT);
  k->detail = results_printf(r, "必抽 %zu 条，按序抽中 %zu 条", total_forced, total_ranked);
  k = results_add_kpi(r, results_printf(r, "%s_short_strata", sp->id), results_printf(r, "%s：缺额分层", sp->title),
                      (double)short_strata, HF_FMT_INT);
  /* No target: the renderers read a target as "at least", and here 0 is the goal. */
  k->detail = results_printf(r, "%zu 个分层中 %zu 个未抽满", nt, short_strata);
  free(order);
  free(tl);
  return HF_OK;
}

/* ------------------------------------------------------------ block */

static void release(void *state) {
  smp_state *st = state;
  if (!st) return;
  for (size_t i = 0; i < st->n; i++) {
    smp_run *s = &st->runs[i];
    smp_store_free(s);
    buf_free(&s->scratch);
    keymap_free(s->previous, NULL);
    dedup_free(s->dedup);
    free(s->excluded_by);
  }
  free(st->runs);
  free(st);
}

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (p->nsamplings == 0) return HF_OK;
  if (!p->seed || !*p->seed)
    return hf_fail(err, HF_ERR_DATA,
                   "%s：规则有 sampling（抽样），但没有%s种子：在规则里写 seed = \"2026-10\"，或运行时加 --seed 文本"
                   "（种子记录在 results.json 中，同样的数据和种子得到同样的样本）",
                   p->rule_file, p->seed ? "非空的" : "");
  engine_results(e)->seed = results_str(engine_results(e), p->seed);
  smp_state *st = hf_xcalloc(1, sizeof *st);
  st->runs = hf_xcalloc(p->nsamplings, sizeof *st->runs);
  st->n = p->nsamplings;
  for (size_t i = 0; i < p->nsamplings; i++) {
    smp_run *s = &st->runs[i];
    const hf_sampling_spec *sp = &p->samplings[i];
    s->e = e;
    s->p = p;
    s->spec = sp;
    smp_store_init(s);
    buf_init(&s->scratch);
    s->previous = keymap_new();
    s->dedup = sp->has_dedup ? dedup_new() : NULL;
    s->excluded_by = hf_xcalloc(sp->nexclude ? sp->nexclude : 1, sizeof *s->excluded_by);
    /* Strata the quotas name are listed even when the data has none: a typo shows as an empty stratum. */
    for (size_t q = 0; q < sp->nquotas; q++) smp_stratum_of(s, sp->quotas[q].stratum, strlen(sp->quotas[q].stratum));
    engine_subscribe(e, sp->input, population_row, s);
    if (sp->has_history) engine_subscribe(e, sp->history_input, history_row, s);
    if (sp->has_previous) engine_subscribe(e, sp->previous_input, previous_row, s);
  }
  *state = st;
  return HF_OK;
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  (void)e;
  smp_state *st = state;
  for (size_t i = 0; i < st->n; i++) {
    hf_status rc = finish_run(&st->runs[i], err);
    if (rc != HF_OK) return rc;
  }
  return HF_OK;
}

const hf_block sampling_block = {"sampling", start, finish, release};
