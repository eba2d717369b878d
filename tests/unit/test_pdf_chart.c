/*
** test_pdf_chart.c — charts (pdf_chart.h): nice ticks for percent, count and
** degenerate ranges; the stable sort order; x label thinning; then one PDF
** with every kind plus the edge cases (empty, all zero, NaN, negatives, 80
** bars), drawn in both passes as render_pdf does, checked with qpdf --check,
** its text extracted with pdftotext, page 1 rasterised with pdftoppm, and
** byte-identical on a second render (qpdf and poppler-utils are required, as
** for the e2e tests). With HUIFANG_CHART_OUT=<dir> the PDF and PNGs are kept
** there for a human to look at.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/pdf_chart.h"
#include "render/pdf_doc.h"
#include "report/results.h"

/* ----------------------------------------------------------------- ticks */

static void assert_ticks(pdf_ticks t, double lo, double hi, double step, size_t n) {
  if (fabs(t.lo - lo) >= 1e-9 || fabs(t.hi - hi) >= 1e-9 || fabs(t.step - step) >= 1e-12 || t.n != n)
    print_error("ticks %g..%g step %g n %zu, want %g..%g step %g n %zu\n", t.lo, t.hi, t.step, t.n, lo, hi, step, n);
  assert_true(fabs(t.lo - lo) < 1e-9);
  assert_true(fabs(t.hi - hi) < 1e-9);
  assert_true(fabs(t.step - step) < 1e-12);
  assert_int_equal(t.n, n);
}

