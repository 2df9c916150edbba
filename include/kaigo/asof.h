/*
 * asof.h - the date deadline rules judge by ("as of").
 *
 * The obligations are in Japanese dates, so "today" is today in Japan
 * (Asia/Tokyo), whatever TZ says: a UTC container running a 02:00 JST
 * batch must not judge as of yesterday.  Japan Standard Time is UTC+9 all
 * year (no daylight saving since 1951), so no time-zone database is
 * needed.  A batch may fix the date with $KAIGO_AS_OF, a run with an
 * option (--as-of); both accept ISO dates and 和暦 (令和7年4月30日, R7.4.30)
 * through the era parser (era.h).
 */
#ifndef KAIGO_ASOF_H
#define KAIGO_ASOF_H

#include <time.h>

#define KAIGO_ASOF_SIZE 11 /* "YYYY-MM-DD" and its NUL */

/*
 * Parse one full date (year, month and day) in any form kaigo_era_parse
 * reads into out as YYYY-MM-DD.  Returns 0, or -1 if s is not a full,
 * existing date.
 */
int kaigo_asof_parse(const char *s, char out[KAIGO_ASOF_SIZE]);

/* The date in Japan at the instant now, as YYYY-MM-DD. */
void kaigo_asof_japan(time_t now, char out[KAIGO_ASOF_SIZE]);

/*
 * The default as-of date: $KAIGO_AS_OF when set and not empty, else today
 * in Japan.  Returns 0, or -1 if $KAIGO_AS_OF is not a date (out then
 * holds nothing useful; the tool reports a usage error).
 */
int kaigo_asof_default(char out[KAIGO_ASOF_SIZE]);

#endif
