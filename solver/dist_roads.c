/*
 * dist_roads.c -- road-network router (dist_roads.h). Not built yet.
 */
#include <stddef.h>

#include "cunlu/dist_roads.h"

void cl_roads_opts_default(struct cl_roads_opts *o)
{
	o->path = NULL;
	o->snap_warn_m = 500;
	o->threads = 1;
	o->f_highway = o->f_oneway = o->f_maxspeed = o->f_name = NULL;
}

int cl_router_roads(const struct cl_roads_opts *o,
		    const struct cl_instance *inst, struct cl_router *out,
		    struct cl_error *err)
{
	(void)inst;
	(void)out;
	return cl_fail(err, CL_EINPUT, "%s: road networks are not supported yet", o->path);
}
