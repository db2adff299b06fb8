/*
 * test_paths.c -- the road router end to end on the hand-made square
 * (tests/fixtures/roads/make.sh) and on the Andorra roads: one-way streets,
 * an ignored footway shortcut, an island, a one-way dead end, a site on a
 * vertex, vehicle profiles, and leg shapes whose length is the matrix
 * distance. Expected distances are computed here from the coordinates.
 * The search of paths.c (queue, early stop, memory layout) is compared
 * with a plain Dijkstra written here, to the bit, on the Andorra roads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tinytest.h"
#include "cunlu/router.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "dist/paths.h"
#include "dist/roadnet.h"
#include "dist/snap.h"

#define SQ "tests/fixtures/roads/square.shp"

static char *dupstr(const char *s)
{
	char *d = malloc(strlen(s) + 1);
	memcpy(d, s, strlen(s) + 1);
	return d;
}

static void set_site(struct cl_site *s, const char *id, double lon, double lat)
{
	memset(s, 0, sizeof *s);
	s->id = dupstr(id);
	s->name = dupstr("");
	s->lon = lon;
	s->lat = lat;
	s->demand = 1;
	s->tw_end_s = 24 * 3600;
	s->record = -1;
}

static struct cl_vtype vtype(const char *name, double kmh, unsigned avoid)
{
	struct cl_vtype t;
	memset(&t, 0, sizeof t);
	t.name = dupstr(name);
	t.count = 2;
	t.capacity = 100;
	t.speed_kmh = kmh;
	t.shift_start_s = 7 * 3600;
	t.shift_end_s = 19 * 3600;
	t.avoid_roads = avoid;
	return t;
}

/* A (depot), B, C, D, E, F as in make.sh; types as given. */
static struct cl_instance *square_instance(struct cl_vtype *t, int nt)
{
	struct cl_site depot, *v = calloc(5, sizeof *v);
	struct cl_vtype *types = calloc((size_t)nt, sizeof *types);
	struct cl_instance *inst = NULL;

	memcpy(types, t, sizeof *t * (size_t)nt);
	set_site(&depot, "A", 0.002, -0.0001);
	set_site(&v[0], "B", 0.008, -0.0001);
	set_site(&v[1], "C", 0.055, 0.0501);
	set_site(&v[2], "D", 0.01, 0.021);
	set_site(&v[3], "E", 0, 0.01);
	set_site(&v[4], "F", -0.01, 0.005);
	if (cl_instance_build("square", &depot, v, 5, types, nt, &inst, NULL) != CL_OK)
		return NULL;
	return inst;
}

static double hv(double a, double b, double c, double d)
{
	return cl_haversine_m(a, b, c, d);
}

/* The line's haversine length. */
static double line_len(const double *xy, int n)
{
	double s = 0;
	for (int i = 0; i + 1 < n; i++)
		s += hv(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]);
	return s;
}

