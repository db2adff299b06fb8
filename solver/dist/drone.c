/*
 * dist/drone.c -- distances for a fleet with drones (router.h,
 * cl_router_drones).
 *
 * A drone type flies: its distance is the great circle between the two
 * points (no detour, no road), its time that distance at its speed, and
 * node 0 of its matrices is where its sorties start and end (the depot or
 * its launch site, cl_instance_origin). A leg whose straight line touches
 * a no-fly zone (cl_instance_nofly) is unreachable. The road types keep
 * what the road router (geo, roads or OSRM) gives them; that router is
 * made for a view of the instance holding only the road types
 * (cl_ground_view), so it never routes, snaps or warns about drones.
 *
 * The flight geometry depends only on the origin, so it is computed once
 * per distinct origin and shared by the drone types based there. The
 * matrix cache sees one router whose source_key is the road router's key
 * plus a hash of every type's mode and origin and of the zones' vertices.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "cunlu/router.h"
#include "util/append.h"
#include "util/clock.h"
#include "util/hash.h"


struct drone_ctx {
	const struct cl_instance *inst;   /* borrowed: the whole instance */
	struct cl_instance *ground;       /* the road types' view (owned) */
	struct cl_router road;            /* made for ground (owned; zeroed
					     when there is no road type) */
	int *gmap;                        /* per type: its index in ground,
					     -1 for a drone type */
	char *key;                        /* source_key */
};

/* ---------------------------------------------------------------- the view */

int cl_ground_view(const struct cl_instance *inst, struct cl_instance **view,
		   struct cl_error *err)
{
	struct cl_instance *v;
	int n = 0;

	*view = NULL;
	for (int t = 0; t < inst->ntypes; t++)
		n += inst->types[t].mode != CL_MODE_DRONE;
	if (n == 0)
		return CL_OK;
	v = malloc(sizeof *v);
	if (!v)
		return cl_oom(err, "for the road types' view");
	*v = *inst;
	v->types = malloc(sizeof *v->types * (size_t)n);
	if (!v->types) {
		free(v);
		return cl_oom(err, "for the road types' view");
	}
	v->ntypes = 0;
	for (int t = 0; t < inst->ntypes; t++)
		if (inst->types[t].mode != CL_MODE_DRONE)
			v->types[v->ntypes++] = inst->types[t];
	*view = v;
	return CL_OK;
}

void cl_ground_view_free(struct cl_instance *view)
{
	if (!view)
		return;
	free(view->types);
	free(view);
}

/* ---------------------------------------------------------------- flights */

/* The position of node i for a type whose sorties start at origin o. */
static void node_pos(const struct cl_instance *inst, const struct cl_site *o, int i,
		     double *lon, double *lat)
{
	const struct cl_site *s = i == 0 ? o : &inst->sites[i];

	*lon = s->lon;
	*lat = s->lat;
}

/*
 * The n*n flight distances from origin o (metres, rounded), with
 * CL_UNREACHABLE for legs through a no-fly zone. CL_OK, or CL_EINPUT for
 * a distance beyond int32, CL_EINTERNAL when out of memory.
 */
static int flight_matrix(const struct cl_instance *inst, const struct cl_site *o,
			 int32_t **out, struct cl_error *err)
{
	int n = inst->nsites;
	int32_t *d = malloc(sizeof *d * ((size_t)n * (size_t)n + 1));
	unsigned char *in = malloc((size_t)n + 1);

	*out = NULL;
	if (!d || !in) {
		free(d);
		free(in);
		return cl_oom(err, "for a %d-site flight matrix", n);
	}
	/* the points inside a zone first: every leg from them touches it */
	for (int i = 0; i < n; i++) {
		double lon, lat;

		node_pos(inst, o, i, &lon, &lat);
		in[i] = cl_instance_nofly(inst, lon, lat, lon, lat) >= 0;
	}
	for (int i = 0; i < n; i++) {
		double lon1, lat1;

		node_pos(inst, o, i, &lon1, &lat1);
		d[(size_t)i * (size_t)n + (size_t)i] = in[i] ? CL_UNREACHABLE : 0;
		for (int j = i + 1; j < n; j++) {
			double lon2, lat2, m;
			int32_t v;

			node_pos(inst, o, j, &lon2, &lat2);
			m = round(cl_haversine_m(lon1, lat1, lon2, lat2));
			if (m > (double)INT32_MAX) {
				free(d);
				free(in);
				return cl_fail(err, CL_EINPUT, "flight distance from site %d to %d "
					       "overflows", i, j);
			}
			v = in[i] || in[j] ||
			    cl_instance_nofly_between(inst, lon1, lat1, lon2, lat2) >= 0
				    ? CL_UNREACHABLE : (int32_t)m;
			d[(size_t)i * (size_t)n + (size_t)j] = v;
			d[(size_t)j * (size_t)n + (size_t)i] = v;
		}
	}
	free(in);
	*out = d;
	return CL_OK;
}

