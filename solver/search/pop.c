/*
 * search/pop.c -- a population of annealed plans recombined by route
 * transplant (pop.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "search/ls.h"
#include "search/pop.h"
#include "search/tuning.h"

int cl_pop_applies(const struct cl_anneal *a)
{
	return CL_POP && CL_POP_SIZE >= 2 && !a->on_accept;
}

int cl_pop_cross(struct cl_state *child, const struct cl_state *pa,
		 const struct cl_state *pb, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng)
{
	char *sel = calloc((size_t)(pa->nr > 0 ? pa->nr : 1), 1);
	char *inb = calloc((size_t)p->n, 1);
	int rc = CL_OK, used = 0, got = 0, seed, want, k;

	if (!sel || !inb || cl_state_copy(child, pa) != CL_OK) {
		rc = CL_EINTERNAL;
		goto cleanup;
	}
	for (int r = 0; r < pb->nr; r++)
		used += pb->rt[r].len > 0;
	if (used == 0)
		goto cleanup;   /* nothing to take from pb: child = pa */
	want = 1 + cl_rng_int(rng, used / 2 > 1 ? used / 2 : 1);
	do
		seed = 1 + cl_rng_int(rng, p->n - 1);
	while (pb->route_of[seed] < 0);
	/* pb's routes through the seed and its nearest villages */
	for (k = -1; k < p->nnear && got < want; k++) {
		int c = k < 0 ? seed : p->near[(long)seed * p->nnear + k];
		int r = pb->route_of[c];
		if (r < 0 || sel[r])
			continue;
		sel[r] = 1;
		got++;
		for (int i = 1; i <= pb->rt[r].len; i++)
			inb[pb->rt[r].nodes[i]] = 1;
	}
	inb[0] = 0;   /* reloads */
	cl_lns_begin(w);
	for (int r = 0; r < child->nr; r++) {
		struct cl_rt *rt = &child->rt[r];
		int len = 0, changed = 0;
		if (sel[r]) {
			/* pa's villages here that pb serves elsewhere lose
			 * their place; the slot takes pb's route */
			for (int i = 1; i <= rt->len; i++) {
				int v = rt->nodes[i];
				if (v != 0 && !inb[v]) {
					child->route_of[v] = -1;
					child->un[child->nun++] = v;
				}
			}
			cl_rt_copy(rt, &pb->rt[r]);
			if (rt->oom) {
				rc = CL_EINTERNAL;
				goto cleanup;
			}
			rt->ls_done = 0;   /* never searched against pa's routes */
			for (int i = 1; i <= rt->len; i++)
				if (rt->nodes[i] != 0)
					child->route_of[rt->nodes[i]] = r;
			cl_lns_touch(w, r);
			continue;
		}
		/* the transplanted villages leave pa's other routes */
		for (int i = 1; i <= rt->len; i++) {
			int v = rt->nodes[i];
			if (v != 0 && inb[v]) {
				changed = 1;
				continue;
			}
			rt->nodes[++len] = v;
		}
		if (!changed)
			continue;
		rt->len = len;
		rt->nodes[len + 1] = 0;
		cl_rt_update(rt, p);
		cl_lns_touch(w, r);
	}
	/* pa's unassigned villages that pb's routes serve */
	k = 0;
	for (int i = 0; i < child->nun; i++)
		if (!inb[child->un[i]])
			child->un[k++] = child->un[i];
	child->nun = k;
	cl_recreate(child, p, w, rng, CL_BLINK_RATE);
	rc = cl_state_status(child);
cleanup:
	free(sel);
	free(inb);
	return rc;
}

double cl_pop_distance(const struct cl_state *a, const struct cl_state *b)
{
	int *pb = malloc(2 * (size_t)(a->n > 0 ? a->n : 1) * sizeof *pb), *sb;
	long broken = 0, count = 0;

	if (!pb)
		return -1.0;
	sb = pb + a->n;
	for (int v = 0; v < a->n; v++)
		pb[v] = sb[v] = -1;
	/* b's neighbours of each village: 0 for the depot or a reload */
	for (int r = 0; r < b->nr; r++)
		for (int i = 1; i <= b->rt[r].len; i++) {
			int v = b->rt[r].nodes[i];
			if (v == 0)
				continue;
			pb[v] = b->rt[r].nodes[i - 1];
			sb[v] = b->rt[r].nodes[i + 1];
		}
	for (int r = 0; r < a->nr; r++)
		for (int i = 1; i <= a->rt[r].len; i++) {
			int v = a->rt[r].nodes[i], pa = a->rt[r].nodes[i - 1],
			    sa = a->rt[r].nodes[i + 1];
			if (v == 0)
				continue;
			count++;
			if (pb[v] < 0) {
				broken++;   /* off b's routes */
				continue;
			}
			/* the arc to the successor, and a route's first arc */
			if (sa != pb[v] && sa != sb[v])
				broken++;
			if (pa == 0 && pb[v] != 0 && sb[v] != 0)
				broken++;
		}
	free(pb);
	return count > 0 ? (double)broken / (double)count : 0.0;
}

