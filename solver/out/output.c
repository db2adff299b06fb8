/*
 * output.c -- writing the output set into --out-dir (see output.h).
 *
 * The four files change together or not at all, as far as POSIX allows:
 * each is written to "DIR/.NAME.tmp.<pid>" (opened exclusively), checked,
 * flushed, fsync'ed and closed, and only when all four got that far are
 * they renamed over the old outputs, one rename each. Any failure before
 * the renames removes the temporary files (and the directory, if this call
 * created it) and leaves the old outputs as they were. A rename can still
 * fail halfway through the set (the file system failing between two
 * renames); the message then says how many files were replaced. The
 * directory is fsync'ed after the renames, best effort.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunlu/log.h"
#include "out/internal.h"
#include "cunlu/output.h"

struct out_file {
	const char *name;
	int (*write)(FILE *fp, const struct cl_instance *inst,
		     const struct cl_solution *sol, const struct cl_report *rep,
		     const struct cl_runinfo *info, struct cl_error *err);
};

static const struct out_file out_files[] = {
	{ "routes.geojson", cl_out_routes_geojson },
	{ "stops.geojson", cl_out_stops_geojson },
	{ "summary.json", cl_out_summary },
	{ "dispatch.csv", cl_out_dispatch },
};

#define NFILES ((int)(sizeof out_files / sizeof out_files[0]))

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

/* "DIR/PREFIXNAMESUFFIX", malloc'ed; NULL when out of memory. */
static char *join_path(const char *dir, const char *prefix, const char *name,
		       const char *suffix)
{
	size_t dl = strlen(dir);
	const char *sep = dl > 0 && dir[dl - 1] == '/' ? "" : "/";
	size_t n = dl + strlen(sep) + strlen(prefix) + strlen(name) + strlen(suffix) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s%s%s", dir, sep, prefix, name, suffix);
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

/*
 * Write one file of the set to its temporary path: create it exclusively,
 * let the writer fill it, then flush, fsync and close, checking each step.
 * *tmp (owned by the caller, free()) is set as soon as the file may exist,
 * so the caller can remove it whatever happens.
 */
static int write_temp(const char *dir, const struct out_file *f,
		      const struct cl_instance *inst,
		      const struct cl_solution *sol,
		      const struct cl_report *rep,
		      const struct cl_runinfo *info, char **tmp,
		      struct cl_error *err)
{
	char suffix[32];
	char *final = NULL;
	FILE *fp = NULL;
	int rc = CL_OK;

	snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
	*tmp = join_path(dir, ".", f->name, suffix);
	final = join_path(dir, "", f->name, "");
	if (!*tmp || !final) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory writing outputs");
		goto cleanup;
	}
	/* A leftover of an earlier process with our pid is ours to replace. */
	if (unlink(*tmp) != 0 && errno != ENOENT) {
		rc = cl_fail(err, CL_EOUTPUT, "cannot remove %s: %s", *tmp,
			     strerror(errno));
		goto cleanup;
	}
	fp = fopen(*tmp, "wx");
	if (!fp) {
		rc = cl_fail(err, CL_EOUTPUT, "cannot create %s: %s", *tmp,
			     strerror(errno));
		goto cleanup;
	}
	rc = f->write(fp, inst, sol, rep, info, err);
	if (rc) {
		cl_fail_prefix(err, "%s", final);
		goto cleanup;
	}
	errno = 0;
	if (ferror(fp) || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		rc = cl_fail(err, CL_EOUTPUT, "cannot write %s: %s", *tmp,
			     errno ? strerror(errno) : "stream error");
		goto cleanup;
	}
	errno = 0;
	if (fclose(fp) != 0) {
		fp = NULL;
		rc = cl_fail(err, CL_EOUTPUT, "cannot close %s: %s", *tmp,
			     errno ? strerror(errno) : "stream error");
		goto cleanup;
	}
	fp = NULL;
cleanup:
	if (fp)
		fclose(fp);
	free(final);
	return rc;
}

/* Flush the renames to disk; a failure only deserves a warning. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
		cl_warn("cannot sync directory %s: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* Rename every temporary file over its final name, refusing directories. */
static int rename_all(const char *dir, char *tmp[], struct cl_error *err)
{
	char *final[NFILES] = { NULL };
	struct stat st;
	int rc = CL_OK, done = 0;

	for (int i = 0; i < NFILES; i++) {
		final[i] = join_path(dir, "", out_files[i].name, "");
		if (!final[i]) {
			rc = cl_fail(err, CL_EINTERNAL, "out of memory writing outputs");
			goto cleanup;
		}
		if (stat(final[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = cl_fail(err, CL_EOUTPUT, "%s: %s", final[i],
				     strerror(EISDIR));
			goto cleanup;
		}
	}
	for (; done < NFILES; done++) {
		if (rename(tmp[done], final[done]) != 0) {
			rc = cl_fail(err, CL_EOUTPUT,
				     "cannot rename %s to %s: %s (%d of %d outputs already replaced)",
				     tmp[done], final[done], strerror(errno),
				     done, NFILES);
			goto cleanup;
		}
		free(tmp[done]);
		tmp[done] = NULL;
	}
	sync_dir(dir);
cleanup:
	for (int i = 0; i < NFILES; i++)
		free(final[i]);
	return rc;
}

/*
 * The four files into dir (see output.h and the top of this file). All
 * arguments are borrowed; nothing stays allocated after the call.
 */
int cl_write_outputs(const char *dir, const struct cl_instance *inst,
		     const struct cl_solution *sol,
		     const struct cl_report *rep,
		     const struct cl_runinfo *info, struct cl_error *err)
{
	char *tmp[NFILES] = { NULL };
	int rc, created = 0;

	rc = check_args(inst, sol, rep, info, err);
	if (rc)
		return rc;
	rc = ensure_dir(dir, &created, err);
	if (rc)
		return rc;
	for (int i = 0; i < NFILES; i++) {
		rc = write_temp(dir, &out_files[i], inst, sol, rep, info,
				&tmp[i], err);
		if (rc)
			goto cleanup;
	}
	rc = rename_all(dir, tmp, err);
cleanup:
	for (int i = 0; i < NFILES; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
	if (rc && created)
		rmdir(dir);
	return rc;
}
