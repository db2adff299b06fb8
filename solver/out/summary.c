/*
 * out/summary.c -- summary.json: what was solved, how, and the result.
 *
 *   { "version", "input": {"villages", "fleet", "distances", "orders"},
 *     "date", "defer_cost", "seed", "time_limit_s", "elapsed_s",
 *     "iterations", ["ilp": {...}],
 *     "total_dist_m", "total_dur_s", "total_cost", "vehicles_used",
 *     "trips", "served", "unassigned_count", "deferred_count", "miss_cost",
 *     "status_counts": {"served", "unassigned", "deferred",
 *                       "nothing today", "not scheduled"},
 *     "by_mode": { "road": {...}, "drone": {...} }  (the modes of the
 *        fleet's types: "vehicles_used", "trips", "stops", "dist_m",
 *        "dur_s", "cost"),
 *     "vehicles": [ {"vehicle", "type", "mode", "trips", "stops", "dist_m",
 *                    "dur_s", "start", "end", "load_start", "load_max",
 *                    "parcels", "cost",
 *                    "trip_list": [ {"trip", "stops", "dist_m", "dur_s",
 *                                    "start", "end", "load_start",
 *                                    "load_max", "cost"} ]} ],
 *     "unassigned": [ {"id", "name", "record", "deliver", "pickup",
 *                      "reason", "rule"} ],
 *     "deferred": [ {"id", "name", "record", "deliver", "pickup",
 *                    "due_days", "prize", "reason"} ],
 *     "not_planned": [ {"id", "name", "record", "status", "reason"} ] }
 *
 * A vehicle's figures are its day: dur_s and cost from its first
 * departure to its last return (reloads and waiting included), dist_m
 * over all its trips; total_dur_s and total_cost add up the vehicles'
 * days. "fleet" and "orders" are null when not given; "record" is the
 * 1-based record number in the villages file, null if the village has
 * none; "rule" is the binding rule's short name (model/explain.h).
 * Costs have 2 decimals, times in seconds 3.
 */
#include <math.h>

#include "out/jsonw.h"
#include "out/internal.h"

#define COST_DECIMALS 2
#define SECONDS_DECIMALS 3

/* An object member with a time of day as "HH:MM". */
static void write_hhmm(struct cl_jsonw *w, const char *key, int secs)
{
	char buf[16];

	cl_format_hhmm(secs, buf);
	cl_jsonw_kstring(w, key, buf);
}

/* The figures of one trip (route r). */
static void write_trip(struct cl_jsonw *w, const struct cl_route *route,
		       const struct cl_route_eval *ev)
{
	cl_jsonw_begin_object_flat(w);
	cl_jsonw_kint(w, "trip", route->trip + 1);
	cl_jsonw_kint(w, "stops", route->nstops);
	cl_jsonw_kint(w, "dist_m", ev->dist_m);
	cl_jsonw_kint(w, "dur_s", ev->dur_s);
	write_hhmm(w, "start", ev->start_s);
	write_hhmm(w, "end", ev->end_s);
	cl_jsonw_kint(w, "load_start", ev->load_start);
	cl_jsonw_kint(w, "load_max", ev->load_max);
	cl_jsonw_kdouble(w, "cost", ev->cost, COST_DECIMALS);
	cl_jsonw_end_object(w);
}

/* One entry per vehicle used: its day, then its trips. */
static int write_vehicles(struct cl_jsonw *w, const struct cl_instance *inst,
			  const struct cl_solution *sol,
			  const struct cl_report *rep, struct cl_error *err)
{
	char label[CL_OUT_LABEL_MAX];
	int rc;

	cl_jsonw_key(w, "vehicles");
	cl_jsonw_begin_array(w);
	for (int v = 0; v < rep->nvehicles; v++) {
		const struct cl_vehicle_eval *ve = &rep->vehicles[v];
		const struct cl_route *first = &sol->routes[ve->first_route];
		int stops = 0, load_start = rep->routes[ve->first_route].load_start, load_max = 0;

		rc = cl_out_vehicle_label(inst, first, label, err);
		if (rc)
			return rc;
		for (int r = ve->first_route; r < sol->nroutes; r++)
			if (rep->routes[r].veh == v) {
				stops += sol->routes[r].nstops;
				if (rep->routes[r].load_max > load_max)
					load_max = rep->routes[r].load_max;
			}
		cl_jsonw_begin_object(w);
		cl_jsonw_kstring(w, "vehicle", label);
		cl_jsonw_kstring(w, "type", inst->types[first->type].name);
		cl_jsonw_kstring(w, "mode", cl_mode_name(inst->types[first->type].mode));
		cl_jsonw_kint(w, "trips", ve->ntrips);
		cl_jsonw_kint(w, "stops", stops);
		cl_jsonw_kint(w, "dist_m", ve->dist_m);
		cl_jsonw_kint(w, "dur_s", ve->dur_s);
		write_hhmm(w, "start", ve->start_s);
		write_hhmm(w, "end", ve->end_s);
		cl_jsonw_kint(w, "load_start", load_start);
		cl_jsonw_kint(w, "load_max", load_max);
		cl_jsonw_kint(w, "parcels", ve->parcels);
		cl_jsonw_kdouble(w, "cost", ve->cost, COST_DECIMALS);
		cl_jsonw_key(w, "trip_list");
		cl_jsonw_begin_array(w);
		for (int r = ve->first_route; r < sol->nroutes; r++)
			if (rep->routes[r].veh == v)
				write_trip(w, &sol->routes[r], &rep->routes[r]);
		cl_jsonw_end_array(w);
		cl_jsonw_end_object(w);
	}
	return cl_jsonw_end_array(w);
}

