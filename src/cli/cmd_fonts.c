/*
** cmd_fonts.c — `huifang fonts [--rules FILE] [--brand FILE]`: the report
** font's lookup order and what resolves, the way a run would choose it
** (render/fontfind.h for the order, render/glyphs.h for the checks), with
** each candidate's fate and the chosen face's coverage of ASCII, GB2312's
** 6763 hanzi and the symbols the report itself prints.
** Exit: 0 a font resolves; 1 the named font is missing or unusable, or the
** rule/brand file is bad; 3 no font at all (install fonts-wqy-zenhei).
*/
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/split.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "policy/policy.h"
#include "render/fontfind.h"
#include "render/glyphs.h"

void cmd_fonts_usage(void) {
  printf(
      "用法: huifang fonts [--rules 规则.lua] [--brand 品牌.lua]\n"
      "\n"
      "显示 PDF 报告字体的查找顺序、每个候选字体的情况和最终使用的字体：\n"
      "  1. 品牌文件的 font（--brand 或规则的 report.brand），否则规则的 report.font；\n"
      "  2. fonts/manifest.txt 中的候选（相对路径是 fonts/ 下的字体，绝对路径是系统字体）；\n"
      "  3. 内置的系统字体候选（文泉驿正黑优先）。\n"
      "写了 1 时只用它；否则用 2、3 中第一个存在并通过检查的字体。详见 fonts/README.md。\n"
      "\n"
      "退出码: 0 有可用字体；1 指定的字体不可用或规则/品牌文件有误；2 用法错误；3 找不到任何可用字体。\n");
}

/* Characters the report prints on its own (page numbers, separators,
** placeholders for missing glyphs, chart notes). */
static const char REPORT_SYMBOLS[] = "第页共·—…≥≤□％（）：，。、；「」→无合计目录";

typedef struct coverage {
  int ascii, ascii_total;
  int hanzi, hanzi_total, composite;
  hf_buf missing_symbols;   /* the report's own symbols the face lacks, space-separated */
} coverage;

/* GB2312's hanzi are rows 16-87 of the 94x94 table (bytes 0xB0-0xF7 then
** 0xA1-0xFE); iconv (libc) decodes each code, so no table is typed here. */
static void measure(hf_glyphs *g, coverage *cv) {
  memset(cv, 0, sizeof *cv);
  buf_init(&cv->missing_symbols);
  for (uint32_t cp = 0x20; cp < 0x7F; cp++, cv->ascii_total++) cv->ascii += glyphs_drawable(glyphs_check(g, cp));
  iconv_t cd = iconv_open("UTF-32LE", "GB2312");
  for (int hi = 0xB0; cd != (iconv_t)-1 && hi <= 0xF7; hi++)
    for (int lo = 0xA1; lo <= 0xFE; lo++) {
      char in[2] = {(char)hi, (char)lo}, out[8];
      char *ip = in, *op = out;
      size_t il = 2, ol = sizeof out;
      if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4) continue;   /* an unassigned code */
      uint32_t cp = (uint32_t)(unsigned char)out[0] | (uint32_t)(unsigned char)out[1] << 8 |
                    (uint32_t)(unsigned char)out[2] << 16 | (uint32_t)(unsigned char)out[3] << 24;
      hf_glyph_status st = glyphs_check(g, cp);
      cv->hanzi_total++;
      cv->hanzi += glyphs_drawable(st);
      cv->composite += st == GLYPH_COMPOSITE;
    }
  if (cd != (iconv_t)-1) iconv_close(cd);
  const char *s = REPORT_SYMBOLS, *end = s + strlen(s);
  bool bad;
  while (s < end) {
    uint32_t cp = utf8_next(&s, end, &bad);
    if (glyphs_drawable(glyphs_check(g, cp))) continue;
    if (cv->missing_symbols.len) buf_puts(&cv->missing_symbols, " ");
    utf8_put(&cv->missing_symbols, cp);
  }
}

static const char *origin_name(hf_font_origin o, bool from_brand) {
  switch (o) {
    case HF_FONT_NAMED: return from_brand ? "品牌 font" : "规则 report.font";
    case HF_FONT_MANIFEST: return "fonts/manifest.txt";
    default: return "内置候选";
  }
}

