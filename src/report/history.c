/*
** history.c — earlier periods' results.json for trends: find the files, skim
** past their tables, check the schema, sort and trim; and the delta text.
*/
#include "report/history.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/date.h"

#define RESULTS_SCHEMA_VERSION 1

/* ---------------------------------------------------------------- skim */

/* Feeds a results.json to jansson with the value of the top-level "tables" key
** reduced to "{" + its newlines + "}": line numbers stay the file's, and the
** rows (27 MB of text for a million-row month, ~6x that as jansson objects)
** are never built. Inside the skipped value only strings and bracket depth are
** tracked, so truncation is still caught. Byte by byte: every input byte gives
** at most one output byte. */
typedef enum skim_mode { SKIM_PASS, SKIM_AFTER_KEY, SKIM_AFTER_COLON, SKIM_SKIP } skim_mode;

typedef struct skim {
  FILE *fp;
  int read_errno;         /* set when fread failed */
  size_t pos, len;
  skim_mode mode;
  int depth;              /* bracket depth outside the skipped value */
  int skip_depth;
  bool top_object;        /* the outermost value is an object */
  bool in_string, escape;
  bool expect_key;        /* depth 1 of the top object: the next string is a key */
  bool in_key;
  size_t keylen;          /* bytes of the key so far; > 6 cannot be "tables" */
  bool key_tables;        /* the key so far matches a prefix of "tables" */
  unsigned char in[65536];
} skim;

static bool is_json_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Tracks one byte outside the skipped value: strings, depth, and whether a
** key of the top object is "tables" (an escaped key never matches: jansson
** then reads that value whole, which is only slower). */
static void skim_pass(skim *s, int c) {
  if (s->in_string) {
    if (s->escape) {
      s->escape = false;
    } else if (c == '\\') {
      s->escape = true;
    } else if (c == '"') {
      s->in_string = false;
      if (s->in_key && s->key_tables && s->keylen == 6) s->mode = SKIM_AFTER_KEY;
      s->in_key = false;
      return;
    }
    if (s->in_key) {
      if (s->keylen >= 6 || c != "tables"[s->keylen]) s->key_tables = false;
      s->keylen++;
    }
    return;
  }
  switch (c) {
    case '"':
      s->in_string = true;
      s->in_key = s->depth == 1 && s->top_object && s->expect_key;
      s->keylen = 0;
      s->key_tables = true;
      s->expect_key = false;
      break;
    case '{':
    case '[':
      if (s->depth == 0) s->top_object = c == '{';
      s->depth++;
      s->expect_key = s->depth == 1 && s->top_object;
      break;
    case '}':
    case ']': s->depth--; break;
    case ',': s->expect_key = s->depth == 1 && s->top_object; break;
    default: break;
  }
}

/* Returns whether byte c is written out, updating the state. */
static bool skim_byte(skim *s, int c) {
  switch (s->mode) {
    case SKIM_AFTER_KEY:
      if (is_json_space(c)) return true;
      if (c == ':') {
        s->mode = SKIM_AFTER_COLON;
        return true;
      }
      s->mode = SKIM_PASS;
      break;
    case SKIM_AFTER_COLON:
      if (is_json_space(c)) return true;
      if (c == '{') {  /* a tables value of another type is left to jansson */
        s->mode = SKIM_SKIP;
        s->skip_depth = 1;
        return true;
      }
      s->mode = SKIM_PASS;
      break;
    case SKIM_SKIP:
      if (s->in_string) {
        if (s->escape) s->escape = false;
        else if (c == '\\') s->escape = true;
        else if (c == '"') s->in_string = false;
        return false;
      }
      if (c == '"') s->in_string = true;
      else if (c == '{' || c == '[') s->skip_depth++;
      else if ((c == '}' || c == ']') && --s->skip_depth == 0) {
        s->mode = SKIM_PASS;
        return true;  /* the closing bracket (a mismatched one stays for jansson to reject) */
      }
      return c == '\n';
    case SKIM_PASS: break;
  }
  skim_pass(s, c);
  return true;
}

