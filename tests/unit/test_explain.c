/*
 * test_explain.c -- the reasons given for villages left out
 * (model/explain.h): one case built to trigger each rule, checked word for
 * word, and the plan-level explanations (fleet counts, deferred villages).
 *
 * The instance: a depot and one village V at 30 km (60 km round trip) with
 * a van (40 km/h: 45 min each way) and an electric tricycle (20 km/h:
 * 90 min each way); each case changes one thing.
 */
#include <stdint.h>
#include <string.h>

#include "model/explain.h"
#include "tinytest.h"

#define N 3
#define H(h, m) ((h) * 3600 + (m) * 60)

struct fx {
	struct cl_site sites[N];
	struct cl_vtype types[2];
	struct cl_instance inst;
	int32_t dist[N * N], t0[N * N], t1[N * N];
	int32_t *times[2];
	struct cl_matrix m;
	char *skill_names[2];
	char buf[CL_EXPLAIN_MAX];
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof *f);
	f->sites[0] = (struct cl_site){ .id = "depot", .name = "", .tw_end_s = 86400,
		.record = -1 };
	f->sites[1] = (struct cl_site){ .id = "V", .name = "Far", .demand = 10,
		.service_s = 600, .tw_start_s = 0, .tw_end_s = 86400, .record = 0 };
	f->sites[2] = (struct cl_site){ .id = "W", .name = "Near", .demand = 5,
		.service_s = 300, .tw_end_s = 86400, .record = 1 };
	f->types[0] = (struct cl_vtype){ .name = "van", .count = 2, .capacity = 100,
		.speed_kmh = 40, .shift_start_s = H(7, 0), .shift_end_s = H(19, 0),
		.fixed_cost = 100, .cost_per_km = 1 };
	f->types[1] = (struct cl_vtype){ .name = "etricycle", .count = 3, .capacity = 40,
		.speed_kmh = 20, .shift_start_s = H(7, 0), .shift_end_s = H(19, 0),
		.max_dist_m = 50000, .fixed_cost = 30, .cost_per_km = 0.3 };
	/* depot-V 30 km, depot-W 2 km, V-W 29 km */
	f->dist[0 * N + 1] = f->dist[1 * N + 0] = 30000;
	f->dist[0 * N + 2] = f->dist[2 * N + 0] = 2000;
	f->dist[1 * N + 2] = f->dist[2 * N + 1] = 29000;
	for (int k = 0; k < N * N; k++) {
		f->t0[k] = (int32_t)(f->dist[k] * 36 / 400);   /* 40 km/h */
		f->t1[k] = (int32_t)(f->dist[k] * 36 / 200);   /* 20 km/h */
	}
	f->times[0] = f->t0;
	f->times[1] = f->t1;
	f->m = (struct cl_matrix){ .n = N, .ntypes = 2, .dist_m = f->dist, .time_s = f->times };
	f->skill_names[0] = "cold";
	f->skill_names[1] = "lift";
	f->inst = (struct cl_instance){ .source = "v.shp", .nsites = N, .sites = f->sites,
		.ntypes = 2, .types = f->types, .nskills = 2, .skill_names = f->skill_names };
}

static enum cl_rule why(struct fx *f, const struct cl_report *rep, int nleft)
{
	return cl_explain_site(&f->inst, &f->m, rep, 1, nleft, f->buf, sizeof f->buf);
}

#define EXPECT(f, rep, rule, text) do { \
	CHECK_INT(why(f, rep, 2), rule); \
	CHECK_STR((f)->buf, text); \
} while (0)

static void test_range(void)
{
	struct fx f;

	fx_init(&f);
	f.types[0].max_dist_m = 55000;
	EXPECT(&f, NULL, CL_RULE_RANGE, "round trip 60.0 km, longest range 55.0 km (van)");
	/* only the tricycle may go: its own range */
	fx_init(&f);
	f.sites[1].vmask = 2;
	EXPECT(&f, NULL, CL_RULE_RANGE, "only etricycle may serve it (VEHICLES); round trip "
	       "60.0 km, range 50.0 km (etricycle)");
}

