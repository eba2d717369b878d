/*
** fontfind.c — the report font lookup order (see fontfind.h, fonts/README.md).
*/
#include "render/fontfind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"

#ifndef HUIFANG_SOURCE_DIR
#define HUIFANG_SOURCE_DIR "."
#endif

#define FONTS_DIR HUIFANG_SOURCE_DIR "/fonts"

/* Used when the manifest cannot be read (an installed binary without its
** source tree). Keep in step with fonts/manifest.txt. */
static const struct {
  const char *path;
  int index;
} builtin[] = {
    {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
    {"/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf", 0},
    {"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0},
    {"/usr/share/fonts/opentype/lxgw/LXGWWenKai-Regular.ttf", 0},
};

const char *fontfind_manifest_path(void) { return FONTS_DIR "/manifest.txt"; }

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void add(hf_font_list *l, const char *path, int index, hf_font_origin origin) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->items[i].path, path) == 0 && l->items[i].index == index) return;
  l->items = hf_xrealloc(l->items, (l->n + 1) * sizeof *l->items);
  l->items[l->n] = (hf_font_candidate){hf_xstrdup(path), index, origin, is_file(path)};
  l->n++;
}

/* One manifest line: "<path> [index]"; '#' starts a comment. A path with
** spaces is not supported (none of the fonts has one). */
static void manifest_line(hf_font_list *l, char *line) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *path = strtok(line, " \t\r\n");
  if (!path) return;
  char *idx = strtok(NULL, " \t\r\n");
  int index = idx ? atoi(idx) : 0;
  hf_buf full;
  buf_init(&full);
  if (path[0] == '/') buf_puts(&full, path);
  else buf_printf(&full, "%s/%s", FONTS_DIR, path);
  add(l, full.data, index, HF_FONT_MANIFEST);
  buf_free(&full);
}

static void read_manifest(hf_font_list *l) {
  FILE *fp = fopen(fontfind_manifest_path(), "r");
  if (!fp) return;
  char line[1024];
  while (fgets(line, sizeof line, fp)) manifest_line(l, line);
  fclose(fp);
}

void fontfind_probe(const char *font_path, int font_index, const char *base_dir, hf_font_list *out) {
  memset(out, 0, sizeof *out);
  if (font_path && *font_path) {
    hf_buf full;
    buf_init(&full);
    if (font_path[0] == '/' || !base_dir || !*base_dir) buf_puts(&full, font_path);
    else buf_printf(&full, "%s/%s", base_dir, font_path);
    add(out, full.data, font_index, HF_FONT_NAMED);
    out->user = true;
    buf_free(&full);
    return;
  }
  read_manifest(out);
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) add(out, builtin[i].path, builtin[i].index, HF_FONT_BUILTIN);
}

hf_status fontfind_resolve(const char *font_path, int font_index, const char *base_dir, hf_font_list *out,
                           hf_error *err) {
  fontfind_probe(font_path, font_index, base_dir, out);
  if (out->user && !out->items[0].exists) {
    hf_status st = hf_fail(err, HF_ERR_DATA, "指定的字体 \"%s\" 不存在（查找的是 %s）：请检查路径（report.font 相对于规则文件所在目录，品牌的 font 相对于品牌文件）",
                           font_path, out->items[0].path);
    fontfind_free(out);
    return st;
  }
  size_t kept = 0;   /* existing files only */
  for (size_t i = 0; i < out->n; i++) {
    if (out->items[i].exists) out->items[kept++] = out->items[i];
    else free(out->items[i].path);
  }
  out->n = kept;
  if (out->n == 0)
    return hf_fail(err, HF_ERR_IO,
                   "找不到可用的中文字体：请安装 fonts-wqy-zenhei（运行 make setup，或 sudo apt-get install "
                   "fonts-wqy-zenhei），或在规则的 report.font 中指定一个 TrueType 字体（查找顺序见 %s/README.md）",
                   FONTS_DIR);
  return HF_OK;
}

void fontfind_free(hf_font_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->items[i].path);
  free(l->items);
  memset(l, 0, sizeof *l);
}
