/*
 * paths.c -- Dijkstra over the compressed road graph (paths.h).
 *
 * A source site enters the graph at its snap point on edge e (from node
 * A to node B, length L, at distance p from A): node B is reached after
 * L - p if e may be driven forward, node A after p if backward. A target
 * on edge e' at q is reached from its A' after q (forward) or from its B'
 * after L' - q (backward), or directly along the edge when source and
 * target share it (q >= p forward, q <= p backward). Labels are (time,
 * distance), compared by time then distance. The search stops when every
 * target has a label and the heap's smallest time is not below the
 * largest of them: no later node can improve any.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/matrix.h"
#include "paths.h"

struct cl_paths {
	const struct cl_roadnet *rn;
	const struct cl_site *sites;
	const struct cl_snap *snaps;
	int nsites;
	double snap_ms;          /* snap leg speed, m/s */
	double *way_ms;          /* speed per way, m/s; 0 = avoided */
	double *arc_s;           /* time per arc, s; < 0 = avoided */
	double *arc_m;           /* length per arc (its edge's), m */
	int *att_start, *att;    /* node -> site * 2 + side (0 at from, 1 at to) */
};

struct heap_item {
	double key;
	int node;
};

struct cl_pathws {
	double *t, *d;           /* labels per node */
	int *pred;               /* arc reaching the node; -2 from the source
				    forward, -3 backward */
	unsigned char *done;
	int *touched, ntouched;
	struct heap_item *heap;
	long nheap, capheap;
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
	free(p->arc_s);
	free(p->arc_m);
	free(p->att_start);
	free(p->att);
	free(p);
}