static hf_status parse(int argc, char **argv, const char **rules, const char **brand, bool *help, hf_error *err) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--rules") == 0 ? rules : strcmp(a, "--brand") == 0 ? brand : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      *help = true;
    } else if (slot) {
      if (i + 1 >= argc || !*argv[i + 1]) return hf_fail(err, HF_ERR_USAGE, "%s 后面要写文件路径", a);
      *slot = argv[++i];
    } else {
      return hf_fail(err, HF_ERR_USAGE, "fonts 不认识参数「%s」（见 huifang fonts --help）", a);
    }
  }
  if (*brand && !*rules) return hf_fail(err, HF_ERR_USAGE, "--brand 要与 --rules 一起用（品牌属于某个规则的报告）");
  return HF_OK;
}

hf_status cmd_fonts(int argc, char **argv, hf_error *err) {
  const char *rules = NULL, *brand = NULL;
  bool help = false;
  hf_status st = parse(argc, argv, &rules, &brand, &help, err);
  if (st != HF_OK || help) {
    if (help) cmd_fonts_usage();
    return st;
  }
  hf_policy *p = NULL;
  if (rules) {
    hf_limits lim;
    limits_default(&lim);
    if (!(p = policy_load(rules, &lim, err))) return err->status;
    if (brand && (st = policy_use_brand_file(p, brand, err)) != HF_OK) {
      policy_free(p);
      return st;
    }
  }
  hf_pdf_options po = {0};
  if (p) po = report_pdf_options(p, &p->report.layout);
  bool from_brand = p && p->report.brand.font;
  hf_font_list list;
  fontfind_probe(po.font_path, po.font_index, po.base_dir, &list);

  printf("报告字体的查找顺序（huifang run 用第一个存在并通过检查的字体）：\n");
  printf("  1. 品牌的 font，否则规则的 report.font：%s\n",
         list.user ? list.items[0].path : p ? "都未指定" : "未指定（没有给 --rules）");
  printf("  2. %s%s\n", fontfind_manifest_path(), list.user ? "（已指定字体，不再查找）" : "");
  printf("  3. 内置的系统字体候选%s\n\n候选：\n", list.user ? "（已指定字体，不再查找）" : "");

  const hf_font_candidate *chosen = NULL;
  hf_glyphs *chosen_g = NULL;
  hf_error why = {HF_OK, ""};
  for (size_t i = 0; i < list.n; i++) {
    const hf_font_candidate *f = &list.items[i];
    printf("  [%s] %s（第 %d 个字体）", origin_name(f->origin, from_brand), f->path, f->index);
    if (!f->exists) {
      printf(" —— ✗ 文件不存在\n");
      continue;
    }
    if (chosen) {
      printf(" —— 存在，排在后面未用\n");
      continue;
    }
    hf_glyphs *g = NULL;
    hf_error e = {HF_OK, ""};
    if (glyphs_open(&g, f->path, f->index, &e) != HF_OK) {
      printf(" —— ✗ 不可用：%s\n", e.message);
      why = e;
      continue;
    }
    printf(" —— ✓ 使用：%s%s\n", glyphs_family(g), glyphs_is_collection(g) ? "（TrueType 集合）" : "（TrueType）");
    chosen = f;
    chosen_g = g;
  }
  if (chosen) {
    coverage cv;
    measure(chosen_g, &cv);
    printf("\n将使用：%s（第 %d 个字体），%s\n", chosen->path, chosen->index, glyphs_family(chosen_g));
    printf("  覆盖：ASCII %d/%d，GB2312 汉字 %d/%d（其中组合字形 %d 个，嵌入的子集会展开它们）\n", cv.ascii,
           cv.ascii_total, cv.hanzi, cv.hanzi_total, cv.composite);
    printf("  报告自带的符号：%s%s\n", cv.missing_symbols.len ? "缺 " : "齐全",
           cv.missing_symbols.len ? cv.missing_symbols.data : "");
    buf_free(&cv.missing_symbols);
    printf("  粗体：以描边模拟（libharu 2.3.0 的 TrueType CID 字体没有粗体）\n");
    printf("  画不出的字符（字体没有的、U+FFFF 以上的）在 PDF 中显示为 □，并在运行提示中逐处列出。\n");
    st = HF_OK;
  } else if (list.user) {
    st = hf_fail(err, HF_ERR_DATA, "指定的字体不可用：%s", why.message[0] ? why.message : list.items[0].path);
  } else {
    st = hf_fail(err, HF_ERR_IO,
                 "找不到可用的中文字体：请安装 fonts-wqy-zenhei（make setup），或在规则的 report.font 或品牌的 font "
                 "中指定一个 TrueType 字体");
  }
  glyphs_close(chosen_g);
  fontfind_free(&list);
  policy_free(p);
  return st;
}
