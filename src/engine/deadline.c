/*
** deadline.c — the rule's `deadlines` (policy_blocks.h hf_deadline_spec):
** per record a due moment from its start (engine/deadline_core.h, with the
** rule's calendar), a state (按时完成 / 超时完成 / 未到期 / 逾期未完成) and
** the lateness; per group and overall the met rate.
**
** The period and the as-of day are known only when every input has been read
** (block.h), and both decide a record's fate: rows whose start falls outside
** the period are not counted, and an unfinished record is 未到期 or 逾期 by the
** as-of day. So while the input streams, each record passing `where` is
** staged — line, start, end, its `by` keys and `fields` values — in a private
** table that is never shown (the results row writer spills it to an anonymous
** temporary file after its first row), and finish() reads the stage back,
** judges each record and writes the tables. Memory grows with groups, not
** records; the temporary file with records (with --period, only those in it).
**
** Tables (docs/rules-deadlines.md): <id>_by_<field> per `by` field, <id> (the
** late and overdue records: the PDF's list), <id>_all (every record; JSON and
** CSV only). KPIs <id>_met_rate, <id>_overdue.
*/
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/calendar.h"
#include "engine/blocks.h"
#include "engine/deadline_core.h"
#include "engine/filter.h"
#include "engine/keymap.h"

/* The stage's columns before the `by` keys and the `fields` values. */
enum { ST_LINE, ST_START, ST_END, ST_FIXED };

typedef struct state_counts {
  int64_t n[4];  /* by hf_due_state */
} state_counts;

/* The first row of each kind of exception, for one warning per kind. */
typedef struct tally {
  long count;
  long first_line;
} tally;

typedef struct dl_run {
  const hf_deadline_spec *spec;
  hf_engine *e;
  const hf_calendar *cal;
  hf_due_rule rule;
  hf_table *stage;       /* private: never added to the results */
  hf_buf text;
  tally no_start, out_of_period, done_before_start;
} dl_run;

typedef struct deadline_state {
  hf_calendar cal;
  dl_run *runs;
  size_t n;
} deadline_state;

static void tally_add(tally *t, long line) {
  if (t->count++ == 0) t->first_line = line;
}

/* ------------------------------------------------------------ the rule */

static hf_due_rule due_rule(const hf_deadline_spec *sp) {
  hf_due_rule r = {.n = sp->amount, .weekday = sp->weekday, .at = sp->at, .workdays = sp->working};
  switch (sp->kind) {
    case HF_DL_HOURS: r.kind = HF_DUE_WITHIN_HOURS; break;
    case HF_DL_DAYS: r.kind = HF_DUE_WITHIN_DAYS; break;
    case HF_DL_WORKING_DAYS: r.kind = HF_DUE_WITHIN_WORKDAYS; break;
    case HF_DL_NEXT_DAY_AT: r.kind = HF_DUE_NEXT_DAY_AT; break;
    case HF_DL_WEEKDAY_AT: r.kind = HF_DUE_WEEKDAY_AT; break;
  }
  return r;
}

static void put_clock(hf_buf *b, int secs) {
  buf_printf(b, "%02d:%02d", secs / 3600 % 100, secs / 60 % 60);
  if (secs % 60) buf_printf(b, ":%02d", secs % 60);
}

/* The rule in words, for the tables' notes: "「报修时间」后 12 小时内，以「派工时间」为完成时间". */
static void describe(const hf_deadline_spec *sp, const hf_input_spec *in, hf_buf *b) {
  static const char *const weekdays[] = {"", "一", "二", "三", "四", "五", "六", "日"};
  const char *start = in->fields[sp->start_field].header;
  buf_printf(b, "时限：「%s」", start);
  switch (sp->kind) {
    case HF_DL_HOURS: buf_printf(b, "后 %ld 小时内", sp->amount); break;
    case HF_DL_DAYS: buf_printf(b, "后 %ld 天（%ld 小时）内", sp->amount, sp->amount * 24); break;
    case HF_DL_WORKING_DAYS: buf_printf(b, "当日之后第 %ld 个工作日 24:00 前", sp->amount); break;
    case HF_DL_NEXT_DAY_AT:
      if (sp->amount == 0) buf_puts(b, "当日 ");
      else if (sp->working && sp->amount == 1) buf_puts(b, "之后的下一个工作日 ");
      else if (sp->working) buf_printf(b, "当日之后第 %ld 个工作日 ", sp->amount);
      else if (sp->amount == 1) buf_puts(b, "次日 ");
      else buf_printf(b, "当日之后第 %ld 天 ", sp->amount);
      put_clock(b, sp->at);
      buf_puts(b, " 前");
      break;
    case HF_DL_WEEKDAY_AT:
      buf_printf(b, "所在周（周一至周日）的下一周周%s ", weekdays[sp->weekday]);
      put_clock(b, sp->at);
      buf_puts(b, " 前");
      break;
  }
  if (sp->has_end) buf_printf(b, "，以「%s」为完成时间", in->fields[sp->end_field].header);
}

