/*
 * log.c -- messages for people on stderr (see log.h). The level is the one
 * piece of process-wide state: set once by main() before any work.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cunlu/log.h"

static int log_level = CL_LOG_WARN;

void cl_log_set_level(int level)
{
	log_level = level;
}

int cl_log_level(void)
{
	return log_level;
}

__attribute__((format(printf, 3, 0)))
static void vlog(int level, const char *tag, const char *fmt, va_list ap)
{
	if (level > log_level)
		return;
	fprintf(stderr, "cunlu: %s", tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cl_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(CL_LOG_WARN, "warning: ", fmt, ap);
	va_end(ap);
}

void cl_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(CL_LOG_INFO, "", fmt, ap);
	va_end(ap);
}

void cl_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(CL_LOG_DEBUG, "debug: ", fmt, ap);
	va_end(ap);
}
