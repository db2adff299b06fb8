/*
 * dist/osrm.c -- distances, times and shapes from an OSRM server
 * (router.h). The only file that reads OSRM's JSON (osrm.h: the parsers,
 * exposed for the fuzzer).
 *
 * Probe. When the router is made, one cheap request per chunk of sites,
 * GET /table/v1/PROFILE/DEPOT;S1;...?sources=0&annotations=duration,distance
 * (a one-to-many search from the depot over at most max_table
 * coordinates), gives every site's snap distance (the reply's
 * destinations[j].distance: metres from the coordinate to where OSRM
 * joined the road network) and the server's data identity: its
 * "data_version" when the extract has one, and a hash of everything the
 * probe answered (the depot's row of durations and distances, each site's
 * snapped location and snap distance). A rebuilt dataset behind the same
 * URL changes at least one of these for any change near a village or on
 * the depot's ways, so the identity goes into the matrix cache key
 * (source_key "osrm:<url>:<profile>:data=<hash>") and yesterday's matrix
 * is not reused on today's data. The snap distances are the router's
 * snap_m (stops.geojson, the --snap-warn warnings), known on every run,
 * cached matrix or not, and decide the snap bound (router.h): OSRM has
 * one profile for every vehicle type, so a site farther than
 * opts->snap_max_m from the server's roads is unreachable for all types
 * (its matrix row and column; the depot beyond it: nothing is reachable),
 * site_note explains it with cl_snap_note(), and the bound is part of the
 * cache key.
 *
 * Matrix. GET /table/v1/PROFILE/LON,LAT;...?annotations=duration,distance.
 * A request names at most opts->max_table coordinates (the server's
 * --max-table-size; OSRM refuses sources x destinations above its square
 * with "TooBig", and the message then names --osrm-max-table). Up to
 * max_table sites go in one request. Beyond that the sites are cut into
 * chunks of h = max_table / 2 and every pair of chunks (I, J), I < J, is
 * asked for in one all-to-all request over the 2h coordinates of I and J:
 * it yields the blocks I x J, J x I, I x I and J x J at once. That is
 * k (k - 1) / 2 requests for k chunks, each of the largest size the server
 * accepts; a sources/destinations split (I x J alone) would take k^2
 * requests of a quarter the cells for about the same work on the server
 * (a many-to-many search costs about one search per source plus one per
 * destination). Diagonal blocks arrive more than once with the same
 * values.
 *
 * Cells. "durations" and "distances" must be arrays of the request's
 * size holding numbers or null; null (no route) in either becomes
 * CL_UNREACHABLE. OSRM gives one profile's distance and duration; all
 * vehicle types share the distance, and the time of type t is
 *   max(OSRM duration, distance / speed_kmh of t)
 * so a tricycle is never faster than its top speed, while a van is never
 * faster than the traffic model of the profile.
 *
 * Shapes. One request per route (route_shape) rather than one per leg:
 * GET /route/v1/PROFILE/DEPOT;S1;...;DEPOT?overview=false&steps=true&
 * geometries=geojson&continue_straight=false, at most ROUTE_WAYPOINTS
 * waypoints a request (longer routes take several requests that share
 * their end waypoints). continue_straight=false lets a leg leave a stop
 * in any direction, as the table's independent searches do, so each leg
 * is the table's path. A server with a smaller --max-viaroute-size says
 * TooBig: the router halves its waypoints per request until the server
 * accepts them (two, one leg, always fits). A leg's line is its steps' geometries joined; it
 * starts at site a and ends at site b (added when OSRM's snapped geometry
 * starts or ends elsewhere, so the line also shows the way from the
 * village to the road). Its length is OSRM's leg distance, the same as
 * the table's, plus those snap segments.
 *
 * Connections. osrm-routed answers a request on a reused (keep-alive)
 * connection about 40 ms late: it writes the reply in two parts with
 * Nagle's algorithm on, and the second part waits for the client's
 * delayed ACK of the first (measured: 44 ms a request on a reused
 * connection, 0.25 ms of work on the server; fresh connections take about
 * 1 ms on loopback). So plain http:// URLs (osrm-routed itself) get a
 * fresh connection per request; https:// URLs, which mean a TLS proxy in
 * front (no such stall, and a handshake costs more), keep theirs.
 *
 * Errors name the request URL (abbreviated), the HTTP status and OSRM's
 * "code" and "message"; all are CL_EROUTING (exit code 3).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/router.h"
#include "dist/http.h"
#include "dist/osrm.h"
#include "io/json.h"
#include "cunlu/log.h"
#include "util/hash.h"

#define URL_SHOWN 120      /* characters of a request URL shown in messages */
#define MSG_SHOWN 200      /* characters of OSRM's "message" shown */
#define ROUTE_WAYPOINTS 100 /* waypoints per /route request (OSRM's default
			       --max-viaroute-size is 500) */
#define SNAP_MAX_M 2e7     /* a snap distance above half the Earth's
			      circumference is not one */

struct osrm_ctx {
	char *base;        /* server URL without trailing '/' */
	char *profile;
	char *key;         /* "osrm:<base>:<profile>:data=<hash>:snap_max=<m>" */
	int max_table;
	double timeout_s;
	double snap_max_m; /* the snap bound (router.h) */
	int route_wp;      /* waypoints per /route request (ROUTE_WAYPOINTS,
			      halved while the server says TooBig) */
	int nsites, ntypes;
	double *snap_m;    /* per site, from the probe (NAN: not reported) */
	double *site_m, *depot_m;   /* per type, for cl_snap_note */
	char data_version[CL_OSRM_VERSION_MAX];
	struct cl_http *http;
};