/* ------------------------------------------------------------ moments as text */

/* A moment: "YYYY-MM-DD HH:MM:SS". */
static void put_stamp(hf_buf *b, hf_stamp s) {
  char text[20];
  cal_stamp_format(s, text);
  buf_append(b, text, 19);
}

/* A due moment: midnight is written as 24:00:00 of the day before ("第 7 个工作日 24:00 前"). */
static void put_due(hf_buf *b, hf_stamp due) {
  if (cal_stamp_seconds(due) != 0) {
    put_stamp(b, due);
    return;
  }
  char text[20];
  cal_stamp_format(due - CAL_DAY_SECONDS, text);
  buf_append(b, text, 11);  /* "YYYY-MM-DD " */
  buf_puts(b, "24:00:00");
}

/* A start or end as the rule's field gives it: a date field's day (an end
** stands for 24:00 of its day), a datetime field's moment. */
static void put_field_moment(hf_buf *b, const hf_field_spec *f, hf_stamp s, bool is_end) {
  if (f->type == HF_T_DATE) {
    char text[20];
    cal_stamp_format(s - (is_end ? CAL_DAY_SECONDS : 0), text);
    buf_append(b, text, 10);  /* the date part */
  } else {
    put_stamp(b, s);
  }
}

/* The moment a start (or end) field's value stands for: a date is 00:00 of
** its day as a start and 24:00 of its day as an end. */
static hf_stamp field_moment(const hf_field_spec *f, const hf_value *v, bool is_end) {
  if (f->type == HF_T_DATE) return cal_stamp(v->v.date + (is_end ? 1 : 0), 0);
  return v->v.stamp;
}

/* ------------------------------------------------------------ streaming */

/* A `by` key into a row: value_text, and "" (the group of empty cells) when empty. */
static void put_key(hf_row_writer *w, hf_buf *scratch, const hf_field_spec *f, const hf_value *v) {
  buf_reset(scratch);
  value_text(f, v, scratch);
  row_str(w, scratch->data ? scratch->data : "", scratch->len);
}

static hf_status deadline_row(void *state, const hf_record *rec, hf_error *err) {
  dl_run *r = state;
  const hf_deadline_spec *sp = r->spec;
  const hf_field_spec *fields = rec->input->fields;
  bool ok;
  hf_status st = filter_match(engine_policy(r->e), &sp->where, rec, &ok, err);
  if (st != HF_OK || !ok) return st;
  const hf_value *sv = &rec->values[sp->start_field];
  if (sv->empty) {
    tally_add(&r->no_start, rec->line);
    return HF_OK;
  }
  hf_stamp start = field_moment(&fields[sp->start_field], sv, false);
  hf_date day = cal_stamp_date(start);
  engine_note_date(r->e, day);
  /* With --period the period is known now: the stage keeps only what counts. */
  if (engine_outside_period(r->e, day)) {
    tally_add(&r->out_of_period, rec->line);
    return HF_OK;
  }
  hf_row_writer w;
  table_row_begin(&w, engine_results(r->e), r->stage);
  row_int(&w, rec->line);
  row_int(&w, start);
  const hf_value *ev = sp->has_end ? &rec->values[sp->end_field] : NULL;
  if (ev && !ev->empty) row_int(&w, field_moment(&fields[sp->end_field], ev, true));
  else row_null(&w);
  for (size_t k = 0; k < sp->nby; k++) put_key(&w, &r->text, &fields[sp->by[k]], &rec->values[sp->by[k]]);
  for (size_t k = 0; k < sp->nfields; k++) value_put(&w, &fields[sp->fields[k]], &rec->values[sp->fields[k]]);
  table_row_end(&w);
  return HF_OK;
}

