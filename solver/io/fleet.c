/*
 * io/fleet.c -- the fleet file reader and the default fleet (see fleet.h).
 * One of the two files that include cJSON.h (the other, dist/osrm.c,
 * reads OSRM's replies; tests/arch/layering.py keeps it so).
 *
 * FILE FORMAT
 *
 * UTF-8 JSON (a leading byte order mark is skipped), at most 1 MiB. The top
 * level is an object with exactly one key, "vehicle_types": a non-empty
 * array of at most 100 objects, one per vehicle type:
 *
 *   key            type     required  default  accepted
 *   name           string   yes                non-empty, unique, valid
 *                                              UTF-8, no control characters
 *   count          integer  yes                0 .. 1000 vehicles
 *   capacity       integer  no        150      1 .. 1000000 parcels
 *   speed_kmh      number   no        35       above 0, at most 150 km/h
 *   shift_start    string   no        "07:00"  "HH:MM" (00:00 .. 24:00)
 *   shift_end      string   no        "19:00"  "HH:MM", after shift_start
 *   max_route_min  number   no        0        0 .. 1440 minutes, depot to
 *                                              depot; 0 = only the shift
 *                                              limits the route
 *   max_route_km   number   no        0        0 .. 10000 km (an electric
 *                                              tricycle's battery range);
 *                                              0 = unlimited
 *   fixed_cost     number   no        100      0 .. 1e9 per vehicle used
 *   cost_per_km    number   no        1.2      0 .. 1e6 per km driven
 *   max_trips      integer  no        1        1 .. 50 trips a vehicle makes in a
 *                                              day, reloading at the depot in
 *                                              between
 *   reload_min     number   no        15       0 .. 1440 minutes at the depot
 *                                              between two trips
 *   max_trip_km    number   no        0        0 .. 10000 km for one trip;
 *                                              0 = no per-trip limit
 *                                              (max_route_km and
 *                                              max_route_min hold for the
 *                                              whole day)
 *   cost_per_hour  number   no        0        0 .. 1e6 per hour of the
 *                                              vehicle's day (first
 *                                              departure to last return,
 *                                              waiting included): wages
 *   skills         array    no        []       skills of the type, e.g.
 *                                              ["cold"]: non-empty strings
 *                                              without ';' or control
 *                                              characters, at most 64
 *                                              distinct over the fleet and
 *                                              the villages
 *   mode           string   no        "road"   "road" or "drone" (issue 15)
 *   max_stops      integer  no        0        0 .. 1000 villages per trip
 *                                              (drones: default 1); 0 = no limit
 *   payload_kg     number   no        0        0 .. 100000 kg delivered per trip
 *                                              (the villages' WEIGHT_KG);
 *                                              0 = no limit
 *   range_km       number   drones    --       drones only: above 0, at most
 *                                              10000 km per sortie, out and
 *                                              back (-> max_trip_m)
 *   turnaround_min number   no        10       drones only: 0 .. 1440 minutes
 *                                              between sorties (-> reload_s)
 *   avoid_roads    array    no        []       road classes the type may not
 *                                              drive on a road network
 *                                              (--roads): strings among
 *                                              motorway, trunk, primary,
 *                                              secondary, tertiary,
 *                                              unclassified, residential,
 *                                              living_street, service, track,
 *                                              road (a class covers its
 *                                              *_link roads)
 *
 * A drone type ("mode": "drone") has other defaults: capacity 5, speed_kmh
 * 60, max_trips 10, max_stops 1; range_km is required; max_trip_km,
 * reload_min and avoid_roads are refused on it, range_km and
 * turnaround_min on a road type (one name per concept and mode).
 *
 * Nothing is avoided by default, electric tricycles included: a county
 * that keeps its tricycles off the expressways says so in the fleet file,
 * "avoid_roads": ["motorway", "trunk"] (maps/andorra/fleet.json does).
 *
 * An integer is a JSON number with no fractional part (3 and 3.0 are fine,
 * 3.5 is not). Conversion to struct cl_vtype: shift times become seconds
 * after midnight, max_dur_s = max_route_min * 60 rounded to the nearest
 * second (a non-zero limit that rounds to 0 s is rejected, since 0 means
 * "no limit"), max_dist_m = max_route_km * 1000.
 *
 * Rejected, with a message naming the file and the key path
 * ("fleet.json: vehicle_types[0].capacity: expected an integer, got a
 * string"): text that is not JSON (with line, column and byte offset of
 * the error), trailing text after the JSON value, NUL bytes, a top level
 * that is not an object, unknown keys at any level, a key given twice in
 * one object (cJSON would keep both), wrong value types, out-of-range
 * values, duplicate names, a missing or empty "vehicle_types" array, and
 * files that are missing, unreadable or larger than 1 MiB.
 *
 * The limits above (counts, capacities, costs) are far beyond any county
 * fleet; they keep later integer arithmetic (total vehicles, scaled costs)
 * clear of overflow.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cunlu/fleet.h"
#include "io/json.h"
#include "util/file.h"

#define FLEET_MAX_BYTES (1024 * 1024)
#define FLEET_MAX_TYPES 100
#define SHOW_MAX 48            /* bytes of a key or name quoted in messages */
#define SHOW_BUF (4 * SHOW_MAX + 8)   /* room for SHOW_MAX bytes, escaped */
#define LIST_BUF 512           /* the list of keys in messages */

