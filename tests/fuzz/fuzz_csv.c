/*
 * fuzz_csv.c -- libFuzzer harness for the CSV village reader: feeds the raw
 * bytes to cl_csv_parse_sites() with options picked by the input's size
 * (default fields; a village layer with default warnings; --strict; kept
 * columns and lon/lat overrides; --crs EPSG:4545 or EPSG:32649 one input
 * in 8) and checks the contract: on success every site has an ID,
 * a name, finite longitude/latitude in range, parcels and times within
 * the documented bounds and its kept columns; on failure nothing is
 * allocated and the message is one line naming the file. Anything else
 * aborts so the fuzzer reports it. Built by tests/fuzz/run.sh.
 * Seeds: tests/fuzz/corpus_csv/.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "io/csv.h"
#include "io/encoding.h"
#include "io/proj.h"
#include "fuzz_init.h"

/* The CRSs of the projected inputs. io/proj.c keeps a transformation it
 * made (its pool), so PROJ's database is searched once per CRS, here, and
 * not for every input as before (one such input took 0.4 s: the fuzzer ran
 * at 40 executions a second with one input in 256 projected). */
static const char *const crs_def[2] = { "EPSG:4545", "EPSG:32649" };

static void warm_crs(void)
{
	for (int i = 0; i < 2; i++) {
		struct cl_crs *crs = NULL;
		struct cl_error err;

		if (cl_crs_create(crs_def[i], "--crs", &crs, &err) != CL_OK || !crs)
			abort();
		cl_crs_destroy(crs);
	}
}

FUZZ_INITIALIZE(warm_crs())

static int site_ok(const struct cl_site *s, int nkeep)
{
	if (!s->id || !s->name || !cl_utf8_valid(s->name, strlen(s->name)) ||
	    !isfinite(s->lon) || !isfinite(s->lat) || fabs(s->lon) > 360 || fabs(s->lat) > 90 ||
	    s->demand < 0 || s->pickup < 0 || s->service_s < 0 ||
	    s->tw_start_s < 0 || s->tw_end_s > 24 * 3600 || s->tw_end_s < s->tw_start_s ||
	    s->nkept != nkeep)
		return 0;
	for (int k = 0; k < nkeep; k++)
		if (!s->kept || !s->kept[k] || !cl_utf8_valid(s->kept[k], strlen(s->kept[k])))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { .fm = &fm };
	struct cl_site *sites = (struct cl_site *)&size;
	struct cl_error err;
	int n = -1, rc;

	cl_fieldmap_default(&fm);
	cl_error_clear(&err);
	o.warn_defaults = size % 2;
	o.strict = size % 3 == 0;
	if (size % 5 == 0) {
		if (cl_fieldmap_keep(&fm, "LXR,DH", &err) != CL_OK ||
		    cl_fieldmap_set(&fm, "lon=E", &err) != CL_OK)
			abort();
	}
	if (size % 8 == 7)
		o.crs = crs_def[size / 8 % 2];
	rc = cl_csv_parse_sites("fuzz.csv", (const char *)data, size, &o, &sites, &n, &err);
	if (rc == CL_OK) {
		if (!sites || n <= 0)
			abort();
		for (int i = 0; i < n; i++)
			if (!site_ok(&sites[i], fm.nkeep))
				abort();
		cl_sites_free(sites, n);
		return 0;
	}
	if (sites || n != 0 || (rc != CL_EINPUT && rc != CL_EINTERNAL) ||
	    strncmp(err.msg, "fuzz.csv", 8) != 0 || strchr(err.msg, '\n'))
		abort();
	return 0;
}
