/*
 * route.c -- routes with prefix/suffix summaries (route.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "search/route.h"

/* A window that never binds (an empty trip's). */
#define CL_BENCH_FREE (INT_MAX / 4)

/* cl_seg_join's slow path: a or b holds a reload (seg.h). */
void cl_seg_join_trips(struct cl_seg *r, const struct cl_seg *a,
				     const struct cl_seg *b,
				     const struct cl_prob *p, int t,
				     int32_t d, int32_t tt)
{
	const int32_t *time0 = p->types[t].time;   /* row of the depot */

	if (a->nrl == 0) {
		/* a joins b's head: same trip */
		struct cl_tsum h;
		cl_tsum_join(&h, &(struct cl_tsum){ a->dur, a->tw, a->e, a->l },
			     &(struct cl_tsum){ b->dur, b->tw, b->e, b->l }, tt);
		*r = *b;
		r->dur = h.dur;
		r->tw = h.tw;
		r->e = h.e;
		r->l = h.l;
		r->dl = a->dl + b->dl;
		r->pk = a->pk + b->pk;
		r->peak = cl_imax(a->peak + b->dl, b->peak + a->pk);
		r->rel = cl_imax(a->rel, b->rel);
		r->hn = a->hn + b->hn;
		r->wg = a->wg + b->wg;
		r->hdist = a->hdist + b->hdist + d;
		r->first = a->first;
		r->dist = a->dist + b->dist + d;
		r->bad = a->bad | b->bad | (d < 0) | (tt < 0);
		return;
	}
	if (b->nrl == 0) {
		/* b joins a's tail: same trip */
		*r = *a;
		if (a->tfirst < 0) {
			r->t = (struct cl_tsum){ b->dur, b->tw, b->e, b->l };
			r->tfirst = b->first;
		} else {
			cl_tsum_join(&r->t, &a->t,
				     &(struct cl_tsum){ b->dur, b->tw, b->e, b->l }, tt);
		}
		r->tdl = a->tdl + b->dl;
		r->tpk = a->tpk + b->pk;
		r->tpeak = cl_imax(a->tpeak + b->dl, b->peak + a->tpk);
		r->trel = cl_imax(a->trel, b->rel);
		r->tn = a->tn + b->hn;
		r->twg = a->twg + b->wg;
		r->tdist = a->tdist + b->hdist + d;
		r->last = b->last;
		r->dist = a->dist + b->dist + d;
		r->bad = a->bad | b->bad | (d < 0) | (tt < 0);
		return;
	}
	/* Both hold reloads: a's tail ++ b's head is a closed trip. */
	{
		struct cl_tsum x, bh = { b->dur, b->tw, b->e, b->l };
		int xfirst;
		struct cl_seg o = *a;   /* head of a; a may alias r */

		if (a->tfirst < 0) {
			x = bh;
			xfirst = b->first;
		} else {
			cl_tsum_join(&x, &a->t, &bh, tt);
			xfirst = a->tfirst;
		}
		cl_tsum_depart(&x, time0[xfirst], cl_imax(a->trel, b->rel));
		if (a->nrl >= 2)
			cl_tsum_join(&o.c, &a->c, &x, 0);
		else
			o.c = x;
		if (b->nrl >= 2)
			cl_tsum_join(&o.c, &o.c, &b->c, 0);
		o.cpeak = cl_imax(cl_imax(a->cpeak, b->cpeak),
				  cl_imax(a->tpeak + b->dl, b->peak + a->tpk));
		o.ctrips = a->ctrips + b->ctrips + (a->tn + b->hn > 0);
		o.cdmax = cl_lmax(cl_lmax(a->cdmax, b->cdmax),
				  a->tdist + b->hdist + d);
		o.cnmax = cl_imax(cl_imax(a->cnmax, b->cnmax), a->tn + b->hn);
		o.cwg = cl_lmax(cl_lmax(a->cwg, b->cwg), a->twg + b->wg);
		o.t = b->t;
		o.tfirst = b->tfirst;
		o.tdl = b->tdl;
		o.tpk = b->tpk;
		o.tpeak = b->tpeak;
		o.trel = b->trel;
		o.tn = b->tn;
		o.tdist = b->tdist;
		o.twg = b->twg;
		o.nrl = a->nrl + b->nrl;
		o.last = b->last;
		o.dist = a->dist + b->dist + d;
		o.bad = a->bad | b->bad | (d < 0) | (tt < 0);
		*r = o;
	}
}


