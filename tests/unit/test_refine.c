/*
 * test_refine.c -- the set-partitioning refinement by regions
 * (solver/ilp/refine.c) on small random problems whose best combination of
 * pooled routes is known by enumeration:
 *
 *   - one region covering the whole plan finds the pool's optimum (never
 *     more routes than vehicles), and the plan it leaves is consistent
 *     (every village once, route_of right, costs as recomputed);
 *   - regions of one route only ever reorder a route's own villages:
 *     never worse, villages never change routes' membership sets;
 *   - no time: nothing changes.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>

#include "fake_prob.h"
#include "tinytest.h"
#include "search/state.h"
#include "ilp/pool.h"
#include "search/prob.h"
#include "ilp/refine.h"
#include "search/rng.h"
#include "search/route.h"

#define N 11            /* depot + 10 villages */
#define NVEH 4
#define MAXPOOL 80

/*
 * A random instance (tests/fixtures/fake_prob.h) where only the routes'
 * membership and order matter: one parcel per village, no time windows,
 * one type of NVEH vehicles driving at one distance unit per second.
 */
static void make_fake(struct fake_prob *f, struct cl_rng *rng)
{
	struct cl_ptype *ty;

	fake_begin(f, N, 1, rng, 100);
	for (int i = 1; i < N; i++) {
		f->nodes[i].demand = 1;
		f->nodes[i].tw_start = 0;
		f->nodes[i].tw_end = 1000000;
	}
	ty = fake_type(f, 0);
	ty->count = NVEH;
	ty->cap = 100;
	ty->shift_end = 1000000;
	ty->fixed = 50;
	ty->unit = 1;
	ty->time = f->dist;
	fake_end(f, FAKE_NEAR_INDEX);
}

/* The cost the search gives a route (fixed + distance). */
static int64_t route_cost(const struct cl_prob *p, const int *stops, int n)
{
	struct cl_rt rt;
	int64_t c;

	memset(&rt, 0, sizeof rt);
	CHECK_INT(cl_rt_init(&rt, n, 0, 0), CL_OK);
	memcpy(rt.nodes + 1, stops, sizeof(int) * (size_t)n);
	rt.len = n;
	cl_rt_update(&rt, p);
	c = rt.cost;
	cl_rt_free(&rt);
	return c;
}

/* The pool, as plain arrays for the enumeration. */
struct pooled {
	int n;
	int stops[MAXPOOL][N];
	int len[MAXPOOL];
	int64_t cost[MAXPOOL];
	unsigned mask[MAXPOOL];
};

static void add_route(struct pooled *pl, struct cl_pool *pool,
		      const struct cl_prob *p, const int *stops, int n)
{
	int64_t c = route_cost(p, stops, n);
	int added;
	if (cl_pool_add(pool, 0, c, stops, n, &added) != CL_OK || !added ||
	    pl->n == MAXPOOL)
		return;
	memcpy(pl->stops[pl->n], stops, sizeof(int) * (size_t)n);
	pl->len[pl->n] = n;
	pl->cost[pl->n] = c;
	pl->mask[pl->n] = 0;
	for (int k = 0; k < n; k++)
		pl->mask[pl->n] |= 1u << stops[k];
	pl->n++;
}

/* Cheapest partition of villages 1..N-1 into at most NVEH pooled routes. */
static void enumerate(const struct pooled *pl, unsigned covered, int used,
		      int64_t cost, int64_t *best)
{
	unsigned all = ((1u << N) - 1) & ~1u;
	if (covered == all) {
		if (cost < *best)
			*best = cost;
		return;
	}
	if (used == NVEH || cost >= *best)
		return;
	int v = 1;
	while (covered >> v & 1)
		v++;
	for (int i = 0; i < pl->n; i++)
		if ((pl->mask[i] >> v & 1) && !(pl->mask[i] & covered))
			enumerate(pl, covered | pl->mask[i], used + 1, cost + pl->cost[i],
				  best);
}

