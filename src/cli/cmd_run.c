/*
** cmd_run.c — `huifang run`: load the policy, evaluate every input, write
** the requested outputs. Outputs are rendered into a staging folder inside
** --out and moved into place only when all of them succeeded: a failed run
** leaves no half-written file and never replaces a good one.
*/
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/outfile.h"
#include "common/path.h"
#include "engine/evaluate.h"
#include "policy/policy.h"
#include "render/csv.h"
#include "render/json.h"
#include "cli/split.h"
#include "render/pdf.h"
#include "report/history.h"
#include "report/results.h"

enum { OUT_PDF = 1, OUT_JSON = 2, OUT_CSV = 4 };

typedef struct run_args {
  const char *rules;
  const char *data_dir;
  const char *out_dir;
  const char *period;
  const char *as_of;
  const char *seed;     /* --seed: overrides the policy's sampling seed */
  const char *split_by; /* --split-by FIELD: one PDF per value */
  const char *history;  /* --history DIR: earlier months' results.json */
  const char *brand;    /* --brand FILE: a brand file replacing the policy's brand */
  unsigned formats;
  char **input_names;   /* --input NAME=PATH, split */
  char **input_paths;
  size_t ninputs;
  hf_limits limits;
  bool help;
} run_args;

void cmd_run_usage(void) {
  printf(
      "用法: huifang run --rules 规则.lua [选项]\n"
      "\n"
      "  --rules FILE            规则文件（必填），如 rules/callcenter.lua\n"
      "  --input NAME=PATH       指定输入 NAME 的 CSV 文件（可多次）；默认用规则里 inputs.NAME.file，\n"
      "                          相对于 --data-dir（未给时相对于规则文件所在目录）\n"
      "  --data-dir DIR          输入文件所在目录\n"
      "  --period PERIOD         统计期：YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）；\n"
      "                          日期不在统计期内的行会被计数并提示，不计入统计\n"
      "  --as-of YYYY-MM-DD      统计截至日（默认：统计期最后一天）\n"
      "  --seed TEXT             抽样种子，覆盖规则里的 seed（记录在 results.json 中）\n"
      "  --split-by FIELD        按字段分发：每个取值（如每个班组、每位坐席）一份 PDF（摘要模板），\n"
      "                          写在 DIR/FIELD/ 下，并附 index.csv（收件人、文件、页数、SHA-256）\n"
      "  --history DIR           往月的 results.json 所在目录：PDF 显示逐月趋势和较上月的变化\n"
      "  --brand FILE            品牌文件（公司名、标志、颜色、水印等），代替规则里的 report.brand\n"
      "  --out DIR               输出目录（默认 out）\n"
      "  --format LIST           输出格式，逗号分隔：pdf,json,csv（默认 pdf,json）\n"
      "  --max-memory MIB        规则可用的 Lua 内存上限（默认 256）\n"
      "  --max-instructions N    每次调用规则的指令预算（默认 100000000）\n"
      "  --time-limit SECONDS    每次调用规则的时间上限（默认 10）\n"
      "\n"
      "输出: DIR/report.pdf、DIR/results.json、DIR/<表>.csv（带 BOM 的 UTF-8，Excel 可直接打开）。\n"
      "退出码: 0 成功；1 规则或数据错误；2 用法错误；3 读写或内部错误。\n");
}

/* ------------------------------------------------------------ arguments */

static hf_status parse_formats(const char *s, unsigned *out, hf_error *err) {
  *out = 0;
  char *copy = hf_xstrdup(s), *save = NULL;
  hf_status st = HF_OK;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (strcmp(tok, "pdf") == 0) *out |= OUT_PDF;
    else if (strcmp(tok, "json") == 0) *out |= OUT_JSON;
    else if (strcmp(tok, "csv") == 0) *out |= OUT_CSV;
    else {
      st = hf_fail(err, HF_ERR_USAGE, "--format: 未知的格式「%s」（可用: pdf, json, csv）", tok);
      break;
    }
  }
  free(copy);
  if (st == HF_OK && *out == 0) st = hf_fail(err, HF_ERR_USAGE, "--format: 至少要有一种格式");
  return st;
}

static hf_status parse_number(const char *opt, const char *s, double min, double *out, hf_error *err) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || v < min)
    return hf_fail(err, HF_ERR_USAGE, "%s: 「%s」不是有效的数值（应 ≥ %g）", opt, s, min);
  *out = v;
  return HF_OK;
}