int64_t cl_rt_eval_day(const struct cl_prob *p, int t, const struct cl_seg *s)
{
	struct cl_day d;

	cl_seg_day(&d, s, p, t);
	if (!cl_day_feasible(&d, p, t))
		return INT64_MAX;
	return cl_day_cost(p, t, &d);
}

/*
 * A whole day evaluated piece by piece, left to right, without building
 * summaries (the multi-trip path of move evaluation): the trips closed so
 * far as one time summary, the open trip's figures, and the day's
 * totals. Pieces are route prefix/suffix summaries, villages and reloads.
 */
struct fold {
	const struct cl_prob *p;
	int t;
	int last;               /* last node so far */
	int started;            /* a trip has been closed */
	struct cl_tsum x;       /* the closed trips, release dates applied */
	struct cl_tsum o;       /* the open trip (first trip: from the start) */
	int first_trip;         /* the open trip is the day's first */
	int ofirst;             /* first node of the open trip, -1: empty */
	int orel, odl, opk, opeak, on;
	int64_t odist, owg;
	int64_t dist, tripmax, wg;
	int bad, peak, trips, stops;
};

/* Close the open trip: it leaves after its release (and, after a reload,
 * drives from the depot to its first node). */
CL_HOT_INLINE void fold_close(struct fold *f)
{
	struct cl_tsum y = f->o;

	if (f->first_trip)
		cl_tsum_depart(&y, 0, f->orel);
	else if (f->ofirst >= 0)
		cl_tsum_depart(&y, f->p->types[f->t].time[f->ofirst], f->orel);
	else
		y = (struct cl_tsum){ 0, 0, 0, CL_BENCH_FREE };
	if (f->started)
		cl_tsum_join(&f->x, &f->x, &y, 0);
	else
		f->x = y;
	f->started = 1;
	f->peak = cl_imax(f->peak, f->opeak);
	f->trips += f->on > 0;
	f->tripmax = cl_lmax(f->tripmax, f->odist);
	f->stops = cl_imax(f->stops, f->on);
	f->wg = cl_lmax(f->wg, f->owg);
}

/* Open a new trip with a segment's tail (or empty). */
CL_HOT_INLINE void fold_open_tail(struct fold *f, const struct cl_seg *s)
{
	f->first_trip = 0;
	if (s && s->tfirst >= 0) {
		f->o = s->t;
		f->ofirst = s->tfirst;
		f->orel = s->trel;
		f->odl = s->tdl;
		f->opk = s->tpk;
		f->opeak = s->tpeak;
		f->on = s->tn;
		f->odist = s->tdist;
		f->owg = s->twg;
	} else {
		f->ofirst = -1;
		f->orel = f->odl = f->opk = f->opeak = f->on = 0;
		f->odist = 0;
		f->owg = 0;
	}
}

/* Append the head part h (time summary, loads, release, villages, metres
 * inside, first node) to the open trip, arriving by an arc (d, tt). */
CL_HOT_INLINE void fold_head(struct fold *f, const struct cl_tsum *h, int first, int dl, int pk,
		      int peak, int rel, int n, int64_t wg, int64_t hdist, int32_t d,
		      int32_t tt)
{
	if (f->ofirst < 0 && !f->first_trip) {
		f->o = *h;
		f->ofirst = first;
	} else {
		cl_tsum_join(&f->o, &f->o, h, tt);
	}
	f->opeak = cl_imax(f->opeak + dl, peak + f->opk);
	f->odl += dl;
	f->opk += pk;
	f->orel = cl_imax(f->orel, rel);
	f->on += n;
	f->owg += wg;
	f->odist += hdist + d;
}

