/*
 * recreate.c -- greedy insertion with blinks (search/state.h).
 *
 * The villages waiting in s->un are sorted (randomly, by demand, or by
 * distance from the depot, far first or near first) and each goes to its
 * cheapest feasible place among the routes of its CL_CANDIDATE_NEAR
 * nearest villages and one empty vehicle per type (the lowest-numbered
 * free one, at the price of its fixed cost); only when none of those fits
 * are all other routes tried. Each place is skipped with a small
 * probability, which keeps the search from repeating itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/state.h"
#include "search/tuning.h"

/* Sort s->un by w->keys descending (ties by village index): insertion sort
 * is enough for the ten-odd villages of one step, and allocates nothing. */
static void sort_by_keys(struct cl_state *s, const int *key)
{
	for (int i = 1; i < s->nun; i++) {
		int v = s->un[i], j = i - 1;
		while (j >= 0 && (key[s->un[j]] < key[v] ||
				  (key[s->un[j]] == key[v] && s->un[j] > v))) {
			s->un[j + 1] = s->un[j];
			j--;
		}
		s->un[j + 1] = v;
	}
}

static void order_villages(struct cl_state *s, const struct cl_prob *p,
			   struct cl_lns_work *w, struct cl_rng *rng)
{
	int how = cl_rng_int(rng, 11);   /* weights 4 : 4 : 2 : 1 */

	if (w->priority && cl_rng_int(rng, 2)) {
		/* Fleet minimisation: the villages most often left out first. */
		for (int i = 0; i < s->nun; i++)
			w->keys[s->un[i]] = w->priority[s->un[i]];
		sort_by_keys(s, w->keys);
		return;
	}

	if (how < 4) {
		for (int i = s->nun - 1; i > 0; i--) {
			int j = cl_rng_int(rng, i + 1);
			int t = s->un[i];
			s->un[i] = s->un[j];
			s->un[j] = t;
		}
		return;
	}
	for (int i = 0; i < s->nun; i++) {
		int v = s->un[i];
		if (how < 8)
			w->keys[v] = p->nodes[v].demand + p->nodes[v].pickup;
		else if (how < 10)
			w->keys[v] = cl_prob_dist(p, 0, v);
		else
			w->keys[v] = -cl_prob_dist(p, 0, v);
	}
	sort_by_keys(s, w->keys);
}

/* The best place found so far for one village. */
struct place {
	int64_t cost;     /* INT64_MAX: none yet */
	int r, pos;
	int side;         /* 0, or a new trip: enum cl_trip_side */
	int type;         /* the route's type after the insertion */
};

static void consider(struct place *b, int64_t d, int r, int pos, int side, int type)
{
	if (d < b->cost) {
		b->cost = d;
		b->r = r;
		b->pos = pos;
		b->side = side;
		b->type = type;
	}
}

/* Route rt, on one trip (no reloads), has no room for village nd's
 * deliveries or pickups: no place in this trip can take it. Reads the
 * route's own fields (route.h: dl, pk, reloads), not its summaries. */
static inline int no_room(const struct cl_rt *rt, const struct cl_pnode *nd, int cap)
{
	return !rt->reloads && (rt->dl + nd->demand > cap || rt->pk + nd->pickup > cap);
}

/* Places whose matrix entries try_places reads ahead at once. */
#define PLACE_BLOCK 32

/*
 * Cheapest feasible place for v in route r, improving *b: between two
 * nodes, and, for a vehicle that may make another trip, as the last
 * village of a trip followed by a reload or the first after one (which
 * splits a trip in two, or adds one at the end of the day). Where the
 * route is full, the same place on a larger vehicle of an interchangeable
 * type (cl_prob_same_seg) with a vehicle free: the route changes vehicle.
 */
static void try_places(const struct cl_state *s, const struct cl_prob *p,
		       const struct cl_lns_work *w, int r, int v, uint64_t blink_cut,
		       struct cl_rng *rng, struct place *b)
{
	const struct cl_rt *rt = &s->rt[r];
	int t = rt->type;
	const struct cl_ptype *ty = &p->types[t];
	int trips = ty->max_trips > 1 && rt->len > 0 && cl_rt_trips(rt) < ty->max_trips;
	int cap = ty->cap;
	int full = no_room(rt, &p->nodes[v], cap);
	int bigger = 0;

