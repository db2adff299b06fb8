/*
 * fleetmin.c -- fleet minimisation (fleetmin.h).
 */
#include <stdlib.h>
#include <string.h>

#include "search/fleetmin.h"
#include "search/tuning.h"

static int routes_used(const struct cl_state *s)
{
	int k = 0;
	for (int r = 0; r < s->nr; r++)
		k += s->rt[r].len > 0;
	return k;
}

static long absence_sum(const struct cl_state *s, const int *absence)
{
	long sum = 0;
	for (int i = 0; i < s->nun; i++)
		sum += absence[s->un[i]];
	return sum;
}

static int stopped(const struct cl_fleetmin_limits *lim)
{
	return lim->stop && *lim->stop;
}

#define NO_ROUTE (-1)

/* Key of a route for the choice of the route to empty: its villages, or
 * (by_load) the larger of its deliveries and pickups. */
static long drop_key(const struct cl_rt *rt, int by_load)
{
	if (!by_load)
		return rt->len;
	return rt->dl > rt->pk ? rt->dl : rt->pk;
}

/* work = s without its rank-th route by drop_key (0: the smallest; ties
 * by index), its villages unassigned; NO_ROUTE when s has no such route. */
static int drop_route(struct cl_state *work, const struct cl_state *s,
		      const struct cl_prob *p, int rank, int by_load)
{
	int pick = -1;
	/* the rank-th smallest (key, index): count the routes before each */
	for (int r = 0; r < s->nr && pick < 0; r++) {
		if (s->rt[r].len == 0)
			continue;
		long kr = drop_key(&s->rt[r], by_load);
		int before = 0;
		for (int q = 0; q < s->nr; q++) {
			if (s->rt[q].len == 0)
				continue;
			long kq = drop_key(&s->rt[q], by_load);
			before += kq < kr || (kq == kr && q < r);
		}
		if (before == rank)
			pick = r;
	}
	if (pick < 0)
		return NO_ROUTE;
	if (cl_state_copy(work, s) != CL_OK)
		return CL_EINTERNAL;
	struct cl_rt *rt = &work->rt[pick];
	for (int i = 1; i <= rt->len; i++) {
		work->route_of[rt->nodes[i]] = -1;
		work->un[work->nun++] = rt->nodes[i];
	}
	rt->len = 0;
	cl_rt_update(rt, p);
	cl_state_cost(work, p);
	return CL_OK;
}

/*
 * Ruin and recreate work without new vehicles until no more villages are
 * out than in s (*done = 1: tmp is that plan) or a limit (tmp = work).
 */
static int place_without_route(struct cl_state *work, struct cl_state *tmp,
			       const struct cl_prob *p, struct cl_lns_work *w,
			       struct cl_rng *rng, const struct cl_fleetmin_limits *lim,
			       int *absence, int base_nun, long *steps, long max_try, int *done)
{
	long it = 0;

	*done = 0;
	/* tmp = work before each step; after it, the routes it changed are
	 * copied one way or the other (cl_state_sync), not the whole plan */
	if (cl_state_copy(tmp, work) != CL_OK)
		return CL_EINTERNAL;
	while (!*done && !stopped(lim) && (*steps)++ < lim->max_steps &&
	       (max_try <= 0 || it < max_try) &&
	       ((it++ & 15) || lim->now() < lim->deadline)) {
		cl_lns_begin(w);
		w->no_new_routes = 1;
		cl_ruin(tmp, p, w, rng);
		cl_recreate(tmp, p, w, rng, CL_FLEETMIN_BLINK);
		w->no_new_routes = 0;
		if (cl_lns_status(tmp, w) != CL_OK)
			return CL_EINTERNAL;
		for (int i = 0; i < tmp->nun; i++)
			absence[tmp->un[i]]++;
		if (tmp->nun <= base_nun) {
			*done = 1;
		} else if (tmp->nun < work->nun ||
			   absence_sum(tmp, absence) <= absence_sum(work, absence)) {
			if (cl_state_sync(work, tmp, w) != CL_OK)
				return CL_EINTERNAL;
		} else if (cl_state_sync(tmp, work, w) != CL_OK) {
			return CL_EINTERNAL;
		}
	}
	return CL_OK;
}

int cl_fleet_minimise(struct cl_state *s, struct cl_state *tmp,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, const struct cl_fleetmin_limits *lim,
		      int *saved, struct cl_error *err)
{
	long steps = 0;
	int *absence = calloc((size_t)p->n, sizeof(int));
	struct cl_state work;
	int base_nun = s->nun, rc = CL_OK;
	int floor = lim->min_routes > 1 ? lim->min_routes : 1;

	*saved = 0;
	memset(&work, 0, sizeof work);
	if (!absence || cl_state_init(&work, p) != CL_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory in fleet minimisation");
		goto cleanup;
	}
	w->priority = absence;
	/* Empty the smallest route by lim->by_load's key; when that fails
	 * within lim->max_try steps (0: any number), the next smallest, and
	 * so on, until one goes or none is left. */
	int rank = 0;
	while (lim->now() < lim->deadline && steps < lim->max_steps && !stopped(lim) &&
	       routes_used(s) > floor) {
		int done = 0;
		rc = drop_route(&work, s, p, rank, lim->by_load);
		if (rc == NO_ROUTE) {
			rc = CL_OK;
			break;
		}
		if (rc == CL_OK)
			rc = place_without_route(&work, tmp, p, w, rng, lim, absence,
						 base_nun, &steps, lim->max_try, &done);
		cl_lns_begin(w);
		if (rc == CL_OK && done)
			rc = cl_state_copy(s, tmp);
		if (rc != CL_OK) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory in fleet minimisation");
			break;
		}
		if (!done) {
			if (lim->max_try <= 0)
				break;
			rank++;
			continue;
		}
		rank = 0;
		(*saved)++;
	}
cleanup:
	w->priority = NULL;
	w->no_new_routes = 0;
	cl_state_free(&work);
	free(absence);
	return rc;
}
