/*
 * test_matrix.c -- unit tests for matrix.c: the haversine distance against
 * known values and an independent formula, matrix allocation, and the
 * map-free matrix (detour scaling, symmetry, travel times per type,
 * rejected inputs).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tinytest.h"
#include "cunlu/matrix.h"
#include "model/greatcircle.h"

#define R_EARTH 6371008.8
#define PI 3.14159265358979323846
#define RAD (PI / 180.0)

/* The spherical law of cosines: a second formula for the same distance. */
static double cosines_m(double lon1, double lat1, double lon2, double lat2)
{
	double c = sin(lat1 * RAD) * sin(lat2 * RAD) +
		   cos(lat1 * RAD) * cos(lat2 * RAD) * cos((lon2 - lon1) * RAD);
	if (c > 1.0)
		c = 1.0;
	if (c < -1.0)
		c = -1.0;
	return R_EARTH * acos(c);
}

static void test_haversine_known(void)
{
	double deg = R_EARTH * RAD;   /* one degree of a great circle */

	CHECK(fabs(deg - 111195.08) < 0.01);
	CHECK(fabs(cl_haversine_m(0, 0, 0, 1) - deg) < 1e-6);
	CHECK(fabs(cl_haversine_m(0, 0, 1, 0) - deg) < 1e-6);
	CHECK(fabs(cl_haversine_m(116.0, 45.0, 116.0, 46.0) - deg) < 1e-6);
	/* one degree of longitude shrinks with cos(latitude) (nearly) */
	CHECK(fabs(cl_haversine_m(0, 60, 1, 60) - deg * 0.5) < 10.0);
	CHECK(cl_haversine_m(116.4, 39.9, 116.4, 39.9) == 0.0);
	CHECK(fabs(cl_haversine_m(0, 0, 180, 0) - PI * R_EARTH) < 1e-3);
	CHECK(fabs(cl_haversine_m(10, 90, -50, -90) - PI * R_EARTH) < 1e-3);
	/* across the antimeridian */
	CHECK(fabs(cl_haversine_m(179.5, 0, -179.5, 0) - deg) < 1e-3);
}

static void test_haversine_beijing_shanghai(void)
{
	double h = cl_haversine_m(116.4074, 39.9042, 121.4737, 31.2304);
	double c = cosines_m(116.4074, 39.9042, 121.4737, 31.2304);

	CHECK(h > 1067000.0 && h < 1068500.0);
	CHECK(fabs(h - c) < 0.01);
	CHECK(fabs(cl_haversine_m(121.4737, 31.2304, 116.4074, 39.9042) - h) < 1e-6);
}

static void test_haversine_vs_cosines(void)
{
	/* a fixed spread of county-scale and continental pairs */
	static const double pts[][4] = {
		{ 104.06, 30.67, 104.10, 30.70 },
		{ 87.62, 43.82, 91.11, 29.65 },
		{ -0.1276, 51.5072, 2.3522, 48.8566 },
		{ 151.21, -33.87, -70.67, -33.45 },
		{ 113.2644, 23.1291, 113.2650, 23.1300 },
	};
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		double h = cl_haversine_m(pts[i][0], pts[i][1], pts[i][2], pts[i][3]);
		double c = cosines_m(pts[i][0], pts[i][1], pts[i][2], pts[i][3]);
		double back = cl_haversine_m(pts[i][2], pts[i][3], pts[i][0], pts[i][1]);
		/* law of cosines loses precision for short arcs: allow 0.5 m */
		CHECK(fabs(h - c) < 0.5);
		CHECK(fabs(h - back) < 1e-6);
	}
}

static void test_create_destroy(void)
{
	struct cl_matrix *m = cl_matrix_create(4, 3);

	CHECK(m != NULL);
	if (m) {
		CHECK_INT(m->n, 4);
		CHECK_INT(m->ntypes, 3);
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				CHECK_INT(cl_dist(m, i, j), 0);
				for (int t = 0; t < 3; t++)
					CHECK_INT(cl_time(m, t, i, j), 0);
			}
		m->dist_m[1 * 4 + 2] = 77;
		m->time_s[2][3 * 4 + 0] = 9;
		CHECK_INT(cl_dist(m, 1, 2), 77);
		CHECK_INT(cl_time(m, 2, 3, 0), 9);
	}
	cl_matrix_destroy(m);
	cl_matrix_destroy(NULL);

	m = cl_matrix_create(0, 0);
	CHECK(m != NULL);
	cl_matrix_destroy(m);
	CHECK(cl_matrix_create(-1, 1) == NULL);
	CHECK(cl_matrix_create(3, -1) == NULL);
}

