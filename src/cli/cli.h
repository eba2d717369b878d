/*
** cli.h — the subcommands. Each returns an hf_status; main.c alone turns it
** into the process exit code and prints the error.
*/
#ifndef HF_CLI_H
#define HF_CLI_H

#include "common/diag.h"

hf_status cmd_run(int argc, char **argv, hf_error *err);
void cmd_run_usage(void);
hf_status cmd_fonts(int argc, char **argv, hf_error *err);
void cmd_fonts_usage(void);

#endif
