/*
 * clock.h -- wall-clock seconds for time limits (monotonic: a clock change
 * during a nightly run does not end or extend a search), and the
 * process's CPU seconds for --cpu-time (benchmarks on a shared machine:
 * every thread's CPU time, as HGS-CVRP's clock() counts).
 */
#ifndef CUNLU_CLOCK_H
#define CUNLU_CLOCK_H

#include <time.h>

static inline double cl_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double cl_cpu_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
