/*
** layout.c — freeing and defaults of the layout model, and placeholder
** expansion. See layout.h.
*/
#include "policy/layout.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/diag.h"

void chart_list_free(hf_chart_list *l) {
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) {
    hf_chart_spec *c = &l->v[i];
    free(c->id);
    free(c->title);
    free(c->table);
    free(c->label);
    for (size_t k = 0; k < c->nseries; k++) free(c->series[k]);
    free(c->series);
    free(c->target_kpi);
    for (size_t k = 0; k < c->nwhere; k++) free(c->where_cols[k]), free(c->where_vals[k]);
    free(c->where_cols);
    free(c->where_vals);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}

void brand_default(hf_brand *b) {
  memset(b, 0, sizeof *b);
  b->primary = 0xB22222;   /* firebrick: the report's accent since issue 2 */
  b->accent = 0x1F4E79;
  b->good = 0x2E7D32;
  b->bad = 0xC62828;
  static const uint32_t palette[] = {0x1F4E79, 0x2E86AB, 0x7FB069, 0xF2A541, 0xC8553D, 0x6C4F77, 0x8D99AE, 0x3D405B};
  memcpy(b->palette, palette, sizeof palette);
  b->npalette = sizeof palette / sizeof palette[0];
}

void brand_free(hf_brand *b) {
  if (!b) return;
  free(b->company);
  free(b->logo);
  free(b->header);
  free(b->footer);
  free(b->watermark);
  free(b->font);
  memset(b, 0, sizeof *b);
}

void layout_free(hf_layout *l) {
  if (!l) return;
  free(l->name);
  free(l->file);
  free(l->header);
  free(l->footer_left);
  free(l->footer_right);
  for (size_t i = 0; i < l->nsections; i++) {
    free(l->sections[i].id);
    free(l->sections[i].title);
    free(l->sections[i].text);
    for (size_t k = 0; k < l->sections[i].ncolumns; k++) free(l->sections[i].columns[k]);
    free(l->sections[i].columns);
  }
  free(l->sections);
  memset(l, 0, sizeof *l);
}

void layout_default(hf_layout *l) {
  static const hf_section_kind order[] = {HF_SEC_KPIS,   HF_SEC_INPUTS,  HF_SEC_TOC,
                                          HF_SEC_CHARTS, HF_SEC_TABLES, HF_SEC_WARNINGS};
  memset(l, 0, sizeof *l);
  l->name = hf_xstrdup("月度报告（内置）");
  l->file = hf_xstrdup("(内置)");
  l->cover = true;
  l->header = hf_xstrdup("{company} · {title} · {period}");
  l->footer_left = hf_xstrdup("{policy} · 规则 {hash}");
  l->footer_right = hf_xstrdup("huifang {version}");
  l->nsections = sizeof order / sizeof order[0];
  l->sections = hf_xcalloc(l->nsections, sizeof *l->sections);
  for (size_t i = 0; i < l->nsections; i++) l->sections[i].kind = order[i];
}

const char *layout_expand(const char *tmpl, hf_placeholder_fn get, void *ctx, hf_buf *out) {
  buf_reserve(out, 1);
  const char *p = tmpl ? tmpl : "";
  while (*p) {
    if (p[0] == '{' && p[1] == '{') {
      buf_putc(out, '{');
      p += 2;
      continue;
    }
    const char *close = p[0] == '{' ? strchr(p + 1, '}') : NULL;
    if (close && close - p - 1 < 32) {
      char name[32];
      memcpy(name, p + 1, (size_t)(close - p - 1));
      name[close - p - 1] = '\0';
      const char *v = get(ctx, name);
      if (v) {
        buf_puts(out, v);
        p = close + 1;
        continue;
      }
    }
    const char *next = p + 1;
    while (*next && *next != '{') next++;
    buf_append(out, p, (size_t)(next - p));
    p = next;
  }
  out->data[out->len] = '\0';
  return out->data;
}
