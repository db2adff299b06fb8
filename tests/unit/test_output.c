/*
 * test_output.c -- the JSON writer (jsonw.c) and the output set
 * (output.c and the out_*.c writers), on the hand-made plan of
 * tests/fixtures/output_fixture.h. The written files are read back with cJSON and a
 * strict RFC 4180 reader, and compared with the fixture's figures.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "out/jsonw.h"
#include "cunlu/output.h"
#include "output_fixture.h"
#include "tinytest.h"

static const char *const out_names[] = {
	"routes.geojson", "stops.geojson", "summary.json", "dispatch.csv",
	"routes.shp", "routes.shx", "routes.dbf", "routes.prj", "routes.cpg",
	"stops.shp", "stops.shx", "stops.dbf", "stops.prj", "stops.cpg",
	"map.html", "sheets.html",
};
#define NOUT ((int)(sizeof out_names / sizeof out_names[0]))

/* ---- helpers ---------------------------------------------------------- */

/* A fresh empty directory under /tmp; the caller frees the name. */
static char *make_tmpdir(void)
{
	char *d = strdup("/tmp/cunlu-test-output-XXXXXX");

	if (d && !mkdtemp(d)) {
		free(d);
		d = NULL;
	}
	return d;
}

/* Remove a directory and the files directly in it. */
static void remove_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		remove(path);
	}
	closedir(dp);
	rmdir(dir);
}

/* Entries of dir (without . and ..); *ntmp counts names with ".tmp.". */
static int count_entries(const char *dir, int *ntmp)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	*ntmp = 0;
	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".cunlu.lock") == 0)   /* the directory's lock */
			continue;
		n++;
		if (strstr(e->d_name, ".tmp."))
			(*ntmp)++;
	}
	closedir(dp);
	return n;
}

/* The whole file, NUL-terminated; NULL if it cannot be read. */
static char *slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	FILE *fp;
	char *buf = NULL;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(fp);
	return buf;
}

static cJSON *load_json(const char *dir, const char *name)
{
	char *text = slurp(dir, name, NULL);
	cJSON *j = text ? cJSON_Parse(text) : NULL;

	free(text);
	return j;
}

static int write_fixture(const char *dir, struct fixture *fx, struct cl_error *err)
{
	cl_error_clear(err);
	return cl_write_outputs(dir, &fx->inst, &fx->sol, &fx->rep, &fx->info, err);
}

/* What one stream of jsonw calls produced, NUL-terminated (caller frees). */
struct memout {
	char *buf;
	size_t len;
	FILE *fp;
};

static void mem_open(struct memout *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
}

