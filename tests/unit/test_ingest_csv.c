/*
** test_ingest_csv.c — the CSV layer of ingest: RFC 4180 cases, physical line
** numbers, header mapping, structural errors, on_error, stats and SHA-256.
** Every buffer is parsed whole and in chunks of 1, 2, 3, 7 and 64 bytes (run_all).
*/
#include "test_ingest_support.h"

#include "ingest/csv_stream.h"

#define HDR "工号,姓名,备注\n"

static void spec3(test_spec *t, hf_on_error on_error) {
  spec_init(t, on_error);
  spec_add(t, "agent", "工号", HF_T_STRING);
  spec_add(t, "name", "姓名", HF_T_STRING);
  spec_add(t, "note", "备注", HF_T_STRING)->optional = true;
}

static void expect_records(const char *csv, const char *records) {
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  run_result r = run_str(&t.spec, csv);
  assert_string_equal(r.message, "");
  assert_int_equal(r.status, HF_OK);
  assert_string_equal(r.records, records);
  run_free(&r);
}

static void expect_error(hf_on_error on_error, const char *csv, const char *message) {
  test_spec t;
  spec3(&t, on_error);
  run_result r = run_str(&t.spec, csv);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, message);
  run_free(&r);
}

/* ------------------------------------------------------------ RFC 4180 */

static void test_simple_rows(void **state) {
  (void)state;
  expect_records(HDR "1001,张三,好\n1002,李四,\n",
                 "L2|agent=[1001]|name=[张三]|note=[好]\n"
                 "L3|agent=[1002]|name=[李四]|note=[](empty)\n");
}

static void test_quoted_comma_quote_newline(void **state) {
  (void)state;
  expect_records(HDR "1001,\"张,三\",\"他说\"\"好\"\"\n第二行\"\n1002,李四,x\n",
                 "L2|agent=[1001]|name=[张,三]|note=[他说\"好\"\n第二行]\n"
                 "L4|agent=[1002]|name=[李四]|note=[x]\n");
}

static void test_crlf(void **state) {
  (void)state;
  expect_records("工号,姓名,备注\r\n1001,张三,\"a\r\nb\"\r\n1002,李四,c\r\n",
                 "L2|agent=[1001]|name=[张三]|note=[a\r\nb]\n"
                 "L4|agent=[1002]|name=[李四]|note=[c]\n");
}

static void test_no_final_newline(void **state) {
  (void)state;
  expect_records(HDR "1001,张三,a\n1002,李四,b", "L2|agent=[1001]|name=[张三]|note=[a]\n"
                                                  "L3|agent=[1002]|name=[李四]|note=[b]\n");
  expect_records(HDR "1001,张三,\"a\nb\"", "L2|agent=[1001]|name=[张三]|note=[a\nb]\n");
  expect_records("工号,姓名,备注\r\n1001,张三,\r\n1002,李四,b\r", "L2|agent=[1001]|name=[张三]|note=[](empty)\n"
                                                                "L3|agent=[1002]|name=[李四]|note=[b]\n");
}

static void test_blank_lines_counted(void **state) {
  (void)state;
  expect_records("\n" HDR "\n1001,张三,a\n\r\n  \n1002,李四,b\n\n\n\r\n",
                 "L4|agent=[1001]|name=[张三]|note=[a]\n"
                 "L7|agent=[1002]|name=[李四]|note=[b]\n");
}

static void test_quoted_newlines_shift_lines(void **state) {
  (void)state;
  expect_records(HDR "1001,\"a\n\nb\",\"c\nd\"\n1002,李四,e\n\n1003,王五,\"\n\"\n1004,赵六,f\n",
                 "L2|agent=[1001]|name=[a\n\nb]|note=[c\nd]\n"
                 "L6|agent=[1002]|name=[李四]|note=[e]\n"
                 "L8|agent=[1003]|name=[王五]|note=[\n]\n"
                 "L10|agent=[1004]|name=[赵六]|note=[f]\n");
}

static void test_spaces_trimmed(void **state) {
  (void)state;
  /* libcsv drops spaces around unquoted fields; ingest trims quoted cells too (record.h). */
  expect_records(HDR "  1001 ,\t张三\t, \" 好 \" \n\" 1002\",\"\t李 四 \",\"  \"\n",
                 "L2|agent=[1001]|name=[张三]|note=[好]\n"
                 "L3|agent=[1002]|name=[李 四]|note=[](empty)\n");
}

