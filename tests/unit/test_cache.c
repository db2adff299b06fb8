/*
 * test_cache.c -- unit tests for cache.c with an in-process router that
 * counts its calls: a miss stores the file and a second call reads it
 * back unchanged (per-type distance matrices included); a bit flipped
 * anywhere in the file, a truncated file or extra bytes are detected and
 * the matrix rebuilt and rewritten; another source key, another speed or
 * another site makes another file; a directory that cannot be written is
 * a warning only; router errors pass through and store nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/router.h"
#include "cunlu/log.h"

#define NS 6

struct fake {
	int calls;
	int own;        /* give type 1 its own distance matrix */
	int fail;       /* return CL_EROUTING */
	char key[64];
};

static struct cl_site sites[NS];
static struct cl_vtype types[2];
static struct cl_instance inst;
static char dir[] = "/tmp/cunlu_cache_XXXXXX";

static int fake_matrix(void *ctx, const struct cl_instance *in, struct cl_matrix **out,
		       struct cl_error *err)
{
	struct fake *f = ctx;
	struct cl_matrix *m;
	int n = in->nsites;

	f->calls++;
	if (f->fail)
		return cl_fail(err, CL_EROUTING, "fake router down");
	m = cl_matrix_create(n, in->ntypes);
	if (!m)
		return cl_fail(err, CL_EINTERNAL, "out of memory");
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int32_t d = i == j ? 0 : (j == 3 ? CL_UNREACHABLE : 1000 * (i + 1) + 7 * j);
			m->dist_m[i * n + j] = d;
			for (int t = 0; t < in->ntypes; t++)
				m->time_s[t][i * n + j] = d < 0 ? d : d / (int32_t)in->types[t].speed_kmh + t;
		}
	if (f->own) {
		m->dist_type[1] = malloc(sizeof(int32_t) * (size_t)n * (size_t)n);
		if (!m->dist_type[1]) {
			cl_matrix_destroy(m);
			return cl_fail(err, CL_EINTERNAL, "out of memory");
		}
		for (int k = 0; k < n * n; k++)
			m->dist_type[1][k] = m->dist_m[k] < 0 ? -1 : m->dist_m[k] * 2 + 1;
	}
	*out = m;
	return CL_OK;
}

static struct cl_router router_of(struct fake *f, const char *key)
{
	struct cl_router r;

	memset(&r, 0, sizeof r);
	snprintf(f->key, sizeof f->key, "%s", key);
	r.name = "fake";
	r.ctx = f;
	r.source_key = f->key;
	r.matrix = fake_matrix;
	return r;
}

static int same(const struct cl_matrix *a, const struct cl_matrix *b)
{
	size_t bytes = sizeof(int32_t) * (size_t)a->n * (size_t)a->n;

	if (a->n != b->n || a->ntypes != b->ntypes || memcmp(a->dist_m, b->dist_m, bytes))
		return 0;
	for (int t = 0; t < a->ntypes; t++) {
		if (memcmp(a->time_s[t], b->time_s[t], bytes))
			return 0;
		if (!a->dist_type[t] != !b->dist_type[t])
			return 0;
		if (a->dist_type[t] && memcmp(a->dist_type[t], b->dist_type[t], bytes))
			return 0;
	}
	return 1;
}

/* The only .cmx file in d (path into buf), or 0 files / several: -1. */
static int only_file(const char *d, char *buf, size_t len)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int count = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		count++;
		snprintf(buf, len, "%s/%s", d, e->d_name);
	}
	closedir(dp);
	return count == 1 ? 0 : -1;
}

static void clear_dir(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	char p[512];

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", d, e->d_name);
		unlink(p);
	}
	closedir(dp);
}

static long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

/* Get the matrix through the cache; returns it (or NULL), sets *hit. */
static struct cl_matrix *get(const char *d, struct cl_router *r, int *hit, int *rc)
{
	struct cl_matrix *m = NULL;
	struct cl_error err;

	cl_error_clear(&err);
	*rc = cl_cache_matrix(d, r, &inst, &m, hit, &err);
	return m;
}

