/*
 * router.h -- where distances, times and route shapes come from.
 *
 * One small table of function pointers (like SCIP's lpi.h or VROOM's
 * routing wrapper) with one implementation per backend:
 *   geo    great circle x detour (solver/dist/geo.c, no shapes: straight lines)
 *   roads  shortest paths on a road-network shapefile (solver/dist/roads.c)
 *   osrm   an OSRM server's /table and /route services (solver/dist/osrm.c)
 * solver/app/main.c creates one router, asks it for the matrix before the search and
 * for the leg shapes when writing routes.geojson, then destroys it.
 */
#ifndef CUNLU_ROUTER_H
#define CUNLU_ROUTER_H

#include <stddef.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

/* A router. The cl_router_* constructors below set every field; the hooks
 * a backend lacks are NULL. */
struct cl_router {
	const char *name;     /* "geo", "roads", "osrm" */
	void *ctx;            /* the backend's own state (owned) */
	const char *source_key; /* identifies the data behind the matrix for
				   the matrix cache: "roads:<hash of the road
				   files>:<options>", "osrm:<url>:<profile>:
				   data=<hash of the server's data identity>"
				   (owned by ctx) */

	/*
	 * Fill a new matrix for every site of inst and every vehicle type
	 * (*out owned by the caller). Sites that cannot be reached get
	 * CL_UNREACHABLE entries, not an error; an error (CL_EROUTING or
	 * CL_EINPUT; CL_EINTERNAL when out of memory) means the matrix could
	 * not be built at all.
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
	 * The whole line of a route, depot -> stops[0..nstops) -> depot, for
	 * vehicle type t: what leg_shape gives leg by leg, joined (a joint
	 * written once), in as few requests as the backend can. NULL: the
	 * caller joins leg_shape's legs.
	 */
	int (*route_shape)(void *ctx, const struct cl_instance *inst, int type,
			   const int *stops, int nstops, double **lonlat,
			   int *npts, struct cl_error *err);

	/*
	 * The snap leg of site for vehicle type `type`: the straight line, in
	 * metres, from the site to where that type joins the roads it may use
	 * (drawn in routes.geojson, reported as snap_m in stops.geojson).
	 * type -1: to the nearest road of any class. NAN when unknown. NULL
	 * for backends without roads (geo).
	 */
	double (*snap_m)(void *ctx, int type, int site);

	/*
	 * Why site is unreachable for some vehicle types because of the snap
	 * bound (--snap-max, cl_snap_note): writes the text into buf and
	 * returns 1; 0 when the bound keeps no type from it (NULL: never).
	 * The unassigned reason of a village without a road connection is
	 * this text when there is one.
	 */
	int (*site_note)(void *ctx, const struct cl_instance *inst, int site,
			 char *buf, size_t size);

	/*
	 * The road network behind the distances, for drawing it (map.html):
	 * calls fn once per drivable road piece with its npts >= 2 lon/lat
	 * pairs (borrowed) and its road class (enum cl_road_class); a status
	 * other than CL_OK from fn stops the walk and is returned. NULL for
	 * backends without a network of their own (geo, osrm).
	 */
	int (*network)(void *ctx,
		       int (*fn)(void *user, const double *lonlat, int npts, int cls,
				 struct cl_error *err),
		       void *user, struct cl_error *err);

	void (*destroy)(void *ctx);
};

/*
 * THE SNAP BOUND (--snap-max), the same for --roads and --osrm. A site
 * farther than snap_max_m from every road a vehicle type may use (its
 * "avoid_roads" kept off) is unreachable for that type: no plan has a
 * straight leg longer than the bound. A village no type can reach is
 * unassigned with the text of cl_snap_note() as its reason, and warned
 * about per vehicle profile.
 */
#define CL_SNAP_MAX_M 1000.0

