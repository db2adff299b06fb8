/*
 * cache.c -- the matrix cache (cache.h).
 *
 * Key: FNV-1a 64 over a canonical text of everything that decides the
 * matrix: the number of sites and each site's lon/lat ("%.7f", about 1 cm),
 * each vehicle type's name, speed and avoided road classes, and the
 * router's source_key (which names the backend, the server or road files,
 * and their options). The file is DIR/<key as 16 hex digits>.cmx.
 *
 * File layout, all integers little-endian:
 *   0  "CUNLUMX1"                      magic
 *   8  u32 version (1)
 *  12  u32 n                           sites
 *  16  u32 ntypes                      vehicle types
 *  20  u32 nown                        types with their own distance matrix
 *  24  u64 key                         the key above
 *  32  u64 payload length in bytes
 *  40  u64 FNV-1a 64 of the payload
 *  48  8 zero bytes (reserved)
 *  56  u64 FNV-1a 64 of bytes 0..55
 *  64  payload: ntypes flag bytes (1: dist_type[t] follows), then n*n
 *      int32 of dist_m, then dist_type[t] for each flagged t, then
 *      time_s[t] for every t.
 * Every field is checked when reading (sizes against the instance, the
 * length against the file size, both checksums, entries >= -1); anything
 * wrong is a warning and the matrix is rebuilt from the router and
 * rewritten. Files are written to a temporary name and renamed, so a
 * crash never leaves half a file under the real name.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cunlu/router.h"
#include "cunlu/log.h"

#define MAGIC "CUNLUMX1"
#define VERSION 1u
#define HEADER 64

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t fnv_text(uint64_t h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hash a formatted piece of the key text (pieces are short). */
static uint64_t fnv_text(uint64_t h, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return h;
	return fnv1a(h, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static uint64_t cache_key(const struct cl_router *router, const struct cl_instance *inst)
{
	uint64_t h = FNV_OFFSET;
	const char *src = router->source_key ? router->source_key : router->name;

	h = fnv_text(h, "cunlu matrix v%u\nn=%d planar=%d types=%d\n", VERSION,
		     inst->nsites, inst->planar, inst->ntypes);
	for (int i = 0; i < inst->nsites; i++)
		h = fnv_text(h, "%.7f %.7f\n", inst->sites[i].lon, inst->sites[i].lat);
	for (int t = 0; t < inst->ntypes; t++) {
		const char *name = inst->types[t].name ? inst->types[t].name : "";
		/* the name with its length, so no name can fake a separator */
		h = fnv_text(h, "type %zu:", strlen(name));
		h = fnv1a(h, name, strlen(name));
		h = fnv_text(h, " %.6f %u\n", inst->types[t].speed_kmh,
			     inst->types[t].avoid_roads);
	}
	h = fnv_text(h, "source %zu:", strlen(src ? src : ""));
	if (src)
		h = fnv1a(h, src, strlen(src));
	return h;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Payload bytes for n sites, ntypes types, nown own distance matrices;
 * 0 when that does not fit in a size_t. */
static size_t payload_len(uint32_t n, uint32_t ntypes, uint32_t nown)
{
	uint64_t cells = (uint64_t)n * n, arrays = 1 + (uint64_t)nown + ntypes;

	if (n > 0 && cells / n != n)
		return 0;
	if (cells > (SIZE_MAX - ntypes) / 4 / arrays)
		return 0;
	return (size_t)(ntypes + cells * 4 * arrays);
}

/*
 * Read and check the cache file at path for inst. CL_OK with *out on a
 * good file; otherwise a reason in why (for the warning) and *out NULL.
 * *missing is set when the file does not exist (no warning then).
 */
static int read_cache(const char *path, uint64_t key, const struct cl_instance *inst,
		      struct cl_matrix **out, int *missing, char *why, size_t whylen)
{
	unsigned char hdr[HEADER];
	unsigned char *pay = NULL;
	struct cl_matrix *m = NULL;
	FILE *f = NULL;
	uint32_t n, ntypes, nown, cnt = 0;
	size_t len, cells, off;
	int rc = CL_EINPUT, c;

	*out = NULL;
	*missing = 0;
	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			*missing = 1;
		else
			snprintf(why, whylen, "cannot open: %s", strerror(errno));
		goto cleanup;
	}
	if (fread(hdr, 1, HEADER, f) != HEADER) {
		snprintf(why, whylen, "truncated header");
		goto cleanup;
	}
	n = get32(hdr + 12);
	ntypes = get32(hdr + 16);
	nown = get32(hdr + 20);
	if (memcmp(hdr, MAGIC, 8) != 0) {
		snprintf(why, whylen, "not a matrix cache file (bad magic)");
		goto cleanup;
	}
	if (get64(hdr + 56) != fnv1a(FNV_OFFSET, hdr, 56) || get64(hdr + 48) != 0) {
		snprintf(why, whylen, "header checksum mismatch");
		goto cleanup;
	}
	if (get32(hdr + 8) != VERSION) {
		snprintf(why, whylen, "version %u, expected %u", get32(hdr + 8), VERSION);
		goto cleanup;
	}
	if (n != (uint32_t)inst->nsites || ntypes != (uint32_t)inst->ntypes || nown > ntypes ||
	    get64(hdr + 24) != key) {
		snprintf(why, whylen, "made for another problem (%u sites, %u types)", n, ntypes);
		goto cleanup;
	}
	len = payload_len(n, ntypes, nown);
	if (len == 0 || get64(hdr + 32) != (uint64_t)len) {
		snprintf(why, whylen, "payload length %llu, expected %zu",
			 (unsigned long long)get64(hdr + 32), len);
		goto cleanup;
	}
	pay = malloc(len);
	if (!pay) {
		snprintf(why, whylen, "out of memory");
		goto cleanup;
	}
	if (fread(pay, 1, len, f) != len) {
		snprintf(why, whylen, "truncated (payload shorter than %zu bytes)", len);
		goto cleanup;
	}
	c = fgetc(f);
	if (c != EOF) {
		snprintf(why, whylen, "extra bytes after the payload");
		goto cleanup;
	}
	if (get64(hdr + 40) != fnv1a(FNV_OFFSET, pay, len)) {
		snprintf(why, whylen, "payload checksum mismatch");
		goto cleanup;
	}
	for (uint32_t t = 0; t < ntypes; t++) {
		if (pay[t] > 1) {
			snprintf(why, whylen, "bad flag for type %u", t);
			goto cleanup;
		}
		cnt += pay[t];
	}
	if (cnt != nown) {
		snprintf(why, whylen, "%u own distance matrices flagged, header says %u", cnt, nown);
		goto cleanup;
	}
	m = cl_matrix_create((int)n, (int)ntypes);
	if (!m) {
		snprintf(why, whylen, "out of memory");
		goto cleanup;
	}
	cells = (size_t)n * n;
	off = ntypes;
	for (uint32_t t = 0; t <= ntypes + ntypes; t++) {
		/* t = 0: dist_m; 1..ntypes: dist_type[t-1] if flagged;
		 * ntypes+1..2 ntypes: time_s[t-ntypes-1] */
		int32_t *a;
		if (t == 0) {
			a = m->dist_m;
		} else if (t <= ntypes) {
			if (!pay[t - 1])
				continue;
			a = m->dist_type[t - 1] = malloc(cells * sizeof *a + 1);
			if (!a) {
				snprintf(why, whylen, "out of memory");
				goto cleanup;
			}
		} else {
			a = m->time_s[t - ntypes - 1];
		}
		for (size_t k = 0; k < cells; k++, off += 4) {
			a[k] = (int32_t)get32(pay + off);
			if (a[k] < CL_UNREACHABLE) {
				snprintf(why, whylen, "negative entry %ld", (long)a[k]);
				goto cleanup;
			}
		}
	}
	*out = m;
	m = NULL;
	rc = CL_OK;
cleanup:
	cl_matrix_destroy(m);
	free(pay);
	if (f)
		fclose(f);
	return rc;
}

/* Write m to path (through a temporary file). Warns and returns nonzero on
 * failure. */
static int write_cache(const char *dir, const char *path, uint64_t key,
		       const struct cl_matrix *m)
{
	unsigned char hdr[HEADER];
	unsigned char *pay = NULL;
	char tmp[4200];
	FILE *f = NULL;
	uint32_t n = (uint32_t)m->n, ntypes = (uint32_t)m->ntypes, nown = 0;
	size_t len, cells = (size_t)n * n, off;
	int rc = -1;

	tmp[0] = '\0';
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cl_warn("%s: cannot create the matrix cache directory: %s", dir, strerror(errno));
		goto cleanup;
	}
	for (int t = 0; t < m->ntypes; t++)
		nown += m->dist_type && m->dist_type[t];
	len = payload_len(n, ntypes, nown);
	pay = len ? malloc(len) : NULL;
	if (!pay) {
		cl_warn("%s: no memory to store the matrix", path);
		goto cleanup;
	}
	for (int t = 0; t < m->ntypes; t++)
		pay[t] = m->dist_type && m->dist_type[t] ? 1 : 0;
	off = ntypes;
	for (size_t k = 0; k < cells; k++, off += 4)
		put32(pay + off, (uint32_t)m->dist_m[k]);
	for (int t = 0; t < m->ntypes; t++)
		if (pay[t])
			for (size_t k = 0; k < cells; k++, off += 4)
				put32(pay + off, (uint32_t)m->dist_type[t][k]);
	for (int t = 0; t < m->ntypes; t++)
		for (size_t k = 0; k < cells; k++, off += 4)
			put32(pay + off, (uint32_t)m->time_s[t][k]);
	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, MAGIC, 8);
	put32(hdr + 8, VERSION);
	put32(hdr + 12, n);
	put32(hdr + 16, ntypes);
	put32(hdr + 20, nown);
	put64(hdr + 24, key);
	put64(hdr + 32, (uint64_t)len);
	put64(hdr + 40, fnv1a(FNV_OFFSET, pay, len));
	put64(hdr + 56, fnv1a(FNV_OFFSET, hdr, 56));

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp) {
		tmp[0] = '\0';
		cl_warn("%s: path too long for the matrix cache", dir);
		goto cleanup;
	}
	f = fopen(tmp, "wb");
	if (!f) {
		cl_warn("%s: cannot write the matrix cache: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		goto cleanup;
	}
	if (fwrite(hdr, 1, HEADER, f) != HEADER || fwrite(pay, 1, len, f) != len ||
	    fflush(f) != 0 || fsync(fileno(f)) != 0) {
		cl_warn("%s: cannot write the matrix cache: %s", tmp, strerror(errno));
		goto cleanup;
	}
	if (fclose(f) != 0) {
		f = NULL;
		cl_warn("%s: cannot write the matrix cache: %s", tmp, strerror(errno));
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		cl_warn("%s: cannot rename the matrix cache into place: %s", path, strerror(errno));
		goto cleanup;
	}
	tmp[0] = '\0';
	rc = 0;
cleanup:
	if (f)
		fclose(f);
	if (tmp[0])
		unlink(tmp);
	free(pay);
	return rc;
}

