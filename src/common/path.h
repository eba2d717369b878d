/*
** path.h — the two file-path operations the CLI and the policy loader share.
** Both return malloc'd strings the caller frees.
*/
#ifndef HF_PATH_H
#define HF_PATH_H

/* The folder part of path: "a/b.lua" → "a", "b.lua" → ".", "/b.lua" → "/". */
char *path_dir(const char *path);
/* path itself when absolute, else dir/path. */
char *path_join(const char *dir, const char *path);

#endif
