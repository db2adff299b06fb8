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
 *     vehicle also carries b's deliveries; within b, a's pickups;
 *   - release dates: the latest release among the villages of a trip (the
 *     trip may not leave the depot before it);
 *   - access: `bad` when the vehicle type may not serve a village of the
 *     segment or an arc is unreachable;
 *   - per trip (a drone's sortie): the villages (max_stops) and the grams
 *     delivered (payload_kg), both plain sums over a trip.
 *
 * Multi-trip (reload nodes). A vehicle's day is one route whose nodes may
 * hold the depot (node 0) between two trips: a reload, where the vehicle
 * unloads its pickups, takes on the next trip's parcels and spends the
 * type's reload time. A segment is cut by its reloads into
 *   head  -- the nodes before the first reload and the arrival at it (the
 *            whole segment when it has no reload): open on the left, its
 *            trip may have begun before the segment;
 *   closed -- the trips that begin and end inside the segment: from the
 *            departure after the first reload to the arrival at the last
 *            one, their release dates already applied;
 *   tail  -- the villages after the last reload: open on the right.
 * Head and tail keep load and release figures (their trip is not known
 * yet); closed trips keep only what feasibility needs (peak load, longest
 * trip, number of trips). Joining two segments that both hold reloads
 * closes the trip between them (a's tail ++ b's head). The departure from
 * a reload is max(arrival + reload time, release of the next trip); the
 * time summary models it as the reload node (service = reload time)
 * followed by a zero-length "release node" whose window opens at the
 * release. Every join is a constant number of Vidal joins, and a segment
 * without reloads and release dates joins exactly as before (same fields,
 * same arithmetic): single-trip plans do not change.
 *
 * A whole route (start depot ... end depot) is evaluated by cl_seg_day(),
 * which applies the first trip's release to the start and puts the pieces
 * together. Summaries of a type t hold t's reload time and access; a
 * summary may be joined under another type u only when
 * cl_prob_same_seg(p, t, u).
 */
#ifndef CUNLU_SEG_H
#define CUNLU_SEG_H

#include <stddef.h>
#include <stdint.h>
#include "search/prob.h"

/* A time summary (Vidal et al.) of a run of nodes without a reload. */
/* The joins sit in the search's innermost loop: always inline them. */
#if defined(__GNUC__)
#define CL_HOT_INLINE static inline __attribute__((always_inline))
#define CL_COLD __attribute__((noinline, cold))
#else
#define CL_HOT_INLINE static inline
#define CL_COLD
#endif

struct cl_tsum {
	int dur;        /* minimum duration, service included */
	int tw;         /* time warp (> 0: opening hours violated) */
	int e, l;       /* earliest / latest start of the first service */
};

struct cl_seg {
	int64_t dist;   /* metres driven inside the segment (all trips) */
	/* head (the whole segment when nrl == 0) */
	int dur;        /* minimum duration, service included */
	int tw;         /* time warp (> 0: opening hours violated) */
	int e, l;       /* earliest / latest start of the first service */
	int dl, pk;     /* deliveries / pickups in the head */
	int peak;       /* peak load with only the head's parcels */
	int rel;        /* latest release among the head's villages */
	int hn;         /* villages in the head */
	int64_t hdist;  /* metres inside the head */
	int64_t wg;     /* grams delivered in the head */
	int first, last;
	int bad;        /* an unreachable arc or a forbidden village inside */
	int nrl;        /* reload nodes inside */
	/* Only the fields above (the head, CL_SEG_HEAD bytes) mean anything
	 * when nrl == 0: the joins, folds and days read the ones below only
	 * of a summary with reloads (cl_rt_copy copies the heads alone of a
	 * route without reloads). */
	/* closed trips (nrl >= 2) */
	struct cl_tsum c;
	int cpeak;      /* highest peak load of a closed trip */
	int ctrips;     /* closed trips with villages */
	int64_t cdmax;  /* longest closed trip, metres */
	int cnmax;      /* most villages on a closed trip */
	int64_t cwg;    /* most grams delivered on a closed trip */
	/* tail (nrl >= 1; empty when tfirst < 0) */
	struct cl_tsum t;
	int tfirst;     /* first node of the tail, -1 if empty */
	int tdl, tpk, tpeak, trel, tn;
	int64_t tdist;  /* metres from the last reload to the segment's end */
	int64_t twg;    /* grams delivered in the tail */
};

#define CL_SEG_HEAD offsetof(struct cl_seg, c)

/* Whole-day figures of a route, from cl_seg_day(). */
struct cl_day {
	int64_t dist;   /* metres, all trips */
	int dur;        /* first departure to last return, waiting included */
	int tw;         /* time warp */
	int e;          /* departure from the depot that achieves dur */
	int peak;       /* highest load on board on any trip */
	int trips;      /* trips with villages */
	int64_t tripmax;/* longest trip, metres */
	int stops;      /* most villages on one trip */
	int64_t wg;     /* most grams delivered on one trip */
	int bad;
};

static inline int cl_imax(int a, int b) { return a > b ? a : b; }
static inline int cl_imin(int a, int b) { return a < b ? a : b; }
static inline int64_t cl_lmax(int64_t a, int64_t b) { return a > b ? a : b; }

/* out = a ++ b with travel time tt between them (Vidal et al.). */
static inline void cl_tsum_join(struct cl_tsum *out, const struct cl_tsum *a,
				const struct cl_tsum *b, int tt)
{
	int delta = a->dur - a->tw + tt;
	int wt = cl_imax(b->e - delta - a->l, 0);
	int tw = cl_imax(a->e + delta - b->l, 0);
	struct cl_tsum r;

	r.dur = a->dur + b->dur + tt + wt;
	r.tw = a->tw + b->tw + tw;
	r.e = cl_imax(b->e - delta, a->e) - wt;
	r.l = cl_imin(b->l - delta, a->l) + tw;
	*out = r;
}

/*
 * x = departure at the depot ++ x: the trip leaves the depot at or after
 * rel and drives tt to x's first node. The summary then starts at the
 * departure.
 */
static inline void cl_tsum_depart(struct cl_tsum *x, int tt, int rel)
{
	x->dur += tt;
	x->e -= tt;
	x->l -= tt;
	if (rel > x->e) {
		if (rel > x->l) {
			x->tw += rel - x->l;
			x->l = rel;
		}
		x->e = rel;
	}
}

/* The one-node segment for village (or depot) v, under vehicle type t. */
CL_HOT_INLINE void cl_seg_node(struct cl_seg *s, const struct cl_prob *p,
			       int t, int v)
{
	const struct cl_pnode *nd = &p->nodes[v];
	s->dist = 0;
	s->hdist = 0;
	s->dur = nd->service;
	s->tw = 0;
	if (v == 0) {
		s->e = p->types[t].shift_start;
		s->l = p->types[t].shift_end;
		s->hn = 0;
	} else {
		s->e = nd->tw_start;
		s->l = nd->tw_end;
		s->hn = 1;
	}
	s->dl = nd->demand;
	s->pk = nd->pickup;
	s->peak = cl_imax(nd->demand, nd->pickup);
	s->rel = nd->rel;
	s->wg = nd->wg;
	s->first = s->last = v;
	s->bad = (int)((nd->deny >> (t & 63)) & 1u);
	s->nrl = 0;
}

/* The one-node segment of a reload at the depot, under vehicle type t. */
static inline void cl_seg_reload(struct cl_seg *s, const struct cl_prob *p,
				 int t)
{
	const struct cl_ptype *ty = &p->types[t];
	s->dist = 0;
	s->hdist = 0;
	s->dur = ty->reload;
	s->tw = 0;
	s->e = ty->shift_start;
	s->l = ty->shift_end;
	s->dl = s->pk = s->peak = 0;
	s->rel = 0;
	s->hn = 0;
	s->first = s->last = 0;
	s->bad = 0;
	s->nrl = 1;
	s->c.dur = s->c.tw = 0;
	s->c.e = s->c.l = 0;
	s->cpeak = 0;
	s->ctrips = 0;
	s->cdmax = 0;
	s->cnmax = 0;
	s->cwg = 0;
	s->wg = 0;
	s->t = s->c;
	s->tfirst = -1;
	s->tdl = s->tpk = s->tpeak = s->trel = s->tn = 0;
	s->tdist = 0;
	s->twg = 0;
}

/*
 * r = a ++ b when a or b holds a reload (cl_seg_join's slow path, in
 * route.c); d and tt are the distance and time of the arc between them.
 * r must not alias a or b.
 */
CL_COLD void cl_seg_join_trips(struct cl_seg *r, const struct cl_seg *a,
				const struct cl_seg *b, const struct cl_prob *p,
				int t, int32_t d, int32_t tt);

/* out = a ++ b under vehicle type t; out may alias a or b. */
CL_HOT_INLINE void cl_seg_join(struct cl_seg *out, const struct cl_seg *a,
			       const struct cl_seg *b, const struct cl_prob *p,
			       int t)
{
	long k = (long)a->last * p->n + b->first;
	int32_t d = p->types[t].dist[k];
	int32_t tt = p->types[t].time[k];

	if (__builtin_expect(a->nrl | b->nrl, 0)) {
		struct cl_seg r;
		cl_seg_join_trips(&r, a, b, p, t, d, tt);
		*out = r;
		return;
	}
	/* One trip: only the head's fields (out may alias a or b, so every
	 * figure is computed before any is written). */
	int bad = a->bad | b->bad | (d < 0) | (tt < 0);
	int delta = a->dur - a->tw + tt;
	int wt = cl_imax(b->e - delta - a->l, 0);
	int tw = cl_imax(a->e + delta - b->l, 0);
	int64_t dist = a->dist + b->dist + d;
	int dur = a->dur + b->dur + tt + wt;
	int tws = a->tw + b->tw + tw;
	int e = cl_imax(b->e - delta, a->e) - wt;
	int l = cl_imin(b->l - delta, a->l) + tw;
	int dl = a->dl + b->dl, pk = a->pk + b->pk;
	int peak = cl_imax(a->peak + b->dl, b->peak + a->pk);
	int rel = cl_imax(a->rel, b->rel);
	int hn = a->hn + b->hn;
	int64_t wg = a->wg + b->wg;
	int first = a->first, last = b->last;

	out->dist = dist;
	out->hdist = dist;
	out->dur = dur;
	out->tw = tws;
	out->e = e;
	out->l = l;
	out->dl = dl;
	out->pk = pk;
	out->peak = peak;
	out->rel = rel;
	out->hn = hn;
	out->wg = wg;
	out->first = first;
	out->last = last;
	out->bad = bad;
	out->nrl = 0;
}

/*
 * The day of a whole route (depot ... depot) with summary s under type t:
 * the first trip leaves at or after its release, later trips after their
 * reload and their release.
 */
static inline void cl_seg_day(struct cl_day *d, const struct cl_seg *s,
			      const struct cl_prob *p, int t)
{
	struct cl_tsum x = { s->dur, s->tw, s->e, s->l };

	cl_tsum_depart(&x, 0, s->rel);
	d->dist = s->dist;
	d->bad = s->bad;
	if (s->nrl == 0) {
		d->peak = s->peak;
		d->trips = s->hn > 0;
		d->tripmax = s->dist;
		d->stops = s->hn;
		d->wg = s->wg;
	} else {
		if (s->nrl >= 2)
			cl_tsum_join(&x, &x, &s->c, 0);
		if (s->tfirst >= 0) {
			struct cl_tsum y = s->t;
			cl_tsum_depart(&y, p->types[t].time[s->tfirst], s->trel);
			cl_tsum_join(&x, &x, &y, 0);
		}
		d->peak = cl_imax(cl_imax(s->peak, s->cpeak), s->tpeak);
		d->trips = (s->hn > 0) + s->ctrips + (s->tn > 0);
		d->tripmax = cl_lmax(cl_lmax(s->hdist, s->cdmax), s->tdist);
		d->stops = cl_imax(cl_imax(s->hn, s->cnmax), s->tn);
		d->wg = cl_lmax(cl_lmax(s->wg, s->cwg), s->twg);
	}
	d->dur = x.dur;
	d->tw = x.tw;
	d->e = x.e;
}

/* Is a day with these figures feasible for type t? */
static inline int cl_day_feasible(const struct cl_day *d,
				  const struct cl_prob *p, int t)
{
	const struct cl_ptype *ty = &p->types[t];
	return !d->bad && d->tw == 0 && d->peak <= ty->cap &&
	       d->dist <= ty->max_dist && d->dur <= ty->max_dur &&
	       d->trips <= ty->max_trips && d->tripmax <= ty->max_trip &&
	       d->stops <= ty->max_stops && d->wg <= ty->max_wg;
}

/* Is a whole route (depot ... depot) with this summary feasible for type t? */
static inline int cl_seg_feasible(const struct cl_seg *s,
				  const struct cl_prob *p, int t)
{
	struct cl_day d;
	if (s->nrl == 0 && s->rel == 0) {
		/* one trip, no release: the summary is the day */
		const struct cl_ptype *ty = &p->types[t];
		return !s->bad && s->tw == 0 && s->peak <= ty->cap &&
		       s->dist <= ty->max_dist && s->dur <= ty->max_dur &&
		       s->dist <= ty->max_trip && s->hn <= ty->max_stops &&
		       s->wg <= ty->max_wg;
	}
	cl_seg_day(&d, s, p, t);
	return cl_day_feasible(&d, p, t);
}

#endif
