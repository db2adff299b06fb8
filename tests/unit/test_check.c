/*
 * test_check.c -- unit tests for the feasibility checker (check.c).
 *
 * A hand-built instance (depot + 4 villages, a van and an electric
 * tricycle) with a small integer matrix, so that every expected figure can
 * be worked out on paper (see base_*); each violation is then introduced
 * on its own. A randomized test compares the checker with a second,
 * deliberately plain implementation written here.
 */
#include <math.h>
#include <stdint.h>

#include "tinytest.h"
#include "cunlu/check.h"

/*
 * The base instance. Distances in metres (symmetric):
 *
 *          0     1     2     3     4
 *    0     0  1000  2000  3000  1500
 *    1  1000     0  1500  2500  2000
 *    2  2000  1500     0  1200  2500
 *    3  3000  2500  1200     0  1800
 *    4  1500  2000  2500  1800     0
 *
 * The van drives 10 m/s (time = d / 10 s), the tricycle 5 m/s (d / 5 s).
 */
#define NS 5
static const int32_t base_dist[NS * NS] = {
	0, 1000, 2000, 3000, 1500,
	1000, 0, 1500, 2500, 2000,
	2000, 1500, 0, 1200, 2500,
	3000, 2500, 1200, 0, 1800,
	1500, 2000, 2500, 1800, 0,
};

#define H8 28800    /* 08:00 */
#define H10 36000   /* 10:00 */
#define H12 43200   /* 12:00 */
#define H17 61200   /* 17:00 */
#define H18 64800   /* 18:00 */

/* A mutable copy of everything a test may change. */
struct fixture {
	struct cl_site sites[NS];
	struct cl_vtype types[2];
	struct cl_instance inst;
	int32_t dist[NS * NS];
	int32_t time0[NS * NS], time1[NS * NS];
	int32_t *times[2];
	struct cl_matrix m;
	int32_t ddist[NS * NS];     /* the drone's flight distances */
	int32_t *dtypes[2];
	struct cl_zone zone;
	int zring[2];
	double zx[5], zy[5];
	struct cl_site base;
	struct cl_solution *sol;
	struct cl_report rep;
	struct cl_error err;
};

static void fx_init(struct fixture *fx)
{
	static const struct cl_site sites[NS] = {
		{ .id = "DEPOT", .name = "", .tw_start_s = 0, .tw_end_s = 86400,
		  .record = -1 },
		{ .id = "A", .name = "", .demand = 5, .pickup = 2, .service_s = 300,
		  .tw_start_s = H8, .tw_end_s = H12, .record = 0 },
		{ .id = "B", .name = "", .demand = 3, .pickup = 4, .service_s = 300,
		  .tw_start_s = H8, .tw_end_s = H12, .record = 1 },
		{ .id = "C", .name = "", .demand = 4, .pickup = 0, .service_s = 600,
		  .tw_start_s = H10, .tw_end_s = H17, .record = 2 },
		{ .id = "D", .name = "", .demand = 2, .pickup = 1, .service_s = 300,
		  .tw_start_s = H8, .tw_end_s = H17, .record = 3 },
	};
	static const struct cl_vtype types[2] = {
		{ .name = "van", .count = 2, .capacity = 12, .speed_kmh = 36,
		  .shift_start_s = H8, .shift_end_s = H18, .fixed_cost = 100,
		  .cost_per_km = 1.5 },
		{ .name = "etricycle", .count = 1, .capacity = 6, .speed_kmh = 18,
		  .shift_start_s = H8, .shift_end_s = H18, .fixed_cost = 20,
		  .cost_per_km = 0.5 },
	};

	memset(fx, 0, sizeof *fx);
	memcpy(fx->sites, sites, sizeof sites);
	memcpy(fx->types, types, sizeof types);
	fx->inst.source = "villages.shp";
	fx->inst.nsites = NS;
	fx->inst.sites = fx->sites;
	fx->inst.ntypes = 2;
	fx->inst.types = fx->types;
	for (int i = 0; i < NS * NS; i++) {
		fx->dist[i] = base_dist[i];
		fx->time0[i] = base_dist[i] / 10;
		fx->time1[i] = base_dist[i] / 5;
	}
	fx->times[0] = fx->time0;
	fx->times[1] = fx->time1;
	fx->m.n = NS;
	fx->m.ntypes = 2;
	fx->m.dist_m = fx->dist;
	fx->m.dist_type = NULL;
	fx->m.time_s = fx->times;
	fx->sol = cl_solution_create();
	cl_error_clear(&fx->err);
}

/*
 * The feasible base plan:
 *   route 1: van #1 departs 08:00, A, B, C
 *   route 2: etricycle #1 departs 08:03:20, D
 */
static void fx_base_plan(struct fixture *fx)
{
	static const int r1[] = { 1, 2, 3 }, r2[] = { 4 };

	CHECK_INT(cl_solution_add_route(fx->sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx->sol, 1, 0, H8 + 200, r2, 1), CL_OK);
}

static void fx_done(struct fixture *fx)
{
	cl_report_free(&fx->rep);
	cl_solution_destroy(fx->sol);
}

/* Run the check expecting a violation; the report must stay empty. */
static int fx_fails(struct fixture *fx)
{
	int rc;

	fx->rep.nroutes = 99;   /* must be zeroed by cl_check */
	rc = cl_check(&fx->inst, &fx->m, fx->sol, &fx->rep, &fx->err);
	CHECK_INT(rc, CL_EINTERNAL);
	CHECK_INT(fx->err.status, CL_EINTERNAL);
	CHECK(strncmp(fx->err.msg, "check: ", 7) == 0);
	CHECK_INT(fx->rep.nroutes, 0);
	CHECK(fx->rep.routes == NULL);
	return rc == CL_EINTERNAL;
}

