/*
** policy_blocks.h — the policy sections beyond the scorecard, as validated C
** structs: tables (aggregates and lists over any input), sampling, schedules,
** deadlines (with the calendar), satisfaction and targets. Included by
** policy.h; each section's reader is src/policy/policy_<section>.c and its
** engine src/engine/<section>.c. Field references are indexes into the named
** input's fields; every string and array is owned by the hf_policy.
** docs/rules.md documents the rule-file side of each field.
*/
#ifndef HF_POLICY_BLOCKS_H
#define HF_POLICY_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/date.h"

/* A duration as rules write it: { years = 1 }, { months = 3 }, { weeks = 1 }, { days = 10 }. */
typedef struct hf_duration {
  int years, months, weeks, days;
} hf_duration;

/* ---------------------------------------------------------------- tables */

typedef enum hf_agg_kind {
  HF_AGG_COUNT,   /* rows (passing `where`) */
  HF_AGG_SUM,     /* of field */
  HF_AGG_MEAN,    /* of field, over non-empty cells */
  HF_AGG_MIN,
  HF_AGG_MAX,
  HF_AGG_RATIO,   /* column num / column den (ids of earlier columns); 0 when den is 0 */
  HF_AGG_FIRST    /* the field's text in the group's first row */
} hf_agg_kind;

typedef struct hf_agg_column {
  char *id;
  char *label;
  hf_agg_kind kind;
  size_t field;        /* SUM..MAX, FIRST */
  hf_filter where;     /* COUNT..MAX: only rows that pass */
  size_t num, den;     /* RATIO: indexes of earlier columns */
} hf_agg_column;

typedef struct hf_table_spec {
  char *id;
  char *title;
  size_t input;
  hf_filter where;     /* rows of the table's population */
  size_t *by;          /* group-by fields; none = one summary row */
  size_t nby;
  hf_agg_column *cols; /* aggregate tables */
  size_t ncols;
  size_t *list;        /* list tables: these fields per row (then no by/cols) */
  size_t nlist;
  bool total;          /* a 合计 row after the groups */
  size_t pdf_limit;
  bool has_date;       /* rows dated outside --period are left out (and counted in a warning) */
  size_t date_field;
} hf_table_spec;

/* ---------------------------------------------------------------- sampling */

/* (engine/sample_core.h has its own hf_quota; the sampling engine converts.) */
typedef enum hf_quota_rule { HF_QUOTA_RULE_RATIO, HF_QUOTA_RULE_COUNT, HF_QUOTA_RULE_ALL } hf_quota_rule;

typedef struct hf_quota_spec {
  hf_quota_rule kind;
  double ratio;
  long count;
  long min, max;       /* -1 = none */
} hf_quota_spec;

typedef struct hf_stratum_quota {
  char *stratum;       /* the stratum's key: its field values joined by " / " */
  hf_quota_spec quota;
} hf_stratum_quota;

typedef struct hf_reasoned_filter {
  char *reason;        /* "匿名投诉", "单价超过 2000 元" */
  hf_filter where;
} hf_reasoned_filter;

typedef struct hf_sampling_spec {
  char *id;            /* the work list's table id */
  char *title;
  size_t input;
  size_t key_field;    /* the record key hashed with the seed */
  hf_filter where;     /* the population */
  hf_reasoned_filter *exclude;  /* exclusions, counted per reason */
  size_t nexclude;
  hf_reasoned_filter *force;    /* always chosen (amount threshold, price deviation) */
  size_t nforce;
  size_t *strata;      /* stratum fields; none = one stratum */
  size_t nstrata;
  hf_quota_spec quota; /* the default per stratum */
  hf_stratum_quota *quotas;     /* per-stratum overrides */
  size_t nquotas;
  /* De-duplication: no customer called twice within `dedup_days`. */
  bool has_dedup;
  size_t dedup_field;  /* the customer in this input */
  size_t dedup_date_field;
  long dedup_days;
  bool has_history;    /* earlier callbacks: another input */
  size_t history_input, history_field, history_date_field;
  /* No repeat of the previous period's sample: an input listing it. */
  bool has_previous;
  size_t previous_input, previous_field;  /* its field matched against ... */
  size_t previous_match;                  /* ... this field of ours */
  size_t *fields;      /* shown in the work list (contact fields) */
  size_t nfields;
  bool has_date;
  size_t date_field;   /* rows dated outside --period are not in the population */
  bool has_distinct;   /* at most one record per value of this field chosen by rank */
  size_t distinct_field;
  size_t pdf_limit;    /* work-list rows printed in the PDF (0 = all) */
} hf_sampling_spec;