/* A growing NUL-terminated string; oom set on allocation failure. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (!b->s || b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* The first URL_SHOWN characters of url, "..." when cut. */
static void shorten(const char *url, char out[URL_SHOWN + 4])
{
	size_t n = strlen(url);

	if (n <= URL_SHOWN) {
		memcpy(out, url, n + 1);
		return;
	}
	memcpy(out, url, URL_SHOWN);
	memcpy(out + URL_SHOWN, "...", 4);
}

/* Append text to the message in err (cut to fit). */
static void add_hint(struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_hint(struct cl_error *err, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!err)
		return;
	n = strlen(err->msg);
	if (n + 1 >= sizeof err->msg)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
	va_end(ap);
}

/* Copy a JSON string into out (size bytes), printable ASCII only. */
static void copy_printable(char *out, size_t size, const char *s)
{
	size_t k = 0;

	for (; s && *s && k + 1 < size; s++)
		out[k++] = (*s >= ' ' && *s < 127) ? *s : '?';
	out[k] = '\0';
}

/*
 * Judge a reply: CL_OK with *root (owned by the caller) when the status is
 * 200, the body is a JSON object and its "code" is "Ok". Otherwise
 * CL_EROUTING naming shown, the status and OSRM's code and message. code
 * gets OSRM's code (or "") either way.
 */
static int judge(const char *shown, long status, const char *body, size_t len,
		 cJSON **root, char code_out[CL_OSRM_CODE_MAX], struct cl_error *err)
{
	const cJSON *code, *msg;
	char ctext[CL_OSRM_CODE_MAX], mtext[MSG_SHOWN];
	cJSON *j;
	int oom = 0;

	*root = NULL;
	code_out[0] = '\0';
	j = body ? cl_json_parse(body, len, NULL, &oom) : NULL;
	if (oom)
		return cl_oom(err, "reading the reply of osrm %s", shown);
	code = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "code") : NULL;
	msg = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "message") : NULL;
	if (!cJSON_IsString(code) || !code->valuestring)
		code = NULL;
	if (!cJSON_IsString(msg) || !msg->valuestring)
		msg = NULL;
	/* the server's words go into a one-line message: printable ASCII, cut */
	copy_printable(ctext, sizeof ctext, code ? code->valuestring : "no \"code\" in the reply");
	copy_printable(mtext, sizeof mtext, msg ? msg->valuestring : "(no message)");
	if (code)
		memcpy(code_out, ctext, sizeof ctext);
	if (status != 200) {
		if (code)
			cl_fail(err, CL_EROUTING, "osrm %s: HTTP %ld: %s: %s", shown, status,
				ctext, mtext);
		else
			cl_fail(err, CL_EROUTING, "osrm %s: HTTP %ld (the body is not an OSRM reply)",
				shown, status);
		cJSON_Delete(j);
		return CL_EROUTING;
	}
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return cl_fail(err, CL_EROUTING, "osrm %s: the reply is not JSON (%zu bytes)",
			       shown, len);
	}
	if (!code || strcmp(code->valuestring, "Ok") != 0) {
		cl_fail(err, CL_EROUTING, "osrm %s: %s: %s", shown, ctext, mtext);
		cJSON_Delete(j);
		return CL_EROUTING;
	}
	*root = j;
	return CL_OK;
}

/*
 * Read j, an array of nrows arrays of ncols numbers (>= 0, below 2^31) or
 * nulls, into out[nrows * ncols] (NAN for null). Names the key and the
 * cell on failure.
 */
static int read_grid(const char *shown, const char *key, const cJSON *j,
		     int nrows, int ncols, double *out, struct cl_error *err)
{
	const cJSON *row, *cell;
	int r = 0, k;

	if (!cJSON_IsArray(j))
		return cl_fail(err, CL_EROUTING, "osrm %s: no \"%s\" array in the reply", shown, key);
	if (cJSON_GetArraySize(j) != nrows)
		return cl_fail(err, CL_EROUTING, "osrm %s: \"%s\" has %d rows, expected %d", shown,
			       key, cJSON_GetArraySize(j), nrows);
	cJSON_ArrayForEach(row, j) {
		if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != ncols)
			return cl_fail(err, CL_EROUTING, "osrm %s: \"%s\" row %d is not an array of %d",
				       shown, key, r, ncols);
		k = 0;
		cJSON_ArrayForEach(cell, row) {
			if (!cJSON_IsNull(cell) &&
			    !(cJSON_IsNumber(cell) && cell->valuedouble >= 0 &&
			      cell->valuedouble < 2147483000.0))
				return cl_fail(err, CL_EROUTING,
					       "osrm %s: \"%s\"[%d][%d] is not a number or null",
					       shown, key, r, k);
			out[(size_t)r * (size_t)ncols + (size_t)k] =
				cJSON_IsNull(cell) ? NAN : cell->valuedouble;
			k++;
		}
		r++;
	}
	return CL_OK;
}

