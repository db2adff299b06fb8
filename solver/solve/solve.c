/*
 * solve/solve.c -- the search driver (solve.h): one function per phase.
 *
 *   1. Villages that no vehicle type can serve even alone get their reason
 *      and leave the search (set_aside).
 *   2. Construction: every other village is inserted greedily (recreate
 *      on an empty plan).
 *   3. Fleet minimisation, when a vehicle fewer is worth more than the
 *      driving (search/fleetmin.h).
 *   4. The annealing (search/anneal.h), which polishes each new best plan
 *      with the local search, paused at the --ilp sweeps' fractions; with
 *      a large budget, a population of annealing runs recombined by
 *      route transplant (search/pop.h); with --threads, a team of them
 *      (search/team.h).
 *   5. With --ilp: the sweeps (ilp/refine.h) and, at the end, one more
 *      sweep and a model over the whole plan.
 *   6. The best plan becomes the solution.
 * The tuning constants are in search/tuning.h.
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
#include "search/anneal.h"
#include "search/fleetmin.h"
#include "search/pop.h"
#include "search/prob.h"
#include "search/state.h"
#include "search/team.h"
#include "search/tuning.h"
#include "ilp/refine.h"

void cl_solve_params_default(struct cl_solve_params *p)
{
	memset(p, 0, sizeof *p);
	p->seed = 1;
	p->time_limit_s = 30.0;
	p->max_iters = 0;
	p->threads = 1;
}

/* CL_ITERS_RAMP per village up to CL_ITERS_BASE, plus CL_ITERS_PER_SITE
 * per village (tuning.h says why). */
long cl_solve_default_iters(int villages)
{
	long v = villages > 1 ? villages : 1;
	long ramp = CL_ITERS_RAMP * v;

	return (ramp < CL_ITERS_BASE ? ramp : CL_ITERS_BASE) + CL_ITERS_PER_SITE * v;
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
	int furthest = -1, allowed = 0, payload = 0;

	for (int t = 0; t < p->ntypes; t++) {
		const struct cl_ptype *ty = &p->types[t];
		struct cl_seg a, b, c;
		struct cl_day d;
		int k = 0;

		if (ty->count <= 0)
			continue;
		if ((p->nodes[v].deny >> (t & 63)) & 1u)
			continue;   /* VEHICLES, SKILLS or DRONE rule it out */
		allowed = 1;
		cl_seg_node(&a, p, t, 0);
		cl_seg_node(&b, p, t, v);
		cl_seg_node(&c, p, t, 0);
		cl_seg_join(&a, &a, &b, p, t);
		cl_seg_join(&a, &a, &c, p, t);
		cl_seg_day(&d, &a, p, t);
		/* the parcels fit but not their weight */
		payload |= d.peak <= ty->cap && d.wg > ty->max_wg;
		if (d.peak <= ty->cap && d.wg <= ty->max_wg) {
			k = 1;
			if (!d.bad) {
				k = 2;
				if (d.dist <= ty->max_dist && d.tripmax <= ty->max_trip) {
					k = 3;
					if (d.tw == 0) {
						k = 4;
						if (d.dur <= ty->max_dur)
							return CL_REASON_NONE;
					}
				}
			}
		}
		if (k > furthest)
			furthest = k;
	}
	if (!allowed) {
		for (int t = 0; t < p->ntypes; t++)
			if (p->types[t].count > 0)
				return CL_REASON_ACCESS;
		return CL_REASON_FLEET;
	}
	if (furthest == 0 && payload)
		return CL_REASON_PAYLOAD;
	return stage[furthest];
}

/*
 * The plan: one cl_route per trip (a route's reloads cut it into trips,
 * each with its departure from cl_rt_schedule), the villages set aside or
 * left out with their reasons, and the optional villages left out as
 * deferred (not a failure).
 */
