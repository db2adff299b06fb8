/*
 * model/greatcircle.h -- the great-circle distance without a sine per pair
 * (model/matrix.c's straight-line matrix; tested in test_matrix.c).
 *
 * cl_haversine_m takes two sines per pair: of half the latitude difference
 * and of half the longitude difference. Both follow from each site's sine
 * and cosine of its half-angles by the difference formula,
 *     sin((b - a) / 2) = sin(b/2) cos(a/2) - cos(b/2) sin(a/2),
 * so that a pair costs four products, a square root and an arcsine (a
 * short series for points up to about 400 km apart). The
 * products are of numbers at most 1 in magnitude: their rounding errors
 * are absolute (about 1e-16 each), not relative to the difference, so
 * near-identical points keep their tiny distance (no cancellation such as
 * 1 - cos would suffer). The result differs from cl_haversine_m's in the
 * last bits only: cl_gc_fast_m is within CL_GC_TOL_M metres of it while
 * the haversine's square root is at most CL_GC_ROOT (points up to 60
 * degrees apart). The matrix uses it only where rounding to a metre cannot
 * tell the two apart, and cl_haversine_m's own arithmetic elsewhere.
 */
#ifndef CUNLU_MODEL_GREATCIRCLE_H
#define CUNLU_MODEL_GREATCIRCLE_H

#include <math.h>

#define CL_GC_EARTH_RADIUS_M 6371008.8    /* IUGG mean Earth radius, as cl_haversine_m */
#define CL_GC_DEG_TO_RAD (3.14159265358979323846 / 180.0)
#define CL_GC_ROOT 0.5          /* sqrt of the haversine: sin(30 degrees) */
#define CL_GC_TOL_M 1e-6        /* bound on |cl_gc_fast_m - cl_haversine_m| (m) */
#define CL_GC_SERIES 1e-3       /* the haversine below which asin is a series */

/* A site's values for both formulas. */
struct cl_gc_site {
	double phi, cphi;   /* latitude in radians and its cosine (cl_haversine_m's) */
	double lon;         /* longitude in degrees */
	double sh, ch;      /* sine and cosine of half the latitude */
	double sl, cl;      /* sine and cosine of half the longitude */
};

static inline struct cl_gc_site cl_gc_site(double lon, double lat)
{
	struct cl_gc_site s;
	double lam = lon * CL_GC_DEG_TO_RAD;

	s.phi = lat * CL_GC_DEG_TO_RAD;
	s.cphi = cos(s.phi);
	s.lon = lon;
	s.sh = sin(s.phi / 2.0);
	s.ch = cos(s.phi / 2.0);
	s.sl = sin(lam / 2.0);
	s.cl = cos(lam / 2.0);
	return s;
}

/*
 * The great-circle distance from a to b in metres by the difference
 * formula; *root = the square root of the haversine (the argument of the
 * arcsine). Exactly symmetric: (a, b) and (b, a) give the same bits (the
 * two differences are each other's negation, and are squared).
 */
static inline double cl_gc_fast_m(const struct cl_gc_site *a, const struct cl_gc_site *b,
				  double *root)
{
	double sdphi = b->sh * a->ch - b->ch * a->sh;
	double sdlam = b->sl * a->cl - b->cl * a->sl;
	double h = sdphi * sdphi + a->cphi * b->cphi * sdlam * sdlam;
	double r = sqrt(h);

	if (h <= CL_GC_SERIES) {
		/* asin(r) = r (1 + h/6 + 3h^2/40 + 5h^3/112 + 35h^4/1152 +
		 * 63h^5/2816 + 231h^6/13312 + ...), h = r^2: the next term is
		 * below 1e-20 of the sum for h <= 1e-3 */
		double s = 231.0 / 13312.0;
		s = s * h + 63.0 / 2816.0;
		s = s * h + 35.0 / 1152.0;
		s = s * h + 5.0 / 112.0;
		s = s * h + 3.0 / 40.0;
		s = s * h + 1.0 / 6.0;
		*root = r;
		return 2.0 * CL_GC_EARTH_RADIUS_M * (r + r * h * s);
	}
	if (r > 1.0)
		r = 1.0;
	*root = r;
	return 2.0 * CL_GC_EARTH_RADIUS_M * asin(r);
}

#endif
