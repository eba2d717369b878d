/*
** path.c — folder of a path, and a path relative to a folder. See path.h.
*/
#include "common/path.h"

#include <string.h>

#include "common/buf.h"
#include "common/diag.h"

char *path_dir(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return hf_xstrdup(".");
  if (slash == path) return hf_xstrdup("/");
  return hf_xstrndup(path, (size_t)(slash - path));
}

char *path_join(const char *dir, const char *path) {
  if (path[0] == '/') return hf_xstrdup(path);
  hf_buf b;
  buf_init(&b);
  buf_printf(&b, "%s/%s", dir, path);
  return buf_steal(&b);
}