	/* Everything delivered is on board at the start, everything
	 * collected at the end: no place in this trip can help. */
	if (full && rt->len > 0 && p->hetero) {
		for (int u = 0; u < p->ntypes; u++)
			bigger |= u != t && w->nfree[u] > 0 && p->types[u].cap > cap &&
				  cl_prob_same_seg(p, t, u);
	}
	if (full && !trips && !bigger)
		return;
	const int32_t *dist = ty->dist;
	long n = p->n;
	/* Without wages the cost change of a place is exactly unit times
	 * the extra metres: a place whose detour alone costs more than the
	 * best so far cannot win (same choice, fewer evaluations). */
	int prune = ty->hourly == 0;
	int plain = p->plain;
	/*
	 * The matrix entries of a block of places are read first, all of
	 * them, then the places are tried: the reads no longer wait one after
	 * the other behind the evaluations (most are cache misses: a column
	 * of the matrix, and the route's arcs). The same places in the same
	 * order, the same random draws.
	 */
	int32_t dab_k[PLACE_BLOCK], dav_k[PLACE_BLOCK], dvb_k[PLACE_BLOCK], da0_k[PLACE_BLOCK];
	const int *nodes = rt->nodes;
	for (int pos = 0; pos <= rt->len; pos++) {
		int q = pos % PLACE_BLOCK;
		if (q == 0) {
			int end = pos + PLACE_BLOCK <= rt->len ? pos + PLACE_BLOCK : rt->len + 1;
			for (int i = pos; i < end; i++) {
				long a = nodes[i], z = nodes[i + 1];
				dab_k[i - pos] = dist[a * n + z];
				dav_k[i - pos] = dist[a * n + v];
				dvb_k[i - pos] = dist[(long)v * n + z];
				da0_k[i - pos] = trips ? dist[a * n] : 0;
			}
		}
		if (blink_cut && cl_rng_next(rng) < blink_cut)
			continue;
		int z = nodes[pos + 1];
		int64_t dab = dab_k[q];
		int64_t dav = dav_k[q], dvb = dvb_k[q];
		if (plain) {
			/* prob.h: plain -- the summaries' figure, from the
			 * matrix (an empty route's a-b, depot to depot, is 0) */
			if (!full)
				consider(b, ty->unit * (dav + dvb - dab), r, pos, 0, t);
			continue;
		}
		if (!full && (!prune || ty->unit * (dav + dvb - dab) < b->cost))
			consider(b, cl_rt_insert_delta(rt, p, v, pos), r, pos, 0, t);
		if (trips) {
			int64_t dv0 = dist[(long)v * n], d0v = dist[v], da0 = da0_k[q], d0b = dist[z];
			if (!prune || ty->unit * (dav + dv0 + d0b - dab) < b->cost)
				consider(b, cl_rt_insert_trip_delta(rt, p, v, pos, CL_TRIP_AFTER),
					 r, pos, CL_TRIP_AFTER, t);
			if (!prune || ty->unit * (da0 + d0v + dvb - dab) < b->cost)
				consider(b, cl_rt_insert_trip_delta(rt, p, v, pos, CL_TRIP_BEFORE),
					 r, pos, CL_TRIP_BEFORE, t);
		}
		for (int u = 0; bigger && u < p->ntypes; u++) {
			if (u == t || w->nfree[u] == 0 || p->types[u].cap <= cap ||
			    !cl_prob_same_seg(p, t, u))
				continue;
			int64_t c = cl_rt_eval3(p, u, &rt->pre[pos], v, &rt->suf[pos + 1]);
			if (c != INT64_MAX)
				consider(b, c - rt->cost, r, pos, 0, u);
		}
	}
}

/*
 * try_places, which most calls of a step leave at once: one trip without
 * room for v's parcels, no vehicle of it that makes several trips, no
 * larger vehicle to move to. That test is made here, inline, on the
 * route's own fields (route.h: dl, pk, reloads): the scans over many
 * routes then cost a load per route, not a call and a miss on pre[].
 */
static inline void try_route(const struct cl_state *s, const struct cl_prob *p,
			     const struct cl_lns_work *w, int r, int v, uint64_t blink_cut,
			     struct cl_rng *rng, struct place *b)
{
	const struct cl_rt *rt = &s->rt[r];
	const struct cl_ptype *ty = &p->types[rt->type];

