/*
 * test_ls.c -- property tests for the local-search moves: on random plans
 * with every constraint type and two vehicle types, a move's predicted
 * cost change equals the cost change recomputed from scratch after the
 * move is applied, a move predicted feasible gives feasible routes, and a
 * move predicted infeasible gives at least one infeasible route; the same
 * on multi-trip days (reloads between trips, release dates, wages, trips
 * and per-trip range limits; issue 11). Then the local search as a whole
 * never makes a feasible plan worse or infeasible.
 */
#include <limits.h>
#include <stdint.h>

#include "fake_prob.h"
#include "tinytest.h"
#include "search/state.h"
#include "search/intra.h"
#include "search/ls.h"
#include "search/swapstar.h"
#include "search/prob.h"
#include "search/rng.h"

#define N 13
#define NT 2

/* Draw multi-trip days: reloads, release dates, wages (issue 11). */
static int multi;

/*
 * A random instance (tests/fixtures/fake_prob.h) with two vehicle types:
 * the same type twice (same_types), or types with their own times, shift
 * and limits.
 */
static void make_fake(struct fake_prob *f, struct cl_rng *rng, int same_types)
{
	fake_begin(f, N, NT, rng, 60);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int d = f->dist[i * N + j];
			f->time[0][i * N + j] = d / 2;
			f->time[1][i * N + j] = same_types ? d / 2 : d;
		}
	for (int i = 1; i < N; i++) {
		struct cl_pnode *nd = &f->nodes[i];
		nd->demand = cl_rng_int(rng, 8);
		nd->pickup = cl_rng_int(rng, 3) ? 0 : cl_rng_int(rng, 8);
		nd->service = cl_rng_int(rng, 10);
		nd->tw_start = cl_rng_int(rng, 200);
		nd->tw_end = nd->tw_start + 40 + cl_rng_int(rng, 300);
	}
	for (int t = 0; t < NT; t++) {
		struct cl_ptype *ty = fake_type(f, t);
		ty->count = 3;
		ty->cap = 15 + cl_rng_int(rng, 20);
		ty->shift_end = 500 + (same_types ? 0 : cl_rng_int(rng, 200));
		ty->max_dur = cl_rng_int(rng, 2) ? INT_MAX : 200 + cl_rng_int(rng, 200);
		ty->max_dist = cl_rng_int(rng, 2) ? INT64_MAX : 100 + cl_rng_int(rng, 200);
		ty->fixed = 100 * (t + 1);
		ty->unit = 2 + t;
		ty->time = f->time[same_types ? 0 : t];
	}
	if (multi) {
		for (int t = 0; t < NT; t++) {
			struct cl_ptype *ty = &f->types[t];
			ty->max_trips = 1 + cl_rng_int(rng, 3);
			ty->reload = cl_rng_int(rng, 25);
			ty->max_trip = cl_rng_int(rng, 2) ? INT64_MAX : 60 + cl_rng_int(rng, 120);
			ty->hourly = cl_rng_int(rng, 2) ? 0 : 3600 * (1 + cl_rng_int(rng, 50));
			ty->cap = 8 + cl_rng_int(rng, 15);
		}
		for (int i = 1; i < N; i++)
			f->nodes[i].rel = cl_rng_int(rng, 2) ? 0 : cl_rng_int(rng, 200);
	}
	if (same_types)
		f->types[1] = f->types[0];
	fake_end(f, FAKE_NEAR_SORTED);
}

/* Spread the villages randomly over the routes (feasible or not). */
static void random_plan(struct cl_state *s, const struct cl_prob *p, struct cl_rng *rng)
{
	for (int r = 0; r < s->nr; r++)
		s->rt[r].len = 0;
	s->nun = 0;
	for (int v = 1; v < p->n; v++) {
		int r = cl_rng_int(rng, s->nr);
		struct cl_rt *rt = &s->rt[r];
		/* a reload (node 0) before it, between two villages */
		if (p->multi && rt->len > 0 && rt->nodes[rt->len] != 0 && cl_rng_int(rng, 3) == 0) {
			cl_rt_reserve(rt, rt->len + 1);
			rt->nodes[++rt->len] = 0;
		}
		cl_rt_reserve(rt, rt->len + 1);
		rt->nodes[++rt->len] = v;
		s->route_of[v] = r;
	}
	for (int r = 0; r < s->nr; r++)
		cl_rt_update(&s->rt[r], p);
	cl_state_cost(s, p);
}

