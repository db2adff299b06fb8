/*
 * io/vrplib.c -- the benchmark readers (io/vrplib.h): CVRPLIB/TSPLIB .vrp
 * and Solomon / Gehring-Homberger .txt.
 *
 * Both read the whole file into memory and walk it line by line (LF or
 * CRLF), so that every message can say "PATH: line N: ...". Numbers go
 * through checked strtol/strtod.
 *
 * Distance conventions (one per family, docs/benchmarks.md):
 *   - EUC_2D (X, A, B, P): nint(euclid), cost = sum of arcs; CEIL_2D: ceil;
 *   - CMT / Golden (NAME starts with CMT or Golden, or a DISTANCE or
 *     SERVICE_TIME field is present) and EXPLICIT matrices with fractional
 *     weights: real distances, stored as round(1000 d);
 *   - Solomon, --objective distance: trunc(10 d), times x 10;
 *   - Solomon, hierarchical: round(1000 d), times x 1000, and a fixed cost
 *     per vehicle that makes one vehicle fewer always the better plan.
 * Travel time equals distance (in the same scaled units) everywhere.
 *
 * EXPORTED FUNCTIONS: cl_vrplib_read, cl_solomon_read, cl_bench_read,
 * cl_bench_is_file, cl_bench_format_cost.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/benchio.h"
#include "io/vrplib.h"

#define MAX_TOK 8

/* ------------------------------------------------------------------ */
/* CVRPLIB / TSPLIB .vrp                                                */

enum ew_type { EW_NONE, EW_EUC, EW_CEIL, EW_EXPLICIT };
enum ew_format { EWF_NONE, EWF_FULL, EWF_LOWER, EWF_LOWER_DIAG, EWF_UPPER,
		 EWF_UPPER_DIAG };
enum section { S_NONE, S_COORD, S_DEMAND, S_DEPOT, S_WEIGHT, S_SKIP };

struct vrp {
	char name[128];
	long dim;                 /* 0 until DIMENSION */
	long cap;                 /* 0 until CAPACITY */
	double distance;          /* DISTANCE (route limit), 0 = none */
	double service;           /* SERVICE_TIME, 0 = none */
	long vehicles;            /* VEHICLES, 0 = unlimited */
	enum ew_type ewt;
	enum ew_format ewf;
	double *x, *y;            /* dim entries, by node - 1 */
	unsigned char *has_xy;
	long *dem;
	unsigned char *has_dem;
	long depot;               /* node number, 0 until DEPOT_SECTION */
	int depot_done;           /* -1 seen */
	double *w;                /* explicit weights in file order */
	long nw, need_w;
	int seen_coord, seen_dem, seen_depot, seen_w;
};

static void vrp_free(struct vrp *v)
{
	free(v->x);
	free(v->y);
	free(v->has_xy);
	free(v->dem);
	free(v->has_dem);
	free(v->w);
}

/* Weights an EXPLICIT section of this format holds for dim nodes. */
static long weights_needed(enum ew_format f, long dim)
{
	switch (f) {
	case EWF_FULL: return dim * dim;
	case EWF_LOWER: case EWF_UPPER: return dim * (dim - 1) / 2;
	case EWF_LOWER_DIAG: case EWF_UPPER_DIAG: return dim * (dim + 1) / 2;
	default: return 0;
	}
}

/* The explicit weight from node a to node b (0-based, a != b). */
static double weight(const struct vrp *v, long a, long b)
{
	long n = v->dim, i, j;

	if (v->ewf == EWF_FULL)
		return v->w[a * n + b];
	i = a > b ? a : b;   /* row in a lower triangle */
	j = a > b ? b : a;
	switch (v->ewf) {
	case EWF_LOWER: return v->w[i * (i - 1) / 2 + j];
	case EWF_LOWER_DIAG: return v->w[i * (i + 1) / 2 + j];
	case EWF_UPPER: return v->w[j * (n - 1) - j * (j - 1) / 2 + (i - j - 1)];
	case EWF_UPPER_DIAG: return v->w[j * n - j * (j - 1) / 2 + (i - j)];
	default: return 0;
	}
}

/* "KEY : VALUE" -> key and value (both trimmed, in place). */
static void key_value(char *s, char **key, char **val)
{
	char *colon = strchr(s, ':');
	char *e;

	if (colon) {
		*colon = '\0';
		*val = colon + 1;
	} else {
		char *sp = s;
		while (*sp && !isspace((unsigned char)*sp))
			sp++;
		if (*sp)
			*sp++ = '\0';
		*val = sp;
	}
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	*key = s;
	while (isspace((unsigned char)**val))
		(*val)++;
	e = *val + strlen(*val);
	while (e > *val && isspace((unsigned char)e[-1]))
		*--e = '\0';
}

