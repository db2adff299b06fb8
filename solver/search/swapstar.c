/*
 * swapstar.c -- SWAP* between two routes (swapstar.h).
 */
#include <stdint.h>

#include "search/swapstar.h"

#define CANDS 4   /* the three cheapest places and the removed village's */

/* Put place at (pos, add) = (at, c) into the list sorted by add, whose
 * slot q is free: the entries before q that cost more move up one. */
static void sorted_put(int *pos, int64_t *add, int q, int at, int64_t c)
{
	while (q > 0 && add[q - 1] > c) {
		add[q] = add[q - 1];
		pos[q] = pos[q - 1];
		q--;
	}
	add[q] = c;
	pos[q] = at;
}

/* Candidate places for x in r once nodes[rem] is gone: after node pos[]
 * (the three cheapest arcs away from rem, and rem's own place), with the
 * distance each adds in add[]. Returns how many. */
static int places(const struct cl_rt *r, const struct cl_prob *p, int x,
		  int rem, int *pos, int64_t *add)
{
	const int32_t *d = p->types[r->type].dist;
	long n = p->n;
	int k = 0;

	for (int i = 0; i <= r->len; i++) {
		if (i == rem || i + 1 == rem)
			continue;
		int a = r->nodes[i], b = r->nodes[i + 1];
		int32_t dax = d[(long)a * n + x], dxb = d[(long)x * n + b];
		if (dax < 0 || dxb < 0)
			continue;
		int64_t c = (int64_t)dax + dxb - d[(long)a * n + b];
		if (k == CANDS - 1 && c >= add[k - 1])
			continue;
		sorted_put(pos, add, k < CANDS - 1 ? k++ : k - 1, i, c);
	}
	/* rem's place: between its neighbours */
	int a = r->nodes[rem - 1], b = r->nodes[rem + 1];
	int32_t dax = d[(long)a * n + x], dxb = d[(long)x * n + b];
	if (dax >= 0 && dxb >= 0) {
		int64_t c = (int64_t)dax + dxb - d[(long)a * n + b];
		sorted_put(pos, add, k++, rem - 1, c);
	}
	return k;
}

/* Exact cost of r with nodes[rem] removed and x inserted after node ins,
 * or INT64_MAX if infeasible. O(len). */
static int64_t walk(const struct cl_rt *r, const struct cl_prob *p, int rem,
		    int x, int ins)
{
	int t = r->type;
	struct cl_seg s, nd;

	cl_seg_node(&s, p, t, 0);
	for (int i = 0; i <= r->len + 1; i++) {
		if (i > 0 && i != rem) {
			cl_seg_node(&nd, p, t, r->nodes[i]);
			cl_seg_join(&s, &s, &nd, p, t);
		}
		if (i == ins) {
			cl_seg_node(&nd, p, t, x);
			cl_seg_join(&s, &s, &nd, p, t);
		}
	}
	return cl_rt_eval(p, t, &s);
}

/* The cheapest exact cost of r with nodes[rem] removed and x inserted
 * after one of the npos nodes pos[] (the first of equal costs), its place
 * in *ins; INT64_MAX, *ins untouched, when every place is infeasible. */
static int64_t best_place(const struct cl_rt *r, const struct cl_prob *p, int rem,
			  int x, const int *pos, int npos, int *ins)
{
	int64_t best = INT64_MAX;

	for (int i = 0; i < npos; i++) {
		int64_t c = walk(r, p, rem, x, pos[i]);
		if (c < best) {
			best = c;
			*ins = pos[i];
		}
	}
	return best;
}

int64_t cl_swapstar_delta(const struct cl_state *s, const struct cl_prob *p,
			  int u, int v, struct cl_swapstar *m)
{
	int ru = s->route_of[u], rv = s->route_of[v];
	const struct cl_rt *a = &s->rt[ru], *b = &s->rt[rv];
	int pu = cl_rt_position(a, u), pv = cl_rt_position(b, v);
	int posa[CANDS], posb[CANDS], na, nb;
	int64_t adda[CANDS], addb[CANDS];
	const int32_t *da = p->types[a->type].dist, *db = p->types[b->type].dist;
	long n = p->n;

	m->delta = INT64_MAX;
	if (ru == rv || pu < 0 || pv < 0 || a->pre[a->len + 1].nrl || b->pre[b->len + 1].nrl)
		return INT64_MAX;
	na = places(a, p, v, pu, posa, adda);
	nb = places(b, p, u, pv, posb, addb);
	if (na == 0 || nb == 0)
		return INT64_MAX;
	/* distance filter: both removals and the cheapest insertions */
	int ap = a->nodes[pu - 1], an = a->nodes[pu + 1];
	int bp = b->nodes[pv - 1], bn = b->nodes[pv + 1];
	int64_t rema = (int64_t)da[(long)ap * n + an] - da[(long)ap * n + u] - da[(long)u * n + an];
	int64_t remb = (int64_t)db[(long)bp * n + bn] - db[(long)bp * n + v] - db[(long)v * n + bn];
	int64_t est = p->types[a->type].unit * (rema + adda[0]) +
		      p->types[b->type].unit * (remb + addb[0]);
	if (est >= 0)
		return INT64_MAX;
	int64_t besta = best_place(a, p, pu, v, posa, na, &m->ia);
	if (besta == INT64_MAX)
		return INT64_MAX;
	int64_t bestb = best_place(b, p, pv, u, posb, nb, &m->ib);
	if (bestb == INT64_MAX)
		return INT64_MAX;
	m->u = u;
	m->v = v;
	m->delta = besta + bestb - a->cost - b->cost;
	return m->delta;
}

/* r's nodes without nodes[rem], with x after node ins (len unchanged). */
static void rebuild(struct cl_rt *r, const struct cl_prob *p, int rem, int x,
		    int ins)
{
	int *a = r->nodes;
	for (int i = rem; i <= r->len; i++)
		a[i] = a[i + 1];
	if (ins > rem)
		ins--;
	/* now a[0..len] holds the route without rem (a[len] the depot) */
	for (int i = r->len; i > ins + 1; i--)
		a[i] = a[i - 1];
	a[ins + 1] = x;
	a[r->len + 1] = 0;
	cl_rt_update(r, p);
}

void cl_swapstar_apply(struct cl_state *s, const struct cl_prob *p,
		       struct cl_lns_work *w, const struct cl_swapstar *m)
{
	int ru = s->route_of[m->u], rv = s->route_of[m->v];
	struct cl_rt *a = &s->rt[ru], *b = &s->rt[rv];
	int pu = cl_rt_position(a, m->u), pv = cl_rt_position(b, m->v);

	rebuild(a, p, pu, m->v, m->ia);
	rebuild(b, p, pv, m->u, m->ib);
	s->route_of[m->u] = rv;
	s->route_of[m->v] = ru;
	cl_lns_touch(w, ru);
	cl_lns_touch(w, rv);
}
