/*
 * mkshp.c -- writes the shapefile fixtures of tests/unit/test_io_shp.c.
 *
 *   mkshp DIR              every fixture layer into DIR (good layers and
 *                          one layer per bad case; see the table below)
 *   mkshp --fuzz-seed DIR  seed inputs for tests/fuzz/fuzz_shp.c in its
 *                          split format: five parts .shp .shx .dbf .cpg
 *                          .prj, each a little-endian 16-bit length and
 *                          then that many bytes
 *
 * Uses shapelib's own writers (SHPCreate / DBFCreateEx), so the fixtures
 * are what real tools produce; damaged cases are made by editing the
 * written files afterwards. Exit 0 on success, 1 on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shapefil.h>

#define MAXCOLS 8
#define MAXRECS 4

/* 龙塘村 in UTF-8 and in GBK (checked with iconv: 龙 is C1 FA in GBK). */
#define LONGTANG_UTF8 "\xe9\xbe\x99\xe5\xa1\x98\xe6\x9d\x91"
#define LONGTANG_GBK "\xc1\xfa\xcc\xc1\xb4\xe5"

#define PRJ_WGS84 "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\"," \
	"6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\"," \
	"0.0174532925199433]]"
#define PRJ_CGCS2000 "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[" \
	"\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[" \
	"\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"
#define PRJ_BEIJING "GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\",SPHEROID[" \
	"\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[" \
	"\"Degree\",0.0174532925199433]]"
#define PRJ_GK "PROJCS[\"CGCS2000_3_Degree_GK_CM_108E\",GEOGCS[" \
	"\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\"," \
	"SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0]," \
	"UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"]," \
	"PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0]," \
	"PARAMETER[\"Central_Meridian\",108.0],PARAMETER[\"Scale_Factor\",1.0]," \
	"PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]"

enum post { P_NONE, P_NO_SHP, P_NO_SHX, P_NO_DBF, P_TRUNC_SHP, P_UPPER,
	    P_HUGE_SHX, P_DBF_ONE_LESS, P_SHX_TYPE, P_DBF_WIDE_COLUMN };

struct col {
	const char *name;
	char type;          /* 'C' string, 'N' number */
	int width, decimals;
};

struct rec {
	int null;           /* a null shape */
	int npts;           /* MultiPoint: number of points (0 allowed) */
	double x[3], y[3];
	const char *v[MAXCOLS];   /* NULL -> a NULL attribute */
};

struct fixture {
	const char *name;
	int type;                 /* SHPT_* */
	const char *codepage;     /* DBFCreateEx: NULL (LDID 0) or "LDID/n" */
	const char *cpg, *prj;    /* written as is when not NULL */
	enum post post;
	int ncols, nrecs;
	struct col cols[MAXCOLS];
	struct rec recs[MAXRECS];
};

#define ALLCOLS 7, 3, { { "ID", 'C', 10, 0 }, { "NAME", 'C', 40, 0 }, \
	{ "DEMAND", 'N', 6, 0 }, { "PICKUP", 'N', 6, 0 }, { "SERVICE", 'N', 8, 2 }, \
	{ "TW_START", 'C', 5, 0 }, { "TW_END", 'C', 5, 0 } }
#define GOODRECS { \
	{ .x = { 107.1 }, .y = { 26.5 }, .v = { "V001", LONGTANG_UTF8, "3", "1", "7.5", "08:00", "17:30" } }, \
	{ .x = { 107.2 }, .y = { 26.6 }, .v = { "V002", "Shangba" } }, \
	{ .x = { 107.3 }, .y = { 26.7 }, .v = { "V003", "Xiaba", "0", "2", "0", "09:15", "24:00" } } }
#define GKRECS { \
	{ .x = { 410276.679771888 }, .y = { 2932544.93860048 }, .v = { "V001", LONGTANG_UTF8, "3", "1", "7.5", "08:00", "17:30" } }, \
	{ .x = { 420315.51149399 }, .y = { 2943559.24095792 }, .v = { "V002", "Shangba" } }, \
	{ .x = { 430337.115354078 }, .y = { 2954581.15694093 }, .v = { "V003", "Xiaba", "0", "2", "0", "09:15", "24:00" } } }
/* Three plain records with one column; the bad value goes in per fixture. */
#define ONECOL(colname, t, w, d) 1, 3, { { colname, t, w, d } }