/* Fill m's arrays of drone type t from the flight distances d (copied). */
static int drone_type_matrix(const struct cl_instance *inst, int t, const int32_t *d,
			     struct cl_matrix *m, struct cl_error *err)
{
	size_t cells = (size_t)m->n * (size_t)m->n;
	double mps = inst->types[t].speed_kmh / 3.6;

	if (!(mps > 0) || !isfinite(mps))
		return cl_fail(err, CL_EINPUT, "vehicle type \"%s\": speed_kmh %g must be > 0",
			       inst->types[t].name, inst->types[t].speed_kmh);
	m->dist_type[t] = malloc(sizeof *d * (cells + 1));
	if (!m->dist_type[t])
		return cl_oom(err, "for a flight matrix");
	memcpy(m->dist_type[t], d, sizeof *d * cells);
	for (size_t k = 0; k < cells; k++) {
		double s = d[k] < 0 ? -1 : round(d[k] / mps);
		if (s > (double)INT32_MAX)
			return cl_fail(err, CL_EINPUT, "vehicle type \"%s\": speed %g km/h gives "
				       "a flight time that overflows", inst->types[t].name,
				       inst->types[t].speed_kmh);
		m->time_s[t][k] = (int32_t)s;
	}
	return CL_OK;
}

/* The drone types' arrays of m: one flight matrix per distinct origin. */
static int drone_matrices(const struct cl_instance *inst, struct cl_matrix *m,
			  struct cl_error *err)
{
	double t0 = cl_now_s();
	int rc = CL_OK, norigins = 0;

	for (int t = 0; t < inst->ntypes && rc == CL_OK; t++) {
		const struct cl_site *o = cl_instance_origin(inst, t);
		int32_t *d = NULL;
		int seen = 0;

		if (inst->types[t].mode != CL_MODE_DRONE)
			continue;
		for (int u = 0; u < t && !seen; u++)
			seen = inst->types[u].mode == CL_MODE_DRONE &&
			       cl_instance_origin(inst, u) == o;
		if (seen)
			continue;   /* done with the first type of this origin */
		norigins++;
		rc = flight_matrix(inst, o, &d, err);
		for (int u = t; u < inst->ntypes && rc == CL_OK; u++)
			if (inst->types[u].mode == CL_MODE_DRONE && cl_instance_origin(inst, u) == o)
				rc = drone_type_matrix(inst, u, d, m, err);
		free(d);
	}
	if (rc == CL_OK)
		cl_info("flight matrices: %d sites, %d origin%s, %d no-fly zone%s: %.2f s",
			inst->nsites, norigins, norigins == 1 ? "" : "s", inst->nzones,
			inst->nzones == 1 ? "" : "s", cl_now_s() - t0);
	return rc;
}

/* ---------------------------------------------------------------- the router */

static int drone_matrix(void *ctx, const struct cl_instance *inst,
			struct cl_matrix **out, struct cl_error *err)
{
	struct drone_ctx *c = ctx;
	struct cl_matrix *m = NULL, *gm = NULL;
	size_t cells = (size_t)inst->nsites * (size_t)inst->nsites;
	int rc;

	*out = NULL;
	if (inst->nsites != c->inst->nsites || inst->ntypes != c->inst->ntypes)
		return cl_fail(err, CL_EINTERNAL, "drone router made for another instance");
	if (c->ground) {
		rc = c->road.matrix(c->road.ctx, c->ground, &gm, err);
		if (rc != CL_OK)
			return rc;
	}
	m = cl_matrix_create(inst->nsites, inst->ntypes);
	if (!m) {
		cl_matrix_destroy(gm);
		return cl_oom(err, "for a %d-site matrix", inst->nsites);
	}
	/* the road types' arrays move over from the road router's matrix */
	for (int t = 0; t < inst->ntypes && gm; t++) {
		int g = c->gmap[t];
		if (g < 0)
			continue;
		free(m->time_s[t]);
		m->time_s[t] = gm->time_s[g];
		gm->time_s[g] = NULL;
		m->dist_type[t] = gm->dist_type[g];
		gm->dist_type[g] = NULL;
	}
	if (gm) {
		free(m->dist_m);
		m->dist_m = gm->dist_m;
		gm->dist_m = NULL;
		cl_matrix_destroy(gm);
	}
	rc = drone_matrices(inst, m, err);
	if (rc == CL_OK && !c->ground) {
		/* drones only: the shared matrix (neighbour lists) is the first
		   drone type's */
		for (int t = 0; t < inst->ntypes; t++)
			if (m->dist_type[t]) {
				memcpy(m->dist_m, m->dist_type[t], sizeof *m->dist_m * cells);
				break;
			}
	}
	if (rc != CL_OK) {
		cl_matrix_destroy(m);
		return rc;
	}
	*out = m;
	return CL_OK;
}