	if (no_room(rt, &p->nodes[v], ty->cap) && ty->max_trips <= 1 && !p->hetero)
		return;
	try_places(s, p, w, r, v, blink_cut, rng, b);
}

/* The empty routes of each type (free_r: the lowest-numbered). */
static void count_free(const struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w)
{
	for (int t = 0; t < p->ntypes; t++) {
		w->free_r[t] = -1;
		w->nfree[t] = 0;
	}
	for (int r = 0; r < s->nr; r++) {
		int t = s->rt[r].type;
		if (s->rt[r].len != 0)
			continue;
		if (w->free_r[t] < 0)
			w->free_r[t] = r;
		w->nfree[t]++;
	}
}

/*
 * count_free for one vehicle type, when s->nused is up to date (the
 * ruin keeps it: cl_recreate_from): the empty routes are the slots less
 * the used ones; the first empty one is searched from the start, where
 * the used routes are (recreate starts the lowest-numbered).
 */
static void count_free_used(const struct cl_state *s, struct cl_lns_work *w)
{
	w->nfree[0] = s->nr - s->nused;
	w->free_r[0] = -1;
	for (int r = 0; w->nfree[0] > 0 && r < s->nr; r++) {
		if (s->rt[r].len == 0) {
			w->free_r[0] = r;
			break;
		}
	}
}

/* Route r (of type t) got villages or lost them all: update free_r and
 * nfree. Routes of one type are consecutive in s->rt (cl_state_init). */
static void route_used(const struct cl_state *s, struct cl_lns_work *w, int r, int used)
{
	int t = s->rt[r].type;

	if (used) {
		w->nfree[t]--;
		if (w->free_r[t] == r) {
			int q = r + 1;
			while (q < s->nr && s->rt[q].type == t && s->rt[q].len != 0)
				q++;
			w->free_r[t] = q < s->nr && s->rt[q].type == t ? q : -1;
		}
	} else {
		w->nfree[t]++;
		if (w->free_r[t] < 0 || r < w->free_r[t])
			w->free_r[t] = r;
	}
}

/*
 * Move route r's day to the free vehicle of type u (same summaries:
 * cl_prob_same_seg). The old vehicle becomes free.
 */
static void retype(struct cl_state *s, const struct cl_prob *p, struct cl_lns_work *w,
		   int r, int u)
{
	int q = w->free_r[u];
	struct cl_rt *a = &s->rt[r], *b = &s->rt[q];

	if (cl_rt_reserve(b, a->len) != CL_OK)
		return;
	memcpy(b->nodes + 1, a->nodes + 1, sizeof(int) * (size_t)a->len);
	b->len = a->len;
	cl_rt_update(b, p);
	for (int i = 1; i <= b->len; i++)
		if (b->nodes[i] != 0)
			s->route_of[b->nodes[i]] = q;
	a->len = 0;
	cl_rt_update(a, p);
	cl_lns_touch(w, r);
	cl_lns_touch(w, q);
	route_used(s, w, q, 1);
	route_used(s, w, r, 0);
}

/* Routes r and q exchange their vehicles (types of the same sclass). */
static void swap_days(struct cl_state *s, const struct cl_prob *p, struct cl_lns_work *w,
		      int r, int q)
{
	struct cl_rt *a = &s->rt[r], *b = &s->rt[q], tmp = *a;

	a->len = b->len;
	a->nodes = b->nodes;
	a->pre = b->pre;
	a->suf = b->suf;
	a->room = b->room;
	a->oom = b->oom;
	b->len = tmp.len;
	b->nodes = tmp.nodes;
	b->pre = tmp.pre;
	b->suf = tmp.suf;
	b->room = tmp.room;
	b->oom = tmp.oom;
	cl_rt_update(a, p);
	cl_rt_update(b, p);
	for (int i = 1; i <= a->len; i++)
		if (a->nodes[i] != 0)
			s->route_of[a->nodes[i]] = r;
	for (int i = 1; i <= b->len; i++)
		if (b->nodes[i] != 0)
			s->route_of[b->nodes[i]] = q;
	cl_lns_touch(w, r);
	cl_lns_touch(w, q);
}

