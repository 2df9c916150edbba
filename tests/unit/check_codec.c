/*
 * check_codec.c - encodings: the CP932 table (Microsoft, not JIS), the
 * folding of JIS-style code points before CP932 output, located errors.
 * Expected bytes are from the CP932 code chart (domain/careplan.md §8).
 */
#include <check.h>
#include <string.h>

#include "kaigo/codec.h"
#include "suites.h"

struct dec_row {
	const char *in;       /* CP932 bytes */
	const char *out;      /* expected UTF-8 */
};

static const struct dec_row dec_rows[] = {
	{ "\x81\x60", "\xef\xbd\x9e" },        /* 〜 0x8160 → U+FF5E (not U+301C) */
	{ "\x81\x5c", "\xe2\x80\x95" },        /* 0x815C → U+2015 */
	{ "\x81\x7c", "\xef\xbc\x8d" },        /* 0x817C → U+FF0D */
	{ "\x81\x91\x81\x92\x81\xca", "\xef\xbf\xa0\xef\xbf\xa1\xef\xbf\xa2" },
	{ "\x87\x40", "\xe2\x91\xa0" },        /* ① NEC row 13 */
	{ "\x87\x8a", "\xe3\x88\xb1" },        /* ㈱ */
	{ "\xfa\x55", "\xef\xbf\xa4" },        /* ￤ IBM extension */
	{ "\xed\x40", "\xe7\xba\x8a" },        /* 纊 NEC-selected IBM */
	{ "\xfb\xfc", "\xe9\xab\x99" },        /* 髙 */
	{ "\x5c", "\\" },                      /* 0x5C is a backslash, not ¥ */
	{ "\x95\x5c\x83\x5c", "表ソ" },         /* 0x5C trail bytes */
	{ "\xb6\xde", "ｶﾞ" },                  /* half-width katakana stay half-width here */
};

START_TEST(test_decode)
{
	char err[128];
	struct kaigo_codec *c = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t off, len;
	const struct dec_row *r = &dec_rows[_i];

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(kaigo_codec_decode(c, r->in, strlen(r->in), &out, &off, &len), 0);
	ck_assert_str_eq(out.data, r->out);
	kaigo_buf_release(&out);
	kaigo_codec_free(c);
}
END_TEST

struct bad_row {
	const char *in;
	size_t n;
	size_t off;           /* expected offset of the bad sequence */
};

static const struct bad_row bad_rows[] = {
	{ "ab\x81\x20zz", 6, 2 },       /* lead byte followed by an invalid trail */
	{ "\x82\xa0\x82", 3, 2 },       /* truncated at the end */
	{ "abc\xa0", 4, 3 },            /* 0xA0 is not a CP932 character */
	{ "\x82\xa0\xfd", 3, 2 },
};

START_TEST(test_decode_invalid)
{
	char err[128];
	struct kaigo_codec *c = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t off = 99, len = 0;
	const struct bad_row *r = &bad_rows[_i];

	ck_assert_int_eq(kaigo_codec_decode(c, r->in, r->n, &out, &off, &len), -1);
	ck_assert_uint_eq(off, r->off);
	ck_assert_uint_ge(len, 1);
	ck_assert_uint_eq(out.len, 0);
	/* the converter recovers: a good block decodes after a bad one */
	ck_assert_int_eq(kaigo_codec_decode(c, "\x82\xa0", 2, &out, &off, &len), 0);
	ck_assert_str_eq(out.data, "あ");
	kaigo_buf_release(&out);
	kaigo_codec_free(c);
}
END_TEST

