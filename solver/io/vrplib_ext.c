/*
 * io/vrplib_ext.c -- the benchmark readers of the rural-fleet variants
 * (io/vrplib.h): simultaneous pickup and delivery, heterogeneous fleets,
 * multi-trip with release dates. Every file is read whole and walked line
 * by line (io/benchio.h), so that every message says "PATH: line N: ...".
 *
 * Formats and conventions (../shared/benchmarks/<set>/SOURCES.md):
 *
 *   LKH-3 VRPSPD (.vrpspd; Dethloff, Montane & Galvao): TSPLIB keywords,
 *     EDGE_WEIGHT_TYPE EXPLICIT (FULL_MATRIX) or EXACT_2D with SCALE
 *     (arc = floor(SCALE x euclid + 0.5), LKH-3's rounding) or EUC_2D;
 *     PICKUP_AND_DELIVERY_SECTION "node demand(ignored) earliest latest
 *     service PICKUP DELIVERY". The time fields are dummies in both sets
 *     (0 to 10000000, service 0); other values are refused. Costs print
 *     divided by SCALE, or by 10^4 for an EXPLICIT matrix without SCALE
 *     (Dethloff's distances as LKH-3 converted them: real x 10^4). The
 *     fleet is unlimited (the literature's rule; VEHICLES is the route
 *     count of LKH-3's tour) and DISTANCE, when > 0, limits a route.
 *
 *   Lacomme & Prins heterogeneous fleet (.txt, "//" comment lines; Golden
 *     et al. 1984 FSM-F/D/FD, Taillard 1999 HVRP): "N T range service LB
 *     BKS", T lines "number capacity fixed_cost cost_per_distance", the
 *     depot "x y", N lines "x y demand". Real distances, stored as
 *     round(10^4 d) (at 1/1000 the rounding of ~100 arcs moved a printed
 *     cost by up to 0.02 from the exact one); the objective is the cost
 *     (fixed + per distance).
 *     A range of 999999 or more means none.
 *
 *   PyVRP's VRPLIB dialect (.vrp with TYPE HFVRP or MTVRPTWR):
 *     HFVRP (Pessoa et al. 2018): one CAPACITY_SECTION,
 *       VEHICLES_FIXED_COST_SECTION and VEHICLES_UNIT_DISTANCE_COST_SECTION
 *       row per vehicle (costs x 100; unit cost 100 when absent); exact
 *       Euclidean distances, stored as round(10^4 d) as for the Lacomme
 *       files; cost = sum(fixed + unit x length) / 100. Consecutive
 *       vehicles with the same figures form one vehicle type.
 *     MTVRPTWR (Yang): CAPACITY, SERVICE_TIME, TIME_WINDOW_SECTION (the
 *       depot's row is the horizon), RELEASE_TIME_SECTION,
 *       VEHICLES_RELOAD_DEPOT_SECTION; DIMACS distances and times
 *       truncated to 0.1 (stored x 10); a vehicle that may reload at the
 *       depot makes up to CL_MAX_TRIPS trips, reloading instantly; a trip
 *       leaves at or after the release of every client on it.
 *
 * EXPORTED FUNCTIONS: cl_vrpspd_read, cl_lacomme_read, cl_pyvrp_read.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/benchio.h"
#include "io/vrplib.h"

#define MAX_KV 32
#define MAX_SEC 16
#define KEY_LEN 48
#define MAX_ROW_TOK 100000   /* numbers on one line (explicit matrices) */
/* Matrix units per distance unit of the heterogeneous-fleet sets (real
 * distances, costs in money): 1/10^4, so that the rounding of a plan's
 * arcs moves its cost by well under 0.01 */
#define MONEY_SCALE 10000.0

/* ------------------------------------------------------------------ */
/* A keyword-and-sections document (TSPLIB, LKH-3, PyVRP dialects).     */

struct row {
	int line;        /* where it was read */
	long off;        /* first number in doc.num */
	int ntok;
};

struct sec {
	char name[KEY_LEN];
	int line;        /* the NAME_SECTION line */
	int first;       /* first row in doc.rows */
	int nrows;
};

struct kv {
	char key[KEY_LEN];
	char val[128];
	int line;
};

struct doc {
	struct cl_text t;
	struct kv kv[MAX_KV];
	int nkv;
	struct sec sec[MAX_SEC];
	int nsec;
	struct row *rows;
	int nrows, rcap;
	double *num;
	long nnum, ncap;
	int last_line;   /* the last line read (for "missing" messages) */
};

static void doc_free(struct doc *d)
{
	cl_text_free(&d->t);
	free(d->rows);
	free(d->num);
}

static int doc_oom(struct doc *d, struct cl_error *err)
{
	return cl_oom(err, "reading %s", d->t.path);
}

/* A keyword line: "KEY : VALUE", "KEY: VALUE" or "NAME_SECTION [:]". */
static int doc_keyword(struct doc *d, char *line, int *cur, struct cl_error *err)
{
	char *k = line, *v;
	size_t n = 0;

	while (k[n] && (isalnum((unsigned char)k[n]) || k[n] == '_'))
		n++;
	if (n == 0 || n >= KEY_LEN)
		return cl_fail(err, CL_EINPUT, "%s: line %d: \"%.40s\" is not a keyword",
			       d->t.path, d->t.line, line);
	v = k + n;
	while (isspace((unsigned char)*v))
		v++;
	if (*v == ':')
		v++;
	while (isspace((unsigned char)*v))
		v++;
	if (n > 8 && !strncmp(k + n - 8, "_SECTION", 8)) {
		struct sec *s;
		if (*v)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: %.*s: the section's data start on the next line",
				       d->t.path, d->t.line, (int)n, k);
		for (int i = 0; i < d->nsec; i++)
			if (strlen(d->sec[i].name) == n && !strncmp(d->sec[i].name, k, n))
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: %s given twice (first on line %d)",
					       d->t.path, d->t.line, d->sec[i].name,
					       d->sec[i].line);
		if (d->nsec == MAX_SEC)
			return cl_fail(err, CL_EINPUT, "%s: line %d: more than %d sections",
				       d->t.path, d->t.line, MAX_SEC);
		s = &d->sec[d->nsec];
		memcpy(s->name, k, n);
		s->name[n] = '\0';
		s->line = d->t.line;
		s->first = d->nrows;
		s->nrows = 0;
		*cur = d->nsec++;
		return CL_OK;
	}
	*cur = -1;
	for (int i = 0; i < d->nkv; i++)
		if (strlen(d->kv[i].key) == n && !strncmp(d->kv[i].key, k, n))
			return cl_fail(err, CL_EINPUT, "%s: line %d: %s given twice (first on line %d)",
				       d->t.path, d->t.line, d->kv[i].key, d->kv[i].line);
	if (d->nkv == MAX_KV)
		return cl_fail(err, CL_EINPUT, "%s: line %d: more than %d keywords",
			       d->t.path, d->t.line, MAX_KV);
	memcpy(d->kv[d->nkv].key, k, n);
	d->kv[d->nkv].key[n] = '\0';
	snprintf(d->kv[d->nkv].val, sizeof d->kv[d->nkv].val, "%s", v);
	d->kv[d->nkv].line = d->t.line;
	d->nkv++;
	return CL_OK;
}

