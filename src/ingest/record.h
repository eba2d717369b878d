/*
** record.h — one typed input row, as the ingest stage hands it to the engine.
** A record and every text pointer in it are valid only during the sink call
** that receives it (the reader reuses its buffers); copy what must outlive it.
*/
#ifndef HF_RECORD_H
#define HF_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/date.h"

typedef enum hf_field_type {
  HF_T_STRING,
  HF_T_INT,
  HF_T_NUMBER,
  HF_T_DATE,
  HF_T_TIME,
  HF_T_ENUM,
  HF_T_SCORE,
  HF_T_DATETIME  /* appended: the values above keep their numbers */
} hf_field_type;

typedef enum hf_score { HF_SCORE_PASS = 0, HF_SCORE_FAIL = 1, HF_SCORE_NA = 2 } hf_score;

/* One cell, typed per its hf_field_spec. text/len is the cell as read
** (UTF-8, surrounding spaces trimmed, NUL-terminated); `empty` is true for an
** empty cell of an optional field, and then the typed member is zero. */
typedef struct hf_value {
  const char *text;
  size_t len;
  bool empty;
  union {
    int64_t i;          /* HF_T_INT */
    double num;         /* HF_T_NUMBER */
    hf_date date;       /* HF_T_DATE */
    int32_t seconds;    /* HF_T_TIME: seconds since midnight */
    int32_t enum_index; /* HF_T_ENUM: index into the field's enum_values */
    hf_score score;     /* HF_T_SCORE */
    int64_t stamp;      /* HF_T_DATETIME: seconds since 1970-01-01 00:00:00 local time
                        ** (days × 86400 + seconds of the day; an hf_stamp of common/calendar.h) */
  } v;
} hf_value;

struct hf_input_spec;

typedef struct hf_record {
  const struct hf_input_spec *input;
  long line;               /* physical line (1-based) where the row starts */
  const hf_value *values;  /* one per input->fields, in spec order */
} hf_record;

#endif
