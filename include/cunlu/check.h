/*
 * check.h -- the independent feasibility checker.
 *
 * Recomputes every load, time and distance of a solution from the instance
 * and the matrix alone (it shares no code with the search) and checks every
 * constraint: each village served at most once and either served or
 * reported unassigned, capacity at every point of a route (deliveries and
 * pickups), opening hours, shifts, route duration and distance limits and
 * vehicle counts. The figures it computes are the ones the writers print,
 * so the outputs always agree with the check.
 */
#ifndef CUNLU_CHECK_H
#define CUNLU_CHECK_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"
#include "cunlu/solution.h"

/* What happens at one stop of a route. */
struct cl_stop_eval {
	int site;
	int arrival_s;    /* arrival at the stop */
	int start_s;      /* service start (after waiting for opening) */
	int depart_s;     /* departure after service */
	int wait_s;       /* waiting before opening */
	int load;         /* parcels on board after the stop */
	int dist_m;       /* distance driven from the depot to this stop */
};

/* Figures of one route, recomputed. */
struct cl_route_eval {
	int nstops;
	struct cl_stop_eval *stops;  /* nstops entries (owned by the report) */
	int start_s;                 /* departure from the depot */
	int end_s;                   /* return to the depot */
	int dur_s;                   /* end_s - start_s */
	long dist_m;                 /* total distance */
	int load_start;              /* parcels loaded at the depot */
	int load_end;                /* parcels brought back to the depot */
	int load_max;                /* most parcels on board at any point */
	double cost;                 /* fixed cost + cost per km */
};

struct cl_report {
	int nroutes;
	struct cl_route_eval *routes;  /* parallel to solution routes */
	long total_dist_m;
	long total_dur_s;
	double total_cost;
	int vehicles_used;
	int served;                    /* villages on a route */
	int unassigned;
};

/*
 * Check sol against inst and m. On success returns CL_OK and, if rep is not
 * NULL, fills *rep (free with cl_report_free). On the first violation
 * returns CL_EINTERNAL with a message naming the route, stop and constraint
 * (a violation is a bug in the search, not bad input).
 */
int cl_check(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solution *sol, struct cl_report *rep,
	     struct cl_error *err);

void cl_report_free(struct cl_report *rep);

#endif