static const struct fixture fixtures[] = {
	{ "good", SHPT_POINT, NULL, "UTF-8", PRJ_WGS84, P_NONE, ALLCOLS, GOODRECS },
	{ "pointz", SHPT_POINTZ, NULL, NULL, PRJ_CGCS2000, P_NONE, 1, 2,
	  { { "ID", 'C', 10, 0 } },
	  { { .x = { 106.5 }, .y = { 27.25 }, .v = { "Z1" } },
	    { .x = { 106.75 }, .y = { 27.5 }, .v = { "Z2" } } } },
	{ "multipoint", SHPT_MULTIPOINT, NULL, NULL, NULL, P_NONE, 1, 2,
	  { { "ID", 'C', 10, 0 } },
	  { { .npts = 3, .x = { 108.0, 108.5, 109.0 }, .y = { 25.0, 25.5, 26.0 }, .v = { "M1" } },
	    { .npts = 1, .x = { 108.25 }, .y = { 25.75 }, .v = { "M2" } } } },
	{ "nofields", SHPT_POINT, NULL, NULL, NULL, P_NONE, 1, 2,
	  { { "FOO", 'C', 4, 0 } },
	  { { .x = { 100.0 }, .y = { 30.0 }, .v = { "a" } },
	    { .x = { 100.5 }, .y = { 30.5 }, .v = { "b" } } } },
	{ "parcels", SHPT_POINT, NULL, NULL, NULL, P_NONE, 3, 2,
	  { { "ID", 'N', 10, 0 }, { "PARCELS", 'N', 6, 0 }, { "SERVICE", 'N', 8, 2 } },
	  { { .x = { 101.0 }, .y = { 31.0 }, .v = { "42", "4", "2.5" } },
	    { .x = { 101.5 }, .y = { 31.5 }, .v = { "43", "6" } } } },
	/* Kept columns (--keep-fields) and times typed the Excel way. */
	{ "kept", SHPT_POINT, NULL, "UTF-8", PRJ_WGS84, P_NONE, 6, 2,
	  { { "ID", 'C', 10, 0 }, { "NAME", 'C', 40, 0 }, { "TW_START", 'C', 16, 0 },
	    { "TW_END", 'C', 16, 0 }, { "LXR", 'C', 20, 0 }, { "DH", 'C', 20, 0 } },
	  { { .x = { 107.1 }, .y = { 26.5 }, .v = { "K1", "Longtang", "8\xe7\x82\xb9", "0.75",
			"\xe5\xbc\xa0\xe4\xb8\x89", "13800000001" } },
	    { .x = { 107.2 }, .y = { 26.6 }, .v = { "K2", "Shangba", "08\xef\xbc\x9a" "30",
			"\xe4\xb8\x8b\xe5\x8d\x88" "5\xe7\x82\xb9\xe5\x8d\x8a", NULL, "0851-1234" } } } },
	{ "noshp", SHPT_POINT, NULL, NULL, NULL, P_NO_SHP, ALLCOLS, GOODRECS },
	{ "noshx", SHPT_POINT, NULL, NULL, NULL, P_NO_SHX, ALLCOLS, GOODRECS },
	{ "nodbf", SHPT_POINT, NULL, NULL, NULL, P_NO_DBF, ALLCOLS, GOODRECS },
	{ "line", SHPT_ARC, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 107.0 }, .y = { 26.0 } }, { .x = { 107.1 }, .y = { 26.1 } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "polygon", SHPT_POLYGON, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 107.0 }, .y = { 26.0 } }, { .x = { 107.1 }, .y = { 26.1 } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "empty", SHPT_POINT, NULL, NULL, NULL, P_NONE, 1, 0, { { "ID", 'C', 4, 0 } }, { { 0 } } },
	{ "nullshape", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 107.0 }, .y = { 26.0 } }, { .null = 1 }, { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "emptymulti", SHPT_MULTIPOINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .npts = 1, .x = { 107.0 }, .y = { 26.0 } }, { .npts = 1, .x = { 107.1 }, .y = { 26.1 } },
	    { .npts = 0 } } },
	{ "demandtext", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("DEMAND", 'C', 8, 0),
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "2" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "abc" } },
	    { .x = { 107.2 }, .y = { 26.2 }, .v = { "1" } } } },
	{ "demandneg", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("DEMAND", 'N', 6, 0),
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "1" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "2" } },
	    { .x = { 107.2 }, .y = { 26.2 }, .v = { "-3" } } } },
	{ "demandfrac", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("DEMAND", 'N', 8, 2),
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "3" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "2.5" } },
	    { .x = { 107.2 }, .y = { 26.2 }, .v = { "1" } } } },
	{ "nan", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 107.0 }, .y = { 26.0 } }, { .x = { NAN }, .y = { 26.1 } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "swapped", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 107.0 }, .y = { 26.0 } }, { .x = { 26.5 }, .y = { 107.5 } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "metres", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 500000.0 }, .y = { 3000000.0 } }, { .x = { 107.1 }, .y = { 26.1 } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "badtime", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("TW_START", 'C', 5, 0),
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "8h30" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "08:30" } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "twrev", SHPT_POINT, NULL, NULL, NULL, P_NONE, 2, 3,
	  { { "TW_START", 'C', 5, 0 }, { "TW_END", 'C', 5, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "08:00", "12:00" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "17:00", "08:00" } },
	    { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "hms", SHPT_POINT, NULL, NULL, NULL, P_NONE, 2, 2,
	  { { "TW_START", 'C', 8, 0 }, { "TW_END", 'C', 8, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "08:00:30", "17:00:00" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "9:00", "24:00:00" } } } },
	{ "badservice", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("SERVICE", 'C', 6, 0),
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "-1" } },
	    { .x = { 107.1 }, .y = { 26.1 } }, { .x = { 107.2 }, .y = { 26.2 } } } },
	{ "truncated", SHPT_POINT, NULL, NULL, NULL, P_TRUNC_SHP, ALLCOLS, GOODRECS },
	/* GOODRECS' positions in CGCS2000 3-degree GK CM 108E (EPSG:4545, by
	   gdaltransform), with that .prj; without a .prj (read with --crs);
	   and with a .prj PROJ cannot read */
	{ "projected", SHPT_POINT, NULL, NULL, PRJ_GK, P_NONE, ALLCOLS, GKRECS },
	{ "gk_noprj", SHPT_POINT, NULL, NULL, NULL, P_NONE, ALLCOLS, GKRECS },
	{ "gk_zone36", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 36410276.68 }, .y = { 2932544.94 } }, { .x = { 36420315.51 }, .y = { 2943559.24 } },
	    { .x = { 36430337.12 }, .y = { 2954581.16 } } } },
	{ "webmerc", SHPT_POINT, NULL, NULL, NULL, P_NONE, ONECOL("ID", 'C', 4, 0),
	  { { .x = { 11922317.4639596 }, .y = { 3061141.03888603 } }, { .x = { 11933449.4130389 }, .y = { 3073585.3046074 } },
	    { .x = { 11944581.3621183 }, .y = { 3086040.45132919 } } } },
	{ "badprj", SHPT_POINT, NULL, NULL, "PROJCS[\"Nowhere\",GEOGCS[\"x\"],PROJECTION[\"Bogus\"]]",
	  P_NONE, ALLCOLS, GOODRECS },
	{ "beijing54", SHPT_POINT, NULL, NULL, PRJ_BEIJING, P_NONE, ALLCOLS, GOODRECS },
	{ "hugeshx", SHPT_POINT, NULL, NULL, NULL, P_HUGE_SHX, ALLCOLS, GOODRECS },
	{ "dbfshort", SHPT_POINT, NULL, NULL, NULL, P_DBF_ONE_LESS, ALLCOLS, GOODRECS },
	{ "shxtype", SHPT_POINT, NULL, NULL, NULL, P_SHX_TYPE, ALLCOLS, GOODRECS },
	{ "widecol", SHPT_POINT, NULL, NULL, NULL, P_DBF_WIDE_COLUMN, ALLCOLS, GOODRECS },
	{ "upper", SHPT_POINT, NULL, NULL, NULL, P_UPPER, ALLCOLS, GOODRECS },
	{ "gbk_nocpg", SHPT_POINT, NULL, NULL, NULL, P_NONE, 2, 2,
	  { { "ID", 'C', 4, 0 }, { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "1", LONGTANG_GBK } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "2", "Ascii" } } } },
	{ "gbk_cpg", SHPT_POINT, NULL, "GBK\r\n", NULL, P_NONE, 1, 1,
	  { { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { LONGTANG_GBK } } } },
	{ "gbk_ldid77", SHPT_POINT, "LDID/77", NULL, NULL, P_NONE, 1, 1,
	  { { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { LONGTANG_GBK } } } },
	{ "utf8_cpg", SHPT_POINT, NULL, "UTF-8", NULL, P_NONE, 1, 1,
	  { { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { LONGTANG_UTF8 } } } },
	{ "utf8_bad", SHPT_POINT, NULL, "UTF-8", NULL, P_NONE, 1, 2,
	  { { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "ok" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { LONGTANG_GBK } } } },
	/* issue 12: columns named in Chinese (UTF-8), no default column */
	{ "chinese", SHPT_POINT, NULL, "UTF-8", PRJ_WGS84, P_NONE, 5, 2,
	  { { "\xe7\xbc\x96\xe5\x8f\xb7", 'C', 6, 0 },            /* 编号 */
	    { "\xe5\x90\x8d\xe7\xa7\xb0", 'C', 20, 0 },           /* 名称 */
	    { "\xe4\xbb\xb6\xe6\x95\xb0", 'N', 6, 0 },            /* 件数 */
	    { "\xe5\xbc\x80\xe9\x97\xa8", 'C', 5, 0 },            /* 开门 */
	    { "\xe5\x85\xb3\xe9\x97\xa8", 'C', 5, 0 } },          /* 关门 */
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "V001", LONGTANG_UTF8, "4", "08:00", "17:00" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "V002", "Shangba", "2", "09:00", "18:00" } } } },
	/* issue 12: every default column, one DEMAND blank */
	{ "blankdemand", SHPT_POINT, NULL, "UTF-8", PRJ_WGS84, P_NONE, ALLCOLS,
	  { { .x = { 107.1 }, .y = { 26.5 }, .v = { "V001", "A", "3", "1", "5", "08:00", "17:30" } },
	    { .x = { 107.2 }, .y = { 26.6 }, .v = { "V002", "B", NULL, "0", "5", "08:00", "17:30" } },
	    { .x = { 107.3 }, .y = { 26.7 }, .v = { "V003", "C", "2", "0", "5", "08:00", "17:30" } } } },
	/* issue 12: GBK names under a .cpg that says ISO-8859-1 */
	{ "gbk_as_latin1", SHPT_POINT, NULL, "ISO-8859-1", NULL, P_NONE, 2, 2,
	  { { "ID", 'C', 4, 0 }, { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "V1", LONGTANG_GBK } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "V2", "Sant Juli\xe0 de L\xf2ria" } } } },
	/* issue 12: real Latin-1 text under ISO-8859-1 is not "misread" */
	{ "latin1", SHPT_POINT, NULL, "ISO-8859-1", NULL, P_NONE, 1, 2,
	  { { "NAME", 'C', 24, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "Aix\xe0s" } },
	    { .x = { 107.1 }, .y = { 26.1 }, .v = { "Sant Juli\xe0 de L\xf2ria" } } } },
	{ "guess_bad", SHPT_POINT, NULL, NULL, NULL, P_NONE, 1, 1,
	  { { "NAME", 'C', 20, 0 } },
	  { { .x = { 107.0 }, .y = { 26.0 }, .v = { "a\xff\xff" } } } },
};

