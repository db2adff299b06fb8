/*
 * cli.c -- parsing the command line (cli.h).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "cunlu/instance.h"
#include "cunlu/router.h"
#include "model/today.h"

void cl_cli_usage(FILE *f)
{
	fputs(
"usage: cunlu solve VILLAGES.shp|VILLAGES.csv [options]\n"
"       cunlu solve FILE.vrp|FILE.txt [--sol OUT.sol] [--objective distance|hierarchical]\n"
"       cunlu --help (-h) | --version\n"
"\n"
"Plans the day's delivery routes from the county co-delivery center to the\n"
"village service points of a point shapefile or a CSV table (lon/lat\n"
"columns), and writes into the output\n"
"directory: map.html (open it in a browser), sheets.html (print it for the\n"
"drivers), routes and stops as GeoJSON and shapefiles, summary.json and\n"
"dispatch.csv.\n"
"\n"
"options:\n"
"  --depot LON,LAT | FILE      the depot, a point or a .shp/.csv layer (default:\n"
"                              depot.shp, or depot.csv, beside the villages)\n"
"  --fleet FILE.json           vehicle types (default: the built-in fleet); keys\n"
"                              name, count, capacity, speed_kmh, shift_start,\n"
"                              shift_end, max_route_min, max_route_km (the whole\n"
"                              day), max_trips, reload_min, max_trip_km,\n"
"                              fixed_cost, cost_per_km, cost_per_hour, skills,\n"
"                              avoid_roads; drones: mode, range_km,\n"
"                              turnaround_min, max_stops, payload_kg (README)\n"
"  --field KEY=COLUMN          read KEY (id, name, demand, pickup, service,\n"
"                              tw_start, tw_end, vehicles, skills, days,\n"
"                              priority, drone, weight_kg; lon, lat of a CSV\n"
"                              table) from another column\n"
"  --orders FILE.csv           today's parcels (columns ID, DELIVER, PICKUP;\n"
"                              optional BRAND, SKILLS, DUE, PRIORITY, READY,\n"
"                              WEIGHT_KG);\n"
"                              villages without a line are not visited\n"
"  --date YYYY-MM-DD           the day planned, for the villages' DAYS\n"
"                              (default: tomorrow, for the nightly run)\n"
"  --defer-cost F              money per parcel left for later, weighing the\n"
"                              prize of serving a village that is not due\n"
"                              today (default 2; see README)\n"
"  --crs CRS                   coordinate system of a village or depot layer\n"
"                              without .prj, e.g. EPSG:4547 (a .prj in any\n"
"                              CRS is read and transformed to WGS 84)\n"
"  --coords wgs84|gcj02|bd09   datum of the village and depot positions: wgs84\n"
"                              (default: GPS, Tianditu, GIS data), gcj02 (Amap/\n"
"                              Gaode, Tencent), bd09 (Baidu); moved to WGS 84\n"
"  --out-coords wgs84|gcj02|bd09\n"
"                              datum of the positions written (default wgs84;\n"
"                              gcj02 to overlay the outputs on an Amap map)\n"
"  --keep-fields COL,COL,...   carry these village columns (e.g. LXR,DH:\n"
"                              contact, phone) through to the outputs\n"
"  --strict                    stop (exit 2) instead of warning when the\n"
"                              village layer lacks a column or a value and a\n"
"                              default would be used, or its code page is\n"
"                              guessed or doubtful (for cron)\n"
"  --allow-far                 plan even with a village more than 300 km from\n"
"                              the depot (or far beyond the layer's spread),\n"
"                              or a depot that far from the villages (else\n"
"                              exit 2 naming it)\n"
"  --detour F                  road length / straight line (default 1.3)\n"
"  --roads FILE.shp            plan on a road-network line shapefile\n"
"  --road-field KEY=COLUMN     read KEY (highway, oneway, maxspeed, access,\n"
"                              motor_vehicle, other_tags, name) of the road\n"
"                              layer from another .dbf column\n"
"  --snap-warn METRES          warn about stops this far from a road (500)\n"
"  --snap-max METRES           a village farther than this from every road a\n"
"                              vehicle type may use is unreachable for that\n"
"                              type (default 1000; --roads and --osrm)\n"
"  --osrm URL                  distances and shapes from an OSRM server\n"
"  --osrm-profile NAME         the OSRM profile (default driving)\n"
"  --osrm-max-table N          the server's --max-table-size (default 100)\n"
"  --osrm-timeout SECONDS      per OSRM request; 3 retries (default 30)\n"
"  --matrix-cache DIR          reuse matrices computed by earlier runs\n"
"  --no-fly FILE.shp           polygons drones must not fly through (airports,\n"
"                              military areas, reservoirs, scenic areas)\n"
"  --drone-sites FILE.shp      launch sites (points with NAME and TYPES, the\n"
"                              drone types based there; default: the depot)\n"
"  --time-limit SECONDS        bound on the whole run -- reading, distances,\n"
"                              search, writing -- within 5% or 0.5 s\n"
"                              (default 30)\n"
"  --search-time SECONDS       bound on the search alone (benchmarks); with\n"
"                              it and no --time-limit, the run is not bound\n"
"  --cpu-time                  the search's time limit counts the process's\n"
"                              CPU seconds (all threads), not wall seconds:\n"
"                              fair benchmarks on a loaded machine\n"
"  --iterations N              iterations of each search thread (default\n"
"                              5000 per village up to 200000, plus 100 per\n"
"                              village: 206100 for 61 villages, 300000 for\n"
"                              1000; seconds on a county, about 20 s for\n"
"                              1000 villages with reloading tricycles; more\n"
"                              effort may still give cheaper plans: ten\n"
"                              times the default gave 0.4% less on average\n"
"                              on a 61-village county with roads; benchmark\n"
"                              files: until the time limit); the plan\n"
"                              depends only on them and --seed unless the\n"
"                              time limit comes first (a warning says so)\n"
"  --seed N                    random seed (default 1)\n"
"  --ilp                       refine with a GLPK set-partitioning model over\n"
"                              the routes the search met\n"
"  --ilp-time-limit SECONDS    time for the ILP (default 15% of --time-limit)\n"
"  --ilp-gap FRACTION          stop the ILP at this relative gap (default 0)\n"
"  --threads N                 N searches on N threads that exchange their best\n"
"                              plans 20 times a run (two per thread from 2000\n"
"                              iterations per village without opening hours;\n"
"                              same seed, N and --iterations: same plan), and\n"
"                              N threads for road matrices (default: the\n"
"                              cores, at most 8; the plan depends on N: give\n"
"                              it to get the same plan on another machine;\n"
"                              --ilp: one search)\n"
"  --run-id ID                 the run's identity written into every output\n"
"                              (default: UTC time and a random number)\n"
"  --lock-wait SECONDS         wait this long for another run writing into\n"
"                              --out-dir, then exit 7 (default 60)\n"
"  -o, --out-dir DIR           where to write (default ./out; created if\n"
"                              missing, its parent must exist)\n"
"  --shp-encoding UTF-8|GBK    code page of routes.shp and stops.shp (default\n"
"                              UTF-8; GBK for ArcGIS versions without UTF-8)\n"
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
"exit codes: 0 all villages served; 5 solved, some villages unassigned\n"
"            (with -q: one line on stderr, served N of M);\n"
"            1 internal error (out of memory too); 2 bad input;\n"
"            3 routing failure; 4 outputs could not be written;\n"
"            6 no village could be served (nothing written);\n"
"            7 the output directory is in use by another run.\n"
"            On any failure the files already in the output directory\n"
"            are left untouched.\n", f);
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

/*
 * The options, one row each. A row either stores a checked number or a
 * string into struct cl_options (kind and offset), or calls its own
 * handler (set). Numbers must lie in [lo, hi] (exclusive bounds where the
 * flag says so); `what` completes the message "--opt VALUE: expected ...".
 */
