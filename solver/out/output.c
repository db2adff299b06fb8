/*
 * output.c -- writing the output set into --out-dir (see output.h).
 *
 * The files of the set (out_files below) change together or not at all,
 * as far as POSIX allows: they are one set for util/file.h's atomic
 * writer, each written to "DIR/.NAME.tmp.<pid>" and all of them flushed,
 * fsync'ed and closed before the first is renamed over its old output. Any failure before the renames
 * removes the temporary files (and the directory, if this call created
 * it) and leaves the old outputs as they were. A rename can still fail
 * halfway through the set (the file system failing between two renames);
 * the message then says how many files were replaced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunlu/output.h"
#include "out/internal.h"
#include "out/layers.h"
#include "util/file.h"

#define MAX_MEMBERS 5   /* files one writer writes: a shapefile's five */

/* One entry of the set: the file(s) one writer fills. */
struct out_file {
	const char *name[MAX_MEMBERS];   /* NULL after the last */
	int (*write)(FILE **fp, const struct cl_out *o, struct cl_error *err);
};

static int write_summary(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return cl_out_summary(fp[0], o->inst, o->sol, o->rep, o->info, err);
}

static int write_dispatch(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return cl_out_dispatch(fp[0], o->inst, o->sol, o->rep, o->info, err);
}

static const struct out_file out_files[] = {
	{ { "routes.geojson" }, cl_out_routes_geojson },
	{ { "stops.geojson" }, cl_out_stops_geojson },
	{ { "summary.json" }, write_summary },
	{ { "dispatch.csv" }, write_dispatch },
	{ { "routes.shp", "routes.shx", "routes.dbf", "routes.prj", "routes.cpg" },
	  cl_out_routes_shp },
	{ { "stops.shp", "stops.shx", "stops.dbf", "stops.prj", "stops.cpg" },
	  cl_out_stops_shp },
	{ { "map.html" }, cl_out_map },
	{ { "sheets.html" }, cl_out_sheets },
};

#define NENTRIES ((int)(sizeof out_files / sizeof out_files[0]))
#define NFILES (NENTRIES * MAX_MEMBERS)

/*
 * The writers index sites, types and report entries without looking; make
 * sure they can. A mismatch is a bug in the caller, hence CL_EINTERNAL.
 */
static int check_args(const struct cl_instance *inst,
		      const struct cl_solution *sol,
		      const struct cl_report *rep,
		      const struct cl_runinfo *info, struct cl_error *err)
{
	if (!inst || !sol || !rep || !info || inst->nsites < 1)
		return cl_fail(err, CL_EINTERNAL,
			       "writing outputs: missing instance, solution, report or run info");
	if (rep->nroutes != sol->nroutes)
		return cl_fail(err, CL_EINTERNAL,
			       "writing outputs: the report has %d routes, the solution %d",
			       rep->nroutes, sol->nroutes);
	for (int r = 0; r < sol->nroutes; r++) {
		const struct cl_route *route = &sol->routes[r];
		const struct cl_route_eval *ev = &rep->routes[r];

		if (route->type < 0 || route->type >= inst->ntypes ||
		    route->vehicle < 0 || route->nstops < 0)
			return cl_fail(err, CL_EINTERNAL,
				       "writing outputs: route %d has a bad vehicle type or number",
				       r + 1);
		if (ev->nstops != route->nstops)
			return cl_fail(err, CL_EINTERNAL,
				       "writing outputs: route %d has %d stops, its report %d",
				       r + 1, route->nstops, ev->nstops);
		for (int i = 0; i < route->nstops; i++)
			if (route->stops[i] < 1 || route->stops[i] >= inst->nsites ||
			    ev->stops[i].site != route->stops[i])
				return cl_fail(err, CL_EINTERNAL,
					       "writing outputs: route %d, stop %d: bad site or not the site in the report",
					       r + 1, i + 1);
	}
	for (int u = 0; u < sol->nunassigned; u++)
		if (sol->unassigned[u] < 1 || sol->unassigned[u] >= inst->nsites)
			return cl_fail(err, CL_EINTERNAL,
				       "writing outputs: unassigned village %d has a bad site index",
				       u + 1);
	return CL_OK;
}

/* "DIR/NAME", malloc'ed; NULL when out of memory. */
static char *join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	const char *sep = dl > 0 && dir[dl - 1] == '/' ? "" : "/";
	size_t n = dl + strlen(sep) + strlen(name) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", dir, sep, name);
	return p;
}

/* Make sure dir is a directory, creating it (one level) if missing. */
static int ensure_dir(const char *dir, int *created, struct cl_error *err)
{
	struct stat st;

	*created = 0;
	if (mkdir(dir, 0777) == 0) {
		*created = 1;
		return CL_OK;
	}
	if (errno != EEXIST)
		return cl_fail(err, CL_EOUTPUT, "cannot create directory %s: %s",
			       dir, strerror(errno));
	if (stat(dir, &st) != 0)
		return cl_fail(err, CL_EOUTPUT, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cl_fail(err, CL_EOUTPUT, "%s: %s", dir, strerror(ENOTDIR));
	return CL_OK;
}

int cl_write_outputs(const char *dir, const struct cl_instance *inst,
		     const struct cl_solution *sol,
		     const struct cl_report *rep,
		     const struct cl_runinfo *info, struct cl_error *err)
{
	struct cl_atomic_file set[NFILES];
	struct cl_layers layers;
	struct cl_out o = { inst, sol, rep, info, &layers };
	int rc, created = 0, n = 0;

	memset(set, 0, sizeof set);
	memset(&layers, 0, sizeof layers);
	rc = check_args(inst, sol, rep, info, err);
	if (rc)
		return rc;
	rc = cl_layers_build(inst, sol, rep, info, &layers, err);
	if (rc)
		goto cleanup;
	rc = ensure_dir(dir, &created, err);
	if (rc)
		goto cleanup;
	for (int e = 0; e < NENTRIES; e++) {
		FILE *fp[MAX_MEMBERS] = { NULL };
		int first = n;

		for (int m = 0; m < MAX_MEMBERS && out_files[e].name[m]; m++, n++) {
			char *path = join_path(dir, out_files[e].name[m]);

			if (!path) {
				rc = cl_oom(err, "writing outputs");
				goto cleanup;
			}
			rc = cl_atomic_create(&set[n], path, err);
			free(path);
			if (rc)
				goto cleanup;
			fp[m] = set[n].fp;
		}
		rc = out_files[e].write(fp, &o, err);
		if (rc) {
			cl_fail_prefix(err, "%s", set[first].path);
			goto cleanup;
		}
	}
	rc = cl_atomic_commit(set, n, err);
cleanup:
	for (int i = 0; i < NFILES; i++)
		cl_atomic_abort(&set[i]);
	cl_layers_free(&layers);
	if (rc && created)
		rmdir(dir);
	return rc;
}
