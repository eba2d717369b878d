/*
** ingest.c — one input file: raw bytes → SHA-256 + decoder (encoding.h) →
** physical lines → libcsv (csv_stream.h) → header mapping → typed cells
** (cellparse.h) → the sink. One pass, fixed buffers, no allocation per row.
*/
#include "ingest/ingest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "ingest/cellparse.h"
#include "ingest/csv_stream.h"
#include "ingest/encoding.h"
#include "ingest/sha_stream.h"

#define READ_BYTES (256u * 1024u)
#define SHOW_BYTES 120 /* a value quoted in a message is cut after this many bytes */

typedef struct ingest {
  const hf_input_spec *spec;
  const char *name; /* display name */
  hf_record_sink sink;
  void *sink_ctx;
  hf_ingest_stats *stats;
  hf_error *err;
  hf_status status; /* the first failure; once set, every callback returns at once */
  sha_stream *sha;
  enc_decoder *dec;
  csv_stream cs;
  bool cs_live;
  /* The header row: names (trimmed, NUL-terminated) in hdr, column c at hdr.data + hdr_off[c]. */
  bool have_header;
  long header_line;
  hf_buf hdr;
  size_t *hdr_off;
  size_t ncols, cap_cols;
  /* Mapping: field f reads column field_col[f]; only needed columns are copied. */
  size_t *field_col;
  unsigned char *col_needed;
  /* The current row: needed cells in arena (NUL-terminated), column c at arena.data + col_off[c]. */
  hf_buf arena;
  size_t *col_off, *col_len;
  hf_value *values;
  cell_field *cells; /* per field: its spec prepared for typing */
} ingest;

/* ---------------------------------------------------------------- messages */

static const char *header_of(const ingest *in, size_t col) { return in->hdr.data + in->hdr_off[col]; }

/* A value as messages show it: one line (control characters escaped), cut after
** SHOW_BYTES on a UTF-8 character boundary. out needs 4 * SHOW_BYTES + 8 bytes. */
static void show_value(const char *s, size_t n, char *out) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0, i = 0;
  for (; i < n && i < SHOW_BYTES; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '\r' || c == '\t') {
      out[o++] = '\\';
      out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
    } else if (c < 0x20 || c == 0x7F) {
      out[o++] = '\\', out[o++] = 'x', out[o++] = hex[c >> 4], out[o++] = hex[c & 15];
    } else {
      out[o++] = (char)c;
    }
  }
  if (i < n) {
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) o--; /* drop a cut character */
    if (o > 0 && (unsigned char)out[o - 1] >= 0xC0) o--;
    memcpy(out + o, "…", strlen("…"));
    o += strlen("…");
  }
  out[o] = '\0';
}

/* "列「工号」", or "表头第 3 列" while reading the header, for column col (0-based). */
static void column_ref(const ingest *in, size_t col, char *out, size_t cap) {
  if (!in->have_header) snprintf(out, cap, "表头第 %zu 列", col + 1);
  else if (col < in->ncols) snprintf(out, cap, "列「%s」", header_of(in, col));
  else snprintf(out, cap, "第 %zu 列（表头只有 %zu 列）", col + 1, in->ncols);
}

static void hex_bytes(const unsigned char *b, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) o += (size_t)sprintf(out + o, i ? " %02X" : "%02X", b[i]);
  out[o] = '\0';
}

/* A structural error: always stops the input. */
static void fail(ingest *in, hf_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(ingest *in, hf_status st, const char *fmt, ...) {
  if (in->status != HF_OK) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(in->err->message, sizeof in->err->message, fmt, ap);
  va_end(ap);
  in->err->status = st;
  in->status = st;
  if (in->cs_live) csvs_stop(&in->cs);
}

/* A row-level error (bad value, ragged row): stops the input (on_error = fail),
** or is recorded in stats->rejects and the row is left out (on_error = skip). */
static void row_error(ingest *in, long line, size_t column, const char *header, const char *value,
                      size_t vlen, const char *message) {
  if (in->spec->on_error != HF_ON_ERROR_SKIP) {
    fail(in, HF_ERR_DATA, "%s", message);
    return;
  }
  hf_ingest_stats *st = in->stats;
  if ((st->nrejects & (st->nrejects + 1)) == 0) /* grow at 0, 1, 3, 7, ... */
    st->rejects = hf_xrealloc(st->rejects, (st->nrejects * 2 + 2) * sizeof *st->rejects);
  hf_reject *r = &st->rejects[st->nrejects++];
  r->line = line;
  r->column = (int)column;
  r->header = hf_xstrdup(header);
  r->value = hf_xstrndup(value, vlen);
  r->message = hf_xstrdup(message);
  st->rejected++;
}

/* ---------------------------------------------------------------- header */

static bool is_trim_space(const char *s, size_t n, size_t *k) {
  if (n >= 1 && (s[0] == ' ' || s[0] == '\t')) return *k = 1, true;
  if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) return *k = 3, true; /* U+3000 ideographic space */
  return false;
}