/* ------------------------------------------------------------ block */

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (!p->ndeadlines) return HF_OK;
  deadline_state *ds = hf_xcalloc(1, sizeof *ds);
  *state = ds;
  hf_date bad = 0;
  cal_status cs = cal_build(&ds->cal, p->calendar.holidays, p->calendar.nholidays, p->calendar.workdays,
                            p->calendar.nworkdays, &bad);
  if (cs != CAL_OK) {  /* the policy reader checked every date the same way */
    char iso[11];
    date_format_iso(bad, iso);
    return hf_fail(err, HF_ERR_IO, "内部错误：规则的日历无效（%s %s）", iso, cal_status_message(cs));
  }
  ds->runs = hf_xcalloc(p->ndeadlines, sizeof *ds->runs);
  ds->n = p->ndeadlines;
  for (size_t i = 0; i < p->ndeadlines; i++) {
    dl_run *r = &ds->runs[i];
    r->spec = &p->deadlines[i];
    r->e = e;
    r->cal = &ds->cal;
    r->rule = due_rule(r->spec);
    const char *problem = "";
    if (!deadline_check(&r->rule, &problem))
      return hf_fail(err, HF_ERR_IO, "内部错误：时限 %s 无效（%s）", r->spec->id, problem);
    buf_init(&r->text);
    r->stage = table_new_stage(ST_FIXED + r->spec->nby + r->spec->nfields);
    engine_subscribe(e, r->spec->input, deadline_row, r);
  }
  return HF_OK;
}

/* The output tables of one deadline, in presentation order. */
typedef struct dl_out {
  hf_table **by;
  hf_table *late;   /* <id>: 超时完成 and 逾期未完成 */
  hf_table *all;    /* <id>_all */
  hf_keymap **groups;
  state_counts total;
} dl_out;

static hf_table *record_table(dl_run *r, const char *id, const char *title) {
  const hf_deadline_spec *sp = r->spec;
  const hf_input_spec *in = &engine_policy(r->e)->inputs[sp->input];
  const hf_field_spec *sf = &in->fields[sp->start_field];
  const hf_field_spec *ef = sp->has_end ? &in->fields[sp->end_field] : NULL;
  size_t n = 0;
  hf_column *cols = hf_xcalloc(sp->nfields + 8, sizeof *cols);
  cols[n++] = (hf_column){"line", "行号", HF_FMT_INT, false};
  for (size_t k = 0; k < sp->nfields; k++) {
    const hf_field_spec *f = &in->fields[sp->fields[k]];
    cols[n++] = (hf_column){f->name, f->header, field_format(f), f->type == HF_T_STRING};
  }
  cols[n++] = (hf_column){"start", sf->header, sf->type == HF_T_DATE ? HF_FMT_DATE : HF_FMT_TEXT, false};
  cols[n++] = (hf_column){"due", "应完成时间", HF_FMT_TEXT, false};
  cols[n++] = (hf_column){"done", ef ? ef->header : "完成时间", ef && ef->type == HF_T_DATE ? HF_FMT_DATE : HF_FMT_TEXT,
                          false};
  cols[n++] = (hf_column){"state", "状态", HF_FMT_TEXT, false};
  cols[n++] = (hf_column){"lateness", "超时", HF_FMT_TEXT, false};
  cols[n++] = (hf_column){"lateness_seconds", "超时秒数", HF_FMT_INT, false};
  hf_table *t = results_add_table(engine_results(r->e), id, title, cols, n);
  free(cols);
  return t;
}

