/*
 * main.c -- `cunlu`: read -> model -> distances -> solve -> check -> write.
 *
 * The only file that calls exit() (through main's return). Every stage
 * returns a status that doubles as the exit code (error.h), so cron can
 * tell bad input (2) from a routing outage (3) or a full disk (4).
 */
#include <libgen.h>
#include <math.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cunlu/router.h"
#include "cunlu/check.h"
#include "app/cli.h"
#include "cunlu/fleet.h"
#include "cunlu/instance.h"
#include "io/drones.h"
#include "io/orders.h"
#include "io/points.h"
#include "io/shp.h"
#include "model/explain.h"
#include "model/today.h"
#include "io/sol.h"
#include "io/vrplib.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "cunlu/output.h"
#include "cunlu/solve.h"
#include "model/far.h"
#include "util/clock.h"

/* The time after the search (post_search_s), fitted on 5,000 villages
 * (docs/benchmarks.md, "The whole run within --time-limit"). */
#define CL_POST_BASE_S 0.05
#define CL_POST_PER_SITE_S 40e-6
#define CL_POST_MIN_ROW_S 0.2e-3
#define CL_POST_SHAPE_SHARE 0.15

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	/* A second signal ends the process the default way. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

/*
 * Search with the command line's settings (max_iters as given; by_time as
 * cl_solve_params'), then check
 * the plan independently. On success *sol, *st and *rep are filled (the
 * caller frees sol and rep).
 */
static int solve_and_check(const struct cl_options *opt,
			   const struct cl_instance *inst, const struct cl_matrix *m,
			   long max_iters, int by_time, double deadline, struct cl_solution **sol,
			   struct cl_solve_stats *st, struct cl_report *rep,
			   struct cl_error *err)
{
	struct cl_solve_params sp;
	int rc;

	cl_solve_params_default(&sp);
	sp.seed = (unsigned long)opt->seed;
	sp.time_limit_s = opt->search_time_given ? opt->search_time_s : opt->time_limit_s;
	sp.deadline_s = deadline;
	sp.cpu_time = opt->cpu_time;
	sp.max_iters = max_iters;
	sp.by_time = by_time;
	sp.threads = opt->threads;
	if (opt->verbosity >= 1 && isatty(STDERR_FILENO))
		sp.progress = 1;
	else if (opt->verbosity >= 2)
		sp.progress = 2;
	sp.stop = &stop_requested;
	sp.ilp = opt->ilp;
	sp.ilp_time_s = opt->ilp_time_s;
	sp.ilp_gap = opt->ilp_gap;
	sp.ilp_verbose = opt->verbosity >= 3;
	rc = cl_solve(inst, m, &sp, sol, st, err);
	if (rc != CL_OK)
		return rc;
	rc = cl_check(inst, m, *sol, rep, err);
	if (rc != CL_OK)
		cl_fail_prefix(err, "internal error: the plan failed the feasibility check, nothing written");
	return rc;
}

/* The depot from --depot LON,LAT, --depot FILE.shp or depot.shp beside
 * the villages. */
static int read_depot(const struct cl_options *opt, struct cl_site *depot,
		      struct cl_error *err)
{
	struct cl_fieldmap fm;
	struct cl_site *pts = NULL;
	int n = 0, rc;
	char guess[4096];
	const char *path = opt->depot_file;