/* json_load_callback's source: 0 at the end, (size_t)-1 on a read error. */
static size_t skim_read(void *buffer, size_t buflen, void *data) {
  skim *s = data;
  unsigned char *out = buffer;
  size_t n = 0;
  while (n < buflen) {
    if (s->pos == s->len) {
      s->len = fread(s->in, 1, sizeof s->in, s->fp);
      s->pos = 0;
      if (s->len == 0) {
        if (ferror(s->fp)) {
          s->read_errno = errno ? errno : EIO;
          return (size_t)-1;
        }
        break;
      }
    }
    int c = s->in[s->pos++];
    if (skim_byte(s, c)) out[n++] = (unsigned char)c;
  }
  return n;
}

/* Parses path (tables skimmed) into *root. */
static hf_status load_json(const char *path, json_t **root, hf_error *err) {
  skim *s = hf_xcalloc(1, sizeof *s);
  s->fp = fopen(path, "rb");
  if (!s->fp) {
    hf_status st = hf_fail(err, HF_ERR_IO, "%s: 无法打开文件：%s", path, strerror(errno));
    free(s);
    return st;
  }
  json_error_t jerr;
  *root = json_load_callback(skim_read, s, JSON_REJECT_DUPLICATES, &jerr);
  hf_status st = HF_OK;
  if (s->read_errno)
    st = hf_fail(err, HF_ERR_IO, "%s: 读取文件失败：%s", path, strerror(s->read_errno));
  else if (!*root)
    st = hf_fail(err, HF_ERR_DATA, "%s:%d:%d: JSON 格式错误：%s", path, jerr.line, jerr.column, jerr.text);
  if (st != HF_OK && *root) {
    json_decref(*root);
    *root = NULL;
  }
  fclose(s->fp);
  free(s);
  return st;
}

/* ------------------------------------------------------------ one file */

/* A results.json's header, before deciding whether to keep it. */
typedef struct header {
  const char *policy;  /* NULL when the file has null */
  const char *from, *to;
  json_t *kpis;
} header;

static hf_status need(const char *path, json_t *obj, const char *where, const char *key, json_t **out,
                      hf_error *err) {
  *out = json_object_get(obj, key);
  if (*out) return HF_OK;
  if (!where) return hf_fail(err, HF_ERR_DATA, "%s: 缺少 %s（不是 huifang 的 results.json？）", path, key);
  return hf_fail(err, HF_ERR_DATA, "%s: %s 缺少 %s", path, where, key);
}

static hf_status read_date(const char *path, json_t *period, const char *key, const char **out, hf_error *err) {
  json_t *v;
  hf_status st = need(path, period, "period", key, &v, err);
  if (st != HF_OK) return st;
  hf_date d;
  if (!json_is_string(v) || !date_parse_iso(json_string_value(v), &d))
    return hf_fail(err, HF_ERR_DATA, "%s: period.%s 应为 YYYY-MM-DD 日期", path, key);
  *out = json_string_value(v);
  return HF_OK;
}

static hf_status read_header(const char *path, json_t *root, header *h, hf_error *err) {
  if (!json_is_object(root))
    return hf_fail(err, HF_ERR_DATA, "%s: 应为 JSON 对象（不是 huifang 的 results.json？）", path);
  json_t *schema, *policy, *name, *period;
  hf_status st = need(path, root, NULL, "schema", &schema, err);
  if (st == HF_OK && (!json_is_integer(schema) || json_integer_value(schema) != RESULTS_SCHEMA_VERSION))
    st = hf_fail(err, HF_ERR_DATA, "%s: schema 不是 %d：本版本读不了这份 results.json", path,
                 RESULTS_SCHEMA_VERSION);
  if (st == HF_OK) st = need(path, root, NULL, "policy", &policy, err);
  if (st == HF_OK && !json_is_object(policy)) st = hf_fail(err, HF_ERR_DATA, "%s: policy 应为对象", path);
  if (st == HF_OK) st = need(path, policy, "policy", "name", &name, err);
  if (st == HF_OK && !json_is_string(name) && !json_is_null(name))
    st = hf_fail(err, HF_ERR_DATA, "%s: policy.name 应为文本", path);
  if (st == HF_OK) st = need(path, root, NULL, "period", &period, err);
  if (st == HF_OK && json_is_null(period))
    st = hf_fail(err, HF_ERR_DATA, "%s: period 为 null（期间未知），无法排入历史", path);
  if (st == HF_OK && !json_is_object(period)) st = hf_fail(err, HF_ERR_DATA, "%s: period 应为对象", path);
  if (st == HF_OK) st = read_date(path, period, "from", &h->from, err);
  if (st == HF_OK) st = read_date(path, period, "to", &h->to, err);
  if (st == HF_OK && strcmp(h->from, h->to) > 0)
    st = hf_fail(err, HF_ERR_DATA, "%s: period.from（%s）晚于 period.to（%s）", path, h->from, h->to);
  if (st == HF_OK) st = need(path, root, NULL, "kpis", &h->kpis, err);
  if (st == HF_OK && !json_is_object(h->kpis)) st = hf_fail(err, HF_ERR_DATA, "%s: kpis 应为对象", path);
  if (st == HF_OK) h->policy = json_string_value(name);
  return st;
}

