/*
 * io/points.h -- a village or depot layer in any format the program reads:
 * a shapefile (io/shp.c) or, for a path ending in .csv, a CSV table
 * (io/csv.c); then positions taken from a Chinese web map moved back to
 * WGS 84 (--coords gcj02|bd09, io/datum.h).
 */
#ifndef CUNLU_IO_POINTS_H
#define CUNLU_IO_POINTS_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "io/datum.h"
#include "io/shp.h"

/* Does path name a CSV table (ends in .csv, any case)? */
int cl_points_is_csv(const char *path);

/*
 * Read the points of path with the options of a village layer (io/shp.h)
 * and convert them from datum to WGS 84. As cl_shp_read_sites.
 */
int cl_points_read(const char *path, const struct cl_shp_read_opts *o,
		   enum cl_datum datum, struct cl_site **sites, int *nsites,
		   struct cl_error *err);

#endif