static void setup(void)
{
	for (int i = 0; i < NS; i++) {
		sites[i].lon = 107.4 + 0.01 * i;
		sites[i].lat = 26.5 - 0.013 * i;
	}
	types[0].name = "van";
	types[0].speed_kmh = 36;
	types[1].name = "etricycle";
	types[1].speed_kmh = 18;
	inst.nsites = NS;
	inst.sites = sites;
	inst.ntypes = 2;
	inst.types = types;
}

static void test_miss_then_hit(void)
{
	struct fake f = { 0 };
	struct cl_router r = router_of(&f, "osrm:http://x:1:driving");
	struct cl_matrix *a, *b, *direct = NULL;
	struct cl_error err;
	char sub[300], path[512];
	int hit = -1, rc;

	/* a directory that does not exist yet is created */
	snprintf(sub, sizeof sub, "%s/cache", dir);
	a = get(sub, &r, &hit, &rc);
	CHECK_INT(rc, CL_OK);
	CHECK_INT(hit, 0);
	CHECK_INT(f.calls, 1);
	CHECK_INT(only_file(sub, path, sizeof path), 0);
	CHECK(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".cmx"));
	b = get(sub, &r, &hit, &rc);
	CHECK_INT(rc, CL_OK);
	CHECK_INT(hit, 1);
	CHECK_INT(f.calls, 1);
	CHECK(a && b && same(a, b));
	CHECK_INT(fake_matrix(&f, &inst, &direct, &err), CL_OK);
	CHECK(direct && b && same(direct, b));
	cl_matrix_destroy(a);
	cl_matrix_destroy(b);
	cl_matrix_destroy(direct);
	clear_dir(sub);
	rmdir(sub);
}

static void test_own_dist_types(void)
{
	struct fake f = { 0 };
	struct cl_router r;
	struct cl_matrix *a, *b;
	int hit, rc;

	f.own = 1;
	r = router_of(&f, "roads:abc:x");
	a = get(dir, &r, &hit, &rc);
	b = get(dir, &r, &hit, &rc);
	CHECK_INT(rc, CL_OK);
	CHECK_INT(hit, 1);
	CHECK_INT(f.calls, 1);
	CHECK(b && b->dist_type[0] == NULL && b->dist_type[1] != NULL);
	CHECK(a && b && same(a, b));
	if (b)
		CHECK_INT(cl_dist_t(b, 1, 1, 2), 2 * cl_dist(b, 1, 2) + 1);
	cl_matrix_destroy(a);
	cl_matrix_destroy(b);
	clear_dir(dir);
}

/* Every bit flip and every truncation is caught, and the file rebuilt. */
static void test_corruption(void)
{
	struct fake f = { 0 };
	struct cl_router r;
	struct cl_matrix *good, *m;
	char path[512];
	unsigned char *orig;
	long size;
	int hit, rc, level = cl_log_level();
	FILE *fp;

	f.own = 1;
	r = router_of(&f, "geo:1.3");
	good = get(dir, &r, &hit, &rc);
	CHECK_INT(only_file(dir, path, sizeof path), 0);
	size = file_size(path);
	CHECK(size > 64);
	orig = malloc((size_t)size);
	fp = fopen(path, "rb");
	CHECK(fp && orig && fread(orig, 1, (size_t)size, fp) == (size_t)size);
	if (fp)
		fclose(fp);
	cl_log_set_level(CL_LOG_QUIET);   /* the warnings are expected */
	for (long pos = 0; pos < size && orig && good; pos += (pos < 64 ? 1 : 37)) {
		orig[pos] ^= (unsigned char)(1u << (pos % 8));
		fp = fopen(path, "wb");
		fwrite(orig, 1, (size_t)size, fp);
		fclose(fp);
		orig[pos] ^= (unsigned char)(1u << (pos % 8));
		f.calls = 0;
		m = get(dir, &r, &hit, &rc);
		if (hit != 0 || f.calls != 1 || !m || !same(m, good)) {
			fprintf(stderr, "bit flip at byte %ld not caught\n", pos);
			CHECK(0);
		}
		cl_matrix_destroy(m);
		/* rewritten: the next read hits */
		m = get(dir, &r, &hit, &rc);
		CHECK(hit == 1 && f.calls == 1 && m && same(m, good));
		cl_matrix_destroy(m);
	}
	for (long cut = 0; cut < size && orig && good; cut += (cut < 64 ? 9 : 50)) {
		fp = fopen(path, "wb");
		fwrite(orig, 1, (size_t)cut, fp);
		fclose(fp);
		f.calls = 0;
		m = get(dir, &r, &hit, &rc);
		if (hit != 0 || f.calls != 1 || !m || !same(m, good)) {
			fprintf(stderr, "truncation at %ld not caught\n", cut);
			CHECK(0);
		}
		cl_matrix_destroy(m);
	}
	/* extra bytes after the payload */
	fp = fopen(path, "ab");
	fputc('x', fp);
	fclose(fp);
	f.calls = 0;
	m = get(dir, &r, &hit, &rc);
	CHECK(hit == 0 && f.calls == 1);
	cl_matrix_destroy(m);
	cl_log_set_level(level);
	CHECK_INT(file_size(path), size);
	free(orig);
	cl_matrix_destroy(good);
	clear_dir(dir);
}

