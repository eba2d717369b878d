/*
** satisfaction.c — the engine's `satisfaction` section (block.h): named
** scales map each answer to points; 满意度 = 实际得分 / 满分, where 满分 sums
** the scale's full marks over the answered questions only (a skipped answer
** counts in neither). Per question, per form, per respondent, per group and
** overall; the distribution of answers; the return rate against the forms sent.
**
** Sums are taken per form first (its answered questions, in question order),
** then over forms in file order; that order is part of the contract, so an
** independent oracle adds in the same order and gets the same doubles.
** Memory grows with respondents and groups, not with rows.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/blocks.h"
#include "engine/filter.h"
#include "engine/keymap.h"

/* Points, full marks and answered questions of some forms. */
typedef struct tally {
  int64_t forms;
  int64_t answered;
  double points;
  double full;
} tally;

/* A field's value kept beyond the record (a group's or respondent's first form). */
typedef struct kept {
  bool empty;
  hf_field_type type;
  int64_t i;
  double num;
  char *text;  /* dates as YYYY-MM-DD */
} kept;

typedef struct group_acc {
  tally t;
  kept shown;         /* the group value as the table shows it */
  int64_t respondents;
  hf_keymap *seen;    /* respondents counted (only with `respondent`) */
} group_acc;

typedef struct resp_acc {
  tally t;
  kept who;           /* the respondent as the table shows it */
  kept *carry;
  size_t ncarry;
  long first_line;
} resp_acc;

typedef struct q_stat {
  int *answer_of;     /* per enum value of the field: index of the scale's answer, -1 = skip */
  int64_t answered, skipped;
  double points, full;
  int64_t *counts;    /* per answer of the scale */
} q_stat;

typedef struct survey {
  hf_engine *e;
  hf_policy *p;
  const hf_satisfaction_spec *sp;
  q_stat *qs;
  tally total;
  hf_keymap **groups;       /* per `by` field */
  hf_keymap *respondents;   /* or NULL */
  size_t ndup;              /* respondents with more than one form */
  long dup_lines[2];        /* the first such: its first two forms' lines */
  const char *dup_key;
  int64_t sent;
  long out[2], first_out[2];  /* rows outside --period: responses, sent */
  hf_buf key, resp;          /* scratch: a value's key, the row's respondent key */
} survey;

typedef struct sat_state {
  survey *s;
  size_t n;
} sat_state;

/* ------------------------------------------------------------ values */

/* The value as a key: dates as YYYY-MM-DD and numbers in one spelling (007 and 7
** are one respondent), other types as the cell's text. */
static void value_key(hf_buf *b, const hf_field_spec *f, const hf_value *v) {
  char tmp[32];
  buf_reset(b);
  if (v->empty) return;
  switch (f->type) {
    case HF_T_DATE:
      date_format_iso(v->v.date, tmp);
      buf_puts(b, tmp);
      break;
    case HF_T_INT: buf_printf(b, "%lld", (long long)v->v.i); break;
    case HF_T_NUMBER:
      format_double(v->v.num, tmp);
      buf_puts(b, tmp);
      break;
    default: buf_append(b, v->text, v->len); break;
  }
}

static void keep(kept *k, const hf_field_spec *f, const hf_value *v, const hf_buf *text) {
  k->empty = v->empty;
  k->type = f->type;
  if (f->type == HF_T_INT) k->i = v->v.i;
  if (f->type == HF_T_NUMBER) k->num = v->v.num;
  k->text = hf_xstrndup(text->data ? text->data : "", text->len);
}

static void kept_cell(hf_results *r, hf_cell *c, const kept *k) {
  if (k->empty) return;  /* null */
  if (k->type == HF_T_INT) cell_int(c, k->i);
  else if (k->type == HF_T_NUMBER) cell_num(c, k->num);
  else cell_str(r, c, k->text);
}

static void tally_add(tally *t, const tally *row) {
  t->forms += row->forms;
  t->answered += row->answered;
  t->points += row->points;
  t->full += row->full;
}

/* ------------------------------------------------------------ rows */

/* Counts a row dated outside --period (and says so); notes the date otherwise. */
static bool outside_period(survey *s, const hf_value *v, int which, long line) {
  if (v->empty) return false;
  if (engine_outside_period(s->e, v->v.date)) {
    if (s->out[which]++ == 0) s->first_out[which] = line;
    return true;
  }
  engine_note_date(s->e, v->v.date);
  return false;
}

