/*
 * fuzz_cache.c -- libFuzzer harness for the matrix-cache reader, fed file
 * images directly (dist/cache.h, no files: the file path with its fsync
 * ran at ~80 executions a second).
 *
 * The instance is sized from the image's own header (n 1..16 sites,
 * 1..4 vehicle types; otherwise 4 and 2) and the key taken from it, so
 * that mutations get past those checks to the sizes, checksums, flags and
 * entries. The contract (anything else aborts):
 *   CL_OK: the matrix has the instance's sizes, every entry >= -1, and
 *          writing it back under the same key gives exactly the input
 *          bytes (the reader believes only what the writer makes);
 *   CL_EINPUT: no matrix, a one-line reason.
 * LLVMFuzzerInitialize also checks the pair once: a matrix written and
 * read back is the same matrix.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "fuzz_init.h"
#include "dist/cache.h"

#define MAXN 16
#define MAXT 4

static struct cl_site sites[MAXN];
static struct cl_vtype types[MAXT];

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int same(const struct cl_matrix *a, const struct cl_matrix *b)
{
	size_t cells = (size_t)a->n * (size_t)a->n;

	if (a->n != b->n || a->ntypes != b->ntypes ||
	    memcmp(a->dist_m, b->dist_m, cells * sizeof(int32_t)) != 0)
		return 0;
	for (int t = 0; t < a->ntypes; t++) {
		const int32_t *da = a->dist_type ? a->dist_type[t] : NULL;
		const int32_t *db = b->dist_type ? b->dist_type[t] : NULL;
		if (memcmp(a->time_s[t], b->time_s[t], cells * sizeof(int32_t)) != 0 ||
		    !da != !db || (da && memcmp(da, db, cells * sizeof(int32_t)) != 0))
			return 0;
	}
	return 1;
}

static void check_pair(void)
{
	struct cl_instance inst = { .nsites = 4, .sites = sites, .ntypes = 2, .types = types };
	struct cl_matrix *m, *back = NULL;
	struct cl_error err;
	unsigned char *buf = NULL;
	size_t size = 0;
	char why[256];

	for (int i = 0; i < MAXN; i++) {
		sites[i].lon = 107.5 + 0.01 * i;
		sites[i].lat = 26.5 - 0.01 * i;
	}
	for (int t = 0; t < MAXT; t++) {
		types[t].name = "t";
		types[t].speed_kmh = 20 + t;
	}
	m = cl_matrix_create(4, 2);
	if (!m)
		abort();
	m->dist_type[1] = calloc(16, sizeof(int32_t));
	if (!m->dist_type[1])
		abort();
	for (int k = 0; k < 16; k++) {
		m->dist_m[k] = k % 5 == 0 ? 0 : 1000 + k;
		m->dist_type[1][k] = k == 3 ? -1 : 2000 + k;
		m->time_s[0][k] = 60 * k;
		m->time_s[1][k] = 90 * k;
	}
	if (cl_cache_encode(m, 0x1234, &buf, &size, &err) != CL_OK ||
	    cl_cache_check(buf, size, 0x1234, &inst, &back, why, sizeof why, &err) != CL_OK ||
	    !same(m, back))
		abort();
	cl_matrix_destroy(back);
	/* another key is another problem */
	if (cl_cache_check(buf, size, 0x1235, &inst, &back, why, sizeof why, &err) != CL_EINPUT ||
	    back)
		abort();
	free(buf);
	cl_matrix_destroy(m);
}

FUZZ_INITIALIZE(check_pair())

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_instance inst = { .nsites = 4, .sites = sites, .ntypes = 2, .types = types };
	struct cl_matrix *m = (struct cl_matrix *)1;
	struct cl_error err;
	unsigned char *copy, *back = NULL;
	uint64_t key = 0;
	size_t bsize = 0;
	char why[256];
	int rc;

	if (size >= 64) {
		uint32_t n = get32(data + 12), nt = get32(data + 16);
		if (n >= 1 && n <= MAXN && nt >= 1 && nt <= MAXT) {
			inst.nsites = (int)n;
			inst.ntypes = (int)nt;
		}
		key = get64(data + 24);
	}
	/* exactly the input's bytes, so ASan sees any over-read */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	why[0] = '\0';
	memset(&err, 0, sizeof err);
	rc = cl_cache_check(copy, size, key, &inst, &m, why, sizeof why, &err);
	if (rc == CL_OK) {
		size_t cells;
		if (!m || m->n != inst.nsites || m->ntypes != inst.ntypes)
			abort();
		cells = (size_t)m->n * (size_t)m->n;
		for (size_t k = 0; k < cells; k++) {
			if (m->dist_m[k] < -1)
				abort();
			for (int t = 0; t < m->ntypes; t++)
				if (m->time_s[t][k] < -1 || (m->dist_type[t] && m->dist_type[t][k] < -1))
					abort();
		}
		if (cl_cache_encode(m, key, &back, &bsize, &err) != CL_OK || bsize != size ||
		    memcmp(back, data, size) != 0)
			abort();   /* believed something the writer would not write */
		free(back);
		cl_matrix_destroy(m);
	} else {
		if (rc != CL_EINPUT || m || !why[0] || strchr(why, '\n'))
			abort();
	}
	free(copy);
	return 0;
}
