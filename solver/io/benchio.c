/*
 * io/benchio.c -- helpers shared by the benchmark readers (io/benchio.h).
 *
 * EXPORTED FUNCTIONS: cl_text_load, cl_text_free, cl_text_next,
 * cl_text_split, cl_text_long, cl_text_double, cl_bench_stem,
 * cl_bench_strdup, cl_bench_site, cl_bench_vtype, cl_bench_assemble.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/benchio.h"
#include "util/file.h"

#define TEXT_MAX_BYTES (1024L * 1024 * 1024)  /* larger files are refused */

void cl_text_free(struct cl_text *t)
{
	free(t->buf);
	t->buf = NULL;
}

int cl_text_load(struct cl_text *t, const char *path, struct cl_error *err)
{
	int rc;

	memset(t, 0, sizeof *t);
	t->path = path;
	rc = cl_file_read(path, NULL, TEXT_MAX_BYTES, &t->buf, &t->len, err);
	if (rc)
		return rc;
	if (memchr(t->buf, '\0', t->len)) {
		free(t->buf);
		t->buf = NULL;
		return cl_fail(err, CL_EINPUT, "%s: line 1: not a text file (NUL byte)", path);
	}
	return CL_OK;
}

/* The next line without its LF/CRLF, or NULL at the end of the file. */
char *cl_text_next(struct cl_text *t)
{
	char *s, *nl;
	size_t k;

	if (t->pos >= t->len)
		return NULL;
	s = t->buf + t->pos;
	nl = memchr(s, '\n', t->len - t->pos);
	if (nl) {
		*nl = '\0';
		t->pos = (size_t)(nl - t->buf) + 1;
	} else {
		t->pos = t->len;
	}
	k = strlen(s);
	while (k > 0 && (s[k - 1] == '\r' || isspace((unsigned char)s[k - 1])))
		s[--k] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	t->line++;
	return s;
}

int cl_text_split(char *s, char **tok, int max)
{
	int n = 0;

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return n;
		if (n < max)
			tok[n] = s;
		n++;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
}

int cl_text_long(const struct cl_text *t, const char *s, const char *what,
		    long *out, struct cl_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE)
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s \"%s\" is not an integer",
			       t->path, t->line, what, s);
	*out = v;
	return CL_OK;
}

int cl_text_double(const struct cl_text *t, const char *s, const char *what,
		      double *out, struct cl_error *err)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
		return cl_fail(err, CL_EINPUT, "%s: line %d: %s \"%s\" is not a number",
			       t->path, t->line, what, s);
	*out = v;
	return CL_OK;
}

void cl_bench_stem(const char *path, char *buf, size_t n)
{
	const char *b = strrchr(path, '/');
	const char *dot;
	size_t k;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	k = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	if (k >= n)
		k = n - 1;
	memcpy(buf, b, k);
	buf[k] = '\0';
}

char *cl_bench_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

int cl_bench_site(struct cl_site *s, long num, int rec, double x, double y)
{
	char id[32];

	memset(s, 0, sizeof *s);
	snprintf(id, sizeof id, "%ld", num);
	s->id = cl_bench_strdup(id);
	s->name = cl_bench_strdup("");
	if (!s->id || !s->name)
		return CL_EINTERNAL;
	s->lon = x;
	s->lat = y;
	s->tw_start_s = 0;
	s->tw_end_s = CL_BENCH_BIG_TIME;
	s->record = rec;
	return CL_OK;
}

int cl_bench_assemble(const char *path, struct cl_site *sites, int nsites,
		      struct cl_vtype *vt, int ntypes, struct cl_instance **inst,
		      struct cl_error *err)
{
	struct cl_site depot = sites[0];
	struct cl_site *cust = NULL;
	int rc;

	cust = malloc(sizeof *cust * (size_t)(nsites - 1));
	if (!cust) {
		cl_sites_free(sites, nsites);
		cl_vtypes_free(vt, ntypes);
		return cl_oom(err, "reading %s", path);
	}
	memcpy(cust, sites + 1, sizeof *cust * (size_t)(nsites - 1));
	free(sites);
	rc = cl_instance_build(path, &depot, cust, nsites - 1, vt, ntypes, inst, err);
	if (rc != CL_OK)
		return rc;
	(*inst)->planar = 1;
	return CL_OK;
}

struct cl_vtype *cl_bench_vtype(const char *name, int count, int cap,
				int shift_start, int shift_end, int max_dur,
				double fixed, double per_km)
{
	struct cl_vtype *vt = calloc(1, sizeof *vt);

	if (!vt)
		return NULL;
	vt->name = cl_bench_strdup(name);
	if (!vt->name) {
		free(vt);
		return NULL;
	}
	vt->count = count;
	vt->capacity = cap;
	vt->speed_kmh = 3.6;       /* 1 unit per second: time = distance */
	vt->shift_start_s = shift_start;
	vt->shift_end_s = shift_end;
	vt->max_dur_s = max_dur;
	vt->max_dist_m = 0;
	vt->fixed_cost = fixed;
	vt->cost_per_km = per_km;
	return vt;
}

