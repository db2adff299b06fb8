/*
 * test_solve.c -- the search end to end, in memory: every plan it returns
 * passes the independent checker (random instances with every constraint
 * type and a mixed fleet), the same seed gives the same plan, villages
 * that cannot be served get the right reason, and a small instance with a
 * known optimum is solved to it. Drones (issue 15): random counties with a
 * van and a drone (landing points, kilograms, range, stops and trips per
 * sortie, turnaround, shift, no-fly squares, sometimes a launch site): every
 * plan passes the checker and the search's cost of it (predicted) is the
 * checker's (recomputed from the plan and the flights).
 */
#include <math.h>
#include <stdint.h>

#include "tinytest.h"
#include "cunlu/check.h"
#include "cunlu/instance.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "cunlu/router.h"
#include "cunlu/solve.h"
#include "io/vrplib.h"
#include "search/prob.h"
#include "search/rng.h"
#include "search/tuning.h"

/* test_pop_by_time_after_fleetmin: seconds on its clock */
#ifndef POP_BY_TIME_LIMIT
#define POP_BY_TIME_LIMIT 0.15
#endif

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	memcpy(d, s, n);
	return d;
}

static void set_site(struct cl_site *s, int i, double lon, double lat)
{
	char buf[32];
	memset(s, 0, sizeof *s);
	snprintf(buf, sizeof buf, "V%d", i);
	s->id = dupstr(buf);
	s->name = dupstr(buf);
	s->lon = lon;
	s->lat = lat;
	s->demand = 1;
	s->tw_start_s = 0;
	s->tw_end_s = 24 * 3600;
	s->service_s = 300;
	s->record = i - 1;
}

static struct cl_vtype vtype(const char *name, int count, int cap, double kmh,
			     double range_km, double fixed, double per_km)
{
	struct cl_vtype t;
	memset(&t, 0, sizeof t);
	t.name = dupstr(name);
	t.count = count;
	t.capacity = cap;
	t.speed_kmh = kmh;
	t.shift_start_s = 7 * 3600;
	t.shift_end_s = 19 * 3600;
	t.max_dist_m = range_km * 1000;
	t.fixed_cost = fixed;
	t.cost_per_km = per_km;
	return t;
}

/* A random county of n villages within ~20 km of the depot. */
static struct cl_instance *random_instance(struct cl_rng *rng, int n, int tight)
{
	struct cl_site depot, *v = calloc((size_t)n, sizeof *v);
	struct cl_vtype *t = calloc(2, sizeof *t);
	struct cl_instance *inst;
	set_site(&depot, 0, 107.5, 26.5);
	for (int i = 0; i < n; i++) {
		set_site(&v[i], i + 1, 107.5 + (cl_rng_unit(rng) - 0.5) * 0.4,
			 26.5 + (cl_rng_unit(rng) - 0.5) * 0.4);
		v[i].demand = cl_rng_int(rng, 20);
		v[i].pickup = cl_rng_int(rng, 3) ? 0 : cl_rng_int(rng, 15);
		v[i].service_s = 60 * (2 + cl_rng_int(rng, 8));
		if (tight && cl_rng_int(rng, 2)) {
			v[i].tw_start_s = 3600 * (8 + cl_rng_int(rng, 8));
			v[i].tw_end_s = v[i].tw_start_s + 3600 * (1 + cl_rng_int(rng, 3));
		}
	}
	t[0] = vtype("van", 2 + cl_rng_int(rng, 3), 100, 40, 0, 100, 1.2);
	t[1] = vtype("etricycle", 2 + cl_rng_int(rng, 3), 35, 18, 40, 30, 0.3);
	if (tight)
		t[0].max_dur_s = 5 * 3600;
	if (cl_instance_build("random", &depot, v, n, t, 2, &inst, NULL) != CL_OK)
		return NULL;
	return inst;
}

static int last_searches;   /* cl_solve_stats.searches of the last solve_threads */

static int solve_threads(struct cl_instance *inst, unsigned long seed, long iters,
			 int threads, struct cl_solution **solp, struct cl_report *rep)
{
	struct cl_matrix *m = NULL;
	struct cl_solve_params sp;
	struct cl_solve_stats st;
	struct cl_error err;
	int rc;

	cl_error_clear(&err);
	rc = cl_matrix_geo(inst, 1.3, &m, &err);
	if (rc != CL_OK)
		return rc;
	cl_solve_params_default(&sp);
	sp.seed = seed;
	sp.max_iters = iters;
	sp.threads = threads;
	/* far above what the iterations take: the iterations alone set the
	 * annealing's effort fraction, even on a loaded machine */
	sp.time_limit_s = 3600;
	rc = cl_solve(inst, m, &sp, solp, &st, &err);
	if (rc == CL_OK)
		CHECK_INT(st.iterations, iters * threads);   /* each thread all of them */
	last_searches = rc == CL_OK ? st.searches : 0;
	if (rc == CL_OK) {
		rc = cl_check(inst, m, *solp, rep, &err);
		if (rc != CL_OK)
			fprintf(stderr, "checker: %s\n", err.msg);
	}
	cl_matrix_destroy(m);
	return rc;
}

static int solve_and_check(struct cl_instance *inst, unsigned long seed, long iters,
			   struct cl_solution **solp, struct cl_report *rep)
{
	return solve_threads(inst, seed, iters, 1, solp, rep);
}

/* Do a and b hold the same routes, stop by stop? */
static int same_routes(const struct cl_solution *a, const struct cl_solution *b)
{
	if (a->nroutes != b->nroutes)
		return 0;
	for (int r = 0; r < a->nroutes; r++) {
		if (a->routes[r].nstops != b->routes[r].nstops ||
		    a->routes[r].depart_s != b->routes[r].depart_s)
			return 0;
		for (int k = 0; k < a->routes[r].nstops; k++)
			if (a->routes[r].stops[k] != b->routes[r].stops[k])
				return 0;
	}
	return 1;
}

