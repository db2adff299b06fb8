/*
 * cache.h -- the matrix cache file's bytes (dist/cache.c). Internal: the
 * public side is cl_cache_matrix (router.h); these two are here so that
 * the fuzzer can feed file images to the reader directly, without files
 * (tests/fuzz/fuzz_cache.c), and so that the reader and the writer are
 * tested as one pair (a file the writer made reads back as the same
 * matrix; a file the reader accepts is what the writer makes of it).
 */
#ifndef CUNLU_DIST_CACHE_H
#define CUNLU_DIST_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

/*
 * Check the bytes buf[0..size) of a cache file for inst under key (magic,
 * both checksums, version, sizes against the instance, the key, no bytes
 * missing or extra, flags, entries >= -1) and decode them. CL_OK with *out
 * (owned by the caller); CL_EINPUT with the reason in why (for the
 * warning); CL_EINTERNAL (err) when out of memory. *out is NULL unless
 * CL_OK.
 */
int cl_cache_check(const unsigned char *buf, size_t size, uint64_t key,
		   const struct cl_instance *inst, struct cl_matrix **out,
		   char *why, size_t whylen, struct cl_error *err);

/*
 * The bytes of the cache file that holds m under key: *out (malloc'd,
 * owned by the caller) of *size bytes. CL_OK or CL_EINTERNAL (err).
 */
int cl_cache_encode(const struct cl_matrix *m, uint64_t key, unsigned char **out,
		    size_t *size, struct cl_error *err);

#endif
