/*
** policy_blocks.c — releasing the sections of policy_blocks.h.
*/
#include <stdlib.h>

#include "policy/policy_load.h"

static void strlist_release(hf_strlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
}

static void reasoned_free(hf_reasoned_filter *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(r[i].reason);
    policy_filter_free(&r[i].where);
  }
  free(r);
}

static void tables_free(hf_policy *p) {
  for (size_t i = 0; i < p->ntables; i++) {
    hf_table_spec *t = &p->tables[i];
    free(t->id);
    free(t->title);
    policy_filter_free(&t->where);
    free(t->by);
    for (size_t c = 0; c < t->ncols; c++) {
      free(t->cols[c].id);
      free(t->cols[c].label);
      policy_filter_free(&t->cols[c].where);
    }
    free(t->cols);
    free(t->list);
  }
  free(p->tables);
}

static void samplings_free(hf_policy *p) {
  for (size_t i = 0; i < p->nsamplings; i++) {
    hf_sampling_spec *s = &p->samplings[i];
    free(s->id);
    free(s->title);
    policy_filter_free(&s->where);
    reasoned_free(s->exclude, s->nexclude);
    reasoned_free(s->force, s->nforce);
    free(s->strata);
    for (size_t q = 0; q < s->nquotas; q++) free(s->quotas[q].stratum);
    free(s->quotas);
    free(s->fields);
  }
  free(p->samplings);
}

static void schedules_free(hf_policy *p) {
  for (size_t i = 0; i < p->nschedules; i++) {
    hf_schedule_spec *s = &p->schedules[i];
    free(s->id);
    free(s->title);
    free(s->fields);
    policy_filter_free(&s->where);
    for (size_t a = 0; a < s->nanchors; a++) free(s->anchors[a].name);
    free(s->anchors);
    for (size_t k = 0; k < s->nslots; k++) {
      free(s->slots[k].label);
      free(s->slots[k].months);
      policy_filter_free(&s->slots[k].where);
    }
    free(s->slots);
    policy_filter_free(&s->visit_where);
  }
  free(p->schedules);
}

static void deadlines_free(hf_policy *p) {
  for (size_t i = 0; i < p->ndeadlines; i++) {
    hf_deadline_spec *d = &p->deadlines[i];
    free(d->id);
    free(d->title);
    policy_filter_free(&d->where);
    free(d->by);
    free(d->fields);
  }
  free(p->deadlines);
  free(p->calendar.holidays);
  free(p->calendar.workdays);
}

static void satisfaction_free(hf_policy *p) {
  for (size_t i = 0; i < p->nscales; i++) {
    free(p->scales[i].name);
    strlist_release(&p->scales[i].answers);
    free(p->scales[i].points);
    strlist_release(&p->scales[i].skip);
  }
  free(p->scales);
  for (size_t i = 0; i < p->nsurveys; i++) {
    hf_satisfaction_spec *s = &p->surveys[i];
    free(s->id);
    free(s->title);
    policy_filter_free(&s->where);
    for (size_t q = 0; q < s->nquestions; q++) {
      free(s->questions[q].label);
      free(s->questions[q].kpi);
    }
    free(s->questions);
    free(s->by);
    policy_filter_free(&s->sent_where);
    free(s->carry);
  }
  free(p->surveys);
}

static void targets_free(hf_policy *p) {
  for (size_t i = 0; i < p->ntargets; i++) {
    hf_target_spec *t = &p->targets[i];
    free(t->id);
    free(t->label);
    policy_filter_free(&t->where);
    policy_filter_free(&t->of);
    policy_filter_free(&t->universe_where);
    free(t->kpi);
  }
  free(p->targets);
}

void policy_blocks_free(hf_policy *p) {
  tables_free(p);
  samplings_free(p);
  schedules_free(p);
  deadlines_free(p);
  satisfaction_free(p);
  targets_free(p);
}