/*
 * Route r's one-trip day cut after position k into two days on free
 * vehicles of interchangeable types (the first part on u1, the rest on
 * u2), when the two cost less than the one: a large vehicle's route
 * served by two smaller, cheaper ones. Returns 1 if r was cut.
 */
static int split_day(struct cl_state *s, const struct cl_prob *p, struct cl_lns_work *w,
		     int r)
{
	struct cl_rt *rt = &s->rt[r];
	int t = rt->type, len = rt->len, bk = -1, bu1 = -1, bu2 = -1;
	int64_t gain = 0;

	if (len < 2 || rt->pre[len + 1].nrl)
		return 0;
	for (int k = 1; k < len; k++) {
		for (int u1 = 0; u1 < p->ntypes; u1++) {
			if ((u1 != t && w->nfree[u1] == 0) || !cl_prob_same_seg(p, t, u1))
				continue;
			int64_t c1 = cl_rt_eval3(p, u1, &rt->pre[k], -1, &rt->suf[len + 1]);
			if (c1 == INT64_MAX || c1 >= rt->cost)
				continue;
			for (int u2 = 0; u2 < p->ntypes; u2++) {
				int need = 1 + (u2 == u1 && u1 != t);
				if (w->nfree[u2] < need || !cl_prob_same_seg(p, t, u2))
					continue;
				int64_t c2 = cl_rt_eval3(p, u2, &rt->pre[0], -1, &rt->suf[k + 1]);
				if (c2 != INT64_MAX && rt->cost - c1 - c2 > gain) {
					gain = rt->cost - c1 - c2;
					bk = k;
					bu1 = u1;
					bu2 = u2;
				}
			}
		}
	}
	if (bk < 0)
		return 0;
	{
		int q = w->free_r[bu2];
		struct cl_rt *b = &s->rt[q];
		if (cl_rt_reserve(b, len - bk) != CL_OK)
			return 0;
		memcpy(b->nodes + 1, rt->nodes + bk + 1, sizeof(int) * (size_t)(len - bk));
		b->len = len - bk;
		cl_rt_update(b, p);
		for (int i = 1; i <= b->len; i++)
			s->route_of[b->nodes[i]] = q;
		route_used(s, w, q, 1);
		cl_lns_touch(w, q);
		rt->len = bk;
		cl_rt_update(rt, p);
		cl_lns_touch(w, r);
		if (bu1 != t)
			retype(s, p, w, r, bu1);
	}
	return 1;
}

/*
 * Route r's one-trip day followed by (or following) another one-trip day,
 * both on one vehicle of an interchangeable type -- r's, the other's or a
 * free one -- when that costs less than the two: two small vehicles'
 * routes served by one larger one. Returns 1 if the days were joined.
 */
static int join_days(struct cl_state *s, const struct cl_prob *p, struct cl_lns_work *w,
		     int r)
{
	struct cl_rt *a = &s->rt[r];
	int t = a->type, bq = -1, bu = -1, bfirst = 0;
	int64_t gain = 0;

	if (a->len == 0 || a->pre[a->len + 1].nrl)
		return 0;
	for (int q = 0; q < s->nr; q++) {
		const struct cl_rt *b = &s->rt[q];
		if (q == r || b->len == 0 || b->pre[b->len + 1].nrl ||
		    !cl_prob_same_seg(p, t, b->type))
			continue;
		for (int u = 0; u < p->ntypes; u++) {
			if ((u != t && u != b->type && w->nfree[u] == 0) || !cl_prob_same_seg(p, t, u))
				continue;
			for (int first = 0; first < 2; first++) {
				const struct cl_rt *x = first ? b : a, *y = first ? a : b;
				int64_t c = cl_rt_eval3(p, u, &x->pre[x->len], -1, &y->suf[1]);
				if (c != INT64_MAX && a->cost + b->cost - c > gain) {
					gain = a->cost + b->cost - c;
					bq = q;
					bu = u;
					bfirst = first;
				}
			}
		}
	}
	if (bq < 0)
		return 0;
	{
		struct cl_rt *b = &s->rt[bq];
		/* the day goes to r's vehicle, the other's, or a free one */
		int dst = bu == t ? r : bu == b->type ? bq : w->free_r[bu];
		int *tmp = w->tail, n = 0;
		const struct cl_rt *x = bfirst ? b : a, *y = bfirst ? a : b;
		for (int i = 1; i <= x->len; i++)
			tmp[n++] = x->nodes[i];
		for (int i = 1; i <= y->len; i++)
			tmp[n++] = y->nodes[i];
		if (cl_rt_reserve(&s->rt[dst], n) != CL_OK)
			return 0;
		if (dst != r) {
			a->len = 0;
			cl_rt_update(a, p);
			route_used(s, w, r, 0);
			cl_lns_touch(w, r);
		}
		if (dst != bq) {
			b->len = 0;
			cl_rt_update(b, p);
			route_used(s, w, bq, 0);
			cl_lns_touch(w, bq);
		}
		if (dst != r && dst != bq)
			route_used(s, w, dst, 1);
		struct cl_rt *d = &s->rt[dst];
		memcpy(d->nodes + 1, tmp, sizeof(int) * (size_t)n);
		d->len = n;
		cl_rt_update(d, p);
		for (int i = 1; i <= n; i++)
			s->route_of[d->nodes[i]] = dst;
		cl_lns_touch(w, dst);
	}
	return 1;
}