static int vrp_alloc(struct cl_text *t, struct vrp *v, struct cl_error *err)
{
	size_t n = (size_t)v->dim;

	v->x = calloc(n, sizeof *v->x);
	v->y = calloc(n, sizeof *v->y);
	v->has_xy = calloc(n, 1);
	v->dem = calloc(n, sizeof *v->dem);
	v->has_dem = calloc(n, 1);
	if (!v->x || !v->y || !v->has_xy || !v->dem || !v->has_dem)
		return cl_oom(err, "reading %s (line %d)", t->path, t->line);
	return CL_OK;
}

/* The start of a section "KEY_SECTION": sets *sec (allocating the weights
 * of EDGE_WEIGHT_SECTION). */
static int vrp_section(struct cl_text *t, struct vrp *v, const char *key,
		       enum section *sec, struct cl_error *err)
{
	static const struct { const char *key; enum section sec; } data[] = {
		{ "NODE_COORD_SECTION", S_COORD },
		{ "DEMAND_SECTION", S_DEMAND },
		{ "DEPOT_SECTION", S_DEPOT },
		{ "EDGE_WEIGHT_SECTION", S_WEIGHT },
	};
	size_t k = 0;

	while (k < sizeof data / sizeof data[0] && strcmp(key, data[k].key) != 0)
		k++;
	if (k == sizeof data / sizeof data[0]) {
		*sec = S_SKIP;   /* DISPLAY_DATA_SECTION and the like */
		return CL_OK;
	}
	if (v->dim == 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s before DIMENSION",
			       t->path, t->line, key);
	*sec = data[k].sec;
	switch (*sec) {
	case S_COORD:
		v->seen_coord = 1;
		break;
	case S_DEMAND:
		v->seen_dem = 1;
		break;
	case S_DEPOT:
		v->seen_depot = 1;
		break;
	default:                /* S_WEIGHT: sized by the format */
		if (v->ewf == EWF_NONE)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: EDGE_WEIGHT_SECTION without EDGE_WEIGHT_FORMAT",
				       t->path, t->line);
		if (v->seen_w)
			return cl_fail(err, CL_EINPUT, "%s: line %d: second EDGE_WEIGHT_SECTION",
				       t->path, t->line);
		v->need_w = weights_needed(v->ewf, v->dim);
		/* Each weight takes a digit and a blank at least: a DIMENSION
		 * the rest of the file cannot fill is refused before its
		 * matrix is allocated (found by fuzzing: DIMENSION 22222 in a
		 * file of 200 bytes asked for 4 GB). */
		if (v->need_w > 0 && (size_t)v->need_w - 1 > (t->len - t->pos) / 2)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: EDGE_WEIGHT_SECTION: DIMENSION %ld needs %ld "
				       "weights, but only %zu bytes follow (file truncated?)",
				       t->path, t->line, v->dim, v->need_w, t->len - t->pos);
		v->w = malloc(sizeof *v->w * (size_t)(v->need_w > 0 ? v->need_w : 1));
		if (!v->w)
			return cl_oom(err, "reading %s (line %d)", t->path, t->line);
		v->seen_w = 1;
		break;
	}
	return CL_OK;
}

/* A count field (CAPACITY, VEHICLES): an integer from 1 to INT_MAX. */
static int positive(struct cl_text *t, const char *key, const char *val, long *out,
		    struct cl_error *err)
{
	int rc = cl_text_long(t, val, key, out, err);

	if (rc != CL_OK)
		return rc;
	if (*out <= 0 || *out > INT_MAX)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s %ld must be positive",
			       t->path, t->line, key, *out);
	return CL_OK;
}

/* The index of val in names[0..n), or -1. */
static int lookup(const char *const *names, int n, const char *val)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], val))
			return i;
	return -1;
}

/* EDGE_WEIGHT_TYPE and EDGE_WEIGHT_FORMAT. */
static int vrp_weights(struct cl_text *t, struct vrp *v, const char *key,
		       const char *val, struct cl_error *err)
{
	static const char *const types[] = { "EUC_2D", "CEIL_2D", "EXPLICIT" };
	static const enum ew_type type_of[] = { EW_EUC, EW_CEIL, EW_EXPLICIT };
	static const char *const formats[] = {
		"FULL_MATRIX", "LOWER_ROW", "LOWER_DIAG_ROW", "UPPER_ROW", "UPPER_DIAG_ROW"
	};
	static const enum ew_format format_of[] = {
		EWF_FULL, EWF_LOWER, EWF_LOWER_DIAG, EWF_UPPER, EWF_UPPER_DIAG
	};
	int k;

	if (!strcmp(key, "EDGE_WEIGHT_TYPE")) {
		k = lookup(types, 3, val);
		if (k < 0)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: EDGE_WEIGHT_TYPE %s: supported are EUC_2D, CEIL_2D and EXPLICIT",
				       t->path, t->line, val);
		v->ewt = type_of[k];
		return CL_OK;
	}
	/* The weight section is sized by the format: it may not change. */
	if (v->ewf != EWF_NONE)
		return cl_fail(err, CL_EINPUT, "%s: line %d: second EDGE_WEIGHT_FORMAT",
			       t->path, t->line);
	k = lookup(formats, 5, val);
	if (k < 0)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: EDGE_WEIGHT_FORMAT %s: supported are FULL_MATRIX, LOWER_ROW, LOWER_DIAG_ROW, UPPER_ROW and UPPER_DIAG_ROW",
			       t->path, t->line, val);
	v->ewf = format_of[k];
	return CL_OK;
}

