/*
 * check_outenc.c - kaigo-publish's output encodings: names, the BOM, CP932
 * bytes with the JIS-style folding, and every unmappable character named
 * with its place.  Expected bytes are from the CP932 code chart
 * (domain/careplan.md §8): 〜 0x8160, － 0x817C, ￥ 0x818F, 事 0x8E96.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kaigo/outenc.h"
#include "suites.h"

struct name_row {
	const char *name;
	int ok;
	enum kaigo_outenc_kind kind;
};

static const struct name_row name_rows[] = {
	{ "utf-8", 1, KAIGO_OUTENC_UTF8 },
	{ "UTF-8", 1, KAIGO_OUTENC_UTF8 },
	{ "utf-8-bom", 1, KAIGO_OUTENC_UTF8_BOM },
	{ "cp932", 1, KAIGO_OUTENC_CP932 },
	{ "CP932", 1, KAIGO_OUTENC_CP932 },
	{ "latin1", 0, KAIGO_OUTENC_UTF8 },
	{ "utf-16", 0, KAIGO_OUTENC_UTF8 },
	{ "", 0, KAIGO_OUTENC_UTF8 },
};

START_TEST(test_names)
{
	const struct name_row *r = &name_rows[_i];
	enum kaigo_outenc_kind k = KAIGO_OUTENC_UTF8;

	ck_assert_int_eq(kaigo_outenc_parse(r->name, &k), r->ok ? 0 : -1);
	if (r->ok)
		ck_assert_int_eq(k, r->kind);
}
END_TEST

START_TEST(test_preamble)
{
	size_t n;
	const char *p = kaigo_outenc_preamble(KAIGO_OUTENC_UTF8_BOM, &n);

	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(memcmp(p, "\xEF\xBB\xBF", 3), 0);
	kaigo_outenc_preamble(KAIGO_OUTENC_UTF8, &n);
	ck_assert_uint_eq(n, 0);
	kaigo_outenc_preamble(KAIGO_OUTENC_CP932, &n);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* Diagnostics collected as "rule|message" lines. */
static char seen[2048];

static void collect(void *ctx, const struct kaigo_diag *d)
{
	size_t k = strlen(seen);

	(void)ctx;
	snprintf(seen + k, sizeof(seen) - k, "%s:%lu|%s|%s\n", d->file, d->line, d->rule, d->message);
}

START_TEST(test_cp932_bytes)
{
	char err[128];
	struct kaigo_outenc *e = kaigo_outenc_new(KAIGO_OUTENC_CP932, err, sizeof(err));
	struct kaigo_diag_sink sink = { collect, NULL, 0, 0 };
	struct kaigo_buf out = KAIGO_BUF_INIT;
	/* 〜 U+301C, − U+2212, ¥ U+00A5 are folded; 事 maps directly */
	const char *in = "\xE3\x80\x9C\xE2\x88\x92\xC2\xA5\xE4\xBA\x8B,a\r\n";

	ck_assert_ptr_nonnull(e);
	seen[0] = '\0';
	ck_assert_int_eq(kaigo_outenc_convert(e, in, strlen(in), &out, "f.xml", 3, &sink), 0);
	ck_assert_uint_eq(out.len, 12);
	ck_assert_int_eq(memcmp(out.data, "\x81\x60\x81\x7C\x81\x8F\x8E\x96,a\r\n", 12), 0);
	ck_assert_str_eq(seen, "");
	kaigo_buf_release(&out);
	kaigo_outenc_free(e);
}
END_TEST

START_TEST(test_cp932_unmappable)
{
	char err[128];
	struct kaigo_outenc *e = kaigo_outenc_new(KAIGO_OUTENC_CP932, err, sizeof(err));
	struct kaigo_diag_sink sink = { collect, NULL, 0, 0 };
	struct kaigo_buf out = KAIGO_BUF_INIT;
	/* line 1: a 𠮷 (U+20BB7, column 2) b; line 2: 事 한 (U+D55C, column 2) */
	const char *in = "a\xF0\xA0\xAE\xB7" "b\n\xE4\xBA\x8B\xED\x95\x9C";

	ck_assert_ptr_nonnull(e);
	seen[0] = '\0';
	ck_assert_int_eq(kaigo_outenc_convert(e, in, strlen(in), &out, "f.xml", 7, &sink), 2);
	ck_assert_uint_eq(sink.errors, 2);
	ck_assert_ptr_nonnull(strstr(seen, "f.xml:7|publish.unmappable|U+20BB7 '\xF0\xA0\xAE\xB7' cannot be written "
					   "in cp932 (output line 1, column 2 in characters"));
	ck_assert_ptr_nonnull(strstr(seen, "f.xml:7|publish.unmappable|U+D55C '\xED\x95\x9C' cannot be written "
					   "in cp932 (output line 2, column 2 in characters"));
	kaigo_buf_release(&out);
	kaigo_outenc_free(e);
}
END_TEST

START_TEST(test_utf8_unchanged)
{
	char err[128];
	struct kaigo_outenc *e = kaigo_outenc_new(KAIGO_OUTENC_UTF8_BOM, err, sizeof(err));
	struct kaigo_buf out = KAIGO_BUF_INIT;
	const char *in = "\xF0\xA0\xAE\xB7\xE3\x80\x9C";

	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(kaigo_outenc_convert(e, in, strlen(in), &out, "f", 1, NULL), 0);
	ck_assert_str_eq(out.data, in); /* no folding, no BOM: the caller writes the preamble */
	kaigo_buf_release(&out);
	kaigo_outenc_free(e);
}
END_TEST

Suite *kaigo_suite_outenc(void)
{
	Suite *s = suite_create("outenc");
	TCase *t = tcase_create("outenc");

	tcase_add_loop_test(t, test_names, 0, (int)(sizeof(name_rows) / sizeof(name_rows[0])));
	tcase_add_test(t, test_preamble);
	tcase_add_test(t, test_cp932_bytes);
	tcase_add_test(t, test_cp932_unmappable);
	tcase_add_test(t, test_utf8_unchanged);
	suite_add_tcase(s, t);
	return s;
}
