/*
 * matrix.c -- dense distance and travel-time matrices (see matrix.h), and
 * the map-free estimate: great-circle distance times a detour factor.
 *
 * Memory: one int32 n*n distance matrix plus one int32 n*n time matrix per
 * vehicle type. At n = 10000 that is 400 MB per matrix, so callers with big
 * instances want a road backend that fills only what it needs; here we only
 * refuse sizes whose element count does not fit in an int32 (n > 46340).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cunlu/matrix.h"

#define EARTH_RADIUS_M 6371008.8    /* IUGG mean Earth radius */
#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

/* Largest n with n*n <= INT32_MAX: the dense layout's hard limit. */
#define MATRIX_MAX_SITES 46340

struct cl_matrix *cl_matrix_create(int n, int ntypes)
{
	struct cl_matrix *m = NULL;
	size_t cells;

	if (n < 0 || ntypes < 0)
		return NULL;
	if (n > 0 && (size_t)n > SIZE_MAX / sizeof(int32_t) / (size_t)n)
		return NULL;
	cells = (size_t)n * (size_t)n;
	if (cells == 0)
		cells = 1;   /* calloc(0) may return NULL; keep valid pointers */
	m = calloc(1, sizeof *m);
	if (!m)
		goto nomem;
	m->n = n;
	m->ntypes = ntypes;
	m->dist_m = calloc(cells, sizeof(int32_t));
	m->time_s = calloc(ntypes > 0 ? (size_t)ntypes : 1, sizeof(int32_t *));
	m->dist_type = calloc(ntypes > 0 ? (size_t)ntypes : 1, sizeof(int32_t *));
	if (!m->dist_m || !m->time_s || !m->dist_type)
		goto nomem;
	for (int t = 0; t < ntypes; t++) {
		m->time_s[t] = calloc(cells, sizeof(int32_t));
		if (!m->time_s[t])
			goto nomem;
	}
	return m;
nomem:
	cl_matrix_destroy(m);
	return NULL;
}

/* Free a matrix and all its arrays; accepts NULL and half-built matrices. */
void cl_matrix_destroy(struct cl_matrix *m)
{
	if (!m)
		return;
	if (m->time_s) {
		for (int t = 0; t < m->ntypes; t++)
			free(m->time_s[t]);
		free(m->time_s);
	}
	if (m->dist_type) {
		for (int t = 0; t < m->ntypes; t++)
			free(m->dist_type[t]);
		free(m->dist_type);
	}
	free(m->dist_m);
	free(m);
}

/*
 * The haversine formula on latitudes in radians (phi), their cosines and
 * longitudes in degrees: cl_haversine_m and the matrix share it, so that
 * a matrix entry is exactly cl_haversine_m's value. The argument of asin
 * is clamped so that rounding near antipodes stays finite.
 */
static inline double haversine(double phi1, double cphi1, double lon1,
			       double phi2, double cphi2, double lon2)
{
	double sdphi = sin((phi2 - phi1) / 2.0);
	double sdlam = sin((lon2 - lon1) * DEG_TO_RAD / 2.0);
	double a = sdphi * sdphi + cphi1 * cphi2 * sdlam * sdlam;
	double root = sqrt(a);

	if (root > 1.0)
		root = 1.0;
	return 2.0 * EARTH_RADIUS_M * asin(root);
}

double cl_haversine_m(double lon1, double lat1, double lon2, double lat2)
{
	double phi1 = lat1 * DEG_TO_RAD, phi2 = lat2 * DEG_TO_RAD;

	return haversine(phi1, cos(phi1), lon1, phi2, cos(phi2), lon2);
}

/*
 * Copy the upper triangle of the n*n matrix a into its lower triangle, in
 * tiles: a row-by-row copy would write one cache line per entry (at n =
 * 10,000 that was half of the matrix's time).
 */
#define TILE 64
static void mirror_upper(int32_t *a, int n)
{
	for (int ib = 0; ib < n; ib += TILE)
		for (int jb = ib; jb < n; jb += TILE) {
			int iend = ib + TILE < n ? ib + TILE : n;
			int jend = jb + TILE < n ? jb + TILE : n;
			for (int j = jb; j < jend; j++)
				for (int i = ib; i < iend && i < j; i++)
					a[(size_t)j * (size_t)n + (size_t)i] =
						a[(size_t)i * (size_t)n + (size_t)j];
		}
}

