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
#include <pthread.h>
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
 * Copy the upper triangle of rows ib..ib+TILE of the n*n matrix a into
 * the lower triangle, in tiles: a row-by-row copy would write one cache
 * line per entry (at n = 10,000 that was half of the matrix's time).
 */
#define TILE 64
static void mirror_block(int32_t *a, int n, int ib)
{
	int iend = ib + TILE < n ? ib + TILE : n;
	for (int jb = ib; jb < n; jb += TILE) {
		int jend = jb + TILE < n ? jb + TILE : n;
		for (int j = jb; j < jend; j++)
			for (int i = ib; i < iend && i < j; i++)
				a[(size_t)j * (size_t)n + (size_t)i] =
					a[(size_t)i * (size_t)n + (size_t)j];
	}
}

/* One thread's share of cl_matrix_geo: rows first, first + step, ... of
 * the upper triangle, then the same blocks of TILE rows mirrored. */
struct geo_part {
	const struct cl_instance *inst;
	const double *phi;
	double detour;
	struct cl_matrix *m;
	int first, step;
	long bad_i, bad_j;            /* the first entry that overflows (-1: none) */
	int bad_type;                 /* -1: the distance; else that type's time */
};

/* Rows first, first + step, ... of the upper triangle; stops at the first
 * entry that overflows (bad_i, bad_j, bad_type). */
static void *geo_rows(void *arg)
{
	struct geo_part *g = arg;
	const struct cl_instance *inst = g->inst;
	const double *phi = g->phi;
	struct cl_matrix *m = g->m;
	int n = inst->nsites;

	for (int i = g->first; i < n; i += g->step) {
		const struct cl_site *a = &inst->sites[i];
		for (int j = i + 1; j < n; j++) {
			const struct cl_site *b = &inst->sites[j];
			double d = round(haversine(phi[2 * i], phi[2 * i + 1], a->lon,
						   phi[2 * j], phi[2 * j + 1], b->lon) * g->detour);
			if (d > (double)INT32_MAX) {
				g->bad_i = i;
				g->bad_j = j;
				g->bad_type = -1;
				return NULL;
			}
			m->dist_m[(size_t)i * (size_t)n + (size_t)j] = (int32_t)d;
			for (int t = 0; t < inst->ntypes; t++) {
				double mps = inst->types[t].speed_kmh / 3.6;
				double s = round(d / mps);
				if (s > (double)INT32_MAX) {
					g->bad_i = i;
					g->bad_j = j;
					g->bad_type = t;
					return NULL;
				}
				m->time_s[t][(size_t)i * (size_t)n + (size_t)j] = (int32_t)s;
			}
		}
	}
	return NULL;
}

/* The share's blocks of TILE rows mirrored: block ib writes only columns
 * ib..ib+TILE of the lower triangle, so the threads' writes are apart. */
static void *geo_mirror(void *arg)
{
	struct geo_part *g = arg;
	int n = g->inst->nsites;

	for (int ib = g->first * TILE; ib < n; ib += g->step * TILE) {
		mirror_block(g->m->dist_m, n, ib);
		for (int t = 0; t < g->inst->ntypes; t++)
			mirror_block(g->m->time_s[t], n, ib);
	}
	return NULL;
}

/* fn on every part: parts 1.. on their own threads, part 0 here, and a
 * part whose thread could not start here afterwards. */
static void run_parts(void *(*fn)(void *), struct geo_part *parts, int nt, pthread_t *tid,
		      int *started)
{
	for (int k = 1; k < nt; k++)
		started[k] = pthread_create(&tid[k], NULL, fn, &parts[k]) == 0;
	fn(&parts[0]);
	for (int k = 1; k < nt; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			fn(&parts[k]);
	}
}

int cl_matrix_geo(const struct cl_instance *inst, double detour,
		  struct cl_matrix **out, struct cl_error *err)
{
	return cl_matrix_geo_threads(inst, detour, 1, out, err);
}

int cl_matrix_geo_threads(const struct cl_instance *inst, double detour, int threads,
			  struct cl_matrix **out, struct cl_error *err)
{
	struct cl_matrix *m = NULL;
	double *phi = NULL;
	struct geo_part *parts = NULL;
	pthread_t *tid = NULL;
	int *started = NULL;
	int n = inst->nsites;
	int rc = CL_OK, nt = threads > 1 ? threads : 1;

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
	/* below a thousand sites a thread costs more than it saves; at least
	 * a block of TILE rows each */
	if (n < 1000)
		nt = 1;
	if (nt > (n + TILE - 1) / TILE)
		nt = (n + TILE - 1) / TILE > 0 ? (n + TILE - 1) / TILE : 1;
	m = cl_matrix_create(n, inst->ntypes);
	/* per site: the latitude in radians and its cosine */
	phi = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *phi);
	parts = calloc((size_t)nt, sizeof *parts);
	tid = calloc((size_t)nt, sizeof *tid);
	started = calloc((size_t)nt, sizeof *started);
	if (!m || !phi || !parts || !tid || !started) {
		rc = cl_fail(err, CL_EINTERNAL,
			     "out of memory for a %d-site distance matrix", n);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		phi[2 * i] = inst->sites[i].lat * DEG_TO_RAD;
		phi[2 * i + 1] = cos(phi[2 * i]);
	}
	/*
	 * The upper triangle, then mirrored. With nt threads, part k takes
	 * the rows k, k + nt, ... (the rows shorten down the triangle: an
	 * even share) and then, once all rows are done, the blocks k, k + nt,
	 * ... of TILE rows to mirror. Every entry is computed as with one
	 * thread: the same matrix.
	 */
	for (int k = 0; k < nt; k++)
		parts[k] = (struct geo_part){ inst, phi, detour, m, k, nt, -1, -1, -1 };
	run_parts(geo_rows, parts, nt, tid, started);
	/* the first entry (row by row) that overflows, as one thread finds it */
	struct geo_part *bad = NULL;
	for (int k = 0; k < nt; k++)
		if (parts[k].bad_i >= 0 &&
		    (!bad || parts[k].bad_i < bad->bad_i ||
		     (parts[k].bad_i == bad->bad_i && parts[k].bad_j < bad->bad_j)))
			bad = &parts[k];
	if (bad) {
		const struct cl_site *a = &inst->sites[bad->bad_i], *b = &inst->sites[bad->bad_j];
		if (bad->bad_type < 0)
			rc = cl_fail(err, CL_EINPUT,
				     "detour factor %g: distance from site ID "
				     "\"%s\" to \"%s\" overflows", detour,
				     a->id ? a->id : "", b->id ? b->id : "");
		else
			rc = cl_fail(err, CL_EINPUT,
				     "vehicle type \"%s\": speed %g km/h "
				     "gives a travel time that overflows",
				     inst->types[bad->bad_type].name ?
				     inst->types[bad->bad_type].name : "",
				     inst->types[bad->bad_type].speed_kmh);
		goto fail;
	}
	run_parts(geo_mirror, parts, nt, tid, started);
	free(phi);
	free(parts);
	free(tid);
	free(started);
	*out = m;
	return CL_OK;
fail:
	free(phi);
	free(parts);
	free(tid);
	free(started);
	cl_matrix_destroy(m);
	return rc;
}