/* Start with a route prefix (it begins at the start depot). */
CL_HOT_INLINE void fold_start(struct fold *f, const struct cl_prob *p, int t, const struct cl_seg *a)
{
	f->p = p;
	f->t = t;
	f->last = a->last;
	f->dist = a->dist;
	f->bad = a->bad;
	f->peak = 0;
	f->trips = 0;
	f->tripmax = 0;
	f->stops = 0;
	f->wg = 0;
	f->started = 0;
	f->x = (struct cl_tsum){ 0, 0, 0, 0 };
	f->first_trip = 1;
	f->o = (struct cl_tsum){ a->dur, a->tw, a->e, a->l };
	f->ofirst = a->first;
	f->orel = a->rel;
	f->odl = a->dl;
	f->opk = a->pk;
	f->opeak = a->peak;
	f->on = a->hn;
	f->owg = a->wg;
	f->odist = a->nrl ? a->hdist : a->dist;
	if (a->nrl) {
		fold_close(f);
		if (a->nrl >= 2) {
			cl_tsum_join(&f->x, &f->x, &a->c, 0);
			f->peak = cl_imax(f->peak, a->cpeak);
			f->trips += a->ctrips;
			f->tripmax = cl_lmax(f->tripmax, a->cdmax);
			f->stops = cl_imax(f->stops, a->cnmax);
			f->wg = cl_lmax(f->wg, a->cwg);
		}
		fold_open_tail(f, a);
	}
}

/* The arc from the last node to v. */
CL_HOT_INLINE void fold_arc(struct fold *f, int v, int32_t *d, int32_t *tt)
{
	long k = (long)f->last * f->p->n + v;
	*d = f->p->types[f->t].dist[k];
	*tt = f->p->types[f->t].time[k];
	f->bad |= (*d < 0) | (*tt < 0);
	f->dist += *d;
	f->last = v;
}

/* Append segment s. */
CL_HOT_INLINE void fold_seg(struct fold *f, const struct cl_seg *s)
{
	int32_t d, tt;
	struct cl_tsum h = { s->dur, s->tw, s->e, s->l };
	int last = s->last;

	fold_arc(f, s->first, &d, &tt);
	f->bad |= s->bad;
	f->dist += s->dist;
	fold_head(f, &h, s->first, s->dl, s->pk, s->peak, s->rel, s->hn, s->wg,
		  s->nrl ? s->hdist : s->dist, d, tt);
	if (s->nrl) {
		fold_close(f);
		if (s->nrl >= 2) {
			cl_tsum_join(&f->x, &f->x, &s->c, 0);
			f->peak = cl_imax(f->peak, s->cpeak);
			f->trips += s->ctrips;
			f->tripmax = cl_lmax(f->tripmax, s->cdmax);
			f->stops = cl_imax(f->stops, s->cnmax);
			f->wg = cl_lmax(f->wg, s->cwg);
		}
		fold_open_tail(f, s);
	}
	f->last = last;
}

/* Append village v. */
CL_HOT_INLINE void fold_village(struct fold *f, int v)
{
	const struct cl_pnode *nd = &f->p->nodes[v];
	struct cl_tsum h = { nd->service, 0, nd->tw_start, nd->tw_end };
	int32_t d, tt;

	fold_arc(f, v, &d, &tt);
	f->bad |= (int)((nd->deny >> (f->t & 63)) & 1u);
	fold_head(f, &h, v, nd->demand, nd->pickup, cl_imax(nd->demand, nd->pickup),
		  nd->rel, 1, nd->wg, 0, d, tt);
}

/* Append a reload. */
CL_HOT_INLINE void fold_reload(struct fold *f)
{
	const struct cl_ptype *ty = &f->p->types[f->t];
	struct cl_tsum h = { ty->reload, 0, ty->shift_start, ty->shift_end };
	int32_t d, tt;

	fold_arc(f, 0, &d, &tt);
	fold_head(f, &h, 0, 0, 0, 0, 0, 0, 0, 0, d, tt);
	fold_close(f);
	fold_open_tail(f, NULL);
}

/* The day's cost, or INT64_MAX; the last piece held the end depot. */
CL_HOT_INLINE int64_t fold_cost(struct fold *f)
{
	struct cl_day day;

	fold_close(f);
	day.dist = f->dist;
	day.dur = f->x.dur;
	day.tw = f->x.tw;
	day.e = f->x.e;
	day.peak = f->peak;
	day.trips = f->trips;
	day.tripmax = f->tripmax;
	day.stops = f->stops;
	day.wg = f->wg;
	day.bad = f->bad;
	if (!cl_day_feasible(&day, f->p, f->t))
		return INT64_MAX;
	return cl_day_cost(f->p, f->t, &day);
}