/* A straight line a -> b for drone type t (node 0: its origin). */
static int flight_line(const struct cl_instance *inst, int t, const int *nodes, int n,
		       double **lonlat, int *npts, struct cl_error *err)
{
	const struct cl_site *o = cl_instance_origin(inst, t);
	double *xy = malloc(sizeof *xy * 2 * (size_t)(n > 0 ? n : 1));

	*lonlat = NULL;
	*npts = 0;
	if (!xy)
		return cl_oom(err, "for a flight line");
	for (int i = 0; i < n; i++)
		node_pos(inst, o, nodes[i], &xy[2 * i], &xy[2 * i + 1]);
	*lonlat = xy;
	*npts = n;
	return CL_OK;
}

static int drone_leg_shape(void *ctx, const struct cl_instance *inst, int type, int a,
			   int b, double **lonlat, int *npts, struct cl_error *err)
{
	struct drone_ctx *c = ctx;
	int nodes[2] = { a, b };

	if (type < 0 || type >= inst->ntypes)
		return cl_fail(err, CL_EINTERNAL, "leg shape: bad vehicle type %d", type);
	if (c->gmap[type] >= 0 && c->road.leg_shape)
		return c->road.leg_shape(c->road.ctx, c->ground, c->gmap[type], a, b, lonlat,
					 npts, err);
	return flight_line(inst, type, nodes, 2, lonlat, npts, err);
}

static int drone_route_shape(void *ctx, const struct cl_instance *inst, int type,
			     const int *stops, int nstops, double **lonlat, int *npts,
			     struct cl_error *err)
{
	struct drone_ctx *c = ctx;
	int *nodes, rc;

	if (type < 0 || type >= inst->ntypes)
		return cl_fail(err, CL_EINTERNAL, "route shape: bad vehicle type %d", type);
	if (c->gmap[type] >= 0 && c->road.route_shape)
		return c->road.route_shape(c->road.ctx, c->ground, c->gmap[type], stops,
					   nstops, lonlat, npts, err);
	if (c->gmap[type] >= 0 && c->road.leg_shape) {
		/* join the road router's legs, each joint written once */
		double *all = NULL;
		int n = 0;

		*lonlat = NULL;
		*npts = 0;
		for (int i = 0; i <= nstops; i++) {
			double *xy = NULL, *grown;
			int np = 0, skip = i > 0;

			rc = drone_leg_shape(ctx, inst, type, i == 0 ? 0 : stops[i - 1],
					     i == nstops ? 0 : stops[i], &xy, &np, err);
			if (rc != CL_OK) {
				free(all);
				return rc;
			}
			grown = np > skip ? realloc(all, sizeof *all * 2 * (size_t)(n + np)) : all;
			if (np > skip && !grown) {
				free(xy);
				free(all);
				return cl_oom(err, "for a route line");
			}
			all = grown;
			for (int k = skip; k < np; k++) {
				all[2 * n] = xy[2 * k];
				all[2 * n + 1] = xy[2 * k + 1];
				n++;
			}
			free(xy);
		}
		*lonlat = all;
		*npts = n;
		return CL_OK;
	}
	nodes = malloc(sizeof *nodes * ((size_t)nstops + 2));
	if (!nodes)
		return cl_oom(err, "for a flight line");
	nodes[0] = 0;
	memcpy(nodes + 1, stops, sizeof *nodes * (size_t)nstops);
	nodes[nstops + 1] = 0;
	rc = flight_line(inst, type, nodes, nstops + 2, lonlat, npts, err);
	free(nodes);
	return rc;
}

static double drone_snap_m(void *ctx, int type, int site)
{
	struct drone_ctx *c = ctx;

	if (type >= c->inst->ntypes)
		return NAN;
	if (type >= 0 && c->gmap[type] < 0)
		return NAN;     /* a drone lands on the point: no road leg */
	if (!c->road.snap_m)
		return NAN;
	return c->road.snap_m(c->road.ctx, type < 0 ? -1 : c->gmap[type], site);
}