static void test_square_oneway_footway_island(void)
{
	struct cl_vtype t[1] = { vtype("van", 40, 0) };
	struct cl_instance *inst = square_instance(t, 1);
	struct cl_roads_opts o;
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;
	double snapA = hv(0.002, -0.0001, 0.002, 0), snapB = hv(0.008, -0.0001, 0.008, 0);
	double side = hv(0, 0, 0, 0.01), south = hv(0, 0, 0.01, 0);
	double ab, ba, da;

	CHECK(inst != NULL);
	if (!inst)
		return;
	cl_roads_opts_default(&o);
	o.path = SQ;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_roads(&o, inst, &r, &err), CL_OK);
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (!m)
		goto done;
	/* A -> B with the one-way south side: straight along it */
	ab = snapA + hv(0.002, 0, 0.008, 0) + snapB;
	CHECK(fabs(cl_dist(m, 0, 1) - ab) <= 1);
	/* B -> A against it: round the square, not the footway diagonal */
	ba = snapB + hv(0.008, 0, 0.01, 0) + 3 * side + hv(0, 0, 0.002, 0) + snapA;
	CHECK(fabs(cl_dist(m, 1, 0) - ba) <= 2);
	CHECK(cl_dist(m, 1, 0) > 3 * cl_dist(m, 0, 1));
	/* times: snap legs at 10 km/h, residential 25 km/h, east side
	   30 mph capped at the van's 40 km/h */
	CHECK(fabs(cl_time(m, 0, 0, 1) - ((snapA + snapB) / (10 / 3.6) +
					  hv(0.002, 0, 0.008, 0) / (25 / 3.6))) <= 1);
	CHECK(fabs(cl_time(m, 0, 1, 0) - ((snapA + snapB) / (10 / 3.6) +
					  (hv(0.008, 0, 0.01, 0) + 2 * side + 0.002 / 0.01 * south) /
					  (25 / 3.6) + side / (40 / 3.6))) <= 2);
	/* the island */
	CHECK_INT(cl_dist(m, 0, 2), CL_UNREACHABLE);
	CHECK_INT(cl_dist(m, 2, 0), CL_UNREACHABLE);
	CHECK_INT(cl_time(m, 0, 0, 2), CL_UNREACHABLE);
	/* D beyond the end of a one-way (southbound) dead end: leave, not reach */
	CHECK_INT(cl_dist(m, 0, 3), CL_UNREACHABLE);
	da = hv(0.01, 0.021, 0.01, 0.02) + side + side + side + hv(0, 0, 0.002, 0) + snapA;
	CHECK(fabs(cl_dist(m, 3, 0) - da) <= 2);
	/* E exactly on a vertex */
	CHECK(r.snap_m(r.ctx, -1, 4) < 0.01);
	CHECK(fabs(r.snap_m(r.ctx, -1, 5) - hv(-0.01, 0.005, 0, 0.005)) < 1);
	/* every leg shape is as long as its matrix distance */
	for (int a = 0; a < inst->nsites; a++)
		for (int b = 0; b < inst->nsites; b++) {
			double *xy = NULL;
			int n = 0, rc;
			if (a == b)
				continue;
			rc = r.leg_shape(r.ctx, inst, 0, a, b, &xy, &n, &err);
			if (cl_dist(m, a, b) < 0) {
				CHECK_INT(rc, CL_EROUTING);
			} else {
				CHECK_INT(rc, CL_OK);
				CHECK(n >= 2);
				CHECK(fabs(line_len(xy, n) - cl_dist(m, a, b)) <= 1);
				CHECK(xy[0] == inst->sites[a].lon && xy[2 * n - 1] == inst->sites[b].lat);
			}
			free(xy);
		}
	CHECK(strncmp(r.source_key, "roads:", 6) == 0);
done:
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
}

static void test_profiles(void)
{
	struct cl_vtype t[3] = { vtype("van", 40, 0), vtype("van2", 40, 0),
				 vtype("trike", 18, 1u << CL_ROAD_SERVICE) };
	struct cl_instance *inst = square_instance(t, 3);
	struct cl_roads_opts o;
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;

	if (!inst) {
		CHECK(0);
		return;
	}
	cl_roads_opts_default(&o);
	o.path = SQ;
	o.threads = 3;
	o.snap_max_m = 5000;     /* the bound is test_snap_bound's */
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_roads(&o, inst, &r, &err), CL_OK);
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (!m)
		goto done;
	CHECK(m->dist_type[0] == NULL);
	CHECK(m->dist_type[1] == NULL);
	CHECK(m->dist_type[2] != NULL);
	/* the trike keeps off the service spur: D snaps onto the north side */
	CHECK(cl_dist_t(m, 2, 3, 0) > 0);
	CHECK(cl_dist(m, 0, 3) < 0);   /* the van cannot reach D up the spur */
	CHECK(cl_dist_t(m, 2, 0, 3) > 0);
	CHECK(cl_time(m, 2, 0, 1) > cl_time(m, 0, 0, 1));
	CHECK_INT(cl_dist_t(m, 2, 0, 1), cl_dist(m, 0, 1));
