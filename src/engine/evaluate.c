/*
** evaluate.c — one pass over each input; the per-row work is C (scorecard,
** group-by, day counts); Lua runs only for hooks the rule supplies.
*/
#include "engine/evaluate.h"
#include "engine/keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/block.h"
#include "engine/blocks.h"
#include "engine/daycount.h"
#include "engine/filter.h"
#include "engine/groupby.h"
#include "engine/scorecard.h"
#include "ingest/ingest.h"

typedef struct item_stat {
  int64_t fails;
  int64_t applicable;
} item_stat;

typedef struct subscription {
  hf_row_fn fn;
  void *state;
} subscription;

/* The run: what the scorecard sections accumulate, and the blocks' subscriptions. */
typedef struct hf_engine {
  hf_policy *p;
  const hf_run_options *o;
  hf_results *r;
  hf_grouper **groupers;
  item_stat *items;
  hf_daycount *days;
  hf_table *unqualified;
  int64_t checked, qualified, excellent;
  /* The scorecard's own date range (the default period). Not taken from
  ** days: that also holds the volume input's dates, and exists only with coverage. */
  bool has_dates;
  hf_date min_date, max_date;
  long out_of_period[2];      /* scorecard input, coverage input */
  long first_out_line[2];
  const char *current_input;
  long rows_seen;
  hf_buf scratch;
  subscription **subs;        /* per input */
  size_t *nsubs;
  size_t input_index;         /* the input being read */
  bool has_block_dates;       /* dates noted by blocks (engine_note_date) */
  hf_date block_min, block_max;
  bool has_period;
  hf_date period_from, period_to, as_of;
  long *split_idx;            /* per input: the split field's index, or -1 */
  size_t split_len;           /* strlen(o->split_value) */
  hf_keymap *split_seen;      /* distinct split texts (o->split_seen) */
} run_state;

/* ------------------------------------------------------------ helpers */

static bool outside_period(run_state *s, hf_date d, int which, long line) {
  if (!engine_outside_period(s, d)) return false;
  if (s->out_of_period[which]++ == 0) s->first_out_line[which] = line;
  return true;
}

static void tick(run_state *s) {
  if (s->o->progress && ++s->rows_seen % 100000 == 0)
    s->o->progress(s->o->progress_ctx, s->current_input, s->rows_seen);
}

/* ------------------------------------------------------------ sinks */

/* One unqualified recording. The list may be long (7% of a million rows):
** rows past the PDF's limit spill to disk (table_spill_after), so memory does
** not grow with the input. */
static void list_unqualified(run_state *s, const hf_record *rec, const hf_verdict *v) {
  const hf_scorecard_spec *sc = &s->p->scorecard;
  const hf_input_spec *in = &s->p->inputs[sc->input];
  hf_row_writer w;
  table_row_begin(&w, s->r, s->unqualified);
  row_int(&w, rec->line);
  for (size_t k = 0; k < sc->nlist_fields; k++)
    value_put(&w, &in->fields[sc->list_fields[k]], &rec->values[sc->list_fields[k]]);
  row_int(&w, v->fatal_fails);
  row_int(&w, v->nonfatal_fails);
  buf_reset(&s->scratch);
  for (size_t i = 0; i < sc->nitems; i++) {
    if (rec->values[sc->items[i].field].v.score != HF_SCORE_FAIL) continue;
    if (s->scratch.len) buf_puts(&s->scratch, "、");
    buf_puts(&s->scratch, sc->items[i].name);
  }
  row_str(&w, s->scratch.data ? s->scratch.data : "", s->scratch.len);
  if (sc->has_note_field) value_put(&w, &in->fields[sc->note_field], &rec->values[sc->note_field]);
  table_row_end(&w);
}

