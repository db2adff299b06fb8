/*
 * dist_roads.h -- distances, times and shapes on a road-network shapefile.
 *
 * A line shapefile of OpenStreetMap-derived roads (GDAL's OSM export with
 * highway, oneway, maxspeed, name; or Geofabrik's with fclass, oneway,
 * maxspeed, name). Ways meet where they share a vertex; one-way streets
 * are respected; footways, paths and steps are not driven. Each site is
 * snapped onto the nearest drivable segment (projected onto it). See
 * dist_roads.c for the speed defaults per road class and vehicle profile.
 */
#ifndef CUNLU_DIST_ROADS_H
#define CUNLU_DIST_ROADS_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/router.h"

struct cl_roads_opts {
	const char *path;          /* roads.shp */
	double snap_warn_m;        /* warn about sites farther than this (500) */
	int threads;               /* matrix threads (>= 1) */
	/* .dbf column names (NULL = defaults, matched case-insensitively) */
	const char *f_highway;     /* "highway", or "fclass" when absent */
	const char *f_oneway;      /* "oneway" */
	const char *f_maxspeed;    /* "maxspeed" */
	const char *f_name;        /* "name" */
};

void cl_roads_opts_default(struct cl_roads_opts *o);

/*
 * Read the road network and make a router over it for inst's sites and
 * vehicle types. CL_EINPUT naming the file/record/field for bad road data.
 * On success *out is filled (destroy with cl_router_destroy).
 */
int cl_router_roads(const struct cl_roads_opts *o,
		    const struct cl_instance *inst, struct cl_router *out,
		    struct cl_error *err);

#endif
