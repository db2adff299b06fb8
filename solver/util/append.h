/*
 * util/append.h -- formatted appending to a fixed text buffer, for the
 * messages and notes built piece by piece (dist/drone.c, dist/snapnote.c).
 */
#ifndef CUNLU_UTIL_APPEND_H
#define CUNLU_UTIL_APPEND_H

#include <stddef.h>

/*
 * Append printf-style text to buf (size bytes) at offset *o and move *o
 * past it. Never writes past size: what does not fit is cut, *o stops at
 * size - 1 and buf stays NUL-terminated; a full buffer is left as it is.
 */
void cl_appendf(char *buf, size_t size, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
