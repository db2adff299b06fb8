/*
 * test_route.c -- property tests for move evaluation: segment joins and
 * insertion deltas agree with a plain forward simulation that tries every
 * departure time, on random small instances with every constraint type
 * (capacity with deliveries and pickups, opening hours, shift, duration
 * and distance limits).
 */
#include <limits.h>
#include <stdint.h>

#include "fake_prob.h"
#include "tinytest.h"
#include "search/prob.h"
#include "search/rng.h"
#include "search/route.h"
#include "search/seg.h"

#define N 9          /* depot + 8 villages */
#define HORIZON 400  /* time units: small enough to try every departure */

/*
 * A random instance (tests/fixtures/fake_prob.h): distances and times with
 * noise, so that they disagree; every node and type limit drawn.
 */
static void make_fake(struct fake_prob *f, struct cl_rng *rng)
{
	struct cl_ptype *ty;

	fake_begin(f, N, 1, rng, 50);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int d = fake_manhattan(f, i, j);
			f->dist[i * N + j] = d + (i != j ? cl_rng_int(rng, 5) : 0);
			f->time[0][i * N + j] = d / 2 + (i != j ? cl_rng_int(rng, 3) : 0);
		}
	for (int i = 1; i < N; i++) {
		struct cl_pnode *nd = &f->nodes[i];
		nd->demand = cl_rng_int(rng, 8);
		nd->pickup = cl_rng_int(rng, 3) ? 0 : cl_rng_int(rng, 8);
		nd->service = cl_rng_int(rng, 10);
		nd->tw_start = cl_rng_int(rng, 200);
		nd->tw_end = nd->tw_start + 20 + cl_rng_int(rng, 200);
	}
	ty = fake_type(f, 0);
	ty->cap = 10 + cl_rng_int(rng, 20);
	ty->shift_start = cl_rng_int(rng, 50);
	ty->shift_end = 250 + cl_rng_int(rng, HORIZON - 250);
	ty->max_dur = cl_rng_int(rng, 2) ? INT_MAX : 100 + cl_rng_int(rng, 200);
	ty->max_dist = cl_rng_int(rng, 2) ? INT64_MAX : 100 + cl_rng_int(rng, 200);
	ty->fixed = 1000;
	ty->unit = 3;
	fake_end(f, FAKE_NEAR_NONE);
}

/*
 * Brute force: is the route (villages seq[0..k-1]) feasible for some
 * departure, and what is the shortest duration over feasible departures?
 */
