/*
 * log.h -- messages for people on stderr.
 *
 * One process-wide verbosity level, set once by main() before any work
 * starts (Redis's serverLog keeps the same shape). Warnings go to stderr
 * unless -q; progress only when verbose or stderr is a terminal.
 */
#ifndef CUNLU_LOG_H
#define CUNLU_LOG_H

enum cl_loglevel { CL_LOG_QUIET = 0, CL_LOG_WARN = 1, CL_LOG_INFO = 2, CL_LOG_DEBUG = 3 };

void cl_log_set_level(int level);
int cl_log_level(void);
void cl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cl_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
