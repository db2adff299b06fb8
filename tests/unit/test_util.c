/*
 * test_util.c -- the helpers of solver/util/: the hash (published FNV-1a
 * vectors, so a changed function cannot pass unnoticed and silently
 * invalidate every matrix cache), the whole-file reader (size bound,
 * errno for the callers that act on it, NULs, streams, directories), the
 * atomic writer (a set replaces its files only when every one of them
 * was written; a failure leaves the old files and no temporary files) and
 * cl_oom's message.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/error.h"
#include "cunlu/log.h"
#include "util/append.h"
#include "util/file.h"
#include "util/hash.h"

static char dir[] = "/tmp/cunlu-test-util-XXXXXX";

static void put(const char *name, const char *text, size_t len)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	CHECK(fp != NULL);
	if (!fp)
		return;
	CHECK_INT(fwrite(text, 1, len, fp), len);
	fclose(fp);
}

/* The content of dir/name (NUL-terminated, malloc'ed), or NULL. */
static char *get(const char *name)
{
	char path[512], *buf = NULL;
	size_t len;
	struct cl_error err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (cl_file_read(path, NULL, 1 << 20, &buf, &len, &err) != CL_OK)
		return NULL;
	return buf;
}

/* Entries of dir; *ntmp counts the temporary files (".tmp." in the name). */
static int entries(int *ntmp)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	*ntmp = 0;
	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || strcmp(e->d_name, "..") == 0))
			continue;
		n++;
		*ntmp += strstr(e->d_name, ".tmp.") != NULL;
	}
	closedir(dp);
	return n;
}

static void clear_dir(void)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[512];

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (remove(path) != 0)
			rmdir(path);
	}
	closedir(dp);
}

/* ---- append -------------------------------------------------------------- */

/* cl_appendf: pieces in order, cut at the buffer's end, never past it. */
static void test_appendf(void)
{
	char buf[12];
	size_t o = 0;

	memset(buf, 'x', sizeof buf);
	cl_appendf(buf, sizeof buf, &o, "%s", "");
	CHECK_INT((long)o, 0);
	cl_appendf(buf, sizeof buf, &o, "ab%d", 12);
	CHECK_STR(buf, "ab12");
	CHECK_INT((long)o, 4);
	cl_appendf(buf, 8, &o, "%s", "cdefgh");     /* cut: 7 characters fit in 8 */
	CHECK_STR(buf, "ab12cde");
	CHECK_INT((long)o, 7);
	cl_appendf(buf, 8, &o, "zz");               /* full: left as it is */
	CHECK_STR(buf, "ab12cde");
	CHECK_INT((long)o, 7);
	CHECK(buf[8] == 'x');                       /* nothing written past size */
	o = 4;
	cl_appendf(buf, sizeof buf, &o, "-%s-", "q");
	CHECK_STR(buf, "ab12-q-");
	CHECK_INT((long)o, 7);
}

/* ---- hash ---------------------------------------------------------------- */

