/*
 * codec.c - encodings through ICU converters (see include/kaigo/codec.h).
 *
 * Decoding uses ICU's MBCS table to UTF-16 and our own UTF-16 to UTF-8
 * loop, which also flags NUL and private-use characters in passing.  The
 * stop callback makes ICU halt at the first bad
 * sequence instead of substituting U+FFFD, so the caller can name it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "kaigo/codec.h"

struct kaigo_codec {
	enum kaigo_enc enc;   /* the non-UTF-8 side */
	UConverter *cnv;      /* owned; the encoding's converter */
	UChar *u16;           /* owned scratch for encoding */
	size_t cap16;         /* UChars in u16 */
};

static const struct {
	const char *name;
	enum kaigo_enc enc;
} aliases[] = {
	{ "utf-8", KAIGO_ENC_UTF8 }, { "utf8", KAIGO_ENC_UTF8 },
	{ "cp932", KAIGO_ENC_CP932 }, { "windows-31j", KAIGO_ENC_CP932 },
	{ "ms932", KAIGO_ENC_CP932 }, { "shift_jis", KAIGO_ENC_CP932 },
	{ "shift-jis", KAIGO_ENC_CP932 }, { "sjis", KAIGO_ENC_CP932 },
	{ "euc-jp", KAIGO_ENC_EUCJP }, { "eucjp", KAIGO_ENC_EUCJP },
};

int kaigo_codec_parse(const char *name, enum kaigo_enc *enc)
{
	size_t i;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(name, aliases[i].name) == 0) {
			*enc = aliases[i].enc;
			return 0;
		}
	return -1;
}

const char *kaigo_codec_name(enum kaigo_enc enc)
{
	return enc == KAIGO_ENC_CP932 ? "cp932" : enc == KAIGO_ENC_EUCJP ? "euc-jp" : "utf-8";
}

struct kaigo_codec *kaigo_codec_new(enum kaigo_enc enc, char *err, size_t errsz)
{
	struct kaigo_codec *c = calloc(1, sizeof(*c));
	UErrorCode e = U_ZERO_ERROR;
	/* explicit, unambiguous ICU names: windows-31j is the Microsoft table */
	const char *icu = enc == KAIGO_ENC_CP932 ? "windows-31j" :
			  enc == KAIGO_ENC_EUCJP ? "EUC-JP" : "UTF-8";

