/*
 * paths.c -- Dijkstra over the compressed road graph (paths.h).
 *
 * A source site enters the graph at its snap point on edge e (from node
 * A to node B, length L, at distance p from A): node B is reached after
 * L - p if e may be driven forward, node A after p if backward. A target
 * on edge e' at q is reached from its A' after q (forward) or from its B'
 * after L' - q (backward), or directly along the edge when source and
 * target share it (q >= p forward, q <= p backward). Labels are (time,
 * distance), compared by time then distance. Once every target has a
 * label, the search settles the nodes whose time is not above the largest
 * of them and stops: no later node can improve any. (Nodes at exactly that
 * time are still settled, so that a tie in time is decided by distance
 * whatever the order of the queue.)
 *
 * SPEED. A matrix is one search per source over nearly the whole network,
 * so the cost per node settled is what counts, and most of it was waiting
 * for memory (docs/benchmarks.md, "Road-network matrices"). Hence: each
 * profile keeps its own adjacency with the arc times and lengths inline
 * (struct parc, 24 bytes, avoided arcs left out); a node's label (struct
 * plabel) also holds where its arcs are, so that a node queued for a
 * later tick gets its arcs prefetched, and when its tick comes up, the
 * labels of its neighbours; the queue (two levels, see below) costs a few
 * instructions per node instead of a heap's log n. Numbering the nodes
 * along a Hilbert curve was tried and made no measurable difference once
 * the prefetches were in. The arithmetic on times and distances is that
 * of a plain Dijkstra, in the same order, so the results are identical to
 * the bit (tests/unit/test_paths.c compares them with one).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/matrix.h"
#include "dist/paths.h"

#if defined(__GNUC__)
#define PREFETCH(a) __builtin_prefetch(a)
#else
#define PREFETCH(a) ((void)(a))
#endif

/* An arc of the profile's own adjacency (avoided arcs left out). */
struct parc {
	double s;                /* time, s (the edge's length / speed) */
	double m;                /* length (the edge's), m */
	int to;                  /* node reached */
	int arc;                 /* the arc in rn->arcs */
};

/*
 * A site attached at a node: reached from there after t_s, and m - sub
 * metres more (kept apart so as to add them in the order of a plain
 * search: d + len - pos); only the sides its edge may be driven from.
 */
struct patt {
	double t_s, m, sub;
	int site;
	int how;                 /* 1 via the edge's from node, 2 via its to node */
};

struct cl_paths {
	const struct cl_roadnet *rn;
	const struct cl_site *sites;
	const struct cl_snap *snaps;
	int nsites;
	double snap_ms;          /* snap leg speed, m/s */
	double *way_ms;          /* speed per way, m/s; 0 = avoided */
	int *first;              /* nnodes + 1: node n's arcs are
				    arcs[first[n] .. first[n+1]) */
	struct parc *arcs;
	int *att_first;          /* nnodes + 1: the same for att */
	struct patt *att;
	unsigned char *has_att;  /* bit per node: any att */
	double qticks;           /* queue ticks per second (see the queue) */
};

/* A node's label (24 bytes, mostly within one cache line). */
struct plabel {
	double t, d;             /* INFINITY when not reached */
	int arc0;                /* first[n], copied here (constant) */
	int narc;                /* its number of arcs; -1 - that once settled */
};

/*
 * The priority queue has two levels. Times are cut into ticks of
 * 1/qticks s (a power of two, so that t * qticks is exact), and the items
 * of the ticks ahead wait in a ring of QBUCKETS buckets (Dial 1969), one
 * list per tick: qticks is chosen so that the slowest arc spans fewer
 * than half the ring, so every item pushed lies in the ring. The items of
 * the current tick are in a binary heap on the exact time, so nodes are
 * settled in the exact order of their times. A node may have several
 * items; the ones above its label are stale and skipped.
 */
#define QBUCKETS 1024        /* a power of two */

struct qitem {
	double t;
	int node;
	int next;                /* the next item of the bucket, -1 at the end */
};

struct hitem {
	double t;
	int node;
};