enum kind { KIND_STRING, KIND_INT, KIND_NUMBER, KIND_HHMM, KIND_ROADS,
	    KIND_SKILLS, KIND_MODE };

enum key {
	K_NAME, K_COUNT, K_CAPACITY, K_SPEED, K_SHIFT_START, K_SHIFT_END,
	K_MAX_MIN, K_MAX_KM, K_FIXED, K_PER_KM, K_PER_HOUR, K_MAX_TRIPS,
	K_RELOAD, K_TRIP_KM, K_SKILLS, K_AVOID, K_MODE, K_MAX_STOPS,
	K_PAYLOAD, K_RANGE, K_TURNAROUND, K_NKEYS
};

/* Keys that belong to one mode only (keyspec.only). */
#define BOTH (-1)
#define ROAD CL_MODE_ROAD
#define DRONE CL_MODE_DRONE

/* One key of a vehicle type: its JSON type, accepted range and default. */
struct keyspec {
	const char *name;
	enum kind kind;
	int required;
	double lo, hi;        /* accepted range (numbers and integers) */
	int lo_open;          /* lo itself is not accepted */
	double def;           /* default (numbers and integers) */
	const char *def_str;  /* default (times) */
	int only;             /* BOTH, or the one mode (ROAD, DRONE) it is for */
	int drone_required;   /* required for drone types */
	int has_drone_def;    /* drone types default to drone_def instead */
	double drone_def;
};

static const struct keyspec keys[K_NKEYS] = {
	[K_NAME] = { "name", KIND_STRING, 1, 0, 0, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_COUNT] = { "count", KIND_INT, 1, 0, 1000, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_CAPACITY] = { "capacity", KIND_INT, 0, 1, 1000000, 0, 150, NULL, BOTH, 0, 1, 5 },
	[K_SPEED] = { "speed_kmh", KIND_NUMBER, 0, 0, 150, 1, 35, NULL, BOTH, 0, 1, 60 },
	[K_SHIFT_START] = { "shift_start", KIND_HHMM, 0, 0, 0, 0, 0, "07:00", BOTH, 0, 0, 0 },
	[K_SHIFT_END] = { "shift_end", KIND_HHMM, 0, 0, 0, 0, 0, "19:00", BOTH, 0, 0, 0 },
	[K_MAX_MIN] = { "max_route_min", KIND_NUMBER, 0, 0, 1440, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_MAX_KM] = { "max_route_km", KIND_NUMBER, 0, 0, 10000, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_FIXED] = { "fixed_cost", KIND_NUMBER, 0, 0, 1e9, 0, 100, NULL, BOTH, 0, 0, 0 },
	[K_PER_KM] = { "cost_per_km", KIND_NUMBER, 0, 0, 1e6, 0, 1.2, NULL, BOTH, 0, 0, 0 },
	[K_PER_HOUR] = { "cost_per_hour", KIND_NUMBER, 0, 0, 1e6, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_MAX_TRIPS] = { "max_trips", KIND_INT, 0, 1, CL_MAX_TRIPS, 0, 1, NULL, BOTH, 0, 1, 10 },
	[K_RELOAD] = { "reload_min", KIND_NUMBER, 0, 0, 1440, 0, 15, NULL, ROAD, 0, 0, 0 },
	[K_TRIP_KM] = { "max_trip_km", KIND_NUMBER, 0, 0, 10000, 0, 0, NULL, ROAD, 0, 0, 0 },
	[K_SKILLS] = { "skills", KIND_SKILLS, 0, 0, 0, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_AVOID] = { "avoid_roads", KIND_ROADS, 0, 0, 0, 0, 0, NULL, ROAD, 0, 0, 0 },
	[K_MODE] = { "mode", KIND_MODE, 0, 0, 0, 0, 0, "road", BOTH, 0, 0, 0 },
	[K_MAX_STOPS] = { "max_stops", KIND_INT, 0, 0, 1000, 0, 0, NULL, BOTH, 0, 1, 1 },
	[K_PAYLOAD] = { "payload_kg", KIND_NUMBER, 0, 0, 1e5, 0, 0, NULL, BOTH, 0, 0, 0 },
	[K_RANGE] = { "range_km", KIND_NUMBER, 0, 0, 10000, 1, 0, NULL, DRONE, 1, 0, 0 },
	[K_TURNAROUND] = { "turnaround_min", KIND_NUMBER, 0, 0, 1440, 0, 10, NULL, DRONE, 0, 0, 0 },
};