static void test_lone_cr_rows(void **state) {
  (void)state;
  /* Classic Mac line ends: rows still split; lines count LF only (csv_stream.h). */
  expect_records("工号,姓名,备注\r1001,张三,a\r1002,李四,b\r", "L1|agent=[1001]|name=[张三]|note=[a]\n"
                                                              "L1|agent=[1002]|name=[李四]|note=[b]\n");
}

/* ------------------------------------------------------------ header mapping */

static void test_header_order_extra_and_spaces(void **state) {
  (void)state;
  /* Columns in any order, unmapped ones ignored, names trimmed of spaces, tabs and U+3000. */
  expect_records("部门, 备注 ,\t姓名\t,\xE3\x80\x80工号\xE3\x80\x80,\"  其他  \"\n"
                 "客服部,n1,张三,1001,x\n",
                 "L2|agent=[1001]|name=[张三]|note=[n1]\n");
}

static void test_bom_stripped(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  run_result plain = run_str(&t.spec, HDR "1001,张三,a\n");
  run_result bom = run_str(&t.spec, "\xEF\xBB\xBF" HDR "1001,张三,a\n");
  assert_int_equal(bom.status, HF_OK);
  assert_string_equal(bom.records, plain.records);
  assert_non_null(strstr(bom.summary, "enc=UTF-8 (BOM)"));
  assert_non_null(strstr(plain.summary, "enc=UTF-8 sha"));
  run_free(&plain);
  run_free(&bom);
}

static void test_missing_column(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_FAIL, "工号,员工姓名\n1001,张三\n",
               "t.csv:1: 缺少以下列「姓名」「备注」（文件的表头是：「工号」「员工姓名」；请检查规则中的表头名称，或是否选错了文件）");
  test_spec t;
  spec3(&t, HF_ON_ERROR_SKIP); /* structural: skip does not apply */
  run_result r = run_str(&t.spec, "工号,姓名\n");
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_contains_all(r.message, "t.csv:1: 缺少列「备注」", "「工号」「姓名」", NULL);
  run_free(&r);
}

static void test_duplicate_column(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_FAIL, "工号,姓名,备注,工号 \n1,2,3,4\n",
               "t.csv:1:4: 列「工号」出现了两次：第 1 列和第 4 列（应为 每个表头只出现一次；请删除或改名其中一列）");
  /* An unmapped header twice is fine. */
  expect_records("x,工号,x,姓名,备注\n1,2,3,4,5\n", "L2|agent=[2]|name=[4]|note=[5]\n");
}

static void test_two_fields_one_column(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "agent_no", "工号", HF_T_INT);
  run_result r = run_str(&t.spec, HDR "42,张三,\n");
  assert_int_equal(r.status, HF_OK);
  assert_string_equal(r.records, "L2|agent=[42]|name=[张三]|note=[](empty)|agent_no=[42]42\n");
  run_free(&r);
}

/* ------------------------------------------------------------ structural errors */

static void test_ragged_rows(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_FAIL, HDR "1001,张三,a\n\n1002,李四\n",
               "t.csv:4: 第 4 行有 2 列，表头有 3 列（应为 每行列数与表头相同；含逗号的值须用双引号括起）");
  expect_error(HF_ON_ERROR_FAIL, HDR "1001,\"张\n三\",a,b\n",
               "t.csv:2: 第 2 行有 4 列，表头有 3 列（应为 每行列数与表头相同；含逗号的值须用双引号括起）");
}

static void test_unterminated_quote(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_FAIL, HDR "1001,张三,ok\n1002,\"李\n四,x\n\n",
               "t.csv:3: 引号未闭合：从第 3 行第 2 列开始的字段直到文件结尾都没有结束引号（列「姓名」；字段内的 \" 须写成 \"\"）");
  /* The row begins on line 2, the runaway field on line 3. */
  expect_error(HF_ON_ERROR_SKIP, HDR "1002,\"a\nb\",\"c,d\n",
               "t.csv:2: 引号未闭合：从第 3 行第 3 列开始的字段直到文件结尾都没有结束引号（列「备注」；字段内的 \" 须写成 \"\"）");
  /* In the header row. */
  expect_error(HF_ON_ERROR_FAIL, "工号,\"姓名\n",
               "t.csv:1: 引号未闭合：从第 1 行第 2 列开始的字段直到文件结尾都没有结束引号（表头第 2 列；字段内的 \" 须写成 \"\"）");
}

