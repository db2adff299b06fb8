/*
 * test_datum.c -- GCJ-02 and BD-09 (io/datum.c): the published test
 * vectors, the way back to WGS 84 to 1e-9 degree, the size of the shift,
 * and no shift outside mainland China.
 */
#include <math.h>

#include "io/datum.h"
#include "tinytest.h"

static void test_vectors(void)
{
	/* the vector every public implementation checks (Beijing) */
	double lon = 116.404, lat = 39.915;

	cl_datum_from_wgs84(CL_DATUM_GCJ02, &lon, &lat);
	CHECK(fabs(lon - 116.41024449916938) < 1e-11);
	CHECK(fabs(lat - 39.91640428150164) < 1e-11);
	lon = 116.404;
	lat = 39.915;
	cl_datum_from_wgs84(CL_DATUM_BD09, &lon, &lat);
	CHECK(fabs(lon - 116.41662724378733) < 1e-11);
	CHECK(fabs(lat - 39.922699552216216) < 1e-11);
}

static void test_round_trips(void)
{
	enum cl_datum d[2] = { CL_DATUM_GCJ02, CL_DATUM_BD09 };
	double worst = 0;

	for (int k = 0; k < 2; k++)
		for (double lon = 75.5; lon < 134; lon += 1.7)
			for (double lat = 20.3; lat < 53; lat += 1.3) {
				double x = lon, y = lat;

				if (!cl_in_mainland_china(lon, lat))
					continue;
				cl_datum_from_wgs84(d[k], &x, &y);
				cl_datum_to_wgs84(d[k], &x, &y);
				worst = fmax(worst, fmax(fabs(x - lon), fabs(y - lat)));
			}
	CHECK(worst < 1e-9);   /* 0.1 mm */
}

static void test_shift_size(void)
{
	/* the GBK sample county in Guizhou: GCJ-02 moves it 300-700 m */
	double lon = 107.4321, lat = 26.5612, dx, dy, m;

	cl_datum_from_wgs84(CL_DATUM_GCJ02, &lon, &lat);
	dx = (lon - 107.4321) * 111195 * cos(26.56 * 3.14159265358979 / 180);
	dy = (lat - 26.5612) * 111195;
	m = sqrt(dx * dx + dy * dy);
	CHECK(m > 300 && m < 700);
}

static void test_outside_china(void)
{
	/* Andorra, Taiwan, Hanoi, Ulaanbaatar, Vladivostok: no shift */
	double p[5][2] = { { 1.52, 42.51 }, { 121.56, 25.03 }, { 105.85, 21.03 },
			   { 106.92, 47.92 }, { 131.89, 43.12 } };

	for (int i = 0; i < 5; i++) {
		double x = p[i][0], y = p[i][1];

		CHECK(!cl_in_mainland_china(x, y));
		cl_datum_from_wgs84(CL_DATUM_GCJ02, &x, &y);
		CHECK(x == p[i][0] && y == p[i][1]);
		cl_datum_to_wgs84(CL_DATUM_BD09, &x, &y);
		CHECK(x == p[i][0] && y == p[i][1]);
	}
	/* Beijing, Kashgar, Haikou, Harbin, Lhasa, Hong Kong: inside */
	CHECK(cl_in_mainland_china(116.4, 39.9));
	CHECK(cl_in_mainland_china(75.99, 39.47));
	CHECK(cl_in_mainland_china(110.35, 20.02));
	CHECK(cl_in_mainland_china(126.63, 45.75));
	CHECK(cl_in_mainland_china(91.13, 29.65));
	CHECK(cl_in_mainland_china(114.17, 22.32));
}

static void test_parse(void)
{
	enum cl_datum d = CL_DATUM_WGS84;

	CHECK(cl_datum_parse("GCJ-02", &d) == 0 && d == CL_DATUM_GCJ02);
	CHECK(cl_datum_parse("bd09", &d) == 0 && d == CL_DATUM_BD09);
	CHECK(cl_datum_parse("WGS84", &d) == 0 && d == CL_DATUM_WGS84);
	CHECK(cl_datum_parse("cgcs2000", &d) == 0 && d == CL_DATUM_WGS84);
	CHECK(cl_datum_parse("mars", &d) == -1);
	CHECK_STR(cl_datum_name(CL_DATUM_BD09), "BD-09");
}

int main(void)
{
	RUN(test_vectors);
	RUN(test_round_trips);
	RUN(test_shift_size);
	RUN(test_outside_china);
	RUN(test_parse);
	TT_END();
}
