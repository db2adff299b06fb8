/*
 * cli.c -- parsing the command line (cli.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"

void cl_cli_usage(FILE *f)
{
	fputs(
"usage: cunlu solve VILLAGES.shp [options]\n"
"       cunlu solve FILE.vrp|FILE.txt [--sol OUT.sol] [--objective distance|hierarchical]\n"
"       cunlu --help | --version\n"
"\n"
"Plans the day's delivery routes from the county co-delivery center to the\n"
"village service points of a point shapefile, and writes routes.geojson,\n"
"stops.geojson, summary.json and dispatch.csv into the output directory.\n"
"\n"
"options:\n"
"  --depot LON,LAT | FILE.shp  the depot (default: depot.shp beside the villages)\n"
"  --fleet FILE.json           vehicle types (default: the built-in fleet)\n"
"  --field KEY=COLUMN          read KEY (id, name, demand, pickup, service,\n"
"                              tw_start, tw_end) from another .dbf column\n"
"  --detour F                  road length / straight line (default 1.3)\n"
"  --roads FILE.shp            plan on a road-network line shapefile\n"
"  --snap-warn METRES          warn about stops this far from a road (500)\n"
"  --osrm URL                  distances and shapes from an OSRM server\n"
"  --osrm-profile NAME         the OSRM profile (default driving)\n"
"  --osrm-max-table N          the server's --max-table-size (default 100)\n"
"  --matrix-cache DIR          reuse matrices computed by earlier runs\n"
"  --time-limit SECONDS        bound on the search time (default 30)\n"
"  --iterations N              search iterations (default 2000 + 200 per\n"
"                              village, within the time limit; benchmark\n"
"                              files: until the time limit)\n"
"  --seed N                    random seed (default 1)\n"
"  --ilp                       refine with a GLPK set-partitioning model over\n"
"                              the routes the search met\n"
"  --ilp-time-limit SECONDS    time for the ILP (default 15% of --time-limit)\n"
"  --ilp-gap FRACTION          stop the ILP at this relative gap (default 0)\n"
"  --threads N                 threads for road matrices (the search uses one)\n"
"  --out-dir DIR               where to write (default ./out; created if\n"
"                              missing, its parent must exist)\n"
"  -q, --quiet                 only errors on stderr (for cron)\n"
"  -v, --verbose               more detail on stderr (-vv for debug)\n"
"\n"
"benchmark files (CVRPLIB .vrp, Solomon/Homberger .txt; see docs/benchmarks.md):\n"
"  --sol FILE                  write the plan as a CVRPLIB .sol file\n"
"  --objective distance|hierarchical\n"
"                              Solomon files: total distance with arcs truncated\n"
"                              to 0.1 (DIMACS), or fewest vehicles first (default)\n"
"  The run prints one line: NAME: cost C, R routes, T s. No GeoJSON is written.\n"
"\n"
"exit codes: 0 all villages served; 5 solved, some villages unassigned;\n"
"            1 internal error; 2 bad input; 3 routing failure;\n"
"            4 outputs could not be written. On any failure the files\n"
"            already in the output directory are left untouched.\n", f);
}

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
		return CL_EINPUT;
	*out = v;
	return CL_OK;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE)
		return CL_EINPUT;
	*out = v;
	return CL_OK;
}

/* "LON,LAT" -> two numbers; anything else is taken as a file name. */
static int parse_lonlat(const char *s, double *lon, double *lat)
{
	char buf[128];
	const char *comma = strchr(s, ',');
	size_t n = comma ? (size_t)(comma - s) : 0;

	if (!comma || n == 0 || n >= sizeof buf)
		return CL_EINPUT;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_double(buf, lon) != CL_OK || parse_double(comma + 1, lat) != CL_OK)
		return CL_EINPUT;
	return CL_OK;
}