	memset(depot, 0, sizeof *depot);
	if (opt->depot_given) {
		double lon = opt->depot_lon, lat = opt->depot_lat;
		if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
			if (lat >= -180 && lat <= 180 && lon >= -90 && lon <= 90)
				return cl_fail(err, CL_EINPUT,
					       "--depot %g,%g: latitude %g is out of range; longitude and latitude look swapped (give LON,LAT)",
					       lon, lat, lat);
			return cl_fail(err, CL_EINPUT, "--depot %g,%g: out of range (longitude -180..180, latitude -90..90)",
				       lon, lat);
		}
		depot->id = strdup("depot");
		depot->name = strdup("depot");
		if (!depot->id || !depot->name)
			return cl_fail(err, CL_EINTERNAL, "out of memory");
		depot->lon = lon;
		depot->lat = lat;
		cl_datum_to_wgs84(opt->coords, &depot->lon, &depot->lat);
		depot->record = -1;
		depot->tw_end_s = 24 * 3600;
		return CL_OK;
	}
	if (!path) {
		/* depot.shp beside the villages; for a CSV table depot.csv first */
		char copy[4096], dir[4000];
		snprintf(copy, sizeof copy, "%s", opt->villages);
		snprintf(dir, sizeof dir, "%s", dirname(copy));
		snprintf(guess, sizeof guess, "%s/depot.csv", dir);
		if (!cl_points_is_csv(opt->villages) || access(guess, R_OK) != 0)
			snprintf(guess, sizeof guess, "%s/depot.shp", dir);
		if (access(guess, R_OK) != 0)
			return cl_fail(err, CL_EINPUT,
				       "no depot: give --depot LON,LAT or --depot FILE.shp|FILE.csv (no %s%s%s/depot.shp found)",
				       cl_points_is_csv(opt->villages) ? dir : "",
				       cl_points_is_csv(opt->villages) ? "/depot.csv nor " : "", dir);
		path = guess;
		cl_info("depot from %s", guess);
	}
	cl_fieldmap_default(&fm);
	{
		struct cl_shp_read_opts ro = { .fm = &fm, .strict = opt->strict, .crs = opt->crs };

		rc = cl_points_read(path, &ro, opt->coords, &pts, &n, err);
	}
	if (rc != CL_OK)
		return rc;
	if (n > 1)
		cl_warn("%s: %d points; the first one is the depot", path, n);
	*depot = pts[0];
	memset(&pts[0], 0, sizeof pts[0]);
	cl_sites_free(pts, n);
	depot->demand = depot->pickup = depot->service_s = 0;
	depot->tw_start_s = 0;
	depot->tw_end_s = 24 * 3600;
	return CL_OK;
}

/*
 * Today's villages: the orders on the layer (when --orders), then the
 * villages left out (no orders, nothing to do, not scheduled on --date's
 * weekday) moved to extra->idle.
 */
static int select_today(const struct cl_options *opt, struct cl_site *villages,
			int *nvillages, struct cl_instance_extra *extra,
			struct cl_error *err)
{
	struct cl_orders *orders = NULL;
	int *nlines = NULL, n0 = *nvillages, rc = CL_OK;
	int count[CL_IDLE_COUNT] = { 0 };

	if (opt->orders) {
		nlines = calloc((size_t)(n0 > 0 ? n0 : 1), sizeof *nlines);
		if (!nlines)
			return cl_oom(err, "reading %s", opt->orders);
		rc = cl_orders_read(opt->orders, &orders, err);
		if (rc == CL_OK)
			rc = cl_orders_apply(orders, villages, n0, nlines, &extra->skills,
					     &extra->brands, err);
		if (rc == CL_OK)
			cl_info("%s: %d order lines", opt->orders, orders->n);
	}
	if (rc == CL_OK)
		rc = cl_day_select(villages, nvillages, nlines, opt->weekday, extra, err);
	if (rc == CL_OK && extra->nidle > 0) {
		for (int i = 0; i < extra->nidle; i++)
			count[extra->idle_why[i]]++;
		cl_info("%s (%s): %d villages to plan; %d without orders, %d with nothing to "
			"deliver or collect, %d not scheduled", opt->date,
			opt->date_default ? "tomorrow" : "--date", *nvillages,
			count[CL_IDLE_NO_ORDERS], count[CL_IDLE_NOTHING],
			count[CL_IDLE_NOT_SCHEDULED]);
	}
	if (rc == CL_OK && *nvillages == 0 && n0 > 0)
		cl_warn("%s: no village to visit on %s: %d without orders, %d with nothing "
			"to deliver or collect, %d not scheduled that weekday (DAYS); the outputs "
			"list them and no route", opt->villages, opt->date, count[CL_IDLE_NO_ORDERS],
			count[CL_IDLE_NOTHING], count[CL_IDLE_NOT_SCHEDULED]);
	cl_orders_destroy(orders);
	free(nlines);
	return rc;
}