/* A header field "KEY : VALUE". Unknown keys (COMMENT, NODE_COORD_TYPE,
 * DISPLAY_DATA_TYPE, ...) are not needed and pass. */
static int vrp_field(struct cl_text *t, struct vrp *v, const char *key,
		     const char *val, struct cl_error *err)
{
	double d;
	long l;
	int rc;

	if (!strcmp(key, "NAME")) {
		snprintf(v->name, sizeof v->name, "%s", val);
	} else if (!strcmp(key, "TYPE")) {
		if (strcmp(val, "CVRP") != 0)
			return cl_fail(err, CL_EINPUT, "%s: line %d: TYPE %s: only CVRP is supported",
				       t->path, t->line, val);
	} else if (!strcmp(key, "DIMENSION")) {
		rc = cl_text_long(t, val, "DIMENSION", &l, err);
		if (rc != CL_OK)
			return rc;
		if (v->dim != 0)
			return cl_fail(err, CL_EINPUT, "%s: line %d: second DIMENSION", t->path, t->line);
		if (l < 2 || l > CL_BENCH_MAX_SITES)
			return cl_fail(err, CL_EINPUT, "%s: line %d: DIMENSION %ld: expected 2 to %d nodes",
				       t->path, t->line, l, CL_BENCH_MAX_SITES);
		v->dim = l;
		return vrp_alloc(t, v, err);
	} else if (!strcmp(key, "CAPACITY")) {
		return positive(t, key, val, &v->cap, err);
	} else if (!strcmp(key, "VEHICLES")) {
		return positive(t, key, val, &v->vehicles, err);
	} else if (!strcmp(key, "DISTANCE") || !strcmp(key, "SERVICE_TIME")) {
		rc = cl_text_double(t, val, key, &d, err);
		if (rc != CL_OK)
			return rc;
		if (d < 0 || d > 1e5)
			return cl_fail(err, CL_EINPUT, "%s: line %d: %s %g out of range (0 to 100000)",
				       t->path, t->line, key, d);
		if (key[0] == 'D')
			v->distance = d;
		else
			v->service = d;
	} else if (!strcmp(key, "EDGE_WEIGHT_TYPE") || !strcmp(key, "EDGE_WEIGHT_FORMAT")) {
		return vrp_weights(t, v, key, val, err);
	}
	return CL_OK;
}

/* A line that starts with a letter: EOF, a section keyword or a header
 * field. Sets *sec (S_NONE after a header field) and *eof. */
static int vrp_keyword(struct cl_text *t, struct vrp *v, char *line,
		       enum section *sec, int *eof, struct cl_error *err)
{
	char *key, *val;
	size_t n;

	key_value(line, &key, &val);
	if (!strcmp(key, "EOF")) {
		*eof = 1;
		return CL_OK;
	}
	n = strlen(key);
	if (n > 8 && !strcmp(key + n - 8, "_SECTION"))
		return vrp_section(t, v, key, sec, err);
	*sec = S_NONE;
	return vrp_field(t, v, key, val, err);
}

/* A node number of a section, checked against DIMENSION. */
static int node_num(struct cl_text *t, const struct vrp *v, const char *s,
		    const char *sect, long *out, struct cl_error *err)
{
	char what[64];
	int rc;

	snprintf(what, sizeof what, "%s: node number", sect);
	rc = cl_text_long(t, s, what, out, err);
	if (rc != CL_OK)
		return rc;
	if (*out < 1 || *out > v->dim)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s: node %ld out of range 1..%ld",
			       t->path, t->line, sect, *out, v->dim);
	return CL_OK;
}

/* The next whitespace-separated token of *p (NUL-terminated in place). */
static char *next_tok(char **p)
{
	char *s = *p, *tok;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	tok = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return tok;
}

/* One value of DEPOT_SECTION: a node number or the -1 terminator. */
static int depot_value(struct cl_text *t, struct vrp *v, const char *s,
		       struct cl_error *err)
{
	long l;
	int rc = cl_text_long(t, s, "DEPOT_SECTION: node", &l, err);

	if (rc != CL_OK)
		return rc;
	if (l == -1) {
		v->depot_done = 1;
		return CL_OK;
	}
	if (v->depot_done)
		return cl_fail(err, CL_EINPUT, "%s: line %d: DEPOT_SECTION: %ld after the -1 terminator",
			       t->path, t->line, l);
	if (l < 1 || l > v->dim)
		return cl_fail(err, CL_EINPUT, "%s: line %d: DEPOT_SECTION: node %ld out of range 1..%ld",
			       t->path, t->line, l, v->dim);
	if (v->depot != 0)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: DEPOT_SECTION: a second depot (%ld): only one depot is supported",
			       t->path, t->line, l);
	v->depot = l;
	return CL_OK;
}

