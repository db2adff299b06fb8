/*
 * pool.c -- the bounded route pool (pool.h).
 *
 * Layout: routes[] holds one record per route (type, cost, hash, offset
 * and length in the stop arena) in arrival order; the arena holds all the
 * stop sequences back to back; table[] is an open-addressing hash table
 * with linear probing whose slots hold a route number + 1 (0 = empty).
 * The table is never deleted from: a compaction rebuilds it, so there are
 * no tombstones. The table is kept at most half full.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ilp/pool.h"
#include "util/hash.h"

struct pool_route {
	int64_t cost;
	uint64_t hash;
	double cps;          /* cost per stop, the eviction order */
	size_t off;          /* first stop in the arena */
	int nstops;
	int type;
};

/* One route during a compaction. */
struct pool_item {
	double cps;
	int idx;
	int key;             /* best rank of the route within its villages,
				-1 if it is some village's only route */
};

struct cl_pool {
	int nsites, ntypes, max_routes, per_village;
	int n;                       /* routes in the pool */
	int room;                    /* records allocated in routes and items */
	struct pool_route *routes;
	struct pool_item *items;     /* compaction workspace, room entries */
	int *arena;                  /* stops of all routes */
	size_t arena_used, arena_cap;
	int *table;                  /* route number + 1, or 0 */
	size_t tcap;                 /* power of two */
	uint64_t hash_mask;
	int *seen;                   /* per site: stamp, or route count */
	int *rank;                   /* per site: compaction workspace */
	int stamp;
	long compactions;
};

struct cl_pool *cl_pool_create(int nsites, int ntypes, int max_routes,
			       int per_village)
{
	struct cl_pool *pool;

	if (nsites < 2 || ntypes < 1 || max_routes < 1 || per_village < 1)
		return NULL;
	pool = calloc(1, sizeof *pool);
	if (!pool)
		return NULL;
	pool->nsites = nsites;
	pool->ntypes = ntypes;
	pool->max_routes = max_routes;
	pool->per_village = per_village;
	pool->hash_mask = UINT64_MAX;
	pool->seen = calloc((size_t)nsites, sizeof(int));
	pool->rank = calloc((size_t)nsites, sizeof(int));
	if (!pool->seen || !pool->rank) {
		cl_pool_destroy(pool);
		return NULL;
	}
	return pool;
}

void cl_pool_destroy(struct cl_pool *pool)
{
	if (!pool)
		return;
	free(pool->routes);
	free(pool->items);
	free(pool->arena);
	free(pool->table);
	free(pool->seen);
	free(pool->rank);
	free(pool);
}

/* Hash of (type, sequence) for the table (util/hash.h): FNV-1a over the
 * type, the stops and their count, then mixed for the low bits. Only the
 * table's slots depend on it: routes keep their arrival order, and equal
 * routes are found by comparing the stops. */
static uint64_t route_hash(int type, const int *stops, int nstops)
{
	uint64_t h = cl_hash_bytes(CL_HASH_INIT, &type, sizeof type);

	h = cl_hash_bytes(h, stops, sizeof *stops * (size_t)nstops);
	h = cl_hash_bytes(h, &nstops, sizeof nstops);
	return cl_hash_mix(h);
}

static int same_route(const struct cl_pool *pool, const struct pool_route *r,
		      uint64_t h, int type, const int *stops, int nstops)
{
	return r->hash == h && r->type == type && r->nstops == nstops &&
	       memcmp(pool->arena + r->off, stops, sizeof(int) * (size_t)nstops) == 0;
}

/* Slot of the route equal to (type, stops), or of the empty slot ending
 * its probe sequence. */
static size_t find_slot(const struct cl_pool *pool, uint64_t h, int type,
			const int *stops, int nstops)
{
	size_t m = pool->tcap - 1, s = (size_t)h & m;

	while (pool->table[s] != 0) {
		if (same_route(pool, &pool->routes[pool->table[s] - 1], h, type,
			       stops, nstops))
			return s;
		s = (s + 1) & m;
	}
	return s;
}

