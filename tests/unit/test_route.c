/*
 * test_route.c -- property tests for move evaluation: segment joins and
 * insertion deltas agree with a plain forward simulation that tries every
 * departure time, on random small instances with every constraint type
 * (capacity with deliveries and pickups, opening hours, shift, duration
 * and distance limits).
 */
#include <limits.h>
#include <stdint.h>

#include "tinytest.h"
#include "search/prob.h"
#include "search/rng.h"
#include "search/route.h"
#include "search/seg.h"

#define N 9          /* depot + 8 villages */
#define HORIZON 400  /* time units: small enough to try every departure */

struct fake {
	struct cl_prob p;
	struct cl_ptype type;
	struct cl_pnode nodes[N];
	int32_t dist[N * N];
	int32_t time[N * N];
};

static void make_fake(struct fake *f, struct cl_rng *rng)
{
	int x[N], y[N];
	memset(f, 0, sizeof *f);
	for (int i = 0; i < N; i++) {
		x[i] = cl_rng_int(rng, 50);
		y[i] = cl_rng_int(rng, 50);
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int d = abs(x[i] - x[j]) + abs(y[i] - y[j]);
			f->dist[i * N + j] = d + (i != j ? cl_rng_int(rng, 5) : 0);
			f->time[i * N + j] = d / 2 + (i != j ? cl_rng_int(rng, 3) : 0);
		}
	for (int i = 1; i < N; i++) {
		struct cl_pnode *nd = &f->nodes[i];
		nd->demand = cl_rng_int(rng, 8);
		nd->pickup = cl_rng_int(rng, 3) ? 0 : cl_rng_int(rng, 8);
		nd->service = cl_rng_int(rng, 10);
		nd->tw_start = cl_rng_int(rng, 200);
		nd->tw_end = nd->tw_start + 20 + cl_rng_int(rng, 200);
	}
	f->type.count = 1;
	f->type.cap = 10 + cl_rng_int(rng, 20);
	f->type.shift_start = cl_rng_int(rng, 50);
	f->type.shift_end = 250 + cl_rng_int(rng, HORIZON - 250);
	f->type.max_dur = cl_rng_int(rng, 2) ? INT_MAX : 100 + cl_rng_int(rng, 200);
	f->type.max_dist = cl_rng_int(rng, 2) ? INT64_MAX : 100 + cl_rng_int(rng, 200);
	f->type.fixed = 1000;
	f->type.unit = 3;
	f->type.time = f->time;
	f->type.dist = f->dist;
	f->p.n = N;
	f->p.dist = f->dist;
	f->p.ntypes = 1;
	f->p.types = &f->type;
	f->p.nodes = f->nodes;
	f->p.penalty = 1000000;
}

/*
 * Brute force: is the route (villages seq[0..k-1]) feasible for some
 * departure, and what is the shortest duration over feasible departures?
 */
static int brute(const struct fake *f, const int *seq, int k, int *best_dur,
		 int64_t *dist)
{
	int feasible = 0;
	int load = 0, peak;
	int64_t d = 0;
	int prev = 0;

	for (int i = 0; i < k; i++)
		load += f->nodes[seq[i]].demand;
	peak = load;
	for (int i = 0; i < k; i++) {
		load += f->nodes[seq[i]].pickup - f->nodes[seq[i]].demand;
		if (load > peak)
			peak = load;
		d += f->dist[prev * N + seq[i]];
		prev = seq[i];
	}
	d += f->dist[prev * N + 0];
	*dist = d;
	*best_dur = INT_MAX;
	if (peak > f->type.cap || d > f->type.max_dist)
		return 0;
	for (int dep = f->type.shift_start; dep <= f->type.shift_end; dep++) {
		int t = dep, ok = 1;
		prev = 0;
		for (int i = 0; i < k && ok; i++) {
			const struct cl_pnode *nd = &f->nodes[seq[i]];
			t += f->time[prev * N + seq[i]];
			if (t < nd->tw_start)
				t = nd->tw_start;
			if (t > nd->tw_end)
				ok = 0;
			t += nd->service;
			prev = seq[i];
		}
		t += f->time[prev * N + 0];
		if (ok && t <= f->type.shift_end && t - dep <= f->type.max_dur) {
			feasible = 1;
			if (t - dep < *best_dur)
				*best_dur = t - dep;
		}
	}
	return feasible;
}