static void test_feasible_two_routes(void)
{
	struct fixture fx;
	const struct cl_route_eval *r;
	const struct cl_stop_eval *s;

	fx_init(&fx);
	fx_base_plan(&fx);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	CHECK_INT(fx.rep.nroutes, 2);
	if (fx.rep.nroutes != 2 || !fx.rep.routes) {
		fx_done(&fx);
		return;
	}
	/*
	 * Route 1, van: loads 5+3+4 = 12 parcels (= capacity).
	 *   0->A 1000 m 100 s: arrive 28900, start 28900, leave 29200, load 9
	 *   A->B 1500 m 150 s: arrive 29350, start 29350, leave 29650, load 10
	 *   B->C 1200 m 120 s: arrive 29770, opens 36000: wait 6230, leave
	 *                      36600, load 6
	 *   C->0 3000 m 300 s: back 36900; 6700 m, 8100 s, 100 + 1.5 * 6.7
	 */
	r = &fx.rep.routes[0];
	CHECK_INT(r->nstops, 3);
	CHECK_INT(r->start_s, 28800);
	CHECK_INT(r->end_s, 36900);
	CHECK_INT(r->dur_s, 8100);
	CHECK_INT(r->dist_m, 6700);
	CHECK_INT(r->load_start, 12);
	CHECK_INT(r->load_max, 12);
	CHECK_INT(r->load_end, 6);
	CHECK(fabs(r->cost - 110.05) < 1e-9);
	s = r->stops;
	CHECK_INT(s[0].site, 1);
	CHECK_INT(s[0].arrival_s, 28900);
	CHECK_INT(s[0].start_s, 28900);
	CHECK_INT(s[0].wait_s, 0);
	CHECK_INT(s[0].depart_s, 29200);
	CHECK_INT(s[0].load, 9);
	CHECK_INT(s[0].dist_m, 1000);
	CHECK_INT(s[1].site, 2);
	CHECK_INT(s[1].arrival_s, 29350);
	CHECK_INT(s[1].start_s, 29350);
	CHECK_INT(s[1].wait_s, 0);
	CHECK_INT(s[1].depart_s, 29650);
	CHECK_INT(s[1].load, 10);
	CHECK_INT(s[1].dist_m, 2500);
	CHECK_INT(s[2].site, 3);
	CHECK_INT(s[2].arrival_s, 29770);
	CHECK_INT(s[2].start_s, 36000);
	CHECK_INT(s[2].wait_s, 6230);
	CHECK_INT(s[2].depart_s, 36600);
	CHECK_INT(s[2].load, 6);
	CHECK_INT(s[2].dist_m, 3700);
	/*
	 * Route 2, tricycle: loads 2.
	 *   0->D 1500 m 300 s: arrive 29300, leave 29600, load 1
	 *   D->0 1500 m 300 s: back 29900; 3000 m, 900 s, 20 + 0.5 * 3
	 */
	r = &fx.rep.routes[1];
	CHECK_INT(r->nstops, 1);
	CHECK_INT(r->start_s, 29000);
	CHECK_INT(r->end_s, 29900);
	CHECK_INT(r->dur_s, 900);
	CHECK_INT(r->dist_m, 3000);
	CHECK_INT(r->load_start, 2);
	CHECK_INT(r->load_max, 2);
	CHECK_INT(r->load_end, 1);
	CHECK(fabs(r->cost - 21.5) < 1e-9);
	CHECK_INT(r->stops[0].site, 4);
	CHECK_INT(r->stops[0].arrival_s, 29300);
	CHECK_INT(r->stops[0].start_s, 29300);
	CHECK_INT(r->stops[0].wait_s, 0);
	CHECK_INT(r->stops[0].depart_s, 29600);
	CHECK_INT(r->stops[0].load, 1);
	CHECK_INT(r->stops[0].dist_m, 1500);

	CHECK_INT(fx.rep.total_dist_m, 9700);
	CHECK_INT(fx.rep.total_dur_s, 9000);
	CHECK(fabs(fx.rep.total_cost - 131.55) < 1e-9);
	CHECK_INT(fx.rep.vehicles_used, 2);
	CHECK_INT(fx.rep.served, 4);
	CHECK_INT(fx.rep.unassigned, 0);

	/* without a report the verdict is the same */
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, NULL), CL_OK);
	fx_done(&fx);
}

/*
 * Waiting: the tricycle reaches C (opens 10:00) at 08:10 and waits; every
 * limit is then met exactly (start at closing, load at capacity, return at
 * shift end, duration and distance at their limits), which is allowed.
 */
static void test_wait_and_exact_limits(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 4 }, r2[] = { 3 };
	const struct cl_route_eval *r;

	fx_init(&fx);
	/* tricycle: 0->C 3000 m 600 s: arrive 08:10, wait 6600 s, start 10:00 */
	fx.sites[3].tw_end_s = H10;             /* service starts at closing */
	fx.sites[3].demand = 6;                 /* = capacity */
	fx.types[1].shift_end_s = H10 + 600 + 600;   /* back at 10:20 exactly */
	fx.types[1].max_dur_s = H10 + 1200 - H8;
	fx.types[1].max_dist_m = 6000;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 1, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8, r2, 1), CL_OK);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	if (fx.rep.nroutes == 2) {
		r = &fx.rep.routes[1];
		CHECK_INT(r->stops[0].arrival_s, H8 + 600);
		CHECK_INT(r->stops[0].wait_s, 6600);
		CHECK_INT(r->stops[0].start_s, H10);
		CHECK_INT(r->stops[0].depart_s, H10 + 600);
		CHECK_INT(r->end_s, H10 + 1200);
		CHECK_INT(r->dur_s, H10 + 1200 - H8);
		CHECK_INT(r->load_start, 6);
		CHECK_INT(r->load_end, 0);
		CHECK_INT(r->dist_m, 6000);
		/* the van on A, B, D waits nowhere */
		r = &fx.rep.routes[0];
		for (int k = 0; k < 3; k++)
			CHECK_INT(r->stops[k].wait_s, 0);
	} else {
		fprintf(stderr, "unexpected: %s\n", fx.err.msg);
		CHECK(0);
	}
	fx_done(&fx);
}

static void test_unassigned_with_reason(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 1, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_FLEET), CL_OK);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	CHECK_INT(fx.rep.served, 3);
	CHECK_INT(fx.rep.unassigned, 1);
	CHECK_INT(fx.rep.vehicles_used, 1);
	CHECK_INT(fx.rep.total_dist_m, 6700);
	fx_done(&fx);
}

static void test_capacity_at_start(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.types[0].capacity = 11;
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 1 (van #1): leaves the depot "
			  "with 12 parcels, capacity 11");
	}
	fx_done(&fx);
}

/* Deliveries fit at the start, but B's pickups overflow the van. */
static void test_capacity_pickup_mid_route(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.sites[2].pickup = 7;   /* after A: 9; after B: 9 - 3 + 7 = 13 */
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 1 (van #1), stop 2 (village record 2 (FID 1, ID B)"
			  ")");
		CHECK_HAS(fx.err.msg, "13 parcels on board");
		CHECK_HAS(fx.err.msg, "capacity 12");
	}
	fx_done(&fx);
}