static void test_random_plans_pass_checker(void)
{
	struct cl_rng rng;
	cl_rng_seed(&rng, 2026);
	for (int trial = 0; trial < 40; trial++) {
		int n = 5 + cl_rng_int(&rng, 60);
		struct cl_instance *inst = random_instance(&rng, n, trial % 2);
		struct cl_solution *sol = NULL;
		struct cl_report rep;
		memset(&rep, 0, sizeof rep);
		CHECK(inst != NULL);
		if (!inst)
			return;
		CHECK_INT(solve_and_check(inst, (unsigned long)trial, 300, &sol, &rep), CL_OK);
		if (sol) {
			/* Everything is either served or explained. */
			CHECK_INT(rep.served + rep.unassigned, n);
			for (int u = 0; u < sol->nunassigned; u++)
				CHECK(sol->reasons[u] != CL_REASON_NONE);
		}
		cl_report_free(&rep);
		cl_solution_destroy(sol);
		cl_instance_destroy(inst);
	}
}

static void test_same_seed_same_plan(void)
{
	struct cl_rng r1, r2;
	struct cl_solution *a = NULL, *b = NULL;
	struct cl_report ra, rb;
	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	cl_rng_seed(&r1, 99);
	cl_rng_seed(&r2, 99);
	struct cl_instance *i1 = random_instance(&r1, 40, 1);
	struct cl_instance *i2 = random_instance(&r2, 40, 1);
	CHECK_INT(solve_and_check(i1, 5, 500, &a, &ra), CL_OK);
	CHECK_INT(solve_and_check(i2, 5, 500, &b, &rb), CL_OK);
	CHECK(a && b);
	if (a && b) {
		CHECK_INT(a->nroutes, b->nroutes);
		for (int r = 0; r < a->nroutes && r < b->nroutes; r++) {
			CHECK_INT(a->routes[r].nstops, b->routes[r].nstops);
			CHECK_INT(a->routes[r].depart_s, b->routes[r].depart_s);
			for (int k = 0; k < a->routes[r].nstops && k < b->routes[r].nstops; k++)
				CHECK_INT(a->routes[r].stops[k], b->routes[r].stops[k]);
		}
		CHECK(fabs(ra.total_cost - rb.total_cost) < 1e-9);
	}
	cl_report_free(&ra);
	cl_report_free(&rb);
	cl_solution_destroy(a);
	cl_solution_destroy(b);
	cl_instance_destroy(i1);
	cl_instance_destroy(i2);
}

/*
 * --threads: three searches exchanging their best plans at each epoch
 * (search/team.h, 5% of the iterations) give the same plan on every run, and
 * it passes the checker (on a plan with opening hours and pickups); the
 * team's plan is not the one-thread plan (the other searches ran).
 */
static void test_threads_same_plan(void)
{
	struct cl_rng r1;
	struct cl_solution *a = NULL, *b = NULL, *c = NULL;
	struct cl_report ra, rb, rc1;
	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	memset(&rc1, 0, sizeof rc1);
	cl_rng_seed(&r1, 7);
	struct cl_instance *inst = random_instance(&r1, 60, 1);
	CHECK(inst != NULL);
	if (!inst)
		return;
	CHECK_INT(solve_threads(inst, 3, 7000, 3, &a, &ra), CL_OK);
	CHECK_INT(solve_threads(inst, 3, 7000, 3, &b, &rb), CL_OK);
	CHECK_INT(last_searches, 3);   /* below CL_TEAM_SPLIT_PER_VILLAGE: one each */
	CHECK_INT(solve_threads(inst, 3, 7000, 1, &c, &rc1), CL_OK);
	CHECK_INT(last_searches, 1);
	CHECK(a && b && c);
	if (a && b && c) {
		CHECK(same_routes(a, b));
		CHECK(fabs(ra.total_cost - rb.total_cost) < 1e-9);
		CHECK_INT(ra.served + ra.unassigned, 60);
		CHECK(!same_routes(a, c));
	}
	cl_report_free(&ra);
	cl_report_free(&rb);
	cl_report_free(&rc1);
	cl_solution_destroy(a);
	cl_solution_destroy(b);
	cl_solution_destroy(c);
	cl_instance_destroy(inst);
}

/*
 * A stalled machine's clock: 0 at the search's first reading, then
 * stall_at seconds at every later one (the process lost the CPU once, right
 * after it started), so the time fraction is stall_at / limit throughout.
 */
static double stall_at;
static int clock_reads;

static double stalled_clock(void)
{
	return clock_reads++ == 0 ? 0.0 : stall_at;
}

/*
 * The benchmark file at path under the hierarchical objective, solved with
 * sp and checked; *unassigned (if set) gets the checker's count. *solp is
 * the plan (the caller frees it) or NULL. The solve's or checker's status.
 */
static int solve_bench_checked(const char *path, enum cl_bench_objective obj,
			       const struct cl_solve_params *sp, struct cl_solution **solp,
			       struct cl_solve_stats *st, int *unassigned)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	int rc;

	*solp = NULL;
	if (cl_bench_read(path, obj, &inst, &m, &info, &err) != CL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return CL_EINTERNAL;
	}
	rc = cl_solve(inst, m, sp, solp, st, &err);
	if (rc == CL_OK) {
		struct cl_report rep;
		memset(&rep, 0, sizeof rep);
		rc = cl_check(inst, m, *solp, &rep, &err);
		if (unassigned)
			*unassigned = rep.unassigned;
		cl_report_free(&rep);
	}
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
	return rc;
}

/* R101 (hierarchical: fleet minimisation, then the annealing), 3,000
 * iterations, seed 3, under a 100 s limit on the given clock. */
static int solve_r101(double (*clock)(void), double stall, struct cl_solution **solp,
		      struct cl_solve_stats *st)
{
	struct cl_solve_params sp;

	cl_solve_params_default(&sp);
	sp.seed = 3;
	sp.max_iters = 3000;
	sp.time_limit_s = 100;
	sp.clock = clock;
	stall_at = stall;
	clock_reads = 0;
	return solve_bench_checked("instances/R101.txt", CL_OBJ_HIERARCHICAL, &sp, solp, st, NULL);
}

/*
 * Bounded by iterations, the plan depends on the seed and the iterations
 * only, however slow the machine, as long as the time limit does not cut
 * the run: a stall of 40% of the limit at the start (the annealing used
 * to take the larger of the iteration and time fractions, and fleet
 * minimisation stopped at 30% of the limit) gives the plan of a clock
 * that stands still. A stall past the limit cuts the run short and says
 * so.
 */