/* Is p a [lon, lat] array of two numbers in range? */
static int read_position(const cJSON *p, double *lon, double *lat)
{
	const cJSON *x, *y;

	if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2)
		return 0;
	x = p->child;
	y = x->next;
	if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || !(fabs(x->valuedouble) <= 180) ||
	    !(fabs(y->valuedouble) <= 90))
		return 0;
	*lon = x->valuedouble;
	*lat = y->valuedouble;
	return 1;
}

/*
 * The waypoints under key ("sources", "destinations"): when present, an
 * array of n objects with a "distance" (snap metres) and a "location";
 * snap[] (and loc[], 2 per waypoint, when not NULL) get them, NAN when
 * the key is absent.
 */
static int read_waypoints(const char *shown, const char *key, const cJSON *root,
			  int n, double *snap, double *loc, struct cl_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key), *w;
	int i = 0;

	for (int k = 0; k < n; k++) {
		snap[k] = NAN;
		if (loc)
			loc[2 * k] = loc[2 * k + 1] = NAN;
	}
	if (!a)
		return CL_OK;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
		return cl_fail(err, CL_EROUTING, "osrm %s: \"%s\" is not an array of %d waypoints",
			       shown, key, n);
	cJSON_ArrayForEach(w, a) {
		const cJSON *d = cJSON_IsObject(w) ? cJSON_GetObjectItemCaseSensitive(w, "distance") : NULL;
		const cJSON *l = cJSON_IsObject(w) ? cJSON_GetObjectItemCaseSensitive(w, "location") : NULL;
		double lon, lat;

		if (!cJSON_IsNumber(d) || !(d->valuedouble >= 0 && d->valuedouble <= SNAP_MAX_M))
			return cl_fail(err, CL_EROUTING,
				       "osrm %s: %s[%d].distance is not a distance in metres",
				       shown, key, i);
		if (!read_position(l, &lon, &lat))
			return cl_fail(err, CL_EROUTING,
				       "osrm %s: %s[%d].location is not a position", shown, key, i);
		snap[i] = d->valuedouble;
		if (loc) {
			loc[2 * i] = lon;
			loc[2 * i + 1] = lat;
		}
		i++;
	}
	return CL_OK;
}

int cl_osrm_parse_table(const char *shown, long status, const char *body,
			size_t len, struct cl_osrm_table *t, struct cl_error *err)
{
	const cJSON *v;
	cJSON *root = NULL;
	int rc;

	t->data_version[0] = '\0';
	rc = judge(shown, status, body, len, &root, t->code, err);
	if (rc != CL_OK)
		return rc;
	rc = read_grid(shown, "durations", cJSON_GetObjectItemCaseSensitive(root, "durations"),
		       t->nsrc, t->ndst, t->dur, err);
	if (rc == CL_OK)
		rc = read_grid(shown, "distances", cJSON_GetObjectItemCaseSensitive(root, "distances"),
			       t->nsrc, t->ndst, t->dist, err);
	if (rc == CL_OK)
		rc = read_waypoints(shown, "sources", root, t->nsrc, t->snap_src, NULL, err);
	if (rc == CL_OK)
		rc = read_waypoints(shown, "destinations", root, t->ndst, t->snap_dst, t->loc_dst, err);
	v = cJSON_GetObjectItemCaseSensitive(root, "data_version");
	if (rc == CL_OK && v) {
		if (!cJSON_IsString(v) || !v->valuestring)
			rc = cl_fail(err, CL_EROUTING, "osrm %s: \"data_version\" is not a string", shown);
		else
			copy_printable(t->data_version, sizeof t->data_version, v->valuestring);
	}
	/* a null cell in one grid is a null cell in both */
	for (size_t k = 0; rc == CL_OK && k < (size_t)t->nsrc * (size_t)t->ndst; k++)
		if (isnan(t->dur[k]) || isnan(t->dist[k]))
			t->dur[k] = t->dist[k] = NAN;
	cJSON_Delete(root);
	return rc;
}

/* A growing array of positions (2 doubles each). */
struct ptbuf {
	double *xy;
	int n, cap;
};

/* Append (lon, lat); -1 on ENOMEM. */
static int pt_push(struct ptbuf *b, double lon, double lat)
{
	if (b->n == b->cap) {
		int cap = b->cap ? 2 * b->cap : 64;
		double *p = realloc(b->xy, sizeof *p * 2 * (size_t)cap);
		if (!p)
			return -1;
		b->xy = p;
		b->cap = cap;
	}
	b->xy[2 * b->n] = lon;
	b->xy[2 * b->n + 1] = lat;
	b->n++;
	return 0;
}

/* Is (lon, lat) exactly b's last position? */
static int pt_is_last(const struct ptbuf *b, double lon, double lat)
{
	return b->n > 0 && b->xy[2 * b->n - 2] == lon && b->xy[2 * b->n - 1] == lat;
}

