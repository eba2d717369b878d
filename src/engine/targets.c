/*
** targets.c — the rule's `targets` (policy_blocks.h hf_target_spec): each
** metric against its bound, met or not, with the gap. Runs last of the blocks
** (evaluate.c), so a target may judge any KPI the other sections produced.
** Output: one KPI per target (a `kpi` target sets the target on the existing
** KPI instead), the table `targets` (指标, 实际, 目标, 达标, 差距) and, for a
** per-group target, `<id>_short`: the groups below the count.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/blocks.h"
#include "engine/filter.h"
#include "engine/keymap.h"

typedef struct target_run {
  const hf_target_spec *spec;
  hf_engine *e;
  int64_t num, den;    /* RATIO: passing of+where / passing of; COUNT: num */
  hf_keymap *groups;   /* PER_GROUP: key -> (count << 1 | in universe), stored in the pointer */
  int64_t outside;     /* PER_GROUP with a universe: rows whose key is not in it */
  hf_buf key;
} target_run;

typedef struct targets_state {
  target_run *runs;
  size_t n;
} targets_state;

static void key_text(const hf_record *rec, size_t field, hf_buf *out) {
  buf_reset(out);
  const hf_value *v = &rec->values[field];
  if (rec->input->fields[field].type == HF_T_DATE && !v->empty) {
    char iso[11];
    date_format_iso(v->v.date, iso);
    buf_append(out, iso, 10);
  } else if (!v->empty) {
    buf_append(out, v->text, v->len);
  }
}

static hf_status on_row(void *state, const hf_record *rec, hf_error *err) {
  target_run *t = state;
  const hf_target_spec *sp = t->spec;
  hf_policy *p = engine_policy(t->e);
  bool ok = true;
  hf_status st;
  if (sp->has_date) {
    hf_date d = value_day(&rec->input->fields[sp->date_field], &rec->values[sp->date_field]);
    if (engine_outside_period(t->e, d)) return HF_OK;
    engine_note_date(t->e, d);
  }
  if (sp->kind == HF_TARGET_RATIO) {
    if ((st = filter_match(p, &sp->of, rec, &ok, err)) != HF_OK || !ok) return st;
    t->den++;
  }
  if ((st = filter_match(p, &sp->where, rec, &ok, err)) != HF_OK || !ok) return st;
  if (sp->kind != HF_TARGET_PER_GROUP) {
    t->num++;
    return HF_OK;
  }
  key_text(rec, sp->by_field, &t->key);
  if (t->key.len == 0) return HF_OK;  /* a row without a group key belongs to no group */
  hf_keymap_entry *en = keymap_upsert(t->groups, t->key.data, t->key.len, NULL);
  en->value = (void *)((uintptr_t)en->value + 2);
  return HF_OK;
}

static int64_t group_count(const hf_keymap_entry *en) { return (int64_t)((uintptr_t)en->value >> 1); }
static bool group_in_universe(const hf_keymap_entry *en) { return ((uintptr_t)en->value & 1) != 0; }

/* Rows of the universe input: every key is a group, even with no rows. */
static hf_status on_universe(void *state, const hf_record *rec, hf_error *err) {
  target_run *t = state;
  bool ok;
  hf_status st = filter_match(engine_policy(t->e), &t->spec->universe_where, rec, &ok, err);
  if (st != HF_OK || !ok) return st;
  key_text(rec, t->spec->universe_field, &t->key);
  if (!t->key.len) return HF_OK;
  hf_keymap_entry *en = keymap_upsert(t->groups, t->key.data, t->key.len, NULL);
  en->value = (void *)((uintptr_t)en->value | 1);
  return HF_OK;
}

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  (void)err;
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (!p->ntargets) return HF_OK;
  targets_state *ts = hf_xcalloc(1, sizeof *ts);
  ts->runs = hf_xcalloc(p->ntargets, sizeof *ts->runs);
  ts->n = p->ntargets;
  *state = ts;
  for (size_t i = 0; i < p->ntargets; i++) {
    target_run *t = &ts->runs[i];
    t->spec = &p->targets[i];
    t->e = e;
    buf_init(&t->key);
    if (t->spec->kind == HF_TARGET_KPI) continue;
    if (t->spec->kind == HF_TARGET_PER_GROUP) t->groups = keymap_new();
    engine_subscribe(e, t->spec->input, on_row, t);
    if (t->spec->has_universe) engine_subscribe(e, t->spec->universe_input, on_universe, t);
  }
  return HF_OK;
}

/* A value as people read it, in the KPI's format. */
static void show(double x, hf_format f, char *out, size_t cap) {
  if (f == HF_FMT_PERCENT) snprintf(out, cap, "%.1f%%", x * 100);
  else if (f == HF_FMT_INT) snprintf(out, cap, "%.0f", x);
  else snprintf(out, cap, "%.2f", x);
}

/* The gap to the bound, signed so that + is on the good side: "+2.5 个百分点". */
static void gap_text(double value, double bound, bool at_least, hf_format f, char *out, size_t cap) {
  double gap = at_least ? value - bound : bound - value;
  const char *sign = gap >= 0 ? "+" : "-";  /* ASCII: CJK fonts often lack U+2212 */
  double mag = fabs(gap);
  if (f == HF_FMT_PERCENT) snprintf(out, cap, "%s%.1f 个百分点", sign, mag * 100);
  else if (f == HF_FMT_INT) snprintf(out, cap, "%s%.0f", sign, mag);
  else snprintf(out, cap, "%s%.2f", sign, mag);
}

