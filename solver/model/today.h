/*
 * model/today.h -- which villages of the layer are in today's problem.
 *
 * A village is left out of today's plan, with the reason the outputs show
 * (enum cl_idle), when:
 *   - an orders file was given and it has no line for the village
 *     (CL_IDLE_NO_ORDERS, status "nothing today");
 *   - it has nothing to deliver and nothing to collect
 *     (CL_IDLE_NOTHING, "nothing today");
 *   - its DAYS do not include the plan date's weekday and none of its
 *     parcels is due today (CL_IDLE_NOT_SCHEDULED, "not scheduled"). Only
 *     an orders file says a parcel is due (DUE 0 or blank); without one,
 *     DAYS alone decides.
 * The others go to the search; those with nothing due today (every DUE
 * >= 1) are optional there (struct cl_site.optional).
 */
#ifndef CUNLU_MODEL_TODAY_H
#define CUNLU_MODEL_TODAY_H

#include "cunlu/error.h"
#include "cunlu/instance.h"

/*
 * A date "YYYY-MM-DD" (Gregorian, years 1900..9999): its ISO weekday
 * (1 = Monday .. 7 = Sunday) in *weekday. CL_OK or CL_EINPUT (no message).
 */
int cl_date_weekday(const char *date, int *weekday);

/* Tomorrow's date in local time, "YYYY-MM-DD", into buf. */
void cl_date_tomorrow(char buf[32]);

/*
 * Keep in (*villages, *n) the villages of today's problem, in their order,
 * and move the others to x->idle / x->idle_why (appended; owned by x).
 * nlines[i] is the number of order lines of village i, or nlines is NULL
 * when no orders file was given. weekday is the plan date's ISO weekday.
 * CL_OK, or CL_EINTERNAL when out of memory (nothing moved).
 */
int cl_day_select(struct cl_site *villages, int *n, const int *nlines,
		  int weekday, struct cl_instance_extra *x, struct cl_error *err);

#endif
