/*
 * swapstar.h -- SWAP* between two routes (after Vidal 2022, "Hybrid
 * genetic search for the CVRP: open-source implementation and SWAP*
 * neighborhood", Computers & OR): villages u and v of two routes change
 * routes, but each goes to its best place in the other route instead of
 * the other's old place.
 *
 * The places are chosen on distance alone: for u, the three cheapest
 * insertions into v's route (by added distance) that do not touch v, and
 * v's own place once v is gone; the same for v. The move whose distance
 * change is negative is then evaluated exactly (every rule of the
 * summaries: opening hours, pickups, limits, access, wages) by building
 * both new routes' summaries, O(route lengths); only an exact gain counts.
 * Routes with reloads are left out (removing a village could empty a trip).
 */
#ifndef CUNLU_SWAPSTAR_H
#define CUNLU_SWAPSTAR_H

#include <stdint.h>
#include "search/state.h"

struct cl_swapstar {
	int u, v;        /* u leaves route ru for rv, v the other way */
	int ia;          /* v goes after node ia of u's route (ia != u's
			    position; ia = position - 1: u's place) */
	int ib;          /* u goes after node ib of v's route (same rule) */
	int64_t delta;   /* exact cost change */
};

/*
 * The best SWAP* for u and v (on different routes of s) into *m; returns
 * m->delta, INT64_MAX when no feasible placement passes the distance
 * filter (or a route has reloads). O(route lengths).
 */
int64_t cl_swapstar_delta(const struct cl_state *s, const struct cl_prob *p,
			  int u, int v, struct cl_swapstar *m);

/* Apply m (from cl_swapstar_delta on the same s); marks both routes in w. */
void cl_swapstar_apply(struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w, const struct cl_swapstar *m);

#endif
