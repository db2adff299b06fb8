/*
 * test_today.c -- today's villages (model/today.h): weekdays of dates and
 * which villages are left out, with which reason.
 */
#include <stdlib.h>
#include <string.h>

#include "model/today.h"
#include "tinytest.h"

static void test_dates(void)
{
	int wd = 0;
	char buf[32];

	CHECK_INT(cl_date_weekday("1900-01-01", &wd), CL_OK);
	CHECK_INT(wd, 1);                               /* a Monday */
	CHECK_INT(cl_date_weekday("2024-02-29", &wd), CL_OK);
	CHECK_INT(wd, 4);                               /* Thursday */
	CHECK_INT(cl_date_weekday("2025-06-01", &wd), CL_OK);
	CHECK_INT(wd, 7);                               /* Sunday */
	CHECK_INT(cl_date_weekday("2000-03-01", &wd), CL_OK);
	CHECK_INT(wd, 3);
	CHECK_INT(cl_date_weekday("2023-02-29", &wd), CL_EINPUT);
	CHECK_INT(cl_date_weekday("2024-13-01", &wd), CL_EINPUT);
	CHECK_INT(cl_date_weekday("2024-1-01", &wd), CL_EINPUT);
	CHECK_INT(cl_date_weekday("2024-01-01x", &wd), CL_EINPUT);
	CHECK_INT(cl_date_weekday("1899-12-31", &wd), CL_EINPUT);
	cl_date_tomorrow(buf);
	CHECK_INT(cl_date_weekday(buf, &wd), CL_OK);
}

static void village(struct cl_site *s, const char *id, int demand, int pickup,
		    unsigned days, int due)
{
	memset(s, 0, sizeof *s);
	s->id = strdup(id);
	s->name = strdup("");
	s->demand = demand;
	s->pickup = pickup;
	s->days = days;
	s->due_days = due;
}

static void test_select(void)
{
	struct cl_site *v = calloc(6, sizeof *v);
	struct cl_instance_extra x;
	struct cl_error err;
	int nlines[6] = { 1, 0, 2, 1, 1, 1 };
	int n = 6;
	const unsigned mwf = (1u << 1) | (1u << 3) | (1u << 5);

	memset(&x, 0, sizeof x);
	village(&v[0], "every day", 3, 0, 0, 1);
	village(&v[1], "no orders", 3, 0, 0, 0);
	village(&v[2], "nothing", 0, 0, 0, 0);
	village(&v[3], "MWF, due later", 2, 0, mwf, 2);
	village(&v[4], "MWF, due today", 2, 0, mwf, 0);
	village(&v[5], "MWF", 0, 4, mwf, 1);
	/* Tuesday (2) */
	CHECK_INT(cl_day_select(v, &n, nlines, 2, &x, &err), CL_OK);
	CHECK_INT(n, 2);
	CHECK_STR(v[0].id, "every day");
	CHECK_STR(v[1].id, "MWF, due today");
	CHECK_INT(x.nidle, 4);
	if (x.nidle == 4) {
		CHECK_STR(x.idle[0].id, "no orders");
		CHECK_INT(x.idle_why[0], CL_IDLE_NO_ORDERS);
		CHECK_STR(x.idle[1].id, "nothing");
		CHECK_INT(x.idle_why[1], CL_IDLE_NOTHING);
		CHECK_STR(x.idle[2].id, "MWF, due later");
		CHECK_INT(x.idle_why[2], CL_IDLE_NOT_SCHEDULED);
		CHECK_INT(x.idle_why[3], CL_IDLE_NOT_SCHEDULED);
	}
	cl_sites_free(v, n);
	cl_instance_extra_free(&x);

	/* Without an orders file nothing is "due": DAYS alone decides. */
	v = calloc(3, sizeof *v);
	n = 3;
	village(&v[0], "MWF", 2, 0, mwf, 0);
	village(&v[1], "every day", 2, 0, 0, 0);
	village(&v[2], "empty", 0, 0, 0, 0);
	CHECK_INT(cl_day_select(v, &n, NULL, 4, &x, &err), CL_OK);
	CHECK_INT(n, 1);
	CHECK_STR(v[0].id, "every day");
	CHECK_INT(x.nidle, 2);
	CHECK_INT(x.idle_why[0], CL_IDLE_NOT_SCHEDULED);
	CHECK_INT(x.idle_why[1], CL_IDLE_NOTHING);
	cl_sites_free(v, n);
	cl_instance_extra_free(&x);

	/* on a Friday the MWF village is planned */
	v = calloc(1, sizeof *v);
	n = 1;
	village(&v[0], "MWF", 2, 0, mwf, 0);
	CHECK_INT(cl_day_select(v, &n, NULL, 5, &x, &err), CL_OK);
	CHECK_INT(n, 1);
	CHECK_INT(x.nidle, 0);
	cl_sites_free(v, n);
	cl_instance_extra_free(&x);
}

int main(void)
{
	RUN(test_dates);
	RUN(test_select);
	TT_END();
}