static void add_to_group(survey *s, size_t g, const hf_record *rec, const tally *row, const hf_buf *resp_key) {
  const hf_satisfaction_spec *sp = s->sp;
  const hf_field_spec *f = &rec->input->fields[sp->by[g]];
  const hf_value *v = &rec->values[sp->by[g]];
  value_key(&s->key, f, v);
  bool created;
  hf_keymap_entry *e = keymap_upsert(s->groups[g], s->key.data ? s->key.data : "", s->key.len, &created);
  if (created) {
    group_acc *a = hf_xcalloc(1, sizeof *a);
    keep(&a->shown, f, v, &s->key);
    if (sp->has_respondent) a->seen = keymap_new();
    e->value = a;
  }
  group_acc *a = e->value;
  tally_add(&a->t, row);
  if (!sp->has_respondent) {
    a->respondents++;
  } else {
    keymap_upsert(a->seen, resp_key->data ? resp_key->data : "", resp_key->len, &created);
    a->respondents += created;
  }
}

static hf_status on_response(void *state, const hf_record *rec, hf_error *err) {
  survey *s = state;
  const hf_satisfaction_spec *sp = s->sp;
  bool pass = true;
  hf_status st = filter_match(s->p, &sp->where, rec, &pass, err);
  if (st != HF_OK || !pass) return st;
  if (sp->has_date && outside_period(s, &rec->values[sp->date_field], 0, rec->line)) return HF_OK;

  tally row = {1, 0, 0, 0};
  for (size_t k = 0; k < sp->nquestions; k++) {
    const hf_question_spec *q = &sp->questions[k];
    const hf_scale_spec *sc = &s->p->scales[q->scale];
    const hf_value *v = &rec->values[q->field];
    q_stat *qs = &s->qs[k];
    int a = v->empty || v->v.enum_index < 0 ? -1 : qs->answer_of[v->v.enum_index];
    if (a < 0) {
      qs->skipped++;
      continue;
    }
    qs->answered++;
    qs->points += sc->points[a];
    qs->full += sc->full;
    qs->counts[a]++;
    if (q->overall) {
      row.answered++;
      row.points += sc->points[a];
      row.full += sc->full;
    }
  }
  tally_add(&s->total, &row);

  if (sp->has_respondent) {
    const hf_input_spec *in = rec->input;
    value_key(&s->resp, &in->fields[sp->respondent_field], &rec->values[sp->respondent_field]);
    bool created;
    hf_keymap_entry *e = keymap_upsert(s->respondents, s->resp.data ? s->resp.data : "", s->resp.len, &created);
    if (created) {
      resp_acc *a = hf_xcalloc(1, sizeof *a);
      a->first_line = rec->line;
      keep(&a->who, &in->fields[sp->respondent_field], &rec->values[sp->respondent_field], &s->resp);
      a->carry = hf_xcalloc(sp->ncarry ? sp->ncarry : 1, sizeof *a->carry);
      a->ncarry = sp->ncarry;
      for (size_t c = 0; c < sp->ncarry; c++) {
        const hf_field_spec *f = &in->fields[sp->carry[c]];
        value_key(&s->key, f, &rec->values[sp->carry[c]]);
        keep(&a->carry[c], f, &rec->values[sp->carry[c]], &s->key);
      }
      e->value = a;
    }
    resp_acc *a = e->value;
    if (a->t.forms == 1) {  /* this is its second form */
      if (s->ndup++ == 0) {
        s->dup_lines[0] = a->first_line;
        s->dup_lines[1] = rec->line;
        s->dup_key = e->key;  /* keys stay allocated until the map is freed */
      }
    }
    tally_add(&a->t, &row);
  }
  for (size_t g = 0; g < sp->nby; g++) add_to_group(s, g, rec, &row, &s->resp);
  return HF_OK;
}

static hf_status on_sent(void *state, const hf_record *rec, hf_error *err) {
  survey *s = state;
  const hf_satisfaction_spec *sp = s->sp;
  bool pass = true;
  hf_status st = filter_match(s->p, &sp->sent_where, rec, &pass, err);
  if (st != HF_OK || !pass) return st;
  if (sp->has_sent_date && outside_period(s, &rec->values[sp->sent_date_field], 1, rec->line)) return HF_OK;
  if (!sp->has_sent_count) s->sent++;
  else if (!rec->values[sp->sent_count_field].empty) s->sent += rec->values[sp->sent_count_field].v.i;
  return HF_OK;
}