/* One value of EDGE_WEIGHT_SECTION. */
static int weight_value(struct cl_text *t, struct vrp *v, const char *s,
			struct cl_error *err)
{
	double d;
	int rc;

	if (v->nw >= v->need_w)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: EDGE_WEIGHT_SECTION: more than the %ld weights the format needs",
			       t->path, t->line, v->need_w);
	rc = cl_text_double(t, s, "EDGE_WEIGHT_SECTION: weight", &d, err);
	if (rc != CL_OK)
		return rc;
	if (d < 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: EDGE_WEIGHT_SECTION: negative weight %g",
			       t->path, t->line, d);
	v->w[v->nw++] = d;
	return CL_OK;
}

/* A line of numbers inside the current section. */
static int vrp_data(struct cl_text *t, struct vrp *v, char *line, enum section sec,
		    struct cl_error *err)
{
	char *tok[MAX_TOK];
	int ntok;
	long id, l;
	int rc;

	switch (sec) {
	case S_COORD:
		ntok = cl_text_split(line, tok, MAX_TOK);
		if (ntok != 3 && ntok != 4)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: NODE_COORD_SECTION: expected \"node x y\", found %d fields",
				       t->path, t->line, ntok);
		rc = node_num(t, v, tok[0], "NODE_COORD_SECTION", &id, err);
		if (rc == CL_OK)
			rc = cl_text_double(t, tok[1], "x coordinate", &v->x[id - 1], err);
		if (rc == CL_OK)
			rc = cl_text_double(t, tok[2], "y coordinate", &v->y[id - 1], err);
		if (rc != CL_OK)
			return rc;
		if (fabs(v->x[id - 1]) > 1e7 || fabs(v->y[id - 1]) > 1e7)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: NODE_COORD_SECTION: node %ld: coordinates beyond 1e7",
				       t->path, t->line, id);
		if (v->has_xy[id - 1])
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: NODE_COORD_SECTION: node %ld listed twice",
				       t->path, t->line, id);
		v->has_xy[id - 1] = 1;
		return CL_OK;
	case S_DEMAND:
		ntok = cl_text_split(line, tok, MAX_TOK);
		if (ntok != 2)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: DEMAND_SECTION: expected \"node demand\", found %d fields",
				       t->path, t->line, ntok);
		rc = node_num(t, v, tok[0], "DEMAND_SECTION", &id, err);
		if (rc == CL_OK)
			rc = cl_text_long(t, tok[1], "demand", &l, err);
		if (rc != CL_OK)
			return rc;
		if (l < 0 || l > INT_MAX)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: DEMAND_SECTION: node %ld: demand %ld must not be negative",
				       t->path, t->line, id, l);
		if (v->has_dem[id - 1])
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: DEMAND_SECTION: node %ld listed twice",
				       t->path, t->line, id);
		v->dem[id - 1] = l;
		v->has_dem[id - 1] = 1;
		return CL_OK;
	case S_DEPOT:
	case S_WEIGHT:
		/* free-form: any number of values per line */
		for (char *p = line, *w; (w = next_tok(&p)) != NULL;) {
			rc = sec == S_DEPOT ? depot_value(t, v, w, err)
					    : weight_value(t, v, w, err);
			if (rc != CL_OK)
				return rc;
		}
		return CL_OK;
	case S_SKIP:
		return CL_OK;
	default:
		return cl_fail(err, CL_EINPUT, "%s: line %d: numbers outside any section",
			       t->path, t->line);
	}
}

