/*
 * dist/roads.c -- the road-network router (router.h).
 *
 * Reading (roadnet.c), snapping (snap.c) and searching (paths.c) are
 * glued here. Vehicle types with the same top speed and the same avoided
 * road classes share a profile: one snap per site and one search per
 * source. Each site snaps to the nearest segment its profile may drive,
 * but no farther than opts->snap_max_m (the snap bound, router.h): beyond
 * it the profile does not reach the site at all (a depot beyond it: the
 * profile reaches nothing). router->snap_m reports each profile's snap
 * leg (and, for type -1, the distance to the nearest drivable segment of
 * any class); sites beyond the bound for some profile, or farther than
 * opts->snap_warn_m from any road, are warned about, one line per site.
 *
 * Matrix: the fastest path per profile (time = length / min(road speed,
 * top speed), snap legs at CL_SNAP_KMH, see paths.h); its length is the
 * distance. Type 0's profile gives dist_m; a type on another profile gets
 * its own dist_type[t]. Unreachable pairs are CL_UNREACHABLE. Sources are
 * shared among opts->threads worker threads, each with its own workspace.
 *
 * source_key: "roads:<FNV-1a 64 of the .shp bytes then the .dbf bytes,
 * hex>:highway=..,oneway=..,maxspeed=..,name=.." (the column options).
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cunlu/router.h"
#include "cunlu/log.h"
#include "dist/paths.h"
#include "dist/roadnet.h"
#include "dist/snap.h"
#include "util/hash.h"

#define MAX_THREADS 64

struct profile {
	double kmh;
	unsigned avoid;
	struct cl_snap *snaps;       /* per site; edge -1 beyond the snap bound */
	double *dist;                /* per site: the nearest road this profile
					may use, m (INFINITY: none at all) */
	struct cl_paths *paths;
	struct cl_pathws *ws;        /* for leg shapes */
};

struct roads_ctx {
	struct cl_roadnet *rn;
	struct cl_snapgrid *grid;
	const struct cl_site *sites;
	int nsites, ntypes, threads;
	double *snap_m;              /* per site: the nearest road of any class */
	double snap_max_m;           /* the snap bound (router.h) */
	double *site_m, *depot_m;    /* per type, for cl_snap_note */
	int nprof;
	struct profile *prof;
	int *type_prof;
	char key[512];
};

/* Every option at its default (see router.h). */
void cl_roads_opts_default(struct cl_roads_opts *o)
{
	o->path = NULL;
	o->snap_warn_m = 500;
	o->snap_max_m = CL_SNAP_MAX_M;
	o->threads = 1;
	o->f_highway = o->f_oneway = o->f_maxspeed = o->f_name = NULL;
	o->f_access = o->f_motor_vehicle = o->f_other_tags = NULL;
}

/* One --road-field KEY=COLUMN (see router.h). */
int cl_roads_opts_field(struct cl_roads_opts *o, const char *spec,
			struct cl_error *err)
{
	static const char *const keys[] = {
		"highway", "oneway", "maxspeed", "access", "motor_vehicle", "other_tags", "name"
	};
	const char **slot[] = {
		&o->f_highway, &o->f_oneway, &o->f_maxspeed, &o->f_access,
		&o->f_motor_vehicle, &o->f_other_tags, &o->f_name
	};
	const char *eq = strchr(spec, '=');
	size_t klen;

	if (!eq || eq == spec || eq[1] == '\0')
		return cl_fail(err, CL_EINPUT, "--road-field \"%s\": expected KEY=COLUMN, "
			       "e.g. maxspeed=MAXSPEED", spec);
	klen = (size_t)(eq - spec);
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		int match = strlen(keys[k]) == klen;
		for (size_t i = 0; match && i < klen; i++) {
			char c = spec[i];
			c = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c == '-' ? '_' : c;
			match = c == keys[k][i];
		}
		if (match) {
			*slot[k] = eq + 1;
			return CL_OK;
		}
	}
	return cl_fail(err, CL_EINPUT, "--road-field \"%s\": unknown key \"%.*s\"; keys "
		       "are highway, oneway, maxspeed, access, motor_vehicle, other_tags, "
		       "name", spec, (int)klen, spec);
}