/* A profile (see paths.h). */
struct cl_paths *cl_paths_create(const struct cl_roadnet *rn, double kmh,
				 unsigned avoid, const struct cl_site *sites,
				 const struct cl_snap *snaps, int nsites)
{
	struct cl_paths *p = calloc(1, sizeof *p);
	int *cur = NULL;

	if (!p)
		return NULL;
	p->rn = rn;
	p->sites = sites;
	p->snaps = snaps;
	p->nsites = nsites;
	p->snap_ms = fmin(CL_SNAP_KMH, kmh) / 3.6;
	p->way_ms = malloc(sizeof *p->way_ms * ((size_t)rn->nways + 1));
	p->arc_s = malloc(sizeof *p->arc_s * ((size_t)rn->narcs + 1));
	p->arc_m = malloc(sizeof *p->arc_m * ((size_t)rn->narcs + 1));
	p->att_start = calloc((size_t)rn->nnodes + 2, sizeof *p->att_start);
	p->att = malloc(sizeof *p->att * ((size_t)nsites * 2 + 1));
	cur = malloc(sizeof *cur * ((size_t)rn->nnodes + 1));
	if (!p->way_ms || !p->arc_s || !p->arc_m || !p->att_start || !p->att || !cur)
		goto nomem;
	for (int w = 0; w < rn->nways; w++)
		p->way_ms[w] = avoid & (1u << rn->ways[w].cls) ? 0
			       : fmin(rn->ways[w].kmh, kmh) / 3.6;
	for (int a = 0; a < rn->narcs; a++) {
		const struct cl_roadedge *e = &rn->edges[rn->arcs[a].edge];
		double v = p->way_ms[e->way];
		p->arc_s[a] = v > 0 ? e->len_m / v : -1;
		p->arc_m[a] = e->len_m;
	}
	for (int i = 0; i < nsites; i++) {
		if (snaps[i].edge < 0)
			continue;
		p->att_start[rn->edges[snaps[i].edge].from + 1]++;
		p->att_start[rn->edges[snaps[i].edge].to + 1]++;
	}
	for (int n = 0; n < rn->nnodes; n++) {
		p->att_start[n + 1] += p->att_start[n];
		cur[n] = p->att_start[n];
	}
	for (int i = 0; i < nsites; i++) {
		if (snaps[i].edge < 0)
			continue;
		p->att[cur[rn->edges[snaps[i].edge].from]++] = i * 2;
		p->att[cur[rn->edges[snaps[i].edge].to]++] = i * 2 + 1;
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
	free(w->t);
	free(w->d);
	free(w->pred);
	free(w->done);
	free(w->touched);
	free(w->heap);
	free(w->bt);
	free(w->bd);
	free(w->how);
	free(w->target);
	free(w);
}

/* A workspace for searches on p. NULL when out of memory. */
struct cl_pathws *cl_pathws_create(const struct cl_paths *p)
{
	struct cl_pathws *w = calloc(1, sizeof *w);
	size_t n = (size_t)p->rn->nnodes + 1, s = (size_t)p->nsites + 1;

	if (!w)
		return NULL;
	w->t = malloc(n * sizeof *w->t);
	w->d = malloc(n * sizeof *w->d);
	w->pred = malloc(n * sizeof *w->pred);
	w->done = calloc(n, 1);
	w->touched = malloc(n * sizeof *w->touched);
	w->capheap = (long)p->rn->narcs + (long)n + 4;
	w->heap = malloc((size_t)w->capheap * sizeof *w->heap);
	w->bt = malloc(s * sizeof *w->bt);
	w->bd = malloc(s * sizeof *w->bd);
	w->how = malloc(s * sizeof *w->how);
	w->target = calloc(s, 1);
	if (!w->t || !w->d || !w->pred || !w->done || !w->touched || !w->heap ||
	    !w->bt || !w->bd || !w->how || !w->target) {
		cl_pathws_destroy(w);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		w->t[i] = INFINITY;
	return w;
}

static void heap_push(struct cl_pathws *w, double key, int node)
{
	long i = w->nheap++;

	while (i > 0) {
		long parent = (i - 1) / 2;
		if (w->heap[parent].key <= key)
			break;
		w->heap[i] = w->heap[parent];
		i = parent;
	}
	w->heap[i].key = key;
	w->heap[i].node = node;
}

static struct heap_item heap_pop(struct cl_pathws *w)
{
	struct heap_item top = w->heap[0], last = w->heap[--w->nheap];
	long i = 0, n = w->nheap;

	for (;;) {
		long c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && w->heap[c + 1].key < w->heap[c].key)
			c++;
		if (w->heap[c].key >= last.key)
			break;
		w->heap[i] = w->heap[c];
		i = c;
	}
	if (n > 0)
		w->heap[i] = last;
	return top;
}

static int better(double t1, double d1, double t2, double d2)
{
	return t1 < t2 || (t1 == t2 && d1 < d2);
}

/* Give node n the label (t, d) reached by pred when it is better. */
static void relax(struct cl_pathws *w, int n, double t, double d, int pred)
{
	if (w->done[n] || !better(t, d, w->t[n], w->d[n]))
		return;
	if (w->t[n] == INFINITY)
		w->touched[w->ntouched++] = n;
	w->t[n] = t;
	w->d[n] = d;
	w->pred[n] = pred;
	heap_push(w, t, n);
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
		w->t[w->touched[i]] = INFINITY;
		w->done[w->touched[i]] = 0;
	}
	w->ntouched = 0;
	w->nheap = 0;
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
		relax(w, e->to, (e->len_m - s->pos_m) / v, e->len_m - s->pos_m, -2);
	if (ow != 1)
		relax(w, e->from, s->pos_m / v, s->pos_m, -3);
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
	while (w->nheap > 0) {
		struct heap_item it = heap_pop(w);
		int u = it.node;

		if (w->done[u] || it.key > w->t[u])
			continue;
		if (found == ntargets) {
			if (maxbest == INFINITY) {
				maxbest = 0;
				for (int j = 0; j < p->nsites; j++)
					if (w->target[j] && w->bt[j] > maxbest)
						maxbest = w->bt[j];
			}
			if (it.key >= maxbest)
				break;
		}
		w->done[u] = 1;
		for (int k = p->att_start[u]; k < p->att_start[u + 1]; k++) {
			int j = p->att[k] / 2, side = p->att[k] % 2;
			const struct cl_snap *q = &p->snaps[j];
			const struct cl_roadedge *qe = &rn->edges[q->edge];
			double qv = p->way_ms[qe->way];
			int qow = rn->ways[qe->way].oneway;

			if (!w->target[j] || qv <= 0)
				continue;
			if (side == 0 && qow != -1)
				offer(w, j, w->t[u] + q->pos_m / qv, w->d[u] + q->pos_m, 1, &found);
			if (side == 1 && qow != 1)
				offer(w, j, w->t[u] + (qe->len_m - q->pos_m) / qv,
				      w->d[u] + qe->len_m - q->pos_m, 2, &found);
		}
		for (int a = rn->arc_start[u]; a < rn->arc_start[u + 1]; a++) {
			double at = p->arc_s[a];
			if (at < 0)
				continue;
			relax(w, rn->arcs[a].to, w->t[u] + at, w->d[u] + p->arc_m[a], a);
		}
	}
}

/* Rows of the matrix from src (see paths.h). */
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

/* The path's edges from the source to node u, appended in driving order. */
static int put_nodes(struct line *l, const struct cl_paths *p, const struct cl_pathws *w,
		     const struct cl_snap *s, int u)
{
	const struct cl_roadnet *rn = p->rn;
	int n = 0, *stack, *q, cap = 64;

	stack = malloc(sizeof *stack * (size_t)cap);
	if (!stack)
		return -1;
	while (w->pred[u] >= 0) {
		int a = w->pred[u];
		const struct cl_roadedge *e = &rn->edges[rn->arcs[a].edge];
		if (n == cap) {
			cap *= 2;
			q = realloc(stack, sizeof *q * (size_t)cap);
			if (!q) {
				free(stack);
				return -1;
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
	return 0;
}

/* The polyline from a to b (see paths.h). */
int cl_paths_shape(const struct cl_paths *p, struct cl_pathws *w, int a, int b,
		   double **lonlat, int *npts)
{
	const struct cl_roadnet *rn = p->rn;
	const struct cl_snap *sa = &p->snaps[a], *sb = &p->snaps[b];
	struct line l = { NULL, 0, 0, 0 };

	*lonlat = NULL;
	*npts = 0;
	memset(w->target, 0, (size_t)p->nsites);
	if (a != b) {
		w->target[b] = 1;
		search(p, w, a, 1);
		if (w->bt[b] == INFINITY)
			return 1;
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
		return -1;
	}
	*lonlat = l.xy;
	*npts = l.n;
	return 0;
}
