/*
 * out/summary.c -- summary.json: what was solved, how, and the result.
 *
 *   { "version", "input": {"villages", "fleet", "distances"}, "seed",
 *     "time_limit_s", "elapsed_s", "iterations",
 *     "total_dist_m", "total_dur_s", "total_cost", "vehicles_used",
 *     "served", "unassigned_count",
 *     "vehicles": [ {"vehicle", "type", "stops", "dist_m", "dur_s",
 *                    "start", "end", "load_start", "load_max", "cost"} ],
 *     "unassigned": [ {"id", "name", "record", "reason"} ] }
 *
 * "fleet" is null for the built-in default fleet; "record" is the 1-based
 * record number in the villages file, null if the village has none.
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

static int write_vehicles(struct cl_jsonw *w, const struct cl_instance *inst,
			  const struct cl_solution *sol,
			  const struct cl_report *rep, struct cl_error *err)
{
	char label[CL_OUT_LABEL_MAX];
	int rc;

	cl_jsonw_key(w, "vehicles");
	cl_jsonw_begin_array(w);
	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *route = &sol->routes[r];
		const struct cl_route_eval *ev = &rep->routes[r];

		rc = cl_out_vehicle_label(inst, route, label, err);
		if (rc)
			return rc;
		cl_jsonw_begin_object_flat(w);
		cl_jsonw_kstring(w, "vehicle", label);
		cl_jsonw_kstring(w, "type", inst->types[route->type].name);
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
	return cl_jsonw_end_array(w);
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
		cl_jsonw_kstring(w, "id", s->id);
		cl_jsonw_kstring(w, "name", s->name);
		if (s->record >= 0)
			cl_jsonw_kint(w, "record", (long long)s->record + 1);
		else
			cl_jsonw_knull(w, "record");
		cl_jsonw_kstring(w, "reason", cl_out_reason(inst, sol, u, info, why,
							     sizeof why));
		cl_jsonw_end_object(w);
	}
	return cl_jsonw_end_array(w);
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
	cl_jsonw_key(&w, "input");
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "villages", info->villages);
	cl_jsonw_kstring(&w, "fleet", info->fleet);
	cl_jsonw_kstring(&w, "distances", info->distances);
	cl_jsonw_end_object(&w);
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
	cl_jsonw_kint(&w, "served", rep->served);
	cl_jsonw_kint(&w, "unassigned_count", rep->unassigned);
	rc = write_vehicles(&w, inst, sol, rep, err);
	if (rc)
		return rc;
	write_unassigned(&w, inst, sol, info);
	cl_jsonw_end_object(&w);
	return cl_jsonw_finish(&w);
}