static void test_hash_vectors(void)
{
	/* FNV-1a 64 test vectors (Fowler, Noll, Vo); the cache format depends
	 * on them. */
	CHECK(cl_hash_bytes(CL_HASH_INIT, "", 0) == 0xcbf29ce484222325ULL);
	CHECK(cl_hash_bytes(CL_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	CHECK(cl_hash_bytes(CL_HASH_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
	/* pieces hash like their concatenation */
	CHECK(cl_hash_bytes(cl_hash_bytes(CL_HASH_INIT, "foo", 3), "bar", 3) ==
	      0x85944171f73967e8ULL);
	/* formatted pieces hash like their text; long ones are cut */
	CHECK(cl_hash_printf(CL_HASH_INIT, "%s%d", "foo", 42) ==
	      cl_hash_bytes(CL_HASH_INIT, "foo42", 5));
	{
		char big[CL_HASH_TEXT_MAX + 10];

		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		CHECK(cl_hash_printf(CL_HASH_INIT, "%s", big) ==
		      cl_hash_bytes(CL_HASH_INIT, big, CL_HASH_TEXT_MAX - 1));
	}
	/* the splitmix64 finalizer */
	CHECK(cl_hash_mix(0) == 0);
	CHECK(cl_hash_mix(1) == 0x5692161d100b05e5ULL);
	/* neighbouring keys land far apart in the low bits */
	CHECK((cl_hash_mix(2) & 0xffff) != (cl_hash_mix(3) & 0xffff));
}

/* ---- whole-file reading --------------------------------------------------- */

static void test_read(void)
{
	struct cl_error err;
	char path[512], *buf = (char *)1;
	size_t len = 99;

	put("a.txt", "one\0two", 7);
	snprintf(path, sizeof path, "%s/a.txt", dir);
	CHECK_INT(cl_file_read(path, NULL, 7, &buf, &len, &err), CL_OK);
	CHECK_INT(len, 7);
	CHECK(buf && memcmp(buf, "one\0two", 8) == 0);   /* NUL kept, NUL added */
	free(buf);

	/* one byte over the bound */
	cl_error_clear(&err);
	CHECK_INT(cl_file_read(path, NULL, 6, &buf, &len, &err), CL_EINPUT);
	CHECK_INT(errno, EFBIG);
	CHECK(buf == NULL && len == 0);
	CHECK_HAS(err.msg, "a.txt: too large (more than 6 bytes)");

	/* empty file: an empty string, not NULL */
	put("empty", "", 0);
	snprintf(path, sizeof path, "%s/empty", dir);
	CHECK_INT(cl_file_read(path, NULL, 10, &buf, &len, &err), CL_OK);
	CHECK(buf != NULL && len == 0 && buf && buf[0] == '\0');
	free(buf);

	/* missing: errno ENOENT (the cache stays quiet about it), what named */
	snprintf(path, sizeof path, "%s/missing.json", dir);
	CHECK_INT(cl_file_read(path, "the fleet file", 10, &buf, &len, &err), CL_EINPUT);
	CHECK_INT(errno, ENOENT);
	CHECK_INT(err.status, CL_EINPUT);
	CHECK_HAS(err.msg, "missing.json: cannot open the fleet file: ");

	/* a directory */
	CHECK_INT(cl_file_read(dir, NULL, 10, &buf, &len, &err), CL_EINPUT);
	CHECK_INT(errno, EISDIR);
	CHECK_HAS(err.msg, "cannot read: ");

	/* a stream of unknown size stops at the bound */
	CHECK_INT(cl_file_read("/dev/zero", NULL, 100000, &buf, &len, &err), CL_EINPUT);
	CHECK_INT(errno, EFBIG);
	CHECK(buf == NULL);
	clear_dir();
}

/* A file of more than the first 64 KiB buffer through a pipe grows the
 * buffer and arrives whole. */
static void test_read_stream(void)
{
	struct cl_error err;
	char cmd[600], path[512], *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof path, "%s/fifo", dir);
	CHECK_INT(mkfifo(path, 0600), 0);
	snprintf(cmd, sizeof cmd, "head -c 200000 /dev/zero | tr '\\0' x > %s &", path);
	CHECK_INT(system(cmd), 0);
	CHECK_INT(cl_file_read(path, NULL, 200000, &buf, &len, &err), CL_OK);
	CHECK_INT(len, 200000);
	CHECK(buf && buf[0] == 'x' && buf[199999] == 'x' && buf[200000] == '\0');
	free(buf);
	clear_dir();
}

/* ---- atomic writing ----------------------------------------------------- */

static void test_atomic_one(void)
{
	struct cl_atomic_file f = { 0 };
	struct cl_error err;
	char path[512], *text;
	struct stat st;
	mode_t mask = umask(022);
	int ntmp;

	umask(mask);
	snprintf(path, sizeof path, "%s/plan.sol", dir);
	put("plan.sol", "old\n", 4);
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_OK);
	fputs("new\n", f.fp);
	/* not committed yet: the old file is still there */
	text = get("plan.sol");
	CHECK_STR(text, "old\n");
	free(text);
	CHECK_INT(entries(&ntmp), 2);
	CHECK_INT(ntmp, 1);
	CHECK_INT(cl_atomic_commit(&f, 1, &err), CL_OK);
	cl_atomic_abort(&f);
	text = get("plan.sol");
	CHECK_STR(text, "new\n");
	free(text);
	CHECK_INT(entries(&ntmp), 1);
	CHECK_INT(ntmp, 0);
	/* the mode of any new file: 0666 less the umask */
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == (0666 & ~mask));

	/* aborted: nothing changes, nothing is left behind */
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_OK);
	fputs("never\n", f.fp);
	cl_atomic_abort(&f);
	cl_atomic_abort(&f);                    /* twice is harmless */
	text = get("plan.sol");
	CHECK_STR(text, "new\n");
	free(text);
	CHECK_INT(entries(&ntmp), 1);
	CHECK_INT(ntmp, 0);
	clear_dir();
}

