/*
** main.c — the command line. Temporary: `run` is wired in by cli/cmd_run.c.
*/
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    printf("huifang %s\n", HUIFANG_VERSION);
    return 0;
  }
  fprintf(stderr, "huifang: not yet wired\n");
  return 2;
}