int cl_osrm_parse_route(const char *shown, long status, const char *body,
			size_t len, int nlegs, double **xy, int *first,
			char code[CL_OSRM_CODE_MAX], struct cl_error *err)
{
	struct ptbuf b = { 0 };
	const cJSON *routes, *legs, *leg, *steps, *step, *coords, *p;
	cJSON *root = NULL;
	int rc, i = 0;

	*xy = NULL;
	rc = judge(shown, status, body, len, &root, code, err);
	if (rc != CL_OK)
		return rc;
	routes = cJSON_GetObjectItemCaseSensitive(root, "routes");
	legs = cJSON_IsArray(routes) && cJSON_IsObject(routes->child)
		? cJSON_GetObjectItemCaseSensitive(routes->child, "legs") : NULL;
	if (!cJSON_IsArray(legs) || cJSON_GetArraySize(legs) != nlegs) {
		rc = cl_fail(err, CL_EROUTING, "osrm %s: routes[0].legs is not an array of %d legs",
			     shown, nlegs);
		goto cleanup;
	}
	cJSON_ArrayForEach(leg, legs) {
		int s = 0, leg_start = b.n;
		steps = cJSON_IsObject(leg) ? cJSON_GetObjectItemCaseSensitive(leg, "steps") : NULL;
		if (!cJSON_IsArray(steps) || !steps->child) {
			rc = cl_fail(err, CL_EROUTING, "osrm %s: routes[0].legs[%d].steps is not a "
				     "non-empty array (was steps=true honoured?)", shown, i);
			goto cleanup;
		}
		first[i] = b.n;
		cJSON_ArrayForEach(step, steps) {
			const cJSON *g = cJSON_IsObject(step)
				? cJSON_GetObjectItemCaseSensitive(step, "geometry") : NULL;
			int k = 0;
			coords = cJSON_IsObject(g) ? cJSON_GetObjectItemCaseSensitive(g, "coordinates") : NULL;
			if (!cJSON_IsArray(coords)) {
				rc = cl_fail(err, CL_EROUTING, "osrm %s: routes[0].legs[%d].steps[%d]"
					     ".geometry.coordinates is not an array", shown, i, s);
				goto cleanup;
			}
			cJSON_ArrayForEach(p, coords) {
				double lon, lat;
				if (!read_position(p, &lon, &lat)) {
					rc = cl_fail(err, CL_EROUTING, "osrm %s: routes[0].legs[%d]"
						     ".steps[%d].geometry.coordinates[%d] is not a "
						     "position", shown, i, s, k);
					goto cleanup;
				}
				/* a step's first position repeats the previous
				 * step's last; a leg's first is never merged into
				 * the previous leg's last */
				if ((b.n == leg_start || !pt_is_last(&b, lon, lat)) &&
				    pt_push(&b, lon, lat) != 0)
					goto nomem;
				k++;
			}
			s++;
		}
		if (b.n == leg_start) {
			rc = cl_fail(err, CL_EROUTING, "osrm %s: routes[0].legs[%d] has no positions",
				     shown, i);
			goto cleanup;
		}
		i++;
	}
	first[nlegs] = b.n;
	*xy = b.xy;
	b.xy = NULL;
	goto cleanup;
nomem:
	rc = cl_oom(err, "for a route shape");
cleanup:
	free(b.xy);
	cJSON_Delete(root);
	return rc;
}

/*
 * GET the URL built in url (CL_EINTERNAL if building it ran out of
 * memory); shown gets the abbreviated URL. On CL_OK *rep holds the reply
 * (any status; free with cl_http_reply_free).
 */
static int osrm_fetch(struct osrm_ctx *c, const struct sbuf *url,
		      struct cl_http_reply *rep, char shown[URL_SHOWN + 4],
		      struct cl_error *err)
{
	int rc;

	if (url->oom)
		return cl_oom(err, "for an OSRM request");
	shorten(url->s, shown);
	rc = cl_http_get(c->http, url->s, rep, err);
	if (rc != CL_OK) {
		cl_fail_prefix(err, "osrm %s", shown);
		if (cl_http_timed_out(c->http))
			add_hint(err, "; the server did not answer within --osrm-timeout %g s",
				 c->timeout_s);
	}
	return rc;
}

/* Add the hint for OSRM's TooBig to a table request's error. */
static void table_hint(const struct osrm_ctx *c, const struct cl_osrm_table *t,
		       struct cl_error *err)
{
	if (strcmp(t->code, "TooBig") == 0)
		add_hint(err, " (the server allows fewer than %d coordinates per table: set "
			 "--osrm-max-table to the server's --max-table-size)", c->max_table);
}

/*
 * One table request over the sites idx[0..m): sources=0 only when probe
 * (a 1 x m row), else all-to-all. t's arrays must hold m (x m) entries.
 */
static int table_request(struct osrm_ctx *c, const struct cl_instance *inst,
			 const int *idx, int m, int probe, struct cl_osrm_table *t,
			 struct cl_error *err)
{
	struct sbuf url = { 0 };
	struct cl_http_reply rep = { 0 };
	char shown[URL_SHOWN + 4];
	int rc;

	sb_printf(&url, "%s/table/v1/%s/", c->base, c->profile);
	for (int i = 0; i < m; i++)
		sb_printf(&url, "%s%.6f,%.6f", i ? ";" : "", inst->sites[idx[i]].lon,
			  inst->sites[idx[i]].lat);
	sb_printf(&url, "?%sannotations=duration,distance", probe ? "sources=0&" : "");
	rc = osrm_fetch(c, &url, &rep, shown, err);
	if (rc == CL_OK) {
		t->nsrc = probe ? 1 : m;
		t->ndst = m;
		rc = cl_osrm_parse_table(shown, rep.status, rep.body, rep.len, t, err);
		if (rc != CL_OK)
			table_hint(c, t, err);
	}
	cl_http_reply_free(&rep);
	free(url.s);
	return rc;
}

