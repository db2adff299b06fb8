/*
 * snap.c -- a uniform grid index over road segments (snap.h).
 *
 * Cells are square, sized so that a cell holds about two segments on
 * average (at least 20 m, at most 4096 cells a side); a segment is listed
 * in every cell its bounding box touches. A query starts in the point's
 * cell (which may lie outside the grid) and widens ring by ring; every
 * cell of ring r + 1 is at least r cells away, so the search stops once
 * the best distance found is within that.
 */
#include <math.h>
#include <stdlib.h>

#include "cunlu/matrix.h"
#include "dist/snap.h"

#define MAX_SIDE 4096
#define MIN_CELL_M 20.0

struct cl_snapgrid {
	const struct cl_roadnet *rn;
	double x0, y0, cell;     /* grid origin (metres) and cell size */
	int gw, gh;
	int *start;              /* gw*gh + 1: cell c lists seg[start[c]..start[c+1]) */
	int *seg;                /* segment ids: index into rn->vert of its start */
	int *seg_edge;           /* per entry of rn->vert: its edge */
};

static void project(const struct cl_roadnet *rn, double lon, double lat,
		    double *x, double *y)
{
	*x = (lon - rn->clon) * rn->kx;
	*y = (lat - rn->clat) * rn->ky;
}

static int clampi(double v, int hi)
{
	if (v < 0)
		return 0;
	if (v > hi)
		return hi;
	return (int)v;
}

/* Free a grid; accepts NULL. */
void cl_snapgrid_destroy(struct cl_snapgrid *g)
{
	if (!g)
		return;
	free(g->start);
	free(g->seg);
	free(g->seg_edge);
	free(g);
}

/* The cells of segment s (index into rn->vert) as a box, x0..x1, y0..y1. */
static void seg_box(const struct cl_snapgrid *g, int s, int box[4])
{
	const struct cl_roadnet *rn = g->rn;
	double ax, ay, bx, by;

	project(rn, rn->lon[rn->vert[s]], rn->lat[rn->vert[s]], &ax, &ay);
	project(rn, rn->lon[rn->vert[s + 1]], rn->lat[rn->vert[s + 1]], &bx, &by);
	box[0] = clampi((fmin(ax, bx) - g->x0) / g->cell, g->gw - 1);
	box[1] = clampi((fmax(ax, bx) - g->x0) / g->cell, g->gw - 1);
	box[2] = clampi((fmin(ay, by) - g->y0) / g->cell, g->gh - 1);
	box[3] = clampi((fmax(ay, by) - g->y0) / g->cell, g->gh - 1);
}

struct cl_snapgrid *cl_snapgrid_create(const struct cl_roadnet *rn)
{
	struct cl_snapgrid *g = calloc(1, sizeof *g);
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, w, h;
	long nent = 0, ncell;
	int box[4];

	if (!g)
		return NULL;
	g->rn = rn;
	for (int v = 0; v < rn->nverts; v++) {
		double x, y;
		project(rn, rn->lon[v], rn->lat[v], &x, &y);
		x0 = fmin(x0, x);
		x1 = fmax(x1, x);
		y0 = fmin(y0, y);
		y1 = fmax(y1, y);
	}
	w = x1 - x0;
	h = y1 - y0;
	g->cell = sqrt(fmax(w * h, 1.0) / (rn->nsegs > 0 ? rn->nsegs : 1) * 2.0);
	g->cell = fmax(g->cell, fmax(MIN_CELL_M, fmax(w, h) / MAX_SIDE));
	g->x0 = x0;
	g->y0 = y0;
	g->gw = (int)(w / g->cell) + 1;
	g->gh = (int)(h / g->cell) + 1;
	ncell = (long)g->gw * g->gh;
	g->start = calloc((size_t)ncell + 2, sizeof *g->start);
	g->seg_edge = malloc(sizeof *g->seg_edge * ((size_t)rn->nsegs + (size_t)rn->nedges + 1));
	if (!g->start || !g->seg_edge)
		goto nomem;
	for (int e = 0; e < rn->nedges; e++) {
		const struct cl_roadedge *ed = &rn->edges[e];
		for (int k = 0; k < ed->nv; k++)
			g->seg_edge[ed->v0 + k] = e;
		for (int k = 0; k + 1 < ed->nv; k++) {
			seg_box(g, ed->v0 + k, box);
			for (int cy = box[2]; cy <= box[3]; cy++)
				for (int cx = box[0]; cx <= box[1]; cx++)
					g->start[(long)cy * g->gw + cx + 1]++;
		}
	}
	for (long c = 0; c < ncell; c++)
		g->start[c + 1] += g->start[c];
	nent = g->start[ncell];
	g->seg = malloc(sizeof *g->seg * ((size_t)nent + 1));
	if (!g->seg)
		goto nomem;
	for (int e = 0; e < rn->nedges; e++) {
		const struct cl_roadedge *ed = &rn->edges[e];
		for (int k = 0; k + 1 < ed->nv; k++) {
			seg_box(g, ed->v0 + k, box);
			for (int cy = box[2]; cy <= box[3]; cy++)
				for (int cx = box[0]; cx <= box[1]; cx++)
					g->seg[g->start[(long)cy * g->gw + cx]++] = ed->v0 + k;
		}
	}
	/* the fill advanced each start to the next cell's: shift back */
	for (long c = ncell; c > 0; c--)
		g->start[c] = g->start[c - 1];
	g->start[0] = 0;
	return g;
nomem:
	cl_snapgrid_destroy(g);
	return NULL;
}

