/*
** outfile.c — atomic output files (temp file + rename).
*/
#include "common/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"

hf_status outfile_open(hf_outfile *of, const char *path, hf_error *err) {
  hf_buf tmp;
  buf_init(&tmp);
  buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
  of->path = hf_xstrdup(path);
  of->tmp_path = buf_steal(&tmp);
  of->fp = fopen(of->tmp_path, "wb");
  if (!of->fp) {
    hf_status st = hf_fail(err, HF_ERR_IO, "%s: 无法创建输出文件: %s", of->tmp_path, strerror(errno));
    free(of->path);
    free(of->tmp_path);
    of->path = of->tmp_path = NULL;
    return st;
  }
  return HF_OK;
}

hf_status outfile_commit(hf_outfile *of, hf_error *err) {
  hf_status st = HF_OK;
  int failed = ferror(of->fp) || fflush(of->fp) != 0 || fsync(fileno(of->fp)) != 0;
  int saved = errno;
  if (fclose(of->fp) != 0 && !failed) {
    failed = 1;
    saved = errno;
  }
  of->fp = NULL;
  if (failed) {
    st = hf_fail(err, HF_ERR_IO, "%s: 写入失败: %s", of->path, strerror(saved));
    unlink(of->tmp_path);
  } else if (rename(of->tmp_path, of->path) != 0) {
    st = hf_fail(err, HF_ERR_IO, "%s: 无法完成写入（rename）: %s", of->path, strerror(errno));
    unlink(of->tmp_path);
  }
  free(of->path);
  free(of->tmp_path);
  of->path = of->tmp_path = NULL;
  return st;
}

void outfile_abort(hf_outfile *of) {
  if (of->fp) fclose(of->fp);
  if (of->tmp_path) unlink(of->tmp_path);
  free(of->path);
  free(of->tmp_path);
  of->fp = NULL;
  of->path = of->tmp_path = NULL;
}

hf_status outfile_mkdirs(const char *dir, hf_error *err) {
  char *p = hf_xstrdup(dir);
  hf_status st = HF_OK;
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == '\0') {
      char c = *s;
      *s = '\0';
      if (mkdir(p, 0777) != 0 && errno != EEXIST) {
        st = hf_fail(err, HF_ERR_IO, "%s: 无法创建目录: %s", p, strerror(errno));
        break;
      }
      *s = c;
      if (c == '\0') break;
    }
  }
  free(p);
  return st;
}