/* A double of metres or seconds as a matrix entry (rounded). */
static int32_t entry(double v)
{
	if (isnan(v))
		return CL_UNREACHABLE;
	return (int32_t)llround(v);
}

/*
 * The probe (top of the file): snap distances of every site into
 * c->snap_m, the data identity into *hash and c->data_version. Chunks of
 * max_table - 1 villages, each with the depot first.
 */
static int probe(struct osrm_ctx *c, const struct cl_instance *inst, uint64_t *hash,
		 struct cl_error *err)
{
	struct cl_osrm_table t = { 0 };
	int n = inst->nsites, per = c->max_table - 1, *idx = NULL, rc = CL_OK, nreq = 0;
	uint64_t h = CL_HASH_INIT;
	int versions = 0;

	idx = malloc(sizeof *idx * (size_t)(c->max_table + 1));
	t.dur = malloc(sizeof *t.dur * (size_t)(c->max_table + 1));
	t.dist = malloc(sizeof *t.dist * (size_t)(c->max_table + 1));
	t.snap_src = malloc(sizeof *t.snap_src);
	t.snap_dst = malloc(sizeof *t.snap_dst * (size_t)(c->max_table + 1));
	t.loc_dst = malloc(sizeof *t.loc_dst * 2 * (size_t)(c->max_table + 1));
	if (!idx || !t.dur || !t.dist || !t.snap_src || !t.snap_dst || !t.loc_dst) {
		rc = cl_oom(err, "for the OSRM probe");
		goto cleanup;
	}
	for (int i = 0; i < n; i++)
		c->snap_m[i] = NAN;
	for (int s = 1; s < n || (n == 1 && s == 1); s += per) {
		int m = 0;
		idx[m++] = 0;
		for (int v = s; v < n && v < s + per; v++)
			idx[m++] = v;
		if (m == 1)
			idx[m++] = 0;   /* a depot alone: ask depot to depot */
		nreq++;
		rc = table_request(c, inst, idx, m, 1, &t, err);
		if (rc != CL_OK)
			goto cleanup;
		if (t.data_version[0]) {
			if (!versions++)
				memcpy(c->data_version, t.data_version, sizeof c->data_version);
		}
		for (int j = 0; j < m; j++) {
			c->snap_m[idx[j]] = t.snap_dst[j];
			h = cl_hash_printf(h, "%d %.1f %.1f %.1f %.6f %.6f\n", idx[j], t.dur[j],
					   t.dist[j], t.snap_dst[j], t.loc_dst[2 * j],
					   t.loc_dst[2 * j + 1]);
		}
	}
	/* "data_version=%s\n" in pieces: the version is the server's text */
	h = cl_hash_bytes(h, "data_version=", 13);
	h = cl_hash_bytes(h, c->data_version, strlen(c->data_version));
	h = cl_hash_bytes(h, "\n", 1);
	*hash = h;
	cl_debug("osrm: probe of %d site%s in %d request%s, data_version %s, identity %016llx",
		 n, n == 1 ? "" : "s", nreq, nreq == 1 ? "" : "s",
		 c->data_version[0] ? c->data_version : "(none)", (unsigned long long)h);
cleanup:
	free(idx);
	free(t.dur);
	free(t.dist);
	free(t.snap_src);
	free(t.snap_dst);
	free(t.loc_dst);
	return rc;
}

static int osrm_matrix(void *ctx, const struct cl_instance *inst,
		       struct cl_matrix **out, struct cl_error *err)
{
	struct osrm_ctx *c = ctx;
	struct cl_matrix *m = NULL;
	struct cl_osrm_table t = { 0 };
	double *dur = NULL, *dist = NULL;
	int *idx = NULL;
	int n = inst->nsites, rc = CL_OK, h, k, nreq, req = 0;
	size_t bm = (size_t)c->max_table;

