/*
 * dist_osrm.c -- OSRM router (dist_osrm.h). Not built yet.
 */
#include <stddef.h>

#include "cunlu/dist_osrm.h"

void cl_osrm_opts_default(struct cl_osrm_opts *o)
{
	o->url = NULL;
	o->profile = "driving";
	o->timeout_s = 30;
	o->retries = 3;
	o->max_table = 100;
}

int cl_router_osrm(const struct cl_osrm_opts *o, struct cl_router *out,
		   struct cl_error *err)
{
	(void)out;
	return cl_fail(err, CL_EINPUT, "%s: OSRM is not supported yet", o->url);
}
