/*
 * fuzz_split.c - libFuzzer harness for kaigo_split_plan_mem (lib/split.c),
 * the record-boundary scan kaigo-validate -j runs before its workers.
 *
 * The scan steps between the bytes that matter in 64-byte blocks; the
 * property is that it gives exactly the plan of the byte-at-a-time scan it
 * replaced (tests/unit/split_ref.h): same number of parts, cuts, records
 * before each cut, root name, prolog end, lines and columns, and the same
 * inputs refused.  The scan as built (AVX2 where the CPU has it) and
 * lib/split.c compiled without AVX2 (tests/unit/split_sse2.c) and without
 * SSE2 (tests/unit/split_scalar.c, the portable classifier) are all held
 * to it.  A plan
 * must also be sane: parts in order, inside the input, each starting with
 * '<'.  A difference is a trap.
 *
 * The first byte is the minimum part size (0 to 31 bytes); the rest is the
 * document, in a buffer of exactly its size so that a read past its end
 * shows.  Every n from 2 to 8 is tried.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/split.h"
#include "../tests/unit/split_ref.h"

/* lib/split.c without SSE2 and without AVX2 (tests/unit/split_{scalar,sse2}.c,
   linked in by fuzz/Makefile.fuzz) */
size_t scalar_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part,
			     struct kaigo_split_plan *plan);
size_t sse2_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part,
			   struct kaigo_split_plan *plan);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kaigo_split_plan want, got, got_scalar, got_sse2;
	long long min_part;
	size_t n, k, len;
	char *doc;

	if (size < 1)
		return 0;
	min_part = data[0] % 32;
	len = size - 1;
	doc = malloc(len ? len : 1);
	if (!doc)
		return 0;
	memcpy(doc, data + 1, len);
	for (n = 2; n <= 8; n++) {
		ref_split_plan_mem(doc, len, n, min_part, &want);
		if (kaigo_split_plan_mem(doc, len, n, min_part, &got) != want.nparts || !ref_plans_equal(&want, &got))
			__builtin_trap();
		if (scalar_split_plan_mem(doc, len, n, min_part, &got_scalar) != want.nparts ||
		    !ref_plans_equal(&want, &got_scalar))
			__builtin_trap();
		if (sse2_split_plan_mem(doc, len, n, min_part, &got_sse2) != want.nparts ||
		    !ref_plans_equal(&want, &got_sse2))
			__builtin_trap();
		if (got.nparts < 1 || got.nparts > n)
			__builtin_trap();
		for (k = 1; k < got.nparts; k++)
			if (got.parts[k].start != got.parts[k - 1].end || got.parts[k].start <= got.parts[k - 1].start ||
			    got.parts[k].start >= (long long)len || doc[got.parts[k].start] != '<' ||
			    got.parts[k].start < got.prefix_end)
				__builtin_trap();
	}
	free(doc);
	return 0;
}