/* A data line of section cur: numbers only. */
static int doc_data(struct doc *d, char *line, int cur, struct cl_error *err)
{
	struct row *r;
	char *p = line;
	int ntok = 0;

	if (cur < 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: \"%.40s\" is outside any section",
			       d->t.path, d->t.line, line);
	if (d->nrows == d->rcap) {
		int ncap = d->rcap ? 2 * d->rcap : 1024;
		struct row *nr = realloc(d->rows, sizeof *nr * (size_t)ncap);
		if (!nr)
			return doc_oom(d, err);
		d->rows = nr;
		d->rcap = ncap;
	}
	r = &d->rows[d->nrows];
	r->line = d->t.line;
	r->off = d->nnum;
	for (;;) {
		char *tok;
		double x;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (++ntok > MAX_ROW_TOK)
			return cl_fail(err, CL_EINPUT, "%s: line %d: more than %d numbers",
				       d->t.path, d->t.line, MAX_ROW_TOK);
		if (cl_text_double(&d->t, tok, d->sec[cur].name, &x, err) != CL_OK)
			return CL_EINPUT;
		if (d->nnum == d->ncap) {
			long ncap = d->ncap ? 2 * d->ncap : 4096;
			double *nn = realloc(d->num, sizeof *nn * (size_t)ncap);
			if (!nn)
				return doc_oom(d, err);
			d->num = nn;
			d->ncap = ncap;
		}
		d->num[d->nnum++] = x;
	}
	r->ntok = ntok;
	d->nrows++;
	d->sec[cur].nrows++;
	return CL_OK;
}

/* Read path as keywords and sections, up to EOF or the end. */
static int doc_read(struct doc *d, const char *path, struct cl_error *err)
{
	int rc, cur = -1;
	char *line;

	memset(d, 0, sizeof *d);
	rc = cl_text_load(&d->t, path, err);
	if (rc != CL_OK)
		return rc;
	while ((line = cl_text_next(&d->t)) != NULL) {
		d->last_line = d->t.line;
		if (!*line)
			continue;
		if (!strcmp(line, "EOF"))
			break;
		if (isalpha((unsigned char)*line))
			rc = doc_keyword(d, line, &cur, err);
		else
			rc = doc_data(d, line, cur, err);
		if (rc != CL_OK)
			return rc;
	}
	return CL_OK;
}

static const struct kv *doc_kv(const struct doc *d, const char *key)
{
	for (int i = 0; i < d->nkv; i++)
		if (!strcmp(d->kv[i].key, key))
			return &d->kv[i];
	return NULL;
}

static const struct sec *doc_sec(const struct doc *d, const char *name)
{
	for (int i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, name))
			return &d->sec[i];
	return NULL;
}

/*
 * Keyword key as a number in [lo, hi] (integer when integral); *out =
 * dflt when the keyword is absent and not required.
 */
static int doc_number(const struct doc *d, const char *key, int required,
		      double dflt, double lo, double hi, int integral, double *out,
		      struct cl_error *err)
{
	const struct kv *kv = doc_kv(d, key);
	char *end;
	double x;

	if (!kv) {
		if (required)
			return cl_fail(err, CL_EINPUT, "%s: line %d: no %s keyword",
				       d->t.path, d->last_line, key);
		*out = dflt;
		return CL_OK;
	}
	x = strtod(kv->val, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == kv->val || *end || !isfinite(x))
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s \"%s\" is not a number",
			       d->t.path, kv->line, key, kv->val);
	if (integral && x != floor(x))
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s %s is not an integer",
			       d->t.path, kv->line, key, kv->val);
	if (x < lo || x > hi)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s %g out of range (%g to %g)",
			       d->t.path, kv->line, key, x, lo, hi);
	*out = x;
	return CL_OK;
}

/*
 * The rows of section `name` as one row per node 1..dim, each with ncols
 * numbers (the node first): vals[(node - 1) * (ncols - 1) + k] is the
 * row's number k + 1. Every node once. An absent section is an error when
 * required, else *present = 0.
 */
static int doc_rows(const struct doc *d, const char *name, const char *noun,
		    int ncols, long dim, int required, double *vals, int *present,
		    struct cl_error *err)
{
	const struct sec *s = doc_sec(d, name);
	unsigned char *seen = NULL;
	int rc = CL_OK;

	if (present)
		*present = s != NULL;
	if (!s) {
		if (required)
			return cl_fail(err, CL_EINPUT, "%s: line %d: no %s",
				       d->t.path, d->last_line, name);
		return CL_OK;
	}
	seen = calloc((size_t)dim, 1);
	if (!seen)
		return cl_oom(err, "reading %s", d->t.path);
	for (int i = 0; i < s->nrows; i++) {
		const struct row *r = &d->rows[s->first + i];
		const double *x = d->num + r->off;
		if (r->ntok != ncols) {
			rc = cl_fail(err, CL_EINPUT, "%s: line %d: %s: expected %d numbers, found %d",
				     d->t.path, r->line, name, ncols, r->ntok);
			goto cleanup;
		}
		if (x[0] != floor(x[0]) || x[0] < 1 || x[0] > (double)dim) {
			rc = cl_fail(err, CL_EINPUT, "%s: line %d: %s: %s %g is not in 1..%ld",
				     d->t.path, r->line, name, noun, x[0], dim);
			goto cleanup;
		}
		long k = (long)x[0] - 1;
		if (seen[k]) {
			rc = cl_fail(err, CL_EINPUT, "%s: line %d: %s: %s %ld given twice",
				     d->t.path, r->line, name, noun, k + 1);
			goto cleanup;
		}
		seen[k] = 1;
		for (int c = 1; c < ncols; c++)
			vals[k * (ncols - 1) + c - 1] = x[c];
	}
	for (long k = 0; k < dim; k++) {
		if (!seen[k]) {
			rc = cl_fail(err, CL_EINPUT, "%s: line %d: %s: no row for %s %ld",
				     d->t.path, s->line + s->nrows, name, noun, k + 1);
			goto cleanup;
		}
	}
cleanup:
	free(seen);
	return rc;
}