static char *path_of(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 3;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s.%s", dir, name, ext);
	return p;
}

static int write_text(const char *dir, const char *name, const char *ext,
		      const char *text)
{
	char *p = path_of(dir, name, ext);
	FILE *fp = p ? fopen(p, "wb") : NULL;
	int ok = fp && fwrite(text, 1, strlen(text), fp) == strlen(text);

	if (fp && fclose(fp) != 0)
		ok = 0;
	free(p);
	return ok;
}

static SHPObject *make_shape(int type, const struct rec *r)
{
	double sx[5], sy[5];

	if (r->null)
		return SHPCreateObject(SHPT_NULL, -1, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL);
	if (type == SHPT_MULTIPOINT)
		return SHPCreateSimpleObject(type, r->npts, r->x, r->y, NULL);
	if (type == SHPT_ARC || type == SHPT_POLYGON) {
		/* A small closed square (the line is the same ring). */
		double d = 0.01;
		sx[0] = r->x[0]; sy[0] = r->y[0];
		sx[1] = r->x[0]; sy[1] = r->y[0] + d;
		sx[2] = r->x[0] + d; sy[2] = r->y[0] + d;
		sx[3] = r->x[0] + d; sy[3] = r->y[0];
		sx[4] = r->x[0]; sy[4] = r->y[0];
		return SHPCreateSimpleObject(type, 5, sx, sy, NULL);
	}
	return SHPCreateSimpleObject(type, 1, r->x, r->y, NULL);
}

