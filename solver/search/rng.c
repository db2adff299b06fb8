/*
 * rng.c -- xoshiro256** (Blackman & Vigna), seeded through splitmix64.
 */
#include "search/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void cl_rng_seed(struct cl_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t cl_rng_next(struct cl_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

int cl_rng_int(struct cl_rng *r, int n)
{
	/* Lemire's multiply-shift; the tiny bias is irrelevant here. */
	return (int)(((cl_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

double cl_rng_unit(struct cl_rng *r)
{
	return (double)(cl_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
