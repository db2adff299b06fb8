/*
 * tinytest.h -- the in-tree unit test harness (in the spirit of Redis's
 * testhelp.h). A test is a function; CHECK records a failed assertion with
 * its line and goes on; RUN counts the test as passed when none of its
 * checks failed. TT_END prints "N passed, N failed" for tests/run.sh.
 */
#ifndef CUNLU_TINYTEST_H
#define CUNLU_TINYTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tt_passed, tt_failed, tt_bad_checks;

#define CHECK(cond) do { \
	if (!(cond)) { \
		tt_bad_checks++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_INT(a, b) do { \
	long long tt_a = (long long)(a), tt_b = (long long)(b); \
	if (tt_a != tt_b) { \
		tt_bad_checks++; \
		fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, tt_a, tt_b); \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *tt_a = (a), *tt_b = (b); \
	if (!tt_a || !tt_b || strcmp(tt_a, tt_b) != 0) { \
		tt_bad_checks++; \
		fprintf(stderr, "%s:%d: check failed: %s == %s (\"%s\" != \"%s\")\n", \
			__FILE__, __LINE__, #a, #b, tt_a ? tt_a : "(null)", tt_b ? tt_b : "(null)"); \
	} \
} while (0)

/* Substring check, for error messages. */
#define CHECK_HAS(hay, needle) do { \
	const char *tt_h = (hay), *tt_n = (needle); \
	if (!tt_h || !strstr(tt_h, tt_n)) { \
		tt_bad_checks++; \
		fprintf(stderr, "%s:%d: check failed: \"%s\" contains \"%s\"\n", \
			__FILE__, __LINE__, tt_h ? tt_h : "(null)", tt_n); \
	} \
} while (0)

#define RUN(fn) do { \
	int tt_before = tt_bad_checks; \
	fn(); \
	if (tt_bad_checks == tt_before) { \
		tt_passed++; \
	} else { \
		tt_failed++; \
		fprintf(stderr, "FAIL %s (%s)\n", #fn, __FILE__); \
	} \
} while (0)

#define TT_END() do { \
	printf("%d passed, %d failed\n", tt_passed, tt_failed); \
	return tt_failed ? 1 : 0; \
} while (0)

#endif
