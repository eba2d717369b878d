/*
** csv_stream.c — the libcsv wrapper: one csv_parse call per physical line,
** row and field start lines, the field-length cap, and error classification.
** See csv_stream.h for the parsing decisions.
*/
#include "ingest/csv_stream.h"

#include <stdlib.h>
#include <string.h>

/* libcsv grows a field's buffer by blk_size through realloc_func; refusing to
** go past the cap makes csv_parse fail with CSV_ENOMEM. The callback has no
** context pointer, hence the compile-time constant. */
static void *capped_realloc(void *p, size_t n) {
  if (n > CSVS_MAX_FIELD) return NULL;
  return realloc(p, n);
}

static void open_row(csv_stream *s) {
  s->row_open = true;
  s->row_line = s->line;
  s->field_line = s->line;
  s->nfields = 0;
}

static void lib_field(void *data, size_t len, void *ctx) {
  csv_stream *s = ctx;
  if (s->stopped) return;
  if (!s->row_open) open_row(s); /* a row after a lone CR on the same line */
  size_t col = s->nfields++;
  s->field_line = s->line; /* the next field begins right after this delimiter */
  s->on_field(s->ctx, data ? data : "", len, col);
}

static void lib_row(int c, void *ctx) {
  (void)c;
  csv_stream *s = ctx;
  if (s->stopped) return;
  if (!s->row_open) open_row(s);
  s->on_row(s->ctx, s->nfields);
  s->row_open = false;
  s->nfields = 0;
}

bool csvs_init(csv_stream *s, csvs_field_fn on_field, csvs_row_fn on_row, void *ctx) {
  memset(s, 0, sizeof *s);
  if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) return false;
  csv_set_realloc_func(&s->parser, capped_realloc);
  csv_set_blk_size(&s->parser, 4096); /* divides CSVS_MAX_FIELD: the cap is reached exactly */
  s->on_field = on_field;
  s->on_row = on_row;
  s->ctx = ctx;
  s->line = 1;
  s->row_line = 1;
  s->field_line = 1;
  return true;
}

void csvs_free(csv_stream *s) { csv_free(&s->parser); }

void csvs_stop(csv_stream *s) { s->stopped = true; }

static size_t utf8_char_len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  return 2;
}

/* csv_parse stopped at `at` (the offending byte for EPARSE, the byte it could not store for ENOMEM). */
static csvs_result parse_error(csv_stream *s, const char *at, size_t left) {
  int e = csv_error(&s->parser);
  s->partial = (const char *)s->parser.entry_buf;
  s->npartial = s->parser.entry_pos;
  if (!s->partial) s->partial = "", s->npartial = 0;
  if (e == CSV_ENOMEM || e == CSV_ETOOBIG) return CSVS_TOO_LONG;
  if (e != CSV_EPARSE || left == 0) return CSVS_INTERNAL;
  /* The decoder hands out whole UTF-8 characters and lines are cut only at LF,
  ** so the offending character is complete here whatever the chunking. */
  size_t k = utf8_char_len((unsigned char)at[0]);
  if (k > left) k = left;
  memcpy(s->bad, at, k);
  s->bad[k] = '\0';
  /* parser.quoted is saved by libcsv before it returns: a " in an unquoted field
  ** is a bare quote; anything else is text after a closing quote. */
  return at[0] == '"' && !s->parser.quoted ? CSVS_BARE_QUOTE : CSVS_AFTER_QUOTE;
}

csvs_result csvs_feed(csv_stream *s, const char *p, size_t n) {
  while (n) {
    const char *nl = memchr(p, '\n', n);
    size_t seg = nl ? (size_t)(nl - p) + 1 : n;
    if (!s->row_open) {
      /* A row begins on this line unless it is blank (libcsv skips blank lines). */
      for (size_t i = 0; i < seg; i++) {
        char c = p[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          open_row(s);
          break;
        }
      }
    }
    size_t done = csv_parse(&s->parser, p, seg, lib_field, lib_row, s);
    if (s->stopped) return CSVS_STOPPED;
    if (done != seg) return parse_error(s, p + done, seg - done);
    if (nl) s->line++;
    p += seg;
    n -= seg;
  }
  return CSVS_OK;
}

csvs_result csvs_finish(csv_stream *s) {
  if (s->stopped) return CSVS_STOPPED;
  int rc = csv_fini(&s->parser, lib_field, lib_row, s);
  if (s->stopped) return CSVS_STOPPED;
  if (rc != 0) {
    /* With CSV_STRICT | CSV_STRICT_FINI the only failure: an open quoted field. */
    s->partial = (const char *)s->parser.entry_buf;
    s->npartial = s->parser.entry_pos;
    if (!s->partial) s->partial = "", s->npartial = 0;
    return CSVS_UNTERMINATED;
  }
  return CSVS_OK;
}