int64_t cl_rt_eval3_slow(const struct cl_prob *p, int t, const struct cl_seg *a,
			 int v, const struct cl_seg *b)
{
	struct fold f;

	fold_start(&f, p, t, a);
	if (v >= 0)
		fold_village(&f, v);
	fold_seg(&f, b);
	return fold_cost(&f);
}

int cl_rt_init(struct cl_rt *r, int room, int type, int vehicle)
{
	memset(r, 0, sizeof *r);
	r->type = type;
	r->vehicle = vehicle;
	r->room = room + 2;
	r->nodes = calloc((size_t)r->room, sizeof *r->nodes);
	r->pre = calloc((size_t)r->room, sizeof *r->pre);
	r->suf = calloc((size_t)r->room, sizeof *r->suf);
	if (!r->nodes || !r->pre || !r->suf) {
		cl_rt_free(r);
		return CL_EINTERNAL;
	}
	return CL_OK;
}

int cl_rt_reserve(struct cl_rt *r, int len)
{
	if (len + 2 <= r->room)
		return CL_OK;
	int room = r->room * 2 > len + 2 ? r->room * 2 : len + 2;
	int *nodes = realloc(r->nodes, sizeof *nodes * (size_t)room);
	if (nodes)
		r->nodes = nodes;
	struct cl_seg *pre = realloc(r->pre, sizeof *pre * (size_t)room);
	if (pre)
		r->pre = pre;
	struct cl_seg *suf = realloc(r->suf, sizeof *suf * (size_t)room);
	if (suf)
		r->suf = suf;
	if (!nodes || !pre || !suf) {
		r->oom = 1;
		return CL_EINTERNAL;
	}
	r->room = room;
	return CL_OK;
}

void cl_rt_free(struct cl_rt *r)
{
	free(r->nodes);
	free(r->pre);
	free(r->suf);
	r->nodes = NULL;
	r->pre = r->suf = NULL;
}

void cl_rt_copy(struct cl_rt *dst, const struct cl_rt *src)
{
	size_t k = (size_t)src->len + 2;

	if (cl_rt_reserve(dst, src->len) != CL_OK)
		return;
	dst->type = src->type;
	dst->vehicle = src->vehicle;
	dst->len = src->len;
	dst->cost = src->cost;
	dst->dl = src->dl;
	dst->pk = src->pk;
	dst->reloads = src->reloads;
	dst->polished = src->polished;
	dst->ls_done = src->ls_done;
	dst->later = src->later;
	dst->lz_lo = src->lz_lo;
	dst->suf_stale = src->suf_stale;
	memcpy(dst->nodes, src->nodes, sizeof *dst->nodes * k);
	if (src->later)   /* pre[] holds lz_lo summaries; suf_stale */
		k = (size_t)src->lz_lo;
	if (src->reloads) {
		memcpy(dst->pre, src->pre, sizeof *dst->pre * k);
		memcpy(dst->suf, src->suf, sizeof *dst->suf * k);
		return;
	}
	/* No reload on the route: no summary of it has trips, and nothing
	 * reads the trip fields of a summary without (seg.h: CL_SEG_HEAD);
	 * copying the heads only is less than half the bytes. */
	for (size_t i = 0; i < k; i++)
		memcpy(&dst->pre[i], &src->pre[i], CL_SEG_HEAD);
	for (size_t i = 0; i < k && !src->suf_stale; i++)   /* nothing to copy */
		memcpy(&dst->suf[i], &src->suf[i], CL_SEG_HEAD);
}

/* Drop reloads next to the depot or to another reload (empty trips). */
static void drop_empty_trips(struct cl_rt *r)
{
	int k = 0;

	for (int i = 1; i <= r->len; i++) {
		int v = r->nodes[i];
		if (v == 0 && r->nodes[k] == 0)
			continue;
		r->nodes[++k] = v;
	}
	while (k > 0 && r->nodes[k] == 0)
		k--;
	r->len = k;
}

/* s = the one-node segment of r's node at position i: a reload when it
 * is the depot between the two ends. */
CL_HOT_INLINE void pos_seg(struct cl_seg *s, const struct cl_rt *r,
			   const struct cl_prob *p, int i)
{
	if (r->nodes[i] == 0 && i > 0 && i <= r->len)
		cl_seg_reload(s, p, r->type);
	else
		cl_seg_node(s, p, r->type, r->nodes[i]);
}

