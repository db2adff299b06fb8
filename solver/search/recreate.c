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
};

static void consider(struct place *b, int64_t d, int r, int pos, int side)
{
	if (d < b->cost) {
		b->cost = d;
		b->r = r;
		b->pos = pos;
		b->side = side;
	}
}

/*
 * Cheapest feasible place for v in route r, improving *b: between two
 * nodes, and, for a vehicle that may make another trip, as the last
 * village of a trip followed by a reload or the first after one (which
 * splits a trip in two, or adds one at the end of the day).
 */
static void try_route(const struct cl_state *s, const struct cl_prob *p, int r,
		      int v, uint64_t blink_cut, struct cl_rng *rng,
		      struct place *b)
{
	const struct cl_rt *rt = &s->rt[r];
	const struct cl_seg *all = &rt->pre[rt->len + 1];
	const struct cl_ptype *ty = &p->types[rt->type];
	int trips = ty->max_trips > 1 && rt->len > 0 && cl_rt_trips(rt) < ty->max_trips;
	int cap = ty->cap;

	/* Everything delivered is on board at the start, everything
	 * collected at the end: no place in this trip can help. */
	if (all->nrl == 0 && !trips &&
	    (all->dl + p->nodes[v].demand > cap || all->pk + p->nodes[v].pickup > cap))
		return;
	for (int pos = 0; pos <= rt->len; pos++) {
		if (blink_cut && cl_rng_next(rng) < blink_cut)
			continue;
		consider(b, cl_rt_insert_delta(rt, p, v, pos), r, pos, 0);
		if (trips) {
			consider(b, cl_rt_insert_trip_delta(rt, p, v, pos, CL_TRIP_AFTER),
				 r, pos, CL_TRIP_AFTER);
			consider(b, cl_rt_insert_trip_delta(rt, p, v, pos, CL_TRIP_BEFORE),
				 r, pos, CL_TRIP_BEFORE);
		}
	}
}

void cl_recreate(struct cl_state *s, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng, double blink)
{
	int left = 0;
	uint64_t blink_cut = (uint64_t)(blink * 18446744073709551615.0);
	int knear = p->nnear < CL_CANDIDATE_NEAR ? p->nnear : CL_CANDIDATE_NEAR;

	order_villages(s, p, w, rng);
	for (int i = 0; i < s->nun; i++) {
		int v = s->un[i];
		struct place b = { INT64_MAX, -1, 0, 0 };

		/*
		 * Granular first pass: the routes of v's nearest villages and
		 * the first free vehicle of each type. Only when no place is
		 * found there are all other routes tried.
		 */
		w->stamp++;
		for (int k = 0; k < knear; k++) {
			int r = s->route_of[p->near[(long)v * p->nnear + k]];
			if (r < 0 || w->mark[r] == w->stamp)
				continue;
			w->mark[r] = w->stamp;
			try_route(s, p, r, v, blink_cut, rng, &b);
		}
		for (int t = 0; t < p->ntypes; t++)
			w->seen[t] = 0;
		for (int r = 0; r < s->nr; r++) {
			struct cl_rt *rt = &s->rt[r];
			if (rt->len != 0 || w->seen[rt->type] || w->no_new_routes)
				continue;
			w->seen[rt->type] = 1;   /* only the first free vehicle */
			w->mark[r] = w->stamp;
			try_route(s, p, r, v, blink_cut, rng, &b);
		}
		if (b.r < 0) {
			for (int r = 0; r < s->nr; r++)
				if (s->rt[r].len > 0 && w->mark[r] != w->stamp)
					try_route(s, p, r, v, blink_cut, rng, &b);
		}
		/* An optional village goes in only when its prize pays for
		 * the detour; a required one whenever it fits (its penalty
		 * exceeds any insertion). */
		if (b.r < 0 || b.cost >= cl_prob_miss(p, v)) {
			s->un[left++] = v;
			continue;
		}
		if (b.side)
			cl_rt_insert_trip(&s->rt[b.r], p, v, b.pos, (enum cl_trip_side)b.side);
		else
			cl_rt_insert(&s->rt[b.r], p, v, b.pos);
		s->route_of[v] = b.r;
		cl_lns_touch(w, b.r);
	}
	s->nun = left;
	cl_state_cost(s, p);
}
