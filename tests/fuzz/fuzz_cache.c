/*
 * fuzz_cache.c -- libFuzzer harness for the matrix-cache reader.
 *
 * A first call with an empty cache directory stores a small matrix (from a
 * stand-in router); every input then replaces that cache file's bytes and
 * the cache is asked again. Whatever the bytes, cl_cache_matrix must return
 * a matrix equal to the router's (either read back intact or rebuilt after
 * detecting the damage), never crash or leak.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/router.h"
#include "cunlu/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NS 4

static char dir[] = "/tmp/cl_fuzz_cache_XXXXXX";
static char file[512];
static struct cl_site sites[NS];
static struct cl_vtype types[2];
static struct cl_instance inst;

static int fake_matrix(void *ctx, const struct cl_instance *in,
		       struct cl_matrix **out, struct cl_error *err)
{
	(void)ctx;
	struct cl_matrix *m = cl_matrix_create(in->nsites, in->ntypes);
	if (!m)
		return cl_fail(err, CL_EINTERNAL, "out of memory");
	for (int i = 0; i < NS; i++)
		for (int j = 0; j < NS; j++) {
			m->dist_m[i * NS + j] = i == j ? 0 : 1000 * (i + 1) + j;
			m->time_s[0][i * NS + j] = i == j ? 0 : 60 * (i + j);
			m->time_s[1][i * NS + j] = i == j ? 0 : 90 * (i + j);
		}
	*out = m;
	return CL_OK;
}

static struct cl_router router = {
	.name = "fake", .source_key = "fake:fuzz", .matrix = fake_matrix,
};

static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct cl_matrix *m = NULL;
	struct cl_error err;
	int hit;
	DIR *d;
	struct dirent *e;

	(void)argc;
	(void)argv;
	cl_log_set_level(CL_LOG_QUIET);
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	for (int i = 0; i < NS; i++) {
		sites[i].lon = 107.5 + 0.01 * i;
		sites[i].lat = 26.5 - 0.01 * i;
	}
	types[0].name = "van";
	types[0].speed_kmh = 40;
	types[1].name = "etricycle";
	types[1].speed_kmh = 18;
	inst.nsites = NS;
	inst.sites = sites;
	inst.ntypes = 2;
	inst.types = types;
	if (cl_cache_matrix(dir, &router, &inst, &m, &hit, &err) != CL_OK || hit)
		abort();
	cl_matrix_destroy(m);
	d = opendir(dir);
	while (d && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".cmx"))
			snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
	if (d)
		closedir(d);
	if (!file[0])
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_matrix *m = NULL, *want = NULL;
	struct cl_error err;
	FILE *f = fopen(file, "wb");
	int hit = 0;

	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if (cl_cache_matrix(dir, &router, &inst, &m, &hit, &err) != CL_OK || !m)
		abort();
	if (fake_matrix(NULL, &inst, &want, &err) != CL_OK)
		abort();
	if (m->n != NS || m->ntypes != 2 ||
	    memcmp(m->dist_m, want->dist_m, sizeof(int32_t) * NS * NS) != 0 ||
	    memcmp(m->time_s[1], want->time_s[1], sizeof(int32_t) * NS * NS) != 0)
		abort();   /* a damaged file was believed */
	cl_matrix_destroy(m);
	cl_matrix_destroy(want);
	return 0;
}