static void test_time_window_missed(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.sites[2].tw_end_s = H8 + 540;   /* B closes 08:09; van arrives 08:09:10 */
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 1 (van #1), stop 2 (village "
			  "record 2 (FID 1, ID B)): arrives 08:09:10 after closing 08:09");
	}
	fx_done(&fx);

	/* a window that opens after it closes is reported as such */
	fx_init(&fx);
	fx.sites[4].tw_start_s = H12;
	fx.sites[4].tw_end_s = H10;
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 2 (etricycle #1), stop 1 (village record 4 (FID 3, ID D)");
		CHECK_HAS(fx.err.msg, "opens 12:00 after it closes 10:00");
	}
	fx_done(&fx);
}

static void test_return_after_shift_end(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.types[0].shift_end_s = 36840;   /* 10:14; the van is back at 10:15 */
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 1 (van #1): returns to the depot "
			  "at 10:15, after the shift ends at 10:14");
	}
	fx_done(&fx);

	/* service at C still running when the shift ends */
	fx_init(&fx);
	fx.types[0].shift_end_s = 36300;
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 1 (van #1), stop 3 (village record 3 (FID 2, ID C)");
		CHECK_HAS(fx.err.msg, "after the shift ends at 10:05");
	}
	fx_done(&fx);
}

static void test_duration_limit(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.types[0].max_dur_s = 8040;   /* 134 min; route 1 takes 8100 s */
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "check: route 1 (van #1): ");
		CHECK_HAS(fx.err.msg, "route limit");
		CHECK_HAS(fx.err.msg, "8100 s > 8040 s");
	}
	fx_done(&fx);
}

static void test_distance_limit(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx.types[1].max_dist_m = 2999;   /* route 2 drives 3000 m */
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): drives 3.000 km, "
			  "beyond the range of 2.999 km");
	}
	fx_done(&fx);
}

static void test_depart_before_shift(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 }, r2[] = { 4 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8 - 1800, r2, 1), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): departs 07:30 "
			  "before the shift starts at 08:00");
	}
	fx_done(&fx);
}

static void test_village_twice(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 }, r2[] = { 4, 2 }, r3[] = { 4, 4 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8, r2, 2), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1), stop 2 (village "
			  "record 2 (FID 1, ID B)): village already served by route 1");
	}
	fx_done(&fx);

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8, r3, 2), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 2 (etricycle #1), stop 2 (village record 4 (FID 3, ID D)");
		CHECK_HAS(fx.err.msg, "twice on this route");
	}
	fx_done(&fx);

	/* served and also reported unassigned */
	fx_init(&fx);
	fx_base_plan(&fx);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 3, CL_REASON_FLEET), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "village record 3 (FID 2, ID C)");
		CHECK_HAS(fx.err.msg, "also served by route 1");
	}
	fx_done(&fx);

	/* unassigned twice */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_FLEET), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_RANGE), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "unassigned twice");
	fx_done(&fx);
}

static void test_village_missing(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: village record 4 (FID 3, ID D) is neither "
			  "on a route nor reported unassigned");
	}
	fx_done(&fx);
}

static void test_bad_vehicle(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 }, r2[] = { 4 };

	/* the fleet has one tricycle: #2 does not exist */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 1, H8, r2, 1), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "check: route 2 (etricycle #2): ");
		CHECK_HAS(fx.err.msg, "out of range");
	}
	fx_done(&fx);

	/* negative vehicle number */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, -1, H8, r1, 3), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "route 1 (van #0)");
	fx_done(&fx);

	/* the same van twice */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 1, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 1, H8, r2, 1), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 2 (van #2): vehicle already used "
			  "by route 1");
	}
	fx_done(&fx);

	/* a type that does not exist */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 2, 0, H8, r2, 1), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "route 2: vehicle type 2 does not exist");
	fx_done(&fx);
}

static void test_bad_stop_index(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 }, r2[] = { 4, 5 }, r3[] = { 0, 4 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8, r2, 2), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "route 2 (etricycle #1), stop 2: site index 5");
	fx_done(&fx);

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_route(fx.sol, 1, 0, H8, r3, 2), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "stop 1: site index 0 is not a village");
	fx_done(&fx);
}

static void test_unreachable_arc(void)
{
	struct fixture fx;

	/* B -> C has no road for the van (time) */
	fx_init(&fx);
	fx.time0[2 * NS + 3] = CL_UNREACHABLE;
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: route 1 (van #1), stop 3 (village "
			  "record 3 (FID 2, ID C)): no road from village record 2 (FID 1, ID B) "
			  "to village record 3 (FID 2, ID C) (unreachable in the matrix)");
	}
	fx_done(&fx);

	/* D -> depot has no road at all (distance) */
	fx_init(&fx);
	fx.dist[4 * NS + 0] = CL_UNREACHABLE;
	fx_base_plan(&fx);
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 2 (etricycle #1), return to depot: "
			  "no road from village record 4 (FID 3, ID D) to depot ID DEPOT");
	}
	fx_done(&fx);

	/* unreachable for the tricycle only: the van's arc is still fine */
	fx_init(&fx);
	fx.time1[1 * NS + 2] = CL_UNREACHABLE;
	fx_base_plan(&fx);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	fx_done(&fx);
}

static void test_empty_route(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx_base_plan(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 1, H8, NULL, 0), CL_OK);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (van #2): empty route (no stops)");
	fx_done(&fx);
}

static void test_unassigned_without_reason(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 };

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_NONE), CL_OK);
	if (fx_fails(&fx)) {
		CHECK_STR(fx.err.msg, "check: unassigned entry 1 (village record 4 (FID 3, ID D)"
			  "): no reason given (code 0)");
	}
	fx_done(&fx);

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_COUNT), CL_OK);
	fx_fails(&fx);
	fx_done(&fx);

	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 7, CL_REASON_FLEET), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "site index 7 is not a village");
	fx_done(&fx);
}

static void test_matrix_mismatch(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx_base_plan(&fx);
	fx.m.n = 4;
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "does not fit the instance");
	fx_done(&fx);
}

static void test_report_free(void)
{
	struct cl_report rep;

	memset(&rep, 0, sizeof rep);
	cl_report_free(&rep);
	cl_report_free(NULL);
	CHECK(rep.routes == NULL);
}

/* ---------------------------------------------------------------------- */
/* Randomized comparison with a plain second implementation. */

#define RMAX 9   /* sites, depot included */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* Uniform-ish in [lo, hi]. */
static int rnd_in(int lo, int hi)
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

struct ref_stop {
	long long arrival, start, depart, wait, load, dist;
};

struct ref_route {
	struct ref_stop stops[RMAX];
	long long end, dur, dist, load_start, load_end, load_max;
	double cost;
};

/*
 * The plain version: count how often each village appears, then walk each
 * route in full and collect every figure; any breach makes the plan bad.
 */
