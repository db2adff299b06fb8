/*
 * pool.h -- a bounded pool of distinct routes collected during the search,
 * the columns of the set-partitioning model (setpart.h).
 *
 * A route is a vehicle type, an integer cost (micro-units, as in the
 * search) and a visit sequence of villages (site indices 1..nsites-1, each
 * at most once). Two routes are the same when type and sequence are equal;
 * a route and its reverse are different routes (opening hours and pickups
 * make the direction matter). Duplicates are found through a 64-bit hash of
 * (type, sequence) in an open-addressing table, confirmed by a full
 * comparison.
 *
 * Memory is bounded: at most max_routes routes are kept. When an addition
 * takes the pool above max_routes, the pool is compacted to about three
 * quarters of max_routes by this policy:
 *
 *   - each route gets its rank within each of its villages: 0 for the
 *     cheapest route (by cost per stop) visiting the village, 1 for the
 *     next, ...; its key is the best (smallest) of these ranks, or -1 if
 *     it is the only route of some village;
 *   - routes are kept in order of (key, cost per stop, age).
 *
 * So first every village's only route is kept, then every village's best
 * route (no village that was covered loses coverage unless it has more
 * villages than the pool keeps routes), then its
 * second best, and so on; every route that is among the best per_village
 * routes of some village is kept whenever that fits. Routes of key >=
 * per_village (no village's favourites) go first, worst cost per stop
 * first.
 *
 * Routes are numbered 0..cl_pool_count()-1 in order of arrival. Numbers
 * and the pointers returned by cl_pool_stops() stay valid until the next
 * cl_pool_add() or cl_pool_clear() (a compaction renumbers the routes).
 *
 * Cost: cl_pool_add is amortized O(nstops + log max_routes); the stops
 * live in one arena that only allocates when it grows.
 */
#ifndef CUNLU_POOL_H
#define CUNLU_POOL_H

#include <stdint.h>

#include "cunlu/error.h"

struct cl_pool;

/*
 * Create an empty pool for villages 1..nsites-1 and vehicle types
 * 0..ntypes-1 holding at most max_routes (>= 1) routes; per_village (>= 1)
 * is the number of routes per village the eviction policy protects.
 * Returns NULL on bad arguments or out of memory. The caller owns the pool
 * and frees it with cl_pool_destroy().
 */
struct cl_pool *cl_pool_create(int nsites, int ntypes, int max_routes,
			       int per_village);

/* Free the pool and everything in it; accepts NULL. */
void cl_pool_destroy(struct cl_pool *pool);

/*
 * Add a route (stops[] is copied). *added (may be NULL) is set to 1 if it
 * was added, 0 if the same route (same type and sequence) is already in
 * the pool (the stored route is left as it is). An added route may be
 * evicted at once by the compaction it triggers if it is worse than
 * everything else. Returns CL_OK, CL_EINPUT (bad type, empty route, stop
 * out of range or repeated) or CL_EINTERNAL (out of memory); on failure
 * the pool is unchanged.
 */
int cl_pool_add(struct cl_pool *pool, int type, int64_t cost,
		const int *stops, int nstops, int *added);

/* Number of routes in the pool. */
int cl_pool_count(const struct cl_pool *pool);

/* Index of the route (type, stops) in the pool, or -1. Valid until the
 * next add or clear. */
int cl_pool_find(const struct cl_pool *pool, int type, const int *stops,
		 int nstops);

/* Remove every route; keeps the allocated memory for reuse. */
void cl_pool_clear(struct cl_pool *pool);

/* Number of sites and vehicle types the pool was created for. */
int cl_pool_nsites(const struct cl_pool *pool);
int cl_pool_ntypes(const struct cl_pool *pool);

/* Route i (0 <= i < cl_pool_count()): type, cost, and its stops. */
int cl_pool_type(const struct cl_pool *pool, int i);
int64_t cl_pool_cost(const struct cl_pool *pool, int i);
const int *cl_pool_stops(const struct cl_pool *pool, int i, int *nstops);

/* Number of compactions so far (for tests and statistics). */
long cl_pool_evictions(const struct cl_pool *pool);

/*
 * Tests only: keep only the bits of `mask` of every hash (mask 0 makes
 * every route collide) so that the collision path can be exercised.
 * Call on an empty pool.
 */
void cl_pool_test_hash_mask(struct cl_pool *pool, uint64_t mask);

#endif
