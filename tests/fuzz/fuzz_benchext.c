/*
 * fuzz_benchext.c -- libFuzzer harness for the rural-fleet benchmark readers (io/vrplib_ext.c). The first
 * byte picks the extension (0: .vrpspd, 1: .vrp -- PyVRP's HFVRP and
 * MTVRPTWR when TYPE says so, 2: .txt -- Lacomme & Prins when it starts
 * with //), the rest is written to a temporary file and read. A success
 * must give a consistent instance and matrix, a failure nothing and a
 * one-line message; anything else aborts so the fuzzer reports it. Built
 * by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunlu/instance.h"
#include "io/vrplib.h"
#include "cunlu/matrix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	struct cl_instance *inst = NULL;
	struct cl_matrix *m = NULL;
	struct cl_bench_info info;
	struct cl_error err;
	FILE *f;

	if (size < 1)
		return 0;
	static const char *const ext[3] = { "vrpspd", "vrp", "txt" };
	snprintf(path, sizeof path, "/tmp/cunlu-fuzzx-%d.%s", (int)getpid(), ext[data[0] % 3]);
	f = fopen(path, "wb");
	if (!f)
		return 0;
	if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) {
		fclose(f);
		return 0;
	}
	fclose(f);
	cl_error_clear(&err);
	int rc = cl_bench_read(path, CL_OBJ_DISTANCE, &inst, &m, &info, &err);
	if (rc == CL_OK) {
		if (!inst || !m || inst->nsites < 2 || m->n != inst->nsites)
			abort();
		for (long k = 0; k < (long)m->n * m->n; k++)
			if (m->dist_m[k] < -1)
				abort();
		if (m->ntypes != inst->ntypes || info.ntypes > CL_BENCH_MAX_TYPES)
			abort();
		for (int t = 0; t < inst->ntypes; t++)
			if (inst->types[t].max_trips < 1 || inst->types[t].capacity < 1)
				abort();
	} else {
		if (inst || m || !err.msg[0] || strchr(err.msg, '\n'))
			abort();
	}
	cl_instance_destroy(inst);
	cl_matrix_destroy(m);
	unlink(path);
	return 0;
}