/* Try the segments of cell (cx, cy) against the best so far. */
static void try_cell(const struct cl_snapgrid *g, int cx, int cy, double px,
		     double py, unsigned avoid, double *best, int *bseg, double *bt)
{
	const struct cl_roadnet *rn = g->rn;
	long c = (long)cy * g->gw + cx;

	for (int i = g->start[c]; i < g->start[c + 1]; i++) {
		int s = g->seg[i];
		const struct cl_roadedge *ed = &rn->edges[g->seg_edge[s]];
		double ax, ay, bx, by, dx, dy, len2, t, qx, qy, d2;

		if (avoid & (1u << rn->ways[ed->way].cls))
			continue;
		project(rn, rn->lon[rn->vert[s]], rn->lat[rn->vert[s]], &ax, &ay);
		project(rn, rn->lon[rn->vert[s + 1]], rn->lat[rn->vert[s + 1]], &bx, &by);
		dx = bx - ax;
		dy = by - ay;
		len2 = dx * dx + dy * dy;
		t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
		t = t < 0 ? 0 : t > 1 ? 1 : t;
		qx = ax + t * dx - px;
		qy = ay + t * dy - py;
		d2 = qx * qx + qy * qy;
		/* ties: the lower segment id, so the answer does not depend on cell order */
		if (d2 < *best || (d2 == *best && s < *bseg)) {
			*best = d2;
			*bseg = s;
			*bt = t;
		}
	}
}

void cl_snap_point(const struct cl_snapgrid *g, double lon, double lat,
		   unsigned avoid, struct cl_snap *s)
{
	const struct cl_roadnet *rn = g->rn;
	double px, py, best = INFINITY, t = 0;
	long cx, cy, rmax, r0, dy;
	int bseg = -1;

	project(rn, lon, lat, &px, &py);
	cx = (long)floor((px - g->x0) / g->cell);
	cy = (long)floor((py - g->y0) / g->cell);
	/* rings before r0 hold no cell of the grid */
	r0 = cx < 0 ? -cx : cx >= g->gw ? cx - g->gw + 1 : 0;
	dy = cy < 0 ? -cy : cy >= g->gh ? cy - g->gh + 1 : 0;
	r0 = r0 > dy ? r0 : dy;
	rmax = r0 + g->gw + g->gh;
	for (long r = r0; r <= rmax; r++) {
		long ylo = cy - r < 0 ? 0 : cy - r, yhi = cy + r >= g->gh ? g->gh - 1 : cy + r;
		long xlo = cx - r < 0 ? 0 : cx - r, xhi = cx + r >= g->gw ? g->gw - 1 : cx + r;

		for (long y = ylo; y <= yhi; y++) {
			if (y == cy - r || y == cy + r) {
				for (long x = xlo; x <= xhi; x++)
					try_cell(g, (int)x, (int)y, px, py, avoid, &best,
						 &bseg, &t);
				continue;
			}
			if (cx - r >= 0 && cx - r < g->gw)
				try_cell(g, (int)(cx - r), (int)y, px, py, avoid, &best,
					 &bseg, &t);
			if (r > 0 && cx + r >= 0 && cx + r < g->gw)
				try_cell(g, (int)(cx + r), (int)y, px, py, avoid, &best,
					 &bseg, &t);
		}
		if (bseg >= 0 && sqrt(best) <= (double)r * g->cell)
			break;
	}
	s->edge = -1;
	if (bseg < 0)
		return;
	{
		int e = g->seg_edge[bseg], k = bseg - rn->edges[e].v0;
		int a = rn->vert[bseg], b = rn->vert[bseg + 1];
		double l0 = rn->cum_m[bseg], l1 = rn->cum_m[bseg + 1];

		s->edge = e;
		s->k = k;
		s->t = t;
		s->pos_m = l0 + t * (l1 - l0);
		s->lon = rn->lon[a] + t * (rn->lon[b] - rn->lon[a]);
		s->lat = rn->lat[a] + t * (rn->lat[b] - rn->lat[a]);
		s->dist_m = cl_haversine_m(lon, lat, s->lon, s->lat);
	}
}
