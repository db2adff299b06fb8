/*
 * test_vrplib.c -- the benchmark readers and the .sol writer: hand-checked
 * matrices for EUC_2D rounding and every EXPLICIT format, the CMT mapping
 * of DISTANCE and SERVICE_TIME, Solomon with CRLF and one-decimal
 * truncation, bad files (each CL_EINPUT naming "file: line N"), the .sol
 * format, and one real file (X-n101-k25) when the benchmark data is there.
 *
 * Run from the top of the work tree (tests/run.sh does).
 */
#include <math.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/check.h"
#include "io/sol.h"
#include "io/vrplib.h"
#include "cunlu/solve.h"

/* The EUC_2D matrix of tests/fixtures/euc5.vrp, rounded by hand (nint). */
static const int euc5[6][6] = {
	{0, 5, 6, 3, 7, 5},
	{5, 0, 5, 4, 3, 3},
	{6, 5, 0, 4, 8, 2},
	{3, 4, 4, 0, 7, 3},
	{7, 3, 8, 7, 0, 6},
	{5, 3, 2, 3, 6, 0},
};

/* Real distances x 1000 of cmt5.vrp and sol5.txt (same coordinates). */
static const int real5[6][6] = {
	{0, 5000, 6000, 1414, 7280, 5385},
	{5000, 0, 5000, 3606, 3162, 2828},
	{6000, 5000, 0, 5099, 8062, 2236},
	{1414, 3606, 5099, 0, 6083, 4123},
	{7280, 3162, 8062, 6083, 0, 5831},
	{5385, 2828, 2236, 4123, 5831, 0},
};

/* The same, truncated to one decimal (x 10). */
static const int trunc5[6][6] = {
	{0, 50, 60, 14, 72, 53},
	{50, 0, 50, 36, 31, 28},
	{60, 50, 0, 50, 80, 22},
	{14, 36, 50, 0, 60, 41},
	{72, 31, 80, 60, 0, 58},
	{53, 28, 22, 41, 58, 0},
};

static int same_matrix(const struct cl_matrix *m, const int want[6][6])
{
	int ok = m && m->n == 6;
	for (int i = 0; ok && i < 6; i++)
		for (int j = 0; j < 6; j++)
			if (cl_dist(m, i, j) != want[i][j] || cl_time(m, 0, i, j) != want[i][j]) {
				fprintf(stderr, "matrix[%d][%d] = %d/%d, want %d\n", i, j,
					cl_dist(m, i, j), cl_time(m, 0, i, j), want[i][j]);
				ok = 0;
			}
	return ok;
}

