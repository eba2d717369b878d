/*
** cellparse.c — hand-written cell parsers for the ingest hot path.
** Dates and numbers are parsed without sscanf or locale; strtod is used only
** for numbers the exact fast path cannot take (the program never calls setlocale).
*/
#include "ingest/cellparse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/calendar.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---------------------------------------------------------------- numbers */

bool cellparse_int(const char *s, size_t n, int64_t *out, const char **problem) {
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == n) {
    *problem = "不是整数";
    return false;
  }
  const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  uint64_t v = 0;
  for (; i < n; i++) {
    if (!is_digit(s[i])) {
      *problem = "不是整数";
      return false;
    }
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (limit - d) / 10) {
      *problem = "超出整数范围";
      return false;
    }
    v = v * 10 + d;
  }
  *out = neg ? (int64_t)(0 - v) : (int64_t)v; /* 0 - 2^63 wraps to INT64_MIN, as intended */
  return true;
}

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool cell_number(const char *s, size_t n, double *out, const char **problem) {
  *problem = "不是数字";
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  uint64_t m = 0;
  int sig = 0, exp10 = 0;
  bool any = false, inexact = false;
  for (; i < n && is_digit(s[i]); i++) {
    any = true;
    unsigned d = (unsigned)(s[i] - '0');
    if (m == 0 && d == 0) continue; /* leading zeros are not significant */
    if (sig < 19) m = m * 10 + d, sig++;
    else exp10++, inexact = true;
  }
  if (i < n && s[i] == '.') {
    for (i++; i < n && is_digit(s[i]); i++) {
      any = true;
      unsigned d = (unsigned)(s[i] - '0');
      if (m == 0 && d == 0) exp10--;
      else if (sig < 19) m = m * 10 + d, sig++, exp10--;
      else inexact = true;
    }
  }
  if (!any) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i == n || !is_digit(s[i])) return false;
    int e = 0;
    for (; i < n && is_digit(s[i]); i++)
      if (e < 100000) e = e * 10 + (s[i] - '0');
    exp10 += eneg ? -e : e;
  }
  if (i != n) return false;
  double v;
  if (m == 0) {
    v = 0.0;
  } else if (!inexact && m < ((uint64_t)1 << 53) && exp10 >= -22 && exp10 <= 22) {
    /* Clinger's fast path: both operands exact, so one rounding: correctly rounded. */
    v = exp10 >= 0 ? (double)m * pow10_exact[exp10] : (double)m / pow10_exact[-exp10];
  } else {
    /* Syntax is already checked, so strtod sees a plain decimal ("C" locale: '.'). */
    char tmp[512];
    if (n >= sizeof tmp) {
      *problem = "数字位数过多";
      return false;
    }
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    v = strtod(tmp, NULL);
    if (isinf(v)) {
      *problem = "超出数值范围";
      return false;
    }
    *out = v;
    return true;
  }
  *out = neg ? -v : v;
  return true;
}

/* ---------------------------------------------------------------- dates and times */

/* Reads between min and max digits at s[*i]; false if fewer than min. */
static bool digits(const char *s, size_t n, size_t *i, int min, int max, int *out) {
  int v = 0, k = 0;
  while (k < max && *i < n && is_digit(s[*i])) v = v * 10 + (s[(*i)++] - '0'), k++;
  *out = v;
  return k >= min;
}

static bool literal(const char *s, size_t n, size_t *i, const char *lit) {
  size_t k = strlen(lit);
  if (n - *i < k || memcmp(s + *i, lit, k) != 0) return false;
  *i += k;
  return true;
}

static bool finish_date(int y, int m, int d, hf_date *out, const char **problem) {
  if (!date_valid_ymd(y, m, d)) {
    *problem = "不是真实存在的日期";
    return false;
  }
  *out = date_from_ymd(y, m, d);
  return true;
}

