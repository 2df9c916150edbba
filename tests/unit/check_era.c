/*
 * check_era.c - unit tests for lib/era.c (和暦 and Western date parsing).
 *
 * Tests are data: each table row is one input and the answer worked out by
 * hand from the JIS X 0301 era table (domain/careplan.md §7) and the
 * Gregorian calendar, never by running the code under test.  Byte offsets
 * count UTF-8 bytes: a kanji, a full-width digit or letter and U+3000 are
 * 3 bytes each, ASCII 1.  Add a row to add a case; no C needed.
 *
 * Era start years used for the arithmetic (Western = start + era year - 1):
 * 明治 1868, 大正 1912, 昭和 1926, 平成 1989, 令和 2019.
 */
#include <check.h>
#include <string.h>

#include "kaigo/era.h"

Suite *kaigo_suite_era(void);

/* len_ = 0 means strlen(in); otherwise the exact byte count (for inputs
   with an embedded NUL, or to show that bytes past n are not read). */
struct parse_case {
	const char *in;
	size_t len_;
	enum kaigo_era_status st;
	int y, m, d;    /* expected date for OK and PAST_END (d 0: year-month) */
	size_t off;     /* expected error_offset when st is not OK */
};

#define OK    KAIGO_ERA_OK
#define PAST  KAIGO_ERA_PAST_END
#define BEF   KAIGO_ERA_BEFORE_START
#define SYN   KAIGO_ERA_SYNTAX
#define RNG   KAIGO_ERA_RANGE

