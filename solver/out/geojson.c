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
 * routes.geojson, one LineString per route:
 *   vehicle ("van-1"), type, stops, dist_m, dur_s, start and end ("HH:MM":
 *   departure from and return to the depot), load (parcels loaded at the
 *   depot), cost (2 decimals). The line runs depot -> stops -> depot
 *   along the roads when the router has leg shapes (--roads), else in
 *   straight segments (see route_line()). A line with fewer than two
 *   distinct positions cannot be an RFC 7946 LineString; such a Feature
 *   gets "geometry": null (RFC 7946 3.2) rather than an invalid line.
 *
 * stops.geojson, one Point per
 *   kind "depot":      the depot (only id and name set),
 *   kind "visit":      a stop of a route: vehicle, seq (1-based on the
 *                      route), id, name, arrival, start (service start after
 *                      waiting), load (on board after the stop), deliver,
 *                      pickup,
 *   kind "unassigned": a village on no route: id, name, deliver and pickup
 *                      (what it asked for) and reason.
 * Then the kept columns (--keep-fields) under their names, as text (null
 * for the depot).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out/jsonw.h"
#include "out/internal.h"

#define COORD_DECIMALS 6
#define COST_DECIMALS 2

struct pos {
	double lon, lat;
};

/* Append the positions of one leg to p[*k..], growing p. CL_OK or
 * CL_EINTERNAL (out of memory). */
static int append_leg(struct pos **p, int *k, int *cap, const double *xy, int n,
		      struct cl_error *err)
{
	for (int i = 0; i < n; i++) {
		if (*k > 0 && (*p)[*k - 1].lon == xy[2 * i] && (*p)[*k - 1].lat == xy[2 * i + 1])
			continue;    /* the joint between two legs, or a repeat */
		if (*k == *cap) {
			int ncap = *cap * 2 + 16;
			struct pos *q = realloc(*p, sizeof *q * (size_t)ncap);
			if (!q)
				return cl_oom(err, "for a route line");
			*p = q;
			*cap = ncap;
		}
		(*p)[*k].lon = xy[2 * i];
		(*p)[(*k)++].lat = xy[2 * i + 1];
	}
	return CL_OK;
}

/*
 * The positions of route r's line: the depot, each stop in driving order,
 * the depot again. With a router that has route shapes (route_shape, one
 * call per route) or leg shapes (leg_shape, one call per leg) each leg
 * follows its roads and the legs are joined, the
 * shared joint vertex written once; otherwise straight segments between
 * the sites. This is the one place that decides a route's shape. On
 * success *out (owned by the caller, free()) holds *n positions.
 */
static int route_line(const struct cl_instance *inst, const struct cl_route *r,
		      const struct cl_runinfo *info, struct pos **out, int *n,
		      struct cl_error *err)
{
	const struct cl_router *rt = info ? info->router : NULL;
	struct pos *p;
	int k = 0, cap = r->nstops + 2, rc = CL_OK;

	*out = NULL;
	*n = 0;
	p = malloc(sizeof *p * ((size_t)cap));
	if (!p)
		return cl_oom(err, "for a route line");
	if (rt && rt->route_shape && r->nstops > 0) {
		double *xy = NULL;
		int np = 0;

		rc = rt->route_shape(rt->ctx, inst, r->type, r->stops, r->nstops, &xy, &np, err);
		if (rc == CL_OK)
			rc = append_leg(&p, &k, &cap, xy, np, err);
		free(xy);
		if (rc) {
			free(p);
			return rc;
		}
		*out = p;
		*n = k;
		return CL_OK;
	}
	if (rt && rt->leg_shape && r->nstops > 0) {
		for (int i = 0; i <= r->nstops; i++) {
			int a = i == 0 ? 0 : r->stops[i - 1];
			int b = i == r->nstops ? 0 : r->stops[i];
			double *xy = NULL;
			int np = 0;

			rc = rt->leg_shape(rt->ctx, inst, r->type, a, b, &xy, &np, err);
			if (rc == CL_OK)
				rc = append_leg(&p, &k, &cap, xy, np, err);
			free(xy);
			if (rc) {
				free(p);
				return rc;
			}
		}
		*out = p;
		*n = k;
		return CL_OK;
	}
	p[k].lon = inst->sites[0].lon;
	p[k++].lat = inst->sites[0].lat;
	for (int i = 0; i < r->nstops; i++) {
		p[k].lon = inst->sites[r->stops[i]].lon;
		p[k++].lat = inst->sites[r->stops[i]].lat;
	}
	p[k].lon = inst->sites[0].lon;
	p[k++].lat = inst->sites[0].lat;
	*out = p;
	*n = k;
	return CL_OK;
}

