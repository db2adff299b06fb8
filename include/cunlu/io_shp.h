/*
 * io_shp.h -- village service points (and the depot) from ESRI shapefiles.
 *
 * Point, PointZ, PointM and MultiPoint layers (a MultiPoint record gives its
 * first point). Attributes come from the .dbf under default field names,
 * matched case-insensitively and overridable one by one:
 *
 *   field      default name  meaning                       when absent
 *   id         ID            identifier (text or number)   record number (1-based)
 *   name       NAME          village / shop name           ""
 *   demand     DEMAND        parcels to deliver            1
 *   pickup     PICKUP        parcels to collect            0
 *   service    SERVICE       minutes at the stop           5
 *   tw_start   TW_START      opening time "HH:MM"          00:00
 *   tw_end     TW_END        closing time "HH:MM"          24:00
 *
 * A NULL / empty value in a record takes the default too. Text is decoded
 * by the .cpg file or the DBF language driver; without either, a value that
 * is not valid UTF-8 is read as GB18030 (a superset of GBK/GB2312). The
 * .prj must be geographic (WGS84 or CGCS2000; other datums are warned
 * about); a projected .prj is an error naming it. No .prj: lon/lat assumed.
 */
#ifndef CUNLU_IO_SHP_H
#define CUNLU_IO_SHP_H

#include "cunlu/error.h"
#include "cunlu/instance.h"

enum cl_field {
	CL_FIELD_ID, CL_FIELD_NAME, CL_FIELD_DEMAND, CL_FIELD_PICKUP,
	CL_FIELD_SERVICE, CL_FIELD_TW_START, CL_FIELD_TW_END, CL_FIELD_COUNT
};

/* Which .dbf column feeds each field (names are borrowed, not owned). */
struct cl_fieldmap {
	const char *name[CL_FIELD_COUNT];
};

void cl_fieldmap_default(struct cl_fieldmap *fm);

/*
 * Apply one "--field key=COLUMN" override, e.g. "demand=PARCELS". The
 * column name is borrowed from spec (keep spec alive). CL_EINPUT on an
 * unknown key or a missing '='.
 */
int cl_fieldmap_set(struct cl_fieldmap *fm, const char *spec,
		    struct cl_error *err);

/*
 * Read every point of the layer at path (".shp" may be given or omitted).
 * On success *sites is a new array of *nsites sites (free with
 * cl_sites_free); an empty layer is an error. On failure returns CL_EINPUT
 * with a message naming the file, and the record (1-based) and field
 * where the problem is; nothing is allocated.
 */
int cl_shp_read_points(const char *path, const struct cl_fieldmap *fm,
		       struct cl_site **sites, int *nsites,
		       struct cl_error *err);

#endif
