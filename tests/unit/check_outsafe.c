/*
 * check_outsafe.c - unit tests of the link and CSV-cell safety (lib/outsafe.c).
 *
 * Tables of URLs with the verdict a browser's reading calls for (WHATWG:
 * controls and spaces around the value and tabs/line breaks inside it are
 * ignored; schemes are case-insensitive), and of CSV texts with the text
 * OWASP's rule gives (an apostrophe before a cell beginning with
 * = + - @ TAB CR, and before one beginning with an apostrophe so that the
 * rule can be undone).  The round-trip test reads the neutralised text
 * with the library's CSV reader and drops one leading apostrophe per cell.
 */
#include <check.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/outsafe.h"

Suite *kaigo_suite_outsafe(void);

static const struct {
	const char *url;
	int ok;
} urls[] = {
	{ "https://www.kaigokensaku.mhlw.go.jp/", 1 },
	{ "http://example.org/a.pdf", 1 },
	{ "HTTPS://EXAMPLE.ORG/", 1 },
	{ "mailto:info@example.org", 1 },
	{ "2091001236-2024.html", 1 },
	{ "#site", 1 },
	{ "//example.org/x", 1 },
	{ "a/b:c", 1 },
	{ "?q=javascript:x", 1 },
	{ "", 1 },
	{ "javascript:alert(1)", 0 },
	{ "JavaScript:alert(1)", 0 },
	{ "  javascript:alert(1)", 0 },
	{ "\x01javascript:alert(1)", 0 },
	{ "java\tscript:alert(1)", 0 },
	{ "java\nscript:alert(1)", 0 },
	{ "java\rscript:alert(1)", 0 },
	{ "vbscript:msgbox(1)", 0 },
	{ "data:text/html;base64,PHNjcmlwdD4=", 0 },
	{ "file:///etc/passwd", 0 },
	{ "ftp://example.org/", 0 },
};

START_TEST(test_url)
{
	ck_assert_msg(kaigo_outsafe_url_ok(urls[_i].url) == urls[_i].ok, "%s: expected %d", urls[_i].url,
		      urls[_i].ok);
}
END_TEST

static const struct {
	const char *in, *out;
	long changed;
} cells[] = {
	{ "\"a\",\"b\"\r\n", "\"a\",\"b\"\r\n", 0 },
	{ "\"=1+1\",\"x\"\r\n", "\"'=1+1\",\"x\"\r\n", 1 },
	{ "\"x\",\"+1\",\"-1\",\"@A1\"\r\n", "\"x\",\"'+1\",\"'-1\",\"'@A1\"\r\n", 3 },
	{ "\"\t=1\",\"\r=1\"\r\n", "\"'\t=1\",\"'\r=1\"\r\n", 2 },
	{ "=1,b,-2\n", "'=1,b,'-2\n", 2 },
	{ "\"'x\",'y\r\n", "\"''x\",''y\r\n", 2 },
	{ "\"\",\"\"\"=\",\"a=b\"\r\n", "\"\",\"\"\"=\",\"a=b\"\r\n", 0 },
	{ "\"a\r\n=b\",\"c\"\r\n\"=d\"\r\n", "\"a\r\n=b\",\"c\"\r\n\"'=d\"\r\n", 1 },
	{ ",,\r\n=", ",,\r\n'=", 1 },
	{ "\"\xe2\x88\x92\"", "\"\xe2\x88\x92\"", 0 },
};

START_TEST(test_csv)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	long n = kaigo_outsafe_csv(cells[_i].in, strlen(cells[_i].in), &b);

	ck_assert_int_eq(n, cells[_i].changed);
	ck_assert_uint_eq(b.len, strlen(cells[_i].out));
	ck_assert_msg(memcmp(b.data, cells[_i].out, b.len) == 0, "case %d: got '%.*s'", _i, (int)b.len, b.data);
	kaigo_buf_release(&b);
}
END_TEST

/* One line source over a string. */
struct src {
	const char *p;
	size_t len, pos;
};

static int next_line(void *ctx, const char **line, size_t *len)
{
	struct src *s = ctx;
	const char *nl;

	if (s->pos >= s->len)
		return 0;
	*line = s->p + s->pos;
	nl = memchr(*line, '\n', s->len - s->pos);
	*len = nl ? (size_t)(nl - *line) + 1 : s->len - s->pos;
	s->pos += *len;
	return 1;
}

/* Every value written as a quoted cell, neutralised, read back: the reader's rule undoes it. */
START_TEST(test_round_trip)
{
	static const char *const values[] = {
		"=HYPERLINK(\"http://x/\",\"y\")", "+81", "-", "-1", "@SUM(A1)", "\t=1", "\r=1",
		"'", "''", "'=1", "普通の文", "a=b", "", "\"=1\"", "1\r\n2",
	};
	size_t nv = sizeof(values) / sizeof(values[0]);
	struct kaigo_buf csv = KAIGO_BUF_INIT, safe = KAIGO_BUF_INIT;
	struct src s;
	struct kaigo_line_source ls = { next_line, &s };
	struct kaigo_csv_reader *r;
	const struct kaigo_csv_record *rec;
	size_t i;

	for (i = 0; i < nv; i++) {
		if (i)
			kaigo_buf_addch(&csv, ',');
		kaigo_csv_put_field(&csv, values[i], strlen(values[i]), 1);
	}
	kaigo_buf_add(&csv, "\r\n", 2);
	ck_assert_int_eq(kaigo_outsafe_csv(csv.data, csv.len, &safe), 10);
	s.p = safe.data;
	s.len = safe.len;
	s.pos = 0;
	r = kaigo_csv_reader_new(&ls, "t.csv", 0, NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_RECORD);
	ck_assert_uint_eq(rec->nfields, nv);
	for (i = 0; i < nv; i++) {
		const char *d = rec->fields[i].data;
		size_t n = rec->fields[i].len;

		/* a formula sign never starts a cell as written */
		ck_assert_msg(!n || !strchr("=+-@\t\r", d[0]), "cell %zu starts with a formula sign", i);
		if (n && d[0] == '\'') { /* the reader's rule */
			d++;
			n--;
		}
		ck_assert_uint_eq(n, strlen(values[i]));
		ck_assert_msg(memcmp(d, values[i], n) == 0, "cell %zu", i);
	}
	kaigo_csv_reader_free(r);
	kaigo_buf_release(&csv);
	kaigo_buf_release(&safe);
}
END_TEST

Suite *kaigo_suite_outsafe(void)
{
	Suite *s = suite_create("outsafe");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_url, 0, (int)(sizeof(urls) / sizeof(urls[0])));
	tcase_add_loop_test(tc, test_csv, 0, (int)(sizeof(cells) / sizeof(cells[0])));
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
