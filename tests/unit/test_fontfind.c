/*
** test_fontfind.c — the report font's lookup order (render/fontfind.h): a
** named font is the only candidate, relative to the base folder unless
** absolute, and a missing one is a data error naming it; the automatic order
** is fonts/manifest.txt's lines (read here independently) then the built-in
** system candidates, each once; resolve keeps only existing files, in order.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/fontfind.h"

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void test_named_font_relative_to_base(void **state) {
  (void)state;
  char dir[] = "/tmp/hf-fontfind-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/公司字体.ttf", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("not really a font", f);
  fclose(f);

  hf_font_list l;
  fontfind_probe("公司字体.ttf", 2, dir, &l);
  assert_int_equal(l.n, 1);
  assert_true(l.user);
  assert_string_equal(l.items[0].path, path);
  assert_int_equal(l.items[0].index, 2);
  assert_int_equal(l.items[0].origin, HF_FONT_NAMED);
  assert_true(l.items[0].exists);
  fontfind_free(&l);

  /* An absolute name ignores the base folder. */
  fontfind_probe(path, 0, "/elsewhere", &l);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.items[0].path, path);
  fontfind_free(&l);

  /* resolve: the one existing named file, nothing else. */
  hf_error err = {HF_OK, ""};
  assert_int_equal(fontfind_resolve("公司字体.ttf", 0, dir, &l, &err), HF_OK);
  assert_int_equal(l.n, 1);
  fontfind_free(&l);
  unlink(path);
  rmdir(dir);
}

static void test_missing_named_font_is_a_data_error(void **state) {
  (void)state;
  hf_font_list l;
  fontfind_probe("nope.ttf", 0, "/no/such/dir", &l);
  assert_int_equal(l.n, 1);
  assert_false(l.items[0].exists);
  fontfind_free(&l);

  hf_error err = {HF_OK, ""};
  assert_int_equal(fontfind_resolve("nope.ttf", 0, "/no/such/dir", &l, &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "/no/such/dir/nope.ttf"));
  assert_int_equal(l.n, 0);
  assert_null(l.items);
}

/* The manifest's candidates, parsed here by a second reader. */
static size_t manifest(char paths[][512], int *index, size_t max) {
  FILE *f = fopen(fontfind_manifest_path(), "r");
  if (!f) return 0;
  char line[1024];
  size_t n = 0;
  while (n < max && fgets(line, sizeof line, f)) {
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char p[512];
    int idx = 0;
    int got = sscanf(line, "%511s %d", p, &idx);
    if (got < 1) continue;
    if (p[0] == '/') snprintf(paths[n], 512, "%s", p);
    else snprintf(paths[n], 512, "%s/fonts/%s", HUIFANG_SOURCE_DIR, p);
    index[n++] = got == 2 ? idx : 0;
  }
  fclose(f);
  return n;
}

static void test_automatic_order_is_the_manifest_then_builtin(void **state) {
  (void)state;
  char paths[32][512];
  int index[32];
  size_t nm = manifest(paths, index, 32);
  assert_true(nm > 0);   /* the source tree has its manifest */

  hf_font_list l;
  fontfind_probe(NULL, 0, NULL, &l);
  assert_false(l.user);
  assert_true(l.n >= nm);
  for (size_t i = 0; i < nm; i++) {
    assert_string_equal(l.items[i].path, paths[i]);
    assert_int_equal(l.items[i].index, index[i]);
    assert_int_equal(l.items[i].origin, HF_FONT_MANIFEST);
    assert_int_equal(l.items[i].exists, exists(paths[i]));
  }
  for (size_t i = 0; i < l.n; i++) {
    if (i >= nm) assert_int_equal(l.items[i].origin, HF_FONT_BUILTIN);
    for (size_t k = 0; k < i; k++)   /* each candidate once */
      assert_false(strcmp(l.items[i].path, l.items[k].path) == 0 && l.items[i].index == l.items[k].index);
  }

  /* resolve keeps the existing ones, in the same order. */
  hf_font_list r;
  hf_error err = {HF_OK, ""};
  hf_status st = fontfind_resolve(NULL, 0, NULL, &r, &err);
  size_t k = 0;
  for (size_t i = 0; i < l.n; i++)
    if (l.items[i].exists) {
      assert_true(k < r.n);
      assert_string_equal(r.items[k].path, l.items[i].path);
      k++;
    }
  assert_int_equal(k, r.n);
  assert_int_equal(st, r.n ? HF_OK : HF_ERR_IO);
  fontfind_free(&r);
  fontfind_free(&l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_named_font_relative_to_base),
      cmocka_unit_test(test_missing_named_font_is_a_data_error),
      cmocka_unit_test(test_automatic_order_is_the_manifest_then_builtin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
