/*
 * out/layers.h -- the routes and stops layers of a plan as tables
 * (io/table.h), built once per run and written by every format that has
 * them: routes.geojson / stops.geojson, routes.shp / stops.shp, map.html.
 * So the formats share their attributes, their values and their shapes.
 *
 * routes, one line per trip of a vehicle (CL_GEOM_LINE):
 *   vehicle ("van-1"), trip (1, 2, ... in the vehicle's day), type, stops,
 *   dist_m, dur_s, start and end ("HH:MM": departure from and return to
 *   the depot), load (parcels loaded at the depot), cost (2 decimals: the
 *   trip's part of the vehicle's day -- the fixed cost on its first trip,
 *   per km, per hour since the previous return -- so a vehicle's trips
 *   add up to its day). The line runs depot -> stops -> depot
 *   along the roads when the router has leg shapes (--roads, --osrm),
 *   else in straight segments; positions repeated at the joints of two
 *   legs are dropped.
 *
 * stops, one point per (CL_GEOM_POINT)
 *   kind "depot":      the depot (only id and name set),
 *   kind "visit":      a stop of a route, status "served": vehicle, trip,
 *                      seq (1-based on the trip), id, name, arrival, start
 *                      (service start after waiting), load (on board after
 *                      the stop), deliver, pickup (this visit's share),
 *   kind "unassigned": a village on no route, status "unassigned": id,
 *                      name, deliver and pickup (what it asked for) and
 *                      reason (the binding rule and its numbers),
 *   kind "deferred":   an optional village left for another day, status
 *                      "deferred", with deliver, pickup and reason,
 *   kind "idle":       a village of the layer not in today's problem,
 *                      status "nothing today" or "not scheduled", with
 *                      deliver, pickup and reason;
 *   then snap_m (the snap leg to the road network, when the router knows
 *   it) and the kept columns (--keep-fields) under their names, as text
 *   (null for the depot).
 *
 * Column names have at most 10 ASCII characters (shapefile field names);
 * kept columns keep the names they have in the village layer.
 */
#ifndef CUNLU_OUT_LAYERS_H
#define CUNLU_OUT_LAYERS_H

#include "io/table.h"
#include "out/internal.h"

/* The two layers of a plan. */
struct cl_layers {
	struct cl_table routes;
	struct cl_table stops;
	int *stop_route;   /* per stops row: the route (index into sol->routes)
			      of a visit, -1 for the depot, unassigned and idle */
};

/*
 * Build both layers (*l zeroed or freed before). CL_OK, or a status with
 * err filled (out of memory, a leg shape the router cannot give, a
 * vehicle label too long). Free with cl_layers_free() in every case.
 */
int cl_layers_build(const struct cl_instance *inst, const struct cl_solution *sol,
		    const struct cl_report *rep, const struct cl_runinfo *info,
		    struct cl_layers *l, struct cl_error *err);

void cl_layers_free(struct cl_layers *l);

#endif