/*
 * Record an input error at a place in the file: i < 0 and key NULL is the
 * file itself, i < 0 and a key is a top-level key, i >= 0 is
 * vehicle_types[i] (and its key, if given). Returns CL_EINPUT.
 */
static int bad(struct cl_error *err, const char *path, int i, const char *key,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int bad(struct cl_error *err, const char *path, int i, const char *key,
	       const char *fmt, ...)
{
	char where[96], what[CL_ERRMSG_MAX];
	va_list ap;

	if (i >= 0)
		snprintf(where, sizeof where, "vehicle_types[%d]%s%s: ", i,
			 key ? "." : "", key ? key : "");
	else if (key)
		snprintf(where, sizeof where, "%s: ", key);
	else
		where[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return cl_fail(err, CL_EINPUT, "%s: %s%s", path, where, what);
}

/* The message for a file above FLEET_MAX_BYTES. Returns CL_EINPUT. */
static int too_large(const char *path, struct cl_error *err)
{
	return bad(err, path, -1, NULL,
		   "too large (more than %d bytes); a fleet file is a few kilobytes",
		   FLEET_MAX_BYTES);
}

/*
 * Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 if
 * the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * code points above U+10FFFF included). Never reads past a NUL.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned lo, hi;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		hi = s[0] == 0xed ? 0x9f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		lo = s[0] == 0xf0 ? 0x90 : 0x80;
		hi = s[0] == 0xf4 ? 0x8f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * s made fit for a one-line message, into buf: quotes, backslashes and
 * control characters escaped, bytes that are not UTF-8 shown as \xNN,
 * anything past SHOW_MAX bytes cut and marked with "...". Returns buf.
 */
static const char *show(const char *s, char buf[SHOW_BUF])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, n;

	if (!s)
		return "(none)";
	while (*p && (size_t)(p - (const unsigned char *)s) < SHOW_MAX) {
		n = utf8_len(p);
		if (*p == '"' || *p == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)*p++;
		} else if (n == 0 || *p < 0x20 || *p == 0x7f) {
			snprintf(buf + o, 5, "\\x%02x", *p++);
			o += 4;
		} else {
			memcpy(buf + o, p, n);
			o += n;
			p += n;
		}
	}
	if (*p) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* "a string", "an array", ... for "expected X, got Y" messages. */
static const char *kind_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "an unknown value";
}

/* The accepted range of a numeric key in words, into buf. */
static const char *range_text(const struct keyspec *ks, char buf[96])
{
	const char *what = ks->kind == KIND_INT ? "an integer" : "a number";

	if (ks->lo_open)
		snprintf(buf, 96, "%s above %.15g and at most %.15g", what,
			 ks->lo, ks->hi);
	else
		snprintf(buf, 96, "%s from %.15g to %.15g", what, ks->lo, ks->hi);
	return buf;
}

/* Check a number or integer value against its keyspec; *out on success. */
static int get_number(const char *path, int i, const struct keyspec *ks,
		      const cJSON *v, double *out, struct cl_error *err)
{
	char range[96];
	double x;

	if (!cJSON_IsNumber(v))
		return bad(err, path, i, ks->name, "expected %s, got %s",
			   ks->kind == KIND_INT ? "an integer" : "a number",
			   kind_of(v));
	x = v->valuedouble;
	if (ks->kind == KIND_INT && isfinite(x) && x != floor(x))
		return bad(err, path, i, ks->name,
			   "expected an integer, got %.15g", x);
	if (!(ks->lo_open ? x > ks->lo : x >= ks->lo) || !(x <= ks->hi))
		return bad(err, path, i, ks->name,
			   "%.15g is out of range (expected %s)", x,
			   range_text(ks, range));
	*out = x == 0 ? 0 : x;   /* -0 becomes 0 */
	return CL_OK;
}