static int doc_nodes(const struct doc *d, const char *name, int ncols, long dim,
		     int required, double *vals, int *present, struct cl_error *err)
{
	return doc_rows(d, name, "node", ncols, dim, required, vals, present, err);
}

/* DEPOT_SECTION: one node, then -1. */
static int doc_depot(const struct doc *d, long dim, long *depot, struct cl_error *err)
{
	const struct sec *s = doc_sec(d, "DEPOT_SECTION");
	int n = 0;

	if (!s)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no DEPOT_SECTION",
			       d->t.path, d->last_line);
	*depot = 0;
	for (int i = 0; i < s->nrows; i++) {
		const struct row *r = &d->rows[s->first + i];
		for (int k = 0; k < r->ntok; k++) {
			double x = d->num[r->off + k];
			if (x == -1)
				return n == 1 ? CL_OK :
				       cl_fail(err, CL_EINPUT, "%s: line %d: DEPOT_SECTION: no depot before -1",
					       d->t.path, r->line);
			if (n == 1)
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: DEPOT_SECTION: one depot only (found a second, %g)",
					       d->t.path, r->line, x);
			if (x != floor(x) || x < 1 || x > (double)dim)
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: DEPOT_SECTION: node %g is not in 1..%ld",
					       d->t.path, r->line, x, dim);
			*depot = (long)x;
			n++;
		}
	}
	if (n == 1)
		return CL_OK;   /* a missing -1 is tolerated */
	return cl_fail(err, CL_EINPUT, "%s: line %d: DEPOT_SECTION: no depot",
		       d->t.path, s->line);
}

/* ------------------------------------------------------------------ */
/* Building the instance                                                */

/* The pieces a reader fills before assemble(). */
struct build {
	long dim;            /* nodes in the file */
	long depot;          /* its node number */
	double *x, *y;       /* per node (file order) */
	long *demand, *pickup;
	double *service;     /* scaled time units, per node */
	double *ready, *due, *release;  /* scaled, per node; NULL = none */
	int ntypes;
	struct cl_vtype *types;   /* ntypes (owned until assembled) */
};

static void build_free(struct build *b)
{
	free(b->x);
	free(b->y);
	free(b->demand);
	free(b->pickup);
	free(b->service);
	free(b->ready);
	free(b->due);
	free(b->release);
	cl_vtypes_free(b->types, b->ntypes);
	memset(b, 0, sizeof *b);
}

static int build_alloc(struct build *b, long dim, int windows)
{
	b->dim = dim;
	b->x = calloc((size_t)dim, sizeof *b->x);
	b->y = calloc((size_t)dim, sizeof *b->y);
	b->demand = calloc((size_t)dim, sizeof *b->demand);
	b->pickup = calloc((size_t)dim, sizeof *b->pickup);
	b->service = calloc((size_t)dim, sizeof *b->service);
	if (windows) {
		b->ready = calloc((size_t)dim, sizeof *b->ready);
		b->due = calloc((size_t)dim, sizeof *b->due);
		b->release = calloc((size_t)dim, sizeof *b->release);
	}
	return b->x && b->y && b->demand && b->pickup && b->service &&
	       (!windows || (b->ready && b->due && b->release));
}

/* Arc length a -> b (nodes, 0-based) under a distance rule. */
enum rule { R_ROUND_SCALED, R_NINT, R_TRUNC10 };

static double arc(const struct build *b, long i, long j, enum rule rule, double scale)
{
	double dx = b->x[i] - b->x[j], dy = b->y[i] - b->y[j];
	switch (rule) {
	case R_NINT:
		return floor(hypot(dx, dy) + 0.5);
	case R_TRUNC10:
		/* exact for integer coordinates: sqrt is correctly rounded */
		return floor(sqrt(100.0 * (dx * dx + dy * dy)) + 1e-9);
	default:
		return floor(scale * hypot(dx, dy) + 0.5);
	}
}

/*
 * The instance and matrix from b (types taken over): site 0 is the depot,
 * the other nodes in file order. weights, when not NULL, is the explicit
 * dim x dim matrix (file order); otherwise arcs follow rule.
 */
static int assemble(const struct doc *d, const char *path, struct build *b,
		    const double *weights, enum rule rule, double scale,
		    struct cl_instance **inst, struct cl_matrix **m,
		    struct cl_error *err)
{
	int n = (int)b->dim, rc;
	long *node_of = NULL;
	struct cl_site *sites = NULL;
	struct cl_matrix *mat = NULL;
	int line = d ? d->last_line : 0;

	node_of = malloc(sizeof *node_of * (size_t)n);
	sites = calloc((size_t)n, sizeof *sites);
	mat = cl_matrix_create(n, b->ntypes);
	if (!node_of || !sites || !mat)
		goto nomem;
	node_of[0] = b->depot - 1;
	for (long i = 0, k = 1; i < b->dim; i++)
		if (i != b->depot - 1)
			node_of[k++] = i;
	for (int s = 0; s < n; s++) {
		long i = node_of[s];
		if (cl_bench_site(&sites[s], i + 1, (int)i, b->x[i], b->y[i]) != CL_OK)
			goto nomem;
		sites[s].demand = (int)b->demand[i];
		sites[s].pickup = (int)b->pickup[i];
		sites[s].service_s = s > 0 ? (int)llround(b->service[i]) : 0;
		if (b->ready) {
			sites[s].tw_start_s = (int)llround(b->ready[i]);
			sites[s].tw_end_s = (int)llround(b->due[i]);
			sites[s].release_s = s > 0 ? (int)llround(b->release[i]) : 0;
		}
	}
	for (int a = 0; a < n; a++) {
		for (int c = 0; c < n; c++) {
			long i = node_of[a], j = node_of[c];
			double w;
			if (a == c)
				continue;
			w = weights ? weights[i * b->dim + j] : arc(b, i, j, rule, scale);
			if (w > CL_BENCH_MAX_ARC) {
				rc = cl_fail(err, CL_EINPUT,
					     "%s: line %d: the distance from node %ld to node %ld (%g) is too large",
					     path, line, i + 1, j + 1, w);
				goto cleanup;
			}
			mat->dist_m[(long)a * n + c] = (int32_t)w;
		}
	}
	for (int t = 0; t < b->ntypes; t++)
		memcpy(mat->time_s[t], mat->dist_m, sizeof(int32_t) * (size_t)n * (size_t)n);
	rc = cl_bench_assemble(path, sites, n, b->types, b->ntypes, inst, err);
	sites = NULL;
	b->types = NULL;
	b->ntypes = 0;
	if (rc != CL_OK)
		goto cleanup;
	*m = mat;
	mat = NULL;
	goto cleanup;
nomem:
	rc = cl_oom(err, "reading %s", path);
cleanup:
	cl_sites_free(sites, n);
	cl_matrix_destroy(mat);
	free(node_of);
	return rc;
}