struct cl_pathws {
	struct plabel *lab;      /* per node */
	int *pred;               /* per node, kept only when want_pred: the arc
				    reaching it (rn->arcs); -2 from the source
				    forward, -3 backward */
	int want_pred;
	int *touched, ntouched;  /* nodes whose label is to be reset */
	int head[QBUCKETS];      /* first item of each bucket, -1 empty */
	struct qitem *pool;      /* the items of the buckets */
	int npool;               /* pool entries used in this search */
	long nq;                 /* items in the buckets */
	uint64_t cur;            /* the current tick */
	struct hitem *heap;      /* the current tick's items */
	int nheap;
	double *bt, *bd;         /* best per site */
	int *how;                /* -1 none, 0 direct, 1 via from, 2 via to */
	unsigned char *target;
};

/* Free a profile; accepts NULL. */
void cl_paths_destroy(struct cl_paths *p)
{
	if (!p)
		return;
	free(p->way_ms);
	free(p->first);
	free(p->arcs);
	free(p->att_first);
	free(p->att);
	free(p->has_att);
	free(p);
}

/* A profile holds, per node, the arcs it may drive (in the order of
 * rn->arcs) with their times, and the sites attached to it. */
struct cl_paths *cl_paths_create(const struct cl_roadnet *rn, double kmh,
				 unsigned avoid, const struct cl_site *sites,
				 const struct cl_snap *snaps, int nsites)
{
	struct cl_paths *p = calloc(1, sizeof *p);
	int *cur = NULL, na = 0;
	double slow = 0;

	if (!p)
		return NULL;
	p->rn = rn;
	p->sites = sites;
	p->snaps = snaps;
	p->nsites = nsites;
	p->snap_ms = fmin(CL_SNAP_KMH, kmh) / 3.6;
	p->way_ms = malloc(sizeof *p->way_ms * ((size_t)rn->nways + 1));
	p->first = malloc(sizeof *p->first * ((size_t)rn->nnodes + 1));
	p->arcs = malloc(sizeof *p->arcs * ((size_t)rn->narcs + 1));
	p->att_first = calloc((size_t)rn->nnodes + 2, sizeof *p->att_first);
	p->att = malloc(sizeof *p->att * ((size_t)nsites * 2 + 1));
	p->has_att = calloc((size_t)rn->nnodes / 8 + 1, 1);
	cur = malloc(sizeof *cur * ((size_t)rn->nnodes + 1));
	if (!p->way_ms || !p->first || !p->arcs || !p->att_first || !p->att ||
	    !p->has_att || !cur)
		goto nomem;
	for (int w = 0; w < rn->nways; w++)
		p->way_ms[w] = avoid & (1u << rn->ways[w].cls) ? 0
			       : fmin(rn->ways[w].kmh, kmh) / 3.6;
	for (int n = 0; n < rn->nnodes; n++) {
		p->first[n] = na;
		for (int a = rn->arc_start[n]; a < rn->arc_start[n + 1]; a++) {
			const struct cl_roadedge *e = &rn->edges[rn->arcs[a].edge];
			double v = p->way_ms[e->way];
			if (v <= 0)
				continue;
			p->arcs[na].s = e->len_m / v;
			p->arcs[na].m = e->len_m;
			p->arcs[na].to = rn->arcs[a].to;
			p->arcs[na].arc = a;
			if (p->arcs[na].s > slow)
				slow = p->arcs[na].s;
			na++;
		}
	}
	p->first[rn->nnodes] = na;
	/* ticks: the slowest arc (plus two ticks of rounding) within half the ring */
	p->qticks = 1024;
	while (p->qticks > 0x1p-1000 && slow * p->qticks + 2 >= QBUCKETS / 2)
		p->qticks /= 2;
	/* attached sites: count per node, prefix sums, fill with a cursor */
	for (int i = 0; i < nsites; i++) {
		const struct cl_roadedge *e;
		int ow;

		if (snaps[i].edge < 0)
			continue;
		e = &rn->edges[snaps[i].edge];
		if (p->way_ms[e->way] <= 0)
			continue;
		ow = rn->ways[e->way].oneway;
		if (ow != -1)
			p->att_first[e->from + 1]++;
		if (ow != 1)
			p->att_first[e->to + 1]++;
	}
	for (int n = 0; n < rn->nnodes; n++) {
		p->att_first[n + 1] += p->att_first[n];
		cur[n] = p->att_first[n];
		if (p->att_first[n + 1] > p->att_first[n])
			p->has_att[n >> 3] |= (unsigned char)(1u << (n & 7));
	}
	for (int i = 0; i < nsites; i++) {
		const struct cl_snap *q = &snaps[i];
		const struct cl_roadedge *e;
		double qv;
		int ow;

		if (q->edge < 0)
			continue;
		e = &rn->edges[q->edge];
		qv = p->way_ms[e->way];
		if (qv <= 0)
			continue;
		ow = rn->ways[e->way].oneway;
		if (ow != -1)
			p->att[cur[e->from]++] = (struct patt){ q->pos_m / qv, q->pos_m, 0, i, 1 };
		if (ow != 1)
			p->att[cur[e->to]++] = (struct patt){ (e->len_m - q->pos_m) / qv,
							      e->len_m, q->pos_m, i, 2 };
	}
	free(cur);
	return p;
nomem:
	free(cur);
	cl_paths_destroy(p);
	return NULL;
}

