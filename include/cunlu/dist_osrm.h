/*
 * dist_osrm.h -- distances, times and shapes from an OSRM routing server
 * over HTTP (/table/v1 for the matrices, /route/v1 for the shapes).
 */
#ifndef CUNLU_DIST_OSRM_H
#define CUNLU_DIST_OSRM_H

#include "cunlu/error.h"
#include "cunlu/router.h"

struct cl_osrm_opts {
	const char *url;           /* e.g. http://127.0.0.1:5000 */
	const char *profile;       /* "driving" (default) */
	double timeout_s;          /* per request (default 30) */
	int retries;               /* extra attempts after a failure (default 3) */
	int max_table;             /* the server's table-size limit (default 100) */
};

void cl_osrm_opts_default(struct cl_osrm_opts *o);

/* Make a router that asks the server. CL_EINPUT for a malformed URL. */
int cl_router_osrm(const struct cl_osrm_opts *o, struct cl_router *out,
		   struct cl_error *err);

#endif
