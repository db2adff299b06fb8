/*
 * roads_matrix.c -- time the road router's matrices alone, and dump them
 * for comparing two builds (docs/benchmarks.md, "Road-network matrices").
 *
 *   roads_matrix ROADS.shp VILLAGES.shp DEPOT.shp [FLEET.json|-] [THREADS] [OUT.bin]
 *
 * Builds the roads router (reading, snapping) for the villages and the
 * depot with the fleet (default: the built-in one), then the matrix, and
 * prints one line: sites, profiles, threads, the wall and CPU seconds of
 * the setup and of the matrix. OUT.bin gets dist_m and every type's
 * time_s and dist_type as raw int32 (cmp two of them). Build against a
 * build directory's library, e.g.
 *
 *   make check-build && cc -O2 -Iinclude -o /tmp/roads_matrix \
 *     tests/bench/roads_matrix.c build/libcunlu.a \
 *     $(pkg-config --libs libcjson shapelib libcurl proj) -lglpk -lm -lpthread
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cunlu/router.h"
#include "cunlu/fleet.h"
#include "io/shp.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct cl_fieldmap fm;
	struct cl_site *v = NULL, *d = NULL;
	struct cl_vtype *types = NULL;
	struct cl_instance *inst = NULL;
	struct cl_roads_opts o;
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;
	int nv = 0, nd = 0, nt = 0, rc;
	double w0, c0, w1, c1, w2, c2;

	if (argc < 4) {
		fprintf(stderr, "usage: roads_matrix ROADS.shp VILLAGES.shp DEPOT.shp "
			"[FLEET.json|-] [THREADS] [OUT.bin]\n");
		return 2;
	}
	cl_log_set_level(CL_LOG_QUIET);
	cl_fieldmap_default(&fm);
	memset(&r, 0, sizeof r);
	if (cl_shp_read_points(argv[2], &fm, &v, &nv, &err) != CL_OK ||
	    cl_shp_read_points(argv[3], &fm, &d, &nd, &err) != CL_OK)
		goto fail;
	rc = argc > 4 && strcmp(argv[4], "-") != 0 ? cl_fleet_read(argv[4], &types, &nt, NULL, &err)
						      : cl_fleet_default(&types, &nt, &err);
	if (rc != CL_OK)
		goto fail;
	rc = cl_instance_build("bench", &d[0], v, nv, types, nt, &inst, &err);
	free(d);    /* its strings went to the instance */
	if (rc != CL_OK)
		goto fail;
	cl_roads_opts_default(&o);
	o.path = argv[1];
	o.threads = argc > 5 ? atoi(argv[5]) : 1;
	w0 = wall_s();
	c0 = cpu_s();
	if (cl_router_roads(&o, inst, &r, &err) != CL_OK)
		goto fail;
	w1 = wall_s();
	c1 = cpu_s();
	if (r.matrix(r.ctx, inst, &m, &err) != CL_OK)
		goto fail;
	w2 = wall_s();
	c2 = cpu_s();
	printf("%d sites, %d types, %d thread(s): setup %.3f s (cpu %.3f), "
	       "matrix %.3f s (cpu %.3f)\n", inst->nsites, inst->ntypes, o.threads,
	       w1 - w0, c1 - c0, w2 - w1, c2 - c1);
	if (argc > 6) {
		FILE *fp = fopen(argv[6], "wb");
		size_t cells = (size_t)m->n * (size_t)m->n;
		if (!fp)
			return 1;
		fwrite(m->dist_m, sizeof(int32_t), cells, fp);
		for (int t = 0; t < m->ntypes; t++) {
			fwrite(m->time_s[t], sizeof(int32_t), cells, fp);
			if (m->dist_type[t])
				fwrite(m->dist_type[t], sizeof(int32_t), cells, fp);
		}
		fclose(fp);
	}
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
	cl_instance_destroy(inst);
	return 0;
fail:
	fprintf(stderr, "roads_matrix: %s\n", err.msg);
	return 1;
}
