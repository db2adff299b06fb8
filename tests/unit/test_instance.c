/*
 * test_instance.c -- the validated problem (instance.h): defaults and
 * ranges of the fleet's and villages' new fields (issue 11), the access
 * rule cl_instance_allows, the name lists, the extra parts and the price
 * of leaving a village out (cl_instance_price).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/instance.h"
#include "tinytest.h"

static void site(struct cl_site *s, const char *id, double lon, double lat)
{
	memset(s, 0, sizeof *s);
	s->id = strdup(id);
	s->name = strdup("");
	s->lon = lon;
	s->lat = lat;
	s->demand = 1;
	s->service_s = 300;
	s->tw_end_s = 24 * 3600;
}

static struct cl_vtype vtype(const char *name, int count, int cap, double fixed,
			     double per_km)
{
	struct cl_vtype v;

	memset(&v, 0, sizeof v);
	v.name = strdup(name);
	v.count = count;
	v.capacity = cap;
	v.speed_kmh = 30;
	v.shift_start_s = 8 * 3600;
	v.shift_end_s = 18 * 3600;
	v.fixed_cost = fixed;
	v.cost_per_km = per_km;
	return v;
}

/* A three-village instance, two types; `tweak` edits before building. */
static int build(void (*tweak)(struct cl_site *v, struct cl_vtype *t),
		 struct cl_instance **inst, struct cl_error *err)
{
	struct cl_site depot, *v = calloc(3, sizeof *v);
	struct cl_vtype *t = calloc(2, sizeof *t);

	site(&depot, "depot", 1.5, 42.5);
	site(&v[0], "a", 1.51, 42.5);
	site(&v[1], "b", 1.52, 42.5);
	site(&v[2], "c", 1.53, 42.5);
	t[0] = vtype("van", 2, 150, 100, 1.2);
	t[1] = vtype("etricycle", 2, 40, 30, 0.3);
	if (tweak)
		tweak(v, t);
	cl_error_clear(err);
	return cl_instance_build("test", &depot, v, 3, t, 2, inst, err);
}

static void test_defaults(void)
{
	struct cl_instance *inst = NULL;
	struct cl_error err;

	CHECK_INT(build(NULL, &inst, &err), CL_OK);
	if (!inst)
		return;
	for (int t = 0; t < 2; t++) {
		CHECK_INT(inst->types[t].max_trips, 1);
		CHECK(inst->types[t].skills == 0);
	}
	for (int i = 0; i < inst->nsites; i++) {
		CHECK(inst->sites[i].vmask == CL_ALL_TYPES);
		CHECK(inst->sites[i].priority == 1);
		CHECK_INT(inst->sites[i].optional, 0);
		for (int t = 0; t < 2; t++)
			CHECK(cl_instance_allows(inst, i, t));
	}
	CHECK(inst->sites[1].miss_cost > 0);
	CHECK_INT(inst->nidle, 0);
	cl_instance_destroy(inst);
}

static void tweak_access(struct cl_site *v, struct cl_vtype *t)
{
	t[0].skills = 1;          /* the van is refrigerated: skill 0 */
	t[1].skills = 2;          /* the tricycle climbs: skill 1 */
	v[0].skills = 1;          /* a needs cold */
	v[1].vmask = 2;           /* b: tricycles only */
	v[2].skills = 3;          /* c needs both: nobody */
	v[2].due_days = 2;
	v[2].priority = 3;
}

static void test_allows(void)
{
	struct cl_instance *inst = NULL;
	struct cl_error err;

	CHECK_INT(build(tweak_access, &inst, &err), CL_OK);
	if (!inst)
		return;
	CHECK(cl_instance_allows(inst, 1, 0));
	CHECK(!cl_instance_allows(inst, 1, 1));
	CHECK(!cl_instance_allows(inst, 2, 0));
	CHECK(cl_instance_allows(inst, 2, 1));
	CHECK(!cl_instance_allows(inst, 3, 0));
	CHECK(!cl_instance_allows(inst, 3, 1));
	CHECK_INT(inst->sites[3].optional, 1);
	CHECK(inst->sites[3].priority == 3);
	cl_instance_destroy(inst);
}

/* Drones (issue 15): a drone type lands only where DRONE = 1; the
 * origin of a type is the depot or its launch site; no-fly legs. */
static void tweak_drone(struct cl_site *v, struct cl_vtype *t)
{
	t[1].mode = CL_MODE_DRONE;
	t[1].max_stops = 1;
	v[0].drone = 1;
	v[1].vmask = 2;           /* b: only the drone type, but no pad */
	v[2].weight_kg = 3.5;
}

