/*
 * io/proj.h -- coordinate reference systems of input layers, through PROJ
 * (io/proj.c is the only file that includes proj.h).
 *
 * County GIS data in China is mostly in CGCS2000 Gauss-Krueger zones
 * (3 degree: EPSG:4513-4533 with the zone number in front of the easting,
 * 4534-4554 without; 6 degree: 4491-4501 and 4502-4512), sometimes UTM or
 * Web Mercator, or geographic on an older datum (Beijing 1954, Xian 1980).
 * A layer's .prj (ESRI or OGC WKT) or a user's "EPSG:4547" becomes a
 * transformation to WGS 84 longitude/latitude, applied to every position
 * as it is read. WGS 84 and CGCS2000 longitude/latitude need none (the two
 * agree within centimetres) and positions stay exactly as read.
 */
#ifndef CUNLU_IO_PROJ_H
#define CUNLU_IO_PROJ_H

#include "cunlu/error.h"

struct cl_crs;

/*
 * The CRS described by def: the text of a .prj file (WKT, read as WKT only)
 * or anything PROJ reads ("EPSG:4547", "+proj=utm +zone=49"). what names it in
 * messages (the .prj file, or "--crs"). On success *out is NULL when the
 * CRS is WGS 84 or CGCS2000 longitude/latitude (no transformation needed),
 * else a transformation to free with cl_crs_destroy(); a transformation
 * whose accuracy PROJ does not know, or that is worse than 5 m, is warned
 * about. CL_EINPUT naming what when PROJ cannot read def or transform it
 * to WGS 84 (with PROJ's reason); CL_EINTERNAL when out of memory.
 * Transformations are pooled by def (io/proj.c): an idle one made before
 * is handed out again, with its messages said again for what; a def
 * refused before is refused again at once, with the same reason. A
 * geographic CRS on WGS 84 or CGCS2000 with another prime meridian or
 * angular unit is shifted and scaled here, without PROJ.
 */
int cl_crs_create(const char *def, const char *what, struct cl_crs **out,
		  struct cl_error *err);

/* How many definitions the pool of transformations holds (io/proj.c), for
 * the tests. */
int cl_crs_pool_count(void);

/* Does the pool hold def (a transformation, none needed, or a refusal)?
 * For the tests. */
int cl_crs_pooled(const char *def);

/* Does s look like WKT: after blanks, a keyword followed by '[' or '('? */
int cl_crs_is_wkt(const char *s);

/* Free a transformation; accepts NULL. */
void cl_crs_destroy(struct cl_crs *crs);

/* The CRS's name ("CGCS2000 / 3-degree Gauss-Kruger CM 117E"). */
const char *cl_crs_name(const struct cl_crs *crs);

/*
 * Transform (*x, *y), in the CRS's units and axis order as stored in a
 * shapefile (easting, northing; or longitude, latitude), to WGS 84
 * longitude and latitude in degrees. 0, or -1 when PROJ cannot (the
 * position is outside what the CRS covers); *x and *y are then NaN.
 */
int cl_crs_to_lonlat(struct cl_crs *crs, double *x, double *y);

/*
 * A hint for positions that are not degrees, in a layer that says nothing
 * about its CRS: the likely family from the magnitudes of one position
 * ("CGCS2000 3-degree Gauss-Kruger zone 39 with the zone number in the
 * easting (EPSG:4527)", "Web Mercator (EPSG:3857)", ...), written into
 * buf, and the one EPSG code it points to (or "") into code[0..16).
 * Returns 1 when the position looks projected, 0 when it fits no family
 * (buf then says so).
 */
int cl_crs_guess(double x, double y, char *buf, size_t size, char code[16]);

#endif
