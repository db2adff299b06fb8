/*
 * util/file.h -- reading a whole file with a size bound, and writing files
 * atomically, alone or as a set.
 *
 * Writing: a file is written under a temporary name in its own directory
 * (".NAME.tmp.PID", created exclusively), then flushed, fsync'ed, closed
 * and renamed over NAME, and the directory is fsync'ed so the rename
 * survives a power cut. Readers of NAME see the old file or the new one,
 * never half of one, and a failure before the rename leaves the old file
 * as it was. For a set of files that must change together (the four
 * outputs), every file of the set is written and synced first and the
 * renames come last, one after the other: POSIX has no rename of several
 * files at once, so only a failure between two renames (the file system
 * failing under us) can leave the set mixed, and the message then says how
 * many were replaced.
 *
 *     struct cl_atomic_file f[2] = { 0 };
 *     rc = cl_atomic_create(&f[0], "dir/a.json", err);  (and f[1])
 *     ... write to f[0].fp and f[1].fp ...
 *     rc = cl_atomic_commit(f, 2, err);
 *     cleanup: cl_atomic_abort(&f[0]); cl_atomic_abort(&f[1]);
 */
#ifndef CUNLU_UTIL_FILE_H
#define CUNLU_UTIL_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "cunlu/error.h"

/*
 * Read the file at path into a new buffer *data (the caller frees it) of
 * *len bytes plus a terminating NUL (the file may hold NULs of its own). A
 * file of more than max bytes is refused without reading it all; pipes and
 * other streams are read up to max + 1 bytes. what names the file in
 * messages ("the fleet file": "PATH: cannot open the fleet file: ...") and
 * may be NULL ("PATH: cannot open: ...").
 *
 * CL_OK; CL_EINPUT naming path when it cannot be opened or read (a
 * directory is "cannot read ...: Is a directory") or is larger than max
 * ("PATH: too large (more than MAX bytes)"); CL_EINTERNAL when out of
 * memory. On failure *data is NULL, *len 0, and errno says why, for
 * callers that act on it or word it their own way: ENOENT (no such file),
 * EFBIG (larger than max), ENOMEM, or the error of open or read.
 */
int cl_file_read(const char *path, const char *what, size_t max, char **data,
		 size_t *len, struct cl_error *err);

/* One file being written atomically. Zero it before use; all fields are
 * owned by the cl_atomic_* calls. */
struct cl_atomic_file {
	FILE *fp;       /* write here between create and commit */
	char *path;     /* the final name */
	char *tmp;      /* the temporary name, while the file exists under it */
	int closed;     /* flushed, fsync'ed and closed under tmp */
};

/*
 * Start writing path: create its temporary file beside it (a leftover of
 * an earlier process with our pid is removed first) and open f->fp on it.
 * f must be zeroed (or aborted). CL_OK; CL_EOUTPUT naming the temporary
 * file when it cannot be created (no such directory, no permission);
 * CL_EINTERNAL when out of memory. Call cl_atomic_abort(f) in every case.
 */
int cl_atomic_create(struct cl_atomic_file *f, const char *path,
		     struct cl_error *err);

/*
 * Make the n files of set (each created by cl_atomic_create and written)
 * replace their final names: first every file is checked (no write error
 * on its stream), flushed, fsync'ed and closed, and no final name may be a
 * directory; only then are they renamed, in order, and their directories
 * fsync'ed (a failing directory sync is a warning: the files are in place).
 *
 * CL_OK; CL_EOUTPUT naming the file on any failure. A failure before the
 * first rename leaves every final name as it was; a failed rename says how
 * many files of the set were already replaced ("2 of 4"). Call
 * cl_atomic_abort on each file afterwards in both cases.
 */
int cl_atomic_commit(struct cl_atomic_file *set, int n, struct cl_error *err);

/*
 * Release f: close its stream, remove its temporary file unless it was
 * renamed into place, free its names, and zero it. Accepts a zeroed or
 * already released f, so a cleanup label can call it unconditionally.
 */
void cl_atomic_abort(struct cl_atomic_file *f);

#endif