/* Check a name: non-empty, valid UTF-8, no control characters. */
static int check_name(const char *path, int i, const char *s,
		      struct cl_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	char shown[SHOW_BUF];
	size_t n;

	if (*p == '\0')
		return bad(err, path, i, "name", "must not be empty");
	while (*p) {
		n = utf8_len(p);
		if (n == 0)
			return bad(err, path, i, "name", "\"%s\" is not valid UTF-8",
				   show(s, shown));
		if (*p < 0x20 || *p == 0x7f)
			return bad(err, path, i, "name",
				   "\"%s\" contains a control character",
				   show(s, shown));
		p += n;
	}
	return CL_OK;
}

/* "name, count, capacity, ..." for the unknown-key message, into buf. */
static const char *key_list(char buf[LIST_BUF])
{
	size_t o = 0;

	buf[0] = '\0';
	for (int k = 0; k < K_NKEYS; k++)
		o += (size_t)snprintf(buf + o, LIST_BUF - o, "%s%s", k ? ", " : "",
				      keys[k].name);
	return buf;
}

/*
 * "skills": an array of skill names, into a mask of bits of *names
 * (names not seen before are added).
 */
static int get_skills(const char *path, int i, const cJSON *v,
		      struct cl_names *names, uint64_t *mask,
		      struct cl_error *err)
{
	char shown[SHOW_BUF];
	int j = 0, k;

	*mask = 0;
	if (!v)
		return CL_OK;
	if (!cJSON_IsArray(v))
		return bad(err, path, i, "skills",
			   "expected an array of skill names, got %s", kind_of(v));
	for (const cJSON *e = v->child; e; e = e->next, j++) {
		const unsigned char *p;

		if (!cJSON_IsString(e) || !e->valuestring)
			return bad(err, path, i, "skills",
				   "element %d: expected a string, got %s", j,
				   kind_of(e));
		p = (const unsigned char *)e->valuestring;
		if (*p == '\0' || *p == ' ' ||
		    (*p && p[strlen(e->valuestring) - 1] == ' '))
			return bad(err, path, i, "skills",
				   "element %d: \"%s\" is not a skill name (empty, or a space at either end)",
				   j, show(e->valuestring, shown));
		for (size_t n; *p; p += n) {
			n = utf8_len(p);
			if (n == 0 || *p < 0x20 || *p == 0x7f || *p == ';')
				return bad(err, path, i, "skills",
					   "element %d: \"%s\" is not a skill name (';', a control character or not UTF-8)",
					   j, show(e->valuestring, shown));
		}
		k = cl_names_add(names, e->valuestring, CL_MAX_SKILLS);
		if (k == -2)
			return cl_fail(err, CL_EINTERNAL,
				       "%s: out of memory reading the fleet", path);
		if (k < 0)
			return bad(err, path, i, "skills",
				   "element %d: \"%s\" is one skill too many (at most %d distinct skills)",
				   j, show(e->valuestring, shown), CL_MAX_SKILLS);
		*mask |= (uint64_t)1 << k;
	}
	return CL_OK;
}

/* "avoid_roads": an array of road class names, into a bitmask. */
static int get_roads(const char *path, int i, const cJSON *v, unsigned *mask,
		     struct cl_error *err)
{
	char shown[SHOW_BUF], list[256];
	size_t o = 0;
	int j = 0, c;

	*mask = 0;
	if (!v)
		return CL_OK;
	if (!cJSON_IsArray(v))
		return bad(err, path, i, "avoid_roads",
			   "expected an array of road classes, got %s", kind_of(v));
	for (const cJSON *e = v->child; e; e = e->next, j++) {
		if (!cJSON_IsString(e) || !e->valuestring)
			return bad(err, path, i, "avoid_roads",
				   "element %d: expected a string, got %s", j,
				   kind_of(e));
		c = cl_road_class_parse(e->valuestring);
		if (c < 0) {
			list[0] = '\0';
			for (int k = 0; k < CL_ROAD_NCLASSES; k++)
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
						      k ? ", " : "", cl_road_class_name(k));
			return bad(err, path, i, "avoid_roads",
				   "element %d: unknown road class \"%s\" (expected one of %s)",
				   j, show(e->valuestring, shown), list);
		}
		*mask |= 1u << c;
	}
	return CL_OK;
}