/* Splits "--name=value" or "--name value"; returns the value or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n] != '\0') return NULL;
  if (*i + 1 >= argc) return "";
  return argv[++*i];
}

static hf_status parse_args(int argc, char **argv, run_args *a, hf_error *err) {
  memset(a, 0, sizeof *a);
  a->out_dir = "out";
  a->formats = OUT_PDF | OUT_JSON;
  limits_default(&a->limits);
  for (int i = 1; i < argc; i++) {
    const char *v;
    double num;
    hf_status st;
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      a->help = true;
      return HF_OK;
    }
    if ((v = option_value(argc, argv, &i, "--rules"))) a->rules = v;
    else if ((v = option_value(argc, argv, &i, "--data-dir"))) a->data_dir = v;
    else if ((v = option_value(argc, argv, &i, "--out"))) a->out_dir = v;
    else if ((v = option_value(argc, argv, &i, "--period"))) a->period = v;
    else if ((v = option_value(argc, argv, &i, "--as-of"))) a->as_of = v;
    else if ((v = option_value(argc, argv, &i, "--seed"))) a->seed = v;
    else if ((v = option_value(argc, argv, &i, "--split-by"))) a->split_by = v;
    else if ((v = option_value(argc, argv, &i, "--history"))) a->history = v;
    else if ((v = option_value(argc, argv, &i, "--brand"))) a->brand = v;
    else if ((v = option_value(argc, argv, &i, "--format"))) {
      if ((st = parse_formats(v, &a->formats, err)) != HF_OK) return st;
    } else if ((v = option_value(argc, argv, &i, "--input"))) {
      const char *eq = strchr(v, '=');
      if (!eq || eq == v || !eq[1])
        return hf_fail(err, HF_ERR_USAGE, "--input 应写成 NAME=PATH，例如 --input checks=质检.csv（实际为「%s」）", v);
      a->input_names = hf_xrealloc(a->input_names, (a->ninputs + 1) * sizeof *a->input_names);
      a->input_paths = hf_xrealloc(a->input_paths, (a->ninputs + 1) * sizeof *a->input_paths);
      a->input_names[a->ninputs] = hf_xstrndup(v, (size_t)(eq - v));
      a->input_paths[a->ninputs++] = hf_xstrdup(eq + 1);
    } else if ((v = option_value(argc, argv, &i, "--max-memory"))) {
      if ((st = parse_number("--max-memory", v, 1, &num, err)) != HF_OK) return st;
      a->limits.max_memory = (size_t)(num * 1024 * 1024);
    } else if ((v = option_value(argc, argv, &i, "--max-instructions"))) {
      if ((st = parse_number("--max-instructions", v, 1000, &num, err)) != HF_OK) return st;
      a->limits.max_instructions = (uint64_t)num;
    } else if ((v = option_value(argc, argv, &i, "--time-limit"))) {
      if ((st = parse_number("--time-limit", v, 0.1, &num, err)) != HF_OK) return st;
      a->limits.time_limit = num;
    } else {
      return hf_fail(err, HF_ERR_USAGE, "未知的选项「%s」（见 huifang run --help）", argv[i]);
    }
    if (v && !*v) return hf_fail(err, HF_ERR_USAGE, "选项 %s 缺少取值", argv[i]);
  }
  if (!a->rules) return hf_fail(err, HF_ERR_USAGE, "缺少 --rules 规则文件（见 huifang run --help）");
  return HF_OK;
}

static void free_args(run_args *a) {
  for (size_t i = 0; i < a->ninputs; i++) {
    free(a->input_names[i]);
    free(a->input_paths[i]);
  }
  free(a->input_names);
  free(a->input_paths);
}

static hf_status parse_period(const run_args *a, hf_run_options *o, hf_error *err) {
  if (a->period) {
    if (!date_parse_period(a->period, &o->period_from, &o->period_to))
      return hf_fail(err, HF_ERR_USAGE,
                     "--period 应为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年），例如 2026-10、2026-Q3、2026（实际为「%s」）",
                     a->period);
    o->has_period = true;
  }
  if (a->as_of) {
    if (!date_parse_iso(a->as_of, &o->as_of))
      return hf_fail(err, HF_ERR_USAGE, "--as-of 应为 YYYY-MM-DD，例如 2026-10-31（实际为「%s」）", a->as_of);
    o->has_as_of = true;
  }
  return HF_OK;
}

/* ------------------------------------------------------------ inputs */

