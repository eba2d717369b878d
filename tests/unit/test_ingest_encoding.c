/*
** test_ingest_encoding.c — encodings at the edge: UTF-8 validation (with the
** bytes and line:column of the first bad sequence), BOMs, UTF-16 rejection,
** AUTO detection, GB18030 via iconv giving the same records as UTF-8, and
** sequences cut at every chunk boundary (run_all parses in chunks of 1..64).
*/
#include "test_ingest_support.h"

#include <iconv.h>

#include "ingest/encoding.h"

/* The GB18030 bytes of a UTF-8 string, converted by the C library (independently of the reader). */
static char *to_gb18030(const char *utf8, size_t *outlen) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
  char *out = malloc(cap), *o = out, *in = (char *)utf8;
  assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
  iconv_close(cd);
  *outlen = cap - outleft;
  return out;
}

static void spec2(test_spec *t, hf_encoding enc) {
  spec_init(t, HF_ON_ERROR_FAIL);
  t->spec.encoding = enc;
  spec_add(t, "agent", "工号", HF_T_STRING);
  spec_add(t, "name", "姓名", HF_T_STRING);
}

static run_result run_bytes(hf_encoding enc, const char *data, size_t len) {
  test_spec t;
  spec2(&t, enc);
  return run_all(&t.spec, data, len);
}

/* ------------------------------------------------------------ scanning */

static void test_utf8_scan(void **state) {
  (void)state;
  struct { const char *s; size_t n, want; enc_scan_stop stop; } cases[] = {
      {"plain ascii text, longer than eight", 35, 35, ENC_SCAN_END},
      {"\xC3\xA9\xE5\xB7\xA5\xF0\x9F\x98\x80", 9, 9, ENC_SCAN_END}, /* é 工 😀 */
      {"ab\0cd", 5, 2, ENC_SCAN_NUL},
      {"abcdefgh\0", 9, 8, ENC_SCAN_NUL},
      {"a\xC0\x80", 3, 1, ENC_SCAN_INVALID},             /* overlong NUL */
      {"a\xE0\x80\x80", 4, 1, ENC_SCAN_INVALID},         /* overlong */
      {"a\xED\xA0\x80", 4, 1, ENC_SCAN_INVALID},         /* surrogate U+D800 */
      {"a\xF4\x90\x80\x80", 5, 1, ENC_SCAN_INVALID},     /* above U+10FFFF */
      {"a\xF5\x80\x80\x80", 5, 1, ENC_SCAN_INVALID},
      {"a\x80", 2, 1, ENC_SCAN_INVALID},                 /* lone continuation */
      {"a\xE5\xB7", 3, 1, ENC_SCAN_INCOMPLETE},
      {"a\xF0\x9F\x98", 4, 1, ENC_SCAN_INCOMPLETE},
      {"a\xE5\x41", 3, 1, ENC_SCAN_INVALID},
      {"\xB9\xA4\xBA\xC5", 4, 0, ENC_SCAN_INVALID}, /* 工号 in GB18030 */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    enc_scan_stop stop;
    size_t k = enc_utf8_scan((const unsigned char *)cases[i].s, cases[i].n, &stop);
    assert_int_equal(k, cases[i].want);
    assert_int_equal(stop, cases[i].stop);
  }
  assert_true(enc_gb18030_plausible((const unsigned char *)"\xB9\xA4", 2));
  assert_true(enc_gb18030_plausible((const unsigned char *)"\x95\x32\x82\x36", 4));
  assert_false(enc_gb18030_plausible((const unsigned char *)"\xB9", 1));
  assert_false(enc_gb18030_plausible((const unsigned char *)"\xFF\xA4", 2));
  assert_false(enc_gb18030_plausible((const unsigned char *)"\x81\x20", 2));
}

/* ------------------------------------------------------------ UTF-8 errors */

static void test_invalid_utf8_line_column(void **state) {
  (void)state;
  /* 张三 written in GB18030 inside a file declared UTF-8. */
  const char csv[] = "工号,姓名\n1001,李四\n\n1002,\xD5\xC5\xC8\xFD\n";
  run_result r = run_bytes(HF_ENC_UTF8, csv, sizeof csv - 1);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, "t.csv:4:2: 列「姓名」中有无效的 UTF-8 字节 D5 C5 C8 FD（应为 UTF-8 编码的文本；"
                                 "这些字节像 GB18030/GBK：请在规则的该输入中写 encoding = \"gb18030\"，或在 Excel 中另存为 CSV UTF-8）");
  assert_string_equal(r.records, "L2|agent=[1001]|name=[李四]\n");
  run_free(&r);
  /* Not GB-like, and cut by the end of the file: no suggestion, only the bytes there are. */
  const char csv2[] = "工号,姓名\n1001,ab\xFF";
  r = run_bytes(HF_ENC_UTF8, csv2, sizeof csv2 - 1);
  assert_string_equal(r.message, "t.csv:2:2: 列「姓名」中有无效的 UTF-8 字节 FF（应为 UTF-8 编码的文本；请在 Excel 中另存为 CSV UTF-8）");
  run_free(&r);
  /* In the header row. */
  const char csv3[] = "工号,\xE5\x41\xE5\n";
  r = run_bytes(HF_ENC_UTF8, csv3, sizeof csv3 - 1);
  assert_contains_all(r.message, "t.csv:1:2: 表头第 2 列中有无效的 UTF-8 字节 E5 41 E5 0A", NULL);
  run_free(&r);
}

