/*
 * test_csv.c -- villages from a CSV table (io/csv.c): Excel's habits
 * (byte order mark, GBK, CRLF, quotes, Chinese column names, times typed
 * as 8点 or day fractions, degrees-minutes-seconds), the same checks and
 * messages as the .dbf reader, and projected columns with --crs.
 */
#include <math.h>
#include <string.h>

#include "cunlu/log.h"
#include "io/csv.h"
#include "tinytest.h"

static int parse(const char *text, const struct cl_shp_read_opts *o, struct cl_site **s,
		 int *n, struct cl_error *err)
{
	cl_error_clear(err);
	return cl_csv_parse_sites("v.csv", text, strlen(text), o, s, n, err);
}

/* A bad table: CL_EINPUT, nothing allocated, the message has a and b. */
static void bad(const char *text, const char *a, const char *b)
{
	struct cl_site *s = (struct cl_site *)&s;
	struct cl_error err;
	int n = -1;

	CHECK_INT(parse(text, NULL, &s, &n, &err), CL_EINPUT);
	CHECK(s == NULL && n == 0);
	CHECK_HAS(err.msg, a);
	if (b)
		CHECK_HAS(err.msg, b);
	CHECK(strchr(err.msg, '\n') == NULL);
}

static void test_excel_table(void)
{
	/* BOM, CRLF, Chinese lon/lat columns, quotes with a comma and a line
	   break, times as Excel and Chinese clerks type them, a blank row */
	const char *text =
		"\xEF\xBB\xBFID,NAME,DEMAND,TW_START,TW_END,\xe7\xbb\x8f\xe5\xba\xa6,\xe7\xba\xac\xe5\xba\xa6,LXR\r\n"
		"V01,\"Longtang, upper\",12,8\xe7\x82\xb9,0.75,107.4321,26.5612,\xe7\x8e\x8b\r\n"
		",,,,,,,\r\n"
		"V02,\"two\nlines\",\"3\",08\xef\xbc\x9a" "30,\xe4\xb8\x8b\xe5\x8d\x88" "5\xe7\x82\xb9,"
		"\"107\xc2\xb0" "30'36\"\"E\",26.5,\r\n";
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm, .warn_defaults = 1 };
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_keep(&fm, "lxr", &err), CL_OK);
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(s[0].id, "V01");
		CHECK_STR(s[0].name, "Longtang, upper");
		CHECK_INT(s[0].demand, 12);
		CHECK_INT(s[0].tw_start_s, 8 * 3600);
		CHECK_INT(s[0].tw_end_s, 18 * 3600);
		CHECK(s[0].lon == 107.4321 && s[0].lat == 26.5612);
		CHECK_STR(cl_site_kept(&s[0], 0), "\xe7\x8e\x8b");
		CHECK_INT(s[0].record, 0);
		CHECK_STR(s[1].name, "two\nlines");
		CHECK_INT(s[1].tw_start_s, 8 * 3600 + 1800);
		CHECK_INT(s[1].tw_end_s, 17 * 3600);
		CHECK(fabs(s[1].lon - 107.51) < 1e-9);
		CHECK_STR(cl_site_kept(&s[1], 0), "");
	}
	cl_sites_free(s, n);
}

static void test_gbk_and_separators(void)
{
	/* GBK bytes (Excel's "CSV" on a Chinese Windows), ';' separated */
	const char *text = "ID;NAME;LON;LAT\nV1;\xc1\xfa\xcc\xc1\xb4\xe5;107.1;26.5\n";
	const char *tabs = "X\tY\tNAME\n107.1\t26.5\ta\n107.2\t26.6\tb\n";
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	CHECK_INT(parse(text, NULL, &s, &n, &err), CL_OK);
	CHECK(n == 1 && !strcmp(s[0].name, "\xe9\xbe\x99\xe5\xa1\x98\xe6\x9d\x91"));   /* 龙塘村 */
	cl_sites_free(s, n);
	s = NULL;
	CHECK_INT(parse(tabs, NULL, &s, &n, &err), CL_OK);
	CHECK(n == 2 && s[1].lat == 26.6 && !strcmp(s[1].id, "2"));
	cl_sites_free(s, n);
}

