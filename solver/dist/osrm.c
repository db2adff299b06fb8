/*
 * dist/osrm.c -- distances, times and shapes from an OSRM server
 * (router.h, router.h). The only file that reads OSRM's JSON.
 *
 * Matrix. GET /table/v1/PROFILE/LON,LAT;...?annotations=duration,distance.
 * A request names at most opts->max_table coordinates (the server's
 * --max-table-size; OSRM refuses sources x destinations above its square
 * with "TooBig"). Up to max_table sites go in one request. Beyond that the
 * sites are cut into chunks of h = max_table / 2 and every pair of chunks
 * (I, J), I < J, is asked for in one all-to-all request over the 2h
 * coordinates of I and J: it yields the blocks I x J, J x I, I x I and
 * J x J at once. That is k (k - 1) / 2 requests for k chunks, each of the
 * largest size the server accepts; a sources/destinations split (I x J
 * alone) would take k^2 requests of a quarter the cells for about the same
 * work on the server (a many-to-many search costs about one search per
 * source plus one per destination). Diagonal blocks arrive more than once
 * with the same values.
 *
 * Cells. "durations" and "distances" must be arrays of the request's
 * size holding numbers or null; null (no route) in either becomes
 * CL_UNREACHABLE. OSRM gives one profile's distance and duration; all
 * vehicle types share the distance, and the time of type t is
 *   max(OSRM duration, distance / speed_kmh of t)
 * so a tricycle is never faster than its top speed, while a van is never
 * faster than the traffic model of the profile. Snap distances are not
 * read: a run whose matrix comes from the cache would not know them, and
 * the outputs must not depend on the cache (snap_m stays NULL).
 *
 * Shapes. GET /route/v1/PROFILE/A;B?overview=full&geometries=geojson; the
 * line starts at site a and ends at site b (added when OSRM's snapped
 * geometry starts or ends elsewhere, so the line also shows the way from
 * the village to the road). Its length is OSRM's route distance, the same
 * as the table's, plus those snap segments.
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
#include "cunlu/log.h"

#define URL_SHOWN 120   /* characters of a request URL shown in messages */

struct osrm_ctx {
	char *base;        /* server URL without trailing '/' */
	char *profile;
	char *key;         /* "osrm:<base>:<profile>" */
	int max_table;
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

/*
 * Judge a reply: CL_OK with *root (owned by the caller) when the status is
 * 200, the body is a JSON object and its "code" is "Ok". Otherwise
 * CL_EROUTING naming url, the status and OSRM's code and message.
 */
static int parse_reply(const char *url, const struct cl_http_reply *rep,
		       cJSON **root, struct cl_error *err)
{
	char shown[URL_SHOWN + 4];
	const cJSON *code, *msg;
	cJSON *j;

	*root = NULL;
	shorten(url, shown);
	j = cJSON_ParseWithLength(rep->body, rep->len);
	code = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "code") : NULL;
	msg = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "message") : NULL;
	if (!cJSON_IsString(code) || !code->valuestring)
		code = NULL;
	if (!cJSON_IsString(msg) || !msg->valuestring)
		msg = NULL;
	if (rep->status != 200) {
		if (code)
			cl_fail(err, CL_EROUTING, "osrm %s: HTTP %ld: %s: %s", shown, rep->status,
				code->valuestring, msg ? msg->valuestring : "(no message)");
		else
			cl_fail(err, CL_EROUTING, "osrm %s: HTTP %ld (the body is not an OSRM reply)",
				shown, rep->status);
		cJSON_Delete(j);
		return CL_EROUTING;
	}
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return cl_fail(err, CL_EROUTING, "osrm %s: the reply is not JSON (%zu bytes)",
			       shown, rep->len);
	}
	if (!code || strcmp(code->valuestring, "Ok") != 0) {
		cl_fail(err, CL_EROUTING, "osrm %s: %s: %s", shown,
			code ? code->valuestring : "no \"code\" in the reply",
			msg ? msg->valuestring : "(no message)");
		cJSON_Delete(j);
		return CL_EROUTING;
	}
	*root = j;
	return CL_OK;
}

/* GET url and judge the reply (parse_reply). */
static int osrm_get(struct osrm_ctx *c, const char *url, cJSON **root,
		    struct cl_error *err)
{
	struct cl_http_reply rep;
	char shown[URL_SHOWN + 4];
	int rc;

	rc = cl_http_get(c->http, url, &rep, err);
	if (rc != CL_OK) {
		shorten(url, shown);
		return cl_fail_prefix(err, "osrm %s", shown);
	}
	rc = parse_reply(url, &rep, root, err);
	cl_http_reply_free(&rep);
	return rc;
}

/*
 * Check that j is an array of nrows arrays of ncols numbers (>= 0, below
 * 2^31) or nulls. Names the key and the cell on failure.
 */