/* The effort a has used, 0..1 (cl_anneal_effort). */
static double lead_frac(struct cl_anneal *a)
{
	return cl_anneal_effort(a->by_time, a->it, a->max_iters, a->now() - a->t0, a->limit_s,
				&a->time_drove);
}

/*
 * Anneal from `from` for `share` of a's effort (no further than its end:
 * its iterations and time left) with the start temperature scaled by
 * temp_scale; sub->best is the result. Counts the iterations into a, so
 * that all runs together do exactly a->max_iters.
 */
static int sub_run(struct cl_anneal *a, struct cl_anneal *sub, const struct cl_state *from,
		   double share, double temp_scale, const struct cl_prob *p,
		   struct cl_lns_work *w, struct cl_rng *rng, struct cl_error *err)
{
	long iters = (long)(share * (double)a->max_iters), left = a->max_iters - a->it;
	double time_left = a->limit_s - (a->now() - a->t0);
	int rc;

	if (cl_state_copy(&sub->cur, from) != CL_OK || cl_state_copy(&sub->best, from) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	sub->it = 0;
	sub->max_iters = iters < left ? iters : left;
	sub->t0 = a->now();
	sub->limit_s = fmin(share * a->limit_s, time_left);
	sub->now = a->now;
	sub->by_time = a->by_time;
	sub->time_drove = 0;
	sub->route_rate = a->route_rate;
	sub->time_limited = 0;
	sub->done = 0;
	sub->stop = a->stop;
	sub->progress = 0;   /* its figures are the run's, not the search's */
	sub->cycle = 0;
	sub->on_accept = NULL;
	if (sub->max_iters <= 0 || sub->limit_s <= 0) {
		a->time_limited = sub->limit_s <= 0;
		return CL_OK;   /* the effort is used: best = from */
	}
	if (cl_anneal_start(sub, p) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	sub->temp0 *= temp_scale;
	if (sub->temp0 < sub->temp_end)
		sub->temp0 = sub->temp_end;
	rc = cl_anneal_run(sub, p, w, rng, 2.0, err);
	a->it += sub->it;
	a->time_limited = sub->time_limited;
	a->time_drove |= sub->time_drove;
	return rc;
}

/* The cheaper of two random elites. */
static int tournament(const struct cl_state *el, int n, struct cl_rng *rng)
{
	int i = cl_rng_int(rng, n), j = cl_rng_int(rng, n);

	return el[j].cost < el[i].cost ? j : i;
}

static int stopped(const struct cl_anneal *a)
{
	return a->stop && *a->stop;
}

int cl_pop_wanted(const struct cl_anneal *a, const struct cl_prob *p, double total)
{
	double per = p->tw ? CL_POP_PER_VILLAGE_TW : CL_POP_PER_VILLAGE;

	/* Not it / frac: by time, frac counts from the run's start, so fleet
	 * minimisation's share (30% with the hierarchical objective) made the
	 * pace look a third to a tenth of the annealing's own, and the layer
	 * never ran on hierarchical Solomon (issue 13, thirteenth session). */
	return !a->done && total >= per * (double)(p->nsites > 1 ? p->nsites - 1 : 1);
}

void cl_pop_free(struct cl_pop *pp)
{
	for (int k = 0; k < CL_POP_SIZE; k++)
		cl_state_free(&pp->el[k]);
	cl_state_free(&pp->start);
	cl_state_free(&pp->child);
	cl_anneal_free(&pp->sub);
}

int cl_pop_init(struct cl_pop *pp, struct cl_anneal *a, const struct cl_prob *p)
{
	int rc = CL_OK;

	memset(pp, 0, sizeof *pp);
	for (int k = 0; k < CL_POP_SIZE; k++)
		if (cl_state_init(&pp->el[k], p) != CL_OK)
			rc = CL_EINTERNAL;
	if (cl_state_init(&pp->start, p) != CL_OK || cl_state_init(&pp->child, p) != CL_OK ||
	    cl_anneal_init(&pp->sub, p) != CL_OK || rc != CL_OK ||
	    cl_state_copy(&pp->start, &a->best) != CL_OK) {
		cl_pop_free(pp);
		return CL_EINTERNAL;
	}
	pp->span = 1.0 - lead_frac(a);
	if (pp->span < 0)
		pp->span = 0;
	return CL_OK;
}

/* sub's plan becomes a->best when cheaper. CL_OK or CL_EINTERNAL. */
static int keep_best(struct cl_anneal *a, const struct cl_state *s)
{
	return s->cost < a->best.cost ? cl_state_copy(&a->best, s) : CL_OK;
}

int cl_pop_migrate(struct cl_pop *pp, struct cl_anneal *a, const struct cl_state *plan)
{
	int worst = 0;

	if (plan->cost >= a->best.cost)
		return CL_OK;
	if (cl_state_copy(&a->best, plan) != CL_OK)
		return CL_EINTERNAL;
	if (pp->nel < CL_POP_SIZE)
		return CL_OK;   /* the elites stay independent runs */
	/* cheaper than a->best, so than every elite: it takes the worst's place */
	for (int k = 1; k < pp->nel; k++)
		if (pp->el[k].cost > pp->el[worst].cost)
			worst = k;
	return cl_state_copy(&pp->el[worst], plan);
}

/* -vv: one line per child -- its parents, its cost after the crossover
 * and local search and after its annealing, the elite it replaces (-1:
 * none), and how far apart the elites are (mean and least broken-pairs
 * distance). */
static void log_child(const struct cl_pop *pp, struct cl_anneal *a, int ia, int ib,
		      int64_t crossed, const struct cl_state *got, int replaces)
{
	double sum = 0, least = 1e9;
	int pairs = 0;

	for (int i = 0; i < pp->nel; i++)
		for (int j = i + 1; j < pp->nel; j++) {
			double d = cl_pop_distance(&pp->el[i], &pp->el[j]);
			if (d < 0)
				continue;   /* out of memory: a figure left out */
			sum += d;
			pairs++;
			if (d < least)
				least = d;
		}
	cl_debug("population: at %.3f child of %d (%.0f) x %d (%.0f): crossed %.0f, annealed "
		 "%.0f, replaces %d%s; elites apart %.3f mean, %.3f least, best %.0f",
		 lead_frac(a), ia, (double)pp->el[ia].cost / CL_COST_SCALE, ib,
		 (double)pp->el[ib].cost / CL_COST_SCALE, (double)crossed / CL_COST_SCALE,
		 (double)got->cost / CL_COST_SCALE, replaces,
		 got->cost < a->best.cost ? " (new best)" : "", pairs ? sum / pairs : 0.0,
		 pairs ? least : 0.0, (double)a->best.cost / CL_COST_SCALE);
}

int cl_pop_advance(struct cl_pop *pp, struct cl_anneal *a, const struct cl_prob *p,
		   struct cl_lns_work *w, struct cl_rng *rng, double until,
		   struct cl_error *err)
{
	struct cl_state *el = pp->el;
	struct cl_anneal *sub = &pp->sub;
	int rc = CL_OK;

	/* the elites: independent runs from the start plan (all of them,
	 * copies of it when the effort is used) */
	while (pp->nel < CL_POP_SIZE && !stopped(a)) {
		if (lead_frac(a) >= until)
			return CL_OK;
		rc = sub_run(a, sub, &pp->start, pp->span * CL_POP_ELITE_SHARE / CL_POP_SIZE, 1.0,
			     p, w, rng, err);
		if (rc != CL_OK)
			return rc;
		if (cl_state_copy(&el[pp->nel], &sub->best) != CL_OK ||
		    keep_best(a, &sub->best) != CL_OK)
			return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		pp->nel++;
		cl_debug("population: elite %d costs %.2f at %.3f of the effort", pp->nel,
			 (double)sub->best.cost / CL_COST_SCALE, lead_frac(a));
	}
	/* the children, until the effort is used */
	while (pp->nel >= 2 && !stopped(a) && a->it < a->max_iters) {
		double f = lead_frac(a);
		int nel = pp->nel, ia, ib, worst = 0, same = 0;
		int64_t crossed;
		if (f >= 1.0)
			break;
		if (f >= until)
			return CL_OK;
		ia = tournament(el, nel, rng);
		ib = tournament(el, nel, rng);
		if (ib == ia)
			ib = (ia + 1 + cl_rng_int(rng, nel - 1)) % nel;
		if (cl_pop_cross(&pp->child, &el[ia], &el[ib], p, w, rng) != CL_OK)
			return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		cl_lns_begin(w);
		rc = cl_local_search(&pp->child, p, w, CL_LS_MAX_PASSES, NULL, err);
		cl_lns_begin(w);
		crossed = pp->child.cost;
		a->it++;
		if (rc == CL_OK)
			rc = sub_run(a, sub, &pp->child, pp->span * CL_POP_CHILD_SHARE,
				     CL_POP_CHILD_TEMP, p, w, rng, err);
		if (rc != CL_OK)
			return rc;
		for (int k = 0; k < nel; k++) {
			same |= el[k].cost == sub->best.cost;
			if (el[k].cost > el[worst].cost)
				worst = k;
		}
		if (cl_log_level() >= CL_LOG_DEBUG)
			log_child(pp, a, ia, ib, crossed, &sub->best,
				  !same && sub->best.cost < el[worst].cost ? worst : -1);
		if (!same && sub->best.cost < el[worst].cost &&
		    (cl_state_copy(&el[worst], &sub->best) != CL_OK ||
		     keep_best(a, &sub->best) != CL_OK))
			return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	}
	a->done = 1;
	return CL_OK;
}