static void test_field_override(void)
{
	const char *text = "code,E,N\nA,107.1,26.5\n";
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm };
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_fieldmap_default(&fm);
	CHECK_INT(cl_fieldmap_set(&fm, "lon=E", &err), CL_OK);
	CHECK_INT(cl_fieldmap_set(&fm, "lat=N", &err), CL_OK);
	CHECK_INT(cl_fieldmap_set(&fm, "id=code", &err), CL_OK);
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_OK);
	CHECK(n == 1 && s[0].lon == 107.1 && !strcmp(s[0].id, "A"));
	cl_sites_free(s, n);
	s = NULL;
	CHECK_INT(cl_fieldmap_set(&fm, "lat=NORTH", &err), CL_OK);
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "v.csv: column \"NORTH\" (--field lat=NORTH) does not exist; "
		  "the columns are: code, E, N");
}

static void test_projected_columns(void)
{
	/* CGCS2000 3-degree GK CM 108E (EPSG:4545) metres */
	const char *text = "ID,X,Y\nA,410276.679771888,2932544.93860048\n";
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm, .crs = "EPSG:4545" };
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_fieldmap_default(&fm);
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_OK);
	CHECK(n == 1 && fabs(s[0].lon - 107.1) < 1e-8 && fabs(s[0].lat - 26.5) < 1e-8);
	cl_sites_free(s, n);
	bad(text, "v.csv: line 2 (ID A): x=410276.6798, y=2932544.939 are not longitude/latitude",
	    "Transverse Mercator");
}

static void test_bad_tables(void)
{
	bad("", "v.csv: empty", NULL);
	bad("ID,LON,LAT\n", "no villages", NULL);
	bad("ID,NAME\nA,x\n", "no longitude column", "--field lon=COLUMN");
	bad("ID,LON\nA,107\n", "no latitude column", "the columns are: ID, LON");
	bad("ID,LON,LAT\nA,abc,26\n", "v.csv: line 2 (ID A): column LON: \"abc\" is not a longitude",
	    "decimal degrees");
	bad("ID,LON,LAT\nA,26.5,107.5\n", "looks like the two columns are swapped", NULL);
	bad("ID,LON,LAT\nA,,26.5\n", "line 2 (ID A): column LON: no longitude", NULL);
	bad("ID,LON,LAT,DEMAND\nA,107,26,-3\n", "v.csv: line 2 (ID A): column DEMAND: \"-3\" is negative",
	    NULL);
	bad("ID,LON,LAT,TW_START\nA,107,26,8\n", "column TW_START: \"8\" is not a time",
	    "08:00 for 8 o'clock");
	bad("ID,LON,LAT\nA,107,26,extra\n", "line 2 (ID A): 4 values but the header names 3",
	    NULL);
	bad("ID,NAME,LON,LAT\nA,\"open,107,26\n", "v.csv: line 2: a quoted value is never closed",
	    NULL);
	bad("\xff\xfeI\0D\0", "UTF-16", "CSV UTF-8");
	bad("PK\x03\x04rest", "zip file", NULL);
	bad("ID,LON,LAT\nA,\xff\xfe\xfd,26\n", "neither UTF-8 nor GBK", NULL);
}

static void test_strict_defaults(void)
{
	const char *text = "ID,LON,LAT,DEMAND\nA,107,26,\nB,107.1,26,2\n";
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm, .warn_defaults = 1, .strict = 1 };
	struct cl_site *s = NULL;
	struct cl_error err;
	int n = 0;

	cl_fieldmap_default(&fm);
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "no column NAME");
	CHECK_HAS(err.msg, "(--strict)");
	CHECK(s == NULL);
	o.strict = 0;
	CHECK_INT(parse(text, &o, &s, &n, &err), CL_OK);
	CHECK(n == 2 && s[0].demand == 1 && s[1].demand == 2);
	cl_sites_free(s, n);
}

int main(void)
{
	cl_log_set_level(CL_LOG_QUIET);
	RUN(test_excel_table);
	RUN(test_gbk_and_separators);
	RUN(test_field_override);
	RUN(test_projected_columns);
	RUN(test_bad_tables);
	RUN(test_strict_defaults);
	TT_END();
}