/* step = 1, 2 or 5 × 10^k */
static bool nice_step(double step) {
  double e = floor(log10(step) + 1e-9), m = step / pow(10, e);
  return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

static void test_ticks(void **state) {
  (void)state;
  assert_ticks(pdf_chart_ticks(0, 0.935, 5, HF_FMT_PERCENT), 0, 1, 0.2, 6);          /* a rate: 0..100% */
  assert_ticks(pdf_chart_ticks(0, 1, 5, HF_FMT_PERCENT), 0, 1, 0.2, 6);              /* never past 100% */
  assert_ticks(pdf_chart_ticks(0.92, 0.97, 5, HF_FMT_PERCENT), 0.92, 0.97, 0.01, 6);
  assert_ticks(pdf_chart_ticks(0, 0.12, 4, HF_FMT_PERCENT), 0, 0.15, 0.05, 4);
  assert_ticks(pdf_chart_ticks(0.9351, 0.9362, 5, HF_FMT_PERCENT), 0.935, 0.937, 0.001, 3);   /* 0.1% at least */
  assert_ticks(pdf_chart_ticks(0.9351, 0.9352, 5, HF_FMT_PERCENT), 0, 1, 0.2, 6);         /* flat: from 0 */
  assert_ticks(pdf_chart_ticks(-0.05, 0.12, 5, HF_FMT_PERCENT), -0.05, 0.15, 0.05, 5);
  assert_ticks(pdf_chart_ticks(0, 137, 5, HF_FMT_INT), 0, 150, 50, 4);
  assert_ticks(pdf_chart_ticks(0, 3, 5, HF_FMT_INT), 0, 3, 1, 4);                    /* counts: step 1 at least */
  assert_ticks(pdf_chart_ticks(0, 27.05, 5, HF_FMT_NUMBER), 0, 30, 10, 4);
  /* all zero, a single value, reversed, NaN and infinite ends */
  assert_ticks(pdf_chart_ticks(0, 0, 5, HF_FMT_PERCENT), 0, 1, 0.2, 6);
  assert_ticks(pdf_chart_ticks(0, 0, 5, HF_FMT_INT), 0, 5, 1, 6);
  assert_ticks(pdf_chart_ticks(7, 7, 5, HF_FMT_INT), 0, 8, 2, 5);
  assert_ticks(pdf_chart_ticks(-3, -3, 5, HF_FMT_INT), -3, 0, 1, 4);
  assert_ticks(pdf_chart_ticks(5, 1, 4, HF_FMT_INT), 1, 5, 1, 5);
  assert_ticks(pdf_chart_ticks(NAN, NAN, 5, HF_FMT_NUMBER), 0, 1, 0.2, 6);
  assert_ticks(pdf_chart_ticks(INFINITY, 10, 5, HF_FMT_INT), 0, 10, 2, 6);
  assert_ticks(pdf_chart_ticks(0, 1e300, 5, HF_FMT_INT), 0, 1e12, 2e11, 6);           /* clamped at 1e12 */
  assert_ticks(pdf_chart_ticks(0, 10, 0, HF_FMT_INT), 0, 10, 10, 2);                  /* most 0 counts as 1 */
  /* Many ranges: nice steps, the range covered, at most `most` intervals. */
  uint32_t seed = 12345;
  for (int k = 0; k < 2000; k++) {
    seed = seed * 1103515245u + 12345u;
    double a = (double)(seed >> 8) / (1 << 24) * pow(10, (int)(seed % 7) - 3);
    seed = seed * 1103515245u + 12345u;
    double b = a + (double)(seed >> 8) / (1 << 24) * pow(10, (int)(seed % 7) - 3);
    size_t most = 2 + seed % 7;
    hf_format f = k % 3 == 0 ? HF_FMT_PERCENT : k % 3 == 1 ? HF_FMT_INT : HF_FMT_NUMBER;
    pdf_ticks t = pdf_chart_ticks(k % 2 ? -a : a, b, most, f);
    assert_true(nice_step(t.step));
    assert_true(t.n >= 2 && t.n - 1 <= most);
    assert_true(t.lo <= (k % 2 ? -a : a) + 1e-9 && t.hi >= b - 1e-9);
    assert_true(t.step >= (f == HF_FMT_PERCENT ? 0.001 : f == HF_FMT_INT ? 1 : 0.01) - 1e-12);
    assert_true(fabs(t.lo + (double)(t.n - 1) * t.step - t.hi) < t.step * 1e-6);
  }
}

/* ----------------------------------------------------------------- order */

static void test_order(void **state) {
  (void)state;
  /* 张 = E5 BC A0 < 李 = E6 9D 8E < 王 = E7 8E 8B < 甲 = E7 94 B2 (label bytes) */
  const char *labels[] = {"王五", "张三", "李四", "赵六", "甲", "张三", NULL};
  const double values[] = {0.9, 0.95, 0.9, NAN, 0.95, 0.95, 0.9};
  size_t order[7];
  pdf_chart_order(labels, values, 7, true, order);
  const size_t want[] = {1, 5, 4, 6, 2, 0, 3};   /* ties: label bytes (NULL as ""), then position; NaN last */
  assert_memory_equal(order, want, sizeof want);
  pdf_chart_order(labels, values, 7, false, order);
  for (size_t i = 0; i < 7; i++) assert_int_equal(order[i], i);
  const double neg[] = {-1, 0, NAN, -0.5};
  pdf_chart_order(NULL, neg, 4, true, order);
  const size_t want_neg[] = {1, 3, 0, 2};
  assert_memory_equal(order, want_neg, sizeof want_neg);
  pdf_chart_order(NULL, NULL, 0, true, order);   /* nothing to sort: no crash */
  /* Ascending (dir < 0, bars with order = "asc"): ties and NaN as above. */
  pdf_chart_order(labels, values, 7, -1, order);
  const size_t want_asc[] = {6, 2, 0, 1, 5, 4, 3};   /* 0.9: "" < 李 < 王; 0.95: 张三(1) 张三(5) 甲; NaN */
  assert_memory_equal(order, want_asc, sizeof want_asc);
  pdf_chart_order(NULL, neg, 4, -1, order);
  const size_t want_neg_asc[] = {0, 3, 1, 2};
  assert_memory_equal(order, want_neg_asc, sizeof want_neg_asc);
}

/* ------------------------------------------------------------- thinning */

static void test_thin(void **state) {
  (void)state;
  assert_int_equal(pdf_chart_thin(31, 40, 15.5f), 3);   /* "2026-10-01" per day across a page */
  assert_int_equal(pdf_chart_thin(12, 20, 40), 1);      /* months fit */
  assert_int_equal(pdf_chart_thin(12, 40, 40), 1);      /* exactly fits */
  assert_int_equal(pdf_chart_thin(5, 100, 0), 5);       /* no room: the first only */
  assert_int_equal(pdf_chart_thin(10, 1000, 1), 10);
  assert_int_equal(pdf_chart_thin(0, 50, 10), 1);
  assert_int_equal(pdf_chart_thin(1, 500, 1), 1);
  for (size_t n = 2; n < 60; n++)
    for (float lw = 5; lw < 120; lw += 7.5f) {
      float slot = 480.0f / (float)n;
      size_t k = pdf_chart_thin(n, lw, slot);
      assert_true(k >= 1 && k <= n);
      assert_true(k == n || (float)k * slot >= lw - 1e-3f);       /* shown labels never overlap */
      assert_true(k == 1 || (float)(k - 1) * slot < lw);         /* and no more are dropped than needed */
    }
}

/* --------------------------------------------------------------- render */

static const char *agents[] = {"张伟", "李娜", "王芳", "刘秀英", "陈敏", "杨静", "赵丽", "黄强",
                               "周磊", "吴洋", "徐艳", "欧阳明月（回访二组夜班组长兼新员工培训师，负责质检复核）"};
static const double pass_rates[] = {0.9512, 0.9833, 0.8765, 0.9120, 0.9512, 0.8421, 0.9677, NAN,
                                    0.9001, 0.7950, 0.9999, 0.9305};
static const char *teams[] = {"回访一组", "回访二组", "回访三组", "回访四组", "回访五组"};
static const double excellent[] = {42, 35, 51, 20, 38}, good[] = {80, 71, 66, 90, 58}, passed[] = {25, 30, 18, 41, 22},
                    failed[] = {6, 9, 3, 12, 4};
static const char *months[] = {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"};
static const double m_pass[] = {0.912, 0.925, 0.931, 0.918, 0.942, 0.9351},
                    m_excel[] = {0.381, 0.402, 0.395, 0.420, 0.436, 0.4123};
static const char *sat_labels[] = {"非常满意", "满意", "一般", "不满意", "非常不满意"};
static const double sat_counts[] = {812, 356, 97, 28, 9};
static const pdf_rgb level_palette[] = {{0.180f, 0.490f, 0.196f}, {0.486f, 0.702f, 0.259f}, {0.976f, 0.659f, 0.145f},
                                        {0.776f, 0.157f, 0.157f}};

/* Every kind, then the edge cases; the same calls in both passes. */
static void draw_charts(pdf_ctx *c) {
  static char day_names[31][16], many_names[80][24];
  static double coverage[31], many[80], flat0[5], neg[7];
  for (size_t i = 0; i < 31; i++) {
    snprintf(day_names[i], sizeof day_names[i], "2026-10-%02zu", i + 1);
    coverage[i] = i % 7 == 5 || i % 7 == 6 ? NAN : 0.085 + (double)((i * 37) % 11) / 200.0;
  }
  const char *days[31], *many_labels[80];
  for (size_t i = 0; i < 31; i++) days[i] = day_names[i];
  for (size_t i = 0; i < 80; i++) {
    snprintf(many_names[i], sizeof many_names[i], "坐席%02zu号", i + 1);
    many_labels[i] = many_names[i];
    many[i] = (double)((i * 53) % 97) / 97.0;
  }
  for (size_t i = 0; i < 7; i++) neg[i] = (double)i - 2.5;
  neg[3] = NAN;

  pdf_new_page(c);
  pdf_series s_pass = {"合格率", pass_rates};
  pdf_chart bars = {.kind = PDF_CHART_BARS, .title = "各坐席合格率（由高到低）", .labels = agents, .n = 12,
                    .series = &s_pass, .nseries = 1, .format = HF_FMT_PERCENT, .has_target = true, .target = 0.9,
                    .sort_desc = true};
  pdf_section_title(c, "坐席合格率", pdf_chart_height(c, &bars, c->content_w));
  pdf_chart_flow(c, &bars);
  c->y -= 10;
  pdf_series levels[] = {{"优秀", excellent}, {"良好", good}, {"合格", passed}, {"不合格", failed}};
  pdf_chart stacked = {.kind = PDF_CHART_STACKED, .title = "各组质检等级分布（条）", .labels = teams, .n = 5,
                       .series = levels, .nseries = 4, .format = HF_FMT_INT, .palette = level_palette,
                       .npalette = 4, .sort_desc = true};
  pdf_section_title(c, "等级分布", pdf_chart_height(c, &stacked, c->content_w));
  pdf_chart_flow(c, &stacked);

  pdf_series s_cov = {"抽检比例", coverage};
  pdf_chart daily = {.kind = PDF_CHART_LINES, .title = "每日抽检比例（周末无数据）", .labels = days, .n = 31,
                     .series = &s_cov, .nseries = 1, .format = HF_FMT_PERCENT, .has_target = true,
                     .target = 0.10};
  pdf_section_title(c, "抽检比例", pdf_chart_height(c, &daily, c->content_w));
  pdf_chart_flow(c, &daily);
  c->y -= 10;
  pdf_series trend[] = {{"合格率", m_pass}, {"优秀率", m_excel}};
  pdf_chart monthly = {.kind = PDF_CHART_LINES, .title = "近六个月合格率与优秀率", .labels = months, .n = 6,
                       .series = trend, .nseries = 2, .format = HF_FMT_PERCENT, .has_target = true, .target = 0.9,
                       .target_label = "合格率目标 90.0%"};
  pdf_section_title(c, "月度趋势", pdf_chart_height(c, &monthly, c->content_w));
  pdf_chart_flow(c, &monthly);
  c->y -= 10;
  pdf_series s_sat = {"份数", sat_counts};
  pdf_chart donut = {.kind = PDF_CHART_DONUT, .title = "客户满意度分布", .labels = sat_labels, .n = 5,
                     .series = &s_sat, .nseries = 1, .format = HF_FMT_INT, .centre_text = "1302\n份有效问卷"};
  pdf_section_title(c, "满意度", pdf_chart_height(c, &donut, c->content_w));
  pdf_chart_flow(c, &donut);

  /* Edge cases. */
  pdf_section_title(c, "边界情况", 80);
  pdf_chart none = {.kind = PDF_CHART_BARS, .title = "空数据的柱状图"};
  pdf_chart_flow(c, &none);
  pdf_series s_zero = {"数量", flat0};
  pdf_chart zero_donut = {.kind = PDF_CHART_DONUT, .title = "全为零的环形图", .labels = teams, .n = 5,
                          .series = &s_zero, .nseries = 1, .format = HF_FMT_INT};
  pdf_chart_flow(c, &zero_donut);
  pdf_series zero_levels[] = {{"优秀", flat0}, {NULL, flat0}};
  pdf_chart zero_stacked = {.kind = PDF_CHART_STACKED, .title = "全为零的堆叠图", .labels = teams, .n = 5,
                            .series = zero_levels, .nseries = 2, .format = HF_FMT_INT};
  pdf_chart_flow(c, &zero_stacked);
  pdf_series s_neg = {"变化", neg}, s_neg2[] = {{"变化", neg}, {NULL, neg + 1}};
  pdf_chart neg_lines = {.kind = PDF_CHART_LINES, .title = "含负数与缺失的折线", .labels = months, .n = 6,
                         .series = s_neg2, .nseries = 2, .format = HF_FMT_NUMBER};
  pdf_chart_flow(c, &neg_lines);
  pdf_chart neg_bars = {.kind = PDF_CHART_BARS, .title = "含负数的柱状图", .labels = months, .n = 6,
                        .series = &s_neg, .nseries = 1, .format = HF_FMT_NUMBER, .sort_desc = true};
  pdf_chart_flow(c, &neg_bars);
  pdf_series s_many = {"合格率", many};
  pdf_chart many_bars = {.kind = PDF_CHART_BARS, .title = "八十个坐席（只列前若干名）", .labels = many_labels,
                         .n = 80, .series = &s_many, .nseries = 1, .format = HF_FMT_PERCENT, .has_target = true,
                         .target = 0.5, .sort_desc = true};
  pdf_chart_flow(c, &many_bars);
  pdf_chart many_donut = {.kind = PDF_CHART_DONUT, .title = "十二个切片（其余并入其他）", .labels = many_labels,
                          .n = 12, .series = &s_many, .nseries = 1, .format = HF_FMT_PERCENT, .sort_desc = true};
  pdf_chart_flow(c, &many_donut);
}

/* Both passes (as render_pdf), then the save; returns the file's bytes. */
static char *render(const char *path, size_t *len) {
  hf_results *r = results_new();
  r->title = results_str(r, "图表测试");
  pdf_ctx c;
  hf_error err = {0};
  assert_int_equal(pdf_doc_open(&c, r, NULL, &err), HF_OK);
  draw_charts(&c);
  pdf_draw_footers(&c);
  assert_true(pdf_ok(&c, "图表", &err));
  assert_int_equal(r->nwarnings, 0);   /* every label drawable */
  assert_int_equal(pdf_doc_start_pass2(&c, &err), HF_OK);
  draw_charts(&c);
  pdf_draw_footers(&c);
  assert_true(pdf_ok(&c, "图表", &err));
  assert_int_equal(c.npages, c.pass1_pages);
  assert_int_equal(pdf_doc_save(&c, path, &err), HF_OK);
  pdf_doc_close(&c);
  results_free(r);
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *s = malloc((size_t)n);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
  fclose(fp);
  *len = (size_t)n;
  return s;
}

/* pdftotext's output with all white space removed. */
static char *pdf_flat_text(const char *pdf) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>/dev/null", pdf);
  FILE *pp = popen(cmd, "r");
  assert_non_null(pp);
  size_t cap = 1 << 16, n = 0;
  char *s = malloc(cap);
  int ch;
  while ((ch = fgetc(pp)) != EOF) {
    if (isspace(ch)) continue;
    if (n + 1 == cap) s = realloc(s, cap *= 2);
    s[n++] = (char)ch;
  }
  s[n] = '\0';
  assert_int_equal(pclose(pp), 0);
  return s;
}

static void test_render_every_kind(void **state) {
  (void)state;
  if (system("command -v qpdf >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && "
             "command -v pdftoppm >/dev/null 2>&1") != 0)
    fail_msg("qpdf, pdftotext or pdftoppm is not installed (make setup)");
  const char *out = getenv("HUIFANG_CHART_OUT");
  char tmpl[] = "/tmp/huifang-chart-XXXXXX";
  const char *dir = out && *out ? out : mkdtemp(tmpl);
  assert_non_null(dir);
  if (out && *out) mkdir(dir, 0777);
  char pdf[1024], pdf2[1024], png[1024], cmd[3200];
  snprintf(pdf, sizeof pdf, "%s/charts.pdf", dir);
  snprintf(pdf2, sizeof pdf2, "%s/charts-again.pdf", dir);
  snprintf(png, sizeof png, "%s/charts", dir);

  size_t na, nb;
  char *a = render(pdf, &na);
  char *b = render(pdf2, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(a, b, na);   /* byte-identical */
  free(a);
  free(b);
  unlink(pdf2);

  snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", pdf);
  assert_int_equal(system(cmd), 0);

  char *text = pdf_flat_text(pdf);
  static const char *const want[] = {
      "各坐席合格率（由高到低）", "张伟", "刘秀英", "欧阳明月", "…", "目标90.0%", "达标", "未达标", "98.3%", "—",
      "0.0%", "20.0%", "100.0%",                                         /* bars: ticks and values */
      "各组质检等级分布（条）", "优秀", "良好", "合格", "不合格", "回访四组", "163", "153",   /* stacked */
      "每日抽检比例（周末无数据）", "2026-10-01", "目标10.0%",                /* daily line */
      "近六个月合格率与优秀率", "2026-05", "2026-10", "合格率目标90.0%", "优秀率",             /* monthly */
      "客户满意度分布", "非常满意", "非常不满意", "812", "62.4%", "1302", "份有效问卷",       /* donut */
      "空数据的柱状图", "无数据", "全为零的环形图", "全为零的堆叠图", "系列2", "含负数与缺失的折线", "-2.5",
      "含负数的柱状图", "-0.50", "另有", "项未显示", "其他",
  };
  size_t missing = 0;
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!strstr(text, want[i])) print_error("pdftotext does not find 「%s」\n", want[i]), missing++;
  bool thinned = !strstr(text, "2026-10-02"), cut = !strstr(text, "负责质检复核");
  free(text);
  assert_int_equal(missing, 0);
  assert_true(thinned);   /* x labels: not every day */
  assert_true(cut);       /* the long name ends in … */

  snprintf(cmd, sizeof cmd, "pdftoppm -png -r 60 %s '%s' '%s' 2>/dev/null", out && *out ? "" : "-f 1 -l 1", pdf, png);
  assert_int_equal(system(cmd), 0);
  snprintf(png, sizeof png, "%s/charts-1.png", dir);
  struct stat st;
  assert_int_equal(stat(png, &st), 0);
  assert_true(st.st_size > 5000);
  if (!(out && *out)) {
    unlink(png);
    unlink(pdf);
    rmdir(dir);
  } else {
    print_message("  charts: %s and %s/charts-*.png\n", pdf, dir);
  }
}

/* Odd specs draw without crashing (the sanitizers watch) and never grow past a page. */
static void test_degenerate_specs(void **state) {
  (void)state;
  hf_results *r = results_new();
  pdf_ctx c;
  hf_error err = {0};
  assert_int_equal(pdf_doc_open(&c, r, NULL, &err), HF_OK);
  pdf_new_page(&c);
  static double big[10000];
  static const double odd[] = {1e300, -INFINITY, INFINITY, NAN, 0, -1e-300};
  for (size_t i = 0; i < 10000; i++) big[i] = (double)(i % 101);
  pdf_series s_big = {NULL, big}, s_odd = {NULL, odd}, s_null = {"空", NULL};
  pdf_series s_two[] = {{NULL, odd}, {"大", big}};
  const pdf_rgb one = {0.2f, 0.3f, 0.4f};
  const pdf_chart_kind kinds[] = {PDF_CHART_BARS, PDF_CHART_STACKED, PDF_CHART_LINES, PDF_CHART_DONUT};
  for (size_t k = 0; k < 4; k++) {
    const pdf_chart specs[] = {
        {.kind = kinds[k], .n = 10000, .series = &s_big, .nseries = 1, .format = HF_FMT_INT, .sort_desc = true},
        {.kind = kinds[k], .n = 6, .series = &s_odd, .nseries = 1, .has_target = true, .target = NAN},
        {.kind = kinds[k], .n = 6, .series = s_two, .nseries = 2, .format = HF_FMT_PERCENT, .has_target = true,
         .target = -5, .palette = &one, .npalette = 1, .max_items = 1, .centre_text = "\n"},
        {.kind = kinds[k], .n = 3, .series = &s_null, .nseries = 1, .title = "缺值"},
        {.kind = kinds[k], .n = 3, .series = NULL, .nseries = 4},
        {.kind = kinds[k], .n = 1, .series = &s_big, .nseries = 1, .format = HF_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
      pdf_set_landscape(&c, i % 2 == 0);   /* a landscape page is shorter: so are the charts */
      pdf_new_page(&c);
      for (float w = 0; w <= c.content_w; w += c.content_w / 2) {
        float h = pdf_chart_height(&c, &specs[i], w);
        assert_true(h > 0 && h <= c.top - PDF_BOTTOM - 40);
        pdf_new_page(&c);
        pdf_chart_draw(&c, &specs[i], PDF_MARGIN, c.top, w);
      }
    }
  }
  assert_true(pdf_ok(&c, "图表", &err));
  pdf_doc_close(&c);
  results_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ticks),
      cmocka_unit_test(test_order),
      cmocka_unit_test(test_thin),
      cmocka_unit_test(test_degenerate_specs),
      cmocka_unit_test(test_render_every_kind),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
