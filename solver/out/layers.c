/*
 * out/layers.c -- the routes and stops layers of a plan (out/layers.h).
 *
 * This is the one place that decides what the routes and stops layers
 * hold: their columns, the value of each, and each route's shape.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/datum.h"
#include "out/jsonw.h"
#include "out/layers.h"

#define COST_DECIMALS 2
#define SNAP_DECIMALS 1

enum { R_VEHICLE, R_TRIP, R_TYPE, R_MODE, R_STOPS, R_DIST, R_DUR, R_START, R_END, R_LOAD,
       R_COST,
       R_NCOLS };

static const struct cl_column route_cols[R_NCOLS] = {
	[R_VEHICLE] = { "vehicle", CL_COL_TEXT, 0 },
	[R_TRIP] = { "trip", CL_COL_INT, 0 },
	[R_TYPE] = { "type", CL_COL_TEXT, 0 },
	[R_MODE] = { "mode", CL_COL_TEXT, 0 },
	[R_STOPS] = { "stops", CL_COL_INT, 0 },
	[R_DIST] = { "dist_m", CL_COL_INT, 0 },
	[R_DUR] = { "dur_s", CL_COL_INT, 0 },
	[R_START] = { "start", CL_COL_TIME, 0 },
	[R_END] = { "end", CL_COL_TIME, 0 },
	[R_LOAD] = { "load", CL_COL_INT, 0 },
	[R_COST] = { "cost", CL_COL_REAL, COST_DECIMALS },
};

enum { S_KIND, S_STATUS, S_VEHICLE, S_TRIP, S_SEQ, S_ID, S_NAME, S_ARRIVAL, S_START,
       S_LOAD, S_DELIVER, S_PICKUP, S_REASON, S_SNAP, S_NCOLS };

static const struct cl_column stop_cols[S_NCOLS] = {
	[S_KIND] = { "kind", CL_COL_TEXT, 0 },
	[S_STATUS] = { "status", CL_COL_TEXT, 0 },
	[S_VEHICLE] = { "vehicle", CL_COL_TEXT, 0 },
	[S_TRIP] = { "trip", CL_COL_INT, 0 },
	[S_SEQ] = { "seq", CL_COL_INT, 0 },
	[S_ID] = { "id", CL_COL_TEXT, 0 },
	[S_NAME] = { "name", CL_COL_TEXT, 0 },
	[S_ARRIVAL] = { "arrival", CL_COL_TIME, 0 },
	[S_START] = { "start", CL_COL_TIME, 0 },
	[S_LOAD] = { "load", CL_COL_INT, 0 },
	[S_DELIVER] = { "deliver", CL_COL_INT, 0 },
	[S_PICKUP] = { "pickup", CL_COL_INT, 0 },
	[S_REASON] = { "reason", CL_COL_TEXT, 0 },
	[S_SNAP] = { "snap_m", CL_COL_REAL, SNAP_DECIMALS },
};

/* Sticky failure of a builder: the first failure wins. */
struct build {
	struct cl_table *t;
	int failed;              /* 1: out of memory; err holds nothing yet */
	int status;              /* a failure already described in err */
	struct cl_error *err;
	char what[CL_OUT_LABEL_MAX + 32];   /* the row, for messages */
	int datum;               /* positions in this datum (--out-coords) */
};

static void set_text(struct build *b, int c, const char *s)
{
	if (!b->failed && cl_table_set(b->t, c, s) != 0)
		b->failed = 1;
}

static void set_int(struct build *b, int c, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	set_text(b, c, buf);
}

/* A real with the column's decimals; not finite: null when nullable,
 * else a failure (a figure of the plan that no format can hold). */
