/*
 * test_paths.c -- the road router end to end on the hand-made square
 * (tests/data/roads/make.sh) and on the Andorra roads: one-way streets,
 * an ignored footway shortcut, an island, a one-way dead end, a site on a
 * vertex, vehicle profiles, and leg shapes whose length is the matrix
 * distance. Expected distances are computed here from the coordinates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tinytest.h"
#include "cunlu/dist_roads.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "../solver/roadnet.h"

#define SQ "tests/data/roads/square.shp"

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
	CHECK(r.snap_m(r.ctx)[4] < 0.01);
	CHECK(fabs(r.snap_m(r.ctx)[5] - hv(-0.01, 0.005, 0, 0.005)) < 1);
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

int main(void)
{
	cl_log_set_level(CL_LOG_QUIET);
	RUN(test_square_oneway_footway_island);
	RUN(test_profiles);
	RUN(test_andorra_same_way);
	TT_END();
}