static hf_status scorecard_sink(void *ctx, const hf_record *rec, hf_error *err) {
  run_state *s = ctx;
  const hf_scorecard_spec *sc = &s->p->scorecard;
  hf_date date = 0;
  if (sc->has_date_field) {
    date = rec->values[sc->date_field].v.date;
    if (outside_period(s, date, 0, rec->line)) return HF_OK;
  }
  hf_verdict v;
  hf_status st = scorecard_eval(s->p, rec, &v, err);
  if (st != HF_OK) return st;

  s->checked++;
  s->qualified += v.qualified;
  s->excellent += v.excellent;
  for (size_t i = 0; i < sc->nitems; i++) {
    hf_score score = rec->values[sc->items[i].field].v.score;
    s->items[i].applicable += score != HF_SCORE_NA;
    s->items[i].fails += score == HF_SCORE_FAIL;
  }
  for (size_t g = 0; g < s->p->ngroups; g++) grouper_add(s->groupers[g], rec, &v);
  if (sc->has_date_field) {
    if (!s->has_dates || date < s->min_date) s->min_date = date;
    if (!s->has_dates || date > s->max_date) s->max_date = date;
    s->has_dates = true;
    if (s->days) daycount_get(s->days, date)->checked++;
  }
  if (!v.qualified) list_unqualified(s, rec, &v);
  return HF_OK;
}

static hf_status coverage_sink(void *ctx, const hf_record *rec, hf_error *err) {
  (void)err;
  run_state *s = ctx;
  const hf_coverage_spec *cv = &s->p->coverage;
  hf_date date = rec->values[cv->date_field].v.date;
  if (outside_period(s, date, 1, rec->line)) return HF_OK;
  daycount_get(s->days, date)->recordings += rec->values[cv->count_field].v.i;
  return HF_OK;
}

/* Every input is read through this: each subscriber gets the record in turn.
** Every row read counts for the progress, whoever reads it. */
static hf_status dispatch_sink(void *ctx, const hf_record *rec, hf_error *err) {
  run_state *s = ctx;
  size_t i = s->input_index;
  tick(s);
  if (s->split_idx && s->split_idx[i] >= 0) {
    const hf_value *v = &rec->values[s->split_idx[i]];
    if (s->split_seen && !v->empty) keymap_upsert(s->split_seen, v->text, v->len, NULL);
    if (s->o->split_value && (v->empty || v->len != s->split_len || memcmp(v->text, s->o->split_value, v->len) != 0))
      return HF_OK;
  }
  for (size_t k = 0; k < s->nsubs[i]; k++) {
    hf_status st = s->subs[i][k].fn(s->subs[i][k].state, rec, err);
    if (st != HF_OK) return st;
  }
  return HF_OK;
}

/* ------------------------------------------------------------ block API */

void engine_subscribe(hf_engine *e, size_t input, hf_row_fn fn, void *state) {
  e->subs[input] = hf_xrealloc(e->subs[input], (e->nsubs[input] + 1) * sizeof *e->subs[input]);
  e->subs[input][e->nsubs[input]++] = (subscription){fn, state};
}

hf_policy *engine_policy(hf_engine *e) { return e->p; }
const hf_run_options *engine_options(hf_engine *e) { return e->o; }
hf_results *engine_results(hf_engine *e) { return e->r; }
const char *engine_input_path(hf_engine *e, size_t input) {
  return e->o->input_paths[input] ? e->o->input_paths[input] : e->p->inputs[input].file;
}

bool engine_input_present(hf_engine *e, size_t input) { return e->o->input_paths[input] != NULL; }

bool engine_outside_period(hf_engine *e, hf_date d) {
  return e->o->has_period && (d < e->o->period_from || d > e->o->period_to);
}

void engine_note_date(hf_engine *e, hf_date d) {
  if (!e->has_block_dates || d < e->block_min) e->block_min = d;
  if (!e->has_block_dates || d > e->block_max) e->block_max = d;
  e->has_block_dates = true;
}

bool engine_period(hf_engine *e, hf_date *from, hf_date *to) {
  *from = e->period_from;
  *to = e->period_to;
  return e->has_period;
}

hf_date engine_as_of(hf_engine *e) { return e->as_of; }

/* The sections beyond the scorecard, in the order they run and present. */
static const hf_block *const BLOCKS[] = {&tables_block, &sampling_block, &schedule_block,
                                         &deadline_block, &satisfaction_block, &targets_block};
#define NBLOCKS (sizeof BLOCKS / sizeof *BLOCKS)

/* ------------------------------------------------------------ tables */

static double ratio(int64_t num, int64_t den) { return den ? (double)num / (double)den : 0.0; }