static void roads_destroy(void *p)
{
	struct roads_ctx *c = p;

	if (!c)
		return;
	for (int i = 0; c->prof && i < c->nprof; i++) {
		free(c->prof[i].snaps);
		free(c->prof[i].dist);
		cl_paths_destroy(c->prof[i].paths);
		cl_pathws_destroy(c->prof[i].ws);
	}
	free(c->prof);
	free(c->type_prof);
	free(c->snap_m);
	free(c->site_m);
	free(c->depot_m);
	cl_snapgrid_destroy(c->grid);
	cl_roadnet_destroy(c->rn);
	free(c);
}

/* ---------------------------------------------------------------- matrix */

struct job {
	const struct roads_ctx *c;
	const struct profile *pr;
	int32_t *dist, *time;        /* n*n of this profile */
	pthread_mutex_t lock;
	int next;                    /* next source */
	int failed;                  /* out of memory, or a distance overflows */
};

static int take(struct job *j)
{
	int s;

	pthread_mutex_lock(&j->lock);
	s = j->failed ? j->c->nsites : j->next++;
	pthread_mutex_unlock(&j->lock);
	return s;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	int n = j->c->nsites, src;
	struct cl_pathws *ws = cl_pathws_create(j->pr->paths);
	double *t = malloc(sizeof *t * ((size_t)n + 1)), *d = malloc(sizeof *d * ((size_t)n + 1));

	if (!ws || !t || !d) {
		pthread_mutex_lock(&j->lock);
		j->failed = 1;
		pthread_mutex_unlock(&j->lock);
		goto cleanup;
	}
	while ((src = take(j)) < n) {
		cl_paths_from(j->pr->paths, ws, src, t, d);
		for (int k = 0; k < n; k++) {
			size_t cell = (size_t)src * (size_t)n + (size_t)k;
			if (d[k] > (double)INT32_MAX - 1 || t[k] > (double)INT32_MAX - 1) {
				pthread_mutex_lock(&j->lock);
				j->failed = 2;
				pthread_mutex_unlock(&j->lock);
				goto cleanup;
			}
			j->dist[cell] = d[k] < 0 ? CL_UNREACHABLE : (int32_t)lround(d[k]);
			j->time[cell] = t[k] < 0 ? CL_UNREACHABLE : (int32_t)lround(t[k]);
		}
	}
cleanup:
	cl_pathws_destroy(ws);
	free(t);
	free(d);
	return NULL;
}

/* One profile's distances and times, on c->threads threads. */
static int profile_matrix(const struct roads_ctx *c, const struct profile *pr,
			  int32_t *dist, int32_t *time, struct cl_error *err)
{
	pthread_t tid[MAX_THREADS];
	struct job j;
	int nt = c->threads < 1 ? 1 : c->threads > MAX_THREADS ? MAX_THREADS : c->threads;
	int started = 0, rc = CL_OK;

	if (nt > c->nsites)
		nt = c->nsites > 0 ? c->nsites : 1;
	memset(&j, 0, sizeof j);
	j.c = c;
	j.pr = pr;
	j.dist = dist;
	j.time = time;
	pthread_mutex_init(&j.lock, NULL);
	for (int i = 1; i < nt; i++) {
		if (pthread_create(&tid[started], NULL, worker, &j) != 0)
			break;
		started++;
	}
	worker(&j);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&j.lock);
	if (j.failed == 1)
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for the road searches");
	else if (j.failed)
		rc = cl_fail(err, CL_EROUTING, "a road distance or time overflows 32 bits");
	return rc;
}

static int roads_matrix(void *p, const struct cl_instance *inst,
			struct cl_matrix **out, struct cl_error *err)
{
	struct roads_ctx *c = p;
	struct cl_matrix *m = NULL;
	int32_t *dist = NULL, *time = NULL;
	struct timespec t0, t1;
	size_t cells = (size_t)c->nsites * (size_t)c->nsites;
	int rc = CL_OK;

