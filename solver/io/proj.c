/*
 * io/proj.c -- input CRSs through PROJ (io/proj.h). The only file that
 * includes proj.h.
 *
 * Each struct cl_crs has its own PROJ context (PROJ contexts are not to be
 * shared between threads) and a transformation normalised to
 * longitude/latitude order on the WGS 84 side and easting/northing (or
 * longitude/latitude) on the layer's side, as shapefiles store positions.
 * PROJ's log goes to a buffer so its reason can be quoted in a message.
 *
 * Building a transformation costs PROJ a search of its database (tens of
 * milliseconds for a UTM zone, half a second for Beijing 1954), and a run
 * reads the same .prj for the villages, the depot and the roads. So the
 * transformations made are kept in a small pool keyed by their definition:
 * cl_crs_create hands out an idle one with the same definition (its
 * messages said again), cl_crs_destroy gives it back. A transformation is
 * held by one caller at a time (PROJ contexts are not to be shared between
 * threads); a second caller of the same definition gets a new one. The
 * pool is emptied at exit.
 */
#include <math.h>
#include <pthread.h>
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
	int rough;           /* datum shift: 1 accuracy unknown, 2 metre-level */
	int pooled;          /* in the pool: cl_crs_destroy gives it back */
	/* shift: WGS 84 / CGCS2000 longitude/latitude with another prime
	   meridian or angular unit (geographic_shift), done here: alone (op
	   NULL), or after op undid a projection on such a CRS */
	int shift;
	double scale;        /* degrees per axis unit */
	double pm;           /* the prime meridian, degrees east of Greenwich */
};

/* The pool (top of the file). An entry with crs NULL is a definition of
 * WGS 84 / CGCS2000 longitude/latitude (no transformation), or one PROJ
 * refused (refusal: the message after "what: "). */
#define POOL_SIZE 8
static struct pool_entry {
	char *def;
	struct cl_crs *crs;
	char *refusal;
	int busy;
	unsigned long used;  /* for evicting the least recently used */
} pool[POOL_SIZE];
static unsigned long pool_clock;
static int pool_atexit;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static void crs_free(struct cl_crs *crs);
static int instantiated(PJ *op);

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

#define DEGREE 0.0174532925199433   /* radians */

/*
 * Does geographic CRS g differ from longitude/latitude in degrees east and
 * north of Greenwich by its prime meridian and its angular unit only? 1 with
 * *scale (degrees per axis unit, exactly 1 for degrees) and *pm (degrees
 * east of Greenwich), else 0 (an axis pointing west or south, two units,
 * a unit that is not an angle). Positions keep their order as read
 * (longitude, latitude: what proj_normalize_for_visualization makes of any
 * axis order). On WGS 84 or CGCS2000, longitude = x * scale + pm and
 * latitude = y * scale is the whole transformation, which PROJ 9.1.1 does
 * not always find: an ESRI "GCS_WGS_1984" with PRIMEM["Greenwich",5.0]
 * sends proj_create_crs_to_crs_from_pj into a database search through
 * intermediate CRSs that ends in "Too deep recursion in
 * createOperations()" (0.2-0.6 s, then refused). A projection on such a
 * CRS is undone by PROJ (to that CRS: no search) and shifted here.
 */