enum opt_kind { K_FLAG, K_DOUBLE, K_LONG, K_INT, K_STRING, K_CUSTOM };

struct opt_row {
	const char *name, *alias;
	enum opt_kind kind;
	size_t off;              /* where the value goes (not K_CUSTOM) */
	double lo, hi;           /* range of a number */
	int lo_open;             /* 1: the value must be > lo, not >= lo */
	const char *what;        /* "a positive number of seconds" */
	int (*set)(struct cl_options *o, const char *arg, const char *val,
		   struct cl_error *err);  /* K_CUSTOM and K_FLAG */
};

#define OFF(f) offsetof(struct cl_options, f)

static int set_quiet(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)a; (void)v; (void)e;
	o->verbosity = 0;
	return CL_OK;
}

static int set_verbose(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)v; (void)e;
	o->verbosity = !strcmp(a, "-vv") ? 3 : o->verbosity < 2 ? 2 : 3;
	return CL_OK;
}

static int set_ilp(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)a; (void)v; (void)e;
	o->ilp = 1;
	return CL_OK;
}

static int set_depot(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	(void)a;
	if (parse_lonlat(val, &o->depot_lon, &o->depot_lat) == CL_OK) {
		o->depot_given = 1;
		o->depot_file = NULL;
	} else if (strchr(val, ',') && !strstr(val, ".shp") && !strstr(val, ".csv")) {
		return cl_fail(err, CL_EINPUT,
			       "--depot %s: expected LON,LAT in degrees (e.g. 107.52,26.58) or a point shapefile", val);
	} else {
		o->depot_file = val;
		o->depot_given = 0;
	}
	return CL_OK;
}

