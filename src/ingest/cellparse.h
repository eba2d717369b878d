/*
** cellparse.h — one CSV cell to a typed hf_value (int, number, date, time,
** datetime, enum, score), by hand: no locale, no sscanf, no allocation. Inputs
** are cells already trimmed of surrounding spaces; nothing here keeps a pointer
** to them.
** On failure a function returns false and sets *problem to a short, static
** Chinese phrase ("不是整数") that the caller puts into its message.
*/
#ifndef HF_INGEST_CELLPARSE_H
#define HF_INGEST_CELLPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/date.h"
#include "ingest/record.h"
#include "policy/policy.h"

/* Types text[0..len) (NUL-terminated) per f into out->v / out->empty. An empty
** cell is an error unless f->optional. Does not set out->text / out->len. */
bool cell_parse(const hf_field_spec *f, const char *text, size_t len, hf_value *out, const char **problem);

/* A field prepared for the hot path: its enum or score spellings with their
** lengths, so that a row costs no strlen. Owns `spellings` (cell_field_free);
** borrows spec, which must outlive it. */
typedef struct cell_spelling {
  const char *s;
  size_t len;
  int32_t value; /* enum index, or hf_score */
} cell_spelling;

typedef struct cell_field {
  const hf_field_spec *spec;
  cell_spelling *spellings;
  size_t nspellings;
} cell_field;

void cell_field_init(cell_field *cf, const hf_field_spec *f);
void cell_field_free(cell_field *cf);
/* Exactly cell_parse(cf->spec, ...), faster. */
bool cell_field_parse(const cell_field *cf, const char *text, size_t len, hf_value *out, const char **problem);

/* What a valid value of f looks like ("整数，如 120"), for the （应为 …） part of messages. */
void cell_expected(const hf_field_spec *f, char *out, size_t cap);

/* Optional sign and decimal digits; overflow of int64 is an error. */
bool cellparse_int(const char *s, size_t n, int64_t *out, const char **problem);
/* Optional sign, digits with an optional '.', optional exponent; '.' is the only
** decimal point (locale-independent). No inf/nan/hex. Correctly rounded. */
bool cell_number(const char *s, size_t n, double *out, const char **problem);
/* 20261021, 2026-10-21, 2026/10/21, 2026年10月21日 (month and day may have one
** digit in the separated forms); must be a real calendar day. */
bool cell_date(const char *s, size_t n, hf_date *out, const char **problem);
/* An explicit format of %Y (4 digits), %m and %d (1-2 digits), %% and literal bytes. */
bool cell_date_format(const char *fmt, const char *s, size_t n, hf_date *out, const char **problem);
/* H:MM, HH:MM, H:MM:SS, HH:MM:SS; 0-23, 0-59, 0-59. Seconds since midnight. */
bool cell_time(const char *s, size_t n, int32_t *out, const char **problem);
/* A cell_date form, then one 'T' or one or more spaces, then a cell_time form:
** "2026-10-21 14:30", "20261021T09:05:30", "2026年10月21日  9:30". Seconds since
** 1970-01-01 00:00:00 local (days × 86400 + seconds of the day). A date alone
** is an error ("只有日期，缺少时间"). */
bool cell_datetime(const char *s, size_t n, int64_t *out, const char **problem);
/* cell_date_format's directives plus %H %M %S (1-2 digits each); %Y %m %d %H
** and %M are required, %S defaults to 0. */
bool cell_datetime_format(const char *fmt, const char *s, size_t n, int64_t *out, const char **problem);
/* Index of the exact match in values, or -1. */
int cell_enum(const hf_strlist *values, const char *s, size_t n);
/* Exact match against the pass / fail / na spellings. */
bool cell_score(const hf_score_values *sv, const char *s, size_t n, hf_score *out);

#endif
