/*
 * test_roadnet.c -- reading road line shapefiles into a graph: the value
 * parsers (highway/fclass, oneway, maxspeed), the graph of the hand-made
 * square (tests/fixtures/roads/make.sh), the Andorra roads, and bad inputs
 * (missing .dbf, a point layer, a column override that does not exist).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/router.h"
#include "cunlu/log.h"
#include "dist/roadnet.h"

static void test_classes(void)
{
	CHECK_INT(cl_roadnet_class("motorway"), CL_ROAD_MOTORWAY);
	CHECK_INT(cl_roadnet_class("trunk_link"), CL_ROAD_TRUNK);
	CHECK_INT(cl_roadnet_class("Residential"), CL_ROAD_RESIDENTIAL);
	CHECK_INT(cl_roadnet_class("track_grade3"), CL_ROAD_TRACK);
	CHECK_INT(cl_roadnet_class("unknown"), CL_ROAD_ROAD);
	CHECK_INT(cl_roadnet_class("living_street"), CL_ROAD_LIVING_STREET);
	CHECK_INT(cl_roadnet_class("footway"), -1);
	CHECK_INT(cl_roadnet_class("path"), -1);
	CHECK_INT(cl_roadnet_class("steps"), -1);
	CHECK_INT(cl_roadnet_class("construction"), -1);
	CHECK_INT(cl_roadnet_class("service_link"), -1);
	CHECK_INT(cl_roadnet_class(""), -1);
	CHECK_INT(cl_roadnet_class(NULL), -1);
	CHECK_INT(cl_road_class_parse("trunk"), CL_ROAD_TRUNK);
	CHECK_INT(cl_road_class_parse("Trunk"), -1);
	CHECK_STR(cl_road_class_name(CL_ROAD_SERVICE), "service");
	CHECK(cl_road_class_kmh(CL_ROAD_MOTORWAY) == 90);
	CHECK(cl_road_class_kmh(CL_ROAD_LIVING_STREET) == 10);
}

static void test_oneway(void)
{
	CHECK_INT(cl_roadnet_oneway("yes"), 1);
	CHECK_INT(cl_roadnet_oneway("1"), 1);
	CHECK_INT(cl_roadnet_oneway("true"), 1);
	CHECK_INT(cl_roadnet_oneway("F"), 1);
	CHECK_INT(cl_roadnet_oneway("-1"), -1);
	CHECK_INT(cl_roadnet_oneway("reverse"), -1);
	CHECK_INT(cl_roadnet_oneway("T"), -1);
	CHECK_INT(cl_roadnet_oneway("B"), 0);
	CHECK_INT(cl_roadnet_oneway("no"), 0);
	CHECK_INT(cl_roadnet_oneway(""), 0);
	CHECK_INT(cl_roadnet_oneway(NULL), 0);
}

static void test_maxspeed(void)
{
	CHECK(cl_roadnet_maxspeed("50") == 50);
	CHECK(cl_roadnet_maxspeed("50 km/h") == 50);
	CHECK(cl_roadnet_maxspeed("50km/h") == 50);
	CHECK(fabs(cl_roadnet_maxspeed("30 mph") - 48.28) < 0.01);
	CHECK(cl_roadnet_maxspeed("90;30;90") == 90);
	CHECK(cl_roadnet_maxspeed("none") == 0);
	CHECK(cl_roadnet_maxspeed("signals") == 0);
	CHECK(cl_roadnet_maxspeed("RO:urban") == 0);
	CHECK(cl_roadnet_maxspeed("0") == 0);
	CHECK(cl_roadnet_maxspeed("999") == 0);
	CHECK(cl_roadnet_maxspeed("5 knots") == 0);
	CHECK(cl_roadnet_maxspeed("") == 0);
	CHECK(cl_roadnet_maxspeed(NULL) == 0);
}

static void test_square(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;
	int oneways = 0;

	cl_roads_opts_default(&o);
	o.path = "tests/fixtures/roads/square.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	if (!rn)
		return;
	CHECK_INT(rn->records, 7);
	CHECK_INT(rn->nways, 6);            /* the footway is not driven */
	/* P0..P3, the spur's end, the island's ends, the west side's
	   part joint (a part end is a node) */
	CHECK_INT(rn->nnodes, 8);
	CHECK_INT(rn->nedges, 7);
	for (int w = 0; w < rn->nways; w++)
		oneways += rn->ways[w].oneway != 0;
	CHECK_INT(oneways, 2);
	CHECK(fabs(rn->ways[1].kmh - 48.28) < 0.01);   /* east: 30 mph */
	CHECK(rn->ways[2].kmh == 25);                  /* north: "none" */
	CHECK_INT(rn->ways[4].cls, CL_ROAD_SERVICE);
	CHECK_INT(rn->ways[4].oneway, -1);
	CHECK_INT(rn->narcs, 2 * 7 - 2);
	cl_roadnet_destroy(rn);
}

