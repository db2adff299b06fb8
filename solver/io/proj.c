/*
 * io/proj.c -- input CRSs through PROJ (io/proj.h). The only file that
 * includes proj.h.
 *
 * Each struct cl_crs has its own PROJ context (PROJ contexts are not to be
 * shared between threads) and a transformation normalised to
 * longitude/latitude order on the WGS 84 side and easting/northing (or
 * longitude/latitude) on the layer's side, as shapefiles store positions.
 * PROJ's log goes to a buffer so its reason can be quoted in a message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#include "cunlu/log.h"
#include "io/proj.h"

struct cl_crs {
	PJ_CONTEXT *ctx;
	PJ *op;              /* layer CRS -> EPSG:4326, normalised */
	char name[160];
};

/* The last thing PROJ logged, for messages, and whether it ran out of
 * memory: PROJ catches its C++ std::bad_alloc (and SQLite's "out of
 * memory") and logs it, returning NULL as for a definition it cannot read,
 * so a run short of memory would report the layer's .prj as unreadable
 * (exit 2) without this (issue 12 item 6). */
struct proj_log {
	char msg[256];
	int oom;
};

static void log_to_buffer(void *user, int level, const char *msg)
{
	struct proj_log *l = user;

	(void)level;
	if (l && msg) {
		snprintf(l->msg, sizeof l->msg, "%s", msg);
		if (strstr(msg, "bad_alloc") || strstr(msg, "out of memory") ||
		    strstr(msg, "Out of memory"))
			l->oom = 1;
	}
}

