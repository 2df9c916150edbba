/*
 * check_diag.c - the diagnostic record's two renderings and the counters.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/diag.h"
#include "suites.h"

static char *render(const struct kaigo_diag *d, int jsonl)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (jsonl)
		kaigo_diag_write_jsonl(f, d);
	else
		kaigo_diag_write_text(f, d);
	fclose(f);
	return buf;
}

START_TEST(test_text)
{
	struct kaigo_diag d = { KAIGO_SEV_ERROR, "a.csv", 3, 7, 42, 0, NULL, "norm.date",
				"'平成31年2月29日' is not a valid date" };
	char *s = render(&d, 0);

	ck_assert_str_eq(s, "a.csv:3:7: error: '平成31年2月29日' is not a valid date [norm.date]\n");
	free(s);
	d.file = "-";
	d.column = 0;
	d.severity = KAIGO_SEV_WARNING;
	d.rule = NULL;
	s = render(&d, 0);
	ck_assert_str_eq(s, "<stdin>:3: warning: '平成31年2月29日' is not a valid date\n");
	free(s);
}
END_TEST

START_TEST(test_jsonl)
{
	struct kaigo_diag d = { KAIGO_SEV_ERROR, "x\"y.xml", 2, 5, -1, 4, "/a/b[2]", "xml.parse",
				"tab\there \\ \"quoted\"\x01" };
	char *s = render(&d, 1);

	ck_assert_str_eq(s, "{\"file\":\"x\\\"y.xml\",\"line\":2,\"column\":5,\"record\":4,"
			    "\"xpath\":\"/a/b[2]\",\"severity\":\"error\",\"rule\":\"xml.parse\","
			    "\"message\":\"tab\\there \\\\ \\\"quoted\\\"\\u0001\"}\n");
	free(s);
}
END_TEST

static int seen;

static void count_cb(void *ctx, const struct kaigo_diag *d)
{
	(void)ctx;
	(void)d;
	seen++;
}

START_TEST(test_sink_counts)
{
	struct kaigo_diag_sink sink = { count_cb, NULL, 0, 0 };

	seen = 0;
	kaigo_diag_report(&sink, KAIGO_SEV_ERROR, "f", 1, 1, "r", "n=%d", 1);
	kaigo_diag_report(&sink, KAIGO_SEV_WARNING, "f", 1, 1, "r", "w");
	kaigo_diag_report(&sink, KAIGO_SEV_NOTE, "f", 1, 1, "r", "n");
	ck_assert_uint_eq(sink.errors, 1);
	ck_assert_uint_eq(sink.warnings, 1);
	ck_assert_int_eq(seen, 3);
	kaigo_diag_report(NULL, KAIGO_SEV_ERROR, "f", 1, 1, "r", "dropped");
}
END_TEST

Suite *kaigo_suite_diag(void)
{
	Suite *s = suite_create("diag");
	TCase *t = tcase_create("render");

	tcase_add_test(t, test_text);
	tcase_add_test(t, test_jsonl);
	tcase_add_test(t, test_sink_counts);
	suite_add_tcase(s, t);
	return s;
}
