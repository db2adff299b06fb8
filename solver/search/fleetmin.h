/*
 * fleetmin.h -- fleet minimisation: when one vehicle fewer is worth more
 * than any distance (the hierarchical VRPTW objective, or fixed costs that
 * dwarf the driving costs), try to empty routes one at a time before the
 * main search.
 */
#ifndef CUNLU_FLEETMIN_H
#define CUNLU_FLEETMIN_H

#include "cunlu/error.h"
#include "search/state.h"

/* When to stop (whichever comes first). */
struct cl_fleetmin_limits {
	double (*now)(void);  /* clock for the deadline */
	double deadline;      /* a now() value */
	long max_steps;       /* ruin-and-recreate steps in all, so that a
				 run bounded by iterations stays reproducible */
	int min_routes;       /* never fewer vehicles than this (>= 1) */
	int by_load;          /* empty the lightest route first (else the
				 one with the fewest villages) */
	long max_try;         /* steps at most to empty one route before
				 trying the next (0: no limit, one route) */
	int cycle;            /* each failure doubles max_try; after the
				 last route, the first again */
	int eject;            /* after each ruin and recreate that leaves
				 villages out, an ejection step (fleetmin.c) */
	volatile int *stop;   /* non-zero: stop (may be NULL) */
	long *ejections;      /* if set: incremented per ejection made */
};

/*
 * Starting from the feasible plan s, repeatedly remove the shortest route
 * (by_load: the lightest; with max_try, the next when one fails within
 * max_try steps; with cycle, max_try doubling and round again) and try to
 * place its villages in the other routes by ruin and recreate without
 * starting new vehicles, steering by how often each village was left out
 * (absence counts, after Christiaens & Vanden Berghe's fleet
 * minimisation; lim->eject: with ejections, after Nagata & Bräysy),
 * until a limit. s becomes the plan with the fewest
 * vehicles found (never more unassigned villages than it had); tmp is a
 * second state of the same problem, used as workspace. *saved is set to
 * the vehicles saved. CL_OK, or CL_EINTERNAL (out of memory; s and tmp
 * are then unusable).
 */
int cl_fleet_minimise(struct cl_state *s, struct cl_state *tmp,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, const struct cl_fleetmin_limits *lim,
		      int *saved, struct cl_error *err);

#endif
