/*
 * model/far.h -- geography sanity: villages or a depot far from the rest
 * (model/far.c), checked before any routing.
 *
 *   CL_FAR_KM      the depot within this of the villages' median point,
 *                  every village within this of the depot
 *   CL_FAR_SPREAD  every village within this many times the layer's
 *                  spread (the 90th percentile of the villages' distances
 *                  to their median point) of that point ...
 *   CL_FAR_MIN_KM  ... or within this, whichever is larger
 */
#ifndef CUNLU_MODEL_FAR_H
#define CUNLU_MODEL_FAR_H

#include "cunlu/error.h"
#include "cunlu/instance.h"

#define CL_FAR_KM 300
#define CL_FAR_SPREAD 10
#define CL_FAR_MIN_KM 50

/*
 * Check inst's coordinates (see the top of model/far.c). CL_OK; CL_EINPUT
 * naming the depot, or the first far village (record, FID, ID, name) with
 * its distance, the rule it breaks, and "longitude and latitude look
 * swapped" with the distance it would have when swapping fixes it, then
 * how many more are far. With allow (--allow-far) a warning per far site
 * instead, and CL_OK. Benchmark (planar) instances are not checked.
 * CL_EINTERNAL when out of memory.
 */
int cl_instance_check_far(const struct cl_instance *inst, int allow,
			  struct cl_error *err);

#endif
