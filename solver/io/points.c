/*
 * io/points.c -- point layers of any format (io/points.h).
 */
#include <string.h>

#include "cunlu/log.h"
#include "io/csv.h"
#include "io/points.h"

int cl_points_is_csv(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && path[n - 4] == '.' && cl_column_eq(path + n - 3, "csv");
}

int cl_points_read(const char *path, const struct cl_shp_read_opts *o,
		   enum cl_datum datum, struct cl_site **sites, int *nsites,
		   struct cl_error *err)
{
	int rc, moved = 0;

	rc = cl_points_is_csv(path) ? cl_csv_read_sites(path, o, sites, nsites, err)
				    : cl_shp_read_sites(path, o, sites, nsites, err);
	if (rc || datum == CL_DATUM_WGS84)
		return rc;
	for (int i = 0; i < *nsites; i++) {
		double lon = (*sites)[i].lon, lat = (*sites)[i].lat;

		cl_datum_to_wgs84(datum, &(*sites)[i].lon, &(*sites)[i].lat);
		moved += lon != (*sites)[i].lon || lat != (*sites)[i].lat;
	}
	cl_info("%s: %d of %d positions moved from %s to WGS 84 (--coords)%s", path, moved,
		*nsites, cl_datum_name(datum),
		moved < *nsites ? "; the others are outside mainland China, where the "
				  "datums agree" : "");
	return CL_OK;
}
