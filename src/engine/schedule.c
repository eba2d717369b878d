/*
** schedule.c — the engine's `schedules` section (block.h; DOMAIN.md P3, P7):
** visit plans from anchor dates, visits matched to them, each slot's status
** as of --as-of, and the tables people act on (overdue, upcoming, per owner,
** next year's plan). The date arithmetic is schedule_core's.
**
** Rows. A plan record (one project, one customer) that passes `where` is kept
** as its key, owner, shown fields, anchor dates and one flag per slot rule
** (that rule's `where`, evaluated now while the record lives). A visit record
** goes to its key's list. Plans and visits may come in either order.
** Finish. Per plan, in key order: slots from the applicable rules, sorted;
** the plan's visits dated up to as-of matched to them (a later visit has not
** happened as of that day: slot_status calls any satisfied slot done);
** statuses as of as-of. Series without `to` are open-ended: they run until
** their windows cover the horizon (Dec 31 of the year after as-of, or as-of +
** upcoming_days when later), so next year's plan and the upcoming list are
** complete and a visit is never lost for want of a slot.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "engine/blocks.h"
#include "engine/filter.h"
#include "engine/keymap.h"
#include "engine/schedule_core.h"

/* ------------------------------------------------------------ state */

/* A plan's field kept past its record: typed as the field is. */
typedef struct kept_value {
  bool empty;
  int64_t i;     /* HF_T_INT */
  double num;    /* HF_T_NUMBER */
  hf_date date;  /* HF_T_DATE */
  char *text;    /* every type's text as read (shown for the text types) */
} kept_value;

typedef struct plan {
  char *key;            /* normalised (match_text): what visits are matched by */
  char *owner;          /* normalised; "" without an owner field or for an empty cell */
  long line;
  kept_value key_value, owner_value;
  kept_value *fields;
  hf_date *anchor;
  unsigned char *has_anchor;
  unsigned char *applies;  /* per slot rule: its where passed */
} plan;

typedef struct visit_list {
  hf_date *dates;
  long *lines;
  size_t n, cap;
} visit_list;

/* One slot of one plan, as the tables show it. */
typedef struct slot_row {
  const plan *p;
  hf_slot slot;
  hf_slot_status status;
  bool visited;
  hf_date visit;
  size_t seq;  /* generation order: plans by key, slots sorted: ties never depend on qsort */
} slot_row;

typedef struct owner_stat {
  const plan *first;  /* for the owner's shown value */
  long plans, due, done, overdue, open, extra;
} owner_stat;

typedef struct sched {
  hf_engine *e;
  const hf_schedule_spec *spec;
  size_t index;          /* in the policy's schedules, for messages */
  plan *plans;
  size_t nplans, cap;
  hf_keymap *plan_keys;  /* key -> plan index + 1 */
  hf_keymap *excluded;   /* keys of plan rows `where` left out: their visits are not "unknown" */
  hf_keymap *visits;     /* key -> visit_list */
  long *missing, *missing_line;       /* per anchor: plans whose own cell was empty */
  long no_key_plans, no_key_plan_line;
  long bad_visits, bad_visit_line;    /* visit rows with an empty key or date */
  hf_buf scratch;
} sched;

typedef struct schedules_state {
  sched *s;
  size_t n;
} schedules_state;

static void kept_free(kept_value *v) { free(v->text); }

static void plan_free(plan *p, const hf_schedule_spec *spec) {
  free(p->key);
  free(p->owner);
  kept_free(&p->key_value);
  kept_free(&p->owner_value);
  for (size_t i = 0; p->fields && i < spec->nfields; i++) kept_free(&p->fields[i]);
  free(p->fields);
  free(p->anchor);
  free(p->has_anchor);
  free(p->applies);
}

static void visit_list_free(void *v) {
  visit_list *l = v;
  if (!l) return;
  free(l->dates);
  free(l->lines);
  free(l);
}

static void sched_free(sched *s) {
  for (size_t i = 0; i < s->nplans; i++) plan_free(&s->plans[i], s->spec);
  free(s->plans);
  keymap_free(s->plan_keys, NULL);
  keymap_free(s->excluded, NULL);
  keymap_free(s->visits, visit_list_free);
  free(s->missing);
  free(s->missing_line);
  buf_free(&s->scratch);
}

/* ------------------------------------------------------------ helpers */

