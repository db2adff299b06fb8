/*
 * util/hash.h -- the one hash of the project: FNV-1a 64 over bytes, and a
 * finalizer for hash tables.
 *
 * FNV-1a is what the matrix cache stores (its key and its checksums) and
 * what names a road network in the cache key, so its values are part of
 * the cache file format: changing the function makes every old cache file
 * miss (harmless: the matrix is rebuilt and stored again). It is not
 * cryptographic; it detects accidents (a flipped bit, a truncated file,
 * another input), not tampering.
 *
 * FNV-1a's low bits depend on few input bits; a table that takes a slot by
 * masking the low bits runs the hash through cl_hash_mix first.
 */
#ifndef CUNLU_UTIL_HASH_H
#define CUNLU_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The FNV-1a 64 offset basis: the hash of no bytes, where a hash starts. */
#define CL_HASH_INIT 0xcbf29ce484222325ULL

/*
 * Continue the FNV-1a 64 hash h over data[0..len): hashing a then b equals
 * hashing their concatenation. cl_hash_bytes(CL_HASH_INIT, "a", 1) is
 * 0xaf63dc4c8601ec8c.
 */
uint64_t cl_hash_bytes(uint64_t h, const void *data, size_t len);

/*
 * Continue h over the text printf would make of fmt: a key made of short
 * pieces (numbers, fixed words) reads as the text it hashes. A piece is
 * cut at CL_HASH_TEXT_MAX - 1 bytes, so hash strings of any length with
 * cl_hash_bytes instead.
 */
#define CL_HASH_TEXT_MAX 512
uint64_t cl_hash_printf(uint64_t h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Spread h so that every output bit depends on every input bit (the
 * splitmix64 finalizer, a bijection), for a table slot taken as
 * `cl_hash_mix(h) & (size - 1)`.
 */
uint64_t cl_hash_mix(uint64_t h);

#endif
