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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "cunlu/matrix.h"
#include "model/greatcircle.h"

#define EARTH_RADIUS_M CL_GC_EARTH_RADIUS_M
#define DEG_TO_RAD CL_GC_DEG_TO_RAD
/* at least this many rows per thread of the straight-line matrix */
#define MIN_ROWS 64
/* at most this many vehicle types for the two-at-a-time path */
#define CL_GEO_PAIR_TYPES 16

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
 * longitudes in degrees: cl_haversine_m's arithmetic. A matrix entry is
 * round(cl_haversine_m x detour) exactly: computed by model/greatcircle.h's
 * difference formula where that cannot round differently, by this one
 * elsewhere (dist_entry). The argument of asin is clamped so that
 * rounding near antipodes stays finite.
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
 * x rounded to the nearest integer, halves away from zero, for 0 <= x <
 * 2^31: round()'s value without its library call (x - k is exact).
 */
static inline double round_pos(double x)
{
	double k = (double)(int64_t)x;

	return k + (x - k >= 0.5);
}

/*
 * The distance entry from a to b: round(cl_haversine_m(a, b) x detour)
 * exactly, for (a, b) in either order. The fast formula's value is taken
 * when it is further than its error bound from a half metre (then both
 * formulas round to the same metre); otherwise, or for points more than 60
 * degrees apart, cl_haversine_m's arithmetic on the pair in index order
 * (lo before hi). Values beyond int32 come from that arithmetic too, so
 * that an overflow is found as before.
 */
static inline double dist_entry(const struct cl_gc_site *s, int lo, int hi, double detour,
				double tol)
{
	const struct cl_gc_site *a = &s[lo], *b = &s[hi];
	double root, x = cl_gc_fast_m(a, b, &root) * detour;

	if (root <= CL_GC_ROOT && x < 2e9) {
		double k = (double)(int64_t)x, f = x - k;
		if (fabs(f - 0.5) > tol + x * 1e-15)
			return k + (f > 0.5);
	}
	return round(haversine(a->phi, a->cphi, a->lon, b->phi, b->cphi, b->lon) * detour);
}

/*
 * The time entry for d metres at mps metres a second: round(d / mps)
 * exactly, or an unrounded value >= INT32_MAX + 0.5 when that overflows.
 * d times the reciprocal per_m is within 4e-16 of d / mps relative: it
 * rounds the same unless it lies that close to a half second, and then
 * the division decides.
 */
static inline double time_entry(double d, double mps, double per_m)
{
	double x = d * per_m;

	if (x < 2e9) {
		double k = (double)(int64_t)x, f = x - k;
		if (fabs(f - 0.5) > x * 1e-15)
			return k + (f > 0.5);
	}
	x = d / mps;
	return x < (double)INT32_MAX + 0.5 ? round_pos(x) : x;
}

/* One thread's share of cl_matrix_geo: rows first, first + step, ... */
struct geo_part {
	const struct cl_instance *inst;
	const struct cl_gc_site *gc;
	const double *cols;           /* gc by columns: sh, ch, sl, cl, cphi (n + 1 each) */
	const double *mps;            /* per type: speed in metres per second */
	const double *per_m;          /* per type: 1 / mps */
	double detour;
	struct cl_matrix *m;
	int first, step;
	long bad_i, bad_j;            /* the first entry that overflows (-1: none) */
	int bad_type;                 /* -1: the distance; else that type's time */
};

/*
 * Entry (i, j) of the distance and every time matrix, one at a time;
 * 0, or 1 when it overflows (g->bad_*: the pair in index order, the
 * distance or the first type whose time overflows).
 */
static int geo_entry(struct geo_part *g, int i, int j, double tol)
{
	struct cl_matrix *m = g->m;
	int n = m->n, lo = i < j ? i : j, hi = i < j ? j : i;
	size_t k = (size_t)i * (size_t)n + (size_t)j;
	double d = i == j ? 0.0 : dist_entry(g->gc, lo, hi, g->detour, tol);

	if (d > (double)INT32_MAX) {
		g->bad_i = lo;
		g->bad_j = hi;
		g->bad_type = -1;
		return 1;
	}
	m->dist_m[k] = (int32_t)d;
	for (int t = 0; t < m->ntypes; t++) {
		double s = time_entry(d, g->mps[t], g->per_m[t]);
		if (s >= (double)INT32_MAX + 0.5) {   /* round(s) > INT32_MAX */
			g->bad_i = lo;
			g->bad_j = hi;
			g->bad_type = t;
			return 1;
		}
		m->time_s[t][k] = (int32_t)s;
	}
	return 0;
}

