/*
 * mkout.c -- write the output set of the hand-made plan in
 * tests/fixtures/output_fixture.h into the directory given as argv[1] (the
 * shapefiles in the code page argv[2], default UTF-8), for
 * tests/e2e/output_gdal_test.sh. Exit 0 on success, else the status code with
 * the message on stderr.
 */
#include <stdio.h>

#include "cunlu/output.h"
#include "output_fixture.h"

int main(int argc, char **argv)
{
	struct fixture fx;
	struct cl_error err;
	int rc;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: mkout DIR [SHP-ENCODING]\n");
		return 2;
	}
	fixture_init(&fx);
	if (argc == 3)
		fx.info.shp_encoding = argv[2];
	cl_error_clear(&err);
	rc = cl_write_outputs(argv[1], &fx.inst, &fx.sol, &fx.rep, &fx.info, &err);
	if (rc)
		fprintf(stderr, "mkout: %s\n", err.msg);
	return rc;
}