/* The group metrics. middling and unqualified split the checked recordings
** by level with excellent (excellent + middling + unqualified = checked), so
** a stacked chart shows each group's level distribution; their labels carry
** the policy's level names ("中等条数", "差条数"). */
#define NMETRICS 8
static void metric_columns(const hf_scorecard_spec *sc, hf_column *cols, size_t *n, char labels[2][96]) {
  snprintf(labels[0], sizeof labels[0], "%s条数", sc->level_qualified);
  snprintf(labels[1], sizeof labels[1], "%s条数", sc->level_unqualified);
  const hf_column metrics[NMETRICS] = {
      {"checked", "抽检条数", HF_FMT_INT, false},
      {"qualified", "合格条数", HF_FMT_INT, false},
      {"excellent", "优秀条数", HF_FMT_INT, false},
      {"middling", labels[0], HF_FMT_INT, false},
      {"unqualified", labels[1], HF_FMT_INT, false},
      {"pass_rate", "合格率", HF_FMT_PERCENT, false},
      {"excellence_rate", "优秀率", HF_FMT_PERCENT, false},
      {"qc_score", "质检成绩", HF_FMT_NUMBER, false},
  };
  for (size_t i = 0; i < NMETRICS; i++) cols[(*n)++] = metrics[i];
}

static void group_table(run_state *s, size_t g) {
  const hf_group_spec *spec = &s->p->groups[g];
  const hf_input_spec *in = &s->p->inputs[s->p->scorecard.input];
  size_t ncols = 0;
  hf_column *cols = hf_xcalloc(spec->nby + spec->ncarry + NMETRICS, sizeof *cols);
  char labels[2][96];
  for (size_t k = 0; k < spec->nby; k++) {
    const hf_field_spec *f = &in->fields[spec->by[k]];
    cols[ncols++] = (hf_column){f->name, f->header, field_format(f), false};
  }
  for (size_t k = 0; k < spec->ncarry; k++) {
    const hf_field_spec *f = &in->fields[spec->carry[k]];
    cols[ncols++] = (hf_column){f->name, f->header, field_format(f), false};
  }
  metric_columns(&s->p->scorecard, cols, &ncols, labels);
  hf_table *t = results_add_table(s->r, spec->id, spec->title, cols, ncols);
  free(cols);

  size_t n;
  hf_group_acc *const *accs = grouper_sorted(s->groupers[g], &n);
  for (size_t i = 0; i < n; i++) {
    const hf_group_acc *a = accs[i];
    hf_cell *row = table_add_row(t);
    size_t c = 0;
    for (size_t k = 0; k < spec->nby; k++) cell_str(s->r, &row[c++], a->by_values[k]);
    for (size_t k = 0; k < spec->ncarry; k++) cell_str(s->r, &row[c++], a->carry[k]);
    double pass = ratio(a->qualified, a->checked), exc = ratio(a->excellent, a->qualified);
    cell_int(&row[c++], a->checked);
    cell_int(&row[c++], a->qualified);
    cell_int(&row[c++], a->excellent);
    cell_int(&row[c++], a->qualified - a->excellent);
    cell_int(&row[c++], a->checked - a->qualified);
    cell_num(&row[c++], pass);
    cell_num(&row[c++], exc);
    cell_num(&row[c++], (pass + exc) * s->p->scorecard.weight);
  }
}

static void item_table(run_state *s) {
  static const hf_column cols[] = {
      {"item", "考核项", HF_FMT_TEXT, false},      {"group", "类别", HF_FMT_TEXT, false},
      {"fatal", "致命项", HF_FMT_BOOL, false},     {"fails", "不通过次数", HF_FMT_INT, false},
      {"applicable", "适用次数", HF_FMT_INT, false}, {"fail_rate", "不通过率", HF_FMT_PERCENT, false},
  };
  const hf_scorecard_spec *sc = &s->p->scorecard;
  hf_table *t = results_add_table(s->r, "by_item", "考核项不通过情况", cols, 6);
  for (size_t i = 0; i < sc->nitems; i++) {
    hf_cell *row = table_add_row(t);
    cell_str(s->r, &row[0], sc->items[i].name);
    cell_str(s->r, &row[1], sc->items[i].group ? sc->items[i].group : "");
    cell_bool(&row[2], sc->items[i].fatal);
    cell_int(&row[3], s->items[i].fails);
    cell_int(&row[4], s->items[i].applicable);
    if (s->items[i].applicable) cell_num(&row[5], ratio(s->items[i].fails, s->items[i].applicable));
  }
}

