/*
** csv_stream.h — libcsv 3.0.3 in strict mode, fed one physical line at a time
** so that every field and row knows the physical line where it began.
** The caller owns the csv_stream (usually on its stack or inside its own state);
** csvs_init/csvs_free bracket it. Field data passed to the callbacks is owned
** by libcsv and valid only during the callback.
**
** Decisions (HARDENING.md, libcsv):
** - CSV_STRICT | CSV_STRICT_FINI: a bare " inside an unquoted field, text after a
**   closing quote and an unterminated quote at the end of the file are errors.
**   (csv-spectrum's 37°36'37.8"N case is rejected, with advice to quote the field.)
** - libcsv's default trimming is kept: spaces and tabs around UNQUOTED fields are
**   dropped, quoted fields keep theirs. Excel never pads, so padding is noise.
** - Blank lines are skipped by libcsv but still counted here.
** - Rows end at LF, CRLF or a lone CR; line numbers count LF only.
** - A field longer than CSVS_MAX_FIELD bytes stops the parse (CSVS_TOO_LONG):
**   without a cap one stray quote would pull the whole file into memory.
** - After any error csv_fini is never called (it would submit the partial field).
*/
#ifndef HF_INGEST_CSV_STREAM_H
#define HF_INGEST_CSV_STREAM_H

#include <csv.h>
#include <stdbool.h>
#include <stddef.h>

#define CSVS_MAX_FIELD ((size_t)1 << 20) /* 1 MiB */

/* col is the 0-based field number within the row. */
typedef void (*csvs_field_fn)(void *ctx, const char *data, size_t len, size_t col);
/* nfields is the number of fields of the row just ended. */
typedef void (*csvs_row_fn)(void *ctx, size_t nfields);

typedef enum csvs_result {
  CSVS_OK = 0,
  CSVS_STOPPED,       /* a callback called csvs_stop */
  CSVS_BARE_QUOTE,    /* a " inside an unquoted field */
  CSVS_AFTER_QUOTE,   /* a character other than , or line end after a closing quote */
  CSVS_TOO_LONG,      /* a field grew past CSVS_MAX_FIELD */
  CSVS_UNTERMINATED,  /* end of file inside a quoted field */
  CSVS_INTERNAL       /* libcsv failed in a way it should not */
} csvs_result;

typedef struct csv_stream {
  struct csv_parser parser;
  csvs_field_fn on_field;
  csvs_row_fn on_row;
  void *ctx;
  long line;        /* physical line (1-based) of the next byte fed */
  bool row_open;    /* a row has begun and not yet ended */
  long row_line;    /* line where the current (or last) row began */
  long field_line;  /* line where the current field began */
  size_t nfields;   /* fields completed in the current row */
  bool stopped;
  /* After an error: the field's text so far (owned by libcsv, valid until csvs_free)
  ** and the offending bytes (CSVS_BARE_QUOTE, CSVS_AFTER_QUOTE: one UTF-8 character). */
  const char *partial;
  size_t npartial;
  char bad[5];
} csv_stream;

/* Returns false only if libcsv cannot be initialised. */
bool csvs_init(csv_stream *s, csvs_field_fn on_field, csvs_row_fn on_row, void *ctx);
void csvs_free(csv_stream *s);

/* Feeds UTF-8 text (any split). After a result other than CSVS_OK, do not feed again. */
csvs_result csvs_feed(csv_stream *s, const char *p, size_t n);
/* Ends the input: submits a last row without a final newline. */
csvs_result csvs_finish(csv_stream *s);
/* Called from a callback: ignore every later callback and make csvs_feed return CSVS_STOPPED. */
void csvs_stop(csv_stream *s);

/* The 1-based column where the current field (the erroring one, after an error) is. */
static inline size_t csvs_column(const csv_stream *s) { return s->nfields + 1; }

#endif