bool cell_date(const char *s, size_t n, hf_date *out, const char **problem) {
  *problem = "不是可识别的日期";
  int y, m, d;
  size_t i = 0;
  bool compact = n == 8;
  for (size_t k = 0; compact && k < 8; k++) compact = is_digit(s[k]);
  if (compact) {
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[4] - '0') * 10 + (s[5] - '0');
    d = (s[6] - '0') * 10 + (s[7] - '0');
    return finish_date(y, m, d, out, problem);
  }
  if (!digits(s, n, &i, 4, 4, &y) || i == n) return false;
  if (s[i] == '-' || s[i] == '/') {
    char sep = s[i++];
    if (!digits(s, n, &i, 1, 2, &m) || i == n || s[i++] != sep) return false;
    if (!digits(s, n, &i, 1, 2, &d) || i != n) return false;
  } else {
    if (!literal(s, n, &i, "年") || !digits(s, n, &i, 1, 2, &m) || !literal(s, n, &i, "月") ||
        !digits(s, n, &i, 1, 2, &d) || !literal(s, n, &i, "日") || i != n)
      return false;
  }
  return finish_date(y, m, d, out, problem);
}

/* The explicit-format engine of cell_date_format and cell_datetime_format:
** fills part[] = {Y, m, d, H, M, S} (-1 where the format has no directive);
** %H %M %S only when with_time. */
static bool scan_format(const char *fmt, const char *s, size_t n, bool with_time, int part[6], const char **problem) {
  *problem = with_time ? "不符合日期时间格式" : "不符合日期格式";
  for (int k = 0; k < 6; k++) part[k] = -1;
  size_t i = 0;
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') {
      if (i == n || s[i] != *f) return false;
      i++;
      continue;
    }
    f++;
    bool ok;
    char dir = *f;
    if (!with_time && (dir == 'H' || dir == 'M' || dir == 'S')) dir = '?';  /* not in date formats */
    switch (dir) {
      case 'Y': ok = digits(s, n, &i, 4, 4, &part[0]); break;
      case 'm': ok = digits(s, n, &i, 1, 2, &part[1]); break;
      case 'd': ok = digits(s, n, &i, 1, 2, &part[2]); break;
      case 'H': ok = digits(s, n, &i, 1, 2, &part[3]); break;
      case 'M': ok = digits(s, n, &i, 1, 2, &part[4]); break;
      case 'S': ok = digits(s, n, &i, 1, 2, &part[5]); break;
      case '%':
        ok = i < n && s[i] == '%';
        i++;
        break;
      default:
        *problem = with_time ? "无法按规则中的日期时间格式解析（格式只支持 %Y %m %d %H %M %S %%）"
                             : "无法按规则中的日期格式解析（格式只支持 %Y %m %d %%）";
        return false;
    }
    if (!ok) return false;
  }
  return i == n;
}

bool cell_date_format(const char *fmt, const char *s, size_t n, hf_date *out, const char **problem) {
  int p[6];
  if (!scan_format(fmt, s, n, false, p, problem)) return false;
  if (p[0] < 0 || p[1] < 0 || p[2] < 0) {
    *problem = "无法按规则中的日期格式解析（格式须含 %Y、%m 和 %d）";
    return false;
  }
  return finish_date(p[0], p[1], p[2], out, problem);
}

static bool valid_time(int h, int mi, int se, const char **problem) {
  if (h <= 23 && mi <= 59 && se <= 59) return true;
  *problem = "不是有效的时间";
  return false;
}

bool cell_time(const char *s, size_t n, int32_t *out, const char **problem) {
  *problem = "不是可识别的时间";
  int h, mi, se = 0;
  size_t i = 0;
  if (!digits(s, n, &i, 1, 2, &h) || i == n || s[i++] != ':') return false;
  if (!digits(s, n, &i, 2, 2, &mi)) return false;
  if (i < n) {
    if (s[i++] != ':' || !digits(s, n, &i, 2, 2, &se) || i != n) return false;
  }
  if (!valid_time(h, mi, se, problem)) return false;
  *out = h * 3600 + mi * 60 + se;
  return true;
}