static int ref_check(const struct cl_instance *in, const struct cl_matrix *m,
		     const struct cl_solution *so, struct ref_route *out)
{
	int times_seen[RMAX] = { 0 };
	int good = 1;

	for (int r = 0; r < so->nroutes; r++) {
		const struct cl_route *ro = &so->routes[r];
		if (ro->type < 0 || ro->type >= in->ntypes)
			return 0;
		if (ro->vehicle < 0 || ro->vehicle >= in->types[ro->type].count)
			return 0;
		for (int q = 0; q < r; q++)
			if (so->routes[q].type == ro->type &&
			    so->routes[q].vehicle == ro->vehicle)
				return 0;
		if (ro->nstops < 1)
			return 0;
		for (int k = 0; k < ro->nstops; k++) {
			if (ro->stops[k] < 1 || ro->stops[k] >= in->nsites)
				return 0;
			times_seen[ro->stops[k]]++;
		}
	}
	for (int u = 0; u < so->nunassigned; u++) {
		if (so->unassigned[u] < 1 || so->unassigned[u] >= in->nsites)
			return 0;
		if (so->reasons[u] == CL_REASON_NONE)
			return 0;
		times_seen[so->unassigned[u]]++;
	}
	for (int s = 1; s < in->nsites; s++)
		if (times_seen[s] != 1)
			return 0;

	for (int r = 0; r < so->nroutes; r++) {
		const struct cl_route *ro = &so->routes[r];
		const struct cl_vtype *v = &in->types[ro->type];
		struct ref_route *o = &out[r];
		long long now = ro->depart_s, load = 0;
		int at = 0;

		memset(o, 0, sizeof *o);
		if (ro->depart_s < v->shift_start_s)
			good = 0;
		for (int k = 0; k < ro->nstops; k++)
			load += in->sites[ro->stops[k]].demand;
		o->load_start = o->load_max = load;
		for (int k = 0; k <= ro->nstops; k++) {
			int to = k < ro->nstops ? ro->stops[k] : 0;
			long long d = m->dist_m[at * m->n + to];
			long long tt = m->time_s[ro->type][at * m->n + to];
			if (d < 0 || tt < 0) {
				good = 0;
				d = tt = 0;
			}
			o->dist += d;
			now += tt;
			if (to == 0)
				break;
			const struct cl_site *s = &in->sites[to];
			struct ref_stop *st = &o->stops[k];
			st->arrival = now;
			st->start = now < s->tw_start_s ? s->tw_start_s : now;
			st->wait = st->start - st->arrival;
			if (st->start > s->tw_end_s)
				good = 0;
			now = st->depart = st->start + s->service_s;
			load += s->pickup - s->demand;
			st->load = load;
			st->dist = o->dist;
			if (load > o->load_max)
				o->load_max = load;
			at = to;
		}
		o->end = now;
		o->dur = now - ro->depart_s;
		o->load_end = load;
		o->cost = v->fixed_cost + v->cost_per_km * (double)o->dist / 1000.0;
		if (o->load_max > v->capacity || o->end > v->shift_end_s)
			good = 0;
		if (v->max_dur_s > 0 && o->dur > v->max_dur_s)
			good = 0;
		if (v->max_dist_m > 0 && (double)o->dist > v->max_dist_m)
			good = 0;
	}
	return good;
}