static void test_atomic_failures(void)
{
	struct cl_atomic_file f = { 0 };
	struct cl_error err;
	char path[512], tmp[600], *text;
	int ntmp;

	/* no such directory */
	snprintf(path, sizeof path, "%s/no/such.sol", dir);
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "/no/such.sol: cannot create the temporary file .such.sol.tmp.");
	cl_atomic_abort(&f);

	/* a name that ends in a slash */
	snprintf(path, sizeof path, "%s/", dir);
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "Is a directory");
	cl_atomic_abort(&f);

	/* a write error on the stream: the old file stays */
	snprintf(path, sizeof path, "%s/plan.sol", dir);
	put("plan.sol", "old\n", 4);
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_OK);
	fputs("half", f.fp);
	(void)fgetc(f.fp);              /* reading a write-only stream: an error */
	CHECK_INT(cl_atomic_commit(&f, 1, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "plan.sol: cannot write: ");
	cl_atomic_abort(&f);
	text = get("plan.sol");
	CHECK_STR(text, "old\n");
	free(text);
	CHECK_INT(entries(&ntmp), 1);
	CHECK_INT(ntmp, 0);

	/* a leftover temporary file of an earlier process with our pid */
	snprintf(tmp, sizeof tmp, ".plan.sol.tmp.%ld", (long)getpid());
	put(tmp, "stale", 5);
	CHECK_INT(cl_atomic_create(&f, path, &err), CL_OK);
	fputs("fresh\n", f.fp);
	CHECK_INT(cl_atomic_commit(&f, 1, &err), CL_OK);
	cl_atomic_abort(&f);
	text = get("plan.sol");
	CHECK_STR(text, "fresh\n");
	free(text);
	CHECK_INT(entries(&ntmp), 1);
	CHECK_INT(ntmp, 0);
	clear_dir();
}

/* A set: all files replaced, or none (a directory in the way of the last
 * one stops the set before the first rename). */
static void test_atomic_set(void)
{
	static const char *const names[3] = { "a.json", "b.json", "c.csv" };
	struct cl_atomic_file set[3];
	struct cl_error err;
	char path[512], *text;
	int ntmp;

	for (int i = 0; i < 3; i++)
		put(names[i], "old", 3);
	memset(set, 0, sizeof set);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		CHECK_INT(cl_atomic_create(&set[i], path, &err), CL_OK);
		if (set[i].fp)
			fprintf(set[i].fp, "new %d", i);
	}
	CHECK_INT(cl_atomic_commit(set, 3, &err), CL_OK);
	for (int i = 0; i < 3; i++)
		cl_atomic_abort(&set[i]);
	for (int i = 0; i < 3; i++) {
		char want[16];

		snprintf(want, sizeof want, "new %d", i);
		text = get(names[i]);
		CHECK_STR(text, want);
		free(text);
	}

	/* c.csv is now a directory: nothing is replaced */
	snprintf(path, sizeof path, "%s/c.csv", dir);
	CHECK_INT(remove(path), 0);
	CHECK_INT(mkdir(path, 0700), 0);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		CHECK_INT(cl_atomic_create(&set[i], path, &err), CL_OK);
		if (set[i].fp)
			fputs("newer", set[i].fp);
	}
	CHECK_INT(cl_atomic_commit(set, 3, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "c.csv: Is a directory");
	for (int i = 0; i < 3; i++)
		cl_atomic_abort(&set[i]);
	for (int i = 0; i < 2; i++) {
		char want[16];

		snprintf(want, sizeof want, "new %d", i);
		text = get(names[i]);
		CHECK_STR(text, want);
		free(text);
	}
	CHECK_INT(entries(&ntmp), 3);
	CHECK_INT(ntmp, 0);
	clear_dir();
}

/* A relative name without a directory part is written in the current
 * directory. */
static void test_atomic_relative(void)
{
	struct cl_atomic_file f = { 0 };
	struct cl_error err;
	char cwd[512], *text;
	int ntmp;

	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	CHECK_INT(chdir(dir), 0);
	CHECK_INT(cl_atomic_create(&f, "rel.sol", &err), CL_OK);
	CHECK(f.tmp && f.tmp[0] == '.' && !strchr(f.tmp, '/'));
	fputs("here\n", f.fp);
	CHECK_INT(cl_atomic_commit(&f, 1, &err), CL_OK);
	cl_atomic_abort(&f);
	CHECK_INT(chdir(cwd), 0);
	text = get("rel.sol");
	CHECK_STR(text, "here\n");
	free(text);
	CHECK_INT(entries(&ntmp), 1);
	CHECK_INT(ntmp, 0);
	clear_dir();
}

/* ---- errors ----------------------------------------------------------- */

static void test_oom(void)
{
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_oom(&err, "reading %s", "x.vrp"), CL_EINTERNAL);
	CHECK_INT(err.status, CL_EINTERNAL);
	CHECK_STR(err.msg, "out of memory reading x.vrp");
	CHECK_INT(cl_oom(NULL, "for nothing"), CL_EINTERNAL);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	cl_log_set_level(CL_LOG_QUIET);
	RUN(test_appendf);
	RUN(test_hash_vectors);
	RUN(test_read);
	RUN(test_read_stream);
	RUN(test_atomic_one);
	RUN(test_atomic_failures);
	RUN(test_atomic_set);
	RUN(test_atomic_relative);
	RUN(test_oom);
	clear_dir();
	rmdir(dir);
	TT_END();
}