START_TEST(test_encode_folding)
{
	char err[128];
	struct kaigo_codec *c = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t off = 0;
	unsigned long cp = 0;
	/* JIS-style code points fold to their CP932 twins */
	const char *in = "〜−—‖¢£¬¥表①";
	const char want[] = "\x81\x60\x81\x7c\x81\x5c\x81\x61\x81\x91\x81\x92\x81\xca\x81\x8f\x95\x5c\x87\x40";

	ck_assert_int_eq(kaigo_codec_encode(c, in, strlen(in), &out, &off, &cp), 0);
	ck_assert_uint_eq(out.len, sizeof(want) - 1);
	ck_assert_mem_eq(out.data, want, out.len);
	kaigo_buf_release(&out);
	kaigo_codec_free(c);
}
END_TEST

START_TEST(test_encode_unmappable)
{
	char err[128];
	struct kaigo_codec *c = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t off = 0;
	unsigned long cp = 0;
	const char *in = "令和㋿年𠮷x";  /* ㋿ U+32FF and 𠮷 U+20BB7 are not in CP932 */

	ck_assert_int_eq(kaigo_codec_encode(c, in, strlen(in), &out, &off, &cp), 2);
	ck_assert_uint_eq(off, 6);
	ck_assert_uint_eq(cp, 0x32FF);
	ck_assert_uint_eq(out.len, 4 + 1 + 2 + 1 + 1);
	ck_assert_mem_eq(out.data, "\x97\xdf\x98\x61?\x94\x4e?x", out.len);
	kaigo_buf_release(&out);
	kaigo_codec_free(c);
}
END_TEST

START_TEST(test_eucjp_round_trip)
{
	char err[128];
	struct kaigo_codec *c = kaigo_codec_new(KAIGO_ENC_EUCJP, err, sizeof(err));
	struct kaigo_buf enc = KAIGO_BUF_INIT, dec = KAIGO_BUF_INIT;
	size_t off;
	unsigned long cp;
	size_t len;
	const char *in = "介護保険ｶﾅ";

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(kaigo_codec_encode(c, in, strlen(in), &enc, &off, &cp), 0);
	ck_assert_mem_eq(enc.data, "\xb2\xf0\xb8\xee\xca\xdd\xb8\xb1\x8e\xb6\x8e\xc5", 12);
	ck_assert_int_eq(kaigo_codec_decode(c, enc.data, enc.len, &dec, &off, &len), 0);
	ck_assert_str_eq(dec.data, in);
	kaigo_buf_release(&enc);
	kaigo_buf_release(&dec);
	kaigo_codec_free(c);
}
END_TEST

START_TEST(test_names)
{
	enum kaigo_enc e;

	ck_assert_int_eq(kaigo_codec_parse("Shift_JIS", &e), 0);
	ck_assert_int_eq(e, KAIGO_ENC_CP932);
	ck_assert_int_eq(kaigo_codec_parse("windows-31j", &e), 0);
	ck_assert_int_eq(e, KAIGO_ENC_CP932);
	ck_assert_int_eq(kaigo_codec_parse("EUC-JP", &e), 0);
	ck_assert_int_eq(e, KAIGO_ENC_EUCJP);
	ck_assert_int_eq(kaigo_codec_parse("utf8", &e), 0);
	ck_assert_int_eq(e, KAIGO_ENC_UTF8);
	ck_assert_int_eq(kaigo_codec_parse("latin1", &e), -1);
	ck_assert_str_eq(kaigo_codec_name(KAIGO_ENC_CP932), "cp932");
}
END_TEST

Suite *kaigo_suite_codec(void)
{
	Suite *s = suite_create("codec");
	TCase *t = tcase_create("cp932");

	tcase_add_loop_test(t, test_decode, 0, (int)(sizeof(dec_rows) / sizeof(dec_rows[0])));
	tcase_add_loop_test(t, test_decode_invalid, 0, (int)(sizeof(bad_rows) / sizeof(bad_rows[0])));
	tcase_add_test(t, test_encode_folding);
	tcase_add_test(t, test_encode_unmappable);
	tcase_add_test(t, test_eucjp_round_trip);
	tcase_add_test(t, test_names);
	suite_add_tcase(s, t);
	return s;
}