static int set_field(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	(void)a;
	return cl_fieldmap_set(&o->fields, val, err);
}

static int set_keep(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	(void)a;
	return cl_fieldmap_keep(&o->fields, val, err);
}

static int set_shp_encoding(struct cl_options *o, const char *a, const char *val,
			    struct cl_error *err)
{
	(void)a;
	if (!strcmp(val, "UTF-8") || !strcmp(val, "utf-8") || !strcmp(val, "UTF8") ||
	    !strcmp(val, "utf8"))
		o->shp_encoding = "UTF-8";
	else if (!strcmp(val, "GBK") || !strcmp(val, "gbk") || !strcmp(val, "CP936") ||
		 !strcmp(val, "cp936") || !strcmp(val, "936"))
		o->shp_encoding = "GBK";
	else
		return cl_fail(err, CL_EINPUT, "--shp-encoding %s: expected UTF-8 or GBK", val);
	return CL_OK;
}

static int set_road_field(struct cl_options *o, const char *a, const char *val,
			  struct cl_error *err)
{
	(void)a;
	return cl_roads_opts_field(&o->road, val, err);
}

static int set_strict(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)a; (void)v; (void)e;
	o->strict = 1;
	return CL_OK;
}

/* --run-id: 1 to 64 of [A-Za-z0-9._:-], so it is safe in every format. */
static int set_run_id(struct cl_options *o, const char *a, const char *val,
		      struct cl_error *err)
{
	size_t n = strlen(val);

	(void)a;
	if (n == 0 || n > 64 || strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789._:-") != n)
		return cl_fail(err, CL_EINPUT, "--run-id \"%.80s\": expected 1 to 64 letters, "
			       "digits, '.', '_', ':' or '-'", val);
	o->run_id = val;
	return CL_OK;
}

static int set_cpu_time(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)a; (void)v; (void)e;
	o->cpu_time = 1;
	return CL_OK;
}

static int set_allow_far(struct cl_options *o, const char *a, const char *v, struct cl_error *e)
{
	(void)a; (void)v; (void)e;
	o->allow_far = 1;
	return CL_OK;
}

static int set_datum(enum cl_datum *d, const char *a, const char *val, struct cl_error *err)
{
	if (cl_datum_parse(val, d) != 0)
		return cl_fail(err, CL_EINPUT, "%s %s: expected wgs84 (GPS, Tianditu, GIS data), "
			       "gcj02 (Amap/Gaode, Tencent) or bd09 (Baidu)", a, val);
	return CL_OK;
}

static int set_coords(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	return set_datum(&o->coords, a, val, err);
}

static int set_out_coords(struct cl_options *o, const char *a, const char *val,
			  struct cl_error *err)
{
	return set_datum(&o->out_coords, a, val, err);
}

static int set_objective(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	(void)a;
	if (!strcmp(val, "distance"))
		o->objective = CL_OBJ_DISTANCE;
	else if (!strcmp(val, "hierarchical"))
		o->objective = CL_OBJ_HIERARCHICAL;
	else
		return cl_fail(err, CL_EINPUT, "--objective %s: expected distance or hierarchical", val);
	return CL_OK;
}

static int set_date(struct cl_options *o, const char *a, const char *val, struct cl_error *err)
{
	(void)a;
	if (cl_date_weekday(val, &o->weekday) != CL_OK)
		return cl_fail(err, CL_EINPUT, "--date %s: expected a date YYYY-MM-DD, e.g. 2025-06-03",
			       val);
	snprintf(o->date, sizeof o->date, "%s", val);
	return CL_OK;
}