/* Free a workspace; accepts NULL. */
void cl_pathws_destroy(struct cl_pathws *w)
{
	if (!w)
		return;
	free(w->lab);
	free(w->pred);
	free(w->touched);
	free(w->pool);
	free(w->heap);
	free(w->bt);
	free(w->bd);
	free(w->how);
	free(w->target);
	free(w);
}

/*
 * A workspace for searches on p. NULL when out of memory. A search
 * pushes at most one item per arc and two for the source, so the pool
 * and the heap never fill up.
 */
struct cl_pathws *cl_pathws_create(const struct cl_paths *p)
{
	struct cl_pathws *w = calloc(1, sizeof *w);
	size_t n = (size_t)p->rn->nnodes + 1, s = (size_t)p->nsites + 1;
	size_t items = (size_t)p->rn->narcs + 4;

	if (!w)
		return NULL;
	w->lab = malloc(n * sizeof *w->lab);
	w->pred = malloc(n * sizeof *w->pred);
	w->touched = malloc(n * sizeof *w->touched);
	w->pool = malloc(items * sizeof *w->pool);
	w->heap = malloc(items * sizeof *w->heap);
	w->bt = malloc(s * sizeof *w->bt);
	w->bd = malloc(s * sizeof *w->bd);
	w->how = malloc(s * sizeof *w->how);
	w->target = calloc(s, 1);
	if (!w->lab || !w->pred || !w->touched || !w->pool || !w->heap || !w->bt ||
	    !w->bd || !w->how || !w->target) {
		cl_pathws_destroy(w);
		return NULL;
	}
	for (int i = 0; i < p->rn->nnodes; i++) {
		w->lab[i].t = INFINITY;
		w->lab[i].arc0 = p->first[i];
		w->lab[i].narc = p->first[i + 1] - p->first[i];
	}
	for (int b = 0; b < QBUCKETS; b++)
		w->head[b] = -1;
	return w;
}

/* The tick of time t (times below 0 by rounding are in tick 0). */
static uint64_t qtick(const struct cl_paths *p, double t)
{
	return t > 0 ? (uint64_t)(t * p->qticks) : 0;
}

/* Add an item to the binary heap of the current tick. */
static void hpush(struct cl_pathws *w, double t, int node)
{
	struct hitem *h = w->heap;
	int i = w->nheap++;

	while (i > 0) {
		int parent = (i - 1) / 2;
		if (h[parent].t <= t)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i].t = t;
	h[i].node = node;
}

/* Remove the top of the binary heap (not empty). */
static void hpop(struct cl_pathws *w)
{
	struct hitem *h = w->heap, last = h[--w->nheap];
	int i = 0, n = w->nheap;

	for (;;) {
		int c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1].t < h[c].t)
			c++;
		if (h[c].t >= last.t)
			break;
		h[i] = h[c];
		i = c;
	}
	if (n > 0)
		h[i] = last;
}