/* Joins of node summaries give the brute-force verdict and duration. */
static void test_seg_join_matches_brute_force(void)
{
	struct cl_rng rng;
	struct fake f;
	cl_rng_seed(&rng, 7);
	for (int trial = 0; trial < 3000; trial++) {
		int seq[N], k = 1 + cl_rng_int(&rng, N - 1);
		make_fake(&f, &rng);
		for (int i = 0; i < N - 1; i++)
			seq[i] = i + 1;
		for (int i = N - 2; i > 0; i--) {
			int j = cl_rng_int(&rng, i + 1), t = seq[i];
			seq[i] = seq[j];
			seq[j] = t;
		}
		struct cl_seg s, n;
		cl_seg_node(&s, &f.p, 0, 0);
		for (int i = 0; i < k; i++) {
			cl_seg_node(&n, &f.p, 0, seq[i]);
			cl_seg_join(&s, &s, &n, &f.p, 0);
		}
		cl_seg_node(&n, &f.p, 0, 0);
		cl_seg_join(&s, &s, &n, &f.p, 0);
		int dur;
		int64_t dist;
		int ok = brute(&f, seq, k, &dur, &dist);
		CHECK_INT(s.dist, dist);
		/* Without a duration limit, the join decides on tw alone. */
		int seg_ok = cl_seg_feasible(&s, &f.p, 0);
		CHECK_INT(seg_ok, ok);
		if (ok && seg_ok)
			CHECK_INT(s.dur, dur);
		if (seg_ok) {
			/* Departing at the earliest start e achieves duration dur. */
			int t = s.e, prev = 0, late = 0;
			for (int i = 0; i < k; i++) {
				t += f.time[prev * N + seq[i]];
				if (t < f.nodes[seq[i]].tw_start)
					t = f.nodes[seq[i]].tw_start;
				late |= t > f.nodes[seq[i]].tw_end;
				t += f.nodes[seq[i]].service;
				prev = seq[i];
			}
			t += f.time[prev * N];
			CHECK(!late);
			CHECK_INT(t - s.e, s.dur);
			CHECK(s.e >= f.type.shift_start);
		}
		if (tt_bad_checks > 20)
			return;
	}
}

/* The predicted insertion delta equals the recomputed cost change, and the
 * verdict equals the brute-force one. */
static void test_insert_delta_property(void)
{
	struct cl_rng rng;
	struct fake f;
	struct cl_rt r;
	cl_rng_seed(&rng, 11);
	CHECK_INT(cl_rt_init(&r, N - 1, 0, 0), CL_OK);
	long feasible = 0, infeasible = 0;
	for (int trial = 0; trial < 3000; trial++) {
		make_fake(&f, &rng);
		/* A random route of k villages (feasibility not required). */
		int k = cl_rng_int(&rng, N - 1);
		int used[N] = {0};
		r.len = 0;
		for (int i = 0; i < k; i++) {
			int v = 1 + cl_rng_int(&rng, N - 1);
			if (used[v])
				continue;
			used[v] = 1;
			r.nodes[++r.len] = v;
		}
		cl_rt_update(&r, &f.p);
		int v;
		do
			v = 1 + cl_rng_int(&rng, N - 1);
		while (used[v] && r.len < N - 1);
		if (used[v])
			continue;
		int pos = cl_rng_int(&rng, r.len + 1);
		int64_t before = r.cost;
		int64_t delta = cl_rt_insert_delta(&r, &f.p, v, pos);
		int seq[N], m = 0;
		for (int i = 1; i <= r.len; i++) {
			seq[m++] = r.nodes[i];
			if (i == pos)
				seq[m++] = v;
		}
		if (pos == 0) {
			memmove(seq + 1, seq, sizeof(int) * (size_t)r.len);
			seq[0] = v;
		}
		int dur;
		int64_t dist;
		int ok = brute(&f, seq, r.len + 1, &dur, &dist);
		CHECK_INT(delta != INT64_MAX, ok);
		cl_rt_insert(&r, &f.p, v, pos);
		for (int i = 0; i < r.len; i++)
			CHECK_INT(r.nodes[i + 1], seq[i]);
		if (ok) {
			feasible++;
			CHECK_INT(r.cost - before, delta);
			CHECK_INT(r.cost, f.type.fixed + f.type.unit * dist);
		} else {
			infeasible++;
		}
		if (tt_bad_checks > 20)
			break;
	}
	/* Both verdicts were exercised. */
	CHECK(feasible > 100);
	CHECK(infeasible > 100);
	cl_rt_free(&r);
}

