/*
 * io/vrplib.h -- readers of the academic benchmark files, so that the
 * search can be measured against published best-known solutions:
 *
 *   - CVRPLIB / TSPLIB `.vrp` (sets X, A, B, P with EUC_2D, EXPLICIT
 *     matrices in FULL_MATRIX, LOWER_ROW, LOWER_DIAG_ROW, UPPER_ROW and
 *     UPPER_DIAG_ROW, and the CMT / Golden files of HGS-CVRP with DISTANCE
 *     and SERVICE_TIME);
 *   - Solomon / Gehring-Homberger VRPTW `.txt`;
 *   - io/vrplib_ext.c: LKH-3's VRPSPD `.vrpspd` (simultaneous pickup and
 *     delivery: Dethloff, Montane & Galvao), Lacomme & Prins's
 *     heterogeneous-fleet `.txt` (Golden et al.'s fleet size and mix and
 *     Taillard's HVRP; the first line starts with `//`), and PyVRP's VRPLIB
 *     dialect `.vrp` with TYPE HFVRP (Pessoa et al.'s X-based
 *     heterogeneous fleet) or MTVRPTWR (Yang's multi-trip VRPTW with
 *     release dates).
 *
 * Each family has its own rounding of distances, so the readers build the
 * matrix themselves: distances are integers in "file units" after a scale
 * that cl_bench_info records (see docs/benchmarks.md for the conventions).
 * The instance has planar = 1; sites[i].lon/lat hold x/y; sites[0] is the
 * depot and customers keep their file order, so a customer's site index is
 * its number in a .sol file.
 */
#ifndef CUNLU_IO_VRPLIB_H
#define CUNLU_IO_VRPLIB_H

#include <stddef.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

/* The objective of a Solomon / Homberger run. */
enum cl_bench_objective {
	CL_OBJ_HIERARCHICAL = 0, /* fewest vehicles, then distance (SINTEF) */
	CL_OBJ_DISTANCE = 1      /* distance only, arcs truncated to 0.1 (DIMACS) */
};

#define CL_BENCH_MAX_TYPES 64

/* How a benchmark's figures map back to the file's units. */
struct cl_bench_info {
	char name[128];     /* NAME field, or the first line of a Solomon file */
	long dist_div;      /* matrix units per file unit: 1, 10, 1000, 10000 */
	int decimals;       /* decimals of a printed cost: 0, 1 or 2 */
	int money;          /* 1: the objective is the plan's cost (fixed and
			       per-distance costs of each vehicle type, the
			       checker's total_cost), not its distance */
	int name_vehicles;  /* 1: each .sol line names its vehicle (and trip):
			       heterogeneous and multi-trip sets */
	int ntypes;
	int type_first[CL_BENCH_MAX_TYPES]; /* the file's number (1-based)
					       of each type's first vehicle */
};

/*
 * Read a CVRPLIB/TSPLIB .vrp file. On success *inst and *m are new
 * (destroy with cl_instance_destroy / cl_matrix_destroy) and *info is
 * filled. On bad input CL_EINPUT with "PATH: line N: ..." naming the field;
 * CL_EINTERNAL when memory runs out. Nothing is leaked on failure and
 * *inst, *m are NULL.
 */
int cl_vrplib_read(const char *path, struct cl_instance **inst,
		   struct cl_matrix **m, struct cl_bench_info *info,
		   struct cl_error *err);

/*
 * Read a Solomon / Gehring-Homberger .txt file (LF or CRLF) for the given
 * objective. Same contract as cl_vrplib_read().
 */
int cl_solomon_read(const char *path, enum cl_bench_objective obj,
		    struct cl_instance **inst, struct cl_matrix **m,
		    struct cl_bench_info *info, struct cl_error *err);

/* LKH-3 VRPSPD (.vrpspd). Same contract as cl_vrplib_read(). */
int cl_vrpspd_read(const char *path, struct cl_instance **inst,
		   struct cl_matrix **m, struct cl_bench_info *info,
		   struct cl_error *err);
/* Lacomme & Prins heterogeneous fleet (.txt whose first line starts with
 * "//"). Same contract as cl_vrplib_read(). */
int cl_lacomme_read(const char *path, struct cl_instance **inst,
		    struct cl_matrix **m, struct cl_bench_info *info,
		    struct cl_error *err);
/* PyVRP's VRPLIB dialect with TYPE HFVRP or MTVRPTWR (.vrp). Same
 * contract as cl_vrplib_read(). */
int cl_pyvrp_read(const char *path, struct cl_instance **inst,
		  struct cl_matrix **m, struct cl_bench_info *info,
		  struct cl_error *err);

/* The benchmark families, as cl_bench_kind() tells them apart. */
enum cl_bench_kind {
	CL_BENCH_NONE = 0,   /* not a benchmark file */
	CL_BENCH_CVRP,       /* .vrp: CVRPLIB / TSPLIB */
	CL_BENCH_SOLOMON,    /* .txt: Solomon / Gehring-Homberger */
	CL_BENCH_VRPSPD,     /* .vrpspd */
	CL_BENCH_LACOMME,    /* .txt starting with // */
	CL_BENCH_PYVRP       /* .vrp with TYPE HFVRP or MTVRPTWR */
};

/*
 * The family of path: by extension, and for .vrp and .txt by the first
 * lines (an unreadable file gets the extension's usual family, whose
 * reader then says what is wrong).
 */
enum cl_bench_kind cl_bench_kind(const char *path);

/*
 * 1 if path names a benchmark file (".vrp", ".txt" or ".vrpspd", any
 * case), else 0.
 */
int cl_bench_is_file(const char *path);

/*
 * Read a benchmark file, choosing the reader by extension (.vrp: CVRPLIB,
 * .txt: Solomon). obj applies to Solomon files only.
 */
int cl_bench_read(const char *path, enum cl_bench_objective obj,
		  struct cl_instance **inst, struct cl_matrix **m,
		  struct cl_bench_info *info, struct cl_error *err);

/*
 * Format a total distance in matrix units as the benchmark tables print it
 * (integer, or 1 or 2 decimals) into buf of size n.
 */
void cl_bench_format_cost(const struct cl_bench_info *info, long total_dist,
			  char *buf, size_t n);
/*
 * Format a plan's objective as the benchmark tables print it: its total
 * cost (money, info->decimals) when info->money, else its distance as
 * cl_bench_format_cost.
 */
void cl_bench_format_objective(const struct cl_bench_info *info, long total_dist,
			       double total_cost, char *buf, size_t n);

#endif