static void test_drone_access(void)
{
	struct cl_instance *inst = NULL;
	struct cl_error err;
	struct cl_site *base = calloc(1, sizeof *base);
	struct cl_zone *z = calloc(1, sizeof *z);

	CHECK_INT(build(tweak_drone, &inst, &err), CL_OK);
	if (!inst || !base || !z) {
		free(base);
		free(z);
		cl_instance_destroy(inst);
		return;
	}
	CHECK(cl_instance_has_drones(inst));
	CHECK(cl_instance_allows(inst, 1, 0) && cl_instance_allows(inst, 1, 1));
	CHECK(!cl_instance_allows(inst, 2, 1));   /* no landing point */
	CHECK(!cl_instance_allows(inst, 3, 1));
	CHECK(cl_instance_allows(inst, 3, 0));
	CHECK(inst->sites[3].weight_kg == 3.5);
	CHECK_STR(cl_mode_name(CL_MODE_DRONE), "drone");
	CHECK(cl_instance_origin(inst, 1) == &inst->sites[0]);
	/* a launch site and a square no-fly zone 1.505..1.515 x 42.49..42.51 */
	site(base, "pier", 1.6, 42.6);
	z->id = strdup("Z1");
	z->name = strdup("");
	z->nrings = 1;
	z->ring = calloc(2, sizeof *z->ring);
	z->npts = 5;
	z->x = calloc(5, sizeof *z->x);
	z->y = calloc(5, sizeof *z->y);
	if (z->ring && z->x && z->y) {
		static const double xs[5] = { 1.505, 1.515, 1.515, 1.505, 1.505 };
		static const double ys[5] = { 42.49, 42.49, 42.51, 42.51, 42.49 };
		z->ring[1] = 5;
		memcpy(z->x, xs, sizeof xs);
		memcpy(z->y, ys, sizeof ys);
		z->minx = 1.505;
		z->maxx = 1.515;
		z->miny = 42.49;
		z->maxy = 42.51;
	}
	inst->types[1].base = 2;      /* no such launch site */
	CHECK_INT(cl_instance_add_drones(inst, NULL, 0, NULL, 0, &err), CL_EINPUT);
	inst->types[0].base = 1;      /* a van cannot have one */
	inst->types[1].base = 0;
	CHECK_INT(cl_instance_add_drones(inst, NULL, 0, NULL, 0, &err), CL_EINPUT);
	inst->types[0].base = 0;
	inst->types[1].base = 1;
	CHECK_INT(cl_instance_add_drones(inst, base, 1, z, 1, &err), CL_OK);
	CHECK(cl_instance_origin(inst, 1) == &inst->bases[0]);
	CHECK(cl_instance_origin(inst, 0) == &inst->sites[0]);
	/* depot (1.5) -> a (1.51): through the square */
	CHECK_INT(cl_instance_nofly(inst, 1.5, 42.5, 1.51, 42.5), 0);
	/* ends inside, or on the boundary, or along an edge */
	CHECK_INT(cl_instance_nofly(inst, 1.51, 42.5, 1.51, 42.5), 0);
	CHECK_INT(cl_instance_nofly(inst, 1.5, 42.6, 1.505, 42.5), 0);
	CHECK_INT(cl_instance_nofly(inst, 1.505, 42.3, 1.505, 42.495), 0);
	/* passing north of it, or stopping short of it */
	CHECK_INT(cl_instance_nofly(inst, 1.5, 42.52, 1.53, 42.52), -1);
	CHECK_INT(cl_instance_nofly(inst, 1.5, 42.5, 1.5049, 42.5), -1);
	/* a diagonal that misses the corner by a little */
	CHECK_INT(cl_instance_nofly(inst, 1.50, 42.515, 1.52, 42.5101 + 0.0001), -1);
	cl_instance_destroy(inst);
}

/*
 * The no-fly predicate on random polygons (a convex or a notched ring,
 * sometimes with a hole) and random legs: a leg with a sampled point
 * strictly inside the zone is refused; the fast variant for legs whose
 * ends lie outside (cl_instance_nofly_between) agrees with the full one;
 * both verdicts occur often.
 */
static int sample_inside(const struct cl_zone *z, double x, double y)
{
	int in = 0;

	for (int k = 0; k < z->nrings; k++)
		for (int i = z->ring[k], j = z->ring[k + 1] - 1; i < z->ring[k + 1]; j = i++)
			if ((z->y[i] > y) != (z->y[j] > y) &&
			    x < (z->x[j] - z->x[i]) * (y - z->y[i]) / (z->y[j] - z->y[i]) + z->x[i])
				in = !in;
	return in;
}

