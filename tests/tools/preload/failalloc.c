/*
 * failalloc.c -- an LD_PRELOAD shim that fails the N-th allocation of a
 * process after main() starts (issue 12 item 6: "out of memory is exit 1,
 * everywhere, and nothing crashes"; tests/e2e/oom_test.sh, make oom-sweep).
 *
 * It wraps malloc, calloc, realloc, strdup, strndup, posix_memalign,
 * aligned_alloc and memalign for the whole process, so the allocations of
 * the third-party libraries (shapelib, cJSON, GLPK, libcurl, PROJ's C++
 * operator new, iconv, stdio) are counted and failed like the program's own.
 * strdup and strndup are wrapped as well because AddressSanitizer
 * intercepts them without going through malloc.
 *
 * Environment:
 *   CUNLU_FAIL_ALLOC=N        fail the N-th allocation call after main()
 *                             starts (1 = the first); unset or 0: fail none
 *                             (count only)
 *   CUNLU_FAIL_ALLOC_ALL=1    fail every call from the N-th on, not only it
 *   CUNLU_FAIL_ALLOC_COUNT=F  at exit, write "CALLS FAILED" to file F: the
 *                             allocation calls made after main() started and
 *                             1 if the N-th was reached (and failed), else 0
 *   CUNLU_FAIL_ALLOC_TRACE=1  print a backtrace of the failed call to stderr
 *
 * realloc(p, 0) and free() are not counted (they release memory). Calls are
 * counted across threads with an atomic counter; the program's road threads
 * (--threads) make the order vary, so the sweep runs with one thread.
 *
 * Under AddressSanitizer (gcc's shared libasan) the shim goes first in
 * LD_PRELOAD with ASAN_OPTIONS=verify_asan_link_order=0 and forwards to
 * ASan's allocator (dlsym RTLD_NEXT), so leaks are still reported.
 *
 * Built as a shared object without sanitizers (Makefile: BUILD/tools/
 * failalloc.so).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef char *(*strdup_fn)(const char *);
typedef char *(*strndup_fn)(const char *, size_t);
typedef int (*pmemalign_fn)(void **, size_t, size_t);
typedef void *(*aalloc_fn)(size_t, size_t);
typedef int (*start_main_fn)(int (*)(int, char **, char **), int, char **,
			     void (*)(void), void (*)(void), void (*)(void), void *);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static strdup_fn real_strdup;
static strndup_fn real_strndup;
static pmemalign_fn real_posix_memalign;
static aalloc_fn real_aligned_alloc;
static aalloc_fn real_memalign;

static atomic_long calls;       /* allocation calls since main() started */
static atomic_int armed;        /* 1 once main() runs */
static atomic_int hit;          /* 1 once the N-th call was failed */
static long fail_at;            /* N; 0 none */
static int fail_all;
static int trace;
static const char *count_file;

/* dlsym may allocate (dlerror's buffer) before the real calloc is known. */
static _Alignas(max_align_t) char boot[8192];
static size_t boot_used;
static int resolving;

static void *boot_alloc(size_t n)
{
	size_t a = (n + 15) & ~(size_t)15;

	if (a > sizeof boot - boot_used)
		return NULL;
	void *p = boot + boot_used;
	boot_used += a;
	return p;
}

static int in_boot(const void *p)
{
	return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void resolve(void)
{
	if (real_malloc || resolving)
		return;
	resolving = 1;
	real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
	real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
	real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
	real_free = (free_fn)dlsym(RTLD_NEXT, "free");
	real_strdup = (strdup_fn)dlsym(RTLD_NEXT, "strdup");
	real_strndup = (strndup_fn)dlsym(RTLD_NEXT, "strndup");
	real_posix_memalign = (pmemalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
	real_aligned_alloc = (aalloc_fn)dlsym(RTLD_NEXT, "aligned_alloc");
	real_memalign = (aalloc_fn)dlsym(RTLD_NEXT, "memalign");
	resolving = 0;
}

static void say(const char *s)
{
	ssize_t w = write(2, s, strlen(s));
	(void)w;
}

/* 1: fail this call. */
static int should_fail(void)
{
	if (!atomic_load(&armed))
		return 0;
	long k = atomic_fetch_add(&calls, 1) + 1;
	if (fail_at <= 0 || k < fail_at || (k > fail_at && !fail_all))
		return 0;
	if (k == fail_at) {
		atomic_store(&hit, 1);
		if (trace) {
			void *fr[64];
			char head[96];
			snprintf(head, sizeof head, "failalloc: failing allocation %ld:\n", k);
			say(head);
			int n = backtrace(fr, 64);
			backtrace_symbols_fd(fr, n, 2);
		}
	}
	return 1;
}

void *malloc(size_t n)
{
	resolve();
	if (!real_malloc)
		return boot_alloc(n);
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	resolve();
	if (!real_calloc) {
		if (b && a > SIZE_MAX / b)
			return NULL;
		return boot_alloc(a * b);   /* static storage is zeroed */
	}
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	resolve();
	if (in_boot(p)) {
		void *q = malloc(n);
		if (q)
			memcpy(q, p, n < (size_t)(boot + sizeof boot - (char *)p)
				     ? n : (size_t)(boot + sizeof boot - (char *)p));
		return q;
	}
	if (n != 0 && should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_realloc(p, n);
}

void free(void *p)
{
	if (!p || in_boot(p))
		return;
	resolve();
	real_free(p);
}

char *strdup(const char *s)
{
	resolve();
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_strdup(s);
}

char *strndup(const char *s, size_t n)
{
	resolve();
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_strndup(s, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	resolve();
	if (should_fail())
		return ENOMEM;
	return real_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	resolve();
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_aligned_alloc(align, n);
}

void *memalign(size_t align, size_t n)
{
	resolve();
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_memalign(align, n);
}

static void write_count(void)
{
	if (!count_file)
		return;
	FILE *f = fopen(count_file, "w");   /* may allocate: not failed now */
	if (f) {
		fprintf(f, "%ld %d\n", (long)atomic_load(&calls), atomic_load(&hit));
		fclose(f);
	}
}

static void disarm_and_count(void)
{
	atomic_store(&armed, 0);
	write_count();
}

static int (*user_main)(int, char **, char **);

static int wrapped_main(int argc, char **argv, char **envp)
{
	const char *s = getenv("CUNLU_FAIL_ALLOC");
	const char *all = getenv("CUNLU_FAIL_ALLOC_ALL");
	const char *tr = getenv("CUNLU_FAIL_ALLOC_TRACE");

	fail_at = s ? strtol(s, NULL, 10) : 0;
	fail_all = all && *all == '1';
	trace = tr && *tr == '1';
	count_file = getenv("CUNLU_FAIL_ALLOC_COUNT");
	if (trace) {
		/* backtrace() loads libgcc on its first call: do it now. */
		void *fr[4];
		(void)backtrace(fr, 4);
	}
	/* The count is written however the program ends (exit or return);
	 * registered before arming, so atexit's own allocation is not counted.
	 * A crash writes nothing, which the sweep sees from the signal. */
	atexit(disarm_and_count);
	atomic_store(&armed, 1);
	return user_main(argc, argv, envp);
}

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
		      void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
		      void *stack_end)
{
	start_main_fn real = (start_main_fn)dlsym(RTLD_NEXT, "__libc_start_main");

	user_main = main;
	return real(wrapped_main, argc, argv, init, fini, rtld_fini, stack_end);
}
