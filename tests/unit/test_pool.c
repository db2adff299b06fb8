/*
 * test_pool.c -- the route pool: duplicates, hash collisions, eviction
 * policy and bounded size, iteration.
 */
#include <stdint.h>

#include "tinytest.h"
#include "ilp/pool.h"
#include "search/rng.h"

/* cl_pool_add as one number: 1 added, 0 duplicate, -status on failure. */
static int add(struct cl_pool *p, int type, int64_t cost, const int *stops, int n)
{
	int added, rc = cl_pool_add(p, type, cost, stops, n, &added);
	return rc == CL_OK ? added : -rc;
}

static void test_dedup(void)
{
	struct cl_pool *p = cl_pool_create(10, 2, 100, 2);
	int a[] = { 1, 2, 3 }, rev[] = { 3, 2, 1 }, b[] = { 1, 2 };
	int n;

	CHECK(p != NULL);
	CHECK_INT(add(p, 0, 100, a, 3), 1);
	CHECK_INT(add(p, 0, 100, a, 3), 0);
	CHECK_INT(add(p, 0, 90, a, 3), 0);      /* same route, any cost */
	CHECK_INT(add(p, 1, 100, a, 3), 1);     /* other type */
	CHECK_INT(add(p, 0, 100, rev, 3), 1);   /* reversal is different */
	CHECK_INT(add(p, 0, 100, b, 2), 1);     /* prefix is different */
	CHECK_INT(add(p, 0, 100, b, 2), 0);
	CHECK_INT(cl_pool_count(p), 4);
	const int *s = cl_pool_stops(p, 2, &n);
	CHECK_INT(n, 3);
	CHECK_INT(s[0], 3);
	CHECK_INT(cl_pool_cost(p, 0), 100);
	cl_pool_clear(p);
	CHECK_INT(cl_pool_count(p), 0);
	CHECK_INT(add(p, 0, 100, a, 3), 1);
	cl_pool_destroy(p);
	cl_pool_destroy(NULL);
}

static void test_invalid(void)
{
	struct cl_pool *p = cl_pool_create(5, 1, 10, 1);
	int rep[] = { 1, 2, 1 }, out[] = { 5 }, zero[] = { 0 }, ok[] = { 4 };

	CHECK_INT(add(p, 0, 1, rep, 3), -CL_EINPUT);
	CHECK_INT(add(p, 0, 1, out, 1), -CL_EINPUT);
	CHECK_INT(add(p, 0, 1, zero, 1), -CL_EINPUT);
	CHECK_INT(add(p, 1, 1, ok, 1), -CL_EINPUT);
	CHECK_INT(add(p, 0, 1, ok, 0), -CL_EINPUT);
	CHECK_INT(add(p, 0, 1, ok, 1), 1);
	CHECK_INT(cl_pool_count(p), 1);
	CHECK(cl_pool_create(1, 1, 10, 1) == NULL);
	CHECK(cl_pool_create(5, 1, 0, 1) == NULL);
	cl_pool_destroy(p);
}

/* Random routes, added twice; with every hash equal (mask 0) or only a
 * few bits of it, the pool still holds each distinct route once and
 * iterates back exactly what was added. */
static void run_collisions(uint64_t mask)
{
	enum { NR = 600, NS = 30 };
	static int st[NR][8];
	static int len[NR], typ[NR];
	struct cl_pool *p = cl_pool_create(NS, 3, 10000, 3);
	struct cl_rng rng;

	cl_rng_seed(&rng, 7 + mask);
	cl_pool_test_hash_mask(p, mask);
	for (int r = 0; r < NR; r++) {
		int used[NS] = { 0 };
		len[r] = 1 + cl_rng_int(&rng, 4);
		typ[r] = cl_rng_int(&rng, 3);
		for (int k = 0; k < len[r]; k++) {
			int v;
			do
				v = 1 + cl_rng_int(&rng, NS - 1);
			while (used[v]);
			used[v] = 1;
			st[r][k] = v;
		}
	}
	/* Count distinct routes by brute force. */
	int distinct = 0, added = 0;
	for (int r = 0; r < NR; r++) {
		int dup = 0;
		for (int q = 0; q < r && !dup; q++)
			dup = typ[q] == typ[r] && len[q] == len[r] &&
			      memcmp(st[q], st[r], sizeof(int) * (size_t)len[r]) == 0;
		distinct += !dup;
		int rc = add(p, typ[r], 10 * r, st[r], len[r]);
		CHECK_INT(rc, !dup);
		added += rc == 1;
	}
	for (int r = 0; r < NR; r++)
		CHECK_INT(add(p, typ[r], 1, st[r], len[r]), 0);
	CHECK_INT(cl_pool_count(p), distinct);
	CHECK_INT(added, distinct);
	/* Iteration: every pool route is one of the originals, in order. */
	int q = 0;
	for (int i = 0; i < cl_pool_count(p); i++) {
		int n;
		const int *s = cl_pool_stops(p, i, &n);
		int64_t c = cl_pool_cost(p, i);
		CHECK(c % 10 == 0);
		int r = (int)(c / 10);
		CHECK(r >= q && r < NR);
		if (r < 0 || r >= NR)
			break;
		q = r + 1;
		CHECK_INT(n, len[r]);
		CHECK_INT(cl_pool_type(p, i), typ[r]);
		CHECK(memcmp(s, st[r], sizeof(int) * (size_t)n) == 0);
	}
	cl_pool_destroy(p);
}