static const struct opt_row opt_rows[] = {
	{ "--quiet", "-q", K_FLAG, 0, 0, 0, 0, NULL, set_quiet },
	{ "--verbose", "-v", K_FLAG, 0, 0, 0, 0, NULL, set_verbose },
	{ "-vv", NULL, K_FLAG, 0, 0, 0, 0, NULL, set_verbose },
	{ "--depot", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_depot },
	{ "--fleet", NULL, K_STRING, OFF(fleet), 0, 0, 0, "file name", NULL },
	{ "--field", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_field },
	{ "--keep-fields", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_keep },
	{ "--orders", NULL, K_STRING, OFF(orders), 0, 0, 0, "file name", NULL },
	{ "--date", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_date },
	{ "--defer-cost", NULL, K_DOUBLE, OFF(defer_cost), 0, 1e6, 0,
	  "a number from 0 to 1000000 (money per parcel)", NULL },
	{ "--strict", NULL, K_FLAG, 0, 0, 0, 0, NULL, set_strict },
	{ "--allow-far", NULL, K_FLAG, 0, 0, 0, 0, NULL, set_allow_far },
	{ "--run-id", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_run_id },
	{ "--lock-wait", NULL, K_DOUBLE, OFF(lock_wait_s), 0, 1e6, 0,
	  "a number of seconds (0 or more)", NULL },
	{ "--road-field", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_road_field },
	{ "--ilp", NULL, K_FLAG, 0, 0, 0, 0, NULL, set_ilp },
	{ "--ilp-time-limit", NULL, K_DOUBLE, OFF(ilp_time_s), 0, 1e30, 1,
	  "a positive number of seconds", set_ilp },
	{ "--ilp-gap", NULL, K_DOUBLE, OFF(ilp_gap), 0, 0.999999999, 0,
	  "a fraction from 0 to 1", set_ilp },
	{ "--roads", NULL, K_STRING, OFF(roads), 0, 0, 0, "file name", NULL },
	{ "--snap-warn", NULL, K_DOUBLE, OFF(snap_warn_m), 0, 1e30, 0,
	  "a distance in metres", NULL },
	{ "--snap-max", NULL, K_DOUBLE, OFF(snap_max_m), 0, 1e30, 1,
	  "a positive distance in metres", NULL },
	{ "--osrm", NULL, K_STRING, OFF(osrm), 0, 0, 0, "URL", NULL },
	{ "--osrm-profile", NULL, K_STRING, OFF(osrm_profile), 0, 0, 0, "profile name", NULL },
	{ "--osrm-max-table", NULL, K_INT, OFF(osrm_max_table), 2, 100000, 0,
	  "an integer from 2 to 100000", NULL },
	{ "--osrm-timeout", NULL, K_DOUBLE, OFF(osrm_timeout_s), 0, 86400, 1,
	  "a positive number of seconds (at most 86400)", NULL },
	{ "--matrix-cache", NULL, K_STRING, OFF(matrix_cache), 0, 0, 0, "directory name", NULL },
	{ "--no-fly", NULL, K_STRING, OFF(nofly), 0, 0, 0, "file name", NULL },
	{ "--drone-sites", NULL, K_STRING, OFF(drone_sites), 0, 0, 0, "file name", NULL },
	{ "--detour", NULL, K_DOUBLE, OFF(detour), 1.0, 10.0, 0, "a number from 1 to 10", NULL },
	{ "--time-limit", NULL, K_DOUBLE, OFF(time_limit_s), 0, 1e30, 1,
	  "a positive number of seconds", NULL },
	{ "--search-time", NULL, K_DOUBLE, OFF(search_time_s), 0, 1e30, 1,
	  "a positive number of seconds", NULL },
	{ "--cpu-time", NULL, K_FLAG, 0, 0, 0, 0, NULL, set_cpu_time },
	{ "--sol", NULL, K_STRING, OFF(sol_path), 0, 0, 0, "file name", NULL },
	{ "--objective", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_objective },
	{ "--iterations", NULL, K_LONG, OFF(iterations), 1, 9.2e18, 0,
	  "a positive integer", NULL },
	{ "--seed", NULL, K_LONG, OFF(seed), 0, 9.2e18, 0, "a non-negative integer", NULL },
	{ "--threads", NULL, K_INT, OFF(threads), 1, 256, 0, "a positive integer", NULL },
	{ "--out-dir", "-o", K_STRING, OFF(out_dir), 0, 0, 0, "directory name", NULL },
	{ "--shp-encoding", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_shp_encoding },
	{ "--crs", NULL, K_STRING, OFF(crs), 0, 0, 0, "coordinate system (e.g. EPSG:4547)", NULL },
	{ "--coords", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_coords },
	{ "--out-coords", NULL, K_CUSTOM, 0, 0, 0, 0, NULL, set_out_coords },
};

#define NROWS ((int)(sizeof opt_rows / sizeof opt_rows[0]))