/* "uav, uav2": the names of the drone types (with vehicles), into buf. */
static const char *drone_type_names(const struct cl_instance *inst, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int t = 0; t < inst->ntypes && o < size; t++)
		if (inst->types[t].mode == CL_MODE_DRONE && inst->types[t].count > 0)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
					      inst->types[t].name);
	return buf;
}

/*
 * The drone layers (--no-fly, --drone-sites) into inst, and warnings when
 * a part of the drone model has nothing to act on.
 */
static int read_drones(const struct cl_options *opt, struct cl_instance *inst,
		       struct cl_error *err)
{
	struct cl_zone *zones = NULL;
	struct cl_site *sites = NULL;
	int nzones = 0, nsites = 0, pads = 0, weights = 0, rc = CL_OK;
	int *base = NULL;
	char names[512];

	if (!cl_instance_has_drones(inst)) {
		if (opt->nofly || opt->drone_sites)
			cl_warn("%s: the fleet has no drone types (\"mode\": \"drone\"); ignored",
				opt->nofly ? "--no-fly" : "--drone-sites");
		return CL_OK;
	}
	for (int i = 1; i < inst->nsites; i++) {
		pads += inst->sites[i].drone;
		weights += inst->sites[i].weight_kg > 0;
	}
	drone_type_names(inst, names, sizeof names);
	if (pads == 0)
		cl_warn("%s: no village has a drone landing point (DRONE = 1); the drone types "
			"(%s) stay idle", inst->source, names);
	for (int t = 0; t < inst->ntypes; t++)
		if (inst->types[t].payload_kg > 0 && weights == 0)
			cl_warn("vehicle type %s: payload_kg %g, but no village has a WEIGHT_KG "
				"(layer or orders); the payload limit never binds",
				inst->types[t].name, inst->types[t].payload_kg);
	if (opt->nofly)
		rc = cl_nofly_read(opt->nofly, &zones, &nzones, err);
	if (rc == CL_OK && opt->drone_sites) {
		base = calloc((size_t)inst->ntypes, sizeof *base);
		if (!base)
			rc = cl_oom(err, "reading %s", opt->drone_sites);
		else
			rc = cl_drone_sites_read(opt->drone_sites, inst->types, inst->ntypes,
						 &sites, &nsites, base, err);
	}
	for (int t = 0; base && rc == CL_OK && t < inst->ntypes; t++)
		inst->types[t].base = base[t];
	free(base);
	if (rc != CL_OK) {
		cl_zones_free(zones, nzones);
		cl_sites_free(sites, nsites);
		return rc;
	}
	if (nzones > 0)
		cl_info("%s: %d no-fly zones", opt->nofly, nzones);
	if (nsites > 0)
		cl_info("%s: %d launch sites", opt->drone_sites, nsites);
	return cl_instance_add_drones(inst, sites, nsites, zones, nzones, err);
}

/*
 * read: the fleet, the villages (their VEHICLES and SKILLS resolve against
 * the fleet), the depot, today's orders, validated into *inst.
 */
static int read_inputs(const struct cl_options *opt, struct cl_instance **inst,
		       struct cl_error *err)
{
	struct cl_site *villages = NULL, depot;
	struct cl_vtype *types = NULL;
	struct cl_instance_extra extra;
	/* a copy of the field map with the fleet to resolve against; its
	   pointers into opt->fields stay valid (opt outlives it) */
	struct cl_fieldmap fm = opt->fields;
	/* a village layer: defaults and blanks warned about, --strict */
	struct cl_shp_read_opts ro = { .fm = &fm, .warn_defaults = 1, .strict = opt->strict,
				       .crs = opt->crs };
	int nvillages = 0, ntypes = 0, rc;