	*out = NULL;
	if (inst->nsites != c->nsites || inst->ntypes != c->ntypes)
		return cl_fail(err, CL_EINTERNAL, "road router made for another instance");
	m = cl_matrix_create(c->nsites, c->ntypes);
	dist = malloc(sizeof *dist * (cells + 1));
	time = malloc(sizeof *time * (cells + 1));
	if (!m || !dist || !time) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for a %d-site matrix", c->nsites);
		goto cleanup;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int pi = 0; pi < c->nprof; pi++) {
		rc = profile_matrix(c, &c->prof[pi], dist, time, err);
		if (rc)
			goto cleanup;
		if (pi == c->type_prof[0])
			memcpy(m->dist_m, dist, sizeof *dist * cells);
		for (int t = 0; t < c->ntypes; t++) {
			if (c->type_prof[t] != pi)
				continue;
			memcpy(m->time_s[t], time, sizeof *time * cells);
			if (pi == c->type_prof[0])
				continue;
			m->dist_type[t] = malloc(sizeof *dist * (cells + 1));
			if (!m->dist_type[t]) {
				rc = cl_fail(err, CL_EINTERNAL, "out of memory for a matrix");
				goto cleanup;
			}
			memcpy(m->dist_type[t], dist, sizeof *dist * cells);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cl_info("road matrix: %d sites, %d vehicle profile(s), %d thread(s): %.2f s",
		c->nsites, c->nprof, c->threads < 1 ? 1 : c->threads,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	*out = m;
	m = NULL;
cleanup:
	free(dist);
	free(time);
	cl_matrix_destroy(m);
	return rc;
}

/* ---------------------------------------------------------------- shapes, notes */

static int roads_leg_shape(void *p, const struct cl_instance *inst, int type,
			   int a, int b, double **lonlat, int *npts,
			   struct cl_error *err)
{
	struct roads_ctx *c = p;
	struct profile *pr;

	*lonlat = NULL;
	*npts = 0;
	if (inst->nsites != c->nsites || type < 0 || type >= c->ntypes || a < 0 ||
	    b < 0 || a >= c->nsites || b >= c->nsites)
		return cl_fail(err, CL_EINTERNAL, "leg shape: bad arguments");
	pr = &c->prof[c->type_prof[type]];
	return cl_paths_shape(pr->paths, pr->ws, a, b, lonlat, npts, err);
}

/* The snap leg of site for type (router.h); type -1: any road class. */
static double roads_snap_m(void *p, int type, int site)
{
	const struct roads_ctx *c = p;

	if (site < 0 || site >= c->nsites || type >= c->ntypes)
		return NAN;
	if (type < 0)
		return c->snap_m[site];
	return c->prof[c->type_prof[type]].dist[site];
}

/* Why the snap bound keeps types from site, per type (router.h). */
static int note(struct roads_ctx *c, const struct cl_instance *inst, int site,
		char *buf, size_t size)
{
	for (int t = 0; t < c->ntypes; t++) {
		const struct profile *pr = &c->prof[c->type_prof[t]];
		c->site_m[t] = site > 0 ? pr->dist[site] : NAN;
		c->depot_m[t] = pr->dist[0];
	}
	return cl_snap_note(inst, c->site_m, c->depot_m, c->snap_max_m, buf, size);
}

static int roads_site_note(void *p, const struct cl_instance *inst, int site,
			   char *buf, size_t size)
{
	struct roads_ctx *c = p;

	if (site < 0 || site >= c->nsites || inst->nsites != c->nsites)
		return 0;
	return note(c, inst, site, buf, size);
}

/* ---------------------------------------------------------------- setup */

/* Continue the hash h (util/hash.h) over the bytes of file base.ext (or
 * .EXT); h is unchanged when the file cannot be opened. Read in chunks: a
 * road file can be larger than memory allows to hold twice. */
static void hash_file(const char *base, const char *ext, const char *EXT, uint64_t *h)
{
	char path[4096];
	unsigned char buf[65536];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof path, "%s.%s", base, ext);
	fp = fopen(path, "rb");
	if (!fp) {
		snprintf(path, sizeof path, "%s.%s", base, EXT);
		fp = fopen(path, "rb");
	}
	if (!fp)
		return;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		*h = cl_hash_bytes(*h, buf, n);
	fclose(fp);
}

static void make_key(struct roads_ctx *c, const struct cl_roads_opts *o)
{
	char base[4096];
	size_t n;
	uint64_t h = CL_HASH_INIT;

	snprintf(base, sizeof base, "%s", o->path);
	n = strlen(base);
	if (n >= 4 && base[n - 4] == '.' && (strcmp(base + n - 3, "shp") == 0 ||
					     strcmp(base + n - 3, "SHP") == 0))
		base[n - 4] = '\0';
	hash_file(base, "shp", "SHP", &h);
	hash_file(base, "dbf", "DBF", &h);
	snprintf(c->key, sizeof c->key, "roads:%016llx:highway=%s,oneway=%s,maxspeed=%s,name=%s,"
		 "access=%s,motor_vehicle=%s,other_tags=%s,snap_max=%.3f",
		 (unsigned long long)h, o->f_highway ? o->f_highway : "highway|fclass",
		 o->f_oneway ? o->f_oneway : "oneway",
		 o->f_maxspeed ? o->f_maxspeed : "maxspeed", o->f_name ? o->f_name : "name",
		 o->f_access ? o->f_access : "access",
		 o->f_motor_vehicle ? o->f_motor_vehicle : "motor_vehicle",
		 o->f_other_tags ? o->f_other_tags : "other_tags", o->snap_max_m);
}

/*
 * Warn about sites far from the roads, one line per site: beyond the snap
 * bound for some vehicle types (they cannot serve it; the depot: they
 * cannot leave it), or farther than --snap-warn from the nearest road of
 * any class. At most MAX_WARN lines, then a count.
 */
#define MAX_WARN 20

static void warn_far(struct roads_ctx *c, const struct cl_instance *inst,
		     const struct cl_roads_opts *o)
{
	char label[CL_LABEL_MAX], text[512];
	int shown = 0, more = 0;

	for (int i = 0; i < c->nsites; i++) {
		const struct cl_site *s = &inst->sites[i];
		int bound;

		for (int t = 0; t < c->ntypes; t++) {
			const double *d = c->prof[c->type_prof[t]].dist;
			/* a type that cannot leave the depot is warned about once */
			c->site_m[t] = i == 0 || d[0] <= c->snap_max_m ? d[i] : NAN;
			c->depot_m[t] = NAN;
		}
		bound = cl_snap_note(inst, c->site_m, c->depot_m, c->snap_max_m, text,
				     sizeof text);
		if (!bound && !(c->snap_m[i] > o->snap_warn_m))
			continue;
		if (shown == MAX_WARN) {
			more++;
			continue;
		}
		shown++;
		cl_site_label(s, label, sizeof label);
		if (bound)
			cl_warn("%s: %s %s: %s; %s", o->path, i == 0 ? "depot" : "village",
				label, text, i == 0 ? "those vehicles cannot leave the depot"
						    : "those vehicles cannot serve it");
		else
			cl_warn("%s: %s %s is %.0f m from the nearest drivable road "
				"(--snap-warn %.0f m)", o->path, i == 0 ? "depot" : "village",
				label, c->snap_m[i], o->snap_warn_m);
	}
	if (more)
		cl_warn("%s: %d more sites far from the roads (see snap_m in stops.geojson "
			"and the reasons in summary.json)", o->path, more);
}

/* Profiles: the distinct (top speed, avoided classes) of the types.
 * CL_OK or CL_EINTERNAL (out of memory). */
static int make_profiles(struct roads_ctx *c, const struct cl_instance *inst,
			 struct cl_error *err)
{
	c->prof = calloc((size_t)c->ntypes + 1, sizeof *c->prof);
	c->type_prof = calloc((size_t)c->ntypes + 1, sizeof *c->type_prof);
	if (!c->prof || !c->type_prof)
		return cl_oom(err, "for the road profiles");
	for (int t = 0; t < c->ntypes; t++) {
		const struct cl_vtype *vt = &inst->types[t];
		int k;

		for (k = 0; k < c->nprof; k++)
			if (c->prof[k].kmh == vt->speed_kmh && c->prof[k].avoid == vt->avoid_roads)
				break;
		if (k == c->nprof) {
			struct profile *pr = &c->prof[c->nprof++];
			pr->kmh = vt->speed_kmh;
			pr->avoid = vt->avoid_roads;
			pr->snaps = malloc(sizeof *pr->snaps * ((size_t)c->nsites + 1));
			pr->dist = malloc(sizeof *pr->dist * ((size_t)c->nsites + 1));
			if (!pr->snaps || !pr->dist)
				return cl_oom(err, "for the road profiles");
			for (int i = 0; i < c->nsites; i++) {
				struct cl_snap *sn = &pr->snaps[i];
				cl_snap_point(c->grid, inst->sites[i].lon, inst->sites[i].lat,
					      pr->avoid, sn);
				pr->dist[i] = sn->edge < 0 ? INFINITY : sn->dist_m;
				/* beyond the bound: this profile does not reach it */
				if (sn->edge >= 0 && sn->dist_m > c->snap_max_m)
					sn->edge = -1;
			}
			pr->paths = cl_paths_create(c->rn, pr->kmh, pr->avoid, inst->sites,
						    pr->snaps, c->nsites);
			pr->ws = pr->paths ? cl_pathws_create(pr->paths) : NULL;
			if (!pr->ws)
				return cl_oom(err, "for the road profiles");
		}
		c->type_prof[t] = k;
	}
	return CL_OK;
}

/* Every edge of the graph, as drawn in map.html (router.h, network). */
static int roads_network(void *p,
			 int (*fn)(void *user, const double *lonlat, int npts, int cls,
				   struct cl_error *err),
			 void *user, struct cl_error *err)
{
	const struct cl_roadnet *rn = ((struct roads_ctx *)p)->rn;
	double *xy = NULL;
	int cap = 0, rc = CL_OK;

	for (int e = 0; e < rn->nedges && rc == CL_OK; e++) {
		const struct cl_roadedge *ed = &rn->edges[e];

		if (ed->nv > cap) {
			double *grown = realloc(xy, sizeof *xy * 2 * (size_t)ed->nv);

			if (!grown) {
				rc = cl_oom(err, "drawing the road network");
				break;
			}
			xy = grown;
			cap = ed->nv;
		}
		for (int i = 0; i < ed->nv; i++) {
			int v = rn->vert[ed->v0 + i];

			xy[2 * i] = rn->lon[v];
			xy[2 * i + 1] = rn->lat[v];
		}
		rc = fn(user, xy, ed->nv, rn->ways[ed->way].cls, err);
	}
	free(xy);
	return rc;
}

int cl_router_roads(const struct cl_roads_opts *o,
		    const struct cl_instance *inst, struct cl_router *out,
		    struct cl_error *err)
{
	struct roads_ctx *c = calloc(1, sizeof *c);
	int rc;

	if (!c)
		return cl_oom(err, "for the road router");
	c->sites = inst->sites;
	c->nsites = inst->nsites;
	c->ntypes = inst->ntypes;
	c->threads = o->threads;
	c->snap_max_m = o->snap_max_m;
	if (inst->planar) {
		rc = cl_fail(err, CL_EINPUT, "%s: road networks need longitude/latitude "
			     "sites, not a benchmark file", o->path);
		goto fail;
	}
	rc = cl_roadnet_read(o, &c->rn, err);
	if (rc)
		goto fail;
	c->grid = cl_snapgrid_create(c->rn);
	c->snap_m = malloc(sizeof *c->snap_m * ((size_t)c->nsites + 1));
	c->site_m = malloc(sizeof *c->site_m * ((size_t)c->ntypes + 1));
	c->depot_m = malloc(sizeof *c->depot_m * ((size_t)c->ntypes + 1));
	if (!c->grid || !c->snap_m || !c->site_m || !c->depot_m)
		goto nomem;
	for (int i = 0; i < c->nsites; i++) {
		struct cl_snap s;
		cl_snap_point(c->grid, inst->sites[i].lon, inst->sites[i].lat, 0, &s);
		c->snap_m[i] = s.dist_m;
	}
	rc = make_profiles(c, inst, err);
	if (rc)
		goto fail;
	warn_far(c, inst, o);
	make_key(c, o);
	memset(out, 0, sizeof *out);
	out->name = "roads";
	out->ctx = c;
	out->source_key = c->key;
	out->matrix = roads_matrix;
	out->leg_shape = roads_leg_shape;
	out->snap_m = roads_snap_m;
	out->site_note = roads_site_note;
	out->network = roads_network;
	out->destroy = roads_destroy;
	return CL_OK;
nomem:
	rc = cl_oom(err, "reading %s", o->path);
fail:
	roads_destroy(c);
	return rc;
}
