/*
** main.c — the huifang command line: dispatch to a subcommand, print its
** error, exit with its status (0 ok, 1 policy/data, 2 usage, 3 I/O/internal).
** The only place the process exits. Never calls setlocale: number formatting
** (ours and Lua's) must not follow the user's locale.
*/
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/diag.h"

static void usage(void) {
  printf(
      "huifang %s — 回访与质检政策的规则引擎与月报生成器\n"
      "\n"
      "用法:\n"
      "  huifang run --rules 规则.lua [选项]   按规则处理 CSV，生成 PDF 报告、results.json 与 CSV\n"
      "  huifang fonts [--rules 规则.lua]     显示报告字体的查找顺序和将使用的字体\n"
      "  huifang --version                    显示版本\n"
      "  huifang --help                       显示本帮助\n"
      "  huifang run --help                   run 的全部选项\n"
      "\n"
      "退出码: 0 成功；1 规则或数据错误；2 命令行用法错误；3 读写或内部错误。\n"
      "文档: README.md, docs/rules.md, docs/results-schema.md\n",
      HUIFANG_VERSION);
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage();
    return argc < 2 ? HF_ERR_USAGE : HF_OK;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("huifang %s\n", HUIFANG_VERSION);
    return HF_OK;
  }
  hf_error err = {HF_OK, ""};
  hf_status st;
  if (strcmp(argv[1], "run") == 0) {
    st = cmd_run(argc - 1, argv + 1, &err);
  } else if (strcmp(argv[1], "fonts") == 0) {
    st = cmd_fonts(argc - 1, argv + 1, &err);
  } else {
    st = hf_fail(&err, HF_ERR_USAGE, "未知的子命令「%s」（可用: run、fonts；见 huifang --help）", argv[1]);
  }
  if (st != HF_OK) {
    fflush(stdout);
    fprintf(stderr, "huifang: %s\n", err.message);
  }
  return (int)st;
}
