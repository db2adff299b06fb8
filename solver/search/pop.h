/*
 * search/pop.h -- a small population of annealed plans recombined by
 * route transplant (a memetic layer over the annealing, anneal.h).
 *
 * A probe (the annealing's first CL_POP_PROBE of the effort) tells how
 * many iterations the whole effort gives; below CL_POP_PER_VILLAGE per
 * village the annealing simply goes on (one run, as without the layer).
 * Otherwise the effort left is shared out: first CL_POP_SIZE independent
 * annealing runs from the probe's best plan, each with its own share
 * (CL_POP_ELITE_SHARE in all), give the elites; then, until the effort is used, two elites picked by binary
 * tournament are recombined (cl_pop_cross: a group of neighbouring
 * routes of the second parent transplanted into the first, the villages
 * left over recreated), the child is polished by the local search and
 * annealed for CL_POP_CHILD_SHARE of the effort at a cooler start
 * (CL_POP_CHILD_TEMP); the result replaces the worst elite when it is
 * cheaper and no elite costs the same. Every run draws from the one
 * random stream in a fixed order and its effort is counted in iterations
 * (or time, when the time limit comes first), so the same seed and
 * iteration budget give the same plan.
 */
#ifndef CUNLU_POP_H
#define CUNLU_POP_H

#include "cunlu/error.h"
#include "search/anneal.h"

/*
 * May the population layer run for this annealing? Not with an
 * on_accept hook (--ilp's pool); --threads runs the team instead (the
 * driver's choice).
 */
int cl_pop_applies(const struct cl_anneal *a);

/*
 * Run the probe and then either the rest of the annealing or the
 * population search, in place of cl_anneal_run(a, ..., 2.0): a is started (cl_anneal_start done, schedule set, a->cur the start
 * plan). On return a->best is the cheapest plan found, a->it the
 * iterations of all runs, a->done = 1 (a->time_limited when the time
 * limit ended it). CL_OK, or CL_EINTERNAL with a message (out of memory).
 */
int cl_pop_run(struct cl_anneal *a, const struct cl_prob *p, struct cl_lns_work *w,
	       struct cl_rng *rng, struct cl_error *err);

/*
 * The crossover: child = pa with a group of routes of pb (the route of a
 * random village of pb and the routes of its nearest villages, between 1
 * and half of pb's used routes) copied into the same vehicle slots; the
 * villages of those routes are taken off pa's other routes, and pa's
 * villages that lose their place are recreated (with pa's unassigned
 * ones). pa and pb are feasible plans of p; child a third state of p.
 * Every village is then on exactly one route or in child->un; child->cost
 * is current. CL_OK, or CL_EINTERNAL (out of memory: child unusable).
 */
int cl_pop_cross(struct cl_state *child, const struct cl_state *pa,
		 const struct cl_state *pb, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng);

#endif
