/*
 * output.h -- the files a run writes into --out-dir:
 *
 *   routes.geojson   one LineString Feature per trip of each vehicle
 *   stops.geojson    one Point Feature per visit, plus the villages left
 *                    out (unassigned, deferred, nothing today, not
 *                    scheduled) with their status and reason
 *   summary.json     totals, per-vehicle figures with their trips, the
 *                    villages left out with reasons, counts per status
 *   dispatch.csv     one line per stop in driving order, with the reloads
 *                    between trips, for the drivers
 *
 * GeoJSON is RFC 7946 (lon/lat WGS84, no "crs" member); property keys have
 * at most 10 ASCII characters so ogr2ogr can turn the layers into
 * shapefiles unchanged. All four files are written to temporary files in
 * the directory and renamed into place only after every one was written
 * and flushed: on failure the previous outputs stay as they were.
 */
#ifndef CUNLU_OUTPUT_H
#define CUNLU_OUTPUT_H

#include "cunlu/check.h"
#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/router.h"
#include "cunlu/solution.h"
#include "cunlu/solve.h"

/* About the run, for summary.json. Strings are borrowed. */
struct cl_runinfo {
	const char *version;     /* CUNLU_VERSION */
	const char *villages;    /* input path */
	const char *fleet;       /* fleet path, or NULL for the default fleet */
	const char *distances;   /* "geo (detour 1.30)", ... */
	const struct cl_router *router; /* leg shapes for routes.geojson; NULL
					   or no leg_shape: straight lines */
	unsigned long seed;
	double time_limit_s;
	double elapsed_s;
	long iterations;
	const struct cl_ilp_stats *ilp; /* --ilp figures, or NULL */
	const char *shp_encoding; /* the shapefiles' code page: "UTF-8" (or
				     NULL) or "GBK" (--shp-encoding) */
	int out_datum;            /* positions written in this datum
				     (--out-coords; enum cl_datum of
				     io/datum.h: 0 WGS 84, 1 GCJ-02, 2 BD-09) */
	const char *orders;      /* --orders path, or NULL */
	const char *date;        /* the day planned, "YYYY-MM-DD", or NULL */
	double defer_cost;       /* --defer-cost */
	/* Why each unassigned (deferred) village is left out, parallel to
	   sol->unassigned (sol->deferred), with the binding rule's short
	   name (model/explain.h); NULL: the reason codes' text. */
	const char *const *unassigned_why;
	const char *const *unassigned_rule;
	const char *const *deferred_why;
	/* The run's identity, written into every output (summary.json
	   "run_id", a member of each GeoJSON FeatureCollection, the first
	   line of dispatch.csv, a column of the shapefiles, a <meta> of the
	   HTML pages), so that a consumer can tell a set from a mix; NULL:
	   none. */
	const char *run_id;
	/* How long to wait for another run's lock on the output directory
	   before giving up with CL_ELOCKED (seconds; 0: do not wait). */
	double lock_wait_s;
};

/*
 * Write the output set (README "Outputs"; the table in out/output.c) into
 * dir, creating dir if it does not exist (one level). The report must
 * come from cl_check() on the same solution; all arguments are borrowed
 * and nothing stays allocated after the call. The files change together:
 * on any failure the earlier outputs are left as they were (see
 * out/output.c for the one exception, a rename failing halfway).
 * CL_EOUTPUT with the path on failure; CL_EINTERNAL for a report that does
 * not match the solution, or when out of memory.
 */
int cl_write_outputs(const char *dir, const struct cl_instance *inst,
		     const struct cl_solution *sol,
		     const struct cl_report *rep,
		     const struct cl_runinfo *info, struct cl_error *err);

#endif
