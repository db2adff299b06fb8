/*
 * util/file.c -- whole-file reading and atomic writing (file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunlu/log.h"
#include "util/file.h"

#define FIRST_CHUNK 65536   /* first buffer for a stream of unknown size */

int cl_file_read(const char *path, const char *what, size_t max, char **data,
		 size_t *len, struct cl_error *err)
{
	const char *sp = what ? " " : "", *w = what ? what : "";
	struct stat st;
	FILE *fp = NULL;
	char *buf = NULL;
	size_t cap, n = 0;
	int rc = CL_OK, e = 0;

	*data = NULL;
	*len = 0;
	if (max > SIZE_MAX - 2)
		max = SIZE_MAX - 2;         /* room for the probe byte and the NUL */
	errno = 0;
	fp = fopen(path, "rb");
	if (!fp) {
		e = errno;
		if (e == ENOMEM)        /* fopen's own buffer: not the file's fault */
			goto oom;
		rc = cl_fail(err, CL_EINPUT, "%s: cannot open%s%s: %s", path, sp, w,
			     strerror(e));
		goto cleanup;
	}
	/* A regular file's size is known: refuse a big one before reading it
	 * and read the rest in one buffer (size + 1 sees a file that grew). */
	cap = max + 1 < FIRST_CHUNK ? max + 1 : FIRST_CHUNK;
	if (fstat(fileno(fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			e = EISDIR;
			rc = cl_fail(err, CL_EINPUT, "%s: cannot read%s%s: %s", path, sp,
				     w, strerror(e));
			goto cleanup;
		}
		if (S_ISREG(st.st_mode)) {
			if ((uintmax_t)st.st_size > max)
				goto too_large;
			cap = (size_t)st.st_size + 1;
		}
	}
	buf = malloc(cap + 1);
	if (!buf)
		goto oom;
	errno = 0;
	for (;;) {
		size_t got;

		if (n == cap) {         /* full: exactly cap bytes, or more to come */
			size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			char *nb;

			if (cap > max)
				goto too_large;
			nb = realloc(buf, ncap + 1);
			if (!nb)
				goto oom;
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n, fp);
		if (got == 0)
			break;
		n += got;
	}
	if (ferror(fp)) {
		e = errno ? errno : EIO;
		if (e == ENOMEM)
			goto oom;
		rc = cl_fail(err, CL_EINPUT, "%s: cannot read%s%s: %s", path, sp, w,
			     strerror(e));
		goto cleanup;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
	goto cleanup;
oom:
	e = ENOMEM;
	rc = cl_oom(err, "reading %s", path);
	goto cleanup;
too_large:
	e = EFBIG;
	rc = cl_fail(err, CL_EINPUT, "%s: too large (more than %zu bytes)", path, max);
cleanup:
	free(buf);
	if (fp)
		fclose(fp);
	if (rc != CL_OK)
		errno = e;
	return rc;
}

/* ------------------------------------------------------------ writing */

int cl_atomic_create(struct cl_atomic_file *f, const char *path,
		     struct cl_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dl;
	char suffix[32];
	size_t n;
	int rc;

	if (!*base)
		return cl_fail(err, CL_EOUTPUT, "%s: %s", path, strerror(EISDIR));
	snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
	n = dl + 1 + strlen(base) + strlen(suffix) + 1;
	f->path = strdup(path);
	f->tmp = malloc(n);
	if (!f->path || !f->tmp)
		return cl_oom(err, "writing %s", path);
	memcpy(f->tmp, path, dl);
	snprintf(f->tmp + dl, n - dl, ".%s%s", base, suffix);
	/* A leftover of an earlier process with our pid is ours to replace. */
	if (unlink(f->tmp) != 0 && errno != ENOENT)
		return cl_fail(err, CL_EOUTPUT, "%s: cannot remove the old temporary file %s: %s",
			       path, f->tmp + dl, strerror(errno));
	errno = 0;
	f->fp = fopen(f->tmp, "wx");
	if (!f->fp) {
		if (errno == ENOMEM)
			rc = cl_oom(err, "writing %s", path);
		else
			rc = cl_fail(err, CL_EOUTPUT,
				     "%s: cannot create the temporary file %s: %s",
				     path, f->tmp + dl, strerror(errno));
		free(f->tmp);           /* not ours: abort must not remove it */
		f->tmp = NULL;
		return rc;
	}
	return CL_OK;
}

/* Check, flush, fsync and close f's stream. */
static int close_tmp(struct cl_atomic_file *f, struct cl_error *err)
{
	int rc;

	if (f->closed)
		return CL_OK;
	if (!f->fp || !f->tmp)
		return cl_fail(err, CL_EINTERNAL, "%s: committed without being created",
			       f->path ? f->path : "(a file)");
	errno = 0;
	if (ferror(f->fp) || fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0) {
		if (errno == ENOMEM)    /* stdio's buffer */
			return cl_oom(err, "writing %s", f->path);
		return cl_fail(err, CL_EOUTPUT, "%s: cannot write: %s", f->path,
			       errno ? strerror(errno) : "stream error");
	}
	errno = 0;
	rc = fclose(f->fp);
	f->fp = NULL;
	if (rc != 0)
		return cl_fail(err, CL_EOUTPUT, "%s: cannot write: %s", f->path,
			       errno ? strerror(errno) : "stream error");
	f->closed = 1;
	return CL_OK;
}

/* Flush a rename in the directory of path to disk; a failure only
 * deserves a warning (the file is in place). */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (!dir) {
		cl_warn("cannot sync the directory of %s: out of memory", path);
		return;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
		cl_warn("cannot sync directory %s: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
}

/* Do paths a and b name files in the same directory (textually)? */
static int same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;

	return (!sa) == (!sb) && la == lb && memcmp(a, b, la) == 0;
}

int cl_atomic_commit(struct cl_atomic_file *set, int n, struct cl_error *err)
{
	struct stat st;
	int rc;

	for (int i = 0; i < n; i++) {
		rc = close_tmp(&set[i], err);
		if (rc)
			return rc;
	}
	for (int i = 0; i < n; i++)
		if (stat(set[i].path, &st) == 0 && S_ISDIR(st.st_mode))
			return cl_fail(err, CL_EOUTPUT, "%s: %s", set[i].path,
				       strerror(EISDIR));
	for (int i = 0; i < n; i++) {
		if (rename(set[i].tmp, set[i].path) != 0) {
			if (n == 1)
				return cl_fail(err, CL_EOUTPUT, "cannot rename %s to %s: %s",
					       set[i].tmp, set[i].path, strerror(errno));
			return cl_fail(err, CL_EOUTPUT,
				       "cannot rename %s to %s: %s (%d of the %d files already replaced)",
				       set[i].tmp, set[i].path, strerror(errno), i, n);
		}
		free(set[i].tmp);       /* renamed: nothing left to remove */
		set[i].tmp = NULL;
	}
	for (int i = 0; i < n; i++) {
		int seen = 0;

		for (int j = 0; j < i && !seen; j++)
			seen = same_dir(set[i].path, set[j].path);
		if (!seen)
			sync_dir_of(set[i].path);
	}
	return CL_OK;
}

void cl_atomic_abort(struct cl_atomic_file *f)
{
	if (!f)
		return;
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof *f);
}