static int brute(const struct fake_prob *f, const int *seq, int k, int *best_dur,
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
	if (peak > f->types[0].cap || d > f->types[0].max_dist)
		return 0;
	for (int dep = f->types[0].shift_start; dep <= f->types[0].shift_end; dep++) {
		int t = dep, ok = 1;
		prev = 0;
		for (int i = 0; i < k && ok; i++) {
			const struct cl_pnode *nd = &f->nodes[seq[i]];
			t += f->time[0][prev * N + seq[i]];
			if (t < nd->tw_start)
				t = nd->tw_start;
			if (t > nd->tw_end)
				ok = 0;
			t += nd->service;
			prev = seq[i];
		}
		t += f->time[0][prev * N + 0];
		if (ok && t <= f->types[0].shift_end && t - dep <= f->types[0].max_dur) {
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
	struct fake_prob f;
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
				t += f.time[0][prev * N + seq[i]];
				if (t < f.nodes[seq[i]].tw_start)
					t = f.nodes[seq[i]].tw_start;
				late |= t > f.nodes[seq[i]].tw_end;
				t += f.nodes[seq[i]].service;
				prev = seq[i];
			}
			t += f.time[0][prev * N];
			CHECK(!late);
			CHECK_INT(t - s.e, s.dur);
			CHECK(s.e >= f.types[0].shift_start);
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
	struct fake_prob f;
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
			CHECK_INT(r.cost, f.types[0].fixed + f.types[0].unit * dist);
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
	struct fake_prob f;
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
	struct fake_prob f;
	cl_rng_seed(&rng, 5);
	make_fake(&f, &rng);
	for (int i = 1; i < N; i++) {
		f.nodes[i].tw_start = 0;
		f.nodes[i].tw_end = HORIZON;
		f.nodes[i].demand = 0;
		f.nodes[i].pickup = 0;
	}
	f.types[0].shift_start = 0;
	f.types[0].shift_end = 100000;
	f.types[0].max_dur = INT_MAX;
	f.types[0].max_dist = INT64_MAX;
	f.types[0].cap = 10;
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

/* ------------------------------------------------------------------ */
/* Multi-trip days: reloads, release dates, access, cost per hour.      */

/* Draw per-trip limits of villages and grams (drone sorties) too. */
static int sortie_limits;

/* Make f a multi-trip instance: reload time, trips, per-trip range,
 * release dates on some villages, villages the type may not serve, wages;
 * with sortie_limits, villages and grams per trip. */
static void make_multi(struct fake_prob *f, struct cl_rng *rng)
{
	make_fake(f, rng);
	f->types[0].max_trips = 1 + cl_rng_int(rng, 3);
	f->types[0].reload = cl_rng_int(rng, 25);
	f->types[0].max_trip = cl_rng_int(rng, 2) ? INT64_MAX : 60 + cl_rng_int(rng, 120);
	f->types[0].hourly = cl_rng_int(rng, 2) ? 0 : 3600 * (1 + cl_rng_int(rng, 50));
	f->types[0].cap = 10 + cl_rng_int(rng, 15);
	for (int i = 1; i < N; i++) {
		if (cl_rng_int(rng, 2))
			f->nodes[i].tw_end = f->nodes[i].tw_start + 100 + cl_rng_int(rng, 300);
		f->nodes[i].rel = cl_rng_int(rng, 2) ? 0 : cl_rng_int(rng, 200);
		f->nodes[i].deny = cl_rng_int(rng, 12) ? 0 : 1;
	}
	if (sortie_limits) {
		/* a drone's sortie: few villages, a payload in grams */
		f->types[0].max_stops = cl_rng_int(rng, 3) ? 1 + cl_rng_int(rng, 3) : INT_MAX;
		f->types[0].max_wg = cl_rng_int(rng, 3) ? 1000 + cl_rng_int(rng, 4000) : INT64_MAX;
		f->types[0].max_trips = 1 + cl_rng_int(rng, 5);
		for (int i = 1; i < N; i++)
			f->nodes[i].wg = cl_rng_int(rng, 4) ? cl_rng_int(rng, 2500) : 0;
	}
	cl_prob_derive(&f->p);
}

/*
 * Brute force over a day seq[0..k-1] (0 = reload): every departure time;
 * each trip leaves the depot at max(arrival + reload, its release) (the
 * first at the departure, which must not precede its release); a trip's
 * load starts with its deliveries. Returns feasibility, and the shortest
 * day, the distance and the cost of the cheapest departure.
 */
static int brute_day(const struct fake_prob *f, const int *seq, int k, int *best_dur,
		     int64_t *dist, int64_t *cost)
{
	const struct cl_ptype *ty = &f->types[0];
	int trips = 0, peak = 0, denied = 0, stops_max = 0;
	int64_t d = 0, trip_d = 0, trip_max = 0, wg_max = 0;
	int prev = 0;

	/* loads, distances and trips do not depend on the departure */
	for (int i = 0; i <= k; i++) {
		int v = i < k ? seq[i] : 0;
		d += f->dist[prev * N + v];
		trip_d += f->dist[prev * N + v];
		if (v == 0) {
			/* a trip ends: its load and length */
			int load = 0, has = 0, j = i - 1;
			int64_t wg = 0;
			while (j >= 0 && seq[j] != 0)
				j--;
			for (int q = j + 1; q < i; q++) {
				load += f->nodes[seq[q]].demand;
				wg += f->nodes[seq[q]].wg;
			}
			if (i - j - 1 > stops_max)
				stops_max = i - j - 1;
			if (wg > wg_max)
				wg_max = wg;
			int pk = load;
			for (int q = j + 1; q < i; q++) {
				load += f->nodes[seq[q]].pickup - f->nodes[seq[q]].demand;
				if (load > pk)
					pk = load;
				has = 1;
			}
			if (pk > peak)
				peak = pk;
			trips += has;
			if (trip_d > trip_max)
				trip_max = trip_d;
			trip_d = 0;
		} else if (f->nodes[v].deny & 1u) {
			denied = 1;
		}
		prev = v;
	}
	*dist = d;
	*best_dur = INT_MAX;
	if (denied || peak > ty->cap || d > ty->max_dist || trips > ty->max_trips ||
	    trip_max > ty->max_trip || stops_max > ty->max_stops || wg_max > ty->max_wg)
		return 0;
	for (int dep = ty->shift_start; dep <= ty->shift_end; dep++) {
		int t = dep, ok = 1, rel = 0;
		for (int q = 0; q < k && seq[q] != 0; q++)
			rel = f->nodes[seq[q]].rel > rel ? f->nodes[seq[q]].rel : rel;
		if (dep < rel)
			continue;
		prev = 0;
		for (int i = 0; i < k && ok; i++) {
			int v = seq[i];
			t += f->time[0][prev * N + v];
			if (v == 0) {
				if (t < ty->shift_start)
					t = ty->shift_start;
				if (t > ty->shift_end)
					ok = 0;
				t += ty->reload;
				rel = 0;
				for (int q = i + 1; q < k && seq[q] != 0; q++)
					if (f->nodes[seq[q]].rel > rel)
						rel = f->nodes[seq[q]].rel;
				if (t < rel)
					t = rel;
			} else {
				const struct cl_pnode *nd = &f->nodes[v];
				if (t < nd->tw_start)
					t = nd->tw_start;
				if (t > nd->tw_end)
					ok = 0;
				t += nd->service;
			}
			prev = v;
		}
		t += f->time[0][prev * N + 0];
		if (ok && t <= ty->shift_end && t - dep <= ty->max_dur && t - dep < *best_dur)
			*best_dur = t - dep;
	}
	if (*best_dur == INT_MAX)
		return 0;
	*cost = ty->fixed + ty->unit * d + ty->hourly * *best_dur / 3600;
	return 1;
}

/* The summary of node[lo..hi], joined in a random binary tree. */
static void join_tree(struct cl_seg *out, const struct cl_seg *node, int lo, int hi,
		      const struct cl_prob *p, struct cl_rng *rng)
{
	struct cl_seg l, r;
	if (lo == hi) {
		*out = node[lo];
		return;
	}
	int mid = lo + cl_rng_int(rng, hi - lo);
	join_tree(&l, node, lo, mid, p, rng);
	join_tree(&r, node, mid + 1, hi, p, rng);
	cl_seg_join(out, &l, &r, p, 0);
}

/* r = the day seq[0..k-1] (cl_rt_update'd); used[v] = 1 for its villages. */
static void set_day(struct cl_rt *r, const struct cl_prob *p, const int *seq, int k,
		    int *used)
{
	r->len = k;
	for (int i = 0; i < k; i++) {
		r->nodes[i + 1] = seq[i];
		used[seq[i]] = 1;
	}
	cl_rt_update(r, p);
}

/* seq[0..k-1] without its reloads (one trip); returns the new length. */
static int drop_reloads(int *seq, int k)
{
	int m = 0;

	for (int i = 0; i < k; i++)
		if (seq[i] != 0)
			seq[m++] = seq[i];
	return m;
}

/* Does the day want[0..m-1] hold an empty trip (a reload next to the
 * depot or to another reload)? */
static int has_empty_trip(const int *want, int m)
{
	for (int i = 0; i < m; i++)
		if (want[i] == 0 && (i == 0 || i == m - 1 || want[i - 1] == 0))
			return 1;
	return 0;
}

/* A random day: k distinct villages with reloads between some of them
 * (never two in a row, never first or last). */
static int random_day(struct cl_rng *rng, int *seq, int kmax)
{
	int used[N] = {0}, k = 0, nv = 1 + cl_rng_int(rng, kmax);
	for (int i = 0; i < nv; i++) {
		int v = 1 + cl_rng_int(rng, N - 1);
		if (used[v])
			continue;
		used[v] = 1;
		if (k > 0 && seq[k - 1] != 0 && cl_rng_int(rng, 3) == 0)
			seq[k++] = 0;
		seq[k++] = v;
	}
	return k;
}

/* Joins of node and reload summaries, cut at any point, give the brute
 * force's verdict, day length and cost; departing at e achieves it. */
static void test_day_matches_brute_force(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	long ok_days = 0, bad_days = 0, multi = 0;
	cl_rng_seed(&rng, 29);
	for (int trial = 0; trial < 4000 && tt_bad_checks < 20; trial++) {
		int seq[2 * N];
		make_multi(&f, &rng);
		int k = random_day(&rng, seq, N - 1);
		struct cl_seg node[2 * N + 2], left, right, whole;
		/* node summaries: start depot, the day, end depot */
		cl_seg_node(&node[0], &f.p, 0, 0);
		for (int i = 0; i < k; i++) {
			if (seq[i] == 0)
				cl_seg_reload(&node[i + 1], &f.p, 0);
			else
				cl_seg_node(&node[i + 1], &f.p, 0, seq[i]);
		}
		cl_seg_node(&node[k + 1], &f.p, 0, 0);
		/* left = nodes[0..cut], right = nodes[cut+1..k+1], each built
		 * from the middle outwards (right to left for right). */
		int cut = cl_rng_int(&rng, k + 1);
		left = node[0];
		for (int i = 1; i <= cut; i++)
			cl_seg_join(&left, &left, &node[i], &f.p, 0);
		right = node[k + 1];
		for (int i = k; i > cut; i--)
			cl_seg_join(&right, &node[i], &right, &f.p, 0);
		cl_seg_join(&whole, &left, &right, &f.p, 0);
		/* any order of joins gives the same summary's verdict and day */
		struct cl_seg tree;
		struct cl_day dt;
		join_tree(&tree, node, 0, k + 1, &f.p, &rng);
		cl_seg_day(&dt, &tree, &f.p, 0);

		int dur;
		int64_t dist, cost = 0;
		int ok = brute_day(&f, seq, k, &dur, &dist, &cost);
		struct cl_day d;
		cl_seg_day(&d, &whole, &f.p, 0);
		CHECK_INT(whole.dist, dist);
		CHECK_INT(cl_seg_feasible(&whole, &f.p, 0), ok);
		int64_t c = cl_rt_eval(&f.p, 0, &whole);
		CHECK_INT(c != INT64_MAX, ok);
		CHECK_INT(cl_rt_eval(&f.p, 0, &tree), c);
		CHECK_INT(tree.dist, dist);
		multi += whole.nrl > 0;
		if (!ok) {
			bad_days++;
			continue;
		}
		ok_days++;
		CHECK_INT(d.dur, dur);
		CHECK_INT(dt.dur, dur);
		CHECK_INT(dt.e, d.e);
		CHECK_INT(c, cost);
		CHECK_INT(cl_rt_cost_of(&f.p, 0, &whole), cost);
		/* Departing at e, each trip as early as it may, takes dur. */
		int t = d.e, prev = 0, late = 0;
		for (int i = 0; i < k; i++) {
			int v = seq[i];
			t += f.time[0][prev * N + v];
			if (v == 0) {
				t = t < f.types[0].shift_start ? f.types[0].shift_start : t;
				t += f.types[0].reload;
				for (int q = i + 1; q < k && seq[q] != 0; q++)
					t = t < f.nodes[seq[q]].rel ? f.nodes[seq[q]].rel : t;
			} else {
				t = t < f.nodes[v].tw_start ? f.nodes[v].tw_start : t;
				late |= t > f.nodes[v].tw_end;
				t += f.nodes[v].service;
			}
			prev = v;
		}
		t += f.time[0][prev * N];
		CHECK(!late);
		CHECK_INT(t - d.e, d.dur);
	}
	CHECK(ok_days > 300);
	CHECK(bad_days > 300);
	CHECK(multi > 1000);
}

/* Insertions into days with reloads (between two nodes, or with a new
 * trip on either side): predicted delta = recomputed, verdict = brute
 * force. */
static void test_insert_delta_trips(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long ok_n[3] = {0, 0, 0}, bad_n = 0;
	cl_rng_seed(&rng, 31);
	CHECK_INT(cl_rt_init(&r, 2 * N, 0, 0), CL_OK);
	for (int trial = 0; trial < 12000 && tt_bad_checks < 20; trial++) {
		int seq[2 * N + 2];
		make_multi(&f, &rng);
		int k = random_day(&rng, seq, N - 2);
		int used[N] = {0};
		set_day(&r, &f.p, seq, k, used);
		CHECK_INT(r.len, k);   /* no empty trip to drop */
		int v = 1 + cl_rng_int(&rng, N - 1);
		if (used[v])
			continue;
		int pos = cl_rng_int(&rng, r.len + 1);
		int how = cl_rng_int(&rng, 3);   /* 0 plain, 1 new trip after, 2 before */
		int64_t before = r.cost;
		int64_t delta = how == 0 ? cl_rt_insert_delta(&r, &f.p, v, pos) :
			cl_rt_insert_trip_delta(&r, &f.p, v, pos,
						how == 1 ? CL_TRIP_AFTER : CL_TRIP_BEFORE);
		/* the day after the insertion */
		int m = 0, want[2 * N + 4];
		for (int i = 0; i <= r.len; i++) {
			if (i > 0)
				want[m++] = r.nodes[i];
			if (i == pos) {
				if (how == 2)
					want[m++] = 0;
				want[m++] = v;
				if (how == 1)
					want[m++] = 0;
			}
		}
		int empty_trip = has_empty_trip(want, m);
		int dur;
		int64_t dist, cost = 0;
		int ok = brute_day(&f, want, m, &dur, &dist, &cost);
		if (empty_trip) {
			/* a reload next to the depot: refused */
			CHECK(delta == INT64_MAX);
			continue;
		}
		CHECK_INT(delta != INT64_MAX, ok);
		if (!ok) {
			bad_n++;
			continue;
		}
		ok_n[how]++;
		CHECK_INT(delta, cost - before);
		if (how == 0)
			cl_rt_insert(&r, &f.p, v, pos);
		else
			cl_rt_insert_trip(&r, &f.p, v, pos,
					  how == 1 ? CL_TRIP_AFTER : CL_TRIP_BEFORE);
		CHECK_INT(r.len, m);
		for (int i = 0; i < m; i++)
			CHECK_INT(r.nodes[i + 1], want[i]);
		CHECK_INT(r.cost, cost);
	}
	CHECK(ok_n[0] > 200);
	CHECK(ok_n[1] > 100);
	CHECK(ok_n[2] > 100);
	CHECK(bad_n > 200);
	cl_rt_free(&r);
}

/*
 * cl_rt_edit_cost (fleet minimisation's ejections): a day with up to two
 * villages taken off and one put in costs what the brute-force walk of
 * the resulting day says, and is refused exactly when that day is
 * infeasible. Days whose edit leaves a trip empty are passed over (the
 * walk and cl_rt_update both drop such a trip; the edit counts it).
 */
static void test_edit_cost(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long ok_n[3] = {0, 0, 0}, bad_n = 0;

	cl_rng_seed(&rng, 37);
	CHECK_INT(cl_rt_init(&r, 2 * N, 0, 0), CL_OK);
	for (int trial = 0; trial < 20000 && tt_bad_checks < 20; trial++) {
		int seq[2 * N + 2];
		if (cl_rng_int(&rng, 2))
			make_multi(&f, &rng);
		else
			make_fake(&f, &rng);
		int k = random_day(&rng, seq, N - 2);
		int used[N] = {0};
		set_day(&r, &f.p, seq, k, used);
		int v = 1 + cl_rng_int(&rng, N - 1);
		if (used[v] || r.len != k)
			continue;
		int pos = cl_rng_int(&rng, r.len + 1);
		/* up to two villages off, ascending, none at pos */
		int out[2], nout = 0, want_k = cl_rng_int(&rng, 3);
		for (int i = 1; i <= r.len && nout < want_k; i++)
			if (r.nodes[i] != 0 && i != pos && cl_rng_int(&rng, 2) == 0)
				out[nout++] = i;
		int64_t c = cl_rt_edit_cost(&r, &f.p, v, pos, out, nout);
		/* the day after the edit */
		int m = 0, q = 0, want[2 * N + 4];
		for (int i = 0; i <= r.len; i++) {
			if (i > 0 && q < nout && out[q] == i)
				q++;
			else if (i > 0)
				want[m++] = r.nodes[i];
			if (i == pos)
				want[m++] = v;
		}
		int empty_trip = has_empty_trip(want, m);
		if (empty_trip)
			continue;
		int dur;
		int64_t dist, cost = 0;
		int ok = brute_day(&f, want, m, &dur, &dist, &cost);
		CHECK_INT(c != INT64_MAX, ok);
		if (!ok) {
			bad_n++;
			continue;
		}
		ok_n[nout]++;
		CHECK_INT(c, cost);
	}
	CHECK(ok_n[0] > 200);
	CHECK(ok_n[1] > 200);
	CHECK(ok_n[2] > 100);
	CHECK(bad_n > 200);
	cl_rt_free(&r);
}

/* Removing villages keeps the reloads; cl_rt_update drops the trips left
 * empty, and the day gets no dearer. */
static void test_drop_empty_trips(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long dropped = 0;
	cl_rng_seed(&rng, 37);
	CHECK_INT(cl_rt_init(&r, 2 * N, 0, 0), CL_OK);
	for (int trial = 0; trial < 3000 && tt_bad_checks < 20; trial++) {
		int seq[2 * N];
		make_multi(&f, &rng);
		f.types[0].max_trips = 50;
		cl_prob_derive(&f.p);
		int k = random_day(&rng, seq, N - 1);
		r.len = k;
		memcpy(r.nodes + 1, seq, sizeof(int) * (size_t)k);
		cl_rt_update(&r, &f.p);
		int64_t full = r.cost;
		int feasible = cl_seg_feasible(&r.pre[r.len + 1], &f.p, 0);
		int from = 1 + cl_rng_int(&rng, k), to = from + cl_rng_int(&rng, k - from + 1);
		int reloads = 0, villages = 0;
		for (int i = from; i <= to; i++) {
			reloads += r.nodes[i] == 0;
			villages += r.nodes[i] != 0;
		}
		cl_rt_remove_range(&r, from, to);
		CHECK_INT(r.len, k - villages);
		/* the raw day: every reload still there */
		struct cl_seg raw, n;
		cl_seg_node(&raw, &f.p, 0, 0);
		for (int i = 1; i <= r.len; i++) {
			if (r.nodes[i] == 0)
				cl_seg_reload(&n, &f.p, 0);
			else
				cl_seg_node(&n, &f.p, 0, r.nodes[i]);
			cl_seg_join(&raw, &raw, &n, &f.p, 0);
		}
		cl_seg_node(&n, &f.p, 0, 0);
		cl_seg_join(&raw, &raw, &n, &f.p, 0);
		int raw_ok = cl_seg_feasible(&raw, &f.p, 0);
		int64_t raw_cost = cl_rt_cost_of(&f.p, 0, &raw);
		int len = r.len;
		cl_rt_update(&r, &f.p);
		dropped += r.len < len;
		for (int i = 1; i <= r.len; i++) {
			CHECK(r.nodes[i] != 0 || (r.nodes[i - 1] != 0 && i < r.len));
		}
		if (r.len == 0) {
			CHECK_INT(r.cost, 0);
			continue;
		}
		int now_ok = cl_seg_feasible(&r.pre[r.len + 1], &f.p, 0);
		CHECK(!raw_ok || now_ok);
		CHECK(r.cost <= raw_cost);
		(void)full;
		(void)feasible;
		(void)reloads;
	}
	CHECK(dropped > 200);
	cl_rt_free(&r);
}

/*
 * Drone sorties: the same property tests with limits of villages and
 * grams per trip drawn, and the limits bind (a day the brute force
 * accepts without them and refuses with them) often enough to matter.
 */
static void test_sortie_limits(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	long bind = 0, trials = 0;

	sortie_limits = 1;
	test_day_matches_brute_force();
	test_insert_delta_trips();
	cl_rng_seed(&rng, 41);
	for (int trial = 0; trial < 3000 && tt_bad_checks < 20; trial++) {
		int seq[2 * N], dur;
		int64_t dist, cost;
		struct cl_seg s, n;
		make_multi(&f, &rng);
		int k = random_day(&rng, seq, N - 1);
		int with = brute_day(&f, seq, k, &dur, &dist, &cost);
		cl_seg_node(&s, &f.p, 0, 0);
		for (int i = 0; i < k; i++) {
			if (seq[i] == 0)
				cl_seg_reload(&n, &f.p, 0);
			else
				cl_seg_node(&n, &f.p, 0, seq[i]);
			cl_seg_join(&s, &s, &n, &f.p, 0);
		}
		cl_seg_node(&n, &f.p, 0, 0);
		cl_seg_join(&s, &s, &n, &f.p, 0);
		CHECK_INT(cl_seg_feasible(&s, &f.p, 0), with);
		f.types[0].max_stops = INT_MAX;
		f.types[0].max_wg = INT64_MAX;
		bind += !with && brute_day(&f, seq, k, &dur, &dist, &cost);
		trials++;
	}
	sortie_limits = 0;
	CHECK(bind > 100);   /* 176 of 3000 with seed 41 */
}

/* Do two summaries hold the same figures (those their reloads make
 * meaningful)? */
static int seg_same(const struct cl_seg *a, const struct cl_seg *b)
{
	int same = a->dist == b->dist && a->dur == b->dur && a->tw == b->tw &&
		   a->e == b->e && a->l == b->l && a->dl == b->dl && a->pk == b->pk &&
		   a->peak == b->peak && a->rel == b->rel && a->hn == b->hn &&
		   a->wg == b->wg && a->first == b->first && a->last == b->last &&
		   a->bad == b->bad && a->nrl == b->nrl;
	if (same && a->nrl > 0)
		same = a->hdist == b->hdist && a->t.dur == b->t.dur && a->t.tw == b->t.tw &&
		       a->t.e == b->t.e && a->t.l == b->t.l && a->tfirst == b->tfirst &&
		       a->tdl == b->tdl && a->tpk == b->tpk && a->tpeak == b->tpeak &&
		       a->trel == b->trel && a->tn == b->tn && a->tdist == b->tdist &&
		       a->twg == b->twg;
	if (same && a->nrl > 1)
		same = a->c.dur == b->c.dur && a->c.tw == b->c.tw && a->c.e == b->c.e &&
		       a->c.l == b->c.l && a->cpeak == b->cpeak && a->ctrips == b->ctrips &&
		       a->cdmax == b->cdmax && a->cnmax == b->cnmax && a->cwg == b->cwg;
	return same;
}

/* ref = a new route of r's nodes, cl_rt_update'd (free it). */
static void updated_copy(struct cl_rt *ref, const struct cl_rt *r, const struct cl_prob *p)
{
	CHECK_INT(cl_rt_init(ref, r->len, r->type, 0), CL_OK);
	ref->len = r->len;
	memcpy(ref->nodes + 1, r->nodes + 1, sizeof(int) * (size_t)r->len);
	cl_rt_update(ref, p);
}

/* r's summaries, cost and figures are those cl_rt_update gives its nodes. */
static void check_as_updated(const struct cl_rt *r, const struct cl_prob *p)
{
	struct cl_rt ref;

	updated_copy(&ref, r, p);
	CHECK_INT(ref.len, r->len);
	for (int i = 0; i <= r->len + 1 && tt_bad_checks < 20; i++) {
		CHECK_INT(r->nodes[i], ref.nodes[i]);
		CHECK(seg_same(&r->pre[i], &ref.pre[i]));
		CHECK(seg_same(&r->suf[i], &ref.suf[i]));
	}
	CHECK_INT(r->cost, ref.cost);
	CHECK_INT(r->dl, ref.dl);
	CHECK_INT(r->pk, ref.pk);
	CHECK_INT(r->reloads, ref.reloads);
	cl_rt_free(&ref);
}

/* r's prefixes, cost and figures are those cl_rt_update gives its nodes. */
static void check_pre_as_updated(const struct cl_rt *r, const struct cl_prob *p)
{
	struct cl_rt ref;

	updated_copy(&ref, r, p);
	for (int i = 0; i <= r->len + 1 && tt_bad_checks < 20; i++)
		CHECK(seg_same(&r->pre[i], &ref.pre[i]));
	CHECK_INT(r->cost, ref.cost);
	CHECK_INT(r->dl, ref.dl);
	CHECK_INT(r->pk, ref.pk);
	cl_rt_free(&ref);
}

/*
 * cl_rt_insert, cl_rt_insert_trip and cl_rt_update_cut recompute only the
 * summaries their change touches: after random sequences of them (one
 * trip and several, one string removed or two with a run kept between,
 * as the ruin's split string), every summary is what cl_rt_update gives.
 */
static void test_partial_updates(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long cuts = 0, trips = 0;

	cl_rng_seed(&rng, 53);
	CHECK_INT(cl_rt_init(&r, 2, 0, 0), CL_OK);
	for (int trial = 0; trial < 1500 && tt_bad_checks < 20; trial++) {
		int seq[2 * N];
		make_multi(&f, &rng);
		int k = random_day(&rng, seq, N - 1), used[N] = {0};
		if (f.types[0].max_trips == 1)
			k = drop_reloads(seq, k);   /* one trip: no reloads */
		CHECK_INT(cl_rt_reserve(&r, k), CL_OK);
		set_day(&r, &f.p, seq, k, used);
		check_as_updated(&r, &f.p);
		for (int step = 0; step < 6 && tt_bad_checks < 20; step++) {
			int on[N] = {0}, v = 0;
			for (int i = 1; i <= r.len; i++)
				on[r.nodes[i]] = 1;
			for (int u = 1; u < N && !v; u++)
				v = !on[u] && cl_rng_int(&rng, 2) ? u : 0;
			int how = cl_rng_int(&rng, 3);
			if (how == 0 && v) {
				cl_rt_insert(&r, &f.p, v, cl_rng_int(&rng, r.len + 1));
			} else if (how == 1 && v && r.len > 0) {
				int pos = cl_rng_int(&rng, r.len + 1);
				enum cl_trip_side side = cl_rng_int(&rng, 2) ? CL_TRIP_AFTER
									 : CL_TRIP_BEFORE;
				cl_rt_insert_trip(&r, &f.p, v, pos, side);
				trips++;
			} else if (r.len > 0) {
				/* one string, or two with a kept run between them
				 * (the right one removed first) */
				int len = r.len, a = 1 + cl_rng_int(&rng, len);
				int b = a + cl_rng_int(&rng, len - a + 1);
				int from = a, to = b;
				if (b - a >= 2 && cl_rng_int(&rng, 2)) {
					int keep = a + 1 + cl_rng_int(&rng, b - a - 1);
					cl_rt_remove_range(&r, keep + 1, b);
					cl_rt_remove_range(&r, a, keep - 1);
				} else {
					cl_rt_remove_range(&r, a, b);
				}
				cl_rt_update_cut(&r, &f.p, from, to, len);
				cuts++;
			}
			check_as_updated(&r, &f.p);
		}
	}
	CHECK(cuts > 1000);
	CHECK(trips > 500);
	cl_rt_free(&r);
}

/*
 * cl_rt_cut_later and cl_rt_insert_later (plain problems: route.h, later)
 * leave the summaries pending across several changes: after random runs
 * of them (strings cut as the ruin does, the split string's two pieces,
 * insertions anywhere, a route emptied and refilled), cl_rt_settle gives
 * the prefixes, the cost and the figures cl_rt_update gives the nodes,
 * and cl_rt_fresh_suf then the suffixes -- or an ordinary insertion all
 * of them; dl and pk are right while pending; a pending route copies.
 */
static void test_pending_updates(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r, c;
	long changes = 0, emptied = 0, stale_inserts = 0;

	cl_rng_seed(&rng, 61);
	CHECK_INT(cl_rt_init(&r, 2, 0, 0), CL_OK);
	CHECK_INT(cl_rt_init(&c, 2, 0, 0), CL_OK);
	for (int trial = 0; trial < 1500 && tt_bad_checks < 20; trial++) {
		int seq[2 * N];
		make_fake(&f, &rng);
		int k = drop_reloads(seq, random_day(&rng, seq, N - 1)), used[N] = {0};
		CHECK_INT(cl_rt_reserve(&r, k), CL_OK);
		set_day(&r, &f.p, seq, k, used);
		int steps = 1 + cl_rng_int(&rng, 8);
		for (int step = 0; step < steps; step++) {
			int on[N] = {0}, v = 0;
			for (int i = 1; i <= r.len; i++)
				on[r.nodes[i]] = 1;
			for (int u = 1; u < N && !v; u++)
				v = !on[u] && cl_rng_int(&rng, 2) ? u : 0;
			if (v && (r.len == 0 || cl_rng_int(&rng, 2))) {
				cl_rt_insert_later(&r, &f.p, v, cl_rng_int(&rng, r.len + 1));
			} else if (r.len > 0) {
				int len = r.len, a = 1 + cl_rng_int(&rng, len);
				int b = a + cl_rng_int(&rng, len - a + 1);
				for (int i = a; i <= b; i++) {
					r.dl -= f.nodes[r.nodes[i]].demand;
					r.pk -= f.nodes[r.nodes[i]].pickup;
				}
				if (b - a >= 2 && cl_rng_int(&rng, 2)) {
					int keep = a + 1 + cl_rng_int(&rng, b - a - 1);
					r.dl += f.nodes[r.nodes[keep]].demand;
					r.pk += f.nodes[r.nodes[keep]].pickup;
					cl_rt_remove_range(&r, keep + 1, b);
					cl_rt_remove_range(&r, a, keep - 1);
				} else {
					cl_rt_remove_range(&r, a, b);
				}
				cl_rt_cut_later(&r, a);
				emptied += r.len == 0;
			}
			changes++;
			int dl = 0, pk = 0;
			for (int i = 1; i <= r.len; i++) {
				dl += f.nodes[r.nodes[i]].demand;
				pk += f.nodes[r.nodes[i]].pickup;
			}
			CHECK_INT(r.dl, dl);
			CHECK_INT(r.pk, pk);
		}
		if (cl_rng_int(&rng, 4) == 0) {   /* settle a copy */
			cl_rt_copy(&c, &r);
			CHECK(!c.oom);
			cl_rt_settle(&c, &f.p);
			cl_rt_fresh_suf(&c, &f.p);
			check_as_updated(&c, &f.p);
		}
		cl_rt_settle(&r, &f.p);
		CHECK(!r.later);
		CHECK(r.suf_stale);
		check_pre_as_updated(&r, &f.p);
		if (cl_rng_int(&rng, 3) == 0) {
			/* a stale route changed by an ordinary update (the
			 * local search's) gets all its suffixes */
			int v = 0;
			int on[N] = {0};
			for (int i = 1; i <= r.len; i++)
				on[r.nodes[i]] = 1;
			for (int u = 1; u < N && !v; u++)
				v = on[u] ? 0 : u;
			if (v) {
				cl_rt_insert(&r, &f.p, v, cl_rng_int(&rng, r.len + 1));
				CHECK(!r.suf_stale);
				check_as_updated(&r, &f.p);
				stale_inserts++;
				continue;
			}
		}
		cl_rt_fresh_suf(&r, &f.p);
		CHECK(!r.suf_stale);
		check_as_updated(&r, &f.p);
	}
	CHECK(changes > 5000);
	CHECK(emptied > 50);
	CHECK(stale_inserts > 200);
	cl_rt_free(&r);
	cl_rt_free(&c);
}

/*
 * prob.h plain: derived for a pure capacity problem whose shift no route
 * can outlast, and then unit times the detour is exactly
 * cl_rt_insert_delta wherever the parcels fit (recreate prices places so);
 * a pickup, an opening hour, a shift some route can outlast, an
 * unreachable arc or a fixed cost each make the problem not plain.
 */
static void test_plain(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long tried = 0;

	cl_rng_seed(&rng, 67);
	CHECK_INT(cl_rt_init(&r, N, 0, 0), CL_OK);
	for (int trial = 0; trial < 400 && tt_bad_checks < 20; trial++) {
		make_fake(&f, &rng);
		struct cl_ptype *ty = &f.types[0];
		ty->max_dur = INT_MAX;
		ty->max_dist = INT64_MAX;
		ty->fixed = 0;
		ty->shift_start = 0;
		ty->shift_end = 100000;
		for (int i = 1; i < N; i++) {
			f.nodes[i].pickup = 0;
			f.nodes[i].tw_start = 0;
			f.nodes[i].tw_end = ty->shift_end;
		}
		cl_prob_derive(&f.p);
		CHECK(f.p.plain);
		int seq[2 * N];
		int on[N] = {0};
		set_day(&r, &f.p, seq, drop_reloads(seq, random_day(&rng, seq, N - 1)), on);
		for (int v = 1; v < N; v++) {
			if (on[v] || r.dl + f.nodes[v].demand > ty->cap)
				continue;
			for (int pos = 0; pos <= r.len; pos++) {
				long a = r.nodes[pos], b = r.nodes[pos + 1];
				int64_t d = ty->unit * (f.dist[a * N + v] + f.dist[v * N + b] -
							f.dist[a * N + b]);
				CHECK_INT(cl_rt_insert_delta(&r, &f.p, v, pos), d);
				tried++;
			}
		}
		/* each of these breaks it */
		int what = cl_rng_int(&rng, 5);
		if (what == 0)
			f.nodes[1 + cl_rng_int(&rng, N - 1)].pickup = 1;
		else if (what == 1)
			f.nodes[1 + cl_rng_int(&rng, N - 1)].tw_end = 50;
		else if (what == 2)
			ty->shift_end = 60;
		else if (what == 3)
			f.dist[1 * N + 2] = -1;
		else
			ty->fixed = 5;
		cl_prob_derive(&f.p);
		CHECK(!f.p.plain);
	}
	CHECK(tried > 2000);
	cl_rt_free(&r);
}

/*
 * cl_rt_eval3 (a ++ v ++ b without building the summary: registers on one
 * trip, the fold of route.c with reloads or release dates) gives exactly
 * what joining the summaries and cl_rt_eval give, which the local search
 * (ls.c) relies on: random multi-trip days (reloads, release dates,
 * windows, wages, trip range, sortie limits), every prefix i and suffix
 * j > i, with no village between them or one not on the day, including
 * pieces that end or begin at a reload.
 */
static void test_eval3_matches_join(void)
{
	struct cl_rng rng;
	struct fake_prob f;
	struct cl_rt r;
	long same = 0, differ = 0, feasible = 0, trips = 0;

	cl_rng_seed(&rng, 77);
	CHECK_INT(cl_rt_init(&r, 2 * N, 0, 0), CL_OK);
	for (int trial = 0; trial < 3000; trial++) {
		int seq[2 * N + 2], used[N] = {0};
		sortie_limits = trial % 3 == 0;
		make_multi(&f, &rng);
		int k = random_day(&rng, seq, N - 2);
		r.len = k;
		for (int i = 0; i < k; i++) {
			r.nodes[i + 1] = seq[i];
			used[seq[i]] = 1;
		}
		cl_rt_update(&r, &f.p);
		for (int i = 0; i <= r.len; i++)
			for (int j = i + 1; j <= r.len + 1; j++) {
				int v = cl_rng_int(&rng, 2) ? -1 : 1 + cl_rng_int(&rng, N - 1);
				if (v >= 0 && used[v])
					v = -1;
				struct cl_seg x, nd;
				if (v >= 0) {
					cl_seg_node(&nd, &f.p, 0, v);
					cl_seg_join(&x, &r.pre[i], &nd, &f.p, 0);
					cl_seg_join(&x, &x, &r.suf[j], &f.p, 0);
				} else {
					cl_seg_join(&x, &r.pre[i], &r.suf[j], &f.p, 0);
				}
				int64_t want = cl_rt_eval(&f.p, 0, &x);
				int64_t got = cl_rt_eval3(&f.p, 0, &r.pre[i], v, &r.suf[j]);
				if (got == want)
					same++;
				else
					differ++;
				feasible += want != INT64_MAX;
				trips += x.nrl > 0;
			}
	}
	sortie_limits = 0;
	CHECK_INT(differ, 0);
	CHECK(same > 40000 && feasible > 10000 && trips > 20000);
	cl_rt_free(&r);
}

int main(void)
{
	RUN(test_edit_cost);
	RUN(test_seg_join_matches_brute_force);
	RUN(test_insert_delta_property);
	RUN(test_remove_range);
	RUN(test_pickup_peak);
	RUN(test_day_matches_brute_force);
	RUN(test_insert_delta_trips);
	RUN(test_drop_empty_trips);
	RUN(test_sortie_limits);
	RUN(test_partial_updates);
	RUN(test_pending_updates);
	RUN(test_plain);
	RUN(test_eval3_matches_join);
	TT_END();
}
