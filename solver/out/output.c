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
 *
 * ONE RUN AT A TIME. Two runs writing into one directory (cron and a
 * person) would interleave their renames and leave a mix of two sets. So
 * the writing of the set -- from the first temporary file to the last
 * rename and the directory's fsync -- holds an exclusive flock(2) on
 * DIR/.cunlu.lock. A second run waits for it, up to info->lock_wait_s
 * (polling every 0.1 s), then gives up with CL_ELOCKED (exit 7) and writes
 * nothing. The lock file stays (removing a lock file races with a process
 * that has just opened it), except in a directory this call created and
 * removes again. Every file of the set carries info->run_id, so that a
 * consumer can check that what it reads is one set.
 */
#define _DEFAULT_SOURCE      /* flock */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunlu/log.h"
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

#define LOCK_NAME ".cunlu.lock"

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Take dir's lock (see the top of the file) into *fd: CL_OK, CL_ELOCKED
 * when another run still holds it after wait_s seconds, CL_EOUTPUT when
 * the lock file cannot be opened, CL_EINTERNAL when out of memory.
 */
static int lock_dir(const char *dir, double wait_s, int *fd, struct cl_error *err)
{
	char *path = join_path(dir, LOCK_NAME);
	double until = now_s() + (wait_s > 0 ? wait_s : 0);
	int rc = CL_OK, waited = 0;

	*fd = -1;
	if (!path)
		return cl_oom(err, "locking %s", dir);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (*fd < 0) {
		rc = cl_fail(err, CL_EOUTPUT, "cannot open the lock file %s: %s", path,
			     strerror(errno));
		goto done;
	}
	for (;;) {
		struct timespec tick = { 0, 100000000 };

		if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = cl_fail(err, CL_EOUTPUT, "cannot lock %s: %s", path, strerror(errno));
			goto done;
		}
		if (now_s() >= until) {
			rc = cl_fail(err, CL_ELOCKED, "%s is in use by another run of cunlu (%s "
				     "is locked)%s; nothing written", dir, path,
				     wait_s > 0 ? ", still after --lock-wait" : "");
			goto done;
		}
		if (!waited++)
			cl_info("%s: another run is writing there; waiting up to %.0f s",
				dir, wait_s);
		nanosleep(&tick, NULL);
	}
done:
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

int cl_write_outputs(const char *dir, const struct cl_instance *inst,
		     const struct cl_solution *sol,
		     const struct cl_report *rep,
		     const struct cl_runinfo *info, struct cl_error *err)
{
	struct cl_atomic_file set[NFILES];
	struct cl_layers layers;
	struct cl_out o = { inst, sol, rep, info, &layers };
	int rc, created = 0, n = 0, lock = -1;

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
	rc = lock_dir(dir, info->lock_wait_s, &lock, err);
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
	if (rc && created) {
		char *lp = join_path(dir, LOCK_NAME);   /* our own new directory */
		if (lp)
			unlink(lp);
		free(lp);
		rmdir(dir);
	}
	if (lock >= 0)
		close(lock);     /* releases the lock, after the renames and fsyncs */
	return rc;
}