bool cell_datetime(const char *s, size_t n, int64_t *out, const char **problem) {
  static const char *const unrecognised = "不是可识别的日期时间";
  hf_date d;
  int32_t t;
  size_t i = 0;
  while (i < n && s[i] != ' ' && s[i] != 'T') i++;  /* no date form holds either byte */
  size_t j = i;  /* past the separator: one 'T', or one or more spaces */
  if (j < n && s[j] == 'T') {
    j++;
  } else {
    while (j < n && s[j] == ' ') j++;
  }
  if (j == n) {
    *problem = cell_date(s, i, &d, problem) ? "只有日期，缺少时间" : unrecognised;
    return false;
  }
  if (!cell_date(s, i, &d, problem)) {
    if (strcmp(*problem, "不是真实存在的日期") != 0) *problem = unrecognised;
    return false;
  }
  if (!cell_time(s + j, n - j, &t, problem)) {
    if (strcmp(*problem, "不是有效的时间") != 0) *problem = unrecognised;
    return false;
  }
  *out = cal_stamp(d, t);
  return true;
}

bool cell_datetime_format(const char *fmt, const char *s, size_t n, int64_t *out, const char **problem) {
  int p[6];
  hf_date d;
  if (!scan_format(fmt, s, n, true, p, problem)) return false;
  if (p[0] < 0 || p[1] < 0 || p[2] < 0 || p[3] < 0 || p[4] < 0) {
    *problem = "无法按规则中的日期时间格式解析（格式须含 %Y、%m、%d、%H 和 %M）";
    return false;
  }
  if (p[5] < 0) p[5] = 0;
  if (!finish_date(p[0], p[1], p[2], &d, problem) || !valid_time(p[3], p[4], p[5], problem)) return false;
  *out = cal_stamp(d, p[3] * 3600 + p[4] * 60 + p[5]);
  return true;
}

/* ---------------------------------------------------------------- enums and scores */

static int find(const hf_strlist *l, const char *s, size_t n) {
  for (size_t k = 0; k < l->n; k++)
    if (strlen(l->v[k]) == n && memcmp(l->v[k], s, n) == 0) return (int)k;
  return -1;
}

int cell_enum(const hf_strlist *values, const char *s, size_t n) { return find(values, s, n); }

bool cell_score(const hf_score_values *sv, const char *s, size_t n, hf_score *out) {
  if (find(&sv->pass, s, n) >= 0) *out = HF_SCORE_PASS;
  else if (find(&sv->fail, s, n) >= 0) *out = HF_SCORE_FAIL;
  else if (find(&sv->na, s, n) >= 0) *out = HF_SCORE_NA;
  else return false;
  return true;
}

/* ---------------------------------------------------------------- dispatch */

bool cell_parse(const hf_field_spec *f, const char *text, size_t len, hf_value *out, const char **problem) {
  memset(&out->v, 0, sizeof out->v);
  out->empty = false;
  if (len == 0) {
    if (f->optional) {
      out->empty = true;
      return true;
    }
    *problem = "为空";
    return false;
  }
  switch (f->type) {
    case HF_T_STRING: return true;
    case HF_T_INT: return cellparse_int(text, len, &out->v.i, problem);
    case HF_T_NUMBER: return cell_number(text, len, &out->v.num, problem);
    case HF_T_DATE:
      return f->date_format ? cell_date_format(f->date_format, text, len, &out->v.date, problem)
                            : cell_date(text, len, &out->v.date, problem);
    case HF_T_TIME: return cell_time(text, len, &out->v.seconds, problem);
    case HF_T_DATETIME:
      return f->date_format ? cell_datetime_format(f->date_format, text, len, &out->v.stamp, problem)
                            : cell_datetime(text, len, &out->v.stamp, problem);
    case HF_T_ENUM: {
      int k = cell_enum(&f->enum_values, text, len);
      out->v.enum_index = k;
      *problem = "不在允许的取值中";
      return k >= 0;
    }
    case HF_T_SCORE:
      *problem = "不是评分值";
      return f->score && cell_score(f->score, text, len, &out->v.score);
  }
  *problem = "类型未知";
  return false;
}

/* An enum spelling's value is its index; a score spelling's is the score. */
static int32_t f_value(int32_t value, size_t k) { return value < 0 ? (int32_t)k : value; }

static void add_spellings(cell_field *cf, const hf_strlist *l, int32_t value) {
  for (size_t k = 0; k < l->n; k++) {
    cell_spelling *sp = &cf->spellings[cf->nspellings++];
    sp->s = l->v[k];
    sp->len = strlen(l->v[k]);
    sp->value = f_value(value, k);
  }
}