done:
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
}

/*
 * The snap bound: with the default 1000 m, D is 1223 m from the nearest
 * road the trike may use (the north side; the spur is service) and so
 * out of its reach, with the distance in the note; F is 1112 m from every
 * road, unreachable for all; B is reachable. Snap legs are per type.
 */
static void test_snap_bound(void)
{
	struct cl_vtype t[2] = { vtype("van", 40, 0), vtype("trike", 18, 1u << CL_ROAD_SERVICE) };
	struct cl_instance *inst = square_instance(t, 2);
	struct cl_roads_opts o;
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;
	char note[512];
	double dD = hv(0.01, 0.021, 0.01, 0.01), dF = hv(-0.01, 0.005, 0, 0.005);

	if (!inst) {
		CHECK(0);
		return;
	}
	cl_roads_opts_default(&o);
	o.path = SQ;
	CHECK(o.snap_max_m == CL_SNAP_MAX_M && CL_SNAP_MAX_M == 1000.0);
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_roads(&o, inst, &r, &err), CL_OK);
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (!m)
		goto done;
	CHECK(cl_dist_t(m, 0, 0, 1) > 0 && cl_dist_t(m, 1, 0, 1) > 0);
	CHECK_INT(cl_dist_t(m, 1, 0, 3), CL_UNREACHABLE);    /* trike: D beyond */
	CHECK_INT(cl_dist_t(m, 1, 3, 0), CL_UNREACHABLE);
	CHECK_INT(cl_dist_t(m, 0, 0, 5), CL_UNREACHABLE);    /* F for everyone */
	CHECK_INT(cl_dist_t(m, 1, 0, 5), CL_UNREACHABLE);
	CHECK(fabs(r.snap_m(r.ctx, 1, 3) - dD) < 1);
	CHECK(fabs(r.snap_m(r.ctx, 0, 3) - hv(0.01, 0.021, 0.01, 0.02)) < 1); /* van: the spur */
	CHECK(fabs(r.snap_m(r.ctx, -1, 5) - dF) < 1);
	CHECK(r.site_note(r.ctx, inst, 1, note, sizeof note) == 0 && note[0] == '\0');
	CHECK(r.site_note(r.ctx, inst, 3, note, sizeof note) == 1);
	CHECK_STR(note, "no road within --snap-max 1000 m: trike 1223 m");
	CHECK(r.site_note(r.ctx, inst, 5, note, sizeof note) == 1);
	CHECK_STR(note, "no road within --snap-max 1000 m: van, trike 1112 m");
	/* the bound is in the cache key: another bound, another matrix */
	CHECK(strstr(r.source_key, "snap_max=1000.000") != NULL);
done:
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
}

/* cl_snap_note: grouping, the depot, types without vehicles, INFINITY. */
static void test_snap_note(void)
{
	struct cl_vtype t[3] = { vtype("van", 40, 0), vtype("truck", 40, 0), vtype("trike", 18, 0) };
	struct cl_instance *inst = square_instance(t, 3);
	double site[3] = { 1500, 1500.2, 800 }, depot[3] = { 10, 10, 10 };
	char buf[256];

	if (!inst) {
		CHECK(0);
		return;
	}
	CHECK(cl_snap_note(inst, site, depot, 1000, buf, sizeof buf) == 1);
	CHECK_STR(buf, "no road within --snap-max 1000 m: van, truck 1500 m");
	depot[2] = 2500;
	site[2] = INFINITY;
	CHECK(cl_snap_note(inst, site, depot, 1000, buf, sizeof buf) == 1);
	CHECK_STR(buf, "no road within --snap-max 1000 m: van, truck 1500 m; "
		  "the depot is 2500 m from the roads trike may use");
	site[0] = site[1] = 20;
	depot[2] = INFINITY;
	CHECK(cl_snap_note(inst, site, depot, 1000, buf, sizeof buf) == 1);
	CHECK_STR(buf, "no road within --snap-max 1000 m: trike may use no road of the network");
	inst->types[2].count = 0;       /* no trikes today: nothing to say */
	CHECK(cl_snap_note(inst, site, depot, 1000, buf, sizeof buf) == 0);
	CHECK_STR(buf, "");
	site[1] = INFINITY;
	CHECK(cl_snap_note(inst, site, NULL, 1000, buf, sizeof buf) == 1);
	CHECK_STR(buf, "no road within --snap-max 1000 m: truck (none it may use)");
	CHECK(cl_snap_note(inst, site, depot, 1000, buf, 20) == 1 && strlen(buf) == 19);
	cl_instance_destroy(inst);
}

