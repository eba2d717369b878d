/*
** hook_impl.h — what policy.c needs to create hooks and the record view
** (internal to src/policy/; the engine sees only hooks.h). Both functions run
** inside a protected call (sandbox_cpcall): they push values and take refs.
*/
#ifndef HF_HOOK_IMPL_H
#define HF_HOOK_IMPL_H

#include <stdbool.h>

#include <lua.h>

#include "policy/hooks.h"

struct hf_hook {
  int ref;              /* the function, in the registry */
  bool sees_qualified;  /* r.qualified is set (the excellent hook) */
  char *desc;           /* "scorecard.qualified (callcenter.lua:52)" */
};

/* A hook for the function at idx, named like its key path; line via lua_getinfo. */
hf_hook *hook_new(lua_State *L, int idx, const char *name, const char *display, bool sees_qualified);
void hook_free(hf_hook *h);

/* Builds the one reusable record view (and its field lookups) for p's inputs.
** Call once, after every input spec (items included) is final. */
void hookview_setup(lua_State *L, const hf_policy *p);

#endif