static const struct parse_case parse_cases[] = {
	/* 1. kanji era name + 年月日, ASCII digits */
	{ "平成30年10月1日", 0, OK, 2018, 10, 1, 0 },
	{ "令和5年4月1日", 0, OK, 2023, 4, 1, 0 },
	{ "昭和60年2月14日", 0, OK, 1985, 2, 14, 0 },
	{ "大正10年3月3日", 0, OK, 1921, 3, 3, 0 },
	{ "明治40年1月1日", 0, OK, 1907, 1, 1, 0 },
	{ "明治6年1月1日", 0, OK, 1873, 1, 1, 0 },
	{ "令和99年12月31日", 0, OK, 2117, 12, 31, 0 },
	/* full-width and mixed digits */
	{ "平成３０年１０月１日", 0, OK, 2018, 10, 1, 0 },
	{ "令和５年４月１日", 0, OK, 2023, 4, 1, 0 },
	{ "平成3０年1０月０1日", 0, OK, 2018, 10, 1, 0 },
	/* 日 left out */
	{ "平成30年10月1", 0, OK, 2018, 10, 1, 0 },
	/* one-kanji abbreviations */
	{ "明44年5月6日", 0, OK, 1911, 5, 6, 0 },
	{ "大1.8.1", 0, OK, 1912, 8, 1, 0 },
	{ "昭20年8月15日", 0, OK, 1945, 8, 15, 0 },
	{ "平7.1.17", 0, OK, 1995, 1, 17, 0 },
	{ "令2/2/22", 0, OK, 2020, 2, 22, 0 },
	/* Latin initials, separator forms */
	{ "M45.7.29", 0, OK, 1912, 7, 29, 0 },
	{ "T1.7.30", 0, OK, 1912, 7, 30, 0 },
	{ "S64.1.7", 0, OK, 1989, 1, 7, 0 },
	{ "H1.1.8", 0, OK, 1989, 1, 8, 0 },
	{ "R1.5.1", 0, OK, 2019, 5, 1, 0 },
	{ "S25/1/2", 0, OK, 1950, 1, 2, 0 },
	{ "h30.10.1", 0, OK, 2018, 10, 1, 0 },
	{ "ｈ３０．１０．１", 0, OK, 2018, 10, 1, 0 },
	{ "Ｈ30/10/01", 0, OK, 2018, 10, 1, 0 },
	{ "Ｓ６４／１／７", 0, OK, 1989, 1, 7, 0 },
	{ "r05-04-01", 0, OK, 2023, 4, 1, 0 },
	{ "H30年10月1日", 0, OK, 2018, 10, 1, 0 },
	{ "m6.1.1", 0, OK, 1873, 1, 1, 0 },
	{ "ｔ２.１２.２４", 0, OK, 1913, 12, 24, 0 },
	/* dash look-alikes: U+FF0D, U+2010, U+30FC, U+2212, U+2015 */
	{ "H30－10－1", 0, OK, 2018, 10, 1, 0 },
	{ "H30‐10‐1", 0, OK, 2018, 10, 1, 0 },
	{ "H30ー10ー1", 0, OK, 2018, 10, 1, 0 },
	{ "H30−10−1", 0, OK, 2018, 10, 1, 0 },
	{ "2018―10―01", 0, OK, 2018, 10, 1, 0 },
	/* 元年 */
	{ "令和元年5月1日", 0, OK, 2019, 5, 1, 0 },
	{ "平成元年1月8日", 0, OK, 1989, 1, 8, 0 },
	{ "大正元年7月30日", 0, OK, 1912, 7, 30, 0 },
	{ "昭和元年12月25日", 0, OK, 1926, 12, 25, 0 },
	{ "令元年5月1日", 0, OK, 2019, 5, 1, 0 },
	/* spaces: ASCII, TAB, U+3000, around and between tokens */
	{ "平成 33 年３月 31日", 0, PAST, 2021, 3, 31, 0 },
	{ "　令和5年4月1日　", 0, OK, 2023, 4, 1, 0 },
	{ " \t2018/10/01 \t", 0, OK, 2018, 10, 1, 0 },
	{ "H 30 . 10 . 1", 0, OK, 2018, 10, 1, 0 },
	{ "2018 年 10 月 1 日", 0, OK, 2018, 10, 1, 0 },
	/* 2. compact era YYMMDD / YYMM */
	{ "H301001", 0, OK, 2018, 10, 1, 0 },
	{ "Ｈ３０１００１", 0, OK, 2018, 10, 1, 0 },
	{ "S600214", 0, OK, 1985, 2, 14, 0 },
	{ "R010501", 0, OK, 2019, 5, 1, 0 },
	{ "平301001", 0, OK, 2018, 10, 1, 0 },
	{ "H3010", 0, OK, 2018, 10, 0, 0 },
	{ "R0105", 0, OK, 2019, 5, 0, 0 },
	{ "H3001", 0, OK, 2018, 1, 0, 0 },
	/* 3. numeric era code GYYMMDD */
	{ "3600214", 0, OK, 1985, 2, 14, 0 },
	{ "４３００４３０", 0, OK, 2018, 4, 30, 0 },
	{ "5010501", 0, OK, 2019, 5, 1, 0 },
	{ "1450729", 0, OK, 1912, 7, 29, 0 },
	{ "2010730", 0, OK, 1912, 7, 30, 0 },
	/* 4. Western */
	{ "2018/10/1", 0, OK, 2018, 10, 1, 0 },
	{ "2018-10-01", 0, OK, 2018, 10, 1, 0 },
	{ "2018.10.1", 0, OK, 2018, 10, 1, 0 },
	{ "2018年10月1日", 0, OK, 2018, 10, 1, 0 },
	{ "2018年10月1", 0, OK, 2018, 10, 1, 0 },
	{ "20181001", 0, OK, 2018, 10, 1, 0 },
	{ "２０１８／１０／０１", 0, OK, 2018, 10, 1, 0 },
	{ "２0１8年1０月1日", 0, OK, 2018, 10, 1, 0 },
	{ "２０１８１００１", 0, OK, 2018, 10, 1, 0 },
	{ "1873/1/1", 0, OK, 1873, 1, 1, 0 },
	{ "9999-12-31", 0, OK, 9999, 12, 31, 0 },
	/* year-month forms */
	{ "令和5年4月", 0, OK, 2023, 4, 0, 0 },
	{ "H30.10", 0, OK, 2018, 10, 0, 0 },
	{ "R1.5", 0, OK, 2019, 5, 0, 0 },
	{ "2023/4", 0, OK, 2023, 4, 0, 0 },
	{ "2023-04", 0, OK, 2023, 4, 0, 0 },
	{ "2023.4", 0, OK, 2023, 4, 0, 0 },
	{ "2023年4月", 0, OK, 2023, 4, 0, 0 },
	{ "202304", 0, OK, 2023, 4, 0, 0 },
	{ "２０２３０４", 0, OK, 2023, 4, 0, 0 },
	/* year-month against era boundaries: compared by whole month */
	{ "平成31年4月", 0, OK, 2019, 4, 0, 0 },
	{ "平成31年5月", 0, PAST, 2019, 5, 0, 0 },
	{ "令和元年5月", 0, OK, 2019, 5, 0, 0 },
	{ "令和元年4月", 0, BEF, 0, 0, 0, 0 },
	{ "平成元年1月", 0, OK, 1989, 1, 0, 0 },
	{ "昭和64年1月", 0, OK, 1989, 1, 0, 0 },
	{ "昭和64年2月", 0, PAST, 1989, 2, 0, 0 },
	{ "明治6年1月", 0, OK, 1873, 1, 0, 0 },
	{ "明治5年12月", 0, RNG, 0, 0, 0, 0 },
	{ "1872/12", 0, RNG, 0, 0, 0, 0 },
	{ "187212", 0, RNG, 0, 0, 0, 0 },
	/* boundary days, both sides of each change of era */
	{ "明治45年7月29日", 0, OK, 1912, 7, 29, 0 },
	{ "明治45年7月30日", 0, PAST, 1912, 7, 30, 0 },
	{ "大正元年7月29日", 0, BEF, 0, 0, 0, 0 },
	{ "大正15年12月24日", 0, OK, 1926, 12, 24, 0 },
	{ "大正15年12月25日", 0, PAST, 1926, 12, 25, 0 },
	{ "昭和元年12月24日", 0, BEF, 0, 0, 0, 0 },
	{ "昭和64年1月7日", 0, OK, 1989, 1, 7, 0 },
	{ "昭和64年1月8日", 0, PAST, 1989, 1, 8, 0 },
	{ "平成元年1月7日", 0, BEF, 0, 0, 0, 0 },
	{ "平成31年4月30日", 0, OK, 2019, 4, 30, 0 },
	{ "平成31年5月1日", 0, PAST, 2019, 5, 1, 0 },
	{ "令和元年4月30日", 0, BEF, 0, 0, 0, 0 },
	{ "平成33年3月31日", 0, PAST, 2021, 3, 31, 0 },
	{ "明治99年1月1日", 0, PAST, 1966, 1, 1, 0 },
	{ "H010107", 0, BEF, 0, 0, 0, 0 },
	{ "5010430", 0, BEF, 0, 0, 0, 0 },
	{ "4310501", 0, PAST, 2019, 5, 1, 0 },
	/* the era offset follows leading spaces */
	{ "  平成31年5月1日", 0, PAST, 2019, 5, 1, 2 },
	{ "　平成元年1月7日", 0, BEF, 0, 0, 0, 3 },
	/* 明治 before 明治6年1月1日: lunisolar, refused */
	{ "明治5年12月31日", 0, RNG, 0, 0, 0, 0 },
	{ "明治元年1月25日", 0, RNG, 0, 0, 0, 0 },
	{ " M5.12.2", 0, RNG, 0, 0, 0, 1 },
	/* leap days */
	{ "2000/2/29", 0, OK, 2000, 2, 29, 0 },
	{ "2020-02-29", 0, OK, 2020, 2, 29, 0 },
	{ "1900/2/29", 0, RNG, 0, 0, 0, 7 },
	{ "2019/2/29", 0, RNG, 0, 0, 0, 7 },
	{ "2100-02-29", 0, RNG, 0, 0, 0, 8 },
	{ "平成12年2月29日", 0, OK, 2000, 2, 29, 0 },
	{ "令和2年2月29日", 0, OK, 2020, 2, 29, 0 },
	{ "H8.2.29", 0, OK, 1996, 2, 29, 0 },
	{ "H31.2.29", 0, RNG, 0, 0, 0, 6 },
	{ "令和元年2月29日", 0, RNG, 0, 0, 0, 16 },
	{ "平成33年2月29日", 0, RNG, 0, 0, 0, 15 },
	/* impossible dates */
	{ "2018/13/1", 0, RNG, 0, 0, 0, 5 },
	{ "2018/4/31", 0, RNG, 0, 0, 0, 7 },
	{ "2018/10/0", 0, RNG, 0, 0, 0, 8 },
	{ "2018/0/1", 0, RNG, 0, 0, 0, 5 },
	{ "2018年10月0日", 0, RNG, 0, 0, 0, 12 },
	{ "00000000", 0, RNG, 0, 0, 0, 4 },
	{ "20180230", 0, RNG, 0, 0, 0, 6 },
	{ "201813", 0, RNG, 0, 0, 0, 4 },
	{ "H301301", 0, RNG, 0, 0, 0, 3 },
	{ "Ｈ３０１３０１", 0, RNG, 0, 0, 0, 9 },
	{ "H300931", 0, RNG, 0, 0, 0, 5 },
	{ "平成30年2月30日", 0, RNG, 0, 0, 0, 15 },
	{ "3601314", 0, RNG, 0, 0, 0, 3 },
	/* era year 0, unknown era code, Western year before 1873 */
	{ "平成0年1月1日", 0, RNG, 0, 0, 0, 6 },
	{ "H00.1.1", 0, RNG, 0, 0, 0, 1 },
	{ "4000101", 0, RNG, 0, 0, 0, 1 },
	{ "0300101", 0, RNG, 0, 0, 0, 0 },
	{ "6010101", 0, RNG, 0, 0, 0, 0 },
	{ "1872/12/31", 0, RNG, 0, 0, 0, 0 },
	{ "0999-01-01", 0, RNG, 0, 0, 0, 0 },
	/* syntax errors */
	{ "", 0, SYN, 0, 0, 0, 0 },
	{ "   ", 0, SYN, 0, 0, 0, 3 },
	{ "2018/10/1x", 0, SYN, 0, 0, 0, 9 },
	{ "平成三十年十月一日", 0, SYN, 0, 0, 0, 6 },
	{ "2018/10-01", 0, SYN, 0, 0, 0, 7 },
	{ "18/10/1", 0, SYN, 0, 0, 0, 0 },
	{ "2018", 0, SYN, 0, 0, 0, 4 },
	{ "平成30年", 0, SYN, 0, 0, 0, 11 },
	{ "H30", 0, SYN, 0, 0, 0, 3 },
	{ "H123.1.1", 0, SYN, 0, 0, 0, 1 },
	{ "H30011", 0, SYN, 0, 0, 0, 1 },
	{ "2018/100/1", 0, SYN, 0, 0, 0, 5 },
	{ "X30.1.1", 0, SYN, 0, 0, 0, 0 },
	{ "平成30年10月1日x", 0, SYN, 0, 0, 0, 20 },
	{ "2018/10/1日", 0, SYN, 0, 0, 0, 9 },
	{ "H30.10.1.5", 0, SYN, 0, 0, 0, 8 },
	{ "平成30年10日", 0, SYN, 0, 0, 0, 13 },
	{ "123456789", 0, SYN, 0, 0, 0, 0 },
	{ "12345", 0, SYN, 0, 0, 0, 0 },
	{ "2018/10/", 0, SYN, 0, 0, 0, 8 },
	{ "20181001 x", 0, SYN, 0, 0, 0, 9 },
	{ "2018/1 0/1", 0, SYN, 0, 0, 0, 7 },
	{ "平 成30年", 0, SYN, 0, 0, 0, 4 },
	{ "H3010年", 0, SYN, 0, 0, 0, 5 },
	{ "2018/10/1\xff", 0, SYN, 0, 0, 0, 9 },
	{ "\xe0\x80\xb0" "2018/1/1", 0, SYN, 0, 0, 0, 0 },
	{ "2018\0/10/1", 10, SYN, 0, 0, 0, 4 },
	/* n is honoured: the 'x' at byte 9 lies outside the value */
	{ "2018/10/1x", 9, OK, 2018, 10, 1, 0 },
};