/* Suffixes suf[hi..0] (those after hi up to date). */
static void update_suf(struct cl_rt *r, const struct cl_prob *p, int hi)
{
	struct cl_seg s;

	for (int i = hi; i >= 0; i--) {
		pos_seg(&s, r, p, i);
		cl_seg_join(&r->suf[i], &s, &r->suf[i + 1], p, r->type);
	}
}

/* Prefixes pre[lo..len + 1], the cost and the day's figures. */
static void update_pre(struct cl_rt *r, const struct cl_prob *p, int lo)
{
	int t = r->type;
	int last = r->len + 1;
	struct cl_seg s;

	r->nodes[last] = 0;
	for (int i = lo; i <= last; i++) {
		pos_seg(&s, r, p, i);
		cl_seg_join(&r->pre[i], &r->pre[i - 1], &s, p, t);
	}
	r->cost = r->len > 0 ? cl_rt_cost_of(p, t, &r->pre[last]) : 0;
	r->dl = r->pre[last].dl;
	r->pk = r->pre[last].pk;
	r->reloads = r->pre[last].nrl > 0;
}

/*
 * Recompute pre[lo..len+1] and suf[hi..0] from nodes[], then the cost and
 * the day's figures. pre[0..lo-1] and suf[hi+1..len+1] must already hold
 * the summaries of their nodes as they are now (1 <= lo, hi <= len): the
 * nodes before position lo did not change, nor did those after hi (their
 * suffixes moved along with them). cl_rt_update is the case lo = 1,
 * hi = len; a change of few positions costs the joins of one pass
 * instead of two. A route whose suffixes are out of date (suf_stale)
 * gets them all.
 */
static void update_part(struct cl_rt *r, const struct cl_prob *p, int lo, int hi)
{
	r->polished = 0;
	r->ls_done = 0;
	/* pending prefixes (later) are brought up to date with the rest */
	if (r->later && r->lz_lo < lo)
		lo = r->lz_lo;
	r->later = 0;
	update_pre(r, p, lo);
	/* out-of-date suffixes (route.h: suf_stale) are all recomputed */
	if (r->suf_stale) {
		cl_rt_fresh_suf(r, p);
		return;
	}
	update_suf(r, p, hi);
}

void cl_rt_update(struct cl_rt *r, const struct cl_prob *p)
{
	r->nodes[0] = 0;
	if (p->multi)
		drop_empty_trips(r);
	cl_seg_node(&r->pre[0], p, r->type, 0);
	cl_seg_node(&r->suf[r->len + 1], p, r->type, 0);
	update_part(r, p, 1, r->len);
}

/* Move the suffixes of nodes[from..len+1] by `by` positions, as the nodes
 * themselves move (len is the length before the move). */
static void move_suf(struct cl_rt *r, int from, int by)
{
	memmove(r->suf + from + by, r->suf + from,
		sizeof *r->suf * (size_t)(r->len + 2 - from));
}

void cl_rt_update_cut(struct cl_rt *r, const struct cl_prob *p, int from, int to,
		      int oldlen)
{
	int cut = oldlen - r->len;

	if (r->reloads) {
		cl_rt_update(r, p);
		return;
	}
	/* the nodes after `to` (the end depot included) moved back by cut */
	memmove(r->suf + to + 1 - cut, r->suf + to + 1,
		sizeof *r->suf * (size_t)(oldlen + 1 - to));
	update_part(r, p, from, to - cut);
}

/* Pending changes (route.h: later): the prefixes from position a on are
 * out of date. */
static void later(struct cl_rt *r, int a)
{
	if (!r->later || a < r->lz_lo)
		r->lz_lo = a;
	r->later = 1;
	r->suf_stale = 1;   /* the suffixes too (copies skip them) */
	r->polished = 0;
	r->ls_done = 0;
}

void cl_rt_cut_later(struct cl_rt *r, int from)
{
	later(r, from);
}

int64_t cl_rt_cut_saving(const struct cl_rt *r, const struct cl_prob *p, int from, int to)
{
	const struct cl_ptype *ty = &p->types[r->type];
	const int32_t *dist = ty->dist;
	long n = p->n;
	int64_t d = -(int64_t)dist[r->nodes[from - 1] * n + r->nodes[to + 1]];

	for (int i = from - 1; i <= to; i++)
		d += dist[r->nodes[i] * n + r->nodes[i + 1]];
	return ty->unit * d;
}