/* Add a vehicle type (name "type<k>") to b. */
static int add_type(struct build *b, int count, long cap, int shift_start,
		    int shift_end, double max_dist, double fixed, double per_km)
{
	char name[32];
	struct cl_vtype *vt, *grown;

	snprintf(name, sizeof name, "type%d", b->ntypes + 1);
	vt = cl_bench_vtype(name, count, (int)cap, shift_start, shift_end, 0, fixed, per_km);
	if (!vt)
		return CL_EINTERNAL;
	vt->max_dist_m = max_dist;
	grown = realloc(b->types, sizeof *grown * (size_t)(b->ntypes + 1));
	if (!grown) {
		cl_vtypes_free(vt, 1);
		return CL_EINTERNAL;
	}
	b->types = grown;
	b->types[b->ntypes++] = *vt;
	free(vt);
	return CL_OK;
}

/* A load field: a non-negative integer that fits an int. */
static int load_value(const char *path, int line, const char *what, long node,
		      double x, long *out, struct cl_error *err)
{
	if (x < 0 || x != floor(x) || x > 1e9)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: node %ld: %s %g must be a non-negative integer (at most 10^9)",
			       path, line, node, what, x);
	*out = (long)x;
	return CL_OK;
}

/* The line of node k's row in section name (for messages), or the
 * section's line. */
static int node_line(const struct doc *d, const char *name, long k)
{
	const struct sec *s = doc_sec(d, name);
	if (!s)
		return d->last_line;
	for (int i = 0; i < s->nrows; i++) {
		const struct row *r = &d->rows[s->first + i];
		if (r->ntok > 0 && (long)d->num[r->off] == k + 1)
			return r->line;
	}
	return s->line;
}

static void info_name(const struct doc *d, const char *path, struct cl_bench_info *info)
{
	const struct kv *kv = d ? doc_kv(d, "NAME") : NULL;
	if (kv && kv->val[0])
		snprintf(info->name, sizeof info->name, "%s", kv->val);
	else
		cl_bench_stem(path, info->name, sizeof info->name);
}

/* ------------------------------------------------------------------ */
/* LKH-3 VRPSPD                                                         */

/* The keywords of a VRPSPD file: DIMENSION, CAPACITY, DISTANCE (0 when
 * absent), SCALE (1 when absent) and EDGE_WEIGHT_TYPE (required). */
static int spd_header(const struct doc *d, double *dim, double *cap, double *dist_limit,
		      double *scale, const struct kv **ewt, struct cl_error *err)
{
	int rc;

	if ((rc = doc_number(d, "DIMENSION", 1, 0, 2, CL_BENCH_MAX_SITES, 1, dim, err)) ||
	    (rc = doc_number(d, "CAPACITY", 1, 0, 1, 1e9, 1, cap, err)) ||
	    (rc = doc_number(d, "DISTANCE", 0, 0, 0, 1e12, 0, dist_limit, err)) ||
	    (rc = doc_number(d, "SCALE", 0, 1, 1e-9, 1e9, 0, scale, err)))
		return rc;
	*ewt = doc_kv(d, "EDGE_WEIGHT_TYPE");
	if (!*ewt)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no EDGE_WEIGHT_TYPE", d->t.path,
			       d->last_line);
	return CL_OK;
}

/* The EDGE_WEIGHT_SECTION of an EXPLICIT FULL_MATRIX file: dim x dim
 * integer weights into *w (new; the caller frees it, also on failure). */
static int spd_explicit(const struct doc *d, const struct kv *ewt, long dim, double **w,
			struct cl_error *err)
{
	const struct kv *ewf = doc_kv(d, "EDGE_WEIGHT_FORMAT");
	const struct sec *s = doc_sec(d, "EDGE_WEIGHT_SECTION");
	const char *path = d->t.path;
	long need = dim * dim, have = 0, got = 0;

	if (!ewf || strcmp(ewf->val, "FULL_MATRIX"))
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: EDGE_WEIGHT_FORMAT \"%s\": only FULL_MATRIX is read for VRPSPD files",
			       path, ewf ? ewf->line : ewt->line, ewf ? ewf->val : "");
	if (!s)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no EDGE_WEIGHT_SECTION",
			       path, d->last_line);
	/* too few weights: said before the matrix is allocated (a large
	 * DIMENSION in a short file must not ask for gigabytes) */
	for (int i = 0; i < s->nrows; i++)
		have += d->rows[s->first + i].ntok;
	if (have < need)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: EDGE_WEIGHT_SECTION: %ld weights, a %ld x %ld matrix needs %ld",
			       path, s->line + s->nrows, have, dim, dim, need);
	*w = malloc(sizeof **w * (size_t)need);
	if (!*w)
		return cl_oom(err, "reading %s", path);
	for (int i = 0; i < s->nrows; i++) {
		const struct row *r = &d->rows[s->first + i];
		for (int k = 0; k < r->ntok; k++) {
			double x = d->num[r->off + k];
			if (got == need)
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: EDGE_WEIGHT_SECTION: more than %ld x %ld weights",
					       path, r->line, dim, dim);
			if (x < 0 || x > CL_BENCH_MAX_ARC || x != floor(x))
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: EDGE_WEIGHT_SECTION: weight %g must be an integer from 0 to %g",
					       path, r->line, x, CL_BENCH_MAX_ARC);
			(*w)[got++] = x;
		}
	}
	return CL_OK;   /* have >= need: every weight filled */
}