	if (!c) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	c->enc = enc;
	c->cnv = ucnv_open(icu, &e);
	if (U_SUCCESS(e))
		ucnv_setToUCallBack(c->cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	if (U_SUCCESS(e))
		ucnv_setFromUCallBack(c->cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	if (U_FAILURE(e)) {
		snprintf(err, errsz, "ICU has no converter for '%s': %s", icu, u_errorName(e));
		kaigo_codec_free(c);
		return NULL;
	}
	return c;
}

void kaigo_codec_free(struct kaigo_codec *c)
{
	if (!c)
		return;
	if (c->cnv)
		ucnv_close(c->cnv);
	free(c->u16);
	free(c);
}

int kaigo_codec_decode(struct kaigo_codec *c, const char *src, size_t n, struct kaigo_buf *out,
		       size_t *bad_off, size_t *bad_len)
{
	UErrorCode e = U_ZERO_ERROR;
	const char *s = src;
	UChar *t;
	size_t units, i;
	unsigned char *o;
	int suspect = 0;

	/* a CP932 or EUC-JP byte never gives more than one UTF-16 unit */
	if (n > 0x20000000)
		goto fail;
	if (c->cap16 < n + 1) {
		UChar *p = realloc(c->u16, (n + 1) * sizeof(UChar));

		if (!p)
			goto fail;
		c->u16 = p;
		c->cap16 = n + 1;
	}
	t = c->u16;
	ucnv_resetToUnicode(c->cnv);
	ucnv_toUnicode(c->cnv, &t, c->u16 + c->cap16, &s, src + n, NULL, 1, &e);
	if (U_FAILURE(e)) {
		char bad[8];
		int8_t len = sizeof(bad);
		UErrorCode e2 = U_ZERO_ERROR;

		ucnv_getInvalidChars(c->cnv, bad, &len, &e2);
		if (U_FAILURE(e2) || len < 1)
			len = 1;
		*bad_len = (size_t)len;
		*bad_off = (size_t)(s - src) >= (size_t)len ? (size_t)(s - src) - (size_t)len : 0;
		ucnv_resetToUnicode(c->cnv);
		return -1;
	}
	/*
	 * UTF-16 to UTF-8 here rather than in ICU, so that the same pass can
	 * notice NUL and private-use characters (外字), which the normalizer
	 * must reject: most lines then need no second look.
	 */
	units = (size_t)(t - c->u16);
	if (kaigo_buf_grow(out, units * 3) < 0)
		goto fail;
	o = (unsigned char *)out->data + out->len;
	for (i = 0; i < units; i++) {
		UChar32 u = c->u16[i];

		if (u < 0x80) {
			suspect |= u == 0;
			*o++ = (unsigned char)u;
		} else if (u < 0x800) {
			*o++ = (unsigned char)(0xC0 | (u >> 6));
			*o++ = (unsigned char)(0x80 | (u & 0x3F));
		} else if (U16_IS_LEAD(u) && i + 1 < units && U16_IS_TRAIL(c->u16[i + 1])) {
			u = U16_GET_SUPPLEMENTARY(u, c->u16[i + 1]);
			i++;
			suspect |= u >= 0xF0000;
			*o++ = (unsigned char)(0xF0 | (u >> 18));
			*o++ = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
			*o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
			*o++ = (unsigned char)(0x80 | (u & 0x3F));
		} else {
			suspect |= (u >= 0xE000 && u <= 0xF8FF) || U16_IS_SURROGATE(u);
			*o++ = (unsigned char)(0xE0 | (u >> 12));
			*o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
			*o++ = (unsigned char)(0x80 | (u & 0x3F));
		}
	}
	out->len = (size_t)((char *)o - out->data);
	out->data[out->len] = '\0';
	return suspect;
fail:
	*bad_off = 0;
	*bad_len = 0;
	return -1;
}

enum kaigo_enc kaigo_codec_enc(const struct kaigo_codec *c)
{
	return c->enc;
}

unsigned long kaigo_codec_fold_cp932(unsigned long cp)
{
	switch (cp) {
	case 0x301C: return 0xFF5E; /* WAVE DASH → FULLWIDTH TILDE */
	case 0x2212: return 0xFF0D; /* MINUS SIGN → FULLWIDTH HYPHEN-MINUS */
	case 0x2014: return 0x2015; /* EM DASH → HORIZONTAL BAR */
	case 0x2016: return 0x2225; /* DOUBLE VERTICAL LINE → PARALLEL TO */
	case 0x00A2: return 0xFFE0; /* CENT SIGN */
	case 0x00A3: return 0xFFE1; /* POUND SIGN */
	case 0x00AC: return 0xFFE2; /* NOT SIGN */
	case 0x00A5: return 0xFFE5; /* YEN SIGN: 0x5C is '\' in CP932 */
	default: return cp;
	}
}

long kaigo_codec_encode(struct kaigo_codec *c, const char *s, size_t n, struct kaigo_buf *out,
			size_t *bad_off, unsigned long *bad_cp)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0, i, olen;
	long bad = 0;
	size_t start = out->len;

	if (n > 0x20000000)
		return -1;
	if (c->cap16 < n + 1) {
		UChar *p = realloc(c->u16, (n + 1) * sizeof(UChar));

		if (!p)
			return -1;
		c->u16 = p;
		c->cap16 = n + 1;
	}
	u_strFromUTF8(c->u16, (int32_t)c->cap16, &len, s, (int32_t)n, &e);
	if (U_FAILURE(e))
		return -1;
	/* ICU's EUC-JP uses the same Microsoft-style mappings (0xA1C1 is
	   U+FF5E), so the same folding applies to both */
	if (c->enc == KAIGO_ENC_CP932 || c->enc == KAIGO_ENC_EUCJP)
		for (i = 0; i < len; i++)
			c->u16[i] = (UChar)kaigo_codec_fold_cp932(c->u16[i]);
	/* CP932 and EUC-JP need at most 3 bytes per UTF-16 unit */
	if (kaigo_buf_grow(out, (size_t)len * 3 + 16) < 0)
		return -1;
	olen = ucnv_fromUChars(c->cnv, out->data + out->len, (int32_t)(out->cap - out->len), c->u16, len, &e);
	if (U_SUCCESS(e)) {
		out->len += (size_t)olen;
		out->data[out->len] = '\0';
		return 0;
	}
	/* slow path: one character at a time, to name and replace the bad ones */
	ucnv_resetFromUnicode(c->cnv);
	out->len = start;
	{
		size_t u8off = 0;

		for (i = 0; i < len;) {
			UChar32 cp;
			int32_t j = i, w;
			char tmp[8];

			U16_NEXT(c->u16, j, len, cp);
			e = U_ZERO_ERROR;
			w = ucnv_fromUChars(c->cnv, tmp, sizeof(tmp), c->u16 + i, j - i, &e);
			if (U_FAILURE(e)) {
				ucnv_resetFromUnicode(c->cnv);
				if (!bad) {
					*bad_off = u8off;
					*bad_cp = (unsigned long)cp;
				}
				bad++;
				tmp[0] = '?';
				w = 1;
			}
			if (kaigo_buf_add(out, tmp, (size_t)w) < 0)
				return -1;
			u8off += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
			i = j;
		}
	}
	return bad;
}