/* "mode": "road" (the default) or "drone", into *mode. */
static int get_mode(const char *path, int i, const cJSON *v, int *mode,
		    struct cl_error *err)
{
	char shown[SHOW_BUF];

	*mode = ROAD;
	if (!v)
		return CL_OK;
	if (!cJSON_IsString(v) || !v->valuestring)
		return bad(err, path, i, "mode",
			   "expected \"road\" or \"drone\", got %s", kind_of(v));
	if (strcmp(v->valuestring, "drone") == 0)
		*mode = DRONE;
	else if (strcmp(v->valuestring, "road") != 0)
		return bad(err, path, i, "mode",
			   "expected \"road\" or \"drone\", got \"%s\"",
			   show(v->valuestring, shown));
	return CL_OK;
}

/*
 * A key present (v) or missing for a type of this mode: required keys,
 * and keys of the other mode (a drone has range_km and turnaround_min,
 * not max_trip_km, reload_min or avoid_roads).
 */
static int check_mode_key(const char *path, int i, const struct keyspec *ks,
			  const cJSON *v, int mode, struct cl_error *err)
{
	if (!v && (ks->required || (mode == DRONE && ks->drone_required)))
		return bad(err, path, i, NULL, "missing key \"%s\"%s", ks->name,
			   ks->drone_required ? " (a drone type needs its range per "
			   "sortie, out and back)" : "");
	if (!v || ks->only == BOTH || ks->only == mode)
		return CL_OK;
	if (mode == ROAD)
		return bad(err, path, i, ks->name,
			   "is a key of drone types (\"mode\": \"drone\"); road "
			   "vehicles have %s", ks == &keys[K_RANGE] ?
			   "max_trip_km" : "reload_min");
	if (ks == &keys[K_AVOID])
		return bad(err, path, i, ks->name, "a drone does not use roads");
	return bad(err, path, i, ks->name,
		   "is a key of road vehicles; a drone type has %s",
		   ks == &keys[K_TRIP_KM] ? "range_km (per sortie, out and back)"
					  : "turnaround_min (between two sorties)");
}

/* The keys of vehicle_types[i] (obj) into val[] by keyspec; an unknown or
 * repeated key is an error. */
static int collect_keys(const char *path, int i, const cJSON *obj,
			const cJSON *val[K_NKEYS], struct cl_error *err)
{
	char shown[SHOW_BUF], list[LIST_BUF];
	int k;

	for (const cJSON *c = obj->child; c; c = c->next) {
		for (k = 0; k < K_NKEYS; k++)
			if (c->string && strcmp(c->string, keys[k].name) == 0)
				break;
		if (k == K_NKEYS)
			return bad(err, path, i, NULL,
				   "unknown key \"%s\" (expected one of %s)",
				   show(c->string, shown), key_list(list));
		if (val[k])
			return bad(err, path, i, NULL,
				   "duplicate key \"%s\"", keys[k].name);
		val[k] = c;
	}
	return CL_OK;
}

/*
 * Key k of a type of mode vt->mode, its value v (NULL when absent): a
 * number into num[k] (the mode's default when absent), a time into
 * secs[k], road classes and skills into *vt, a name checked.
 */
static int get_value(const char *path, int i, int k, const cJSON *v,
		     struct cl_names *skills, struct cl_vtype *vt,
		     double num[K_NKEYS], int secs[K_NKEYS], struct cl_error *err)
{
	const struct keyspec *ks = &keys[k];
	char shown[SHOW_BUF];
	const char *s;
	int rc;

	rc = check_mode_key(path, i, ks, v, vt->mode, err);
	if (rc != CL_OK)
		return rc;
	switch (ks->kind) {
	case KIND_MODE:
		break;
	case KIND_STRING:
		if (!cJSON_IsString(v) || !v->valuestring)
			return bad(err, path, i, ks->name,
				   "expected a string, got %s",
				   kind_of(v));
		return check_name(path, i, v->valuestring, err);
	case KIND_INT:
	case KIND_NUMBER:
		num[k] = vt->mode == DRONE && ks->has_drone_def ? ks->drone_def
							       : ks->def;
		if (v)
			return get_number(path, i, ks, v, &num[k], err);
		break;
	case KIND_HHMM:
		if (v && (!cJSON_IsString(v) || !v->valuestring))
			return bad(err, path, i, ks->name,
				   "expected a time \"HH:MM\", got %s",
				   kind_of(v));
		s = v ? v->valuestring : ks->def_str;
		if (cl_parse_hhmm(s, &secs[k]) != CL_OK)
			return bad(err, path, i, ks->name,
				   "expected a time \"HH:MM\" from 00:00 to 24:00, got \"%s\"",
				   show(s, shown));
		break;
	case KIND_ROADS:
		return get_roads(path, i, v, &vt->avoid_roads, err);
	case KIND_SKILLS:
		return get_skills(path, i, v, skills, &vt->skills, err);
	}
	return CL_OK;
}

