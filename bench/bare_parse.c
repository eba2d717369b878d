/*
** bare_parse.c — the benchmark's floor: read a CSV file in 64 KiB chunks and
** parse it with libcsv (strict mode, as huifang does), counting fields and
** rows, nothing else. huifang's run time is reported as a ratio to this.
*/
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct counts {
  unsigned long fields, rows;
};

static void on_field(void *data, size_t len, void *ctx) {
  (void)data;
  (void)len;
  ((struct counts *)ctx)->fields++;
}

static void on_row(int c, void *ctx) {
  (void)c;
  ((struct counts *)ctx)->rows++;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bare_parse FILE.csv\n");
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    perror(argv[1]);
    return 3;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) return 3;
  struct counts c = {0, 0};
  static char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
    if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
      fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
      return 1;
    }
  }
  csv_fini(&p, on_field, on_row, &c);
  csv_free(&p);
  fclose(fp);
  printf("%lu rows, %lu fields\n", c.rows, c.fields);
  return 0;
}
