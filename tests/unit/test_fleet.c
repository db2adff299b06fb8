/*
 * test_fleet.c -- unit tests for the fleet reader (fleet.h): the default
 * fleet, valid files with and without optional keys, every rejection with
 * the file and key path in its message, files on disk (missing, directory,
 * too large, the Andorra sample). Failed parses must leak nothing; the
 * sanitizer build checks that. Run with the repository top as cwd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/router.h"
#include "cunlu/fleet.h"
#include "tinytest.h"

/* Parse text as "fleet.json". */
static int parse(const char *text, struct cl_vtype **types, int *n,
		 struct cl_error *err)
{
	cl_error_clear(err);
	return cl_fleet_parse("fleet.json", text, strlen(text), types, n, NULL, err);
}

/*
 * text must fail with CL_EINPUT, leave nothing behind, and say
 * "fleet.json: " followed somewhere by each of the (up to two) needles.
 */
#define REJECT(text, n1, n2) reject(__LINE__, text, n1, n2)

static void reject(int line, const char *text, const char *n1, const char *n2)
{
	struct cl_vtype *types = (struct cl_vtype *)&types;
	struct cl_error err;
	int before = tt_bad_checks, n = -1;

	CHECK_INT(parse(text, &types, &n, &err), CL_EINPUT);
	CHECK_INT(err.status, CL_EINPUT);
	CHECK(types == NULL);
	CHECK_INT(n, 0);
	CHECK(strncmp(err.msg, "fleet.json: ", 12) == 0);
	CHECK(strchr(err.msg, '\n') == NULL);
	if (n1)
		CHECK_HAS(err.msg, n1);
	if (n2)
		CHECK_HAS(err.msg, n2);
	if (tt_bad_checks != before)
		fprintf(stderr, "  (case at line %d: %s)\n", line, err.msg);
}

/* A one-type file with `extra` spliced into the object after name/count. */
static void reject_key(int line, const char *extra, const char *n1,
		       const char *n2)
{
	char text[512];

	snprintf(text, sizeof text,
		 "{\"vehicle_types\": [{\"name\": \"van\", \"count\": 1, %s}]}",
		 extra);
	reject(line, text, n1, n2);
}
#define REJECT_KEY(extra, n1, n2) reject_key(__LINE__, extra, n1, n2)

