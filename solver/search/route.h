/*
 * route.h -- a route under construction in the search, with prefix and
 * suffix segment summaries so that inserting or removing villages is
 * evaluated in constant time (seg.h).
 *
 * A route is one vehicle's day. nodes[0] and nodes[len+1] are the depot;
 * a 0 between them is a reload (the end of one trip and the start of the
 * next, seg.h). Reloads are fixed separators: moves insert and remove
 * villages around them; recreate opens a trip by inserting a reload next
 * to a village (cl_rt_insert_trip_delta). cl_rt_update drops empty trips
 * (a reload next to the depot or to another reload), which never makes a
 * day longer or dearer. pre[i] summarises nodes[0..i] and suf[i]
 * summarises nodes[i..len+1], both under the route's vehicle type. Arrays start small and grow by doubling (so a plan with many
 * vehicles does not reserve room for every village in every route); after
 * the first iterations the search no longer allocates. A failed growth
 * sets `oom`, which the search checks after each step.
 */
#ifndef CUNLU_ROUTE_H
#define CUNLU_ROUTE_H

#include <stdint.h>
#include "search/prob.h"
#include "search/seg.h"

struct cl_rt {
	int type;          /* vehicle type */
	int vehicle;       /* vehicle number within the type */
	int len;           /* nodes between the two depots: villages and
			      reloads (a route without villages has none) */
	int room;          /* entries allocated in nodes, pre and suf */
	int *nodes;        /* len + 2 entries used */
	struct cl_seg *pre;
	struct cl_seg *suf;
	int64_t cost;      /* fixed + unit * distance + hourly * duration;
			      0 when empty */
	/* Copies of the whole day's pre[len + 1].dl, .pk and (nrl > 0)
	 * (cl_rt_update and cl_rt_copy keep them): recreate's capacity
	 * check reads them with the route, before touching pre[], which
	 * mostly rejects a full route without a cache miss. */
	int dl, pk;
	unsigned char reloads;
	unsigned char oom;      /* a growth failed: the route is unusable */
	unsigned char polished; /* no intra-route move improves it (intra.h) */
	unsigned char ls_done;  /* no move between it and another such route
				   improves (ls.h). cl_rt_update clears both
				   flags, cl_rt_copy copies them */
	/* Pending summaries (p->plain only: cl_rt_cut_later,
	 * cl_rt_insert_later, cl_rt_settle). When `later` is set, nodes[],
	 * len, dl, pk and cost are the route's (the ruin and
	 * cl_rt_insert_later keep the cost from the matrix), but pre[] holds
	 * the summaries of nodes 0..lz_lo-1 only, and suf[] none (suf_stale
	 * is set). An ordinary update (cl_rt_update, cl_rt_insert, ...)
	 * brings such a route wholly up to date. */
	unsigned char later;
	/* suf[] is out of date (pending changes, and cl_rt_settle leaves it
	 * so: in a plain problem only the local search reads suffixes, and
	 * it brings them up to date first, cl_rt_fresh_suf). cl_rt_update
	 * clears it. */
	unsigned char suf_stale;
	int lz_lo;
};

/* Allocate a route able to hold `room` villages before it grows. */
int cl_rt_init(struct cl_rt *r, int room, int type, int vehicle);
/* Make room for `len` villages; 0 or CL_EINTERNAL (and r->oom set). */
int cl_rt_reserve(struct cl_rt *r, int len);
void cl_rt_free(struct cl_rt *r);
/* Copy src into dst, growing dst if needed (check dst->oom). */
void cl_rt_copy(struct cl_rt *dst, const struct cl_rt *src);

/* Villages on r (len without the reloads). */
static inline int cl_rt_villages(const struct cl_rt *r)
{
	return r->len - r->pre[r->len + 1].nrl;
}

/* Trips of r with villages. */
static inline int cl_rt_trips(const struct cl_rt *r)
{
	const struct cl_seg *s = &r->pre[r->len + 1];
	return s->nrl == 0 ? s->hn > 0 : (s->hn > 0) + s->ctrips + (s->tn > 0);
}

