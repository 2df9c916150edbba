/*
 * fuzz_era.c - libFuzzer harness for the 和暦/Western date parser.
 *
 * Parses the input as one date; for OK and PAST_END, formats the result as
 * ISO 8601 and as 和暦 into buffers of exactly the documented minimum size
 * (ASan catches an overrun) and checks that the ISO text parses back, with
 * status OK, to the same date.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/era.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_era_result r, back;
	char *iso, *wareki;
	size_t n;

	/* a heap copy of exactly size bytes: an over-read past s + n is caught */
	char *s = malloc(size ? size : 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	kaigo_era_parse(s, size, &r);
	if (r.status == KAIGO_ERA_OK || r.status == KAIGO_ERA_PAST_END) {
		if (!kaigo_era_valid_ymd(r.date.year, r.date.month, r.date.day ? r.date.day : 1))
			__builtin_trap();
		iso = malloc(11);
		wareki = malloc(40);
		if (iso && wareki) {
			n = kaigo_era_format_iso(&r.date, iso);
			if (n > 10 || strlen(iso) != n)
				__builtin_trap();
			kaigo_era_parse(iso, n, &back);
			if (back.status != KAIGO_ERA_OK || back.date.year != r.date.year ||
			    back.date.month != r.date.month || back.date.day != r.date.day)
				__builtin_trap();
			n = kaigo_era_format_wareki(&r.date, wareki);
			if (n > 39)
				__builtin_trap();
		}
		free(iso);
		free(wareki);
	} else if (r.status != KAIGO_ERA_SYNTAX && r.status != KAIGO_ERA_RANGE &&
		   r.status != KAIGO_ERA_BEFORE_START) {
		__builtin_trap();
	} else if (r.error_offset > size || !r.message) {
		__builtin_trap();
	}
	free(s);
	return 0;
}