/*
 * The matrix from DIR/<key>.cmx, or from the router and then stored
 * (cache.h). A missing file is silent; a bad one is a warning and is
 * rebuilt; a file that cannot be written is a warning. *out is owned by
 * the caller.
 */
int cl_cache_matrix(const char *dir, const struct cl_router *router,
		    const struct cl_instance *inst, struct cl_matrix **out,
		    int *hit, struct cl_error *err)
{
	char path[4096], why[256];
	uint64_t key = cache_key(router, inst);
	int missing = 0, rc;

	*out = NULL;
	*hit = 0;
	why[0] = '\0';
	if ((size_t)snprintf(path, sizeof path, "%s/%016llx.cmx", dir,
			     (unsigned long long)key) >= sizeof path) {
		cl_warn("%s: path too long for the matrix cache; not used", dir);
		return router->matrix(router->ctx, inst, out, err);
	}
	if (read_cache(path, key, inst, out, &missing, why, sizeof why) == CL_OK) {
		*hit = 1;
		cl_debug("%s: matrix read from the cache", path);
		return CL_OK;
	}
	if (missing)
		cl_debug("%s: not in the cache yet", path);
	else
		cl_warn("%s: %s; rebuilding the matrix", path, why);
	rc = router->matrix(router->ctx, inst, out, err);
	if (rc != CL_OK)
		return rc;
	write_cache(dir, path, key, *out);
	return CL_OK;
}
