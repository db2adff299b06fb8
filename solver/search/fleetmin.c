/*
 * fleetmin.c -- fleet minimisation (fleetmin.h).
 */
#include <limits.h>
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
		if (rt->nodes[i] == 0)
			continue;  /* a reload, not a village */
		work->route_of[rt->nodes[i]] = -1;
		work->un[work->nun++] = rt->nodes[i];
	}
	rt->len = 0;
	cl_rt_update(rt, p);
	cl_state_cost(work, p);
	return CL_OK;
}

/*
 * Ejection step (after Nagata & Bräysy 2009, "A powerful route
 * minimization heuristic for the vehicle routing problem with time
 * windows", Operations Research Letters 37): put a left-out village v on
 * a route by taking off at most CL_FLEETMIN_EJECT of that route's
 * villages, those left out least often so far (smallest sum of absence
 * counts; ties: the smaller cost increase). They go to the unassigned
 * list, where ruin and recreate (or a later ejection) places them: the
 * villages hard to place get a place, the easy ones make room.
 */
struct eject {
	int r, pos, k;              /* route, insert after nodes[pos], ejected */
	int out[2];                 /* positions taken off, ascending */
	long psum;
	int64_t delta;
};

/* Is (psum, delta) better than best's? */
static int eject_better(long psum, int64_t delta, const struct eject *best)
{
	return psum < best->psum || (psum == best->psum && delta < best->delta);
}

/* Try the candidate: v after nodes[pos] of route r, out[0..k-1] off. */
static void eject_try(struct eject *best, const struct cl_rt *rt, const struct cl_prob *p,
		      int r, int v, int pos, const int *out, int k, long psum)
{
	if (psum > best->psum)
		return;
	int64_t c = cl_rt_edit_cost(rt, p, v, pos, out, k);
	if (c == INT64_MAX || !eject_better(psum, c - rt->cost, best))
		return;
	best->r = r;
	best->pos = pos;
	best->k = k;
	for (int i = 0; i < k; i++)
		best->out[i] = out[i];
	best->psum = psum;
	best->delta = c - rt->cost;
}

/* The best ejection for v over the non-empty routes of s (best->r < 0:
 * none). The ejected villages lie within CL_FLEETMIN_EJECT_SPAN positions
 * of the insertion. Two passes: none or one village off, then two, where
 * the first pass's best sum of absence counts passes over most pairs
 * without evaluating them. */
static void eject_find(struct eject *best, const struct cl_state *s,
		       const struct cl_prob *p, int v, const int *absence)
{
	const int span = CL_FLEETMIN_EJECT_SPAN;

	best->r = -1;
	best->psum = LONG_MAX;
	best->delta = INT64_MAX;
	for (int pass = 0; pass < (CL_FLEETMIN_EJECT > 1 ? 2 : 1); pass++) {
		for (int r = 0; r < s->nr; r++) {
			const struct cl_rt *rt = &s->rt[r];
			if (rt->len == 0 || ((p->nodes[v].deny >> (rt->type & 63)) & 1u))
				continue;
			for (int pos = 0; pos <= rt->len; pos++) {
				int lo = pos - span + 1 > 1 ? pos - span + 1 : 1;
				int hi = pos + span < rt->len ? pos + span : rt->len;
				int out[2];
				if (pass == 0)
					eject_try(best, rt, p, r, v, pos, out, 0, 0);
				for (int i = lo; i <= hi; i++) {
					int u = rt->nodes[i];
					if (u == 0 || i == pos || absence[u] > best->psum)
						continue;
					out[0] = i;
					if (pass == 0) {
						eject_try(best, rt, p, r, v, pos, out, 1, absence[u]);
						continue;
					}
					for (int j = i + 1; j <= hi; j++) {
						int u2 = rt->nodes[j];
						if (u2 == 0 || j == pos)
							continue;
						out[1] = j;
						eject_try(best, rt, p, r, v, pos, out, 2,
							  (long)absence[u] + absence[u2]);
					}
				}
			}
		}
	}
}

/*
 * One ejection step on s (w: the step's changed routes): the left-out
 * village with the highest absence count that has an ejection goes on a
 * route, best.k villages come off. none[] marks the villages not to place
 * (the plan's own left-out ones, and those found to have no ejection).
 * buf: room for 2n + 2 nodes. Returns 1 if s changed, 0 if no village
 * had an ejection.
 */