	memset(&depot, 0, sizeof depot);
	memset(&extra, 0, sizeof extra);
	rc = opt->fleet ? cl_fleet_read(opt->fleet, &types, &ntypes, &extra.skills, err)
			: cl_fleet_default(&types, &ntypes, err);
	fm.types = types;
	fm.ntypes = ntypes;
	fm.skills = &extra.skills;
	if (rc == CL_OK)
		rc = cl_points_read(opt->villages, &ro, opt->coords, &villages, &nvillages, err);
	if (rc == CL_OK)
		rc = read_depot(opt, &depot, err);
	if (rc == CL_OK)
		rc = select_today(opt, villages, &nvillages, &extra, err);
	if (rc == CL_OK) {
		/* The instance takes the villages and the types, success or not. */
		rc = cl_instance_build(opt->villages, &depot, villages, nvillages,
				       types, ntypes, inst, err);
		villages = NULL;
		types = NULL;
	}
	if (rc == CL_OK)
		rc = cl_instance_add_extra(*inst, &extra, err);
	if (rc == CL_OK)
		rc = cl_instance_set_kept(*inst, opt->fields.keep, opt->fields.nkeep, err);
	if (rc == CL_OK)
		rc = read_drones(opt, *inst, err);
	if (rc == CL_OK) {
		cl_instance_price(*inst, opt->defer_cost);
		cl_info("%d villages, %d vehicle types", (*inst)->nsites - 1, (*inst)->ntypes);
	}
	cl_sites_free(villages, nvillages);
	cl_vtypes_free(types, ntypes);
	cl_instance_extra_free(&extra);
	free(depot.id);
	free(depot.name);
	return rc;
}

/* The road router the command line asks for, described in desc. */
static int make_road_router(const struct cl_options *opt, const struct cl_instance *inst,
			    struct cl_router *router, char *desc, size_t size,
			    struct cl_error *err)
{
	if (opt->roads) {
		struct cl_roads_opts ro = opt->road;   /* --road-field */
		ro.path = opt->roads;
		ro.snap_warn_m = opt->snap_warn_m;
		ro.snap_max_m = opt->snap_max_m;
		ro.threads = opt->threads;
		snprintf(desc, size, "roads %s", opt->roads);
		return cl_router_roads(&ro, inst, router, err);
	}
	if (opt->osrm) {
		struct cl_osrm_opts oo;
		cl_osrm_opts_default(&oo);
		oo.url = opt->osrm;
		oo.profile = opt->osrm_profile;
		oo.max_table = opt->osrm_max_table;
		oo.timeout_s = opt->osrm_timeout_s;
		oo.snap_warn_m = opt->snap_warn_m;
		oo.snap_max_m = opt->snap_max_m;
		snprintf(desc, size, "osrm %s (%s)", opt->osrm, opt->osrm_profile);
		return cl_router_osrm(&oo, inst, router, err);
	}
	snprintf(desc, size, "great circle x %.2f detour", opt->detour);
	return cl_router_geo_threads(opt->detour, opt->threads, router, err);
}

/*
 * distances: the road router, or -- when the fleet has drone types -- the
 * drone router over a road router made for the road types only.
 */
static int make_router(const struct cl_options *opt, const struct cl_instance *inst,
		       struct cl_router *router, char *desc, size_t size,
		       struct cl_error *err)
{
	struct cl_instance *ground = NULL;
	struct cl_router road;
	size_t o;
	int rc;

	if (!cl_instance_has_drones(inst))
		return make_road_router(opt, inst, router, desc, size, err);
	memset(&road, 0, sizeof road);
	desc[0] = '\0';
	rc = cl_ground_view(inst, &ground, err);
	if (rc == CL_OK && ground)
		rc = make_road_router(opt, ground, &road, desc, size, err);
	if (rc != CL_OK) {
		cl_ground_view_free(ground);
		return rc;
	}
	o = strlen(desc);
	snprintf(desc + o, size - o, "%sdrones: great circle%s", o ? "; " : "",
		 inst->nzones > 0 ? " outside the no-fly zones" : "");
	return cl_router_drones(inst, ground, &road, router, err);
}

