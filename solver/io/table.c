/*
 * io/table.c -- a layer of features for the writers (io/table.h).
 */
#include <stdlib.h>
#include <string.h>

#include "io/table.h"

int cl_table_init(struct cl_table *t, enum cl_geomtype geom,
		  const struct cl_column *cols, int ncols, struct cl_error *err)
{
	memset(t, 0, sizeof *t);
	t->geom = geom;
	t->cols = calloc((size_t)ncols + 1, sizeof *t->cols);
	t->start = calloc(1, sizeof *t->start);
	if (!t->cols || !t->start)
		return cl_oom(err, "building an output layer");
	for (int c = 0; c < ncols; c++) {
		t->cols[c] = cols[c];
		t->cols[c].name = strdup(cols[c].name);
		t->ncols = c + 1;
		if (!t->cols[c].name)
			return cl_oom(err, "building an output layer");
	}
	return CL_OK;
}

void cl_table_free(struct cl_table *t)
{
	if (!t)
		return;
	for (long i = 0; t->val && i < (long)t->nrows * t->ncols; i++)
		free(t->val[i]);
	for (int c = 0; t->cols && c < t->ncols; c++)
		free(t->cols[c].name);
	free(t->val);
	free(t->cols);
	free(t->start);
	free(t->lon);
	free(t->lat);
	memset(t, 0, sizeof *t);
}

int cl_table_add_row(struct cl_table *t)
{
	if (t->nrows == t->caprows) {
		int cap = t->caprows * 2 + 16;
		char **v = realloc(t->val, sizeof *v * (size_t)cap * (size_t)(t->ncols ? t->ncols : 1));
		int *st;

		if (!v)
			return -1;
		t->val = v;
		st = realloc(t->start, sizeof *st * ((size_t)cap + 1));
		if (!st)
			return -1;
		t->start = st;
		t->caprows = cap;
	}
	for (int c = 0; c < t->ncols; c++)
		t->val[(long)t->nrows * t->ncols + c] = NULL;
	t->start[t->nrows + 1] = t->npos;
	return t->nrows++;
}

int cl_table_add_pos(struct cl_table *t, double lon, double lat)
{
	if (t->nrows == 0)
		return -1;
	if (t->npos == t->cappos) {
		int cap = t->cappos * 2 + 64;
		double *a = realloc(t->lon, sizeof *a * (size_t)cap), *b;

		if (!a)
			return -1;
		t->lon = a;
		b = realloc(t->lat, sizeof *b * (size_t)cap);
		if (!b)
			return -1;
		t->lat = b;
		t->cappos = cap;
	}
	t->lon[t->npos] = lon;
	t->lat[t->npos] = lat;
	t->npos++;
	t->start[t->nrows] = t->npos;
	return 0;
}

int cl_table_set(struct cl_table *t, int c, const char *s)
{
	char **cell;
	char *copy = NULL;

	if (t->nrows == 0 || c < 0 || c >= t->ncols)
		return -1;
	if (s && !(copy = strdup(s)))
		return -1;
	cell = &t->val[(long)(t->nrows - 1) * t->ncols + c];
	free(*cell);
	*cell = copy;
	return 0;
}

int cl_table_col(const struct cl_table *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].name, name) == 0)
			return c;
	return -1;
}