/* One path per policy input: --input NAME=PATH, else the policy's file name
** under --data-dir, else under the rule file's folder. */
static hf_status resolve_inputs(const run_args *a, const hf_policy *p, char ***paths, hf_error *err) {
  for (size_t k = 0; k < a->ninputs; k++) {
    if (policy_find_input(p, a->input_names[k]) >= 0) continue;
    hf_buf names;
    buf_init(&names);
    for (size_t i = 0; i < p->ninputs; i++) buf_printf(&names, "%s%s", i ? ", " : "", p->inputs[i].name);
    hf_status st = hf_fail(err, HF_ERR_USAGE, "--input %s=…: 规则 %s 中没有名为「%s」的输入（可用: %s）",
                           a->input_names[k], a->rules, a->input_names[k], names.data ? names.data : "");
    buf_free(&names);
    return st;
  }
  *paths = hf_xcalloc(p->ninputs, sizeof **paths);
  for (size_t i = 0; i < p->ninputs; i++) {
    const char *given = NULL;
    for (size_t k = 0; k < a->ninputs; k++)
      if (strcmp(a->input_names[k], p->inputs[i].name) == 0) given = a->input_paths[k];
    char *path = given ? hf_xstrdup(given) : path_join(a->data_dir ? a->data_dir : p->rules_dir, p->inputs[i].file);
    /* An optional input's default file may be absent: NULL = not provided. A
    ** file named with --input must exist (ingest reports it). */
    if (!given && p->inputs[i].optional && access(path, F_OK) != 0) {
      free(path);
      continue;
    }
    (*paths)[i] = path;
  }
  return HF_OK;
}

/* ------------------------------------------------------------ outputs */

static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  hf_buf path;
  buf_init(&path);
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    buf_reset(&path);
    buf_printf(&path, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (lstat(path.data, &sb) == 0 && S_ISDIR(sb.st_mode)) remove_tree(path.data);
    else unlink(path.data);
  }
  closedir(d);
  buf_free(&path);
  rmdir(dir);
}

/* Moves every file of staging into out_dir, in name order (deterministic).
** A folder (--split-by) replaces the folder of the same name. */
static hf_status publish(const char *staging, const char *out_dir, hf_error *err) {
  struct dirent **names = NULL;
  int n = scandir(staging, &names, NULL, alphasort);
  if (n < 0) return hf_fail(err, HF_ERR_IO, "%s: 无法读取: %s", staging, strerror(errno));
  hf_status st = HF_OK;
  hf_buf from, to;
  buf_init(&from);
  buf_init(&to);
  for (int i = 0; i < n; i++) {
    if (st == HF_OK && names[i]->d_name[0] != '.') {
      buf_reset(&from);
      buf_reset(&to);
      buf_printf(&from, "%s/%s", staging, names[i]->d_name);
      buf_printf(&to, "%s/%s", out_dir, names[i]->d_name);
      struct stat sb;
      bool is_dir = lstat(from.data, &sb) == 0 && S_ISDIR(sb.st_mode);
      if (is_dir && lstat(to.data, &sb) == 0 && S_ISDIR(sb.st_mode)) remove_tree(to.data);
      if (rename(from.data, to.data) != 0)
        st = hf_fail(err, HF_ERR_IO, "%s: 无法写入: %s", to.data, strerror(errno));
      else
        printf("已写出 %s\n", to.data);
    }
    free(names[i]);
  }
  free(names);
  buf_free(&from);
  buf_free(&to);
  return st;
}

static hf_status render_all(hf_results *r, const hf_policy *p, const run_args *a, const hf_history *h,
                            const char *staging, hf_error *err) {
  hf_status st = HF_OK;
  hf_buf path;
  buf_init(&path);
  if (a->formats & OUT_PDF) {
    hf_pdf_options po = report_pdf_options(p, &p->report.layout);
    po.history = h;
    buf_printf(&path, "%s/report.pdf", staging);
    st = render_pdf(r, &po, path.data, err);
  }
  if (st == HF_OK && (a->formats & OUT_JSON)) {
    buf_reset(&path);
    buf_printf(&path, "%s/results.json", staging);
    st = render_json(r, path.data, err);
  }
  if (st == HF_OK && (a->formats & OUT_CSV)) st = render_csv_tables(r, staging, err);
  buf_free(&path);
  return st;
}