static void test_default(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	cl_error_clear(&err);
	CHECK_INT(cl_fleet_default(&t, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n != 2)
		return;
	CHECK_STR(t[0].name, "van");
	CHECK_INT(t[0].count, 4);
	CHECK_INT(t[0].capacity, 150);
	CHECK(t[0].speed_kmh == 35);
	CHECK_INT(t[0].shift_start_s, 7 * 3600);
	CHECK_INT(t[0].shift_end_s, 19 * 3600);
	CHECK_INT(t[0].max_dur_s, 600 * 60);
	CHECK(t[0].max_dist_m == 0);
	CHECK(t[0].fixed_cost == 100);
	CHECK(t[0].cost_per_km == 1.2);
	CHECK_STR(t[1].name, "etricycle");
	CHECK_INT(t[1].count, 4);
	CHECK_INT(t[1].capacity, 40);
	CHECK(t[1].speed_kmh == 20);
	CHECK_INT(t[1].shift_start_s, 7 * 3600);
	CHECK_INT(t[1].shift_end_s, 19 * 3600);
	CHECK_INT(t[1].max_dur_s, 480 * 60);
	CHECK(t[1].max_dist_m == 60000);
	CHECK(t[1].fixed_cost == 30);
	CHECK(t[1].cost_per_km == 0.3);
	CHECK(t[0].name != t[1].name);
	cl_vtypes_free(t, n);
}

static void test_full(void)
{
	const char *text =
		"{\n"
		"  \"vehicle_types\": [\n"
		"    {\"name\": \"van\", \"count\": 3, \"capacity\": 120,\n"
		"     \"speed_kmh\": 42.5, \"shift_start\": \"06:45\",\n"
		"     \"shift_end\": \"24:00\", \"max_route_min\": 100.009,\n"
		"     \"max_route_km\": 250.5, \"fixed_cost\": 80,\n"
		"     \"cost_per_km\": 1.5},\n"
		"    {\"cost_per_km\": 0, \"fixed_cost\": 0, \"max_route_km\": 0,\n"
		"     \"max_route_min\": 0, \"shift_end\": \"12:00\",\n"
		"     \"shift_start\": \"0:00\", \"speed_kmh\": 150,\n"
		"     \"capacity\": 1, \"count\": 0, \"name\": \"三轮车\"}\n"
		"  ]\n"
		"}\n";
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(parse(text, &t, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n != 2) {
		fprintf(stderr, "  %s\n", err.msg);
		return;
	}
	CHECK_STR(t[0].name, "van");
	CHECK_INT(t[0].count, 3);
	CHECK_INT(t[0].capacity, 120);
	CHECK(t[0].speed_kmh == 42.5);
	CHECK_INT(t[0].shift_start_s, 6 * 3600 + 45 * 60);
	CHECK_INT(t[0].shift_end_s, 24 * 3600);
	CHECK_INT(t[0].max_dur_s, 6001);   /* 6000.54 s, rounded */
	CHECK(t[0].max_dist_m == 250500);
	CHECK(t[0].fixed_cost == 80);
	CHECK(t[0].cost_per_km == 1.5);
	CHECK_STR(t[1].name, "三轮车");
	CHECK_INT(t[1].count, 0);
	CHECK_INT(t[1].capacity, 1);
	CHECK(t[1].speed_kmh == 150);
	CHECK_INT(t[1].shift_start_s, 0);
	CHECK_INT(t[1].shift_end_s, 12 * 3600);
	CHECK_INT(t[1].max_dur_s, 0);
	CHECK(t[1].max_dist_m == 0);
	CHECK(t[1].fixed_cost == 0);
	CHECK(t[1].cost_per_km == 0);
	cl_vtypes_free(t, n);
}

static void test_optional_defaults(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(parse("{\"vehicle_types\":[{\"name\":\"x\",\"count\":2.0}]}",
			&t, &n, &err), CL_OK);
	CHECK_INT(n, 1);
	if (n != 1)
		return;
	CHECK_STR(t[0].name, "x");
	CHECK_INT(t[0].count, 2);
	CHECK_INT(t[0].capacity, 150);
	CHECK(t[0].speed_kmh == 35);
	CHECK_INT(t[0].shift_start_s, 7 * 3600);
	CHECK_INT(t[0].shift_end_s, 19 * 3600);
	CHECK_INT(t[0].max_dur_s, 0);
	CHECK(t[0].max_dist_m == 0);
	CHECK(t[0].fixed_cost == 100);
	CHECK(t[0].cost_per_km == 1.2);
	cl_vtypes_free(t, n);

	/* only the shift end given: the default start applies */
	CHECK_INT(parse("{\"vehicle_types\":[{\"name\":\"x\",\"count\":1,"
			"\"shift_end\":\"08:00\"}]}", &t, &n, &err), CL_OK);
	if (n == 1) {
		CHECK_INT(t[0].shift_start_s, 7 * 3600);
		CHECK_INT(t[0].shift_end_s, 8 * 3600);
	}
	cl_vtypes_free(t, n);
}

static void test_bom_and_whitespace(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(parse("\xef\xbb\xbf \r\n{\"vehicle_types\":[{\"name\":\"v\","
			"\"count\":1}]}\r\n\t ", &t, &n, &err), CL_OK);
	CHECK_INT(n, 1);
	cl_vtypes_free(t, n);
}

static void test_not_json(void)
{
	REJECT("", "not valid JSON", "empty");
	REJECT(" \n\t", "not valid JSON", "empty");
	REJECT("{\"vehicle_types\": [", "not valid JSON", "line 1");
	REJECT("{\n  \"vehicle_types\": [\n    {\"name\": \"van\" \"count\": 1}\n]}",
	       "not valid JSON", "line 3");
	REJECT("vehicle_types: []", "not valid JSON", "byte 0");
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}]} x",
	       "not valid JSON", "after the top-level value");
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}]}{}",
	       "not valid JSON", "column 43 (byte 42)");
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}]} // fleet",
	       "not valid JSON", NULL);
}

static void test_nul_byte(void)
{
	static const char text[] = "{\"vehicle_types\":[{\"name\":\"v\0x\",\"count\":1}]}";
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(cl_fleet_parse("fleet.json", text, sizeof text - 1, &t, &n,
				 NULL, &err), CL_EINPUT);
	CHECK(t == NULL);
	CHECK_HAS(err.msg, "fleet.json: not valid JSON: NUL byte");
	CHECK_HAS(err.msg, "byte 28");
}