static void check_parse_row(const struct parse_case *c)
{
	struct kaigo_era_result r;
	size_t n = c->len_ ? c->len_ : strlen(c->in);
	enum kaigo_era_status st;

	memset(&r, 0xA5, sizeof r); /* every field must be written */
	st = kaigo_era_parse(c->in, n, &r);
	ck_assert_msg(st == c->st && r.status == c->st,
		      "'%s': status %d (returned %d), expected %d [%s]",
		      c->in, (int)r.status, (int)st, (int)c->st,
		      r.message ? r.detail : "");
	if (c->st == KAIGO_ERA_OK || c->st == KAIGO_ERA_PAST_END) {
		ck_assert_msg(r.date.year == c->y && r.date.month == c->m &&
			      r.date.day == c->d,
			      "'%s': date %d-%d-%d, expected %d-%d-%d", c->in,
			      r.date.year, r.date.month, r.date.day, c->y, c->m, c->d);
	}
	if (c->st == KAIGO_ERA_OK) {
		ck_assert_msg(r.message == NULL, "'%s': message on success", c->in);
		return;
	}
	ck_assert_msg(r.error_offset == c->off, "'%s': error_offset %zu, expected %zu [%s]",
		      c->in, r.error_offset, c->off, r.detail);
	/* House style for messages: lowercase start, no full stop. */
	ck_assert_ptr_nonnull(r.message);
	ck_assert_msg(r.message[0] >= 'a' && r.message[0] <= 'z',
		      "'%s': message '%s' must start lowercase", c->in, r.message);
	ck_assert_msg(r.message[strlen(r.message) - 1] != '.',
		      "'%s': message '%s' ends with a full stop", c->in, r.message);
	ck_assert_msg(r.detail[0] != '\0', "'%s': empty detail", c->in);
	ck_assert_msg(memchr(r.detail, '\0', sizeof r.detail) != NULL,
		      "'%s': detail not terminated", c->in);
}