/* After the last line: every required section present and complete. */
static int vrp_complete(struct cl_text *t, const struct vrp *v, struct cl_error *err)
{
	const char *p = t->path;
	int ln = t->line;

	if (v->dim == 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no DIMENSION", p, ln);
	if (v->cap == 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no CAPACITY", p, ln);
	if (v->ewt == EW_NONE)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no EDGE_WEIGHT_TYPE", p, ln);
	if (v->ewt == EW_EXPLICIT) {
		if (!v->seen_w)
			return cl_fail(err, CL_EINPUT, "%s: line %d: no EDGE_WEIGHT_SECTION", p, ln);
		if (v->nw < v->need_w)
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: EDGE_WEIGHT_SECTION has %ld of the %ld weights (file truncated?)",
				       p, ln, v->nw, v->need_w);
	} else {
		if (!v->seen_coord)
			return cl_fail(err, CL_EINPUT, "%s: line %d: no NODE_COORD_SECTION", p, ln);
		for (long i = 0; i < v->dim; i++)
			if (!v->has_xy[i])
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: NODE_COORD_SECTION: node %ld has no coordinates (file truncated?)",
					       p, ln, i + 1);
	}
	if (!v->seen_dem)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no DEMAND_SECTION", p, ln);
	for (long i = 0; i < v->dim; i++)
		if (!v->has_dem[i])
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: DEMAND_SECTION: node %ld has no demand (file truncated?)",
				       p, ln, i + 1);
	if (!v->seen_depot || v->depot == 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no DEPOT_SECTION (the depot's node number)", p, ln);
	return CL_OK;
}

/* Real-valued distances (x 1000) rather than integers? */
static int vrp_exact(const struct vrp *v)
{
	if (v->distance > 0 || v->service > 0)
		return 1;
	if (!strncasecmp(v->name, "CMT", 3) || !strncasecmp(v->name, "Golden", 6))
		return 1;
	if (v->ewt == EW_EXPLICIT)
		for (long k = 0; k < v->nw; k++)
			if (v->w[k] != floor(v->w[k]))
				return 1;
	return 0;
}

/* Read the lines of a .vrp file into v, and check it is complete. */
static int vrp_parse(struct cl_text *t, struct vrp *v, struct cl_error *err)
{
	enum section sec = S_NONE;
	int eof = 0, rc;
	char *line;

	while (!eof && (line = cl_text_next(t)) != NULL) {
		if (!*line)
			continue;
		if (isalpha((unsigned char)*line))
			rc = vrp_keyword(t, v, line, &sec, &eof, err);
		else
			rc = vrp_data(t, v, line, sec, err);
		if (rc != CL_OK)
			return rc;
	}
	return vrp_complete(t, v, err);
}

/*
 * The matrix of the parsed file: node_of[s] is the node of site s; arcs
 * are rounded by the family's convention (top of the file) after scale.
 */
static int vrp_matrix(const struct cl_text *t, const struct vrp *v, const long *node_of,
		      double scale, struct cl_matrix *mat, struct cl_error *err)
{
	int n = (int)v->dim;

	for (int a = 0; a < n; a++) {
		for (int b = 0; b < n; b++) {
			long i = node_of[a], j = node_of[b];
			double d;
			if (a == b)
				continue;
			if (v->ewt == EW_EXPLICIT) {
				d = weight(v, i, j) * scale;
				d = round(d);
			} else {
				d = hypot(v->x[i] - v->x[j], v->y[i] - v->y[j]);
				if (scale > 1)
					d = round(d * scale);
				else if (v->ewt == EW_CEIL)
					d = ceil(d);
				else
					d = floor(d + 0.5);
			}
			if (d > CL_BENCH_MAX_ARC)
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: the distance from node %ld to node %ld (%g) is too large",
					       t->path, t->line, i + 1, j + 1, d / scale);
			mat->dist_m[(long)a * n + b] = (int32_t)d;
			mat->time_s[0][(long)a * n + b] = (int32_t)d;
		}
	}
	return CL_OK;
}

int cl_vrplib_read(const char *path, struct cl_instance **inst,
		   struct cl_matrix **m, struct cl_bench_info *info,
		   struct cl_error *err)
{
	struct cl_text t;
	struct vrp v;
	struct cl_site *sites = NULL;
	struct cl_vtype *vt = NULL;
	struct cl_matrix *mat = NULL;
	long *node_of = NULL;
	int rc, n = 0;
	double scale;

	*inst = NULL;
	*m = NULL;
	memset(&v, 0, sizeof v);
	memset(info, 0, sizeof *info);
	rc = cl_text_load(&t, path, err);
	if (rc != CL_OK)
		return rc;
	rc = vrp_parse(&t, &v, err);
	if (rc != CL_OK)
		goto cleanup;

	n = (int)v.dim;
	scale = vrp_exact(&v) ? 1000.0 : 1.0;
	if (v.name[0] == '\0')
		cl_bench_stem(path, v.name, sizeof v.name);
	snprintf(info->name, sizeof info->name, "%s", v.name);
	info->dist_div = (long)scale;
	info->decimals = scale > 1 ? 2 : 0;

