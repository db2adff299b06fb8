/*
 * test_fields.c -- the village attributes shared by the readers
 * (io/fields.c): times as people type them, numbers, degrees, the field
 * map and kept columns, and the values of a site with their messages.
 */
#include <string.h>

#include "io/fields.h"
#include "tinytest.h"

static int t(const char *s)
{
	int secs = -1;

	return cl_parse_time_text(s, &secs) == CL_OK ? secs : -1;
}

#define HM(h, m) ((h) * 3600 + (m) * 60)

static void test_times(void)
{
	CHECK_INT(t("08:30"), HM(8, 30));
	CHECK_INT(t("8:30"), HM(8, 30));
	CHECK_INT(t(" 08:30 "), HM(8, 30));
	CHECK_INT(t("08:30:15"), HM(8, 30) + 15);
	CHECK_INT(t("08:30:00.000"), HM(8, 30));
	CHECK_INT(t("24:00"), HM(24, 0));
	CHECK_INT(t("00:00"), 0);
	/* full-width colon and digits (a Chinese input method) */
	CHECK_INT(t("08\xef\xbc\x9a" "30"), HM(8, 30));
	CHECK_INT(t("\xef\xbc\x90\xef\xbc\x98\xef\xbc\x9a\xef\xbc\x93\xef\xbc\x90"), HM(8, 30));
	/* 8点, 8点30, 8点30分, 8点半, 8点整, 8时30分 */
	CHECK_INT(t("8\xe7\x82\xb9"), HM(8, 0));
	CHECK_INT(t("8\xe7\x82\xb9" "30"), HM(8, 30));
	CHECK_INT(t("8\xe7\x82\xb9" "30\xe5\x88\x86"), HM(8, 30));
	CHECK_INT(t("8\xe7\x82\xb9\xe5\x8d\x8a"), HM(8, 30));
	CHECK_INT(t("8\xe7\x82\xb9\xe6\x95\xb4"), HM(8, 0));
	CHECK_INT(t("8\xe6\x97\xb6" "30\xe5\x88\x86"), HM(8, 30));
	/* 下午2点, 上午12点, 中午1点, 晚上8点 */
	CHECK_INT(t("\xe4\xb8\x8b\xe5\x8d\x88" "2\xe7\x82\xb9"), HM(14, 0));
	CHECK_INT(t("\xe4\xb8\x8a\xe5\x8d\x88" "12\xe7\x82\xb9"), 0);
	CHECK_INT(t("\xe4\xb8\xad\xe5\x8d\x88" "1\xe7\x82\xb9"), HM(13, 0));
	CHECK_INT(t("\xe4\xb8\xad\xe5\x8d\x88" "12\xe7\x82\xb9"), HM(12, 0));
	CHECK_INT(t("\xe6\x99\x9a\xe4\xb8\x8a" "8\xe7\x82\xb9"), HM(20, 0));
	CHECK_INT(t("2:30 PM"), HM(14, 30));
	CHECK_INT(t("12:15 am"), HM(0, 15));
	CHECK_INT(t("11:00AM"), HM(11, 0));
	/* Excel: day fractions and datetime cells */
	CHECK_INT(t("0.354166666666667"), HM(8, 30));
	CHECK_INT(t("0.75"), HM(18, 0));
	CHECK_INT(t("0.5"), HM(12, 0));
	CHECK_INT(t("1.0"), HM(24, 0));
	CHECK_INT(t("2024-05-01 08:30"), HM(8, 30));
	CHECK_INT(t("1899/12/30 17:30:00"), HM(17, 30));
	CHECK_INT(t("2024-05-01T08:30:00"), HM(8, 30));
	/* refused */
	CHECK_INT(t(""), -1);
	CHECK_INT(t("8"), -1);
	CHECK_INT(t("1.5"), -1);
	CHECK_INT(t("-0.1"), -1);
	CHECK_INT(t("25:00"), -1);
	CHECK_INT(t("24:01"), -1);
	CHECK_INT(t("08:60"), -1);
	CHECK_INT(t("8:3"), -1);
	CHECK_INT(t("13:00 PM"), -1);
	CHECK_INT(t("morning"), -1);
	CHECK_INT(t("08:30x"), -1);
	CHECK_INT(t("8\xe7\x82\xb9" "61"), -1);
	CHECK_INT(t("\xe7\x82\xb9"), -1);
}

