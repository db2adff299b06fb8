/*
 * out/internal.h -- the output writers behind cl_write_outputs()
 * (output.h). Internal: only output.c and the writers include it.
 *
 * Each writer prints one file's content to a stream the caller opened and
 * will close; it neither flushes nor closes it. The arguments are already
 * checked for consistency by cl_write_outputs() (same number of routes
 * and stops in the solution and the report, site and type indices in
 * range). Every figure printed comes from the instance (names, ids,
 * coordinates, demands), the solution (order of stops) or the report
 * (times, loads, distances, costs); the writers compute none.
 *
 * Return CL_OK, or a status with err filled (the caller adds the path).
 */
#ifndef CUNLU_OUT_INTERNAL_H
#define CUNLU_OUT_INTERNAL_H

#include <stdio.h>

#include "cunlu/check.h"
#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/output.h"
#include "cunlu/solution.h"

struct cl_layers;

/*
 * Everything a writer of the set reads (all borrowed): the plan, its
 * check report, the run, and the routes and stops layers built once from
 * them (out/layers.h).
 */
struct cl_out {
	const struct cl_instance *inst;
	const struct cl_solution *sol;
	const struct cl_report *rep;
	const struct cl_runinfo *info;
	const struct cl_layers *layers;
};

/*
 * Writers of files built from the layers get one stream per file of
 * their entry in output.c (fp[0], or the .shp, .shx, .dbf, .prj, .cpg of
 * a shapefile).
 */

/* routes.geojson: one LineString Feature per route. */
int cl_out_routes_geojson(FILE **fp, const struct cl_out *o, struct cl_error *err);

/* stops.geojson: the depot, every visit and every unassigned village. */
int cl_out_stops_geojson(FILE **fp, const struct cl_out *o, struct cl_error *err);

/* routes.shp and stops.shp: the same layers as shapefiles (.shp, .shx,
 * .dbf, .prj, .cpg in fp[0..4]). */
int cl_out_routes_shp(FILE **fp, const struct cl_out *o, struct cl_error *err);
int cl_out_stops_shp(FILE **fp, const struct cl_out *o, struct cl_error *err);

/* map.html: the plan on a self-contained, offline page (out/map.c). */
int cl_out_map(FILE **fp, const struct cl_out *o, struct cl_error *err);

/* sheets.html: one printable page per driver and trip (out/sheets.c). */
int cl_out_sheets(FILE **fp, const struct cl_out *o, struct cl_error *err);

/* summary.json: the run, the totals, each vehicle, each unassigned. */
int cl_out_summary(FILE *fp, const struct cl_instance *inst,
		   const struct cl_solution *sol, const struct cl_report *rep,
		   const struct cl_runinfo *info, struct cl_error *err);

/* dispatch.csv: one line per depot departure, stop and depot return. */
int cl_out_dispatch(FILE *fp, const struct cl_instance *inst,
		    const struct cl_solution *sol, const struct cl_report *rep,
		    const struct cl_runinfo *info, struct cl_error *err);

/* Longest vehicle label cl_out_vehicle_label() produces, with the NUL. */
#define CL_OUT_LABEL_MAX 128

/*
 * The label drivers see for a route's vehicle: type name, '-', 1-based
 * vehicle number ("van-1"). Returns CL_OK, or CL_EOUTPUT when the type
 * name is too long to fit (so two labels are never cut to the same text).
 */
int cl_out_vehicle_label(const struct cl_instance *inst,
			 const struct cl_route *r, char buf[CL_OUT_LABEL_MAX],
			 struct cl_error *err);

/*
 * The day planned as the pages show it, "2025-06-03 周二 Tue", into buf
 * (at least 32 bytes); "" when info has no date (or not a valid one).
 */
void cl_out_day_label(const struct cl_runinfo *info, char buf[32]);

/* Longest reason text cl_out_reason() produces, with the NUL. */
#define CL_OUT_REASON_MAX 512

/*
 * The reason of unassigned entry u of sol, as every output file gives it:
 * the explanation of info->unassigned_why (the binding rule and its
 * numbers, model/explain.h), or cl_reason_text() without one, except that
 * a village without a road connection because of the snap bound gets the
 * router's note (router.h, site_note: "no road within --snap-max 1000 m:
 * van 6912 m"). Returns buf or a string the caller does not free.
 */
const char *cl_out_reason(const struct cl_instance *inst,
			  const struct cl_solution *sol, int u,
			  const struct cl_runinfo *info, char *buf, size_t size);

#endif