static int geographic_shift(PJ_CONTEXT *ctx, PJ *g, double *scale, double *pm)
{
	PJ *pmer = proj_get_prime_meridian(ctx, g);
	PJ *cs = proj_crs_get_coordinate_system(ctx, g);
	double lon = 0, pmconv = DEGREE, conv[2] = { 0, 0 };
	int east = 0, north = 0, ok = pmer && cs && proj_cs_get_axis_count(ctx, cs) >= 2;

	if (ok && !proj_prime_meridian_get_parameters(ctx, pmer, &lon, &pmconv, NULL))
		ok = 0;
	for (int i = 0; i < 2 && ok; i++) {
		const char *dir = NULL;

		if (!proj_cs_get_axis_info(ctx, cs, i, NULL, NULL, &dir, &conv[i], NULL, NULL, NULL) ||
		    !dir || !isfinite(conv[i]) || conv[i] <= 0)
			ok = 0;
		else if (strcmp(dir, "east") == 0)
			east++;
		else if (strcmp(dir, "north") == 0)
			north++;
	}
	if (ok && (east != 1 || north != 1 || fabs(conv[0] - conv[1]) > 1e-12 * conv[0] ||
		   !isfinite(lon) || !isfinite(pmconv) || pmconv <= 0))
		ok = 0;
	if (ok) {
		*scale = fabs(conv[0] - DEGREE) <= 1e-12 ? 1.0 : conv[0] / DEGREE;
		*pm = lon == 0 ? 0.0 : lon * (fabs(pmconv - DEGREE) <= 1e-12 ? 1.0 : pmconv / DEGREE);
		ok = isfinite(*scale) && isfinite(*pm) && fabs(*pm) <= 360;
	}
	proj_destroy(pmer);
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
	    wgs84_like(c->ctx, base ? base : src) &&
	    geographic_shift(c->ctx, base ? base : src, &c->scale, &c->pm)) {
		/* WGS 84 / CGCS2000 lon/lat: positions stay as read, or are
		   scaled and shifted here (c->op stays NULL) */
		if (c->scale != 1.0 || c->pm != 0.0)
			c->shift = 1;
		goto done;
	}
	/* a projection on WGS 84 / CGCS2000 with another prime meridian:
	   undone to its own geographic CRS, then shifted */
	if (type == PJ_TYPE_PROJECTED_CRS) {
		geod = proj_crs_get_geodetic_crs(c->ctx, base ? base : src);
		if (geod && (proj_get_type(geod) == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
			     proj_get_type(geod) == PJ_TYPE_GEOGRAPHIC_3D_CRS) &&
		    wgs84_like(c->ctx, geod) &&
		    geographic_shift(c->ctx, geod, &c->scale, &c->pm) && c->pm != 0.0) {
			c->shift = 1;
			dst = geod;
		} else {
			proj_destroy(geod);
		}
		geod = NULL;
	}
	if (!dst)
		dst = proj_create(c->ctx, "EPSG:4326");
	op = dst ? proj_create_crs_to_crs_from_pj(c->ctx, src, dst, NULL, NULL) : NULL;
	c->op = op ? proj_normalize_for_visualization(c->ctx, op) : NULL;
	if (c->op && !instantiated(c->op)) {
		/* PROJ 9.1 made the operation without its PROJ pipeline: it
		   swallowed a failure (an allocation) while instantiating it
		   (pj_obj_create), and proj_trans would refuse every position.
		   Refused here, so that cl_crs_create tries once more. */
		proj_destroy(c->op);
		c->op = NULL;
		log.msg[0] = '\0';
		snprintf(log.msg, sizeof log.msg, "PROJ could not instantiate the operation");
	}
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
		c->rough = acc < 0 ? 1 : 2;
	proj_destroy(geod);
done:
	/* PROJ said it ran out of memory and went on: whatever it answered
	   (a refusal, a "not a CRS", a coarser operation) may be wrong */
	if (log.oom && rc != CL_EINTERNAL)
		rc = cl_oom(err, "in PROJ for %s: %s", what, log.msg);
	proj_destroy(op);
	proj_destroy(dst);
	proj_destroy(base);
	proj_destroy(src);
	/* log no longer exists once this returns */
	proj_log_func(c->ctx, NULL, log_to_buffer);
	if (rc || (!c->op && !c->shift)) {
		crs_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

/* Is op a transformation PROJ can run? pj_obj_create (PROJ 9.1.1,
 * src/iso19111/c_api.cpp) catches any exception while turning an operation
 * into its PROJ pipeline (a std::bad_alloc included) and returns the bare
 * "ISO-19111 object" instead: no pipeline, so no "proj" parameter, and
 * proj_trans answers HUGE_VAL for every position. A set of alternative
 * operations says "unknown" until its first proj_trans. */
static int instantiated(PJ *op)
{
	PJ_PROJ_INFO info = proj_pj_info(op);

	return info.id != NULL && info.id[0] != '\0';
}

/* The messages of a transformation, said for each caller. */
static void crs_say(const struct cl_crs *c, const char *what)
{
	if (c->rough)
		cl_warn("%s: \"%s\" is on another datum than WGS 84; PROJ shifts it with %s, "
			"positions may be off by metres or more", what, c->name,
			c->rough == 1 ? "an accuracy it does not know" : "metre-level accuracy");
	if (c->shift)
		cl_info("%s: coordinates in \"%s\" (longitude from a prime meridian %.10g "
			"degrees east of Greenwich, %.10g degrees to the unit), transformed to "
			"WGS 84 longitude/latitude", what, c->name, c->pm, c->scale);
	else
		cl_info("%s: coordinates in \"%s\", transformed to WGS 84 longitude/latitude",
			what, c->name);
}

static void crs_free(struct cl_crs *crs)
{
	if (!crs)
		return;
	proj_destroy(crs->op);
	proj_context_destroy(crs->ctx);
	free(crs);
}

static void pool_clear(void)
{
	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < POOL_SIZE; i++) {
		if (!pool[i].def || pool[i].busy)
			continue;   /* a holder frees a busy one */
		crs_free(pool[i].crs);
		free(pool[i].def);
		free(pool[i].refusal);
		memset(&pool[i], 0, sizeof pool[i]);
	}
	pthread_mutex_unlock(&pool_lock);
}

/* An idle pooled result for def: 1 and *out (NULL: no transformation
 * needed, or refused: then refusal[0] != '\0'), else 0. */
static int pool_take(const char *def, struct cl_crs **out, char *refusal, size_t size)
{
	int found = 0;

	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < POOL_SIZE && !found; i++) {
		if (!pool[i].def || strcmp(pool[i].def, def) != 0 || (pool[i].crs && pool[i].busy))
			continue;
		if (pool[i].crs)
			pool[i].busy = 1;
		pool[i].used = ++pool_clock;
		*out = pool[i].crs;
		snprintf(refusal, size, "%s", pool[i].refusal ? pool[i].refusal : "");
		found = 1;
	}
	pthread_mutex_unlock(&pool_lock);
	return found;
}