/* NODE_COORD_SECTION (node x y) into b->x and b->y; pd has room for two
 * numbers a node. */
static int doc_coords(const struct doc *d, struct build *b, double *pd, struct cl_error *err)
{
	int rc = doc_nodes(d, "NODE_COORD_SECTION", 3, b->dim, 1, pd, NULL, err);

	if (rc != CL_OK)
		return rc;
	for (long k = 0; k < b->dim; k++) {
		b->x[k] = pd[2 * k];
		b->y[k] = pd[2 * k + 1];
		if (fabs(b->x[k]) > 1e7 || fabs(b->y[k]) > 1e7)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: node %ld: coordinates out of range (+-10^7)",
				       d->t.path, node_line(d, "NODE_COORD_SECTION", k), k + 1);
	}
	return CL_OK;
}

/*
 * The distances of a VRPSPD file: an EXPLICIT matrix into *w, or
 * coordinates into b with their rounding *rule; info->dist_div the units
 * of a printed cost. Then SCALE, when given, must be a positive integer.
 */
static int spd_distances(const struct doc *d, const struct kv *ewt, struct build *b,
			 double *pd, double scale, double **w, enum rule *rule,
			 struct cl_bench_info *info, struct cl_error *err)
{
	const struct kv *sk = doc_kv(d, "SCALE");
	int rc;

	if (!strcmp(ewt->val, "EXPLICIT")) {
		if ((rc = spd_explicit(d, ewt, b->dim, w, err)) != CL_OK)
			return rc;
		/* Dethloff's distances as LKH-3 converted them: real x 10^4 */
		info->dist_div = sk ? (long)scale : 10000;
	} else if (!strcmp(ewt->val, "EXACT_2D") || !strcmp(ewt->val, "EUC_2D")) {
		if ((rc = doc_coords(d, b, pd, err)) != CL_OK)
			return rc;
		if (!strcmp(ewt->val, "EUC_2D") && !sk)
			*rule = R_NINT;
		info->dist_div = (long)scale;
	} else {
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: EDGE_WEIGHT_TYPE \"%s\": VRPSPD files are read with EXPLICIT, EXACT_2D or EUC_2D",
			       d->t.path, ewt->line, ewt->val);
	}
	if (sk && (scale != floor(scale) || scale < 1))
		return cl_fail(err, CL_EINPUT, "%s: line %d: SCALE %g must be a positive integer",
			       d->t.path, sk->line, scale);
	return CL_OK;
}

/* PICKUP_AND_DELIVERY_SECTION and DEPOT_SECTION: the loads of every node
 * into b (no time windows; none at the depot); pd has room for six
 * numbers a node. */
static int spd_loads(const struct doc *d, struct build *b, double *pd, struct cl_error *err)
{
	const char *path = d->t.path;
	int rc;

	rc = doc_nodes(d, "PICKUP_AND_DELIVERY_SECTION", 7, b->dim, 1, pd, NULL, err);
	if (rc != CL_OK)
		return rc;
	if ((rc = doc_depot(d, b->dim, &b->depot, err)) != CL_OK)
		return rc;
	for (long k = 0; k < b->dim; k++) {
		const double *r = pd + 6 * k;   /* demand earliest latest service pickup delivery */
		int line = node_line(d, "PICKUP_AND_DELIVERY_SECTION", k);
		if (r[1] != 0 || r[2] < 1e6 || r[3] != 0)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: node %ld: time window %g..%g, service %g: time windows "
				       "in VRPSPD files are not supported (the published sets have none)",
				       path, line, k + 1, r[1], r[2], r[3]);
		if ((rc = load_value(path, line, "PICKUP", k + 1, r[4], &b->pickup[k], err)) ||
		    (rc = load_value(path, line, "DELIVERY", k + 1, r[5], &b->demand[k], err)))
			return rc;
		if (k == b->depot - 1 && (b->pickup[k] || b->demand[k]))
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: the depot (node %ld) has a pickup or delivery",
				       path, line, k + 1);
	}
	return CL_OK;
}

int cl_vrpspd_read(const char *path, struct cl_instance **inst,
		   struct cl_matrix **m, struct cl_bench_info *info,
		   struct cl_error *err)
{
	struct doc d;
	struct build b;
	double dim, cap, dist_limit, scale, *pd = NULL, *w = NULL;
	const struct kv *ewt;
	enum rule rule = R_ROUND_SCALED;
	int rc;

