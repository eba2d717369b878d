/*
** results.h — the one in-memory results model every renderer reads.
** The engine fills it; render/json, render/csv and render/pdf read it and
** never see CSV or Lua. Rates are full-precision numbers in [0,1]; rounding
** happens only in presentation. Every string and array is owned by the
** hf_results (its arena); results_free releases everything.
** The JSON contract is documented in docs/results-schema.md.
*/
#ifndef HF_RESULTS_H
#define HF_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a value is meant to be read; the renderers format by it. */
typedef enum hf_format {
  HF_FMT_TEXT,     /* string */
  HF_FMT_INT,      /* integer count */
  HF_FMT_NUMBER,   /* decimal number */
  HF_FMT_PERCENT,  /* a rate in [0,1], shown as 93.5% */
  HF_FMT_BOOL,     /* true/false, shown as 是/否 */
  HF_FMT_DATE      /* "YYYY-MM-DD" text */
} hf_format;

typedef enum hf_cell_kind { HF_CELL_NULL, HF_CELL_STR, HF_CELL_INT, HF_CELL_NUM, HF_CELL_BOOL } hf_cell_kind;

typedef struct hf_cell {
  hf_cell_kind kind;
  union {
    const char *s;
    int64_t i;
    double d;
    bool b;
  } u;
} hf_cell;

typedef struct hf_column {
  const char *id;      /* JSON key: "pass_rate" */
  const char *label;   /* header shown to people: "合格率" */
  hf_format format;
  bool wrap;           /* long free text: the PDF wraps it */
} hf_column;

typedef struct hf_table {
  const char *id;      /* "by_agent" */
  const char *title;   /* "坐席质检成绩" */
  const char *note;    /* optional line under the title, or NULL */
  hf_column *cols;
  size_t ncols;
  hf_cell *cells;      /* row-major, nrows * ncols */
  size_t nrows;
  size_t cap_rows;
  size_t pdf_limit;    /* 0 = all rows; else the PDF prints this many and says how many more */
  bool no_pdf;         /* results.json and CSV only (e.g. every sampling decision, for auditors) */
  bool total_row;      /* the last row is a 合计 over the others: charts leave it out */
  /* Rows past resident_limit (when > 0) are not kept in memory: the row writer
  ** appends them to an anonymous temporary file and a row cursor reads them
  ** back, so a million-row list costs disk, not RAM. cells then holds only the
  ** first resident_limit rows; nrows counts them all. */
  size_t resident_limit;
  struct hf_spill *spill;
} hf_table;

typedef struct hf_kpi {
  const char *id;
  const char *label;
  double value;
  hf_format format;
  bool has_target;
  double target;
  bool met;
  const char *detail;  /* optional: "20/21 天", or NULL */
} hf_kpi;

typedef struct hf_input_info {
  const char *name;
  const char *file;
  const char *sha256;
  const char *encoding;
  int64_t rows;
  int64_t rejected;
} hf_input_info;

typedef struct hf_results {
  const char *version;
  const char *policy_name;
  const char *policy_file;
  const char *policy_sha256;
  const char *title;
  const char *company;
  const char *period_from;  /* "YYYY-MM-DD" */
  const char *period_to;
  const char *as_of;
  const char *seed;         /* the sampling seed, when the policy samples; else NULL */
  hf_input_info *inputs;
  size_t ninputs;
  hf_kpi *kpis;
  size_t nkpis;
  hf_table **tables;        /* in presentation order */
  size_t ntables;
  const char **warnings;
  size_t nwarnings;
  struct hf_arena *arena;
} hf_results;

hf_results *results_new(void);
void results_free(hf_results *r);

/* Copies s into the results' arena. */
const char *results_str(hf_results *r, const char *s);
const char *results_strn(hf_results *r, const char *s, size_t n);
const char *results_printf(hf_results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void results_add_input(hf_results *r, const hf_input_info *info);  /* strings copied */
hf_kpi *results_add_kpi(hf_results *r, const char *id, const char *label, double value, hf_format fmt);
void results_warn(hf_results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds a table with ncols columns (ids, labels copied) and returns it. */
hf_table *results_add_table(hf_results *r, const char *id, const char *title, const hf_column *cols,
                            size_t ncols);
/* Moves t to the end of the presentation order (a table created early, filled
** while rows stream, presented after the tables made at the end). */
void results_move_last(hf_results *r, const hf_table *t);
/* Appends a row and returns its ncols cells, all HF_CELL_NULL. */
hf_cell *table_add_row(hf_table *t);
hf_cell *table_row(const hf_table *t, size_t row);
const hf_table *results_table(const hf_results *r, const char *id);
/* The KPI with this id, or NULL (id NULL: NULL). */
hf_kpi *results_kpi(const hf_results *r, const char *id);
/* results.json's name of a format ("percent") and back; false for an unknown name. */
const char *format_name(hf_format f);
bool format_from_name(const char *name, hf_format *out);
int table_column(const hf_table *t, const char *id);

/* ---- Row writer: the way to fill a table that may spill (any table can use
** it). Call table_row_begin, then exactly ncols row_* calls in column order,
** then table_row_end. Strings are copied (into the arena, or the spill file). */
typedef struct hf_row_writer {
  hf_results *r;
  hf_table *t;
  hf_cell *cells;  /* resident row, or NULL when this row is spilled */
  size_t col;
} hf_row_writer;

void table_spill_after(hf_table *t, size_t resident_rows);
void table_row_begin(hf_row_writer *w, hf_results *r, hf_table *t);
void row_null(hf_row_writer *w);
void row_str(hf_row_writer *w, const char *s, size_t n);
void row_int(hf_row_writer *w, int64_t v);
void row_num(hf_row_writer *w, double v);
void row_bool(hf_row_writer *w, bool v);
void table_row_end(hf_row_writer *w);

/* ---- Row cursor: every row of a table in order, resident or spilled.
** The returned cells stay valid until the next call. Renderers that write
** whole tables (JSON, CSV) read through it; the PDF reads only resident rows. */
typedef struct hf_row_cursor {
  const hf_table *t;
  size_t next;
  hf_cell *row;      /* decoded spilled row */
  char *text;        /* its strings */
  size_t text_cap;
  int failed;        /* the spill file could not be read back */
} hf_row_cursor;

void table_cursor_open(hf_row_cursor *c, const hf_table *t);
const hf_cell *table_cursor_next(hf_row_cursor *c);  /* NULL at the end or on failure */
/* Releases the cursor; returns false (the spill file failed: disk full, I/O
** error) when the rows read were not all the rows written. */
bool table_cursor_close(hf_row_cursor *c);
void table_spill_free(hf_table *t);

/* A table never added to the results: a section's private stage of ncols
** columns, filled with the row writer and read back with a cursor. Its first
** row stays in memory, every later one goes to the spill file. */
hf_table *table_new_stage(size_t ncols);
/* Frees a table, its rows and its spill file (results_free does this for the
** results' own tables; a stage's owner calls it). NULL is a no-op. */
void table_free(hf_table *t);

/* Cell setters; strings are copied into r's arena. */
void cell_str(hf_results *r, hf_cell *c, const char *s);
void cell_strn(hf_results *r, hf_cell *c, const char *s, size_t n);
void cell_int(hf_cell *c, int64_t v);
void cell_num(hf_cell *c, double v);
void cell_bool(hf_cell *c, bool v);

/* Shortest decimal text that reads back as exactly d ("0.935", "1", "0.1");
** the JSON and CSV writers use it so numbers are deterministic and unrounded. */
void format_double(double d, char out[32]);

#endif
