/*
 * fuzz_osrm.c -- libFuzzer harness for the OSRM reply parsers (dist/osrm.h),
 * fed directly, without HTTP.
 *
 * Input: 4 header bytes, then the reply body.
 *   byte 0: bit 0 picks the parser (0 /table, 1 /route); bits 1-2 the HTTP
 *           status (200, 200, 400, 503)
 *   byte 1: /table: sources 1..8; /route: legs 1..8
 *   byte 2: /table: destinations 1..8
 *   byte 3: unused (room for later options)
 * The contract checked (anything else aborts, so the fuzzer reports it):
 *   CL_OK only for status 200; every cell NAN or a number in [0, 2^31),
 *   NAN in both grids at the same cells; snap distances NAN or in
 *   [0, 2e7]; locations NAN or valid lon/lat; data_version and code
 *   NUL-terminated printable ASCII; a route's legs each non-empty, in
 *   order, covering all positions, every position valid lon/lat.
 *   Failure: CL_EROUTING (or CL_EINTERNAL for memory), nothing returned,
 *   one line naming the request ("osrm fuzz: ...").
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/osrm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXN 8

static int printable(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; i < cap && s[i]; i++)
		if (s[i] < ' ' || s[i] >= 127)
			return 0;
	return i < cap;
}

static int one_line(const struct cl_error *err)
{
	return strncmp(err->msg, "osrm fuzz: ", 11) == 0 && !strchr(err->msg, '\n') &&
	       !strchr(err->msg, '\r');
}

static void check_table(long status, const char *body, size_t len, int ns, int nd)
{
	double dur[MAXN * MAXN], dist[MAXN * MAXN], ss[MAXN], sd[MAXN], loc[2 * MAXN];
	struct cl_osrm_table t = { .nsrc = ns, .ndst = nd, .dur = dur, .dist = dist,
				   .snap_src = ss, .snap_dst = sd, .loc_dst = loc };
	struct cl_error err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = cl_osrm_parse_table("fuzz", status, body, len, &t, &err);
	if (!printable(t.code, sizeof t.code))
		abort();
	if (rc != CL_OK) {
		if (rc != CL_EROUTING || err.status != rc || !one_line(&err))
			abort();
		return;
	}
	if (status != 200 || !printable(t.data_version, sizeof t.data_version))
		abort();
	for (int k = 0; k < ns * nd; k++) {
		if (isnan(dur[k]) != isnan(dist[k]))
			abort();
		if (!isnan(dur[k]) && !(dur[k] >= 0 && dur[k] < 2147483648.0 && dist[k] >= 0 &&
					dist[k] < 2147483648.0))
			abort();
	}
	for (int k = 0; k < ns; k++)
		if (!isnan(ss[k]) && !(ss[k] >= 0 && ss[k] <= 2e7))
			abort();
	for (int k = 0; k < nd; k++) {
		if (!isnan(sd[k]) && !(sd[k] >= 0 && sd[k] <= 2e7))
			abort();
		if (isnan(loc[2 * k]) != isnan(loc[2 * k + 1]))
			abort();
		if (!isnan(loc[2 * k]) && !(fabs(loc[2 * k]) <= 180 && fabs(loc[2 * k + 1]) <= 90))
			abort();
	}
}

static void check_route(long status, const char *body, size_t len, int nlegs)
{
	int first[MAXN + 1];
	double *xy = (double *)1;
	char code[CL_OSRM_CODE_MAX];
	struct cl_error err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = cl_osrm_parse_route("fuzz", status, body, len, nlegs, &xy, first, code, &err);
	if (!printable(code, sizeof code))
		abort();
	if (rc != CL_OK) {
		if (xy || (rc != CL_EROUTING && rc != CL_EINTERNAL) || err.status != rc ||
		    (rc == CL_EROUTING && !one_line(&err)))
			abort();
		return;
	}
	if (status != 200 || !xy || first[0] != 0)
		abort();
	for (int l = 0; l < nlegs; l++)
		if (first[l + 1] <= first[l])
			abort();
	for (int k = 0; k < first[nlegs]; k++)
		if (!(fabs(xy[2 * k]) <= 180 && fabs(xy[2 * k + 1]) <= 90))
			abort();
	free(xy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[4] = { 200, 200, 400, 503 };
	char *body;
	long status;
	int a, b;

	if (size < 4)
		return 0;
	status = statuses[(data[0] >> 1) & 3];
	a = 1 + data[1] % MAXN;
	b = 1 + data[2] % MAXN;
	/* a copy of exactly the body's bytes, so ASan sees any over-read */
	body = malloc(size > 4 ? size - 4 : 1);
	if (!body)
		return 0;
	memcpy(body, data + 4, size - 4);
	if (data[0] & 1)
		check_route(status, body, size - 4, a);
	else
		check_table(status, body, size - 4, a, b);
	free(body);
	return 0;
}