int cl_cli_parse(int argc, char **argv, struct cl_options *opt,
		 struct cl_error *err)
{
	memset(opt, 0, sizeof *opt);
	cl_fieldmap_default(&opt->fields);
	opt->detour = 1.3;
	opt->snap_warn_m = 500;
	opt->osrm_profile = "driving";
	opt->osrm_max_table = 100;
	opt->time_limit_s = 30.0;
	opt->seed = 1;
	opt->threads = 1;
	opt->out_dir = "out";
	opt->verbosity = 1;
	opt->objective = CL_OBJ_HIERARCHICAL;

	if (argc < 2)
		return cl_fail(err, CL_EINPUT, "no command given (try: cunlu --help)");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		long l;

#define NEED_VALUE() do { \
	if (!val) \
		return cl_fail(err, CL_EINPUT, "option %s needs a value", a); \
	i++; \
} while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			opt->cmd = CL_CMD_HELP;
			return CL_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			opt->cmd = CL_CMD_VERSION;
			return CL_OK;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			opt->verbosity = 0;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opt->verbosity = opt->verbosity < 2 ? 2 : 3;
		} else if (!strcmp(a, "-vv")) {
			opt->verbosity = 3;
		} else if (!strcmp(a, "--depot")) {
			NEED_VALUE();
			if (parse_lonlat(val, &opt->depot_lon, &opt->depot_lat) == CL_OK) {
				opt->depot_given = 1;
				opt->depot_file = NULL;
			} else if (strchr(val, ',') && !strstr(val, ".shp")) {
				return cl_fail(err, CL_EINPUT,
					       "--depot %s: expected LON,LAT in degrees (e.g. 107.52,26.58) or a point shapefile", val);
			} else {
				opt->depot_file = val;
				opt->depot_given = 0;
			}
		} else if (!strcmp(a, "--fleet")) {
			NEED_VALUE();
			opt->fleet = val;
		} else if (!strcmp(a, "--field")) {
			NEED_VALUE();
			int rc = cl_fieldmap_set(&opt->fields, val, err);
			if (rc != CL_OK)
				return rc;
		} else if (!strcmp(a, "--ilp")) {
			opt->ilp = 1;
		} else if (!strcmp(a, "--ilp-time-limit")) {
			NEED_VALUE();
			if (parse_double(val, &opt->ilp_time_s) != CL_OK || opt->ilp_time_s <= 0)
				return cl_fail(err, CL_EINPUT, "--ilp-time-limit %s: expected a positive number of seconds", val);
			opt->ilp = 1;
		} else if (!strcmp(a, "--ilp-gap")) {
			NEED_VALUE();
			if (parse_double(val, &opt->ilp_gap) != CL_OK || opt->ilp_gap < 0 || opt->ilp_gap >= 1)
				return cl_fail(err, CL_EINPUT, "--ilp-gap %s: expected a fraction from 0 to 1", val);
			opt->ilp = 1;
		} else if (!strcmp(a, "--roads")) {
			NEED_VALUE();
			opt->roads = val;
		} else if (!strcmp(a, "--snap-warn")) {
			NEED_VALUE();
			if (parse_double(val, &opt->snap_warn_m) != CL_OK || opt->snap_warn_m < 0)
				return cl_fail(err, CL_EINPUT, "--snap-warn %s: expected a distance in metres", val);
		} else if (!strcmp(a, "--osrm")) {
			NEED_VALUE();
			opt->osrm = val;
		} else if (!strcmp(a, "--osrm-profile")) {
			NEED_VALUE();
			if (!*val)
				return cl_fail(err, CL_EINPUT, "--osrm-profile: empty profile name");
			opt->osrm_profile = val;
		} else if (!strcmp(a, "--osrm-max-table")) {
			NEED_VALUE();
			if (parse_long(val, &l) != CL_OK || l < 2 || l > 100000)
				return cl_fail(err, CL_EINPUT, "--osrm-max-table %s: expected an integer from 2 to 100000", val);
			opt->osrm_max_table = (int)l;
		} else if (!strcmp(a, "--matrix-cache")) {
			NEED_VALUE();
			if (!*val)
				return cl_fail(err, CL_EINPUT, "--matrix-cache: empty directory name");
			opt->matrix_cache = val;
		} else if (!strcmp(a, "--detour")) {
			NEED_VALUE();
			if (parse_double(val, &opt->detour) != CL_OK || opt->detour < 1.0 || opt->detour > 10.0)
				return cl_fail(err, CL_EINPUT, "--detour %s: expected a number from 1 to 10", val);
		} else if (!strcmp(a, "--time-limit")) {
			NEED_VALUE();
			if (parse_double(val, &opt->time_limit_s) != CL_OK || opt->time_limit_s <= 0)
				return cl_fail(err, CL_EINPUT, "--time-limit %s: expected a positive number of seconds", val);
			opt->time_limit_given = 1;
		} else if (!strcmp(a, "--sol")) {
			NEED_VALUE();
			if (!*val)
				return cl_fail(err, CL_EINPUT, "--sol: empty file name");
			opt->sol_path = val;
		} else if (!strcmp(a, "--objective")) {
			NEED_VALUE();
			if (!strcmp(val, "distance"))
				opt->objective = CL_OBJ_DISTANCE;
			else if (!strcmp(val, "hierarchical"))
				opt->objective = CL_OBJ_HIERARCHICAL;
			else
				return cl_fail(err, CL_EINPUT, "--objective %s: expected distance or hierarchical", val);
		} else if (!strcmp(a, "--iterations")) {
			NEED_VALUE();
			if (parse_long(val, &opt->iterations) != CL_OK || opt->iterations < 1)
				return cl_fail(err, CL_EINPUT, "--iterations %s: expected a positive integer", val);
		} else if (!strcmp(a, "--seed")) {
			NEED_VALUE();
			if (parse_long(val, &l) != CL_OK || l < 0)
				return cl_fail(err, CL_EINPUT, "--seed %s: expected a non-negative integer", val);
			opt->seed = (unsigned long)l;
		} else if (!strcmp(a, "--threads")) {
			NEED_VALUE();
			if (parse_long(val, &l) != CL_OK || l < 1 || l > 256)
				return cl_fail(err, CL_EINPUT, "--threads %s: expected a positive integer", val);
			opt->threads = (int)l;
		} else if (!strcmp(a, "--out-dir") || !strcmp(a, "-o")) {
			NEED_VALUE();
			if (!*val)
				return cl_fail(err, CL_EINPUT, "--out-dir: empty directory name");
			opt->out_dir = val;
		} else if (a[0] == '-' && a[1] != '\0') {
			return cl_fail(err, CL_EINPUT, "unknown option %s (try: cunlu --help)", a);
		} else if (opt->cmd == CL_CMD_NONE) {
			if (strcmp(a, "solve") != 0)
				return cl_fail(err, CL_EINPUT, "unknown command \"%s\" (try: cunlu --help)", a);
			opt->cmd = CL_CMD_SOLVE;
		} else if (!opt->villages) {
			opt->villages = a;
		} else {
			return cl_fail(err, CL_EINPUT, "unexpected argument \"%s\": give one villages file", a);
		}
#undef NEED_VALUE
	}
	if (opt->cmd == CL_CMD_NONE)
		return cl_fail(err, CL_EINPUT, "no command given (try: cunlu --help)");
	if (opt->roads && opt->osrm)
		return cl_fail(err, CL_EINPUT, "--roads and --osrm: choose one source of distances");
	if (!opt->villages)
		return cl_fail(err, CL_EINPUT, "solve: no villages file given (usage: cunlu solve VILLAGES.shp [options])");
	if (opt->sol_path && !cl_bench_is_file(opt->villages))
		return cl_fail(err, CL_EINPUT, "--sol applies to benchmark files (.vrp, .txt) only");
	return CL_OK;
}
