/*
 * io/sol.h -- writing a plan as a CVRPLIB .sol file:
 *
 *     Route #1: 12 5 48
 *     Route #2: 3 27
 *     Cost 27591
 *
 * Routes are numbered from 1 in plan order, customers are site indices
 * (the depot is omitted), and the cost is the checker's total distance in
 * the file's units, printed as the benchmark tables print it (its total
 * cost for the heterogeneous-fleet sets). Where vehicles differ or make
 * several trips (cl_bench_info.name_vehicles), each line is one trip and
 * names its vehicle by its number in the file, and its trip when some
 * vehicle makes more than one:
 *
 *     Route #1 (vehicle 3, trip 1): 12 5 48
 *     Route #2 (vehicle 3, trip 2): 7 9
 */
#ifndef CUNLU_IO_SOL_H
#define CUNLU_IO_SOL_H

#include "cunlu/check.h"
#include "cunlu/error.h"
#include "io/vrplib.h"
#include "cunlu/solution.h"

/*
 * Write sol (checked, with its report rep) to path atomically
 * (util/file.h: a temporary file beside it, fsync'ed and renamed into place
 * only when complete), so a failed run never leaves half a file and an
 * old file stays as it was. Empty routes are skipped. CL_OK; CL_EOUTPUT
 * with a message naming the file; CL_EINTERNAL when out of memory.
 */
int cl_sol_write(const char *path, const struct cl_solution *sol,
		 const struct cl_report *rep, const struct cl_bench_info *info,
		 struct cl_error *err);

#endif