static int check_grid(const char *shown, const char *key, const cJSON *j,
		      int nrows, int ncols, struct cl_error *err)
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
			k++;
		}
		r++;
	}
	return CL_OK;
}

/*
 * GET the URL built in url (failing if building it ran out of memory) and
 * judge the reply; shown gets the abbreviated URL for later messages.
 */
static int osrm_request(struct osrm_ctx *c, const struct sbuf *url,
			cJSON **root, char *shown, struct cl_error *err)
{
	int rc;

	if (url->oom)
		return cl_fail(err, CL_EINTERNAL, "out of memory for an OSRM request");
	rc = osrm_get(c, url->s, root, err);
	if (rc == CL_OK)
		shorten(url->s, shown);
	return rc;
}

/*
 * One all-to-all table request over the sites idx[0..m): fills dur[] and
 * dist[] (n x n, NAN for no route) at those sites' rows and columns.
 */
static int table_block(struct osrm_ctx *c, const struct cl_instance *inst,
		       const int *idx, int m, double *dur, double *dist,
		       struct cl_error *err)
{
	struct sbuf url = { 0 };
	char shown[URL_SHOWN + 4];
	cJSON *root = NULL;
	const cJSON *jd, *jl, *rd, *rl;
	int n = inst->nsites, rc, a;

	sb_printf(&url, "%s/table/v1/%s/", c->base, c->profile);
	for (int i = 0; i < m; i++)
		sb_printf(&url, "%s%.6f,%.6f", i ? ";" : "", inst->sites[idx[i]].lon,
			  inst->sites[idx[i]].lat);
	sb_printf(&url, "?annotations=duration,distance");
	rc = osrm_request(c, &url, &root, shown, err);
	if (rc != CL_OK)
		goto cleanup;
	jd = cJSON_GetObjectItemCaseSensitive(root, "durations");
	jl = cJSON_GetObjectItemCaseSensitive(root, "distances");
	rc = check_grid(shown, "durations", jd, m, m, err);
	if (rc == CL_OK)
		rc = check_grid(shown, "distances", jl, m, m, err);
	if (rc != CL_OK)
		goto cleanup;
	rd = jd->child;
	rl = jl->child;
	for (a = 0; a < m; a++, rd = rd->next, rl = rl->next) {
		const cJSON *cd = rd->child, *cl = rl->child;
		for (int b = 0; b < m; b++, cd = cd->next, cl = cl->next) {
			long k = (long)idx[a] * n + idx[b];
			int none = cJSON_IsNull(cd) || cJSON_IsNull(cl);
			dur[k] = none ? NAN : cd->valuedouble;
			dist[k] = none ? NAN : cl->valuedouble;
		}
	}
cleanup:
	cJSON_Delete(root);
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

static int osrm_matrix(void *ctx, const struct cl_instance *inst,
		       struct cl_matrix **out, struct cl_error *err)
{
	struct osrm_ctx *c = ctx;
	struct cl_matrix *m = NULL;
	double *dur = NULL, *dist = NULL;
	int *idx = NULL;
	int n = inst->nsites, rc = CL_OK, h, k, nreq, req = 0;

	*out = NULL;
	m = cl_matrix_create(n, inst->ntypes);
	dur = malloc(sizeof *dur * (size_t)n * (size_t)n + 1);
	dist = malloc(sizeof *dist * (size_t)n * (size_t)n + 1);
	idx = malloc(sizeof *idx * (size_t)(n > 0 ? n : 1));
	if (!m || !dur || !dist || !idx) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for a %d-site matrix", n);
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
			rc = table_block(c, inst, idx, cnt, dur, dist, err);
			if (rc != CL_OK)
				goto cleanup;
		}
	}
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			long q = (long)i * n + j;
			int32_t d = i == j ? 0 : entry(dist[q]);
			m->dist_m[q] = d;
			for (int t = 0; t < inst->ntypes; t++) {
				double v = inst->types[t].speed_kmh / 3.6, ts;
				if (i == j || d == CL_UNREACHABLE) {
					m->time_s[t][q] = i == j ? 0 : CL_UNREACHABLE;
					continue;
				}
				ts = dur[q];
				if (v > 0 && dist[q] / v > ts)
					ts = dist[q] / v;
				m->time_s[t][q] = ts < 2147483000.0 ? entry(ts) : INT32_MAX;
			}
		}
	}
	*out = m;
	m = NULL;
cleanup:
	cl_matrix_destroy(m);
	free(dur);
	free(dist);
	free(idx);
	return rc;
}

/* Do two positions print the same with 6 decimals? */
static int same_pos(double lon1, double lat1, double lon2, double lat2)
{
	return llround(lon1 * 1e6) == llround(lon2 * 1e6) &&
	       llround(lat1 * 1e6) == llround(lat2 * 1e6);
}