static const char *mem_close(struct memout *m)
{
	fclose(m->fp);
	return m->buf ? m->buf : "";
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *get_str(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double get_num(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static int is_null(const cJSON *o, const char *key)
{
	return cJSON_IsNull(get(o, key));
}

static const cJSON *feature(const cJSON *fc, int i)
{
	return cJSON_GetArrayItem(get(fc, "features"), i);
}

static const cJSON *props(const cJSON *fc, int i)
{
	return get(feature(fc, i), "properties");
}

/*
 * A strict RFC 4180 reader: CRLF after every record, quotes only around a
 * whole field, "" inside quotes. Returns the number of records or -1.
 */
#define CSV_MAXREC 32
#define CSV_MAXFIELD 24
struct csvdoc {
	int nrec;
	int nfield[CSV_MAXREC];
	char *field[CSV_MAXREC][CSV_MAXFIELD];
};

static void csv_free(struct csvdoc *d)
{
	for (int r = 0; r < CSV_MAXREC; r++)
		for (int f = 0; f < CSV_MAXFIELD; f++)
			free(d->field[r][f]);
	memset(d, 0, sizeof *d);
}

static int csv_parse(const char *s, struct csvdoc *d)
{
	memset(d, 0, sizeof *d);
	while (*s) {
		int r = d->nrec, nf = 0;

		if (r >= CSV_MAXREC)
			return -1;
		for (;;) {
			char *out = malloc(strlen(s) + 1);
			size_t k = 0;

			if (!out || nf >= CSV_MAXFIELD) {
				free(out);
				return -1;
			}
			d->field[r][nf++] = out;
			if (*s == '"') {
				s++;
				for (;;) {
					if (*s == '\0') {
						return -1;
					} else if (*s == '"' && s[1] == '"') {
						out[k++] = '"';
						s += 2;
					} else if (*s == '"') {
						s++;
						break;
					} else {
						out[k++] = *s++;
					}
				}
			} else {
				while (*s && *s != ',' && *s != '\r' && *s != '\n') {
					if (*s == '"')
						return -1;
					out[k++] = *s++;
				}
			}
			out[k] = '\0';
			if (*s == ',') {
				s++;
				continue;
			}
			if (s[0] == '\r' && s[1] == '\n') {
				s += 2;
				break;
			}
			return -1;
		}
		d->nfield[r] = nf;
		d->nrec++;
	}
	return d->nrec;
}

/* ---- jsonw ------------------------------------------------------------ */

static void test_jsonw_escaping(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	cl_jsonw_string(&w, "a\"b\\c/d");
	cl_jsonw_string(&w, "\n\r\t\b\f\x01\x1f\x7f");
	cl_jsonw_string(&w, "王家村 é 😀");
	cl_jsonw_string(&w, "");
	cl_jsonw_string(&w, NULL);
	cl_jsonw_end_array(&w);
	CHECK_INT(cl_jsonw_finish(&w), CL_OK);
	CHECK_STR(mem_close(&m),
		  "[\"a\\\"b\\\\c/d\",\"\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\","
		  "\"王家村 é 😀\",\"\",null]\n");
	free(m.buf);
}

static void test_jsonw_invalid_utf8(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;
	cJSON *j;

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	cl_jsonw_string(&w, "a\xff" "b");            /* never valid */
	cl_jsonw_string(&w, "\xc0\x80");            /* overlong NUL */
	cl_jsonw_string(&w, "\xed\xa0\x80");        /* surrogate */
	cl_jsonw_string(&w, "\xe7\x8e");            /* cut short */
	cl_jsonw_string(&w, "\xf4\x90\x80\x80");    /* above U+10FFFF */
	cl_jsonw_string(&w, "\xb4\xfa\xc2\xeb");    /* GBK, not UTF-8 */
	cl_jsonw_end_array(&w);
	CHECK_INT(cl_jsonw_finish(&w), CL_OK);
	CHECK_STR(mem_close(&m),
		  "[\"a\\ufffdb\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\","
		  "\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\\ufffd\","
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"]\n");
	j = cJSON_Parse(m.buf);
	CHECK(j != NULL);
	cJSON_Delete(j);
	free(m.buf);
}

static void test_jsonw_numbers(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	cl_jsonw_double(&w, 1.5, 2);
	cl_jsonw_double(&w, 80.355, 0);
	cl_jsonw_double(&w, -0.0, 2);
	cl_jsonw_double(&w, -0.001, 2);        /* rounds to -0.00 */
	cl_jsonw_double(&w, -114.1234567, 6);
	cl_jsonw_double(&w, 1e20, 1);
	cl_jsonw_int(&w, -42);
	cl_jsonw_int(&w, 9007199254740993LL);
	cl_jsonw_uint(&w, 18446744073709551615ULL);
	cl_jsonw_bool(&w, 1);
	cl_jsonw_bool(&w, 0);
	cl_jsonw_end_array(&w);
	CHECK_INT(cl_jsonw_finish(&w), CL_OK);
	CHECK_STR(mem_close(&m),
		  "[1.50,80,0.00,0.00,-114.123457,100000000000000000000.0,-42,"
		  "9007199254740993,18446744073709551615,true,false]\n");
	free(m.buf);
}

static void test_format_fixed(void)
{
	char buf[CL_JSONW_NUMBUF];

	CHECK_INT(cl_format_fixed(buf, 30.6543214, 6), CL_OK);
	CHECK_STR(buf, "30.654321");
	CHECK_INT(cl_format_fixed(buf, 3.0, 0), CL_OK);
	CHECK_STR(buf, "3");
	CHECK_INT(cl_format_fixed(buf, -1e308, 17), CL_OK);
	CHECK(strlen(buf) == 1 + 309 + 1 + 17);
	CHECK_INT(cl_format_fixed(buf, NAN, 2), CL_EOUTPUT);
	CHECK_STR(buf, "");
	CHECK_INT(cl_format_fixed(buf, INFINITY, 2), CL_EOUTPUT);
	CHECK_INT(cl_format_fixed(buf, -INFINITY, 2), CL_EOUTPUT);
	CHECK_INT(cl_format_fixed(buf, 1.0, -1), CL_EOUTPUT);
	CHECK_INT(cl_format_fixed(buf, 1.0, CL_JSONW_MAXDECIMALS + 1), CL_EOUTPUT);
}

static void test_jsonw_nonfinite_is_sticky(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;

	mem_open(&m);
	cl_error_clear(&err);
	cl_jsonw_init(&w, m.fp, CL_JSONW_PRETTY, &err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_kint(&w, "stops", 3);
	CHECK_INT(cl_jsonw_kdouble(&w, "cost", NAN, 2), CL_EOUTPUT);
	CHECK_INT(err.status, CL_EOUTPUT);
	CHECK_HAS(err.msg, "\"cost\"");
	CHECK_HAS(err.msg, "NaN");
	/* Later calls do nothing and report the same failure. */
	CHECK_INT(cl_jsonw_kint(&w, "load", 1), CL_EOUTPUT);
	CHECK_INT(cl_jsonw_end_object(&w), CL_EOUTPUT);
	CHECK_INT(cl_jsonw_finish(&w), CL_EOUTPUT);
	CHECK_HAS(err.msg, "\"cost\"");
	CHECK(strstr(mem_close(&m), "load") == NULL);
	free(m.buf);

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	CHECK_INT(cl_jsonw_double(&w, -INFINITY, 6), CL_EOUTPUT);
	CHECK_HAS(err.msg, "infinite");
	mem_close(&m);
	free(m.buf);
}

/* A full disk is CL_EOUTPUT with errno's text. */
static void test_jsonw_write_error(void)
{
	struct cl_jsonw w;
	struct cl_error err;
	FILE *fp = fopen("/dev/full", "w");

	CHECK(fp != NULL);
	if (!fp)
		return;
	setvbuf(fp, NULL, _IONBF, 0);
	cl_error_clear(&err);
	cl_jsonw_init(&w, fp, CL_JSONW_COMPACT, &err);
	CHECK_INT(cl_jsonw_begin_array(&w), CL_EOUTPUT);
	CHECK_HAS(err.msg, "No space left on device");
	CHECK_INT(cl_jsonw_end_array(&w), CL_EOUTPUT);
	CHECK_INT(cl_jsonw_finish(&w), CL_EOUTPUT);
	fclose(fp);
}

/* Each misuse is CL_EINTERNAL, found at the call or at finish. */
static void test_jsonw_misuse(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_object(&w);
	CHECK_INT(cl_jsonw_int(&w, 1), CL_EINTERNAL);    /* no key */
	CHECK_HAS(err.msg, "without a key");

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	CHECK_INT(cl_jsonw_key(&w, "k"), CL_EINTERNAL);   /* key in array */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	CHECK_INT(cl_jsonw_end_object(&w), CL_EINTERNAL); /* wrong closer */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_key(&w, "k");
	CHECK_INT(cl_jsonw_key(&w, "l"), CL_EINTERNAL);   /* two keys */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_key(&w, "k");
	CHECK_INT(cl_jsonw_end_object(&w), CL_EINTERNAL); /* key, no value */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_int(&w, 1);
	CHECK_INT(cl_jsonw_int(&w, 2), CL_EINTERNAL);     /* two documents */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	cl_jsonw_begin_array(&w);
	CHECK_INT(cl_jsonw_finish(&w), CL_EINTERNAL);     /* left open */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	CHECK_INT(cl_jsonw_finish(&w), CL_EINTERNAL);     /* nothing */

	cl_jsonw_init(&w, m.fp, CL_JSONW_COMPACT, &err);
	for (int i = 0; i < CL_JSONW_MAXDEPTH; i++)
		CHECK_INT(cl_jsonw_begin_array(&w), CL_OK);
	CHECK_INT(cl_jsonw_begin_array(&w), CL_EINTERNAL);
	CHECK_HAS(err.msg, "deep");
	mem_close(&m);
	free(m.buf);
}

static void test_jsonw_pretty_layout(void)
{
	struct memout m;
	struct cl_jsonw w;
	struct cl_error err;
	cJSON *j;

	mem_open(&m);
	cl_jsonw_init(&w, m.fp, CL_JSONW_PRETTY, &err);
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "a", "x");
	cl_jsonw_key(&w, "b");
	cl_jsonw_begin_array(&w);
	cl_jsonw_begin_object_flat(&w);
	cl_jsonw_kint(&w, "c", 1);
	cl_jsonw_key(&w, "d");
	cl_jsonw_begin_array(&w);           /* flat because its parent is */
	cl_jsonw_int(&w, 1);
	cl_jsonw_int(&w, 2);
	cl_jsonw_end_array(&w);
	cl_jsonw_end_object(&w);
	cl_jsonw_begin_array(&w);
	cl_jsonw_end_array(&w);
	cl_jsonw_end_array(&w);
	cl_jsonw_key(&w, "e");
	cl_jsonw_begin_object(&w);
	cl_jsonw_end_object(&w);
	cl_jsonw_knull(&w, "f");
	cl_jsonw_end_object(&w);
	CHECK_INT(cl_jsonw_finish(&w), CL_OK);
	CHECK_STR(mem_close(&m),
		  "{\n"
		  "  \"a\": \"x\",\n"
		  "  \"b\": [\n"
		  "    {\"c\": 1, \"d\": [1, 2]},\n"
		  "    []\n"
		  "  ],\n"
		  "  \"e\": {},\n"
		  "  \"f\": null\n"
		  "}\n");
	j = cJSON_Parse(m.buf);
	CHECK(j != NULL);
	cJSON_Delete(j);
	free(m.buf);
}

/* ---- the output set --------------------------------------------------- */

static void test_writes_four_files(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	char sub[1024];
	int ntmp;

	fixture_init(&fx);
	CHECK(dir != NULL);
	if (!dir)
		return;
	/* The directory is created (one level) when missing. */
	snprintf(sub, sizeof sub, "%s/out", dir);
	CHECK_INT(write_fixture(sub, &fx, &err), CL_OK);
	CHECK_STR(err.msg, "");
	CHECK_INT(count_entries(sub, &ntmp), NOUT);
	CHECK_INT(ntmp, 0);
	for (int i = 0; i < NOUT; i++) {
		size_t len = 0;
		char *text = slurp(sub, out_names[i], &len);
		CHECK(text != NULL && len > 0);
		free(text);
	}
	/* Writing again replaces the files and leaves nothing else. */
	fx.route_evals[0].cost = 81.5;
	snprintf(sub, sizeof sub, "%s/out/", dir);
	CHECK_INT(write_fixture(sub, &fx, &err), CL_OK);
	snprintf(sub, sizeof sub, "%s/out", dir);
	CHECK_INT(count_entries(sub, &ntmp), NOUT);
	CHECK_INT(ntmp, 0);
	{
		char *text = slurp(sub, "routes.geojson", NULL);
		CHECK_HAS(text, "\"cost\": 81.50");
		free(text);
	}
	remove_dir(sub);
	remove_dir(dir);
	free(dir);
}

static void test_routes_geojson(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	cJSON *fc;
	const cJSON *p, *coords, *pt;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	fc = load_json(dir, "routes.geojson");
	CHECK(fc != NULL);
	CHECK_STR(get_str(fc, "type"), "FeatureCollection");
	CHECK(get(fc, "crs") == NULL);
	CHECK_INT(cJSON_GetArraySize(get(fc, "features")), 2);

	CHECK_STR(get_str(feature(fc, 0), "type"), "Feature");
	p = props(fc, 0);
	CHECK_STR(get_str(p, "vehicle"), "van-1");
	CHECK_STR(get_str(p, "type"), "van");
	CHECK(get_num(p, "stops") == 2);
	CHECK(get_num(p, "dist_m") == 25300);
	CHECK(get_num(p, "dur_s") == 6000);
	CHECK_STR(get_str(p, "start"), "08:00");
	CHECK_STR(get_str(p, "end"), "09:40");
	CHECK(get_num(p, "load") == 20);
	CHECK(fabs(get_num(p, "cost") - 80.36) < 1e-9);
	CHECK_STR(get_str(get(feature(fc, 0), "geometry"), "type"), "LineString");
	coords = get(get(feature(fc, 0), "geometry"), "coordinates");
	CHECK_INT(cJSON_GetArraySize(coords), 4);     /* depot, 2 stops, depot */
	pt = cJSON_GetArrayItem(coords, 0);
	CHECK(fabs(cJSON_GetArrayItem(pt, 0)->valuedouble - 114.123456) < 1e-9);
	CHECK(fabs(cJSON_GetArrayItem(pt, 1)->valuedouble - 30.654321) < 1e-9);
	pt = cJSON_GetArrayItem(coords, 2);           /* V2, lon first */
	CHECK(fabs(cJSON_GetArrayItem(pt, 0)->valuedouble - 114.25) < 1e-9);
	CHECK(fabs(cJSON_GetArrayItem(pt, 1)->valuedouble - 30.6) < 1e-9);

	p = props(fc, 1);
	CHECK_STR(get_str(p, "vehicle"), "etrike-2");
	CHECK_STR(get_str(p, "start"), "08:30");
	CHECK(fabs(get_num(p, "cost") - 14.8) < 1e-9);
	coords = get(get(feature(fc, 1), "geometry"), "coordinates");
	CHECK_INT(cJSON_GetArraySize(coords), 3);
	cJSON_Delete(fc);
	{
		char *text = slurp(dir, "routes.geojson", NULL);
		CHECK_HAS(text, "\"cost\": 14.80");      /* 2 decimals */
		CHECK_HAS(text, "[114.200000, 30.700000]");
		free(text);
	}
	remove_dir(dir);
	free(dir);
}

static void test_stops_geojson(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	cJSON *fc;
	const cJSON *p, *g;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	fc = load_json(dir, "stops.geojson");
	CHECK(fc != NULL);
	CHECK(get(fc, "crs") == NULL);
	CHECK_INT(cJSON_GetArraySize(get(fc, "features")), 5);

	p = props(fc, 0);
	CHECK_STR(get_str(p, "kind"), "depot");
	CHECK_STR(get_str(p, "id"), "D0");
	CHECK_STR(get_str(p, "name"), "城关镇共配中心");
	CHECK(is_null(p, "vehicle") && is_null(p, "seq") && is_null(p, "load"));
	CHECK(is_null(p, "LXR") && is_null(p, "DH"));
	g = get(feature(fc, 0), "geometry");
	CHECK_STR(get_str(g, "type"), "Point");
	CHECK(fabs(cJSON_GetArrayItem(get(g, "coordinates"), 0)->valuedouble - 114.123456) < 1e-9);

	p = props(fc, 1);
	CHECK_STR(get_str(p, "kind"), "visit");
	CHECK_STR(get_str(p, "status"), "served");
	CHECK(get_num(p, "trip") == 1);
	CHECK_STR(get_str(p, "vehicle"), "van-1");
	CHECK(get_num(p, "seq") == 1);
	CHECK_STR(get_str(p, "id"), "V1");
	CHECK_STR(get_str(p, "name"), FIXTURE_NAME1);  /* escaping round-trips */
	CHECK_STR(get_str(p, "arrival"), "08:12");
	CHECK_STR(get_str(p, "start"), "08:12");
	CHECK(get_num(p, "load") == 11);
	CHECK(get_num(p, "deliver") == 12);
	CHECK(get_num(p, "pickup") == 3);
	CHECK(is_null(p, "reason"));
	CHECK_STR(get_str(p, "LXR"), "王五");         /* kept columns */
	CHECK_STR(get_str(p, "DH"), "13800000001");

	p = props(fc, 2);
	CHECK(get_num(p, "seq") == 2);
	CHECK_STR(get_str(p, "arrival"), "08:30");
	CHECK_STR(get_str(p, "start"), "09:00");     /* after waiting */

	p = props(fc, 3);
	CHECK_STR(get_str(p, "vehicle"), "etrike-2");
	CHECK(get_num(p, "seq") == 1);
	CHECK_STR(get_str(p, "name"), "Shimen, upper");

	p = props(fc, 4);
	CHECK_STR(get_str(p, "kind"), "unassigned");
	CHECK_STR(get_str(p, "status"), "unassigned");
	CHECK(is_null(p, "trip"));
	CHECK_STR(get_str(p, "id"), "V4");
	CHECK(is_null(p, "vehicle") && is_null(p, "seq") && is_null(p, "arrival"));
	CHECK(get_num(p, "deliver") == 40);
	CHECK_STR(get_str(p, "reason"), cl_reason_text(CL_REASON_CAPACITY));
	CHECK_STR(get_str(p, "LXR"), "赵六");
	cJSON_Delete(fc);
	remove_dir(dir);
	free(dir);
}

/*
 * Every property key is ASCII and at most 10 bytes, and all Features of a
 * layer have the same keys in the same order.
 */
static void check_keys(const cJSON *fc)
{
	const cJSON *f, *first = props(fc, 0), *k, *k0;

	cJSON_ArrayForEach(f, get(fc, "features")) {
		const cJSON *p = get(f, "properties");
		CHECK(cJSON_IsObject(p));
		k0 = first ? first->child : NULL;
		cJSON_ArrayForEach(k, p) {
			size_t n = strlen(k->string);
			CHECK(n >= 1 && n <= 10);
			for (size_t i = 0; i < n; i++)
				CHECK((unsigned char)k->string[i] < 0x80);
			CHECK(k0 && strcmp(k0->string, k->string) == 0);
			k0 = k0 ? k0->next : NULL;
		}
		CHECK(k0 == NULL);
	}
}

static void test_property_keys(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	cJSON *fc;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	fc = load_json(dir, "routes.geojson");
	CHECK(fc != NULL);
	check_keys(fc);
	CHECK_INT(cJSON_GetArraySize(props(fc, 0)), 11);   /* trip and mode included */
	cJSON_Delete(fc);
	fc = load_json(dir, "stops.geojson");
	CHECK(fc != NULL);
	check_keys(fc);
	CHECK_INT(cJSON_GetArraySize(props(fc, 0)), 16);   /* 14 + the two kept columns */
	cJSON_Delete(fc);
	remove_dir(dir);
	free(dir);
}

static void test_summary(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	cJSON *s;
	const cJSON *v, *u;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	s = load_json(dir, "summary.json");
	CHECK(s != NULL);
	CHECK_STR(get_str(s, "version"), "0.1.0-test");
	CHECK_STR(get_str(get(s, "input"), "villages"), "maps/test/villages.shp");
	CHECK(is_null(get(s, "input"), "fleet"));
	CHECK_STR(get_str(get(s, "input"), "distances"), "geo (detour 1.30)");
	CHECK(get_num(s, "seed") == 42);
	CHECK(get_num(s, "time_limit_s") == 10);
	CHECK(fabs(get_num(s, "elapsed_s") - 1.234) < 1e-9);
	CHECK(get_num(s, "iterations") == 1000);
	CHECK(get_num(s, "total_dist_m") == 37300);
	CHECK(get_num(s, "total_dur_s") == 8100);
	CHECK(fabs(get_num(s, "total_cost") - 95.16) < 1e-9);
	CHECK(get_num(s, "vehicles_used") == 2);
	CHECK(get_num(s, "served") == 3);
	CHECK(get_num(s, "unassigned_count") == 1);
	CHECK_INT(cJSON_GetArraySize(get(s, "vehicles")), 2);
	v = cJSON_GetArrayItem(get(s, "vehicles"), 0);
	CHECK_STR(get_str(v, "vehicle"), "van-1");
	CHECK_STR(get_str(v, "type"), "van");
	CHECK(get_num(v, "stops") == 2);
	CHECK(get_num(v, "dist_m") == 25300);
	CHECK(get_num(v, "dur_s") == 6000);
	CHECK_STR(get_str(v, "start"), "08:00");
	CHECK_STR(get_str(v, "end"), "09:40");
	CHECK(get_num(v, "load_start") == 20);
	CHECK(get_num(v, "load_max") == 20);
	CHECK(fabs(get_num(v, "cost") - 80.36) < 1e-9);
	v = cJSON_GetArrayItem(get(s, "vehicles"), 1);
	CHECK_STR(get_str(v, "vehicle"), "etrike-2");
	CHECK(get_num(v, "load_max") == 5);
	CHECK_INT(cJSON_GetArraySize(get(s, "unassigned")), 1);
	u = cJSON_GetArrayItem(get(s, "unassigned"), 0);
	CHECK_STR(get_str(u, "id"), "V4");
	CHECK_STR(get_str(u, "name"), "赵庄");
	CHECK(get_num(u, "record") == 4);            /* 1-based */
	CHECK_STR(get_str(u, "reason"), cl_reason_text(CL_REASON_CAPACITY));
	cJSON_Delete(s);
	remove_dir(dir);
	free(dir);
}

static void test_dispatch_csv(void)
{
	static const char *const header[] = {
		"vehicle", "type", "trip", "seq", "kind", "id", "name", "arrival", "start",
		"depart", "deliver", "pickup", "load", "lon", "lat", "LXR", "DH",
	};
	struct fixture fx;
	struct cl_error err;
	struct csvdoc d;
	char *dir = make_tmpdir();
	char *text;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	text = slurp(dir, "dispatch.csv", NULL);
	CHECK(text != NULL);
	if (!text)
		goto cleanup;
	CHECK(strncmp(text, "\xEF\xBB\xBF", 3) == 0);   /* BOM */
	/* header + (depot, 2 stops, depot) + (depot, 1 stop, depot) */
	CHECK_INT(csv_parse(text + 3, &d), 8);
	for (int r = 0; r < d.nrec; r++)
		CHECK_INT(d.nfield[r], 17);
	for (int f = 0; f < 17 && d.nrec > 0; f++)
		CHECK_STR(d.field[0][f], header[f]);
	if (d.nrec == 8) {
		/* van-1 leaves the depot */
		CHECK_STR(d.field[1][0], "van-1");
		CHECK_STR(d.field[1][2], "1");
		CHECK_STR(d.field[1][4], "depart");
		CHECK_STR(d.field[2][4], "stop");
		CHECK_STR(d.field[4][4], "return");
		CHECK_STR(d.field[1][3], "0");
		CHECK_STR(d.field[1][5], "D0");
		CHECK_STR(d.field[1][6], "城关镇共配中心");
		CHECK_STR(d.field[1][7], "");
		CHECK_STR(d.field[1][9], "08:00");
		CHECK_STR(d.field[1][12], "20");
		CHECK_STR(d.field[1][13], "114.123456");
		CHECK_STR(d.field[1][14], "30.654321");
		/* the awkward name round-trips */
		CHECK_STR(d.field[2][3], "1");
		CHECK_STR(d.field[2][6], FIXTURE_NAME1);
		CHECK_STR(d.field[2][7], "08:12");
		CHECK_STR(d.field[2][9], "08:17");
		CHECK_STR(d.field[2][10], "12");
		CHECK_STR(d.field[2][11], "3");
		CHECK_STR(d.field[2][12], "11");
		/* kept columns: empty on depot lines, as read on stops */
		CHECK_STR(d.field[1][15], "");
		CHECK_STR(d.field[2][15], "王五");
		CHECK_STR(d.field[2][16], "13800000001");
		CHECK_STR(d.field[3][15], "");
		CHECK_STR(d.field[3][16], "0851-1234");
		CHECK_STR(d.field[6][15], "Li, Ming");
		CHECK_STR(d.field[3][8], "09:00");
		/* back at the depot */
		CHECK_STR(d.field[4][3], "3");
		CHECK_STR(d.field[4][5], "D0");
		CHECK_STR(d.field[4][7], "09:40");
		CHECK_STR(d.field[4][9], "");
		CHECK_STR(d.field[4][12], "5");
		CHECK_STR(d.field[5][0], "etrike-2");
		CHECK_STR(d.field[6][6], "Shimen, upper");
		CHECK_STR(d.field[7][3], "2");
	}
	/* Quoting exactly where needed, quotes doubled. */
	CHECK_HAS(text, ",\"王家\"\"湾\"\", 东\\组\n二号\",");
	CHECK_HAS(text, ",\"Shimen, upper\",");
	CHECK_HAS(text, ",D0,城关镇共配中心,");
	csv_free(&d);
cleanup:
	free(text);
	remove_dir(dir);
	free(dir);
}

static void test_dir_is_a_file(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	char path[1024];
	FILE *fp;
	char *text;
	int ntmp;

	fixture_init(&fx);
	snprintf(path, sizeof path, "%s/plain", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("keep me\n", fp);
		fclose(fp);
	}
	CHECK_INT(write_fixture(path, &fx, &err), CL_EOUTPUT);
	CHECK_INT(err.status, CL_EOUTPUT);
	CHECK_HAS(err.msg, path);
	CHECK_HAS(err.msg, "Not a directory");
	CHECK_INT(count_entries(dir, &ntmp), 1);
	CHECK_INT(ntmp, 0);
	text = slurp(dir, "plain", NULL);
	CHECK_STR(text, "keep me\n");
	free(text);

	/* A missing parent is not created: one level only. */
	snprintf(path, sizeof path, "%s/a/b", dir);
	CHECK_INT(write_fixture(path, &fx, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, path);
	CHECK_INT(count_entries(dir, &ntmp), 1);
	remove_dir(dir);
	free(dir);
}

/*
 * A failure while writing (a NaN, which jsonw refuses) leaves the old
 * outputs byte for byte and no temporary files; a directory the failed
 * call created is removed again.
 */
static void test_failure_keeps_old_outputs(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	char *old[NOUT];
	size_t oldlen[NOUT];
	char sub[1024];
	int ntmp;

	fixture_init(&fx);
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	for (int i = 0; i < NOUT; i++)
		old[i] = slurp(dir, out_names[i], &oldlen[i]);

	/* Fails before the first file: the routes layer holds a NaN. */
	fx.route_evals[1].cost = NAN;
	fx.rep.served = 99;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "route 2 (etrike-2)");
	CHECK_HAS(err.msg, "\"cost\"");
	CHECK_HAS(err.msg, "NaN");
	CHECK_INT(count_entries(dir, &ntmp), NOUT);
	CHECK_INT(ntmp, 0);

	/* Fails in the third file, after two were written. */
	fixture_init(&fx);
	fx.rep.total_cost = NAN;
	fx.rep.served = 99;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EOUTPUT);
	CHECK_HAS(err.msg, "summary.json");
	CHECK_HAS(err.msg, "\"total_cost\"");
	CHECK_INT(count_entries(dir, &ntmp), NOUT);
	CHECK_INT(ntmp, 0);

	/* A NaN coordinate is refused by the CSV writer as well. */
	fixture_init(&fx);
	fx.sites[3].lat = NAN;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EOUTPUT);
	CHECK_INT(count_entries(dir, &ntmp), NOUT);
	CHECK_INT(ntmp, 0);

	for (int i = 0; i < NOUT; i++) {
		size_t len = 0;
		char *now = slurp(dir, out_names[i], &len);
		CHECK(old[i] != NULL && now != NULL);
		CHECK(len == oldlen[i] && old[i] && now &&
		      memcmp(old[i], now, len) == 0);
		free(now);
		free(old[i]);
	}

	/* The directory this call created goes away again. */
	fixture_init(&fx);
	fx.rep.total_cost = INFINITY;
	snprintf(sub, sizeof sub, "%s/new", dir);
	CHECK_INT(write_fixture(sub, &fx, &err), CL_EOUTPUT);
	CHECK(access(sub, F_OK) != 0);
	remove_dir(dir);
	free(dir);
}

static void test_mismatched_report(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	int ntmp;

	fixture_init(&fx);
	fx.rep.nroutes = 1;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EINTERNAL);
	CHECK_HAS(err.msg, "report");

	fixture_init(&fx);
	fx.eval_a[1].site = 3;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EINTERNAL);
	CHECK_HAS(err.msg, "route 1, stop 2");

	fixture_init(&fx);
	fx.stops_b[0] = 5;                  /* past the last site */
	fx.eval_b[0].site = 5;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EINTERNAL);

	fixture_init(&fx);
	fx.routes[1].type = 2;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EINTERNAL);

	fixture_init(&fx);
	fx.unassigned[0] = 0;               /* the depot */
	CHECK_INT(write_fixture(dir, &fx, &err), CL_EINTERNAL);
	CHECK_INT(count_entries(dir, &ntmp), 0);
	remove_dir(dir);
	free(dir);
}

