/*
 * solution.h -- a plan: routes (one per vehicle used) and the villages left
 * unassigned with their reasons. This is what the search hands to the
 * checker and, once checked, to the writers. It carries no derived figures:
 * those come from the checker (check.h), computed from the instance alone.
 */
#ifndef CUNLU_SOLUTION_H
#define CUNLU_SOLUTION_H

#include "cunlu/instance.h"

struct cl_route {
	int type;        /* vehicle type index */
	int vehicle;     /* 0-based vehicle number within its type */
	int depart_s;    /* departure from the depot, seconds after midnight */
	int nstops;
	int *stops;      /* site indices (1..nsites-1) in driving order (owned) */
};

struct cl_solution {
	int nroutes;
	struct cl_route *routes;     /* owned */
	int nunassigned;
	int *unassigned;             /* site indices (owned) */
	enum cl_reason *reasons;     /* parallel to unassigned (owned) */
};

struct cl_solution *cl_solution_create(void);
void cl_solution_destroy(struct cl_solution *sol);

/*
 * Append a route; copies stops[]. Returns CL_OK or CL_EINTERNAL (ENOMEM).
 */
int cl_solution_add_route(struct cl_solution *sol, int type, int vehicle,
			  int depart_s, const int *stops, int nstops);
int cl_solution_add_unassigned(struct cl_solution *sol, int site,
			       enum cl_reason why);

#endif