	/* site 0 = the depot, then the other nodes in file order */
	node_of = malloc(sizeof *node_of * (size_t)n);
	sites = calloc((size_t)n, sizeof *sites);
	mat = cl_matrix_create(n, 1);
	if (!node_of || !sites || !mat)
		goto nomem;
	node_of[0] = v.depot - 1;
	for (long i = 0, k = 1; i < v.dim; i++)
		if (i != v.depot - 1)
			node_of[k++] = i;
	for (int s = 0; s < n; s++) {
		long i = node_of[s];
		if (cl_bench_site(&sites[s], i + 1, (int)i, v.x[i], v.y[i]) != CL_OK)
			goto nomem;
		sites[s].demand = (int)v.dem[i];
		sites[s].service_s = s > 0 ? (int)llround(v.service * scale) : 0;
	}
	rc = vrp_matrix(&t, &v, node_of, scale, mat, err);
	if (rc != CL_OK)
		goto cleanup;
	vt = cl_bench_vtype("vehicle", v.vehicles > 0 ? (int)v.vehicles : n - 1,
			    (int)v.cap, 0, CL_BENCH_BIG_TIME,
			    v.distance > 0 ? (int)llround(v.distance * scale) : 0,
			    0.0, scale > 1 ? 1.0 : 1000.0);
	if (!vt)
		goto nomem;
	rc = cl_bench_assemble(path, sites, n, vt, 1, inst, err);
	sites = NULL;
	vt = NULL;
	if (rc != CL_OK)
		goto cleanup;
	*m = mat;
	mat = NULL;
	goto cleanup;
nomem:
	rc = cl_oom(err, "reading %s", path);
cleanup:
	cl_sites_free(sites, n);
	cl_vtypes_free(vt, 1);
	cl_matrix_destroy(mat);
	free(node_of);
	vrp_free(&v);
	cl_text_free(&t);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Solomon / Gehring-Homberger .txt                                     */

/* One customer row: CUST NO. XCOORD. YCOORD. DEMAND READY DUE SERVICE. */
struct srow {
	double x, y, ready, due, service;
	long demand;
};

/* A Solomon file as read: the vehicle line and the rows (row 0: depot). */
struct solomon {
	long nveh, cap;           /* -1 until the NUMBER CAPACITY line */
	struct srow *rows;
	long nrows, room;
};

/* The vehicle line: "NUMBER CAPACITY". */
static int solomon_vehicles(struct cl_text *t, struct solomon *so, char **tok, int ntok,
			    struct cl_error *err)
{
	int rc;

	if (ntok != 2)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: expected the vehicle NUMBER and CAPACITY, found %d fields",
			       t->path, t->line, ntok);
	rc = cl_text_long(t, tok[0], "vehicle NUMBER", &so->nveh, err);
	if (rc == CL_OK)
		rc = cl_text_long(t, tok[1], "CAPACITY", &so->cap, err);
	if (rc != CL_OK)
		return rc;
	if (so->nveh <= 0 || so->nveh > 100000 || so->cap <= 0 || so->cap > INT_MAX)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: vehicle NUMBER %ld and CAPACITY %ld must be positive",
			       t->path, t->line, so->nveh, so->cap);
	return CL_OK;
}

/* The seven numbers of a customer row, checked, into val[1..6] (val[0]
 * unused: CUST NO. is checked against the row count). */
static int solomon_values(struct cl_text *t, const struct solomon *so, char **tok,
			  double *val, struct cl_error *err)
{
	static const char *const what[7] = {
		"CUST NO.", "XCOORD.", "YCOORD.", "DEMAND",
		"READY TIME", "DUE DATE", "SERVICE TIME"
	};
	long num;
	int rc;

	rc = cl_text_long(t, tok[0], what[0], &num, err);
	for (int k = 1; rc == CL_OK && k < 7; k++)
		rc = cl_text_double(t, tok[k], what[k], &val[k], err);
	if (rc != CL_OK)
		return rc;
	if (num != so->nrows)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: CUST NO. %ld out of order (expected %ld; the depot is 0)",
			       t->path, t->line, num, so->nrows);
	if (val[3] < 0 || val[3] != floor(val[3]) || val[3] > INT_MAX)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: customer %ld: DEMAND %g must be a non-negative integer",
			       t->path, t->line, num, val[3]);
	for (int k = 1; k < 7; k++)
		if (fabs(val[k]) > 1e6 || (k >= 4 && val[k] < 0))
			return cl_fail(err, CL_EINPUT,
				       "%s: line %d: customer %ld: %s %g out of range (0 to 1000000)",
				       t->path, t->line, num, what[k], val[k]);
	if (val[5] < val[4])
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: customer %ld: DUE DATE %g before READY TIME %g",
			       t->path, t->line, num, val[5], val[4]);
	return CL_OK;
}

/* A customer row (the depot is row 0), appended to so->rows. */
static int solomon_row(struct cl_text *t, struct solomon *so, char **tok, int ntok,
		       struct cl_error *err)
{
	double val[7];
	struct srow *r;
	int rc;

	if (ntok != 7)
		return cl_fail(err, CL_EINPUT,
			       "%s: line %d: expected 7 fields (CUST NO., XCOORD., YCOORD., DEMAND, READY TIME, DUE DATE, SERVICE TIME), found %d",
			       t->path, t->line, ntok);
	rc = solomon_values(t, so, tok, val, err);
	if (rc != CL_OK)
		return rc;
	if (so->nrows == so->room) {
		long nroom = so->room ? so->room * 2 : 256;
		struct srow *nr;
		if (nroom > CL_BENCH_MAX_SITES + 1)
			nroom = CL_BENCH_MAX_SITES + 1;
		if (so->nrows >= nroom)
			return cl_fail(err, CL_EINPUT, "%s: line %d: more than %d customers",
				       t->path, t->line, CL_BENCH_MAX_SITES - 1);
		nr = realloc(so->rows, sizeof *nr * (size_t)nroom);
		if (!nr)
			return cl_oom(err, "reading %s", t->path);
		so->rows = nr;
		so->room = nroom;
	}
	r = &so->rows[so->nrows++];
	r->x = val[1];
	r->y = val[2];
	r->demand = (long)val[3];
	r->ready = val[4];
	r->due = val[5];
	r->service = val[6];
	return CL_OK;
}

