/*
 * refine.h -- the set-partitioning refinement (--ilp): the search feeds
 * the routes of the plans it accepts into a bounded pool (pool.c); now and
 * then GLPK picks the cheapest combination of pooled routes (setpart.c),
 * starting from the best plan, and a better combination re-enters the
 * search.
 */
#ifndef CUNLU_REFINE_H
#define CUNLU_REFINE_H

#include "cunlu/error.h"
#include "search/state.h"
#include "ilp/pool.h"

/* What the refinement needs from the run's settings. */
struct cl_refine_opts {
	double gap;              /* relative MIP gap to stop at (0 = optimal) */
	int verbose;             /* GLPK's output on stderr */
	volatile int *stop;      /* non-zero: stop early (may be NULL) */
};

/*
 * What the sweeps did, summed over the calls of one run (solve.c copies it
 * into the public struct cl_ilp_stats; the fields mean the same).
 */
struct cl_refine_stats {
	int runs;                /* sweeps */
	int improvements;        /* regions that improved the best plan */
	int pool_routes;         /* distinct routes in the pool at the last sweep */
	int columns;             /* columns in the last model */
	double lp_bound;         /* LP bound of the last whole-plan model (NAN if none) */
	double ilp_cost;         /* the plan's cost after the last sweep (money units) */
	double before_cost;      /* the plan's cost before the first sweep */
	double gain;             /* what the sweeps took off the plan (>= 0) */
	double time_s;           /* time in GLPK */
	char status[32];         /* the last model: "optimal", "feasible", ... */
	int whole_plan;          /* 1: the last model covered the whole plan */
};

/* A pool sized for p (NULL on ENOMEM). */
struct cl_pool *cl_refine_pool(const struct cl_prob *p);

/*
 * Add the routes of s that changed in this step (w's list). CL_OK, or
 * CL_EINTERNAL with a message in err (out of memory).
 */
int cl_refine_collect(struct cl_pool *pool, const struct cl_state *s,
		      const struct cl_lns_work *w, struct cl_error *err);

/*
 * Improve best by set partitioning over the pool, region by region
 * (decomposition; see refine.c): small models of up to `size`
 * neighbouring routes around each route of best in turn (random order
 * from rng), each with the region's routes as GLPK's incumbent, until
 * time_s is spent. A better combination replaces the region's routes
 * (best stays a consistent state: routes, route_of, cost). With size
 * INT_MAX the first region is the whole plan (the village limit of a
 * region, CL_REGION_VILLAGES_PER_ROUTE x size, does not bite) and that
 * one model gets all of time_s. The figures are added to *st.
 * *improved is set to 1 when best got cheaper, *swept to 1 when every
 * route was a seed. CL_OK, or CL_EINTERNAL with a message in err (out of
 * memory, a GLPK failure; best is then unusable).
 */
struct cl_rng;
int cl_refine_regions(struct cl_pool *pool, struct cl_state *best,
		      const struct cl_prob *p, double time_s, int size,
		      struct cl_rng *rng, const struct cl_refine_opts *opts,
		      struct cl_refine_stats *st, int *improved, int *swept,
		      struct cl_error *err);

#endif
