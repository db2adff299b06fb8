/*
 * test_orders.c -- today's orders (io/orders.h): parsing (separators,
 * quotes, blank lines, aliases, GBK), every rejected line with its file,
 * line and column, and putting the orders on the villages (sums, skills,
 * brands, DUE, PRIORITY, READY, IDs matched by value).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/orders.h"
#include "tinytest.h"

static int parse(const char *text, struct cl_orders **o, struct cl_error *err)
{
	cl_error_clear(err);
	return cl_orders_parse("orders.csv", text, strlen(text), o, err);
}

#define REJECT(text, needle) reject(__LINE__, text, needle)

static void reject(int line, const char *text, const char *needle)
{
	struct cl_orders *o = (struct cl_orders *)&o;
	struct cl_error err;
	int before = tt_bad_checks;

	CHECK_INT(parse(text, &o, &err), CL_EINPUT);
	CHECK(o == NULL);
	CHECK(strncmp(err.msg, "orders.csv: ", 12) == 0);
	CHECK(strchr(err.msg, '\n') == NULL);
	CHECK_HAS(err.msg, needle);
	if (tt_bad_checks != before)
		fprintf(stderr, "  (case at line %d: %s)\n", line, err.msg);
}

static void test_parse(void)
{
	struct cl_orders *o = NULL;
	struct cl_error err;
	const char *text =
		"\xef\xbb\xbfid , Deliver,PICKUP,brand,SKILLS,DUE,PRIORITY,READY\r\n"
		"A,3,0,ZTO,,,,\r\n"
		"\r\n"
		"\"B\",\"12\",1,\"Yun, Da\",cold;lift,2,2.5,13:30\r\n"
		"  C  ,0,4,,\"\",0,,\n"
		",,,,,,,\n"
		"7,1.0,,\"multi\nline\",,,,\n";

	CHECK_INT(parse(text, &o, &err), CL_OK);
	if (!o) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(o->n, 4);
	CHECK(o->has_brand && o->has_ready && !o->guessed_gbk);
	CHECK_STR(o->lines[0].id, "A");
	CHECK_INT(o->lines[0].line, 2);
	CHECK_INT(o->lines[0].deliver, 3);
	CHECK_STR(o->lines[0].brand, "ZTO");
	CHECK(o->lines[0].skills == NULL);
	CHECK_STR(o->lines[1].id, "B");
	CHECK_INT(o->lines[1].line, 4);
	CHECK_INT(o->lines[1].deliver, 12);
	CHECK_INT(o->lines[1].pickup, 1);
	CHECK_STR(o->lines[1].brand, "Yun, Da");
	CHECK_STR(o->lines[1].skills, "cold;lift");
	CHECK_INT(o->lines[1].due_days, 2);
	CHECK(o->lines[1].priority == 2.5);
	CHECK_INT(o->lines[1].ready_s, 13 * 3600 + 1800);
	CHECK_STR(o->lines[2].id, "C");
	CHECK_STR(o->lines[2].brand, "other");     /* blank BRAND */
	CHECK_INT(o->lines[2].pickup, 4);
	CHECK_STR(o->lines[3].id, "7");
	CHECK_INT(o->lines[3].line, 7);
	CHECK_INT(o->lines[3].deliver, 1);          /* "1.0" */
	cl_orders_destroy(o);

	/* tabs, the DEMAND alias, no PICKUP column, header only */
	CHECK_INT(parse("ID\tDEMAND\nx\t5\n", &o, &err), CL_OK);
	if (o) {
		CHECK_INT(o->n, 1);
		CHECK_INT(o->lines[0].deliver, 5);
		CHECK(!o->has_brand);
		CHECK(o->lines[0].brand == NULL);
	}
	cl_orders_destroy(o);
	CHECK_INT(parse("ID,DELIVER,PICKUP\n", &o, &err), CL_OK);
	if (o)
		CHECK_INT(o->n, 0);
	cl_orders_destroy(o);
}

static void test_gbk(void)
{
	/* values in GBK: 村 = B4E5, 韵达 = D4CF B4EF */
	const char text[] = "ID,DELIVER,PICKUP,BRAND\n\xb4\xe5" "1,2,0,\xd4\xcf\xb4\xef\n";
	struct cl_orders *o = NULL;
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_orders_parse("orders.csv", text, sizeof text - 1, &o, &err), CL_OK);
	if (!o) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK(o->guessed_gbk);
	CHECK_INT(o->n, 1);
	CHECK_STR(o->lines[0].id, "\xe6\x9d\x91" "1");              /* 村1 */
	CHECK_STR(o->lines[0].brand, "\xe9\x9f\xb5\xe8\xbe\xbe");    /* 韵达 */
	cl_orders_destroy(o);
}