static void level_table(run_state *s) {
  static const hf_column cols[] = {
      {"level", "录音级别", HF_FMT_TEXT, false},
      {"count", "条数", HF_FMT_INT, false},
      {"share", "占比", HF_FMT_PERCENT, false},
  };
  const hf_scorecard_spec *sc = &s->p->scorecard;
  hf_table *t = results_add_table(s->r, "levels", "录音级别分布", cols, 3);
  const char *names[3] = {sc->level_excellent, sc->level_qualified, sc->level_unqualified};
  int64_t counts[3] = {s->excellent, s->qualified - s->excellent, s->checked - s->qualified};
  for (int i = 0; i < 3; i++) {
    hf_cell *row = table_add_row(t);
    cell_str(s->r, &row[0], names[i]);
    cell_int(&row[1], counts[i]);
    cell_num(&row[2], ratio(counts[i], s->checked));
  }
}

/* Daily coverage; returns the number of days met through *met_days. */
static void coverage_table(run_state *s, size_t *met_days, size_t *ndays, int64_t *recordings,
                           int64_t *checked) {
  static const hf_column cols[] = {
      {"date", "日期", HF_FMT_DATE, false},      {"recordings", "录音量", HF_FMT_INT, false},
      {"checked", "抽检量", HF_FMT_INT, false},   {"ratio", "抽检比例", HF_FMT_PERCENT, false},
      {"met", "达标", HF_FMT_BOOL, false},
  };
  const hf_coverage_spec *cv = &s->p->coverage;
  hf_table *t = results_add_table(s->r, "daily_coverage", "每日抽检覆盖率", cols, 5);
  t->note = results_printf(s->r, "目标：每日抽检量不少于当日录音量的 %g%%", cv->ratio * 100);
  size_t n;
  const hf_day *days = daycount_sorted(s->days, &n);
  *met_days = 0;
  *ndays = n;
  *recordings = *checked = 0;
  for (size_t i = 0; i < n; i++) {
    hf_cell *row = table_add_row(t);
    char iso[11];
    date_format_iso(days[i].date, iso);
    cell_str(s->r, &row[0], iso);
    cell_int(&row[1], days[i].recordings);
    cell_int(&row[2], days[i].checked);
    /* Division, not checked >= ratio * recordings: 0.1 * 30 is 3.0000000000000004. */
    bool met = true;
    if (days[i].recordings > 0) {
      double q = (double)days[i].checked / (double)days[i].recordings;
      cell_num(&row[3], q);
      met = q >= cv->ratio;
    }
    cell_bool(&row[4], met);
    *met_days += met;
    *recordings += days[i].recordings;
    *checked += days[i].checked;
  }
}

static hf_table *unqualified_table(run_state *s) {
  const hf_scorecard_spec *sc = &s->p->scorecard;
  const hf_input_spec *in = &s->p->inputs[sc->input];
  size_t ncols = 0;
  hf_column *cols = hf_xcalloc(sc->nlist_fields + 5, sizeof *cols);
  cols[ncols++] = (hf_column){"line", "行号", HF_FMT_INT, false};
  for (size_t k = 0; k < sc->nlist_fields; k++) {
    const hf_field_spec *f = &in->fields[sc->list_fields[k]];
    cols[ncols++] = (hf_column){f->name, f->header, field_format(f), false};
  }
  cols[ncols++] = (hf_column){"fatal_fails", "致命项", HF_FMT_INT, false};
  cols[ncols++] = (hf_column){"nonfatal_fails", "非致命项", HF_FMT_INT, false};
  cols[ncols++] = (hf_column){"failed_items", "不通过项目", HF_FMT_TEXT, true};
  if (sc->has_note_field) {
    const hf_field_spec *f = &in->fields[sc->note_field];
    cols[ncols++] = (hf_column){f->name, f->header, HF_FMT_TEXT, true};
  }
  hf_table *t = results_add_table(s->r, "unqualified", "不合格录音清单", cols, ncols);
  free(cols);
  t->pdf_limit = s->p->report.unqualified_limit;
  /* The PDF prints the first pdf_limit rows, so those stay in memory; with no
  ** limit the PDF prints them all and nothing can spill. */
  table_spill_after(t, t->pdf_limit);
  return t;
}