/* The matrix from the router, through --matrix-cache when given. */
static int get_matrix(const struct cl_options *opt, const struct cl_router *router,
		      const struct cl_instance *inst, struct cl_matrix **m,
		      struct cl_error *err)
{
	int hit = 0, rc;

	if (!opt->matrix_cache)
		return router->matrix(router->ctx, inst, m, err);
	rc = cl_cache_matrix(opt->matrix_cache, router, inst, m, &hit, err);
	if (rc == CL_OK)
		cl_info("matrix %s the cache %s", hit ? "read from" : "stored in", opt->matrix_cache);
	return rc;
}

/* write: the output set, then the summary lines on stdout. */
static int write_plan(const struct cl_options *opt, const struct cl_instance *inst,
		      const struct cl_matrix *m, const struct cl_solution *sol,
		      const struct cl_report *rep, const struct cl_solve_stats *st,
		      const struct cl_router *router, const char *dist_desc,
		      struct cl_error *err)
{
	struct cl_explain ex;
	const char **rules = NULL;
	struct cl_runinfo info = {
		.version = CUNLU_VERSION,
		.villages = opt->villages,
		.fleet = opt->fleet,
		.distances = dist_desc,
		.router = router,
		.seed = (unsigned long)opt->seed,
		.time_limit_s = opt->time_limit_s,
		.elapsed_s = st->elapsed_s,
		.iterations = st->iterations,
		.ilp = opt->ilp ? &st->ilp : NULL,
		.shp_encoding = opt->shp_encoding,
		.out_datum = (int)opt->out_coords,
		.orders = opt->orders,
		.date = opt->date,
		.defer_cost = opt->defer_cost,
		.run_id = opt->run_id,
		.lock_wait_s = opt->lock_wait_s,
	};
	int rc, required = 0, idle[CL_IDLE_COUNT] = { 0 };

	/* why each village is left out: the binding rule and its numbers,
	   worked out apart from the search (model/explain.c) */
	rc = cl_explain_plan(inst, m, sol, rep, &ex, err);
	rules = calloc((size_t)sol->nunassigned + 1, sizeof *rules);
	if (rc == CL_OK && !rules)
		rc = cl_oom(err, "explaining the villages left out");
	for (int u = 0; u < sol->nunassigned; u++)
		required += !inst->sites[sol->unassigned[u]].optional;
	if (rc == CL_OK && rep->served == 0 && required > 0) {
		/* a plan that serves nobody replaces nothing (exit 6) */
		char label[CL_LABEL_MAX];
		cl_site_label(&inst->sites[sol->unassigned[0]], label, sizeof label);
		rc = cl_fail(err, CL_ENOPLAN, "no village served: all %d villages with parcels "
			     "due are unassigned (first %s: %s); nothing written, the outputs "
			     "in %s are kept", required, label, ex.unassigned[0], opt->out_dir);
	}
	if (rc == CL_OK) {
		for (int u = 0; u < sol->nunassigned; u++)
			rules[u] = cl_rule_name(ex.rule[u]);
		info.unassigned_why = (const char *const *)ex.unassigned;
		info.unassigned_rule = rules;
		info.deferred_why = (const char *const *)ex.deferred;
		rc = cl_write_outputs(opt->out_dir, inst, sol, rep, &info, err);
	}
	if (rc == CL_OK && opt->verbosity >= 1) {
		printf("served %d of %d villages with %d vehicles", rep->served,
		       inst->nsites - 1, rep->vehicles_used);
		if (rep->nroutes > rep->vehicles_used)
			printf(" (%d trips)", rep->nroutes);
		printf(": %.1f km, cost %.2f%s\n", (double)rep->total_dist_m / 1000.0,
		       rep->total_cost, stop_requested ? " (stopped early)" : "");
		if (cl_instance_has_drones(inst)) {
			/* the drones' share: sorties, villages, km flown */
			int sorties = 0, stops = 0;
			long flown = 0;

			for (int r = 0; r < sol->nroutes; r++)
				if (inst->types[sol->routes[r].type].mode == CL_MODE_DRONE) {
					sorties++;
					stops += sol->routes[r].nstops;
					flown += rep->routes[r].dist_m;
				}
			printf("drones: %d sortie%s to %d village%s, %.1f km flown\n", sorties,
			       sorties == 1 ? "" : "s", stops, stops == 1 ? "" : "s",
			       (double)flown / 1000.0);
		}
		if (rep->deferred > 0)
			printf("%d optional villages deferred (nothing due today)\n", rep->deferred);
		for (int i = 0; i < inst->nidle; i++)
			idle[inst->idle_why[i]]++;
		if (inst->nidle > 0)
			printf("%d villages not planned on %s: %d nothing today, %d not scheduled\n",
			       inst->nidle, opt->date, idle[CL_IDLE_NO_ORDERS] + idle[CL_IDLE_NOTHING],
			       idle[CL_IDLE_NOT_SCHEDULED]);
		printf("wrote %s/map.html (open it in a browser), sheets.html, routes and "
		       "stops .geojson/.shp, summary.json, dispatch.csv (run %s)\n", opt->out_dir,
		       opt->run_id);
	}
	/* exit 5 for required villages left out; deferring is no failure.
	   With -q, cron still gets one line saying so. */
	if (rc == CL_OK && required > 0 && opt->verbosity == 0)
		fprintf(stderr, "cunlu: served %d of %d villages, %d unassigned (see %s/summary.json)\n",
			rep->served, inst->nsites - 1, required, opt->out_dir);
	if (rc == CL_OK && sol->nunassigned > 0 && opt->verbosity >= 1) {
		printf("%d villages unassigned (reasons in summary.json and stops.geojson)\n",
		       sol->nunassigned);
		for (int u = 0; u < sol->nunassigned && u < 5; u++)
			printf("  %s %s: %s\n", inst->sites[sol->unassigned[u]].id,
			       inst->sites[sol->unassigned[u]].name, ex.unassigned[u]);
		if (sol->nunassigned > 5)
			printf("  ...\n");
	}
	free(rules);
	cl_explain_free(&ex);
	if (rc != CL_OK)
		return rc;
	return required > 0 ? CL_PARTIAL : CL_OK;
}