static void random_case(int *nok, int *nbad)
{
	struct cl_site sites[RMAX];
	struct cl_vtype types[3];
	struct cl_instance in;
	int32_t dist[RMAX * RMAX], tm[3][RMAX * RMAX];
	int32_t *tptr[3] = { tm[0], tm[1], tm[2] };
	struct cl_matrix m;
	struct cl_solution *so = cl_solution_create();
	struct cl_report rep;
	struct cl_error err;
	struct ref_route ref[RMAX];
	static char ids[RMAX][16];
	int order[RMAX], n = rnd_in(2, RMAX), nt = rnd_in(1, 3);
	int next_veh[3] = { 0, 0, 0 };
	int rc, good, pos;

	memset(sites, 0, sizeof sites);
	memset(types, 0, sizeof types);
	for (int i = 0; i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "S%d", i);
		sites[i].id = ids[i];
		sites[i].name = "";
		sites[i].record = i - 1;
		if (i == 0)
			continue;
		sites[i].demand = rnd_in(0, 6);
		sites[i].pickup = rnd_in(0, 4);
		sites[i].service_s = rnd_in(0, 4) * 150;
		sites[i].tw_start_s = H8 + rnd_in(0, 8) * 900;
		sites[i].tw_end_s = sites[i].tw_start_s + rnd_in(-1, 40) * 900;
	}
	for (int t = 0; t < nt; t++) {
		types[t].name = t == 0 ? "van" : t == 1 ? "etricycle" : "truck";
		types[t].count = rnd_in(1, 3);
		types[t].capacity = rnd_in(6, 40);
		types[t].speed_kmh = 30;
		types[t].shift_start_s = H8 - rnd_in(0, 2) * 1800;
		types[t].shift_end_s = H10 + rnd_in(0, 20) * 1800;
		types[t].max_dur_s = rnd_in(0, 1) ? rnd_in(2, 20) * 1800 : 0;
		types[t].max_dist_m = rnd_in(0, 1) ? rnd_in(5, 60) * 1000.0 : 0;
		types[t].fixed_cost = rnd_in(0, 200);
		types[t].cost_per_km = rnd_in(0, 30) / 10.0;
	}
	for (int i = 0; i < n * n; i++) {
		int a = i / n, b = i % n;
		dist[i] = a == b ? 0 : rnd_in(300, 9000);
		for (int t = 0; t < nt; t++)
			tm[t][i] = a == b ? 0 : dist[i] / rnd_in(3, 12);
		if (a != b && rnd_in(0, 150) == 0) {
			if (rnd_in(0, 1))
				dist[i] = CL_UNREACHABLE;
			else
				tm[rnd_in(0, nt - 1)][i] = CL_UNREACHABLE;
		}
	}
	in.source = "random";
	in.nsites = n;
	in.sites = sites;
	in.ntypes = nt;
	in.types = types;
	m.n = n;
	m.ntypes = nt;
	m.dist_m = dist;
	m.dist_type = NULL;
	m.time_s = tptr;

	/* shuffle the villages, cut the order into routes, leave a few out */
	for (int i = 1; i < n; i++)
		order[i - 1] = i;
	for (int i = n - 2; i > 0; i--) {
		int j = rnd_in(0, i), tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	pos = 0;
	while (pos < n - 1) {
		int len = rnd_in(1, n - 1 - pos), type = rnd_in(0, nt - 1);
		int stops[RMAX], veh, roll = rnd_in(0, 99);

		/* the next free vehicle of some type, if any is left */
		for (int t = 0; t < nt && next_veh[type] >= types[type].count; t++)
			type = (type + 1) % nt;
		veh = next_veh[type]++;
		if (roll < 2 && so->nroutes > 0) {
			/* a village forgotten: neither served nor unassigned */
			pos++;
			continue;
		}
		if (roll < 20 || veh >= types[type].count) {
			for (int k = 0; k < len; k++)
				CHECK_INT(cl_solution_add_unassigned(so, order[pos + k],
						rnd_in(0, 30) == 0 ?
						CL_REASON_NONE : CL_REASON_FLEET), CL_OK);
			pos += len;
			next_veh[type]--;
			continue;
		}
		memcpy(stops, order + pos, sizeof(int) * (size_t)len);
		pos += len;
		/* rare corruptions the structural checks must catch */
		if (roll == 20)
			stops[rnd_in(0, len - 1)] = rnd_in(-1, n);
		if (roll == 21 && so->nroutes > 0)
			stops[0] = so->routes[0].stops[0];
		if (roll == 22)
			veh = types[type].count;
		if (roll == 23 && veh > 0)
			veh = 0;
		CHECK_INT(cl_solution_add_route(so, type, veh,
				types[type].shift_start_s + rnd_in(-1, 30) * 600,
				stops, len), CL_OK);
	}

	good = ref_check(&in, &m, so, ref);
	cl_error_clear(&err);
	rc = cl_check(&in, &m, so, &rep, &err);
	CHECK_INT(rc, good ? CL_OK : CL_EINTERNAL);
	if (rc == CL_OK && good) {
		long long td = 0, tu = 0;
		int served = 0;
		(*nok)++;
		CHECK_INT(rep.nroutes, so->nroutes);
		for (int r = 0; r < so->nroutes && r < rep.nroutes; r++) {
			const struct cl_route_eval *e = &rep.routes[r];
			CHECK_INT(e->nstops, so->routes[r].nstops);
			CHECK_INT(e->start_s, so->routes[r].depart_s);
			CHECK_INT(e->end_s, ref[r].end);
			CHECK_INT(e->dur_s, ref[r].dur);
			CHECK_INT(e->dist_m, ref[r].dist);
			CHECK_INT(e->load_start, ref[r].load_start);
			CHECK_INT(e->load_end, ref[r].load_end);
			CHECK_INT(e->load_max, ref[r].load_max);
			CHECK(fabs(e->cost - ref[r].cost) < 1e-9);
			for (int k = 0; k < e->nstops; k++) {
				CHECK_INT(e->stops[k].site, so->routes[r].stops[k]);
				CHECK_INT(e->stops[k].arrival_s, ref[r].stops[k].arrival);
				CHECK_INT(e->stops[k].start_s, ref[r].stops[k].start);
				CHECK_INT(e->stops[k].depart_s, ref[r].stops[k].depart);
				CHECK_INT(e->stops[k].wait_s, ref[r].stops[k].wait);
				CHECK_INT(e->stops[k].load, ref[r].stops[k].load);
				CHECK_INT(e->stops[k].dist_m, ref[r].stops[k].dist);
			}
			td += ref[r].dist;
			tu += ref[r].dur;
			served += so->routes[r].nstops;
		}
		CHECK_INT(rep.total_dist_m, td);
		CHECK_INT(rep.total_dur_s, tu);
		CHECK_INT(rep.served, served);
		CHECK_INT(rep.served + rep.unassigned, n - 1);
		CHECK_INT(rep.vehicles_used, so->nroutes);
	} else if (rc != CL_OK) {
		(*nbad)++;
		CHECK(strncmp(err.msg, "check: ", 7) == 0);
		CHECK(rep.routes == NULL);
	}
	if (rc == CL_OK && !good)
		fprintf(stderr, "checker accepted a plan the reference rejects\n");
	else if (rc != CL_OK && good)
		fprintf(stderr, "checker rejected a good plan: %s\n", err.msg);
	cl_report_free(&rep);
	cl_solution_destroy(so);
}

static void test_random_against_reference(void)
{
	int nok = 0, nbad = 0;

	rng_state = 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 20000; i++)
		random_case(&nok, &nbad);
	/* both verdicts must be exercised often enough to mean something */
	CHECK(nok > 1000);
	CHECK(nbad > 1000);
	if (nok <= 1000 || nbad <= 1000)
		fprintf(stderr, "random: %d feasible, %d infeasible\n", nok, nbad);
}

/*
 * Multi-trip (issue 11). The tricycle (capacity 6) makes two trips with
 * 10 min reloads, the van one:
 *   route 1: van #1 departs 08:00, B, C (back 10:15)
 *   route 2: etricycle #1 trip 1 departs 08:00, D: 0->D 300 s, leave
 *            08:10, back 08:15 (29700), 3000 m
 *   route 3: etricycle #1 trip 2 departs 08:25 (30300), A: 0->A 200 s,
 *            leave 08:33:20, back 08:36:40 (31000), 2000 m
 */
static void fx_trips(struct fixture *fx)
{
	static const int r1[] = { 2, 3 }, r2[] = { 4 }, r3[] = { 1 };

	fx->types[1].max_trips = 2;
	fx->types[1].reload_s = 600;
	fx->types[1].cost_per_hour = 36;
	fx->sites[1].demand = 5;    /* A: 5 + 2 on the tricycle, fits 6 */
	CHECK_INT(cl_solution_add_route(fx->sol, 0, 0, H8, r1, 2), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx->sol, 1, 0, 0, H8, r2, 1, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx->sol, 1, 0, 1, 30300, r3, 1, NULL, NULL), CL_OK);
}

/*
 * Drones (issue 15): type 1 becomes a drone flying 10 m/s from the depot
 * at 110.00 E, 25.00 N; villages A (110.01, 25.00) and D (110.00, 25.015)
 * have landing points; its matrix is the great circle (rounded). The van
 * takes B and C; the drone flies D (08:00), then A (08:20), 5 min
 * turnaround, range 5 km, one stop per sortie, payload 2 kg.
 */
static void fx_drone_matrix(struct fixture *fx, const struct cl_site *origin)
{
	for (int i = 0; i < NS; i++)
		for (int j = 0; j < NS; j++) {
			const struct cl_site *a = i ? &fx->sites[i] : origin;
			const struct cl_site *b = j ? &fx->sites[j] : origin;
			fx->ddist[i * NS + j] = (int32_t)lround(cl_haversine_m(a->lon, a->lat,
									       b->lon, b->lat));
			fx->time1[i * NS + j] = fx->ddist[i * NS + j] / 10;
		}
}

