/*
** tables.c — the rule's `tables` (policy_blocks.h hf_table_spec): group-by
** aggregates and record lists over any input.
**
** Aggregates: one accumulator per distinct key (the `by` values' text, dates
** normalised to YYYY-MM-DD, joined by \x1f), rows sorted by key bytes, plus an
** optional 合计 row over every row of the population. Memory grows with groups.
** Lists: the fields of each passing record, in file order, written while the
** input streams through the results row writer (rows past pdf_limit spill to
** disk, as the unqualified list does).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/blocks.h"
#include "engine/filter.h"
#include "engine/keymap.h"

typedef struct col_acc {
  int64_t count;   /* rows counted (COUNT) or non-empty values seen (SUM..MAX) */
  double sum;
  double min, max;
  char *first;     /* FIRST: the first row's text (NULL when empty) */
  bool has_first;
} col_acc;

typedef struct group_acc {
  char **by;       /* the key's values, one per by field */
  col_acc *cols;
} group_acc;

typedef struct table_run {
  const hf_table_spec *spec;
  hf_engine *e;
  hf_keymap *groups;
  group_acc total;
  hf_table *list;  /* list tables: created at start, filled while streaming */
  hf_buf key;
  size_t ncols;
  long out_of_period;   /* rows dated outside --period (has_date) */
  long first_out_line;
} table_run;

typedef struct tables_state {
  table_run *runs;
  size_t n;
} tables_state;

static void list_row(table_run *t, const hf_record *rec) {
  const hf_table_spec *sp = t->spec;
  hf_row_writer w;
  table_row_begin(&w, engine_results(t->e), t->list);
  row_int(&w, rec->line);
  for (size_t k = 0; k < sp->nlist; k++) value_put(&w, &rec->input->fields[sp->list[k]], &rec->values[sp->list[k]]);
  table_row_end(&w);
}

static void acc_init(group_acc *g, size_t ncols) { g->cols = hf_xcalloc(ncols ? ncols : 1, sizeof *g->cols); }

/* Adds one record to g's column accumulators (column filters already checked: pass[c]). */
static void acc_add(group_acc *g, const hf_table_spec *sp, const hf_record *rec, const bool *pass) {
  for (size_t c = 0; c < sp->ncols; c++) {
    const hf_agg_column *col = &sp->cols[c];
    col_acc *a = &g->cols[c];
    if (!pass[c] || col->kind == HF_AGG_RATIO) continue;
    if (col->kind == HF_AGG_COUNT) {
      a->count++;
      continue;
    }
    const hf_field_spec *f = &rec->input->fields[col->field];
    const hf_value *v = &rec->values[col->field];
    if (col->kind == HF_AGG_FIRST) {
      if (!a->has_first) {
        a->has_first = true;
        if (!v->empty) {
          hf_buf b;
          buf_init(&b);
          value_text(f, v, &b);
          a->first = b.data ? buf_steal(&b) : hf_xstrdup("");
        }
      }
      continue;
    }
    if (v->empty) continue;
    double x = value_number(f, v);
    if (a->count == 0 || x < a->min) a->min = x;
    if (a->count == 0 || x > a->max) a->max = x;
    a->sum += x;
    a->count++;
  }
}

