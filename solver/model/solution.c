/*
 * solution.c -- the plan handed from the search to the checker and writers.
 */
#include <stdlib.h>
#include <string.h>

#include "cunlu/solution.h"

struct cl_solution *cl_solution_create(void)
{
	return calloc(1, sizeof(struct cl_solution));
}

void cl_solution_destroy(struct cl_solution *sol)
{
	if (!sol)
		return;
	for (int r = 0; r < sol->nroutes; r++) {
		free(sol->routes[r].stops);
		free(sol->routes[r].deliver);
		free(sol->routes[r].pickup);
	}
	free(sol->routes);
	free(sol->unassigned);
	free(sol->reasons);
	free(sol->deferred);
	free(sol);
}

/* A copy of a[0..n) (NULL stays NULL); *ok = 0 when out of memory. */
static int *dup_ints(const int *a, int n, int *ok)
{
	if (!a)
		return NULL;
	int *c = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
	if (!c) {
		*ok = 0;
		return NULL;
	}
	if (n > 0)
		memcpy(c, a, sizeof(int) * (size_t)n);
	return c;
}

int cl_solution_add_trip(struct cl_solution *sol, int type, int vehicle,
			 int trip, int depart_s, const int *stops, int nstops,
			 const int *deliver, const int *pickup)
{
	struct cl_route *grown, *r;
	static const int none[1] = { 0 };
	int ok = 1;
	int *copy = dup_ints(nstops > 0 ? stops : none, nstops, &ok);
	int *dl = dup_ints(deliver, nstops, &ok);
	int *pk = dup_ints(pickup, nstops, &ok);

	if (!ok)
		goto nomem;
	grown = realloc(sol->routes, sizeof *grown * (size_t)(sol->nroutes + 1));
	if (!grown)
		goto nomem;
	sol->routes = grown;
	r = &sol->routes[sol->nroutes++];
	r->type = type;
	r->vehicle = vehicle;
	r->trip = trip;
	r->depart_s = depart_s;
	r->nstops = nstops;
	r->stops = copy;
	r->deliver = dl;
	r->pickup = pk;
	return CL_OK;
nomem:
	free(copy);
	free(dl);
	free(pk);
	return CL_EINTERNAL;
}

int cl_solution_add_route(struct cl_solution *sol, int type, int vehicle,
			  int depart_s, const int *stops, int nstops)
{
	return cl_solution_add_trip(sol, type, vehicle, 0, depart_s, stops,
				    nstops, NULL, NULL);
}

int cl_solution_add_unassigned(struct cl_solution *sol, int site,
			       enum cl_reason why)
{
	size_t n = (size_t)sol->nunassigned + 1;
	int *u = realloc(sol->unassigned, sizeof *u * n);
	if (!u)
		return CL_EINTERNAL;
	sol->unassigned = u;
	enum cl_reason *w = realloc(sol->reasons, sizeof *w * n);
	if (!w)
		return CL_EINTERNAL;
	sol->reasons = w;
	u[sol->nunassigned] = site;
	w[sol->nunassigned] = why;
	sol->nunassigned++;
	return CL_OK;
}

int cl_solution_add_deferred(struct cl_solution *sol, int site)
{
	int *d = realloc(sol->deferred, sizeof *d * (size_t)(sol->ndeferred + 1));
	if (!d)
		return CL_EINTERNAL;
	sol->deferred = d;
	d[sol->ndeferred++] = site;
	return CL_OK;
}