static const char *basename_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* "projects.csv:12: 回访计划「warranty_visits」（construction.lua 的 schedules[1]）：..." */
static hf_status fail_row(sched *s, size_t input, long line, hf_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static hf_status fail_row(sched *s, size_t input, long line, hf_error *err, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const hf_policy *p = engine_policy(s->e);
  return hf_fail(err, HF_ERR_DATA, "%s:%ld: 回访计划「%s」（%s 的 schedules[%zu]）：%s", engine_input_path(s->e, input),
                 line, s->spec->id, basename_of(p->rule_file), s->index + 1, msg);
}

/* The text two cells are matched and grouped by: ints and numbers as numbers
** ("007" is 7), dates as YYYY-MM-DD, the rest as read. */
static const char *match_text(sched *s, const hf_field_spec *f, const hf_value *v) {
  buf_reset(&s->scratch);
  if (f->type == HF_T_INT) {
    buf_printf(&s->scratch, "%lld", (long long)v->v.i);
  } else if (f->type == HF_T_NUMBER) {
    char num[32];
    format_double(v->v.num, num);
    buf_puts(&s->scratch, num);
  } else if (f->type == HF_T_DATE) {
    char iso[11];
    date_format_iso(v->v.date, iso);
    buf_puts(&s->scratch, iso);
  } else {
    buf_append(&s->scratch, v->text, v->len);
  }
  if (!s->scratch.data) buf_puts(&s->scratch, "");
  return s->scratch.data;
}

static void keep(kept_value *out, const hf_field_spec *f, const hf_value *v) {
  memset(out, 0, sizeof *out);
  out->empty = v->empty;
  if (f->type == HF_T_INT) out->i = v->v.i;
  else if (f->type == HF_T_NUMBER) out->num = v->v.num;
  else if (f->type == HF_T_DATE) out->date = v->v.date;
  out->text = hf_xstrndup(v->text ? v->text : "", v->len);
}

static hf_offset to_offset(hf_duration d) { return (hf_offset){d.years, d.months, d.weeks, d.days}; }

/* ------------------------------------------------------------ rows */

/* The anchors of a plan record. Fails (naming the row) only for bad data:
** negative warranty months, a date out of range. */
static hf_status plan_anchors(sched *s, const hf_record *rec, plan *pl, hf_error *err) {
  const hf_schedule_spec *spec = s->spec;
  for (size_t a = 0; a < spec->nanchors; a++) {
    const hf_anchor_spec *as = &spec->anchors[a];
    hf_date d = 0;
    bool have = false, own_missing = false;
    if (as->from_field) {
      const hf_value *v = &rec->values[as->field];
      own_missing = v->empty;
      have = !v->empty;
      d = v->v.date;
    } else if (pl->has_anchor[as->base]) {
      have = true;
      d = pl->anchor[as->base];
    }
    hf_offset plus = to_offset(as->plus);
    if (have && as->has_plus_field) {
      const hf_value *v = &rec->values[as->plus_field];
      const hf_field_spec *f = &rec->input->fields[as->plus_field];
      if (v->empty) {
        own_missing = true;
        have = false;
      } else if (v->v.i < 0 || v->v.i > 120000) {
        return fail_row(s, spec->input, rec->line, err, "起算日「%s」：列「%s」的月数 %lld 应在 0 到 120000 之间",
                        as->name, f->header, (long long)v->v.i);
      } else {
        plus.months += (int)v->v.i;
      }
    }
    if (have && !offset_add(d, plus, &d))
      return fail_row(s, spec->input, rec->line, err, "起算日「%s」：%s", as->name,
                      sched_error_text(HF_SCHED_OUT_OF_RANGE));
    if (own_missing && s->missing[a]++ == 0) s->missing_line[a] = rec->line;
    pl->has_anchor[a] = have;
    pl->anchor[a] = d;
  }
  return HF_OK;
}

static hf_status plan_row(void *state, const hf_record *rec, hf_error *err) {
  sched *s = state;
  const hf_schedule_spec *spec = s->spec;
  hf_policy *p = engine_policy(s->e);
  const hf_input_spec *in = &p->inputs[spec->input];
  bool pass = true;
  hf_status st = filter_match(p, &spec->where, rec, &pass, err);
  if (st != HF_OK) return st;
  const hf_value *kv = &rec->values[spec->key_field];
  if (kv->empty) {
    if (pass && s->no_key_plans++ == 0) s->no_key_plan_line = rec->line;
    return HF_OK;
  }
  const char *key = match_text(s, &in->fields[spec->key_field], kv);
  size_t klen = strlen(key);
  if (!pass) {
    keymap_upsert(s->excluded, key, klen, NULL)->value = (void *)1;  /* non-NULL: keymap_get finds it */
    return HF_OK;
  }
  bool created = false;
  hf_keymap_entry *entry = keymap_upsert(s->plan_keys, key, klen, &created);
  if (!created) {
    const plan *first = &s->plans[(size_t)(uintptr_t)entry->value - 1];
    return fail_row(s, spec->input, rec->line, err, "编号「%s」（列「%s」）重复，第一次出现在第 %ld 行；每个计划只能有一行",
                    key, in->fields[spec->key_field].header, first->line);
  }
  if (s->nplans == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->plans = hf_xrealloc(s->plans, s->cap * sizeof *s->plans);
  }
  entry->value = (void *)(uintptr_t)(s->nplans + 1);
  plan *pl = &s->plans[s->nplans++];
  memset(pl, 0, sizeof *pl);
  pl->key = hf_xstrdup(key);
  pl->line = rec->line;
  keep(&pl->key_value, &in->fields[spec->key_field], kv);
  if (spec->has_owner) {
    keep(&pl->owner_value, &in->fields[spec->owner_field], &rec->values[spec->owner_field]);
    pl->owner = hf_xstrdup(pl->owner_value.empty ? "" : match_text(s, &in->fields[spec->owner_field],
                                                                   &rec->values[spec->owner_field]));
  } else {
    pl->owner_value.empty = true;
    pl->owner = hf_xstrdup("");
  }
  pl->fields = hf_xcalloc(spec->nfields ? spec->nfields : 1, sizeof *pl->fields);
  for (size_t i = 0; i < spec->nfields; i++)
    keep(&pl->fields[i], &in->fields[spec->fields[i]], &rec->values[spec->fields[i]]);
  pl->anchor = hf_xcalloc(spec->nanchors, sizeof *pl->anchor);
  pl->has_anchor = hf_xcalloc(spec->nanchors, 1);
  pl->applies = hf_xcalloc(spec->nslots, 1);
  if ((st = plan_anchors(s, rec, pl, err)) != HF_OK) return st;
  for (size_t r = 0; r < spec->nslots; r++) {
    bool ok = true;
    if ((st = filter_match(p, &spec->slots[r].where, rec, &ok, err)) != HF_OK) return st;
    pl->applies[r] = ok;
  }
  return HF_OK;
}

static hf_status visit_row(void *state, const hf_record *rec, hf_error *err) {
  sched *s = state;
  const hf_schedule_spec *spec = s->spec;
  hf_policy *p = engine_policy(s->e);
  bool pass = true;
  hf_status st = filter_match(p, &spec->visit_where, rec, &pass, err);
  if (st != HF_OK || !pass) return st;
  const hf_value *kv = &rec->values[spec->visit_key_field], *dv = &rec->values[spec->visit_date_field];
  if (kv->empty || dv->empty) {
    if (s->bad_visits++ == 0) s->bad_visit_line = rec->line;
    return HF_OK;
  }
  engine_note_date(s->e, dv->v.date);
  const char *key = match_text(s, &p->inputs[spec->visit_input].fields[spec->visit_key_field], kv);
  hf_keymap_entry *entry = keymap_upsert(s->visits, key, strlen(key), NULL);
  if (!entry->value) entry->value = hf_xcalloc(1, sizeof(visit_list));
  visit_list *l = entry->value;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 4;
    l->dates = hf_xrealloc(l->dates, l->cap * sizeof *l->dates);
    l->lines = hf_xrealloc(l->lines, l->cap * sizeof *l->lines);
  }
  l->dates[l->n] = dv->v.date;
  l->lines[l->n++] = rec->line;
  return HF_OK;
}