#if defined(__SSE2__)
/*
 * Columns j and j + 1 of row i, two at a time (SSE2): the difference
 * formula with its series (cl_gc_fast_m's operations in the same order)
 * and the roundings of dist_entry and time_entry. 0 when both entries
 * came out (stored, or only column j's when j + 1 == n); 1 when a lane
 * needs the one-at-a-time path (points further apart than the series
 * reaches, a value near a half, a value beyond 2e9), which then makes
 * both entries over.
 */
static int geo_pair(const struct geo_part *g, int i, int j, double tol)
{
	const struct cl_matrix *m = g->m;
	const double *c = g->cols;
	int n = m->n;
	size_t np = (size_t)n + 1, k = (size_t)i * (size_t)n + (size_t)j;
	__m128d sh = _mm_loadu_pd(c + j), ch = _mm_loadu_pd(c + np + (size_t)j);
	__m128d sl = _mm_loadu_pd(c + 2 * np + (size_t)j), cl = _mm_loadu_pd(c + 3 * np + (size_t)j);
	__m128d cphi = _mm_loadu_pd(c + 4 * np + (size_t)j);
	__m128d sdphi = _mm_sub_pd(_mm_mul_pd(sh, _mm_set1_pd(c[np + (size_t)i])),
				   _mm_mul_pd(ch, _mm_set1_pd(c[i])));
	__m128d sdlam = _mm_sub_pd(_mm_mul_pd(sl, _mm_set1_pd(c[3 * np + (size_t)i])),
				   _mm_mul_pd(cl, _mm_set1_pd(c[2 * np + (size_t)i])));
	__m128d h = _mm_add_pd(_mm_mul_pd(sdphi, sdphi),
			       _mm_mul_pd(_mm_mul_pd(_mm_mul_pd(_mm_set1_pd(c[4 * np + (size_t)i]),
								cphi), sdlam), sdlam));
	__m128d r = _mm_sqrt_pd(h);
	__m128d s = _mm_set1_pd(231.0 / 13312.0);
	s = _mm_add_pd(_mm_mul_pd(s, h), _mm_set1_pd(63.0 / 2816.0));
	s = _mm_add_pd(_mm_mul_pd(s, h), _mm_set1_pd(35.0 / 1152.0));
	s = _mm_add_pd(_mm_mul_pd(s, h), _mm_set1_pd(5.0 / 112.0));
	s = _mm_add_pd(_mm_mul_pd(s, h), _mm_set1_pd(3.0 / 40.0));
	s = _mm_add_pd(_mm_mul_pd(s, h), _mm_set1_pd(1.0 / 6.0));
	__m128d x = _mm_mul_pd(_mm_mul_pd(_mm_set1_pd(2.0 * CL_GC_EARTH_RADIUS_M),
					  _mm_add_pd(r, _mm_mul_pd(_mm_mul_pd(r, h), s))),
			       _mm_set1_pd(g->detour));
	/* lanes the fast path may not round: the series out of reach,
	 * beyond 2e9, or within the error bound of a half */
	__m128d half = _mm_set1_pd(0.5), one = _mm_set1_pd(1.0);
	__m128d abs = _mm_castsi128_pd(_mm_set1_epi64x(INT64_MAX));
	__m128d slow = _mm_or_pd(_mm_cmpgt_pd(h, _mm_set1_pd(CL_GC_SERIES)),
				 _mm_cmpge_pd(x, _mm_set1_pd(2e9)));
	if (_mm_movemask_pd(slow))
		return 1;
	__m128d kd = _mm_cvtepi32_pd(_mm_cvttpd_epi32(x)), f = _mm_sub_pd(x, kd);
	slow = _mm_cmple_pd(_mm_and_pd(_mm_sub_pd(f, half), abs),
			    _mm_add_pd(_mm_set1_pd(tol), _mm_mul_pd(x, _mm_set1_pd(1e-15))));
	if (_mm_movemask_pd(slow))
		return 1;
	__m128d d = _mm_add_pd(kd, _mm_and_pd(_mm_cmpgt_pd(f, half), one));
	/* the diagonal is 0 */
	if (i == j)
		d = _mm_move_sd(d, _mm_setzero_pd());
	else if (i == j + 1)
		d = _mm_move_sd(_mm_setzero_pd(), d);
	__m128i times[CL_GEO_PAIR_TYPES];
	for (int t = 0; t < m->ntypes; t++) {
		__m128d y = _mm_mul_pd(d, _mm_set1_pd(g->per_m[t]));
		if (_mm_movemask_pd(_mm_cmpge_pd(y, _mm_set1_pd(2e9))))
			return 1;
		__m128d ky = _mm_cvtepi32_pd(_mm_cvttpd_epi32(y)), fy = _mm_sub_pd(y, ky);
		if (_mm_movemask_pd(_mm_cmple_pd(_mm_and_pd(_mm_sub_pd(fy, half), abs),
						 _mm_mul_pd(y, _mm_set1_pd(1e-15)))))
			return 1;
		times[t] = _mm_cvttpd_epi32(_mm_add_pd(ky, _mm_and_pd(_mm_cmpgt_pd(fy, half), one)));
	}
	if (j + 1 < n) {
		_mm_storel_epi64((__m128i *)(void *)(m->dist_m + k), _mm_cvttpd_epi32(d));
		for (int t = 0; t < m->ntypes; t++)
			_mm_storel_epi64((__m128i *)(void *)(m->time_s[t] + k), times[t]);
	} else {
		m->dist_m[k] = _mm_cvtsi128_si32(_mm_cvttpd_epi32(d));
		for (int t = 0; t < m->ntypes; t++)
			m->time_s[t][k] = _mm_cvtsi128_si32(times[t]);
	}
	return 0;
}
#endif