void cl_rt_insert_later(struct cl_rt *r, const struct cl_prob *p, int v, int pos)
{
	const struct cl_ptype *ty = &p->types[r->type];
	long n = p->n, a = r->nodes[pos], b = r->nodes[pos + 1];

	if (cl_rt_reserve(r, r->len + 1) != CL_OK)
		return;
	r->cost += ty->unit * ((int64_t)ty->dist[a * n + v] + ty->dist[v * n + b] -
			       ty->dist[a * n + b]);
	memmove(r->nodes + pos + 2, r->nodes + pos + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - pos));
	r->nodes[pos + 1] = v;
	r->len++;
	r->dl += p->nodes[v].demand;
	r->pk += p->nodes[v].pickup;
	later(r, pos + 1);
}

void cl_rt_settle(struct cl_rt *r, const struct cl_prob *p)
{
	if (!r->later)
		return;
	update_pre(r, p, r->lz_lo);
	r->later = 0;
	r->suf_stale = 1;
}

void cl_rt_fresh_suf(struct cl_rt *r, const struct cl_prob *p)
{
	if (!r->suf_stale)
		return;
	cl_seg_node(&r->suf[r->len + 1], p, r->type, 0);
	update_suf(r, p, r->len);
	r->suf_stale = 0;
}

/* cl_rt_insert_delta with reloads or release dates (a tail call: the
 * common path keeps no registers for it). */
static CL_COLD int64_t insert_delta_slow(const struct cl_rt *r, const struct cl_prob *p,
					 int v, int pos)
{
	int64_t c = cl_rt_eval3_slow(p, r->type, &r->pre[pos], v, &r->suf[pos + 1]);
	return c == INT64_MAX ? c : c - r->cost;
}

int64_t cl_rt_insert_delta(const struct cl_rt *r, const struct cl_prob *p,
			   int v, int pos)
{
	int t = r->type;
	int a = r->nodes[pos], b = r->nodes[pos + 1];
	const int32_t *dist = p->types[t].dist;
	int32_t dav = dist[(long)a * p->n + v], dvb = dist[(long)v * p->n + b];
	const struct cl_seg *all = &r->pre[r->len + 1];

	if (dav < 0 || dvb < 0)
		return INT64_MAX;
	/* Cheap rejections on one trip: everything delivered is on board at
	 * the start, everything collected is on board at the end. */
	if (all->nrl == 0 &&
	    (all->dl + p->nodes[v].demand > p->types[t].cap ||
	     all->pk + p->nodes[v].pickup > p->types[t].cap))
		return INT64_MAX;
	if (__builtin_expect(cl_rt_eval3_is_slow(p, &r->pre[pos], v, &r->suf[pos + 1]), 0))
		return insert_delta_slow(r, p, v, pos);
	int64_t c = cl_rt_eval3_fast(p, t, &r->pre[pos], v, &r->suf[pos + 1]);
	return c == INT64_MAX ? c : c - r->cost;
}

int64_t cl_rt_insert_trip_delta(const struct cl_rt *r, const struct cl_prob *p,
				int v, int pos, enum cl_trip_side side)
{
	int t = r->type;
	struct fold f;
	int64_t c;
	/* the neighbour the reload goes next to must be a village */
	int nb = side == CL_TRIP_AFTER ? r->nodes[pos + 1] : r->nodes[pos];

	if (nb == 0 || (side == CL_TRIP_AFTER ? pos + 1 > r->len : pos < 1))
		return INT64_MAX;
	if (cl_rt_trips(r) >= p->types[t].max_trips)
		return INT64_MAX;
	fold_start(&f, p, t, &r->pre[pos]);
	if (side == CL_TRIP_AFTER) {
		fold_village(&f, v);
		fold_reload(&f);
	} else {
		fold_reload(&f);
		fold_village(&f, v);
	}
	if (f.bad)
		return INT64_MAX;
	fold_seg(&f, &r->suf[pos + 1]);
	c = fold_cost(&f);
	return c == INT64_MAX ? c : c - r->cost;
}

