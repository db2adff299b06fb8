/*
 * out/geojson.c -- routes.geojson and stops.geojson (RFC 7946).
 *
 * Both are FeatureCollections in lon/lat with 6 decimals (about 0.1 m) and
 * no "crs" member, one Feature per line. Property keys have at most 10
 * ASCII characters (shapefile field names), and every Feature of a file has
 * the same keys, null where a key does not apply, so that GDAL infers one
 * schema for the layer.
 *
 * Times of day are "HH:MM" strings, as dispatchers read them. GDAL's
 * GeoJSON reader types such properties as Time fields; a shapefile cannot
 * hold those, so converting to a shapefile takes
 * `ogr2ogr -mapFieldType Time=String` (and `-lco ENCODING=UTF-8` for
 * Chinese names; without it GDAL writes ISO-8859-1 and warns). Both are in
 * README.md and in tests/e2e/output_gdal_test.sh.
 *
 * The two files are the routes and stops layers of out/layers.h (which
 * says what each property holds), one Feature per row, the properties in
 * column order. A line with fewer than two distinct positions cannot be
 * an RFC 7946 LineString; such a Feature gets "geometry": null (RFC 7946
 * 3.2) rather than an invalid line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out/jsonw.h"
#include "out/internal.h"
#include "out/layers.h"

#define COORD_DECIMALS 6

/* Do positions i and j print the same with COORD_DECIMALS decimals? */
static int same_printed(const struct cl_table *t, int i, int j)
{
	return llround(t->lon[i] * 1e6) == llround(t->lon[j] * 1e6) &&
	       llround(t->lat[i] * 1e6) == llround(t->lat[j] * 1e6);
}

/* Does row r's geometry have two positions that print differently? */
static int two_distinct(const struct cl_table *t, int r)
{
	for (int i = t->start[r] + 1; i < t->start[r + 1]; i++)
		if (!same_printed(t, t->start[r], i))
			return 1;
	return 0;
}

static void write_position(struct cl_jsonw *w, double lon, double lat)
{
	cl_jsonw_begin_array_flat(w);
	cl_jsonw_double(w, lon, COORD_DECIMALS);
	cl_jsonw_double(w, lat, COORD_DECIMALS);
	cl_jsonw_end_array(w);
}

/* Row r's geometry: a Point, a LineString, or null. */
static void write_geometry(struct cl_jsonw *w, const struct cl_table *t, int r)
{
	int a = t->start[r], b = t->start[r + 1];

	if (a == b || (t->geom == CL_GEOM_LINE && !two_distinct(t, r))) {
		cl_jsonw_knull(w, "geometry");
		return;
	}
	cl_jsonw_key(w, "geometry");
	cl_jsonw_begin_object(w);
	if (t->geom == CL_GEOM_POINT) {
		cl_jsonw_kstring(w, "type", "Point");
		cl_jsonw_key(w, "coordinates");
		write_position(w, t->lon[a], t->lat[a]);
	} else {
		cl_jsonw_kstring(w, "type", "LineString");
		cl_jsonw_key(w, "coordinates");
		cl_jsonw_begin_array(w);
		for (int i = a; i < b; i++)
			write_position(w, t->lon[i], t->lat[i]);
		cl_jsonw_end_array(w);
	}
	cl_jsonw_end_object(w);
}

/*
 * One FeatureCollection, a Feature per row of t; the run's identity as a
 * foreign member "run_id" of the collection (RFC 7946 6.1) when known.
 */
static int write_table(FILE *fp, const struct cl_table *t, const char *run_id,
		       struct cl_error *err)
{
	struct cl_jsonw w;

	cl_jsonw_init(&w, fp, CL_JSONW_PRETTY, err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "type", "FeatureCollection");
	if (run_id)
		cl_jsonw_kstring(&w, "run_id", run_id);
	cl_jsonw_key(&w, "features");
	cl_jsonw_begin_array(&w);
	for (int r = 0; r < t->nrows; r++) {
		cl_jsonw_begin_object_flat(&w);
		cl_jsonw_kstring(&w, "type", "Feature");
		cl_jsonw_key(&w, "properties");
		cl_jsonw_begin_object(&w);
		for (int c = 0; c < t->ncols; c++) {
			const char *v = cl_table_get(t, r, c);

			if (!v)
				cl_jsonw_knull(&w, t->cols[c].name);
			else if (t->cols[c].type == CL_COL_INT || t->cols[c].type == CL_COL_REAL)
				cl_jsonw_knumber(&w, t->cols[c].name, v);
			else
				cl_jsonw_kstring(&w, t->cols[c].name, v);
		}
		cl_jsonw_end_object(&w);
		write_geometry(&w, t, r);
		if (cl_jsonw_end_object(&w))
			break;
	}
	cl_jsonw_end_array(&w);
	cl_jsonw_end_object(&w);
	return cl_jsonw_finish(&w);
}

int cl_out_routes_geojson(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return write_table(fp[0], &o->layers->routes, o->info ? o->info->run_id : NULL, err);
}

int cl_out_stops_geojson(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return write_table(fp[0], &o->layers->stops, o->info ? o->info->run_id : NULL, err);
}
