/*
 * check.h -- the independent feasibility checker.
 *
 * Recomputes every load, time and distance of a solution from the instance
 * and the matrix alone (it shares no code with the search) and checks every
 * constraint:
 *
 *   - each village served (once, or in shares that add up to its demand
 *     and pickup: split delivery), reported unassigned, or -- only when
 *     nothing of it is due today -- deferred;
 *   - per trip: capacity at every point (deliveries and pickups), opening
 *     hours, the shift, max_trip_km, the vehicle type allowed at each stop
 *     (VEHICLES) with every skill the stop needs, and no departure before
 *     the release (READY) of any village on the trip;
 *   - per vehicle: its trips numbered 1, 2, ... in time order, at most
 *     max_trips, each leaving at least reload_min after the previous one
 *     returned; the day (first departure to last return) within
 *     max_route_min and the day's distance within max_route_km;
 *   - vehicle numbers within each type's count;
 *   - per trip, any type: at most max_stops villages, at most payload_kg
 *     of WEIGHT_KG (a split share weighs its share of the parcels);
 *   - drones: each stop has a landing point (DRONE = 1), each leg (from
 *     and back to the type's origin: the depot or its launch site) is the
 *     great-circle distance within 1 m and touches no no-fly zone, and
 *     range_km (max_trip_m) holds per sortie, turnaround_min between two.
 *
 * Cost of a vehicle's day: fixed_cost once + cost_per_km x km of all its
 * trips + cost_per_hour x hours from its first departure to its last
 * return (waiting and reloads included). The figures it computes are the
 * ones the writers print, so the outputs always agree with the check.
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
	int deliver;      /* parcels delivered at this visit (its share) */
	int pickup;       /* parcels collected at this visit */
};

/* Figures of one route (one trip of a vehicle), recomputed. */
struct cl_route_eval {
	int nstops;
	struct cl_stop_eval *stops;  /* nstops entries (owned by the report) */
	int trip;                    /* 0-based trip of the vehicle's day */
	int veh;                     /* index into cl_report.vehicles */
	int start_s;                 /* departure from the depot */
	int end_s;                   /* return to the depot */
	int dur_s;                   /* end_s - start_s */
	long dist_m;                 /* total distance */
	int load_start;              /* parcels loaded at the depot */
	int load_end;                /* parcels brought back to the depot */
	int load_max;                /* most parcels on board at any point */
	double cost;                 /* this trip's part of the vehicle's day:
					fixed cost (first trip), cost per km,
					cost per hour from the previous trip's
					return (or this departure) to this
					return; the trips' costs add up to the
					day's */
};

/* Figures of one vehicle's day, recomputed. */
struct cl_vehicle_eval {
	int type, vehicle;           /* as in the routes */
	int ntrips;
	int first_route;             /* index of its trip 1 in the routes */
	int start_s;                 /* first departure */
	int end_s;                   /* last return */
	int dur_s;                   /* end_s - start_s (reloads, waiting) */
	long dist_m;                 /* all its trips */
	int parcels;                 /* delivered + collected, all trips */
	double cost;                 /* fixed + per km + per hour */
};

struct cl_report {
	int nroutes;
	struct cl_route_eval *routes;  /* parallel to solution routes */
	int nvehicles;
	struct cl_vehicle_eval *vehicles;  /* vehicles used, in the order of
					      their first route */
	long total_dist_m;
	long total_dur_s;              /* sum of the vehicles' days */
	double total_cost;             /* sum of the vehicles' costs */
	int vehicles_used;             /* = nvehicles */
	int served;                    /* villages on a route (a split village
					  counts once) */
	int unassigned;
	int deferred;                  /* optional villages left for later */
	double miss_cost;              /* sum of miss_cost of the unassigned
					  and deferred villages */
};

/*
 * Check sol against inst and m. On success returns CL_OK and, if rep is not
 * NULL, fills *rep (free with cl_report_free). On the first violation
 * returns CL_EINTERNAL with a message naming the route, stop and constraint
 * (a violation is a bug in the search, not bad input); also CL_EINTERNAL
 * for a matrix that does not fit the instance and when out of memory. On
 * failure *rep is zeroed with nothing allocated.
 */
int cl_check(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solution *sol, struct cl_report *rep,
	     struct cl_error *err);

void cl_report_free(struct cl_report *rep);

#endif
