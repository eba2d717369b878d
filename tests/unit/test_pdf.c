/*
** test_pdf.c — the PDF renderer: a hand-built month (Chinese names, a
** 150-row table across pages, wrapped notes with commas and quotes, a limited
** list, an empty table) renders atomically and byte-identically; bad or
** missing fonts are clear errors, never crashes; undrawable characters are
** warned about with the place they occur. With HUIFANG_PDF_OUT set, the sample
** PDF is also written there for the e2e checks (tests/e2e/test_pdf_clients.sh).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "render/pdf.h"
#include "render/pdf_doc.h"
#include "report/results.h"

#define ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define DROID "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static const char *surnames[] = {"张", "李", "王", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
static const char *given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰"};
static const char *teams[] = {"回访一组", "回访二组", "回访三组", "回访四组", "回访五组"};

/* ------------------------------------------------------------- helpers */

static char *make_tmpdir(void) {
  const char *base = getenv("TMPDIR");
  char tmpl[512];
  snprintf(tmpl, sizeof tmpl, "%s/huifang-pdf-XXXXXX", base && *base ? base : "/tmp");
  char *d = mkdtemp(tmpl);
  assert_non_null(d);
  return strdup(d);
}

static void rm_rf(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char path[1024];
  while ((e = readdir(d)))
    if (e->d_name[0] != '.') {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  closedir(d);
  rmdir(dir);
}

static char *slurp(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
  s[n] = '\0';
  fclose(fp);
  *len = (size_t)n;
  return s;
}

/* Nothing but the expected files in dir: no "*.tmp.*" left behind. */
static int count_tmp_files(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strstr(e->d_name, ".tmp")) n++;
  closedir(d);
  return n;
}

static bool has_warning(const hf_results *r, const char *a, const char *b) {
  for (size_t i = 0; i < r->nwarnings; i++)
    if (strstr(r->warnings[i], a) && (!b || strstr(r->warnings[i], b))) return true;
  return false;
}

static const char *note_text(size_t i) {
  static const char *notes[] = {
      "客户询问\"开户流程\"时，坐席未核实身份，语速过快，未按规范话术结束通话；建议复听录音并参加周三的话术培训。",
      "业务解释有误：把“融资融券”的保证金比例说成 50%，实际为 100%，属致命项，需在 3 个工作日内回访更正。",
      "服务态度较好，但开场白缺少工号播报，结束语未确认客户是否还有其他问题，整体流程不完整，需要改进。",
      "短备注"};
  return notes[i % 4];
}

