/*
 * prob.h -- the search's view of an instance: integer data laid out for
 * fast move evaluation. Costs are 64-bit integers in micro-units of money
 * (VROOM's habit: exact comparisons, reproducible runs).
 */
#ifndef CUNLU_PROB_H
#define CUNLU_PROB_H

#include <stdint.h>
#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

#define CL_COST_SCALE 1000000.0  /* micro-units per money unit */

struct cl_ptype {
	int count;            /* vehicles of this type */
	int cap;              /* parcels */
	int shift_start;      /* seconds */
	int shift_end;
	int max_dur;          /* seconds; INT_MAX when only the shift bounds it */
	int64_t max_dist;     /* metres; INT64_MAX when unlimited */
	int64_t fixed;        /* micro-units per vehicle used */
	int64_t unit;         /* micro-units per metre */
	const int32_t *time;  /* n*n travel times for this type */
	const int32_t *dist;  /* n*n distances this type drives */
	int max_trips;        /* trips per day (>= 1; reloads in between) */
	int reload;           /* seconds at the depot between two trips */
	int64_t max_trip;     /* metres per trip; INT64_MAX when unlimited */
	int64_t hourly;       /* micro-units per hour of the day (wages) */
	int max_stops;        /* villages per trip; INT_MAX when unlimited */
	int64_t max_wg;       /* grams delivered per trip (payload_kg);
				 INT64_MAX when unlimited */
	int anywhere;         /* 1: a drone (or a vehicle of one- or two-stop
				 trips): where a village lies says nothing
				 about which of these vehicles takes it, so
				 recreate tries each of their routes for
				 every village (a new sortie) */
	int sclass;           /* types with the same sclass may share segment
				 summaries (same matrices, shift, reload time
				 and access rules): cl_prob_same_seg() */
};

struct cl_pnode {
	int demand, pickup, service, tw_start, tw_end;
	int rel;              /* release: its trip leaves at or after it */
	int wg;               /* grams delivered here (weight_kg) */
	uint64_t deny;        /* bit t: type t may not serve it (t < 64) */
};

struct cl_prob {
	int n;                    /* search nodes, 0 = depot: the sites, then
				     the extra visits of split villages */
	int nsites;               /* sites of the instance (n without the
				     extra visits) */
	int *site;                /* per node: its site (NULL: node = site) */
	int *visits;              /* per site: its nodes (1, or more for a
				     split village); NULL with site */
	const int32_t *dist;      /* n*n metres (shared; for neighbour lists) */
	int ntypes;
	struct cl_ptype *types;
	struct cl_pnode *nodes;
	int64_t penalty;          /* base cost of leaving a required village
				     out: above serving it with a vehicle of
				     its own (miss[] of required villages is
				     at least this) */
	int64_t *miss;            /* per node: cost of leaving it out (a
				     required village's penalty, an optional
				     one's prize); cl_prob_miss(); NULL:
				     penalty for all */
	unsigned char *optional;  /* per node: 1 = may be deferred */
	int multi;                /* some type makes several trips */
	int nanywhere;            /* types with anywhere set */
	int hetero;               /* two types share summaries
				     (cl_prob_same_seg): a route may change
				     vehicle type (recreate) */
	int new_last;             /* recreate starts an empty vehicle only
				     for a village no used route can take
				     (cl_prob_derive: pure capacity problems) */
	int fleet_first;          /* a vehicle costs more than all the driving
				     of the first plan (solve.c, set after
				     it): recreate tries every used route
				     before it opens a free vehicle
				     (CL_NEW_FALLBACK) */
	int plain;                /* a pure capacity problem (as new_last) with
				     no pickups, no unreachable arc, and time
				     that can never bind (cl_prob_derive): a
				     route's cost is unit * its metres, and a
				     village fits wherever the parcels do
				     (recreate prices a place from the matrix
				     alone) */
	int tw;                   /* some village's opening hours are narrower
				     than the shifts (cl_prob_derive): the
				     annealing's schedule for time windows */
	int nnear;                /* neighbours per node in near[] */
	int *near;                /* n*nnear: villages sorted by distance */
	int32_t **owned;          /* matrices over the search nodes built for
				     split villages (nowned, freed with p) */
	int nowned;
};

/* The site of search node v. */
static inline int cl_prob_site(const struct cl_prob *p, int v)
{
	return p->site ? p->site[v] : v;
}

/*
 * The search's view of inst with matrix m (both must outlive it).
 *
 * Split delivery: a village whose parcels (demand or pickup) exceed the
 * capacity of every vehicle type that may serve it becomes k search nodes,
 * k = ceil(parcels / largest such capacity), each with an even share of
 * its demand and pickup (the first ones one parcel more when it does not
 * divide) and its own service time; the extra nodes come after the sites
 * (site[] maps them back) and the matrices are rebuilt over the nodes.
 * Each share fits some vehicle, so the village is served in several
 * visits, on several trips or vehicles.
 */
int cl_prob_create(const struct cl_instance *inst, const struct cl_matrix *m,
		   struct cl_prob **out, struct cl_error *err);
/* The same problem with its neighbour lists built on up to `threads`
 * threads (at most CL_NEAR_MAX_THREADS; the lists are the same). */
#define CL_NEAR_MAX_THREADS 64
int cl_prob_create_threads(const struct cl_instance *inst, const struct cl_matrix *m,
			   int threads, struct cl_prob **out, struct cl_error *err);
void cl_prob_destroy(struct cl_prob *p);
/*
 * Fill the fields derived from types[] and nodes[] (multi, and sclass:
 * types whose segment summaries are interchangeable -- same matrices,
 * shift, reload time and access -- share the lowest such index). Called
 * by cl_prob_create; a hand-built problem (tests) calls it itself.
 */
void cl_prob_derive(struct cl_prob *p);

/* What leaving node v out of the plan costs (micro-units). */
static inline int64_t cl_prob_miss(const struct cl_prob *p, int v)
{
	return p->miss ? p->miss[v] : p->penalty;
}

/* May a summary built under type a be joined under type b? */
static inline int cl_prob_same_seg(const struct cl_prob *p, int a, int b)
{
	return p->types[a].sclass == p->types[b].sclass;
}

static inline int32_t cl_prob_dist(const struct cl_prob *p, int i, int j)
{
	return p->dist[(long)i * p->n + j];
}

#endif
