/*
 * test_bench_regress.c -- instance regression against best-known
 * solutions (SCIP's .solu idea): a few small benchmark instances solved
 * with a fixed seed and an ITERATION limit (never a time limit, so the
 * result does not depend on the machine), checked with cl_check, and the
 * gap to the BKS held under a bound about twice what the search reached
 * when the bound was set (at least 3%). A failure here means the search
 * got worse. The files come from ../shared/benchmarks when it is beside
 * the work tree, else from instances/.
 */
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/check.h"
#include "io/vrplib.h"
#include "cunlu/solve.h"

struct regress {
	const char *dir;          /* under ../shared/benchmarks */
	const char *file;
	enum cl_bench_objective obj;
	double bks;               /* best-known cost in the file's units */
	int max_routes;           /* at most this many routes; 0 = no check */
	double max_gap_pct;       /* allowed gap to bks */
};

/*
 * Measured at 20000 iterations, seed 1 (search of 2026-11-24): A-n32-k5
 * 784 (0.00%), R101 distance-only 1648.8 (0.68%), C101 hierarchical
 * 828.94 with 10 routes (0.00%).
 */
static const struct regress cases[] = {
	{"cvrp/classic/A", "A-n32-k5.vrp", CL_OBJ_HIERARCHICAL, 784, 0, 3.0},
	{"vrptw/solomon", "R101.txt", CL_OBJ_DISTANCE, 1637.7, 0, 3.0},
	{"vrptw/solomon", "C101.txt", CL_OBJ_HIERARCHICAL, 828.94, 10, 3.0},
};

static void run_case(const struct regress *c)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solution *sol = NULL;
	struct cl_solve_params sp;
	struct cl_solve_stats st;
	struct cl_report rep;
	struct cl_bench_info info;
	struct cl_error err;
	char path[512];
	double cost, gap;

	memset(&rep, 0, sizeof rep);
	snprintf(path, sizeof path, "../shared/benchmarks/%s/%s", c->dir, c->file);
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof path, "instances/%s", c->file);
	if (cl_bench_read(path, c->obj, &inst, &m, &info, &err) != CL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	cl_solve_params_default(&sp);
	sp.seed = 1;
	sp.max_iters = 20000;
	sp.time_limit_s = 600;   /* never reached: the iterations decide */
	CHECK_INT(cl_solve(inst, m, &sp, &sol, &st, &err), CL_OK);
	if (sol) {
		CHECK_INT(cl_check(inst, m, sol, &rep, &err), CL_OK);
		CHECK_INT(rep.unassigned, 0);
		cost = (double)rep.total_dist_m / (double)info.dist_div;
		gap = 100.0 * (cost - c->bks) / c->bks;
		fprintf(stderr, "%s: cost %.2f, %d routes, gap %.2f%% (bound %.1f%%)\n",
			c->file, cost, rep.vehicles_used, gap, c->max_gap_pct);
		CHECK(gap <= c->max_gap_pct);
		if (c->max_routes > 0)
			CHECK(rep.vehicles_used <= c->max_routes);
	}
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_a_n32_k5(void) { run_case(&cases[0]); }
static void test_r101_distance(void) { run_case(&cases[1]); }
static void test_c101_hierarchical(void) { run_case(&cases[2]); }

int main(void)
{
	RUN(test_a_n32_k5);
	RUN(test_r101_distance);
	RUN(test_c101_hierarchical);
	TT_END();
}