/*
 * The reason text for site: for each vehicle type (with vehicles) whose
 * nearest usable road lies beyond bound_m from the site (site_m[t]) or
 * from the depot (depot_m[t]), e.g.
 *   no road within --snap-max 1000 m: van 6912 m, etricycle 5480 m
 *   no road within --snap-max 1000 m: van 6912 m; the depot is 1250 m
 *   from the roads etricycle may use
 * Types at the same distance are named together ("van, truck 6912 m").
 * INFINITY: the type may use no road at all; NAN: unknown (not beyond).
 * Returns 1 with the text in buf, 0 (buf "") when no type is beyond.
 */
int cl_snap_note(const struct cl_instance *inst, const double *site_m,
		 const double *depot_m, double bound_m, char *buf, size_t size);

/* Release a router (accepts NULL or a zeroed one). */
static inline void cl_router_destroy(struct cl_router *r)
{
	if (r && r->destroy)
		r->destroy(r->ctx);
}

/* ---- drones: flights beside a road router (dist/drone.c) ---------------- */

/*
 * The view of inst that the road router is made for when the fleet has
 * drone types: inst's sites and its road types only, in order (a shallow
 * copy: nothing of inst is owned). *view is NULL when every type is a
 * drone. Free with cl_ground_view_free (accepts NULL). Fails only when
 * out of memory.
 */
int cl_ground_view(const struct cl_instance *inst, struct cl_instance **view,
		   struct cl_error *err);
void cl_ground_view_free(struct cl_instance *view);

/*
 * A router over inst (which must outlive it) for a fleet with drone
 * types: the road types get what road -- a router made for ground =
 * cl_ground_view(inst) -- gives them (matrices, shapes, snap legs,
 * notes); each drone type flies great-circle legs at its speed from its
 * origin (cl_instance_origin: node 0 of its matrices), a leg that touches
 * a no-fly zone being unreachable, and is drawn as straight lines. The
 * note of a village no vehicle reaches adds why no drone can: "no drone
 * landing point (DRONE = 0)" or "drone uav: the flight from the depot
 * crosses no-fly zone record 2 (FID 1, ID Z2 \"Airport\")". Villages with
 * a landing point that the zones cut off from every drone are warned
 * about. source_key is road's plus a hash of the types' modes and
 * origins and the zones. Takes over ground and road (a zeroed router when
 * ground is NULL) in all cases; fails only when out of memory.
 */
int cl_router_drones(const struct cl_instance *inst, struct cl_instance *ground,
		     struct cl_router *road, struct cl_router *out,
		     struct cl_error *err);

/* ---- geo: the map-free router (dist/geo.c) ------------------------------ */

/*
 * A router whose matrix is cl_matrix_geo(inst, detour) (matrix.h:
 * great-circle distance times the detour factor, divided by each type's
 * speed, checked when the matrix is made); no shapes, no snapping. Fails
 * only when out of memory.
 */
int cl_router_geo(double detour, struct cl_router *out, struct cl_error *err);
/* The same router computing its matrix on `threads` threads
 * (cl_matrix_geo_threads: the same entries). */
int cl_router_geo_threads(double detour, int threads, struct cl_router *out,
			  struct cl_error *err);

/* ---- roads: a road-network shapefile (dist/roads.c) ---------------------- */

/*
 * A line shapefile of OpenStreetMap-derived roads (GDAL's OSM export with
 * highway and other_tags, or with oneway, maxspeed, access, motor_vehicle
 * columns; or Geofabrik's with fclass, oneway, maxspeed). Ways meet where they share a vertex; one-way streets
 * are respected; footways, paths and steps are not driven. Each site is
 * snapped onto the nearest drivable segment (projected onto it). See
 * dist/roads.c for the speed defaults per road class and vehicle profile.
 */