/*
 * Read the lines of a Solomon file into so: the first non-empty line is
 * the name (into info), lines starting with a letter are headings
 * (VEHICLE, NUMBER CAPACITY, CUSTOMER, CUST NO. ...), the first line of
 * numbers is the vehicle line, the others are rows.
 */
static int solomon_parse(struct cl_text *t, struct solomon *so, struct cl_bench_info *info,
			 struct cl_error *err)
{
	int rc, have_name = 0;
	char *line;

	so->nveh = so->cap = -1;
	while ((line = cl_text_next(t)) != NULL) {
		char *tok[MAX_TOK];
		int ntok;

		if (!*line)
			continue;
		if (!have_name) {
			snprintf(info->name, sizeof info->name, "%s", line);
			have_name = 1;
			continue;
		}
		if (isalpha((unsigned char)*line))
			continue;
		ntok = cl_text_split(line, tok, MAX_TOK);
		if (so->nveh < 0)
			rc = solomon_vehicles(t, so, tok, ntok, err);
		else
			rc = solomon_row(t, so, tok, ntok, err);
		if (rc != CL_OK)
			return rc;
	}
	if (so->nveh < 0)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no VEHICLE section (NUMBER CAPACITY)",
			       t->path, t->line);
	if (so->nrows < 2)
		return cl_fail(err, CL_EINPUT, "%s: line %d: no customers (file truncated?)",
			       t->path, t->line);
	return CL_OK;
}

/*
 * The matrix for obj (top of the file); *round_trips is the sum of the
 * arcs from and to the depot (for the hierarchical vehicle cost).
 */
static int solomon_matrix(const struct cl_text *t, const struct solomon *so,
			  enum cl_bench_objective obj, double scale, struct cl_matrix *mat,
			  double *round_trips, struct cl_error *err)
{
	const struct srow *rows = so->rows;
	int n = (int)so->nrows;

	*round_trips = 0;
	for (int a = 0; a < n; a++) {
		for (int b = 0; b < n; b++) {
			double dx = rows[a].x - rows[b].x, dy = rows[a].y - rows[b].y, d;
			if (a == b)
				continue;
			if (obj == CL_OBJ_DISTANCE)
				/* exact for integer coordinates: sqrt is correctly rounded */
				d = floor(sqrt(100.0 * (dx * dx + dy * dy)) + 1e-9);
			else
				d = round(hypot(dx, dy) * scale);
			if (d > CL_BENCH_MAX_ARC)
				return cl_fail(err, CL_EINPUT,
					       "%s: line %d: the distance from customer %d to customer %d (%g) is too large",
					       t->path, t->line, a, b, d / scale);
			mat->dist_m[(long)a * n + b] = (int32_t)d;
			mat->time_s[0][(long)a * n + b] = (int32_t)d;
			if (a == 0 || b == 0)
				*round_trips += d;
		}
	}
	return CL_OK;
}

int cl_solomon_read(const char *path, enum cl_bench_objective obj,
		    struct cl_instance **inst, struct cl_matrix **m,
		    struct cl_bench_info *info, struct cl_error *err)
{
	struct cl_text t;
	struct solomon so = { 0 };
	struct cl_site *sites = NULL;
	struct cl_vtype *vt = NULL;
	struct cl_matrix *mat = NULL;
	int rc, n = 0;
	double scale = obj == CL_OBJ_DISTANCE ? 10.0 : 1000.0, round_trips;

	*inst = NULL;
	*m = NULL;
	memset(info, 0, sizeof *info);
	rc = cl_text_load(&t, path, err);
	if (rc != CL_OK)
		return rc;
	rc = solomon_parse(&t, &so, info, err);
	if (rc != CL_OK)
		goto cleanup;