/* ---------------------------------------------------------------- schedules */

typedef struct hf_anchor_spec {
  char *name;          /* "completion", "warranty_end" */
  bool from_field;     /* a date field of the plan input ... */
  size_t field;
  size_t base;         /* ... or another anchor (index, declared earlier); either way plus: */
  hf_duration plus;
  bool has_plus_field; /* and plus this many months from an int field (warranty length) */
  size_t plus_field;
} hf_anchor_spec;

typedef enum hf_slot_kind { HF_SLOT_SINGLE, HF_SLOT_EVERY, HF_SLOT_SEASON } hf_slot_kind;

typedef struct hf_slot_rule {
  char *label;         /* "开工回访", "保修期季度回访" */
  hf_slot_kind kind;
  size_t anchor;
  hf_duration offset;  /* SINGLE: due = anchor + offset */
  bool has_window;
  hf_duration window;  /* SINGLE: window (due - window, due] */
  hf_duration every;   /* EVERY: due k = anchor + from + k * every */
  hf_duration from;    /* EVERY: F above; SEASON: the seasons run from anchor + from */
  bool has_until;      /* EVERY/SEASON: up to anchor `until_anchor` + until (inclusive);
                       ** without it the series is open-ended (the engine's horizon) */
  size_t until_anchor;
  hf_duration until;
  int *months;         /* SEASON: months 1..12 */
  size_t nmonths;
  hf_filter where;     /* only plans that pass (e.g. category = 防水) */
} hf_slot_rule;

typedef struct hf_schedule_spec {
  char *id;            /* table ids derive from it: <id>_overdue, <id>_upcoming, <id>_plan */
  char *title;
  size_t input;        /* the plans (projects, customers) */
  size_t key_field;
  bool has_owner;
  size_t owner_field;  /* project manager / service staff */
  size_t *fields;      /* shown beside each slot */
  size_t nfields;
  hf_filter where;
  hf_anchor_spec *anchors;
  size_t nanchors;
  hf_slot_rule *slots;
  size_t nslots;
  size_t visit_input;  /* the visits done */
  size_t visit_key_field, visit_date_field;
  hf_filter visit_where;
  long upcoming_days;  /* the upcoming table looks this far past as-of (default 30) */
  bool plan_next_year; /* add the December plan: slots due in as-of's year + 1 */
  long notify_days;    /* the plan's notify-by date: window's first day - this (default 20, P3) */
  size_t pdf_limit;    /* rows of each long table printed in the PDF (default 100; 0 = all) */
  bool pdf_all_slots;  /* print the every-slot table in the PDF too (default false: JSON/CSV only) */
  bool has_target;     /* a target for the done-rate KPI */
  double target;
} hf_schedule_spec;

/* ---------------------------------------------------------------- deadlines */

/* Validated as common/calendar.h's cal_add_* would (the engine builds an
** hf_calendar from it): no date in both lists, every workday a weekend day. */
typedef struct hf_calendar_spec {
  hf_date *holidays;   /* sorted, distinct (ranges expanded) */
  size_t nholidays;
  hf_date *workdays;   /* 调休: weekend days that are working days, sorted, distinct */
  size_t nworkdays;
} hf_calendar_spec;

typedef enum hf_deadline_kind {
  HF_DL_HOURS,         /* start + amount hours (amount >= 1) */
  HF_DL_DAYS,          /* start + amount calendar days (amount >= 1) */
  HF_DL_WORKING_DAYS,  /* end of the amount-th working day after the start's day (amount >= 1) */
  HF_DL_NEXT_DAY_AT,   /* the amount-th next (working) day after the start's day, at `at` (amount >= 0) */
  HF_DL_WEEKDAY_AT     /* weekday `weekday` of the following week, at `at` */
} hf_deadline_kind;