static void test_bare_quote(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_SKIP, HDR "1001,37°36'37.8\"N,x\n",
               "t.csv:2:2: 列「姓名」的值「37°36'37.8」中有未加引号的双引号（应为 整个字段用双引号括起，字段内的 \" 写成 \"\"，如 \"37°36'37.8\"\"N\"）");
}

static void test_text_after_closing_quote(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  run_result r = run_str(&t.spec, HDR "1001,\"a\nb\"c,x\n");
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_contains_all(r.message, "t.csv:3:2: 列「姓名」", "在结束引号之后还有字符「c」", NULL);
  run_free(&r);
  r = run_str(&t.spec, HDR "1001,\"ab\"  张,x\n");
  assert_contains_all(r.message, "t.csv:2:2: 列「姓名」", "「张」", NULL);
  run_free(&r);
}

static void test_nul_byte(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_SKIP);
  static const char csv[] = HDR "1001,张三,a\n1002,a\0b,c\n";
  run_result r = run_all(&t.spec, csv, sizeof csv - 1);
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, "t.csv:3:2: 列「姓名」中有 NUL 字节（00）（应为 文本；这可能是 UTF-16 或二进制文件，请另存为 CSV UTF-8）");
  assert_string_equal(r.records, "L2|agent=[1001]|name=[张三]|note=[a]\n");
  run_free(&r);
}

static void test_field_too_long(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_SKIP);
  size_t big = CSVS_MAX_FIELD + 100;
  char *csv = malloc(big + 64);
  int k = sprintf(csv, HDR "1001,张三,\"");
  memset(csv + k, 'x', big);
  size_t len = (size_t)k + big;
  static const size_t chunks[] = {0, 7, 4096, 65536};
  for (size_t i = 0; i < 4; i++) {
    run_result r = run_chunked(&t.spec, csv, len, chunks[i]);
    assert_int_equal(r.status, HF_ERR_DATA);
    assert_contains_all(r.message, "t.csv:2:3: 列「备注」从第 2 行开始的字段超过 1048576 字节仍未结束", NULL);
    run_free(&r);
  }
  /* Just under the cap is fine, quoted or not. */
  memset(csv + k, 'y', CSVS_MAX_FIELD - 10);
  memcpy(csv + k + CSVS_MAX_FIELD - 10, "\"\n", 2);
  run_result r = run_chunked(&t.spec, csv, (size_t)k + CSVS_MAX_FIELD - 8, 0);
  assert_int_equal(r.status, HF_OK);
  assert_non_null(strstr(r.summary, "rows=1 rejected=0"));
  run_free(&r);
  free(csv);
}

static void test_empty_file(void **state) {
  (void)state;
  expect_error(HF_ON_ERROR_FAIL, "", "t.csv: 文件为空（没有表头行）");
  expect_error(HF_ON_ERROR_SKIP, "\n\r\n  \n\n", "t.csv: 文件为空（没有表头行）");
  expect_error(HF_ON_ERROR_FAIL, "\xEF\xBB\xBF", "t.csv: 文件为空（没有表头行）");
}

static void test_header_only(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  const char *cases[] = {HDR, "工号,姓名,备注", "工号,姓名,备注\r\n\r\n\n"};
  for (size_t i = 0; i < 3; i++) {
    run_result r = run_str(&t.spec, cases[i]);
    assert_int_equal(r.status, HF_OK);
    assert_string_equal(r.records, "");
    assert_non_null(strstr(r.summary, "rows=0 rejected=0"));
    run_free(&r);
  }
}

/* ------------------------------------------------------------ on_error */