/* A route whose positions all coincide gets a null geometry. */
static void test_degenerate_route(void)
{
	struct fixture fx;
	struct cl_error err;
	char *dir = make_tmpdir();
	cJSON *fc;

	fixture_init(&fx);
	fx.sites[3].lon = fx.sites[0].lon + 1e-8;   /* same at 6 decimals */
	fx.sites[3].lat = fx.sites[0].lat;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	fc = load_json(dir, "routes.geojson");
	CHECK(fc != NULL);
	CHECK_STR(get_str(get(feature(fc, 0), "geometry"), "type"), "LineString");
	CHECK(is_null(feature(fc, 1), "geometry"));
	CHECK_STR(get_str(props(fc, 1), "vehicle"), "etrike-2");
	cJSON_Delete(fc);
	remove_dir(dir);
	free(dir);
}

/* No routes at all: empty collections, every village unassigned. */
static void test_no_routes(void)
{
	static int all[4] = { 1, 2, 3, 4 };
	static enum cl_reason why[4] = {
		CL_REASON_FLEET, CL_REASON_FLEET, CL_REASON_RANGE, CL_REASON_CAPACITY,
	};
	struct fixture fx;
	struct cl_error err;
	struct csvdoc d;
	char *dir = make_tmpdir();
	char *text;
	cJSON *j;

	fixture_init(&fx);
	fx.sol.nroutes = 0;
	fx.rep.nroutes = 0;
	fx.rep.nvehicles = 0;
	fx.sol.nunassigned = 4;
	fx.sol.unassigned = all;
	fx.sol.reasons = why;
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);
	j = load_json(dir, "routes.geojson");
	CHECK(j != NULL);
	CHECK_INT(cJSON_GetArraySize(get(j, "features")), 0);
	cJSON_Delete(j);
	j = load_json(dir, "stops.geojson");
	CHECK_INT(cJSON_GetArraySize(get(j, "features")), 5);
	CHECK_STR(get_str(props(j, 3), "reason"), cl_reason_text(CL_REASON_RANGE));
	cJSON_Delete(j);
	j = load_json(dir, "summary.json");
	CHECK_INT(cJSON_GetArraySize(get(j, "vehicles")), 0);
	CHECK_INT(cJSON_GetArraySize(get(j, "unassigned")), 4);
	cJSON_Delete(j);
	text = slurp(dir, "dispatch.csv", NULL);
	CHECK(text != NULL);
	CHECK_INT(text ? csv_parse(text + 3, &d) : -1, 1);
	csv_free(&d);
	free(text);
	remove_dir(dir);
	free(dir);
}

