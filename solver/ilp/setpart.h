/*
 * setpart.h -- choose the best combination of pooled routes with a set
 * partitioning model solved by GLPK (setpart.c, the only file of the
 * project that includes glpk.h).
 *
 * One binary column per route (its cost), one row per village covered by
 * some route (the routes visiting it sum to exactly 1, or to at most 1
 * with a penalty for leaving it out), one row per vehicle type that has
 * more routes in the pool than vehicles (the routes of that type sum to at
 * most the number of vehicles). An incumbent (typically the search's best
 * plan, whose routes are all in the pool) is handed to GLPK as its first
 * integer solution, so the answer is never worse than the incumbent, also
 * when the time limit expires inside GLPK.
 *
 * Costs are int64 (micro-units in the search). They are divided by their
 * greatest common divisor before reaching GLPK (so small integer costs stay
 * integers and GLPK can round its bounds); the reported objective is
 * recomputed exactly in int64 from the chosen routes.
 */
#ifndef CUNLU_SETPART_H
#define CUNLU_SETPART_H

#include <stdint.h>

#include "cunlu/error.h"

struct cl_pool;

/* How the villages must be covered. */
enum cl_sp_mode {
	CL_SP_EXACT = 0,     /* every village by exactly one route (default) */
	CL_SP_PENALTY = 1    /* at most one route; `penalty` per village left out */
};

/* What the solve found (cl_sp_result.status). */
enum cl_sp_status {
	CL_SP_OPTIMAL = 0,   /* the returned routes are optimal over the pool
				(they may be the incumbent's: see improved) */
	CL_SP_FEASIBLE,      /* the limit was hit; the returned routes are
				better than the incumbent (or there was none) */
	CL_SP_INCUMBENT,     /* nothing better found in time (or GLPK gave up):
				the incumbent's routes are returned */
	CL_SP_INFEASIBLE,    /* no combination of the routes is feasible (in
				exact mode: also when a village has no route) */
	CL_SP_NOSOLUTION,    /* the limit was hit before any solution, and
				there was no incumbent */
	CL_SP_ERROR          /* the solve failed (see the cl_error record) */
};

/* A route given as a plain record (the pool gives the same fields). */
struct cl_sp_route {
	int type;            /* vehicle type, 0..ntypes-1 */
	int64_t cost;        /* |cost| <= 2^53 */
	const int *stops;    /* villages 1..nsites-1, none twice */
	int nstops;          /* >= 1 */
};

struct cl_sp_params {
	int nsites;                  /* depot + villages (ignored with a pool) */
	int ntypes;                  /* vehicle types (ignored with a pool) */
	const int *vehicles;         /* per type: vehicles available (>= 0) */
	int mode;                    /* enum cl_sp_mode */
	int64_t penalty;             /* per village left out (CL_SP_PENALTY), >= 0 */
	const unsigned char *optional; /* per site: 1 = may be left out at no
				       cost in either mode; NULL = none */
	const int *incumbent;        /* route indices of a feasible plan, or NULL */
	int nincumbent;
	double time_limit_s;         /* whole solve; <= 0 = no limit */
	double mip_gap;              /* relative gap to stop at; 0 = prove optimal */
	int verbose;                 /* GLPK's own output on stderr */
	int test_fault;              /* tests only: 1 = make one out-of-range GLPK
					call after building the model */
};

struct cl_sp_result {
	int status;          /* enum cl_sp_status */
	int improved;        /* 1: strictly better than the incumbent */
	int nchosen;
	int *chosen;         /* route indices (owned) */
	int nunassigned;
	int *unassigned;     /* non-optional villages on no chosen route (owned) */
	int64_t objective;   /* chosen costs + penalties, exact, original units */
	int64_t incumbent_objective; /* the incumbent's, or INT64_MAX if none */
	double lp_bound;     /* LP relaxation optimum in original units, NAN
				if the LP was not solved */
	double elapsed_s;    /* wall time of the whole call */
	int nrows, ncols;    /* size of the model given to GLPK */
	int nfixed;          /* columns the LP's reduced costs ruled out (fixed
				at 0 before branching; only with an incumbent) */
	int nuncovered;      /* non-optional villages no route visits */
	int64_t scale;       /* costs were divided by this in the model */
};

/* Defaults: exact mode, no incumbent, no time limit, gap 0, quiet. */
void cl_sp_params_default(struct cl_sp_params *p);

/* Free the arrays of a result and zero it; accepts NULL. */
void cl_sp_result_free(struct cl_sp_result *res);

/*
 * Solve over routes[0..nroutes-1]. res is filled in every case (on
 * failure its status is CL_SP_ERROR and it holds no arrays); free it with
 * cl_sp_result_free(). Returns CL_OK (whatever the status: an infeasible
 * pool is an answer, not a failure), CL_EINPUT (bad parameters or routes,
 * or an incumbent that is not feasible) or CL_EINTERNAL (out of memory, or
 * an internal GLPK error, which is caught and never aborts the process).
 * GLPK's environment is freed before returning (glp_free_env), so nothing
 * of GLPK outlives the call; GLPK must not be in use elsewhere in the same
 * thread meanwhile.
 */
int cl_setpart_solve(const struct cl_sp_route *routes, int nroutes,
		     const struct cl_sp_params *params,
		     struct cl_sp_result *res, struct cl_error *err);

/*
 * The same over the routes of a pool (route i of the pool is column i;
 * incumbent indices and the chosen indices are pool route numbers). The
 * pool's nsites and ntypes replace those of params.
 */
int cl_setpart_solve_pool(const struct cl_pool *pool,
			  const struct cl_sp_params *params,
			  struct cl_sp_result *res, struct cl_error *err);

#endif
