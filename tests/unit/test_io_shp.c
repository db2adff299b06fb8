/*
 * test_io_shp.c -- the village shapefile reader. The fixtures are written
 * by build/tools/mkshp (found next to this binary: ../tools/mkshp) into a
 * temporary directory; every bad case must give CL_EINPUT with one message
 * naming the file, the record and the field, and allocate nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/shp.h"
#include "io/proj.h"
#include "io/table.h"
#include "cunlu/log.h"
#include "tinytest.h"

#define LONGTANG_UTF8 "\xe9\xbe\x99\xe5\xa1\x98\xe6\x9d\x91"   /* 龙塘村 */
#define CUN_UTF8 "\xe6\x9d\x91"                                 /* 村 */

static char fixdir[] = "/tmp/cl_test_io_shp_XXXXXX";

static const char *fix(const char *name)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/%s", fixdir, name);
	return path;
}

/* Read fixture name with the default field map. */
static int read_fix(const char *name, struct cl_site **s, int *n,
		    struct cl_error *err)
{
	struct cl_fieldmap fm;

	cl_fieldmap_default(&fm);
	cl_error_clear(err);
	return cl_shp_read_points(fix(name), &fm, s, n, err);
}

/* A bad fixture: CL_EINPUT, nothing allocated, the message has every part. */
static void expect_error(const char *name, const char *a, const char *b,
			 const char *c)
{
	struct cl_site *s = (struct cl_site *)&s;
	struct cl_error err;
	int n = -1;

	CHECK_INT(read_fix(name, &s, &n, &err), CL_EINPUT);
	CHECK_INT(err.status, CL_EINPUT);
	CHECK(s == NULL);
	CHECK_INT(n, 0);
	if (a)
		CHECK_HAS(err.msg, a);
	if (b)
		CHECK_HAS(err.msg, b);
	if (c)
		CHECK_HAS(err.msg, c);
	CHECK(strchr(err.msg, '\n') == NULL);
}

