/*
** outfile.h — write-then-rename output files.
** An output is written to "<path>.tmp.<pid>" in the same folder and renamed
** over <path> only by outfile_commit, after every write, fflush, fsync and
** fclose succeeded. outfile_abort removes the temporary file. A failed run
** therefore never leaves a half-written file nor replaces a good one.
*/
#ifndef HF_OUTFILE_H
#define HF_OUTFILE_H

#include <stdio.h>

#include "common/diag.h"

typedef struct hf_outfile {
  FILE *fp;           /* write here */
  char *path;         /* final path */
  char *tmp_path;     /* where the bytes go until commit */
} hf_outfile;

hf_status outfile_open(hf_outfile *of, const char *path, hf_error *err);
hf_status outfile_commit(hf_outfile *of, hf_error *err);
void outfile_abort(hf_outfile *of);

/* Creates dir and its parents (like mkdir -p). */
hf_status outfile_mkdirs(const char *dir, hf_error *err);

#endif