struct cl_roads_opts {
	const char *path;          /* roads.shp */
	double snap_warn_m;        /* warn about sites farther than this (500) */
	double snap_max_m;         /* the snap bound (CL_SNAP_MAX_M, see above) */
	int threads;               /* matrix threads (>= 1) */
	/* .dbf column names (NULL = defaults, matched case-insensitively);
	   without its column, a field is read from other_tags */
	const char *f_highway;     /* "highway", or "fclass" when absent */
	const char *f_oneway;      /* "oneway" */
	const char *f_maxspeed;    /* "maxspeed" */
	const char *f_access;      /* "access" */
	const char *f_motor_vehicle; /* "motor_vehicle" */
	const char *f_other_tags;  /* "other_tags" (GDAL's OSM export) */
	const char *f_name;        /* "name" (never read by the routing) */
};

void cl_roads_opts_default(struct cl_roads_opts *o);

/*
 * One --road-field KEY=COLUMN: keys highway, oneway, maxspeed, access,
 * motor_vehicle, other_tags, name (case-insensitive, '-' for '_'). The
 * column name is borrowed from spec. CL_EINPUT naming the spec otherwise.
 */
int cl_roads_opts_field(struct cl_roads_opts *o, const char *spec,
			struct cl_error *err);


/*
 * Read the road network and make a router over it for inst's sites and
 * vehicle types. CL_EINPUT naming the file/record/field for bad road data
 * or a benchmark (planar) instance; CL_EROUTING when a distance overflows;
 * CL_EINTERNAL when out of memory. On success *out is filled (destroy with
 * cl_router_destroy).
 */
int cl_router_roads(const struct cl_roads_opts *o,
		    const struct cl_instance *inst, struct cl_router *out,
		    struct cl_error *err);

/* ---- osrm: an OSRM server (dist/osrm.c) ---------------------------------- */

/* Distances, times and shapes from an OSRM routing server over HTTP
 * (/table/v1 for the matrices, /route/v1 for the shapes). */


struct cl_osrm_opts {
	const char *url;           /* e.g. http://127.0.0.1:5000 */
	const char *profile;       /* "driving" (default) */
	double timeout_s;          /* per request (default 30) */
	int retries;               /* extra attempts after a failure (default 3) */
	int max_table;             /* the server's table-size limit (default 100) */
	double snap_warn_m;        /* warn about sites farther than this from
				      the server's roads (500) */
	double snap_max_m;         /* the snap bound (CL_SNAP_MAX_M, see above):
				      a site farther than this from the
				      server's roads is unreachable */
};

void cl_osrm_opts_default(struct cl_osrm_opts *o);

/*
 * Make a router that asks the server about inst's sites. CL_EINPUT for a
 * malformed URL or profile or a benchmark (planar) instance; CL_EROUTING
 * when the probe (each site's snap distance and the server's data
 * identity, see dist/osrm.c) fails; CL_EINTERNAL when out of memory. The
 * router owns its HTTP client; cl_router_destroy frees it.
 */
int cl_router_osrm(const struct cl_osrm_opts *o, const struct cl_instance *inst,
		   struct cl_router *out, struct cl_error *err);

/* ---- the matrix cache for the nightly run (--matrix-cache DIR; dist/cache.c) */

/*
 * Matrices are stored in DIR keyed by a hash of the sites' coordinates,
 * the vehicle types' profiles (speeds) and the router's source_key, so
 * tomorrow's run with the same villages skips the routing work. A corrupt
 * or truncated cache file is detected (header, sizes, checksum) and
 * rebuilt.
 */


/*
 * Get the matrix for inst from the cache in dir, or from the router (and
 * then store it); *hit tells which, *out is owned by the caller. A missing
 * cache file is silent; a bad one (any check above fails) is a warning
 * and the matrix is rebuilt and stored again; a cache that cannot be
 * written is a warning, not an error. Errors of the router pass through;
 * CL_EINTERNAL when out of memory.
 */
int cl_cache_matrix(const char *dir, const struct cl_router *router,
		    const struct cl_instance *inst, struct cl_matrix **out,
		    int *hit, struct cl_error *err);

#endif