/*
 * The checked values of vehicle_types[i] into *vt: the shift must end
 * after it starts, a route limit must not round to 0 s; then vt->name is a
 * new string.
 */
static int fill_type(const char *path, int i, const cJSON *const val[K_NKEYS],
		     const double num[K_NKEYS], const int secs[K_NKEYS],
		     struct cl_vtype *vt, struct cl_error *err)
{
	char t1[16], t2[16];

	if (secs[K_SHIFT_END] <= secs[K_SHIFT_START]) {
		cl_format_hhmm(secs[K_SHIFT_START], t1);
		cl_format_hhmm(secs[K_SHIFT_END], t2);
		return bad(err, path, i, "shift_end",
			   "%s%s is not after shift_start %s%s", t2,
			   val[K_SHIFT_END] ? "" : " (the default)", t1,
			   val[K_SHIFT_START] ? "" : " (the default)");
	}
	vt->max_dur_s = (int)lround(num[K_MAX_MIN] * 60);
	if (num[K_MAX_MIN] > 0 && vt->max_dur_s == 0)
		return bad(err, path, i, "max_route_min",
			   "%.15g rounds to 0 seconds; use 0 for no limit",
			   num[K_MAX_MIN]);
	vt->count = (int)num[K_COUNT];
	vt->capacity = (int)num[K_CAPACITY];
	vt->speed_kmh = num[K_SPEED];
	vt->shift_start_s = secs[K_SHIFT_START];
	vt->shift_end_s = secs[K_SHIFT_END];
	vt->max_dist_m = num[K_MAX_KM] * 1000;
	vt->fixed_cost = num[K_FIXED];
	vt->cost_per_km = num[K_PER_KM];
	vt->cost_per_hour = num[K_PER_HOUR];
	vt->max_trips = (int)num[K_MAX_TRIPS];
	/* a drone's sortie: range_km is its per-trip limit, turnaround_min
	   its time between two sorties */
	vt->reload_s = (int)lround(num[vt->mode == DRONE ? K_TURNAROUND : K_RELOAD] * 60);
	vt->max_trip_m = (int64_t)llround(num[vt->mode == DRONE ? K_RANGE : K_TRIP_KM] * 1000);
	vt->max_stops = (int)num[K_MAX_STOPS];
	vt->payload_kg = num[K_PAYLOAD];
	vt->name = strdup(val[K_NAME]->valuestring);
	if (!vt->name)
		return cl_fail(err, CL_EINTERNAL,
			       "%s: out of memory reading the fleet", path);
	return CL_OK;
}

/*
 * Read vehicle_types[i] (obj, already known to be an object) into *vt:
 * its keys, its mode, each key's value in keys[] order, then the type.
 * On success vt->name is a new string; on failure nothing is allocated.
 */
static int parse_type(const char *path, int i, const cJSON *obj,
		      struct cl_names *skills, struct cl_vtype *vt,
		      struct cl_error *err)
{
	const cJSON *val[K_NKEYS] = { NULL };
	double num[K_NKEYS] = { 0 };
	int secs[K_NKEYS] = { 0 };
	int rc;

	rc = collect_keys(path, i, obj, val, err);
	if (rc == CL_OK)
		rc = get_mode(path, i, val[K_MODE], &vt->mode, err);
	for (int k = 0; rc == CL_OK && k < K_NKEYS; k++)
		rc = get_value(path, i, k, val[k], skills, vt, num, secs, err);
	if (rc != CL_OK)
		return rc;
	return fill_type(path, i, val, num, secs, vt, err);
}

