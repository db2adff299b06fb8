/*
 * dist_geo.h -- the map-free router: great-circle distance times a road
 * detour factor, divided by each vehicle type's speed (matrix.c).
 */
#ifndef CUNLU_DIST_GEO_H
#define CUNLU_DIST_GEO_H

#include "cunlu/router.h"

int cl_router_geo(double detour, struct cl_router *out, struct cl_error *err);

#endif
