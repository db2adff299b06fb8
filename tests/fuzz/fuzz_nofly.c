/*
 * fuzz_nofly.c -- libFuzzer harness for the no-fly polygon reader
 * (cl_nofly_read: io/shp.c's polygon layer reader with its ring checks,
 * and io/drones.c turning records into zones).
 *
 * The input is split into the members of one layer (.shp .shx .dbf .cpg
 * .prj, each a little-endian 16-bit length and that many bytes:
 * layer_split.h). Whatever the bytes, the reader must return without
 * crashing or leaking; a failure allocates nothing and says why; every
 * zone it returns has closed rings of at least 4 vertices, its vertices
 * inside its bounding box, and its bounding box within lon/lat.
 * Seeds: tests/fuzz/corpus_nofly/ (a zone with a hole, two zones, a ring
 * that does not close).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/log.h"
#include "io/drones.h"
#include "fuzz_init.h"
#include "layer_split.h"

FUZZ_INITIALIZE(layer_init())

/* The contract of a zone the reader returns (see the top). */
static int zone_ok(const struct cl_zone *z)
{
	if (!z->id || !z->name || z->nrings < 1 || !z->ring || !z->x || !z->y ||
	    z->ring[0] != 0 || z->ring[z->nrings] != z->npts)
		return 0;
	if (z->minx < -180 || z->maxx > 180 || z->miny < -90 || z->maxy > 90)
		return 0;
	for (int k = 0; k < z->nrings; k++) {
		int a = z->ring[k], b = z->ring[k + 1];
		if (b - a < 4 || z->x[a] != z->x[b - 1] || z->y[a] != z->y[b - 1])
			return 0;
	}
	for (int i = 0; i < z->npts; i++)
		if (z->x[i] < z->minx || z->x[i] > z->maxx || z->y[i] < z->miny ||
		    z->y[i] > z->maxy)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_zone *z = NULL;
	struct cl_error err;
	char path[64];
	int n = -1;

	layer_write(data, size);
	layer_path(path, sizeof path, 0);
	cl_error_clear(&err);
	if (cl_nofly_read(path, &z, &n, &err) == CL_OK) {
		if (n < 0 || (n > 0 && !z))
			abort();
		for (int i = 0; i < n; i++)
			if (!zone_ok(&z[i]))
				abort();
	} else if (z || n != 0 || err.msg[0] == '\0') {
		abort();     /* a failure allocates nothing and always says why */
	}
	cl_zones_free(z, n);
	return 0;
}