static void test_truncated_utf8(void **state) {
  (void)state;
  const char csv[] = "工号,姓名\n1001,\xE5\xB7";
  run_result r = run_bytes(HF_ENC_UTF8, csv, sizeof csv - 1);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, "t.csv:2:2: 文件在一个不完整的 UTF-8 字符处结束（字节 E5 B7）（应为 完整的文件；文件可能被截断）");
  run_free(&r);
}

/* AUTO decides on the first 64 KiB: a GB18030 byte after it is an invalid UTF-8 error,
** with the suggestion, on the right line; a UTF-8 character cut by the 64 KiB limit is fine. */
static void test_auto_detection_window(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  buf_puts(&b, "工号,姓名\n");
  long rows = 0;
  for (; b.len < ENC_DETECT_BYTES + 100; rows++) buf_printf(&b, "%ld,名字%ld\n", rows, rows);
  buf_puts(&b, "9999,\xD5\xC5\xC8\xFD\n");
  run_result r = run_bytes(HF_ENC_AUTO, b.data, b.len);
  char want[128];
  snprintf(want, sizeof want, "t.csv:%ld:2: 列「姓名」中有无效的 UTF-8 字节 D5 C5 C8 FD", rows + 2);
  assert_contains_all(r.message, want, "encoding = \"gb18030\"", NULL);
  assert_contains_all(r.summary, "enc=UTF-8 sha", NULL);
  run_free(&r);

  /* Put a 3-byte character across the 64 KiB mark. */
  b.len = 0;
  buf_puts(&b, "工号,姓名\n1,");
  while (b.len < ENC_DETECT_BYTES - 1) buf_putc(&b, 'x');
  buf_puts(&b, "号\n");
  r = run_bytes(HF_ENC_AUTO, b.data, b.len);
  assert_int_equal(r.status, HF_OK);
  assert_contains_all(r.summary, "rows=1", "enc=UTF-8 sha", NULL);
  run_free(&r);
  buf_free(&b);
}

/* ------------------------------------------------------------ BOMs */

static void test_utf16_rejected(void **state) {
  (void)state;
  const char le[] = "\xFF\xFE\xE5\x5D\xF7\x53\n\0";
  const char be[] = "\xFE\xFF\x5D\xE5\x53\xF7\0\n";
  hf_encoding encs[] = {HF_ENC_AUTO, HF_ENC_UTF8, HF_ENC_GB18030};
  for (size_t i = 0; i < 3; i++) {
    run_result r = run_bytes(encs[i], le, sizeof le - 1);
    assert_int_equal(r.status, HF_ERR_DATA);
    assert_contains_all(r.message, "t.csv:1: 文件是 UTF-16 编码（开头字节 FF FE）", "请另存为 CSV UTF-8", NULL);
    run_free(&r);
    r = run_bytes(encs[i], be, sizeof be - 1);
    assert_contains_all(r.message, "（开头字节 FE FF）", "请另存为 CSV UTF-8", NULL);
    run_free(&r);
  }
}

static void test_declared_utf8_with_bom(void **state) {
  (void)state;
  const char csv[] = "\xEF\xBB\xBF工号,姓名\n1,张三\n";
  run_result r = run_bytes(HF_ENC_UTF8, csv, sizeof csv - 1);
  assert_int_equal(r.status, HF_OK);
  assert_string_equal(r.records, "L2|agent=[1]|name=[张三]\n");
  assert_contains_all(r.summary, "enc=UTF-8 (BOM)", NULL);
  run_free(&r);
  r = run_bytes(HF_ENC_GB18030, csv, sizeof csv - 1);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_contains_all(r.message, "t.csv:1: 文件以 UTF-8 BOM 开头", "encoding = \"gb18030\"", NULL);
  run_free(&r);
}

/* ------------------------------------------------------------ GB18030 */

static void test_gb18030_literal_bytes(void **state) {
  (void)state;
  /* 工号 = B9 A4 BA C5, 姓名 = D0 D5 C3 FB, 张三 = D5 C5 C8 FD (GB2312 code charts). */
  const char csv[] = "\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB\r\n1001,\xD5\xC5\xC8\xFD\r\n";
  run_result r = run_bytes(HF_ENC_AUTO, csv, sizeof csv - 1);
  assert_string_equal(r.message, "");
  assert_string_equal(r.records, "L2|agent=[1001]|name=[张三]\n");
  assert_contains_all(r.summary, "enc=GB18030", NULL);
  run_free(&r);
  size_t n;
  char *gb = to_gb18030("工号", &n);
  assert_int_equal(n, 4);
  assert_memory_equal(gb, "\xB9\xA4\xBA\xC5", 4);
  free(gb);
}

