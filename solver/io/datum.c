/*
 * io/datum.c -- GCJ-02 and BD-09 (io/datum.h).
 */
#include <math.h>
#include <string.h>

#include "io/datum.h"

#define PI 3.14159265358979323846
#define GCJ_A 6378245.0                 /* Krasovsky 1940 semi-major axis */
#define GCJ_EE 0.00669342162296594323   /* its first eccentricity squared */
#define BD_XPI (PI * 3000.0 / 180.0)
#define TOLERANCE 1e-9                  /* degrees, about 0.1 mm */
#define MAX_STEPS 30

int cl_datum_parse(const char *s, enum cl_datum *d)
{
	char key[16];
	size_t k = 0;

	for (; *s && k + 1 < sizeof key; s++)
		if (*s != '-' && *s != '_' && *s != ' ')
			key[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	key[k] = '\0';
	if (!strcmp(key, "wgs84") || !strcmp(key, "cgcs2000"))
		*d = CL_DATUM_WGS84;
	else if (!strcmp(key, "gcj02"))
		*d = CL_DATUM_GCJ02;
	else if (!strcmp(key, "bd09"))
		*d = CL_DATUM_BD09;
	else
		return -1;
	return 0;
}

const char *cl_datum_name(enum cl_datum d)
{
	return d == CL_DATUM_GCJ02 ? "GCJ-02" : d == CL_DATUM_BD09 ? "BD-09" : "WGS 84";
}

/* Rectangles: north, west, south, east (degrees). */
struct rect {
	double n, w, s, e;
};

static const struct rect china[] = {
	{ 49.220400, 79.446200, 42.889900, 96.330000 },
	{ 54.141500, 109.687200, 39.374200, 135.000200 },
	{ 42.889900, 73.124600, 29.529700, 124.143255 },
	{ 29.529700, 82.968400, 26.718600, 97.035200 },
	{ 29.529700, 97.025300, 20.414096, 124.367395 },
	{ 20.414096, 107.975793, 17.871542, 111.744104 },
};

static const struct rect not_china[] = {
	{ 25.398623, 119.921265, 21.785006, 122.497559 },   /* Taiwan */
	{ 22.284000, 101.865200, 20.098800, 106.665000 },   /* Laos, Vietnam */
	{ 21.542200, 106.452500, 20.487800, 108.051000 },   /* Vietnam */
	{ 55.817500, 109.032300, 50.325700, 119.127000 },   /* Mongolia, Russia */
	{ 55.817500, 127.456800, 49.557400, 137.022700 },   /* Russia */
	{ 44.892200, 131.266200, 42.569200, 137.022700 },   /* Russia */
};

static int in(const struct rect *r, double lon, double lat)
{
	return lat <= r->n && lat >= r->s && lon >= r->w && lon <= r->e;
}

int cl_in_mainland_china(double lon, double lat)
{
	int inside = 0;

	for (size_t i = 0; i < sizeof china / sizeof china[0] && !inside; i++)
		inside = in(&china[i], lon, lat);
	for (size_t i = 0; i < sizeof not_china / sizeof not_china[0] && inside; i++)
		inside = !in(&not_china[i], lon, lat);
	return inside;
}

static double shift_lat(double x, double y)
{
	double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));

	r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
	r += (20.0 * sin(y * PI) + 40.0 * sin(y / 3.0 * PI)) * 2.0 / 3.0;
	r += (160.0 * sin(y / 12.0 * PI) + 320.0 * sin(y * PI / 30.0)) * 2.0 / 3.0;
	return r;
}

static double shift_lon(double x, double y)
{
	double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));

	r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
	r += (20.0 * sin(x * PI) + 40.0 * sin(x / 3.0 * PI)) * 2.0 / 3.0;
	r += (150.0 * sin(x / 12.0 * PI) + 300.0 * sin(x / 30.0 * PI)) * 2.0 / 3.0;
	return r;
}

/* WGS 84 -> GCJ-02, with no test of the region. */
static void gcj_forward(double lon, double lat, double *glon, double *glat)
{
	double dlat = shift_lat(lon - 105.0, lat - 35.0);
	double dlon = shift_lon(lon - 105.0, lat - 35.0);
	double rad = lat / 180.0 * PI, magic = sin(rad), sq;

	magic = 1 - GCJ_EE * magic * magic;
	sq = sqrt(magic);
	dlat = dlat * 180.0 / ((GCJ_A * (1 - GCJ_EE)) / (magic * sq) * PI);
	dlon = dlon * 180.0 / (GCJ_A / sq * cos(rad) * PI);
	*glat = lat + dlat;
	*glon = lon + dlon;
}

/* GCJ-02 -> BD-09. */
static void bd_forward(double lon, double lat, double *blon, double *blat)
{
	double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * BD_XPI);
	double t = atan2(lat, lon) + 0.000003 * cos(lon * BD_XPI);

	*blon = z * cos(t) + 0.0065;
	*blat = z * sin(t) + 0.006;
}

/* WGS 84 -> datum d, no region test. */
static void forward(enum cl_datum d, double lon, double lat, double *x, double *y)
{
	*x = lon;
	*y = lat;
	if (d == CL_DATUM_WGS84)
		return;
	gcj_forward(lon, lat, x, y);
	if (d == CL_DATUM_BD09)
		bd_forward(*x, *y, x, y);
}

void cl_datum_from_wgs84(enum cl_datum d, double *lon, double *lat)
{
	if (d == CL_DATUM_WGS84 || !cl_in_mainland_china(*lon, *lat))
		return;
	forward(d, *lon, *lat, lon, lat);
}

void cl_datum_to_wgs84(enum cl_datum d, double *lon, double *lat)
{
	double x = *lon, y = *lat, fx, fy;

	if (d == CL_DATUM_WGS84 || !isfinite(x) || !isfinite(y))
		return;
	/* Fixed point: w <- w - (forward(w) - target). The shift changes by
	   well under 1% between neighbouring positions, so this contracts
	   fast (3-5 steps to 1e-9 degree). */
	for (int k = 0; k < MAX_STEPS; k++) {
		forward(d, x, y, &fx, &fy);
		fx -= *lon;
		fy -= *lat;
		x -= fx;
		y -= fy;
		if (fabs(fx) < TOLERANCE && fabs(fy) < TOLERANCE)
			break;
	}
	/* the region is decided on the WGS 84 position */
	if (cl_in_mainland_china(x, y)) {
		*lon = x;
		*lat = y;
	}
}