/* Position of village v in r (1..len), or -1. O(len). */
static inline int cl_rt_position(const struct cl_rt *r, int v)
{
	for (int i = 1; i <= r->len; i++)
		if (r->nodes[i] == v)
			return i;
	return -1;
}

/*
 * Drop empty trips (reloads next to the depot or to another reload), then
 * recompute pre, suf and cost from nodes[]. O(len).
 */
void cl_rt_update(struct cl_rt *r, const struct cl_prob *p);

/* Cost of a day of type t with these figures. */
static inline int64_t cl_day_cost(const struct cl_prob *p, int t,
				  const struct cl_day *d)
{
	const struct cl_ptype *ty = &p->types[t];
	return ty->fixed + ty->unit * d->dist + ty->hourly * d->dur / 3600;
}

/*
 * THE route cost: a route of type t whose whole summary (depot ...
 * depot) is s: fixed + unit * dist + hourly * duration of the day
 * (waiting and reloads included). Every move's gain comes from it.
 */
static inline int64_t cl_rt_cost_of(const struct cl_prob *p, int t,
				    const struct cl_seg *s)
{
	const struct cl_ptype *ty = &p->types[t];
	struct cl_day d;

	if (ty->hourly == 0)
		return ty->fixed + ty->unit * s->dist;
	cl_seg_day(&d, s, p, t);
	return cl_day_cost(p, t, &d);
}

/* cl_rt_eval's general case (reloads or release dates), in route.c. */
CL_COLD int64_t cl_rt_eval_day(const struct cl_prob *p, int t,
			       const struct cl_seg *s);

/*
 * Cost of a route of type t with whole summary s, or INT64_MAX if it is
 * infeasible. One evaluation of the day.
 */
CL_HOT_INLINE int64_t cl_rt_eval(const struct cl_prob *p, int t,
				 const struct cl_seg *s)
{
	if (__builtin_expect(s->nrl == 0 && s->rel == 0, 1)) {
		/* one trip, no release: the summary is the day */
		const struct cl_ptype *ty = &p->types[t];
		if (s->bad || s->tw != 0 || s->peak > ty->cap ||
		    s->dist > ty->max_dist || s->dur > ty->max_dur ||
		    s->dist > ty->max_trip || s->hn > ty->max_stops ||
		    s->wg > ty->max_wg)
			return INT64_MAX;
		return ty->fixed + ty->unit * s->dist + ty->hourly * s->dur / 3600;
	}
	return cl_rt_eval_day(p, t, s);
}

/* cl_rt_eval3's general case (reloads or release dates), in route.c. */
CL_COLD int64_t cl_rt_eval3_slow(const struct cl_prob *p, int t,
				 const struct cl_seg *a, int v,
				 const struct cl_seg *b);

/*
 * Cost of the whole route a ++ v ++ b (v a village; v < 0: a ++ b) under
 * type t, or INT64_MAX if infeasible, where a starts at the depot and b
 * ends there. The same figures as joining the summaries and calling
 * cl_rt_eval, but without building them: in the common case (one trip,
 * no release dates) the compiler keeps everything in registers, which
 * makes move evaluation about twice as fast as through cl_seg_join.
 */
/* Does a ++ v ++ b need cl_rt_eval3_slow (reloads or release dates)? */
CL_HOT_INLINE int cl_rt_eval3_is_slow(const struct cl_prob *p,
				       const struct cl_seg *a, int v,
				       const struct cl_seg *b)
{
	return (a->nrl | b->nrl | a->rel | b->rel | (v < 0 ? 0 : p->nodes[v].rel)) != 0;
}

