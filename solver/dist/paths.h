/*
 * paths.h -- fastest paths between snapped sites on a road network, for
 * one vehicle profile (internal to the roads router).
 *
 * A profile is a top speed and a set of avoided road classes: an edge is
 * driven at min(its road speed, the top speed), avoided classes not at
 * all. The search is Dijkstra over the compressed graph (roadnet.h), with
 * a bucket queue and prefetching (paths.c), starting from a site's snap
 * point and stopping once every target site is settled. Paths minimise
 * time; their distance is reported with them. Each site's snap leg (site
 * to snap point) is added at both ends, as a straight line driven at
 * SNAP_KMH (10 km/h, the slowest class default; less if the vehicle is
 * slower).
 */
#ifndef CUNLU_PATHS_H
#define CUNLU_PATHS_H

#include "cunlu/instance.h"
#include "dist/roadnet.h"
#include "dist/snap.h"

#define CL_SNAP_KMH 10.0

struct cl_paths;     /* a profile over a network, with the sites attached */
struct cl_pathws;    /* one search's workspace (one per thread) */

/*
 * A profile over rn for sites[0..nsites) snapped at snaps[] (a snap with
 * edge -1 is unreachable). rn, sites and snaps are borrowed and must
 * outlive the result. NULL when out of memory.
 */
struct cl_paths *cl_paths_create(const struct cl_roadnet *rn, double kmh,
				 unsigned avoid, const struct cl_site *sites,
				 const struct cl_snap *snaps, int nsites);
void cl_paths_destroy(struct cl_paths *p);

struct cl_pathws *cl_pathws_create(const struct cl_paths *p);
void cl_pathws_destroy(struct cl_pathws *w);

/*
 * From site src to every site: time_s[j] and dist_m[j] of the fastest
 * path, snap legs included; both -1 where j cannot be reached. 0 to src
 * itself.
 */
void cl_paths_from(const struct cl_paths *p, struct cl_pathws *w, int src,
		   double *time_s, double *dist_m);

/*
 * The polyline of the fastest path from site a to site b: a's position,
 * its snap point, the road vertices driven, b's snap point, b's position
 * (repeated positions dropped). *lonlat (2 * *npts doubles) is malloc'd
 * for the caller. CL_OK; CL_EROUTING naming both sites when b cannot be
 * reached; CL_EINTERNAL when out of memory. Nothing stays allocated on
 * failure.
 */
int cl_paths_shape(const struct cl_paths *p, struct cl_pathws *w, int a, int b,
		   double **lonlat, int *npts, struct cl_error *err);

#endif