static int to_solution(const struct cl_state *s, const struct cl_prob *p,
		       const enum cl_reason *why, struct cl_solution **out)
{
	struct cl_solution *sol = cl_solution_create();
	int *depart = NULL, *stops = NULL, *dl = NULL, *pk = NULL, *visits = NULL;
	int rc = CL_OK, maxtrips = 1;

	if (!sol)
		return CL_EINTERNAL;
	for (int t = 0; t < p->ntypes; t++)
		if (p->types[t].max_trips > maxtrips)
			maxtrips = p->types[t].max_trips;
	depart = malloc(sizeof *depart * (size_t)(p->n + maxtrips));
	stops = malloc(sizeof *stops * (size_t)p->n);
	dl = malloc(sizeof *dl * (size_t)p->n);
	pk = malloc(sizeof *pk * (size_t)p->n);
	visits = calloc((size_t)p->nsites, sizeof *visits);
	if (!depart || !stops || !dl || !pk || !visits) {
		rc = CL_EINTERNAL;
		goto cleanup;
	}
	for (int v = 1; v < p->n; v++)
		visits[cl_prob_site(p, v)]++;
	for (int r = 0; r < s->nr && rc == CL_OK; r++) {
		const struct cl_rt *rt = &s->rt[r];
		int trip = 0, from = 1;
		if (rt->len == 0)
			continue;
		cl_rt_schedule(rt, p, depart, p->n + maxtrips);
		for (int i = 1; i <= rt->len + 1 && rc == CL_OK; i++) {
			int k = 0, shares = 0;
			if (i <= rt->len && rt->nodes[i] != 0)
				continue;
			/* the trip's stops as sites; a split village's visit
			 * carries its share */
			for (int j = from; j < i; j++) {
				int v = rt->nodes[j];
				stops[k] = cl_prob_site(p, v);
				dl[k] = p->nodes[v].demand;
				pk[k] = p->nodes[v].pickup;
				shares |= visits[stops[k]] > 1;
				k++;
			}
			rc = cl_solution_add_trip(sol, rt->type, rt->vehicle, trip,
						  depart[trip], stops, k, shares ? dl : NULL,
						  shares ? pk : NULL);
			trip++;
			from = i + 1;
		}
	}
	for (int v = 1; v < p->n && rc == CL_OK; v++) {
		if (cl_prob_site(p, v) != v)
			continue;   /* an extra visit: its site speaks for it */
		if (why[v] != CL_REASON_NONE)
			rc = cl_solution_add_unassigned(sol, v, why[v]);
		else if (s->route_of[v] < 0 && p->optional[v])
			rc = cl_solution_add_deferred(sol, v);
		else if (s->route_of[v] < 0)
			rc = cl_solution_add_unassigned(sol, v, CL_REASON_FLEET);
	}
cleanup:
	free(depart);
	free(stops);
	free(dl);
	free(pk);
	free(visits);
	if (rc != CL_OK) {
		cl_solution_destroy(sol);
		return rc;
	}
	*out = sol;
	return CL_OK;
}

/* Everything one run of the search holds. */
struct run {
	const struct cl_solve_params *params;
	struct cl_prob *p;
	enum cl_reason *why;          /* per village: why it is left out alone */
	struct cl_anneal a;           /* cur, trial, best and the schedule */
	struct cl_lns_work w;
	struct cl_rng rng;
	double (*now)(void);          /* the search's clock: wall or CPU time */
	double t0;                    /* when cl_solve began (on now()) */
	/* --ilp */
	struct cl_pool *pool;         /* NULL without --ilp */
	struct cl_refine_opts ropts;
	struct cl_refine_stats rst;
	double ilp_time;              /* all the ILP's time (s) */
	long iterations;              /* all threads together */
	int searches;                 /* cl_solve_stats.searches */
	int population;               /* cl_solve_stats.population */
	int fleet_timed;              /* fleet minimisation met its deadline */
};

static int run_init(struct run *run, const struct cl_instance *inst,
		    const struct cl_matrix *m, const struct cl_solve_params *params,
		    struct cl_error *err)
{
	int rc;