/* Header names tolerate surrounding ASCII spaces, tabs and U+3000 (typed by hand in Excel). */
static void trim_header(const char **s, size_t *n) {
  size_t k;
  while (is_trim_space(*s, *n, &k)) *s += k, *n -= k;
  for (;;) {
    if (*n >= 1 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
    else if (*n >= 3 && memcmp(*s + *n - 3, "\xE3\x80\x80", 3) == 0) *n -= 3;
    else break;
  }
}

static void header_push(ingest *in, const char *data, size_t len) {
  trim_header(&data, &len);
  if (in->ncols == in->cap_cols) {
    in->cap_cols = in->cap_cols ? in->cap_cols * 2 : 32;
    in->hdr_off = hf_xrealloc(in->hdr_off, in->cap_cols * sizeof *in->hdr_off);
  }
  in->hdr_off[in->ncols++] = in->hdr.len;
  buf_append(&in->hdr, data, len);
  in->hdr.len++; /* keep the NUL as the separator */
}

static bool header_eq(const char *want, const char *have) {
  size_t n = strlen(want);
  trim_header(&want, &n);
  return strlen(have) == n && memcmp(want, have, n) == 0;
}

/* "「工号」「员工姓名」…" for the missing-column message. */
static void list_headers(const ingest *in, char *out, size_t cap) {
  size_t o = 0;
  out[0] = '\0';
  for (size_t c = 0; c < in->ncols && o + 16 < cap; c++) {
    int w = snprintf(out + o, cap - o, "「%s」", header_of(in, c));
    if (w < 0 || (size_t)w >= cap - o) {
      snprintf(out + o, cap - o, "…");
      break;
    }
    o += (size_t)w;
  }
}

static void header_finish(ingest *in) {
  const hf_input_spec *sp = in->spec;
  in->have_header = true;
  in->header_line = in->cs.row_line;
  in->col_needed = hf_xcalloc(in->ncols, 1);
  in->col_off = hf_xcalloc(in->ncols, sizeof *in->col_off);
  in->col_len = hf_xcalloc(in->ncols, sizeof *in->col_len);
  for (size_t f = 0; f < sp->nfields; f++) in->field_col[f] = SIZE_MAX;
  for (size_t c = 0; c < in->ncols; c++) {
    for (size_t f = 0; f < sp->nfields; f++) {
      if (!header_eq(sp->fields[f].header, header_of(in, c))) continue;
      if (in->field_col[f] != SIZE_MAX && in->field_col[f] != c) {
        fail(in, HF_ERR_DATA, "%s:%ld:%zu: 列「%s」出现了两次：第 %zu 列和第 %zu 列（应为 每个表头只出现一次；请删除或改名其中一列）",
             in->name, in->header_line, c + 1, header_of(in, c), in->field_col[f] + 1, c + 1);
        return;
      }
      in->field_col[f] = c;
      in->col_needed[c] = 1;
    }
  }
  char missing[1024] = "", found[2048];
  size_t o = 0, nmissing = 0;
  for (size_t f = 0; f < sp->nfields; f++) {
    if (in->field_col[f] != SIZE_MAX) continue;
    bool again = false; /* two fields may share one header: name it once */
    for (size_t g = 0; g < f; g++) again |= in->field_col[g] == SIZE_MAX && strcmp(sp->fields[g].header, sp->fields[f].header) == 0;
    if (again) continue;
    nmissing++;
    if (o + 8 < sizeof missing) {
      int w = snprintf(missing + o, sizeof missing - o, "「%s」", sp->fields[f].header);
      if (w > 0) o += (size_t)w;
    }
  }
  if (nmissing) {
    list_headers(in, found, sizeof found);
    fail(in, HF_ERR_DATA, "%s:%ld: 缺少%s列%s（文件的表头是：%s；请检查规则中的表头名称，或是否选错了文件）",
         in->name, in->header_line, nmissing > 1 ? "以下" : "", missing, found);
  }
}

/* ---------------------------------------------------------------- rows */

static void on_field(void *ctx, const char *data, size_t len, size_t col) {
  ingest *in = ctx;
  if (!in->have_header) {
    header_push(in, data, len);
    return;
  }
  if (col >= in->ncols || !in->col_needed[col]) return; /* unmapped: not copied */
  /* Quoted cells keep their spaces in libcsv; typed values must not care. */
  while (len && (data[0] == ' ' || data[0] == '\t')) data++, len--;
  while (len && (data[len - 1] == ' ' || data[len - 1] == '\t')) len--;
  hf_buf *a = &in->arena;
  if (a->len + len + 2 > a->cap) buf_reserve(a, len + 1); /* rarely: the arena is reused row after row */
  if (len) memcpy(a->data + a->len, data, len);
  in->col_off[col] = a->len;
  in->col_len[col] = len;
  a->data[a->len + len] = '\0';
  a->len += len + 1;
}

static void value_error(ingest *in, size_t f, const char *problem) {
  const hf_field_spec *fs = &in->spec->fields[f];
  size_t col = in->field_col[f];
  const hf_value *v = &in->values[f];
  char shown[4 * SHOW_BYTES + 8], expected[1024];
  char message[sizeof in->err->message];
  show_value(v->text, v->len, shown);
  cell_expected(fs, expected, sizeof expected);
  snprintf(message, sizeof message, "%s:%ld:%zu: 列「%s」的值「%s」%s（应为 %s）", in->name, in->cs.row_line,
           col + 1, header_of(in, col), shown, problem, expected);
  row_error(in, in->cs.row_line, col + 1, header_of(in, col), v->text, v->len, message);
}

static void on_row(void *ctx, size_t nfields) {
  ingest *in = ctx;
  if (!in->have_header) {
    header_finish(in);
    return;
  }
  const hf_input_spec *sp = in->spec;
  char message[sizeof in->err->message];
  if (nfields != in->ncols) {
    snprintf(message, sizeof message, "%s:%ld: 第 %ld 行有 %zu 列，表头有 %zu 列（应为 每行列数与表头相同；含逗号的值须用双引号括起）",
             in->name, in->cs.row_line, in->cs.row_line, nfields, in->ncols);
    row_error(in, in->cs.row_line, 0, "", "", 0, message);
    buf_reset(&in->arena);
    return;
  }
  for (size_t f = 0; f < sp->nfields; f++) {
    size_t col = in->field_col[f];
    hf_value *v = &in->values[f];
    v->text = in->arena.data + in->col_off[col];
    v->len = in->col_len[col];
    const char *problem;
    if (!cell_field_parse(&in->cells[f], v->text, v->len, v, &problem)) {
      value_error(in, f, problem);
      buf_reset(&in->arena);
      return;
    }
  }
  hf_record rec = {sp, in->cs.row_line, in->values};
  hf_status st = in->sink(in->sink_ctx, &rec, in->err);
  if (st != HF_OK) {
    in->status = st; /* the sink filled err */
    csvs_stop(&in->cs);
  } else {
    in->stats->rows++;
  }
  buf_reset(&in->arena);
}

/* ---------------------------------------------------------------- errors from below */

static void csv_failure(ingest *in, csvs_result r) {
  const csv_stream *cs = &in->cs;
  char col[512], shown[4 * SHOW_BYTES + 8];
  size_t c = csvs_column(cs);
  column_ref(in, c - 1, col, sizeof col);
  show_value(cs->partial ? cs->partial : "", cs->partial ? cs->npartial : 0, shown);
  switch (r) {
    case CSVS_BARE_QUOTE:
      fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s的值「%s」中有未加引号的双引号（应为 整个字段用双引号括起，字段内的 \" 写成 \"\"，如 \"37°36'37.8\"\"N\"）",
           in->name, cs->line, c, col, shown);
      break;
    case CSVS_AFTER_QUOTE:
      fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s的值「%s」在结束引号之后还有字符「%s」（应为 结束引号后紧跟逗号或换行；字段内的 \" 须写成 \"\"）",
           in->name, cs->line, c, col, shown, cs->bad);
      break;
    case CSVS_TOO_LONG:
      fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s从第 %ld 行开始的字段超过 %zu 字节仍未结束（应为 引号成对出现：多半是这里的引号未闭合）",
           in->name, cs->field_line, c, col, cs->field_line, (size_t)CSVS_MAX_FIELD);
      break;
    case CSVS_UNTERMINATED:
      fail(in, HF_ERR_DATA, "%s:%ld: 引号未闭合：从第 %ld 行第 %zu 列开始的字段直到文件结尾都没有结束引号（%s；字段内的 \" 须写成 \"\"）",
           in->name, cs->row_line, cs->field_line, c, col);
      break;
    default:
      fail(in, HF_ERR_IO, "%s:%ld: CSV 解析失败：%s", in->name, cs->line, csv_strerror(csv_error(&in->cs.parser)));
      break;
  }
}