/* 1-based line and column of byte offset off in text[0..len). */
static void line_col(const char *text, size_t len, size_t off, long *line,
		     long *col)
{
	size_t start = 0;

	*line = 1;
	if (off > len)
		off = len;
	for (size_t j = 0; j < off; j++)
		if (text[j] == '\n') {
			(*line)++;
			start = j + 1;
		}
	*col = (long)(off - start) + 1;
}

/*
 * The JSON value of text[0..len) (followed by a NUL at text[len], so cJSON
 * is never tempted past the end): a UTF-8 BOM is skipped; a NUL inside,
 * an empty file, a syntax error or text after the value is CL_EINPUT with
 * its line and column. *root is owned by the caller (cJSON_Delete).
 */
static int parse_json(const char *path, const char *text, size_t len, cJSON **root,
		      struct cl_error *err)
{
	const char *end = NULL, *body = text;
	size_t skip = 0, nul, off;
	long line, col;
	int oom;

	*root = NULL;
	nul = strlen(text);
	if (nul < len) {
		line_col(text, len, nul, &line, &col);
		return bad(err, path, -1, NULL,
			   "not valid JSON: NUL byte at line %ld, column %ld (byte %zu)",
			   line, col, nul);
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	body = text + skip;
	if (strspn(body, " \t\r\n") == len - skip)
		return bad(err, path, -1, NULL, "not valid JSON: the file is empty");
	*root = cl_json_parse(body, len - skip, &end, &oom);
	if (!*root && oom)
		return cl_oom(err, "reading %s", path);
	if (!*root) {
		off = end ? (size_t)(end - text) : skip;
		line_col(text, len, off, &line, &col);
		return bad(err, path, -1, NULL,
			   "not valid JSON: error at line %ld, column %ld (byte %zu)",
			   line, col, off);
	}
	if (end) {
		end += strspn(end, " \t\r\n");
		if (*end) {
			off = (size_t)(end - text);
			line_col(text, len, off, &line, &col);
			return bad(err, path, -1, NULL,
				   "not valid JSON: unexpected text after the top-level value at line %ld, column %ld (byte %zu)",
				   line, col, off);
		}
	}
	return CL_OK;
}

/*
 * The "vehicle_types" array of the top-level object, the only key there,
 * holding 1 to FLEET_MAX_TYPES entries (*n of them).
 */
static int find_types(const char *path, const cJSON *root, const cJSON **arr, int *n,
		      struct cl_error *err)
{
	char shown[SHOW_BUF];

	*arr = NULL;
	*n = 0;
	if (!cJSON_IsObject(root))
		return bad(err, path, -1, NULL,
			   "expected an object {\"vehicle_types\": [...]} at the top level, got %s",
			   kind_of(root));
	for (const cJSON *c = root->child; c; c = c->next) {
		if (!c->string || strcmp(c->string, "vehicle_types") != 0)
			return bad(err, path, -1, NULL,
				   "unknown key \"%s\" at the top level (expected only \"vehicle_types\")",
				   show(c->string, shown));
		if (*arr)
			return bad(err, path, -1, NULL,
				   "duplicate key \"vehicle_types\" at the top level");
		*arr = c;
	}
	if (!*arr)
		return bad(err, path, -1, NULL, "missing key \"vehicle_types\"");
	if (!cJSON_IsArray(*arr))
		return bad(err, path, -1, "vehicle_types",
			   "expected an array of vehicle types, got %s", kind_of(*arr));
	for (const cJSON *c = (*arr)->child; c; c = c->next)
		if (++*n > FLEET_MAX_TYPES)
			return bad(err, path, -1, "vehicle_types",
				   "too many vehicle types (at most %d)", FLEET_MAX_TYPES);
	if (*n == 0)
		return bad(err, path, -1, "vehicle_types",
			   "the array is empty (at least one vehicle type is needed)");
	return CL_OK;
}

/*
 * Parse text[0..len), at most FLEET_MAX_BYTES and followed by a NUL at
 * text[len]: the JSON, the array, then each vehicle type (parse_type) with
 * a name of its own. The common part of cl_fleet_parse() and
 * cl_fleet_read().
 */
static int parse_text(const char *path, const char *text, size_t len,
		      struct cl_vtype **types, int *ntypes,
		      struct cl_names *skills, struct cl_error *err)
{
	cJSON *root = NULL;
	const cJSON *arr = NULL, *c;
	struct cl_vtype *vt = NULL;
	char shown[SHOW_BUF];
	int n = 0, i, rc, nskills0;
	struct cl_names local = { 0, NULL };

