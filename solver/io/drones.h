/*
 * io/drones.h -- the two drone layers (issue 15): no-fly zones
 * (--no-fly zones.shp, polygons) and launch sites (--drone-sites
 * sites.shp, points). Both are read with the shapefile checks of io/shp.c
 * (members, .prj, headers, code page) and turned into the instance's
 * parts (struct cl_zone, launch sites as struct cl_site).
 */
#ifndef CUNLU_IO_DRONES_H
#define CUNLU_IO_DRONES_H

#include "cunlu/error.h"
#include "cunlu/instance.h"

/*
 * No-fly zones from a polygon layer: one zone per record (not marked
 * deleted), with its ID (the ID column, else the 1-based record number)
 * and NAME (else ""). Every record must be a polygon of closed rings
 * (cl_shp_read_polygons says what is refused, naming the file and the
 * record). On success *zones is a new array of *nzones (free with
 * cl_zones_free); a layer whose records are all deleted gives 0 zones and
 * a warning. On failure *zones is NULL and err names the file and record.
 */
int cl_nofly_read(const char *path, struct cl_zone **zones, int *nzones,
		  struct cl_error *err);

/*
 * Launch sites from a point layer: ID, NAME and TYPES, the drone types
 * based there (names of the fleet's drone types separated by ';', ',',
 * '、' or blanks; case-insensitive when no exact match). A type named at
 * two sites, a name that is not in the fleet or not a drone type, is
 * CL_EINPUT naming the file, the record and the field; a missing TYPES
 * column likewise. A site with an empty TYPES is warned about and kept
 * (it bases no drone). On success *sites is a new array of *nsites (free
 * with cl_sites_free) and base[t] is set for every type of types[0..ntypes)
 * (0: the depot, k: sites[k - 1]).
 */
int cl_drone_sites_read(const char *path, const struct cl_vtype *types, int ntypes,
			struct cl_site **sites, int *nsites, int *base,
			struct cl_error *err);

#endif
