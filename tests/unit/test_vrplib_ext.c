/*
 * test_vrplib_ext.c -- the readers of the rural-fleet benchmark sets
 * (io/vrplib_ext.c): hand-checked small files of each format (matrix,
 * loads, vehicle types, time windows, release dates, trips), bad files
 * (each CL_EINPUT naming "file: line N"), the .sol lines that name
 * vehicles and trips, and -- when ../shared/benchmarks is there -- the
 * published best solutions re-costed by the independent checker: the
 * readers' conventions reproduce the BKS values.
 *
 * Run from the top of the work tree (tests/run.sh does).
 */
#include <math.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/check.h"
#include "cunlu/solve.h"
#include "io/sol.h"
#include "io/vrplib.h"

#define BENCH "../shared/benchmarks/"

static void write_tmp(char *buf, size_t n, const char *ext, const char *text)
{
	static int seq;
	FILE *f;

	snprintf(buf, n, "/tmp/cl_test_vrplib_ext_%ld_%d%s", (long)getpid(), seq++, ext);
	f = fopen(buf, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Read text (as a file with extension ext); CL_OK expected. */
static int read_ok(const char *ext, const char *text, struct cl_instance **inst,
		   struct cl_matrix **m, struct cl_bench_info *info)
{
	char path[256];
	struct cl_error err;
	int rc;

	write_tmp(path, sizeof path, ext, text);
	cl_error_clear(&err);
	rc = cl_bench_read(path, CL_OBJ_DISTANCE, inst, m, info, &err);
	if (rc != CL_OK)
		fprintf(stderr, "%s\n", err.msg);
	unlink(path);
	return rc;
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
	CHECK_HAS(err.msg, want);
	snprintf(line, sizeof line, "%s: line ", path);
	CHECK_HAS(err.msg, line);
	unlink(path);
	cl_instance_destroy(inst);
	cl_matrix_destroy(m);
}

/* ---- LKH-3 VRPSPD ---- */

#define SPD_HEAD "NAME : spd3\nTYPE : VRPSPD\nDIMENSION : 3\nVEHICLES : 1\nCAPACITY : 50\n" \
	"DISTANCE : 0\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n"
#define SPD_BIG "NAME : spdbig\nTYPE : VRPSPD\nDIMENSION : 22222\nVEHICLES : 1\nCAPACITY : 50\n" \
	"DISTANCE : 0\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n"
#define SPD_W "EDGE_WEIGHT_SECTION\n0 30000 40000\n30000 0 50000\n40000 50000 0\n"
#define SPD_PD "PICKUP_AND_DELIVERY_SECTION\n1 0 0 10000000 0 0 0\n2 0 0 10000000 0 7 20\n" \
	"3 0 0 10000000 0 4 9\n"
#define SPD_DEPOT "DEPOT_SECTION\n1\n-1\nEOF\n"

static void test_vrpspd(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;

	CHECK_INT(read_ok(".vrpspd", SPD_HEAD SPD_W SPD_PD SPD_DEPOT, &inst, &m, &info), CL_OK);
	if (!inst)
		return;
	CHECK_STR(info.name, "spd3");
	CHECK_INT(info.dist_div, 10000);   /* Dethloff's convention */
	CHECK_INT(info.money, 0);
	CHECK_INT(cl_dist(m, 1, 2), 50000);
	CHECK_INT(cl_time(m, 0, 0, 2), 40000);
	/* column 6 is the pickup, column 7 the delivery */
	CHECK_INT(inst->sites[1].pickup, 7);
	CHECK_INT(inst->sites[1].demand, 20);
	CHECK_INT(inst->sites[2].pickup, 4);
	CHECK_INT(inst->sites[2].demand, 9);
	CHECK_INT(inst->types[0].capacity, 50);
	CHECK_INT(inst->types[0].count, 2);   /* unlimited: one per customer */
	CHECK(inst->types[0].max_dist_m == 0);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);

	/* EXACT_2D with SCALE: floor(1000 d + 0.5) */
	CHECK_INT(read_ok(".vrpspd", "NAME : g\nTYPE : VRPSPD\nDIMENSION : 3\nCAPACITY : 10\n"
			  "DISTANCE : 999999\nSCALE : 1000\nEDGE_WEIGHT_TYPE : EXACT_2D\n"
			  "NODE_COORD_SECTION\n1 0 0\n2 1 1\n3 3 4\n" SPD_PD SPD_DEPOT,
			  &inst, &m, &info), CL_OK);
	if (!inst)
		return;
	CHECK_INT(info.dist_div, 1000);
	CHECK_INT(cl_dist(m, 0, 1), 1414);
	CHECK_INT(cl_dist(m, 0, 2), 5000);
	CHECK_INT(cl_dist(m, 1, 2), 3606);
	CHECK(inst->types[0].max_dist_m == 999999);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_vrpspd_bad(void)
{
	expect_bad(".vrpspd", SPD_HEAD "EDGE_WEIGHT_SECTION\n0 30000 40000\n30000 0 50000\n40000 50000\n"
		   SPD_PD SPD_DEPOT, "line 12: EDGE_WEIGHT_SECTION: 8 weights, a 3 x 3 matrix needs 9");
	/* said before the matrix is allocated */
	expect_bad(".vrpspd", SPD_BIG "EDGE_WEIGHT_SECTION\n0 30000 40000\n",
		   "EDGE_WEIGHT_SECTION: 3 weights, a 22222 x 22222 matrix needs 493817284");
	expect_bad(".vrpspd", SPD_HEAD SPD_W "PICKUP_AND_DELIVERY_SECTION\n1 0 0 10000000 0 0 0\n"
		   "2 0 0 10000000 0 7 -20\n3 0 0 10000000 0 4 9\n" SPD_DEPOT,
		   "line 15: node 2: DELIVERY -20 must be a non-negative integer");
	expect_bad(".vrpspd", SPD_HEAD SPD_W "PICKUP_AND_DELIVERY_SECTION\n1 0 0 10000000 0 0 0\n"
		   "2 0 0 10000000 0 7 20\n" SPD_DEPOT,
		   "PICKUP_AND_DELIVERY_SECTION: no row for node 3");
	expect_bad(".vrpspd", SPD_HEAD SPD_W "PICKUP_AND_DELIVERY_SECTION\n1 0 0 10000000 0 0 0\n"
		   "2 0 0 10000000 0 7 20\n3 0 50 60 0 4 9\n" SPD_DEPOT,
		   "line 16: node 3: time window 50..60, service 0: time windows in VRPSPD files "
		   "are not supported");
	expect_bad(".vrpspd", SPD_HEAD SPD_W "PICKUP_AND_DELIVERY_SECTION\n1 0 0 10000000 0 0 0\n"
		   "2 0 0 10000000 0 7 20\n2 0 0 10000000 0 4 9\n" SPD_DEPOT,
		   "line 16: PICKUP_AND_DELIVERY_SECTION: node 2 given twice");
	expect_bad(".vrpspd", "NAME : x\nTYPE : VRPSPD\nCAPACITY : 50\n", "line 3: no DIMENSION keyword");
	expect_bad(".vrpspd", "NAME : x\nDIMENSION : three\n", "line 2: DIMENSION \"three\" is not a number");
	expect_bad(".vrpspd", SPD_HEAD SPD_W SPD_PD "DEPOT_SECTION\n4\n-1\n",
		   "line 18: DEPOT_SECTION: node 4 is not in 1..3");
	expect_bad(".vrpspd", SPD_HEAD "EDGE_WEIGHT_SECTION\n0 3x 4\n", "line 10: EDGE_WEIGHT_SECTION \"3x\" is not a number");
	expect_bad(".vrpspd", "NAME : x\n1 2 3\n", "line 2: \"1 2 3\" is outside any section");
	expect_bad(".vrpspd", "NAME : x\nNAME : y\n", "line 2: NAME given twice (first on line 1)");
	expect_bad(".vrpspd", "NAME : x\nTYPE : VRPSPD\nDIMENSION : 3\nCAPACITY : 50\n"
		   "EDGE_WEIGHT_TYPE : GEO\n", "line 5: EDGE_WEIGHT_TYPE \"GEO\"");
}

/* ---- Lacomme & Prins ---- */

#define LP_HEAD " //Lines 1:5      : these comments\n //Line 2\n //Line 3\n //Line 4\n //Line 5\n"
#define LP_FILE LP_HEAD " 3 2 999999.0 0.0 100.5 101.25\n 5 10 20.0 1.0\n 2 30 50.0 1.5\n" \
	" 0 0\n 3 4 6\n 0 5 7\n 6 8 25\n"

static void test_lacomme(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;

	CHECK_INT(read_ok(".txt", LP_FILE, &inst, &m, &info), CL_OK);
	if (!inst)
		return;
	CHECK_INT(info.money, 1);
	CHECK_INT(info.name_vehicles, 1);
	CHECK_INT(info.dist_div, 10000);
	CHECK_INT(inst->nsites, 4);
	CHECK_INT(inst->ntypes, 2);
	CHECK_INT(inst->types[0].count, 5);
	CHECK_INT(inst->types[0].capacity, 10);
	CHECK(inst->types[0].fixed_cost == 20.0);
	CHECK(fabs(inst->types[1].cost_per_km - 0.15) < 1e-12);   /* 1.5 per file unit = per 10^4 matrix units */
	CHECK_INT(info.type_first[0], 1);
	CHECK_INT(info.type_first[1], 6);
	CHECK_INT(inst->sites[3].demand, 25);
	CHECK_INT(cl_dist(m, 0, 1), 50000);
	CHECK_INT(cl_dist(m, 1, 3), 50000);
	CHECK(inst->types[0].max_dist_m == 0);      /* 999999: no range */
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_lacomme_bad(void)
{
	expect_bad(".txt", LP_HEAD " 3 2 999999.0 0.0 100.5\n", "line 6: the header (customers, vehicle types, range, service time, LB, BKS): expected 6 numbers, found 5");
	expect_bad(".txt", LP_HEAD " 3 2 999999.0 0.0 100.5 101.25\n 5 10 20.0 1.0\n 2 0 50.0 1.5\n",
		   "line 8: vehicle type 2: number 2, capacity 0");
	expect_bad(".txt", LP_HEAD " 3 2 999999.0 0.0 100.5 101.25\n 5 10 20.0 1.0\n 2 30 50.0 1.5\n"
		   " 0 0\n 3 4 6\n 0 5 seven\n", "line 11: value \"seven\" is not a number");
	expect_bad(".txt", LP_HEAD " 3 2 999999.0 0.0 100.5 101.25\n 5 10 20.0 1.0\n 2 30 50.0 1.5\n"
		   " 0 0\n 3 4 6\n 0 5 7\n", "the file ends before customer 3 (x, y, demand)");
	expect_bad(".txt", LP_FILE " 1 1 1\n", "line 13: more lines than the 3 customers announced");
	expect_bad(".txt", LP_HEAD " 3 2 999999.0 0.0 100.5 101.25\n 5 10 20.0 1.0\n 2 30 50.0 1.5\n"
		   " 0 0\n 3 4 6.5\n", "line 10: node 1: demand 6.5 must be a non-negative integer");
	expect_bad(".txt", LP_HEAD " 0 2 999999.0 0.0 100.5 101.25\n", "line 6: 0 customers");
}

/* ---- PyVRP dialect ---- */

#define HF_FILE "NAME: hf\nTYPE: HFVRP\nDIMENSION: 3\nVEHICLES: 4\nEDGE_WEIGHT_TYPE: EUC_2D\n" \
	"NODE_COORD_SECTION\n1\t0\t0\n2\t3\t4\n3\t6\t8\nDEMAND_SECTION\n1\t0\n2\t5\n3\t7\n" \
	"CAPACITY_SECTION\n1\t10\n2\t10\n3\t20\n4\t20\n" \
	"VEHICLES_FIXED_COST_SECTION\n1\t1000\n2\t1000\n3\t2500\n4\t2500\n" \
	"VEHICLES_UNIT_DISTANCE_COST_SECTION\n1\t90\n2\t90\n3\t130\n4\t130\n" \
	"DEPOT_SECTION\n1\n-1\nEOF\n"

static void test_hfvrp(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;

	CHECK_INT(read_ok(".vrp", HF_FILE, &inst, &m, &info), CL_OK);
	if (!inst)
		return;
	CHECK_INT(cl_bench_kind("tests/fixtures/euc5.vrp"), CL_BENCH_CVRP);
	CHECK_INT(info.money, 1);
	CHECK_INT(inst->ntypes, 2);
	CHECK_INT(inst->types[0].count, 2);
	CHECK_INT(inst->types[1].capacity, 20);
	CHECK(fabs(inst->types[1].fixed_cost - 25.0) < 1e-12);
	CHECK(fabs(inst->types[0].cost_per_km - 0.09) < 1e-12);
	CHECK_INT(info.type_first[1], 3);
	CHECK_INT(cl_dist(m, 0, 2), 100000);
	CHECK_INT(cl_time(m, 1, 1, 2), 50000);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

#define MT_FILE "NAME: mt\nTYPE: MTVRPTWR\nEDGE_WEIGHT_TYPE: EUC_2D\nDIMENSION: 3\nVEHICLES: 2\n" \
	"CAPACITY: 10\nSERVICE_TIME: 9\nNODE_COORD_SECTION\n1\t0\t0\n2\t3\t4\n3\t1\t1\n" \
	"DEMAND_SECTION\n1\t0\n2\t6\n3\t7\nTIME_WINDOW_SECTION\n1\t0\t500\n2\t10\t100\n3\t0\t400\n" \
	"RELEASE_TIME_SECTION\n1\t0\n2\t0\n3\t30\n" \
	"VEHICLES_RELOAD_DEPOT_SECTION\n1\t1\n2\t1\nDEPOT_SECTION\n1\n-1\nEOF\n"

static void test_mtvrptw(void)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;

	CHECK_INT(read_ok(".vrp", MT_FILE, &inst, &m, &info), CL_OK);
	if (!inst)
		return;
	CHECK_INT(info.money, 0);
	CHECK_INT(info.dist_div, 10);
	CHECK_INT(info.decimals, 1);
	CHECK_INT(inst->ntypes, 1);
	CHECK_INT(inst->types[0].count, 2);
	CHECK_INT(inst->types[0].max_trips, CL_MAX_TRIPS);
	CHECK_INT(inst->types[0].reload_s, 0);
	CHECK_INT(inst->types[0].shift_start_s, 0);
	CHECK_INT(inst->types[0].shift_end_s, 5000);
	CHECK_INT(inst->sites[1].tw_start_s, 100);
	CHECK_INT(inst->sites[1].tw_end_s, 1000);
	CHECK_INT(inst->sites[1].service_s, 90);
	CHECK_INT(inst->sites[2].release_s, 300);
	CHECK_INT(cl_dist(m, 0, 2), 14);     /* floor(10 x 1.414) */
	CHECK_INT(cl_dist(m, 1, 2), 36);     /* floor(10 x 3.606) */
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

static void test_pyvrp_bad(void)
{
	expect_bad(".vrp", "NAME: x\nTYPE: HFVRP\nDIMENSION: 3\nVEHICLES: 2\nEDGE_WEIGHT_TYPE: EUC_2D\n"
		   "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n2 5\n3 7\n"
		   "CAPACITY_SECTION\n1 10\n3 10\nDEPOT_SECTION\n1\n-1\n",
		   "line 16: CAPACITY_SECTION: vehicle 3 is not in 1..2");
	expect_bad(".vrp", "NAME: x\nTYPE: HFVRP\nDIMENSION: 3\nVEHICLES: 2\nEDGE_WEIGHT_TYPE: EUC_2D\n"
		   "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n2 5\n3 7\n"
		   "CAPACITY_SECTION\n1 10\nDEPOT_SECTION\n1\n-1\n",
		   "CAPACITY_SECTION: no row for vehicle 2");
	expect_bad(".vrp", "NAME: x\nTYPE: MTVRPTWR\nDIMENSION: 3\nVEHICLES: 1\nCAPACITY: 5\n"
		   "EDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\n"
		   "DEMAND_SECTION\n1 0\n2 5\n3 7\nTIME_WINDOW_SECTION\n1 0 100\n2 50 40\n3 0 100\n"
		   "DEPOT_SECTION\n1\n-1\n", "line 17: node 2: time window 50..40");
	expect_bad(".vrp", "NAME: x\nTYPE: MTVRPTWR\nDIMENSION: 3\nVEHICLES: 1\nCAPACITY: 5\n"
		   "EDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\n"
		   "DEMAND_SECTION\n1 0\n2 5\n3 7\nTIME_WINDOW_SECTION\n1 0 100\n2 0 40\n3 0 100\n"
		   "VEHICLES_RELOAD_DEPOT_SECTION\n1 2\nDEPOT_SECTION\n1\n-1\n",
		   "line 20: VEHICLES_RELOAD_DEPOT_SECTION: vehicle 1 reloads at node 2, which is not the depot");
	expect_bad(".vrp", "NAME: x\nTYPE: MTVRPTWR\nDIMENSION: 3\nVEHICLES: 1\nCAPACITY: 5\n"
		   "EDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\n"
		   "DEMAND_SECTION\n1 0\n2 5\n3 7\nDEPOT_SECTION\n1\n-1\n",
		   "no TIME_WINDOW_SECTION");
	expect_bad(".vrp", "NAME: x\nTYPE: HFVRP\nEDGE_WEIGHT_TYPE: EXPLICIT\n",
		   "line 3: EDGE_WEIGHT_TYPE \"EXPLICIT\": expected EUC_2D");
	expect_bad(".vrp", "NAME: x\nTYPE: HFVRP\nDIMENSION: 3\nVEHICLES: 0\nEDGE_WEIGHT_TYPE: EUC_2D\n",
		   "line 4: VEHICLES 0 out of range");
}

/* The .sol writer names vehicles (by their number in the file) and trips. */
static void test_sol_names_trips(void)
{
	struct cl_solution *sol = cl_solution_create();
	struct cl_report rep;
	struct cl_bench_info info;
	int a[] = { 2, 1 }, b[] = { 3 };
	char path[256], buf[512];
	struct cl_error err;
	FILE *f;
	size_t n;

	memset(&rep, 0, sizeof rep);
	memset(&info, 0, sizeof info);
	info.name_vehicles = 1;
	info.ntypes = 2;
	info.type_first[0] = 1;
	info.type_first[1] = 5;
	info.dist_div = 10;
	info.decimals = 1;
	rep.total_dist_m = 1234;
	CHECK_INT(cl_solution_add_trip(sol, 1, 2, 0, 0, a, 2, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(sol, 1, 2, 1, 50, b, 1, NULL, NULL), CL_OK);
	write_tmp(path, sizeof path, ".sol", "");
	CHECK_INT(cl_sol_write(path, sol, &rep, &info, &err), CL_OK);
	f = fopen(path, "r");
	n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	CHECK_STR(buf, "Route #1 (vehicle 7, trip 1): 2 1\nRoute #2 (vehicle 7, trip 2): 3\nCost 123.4\n");
	unlink(path);
	cl_solution_destroy(sol);
}

/* ---- published solutions, re-costed by the checker ---- */

/*
 * Read a PyVRP .sol ("Route #k: ..." = vehicle k; 0 = a reload) into a
 * solution of inst: each trip leaves when the previous one is back and
 * its clients' parcels are released, services as early as possible.
 */
static struct cl_solution *read_pyvrp_sol(const char *path, const struct cl_instance *inst,
					  const struct cl_matrix *m,
					  const struct cl_bench_info *info)
{
	struct cl_solution *sol = cl_solution_create();
	FILE *f = fopen(path, "r");
	char line[20000];

	if (!f || !sol) {
		if (f)
			fclose(f);
		cl_solution_destroy(sol);
		return NULL;
	}
	while (fgets(line, sizeof line, f)) {
		int k, off, stops[2000], ns = 0, trip = 0, t = 0, vt = 0, veh;
		char *p;
		if (sscanf(line, "Route #%d:%n", &k, &off) != 1)
			continue;
		/* vehicle k of the file: its type and number */
		for (int ty = 0; ty < info->ntypes; ty++)
			if (info->type_first[ty] <= k)
				vt = ty;
		veh = k - info->type_first[vt];
		p = line + off;
		t = inst->types[vt].shift_start_s;
		for (;;) {
			char *end;
			long v = strtol(p, &end, 10);
			int done = end == p;
			if (!done && v != 0) {
				stops[ns++] = (int)v;
				p = end;
				continue;
			}
			if (ns > 0) {
				/* departure: after the last return and every release */
				int dep = t, prev = 0;
				for (int i = 0; i < ns; i++)
					if (inst->sites[stops[i]].release_s > dep)
						dep = inst->sites[stops[i]].release_s;
				t = dep;
				for (int i = 0; i < ns; i++) {
					t += cl_time(m, vt, prev, stops[i]);
					if (t < inst->sites[stops[i]].tw_start_s)
						t = inst->sites[stops[i]].tw_start_s;
					t += inst->sites[stops[i]].service_s;
					prev = stops[i];
				}
				t += cl_time(m, vt, prev, 0);
				cl_solution_add_trip(sol, vt, veh, trip++, dep, stops, ns, NULL, NULL);
				ns = 0;
			}
			if (done)
				break;
			p = end;
		}
	}
	fclose(f);
	return sol;
}

/* The checker's cost of the published solution = the BKS. */
static void bks_recosted(const char *vrp, const char *solpath, double want)
{
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	struct cl_report rep;
	struct cl_solution *sol;
	char cost[64];

	if (access(vrp, R_OK) != 0)
		return;   /* the benchmark data is not there */
	memset(&rep, 0, sizeof rep);
	CHECK_INT(cl_bench_read(vrp, CL_OBJ_DISTANCE, &inst, &m, &info, &err), CL_OK);
	if (!inst)
		return;
	sol = read_pyvrp_sol(solpath, inst, m, &info);
	CHECK(sol != NULL);
	if (sol) {
		int rc = cl_check(inst, m, sol, &rep, &err);
		if (rc != CL_OK)
			fprintf(stderr, "%s\n", err.msg);
		CHECK_INT(rc, CL_OK);
		cl_bench_format_objective(&info, rep.total_dist_m, rep.total_cost, cost, sizeof cost);
		/* exact for truncated distances; money within rounding (PyVRP's
		 * own integer rounding: up to 0.021 on X641-FSMFD) */
		if (fabs(strtod(cost, NULL) - want) > (info.money ? 0.025 : 1e-6)) {
			fprintf(stderr, "%s: cost %s, want %.2f\n", vrp, cost, want);
			CHECK(0);
		}
	}
	cl_report_free(&rep);
	cl_solution_destroy(sol);
	cl_matrix_destroy(m);
	cl_instance_destroy(inst);
}

/*
 * With CUNLU_ALL_BKS set: every published solution of the MTVRPTW and
 * Pessoa HFVRP sets (bks.csv: `column` holds the cost its .sol has) --
 * the model's conventions (truncation, release dates, fleet limits, fixed
 * and unit costs) cost each at its published value.
 */
static void all_recosted(const char *dir, int column)
{
	char path[512], line[1024];
	FILE *f;
	int rows = 0;

	snprintf(path, sizeof path, "%s/bks.csv", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *field[12], *p = line, vrp[512], sol[512];
		int k = 0;
		line[strcspn(line, "\r\n")] = '\0';
		while (k < 12) {             /* empty fields kept */
			field[k++] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (rows++ == 0 || k <= column)
			continue;
		snprintf(vrp, sizeof vrp, "%s/%s.vrp", dir, field[0]);
		snprintf(sol, sizeof sol, "%s/%s.sol", dir, field[0]);
		if (access(sol, R_OK) == 0)
			bks_recosted(vrp, sol, strtod(field[column], NULL));
	}
	fclose(f);
	fprintf(stderr, "%s: %d published solutions re-costed\n", dir, rows - 1);
}

static void test_published_solutions(void)
{
	if (getenv("CUNLU_ALL_BKS")) {
		all_recosted(BENCH "mtvrptw/yang", 1);
		all_recosted(BENCH "hfvrp/pessoa_x", 5);
	}
	/* Yang's multi-trip VRPTW: distances truncated to 0.1, 19 trips */
	bks_recosted(BENCH "mtvrptw/yang/C201R0.25.vrp", BENCH "mtvrptw/yang/C201R0.25.sol", 1500.6);
	bks_recosted(BENCH "mtvrptw/yang/R202R0.5.vrp", BENCH "mtvrptw/yang/R202R0.5.sol", 1413.8);
	/* Pessoa et al.: exact distances, costs / 100 */
	bks_recosted(BENCH "hfvrp/pessoa_x/X101-FSMFD.vrp", BENCH "hfvrp/pessoa_x/X101-FSMFD.sol",
		     35170.24);
}

int main(void)
{
	RUN(test_vrpspd);
	RUN(test_vrpspd_bad);
	RUN(test_lacomme);
	RUN(test_lacomme_bad);
	RUN(test_hfvrp);
	RUN(test_mtvrptw);
	RUN(test_pyvrp_bad);
	RUN(test_sol_names_trips);
	RUN(test_published_solutions);
	TT_END();
}