static int write_layer(const char *dir, const struct fixture *fx)
{
	char *shp_path = path_of(dir, fx->name, "shp");
	char *dbf_path = path_of(dir, fx->name, "dbf");
	SHPHandle shp = NULL;
	DBFHandle dbf = NULL;
	int ok = 0;

	if (!shp_path || !dbf_path)
		goto done;
	shp = SHPCreate(shp_path, fx->type);
	dbf = DBFCreateEx(dbf_path, fx->codepage);
	if (!shp || !dbf)
		goto done;
	for (int c = 0; c < fx->ncols; c++) {
		DBFFieldType t = fx->cols[c].type == 'N' ? FTDouble : FTString;
		if (DBFAddField(dbf, fx->cols[c].name, t, fx->cols[c].width,
				fx->cols[c].decimals) < 0)
			goto done;
	}
	for (int r = 0; r < fx->nrecs; r++) {
		const struct rec *rec = &fx->recs[r];
		SHPObject *obj = make_shape(fx->type, rec);
		int id;

		if (!obj)
			goto done;
		id = SHPWriteObject(shp, -1, obj);
		SHPDestroyObject(obj);
		if (id < 0)
			goto done;
		for (int c = 0; c < fx->ncols; c++) {
			const char *v = rec->v[c];
			int w;

			if (!v)
				w = DBFWriteNULLAttribute(dbf, r, c);
			else if (fx->cols[c].type == 'N')
				w = DBFWriteDoubleAttribute(dbf, r, c, strtod(v, NULL));
			else
				w = DBFWriteStringAttribute(dbf, r, c, v);
			if (!w)
				goto done;
		}
	}
	ok = 1;
done:
	if (shp)
		SHPClose(shp);
	if (dbf)
		DBFClose(dbf);
	free(shp_path);
	free(dbf_path);
	if (ok && fx->cpg)
		ok = write_text(dir, fx->name, "cpg", fx->cpg);
	if (ok && fx->prj)
		ok = write_text(dir, fx->name, "prj", fx->prj);
	return ok;
}