/* cl_rt_eval3 when !cl_rt_eval3_is_slow: no call, registers only. */
CL_HOT_INLINE int64_t cl_rt_eval3_fast(const struct cl_prob *p, int t,
				       const struct cl_seg *a, int v,
				       const struct cl_seg *b)
{
	const struct cl_ptype *ty = &p->types[t];
	const struct cl_pnode *nd = &p->nodes[v < 0 ? 0 : v];
	long n = p->n;
	int64_t dist, wg;
	int dur, tw, bad, peak, lastdl, lastpk, hn;

	if (v >= 0) {
		long k1 = (long)a->last * n + v, k2 = (long)v * n + b->first;
		int32_t d1 = ty->dist[k1], t1 = ty->time[k1];
		int32_t d2 = ty->dist[k2], t2 = ty->time[k2];
		int delta = a->dur - a->tw + t1;
		int wt = cl_imax(nd->tw_start - delta - a->l, 0);
		int tw1 = a->tw + cl_imax(a->e + delta - nd->tw_end, 0);
		int dur1, e1, l1;

		bad = a->bad | b->bad | (d1 < 0) | (t1 < 0) | (d2 < 0) | (t2 < 0) |
		      (int)((nd->deny >> (t & 63)) & 1u);
		if (tw1 > 0 || bad)
			return INT64_MAX;
		dur1 = a->dur + nd->service + t1 + wt;
		e1 = cl_imax(nd->tw_start - delta, a->e) - wt;
		l1 = cl_imin(nd->tw_end - delta, a->l);
		delta = dur1 + t2;
		wt = cl_imax(b->e - delta - l1, 0);
		tw = b->tw + cl_imax(e1 + delta - b->l, 0);
		dur = dur1 + b->dur + t2 + wt;
		peak = cl_imax(a->peak + nd->demand,
			       cl_imax(nd->demand, nd->pickup) + a->pk);
		lastdl = a->dl + nd->demand;
		lastpk = a->pk + nd->pickup;
		peak = cl_imax(peak + b->dl, b->peak + lastpk);
		(void)lastdl;
		dist = a->dist + b->dist + d1 + d2;
		hn = a->hn + 1 + b->hn;
		wg = a->wg + nd->wg + b->wg;
	} else {
		long k = (long)a->last * n + b->first;
		int32_t d = ty->dist[k], tt = ty->time[k];
		int delta = a->dur - a->tw + tt;
		int wt = cl_imax(b->e - delta - a->l, 0);

		bad = a->bad | b->bad | (d < 0) | (tt < 0);
		tw = a->tw + b->tw + cl_imax(a->e + delta - b->l, 0);
		dur = a->dur + b->dur + tt + wt;
		peak = cl_imax(a->peak + b->dl, b->peak + a->pk);
		dist = a->dist + b->dist + d;
		hn = a->hn + b->hn;
		wg = a->wg + b->wg;
	}
	if (bad || tw != 0 || peak > ty->cap || dist > ty->max_dist ||
	    dur > ty->max_dur || dist > ty->max_trip || hn > ty->max_stops ||
	    wg > ty->max_wg)
		return INT64_MAX;
	return ty->fixed + ty->unit * dist + ty->hourly * dur / 3600;
}

CL_HOT_INLINE int64_t cl_rt_eval3(const struct cl_prob *p, int t,
				  const struct cl_seg *a, int v,
				  const struct cl_seg *b)
{
	if (__builtin_expect(cl_rt_eval3_is_slow(p, a, v, b), 0))
		return cl_rt_eval3_slow(p, t, a, v, b);
	return cl_rt_eval3_fast(p, t, a, v, b);
}

/*
 * Cost change of inserting village v between nodes[pos] and nodes[pos+1]
 * (0 <= pos <= len), or INT64_MAX if the route would be infeasible.
 * Constant time.
 */
int64_t cl_rt_insert_delta(const struct cl_rt *r, const struct cl_prob *p,
			   int v, int pos);

/* Insert v after nodes[pos] and update the summaries (those of the
 * nodes before v are kept, the suffixes after it moved: r must be up to
 * date, as every function here leaves it). */
void cl_rt_insert(struct cl_rt *r, const struct cl_prob *p, int v, int pos);

/* Where cl_rt_insert_trip puts the new reload relative to v. */
enum cl_trip_side {
	CL_TRIP_AFTER = 1,    /* ... v 0 ...: v ends its trip, a new one starts */
	CL_TRIP_BEFORE = -1   /* ... 0 v ...: v starts a new trip */
};

