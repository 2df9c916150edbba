/*
 * check_asof.c - unit tests for lib/asof.c: the as-of date of the deadline
 * rules.
 *
 * The instants are Unix times worked out by hand: 2025-04-30T00:00:00Z is
 * 1745971200 (20208 days after 1970-01-01 x 86400), so 15:00:00Z that day
 * (= 2025-05-01 00:00 JST) is 1746025200.  Japan Standard Time is UTC+9 all
 * year, so the Japanese date changes at 15:00 UTC whatever TZ says.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaigo/asof.h"

Suite *kaigo_suite_asof(void);

struct japan_case {
	time_t t;
	const char *date;  /* the date in Japan at t */
};

static const struct japan_case japan_cases[] = {
	{ 1745971200, "2025-04-30" },          /* 00:00 UTC = 09:00 JST */
	{ 1746025200 - 1, "2025-04-30" },      /* 14:59:59 UTC = 23:59:59 JST */
	{ 1746025200, "2025-05-01" },          /* 15:00 UTC = 00:00 JST next day */
	{ 1746025200 + 3 * 3600, "2025-05-01" }, /* 18:00 UTC, 02:00 JST: the nightly batch */
	{ 0, "1970-01-01" },                   /* 09:00 JST */
	{ 1735657200, "2025-01-01" },          /* 2024-12-31T15:00:00Z: new year in Japan first */
};

START_TEST(test_japan)
{
	const struct japan_case *c = &japan_cases[_i];
	char out[KAIGO_ASOF_SIZE];
	const char *zones[] = { "UTC0", "XST11", "YST-14", "JST-9" };
	size_t z;

	/* the time zone of the process makes no difference */
	for (z = 0; z < sizeof(zones) / sizeof(*zones); z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		memset(out, 'x', sizeof(out));
		kaigo_asof_japan(c->t, out);
		ck_assert_str_eq(out, c->date);
	}
	setenv("TZ", "UTC", 1);
	tzset();
}
END_TEST

struct parse_case {
	const char *in;
	const char *iso;  /* NULL: refused */
};

static const struct parse_case parse_cases[] = {
	{ "2025-04-30", "2025-04-30" },
	{ "令和7年4月30日", "2025-04-30" },     /* 令和 1 = 2019 */
	{ "R7.4.30", "2025-04-30" },
	{ "令和元年5月1日", "2019-05-01" },
	{ "平成31年4月30日", "2019-04-30" },    /* 平成 1 = 1989 */
	{ "平成33年3月31日", "2021-03-31" },    /* past the era's end, as regulations write it */
	{ "2025/4/30", "2025-04-30" },
	{ "２０２５年４月３０日", "2025-04-30" },
	{ "2024-02-29", "2024-02-29" },
	{ "2025-02-29", NULL },                 /* 2025 is not a leap year */
	{ "令和7年2月30日", NULL },
	{ "令和7年4月", NULL },                 /* a month, not a day */
	{ "平成元年1月7日", NULL },             /* before 平成 began (1989-01-08) */
	{ "tomorrow", NULL },
	{ "", NULL },
};

START_TEST(test_parse)
{
	const struct parse_case *c = &parse_cases[_i];
	char out[KAIGO_ASOF_SIZE];
	int rc = kaigo_asof_parse(c->in, out);

	if (c->iso) {
		ck_assert_msg(rc == 0, "'%s' refused", c->in);
		ck_assert_str_eq(out, c->iso);
	} else {
		ck_assert_msg(rc < 0, "'%s' accepted as %s", c->in, out);
	}
}
END_TEST

START_TEST(test_default_env)
{
	char out[KAIGO_ASOF_SIZE];

	setenv("KAIGO_AS_OF", "令和7年4月30日", 1);
	ck_assert_int_eq(kaigo_asof_default(out), 0);
	ck_assert_str_eq(out, "2025-04-30");
	setenv("KAIGO_AS_OF", "2025-13-01", 1);
	ck_assert_int_lt(kaigo_asof_default(out), 0);
	setenv("KAIGO_AS_OF", "", 1); /* empty: as if unset, today in Japan */
	ck_assert_int_eq(kaigo_asof_default(out), 0);
	ck_assert_uint_eq(strlen(out), 10);
	unsetenv("KAIGO_AS_OF");
}
END_TEST

Suite *kaigo_suite_asof(void)
{
	Suite *s = suite_create("asof");
	TCase *tc = tcase_create("asof");

	tcase_add_loop_test(tc, test_japan, 0, sizeof(japan_cases) / sizeof(*japan_cases));
	tcase_add_loop_test(tc, test_parse, 0, sizeof(parse_cases) / sizeof(*parse_cases));
	tcase_add_test(tc, test_default_env);
	suite_add_tcase(s, tc);
	return s;
}