	*out = NULL;
	if (n != c->nsites || inst->ntypes != c->ntypes)
		return cl_fail(err, CL_EINTERNAL, "osrm: the router was made for %d sites and %d "
			       "types, asked for %d and %d", c->nsites, c->ntypes, n, inst->ntypes);
	m = cl_matrix_create(n, inst->ntypes);
	dur = malloc(sizeof *dur * (size_t)n * (size_t)n + 1);
	dist = malloc(sizeof *dist * (size_t)n * (size_t)n + 1);
	idx = malloc(sizeof *idx * (size_t)(n > 0 ? n : 1));
	t.dur = malloc(sizeof *t.dur * bm * bm);
	t.dist = malloc(sizeof *t.dist * bm * bm);
	t.snap_src = malloc(sizeof *t.snap_src * bm);
	t.snap_dst = malloc(sizeof *t.snap_dst * bm);
	t.loc_dst = malloc(sizeof *t.loc_dst * 2 * bm);
	if (!m || !dur || !dist || !idx || !t.dur || !t.dist || !t.snap_src || !t.snap_dst ||
	    !t.loc_dst) {
		rc = cl_oom(err, "for a %d-site matrix", n);
		goto cleanup;
	}
	/* Chunks of h sites; every pair of chunks is one request. */
	h = n <= c->max_table ? (n > 0 ? n : 1) : c->max_table / 2;
	k = (n + h - 1) / h;
	nreq = k <= 1 ? 1 : k * (k - 1) / 2;
	if (n > 1)
		cl_info("osrm: %d x %d matrix in %d table request%s", n, n, nreq, nreq == 1 ? "" : "s");
	for (int I = 0; I < k && n > 1; I++) {
		for (int J = k == 1 ? I : I + 1; J < k; J++) {
			int cnt = 0;
			for (int s = I * h; s < n && s < (I + 1) * h; s++)
				idx[cnt++] = s;
			if (J != I)
				for (int s = J * h; s < n && s < (J + 1) * h; s++)
					idx[cnt++] = s;
			cl_debug("osrm: table request %d of %d (%d coordinates)", ++req, nreq, cnt);
			rc = table_request(c, inst, idx, cnt, 0, &t, err);
			if (rc != CL_OK)
				goto cleanup;
			for (int a = 0; a < cnt; a++)
				for (int b = 0; b < cnt; b++) {
					size_t q = (size_t)idx[a] * (size_t)n + (size_t)idx[b];
					dur[q] = t.dur[(size_t)a * (size_t)cnt + (size_t)b];
					dist[q] = t.dist[(size_t)a * (size_t)cnt + (size_t)b];
				}
		}
	}
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			long q = (long)i * n + j;
			int32_t d = i == j ? 0 : entry(dist[q]);
			m->dist_m[q] = d;
			for (int ty = 0; ty < inst->ntypes; ty++) {
				double v = inst->types[ty].speed_kmh / 3.6, ts;
				if (i == j || d == CL_UNREACHABLE) {
					m->time_s[ty][q] = i == j ? 0 : CL_UNREACHABLE;
					continue;
				}
				ts = dur[q];
				if (v > 0 && dist[q] / v > ts)
					ts = dist[q] / v;
				m->time_s[ty][q] = ts < 2147483000.0 ? entry(ts) : INT32_MAX;
			}
		}
	}
	/* the snap bound: a site beyond it is reached by no type */
	for (int i = 0; i < n; i++) {
		if (!(c->snap_m[i] > c->snap_max_m))
			continue;
		for (int j = 0; j < n; j++) {
			long q1 = (long)i * n + j, q2 = (long)j * n + i;
			if (i == j)
				continue;
			m->dist_m[q1] = m->dist_m[q2] = CL_UNREACHABLE;
			for (int ty = 0; ty < inst->ntypes; ty++)
				m->time_s[ty][q1] = m->time_s[ty][q2] = CL_UNREACHABLE;
		}
	}
	*out = m;
	m = NULL;
cleanup:
	cl_matrix_destroy(m);
	free(dur);
	free(dist);
	free(idx);
	free(t.dur);
	free(t.dist);
	free(t.snap_src);
	free(t.snap_dst);
	free(t.loc_dst);
	return rc;
}

/* Do two positions print the same with 6 decimals? */
static int same_pos(double lon1, double lat1, double lon2, double lat2)
{
	return llround(lon1 * 1e6) == llround(lon2 * 1e6) &&
	       llround(lat1 * 1e6) == llround(lat2 * 1e6);
}

/*
 * Append one leg from site sa to site sb with OSRM's positions xy[0..np)
 * between them: sa (not repeated when it is already b's last position,
 * the joint with the previous leg), the positions (leading ones that
 * print as sa dropped), sb (replacing the last position when that prints
 * as sb). -1 on ENOMEM.
 */
static int add_leg(struct ptbuf *b, const struct cl_site *sa, const struct cl_site *sb,
		   const double *xy, int np)
{
	int start;

	if (!pt_is_last(b, sa->lon, sa->lat) && pt_push(b, sa->lon, sa->lat) != 0)
		return -1;
	start = b->n;
	for (int i = 0; i < np; i++) {
		if (b->n == start && same_pos(xy[2 * i], xy[2 * i + 1], sa->lon, sa->lat))
			continue;
		if (pt_push(b, xy[2 * i], xy[2 * i + 1]) != 0)
			return -1;
	}
	if (b->n > start && same_pos(b->xy[2 * b->n - 2], b->xy[2 * b->n - 1], sb->lon, sb->lat)) {
		b->xy[2 * b->n - 2] = sb->lon;
		b->xy[2 * b->n - 1] = sb->lat;
		return 0;
	}
	return pt_push(b, sb->lon, sb->lat);
}

/*
 * The line through the sites w[0..nw) (nw >= 2), leg after leg, into b:
 * requests of at most ROUTE_WAYPOINTS waypoints, consecutive requests
 * sharing a waypoint.
 */