/* Anything that changes the matrix changes the file. */
static void test_key(void)
{
	struct fake f = { 0 };
	struct cl_router r = router_of(&f, "osrm:http://x:1:driving");
	struct cl_matrix *m;
	int hit, rc;

	cl_matrix_destroy(get(dir, &r, &hit, &rc));
	r = router_of(&f, "osrm:http://x:1:bicycle");
	m = get(dir, &r, &hit, &rc);
	CHECK_INT(hit, 0);
	cl_matrix_destroy(m);
	types[1].speed_kmh = 19;
	m = get(dir, &r, &hit, &rc);
	CHECK_INT(hit, 0);
	cl_matrix_destroy(m);
	types[1].speed_kmh = 18;
	sites[2].lon += 1e-6;
	m = get(dir, &r, &hit, &rc);
	CHECK_INT(hit, 0);
	cl_matrix_destroy(m);
	sites[2].lon -= 1e-6;
	m = get(dir, &r, &hit, &rc);
	CHECK_INT(hit, 1);
	cl_matrix_destroy(m);
	CHECK_INT(f.calls, 4);
	clear_dir(dir);
}

static void test_unwritable_and_errors(void)
{
	struct fake f = { 0 };
	struct cl_router r = router_of(&f, "geo:1.3");
	struct cl_matrix *m;
	char file[300], path[512];
	int hit, rc, level = cl_log_level();
	FILE *fp;

	/* the cache "directory" is a regular file: a warning, not an error */
	snprintf(file, sizeof file, "%s/plainfile", dir);
	fp = fopen(file, "w");
	CHECK(fp != NULL);
	if (fp)
		fclose(fp);
	cl_log_set_level(CL_LOG_QUIET);
	m = get(file, &r, &hit, &rc);
	cl_log_set_level(level);
	CHECK_INT(rc, CL_OK);
	CHECK_INT(hit, 0);
	CHECK(m != NULL);
	cl_matrix_destroy(m);
	unlink(file);

	/* router errors pass through; nothing is stored */
	f.fail = 1;
	m = get(dir, &r, &hit, &rc);
	CHECK_INT(rc, CL_EROUTING);
	CHECK(m == NULL);
	CHECK(only_file(dir, path, sizeof path) != 0);
}

int main(void)
{
	setup();
	if (!mkdtemp(dir)) {
		fprintf(stderr, "mkdtemp failed\n");
		return 1;
	}
	RUN(test_miss_then_hit);
	RUN(test_own_dist_types);
	RUN(test_corruption);
	RUN(test_key);
	RUN(test_unwritable_and_errors);
	clear_dir(dir);
	rmdir(dir);
	TT_END();
}