/* ------------------------------------------------------------ slots */

/* The open-ended band's next slot after its last one (k = n + 1), so that its
** windows cover the horizon. Nothing when that due is past 9999-12-31. */
static hf_sched_error band_next(hf_slots *sl, hf_date anchor, const hf_slot_rule *r, int rule, size_t first) {
  int n = (int)(sl->n - first);
  if (n >= HF_SCHED_MAX_BAND_SLOTS) return HF_SCHED_TOO_MANY_SLOTS;
  hf_offset k_every, from = to_offset(r->from);
  hf_date due, open;
  if (!offset_times(to_offset(r->every), n + 1, &k_every)) return HF_SCHED_OK;
  hf_offset total = {from.years + k_every.years, from.months + k_every.months, from.weeks + k_every.weeks,
                     from.days + k_every.days};
  if (!offset_add(anchor, total, &due)) return HF_SCHED_OK;
  if (n > 0) open = sl->items[sl->n - 1].due;
  else if (!offset_add(anchor, from, &open)) return HF_SCHED_OUT_OF_RANGE;
  slots_push(sl, (hf_slot){.open = open, .due = due, .rule = rule, .k = n + 1});
  return HF_SCHED_OK;
}

/* The slots of rule r for plan pl into sl. */
static hf_sched_error rule_slots(const hf_slot_rule *r, int rule, const plan *pl, hf_date horizon, hf_slots *sl) {
  if (!pl->applies[rule] || !pl->has_anchor[r->anchor]) return HF_SCHED_OK;
  hf_date a = pl->anchor[r->anchor];
  if (r->kind == HF_SLOT_SINGLE) {
    hf_offset w = to_offset(r->window);
    return slots_add_single(sl, a, to_offset(r->offset), r->has_window ? &w : NULL, rule);
  }
  hf_date end = horizon;
  if (r->has_until) {
    if (!pl->has_anchor[r->until_anchor]) return HF_SCHED_OK;  /* no end known: no series */
    if (!offset_add(pl->anchor[r->until_anchor], to_offset(r->until), &end)) return HF_SCHED_OUT_OF_RANGE;
  }
  if (r->kind == HF_SLOT_EVERY) {
    hf_band band = {.anchor = a, .period = to_offset(r->every), .start = to_offset(r->from),
                    .end_is_date = true, .end_date = end};
    size_t first = sl->n;
    hf_sched_error e = slots_add_band(sl, &band, rule);
    if (e == HF_SCHED_OK && !r->has_until) e = band_next(sl, a, r, rule, first);
    return e;
  }
  hf_date from;
  if (!offset_add(a, to_offset(r->from), &from)) return HF_SCHED_OUT_OF_RANGE;
  return slots_add_seasons(sl, r->months, r->nmonths, from, end, rule);
}

/* ------------------------------------------------------------ tables */

static const char *const STATUS_TEXT[] = {"已完成", "逾期", "进行中", "未到期"};

static void put_date(hf_row_writer *w, hf_date d) {
  char iso[11];
  date_format_iso(d, iso);
  row_str(w, iso, 10);
}

static void put_kept(hf_row_writer *w, const hf_field_spec *f, const kept_value *v) {
  if (v->empty) row_null(w);
  else if (f->type == HF_T_DATE) put_date(w, v->date);
  else if (f->type == HF_T_INT) row_int(w, v->i);
  else if (f->type == HF_T_NUMBER) row_num(w, v->num);
  else row_str(w, v->text, strlen(v->text));
}

/* Columns: [owner], key, fields... (owner first when the table is per owner). */
typedef struct colset {
  hf_column *cols;
  size_t n;
} colset;