/*
 * Cost change of inserting v after nodes[pos] together with a reload on
 * the given side (a new trip), or INT64_MAX if infeasible or if the
 * reload would make an empty trip (the neighbour on that side is the
 * depot or a reload). Constant time.
 */
int64_t cl_rt_insert_trip_delta(const struct cl_rt *r, const struct cl_prob *p,
				int v, int pos, enum cl_trip_side side);

/* Insert v after nodes[pos] with a reload on the given side. */
void cl_rt_insert_trip(struct cl_rt *r, const struct cl_prob *p, int v,
		       int pos, enum cl_trip_side side);

/*
 * Cost of r with the villages at positions out[0..k-1] taken off
 * (ascending; villages, not reloads, none of them pos) and village v
 * inserted after nodes[pos] (0 <= pos <= len), or INT64_MAX if that day
 * is infeasible. A trip left empty is evaluated as it stands (its reload
 * counted), which cl_rt_update would then drop. O(positions between the
 * first and the last change); fleet minimisation's ejections.
 */
int64_t cl_rt_edit_cost(const struct cl_rt *r, const struct cl_prob *p, int v,
			int pos, const int *out, int k);

/*
 * The departure of each trip of r (seconds; at most max of them) on the
 * schedule that achieves the summary's day: the first trip at the day's
 * earliest start e (cl_seg_day), each later one when its reload is done
 * and its villages' parcels are released; every service as early as the
 * opening hours allow. Returns the number of trips. O(len).
 */
int cl_rt_schedule(const struct cl_rt *r, const struct cl_prob *p, int *depart,
		   int max);

/*
 * Remove the villages at positions [from, to] (1-based node positions,
 * inclusive) without updating the summaries (call cl_rt_update after a
 * batch of removals). Reloads in the range stay (in order, after the
 * villages before the range).
 */
void cl_rt_remove_range(struct cl_rt *r, int from, int to);

/*
 * cl_rt_update after cl_rt_remove_range calls that removed villages only
 * at positions from..to of the route as it was at its last update, when
 * it was oldlen long: the summaries of the nodes before `from` and after
 * `to` are kept (the suffixes moved with their nodes), the others
 * recomputed. The same summaries as cl_rt_update, in about half its
 * joins. A route that had reloads gets cl_rt_update (empty trips).
 */
void cl_rt_update_cut(struct cl_rt *r, const struct cl_prob *p, int from, int to,
		      int oldlen);

/*
 * The same for a plain problem (prob.h: plain), but the summaries wait
 * for cl_rt_settle: several changes to a route within one ruin and
 * recreate cost one update, not one each (the route has no reloads);
 * `from` is the first position cut.
 * r->dl and r->pk must already be less the parcels taken off (ruin.c).
 * Recreate reads no summary of such a problem (it prices places from
 * the matrix); the ruin and recreate settle what they left pending
 * before anything else reads the route (recreate.c).
 */
void cl_rt_cut_later(struct cl_rt *r, int from);
/*
 * What taking nodes[from..to] off r saves in a plain problem, before
 * the cut: unit x (the arcs from nodes[from - 1] to nodes[to + 1] less
 * the arc that replaces them). The ruin takes it off r->cost, so that
 * the cost of a route with pending summaries stays exact.
 */
int64_t cl_rt_cut_saving(const struct cl_rt *r, const struct cl_prob *p, int from, int to);
/* Insert v after nodes[pos], the summaries left for cl_rt_settle (as
 * cl_rt_cut_later); the route's dl and pk grow by v's parcels, its cost
 * by unit x the detour (exact in a plain problem). */
void cl_rt_insert_later(struct cl_rt *r, const struct cl_prob *p, int v, int pos);
/* Bring the pending prefixes up to date, with the cost and the figures
 * (as cl_rt_update_cut / cl_rt_insert would), and leave the suffixes
 * out of date (suf_stale). */
void cl_rt_settle(struct cl_rt *r, const struct cl_prob *p);
/* Bring out-of-date suffixes up to date (route.h: suf_stale); then r is
 * exactly as cl_rt_update leaves it. Before anything reads suf[]. */
void cl_rt_fresh_suf(struct cl_rt *r, const struct cl_prob *p);

#endif