	*inst = NULL;
	*m = NULL;
	memset(info, 0, sizeof *info);
	memset(&b, 0, sizeof b);
	rc = doc_read(&d, path, err);
	if (rc == CL_OK)
		rc = spd_header(&d, &dim, &cap, &dist_limit, &scale, &ewt, err);
	if (rc != CL_OK)
		goto cleanup;
	if (!build_alloc(&b, (long)dim, 0))
		goto nomem;
	pd = malloc(sizeof *pd * (size_t)b.dim * 6);
	if (!pd)
		goto nomem;
	if ((rc = spd_distances(&d, ewt, &b, pd, scale, &w, &rule, info, err)) ||
	    (rc = spd_loads(&d, &b, pd, err)))
		goto cleanup;
	if (add_type(&b, (int)b.dim - 1, (long)cap, 0, CL_BENCH_BIG_TIME,
		     dist_limit > 0 ? dist_limit : 0, 0.0, 1.0) != CL_OK)
		goto nomem;
	info_name(&d, path, info);
	info->decimals = 2;
	rc = assemble(&d, path, &b, w, rule, scale, inst, m, err);
	goto cleanup;
nomem:
	rc = cl_oom(err, "reading %s", path);
cleanup:
	free(pd);
	free(w);
	build_free(&b);
	doc_free(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Lacomme & Prins heterogeneous fleet (.txt)                           */

/* The next data line (comments "//" and blank lines skipped) split into
 * numbers; *n numbers in x (at most max). NULL line at the end. */
static int lp_next(struct cl_text *t, double *x, int max, int *n, int *end,
		   struct cl_error *err)
{
	char *line, *tok[16];
	int k;

	*end = 0;
	for (;;) {
		line = cl_text_next(t);
		if (!line) {
			*end = 1;
			return CL_OK;
		}
		if (*line && strncmp(line, "//", 2) != 0)
			break;
	}
	k = cl_text_split(line, tok, 16);
	if (k > max)
		return cl_fail(err, CL_EINPUT, "%s: line %d: expected %d numbers, found %d",
			       t->path, t->line, max, k);
	for (int i = 0; i < k; i++)
		if (cl_text_double(t, tok[i], "value", &x[i], err) != CL_OK)
			return CL_EINPUT;
	*n = k;
	return CL_OK;
}

/* lp_next expecting exactly want numbers, `what` naming the line. */
static int lp_line(struct cl_text *t, double *x, int want, const char *what,
		   struct cl_error *err)
{
	int n = 0, end, rc = lp_next(t, x, want, &n, &end, err);

	if (rc != CL_OK)
		return rc;
	if (end)
		return cl_fail(err, CL_EINPUT, "%s: line %d: the file ends before %s",
			       t->path, t->line, what);
	if (n != want)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s: expected %d numbers, found %d",
			       t->path, t->line, what, want, n);
	return CL_OK;
}

/* The header line "N T range service LB BKS" into h: 1 to
 * CL_BENCH_MAX_SITES - 1 customers, 1 to CL_BENCH_MAX_TYPES types. */
static int lp_header(struct cl_text *t, double h[6], struct cl_error *err)
{
	int rc;

	if ((rc = lp_line(t, h, 6, "the header (customers, vehicle types, range, "
			  "service time, LB, BKS)", err)) != CL_OK)
		return rc;
	if (h[0] != floor(h[0]) || h[0] < 1 || h[0] > CL_BENCH_MAX_SITES - 1 ||
	    h[1] != floor(h[1]) || h[1] < 1 || h[1] > CL_BENCH_MAX_TYPES)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: %g customers and %g vehicle types: expected 1 to %d and 1 to %d",
			       t->path, t->line, h[0], h[1], CL_BENCH_MAX_SITES - 1, CL_BENCH_MAX_TYPES);
	if (h[2] < 0 || h[3] < 0 || h[3] > 1e6)
		return cl_fail(err, CL_EINPUT, "%s: line %d: range %g and service time %g must be >= 0",
			       t->path, t->line, h[2], h[3]);
	return CL_OK;
}

/* The ntypes lines "number capacity fixed_cost cost_per_distance" into
 * b's vehicle types (range h[2]) and info->type_first. */
static int lp_types(struct cl_text *t, struct build *b, const double h[6], long ntypes,
		    struct cl_bench_info *info, struct cl_error *err)
{
	double x[4];
	char what[128];
	int rc, first = 1;

	for (long k = 0; k < ntypes; k++) {
		snprintf(what, sizeof what, "vehicle type %ld (number, capacity, fixed cost, cost per distance)",
			 k + 1);
		if ((rc = lp_line(t, x, 4, what, err)) != CL_OK)
			return rc;
		if (x[0] != floor(x[0]) || x[0] < 0 || x[0] > 100000 ||
		    x[1] != floor(x[1]) || x[1] < 1 || x[1] > 1e9 ||
		    x[2] < 0 || x[2] > 1e9 || x[3] < 0 || x[3] > 1e6)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: vehicle type %ld: number %g, capacity %g, fixed cost %g, "
				       "cost per distance %g out of range",
				       t->path, t->line, k + 1, x[0], x[1], x[2], x[3]);
		info->type_first[k] = first;
		first += (int)x[0];
		/* MONEY_SCALE matrix units per distance: cost_per_km (per 1000
		 * units) is the file's cost per distance x 1000 / MONEY_SCALE */
		if (add_type(b, (int)x[0], (long)x[1], 0, CL_BENCH_BIG_TIME,
			     h[2] > 0 && h[2] < 999999 ? h[2] * MONEY_SCALE : 0, x[2],
			     x[3] * 1000.0 / MONEY_SCALE) != CL_OK)
			return cl_oom(err, "reading %s", t->path);
	}
	return CL_OK;
}

/* The depot line "x y" and the ncust customer lines "x y demand" into b
 * (node 1 the depot; service time h[3]), then the end of the file. */
static int lp_nodes(struct cl_text *t, struct build *b, const double h[6], long ncust,
		    struct cl_error *err)
{
	double x[4];
	char what[128];
	int rc, n, end;

	if ((rc = lp_line(t, x, 2, "the depot (x, y)", err)) != CL_OK)
		return rc;
	if (fabs(x[0]) > 1e7 || fabs(x[1]) > 1e7)
		return cl_fail(err, CL_EINPUT, "%s: line %d: the depot's coordinates out of range (+-10^7)",
			       t->path, t->line);
	b->x[0] = x[0];
	b->y[0] = x[1];
	for (long k = 1; k <= ncust; k++) {
		snprintf(what, sizeof what, "customer %ld (x, y, demand)", k);
		if ((rc = lp_line(t, x, 3, what, err)) != CL_OK)
			return rc;
		if ((rc = load_value(t->path, t->line, "demand", k, x[2], &b->demand[k], err)))
			return rc;
		if (fabs(x[0]) > 1e7 || fabs(x[1]) > 1e7)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: customer %ld: coordinates out of range (+-10^7)",
				       t->path, t->line, k);
		b->x[k] = x[0];
		b->y[k] = x[1];
		b->service[k] = h[3] * MONEY_SCALE;
	}
	if ((rc = lp_next(t, x, 4, &n, &end, err)) != CL_OK)
		return rc;
	if (!end)
		return cl_fail(err, CL_EINPUT, "%s: line %d: more lines than the %ld customers announced",
			       t->path, t->line, ncust);
	b->depot = 1;
	return CL_OK;
}

int cl_lacomme_read(const char *path, struct cl_instance **inst,
		    struct cl_matrix **m, struct cl_bench_info *info,
		    struct cl_error *err)
{
	struct cl_text t;
	struct build b;
	double h[6];
	long ncust, ntypes;
	int rc;