/*
 * Queue node (label l) at time t, in the current tick or the ring ahead
 * of it; a node for a later tick gets its arcs prefetched.
 */
static void qpush(const struct cl_paths *p, struct cl_pathws *w, double t, int node,
		  const struct plabel *l)
{
	uint64_t k = qtick(p, t);
	int b, i;

	if (k == w->cur) {
		hpush(w, t, node);
		return;
	}
	if (l->narc > 0) {
		PREFETCH(&p->arcs[l->arc0]);
		PREFETCH(&p->arcs[l->arc0 + l->narc - 1]);
	}
	b = (int)(k & (QBUCKETS - 1));
	i = w->npool++;
	w->pool[i].t = t;
	w->pool[i].node = node;
	w->pool[i].next = w->head[b];
	w->head[b] = i;
	w->nq++;
}

/*
 * When the heap is empty, move on to the next tick with items and put
 * them into the heap, prefetching the labels of their neighbours. 0 when
 * the queue is empty.
 */
static int qnext(const struct cl_paths *p, struct cl_pathws *w)
{
	int b;

	if (w->nheap > 0)
		return 1;
	if (w->nq == 0)
		return 0;
	do {
		w->cur++;
		b = (int)(w->cur & (QBUCKETS - 1));
	} while (w->head[b] < 0);
	for (int i = w->head[b]; i >= 0; i = w->pool[i].next) {
		const struct plabel *l = &w->lab[w->pool[i].node];
		for (int k = l->arc0; k < l->arc0 + l->narc; k++)
			PREFETCH(&w->lab[p->arcs[k].to]);
		hpush(w, w->pool[i].t, w->pool[i].node);
		w->nq--;
	}
	w->head[b] = -1;
	return 1;
}

/* Empty the queue for a new search. */
static void qclear(struct cl_pathws *w)
{
	if (w->nq > 0)
		for (int b = 0; b < QBUCKETS; b++)
			w->head[b] = -1;
	w->nq = 0;
	w->npool = 0;
	w->nheap = 0;
	w->cur = 0;
}

static int better(double t1, double d1, double t2, double d2)
{
	return t1 < t2 || (t1 == t2 && d1 < d2);
}

/*
 * Give node n the label (t, d) reached by arc pred when it is better. A
 * settled node has a time not above the current one, so only a tie can
 * offer it anything, and then it keeps its label.
 */
static inline void relax(const struct cl_paths *p, struct cl_pathws *w, int n, double t,
			 double d, int pred)
{
	struct plabel *l = &w->lab[n];

	if (t < l->t) {
		if (l->t == INFINITY)
			w->touched[w->ntouched++] = n;
		l->t = t;
		l->d = d;
		if (w->want_pred)
			w->pred[n] = pred;
		qpush(p, w, t, n, l);
	} else if (t == l->t && d < l->d && l->narc >= 0) {
		l->d = d;        /* same time, shorter: the queued item stands */
		if (w->want_pred)
			w->pred[n] = pred;
	}
}

/* A label for target j; counts first labels in *found. */
static void offer(struct cl_pathws *w, int j, double t, double d, int how, int *found)
{
	if (!better(t, d, w->bt[j], w->bd[j]))
		return;
	if (w->bt[j] == INFINITY)
		(*found)++;
	w->bt[j] = t;
	w->bd[j] = d;
	w->how[j] = how;
}

/*
 * The search from site src; targets are the sites with w->target[] set
 * (ntargets of them). Leaves bt/bd/how per target and the node labels.
 */