static hf_status split_field_error(const hf_policy *p, const char *field, hf_error *err) {
  hf_buf names;
  buf_init(&names);
  for (size_t i = 0; i < p->ninputs; i++)
    for (size_t k = 0; k < p->inputs[i].nfields; k++)
      if (p->inputs[i].fields[k].type != HF_T_SCORE)
        buf_printf(&names, "%s%s.%s", names.len ? "、" : "", p->inputs[i].name, p->inputs[i].fields[k].name);
  hf_status st = hf_fail(err, HF_ERR_USAGE, "--split-by: 规则 %s 的输入中没有字段「%s」（可用：%s）", p->rule_file, field,
                         names.data ? names.data : "无");
  buf_free(&names);
  return st;
}

static void progress(void *ctx, const char *input, long rows) {
  (void)ctx;
  fprintf(stderr, "\r%s: 已处理 %ld 行…", input, rows);
}

hf_status cmd_run(int argc, char **argv, hf_error *err) {
  run_args a;
  hf_policy *p = NULL;
  hf_results *r = NULL;
  char **paths = NULL;
  char *staging = NULL;
  hf_run_options o;
  memset(&o, 0, sizeof o);
  hf_history history;
  memset(&history, 0, sizeof history);
  char **recipients = NULL;   /* --split-by: the field's values, sorted */
  size_t nrecipients = 0;
  hf_status st = parse_args(argc, argv, &a, err);
  if (st != HF_OK || a.help) {
    if (a.help) cmd_run_usage();
    goto out;
  }
  if ((st = parse_period(&a, &o, err)) != HF_OK) goto out;
  if (!(p = policy_load(a.rules, &a.limits, err))) {
    st = err->status;
    goto out;
  }
  if (a.brand && (st = policy_use_brand_file(p, a.brand, err)) != HF_OK) goto out;
  if (a.seed) {
    free(p->seed);
    p->seed = hf_xstrdup(a.seed);
  }
  if ((st = resolve_inputs(&a, p, &paths, err)) != HF_OK) goto out;
  o.input_paths = (const char **)paths;
  if (isatty(2)) o.progress = progress;

  if (a.split_by) {
    if (evaluate_split_inputs(p, a.split_by, NULL) == 0) {
      st = split_field_error(p, a.split_by, err);
      goto out;
    }
    o.split_field = a.split_by;
    o.split_seen = &recipients;
    o.nsplit_seen = &nrecipients;
  }
  r = results_new();
  st = evaluate_run(p, &o, r, err);
  if (o.progress) fprintf(stderr, "\r\033[K");
  o.split_field = NULL;
  o.split_seen = NULL;
  o.nsplit_seen = NULL;
  if (st != HF_OK) goto out;
  if (a.history) {
    st = history_load(a.history, p->name, r->period_from, &history, err);
    if (st != HF_OK) goto out;
    for (size_t i = 0; i < history.nwarnings; i++) results_warn(r, "%s", history.warnings[i]);
  }
  if (a.split_by && nrecipients == 0) results_warn(r, "--split-by %s：数据中这个字段没有任何取值，没有分发文件", a.split_by);

  if ((st = outfile_mkdirs(a.out_dir, err)) != HF_OK) goto out;
  hf_buf sb;
  buf_init(&sb);
  buf_printf(&sb, "%s/.huifang-staging.%ld", a.out_dir, (long)getpid());
  staging = buf_steal(&sb);
  if (mkdir(staging, 0777) != 0) {
    st = hf_fail(err, HF_ERR_IO, "%s: 无法创建临时目录: %s", staging, strerror(errno));
    free(staging);
    staging = NULL;
    goto out;
  }
  st = render_all(r, p, &a, a.history ? &history : NULL, staging, err);
  if (st == HF_OK && a.split_by) st = split_render(p, &o, a.split_by, recipients, nrecipients, staging, err);
  for (size_t i = 0; i < r->nwarnings; i++) fprintf(stderr, "huifang: 提示: %s\n", r->warnings[i]);
  if (st == HF_OK) st = publish(staging, a.out_dir, err);

out:
  for (size_t i = 0; i < nrecipients; i++) free(recipients[i]);
  free(recipients);
  history_free(&history);
  if (staging) {
    remove_tree(staging);
    free(staging);
  }
  if (paths)
    for (size_t i = 0; i < p->ninputs; i++) free(paths[i]);
  free(paths);
  results_free(r);
  policy_free(p);
  free_args(&a);
  return st;
}