static void test_skip_lists_rejects(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_SKIP);
  spec_add(&t, "agent", "工号", HF_T_INT);
  spec_add(&t, "day", "日期", HF_T_DATE);
  const char *csv = "工号,日期\n"
                    "1,2026-10-21\n"
                    "x2,2026-10-21\n"    /* line 3: bad int */
                    "3,\"2026-02\n29\"\n" /* line 4-5: bad date, quoted newline */
                    "4,2026-10-22\n"     /* line 6 */
                    "5\n"                /* line 7: ragged */
                    "\n"
                    "6,2024-02-29\n"; /* line 9 */
  run_result r = run_str(&t.spec, csv);
  assert_int_equal(r.status, HF_OK);
  assert_string_equal(r.records, "L2|agent=[1]1|day=[2026-10-21]2026-10-21\n"
                                 "L6|agent=[4]4|day=[2026-10-22]2026-10-22\n"
                                 "L9|agent=[6]6|day=[2024-02-29]2024-02-29\n");
  assert_contains_all(r.summary, "rows=3 rejected=3",
                      "R3:1 [工号] [x2] t.csv:3:1: 列「工号」的值「x2」不是整数（应为 整数，如 120）\n",
                      "R4:2 [日期] [2026-02\n29] t.csv:4:2: 列「日期」的值「2026-02\\n29」不是可识别的日期",
                      "R7:0 [] [] t.csv:7: 第 7 行有 1 列，表头有 2 列", NULL);
  run_free(&r);
}

static void test_fail_stops_at_first_bad_row(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "agent", "工号", HF_T_INT);
  run_result r = run_str(&t.spec, "工号\n1\n2\nx\n4\ny\n");
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_string_equal(r.message, "t.csv:4:1: 列「工号」的值「x」不是整数（应为 整数，如 120）");
  assert_string_equal(r.records, "L2|agent=[1]1\nL3|agent=[2]2\n");
  assert_non_null(strstr(r.summary, "rows=2 rejected=0"));
  run_free(&r);
}

static void test_sink_error_stops(void **state) {
  (void)state;
  test_spec t;
  spec3(&t, HF_ON_ERROR_FAIL);
  dump d;
  buf_init(&d.text);
  d.stop_after = 2;
  hf_ingest_stats stats;
  hf_error err;
  const char *csv = HDR "1,a,\n2,b,\n3,c,\n";
  hf_status st = ingest_buffer(&t.spec, csv, strlen(csv), 3, "t.csv", dump_sink, &d, &stats, &err);
  assert_int_equal(st, HF_ERR_DATA);
  assert_string_equal(err.message, "sink says stop");
  assert_int_equal(stats.rows, 1);
  assert_string_equal(d.text.data, "L2|agent=[1]|name=[a]|note=[](empty)\nL3|agent=[2]|name=[b]|note=[](empty)\n");
  buf_free(&d.text);
  ingest_stats_free(&stats);
}

/* ------------------------------------------------------------ stats, files */

static void test_sha256_and_bytes(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "x", "abc", HF_T_STRING);
  run_result r = run_str(&t.spec, "abc");
  assert_int_equal(r.status, HF_OK);
  assert_string_equal(r.summary,
                      "rows=0 rejected=0 bytes=3 enc=UTF-8 sha=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
  run_free(&r);
}

static void test_file_matches_buffer(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "agent", "工号", HF_T_STRING);
  spec_add(&t, "day", "抽检日期", HF_T_DATE);
  spec_add(&t, "note", "待改进", HF_T_STRING)->optional = true;
  const char *path = TEST_DATA_DIR "/csv/quoted.csv";
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  static char bytes[1 << 16];
  size_t n = fread(bytes, 1, sizeof bytes, fp);
  fclose(fp);
  run_result want = run_all(&t.spec, bytes, n);
  assert_int_equal(want.status, HF_OK);
  assert_contains_all(want.records, "L3|agent=[1002]", "L5|agent=[1003]", "note=[前后有空格]", NULL);

  dump d;
  buf_init(&d.text);
  d.stop_after = 0;
  hf_ingest_stats stats;
  hf_error err;
  assert_int_equal(ingest_file(&t.spec, path, "quoted.csv", dump_sink, &d, &stats, &err), HF_OK);
  assert_string_equal(d.text.data, want.records);
  assert_int_equal(stats.bytes, n);
  assert_non_null(strstr(want.summary, stats.sha256));
  buf_free(&d.text);
  ingest_stats_free(&stats);
  run_free(&want);

  hf_status st = ingest_file(&t.spec, TEST_DATA_DIR "/csv/no-such-file.csv", "no-such-file.csv", dump_sink, &d,
                             &stats, &err);
  assert_int_equal(st, HF_ERR_IO);
  assert_string_equal(err.message, "no-such-file.csv: 无法打开文件：No such file or directory");
  ingest_stats_free(&stats);
  st = ingest_file(&t.spec, TEST_DATA_DIR "/csv", "csv", dump_sink, &d, &stats, &err);
  assert_int_equal(st, HF_ERR_IO);
  assert_contains_all(err.message, "csv: 读取文件失败：Is a directory", NULL);
  ingest_stats_free(&stats);
}

