/*
 * fleetmin.h -- fleet minimisation: when one vehicle fewer is worth more
 * than any distance (the hierarchical VRPTW objective, or fixed costs that
 * dwarf the driving costs), try to empty routes one at a time before the
 * main search.
 */
#ifndef CUNLU_FLEETMIN_H
#define CUNLU_FLEETMIN_H

#include "search/state.h"

/*
 * Starting from the feasible plan s, repeatedly remove the shortest route
 * and try to place its villages in the other routes by ruin and recreate
 * without starting new vehicles, steering by how often each village was
 * left out (absence counts, after Christiaens & Vanden Berghe's fleet
 * minimisation), until `deadline` (a now_s() value) or `stop`. s becomes
 * the plan with the fewest vehicles found; at most max_steps ruin-and-
 * recreate steps in all (so that a run bounded by iterations stays
 * reproducible), and never below min_routes vehicles. tmp is a second
 * state of the
 * same problem, used as workspace. Returns the vehicles saved.
 */
int cl_fleet_minimise(struct cl_state *s, struct cl_state *tmp,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, double (*now)(void), double deadline,
		      long max_steps, int min_routes, volatile int *stop);

#endif
