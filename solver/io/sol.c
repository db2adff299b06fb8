/*
 * io/sol.c -- the CVRPLIB .sol writer (io/sol.h).
 *
 * EXPORTED FUNCTIONS: cl_sol_write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/sol.h"
#include "util/file.h"

/* Write the routes and the Cost line to f. CL_OK, or CL_EOUTPUT naming
 * path when a write fails. */
static int write_body(FILE *f, const char *path, const struct cl_solution *sol,
		      const struct cl_report *rep,
		      const struct cl_bench_info *info, struct cl_error *err)
{
	char cost[64];
	int k = 0, trips = 0;

	for (int r = 0; r < sol->nroutes; r++)
		trips |= sol->routes[r].trip > 0;
	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *rt = &sol->routes[r];
		int first = info->name_vehicles && rt->type >= 0 && rt->type < info->ntypes ?
			    info->type_first[rt->type] : 1;
		if (rt->nstops == 0)
			continue;
		if (fprintf(f, "Route #%d", ++k) < 0)
			goto failed;
		if (info->name_vehicles &&
		    fprintf(f, " (vehicle %d%s", first + rt->vehicle, trips ? ", trip " : ")") < 0)
			goto failed;
		if (info->name_vehicles && trips && fprintf(f, "%d)", rt->trip + 1) < 0)
			goto failed;
		if (fputc(':', f) == EOF)
			goto failed;
		for (int i = 0; i < rt->nstops; i++)
			if (fprintf(f, " %d", rt->stops[i]) < 0)
				goto failed;
		if (fputc('\n', f) == EOF)
			goto failed;
	}
	cl_bench_format_objective(info, rep->total_dist_m, rep->total_cost, cost, sizeof cost);
	if (fprintf(f, "Cost %s\n", cost) < 0)
		goto failed;
	return CL_OK;
failed:
	return cl_fail(err, CL_EOUTPUT, "%s: write failed: %s", path, strerror(errno));
}

int cl_sol_write(const char *path, const struct cl_solution *sol,
		 const struct cl_report *rep, const struct cl_bench_info *info,
		 struct cl_error *err)
{
	struct cl_atomic_file f = { 0 };
	int rc;

	rc = cl_atomic_create(&f, path, err);
	if (rc)
		goto cleanup;
	rc = write_body(f.fp, path, sol, rep, info, err);
	if (rc)
		goto cleanup;
	rc = cl_atomic_commit(&f, 1, err);
cleanup:
	cl_atomic_abort(&f);
	return rc;
}