static int route_ok(const struct cl_rt *r, const struct cl_prob *p)
{
	return r->len == 0 || cl_seg_feasible(&r->pre[r->len + 1], p, r->type);
}

static void check_moves(int same_types, unsigned long seed)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_state s, c;
	struct cl_lns_work w;
	long feasible = 0, infeasible = 0;

	cl_rng_seed(&rng, seed);
	make_fake(&f, &rng, same_types);
	CHECK_INT(cl_state_init(&s, &f.p), CL_OK);
	CHECK_INT(cl_state_init(&c, &f.p), CL_OK);
	CHECK_INT(cl_lns_work_init(&w, &f.p, s.nr), CL_OK);
	for (int trial = 0; trial < 20000 && tt_bad_checks < 20; trial++) {
		if (trial % 50 == 0) {
			make_fake(&f, &rng, same_types);
			random_plan(&s, &f.p, &rng);
		}
		int u = 1 + cl_rng_int(&rng, N - 1), v = 1 + cl_rng_int(&rng, N - 1);
		if (s.route_of[u] == s.route_of[v])
			continue;
		enum cl_move mv = (enum cl_move)cl_rng_int(&rng, CL_MOVE_COUNT);
		int64_t d = cl_move_delta(&s, &f.p, mv, u, v);
		int ru = s.route_of[u], rv = s.route_of[v];
		CHECK_INT(cl_state_copy(&c, &s), CL_OK);
		int64_t before = c.cost;
		cl_lns_begin(&w);
		if (d != INT64_MAX)
			CHECK_INT(cl_move_apply(&c, &f.p, &w, mv, u, v), CL_OK);
		else
			cl_move_apply(&c, &f.p, &w, mv, u, v);
		cl_state_cost(&c, &f.p);
		/* Recompute both routes from their nodes alone. */
		cl_rt_update(&c.rt[ru], &f.p);
		cl_rt_update(&c.rt[rv], &f.p);
		cl_state_cost(&c, &f.p);
		int ok = route_ok(&c.rt[ru], &f.p) && route_ok(&c.rt[rv], &f.p);
		if (d != INT64_MAX) {
			feasible++;
			CHECK(ok);
			CHECK_INT(c.cost - before, d);
			/* Keep the changed plan sometimes, to walk around. */
			if (cl_rng_int(&rng, 2)) {
				CHECK_INT(cl_state_copy(&s, &c), CL_OK);
			}
		} else if (mv != CL_MOVE_TWO_OPT_STAR || same_types) {
			infeasible++;
			CHECK(!ok);
		}
		/* Every village is on exactly the route route_of says. */
		int seen[N] = {0};
		for (int r = 0; r < c.nr; r++)
			for (int i = 1; i <= c.rt[r].len; i++) {
				if (c.rt[r].nodes[i] == 0)
					continue;     /* a reload */
				seen[c.rt[r].nodes[i]]++;
				CHECK_INT(c.route_of[c.rt[r].nodes[i]], r);
			}
		for (int x = 1; x < N; x++)
			CHECK_INT(seen[x], 1);
	}
	CHECK(feasible > 200);
	CHECK(infeasible > 200);
	cl_lns_work_free(&w);
	cl_state_free(&s);
	cl_state_free(&c);
}

static void test_moves_one_type(void)
{
	check_moves(1, 17);
}

static void test_moves_two_types(void)
{
	check_moves(0, 23);
}

/* Multi-trip days: the same property with reloads in the plans. */
static void test_moves_multi_trip(void)
{
	multi = 1;
	check_moves(1, 31);
	check_moves(0, 37);
	multi = 0;
}

/* From a feasible plan, the local search keeps it feasible and never
 * raises its cost. */
