/*
 * test_drone.c -- the drone inputs and distances (issue 15): the no-fly
 * polygon reader (good layers, holes, and every refused layer naming the
 * record), the launch-site reader, and the drone router over the map-free
 * road router (flight matrices from the depot and from a launch site, legs
 * through a zone unreachable, road types untouched, shapes, the reason
 * text, the cache key). Polygon layers are written here with shapelib's
 * own writers, so that broken rings can be written at all (GDAL closes
 * them). Run with the repository top as cwd.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shapefil.h>

#include "cunlu/log.h"
#include "cunlu/router.h"
#include "io/drones.h"
#include "tinytest.h"

static char dir[] = "/tmp/cl_test_drone_XXXXXX";

/* One polygon record: parts of n[k] vertices each, and its ID, NAME. */
struct poly {
	int null;
	int nparts;
	int n[3];
	double x[3][8], y[3][8];
	const char *id, *name;
};

/* Write layer name.shp/.shx/.dbf of shape type type with records p[]. */
static void write_layer(const char *name, int type, const struct poly *p, int np)
{
	char path[256];
	SHPHandle shp;
	DBFHandle dbf;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	shp = SHPCreate(path, type);
	dbf = DBFCreate(path);
	CHECK(shp != NULL && dbf != NULL);
	if (!shp || !dbf)
		return;
	DBFAddField(dbf, "ID", FTString, 10, 0);
	DBFAddField(dbf, "NAME", FTString, 20, 0);
	for (int r = 0; r < np; r++) {
		double x[24], y[24];
		int start[3], nv = 0;
		SHPObject *o;

		for (int k = 0; k < p[r].nparts; k++) {
			start[k] = nv;
			for (int i = 0; i < p[r].n[k]; i++) {
				x[nv] = p[r].x[k][i];
				y[nv++] = p[r].y[k][i];
			}
		}
		if (p[r].null)
			o = SHPCreateObject(SHPT_NULL, -1, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL);
		else
			o = SHPCreateObject(type, -1, p[r].nparts, start, NULL, nv, x, y, NULL,
					    NULL);
		SHPWriteObject(shp, -1, o);
		SHPDestroyObject(o);
		DBFWriteStringAttribute(dbf, r, 0, p[r].id);
		DBFWriteStringAttribute(dbf, r, 1, p[r].name);
	}
	SHPClose(shp);
	DBFClose(dbf);
}

/* A square ring x0..x1, y0..y1 as part k of p (closed, 5 vertices). */
static void square(struct poly *p, int k, double x0, double y0, double x1, double y1)
{
	const double xs[5] = { x0, x0, x1, x1, x0 }, ys[5] = { y0, y1, y1, y0, y0 };

	p->n[k] = 5;
	memcpy(p->x[k], xs, sizeof xs);
	memcpy(p->y[k], ys, sizeof ys);
	if (k + 1 > p->nparts)
		p->nparts = k + 1;
}

static void layer_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s.shp", dir, name);
}

static void test_nofly_reader(void)
{
	struct poly p[2];
	struct cl_zone *z = NULL;
	struct cl_error err;
	char path[256];
	int n = -1;

	/* a reservoir with an island (a hole), and an airport */
	memset(p, 0, sizeof p);
	square(&p[0], 0, 110.0, 25.0, 110.1, 25.1);
	square(&p[0], 1, 110.04, 25.04, 110.06, 25.06);
	p[0].id = "R1";
	p[0].name = "reservoir";
	square(&p[1], 0, 111.0, 26.0, 111.02, 26.01);
	p[1].id = "";
	p[1].name = "";
	write_layer("zones", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "zones");
	cl_error_clear(&err);
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(z[0].id, "R1");
		CHECK_STR(z[0].name, "reservoir");
		CHECK_INT(z[0].nrings, 2);
		CHECK_INT(z[0].ring[2], 10);
		CHECK(z[0].minx == 110.0 && z[0].maxy == 25.1);
		CHECK_STR(z[1].id, "2");         /* blank ID: the record number */
		CHECK_INT(z[1].record, 1);
	}
	cl_zones_free(z, n);

	/* refused, naming the record */
	memset(p, 0, sizeof p);
	square(&p[0], 0, 110.0, 25.0, 110.1, 25.1);
	p[0].id = p[0].name = p[1].id = p[1].name = "";
	square(&p[1], 0, 110.0, 25.0, 110.1, 25.1);
	p[1].y[0][4] = 25.05;                  /* the ring does not close */
	write_layer("open", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "open");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK(z == NULL && n == 0);
	CHECK_HAS(err.msg, "open.shp: record 2 (FID 1): ring 1 is not closed");

	p[1].n[0] = 3;                          /* a ring of three vertices */
	p[1].x[0][2] = p[1].x[0][0];
	p[1].y[0][2] = p[1].y[0][0];
	write_layer("short", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "short");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "short.shp: record 2 (FID 1): ring 1 has 3 vertices");

	square(&p[1], 0, 110.0, 25.0, 110.1, 25.0);   /* flat: no area */
	write_layer("flat", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "flat");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "flat.shp: record 2 (FID 1): ring 1 encloses no area");

	p[1].null = 1;
	write_layer("null", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "null");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "null.shp: record 2 (FID 1): null shape (no polygon)");

	p[1].null = 0;
	square(&p[1], 0, 110.0, 25.0, 210.1, 25.1);   /* not lon/lat */
	write_layer("far", SHPT_POLYGON, p, 2);
	layer_path(path, sizeof path, "far");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "far.shp: record 2 (FID 1): coordinates");

	square(&p[1], 0, 110.0, 25.0, 110.1, 25.1);
	write_layer("lines", SHPT_ARC, p, 2);       /* not polygons */
	layer_path(path, sizeof path, "lines");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "lines.shp: is a PolyLine layer; no-fly zones must be a Polygon layer");

	layer_path(path, sizeof path, "missing");
	CHECK_INT(cl_nofly_read(path, &z, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "missing");
}