static void encoding_failure(ingest *in, const enc_problem *pb) {
  char col[512], hex[16];
  size_t c = csvs_column(&in->cs);
  long line = in->cs.line;
  column_ref(in, c - 1, col, sizeof col);
  hex_bytes(pb->bytes, pb->nbytes, hex);
  bool gb = strcmp(pb->encoding, "GB18030") == 0;
  switch (pb->kind) {
    case ENC_P_INVALID:
      if (gb)
        fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s中有无效的 GB18030 字节 %s（应为 GB18030/GBK 编码的文本；若文件其实是 UTF-8，请在规则中写 encoding = \"utf-8\"，或另存为 CSV UTF-8）",
             in->name, line, c, col, hex);
      else if (pb->gb18030_plausible)
        fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s中有无效的 UTF-8 字节 %s（应为 UTF-8 编码的文本；这些字节像 GB18030/GBK：请在规则的该输入中写 encoding = \"gb18030\"，或在 Excel 中另存为 CSV UTF-8）",
             in->name, line, c, col, hex);
      else
        fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s中有无效的 UTF-8 字节 %s（应为 UTF-8 编码的文本；请在 Excel 中另存为 CSV UTF-8）",
             in->name, line, c, col, hex);
      break;
    case ENC_P_TRUNCATED:
      fail(in, HF_ERR_DATA, "%s:%ld:%zu: 文件在一个不完整的 %s 字符处结束（字节 %s）（应为 完整的文件；文件可能被截断）",
           in->name, line, c, pb->encoding, hex);
      break;
    case ENC_P_NUL:
      fail(in, HF_ERR_DATA, "%s:%ld:%zu: %s中有 NUL 字节（00）（应为 文本；这可能是 UTF-16 或二进制文件，请另存为 CSV UTF-8）",
           in->name, line, c, col);
      break;
    case ENC_P_UTF16:
      fail(in, HF_ERR_DATA, "%s:1: 文件是 UTF-16 编码（开头字节 %s），无法读取：请另存为 CSV UTF-8（Excel：另存为 → CSV UTF-8（逗号分隔））",
           in->name, hex);
      break;
    case ENC_P_BOM_MISMATCH:
      fail(in, HF_ERR_DATA, "%s:1: 文件以 UTF-8 BOM 开头，是 UTF-8 编码，但规则为该输入声明了 encoding = \"gb18030\"（应为 删去该声明或写 encoding = \"utf-8\"）",
           in->name);
      break;
    case ENC_P_NO_ICONV:
      fail(in, HF_ERR_IO, "%s: 本机的 iconv 不支持 GB18030，无法转换（请安装 glibc 的 gconv 模块，或另存为 CSV UTF-8）", in->name);
      break;
    case ENC_P_NONE: break;
  }
}