static void out_tables(dl_run *r, dl_out *o) {
  const hf_deadline_spec *sp = r->spec;
  hf_results *res = engine_results(r->e);
  const hf_input_spec *in = &engine_policy(r->e)->inputs[sp->input];
  o->by = hf_xcalloc(sp->nby ? sp->nby : 1, sizeof *o->by);
  o->groups = hf_xcalloc(sp->nby ? sp->nby : 1, sizeof *o->groups);
  for (size_t k = 0; k < sp->nby; k++) {
    const hf_field_spec *f = &in->fields[sp->by[k]];
    const hf_column cols[] = {
        {f->name, f->header, f->type == HF_T_DATE ? HF_FMT_DATE : HF_FMT_TEXT, false},
        {"records", "记录数", HF_FMT_INT, false},
        {"met", "按时完成", HF_FMT_INT, false},        {"late", "超时完成", HF_FMT_INT, false},
        {"open", "未到期", HF_FMT_INT, false},          {"overdue", "逾期未完成", HF_FMT_INT, false},
        {"met_rate", "按时完成率", HF_FMT_PERCENT, false},
    };
    const char *id = results_printf(res, "%s_by_%s", sp->id, f->name);
    const char *title = results_printf(res, "%s：按%s", sp->title, f->header);
    o->by[k] = results_add_table(res, id, title, cols, sizeof cols / sizeof *cols);
    o->groups[k] = keymap_new();
  }
  o->late = record_table(r, sp->id, results_printf(res, "%s：超时与逾期清单", sp->title));
  o->late->pdf_limit = sp->pdf_limit;
  table_spill_after(o->late, sp->pdf_limit);  /* the PDF prints the resident rows */
  o->all = record_table(r, results_printf(res, "%s_all", sp->id), results_printf(res, "%s：全部记录", sp->title));
  o->all->no_pdf = true;
  table_spill_after(o->all, 1);
}

/* A staged cell into a row, as it was staged. */
static void copy_cell(hf_row_writer *w, const hf_cell *c) {
  switch (c->kind) {
    case HF_CELL_STR: row_str(w, c->u.s, strlen(c->u.s)); break;
    case HF_CELL_INT: row_int(w, c->u.i); break;
    case HF_CELL_NUM: row_num(w, c->u.d); break;
    case HF_CELL_BOOL: row_bool(w, c->u.b); break;
    case HF_CELL_NULL: row_null(w); break;
  }
}

static void put_record(dl_run *r, hf_table *t, const hf_cell *st, const hf_due_outcome *oc) {
  const hf_deadline_spec *sp = r->spec;
  const hf_input_spec *in = &engine_policy(r->e)->inputs[sp->input];
  hf_row_writer w;
  table_row_begin(&w, engine_results(r->e), t);
  row_int(&w, st[ST_LINE].u.i);
  for (size_t k = 0; k < sp->nfields; k++) copy_cell(&w, &st[ST_FIXED + sp->nby + k]);
  buf_reset(&r->text);
  put_field_moment(&r->text, &in->fields[sp->start_field], st[ST_START].u.i, false);
  row_str(&w, r->text.data, r->text.len);
  buf_reset(&r->text);
  put_due(&r->text, oc->due);
  row_str(&w, r->text.data, r->text.len);
  if (st[ST_END].kind == HF_CELL_INT) {
    buf_reset(&r->text);
    put_field_moment(&r->text, &in->fields[sp->end_field], st[ST_END].u.i, true);
    row_str(&w, r->text.data, r->text.len);
  } else {
    row_null(&w);
  }
  const char *label = deadline_state_label(oc->state);
  row_str(&w, label, strlen(label));
  if (oc->state == HF_DUE_LATE || oc->state == HF_DUE_OVERDUE) {
    char late[48];
    deadline_format_lateness(oc->lateness, late, sizeof late);
    row_str(&w, late, strlen(late));
    row_int(&w, oc->lateness);
  } else {
    row_null(&w);
    row_null(&w);
  }
  table_row_end(&w);
}

/* met / (met + late + overdue): records still open are not decided yet. */
static bool met_rate(const state_counts *c, double *out) {
  int64_t decided = c->n[HF_DUE_MET] + c->n[HF_DUE_LATE] + c->n[HF_DUE_OVERDUE];
  *out = decided ? (double)c->n[HF_DUE_MET] / (double)decided : 0.0;
  return decided > 0;
}

