/*
 * mkout.c -- write an output set without solving anything, for the tests
 * of the output files as other programs read them.
 *
 *   mkout DIR [SHP-ENCODING]   the hand-made plan of
 *                              tests/fixtures/output_fixture.h (the
 *                              shapefiles in the code page given, default
 *                              UTF-8): tests/e2e/output_gdal_test.sh,
 *                              html_test.sh
 *   mkout --big N DIR          a synthetic plan of N villages on a square
 *                              county, 50 stops per route, one village in
 *                              20 unassigned, and a kept column: the scale
 *                              test of map.html and sheets.html
 *
 * Exit 0 on success, else the status code with the message on stderr.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/output.h"
#include "output_fixture.h"

#define PER_ROUTE 50

/* A plan of n villages whose figures are made up but consistent. */
static int write_big(const char *dir, int n, struct cl_error *err)
{
	struct cl_instance inst;
	struct cl_solution *sol = cl_solution_create();
	struct cl_report rep;
	struct cl_vtype type = { .name = (char *)"van", .count = n, .capacity = 1000000,
		.speed_kmh = 40, .shift_start_s = 7 * 3600, .shift_end_s = 22 * 3600,
		.fixed_cost = 100, .cost_per_km = 1.2 };
	static const char *const kept[2] = { "LXR", "DH" };
	struct cl_runinfo info = { .version = "test", .villages = "synthetic",
		.distances = "none (mkout --big)" };
	int side = (int)ceil(sqrt(n)), *stops = NULL, nr = 0, rc = CL_OK;

	memset(&inst, 0, sizeof inst);
	memset(&rep, 0, sizeof rep);
	inst.nsites = n + 1;
	inst.sites = calloc((size_t)n + 1, sizeof *inst.sites);
	inst.ntypes = 1;
	inst.types = &type;
	inst.nkept = 2;
	inst.kept_names = (char **)kept;
	stops = malloc(sizeof *stops * PER_ROUTE);
	rep.routes = calloc((size_t)n / PER_ROUTE + 2, sizeof *rep.routes);
	if (!inst.sites || !sol || !stops || !rep.routes) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i <= n; i++) {
		struct cl_site *s = &inst.sites[i];
		char buf[64];

		snprintf(buf, sizeof buf, i ? "V%05d" : "D0", i);
		s->id = strdup(buf);
		snprintf(buf, sizeof buf, i ? "\xe6\x9d\x91 %d" : "depot", i);   /* 村 i */
		s->name = strdup(buf);
		s->lon = i ? 110.0 + 0.6 * ((i - 1) % side) / side : 110.3;
		s->lat = i ? 30.0 + 0.5 * ((i - 1) / side) / side : 30.25;
		s->demand = 1 + i % 5;
		s->tw_end_s = 24 * 3600;
		s->record = i - 1;
		if (i) {
			s->nkept = 2;
			s->kept = calloc(2, sizeof *s->kept);
			snprintf(buf, sizeof buf, "138%08d", i);
			if (s->kept) {
				s->kept[0] = strdup("\xe5\xbc\xa0\xe4\xb8\x89");   /* 张三 */
				s->kept[1] = strdup(buf);
			}
		}
	}
	for (int first = 1; first <= n; first += PER_ROUTE) {
		int k = 0, t = 8 * 3600, load = 0;
		struct cl_route_eval *ev = &rep.routes[nr];

		for (int i = first; i < first + PER_ROUTE && i <= n; i++) {
			if (i % 20 == 0)
				cl_solution_add_unassigned(sol, i, CL_REASON_FLEET);
			else
				stops[k++] = i;
		}
		if (k == 0)
			continue;
		cl_solution_add_route(sol, 0, nr, t, stops, k);
		ev->nstops = k;
		ev->stops = calloc((size_t)k, sizeof *ev->stops);
		if (!ev->stops) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory");
			goto cleanup;
		}
		for (int i = 0; i < k; i++)
			load += inst.sites[stops[i]].demand;
		ev->load_start = ev->load_max = load;
		ev->start_s = t;
		for (int i = 0; i < k; i++) {
			t += 300;
			load -= inst.sites[stops[i]].demand;
			ev->stops[i] = (struct cl_stop_eval){ .site = stops[i], .arrival_s = t,
				.start_s = t, .depart_s = t + 120, .load = load, .dist_m = 500 * (i + 1) };
			t += 120;
		}
		ev->end_s = t + 600;
		ev->dur_s = ev->end_s - ev->start_s;
		ev->dist_m = 500L * (k + 1);
		ev->cost = 100 + 1.2 * (double)ev->dist_m / 1000.0;
		rep.total_dist_m += ev->dist_m;
		rep.total_dur_s += ev->dur_s;
		rep.total_cost += ev->cost;
		rep.served += k;
		nr++;
	}
	rep.nroutes = nr;
	rep.vehicles_used = nr;
	rep.unassigned = sol->nunassigned;
	rc = cl_write_outputs(dir, &inst, sol, &rep, &info, err);
cleanup:
	for (int r = 0; rep.routes && r < nr; r++)
		free(rep.routes[r].stops);
	free(rep.routes);
	inst.ntypes = 0;
	inst.types = NULL;
	inst.nkept = 0;
	inst.kept_names = NULL;
	cl_sites_free(inst.sites, inst.nsites);
	cl_solution_destroy(sol);
	free(stops);
	return rc;
}

int main(int argc, char **argv)
{
	struct fixture fx;
	struct cl_error err;
	int rc;

	cl_error_clear(&err);
	if (argc == 4 && strcmp(argv[1], "--big") == 0) {
		rc = write_big(argv[3], atoi(argv[2]), &err);
	} else if (argc == 2 || argc == 3) {
		fixture_init(&fx);
		if (argc == 3)
			fx.info.shp_encoding = argv[2];
		rc = cl_write_outputs(argv[1], &fx.inst, &fx.sol, &fx.rep, &fx.info, &err);
	} else {
		fprintf(stderr, "usage: mkout DIR [SHP-ENCODING] | mkout --big N DIR\n");
		return 2;
	}
	if (rc)
		fprintf(stderr, "mkout: %s\n", err.msg);
	return rc;
}