	n = (int)so.nrows;
	info->dist_div = (long)scale;
	info->decimals = obj == CL_OBJ_DISTANCE ? 1 : 2;
	sites = calloc((size_t)n, sizeof *sites);
	mat = cl_matrix_create(n, 1);
	if (!sites || !mat)
		goto nomem;
	for (int s = 0; s < n; s++) {
		const struct srow *r = &so.rows[s];
		if (cl_bench_site(&sites[s], s, s, r->x, r->y) != CL_OK)
			goto nomem;
		sites[s].demand = (int)r->demand;
		sites[s].service_s = (int)llround(r->service * scale);
		sites[s].tw_start_s = (int)llround(r->ready * scale);
		sites[s].tw_end_s = (int)llround(r->due * scale);
	}
	rc = solomon_matrix(&t, &so, obj, scale, mat, &round_trips, err);
	if (rc != CL_OK)
		goto cleanup;
	/*
	 * Hierarchical: a vehicle costs ten times the distance of serving
	 * every customer by its own round trip, more than any plan's distance,
	 * so one vehicle fewer always wins.
	 */
	vt = cl_bench_vtype("vehicle", (int)so.nveh, (int)so.cap, sites[0].tw_start_s,
			    sites[0].tw_end_s, 0,
			    obj == CL_OBJ_DISTANCE ? 0.0 : 10.0 * round_trips / scale,
			    obj == CL_OBJ_DISTANCE ? 100.0 : 1.0);
	if (!vt)
		goto nomem;
	rc = cl_bench_assemble(path, sites, n, vt, 1, inst, err);
	sites = NULL;
	vt = NULL;
	if (rc != CL_OK)
		goto cleanup;
	*m = mat;
	mat = NULL;
	goto cleanup;
nomem:
	rc = cl_oom(err, "reading %s", path);
cleanup:
	cl_sites_free(sites, n);
	cl_vtypes_free(vt, 1);
	cl_matrix_destroy(mat);
	free(so.rows);
	cl_text_free(&t);
	return rc;
}

/* ------------------------------------------------------------------ */

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), k = strlen(ext);
	return n > k && strcasecmp(path + n - k, ext) == 0;
}

int cl_bench_is_file(const char *path)
{
	return has_ext(path, ".vrp") || has_ext(path, ".txt") || has_ext(path, ".vrpspd");
}

/*
 * The first word of the first non-blank line of path starts with "//"
 * (want_type NULL), or the value of its TYPE keyword is one of the
 * names in want_type (before any _SECTION). Reads at most 64 KB.
 */
static int sniff(const char *path, const char *const *want_type)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	char *line;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (line = buf; *line && isspace((unsigned char)*line); line++)
		;
	if (!want_type)
		return line[0] == '/' && line[1] == '/';
	for (line = buf; line && *line; ) {
		char *next = strchr(line, '\n'), *k = line, *v;
		if (next)
			*next++ = '\0';
		line = next;
		while (isspace((unsigned char)*k))
			k++;
		if (strstr(k, "_SECTION"))
			return 0;
		if (strncmp(k, "TYPE", 4) != 0)
			continue;
		v = k + 4;
		while (isspace((unsigned char)*v) || *v == ':')
			v++;
		for (int i = 0; want_type[i]; i++) {
			size_t l = strlen(want_type[i]);
			if (!strncmp(v, want_type[i], l) &&
			    (v[l] == '\0' || isspace((unsigned char)v[l])))
				return 1;
		}
		return 0;
	}
	return 0;
}

enum cl_bench_kind cl_bench_kind(const char *path)
{
	static const char *const pyvrp[] = { "HFVRP", "MTVRPTWR", NULL };

	if (has_ext(path, ".vrpspd"))
		return CL_BENCH_VRPSPD;
	if (has_ext(path, ".vrp"))
		return sniff(path, pyvrp) ? CL_BENCH_PYVRP : CL_BENCH_CVRP;
	if (has_ext(path, ".txt"))
		return sniff(path, NULL) ? CL_BENCH_LACOMME : CL_BENCH_SOLOMON;
	return CL_BENCH_NONE;
}

int cl_bench_read(const char *path, enum cl_bench_objective obj,
		  struct cl_instance **inst, struct cl_matrix **m,
		  struct cl_bench_info *info, struct cl_error *err)
{
	switch (cl_bench_kind(path)) {
	case CL_BENCH_CVRP:
		return cl_vrplib_read(path, inst, m, info, err);
	case CL_BENCH_SOLOMON:
		return cl_solomon_read(path, obj, inst, m, info, err);
	case CL_BENCH_VRPSPD:
		return cl_vrpspd_read(path, inst, m, info, err);
	case CL_BENCH_LACOMME:
		return cl_lacomme_read(path, inst, m, info, err);
	case CL_BENCH_PYVRP:
		return cl_pyvrp_read(path, inst, m, info, err);
	default:
		break;
	}
	*inst = NULL;
	*m = NULL;
	return cl_fail(err, CL_EINPUT, "%s: not a benchmark file (.vrp, .txt or .vrpspd)", path);
}

void cl_bench_format_cost(const struct cl_bench_info *info, long total_dist,
			  char *buf, size_t n)
{
	long div = info->dist_div > 0 ? info->dist_div : 1;

	if (info->decimals <= 0 && div == 1)
		snprintf(buf, n, "%ld", total_dist);
	else
		snprintf(buf, n, "%.*f", info->decimals, (double)total_dist / (double)div);
}

void cl_bench_format_objective(const struct cl_bench_info *info, long total_dist,
			       double total_cost, char *buf, size_t n)
{
	if (info->money)
		snprintf(buf, n, "%.*f", info->decimals, total_cost);
	else
		cl_bench_format_cost(info, total_dist, buf, n);
}