static const struct opt_row *find_row(const char *a)
{
	for (int k = 0; k < NROWS; k++)
		if (!strcmp(a, opt_rows[k].name) ||
		    (opt_rows[k].alias && !strcmp(a, opt_rows[k].alias)))
			return &opt_rows[k];
	return NULL;
}

/* Store val as row r says (the option's name is opt->name for messages). */
static int apply_row(const struct opt_row *r, struct cl_options *opt,
		     const char *val, struct cl_error *err)
{
	char *base = (char *)opt;
	double d;
	long l;

	switch (r->kind) {
	case K_FLAG:
	case K_CUSTOM:
		return r->set(opt, r->name, val, err);
	case K_STRING:
		if (!*val)
			return cl_fail(err, CL_EINPUT, "%s: empty %s", r->name, r->what);
		memcpy(base + r->off, &val, sizeof val);
		return CL_OK;
	case K_DOUBLE:
		if (parse_double(val, &d) != CL_OK || d < r->lo || d > r->hi ||
		    (r->lo_open && d <= r->lo))
			return cl_fail(err, CL_EINPUT, "%s %s: expected %s", r->name, val, r->what);
		memcpy(base + r->off, &d, sizeof d);
		break;
	case K_LONG:
	case K_INT:
		if (parse_long(val, &l) != CL_OK || (double)l < r->lo || (double)l > r->hi)
			return cl_fail(err, CL_EINPUT, "%s %s: expected %s", r->name, val, r->what);
		if (r->kind == K_INT) {
			int i = (int)l;
			memcpy(base + r->off, &i, sizeof i);
		} else {
			memcpy(base + r->off, &l, sizeof l);
		}
		break;
	}
	return r->set ? r->set(opt, r->name, val, err) : CL_OK;
}

static void defaults(struct cl_options *opt)
{
	memset(opt, 0, sizeof *opt);
	cl_fieldmap_default(&opt->fields);
	cl_roads_opts_default(&opt->road);
	opt->detour = 1.3;
	opt->snap_warn_m = 500;
	opt->snap_max_m = CL_SNAP_MAX_M;
	opt->lock_wait_s = 60;
	opt->osrm_profile = "driving";
	opt->osrm_max_table = 100;
	opt->osrm_timeout_s = 30;
	opt->time_limit_s = 30.0;
	opt->seed = 1;
	opt->threads = 0;   /* the cores (default_threads), unless given */
	opt->out_dir = "out";
	opt->shp_encoding = "UTF-8";
	opt->verbosity = 1;
	opt->objective = CL_OBJ_HIERARCHICAL;
	opt->defer_cost = CL_DEFER_COST_DEFAULT;
}

/* Options that make sense only together (or not together). */
static int check_combination(const struct cl_options *opt, struct cl_error *err)
{
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

/* --date's default: tomorrow (the nightly run plans the next day). */
static void default_date(struct cl_options *opt)
{
	if (opt->date[0])
		return;
	cl_date_tomorrow(opt->date);
	if (cl_date_weekday(opt->date, &opt->weekday) != CL_OK)
		opt->weekday = 1;
	opt->date_default = 1;
}

/*
 * --threads by default: the cores online, at most CL_CLI_MAX_THREADS
 * (beyond, the searches' exchanges gain little and a county server runs
 * other things too), 1 when the count is unknown.
 */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > CL_CLI_MAX_THREADS ? CL_CLI_MAX_THREADS : (int)n;
}

int cl_cli_parse(int argc, char **argv, struct cl_options *opt,
		 struct cl_error *err)
{
	defaults(opt);
	if (argc < 2)
		return cl_fail(err, CL_EINPUT, "no command given (try: cunlu --help)");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt_row *r;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			opt->cmd = CL_CMD_HELP;
			return CL_OK;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			opt->cmd = CL_CMD_VERSION;
			return CL_OK;
		}
		if ((r = find_row(a)) != NULL) {
			const char *val = NULL;
			if (r->kind != K_FLAG) {
				if (i + 1 >= argc)
					return cl_fail(err, CL_EINPUT, "option %s needs a value", a);
				val = argv[++i];
			}
			int rc = apply_row(r, opt, val, err);
			if (rc != CL_OK)
				return rc;
			if (!strcmp(r->name, "--time-limit"))
				opt->time_limit_given = 1;
			if (!strcmp(r->name, "--search-time"))
				opt->search_time_given = 1;
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
	}
	default_date(opt);
	if (opt->threads == 0)
		opt->threads = default_threads();
	return check_combination(opt, err);
}