/* A plan of NVEH routes: villages dealt round-robin in random order. */
static void start_plan(struct cl_state *s, const struct cl_prob *p,
		       struct cl_rng *rng, struct pooled *pl, struct cl_pool *pool)
{
	int perm[N - 1];
	for (int i = 0; i < N - 1; i++)
		perm[i] = i + 1;
	for (int i = N - 2; i > 0; i--) {
		int j = cl_rng_int(rng, i + 1), t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (int r = 0; r < s->nr; r++)
		s->rt[r].len = 0;
	for (int i = 0; i < N - 1; i++) {
		struct cl_rt *rt = &s->rt[i % NVEH];
		cl_rt_reserve(rt, rt->len + 1);
		rt->nodes[++rt->len] = perm[i];
		s->route_of[perm[i]] = i % NVEH;
	}
	s->nun = 0;
	for (int r = 0; r < s->nr; r++) {
		cl_rt_update(&s->rt[r], p);
		if (s->rt[r].len > 0)
			add_route(pl, pool, p, s->rt[r].nodes + 1, s->rt[r].len);
	}
	cl_state_cost(s, p);
}

/* Random routes of 1..4 villages; also every plan route reversed. */
static void fill_pool(struct pooled *pl, struct cl_pool *pool,
		      const struct cl_prob *p, const struct cl_state *s,
		      struct cl_rng *rng)
{
	for (int r = 0; r < s->nr; r++) {
		const struct cl_rt *rt = &s->rt[r];
		int rev[N];
		for (int i = 0; i < rt->len; i++)
			rev[i] = rt->nodes[rt->len - i];
		if (rt->len > 1)
			add_route(pl, pool, p, rev, rt->len);
	}
	while (pl->n < MAXPOOL - 10) {
		int n = 1 + cl_rng_int(rng, 4), stops[4];
		unsigned m = 0;
		for (int k = 0; k < n; k++) {
			int v;
			do
				v = 1 + cl_rng_int(rng, N - 1);
			while (m >> v & 1);
			m |= 1u << v;
			stops[k] = v;
		}
		add_route(pl, pool, p, stops, n);
	}
}

/* Every village on exactly one route, route_of right, costs recomputed. */
static int plan_consistent(const struct cl_state *s, const struct cl_prob *p)
{
	int seen[N] = { 0 };
	int64_t sum = 0;

	for (int r = 0; r < s->nr; r++) {
		const struct cl_rt *rt = &s->rt[r];
		for (int i = 1; i <= rt->len; i++) {
			int v = rt->nodes[i];
			if (v < 1 || v >= N || seen[v]++ || s->route_of[v] != r)
				return 0;
		}
		if (rt->len > 0) {
			if (route_cost(p, rt->nodes + 1, rt->len) != rt->cost)
				return 0;
			sum += rt->cost;
		}
	}
	for (int v = 1; v < N; v++)
		if (seen[v] != 1)
			return 0;
	return sum == s->cost;
}

static void run_case(unsigned long seed, int size, int *improved)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_state s;
	struct pooled pl;
	struct cl_refine_opts par = { 0.0, 0, NULL };
	struct cl_refine_stats st;
	struct cl_error err;
	int swept;

	cl_rng_seed(&rng, seed);
	make_fake(&f, &rng);
	memset(&pl, 0, sizeof pl);
	memset(&st, 0, sizeof st);
	struct cl_pool *pool = cl_pool_create(N, 1, 1000, 30);
	CHECK(pool != NULL);
	CHECK_INT(cl_state_init(&s, &f.p), CL_OK);
	start_plan(&s, &f.p, &rng, &pl, pool);
	fill_pool(&pl, pool, &f.p, &s, &rng);

	int64_t before = s.cost, best = INT64_MAX;
	unsigned sets[NVEH];
	for (int r = 0; r < NVEH; r++) {
		sets[r] = 0;
		for (int i = 1; i <= s.rt[r].len; i++)
			sets[r] |= 1u << s.rt[r].nodes[i];
	}
	enumerate(&pl, 0, 0, 0, &best);
	CHECK(best <= before);

	int got;
	CHECK_INT(cl_refine_regions(pool, &s, &f.p, 10.0, size, &rng, &par, &st,
				    &got, &swept, &err), CL_OK);
	CHECK(got == 0 || got == 1);
	CHECK_INT(swept, 1);
	CHECK(plan_consistent(&s, &f.p));
	CHECK(s.cost <= before);
	CHECK_INT(got, s.cost < before);
	CHECK(fabs(st.gain - (double)(before - s.cost) / CL_COST_SCALE) < 1e-9);
	CHECK_INT(st.whole_plan, size >= NVEH);
	if (size >= NVEH) {
		/* One model over the whole plan: the pool's optimum. */
		CHECK_INT(s.cost, best);
		CHECK(!isnan(st.lp_bound));
		CHECK(st.lp_bound <= (double)best / CL_COST_SCALE + 1e-6);
	} else if (size == 1) {
		/* A region of one route: the same villages, maybe reordered. */
		for (int r = 0; r < s.nr; r++) {
			unsigned m = 0;
			for (int i = 1; i <= s.rt[r].len; i++)
				m |= 1u << s.rt[r].nodes[i];
			int found = m == 0;
			for (int q = 0; q < NVEH; q++)
				found |= m == sets[q];
			CHECK(found);
		}
	}
	*improved += got;

	/* No time left: nothing changes. */
	int64_t now = s.cost;
	CHECK_INT(cl_refine_regions(pool, &s, &f.p, 0.0, size, &rng, &par, &st, &got,
				    &swept, &err), CL_OK);
	CHECK_INT(got, 0);
	CHECK_INT(swept, 0);
	CHECK_INT(s.cost, now);
	cl_state_free(&s);
	cl_pool_destroy(pool);
}

static void test_whole_plan(void)
{
	int improved = 0;
	for (unsigned long seed = 1; seed <= 20; seed++)
		run_case(seed, NVEH, &improved);
	CHECK(improved > 10);   /* a round-robin plan is rarely the best */
	/* The size the search's end phase asks for: no route or village
	 * limit. */
	improved = 0;
	for (unsigned long seed = 21; seed <= 40; seed++)
		run_case(seed, INT_MAX, &improved);
	CHECK(improved > 10);
}

static void test_one_route_regions(void)
{
	int improved = 0;
	for (unsigned long seed = 101; seed <= 120; seed++)
		run_case(seed, 1, &improved);
	CHECK(improved > 0);    /* reversed routes are sometimes cheaper */
}

static void test_two_route_regions(void)
{
	int improved = 0;
	for (unsigned long seed = 201; seed <= 220; seed++)
		run_case(seed, 2, &improved);
	CHECK(improved > 0);
}

int main(void)
{
	RUN(test_whole_plan);
	RUN(test_one_route_regions);
	RUN(test_two_route_regions);
	TT_END();
}