static void test_nofly_random(void)
{
	struct cl_instance inst;
	struct cl_zone z;
	int ring[3];
	double x[16], y[16];
	unsigned seed = 7;
	long hit = 0, miss = 0, fast = 0;

#define RND() ((seed = seed * 1103515245u + 12345u) >> 8 & 0xffff) / 65536.0
	memset(&inst, 0, sizeof inst);
	inst.zones = &z;
	inst.nzones = 1;
	for (int trial = 0; trial < 3000 && tt_bad_checks < 10; trial++) {
		/* an outer ring of 5..8 vertices around (0.5, 0.5), notched */
		int n = 5 + (int)(RND() * 4), np = 0;
		memset(&z, 0, sizeof z);
		for (int i = 0; i < n; i++) {
			double a = 2 * 3.14159265358979 * i / n, r = 0.15 + RND() * 0.25;
			x[np] = 0.5 + r * cos(a);
			y[np++] = 0.5 + r * sin(a);
		}
		x[np] = x[0];
		y[np++] = y[0];
		ring[0] = 0;
		ring[1] = np;
		z.nrings = 1;
		if (RND() < 0.3) {      /* a small square hole at the centre */
			const double hx[5] = { 0.47, 0.53, 0.53, 0.47, 0.47 };
			const double hy[5] = { 0.47, 0.47, 0.53, 0.53, 0.47 };
			for (int i = 0; i < 5; i++) {
				x[np] = hx[i];
				y[np++] = hy[i];
			}
			ring[2] = np;
			z.nrings = 2;
		}
		z.ring = ring;
		z.npts = np;
		z.x = x;
		z.y = y;
		z.minx = z.miny = 1;
		z.maxx = z.maxy = 0;
		for (int i = 0; i < np; i++) {
			z.minx = fmin(z.minx, x[i]);
			z.maxx = fmax(z.maxx, x[i]);
			z.miny = fmin(z.miny, y[i]);
			z.maxy = fmax(z.maxy, y[i]);
		}
		for (int leg = 0; leg < 10; leg++) {
			double x1 = RND(), y1 = RND(), x2 = RND(), y2 = RND();
			int full = cl_instance_nofly(&inst, x1, y1, x2, y2);
			int sampled = 0;
			for (int k = 0; k <= 400 && !sampled; k++)
				sampled = sample_inside(&z, x1 + (x2 - x1) * k / 400.0,
							y1 + (y2 - y1) * k / 400.0);
			if (sampled)
				CHECK_INT(full, 0);
			hit += full == 0;
			miss += full < 0;
			if (!sample_inside(&z, x1, y1) && !sample_inside(&z, x2, y2)) {
				CHECK_INT(cl_instance_nofly_between(&inst, x1, y1, x2, y2), full);
				fast++;
			}
		}
	}
#undef RND
	CHECK(hit > 3000 && miss > 3000 && fast > 10000);
}

static void tweak_bad_drone(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[1].drone = 2;
}

static void tweak_bad_weight(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[1].weight_kg = -1;
}

static void tweak_bad_trips(struct cl_site *v, struct cl_vtype *t)
{
	(void)v;
	t[1].max_trips = 51;
}

static void tweak_bad_priority(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[1].priority = -1;
}

static void tweak_bad_vmask(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[2].vmask = 4;          /* type 2 does not exist */
}

static void tweak_bad_release(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[0].release_s = 25 * 3600;
}

static void tweak_bad_brands(struct cl_site *v, struct cl_vtype *t)
{
	(void)t;
	v[0].demand = 5;
	v[0].nbrands = 1;
	v[0].brands = calloc(1, sizeof *v[0].brands);
	v[0].brands[0].deliver = 4;
}

static void tweak_bad_wages(struct cl_site *v, struct cl_vtype *t)
{
	(void)v;
	t[0].cost_per_hour = NAN;
}