	*inst = NULL;
	*m = NULL;
	memset(info, 0, sizeof *info);
	memset(&b, 0, sizeof b);
	rc = cl_text_load(&t, path, err);
	if (rc != CL_OK)
		return rc;
	if ((rc = lp_header(&t, h, err)) != CL_OK)
		goto cleanup;
	ncust = (long)h[0];
	ntypes = (long)h[1];
	if (!build_alloc(&b, ncust + 1, 0)) {
		rc = cl_oom(err, "reading %s", path);
		goto cleanup;
	}
	if ((rc = lp_types(&t, &b, h, ntypes, info, err)) ||
	    (rc = lp_nodes(&t, &b, h, ncust, err)))
		goto cleanup;
	cl_bench_stem(path, info->name, sizeof info->name);
	info->dist_div = (long)MONEY_SCALE;
	info->decimals = 2;
	info->money = 1;
	info->name_vehicles = 1;
	info->ntypes = (int)ntypes;
	rc = assemble(NULL, path, &b, NULL, R_ROUND_SCALED, MONEY_SCALE, inst, m, err);
cleanup:
	build_free(&b);
	cl_text_free(&t);
	return rc;
}

/* ------------------------------------------------------------------ */
/* PyVRP's VRPLIB dialect: HFVRP and MTVRPTWR                           */

/* Per-vehicle section name: one row per vehicle 1..k, 2 numbers. */
static int vehicle_values(const struct doc *d, const char *name, long k, double dflt,
			  double lo, double hi, double *out, struct cl_error *err)
{
	int present, rc;

	rc = doc_rows(d, name, "vehicle", 2, k, 0, out, &present, err);
	if (rc != CL_OK)
		return rc;
	for (long v = 0; v < k; v++) {
		if (!present) {
			out[v] = dflt;
			continue;
		}
		if (out[v] < lo || out[v] > hi)
			return cl_fail(err, CL_EINPUT, "%s: line %d: %s: vehicle %ld: %g out of range (%g to %g)",
				       d->t.path, node_line(d, name, v), name, v + 1, out[v], lo, hi);
	}
	return CL_OK;
}

/* TYPE (HFVRP or MTVRPTWR: *mt), EDGE_WEIGHT_TYPE (EUC_2D) and the
 * numbers DIMENSION, VEHICLES, CAPACITY (required without a
 * CAPACITY_SECTION) and SERVICE_TIME (0 when absent). */
static int py_header(const struct doc *d, int *mt, double *dim, double *nveh, double *cap,
		     double *service, struct cl_error *err)
{
	const struct kv *type = doc_kv(d, "TYPE"), *ewt;
	int rc, has_cap_sec;

	if (!type || (strcmp(type->val, "HFVRP") && strcmp(type->val, "MTVRPTWR")))
		return cl_fail(err, CL_EINPUT, "%s: line %d: TYPE \"%s\": expected HFVRP or MTVRPTWR",
			       d->t.path, type ? type->line : d->last_line, type ? type->val : "");
	*mt = !strcmp(type->val, "MTVRPTWR");
	ewt = doc_kv(d, "EDGE_WEIGHT_TYPE");
	if (!ewt || strcmp(ewt->val, "EUC_2D"))
		return cl_fail(err, CL_EINPUT, "%s: line %d: EDGE_WEIGHT_TYPE \"%s\": expected EUC_2D",
			       d->t.path, ewt ? ewt->line : d->last_line, ewt ? ewt->val : "");
	has_cap_sec = doc_sec(d, "CAPACITY_SECTION") != NULL;
	if ((rc = doc_number(d, "DIMENSION", 1, 0, 2, CL_BENCH_MAX_SITES, 1, dim, err)) ||
	    (rc = doc_number(d, "VEHICLES", 1, 0, 1, 100000, 1, nveh, err)) ||
	    (rc = doc_number(d, "CAPACITY", !has_cap_sec, 0, 1, 1e9, 1, cap, err)) ||
	    (rc = doc_number(d, "SERVICE_TIME", 0, 0, 0, 1e6, 0, service, err)))
		return rc;
	return CL_OK;
}

/* DEMAND_SECTION and DEPOT_SECTION into b (no demand at the depot); pd
 * has room for a number a node. */
static int py_demands(const struct doc *d, struct build *b, double *pd, struct cl_error *err)
{
	int rc;

	if ((rc = doc_nodes(d, "DEMAND_SECTION", 2, b->dim, 1, pd, NULL, err)) != CL_OK)
		return rc;
	for (long k = 0; k < b->dim; k++)
		if ((rc = load_value(d->t.path, node_line(d, "DEMAND_SECTION", k), "demand", k + 1,
				     pd[k], &b->demand[k], err)))
			return rc;
	if ((rc = doc_depot(d, b->dim, &b->depot, err)) != CL_OK)
		return rc;
	if (b->demand[b->depot - 1] != 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: the depot (node %ld) has a demand",
			       d->t.path, node_line(d, "DEMAND_SECTION", b->depot - 1), b->depot);
	return CL_OK;
}

/* The figures of each of n vehicles (per-vehicle sections or defaults). */
struct py_fleet {
	long n;
	double *cap, *fix, *unit, *reload;
};

/* The per-vehicle sections into f (CAPACITY cap by default): integer
 * capacities, reloads only at the depot and only in an MTVRPTWR file. */
static int py_vehicles(const struct doc *d, const struct build *b, int mt, double cap,
		       struct py_fleet *f, struct cl_error *err)
{
	const char *path = d->t.path;
	int rc, reload_any = 0;

	if ((rc = vehicle_values(d, "CAPACITY_SECTION", f->n, cap, 1, 1e9, f->cap, err)) ||
	    (rc = vehicle_values(d, "VEHICLES_FIXED_COST_SECTION", f->n, 0, 0, 1e12, f->fix, err)) ||
	    (rc = vehicle_values(d, "VEHICLES_UNIT_DISTANCE_COST_SECTION", f->n, 100, 0, 1e9,
				 f->unit, err)) ||
	    (rc = vehicle_values(d, "VEHICLES_RELOAD_DEPOT_SECTION", f->n, 0, 0, (double)b->dim,
				 f->reload, err)))
		return rc;
	for (long v = 0; v < f->n; v++) {
		if (f->cap[v] != floor(f->cap[v]))
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: CAPACITY_SECTION: vehicle %ld: %g is not an integer",
				       path, node_line(d, "CAPACITY_SECTION", v), v + 1, f->cap[v]);
		if (f->reload[v] != 0 && f->reload[v] != (double)b->depot)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: VEHICLES_RELOAD_DEPOT_SECTION: vehicle %ld reloads at node %g, "
				       "which is not the depot (node %ld)",
				       path, node_line(d, "VEHICLES_RELOAD_DEPOT_SECTION", v), v + 1,
				       f->reload[v], b->depot);
		reload_any |= f->reload[v] != 0;
	}
	if (reload_any && !mt)
		return cl_fail(err, CL_EINPUT, "%s: line %d: VEHICLES_RELOAD_DEPOT_SECTION in a TYPE %s file",
			       path, doc_sec(d, "VEHICLES_RELOAD_DEPOT_SECTION")->line,
			       doc_kv(d, "TYPE")->val);
	return CL_OK;
}