static void test_top_level(void)
{
	REJECT("[{\"name\":\"v\",\"count\":1}]", "at the top level", "got an array");
	REJECT("\"vehicle_types\"", "at the top level", "got a string");
	REJECT("null", "at the top level", "got null");
	REJECT("{}", "missing key \"vehicle_types\"", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}],\"depot\":1}",
	       "unknown key \"depot\" at the top level", NULL);
	REJECT("{\"vehicles\":[]}", "unknown key \"vehicles\"", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}],"
	       "\"vehicle_types\":[{\"name\":\"w\",\"count\":1}]}",
	       "duplicate key \"vehicle_types\"", NULL);
	REJECT("{\"vehicle_types\":{\"name\":\"v\",\"count\":1}}",
	       "fleet.json: vehicle_types: expected an array", "got an object");
	REJECT("{\"vehicle_types\":[]}", "fleet.json: vehicle_types: the array is empty",
	       NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1}, 3]}",
	       "fleet.json: vehicle_types[1]: expected an object, got a number",
	       NULL);
}

/* A file with ntypes types named t0, t1, ... (caller frees). */
static char *many_types(int ntypes)
{
	size_t cap = (size_t)ntypes * 40 + 64, o;
	char *text = malloc(cap);

	if (!text)
		return NULL;
	o = (size_t)snprintf(text, cap, "{\"vehicle_types\":[");
	for (int i = 0; i < ntypes; i++)
		o += (size_t)snprintf(text + o, cap - o,
				      "%s{\"name\":\"t%d\",\"count\":1}",
				      i ? "," : "", i);
	snprintf(text + o, cap - o, "]}");
	return text;
}

static void test_type_limit(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	char *text;
	int n = 0;

	text = many_types(100);
	CHECK(text != NULL);
	if (text) {
		CHECK_INT(parse(text, &t, &n, &err), CL_OK);
		CHECK_INT(n, 100);
		if (n == 100)
			CHECK_STR(t[99].name, "t99");
		cl_vtypes_free(t, n);
	}
	free(text);
	text = many_types(101);
	CHECK(text != NULL);
	if (text)
		REJECT(text, "fleet.json: vehicle_types: too many vehicle types",
		       "at most 100");
	free(text);
}

static void test_unknown_key(void)
{
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1},"
	       "{\"name\":\"w\",\"count\":1,\"speed\":30}]}",
	       "fleet.json: vehicle_types[1]: unknown key \"speed\"",
	       "(expected one of name, count, capacity, speed_kmh, shift_start, "
	       "shift_end, max_route_min, max_route_km, fixed_cost, cost_per_km, "
	       "cost_per_hour, max_trips, reload_min, max_trip_km, skills, avoid_roads, "
	       "mode, max_stops, payload_kg, range_km, turnaround_min)");
	REJECT_KEY("\"Capacity\": 3", "vehicle_types[0]: unknown key \"Capacity\"", NULL);
	/* keys are quoted safely: control characters escaped, long keys cut */
	REJECT_KEY("\"a\\nb\\\"c\": 1", "unknown key \"a\\x0ab\\\"c\"", NULL);
	REJECT_KEY("\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\": 1",
		   "unknown key \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\"",
		   NULL);
}

static void test_duplicate_key(void)
{
	REJECT_KEY("\"count\": 2", "fleet.json: vehicle_types[0]: duplicate key \"count\"",
		   NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1,\"name\":\"w\"}]}",
	       "vehicle_types[0]: duplicate key \"name\"", NULL);
}

static void test_missing_required(void)
{
	REJECT("{\"vehicle_types\":[{\"count\":1}]}",
	       "fleet.json: vehicle_types[0]: missing key \"name\"", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1},{\"name\":\"w\"}]}",
	       "fleet.json: vehicle_types[1]: missing key \"count\"", NULL);
}