/* A small instance: depot, villages A..D, a van and a drone (and a
 * second drone when two_drones), built by cl_instance_build. */
static struct cl_instance *make_inst(int two_drones)
{
	static const double lon[5] = { 110.0, 110.02, 110.0, 110.04, 110.01 };
	static const double lat[5] = { 25.0, 25.0, 25.03, 25.0, 25.01 };
	static const char *const ids[5] = { "depot", "A", "B", "C", "D" };
	struct cl_site depot, *v = calloc(4, sizeof *v);
	struct cl_vtype *t = calloc(3, sizeof *t);
	struct cl_instance *inst = NULL;
	struct cl_error err;
	int nt = two_drones ? 3 : 2;

	if (!v || !t) {
		free(v);
		free(t);
		return NULL;
	}
	for (int i = 0; i < 5; i++) {
		struct cl_site *s = i == 0 ? &depot : &v[i - 1];
		memset(s, 0, sizeof *s);
		s->id = strdup(ids[i]);
		s->name = strdup("");
		s->lon = lon[i];
		s->lat = lat[i];
		s->demand = 1;
		s->tw_end_s = 86400;
		s->record = i - 1;
		s->drone = i != 4;           /* D has no landing point */
	}
	for (int k = 0; k < nt; k++) {
		t[k].name = strdup(k == 0 ? "van" : k == 1 ? "uav" : "uav2");
		t[k].count = 1;
		t[k].capacity = 10;
		t[k].speed_kmh = k == 0 ? 36 : 72;
		t[k].shift_end_s = 86400;
		t[k].mode = k == 0 ? CL_MODE_ROAD : CL_MODE_DRONE;
	}
	cl_error_clear(&err);
	if (cl_instance_build("v.shp", &depot, v, 4, t, nt, &inst, &err) != CL_OK)
		fprintf(stderr, "build: %s\n", err.msg);
	return inst;
}

/* The no-fly zone 110.005..110.015 x 24.99..25.005: across depot -> A. */
static struct cl_zone *make_zone(void)
{
	struct cl_zone *z = calloc(1, sizeof *z);
	static const double x[5] = { 110.005, 110.005, 110.015, 110.015, 110.005 };
	static const double y[5] = { 24.99, 25.005, 25.005, 24.99, 24.99 };

	if (!z)
		return NULL;
	z->id = strdup("Z1");
	z->name = strdup("airport");
	z->record = 0;
	z->nrings = 1;
	z->ring = calloc(2, sizeof *z->ring);
	z->npts = 5;
	z->x = malloc(sizeof x);
	z->y = malloc(sizeof y);
	if (z->ring && z->x && z->y) {
		z->ring[1] = 5;
		memcpy(z->x, x, sizeof x);
		memcpy(z->y, y, sizeof y);
	}
	z->minx = 110.005;
	z->maxx = 110.015;
	z->miny = 24.99;
	z->maxy = 25.005;
	return z;
}