static void fx_drone(struct fixture *fx)
{
	static const double lon[NS] = { 110.0, 110.01, 110.02, 110.03, 110.0 };
	static const double lat[NS] = { 25.0, 25.0, 25.0, 25.0, 25.015 };
	static const int r1[] = { 2, 3 }, r2[] = { 4 }, r3[] = { 1 };

	for (int i = 0; i < NS; i++) {
		fx->sites[i].lon = lon[i];
		fx->sites[i].lat = lat[i];
	}
	fx->sites[1].drone = 1;
	fx->sites[4].drone = 1;
	fx->sites[1].weight_kg = 1.5;
	fx->sites[4].weight_kg = 2.0;
	fx->types[1].mode = CL_MODE_DRONE;
	fx->types[1].max_trips = 4;
	fx->types[1].reload_s = 300;
	fx->types[1].max_trip_m = 5000;
	fx->types[1].max_stops = 1;
	fx->types[1].payload_kg = 2.0;
	fx_drone_matrix(fx, &fx->sites[0]);
	fx->dtypes[0] = NULL;
	fx->dtypes[1] = fx->ddist;
	fx->m.dist_type = fx->dtypes;
	CHECK_INT(cl_solution_add_route(fx->sol, 0, 0, H8, r1, 2), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx->sol, 1, 0, 0, H8, r2, 1, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx->sol, 1, 0, 1, H8 + 1200, r3, 1, NULL, NULL), CL_OK);
}

/* A square no-fly zone 109.995..110.005 x 25.005..25.010, across the
 * flight from the depot to D. */
static void fx_zone(struct fixture *fx)
{
	static const double x[5] = { 109.995, 110.005, 110.005, 109.995, 109.995 };
	static const double y[5] = { 25.005, 25.005, 25.010, 25.010, 25.005 };

	memcpy(fx->zx, x, sizeof x);
	memcpy(fx->zy, y, sizeof y);
	fx->zring[0] = 0;
	fx->zring[1] = 5;
	fx->zone = (struct cl_zone){ .id = "Z7", .name = "reservoir", .record = 6,
				     .nrings = 1, .ring = fx->zring, .npts = 5,
				     .x = fx->zx, .y = fx->zy, .minx = 109.995,
				     .maxx = 110.005, .miny = 25.005, .maxy = 25.010 };
	fx->inst.zones = &fx->zone;
	fx->inst.nzones = 1;
}

static void test_drone_sorties(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx_drone(&fx);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	if (fx.rep.nroutes == 3) {
		CHECK_INT(fx.rep.routes[1].dist_m, 2 * fx.ddist[4]);
		CHECK_INT(fx.rep.vehicles[1].ntrips, 2);
	} else {
		fprintf(stderr, "unexpected: %s\n", fx.err.msg);
	}
	fx_done(&fx);

	/* range exceeded: D is 1668 m out, 3336 m there and back */
	fx_init(&fx);
	fx_drone(&fx);
	fx.types[1].max_trip_m = 3000;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): flies 3.336 km on this "
			  "sortie, beyond its range_km 3.000");
	fx_done(&fx);

	/* payload exceeded */
	fx_init(&fx);
	fx_drone(&fx);
	fx.sites[4].weight_kg = 2.25;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): carries 2.250 kg on this "
			  "sortie, payload_kg 2.000");
	fx_done(&fx);

	/* two stops on a one-stop sortie */
	fx_init(&fx);
	fx_drone(&fx);
	cl_solution_destroy(fx.sol);
	fx.sol = cl_solution_create();
	{
		static const int r1[] = { 2, 3 }, both[] = { 4, 1 };
		CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 2), CL_OK);
		CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, both, 2, NULL, NULL), CL_OK);
	}
	fx.sites[1].weight_kg = 0;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): 2 stops on this sortie, "
			  "max_stops 1");
	fx_done(&fx);

	/* a village without a landing point */
	fx_init(&fx);
	fx_drone(&fx);
	fx.sites[1].drone = 0;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2), stop 1 (village "
			  "record 1 (FID 0, ID A)): drone type etricycle lands at a village without a "
			  "landing point (DRONE = 0)");
	fx_done(&fx);

	/* a leg through a no-fly zone */
	fx_init(&fx);
	fx_drone(&fx);
	fx_zone(&fx);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1), stop 1 (village record 4 "
			  "(FID 3, ID D)): the flight from the depot to village record 4 (FID 3, ID D) "
			  "crosses no-fly zone record 7 (FID 6, ID Z7 \"reservoir\")");
	fx_done(&fx);

	/* the zone moved off the line: fine */
	fx_init(&fx);
	fx_drone(&fx);
	fx_zone(&fx);
	for (int i = 0; i < 5; i++)
		fx.zx[i] += 0.02;
	fx.zone.minx += 0.02;
	fx.zone.maxx += 0.02;
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	fx_done(&fx);

	/* the matrix is not the great circle (a road distance, say) */
	fx_init(&fx);
	fx_drone(&fx);
	fx.ddist[1] += 300;     /* depot -> A */
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "the matrix gives 1308 m for the flight from the depot "
			  "to village record 1 (FID 0, ID A), 1008 m as the crow flies");
	fx_done(&fx);

	/* turnaround too short */
	fx_init(&fx);
	fx_drone(&fx);
	fx.sol->routes[2].depart_s = H8 + 700;
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "the turnaround takes 5 min");
	fx_done(&fx);

	/* the drone's shift: its second sortie lands after the shift ends */
	fx_init(&fx);
	fx_drone(&fx);
	fx.types[1].shift_end_s = H8 + 1650;    /* 08:27:30; A served until 08:26:40 */
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "check: route 3 (etricycle #1, trip 2): returns to the depot "
			  "at 08:28");
		CHECK_HAS(fx.err.msg, "after the shift ends at 08:27:30");
	}
	fx_done(&fx);

	/* ... and its first sortie takes off before the shift starts */
	fx_init(&fx);
	fx_drone(&fx);
	fx.types[1].shift_start_s = H8 + 600;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): departs 08:00 before the "
			  "shift starts at 08:10");
	fx_done(&fx);

	/* two sorties where the battery allows one (max_trips) */
	fx_init(&fx);
	fx_drone(&fx);
	fx.types[1].max_trips = 1;
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "trip 2 of etricycle #1, beyond max_trips 1");
	fx_done(&fx);

	/* from a launch site 110.00 E, 25.01 N: the matrix's node 0 is there */
	fx_init(&fx);
	fx_drone(&fx);
	fx.base = (struct cl_site){ .id = "P1", .name = "pier", .lon = 110.0, .lat = 25.01,
				    .tw_end_s = 86400, .record = 0 };
	fx.inst.bases = &fx.base;
	fx.inst.nbases = 1;
	fx.types[1].base = 1;
	if (fx_fails(&fx))   /* the depot's distances no longer fit */
		CHECK_HAS(fx.err.msg, "the flight from launch site record 1 (FID 0, ID P1 \"pier\") to village record 4 "
			  "(FID 3, ID D)");
	fx_done(&fx);
	fx_init(&fx);
	fx_drone(&fx);
	fx.inst.bases = &fx.base;
	fx.inst.nbases = 1;
	fx.types[1].base = 1;
	fx.base = (struct cl_site){ .id = "P1", .name = "pier", .lon = 110.0, .lat = 25.01,
				    .tw_end_s = 86400, .record = 0 };
	fx_drone_matrix(&fx, &fx.base);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	if (fx.rep.nroutes == 3)
		CHECK_INT(fx.rep.routes[1].dist_m, 2 * 556);   /* 0.005 deg of latitude */
	fx_done(&fx);
}