/* ---------------------------------------------------------------- the pass */

static int emit_utf8(void *ctx, const char *p, size_t n) {
  ingest *in = ctx;
  csvs_result r = csvs_feed(&in->cs, p, n);
  if (r == CSVS_OK) return 0;
  if (r != CSVS_STOPPED) csv_failure(in, r);
  return 1;
}

static void begin(ingest *in, const hf_input_spec *spec, const char *name, hf_record_sink sink, void *ctx,
                  hf_ingest_stats *stats, hf_error *err, bool threaded_hash) {
  memset(in, 0, sizeof *in);
  memset(stats, 0, sizeof *stats);
  stats->encoding = "UTF-8";
  in->spec = spec;
  in->name = name;
  in->sink = sink;
  in->sink_ctx = ctx;
  in->stats = stats;
  in->err = err;
  buf_init(&in->hdr);
  buf_init(&in->arena);
  in->field_col = hf_xcalloc(spec->nfields, sizeof *in->field_col);
  in->values = hf_xcalloc(spec->nfields, sizeof *in->values);
  in->cells = hf_xcalloc(spec->nfields, sizeof *in->cells);
  for (size_t f = 0; f < spec->nfields; f++) cell_field_init(&in->cells[f], &spec->fields[f]);
  in->dec = enc_new(spec->encoding);
  in->sha = sha_stream_new(threaded_hash);
  if (!in->sha) {
    fail(in, HF_ERR_IO, "%s: 无法初始化 SHA-256（OpenSSL）", name);
    return;
  }
  if (!csvs_init(&in->cs, on_field, on_row, in)) {
    fail(in, HF_ERR_IO, "%s: 无法初始化 CSV 解析器", name);
    return;
  }
  in->cs_live = true;
}