/* Would drone type t be allowed at site s but for its landing point
 * (VEHICLES and SKILLS only)? */
static int allowed_but_pad(const struct cl_instance *inst, const struct cl_site *s, int t)
{
	if (s->vmask != 0 && s->vmask != CL_ALL_TYPES &&
	    (t >= 64 || !(s->vmask & ((uint64_t)1 << t))))
		return 0;
	return (s->skills & ~inst->types[t].skills) == 0;
}

/*
 * Why no drone serves site (after the road router's reason, if any):
 * no landing point, or the flight from each drone type's origin crosses
 * a no-fly zone. *o grows; returns the number of clauses added.
 */
static int drone_clauses(const struct cl_instance *inst, int site, char *buf, size_t size,
			 size_t *o)
{
	const struct cl_site *s = &inst->sites[site];
	char zl[CL_LABEL_MAX], ol[CL_LABEL_MAX];
	int added = 0, any = 0;

	for (int t = 0; t < inst->ntypes; t++)
		any |= inst->types[t].mode == CL_MODE_DRONE && inst->types[t].count > 0 &&
		       allowed_but_pad(inst, s, t);
	if (!any)
		return 0;
	if (!s->drone) {
		cl_appendf(buf, size, o, "%sno drone landing point (DRONE = 0)", *o ? "; " : "");
		return 1;
	}
	for (int t = 0; t < inst->ntypes; t++) {
		const struct cl_vtype *v = &inst->types[t];
		const struct cl_site *org = cl_instance_origin(inst, t);
		int z;

		if (v->mode != CL_MODE_DRONE || v->count <= 0 || !cl_instance_allows(inst, site, t))
			continue;
		z = cl_instance_nofly(inst, org->lon, org->lat, s->lon, s->lat);
		if (z < 0)
			continue;
		if (org == &inst->sites[0])
			snprintf(ol, sizeof ol, "the depot");
		else
			snprintf(ol, sizeof ol, "launch site %s", org->name && *org->name ?
				 org->name : org->id);
		cl_appendf(buf, size, o, "%sdrone %s: the flight from %s crosses no-fly zone %s",
			   *o ? "; " : "", v->name, ol,
			   cl_record_label(inst->zones[z].record, inst->zones[z].id,
					   inst->zones[z].name, zl, sizeof zl));
		added++;
	}
	return added;
}

/* The road network under the plan (map.html): the road router's. */
static int drone_network(void *ctx,
			 int (*fn)(void *user, const double *lonlat, int npts, int cls,
				   struct cl_error *err),
			 void *user, struct cl_error *err)
{
	struct drone_ctx *c = ctx;

	return c->road.network(c->road.ctx, fn, user, err);
}

static int drone_site_note(void *ctx, const struct cl_instance *inst, int site, char *buf,
			   size_t size)
{
	struct drone_ctx *c = ctx;
	size_t o = 0;
	int road_note = 0, road = 0;

	if (size == 0 || site <= 0 || site >= inst->nsites || inst->nsites != c->inst->nsites)
		return 0;
	buf[0] = '\0';
	for (int t = 0; c->ground && t < inst->ntypes && !road; t++)
		road = inst->types[t].mode != CL_MODE_DRONE && inst->types[t].count > 0 &&
		       cl_instance_allows(inst, site, t);
	if (road) {
		/* the road types' part, when some road type may serve it */
		road_note = c->road.site_note &&
			    c->road.site_note(c->road.ctx, c->ground, site, buf, size);
		if (!road_note)
			snprintf(buf, size, "%s", cl_reason_text(CL_REASON_NOROAD));
		o = strlen(buf);
	}
	if (drone_clauses(inst, site, buf, size, &o) == 0 && !road_note) {
		buf[0] = '\0';
		return 0;
	}
	return 1;
}

static void drone_destroy(void *ctx)
{
	struct drone_ctx *c = ctx;

	if (!c)
		return;
	cl_router_destroy(&c->road);
	cl_ground_view_free(c->ground);
	free(c->gmap);
	free(c->key);
	free(c);
}

