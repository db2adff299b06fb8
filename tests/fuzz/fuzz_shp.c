/*
 * fuzz_shp.c -- libFuzzer harness for the village shapefile reader.
 *
 * The input is split into the members of one layer, in this order:
 * .shp .shx .dbf .cpg .prj. Each part is a little-endian 16-bit length
 * followed by that many bytes (fewer when the input ends first); a part
 * whose length prefix is missing is an absent file. The parts are written
 * to a private temporary directory and read with cl_shp_read_points, with
 * the default field map, and again with "demand=NAME" on odd-sized inputs
 * so that a text column meets the number parser, and as a village layer
 * (cl_shp_read_sites: default and blank-value warnings, --strict on every
 * third size). Whatever the bytes, the
 * reader must return without crashing or leaking; tests/fuzz/run.sh
 * builds this with -fsanitize=fuzzer,address,undefined.
 * Seeds: tests/fuzz/corpus_shp/ (written by build/tools/mkshp --fuzz-seed).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/shp.h"
#include "cunlu/log.h"
#include "fuzz_init.h"
#include "layer_split.h"

FUZZ_INITIALIZE(layer_init())

static void read_layer(const char *override)
{
	struct cl_fieldmap fm;
	struct cl_site *sites = NULL;
	struct cl_error err;
	char path[64];
	int n = 0, rc;

	cl_fieldmap_default(&fm);
	cl_error_clear(&err);
	if (override && cl_fieldmap_set(&fm, override, &err) != CL_OK)
		abort();
	layer_path(path, sizeof path, 0);
	rc = cl_shp_read_points(path, &fm, &sites, &n, &err);
	if (rc == CL_OK) {
		if (!sites || n <= 0)
			abort();
		for (int i = 0; i < n; i++)
			if (!sites[i].id || !sites[i].name)
				abort();
	} else if (sites || n != 0 || err.msg[0] == '\0') {
		abort();     /* a failure allocates nothing and always says why */
	}
	cl_sites_free(sites, n);
}

/* As a village layer: the default and blank warnings, --strict. */
static void read_villages(int strict)
{
	struct cl_fieldmap fm;
	struct cl_shp_read_opts o = { &fm, 1, strict, NULL };
	struct cl_site *sites = NULL;
	struct cl_error err;
	char path[64];
	int n = 0, rc;

	cl_fieldmap_default(&fm);
	cl_error_clear(&err);
	layer_path(path, sizeof path, 0);
	rc = cl_shp_read_sites(path, &o, &sites, &n, &err);
	if (rc == CL_OK ? (!sites || n <= 0) : (sites || n != 0 || err.msg[0] == '\0'))
		abort();
	cl_sites_free(sites, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	layer_write(data, size);
	read_layer(NULL);
	if (size % 2)
		read_layer("demand=NAME");
	read_villages(size % 3 == 0);
	return 0;
}