/*
 * A day with no village to visit (no orders, nothing scheduled): an empty
 * plan, checked like any other, written with every village's status.
 */
static int nothing_today(const struct cl_options *opt, const struct cl_instance *inst,
			 struct cl_error *err)
{
	struct cl_matrix *m = cl_matrix_create(1, inst->ntypes);
	struct cl_solution *sol = cl_solution_create();
	struct cl_solve_stats st;
	struct cl_router router;
	struct cl_report rep;
	int rc;

	memset(&st, 0, sizeof st);
	memset(&router, 0, sizeof router);
	memset(&rep, 0, sizeof rep);
	if (!m || !sol)
		rc = cl_oom(err, "planning an empty day");
	else
		rc = cl_check(inst, m, sol, &rep, err);
	if (rc == CL_OK)
		rc = write_plan(opt, inst, m, sol, &rep, &st, &router, "nothing to plan", err);
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	return rc;
}

/*
 * THE WHOLE RUN'S BOUND. --time-limit bounds everything from the start of
 * main() to the last file written (a cron window is wall-clock);
 * --search-time alone bounds the search alone, as --time-limit did
 * before (benchmarks). With a bound, the search must end early enough
 * for what follows it: checking the plan, explaining the villages left
 * out, and writing the outputs -- with a road network that includes a
 * shortest-path search per leg for the route shapes. post_search_s()
 * estimates that from the instance's size and, for roads, from the time
 * the matrix took per source (docs/benchmarks.md, "The whole run within
 * --time-limit", gives the figures it is fitted to).
 */
static int whole_run_bound(const struct cl_options *opt)
{
	return opt->time_limit_given || !opt->search_time_given;
}