static void add_col(colset *c, const char *id, const char *label, hf_format fmt) {
  c->cols = hf_xrealloc(c->cols, (c->n + 1) * sizeof *c->cols);
  c->cols[c->n++] = (hf_column){id, label, fmt, false};
}

/* Width of s in half-width cells: ASCII 1, anything else (CJK) 2. */
static size_t display_width(const char *s) {
  size_t w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x80) w++;
    else if ((*p & 0xC0) != 0x80) w += 2;  /* a lead byte: one character */
  return w;
}

/* Long free text (project names, customers, slot labels) wraps in the PDF, so
** that dates, phone numbers and ids keep their width; judged on the widest
** value, so the choice depends only on the data. */
#define WRAP_WIDTH 18

static bool field_wraps(sched *s, size_t k) {
  for (size_t i = 0; i < s->nplans; i++)
    if (!s->plans[i].fields[k].empty && display_width(s->plans[i].fields[k].text) > WRAP_WIDTH) return true;
  return false;
}

static bool labels_wrap(const hf_schedule_spec *spec) {
  for (size_t r = 0; r < spec->nslots; r++)
    if (display_width(spec->slots[r].label) > WRAP_WIDTH) return true;
  return false;
}

/* Which columns a slot table shows. The action lists (per owner: overdue,
** upcoming, plan) leave out k, and the overdue list the window's start too:
** their due date identifies the visit, and an A4 page holds few columns. */
typedef enum layout { LAYOUT_ALL, LAYOUT_OVERDUE, LAYOUT_ACTION } layout;

static void plan_columns(sched *s, colset *c, layout lay) {
  const hf_input_spec *in = &engine_policy(s->e)->inputs[s->spec->input];
  const hf_field_spec *key = &in->fields[s->spec->key_field];
  const hf_field_spec *owner = s->spec->has_owner ? &in->fields[s->spec->owner_field] : NULL;
  if (owner && lay != LAYOUT_ALL) add_col(c, owner->name, owner->header, field_format(owner));
  add_col(c, key->name, key->header, field_format(key));
  if (owner && lay == LAYOUT_ALL) add_col(c, owner->name, owner->header, field_format(owner));
  for (size_t i = 0; i < s->spec->nfields; i++) {
    const hf_field_spec *f = &in->fields[s->spec->fields[i]];
    add_col(c, f->name, f->header, field_format(f));
    c->cols[c->n - 1].wrap = field_format(f) == HF_FMT_TEXT && field_wraps(s, i);
  }
  add_col(c, "slot", "回访项目", HF_FMT_TEXT);
  c->cols[c->n - 1].wrap = labels_wrap(s->spec);
  if (lay == LAYOUT_ALL) add_col(c, "k", "次序", HF_FMT_INT);
  if (lay != LAYOUT_OVERDUE) add_col(c, "window_from", "窗口开始", HF_FMT_DATE);
  add_col(c, "due", "应回访日", HF_FMT_DATE);
}

static void put_plan(sched *s, hf_row_writer *w, const slot_row *row, layout lay) {
  const hf_input_spec *in = &engine_policy(s->e)->inputs[s->spec->input];
  const plan *pl = row->p;
  bool owner = s->spec->has_owner;
  if (owner && lay != LAYOUT_ALL) put_kept(w, &in->fields[s->spec->owner_field], &pl->owner_value);
  put_kept(w, &in->fields[s->spec->key_field], &pl->key_value);
  if (owner && lay == LAYOUT_ALL) put_kept(w, &in->fields[s->spec->owner_field], &pl->owner_value);
  for (size_t i = 0; i < s->spec->nfields; i++) put_kept(w, &in->fields[s->spec->fields[i]], &pl->fields[i]);
  const char *label = s->spec->slots[row->slot.rule].label;
  row_str(w, label, strlen(label));
  if (lay == LAYOUT_ALL) {
    if (row->slot.k > 0) row_int(w, row->slot.k);
    else row_null(w);
  }
  if (lay != LAYOUT_OVERDUE) put_date(w, row->slot.open + 1);
  put_date(w, row->slot.due);
}

static hf_table *new_table(sched *s, const char *suffix, const char *title, colset *c, bool limited) {
  hf_results *r = engine_results(s->e);
  char id[300];
  snprintf(id, sizeof id, "%s%s", s->spec->id, suffix);
  hf_table *t = results_add_table(r, id, results_printf(r, "%s：%s", s->spec->title, title), c->cols, c->n);
  free(c->cols);
  c->cols = NULL;
  c->n = 0;
  if (limited) {
    t->pdf_limit = s->spec->pdf_limit;
    table_spill_after(t, t->pdf_limit);  /* the PDF prints only these; 0 = all stay resident */
  }
  return t;
}