/* The source key: the road router's, then a hash of the flights' data. */
static char *make_key(const struct cl_instance *inst, const struct cl_router *road)
{
	const char *rk = road->source_key ? road->source_key : road->name ? road->name : "";
	uint64_t h = CL_HASH_INIT;
	size_t len = strlen(rk) + 64;
	char *key = malloc(len);

	if (!key)
		return NULL;
	for (int t = 0; t < inst->ntypes; t++) {
		const struct cl_site *o = cl_instance_origin(inst, t);
		double v[2] = { o->lon, o->lat };
		int mode = inst->types[t].mode;

		h = cl_hash_bytes(h, &mode, sizeof mode);
		if (mode == CL_MODE_DRONE)
			h = cl_hash_bytes(h, v, sizeof v);
	}
	for (int z = 0; z < inst->nzones; z++) {
		const struct cl_zone *zn = &inst->zones[z];
		h = cl_hash_bytes(h, &zn->nrings, sizeof zn->nrings);
		h = cl_hash_bytes(h, zn->ring, sizeof *zn->ring * ((size_t)zn->nrings + 1));
		h = cl_hash_bytes(h, zn->x, sizeof *zn->x * (size_t)zn->npts);
		h = cl_hash_bytes(h, zn->y, sizeof *zn->y * (size_t)zn->npts);
	}
	snprintf(key, len, "%s|drones:%016llx", rk, (unsigned long long)h);
	return key;
}

/*
 * Villages with a landing point that the no-fly zones cut off from every
 * drone type that may serve them: one warning with their number and the
 * first of them (a zone drawn too wide shows here), each of them with -v.
 */
static void warn_blocked(const struct cl_instance *inst)
{
	char first[CL_ERRMSG_MAX] = "";
	int count = 0;

	for (int i = 1; i < inst->nsites && inst->nzones > 0; i++) {
		char buf[CL_ERRMSG_MAX / 2], label[CL_LABEL_MAX];
		size_t o = 0;
		int blocked = 0, open = 0;

		if (!inst->sites[i].drone)
			continue;
		for (int t = 0; t < inst->ntypes; t++) {
			const struct cl_site *org = cl_instance_origin(inst, t);
			if (inst->types[t].mode != CL_MODE_DRONE || inst->types[t].count <= 0 ||
			    !cl_instance_allows(inst, i, t))
				continue;
			if (cl_instance_nofly(inst, org->lon, org->lat, inst->sites[i].lon,
					      inst->sites[i].lat) >= 0)
				blocked++;
			else
				open++;
		}
		if (!blocked || open)
			continue;
		buf[0] = '\0';
		drone_clauses(inst, i, buf, sizeof buf, &o);
		cl_site_label(&inst->sites[i], label, sizeof label);
		if (count++ == 0)
			snprintf(first, sizeof first, "%s: %s", label, buf);
		cl_info("%s: village %s: %s", inst->source ? inst->source : "villages", label, buf);
	}
	if (count == 1)
		cl_warn("%s: village %s", inst->source ? inst->source : "villages", first);
	else if (count > 1)
		cl_warn("%s: %d villages with a landing point are cut off from every drone by the "
			"no-fly zones (-v names them all); the first: %s",
			inst->source ? inst->source : "villages", count, first);
}

int cl_router_drones(const struct cl_instance *inst, struct cl_instance *ground,
		     struct cl_router *road, struct cl_router *out, struct cl_error *err)
{
	struct drone_ctx *c = calloc(1, sizeof *c);

	memset(out, 0, sizeof *out);
	if (!c) {
		cl_router_destroy(road);
		cl_ground_view_free(ground);
		return cl_oom(err, "for the drone router");
	}
	c->inst = inst;
	c->ground = ground;
	c->road = *road;
	memset(road, 0, sizeof *road);
	c->gmap = malloc(sizeof *c->gmap * ((size_t)inst->ntypes + 1));
	if (!c->gmap || (ground && !c->road.matrix)) {
		int oom = !c->gmap;

		drone_destroy(c);
		return oom ? cl_oom(err, "for the drone router")
			   : cl_fail(err, CL_EINTERNAL, "drone router: no road router");
	}
	for (int t = 0, g = 0; t < inst->ntypes; t++)
		c->gmap[t] = inst->types[t].mode == CL_MODE_DRONE || !ground ? -1 : g++;
	c->key = make_key(inst, &c->road);
	if (!c->key) {
		drone_destroy(c);
		return cl_oom(err, "for the drone router");
	}
	warn_blocked(inst);
	out->name = c->road.name ? c->road.name : "drones";
	out->ctx = c;
	out->source_key = c->key;
	out->matrix = drone_matrix;
	out->leg_shape = drone_leg_shape;
	out->route_shape = drone_route_shape;
	out->snap_m = drone_snap_m;
	out->site_note = drone_site_note;
	out->network = c->road.network ? drone_network : NULL;
	out->destroy = drone_destroy;
	return CL_OK;
}