static void set_real(struct build *b, int c, double v, int nullable)
{
	char buf[CL_JSONW_NUMBUF];

	if (cl_format_fixed(buf, v, b->t->cols[c].decimals) == CL_OK) {
		set_text(b, c, buf);
	} else if (!nullable && !b->failed && !b->status) {
		b->status = cl_fail(b->err, CL_EOUTPUT, "%s: value of \"%s\" is %s",
				    b->what, b->t->cols[c].name,
				    isnan(v) ? "NaN" : "not a finite number");
	}
}

static void set_time(struct build *b, int c, int secs)
{
	char buf[16];

	cl_format_hhmm(secs, buf);
	set_text(b, c, buf);
}

static void add_pos(struct build *b, double lon, double lat)
{
	cl_datum_from_wgs84((enum cl_datum)b->datum, &lon, &lat);
	if (!b->failed && cl_table_add_pos(b->t, lon, lat) != 0)
		b->failed = 1;
}

/* Append one leg's positions, dropping a repeat of the last position. */
static void add_leg(struct build *b, const double *xy, int n)
{
	const struct cl_table *t = b->t;
	int first = t->start[t->nrows - 1];

	for (int i = 0; i < n; i++) {
		double lon = xy[2 * i], lat = xy[2 * i + 1];

		cl_datum_from_wgs84((enum cl_datum)b->datum, &lon, &lat);
		if (t->npos > first && t->lon[t->npos - 1] == lon && t->lat[t->npos - 1] == lat)
			continue;    /* the joint between two legs, or a repeat */
		if (!b->failed && cl_table_add_pos(b->t, lon, lat) != 0)
			b->failed = 1;
	}
}

/*
 * The shape of route r as the last row's geometry: the depot, each stop
 * in driving order, the depot again; along the router's route shape (one
 * call per route) or leg shapes (one call per leg) when it has them, else
 * straight segments between the sites.
 */
static int route_shape(struct build *b, const struct cl_instance *inst,
		       const struct cl_route *r, const struct cl_runinfo *info,
		       struct cl_error *err)
{
	const struct cl_router *rt = info ? info->router : NULL;

	if (rt && rt->route_shape && r->nstops > 0) {
		double *xy = NULL;
		int np = 0, rc;

		rc = rt->route_shape(rt->ctx, inst, r->type, r->stops, r->nstops, &xy, &np, err);
		if (rc == CL_OK)
			add_leg(b, xy, np);
		free(xy);
		return rc;
	}
	if (rt && rt->leg_shape && r->nstops > 0) {
		for (int i = 0; i <= r->nstops && !b->failed; i++) {
			int from = i == 0 ? 0 : r->stops[i - 1];
			int to = i == r->nstops ? 0 : r->stops[i];
			double *xy = NULL;
			int np = 0, rc;

			rc = rt->leg_shape(rt->ctx, inst, r->type, from, to, &xy, &np, err);
			if (rc == CL_OK)
				add_leg(b, xy, np);
			free(xy);
			if (rc)
				return rc;
		}
		return CL_OK;
	}
	{
		const struct cl_site *o = cl_instance_origin(inst, r->type);

		add_pos(b, o->lon, o->lat);
		for (int i = 0; i < r->nstops; i++)
			add_pos(b, inst->sites[r->stops[i]].lon, inst->sites[r->stops[i]].lat);
		add_pos(b, o->lon, o->lat);
	}
	return CL_OK;
}

static int build_routes(const struct cl_instance *inst, const struct cl_solution *sol,
			const struct cl_report *rep, const struct cl_runinfo *info,
			struct cl_table *t, struct cl_error *err)
{
	struct build b = { t, 0, CL_OK, err, "", info ? info->out_datum : 0 };
	char label[CL_OUT_LABEL_MAX];
	int rc;