static void test_trip_range(void)
{
	struct fx f;

	fx_init(&f);
	f.types[0].max_trip_m = 40000;
	f.types[1].max_trip_m = 45000;
	EXPECT(&f, NULL, CL_RULE_TRIP_RANGE,
	       "round trip 60.0 km, longest max_trip_km 45.0 km (etricycle)");
}

static void test_skill(void)
{
	struct fx f;

	fx_init(&f);
	f.sites[1].skills = 1;
	EXPECT(&f, NULL, CL_RULE_SKILL, "needs skill cold; no vehicle type has it");
	f.types[1].skills = 3;
	/* the tricycle has it but cannot go that far */
	EXPECT(&f, NULL, CL_RULE_RANGE, "needs skill cold, which only etricycle has; round "
	       "trip 60.0 km, range 50.0 km (etricycle)");
	/* only vans may go, and no van has it */
	f.sites[1].vmask = 1;
	EXPECT(&f, NULL, CL_RULE_SKILL, "only van may serve it (VEHICLES) and needs skill cold, "
	       "which only etricycle has");
}

/* VEHICLES alone: the village names only a type the fleet does not have
 * today, or every type is ruled out. */
static void test_vehicles(void)
{
	struct fx f;

	fx_init(&f);
	f.sites[1].vmask = 2;        /* only the tricycle, and none runs today */
	f.types[1].count = 0;
	EXPECT(&f, NULL, CL_RULE_VEHICLES, "VEHICLES allows no vehicle type of the fleet");
	fx_init(&f);
	f.sites[1].vmask = 1;        /* only the van, and it is in the fleet */
	f.types[0].count = 2;
	CHECK_INT(why(&f, NULL, 2), CL_RULE_FLEET);
}

/* A drone-only fleet and a village without a landing point. */
static void test_landing(void)
{
	struct fx f;

	fx_init(&f);
	f.types[0].count = 0;
	f.types[1].mode = CL_MODE_DRONE;
	EXPECT(&f, NULL, CL_RULE_LANDING, "no drone landing point, DRONE = 0 (etricycle)");
}

static void test_hours(void)
{
	struct fx f;

	fx_init(&f);
	f.types[1].count = 0;     /* no tricycles today */
	f.sites[1].tw_start_s = H(7, 0);
	f.sites[1].tw_end_s = H(7, 30);
	EXPECT(&f, NULL, CL_RULE_HOURS,
	       "opening hours 07:00-07:30 unreachable: earliest arrival 07:45 (van)");
	/* parcels that arrive with the second wave */
	fx_init(&f);
	f.types[1].count = 0;
	f.sites[1].tw_start_s = H(14, 0);
	f.sites[1].tw_end_s = H(15, 0);
	f.sites[1].release_s = H(14, 35);
	EXPECT(&f, NULL, CL_RULE_HOURS, "opening hours 14:00-15:00 unreachable: its parcels "
	       "are ready at 14:35 (READY), earliest arrival 15:20 (van)");
}

static void test_shift(void)
{
	struct fx f;

	fx_init(&f);
	f.sites[1].tw_start_s = H(18, 30);
	/* the tricycle fails on range first: both rules, one per type */
	EXPECT(&f, NULL, CL_RULE_MIXED, "back at the depot at 19:25 at the earliest, after "
	       "the shift ends at 19:00 (van); round trip 60.0 km, range 50.0 km (etricycle)");
	f.types[1].count = 0;
	EXPECT(&f, NULL, CL_RULE_SHIFT, "back at the depot at 19:25 at the earliest, after "
	       "the shift ends at 19:00 (van)");
}