static void test_trips_feasible(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx_trips(&fx);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	if (fx.rep.nroutes != 3) {
		fprintf(stderr, "unexpected: %s\n", fx.err.msg);
		CHECK(0);
		fx_done(&fx);
		return;
	}
	CHECK_INT(fx.rep.nvehicles, 2);
	CHECK_INT(fx.rep.vehicles_used, 2);
	CHECK_INT(fx.rep.routes[1].trip, 0);
	CHECK_INT(fx.rep.routes[2].trip, 1);
	CHECK_INT(fx.rep.routes[1].veh, 1);
	CHECK_INT(fx.rep.routes[2].veh, 1);
	CHECK_INT(fx.rep.routes[1].end_s, 29700);
	CHECK_INT(fx.rep.routes[2].end_s, 31000);
	/* the tricycle's day: 08:00-08:36:40, 5 km; 20 + 0.5 x 5 + 36 x 2200/3600 */
	CHECK_INT(fx.rep.vehicles[1].ntrips, 2);
	CHECK_INT(fx.rep.vehicles[1].first_route, 1);
	CHECK_INT(fx.rep.vehicles[1].start_s, H8);
	CHECK_INT(fx.rep.vehicles[1].end_s, 31000);
	CHECK_INT(fx.rep.vehicles[1].dur_s, 2200);
	CHECK_INT(fx.rep.vehicles[1].dist_m, 5000);
	CHECK_INT(fx.rep.vehicles[1].parcels, 2 + 1 + 5 + 2);
	CHECK(fabs(fx.rep.vehicles[1].cost - 44.5) < 1e-9);
	/* trip 1: 20 + 1.5 + 0.01 x 900; trip 2: 1 + 0.01 x 1300 (reload included) */
	CHECK(fabs(fx.rep.routes[1].cost - 30.5) < 1e-9);
	CHECK(fabs(fx.rep.routes[2].cost - 14) < 1e-9);
	/* van: 0->B 2000, B->C 1200, C->0 3000: 6.2 km, 100 + 9.3 */
	CHECK(fabs(fx.rep.vehicles[0].cost - 109.3) < 1e-9);
	CHECK(fabs(fx.rep.total_cost - 153.8) < 1e-9);
	CHECK_INT(fx.rep.total_dist_m, 11200);
	CHECK_INT(fx.rep.total_dur_s, 8100 + 2200);
	CHECK_INT(fx.rep.served, 4);
	CHECK_INT(fx.rep.routes[2].stops[0].deliver, 5);
	CHECK_INT(fx.rep.routes[2].stops[0].pickup, 2);
	fx_done(&fx);
}

static void test_trip_overload(void)
{
	struct fixture fx;

	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[1].demand = 7;     /* A overloads trip 2 */
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2): leaves the "
			  "depot with 7 parcels, capacity 6");
	fx_done(&fx);

	/* pickups on the second trip overflow */
	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[1].demand = 3;
	fx.sites[1].pickup = 7;
	if (fx_fails(&fx)) {
		CHECK_HAS(fx.err.msg, "route 3 (etricycle #1, trip 2), stop 1 (village record 1 (FID 0, ID A)");
		CHECK_HAS(fx.err.msg, "7 parcels on board after the stop");
	}
	fx_done(&fx);
}

static void test_trip_reload_too_short(void)
{
	struct fixture fx;
	static const int r1[] = { 2, 3 }, r2[] = { 4 }, r3[] = { 1 };

	fx_init(&fx);
	fx.types[1].max_trips = 2;
	fx.types[1].reload_s = 600;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 2), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 1, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 1, 30000, r3, 1, NULL, NULL), CL_OK);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2): leaves 08:20, "
			  "5 min after trip 1 returned at 08:15; reloading takes 10 min");
	fx_done(&fx);

	/* overlapping trips: trip 2 leaves before trip 1 is back */
	fx_init(&fx);
	fx.types[1].max_trips = 2;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 2), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 1, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 1, H8 + 60, r3, 1, NULL, NULL), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "leaves 08:01, -14 min after trip 1 returned at 08:15");
	fx_done(&fx);
}

static void test_trip_day_limits(void)
{
	struct fixture fx;

	/* each trip is within 4.5 km, the day (5 km) is not */
	fx_init(&fx);
	fx_trips(&fx);
	fx.types[1].max_dist_m = 4500;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: etricycle #1: drives 5.000 km in the day "
			  "(2 trips), beyond the range of 4.500 km");
	fx_done(&fx);

	/* the day 08:00-08:36:40 is longer than 30 min */
	fx_init(&fx);
	fx_trips(&fx);
	fx.types[1].max_dur_s = 1800;
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "check: etricycle #1: the day takes 36 min "
			  "(08:00-08:36:40, all trips), longer than the route limit of 30 min");
	fx_done(&fx);

	/* max_trip_km: trip 1 drives 3 km */
	fx_init(&fx);
	fx_trips(&fx);
	fx.types[1].max_trip_m = 2500;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1): drives 3.000 km on "
			  "this trip, beyond max_trip_km 2.500");
	fx_done(&fx);

	/* one trip too many */
	fx_init(&fx);
	fx_trips(&fx);
	fx.types[1].max_trips = 1;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2): trip 2 of "
			  "etricycle #1, beyond max_trips 1");
	fx_done(&fx);

	/* the return after the shift end, on the second trip */
	fx_init(&fx);
	fx_trips(&fx);
	fx.types[1].shift_end_s = 30900;
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "route 3 (etricycle #1, trip 2): returns to the depot at 08:36:40");
	fx_done(&fx);
}