/*
 * Issue 11: van-1 makes two trips (V1, V2; reload; V3), V4 is deferred,
 * V5 is not scheduled today, and V1's parcels come from two brands.
 */
static void test_trips_and_statuses(void)
{
	static char *brand_names[] = { "ZTO", "YTO" };
	static char v5[] = "V5", n5[] = "Far";
	static const char *const why_def[] = { "nothing due today: due in 2 days" };
	struct cl_brand_qty brands[2] = { { 0, 10, 0 }, { 1, 2, 3 } };
	enum cl_idle idle_why[1] = { CL_IDLE_NOT_SCHEDULED };
	struct cl_site idle[1];
	struct fixture fx;
	struct cl_error err;
	struct csvdoc d;
	char *dir = make_tmpdir(), *text;
	int deferred[1] = { 4 };
	cJSON *j;
	const cJSON *v, *p;

	fixture_init(&fx);
	fx.routes[1] = (struct cl_route){ .type = 0, .vehicle = 0, .trip = 1,
		.depart_s = 36000, .nstops = 1, .stops = fx.stops_b };
	fx.route_evals[1].start_s = 36000;
	fx.route_evals[1].end_s = 38100;
	fx.route_evals[1].veh = 0;
	fx.route_evals[1].trip = 1;
	fx.vehicle_evals[0].ntrips = 2;
	fx.vehicle_evals[0].end_s = 38100;
	fx.vehicle_evals[0].dur_s = 9300;
	fx.vehicle_evals[0].dist_m = 37300;
	fx.vehicle_evals[0].cost = 95.16;
	fx.rep.nvehicles = 1;
	fx.rep.vehicles_used = 1;
	fx.rep.total_dur_s = 9300;
	fx.rep.unassigned = 0;
	fx.rep.deferred = 1;
	fx.sol.nunassigned = 0;
	fx.sol.ndeferred = 1;
	fx.sol.deferred = deferred;
	fx.sites[4].due_days = 2;
	fx.sites[4].optional = 1;
	fx.sites[4].miss_cost = 6;
	fx.sites[1].nbrands = 2;
	fx.sites[1].brands = brands;
	fx.inst.nbrand_names = 2;
	fx.inst.brand_names = brand_names;
	fixture_site(&idle[0], v5, n5, 114.4, 30.9, 3, 0, 4);
	fx.inst.nidle = 1;
	fx.inst.idle = idle;
	fx.inst.idle_why = idle_why;
	fx.info.deferred_why = why_def;
	fx.info.date = "2025-06-03";
	CHECK_INT(write_fixture(dir, &fx, &err), CL_OK);

	j = load_json(dir, "routes.geojson");
	CHECK_INT(cJSON_GetArraySize(get(j, "features")), 2);
	CHECK_STR(get_str(props(j, 1), "vehicle"), "van-1");
	CHECK(get_num(props(j, 0), "trip") == 1);
	CHECK(get_num(props(j, 1), "trip") == 2);
	check_keys(j);
	cJSON_Delete(j);

	j = load_json(dir, "stops.geojson");
	CHECK_INT(cJSON_GetArraySize(get(j, "features")), 6);
	p = props(j, 3);
	CHECK_STR(get_str(p, "id"), "V3");
	CHECK(get_num(p, "trip") == 2);
	CHECK(get_num(p, "seq") == 1);
	p = props(j, 4);
	CHECK_STR(get_str(p, "kind"), "deferred");
	CHECK_STR(get_str(p, "status"), "deferred");
	CHECK_STR(get_str(p, "reason"), "nothing due today: due in 2 days");
	p = props(j, 5);
	CHECK_STR(get_str(p, "kind"), "idle");
	CHECK_STR(get_str(p, "status"), "not scheduled");
	CHECK_STR(get_str(p, "id"), "V5");
	CHECK(get_num(p, "deliver") == 3);
	check_keys(j);
	cJSON_Delete(j);

	j = load_json(dir, "summary.json");
	CHECK(get_num(j, "trips") == 2);
	CHECK(get_num(j, "vehicles_used") == 1);
	CHECK_STR(get_str(j, "date"), "2025-06-03");
	CHECK_INT(cJSON_GetArraySize(get(j, "vehicles")), 1);
	v = cJSON_GetArrayItem(get(j, "vehicles"), 0);
	CHECK(get_num(v, "trips") == 2);
	CHECK(get_num(v, "stops") == 3);
	CHECK(get_num(v, "dur_s") == 9300);
	CHECK_STR(get_str(v, "end"), "10:35");
	CHECK_INT(cJSON_GetArraySize(get(v, "trip_list")), 2);
	CHECK_STR(get_str(cJSON_GetArrayItem(get(v, "trip_list"), 1), "start"), "10:00");
	p = get(j, "status_counts");
	CHECK(get_num(p, "served") == 3);
	CHECK(get_num(p, "deferred") == 1);
	CHECK(get_num(p, "not scheduled") == 1);
	CHECK(get_num(p, "nothing today") == 0);
	CHECK(get_num(cJSON_GetArrayItem(get(j, "deferred"), 0), "prize") == 6);
	CHECK_STR(get_str(cJSON_GetArrayItem(get(j, "not_planned"), 0), "status"), "not scheduled");
	cJSON_Delete(j);

	text = slurp(dir, "dispatch.csv", NULL);
	CHECK(text != NULL);
	/* header, depart, V1, V2, reload, V3, return */
	CHECK_INT(text ? csv_parse(text + 3, &d) : -1, 7);
	if (d.nrec == 7) {
		CHECK_STR(d.field[0][13], "brands");
		CHECK_STR(d.field[2][13], "ZTO 10, YTO 2; pickup YTO 3");
		CHECK_STR(d.field[3][13], "");
		CHECK_STR(d.field[4][4], "reload");
		CHECK_STR(d.field[4][2], "2");
		CHECK_STR(d.field[4][7], "09:40");     /* back from trip 1 */
		CHECK_STR(d.field[4][9], "10:00");     /* trip 2 leaves */
		CHECK_STR(d.field[4][10], "5");        /* unloaded */
		CHECK_STR(d.field[4][11], "5");        /* loaded */
		CHECK_STR(d.field[5][5], "V3");
		CHECK_STR(d.field[6][4], "return");
		CHECK_STR(d.field[6][7], "10:35");
	}
	csv_free(&d);
	free(text);
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	RUN(test_trips_and_statuses);
	RUN(test_jsonw_escaping);
	RUN(test_jsonw_invalid_utf8);
	RUN(test_jsonw_numbers);
	RUN(test_format_fixed);
	RUN(test_jsonw_nonfinite_is_sticky);
	RUN(test_jsonw_write_error);
	RUN(test_jsonw_misuse);
	RUN(test_jsonw_pretty_layout);
	RUN(test_writes_four_files);
	RUN(test_routes_geojson);
	RUN(test_stops_geojson);
	RUN(test_property_keys);
	RUN(test_summary);
	RUN(test_dispatch_csv);
	RUN(test_dir_is_a_file);
	RUN(test_failure_keeps_old_outputs);
	RUN(test_mismatched_report);
	RUN(test_degenerate_route);
	RUN(test_no_routes);
	TT_END();
}