static double post_search_s(const struct cl_instance *inst, const struct cl_router *router,
			    double matrix_s)
{
	double n = inst->nsites;
	double t = CL_POST_BASE_S + CL_POST_PER_SITE_S * n;

	if (router && router->leg_shape && router->name && !strcmp(router->name, "roads"))
		/* one search per leg (about a village each), each cheaper than a
		   matrix row's (one target, early stop), a matrix from the cache
		   tells nothing: then the same share of a row as measured */
		t += n * fmax(matrix_s / n, CL_POST_MIN_ROW_S) * CL_POST_SHAPE_SHARE;
	return t;
}

/* When the search must end (util/clock.h time), or 0: no whole-run bound. */
static double search_deadline(const struct cl_options *opt, const struct cl_instance *inst,
			      const struct cl_router *router, double matrix_s)
{
	double deadline;

	if (!whole_run_bound(opt))
		return 0;
	deadline = opt->start_s + opt->time_limit_s - post_search_s(inst, router, matrix_s);
	if (deadline < cl_now_s() + 0.05 * opt->time_limit_s)
		cl_warn("--time-limit %g s: reading and the distances took %.2f s of it; the search "
			"has %.2f s for a first plan, the run will take longer than the limit",
			opt->time_limit_s, cl_now_s() - opt->start_s,
			fmax(deadline - cl_now_s(), 0));
	return deadline;
}

/* A shapefile run: read -> model -> distances -> solve -> check -> write. */
static int run_solve(const struct cl_options *opt, struct cl_error *err)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solution *sol = NULL;
	struct cl_report rep;
	struct cl_solve_stats st;
	struct cl_router router;
	char dist_desc[512];
	double t_read = 0, t_matrix = 0, t_search;
	int rc;

	memset(&rep, 0, sizeof rep);
	memset(&router, 0, sizeof router);
	rc = read_inputs(opt, &inst, err);
	if (rc == CL_OK && inst->nsites == 1) {
		/* nothing to plan today: outputs without routes, every village
		   of the layer listed with its status */
		rc = nothing_today(opt, inst, err);
		cl_instance_destroy(inst);
		return rc;
	}
	if (rc == CL_OK)
		rc = cl_instance_check_far(inst, opt->allow_far, err);
	if (rc == CL_OK)
		rc = make_router(opt, inst, &router, dist_desc, sizeof dist_desc, err);
	if (rc == CL_OK) {
		t_read = cl_now_s();
		rc = get_matrix(opt, &router, inst, &m, err);
		t_matrix = cl_now_s();
	}
	if (rc == CL_OK)
		rc = solve_and_check(opt, inst, m, opt->iterations, 0,
				     search_deadline(opt, inst, &router, t_matrix - t_read),
				     &sol, &st, &rep, err);
	t_search = cl_now_s();
	if (rc == CL_OK)
		rc = write_plan(opt, inst, m, sol, &rep, &st, &router, dist_desc, err);
	if (rc == CL_OK || rc == CL_PARTIAL)
		cl_info("run: %.2f s (reading %.2f, distances %.2f, search %.2f, checking "
			"and writing %.2f)%s", cl_now_s() - opt->start_s, t_read - opt->start_s,
			t_matrix - t_read, t_search - t_matrix, cl_now_s() - t_search,
			whole_run_bound(opt) ? "" : "; no --time-limit on the whole run");
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_router_destroy(&router);
	cl_instance_destroy(inst);
	return rc;
}

/*
 * Benchmark mode: a CVRPLIB .vrp or Solomon .txt file. The reader builds
 * the instance and its matrix with the family's rounding; the plan is
 * checked, optionally written as a .sol file, and summed up on one line
 * ("X-n101-k25: cost 27591, 26 routes, 5.00 s"). No GeoJSON.
 */