static void test_duration(void)
{
	struct fx f;

	fx_init(&f);
	f.types[0].max_dur_s = 90 * 60;
	f.types[1].count = 0;
	/* 45 + 10 + 45 min */
	EXPECT(&f, NULL, CL_RULE_DURATION, "round trip takes 1 h 40 min, route limit 1 h 30 min "
	       "(van)");
}

static void test_capacity(void)
{
	struct fx f;

	fx_init(&f);
	f.sites[1].demand = 120;
	EXPECT(&f, NULL, CL_RULE_CAPACITY, "120 parcels to deliver, largest capacity 100 (van)");
}

static void test_noroad(void)
{
	struct fx f;

	fx_init(&f);
	f.dist[0 * N + 1] = CL_UNREACHABLE;
	f.types[1].count = 0;
	EXPECT(&f, NULL, CL_RULE_NOROAD, "no road connection");
	/* only the van has no road (its time matrix), the tricycle is too far */
	fx_init(&f);
	f.t0[0 * N + 1] = CL_UNREACHABLE;
	EXPECT(&f, NULL, CL_RULE_MIXED, "no road connection (van); round trip 60.0 km, range "
	       "50.0 km (etricycle)");
}

/* Drones (issue 15): the tricycle becomes a drone flying from the depot. */
static void test_drone(void)
{
	struct fx f;
	struct cl_zone z = { .id = "Z2", .name = "Airport", .record = 1, .nrings = 1 };
	int ring[2] = { 0, 5 };
	double zx[5] = { 0.1, 0.2, 0.2, 0.1, 0.1 }, zy[5] = { -0.1, -0.1, 0.1, 0.1, -0.1 };

	/* no landing point; the van is too far */
	fx_init(&f);
	f.types[0].max_dist_m = 55000;
	f.types[1].mode = CL_MODE_DRONE;
	EXPECT(&f, NULL, CL_RULE_MIXED, "round trip 60.0 km, range 55.0 km (van); no drone "
	       "landing point, DRONE = 0 (etricycle)");
	/* a landing point, but the flight crosses a zone (unreachable in its matrix) */
	f.sites[1].drone = 1;
	f.sites[1].lon = 0.3;
	z.ring = ring;
	z.npts = 5;
	z.x = zx;
	z.y = zy;
	z.minx = 0.1;
	z.maxx = 0.2;
	z.miny = -0.1;
	z.maxy = 0.1;
	f.inst.zones = &z;
	f.inst.nzones = 1;
	f.t1[0 * N + 1] = CL_UNREACHABLE;
	f.types[0].count = 0;
	EXPECT(&f, NULL, CL_RULE_NOFLY, "the flight from the depot crosses no-fly zone record 2 "
	       "(FID 1, ID Z2 \"Airport\") (etricycle)");
	/* too heavy for its payload, and out of range */
	fx_init(&f);
	f.types[1].mode = CL_MODE_DRONE;
	f.types[1].payload_kg = 5;
	f.sites[1].drone = 1;
	f.sites[1].weight_kg = 7.5;
	f.types[0].count = 0;
	EXPECT(&f, NULL, CL_RULE_PAYLOAD, "7.50 kg to deliver (WEIGHT_KG), payload_kg 5.00 "
	       "(etricycle)");
	f.sites[1].weight_kg = 2;
	f.types[1].max_trip_m = 24000;
	EXPECT(&f, NULL, CL_RULE_TRIP_RANGE, "flight out and back 60.0 km, range_km 24.0 km "
	       "(etricycle)");
}

static void test_mixed(void)
{
	struct fx f;

	fx_init(&f);
	f.sites[1].demand = 120;     /* above the van's 100 and the tricycle's 40 */
	f.types[1].capacity = 200;   /* ... but the tricycle carries it, too far */
	EXPECT(&f, NULL, CL_RULE_MIXED, "120 parcels to deliver, capacity 100 (van); round "
	       "trip 60.0 km, range 50.0 km (etricycle)");
}

