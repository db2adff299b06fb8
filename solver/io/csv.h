/*
 * io/csv.h -- village service points from a CSV table, as clerks keep
 * them in Excel: one row per village, a header row naming the columns,
 * longitude and latitude in two columns.
 *
 * The same fields, defaults, checks and messages as a shapefile's .dbf
 * (io/fields.h), with "line N" (the header is line 1) where a .dbf says
 * "record N", plus:
 *
 *   lon, lat    longitude and latitude columns (--field lon=经度 --field
 *               lat=纬度; by default LON/LAT, X/Y, LONGITUDE/LATITUDE, LNG,
 *               经度/纬度), in decimal degrees or degrees-minutes-seconds;
 *               with --crs, in that coordinate system (metres of a
 *               Gauss-Kruger zone, ...), transformed to WGS 84
 *   encoding    UTF-8 (with or without Excel's byte order mark) or GBK
 *               (Excel's "CSV" on a Chinese Windows); text that is not
 *               valid UTF-8 is read as GB18030 with a warning; UTF-16
 *               ("Unicode text") is refused naming how to save instead
 *   separator   ',' (or ';' or a tab when the header has those and no
 *               comma); RFC 4180 quotes, line breaks inside quotes, CRLF
 *               or LF; blank rows skipped
 */
#ifndef CUNLU_IO_CSV_H
#define CUNLU_IO_CSV_H

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "io/shp.h"

/* Largest CSV file read (bytes). */
#define CL_CSV_MAX (256L << 20)

/*
 * Read the villages of the CSV file at path with the options of a village
 * layer (io/shp.h: field map, default warnings, --strict, --crs). On
 * success *sites is a new array of *nsites sites (cl_sites_free); an empty
 * table is an error. On failure CL_EINPUT with one message naming the
 * file, the line and the column (or CL_EINTERNAL when out of memory) and
 * nothing allocated.
 */
int cl_csv_read_sites(const char *path, const struct cl_shp_read_opts *o,
		      struct cl_site **sites, int *nsites, struct cl_error *err);

/* The same from a CSV text in memory (what the fuzzer feeds); path is the
 * name used in messages. */
int cl_csv_parse_sites(const char *path, const char *data, size_t len,
		       const struct cl_shp_read_opts *o, struct cl_site **sites,
		       int *nsites, struct cl_error *err);

#endif
