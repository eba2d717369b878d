/*
** sandbox.h — the one Lua state a policy runs in (internal to src/policy/).
** An hf_sandbox owns its lua_State, its limits (memory cap, instruction
** budget, wall clock with a watchdog thread) and its require() cache; every
** call into Lua goes through sandbox_pcall. Nothing outside src/policy/
** includes this header.
*/
#ifndef HF_SANDBOX_H
#define HF_SANDBOX_H

#include <lua.h>

#include "common/diag.h"
#include "policy/policy.h"

typedef struct hf_sandbox hf_sandbox;

/* Creates the state with the allow-listed libraries and the `huifang`
** module, and starts the watchdog. display is the rule file's name used in
** messages ("callcenter.lua"); rules_dir is where require() looks. */
hf_sandbox *sandbox_new(const char *display, const char *rules_dir, const hf_limits *lim, hf_error *err);
/* Stops the watchdog and closes the state; NULL is fine. */
void sandbox_free(hf_sandbox *sb);

lua_State *sandbox_state(hf_sandbox *sb);
/* The rule file's display name ("callcenter.lua"). */
const char *sandbox_display(const hf_sandbox *sb);

/* Loads src (text only) as the chunk "@display" and pushes it; on a syntax
** error fills err ("callcenter.lua:12: ...") and pushes nothing. */
hf_status sandbox_load(hf_sandbox *sb, const char *src, size_t len, hf_error *err);
/* The same for another file run in the rule's state (a template, a brand
** file): messages name `display` ("templates/monthly.lua:7: ..."). */
hf_status sandbox_load_named(hf_sandbox *sb, const char *src, size_t len, const char *display, hf_error *err);

/* lua_pcall with the traceback handler, a fresh instruction budget and the
** wall-clock watch. `what` names the call for messages ("scorecard.qualified
** (callcenter.lua:52)") and must stay valid while the sandbox lives. On
** success the results are on the stack; on failure nothing is left and err
** names the rule file — also when the rule swallowed a breached limit with pcall.
** `what` = NULL means loading the rule file itself. */
hf_status sandbox_pcall(hf_sandbox *sb, int nargs, int nresults, const char *what, hf_error *err);

/* Runs f(ud, args...) under sandbox_pcall, where args are the nargs values on
** top of the stack (consumed) and ud arrives as a light userdata: for host
** code that pushes values (which can raise memory errors). f returns nothing. */
hf_status sandbox_cpcall(hf_sandbox *sb, lua_CFunction f, void *ud, int nargs, hf_error *err);

/* The whole file in a malloc'd, NUL-terminated buffer; NULL with errno set. */
char *sandbox_slurp(const char *path, size_t *len);

#endif