static void test_euc2d(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	static const int dem[6] = {0, 3, 4, 2, 5, 6};

	CHECK_INT(cl_vrplib_read("tests/fixtures/euc5.vrp", &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	CHECK(same_matrix(m, euc5));
	CHECK_INT(inst->planar, 1);
	CHECK_INT(inst->nsites, 6);
	CHECK_STR(info.name, "euc5");
	CHECK_INT(info.dist_div, 1);
	CHECK_INT(info.decimals, 0);
	for (int i = 0; i < 6; i++)
		CHECK_INT(inst->sites[i].demand, dem[i]);
	CHECK(inst->sites[3].lon == 2.5 && inst->sites[3].lat == 0.0);
	CHECK_STR(inst->sites[1].id, "2");
	CHECK_INT(inst->ntypes, 1);
	CHECK_INT(inst->types[0].capacity, 10);
	CHECK_INT(inst->types[0].count, 5);
	CHECK(inst->types[0].cost_per_km == 1000.0);
	CHECK(inst->types[0].fixed_cost == 0.0);
	CHECK_INT(inst->types[0].max_dur_s, 0);
	CHECK_INT(inst->sites[2].service_s, 0);
	CHECK(inst->sites[2].tw_end_s > 1000000);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_explicit(void)
{
	static const char *const files[] = {
		"tests/fixtures/explicit_full.vrp",
		"tests/fixtures/explicit_lower_row.vrp",
		"tests/fixtures/explicit_lower_diag_row.vrp",
		"tests/fixtures/explicit_upper_row.vrp",
		"tests/fixtures/explicit_upper_diag_row.vrp",
	};
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		struct cl_instance *inst = NULL;
		struct cl_matrix *m = NULL;
		struct cl_bench_info info;
		struct cl_error err;
		int rc = cl_vrplib_read(files[k], &inst, &m, &info, &err);
		CHECK_INT(rc, CL_OK);
		if (rc != CL_OK) {
			fprintf(stderr, "%s\n", err.msg);
			continue;
		}
		if (!same_matrix(m, euc5)) {
			fprintf(stderr, "in %s\n", files[k]);
			CHECK(0);
		}
		CHECK_INT(info.dist_div, 1);
		CHECK_INT(inst->sites[5].demand, 6);
		cl_matrix_destroy(m);
		cl_instance_destroy(inst);
	}
}

static void test_cmt(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;

	CHECK_INT(cl_vrplib_read("tests/fixtures/cmt5.vrp", &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	CHECK(same_matrix(m, real5));
	CHECK_INT(info.dist_div, 1000);
	CHECK_INT(info.decimals, 2);
	CHECK_INT(inst->types[0].max_dur_s, 30500);
	CHECK(inst->types[0].cost_per_km == 1.0);
	CHECK_INT(inst->sites[0].service_s, 0);
	for (int i = 1; i < 6; i++)
		CHECK_INT(inst->sites[i].service_s, 2500);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_solomon(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;

	/* distance only: arcs truncated to 0.1, times x 10 */
	CHECK_INT(cl_solomon_read("tests/fixtures/sol5.txt", CL_OBJ_DISTANCE, &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	CHECK(same_matrix(m, trunc5));
	CHECK_STR(info.name, "SOL5");
	CHECK_INT(info.dist_div, 10);
	CHECK_INT(info.decimals, 1);
	CHECK_INT(inst->types[0].count, 3);
	CHECK_INT(inst->types[0].capacity, 10);
	CHECK_INT(inst->types[0].shift_start_s, 0);
	CHECK_INT(inst->types[0].shift_end_s, 2000);
	CHECK(inst->types[0].fixed_cost == 0.0);
	CHECK(inst->types[0].cost_per_km == 100.0);
	CHECK_INT(inst->sites[2].tw_start_s, 100);
	CHECK_INT(inst->sites[2].tw_end_s, 600);
	CHECK_INT(inst->sites[3].service_s, 100);
	CHECK_INT(inst->sites[4].demand, 5);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);

	/* hierarchical: real distances x 1000, a large fixed cost */
	CHECK_INT(cl_solomon_read("tests/fixtures/sol5.txt", CL_OBJ_HIERARCHICAL, &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	CHECK(same_matrix(m, real5));
	CHECK_INT(info.dist_div, 1000);
	CHECK_INT(info.decimals, 2);
	CHECK_INT(inst->sites[2].tw_end_s, 60000);
	CHECK_INT(inst->types[0].shift_end_s, 200000);
	/* 10 x the round trips 2 x (5 + 6 + 1.414 + 7.280 + 5.385) */
	CHECK(fabs(inst->types[0].fixed_cost - 501.58) < 1e-9);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

/* Write text to a temporary .vrp or .txt file; path into buf. */
static void write_tmp(char *buf, size_t n, const char *ext, const char *text)
{
	static int seq;
	FILE *f;

	snprintf(buf, n, "/tmp/cl_test_vrplib_%ld_%d%s", (long)getpid(), seq++, ext);
	f = fopen(buf, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Reading text must fail with CL_EINPUT and a message with want. */
static void expect_bad(const char *ext, const char *text, const char *want)
{
	char path[256], line[300];
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	int rc;

	write_tmp(path, sizeof path, ext, text);
	cl_error_clear(&err);
	rc = cl_bench_read(path, CL_OBJ_DISTANCE, &inst, &m, &info, &err);
	CHECK_INT(rc, CL_EINPUT);
	CHECK(inst == NULL && m == NULL);
	CHECK_HAS(err.msg, path);
	CHECK_HAS(err.msg, want);
	snprintf(line, sizeof line, "%s: line ", path);
	CHECK_HAS(err.msg, line);
	unlink(path);
	cl_instance_destroy(inst);
	cl_matrix_destroy(m);
}

#define HEAD "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\n"
#define COORDS "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 0\n"
#define DEMANDS "DEMAND_SECTION\n1 0\n2 3\n3 4\n"
#define DEPOT "DEPOT_SECTION\n1\n-1\nEOF\n"

static void test_bad_vrp(void)
{
	/* the good file reads */
	{
		char path[256];
		struct cl_instance *inst = NULL;
		struct cl_matrix *m = NULL;
		struct cl_bench_info info;
		struct cl_error err;
		write_tmp(path, sizeof path, ".vrp", HEAD COORDS DEMANDS DEPOT);
		CHECK_INT(cl_bench_read(path, CL_OBJ_DISTANCE, &inst, &m, &info, &err), CL_OK);
		CHECK(inst && inst->nsites == 3 && cl_dist(m, 1, 2) == 5);
		unlink(path);
		cl_instance_destroy(inst);
		cl_matrix_destroy(m);
	}
	expect_bad(".vrp", HEAD COORDS DEPOT, "line 13: no DEMAND_SECTION");
	expect_bad(".vrp", HEAD DEMANDS DEPOT, "no NODE_COORD_SECTION");
	expect_bad(".vrp", HEAD COORDS DEMANDS "EOF\n", "no DEPOT_SECTION");
	expect_bad(".vrp", "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
		   COORDS DEMANDS DEPOT, "no CAPACITY");
	expect_bad(".vrp", HEAD "NODE_COORD_SECTION\n1 0 0\n2 3 x4\n3 6 0\n" DEMANDS DEPOT,
		   "line 8: y coordinate \"x4\" is not a number");
	expect_bad(".vrp", HEAD COORDS "DEMAND_SECTION\n1 0\n2 three\n3 4\n" DEPOT,
		   "line 12: demand \"three\" is not an integer");
	expect_bad(".vrp", HEAD "NODE_COORD_SECTION\n1 0 0\n4 3 4\n3 6 0\n" DEMANDS DEPOT,
		   "line 8: NODE_COORD_SECTION: node 4 out of range 1..3");
	expect_bad(".vrp", HEAD COORDS "DEMAND_SECTION\n1 0\n2 -3\n3 4\n" DEPOT,
		   "line 12: DEMAND_SECTION: node 2: demand -3 must not be negative");
	expect_bad(".vrp", HEAD COORDS DEMANDS "DEPOT_SECTION\n7\n-1\n",
		   "line 15: DEPOT_SECTION: node 7 out of range");
	/* truncated in the middle of the coordinates */
	expect_bad(".vrp", HEAD "NODE_COORD_SECTION\n1 0 0\n2 3",
		   "line 8: NODE_COORD_SECTION: expected \"node x y\", found 2 fields");
	expect_bad(".vrp", HEAD "NODE_COORD_SECTION\n1 0 0\n2 3 4\n",
		   "line 8: NODE_COORD_SECTION: node 3 has no coordinates (file truncated?)");
	expect_bad(".vrp", "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
		   "EDGE_WEIGHT_FORMAT : LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n5 6\n",
		   "line 8: EDGE_WEIGHT_SECTION has 2 of the 3 weights (file truncated?)");
	expect_bad(".vrp", "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
		   "EDGE_WEIGHT_FORMAT : LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n5 6 5 1\n",
		   "line 8: EDGE_WEIGHT_SECTION: more than the 3 weights");
	/* Found by fuzzing: a DIMENSION the file cannot fill allocated its
	 * whole matrix first (22222: 4 GB) */
	expect_bad(".vrp", "NAME : big\nTYPE : CVRP\nDIMENSION : 22222\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
		   "EDGE_WEIGHT_FORMAT : FULL_MATRIX\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 3 4\n",
		   "line 7: EDGE_WEIGHT_SECTION: DIMENSION 22222 needs 493817284 weights, but only 6 "
		   "bytes follow (file truncated?)");
	/* ... while one the file just fills is read (3 x 3: 9 weights in 17
	 * bytes) */
	expect_bad(".vrp", "NAME : fits\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
		   "EDGE_WEIGHT_FORMAT : FULL_MATRIX\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n"
		   "0 1 1 1 0 1 1 1 0",
		   "no DEMAND_SECTION");
	expect_bad(".vrp", "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : GEO\n",
		   "line 4: EDGE_WEIGHT_TYPE GEO");
	expect_bad(".vrp", "NAME : bad\nNODE_COORD_SECTION\n1 0 0\n", "line 2: NODE_COORD_SECTION before DIMENSION");
	expect_bad(".vrp", "NAME : bad\nDIMENSION : many\n", "line 2: DIMENSION \"many\" is not an integer");
	expect_bad(".vrp", HEAD COORDS DEMANDS "DEPOT_SECTION\n1\n2\n-1\n", "line 16: DEPOT_SECTION: a second depot");
	/* Found by fuzzing: a format changed after the weights were sized
	 * made the reader index past them. */
	expect_bad(".vrp", "NAME : w\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
		   "EDGE_WEIGHT_FORMAT : UPPER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n5 6\n3\n"
		   "DEMAND_SECTION\n1 0\n2 3\n3 4\nDEPOT_SECTION\n1\n-1\n"
		   "EDGE_WEIGHT_FORMAT : UPPER_DIAG_ROW\nEOF\n", "line 17: second EDGE_WEIGHT_FORMAT");
}

#define SOLHEAD "BAD\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  3         10\r\n\r\nCUSTOMER\r\n" \
	"CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n\r\n" \
	"    0      0         0          0          0        200          0\r\n"

static void test_bad_solomon(void)
{
	expect_bad(".txt", SOLHEAD "    1      3         4          3          0         50          5\r\n"
		   "    2      6         0         -4         10         60          5\r\n",
		   "line 12: customer 2: DEMAND -4 must be a non-negative integer");
	expect_bad(".txt", SOLHEAD "    1      3         4          3          0         5O          5\r\n",
		   "line 11: DUE DATE \"5O\" is not a number");
	expect_bad(".txt", SOLHEAD "    1      3         4          3          0         50          5\r\n"
		   "    3      6         0          4         10         60          5\r\n",
		   "line 12: CUST NO. 3 out of order (expected 2");
	expect_bad(".txt", SOLHEAD "    1      3         4          3          0\r\n",
		   "line 11: expected 7 fields");
	expect_bad(".txt", SOLHEAD, "no customers (file truncated?)");
	expect_bad(".txt", "BAD\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n", "line 3: no VEHICLE section");
	expect_bad(".txt", SOLHEAD "    1      3         4          3         60         50          5\r\n",
		   "line 11: customer 1: DUE DATE 50 before READY TIME 60");
}

/* Solve euc5, write the .sol and read it back. */
static void test_sol_writer(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_solution *sol = NULL;
	struct cl_solve_params sp;
	struct cl_solve_stats st;
	struct cl_report rep;
	struct cl_bench_info info;
	struct cl_error err;
	char path[256], line[256], want[64];
	FILE *f;
	int nroutes = 0, seen[6] = {0}, cost_lines = 0;

	memset(&rep, 0, sizeof rep);
	CHECK_INT(cl_vrplib_read("tests/fixtures/euc5.vrp", &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	cl_solve_params_default(&sp);
	sp.max_iters = 500;
	sp.time_limit_s = 60;
	CHECK_INT(cl_solve(inst, m, &sp, &sol, &st, &err), CL_OK);
	CHECK_INT(cl_check(inst, m, sol, &rep, &err), CL_OK);
	snprintf(path, sizeof path, "/tmp/cl_test_vrplib_%ld.sol", (long)getpid());
	CHECK_INT(cl_sol_write(path, sol, &rep, &info, &err), CL_OK);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && fgets(line, sizeof line, f)) {
		int k, off;
		if (sscanf(line, "Route #%d:%n", &k, &off) == 1) {
			char *p = line + off, *end;
			CHECK_INT(k, ++nroutes);
			for (long v = strtol(p, &end, 10); end != p; v = strtol(p, &end, 10)) {
				CHECK(v >= 1 && v <= 5);
				if (v >= 1 && v <= 5)
					seen[v]++;
				p = end;
			}
		} else {
			snprintf(want, sizeof want, "Cost %ld\n", rep.total_dist_m);
			CHECK_STR(line, want);
			cost_lines++;
		}
	}
	if (f)
		fclose(f);
	CHECK_INT(cost_lines, 1);
	CHECK_INT(nroutes, rep.vehicles_used);
	for (int v = 1; v <= 5; v++)
		CHECK_INT(seen[v], 1);
	/* capacity 10, demands 20: at least 2 routes */
	CHECK(nroutes >= 2);
	/* an unwritable place fails with CL_EOUTPUT and leaves nothing */
	CHECK_INT(cl_sol_write("/nonexistent-dir/x.sol", sol, &rep, &info, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "/nonexistent-dir/x.sol");
	unlink(path);
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_format_cost(void)
{
	struct cl_bench_info info;
	char buf[64];

	memset(&info, 0, sizeof info);
	info.dist_div = 1;
	cl_bench_format_cost(&info, 27591, buf, sizeof buf);
	CHECK_STR(buf, "27591");
	info.dist_div = 10;
	info.decimals = 1;
	cl_bench_format_cost(&info, 16377, buf, sizeof buf);
	CHECK_STR(buf, "1637.7");
	info.dist_div = 1000;
	info.decimals = 2;
	cl_bench_format_cost(&info, 555430, buf, sizeof buf);
	CHECK_STR(buf, "555.43");
	CHECK(cl_bench_is_file("a/X-n101-k25.vrp") && cl_bench_is_file("C101.TXT"));
	CHECK(!cl_bench_is_file("villages.shp") && !cl_bench_is_file(".vrp"));
}

/* A benchmark file from ../shared/benchmarks, else from instances/. */
static const char *bench_file(const char *rel, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "../shared/benchmarks/%s/%s", rel, name);
	if (access(buf, R_OK) == 0)
		return buf;
	snprintf(buf, n, "instances/%s", name);
	return buf;
}

static void test_real_x(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	char buf[512];
	const char *path = bench_file("cvrp/X", "X-n101-k25.vrp", buf, sizeof buf);
	int total = 0;

	CHECK_INT(cl_vrplib_read(path, &inst, &m, &info, &err), CL_OK);
	if (!inst) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(info.name, "X-n101-k25");
	CHECK_INT(inst->nsites, 101);
	CHECK_INT(inst->types[0].capacity, 206);
	CHECK(inst->sites[0].lon == 365 && inst->sites[0].lat == 689);
	/* node 2 (146,180) to node 3 (792,5): sqrt(646^2 + 175^2) = 669.28 */
	CHECK_INT(cl_dist(m, 1, 2), 669);
	for (int i = 1; i < inst->nsites; i++)
		total += inst->sites[i].demand;
	CHECK(total > 25 * 206 - 206 && total <= 25 * 206);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

int main(void)
{
	RUN(test_euc2d);
	RUN(test_explicit);
	RUN(test_cmt);
	RUN(test_solomon);
	RUN(test_bad_vrp);
	RUN(test_bad_solomon);
	RUN(test_sol_writer);
	RUN(test_format_cost);
	RUN(test_real_x);
	TT_END();
}
