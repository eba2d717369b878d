/*
** test_scorecard.c — the P1 qualification boundaries, worked by hand:
** 合格 iff 致命项 = 0 and 非致命项 < 3; 优秀 iff qualified and no item failed;
** N/A never counts. A 10-item scorecard like DOMAIN.md's (5 fatal, 5 non-fatal).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "engine/scorecard.h"

#define NITEMS 10
static const int fatal[NITEMS] = {1, 1, 1, 0, 0, 1, 1, 0, 0, 0};

typedef struct fixture {
  hf_policy policy;
  hf_item_spec items[NITEMS];
  hf_value values[NITEMS];
  hf_record rec;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  for (size_t i = 0; i < NITEMS; i++) {
    f->items[i].name = "item";
    f->items[i].fatal = fatal[i];
    f->items[i].weight = 1;
    f->items[i].field = i;
    f->values[i].v.score = HF_SCORE_PASS;
  }
  hf_scorecard_spec *sc = &f->policy.scorecard;
  sc->present = true;
  sc->items = f->items;
  sc->nitems = NITEMS;
  sc->max_fatal = 0;
  sc->max_nonfatal = 2;
  sc->excellent_max_fails = 0;
  sc->level_excellent = "优秀";
  sc->level_qualified = "中等";
  sc->level_unqualified = "差";
  f->rec.values = f->values;
  f->rec.line = 2;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  free(*state);
  return 0;
}

static hf_verdict eval(fixture *f) {
  hf_verdict v;
  hf_error err;
  assert_int_equal(scorecard_eval(&f->policy, &f->rec, &v, &err), HF_OK);
  return v;
}

static void test_all_pass_is_excellent(void **state) {
  fixture *f = *state;
  hf_verdict v = eval(f);
  assert_int_equal(v.passes, 10);
  assert_int_equal(v.fails, 0);
  assert_true(v.qualified);
  assert_true(v.excellent);
  assert_string_equal(scorecard_level(&f->policy.scorecard, &v), "优秀");
}

static void test_two_nonfatal_fails_qualify_as_medium(void **state) {
  fixture *f = *state;
  f->values[3].v.score = HF_SCORE_FAIL;  /* non-fatal */
  f->values[4].v.score = HF_SCORE_FAIL;  /* non-fatal */
  hf_verdict v = eval(f);
  assert_int_equal(v.nonfatal_fails, 2);
  assert_int_equal(v.fatal_fails, 0);
  assert_true(v.qualified);
  assert_false(v.excellent);
  assert_string_equal(scorecard_level(&f->policy.scorecard, &v), "中等");
}

static void test_three_nonfatal_fails_do_not_qualify(void **state) {
  fixture *f = *state;
  f->values[3].v.score = HF_SCORE_FAIL;
  f->values[4].v.score = HF_SCORE_FAIL;
  f->values[9].v.score = HF_SCORE_FAIL;
  hf_verdict v = eval(f);
  assert_int_equal(v.nonfatal_fails, 3);
  assert_false(v.qualified);
  assert_false(v.excellent);
  assert_string_equal(scorecard_level(&f->policy.scorecard, &v), "差");
}

static void test_one_fatal_fail_does_not_qualify(void **state) {
  fixture *f = *state;
  f->values[5].v.score = HF_SCORE_FAIL;  /* fatal */
  hf_verdict v = eval(f);
  assert_int_equal(v.fatal_fails, 1);
  assert_int_equal(v.nonfatal_fails, 0);
  assert_false(v.qualified);
}

static void test_all_na_is_excellent_and_counts_nothing(void **state) {
  fixture *f = *state;
  for (size_t i = 0; i < NITEMS; i++) f->values[i].v.score = HF_SCORE_NA;
  hf_verdict v = eval(f);
  assert_int_equal(v.na, 10);
  assert_int_equal(v.fails + v.passes, 0);
  assert_true(v.qualified);
  assert_true(v.excellent);
}

static void test_na_beside_fails_never_counts(void **state) {
  fixture *f = *state;
  f->values[0].v.score = HF_SCORE_NA;   /* fatal item N/A: not a fail */
  f->values[3].v.score = HF_SCORE_FAIL;
  f->values[7].v.score = HF_SCORE_NA;
  hf_verdict v = eval(f);
  assert_int_equal(v.fatal_fails, 0);
  assert_int_equal(v.nonfatal_fails, 1);
  assert_int_equal(v.na, 2);
  assert_true(v.qualified);
  assert_false(v.excellent);
}

static void test_thresholds_come_from_the_policy(void **state) {
  fixture *f = *state;
  f->policy.scorecard.max_nonfatal = 3;  /* a laxer company */
  f->values[3].v.score = HF_SCORE_FAIL;
  f->values[4].v.score = HF_SCORE_FAIL;
  f->values[9].v.score = HF_SCORE_FAIL;
  assert_true(eval(f).qualified);
  f->policy.scorecard.max_fatal = 1;
  f->values[0].v.score = HF_SCORE_FAIL;
  assert_true(eval(f).qualified);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_all_pass_is_excellent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_two_nonfatal_fails_qualify_as_medium, setup, teardown),
      cmocka_unit_test_setup_teardown(test_three_nonfatal_fails_do_not_qualify, setup, teardown),
      cmocka_unit_test_setup_teardown(test_one_fatal_fail_does_not_qualify, setup, teardown),
      cmocka_unit_test_setup_teardown(test_all_na_is_excellent_and_counts_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_na_beside_fails_never_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_thresholds_come_from_the_policy, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