static void test_numbers_and_degrees(void)
{
	double v = 0;

	CHECK(cl_parse_number("12", &v) && v == 12);
	CHECK(cl_parse_number(" -3.5 ", &v) && v == -3.5);
	CHECK(cl_parse_number("1e3", &v) && v == 1000);
	CHECK(cl_parse_number("\xef\xbc\x91\xef\xbc\x92", &v) && v == 12);   /* １２ */
	CHECK(!cl_parse_number("", &v));
	CHECK(!cl_parse_number("12 parcels", &v));
	CHECK(!cl_parse_number("nan", &v));
	CHECK(!cl_parse_number("1e999", &v));
	CHECK(!cl_parse_number(".", &v));
	CHECK(cl_parse_degrees("107.4321", &v) && v == 107.4321);
	CHECK(cl_parse_degrees("107\xc2\xb0" "30'36\"", &v) && v > 107.5099 && v < 107.5101);
	CHECK(cl_parse_degrees("107\xc2\xb0" "30\xe2\x80\xb2" "36\xe2\x80\xb3" "E", &v) &&
	      v > 107.5099 && v < 107.5101);
	CHECK(cl_parse_degrees("26 30 00 S", &v) && v == -26.5);
	CHECK(cl_parse_degrees("W 1 30", &v) && v == -1.5);
	CHECK(cl_parse_degrees("107\xe5\xba\xa6" "30\xe5\x88\x86", &v) && v == 107.5);  /* 度 分 */
	CHECK(!cl_parse_degrees("107\xc2\xb0" "61'", &v));
	CHECK(!cl_parse_degrees("abc", &v));
	CHECK(!cl_parse_degrees("1 2 3 4", &v));
}

static void test_fieldmap(void)
{
	struct cl_fieldmap fm;
	struct cl_error err;

	cl_fieldmap_default(&fm);
	CHECK(cl_field_matches(&fm, CL_FIELD_DEMAND, "demand "));
	CHECK(cl_field_matches(&fm, CL_FIELD_LON, "x"));
	CHECK(cl_field_matches(&fm, CL_FIELD_LON, "Longitude"));
	CHECK(cl_field_matches(&fm, CL_FIELD_LAT, "\xe7\xba\xac\xe5\xba\xa6"));   /* 纬度 */
	CHECK(!cl_field_matches(&fm, CL_FIELD_LAT, "X"));
	CHECK_INT(cl_fieldmap_set(&fm, "lon=E", &err), CL_OK);
	CHECK(!cl_field_matches(&fm, CL_FIELD_LON, "X"));
	CHECK(cl_field_matches(&fm, CL_FIELD_LON, "e"));
	CHECK(!cl_field_is_default(&fm, CL_FIELD_LON));
	CHECK(cl_field_is_default(&fm, CL_FIELD_LAT));
	CHECK_INT(cl_fieldmap_keep(&fm, "LXR,DH", &err), CL_OK);
	CHECK_INT(cl_fieldmap_keep(&fm, " BZ ", &err), CL_OK);
	CHECK_INT(fm.nkeep, 3);
	CHECK_STR(fm.keep[0], "LXR");
	CHECK_STR(fm.keep[2], "BZ");
	CHECK_INT(cl_fieldmap_keep(&fm, "lxr", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "named twice");
	CHECK_INT(cl_fieldmap_keep(&fm, "A,,B", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "empty column name");
	CHECK_INT(fm.nkeep, 3);      /* nothing of a refused list is kept */
	CHECK_INT(cl_fieldmap_keep(&fm, "Name", &err), CL_EINPUT);
	CHECK_HAS(err.msg, "property every output already has");
	CHECK_INT(fm.nkeep, 3);
}

static void test_site_values(void)
{
	char *text[CL_FIELD_NATTR] = { NULL };
	const char *col[CL_FIELD_NATTR] = {
		"ID", "NAME", "DEMAND", "PICKUP", "SERVICE", "TW_START", "TW_END",
		"VEHICLES", "SKILLS", "DAYS", "PRIORITY", "DRONE", "WEIGHT_KG"
	};
	struct cl_fieldloc loc = { "v.csv", "line", 7, "column", NULL };
	struct cl_site s;
	struct cl_error err;

	memset(&s, 0, sizeof s);
	CHECK_INT(cl_fields_to_site(text, col, &loc, 6, NULL, &s, &err), CL_OK);
	CHECK_STR(s.id, "6");
	CHECK_STR(s.name, "");
	CHECK_INT(s.demand, 1);
	CHECK_INT(s.service_s, 300);
	CHECK_INT(s.tw_end_s, 86400);
	free(s.id);
	free(s.name);

	text[CL_FIELD_DEMAND] = "3.0";
	text[CL_FIELD_TW_START] = "8";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 6, NULL, &s, &err), CL_EINPUT);
	CHECK(s.id == NULL && s.name == NULL);
	CHECK_HAS(err.msg, "v.csv: line 7: column TW_START: \"8\" is not a time");
	CHECK_HAS(err.msg, "08:00 for 8 o'clock");
	text[CL_FIELD_TW_START] = "17:00";
	text[CL_FIELD_TW_END] = "0.5";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 6, NULL, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "column TW_END: closing time 12:00 is before the opening time 17:00");
	text[CL_FIELD_TW_END] = NULL;
	text[CL_FIELD_PICKUP] = "2.5";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 6, NULL, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "column PICKUP: \"2.5\" is not a whole number");
}