static void rejected_table(hf_results *r, const hf_policy *p, hf_ingest_stats *stats) {
  static const hf_column cols[] = {
      {"input", "输入", HF_FMT_TEXT, false}, {"line", "行号", HF_FMT_INT, false},
      {"column", "列", HF_FMT_INT, false},   {"header", "表头", HF_FMT_TEXT, false},
      {"value", "值", HF_FMT_TEXT, false},   {"message", "说明", HF_FMT_TEXT, true},
  };
  size_t total = 0;
  for (size_t i = 0; i < p->ninputs; i++) total += stats[i].nrejects;
  if (total == 0) return;
  hf_table *t = results_add_table(r, "rejected", "被跳过的数据行", cols, 6);
  t->note = "以下各行因数据错误未计入统计（on_error = \"skip\"）";
  for (size_t i = 0; i < p->ninputs; i++)
    for (size_t k = 0; k < stats[i].nrejects; k++) {
      const hf_reject *rj = &stats[i].rejects[k];
      hf_cell *row = table_add_row(t);
      cell_str(r, &row[0], p->inputs[i].name);
      cell_int(&row[1], rj->line);
      if (rj->column > 0) cell_int(&row[2], rj->column);
      cell_str(r, &row[3], rj->header ? rj->header : "");
      cell_str(r, &row[4], rj->value ? rj->value : "");
      cell_str(r, &row[5], rj->message ? rj->message : "");
    }
}

/* ------------------------------------------------------------ the run */

static void add_kpis(run_state *s, bool coverage, size_t met_days, size_t ndays, int64_t recordings,
                     int64_t checked_days) {
  hf_results *r = s->r;
  const hf_scorecard_spec *sc = &s->p->scorecard;
  double pass = ratio(s->qualified, s->checked), exc = ratio(s->excellent, s->qualified);
  results_add_kpi(r, "checked", "抽检录音", (double)s->checked, HF_FMT_INT);
  results_add_kpi(r, "pass_rate", "合格率", pass, HF_FMT_PERCENT)->detail =
      results_printf(r, "%lld / %lld 条", (long long)s->qualified, (long long)s->checked);
  results_add_kpi(r, "excellence_rate", "优秀率", exc, HF_FMT_PERCENT)->detail =
      results_printf(r, "%lld / %lld 条", (long long)s->excellent, (long long)s->qualified);
  results_add_kpi(r, "qc_score", "质检成绩", (pass + exc) * sc->weight, HF_FMT_NUMBER)->detail =
      results_printf(r, "（合格率 + 优秀率）× %g", sc->weight);
  if (!coverage) return;
  hf_kpi *k = results_add_kpi(r, "coverage_ratio", "月度抽检比例", ratio(checked_days, recordings),
                              HF_FMT_PERCENT);
  k->has_target = true;
  k->target = s->p->coverage.ratio;
  k->met = recordings > 0 && (double)checked_days / (double)recordings >= k->target;
  k = results_add_kpi(r, "coverage_days_met", "抽检达标天数", (double)met_days, HF_FMT_INT);
  k->detail = results_printf(r, "%zu / %zu 天", met_days, ndays);
  k->has_target = true;
  k->target = (double)ndays;
  k->met = met_days == ndays;
}