/* Do two positions print the same with COORD_DECIMALS decimals? */
static int same_printed(struct pos a, struct pos b)
{
	return llround(a.lon * 1e6) == llround(b.lon * 1e6) &&
	       llround(a.lat * 1e6) == llround(b.lat * 1e6);
}

static int distinct_positions(const struct pos *p, int n)
{
	for (int i = 1; i < n; i++)
		if (!same_printed(p[0], p[i]))
			return 2;
	return n > 0 ? 1 : 0;
}

/*
 * A time of day as a property: cl_format_hhmm() with 'h' for ':' (see the
 * top of the file for why).
 */
/* Times as "HH:MM", as the issue and dispatchers want. GDAL reads these as
 * Time fields; shapefiles have no Time type, so converting to a shapefile
 * takes `ogr2ogr -mapFieldType Time=String` (see README.md). */
static void write_time(struct cl_jsonw *w, const char *key, int secs)
{
	char buf[16];

	cl_format_hhmm(secs, buf);
	cl_jsonw_kstring(w, key, buf);
}

static void write_position(struct cl_jsonw *w, double lon, double lat)
{
	cl_jsonw_begin_array_flat(w);
	cl_jsonw_double(w, lon, COORD_DECIMALS);
	cl_jsonw_double(w, lat, COORD_DECIMALS);
	cl_jsonw_end_array(w);
}

static void write_point(struct cl_jsonw *w, const struct cl_site *s)
{
	cl_jsonw_key(w, "geometry");
	cl_jsonw_begin_object(w);
	cl_jsonw_kstring(w, "type", "Point");
	cl_jsonw_key(w, "coordinates");
	write_position(w, s->lon, s->lat);
	cl_jsonw_end_object(w);
}

static void begin_collection(struct cl_jsonw *w)
{
	cl_jsonw_begin_object(w);
	cl_jsonw_kstring(w, "type", "FeatureCollection");
	cl_jsonw_key(w, "features");
	cl_jsonw_begin_array(w);
}

static int end_collection(struct cl_jsonw *w)
{
	cl_jsonw_end_array(w);
	cl_jsonw_end_object(w);
	return cl_jsonw_finish(w);
}

/* routes.geojson to fp (see out/internal.h); fp stays the caller's. */
int cl_out_routes_geojson(FILE *fp, const struct cl_instance *inst,
			  const struct cl_solution *sol,
			  const struct cl_report *rep,
			  const struct cl_runinfo *info, struct cl_error *err)
{
	struct cl_jsonw w;
	struct pos *line = NULL;
	char label[CL_OUT_LABEL_MAX];
	int rc = CL_OK, n = 0;

	cl_jsonw_init(&w, fp, CL_JSONW_PRETTY, err);
	begin_collection(&w);
	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *route = &sol->routes[r];
		const struct cl_route_eval *ev = &rep->routes[r];

		rc = cl_out_vehicle_label(inst, route, label, err);
		if (rc)
			goto cleanup;
		rc = route_line(inst, route, info, &line, &n, err);
		if (rc)
			goto cleanup;
		cl_jsonw_begin_object_flat(&w);
		cl_jsonw_kstring(&w, "type", "Feature");
		cl_jsonw_key(&w, "properties");
		cl_jsonw_begin_object(&w);
		cl_jsonw_kstring(&w, "vehicle", label);
		cl_jsonw_kstring(&w, "type", inst->types[route->type].name);
		cl_jsonw_kint(&w, "stops", route->nstops);
		cl_jsonw_kint(&w, "dist_m", ev->dist_m);
		cl_jsonw_kint(&w, "dur_s", ev->dur_s);
		write_time(&w, "start", ev->start_s);
		write_time(&w, "end", ev->end_s);
		cl_jsonw_kint(&w, "load", ev->load_start);
		cl_jsonw_kdouble(&w, "cost", ev->cost, COST_DECIMALS);
		cl_jsonw_end_object(&w);
		if (distinct_positions(line, n) < 2) {
			cl_jsonw_knull(&w, "geometry");
		} else {
			cl_jsonw_key(&w, "geometry");
			cl_jsonw_begin_object(&w);
			cl_jsonw_kstring(&w, "type", "LineString");
			cl_jsonw_key(&w, "coordinates");
			cl_jsonw_begin_array(&w);
			for (int i = 0; i < n; i++)
				write_position(&w, line[i].lon, line[i].lat);
			cl_jsonw_end_array(&w);
			cl_jsonw_end_object(&w);
		}
		rc = cl_jsonw_end_object(&w);
		free(line);
		line = NULL;
		if (rc)
			goto cleanup;
	}
	rc = end_collection(&w);
