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
 * rewritten. Files are written atomically (util/file.h: a temporary name,
 * fsync, rename), so a crash never leaves half a file under the real name.
 * Out of memory stops the run (CL_EINTERNAL) like everywhere else.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cunlu/log.h"
#include "cunlu/router.h"
#include "dist/cache.h"
#include "util/file.h"
#include "util/hash.h"

#define MAGIC "CUNLUMX1"
#define VERSION 1u
#define HEADER 64

static uint64_t cache_key(const struct cl_router *router, const struct cl_instance *inst)
{
	uint64_t h = CL_HASH_INIT;
	const char *src = router->source_key ? router->source_key : router->name;

	h = cl_hash_printf(h, "cunlu matrix v%u\nn=%d planar=%d types=%d\n", VERSION,
		     inst->nsites, inst->planar, inst->ntypes);
	for (int i = 0; i < inst->nsites; i++)
		h = cl_hash_printf(h, "%.7f %.7f\n", inst->sites[i].lon, inst->sites[i].lat);
	for (int t = 0; t < inst->ntypes; t++) {
		const char *name = inst->types[t].name ? inst->types[t].name : "";
		/* the name with its length, so no name can fake a separator */
		h = cl_hash_printf(h, "type %zu:", strlen(name));
		h = cl_hash_bytes(h, name, strlen(name));
		h = cl_hash_printf(h, " %.6f %u\n", inst->types[t].speed_kmh,
			     inst->types[t].avoid_roads);
	}
	h = cl_hash_printf(h, "source %zu:", strlen(src ? src : ""));
	if (src)
		h = cl_hash_bytes(h, src, strlen(src));
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
 * Fill a new matrix from a checked header and its payload pay[0..len).
 * CL_OK with *out; CL_EINPUT with why for a bad entry or flag;
 * CL_EINTERNAL (err) when out of memory.
 */
static int decode(const unsigned char *hdr, const unsigned char *pay, size_t len,
		  struct cl_matrix **out, char *why, size_t whylen, struct cl_error *err)
{
	uint32_t n = get32(hdr + 12), ntypes = get32(hdr + 16), nown = get32(hdr + 20);
	uint32_t cnt = 0;
	struct cl_matrix *m = NULL;
	size_t cells = (size_t)n * n, off = ntypes;
	int rc = CL_EINPUT;

	(void)len;              /* checked by the caller: payload_len() bytes */
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
		rc = cl_oom(err, "reading the matrix cache");
		goto cleanup;
	}
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
				rc = cl_oom(err, "reading the matrix cache");
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
	return rc;
}

/*
 * Read and check the cache file at path for inst. CL_OK with *out on a
 * good file; CL_EINPUT with a reason in why (for the warning), or with
 * *missing set when the file does not exist (no warning then);
 * CL_EINTERNAL (err) when out of memory. *out is NULL unless CL_OK.
 */
static int read_cache(const char *path, uint64_t key, const struct cl_instance *inst,
		      struct cl_matrix **out, int *missing, char *why, size_t whylen,
		      struct cl_error *err)
{
	char *buf = NULL;
	size_t size, max;
	int rc;

	*out = NULL;
	*missing = 0;
	/* No file for this instance is larger than one with every matrix. */
	max = payload_len((uint32_t)inst->nsites, (uint32_t)inst->ntypes,
			  (uint32_t)inst->ntypes);
	max = max && max <= SIZE_MAX - HEADER ? max + HEADER : HEADER;
	rc = cl_file_read(path, NULL, max, &buf, &size, err);
	if (rc != CL_OK) {
		if (rc == CL_EINPUT && errno == ENOENT)
			*missing = 1;
		else if (rc == CL_EINPUT && errno == EFBIG)
			snprintf(why, whylen, "larger than any matrix of this problem");
		else if (rc == CL_EINPUT)
			snprintf(why, whylen, "cannot read it: %s", strerror(errno));
		return rc;
	}
	rc = cl_cache_check((const unsigned char *)buf, size, key, inst, out, why, whylen, err);
	free(buf);
	return rc;
}

