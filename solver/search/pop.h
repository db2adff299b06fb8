/*
 * search/pop.h -- a small population of annealed plans recombined by
 * route transplant (a memetic layer over the annealing, anneal.h).
 *
 * A probe (the annealing's first CL_POP_PROBE of the effort) tells how
 * many iterations the whole effort gives; below CL_POP_PER_VILLAGE per
 * village the annealing goes on (one run, or from CL_TEAM_SPLIT_PER_VILLAGE
 * a team of searches sharing the thread, team.h). Above it the layer runs
 * with opening hours only: without, the team of CL_TEAM_SPLIT_BIG searches
 * did better on X (team.h, tuning.h).
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
 *
 * With --threads (team.h) each search runs its own population, in slices
 * (cl_pop_advance) between the team's exchanges; at each exchange the
 * team's best plan migrates into the others (cl_pop_migrate).
 */
#ifndef CUNLU_POP_H
#define CUNLU_POP_H

#include "cunlu/error.h"
#include "search/anneal.h"
#include "search/tuning.h"

/*
 * May the population layer run for this annealing? Not with an
 * on_accept hook (--ilp's pool).
 */
int cl_pop_applies(const struct cl_anneal *a);

/*
 * After the probe (a paused at CL_POP_PROBE of its effort, not done):
 * does the whole effort, `total` iterations as the probe projects it
 * (team.c: exactly the budget when the iterations decide; by time the
 * probe's own pace over the time left), give at least
 * CL_POP_PER_VILLAGE iterations per village?
 */
int cl_pop_wanted(const struct cl_anneal *a, const struct cl_prob *p, double total);

/*
 * A population under way: the elites so far, their start plan (the
 * probe's best), the child and the runs' annealing, and the share of the
 * effort left after the probe. cl_pop_advance runs it in slices, so that
 * a team of populations (team.h) can exchange plans between them.
 */
struct cl_pop {
	struct cl_state el[CL_POP_SIZE];
	int nel;                  /* elites made so far */
	struct cl_state start;    /* the elites' start plan */
	struct cl_state child;
	struct cl_anneal sub;     /* the elite or child run under way */
	double span;              /* effort left after the probe, 0..1 */
};

/*
 * Set up pp for the annealing a after its probe: the elites start from
 * a->best. CL_OK, or CL_EINTERNAL (out of memory; pp is freed).
 */
int cl_pop_init(struct cl_pop *pp, struct cl_anneal *a, const struct cl_prob *p);
void cl_pop_free(struct cl_pop *pp);

/*
 * Make elites, then children, until a's effort reaches `until` (checked
 * before each run: a run may end past it) or a's effort is used (then
 * a->done = 1). a->best is kept the cheapest plan of the population.
 * CL_OK, or CL_EINTERNAL with a message (out of memory).
 */
int cl_pop_advance(struct cl_pop *pp, struct cl_anneal *a, const struct cl_prob *p,
		   struct cl_lns_work *w, struct cl_rng *rng, double until,
		   struct cl_error *err);

/*
 * A plan from elsewhere (another search of the team) cheaper than
 * a->best becomes a->best and, once the elites are made, replaces the
 * worst of them. CL_OK or CL_EINTERNAL (out of memory).
 */
int cl_pop_migrate(struct cl_pop *pp, struct cl_anneal *a, const struct cl_state *plan);

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

/*
 * The broken-pairs distance of a to b (as in HGS-CVRP, Vidal 2022): the
 * share of a's villages whose successor in a is neither neighbour of the
 * village in b, plus those first on a route of a but not next to the
 * depot in b (a village off b's routes counts once); 0 for the same
 * routes in any order or direction, about 1 for plans without a common
 * arc. Reloads count as the depot. -1 when out of memory.
 */
double cl_pop_distance(const struct cl_state *a, const struct cl_state *b);

#endif