/* The period: --period, else the scorecard's date range, else the dates the
** blocks noted; as-of: --as-of, else the period's last day. */
static void set_period(run_state *s) {
  hf_results *r = s->r;
  s->has_period = true;
  if (s->o->has_period) {
    s->period_from = s->o->period_from;
    s->period_to = s->o->period_to;
  } else if (s->has_dates) {
    s->period_from = s->min_date;
    s->period_to = s->max_date;
  } else if (s->has_block_dates) {
    s->period_from = s->block_min;
    s->period_to = s->block_max;
  } else {
    s->has_period = false;
  }
  char a[11];
  if (s->has_period) {
    date_format_iso(s->period_from, a);
    r->period_from = results_str(r, a);
    date_format_iso(s->period_to, a);
    r->period_to = results_str(r, a);
  }
  if (s->o->has_as_of || s->has_period) {
    s->as_of = s->o->has_as_of ? s->o->as_of : s->period_to;
    date_format_iso(s->as_of, a);
    r->as_of = results_str(r, a);
  }
}

/* The index of in's field named `name`, or -1. */
static long field_index(const hf_input_spec *in, const char *name) {
  for (size_t k = 0; k < in->nfields; k++)
    if (strcmp(in->fields[k].name, name) == 0) return (long)k;
  return -1;
}

size_t evaluate_split_inputs(const hf_policy *p, const char *field, size_t *inputs_out) {
  size_t n = 0;
  for (size_t i = 0; i < p->ninputs; i++)
    if (field_index(&p->inputs[i], field) >= 0) {
      if (inputs_out) inputs_out[n] = i;
      n++;
    }
  return n;
}

static void split_start(run_state *s) {
  const hf_policy *p = s->p;
  const hf_run_options *o = s->o;
  if (!o->split_field) return;
  s->split_idx = hf_xcalloc(p->ninputs ? p->ninputs : 1, sizeof *s->split_idx);
  for (size_t i = 0; i < p->ninputs; i++) s->split_idx[i] = field_index(&p->inputs[i], o->split_field);
  s->split_len = o->split_value ? strlen(o->split_value) : 0;
  if (o->split_seen) s->split_seen = keymap_new();
}

static void split_finish(run_state *s) {
  if (s->split_seen && s->o->split_seen) {
    size_t n = 0;
    hf_keymap_entry *e = keymap_sorted(s->split_seen, &n);
    char **out = hf_xcalloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; i < n; i++) out[i] = hf_xstrndup(e[i].key, e[i].len);
    *s->o->split_seen = out;
    *s->o->nsplit_seen = n;
  }
  keymap_free(s->split_seen, NULL);
  free(s->split_idx);
}