/* ------------------------------------------------------------ start */

static void survey_init(survey *s, hf_engine *e, const hf_satisfaction_spec *sp) {
  hf_policy *p = engine_policy(e);
  s->e = e;
  s->p = p;
  s->sp = sp;
  buf_init(&s->key);
  buf_init(&s->resp);
  s->qs = hf_xcalloc(sp->nquestions, sizeof *s->qs);
  const hf_input_spec *in = &p->inputs[sp->input];
  for (size_t k = 0; k < sp->nquestions; k++) {
    const hf_scale_spec *sc = &p->scales[sp->questions[k].scale];
    const hf_field_spec *f = &in->fields[sp->questions[k].field];
    q_stat *qs = &s->qs[k];
    qs->counts = hf_xcalloc(sc->answers.n, sizeof *qs->counts);
    qs->answer_of = hf_xcalloc(f->enum_values.n ? f->enum_values.n : 1, sizeof *qs->answer_of);
    for (size_t v = 0; v < f->enum_values.n; v++) {
      qs->answer_of[v] = -1;  /* a skip spelling (the policy allowed no others) */
      for (size_t a = 0; a < sc->answers.n; a++)
        if (strcmp(f->enum_values.v[v], sc->answers.v[a]) == 0) qs->answer_of[v] = (int)a;
    }
  }
  s->groups = hf_xcalloc(sp->nby ? sp->nby : 1, sizeof *s->groups);
  for (size_t g = 0; g < sp->nby; g++) s->groups[g] = keymap_new();
  if (sp->has_respondent) s->respondents = keymap_new();
}

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  (void)err;
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (p->nsurveys == 0) return HF_OK;
  sat_state *st = hf_xcalloc(1, sizeof *st);
  st->s = hf_xcalloc(p->nsurveys, sizeof *st->s);
  st->n = p->nsurveys;
  for (size_t i = 0; i < p->nsurveys; i++) {
    survey *s = &st->s[i];
    survey_init(s, e, &p->surveys[i]);
    engine_subscribe(e, p->surveys[i].input, on_response, s);
    if (p->surveys[i].has_sent) engine_subscribe(e, p->surveys[i].sent_input, on_sent, s);
  }
  *state = st;
  return HF_OK;
}

/* ------------------------------------------------------------ finish */

/* Points and full marks: integers as integers (JSON 2046, not 2.05e+03), else numbers. */
static void points_cell(hf_cell *c, double x) {
  if (x == floor(x) && fabs(x) < 9e15) cell_int(c, (int64_t)x);
  else cell_num(c, x);
}

/* The format of points columns: integers when every scale the survey uses has whole points and full marks. */
static hf_format points_format_of(const survey *s) {
  for (size_t k = 0; k < s->sp->nquestions; k++) {
    const hf_scale_spec *sc = &s->p->scales[s->sp->questions[k].scale];
    if (sc->full != floor(sc->full)) return HF_FMT_NUMBER;
    for (size_t a = 0; a < sc->answers.n; a++)
      if (sc->points[a] != floor(sc->points[a])) return HF_FMT_NUMBER;
  }
  return HF_FMT_INT;
}

/* points / full, or no value when nothing was answered. */
static void sat_cell(hf_cell *c, const tally *t) {
  if (t->full > 0) cell_num(c, t->points / t->full);
}

/* "2046 / 2300 分": format_double writes points as people do (20, -2, 12.5). */
static const char *points_text(hf_results *r, const tally *t) {
  char a[32], b[32];
  format_double(t->points, a);
  format_double(t->full, b);
  return results_printf(r, "%s / %s 分", a, b);
}

/* "业主满意度 · <what>" */
static const char *titled(hf_results *r, const survey *s, const char *what) {
  return results_printf(r, "%s · %s", s->sp->title, what);
}