/* Every message is one line, even when the value holds line breaks. */
static void test_messages_one_line(void **state) {
  (void)state;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_FAIL);
  spec_add(&t, "n", "数", HF_T_INT);
  run_result r = run_str(&t.spec, "数\n\"1\r\n2\"\n");
  assert_int_equal(r.status, HF_ERR_DATA);
  assert_one_line(r.message);
  assert_contains_all(r.message, "「1\\r\\n2」", NULL);
  run_free(&r);
  char csv[600] = "数\n";
  memset(csv + strlen(csv), '9', 300); /* 300 digits: overflow, and the value is cut in the message */
  r = run_str(&t.spec, csv);
  assert_contains_all(r.message, "…」超出整数范围", NULL);
  assert_true(strlen(r.message) < 400);
  run_free(&r);
}

/* A small fuzzer (HARDENING.md): seeded random inputs made of the pieces that
** matter (quotes, delimiters, CR/LF, spaces, UTF-8 and GB18030 bytes, NUL),
** each parsed whole and in chunks of 1, 2, 3, 7 and 64 bytes by run_all, which
** asserts identical records, stats and errors. Any crash shows under ASan. */
static void test_random_inputs_chunk_invariant(void **state) {
  (void)state;
  static const char *const pieces[] = {"x", "12", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t",
                                       "\xE5\xB7\xA5", "\xE3\x80\x80", "\xB9\xA4", "\xE5", "\0", "\n\n"};
  const size_t npieces = sizeof pieces / sizeof *pieces;
  test_spec t;
  spec_init(&t, HF_ON_ERROR_SKIP);
  spec_add(&t, "a", "a", HF_T_STRING)->optional = true;
  spec_add(&t, "b", "b", HF_T_INT)->optional = true;
  uint32_t seed = 12345;
  size_t outcomes[4] = {0, 0, 0, 0};
  for (int round = 0; round < 400; round++) {
    char buf[256] = "a,b\n";
    size_t len = 4;
    int n = (int)(seed % 24);
    for (int k = 0; k < n; k++) {
      seed = seed * 1103515245u + 12345u;
      const char *p = pieces[(seed >> 16) % npieces];
      size_t pl = p[0] ? strlen(p) : 1; /* "\0" is one NUL byte */
      memcpy(buf + len, p, pl);
      len += pl;
    }
    seed = seed * 1103515245u + 12345u;
    run_result r = run_all(&t.spec, buf, len);
    assert_one_line(r.message);
    outcomes[r.status]++;
    run_free(&r);
  }
  assert_true(outcomes[HF_OK] > 20);       /* both outcomes are exercised */
  assert_true(outcomes[HF_ERR_DATA] > 20);
  assert_int_equal(outcomes[HF_ERR_IO], 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_simple_rows),
      cmocka_unit_test(test_quoted_comma_quote_newline),
      cmocka_unit_test(test_crlf),
      cmocka_unit_test(test_no_final_newline),
      cmocka_unit_test(test_blank_lines_counted),
      cmocka_unit_test(test_quoted_newlines_shift_lines),
      cmocka_unit_test(test_spaces_trimmed),
      cmocka_unit_test(test_lone_cr_rows),
      cmocka_unit_test(test_header_order_extra_and_spaces),
      cmocka_unit_test(test_bom_stripped),
      cmocka_unit_test(test_missing_column),
      cmocka_unit_test(test_duplicate_column),
      cmocka_unit_test(test_two_fields_one_column),
      cmocka_unit_test(test_ragged_rows),
      cmocka_unit_test(test_unterminated_quote),
      cmocka_unit_test(test_bare_quote),
      cmocka_unit_test(test_text_after_closing_quote),
      cmocka_unit_test(test_nul_byte),
      cmocka_unit_test(test_field_too_long),
      cmocka_unit_test(test_empty_file),
      cmocka_unit_test(test_header_only),
      cmocka_unit_test(test_skip_lists_rejects),
      cmocka_unit_test(test_fail_stops_at_first_bad_row),
      cmocka_unit_test(test_sink_error_stops),
      cmocka_unit_test(test_sha256_and_bytes),
      cmocka_unit_test(test_file_matches_buffer),
      cmocka_unit_test(test_messages_one_line),
      cmocka_unit_test(test_random_inputs_chunk_invariant),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