/* Put every route into an empty table of tcap slots. */
static void rebuild_table(struct cl_pool *pool)
{
	size_t m = pool->tcap - 1;

	memset(pool->table, 0, sizeof(int) * pool->tcap);
	for (int i = 0; i < pool->n; i++) {
		size_t s = (size_t)pool->routes[i].hash & m;
		while (pool->table[s] != 0)
			s = (s + 1) & m;
		pool->table[s] = i + 1;
	}
}

/* Room for one more route record and a table at most half full after it.
 * CL_OK or CL_EINTERNAL; the pool is unchanged on failure. */
static int reserve_route(struct cl_pool *pool)
{
	if (pool->n + 1 > pool->room) {
		int cap = pool->room ? pool->room * 2 : 64;
		if (cap > pool->max_routes + 1)
			cap = pool->max_routes + 1;
		struct pool_route *r = realloc(pool->routes, sizeof *r * (size_t)cap);
		if (!r)
			return CL_EINTERNAL;
		pool->routes = r;
		struct pool_item *it = realloc(pool->items, sizeof *it * (size_t)cap);
		if (!it)
			return CL_EINTERNAL;
		pool->items = it;
		pool->room = cap;
	}
	if ((size_t)(pool->n + 1) * 2 > pool->tcap) {
		size_t cap = pool->tcap ? pool->tcap : 128;
		while ((size_t)(pool->n + 1) * 2 > cap)
			cap *= 2;
		int *t = malloc(sizeof(int) * cap);
		if (!t)
			return CL_EINTERNAL;
		free(pool->table);
		pool->table = t;
		pool->tcap = cap;
		rebuild_table(pool);
	}
	return CL_OK;
}

static int reserve_arena(struct cl_pool *pool, size_t extra)
{
	if (pool->arena_used + extra <= pool->arena_cap)
		return CL_OK;
	size_t cap = pool->arena_cap ? pool->arena_cap : 1024;
	while (cap < pool->arena_used + extra)
		cap *= 2;
	int *a = realloc(pool->arena, sizeof(int) * cap);
	if (!a)
		return CL_EINTERNAL;
	pool->arena = a;
	pool->arena_cap = cap;
	return CL_OK;
}

/* Stops are villages 1..nsites-1, none repeated. */
static int valid_stops(struct cl_pool *pool, const int *stops, int nstops)
{
	if (pool->stamp == INT_MAX) {
		memset(pool->seen, 0, sizeof(int) * (size_t)pool->nsites);
		pool->stamp = 0;
	}
	pool->stamp++;
	for (int i = 0; i < nstops; i++) {
		int v = stops[i];
		if (v < 1 || v >= pool->nsites || pool->seen[v] == pool->stamp)
			return 0;
		pool->seen[v] = pool->stamp;
	}
	return 1;
}

static int cmp_cps(const void *a, const void *b)
{
	const struct pool_item *x = a, *y = b;
	if (x->cps != y->cps)
		return x->cps < y->cps ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_keep(const void *a, const void *b)
{
	const struct pool_item *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return cmp_cps(a, b);
}

/*
 * Reduce the pool to `target` routes by the policy in pool.h, keeping
 * arrival order among the survivors. O(n log n + stops + table size).
 */
static void compact(struct cl_pool *pool, int target)
{
	struct pool_item *it = pool->items;
	int n = pool->n;

	for (int i = 0; i < n; i++) {
		it[i].cps = pool->routes[i].cps;
		it[i].idx = i;
	}
	qsort(it, (size_t)n, sizeof *it, cmp_cps);
	/* seen[] counts the routes per village, rank[] those ranked so far. */
	memset(pool->seen, 0, sizeof(int) * (size_t)pool->nsites);
	memset(pool->rank, 0, sizeof(int) * (size_t)pool->nsites);
	pool->stamp = 0;
	for (int i = 0; i < n; i++) {
		const struct pool_route *r = &pool->routes[i];
		for (int j = 0; j < r->nstops; j++)
			pool->seen[pool->arena[r->off + (size_t)j]]++;
	}
	for (int k = 0; k < n; k++) {
		const struct pool_route *r = &pool->routes[it[k].idx];
		const int *s = pool->arena + r->off;
		int best = INT_MAX;
		for (int j = 0; j < r->nstops; j++) {
			int rank = pool->rank[s[j]]++;
			if (pool->seen[s[j]] == 1)
				rank = -1;    /* the village's only route */
			if (rank < best)
				best = rank;
		}
		it[k].key = best;
	}
	qsort(it, (size_t)n, sizeof *it, cmp_keep);
	/* Mark the survivors (nstops stored as -nstops - 1), then squeeze
	 * them down in arrival order. seen[] goes back to stamps. */
	for (int k = 0; k < target && k < n; k++)
		pool->routes[it[k].idx].nstops = -pool->routes[it[k].idx].nstops - 1;
	memset(pool->seen, 0, sizeof(int) * (size_t)pool->nsites);
	int m = 0;
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		struct pool_route r = pool->routes[i];
		if (r.nstops >= 0)
			continue;
		r.nstops = -r.nstops - 1;
		memmove(pool->arena + used, pool->arena + r.off,
			sizeof(int) * (size_t)r.nstops);
		r.off = used;
		used += (size_t)r.nstops;
		pool->routes[m++] = r;
	}
	pool->n = m;
	pool->arena_used = used;
	rebuild_table(pool);
	pool->compactions++;
}