static void test_rejects(void)
{
	struct cl_instance *inst = NULL;
	struct cl_error err;

	CHECK_INT(build(tweak_bad_trips, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "vehicle type etricycle: max_trips 51 out of range (1 to 50)");
	CHECK(inst == NULL);
	CHECK_INT(build(tweak_bad_priority, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "test: village b: priority -1 is not a number above 0");
	CHECK_INT(build(tweak_bad_vmask, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "village c: no vehicle type of the fleet may serve it");
	CHECK_INT(build(tweak_bad_release, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "village a: release time");
	CHECK_INT(build(tweak_bad_brands, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "village a: parcels by brand (4, 0) do not add up");
	CHECK_INT(build(tweak_bad_wages, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "vehicle type van: cost_per_hour");
	CHECK_INT(build(tweak_bad_drone, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "village b: DRONE 2 is not 0 or 1");
	CHECK_INT(build(tweak_bad_weight, &inst, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "village b: weight -1 kg");
}

static void test_names(void)
{
	struct cl_names n = { 0, NULL };

	CHECK_INT(cl_names_add(&n, "cold", 2), 0);
	CHECK_INT(cl_names_add(&n, "hill", 2), 1);
	CHECK_INT(cl_names_add(&n, "Cold", 2), 0);
	CHECK_INT(cl_names_add(&n, "more", 2), -1);
	CHECK_INT(cl_names_find(&n, "HILL"), 1);
	CHECK_INT(cl_names_find(&n, "x"), -1);
	cl_names_free(&n);
	CHECK_INT(n.n, 0);
	CHECK(n.name == NULL);
}

static void test_extra(void)
{
	struct cl_instance *inst = NULL;
	struct cl_instance_extra x;
	struct cl_error err;

	CHECK_INT(build(tweak_access, &inst, &err), CL_OK);
	if (!inst)
		return;
	/* Skill 1 has no name: refused, and x is emptied anyway. */
	memset(&x, 0, sizeof x);
	CHECK_INT(cl_names_add(&x.skills, "cold", 64), 0);
	CHECK_INT(cl_instance_add_extra(inst, &x, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "a skill without a name");
	CHECK_INT(x.skills.n, 0);
	memset(&x, 0, sizeof x);
	CHECK_INT(cl_names_add(&x.skills, "cold", 64), 0);
	CHECK_INT(cl_names_add(&x.skills, "hill", 64), 1);
	x.nidle = 1;
	x.idle = calloc(1, sizeof *x.idle);
	x.idle_why = calloc(1, sizeof *x.idle_why);
	x.idle[0].id = strdup("far");
	x.idle[0].name = strdup("");
	x.idle_why[0] = CL_IDLE_NOT_SCHEDULED;
	CHECK_INT(cl_instance_add_extra(inst, &x, &err), CL_OK);
	CHECK_INT(inst->nskills, 2);
	CHECK_STR(inst->skill_names[1], "hill");
	CHECK_INT(inst->nidle, 1);
	CHECK_STR(inst->idle[0].id, "far");
	CHECK_STR(cl_idle_status(inst->idle_why[0]), "not scheduled");
	CHECK_STR(cl_idle_status(CL_IDLE_NO_ORDERS), "nothing today");
	CHECK(x.idle == NULL && x.skills.n == 0);
	cl_instance_destroy(inst);
}

static void tweak_price(struct cl_site *v, struct cl_vtype *t)
{
	t[0].cost_per_hour = 20;
	v[0].demand = 30;               /* a township station */
	v[1].demand = 1;
	v[2].demand = 10;
	v[2].pickup = 2;
	v[2].due_days = 2;
	v[2].priority = 1.5;
}

static void test_price(void)
{
	struct cl_instance *inst = NULL;
	struct cl_error err;
	/* the dearest day: the van, 10 h at 30 km/h, 1.2/km, 20/h */
	double day = 100 + 1.2 * 30 * 10 + 20 * 10;

	CHECK_INT(build(tweak_price, &inst, &err), CL_OK);
	if (!inst)
		return;
	CHECK(fabs(inst->sites[1].miss_cost - 4 * day * 4) < 1e-6);
	CHECK(fabs(inst->sites[2].miss_cost - 4 * day * 1.1) < 1e-6);
	/* optional: defer_cost x priority x parcels / days */
	CHECK(fabs(inst->sites[3].miss_cost - 2.0 * 1.5 * 12 / 2) < 1e-9);
	cl_instance_price(inst, 1000);
	CHECK(fabs(inst->sites[3].miss_cost - day) < 1e-6);   /* capped */
	CHECK(inst->sites[3].miss_cost < inst->sites[2].miss_cost);
	cl_instance_destroy(inst);
}

int main(void)
{
	RUN(test_defaults);
	RUN(test_allows);
	RUN(test_drone_access);
	RUN(test_nofly_random);
	RUN(test_rejects);
	RUN(test_names);
	RUN(test_extra);
	RUN(test_price);
	TT_END();
}
