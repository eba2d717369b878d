/*
** filter.c — see filter.h.
*/
#include "engine/filter.h"

#include <string.h>

#include "common/calendar.h"

#include "policy/hooks.h"

double value_number(const hf_field_spec *f, const hf_value *v) {
  switch (f->type) {
    case HF_T_INT: return (double)v->v.i;
    case HF_T_NUMBER: return v->v.num;
    case HF_T_DATE: return (double)v->v.date;
    case HF_T_STRING:
    case HF_T_TIME:
    case HF_T_ENUM:
    case HF_T_SCORE: return 0;
    case HF_T_DATETIME: return (double)v->v.stamp;
  }
  return 0;
}

hf_date value_day(const hf_field_spec *f, const hf_value *v) {
  return f->type == HF_T_DATETIME ? cal_stamp_date(v->v.stamp) : v->v.date;
}

void value_text(const hf_field_spec *f, const hf_value *v, hf_buf *out) {
  if (v->empty) return;
  if (f->type == HF_T_DATE) {
    char iso[11];
    date_format_iso(v->v.date, iso);
    buf_append(out, iso, 10);
  } else if (f->type == HF_T_DATETIME) {
    char text[20];
    cal_stamp_format(v->v.stamp, text);
    buf_append(out, text, 19);
  } else {
    buf_append(out, v->text, v->len);
  }
}

void value_put(hf_row_writer *w, const hf_field_spec *f, const hf_value *v) {
  if (v->empty) {
    row_null(w);
  } else if (f->type == HF_T_DATE) {
    char iso[11];
    date_format_iso(v->v.date, iso);
    row_str(w, iso, 10);
  } else if (f->type == HF_T_INT) {
    row_int(w, v->v.i);
  } else if (f->type == HF_T_NUMBER) {
    row_num(w, v->v.num);
  } else if (f->type == HF_T_DATETIME) {
    char text[20];
    cal_stamp_format(v->v.stamp, text);
    row_str(w, text, 19);
  } else {
    row_str(w, v->text, v->len);
  }
}

hf_format field_format(const hf_field_spec *f) {
  switch (f->type) {
    case HF_T_INT: return HF_FMT_INT;
    case HF_T_NUMBER: return HF_FMT_NUMBER;
    case HF_T_DATE: return HF_FMT_DATE;
    default: return HF_FMT_TEXT;
  }
}

static bool text_in(const hf_strlist *l, const hf_value *v) {
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->v[i]) == v->len && memcmp(l->v[i], v->text, v->len) == 0) return true;
  return false;
}

static bool num_in(const double *nums, size_t n, double x) {
  for (size_t i = 0; i < n; i++)
    if (nums[i] == x) return true;
  return false;
}

static bool cond_holds(const hf_cond *k, const hf_record *rec) {
  const hf_field_spec *f = &rec->input->fields[k->field];
  const hf_value *v = &rec->values[k->field];
  if (v->empty) return k->op == HF_COND_EMPTY || k->op == HF_COND_NOT_IN || k->op == HF_COND_NUM_NOT_IN;
  double x = value_number(f, v);
  switch (k->op) {
    case HF_COND_IN: return text_in(&k->text, v);
    case HF_COND_NOT_IN: return !text_in(&k->text, v);
    case HF_COND_NUM_IN: return num_in(k->nums, k->nnums, x);
    case HF_COND_NUM_NOT_IN: return !num_in(k->nums, k->nnums, x);
    case HF_COND_GT: return x > k->nums[0];
    case HF_COND_GE: return x >= k->nums[0];
    case HF_COND_LT: return x < k->nums[0];
    case HF_COND_LE: return x <= k->nums[0];
    case HF_COND_EMPTY: return false;
    case HF_COND_NOT_EMPTY: return true;
  }
  return false;
}

hf_status filter_match(hf_policy *p, const hf_filter *f, const hf_record *rec, bool *out, hf_error *err) {
  for (size_t i = 0; i < f->nconds; i++) {
    if (!cond_holds(&f->conds[i], rec)) {
      *out = false;
      return HF_OK;
    }
  }
  if (!f->hook) {
    *out = true;
    return HF_OK;
  }
  return hook_call_bool(p, f->hook, rec, NULL, out, err);
}