/* Check a cache file's bytes and decode them (dist/cache.h). */
int cl_cache_check(const unsigned char *buf, size_t size, uint64_t key,
		   const struct cl_instance *inst, struct cl_matrix **out,
		   char *why, size_t whylen, struct cl_error *err)
{
	const unsigned char *hdr = buf;
	uint32_t n, ntypes, nown;
	size_t len;
	int rc = CL_EINPUT;

	*out = NULL;
	if (size < HEADER) {
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
	if (get64(hdr + 56) != cl_hash_bytes(CL_HASH_INIT, hdr, 56) || get64(hdr + 48) != 0) {
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
	if (size - HEADER < len) {
		snprintf(why, whylen, "truncated (payload shorter than %zu bytes)", len);
		goto cleanup;
	}
	if (size - HEADER > len) {
		snprintf(why, whylen, "extra bytes after the payload");
		goto cleanup;
	}
	if (get64(hdr + 40) != cl_hash_bytes(CL_HASH_INIT, hdr + HEADER, len)) {
		snprintf(why, whylen, "payload checksum mismatch");
		goto cleanup;
	}
	rc = decode(hdr, hdr + HEADER, len, out, why, whylen, err);
cleanup:
	return rc;
}

/* The bytes of a cache file holding m under key (dist/cache.h). */
int cl_cache_encode(const struct cl_matrix *m, uint64_t key, unsigned char **out,
		    size_t *size, struct cl_error *err)
{
	unsigned char *buf, *hdr, *pay;
	uint32_t n = (uint32_t)m->n, ntypes = (uint32_t)m->ntypes, nown = 0;
	size_t len, cells = (size_t)n * n, off;

	*out = NULL;
	*size = 0;
	for (int t = 0; t < m->ntypes; t++)
		nown += m->dist_type && m->dist_type[t];
	len = payload_len(n, ntypes, nown);
	buf = len && len <= SIZE_MAX - HEADER ? malloc(HEADER + len) : NULL;
	if (!buf)
		return cl_oom(err, "storing a %u-site matrix in the cache", n);
	hdr = buf;
	pay = buf + HEADER;
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
	memset(hdr, 0, HEADER);
	memcpy(hdr, MAGIC, 8);
	put32(hdr + 8, VERSION);
	put32(hdr + 12, n);
	put32(hdr + 16, ntypes);
	put32(hdr + 20, nown);
	put64(hdr + 24, key);
	put64(hdr + 32, (uint64_t)len);
	put64(hdr + 40, cl_hash_bytes(CL_HASH_INIT, pay, len));
	put64(hdr + 56, cl_hash_bytes(CL_HASH_INIT, hdr, 56));
	*out = buf;
	*size = HEADER + len;
	return CL_OK;
}

/*
 * Write m to path atomically (util/file.h). A file that cannot be written
 * is a warning (CL_OK: the run goes on without the cache); CL_EINTERNAL
 * (err) when out of memory.
 */
static int write_cache(const char *dir, const char *path, uint64_t key,
		       const struct cl_matrix *m, struct cl_error *err)
{
	struct cl_atomic_file f = { 0 };
	struct cl_error werr;
	unsigned char *buf = NULL;
	size_t size = 0;
	int rc = CL_OK;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cl_warn("%s: cannot create the matrix cache directory: %s", dir, strerror(errno));
		goto cleanup;
	}
	rc = cl_cache_encode(m, key, &buf, &size, err);
	if (rc != CL_OK)
		goto cleanup;
	cl_error_clear(&werr);
	rc = cl_atomic_create(&f, path, &werr);
	if (rc == CL_OK) {
		if (fwrite(buf, 1, size, f.fp) != size)
			rc = cl_fail(&werr, CL_EOUTPUT, "%s: cannot write: %s", path,
				     strerror(errno));
		else
			rc = cl_atomic_commit(&f, 1, &werr);
	}
	if (rc == CL_EINTERNAL) {
		if (err)
			*err = werr;
	} else if (rc != CL_OK) {
		cl_warn("cannot write the matrix cache: %s", werr.msg);
		rc = CL_OK;
	}
cleanup:
	cl_atomic_abort(&f);
	free(buf);
	return rc;
}

int cl_cache_matrix(const char *dir, const struct cl_router *router,
		    const struct cl_instance *inst, struct cl_matrix **out,
		    int *hit, struct cl_error *err)
{
	char path[4096], why[CL_ERRMSG_MAX];
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
	rc = read_cache(path, key, inst, out, &missing, why, sizeof why, err);
	if (rc == CL_OK) {
		*hit = 1;
		cl_debug("%s: matrix read from the cache", path);
		return CL_OK;
	}
	if (rc != CL_EINPUT)
		return rc;
	cl_error_clear(err);
	if (missing)
		cl_debug("%s: not in the cache yet", path);
	else
		cl_warn("%s: %s; rebuilding the matrix", path, why);
	rc = router->matrix(router->ctx, inst, out, err);
	if (rc != CL_OK)
		return rc;
	rc = write_cache(dir, path, key, *out, err);
	if (rc != CL_OK) {
		cl_matrix_destroy(*out);
		*out = NULL;
	}
	return rc;
}