void cell_field_init(cell_field *cf, const hf_field_spec *f) {
  memset(cf, 0, sizeof *cf);
  cf->spec = f;
  size_t n = 0;
  if (f->type == HF_T_ENUM) n = f->enum_values.n;
  else if (f->type == HF_T_SCORE && f->score) n = f->score->pass.n + f->score->fail.n + f->score->na.n;
  if (!n) return;
  cf->spellings = hf_xcalloc(n, sizeof *cf->spellings);
  if (f->type == HF_T_ENUM) {
    add_spellings(cf, &f->enum_values, -1); /* -1: the value is the index */
  } else {
    add_spellings(cf, &f->score->pass, HF_SCORE_PASS); /* first match wins, as in cell_score */
    add_spellings(cf, &f->score->fail, HF_SCORE_FAIL);
    add_spellings(cf, &f->score->na, HF_SCORE_NA);
  }
}

void cell_field_free(cell_field *cf) {
  free(cf->spellings);
  cf->spellings = NULL;
  cf->nspellings = 0;
}

bool cell_field_parse(const cell_field *cf, const char *text, size_t len, hf_value *out, const char **problem) {
  const hf_field_spec *f = cf->spec;
  if (len == 0 || (f->type != HF_T_ENUM && f->type != HF_T_SCORE)) return cell_parse(f, text, len, out, problem);
  memset(&out->v, 0, sizeof out->v);
  out->empty = false;
  for (size_t k = 0; k < cf->nspellings; k++) {
    const cell_spelling *sp = &cf->spellings[k];
    if (sp->len == len && sp->s[0] == text[0] && (len == 1 || memcmp(sp->s + 1, text + 1, len - 1) == 0)) {
      if (f->type == HF_T_ENUM) out->v.enum_index = sp->value;
      else out->v.score = (hf_score)sp->value;
      return true;
    }
  }
  if (f->type == HF_T_ENUM) out->v.enum_index = -1;
  *problem = f->type == HF_T_ENUM ? "不在允许的取值中" : "不是评分值";
  return false;
}

static void join(const hf_strlist *l, char *out, size_t cap, size_t *pos) {
  for (size_t k = 0; k < l->n && *pos < cap; k++) {
    int w = snprintf(out + *pos, cap - *pos, "%s「%s」", k ? "、" : "", l->v[k]);
    if (w < 0) return;
    *pos += (size_t)w;
  }
  if (*pos >= cap) *pos = cap - 1;
}

void cell_expected(const hf_field_spec *f, char *out, size_t cap) {
  size_t pos = 0;
  out[0] = '\0';
  switch (f->type) {
    case HF_T_STRING: snprintf(out, cap, "非空文本"); break;
    case HF_T_INT: snprintf(out, cap, "整数，如 120"); break;
    case HF_T_NUMBER: snprintf(out, cap, "数字，如 3.5"); break;
    case HF_T_DATE:
      if (f->date_format) snprintf(out, cap, "格式为 %s 的真实日期", f->date_format);
      else snprintf(out, cap, "真实日期，如 20261021、2026-10-21、2026/10/21 或 2026年10月21日");
      break;
    case HF_T_TIME: snprintf(out, cap, "时间，如 09:30:00 或 9:30"); break;
    case HF_T_DATETIME:
      if (f->date_format) snprintf(out, cap, "格式为 %s 的日期时间", f->date_format);
      else snprintf(out, cap, "日期时间，如 2026-10-21 14:30");
      break;
    case HF_T_ENUM:
      join(&f->enum_values, out, cap, &pos);
      if (pos + 8 < cap) snprintf(out + pos, cap - pos, "之一");
      break;
    case HF_T_SCORE:
      if (!f->score) break;
      pos = (size_t)snprintf(out, cap, "通过");
      join(&f->score->pass, out, cap, &pos);
      if (pos + 16 < cap) pos += (size_t)snprintf(out + pos, cap - pos, "、不通过");
      join(&f->score->fail, out, cap, &pos);
      if (f->score->na.n && pos + 16 < cap) {
        pos += (size_t)snprintf(out + pos, cap - pos, "或不涉及");
        join(&f->score->na, out, cap, &pos);
      }
      break;
  }
}