/*
 * On Andorra: two sites exactly on vertices of the longest two-way edge;
 * the road distance is the length along the way's own vertices.
 */
static void test_andorra_same_way(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;
	struct cl_vtype t[1] = { vtype("van", 40, 0) };
	struct cl_vtype *types;
	struct cl_site depot, *v;
	struct cl_instance *inst = NULL;
	struct cl_router r;
	struct cl_matrix *m = NULL;
	int best = -1;
	double along = 0;

	cl_roads_opts_default(&o);
	o.path = "maps/andorra/roads.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	if (!rn)
		return;
	for (int e = 0; e < rn->nedges; e++)
		if (rn->ways[rn->edges[e].way].oneway == 0 && rn->edges[e].from != rn->edges[e].to &&
		    (best < 0 || rn->edges[e].nv > rn->edges[best].nv))
			best = e;
	CHECK(best >= 0 && rn->edges[best].nv > 10);
	{
		const struct cl_roadedge *e = &rn->edges[best];
		int k1 = 2, k2 = e->nv - 3;
		for (int k = k1; k < k2; k++) {
			int a = rn->vert[e->v0 + k], b = rn->vert[e->v0 + k + 1];
			along += hv(rn->lon[a], rn->lat[a], rn->lon[b], rn->lat[b]);
		}
		v = calloc(1, sizeof *v);
		types = calloc(1, sizeof *types);
		types[0] = t[0];
		set_site(&depot, "p", rn->lon[rn->vert[e->v0 + k1]], rn->lat[rn->vert[e->v0 + k1]]);
		set_site(&v[0], "q", rn->lon[rn->vert[e->v0 + k2]], rn->lat[rn->vert[e->v0 + k2]]);
	}
	CHECK_INT(cl_instance_build("andorra", &depot, v, 1, types, 1, &inst, NULL), CL_OK);
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_roads(&o, inst, &r, &err), CL_OK);
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (m) {
		CHECK(fabs(cl_dist(m, 0, 1) - along) <= 1);
		CHECK(fabs(cl_dist(m, 1, 0) - along) <= 1);
	}
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
	cl_roadnet_destroy(rn);
}


/*
 * The reference: Dijkstra by linear scan over every node, no early stop,
 * labels (time, distance) compared by time then distance, with the same
 * arithmetic as paths.c. Fills t[j], d[j] per site (snap legs included;
 * -1 when unreachable, 0 to src).
 */