/* The same sheet in UTF-8 and in GB18030 (AUTO and declared) gives identical records. */
static void test_gb18030_same_records(void **state) {
  (void)state;
  hf_buf u;
  buf_init(&u);
  buf_puts(&u, "工号,姓名\r\n");
  for (int i = 0; i < 6000; i++) /* ~170 KiB of GB18030: several read and iconv blocks */
    buf_printf(&u, "%d,\"张三%d，“好”,\"\"引号\"\"\r\n第二行 €😀𠀀\"\r\n\r\n", 1000 + i, i);
  size_t gblen;
  char *gb = to_gb18030(u.data, &gblen);
  run_result want = run_bytes(HF_ENC_AUTO, u.data, u.len);
  assert_int_equal(want.status, HF_OK);
  assert_contains_all(want.records, "L2|agent=[1000]|name=[张三0，“好”,\"引号\"\r\n第二行 €😀𠀀]\n",
                      "L5|agent=[1001]", NULL);
  hf_encoding encs[] = {HF_ENC_AUTO, HF_ENC_GB18030};
  for (size_t i = 0; i < 2; i++) {
    run_result r = run_bytes(encs[i], gb, gblen);
    assert_string_equal(r.message, "");
    assert_string_equal(r.records, want.records);
    assert_contains_all(r.summary, "rows=6000 rejected=0", "enc=GB18030", NULL);
    run_free(&r);
  }
  run_free(&want);
  free(gb);
  buf_free(&u);
}

static void test_gb18030_errors(void **state) {
  (void)state;
  const char bad[] = "\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB\n1001,\xD5\xC5\x81\x20x\n";
  run_result r = run_bytes(HF_ENC_GB18030, bad, sizeof bad - 1);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, "t.csv:2:2: 列「姓名」中有无效的 GB18030 字节 81 20 78 0A（应为 GB18030/GBK 编码的文本；"
                                 "若文件其实是 UTF-8，请在规则中写 encoding = \"utf-8\"，或另存为 CSV UTF-8）");
  run_free(&r);
  const char trunc[] = "\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB\n1001,\xD5";
  r = run_bytes(HF_ENC_GB18030, trunc, sizeof trunc - 1);
  assert_string_equal(r.message, "t.csv:2:2: 文件在一个不完整的 GB18030 字符处结束（字节 D5）（应为 完整的文件；文件可能被截断）");
  run_free(&r);
  const char ff[] = "\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB\n1001,a\xFF";
  r = run_bytes(HF_ENC_AUTO, ff, sizeof ff - 1);
  assert_contains_all(r.message, "t.csv:2:2: 列「姓名」中有无效的 GB18030 字节 FF（", NULL);
  run_free(&r);
  const char nul[] = "\xB9\xA4\xBA\xC5,\xD0\xD5\xC3\xFB\n1001,\xD5\xC5\0\n";
  r = run_bytes(HF_ENC_AUTO, nul, sizeof nul - 1);
  assert_string_equal(r.message, "t.csv:2:2: 列「姓名」中有 NUL 字节（00）（应为 文本；这可能是 UTF-16 或二进制文件，请另存为 CSV UTF-8）");
  assert_contains_all(r.summary, "enc=GB18030", NULL);
  run_free(&r);
}

static void test_sha256_of_raw_bytes(void **state) {
  (void)state;
  /* The hash is of the bytes as read (GB18030 here), not of the converted text. */
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "x", "工号", HF_T_STRING);
  run_result a = run_all(&t.spec, "\xB9\xA4\xBA\xC5", 4);
  run_result b = run_all(&t.spec, "工号", strlen("工号"));
  assert_int_equal(a.status, HF_OK);
  assert_int_equal(b.status, HF_OK);
  assert_contains_all(a.summary, "bytes=4 enc=GB18030", NULL);
  assert_contains_all(b.summary, "bytes=6 enc=UTF-8", NULL);
  assert_string_not_equal(strstr(a.summary, "sha="), strstr(b.summary, "sha="));
  run_free(&a);
  run_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_scan),
      cmocka_unit_test(test_invalid_utf8_line_column),
      cmocka_unit_test(test_truncated_utf8),
      cmocka_unit_test(test_auto_detection_window),
      cmocka_unit_test(test_utf16_rejected),
      cmocka_unit_test(test_declared_utf8_with_bom),
      cmocka_unit_test(test_gb18030_literal_bytes),
      cmocka_unit_test(test_gb18030_same_records),
      cmocka_unit_test(test_gb18030_errors),
      cmocka_unit_test(test_sha256_of_raw_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
