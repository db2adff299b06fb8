/*
 * fuzz_fleet.c -- libFuzzer harness for the fleet reader: feeds the raw
 * bytes to cl_fleet_parse() and checks its contract. A success must give
 * types within the documented limits, a failure no types and a one-line
 * message; anything else aborts so the fuzzer reports it. Built by
 * tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/fleet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The limits fleet.c documents for a successfully read type. */
static int vtype_ok(const struct cl_vtype *vt)
{
	return vt->name && vt->name[0] && vt->count >= 0 && vt->count <= 1000 &&
	       vt->capacity > 0 && vt->capacity <= 1000000 &&
	       vt->speed_kmh > 0 && vt->speed_kmh <= 150 &&
	       vt->shift_start_s >= 0 && vt->shift_end_s <= 24 * 3600 &&
	       vt->shift_start_s < vt->shift_end_s &&
	       vt->max_dur_s >= 0 && vt->max_dur_s <= 24 * 3600 &&
	       vt->max_dist_m >= 0 && vt->max_dist_m <= 1e7 &&
	       vt->fixed_cost >= 0 && vt->fixed_cost <= 1e9 &&
	       vt->cost_per_km >= 0 && vt->cost_per_km <= 1e6 &&
	       vt->cost_per_hour >= 0 && vt->cost_per_hour <= 1e6 &&
	       vt->max_trips >= 1 && vt->max_trips <= CL_MAX_TRIPS &&
	       vt->reload_s >= 0 && vt->reload_s <= 24 * 3600 &&
	       vt->max_trip_m >= 0 && vt->max_trip_m <= 10000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_vtype *types = NULL;
	struct cl_names skills = { 0, NULL };
	struct cl_error err;
	int ntypes = -1;

	cl_error_clear(&err);
	if (cl_fleet_parse("fuzz.json", (const char *)data, size, &types,
			   &ntypes, &skills, &err) == CL_OK) {
		if (!types || ntypes < 1 || ntypes > 100 || skills.n > CL_MAX_SKILLS)
			abort();
		for (int i = 0; i < ntypes; i++) {
			if (!vtype_ok(&types[i]))
				abort();
			/* every skill bit names a skill */
			if (skills.n < 64 && (types[i].skills >> skills.n) != 0)
				abort();
			for (int j = 0; j < i; j++)
				if (strcmp(types[i].name, types[j].name) == 0)
					abort();
		}
	} else {
		if (types || ntypes != 0 || err.status != CL_EINPUT ||
		    strncmp(err.msg, "fuzz.json: ", 11) != 0 ||
		    strchr(err.msg, '\n') || skills.n != 0)
			abort();
	}
	cl_names_free(&skills);
	cl_vtypes_free(types, ntypes);
	return 0;
}