/*
 * A changed route whose day a free vehicle of another interchangeable type
 * drives for less (a smaller van once villages left it) moves to it; when
 * that type has no vehicle free, the route may exchange vehicles with a
 * route of that type if both days get cheaper in total.
 */
static int cheaper_vehicles(struct cl_state *s, const struct cl_prob *p,
			    struct cl_lns_work *w)
{
	int changed = 0;

	for (int i = 0; i < w->ndirty; i++) {
		int r = w->dlist[i], t = s->rt[r].type, best = -1, swap = -1;
		struct cl_rt *rt = &s->rt[r];
		struct cl_day d, e;
		int64_t gain = 0;

		if (rt->len == 0)
			continue;
		cl_seg_day(&d, &rt->pre[rt->len + 1], p, t);
		for (int u = 0; u < p->ntypes; u++) {
			if (u == t || !cl_prob_same_seg(p, t, u) || !cl_day_feasible(&d, p, u))
				continue;
			if (w->nfree[u] > 0) {
				int64_t g = rt->cost - cl_day_cost(p, u, &d);
				if (g > gain) {
					gain = g;
					best = u;
					swap = -1;
				}
				continue;
			}
			/* every vehicle of type u is out: exchange with one */
			for (int q = 0; q < s->nr; q++) {
				const struct cl_rt *o = &s->rt[q];
				if (o->type != u || o->len == 0)
					continue;
				cl_seg_day(&e, &o->pre[o->len + 1], p, u);
				if (!cl_day_feasible(&e, p, t))
					continue;
				int64_t g = rt->cost + o->cost - cl_day_cost(p, u, &d) -
					    cl_day_cost(p, t, &e);
				if (g > gain) {
					gain = g;
					best = u;
					swap = q;
				}
			}
		}
		if (swap >= 0)
			swap_days(s, p, w, r, swap);
		else if (best >= 0)
			retype(s, p, w, r, best);
		else if ((w->no_new_routes || !split_day(s, p, w, r)) &&
			 !join_days(s, p, w, r))
			continue;
		changed++;
	}
	return changed;
}

/*
 * The scan of all routes for a village that found no place near it, with
 * one trip per vehicle and no vehicle to change to (!p->multi &&
 * !p->hetero; fleet minimisation leaves many such villages, scanned every
 * step). Instead of every vehicle slot, a list of the used routes in
 * index order (w->used) with the room each has left for deliveries and
 * pickups (w->room_dl, w->room_pk): the same routes tried in the same
 * order, those without room for v passed over as try_route would, from
 * three arrays of ints. Under these conditions a step's insertions only
 * add villages, so the list stays true when kept by used_update.
 */
static int used_routes(const struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w)
{
	int k = 0, used = s->nr;

	/* the free vehicles are counted (count_free, route_used): the scan
	 * ends at the last used route, not at the last slot */
	for (int t = 0; t < p->ntypes; t++)
		used -= w->nfree[t];
	for (int r = 0; k < used && r < s->nr; r++) {
		const struct cl_rt *rt = &s->rt[r];
		if (rt->len == 0)
			continue;
		w->used[k] = r;
		w->room_dl[k] = p->types[rt->type].cap - rt->dl;
		w->room_pk[k] = p->types[rt->type].cap - rt->pk;
		k++;
	}
	return k;
}