static void ref_from(const struct cl_roadnet *rn, double kmh, unsigned avoid,
		     const struct cl_snap *snaps, int nsites, int src, double *t, double *d)
{
	int nn = rn->nnodes;
	double *nt = malloc(sizeof *nt * (size_t)nn), *nd = malloc(sizeof *nd * (size_t)nn);
	char *done = calloc((size_t)nn, 1);
	double *ms = malloc(sizeof *ms * (size_t)rn->nways);
	double snap_ms = fmin(CL_SNAP_KMH, kmh) / 3.6;
	const struct cl_snap *s = &snaps[src];

	for (int w = 0; w < rn->nways; w++)
		ms[w] = avoid & (1u << rn->ways[w].cls) ? 0 : fmin(rn->ways[w].kmh, kmh) / 3.6;
	for (int n = 0; n < nn; n++)
		nt[n] = nd[n] = INFINITY;
	for (int j = 0; j < nsites; j++)
		t[j] = d[j] = INFINITY;
#define BETTER(t1, d1, t2, d2) ((t1) < (t2) || ((t1) == (t2) && (d1) < (d2)))
#define SET(n, tt, dd) do { if (!done[n] && BETTER(tt, dd, nt[n], nd[n])) { \
	nt[n] = tt; nd[n] = dd; } } while (0)
#define OFFER(j, tt, dd) do { if (BETTER(tt, dd, t[j], d[j])) { t[j] = tt; d[j] = dd; } } \
	while (0)
	if (s->edge >= 0 && ms[rn->edges[s->edge].way] > 0) {
		const struct cl_roadedge *e = &rn->edges[s->edge];
		double v = ms[e->way];
		int ow = rn->ways[e->way].oneway;

		if (ow != -1)
			SET(e->to, (e->len_m - s->pos_m) / v, e->len_m - s->pos_m);
		if (ow != 1)
			SET(e->from, s->pos_m / v, s->pos_m);
		for (int j = 0; j < nsites; j++) {
			const struct cl_snap *q = &snaps[j];
			if (j == src || q->edge != s->edge)
				continue;
			if (ow != -1 && q->pos_m >= s->pos_m)
				OFFER(j, (q->pos_m - s->pos_m) / v, q->pos_m - s->pos_m);
			if (ow != 1 && q->pos_m <= s->pos_m)
				OFFER(j, (s->pos_m - q->pos_m) / v, s->pos_m - q->pos_m);
		}
		for (;;) {
			int u = -1;
			for (int n = 0; n < nn; n++)
				if (!done[n] && nt[n] < INFINITY &&
				    (u < 0 || BETTER(nt[n], nd[n], nt[u], nd[u])))
					u = n;
			if (u < 0)
				break;
			done[u] = 1;
			for (int a = rn->arc_start[u]; a < rn->arc_start[u + 1]; a++) {
				const struct cl_roadedge *ae = &rn->edges[rn->arcs[a].edge];
				double av = ms[ae->way];
				if (av > 0)
					SET(rn->arcs[a].to, nt[u] + ae->len_m / av, nd[u] + ae->len_m);
			}
		}
		for (int j = 0; j < nsites; j++) {
			const struct cl_snap *q = &snaps[j];
			const struct cl_roadedge *qe;
			double qv;
			int qow;

			if (j == src || q->edge < 0)
				continue;
			qe = &rn->edges[q->edge];
			qv = ms[qe->way];
			qow = rn->ways[qe->way].oneway;
			if (qv <= 0)
				continue;
			if (qow != -1 && nt[qe->from] < INFINITY)
				OFFER(j, nt[qe->from] + q->pos_m / qv, nd[qe->from] + q->pos_m);
			if (qow != 1 && nt[qe->to] < INFINITY)
				OFFER(j, nt[qe->to] + (qe->len_m - q->pos_m) / qv,
				      nd[qe->to] + qe->len_m - q->pos_m);
		}
	}
#undef BETTER
#undef SET
#undef OFFER
	for (int j = 0; j < nsites; j++) {
		double leg = snaps[src].dist_m + snaps[j].dist_m;
		if (j == src) {
			t[j] = d[j] = 0;
		} else if (t[j] == INFINITY) {
			t[j] = d[j] = -1;
		} else {
			t[j] += leg / snap_ms;
			d[j] += leg;
		}
	}
	free(nt);
	free(nd);
	free(done);
	free(ms);
}

