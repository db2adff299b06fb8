/*
 * cli.h -- the command line: `cunlu solve VILLAGES.shp [options]`, or
 * `cunlu solve FILE.vrp|FILE.txt [options]` for a benchmark file.
 * Parsing only; main.c runs the job.
 */
#ifndef CUNLU_CLI_H
#define CUNLU_CLI_H

#include <stdio.h>

#include "cunlu/error.h"
#include "cunlu/router.h"
#include "io/datum.h"
#include "io/shp.h"
#include "io/vrplib.h"

enum cl_command { CL_CMD_NONE, CL_CMD_HELP, CL_CMD_VERSION, CL_CMD_SOLVE };

/* --threads by default: the cores, at most this many. */
#define CL_CLI_MAX_THREADS 8

struct cl_options {
	enum cl_command cmd;
	const char *villages;        /* VILLAGES.shp, or a benchmark .vrp/.txt */
	const char *depot_file;      /* --depot FILE.shp, or NULL */
	int depot_given;             /* --depot LON,LAT given */
	double depot_lon, depot_lat;
	const char *fleet;           /* --fleet FILE.json, or NULL */
	const char *orders;          /* --orders FILE.csv, or NULL */
	char date[32];               /* --date YYYY-MM-DD (default tomorrow) */
	int date_default;            /* 1: date is tomorrow, not given */
	int weekday;                 /* its ISO weekday, 1 = Monday */
	double defer_cost;           /* --defer-cost (default 2) */
	struct cl_fieldmap fields;   /* --field key=COLUMN overrides */
	int strict;                  /* --strict: data warnings are errors */
	int allow_far;               /* --allow-far: far villages/depot only warned */
	const char *run_id;          /* --run-id ID (default: made by main.c) */
	double lock_wait_s;          /* --lock-wait SECONDS (default 60) */
	double detour;               /* --detour (default 1.3) */
	const char *roads;           /* --roads FILE.shp (road network) */
	struct cl_roads_opts road;   /* --road-field KEY=COLUMN overrides */
	double snap_warn_m;          /* --snap-warn METRES (default 500) */
	double snap_max_m;           /* --snap-max METRES (default 1000, router.h) */
	const char *osrm;            /* --osrm URL */
	const char *osrm_profile;    /* --osrm-profile (default "driving") */
	int osrm_max_table;          /* --osrm-max-table (default 100) */
	double osrm_timeout_s;       /* --osrm-timeout SECONDS (default 30) */
	const char *matrix_cache;    /* --matrix-cache DIR */
	const char *nofly;           /* --no-fly FILE.shp (polygons), or NULL */
	const char *drone_sites;     /* --drone-sites FILE.shp (points), or NULL */
	double time_limit_s;         /* --time-limit: the whole run (default 30) */
	double search_time_s;        /* --search-time: the search alone (0: none) */
	int cpu_time;                /* --cpu-time: the search's limit in CPU seconds */
	long iterations;             /* --iterations (0 = automatic) */
	long seed;                   /* --seed (default 1, >= 0) */
	int threads;                 /* --threads (1..256): searches and road
					matrix threads; default the cores, at
					most CL_CLI_MAX_THREADS */
	const char *out_dir;         /* --out-dir (default "out") */
	const char *shp_encoding;    /* --shp-encoding: "UTF-8" (default) or "GBK" */
	const char *crs;             /* --crs: CRS of village/depot layers without .prj */
	enum cl_datum coords;        /* --coords: datum of the village/depot positions */
	enum cl_datum out_coords;    /* --out-coords: datum of the output positions */
	int ilp;                     /* --ilp: GLPK set-partitioning refinement */
	double ilp_time_s;           /* --ilp-time-limit (0 = 15% of --time-limit) */
	double ilp_gap;              /* --ilp-gap (relative, default 0) */
	int verbosity;               /* -q 0, default 1, -v 2, -vv 3 */
	/* benchmark mode (a .vrp or .txt file instead of a shapefile) */
	const char *sol_path;        /* --sol OUT.sol, or NULL */
	enum cl_bench_objective objective;  /* --objective (default hierarchical) */
	int time_limit_given;        /* --time-limit was on the command line */
	int search_time_given;       /* --search-time was on the command line */
	double start_s;              /* when the run started (util/clock.h's
					cl_now_s), set by main.c, not parsed */
};

/*
 * Parse argv into opt (strings borrowed from argv). CL_EINPUT with a
 * message on a bad command line.
 */
int cl_cli_parse(int argc, char **argv, struct cl_options *opt,
		 struct cl_error *err);

/* The --help text. */
void cl_cli_usage(FILE *f);

#endif