static int route_through(struct osrm_ctx *c, const struct cl_instance *inst,
			 const int *w, int nw, struct ptbuf *b, struct cl_error *err)
{
	int first[ROUTE_WAYPOINTS];
	int rc = CL_OK, s = 0;

	while (s + 1 < nw && rc == CL_OK) {
		int e = s + c->route_wp - 1 < nw - 1 ? s + c->route_wp - 1 : nw - 1;
		int nlegs = e - s;
		struct sbuf url = { 0 };
		struct cl_http_reply rep = { 0 };
		char shown[URL_SHOWN + 4], code[CL_OSRM_CODE_MAX];
		double *xy = NULL;

		sb_printf(&url, "%s/route/v1/%s/", c->base, c->profile);
		for (int i = s; i <= e; i++)
			sb_printf(&url, "%s%.6f,%.6f", i > s ? ";" : "", inst->sites[w[i]].lon,
				  inst->sites[w[i]].lat);
		sb_printf(&url, "?overview=false&steps=true&geometries=geojson&continue_straight=false");
		rc = osrm_fetch(c, &url, &rep, shown, err);
		if (rc == CL_OK)
			rc = cl_osrm_parse_route(shown, rep.status, rep.body, rep.len, nlegs, &xy,
						 first, code, err);
		if (rc == CL_EROUTING && nlegs > 1 && strcmp(code, "TooBig") == 0) {
			/* the server's --max-viaroute-size is smaller: halve and
			 * ask again, down to one leg a request */
			c->route_wp = (nlegs + 1) / 2 + 1 > 2 ? (nlegs + 1) / 2 + 1 : 2;
			cl_debug("osrm: /route refused %d waypoints (TooBig); now %d a request",
				 nlegs + 1, c->route_wp);
			cl_error_clear(err);
			rc = CL_OK;
			cl_http_reply_free(&rep);
			free(url.s);
			continue;
		}
		for (int l = 0; l < nlegs && rc == CL_OK; l++)
			if (add_leg(b, &inst->sites[w[s + l]], &inst->sites[w[s + l + 1]],
				    xy + 2 * first[l], first[l + 1] - first[l]) != 0)
				rc = cl_oom(err, "for a route shape");
		free(xy);
		cl_http_reply_free(&rep);
		free(url.s);
		s = e;
	}
	return rc;
}

static int osrm_leg_shape(void *ctx, const struct cl_instance *inst, int type,
			  int a, int b, double **lonlat, int *npts,
			  struct cl_error *err)
{
	struct ptbuf pb = { 0 };
	int w[2] = { a, b }, rc;

	(void)type;   /* one profile for every vehicle type */
	*lonlat = NULL;
	*npts = 0;
	rc = route_through(ctx, inst, w, 2, &pb, err);
	if (rc != CL_OK) {
		free(pb.xy);
		return rc;
	}
	*lonlat = pb.xy;
	*npts = pb.n;
	return CL_OK;
}

static int osrm_route_shape(void *ctx, const struct cl_instance *inst, int type,
			    const int *stops, int nstops, double **lonlat, int *npts,
			    struct cl_error *err)
{
	struct ptbuf pb = { 0 };
	int *w, rc;

	(void)type;
	*lonlat = NULL;
	*npts = 0;
	w = malloc(sizeof *w * ((size_t)nstops + 2));
	if (!w)
		return cl_oom(err, "for a route shape");
	w[0] = 0;
	memcpy(w + 1, stops, sizeof *w * (size_t)nstops);
	w[nstops + 1] = 0;
	rc = route_through(ctx, inst, w, nstops + 2, &pb, err);
	free(w);
	if (rc != CL_OK) {
		free(pb.xy);
		return rc;
	}
	*lonlat = pb.xy;
	*npts = pb.n;
	return CL_OK;
}

/* The snap distance of site (router.h): the same for every type. */
static double osrm_snap_m(void *ctx, int type, int site)
{
	const struct osrm_ctx *c = ctx;

	if (site < 0 || site >= c->nsites || type >= c->ntypes)
		return NAN;
	return c->snap_m[site];
}

/* The snap bound's text for site (router.h), the same for every type. */
static int note(struct osrm_ctx *c, const struct cl_instance *inst, int site,
		char *buf, size_t size)
{
	for (int t = 0; t < c->ntypes; t++) {
		c->site_m[t] = site > 0 ? c->snap_m[site] : NAN;
		c->depot_m[t] = c->snap_m[0];
	}
	return cl_snap_note(inst, c->site_m, c->depot_m, c->snap_max_m, buf, size);
}

static int osrm_site_note(void *ctx, const struct cl_instance *inst, int site,
			  char *buf, size_t size)
{
	struct osrm_ctx *c = ctx;

	if (site < 0 || site >= c->nsites || inst->nsites != c->nsites ||
	    inst->ntypes != c->ntypes)
		return 0;
	return note(c, inst, site, buf, size);
}

static void osrm_destroy(void *ctx)
{
	struct osrm_ctx *c = ctx;

	if (!c)
		return;
	cl_http_destroy(c->http);
	free(c->base);
	free(c->profile);
	free(c->key);
	free(c->snap_m);
	free(c->site_m);
	free(c->depot_m);
	free(c);
}

/* Defaults: profile driving, 30 s per request, 3 retries, tables of 100. */
void cl_osrm_opts_default(struct cl_osrm_opts *o)
{
	o->url = NULL;
	o->profile = "driving";
	o->timeout_s = 30;
	o->retries = 3;
	o->max_table = 100;
	o->snap_warn_m = 500;
	o->snap_max_m = CL_SNAP_MAX_M;
}

/* http:// or https://, a host, no spaces, query or fragment. */
static int url_ok(const char *u)
{
	const char *h;

	if (!strncmp(u, "http://", 7))
		h = u + 7;
	else if (!strncmp(u, "https://", 8))
		h = u + 8;
	else
		return 0;
	if (*h == '\0' || *h == '/' || *h == ':')
		return 0;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '?' || *p == '#' || *p == 127)
			return 0;
	return 1;
}