static hf_status table_row_fn(void *state, const hf_record *rec, hf_error *err) {
  table_run *t = state;
  const hf_table_spec *sp = t->spec;
  hf_policy *p = engine_policy(t->e);
  if (sp->has_date) {
    hf_date d = value_day(&rec->input->fields[sp->date_field], &rec->values[sp->date_field]);
    if (engine_outside_period(t->e, d)) {
      if (t->out_of_period++ == 0) t->first_out_line = rec->line;
      return HF_OK;
    }
    engine_note_date(t->e, d);
  }
  bool ok;
  hf_status st = filter_match(p, &sp->where, rec, &ok, err);
  if (st != HF_OK || !ok) return st;
  if (t->list) {
    list_row(t, rec);
    return HF_OK;
  }
  bool pass_small[32];
  bool *pass = sp->ncols <= 32 ? pass_small : hf_xcalloc(sp->ncols, sizeof *pass);
  for (size_t c = 0; c < sp->ncols && st == HF_OK; c++) {
    pass[c] = true;
    if (sp->cols[c].where.nconds || sp->cols[c].where.hook)
      st = filter_match(p, &sp->cols[c].where, rec, &pass[c], err);
  }
  if (st == HF_OK) {
    buf_reset(&t->key);
    for (size_t k = 0; k < sp->nby; k++) {
      if (k) buf_putc(&t->key, '\x1f');
      value_text(&rec->input->fields[sp->by[k]], &rec->values[sp->by[k]], &t->key);
    }
    bool created;
    hf_keymap_entry *en = keymap_upsert(t->groups, t->key.data ? t->key.data : "", t->key.len, &created);
    if (created) {
      group_acc *g = hf_xcalloc(1, sizeof *g);
      acc_init(g, sp->ncols);
      g->by = hf_xcalloc(sp->nby ? sp->nby : 1, sizeof *g->by);
      for (size_t k = 0; k < sp->nby; k++) {
        hf_buf b;
        buf_init(&b);
        value_text(&rec->input->fields[sp->by[k]], &rec->values[sp->by[k]], &b);
        g->by[k] = b.data ? buf_steal(&b) : hf_xstrdup("");
      }
      en->value = g;
    }
    acc_add(en->value, sp, rec, pass);
    acc_add(&t->total, sp, rec, pass);
  }
  if (pass != pass_small) free(pass);
  return st;
}

static hf_format agg_format(const hf_agg_column *col, const hf_input_spec *in) {
  switch (col->kind) {
    case HF_AGG_COUNT: return HF_FMT_INT;
    case HF_AGG_RATIO: return HF_FMT_PERCENT;
    case HF_AGG_MEAN: return HF_FMT_NUMBER;
    case HF_AGG_FIRST: return HF_FMT_TEXT;
    default: return field_format(&in->fields[col->field]);
  }
}

/* The numeric value of column c for group g (RATIO reads earlier columns). */
static bool agg_value(const hf_table_spec *sp, const group_acc *g, size_t c, double *out) {
  const hf_agg_column *col = &sp->cols[c];
  const col_acc *a = &g->cols[c];
  switch (col->kind) {
    case HF_AGG_COUNT: *out = (double)a->count; return true;
    case HF_AGG_SUM: *out = a->sum; return true;
    case HF_AGG_MEAN:
      if (!a->count) return false;
      *out = a->sum / (double)a->count;
      return true;
    case HF_AGG_MIN: *out = a->min; return a->count > 0;
    case HF_AGG_MAX: *out = a->max; return a->count > 0;
    case HF_AGG_RATIO: {
      double n, d;
      if (!agg_value(sp, g, col->num, &n) || !agg_value(sp, g, col->den, &d)) return false;
      *out = d != 0 ? n / d : 0;
      return true;
    }
    case HF_AGG_FIRST: return false;
  }
  return false;
}

