/*
 * error.h -- status codes and the caller-owned error record.
 *
 * Every function that can fail returns one of the CL_* status codes below
 * and, on failure, fills a struct cl_error with one line naming the file,
 * the record and the field (curl's error buffer, git's return error()).
 * The status codes double as the process exit codes documented in README.md,
 * so that a cron job can tell an input problem from a routing outage.
 */
#ifndef CUNLU_ERROR_H
#define CUNLU_ERROR_H

enum cl_status {
	CL_OK = 0,          /* success; every village served */
	CL_EINTERNAL = 1,   /* internal error (out of memory, failed invariant) */
	CL_EINPUT = 2,      /* bad input or bad command line */
	CL_EROUTING = 3,    /* routing service or road network failure */
	CL_EOUTPUT = 4,     /* the outputs could not be written */
	CL_PARTIAL = 5,     /* solved, but some villages are unassigned */
	CL_ENOPLAN = 6,     /* solved, but no village could be served: nothing
			       written, the previous outputs kept */
	CL_ELOCKED = 7      /* the output directory is in use by another run
			       (still after --lock-wait): nothing written */
};

#define CL_ERRMSG_MAX 1024

struct cl_error {
	int status;                 /* one of enum cl_status */
	char msg[CL_ERRMSG_MAX];    /* one line, no trailing newline */
};

/* Clear an error record. */
void cl_error_clear(struct cl_error *err);

/*
 * Record a failure: formats the message into err (err may be NULL) and
 * returns status, so callers write `return cl_fail(err, CL_EINPUT, ...)`.
 * An earlier message is overwritten.
 */
int cl_fail(struct cl_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Record running out of memory: CL_EINTERNAL with the message "out of
 * memory " and the formatted context ("out of memory reading x.vrp"), so
 * the run stops with exit code 1 and says why. Returns CL_EINTERNAL. The
 * one convention for a failed allocation: never silent, never reported as
 * bad input.
 */
int cl_oom(struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prefix the message already in err with "prefix: " (used to add a file
 * name when a lower layer only knew the record and field). Returns
 * err->status.
 */
int cl_fail_prefix(struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
