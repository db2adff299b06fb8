/*
 * fuzz_roads.c -- libFuzzer harness for the road-network reader
 * (cl_roadnet_read: the line-layer shapefile reader, attribute parsing of
 * highway / oneway / maxspeed and the graph building).
 *
 * The input is split into the members of one layer, in this order:
 * .shp .shx .dbf .cpg .prj, each a little-endian 16-bit length followed by
 * that many bytes, as in fuzz_shp.c. Whatever the bytes, the reader must
 * return without crashing or leaking, and a failure must say why.
 * Seeds: tests/fuzz/corpus_roads/ (the test road layers in that format).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/router.h"
#include "cunlu/log.h"
#include "fuzz_init.h"
#include "layer_split.h"
#include "dist/roadnet.h"

FUZZ_INITIALIZE(layer_init())

static void read_network(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;
	char path[64];

	cl_roads_opts_default(&o);
	layer_path(path, sizeof path, 0);
	o.path = path;
	cl_error_clear(&err);
	if (cl_roadnet_read(&o, &rn, &err) == CL_OK) {
		if (!rn)
			abort();
	} else if (rn || err.msg[0] == '\0') {
		abort();     /* a failure allocates nothing and always says why */
	}
	cl_roadnet_destroy(rn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	layer_write(data, size);
	read_network();
	return 0;
}