static int osrm_leg_shape(void *ctx, const struct cl_instance *inst, int type,
			  int a, int b, double **lonlat, int *npts,
			  struct cl_error *err)
{
	struct osrm_ctx *c = ctx;
	const struct cl_site *sa = &inst->sites[a], *sb = &inst->sites[b];
	struct sbuf url = { 0 };
	char shown[URL_SHOWN + 4];
	cJSON *root = NULL;
	const cJSON *routes, *geom, *coords, *p;
	double *pts = NULL;
	int rc, np, k = 0;

	(void)type;   /* one profile for every vehicle type */
	*lonlat = NULL;
	*npts = 0;
	sb_printf(&url, "%s/route/v1/%s/%.6f,%.6f;%.6f,%.6f?overview=full&geometries=geojson",
		  c->base, c->profile, sa->lon, sa->lat, sb->lon, sb->lat);
	rc = osrm_request(c, &url, &root, shown, err);
	if (rc != CL_OK)
		goto cleanup;
	routes = cJSON_GetObjectItemCaseSensitive(root, "routes");
	geom = cJSON_IsArray(routes) && routes->child
		? cJSON_GetObjectItemCaseSensitive(routes->child, "geometry") : NULL;
	coords = cJSON_IsObject(geom) ? cJSON_GetObjectItemCaseSensitive(geom, "coordinates") : NULL;
	if (!cJSON_IsArray(coords)) {
		rc = cl_fail(err, CL_EROUTING,
			     "osrm %s: no routes[0].geometry.coordinates array in the reply", shown);
		goto cleanup;
	}
	np = cJSON_GetArraySize(coords);
	pts = malloc(sizeof *pts * 2 * ((size_t)np + 2));
	if (!pts) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for a route shape");
		goto cleanup;
	}
	pts[k++] = sa->lon;
	pts[k++] = sa->lat;
	cJSON_ArrayForEach(p, coords) {
		const cJSON *x = cJSON_IsArray(p) ? cJSON_GetArrayItem(p, 0) : NULL;
		const cJSON *y = cJSON_IsArray(p) ? cJSON_GetArrayItem(p, 1) : NULL;
		if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || fabs(x->valuedouble) > 180 ||
		    fabs(y->valuedouble) > 90) {
			rc = cl_fail(err, CL_EROUTING,
				     "osrm %s: routes[0].geometry.coordinates[%d] is not a position",
				     shown, k / 2 - 1);
			goto cleanup;
		}
		/* skip the first point when it is site a itself */
		if (k == 2 && same_pos(x->valuedouble, y->valuedouble, sa->lon, sa->lat))
			continue;
		pts[k++] = x->valuedouble;
		pts[k++] = y->valuedouble;
	}
	if (!same_pos(pts[k - 2], pts[k - 1], sb->lon, sb->lat) || k == 2) {
		pts[k++] = sb->lon;
		pts[k++] = sb->lat;
	} else {
		pts[k - 2] = sb->lon;
		pts[k - 1] = sb->lat;
	}
	*lonlat = pts;
	*npts = k / 2;
	pts = NULL;
cleanup:
	free(pts);
	cJSON_Delete(root);
	free(url.s);
	return rc;
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
 * Make the OSRM router (router.h). Checks the URL and the profile name
 * (CL_EINPUT) but does not contact the server: the first request is the
 * matrix's. The router owns its HTTP client; cl_router_destroy frees it.
 */
int cl_router_osrm(const struct cl_osrm_opts *o, struct cl_router *out,
		   struct cl_error *err)
{
	struct osrm_ctx *c = NULL;
	struct cl_http_opts ho;
	struct sbuf key = { 0 };
	const char *profile = o->profile ? o->profile : "driving";
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
	c = calloc(1, sizeof *c);
	if (!c) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory");
		goto cleanup;
	}
	c->base = strdup(o->url);
	c->profile = strdup(profile);
	if (!c->base || !c->profile) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory");
		goto cleanup;
	}
	len = strlen(c->base);
	while (len > 0 && c->base[len - 1] == '/')
		c->base[--len] = '\0';
	c->max_table = o->max_table;
	sb_printf(&key, "osrm:%s:%s", c->base, c->profile);
	if (key.oom) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory");
		goto cleanup;
	}
	c->key = key.s;
	key.s = NULL;
	cl_http_opts_default(&ho);
	ho.timeout_s = o->timeout_s;
	ho.retries = o->retries;
	rc = cl_http_create(&ho, &c->http, err);
	if (rc != CL_OK)
		goto cleanup;
	memset(out, 0, sizeof *out);
	out->name = "osrm";
	out->ctx = c;
	out->source_key = c->key;
	out->matrix = osrm_matrix;
	out->leg_shape = osrm_leg_shape;
	out->snap_m = NULL;   /* see the top of this file */
	out->destroy = osrm_destroy;
	c = NULL;
cleanup:
	free(key.s);
	osrm_destroy(c);
	return rc;
}
