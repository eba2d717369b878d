/*
** ingest.h — stream one CSV input file through its hf_input_spec.
** Reads the file in chunks (never whole), detects or applies its encoding
** (UTF-8, UTF-8 with BOM, GB18030/GBK; converted to UTF-8 once, here), parses
** RFC 4180 with libcsv in strict mode, maps the company's headers to the
** spec's fields, types every cell and hands each row to `sink` as an
** hf_record. Every error names file:line:column, the header, the value and
** what was expected (Chinese). With on_error = skip, a bad row is recorded in
** stats->rejected and the run goes on; structural errors (invalid bytes,
** unterminated quote, missing header) always stop the input.
*/
#ifndef HF_INGEST_H
#define HF_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "ingest/record.h"
#include "policy/policy.h"

/* One rejected row (on_error = skip). Strings owned by the stats. */
typedef struct hf_reject {
  long line;
  int column;        /* 1-based field number, 0 when the whole row is at fault */
  char *header;      /* the column's header, or "" */
  char *value;       /* the offending value, or "" */
  char *message;     /* the full one-line message, as it would have been printed */
} hf_reject;

typedef struct hf_ingest_stats {
  char sha256[65];        /* of the file's bytes as read */
  uint64_t bytes;
  long rows;              /* data rows accepted and passed to the sink */
  long rejected;          /* data rows rejected (on_error = skip) */
  hf_reject *rejects;     /* every rejected row, in file order */
  size_t nrejects;
  const char *encoding;   /* "UTF-8", "UTF-8 (BOM)" or "GB18030" */
} hf_ingest_stats;

/* Called once per accepted row. A non-OK status stops the input and is returned. */
typedef hf_status (*hf_record_sink)(void *ctx, const hf_record *rec, hf_error *err);

/* display_name is how messages name the file (usually the path as given). */
hf_status ingest_file(const hf_input_spec *spec, const char *path, const char *display_name,
                      hf_record_sink sink, void *ctx, hf_ingest_stats *stats, hf_error *err);
void ingest_stats_free(hf_ingest_stats *stats);

/* Exactly ingest_file, but the "file" is data[0..len) and is handed to the
** reader chunk_size bytes at a time (0: all at once). Any chunk_size gives the
** same records, stats and errors: tests and fuzzers use it to prove that. */
hf_status ingest_buffer(const hf_input_spec *spec, const void *data, size_t len, size_t chunk_size,
                        const char *display_name, hf_record_sink sink, void *ctx,
                        hf_ingest_stats *stats, hf_error *err);

#endif
