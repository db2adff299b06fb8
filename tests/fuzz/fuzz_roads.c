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

#include "cunlu/dist_roads.h"
#include "cunlu/log.h"
#include "../../solver/roadnet.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const member[5] = { "shp", "shx", "dbf", "cpg", "prj" };
static char dir[] = "/tmp/cl_fuzz_roads_XXXXXX";

static void member_path(char *buf, size_t size, int m)
{
	snprintf(buf, size, "%s/v.%s", dir, member[m]);
}

static void remove_dir(void)
{
	char path[64];

	for (int m = 0; m < 5; m++) {
		member_path(path, sizeof path, m);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cl_log_set_level(CL_LOG_QUIET);
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	return 0;
}

static void write_member(int m, const uint8_t *p, size_t n)
{
	char path[64];
	FILE *fp;

	member_path(path, sizeof path, m);
	fp = fopen(path, "wb");
	if (!fp)
		abort();
	if (n && fwrite(p, 1, n, fp) != n)
		abort();
	if (fclose(fp) != 0)
		abort();
}

static void read_network(void)
{
	struct cl_roads_opts o;
	struct cl_roadnet *rn = NULL;
	struct cl_error err;
	char path[64];

	cl_roads_opts_default(&o);
	member_path(path, sizeof path, 0);
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
	size_t at = 0;
	char path[64];

	for (int m = 0; m < 5; m++) {
		member_path(path, sizeof path, m);
		unlink(path);
	}
	for (int m = 0; m < 5 && at + 2 <= size; m++) {
		size_t len = (size_t)data[at] | (size_t)data[at + 1] << 8;

		at += 2;
		if (len > size - at)
			len = size - at;
		write_member(m, data + at, len);
		at += len;
	}
	read_network();
	return 0;
}