static void short_groups_table(hf_results *r, target_run *t, hf_keymap_entry *en, size_t n) {
  const hf_target_spec *sp = t->spec;
  const hf_input_spec *in = &engine_policy(t->e)->inputs[sp->input];
  hf_column cols[] = {{in->fields[sp->by_field].name, in->fields[sp->by_field].header, HF_FMT_TEXT, false},
                      {"count", "行数", HF_FMT_INT, false}};
  char id[256], title[512];
  snprintf(id, sizeof id, "%s_short", sp->id);
  snprintf(title, sizeof title, "%s：未达 %ld 的%s", sp->label, sp->per_at_least, in->fields[sp->by_field].header);
  hf_table *tb = results_add_table(r, id, title, cols, 2);
  for (size_t g = 0; g < n; g++) {
    int64_t count = group_count(&en[g]);
    if (count >= sp->per_at_least || (sp->has_universe && !group_in_universe(&en[g]))) continue;
    hf_cell *row = table_add_row(tb);
    cell_str(r, &row[0], en[g].key);
    cell_int(&row[1], count);
  }
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  targets_state *ts = state;
  hf_results *r = engine_results(e);
  hf_policy *p = engine_policy(e);
  static const hf_column cols[] = {{"id", "编号", HF_FMT_TEXT, false},   {"label", "指标", HF_FMT_TEXT, false},
                                   {"actual", "实际", HF_FMT_TEXT, false}, {"target", "目标", HF_FMT_TEXT, false},
                                   {"met", "达标", HF_FMT_BOOL, false},    {"gap", "差距", HF_FMT_TEXT, false},
                                   {"detail", "说明", HF_FMT_TEXT, true}};
  hf_table *table = results_add_table(r, "targets", "考核指标", cols, sizeof cols / sizeof *cols);
  for (size_t i = 0; i < ts->n; i++) {
    target_run *t = &ts->runs[i];
    const hf_target_spec *sp = t->spec;
    hf_kpi *k;
    if (sp->kind == HF_TARGET_KPI) {
      k = results_kpi(r, sp->kpi);
      if (!k)
        return hf_fail(err, HF_ERR_DATA, "%s: targets 中的「%s」引用的指标 %s 不存在（本次运行产生的指标：%zu 个，见 results.json 的 kpis）",
                       p->rule_file, sp->id, sp->kpi, r->nkpis);
    } else {
      double value = 0;
      hf_format f = HF_FMT_PERCENT;
      const char *detail = NULL;
      if (sp->kind == HF_TARGET_RATIO) {
        value = t->den ? (double)t->num / (double)t->den : 0;
        detail = results_printf(r, "%lld / %lld 条", (long long)t->num, (long long)t->den);
      } else if (sp->kind == HF_TARGET_COUNT) {
        value = (double)t->num;
        f = HF_FMT_INT;
      } else {
        size_t n, met = 0, groups = 0;
        int64_t outside = 0;
        hf_keymap_entry *en = keymap_sorted(t->groups, &n);
        for (size_t g = 0; g < n; g++) {
          if (sp->has_universe && !group_in_universe(&en[g])) {
            outside += group_count(&en[g]);
            continue;
          }
          groups++;
          met += group_count(&en[g]) >= sp->per_at_least;
        }
        value = groups ? (double)met / (double)groups : 0;
        detail = results_printf(r, "%zu / %zu 组达到 %ld 条", met, groups, sp->per_at_least);
        if (outside)
          results_warn(r, "%s：指标「%s」有 %lld 行的%s不在 %s 的清单中，未计入任何组", engine_input_path(e, sp->input),
                       sp->label, (long long)outside, p->inputs[sp->input].fields[sp->by_field].header,
                       engine_input_path(e, sp->universe_input));
        short_groups_table(r, t, en, n);
      }
      k = results_add_kpi(r, sp->id, sp->label, value, f);
      k->detail = detail;
    }
    k->has_target = true;
    k->target = sp->bound;
    k->met = sp->at_least ? k->value >= sp->bound : k->value <= sp->bound;
    char actual[64], bound[64], gap[64];
    show(k->value, k->format, actual, sizeof actual);
    show(sp->bound, k->format, bound, sizeof bound);
    gap_text(k->value, sp->bound, sp->at_least, k->format, gap, sizeof gap);
    hf_cell *row = table_add_row(table);
    cell_str(r, &row[0], sp->id);
    cell_str(r, &row[1], sp->label);
    cell_str(r, &row[2], actual);
    row[3].kind = HF_CELL_STR;
    row[3].u.s = results_printf(r, "%s %s", sp->at_least ? "≥" : "≤", bound);
    cell_bool(&row[4], k->met);
    cell_str(r, &row[5], gap);
    if (k->detail) cell_str(r, &row[6], k->detail);
  }
  return HF_OK;
}

static void release(void *state) {
  targets_state *ts = state;
  for (size_t i = 0; i < ts->n; i++) {
    keymap_free(ts->runs[i].groups, NULL);
    buf_free(&ts->runs[i].key);
  }
  free(ts->runs);
  free(ts);
}

const hf_block targets_block = {"targets", start, finish, release};
