/*
 * check_obligations.c - unit tests for lib/obligations.c and the filter of
 * lib/due.c: the calendar arithmetic behind --within and DTSTAMP, reading
 * an obligation from a finding's diagnostics, and which records a filter
 * keeps.  Day numbers are worked out by hand from the Gregorian calendar
 * (days since 1970-01-01: 365 per year, 366 in leap years), never by
 * running the code under test.
 */
#include <check.h>
#include <string.h>

#include "kaigo/due.h"
#include "kaigo/obligations.h"

Suite *kaigo_suite_obligations(void);

struct day_case {
	const char *date;
	long day;      /* days since 1970-01-01, or -1: not a date */
};

static const struct day_case day_cases[] = {
	{ "1970-01-01", 0 },
	{ "1970-01-02", 1 },
	{ "1971-01-01", 365 },
	{ "1972-03-01", 365 + 365 + 31 + 29 },          /* 1972 is a leap year */
	{ "2000-03-01", 10957 + 31 + 29 },               /* 2000 is a leap year (divisible by 400) */
	{ "2024-02-29", 19723 + 31 + 28 },
	{ "2025-03-31", 20089 + 31 + 28 + 30 },          /* 2025-01-01 = 20089 */
	{ "2025-04-01", 20089 + 31 + 28 + 31 },
	{ "2020-02-30", -1 },
	{ "2023-02-29", -1 },                            /* not a leap year */
	{ "1900-02-29", -1 },                            /* divisible by 100, not by 400 */
	{ "2025-13-01", -1 },
	{ "2025-4-01", -1 },
	{ "2025/04/01", -1 },
	{ "", -1 },
};

START_TEST(test_day)
{
	const struct day_case *c = &day_cases[_i];
	long day = -7;
	int rc = kaigo_due_day(c->date, &day);

	if (c->day < 0) {
		ck_assert_int_eq(rc, -1);
	} else {
		char back[11];

		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(day, c->day);
		kaigo_due_date(day, back);
		ck_assert_str_eq(back, c->date);
	}
}
END_TEST

/* The anchors of the table: 2000-01-01 is day 10957 (30 years, 7 of them
   leap: 1972 ... 1996), 2024-01-01 is 19723 (54 years, 13 leap), 2025-01-01
   is 20089 (55 years, 14 leap). */
START_TEST(test_day_anchors)
{
	long d;

	ck_assert_int_eq(kaigo_due_day("2000-01-01", &d), 0);
	ck_assert_int_eq(d, 30 * 365 + 7);
	ck_assert_int_eq(kaigo_due_day("2024-01-01", &d), 0);
	ck_assert_int_eq(d, 54 * 365 + 13);
	ck_assert_int_eq(kaigo_due_day("2025-01-01", &d), 0);
	ck_assert_int_eq(d, 55 * 365 + 14);
}
END_TEST

/* every day from 1999 to 2031 comes back as itself, one after the other */
START_TEST(test_day_round_trip)
{
	long d, first, last;
	char s[11];

	ck_assert_int_eq(kaigo_due_day("1999-01-01", &first), 0);
	ck_assert_int_eq(kaigo_due_day("2031-12-31", &last), 0);
	ck_assert_int_eq(last - first + 1, 33 * 365 + 8); /* 2000 2004 ... 2028: 8 leap years */
	for (d = first; d <= last; d++) {
		long back;

		kaigo_due_date(d, s);
		ck_assert_int_eq(kaigo_due_day(s, &back), 0);
		ck_assert_int_eq(back, d);
	}
}
END_TEST

static struct kaigo_sch_finding finding(const char *status, const char *date)
{
	static const char *ids[] = { "due-obligation", "due-subject", "due-date", "due-status" };
	struct kaigo_sch_finding f;