/* A number or null (NaN); false for anything else. */
static bool number_or_null(json_t *v, double *out) {
  if (json_is_number(v)) *out = json_number_value(v);
  else if (json_is_null(v)) *out = NAN;
  else return false;
  return true;
}

static hf_status read_kpi(const char *path, const char *id, json_t *obj, hf_history_kpi *k, hf_error *err) {
  if (!json_is_object(obj)) return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s 应为对象", path, id);
  json_t *label = json_object_get(obj, "label"), *value = json_object_get(obj, "value");
  json_t *format = json_object_get(obj, "format"), *target = json_object_get(obj, "target");
  if (!label || !value || !format)
    return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s 缺少 %s", path, id, !label ? "label" : !value ? "value" : "format");
  if (!json_is_string(label) && !json_is_null(label))
    return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s.label 应为文本", path, id);
  if (!number_or_null(value, &k->value)) return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s.value 应为数值", path, id);
  if (!json_is_string(format) || !format_from_name(json_string_value(format), &k->format))
    return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s.format 应为 text、int、number、percent、bool 或 date", path, id);
  k->has_target = target != NULL;
  if (target && !number_or_null(target, &k->target))
    return hf_fail(err, HF_ERR_DATA, "%s: kpis.%s.target 应为数值", path, id);
  k->id = hf_xstrdup(id);
  k->label = hf_xstrdup(json_is_string(label) ? json_string_value(label) : id);
  return HF_OK;
}

static void month_free(hf_history_month *m) {
  for (size_t i = 0; i < m->nkpis; i++) {
    free(m->kpis[i].id);
    free(m->kpis[i].label);
  }
  free(m->kpis);
  free(m->file);
  free(m->period_from);
  free(m->period_to);
  free(m->label);
}

/* "2026-09" when from..to is exactly one calendar month. */
static char *period_label(const char *from, const char *to) {
  hf_date f, t;
  int fy, fm, fd, ty, tm, td;
  hf_buf b;
  buf_init(&b);
  date_parse_iso(from, &f);
  date_parse_iso(to, &t);
  date_to_ymd(f, &fy, &fm, &fd);
  date_to_ymd(t, &ty, &tm, &td);
  if (fd == 1 && fy == ty && fm == tm && td == date_days_in_month(ty, tm)) buf_printf(&b, "%04d-%02d", fy, fm);
  else buf_printf(&b, "%s~%s", from, to);
  return buf_steal(&b);
}

static void add_warning(hf_history *h, hf_buf *text) {
  h->warnings = hf_xrealloc(h->warnings, (h->nwarnings + 1) * sizeof *h->warnings);
  h->warnings[h->nwarnings++] = buf_steal(text);
}