static void test_wrong_types(void)
{
	REJECT_KEY("\"capacity\": \"150\"",
		   "fleet.json: vehicle_types[0].capacity: expected an integer, got a string",
		   NULL);
	REJECT_KEY("\"speed_kmh\": true",
		   "vehicle_types[0].speed_kmh: expected a number, got a boolean", NULL);
	REJECT_KEY("\"fixed_cost\": null",
		   "vehicle_types[0].fixed_cost: expected a number, got null", NULL);
	REJECT_KEY("\"cost_per_km\": [1]",
		   "vehicle_types[0].cost_per_km: expected a number, got an array", NULL);
	REJECT_KEY("\"max_route_km\": {}",
		   "vehicle_types[0].max_route_km: expected a number, got an object", NULL);
	REJECT_KEY("\"shift_start\": 7",
		   "vehicle_types[0].shift_start: expected a time \"HH:MM\", got a number",
		   NULL);
	REJECT("{\"vehicle_types\":[{\"name\":7,\"count\":1}]}",
	       "vehicle_types[0].name: expected a string, got a number", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":\"3\"}]}",
	       "vehicle_types[0].count: expected an integer, got a string", NULL);
}

static void test_not_integral(void)
{
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":3.5}]}",
	       "fleet.json: vehicle_types[0].count: expected an integer, got 3.5", NULL);
	REJECT_KEY("\"capacity\": 40.25",
		   "vehicle_types[0].capacity: expected an integer, got 40.25", NULL);
}

static void test_out_of_range(void)
{
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":-1}]}",
	       "vehicle_types[0].count: -1 is out of range", "from 0 to 1000");
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1001}]}",
	       "vehicle_types[0].count: 1001 is out of range", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1e300}]}",
	       "vehicle_types[0].count: 1e+300 is out of range", NULL);
	REJECT_KEY("\"capacity\": 0", "vehicle_types[0].capacity: 0 is out of range",
		   "an integer from 1 to 1000000");
	REJECT_KEY("\"speed_kmh\": 0", "vehicle_types[0].speed_kmh: 0 is out of range",
		   "above 0 and at most 150");
	REJECT_KEY("\"speed_kmh\": 150.5", "vehicle_types[0].speed_kmh: 150.5 is out of range",
		   NULL);
	REJECT_KEY("\"speed_kmh\": -20", "vehicle_types[0].speed_kmh: -20", NULL);
	REJECT_KEY("\"max_route_min\": -1", "vehicle_types[0].max_route_min: -1 is out",
		   NULL);
	REJECT_KEY("\"max_route_min\": 1441", "vehicle_types[0].max_route_min: 1441", NULL);
	REJECT_KEY("\"max_route_min\": 0.001", "vehicle_types[0].max_route_min: 0.001 rounds to 0",
		   "use 0 for no limit");
	REJECT_KEY("\"max_route_km\": -0.5", "vehicle_types[0].max_route_km: -0.5 is out",
		   NULL);
	REJECT_KEY("\"fixed_cost\": -1", "vehicle_types[0].fixed_cost: -1 is out", NULL);
	REJECT_KEY("\"fixed_cost\": 1e999", "vehicle_types[0].fixed_cost: inf is out", NULL);
	REJECT_KEY("\"cost_per_km\": -0.1", "vehicle_types[0].cost_per_km: -0.1 is out",
		   NULL);
	REJECT_KEY("\"shift_start\": \"25:00\"",
		   "vehicle_types[0].shift_start: expected a time \"HH:MM\"", "got \"25:00\"");
	REJECT_KEY("\"shift_end\": \"7.30 pm\"",
		   "vehicle_types[0].shift_end: expected a time", "got \"7.30 pm\"");
	REJECT_KEY("\"shift_start\": \"18:00\", \"shift_end\": \"08:00\"",
		   "vehicle_types[0].shift_end: 08:00 is not after shift_start 18:00", NULL);
	REJECT_KEY("\"shift_start\": \"09:00\", \"shift_end\": \"09:00\"",
		   "vehicle_types[0].shift_end: 09:00 is not after", NULL);
	REJECT_KEY("\"shift_start\": \"20:00\"",
		   "shift_end: 19:00 (the default) is not after shift_start 20:00", NULL);
}

static void test_names(void)
{
	REJECT("{\"vehicle_types\":[{\"name\":\"van\",\"count\":1},"
	       "{\"name\":\"bike\",\"count\":1},{\"name\":\"van\",\"count\":2}]}",
	       "fleet.json: vehicle_types[2].name: \"van\" is already the name of vehicle_types[0]",
	       NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"\",\"count\":1}]}",
	       "vehicle_types[0].name: must not be empty", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"a\\tb\",\"count\":1}]}",
	       "vehicle_types[0].name: \"a\\x09b\" contains a control character", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"a\xff\",\"count\":1}]}",
	       "vehicle_types[0].name: \"a\\xff\" is not valid UTF-8", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"\\ud800\",\"count\":1}]}",
	       "fleet.json: ", NULL);
}