START_TEST(test_parse)
{
	check_parse_row(&parse_cases[_i]);
}
END_TEST

/* The detail texts callers show to users, for a few representative errors. */
static const struct detail_case {
	const char *in;
	const char *detail;
} detail_cases[] = {
	{ "2019/2/30", "day 30 does not exist in 2019-02" },
	{ "平成33年2月29日", "day 29 does not exist in 2021-02" },
	{ "平成元年1月7日", "平成 starts on 1989-01-08" },
	{ "令和元年4月", "令和 starts on 2019-05-01" },
	{ "平成31年5月1日", "平成 ended on 2019-04-30" },
	{ "2018/13/1", "month 13 is not 1-12" },
	{ "0300101", "era code 0 is not 1-5 (1 明治 … 5 令和)" },
	{ "2018/10/1x", "unexpected character 'x'" },
};

START_TEST(test_detail)
{
	const struct detail_case *c = &detail_cases[_i];
	struct kaigo_era_result r;

	kaigo_era_parse(c->in, strlen(c->in), &r);
	ck_assert_str_eq(r.detail, c->detail);
}
END_TEST

/* ISO output; "" marks a date the formatter must refuse. */
static const struct iso_case {
	int y, m, d;
	const char *out;
} iso_cases[] = {
	{ 2018, 10, 1, "2018-10-01" },
	{ 2023, 4, 0, "2023-04" },
	{ 1873, 1, 1, "1873-01-01" },
	{ 9999, 12, 31, "9999-12-31" },
	{ 999, 1, 1, "0999-01-01" },
	{ 2000, 2, 29, "2000-02-29" },
	{ 2019, 2, 29, "" },
	{ 2018, 13, 0, "" },
	{ 10000, 1, 1, "" },
	{ -1, 1, 1, "" },
};