/* Reads one file into a new month of h, or skips it with a warning. */
static hf_status read_file(const char *path, const char *policy_name, const char *current_from, hf_history *h,
                           size_t *cap, hf_error *err) {
  json_t *root = NULL;
  hf_status st = load_json(path, &root, err);
  if (st != HF_OK) return st;
  header hd = {0};
  st = read_header(path, root, &hd, err);
  hf_buf w;
  buf_init(&w);
  if (st == HF_OK && policy_name && (!hd.policy || strcmp(hd.policy, policy_name) != 0))
    buf_printf(&w, "历史文件 %s 属于规则「%s」，不是本次的「%s」，已跳过", path, hd.policy ? hd.policy : "（无名）",
               policy_name);
  else if (st == HF_OK && current_from && strcmp(hd.to, current_from) >= 0)
    buf_printf(&w, "历史文件 %s 的期间 %s~%s 不在本期（%s 起）之前，已跳过", path, hd.from, hd.to, current_from);
  if (w.len) {
    add_warning(h, &w);
  } else if (st == HF_OK) {
    hf_history_month m = {0};
    m.kpis = hf_xcalloc(json_object_size(hd.kpis) + 1, sizeof *m.kpis);
    const char *id;
    json_t *v;
    json_object_foreach(hd.kpis, id, v) {
      st = read_kpi(path, id, v, &m.kpis[m.nkpis], err);
      if (st != HF_OK) break;
      m.nkpis++;
    }
    if (st == HF_OK) {
      m.file = hf_xstrdup(path);
      m.period_from = hf_xstrdup(hd.from);
      m.period_to = hf_xstrdup(hd.to);
      m.label = period_label(hd.from, hd.to);
      if (h->nmonths == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        h->months = hf_xrealloc(h->months, *cap * sizeof *h->months);
      }
      h->months[h->nmonths++] = m;
    } else {
      month_free(&m);
    }
  }
  buf_free(&w);
  json_decref(root);
  return st;
}

/* ---------------------------------------------------------------- load */

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);  /* byte order, whatever the locale */
}

static int by_period(const void *pa, const void *pb) {
  const hf_history_month *a = pa, *b = pb;
  int c = strcmp(a->period_from, b->period_from);
  if (c == 0) c = strcmp(a->period_to, b->period_to);
  return c ? c : strcmp(a->file, b->file);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The files to read, in name order: dir/<x>.json and dir/<x>/results.json. */
static hf_status list_files(const char *dir, char ***files, size_t *nfiles, hf_error *err) {
  struct dirent **names = NULL;
  int n = scandir(dir, &names, NULL, by_name);
  if (n < 0) return hf_fail(err, HF_ERR_IO, "%s: 无法读取历史目录：%s", dir, strerror(errno));
  size_t dlen = strlen(dir);
  const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
  *files = hf_xcalloc((size_t)n + 1, sizeof **files);
  *nfiles = 0;
  hf_buf path;
  buf_init(&path);
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    if (name[0] != '.') {
      buf_reset(&path);
      buf_printf(&path, "%s%s%s", dir, sep, name);
      struct stat sb;
      bool is_dir = stat(path.data, &sb) == 0 && S_ISDIR(sb.st_mode);
      if (is_dir) {
        buf_puts(&path, "/results.json");
        if (stat(path.data, &sb) == 0 && S_ISREG(sb.st_mode)) (*files)[(*nfiles)++] = hf_xstrdup(path.data);
      } else if (ends_with(name, ".json")) {
        (*files)[(*nfiles)++] = hf_xstrdup(path.data);  /* unreadable ones fail when opened */
      }
    }
    free(names[i]);
  }
  free(names);
  buf_free(&path);
  return HF_OK;
}