/*
 * Rows first, first + step, ... of the matrix, whole (both triangles:
 * every entry is symmetric to the bit, so computing the lower one again
 * costs less than copying it across the matrix). Row i's columns in order
 * are its pairs {j, i} in the order of the upper triangle's rows; the
 * share stops at its first entry that overflows (bad_i < bad_j,
 * bad_type), and the first of all shares' is the first of the matrix.
 */
static void *geo_rows(void *arg)
{
	struct geo_part *g = arg;
	int n = g->m->n;
	double tol = CL_GC_TOL_M * g->detour;

	for (int i = g->first; i < n; i += g->step) {
		int j = 0;
#if defined(__SSE2__)
		if (g->m->ntypes <= CL_GEO_PAIR_TYPES)
			for (; j < n; j += 2)
				if (geo_pair(g, i, j, tol) &&
				    (geo_entry(g, i, j, tol) ||
				     (j + 1 < n && geo_entry(g, i, j + 1, tol))))
					return NULL;
#endif
		for (; j < n; j++)
			if (geo_entry(g, i, j, tol))
				return NULL;
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
	struct cl_gc_site *gc = NULL;
	double *cols = NULL;
	double *mps = NULL, *per_m = NULL;
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
	 * MIN_ROWS rows each */
	if (n < 1000)
		nt = 1;
	if (nt > (n + MIN_ROWS - 1) / MIN_ROWS)
		nt = (n + MIN_ROWS - 1) / MIN_ROWS > 0 ? (n + MIN_ROWS - 1) / MIN_ROWS : 1;
	m = cl_matrix_create(n, inst->ntypes);
	gc = malloc((size_t)(n > 0 ? n : 1) * sizeof *gc);
	cols = malloc((size_t)(n + 1) * 5 * sizeof *cols);
	mps = malloc((size_t)(inst->ntypes > 0 ? inst->ntypes : 1) * sizeof *mps);
	per_m = malloc((size_t)(inst->ntypes > 0 ? inst->ntypes : 1) * sizeof *per_m);
	parts = calloc((size_t)nt, sizeof *parts);
	tid = calloc((size_t)nt, sizeof *tid);
	started = calloc((size_t)nt, sizeof *started);
	if (!m || !gc || !cols || !mps || !per_m || !parts || !tid || !started) {
		rc = cl_fail(err, CL_EINTERNAL,
			     "out of memory for a %d-site distance matrix", n);
		goto fail;
	}
	for (int i = 0; i < n; i++)
		gc[i] = cl_gc_site(inst->sites[i].lon, inst->sites[i].lat);
	/* by columns, with a copy of site 0 after the last (the second lane
	 * of an odd row's last pair reads it; its entry is not stored) */
	for (int i = 0; n > 0 && i <= n; i++) {
		const struct cl_gc_site *a = &gc[i < n ? i : 0];
		size_t np = (size_t)n + 1;
		cols[i] = a->sh;
		cols[np + (size_t)i] = a->ch;
		cols[2 * np + (size_t)i] = a->sl;
		cols[3 * np + (size_t)i] = a->cl;
		cols[4 * np + (size_t)i] = a->cphi;
	}
	for (int t = 0; t < inst->ntypes; t++) {
		mps[t] = inst->types[t].speed_kmh / 3.6;
		per_m[t] = 1.0 / mps[t];
	}
	/*
	 * With nt threads, part k takes the rows k, k + nt, ... Every entry
	 * is computed as with one thread: the same matrix.
	 */
	for (int k = 0; k < nt; k++)
		parts[k] = (struct geo_part){ inst, gc, cols, mps, per_m, detour, m, k, nt, -1, -1, -1 };
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
	free(gc);
	free(cols);
	free(mps);
	free(per_m);
	free(parts);
	free(tid);
	free(started);
	*out = m;
	return CL_OK;
fail:
	free(gc);
	free(cols);
	free(mps);
	free(per_m);
	free(parts);
	free(tid);
	free(started);
	cl_matrix_destroy(m);
	return rc;
}