static void test_andorra(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;

	cl_roads_opts_default(&o);
	o.path = "maps/andorra/roads";      /* ".shp" may be left out */
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	if (!rn)
		return;
	CHECK_INT(rn->records, 1614);
	CHECK(rn->nways > 1000 && rn->nways < 1614);
	CHECK(rn->nsegs > 10000);
	cl_roadnet_destroy(rn);
}

static void test_bad_files(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;
	char dir[] = "/tmp/cl_roadnetXXXXXX", cmd[512], path[256];

	cl_roads_opts_default(&o);
	o.path = "maps/andorra/villages.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "villages.shp: is a Point layer; roads must be a line");

	o.path = "tests/fixtures/roads/nothere.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "nothere.shp");

	CHECK(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof cmd, "cp tests/fixtures/roads/square.shp tests/fixtures/roads/square.shx %s/", dir);
	CHECK_INT(system(cmd), 0);
	snprintf(path, sizeof path, "%s/square.shp", dir);
	o.path = path;
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "square.dbf: missing");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);

	cl_roads_opts_default(&o);
	o.path = "tests/fixtures/roads/square.shp";
	o.f_maxspeed = "SPEED";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "square.shp: no column \"SPEED\"");

	/* a line layer without a highway/fclass column */
	cl_roads_opts_default(&o);
	o.path = "tests/fixtures/roads/square.shp";
	o.f_highway = "name";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "no drivable roads");
	CHECK(rn == NULL);
}

/* GDAL's other_tags: "key"=>"value",... with \-escapes; cut-off pairs. */
static void test_other_tags(void)
{
	char v[32];
	const char *t = "\"oneway\"=>\"yes\",\"note\"=>\"a \\\"q\\\" \\\\ b\", \"maxspeed\" => \"50 mph\"";

	CHECK(cl_roadnet_tag(t, "oneway", v, sizeof v) == 1);
	CHECK_STR(v, "yes");
	CHECK(cl_roadnet_tag(t, "note", v, sizeof v) == 1);
	CHECK_STR(v, "a \"q\" \\ b");
	CHECK(cl_roadnet_tag(t, "maxspeed", v, sizeof v) == 1);
	CHECK_STR(v, "50 mph");
	CHECK(cl_roadnet_tag(t, "access", v, sizeof v) == 0);
	CHECK(cl_roadnet_tag(t, "one", v, sizeof v) == 0);     /* whole keys only */
	CHECK(cl_roadnet_tag("\"oneway\"=>\"-1\",\"maxspeed\"=>\"9", "maxspeed", v, sizeof v) == 0);
	CHECK(cl_roadnet_tag("\"oneway\"=>\"-1\",\"maxspeed\"=>\"9", "oneway", v, sizeof v) == 1);
	CHECK(cl_roadnet_tag("\"k\"=>\"abcdefgh\"", "k", v, 4) == 1);
	CHECK_STR(v, "abc");
	CHECK(cl_roadnet_tag(NULL, "k", v, sizeof v) == 0);
	CHECK(cl_roadnet_tag("", "k", v, sizeof v) == 0);
	CHECK(cl_roadnet_tag("garbage", "k", v, sizeof v) == 0);
	CHECK(cl_roadnet_tag("\"k\"", "k", v, sizeof v) == 0);
}