/* The drone router over the geo router for inst. */
static int make_router(const struct cl_instance *inst, struct cl_router *r)
{
	struct cl_instance *ground = NULL;
	struct cl_router road;
	struct cl_error err;
	int rc;

	memset(&road, 0, sizeof road);
	cl_error_clear(&err);
	rc = cl_ground_view(inst, &ground, &err);
	if (rc == CL_OK && ground)
		rc = cl_router_geo(1.3, &road, &err);
	if (rc == CL_OK)
		rc = cl_router_drones(inst, ground, &road, r, &err);
	else
		cl_ground_view_free(ground);
	return rc;
}

static void test_router(void)
{
	struct cl_instance *inst = make_inst(0);
	struct cl_matrix *m = NULL, *geo = NULL;
	struct cl_router r;
	struct cl_error err;
	char note[512], key1[128];
	double *xy = NULL;
	int np = 0;

	if (!inst)
		return;
	cl_error_clear(&err);
	CHECK_INT(make_router(inst, &r), CL_OK);
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	CHECK_INT(cl_matrix_geo(inst, 1.3, &geo, &err), CL_OK);
	if (!m || !geo)
		goto done;
	/* the van: the geo router's matrix; the drone: the great circle */
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++) {
			double gc = cl_haversine_m(inst->sites[i].lon, inst->sites[i].lat,
						   inst->sites[j].lon, inst->sites[j].lat);
			CHECK_INT(cl_dist_t(m, 0, i, j), cl_dist_t(geo, 0, i, j));
			CHECK_INT(cl_time(m, 0, i, j), cl_time(geo, 0, i, j));
			CHECK_INT(cl_dist_t(m, 1, i, j), (int32_t)lround(gc));
			CHECK_INT(cl_time(m, 1, i, j), (int32_t)lround(lround(gc) / 20.0));
		}
	CHECK(m->dist_type[1] != NULL);
	snprintf(key1, sizeof key1, "%s", r.source_key);
	CHECK(strncmp(key1, "geo:1.300000|drones:", 20) == 0);
	/* a straight line for the drone, from the depot */
	CHECK_INT(r.route_shape(r.ctx, inst, 1, (int[]){ 1, 3 }, 2, &xy, &np, &err), CL_OK);
	CHECK_INT(np, 4);
	if (np == 4)
		CHECK(xy[0] == 110.0 && xy[2] == 110.02 && xy[4] == 110.04 && xy[6] == 110.0);
	free(xy);
	CHECK(isnan(r.snap_m(r.ctx, 1, 1)));
	/* D has no landing point: the note of a road-less D says so */
	CHECK_INT(r.site_note(r.ctx, inst, 4, note, sizeof note), 1);
	CHECK_STR(note, "no road connection; no drone landing point (DRONE = 0)");
	CHECK_INT(r.site_note(r.ctx, inst, 1, note, sizeof note), 0);
	cl_matrix_destroy(m);
	m = NULL;
	cl_router_destroy(&r);

	/* a no-fly zone across depot -> A; a launch site for nobody */
	CHECK_INT(cl_instance_add_drones(inst, NULL, 0, make_zone(), 1, &err), CL_OK);
	CHECK_INT(make_router(inst, &r), CL_OK);
	CHECK(strcmp(r.source_key, key1) != 0);    /* the zones are in the key */
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (m) {
		CHECK_INT(cl_dist_t(m, 1, 0, 1), CL_UNREACHABLE);
		CHECK_INT(cl_time(m, 1, 1, 0), CL_UNREACHABLE);
		CHECK_INT(cl_dist_t(m, 0, 0, 1), cl_dist_t(geo, 0, 0, 1));  /* the van drives */
		CHECK(cl_dist_t(m, 1, 0, 2) > 0);         /* depot -> B flies north */
		CHECK(cl_dist_t(m, 1, 1, 3) > 0);         /* A -> C east of the zone */
	}
	CHECK_INT(r.site_note(r.ctx, inst, 1, note, sizeof note), 1);
	CHECK_STR(note, "no road connection; drone uav: the flight from the depot crosses "
		  "no-fly zone record 1 (FID 0, ID Z1 \"airport\")");
done:
	cl_matrix_destroy(m);
	cl_matrix_destroy(geo);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
}

