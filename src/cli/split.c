/*
** split.c — report bursting (`huifang run --split-by FIELD`): one PDF per
** distinct value of FIELD, each from its own evaluation in which the inputs
** that have FIELD contribute only that recipient's rows (inputs without it
** count whole, and the PDF says so), rendered with the policy's summary
** template; plus index.csv (recipient, file, pages, sha256, rows).
** Files go to <staging>/<FIELD>/ and are published with the other outputs.
** File names: split_file_name below — predictable from the value alone.
*/
#include "cli/split.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/sha256.h"
#include "ingest/sha_stream.h"
#include "render/csv.h"
#include "render/pdf.h"

#define NAME_MAX_BYTES 80

/* Length of the UTF-8 sequence starting with byte b (1 for anything odd). */
static size_t seq_len(unsigned char b) { return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1; }

void split_file_name(const char *value, char *out, size_t outsz) {
  hf_buf b;
  buf_init(&b);
  bool changed = false;
  const unsigned char *p = (const unsigned char *)value;
  size_t n = strlen(value);
  for (size_t i = 0; i < n;) {
    unsigned char ch = p[i];
    size_t k = seq_len(ch);
    bool valid = i + k <= n;
    for (size_t j = 1; valid && j < k; j++) valid = (p[i + j] & 0xC0) == 0x80;
    if (ch >= 0x80 && valid && k > 1) {
      if (b.len + k > NAME_MAX_BYTES) { changed = true; break; }
      buf_append(&b, p + i, k);
      i += k;
      continue;
    }
    bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                ch == '_' || (ch == '.' && b.len > 0);
    if (b.len + 1 > NAME_MAX_BYTES) { changed = true; break; }
    buf_putc(&b, keep ? (char)ch : '_');
    if (!keep) changed = true;
    i++;
  }
  if (b.len == 0) {
    buf_putc(&b, '_');
    changed = true;
  }
  /* Upper-case ASCII could collide with another value on a case-insensitive
  ** disk (macOS, Windows shares): such names get the hash too. */
  for (size_t i = 0; i < b.len && !changed; i++)
    if (b.data[i] >= 'A' && b.data[i] <= 'Z') changed = true;
  if (changed) {
    char hex[65];
    if (!sha256_hex(value, n, hex)) memset(hex, '0', 64), hex[64] = '\0';
    buf_printf(&b, "-%.8s", hex);
  }
  snprintf(out, outsz, "%s", b.data);
  buf_free(&b);
}

/* The font: the brand's (a path the brand reader resolved), else the
** policy's report.font (relative to the rule file), else the lookup order. */
hf_pdf_options report_pdf_options(const hf_policy *p, const hf_layout *layout) {
  const hf_brand *b = &p->report.brand;
  hf_pdf_options o = {.font_path = b->font ? b->font : p->report.font,
                      .font_index = b->font ? b->font_index : p->report.font_index,
                      .base_dir = b->font ? NULL : p->rules_dir,
                      .layout = layout,
                      .brand = &p->report.brand,
                      .charts = &p->report.charts};
  return o;
}

/* SHA-256 of a written file, read in chunks (ingest's streaming hasher, inline). */
static hf_status file_sha256(const char *path, char hex[65], hf_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return hf_fail(err, HF_ERR_IO, "%s: 无法读取: %s", path, strerror(errno));
  sha_stream *h = sha_stream_new(false);
  char chunk[65536];
  size_t got;
  while (h && (got = fread(chunk, 1, sizeof chunk, fp)) > 0) sha_stream_update(h, chunk, got);
  bool ok = h && !ferror(fp) && sha_stream_final(h, hex);
  fclose(fp);
  sha_stream_free(h);
  return ok ? HF_OK : hf_fail(err, HF_ERR_IO, "%s: 无法计算 SHA-256", path);
}

hf_status split_render(hf_policy *p, const hf_run_options *base, const char *field, char *const *values, size_t n,
                       const char *staging, hf_error *err) {
  hf_buf dir, path;
  buf_init(&dir);
  buf_init(&path);
  buf_printf(&dir, "%s/%s", staging, field);
  hf_status st = HF_OK;
  if (mkdir(dir.data, 0777) != 0) st = hf_fail(err, HF_ERR_IO, "%s: 无法创建目录: %s", dir.data, strerror(errno));
  size_t *with = hf_xcalloc(p->ninputs ? p->ninputs : 1, sizeof *with);
  size_t nwith = evaluate_split_inputs(p, field, with);
  hf_buf without;
  buf_init(&without);
  for (size_t i = 0; i < p->ninputs; i++) {
    bool has = false;
    for (size_t k = 0; k < nwith; k++) has |= with[k] == i;
    if (!has && base->input_paths[i]) buf_printf(&without, "%s%s", without.len ? "、" : "", p->inputs[i].name);
  }
  hf_results *index = results_new();
  static const hf_column cols[] = {{"recipient", "收件人", HF_FMT_TEXT, false},
                                   {"file", "文件", HF_FMT_TEXT, false},
                                   {"pages", "页数", HF_FMT_INT, false},
                                   {"sha256", "SHA-256", HF_FMT_TEXT, false}};
  hf_table *t = results_add_table(index, "index", "分发清单", cols, 4);
  char (*names)[NAME_MAX_BYTES + 16] = hf_xcalloc(n ? n : 1, sizeof *names);
  for (size_t i = 0; i < n && st == HF_OK; i++) {
    split_file_name(values[i], names[i], sizeof names[i]);
    for (size_t k = 0; k < i; k++)   /* distinct values never share a file */
      if (strcmp(names[k], names[i]) == 0)
        st = hf_fail(err, HF_ERR_DATA, "--split-by %s：「%s」与「%s」得到相同的文件名 %s.pdf", field, values[k], values[i],
                     names[i]);
    if (st != HF_OK) break;
    hf_results *r = results_new();
    hf_run_options o = *base;
    o.split_field = field;
    o.split_value = values[i];
    o.split_seen = NULL;
    o.nsplit_seen = NULL;
    o.progress = NULL;
    st = evaluate_run(p, &o, r, err);
    if (st == HF_OK && without.len)
      results_warn(r, "输入 %s 没有字段 %s：按全体数据计入本报告（不只是「%s」的部分）", without.data, field, values[i]);
    size_t pages = 0;
    buf_reset(&path);
    buf_printf(&path, "%s/%s.pdf", dir.data, names[i]);
    hf_pdf_options po = report_pdf_options(p, &p->report.summary_layout);
    po.recipient = values[i];
    po.pages_out = &pages;
    if (st == HF_OK) st = render_pdf(r, &po, path.data, err);
    char hex[65];
    if (st == HF_OK) st = file_sha256(path.data, hex, err);
    if (st == HF_OK) {
      hf_cell *row = table_add_row(t);
      cell_str(index, &row[0], values[i]);
      char file[NAME_MAX_BYTES + 32];
      snprintf(file, sizeof file, "%s/%s.pdf", field, names[i]);
      cell_str(index, &row[1], file);
      cell_int(&row[2], (int64_t)pages);
      cell_str(index, &row[3], hex);
      for (size_t w = 0; w < r->nwarnings; w++)
        if (strstr(r->warnings[w], "PDF：")) fprintf(stderr, "huifang: 提示（%s）: %s\n", values[i], r->warnings[w]);
    }
    results_free(r);
  }
  if (st == HF_OK) st = render_csv_tables(index, dir.data, err);
  results_free(index);
  free(names);
  free(with);
  buf_free(&without);
  buf_free(&dir);
  buf_free(&path);
  return st;
}