/* Three sites around a Chinese county town, two vehicle types. */
static struct cl_site geo_sites[3] = {
	{ .id = "depot", .lon = 104.0650, .lat = 30.6590, .record = -1 },
	{ .id = "V1", .lon = 104.1650, .lat = 30.7000, .record = 0 },
	{ .id = "V2", .lon = 103.9800, .lat = 30.5200, .record = 1 },
};

static struct cl_vtype geo_types[2] = {
	{ .name = "van", .count = 1, .capacity = 100, .speed_kmh = 36.0 },
	{ .name = "etricycle", .count = 1, .capacity = 20, .speed_kmh = 18.0 },
};

static struct cl_instance geo_inst(void)
{
	struct cl_instance inst = {
		.source = "villages.shp", .nsites = 3, .sites = geo_sites,
		.ntypes = 2, .types = geo_types,
	};
	return inst;
}

static void test_geo_plain(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix *m = NULL;
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_matrix_geo(&inst, 1.0, &m, &err), CL_OK);
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_INT(m->n, 3);
	CHECK_INT(m->ntypes, 2);
	for (int i = 0; i < 3; i++) {
		CHECK_INT(cl_dist(m, i, i), 0);
		CHECK_INT(cl_time(m, 0, i, i), 0);
		CHECK_INT(cl_time(m, 1, i, i), 0);
		for (int j = 0; j < 3; j++) {
			double h = cl_haversine_m(geo_sites[i].lon, geo_sites[i].lat,
						  geo_sites[j].lon, geo_sites[j].lat);
			int32_t d = cl_dist(m, i, j);
			CHECK_INT(d, (long long)floor(h + 0.5));
			CHECK_INT(d, cl_dist(m, j, i));
			CHECK_INT(cl_time(m, 0, i, j), cl_time(m, 0, j, i));
			CHECK_INT(cl_time(m, 1, i, j), cl_time(m, 1, j, i));
			/* 36 km/h = 10 m/s, 18 km/h = 5 m/s */
			CHECK_INT(cl_time(m, 0, i, j), (long long)floor(d / 10.0 + 0.5));
			CHECK_INT(cl_time(m, 1, i, j), (long long)floor(d / 5.0 + 0.5));
		}
	}
	/* depot to V1: about 10.7 km */
	CHECK(cl_dist(m, 0, 1) > 10000 && cl_dist(m, 0, 1) < 11500);
	cl_matrix_destroy(m);
}

static void test_geo_detour(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix *m1 = NULL, *m13 = NULL;
	struct cl_error err;

	CHECK_INT(cl_matrix_geo(&inst, 1.0, &m1, &err), CL_OK);
	CHECK_INT(cl_matrix_geo(&inst, 1.3, &m13, &err), CL_OK);
	if (!m1 || !m13) {
		cl_matrix_destroy(m1);
		cl_matrix_destroy(m13);
		CHECK(0);
		return;
	}
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			double h = cl_haversine_m(geo_sites[i].lon, geo_sites[i].lat,
						  geo_sites[j].lon, geo_sites[j].lat);
			int32_t d = cl_dist(m13, i, j);
			CHECK_INT(d, (long long)floor(h * 1.3 + 0.5));
			CHECK(fabs(d - 1.3 * cl_dist(m1, i, j)) <= 1.0);
			CHECK_INT(cl_time(m13, 0, i, j), (long long)floor(d / 10.0 + 0.5));
			CHECK_INT(cl_time(m13, 1, i, j), (long long)floor(d / 5.0 + 0.5));
			/* the slower type always takes about twice as long */
			CHECK(abs(cl_time(m13, 1, i, j) - 2 * cl_time(m13, 0, i, j)) <= 1);
		}
	cl_matrix_destroy(m1);
	cl_matrix_destroy(m13);
}