/* A month like the P1 sample: 150 agents, an unqualified list of 45 rows
** with pdf_limit 30, a per-item table and an empty table. */
static hf_results *sample_results(size_t agents) {
  hf_results *r = results_new();
  r->title = results_str(r, "回访组质检月报");
  r->company = results_str(r, "某证券呼叫中心");
  r->policy_name = results_str(r, "回访组质检月报");
  r->policy_file = results_str(r, "callcenter.lua");
  r->policy_sha256 = results_str(r, "3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322");
  r->period_from = results_str(r, "2026-10-01");
  r->period_to = results_str(r, "2026-10-31");
  r->as_of = results_str(r, "2026-11-01");
  hf_input_info in = {"checks", "质检统计表.csv", "ab12", "GB18030", 20143, 2};
  results_add_input(r, &in);
  hf_input_info vol = {"volume", "录音量.csv", "cd34", "UTF-8", 2100, 0};
  results_add_input(r, &vol);
  hf_kpi *k = results_add_kpi(r, "pass_rate", "合格率", 0.9351, HF_FMT_PERCENT);
  k->has_target = true, k->target = 0.9, k->met = true;
  k = results_add_kpi(r, "excellence_rate", "优秀率", 0.4123, HF_FMT_PERCENT);
  k->has_target = true, k->target = 0.5, k->met = false;
  results_add_kpi(r, "qc_score", "质检得分", 27.05, HF_FMT_NUMBER);
  k = results_add_kpi(r, "coverage_days_met", "抽检比例达标天数", 20, HF_FMT_INT);
  k->detail = results_str(r, "20/21 天达到 10%");

  const hf_column cols[] = {{"agent", "工号", HF_FMT_TEXT, false},
                            {"name", "员工姓名", HF_FMT_TEXT, false},
                            {"team", "组别", HF_FMT_TEXT, false},
                            {"checked", "抽检量", HF_FMT_INT, false},
                            {"qualified", "合格量", HF_FMT_INT, false},
                            {"pass_rate", "合格率", HF_FMT_PERCENT, false},
                            {"excellence_rate", "优秀率", HF_FMT_PERCENT, false},
                            {"qc_score", "质检得分", HF_FMT_NUMBER, false},
                            {"met", "达标", HF_FMT_BOOL, false}};
  hf_table *t = results_add_table(r, "by_agent", "坐席质检成绩", cols, 9);
  t->note = results_str(r, "合格率 = 合格量 / 抽检量；质检得分 = (合格率 + 优秀率) × 质检比例权重 30。");
  for (size_t i = 0; i < agents; i++) {
    hf_cell *row = table_add_row(t);
    char id[16], name[32];
    snprintf(id, sizeof id, "A%04zu", i + 1);
    snprintf(name, sizeof name, "%s%s", surnames[i % 12], given[(i * 7) % 14]);
    cell_str(r, &row[0], id);
    cell_str(r, &row[1], name);
    cell_str(r, &row[2], teams[i % 5]);
    int64_t checked = 150 + (int64_t)((i * 37) % 90), q = checked - (int64_t)(i % 13);
    cell_int(&row[3], checked);
    cell_int(&row[4], q);
    cell_num(&row[5], (double)q / (double)checked);
    if (i % 17 != 5) cell_num(&row[6], (double)((i * 11) % 60) / 100.0);   /* a NULL now and then */
    cell_num(&row[7], 30.0 * ((double)q / (double)checked + (double)((i * 11) % 60) / 100.0));
    cell_bool(&row[8], i % 4 != 0);
  }
  const hf_column icols[] = {{"item", "质检项目", HF_FMT_TEXT, false},
                             {"fatal", "致命项", HF_FMT_BOOL, false},
                             {"fails", "不合格次数", HF_FMT_INT, false},
                             {"fail_rate", "不合格率", HF_FMT_PERCENT, false}};
  t = results_add_table(r, "by_item", "质检项目不合格统计", icols, 4);
  static const char *items[] = {"业务精准度及风险控制", "规范话术", "服务态度", "开场白与工号播报", "结束语"};
  for (size_t i = 0; i < 5; i++) {
    hf_cell *row = table_add_row(t);
    cell_str(r, &row[0], items[i]);
    cell_bool(&row[1], i == 0);
    cell_int(&row[2], (int64_t)(12 * i + 3));
    cell_num(&row[3], (double)(12 * i + 3) / 2014.0);
  }
  const hf_column ucols[] = {{"date", "抽检日期", HF_FMT_DATE, false},
                             {"agent", "工号", HF_FMT_TEXT, false},
                             {"name", "员工姓名", HF_FMT_TEXT, false},
                             {"failed", "不合格项", HF_FMT_TEXT, false},
                             {"improve", "待改进", HF_FMT_TEXT, true}};
  t = results_add_table(r, "unqualified", "不合格录音", ucols, 5);
  t->pdf_limit = 30;
  for (size_t i = 0; i < 45; i++) {
    hf_cell *row = table_add_row(t);
    char d[16], id[16], name[32];
    snprintf(d, sizeof d, "2026-10-%02zu", i % 31 + 1);
    snprintf(id, sizeof id, "A%04zu", i * 3 + 1);
    snprintf(name, sizeof name, "%s%s", surnames[(i * 3) % 12], given[(i * 21) % 14]);
    cell_str(r, &row[0], d);
    cell_str(r, &row[1], id);
    cell_str(r, &row[2], name);
    cell_str(r, &row[3], i % 3 ? "规范话术、结束语" : "业务精准度及风险控制");
    cell_str(r, &row[4], note_text(i));
  }
  const hf_column ecols[] = {{"agent", "工号", HF_FMT_TEXT, false}, {"days", "逾期天数", HF_FMT_INT, false}};
  results_add_table(r, "overdue", "逾期未回访", ecols, 2);
  return r;
}

