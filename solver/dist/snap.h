/*
 * snap.h -- attaching sites to the nearest drivable road segment
 * (internal to the roads router).
 *
 * A uniform grid over the segments of a cl_roadnet, in a local
 * equirectangular projection around the network's centre (metres). A
 * query projects the point perpendicularly onto each segment of the cells
 * nearest to it, ring by ring, until no nearer segment can exist.
 */
#ifndef CUNLU_SNAP_H
#define CUNLU_SNAP_H

#include "dist/roadnet.h"

struct cl_snapgrid;

/* Where a point joins the network. */
struct cl_snap {
	int edge;            /* -1: no segment allowed (nothing to snap to) */
	int k;               /* segment k of the edge: vertices k and k+1 */
	double t;            /* 0..1 along the segment */
	double pos_m;        /* distance of the snap point from the edge start */
	double lon, lat;     /* the snap point */
	double dist_m;       /* haversine distance from the point to it */
};

/* Index rn's segments (rn must outlive the grid). NULL on ENOMEM. */
struct cl_snapgrid *cl_snapgrid_create(const struct cl_roadnet *rn);
void cl_snapgrid_destroy(struct cl_snapgrid *g);

/*
 * Snap lon/lat onto the nearest segment whose road class is not in avoid
 * (a bitmask of 1u << enum cl_road_class). *s->edge is -1 when every
 * segment is avoided.
 */
void cl_snap_point(const struct cl_snapgrid *g, double lon, double lat,
		   unsigned avoid, struct cl_snap *s);

#endif