static int remove_member(const char *dir, const char *name, const char *ext)
{
	char *p = path_of(dir, name, ext);
	int ok = p && unlink(p) == 0;

	free(p);
	return ok;
}

static int truncate_member(const char *dir, const char *name, const char *ext,
			   long cut)
{
	char *p = path_of(dir, name, ext);
	FILE *fp = p ? fopen(p, "rb") : NULL;
	long size;
	int ok = 0;

	if (fp && fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > cut)
		ok = truncate(p, size - cut) == 0;
	if (fp)
		fclose(fp);
	free(p);
	return ok;
}

/* Patch 4 big-endian bytes at offset in a member. */
static int patch_be32(const char *dir, const char *name, const char *ext,
		      long offset, unsigned long v)
{
	char *p = path_of(dir, name, ext);
	FILE *fp = p ? fopen(p, "r+b") : NULL;
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	int ok = fp && fseek(fp, offset, SEEK_SET) == 0 && fwrite(b, 1, 4, fp) == 4;

	if (fp && fclose(fp) != 0)
		ok = 0;
	free(p);
	return ok;
}

/* Overwrite one byte of a member. */
static int patch_byte(const char *dir, const char *name, const char *ext,
		      long offset, unsigned char v)
{
	char *p = path_of(dir, name, ext);
	FILE *fp = p ? fopen(p, "r+b") : NULL;
	int ok = fp && fseek(fp, offset, SEEK_SET) == 0 && fwrite(&v, 1, 1, fp) == 1;

	if (fp && fclose(fp) != 0)
		ok = 0;
	free(p);
	return ok;
}

/* Patch the little-endian record count of a .dbf. */
static int patch_dbf_count(const char *dir, const char *name, unsigned long v)
{
	char *p = path_of(dir, name, "dbf");
	FILE *fp = p ? fopen(p, "r+b") : NULL;
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	int ok = fp && fseek(fp, 4, SEEK_SET) == 0 && fwrite(b, 1, 4, fp) == 4;

	if (fp && fclose(fp) != 0)
		ok = 0;
	free(p);
	return ok;
}