static hf_status render_to(hf_results *r, const char *font, const char *dir, const char *name, hf_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  hf_pdf_options o = {.font_path = font, .base_dir = dir};
  return render_pdf(r, &o, path, err);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --------------------------------------------------------------- tests */

static void test_renders_atomically_and_identically(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = sample_results(150);
  hf_error err = {0};
  double t0 = now_s();
  assert_int_equal(render_to(r, NULL, dir, "a.pdf", &err), HF_OK);
  double t1 = now_s();
  size_t warnings_after_first = r->nwarnings;
  assert_int_equal(warnings_after_first, 0);   /* Zen Hei draws everything in the sample */
  assert_int_equal(render_to(r, NULL, dir, "b.pdf", &err), HF_OK);
  size_t na, nb;
  char pa[1024], pb[1024];
  snprintf(pa, sizeof pa, "%s/a.pdf", dir);
  snprintf(pb, sizeof pb, "%s/b.pdf", dir);
  char *a = slurp(pa, &na);
  char *b = slurp(pb, &nb);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(na > 1000);
  assert_memory_equal(a, "%PDF-", 5);
  assert_int_equal(na, nb);
  assert_memory_equal(a, b, na);   /* byte-identical: no dates, fixed font order */
  assert_null(strstr(a, "CreationDate"));
  assert_int_equal(count_tmp_files(dir), 0);
  /* Informational only: speed is measured by bench/, not asserted (sanitizer builds are 10x slower). */
  fprintf(stderr, "# 150-row sample: %zu bytes, rendered in %.3f s\n", na, t1 - t0);
  free(a);
  free(b);
  const char *out = getenv("HUIFANG_PDF_OUT");
  if (out && *out) {
    hf_pdf_options o = {.font_path = NULL};
    assert_int_equal(render_pdf(r, &o, out, &err), HF_OK);
  }
  results_free(r);
  rm_rf(dir);
  free(dir);
}

static void test_unknown_font_is_a_data_error(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = sample_results(3);
  hf_error err = {0};
  assert_int_equal(render_to(r, "fonts/no-such-font.ttf", dir, "x.pdf", &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "no-such-font.ttf"));
  size_t n;
  char p[1024];
  snprintf(p, sizeof p, "%s/x.pdf", dir);
  assert_null(slurp(p, &n));
  assert_int_equal(count_tmp_files(dir), 0);
  results_free(r);
  rm_rf(dir);
  free(dir);
}

/* Writes n bytes of src (optionally patched at off) to dir/name. */
static void write_font(const char *dir, const char *name, const char *src, size_t n, long off, const char *patch,
                       size_t plen) {
  size_t len;
  char *data = slurp(src, &len);
  assert_non_null(data);
  if (n > len) n = len;
  if (off >= 0) memcpy(data + off, patch, plen);
  char p[1024];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *fp = fopen(p, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(data, 1, n, fp), n);
  fclose(fp);
  free(data);
}

/* Offset of a table in a plain TrueType file, from its table directory. */
static long table_offset(const char *path, const char *tag) {
  size_t len;
  unsigned char *d = (unsigned char *)slurp(path, &len);
  assert_non_null(d);
  unsigned ntables = (unsigned)(d[4] << 8 | d[5]);
  long off = -1;
  for (unsigned i = 0; i < ntables; i++) {
    unsigned char *e = d + 12 + 16 * i;
    if (memcmp(e, tag, 4) == 0) off = (long)((unsigned long)e[8] << 24 | e[9] << 16 | e[10] << 8 | e[11]);
  }
  free(d);
  return off;
}

static void test_broken_fonts_are_refused_not_crashed(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = sample_results(3);
  hf_error err = {0};
  long head = table_offset(DEJAVU, "head");
  assert_true(head > 0);
  write_font(dir, "upem0.ttf", DEJAVU, (size_t)-1, head + 18, "\0\0", 2);   /* unitsPerEm = 0: SIGFPE in libharu */
  assert_int_equal(render_to(r, "upem0.ttf", dir, "x.pdf", &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "upem0.ttf"));
  write_font(dir, "short.ttf", DEJAVU, 2000, -1, NULL, 0);                 /* truncated */
  assert_int_equal(render_to(r, "short.ttf", dir, "x.pdf", &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "short.ttf"));
  FILE *fp = fopen(strcat(strcpy((char[1024]){0}, dir), "/text.ttf"), "w");
  assert_non_null(fp);
  fputs("这不是字体\n", fp);
  fclose(fp);
  assert_int_equal(render_to(r, "text.ttf", dir, "x.pdf", &err), HF_ERR_DATA);
  hf_pdf_options o = {.font_path = ZENHEI, .font_index = 7};                                      /* no such face */
  char p[1024];
  snprintf(p, sizeof p, "%s/x.pdf", dir);
  assert_int_equal(render_pdf(r, &o, p, &err), HF_ERR_DATA);
  size_t n;
  assert_null(slurp(p, &n));
  assert_int_equal(count_tmp_files(dir), 0);
  results_free(r);
  rm_rf(dir);
  free(dir);
}

static void test_beyond_bmp_is_marked_and_warned(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = results_new();
  r->title = results_str(r, "生僻字测试");
  const hf_column cols[] = {{"name", "姓名", HF_FMT_TEXT, false}, {"note", "备注", HF_FMT_TEXT, true}};
  hf_table *t = results_add_table(r, "names", "名单", cols, 2);
  hf_cell *row = table_add_row(t);
  cell_str(r, &row[0], "王\xF0\xA0\x80\x80");   /* 王𠀀 */
  cell_str(r, &row[1], "正常");
  row = table_add_row(t);
  cell_str(r, &row[0], "李\xF0\xA0\x80\x80\xF0\xA0\x80\x80");   /* twice in one place: one warning */
  cell_str(r, &row[1], "坏字节\xFF结束");
  hf_error err = {0};
  assert_int_equal(render_to(r, NULL, dir, "x.pdf", &err), HF_OK);
  assert_true(has_warning(r, "U+20000", "表「名单」第 1 行「姓名」"));
  assert_true(has_warning(r, "U+20000", "表「名单」第 2 行「姓名」"));
  assert_true(has_warning(r, "U+FFFD", "表「名单」第 2 行「备注」"));
  size_t per_place = 0;
  for (size_t i = 0; i < r->nwarnings; i++)
    if (strstr(r->warnings[i], "第 2 行「姓名」")) per_place++;
  assert_int_equal(per_place, 1);
  assert_true(has_warning(r, "□", "超出 U+FFFF"));
  results_free(r);
  rm_rf(dir);
  free(dir);
}

static void test_droid_missing_digits_are_warned_composites_are_not(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = sample_results(5);
  r->title = results_str(r, "回访质检报告");
  hf_error err = {0};
  assert_int_equal(render_to(r, DROID, dir, "x.pdf", &err), HF_OK);
  /* 访 is a composite in Droid: drawable now (the subset flattens it), so no warning. */
  assert_false(has_warning(r, "「访」(U+8BBF)", NULL));
  assert_true(has_warning(r, "「1」(U+0031)", "字体中没有这个字符"));
  assert_true(has_warning(r, "Droid Sans Fallback", NULL));
  results_free(r);
  rm_rf(dir);
  free(dir);
}

/* A table wider than the page (labels wrap, columns scale) and a row taller
** than a page (split by lines across pages) still render, without warnings. */
static void test_extreme_tables(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  hf_results *r = results_new();
  r->title = results_str(r, "极端表格");
  hf_column cols[12];
  char ids[12][8];
  for (int i = 0; i < 12; i++) {
    snprintf(ids[i], sizeof ids[i], "c%d", i);
    cols[i] = (hf_column){ids[i], "一个很长很长的列标题", i % 2 ? HF_FMT_PERCENT : HF_FMT_TEXT, i == 11};
  }
  hf_table *t = results_add_table(r, "wide", "很宽的表", cols, 12);
  hf_buf long_text;
  buf_init(&long_text);
  for (int i = 0; i < 700; i++) buf_puts(&long_text, i % 9 ? "很长的备注" : "，\"引号\"，\n");
  for (int k = 0; k < 3; k++) {
    hf_cell *row = table_add_row(t);
    for (int i = 0; i < 12; i++) {
      if (i % 2) cell_num(&row[i], 0.123456 * (i + k));
      else cell_str(r, &row[i], i == 10 && k == 1 ? long_text.data : "张伟李娜王芳");
    }
    if (k == 1) cell_str(r, &row[11], long_text.data);
  }
  buf_free(&long_text);
  hf_error err = {0};
  assert_int_equal(render_to(r, NULL, dir, "x.pdf", &err), HF_OK);
  assert_int_equal(r->nwarnings, 0);
  results_free(r);
  rm_rf(dir);
  free(dir);
}

/* pdf_wrap: per character, never a closing punctuation mark at a line start,
** Latin words and numbers kept whole, explicit newlines kept. */
static void test_wrap_rules(void **state) {
  (void)state;
  hf_results *r = results_new();
  pdf_ctx c;
  hf_error err = {0};
  assert_int_equal(pdf_doc_open(&c, r, NULL, &err), HF_OK);
  pdf_lines l = {NULL, 0, 0};
  /* 10 pt: a hanzi is 10 pt wide; 40 pt holds 4. */
  pdf_wrap(&c, "一二三四，五六", 10, 40, &l);
  assert_int_equal(l.n, 2);
  assert_int_equal(l.v[0].len, 9);   /* 一二三 (the comma may not start line 2) */
  assert_memory_equal("一二三四，五六" + l.v[1].off, "四，", strlen("四，"));
  pdf_wrap(&c, "合格率 93.5% 达标", 10, 45, &l);
  for (size_t i = 0; i < l.n; i++) assert_true(l.v[i].width <= 45.01f || l.v[i].len <= 6);
  bool whole = false;
  for (size_t i = 0; i < l.n; i++)
    if (l.v[i].len >= 5 && memcmp("合格率 93.5% 达标" + l.v[i].off, "93.5%", 5) == 0) whole = true;
  assert_true(whole);   /* "93.5%" starts a line, unsplit */
  pdf_wrap(&c, "甲\n乙", 10, 400, &l);
  assert_int_equal(l.n, 2);
  pdf_wrap(&c, "", 10, 400, &l);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.v[0].len, 0);
  pdf_lines_free(&l);
  pdf_doc_close(&c);
  results_free(r);
}

static void test_value_formats(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(pdf_format_value(HF_FMT_PERCENT, 0.935, b), "93.5%");
  assert_string_equal(pdf_format_value(HF_FMT_PERCENT, 1.0, b), "100.0%");
  assert_string_equal(pdf_format_value(HF_FMT_PERCENT, -0.0001, b), "0.0%");
  assert_string_equal(pdf_format_value(HF_FMT_INT, 20, b), "20");
  assert_string_equal(pdf_format_value(HF_FMT_NUMBER, 27.054, b), "27.05");
  assert_string_equal(pdf_format_value(HF_FMT_BOOL, 1, b), "是");
  assert_string_equal(pdf_format_value(HF_FMT_NUMBER, 0.0 / 0.0, b), "—");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_renders_atomically_and_identically),
      cmocka_unit_test(test_unknown_font_is_a_data_error),
      cmocka_unit_test(test_broken_fonts_are_refused_not_crashed),
      cmocka_unit_test(test_beyond_bmp_is_marked_and_warned),
      cmocka_unit_test(test_droid_missing_digits_are_warned_composites_are_not),
      cmocka_unit_test(test_extreme_tables),
      cmocka_unit_test(test_wrap_rules),
      cmocka_unit_test(test_value_formats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