/* Removing a range and updating gives the same summaries as building the
 * shorter route from scratch. */
static void test_remove_range(void)
{
	struct cl_rng rng;
	struct fake f;
	struct cl_rt a, b;
	cl_rng_seed(&rng, 3);
	make_fake(&f, &rng);
	CHECK_INT(cl_rt_init(&a, N - 1, 0, 0), CL_OK);
	CHECK_INT(cl_rt_init(&b, N - 1, 0, 0), CL_OK);
	for (int i = 1; i < N; i++)
		a.nodes[i] = i;
	a.len = N - 1;
	cl_rt_update(&a, &f.p);
	cl_rt_remove_range(&a, 3, 5);
	cl_rt_update(&a, &f.p);
	int want[] = {1, 2, 6, 7, 8};
	b.len = 5;
	for (int i = 0; i < 5; i++)
		b.nodes[i + 1] = want[i];
	cl_rt_update(&b, &f.p);
	CHECK_INT(a.len, 5);
	for (int i = 0; i <= 6; i++) {
		CHECK_INT(a.nodes[i], b.nodes[i]);
		CHECK_INT(a.pre[i].dist, b.pre[i].dist);
		CHECK_INT(a.suf[i].dur, b.suf[i].dur);
	}
	CHECK_INT(a.cost, b.cost);
	cl_rt_free(&a);
	cl_rt_free(&b);
}

/* The classic pickup-and-delivery trap: the start load fits, but pickups
 * early on overflow the vehicle before the deliveries are made. */
static void test_pickup_peak(void)
{
	struct cl_rng rng;
	struct fake f;
	cl_rng_seed(&rng, 5);
	make_fake(&f, &rng);
	for (int i = 1; i < N; i++) {
		f.nodes[i].tw_start = 0;
		f.nodes[i].tw_end = HORIZON;
		f.nodes[i].demand = 0;
		f.nodes[i].pickup = 0;
	}
	f.type.shift_start = 0;
	f.type.shift_end = 100000;
	f.type.max_dur = INT_MAX;
	f.type.max_dist = INT64_MAX;
	f.type.cap = 10;
	f.nodes[1].pickup = 6;   /* collect 6 first ... */
	f.nodes[2].demand = 8;   /* ... while 8 are still on board */
	struct cl_rt r;
	CHECK_INT(cl_rt_init(&r, N - 1, 0, 0), CL_OK);
	r.len = 1;
	r.nodes[1] = 2;
	cl_rt_update(&r, &f.p);
	CHECK(cl_rt_insert_delta(&r, &f.p, 1, 0) == INT64_MAX);  /* 1 before 2: 14 on board */
	CHECK(cl_rt_insert_delta(&r, &f.p, 1, 1) != INT64_MAX);  /* 2 before 1: at most 8 */
	cl_rt_free(&r);
}

int main(void)
{
	RUN(test_seg_join_matches_brute_force);
	RUN(test_insert_delta_property);
	RUN(test_remove_range);
	RUN(test_pickup_peak);
	TT_END();
}
