/*
** policy.h — a company's policy as plain, validated C structs.
** policy_load runs the rule script in the sandbox (sandbox.h) and copies the
** table it returns into these structs; every later stage reads only them
** (and calls back into Lua only through hooks.h). The hf_policy owns every
** string and array below; policy_free releases them and the Lua state.
** See docs/rules.md for the rule-file side of each field.
*/
#ifndef HF_POLICY_H
#define HF_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "policy/layout.h"
#include "ingest/record.h"

typedef struct hf_strlist {
  char **v;
  size_t n;
} hf_strlist;

typedef enum hf_encoding { HF_ENC_AUTO = 0, HF_ENC_UTF8, HF_ENC_GB18030 } hf_encoding;
typedef enum hf_on_error { HF_ON_ERROR_FAIL = 0, HF_ON_ERROR_SKIP } hf_on_error;

/* The spellings of pass / fail / not-applicable in a company's sheet. */
typedef struct hf_score_values {
  hf_strlist pass; /* e.g. {"1"} */
  hf_strlist fail; /* e.g. {"0"} */
  hf_strlist na;   /* e.g. {"N/A"} */
} hf_score_values;

typedef struct hf_field_spec {
  char *name;              /* the rule's field name: "agent" */
  char *header;            /* the company's column header: "工号" */
  hf_field_type type;
  char *date_format;       /* HF_T_DATE: explicit format ("%d.%m.%Y") or NULL for the standard forms */
  hf_strlist enum_values;  /* HF_T_ENUM: the allowed values */
  const hf_score_values *score; /* HF_T_SCORE: points into the scorecard */
  bool optional;           /* an empty cell is allowed */
} hf_field_spec;

typedef struct hf_input_spec {
  char *name;          /* "checks" */
  char *file;          /* default file name, relative to --data-dir or the rule file's folder */
  hf_encoding encoding;
  hf_on_error on_error;
  bool optional;       /* the file may be absent (not given and not found): its sections then report nothing */
  hf_field_spec *fields; /* declared fields in sorted-name order, then the scorecard items in item order */
  size_t nfields;
} hf_input_spec;

/* Opaque handle on a Lua function held by the policy (hooks.h calls it). */
typedef struct hf_hook hf_hook;

/* ---- Row filters (`where`), shared by every section that selects records.
** A condition compares one field of the record; all conditions must hold,
** then the hook (when the rule gives a function). An empty cell satisfies only
** HF_COND_EMPTY and HF_COND_NOT_IN. See docs/rules.md "where". */
typedef enum hf_cond_op {
  HF_COND_IN,        /* text equals one of `text` (string, enum, time fields) */
  HF_COND_NOT_IN,
  HF_COND_NUM_IN,    /* number equals one of `nums` (int, number, date, datetime fields) */
  HF_COND_NUM_NOT_IN,
  HF_COND_GT, HF_COND_GE, HF_COND_LT, HF_COND_LE,  /* against nums[0] */
  HF_COND_EMPTY,
  HF_COND_NOT_EMPTY
} hf_cond_op;

typedef struct hf_cond {
  size_t field;        /* index into the input's fields */
  hf_cond_op op;
  hf_strlist text;
  double *nums;        /* dates as day numbers, datetimes as seconds */
  size_t nnums;
} hf_cond;

typedef struct hf_filter {
  hf_cond *conds;
  size_t nconds;
  hf_hook *hook;       /* or NULL */
} hf_filter;

#include "policy/policy_blocks.h"

typedef struct hf_item_spec {
  char *name;      /* the item, which is also its column header: "规范话术" */
  char *group;     /* "业务类" */
  bool fatal;
  double weight;   /* default 1 */
  size_t field;    /* index of its HF_T_SCORE field in the scorecard input */
} hf_item_spec;

typedef struct hf_scorecard_spec {
  bool present;
  size_t input;            /* index into hf_policy.inputs */
  hf_score_values values;
  hf_item_spec *items;
  size_t nitems;
  /* 合格: a hook when the rule gives a function, else fatal <= max_fatal and non-fatal <= max_nonfatal. */
  int max_fatal;
  int max_nonfatal;
  hf_hook *qualified_hook;
  /* 优秀: a hook, else qualified and fails <= excellent_max_fails. */
  int excellent_max_fails;
  hf_hook *excellent_hook;
  char *level_excellent;   /* "优秀" */
  char *level_qualified;   /* "中等" */
  char *level_unqualified; /* "差" */
  double weight;           /* 质检比例, default 1 */
  size_t date_field;       /* the record's date (daily coverage, period) */
  bool has_date_field;
  /* The unqualified list: these fields per recording, then the failed items, then the note. */
  size_t *list_fields;
  size_t nlist_fields;
  size_t note_field;
  bool has_note_field;
} hf_scorecard_spec;