static void test_rejects(void)
{
	REJECT("", "empty file");
	REJECT("ID,DELIVR\nA,1\n", "line 1: unknown column \"DELIVR\" (expected ID, DELIVER, PICKUP");
	REJECT("ID,DELIVER,deliver\n", "line 1: column DELIVER given twice (columns 2 and 3)");
	REJECT("DELIVER,PICKUP\n1,2\n", "line 1: no ID column");
	REJECT("ID,BRAND\nA,x\n", "neither a DELIVER nor a PICKUP column");
	REJECT("ID,,DELIVER\n", "column 2 has no name");
	REJECT("ID,DELIVER\nA,1\nB,-2\n", "line 3: column DELIVER: \"-2\" is negative");
	REJECT("ID,DELIVER\nA,x\n", "line 2: column DELIVER: \"x\" is not a number");
	REJECT("ID,DELIVER\nA,2.5\n", "line 2: column DELIVER: \"2.5\" is not a whole number of parcels");
	REJECT("ID,PICKUP\nA,100001\n", "line 2: column PICKUP: \"100001\" is too large");
	REJECT("ID,DELIVER\n,3\n", "line 2: column ID: no village ID");
	REJECT("ID,DELIVER\nA,1,2\n", "line 2: 3 fields, but the header names 2 columns");
	REJECT("ID,DELIVER,DUE\nA,1,tomorrow\n",
	       "line 2: column DUE: \"tomorrow\" is not a number of days from 0 (due today) to 365");
	REJECT("ID,DELIVER,DUE\nA,1,-1\n", "column DUE: \"-1\" is not a number of days");
	REJECT("ID,DELIVER,DUE\nA,1,400\n", "column DUE: \"400\"");
	REJECT("ID,DELIVER,PRIORITY\nA,1,0\n", "line 2: column PRIORITY: \"0\" is not a number above 0");
	REJECT("ID,DELIVER,PRIORITY\nA,1,high\n", "column PRIORITY: \"high\"");
	REJECT("ID,DELIVER,READY\nA,1,25:00\n", "line 2: column READY: \"25:00\" is not a time HH:MM");
	REJECT("ID,DELIVER\n\"A,1\n", "line 2: a quote opened on this line is never closed");
	REJECT("ID,DELIVER\n\"A\"x,1\n", "line 2: text after a closing quote");
	REJECT("ID,DELIVER,SKILLS\nA,1,\"co\x01ld\"\n", "column SKILLS: \"co?ld\" contains a control character");
	{
		const char nul[] = "ID,DELIVER\nA,1\0\n";
		struct cl_orders *o = NULL;
		struct cl_error err;

		CHECK_INT(cl_orders_parse("orders.csv", nul, sizeof nul - 1, &o, &err), CL_EINPUT);
		CHECK_HAS(err.msg, "orders.csv: line 2: NUL byte");
	}
	{
		/* 0xff is neither UTF-8 nor GB18030 */
		const char bad[] = "ID,DELIVER\nA,1\nB\xff,2\n";
		struct cl_orders *o = NULL;
		struct cl_error err;

		CHECK_INT(cl_orders_parse("orders.csv", bad, sizeof bad - 1, &o, &err), CL_EINPUT);
		CHECK_HAS(err.msg, "orders.csv: line 3: neither UTF-8 nor GBK text");
	}
}

static void site(struct cl_site *s, const char *id, int record)
{
	memset(s, 0, sizeof *s);
	s->id = strdup(id);
	s->name = strdup("");
	s->demand = 9;
	s->pickup = 9;
	s->record = record;
}