	*types = NULL;
	*ntypes = 0;
	if (!skills)
		skills = &local;
	nskills0 = skills->n;
	rc = parse_json(path, text, len, &root, err);
	if (rc == CL_OK)
		rc = find_types(path, root, &arr, &n, err);
	if (rc != CL_OK)
		goto cleanup;
	vt = calloc((size_t)n, sizeof *vt);
	if (!vt) {
		rc = cl_oom(err, "reading the fleet %s", path);
		goto cleanup;
	}
	for (i = 0, c = arr->child; c; c = c->next, i++) {
		if (!cJSON_IsObject(c)) {
			rc = bad(err, path, i, NULL, "expected an object, got %s",
				 kind_of(c));
			goto cleanup;
		}
		rc = parse_type(path, i, c, skills, &vt[i], err);
		if (rc != CL_OK)
			goto cleanup;
		for (int j = 0; j < i; j++)
			if (strcmp(vt[j].name, vt[i].name) == 0) {
				rc = bad(err, path, i, "name",
					 "\"%s\" is already the name of vehicle_types[%d]",
					 show(vt[i].name, shown), j);
				goto cleanup;
			}
	}
	*types = vt;
	*ntypes = n;
	vt = NULL;
	rc = CL_OK;
cleanup:
	/* On failure, the skill names this file added go again. */
	while (rc != CL_OK && skills->n > nskills0)
		free(skills->name[--skills->n]);
	cl_names_free(&local);
	cl_vtypes_free(vt, n);
	cJSON_Delete(root);
	return rc;
}

int cl_fleet_parse(const char *path, const char *text, size_t len,
		   struct cl_vtype **types, int *ntypes, struct cl_names *skills,
		   struct cl_error *err)
{
	char *copy = NULL;
	int rc;

	*types = NULL;
	*ntypes = 0;
	if (len > FLEET_MAX_BYTES)
		return too_large(path, err);
	copy = malloc(len + 1);
	if (!copy)
		return cl_fail(err, CL_EINTERNAL,
			       "%s: out of memory reading the fleet", path);
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	rc = parse_text(path, copy, len, types, ntypes, skills, err);
	free(copy);
	return rc;
}

int cl_fleet_read(const char *path, struct cl_vtype **types, int *ntypes,
		  struct cl_names *skills, struct cl_error *err)
{
	char *buf = NULL;
	size_t len;
	int rc;

	*types = NULL;
	*ntypes = 0;
	rc = cl_file_read(path, "the fleet file", FLEET_MAX_BYTES, &buf, &len, err);
	if (rc == CL_EINPUT && errno == EFBIG)
		return too_large(path, err);
	if (rc)
		return rc;
	rc = parse_text(path, buf, len, types, ntypes, skills, err);
	free(buf);
	return rc;
}

int cl_fleet_default(struct cl_vtype **types, int *ntypes,
		     struct cl_error *err)
{
	static const char *const names[] = { "van", "etricycle" };
	static const struct cl_vtype def[] = {
		{ .count = 4, .capacity = 150, .speed_kmh = 35,
		  .shift_start_s = 7 * 3600, .shift_end_s = 19 * 3600,
		  .max_dur_s = 600 * 60, .max_dist_m = 0,
		  .fixed_cost = 100, .cost_per_km = 1.2,
		  .max_trips = 1, .reload_s = 15 * 60 },
		{ .count = 4, .capacity = 40, .speed_kmh = 20,
		  .shift_start_s = 7 * 3600, .shift_end_s = 19 * 3600,
		  .max_dur_s = 480 * 60, .max_dist_m = 60000,
		  .fixed_cost = 30, .cost_per_km = 0.3,
		  .max_trips = 1, .reload_s = 15 * 60 },
	};
	const int n = (int)(sizeof def / sizeof def[0]);
	struct cl_vtype *vt;
	int rc = CL_OK;

	*types = NULL;
	*ntypes = 0;
	vt = calloc((size_t)n, sizeof *vt);
	if (!vt) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for the default fleet");
		goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		vt[i] = def[i];
		vt[i].name = strdup(names[i]);
		if (!vt[i].name) {
			rc = cl_fail(err, CL_EINTERNAL,
				     "out of memory for the default fleet");
			goto cleanup;
		}
	}
	*types = vt;
	*ntypes = n;
	vt = NULL;
cleanup:
	cl_vtypes_free(vt, n);
	return rc;
}
