/*
 * search/anneal.c -- ruin and recreate with simulated annealing
 * (anneal.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "search/anneal.h"
#include "search/ls.h"
#include "search/tuning.h"

double cl_anneal_effort(int by_time, long it, long max_iters, double el,
			double limit_s, int *timed)
{
	double fi = (double)it / (double)max_iters, ft = el / limit_s;

	if (by_time)
		return ft > fi ? ft : fi;
	if (2 * ft - 1 > fi) {
		*timed = 1;
		return 2 * ft - 1;
	}
	return fi;
}

int cl_anneal_init(struct cl_anneal *a, const struct cl_prob *p)
{
	memset(a, 0, sizeof *a);
	if (cl_state_init(&a->cur, p) != CL_OK ||
	    cl_state_init(&a->trial, p) != CL_OK ||
	    cl_state_init(&a->best, p) != CL_OK) {
		cl_anneal_free(a);
		return CL_EINTERNAL;
	}
	return CL_OK;
}

void cl_anneal_free(struct cl_anneal *a)
{
	cl_state_free(&a->cur);
	cl_state_free(&a->trial);
	cl_state_free(&a->best);
}

/* Average cost of one arc of s, for the temperature scale (> 0). */
static double arc_scale(const struct cl_state *s, const struct cl_prob *p)
{
	double sum = 0;
	long arcs = 0;
	for (int r = 0; r < s->nr; r++) {
		const struct cl_rt *rt = &s->rt[r];
		if (rt->len == 0)
			continue;
		/* what the route's driving costs: distance and, with wages,
		 * its hours (the route cost without the fixed cost) */
		sum += (double)(rt->cost - p->types[rt->type].fixed);
		arcs += rt->len + 1;
	}
	return arcs > 0 && sum > 0 ? sum / (double)arcs : 1.0;
}

int cl_anneal_start(struct cl_anneal *a, const struct cl_prob *p)
{
	double scale = arc_scale(&a->cur, p);

	a->temp0 = (p->tw ? CL_TEMP_START_TW : CL_TEMP_START) * scale;
	a->temp_end = CL_TEMP_END * scale;
	a->frac = 0;
	if (a->cur.cost < a->best.cost) {
		if (cl_state_copy(&a->best, &a->cur) != CL_OK)
			return CL_EINTERNAL;
		cl_state_settle(&a->best, p);   /* best is always settled */
	}
	return cl_state_copy(&a->trial, &a->cur);
}

int cl_anneal_restart(struct cl_anneal *a)
{
	if (cl_state_copy(&a->cur, &a->best) != CL_OK)
		return CL_EINTERNAL;
	return cl_state_copy(&a->trial, &a->cur);
}

static void print_progress(struct cl_anneal *a, const struct cl_prob *p)
{
	a->last_print = a->now();
	fprintf(stderr, "%scunlu: %.1f s, iteration %ld, best cost %.2f, unassigned %d%s",
		a->progress == 1 ? "\r" : "", a->last_print - a->t0, a->it,
		(double)cl_state_route_cost(&a->best, p) / CL_COST_SCALE,
		a->best.nun, a->progress == 1 ? "   " : "\n");
	a->printed = 1;
}

void cl_anneal_progress_end(struct cl_anneal *a)
{
	if (a->progress == 1 && a->printed)
		fputc('\n', stderr);
	a->printed = 0;
}

/*
 * One step at temperature temp: ruin and recreate trial, accept into cur
 * or undo, polish a new best.
 */
static int step(struct cl_anneal *a, const struct cl_prob *p,
		struct cl_lns_work *w, struct cl_rng *rng, double temp,
		struct cl_error *err)
{
	cl_lns_begin(w);
	if (cl_rng_unit(rng) < a->route_rate)
		cl_ruin_route(&a->trial, p, w, rng);
	cl_ruin(&a->trial, p, w, rng);
	/* cur and trial may keep pending summaries (plain problems; not
	 * for the route pool's hook, which reads the routes) */
	w->keep_pending = a->on_accept == NULL;
	cl_recreate_from(&a->trial, &a->cur, p, w, rng, CL_BLINK_RATE);
	w->keep_pending = 0;
	/* only the routes the step changed can have failed to grow; cur
	 * and best are checked where they change (sync, copies) */
	if (cl_lns_status(&a->trial, w) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	double u = cl_rng_unit(rng);
	if ((double)a->trial.cost >= (double)a->cur.cost - temp * log(u > 0 ? u : 1e-300)) {
		if (cl_state_sync(&a->trial, &a->cur, w) != CL_OK)
			return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		return CL_OK;
	}
	if (cl_state_sync(&a->cur, &a->trial, w) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	if (a->on_accept) {
		int rc = a->on_accept(a->hook_ctx, &a->cur, w, err);
		if (rc != CL_OK)
			return rc;
	}
	if (a->cur.cost >= a->best.cost)
		return CL_OK;
	/* A new best plan, polished by the local search; cur and trial
	 * stay as they are. */
	if (cl_state_copy(&a->best, &a->cur) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	cl_lns_begin(w);
	int64_t found = a->best.cost;
	int rc = cl_local_search(&a->best, p, w, CL_LS_MAX_PASSES, NULL, err);
	cl_lns_begin(w);
	/* The annealing goes on from the polished plan. */
	if (rc == CL_OK && CL_LS_TO_CUR && a->best.cost < found &&
	    (cl_state_copy(&a->cur, &a->best) != CL_OK ||
	     cl_state_copy(&a->trial, &a->best) != CL_OK))
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	return rc;
}

int cl_anneal_run(struct cl_anneal *a, const struct cl_prob *p,
		  struct cl_lns_work *w, struct cl_rng *rng, double until,
		  struct cl_error *err)
{
	for (; a->it < a->max_iters; a->it++) {
		double el = a->now() - a->t0;
		if (el >= a->limit_s) {
			a->time_limited = 1;
			break;
		}
		if (a->stop && *a->stop)
			break;
		a->frac = cl_anneal_effort(a->by_time, a->it, a->max_iters, el, a->limit_s,
					   &a->time_drove);
		if (a->frac >= until)
			return CL_OK;
		/* CL_ANNEAL_CYCLES cycles of the schedule; each after the first
		 * starts from the best plan at the temperature of fraction
		 * CL_REHEAT_FROM of the first. */
		double x = a->frac;
		if (CL_ANNEAL_CYCLES > 1) {
			int c = (int)(a->frac * CL_ANNEAL_CYCLES);
			if (c >= CL_ANNEAL_CYCLES)
				c = CL_ANNEAL_CYCLES - 1;
			if (c > a->cycle) {
				a->cycle = c;
				if (cl_anneal_restart(a) != CL_OK)
					return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
			}
			x = a->frac * CL_ANNEAL_CYCLES - c;
			if (c > 0)
				x = CL_REHEAT_FROM + (1 - CL_REHEAT_FROM) * x;
		}
		int rc = step(a, p, w, rng, a->temp0 * pow(a->temp_end / a->temp0, x), err);
		if (rc != CL_OK)
			return rc;
		if (a->progress && (a->it & 63) == 0 && a->now() - a->last_print > 0.5)
			print_progress(a, p);
	}
	a->done = 1;
	return CL_OK;
}