static void put_group(hf_results *r, hf_table *t, const hf_table_spec *sp, const group_acc *g, bool total) {
  hf_cell *row = table_add_row(t);
  size_t c = 0;
  for (size_t k = 0; k < sp->nby; k++, c++) {
    if (total) {
      if (k == 0) cell_str(r, &row[c], "合计");
    } else {
      cell_str(r, &row[c], g->by[k]);
    }
  }
  for (size_t k = 0; k < sp->ncols; k++, c++) {
    const hf_agg_column *col = &sp->cols[k];
    if (col->kind == HF_AGG_FIRST) {
      if (g->cols[k].first && !total) cell_str(r, &row[c], g->cols[k].first);
      continue;
    }
    double x;
    if (!agg_value(sp, g, k, &x)) continue;
    hf_format f = t->cols[c].format;
    if (f == HF_FMT_DATE) {
      char iso[11];
      date_format_iso((hf_date)x, iso);
      cell_str(r, &row[c], iso);
    } else if (f == HF_FMT_INT) {
      cell_int(&row[c], (int64_t)llround(x));
    } else {
      cell_num(&row[c], x);
    }
  }
}

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  (void)err;
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (!p->ntables) return HF_OK;
  tables_state *ts = hf_xcalloc(1, sizeof *ts);
  ts->runs = hf_xcalloc(p->ntables, sizeof *ts->runs);
  ts->n = p->ntables;
  *state = ts;
  for (size_t i = 0; i < p->ntables; i++) {
    table_run *t = &ts->runs[i];
    const hf_table_spec *sp = &p->tables[i];
    const hf_input_spec *in = &p->inputs[sp->input];
    t->spec = sp;
    t->e = e;
    buf_init(&t->key);
    if (sp->nlist) {
      hf_column *cols = hf_xcalloc(sp->nlist + 1, sizeof *cols);
      cols[0] = (hf_column){"line", "行号", HF_FMT_INT, false};
      for (size_t k = 0; k < sp->nlist; k++) {
        const hf_field_spec *f = &in->fields[sp->list[k]];
        cols[k + 1] = (hf_column){f->name, f->header, field_format(f), f->type == HF_T_STRING};
      }
      t->list = results_add_table(engine_results(e), sp->id, sp->title, cols, sp->nlist + 1);
      free(cols);
      t->list->pdf_limit = sp->pdf_limit;
      table_spill_after(t->list, sp->pdf_limit);
    } else {
      t->groups = keymap_new();
      acc_init(&t->total, sp->ncols);
    }
    engine_subscribe(e, sp->input, table_row_fn, t);
  }
  return HF_OK;
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  (void)err;
  tables_state *ts = state;
  hf_results *r = engine_results(e);
  hf_policy *p = engine_policy(e);
  for (size_t i = 0; i < ts->n; i++) {
    table_run *t = &ts->runs[i];
    const hf_table_spec *sp = t->spec;
    const hf_input_spec *in = &p->inputs[sp->input];
    if (t->out_of_period)
      results_warn(r, "%s：表「%s」有 %ld 行的日期不在统计期 %s 至 %s 内，未计入（第一处在第 %ld 行）",
                   engine_input_path(e, sp->input), sp->title, t->out_of_period, r->period_from, r->period_to,
                   t->first_out_line);
    if (t->list) {
      results_move_last(r, t->list);
      t->list->note = results_printf(r, "共 %zu 条", t->list->nrows);
      continue;
    }
    size_t ncols = sp->nby + sp->ncols;
    hf_column *cols = hf_xcalloc(ncols ? ncols : 1, sizeof *cols);
    for (size_t k = 0; k < sp->nby; k++) {
      const hf_field_spec *f = &in->fields[sp->by[k]];
      cols[k] = (hf_column){f->name, f->header, f->type == HF_T_DATE ? HF_FMT_DATE : HF_FMT_TEXT, false};
    }
    for (size_t k = 0; k < sp->ncols; k++)
      cols[sp->nby + k] = (hf_column){sp->cols[k].id, sp->cols[k].label, agg_format(&sp->cols[k], in), false};
    hf_table *out = results_add_table(r, sp->id, sp->title, cols, ncols);
    free(cols);
    out->pdf_limit = sp->pdf_limit;
    size_t n;
    hf_keymap_entry *en = keymap_sorted(t->groups, &n);
    for (size_t g = 0; g < n; g++) put_group(r, out, sp, en[g].value, false);
    if (sp->total && sp->nby) {
      put_group(r, out, sp, &t->total, true);
      out->total_row = true;
    }
    if (!sp->nby && n == 0) put_group(r, out, sp, &t->total, false);  /* a summary of no rows */
  }
  return HF_OK;
}

static void free_acc(group_acc *g, size_t nby, size_t ncols) {
  for (size_t k = 0; g->by && k < nby; k++) free(g->by[k]);
  free(g->by);
  for (size_t c = 0; c < ncols; c++) free(g->cols[c].first);
  free(g->cols);
}

static void release(void *state) {
  tables_state *ts = state;
  for (size_t i = 0; i < ts->n; i++) {
    table_run *t = &ts->runs[i];
    if (t->groups) {  /* the groups' sizes are the spec's: freed here, not by a keymap_free callback */
      size_t n;
      hf_keymap_entry *en = keymap_sorted(t->groups, &n);
      for (size_t g = 0; g < n; g++) {
        free_acc(en[g].value, t->spec->nby, t->spec->ncols);
        free(en[g].value);
      }
      keymap_free(t->groups, NULL);
    }
    if (t->total.cols) free_acc(&t->total, 0, t->spec->ncols);
    buf_free(&t->key);
  }
  free(ts->runs);
  free(ts);
}

const hf_block tables_block = {"tables", start, finish, release};
