/*
 * output_fixture.h -- a small hand-made plan for the output writers, shared
 * by tests/test_output.c and tests/tools/mkout.c.
 *
 * A depot and four villages (one name holds a quote, a comma, a backslash,
 * a newline and Chinese characters), two vehicle types, two routes and one
 * unassigned village, and a report whose figures are filled in by hand so
 * the writers can be tested without the checker:
 *
 *   van-1     08:00 depot -> V1 (08:12) -> V2 (08:30, waits to 09:00)
 *             -> depot 09:40, 25300 m, 20 parcels loaded, cost 80.36
 *   etrike-2  08:30 depot -> V3 (08:45) -> depot 09:05, 12000 m, cost 14.80
 *   V4        unassigned, demand above every capacity
 *
 * Everything lives inside struct fixture (no heap); initialise it in place
 * with fixture_init() and do not copy it afterwards.
 */
#ifndef CUNLU_OUTPUT_FIXTURE_H
#define CUNLU_OUTPUT_FIXTURE_H

#include <string.h>

#include "cunlu/output.h"

#define FIXTURE_NAME1 "王家\"湾\", 东\\组\n二号"

struct fixture {
	struct cl_site sites[5];
	struct cl_vtype types[2];
	struct cl_instance inst;
	int stops_a[2], stops_b[1], unassigned[1];
	enum cl_reason reasons[1];
	struct cl_route routes[2];
	struct cl_solution sol;
	struct cl_stop_eval eval_a[2], eval_b[1];
	struct cl_route_eval route_evals[2];
	struct cl_report rep;
	struct cl_runinfo info;
};

static inline void fixture_site(struct cl_site *s, char *id, char *name,
				double lon, double lat, int demand, int pickup,
				int record)
{
	memset(s, 0, sizeof *s);
	s->id = id;
	s->name = name;
	s->lon = lon;
	s->lat = lat;
	s->demand = demand;
	s->pickup = pickup;
	s->service_s = 300;
	s->tw_start_s = 8 * 3600;
	s->tw_end_s = 17 * 3600;
	s->record = record;
}

static inline void fixture_stop(struct cl_stop_eval *e, int site, int arrival_s,
				int start_s, int load, int dist_m)
{
	e->site = site;
	e->arrival_s = arrival_s;
	e->start_s = start_s;
	e->depart_s = start_s + 300;
	e->wait_s = start_s - arrival_s;
	e->load = load;
	e->dist_m = dist_m;
}

static inline void fixture_init(struct fixture *fx)
{
	static char van[] = "van", etrike[] = "etrike";
	static char d0[] = "D0", v1[] = "V1", v2[] = "V2", v3[] = "V3", v4[] = "V4";
	static char n0[] = "城关镇共配中心", n1[] = FIXTURE_NAME1, n2[] = "李村",
		    n3[] = "Shimen, upper", n4[] = "赵庄";
	struct cl_route_eval *a = &fx->route_evals[0], *b = &fx->route_evals[1];

	memset(fx, 0, sizeof *fx);
	fixture_site(&fx->sites[0], d0, n0, 114.123456, 30.654321, 0, 0, -1);
	fixture_site(&fx->sites[1], v1, n1, 114.2, 30.7, 12, 3, 0);
	fixture_site(&fx->sites[2], v2, n2, 114.25, 30.6, 8, 2, 1);
	fixture_site(&fx->sites[3], v3, n3, 114.05, 30.62, 5, 0, 2);
	fixture_site(&fx->sites[4], v4, n4, 114.3, 30.8, 40, 0, 3);

	fx->types[0] = (struct cl_vtype){ .name = van, .count = 2, .capacity = 30,
		.speed_kmh = 40, .shift_start_s = 8 * 3600, .shift_end_s = 18 * 3600,
		.fixed_cost = 50, .cost_per_km = 1.2 };
	fx->types[1] = (struct cl_vtype){ .name = etrike, .count = 2, .capacity = 10,
		.speed_kmh = 20, .shift_start_s = 8 * 3600, .shift_end_s = 18 * 3600,
		.max_dist_m = 40000, .fixed_cost = 10, .cost_per_km = 0.4 };

	fx->inst.source = (char *)"maps/test/villages.shp";
	fx->inst.nsites = 5;
	fx->inst.sites = fx->sites;
	fx->inst.ntypes = 2;
	fx->inst.types = fx->types;

	fx->stops_a[0] = 1;
	fx->stops_a[1] = 2;
	fx->stops_b[0] = 3;
	fx->routes[0] = (struct cl_route){ .type = 0, .vehicle = 0,
		.depart_s = 8 * 3600, .nstops = 2, .stops = fx->stops_a };
	fx->routes[1] = (struct cl_route){ .type = 1, .vehicle = 1,
		.depart_s = 8 * 3600 + 1800, .nstops = 1, .stops = fx->stops_b };
	fx->unassigned[0] = 4;
	fx->reasons[0] = CL_REASON_CAPACITY;
	fx->sol.nroutes = 2;
	fx->sol.routes = fx->routes;
	fx->sol.nunassigned = 1;
	fx->sol.unassigned = fx->unassigned;
	fx->sol.reasons = fx->reasons;

	fixture_stop(&fx->eval_a[0], 1, 29520, 29520, 11, 8000);
	fixture_stop(&fx->eval_a[1], 2, 30600, 32400, 5, 16500);
	fixture_stop(&fx->eval_b[0], 3, 31500, 31500, 0, 6000);
	*a = (struct cl_route_eval){ .nstops = 2, .stops = fx->eval_a,
		.start_s = 28800, .end_s = 34800, .dur_s = 6000, .dist_m = 25300,
		.load_start = 20, .load_end = 5, .load_max = 20, .cost = 80.36 };
	*b = (struct cl_route_eval){ .nstops = 1, .stops = fx->eval_b,
		.start_s = 30600, .end_s = 32700, .dur_s = 2100, .dist_m = 12000,
		.load_start = 5, .load_end = 0, .load_max = 5, .cost = 14.8 };
	fx->rep.nroutes = 2;
	fx->rep.routes = fx->route_evals;
	fx->rep.total_dist_m = 37300;
	fx->rep.total_dur_s = 8100;
	fx->rep.total_cost = 95.16;
	fx->rep.vehicles_used = 2;
	fx->rep.served = 3;
	fx->rep.unassigned = 1;

	fx->info = (struct cl_runinfo){ .version = "0.1.0-test",
		.villages = "maps/test/villages.shp", .fleet = NULL,
		.distances = "geo (detour 1.30)", .seed = 42,
		.time_limit_s = 10, .elapsed_s = 1.234, .iterations = 1000 };
}

#endif