static void test_iterations_not_time(void)
{
	struct cl_solution *a = NULL, *b = NULL, *c = NULL;
	struct cl_solve_stats sa, sb, sc;

	cl_log_set_level(CL_LOG_QUIET);   /* the cut run's warning */
	CHECK_INT(solve_r101(stalled_clock, 0, &a, &sa), CL_OK);
	CHECK_INT(solve_r101(stalled_clock, 40, &b, &sb), CL_OK);
	CHECK_INT(solve_r101(stalled_clock, 101, &c, &sc), CL_OK);
	cl_log_set_level(CL_LOG_WARN);
	CHECK(a && b && c);
	if (a && b && c) {
		CHECK(same_routes(a, b));
		CHECK_INT(sa.iterations, 3000);
		CHECK_INT(sb.iterations, 3000);
		CHECK_INT(sa.time_limited, 0);
		CHECK_INT(sb.time_limited, 0);
		CHECK_INT(sc.time_limited, 1);
		CHECK(sc.iterations < 3000);
	}
	cl_solution_destroy(a);
	cl_solution_destroy(b);
	cl_solution_destroy(c);
}

/*
 * The default budget (issue 13 item 4): the figures tuning.h and --help
 * give, growing with the villages but less than linearly past the ramp
 * (fewer iterations per village), and what a run without max_iters does:
 * each search that many iterations.
 */
