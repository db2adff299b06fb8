/*
 * router.h -- where distances, times and route shapes come from.
 *
 * One small table of function pointers (like SCIP's lpi.h or VROOM's
 * routing wrapper) with one implementation per backend:
 *   geo    great circle x detour (matrix.c, no shapes: straight lines)
 *   roads  shortest paths on a road-network shapefile (dist_roads.c)
 *   osrm   an OSRM server's /table and /route services (dist_osrm.c)
 * main.c creates one router, asks it for the matrix before the search and
 * for the leg shapes when writing routes.geojson, then destroys it.
 */
#ifndef CUNLU_ROUTER_H
#define CUNLU_ROUTER_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

struct cl_router {
	const char *name;     /* "geo", "roads", "osrm" */
	void *ctx;            /* the backend's own state (owned) */
	const char *source_key; /* identifies the data behind the matrix for
				   the matrix cache: "roads:<hash of the road
				   files>:<options>", "osrm:<url>:<profile>"
				   (owned by ctx) */

	/*
	 * Fill a new matrix for every site of inst and every vehicle type
	 * (*out owned by the caller). Sites that cannot be reached get
	 * CL_UNREACHABLE entries, not an error; an error (CL_EROUTING or
	 * CL_EINPUT) means the matrix could not be built at all.
	 */
	int (*matrix)(void *ctx, const struct cl_instance *inst,
		      struct cl_matrix **out, struct cl_error *err);

	/*
	 * The shape of the leg from site a to site b for vehicle type t, as
	 * *npts lon/lat pairs in *lonlat (2 * *npts doubles, malloc'd, owned
	 * by the caller), starting at site a's position and ending at site
	 * b's. NULL for backends without shapes (straight lines). The length
	 * of the line equals the matrix distance within rounding.
	 */
	int (*leg_shape)(void *ctx, const struct cl_instance *inst, int type,
			 int a, int b, double **lonlat, int *npts,
			 struct cl_error *err);

	/*
	 * Per-site notes for the outputs, or NULL: the distance in metres from
	 * the site to where it joins the road network (snap distance).
	 */
	const double *(*snap_m)(void *ctx);

	void (*destroy)(void *ctx);
};

/* Release a router (accepts NULL or a zeroed one). */
static inline void cl_router_destroy(struct cl_router *r)
{
	if (r && r->destroy)
		r->destroy(r->ctx);
}

#endif