static int run_bench(const struct cl_options *opt, struct cl_error *err)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solution *sol = NULL;
	struct cl_report rep;
	struct cl_solve_stats st;
	struct cl_bench_info info;
	char cost[64];
	int rc, nroutes = 0, multi = 0;

	memset(&rep, 0, sizeof rep);
	if (opt->fleet || opt->depot_file || opt->depot_given)
		cl_warn("%s: --fleet and --depot do not apply to benchmark files; ignored",
			opt->villages);

	rc = cl_bench_read(opt->villages, opt->objective, &inst, &m, &info, err);
	if (rc != CL_OK)
		goto cleanup;
	cl_info("%s: %d customers, capacity %d", info.name, inst->nsites - 1,
		inst->types[0].capacity);

	/* Given only a time limit, the time limit decides when to stop. */
	rc = solve_and_check(opt, inst, m, opt->iterations > 0 ? opt->iterations : LONG_MAX / 2,
			     opt->iterations <= 0,
			     search_deadline(opt, inst, NULL, 0),
			     &sol, &st, &rep, err);
	if (rc != CL_OK)
		goto cleanup;
	if (opt->sol_path) {
		rc = cl_sol_write(opt->sol_path, sol, &rep, &info, err);
		if (rc != CL_OK)
			goto cleanup;
	}
	for (int r = 0; r < sol->nroutes; r++)
		nroutes += sol->routes[r].nstops > 0;
	cl_bench_format_objective(&info, rep.total_dist_m, rep.total_cost, cost, sizeof cost);
	for (int t = 0; t < inst->ntypes; t++)
		multi |= inst->types[t].max_trips > 1;
	if (opt->verbosity >= 1) {
		/* multi-trip sets: the routes are trips; say how many vehicles */
		printf("%s: cost %s, %d routes", info.name, cost, nroutes);
		if (multi)
			printf(", %d vehicles", rep.vehicles_used);
		printf(", %.2f s", st.elapsed_s);
		if (rep.unassigned > 0)
			printf(", %d customers unassigned", rep.unassigned);
		if (opt->ilp)
			printf(", ilp %s%s", st.ilp.status[0] ? st.ilp.status : "not run",
			       st.ilp.whole_plan ? " (whole plan)" : "");
		printf("%s\n", stop_requested ? " (stopped early)" : "");
	}
	if (rep.unassigned > 0)
		rc = CL_PARTIAL;
cleanup:
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
	return rc;
}

/*
 * The run's identity for the outputs (output.h, run_id): the start time
 * in UTC and 32 random bits, e.g. "20261202T081530Z-1f3a9c2e"; two runs
 * started in the same second still differ.
 */
static void make_run_id(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	unsigned char r[4] = { 0 };
	unsigned long x;
	char when[32] = "unknown";
	FILE *fp = fopen("/dev/urandom", "rb");

	clock_gettime(CLOCK_REALTIME, &ts);
	if (!fp || fread(r, 1, sizeof r, fp) != sizeof r) {
		/* no /dev/urandom: the clock's nanoseconds and the pid */
		x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
		memcpy(r, &x, sizeof r);
	}
	if (fp)
		fclose(fp);
	if (gmtime_r(&ts.tv_sec, &tm))
		strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(buf, size, "%s-%02x%02x%02x%02x", when, r[0], r[1], r[2], r[3]);
}

int main(int argc, char **argv)
{
	struct cl_options opt;
	struct cl_error err;
	char run_id[64];
	int rc;
	double start = cl_now_s();

	cl_error_clear(&err);
	rc = cl_cli_parse(argc, argv, &opt, &err);
	opt.start_s = start;
	if (rc != CL_OK) {
		fprintf(stderr, "cunlu: %s\n", err.msg);
		return rc;
	}
	switch (opt.cmd) {
	case CL_CMD_HELP:
		cl_cli_usage(stdout);
		return CL_OK;
	case CL_CMD_VERSION:
		printf("cunlu %s\n", CUNLU_VERSION);
		return CL_OK;
	default:
		break;
	}
	cl_log_set_level(opt.verbosity);
	if (!opt.run_id) {
		make_run_id(run_id, sizeof run_id);
		opt.run_id = run_id;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = cl_bench_is_file(opt.villages) ? run_bench(&opt, &err) : run_solve(&opt, &err);
	if (rc != CL_OK && rc != CL_PARTIAL)
		fprintf(stderr, "cunlu: %s\n", err.msg);
	return rc;
}
