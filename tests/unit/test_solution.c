/*
 * test_solution.c -- the plan container (solution.h): trips, per-visit
 * shares, deferred villages.
 */
#include "tinytest.h"
#include "cunlu/solution.h"

static void test_route_defaults(void)
{
	struct cl_solution *s = cl_solution_create();
	int stops[] = { 3, 1, 2 };

	CHECK(s != NULL);
	CHECK_INT(cl_solution_add_route(s, 1, 2, 3600, stops, 3), CL_OK);
	CHECK_INT(s->nroutes, 1);
	CHECK_INT(s->routes[0].type, 1);
	CHECK_INT(s->routes[0].vehicle, 2);
	CHECK_INT(s->routes[0].trip, 0);
	CHECK_INT(s->routes[0].depart_s, 3600);
	CHECK_INT(s->routes[0].stops[2], 2);
	CHECK(s->routes[0].deliver == NULL);
	CHECK(s->routes[0].pickup == NULL);
	stops[2] = 9;   /* copied, not kept */
	CHECK_INT(s->routes[0].stops[2], 2);
	cl_solution_destroy(s);
}

static void test_trips_and_shares(void)
{
	struct cl_solution *s = cl_solution_create();
	int a[] = { 1, 2 }, b[] = { 2 };
	int dl[] = { 30 }, pk[] = { 0 };
	struct cl_site sites[3];
	struct cl_instance inst;

	memset(sites, 0, sizeof sites);
	sites[1].demand = 4;
	sites[1].pickup = 1;
	sites[2].demand = 70;
	memset(&inst, 0, sizeof inst);
	inst.nsites = 3;
	inst.sites = sites;
	CHECK_INT(cl_solution_add_trip(s, 0, 0, 0, 28800, a, 2, NULL, NULL), CL_OK);
	CHECK_INT(cl_solution_add_trip(s, 0, 0, 1, 36000, b, 1, dl, pk), CL_OK);
	CHECK_INT(s->nroutes, 2);
	CHECK_INT(s->routes[1].trip, 1);
	CHECK_INT(s->routes[1].depart_s, 36000);
	dl[0] = 5;   /* copied */
	CHECK_INT(cl_route_deliver(&s->routes[1], &inst, 0), 30);
	CHECK_INT(cl_route_pickup(&s->routes[1], &inst, 0), 0);
	CHECK_INT(cl_route_deliver(&s->routes[0], &inst, 1), 70);
	CHECK_INT(cl_route_deliver(&s->routes[0], &inst, 0), 4);
	CHECK_INT(cl_route_pickup(&s->routes[0], &inst, 0), 1);
	cl_solution_destroy(s);
}

static void test_unassigned_and_deferred(void)
{
	struct cl_solution *s = cl_solution_create();

	CHECK_INT(cl_solution_add_unassigned(s, 4, CL_REASON_FLEET), CL_OK);
	CHECK_INT(cl_solution_add_deferred(s, 5), CL_OK);
	CHECK_INT(cl_solution_add_deferred(s, 7), CL_OK);
	CHECK_INT(s->nunassigned, 1);
	CHECK_INT(s->reasons[0], CL_REASON_FLEET);
	CHECK_INT(s->ndeferred, 2);
	CHECK_INT(s->deferred[0], 5);
	CHECK_INT(s->deferred[1], 7);
	cl_solution_destroy(s);
	cl_solution_destroy(NULL);
}

int main(void)
{
	RUN(test_route_defaults);
	RUN(test_trips_and_shares);
	RUN(test_unassigned_and_deferred);
	TT_END();
}
