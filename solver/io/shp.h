/*
 * io/shp.h -- village service points (and the depot) from ESRI shapefiles,
 * road lines for dist/roads.c (cl_shp_read_lines) and no-fly polygons for
 * io/drones.c (cl_shp_read_polygons), both at the end.
 *
 * Point, PointZ, PointM and MultiPoint layers (a MultiPoint record gives its
 * first point). Attributes come from the .dbf columns of the field map
 * (io/fields.h: defaults, --field overrides, kept columns); a NULL or
 * blank value takes the field's default. Text is decoded
 * by the .cpg file or the DBF language driver; without either, a value that
 * is not valid UTF-8 is read as GB18030 (a superset of GBK/GB2312). The
 * .prj must be geographic (WGS84 or CGCS2000; other datums are warned
 * about); a projected .prj is an error naming it. No .prj: lon/lat assumed.
 */
#ifndef CUNLU_IO_SHP_H
#define CUNLU_IO_SHP_H

#include <stdio.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "io/fields.h"

/* How to read a point layer (cl_shp_read_sites). */
struct cl_shp_read_opts {
	const struct cl_fieldmap *fm;  /* NULL: every field under its default */
	int warn_defaults;   /* a village layer: warn about each default column
				missing and each field with blank values, naming
				what was used and how to map a column
				(--field demand=件数) */
	int strict;          /* --strict: the data warnings (defaults applied,
				code page guessed or doubtful, coordinate system
				assumed) are errors, CL_EINPUT */
	const char *crs;     /* --crs: the coordinate system of a layer without
				a .prj ("EPSG:4547"; io/proj.h); NULL: WGS 84
				longitude/latitude. A layer's .prj, in any CRS
				PROJ reads, is transformed to WGS 84 lon/lat. */
};

/*
 * Read every point of the layer at path (".shp" may be given or omitted).
 * On success *sites is a new array of *nsites sites (free with
 * cl_sites_free); an empty layer is an error. On failure returns CL_EINPUT
 * with a message naming the file, and the record and field where the
 * problem is (`record 5 (FID 4, ID V004 "上林村")`), or CL_EINTERNAL
 * ("out of memory ..."); nothing is allocated.
 */
int cl_shp_read_sites(const char *path, const struct cl_shp_read_opts *o,
		      struct cl_site **sites, int *nsites, struct cl_error *err);

/* cl_shp_read_sites with fm and no default warnings (the depot). */
int cl_shp_read_points(const char *path, const struct cl_fieldmap *fm,
		       struct cl_site **sites, int *nsites,
		       struct cl_error *err);

/* One record of a line layer (cl_shp_read_lines); all borrowed. */
struct cl_shp_line {
	int record;            /* 0-based record in the layer */
	int nparts;            /* parts with at least two vertices (>= 1) */
	const int *part;       /* part k: vertices part[2k] .. part[2k+1]-1 */
	const double *x, *y;   /* longitude, latitude of the record's vertices */
	void *reader;          /* for cl_shp_line_value */
};

/*
 * The decoded text of requested column c (an index into the columns of
 * cl_shp_read_lines) of the record being read, decoded only now: road
 * text the routing never asks for (a road's name) is never decoded.
 * *value is NULL when the column is absent, NULL or blank, or does not
 * decode in the layer's code page (such values are counted and warned
 * about once per column at the end of the layer, never refused); valid
 * until fn returns. CL_OK, or CL_EINTERNAL when out of memory.
 */
int cl_shp_line_value(const struct cl_shp_line *ln, int c, const char **value,
		      struct cl_error *err);

/*
 * Read a line layer (PolyLine, PolyLineZ, PolyLineM; Z and M are ignored)
 * with the same checks as cl_shp_read_points: the members, the .prj, the
 * headers and the code page. columns[0..ncols) are .dbf column names
 * (case-insensitive, NULL entries never match); present[c] is set to 1
 * when columns[c] exists, before fn is first called. fn is called once per
 * record that has a part of two or more vertices (null shapes, records
 * marked deleted and shorter parts are skipped); a status other than CL_OK
 * from fn stops the reading and is returned. A layer of another type is
 * CL_EINPUT naming the file.
 */
int cl_shp_read_lines(const char *path, const char *const *columns, int ncols,
		      int *present,
		      int (*fn)(void *user, const struct cl_shp_line *line,
				struct cl_error *err),
		      void *user, struct cl_error *err);

/* One record of a polygon layer (cl_shp_read_polygons); all borrowed. */
struct cl_shp_polygon {
	int record;            /* 0-based record in the layer */
	int nrings;            /* rings (outer rings and holes alike; >= 1) */
	const int *ring;       /* nrings + 1 entries: ring k is vertices
				  ring[k] .. ring[k + 1] - 1 */
	int npts;              /* ring[nrings] */
	const double *x, *y;   /* longitude, latitude of the vertices */
	const char *id;        /* the ID column's text; NULL when absent or
				  blank */
	const char *name;      /* the NAME column's text, likewise */
};

/*
 * Read a polygon layer (Polygon, PolygonZ, PolygonM; Z and M ignored) with
 * the same checks as cl_shp_read_points (members, .prj, headers, code
 * page); fn is called once per record not marked deleted, and a status
 * other than CL_OK from fn stops the reading and is returned. Refused
 * with CL_EINPUT naming the file and the record: a layer of another
 * type, a null shape (a zone that lost its geometry would silently not be
 * enforced), a ring of fewer than 4 vertices, a ring that is not closed
 * (last vertex = first), a ring without area, coordinates that are not
 * lon/lat, an ID or NAME that does not decode.
 */
int cl_shp_read_polygons(const char *path,
			 int (*fn)(void *user, const struct cl_shp_polygon *pg,
				   struct cl_error *err),
			 void *user, struct cl_error *err);

/*
 * Write table t as a shapefile: the .shp, .shx and .dbf members go to the
 * three streams (opened by the caller, who flushes and closes them; the
 * .prj and .cpg are the caller's too). A point table gives a Point layer,
 * a line table a PolyLine layer; a row without a geometry, or a line
 * whose positions are all the same, is a Null shape. Columns become
 * dBASE fields: text and times as character fields as wide as the
 * longest value (at most 254 bytes: a longer value is cut at a character
 * boundary, with a warning), integers as numeric fields without decimals,
 * reals with the column's decimals; a null is a dBASE null. Names longer
 * than 10 bytes are cut (warning). Text, names included, is written in
 * encoding: "UTF-8", or "GBK" (language driver 0x4D; a character GBK
 * lacks becomes '?', with a warning). what names the layer in warnings
 * ("stops.shp"). CL_EOUTPUT when shapelib fails, CL_EINPUT for an
 * encoding iconv does not know, CL_EINTERNAL when out of memory.
 */
struct cl_table;
int cl_shp_write_table(const struct cl_table *t, const char *encoding,
		       const char *what, FILE *shp, FILE *shx, FILE *dbf,
		       struct cl_error *err);

#endif
