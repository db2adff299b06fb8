/*
 * ls.c -- granular local search between routes (ls.h).
 */
#include <stdint.h>
#include <string.h>

#include "search/intra.h"
#include "search/ls.h"
#include "search/swapstar.h"
#include "search/tuning.h"

/*
 * Cost of the route a ++ v ++ b under type t (v < 0: a ++ b), or
 * INT64_MAX if infeasible; an empty route (depot to depot only) costs
 * nothing. cl_rt_eval3: the figures of joining the summaries and
 * cl_rt_eval, without building them (test_route's
 * test_eval3_matches_join), which with reloads saves copying whole
 * summaries.
 */
static inline int64_t cost3(const struct cl_prob *p, int t, const struct cl_seg *a, int v,
			    const struct cl_seg *b, int empty)
{
	if (empty)
		return 0;
	return cl_rt_eval3(p, t, a, v, b);
}

/* cl_move_delta with u at position pu of its route and v at pv of its
 * (both >= 1, the routes different). */
static int64_t move_delta_at(const struct cl_state *s, const struct cl_prob *p,
			     enum cl_move mv, int u, int v, int pu, int pv)
{
	const struct cl_rt *a = &s->rt[s->route_of[u]], *b = &s->rt[s->route_of[v]];
	int ta = a->type, tb = b->type;
	int64_t ca, cb;

	switch (mv) {
	case CL_MOVE_RELOCATE_AFTER:
	case CL_MOVE_RELOCATE_BEFORE: {
		int at = mv == CL_MOVE_RELOCATE_AFTER ? pv : pv - 1;
		cb = cost3(p, tb, &b->pre[at], u, &b->suf[at + 1], 0);
		if (cb == INT64_MAX)
			return INT64_MAX;
		/* u alone on its trip: the trip goes with one of its reloads,
		 * as cl_rt_update drops it (no reload time left to pay). */
		int lo = pu - 1, hi = pu + 1;
		if (p->multi && (lo == 0 || a->nodes[lo] == 0) &&
		    (hi == a->len + 1 || a->nodes[hi] == 0)) {
			if (lo > 0)
				lo--;
			else if (hi <= a->len)
				hi++;
		}
		ca = cost3(p, ta, &a->pre[lo], -1, &a->suf[hi], lo == 0 && hi == a->len + 1);
		break;
	}
	case CL_MOVE_SWAP:
		ca = cost3(p, ta, &a->pre[pu - 1], v, &a->suf[pu + 1], 0);
		if (ca == INT64_MAX)
			return INT64_MAX;
		cb = cost3(p, tb, &b->pre[pv - 1], u, &b->suf[pv + 1], 0);
		break;
	case CL_MOVE_TWO_OPT_STAR:
		/* Suffix summaries hold their own type's matrices, shift,
		 * reload time and access rules. */
		if (!cl_prob_same_seg(p, ta, tb))
			return INT64_MAX;
		ca = cost3(p, ta, &a->pre[pu], -1, &b->suf[pv + 1], pu == 0 && pv == b->len);
		if (ca == INT64_MAX)
			return INT64_MAX;
		cb = cost3(p, tb, &b->pre[pv], -1, &a->suf[pu + 1], pv == 0 && pu == a->len);
		break;
	default:
		return INT64_MAX;
	}
	if (ca == INT64_MAX || cb == INT64_MAX)
		return INT64_MAX;
	return ca + cb - a->cost - b->cost;
}

int64_t cl_move_delta(const struct cl_state *s, const struct cl_prob *p,
		      enum cl_move mv, int u, int v)
{
	int ru = s->route_of[u], rv = s->route_of[v];
	int pu = cl_rt_position(&s->rt[ru], u), pv = cl_rt_position(&s->rt[rv], v);

	if (ru == rv || pu < 0 || pv < 0)
		return INT64_MAX;
	return move_delta_at(s, p, mv, u, v, pu, pv);
}

int cl_move_apply(struct cl_state *s, const struct cl_prob *p,
		  struct cl_lns_work *w, enum cl_move mv, int u, int v)
{
	int ru = s->route_of[u], rv = s->route_of[v];
	struct cl_rt *a = &s->rt[ru], *b = &s->rt[rv];
	int pu = cl_rt_position(a, u), pv = cl_rt_position(b, v);

