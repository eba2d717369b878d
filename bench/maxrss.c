/*
** maxrss.c — the benchmark's meter: run a command, print its wall time and
** peak RSS. bench/run.py compiles it at run time (cc -O2) and runs every
** measured command through it.
**
** Why not os.wait4 from Python directly: ru_maxrss survives exec, and a child
** that Python spawns (fork/vfork, then exec) inherits the Python process's own
** high-water mark as a floor (~14 MiB, more after big allocations). Forked from
** this small process instead, the floor is ~1 MiB.
**
** Usage: maxrss COMMAND [ARGS...]; prints "<wall seconds> <peak RSS KiB>" on
** stderr as its last line, exits with the command's exit code.
*/
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: maxrss COMMAND [ARGS...]\n");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 3;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("wait4");
    return 3;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(stderr, "%.6f %ld\n", wall, ru.ru_maxrss);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
