/*
 * osrm.h -- OSRM's replies read into plain arrays (dist/osrm.c, the only
 * file that reads OSRM's JSON). Internal: the router (router.h) is the
 * public side; these are here so that a fuzzer can feed replies to the
 * parser directly (tests/fuzz/fuzz_osrm.c), without HTTP.
 *
 * Both parsers first judge the reply: HTTP status 200, a JSON object,
 * "code": "Ok". Anything else is CL_EROUTING naming `shown` (the request
 * URL, abbreviated), the status and OSRM's code and message; `code` gets
 * OSRM's code ("TooBig", ...) or "" so the caller can add a hint. Every
 * array the reply must hold is checked for its size and element types;
 * nothing outside the documented ranges reaches the caller.
 */
#ifndef CUNLU_DIST_OSRM_H
#define CUNLU_DIST_OSRM_H

#include <stddef.h>

#include "cunlu/error.h"

#define CL_OSRM_CODE_MAX 32
#define CL_OSRM_VERSION_MAX 64

/*
 * A /table reply for nsrc sources x ndst destinations. The caller
 * allocates every array with the sizes shown; the parser fills them.
 */
struct cl_osrm_table {
	int nsrc, ndst;
	double *dur;          /* nsrc * ndst seconds, row = source; NAN = null */
	double *dist;         /* nsrc * ndst metres; NAN = null */
	double *snap_src;     /* nsrc: sources[i].distance, the metres from
				 the coordinate to where OSRM joined the road
				 network; NAN when the reply has no "sources" */
	double *snap_dst;     /* ndst: the same for "destinations" */
	double *loc_dst;      /* 2 * ndst: destinations[j].location (lon,
				 lat where it joined the network); NAN when
				 absent */
	char data_version[CL_OSRM_VERSION_MAX]; /* the reply's "data_version"
				 (printable ASCII, '?' for other bytes,
				 truncated), "" when absent */
	char code[CL_OSRM_CODE_MAX];            /* OSRM's "code", "" if none */
};

/*
 * Parse a /table reply (annotations=duration,distance). Cells are numbers
 * from 0 to 2^31 or null; snap distances numbers from 0 to 2e7 m;
 * locations valid lon/lat. CL_OK or CL_EROUTING (err names shown).
 */
int cl_osrm_parse_table(const char *shown, long status, const char *body,
			size_t len, struct cl_osrm_table *t, struct cl_error *err);

/*
 * Parse a /route reply over nlegs + 1 waypoints (steps=true,
 * geometries=geojson): the positions of every leg, from the steps'
 * geometries joined (a step's first point, equal to the previous step's
 * last, is written once). On CL_OK *xy (malloc'd, 2 doubles a position,
 * owned by the caller) holds all legs one after the other and leg i is
 * positions first[i] .. first[i + 1] - 1 (first has nlegs + 1 entries,
 * each leg has at least one position). code as above.
 */
int cl_osrm_parse_route(const char *shown, long status, const char *body,
			size_t len, int nlegs, double **xy, int *first,
			char code[CL_OSRM_CODE_MAX], struct cl_error *err);

#endif