static void test_launch_sites(void)
{
	struct cl_instance *inst = make_inst(1);
	struct cl_site *sites = NULL, *base = calloc(1, sizeof *base);
	struct cl_matrix *m = NULL;
	struct cl_router r;
	struct cl_error err;
	char path[256], key1[128];
	int n = -1, b[3];

	if (!inst || !base) {
		free(base);
		cl_instance_destroy(inst);
		return;
	}
	cl_error_clear(&err);
	CHECK_INT(make_router(inst, &r), CL_OK);
	snprintf(key1, sizeof key1, "%s", r.source_key);
	cl_router_destroy(&r);
	/* uav2 flies from a pier at 110.04, 25.03 */
	base->id = strdup("P1");
	base->name = strdup("pier");
	base->lon = 110.04;
	base->lat = 25.03;
	base->record = 0;
	inst->types[2].base = 1;
	CHECK_INT(cl_instance_add_drones(inst, base, 1, NULL, 0, &err), CL_OK);
	CHECK_INT(make_router(inst, &r), CL_OK);
	CHECK(strcmp(r.source_key, key1) != 0);    /* the origins are in the key */
	CHECK_INT(r.matrix(r.ctx, inst, &m, &err), CL_OK);
	if (m) {
		double from_pier = cl_haversine_m(110.04, 25.03, 110.04, 25.0);
		double from_depot = cl_haversine_m(110.0, 25.0, 110.04, 25.0);
		CHECK_INT(cl_dist_t(m, 2, 0, 3), (int32_t)lround(from_pier));
		CHECK_INT(cl_dist_t(m, 1, 0, 3), (int32_t)lround(from_depot));
		CHECK_INT(cl_dist_t(m, 2, 1, 3), cl_dist_t(m, 1, 1, 3));
	}
	cl_matrix_destroy(m);
	cl_router_destroy(&r);

	/* the reader: TYPES names the drone types based at each site */
	{
		char cmd[1024];
		snprintf(cmd, sizeof cmd,
			 "printf '%%s' '{\"type\":\"FeatureCollection\",\"features\":["
			 "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[110.04,25.03]},"
			 "\"properties\":{\"ID\":\"P1\",\"NAME\":\"pier\",\"TYPES\":\"UAV2\"}},"
			 "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[110.01,25.03]},"
			 "\"properties\":{\"ID\":\"S2\",\"NAME\":\"station\",\"TYPES\":\"%s\"}}]}' > %s/s.geojson && "
			 "ogr2ogr -q -f 'ESRI Shapefile' %s/s.shp %s/s.geojson", "uav", dir, dir, dir);
		CHECK_INT(system(cmd), 0);
		layer_path(path, sizeof path, "s");
		CHECK_INT(cl_drone_sites_read(path, inst->types, inst->ntypes, &sites, &n, b, &err),
			  CL_OK);
		CHECK_INT(n, 2);
		CHECK_INT(b[0], 0);
		CHECK_INT(b[1], 2);
		CHECK_INT(b[2], 1);
		if (n == 2)
			CHECK_STR(sites[0].name, "pier");
		cl_sites_free(sites, n);
		snprintf(cmd, sizeof cmd, "sed -i 's/\"TYPES\":\"uav\"/\"TYPES\":\"van\"/' %s/s.geojson && "
			 "rm -f %s/s.shp %s/s.shx %s/s.dbf && ogr2ogr -q -f 'ESRI Shapefile' %s/s.shp %s/s.geojson",
			 dir, dir, dir, dir, dir, dir);
		CHECK_INT(system(cmd), 0);
		CHECK_INT(cl_drone_sites_read(path, inst->types, inst->ntypes, &sites, &n, b, &err),
			  CL_EINPUT);
		CHECK_HAS(err.msg, "s.shp: record 2 (FID 1, ID S2 \"station\"): field TYPES: van is not a drone type");
		snprintf(cmd, sizeof cmd, "sed -i 's/\"TYPES\":\"van\"/\"TYPES\":\"uav2;plane\"/' %s/s.geojson && "
			 "rm -f %s/s.shp %s/s.shx %s/s.dbf && ogr2ogr -q -f 'ESRI Shapefile' %s/s.shp %s/s.geojson",
			 dir, dir, dir, dir, dir, dir);
		CHECK_INT(system(cmd), 0);
		CHECK_INT(cl_drone_sites_read(path, inst->types, inst->ntypes, &sites, &n, b, &err),
			  CL_EINPUT);
		CHECK_HAS(err.msg, "s.shp: record 2 (FID 1, ID S2 \"station\"): field TYPES: drone type uav2 is already based "
			  "at another site");
		CHECK(sites == NULL && n == 0);
	}
	cl_instance_destroy(inst);
}

int main(void)
{
	char cmd[128];

	cl_log_set_level(CL_LOG_QUIET);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_nofly_reader);
	RUN(test_router);
	RUN(test_launch_sites);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TT_END();
}
