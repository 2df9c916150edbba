/*
 * check_diag.c - the diagnostic record's two renderings and the counters,
 * and the translation of messages (text only; jsonl stays English).
 */
#include <check.h>
#include <errno.h>
#include <libintl.h>
#include <locale.h>
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

static char last_msg[256], last_tr[256];

static void keep_cb(void *ctx, const struct kaigo_diag *d)
{
	(void)ctx;
	snprintf(last_msg, sizeof(last_msg), "%s", d->message);
	snprintf(last_tr, sizeof(last_tr), "%s", d->translated ? d->translated : "(none)");
}

/* The expected Japanese is po/ja.po's; the catalogue is the build tree's
   (make check builds it and runs the runner from the top of the tree). */
START_TEST(test_translation)
{
	struct kaigo_diag_sink sink = { keep_cb, NULL, 0, 0 };
	struct kaigo_diag d = { KAIGO_SEV_ERROR, "a.xml", 2, 0, -1, 3, NULL, "io.open", "out of memory" };
	char *s;

	setenv("LANGUAGE", "ja", 1);
	ck_assert_ptr_nonnull(setlocale(LC_MESSAGES, "C.UTF-8"));
	ck_assert_ptr_nonnull(bindtextdomain("kaigo", "po/locale"));
	bind_textdomain_codeset("kaigo", "UTF-8");

	/* formatted twice: the English message and its translation; errno
	   text English in both, whatever LC_MESSAGES says */
	kaigo_diag_report(&sink, KAIGO_SEV_ERROR, "a.xml", 0, 0, "io.open", "cannot open '%s': %s",
			  "a.xml", kaigo_diag_strerror(ENOENT));
	ck_assert_str_eq(last_msg, "cannot open 'a.xml': No such file or directory");
	ck_assert_str_eq(last_tr, "'a.xml' を開けません: No such file or directory");
	/* a message the catalogue does not hold (a rule's own) has no translation */
	kaigo_diag_report(&sink, KAIGO_SEV_ERROR, "a.xml", 0, 0, "x", "%s", "契約前の説明がない");
	ck_assert_str_eq(last_msg, "契約前の説明がない");
	ck_assert_str_eq(last_tr, "(none)");

	/* a fixed message is looked up when rendered as text; jsonl is English */
	s = render(&d, 0);
	ck_assert_str_eq(s, "a.xml:2: エラー: メモリが不足しています (レコード 3) [io.open]\n");
	free(s);
	s = render(&d, 1);
	ck_assert_str_eq(s, "{\"file\":\"a.xml\",\"line\":2,\"column\":0,\"record\":3,"
			    "\"severity\":\"error\",\"rule\":\"io.open\",\"message\":\"out of memory\"}\n");
	free(s);
	/* the location, in the words of the catalogue */
	d.xpath = "/a/b[2]";
	d.record = 12045;
	s = render(&d, 0);
	ck_assert_str_eq(s, "a.xml:2: エラー: メモリが不足しています (レコード 12045) (位置 /a/b[2]) [io.open]\n");
	free(s);
	d.xpath = NULL;
	d.record = 3;
	/* an empty message is not looked up (its translation is the header) */
	d.message = "";
	d.record = 0;
	s = render(&d, 0);
	ck_assert_str_eq(s, "a.xml:2: エラー:  [io.open]\n");
	free(s);

	setlocale(LC_MESSAGES, "C");
	unsetenv("LANGUAGE");
	d.message = "out of memory";
	s = render(&d, 0);
	ck_assert_str_eq(s, "a.xml:2: error: out of memory [io.open]\n");
	free(s);
	d.xpath = "/a/b[2]";
	d.record = 7;
	d.column = 9;
	d.basis = "基準第4条";
	s = render(&d, 0);
	ck_assert_str_eq(s, "a.xml:2:9: error: out of memory (record 7) at /a/b[2] [io.open; 基準第4条]\n");
	free(s);
}
END_TEST

Suite *kaigo_suite_diag(void)
{
	Suite *s = suite_create("diag");
	TCase *t = tcase_create("render");

	tcase_add_test(t, test_text);
	tcase_add_test(t, test_jsonl);
	tcase_add_test(t, test_sink_counts);
	tcase_add_test(t, test_translation);
	suite_add_tcase(s, t);
	return s;
}