/* VEHICLES, SKILLS, DAYS, PRIORITY (issue 11). */
static void test_access_fields(void)
{
	char *text[CL_FIELD_NATTR] = { NULL };
	const char *col[CL_FIELD_NATTR] = {
		"ID", "NAME", "DEMAND", "PICKUP", "SERVICE", "TW_START", "TW_END",
		"VEHICLES", "SKILLS", "DAYS", "PRIORITY", "DRONE", "WEIGHT_KG"
	};
	struct cl_fieldloc loc = { "v.dbf", "record", 4, "field", NULL };
	struct cl_vtype types[2];
	struct cl_names skills = { 0, NULL };
	struct cl_fieldmap fm;
	struct cl_site s;
	struct cl_error err;
	unsigned days = 0;

	memset(types, 0, sizeof types);
	types[0].name = "van";
	types[1].name = "etricycle";
	cl_fieldmap_default(&fm);
	fm.types = types;
	fm.ntypes = 2;
	fm.skills = &skills;
	CHECK_INT(cl_names_add(&skills, "cold", 64), 0);
	memset(&s, 0, sizeof s);
	text[CL_FIELD_VEHICLES] = "ETricycle";
	text[CL_FIELD_SKILLS] = "lift\xe3\x80\x81" "cold";      /* lift、cold */
	text[CL_FIELD_DAYS] = "1;3；5";
	text[CL_FIELD_PRIORITY] = "2.5";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_OK);
	CHECK(s.vmask == 2);
	CHECK(s.skills == 3);
	CHECK_STR(skills.name[1], "lift");
	CHECK(s.days == ((1u << 1) | (1u << 3) | (1u << 5)));
	CHECK(s.priority == 2.5);
	free(s.id);
	free(s.name);

	/* blanks: every type, no skill, every day, priority 0 (made 1 later) */
	memset(text, 0, sizeof text);
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_OK);
	CHECK(s.vmask == 0 && s.skills == 0 && s.days == 0 && s.priority == 0);
	free(s.id);
	free(s.name);

	/* without a fleet (a depot layer) VEHICLES and SKILLS are not read */
	text[CL_FIELD_VEHICLES] = "truck";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, NULL, &s, &err), CL_OK);
	CHECK(s.vmask == 0);
	free(s.id);
	free(s.name);

	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_STR(err.msg, "v.dbf: record 4: field VEHICLES: no vehicle type \"truck\" in "
		  "the fleet (it has van, etricycle)");
	text[CL_FIELD_VEHICLES] = "van;;etricycle";
	text[CL_FIELD_DAYS] = "Monday";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "field DAYS: \"Monday\" is not a list of weekdays");
	text[CL_FIELD_DAYS] = "8";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	text[CL_FIELD_DAYS] = NULL;
	text[CL_FIELD_PRIORITY] = "-1";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "field PRIORITY: \"-1\" is not a priority");
	CHECK(s.id == NULL);

	/* DRONE and WEIGHT_KG (issue 15) */
	text[CL_FIELD_PRIORITY] = NULL;
	text[CL_FIELD_DRONE] = "1";
	text[CL_FIELD_WEIGHT] = "2.75";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_OK);
	CHECK_INT(s.drone, 1);
	CHECK(s.weight_kg == 2.75);
	free(s.id);
	free(s.name);
	{
		static const char *const yes[] = { "1.0", "Yes", "Y", "TRUE", "是", "有" };
		static const char *const no[] = { "0", "0.00", "no", "N", "false", "否", "无" };
		for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
			text[CL_FIELD_DRONE] = (char *)yes[i];
			CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_OK);
			CHECK_INT(s.drone, 1);
			free(s.id);
			free(s.name);
		}
		for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
			text[CL_FIELD_DRONE] = (char *)no[i];
			CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_OK);
			CHECK_INT(s.drone, 0);
			free(s.id);
			free(s.name);
		}
	}
	text[CL_FIELD_DRONE] = "2";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_STR(err.msg, "v.dbf: record 4: field DRONE: \"2\" is not a landing-point flag; "
		  "expected 1 (the village has a drone landing point) or 0 (none)");
	CHECK(s.id == NULL);
	text[CL_FIELD_DRONE] = "maybe";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "field DRONE: \"maybe\"");
	text[CL_FIELD_DRONE] = NULL;
	text[CL_FIELD_WEIGHT] = "-1";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "field WEIGHT_KG: \"-1\" kg is out of range (0 to 100000)");
	text[CL_FIELD_WEIGHT] = "5kg";
	CHECK_INT(cl_fields_to_site(text, col, &loc, 4, &fm, &s, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "field WEIGHT_KG: \"5kg\" is not a weight in kg");
	text[CL_FIELD_WEIGHT] = NULL;

	CHECK(cl_parse_days("1-5", &days) && days == 0x3e);
	CHECK(cl_parse_days("135", &days) && days == 0x2a);
	CHECK(cl_parse_days("7", &days) && days == 0x80);
	CHECK(cl_parse_days("2.0", &days) && days == 0x4);
	CHECK(cl_parse_days(" 6 , 7 ", &days) && days == 0xc0);
	CHECK(!cl_parse_days("0", &days));
	CHECK(!cl_parse_days("5-1", &days));
	CHECK(!cl_parse_days("", &days));
	CHECK(!cl_parse_days("1;x", &days));
	cl_names_free(&skills);
}

int main(void)
{
	RUN(test_access_fields);
	RUN(test_times);
	RUN(test_numbers_and_degrees);
	RUN(test_fieldmap);
	RUN(test_site_values);
	TT_END();
}