int cl_pool_add(struct cl_pool *pool, int type, int64_t cost,
		const int *stops, int nstops, int *added)
{
	uint64_t h;
	size_t slot;

	if (added)
		*added = 0;
	if (type < 0 || type >= pool->ntypes || nstops < 1 || !stops ||
	    !valid_stops(pool, stops, nstops))
		return CL_EINPUT;
	if (reserve_route(pool) != CL_OK || reserve_arena(pool, (size_t)nstops) != CL_OK)
		return CL_EINTERNAL;
	h = route_hash(type, stops, nstops) & pool->hash_mask;
	slot = find_slot(pool, h, type, stops, nstops);
	if (pool->table[slot] != 0)
		return CL_OK;

	struct pool_route *r = &pool->routes[pool->n];
	r->cost = cost;
	r->hash = h;
	r->cps = (double)cost / (double)nstops;
	r->off = pool->arena_used;
	r->nstops = nstops;
	r->type = type;
	memcpy(pool->arena + pool->arena_used, stops, sizeof(int) * (size_t)nstops);
	pool->arena_used += (size_t)nstops;
	pool->table[slot] = ++pool->n;

	if (pool->n > pool->max_routes)
		compact(pool, pool->max_routes - pool->max_routes / 4);
	if (added)
		*added = 1;
	return CL_OK;
}

int cl_pool_find(const struct cl_pool *pool, int type, const int *stops,
		 int nstops)
{
	if (type < 0 || type >= pool->ntypes || nstops < 1 || !stops || pool->n == 0)
		return -1;
	uint64_t h = route_hash(type, stops, nstops) & pool->hash_mask;
	size_t slot = find_slot(pool, h, type, stops, nstops);
	return pool->table[slot] != 0 ? pool->table[slot] - 1 : -1;
}

int cl_pool_count(const struct cl_pool *pool)
{
	return pool->n;
}

void cl_pool_clear(struct cl_pool *pool)
{
	pool->n = 0;
	pool->arena_used = 0;
	if (pool->table)
		memset(pool->table, 0, sizeof(int) * pool->tcap);
}

int cl_pool_nsites(const struct cl_pool *pool)
{
	return pool->nsites;
}

int cl_pool_ntypes(const struct cl_pool *pool)
{
	return pool->ntypes;
}

int cl_pool_type(const struct cl_pool *pool, int i)
{
	return pool->routes[i].type;
}

int64_t cl_pool_cost(const struct cl_pool *pool, int i)
{
	return pool->routes[i].cost;
}

const int *cl_pool_stops(const struct cl_pool *pool, int i, int *nstops)
{
	*nstops = pool->routes[i].nstops;
	return pool->arena + pool->routes[i].off;
}

long cl_pool_evictions(const struct cl_pool *pool)
{
	return pool->compactions;
}

void cl_pool_test_hash_mask(struct cl_pool *pool, uint64_t mask)
{
	pool->hash_mask = mask;
}