/* MTVRPTWR: TIME_WINDOW_SECTION, the service time and the optional
 * RELEASE_TIME_SECTION into b, times x 10 like the distances (DIMACS);
 * pd has room for two numbers a node. */
static int py_windows(const struct doc *d, struct build *b, double *pd, double service,
		      struct cl_error *err)
{
	int rc, present;

	if ((rc = doc_nodes(d, "TIME_WINDOW_SECTION", 3, b->dim, 1, pd, NULL, err)) != CL_OK)
		return rc;
	for (long k = 0; k < b->dim; k++) {
		if (pd[2 * k] < 0 || pd[2 * k + 1] < pd[2 * k] || pd[2 * k + 1] > 1e6)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: node %ld: time window %g..%g (0 <= start <= end <= 10^6)",
				       d->t.path, node_line(d, "TIME_WINDOW_SECTION", k), k + 1,
				       pd[2 * k], pd[2 * k + 1]);
		b->ready[k] = 10 * pd[2 * k];
		b->due[k] = 10 * pd[2 * k + 1];
		b->service[k] = 10 * service;
	}
	rc = doc_nodes(d, "RELEASE_TIME_SECTION", 2, b->dim, 0, pd, &present, err);
	if (rc != CL_OK)
		return rc;
	for (long k = 0; present && k < b->dim; k++) {
		if (pd[k] < 0 || pd[k] > 8640)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: node %ld: release time %g out of range (0 to 8640)",
				       d->t.path, node_line(d, "RELEASE_TIME_SECTION", k), k + 1, pd[k]);
		b->release[k] = 10 * pd[k];
	}
	return CL_OK;
}

/* Runs of vehicles with the same figures become b's vehicle types (and
 * info->type_first): MTVRPTWR types work the depot's window and reload
 * when their vehicles may. */
static int py_types(const struct doc *d, struct build *b, const struct py_fleet *f, int mt,
		    struct cl_bench_info *info, struct cl_error *err)
{
	for (long v = 0; v < f->n; ) {
		long w = v + 1;
		while (w < f->n && f->cap[w] == f->cap[v] && f->fix[w] == f->fix[v] &&
		       f->unit[w] == f->unit[v] && (f->reload[w] != 0) == (f->reload[v] != 0))
			w++;
		if (b->ntypes == CL_BENCH_MAX_TYPES)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: more than %d vehicle types (runs of vehicles with the "
				       "same capacity and costs)",
				       d->t.path, node_line(d, "CAPACITY_SECTION", v), CL_BENCH_MAX_TYPES);
		info->type_first[b->ntypes] = (int)v + 1;
		if (mt) {
			if (add_type(b, (int)(w - v), (long)f->cap[v], (int)b->ready[b->depot - 1],
				     (int)b->due[b->depot - 1], 0, f->fix[v] / 100.0, 100.0) != CL_OK)
				return cl_oom(err, "reading %s", d->t.path);
			b->types[b->ntypes - 1].max_trips = f->reload[v] != 0 ? CL_MAX_TRIPS : 1;
			b->types[b->ntypes - 1].reload_s = 0;
		} else if (add_type(b, (int)(w - v), (long)f->cap[v], 0, CL_BENCH_BIG_TIME, 0,
				    f->fix[v] / 100.0,
				    f->unit[v] / 100.0 * 1000.0 / MONEY_SCALE) != CL_OK) {
			return cl_oom(err, "reading %s", d->t.path);
		}
		v = w;
	}
	return CL_OK;
}

int cl_pyvrp_read(const char *path, struct cl_instance **inst,
		  struct cl_matrix **m, struct cl_bench_info *info,
		  struct cl_error *err)
{
	struct doc d;
	struct build b;
	struct py_fleet f = {0};
	double dim, nveh, cap, service, *pd = NULL;
	int rc, mt = 0;

	*inst = NULL;
	*m = NULL;
	memset(info, 0, sizeof *info);
	memset(&b, 0, sizeof b);
	rc = doc_read(&d, path, err);
	if (rc == CL_OK)
		rc = py_header(&d, &mt, &dim, &nveh, &cap, &service, err);
	if (rc != CL_OK)
		goto cleanup;
	if (!build_alloc(&b, (long)dim, mt))
		goto nomem;
	f.n = (long)nveh;
	pd = malloc(sizeof *pd * (size_t)b.dim * 2);
	f.cap = malloc(sizeof *f.cap * (size_t)f.n);
	f.fix = malloc(sizeof *f.fix * (size_t)f.n);
	f.unit = malloc(sizeof *f.unit * (size_t)f.n);
	f.reload = malloc(sizeof *f.reload * (size_t)f.n);
	if (!pd || !f.cap || !f.fix || !f.unit || !f.reload)
		goto nomem;
	if ((rc = doc_coords(&d, &b, pd, err)) ||
	    (rc = py_demands(&d, &b, pd, err)) ||
	    (rc = py_vehicles(&d, &b, mt, cap, &f, err)) ||
	    (mt && (rc = py_windows(&d, &b, pd, service, err))) ||
	    (rc = py_types(&d, &b, &f, mt, info, err)))
		goto cleanup;
	info_name(&d, path, info);
	info->ntypes = b.ntypes;
	info->name_vehicles = 1;
	if (mt) {
		info->dist_div = 10;
		info->decimals = 1;
	} else {
		info->dist_div = (long)MONEY_SCALE;
		info->decimals = 2;
		info->money = 1;
	}
	rc = assemble(&d, path, &b, NULL, mt ? R_TRUNC10 : R_ROUND_SCALED, MONEY_SCALE, inst, m, err);
	goto cleanup;
nomem:
	rc = cl_oom(err, "reading %s", path);
cleanup:
	free(pd);
	free(f.cap);
	free(f.fix);
	free(f.unit);
	free(f.reload);
	build_free(&b);
	doc_free(&d);
	return rc;
}
