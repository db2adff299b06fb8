/*
 * cache.h -- the matrix cache for the nightly run (--matrix-cache DIR).
 *
 * Matrices are stored in DIR keyed by a hash of the sites' coordinates,
 * the vehicle types' profiles (speeds) and the router's source_key, so
 * tomorrow's run with the same villages skips the routing work. A corrupt
 * or truncated cache file is detected (header, sizes, checksum) and
 * rebuilt.
 */
#ifndef CUNLU_CACHE_H
#define CUNLU_CACHE_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"
#include "cunlu/router.h"

/*
 * Get the matrix for inst from the cache in dir, or from the router (and
 * then store it). *hit tells which. Errors of the router pass through; a
 * cache that cannot be written is a warning, not an error.
 */
int cl_cache_matrix(const char *dir, const struct cl_router *router,
		    const struct cl_instance *inst, struct cl_matrix **out,
		    int *hit, struct cl_error *err);

#endif
