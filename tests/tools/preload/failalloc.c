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
 *   CUNLU_FAIL_ALLOC_IN=F[,G] count (and fail) only the allocations made
 *                             while the exported function F (or G) is on the
 *                             call stack, e.g. proj_normalize_for_visualization
 *                             or curl_url_get: N and CALLS then number those
 *                             calls only, so a test can fail each allocation
 *                             of one library call in turn without knowing
 *                             where in the run it falls (tests/e2e/
 *                             oom_lib_test.sh). Needs the functions' names in
 *                             the dynamic symbol table (dladdr).
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
#include <link.h>
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
static char fail_in[256];       /* ",F,G," or "" */
static _Thread_local int in_check;

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

/* The address ranges of the functions named in fail_in, found from their
 * names on first use (dlsym, dladdr1's symbol size): a return address in
 * one of them means the function is on the call stack. */
#define MAX_IN 8
static struct { uintptr_t lo, hi; } in_range[MAX_IN];
static int n_in = -1;

static void find_targets(void)
{
	char names[256], *save = NULL;

	n_in = 0;
	snprintf(names, sizeof names, "%s", fail_in);
	for (char *t = strtok_r(names, ",", &save); t && n_in < MAX_IN;
	     t = strtok_r(NULL, ",", &save)) {
		void *a = dlsym(RTLD_DEFAULT, t);
		Dl_info info;
		const ElfW(Sym) *sym = NULL;

		if (!a || !dladdr1(a, &info, (void **)&sym, RTLD_DL_SYMENT) || !sym) {
			say("failalloc: CUNLU_FAIL_ALLOC_IN: no exported function ");
			say(t);
			say("\n");
			continue;
		}
		in_range[n_in].lo = (uintptr_t)a;
		in_range[n_in].hi = (uintptr_t)a + (sym->st_size ? sym->st_size : 1);
		n_in++;
	}
}

/* Is one of the functions named in fail_in on the call stack? */
static int inside_target(void)
{
	void *fr[32];          /* deep enough for the calls swept, and cheap */
	int n, found = 0;

	if (in_check)           /* dlsym or backtrace allocating: not counted */
		return 0;
	in_check = 1;
	if (n_in < 0)
		find_targets();
	n = backtrace(fr, 32);
	for (int i = 1; i < n && !found; i++)
		for (int j = 0; j < n_in && !found; j++)
			found = (uintptr_t)fr[i] > in_range[j].lo && (uintptr_t)fr[i] <= in_range[j].hi;
	in_check = 0;
	return found;
}

/* 1: fail this call. */
static int should_fail(void)
{
	if (!atomic_load(&armed))
		return 0;
	if (fail_in[0] && !inside_target())
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
	const char *in = getenv("CUNLU_FAIL_ALLOC_IN");
	if (in && *in && strlen(in) + 3 <= sizeof fail_in)
		snprintf(fail_in, sizeof fail_in, ",%s,", in);
	if (trace || fail_in[0]) {
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