	memset(&f, 0, sizeof(f));
	f.id = "cp.due-x-overdue";
	f.text = "届出: 期限を過ぎている。";
	f.basis = "基準第13条";
	f.file = "in.xml";
	f.line = 7;
	f.record = 2;
	f.ndiags = 4;
	memcpy(f.diag_id, ids, sizeof(ids));
	f.diag_text[0] = "cp.due-x";
	f.diag_text[1] = "1370100016 0000000001";
	f.diag_text[2] = date;
	f.diag_text[3] = status;
	return f;
}

START_TEST(test_read)
{
	struct kaigo_sch_finding f = finding("overdue", "2024-02-29");
	struct kaigo_obligation o;

	ck_assert_int_eq(kaigo_obligation_read(&f, &o), 1);
	ck_assert_str_eq(o.id, "cp.due-x");
	ck_assert_str_eq(o.subject, "1370100016 0000000001");
	ck_assert_str_eq(o.due, "2024-02-29");
	ck_assert_int_eq(o.status, KAIGO_DUE_OVERDUE);
	ck_assert_str_eq(o.rule, "cp.due-x-overdue");
	ck_assert_str_eq(o.basis, "基準第13条");
	ck_assert_int_eq(o.line, 7);
	/* malformed: a broken rule */
	f = finding("late", "2024-02-29");
	ck_assert_int_eq(kaigo_obligation_read(&f, &o), -1);
	f = finding("due", "2023-02-29");
	ck_assert_int_eq(kaigo_obligation_read(&f, &o), -1);
	f = finding("due", "");
	ck_assert_int_eq(kaigo_obligation_read(&f, &o), -1);
	/* no due-date diagnostic: not an obligation */
	f = finding("due", "2024-02-29");
	f.ndiags = 2;
	ck_assert_int_eq(kaigo_obligation_read(&f, &o), 0);
}
END_TEST

START_TEST(test_keep)
{
	struct kaigo_due_filter flt = { "2026-01-20", -1, 0, NULL };
	struct kaigo_obligation o;

	memset(&o, 0, sizeof(o));
	o.subject = "1370100016 0000000001 2025-12-10";
	o.due = "2026-02-03"; /* 14 days after 2026-01-20 */
	o.status = KAIGO_DUE_DUE;
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 1);
	flt.within = 14;
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 1);
	flt.within = 13;
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 0);
	o.due = "2024-02-29";
	o.status = KAIGO_DUE_OVERDUE; /* overdue: always within */
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 1);
	o.status = KAIGO_DUE_DONE; /* done: never */
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 0);
	flt.within = -1;
	flt.statuses = 1u << KAIGO_DUE_OVERDUE;
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 0);
	flt.statuses = 0;
	flt.subject = "1370100016";
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 1);
	flt.subject = "137010001"; /* a prefix of the number is another number */
	ck_assert_int_eq(kaigo_due_keep(&flt, &o), 0);
}
END_TEST

START_TEST(test_uid)
{
	char a[300], b[300], c[300];

	kaigo_due_uid("cp.due-x", "1370100016 1", a, sizeof(a));
	kaigo_due_uid("cp.due-x", "1370100016 1", b, sizeof(b));
	kaigo_due_uid("cp.due-x", "1370100016 2", c, sizeof(c));
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
	ck_assert(strncmp(a, "cp.due-x-", 9) == 0);
	ck_assert(strstr(a, "@kaigo") != NULL);
	/* the pair, not the concatenation: "ab"+"c" differs from "a"+"bc" */
	kaigo_due_uid("ab", "c", b, sizeof(b));
	kaigo_due_uid("a", "bc", c, sizeof(c));
	ck_assert_str_ne(b + 3, c + 2);
}
END_TEST

Suite *kaigo_suite_obligations(void)
{
	Suite *s = suite_create("obligations");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_day, 0, (int)(sizeof(day_cases) / sizeof(day_cases[0])));
	tcase_add_test(tc, test_day_anchors);
	tcase_add_test(tc, test_day_round_trip);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_keep);
	tcase_add_test(tc, test_uid);
	suite_add_tcase(s, tc);
	return s;
}
