/*
 * solve/solve.c -- the search driver (solve.h).
 *
 *   1. Villages that no vehicle type can serve even alone get their reason
 *      and leave the search.
 *   2. Construction: every other village is inserted greedily (recreate
 *      on an empty plan).
 *   3. Ruin and recreate with simulated-annealing acceptance, the
 *      temperature falling geometrically from about half an average arc's
 *      cost to a two-hundredth of it, until the iteration budget, the time
 *      limit or a stop request. The best plan seen is returned.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/log.h"
#include "cunlu/solve.h"
#include "util/clock.h"
#include "search/fleetmin.h"
#include "search/state.h"
#include "search/ls.h"
#include "ilp/refine.h"
#include "search/prob.h"

#define BLINK_RATE 0.01

void cl_solve_params_default(struct cl_solve_params *p)
{
	memset(p, 0, sizeof *p);
	p->seed = 1;
	p->time_limit_s = 30.0;
	p->max_iters = 0;
}

/*
 * Why village v cannot be served even alone, or CL_REASON_NONE. Of the
 * checks capacity, road, range, opening hours and route length, the reason
 * given is the furthest any vehicle type got.
 */
static enum cl_reason alone_reason(const struct cl_prob *p, int v)
{
	static const enum cl_reason stage[] = {
		CL_REASON_CAPACITY, CL_REASON_NOROAD, CL_REASON_RANGE,
		CL_REASON_TIMEWINDOW, CL_REASON_DURATION
	};
	int furthest = -1;

	for (int t = 0; t < p->ntypes; t++) {
		const struct cl_ptype *ty = &p->types[t];
		struct cl_seg a, b, c;
		int k = 0;

		if (ty->count <= 0)
			continue;
		cl_seg_node(&a, p, t, 0);
		cl_seg_node(&b, p, t, v);
		cl_seg_node(&c, p, t, 0);
		cl_seg_join(&a, &a, &b, p, t);
		cl_seg_join(&a, &a, &c, p, t);
		if (a.peak <= ty->cap) {
			k = 1;
			if (!a.bad) {
				k = 2;
				if (a.dist <= ty->max_dist) {
					k = 3;
					if (a.tw == 0) {
						k = 4;
						if (a.dur <= ty->max_dur)
							return CL_REASON_NONE;
					}
				}
			}
		}
		if (k > furthest)
			furthest = k;
	}
	return furthest < 0 ? CL_REASON_FLEET : stage[furthest];
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
		sum += (double)p->types[rt->type].unit * (double)rt->pre[rt->len + 1].dist;
		arcs += rt->len + 1;
	}
	return arcs > 0 && sum > 0 ? sum / (double)arcs : 1.0;
}

static int to_solution(const struct cl_state *s, const struct cl_prob *p,
		       const enum cl_reason *why, struct cl_solution **out)
{
	struct cl_solution *sol = cl_solution_create();
	int rc = CL_OK;

	if (!sol)
		return CL_EINTERNAL;
	for (int r = 0; r < s->nr && rc == CL_OK; r++) {
		const struct cl_rt *rt = &s->rt[r];
		if (rt->len == 0)
			continue;
		rc = cl_solution_add_route(sol, rt->type, rt->vehicle,
					   rt->pre[rt->len + 1].e, rt->nodes + 1,
					   rt->len);
	}
	for (int v = 1; v < p->n && rc == CL_OK; v++) {
		if (why[v] != CL_REASON_NONE)
			rc = cl_solution_add_unassigned(sol, v, why[v]);
		else if (s->route_of[v] < 0)
			rc = cl_solution_add_unassigned(sol, v, CL_REASON_FLEET);
	}
	if (rc != CL_OK) {
		cl_solution_destroy(sol);
		return rc;
	}
	*out = sol;
	return CL_OK;
}

static int state_oom(const struct cl_state *s)
{
	for (int r = 0; r < s->nr; r++)
		if (s->rt[r].oom)
			return 1;
	return 0;
}