static void test_trip_numbering(void)
{
	struct fixture fx;
	static const int r1[] = { 2, 3 }, r2[] = { 4 }, r3[] = { 1 };

	/* trip 2 listed first */
	fx_init(&fx);
	fx.types[1].max_trips = 2;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 2), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 1, 30300, r3, 1, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 1, NULL, NULL), CL_OK);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 2 (etricycle #1, trip 2): is trip 2 of "
			  "etricycle #1, but its trip 1 comes next (trips are numbered from 1 "
			  "in time order)");
	fx_done(&fx);
}

static void test_access_rules(void)
{
	struct fixture fx;
	static char *skills[] = { "cold", "lift" };

	/* C may only be served by the tricycle; the van serves it */
	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[3].vmask = 2;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 1 (van #1), stop 2 (village record 3 (FID 2, ID C)"
			  "): vehicle type van may not serve this village (VEHICLES)");
	fx_done(&fx);

	/* ... and when it is allowed, the plan passes */
	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[3].vmask = 1;
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	fx_done(&fx);

	/* A needs cold; the tricycle only lifts */
	fx_init(&fx);
	fx_trips(&fx);
	fx.inst.nskills = 2;
	fx.inst.skill_names = skills;
	fx.sites[1].skills = 1;
	fx.types[1].skills = 2;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2), stop 1 "
			  "(village record 1 (FID 0, ID A)): needs skill cold, which vehicle "
			  "type etricycle does not have");
	fx_done(&fx);

	fx_init(&fx);
	fx_trips(&fx);
	fx.inst.nskills = 2;
	fx.inst.skill_names = skills;
	fx.sites[1].skills = 1;
	fx.types[1].skills = 3;
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	fx_done(&fx);
}

static void test_release(void)
{
	struct fixture fx;

	/* A's parcels come with the second wave at 08:30; trip 2 leaves 08:25 */
	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[1].release_s = 30600;
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: route 3 (etricycle #1, trip 2), stop 1 "
			  "(village record 1 (FID 0, ID A)): the trip leaves the depot at 08:25, "
			  "before this village's parcels are ready at 08:30");
	fx_done(&fx);

	fx_init(&fx);
	fx_trips(&fx);
	fx.sites[1].release_s = 30300;     /* ready exactly at departure */
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, NULL, &fx.err), CL_OK);
	fx_done(&fx);
}

static void test_split_shares(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 }, r2[] = { 2, 4 };
	static const int d1[] = { 5, 2, 4 }, p1[] = { 2, 4, 0 };
	static const int d2[] = { 1, 2 }, p2[] = { 0, 1 };
	static const int d2bad[] = { 2, 2 };

	/* B (3 to deliver, 4 to collect): 2 + 4 by the van, 1 by the tricycle */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_trip(fx.sol, 0, 0, 0, H8, r1, 3, d1, p1), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 2, d2, p2), CL_OK);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	CHECK_INT(fx.rep.served, 4);
	if (fx.rep.nroutes == 2) {
		CHECK_INT(fx.rep.routes[0].load_start, 11);
		CHECK_INT(fx.rep.routes[1].stops[0].deliver, 1);
	}
	fx_done(&fx);

	/* the shares add up to 4, not 3 */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_trip(fx.sol, 0, 0, 0, H8, r1, 3, d1, p1), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 2, d2bad, p2), CL_OK);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: village record 2 (FID 1, ID B): its 2 visits "
			  "deliver 4 and collect 4 parcels, but it has 3 to deliver and 4 to "
			  "collect");
	fx_done(&fx);

	/* a second visit without shares is a village served twice */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_trip(fx.sol, 0, 0, 0, H8, r1, 3, d1, p1), CL_OK);
	CHECK_INT(cl_solution_add_trip(fx.sol, 1, 0, 0, H8, r2, 2, NULL, NULL), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "village already served by route 1");
	fx_done(&fx);
}

static void test_deferred(void)
{
	struct fixture fx;
	static const int r1[] = { 1, 2, 3 };

	/* D's parcels are due in 2 days: deferring it is fine */
	fx_init(&fx);
	fx.sites[4].due_days = 2;
	fx.sites[4].optional = 1;
	fx.sites[4].miss_cost = 6;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_deferred(fx.sol, 4), CL_OK);
	CHECK_INT(cl_check(&fx.inst, &fx.m, fx.sol, &fx.rep, &fx.err), CL_OK);
	CHECK_INT(fx.rep.deferred, 1);
	CHECK_INT(fx.rep.unassigned, 0);
	CHECK(fx.rep.miss_cost == 6);
	fx_done(&fx);

	/* a required village reported deferred */
	fx_init(&fx);
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_deferred(fx.sol, 4), CL_OK);
	if (fx_fails(&fx))
		CHECK_STR(fx.err.msg, "check: deferred entry 1 (village record 4 (FID 3, ID D)): "
			  "parcels are due today; only a village with nothing due today may "
			  "be deferred");
	fx_done(&fx);

	/* deferred and unassigned at once */
	fx_init(&fx);
	fx.sites[4].optional = 1;
	CHECK_INT(cl_solution_add_route(fx.sol, 0, 0, H8, r1, 3), CL_OK);
	CHECK_INT(cl_solution_add_unassigned(fx.sol, 4, CL_REASON_FLEET), CL_OK);
	CHECK_INT(cl_solution_add_deferred(fx.sol, 4), CL_OK);
	if (fx_fails(&fx))
		CHECK_HAS(fx.err.msg, "also listed as unassigned");
	fx_done(&fx);
}

int main(void)
{
	RUN(test_trips_feasible);
	RUN(test_drone_sorties);
	RUN(test_trip_overload);
	RUN(test_trip_reload_too_short);
	RUN(test_trip_day_limits);
	RUN(test_trip_numbering);
	RUN(test_access_rules);
	RUN(test_release);
	RUN(test_split_shares);
	RUN(test_deferred);
	RUN(test_feasible_two_routes);
	RUN(test_wait_and_exact_limits);
	RUN(test_unassigned_with_reason);
	RUN(test_capacity_at_start);
	RUN(test_capacity_pickup_mid_route);
	RUN(test_time_window_missed);
	RUN(test_return_after_shift_end);
	RUN(test_duration_limit);
	RUN(test_distance_limit);
	RUN(test_depart_before_shift);
	RUN(test_village_twice);
	RUN(test_village_missing);
	RUN(test_bad_vehicle);
	RUN(test_bad_stop_index);
	RUN(test_unreachable_arc);
	RUN(test_empty_route);
	RUN(test_unassigned_without_reason);
	RUN(test_matrix_mismatch);
	RUN(test_report_free);
	RUN(test_random_against_reference);
	TT_END();
}