static void test_local_search_improves(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_state s;
	struct cl_lns_work w;
	long improved = 0;

	cl_rng_seed(&rng, 5);
	make_fake(&f, &rng, 1);
	CHECK_INT(cl_state_init(&s, &f.p), CL_OK);
	CHECK_INT(cl_lns_work_init(&w, &f.p, s.nr), CL_OK);
	for (int trial = 0; trial < 300; trial++) {
		make_fake(&f, &rng, trial % 2);
		for (int r = 0; r < s.nr; r++) {
			s.rt[r].len = 0;
			cl_rt_update(&s.rt[r], &f.p);
		}
		for (int v = 0; v < N; v++)
			s.route_of[v] = -1;
		s.nun = 0;
		for (int v = 1; v < N; v++)
			s.un[s.nun++] = v;
		cl_lns_begin(&w);
		cl_recreate(&s, &f.p, &w, &rng, 0.3);   /* a poor but feasible start */
		int64_t before = s.cost;
		CHECK_INT(cl_local_search(&s, &f.p, &w, 100, NULL, NULL), CL_OK);
		CHECK(s.cost <= before);
		improved += s.cost < before;
		for (int r = 0; r < s.nr; r++)
			CHECK(route_ok(&s.rt[r], &f.p));
	}
	CHECK(improved > 10);
	cl_lns_work_free(&w);
	cl_state_free(&s);
}


/* The route's villages after move m, built naively from a copy. */
static void naive_apply(const int *in, int len, const struct cl_intra_move *m, int *out)
{
	int k = 0;
	if (m->kind == CL_INTRA_TWO_OPT) {
		for (int q = 0; q <= len + 1; q++)
			out[q] = q >= m->i && q <= m->j ? in[m->i + m->j - q] : in[q];
		return;
	}
	/* or-opt: copy nodes 0..len+1 without the run, placing the run
	 * after original node j */
	for (int q = 0; q <= len + 1; q++) {
		if (q >= m->i && q < m->i + m->k)
			continue;
		out[k++] = in[q];
		if (q == m->j)
			for (int x = 0; x < m->k; x++)
				out[k++] = in[m->rev ? m->i + m->k - 1 - x : m->i + x];
	}
}

/*
 * Every intra-route move (2-opt, or-opt) the scan evaluates: the
 * predicted cost change equals the change recomputed from the new node
 * order, a move predicted feasible gives a feasible route and one
 * predicted infeasible an infeasible route; the scan sees every move (its
 * count) and applying one gives the naively built order.
 */
static void test_intra_moves(void)
{
	static struct cl_intra_move all[4096];
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_state s;
	struct cl_rt c;
	long feasible = 0, infeasible = 0, improving = 0;

	cl_rng_seed(&rng, 31);
	make_fake(&f, &rng, 1);
	CHECK_INT(cl_state_init(&s, &f.p), CL_OK);
	CHECK_INT(cl_rt_init(&c, N, 0, 0), CL_OK);
	for (int trial = 0; trial < 400 && tt_bad_checks < 20; trial++) {
		make_fake(&f, &rng, trial % 2);
		random_plan(&s, &f.p, &rng);
		for (int r = 0; r < s.nr; r++) {
			const struct cl_rt *rt = &s.rt[r];
			struct cl_intra_move best;
			int nall, len = rt->len, expect = len >= 2 ? len * (len - 1) / 2 : 0;
			int has = cl_intra_best(rt, &f.p, &best, all, 4096, &nall);
			for (int k = 1; k <= CL_OROPT_MAX && k < len; k++)
				expect += (len - k + 1) * (len - k) * (k > 1 ? 2 : 1);
			CHECK_INT(nall, expect);
			int64_t lowest = 0;
			for (int q = 0; q < nall; q++) {
				const struct cl_intra_move *m = &all[q];
				int want[N + 2];
				naive_apply(rt->nodes, len, m, want);
				cl_rt_copy(&c, rt);
				cl_intra_apply(&c, &f.p, m);
				for (int x = 0; x <= len + 1; x++)
					CHECK_INT(c.nodes[x], want[x]);
				int ok = route_ok(&c, &f.p);
				if (m->delta != INT64_MAX) {
					feasible++;
					CHECK(ok);
					CHECK_INT(c.cost - rt->cost, m->delta);
					if (m->delta < lowest)
						lowest = m->delta;
				} else {
					infeasible++;
					CHECK(!ok);
				}
			}
			CHECK_INT(has, lowest < 0);
			if (has) {
				improving++;
				CHECK_INT(best.delta, lowest);
			}
		}
	}
	CHECK(feasible > 1000);
	CHECK(infeasible > 1000);
	CHECK(improving > 50);
	cl_rt_free(&c);
	cl_state_free(&s);
}