START_TEST(test_iso)
{
	const struct iso_case *c = &iso_cases[_i];
	struct kaigo_era_date d = { c->y, c->m, c->d };
	char out[11];
	size_t len;

	memset(out, 'X', sizeof out);
	len = kaigo_era_format_iso(&d, out);
	ck_assert_str_eq(out, c->out);
	ck_assert_uint_eq(len, strlen(c->out));
}
END_TEST

/* 和暦 output: the era holding that exact day (a year-month by its first
   day); "" for dates before 1873-01-01 and invalid dates.  back: the text
   parses back to the same date (not so for era years of 3+ digits, which
   no accepted form has). */
static const struct wareki_case {
	int y, m, d;
	const char *out;
	int back;
} wareki_cases[] = {
	{ 1873, 1, 1, "明治6年1月1日", 1 },
	{ 1912, 7, 29, "明治45年7月29日", 1 },
	{ 1912, 7, 30, "大正元年7月30日", 1 },
	{ 1926, 12, 24, "大正15年12月24日", 1 },
	{ 1926, 12, 25, "昭和元年12月25日", 1 },
	{ 1989, 1, 7, "昭和64年1月7日", 1 },
	{ 1989, 1, 8, "平成元年1月8日", 1 },
	{ 2019, 4, 30, "平成31年4月30日", 1 },
	{ 2019, 5, 1, "令和元年5月1日", 1 },
	{ 2023, 4, 1, "令和5年4月1日", 1 },
	{ 1985, 2, 14, "昭和60年2月14日", 1 },
	{ 2000, 2, 29, "平成12年2月29日", 1 },
	{ 2117, 12, 31, "令和99年12月31日", 1 },
	{ 9999, 12, 31, "令和7981年12月31日", 0 },
	{ 2019, 5, 0, "令和元年5月", 1 },
	{ 2019, 4, 0, "平成31年4月", 1 },
	{ 1989, 1, 0, "昭和64年1月", 1 },
	{ 1926, 12, 0, "大正15年12月", 1 },
	{ 1912, 7, 0, "明治45年7月", 1 },
	{ 1873, 1, 0, "明治6年1月", 1 },
	{ 1872, 12, 31, "", 0 },
	{ 1872, 12, 0, "", 0 },
	{ 1868, 1, 25, "", 0 },
	{ 2019, 2, 29, "", 0 },
	{ 2018, 13, 0, "", 0 },
};