static void test_default_budget(void)
{
	struct cl_rng rng;
	struct cl_solution *sol = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solve_params sp;
	struct cl_solve_stats st;
	struct cl_error err;
	struct cl_instance *inst;

	CHECK_INT(cl_solve_default_iters(0), 5100);
	CHECK_INT(cl_solve_default_iters(1), 5100);
	CHECK_INT(cl_solve_default_iters(8), 40800);
	CHECK_INT(cl_solve_default_iters(10), 51000);
	CHECK_INT(cl_solve_default_iters(61), 206100);
	CHECK_INT(cl_solve_default_iters(1000), 300000);
	for (int v = 2; v <= 5000; v++) {
		long a = cl_solve_default_iters(v - 1), b = cl_solve_default_iters(v);
		CHECK(b > a);
		if (v > 40)   /* past the ramp: fewer per village */
			CHECK((double)b / v < (double)a / (v - 1));
	}

	cl_rng_seed(&rng, 7);
	inst = random_instance(&rng, 8, 0);
	CHECK(inst != NULL);
	if (!inst)
		return;
	cl_error_clear(&err);
	CHECK_INT(cl_matrix_geo(inst, 1.3, &m, &err), CL_OK);
	cl_solve_params_default(&sp);
	CHECK(sp.max_iters <= 0);
	sp.threads = 2;
	sp.time_limit_s = 3600;   /* the iterations end it */
	CHECK_INT(cl_solve(inst, m, &sp, &sol, &st, &err), CL_OK);
	CHECK_INT(st.iterations, 2 * 40800);
	CHECK_INT(st.time_limited, 0);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

/*
 * Twice the same solve of a random 20-village instance (from rng seed
 * inst_seed; tight: with opening hours, random_instance): both pass the checker (solve_threads), hold the same routes
 * and cost, and account for every village.
 */
static void same_plan_twice(unsigned long inst_seed, unsigned long seed, long iters,
			    int threads, int tight)
{
	struct cl_rng r1;
	struct cl_solution *a = NULL, *b = NULL;
	struct cl_report ra, rb;
	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	cl_rng_seed(&r1, inst_seed);
	struct cl_instance *inst = random_instance(&r1, 20, tight);
	CHECK(inst != NULL);
	if (!inst)
		return;
	CHECK_INT(solve_threads(inst, seed, iters, threads, &a, &ra), CL_OK);
	CHECK_INT(solve_threads(inst, seed, iters, threads, &b, &rb), CL_OK);
	CHECK(a && b);
	if (a && b) {
		CHECK(same_routes(a, b));
		CHECK(fabs(ra.total_cost - rb.total_cost) < 1e-9);
		CHECK_INT(ra.served + ra.unassigned, 20);
	}
	cl_report_free(&ra);
	cl_report_free(&rb);
	cl_solution_destroy(a);
	cl_solution_destroy(b);
	cl_instance_destroy(inst);
}

/*
 * The population layer (search/pop.h: a budget of at least
 * CL_POP_PER_VILLAGE iterations per village) gives the same plan on every
 * run with the same seed and iterations, and it passes the checker.
 */
static void test_population_same_plan(void)
{
	same_plan_twice(11, 5, CL_POP_PER_VILLAGE * 20, 1, 1);
	CHECK_INT(last_searches, 1);
}

/*
 * ... and with --threads 2 (a population per search, team.h): the same plan
 * on every run, checked, every village served or explained, and each
 * search all of its iterations (solve_threads).
 */
static void test_population_threads_same_plan(void)
{
	/* clear of the threshold: the probe's rate is a quotient */
	same_plan_twice(12, 6, CL_POP_PER_VILLAGE * 22, 2, 1);
	CHECK_INT(last_searches, 2);
}

/*
 * Below the population's effort but above CL_TEAM_SPLIT_PER_VILLAGE, a
 * team has CL_TEAM_SPLIT searches on each thread (CL_TEAM_SPLIT_EACH; else
 * in all), sharing the threads' iterations (team.h;
 * without opening hours, whose population starts lower, pop.h):
 * the same plan on every run, on one thread and on two, checked, with
 * every iteration of the budget done (solve_threads) by that many searches.
 */
static void test_split_same_plan(void)
{
	/* 20 villages; clear of both thresholds (the probe's rate is a quotient) */
	long iters = (CL_TEAM_SPLIT_PER_VILLAGE + CL_POP_PER_VILLAGE) / 2 * 20 + 1;

	CHECK(CL_TEAM_SPLIT_PER_VILLAGE * 11 / 10 < CL_POP_PER_VILLAGE * 9 / 10);
	same_plan_twice(13, 7, iters, 1, 0);
	CHECK_INT(last_searches, CL_TEAM_SPLIT);
	same_plan_twice(14, 8, iters, 2, 0);
	/* CL_TEAM_SPLIT searches on each thread, or in all */
	CHECK_INT(last_searches, CL_TEAM_SPLIT_EACH ? 2 * CL_TEAM_SPLIT
				 : CL_TEAM_SPLIT > 2 ? 2 * ((CL_TEAM_SPLIT + 1) / 2)
						     : 2);
}

/*
 * From the population's effort on, without opening hours, the team has
 * CL_TEAM_SPLIT_BIG searches in all instead of a population (team.h): on
 * one thread and on two, the same plan on every run, checked, every
 * iteration done by that many searches.
 */
static void test_split_big_same_plan(void)
{
	/* clear of the threshold: the probe's rate is a quotient */
	long iters = CL_POP_PER_VILLAGE * 20 * 11 / 10;

	same_plan_twice(15, 9, iters, 1, 0);
	CHECK_INT(last_searches, CL_TEAM_SPLIT_BIG > 1 ? CL_TEAM_SPLIT_BIG : 1);
	same_plan_twice(16, 10, iters, 2, 0);
	CHECK_INT(last_searches, CL_TEAM_SPLIT_BIG > 2 ? 2 * ((CL_TEAM_SPLIT_BIG + 1) / 2) : 2);
}

/*
 * A clock that moves on by tick_s at every reading: a run by time whose
 * pace is the same on every machine.
 */
static double tick_s, tick_now;

static double ticking_clock(void)
{
	return tick_now += tick_s;
}

/* sol5 (5 villages, opening hours) under objective obj, by time: a
 * limit of `limit` seconds on the ticking clock, seed 3; with by_time 0
 * an iteration budget out of reach that the limit cuts short. */
static int solve_sol5_timed(double limit, enum cl_bench_objective obj, int by_time,
			    struct cl_solve_stats *st)
{
	struct cl_solution *sol = NULL;
	struct cl_solve_params sp;
	int rc, unassigned = -1;

	cl_solve_params_default(&sp);
	sp.seed = 3;
	sp.threads = 1;
	sp.by_time = by_time;
	sp.max_iters = 1000000000L;   /* the time is the effort */
	sp.time_limit_s = limit;
	sp.clock = ticking_clock;
	tick_s = 1e-6;
	tick_now = 0;
	rc = solve_bench_checked("tests/fixtures/sol5.txt", obj, &sp, &sol, st, &unassigned);
	if (rc == CL_OK)
		CHECK_INT(unassigned, 0);
	cl_solution_destroy(sol);
	return rc;
}

/* solve_sol5_timed with the large limit (POP_BY_TIME_LIMIT) into *big and
 * a thirtieth of it into *small, quietly: both CL_OK or a check fails. */
static void solve_sol5_two_limits(enum cl_bench_objective obj, int by_time,
				  struct cl_solve_stats *big, struct cl_solve_stats *small)
{
	cl_log_set_level(CL_LOG_QUIET);
	CHECK_INT(solve_sol5_timed(POP_BY_TIME_LIMIT, obj, by_time, big), CL_OK);
	CHECK_INT(solve_sol5_timed(POP_BY_TIME_LIMIT / 30, obj, by_time, small), CL_OK);
	cl_log_set_level(CL_LOG_WARN);
}

/*
 * By time, the population layer runs when the annealing's own pace (the
 * probe's) gives CL_POP_PER_VILLAGE_TW iterations per village over the
 * time left. Fleet minimisation takes the first 30% of a hierarchical
 * run: the pace since the run began, which the decision used until the
 * thirteenth session of issue 13, counted that 30% as if the probe's 1%
 * had taken it, and put the effort at a 31st of the annealing's: the
 * layer never ran on hierarchical Solomon. Two limits on a clock that
 * ticks at each reading: one with a few times the threshold (the layer
 * runs; with the old decision it did not), one with a tenth of it.
 */
static void test_pop_by_time_after_fleetmin(void)
{
	struct cl_solve_stats big, small;

	solve_sol5_two_limits(CL_OBJ_HIERARCHICAL, 1, &big, &small);
	CHECK_INT(big.population, 1);
	CHECK_INT(small.population, 0);
	CHECK_INT(big.time_limited, 1);
	CHECK_INT(small.time_limited, 1);
	CHECK(big.iterations >= CL_POP_PER_VILLAGE_TW * 5 * 2);
	CHECK(small.iterations < CL_POP_PER_VILLAGE_TW * 5);
}

/*
 * An iteration budget the time limit cuts short (the same limits, by_time
 * 0): until half the time its effort fraction counts iterations
 * (anneal.h), so the probe ended only at half the time, and its pace in
 * that fraction put the effort at about a hundred times what was done:
 * the layer ran where the time gave less than a tenth of its threshold
 * (10,000 villages at 60 s: eight elites a search, 1,049 MB and a worse
 * plan than at 30 s; team.c, probe_total). Now the probe's pace in
 * seconds bounds it: no layer with the small limit, the layer with the
 * large one. By distance: the hierarchical objective's fleet minimisation
 * would run past half the time, and a probe that starts there counts time.
 */
static void test_pop_iterations_cut_by_time(void)
{
	struct cl_solve_stats big, small;

	solve_sol5_two_limits(CL_OBJ_DISTANCE, 0, &big, &small);
	CHECK_INT(small.time_limited, 1);
	CHECK(small.iterations < CL_POP_PER_VILLAGE_TW * 5);
	CHECK_INT(small.population, 0);
	CHECK_INT(big.time_limited, 1);
	CHECK(big.iterations >= CL_POP_PER_VILLAGE_TW * 5);
	CHECK_INT(big.population, 1);
}

static enum cl_reason reason_of(const struct cl_solution *sol, int site)
{
	for (int u = 0; u < sol->nunassigned; u++)
		if (sol->unassigned[u] == site)
			return sol->reasons[u];
	return CL_REASON_NONE;
}

/* Each kind of impossible village is reported with its own reason. */
/*
 * --threads keeps the time limit: with 1,500 villages the local search
 * that polishes a new best plan takes seconds (each search polishes its
 * own first best), far past a 0.3 s limit; the searches stop between two
 * of its moves at the deadline (ls.c, cl_lns_due) and the team waits for
 * them with the deadline (team.c), so the search ends within a step of
 * the limit. (Without the deadline in the local search it ended after
 * ~2 s.)
 */
static void test_threads_keep_time_limit(void)
{
	int n = 1500;
	struct cl_site depot, *v = calloc((size_t)n, sizeof *v);
	struct cl_vtype *t = calloc(1, sizeof *t);
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solution *sol = NULL;
	struct cl_solve_params sp;
	struct cl_solve_stats st;
	struct cl_error err;
	struct cl_rng r;

	cl_rng_seed(&r, 11);
	set_site(&depot, 0, 107.5, 26.5);
	for (int i = 0; i < n; i++) {
		set_site(&v[i], i + 1, 107.5 + (cl_rng_unit(&r) - 0.5) * 0.6,
			 26.5 + (cl_rng_unit(&r) - 0.5) * 0.6);
		v[i].service_s = 0;
	}
	t[0] = vtype("van", n / 10, 12, 40, 0, 0, 1.0);
	t[0].shift_start_s = 0;
	t[0].shift_end_s = 24 * 3600 - 1;
	cl_error_clear(&err);
	CHECK_INT(cl_instance_build("lattice", &depot, v, n, t, 1, &inst, NULL), CL_OK);
	CHECK_INT(cl_matrix_geo(inst, 1.3, &m, &err), CL_OK);
	cl_solve_params_default(&sp);
	sp.max_iters = 1000000000L;
	sp.threads = 2;
	sp.time_limit_s = 0.3;
	if (inst && m) {
		CHECK_INT(cl_solve(inst, m, &sp, &sol, &st, &err), CL_OK);
		CHECK(st.time_limited);
		CHECK(st.elapsed_s < sp.time_limit_s + 0.5);
		if (st.elapsed_s >= sp.time_limit_s + 0.5)
			fprintf(stderr, "the search took %.2f s with a %.2f s limit\n",
				st.elapsed_s, sp.time_limit_s);
	}
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

/*
 * The neighbour lists (prob.c, build_near: a bounded heap per row) are the
 * nnear closest villages by (distance, index), exactly what sorting each
 * whole row gives, on a matrix full of ties (distances 0-6), on one with
 * holes (-1, no path: after every distance) and on straight-line
 * distances; 130 villages, so that the lists (64) are a part of each row;
 * on one thread and on two (cl_prob_create_threads: rows shared out).
 */
static int by_key(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static void test_near_lists(void)
{
	struct cl_rng r;
	cl_rng_seed(&r, 5);
	/* straight-line distances; a matrix of ties; one with holes (-1: no
	 * path, after every distance) */
	for (int ties = 0; ties < 3; ties++) {
		struct cl_instance *inst = random_instance(&r, 130, 0);
		struct cl_matrix *m = NULL;
		struct cl_prob *p = NULL;
		struct cl_error err;
		CHECK(inst != NULL);
		if (!inst)
			return;
		int n = inst->nsites;
		CHECK_INT(cl_matrix_geo(inst, 1.3, &m, &err), CL_OK);
		if (m && ties)
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					m->dist_m[(long)i * n + j] =
						i == j ? 0 : ties == 2 && (i + 2 * j) % 5 == 0 ? -1 :
						(i + j) % 7;
		/* the lists on one thread, then on two (rows shared out) */
		for (int threads = 1; m && threads <= 2; threads++) {
			CHECK_INT(cl_prob_create_threads(inst, m, threads, &p, &err), CL_OK);
			if (p) {
				int64_t key[130];
				CHECK(p->nnear == 64 && p->n == n);
				for (int v = 1; v < n; v++) {
					int k = 0;
					for (int u = 1; u < n; u++)
						if (u != v)
							key[k++] = (cl_prob_dist(p, v, u) < 0 ? (int64_t)INT32_MAX :
								    (int64_t)cl_prob_dist(p, v, u)) * 1000 + u;
					qsort(key, (size_t)k, sizeof key[0], by_key);
					int same = 1;
					for (int i = 0; i < p->nnear; i++)
						same &= p->near[(long)v * p->nnear + i] == (int)(key[i] % 1000);
					CHECK(same);
				}
			}
			cl_prob_destroy(p);
			p = NULL;
		}
		cl_matrix_destroy(m);
		cl_instance_destroy(inst);
	}
}

static void test_unassigned_reasons(void)
{
	struct cl_site depot, *v = calloc(6, sizeof *v);
	struct cl_vtype *t = calloc(2, sizeof *t);
	struct cl_instance *inst = NULL;
	struct cl_solution *sol = NULL;
	struct cl_report rep;
	memset(&rep, 0, sizeof rep);
	set_site(&depot, 0, 107.5, 26.5);
	set_site(&v[0], 1, 107.51, 26.5);          /* fine */
	set_site(&v[1], 2, 107.52, 26.5);
	v[1].demand = 500;                          /* above every capacity */
	set_site(&v[2], 3, 108.5, 26.5);            /* ~100 km: beyond range */
	set_site(&v[3], 4, 107.53, 26.5);
	v[3].tw_start_s = 3 * 3600;                 /* closes before any shift */
	v[3].tw_end_s = 5 * 3600;
	set_site(&v[4], 5, 107.5, 26.51);
	v[4].pickup = 200;                          /* pickup above capacity */
	set_site(&v[5], 6, 107.49, 26.5);
	t[0] = vtype("van", 1, 100, 40, 60, 100, 1.2);
	t[1] = vtype("etricycle", 1, 30, 18, 40, 30, 0.3);
	CHECK_INT(cl_instance_build("reasons", &depot, v, 6, t, 2, &inst, NULL), CL_OK);
	CHECK_INT(solve_and_check(inst, 1, 100, &sol, &rep), CL_OK);
	if (sol) {
		CHECK_INT(reason_of(sol, 1), CL_REASON_NONE);
		/* above every capacity: split into visits, more than the
		 * fleet can make */
		CHECK_INT(reason_of(sol, 2), CL_REASON_FLEET);
		CHECK_INT(reason_of(sol, 3), CL_REASON_RANGE);
		CHECK_INT(reason_of(sol, 4), CL_REASON_TIMEWINDOW);
		CHECK_INT(reason_of(sol, 5), CL_REASON_FLEET);
		CHECK_INT(reason_of(sol, 6), CL_REASON_NONE);
		CHECK_INT(rep.served, 2);
	}
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_instance_destroy(inst);
}

/* One small van for many parcels: the rest is "fleet too small". */
static void test_fleet_too_small(void)
{
	struct cl_site depot, *v = calloc(4, sizeof *v);
	struct cl_vtype *t = calloc(1, sizeof *t);
	struct cl_instance *inst = NULL;
	struct cl_solution *sol = NULL;
	struct cl_report rep;
	memset(&rep, 0, sizeof rep);
	set_site(&depot, 0, 107.5, 26.5);
	for (int i = 0; i < 4; i++) {
		set_site(&v[i], i + 1, 107.5 + 0.01 * (i + 1), 26.5);
		v[i].demand = 6;
	}
	t[0] = vtype("van", 1, 12, 40, 0, 100, 1.2);
	CHECK_INT(cl_instance_build("fleet", &depot, v, 4, t, 1, &inst, NULL), CL_OK);
	CHECK_INT(solve_and_check(inst, 1, 200, &sol, &rep), CL_OK);
	if (sol) {
		CHECK_INT(rep.served, 2);
		CHECK_INT(sol->nunassigned, 2);
		for (int u = 0; u < sol->nunassigned; u++)
			CHECK_INT(sol->reasons[u], CL_REASON_FLEET);
	}
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_instance_destroy(inst);
}

/*
 * Villages on two spokes east and west of the depot, capacity for one
 * spoke per vehicle: the optimum drives each spoke out and back, so the
 * total is 2 x (east end + west end) distances.
 */
static void test_known_optimum(void)
{
	struct cl_site depot, *v = calloc(8, sizeof *v);
	struct cl_vtype *t = calloc(1, sizeof *t);
	struct cl_instance *inst = NULL;
	struct cl_solution *sol = NULL;
	struct cl_report rep;
	struct cl_matrix *m = NULL;
	memset(&rep, 0, sizeof rep);
	set_site(&depot, 0, 107.5, 26.5);
	for (int i = 0; i < 4; i++) {
		set_site(&v[i], i + 1, 107.5 + 0.01 * (i + 1), 26.5);
		set_site(&v[i + 4], i + 5, 107.5 - 0.01 * (i + 1), 26.5);
		v[i].demand = v[i + 4].demand = 5;
	}
	t[0] = vtype("van", 3, 20, 40, 0, 0, 1.0);
	CHECK_INT(cl_instance_build("spokes", &depot, v, 8, t, 1, &inst, NULL), CL_OK);
	CHECK_INT(cl_matrix_geo(inst, 1.0, &m, NULL), CL_OK);
	long want = 2L * cl_dist(m, 0, 4) + 2L * cl_dist(m, 0, 8);
	CHECK_INT(solve_and_check(inst, 3, 500, &sol, &rep), CL_OK);
	if (sol) {
		/* Rounded arcs may differ by a metre or two from the spokes' ends. */
		CHECK(labs(rep.total_dist_m - (long)(want * 1.3)) <= 8);
		CHECK_INT(rep.vehicles_used, 2);
	}
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

/*
 * The rural fleet (issue 11): random counties with a reloading tricycle
 * (3 trips, 15 min reload), a van that alone has the skill "cold", villages
 * only the tricycle may serve, parcels released during the morning, wages,
 * villages that can wait, and a township station above every capacity.
 * Every plan passes the checker; the rules hold in it: a village only the
 * tricycle may serve is on a tricycle, a cold one on the van, a split
 * station's visits add up to its parcels, deferred villages are optional.
 */
static void test_rural_fleet_plans(void)
{
	struct cl_rng rng;
	long trips2 = 0, splits = 0, deferred = 0;

	cl_rng_seed(&rng, 11);
	for (int trial = 0; trial < 24; trial++) {
		int n = 8 + cl_rng_int(&rng, 30);
		struct cl_site depot, *v = calloc((size_t)n, sizeof *v);
		struct cl_vtype *t = calloc(2, sizeof *t);
		struct cl_instance *inst = NULL;
		struct cl_solution *sol = NULL;
		struct cl_report rep;
		int got[64] = {0};

		memset(&rep, 0, sizeof rep);
		set_site(&depot, 0, 107.5, 26.5);
		for (int i = 0; i < n; i++) {
			set_site(&v[i], i + 1, 107.5 + (cl_rng_unit(&rng) - 0.5) * 0.2,
				 26.5 + (cl_rng_unit(&rng) - 0.5) * 0.2);
			v[i].demand = 1 + cl_rng_int(&rng, 12);
			v[i].pickup = cl_rng_int(&rng, 4) ? 0 : cl_rng_int(&rng, 6);
			if (cl_rng_int(&rng, 4) == 0)
				v[i].release_s = 3600 * (7 + cl_rng_int(&rng, 4));
			if (cl_rng_int(&rng, 6) == 0)
				v[i].vmask = 2;            /* tricycle only */
			else if (cl_rng_int(&rng, 6) == 0)
				v[i].skills = 1;           /* cold: the van */
			if (cl_rng_int(&rng, 5) == 0)
				v[i].due_days = 1 + cl_rng_int(&rng, 3);
		}
		v[0].demand = 70 + cl_rng_int(&rng, 100);   /* above every capacity */
		v[0].vmask = 0;
		v[0].skills = 0;
		v[0].due_days = 0;
		t[0] = vtype("van", 4, 60, 40, 0, 100, 1.2);
		t[0].skills = 1;
		t[0].cost_per_hour = 20;
		t[1] = vtype("etricycle", 2, 15, 18, 60, 30, 0.3);
		t[1].max_trips = 3;
		t[1].reload_s = 900;
		t[1].cost_per_hour = 12;
		CHECK_INT(cl_instance_build("rural", &depot, v, n, t, 2, &inst, NULL), CL_OK);
		if (!inst)
			return;
		{
			struct cl_instance_extra x;
			memset(&x, 0, sizeof x);
			x.skills.n = 1;
			x.skills.name = calloc(1, sizeof(char *));
			x.skills.name[0] = dupstr("cold");
			CHECK_INT(cl_instance_add_extra(inst, &x, NULL), CL_OK);
		}
		CHECK_INT(solve_and_check(inst, (unsigned long)trial, 600, &sol, &rep), CL_OK);
		for (int r = 0; sol && r < sol->nroutes; r++) {
			const struct cl_route *rt = &sol->routes[r];
			trips2 += rt->trip > 0;
			for (int i = 0; i < rt->nstops; i++) {
				const struct cl_site *st = &inst->sites[rt->stops[i]];
				if (st->vmask == 2)
					CHECK_INT(rt->type, 1);
				if (st->skills)
					CHECK_INT(rt->type, 0);
				if (rt->stops[i] < 64)
					got[rt->stops[i]] += cl_route_deliver(rt, inst, i);
				splits += rt->deliver != NULL && rt->stops[i] == 1 &&
					  rt->deliver[i] < inst->sites[1].demand;
			}
		}
		if (sol && got[1] > 0)
			CHECK_INT(got[1], inst->sites[1].demand);
		for (int d = 0; sol && d < sol->ndeferred; d++) {
			CHECK(inst->sites[sol->deferred[d]].optional);
			deferred++;
		}
		cl_report_free(&rep);
		cl_solution_destroy(sol);
		cl_instance_destroy(inst);
	}
	CHECK(trips2 > 5);
	CHECK(splits > 30);
	CHECK(deferred > 0);
}

/*
 * A village due today is never deferred while a vehicle could serve it:
 * one van with room for one of two villages; O (nearby, due tomorrow, any
 * prize up to --defer-cost 10^6) gives way to D (farther, due today), which
 * is served, and O is deferred, not unassigned. With room for both, both
 * are served when O's prize pays its detour.
 */
static void test_due_before_optional(void)
{
	static const double defer_costs[] = { 0, 2, 50, 1e6 };

	for (int k = 0; k < 4; k++)
		for (int room = 0; room < 2; room++) {
			/* cl_instance_build takes the villages and types */
			struct cl_site depot, *v = calloc(2, sizeof *v);
			struct cl_vtype *t = calloc(1, sizeof *t);
			struct cl_instance *inst = NULL;
			struct cl_solution *sol = NULL;
			struct cl_report rep;

			memset(&rep, 0, sizeof rep);
			set_site(&depot, 0, 107.5, 26.5);
			set_site(&v[0], 1, 107.5, 26.55);     /* D: 5.6 km, due today */
			set_site(&v[1], 2, 107.5, 26.505);    /* O: 0.6 km, due tomorrow */
			v[0].demand = 8;
			v[1].demand = 8;
			v[1].due_days = 1;
			t[0] = vtype("van", 1, room ? 16 : 10, 40, 0, 100, 1.2);
			CHECK_INT(cl_instance_build("due", &depot, v, 2, t, 1, &inst, NULL), CL_OK);
			if (!inst)
				return;
			cl_instance_price(inst, defer_costs[k]);
			CHECK(inst->sites[2].optional && !inst->sites[1].optional);
			CHECK_INT(solve_and_check(inst, 3, 300, &sol, &rep), CL_OK);
			if (sol) {
				int served[3] = {0};
				for (int r = 0; r < sol->nroutes; r++)
					for (int i = 0; i < sol->routes[r].nstops; i++)
						served[sol->routes[r].stops[i]] = 1;
				CHECK(served[1]);
				CHECK_INT(sol->nunassigned, 0);
				if (!room) {
					CHECK(!served[2]);
					CHECK_INT(sol->ndeferred, 1);
				} else if (defer_costs[k] >= 2) {
					/* a 1.2 km detour at 1.2/km against a prize of 16 */
					CHECK(served[2]);
				}
			}
			cl_report_free(&rep);
			cl_solution_destroy(sol);
			cl_instance_destroy(inst);
		}
}

/* A square no-fly zone of half-side h degrees around (x, y). */
static void square_zone(struct cl_zone *z, int k, double x, double y, double h)
{
	const double xs[5] = { x - h, x + h, x + h, x - h, x - h };
	const double ys[5] = { y - h, y - h, y + h, y + h, y - h };
	char buf[16];

	memset(z, 0, sizeof *z);
	snprintf(buf, sizeof buf, "Z%d", k + 1);
	z->id = dupstr(buf);
	z->name = dupstr("");
	z->record = k;
	z->nrings = 1;
	z->ring = calloc(2, sizeof *z->ring);
	z->npts = 5;
	z->x = malloc(sizeof xs);
	z->y = malloc(sizeof ys);
	if (z->ring && z->x && z->y) {
		z->ring[1] = 5;
		memcpy(z->x, xs, sizeof xs);
		memcpy(z->y, ys, sizeof ys);
	}
	z->minx = x - h;
	z->maxx = x + h;
	z->miny = y - h;
	z->maxy = y + h;
}

/* The flights over the geo router's roads (as the CLI builds them). */
static int drone_matrix(const struct cl_instance *inst, struct cl_matrix **m)
{
	struct cl_instance *ground = NULL;
	struct cl_router road, r;
	struct cl_error err;
	int rc;

	memset(&road, 0, sizeof road);
	memset(&r, 0, sizeof r);
	cl_error_clear(&err);
	rc = cl_ground_view(inst, &ground, &err);
	if (rc == CL_OK && ground)
		rc = cl_router_geo(1.3, &road, &err);
	if (rc == CL_OK)
		rc = cl_router_drones(inst, ground, &road, &r, &err);
	else
		cl_ground_view_free(ground);
	if (rc == CL_OK)
		rc = r.matrix(r.ctx, inst, m, &err);
	cl_router_destroy(&r);
	if (rc != CL_OK)
		fprintf(stderr, "drone matrix: %s\n", err.msg);
	return rc;
}

static void test_random_drone_plans(void)
{
	struct cl_rng rng;
	long sorties = 0, multi = 0, blocked = 0, from_site = 0, trials = 0;

	cl_log_set_level(CL_LOG_QUIET);   /* the zones' cut-off warnings */
	cl_rng_seed(&rng, 15);
	for (int trial = 0; trial < 30; trial++) {
		int n = 6 + cl_rng_int(&rng, 30), nz = cl_rng_int(&rng, 3);
		struct cl_site depot, *v = calloc((size_t)n, sizeof *v), *base = NULL;
		struct cl_vtype *t = calloc(2, sizeof *t);
		struct cl_zone *z = nz ? calloc((size_t)nz, sizeof *z) : NULL;
		struct cl_instance *inst = NULL;
		struct cl_matrix *m = NULL;
		struct cl_solution *sol = NULL;
		struct cl_solve_params sp;
		struct cl_solve_stats st;
		struct cl_report rep;
		struct cl_error err;

		memset(&rep, 0, sizeof rep);
		cl_error_clear(&err);
		set_site(&depot, 0, 107.5, 26.5);
		for (int i = 0; i < n; i++) {
			set_site(&v[i], i + 1, 107.5 + (cl_rng_unit(&rng) - 0.5) * 0.3,
				 26.5 + (cl_rng_unit(&rng) - 0.5) * 0.3);
			v[i].demand = 1 + cl_rng_int(&rng, 3);
			v[i].pickup = cl_rng_int(&rng, 5) ? 0 : 1;
			v[i].drone = cl_rng_int(&rng, 3) != 0;
			v[i].weight_kg = cl_rng_int(&rng, 4) ? 0.1 * cl_rng_int(&rng, 40) : 0;
			if (cl_rng_int(&rng, 4) == 0) {
				v[i].tw_start_s = 3600 * (8 + cl_rng_int(&rng, 6));
				v[i].tw_end_s = v[i].tw_start_s + 3600 * (1 + cl_rng_int(&rng, 3));
			}
		}
		t[0] = vtype("van", 1 + cl_rng_int(&rng, 2), 20 + cl_rng_int(&rng, 30), 30, 0, 100, 1.5);
		t[0].cost_per_hour = 20;
		t[1] = vtype("uav", 1 + cl_rng_int(&rng, 2), 2 + cl_rng_int(&rng, 4), 60, 0,
			     20 + cl_rng_int(&rng, 40), 0.2);
		t[1].mode = CL_MODE_DRONE;
		t[1].max_stops = 1 + cl_rng_int(&rng, 2);
		t[1].max_trip_m = 1000.0 * (10 + cl_rng_int(&rng, 30));
		t[1].payload_kg = cl_rng_int(&rng, 3) ? 1.0 + cl_rng_int(&rng, 5) : 0;
		t[1].reload_s = 60 * (5 + cl_rng_int(&rng, 15));
		t[1].max_trips = 2 + cl_rng_int(&rng, 8);
		t[1].shift_start_s = 3600 * (8 + cl_rng_int(&rng, 2));
		t[1].shift_end_s = t[1].shift_start_s + 3600 * (2 + cl_rng_int(&rng, 6));
		t[1].cost_per_hour = 10;
		if (cl_rng_int(&rng, 3) == 0) {
			/* a launch site 5-10 km from the depot */
			base = calloc(1, sizeof *base);
			set_site(base, 0, 107.5 + 0.05 + 0.05 * cl_rng_unit(&rng), 26.5);
			free(base->id);
			base->id = dupstr("P1");
			base->record = 0;
		}
		for (int k = 0; k < nz; k++)
			square_zone(&z[k], k, 107.5 + (cl_rng_unit(&rng) - 0.5) * 0.2,
				    26.5 + (cl_rng_unit(&rng) - 0.5) * 0.2, 0.005 + 0.01 * cl_rng_unit(&rng));
		if (cl_instance_build("drones", &depot, v, n, t, 2, &inst, &err) == CL_OK && base)
			inst->types[1].base = 1;   /* the uav flies from the launch site */
		if (!inst || cl_instance_add_drones(inst, base, base ? 1 : 0, z, nz, &err) != CL_OK) {
			fprintf(stderr, "build: %s\n", err.msg);
			CHECK(0);
			cl_instance_destroy(inst);
			return;
		}
		CHECK_INT(drone_matrix(inst, &m), CL_OK);
		if (!m) {
			cl_instance_destroy(inst);
			return;
		}
		cl_solve_params_default(&sp);
		sp.seed = (unsigned long)trial;
		sp.max_iters = 400;
		sp.time_limit_s = 60;
		CHECK_INT(cl_solve(inst, m, &sp, &sol, &st, &err), CL_OK);
		if (sol) {
			int rc = cl_check(inst, m, sol, &rep, &err);

			CHECK_INT(rc, CL_OK);
			if (rc != CL_OK)
				fprintf(stderr, "trial %d: checker: %s\n", trial, err.msg);
			/* predicted = recomputed */
			CHECK(rc != CL_OK || fabs(st.best_cost - rep.total_cost) <= 1e-3 * (1 + sol->nroutes));
			if (rc == CL_OK && fabs(st.best_cost - rep.total_cost) > 1e-3 * (1 + sol->nroutes))
				fprintf(stderr, "trial %d: search %.6f, checker %.6f\n", trial,
					st.best_cost, rep.total_cost);
			for (int r = 0; r < sol->nroutes; r++) {
				if (sol->routes[r].type != 1)
					continue;
				sorties++;
				multi += sol->routes[r].nstops > 1;
				from_site += base != NULL;
			}
			for (int i = 1; i < inst->nsites; i++)
				blocked += inst->sites[i].drone && inst->nzones > 0 &&
					   cl_dist_t(m, 1, 0, i) == CL_UNREACHABLE;
			trials++;
		}
		cl_report_free(&rep);
		cl_solution_destroy(sol);
		cl_matrix_destroy(m);
		cl_instance_destroy(inst);
	}
	/* the cases happen: sorties, two-stop sorties, from a launch site,
	   landing points cut off by a zone */
	cl_log_set_level(CL_LOG_WARN);
	CHECK_INT(trials, 30);
	CHECK(sorties > 40);
	CHECK(multi > 5);
	CHECK(from_site > 10);
	CHECK(blocked > 3);
	fprintf(stderr, "drones: %ld sorties (%ld of two stops, %ld from a launch site), "
		"%ld landing points cut off by zones\n", sorties, multi, from_site, blocked);
}

int main(void)
{
	RUN(test_random_plans_pass_checker);
	RUN(test_same_seed_same_plan);
	RUN(test_threads_same_plan);
	RUN(test_iterations_not_time);
	RUN(test_default_budget);
	RUN(test_threads_keep_time_limit);
	RUN(test_near_lists);
	RUN(test_population_same_plan);
	RUN(test_population_threads_same_plan);
	RUN(test_split_same_plan);
	RUN(test_split_big_same_plan);
	RUN(test_pop_by_time_after_fleetmin);
	RUN(test_pop_iterations_cut_by_time);
	RUN(test_unassigned_reasons);
	RUN(test_fleet_too_small);
	RUN(test_known_optimum);
	RUN(test_rural_fleet_plans);
	RUN(test_due_before_optional);
	RUN(test_random_drone_plans);
	TT_END();
}