static void test_fleet_only_some(void)
{
	struct fx f;
	struct cl_vehicle_eval v[3] = {
		{ .type = 0, .vehicle = 0, .ntrips = 2 },
		{ .type = 1, .vehicle = 0, .ntrips = 1 }, { .type = 1, .vehicle = 1, .ntrips = 1 },
	};
	struct cl_report rep;

	fx_init(&f);
	memset(&rep, 0, sizeof rep);
	rep.nvehicles = 3;
	rep.vehicles = v;
	f.types[0].count = 1;
	f.types[0].skills = 1;
	f.sites[1].skills = 1;      /* only the van has cold; it is busy */
	EXPECT(&f, &rep, CL_RULE_FLEET,
	       "fleet too small: 1 of 1 van used (2 trips; only van can serve it), 2 villages left");
}

static void test_fleet(void)
{
	struct fx f;
	struct cl_vehicle_eval v[5] = {
		{ .type = 0, .vehicle = 0, .ntrips = 1 }, { .type = 0, .vehicle = 1, .ntrips = 2 },
		{ .type = 1, .vehicle = 0, .ntrips = 1 }, { .type = 1, .vehicle = 1, .ntrips = 1 },
		{ .type = 1, .vehicle = 2, .ntrips = 1 },
	};
	struct cl_report rep;

	fx_init(&f);
	f.types[1].max_dist_m = 0;    /* both types could serve V alone */
	memset(&rep, 0, sizeof rep);
	rep.nvehicles = 5;
	rep.vehicles = v;
	EXPECT(&f, &rep, CL_RULE_FLEET,
	       "fleet too small: 2 of 2 van, 3 of 3 etricycle used (6 trips), 2 villages left");
	/* a van stayed home: say so */
	rep.nvehicles = 4;
	rep.vehicles = v + 1;
	EXPECT(&f, &rep, CL_RULE_FLEET,
	       "fleet too small: 1 of 2 van, 3 of 3 etricycle used (5 trips), 2 villages left; "
	       "a van could serve it alone and 1 is unused: a longer --time-limit may find room");
}

static void test_plan(void)
{
	struct fx f;
	struct cl_solution *sol = cl_solution_create();
	struct cl_report rep;
	struct cl_explain ex;
	struct cl_error err;

	fx_init(&f);
	memset(&rep, 0, sizeof rep);
	f.sites[1].skills = 1;
	f.sites[2].due_days = 2;
	f.sites[2].optional = 1;
	f.sites[2].miss_cost = 5;
	CHECK_INT(cl_solution_add_unassigned(sol, 1, CL_REASON_ACCESS), CL_OK);
	CHECK_INT(cl_solution_add_deferred(sol, 2), CL_OK);
	CHECK_INT(cl_explain_plan(&f.inst, &f.m, sol, &rep, &ex, &err), CL_OK);
	CHECK_INT(ex.nunassigned, 1);
	CHECK_INT(ex.rule[0], CL_RULE_SKILL);
	CHECK_STR(ex.unassigned[0], "needs skill cold; no vehicle type has it");
	CHECK_INT(ex.ndeferred, 1);
	CHECK_STR(ex.deferred[0], "nothing due today: due in 2 days; serving it today was "
		  "worth 5.00 (--defer-cost)");
	CHECK_STR(cl_rule_name(CL_RULE_TRIP_RANGE), "trip_range");
	cl_explain_free(&ex);
	cl_solution_destroy(sol);
}

int main(void)
{
	RUN(test_range);
	RUN(test_trip_range);
	RUN(test_skill);
	RUN(test_vehicles);
	RUN(test_landing);
	RUN(test_hours);
	RUN(test_shift);
	RUN(test_duration);
	RUN(test_capacity);
	RUN(test_noroad);
	RUN(test_mixed);
	RUN(test_drone);
	RUN(test_fleet);
	RUN(test_fleet_only_some);
	RUN(test_plan);
	TT_END();
}
