/*
 * model/zone.c -- no-fly zones: does a straight flight leg touch a polygon?
 * (instance.h, cl_instance_nofly)
 *
 * The leg is the straight segment between its ends in the lon/lat plane.
 * Both tests used here (segment against segment, point in polygon) are
 * unchanged by scaling one axis, so the answer is the same on any
 * equirectangular map (x = lon * cos(phi0), y = lat) and hence within
 * metres of the great circle over the few tens of kilometres a drone
 * flies. A leg touches a zone when
 *   - one of its ends lies inside the zone (even-odd rule over all its
 *     rings, so holes are outside), or
 *   - it meets an edge of a ring: crossing it, touching it or running
 *     along it. The boundary counts as the zone: a flight plan that only
 *     grazes an airport fence is still refused.
 * Exact orientation tests on doubles; the bounding boxes filter first.
 */
#include <math.h>

#include "cunlu/instance.h"

/* Sign of the cross product (b - a) x (c - a). */
static int orient(double ax, double ay, double bx, double by, double cx, double cy)
{
	double v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

	return (v > 0) - (v < 0);
}

/* c on the segment a-b, given that the three are collinear. */
static int on_segment(double ax, double ay, double bx, double by, double cx, double cy)
{
	return fmin(ax, bx) <= cx && cx <= fmax(ax, bx) &&
	       fmin(ay, by) <= cy && cy <= fmax(ay, by);
}

/* Do the closed segments p1-p2 and q1-q2 share a point? */
static int segments_meet(double p1x, double p1y, double p2x, double p2y,
			 double q1x, double q1y, double q2x, double q2y)
{
	int o1 = orient(p1x, p1y, p2x, p2y, q1x, q1y);
	int o2 = orient(p1x, p1y, p2x, p2y, q2x, q2y);
	int o3 = orient(q1x, q1y, q2x, q2y, p1x, p1y);
	int o4 = orient(q1x, q1y, q2x, q2y, p2x, p2y);

	if (o1 != o2 && o3 != o4 && o1 * o2 <= 0 && o3 * o4 <= 0)
		return 1;
	if (o1 == 0 && on_segment(p1x, p1y, p2x, p2y, q1x, q1y))
		return 1;
	if (o2 == 0 && on_segment(p1x, p1y, p2x, p2y, q2x, q2y))
		return 1;
	if (o3 == 0 && on_segment(q1x, q1y, q2x, q2y, p1x, p1y))
		return 1;
	if (o4 == 0 && on_segment(q1x, q1y, q2x, q2y, p2x, p2y))
		return 1;
	return 0;
}

/* Is (x, y) inside zone z by the even-odd rule (boundary: either)? */
static int inside(const struct cl_zone *z, double x, double y)
{
	int in = 0;

	for (int k = 0; k < z->nrings; k++) {
		for (int i = z->ring[k], j = z->ring[k + 1] - 1; i < z->ring[k + 1]; j = i++) {
			double xi = z->x[i], yi = z->y[i], xj = z->x[j], yj = z->y[j];
			if ((yi > y) != (yj > y) &&
			    x < (xj - xi) * (y - yi) / (yj - yi) + xi)
				in = !in;
		}
	}
	return in;
}

/* Does the segment (x1, y1)-(x2, y2) touch zone z? ends_outside: the
 * caller knows both ends lie outside every zone. */
static int touches(const struct cl_zone *z, double x1, double y1, double x2, double y2,
		   int ends_outside)
{
	if (fmax(x1, x2) < z->minx || fmin(x1, x2) > z->maxx ||
	    fmax(y1, y2) < z->miny || fmin(y1, y2) > z->maxy)
		return 0;
	if (!ends_outside && (inside(z, x1, y1) || inside(z, x2, y2)))
		return 1;
	for (int k = 0; k < z->nrings; k++)
		for (int i = z->ring[k]; i + 1 < z->ring[k + 1]; i++)
			if (segments_meet(x1, y1, x2, y2, z->x[i], z->y[i],
					  z->x[i + 1], z->y[i + 1]))
				return 1;
	return 0;
}

int cl_instance_nofly(const struct cl_instance *inst, double lon1, double lat1,
		      double lon2, double lat2)
{
	for (int z = 0; z < inst->nzones; z++)
		if (touches(&inst->zones[z], lon1, lat1, lon2, lat2, 0))
			return z;
	return -1;
}

int cl_instance_nofly_between(const struct cl_instance *inst, double lon1, double lat1,
			      double lon2, double lat2)
{
	for (int z = 0; z < inst->nzones; z++)
		if (touches(&inst->zones[z], lon1, lat1, lon2, lat2, 1))
			return z;
	return -1;
}
