/*
 * solution.h -- a plan: routes (one per trip of each vehicle used), the
 * villages left unassigned with their reasons, and the optional villages
 * deferred to another day. This is what the search hands to the checker
 * and, once checked, to the writers. It carries no derived figures: those
 * come from the checker (check.h), computed from the instance alone.
 *
 * Multi-trip: a vehicle that reloads at the depot makes several trips in
 * a day. Each trip is one struct cl_route with the same (type, vehicle)
 * and its own `trip` number (0, 1, ...) and departure; a vehicle's trips
 * appear in the array in time order (trip k leaves after trip k-1 is back
 * and reloaded). A vehicle with one trip has one route with trip 0.
 *
 * Split delivery: a village whose parcels exceed what one vehicle carries
 * may be visited more than once (on several trips or vehicles). A visit's
 * share is in deliver[i] / pickup[i]; when a route's deliver (pickup)
 * array is NULL, every stop of that route takes the site's whole demand
 * (pickup). The shares of all visits to a site add up to its demand and
 * pickup.
 */
#ifndef CUNLU_SOLUTION_H
#define CUNLU_SOLUTION_H

#include "cunlu/instance.h"

struct cl_route {
	int type;        /* vehicle type index */
	int vehicle;     /* 0-based vehicle number within its type */
	int trip;        /* 0-based trip of that vehicle's day, in time order */
	int depart_s;    /* departure from the depot, seconds after midnight */
	int nstops;
	int *stops;      /* site indices (1..nsites-1) in driving order (owned) */
	int *deliver;    /* per stop: parcels delivered at this visit, or NULL:
			    each site's whole demand (owned) */
	int *pickup;     /* per stop: parcels collected at this visit, or NULL:
			    each site's whole pickup (owned) */
};

struct cl_solution {
	int nroutes;
	struct cl_route *routes;     /* owned; a vehicle's trips in time order */
	int nunassigned;
	int *unassigned;             /* site indices (owned) */
	enum cl_reason *reasons;     /* parallel to unassigned (owned) */
	int ndeferred;
	int *deferred;               /* optional villages (nothing due today)
					left for another day: not a failure
					(owned) */
};

struct cl_solution *cl_solution_create(void);
void cl_solution_destroy(struct cl_solution *sol);

/*
 * Append a one-trip route (trip 0, whole amounts at every stop); copies
 * stops[]. Returns CL_OK or CL_EINTERNAL (ENOMEM).
 */
int cl_solution_add_route(struct cl_solution *sol, int type, int vehicle,
			  int depart_s, const int *stops, int nstops);
/*
 * Append trip `trip` of a vehicle. Copies stops[] and, when not NULL,
 * deliver[] and pickup[] (nstops entries each; NULL = whole amounts).
 * Returns CL_OK or CL_EINTERNAL (ENOMEM; the solution is unchanged).
 */
int cl_solution_add_trip(struct cl_solution *sol, int type, int vehicle,
			 int trip, int depart_s, const int *stops, int nstops,
			 const int *deliver, const int *pickup);
int cl_solution_add_unassigned(struct cl_solution *sol, int site,
			       enum cl_reason why);
/* Record an optional village deferred to another day. */
int cl_solution_add_deferred(struct cl_solution *sol, int site);

/*
 * Parcels delivered (collected) at stop i of route r: the visit's share,
 * or the site's whole demand (pickup) when the route has no shares.
 */
static inline int cl_route_deliver(const struct cl_route *r,
				   const struct cl_instance *inst, int i)
{
	return r->deliver ? r->deliver[i] : inst->sites[r->stops[i]].demand;
}

static inline int cl_route_pickup(const struct cl_route *r,
				  const struct cl_instance *inst, int i)
{
	return r->pickup ? r->pickup[i] : inst->sites[r->stops[i]].pickup;
}

#endif
