/*
 * fuzz_vrplib.c -- libFuzzer harness for the benchmark readers. The first
 * byte picks the reader (even: CVRPLIB .vrp, odd: Solomon .txt), the rest
 * is written to a temporary file of that extension and read. A success
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
	snprintf(path, sizeof path, "/tmp/cunlu-fuzz-%d.%s", (int)getpid(),
		 data[0] & 1 ? "txt" : "vrp");
	f = fopen(path, "wb");
	if (!f)
		return 0;
	if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) {
		fclose(f);
		return 0;
	}
	fclose(f);
	cl_error_clear(&err);
	int rc = cl_bench_read(path, (data[0] & 2) ? CL_OBJ_DISTANCE : CL_OBJ_HIERARCHICAL,
			       &inst, &m, &info, &err);
	if (rc == CL_OK) {
		if (!inst || !m || inst->nsites < 2 || m->n != inst->nsites)
			abort();
		for (long k = 0; k < (long)m->n * m->n; k++)
			if (m->dist_m[k] < -1)
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