	memset(run, 0, sizeof *run);
	run->now = params->clock ? params->clock : params->cpu_time ? cl_cpu_now_s : cl_now_s;
	run->t0 = run->now();
	run->params = params;
	rc = cl_prob_create_threads(inst, m, params->threads, &run->p, err);
	if (rc != CL_OK)
		return rc;
	run->why = calloc((size_t)run->p->n, sizeof *run->why);
	if (!run->why || cl_anneal_init(&run->a, run->p) != CL_OK ||
	    cl_lns_work_init(&run->w, run->p, run->a.cur.nr) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory for the search");
	cl_rng_seed(&run->rng, (uint64_t)params->seed);
	return CL_OK;
}

static void run_free(struct run *run)
{
	cl_pool_destroy(run->pool);
	cl_lns_work_free(&run->w);
	cl_anneal_free(&run->a);
	free(run->why);
	cl_prob_destroy(run->p);
}

/* Phases 1 and 2: the villages no vehicle can serve alone are set aside
 * (why[]), the others inserted greedily into cur; best = cur. */
static int construct(struct run *run, struct cl_error *err)
{
	struct cl_state *cur = &run->a.cur;

	for (int v = 1; v < run->p->n; v++) {
		run->why[v] = alone_reason(run->p, v);
		if (run->why[v] == CL_REASON_NONE)
			cur->un[cur->nun++] = v;
	}
	cl_recreate(cur, run->p, &run->w, &run->rng, 0.0);
	if (cl_state_status(cur) != CL_OK || cl_state_copy(&run->a.best, cur) != CL_OK)
		return cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	return CL_OK;
}

/*
 * The share of the effort fleet minimisation gets (0: none), and in
 * *floor the fewest routes it may aim at. When any vehicle costs more by
 * itself than all the driving of the first plan, one vehicle fewer always
 * pays (CL_FLEETMIN_SHARE; *floor 0: vehicles first, prob.h
 * fleet_first). Without fixed costs or opening hours (CVRP), a plan
 * above the capacity bound on the number of routes gets
 * CL_ROUTE_FLOOR_SHARE to come down to it: tight instances are best with
 * the fewest routes, and the annealing rarely finds them by itself. With
 * opening hours the number of routes follows the hours, not the loads.
 */
static double fleet_share(const struct cl_state *cur, const struct cl_prob *p,
			  int *floor)
{
	int64_t drive = 0, min_fixed = INT64_MAX;
	int used = 0, bound = 0, windows = 0;
	long parcels = 0;

	for (int r = 0; r < cur->nr; r++)
		if (cur->rt[r].len > 0)
			drive += cur->rt[r].cost - p->types[cur->rt[r].type].fixed;
	for (int t = 0; t < p->ntypes; t++)
		if (p->types[t].count > 0 && p->types[t].fixed < min_fixed)
			min_fixed = p->types[t].fixed;
	for (int r = 0; r < cur->nr; r++)
		used += cur->rt[r].len > 0;
	for (int v = 1; v < p->n; v++)
		windows |= p->nodes[v].tw_start > p->types[0].shift_start ||
			   p->nodes[v].tw_end < p->types[0].shift_end;
	if (p->ntypes == 1 && p->types[0].cap > 0 && !windows) {
		for (int v = 1; v < p->n; v++)
			parcels += p->nodes[v].demand > p->nodes[v].pickup ?
				   p->nodes[v].demand : p->nodes[v].pickup;
		bound = (int)((parcels + p->types[0].cap - 1) / p->types[0].cap);
	}
	*floor = 1;
	if (min_fixed >= drive && drive > 0) {
		*floor = 0;   /* vehicles first: as few as will go */
		return CL_FLEETMIN_SHARE;
	}
	if (min_fixed == 0 && bound > 0 && used > bound) {
		*floor = bound;
		return CL_ROUTE_FLOOR_SHARE;
	}
	return 0;
}

/* Phase 3: fleet minimisation on cur, when it pays (fleet_share). */
static int minimise_fleet(struct run *run, struct cl_error *err)
{
	const struct cl_solve_params *params = run->params;
	struct cl_anneal *a = &run->a;
	struct cl_fleetmin_limits lim;
	int floor, saved, rc;
	long ejections = 0;
	double share = fleet_share(&a->cur, run->p, &floor);

	/* vehicles first (floor 0): from here on recreate tries every used
	 * route before a free vehicle (not while it builds the first plan) */
	run->p->fleet_first = share > 0 && floor == 0;
	if (share <= 0)
		return CL_OK;
	/* Bounded by iterations, the time ends it only when the run cannot
	 * keep within the limit: at twice its share of the limit (a run at
	 * an even pace ends it by share / (1 + share) of its time), but no
	 * later than where the annealing starts to hurry (cl_anneal_effort). */
	double at = params->by_time ? share : fmin(2 * share, (1 + share) / 2);
	lim.now = run->now;
	lim.deadline = run->t0 + at * (params->time_limit_s > 0 ? params->time_limit_s : 1e30);
	lim.max_steps = (long)(share * (double)a->max_iters);
	lim.min_routes = floor > 1 ? floor : 1;
	/* the route-count floor of a CVRP plan (floor > 1): the lightest
	 * routes first, each for at most CL_ROUTE_FLOOR_TRY steps */
	lim.by_load = floor > 1 ? CL_ROUTE_FLOOR_BY_LOAD : 0;
	lim.max_try = floor > 1 ? CL_ROUTE_FLOOR_TRY : CL_FLEETMIN_TRY;
	lim.cycle = floor > 1 ? 0 : CL_FLEETMIN_TRY > 0;
	lim.eject = floor > 1 ? 0 : CL_FLEETMIN_EJECT_ON;
	lim.stop = params->stop;
	lim.ejections = &ejections;
	rc = cl_fleet_minimise(&a->cur, &a->trial, run->p, &run->w, &run->rng, &lim,
			       &saved, err);
	if (rc == CL_OK)
		cl_debug("fleet minimisation: %d vehicles fewer (%ld ejections)",
			 saved, ejections);
	run->fleet_timed = run->now() >= lim.deadline;
	return rc;
}

/* The annealing's hook with --ilp: accepted routes go into the pool. */
static int collect_routes(void *ctx, const struct cl_state *cur,
			  const struct cl_lns_work *w, struct cl_error *err)
{
	return cl_refine_collect(ctx, cur, w, err);
}

/*
 * --ilp: the pool with the starting plan's routes in it; the ILP's time
 * (by default CL_ILP_SHARE of the limit) of which the end phase's third
 * is taken out of the annealing's time limit.
 */
static int ilp_begin(struct run *run, struct cl_error *err)
{
	const struct cl_solve_params *params = run->params;
	struct cl_anneal *a = &run->a;
	double limit = a->limit_s;

	run->ropts.gap = params->ilp_gap;
	run->ropts.verbose = params->ilp_verbose;
	run->ropts.stop = params->stop;
	run->rst.lp_bound = NAN;   /* until a model covers the whole plan */
	run->pool = cl_refine_pool(run->p);
	if (!run->pool)
		return cl_fail(err, CL_EINTERNAL, "out of memory for the route pool");
	run->ilp_time = params->ilp_time_s;
	if (run->ilp_time <= 0 || run->ilp_time > CL_ILP_MAX_SHARE * limit)
		run->ilp_time = CL_ILP_SHARE * (limit < 1e29 ? limit : CL_ILP_NOLIMIT_S);
	a->limit_s = limit - run->ilp_time / 3;
	a->on_accept = collect_routes;
	a->hook_ctx = run->pool;
	cl_lns_begin(&run->w);
	for (int r = 0; r < a->cur.nr; r++)
		cl_lns_touch(&run->w, r);
	int rc = cl_refine_collect(run->pool, &a->cur, &run->w, err);
	cl_lns_begin(&run->w);
	return rc;
}

static const double ilp_at[] = CL_ILP_AT;
#define ILP_NMID ((int)(sizeof ilp_at / sizeof ilp_at[0]))

/*
 * Phase 4 and the mid-run half of 5: the annealing, paused at the --ilp
 * sweeps' fractions (ilp_at); a sweep that improves the best plan
 * restarts the annealing from it. A sweep takes the place of one
 * iteration. Without --ilp: the team (--threads) or the population layer,
 * which decides by the budget whether it is more than one run.
 */
static int search(struct run *run, struct cl_error *err)
{
	struct cl_anneal *a = &run->a;
	int next = 0;   /* the next mid-run sweep: ilp_at[next] */

	/* the local search of a new best plan stops at the deadline too */
	run->w.now = a->limit_s < 1e29 ? a->now : NULL;
	run->w.deadline = a->t0 + a->limit_s;
	run->w.stop = a->stop;
	if (!run->pool && (run->params->threads > 1 || cl_pop_applies(a)))
		return cl_team_run(a, &run->w, &run->rng, run->p, run->params->threads,
				   (uint64_t)run->params->seed, &run->iterations, &run->searches,
				   &run->population, err);

	for (;;) {
		double until = run->pool && next < ILP_NMID ? ilp_at[next] : 2.0;
		int rc = cl_anneal_run(a, run->p, &run->w, &run->rng, until, err);
		if (rc != CL_OK || a->done)
			return rc;
		while (next < ILP_NMID && a->frac >= ilp_at[next])
			next++;
		int improved, swept;
		rc = cl_refine_regions(run->pool, &a->best, run->p,
				       2 * run->ilp_time / 3 / ILP_NMID, CL_ILP_REGION,
				       &run->rng, &run->ropts, &run->rst, &improved,
				       &swept, err);
		if (rc == CL_OK && improved && cl_anneal_restart(a) != CL_OK)
			rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		if (rc != CL_OK)
			return rc;
		a->it++;
	}
}

/*
 * The end of 5: a sweep over small regions (a third of the end's time),
 * then the whole plan in one model (INT_MAX routes: no route or village
 * limit) with the time left. The whole-plan model rarely changes the plan
 * (docs/benchmarks.md, "What limits --ilp") but, when GLPK closes it,
 * proves it the best combination of the pool.
 */
static int ilp_end(struct run *run, struct cl_error *err)
{
	double end = run->params->time_limit_s > 0 ?
		     run->t0 + run->a.limit_s + run->ilp_time / 3 :
		     run->now() + run->ilp_time / 3;

	for (int k = 0; k < 2; k++) {
		int improved, swept;
		double left = end - run->now();
		if (left < 0.01)
			break;
		int rc = cl_refine_regions(run->pool, &run->a.best, run->p,
					   k == 0 ? left / 3 : left,
					   k == 0 ? CL_ILP_REGION : INT_MAX, &run->rng,
					   &run->ropts, &run->rst, &improved, &swept, err);
		if (rc != CL_OK)
			return rc;
	}
	return CL_OK;
}

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

int cl_solve(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solve_params *params, struct cl_solution **out,
	     struct cl_solve_stats *stats, struct cl_error *err)
{
	struct run run;
	struct cl_anneal *a = &run.a;
	int rc;

