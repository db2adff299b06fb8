/*
 * solve.h -- the day's routes: construction, then ruin-and-recreate local
 * search with simulated-annealing acceptance (see docs/design.md).
 *
 * Hard constraints: capacity at every point of a route (deliveries and
 * pickups), opening hours, shifts, route duration and distance limits,
 * vehicle counts per type. Villages that no vehicle can serve alone are
 * reported with the reason before the search; villages the search cannot
 * fit are reported as CL_REASON_FLEET.
 */
#ifndef CUNLU_SOLVE_H
#define CUNLU_SOLVE_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"
#include "cunlu/solution.h"

struct cl_solve_params {
	unsigned long seed;      /* same seed + input + iterations = same plan */
	double time_limit_s;     /* wall-clock bound on the search (> 0) */
	int cpu_time;            /* 1: time_limit_s (and elapsed_s) count the
				    process's CPU time (util/clock.h's
				    cl_cpu_now_s(): all its threads), not wall
				    time; deadline_s stays wall-clock */
	double deadline_s;       /* when the whole run must be done with the
				    search: an absolute time on util/clock.h's
				    cl_now_s() clock (app/main.c computes it from
				    --time-limit, less what reading, the matrix
				    and writing take); the search gets
				    min(time_limit_s, deadline_s - its start);
				    0: no deadline */
	long max_iters;          /* ruin-and-recreate iterations of each search
				    thread; <= 0: cl_solve_default_iters() */
	int by_time;             /* 1: the time limit is the effort (benchmark
				    files without --iterations): the annealing's
				    schedule follows the time used, max_iters
				    only caps it. 0: the effort is max_iters and
				    the plan depends on the seed and the
				    iterations only, unless the time limit cuts
				    the run short (a warning then says so) */
	double (*clock)(void);   /* the search's clock (s); NULL: util/clock.h's,
				    wall or (cpu_time) CPU time. Tests stand in
				    a stalled machine's clock */
	int threads;             /* searches on their own threads, exchanging
				    their best plans (search/team.h); <= 1: one,
				    the default. With --ilp the search uses one */
	int progress;            /* best cost so far on stderr: 0 no, 1 on one
				    terminal line (\r), 2 a line every 0.5 s */
	volatile int *stop;      /* set non-zero (e.g. by a signal) to stop early; may be NULL */
	int ilp;                 /* set-partitioning refinement with GLPK */
	double ilp_time_s;       /* time for all ILP runs (part of time_limit_s) */
	double ilp_gap;          /* relative MIP gap to stop at (0 = optimal) */
	int ilp_verbose;         /* GLPK's output on stderr */
};

/* What the set-partitioning refinement did (--ilp). */
struct cl_ilp_stats {
	int runs;                /* ILP solves */
	int improvements;        /* solves that improved the best plan */
	int pool_routes;         /* distinct routes in the pool at the last solve */
	int columns;             /* columns in the last model */
	double lp_bound;         /* LP relaxation of the last model (money units; NAN if none) */
	double ilp_cost;         /* the last ILP's plan cost (money units) */
	double before_cost;      /* the best plan before the first ILP (money units) */
	double gain;             /* what the ILP solves took off the best plan, all
				    runs together (money units, >= 0) */
	double time_s;           /* time in GLPK, all runs */
	char status[32];         /* the last model: "optimal", "feasible", ... */
	int whole_plan;          /* 1: the last model covered the whole plan (its
				    status then speaks of every pooled route) */
};

struct cl_solve_stats {
	long iterations;         /* iterations done, all threads together */
	int searches;            /* annealing searches, all threads together
				    (search/team.h; a population counts one) */
	int population;          /* 1 when they ran the population layer
				    (search/pop.h), else 0 */
	double elapsed_s;        /* search time */
	double best_cost;        /* cost of the plan returned (money units) */
	int time_limited;        /* 1 if the time limit, not the iterations, ended it */
	struct cl_ilp_stats ilp; /* zero unless params.ilp */
};

void cl_solve_params_default(struct cl_solve_params *p);

/*
 * The iterations of each search thread when max_iters <= 0, for this many
 * villages to route (search nodes but the depot: a split village counts
 * once per visit): min(5,000 v, 200,000) + 100 v (search/tuning.h says
 * why). At least one village is assumed.
 */
long cl_solve_default_iters(int villages);

/*
 * Solve. On success *out is a new solution (destroy with
 * cl_solution_destroy) that the caller must still check with cl_check().
 */
int cl_solve(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solve_params *params, struct cl_solution **out,
	     struct cl_solve_stats *stats, struct cl_error *err);

#endif
