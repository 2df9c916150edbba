/*
 * hash.h - the FNV-1a style hash of the in-memory tables (name indexes,
 * caches).  Not for anything written out: the values may change between
 * versions.
 */
#ifndef KAIGO_HASH_H
#define KAIGO_HASH_H

#include <stddef.h>
#include <stdint.h>

#define KAIGO_HASH_SEED 1469598103934665603ULL

/* n bytes of s into h (start from KAIGO_HASH_SEED, or a seed of one's own). */
static inline uint64_t kaigo_hash(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* The same for a NUL-terminated string. */
static inline uint64_t kaigo_hash_str(const char *s)
{
	uint64_t h = KAIGO_HASH_SEED;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