/* Route r took a village (started: it was empty); returns the new count. */
static int used_update(const struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w, int nused, int r, int started)
{
	int lo = 0, hi = nused;
	const struct cl_rt *rt = &s->rt[r];

	while (lo < hi) {   /* the first entry >= r */
		int mid = (lo + hi) / 2;
		if (w->used[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (started) {
		size_t k = (size_t)(nused - lo);
		memmove(w->used + lo + 1, w->used + lo, sizeof *w->used * k);
		memmove(w->room_dl + lo + 1, w->room_dl + lo, sizeof *w->room_dl * k);
		memmove(w->room_pk + lo + 1, w->room_pk + lo, sizeof *w->room_pk * k);
		w->used[lo] = r;
		nused++;
	}
	w->room_dl[lo] = p->types[rt->type].cap - rt->dl;
	w->room_pk[lo] = p->types[rt->type].cap - rt->pk;
	return nused;
}

static void try_used(const struct cl_state *s, const struct cl_prob *p,
		     const struct cl_lns_work *w, int nused, int v, uint64_t blink_cut,
		     struct cl_rng *rng, struct place *b)
{
	int dl = p->nodes[v].demand, pk = p->nodes[v].pickup;

	for (int k = 0; k < nused; k++) {
		if (dl > w->room_dl[k] || pk > w->room_pk[k] || w->mark[w->used[k]] == w->stamp)
			continue;
		try_places(s, p, w, w->used[k], v, blink_cut, rng, b);
	}
}

/*
 * The routes of v's knear nearest villages, each once, in the order of
 * its first village, none already marked (w->mark == w->stamp), into
 * cand; marks them. try_route reads neither route_of nor mark, so the
 * routes are the ones the loop over the neighbours would try, in the same
 * order. Without a branch per neighbour (a village off the routes counts
 * as the extra slot w->mark[s->nr], marked): whether a neighbour's route
 * is new is a coin toss the branch predictor loses.
 */
static int near_routes(const struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w, int v, int knear, int *cand)
{
	const int *near = p->near + (long)v * p->nnear;
	const int *route_of = s->route_of;
	int *mark = w->mark, stamp = w->stamp, none = s->nr, nc = 0;
	int xs[CL_CANDIDATE_NEAR];

	/* the routes first, then the marks: the loads of route_of no
	 * longer wait behind the stores to mark (8% less CPU at n = 200) */
	for (int k = 0; k < knear; k++) {
		int r = route_of[near[k]];
		xs[k] = r < 0 ? none : r;
	}
	mark[none] = stamp;
	for (int k = 0; k < knear; k++) {
		int x = xs[k];
		int fresh = mark[x] != stamp;
		mark[x] = stamp;
		cand[nc] = x;
		nc += fresh;
	}
	return nc;
}

/* Insert every village of s->un at its cheapest place (recreate's loop);
 * those that fit nowhere stay in s->un. */
static void insert_all(struct cl_state *s, const struct cl_prob *p, struct cl_lns_work *w,
		       struct cl_rng *rng, uint64_t blink_cut)
{
	int left = 0;
	int knear = p->nnear < CL_CANDIDATE_NEAR ? p->nnear : CL_CANDIDATE_NEAR;
	int cand[CL_CANDIDATE_NEAR];
	/* The used routes as a list (used_routes), built at the first scan
	 * of all routes in this call; -1: not built. */
	int nused = -1;

	for (int i = 0; i < s->nun; i++) {
		int v = s->un[i];
		struct place b = { INT64_MAX, -1, 0, 0, 0 };

		/*
		 * Granular first pass: the routes of v's nearest villages,
		 * the first free vehicle of each type and every route of the
		 * drones (p->nanywhere: a drone takes v as a sortie of its own
		 * wherever v lies). Only when no place is found there are all
		 * other routes tried.
		 */
		w->stamp++;
		/* With reloads, a new trip at the end of a day costs what a
		 * free vehicle's first trip does; at equal cost the free
		 * vehicle keeps the day's time free: try it first (ties go
		 * to the first place found). */
		for (int pass = p->multi ? 0 : 1; pass < 3; pass++) {
			if (pass == 1) {
				int nc = near_routes(s, p, w, v, knear, cand);
				for (int k = 0; k < nc; k++)
					try_route(s, p, w, cand[k], v, blink_cut, rng, &b);
				continue;
			}
			if (pass == 2 && p->multi)
				break;
			for (int t = 0; t < p->ntypes && !w->no_new_routes && !p->new_last; t++) {
				int r = w->free_r[t];   /* only the first free vehicle */
				if (r < 0)
					continue;
				w->mark[r] = w->stamp;
				try_route(s, p, w, r, v, blink_cut, rng, &b);
			}
		}
		for (int r = 0; p->nanywhere > 0 && r < s->nr; r++) {
			if (!p->types[s->rt[r].type].anywhere || s->rt[r].len == 0 ||
			    w->mark[r] == w->stamp)
				continue;
			w->mark[r] = w->stamp;
			try_route(s, p, w, r, v, blink_cut, rng, &b);
		}
		/* When vehicles come first (p->fleet_first: the
		 * hierarchical objective), a free vehicle that is the best
		 * place so far only means that no neighbour's route took v:
		 * a route farther off may have room for less than the
		 * vehicle's fixed cost (CL_NEW_FALLBACK, tuning.h) */
		int want_all = b.r < 0 ||
			(CL_NEW_FALLBACK && p->fleet_first && s->rt[b.r].len == 0);
		if (want_all && !p->multi && !p->hetero) {
			if (nused < 0)
				nused = used_routes(s, p, w);
			try_used(s, p, w, nused, v, blink_cut, rng, &b);
		} else if (want_all) {
			for (int r = 0; r < s->nr; r++)
				if (s->rt[r].len > 0 && w->mark[r] != w->stamp)
					try_route(s, p, w, r, v, blink_cut, rng, &b);
		}
		/* new_last: a free vehicle only when no used route takes v */
		if (b.r < 0 && p->new_last && !w->no_new_routes && w->free_r[0] >= 0)
			try_route(s, p, w, w->free_r[0], v, 0, rng, &b);
		/* An optional village goes in only when its prize pays for
		 * the detour; a required one whenever it fits (its penalty
		 * exceeds any insertion). */
		if (b.r < 0 || b.cost >= cl_prob_miss(p, v)) {
			s->un[left++] = v;
			continue;
		}
		int started = s->rt[b.r].len == 0;
		if (started)
			route_used(s, w, b.r, 1);
		if (b.side)
			cl_rt_insert_trip(&s->rt[b.r], p, v, b.pos, (enum cl_trip_side)b.side);
		else if (p->plain)
			cl_rt_insert_later(&s->rt[b.r], p, v, b.pos);
		else
			cl_rt_insert(&s->rt[b.r], p, v, b.pos);
		s->route_of[v] = b.r;
		cl_lns_touch(w, b.r);
		if (nused >= 0)
			nused = used_update(s, p, w, nused, b.r, started);
		if (b.type != s->rt[b.r].type)
			retype(s, p, w, b.r, b.type);
	}
	s->nun = left;
}

void cl_recreate(struct cl_state *s, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng, double blink)
{
	cl_recreate_from(s, NULL, p, w, rng, blink);
}

void cl_recreate_from(struct cl_state *s, const struct cl_state *base,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, double blink)
{
	uint64_t blink_cut = (uint64_t)(blink * 18446744073709551615.0);

	order_villages(s, p, w, rng);
	if (base && p->ntypes == 1)
		count_free_used(s, w);
	else
		count_free(s, p, w);
	insert_all(s, p, w, rng, blink_cut);
	/* a day that moved to other vehicles may leave a vehicle free for a
	 * village that found no place */
	if (p->hetero && cheaper_vehicles(s, p, w) && s->nun > 0)
		insert_all(s, p, w, rng, blink_cut);
	/* the summaries the ruin and insert_all left pending (plain) */
	for (int i = 0; p->plain && !(base && w->keep_pending) && i < w->ndirty; i++)
		cl_rt_settle(&s->rt[w->dlist[i]], p);
	if (base)
		cl_state_cost_from(s, base, p, w);
	else
		cl_state_cost(s, p);
}