cleanup:
	free(line);
	return rc;
}

/*
 * One stops.geojson Feature. vehicle, ev and reason are NULL and seq is 0
 * where they do not apply; with_demand says whether deliver and pickup
 * are set.
 */
static int write_stop(struct cl_jsonw *w, const struct cl_instance *inst,
		      const char *kind, const char *vehicle,
		      int seq, const struct cl_site *s,
		      const struct cl_stop_eval *ev, int with_demand,
		      const char *reason, const double *snap)
{
	cl_jsonw_begin_object_flat(w);
	cl_jsonw_kstring(w, "type", "Feature");
	cl_jsonw_key(w, "properties");
	cl_jsonw_begin_object(w);
	cl_jsonw_kstring(w, "kind", kind);
	cl_jsonw_kstring(w, "vehicle", vehicle);
	if (seq > 0)
		cl_jsonw_kint(w, "seq", seq);
	else
		cl_jsonw_knull(w, "seq");
	cl_jsonw_kstring(w, "id", s->id);
	cl_jsonw_kstring(w, "name", s->name);
	if (ev) {
		write_time(w, "arrival", ev->arrival_s);
		write_time(w, "start", ev->start_s);
		cl_jsonw_kint(w, "load", ev->load);
	} else {
		cl_jsonw_knull(w, "arrival");
		cl_jsonw_knull(w, "start");
		cl_jsonw_knull(w, "load");
	}
	if (with_demand) {
		cl_jsonw_kint(w, "deliver", s->demand);
		cl_jsonw_kint(w, "pickup", s->pickup);
	} else {
		cl_jsonw_knull(w, "deliver");
		cl_jsonw_knull(w, "pickup");
	}
	cl_jsonw_kstring(w, "reason", reason);
	if (snap && isfinite(*snap))
		cl_jsonw_kdouble(w, "snap_m", *snap, 1);
	else
		cl_jsonw_knull(w, "snap_m");
	for (int k = 0; k < inst->nkept; k++)
		cl_jsonw_kstring(w, inst->kept_names[k],
				 s == &inst->sites[0] ? NULL : cl_site_kept(s, k));
	cl_jsonw_end_object(w);
	write_point(w, s);
	return cl_jsonw_end_object(w);
}

/* stops.geojson to fp (see out/internal.h); fp stays the caller's. */
int cl_out_stops_geojson(FILE *fp, const struct cl_instance *inst,
			 const struct cl_solution *sol,
			 const struct cl_report *rep,
			 const struct cl_runinfo *info, struct cl_error *err)
{
	struct cl_jsonw w;
	char label[CL_OUT_LABEL_MAX];
	int rc;

	/* The snap legs, when the router knows them: per vehicle type for
	 * the visits, to the nearest road of any class for the rest. */
	const struct cl_router *rt = info ? info->router : NULL;
	char why[CL_OUT_REASON_MAX];
	double snap;
#define SNAP(type, site) (rt && rt->snap_m ? (snap = rt->snap_m(rt->ctx, type, site), &snap) : NULL)
	cl_jsonw_init(&w, fp, CL_JSONW_PRETTY, err);
	begin_collection(&w);
	write_stop(&w, inst, "depot", NULL, 0, &inst->sites[0], NULL, 0, NULL, SNAP(-1, 0));
	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *route = &sol->routes[r];

		rc = cl_out_vehicle_label(inst, route, label, err);
		if (rc)
			return rc;
		for (int i = 0; i < route->nstops; i++)
			write_stop(&w, inst, "visit", label, i + 1,
				   &inst->sites[route->stops[i]],
				   &rep->routes[r].stops[i], 1, NULL,
				   SNAP(route->type, route->stops[i]));
	}
	for (int u = 0; u < sol->nunassigned; u++)
		write_stop(&w, inst, "unassigned", NULL, 0,
			   &inst->sites[sol->unassigned[u]], NULL, 1,
			   cl_out_reason(inst, sol, u, info, why, sizeof why),
			   SNAP(-1, sol->unassigned[u]));
#undef SNAP
	return end_collection(&w);
}