	rc = cl_table_init(t, CL_GEOM_LINE, route_cols, R_NCOLS, err);
	for (int r = 0; r < sol->nroutes && !rc && !b.failed && !b.status; r++) {
		const struct cl_route *route = &sol->routes[r];
		const struct cl_route_eval *ev = &rep->routes[r];

		rc = cl_out_vehicle_label(inst, route, label, err);
		if (rc)
			break;
		if (cl_table_add_row(t) < 0) {
			b.failed = 1;
			break;
		}
		snprintf(b.what, sizeof b.what, "route %d (%s)", r + 1, label);
		set_text(&b, R_VEHICLE, label);
		set_int(&b, R_TRIP, route->trip + 1);
		set_text(&b, R_TYPE, inst->types[route->type].name);
		set_text(&b, R_MODE, cl_mode_name(inst->types[route->type].mode));
		set_int(&b, R_STOPS, route->nstops);
		set_int(&b, R_DIST, ev->dist_m);
		set_int(&b, R_DUR, ev->dur_s);
		set_time(&b, R_START, ev->start_s);
		set_time(&b, R_END, ev->end_s);
		set_int(&b, R_LOAD, ev->load_start);
		set_real(&b, R_COST, ev->cost, 0);
		rc = route_shape(&b, inst, route, info, err);
	}
	if (!rc)
		rc = b.status;
	if (!rc && b.failed)
		rc = cl_oom(err, "building the routes layer");
	return rc;
}

/*
 * One stops row. status, vehicle, ev and reason are NULL and seq and trip
 * 0 where they do not apply; with_demand says whether deliver and pickup
 * are set: a visit's share from ev, else what the village asks for.
 */
static void stop_row(struct build *b, const struct cl_instance *inst,
		     const char *kind, const char *status, const char *vehicle,
		     int trip, int seq, const struct cl_site *s,
		     const struct cl_stop_eval *ev, int with_demand,
		     const char *reason, double snap)
{
	if (b->failed || cl_table_add_row(b->t) < 0) {
		b->failed = 1;
		return;
	}
	set_text(b, S_KIND, kind);
	set_text(b, S_STATUS, status);
	set_text(b, S_VEHICLE, vehicle);
	if (trip > 0)
		set_int(b, S_TRIP, trip);
	if (seq > 0)
		set_int(b, S_SEQ, seq);
	set_text(b, S_ID, s->id);
	set_text(b, S_NAME, s->name);
	if (ev) {
		set_time(b, S_ARRIVAL, ev->arrival_s);
		set_time(b, S_START, ev->start_s);
		set_int(b, S_LOAD, ev->load);
	}
	if (with_demand) {
		set_int(b, S_DELIVER, ev ? ev->deliver : s->demand);
		set_int(b, S_PICKUP, ev ? ev->pickup : s->pickup);
	}
	set_text(b, S_REASON, reason);
	set_real(b, S_SNAP, snap, 1);
	for (int k = 0; k < inst->nkept; k++)
		set_text(b, S_NCOLS + k, s < inst->sites || s >= inst->sites + inst->nsites ||
					 s == &inst->sites[0] ? NULL : cl_site_kept(s, k));
	add_pos(b, s->lon, s->lat);
}

