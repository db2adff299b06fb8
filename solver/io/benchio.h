/*
 * io/benchio.h -- what the benchmark readers share (io/vrplib.c for the
 * CVRP and VRPTW sets, io/vrplib_ext.c for the pickup-and-delivery,
 * heterogeneous-fleet and multi-trip sets): a text file walked line by
 * line so that every message can say "PATH: line N: ...", checked number
 * parsing, and the pieces of a planar instance.
 */
#ifndef CUNLU_IO_BENCHIO_H
#define CUNLU_IO_BENCHIO_H

#include <limits.h>
#include <stddef.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"

#define CL_BENCH_BIG_TIME (INT_MAX / 4)   /* "no limit" for shifts and windows */
#define CL_BENCH_MAX_ARC 100000000.0      /* largest scaled arc accepted */
#define CL_BENCH_MAX_SITES 46340          /* dense matrix limit (matrix.c) */

/* A file in memory, walked line by line. */
struct cl_text {
	const char *path;
	char *buf;       /* owned; NUL-terminated */
	size_t len;
	size_t pos;
	int line;        /* 1-based number of the line last returned */
};

/*
 * Read path (at most 1 GiB, no NUL byte) into t. CL_OK, or CL_EINPUT
 * naming the file. Free with cl_text_free.
 */
int cl_text_load(struct cl_text *t, const char *path, struct cl_error *err);
void cl_text_free(struct cl_text *t);
/* The next line without its LF/CRLF and surrounding blanks, or NULL at
 * the end of the file. The line is modified in place. */
char *cl_text_next(struct cl_text *t);
/* Split s at whitespace; stores up to max tokens, returns how many. */
int cl_text_split(char *s, char **tok, int max);
/* s as an integer / a finite number; otherwise CL_EINPUT "PATH: line N:
 * WHAT \"s\" is not an integer". */
int cl_text_long(const struct cl_text *t, const char *s, const char *what,
		 long *out, struct cl_error *err);
int cl_text_double(const struct cl_text *t, const char *s, const char *what,
		   double *out, struct cl_error *err);

/* The file name without directory and extension, into buf. */
void cl_bench_stem(const char *path, char *buf, size_t n);
/* A copy of s (malloc), or NULL. */
char *cl_bench_strdup(const char *s);
/* Fill site s (strings owned): ID num, 0-based record rec, at x/y, open
 * all day. CL_OK or CL_EINTERNAL. */
int cl_bench_site(struct cl_site *s, long num, int rec, double x, double y);
/* One vehicle type `name` with the given figures (time = distance: 1 unit
 * per second). NULL when out of memory. */
struct cl_vtype *cl_bench_vtype(const char *name, int count, int cap,
				int shift_start, int shift_end, int max_dur,
				double fixed, double per_km);
/*
 * Assemble a planar instance from sites (depot first) and ntypes vehicle
 * types, all taken over, success or not.
 */
int cl_bench_assemble(const char *path, struct cl_site *sites, int nsites,
		      struct cl_vtype *vt, int ntypes, struct cl_instance **inst,
		      struct cl_error *err);

#endif