int cl_matrix_geo(const struct cl_instance *inst, double detour,
		  struct cl_matrix **out, struct cl_error *err)
{
	struct cl_matrix *m = NULL;
	double *phi = NULL;
	int n = inst->nsites;
	int rc = CL_OK;

	*out = NULL;
	if (!(detour >= 1.0) || !isfinite(detour))
		return cl_fail(err, CL_EINPUT,
			       "detour factor %g: must be a number >= 1 "
			       "(road length over straight-line distance)", detour);
	if (n > MATRIX_MAX_SITES)
		return cl_fail(err, CL_EINPUT,
			       "%s: %d sites is too many for a dense distance matrix "
			       "(at most %d)", inst->source ? inst->source : "instance",
			       n, MATRIX_MAX_SITES);
	for (int t = 0; t < inst->ntypes; t++) {
		double v = inst->types[t].speed_kmh;
		if (!(v > 0.0) || !isfinite(v))
			return cl_fail(err, CL_EINPUT,
				       "vehicle type \"%s\": speed_kmh %g must be > 0",
				       inst->types[t].name ? inst->types[t].name : "",
				       v);
	}
	for (int i = 0; i < n; i++) {
		const struct cl_site *s = &inst->sites[i];
		if (!isfinite(s->lon) || !isfinite(s->lat) ||
		    fabs(s->lat) > 90.0 || fabs(s->lon) > 360.0)
			return cl_fail(err, CL_EINPUT,
				       "site ID \"%s\": coordinates (%g, %g) are not "
				       "a longitude and latitude in degrees",
				       s->id ? s->id : "", s->lon, s->lat);
	}
	m = cl_matrix_create(n, inst->ntypes);
	/* per site: the latitude in radians and its cosine */
	phi = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *phi);
	if (!m || !phi) {
		free(phi);
		cl_matrix_destroy(m);
		return cl_fail(err, CL_EINTERNAL,
			       "out of memory for a %d-site distance matrix", n);
	}
	for (int i = 0; i < n; i++) {
		phi[2 * i] = inst->sites[i].lat * DEG_TO_RAD;
		phi[2 * i + 1] = cos(phi[2 * i]);
	}
	/* the upper triangle row by row, then mirrored */
	for (int i = 0; i < n; i++) {
		const struct cl_site *a = &inst->sites[i];
		for (int j = i + 1; j < n; j++) {
			const struct cl_site *b = &inst->sites[j];
			double d = round(haversine(phi[2 * i], phi[2 * i + 1], a->lon,
						   phi[2 * j], phi[2 * j + 1], b->lon) * detour);
			if (d > (double)INT32_MAX) {
				rc = cl_fail(err, CL_EINPUT,
					     "detour factor %g: distance from site ID "
					     "\"%s\" to \"%s\" overflows", detour,
					     a->id ? a->id : "", b->id ? b->id : "");
				goto fail;
			}
			m->dist_m[(size_t)i * (size_t)n + (size_t)j] = (int32_t)d;
			for (int t = 0; t < inst->ntypes; t++) {
				double mps = inst->types[t].speed_kmh / 3.6;
				double s = round(d / mps);
				if (s > (double)INT32_MAX) {
					rc = cl_fail(err, CL_EINPUT,
						     "vehicle type \"%s\": speed %g km/h "
						     "gives a travel time that overflows",
						     inst->types[t].name ? inst->types[t].name : "",
						     inst->types[t].speed_kmh);
					goto fail;
				}
				m->time_s[t][(size_t)i * (size_t)n + (size_t)j] = (int32_t)s;
			}
		}
	}
	free(phi);
	mirror_upper(m->dist_m, n);
	for (int t = 0; t < inst->ntypes; t++)
		mirror_upper(m->time_s[t], n);
	*out = m;
	return CL_OK;
fail:
	free(phi);
	cl_matrix_destroy(m);
	return rc;
}
