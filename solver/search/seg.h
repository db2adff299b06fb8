/*
 * seg.h -- summaries of route segments, joined in constant time.
 *
 * A segment is a run of consecutive nodes of a route. Its summary holds
 * what feasibility and cost need, so that a move is evaluated by joining
 * a few summaries (prefix ++ moved nodes ++ suffix) instead of walking the
 * route:
 *   - distance;
 *   - time: minimum duration, time warp, earliest and latest start of the
 *     first service, joined as in Vidal et al. (2013), "A hybrid genetic
 *     algorithm with adaptive diversity management...", Computers & OR;
 *   - load with deliveries and pickups: the parcels to deliver in the
 *     segment (carried in from the depot), the parcels collected in it
 *     (carried out to the depot) and the peak load inside the segment when
 *     it holds only its own parcels. Joining a then b: within a the
 *     vehicle also carries b's deliveries; within b, a's pickups.
 */
#ifndef CUNLU_SEG_H
#define CUNLU_SEG_H

#include <stdint.h>
#include "search/prob.h"

struct cl_seg {
	int64_t dist;   /* metres driven inside the segment */
	int dur;        /* minimum duration, service included */
	int tw;         /* time warp (> 0: opening hours violated) */
	int e, l;       /* earliest / latest start of the first service */
	int dl, pk;     /* deliveries / pickups in the segment */
	int peak;       /* peak load with only the segment's parcels */
	int first, last;
	int bad;        /* an unreachable arc is inside */
};

static inline int cl_imax(int a, int b) { return a > b ? a : b; }
static inline int cl_imin(int a, int b) { return a < b ? a : b; }

/* The one-node segment for village (or depot) v, under vehicle type t. */
static inline void cl_seg_node(struct cl_seg *s, const struct cl_prob *p,
			       int t, int v)
{
	const struct cl_pnode *nd = &p->nodes[v];
	s->dist = 0;
	s->dur = nd->service;
	s->tw = 0;
	if (v == 0) {
		s->e = p->types[t].shift_start;
		s->l = p->types[t].shift_end;
	} else {
		s->e = nd->tw_start;
		s->l = nd->tw_end;
	}
	s->dl = nd->demand;
	s->pk = nd->pickup;
	s->peak = cl_imax(nd->demand, nd->pickup);
	s->first = s->last = v;
	s->bad = 0;
}

/* out = a ++ b under vehicle type t; out may alias a or b. */
static inline void cl_seg_join(struct cl_seg *out, const struct cl_seg *a,
			       const struct cl_seg *b, const struct cl_prob *p,
			       int t)
{
	long k = (long)a->last * p->n + b->first;
	int32_t d = p->types[t].dist[k];
	int32_t tt = p->types[t].time[k];
	int bad = a->bad | b->bad | (d < 0) | (tt < 0);
	int delta = a->dur - a->tw + tt;
	int wt = cl_imax(b->e - delta - a->l, 0);
	int tw = cl_imax(a->e + delta - b->l, 0);
	struct cl_seg r;

	r.dist = a->dist + b->dist + d;
	r.dur = a->dur + b->dur + tt + wt;
	r.tw = a->tw + b->tw + tw;
	r.e = cl_imax(b->e - delta, a->e) - wt;
	r.l = cl_imin(b->l - delta, a->l) + tw;
	r.dl = a->dl + b->dl;
	r.pk = a->pk + b->pk;
	r.peak = cl_imax(a->peak + b->dl, b->peak + a->pk);
	r.first = a->first;
	r.last = b->last;
	r.bad = bad;
	*out = r;
}

/* Is a whole route (depot ... depot) with this summary feasible for type t? */
static inline int cl_seg_feasible(const struct cl_seg *s,
				  const struct cl_prob *p, int t)
{
	const struct cl_ptype *ty = &p->types[t];
	return !s->bad && s->tw == 0 && s->peak <= ty->cap &&
	       s->dist <= ty->max_dist && s->dur <= ty->max_dur;
}

#endif