static void search(const struct cl_paths *p, struct cl_pathws *w, int src, int ntargets)
{
	const struct cl_roadnet *rn = p->rn;
	const struct cl_snap *s = &p->snaps[src];
	const struct cl_roadedge *e;
	double v, maxbest = INFINITY;
	int ow, found = 0;

	for (int i = 0; i < w->ntouched; i++) {
		struct plabel *l = &w->lab[w->touched[i]];
		l->t = INFINITY;
		if (l->narc < 0)
			l->narc = -1 - l->narc;
	}
	w->ntouched = 0;
	qclear(w);
	for (int j = 0; j < p->nsites; j++) {
		w->bt[j] = w->bd[j] = INFINITY;
		w->how[j] = -1;
	}
	if (s->edge < 0)
		return;
	e = &rn->edges[s->edge];
	v = p->way_ms[e->way];
	ow = rn->ways[e->way].oneway;
	if (v <= 0)
		return;
	if (ow != -1)
		relax(p, w, e->to, (e->len_m - s->pos_m) / v, e->len_m - s->pos_m, -2);
	if (ow != 1)
		relax(p, w, e->from, s->pos_m / v, s->pos_m, -3);
	/* targets on the source's own edge, straight along it */
	for (int j = 0; j < p->nsites; j++) {
		const struct cl_snap *q = &p->snaps[j];
		if (!w->target[j] || q->edge != s->edge)
			continue;
		if (ow != -1 && q->pos_m >= s->pos_m)
			offer(w, j, (q->pos_m - s->pos_m) / v, q->pos_m - s->pos_m, 0, &found);
		if (ow != 1 && q->pos_m <= s->pos_m)
			offer(w, j, (s->pos_m - q->pos_m) / v, s->pos_m - q->pos_m, 0, &found);
	}
	while (qnext(p, w)) {
		double tu = w->heap[0].t, du;
		int u = w->heap[0].node;
		struct plabel *lu = &w->lab[u];
		const struct parc *a, *end;

		if (found == ntargets) {
			if (maxbest == INFINITY) {
				maxbest = 0;
				for (int j = 0; j < p->nsites; j++)
					if (w->target[j] && w->bt[j] > maxbest)
						maxbest = w->bt[j];
			}
			if (tu > maxbest)
				break;
		}
		hpop(w);
		if (lu->narc < 0 || tu != lu->t)
			continue;        /* stale: u was queued again with a better time */
		du = lu->d;
		a = &p->arcs[lu->arc0];
		end = a + lu->narc;
		lu->narc = -1 - lu->narc;
		if (p->has_att[u >> 3] & (1u << (u & 7))) {
			for (int k = p->att_first[u]; k < p->att_first[u + 1]; k++) {
				const struct patt *at = &p->att[k];
				if (w->target[at->site])
					offer(w, at->site, tu + at->t_s, du + at->m - at->sub,
					      at->how, &found);
			}
		}
		for (; a < end; a++)
			relax(p, w, a->to, tu + a->s, du + a->m, a->arc);
	}
}

void cl_paths_from(const struct cl_paths *p, struct cl_pathws *w, int src,
		   double *time_s, double *dist_m)
{
	int n = 0;

	for (int j = 0; j < p->nsites; j++) {
		w->target[j] = j != src;
		n += j != src;
	}
	search(p, w, src, n);
	for (int j = 0; j < p->nsites; j++) {
		double leg = p->snaps[src].dist_m + p->snaps[j].dist_m;
		if (j == src) {
			time_s[j] = dist_m[j] = 0;
		} else if (w->bt[j] == INFINITY) {
			time_s[j] = dist_m[j] = -1;
		} else {
			time_s[j] = w->bt[j] + leg / p->snap_ms;
			dist_m[j] = w->bd[j] + leg;
		}
	}
}

/* A growing list of positions; drops a position equal to the last one. */
struct line {
	double *xy;
	int n, cap;
	int nomem;
};

static void put(struct line *l, double lon, double lat)
{
	if (l->nomem)
		return;
	if (l->n > 0 && l->xy[2 * l->n - 2] == lon && l->xy[2 * l->n - 1] == lat)
		return;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		double *q = realloc(l->xy, sizeof *q * 2 * (size_t)cap);
		if (!q) {
			l->nomem = 1;
			return;
		}
		l->xy = q;
		l->cap = cap;
	}
	l->xy[2 * l->n] = lon;
	l->xy[2 * l->n + 1] = lat;
	l->n++;
}

static void put_vert(struct line *l, const struct cl_roadnet *rn, int idx)
{
	put(l, rn->lon[rn->vert[idx]], rn->lat[rn->vert[idx]]);
}