/* Per owner, then due, then key, then generation order. */
static int by_owner_due(const void *a, const void *b) {
  const slot_row *x = *(const slot_row *const *)a, *y = *(const slot_row *const *)b;
  int c = strcmp(x->p->owner, y->p->owner);
  if (c) return c;
  if (x->slot.due != y->slot.due) return x->slot.due < y->slot.due ? -1 : 1;
  if ((c = strcmp(x->p->key, y->p->key))) return c;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The rows of `all` for which keep(row) holds, sorted per owner. */
static const slot_row **select_rows(const slot_row *all, size_t n, bool (*pick)(const slot_row *, const void *),
                                    const void *ctx, size_t *count) {
  const slot_row **out = hf_xcalloc(n ? n : 1, sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (pick(&all[i], ctx)) out[k++] = &all[i];
  qsort(out, k, sizeof *out, by_owner_due);
  *count = k;
  return out;
}

typedef struct window_ctx {
  hf_date as_of;
  hf_date until;  /* upcoming: windows opening on or before this day */
  int year;       /* plan */
} window_ctx;

static bool pick_overdue(const slot_row *r, const void *ctx) {
  (void)ctx;
  return r->status == HF_SLOT_OVERDUE;
}

static bool pick_upcoming(const slot_row *r, const void *ctx) {
  const window_ctx *w = ctx;
  /* open + 1 is the window's first day */
  return r->status == HF_SLOT_OPEN || (r->status == HF_SLOT_UPCOMING && r->slot.open + 1 <= w->until);
}

static bool pick_plan(const slot_row *r, const void *ctx) {
  const window_ctx *w = ctx;
  return slot_due_in_year(&r->slot, w->year);
}

/* ------------------------------------------------------------ finish */

typedef struct outcome {
  slot_row *rows;
  size_t nrows, cap;
  long extra, future, future_line;
  size_t planned;  /* plans with at least one slot */
} outcome;

static void push_row(outcome *o, slot_row row) {
  if (o->nrows == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 256;
    o->rows = hf_xrealloc(o->rows, o->cap * sizeof *o->rows);
  }
  row.seq = o->nrows;
  o->rows[o->nrows++] = row;
}

/* Slots, matching and statuses of one plan; its extra visits into *extra. */
static hf_status plan_slots(sched *s, const plan *pl, hf_date as_of, hf_date horizon, outcome *o, long *extra,
                            hf_error *err) {
  const hf_schedule_spec *spec = s->spec;
  hf_slots sl;
  slots_init(&sl);
  for (size_t r = 0; r < spec->nslots; r++) {
    hf_sched_error e = rule_slots(&spec->slots[r], (int)r, pl, horizon, &sl);
    if (e != HF_SCHED_OK) {
      slots_free(&sl);
      return fail_row(s, spec->input, pl->line, err, "计划「%s」的「%s」（slots[%zu]）：%s", pl->key,
                      spec->slots[r].label, r + 1, sched_error_text(e));
    }
  }
  slots_sort(&sl);
  const visit_list *vl = keymap_get(s->visits, pl->key, strlen(pl->key));
  size_t nv = 0;
  hf_date *dates = hf_xcalloc(vl && vl->n ? vl->n : 1, sizeof *dates);
  for (size_t i = 0; vl && i < vl->n; i++) {
    if (vl->dates[i] <= as_of) {
      dates[nv++] = vl->dates[i];
    } else if (o->future++ == 0 || vl->lines[i] < o->future_line) {
      o->future_line = vl->lines[i];
    }
  }
  long *visit_slot = hf_xcalloc(nv ? nv : 1, sizeof *visit_slot);
  long *slot_visit = hf_xcalloc(sl.n ? sl.n : 1, sizeof *slot_visit);
  slots_match(sl.items, sl.n, dates, nv, visit_slot, slot_visit);
  for (size_t i = 0; i < nv; i++) *extra += visit_slot[i] < 0;
  for (size_t j = 0; j < sl.n; j++) {
    bool done = slot_visit[j] >= 0;
    push_row(o, (slot_row){.p = pl, .slot = sl.items[j], .status = slot_status(&sl.items[j], done, as_of),
                           .visited = done, .visit = done ? dates[slot_visit[j]] : 0});
  }
  o->planned += sl.n > 0;
  free(visit_slot);
  free(slot_visit);
  free(dates);
  slots_free(&sl);
  return HF_OK;
}

static void all_table(sched *s, const outcome *o, hf_date horizon) {
  hf_results *r = engine_results(s->e);
  colset c = {NULL, 0};
  plan_columns(s, &c, LAYOUT_ALL);
  add_col(&c, "status", "状态", HF_FMT_TEXT);
  add_col(&c, "visit_date", "回访日期", HF_FMT_DATE);
  hf_table *t = new_table(s, "", "全部应回访", &c, true);
  t->no_pdf = !s->spec->pdf_all_slots;
  char h[11];
  date_format_iso(horizon, h);
  t->note = results_printf(r,
                           "%zu 个计划、%zu 次应回访，按计划编号排列；未设终点（to）的周期回访排到 %s 之后的第一次。"
                           "另有 %ld 次回访记录不对应任何应回访（在所有时间窗之外，或同一时间窗内的第二次）",
                           s->nplans, o->nrows, h, o->extra);
  for (size_t i = 0; i < o->nrows; i++) {
    const slot_row *row = &o->rows[i];
    hf_row_writer w;
    table_row_begin(&w, r, t);
    put_plan(s, &w, row, LAYOUT_ALL);
    row_str(&w, STATUS_TEXT[row->status], strlen(STATUS_TEXT[row->status]));
    if (row->visited) put_date(&w, row->visit);
    else row_null(&w);
    table_row_end(&w);
  }
}

static void overdue_table(sched *s, const outcome *o, hf_date as_of) {
  hf_results *r = engine_results(s->e);
  colset c = {NULL, 0};
  plan_columns(s, &c, LAYOUT_OVERDUE);
  add_col(&c, "days_overdue", "逾期天数", HF_FMT_INT);
  hf_table *t = new_table(s, "_overdue", "逾期未回访", &c, true);
  size_t n;
  const slot_row **rows = select_rows(o->rows, o->nrows, pick_overdue, NULL, &n);
  t->note = results_printf(r, "应回访日已过、时间窗内没有回访记录的应回访，共 %zu 次；逾期天数 = 截至日 - 应回访日", n);
  for (size_t i = 0; i < n; i++) {
    hf_row_writer w;
    table_row_begin(&w, r, t);
    put_plan(s, &w, rows[i], LAYOUT_OVERDUE);
    row_int(&w, as_of - rows[i]->slot.due);
    table_row_end(&w);
  }
  free(rows);
}

static void upcoming_table(sched *s, const outcome *o, hf_date as_of) {
  hf_results *r = engine_results(s->e);
  colset c = {NULL, 0};
  plan_columns(s, &c, LAYOUT_ACTION);
  add_col(&c, "status", "状态", HF_FMT_TEXT);
  hf_table *t = new_table(s, "_upcoming", results_printf(engine_results(s->e), "近期待回访（%ld 天内）", s->spec->upcoming_days),
                          &c, true);
  window_ctx w_ctx = {.as_of = as_of, .until = as_of + (hf_date)s->spec->upcoming_days};
  size_t n;
  const slot_row **rows = select_rows(o->rows, o->nrows, pick_upcoming, &w_ctx, &n);
  t->note = results_printf(r, "时间窗已开始（进行中）或将在 %ld 天内开始（未到期）、尚无回访记录的应回访，共 %zu 次",
                           s->spec->upcoming_days, n);
  for (size_t i = 0; i < n; i++) {
    hf_row_writer w;
    table_row_begin(&w, r, t);
    put_plan(s, &w, rows[i], LAYOUT_ACTION);
    row_str(&w, STATUS_TEXT[rows[i]->status], strlen(STATUS_TEXT[rows[i]->status]));
    table_row_end(&w);
  }
  free(rows);
}

static void plan_table(sched *s, const outcome *o, hf_date as_of) {
  hf_results *r = engine_results(s->e);
  int y, m, d;
  date_to_ymd(as_of, &y, &m, &d);
  colset c = {NULL, 0};
  plan_columns(s, &c, LAYOUT_ACTION);
  add_col(&c, "notify_by", "通知客户日", HF_FMT_DATE);
  hf_table *t = new_table(s, "_plan", results_printf(r, "%d 年度回访计划", y + 1), &c, true);
  window_ctx w_ctx = {.year = y + 1};
  size_t n;
  const slot_row **rows = select_rows(o->rows, o->nrows, pick_plan, &w_ctx, &n);
  t->note = results_printf(r,
                           "应回访日在 %d 年内的应回访，共 %zu 次（每年 12 月编制下一年度计划）；"
                           "通知客户日 = 时间窗开始前 %ld 天，回访不早于窗口开始，客户因此至少提前 %ld 天得到通知",
                           y + 1, n, s->spec->notify_days, s->spec->notify_days);
  for (size_t i = 0; i < n; i++) {
    hf_row_writer w;
    table_row_begin(&w, r, t);
    put_plan(s, &w, rows[i], LAYOUT_ACTION);
    put_date(&w, rows[i]->slot.open + 1 - (hf_date)s->spec->notify_days);
    table_row_end(&w);
  }
  free(rows);
}

static void owner_table(sched *s, const outcome *o, const long *plan_extra) {
  hf_results *r = engine_results(s->e);
  const hf_input_spec *in = &engine_policy(s->e)->inputs[s->spec->input];
  const hf_field_spec *of = &in->fields[s->spec->owner_field];
  hf_keymap *owners = keymap_new();
  for (size_t i = 0; i < s->nplans; i++) {
    const plan *pl = &s->plans[i];
    hf_keymap_entry *e = keymap_upsert(owners, pl->owner, strlen(pl->owner), NULL);
    if (!e->value) {
      owner_stat *st = hf_xcalloc(1, sizeof *st);
      st->first = pl;
      e->value = st;
    }
    owner_stat *st = e->value;
    st->plans++;
    st->extra += plan_extra[i];
  }
  for (size_t i = 0; i < o->nrows; i++) {
    const slot_row *row = &o->rows[i];
    owner_stat *st = keymap_get(owners, row->p->owner, strlen(row->p->owner));
    bool closed = row->slot.due < engine_as_of(s->e);
    st->due += closed;
    st->done += closed && row->status == HF_SLOT_DONE;
    st->overdue += row->status == HF_SLOT_OVERDUE;
    st->open += row->status == HF_SLOT_OPEN;
  }
  colset c = {NULL, 0};
  add_col(&c, of->name, of->header, field_format(of));
  add_col(&c, "plans", "计划数", HF_FMT_INT);
  add_col(&c, "due_slots", "已到期应回访", HF_FMT_INT);
  add_col(&c, "done", "按时完成", HF_FMT_INT);
  add_col(&c, "overdue", "逾期", HF_FMT_INT);
  add_col(&c, "done_rate", "完成率", HF_FMT_PERCENT);
  add_col(&c, "open", "进行中", HF_FMT_INT);
  add_col(&c, "extra_visits", "窗口外回访", HF_FMT_INT);
  hf_table *t = new_table(s, "_by_owner", results_printf(r, "按%s汇总", of->header), &c, false);
  t->note = "已到期 = 应回访日在截至日之前；完成率 = 按时完成 / 已到期；窗口外回访 = 不对应任何应回访的回访记录";
  size_t n;
  hf_keymap_entry *entries = keymap_sorted(owners, &n);
  for (size_t i = 0; i < n; i++) {
    const owner_stat *st = entries[i].value;
    hf_row_writer w;
    table_row_begin(&w, r, t);
    put_kept(&w, of, &st->first->owner_value);
    row_int(&w, st->plans);
    row_int(&w, st->due);
    row_int(&w, st->done);
    row_int(&w, st->overdue);
    if (st->due) row_num(&w, (double)st->done / (double)st->due);
    else row_null(&w);
    row_int(&w, st->open);
    row_int(&w, st->extra);
    table_row_end(&w);
  }
  keymap_free(owners, free);
}

/* Visits whose key is no plan's (and no plan row left out by `where`), in file order. */
typedef struct unknown_visit {
  const char *key;
  hf_date date;
  long line;
} unknown_visit;

static int by_line(const void *a, const void *b) {
  const unknown_visit *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

static void unknown_table(sched *s) {
  hf_results *r = engine_results(s->e);
  const hf_policy *p = engine_policy(s->e);
  const hf_input_spec *in = &p->inputs[s->spec->visit_input];
  size_t nkeys, n = 0, cap = 0;
  hf_keymap_entry *entries = keymap_sorted(s->visits, &nkeys);
  unknown_visit *list = NULL;
  for (size_t i = 0; i < nkeys; i++) {
    if (keymap_get(s->plan_keys, entries[i].key, entries[i].len) || keymap_get(s->excluded, entries[i].key, entries[i].len))
      continue;
    const visit_list *vl = entries[i].value;
    for (size_t k = 0; k < vl->n; k++) {
      if (n == cap) {
        cap = cap ? cap * 2 : 16;
        list = hf_xrealloc(list, cap * sizeof *list);
      }
      list[n++] = (unknown_visit){entries[i].key, vl->dates[k], vl->lines[k]};
    }
  }
  if (n == 0) {
    free(list);
    return;
  }
  qsort(list, n, sizeof *list, by_line);
  colset c = {NULL, 0};
  add_col(&c, "line", "行号", HF_FMT_INT);
  add_col(&c, "key", in->fields[s->spec->visit_key_field].header, HF_FMT_TEXT);
  add_col(&c, "visit_date", in->fields[s->spec->visit_date_field].header, HF_FMT_DATE);
  hf_table *t = new_table(s, "_unknown_visits", "找不到计划的回访记录", &c, true);
  t->note = results_printf(r, "%s 中这些行的编号在计划（%s）中不存在，未计入任何计划", engine_input_path(s->e, s->spec->visit_input),
                           engine_input_path(s->e, s->spec->input));
  for (size_t i = 0; i < n; i++) {
    hf_row_writer w;
    table_row_begin(&w, r, t);
    row_int(&w, list[i].line);
    row_str(&w, list[i].key, strlen(list[i].key));
    put_date(&w, list[i].date);
    table_row_end(&w);
  }
  results_warn(r, "%s：%zu 条回访记录的编号在计划中不存在，已列入「%s_unknown_visits」表（第一处在第 %ld 行）",
               engine_input_path(s->e, s->spec->visit_input), n, s->spec->id, list[0].line);
  free(list);
}

static void add_kpis(sched *s, const outcome *o, size_t overdue_plans) {
  hf_results *r = engine_results(s->e);
  const hf_policy *p = engine_policy(s->e);
  hf_date as_of = engine_as_of(s->e);
  long due = 0, done = 0, overdue = 0;
  for (size_t i = 0; i < o->nrows; i++) {
    bool closed = o->rows[i].slot.due < as_of;
    due += closed;
    done += closed && o->rows[i].status == HF_SLOT_DONE;
    overdue += o->rows[i].status == HF_SLOT_OVERDUE;
  }
  const char *prefix = p->nschedules > 1 ? results_printf(r, "%s：", s->spec->title) : "";
  char id[300];
  snprintf(id, sizeof id, "%s_done_rate", s->spec->id);
  hf_kpi *k = results_add_kpi(r, id, results_printf(r, "%s回访完成率", prefix), due ? (double)done / (double)due : 0,
                              HF_FMT_PERCENT);
  k->detail = results_printf(r, "%ld / %ld 次已到期应回访", done, due);
  if (s->spec->has_target) {
    k->has_target = true;
    k->target = s->spec->target;
    /* A division, like the coverage KPI (0.9 * 30 is not exactly 27); nothing due is met. */
    k->met = due == 0 || (double)done / (double)due >= k->target;
  }
  snprintf(id, sizeof id, "%s_overdue", s->spec->id);
  k = results_add_kpi(r, id, results_printf(r, "%s逾期回访", prefix), (double)overdue, HF_FMT_INT);
  k->detail = results_printf(r, "涉及 %zu 个计划", overdue_plans);
}

static void warn_counts(sched *s, const outcome *o) {
  hf_results *r = engine_results(s->e);
  const hf_policy *p = engine_policy(s->e);
  const hf_schedule_spec *spec = s->spec;
  const hf_input_spec *in = &p->inputs[spec->input];
  const char *plans = engine_input_path(s->e, spec->input), *visits = engine_input_path(s->e, spec->visit_input);
  for (size_t a = 0; a < spec->nanchors; a++) {
    if (!s->missing[a]) continue;
    const hf_anchor_spec *as = &spec->anchors[a];
    /* Its own columns: the date, the months, or either. */
    const char *date = as->from_field ? in->fields[as->field].header : NULL;
    const char *months = as->has_plus_field ? in->fields[as->plus_field].header : NULL;
    results_warn(r, "%s：%ld 个计划的起算日「%s」缺失（列「%s」%s%s%s为空，第一处在第 %ld 行），由它起算的回访未排期", plans,
                 s->missing[a], as->name, date ? date : months, date && months ? "或「" : "",
                 date && months ? months : "", date && months ? "」" : "", s->missing_line[a]);
  }
  if (s->no_key_plans)
    results_warn(r, "%s：%ld 行没有计划编号（列「%s」为空），未排回访（第一处在第 %ld 行）", plans, s->no_key_plans,
                 in->fields[spec->key_field].header, s->no_key_plan_line);
  if (s->bad_visits)
    results_warn(r, "%s：%ld 条回访记录缺少编号或日期，未计入（第一处在第 %ld 行）", visits, s->bad_visits,
                 s->bad_visit_line);
  if (o->future) {
    char iso[11];
    date_format_iso(engine_as_of(s->e), iso);
    results_warn(r, "%s：%ld 条回访记录的日期晚于截至日 %s，未计入（第一处在第 %ld 行）", visits, o->future, iso,
                 o->future_line);
  }
}

static hf_status sched_finish(sched *s, hf_error *err) {
  hf_engine *e = s->e;
  hf_date from, to;
  if (!engine_options(e)->has_as_of && !engine_period(e, &from, &to))
    return hf_fail(err, HF_ERR_USAGE, "回访计划「%s」需要截至日：请用 --as-of YYYY-MM-DD 指定（数据中也没有可推断的日期）",
                   s->spec->id);
  hf_date as_of = engine_as_of(e);
  int y, m, d;
  date_to_ymd(as_of, &y, &m, &d);
  hf_date horizon = date_from_ymd(y + 1 <= 9999 ? y + 1 : 9999, 12, 31);
  if (as_of + s->spec->upcoming_days > horizon) horizon = as_of + (hf_date)s->spec->upcoming_days;

  outcome o = {0};
  long *plan_extra = hf_xcalloc(s->nplans ? s->nplans : 1, sizeof *plan_extra);
  size_t nkeys;
  hf_keymap_entry *keys = keymap_sorted(s->plan_keys, &nkeys);
  hf_status st = HF_OK;
  for (size_t i = 0; i < nkeys && st == HF_OK; i++) {
    size_t idx = (size_t)(uintptr_t)keys[i].value - 1;
    st = plan_slots(s, &s->plans[idx], as_of, horizon, &o, &plan_extra[idx], err);
  }
  if (st == HF_OK) {
    size_t overdue_plans = 0;
    for (size_t i = 0, last = SIZE_MAX; i < o.nrows; i++) {
      if (o.rows[i].status != HF_SLOT_OVERDUE) continue;
      size_t idx = (size_t)(o.rows[i].p - s->plans);
      overdue_plans += idx != last;
      last = idx;  /* rows come plan by plan */
    }
    for (size_t i = 0; i < s->nplans; i++) o.extra += plan_extra[i];
    add_kpis(s, &o, overdue_plans);
    if (s->spec->has_owner) owner_table(s, &o, plan_extra);
    overdue_table(s, &o, as_of);
    upcoming_table(s, &o, as_of);
    if (s->spec->plan_next_year) plan_table(s, &o, as_of);
    all_table(s, &o, horizon);
    warn_counts(s, &o);
    unknown_table(s);
  }
  free(plan_extra);
  free(o.rows);
  return st;
}

/* ------------------------------------------------------------ block */

static hf_status start(hf_engine *e, void **state, hf_error *err) {
  (void)err;
  hf_policy *p = engine_policy(e);
  *state = NULL;
  if (p->nschedules == 0) return HF_OK;
  schedules_state *ss = hf_xcalloc(1, sizeof *ss);
  ss->s = hf_xcalloc(p->nschedules, sizeof *ss->s);
  ss->n = p->nschedules;
  for (size_t i = 0; i < p->nschedules; i++) {
    sched *s = &ss->s[i];
    s->e = e;
    s->spec = &p->schedules[i];
    s->index = i;
    s->plan_keys = keymap_new();
    s->excluded = keymap_new();
    s->visits = keymap_new();
    s->missing = hf_xcalloc(s->spec->nanchors, sizeof *s->missing);
    s->missing_line = hf_xcalloc(s->spec->nanchors, sizeof *s->missing_line);
    buf_init(&s->scratch);
    engine_subscribe(e, s->spec->input, plan_row, s);
    engine_subscribe(e, s->spec->visit_input, visit_row, s);
  }
  *state = ss;
  return HF_OK;
}

static hf_status finish(hf_engine *e, void *state, hf_error *err) {
  (void)e;
  schedules_state *ss = state;
  for (size_t i = 0; i < ss->n; i++) {
    hf_status st = sched_finish(&ss->s[i], err);
    if (st != HF_OK) return st;
  }
  return HF_OK;
}

static void release(void *state) {
  schedules_state *ss = state;
  for (size_t i = 0; i < ss->n; i++) sched_free(&ss->s[i]);
  free(ss->s);
  free(ss);
}

const hf_block schedule_block = {"schedule", start, finish, release};
