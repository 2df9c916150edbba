/*
 * era.h - Japanese era (和暦) and Western date parsing to ISO 8601.
 *
 * Parses one date value as it appears in legacy care data and in the
 * regulations themselves: 平成30年10月1日, H30.10.1, 令和元年5月1日, S25/1/2,
 * 2018/10/1, 2018-10-01, 20181001, 7-digit era-code form GYYMMDD
 * (1 明治 … 5 令和), with full-width or half-width digits and stray spaces
 * (「平成 33 年３月 31日」).  Era boundaries follow JIS X 0301 (see
 * domain/careplan.md §7).  Year-month values (令和5年4月, 2023/04, 202304)
 * parse with day == 0.
 *
 * The parser is pure: no locale, no time zone, no allocation.
 */
#ifndef KAIGO_ERA_H
#define KAIGO_ERA_H

#include <stddef.h>

enum kaigo_era_status {
	KAIGO_ERA_OK = 0,        /* a valid date (or year-month) */
	KAIGO_ERA_PAST_END = 1,  /* valid, but the era year runs past the era's last
				    day (平成33年 → 2021): converted, caller warns */
	KAIGO_ERA_BEFORE_START = 2, /* era date before the era's first day
				    (平成元年1月7日): an error */
	KAIGO_ERA_SYNTAX = 3,    /* not a date in any accepted form */
	KAIGO_ERA_RANGE = 4      /* a form we know, but an impossible date
				    (2月30日, 13月, 0日, 平成0年) */
};

struct kaigo_era_date {
	int year;    /* Western (proleptic Gregorian) year */
	int month;   /* 1-12 */
	int day;     /* 1-31, or 0 for a year-month value */
};

struct kaigo_era_result {
	enum kaigo_era_status status;
	struct kaigo_era_date date;  /* meaningful for OK and PAST_END */
	size_t error_offset;         /* byte offset in the input of the first
					offending character (SYNTAX/RANGE/BEFORE_START) */
	const char *message;         /* static English text, lowercase, no full
					stop, e.g. "day does not exist"; NULL when OK */
	char detail[96];             /* the same with values filled in, e.g.
					"day 30 does not exist in 2019-02" */
	char detail_tr[192];         /* detail in the user's language (LC_MESSAGES,
					kaigo/i18n.h), for text meant for people */
};

/*
 * Parse the UTF-8 text s[0..n) as one date.  Leading/trailing spaces
 * (ASCII, U+3000) are ignored.  Fills *r and returns r->status.
 */
enum kaigo_era_status kaigo_era_parse(const char *s, size_t n, struct kaigo_era_result *r);

/*
 * Write the date as ISO 8601 ("2018-10-01", or "2023-04" when day == 0)
 * into out, which must hold at least 11 bytes.  Returns the length.
 */
size_t kaigo_era_format_iso(const struct kaigo_era_date *d, char *out);

/*
 * Write the date in 和暦 as "令和5年4月1日" (元年 for year 1) into out
 * (at least 40 bytes).  Returns the length, or 0 for dates before 明治6年
 * (1873-01-01), which JIS X 0301 does not convert.
 */
size_t kaigo_era_format_wareki(const struct kaigo_era_date *d, char *out);

/* 1 if y-m-d exists in the proleptic Gregorian calendar, else 0. */
int kaigo_era_valid_ymd(int y, int m, int d);

/*
 * Day number of a proleptic Gregorian date: days since 1970-01-01
 * (negative before), for date arithmetic (deadlines, shifted dates).
 */
long kaigo_era_day_number(int y, int m, int d);
/* The date of day number z (the inverse of kaigo_era_day_number). */
void kaigo_era_from_day_number(long z, int *y, int *m, int *d);

#endif