static int rename_upper(const char *dir, const char *name)
{
	static const char *const ext[3][2] = { { "shp", "SHP" }, { "shx", "SHX" }, { "dbf", "DBF" } };
	int ok = 1;

	for (int i = 0; i < 3 && ok; i++) {
		char *a = path_of(dir, name, ext[i][0]);
		char *b = path_of(dir, name, ext[i][1]);
		ok = a && b && rename(a, b) == 0;
		free(a);
		free(b);
	}
	return ok;
}

static int post_process(const char *dir, const struct fixture *fx)
{
	switch (fx->post) {
	case P_NONE: return 1;
	case P_NO_SHP: return remove_member(dir, fx->name, "shp");
	case P_NO_SHX: return remove_member(dir, fx->name, "shx");
	case P_NO_DBF: return remove_member(dir, fx->name, "dbf");
	case P_TRUNC_SHP: return truncate_member(dir, fx->name, "shp", 10);
	case P_UPPER: return rename_upper(dir, fx->name);
	case P_HUGE_SHX: return patch_be32(dir, fx->name, "shx", 24, 0x7FFFFFF0UL);
	case P_DBF_ONE_LESS: return patch_dbf_count(dir, fx->name, (unsigned long)fx->nrecs - 1);
	/* The .shx says Polygon while the .shp says Point. */
	case P_SHX_TYPE: return patch_byte(dir, fx->name, "shx", 32, SHPT_POLYGON);
	/* Column 2 (NAME) widened from 40 to 250 bytes: past the record. */
	case P_DBF_WIDE_COLUMN: return patch_byte(dir, fx->name, "dbf", 32 + 32 + 16, 250);
	}
	return 0;
}

/* ---------------------------------------------------------------- fuzz seeds */

/* Append one part (length prefix + bytes of a member, or nothing when
 * the member does not exist: then an empty part). */
static int append_part(FILE *out, const char *dir, const char *name, const char *ext)
{
	char *p = path_of(dir, name, ext);
	FILE *fp = p ? fopen(p, "rb") : NULL;
	unsigned char buf[65535];
	size_t n = 0;
	int ok;

	if (fp) {
		n = fread(buf, 1, sizeof buf, fp);
		fclose(fp);
	}
	free(p);
	ok = fputc((int)(n & 0xFF), out) != EOF && fputc((int)(n >> 8), out) != EOF &&
	     fwrite(buf, 1, n, out) == n;
	return ok;
}

static int write_seed(const char *dir, const char *tmp, const struct fixture *fx)
{
	static const char *const parts[5] = { "shp", "shx", "dbf", "cpg", "prj" };
	char *out_path = path_of(dir, fx->name, "seed");
	FILE *out = out_path ? fopen(out_path, "wb") : NULL;
	int ok = out && write_layer(tmp, fx);

	for (int i = 0; i < 5 && ok; i++)
		ok = append_part(out, tmp, fx->name, parts[i]);
	if (out && fclose(out) != 0)
		ok = 0;
	for (int i = 0; i < 5; i++) {
		char *p = path_of(tmp, fx->name, parts[i]);
		if (p)
			unlink(p);
		free(p);
	}
	free(out_path);
	return ok;
}

static int fuzz_seeds(const char *dir)
{
	static const char *const seeds[] = { "good", "multipoint", "gbk_nocpg", "beijing54" };
	char tmp[] = "/tmp/mkshp-XXXXXX";
	int ok = 1;

	if (!mkdtemp(tmp))
		return 0;
	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
		for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
			if (strcmp(fixtures[i].name, seeds[s]) == 0 && ok)
				ok = write_seed(dir, tmp, &fixtures[i]);
	rmdir(tmp);
	return ok;
}

int main(int argc, char **argv)
{
	const char *dir;

	if (argc == 3 && strcmp(argv[1], "--fuzz-seed") == 0) {
		if (!fuzz_seeds(argv[2])) {
			fprintf(stderr, "mkshp: cannot write the fuzz seeds into %s\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: mkshp DIR | mkshp --fuzz-seed DIR\n");
		return 1;
	}
	dir = argv[1];
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		if (!write_layer(dir, &fixtures[i]) || !post_process(dir, &fixtures[i])) {
			fprintf(stderr, "mkshp: cannot write fixture %s into %s\n",
				fixtures[i].name, dir);
			return 1;
		}
	}
	return 0;
}