/* A group-by table over the scorecard input. */
typedef struct hf_group_spec {
  char *id;          /* "by_agent": the results table id */
  char *title;       /* "坐席质检成绩" */
  size_t *by;        /* key fields (indexes into the scorecard input's fields) */
  size_t nby;
  size_t *carry;     /* fields shown beside the key, taken from the group's first record */
  size_t ncarry;
} hf_group_spec;

/* Daily coverage: checked records per day against a volume input. */
typedef struct hf_coverage_spec {
  bool present;
  size_t input;        /* the volume input */
  size_t date_field;   /* its date field */
  size_t count_field;  /* its count field (HF_T_INT) */
  double ratio;        /* the target: 0.10 */
} hf_coverage_spec;

typedef struct hf_report_spec {
  char *title;               /* "回访组质检月报" */
  char *company;             /* "某证券呼叫中心" */
  size_t unqualified_limit;  /* rows of the unqualified list printed in the PDF; the rest are counted */
  char *font;                /* font file or NULL for the lookup order (docs/rules.md) */
  int font_index;            /* face index in a .ttc */
  char *template_name;       /* report.template: "monthly" (templates/<name>.lua) or a .lua path */
  char *summary_template;    /* report.summary_template: per-recipient PDFs (--split-by), "summary" */
  int options_ref;           /* registry ref of report.template_options (LUA_NOREF: none) */
  char *brand_file;          /* report.brand as a file name (loaded into brand), or NULL */
  hf_brand brand;            /* report.brand (inline or a brand file), over brand_default */
  hf_chart_list charts;      /* report.charts */
  hf_layout layout;          /* the template, loaded and validated */
  hf_layout summary_layout;  /* the summary template */
} hf_report_spec;

/* Limits of the sandbox (CLI: --max-memory, --max-instructions, --time-limit). */
typedef struct hf_limits {
  size_t max_memory;          /* bytes of Lua heap, whole run */
  uint64_t max_instructions;  /* VM instructions per call into the rule */
  double time_limit;          /* wall-clock seconds per call into the rule */
} hf_limits;

void limits_default(hf_limits *lim);

typedef struct hf_policy {
  char *name;          /* the policy's name */
  char *rule_file;     /* path as given */
  char *rules_dir;     /* folder of rule_file: where require() looks */
  char sha256[65];     /* of the rule file's bytes */
  hf_input_spec *inputs;
  size_t ninputs;
  hf_scorecard_spec scorecard;
  hf_group_spec *groups;
  size_t ngroups;
  hf_coverage_spec coverage;
  hf_report_spec report;
  char *seed;          /* sampling seed: rule `seed`, overridden by --seed; recorded in results */
  hf_table_spec *tables;
  size_t ntables;
  hf_sampling_spec *samplings;
  size_t nsamplings;
  hf_schedule_spec *schedules;
  size_t nschedules;
  hf_calendar_spec calendar;
  hf_deadline_spec *deadlines;
  size_t ndeadlines;
  hf_scale_spec *scales;
  size_t nscales;
  hf_satisfaction_spec *surveys;
  size_t nsurveys;
  hf_target_spec *targets;
  size_t ntargets;
  struct hf_sandbox *sandbox;  /* owns the Lua state the hooks live in */
} hf_policy;

/* Loads and validates rule_file. On error returns NULL and fills err with a
** message naming the rule file, the key path and (where Lua knows it) the line. */
hf_policy *policy_load(const char *rule_file, const hf_limits *limits, hf_error *err);
void policy_free(hf_policy *p);

/* --brand FILE: replaces the policy's brand with the brand file's (run in
** the policy's sandbox; a relative logo path is against the file's folder). */
hf_status policy_use_brand_file(hf_policy *p, const char *path, hf_error *err);

/* Frees a filter's conditions and hook (policy_filter.c). */
void policy_filter_free(hf_filter *f);

/* Index of the input called name, or -1. */
int policy_find_input(const hf_policy *p, const char *name);

#endif