/* Rebuild route_of from the routes (after copying a state). */
static void index_routes(struct cl_state *s, const struct cl_prob *p)
{
	for (int v = 0; v < p->n; v++)
		s->route_of[v] = -1;
	for (int r = 0; r < s->nr; r++)
		for (int i = 1; i <= s->rt[r].len; i++)
			s->route_of[s->rt[r].nodes[i]] = r;
}

/*
 * The --ilp schedule: sweeps over regions of ILP_REGION routes (refine.h)
 * at these fractions of the search, two thirds of the ILP's time shared
 * among them, then at the end (the last third) one more sweep and one
 * model over the whole plan. The mid-run sweeps are where the gains are:
 * each better plan restarts the search from there. The whole-plan model
 * rarely changes the plan (docs/benchmarks.md, "What limits --ilp") but,
 * when GLPK closes it, proves it the best combination of the pool.
 */
/* The refinement's figures into the public statistics. */
static void ilp_stats_out(struct cl_ilp_stats *o, const struct cl_refine_stats *s)
{
	o->runs = s->runs;
	o->improvements = s->improvements;
	o->pool_routes = s->pool_routes;
	o->columns = s->columns;
	o->lp_bound = s->lp_bound;
	o->ilp_cost = s->ilp_cost;
	o->before_cost = s->before_cost;
	o->gain = s->gain;
	o->time_s = s->time_s;
	memcpy(o->status, s->status, sizeof o->status);
	o->whole_plan = s->whole_plan;
}

static const double ilp_at[] = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
#define ILP_NMID ((int)(sizeof ilp_at / sizeof ilp_at[0]))
#define ILP_REGION 8

int cl_solve(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solve_params *params, struct cl_solution **out,
	     struct cl_solve_stats *stats, struct cl_error *err)
{
	struct cl_prob *p = NULL;
	struct cl_state cur, trial, best;
	struct cl_lns_work w;
	struct cl_rng rng;
	enum cl_reason *why = NULL;
	int rc;
	double t0 = cl_now_s(), last_print = t0;
	long it = 0, max_iters;
	int printed = 0;
	struct cl_pool *pool = NULL;
	struct cl_refine_opts ropts = { params->ilp_gap, params->ilp_verbose, params->stop };
	struct cl_refine_stats rst;
	/*
	 * Share of steps that first empty a whole route: worth it when a
	 * vehicle costs something by itself (fixed costs, the hierarchical
	 * VRPTW objective), rarely otherwise.
	 */
	double route_rate = 0.01;

	memset(&cur, 0, sizeof cur);
	memset(&trial, 0, sizeof trial);
	memset(&best, 0, sizeof best);
	memset(&w, 0, sizeof w);
	memset(stats, 0, sizeof *stats);
	memset(&rst, 0, sizeof rst);
	*out = NULL;

	rc = cl_prob_create(inst, m, &p, err);
	if (rc != CL_OK)
		return rc;
	for (int t = 0; t < p->ntypes; t++)
		if (p->types[t].fixed > 0)
			route_rate = 0.05;
	why = calloc((size_t)p->n, sizeof *why);
	if (!why || cl_state_init(&cur, p) != CL_OK ||
	    cl_state_init(&trial, p) != CL_OK ||
	    cl_state_init(&best, p) != CL_OK ||
	    cl_lns_work_init(&w, p, cur.nr) != CL_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for the search");
		goto cleanup;
	}
	cl_rng_seed(&rng, (uint64_t)params->seed);

