/*
** scorecard.c — per-record scoring: the per-row hot path, all in C unless
** the rule supplies a hook.
*/
#include "engine/scorecard.h"

hf_status scorecard_eval(hf_policy *p, const hf_record *rec, hf_verdict *v, hf_error *err) {
  const hf_scorecard_spec *sc = &p->scorecard;
  v->fatal_fails = v->nonfatal_fails = v->fails = v->passes = v->na = 0;
  for (size_t i = 0; i < sc->nitems; i++) {
    const hf_item_spec *item = &sc->items[i];
    switch (rec->values[item->field].v.score) {
      case HF_SCORE_PASS: v->passes++; break;
      case HF_SCORE_NA: v->na++; break;
      case HF_SCORE_FAIL:
        v->fails++;
        if (item->fatal) v->fatal_fails++;
        else v->nonfatal_fails++;
        break;
    }
  }
  v->qualified = v->fatal_fails <= sc->max_fatal && v->nonfatal_fails <= sc->max_nonfatal;
  v->excellent = false;
  hf_status st;
  if (sc->qualified_hook) {
    st = hook_call_bool(p, sc->qualified_hook, rec, v, &v->qualified, err);
    if (st != HF_OK) return st;
  }
  if (sc->excellent_hook) {
    bool excellent = false;
    st = hook_call_bool(p, sc->excellent_hook, rec, v, &excellent, err);
    if (st != HF_OK) return st;
    v->excellent = excellent && v->qualified;
  } else {
    v->excellent = v->qualified && v->fails <= sc->excellent_max_fails;
  }
  return HF_OK;
}

const char *scorecard_level(const hf_scorecard_spec *sc, const hf_verdict *v) {
  if (v->excellent) return sc->level_excellent;
  return v->qualified ? sc->level_qualified : sc->level_unqualified;
}