static int build_stops(const struct cl_instance *inst, const struct cl_solution *sol,
		       const struct cl_report *rep, const struct cl_runinfo *info,
		       struct cl_layers *l, struct cl_error *err)
{
	/* The snap legs, when the router knows them: per vehicle type for
	 * the visits, to the nearest road of any class for the rest. */
	const struct cl_router *rt = info ? info->router : NULL;
	struct cl_column *cols = NULL;
	struct build b = { &l->stops, 0, CL_OK, err, "stops", info ? info->out_datum : 0 };
	char label[CL_OUT_LABEL_MAX], why[CL_OUT_REASON_MAX];
	int rc, nrows = 1 + inst->nbases + sol->nunassigned + sol->ndeferred + inst->nidle;

#define SNAP(type, site) (rt && rt->snap_m ? rt->snap_m(rt->ctx, type, site) : NAN)
	for (int r = 0; r < sol->nroutes; r++)
		nrows += sol->routes[r].nstops;
	cols = calloc((size_t)(S_NCOLS + inst->nkept), sizeof *cols);
	l->stop_route = malloc(sizeof *l->stop_route * (size_t)nrows);
	if (!cols || !l->stop_route) {
		free(cols);
		return cl_oom(err, "building the stops layer");
	}
	memcpy(cols, stop_cols, sizeof stop_cols);
	for (int k = 0; k < inst->nkept; k++)
		cols[S_NCOLS + k] = (struct cl_column){ inst->kept_names[k], CL_COL_TEXT, 0 };
	rc = cl_table_init(&l->stops, CL_GEOM_POINT, cols, S_NCOLS + inst->nkept, err);
	free(cols);
	if (rc)
		return rc;
	l->stop_route[0] = -1;
	stop_row(&b, inst, "depot", NULL, NULL, 0, 0, &inst->sites[0], NULL, 0, NULL, SNAP(-1, 0));
	for (int k = 0; k < inst->nbases; k++) {
		/* the drones' launch sites (--drone-sites) */
		l->stop_route[l->stops.nrows] = -1;
		stop_row(&b, inst, "launch", NULL, NULL, 0, 0, &inst->bases[k], NULL, 0, NULL,
			 NAN);
	}
	for (int r = 0; r < sol->nroutes && !b.failed; r++) {
		const struct cl_route *route = &sol->routes[r];

		rc = cl_out_vehicle_label(inst, route, label, err);
		if (rc)
			return rc;
		for (int i = 0; i < route->nstops; i++) {
			l->stop_route[l->stops.nrows] = r;
			stop_row(&b, inst, "visit", "served", label, route->trip + 1, i + 1,
				 &inst->sites[route->stops[i]], &rep->routes[r].stops[i],
				 1, NULL, SNAP(route->type, route->stops[i]));
		}
	}
	for (int u = 0; u < sol->nunassigned && !b.failed; u++) {
		l->stop_route[l->stops.nrows] = -1;
		stop_row(&b, inst, "unassigned", "unassigned", NULL, 0, 0,
			 &inst->sites[sol->unassigned[u]], NULL, 1,
			 cl_out_reason(inst, sol, u, info, why, sizeof why),
			 SNAP(-1, sol->unassigned[u]));
	}
	for (int d = 0; d < sol->ndeferred && !b.failed; d++) {
		l->stop_route[l->stops.nrows] = -1;
		stop_row(&b, inst, "deferred", "deferred", NULL, 0, 0,
			 &inst->sites[sol->deferred[d]], NULL, 1,
			 info && info->deferred_why ? info->deferred_why[d] : "nothing due today",
			 SNAP(-1, sol->deferred[d]));
	}
	/* villages left out of today's problem: not in the matrix, no snap */
	for (int i = 0; i < inst->nidle && !b.failed; i++) {
		l->stop_route[l->stops.nrows] = -1;
		stop_row(&b, inst, "idle", cl_idle_status(inst->idle_why[i]), NULL, 0, 0,
			 &inst->idle[i], NULL, 1, cl_idle_text(inst->idle_why[i]), NAN);
	}
#undef SNAP
	return b.failed ? cl_oom(err, "building the stops layer") : CL_OK;
}

int cl_layers_build(const struct cl_instance *inst, const struct cl_solution *sol,
		    const struct cl_report *rep, const struct cl_runinfo *info,
		    struct cl_layers *l, struct cl_error *err)
{
	int rc;

	memset(l, 0, sizeof *l);
	rc = build_routes(inst, sol, rep, info, &l->routes, err);
	if (!rc)
		rc = build_stops(inst, sol, rep, info, l, err);
	return rc;
}

void cl_layers_free(struct cl_layers *l)
{
	if (!l)
		return;
	cl_table_free(&l->routes);
	cl_table_free(&l->stops);
	free(l->stop_route);
	l->stop_route = NULL;
}