hf_status history_load(const char *dir, const char *policy_name, const char *current_period_from,
                       hf_history *out, hf_error *err) {
  memset(out, 0, sizeof *out);
  hf_date cur;
  if (current_period_from && !date_parse_iso(current_period_from, &cur))
    return hf_fail(err, HF_ERR_USAGE, "history_load：本期起始日「%s」不是 YYYY-MM-DD 日期", current_period_from);
  char **files = NULL;
  size_t nfiles = 0, cap = 0;
  hf_status st = list_files(dir, &files, &nfiles, err);
  if (st != HF_OK) return st;
  for (size_t i = 0; i < nfiles && st == HF_OK; i++)
    st = read_file(files[i], policy_name, current_period_from, out, &cap, err);
  for (size_t i = 0; i < nfiles; i++) free(files[i]);
  free(files);

  if (st == HF_OK && out->nmonths > 1) {
    qsort(out->months, out->nmonths, sizeof *out->months, by_period);
    for (size_t i = 1; i < out->nmonths && st == HF_OK; i++) {
      const hf_history_month *a = &out->months[i - 1], *b = &out->months[i];
      if (strcmp(a->period_from, b->period_from) == 0 && strcmp(a->period_to, b->period_to) == 0)
        st = hf_fail(err, HF_ERR_DATA, "%s 与 %s 是同一期间 %s：每期只能有一份 results.json", a->file, b->file,
                     a->label);
      else if (strcmp(a->period_to, b->period_from) >= 0)
        st = hf_fail(err, HF_ERR_DATA, "%s（%s~%s）与 %s（%s~%s）的期间重叠", a->file, a->period_from,
                     a->period_to, b->file, b->period_from, b->period_to);
    }
  }
  if (st != HF_OK) {
    history_free(out);
    return st;
  }
  if (out->nmonths > HF_HISTORY_MAX_MONTHS) {  /* keep the latest */
    size_t drop = out->nmonths - HF_HISTORY_MAX_MONTHS;
    for (size_t i = 0; i < drop; i++) month_free(&out->months[i]);
    memmove(out->months, out->months + drop, HF_HISTORY_MAX_MONTHS * sizeof *out->months);
    out->nmonths = HF_HISTORY_MAX_MONTHS;
  }
  return HF_OK;
}

void history_free(hf_history *h) {
  for (size_t i = 0; i < h->nmonths; i++) month_free(&h->months[i]);
  free(h->months);
  for (size_t i = 0; i < h->nwarnings; i++) free(h->warnings[i]);
  free(h->warnings);
  memset(h, 0, sizeof *h);
}

/* -------------------------------------------------------------- lookup */

const hf_history_kpi *history_month_kpi(const hf_history_month *m, const char *kpi_id) {
  for (size_t i = 0; i < m->nkpis; i++)
    if (strcmp(m->kpis[i].id, kpi_id) == 0) return &m->kpis[i];
  return NULL;
}

size_t history_kpi_series(const hf_history *h, const char *kpi_id, double *values_out) {
  size_t found = 0;
  for (size_t i = 0; i < h->nmonths; i++) {
    const hf_history_kpi *k = history_month_kpi(&h->months[i], kpi_id);
    values_out[i] = k ? k->value : NAN;
    if (!isnan(values_out[i])) found++;
  }
  return found;
}

/* --------------------------------------------------------------- delta */

bool history_delta_text(double previous, double current, hf_format fmt, char out[HF_DELTA_TEXT_MAX]) {
  out[0] = '\0';
  int decimals;
  const char *unit = "";
  switch (fmt) {
    case HF_FMT_PERCENT: decimals = 1; unit = " 个百分点"; break;
    case HF_FMT_INT: decimals = 0; break;
    case HF_FMT_NUMBER: decimals = 2; break;
    default: return false;
  }
  if (!isfinite(previous) || !isfinite(current)) return false;
  /* The change in units of the last shown digit: a rate's fraction × 100 points × 10. */
  double scale = fmt == HF_FMT_PERCENT ? 1000.0 : decimals == 2 ? 100.0 : 1.0;
  char snapped[32];
  snprintf(snapped, sizeof snapped, "%.12g", (current - previous) * scale);
  double steps = round(strtod(snapped, NULL));  /* round() is half away from zero */
  if (!(fabs(steps) < 1e15)) return false;
  long long n = (long long)steps;
  if (n == 0) {
    snprintf(out, HF_DELTA_TEXT_MAX, "较上月 持平");
    return true;
  }
  char sign = n > 0 ? '+' : '-';
  long long u = n > 0 ? n : -n;
  if (decimals == 0) snprintf(out, HF_DELTA_TEXT_MAX, "较上月 %c%lld%s", sign, u, unit);
  else if (decimals == 1) snprintf(out, HF_DELTA_TEXT_MAX, "较上月 %c%lld.%lld%s", sign, u / 10, u % 10, unit);
  else snprintf(out, HF_DELTA_TEXT_MAX, "较上月 %c%lld.%02lld%s", sign, u / 100, u % 100, unit);
  return true;
}
