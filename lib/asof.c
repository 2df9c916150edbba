/*
 * asof.c - "today" for the deadline rules: a date in Japan, or the one a
 * batch or a user fixes (asof.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/asof.h"
#include "kaigo/era.h"

#define JST_OFFSET (9 * 60 * 60) /* UTC+9, no daylight saving since 1951 */

int kaigo_asof_parse(const char *s, char out[KAIGO_ASOF_SIZE])
{
	struct kaigo_era_result r;
	enum kaigo_era_status st = kaigo_era_parse(s, strlen(s), &r);

	/* PAST_END (平成33年3月31日, as the regulations themselves write) is a real day */
	if ((st != KAIGO_ERA_OK && st != KAIGO_ERA_PAST_END) || r.date.day == 0 || r.date.year < 1 ||
	    r.date.year > 9999)
		return -1;
	kaigo_era_format_iso(&r.date, out);
	return 0;
}

void kaigo_asof_japan(time_t now, char out[KAIGO_ASOF_SIZE])
{
	time_t t = now + JST_OFFSET;
	struct tm tm;
	char buf[48];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, KAIGO_ASOF_SIZE - 1); /* years 1000-9999: exactly 10 bytes */
	out[KAIGO_ASOF_SIZE - 1] = '\0';
}

int kaigo_asof_default(char out[KAIGO_ASOF_SIZE])
{
	const char *env = getenv("KAIGO_AS_OF");

	if (env && *env)
		return kaigo_asof_parse(env, out);
	kaigo_asof_japan(time(NULL), out);
	return 0;
}
