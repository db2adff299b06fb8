/*
 * prob.c -- building the search's integer view of an instance (prob.h).
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "search/prob.h"
#include "search/tuning.h"

struct near_key {
	int32_t d;
	int v;
};

static int by_dist(const void *a, const void *b)
{
	const struct near_key *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

/* Does x come after y (by_dist: distance, then index)? */
static inline int after(struct near_key x, struct near_key y)
{
	return x.d > y.d || (x.d == y.d && x.v > y.v);
}

/* Restore the max-heap h[0..k) (the last by_dist at the top) below i. */
static void sift_down(struct near_key *h, int k, int i)
{
	struct near_key x = h[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= k)
			break;
		if (c + 1 < k && after(h[c + 1], h[c]))
			c++;
		if (!after(h[c], x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/* One thread's share of build_near: rows first, first + step, ... */
struct near_part {
	struct cl_prob *p;
	struct near_key *h;           /* nnear keys of workspace */
	int first, step;
};

/*
 * Rows first, first + step, ... of near[] (see build_near). Columns come
 * in increasing index, so a key equal in distance to the heap's top comes
 * after it (a larger index): only a strictly smaller distance enters. A
 * negative entry (no path) counts as INT32_MAX: as unsigned it is above
 * every distance, and never enters a heap whose top is INT32_MAX.
 */
static void *near_rows(void *arg)
{
	struct near_part *g = arg;
	struct cl_prob *p = g->p;
	struct near_key *h = g->h;
	int n = p->n, k = p->nnear;

	for (int v = g->first; v < n; v += g->step) {
		const int32_t *row = p->dist + (long)v * n;
		int m = 0, u = 1;
		for (; m < k; u++) {
			if (u == v)
				continue;
			h[m++] = (struct near_key){ row[u] < 0 ? INT32_MAX : row[u], u };
		}
		for (int i = k / 2 - 1; i >= 0; i--)
			sift_down(h, k, i);
		uint32_t top = (uint32_t)h[0].d;
		for (; u < n; u++) {
			if ((uint32_t)row[u] >= top || u == v)
				continue;
			h[0] = (struct near_key){ row[u], u };
			sift_down(h, k, 0);
			top = (uint32_t)h[0].d;
		}
		qsort(h, (size_t)k, sizeof *h, by_dist);
		for (int i = 0; i < k; i++)
			p->near[(long)v * k + i] = h[i].v;
	}
	return NULL;
}

/*
 * near[v] = the nnear villages closest to v (v excluded), ties by index:
 * one pass over v's row with a bounded max-heap of the nnear smallest
 * (distance, index) so far -- a total order, so the set is exactly the
 * one a full sort would give. At 10,000 villages this takes a tenth of
 * the former quickselect of every row's 10,000 keys (1.3 s). On `threads`
 * threads (rows shared out, at least NEAR_MIN_ROWS each): the same lists.
 */
#define NEAR_MIN_ROWS 64
static int build_near(struct cl_prob *p, int threads)
{
	int n = p->n, nt = threads > 1 ? threads : 1, rc = CL_OK;
	struct near_part parts[CL_NEAR_MAX_THREADS];
	pthread_t tid[CL_NEAR_MAX_THREADS];
	int started[CL_NEAR_MAX_THREADS];

	p->nnear = n - 2 < CL_NEAR_MAX ? n - 2 : CL_NEAR_MAX;
	if (p->nnear < 0)
		p->nnear = 0;
	int k = p->nnear;
	if (nt > CL_NEAR_MAX_THREADS)
		nt = CL_NEAR_MAX_THREADS;
	if (nt > n / NEAR_MIN_ROWS)
		nt = n / NEAR_MIN_ROWS > 0 ? n / NEAR_MIN_ROWS : 1;
	p->near = malloc(sizeof(int) * (size_t)n * (size_t)(k + 1));
	for (int t = 0; t < nt; t++) {
		parts[t] = (struct near_part){ p, malloc(sizeof(struct near_key) *
							 (size_t)(k > 0 ? k : 1)), 1 + t, nt };
		if (!parts[t].h)
			rc = CL_EINTERNAL;
	}
	if (!p->near)
		rc = CL_EINTERNAL;
	if (rc == CL_OK && k > 0) {
		for (int t = 1; t < nt; t++)
			started[t] = pthread_create(&tid[t], NULL, near_rows, &parts[t]) == 0;
		near_rows(&parts[0]);
		for (int t = 1; t < nt; t++) {
			if (started[t])
				pthread_join(tid[t], NULL);
			else
				near_rows(&parts[t]);
		}
	}
	for (int t = 0; t < nt; t++)
		free(parts[t].h);
	return rc;
}

/*
 * A pure capacity problem (CVRP, VRPSPD): one vehicle type with a
 * capacity and no other limit, cost or rule -- no fixed cost, wages,
 * reloads, duration, distance, stop or weight limit -- and villages that
 * are all required, with no opening hours, release time or denied type.
 */
static int capacity_rules(const struct cl_prob *p)
{
	const struct cl_ptype *t = &p->types[0];

	if (p->ntypes != 1 || t->cap <= 0 || t->fixed != 0 ||
	    t->hourly != 0 || p->multi || p->nanywhere || t->max_dur != INT_MAX ||
	    t->max_dist != INT64_MAX || t->max_trip != INT64_MAX ||
	    t->max_stops != INT_MAX || t->max_wg != INT64_MAX)
		return 0;
	for (int v = 1; v < p->n; v++) {
		const struct cl_pnode *nd = &p->nodes[v];
		if (nd->tw_start > t->shift_start || nd->tw_end < t->shift_end ||
		    nd->rel > t->shift_start || nd->deny || (p->optional && p->optional[v]))
			return 0;
	}
	return 1;
}

/* Recreate then starts a new route only for a village no used route can
 * take (prob.h: new_last). */
static int capacity_only(const struct cl_prob *p)
{
	return CL_NEW_ROUTE_LAST && capacity_rules(p);
}

/*
 * prob.h: plain. A pure capacity problem without pickups in which no
 * arc is unreachable and no route can run past the shift: the shift is
 * at least as long as visiting every village, each followed by its
 * longest arc, after the longest arc out of the depot. A route's cost is
 * then exactly unit times its metres and its only limit the capacity, so
 * the cost change of inserting v between a and b is unit * (d(a,v) +
 * d(v,b) - d(a,b)) whenever the parcels fit: the figure cl_rt_insert_delta
 * computes through the summaries. O(n^2), after the cheap tests.
 */
static int plain(const struct cl_prob *p)
{
	if (!capacity_rules(p))
		return 0;
	const struct cl_ptype *t = &p->types[0];
	long n = p->n;
	int64_t span = 0;

	for (long v = 0; v < n; v++) {
		int32_t longest = 0;
		if (p->nodes[v].pickup != 0 || p->nodes[v].service < 0)
			return 0;
		for (long u = 0; u < n; u++) {
			int32_t d = t->dist[v * n + u], tt = t->time[v * n + u];
			if (d < 0 || tt < 0)
				return 0;
			if (tt > longest)
				longest = tt;
		}
		span += longest + (v > 0 ? p->nodes[v].service : 0);
		if (span > (int64_t)t->shift_end - t->shift_start)
			return 0;
	}
	return t->dist[0] == 0;
}

/* Some village's opening hours are narrower than the span of the shifts
 * (prob.h: tw). */
static int narrow_windows(const struct cl_prob *p)
{
	int lo = INT_MAX, hi = INT_MIN;

	for (int t = 0; t < p->ntypes; t++) {
		if (p->types[t].shift_start < lo)
			lo = p->types[t].shift_start;
		if (p->types[t].shift_end > hi)
			hi = p->types[t].shift_end;
	}
	for (int v = 1; v < p->n; v++)
		if (p->nodes[v].tw_start > lo || p->nodes[v].tw_end < hi)
			return 1;
	return 0;
}

void cl_prob_derive(struct cl_prob *p)
{
	p->multi = 0;
	p->hetero = 0;
	p->nanywhere = 0;
	for (int t = 0; t < p->ntypes; t++) {
		if (p->types[t].max_trips > 1)
			p->multi = 1;
		p->nanywhere += p->types[t].anywhere != 0;
	}
	for (int t = 0; t < p->ntypes; t++) {
		struct cl_ptype *a = &p->types[t];
		a->sclass = t;
		for (int u = 0; u < t; u++) {
			const struct cl_ptype *b = &p->types[u];
			size_t nn = sizeof(int32_t) * (size_t)p->n * (size_t)p->n;
			int same = (a->time == b->time || !memcmp(a->time, b->time, nn)) &&
				   (a->dist == b->dist || !memcmp(a->dist, b->dist, nn)) &&
				   a->shift_start == b->shift_start &&
				   a->shift_end == b->shift_end &&
				   a->reload == b->reload;
			for (int v = 0; same && v < p->n; v++)
				same = ((p->nodes[v].deny >> (t & 63)) & 1u) ==
				       ((p->nodes[v].deny >> (u & 63)) & 1u);
			if (same) {
				a->sclass = b->sclass;
				p->hetero = 1;
				break;
			}
		}
	}
	p->new_last = capacity_only(p);
	p->plain = plain(p);
	p->tw = narrow_windows(p);
}

#define MAX_NODES 46340   /* dense matrix limit, as in matrix.c */

/* src (nsites x nsites) over the search nodes: dst[a][b] = src[site a][site b]. */
static int32_t *expand(const struct cl_prob *p, const int32_t *src)
{
	long n = p->n, ns = p->nsites;
	int32_t *dst = malloc(sizeof *dst * (size_t)n * (size_t)n);

	if (!dst)
		return NULL;
	for (long a = 0; a < n; a++) {
		const int32_t *row = src + (long)p->site[a] * ns;
		for (long b = 0; b < n; b++)
			dst[a * n + b] = row[p->site[b]];
	}
	return dst;
}

/* The expanded copy of src, made once per distinct matrix. */
static const int32_t *expanded(struct cl_prob *p, const int32_t *src,
			       const int32_t **from, int *nfrom)
{
	for (int i = 0; i < *nfrom; i++)
		if (from[i] == src)
			return p->owned[i];
	p->owned[*nfrom] = expand(p, src);
	if (!p->owned[*nfrom])
		return NULL;
	from[*nfrom] = src;
	p->nowned = ++*nfrom;
	return p->owned[*nfrom - 1];
}

/* a split into k shares: share j of a. */
static int share(int a, int k, int j)
{
	return a / k + (j < a % k);
}

/*
 * Split delivery (prob.h): villages whose parcels exceed every capacity
 * that may serve them get extra nodes; the matrices are rebuilt over the
 * nodes. CL_OK, CL_EINPUT (too many visits), CL_EINTERNAL.
 */
static int split_villages(struct cl_prob *p, const struct cl_matrix *m,
			  const struct cl_instance *inst, struct cl_error *err)
{
	int ns = p->nsites, n = ns;
	int *visits = calloc((size_t)ns, sizeof *visits);
	const int32_t **from = NULL;
	struct cl_pnode *nodes = NULL;
	int nfrom = 0, rc = CL_OK;

	if (!visits)
		return cl_oom(err, "preparing the search");
	for (int i = 1; i < ns; i++) {
		const struct cl_pnode *nd = &p->nodes[i];
		int cap = 0, parcels = nd->demand > nd->pickup ? nd->demand : nd->pickup;
		for (int t = 0; t < p->ntypes; t++)
			if (p->types[t].count > 0 && !((nd->deny >> (t & 63)) & 1u) &&
			    p->types[t].cap > cap)
				cap = p->types[t].cap;
		visits[i] = cap > 0 && parcels > cap ? (int)(((long)parcels + cap - 1) / cap) : 1;
		if ((long)n + visits[i] - 1 > MAX_NODES) {
			rc = cl_fail(err, CL_EINPUT,
				     "%s: village %s: %d parcels in vehicles of at most %d make more "
				     "visits than the search can hold (%d places in all)",
				     inst->source ? inst->source : "villages", inst->sites[i].id,
				     parcels, cap, MAX_NODES);
			goto cleanup;
		}
		n += visits[i] - 1;
	}
	if (n == ns)
		goto cleanup;
	{
		int k = 0;
		for (int i = 1; i < ns; i++)
			k += visits[i] > 1;
		cl_debug("split delivery: %d villages above every capacity, in %d extra visits",
			 k, n - ns);
	}
	p->n = n;
	p->visits = visits;
	visits = NULL;
	p->site = malloc(sizeof *p->site * (size_t)n);
	nodes = malloc(sizeof *nodes * (size_t)n);
	from = calloc((size_t)(2 * p->ntypes + 1), sizeof *from);
	p->owned = calloc((size_t)(2 * p->ntypes + 1), sizeof *p->owned);
	if (!p->site || !nodes || !from || !p->owned) {
		rc = CL_EINTERNAL;
		goto cleanup;
	}
	for (int i = 0, k = ns; i < ns; i++) {
		const struct cl_pnode *nd = &p->nodes[i];
		p->site[i] = i;
		nodes[i] = *nd;
		if (i == 0)
			p->visits[0] = 1;
		for (int j = 0; j < p->visits[i]; j++) {
			int v = j == 0 ? i : k++;
			p->site[v] = i;
			nodes[v] = *nd;
			nodes[v].demand = share(nd->demand, p->visits[i], j);
			nodes[v].pickup = share(nd->pickup, p->visits[i], j);
			nodes[v].wg = share(nd->wg, p->visits[i], j);
		}
	}
	free(p->nodes);
	p->nodes = nodes;
	nodes = NULL;
	p->dist = expanded(p, m->dist_m, from, &nfrom);
	for (int t = 0; p->dist && t < p->ntypes; t++) {
		p->types[t].time = expanded(p, p->types[t].time, from, &nfrom);
		p->types[t].dist = expanded(p, p->types[t].dist, from, &nfrom);
		if (!p->types[t].time || !p->types[t].dist)
			break;
	}
	for (int t = 0; t < p->ntypes; t++)
		if (!p->dist || !p->types[t].time || !p->types[t].dist)
			rc = CL_EINTERNAL;
cleanup:
	if (rc == CL_EINTERNAL)
		rc = cl_fail(err, CL_EINTERNAL, "out of memory preparing the search");
	free(visits);
	free(from);
	free(nodes);
	return rc;
}

int cl_prob_create(const struct cl_instance *inst, const struct cl_matrix *m,
		   struct cl_prob **out, struct cl_error *err)
{
	return cl_prob_create_threads(inst, m, 1, out, err);
}

int cl_prob_create_threads(const struct cl_instance *inst, const struct cl_matrix *m,
			   int threads, struct cl_prob **out, struct cl_error *err)
{
	struct cl_prob *p = calloc(1, sizeof *p);
	int64_t worst = 0;

	*out = NULL;
	if (!p)
		goto nomem;
	p->n = inst->nsites;
	p->nsites = inst->nsites;
	p->dist = m->dist_m;
	p->ntypes = inst->ntypes;
	p->types = calloc((size_t)inst->ntypes, sizeof *p->types);
	p->nodes = calloc((size_t)inst->nsites, sizeof *p->nodes);
	if (!p->types || !p->nodes)
		goto nomem;
	for (int t = 0; t < inst->ntypes; t++) {
		const struct cl_vtype *v = &inst->types[t];
		struct cl_ptype *pt = &p->types[t];
		pt->count = v->count;
		pt->cap = v->capacity;
		pt->shift_start = v->shift_start_s;
		pt->shift_end = v->shift_end_s;
		pt->max_dur = v->max_dur_s > 0 ? v->max_dur_s : INT_MAX;
		pt->max_dist = v->max_dist_m > 0 ? (int64_t)floor(v->max_dist_m) : INT64_MAX;
		pt->fixed = (int64_t)llround(v->fixed_cost * CL_COST_SCALE);
		pt->unit = (int64_t)llround(v->cost_per_km * CL_COST_SCALE / 1000.0);
		pt->time = m->time_s[t];
		pt->dist = cl_dist_of(m, t);
		pt->max_trips = v->max_trips > 1 ? v->max_trips : 1;
		pt->reload = v->reload_s > 0 ? v->reload_s : 0;
		pt->max_trip = v->max_trip_m > 0 ? v->max_trip_m : INT64_MAX;
		pt->hourly = (int64_t)llround(v->cost_per_hour * CL_COST_SCALE);
		pt->max_stops = v->max_stops > 0 ? v->max_stops : INT_MAX;
		pt->anywhere = v->mode == CL_MODE_DRONE ||
			       (pt->max_trips > 1 && pt->max_stops <= 2);
		pt->max_wg = v->payload_kg > 0 ? (int64_t)floor(v->payload_kg * 1000.0 + 1e-6)
					       : INT64_MAX;
		/* the dearest day a vehicle of this type can have */
		int64_t day = pt->fixed + pt->hourly / 3600 *
			      (int64_t)(pt->shift_end - pt->shift_start);
		if (day > worst)
			worst = day;
	}
	for (int i = 0; i < inst->nsites; i++) {
		const struct cl_site *s = &inst->sites[i];
		struct cl_pnode *nd = &p->nodes[i];
		nd->demand = s->demand;
		nd->pickup = s->pickup;
		nd->service = s->service_s;
		nd->tw_start = s->tw_start_s;
		nd->tw_end = s->tw_end_s;
		nd->rel = s->release_s > 0 ? s->release_s : 0;
		/* grams, rounded up: a route the search accepts never carries
		   more than the checker's sum of kilograms */
		nd->wg = s->weight_kg > 0 ? (int)ceil(s->weight_kg * 1000.0 - 1e-6) : 0;
		nd->deny = 0;
		for (int t = 0; i > 0 && t < inst->ntypes; t++) {
			if (cl_instance_allows(inst, i, t))
				continue;
			if (t >= 64) {
				cl_prob_destroy(p);
				return cl_fail(err, CL_EINPUT,
					       "%s: access rules (VEHICLES, SKILLS) work with at most "
					       "64 vehicle types; the fleet has %d",
					       inst->source ? inst->source : "villages",
					       inst->ntypes);
			}
			nd->deny |= (uint64_t)1 << t;
		}
	}
	{
		int rc = split_villages(p, m, inst, err);
		if (rc != CL_OK) {
			cl_prob_destroy(p);
			return rc;
		}
	}
	cl_prob_derive(p);
	/*
	 * Serving a village always beats leaving it out: the penalty exceeds
	 * the cost of a vehicle of its own driving the longest arc and back.
	 */
	{
		int64_t maxunit = 0, maxd = 0;
		for (int t = 0; t < p->ntypes; t++)
			if (p->types[t].unit > maxunit)
				maxunit = p->types[t].unit;
		for (int t = 0; t < p->ntypes; t++)
			for (long k = 0; k < (long)p->n * p->n; k++)
				if (p->types[t].dist[k] > maxd)
					maxd = p->types[t].dist[k];
		p->penalty = 4 * (worst + maxunit * maxd * 2) + 1000000;
	}
	p->miss = malloc(sizeof *p->miss * (size_t)p->n);
	p->optional = calloc((size_t)p->n, 1);
	if (!p->miss || !p->optional)
		goto nomem;
	/*
	 * Leaving a village out costs its miss_cost (instance.h,
	 * cl_instance_price): a required village at least the penalty above,
	 * an optional one its prize. Capped so that the sum over every
	 * village stays far from overflowing.
	 */
	{
		int64_t cap = INT64_MAX / 4 / (p->n > 1 ? p->n : 1);
		for (int i = 0; i < p->n; i++) {
			const struct cl_site *s = &inst->sites[cl_prob_site(p, i)];
			double mc = s->miss_cost * CL_COST_SCALE;
			int64_t miss = mc >= (double)cap ? cap : mc > 0 ? (int64_t)llround(mc) : 0;
			if (i > 0 && s->optional) {
				p->optional[i] = 1;
				p->miss[i] = miss;
			} else {
				p->miss[i] = miss > p->penalty ? miss : p->penalty;
				if (p->miss[i] > cap)
					p->miss[i] = cap;
			}
		}
	}
	p->new_last = capacity_only(p);   /* now that optional[] is known */
	if (build_near(p, threads) != CL_OK)
		goto nomem;
	*out = p;
	return CL_OK;
nomem:
	cl_prob_destroy(p);
	return cl_fail(err, CL_EINTERNAL, "out of memory preparing the search");
}

void cl_prob_destroy(struct cl_prob *p)
{
	if (!p)
		return;
	free(p->types);
	free(p->nodes);
	free(p->near);
	free(p->miss);
	free(p->optional);
	free(p->site);
	free(p->visits);
	for (int i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p);
}