static void test_geo_rejects(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix dummy;
	struct cl_matrix *m = &dummy;   /* must be reset to NULL */
	struct cl_vtype slow[2];
	struct cl_site bad[3];
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_matrix_geo(&inst, 0.99, &m, &err), CL_EINPUT);
	CHECK(m == NULL);
	CHECK_INT(err.status, CL_EINPUT);
	CHECK_HAS(err.msg, "detour");
	CHECK_HAS(err.msg, ">= 1");
	CHECK_INT(cl_matrix_geo(&inst, 0.0, &m, &err), CL_EINPUT);
	CHECK_INT(cl_matrix_geo(&inst, -2.0, &m, &err), CL_EINPUT);
	CHECK_INT(cl_matrix_geo(&inst, NAN, &m, &err), CL_EINPUT);
	CHECK_INT(cl_matrix_geo(&inst, INFINITY, &m, &err), CL_EINPUT);
	CHECK(m == NULL);

	memcpy(slow, geo_types, sizeof slow);
	slow[1].speed_kmh = 0.0;
	inst.types = slow;
	CHECK_INT(cl_matrix_geo(&inst, 1.2, &m, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "etricycle");
	CHECK_HAS(err.msg, "speed");
	CHECK(m == NULL);

	inst = geo_inst();
	memcpy(bad, geo_sites, sizeof bad);
	bad[2].lat = 95.0;
	inst.sites = bad;
	CHECK_INT(cl_matrix_geo(&inst, 1.2, &m, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "V2");
	CHECK(m == NULL);

	/* an absurd detour overflows int32 metres: refused, nothing leaked */
	inst = geo_inst();
	CHECK_INT(cl_matrix_geo(&inst, 1e6, &m, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "overflow");
	CHECK(m == NULL);
}

static void test_geo_too_many_sites(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix *m = NULL;
	struct cl_error err;
	int n = 46341;   /* first n with n*n above INT32_MAX */
	struct cl_site *many = calloc((size_t)n, sizeof *many);

	CHECK(many != NULL);
	if (!many)
		return;
	inst.sites = many;
	inst.nsites = n;
	CHECK_INT(cl_matrix_geo(&inst, 1.3, &m, &err), CL_EINPUT);
	CHECK(m == NULL);
	CHECK_HAS(err.msg, "46341 sites");
	CHECK_HAS(err.msg, "too many");
	free(many);
}

/* n sites scattered over about 1 x 1 degree near (104, 30.5) by a linear
 * congruential generator from `seed`; record i - 1 (site 0 the depot). */
static void random_sites(struct cl_site *many, int n, unsigned seed)
{
	unsigned x = seed;

	for (int i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		many[i].lon = 103.5 + (double)(x >> 8) / (double)(1u << 24);
		x = x * 1103515245u + 12345u;
		many[i].lat = 30.0 + (double)(x >> 8) / (double)(1u << 24);
		many[i].record = i - 1;
	}
}

/*
 * More sites than one tile of the mirrored copy (64), and not a multiple
 * of it: every entry, both triangles, is cl_haversine_m's distance times
 * the detour, rounded, and each type's time follows from it.
 */
static void test_geo_many(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix *m = NULL;
	struct cl_error err;
	int n = 157;
	struct cl_site *many = calloc((size_t)n, sizeof *many);
	int bad = 0;

	CHECK(many != NULL);
	if (!many)
		return;
	random_sites(many, n, 12345u);
	inst.sites = many;
	inst.nsites = n;
	CHECK_INT(cl_matrix_geo(&inst, 1.3, &m, &err), CL_OK);
	if (!m) {
		free(many);
		CHECK(0);
		return;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			double h = i == j ? 0.0 :
				   cl_haversine_m(many[i].lon, many[i].lat, many[j].lon, many[j].lat);
			int32_t d = cl_dist(m, i, j);
			bad += d != (int32_t)round(h * 1.3);
			bad += cl_time(m, 0, i, j) != (int32_t)round(d / 10.0);
			bad += cl_time(m, 1, i, j) != (int32_t)round(d / 5.0);
		}
	CHECK_INT(bad, 0);
	CHECK(cl_dist(m, 100, 3) > 0 && cl_dist(m, 3, 100) == cl_dist(m, 100, 3));
	cl_matrix_destroy(m);
	free(many);
}

/*
 * cl_matrix_geo_threads: 1,100 sites (above the size that gets threads; not
 * a multiple of a tile) on 1, 2, 3 and 8 threads give exactly the same
 * matrix, both triangles and every type's times; and an overflowing
 * detour names the same first pair as one thread does.
 */
static void test_geo_threads(void)
{
	struct cl_instance inst = geo_inst();
	struct cl_matrix *one = NULL;
	struct cl_error err, err1;
	int n = 1100;
	struct cl_site *many = calloc((size_t)n, sizeof *many);

	CHECK(many != NULL);
	if (!many)
		return;
	random_sites(many, n, 777u);
	for (int i = 0; i < n; i++)
		many[i].id = i == 0 ? "depot" : "V";
	inst.sites = many;
	inst.nsites = n;
	CHECK_INT(cl_matrix_geo(&inst, 1.3, &one, &err), CL_OK);
	int nt[] = { 1, 2, 3, 8 };
	for (int k = 0; k < 4 && one; k++) {
		struct cl_matrix *m = NULL;
		size_t nn = sizeof(int32_t) * (size_t)n * (size_t)n;
		CHECK_INT(cl_matrix_geo_threads(&inst, 1.3, nt[k], &m, &err), CL_OK);
		CHECK(m && !memcmp(m->dist_m, one->dist_m, nn) &&
		      !memcmp(m->time_s[0], one->time_s[0], nn) &&
		      !memcmp(m->time_s[1], one->time_s[1], nn));
		cl_matrix_destroy(m);
	}
	/* sites 700 and 800 60 degrees east, 900 60 degrees west, detour 250:
	 * only 700-900 and 800-900 overflow, found on two threads (rows 700
	 * and 800 of 3); the message names the first, 700-900 */
	many[700].lon = many[800].lon = 164.0;
	many[900].lon = 44.0;
	many[700].id = "far1";
	many[800].id = "far3";
	many[900].id = "far2";
	struct cl_matrix *m = NULL;
	CHECK_INT(cl_matrix_geo(&inst, 250, &m, &err1), CL_EINPUT);
	CHECK(strstr(err1.msg, "\"far1\" to \"far2\"") != NULL);
	CHECK_INT(cl_matrix_geo_threads(&inst, 250, 3, &m, &err), CL_EINPUT);
	CHECK(m == NULL && strcmp(err.msg, err1.msg) == 0);
	cl_matrix_destroy(one);
	free(many);
}

/* A pseudo-random number in [0, 1) from the state *x (a 64-bit LCG). */
static double unit(uint64_t *x)
{
	*x = *x * 6364136223846793005u + 1442695040888963407u;
	return (double)(*x >> 11) / 9007199254740992.0;
}

/*
 * model/greatcircle.h's difference formula against cl_haversine_m over
 * 200,000 pairs: anywhere on the globe, county scale (within a degree),
 * near-identical (1e-6 and 1e-11 degrees apart, where a 1 - cos form
 * would lose every digit), identical, across the antimeridian and the
 * poles, and near-antipodal. Within a tenth of CL_GC_TOL_M wherever the
 * matrix uses it (root <= CL_GC_ROOT; in fact within about 1e-8 m: the
 * error is absolute, the same for a millimetre as for 1,000 km, where a
 * 1 - cos form would be off by up to 0.1 m on the pairs 1e-6 degrees
 * apart), and symmetric to the bit everywhere.
 */
static void test_gc_fast_precision(void)
{
	uint64_t x = 99;
	double worst = 0.0;
	int asym = 0, used = 0, beyond = 0;

	for (int k = 0; k < 200000; k++) {
		double lon1 = -180.0 + 360.0 * unit(&x), lat1 = -90.0 + 180.0 * unit(&x);
		double lon2, lat2, span;
		switch (k % 7) {
		case 0: lon2 = -180.0 + 360.0 * unit(&x); lat2 = -90.0 + 180.0 * unit(&x); break;
		case 1: span = 1.0; goto near;
		case 2: span = 1e-6; goto near;
		case 3: span = 1e-11;
		near:
			lon2 = lon1 + span * (unit(&x) - 0.5);
			lat2 = lat1 + span * (unit(&x) - 0.5);
			break;
		case 4: lon2 = lon1; lat2 = lat1; break;
		case 5: lon1 = 179.9 + 0.1 * unit(&x); lon2 = -180.0 + 0.1 * unit(&x);
			lat2 = lat1 + 0.1 * (unit(&x) - 0.5); break;
		default: lon2 = lon1 + 180.0 - 1e-3 * unit(&x); lat2 = -lat1 + 1e-3 * unit(&x); break;
		}
		lat2 = lat2 > 90.0 ? 90.0 : lat2 < -90.0 ? -90.0 : lat2;
		struct cl_gc_site a = cl_gc_site(lon1, lat1), b = cl_gc_site(lon2, lat2);
		double ra, rb, f = cl_gc_fast_m(&a, &b, &ra), g = cl_gc_fast_m(&b, &a, &rb);
		double h = cl_haversine_m(lon1, lat1, lon2, lat2);
		asym += f != g || ra != rb;
		if (ra > CL_GC_ROOT) {
			beyond++;
			continue;
		}
		used++;
		if (fabs(f - h) > worst)
			worst = fabs(f - h);
	}
	CHECK_INT(asym, 0);
	CHECK(used > 150000 && beyond > 20000);
	CHECK(worst < CL_GC_TOL_M / 10.0);
	/* the bound at work: 10 m and 1e-11 degrees (1 mm) apart */
	struct cl_gc_site p = cl_gc_site(104.0, 30.0), q = cl_gc_site(104.0, 30.0 + 10.0 / 111195.08),
			  r = cl_gc_site(104.0 + 1e-11, 30.0);
	double root;
	CHECK(fabs(cl_gc_fast_m(&p, &q, &root) - 10.0) < 1e-6);
	CHECK(fabs(cl_gc_fast_m(&p, &r, &root) - cl_haversine_m(104.0, 30.0, 104.0 + 1e-11, 30.0)) <
	      1e-8);
	CHECK(cl_gc_fast_m(&p, &p, &root) == 0.0 && root == 0.0);
}

/*
 * The matrix's entries are round(cl_haversine_m x detour) to the metre
 * even where that product is a hair from a half metre, where the
 * difference formula's last bits could round the other way: 300
 * instances of 20 sites (county scale, near-identical, continental), each
 * with the detour that puts its pair (0, 1) on k + 0.5 metres, and the
 * times (halves away from zero) of a type whose speed makes d / speed a
 * half second.
 */
static void test_geo_half_metres(void)
{
	struct cl_vtype types[1] = { { .name = "van", .count = 1, .capacity = 1,
				       .speed_kmh = 7.2 } };   /* 2 m/s: odd metres are k + 0.5 s */
	struct cl_site sites[20];
	struct cl_instance inst = { .source = "villages.shp", .nsites = 20, .sites = sites,
				    .ntypes = 1, .types = types };
	uint64_t x = 7;
	int bad = 0, asym = 0, checked = 0;

	memset(sites, 0, sizeof sites);
	for (int k = 0; k < 300; k++) {
		double span = k % 3 == 0 ? 0.5 : k % 3 == 1 ? 1e-4 : 20.0;
		for (int i = 0; i < 20; i++) {
			sites[i].id = "V";
			sites[i].lon = 100.0 + span * unit(&x);
			sites[i].lat = 20.0 + span * unit(&x);
		}
		double h = cl_haversine_m(sites[0].lon, sites[0].lat, sites[1].lon, sites[1].lat);
		if (!(h > 0.0))
			continue;
		double detour = (ceil(h) + 0.5) / h;
		struct cl_matrix *m = NULL;
		struct cl_error err;
		if (cl_matrix_geo(&inst, detour, &m, &err) != CL_OK || !m) {
			bad++;
			continue;
		}
		for (int i = 0; i < 20; i++)
			for (int j = 0; j < 20; j++) {
				double e = i == j ? 0.0 :
					   round(cl_haversine_m(sites[i].lon, sites[i].lat,
								sites[j].lon, sites[j].lat) * detour);
				bad += cl_dist(m, i, j) != (int32_t)e;
				bad += cl_time(m, 0, i, j) != (int32_t)round(e / (7.2 / 3.6));
				asym += cl_dist(m, i, j) != cl_dist(m, j, i);
				checked++;
			}
		cl_matrix_destroy(m);
	}
	CHECK(checked > 100000);
	CHECK_INT(bad, 0);
	CHECK_INT(asym, 0);
}

int main(void)
{
	RUN(test_haversine_known);
	RUN(test_haversine_beijing_shanghai);
	RUN(test_haversine_vs_cosines);
	RUN(test_create_destroy);
	RUN(test_geo_plain);
	RUN(test_geo_detour);
	RUN(test_geo_rejects);
	RUN(test_geo_too_many_sites);
	RUN(test_geo_many);
	RUN(test_geo_threads);
	RUN(test_gc_fast_precision);
	RUN(test_geo_half_metres);
	TT_END();
}