/*
 * "by_mode": per mode of the fleet's types (road, drone), the vehicles
 * used, their trips (a drone's sorties), the villages served, km, the
 * vehicles' days in seconds and their cost.
 */
static void write_modes(struct cl_jsonw *w, const struct cl_instance *inst,
			const struct cl_solution *sol, const struct cl_report *rep)
{
	static const int modes[] = { CL_MODE_ROAD, CL_MODE_DRONE };

	cl_jsonw_key(w, "by_mode");
	cl_jsonw_begin_object(w);
	for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
		long long dist = 0, dur = 0, stops = 0;
		int used = 0, trips = 0, has = 0;
		double cost = 0;

		for (int t = 0; t < inst->ntypes; t++)
			has |= inst->types[t].mode == modes[k];
		if (!has)
			continue;
		for (int v = 0; v < rep->nvehicles; v++) {
			const struct cl_vehicle_eval *ve = &rep->vehicles[v];
			if (inst->types[ve->type].mode != modes[k])
				continue;
			used++;
			trips += ve->ntrips;
			dist += ve->dist_m;
			dur += ve->dur_s;
			cost += ve->cost;
		}
		for (int r = 0; r < sol->nroutes; r++)
			if (inst->types[sol->routes[r].type].mode == modes[k])
				stops += sol->routes[r].nstops;
		cl_jsonw_key(w, cl_mode_name(modes[k]));
		cl_jsonw_begin_object_flat(w);
		cl_jsonw_kint(w, "vehicles_used", used);
		cl_jsonw_kint(w, "trips", trips);
		cl_jsonw_kint(w, "stops", stops);
		cl_jsonw_kint(w, "dist_m", dist);
		cl_jsonw_kint(w, "dur_s", dur);
		cl_jsonw_kdouble(w, "cost", cost, COST_DECIMALS);
		cl_jsonw_end_object(w);
	}
	cl_jsonw_end_object(w);
}

/* "id", "name", "record" of a village. */
static void write_village(struct cl_jsonw *w, const struct cl_site *s)
{
	cl_jsonw_kstring(w, "id", s->id);
	cl_jsonw_kstring(w, "name", s->name);
	if (s->record >= 0)
		cl_jsonw_kint(w, "record", (long long)s->record + 1);
	else
		cl_jsonw_knull(w, "record");
}

static int write_unassigned(struct cl_jsonw *w, const struct cl_instance *inst,
			    const struct cl_solution *sol,
			    const struct cl_runinfo *info)
{
	char why[CL_OUT_REASON_MAX];

	cl_jsonw_key(w, "unassigned");
	cl_jsonw_begin_array(w);
	for (int u = 0; u < sol->nunassigned; u++) {
		const struct cl_site *s = &inst->sites[sol->unassigned[u]];

		cl_jsonw_begin_object_flat(w);
		write_village(w, s);
		cl_jsonw_kint(w, "deliver", s->demand);
		cl_jsonw_kint(w, "pickup", s->pickup);
		cl_jsonw_kstring(w, "reason", cl_out_reason(inst, sol, u, info, why,
							     sizeof why));
		if (info->unassigned_rule && info->unassigned_rule[u])
			cl_jsonw_kstring(w, "rule", info->unassigned_rule[u]);
		cl_jsonw_end_object(w);
	}
	cl_jsonw_end_array(w);
	cl_jsonw_key(w, "deferred");
	cl_jsonw_begin_array(w);
	for (int d = 0; d < sol->ndeferred; d++) {
		const struct cl_site *s = &inst->sites[sol->deferred[d]];

		cl_jsonw_begin_object_flat(w);
		write_village(w, s);
		cl_jsonw_kint(w, "deliver", s->demand);
		cl_jsonw_kint(w, "pickup", s->pickup);
		cl_jsonw_kint(w, "due_days", s->due_days);
		cl_jsonw_kdouble(w, "prize", s->miss_cost, COST_DECIMALS);
		if (info->deferred_why && info->deferred_why[d])
			cl_jsonw_kstring(w, "reason", info->deferred_why[d]);
		cl_jsonw_end_object(w);
	}
	cl_jsonw_end_array(w);
	cl_jsonw_key(w, "not_planned");
	cl_jsonw_begin_array(w);
	for (int i = 0; i < inst->nidle; i++) {
		cl_jsonw_begin_object_flat(w);
		write_village(w, &inst->idle[i]);
		cl_jsonw_kstring(w, "status", cl_idle_status(inst->idle_why[i]));
		cl_jsonw_kstring(w, "reason", cl_idle_text(inst->idle_why[i]));
		cl_jsonw_end_object(w);
	}
	return cl_jsonw_end_array(w);
}