static void group_rows(dl_run *r, dl_out *o) {
  hf_results *res = engine_results(r->e);
  for (size_t k = 0; k < r->spec->nby; k++) {
    size_t n;
    hf_keymap_entry *en = keymap_sorted(o->groups[k], &n);
    for (size_t g = 0; g < n; g++) {
      const state_counts *c = en[g].value;
      hf_cell *row = table_add_row(o->by[k]);
      cell_strn(res, &row[0], en[g].key, en[g].len);
      cell_int(&row[1], c->n[0] + c->n[1] + c->n[2] + c->n[3]);
      cell_int(&row[2], c->n[HF_DUE_MET]);
      cell_int(&row[3], c->n[HF_DUE_LATE]);
      cell_int(&row[4], c->n[HF_DUE_OPEN]);
      cell_int(&row[5], c->n[HF_DUE_OVERDUE]);
      double rate;
      if (met_rate(c, &rate)) cell_num(&row[6], rate);
    }
  }
}

static void add_notes_kpis(dl_run *r, dl_out *o, hf_date as_of) {
  const hf_deadline_spec *sp = r->spec;
  hf_results *res = engine_results(r->e);
  const hf_input_spec *in = &engine_policy(r->e)->inputs[sp->input];
  const int64_t *n = o->total.n;
  char asof[11];
  date_format_iso(as_of, asof);
  buf_reset(&r->text);
  describe(sp, in, &r->text);
  const char *rule = results_str(res, r->text.data);
  for (size_t k = 0; k < sp->nby; k++)
    o->by[k]->note = results_printf(res, "%s。按时完成率 = 按时完成 ÷（按时完成 + 超时完成 + 逾期未完成），未到期的不计入；截至 %s",
                                    rule, asof);
  size_t late = (size_t)(n[HF_DUE_LATE] + n[HF_DUE_OVERDUE]);
  if (sp->pdf_limit && late > sp->pdf_limit)
    o->late->note = results_printf(res, "%s。共 %zu 条（超时完成 %lld 条，逾期未完成 %lld 条，截至 %s）；报告列出前 %zu 条，"
                                        "完整清单见 %s.csv 与 results.json",
                                   rule, late, (long long)n[HF_DUE_LATE], (long long)n[HF_DUE_OVERDUE], asof,
                                   sp->pdf_limit, sp->id);
  else
    o->late->note = results_printf(res, "%s。共 %zu 条（超时完成 %lld 条，逾期未完成 %lld 条，截至 %s）", rule, late,
                                   (long long)n[HF_DUE_LATE], (long long)n[HF_DUE_OVERDUE], asof);
  o->all->note = results_printf(res, "%s。共 %zu 条，截至 %s", rule, o->all->nrows, asof);

  double rate;
  met_rate(&o->total, &rate);
  hf_kpi *k = results_add_kpi(res, results_printf(res, "%s_met_rate", sp->id),
                              results_printf(res, "%s 按时完成率", sp->title), rate, HF_FMT_PERCENT);
  k->detail = results_printf(res, "按时 %lld / %lld 条（超时 %lld，逾期 %lld，未到期 %lld）", (long long)n[HF_DUE_MET],
                             (long long)(n[HF_DUE_MET] + n[HF_DUE_LATE] + n[HF_DUE_OVERDUE]),
                             (long long)n[HF_DUE_LATE], (long long)n[HF_DUE_OVERDUE], (long long)n[HF_DUE_OPEN]);
  if (sp->has_target) {
    int64_t decided = n[HF_DUE_MET] + n[HF_DUE_LATE] + n[HF_DUE_OVERDUE];
    k->has_target = true;
    k->target = sp->target;
    k->met = decided > 0 && rate >= sp->target;
  }
  k = results_add_kpi(res, results_printf(res, "%s_overdue", sp->id), results_printf(res, "%s 逾期未完成", sp->title),
                      (double)n[HF_DUE_OVERDUE], HF_FMT_INT);
  k->detail = results_printf(res, "截至 %s", asof);
}