static void question_table(survey *s, hf_results *r) {
  hf_format pf = points_format_of(s);
  const hf_column cols[] = {
      {"question", "问题", HF_FMT_TEXT, true},     {"scale", "量表", HF_FMT_TEXT, false},
      {"answered", "作答", HF_FMT_INT, false},     {"skipped", "未作答", HF_FMT_INT, false},
      {"points", "得分", pf, false},               {"full", "满分", pf, false},
      {"mean", "平均分", HF_FMT_NUMBER, false},    {"satisfaction", "满意度", HF_FMT_PERCENT, false},
  };
  const hf_satisfaction_spec *sp = s->sp;
  hf_table *t = results_add_table(r, results_printf(r, "%s_questions", sp->id), titled(r, s, "分题满意度"), cols,
                                  sizeof cols / sizeof *cols);
  hf_buf note;
  buf_init(&note);
  buf_puts(&note, "满意度 = 实际得分 / 满分；满分 = 作答题数 × 该题量表的满分，未作答的题不计");
  for (size_t k = 0, n = 0; k < sp->nquestions; k++)
    if (!sp->questions[k].overall) buf_printf(&note, "%s「%s」", n++ ? "、" : "；不计入总体满意度：", sp->questions[k].label);
  t->note = results_str(r, note.data);
  buf_free(&note);
  for (size_t k = 0; k < sp->nquestions; k++) {
    const q_stat *qs = &s->qs[k];
    hf_cell *row = table_add_row(t);
    cell_str(r, &row[0], sp->questions[k].label);
    cell_str(r, &row[1], s->p->scales[sp->questions[k].scale].name);
    cell_int(&row[2], qs->answered);
    cell_int(&row[3], qs->skipped);
    points_cell(&row[4], qs->points);
    points_cell(&row[5], qs->full);
    if (qs->answered) cell_num(&row[6], qs->points / (double)qs->answered);
    tally q = {0, qs->answered, qs->points, qs->full};
    sat_cell(&row[7], &q);
  }
}

static void group_tables(survey *s, hf_results *r) {
  const hf_satisfaction_spec *sp = s->sp;
  const hf_input_spec *in = &s->p->inputs[sp->input];
  for (size_t g = 0; g < sp->nby; g++) {
    const hf_field_spec *f = &in->fields[sp->by[g]];
    hf_column cols[] = {
        {f->name, f->header, field_format(f), false},
        {"respondents", sp->has_respondent ? "受访人数" : "问卷份数", HF_FMT_INT, false},
        {"answered", "作答题次", HF_FMT_INT, false},
        {"points", "得分", points_format_of(s), false},
        {"full", "满分", points_format_of(s), false},
        {"satisfaction", "满意度", HF_FMT_PERCENT, false},
    };
    hf_table *t = results_add_table(r, results_printf(r, "%s_by_%s", sp->id, f->name),
                                    titled(r, s, results_printf(r, "按%s", f->header)), cols, 6);
    size_t n;
    hf_keymap_entry *es = keymap_sorted(s->groups[g], &n);
    for (size_t i = 0; i < n; i++) {
      const group_acc *a = es[i].value;
      hf_cell *row = table_add_row(t);
      kept_cell(r, &row[0], &a->shown);
      cell_int(&row[1], a->respondents);
      cell_int(&row[2], a->t.answered);
      points_cell(&row[3], a->t.points);
      points_cell(&row[4], a->t.full);
      sat_cell(&row[5], &a->t);
    }
  }
}

/* A question can go unanswered when its scale has skip spellings or its field allows an empty cell. */
static bool skippable(const hf_policy *p, const hf_satisfaction_spec *sp, size_t k) {
  return p->scales[sp->questions[k].scale].skip.n > 0 || p->inputs[sp->input].fields[sp->questions[k].field].optional;
}

static void distribution_table(survey *s, hf_results *r) {
  const hf_column cols[] = {
      {"question", "问题", HF_FMT_TEXT, true}, {"answer", "答案", HF_FMT_TEXT, false},
      {"points", "分值", points_format_of(s), false}, {"count", "人次", HF_FMT_INT, false},
      {"share", "占作答比例", HF_FMT_PERCENT, false},
  };
  const hf_satisfaction_spec *sp = s->sp;
  hf_table *t = results_add_table(r, results_printf(r, "%s_distribution", sp->id), titled(r, s, "答案分布"), cols, 5);
  for (size_t k = 0; k < sp->nquestions; k++) {
    const hf_scale_spec *sc = &s->p->scales[sp->questions[k].scale];
    const q_stat *qs = &s->qs[k];
    for (size_t a = 0; a < sc->answers.n; a++) {
      hf_cell *row = table_add_row(t);
      cell_str(r, &row[0], sp->questions[k].label);
      cell_str(r, &row[1], sc->answers.v[a]);
      points_cell(&row[2], sc->points[a]);
      cell_int(&row[3], qs->counts[a]);
      if (qs->answered) cell_num(&row[4], (double)qs->counts[a] / (double)qs->answered);
    }
    if (skippable(s->p, sp, k)) {
      hf_cell *row = table_add_row(t);
      cell_str(r, &row[0], sp->questions[k].label);
      cell_str(r, &row[1], "（未作答）");
      cell_int(&row[3], qs->skipped);
    }
  }
}