	memset(stats, 0, sizeof *stats);
	*out = NULL;
	/* the whole run's deadline shortens the search's own limit */
	struct cl_solve_params bounded = *params;
	if (params->deadline_s > 0) {
		double left = fmax(params->deadline_s - cl_now_s(), 0.01);
		if (bounded.time_limit_s <= 0 || left < bounded.time_limit_s)
			bounded.time_limit_s = left;
		params = &bounded;
	}
	rc = run_init(&run, inst, m, params, err);
	if (rc != CL_OK)
		goto cleanup;
	a->max_iters = params->max_iters > 0 ? params->max_iters :
		       cl_solve_default_iters(run.p->n - 1);
	a->by_time = params->by_time;
	a->now = run.now;
	a->t0 = run.t0;
	a->stop = params->stop;
	a->progress = params->progress;
	a->last_print = run.t0;
	a->route_rate = CL_ROUTE_RUIN_RATE;
	for (int t = 0; t < run.p->ntypes; t++)
		if (run.p->types[t].fixed > 0)
			a->route_rate = CL_ROUTE_RUIN_RATE_FIXED;

	rc = construct(&run, err);
	if (rc == CL_OK)
		rc = minimise_fleet(&run, err);
	if (rc == CL_OK && cl_anneal_start(a, run.p) != CL_OK)
		rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	a->limit_s = params->time_limit_s > 0 ? params->time_limit_s : 1e30;
	/* The set-partitioning columns are one-trip routes: a day with
	 * reloads (a 0 among its stops) is not a column yet. */
	if (params->ilp && run.p->multi)
		cl_warn("--ilp: the set-partitioning model does not take vehicles that "
			"reload (max_trips > 1) yet; the plan is the search's alone");
	if (rc == CL_OK && params->ilp && !run.p->multi)
		rc = ilp_begin(&run, err);
	if (rc == CL_OK)
		rc = search(&run, err);
	if (run.iterations == 0)
		run.iterations = a->it;
	cl_anneal_progress_end(a);
	/* An iteration-bounded run depends on the machine only when the
	 * time limit cut it short or set its schedule. */
	if (rc == CL_OK && !params->by_time && (a->time_limited || a->time_drove || run.fleet_timed))
		cl_warn("time limit reached before the iteration budget (%ld iterations done; "
			"%s): the plan depends on the machine's speed, not only on the seed "
			"and --iterations", run.iterations,
			a->time_limited ? "the search stopped at the limit" :
			"the search hurried to end within the limit");
	if (rc == CL_OK && run.pool)
		rc = ilp_end(&run, err);
	if (rc != CL_OK)
		goto cleanup;
	/* a split village is served whole or not at all */
	cl_state_whole_visits(&a->best, run.p);
	rc = to_solution(&a->best, run.p, run.why, out);
	if (rc != CL_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory writing the plan");
		goto cleanup;
	}
	stats->iterations = run.iterations;
	stats->searches = run.searches > 0 ? run.searches : 1;
	stats->population = run.population;
	stats->time_limited = a->time_limited;
	stats->elapsed_s = run.now() - run.t0;
	stats->best_cost = (double)cl_state_route_cost(&a->best, run.p) / CL_COST_SCALE;
	cl_debug("search: %ld iterations in %.2f s, cost %.2f, %d search%s", run.iterations,
		 stats->elapsed_s, stats->best_cost, stats->searches,
		 stats->searches == 1 ? "" : "es");
cleanup:
	if (run.pool)
		ilp_stats_out(&stats->ilp, &run.rst);
	run_free(&run);
	return rc;
}
