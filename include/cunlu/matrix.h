/*
 * matrix.h -- travel distances and times between all sites.
 *
 * Dense square matrices indexed by site (0 = depot). Travel times in
 * seconds are kept per vehicle type, since a van and an electric tricycle
 * differ in speed. Distances in metres are shared by all types (dist_m)
 * unless a type drives other roads (a tricycle kept off the expressway):
 * then dist_type[t] holds its own matrix. A negative entry means
 * "unreachable". Always read distances through cl_dist_t().
 */
#ifndef CUNLU_MATRIX_H
#define CUNLU_MATRIX_H

#include <stdint.h>
#include "cunlu/error.h"
#include "cunlu/instance.h"

#define CL_UNREACHABLE (-1)

struct cl_matrix {
	int n;             /* sites */
	int ntypes;        /* vehicle types */
	int32_t *dist_m;   /* n*n, row = from, column = to */
	int32_t **dist_type; /* ntypes entries, each NULL (use dist_m) or an
				own n*n array (owned, never aliased) */
	int32_t **time_s;  /* ntypes arrays of n*n */
};

/* The distance matrix that vehicle type t drives on. */
static inline const int32_t *cl_dist_of(const struct cl_matrix *m, int type)
{
	return m->dist_type && m->dist_type[type] ? m->dist_type[type] : m->dist_m;
}

static inline int32_t cl_dist_t(const struct cl_matrix *m, int type, int i, int j)
{
	return cl_dist_of(m, type)[(long)i * m->n + j];
}

/* The shared distance (types without their own matrix). */
static inline int32_t cl_dist(const struct cl_matrix *m, int i, int j)
{
	return m->dist_m[(long)i * m->n + j];
}

static inline int32_t cl_time(const struct cl_matrix *m, int type, int i, int j)
{
	return m->time_s[type][(long)i * m->n + j];
}

/*
 * Allocate an n-site matrix for ntypes vehicle types, every entry 0, owned
 * by the caller (cl_matrix_destroy). NULL when n or ntypes is negative,
 * when n * n entries do not fit in memory arithmetic, or when an
 * allocation fails; nothing is leaked then.
 */
struct cl_matrix *cl_matrix_create(int n, int ntypes);
void cl_matrix_destroy(struct cl_matrix *m);

/*
 * The map-free estimate for inst: distance = round(great-circle distance x
 * detour) metres (detour: road length over straight line, >= 1), the same
 * both ways; time for type t = round(distance / (speed_kmh / 3.6))
 * seconds; the diagonal is 0. CL_EINPUT for a detour below 1 (or not a
 * number), a non-positive speed, a site with unusable coordinates, an
 * entry beyond int32 or too many sites; CL_EINTERNAL when out of memory.
 * On success *out is a new matrix owned by the caller; on failure *out is
 * NULL and nothing is leaked.
 */
int cl_matrix_geo(const struct cl_instance *inst, double detour,
		  struct cl_matrix **out, struct cl_error *err);
/* The same matrix computed on `threads` threads (rows shared out; the
 * entries are exactly cl_matrix_geo's). */
int cl_matrix_geo_threads(const struct cl_instance *inst, double detour, int threads,
			  struct cl_matrix **out, struct cl_error *err);

/* Great-circle distance in metres between two points given in degrees
 * (haversine, on a sphere of the mean Earth radius). */
double cl_haversine_m(double lon1, double lat1, double lon2, double lat2);

#endif