static void test_collisions(void)
{
	run_collisions(UINT64_MAX);
	run_collisions(0);      /* every route collides */
	run_collisions(0x7);    /* eight buckets' worth of hashes */
}

/*
 * Eviction: many random routes into a small pool. The pool never exceeds
 * max_routes; every village that some added route visited stays covered
 * (there are fewer villages than kept routes); each village keeps its best
 * route by cost per stop among the routes that were ever added... as far
 * as the protected set fits, checked on a pool where it does.
 */
static void test_eviction(void)
{
	enum { NS = 41, MAXR = 120, NR = 5000 };
	struct cl_pool *p = cl_pool_create(NS, 2, MAXR, 2);
	struct cl_rng rng;
	int seen[NS] = { 0 };
	double best[NS];
	int ok_bound = 1;

	for (int v = 0; v < NS; v++)
		best[v] = 1e300;
	cl_rng_seed(&rng, 11);
	for (int r = 0; r < NR; r++) {
		int st[6], used[NS] = { 0 };
		int n = 1 + cl_rng_int(&rng, 6);
		/* villages 31..40 are rare: only a few routes visit them */
		int hi = cl_rng_int(&rng, 100) == 0 ? NS - 1 : 30;
		for (int k = 0; k < n; k++) {
			int v;
			do
				v = 1 + cl_rng_int(&rng, hi);
			while (used[v]);
			used[v] = 1;
			st[k] = v;
		}
		int64_t cost = 1000 + cl_rng_int(&rng, 100000);
		int rc = add(p, cl_rng_int(&rng, 2), cost, st, n);
		CHECK(rc >= 0);
		if (rc == 1)
			for (int k = 0; k < n; k++) {
				seen[st[k]] = 1;
				if ((double)cost / n < best[st[k]])
					best[st[k]] = (double)cost / n;
			}
		if (cl_pool_count(p) > MAXR)
			ok_bound = 0;
	}
	CHECK(ok_bound);
	CHECK(cl_pool_evictions(p) > 0);
	CHECK(cl_pool_count(p) >= MAXR - MAXR / 4);
	/* coverage and each village's best route */
	int cov[NS] = { 0 };
	double have[NS];
	for (int v = 0; v < NS; v++)
		have[v] = 1e300;
	for (int i = 0; i < cl_pool_count(p); i++) {
		int n;
		const int *s = cl_pool_stops(p, i, &n);
		double cps = (double)cl_pool_cost(p, i) / n;
		for (int k = 0; k < n; k++) {
			cov[s[k]]++;
			if (cps < have[s[k]])
				have[s[k]] = cps;
		}
	}
	for (int v = 1; v < NS; v++) {
		if (!seen[v])
			continue;
		CHECK(cov[v] >= 1);
		CHECK(have[v] == best[v]);
	}
	cl_pool_destroy(p);
}

/* A village whose only route is the worst of all is still kept. */
static void test_only_route_kept(void)
{
	struct cl_pool *p = cl_pool_create(20, 1, 8, 1);
	int lone[] = { 19 };

	CHECK_INT(add(p, 0, 1000000, lone, 1), 1);
	for (int r = 0; r < 200; r++) {
		int a = r % 4, b = (a + 1 + (r / 4) % 3) % 4;
		int st[2] = { 1 + a, 1 + b };
		add(p, 0, 10 + r, st, 2);
		CHECK(cl_pool_count(p) <= 8);
	}
	CHECK(cl_pool_evictions(p) > 0);
	int found = 0;
	for (int i = 0; i < cl_pool_count(p); i++) {
		int n;
		const int *s = cl_pool_stops(p, i, &n);
		found += n == 1 && s[0] == 19;
	}
	CHECK_INT(found, 1);
	cl_pool_destroy(p);
}

int main(void)
{
	RUN(test_dedup);
	RUN(test_invalid);
	RUN(test_collisions);
	RUN(test_eviction);
	RUN(test_only_route_kept);
	TT_END();
}
