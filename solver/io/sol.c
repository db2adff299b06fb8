/*
 * io/sol.c -- the CVRPLIB .sol writer (io/sol.h).
 *
 * EXPORTED FUNCTIONS: cl_sol_write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/sol.h"

/* Write the routes and the Cost line to f; 0 on success. */
static int write_body(FILE *f, const struct cl_solution *sol,
		      const struct cl_report *rep,
		      const struct cl_bench_info *info)
{
	char cost[64];
	int k = 0;

	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *rt = &sol->routes[r];
		if (rt->nstops == 0)
			continue;
		if (fprintf(f, "Route #%d:", ++k) < 0)
			return -1;
		for (int i = 0; i < rt->nstops; i++)
			if (fprintf(f, " %d", rt->stops[i]) < 0)
				return -1;
		if (fputc('\n', f) == EOF)
			return -1;
	}
	cl_bench_format_cost(info, rep->total_dist_m, cost, sizeof cost);
	if (fprintf(f, "Cost %s\n", cost) < 0)
		return -1;
	return 0;
}

int cl_sol_write(const char *path, const struct cl_solution *sol,
		 const struct cl_report *rep, const struct cl_bench_info *info,
		 struct cl_error *err)
{
	char *tmp = NULL;
	size_t n = strlen(path);
	FILE *f = NULL;
	int fd = -1, rc = CL_OK;

	tmp = malloc(n + 16);
	if (!tmp)
		return cl_fail(err, CL_EOUTPUT, "%s: out of memory", path);
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cl_fail(err, CL_EOUTPUT, "%s: cannot create a temporary file: %s",
			     path, strerror(errno));
		free(tmp);
		return rc;
	}
	(void)fchmod(fd, 0644);   /* mkstemp makes 0600; a .sol is not secret */
	f = fdopen(fd, "w");
	if (!f) {
		rc = cl_fail(err, CL_EOUTPUT, "%s: %s", path, strerror(errno));
		close(fd);
		goto cleanup;
	}
	if (write_body(f, sol, rep, info) != 0 || fflush(f) != 0) {
		rc = cl_fail(err, CL_EOUTPUT, "%s: write failed: %s", path, strerror(errno));
		goto cleanup;
	}
	if (fclose(f) != 0) {
		f = NULL;
		rc = cl_fail(err, CL_EOUTPUT, "%s: write failed: %s", path, strerror(errno));
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		rc = cl_fail(err, CL_EOUTPUT, "%s: cannot rename the temporary file: %s",
			     path, strerror(errno));
		goto cleanup;
	}
cleanup:
	if (f)
		fclose(f);
	if (rc != CL_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}