/* A failure after earlier types were fully read must free them. */
static void test_failure_frees(void)
{
	REJECT("{\"vehicle_types\":[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":1},"
	       "{\"name\":\"c\",\"count\":1,\"capacity\":-5}]}",
	       "vehicle_types[2].capacity", NULL);
	REJECT("{\"vehicle_types\":[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":1},"
	       "{\"name\":\"a\",\"count\":1}]}", "vehicle_types[2].name", NULL);
}

/* err may be NULL: the status still comes back. */
static void test_null_error(void)
{
	struct cl_vtype *t = NULL;
	int n = 0;
	const char *bad = "{\"vehicle_types\":[]}";
	const char *good = "{\"vehicle_types\":[{\"name\":\"a\",\"count\":1}]}";

	CHECK_INT(cl_fleet_parse("f", bad, strlen(bad), &t, &n, NULL, NULL), CL_EINPUT);
	CHECK(t == NULL);
	CHECK_INT(cl_fleet_parse("f", good, strlen(good), &t, &n, NULL, NULL), CL_OK);
	CHECK_INT(n, 1);
	cl_vtypes_free(t, n);
}

static void test_too_large(void)
{
	size_t len = 1024 * 1024 + 1;
	char *big = malloc(len);
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	if (!big) {
		CHECK(0);
		return;
	}
	memset(big, ' ', len);
	CHECK_INT(cl_fleet_parse("fleet.json", big, len, &t, &n, NULL, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "fleet.json: too large");
	/* exactly 1 MiB is read (and found empty) */
	CHECK_INT(cl_fleet_parse("fleet.json", big, len - 1, &t, &n, NULL, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "fleet.json: not valid JSON: the file is empty");
	free(big);
}

/* Write text to a new temporary file; its name into path. */
static int write_temp(char path[64], const char *text, size_t len)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/cunlu-test-fleet-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	if (fwrite(text, 1, len, f) != len) {
		fclose(f);
		unlink(path);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void test_read_files(void)
{
	const char *good = "{\"vehicle_types\":[{\"name\":\"a\",\"count\":1}]}";
	struct cl_vtype *t = NULL;
	struct cl_error err;
	char path[64];
	size_t len = 1024 * 1024 + 10;
	char *big;
	int n = 0;

	CHECK_INT(cl_fleet_read("no/such/fleet.json", &t, &n, NULL, &err), CL_EINPUT);
	CHECK(t == NULL);
	CHECK_HAS(err.msg, "no/such/fleet.json: cannot open the fleet file: ");
	CHECK_HAS(err.msg, "No such file or directory");

	CHECK_INT(cl_fleet_read("tests", &t, &n, NULL, &err), CL_EINPUT);
	CHECK(t == NULL);
	CHECK_HAS(err.msg, "tests: ");

	CHECK_INT(write_temp(path, good, strlen(good)), 0);
	CHECK_INT(cl_fleet_read(path, &t, &n, NULL, &err), CL_OK);
	CHECK_INT(n, 1);
	cl_vtypes_free(t, n);
	unlink(path);

	big = malloc(len);
	if (!big) {
		CHECK(0);
		return;
	}
	memset(big, '\n', len);
	CHECK_INT(write_temp(path, big, len), 0);
	CHECK_INT(cl_fleet_read(path, &t, &n, NULL, &err), CL_EINPUT);
	CHECK(t == NULL);
	CHECK_HAS(err.msg, path);
	CHECK_HAS(err.msg, ": too large");
	unlink(path);
	free(big);
}

static void test_andorra(void)
{
	struct cl_names sk = { 0, NULL };
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	cl_error_clear(&err);
	CHECK_INT(cl_fleet_read("maps/andorra/fleet.json", &t, &n, &sk, &err), CL_OK);
	CHECK_INT(n, 3);
	if (n != 3) {
		fprintf(stderr, "  %s\n", err.msg);
		return;
	}
	CHECK_STR(t[0].name, "van");
	CHECK_INT(t[0].count, 2);
	CHECK_INT(t[0].capacity, 150);
	CHECK(t[0].speed_kmh == 40);
	CHECK_INT(t[0].shift_start_s, 7 * 3600 + 1800);
	CHECK_INT(t[0].shift_end_s, 18 * 3600 + 1800);
	CHECK(t[0].max_dist_m == 0);
	CHECK(t[0].cost_per_hour == 25);
	CHECK_INT(t[0].max_trips, 1);
	CHECK_STR(t[1].name, "coldvan");        /* the refrigerated van */
	CHECK_INT(t[1].count, 1);
	CHECK_INT(t[1].max_trips, 2);
	CHECK_INT(t[1].reload_s, 20 * 60);
	CHECK_INT(sk.n, 1);
	if (sk.n == 1)
		CHECK_STR(sk.name[0], "cold");
	CHECK(t[1].skills == 1);
	CHECK(t[0].skills == 0 && t[2].skills == 0);
	CHECK_STR(t[2].name, "etricycle");      /* reloading tricycles */
	CHECK_INT(t[2].count, 3);
	CHECK_INT(t[2].capacity, 40);
	CHECK(t[2].speed_kmh == 18);
	CHECK(t[2].max_dist_m == 50000);
	CHECK_INT(t[2].max_trips, 3);
	CHECK_INT(t[2].reload_s, 15 * 60);
	CHECK_INT(t[2].shift_start_s, 7 * 3600 + 1800);
	CHECK_INT(t[2].shift_end_s, 18 * 3600 + 1800);
	CHECK_INT(t[0].avoid_roads, 0);
	CHECK_INT(t[2].avoid_roads, (1u << CL_ROAD_MOTORWAY) | (1u << CL_ROAD_TRUNK));
	cl_vtypes_free(t, n);
	cl_names_free(&sk);
}

/* "avoid_roads": road classes as a bitmask; nothing avoided by default. */
static void test_avoid_roads(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(parse("{\"vehicle_types\":[{\"name\":\"v\",\"count\":1},"
			"{\"name\":\"t\",\"count\":1,\"avoid_roads\":[\"motorway\",\"trunk\",\"track\"]},"
			"{\"name\":\"u\",\"count\":1,\"avoid_roads\":[]}]}", &t, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(t[0].avoid_roads, 0);
		CHECK_INT(t[1].avoid_roads, (1u << CL_ROAD_MOTORWAY) | (1u << CL_ROAD_TRUNK) |
			  (1u << CL_ROAD_TRACK));
		CHECK_INT(t[2].avoid_roads, 0);
	}
	cl_vtypes_free(t, n);
	REJECT_KEY("\"avoid_roads\": \"motorway\"",
		   "fleet.json: vehicle_types[0].avoid_roads: expected an array of road "
		   "classes, got a string", NULL);
	REJECT_KEY("\"avoid_roads\": [\"motorway\", 3]",
		   "vehicle_types[0].avoid_roads: element 1: expected a string, got a number",
		   NULL);
	REJECT_KEY("\"avoid_roads\": [\"expressway\"]",
		   "vehicle_types[0].avoid_roads: element 0: unknown road class \"expressway\"",
		   "(expected one of motorway, trunk, primary");
	REJECT_KEY("\"avoid_roads\": [\"Motorway\"]", "unknown road class \"Motorway\"", NULL);
	REJECT_KEY("\"avoid_roads\": null", "expected an array of road classes, got null", NULL);
}

/* Multi-trip, wages and skills (issue 11). */
static void test_trips_wages_skills(void)
{
	const char *text =
		"{\"vehicle_types\": ["
		"{\"name\": \"van\", \"count\": 1, \"skills\": [\"cold\", \"lift\"],"
		" \"cost_per_hour\": 25.5, \"max_trips\": 2, \"reload_min\": 20.5,"
		" \"max_trip_km\": 80.25},"
		"{\"name\": \"etricycle\", \"count\": 2, \"skills\": [\"LIFT\"]},"
		"{\"name\": \"plain\", \"count\": 1}]}";
	struct cl_names sk = { 0, NULL };
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;

	cl_error_clear(&err);
	CHECK_INT(cl_fleet_parse("fleet.json", text, strlen(text), &t, &n, &sk, &err), CL_OK);
	CHECK_INT(n, 3);
	CHECK_INT(sk.n, 2);
	if (n == 3 && sk.n == 2) {
		CHECK_STR(sk.name[0], "cold");
		CHECK_STR(sk.name[1], "lift");     /* first spelling kept */
		CHECK(t[0].skills == 3);
		CHECK(t[1].skills == 2);           /* LIFT is lift */
		CHECK(t[2].skills == 0);
		CHECK(t[0].cost_per_hour == 25.5);
		CHECK_INT(t[0].max_trips, 2);
		CHECK_INT(t[0].reload_s, 1230);
		CHECK(t[0].max_trip_m == 80250);
		/* defaults */
		CHECK(t[1].cost_per_hour == 0);
		CHECK_INT(t[1].max_trips, 1);
		CHECK_INT(t[1].reload_s, 15 * 60);
		CHECK(t[1].max_trip_m == 0);
	}
	cl_vtypes_free(t, n);
	/* A second file numbers its skills after the ones already known; a
	   failing file leaves the list as it was. */
	text = "{\"vehicle_types\":[{\"name\":\"x\",\"count\":1,\"skills\":[\"hill\",\"cold\"]}]}";
	CHECK_INT(cl_fleet_parse("f2", text, strlen(text), &t, &n, &sk, &err), CL_OK);
	CHECK_INT(sk.n, 3);
	if (n == 1)
		CHECK(t[0].skills == (1u | 4u));
	cl_vtypes_free(t, n);
	text = "{\"vehicle_types\":[{\"name\":\"x\",\"count\":1,\"skills\":[\"new\"],"
	       "\"max_trips\":0}]}";
	CHECK_INT(cl_fleet_parse("f3", text, strlen(text), &t, &n, &sk, &err), CL_EINPUT);
	CHECK_INT(sk.n, 3);
	cl_names_free(&sk);

	REJECT_KEY("\"max_trips\": 0", "vehicle_types[0].max_trips: 0 is out of range",
		   "from 1 to 50");
	REJECT_KEY("\"max_trips\": 51", "max_trips: 51 is out of range", NULL);
	REJECT_KEY("\"max_trips\": 1.5", "max_trips: expected an integer, got 1.5", NULL);
	REJECT_KEY("\"reload_min\": -1", "reload_min: -1 is out of range", NULL);
	REJECT_KEY("\"reload_min\": \"15\"", "reload_min: expected a number, got a string", NULL);
	REJECT_KEY("\"max_trip_km\": 10001", "max_trip_km: 10001 is out of range", NULL);
	REJECT_KEY("\"cost_per_hour\": -3", "cost_per_hour: -3 is out of range", NULL);
	REJECT_KEY("\"skills\": \"cold\"",
		   "vehicle_types[0].skills: expected an array of skill names, got a string", NULL);
	REJECT_KEY("\"skills\": [1]", "skills: element 0: expected a string, got a number", NULL);
	REJECT_KEY("\"skills\": [\"\"]", "skills: element 0: \"\" is not a skill name", NULL);
	REJECT_KEY("\"skills\": [\"cold\", \" hot\"]", "element 1: \" hot\" is not a skill name",
		   NULL);
	REJECT_KEY("\"skills\": [\"a;b\"]", "element 0: \"a;b\" is not a skill name", "';'");
}

/* More than 64 distinct skills are refused. */
/* Drones (issue 15): "mode": "drone", its keys, defaults and refusals. */
static void test_drones(void)
{
	struct cl_vtype *t = NULL;
	struct cl_error err;
	int n = 0;
	const char *text =
		"{\"vehicle_types\": ["
		" {\"name\": \"van\", \"count\": 2, \"max_stops\": 12, \"payload_kg\": 800},"
		" {\"name\": \"uav\", \"count\": 1, \"mode\": \"drone\", \"range_km\": 24,"
		"  \"speed_kmh\": 54, \"capacity\": 3, \"payload_kg\": 5.5, \"max_stops\": 2,"
		"  \"turnaround_min\": 8, \"max_trips\": 12},"
		" {\"name\": \"uav2\", \"count\": 1, \"mode\": \"drone\", \"range_km\": 10}]}";

	CHECK_INT(parse(text, &t, &n, &err), CL_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(t[0].mode, CL_MODE_ROAD);
		CHECK_INT(t[0].max_stops, 12);
		CHECK(t[0].payload_kg == 800);
		CHECK_INT(t[0].reload_s, 15 * 60);
		CHECK_INT(t[1].mode, CL_MODE_DRONE);
		CHECK(t[1].max_trip_m == 24000);     /* range_km: per sortie */
		CHECK_INT(t[1].reload_s, 8 * 60);    /* turnaround_min */
		CHECK_INT(t[1].capacity, 3);
		CHECK_INT(t[1].max_stops, 2);
		CHECK(t[1].payload_kg == 5.5);
		CHECK_INT(t[1].max_trips, 12);
		CHECK(t[1].speed_kmh == 54);
		/* a drone's defaults */
		CHECK_INT(t[2].capacity, 5);
		CHECK(t[2].speed_kmh == 60);
		CHECK_INT(t[2].max_stops, 1);
		CHECK_INT(t[2].max_trips, 10);
		CHECK_INT(t[2].reload_s, 10 * 60);
		CHECK(t[2].max_trip_m == 10000);
		CHECK(t[2].payload_kg == 0);
		CHECK_INT(t[2].base, 0);
	}
	cl_vtypes_free(t, n);
	REJECT_KEY("\"mode\": \"helicopter\"",
		   "vehicle_types[0].mode: expected \"road\" or \"drone\", got \"helicopter\"", NULL);
	REJECT_KEY("\"mode\": 1", "vehicle_types[0].mode: expected \"road\" or \"drone\", got a number",
		   NULL);
	REJECT_KEY("\"mode\": \"drone\"", "vehicle_types[0]: missing key \"range_km\"",
		   "out and back");
	REJECT_KEY("\"mode\": \"drone\", \"range_km\": 0", "vehicle_types[0].range_km", "above 0");
	REJECT_KEY("\"mode\": \"drone\", \"range_km\": 20, \"max_trip_km\": 20",
		   "vehicle_types[0].max_trip_km: is a key of road vehicles; a drone type has range_km",
		   NULL);
	REJECT_KEY("\"mode\": \"drone\", \"range_km\": 20, \"reload_min\": 5",
		   "vehicle_types[0].reload_min: is a key of road vehicles; a drone type has turnaround_min",
		   NULL);
	REJECT_KEY("\"mode\": \"drone\", \"range_km\": 20, \"avoid_roads\": [\"motorway\"]",
		   "vehicle_types[0].avoid_roads: a drone does not use roads", NULL);
	REJECT_KEY("\"range_km\": 20",
		   "vehicle_types[0].range_km: is a key of drone types (\"mode\": \"drone\"); road "
		   "vehicles have max_trip_km", NULL);
	REJECT_KEY("\"turnaround_min\": 5", "vehicle_types[0].turnaround_min: is a key of drone types",
		   "road vehicles have reload_min");
	REJECT_KEY("\"max_stops\": -1", "vehicle_types[0].max_stops", NULL);
	REJECT_KEY("\"max_stops\": 1.5", "vehicle_types[0].max_stops: expected an integer", NULL);
	REJECT_KEY("\"payload_kg\": \"5\"", "vehicle_types[0].payload_kg: expected a number", NULL);
	REJECT_KEY("\"payload_kg\": 1e6", "vehicle_types[0].payload_kg", NULL);
}

static void test_too_many_skills(void)
{
	char text[2048];
	size_t o = 0;

	o += (size_t)snprintf(text + o, sizeof text - o,
			      "{\"vehicle_types\":[{\"name\":\"x\",\"count\":1,\"skills\":[");
	for (int k = 0; k < 65; k++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%s\"s%d\"", k ? "," : "", k);
	snprintf(text + o, sizeof text - o, "]}]}");
	REJECT(text, "element 64: \"s64\" is one skill too many", "at most 64");
}

int main(void)
{
	RUN(test_default);
	RUN(test_full);
	RUN(test_optional_defaults);
	RUN(test_bom_and_whitespace);
	RUN(test_not_json);
	RUN(test_nul_byte);
	RUN(test_top_level);
	RUN(test_type_limit);
	RUN(test_unknown_key);
	RUN(test_duplicate_key);
	RUN(test_missing_required);
	RUN(test_wrong_types);
	RUN(test_not_integral);
	RUN(test_out_of_range);
	RUN(test_names);
	RUN(test_failure_frees);
	RUN(test_null_error);
	RUN(test_too_large);
	RUN(test_read_files);
	RUN(test_andorra);
	RUN(test_avoid_roads);
	RUN(test_trips_wages_skills);
	RUN(test_too_many_skills);
	RUN(test_drones);
	TT_END();
}
