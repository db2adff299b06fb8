/*
 * refine.h -- the set-partitioning refinement (--ilp): the search feeds
 * the routes of the plans it accepts into a bounded pool (pool.c); now and
 * then GLPK picks the cheapest combination of pooled routes (setpart.c),
 * starting from the best plan, and a better combination re-enters the
 * search.
 */
#ifndef CUNLU_REFINE_H
#define CUNLU_REFINE_H

#include "cunlu/solve.h"
#include "lns.h"
#include "pool.h"

/* A pool sized for p (NULL on ENOMEM). */
struct cl_pool *cl_refine_pool(const struct cl_prob *p);

/* Add the routes of s that changed in this step (w's list). */
void cl_refine_collect(struct cl_pool *pool, const struct cl_state *s,
		       const struct cl_lns_work *w);

/*
 * Solve the set-partitioning model over the pool with best as incumbent,
 * within time_s. If GLPK finds a cheaper plan, best is rebuilt from it
 * and 1 is returned; 0 when best stays; a negative status on failure
 * (err filled). Statistics accumulate in st.
 */
int cl_refine_run(struct cl_pool *pool, struct cl_state *best,
		  const struct cl_prob *p, const enum cl_reason *why,
		  double time_s, const struct cl_solve_params *params,
		  struct cl_ilp_stats *st, struct cl_error *err);

#endif