/* Keep a new result (crs NULL: none needed), now held by the caller, or
 * a refusal (crs NULL, refusal the message after "what: "). An allocation
 * that fails here only leaves it out of the pool. */
static void pool_put(const char *def, struct cl_crs *crs, const char *refusal)
{
	struct pool_entry *e = NULL;
	char *copy, *why = NULL;

	pthread_mutex_lock(&pool_lock);
	if (!pool_atexit)
		pool_atexit = atexit(pool_clear) == 0 ? 1 : -1;
	if (pool_atexit < 0)
		goto out;
	for (int i = 0; i < POOL_SIZE; i++) {
		if (!pool[i].def) {
			e = &pool[i];
			break;
		}
		if (!(pool[i].crs && pool[i].busy) && (!e || pool[i].used < e->used))
			e = &pool[i];
	}
	if (!e || !(copy = strdup(def)))
		goto out;
	if (refusal && !(why = strdup(refusal))) {
		free(copy);
		goto out;
	}
	if (e->def) {
		crs_free(e->crs);
		free(e->def);
		free(e->refusal);
	}
	e->def = copy;
	e->crs = crs;
	e->refusal = why;
	e->busy = crs != NULL;
	e->used = ++pool_clock;
	if (crs)
		crs->pooled = 1;
out:
	pthread_mutex_unlock(&pool_lock);
}

/* PROJ does not always say that an allocation failed inside it: a WKT
   parser that lost a node answers "unhandled parameter", with nothing in
   the log (found by the allocation sweep, tests/e2e/oom_test.sh). A
   definition refused for what it says is refused again; a refusal that
   does not repeat was such a failure, and the second answer stands. A
   refusal that repeats is pooled too: a refused definition can cost PROJ
   a long search (see geographic_shift), and a run reads the same .prj
   for the villages, the depot and the roads, so the next read of it is
   refused at once, with the same reason, naming its own what. */
int cl_crs_create(const char *def, const char *what, struct cl_crs **out,
		  struct cl_error *err)
{
	char refusal[CL_ERRMSG_MAX];
	size_t len = strlen(what);
	int rc;

	if (pool_take(def, out, refusal, sizeof refusal)) {
		if (refusal[0])
			return cl_fail(err, CL_EINPUT, "%s: %s", what, refusal);
		if (*out)
			crs_say(*out, what);
		return CL_OK;
	}
	rc = crs_create_once(def, what, out, err);
	if (rc == CL_EINPUT)
		rc = crs_create_once(def, what, out, err);
	if (rc == CL_OK) {
		if (*out)
			crs_say(*out, what);
		pool_put(def, *out, NULL);
	} else if (rc == CL_EINPUT && err && strncmp(err->msg, what, len) == 0 &&
		   strncmp(err->msg + len, ": ", 2) == 0) {
		pool_put(def, NULL, err->msg + len + 2);
	}
	return rc;
}

int cl_crs_pool_count(void)
{
	int n = 0;

	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < POOL_SIZE; i++)
		n += pool[i].def != NULL;
	pthread_mutex_unlock(&pool_lock);
	return n;
}

int cl_crs_pooled(const char *def)
{
	int found = 0;

	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < POOL_SIZE; i++)
		found |= pool[i].def && strcmp(pool[i].def, def) == 0;
	pthread_mutex_unlock(&pool_lock);
	return found;
}

void cl_crs_destroy(struct cl_crs *crs)
{
	if (!crs)
		return;
	if (crs->pooled) {
		pthread_mutex_lock(&pool_lock);
		for (int i = 0; i < POOL_SIZE; i++)
			if (pool[i].crs == crs)
				pool[i].busy = 0;
		pthread_mutex_unlock(&pool_lock);
		return;
	}
	crs_free(crs);
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
	if (!crs->op) {
		p.xy.x = *x;
		p.xy.y = *y;
	} else {
		p = proj_trans(crs->op, PJ_FWD, proj_coord(*x, *y, 0, 0));
		/* proj_trans answers HUGE_VAL both for a point outside the
		   projection and when an allocation failed inside it (nothing
		   logged): only the first repeats */
		if (!isfinite(p.xy.x) || !isfinite(p.xy.y) || fabs(p.xy.x) > 360 ||
		    fabs(p.xy.y) > 90)
			p = proj_trans(crs->op, PJ_FWD, proj_coord(*x, *y, 0, 0));
	}
	if (crs->shift && isfinite(p.xy.x) && isfinite(p.xy.y)) {
		/* geographic_shift; remainder() wraps the longitude into
		   [-180, 180] as PROJ does */
		p.xy.x = remainder(p.xy.x * crs->scale + crs->pm, 360.0);
		p.xy.y *= crs->scale;
	}
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
