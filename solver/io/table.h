/*
 * io/table.h -- a layer of features as the writers see it: typed columns,
 * one row per feature with the text of each value, and a geometry (a
 * point, a line, or none) per row.
 *
 * out/layers.c builds the routes and stops layers once; GeoJSON, the
 * shapefiles (io/shp.c) and map.html are written from the same tables, so
 * every format has the same attributes with the same values.
 *
 * Values are text as the outputs print them: an integer "25300", a real
 * with the column's decimals "80.36", a time of day "08:30", any UTF-8
 * text; NULL is a null value.
 */
#ifndef CUNLU_IO_TABLE_H
#define CUNLU_IO_TABLE_H

#include "cunlu/error.h"

enum cl_coltype {
	CL_COL_TEXT,     /* UTF-8 text */
	CL_COL_INT,      /* a whole number */
	CL_COL_REAL,     /* a number with `decimals` decimals */
	CL_COL_TIME      /* a time of day "HH:MM" (text in every format) */
};

struct cl_column {
	char *name;              /* owned */
	enum cl_coltype type;
	int decimals;            /* CL_COL_REAL */
};

enum cl_geomtype { CL_GEOM_POINT, CL_GEOM_LINE };

struct cl_table {
	enum cl_geomtype geom;
	int ncols;
	struct cl_column *cols;
	int nrows, caprows;
	char **val;              /* row r, column c: val[r * ncols + c] (owned;
				    NULL = null) */
	int *start;              /* row r's positions are pos[start[r] ..
				    start[r + 1]) (nrows + 1 entries); an
				    empty range is a null geometry */
	double *lon, *lat;       /* the positions, degrees */
	int npos, cappos;
};

/*
 * Start an empty table of ncols columns (names copied). CL_EINTERNAL when
 * out of memory (free the table in every case).
 */
int cl_table_init(struct cl_table *t, enum cl_geomtype geom,
		  const struct cl_column *cols, int ncols, struct cl_error *err);

/* Free what the table owns and zero it; accepts a zeroed table. */
void cl_table_free(struct cl_table *t);

/* Append a row of null values and no geometry; its index or -1 (ENOMEM). */
int cl_table_add_row(struct cl_table *t);

/* Append a position to the last row's geometry; 0 or -1 (ENOMEM). */
int cl_table_add_pos(struct cl_table *t, double lon, double lat);

/*
 * Set column c of the last row to s (copied; NULL = null), printed as the
 * column's type wants it (the builder formats numbers and times). 0 or -1
 * (ENOMEM).
 */
int cl_table_set(struct cl_table *t, int c, const char *s);

/* Value of row r, column c (NULL = null). */
static inline const char *cl_table_get(const struct cl_table *t, int r, int c)
{
	return t->val[(long)r * t->ncols + c];
}

/* The index of the column named name, or -1. */
int cl_table_col(const struct cl_table *t, const char *name);

#endif
