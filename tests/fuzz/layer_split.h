/*
 * layer_split.h -- the input format shared by the shapefile harnesses
 * (fuzz_shp.c, fuzz_roads.c): the fuzz input is split into the members of
 * one layer, in this order: .shp .shx .dbf .cpg .prj. Each part is a
 * little-endian 16-bit length followed by that many bytes (fewer when the
 * input ends first); a part whose length prefix is missing is an absent
 * file. The parts are written as v.shp, v.shx, ... into a private
 * temporary directory, removed at exit.
 */
#ifndef CUNLU_FUZZ_LAYER_SPLIT_H
#define CUNLU_FUZZ_LAYER_SPLIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const layer_member[5] = { "shp", "shx", "dbf", "cpg", "prj" };
static char layer_dir[] = "/tmp/cl_fuzz_layer_XXXXXX";

/* Path of member m (0 = .shp) in the temporary directory. */
static void layer_path(char *buf, size_t size, int m)
{
	snprintf(buf, size, "%s/v.%s", layer_dir, layer_member[m]);
}

static void layer_remove_dir(void)
{
	char path[64];

	for (int m = 0; m < 5; m++) {
		layer_path(path, sizeof path, m);
		unlink(path);
	}
	rmdir(layer_dir);
}

/* Create the directory (from LLVMFuzzerInitialize). */
static void layer_init(void)
{
	if (!mkdtemp(layer_dir))
		abort();
	atexit(layer_remove_dir);
}

static void layer_write_member(int m, const uint8_t *p, size_t n)
{
	char path[64];
	FILE *fp;

	layer_path(path, sizeof path, m);
	fp = fopen(path, "wb");
	if (!fp)
		abort();
	if (n && fwrite(p, 1, n, fp) != n)
		abort();
	if (fclose(fp) != 0)
		abort();
}

/*
 * A .prj that is not plain WGS 84 longitude/latitude goes to PROJ, which
 * spends tens of milliseconds in its database on every valid WKT (io/proj.c)
 * and would make the reader's fuzzing several times slower. So seven
 * inputs in eight (by a hash of the input) get this .prj instead of theirs,
 * and the eighth keeps its own: PROJ's path stays fuzzed, the reader's
 * checks run at speed.
 */
static const char layer_plain_prj[] =
	"GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
	"298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

static int layer_keep_prj(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return (h >> 29) == 0;
}

/* Replace the layer's files by the parts of one fuzz input. */
static void layer_write(const uint8_t *data, size_t size)
{
	size_t at = 0;
	char path[64];
	int keep_prj = layer_keep_prj(data, size);

	for (int m = 0; m < 5; m++) {
		layer_path(path, sizeof path, m);
		unlink(path);
	}
	for (int m = 0; m < 5 && at + 2 <= size; m++) {
		size_t len = (size_t)data[at] | (size_t)data[at + 1] << 8;

		at += 2;
		if (len > size - at)
			len = size - at;
		if (m == 4 && len > 0 && !keep_prj)
			layer_write_member(m, (const uint8_t *)layer_plain_prj,
					   sizeof layer_plain_prj - 1);
		else
			layer_write_member(m, data + at, len);
		at += len;
	}
}

#endif