	for (int v = 1; v < p->n; v++) {
		why[v] = alone_reason(p, v);
		if (why[v] == CL_REASON_NONE)
			cur.un[cur.nun++] = v;
	}
	cl_recreate(&cur, p, &w, &rng, 0.0);
	cl_state_copy(&best, &cur);
	cl_state_copy(&trial, &cur);
	memcpy(trial.route_of, cur.route_of, sizeof(int) * (size_t)p->n);
	if (state_oom(&cur) || state_oom(&best)) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		goto cleanup;
	}

	max_iters = params->max_iters > 0 ? params->max_iters : 2000 + 200L * p->n;
	{
		/*
		 * When any vehicle costs more by itself than all the driving of
		 * the first plan, one vehicle fewer always pays: spend up to
		 * 30% of the budget on emptying routes first.
		 */
		int64_t drive = 0, min_fixed = INT64_MAX;
		for (int r = 0; r < cur.nr; r++)
			if (cur.rt[r].len > 0)
				drive += cur.rt[r].cost - p->types[cur.rt[r].type].fixed;
		for (int t = 0; t < p->ntypes; t++)
			if (p->types[t].count > 0 && p->types[t].fixed < min_fixed)
				min_fixed = p->types[t].fixed;
		/*
		 * Without fixed costs or opening hours (CVRP), a plan above the
		 * capacity bound on
		 * the number of routes gets 10% of the budget to come down to
		 * it: tight instances are best with the fewest routes, and the
		 * annealing rarely finds them by itself.
		 */
		int used = 0, bound = 0;
		long parcels = 0;
		for (int r = 0; r < cur.nr; r++)
			used += cur.rt[r].len > 0;
		int windows = 0;
		for (int v = 1; v < p->n; v++)
			windows |= p->nodes[v].tw_start > p->types[0].shift_start ||
				   p->nodes[v].tw_end < p->types[0].shift_end;
		/* Only for pure capacity problems: with opening hours the number
		 * of routes follows the hours, not the loads. */
		if (p->ntypes == 1 && p->types[0].cap > 0 && !windows) {
			for (int v = 1; v < p->n; v++)
				parcels += p->nodes[v].demand > p->nodes[v].pickup ?
					   p->nodes[v].demand : p->nodes[v].pickup;
			bound = (int)((parcels + p->types[0].cap - 1) / p->types[0].cap);
		}
		double share = 0;
		if (min_fixed >= drive && drive > 0)
			share = 0.3;
		else if (min_fixed == 0 && bound > 0 && used > bound)
			share = 0.1;
		if (share > 0) {
			double lim = params->time_limit_s > 0 ? params->time_limit_s : 1e30;
			int saved = cl_fleet_minimise(&cur, &trial, p, &w, &rng, cl_now_s,
						      t0 + share * lim, (long)(share * (double)max_iters),
						      share < 0.3 ? bound : 1, params->stop);
			cl_debug("fleet minimisation: %d vehicles fewer", saved);
			if (cur.cost < best.cost)
				cl_state_copy(&best, &cur);
			cl_state_copy(&trial, &cur);
			memcpy(trial.route_of, cur.route_of, sizeof(int) * (size_t)p->n);
		}
	}
	double scale = arc_scale(&cur, p);
	double temp0 = 0.5 * scale, temp_end = 0.005 * scale;
	double limit = params->time_limit_s > 0 ? params->time_limit_s : 1e30;
	double ilp_time = params->ilp ? params->ilp_time_s : 0;
	int ilp_next = 0;           /* next mid-run solve: ilp_at[ilp_next] */

	if (params->ilp) {
		pool = cl_refine_pool(p);
		rst.lp_bound = NAN;   /* until a model covers the whole plan */
		if (!pool) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory for the route pool");
			goto cleanup;
		}
		if (ilp_time <= 0 || ilp_time > 0.5 * limit)
			ilp_time = 0.15 * (limit < 1e29 ? limit : 40.0);
		/* A third of the ILP's time is kept for the end; the mid-run
		 * sweeps spend the search's own time. */
		limit -= ilp_time / 3;
		cl_lns_begin(&w);
		for (int r = 0; r < cur.nr; r++)
			cl_lns_touch(&w, r);
		cl_refine_collect(pool, &cur, &w);
		cl_lns_begin(&w);
	}

	for (it = 0; it < max_iters; it++) {
		double el = cl_now_s() - t0;
		if (el >= limit) {
			stats->time_limited = 1;
			break;
		}
		if (params->stop && *params->stop)
			break;
		double frac = (double)it / (double)max_iters;
		if (el / limit > frac)
			frac = el / limit;
		double temp = temp0 * pow(temp_end / temp0, frac);

		if (pool && ilp_next < ILP_NMID && frac >= ilp_at[ilp_next]) {
			/* Let GLPK recombine the routes seen so far, region
			 * by region. */
			while (ilp_next < ILP_NMID && frac >= ilp_at[ilp_next])
				ilp_next++;
			index_routes(&best, p);
			int swept;
			int got = cl_refine_regions(pool, &best, p,
						    2 * ilp_time / 3 / ILP_NMID,
						    ILP_REGION, &rng, &ropts, &rst,
						    &swept, err);
			if (got < 0) {
				rc = -got;
				goto cleanup;
			}
			if (got > 0) {
				cl_state_copy(&cur, &best);
				memcpy(cur.route_of, best.route_of, sizeof(int) * (size_t)p->n);
				cl_state_copy(&trial, &cur);
				memcpy(trial.route_of, cur.route_of, sizeof(int) * (size_t)p->n);
			}
			continue;
		}

		cl_lns_begin(&w);
		if (cl_rng_unit(&rng) < route_rate)
			cl_ruin_route(&trial, p, &w, &rng);
		cl_ruin(&trial, p, &w, &rng);
		cl_recreate(&trial, p, &w, &rng, BLINK_RATE);
		if (state_oom(&trial) || state_oom(&cur) || state_oom(&best)) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
			goto cleanup;
		}
		double u = cl_rng_unit(&rng);
		if ((double)trial.cost < (double)cur.cost - temp * log(u > 0 ? u : 1e-300)) {
			cl_state_sync(&cur, &trial, &w);
			if (pool)
				cl_refine_collect(pool, &cur, &w);
			if (cur.cost < best.cost) {
				/* Polish a new best plan with the local search. */
				cl_state_copy(&best, &cur);
				memcpy(best.route_of, cur.route_of, sizeof(int) * (size_t)p->n);
				cl_lns_begin(&w);
				cl_local_search(&best, p, &w, 50);
				cl_lns_begin(&w);   /* cur and trial are unchanged */
			}
		} else {
			cl_state_sync(&trial, &cur, &w);
		}
		if (params->progress && (it & 63) == 0 && cl_now_s() - last_print > 0.5) {
			last_print = cl_now_s();
			fprintf(stderr, "%scunlu: %.1f s, iteration %ld, best cost %.2f, unassigned %d%s",
				params->progress == 1 ? "\r" : "", last_print - t0, it,
				(double)(best.cost - p->penalty * best.nun) / CL_COST_SCALE,
				best.nun, params->progress == 1 ? "   " : "\n");
			printed = 1;
		}
	}
	if (params->progress == 1 && printed)
		fputc('\n', stderr);
	index_routes(&best, p);
	if (pool) {
		/*
		 * At the end: a sweep over small regions (a third of the
		 * time), then the whole plan in one model (INT_MAX routes: no
		 * route or village limit) with the time left.
		 */
		double end = params->time_limit_s > 0 ? t0 + limit + ilp_time / 3 :
			     cl_now_s() + ilp_time / 3;
		for (int k = 0; k < 2; k++) {
			int swept;
			double left = end - cl_now_s();
			if (left < 0.01)
				break;
			int got = cl_refine_regions(pool, &best, p, k == 0 ? left / 3 : left,
						    k == 0 ? ILP_REGION : INT_MAX, &rng,
						    &ropts, &rst, &swept, err);
			if (got < 0) {
				rc = -got;
				goto cleanup;
			}
		}
	}
	rc = to_solution(&best, p, why, out);
	if (rc != CL_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory writing the plan");
		goto cleanup;
	}
	stats->iterations = it;
	stats->elapsed_s = cl_now_s() - t0;
	stats->best_cost = (double)(best.cost - p->penalty * best.nun) / CL_COST_SCALE;
	cl_debug("search: %ld iterations in %.2f s, cost %.2f", it, stats->elapsed_s,
		 stats->best_cost);
cleanup:
	if (pool)
		ilp_stats_out(&stats->ilp, &rst);
	cl_pool_destroy(pool);
	cl_lns_work_free(&w);
	cl_state_free(&cur);
	cl_state_free(&trial);
	cl_state_free(&best);
	free(why);
	cl_prob_destroy(p);
	return rc;
}