START_TEST(test_wareki)
{
	const struct wareki_case *c = &wareki_cases[_i];
	struct kaigo_era_date d = { c->y, c->m, c->d };
	char out[40];
	size_t len;

	memset(out, 'X', sizeof out);
	len = kaigo_era_format_wareki(&d, out);
	ck_assert_str_eq(out, c->out);
	ck_assert_uint_eq(len, strlen(c->out));
}
END_TEST

/* The other direction: every 和暦 text above parses back to its date. */
START_TEST(test_wareki_parse)
{
	const struct wareki_case *c = &wareki_cases[_i];
	struct kaigo_era_result r;

	if (!c->back)
		return;
	ck_assert_int_eq(kaigo_era_parse(c->out, strlen(c->out), &r), KAIGO_ERA_OK);
	ck_assert_int_eq(r.date.year, c->y);
	ck_assert_int_eq(r.date.month, c->m);
	ck_assert_int_eq(r.date.day, c->d);
}
END_TEST

static const struct ymd_case {
	int y, m, d;
	int valid;
} ymd_cases[] = {
	{ 2000, 2, 29, 1 },
	{ 1600, 2, 29, 1 },
	{ 2004, 2, 29, 1 },
	{ 1900, 2, 29, 0 },
	{ 2100, 2, 29, 0 },
	{ 2019, 2, 28, 1 },
	{ 2019, 2, 29, 0 },
	{ 2018, 4, 30, 1 },
	{ 2018, 4, 31, 0 },
	{ 2018, 12, 31, 1 },
	{ 2018, 1, 32, 0 },
	{ 2018, 13, 1, 0 },
	{ 2018, 0, 1, 0 },
	{ 2018, 1, 0, 0 },
};

START_TEST(test_valid_ymd)
{
	const struct ymd_case *c = &ymd_cases[_i];

	ck_assert_int_eq(kaigo_era_valid_ymd(c->y, c->m, c->d), c->valid);
}
END_TEST

#define NROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *kaigo_suite_era(void)
{
	Suite *s = suite_create("era");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0, NROWS(parse_cases));
	tcase_add_loop_test(tc, test_detail, 0, NROWS(detail_cases));
	tcase_add_loop_test(tc, test_iso, 0, NROWS(iso_cases));
	tcase_add_loop_test(tc, test_wareki, 0, NROWS(wareki_cases));
	tcase_add_loop_test(tc, test_wareki_parse, 0, NROWS(wareki_cases));
	tcase_add_loop_test(tc, test_valid_ymd, 0, NROWS(ymd_cases));
	suite_add_tcase(s, tc);
	return s;
}