/*
 * paths.c against the reference on the Andorra roads: 60 sites spread
 * over the map (some off the roads, two on one edge), three profiles
 * (a van, a slow tricycle keeping off motorways and trunks, a fast car),
 * every row equal to the bit.
 */
static void test_andorra_reference(void)
{
	enum { NS = 60 };
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_snapgrid *g = NULL;
	struct cl_error err;
	struct cl_site sites[NS];
	struct cl_snap snaps[NS];
	double lo0 = 1e9, lo1 = -1e9, la0 = 1e9, la1 = -1e9;
	double t[NS], d[NS], rt[NS], rd[NS];
	const double kmh[3] = { 40, 18, 90 };
	const unsigned avoid[3] = { 0, (1u << CL_ROAD_MOTORWAY) | (1u << CL_ROAD_TRUNK), 0 };
	unsigned long long x = 12345;
	int bad = 0, reached = 0;

	cl_roads_opts_default(&o);
	o.path = "maps/andorra/roads.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	if (!rn)
		return;
	g = cl_snapgrid_create(rn);
	CHECK(g != NULL);
	for (int v = 0; v < rn->nverts; v++) {
		lo0 = fmin(lo0, rn->lon[v]);
		lo1 = fmax(lo1, rn->lon[v]);
		la0 = fmin(la0, rn->lat[v]);
		la1 = fmax(la1, rn->lat[v]);
	}
	memset(sites, 0, sizeof sites);
	for (int i = 0; i < NS; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		sites[i].lon = lo0 + (lo1 - lo0) * (double)(x >> 11) / 9007199254740992.0;
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		sites[i].lat = la0 + (la1 - la0) * (double)(x >> 11) / 9007199254740992.0;
	}
	/* two sites on the same edge, and one exactly on a junction */
	{
		const struct cl_roadedge *e = &rn->edges[rn->nedges / 2];
		int a = rn->vert[e->v0], b = rn->vert[e->v0 + e->nv - 1];
		sites[1].lon = 0.7 * rn->lon[a] + 0.3 * rn->lon[b];
		sites[1].lat = 0.7 * rn->lat[a] + 0.3 * rn->lat[b];
		sites[2].lon = 0.2 * rn->lon[a] + 0.8 * rn->lon[b];
		sites[2].lat = 0.2 * rn->lat[a] + 0.8 * rn->lat[b];
		sites[3].lon = rn->lon[rn->node_vert[0]];
		sites[3].lat = rn->lat[rn->node_vert[0]];
	}
	for (int k = 0; g && k < 3; k++) {
		struct cl_paths *p;
		struct cl_pathws *w;

		for (int i = 0; i < NS; i++)
			cl_snap_point(g, sites[i].lon, sites[i].lat, avoid[k], &snaps[i]);
		p = cl_paths_create(rn, kmh[k], avoid[k], sites, snaps, NS);
		w = p ? cl_pathws_create(p) : NULL;
		CHECK(w != NULL);
		for (int src = 0; w && src < NS; src++) {
			cl_paths_from(p, w, src, t, d);
			ref_from(rn, kmh[k], avoid[k], snaps, NS, src, rt, rd);
			for (int j = 0; j < NS; j++) {
				bad += t[j] != rt[j] || d[j] != rd[j];
				reached += t[j] > 0;
			}
		}
		cl_pathws_destroy(w);
		cl_paths_destroy(p);
	}
	CHECK_INT(bad, 0);
	CHECK(reached > NS * (NS - 1));     /* a third of the pairs at least */
	cl_snapgrid_destroy(g);
	cl_roadnet_destroy(rn);
}

int main(void)
{
	cl_log_set_level(CL_LOG_QUIET);
	RUN(test_square_oneway_footway_island);
	RUN(test_profiles);
	RUN(test_snap_bound);
	RUN(test_snap_note);
	RUN(test_andorra_same_way);
	RUN(test_andorra_reference);
	TT_END();
}