/* Respondents, least satisfied first; those with nothing answered last; ties by key bytes. */
static int by_satisfaction(const void *x, const void *y) {
  const hf_keymap_entry *a = *(const hf_keymap_entry *const *)x, *b = *(const hf_keymap_entry *const *)y;
  const resp_acc *ra = a->value, *rb = b->value;
  bool ha = ra->t.full > 0, hb = rb->t.full > 0;
  if (ha != hb) return ha ? -1 : 1;
  if (ha) {
    double sa = ra->t.points / ra->t.full, sb = rb->t.points / rb->t.full;
    if (sa != sb) return sa < sb ? -1 : 1;
  }
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->key, b->key, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

static void respondent_table(survey *s, hf_results *r) {
  const hf_satisfaction_spec *sp = s->sp;
  const hf_input_spec *in = &s->p->inputs[sp->input];
  size_t ncols = 0;
  hf_column *cols = hf_xcalloc(sp->ncarry + 6, sizeof *cols);
  const hf_field_spec *rf = &in->fields[sp->respondent_field];
  cols[ncols++] = (hf_column){rf->name, rf->header, field_format(rf), false};
  for (size_t c = 0; c < sp->ncarry; c++) {
    const hf_field_spec *f = &in->fields[sp->carry[c]];
    cols[ncols++] = (hf_column){f->name, f->header, field_format(f), false};
  }
  cols[ncols++] = (hf_column){"forms", "问卷份数", HF_FMT_INT, false};
  cols[ncols++] = (hf_column){"answered", "作答题数", HF_FMT_INT, false};
  cols[ncols++] = (hf_column){"points", "得分", points_format_of(s), false};
  cols[ncols++] = (hf_column){"full", "满分", points_format_of(s), false};
  cols[ncols++] = (hf_column){"satisfaction", "满意度", HF_FMT_PERCENT, false};
  hf_table *t = results_add_table(r, results_printf(r, "%s_respondents", sp->id), titled(r, s, "受访者满意度"), cols, ncols);
  free(cols);
  t->pdf_limit = sp->pdf_limit;

  size_t n;
  hf_keymap_entry *es = keymap_sorted(s->respondents, &n);
  hf_keymap_entry **order = hf_xcalloc(n ? n : 1, sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = &es[i];
  qsort(order, n, sizeof *order, by_satisfaction);
  for (size_t i = 0; i < n; i++) {
    const resp_acc *a = order[i]->value;
    hf_cell *row = table_add_row(t);
    size_t c = 0;
    kept_cell(r, &row[c++], &a->who);
    for (size_t k = 0; k < sp->ncarry; k++) kept_cell(r, &row[c++], &a->carry[k]);
    cell_int(&row[c++], a->t.forms);
    cell_int(&row[c++], a->t.answered);
    points_cell(&row[c++], a->t.points);
    points_cell(&row[c++], a->t.full);
    sat_cell(&row[c++], &a->t);
  }
  free(order);
  /* (past pdf_limit the PDF itself says how many rows are left out and where they are) */
  t->note = results_printf(r, "按满意度从低到高排列（未作答的在最后）；共 %zu 位", n);
}

/* "<title> " before a KPI label when the policy has several surveys. */
static const char *kpi_label(hf_results *r, const survey *s, size_t nsurveys, const char *label) {
  return nsurveys > 1 ? results_printf(r, "%s %s", s->sp->title, label) : label;
}

static void add_kpis(survey *s, hf_results *r, size_t nsurveys) {
  const hf_satisfaction_spec *sp = s->sp;
  hf_kpi *k = results_add_kpi(r, results_printf(r, "%s_satisfaction", sp->id), sp->title,
                              s->total.full > 0 ? s->total.points / s->total.full : 0, HF_FMT_PERCENT);
  k->detail = s->total.full > 0 ? points_text(r, &s->total) : "没有作答";
  if (sp->has_target) {
    k->has_target = true;
    k->target = sp->target;
    k->met = s->total.full > 0 && s->total.points / s->total.full >= sp->target;
  }
  k = results_add_kpi(r, results_printf(r, "%s_responses", sp->id), kpi_label(r, s, nsurveys, "回收问卷"),
                      (double)s->total.forms, HF_FMT_INT);
  if (sp->has_respondent) k->detail = results_printf(r, "%zu 位受访者", keymap_count(s->respondents));
  if (sp->has_sent) {
    double rate = s->sent > 0 ? (double)s->total.forms / (double)s->sent : 0;
    k = results_add_kpi(r, results_printf(r, "%s_return_rate", sp->id), kpi_label(r, s, nsurveys, "问卷回收率"), rate,
                        HF_FMT_PERCENT);
    k->detail = results_printf(r, "%lld / %lld 份", (long long)s->total.forms, (long long)s->sent);
    if (sp->has_return_target) {
      k->has_target = true;
      k->target = sp->return_target;
      k->met = s->sent > 0 && rate >= sp->return_target;
    }
  }
  for (size_t q = 0; q < sp->nquestions; q++) {
    if (!sp->questions[q].kpi) continue;
    const q_stat *qs = &s->qs[q];
    tally t = {0, qs->answered, qs->points, qs->full};
    const hf_field_spec *f = &s->p->inputs[sp->input].fields[sp->questions[q].field];
    k = results_add_kpi(r, results_printf(r, "%s_%s", sp->id, f->name), sp->questions[q].kpi,
                        t.full > 0 ? t.points / t.full : 0, HF_FMT_PERCENT);
    k->detail = t.full > 0 ? points_text(r, &t) : "没有作答";
  }
}

static void warn(survey *s, hf_results *r) {
  const hf_satisfaction_spec *sp = s->sp;
  hf_engine *e = s->e;
  for (int w = 0; w < 2; w++) {
    if (!s->out[w]) continue;  /* counted only with --period: the results' period is it */
    size_t input = w == 0 ? sp->input : sp->sent_input;
    results_warn(r, "%s：%s %ld 行的日期不在统计期 %s 至 %s 内，未计入（第一处在第 %ld 行）", engine_input_path(e, input),
                 w == 0 ? sp->title : "发放记录中", s->out[w], r->period_from, r->period_to, s->first_out[w]);
  }
  if (s->ndup)
    results_warn(r, "%s：%zu 位受访者有不止一份问卷（如「%s」，第 %ld 行和第 %ld 行），已合并计算", engine_input_path(e, sp->input),
                 s->ndup, s->dup_key, s->dup_lines[0], s->dup_lines[1]);
  if (sp->has_sent && s->sent == 0)
    results_warn(r, "%s：没有发放记录，问卷回收率记为 0", engine_input_path(e, sp->sent_input));
  else if (sp->has_sent && s->total.forms > s->sent)
    results_warn(r, "%s：回收问卷 %lld 份多于发放的 %lld 份，请核对发放记录", sp->title, (long long)s->total.forms,
                 (long long)s->sent);
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  (void)err;
  sat_state *st = state;
  hf_results *r = engine_results(e);
  for (size_t i = 0; i < st->n; i++) {
    survey *s = &st->s[i];
    add_kpis(s, r, st->n);
    question_table(s, r);
    group_tables(s, r);
    distribution_table(s, r);
    if (s->sp->has_respondent) respondent_table(s, r);
    warn(s, r);
  }
  return HF_OK;
}

/* ------------------------------------------------------------ release */

static void group_free(void *v) {
  group_acc *a = v;
  if (!a) return;
  free(a->shown.text);
  keymap_free(a->seen, NULL);
  free(a);
}

static void resp_free(void *v) {
  resp_acc *a = v;
  if (!a) return;
  free(a->who.text);
  for (size_t c = 0; c < a->ncarry; c++) free(a->carry[c].text);
  free(a->carry);
  free(a);
}

static void release(void *state) {
  sat_state *st = state;
  if (!st) return;
  for (size_t i = 0; i < st->n; i++) {
    survey *s = &st->s[i];
    if (!s->sp) continue;
    for (size_t k = 0; s->qs && k < s->sp->nquestions; k++) {
      free(s->qs[k].counts);
      free(s->qs[k].answer_of);
    }
    free(s->qs);
    for (size_t g = 0; s->groups && g < s->sp->nby; g++) keymap_free(s->groups[g], group_free);
    free(s->groups);
    keymap_free(s->respondents, resp_free);
    buf_free(&s->key);
    buf_free(&s->resp);
  }
  free(st->s);
  free(st);
}

const hf_block satisfaction_block = {"satisfaction", start, finish, release};
