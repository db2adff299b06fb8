/*
 * dist/snapnote.c -- the text that explains the snap bound (router.h,
 * cl_snap_note), shared by the roads and OSRM routers so that a village
 * beyond --snap-max reads the same whichever gave the distances.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cunlu/router.h"
#include "util/append.h"

static int beyond(double d, double bound)
{
	return !isnan(d) && d > bound;
}

/* "6912 m", or "(none it may use)" for INFINITY. */
static void put_dist(char *buf, size_t size, size_t *o, double d)
{
	if (isinf(d))
		cl_appendf(buf, size, o, "(none it may use)");
	else
		cl_appendf(buf, size, o, "%.0f m", d);
}

/* The names of the types grouped with t (same printed distance in m[]). */
static void put_names(const struct cl_instance *inst, const double *m, double bound,
		      int t, int *done, char *buf, size_t size, size_t *o)
{
	cl_appendf(buf, size, o, "%s", inst->types[t].name);
	done[t] = 1;
	for (int u = t + 1; u < inst->ntypes; u++) {
		if (done[u] || inst->types[u].count <= 0 || !beyond(m[u], bound) ||
		    !(isinf(m[t]) ? isinf(m[u]) : lround(m[u]) == lround(m[t])))
			continue;
		cl_appendf(buf, size, o, ", %s", inst->types[u].name);
		done[u] = 1;
	}
}

#define MAX_GROUPED 64

int cl_snap_note(const struct cl_instance *inst, const double *site_m,
		 const double *depot_m, double bound_m, char *buf, size_t size)
{
	int done_site[MAX_GROUPED], done_depot[MAX_GROUPED];
	int any_site = 0, any_depot = 0, first = 1;
	size_t o = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (int t = 0; t < inst->ntypes; t++) {
		int on_depot = depot_m && beyond(depot_m[t], bound_m);
		if (inst->types[t].count <= 0)
			continue;
		any_depot |= on_depot;
		/* a type that cannot leave the depot is explained by the depot */
		any_site |= !on_depot && site_m && beyond(site_m[t], bound_m);
	}
	if (!any_site && !any_depot)
		return 0;
	cl_appendf(buf, size, &o, "no road within --snap-max %.0f m: ", bound_m);
	if (inst->ntypes > MAX_GROUPED) {
		cl_appendf(buf, size, &o, "%s beyond it for some vehicle types",
			   any_depot ? "the depot is" : "the village is");
		return 1;
	}
	for (int t = 0; t < inst->ntypes; t++) {
		done_depot[t] = 0;
		done_site[t] = depot_m && beyond(depot_m[t], bound_m);
	}
	for (int t = 0; any_site && t < inst->ntypes; t++) {
		if (done_site[t] || inst->types[t].count <= 0 || !beyond(site_m[t], bound_m))
			continue;
		cl_appendf(buf, size, &o, "%s", first ? "" : ", ");
		put_names(inst, site_m, bound_m, t, done_site, buf, size, &o);
		cl_appendf(buf, size, &o, " ");
		put_dist(buf, size, &o, site_m[t]);
		first = 0;
	}
	for (int t = 0; any_depot && t < inst->ntypes; t++) {
		if (done_depot[t] || inst->types[t].count <= 0 || !beyond(depot_m[t], bound_m))
			continue;
		cl_appendf(buf, size, &o, "%s", first ? "" : "; ");
		if (isinf(depot_m[t])) {
			put_names(inst, depot_m, bound_m, t, done_depot, buf, size, &o);
			cl_appendf(buf, size, &o, " may use no road of the network");
		} else {
			cl_appendf(buf, size, &o, "the depot is %.0f m from the roads ",
				   depot_m[t]);
			put_names(inst, depot_m, bound_m, t, done_depot, buf, size, &o);
			cl_appendf(buf, size, &o, " may use");
		}
		first = 0;
	}
	return 1;
}