static void add_warnings(dl_run *r) {
  const hf_deadline_spec *sp = r->spec;
  hf_results *res = engine_results(r->e);
  const hf_input_spec *in = &engine_policy(r->e)->inputs[sp->input];
  const char *path = engine_input_path(r->e, sp->input);
  const char *start = in->fields[sp->start_field].header;
  if (r->no_start.count)
    results_warn(res, "%s：时限「%s」有 %ld 条记录的「%s」为空，无法计算应完成时间，未计入（第一处在第 %ld 行）", path,
                 sp->title, r->no_start.count, start, r->no_start.first_line);
  if (r->out_of_period.count)  /* counted only when there is a period: the results' one */
    results_warn(res, "%s：时限「%s」有 %ld 条记录的「%s」不在统计期 %s 至 %s 内，未计入（第一处在第 %ld 行）", path,
                 sp->title, r->out_of_period.count, start, res->period_from, res->period_to,
                 r->out_of_period.first_line);
  if (r->done_before_start.count)
    results_warn(res, "%s：时限「%s」有 %ld 条记录的「%s」早于「%s」，仍按完成时间判定，请核对数据（第一处在第 %ld 行）", path,
                 sp->title, r->done_before_start.count, in->fields[sp->end_field].header, start,
                 r->done_before_start.first_line);
}

static void out_free(dl_out *o, size_t nby) {
  for (size_t k = 0; o->groups && k < nby; k++) keymap_free(o->groups[k], free);
  free(o->groups);
  free(o->by);
}

/* Reads run r's stage back, judges every record in the period, fills the tables. */
static hf_status finish_run(dl_run *r, hf_error *err) {
  const hf_deadline_spec *sp = r->spec;
  hf_date from = 0, to = 0;
  bool has_period = engine_period(r->e, &from, &to);
  hf_date as_of = engine_as_of(r->e);
  dl_out o = {0};
  out_tables(r, &o);
  hf_row_cursor cur;
  table_cursor_open(&cur, r->stage);
  const hf_cell *st;
  while ((st = table_cursor_next(&cur))) {
    hf_stamp start = st[ST_START].u.i;
    hf_date day = cal_stamp_date(start);
    if (has_period && (day < from || day > to)) {  /* only without --period: see deadline_row */
      tally_add(&r->out_of_period, (long)st[ST_LINE].u.i);
      continue;
    }
    bool done = st[ST_END].kind == HF_CELL_INT;
    hf_stamp end = done ? st[ST_END].u.i : 0;
    if (done && end < start) tally_add(&r->done_before_start, (long)st[ST_LINE].u.i);
    hf_due_outcome oc = deadline_outcome(&r->rule, r->cal, start, done, end, as_of);
    o.total.n[oc.state]++;
    for (size_t k = 0; k < sp->nby; k++) {
      const char *s = st[ST_FIXED + k].kind == HF_CELL_STR ? st[ST_FIXED + k].u.s : "";
      bool created;
      hf_keymap_entry *en = keymap_upsert(o.groups[k], s, strlen(s), &created);
      if (created) en->value = hf_xcalloc(1, sizeof(state_counts));
      ((state_counts *)en->value)->n[oc.state]++;
    }
    put_record(r, o.all, st, &oc);
    if (oc.state == HF_DUE_LATE || oc.state == HF_DUE_OVERDUE) put_record(r, o.late, st, &oc);
  }
  hf_status status = HF_OK;
  if (!table_cursor_close(&cur))
    status = hf_fail(err, HF_ERR_IO, "时限「%s」：无法读回临时文件（磁盘已满或读写错误？）", sp->title);
  if (status == HF_OK) {
    group_rows(r, &o);
    add_notes_kpis(r, &o, as_of);
    add_warnings(r);
  }
  out_free(&o, sp->nby);
  return status;
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  deadline_state *ds = state;
  hf_status st = HF_OK;
  for (size_t i = 0; i < ds->n && st == HF_OK; i++)
    if (engine_input_present(e, ds->runs[i].spec->input))  /* an absent optional input: no tables, no KPIs */
      st = finish_run(&ds->runs[i], err);
  return st;
}

static void release(void *state) {
  deadline_state *ds = state;
  for (size_t i = 0; i < ds->n; i++) {
    dl_run *r = &ds->runs[i];
    table_free(r->stage);
    buf_free(&r->text);
  }
  free(ds->runs);
  cal_free(&ds->cal);
  free(ds);
}

const hf_block deadline_block = {"deadline", start, finish, release};