/* Vertices i, i+1, ..., j of edge e; none when j < i. */
static void put_up(struct line *l, const struct cl_roadnet *rn, int e, int i, int j)
{
	for (int k = i; k <= j; k++)
		put_vert(l, rn, rn->edges[e].v0 + k);
}

/* Vertices i, i-1, ..., j of edge e; none when j > i. */
static void put_down(struct line *l, const struct cl_roadnet *rn, int e, int i, int j)
{
	for (int k = i; k >= j; k--)
		put_vert(l, rn, rn->edges[e].v0 + k);
}

/* The path's edges from the source to node u, appended in driving order.
 * CL_OK or CL_EINTERNAL (out of memory; the caller reports it). */
static int put_nodes(struct line *l, const struct cl_paths *p, const struct cl_pathws *w,
		     const struct cl_snap *s, int u)
{
	const struct cl_roadnet *rn = p->rn;
	int n = 0, *stack, *q, cap = 64;

	stack = malloc(sizeof *stack * (size_t)cap);
	if (!stack)
		return CL_EINTERNAL;
	while (w->pred[u] >= 0) {
		int a = w->pred[u];
		const struct cl_roadedge *e = &rn->edges[rn->arcs[a].edge];
		if (n == cap) {
			cap *= 2;
			q = realloc(stack, sizeof *q * (size_t)cap);
			if (!q) {
				free(stack);
				return CL_EINTERNAL;
			}
			stack = q;
		}
		stack[n++] = a;
		u = rn->arcs[a].fwd ? e->from : e->to;
	}
	/* from the source's snap point to the first node */
	if (w->pred[u] == -2)
		put_up(l, rn, s->edge, s->k + 1, rn->edges[s->edge].nv - 1);
	else
		put_down(l, rn, s->edge, s->k, 0);
	while (n > 0) {
		int a = stack[--n], e = rn->arcs[a].edge, nv = rn->edges[e].nv;
		if (rn->arcs[a].fwd)
			put_up(l, rn, e, 0, nv - 1);
		else
			put_down(l, rn, e, nv - 1, 0);
	}
	free(stack);
	return CL_OK;
}

int cl_paths_shape(const struct cl_paths *p, struct cl_pathws *w, int a, int b,
		   double **lonlat, int *npts, struct cl_error *err)
{
	const struct cl_roadnet *rn = p->rn;
	const struct cl_snap *sa = &p->snaps[a], *sb = &p->snaps[b];
	struct line l = { NULL, 0, 0, 0 };

	*lonlat = NULL;
	*npts = 0;
	memset(w->target, 0, (size_t)p->nsites);
	if (a != b) {
		w->target[b] = 1;
		w->want_pred = 1;
		search(p, w, a, 1);
		w->want_pred = 0;
		if (w->bt[b] == INFINITY)
			return cl_fail(err, CL_EROUTING, "no road from site \"%s\" to \"%s\"",
				       p->sites[a].id, p->sites[b].id);
	}
	put(&l, p->sites[a].lon, p->sites[a].lat);
	if (a != b) {
		put(&l, sa->lon, sa->lat);
		switch (w->how[b]) {
		case 0:
			if (sb->pos_m >= sa->pos_m)
				put_up(&l, rn, sa->edge, sa->k + 1, sb->k);
			else
				put_down(&l, rn, sa->edge, sa->k, sb->k + 1);
			break;
		case 1:
			if (put_nodes(&l, p, w, sa, rn->edges[sb->edge].from))
				l.nomem = 1;
			put_up(&l, rn, sb->edge, 0, sb->k);
			break;
		default:
			if (put_nodes(&l, p, w, sa, rn->edges[sb->edge].to))
				l.nomem = 1;
			put_down(&l, rn, sb->edge, rn->edges[sb->edge].nv - 1, sb->k + 1);
			break;
		}
		put(&l, sb->lon, sb->lat);
	}
	put(&l, p->sites[b].lon, p->sites[b].lat);
	if (l.nomem) {
		free(l.xy);
		return cl_oom(err, "for a route shape");
	}
	*lonlat = l.xy;
	*npts = l.n;
	return CL_OK;
}
