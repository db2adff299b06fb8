/*
 * error.c -- filling the caller-owned error record (see error.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cunlu/error.h"

void cl_error_clear(struct cl_error *err)
{
	if (err) {
		err->status = CL_OK;
		err->msg[0] = '\0';
	}
}

int cl_fail(struct cl_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return status;
}

int cl_oom(struct cl_error *err, const char *fmt, ...)
{
	static const char head[] = "out of memory ";
	va_list ap;

	if (!err)
		return CL_EINTERNAL;
	err->status = CL_EINTERNAL;
	memcpy(err->msg, head, sizeof head);
	va_start(ap, fmt);
	vsnprintf(err->msg + sizeof head - 1, sizeof err->msg - (sizeof head - 1), fmt, ap);
	va_end(ap);
	return CL_EINTERNAL;
}

int cl_fail_prefix(struct cl_error *err, const char *fmt, ...)
{
	char old[CL_ERRMSG_MAX];
	size_t k;
	va_list ap;

	if (!err)
		return CL_EINTERNAL;
	memcpy(old, err->msg, sizeof old);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	k = strlen(err->msg);
	if (k + 2 < sizeof err->msg) {
		memcpy(err->msg + k, ": ", 3);
		k += 2;
		size_t room = sizeof err->msg - k - 1;
		size_t n = strlen(old);
		if (n > room)
			n = room;
		memcpy(err->msg + k, old, n);
		err->msg[k + n] = '\0';
	}
	return err->status;
}