/* Villages per status. */
static void write_counts(struct cl_jsonw *w, const struct cl_instance *inst,
			 const struct cl_report *rep)
{
	int idle[CL_IDLE_COUNT] = { 0 };

	for (int i = 0; i < inst->nidle; i++)
		idle[inst->idle_why[i]]++;
	cl_jsonw_key(w, "status_counts");
	cl_jsonw_begin_object_flat(w);
	cl_jsonw_kint(w, "served", rep->served);
	cl_jsonw_kint(w, "unassigned", rep->unassigned);
	cl_jsonw_kint(w, "deferred", rep->deferred);
	cl_jsonw_kint(w, "nothing today", idle[CL_IDLE_NO_ORDERS] + idle[CL_IDLE_NOTHING]);
	cl_jsonw_kint(w, "not scheduled", idle[CL_IDLE_NOT_SCHEDULED]);
	cl_jsonw_end_object(w);
}

int cl_out_summary(FILE *fp, const struct cl_instance *inst,
		   const struct cl_solution *sol, const struct cl_report *rep,
		   const struct cl_runinfo *info, struct cl_error *err)
{
	struct cl_jsonw w;
	int rc;

	cl_jsonw_init(&w, fp, CL_JSONW_PRETTY, err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "version", info->version);
	if (info->run_id)
		cl_jsonw_kstring(&w, "run_id", info->run_id);
	cl_jsonw_key(&w, "input");
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "villages", info->villages);
	cl_jsonw_kstring(&w, "fleet", info->fleet);
	cl_jsonw_kstring(&w, "distances", info->distances);
	cl_jsonw_kstring(&w, "orders", info->orders);
	cl_jsonw_end_object(&w);
	cl_jsonw_kstring(&w, "date", info->date);
	cl_jsonw_kdouble(&w, "defer_cost", info->defer_cost, COST_DECIMALS);
	cl_jsonw_kuint(&w, "seed", info->seed);
	cl_jsonw_kdouble(&w, "time_limit_s", info->time_limit_s, SECONDS_DECIMALS);
	cl_jsonw_kdouble(&w, "elapsed_s", info->elapsed_s, SECONDS_DECIMALS);
	cl_jsonw_kint(&w, "iterations", info->iterations);
	if (info->ilp) {
		const struct cl_ilp_stats *ilp = info->ilp;
		cl_jsonw_key(&w, "ilp");
		cl_jsonw_begin_object(&w);
		cl_jsonw_kint(&w, "runs", ilp->runs);
		cl_jsonw_kint(&w, "improvements", ilp->improvements);
		cl_jsonw_kint(&w, "pool_routes", ilp->pool_routes);
		cl_jsonw_kint(&w, "columns", ilp->columns);
		if (isfinite(ilp->lp_bound))
			cl_jsonw_kdouble(&w, "lp_bound", ilp->lp_bound, COST_DECIMALS);
		else
			cl_jsonw_knull(&w, "lp_bound");
		cl_jsonw_kdouble(&w, "cost_before", ilp->before_cost, COST_DECIMALS);
		cl_jsonw_kdouble(&w, "cost_after", ilp->ilp_cost, COST_DECIMALS);
		cl_jsonw_kdouble(&w, "gain", ilp->gain, COST_DECIMALS);
		cl_jsonw_kdouble(&w, "time_s", ilp->time_s, SECONDS_DECIMALS);
		cl_jsonw_kstring(&w, "status", ilp->status);
		cl_jsonw_key(&w, "whole_plan");
		cl_jsonw_bool(&w, ilp->whole_plan);
		cl_jsonw_end_object(&w);
	}
	cl_jsonw_kint(&w, "total_dist_m", rep->total_dist_m);
	cl_jsonw_kint(&w, "total_dur_s", rep->total_dur_s);
	cl_jsonw_kdouble(&w, "total_cost", rep->total_cost, COST_DECIMALS);
	cl_jsonw_kint(&w, "vehicles_used", rep->vehicles_used);
	cl_jsonw_kint(&w, "trips", rep->nroutes);
	cl_jsonw_kint(&w, "served", rep->served);
	cl_jsonw_kint(&w, "unassigned_count", rep->unassigned);
	cl_jsonw_kint(&w, "deferred_count", rep->deferred);
	cl_jsonw_kdouble(&w, "miss_cost", rep->miss_cost, COST_DECIMALS);
	write_counts(&w, inst, rep);
	write_modes(&w, inst, sol, rep);
	rc = write_vehicles(&w, inst, sol, rep, err);
	if (rc)
		return rc;
	write_unassigned(&w, inst, sol, info);
	cl_jsonw_end_object(&w);
	return cl_jsonw_finish(&w);
}
