/*
 * intra.h -- local search inside one route: 2-opt (reverse a run of
 * villages) and or-opt (move a run of 1 to CL_OROPT_MAX villages elsewhere
 * in the same route, in either direction).
 *
 * A move is evaluated by joining the route's prefix and suffix summaries
 * (seg.h) with the summary of the moved or reversed run and of the run it
 * jumps over; those two are grown one node at a time while the scan goes
 * along the route, so each candidate costs a constant number of joins and
 * the whole scan of a route of L villages O(L^2). Every rule the summaries
 * hold (opening hours, pickups, limits, access, release dates) is kept.
 * Only single-trip routes (no reload) are scanned: a move across a reload
 * could empty a trip, which cl_rt_update then drops, and the predicted
 * cost would not be the route's.
 */
#ifndef CUNLU_INTRA_H
#define CUNLU_INTRA_H

#include <stdint.h>
#include "search/route.h"

#define CL_OROPT_MAX 3

enum cl_intra_kind {
	CL_INTRA_TWO_OPT,   /* reverse nodes[i..j] */
	CL_INTRA_OR_OPT     /* move nodes[i..i+k-1] (reversed if rev) to
			       between nodes[j] and nodes[j+1] */
};

struct cl_intra_move {
	enum cl_intra_kind kind;
	int i, j, k, rev;
	int64_t delta;      /* predicted cost change */
};

/*
 * The best improving intra-route move of r (delta < 0) into *best; 0 if
 * none improves (or r has reloads). If all is not NULL, every move
 * evaluated is also written there (delta INT64_MAX: infeasible), at most
 * max_all of them, and *nall set to their number (tests).
 */
int cl_intra_best(const struct cl_rt *r, const struct cl_prob *p,
		  struct cl_intra_move *best, struct cl_intra_move *all,
		  int max_all, int *nall);

/* Apply m to r (nodes rewritten, summaries and cost recomputed). */
void cl_intra_apply(struct cl_rt *r, const struct cl_prob *p,
		    const struct cl_intra_move *m);

/*
 * Improve r: along the route, the best move anchored at each position
 * whose other end is at most CL_INTRA_WINDOW positions away is applied
 * when it improves; passes until none does (at most CL_INTRA_MAX_PASSES).
 * Returns the number of moves applied. O(passes x len x window).
 */
long cl_intra_improve(struct cl_rt *r, const struct cl_prob *p);

#endif