static void test_access(void)
{
	CHECK(cl_roadnet_access_ok(NULL, NULL) == 1);
	CHECK(cl_roadnet_access_ok("yes", NULL) == 1);
	CHECK(cl_roadnet_access_ok("destination", NULL) == 1);
	CHECK(cl_roadnet_access_ok("delivery", NULL) == 1);
	CHECK(cl_roadnet_access_ok("private", NULL) == 0);
	CHECK(cl_roadnet_access_ok("no", NULL) == 0);
	CHECK(cl_roadnet_access_ok("No", NULL) == 0);
	CHECK(cl_roadnet_access_ok("agricultural", NULL) == 0);
	CHECK(cl_roadnet_access_ok("yes", "no") == 0);        /* motor_vehicle decides */
	CHECK(cl_roadnet_access_ok("no", "yes") == 1);
	CHECK(cl_roadnet_access_ok("private", "destination") == 1);
}

/*
 * A road layer as GDAL's OSM driver writes it by default (tags.shp,
 * tests/fixtures/roads/make.sh): oneway, maxspeed, access, motor_vehicle
 * from other_tags; LDID 87 without .cpg, so a Latin-1 name does not
 * decode -- and is never decoded; an undecodable highway value is a
 * warning and the way is not driven, never a refusal of the layer.
 */
static void test_gdal_default_export(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;

	cl_roads_opts_default(&o);
	o.path = "tests/fixtures/roads/tags.shp";
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	if (!rn) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(rn->records, 6);
	CHECK_INT(rn->nways, 3);             /* records 1, 4 and 6 */
	if (rn->nways == 3) {
		CHECK_INT(rn->ways[0].record, 0);
		CHECK_INT(rn->ways[0].oneway, 1);
		CHECK(rn->ways[0].kmh == 30);
		CHECK_INT(rn->ways[1].record, 3);
		CHECK_INT(rn->ways[1].cls, CL_ROAD_TERTIARY);
		CHECK(fabs(rn->ways[1].kmh - 80.47) < 0.01);   /* "50 mph" */
		CHECK_INT(rn->ways[2].record, 5);
		CHECK_INT(rn->ways[2].oneway, -1);
		CHECK(rn->ways[2].kmh == 30);                  /* maxspeed cut off */
	}
	cl_roadnet_destroy(rn);
	/* --road-field: a column that is there, and one that is not */
	cl_roads_opts_default(&o);
	o.path = "tests/fixtures/roads/tags.shp";
	CHECK_INT(cl_roads_opts_field(&o, "Other-Tags=other_tags", &err), CL_OK);
	CHECK_STR(o.f_other_tags, "other_tags");
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_OK);
	cl_roadnet_destroy(rn);
	rn = NULL;
	CHECK_INT(cl_roads_opts_field(&o, "maxspeed=SPEED", &err), CL_OK);
	CHECK_INT(cl_roadnet_read(&o, &rn, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "tags.shp: no column \"SPEED\" in the .dbf (--road-field)");
	CHECK_INT(cl_roads_opts_field(&o, "speed=SPEED", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "--road-field \"speed=SPEED\": unknown key \"speed\"");
	CHECK_INT(cl_roads_opts_field(&o, "maxspeed", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "expected KEY=COLUMN");
}

int main(void)
{
	cl_log_set_level(CL_LOG_QUIET);
	RUN(test_classes);
	RUN(test_oneway);
	RUN(test_maxspeed);
	RUN(test_square);
	RUN(test_andorra);
	RUN(test_bad_files);
	RUN(test_other_tags);
	RUN(test_access);
	RUN(test_gdal_default_export);
	TT_END();
}