	switch (mv) {
	case CL_MOVE_RELOCATE_AFTER:
	case CL_MOVE_RELOCATE_BEFORE:
		cl_rt_remove_range(a, pu, pu);
		cl_rt_update(a, p);
		cl_rt_insert(b, p, u, mv == CL_MOVE_RELOCATE_AFTER ? pv : pv - 1);
		s->route_of[u] = rv;
		break;
	case CL_MOVE_SWAP:
		a->nodes[pu] = v;
		b->nodes[pv] = u;
		s->route_of[u] = rv;
		s->route_of[v] = ru;
		cl_rt_update(a, p);
		cl_rt_update(b, p);
		break;
	case CL_MOVE_TWO_OPT_STAR: {
		int ta = a->len - pu, tb = b->len - pv;  /* tail lengths */
		int *tmp = w->tail;
		if (cl_rt_reserve(a, pu + tb) != CL_OK || cl_rt_reserve(b, pv + ta) != CL_OK)
			return CL_EINTERNAL;
		memcpy(tmp, a->nodes + pu + 1, sizeof(int) * (size_t)ta);
		memcpy(a->nodes + pu + 1, b->nodes + pv + 1, sizeof(int) * (size_t)tb);
		memcpy(b->nodes + pv + 1, tmp, sizeof(int) * (size_t)ta);
		a->len = pu + tb;
		b->len = pv + ta;
		for (int i = 1; i <= a->len; i++)
			s->route_of[a->nodes[i]] = ru;
		for (int i = 1; i <= b->len; i++)
			s->route_of[b->nodes[i]] = rv;
		cl_rt_update(a, p);
		cl_rt_update(b, p);
		break;
	}
	default:
		return CL_EINTERNAL;
	}
	cl_lns_touch(w, ru);
	cl_lns_touch(w, rv);
	return a->oom || b->oom ? CL_EINTERNAL : CL_OK;
}

/* Polish every route changed since its last polish by itself. */
static long polish_routes(struct cl_state *s, const struct cl_prob *p,
			  struct cl_lns_work *w)
{
	long moves = 0;
	for (int r = 0; r < s->nr; r++) {
		long m = cl_intra_improve(&s->rt[r], p);
		if (m > 0)
			cl_lns_touch(w, r);
		moves += m;
	}
	return moves;
}

int cl_local_search(struct cl_state *s, const struct cl_prob *p,
		    struct cl_lns_work *w, int max_passes, long *moves_out,
		    struct cl_error *err)
{
	int k = p->nnear < CL_LS_NEIGHBOURS ? p->nnear : CL_LS_NEIGHBOURS;
	long moves = 0;
	int improved = 1, star = 0, cut = 0;

	/* a plain problem's routes leave recreate without suffixes
	 * (route.h: suf_stale), and the annealing's with their prefixes
	 * pending (later) */
	cl_state_settle(s, p);
	moves += polish_routes(s, p, w);
	/* Passes of the simple moves until none improves; then one pass of
	 * SWAP*, and the simple moves again if it improved. */
	for (int pass = 0; pass < max_passes && improved && !cut; pass++) {
		improved = 0;
		for (int u = 1; u < p->n && !cut; u++) {
			/* past the search's deadline: stop between two moves
			 * (s stays a whole plan, only less polished) */
			if ((u & 63) == 0 && cl_lns_due(w)) {
				cut = 1;
				break;
			}
			if (s->route_of[u] < 0)
				continue;
			for (int j = 0; j < k; j++) {
				int v = p->near[(long)u * p->nnear + j];
				if (s->route_of[v] < 0 || s->route_of[v] == s->route_of[u])
					continue;
				int ru = s->route_of[u], rv = s->route_of[v];
				if (s->rt[ru].ls_done && s->rt[rv].ls_done)
					continue;   /* neither changed since they were */
				if (star) {
					struct cl_swapstar m;
					if (j >= CL_SWAPSTAR_NEIGHBOURS)
						break;
					if (cl_swapstar_delta(s, p, u, v, &m) < 0) {
						cl_swapstar_apply(s, p, w, &m);
						moves++;
						improved = 1;
					}
					continue;
				}
				/* the positions once for the four moves (as
				 * cl_move_delta finds them) */
				int pu = cl_rt_position(&s->rt[ru], u);
				int pv = cl_rt_position(&s->rt[rv], v);
				if (pu < 0 || pv < 0)
					continue;
				for (int mv = 0; mv < CL_MOVE_COUNT; mv++) {
					int64_t d = move_delta_at(s, p, (enum cl_move)mv, u, v,
								  pu, pv);
					if (d < 0) {
						if (cl_move_apply(s, p, w, (enum cl_move)mv, u, v) != CL_OK)
							return cl_fail(err, CL_EINTERNAL,
								       "out of memory in the local search");
						moves++;
						improved = 1;
						break;
					}
				}
				if (s->route_of[u] < 0)
					break;
			}
		}
		moves += polish_routes(s, p, w);
		if (star)
			star = 0;
		else if (!improved && CL_LS_SWAPSTAR)
			star = improved = 1;
	}
	if (!improved && !cut)   /* converged: no move between two routes improves */
		for (int r = 0; r < s->nr; r++)
			s->rt[r].ls_done = 1;
	cl_state_cost(s, p);
	if (moves_out)
		*moves_out = moves;
	return CL_OK;
}
