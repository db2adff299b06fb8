/*
 * rng.h -- a small seeded pseudo-random generator (xoshiro256**, seeded by
 * splitmix64) so that runs are reproducible on every platform.
 */
#ifndef CUNLU_RNG_H
#define CUNLU_RNG_H

#include <stdint.h>

struct cl_rng {
	uint64_t s[4];
};

void cl_rng_seed(struct cl_rng *r, uint64_t seed);
uint64_t cl_rng_next(struct cl_rng *r);
/* Uniform integer in [0, n), n > 0. */
int cl_rng_int(struct cl_rng *r, int n);
/* Uniform double in [0, 1). */
double cl_rng_unit(struct cl_rng *r);

#endif