static int eject_step(struct cl_state *s, const struct cl_prob *p,
		      struct cl_lns_work *w, const int *absence, unsigned char *none,
		      int *buf)
{
	for (;;) {
		int pick = -1;
		for (int i = 0; i < s->nun; i++) {
			int u = s->un[i];
			if (!none[u] && (pick < 0 || absence[u] > absence[s->un[pick]]))
				pick = i;
		}
		if (pick < 0)
			return 0;
		int v = s->un[pick];
		struct eject best;
		eject_find(&best, s, p, v, absence);
		if (best.r < 0) {
			none[v] = 1;
			continue;
		}
		struct cl_rt *rt = &s->rt[best.r];
		int len = 0, q = 0;
		for (int i = 1; i <= rt->len; i++) {
			if (q < best.k && best.out[q] == i) {
				int u = rt->nodes[i];
				s->route_of[u] = -1;
				s->un[s->nun++] = u;
				q++;
			} else {
				buf[len++] = rt->nodes[i];
			}
			if (i == best.pos)
				buf[len++] = v;
		}
		if (best.pos == 0) {
			memmove(buf + 1, buf, sizeof *buf * (size_t)len);
			buf[0] = v;
			len++;
		}
		/* v leaves the list (its slot takes the last entry) */
		s->un[pick] = s->un[--s->nun];
		s->route_of[v] = best.r;
		cl_lns_touch(w, best.r);
		if (cl_rt_reserve(rt, len) != CL_OK)
			return 1;  /* rt->oom: the caller's status check */
		memcpy(rt->nodes + 1, buf, sizeof *buf * (size_t)len);
		rt->len = len;
		rt->nodes[len + 1] = 0;
		cl_rt_update(rt, p);
		cl_state_cost(s, p);
		return 1;
	}
}

/*
 * Ruin and recreate work without new vehicles until no more villages are
 * out than in s (*done = 1: tmp is that plan) or a limit (tmp = work).
 */
static int place_without_route(struct cl_state *work, struct cl_state *tmp,
			       const struct cl_prob *p, struct cl_lns_work *w,
			       struct cl_rng *rng, const struct cl_fleetmin_limits *lim,
			       int *absence, int base_nun, long *steps, long max_try,
			       unsigned char *none, int *buf, int *done)
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
		cl_recreate_from(tmp, work, p, w, rng, CL_FLEETMIN_BLINK);
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
		/* tmp == work again; with ejections, one on both */
		if (!*done && lim->eject) {
			cl_lns_begin(w);
			if (eject_step(work, p, w, absence, none, buf)) {
				if (cl_lns_status(work, w) != CL_OK ||
				    cl_state_sync(tmp, work, w) != CL_OK)
					return CL_EINTERNAL;
				if (lim->ejections)
					(*lim->ejections)++;
			}
			*done = work->nun <= base_nun;
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
	unsigned char *none = calloc((size_t)p->n, 1);
	int *buf = malloc(sizeof(int) * (2 * (size_t)p->n + 2));
	struct cl_state work;
	int base_nun = s->nun, rc = CL_OK;
	long max_try = lim->max_try;
	int floor = lim->min_routes > 1 ? lim->min_routes : 1;

	*saved = 0;
	memset(&work, 0, sizeof work);
	if (!absence || !none || !buf || cl_state_init(&work, p) != CL_OK) {
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
		if (rc == NO_ROUTE && lim->cycle && rank > 0) {
			/* every route failed: again from the smallest */
			rank = 0;
			rc = drop_route(&work, s, p, rank, lim->by_load);
		}
		if (rc == NO_ROUTE) {
			rc = CL_OK;
			break;
		}
		/* ejections place only the dropped route's villages (and
		 * those they eject), never the plan's own left-out ones */
		memset(none, 0, (size_t)p->n);
		for (int i = 0; i < s->nun; i++)
			none[s->un[i]] = 1;
		if (rc == CL_OK)
			rc = place_without_route(&work, tmp, p, w, rng, lim, absence,
						 base_nun, &steps, max_try, none, buf, &done);
		cl_lns_begin(w);
		if (rc == CL_OK && done)
			rc = cl_state_copy(s, tmp);
		if (rc != CL_OK) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory in fleet minimisation");
			break;
		}
		if (!done) {
			if (max_try <= 0)
				break;
			rank++;
			if (lim->cycle && max_try < LONG_MAX / 2)
				max_try *= 2;
			continue;
		}
		rank = 0;
		max_try = lim->max_try;
		(*saved)++;
	}
cleanup:
	w->priority = NULL;
	w->no_new_routes = 0;
	cl_state_free(&work);
	free(absence);
	free(none);
	free(buf);
	return rc;
}