/*
 * SWAP*: on random plans (both vehicle-type settings), a move predicted
 * feasible gives two feasible routes whose cost change is the predicted
 * one, u and v change routes, and every village stays on one route; no
 * placement of u and v (brute force over every pair of places) beats the
 * prediction by distance alone more than the filter allows -- i.e. the
 * move found is at least as good as swapping u and v in place when that
 * is feasible and cheaper by distance.
 */
static void test_swapstar(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_state s, c;
	struct cl_lns_work w;
	long found = 0, tried = 0;

	cl_rng_seed(&rng, 41);
	make_fake(&f, &rng, 1);
	CHECK_INT(cl_state_init(&s, &f.p), CL_OK);
	CHECK_INT(cl_state_init(&c, &f.p), CL_OK);
	CHECK_INT(cl_lns_work_init(&w, &f.p, s.nr), CL_OK);
	for (int trial = 0; trial < 20000 && tt_bad_checks < 20; trial++) {
		if (trial % 50 == 0) {
			make_fake(&f, &rng, trial % 100 == 0);
			random_plan(&s, &f.p, &rng);
		}
		int u = 1 + cl_rng_int(&rng, N - 1), v = 1 + cl_rng_int(&rng, N - 1);
		int ru = s.route_of[u], rv = s.route_of[v];
		if (ru == rv)
			continue;
		struct cl_swapstar m;
		int64_t d = cl_swapstar_delta(&s, &f.p, u, v, &m);
		tried++;
		if (d == INT64_MAX)
			continue;
		found++;
		CHECK_INT(m.delta, d);
		CHECK_INT(cl_state_copy(&c, &s), CL_OK);
		int64_t before = c.cost;
		cl_lns_begin(&w);
		cl_swapstar_apply(&c, &f.p, &w, &m);
		cl_state_cost(&c, &f.p);
		CHECK_INT(c.cost - before, d);
		CHECK(route_ok(&c.rt[ru], &f.p) && route_ok(&c.rt[rv], &f.p));
		CHECK_INT(c.route_of[u], rv);
		CHECK_INT(c.route_of[v], ru);
		CHECK_INT(c.rt[ru].len, s.rt[ru].len);
		CHECK_INT(c.rt[rv].len, s.rt[rv].len);
		int seen[N] = {0};
		for (int r = 0; r < c.nr; r++)
			for (int i = 1; i <= c.rt[r].len; i++) {
				seen[c.rt[r].nodes[i]]++;
				CHECK_INT(c.route_of[c.rt[r].nodes[i]], r);
			}
		for (int x = 1; x < N; x++)
			CHECK_INT(seen[x], 1);
		/* the move is never worse than the plain swap in place */
		int64_t plain = cl_move_delta(&s, &f.p, CL_MOVE_SWAP, u, v);
		if (plain != INT64_MAX)
			CHECK(d <= plain);
		if (d < 0 && cl_rng_int(&rng, 2))
			CHECK_INT(cl_state_copy(&s, &c), CL_OK);
	}
	CHECK(found > 300);
	CHECK(tried > 5000);
	cl_lns_work_free(&w);
	cl_state_free(&s);
	cl_state_free(&c);
}

int main(void)
{
	RUN(test_moves_one_type);
	RUN(test_moves_two_types);
	RUN(test_moves_multi_trip);
	RUN(test_local_search_improves);
	RUN(test_intra_moves);
	RUN(test_swapstar);
	TT_END();
}
