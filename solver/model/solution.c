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
	for (int r = 0; r < sol->nroutes; r++)
		free(sol->routes[r].stops);
	free(sol->routes);
	free(sol->unassigned);
	free(sol->reasons);
	free(sol);
}

int cl_solution_add_route(struct cl_solution *sol, int type, int vehicle,
			  int depart_s, const int *stops, int nstops)
{
	struct cl_route *grown, *r;
	int *copy;

	copy = malloc(sizeof(int) * (size_t)(nstops > 0 ? nstops : 1));
	if (!copy)
		return CL_EINTERNAL;
	grown = realloc(sol->routes, sizeof *grown * (size_t)(sol->nroutes + 1));
	if (!grown) {
		free(copy);
		return CL_EINTERNAL;
	}
	sol->routes = grown;
	r = &sol->routes[sol->nroutes++];
	if (nstops > 0)
		memcpy(copy, stops, sizeof(int) * (size_t)nstops);
	r->type = type;
	r->vehicle = vehicle;
	r->depart_s = depart_s;
	r->nstops = nstops;
	r->stops = copy;
	return CL_OK;
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
