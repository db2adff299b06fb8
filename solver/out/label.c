/*
 * label.c -- the small things the writers share (out/internal.h): the
 * vehicle label and the reason text of an unassigned village. Kept apart from output.c, which calls the writers, so that
 * no two output files call each other.
 */
#include <stdio.h>

#include "out/internal.h"

int cl_out_vehicle_label(const struct cl_instance *inst,
			 const struct cl_route *r, char buf[CL_OUT_LABEL_MAX],
			 struct cl_error *err)
{
	const char *name = inst->types[r->type].name;
	int n = snprintf(buf, CL_OUT_LABEL_MAX, "%s-%d", name, r->vehicle + 1);

	if (n < 0 || n >= CL_OUT_LABEL_MAX)
		return cl_fail(err, CL_EOUTPUT,
			       "vehicle type name \"%.40s...\" is too long for a vehicle label",
			       name);
	return CL_OK;
}

const char *cl_out_reason(const struct cl_instance *inst,
			  const struct cl_solution *sol, int u,
			  const struct cl_runinfo *info, char *buf, size_t size)
{
	const struct cl_router *rt = info ? info->router : NULL;

	if (sol->reasons[u] == CL_REASON_NOROAD && rt && rt->site_note &&
	    rt->site_note(rt->ctx, inst, sol->unassigned[u], buf, size))
		return buf;
	if (info && info->unassigned_why && info->unassigned_why[u])
		return info->unassigned_why[u];
	return cl_reason_text(sol->reasons[u]);
}
