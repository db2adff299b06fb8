/*
 * util/append.c -- formatted appending to a fixed text buffer (append.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/append.h"

void cl_appendf(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, size - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < size ? *o + (size_t)n : size - 1;
}
