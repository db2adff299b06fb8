/*
 * util/hash.c -- FNV-1a 64 and the splitmix64 finalizer (hash.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/hash.h"

#define FNV_PRIME 0x100000001b3ULL

uint64_t cl_hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t cl_hash_printf(uint64_t h, const char *fmt, ...)
{
	char buf[CL_HASH_TEXT_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return h;
	return cl_hash_bytes(h, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

uint64_t cl_hash_mix(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}
