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
 * Drivable road classes (OSM highway=*). A *_link road belongs to the
 * class of its road; Geofabrik's track_grade1..5 are tracks; "road" and
 * Geofabrik's "unknown" are roads of unknown class. Fleet files name them
 * in "avoid_roads" (struct cl_vtype.avoid_roads is a bitmask of 1u << c).
 */
enum cl_road_class {
	CL_ROAD_MOTORWAY, CL_ROAD_TRUNK, CL_ROAD_PRIMARY, CL_ROAD_SECONDARY,
	CL_ROAD_TERTIARY, CL_ROAD_UNCLASSIFIED, CL_ROAD_RESIDENTIAL,
	CL_ROAD_LIVING_STREET, CL_ROAD_SERVICE, CL_ROAD_TRACK, CL_ROAD_ROAD,
	CL_ROAD_NCLASSES
};

/* The class named name ("motorway", ...; exact, lower case), or -1. */
int cl_road_class_parse(const char *name);
/* The name of class c ("motorway"), or "?" when c is out of range. */
const char *cl_road_class_name(int c);
/* The default speed of class c in km/h where no maxspeed is tagged. */
double cl_road_class_kmh(int c);

/*
 * Read the road network and make a router over it for inst's sites and
 * vehicle types. CL_EINPUT naming the file/record/field for bad road data.
 * On success *out is filled (destroy with cl_router_destroy).
 */
int cl_router_roads(const struct cl_roads_opts *o,
		    const struct cl_instance *inst, struct cl_router *out,
		    struct cl_error *err);

#endif