void cl_rt_insert(struct cl_rt *r, const struct cl_prob *p, int v, int pos)
{
	if (cl_rt_reserve(r, r->len + 1) != CL_OK)
		return;
	memmove(r->nodes + pos + 2, r->nodes + pos + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - pos));
	move_suf(r, pos + 1, 1);
	r->nodes[pos + 1] = v;
	r->len++;
	/* a village makes no trip empty: nothing for drop_empty_trips */
	update_part(r, p, pos + 1, pos + 1);
}

void cl_rt_insert_trip(struct cl_rt *r, const struct cl_prob *p, int v,
		       int pos, enum cl_trip_side side)
{
	if (cl_rt_reserve(r, r->len + 2) != CL_OK)
		return;
	memmove(r->nodes + pos + 3, r->nodes + pos + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - pos));
	move_suf(r, pos + 1, 2);
	r->nodes[pos + 1] = side == CL_TRIP_AFTER ? v : 0;
	r->nodes[pos + 2] = side == CL_TRIP_AFTER ? 0 : v;
	r->len += 2;
	/* the reload is next to v; a trip is left empty only if the
	 * reload went next to the depot or another reload (never on a
	 * place cl_rt_insert_trip_delta prices) */
	int q = side == CL_TRIP_AFTER ? pos + 2 : pos + 1;
	if (r->nodes[q - 1] == 0 || r->nodes[q + 1] == 0)
		cl_rt_update(r, p);
	else
		update_part(r, p, pos + 1, pos + 2);
}

int cl_rt_schedule(const struct cl_rt *r, const struct cl_prob *p, int *depart,
		   int max)
{
	const struct cl_ptype *ty = &p->types[r->type];
	struct cl_day d;
	int t, prev = 0, k = 0;

	cl_seg_day(&d, &r->pre[r->len + 1], p, r->type);
	t = d.e + p->nodes[0].service;
	if (k < max)
		depart[k] = t;
	k++;
	for (int i = 1; i <= r->len + 1; i++) {
		int v = i <= r->len ? r->nodes[i] : 0;
		t += ty->time[(long)prev * p->n + v];
		if (v == 0 && i <= r->len) {
			int rel = 0;
			if (t < ty->shift_start)
				t = ty->shift_start;
			t += ty->reload;
			for (int j = i + 1; j <= r->len && r->nodes[j] != 0; j++)
				if (p->nodes[r->nodes[j]].rel > rel)
					rel = p->nodes[r->nodes[j]].rel;
			if (t < rel)
				t = rel;
			if (k < max)
				depart[k] = t;
			k++;
		} else if (v != 0) {
			if (t < p->nodes[v].tw_start)
				t = p->nodes[v].tw_start;
			t += p->nodes[v].service;
		}
		prev = v;
	}
	return k;
}

void cl_rt_remove_range(struct cl_rt *r, int from, int to)
{
	int k = from;

	/* reloads in the range stay */
	for (int i = from; i <= to; i++)
		if (r->nodes[i] == 0)
			r->nodes[k++] = 0;
	memmove(r->nodes + k, r->nodes + to + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - to));
	r->len -= to + 1 - k;
}

int64_t cl_rt_edit_cost(const struct cl_rt *r, const struct cl_prob *p, int v,
			int pos, const int *out, int k)
{
	int t = r->type;
	/* nodes a..b change: the first taken off or the one after v, to
	 * the last taken off or the one before v */
	int a = k > 0 && out[0] < pos + 1 ? out[0] : pos + 1;
	int b = k > 0 && out[k - 1] > pos ? out[k - 1] : pos;
	struct cl_seg s = r->pre[a - 1], x;
	int q = 0;

	if (pos == a - 1) {
		cl_seg_node(&x, p, t, v);
		cl_seg_join(&s, &s, &x, p, t);
	}
	for (int i = a; i <= b; i++) {
		if (q < k && out[q] == i) {
			q++;
		} else {
			pos_seg(&x, r, p, i);
			cl_seg_join(&s, &s, &x, p, t);
		}
		if (i == pos) {
			cl_seg_node(&x, p, t, v);
			cl_seg_join(&s, &s, &x, p, t);
		}
	}
	cl_seg_join(&s, &s, &r->suf[b + 1], p, t);
	return cl_rt_eval(p, t, &s);
}
