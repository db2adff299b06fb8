/*
 * label.c -- the small things the writers share (out/internal.h): the
 * vehicle label, the day planned, and the reason text of an unassigned
 * village. Kept apart from output.c, which calls the writers, so that no
 * two output files call each other.
 */
#include <stdio.h>

#include "model/today.h"
#include "out/internal.h"

void cl_out_day_label(const struct cl_runinfo *info, char buf[32])
{
	/* ISO weekday 1 = Monday: Chinese (UTF-8) and English */
	static const char *const day[7][2] = {
		{ "\xe5\x91\xa8\xe4\xb8\x80", "Mon" }, { "\xe5\x91\xa8\xe4\xba\x8c", "Tue" },
		{ "\xe5\x91\xa8\xe4\xb8\x89", "Wed" }, { "\xe5\x91\xa8\xe5\x9b\x9b", "Thu" },
		{ "\xe5\x91\xa8\xe4\xba\x94", "Fri" }, { "\xe5\x91\xa8\xe5\x85\xad", "Sat" },
		{ "\xe5\x91\xa8\xe6\x97\xa5", "Sun" },
	};
	int wd;

	buf[0] = '\0';
	if (!info || !info->date || cl_date_weekday(info->date, &wd) != CL_OK || wd < 1 || wd > 7)
		return;
	snprintf(buf, 32, "%.10s %s %s", info->date, day[wd - 1][0], day[wd - 1][1]);
}

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