static void test_apply(void)
{
	const char *text =
		"ID,DELIVER,PICKUP,BRAND,SKILLS,DUE,PRIORITY,READY\n"
		"A,3,0,ZTO,,2,,\n"
		"A,2,1,YTO,cold,1,3,10:00\n"
		"0042,4,0,ZTO,lift ; cold,,,09:15\n"
		"A,1,0,ZTO,,5,,\n";
	struct cl_site s[3];
	struct cl_names skills = { 0, NULL }, brands = { 0, NULL };
	struct cl_orders *o = NULL;
	struct cl_error err;
	int nl[3];

	site(&s[0], "A", 0);
	site(&s[1], "42", 1);
	site(&s[2], "C", 2);
	s[0].priority = 2;    /* the layer's PRIORITY */
	CHECK_INT(cl_names_add(&skills, "lift", 64), 0);   /* from the fleet */
	CHECK_INT(parse(text, &o, &err), CL_OK);
	if (!o)
		return;
	CHECK_INT(cl_orders_apply(o, s, 3, nl, &skills, &brands, &err), CL_OK);
	CHECK_INT(nl[0], 3);
	CHECK_INT(nl[1], 1);
	CHECK_INT(nl[2], 0);
	CHECK_INT(s[0].demand, 6);
	CHECK_INT(s[0].pickup, 1);
	CHECK_INT(s[0].due_days, 1);
	CHECK(s[0].priority == 3);
	CHECK_INT(s[0].release_s, 36000);
	CHECK(s[0].skills == 2);          /* cold is skill 1 */
	CHECK_INT(skills.n, 2);
	CHECK_INT(s[0].nbrands, 2);
	CHECK_INT(brands.n, 2);
	if (s[0].nbrands == 2) {
		CHECK_INT(s[0].brands[0].brand, 0);      /* ZTO */
		CHECK_INT(s[0].brands[0].deliver, 4);
		CHECK_INT(s[0].brands[1].deliver, 2);
		CHECK_INT(s[0].brands[1].pickup, 1);
	}
	CHECK_INT(s[1].demand, 4);        /* "0042" is village 42 */
	CHECK_INT(s[1].pickup, 0);
	CHECK_INT(s[1].due_days, 0);
	CHECK(s[1].skills == 3);
	CHECK_INT(s[1].release_s, 9 * 3600 + 900);
	CHECK_INT(s[2].demand, 9);        /* no orders: untouched */
	cl_orders_destroy(o);

	/* an ID that is not in the layer */
	CHECK_INT(parse("ID,DELIVER\nA,1\nZ9,2\n", &o, &err), CL_OK);
	if (o) {
		CHECK_INT(cl_orders_apply(o, s, 3, nl, &skills, &brands, &err), CL_EINPUT);
		CHECK_STR(err.msg, "orders.csv: line 3: column ID: no village with ID \"Z9\" "
			  "in the village layer");
	}
	cl_orders_destroy(o);

	/* an ID two records share */
	free(s[2].id);
	s[2].id = strdup("A");
	CHECK_INT(parse("ID,DELIVER\nA,1\n", &o, &err), CL_OK);
	if (o) {
		CHECK_INT(cl_orders_apply(o, s, 3, nl, &skills, &brands, &err), CL_EINPUT);
		CHECK_HAS(err.msg, "line 2: column ID: ID \"A\" is shared by record 1 (FID 0, ID A) and record 3 (FID 2, ID A)");
	}
	cl_orders_destroy(o);
	cl_sites_free(NULL, 0);
	for (int i = 0; i < 3; i++) {
		free(s[i].id);
		free(s[i].name);
		free(s[i].brands);
	}
	cl_names_free(&skills);
	cl_names_free(&brands);
}

/* WEIGHT_KG (issue 15): summed per village; replaces the layer's weight
 * only when the file has the column; bad values name the line. */
static void test_weight(void)
{
	struct cl_site s[2];
	struct cl_names skills = { 0, NULL }, brands = { 0, NULL };
	struct cl_orders *o = NULL;
	struct cl_error err;
	int nl[2];

	site(&s[0], "A", 0);
	site(&s[1], "B", 1);
	s[0].weight_kg = 40;
	s[1].weight_kg = 7;
	CHECK_INT(parse("ID,DELIVER,WEIGHT_KG\nA,1,1.25\nA,2,0.5\nB,1,\n", &o, &err), CL_OK);
	if (o) {
		CHECK(o->has_weight);
		CHECK_INT(cl_orders_apply(o, s, 2, nl, &skills, &brands, &err), CL_OK);
		CHECK(fabs(s[0].weight_kg - 1.75) < 1e-9);
		CHECK(s[1].weight_kg == 0);     /* blank: 0 kg on its line */
	}
	cl_orders_destroy(o);
	s[0].weight_kg = 40;
	CHECK_INT(parse("ID,DELIVER\nA,1\n", &o, &err), CL_OK);
	if (o) {
		CHECK(!o->has_weight);
		CHECK_INT(cl_orders_apply(o, s, 2, nl, &skills, &brands, &err), CL_OK);
		CHECK(s[0].weight_kg == 40);    /* the layer's weight stands */
	}
	cl_orders_destroy(o);
	REJECT("ID,DELIVER,WEIGHT\nA,1,-2\n",
	       "line 2: column WEIGHT_KG: \"-2\" is not a weight in kg from 0 to 100000");
	REJECT("ID,DELIVER,WEIGHT_KG\nA,1,heavy\n", "line 2: column WEIGHT_KG: \"heavy\"");
	for (int i = 0; i < 2; i++) {
		free(s[i].id);
		free(s[i].name);
	}
	cl_names_free(&skills);
	cl_names_free(&brands);
}

static void test_read_file(void)
{
	struct cl_orders *o = NULL;
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_orders_read("no/such/orders.csv", &o, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "no/such/orders.csv: cannot open the orders file");
	CHECK(o == NULL);
}

int main(void)
{
	RUN(test_parse);
	RUN(test_weight);
	RUN(test_gbk);
	RUN(test_rejects);
	RUN(test_apply);
	RUN(test_read_file);
	TT_END();
}
