/*
 * ls.h -- local search between routes, with granular neighbourhoods.
 *
 * For each village u and each of its nearest villages v on another route
 * (of the same vehicle type, or of a type with the same matrices), the
 * moves relocate u next to v, swap u and v, and exchange the two routes'
 * tails after u and v (2-opt*) are evaluated in constant time by joining
 * prefix and suffix summaries (seg.h), and the first improving feasible
 * move is applied, until none improves. Each route is also improved by
 * itself (2-opt and or-opt, intra.h) at the start and after each pass
 * that changed it; SWAP* (swapstar.h) when the simple moves no longer
 * improve. Pairs of routes that are both unchanged since a local search
 * converged on them (route.h: ls_done) are skipped. Used on each new
 * best plan.
 */
#ifndef CUNLU_LS_H
#define CUNLU_LS_H

#include <stdint.h>
#include "cunlu/error.h"
#include "search/state.h"

enum cl_move {
	CL_MOVE_RELOCATE_AFTER,   /* u goes right after v */
	CL_MOVE_RELOCATE_BEFORE,  /* u goes right before v */
	CL_MOVE_SWAP,             /* u and v change places */
	CL_MOVE_TWO_OPT_STAR,     /* tails after u and after v are exchanged */
	CL_MOVE_COUNT
};

/*
 * Cost change of applying move `mv` to villages u and v (on different
 * routes of s), or INT64_MAX if the result would be infeasible. Constant
 * time. s->route_of must be current.
 */
int64_t cl_move_delta(const struct cl_state *s, const struct cl_prob *p,
		      enum cl_move mv, int u, int v);

/*
 * Apply the move (which must be feasible), update both routes and mark
 * them changed in w. CL_OK, or CL_EINTERNAL when a route could not grow
 * (out of memory: s is unusable).
 */
int cl_move_apply(struct cl_state *s, const struct cl_prob *p,
		  struct cl_lns_work *w, enum cl_move mv, int u, int v);

/*
 * Improve s until no move between routes improves it (at most max_passes
 * passes over the villages); s->cost is recomputed. *moves (may be NULL)
 * is set to the number of moves applied. CL_OK, or CL_EINTERNAL with a
 * message in err (out of memory: s is unusable).
 */
int cl_local_search(struct cl_state *s, const struct cl_prob *p,
		    struct cl_lns_work *w, int max_passes, long *moves,
		    struct cl_error *err);

#endif