static int profile_ok(const char *p)
{
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

/*
 * Warn about sites far from the server's roads, one line per site, as
 * dist/roads.c does: beyond the snap bound (no vehicle can serve it; the
 * depot: none can leave it), or farther than --snap-warn. At most
 * MAX_WARN lines, then a count.
 */
#define MAX_WARN 20

static void warn_far(struct osrm_ctx *c, const struct cl_instance *inst,
		     const struct cl_osrm_opts *o)
{
	char label[CL_LABEL_MAX], text[512];
	int shown = 0, more = 0;

	for (int i = 0; i < c->nsites; i++) {
		const struct cl_site *s = &inst->sites[i];
		int bound;

		/* the depot beyond the bound is said once, at the depot */
		if (i > 0 && c->snap_m[0] > c->snap_max_m)
			break;
		for (int t = 0; t < c->ntypes; t++) {
			c->site_m[t] = c->snap_m[i];
			c->depot_m[t] = NAN;
		}
		bound = cl_snap_note(inst, c->site_m, c->depot_m, c->snap_max_m, text, sizeof text);
		if (!bound && !(c->snap_m[i] > o->snap_warn_m))
			continue;
		if (shown == MAX_WARN) {
			more++;
			continue;
		}
		shown++;
		cl_site_label(s, label, sizeof label);
		if (bound)
			cl_warn("osrm %s: %s %s: %s; %s", c->base, i == 0 ? "depot" : "village", label,
				text, i == 0 ? "no vehicle can leave the depot"
					     : "no vehicle can serve it");
		else
			cl_warn("osrm %s: %s %s is %.0f m from the nearest road of the server's data "
				"(--snap-warn %.0f m)", c->base, i == 0 ? "depot" : "village", label,
				c->snap_m[i], o->snap_warn_m);
	}
	if (more)
		cl_warn("osrm %s: %d more sites far from the roads (see snap_m in stops.geojson "
			"and the reasons in summary.json)", c->base, more);
}

int cl_router_osrm(const struct cl_osrm_opts *o, const struct cl_instance *inst,
		   struct cl_router *out, struct cl_error *err)
{
	struct osrm_ctx *c = NULL;
	struct cl_http_opts ho;
	struct sbuf key = { 0 };
	const char *profile = o->profile ? o->profile : "driving";
	uint64_t ident = 0;
	size_t len;
	int rc = CL_OK;

	if (!o->url || !url_ok(o->url))
		return cl_fail(err, CL_EINPUT,
			       "--osrm %s: not a server URL (give http://HOST:PORT, e.g. http://127.0.0.1:5000)",
			       o->url ? o->url : "(none)");
	if (!profile_ok(profile))
		return cl_fail(err, CL_EINPUT,
			       "--osrm-profile %s: a profile name has only letters, digits, '_', '-' and '.'",
			       profile);
	if (o->max_table < 2)
		return cl_fail(err, CL_EINPUT, "osrm: table size limit %d: at least 2", o->max_table);
	if (inst->planar)
		return cl_fail(err, CL_EINPUT, "%s: OSRM needs longitude/latitude sites, not a "
			       "benchmark file", inst->source ? inst->source : "the input");
	c = calloc(1, sizeof *c);
	if (!c) {
		rc = cl_oom(err, "for the OSRM router");
		goto cleanup;
	}
	c->base = strdup(o->url);
	c->profile = strdup(profile);
	c->nsites = inst->nsites;
	c->ntypes = inst->ntypes;
	c->snap_max_m = o->snap_max_m;
	c->snap_m = malloc(sizeof *c->snap_m * ((size_t)inst->nsites + 1));
	c->site_m = malloc(sizeof *c->site_m * ((size_t)inst->ntypes + 1));
	c->depot_m = malloc(sizeof *c->depot_m * ((size_t)inst->ntypes + 1));
	if (!c->base || !c->profile || !c->snap_m || !c->site_m || !c->depot_m) {
		rc = cl_oom(err, "for the OSRM router");
		goto cleanup;
	}
	len = strlen(c->base);
	while (len > 0 && c->base[len - 1] == '/')
		c->base[--len] = '\0';
	c->max_table = o->max_table;
	c->route_wp = ROUTE_WAYPOINTS;
	c->timeout_s = o->timeout_s;
	cl_http_opts_default(&ho);
	ho.timeout_s = o->timeout_s;
	ho.retries = o->retries;
	ho.fresh = strncmp(c->base, "http://", 7) == 0;   /* see "Connections" above */
	rc = cl_http_create(&ho, &c->http, err);
	if (rc != CL_OK)
		goto cleanup;
	rc = probe(c, inst, &ident, err);
	if (rc != CL_OK)
		goto cleanup;
	warn_far(c, inst, o);
	sb_printf(&key, "osrm:%s:%s:data=%016llx:snap_max=%.3f", c->base, c->profile,
		  (unsigned long long)ident, c->snap_max_m);
	if (key.oom) {
		rc = cl_oom(err, "for the OSRM router");
		goto cleanup;
	}
	c->key = key.s;
	key.s = NULL;
	memset(out, 0, sizeof *out);
	out->name = "osrm";
	out->ctx = c;
	out->source_key = c->key;
	out->matrix = osrm_matrix;
	out->leg_shape = osrm_leg_shape;
	out->route_shape = osrm_route_shape;
	out->snap_m = osrm_snap_m;
	out->site_note = osrm_site_note;
	out->destroy = osrm_destroy;
	c = NULL;
cleanup:
	free(key.s);
	osrm_destroy(c);
	return rc;
}