/* Upper-case letters and digits of s (for comparing datum names). */
static void squeeze(const char *s, char *out, size_t size)
{
	size_t k = 0;

	for (; s && *s && k + 1 < size; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			out[k++] = (char)(c - 'a' + 'A');
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

/* Is the datum (or datum ensemble) of geographic CRS g WGS 84 or CGCS2000? */
static int wgs84_like(PJ_CONTEXT *ctx, PJ *g)
{
	PJ *d = proj_crs_get_datum(ctx, g);
	char key[128];
	int ok = 0;

	if (!d)
		d = proj_crs_get_datum_ensemble(ctx, g);
	if (d) {
		squeeze(proj_get_name(d), key, sizeof key);
		ok = strstr(key, "WGS1984") || strstr(key, "WORLDGEODETICSYSTEM1984") ||
		     strstr(key, "WGS84") || strstr(key, "CHINA2000") ||
		     strstr(key, "CHINAGEODETICCOORDINATESYSTEM2000") || strstr(key, "CGCS2000");
		proj_destroy(d);
	}
	return ok;
}

/* Is the prime meridian Greenwich and the angular unit the degree? */
static int degrees_greenwich(PJ_CONTEXT *ctx, PJ *g)
{
	PJ *pm = proj_get_prime_meridian(ctx, g);
	PJ *cs = proj_crs_get_coordinate_system(ctx, g);
	double lon = 0, conv = 0;
	int ok = 1;

	if (pm && proj_prime_meridian_get_parameters(ctx, pm, &lon, NULL, NULL) && lon != 0)
		ok = 0;
	if (cs && proj_cs_get_axis_info(ctx, cs, 0, NULL, NULL, NULL, &conv, NULL, NULL, NULL) &&
	    fabs(conv - 0.0174532925199433) > 1e-12)
		ok = 0;
	proj_destroy(pm);
	proj_destroy(cs);
	return ok;
}

int cl_crs_is_wkt(const char *s)
{
	const char *p;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (p = s; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_'; p++)
		;
	return p > s && (*p == '[' || *p == '(');
}

static int crs_create_once(const char *def, const char *what, struct cl_crs **out,
			   struct cl_error *err)
{
	struct proj_log log = { "", 0 };
	struct cl_crs *c;
	PJ *src = NULL, *base = NULL, *dst = NULL, *op = NULL, *geod = NULL;
	PJ_TYPE type;
	int rc = CL_OK;
	double acc;

	*out = NULL;
	c = calloc(1, sizeof *c);
	if (!c)
		return cl_oom(err, "reading a coordinate system");
	c->ctx = proj_context_create();
	if (!c->ctx) {
		free(c);
		return cl_oom(err, "starting PROJ");
	}
	proj_log_func(c->ctx, &log, log_to_buffer);
	proj_log_level(c->ctx, PJ_LOG_ERROR);
	/* WKT is parsed as WKT only: proj_create would also look an unknown
	   word up in PROJ's database, which takes half a second. */
	src = cl_crs_is_wkt(def) ? proj_create_from_wkt(c->ctx, def, NULL, NULL, NULL)
				  : proj_create(c->ctx, def);
	if (!src && log.oom) {
		rc = cl_oom(err, "in PROJ reading %s: %s", what, log.msg);
		goto done;
	}
	if (!src) {
		rc = cl_fail(err, CL_EINPUT, "%s: PROJ cannot read this coordinate system%s%s",
			     what, log.msg[0] ? ": " : "", log.msg);
		goto done;
	}
	/* A BoundCRS (WKT with TOWGS84) is its source CRS plus how to get to
	   WGS 84; look at the source for what it is. */
	type = proj_get_type(src);
	base = type == PJ_TYPE_BOUND_CRS ? proj_get_source_crs(c->ctx, src) : NULL;
	type = proj_get_type(base ? base : src);
	snprintf(c->name, sizeof c->name, "%s", proj_get_name(base ? base : src) ?
		 proj_get_name(base ? base : src) : "unnamed");
	if (type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_GEOGRAPHIC_3D_CRS &&
	    type != PJ_TYPE_PROJECTED_CRS && type != PJ_TYPE_COMPOUND_CRS) {
		rc = cl_fail(err, CL_EINPUT, "%s: \"%s\" is not a geographic or projected "
			     "coordinate system", what, c->name);
		goto done;
	}
	if ((type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS) &&
	    wgs84_like(c->ctx, base ? base : src) && degrees_greenwich(c->ctx, base ? base : src))
		goto done;      /* WGS 84 / CGCS2000 lon/lat: positions stay as read */
	dst = proj_create(c->ctx, "EPSG:4326");
	op = dst ? proj_create_crs_to_crs_from_pj(c->ctx, src, dst, NULL, NULL) : NULL;
	c->op = op ? proj_normalize_for_visualization(c->ctx, op) : NULL;
	if (!c->op && log.oom) {
		rc = cl_oom(err, "in PROJ for %s: %s", what, log.msg);
		goto done;
	}
	if (!c->op) {
		rc = cl_fail(err, CL_EINPUT, "%s: PROJ has no transformation from \"%s\" to WGS 84"
			     "%s%s (is the proj-data package installed?)", what, c->name,
			     log.msg[0] ? ": " : "", log.msg);
		goto done;
	}
	/* Undoing a projection on WGS 84 or CGCS2000 is exact; a datum shift
	   (Beijing 1954, Xian 1980) may be rough. */
	geod = proj_crs_get_geodetic_crs(c->ctx, base ? base : src);
	acc = proj_coordoperation_get_accuracy(c->ctx, op);
	if (!(geod && wgs84_like(c->ctx, geod)) && (acc < 0 || acc > 5))
		cl_warn("%s: \"%s\" is on another datum than WGS 84; PROJ shifts it with %s, "
			"positions may be off by metres or more", what, c->name,
			acc < 0 ? "an accuracy it does not know" : "metre-level accuracy");
	proj_destroy(geod);
	cl_info("%s: coordinates in \"%s\", transformed to WGS 84 longitude/latitude",
		what, c->name);
done:
	/* PROJ said it ran out of memory and went on: whatever it answered
	   (a refusal, a "not a CRS", a coarser operation) may be wrong */
	if (log.oom && rc != CL_EINTERNAL)
		rc = cl_oom(err, "in PROJ for %s: %s", what, log.msg);
	proj_destroy(op);
	proj_destroy(dst);
	proj_destroy(base);
	proj_destroy(src);
	if (rc || !c->op) {
		cl_crs_destroy(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

/* PROJ does not always say that an allocation failed inside it: a WKT
   parser that lost a node answers "unhandled parameter", with nothing in
   the log (found by the allocation sweep, tests/e2e/oom_test.sh). A
   definition refused for what it says is refused again; a refusal that
   does not repeat was such a failure, and the second answer stands. */
int cl_crs_create(const char *def, const char *what, struct cl_crs **out,
		  struct cl_error *err)
{
	int rc = crs_create_once(def, what, out, err);

	if (rc == CL_EINPUT)
		rc = crs_create_once(def, what, out, err);
	return rc;
}

void cl_crs_destroy(struct cl_crs *crs)
{
	if (!crs)
		return;
	proj_destroy(crs->op);
	proj_context_destroy(crs->ctx);
	free(crs);
}

const char *cl_crs_name(const struct cl_crs *crs)
{
	return crs ? crs->name : "WGS 84";
}

int cl_crs_to_lonlat(struct cl_crs *crs, double *x, double *y)
{
	PJ_COORD p;

	if (!crs)
		return 0;
	p = proj_trans(crs->op, PJ_FWD, proj_coord(*x, *y, 0, 0));
	/* proj_trans answers HUGE_VAL both for a point outside the projection
	   and when an allocation failed inside it (nothing logged): only the
	   first repeats */
	if (!isfinite(p.xy.x) || !isfinite(p.xy.y) || fabs(p.xy.x) > 360 || fabs(p.xy.y) > 90)
		p = proj_trans(crs->op, PJ_FWD, proj_coord(*x, *y, 0, 0));
	*x = p.xy.x;
	*y = p.xy.y;
	if (!isfinite(*x) || !isfinite(*y) || fabs(*x) > 360 || fabs(*y) > 90) {
		*x = *y = NAN;
		return -1;
	}
	return 0;
}

#define WEB_MERCATOR_MAX 20037508.35

int cl_crs_guess(double x, double y, char *buf, size_t size, char code[16])
{
	double zone = floor(x / 1e6), off = x - zone * 1e6;
	int n;

	code[0] = '\0';
	if (x >= 25e6 && x < 46e6 && off >= 150000 && off <= 850000 && y > 0 && y < 1e7) {
		snprintf(buf, size, "CGCS2000 3-degree Gauss-Kruger zone %.0f with the zone number "
			 "in front of the easting (EPSG:%.0f; Beijing 1954 / Xian 1980 zones have "
			 "the same numbers)", zone, 4513 + zone - 25);
		snprintf(code, 16, "EPSG:%.0f", 4513 + zone - 25);
		return 1;
	}
	if (x >= 13e6 && x < 24e6 && off >= 150000 && off <= 850000 && y > 0 && y < 1e7) {
		n = snprintf(buf, size, "CGCS2000 6-degree Gauss-Kruger zone %.0f with the zone "
			     "number in front of the easting (EPSG:%.0f)", zone, 4491 + zone - 13);
		if (fabs(x) <= WEB_MERCATOR_MAX && n > 0 && (size_t)n < size)
			snprintf(buf + n, size - (size_t)n, ", or Web Mercator (EPSG:3857)");
		else
			snprintf(code, 16, "EPSG:%.0f", 4491 + zone - 13);
		return 1;
	}
	if (x > 0 && x < 1e6 && y > 0 && y < 1e7) {
		snprintf(buf, size, "a Transverse Mercator projection with a false easting of "
			 "500 km: CGCS2000 Gauss-Kruger without the zone number (3-degree zones "
			 "EPSG:4534-4554, 6-degree EPSG:4502-4512) or UTM (EPSG:326xx)");
		return 1;
	}
	if (fabs(x) <= WEB_MERCATOR_MAX && fabs(y) <= WEB_MERCATOR_MAX &&
	    (fabs(x) > 180 || fabs(y) > 90)) {
		snprintf(buf, size, "Web Mercator (EPSG:3857), as web map tools export");
		snprintf(code, 16, "EPSG:3857");
		return 1;
	}
	snprintf(buf, size, "no coordinate system this program knows");
	return 0;
}