static void test_good_layer(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("good.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	if (n != 3)
		goto done;
	CHECK_STR(s[0].id, "V001");
	CHECK_STR(s[0].name, LONGTANG_UTF8);
	CHECK(s[0].lon == 107.1 && s[0].lat == 26.5);
	CHECK_INT(s[0].demand, 3);
	CHECK_INT(s[0].pickup, 1);
	CHECK_INT(s[0].service_s, 450);
	CHECK_INT(s[0].tw_start_s, 8 * 3600);
	CHECK_INT(s[0].tw_end_s, 17 * 3600 + 30 * 60);
	CHECK_INT(s[0].record, 0);
	/* NULL attributes take the defaults. */
	CHECK_STR(s[1].id, "V002");
	CHECK_STR(s[1].name, "Shangba");
	CHECK_INT(s[1].demand, 1);
	CHECK_INT(s[1].pickup, 0);
	CHECK_INT(s[1].service_s, 300);
	CHECK_INT(s[1].tw_start_s, 0);
	CHECK_INT(s[1].tw_end_s, 24 * 3600);
	CHECK_STR(s[2].name, "Xiaba");
	CHECK_INT(s[2].demand, 0);
	CHECK_INT(s[2].pickup, 2);
	CHECK_INT(s[2].service_s, 0);
	CHECK_INT(s[2].tw_start_s, 9 * 3600 + 15 * 60);
	CHECK_INT(s[2].tw_end_s, 24 * 3600);
	CHECK_INT(s[2].record, 2);
done:
	cl_sites_free(s, n);
}

static void test_path_without_extension(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("good", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	cl_sites_free(s, n);
}

static void test_upper_case_extensions(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("upper", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	cl_sites_free(s, n);
	s = NULL;
	n = 0;
	CHECK_INT(read_fix("upper.SHP", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	cl_sites_free(s, n);
}

static void test_pointz(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("pointz.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(s[1].id, "Z2");
		CHECK(s[1].lon == 106.75 && s[1].lat == 27.5);
	}
	cl_sites_free(s, n);
}

static void test_multipoint_first_point(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("multipoint.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK(s[0].lon == 108.0 && s[0].lat == 25.0);
		CHECK(s[1].lon == 108.25 && s[1].lat == 25.75);
	}
	cl_sites_free(s, n);
}

/* --keep-fields: the columns' text on every site; Excel-style times. */
static void test_kept_columns(void)
{
	struct cl_site *s = NULL;
	struct cl_fieldmap fm;
	struct cl_error err;
	int n = 0;

	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_keep(&fm, "LXR, dh", &err), CL_OK);
	CHECK_INT(cl_shp_read_points(fix("kept.shp"), &fm, &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(s[0].nkept, 2);
		CHECK_STR(cl_site_kept(&s[0], 0), "\xe5\xbc\xa0\xe4\xb8\x89");
		CHECK_STR(cl_site_kept(&s[0], 1), "13800000001");
		CHECK_STR(cl_site_kept(&s[1], 0), "");      /* NULL in the .dbf */
		CHECK_STR(cl_site_kept(&s[1], 1), "0851-1234");
		CHECK_INT(s[0].tw_start_s, 8 * 3600);          /* 8点 */
		CHECK_INT(s[0].tw_end_s, 18 * 3600);           /* 0.75 of a day */
		CHECK_INT(s[1].tw_start_s, 8 * 3600 + 1800);   /* 08：30 */
		CHECK_INT(s[1].tw_end_s, 17 * 3600 + 1800);    /* 下午5点半 */
	}
	cl_sites_free(s, n);
	s = NULL;
	n = 0;
	/* A kept column the layer does not have: the message lists the columns. */
	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_keep(&fm, "LXR,PHONE", &err), CL_OK);
	CHECK_INT(cl_shp_read_points(fix("kept.shp"), &fm, &s, &n, &err), CL_EINPUT);
	CHECK(s == NULL);
	CHECK_HAS(err.msg, "kept.dbf: column \"PHONE\" (--keep-fields) does not exist");
	CHECK_HAS(err.msg, "ID, NAME, TW_START, TW_END, LXR, DH");
}

static void test_defaults_when_fields_absent(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("nofields.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(s[0].id, "1");
		CHECK_STR(s[1].id, "2");
		CHECK_STR(s[1].name, "");
		CHECK_INT(s[1].demand, 1);
		CHECK_INT(s[1].pickup, 0);
		CHECK_INT(s[1].service_s, 300);
		CHECK_INT(s[1].tw_start_s, 0);
		CHECK_INT(s[1].tw_end_s, 86400);
	}
	cl_sites_free(s, n);
}

static void test_field_override(void)
{
	struct cl_fieldmap fm;
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_error_clear(&err);
	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_set(&fm, "demand=PARCELS", &err), CL_OK);
	CHECK_STR(fm.name[CL_FIELD_DEMAND], "PARCELS");
	CHECK_INT(cl_shp_read_points(fix("parcels.shp"), &fm, &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(s[0].demand, 4);
		CHECK_INT(s[1].demand, 6);
		CHECK_STR(s[0].id, "42");            /* numeric ID column */
		CHECK_INT(s[0].service_s, 150);      /* 2.5 minutes */
		CHECK_INT(s[1].service_s, 300);
	}
	cl_sites_free(s, n);
}

static void test_field_override_missing_column(void)
{
	struct cl_fieldmap fm;
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_error_clear(&err);
	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_set(&fm, "demand=PARCELS", &err), CL_OK);
	CHECK_INT(cl_shp_read_points(fix("good.shp"), &fm, &s, &n, &err), CL_EINPUT);
	CHECK(s == NULL);
	CHECK_HAS(err.msg, "good.dbf");
	CHECK_HAS(err.msg, "\"PARCELS\"");
	CHECK_HAS(err.msg, "columns are: ID, NAME, DEMAND, PICKUP, SERVICE, TW_START, TW_END");
}

static void test_fieldmap_set_bad_spec(void)
{
	struct cl_fieldmap fm;
	struct cl_error err;

	cl_error_clear(&err);
	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_set(&fm, "demandPARCELS", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "demandPARCELS");
	CHECK_HAS(err.msg, "key=COLUMN");
	CHECK_INT(cl_fieldmap_set(&fm, "weight=KG", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "unknown key \"weight\"");
	CHECK_INT(cl_fieldmap_set(&fm, "demand=", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "no column");
	CHECK_STR(fm.name[CL_FIELD_DEMAND], "DEMAND");   /* unchanged */
	CHECK_INT(cl_fieldmap_set(&fm, "TW-END=CLOSES", &err), CL_OK);
	CHECK_STR(fm.name[CL_FIELD_TW_END], "CLOSES");
}

static void test_missing_members(void)
{
	expect_error("noshp.shp", "noshp.shp", "no such file", NULL);
	expect_error("noshx.shp", "noshx.shx", "missing", NULL);
	expect_error("nodbf", "nodbf.dbf", "missing", NULL);
	expect_error("nothing-here", "nothing-here.shp", NULL, NULL);
}

static void test_wrong_geometry(void)
{
	expect_error("line.shp", "line.shp", "is a PolyLine layer",
		     "must be a Point layer");
	expect_error("polygon.shp", "polygon.shp", "is a Polygon layer",
		     "must be a Point layer");
}

static void test_empty_layer(void)
{
	expect_error("empty.shp", "empty.shp", "no features", NULL);
}

static void test_bad_shapes(void)
{
	expect_error("nullshape.shp", "nullshape.shp: record 2", "null shape", NULL);
	expect_error("emptymulti.shp", "emptymulti.shp: record 3", "MultiPoint with no points",
		     NULL);
}

static void test_bad_demand(void)
{
	expect_error("demandtext.shp", "demandtext.dbf: record 2 (FID 1): field DEMAND",
		     "\"abc\"", "not a number");
	expect_error("demandneg.shp", "demandneg.dbf: record 3 (FID 2): field DEMAND",
		     "\"-3\"", "negative");
	expect_error("demandfrac.shp", "demandfrac.dbf: record 2 (FID 1): field DEMAND",
		     "\"2.50\"", "whole number");
}

static void test_bad_coordinates(void)
{
	expect_error("nan.shp", "nan.shp: record 2", "not finite", NULL);
	expect_error("swapped.shp", "swapped.shp: record 2", "x=26.5, y=107.5",
		     "looks like longitude and latitude are swapped");
	expect_error("metres.shp", "metres.shp: record 1", "x=500000, y=3000000",
		     "Transverse Mercator");
}

static void test_bad_times(void)
{
	expect_error("badtime.shp", "badtime.dbf: record 1 (FID 0): field TW_START",
		     "\"8h30\"", "expected HH:MM");
	expect_error("twrev.shp", "twrev.dbf: record 2 (FID 1): field TW_END",
		     "08:00", "17:00");
	expect_error("badservice.shp", "badservice.dbf: record 1 (FID 0): field SERVICE",
		     "\"-1\"", "negative");
}

/* GDAL writes time columns into a .dbf as "HH:MM:SS". */
static void test_times_with_seconds(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix("hms.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(s[0].tw_start_s, 8 * 3600 + 30);
		CHECK_INT(s[0].tw_end_s, 17 * 3600);
		CHECK_INT(s[1].tw_start_s, 9 * 3600);
		CHECK_INT(s[1].tw_end_s, 24 * 3600);
	}
	cl_sites_free(s, n);
}

static void test_damaged_files(void)
{
	expect_error("truncated.shp", "truncated.shp: record 3", "truncated", NULL);
	expect_error("hugeshx.shp", "hugeshx.shx", "truncated", NULL);
	expect_error("dbfshort.shp", "dbfshort.dbf", "has 2 records",
		     "do not belong together");
	/* Both found by fuzzing: shapelib takes the type from the .shx, and
	 * refuses a column past the record end without saying why. */
	expect_error("shxtype.shp", "shxtype.shx", "shape type 5 differs", NULL);
	expect_error("widecol.shp", "widecol.dbf", "column 2 (NAME)",
		     "extends past the");
}

/* Read fixture name with --crs crs. */
static int read_crs(const char *name, const char *crs, struct cl_site **s, int *n,
		    struct cl_error *err)
{
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm, .crs = crs };

	cl_fieldmap_default(&fm);
	cl_error_clear(err);
	return cl_shp_read_sites(fix(name), &o, s, n, err);
}

static void test_projection(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	/* A projected .prj: positions transformed to lon/lat (within 1e-8 deg). */
	CHECK_INT(read_fix("projected.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	for (int i = 0; i < n && n == 3; i++) {
		CHECK(fabs(s[i].lon - (107.1 + 0.1 * i)) < 1e-8);
		CHECK(fabs(s[i].lat - (26.5 + 0.1 * i)) < 1e-8);
	}
	CHECK_STR(s[0].name, LONGTANG_UTF8);
	cl_sites_free(s, n);
	/* No .prj: the message names the likely family and the --crs to give. */
	expect_error("gk_noprj.shp", "gk_noprj.shp: record 1", "Transverse Mercator",
		     "--crs EPSG:NNNN");
	expect_error("gk_zone36.shp", "zone 36 with the zone number", "--crs EPSG:4524", NULL);
	expect_error("webmerc.shp", "Web Mercator (EPSG:3857)", "--crs EPSG:3857", NULL);
	/* ... and with --crs it reads. */
	s = NULL;
	CHECK_INT(read_crs("gk_noprj.shp", "EPSG:4545", &s, &n, &err), CL_OK);
	CHECK(n == 3 && fabs(s[2].lon - 107.3) < 1e-8 && fabs(s[2].lat - 26.7) < 1e-8);
	cl_sites_free(s, n);
	s = NULL;
	CHECK_INT(read_crs("gk_zone36.shp", "EPSG:4524", &s, &n, &err), CL_OK);
	CHECK(n == 3 && fabs(s[0].lon - 107.1) < 1e-7 && fabs(s[0].lat - 26.5) < 1e-7);
	cl_sites_free(s, n);
	s = NULL;
	CHECK_INT(read_crs("webmerc.shp", "EPSG:3857", &s, &n, &err), CL_OK);
	CHECK(n == 3 && fabs(s[0].lon - 107.1) < 1e-8 && fabs(s[0].lat - 26.5) < 1e-8);
	cl_sites_free(s, n);
	s = NULL;
	/* A wrong --crs, an unknown one, a .prj PROJ cannot read. */
	CHECK_INT(read_crs("gk_zone36.shp", "EPSG:4545", &s, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "cannot be transformed from \"CGCS2000 / 3-degree Gauss-Kruger CM 108E\"");
	CHECK_INT(read_crs("gk_noprj.shp", "EPSG:99999", &s, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "--crs EPSG:99999: PROJ cannot read");
	CHECK(s == NULL);
	expect_error("badprj.shp", "badprj.prj", "projected coordinate system \"Nowhere\"",
		     "PROJ cannot read");
	/* Another datum is transformed (with a warning about the accuracy). */
	CHECK_INT(read_fix("beijing54.shp", &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	CHECK(n == 3 && fabs(s[0].lon - 107.1) < 0.01 && fabs(s[0].lat - 26.5) < 0.01);
	cl_sites_free(s, n);
}

/* Transformations are pooled by definition: one made before is handed out
 * again while idle, a second holder of the same definition gets its own,
 * and a pooled one transforms as a new one does. */
static void test_crs_pool(void)
{
	struct cl_crs *a = NULL, *b = NULL, *c = NULL;
	struct cl_error err;
	double x1 = 38500000.0, y1 = 2930000.0, x2 = x1, y2 = y1;
	int base = cl_crs_pool_count();

	cl_error_clear(&err);
	CHECK_INT(cl_crs_create("EPSG:4526", "--crs", &a, &err), CL_OK);
	CHECK(a != NULL);
	CHECK_INT(cl_crs_pool_count(), base + 1);
	/* held: the same definition gets another transformation */
	CHECK_INT(cl_crs_create("EPSG:4526", "--crs", &b, &err), CL_OK);
	CHECK(b != NULL && b != a);
	CHECK_INT(cl_crs_to_lonlat(a, &x1, &y1), 0);
	cl_crs_destroy(a);
	/* given back: handed out again, without a new one */
	CHECK_INT(cl_crs_create("EPSG:4526", "--crs", &c, &err), CL_OK);
	CHECK(c == a);
	CHECK_INT(cl_crs_to_lonlat(c, &x2, &y2), 0);
	CHECK(x1 == x2 && y1 == y2 && fabs(x1 - 114.0) < 1e-6);
	cl_crs_destroy(c);
	cl_crs_destroy(b);
	/* WGS 84 longitude/latitude needs none, pooled or not */
	CHECK_INT(cl_crs_create("EPSG:4326", "--crs", &a, &err), CL_OK);
	CHECK(a == NULL);
	CHECK_INT(cl_crs_create("EPSG:4326", "--crs", &a, &err), CL_OK);
	CHECK(a == NULL);
	CHECK(cl_crs_pool_count() <= 8);
}

/* A definition PROJ refused is pooled too: the next read of it is refused
 * at once with the same reason, naming its own file. */
static void test_crs_pool_refusal(void)
{
	const char *def = "GEOGCS[\"Nowhere\",DATUM[\"D_Nowhere\"]]";
	struct cl_crs *a = NULL;
	struct cl_error err;
	char first[CL_ERRMSG_MAX];

	cl_error_clear(&err);
	CHECK(!cl_crs_pooled(def));
	CHECK_INT(cl_crs_create(def, "a.prj", &a, &err), CL_EINPUT);
	CHECK(a == NULL);
	CHECK_HAS(err.msg, "a.prj: PROJ cannot read this coordinate system");
	snprintf(first, sizeof first, "%s", err.msg + strlen("a.prj"));
	CHECK(cl_crs_pooled(def));
	cl_error_clear(&err);
	CHECK_INT(cl_crs_create(def, "b.prj", &a, &err), CL_EINPUT);
	CHECK(a == NULL);
	CHECK(strncmp(err.msg, "b.prj", 5) == 0);
	CHECK_STR(err.msg + strlen("b.prj"), first);
	CHECK(cl_crs_pooled(def));
}

/* Transform (x, y) with def: 0 and the result, or -1. */
static int crs_point(const char *def, double *x, double *y)
{
	struct cl_crs *c = NULL;
	struct cl_error err;
	int rc;

	cl_error_clear(&err);
	if (cl_crs_create(def, "t.prj", &c, &err) != CL_OK || !c) {
		fprintf(stderr, "  %s: %s\n", def, err.msg);
		return -1;
	}
	rc = cl_crs_to_lonlat(c, x, y);
	cl_crs_destroy(c);
	return rc;
}

/* def takes (x, y) to (want_x, want_y) within tol degrees. */
static void expect_lonlat(const char *def, double x, double y, double want_x, double want_y,
			  double tol)
{
	CHECK_INT(crs_point(def, &x, &y), 0);
	CHECK(fabs(x - want_x) < tol && fabs(y - want_y) < tol);
}

/*
 * WGS 84 / CGCS2000 longitude/latitude with another prime meridian or in
 * grads: longitude shifted and scaled by io/proj.c itself. PROJ 9.1.1
 * refuses the ESRI WGS 84 one after a long search ("Too deep recursion in
 * createOperations()"); the OGC-named one it does transform gives the same
 * answers (15, 30 and -177, 30 as measured with PROJ; grads: 13.5, 27 with
 * PROJ's 5 grad = 4.5 degree meridian; UTM zone 49 on that meridian:
 * 500000, 3000000 -> 116, 27.1224696416 and 300000 -> 113.9824943448,
 * 27.1079795236).
 */
static void test_crs_prime_meridian(void)
{
	const char *esri = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
		"\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",5.0],"
		"UNIT[\"Degree\",0.0174532925199433]]";
	const char *cgcs = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM["
		"\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],"
		"PRIMEM[\"Greenwich\",-3.5],UNIT[\"Degree\",0.0174532925199433]]";
	const char *grad = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\","
		"6378137,298.257223563]],PRIMEM[\"Greenwich\",5.0],UNIT[\"grad\","
		"0.015707963267949]]";
	const char *west = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\","
		"6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\","
		"0.0174532925199433],AXIS[\"Lon\",WEST],AXIS[\"Lat\",NORTH]]";
	const char *utm = "PROJCS[\"WGS_1984_UTM_Zone_49N\",GEOGCS[\"GCS_WGS_1984\",DATUM["
		"\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM["
		"\"Greenwich\",5.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION["
		"\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER["
		"\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",111.0],PARAMETER["
		"\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT["
		"\"Meter\",1.0]]";
	double x, y;

	expect_lonlat(esri, 10, 30, 15, 30, 1e-12);
	expect_lonlat(esri, 178, 30, -177, 30, 1e-12);
	expect_lonlat(cgcs, 110, 26.5, 106.5, 26.5, 1e-12);
	expect_lonlat(grad, 10, 30, 13.5, 27, 1e-9);
	x = 10, y = 120;     /* 108 degrees of latitude */
	CHECK_INT(crs_point(grad, &x, &y), -1);
	/* UTM on that meridian: the central meridian 111 degrees east of it */
	expect_lonlat(utm, 500000, 3000000, 116, 27.1224696416, 1e-9);
	expect_lonlat(utm, 300000, 3000000, 113.9824943448, 27.1079795236, 1e-9);
	/* a longitude counted westwards is left to PROJ, which flips it */
	expect_lonlat(west, 10, 30, -10, 30, 1e-9);
}

static void check_name(const char *fixture, const char *want)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_fix(fixture, &s, &n, &err), CL_OK);
	CHECK(n >= 1);
	if (n >= 1)
		CHECK_STR(s[0].name, want);
	cl_sites_free(s, n);
}

static void test_encodings(void)
{
	check_name("gbk_nocpg.shp", LONGTANG_UTF8);   /* guessed GB18030 */
	check_name("gbk_cpg.shp", LONGTANG_UTF8);     /* .cpg says GBK */
	check_name("gbk_ldid77.shp", LONGTANG_UTF8);  /* LDID 0x4D */
	check_name("utf8_cpg.shp", LONGTANG_UTF8);    /* .cpg says UTF-8 */
	expect_error("utf8_bad.shp", "utf8_bad.dbf: record 2 (FID 1",
		     "field NAME: not valid UTF-8",
		     "the bytes look like GBK text: if the layer is GBK, write GBK into its .cpg");
	expect_error("guess_bad.shp", "guess_bad.dbf: record 1 (FID 0",
		     "field NAME: neither UTF-8 nor GB18030", NULL);
}

/* Read fixture name as a village layer (default warnings), strict or not. */
static int read_village(const char *name, int strict, struct cl_site **s, int *n,
			struct cl_error *err)
{
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { &fm, 1, strict, NULL };

	cl_fieldmap_default(&fm);
	cl_error_clear(err);
	return cl_shp_read_sites(fix(name), &o, s, n, err);
}

/*
 * Issue 12, no silent defaults: columns named in Chinese without --field.
 * Read as before (every village 1 parcel, no names), but warned about;
 * --strict makes the first warning an error that says what was used and
 * suggests the mapping. The depot reader (cl_shp_read_points) stays quiet.
 */
static void test_strict_missing_columns(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_village("chinese.shp", 0, &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(s[0].id, "1");
		CHECK_INT(s[0].demand, 1);
		CHECK_STR(s[0].name, "");
	}
	cl_sites_free(s, n);
	s = NULL;
	n = 0;
	CHECK_INT(read_village("chinese.shp", 1, &s, &n, &err), CL_EINPUT);
	CHECK(s == NULL && n == 0);
	CHECK_HAS(err.msg, "chinese.dbf: no column ID: every village gets its record "
		  "number as ID; map the column that holds it with --field id=\xe7\xbc\x96"
		  "\xe5\x8f\xb7 (the columns: ");
	CHECK_HAS(err.msg, "(--strict)");
	/* the demand column is suggested too, once id is mapped */
	{
		struct cl_fieldmap fm;
		struct cl_shp_read_opts o = { &fm, 1, 1, NULL };
		cl_fieldmap_default(&fm);
		CHECK_INT(cl_fieldmap_set(&fm, "id=\xe7\xbc\x96\xe5\x8f\xb7", &err), CL_OK);
		CHECK_INT(cl_fieldmap_set(&fm, "name=\xe5\x90\x8d\xe7\xa7\xb0", &err), CL_OK);
		CHECK_INT(cl_shp_read_sites(fix("chinese.shp"), &o, &s, &n, &err), CL_EINPUT);
		CHECK_HAS(err.msg, "no column DEMAND: every village gets 1 parcel to deliver; "
			  "map the column that holds it with --field demand=\xe4\xbb\xb6\xe6\x95\xb0");
		CHECK_INT(cl_fieldmap_set(&fm, "demand=\xe4\xbb\xb6\xe6\x95\xb0", &err), CL_OK);
		CHECK_INT(cl_shp_read_sites(fix("chinese.shp"), &o, &s, &n, &err), CL_EINPUT);
		CHECK_HAS(err.msg, "no column PICKUP: every village gets 0 parcels to collect");
	}
	/* the depot reader does not warn: the default map on a 1-column layer */
	CHECK_INT(read_fix("nofields.shp", &s, &n, &err), CL_OK);
	cl_sites_free(s, n);
}

/* Blank values are counted and named, with what they got instead. */
static void test_strict_blank_values(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_village("blankdemand.shp", 0, &s, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	if (n == 3)
		CHECK_INT(s[1].demand, 1);
	cl_sites_free(s, n);
	s = NULL;
	n = 0;
	CHECK_INT(read_village("blankdemand.shp", 1, &s, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "blankdemand.dbf: DEMAND is blank in 1 of 3 records (record 2 "
		  "(FID 1, ID V002 \"B\")): each gets 1 parcel to deliver (--strict)");
}

/* A code page that decodes to implausible text is named with the likely one. */
static void test_misread_code_page(void)
{
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(read_village("gbk_as_latin1.shp", 0, &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	cl_sites_free(s, n);
	s = NULL;
	n = 0;
	{
		/* strict without the column warnings: only the code page speaks */
		struct cl_shp_read_opts o = { NULL, 0, 1, NULL };
		CHECK_INT(cl_shp_read_sites(fix("gbk_as_latin1.shp"), &o, &s, &n, &err), CL_EINPUT);
		CHECK_INT(cl_shp_read_sites(fix("latin1.shp"), &o, &s, &n, &err), CL_OK);
		cl_sites_free(s, n);
		s = NULL;
		n = 0;
		CHECK_INT(cl_shp_read_sites(fix("gbk_as_latin1.shp"), &o, &s, &n, &err), CL_EINPUT);
	}
	CHECK_HAS(err.msg, "gbk_as_latin1.dbf: 1 text value(s) read as ISO-8859-1");
	CHECK_HAS(err.msg, "look written in GBK (e.g. record 1 (FID 0) field NAME \"");
	CHECK_HAS(err.msg, "reads \"" LONGTANG_UTF8 "\" in GBK); if the layer is GBK, "
		  "write GBK into its .cpg file");
}

/* The sample data in maps/, when it is there (tests run from the top). */
static void test_sample_maps(void)
{
	struct cl_fieldmap fm;
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0, found = 0;

	cl_fieldmap_default(&fm);

	if (access("maps/gbk-sample/villages.shp", R_OK) == 0) {
		cl_error_clear(&err);
		CHECK_INT(cl_shp_read_points("maps/gbk-sample/villages.shp", &fm, &s, &n,
					     &err), CL_OK);
		for (int i = 0; i < n; i++)
			if (strstr(s[i].name, CUN_UTF8))
				found = 1;
		CHECK(found);
		cl_sites_free(s, n);
	} else {
		fprintf(stderr, "note: maps/gbk-sample/villages.shp absent; skipped\n");
	}
	s = NULL;
	n = 0;
	if (access("maps/andorra/villages.shp", R_OK) == 0) {
		cl_error_clear(&err);
		CHECK_INT(cl_shp_read_points("maps/andorra/villages.shp", &fm, &s, &n,
					     &err), CL_OK);
		CHECK(n > 20);
		cl_sites_free(s, n);
	} else {
		fprintf(stderr, "note: maps/andorra/villages.shp absent; skipped\n");
	}
}

/* Write the fixtures with ../tools/mkshp relative to this program. */
static int make_fixtures(const char *argv0)
{
	char dir[512], cmd[1200];
	const char *slash = strrchr(argv0, '/');
	size_t n = slash ? (size_t)(slash - argv0) : 1;

	if (n >= sizeof dir)
		return 0;
	memcpy(dir, slash ? argv0 : ".", n);
	dir[n] = '\0';
	if (!mkdtemp(fixdir))
		return 0;
	snprintf(cmd, sizeof cmd, "'%s/../tools/mkshp' '%s'", dir, fixdir);
	return system(cmd) == 0;
}

/* Write a table with cl_shp_write_table into fix(base).shp/.shx/.dbf. */
static int write_table_files(const struct cl_table *t, const char *enc, const char *base,
			     struct cl_error *err)
{
	char p[3][512];
	FILE *fp[3];
	int rc;

	for (int i = 0; i < 3; i++) {
		snprintf(p[i], sizeof p[i], "%s/%s.%s", fixdir, base, i == 0 ? "shp" : i == 1 ? "shx" : "dbf");
		fp[i] = fopen(p[i], "wb");
	}
	rc = cl_shp_write_table(t, enc, base, fp[0], fp[1], fp[2], err);
	for (int i = 0; i < 3; i++)
		fclose(fp[i]);
	return rc;
}

/*
 * Fourteen field names alike in their first 10 bytes (as --keep-fields
 * can give): each gets a name of its own, _1 .. _9 and _0 as before, then
 * _11, _12, ... (the writer looped forever on the eleventh repeat).
 */
static void test_write_many_alike_names(void)
{
	static const char *const want[14] = {
		"LONGFIELDN", "LONGFIEL_1", "LONGFIEL_2", "LONGFIEL_3", "LONGFIEL_4",
		"LONGFIEL_5", "LONGFIEL_6", "LONGFIEL_7", "LONGFIEL_8", "LONGFIEL_9",
		"LONGFIEL_0", "LONGFIE_11", "LONGFIE_12", "LONGFIE_13"
	};
	struct cl_column cols[14];
	char names[14][32], path[600];
	unsigned char fd[32];
	struct cl_table t;
	struct cl_error err;
	FILE *fp;

	for (int c = 0; c < 14; c++) {
		snprintf(names[c], sizeof names[c], "LONGFIELDNAME%02d", c + 1);
		cols[c].name = names[c];
		cols[c].type = CL_COL_TEXT;
		cols[c].decimals = 0;
	}
	CHECK_INT(cl_table_init(&t, CL_GEOM_POINT, cols, 14, &err), CL_OK);
	CHECK(cl_table_add_row(&t) == 0);
	cl_table_set(&t, 0, "x");
	cl_table_add_pos(&t, 107.25, 26.5);
	CHECK_INT(write_table_files(&t, "UTF-8", "alike", &err), CL_OK);
	cl_table_free(&t);
	snprintf(path, sizeof path, "%s/alike.dbf", fixdir);
	fp = fopen(path, "rb");
	CHECK(fp != NULL);
	if (!fp)
		return;
	CHECK(fseek(fp, 32, SEEK_SET) == 0);
	for (int c = 0; c < 14; c++) {
		CHECK(fread(fd, 1, sizeof fd, fp) == sizeof fd);
		fd[11] = '\0';
		CHECK_STR((const char *)fd, want[c]);
	}
	fclose(fp);
}

/* The writer's points read back through the reader, in UTF-8 and GBK. */
static void test_write_points_round_trip(void)
{
	static const struct cl_column cols[] = {
		{ "ID", CL_COL_TEXT, 0 }, { "NAME", CL_COL_TEXT, 0 },
		{ "DEMAND", CL_COL_INT, 0 }, { "TW_START", CL_COL_TIME, 0 },
		{ "A_VERY_LONG_NAME", CL_COL_TEXT, 0 }, { "A_VERY_LONG_NAME_2", CL_COL_TEXT, 0 },
	};
	const char *enc[2] = { "UTF-8", "GBK" };
	struct cl_table t;
	struct cl_error err;

	for (int e = 0; e < 2; e++) {
		struct cl_site *s = NULL;
		int n = 0;
		char base[32];

		CHECK_INT(cl_table_init(&t, CL_GEOM_POINT, cols, 6, &err), CL_OK);
		CHECK(cl_table_add_row(&t) == 0);
		cl_table_set(&t, 0, "V1");
		cl_table_set(&t, 1, LONGTANG_UTF8);
		cl_table_set(&t, 2, "12");
		cl_table_set(&t, 3, "08:30");
		cl_table_add_pos(&t, 107.25, 26.5);
		CHECK(cl_table_add_row(&t) == 1);
		cl_table_set(&t, 0, "V2");
		cl_table_set(&t, 1, "caf\xc3\xa9 \xf0\x9f\x98\x80");   /* café 😀: é is in GBK (pinyin), 😀 not */
		cl_table_add_pos(&t, 107.5, 26.75);
		snprintf(base, sizeof base, "written_%d", e);
		CHECK_INT(write_table_files(&t, enc[e], base, &err), CL_OK);
		cl_table_free(&t);
		snprintf(base, sizeof base, "written_%d.shp", e);
		CHECK_INT(read_fix(base, &s, &n, &err), CL_OK);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_STR(s[0].id, "V1");
			CHECK_STR(s[0].name, LONGTANG_UTF8);
			CHECK_INT(s[0].demand, 12);
			CHECK_INT(s[0].tw_start_s, 8 * 3600 + 1800);
			CHECK(s[0].lon == 107.25 && s[0].lat == 26.5);
			CHECK_INT(s[1].demand, 1);          /* null: the default */
			CHECK_STR(s[1].name, e == 0 ? "caf\xc3\xa9 \xf0\x9f\x98\x80" : "caf\xc3\xa9 ?");
		}
		cl_sites_free(s, n);
	}
	/* The long names were cut to 10 bytes and made unique. */
	{
		struct cl_fieldmap fm;
		struct cl_site *s = NULL;
		int n = 0;

		cl_fieldmap_default(&fm);
		CHECK_INT(cl_fieldmap_keep(&fm, "A_VERY_LON,A_VERY_L_1", &err), CL_OK);
		CHECK_INT(cl_shp_read_points(fix("written_0.shp"), &fm, &s, &n, &err), CL_OK);
		cl_sites_free(s, n);
	}
}

/* A line table: PolyLine records, a degenerate line as a Null shape. */
static int count_line(void *user, const struct cl_shp_line *ln, struct cl_error *err)
{
	int *seen = user;

	(void)err;
	seen[ln->record] = ln->part[1] - ln->part[0];
	return CL_OK;
}

static void test_write_lines(void)
{
	static const struct cl_column cols[] = { { "vehicle", CL_COL_TEXT, 0 },
						 { "cost", CL_COL_REAL, 2 } };
	const char *want[1] = { "vehicle" };
	struct cl_table t;
	struct cl_error err;
	int present[1] = { 0 }, seen[3] = { -1, -1, -1 };

	CHECK_INT(cl_table_init(&t, CL_GEOM_LINE, cols, 2, &err), CL_OK);
	cl_table_add_row(&t);
	cl_table_set(&t, 0, "van-1");
	cl_table_set(&t, 1, "80.36");
	cl_table_add_pos(&t, 107.0, 26.0);
	cl_table_add_pos(&t, 107.1, 26.1);
	cl_table_add_pos(&t, 107.0, 26.0);
	cl_table_add_row(&t);                    /* no geometry */
	cl_table_set(&t, 0, "van-2");
	cl_table_add_row(&t);                    /* all positions the same */
	cl_table_add_pos(&t, 107.0, 26.0);
	cl_table_add_pos(&t, 107.0, 26.0);
	CHECK_INT(write_table_files(&t, "UTF-8", "lines", &err), CL_OK);
	cl_table_free(&t);
	CHECK_INT(cl_shp_read_lines(fix("lines.shp"), want, 1, present, count_line, seen, &err),
		  CL_OK);
	CHECK_INT(present[0], 1);
	CHECK_INT(seen[0], 3);
	CHECK_INT(seen[1], -1);                  /* Null shapes are skipped */
	CHECK_INT(seen[2], -1);
}

int main(int argc, char **argv)
{
	char cmd[600];

	(void)argc;
	cl_log_set_level(CL_LOG_QUIET);
	if (!make_fixtures(argv[0])) {
		fprintf(stderr, "cannot write the fixtures (is build/tools/mkshp built?)\n");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	RUN(test_good_layer);
	RUN(test_path_without_extension);
	RUN(test_upper_case_extensions);
	RUN(test_pointz);
	RUN(test_multipoint_first_point);
	RUN(test_kept_columns);
	RUN(test_defaults_when_fields_absent);
	RUN(test_field_override);
	RUN(test_field_override_missing_column);
	RUN(test_fieldmap_set_bad_spec);
	RUN(test_missing_members);
	RUN(test_wrong_geometry);
	RUN(test_empty_layer);
	RUN(test_bad_shapes);
	RUN(test_bad_demand);
	RUN(test_bad_coordinates);
	RUN(test_bad_times);
	RUN(test_times_with_seconds);
	RUN(test_damaged_files);
	RUN(test_projection);
	RUN(test_crs_pool);
	RUN(test_crs_pool_refusal);
	RUN(test_crs_prime_meridian);
	RUN(test_encodings);
	RUN(test_strict_missing_columns);
	RUN(test_strict_blank_values);
	RUN(test_misread_code_page);
	RUN(test_sample_maps);
	RUN(test_write_points_round_trip);
	RUN(test_write_many_alike_names);
	RUN(test_write_lines);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixdir);
	if (system(cmd) != 0)
		fprintf(stderr, "note: could not remove %s\n", fixdir);
	TT_END();
}