typedef struct hf_deadline_spec {
  char *id;
  char *title;
  size_t input;
  hf_filter where;
  size_t start_field;  /* datetime (or date: 00:00) */
  bool has_end;
  size_t end_field;    /* datetime (or date: 24:00); empty = not done yet */
  hf_deadline_kind kind;
  long amount;
  bool working;        /* NEXT_DAY_AT: working days */
  int at;              /* seconds after midnight */
  int weekday;         /* ISO 1..7 */
  size_t *by;          /* met-rate tables by these fields */
  size_t nby;
  size_t *fields;      /* shown in the late list */
  size_t nfields;
  size_t pdf_limit;    /* rows of the late list printed in the PDF (default 200; 0 = all) */
  bool has_target;     /* a target for the met-rate KPI */
  double target;
} hf_deadline_spec;

/* ---------------------------------------------------------------- satisfaction */

typedef struct hf_scale_spec {
  char *name;          /* "five_level" */
  hf_strlist answers;  /* "很满意", ... */
  double *points;      /* per answer */
  double full;         /* 满分 of a question on this scale (default: the highest points) */
  hf_strlist skip;     /* answers that count as not answered ("", "不适用") */
} hf_scale_spec;

typedef struct hf_question_spec {
  size_t field;        /* a string field of the survey input, turned into an enum of the scale's spellings */
  size_t scale;
  char *label;         /* shown in tables: default the field's header */
  bool overall;        /* counted in the per-form, per-respondent, per-group and overall figures (default true) */
  char *kpi;           /* a KPI of this question's satisfaction with this label, or NULL */
} hf_question_spec;

typedef struct hf_satisfaction_spec {
  char *id;
  char *title;
  size_t input;
  hf_filter where;
  hf_question_spec *questions;
  size_t nquestions;
  size_t *by;          /* satisfaction by these fields (one table per field) */
  size_t nby;
  bool has_respondent;
  size_t respondent_field;
  bool has_sent;       /* the survey's return rate: forms sent ... */
  size_t sent_input;   /* ... one row per form sent */
  double return_target;
  /* Added with the satisfaction block (docs/rules-satisfaction.md). */
  bool has_return_target;
  hf_filter sent_where;      /* rows of the sent input that count */
  bool has_sent_count;       /* each sent row stands for this many forms (int field) ... */
  size_t sent_count_field;   /* ... instead of one */
  bool has_sent_date;        /* sent rows dated outside --period are not counted */
  size_t sent_date_field;
  bool has_date;             /* responses dated outside --period are not counted */
  size_t date_field;
  bool has_target;           /* the overall satisfaction's target (KPI met when >=) */
  double target;
  size_t *carry;             /* respondent table: fields from the respondent's first form */
  size_t ncarry;
  size_t pdf_limit;          /* respondent table: rows printed in the PDF (0 = all) */
} hf_satisfaction_spec;

/* ---------------------------------------------------------------- targets */

typedef enum hf_target_kind {
  HF_TARGET_RATIO,     /* count(input, where) / count(input, of) */
  HF_TARGET_COUNT,     /* count(input, where) */
  HF_TARGET_KPI,       /* a KPI another section produced */
  HF_TARGET_PER_GROUP  /* share of groups (by field) with count >= per_at_least */
} hf_target_kind;

typedef struct hf_target_spec {
  char *id;
  char *label;
  hf_target_kind kind;
  size_t input;
  hf_filter where;
  hf_filter of;
  char *kpi;
  size_t by_field;     /* PER_GROUP */
  long per_at_least;
  bool has_universe;   /* PER_GROUP: the groups are exactly the keys of this input's field (passing
                       ** universe_where), even with 0 rows; rows with other keys count in no group */
  size_t universe_input, universe_field;
  hf_filter universe_where;
  bool has_date;       /* rows dated outside --period are not counted */
  size_t date_field;
  bool at_least;       /* the bound: value >= bound (else value <= bound) */
  double bound;
} hf_target_spec;

#endif