/* Hashes and decodes one raw chunk; false once the input has failed. A threaded
** hash may still be reading p when this returns (sha_stream.h). */
static bool feed(ingest *in, const char *p, size_t n) {
  if (in->status != HF_OK) return false;
  in->stats->bytes += n;
  sha_stream_update(in->sha, p, n);
  enc_problem pb;
  if (enc_feed(in->dec, p, n, emit_utf8, in, &pb) == ENC_PROBLEM) encoding_failure(in, &pb);
  return in->status == HF_OK;
}

static void finish(ingest *in) {
  enc_problem pb;
  if (in->status != HF_OK) return;
  if (enc_finish(in->dec, emit_utf8, in, &pb) == ENC_PROBLEM) encoding_failure(in, &pb);
  in->stats->encoding = enc_name(in->dec);
  if (in->status != HF_OK) return;
  csvs_result r = csvs_finish(&in->cs);
  if (r != CSVS_OK && r != CSVS_STOPPED) csv_failure(in, r);
  if (in->status != HF_OK) return;
  if (!in->have_header) {
    fail(in, HF_ERR_DATA, "%s: 文件为空（没有表头行）", in->name);
    return;
  }
  if (!sha_stream_final(in->sha, in->stats->sha256)) fail(in, HF_ERR_IO, "%s: SHA-256 计算失败（OpenSSL）", in->name);
}

static hf_status end(ingest *in) {
  if (in->dec) in->stats->encoding = enc_name(in->dec);
  if (in->cs_live) csvs_free(&in->cs);
  enc_free(in->dec);
  sha_stream_free(in->sha); /* joins the hashing thread: no block is read after this */
  buf_free(&in->hdr);
  buf_free(&in->arena);
  free(in->hdr_off);
  free(in->field_col);
  free(in->col_needed);
  free(in->col_off);
  free(in->col_len);
  free(in->values);
  for (size_t f = 0; f < in->spec->nfields; f++) cell_field_free(&in->cells[f]);
  free(in->cells);
  return in->status;
}

hf_status ingest_file(const hf_input_spec *spec, const char *path, const char *display_name,
                      hf_record_sink sink, void *ctx, hf_ingest_stats *stats, hf_error *err) {
  ingest in;
  begin(&in, spec, display_name, sink, ctx, stats, err, true);
  FILE *fp = in.status == HF_OK ? fopen(path, "rb") : NULL;
  if (in.status == HF_OK && !fp) fail(&in, HF_ERR_IO, "%s: 无法打开文件：%s", display_name, strerror(errno));
  /* Two blocks in turn: the hashing thread reads one while the next is read into the other. */
  char *buf = fp ? hf_xmalloc(2 * READ_BYTES) : NULL;
  for (int turn = 0; fp && in.status == HF_OK; turn ^= 1) {
    char *block = buf + (size_t)turn * READ_BYTES;
    size_t n = fread(block, 1, READ_BYTES, fp);
    if (n > 0 && !feed(&in, block, n)) break;
    if (n < READ_BYTES) {
      if (ferror(fp)) fail(&in, HF_ERR_IO, "%s: 读取文件失败：%s", display_name, strerror(errno));
      else finish(&in);
      break;
    }
  }
  hf_status st = end(&in); /* joins the hashing thread before buf goes */
  free(buf);
  if (fp) fclose(fp); /* read-only: nothing to lose on close */
  return st;
}

hf_status ingest_buffer(const hf_input_spec *spec, const void *data, size_t len, size_t chunk_size,
                        const char *display_name, hf_record_sink sink, void *ctx,
                        hf_ingest_stats *stats, hf_error *err) {
  ingest in;
  begin(&in, spec, display_name, sink, ctx, stats, err, false); /* tiny chunks: hash inline */
  const char *p = data;
  if (chunk_size == 0) chunk_size = len ? len : 1;
  for (size_t off = 0; off < len && in.status == HF_OK; off += chunk_size)
    feed(&in, p + off, len - off < chunk_size ? len - off : chunk_size);
  finish(&in);
  return end(&in);
}

void ingest_stats_free(hf_ingest_stats *stats) {
  if (!stats) return;
  for (size_t i = 0; i < stats->nrejects; i++) {
    free(stats->rejects[i].header);
    free(stats->rejects[i].value);
    free(stats->rejects[i].message);
  }
  free(stats->rejects);
  stats->rejects = NULL;
  stats->nrejects = 0;
}