hf_status evaluate_run(hf_policy *p, const hf_run_options *o, hf_results *r, hf_error *err) {
  run_state s;
  memset(&s, 0, sizeof s);
  s.p = p;
  s.o = o;
  s.r = r;
  buf_init(&s.scratch);
  hf_status st = HF_OK;
  hf_ingest_stats *stats = hf_xcalloc(p->ninputs, sizeof *stats);
  const hf_scorecard_spec *sc = &p->scorecard;

  r->policy_name = results_str(r, p->name);
  r->policy_file = results_str(r, p->rule_file);
  r->policy_sha256 = results_str(r, p->sha256);
  r->title = results_str(r, p->report.title ? p->report.title : p->name);
  r->company = results_str(r, p->report.company ? p->report.company : "");

  if (sc->present) {
    s.groupers = hf_xcalloc(p->ngroups ? p->ngroups : 1, sizeof *s.groupers);
    for (size_t g = 0; g < p->ngroups; g++) s.groupers[g] = grouper_new(&p->groups[g]);
    s.items = hf_xcalloc(sc->nitems ? sc->nitems : 1, sizeof *s.items);
    s.unqualified = unqualified_table(&s);
  }
  if (p->coverage.present) s.days = daycount_new();
  split_start(&s);

  s.subs = hf_xcalloc(p->ninputs ? p->ninputs : 1, sizeof *s.subs);
  s.nsubs = hf_xcalloc(p->ninputs ? p->ninputs : 1, sizeof *s.nsubs);
  if (sc->present) engine_subscribe(&s, sc->input, scorecard_sink, &s);
  if (p->coverage.present) engine_subscribe(&s, p->coverage.input, coverage_sink, &s);
  void *block_state[NBLOCKS] = {NULL};
  for (size_t b = 0; b < NBLOCKS && st == HF_OK; b++) st = BLOCKS[b]->start(&s, &block_state[b], err);

  for (size_t i = 0; i < p->ninputs && st == HF_OK; i++) {
    s.input_index = i;
    s.current_input = p->inputs[i].name;
    s.rows_seen = 0;
    if (!o->input_paths[i]) {  /* an optional input not provided */
      hf_input_info info = {p->inputs[i].name, NULL, NULL, NULL, 0, 0};
      results_add_input(r, &info);
      results_warn(r, "可选输入 %s（默认文件 %s）未提供：依赖它的部分没有结果", p->inputs[i].name, p->inputs[i].file);
      continue;
    }
    st = ingest_file(&p->inputs[i], o->input_paths[i], o->input_paths[i], dispatch_sink, &s, &stats[i], err);
    if (st != HF_OK) break;
    hf_input_info info = {p->inputs[i].name, o->input_paths[i], stats[i].sha256, stats[i].encoding,
                          stats[i].rows, stats[i].rejected};
    results_add_input(r, &info);
    if (stats[i].rows == 0)
      results_warn(r, "%s：没有数据行（只有表头）", o->input_paths[i]);
    if (stats[i].rejected)
      results_warn(r, "%s：%ld 行数据有误，已跳过并列入「被跳过的数据行」", o->input_paths[i],
                   stats[i].rejected);
  }
  if (st != HF_OK) goto out;

  set_period(&s);
  for (int w = 0; w < 2; w++) {
    if (!s.out_of_period[w]) continue;
    size_t idx = w == 0 ? sc->input : p->coverage.input;
    results_warn(r, "%s：%ld 行的日期不在统计期 %s 至 %s 内，未计入（第一处在第 %ld 行）",
                 o->input_paths[idx], s.out_of_period[w], r->period_from, r->period_to,
                 s.first_out_line[w]);
  }

  size_t met_days = 0, ndays = 0;
  int64_t recordings = 0, checked_days = 0;
  if (sc->present) {
    for (size_t g = 0; g < p->ngroups; g++) group_table(&s, g);
    item_table(&s);
    level_table(&s);
  }
  if (p->coverage.present) coverage_table(&s, &met_days, &ndays, &recordings, &checked_days);
  if (sc->present) {
    add_kpis(&s, p->coverage.present, met_days, ndays, recordings, checked_days);
    results_move_last(r, s.unqualified);
    if (s.unqualified->pdf_limit && s.unqualified->nrows > s.unqualified->pdf_limit)
      s.unqualified->note = results_printf(r, "共 %zu 条；报告列出前 %zu 条，完整清单见 unqualified.csv 与 results.json",
                                           s.unqualified->nrows, s.unqualified->pdf_limit);
    else
      s.unqualified->note = results_printf(r, "共 %zu 条", s.unqualified->nrows);
  }
  for (size_t b = 0; b < NBLOCKS && st == HF_OK; b++)
    if (block_state[b]) st = BLOCKS[b]->finish(&s, block_state[b], err);
  if (st != HF_OK) goto out;
  rejected_table(r, p, stats);
  /* Table ids are results.json keys and CSV file names: two sections (or a
  ** section and a derived table such as <id>_strata) must not share one. */
  for (size_t i = 0; i < r->ntables && st == HF_OK; i++)
    for (size_t j = i + 1; j < r->ntables; j++)
      if (strcmp(r->tables[i]->id, r->tables[j]->id) == 0) {
        st = hf_fail(err, HF_ERR_DATA, "%s：两处规则都产生了名为「%s」的表（results.json 的键和 CSV 文件名必须唯一），请改其中一个 id",
                     p->rule_file, r->tables[i]->id);
        break;
      }

out:
  for (size_t b = 0; b < NBLOCKS; b++)
    if (block_state[b]) BLOCKS[b]->release(block_state[b]);
  for (size_t i = 0; i < p->ninputs; i++) free(s.subs[i]);
  free(s.subs);
  free(s.nsubs);
  for (size_t i = 0; i < p->ninputs; i++) ingest_stats_free(&stats[i]);
  free(stats);
  if (s.groupers)
    for (size_t g = 0; g < p->ngroups; g++) grouper_free(s.groupers[g]);
  free(s.groupers);
  free(s.items);
  daycount_free(s.days);
  buf_free(&s.scratch);
  split_finish(&s);
  return st;
}
