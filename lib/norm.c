/*
 * norm.c - the fast path of the normalization profiles.
 *
 * One pass over UTF-8 with a 64 KiB class table for the BMP.  The table is
 * built from ICU at start (NFC quick-check property, NFKC decompositions
 * of the half-width kana), so the fast path and the ICU definition in
 * normicu.c share their data; what the fast path does by hand is limited
 * to the few context rules (spaces, dashes between digits, voiced marks),
 * and a property test over generated text checks those against ICU.
 *
 * Any NFC "maybe" character (a combining mark that might compose) sends the
 * whole value to ICU: it is rare in Japanese data and composition is the
 * one thing not worth redoing by hand.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uset.h>
#include <unicode/utf8.h>

#include "kaigo/era.h"
#include "kaigo/i18n.h"
#include "norm_int.h"

static const char *const names[KAIGO_NORM_NPROFILES] = {
	"none", "jp", "nfkc", "name", "kana", "digits", "date", "phone", "postal"
};

int kaigo_norm_profile_parse(const char *name, enum kaigo_norm_profile *p)
{
	int i;

	for (i = 0; i < KAIGO_NORM_NPROFILES; i++)
		if (strcmp(name, names[i]) == 0) {
			*p = (enum kaigo_norm_profile)i;
			return 0;
		}
	return -1;
}

const char *kaigo_norm_profile_name(enum kaigo_norm_profile p)
{
	return (unsigned)p < KAIGO_NORM_NPROFILES ? names[p] : "?";
}

static int is_dash(UChar32 c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC ||
	       c == 0x2500 || c == 0x2501 || c == 0xFE63 || c == 0x2043;
}

struct kaigo_norm *kaigo_norm_new(enum kaigo_norm_profile p, char *err, size_t errsz)
{
	struct kaigo_norm *nz;
	UErrorCode e = U_ZERO_ERROR;
	UChar32 c;

	if ((unsigned)p >= KAIGO_NORM_NPROFILES) {
		snprintf(err, errsz, "unknown profile");
		return NULL;
	}
	nz = calloc(1, sizeof(*nz));
	if (!nz || !(nz->cls = calloc(0x10000, 1))) {
		free(nz);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	nz->profile = p;
	nz->nfc = unorm2_getNFCInstance(&e);
	nz->nfkc = unorm2_getNFKCInstance(&e);
	if (U_FAILURE(e)) {
		snprintf(err, errsz, "ICU normalizer data unavailable: %s", u_errorName(e));
		kaigo_norm_free(nz);
		return NULL;
	}
	{
		/*
		 * What the fast path leaves to ICU, taken from ICU as a set of
		 * ranges (far cheaper at start-up than asking per code point):
		 * NFC quick check "no" or "maybe", and every combining mark
		 * (ccc != 0), since marks that the quick check calls "yes" can
		 * still arrive out of canonical order, which NFC would fix
		 * (found by fuzzing: U+0332 U+0334).
		 */
		USet *set = uset_openEmpty(), *part = uset_openEmpty();
		int32_t i, items;

		uset_applyIntPropertyValue(part, UCHAR_NFC_QUICK_CHECK, UNORM_NO, &e);
		uset_addAll(set, part);
		uset_applyIntPropertyValue(part, UCHAR_NFC_QUICK_CHECK, UNORM_MAYBE, &e);
		uset_addAll(set, part);
		uset_applyIntPropertyValue(part, UCHAR_CANONICAL_COMBINING_CLASS, 0, &e);
		uset_complement(part);
		uset_addAll(set, part);
		uset_close(part);
		items = U_SUCCESS(e) ? uset_getItemCount(set) : 0;
		for (i = 0; i < items; i++) {
			UChar32 lo, hi;
			UErrorCode e2 = U_ZERO_ERROR;

			if (uset_getItem(set, i, &lo, &hi, NULL, 0, &e2) != 0)
				continue; /* a string, not a range */
			for (c = lo; c <= hi && c < 0x10000; c++)
				nz->cls[c] = C_MAYBE;
		}
		uset_close(set);
		if (U_FAILURE(e)) {
			snprintf(err, errsz, "ICU property data unavailable: %s", u_errorName(e));
			kaigo_norm_free(nz);
			return NULL;
		}
		/* compatibility ideographs are name variants: kept, never folded */
		memset(nz->cls + 0xF900, C_COPY, 0xFAFF - 0xF900 + 1);
		for (c = 0; c < 0x80; c++)
			nz->cls[c] = C_COPY;
	}
	nz->cls[0xA0] = nz->cls[0x3000] = C_SPACE;
	for (c = 0xFF01; c <= 0xFF5D; c++)
		nz->cls[c] = C_FWASCII;
	for (c = 0xFF61; c <= 0xFF9D; c++)
		nz->cls[c] = C_HWKANA;
	nz->cls[0xFF9E] = nz->cls[0xFF9F] = C_VOICED;
	for (c = 0x2010; c <= 0x2501; c++)
		if (is_dash(c))
			nz->cls[c] = C_DASH;
	nz->cls[0xFE63] = nz->cls[0x30FC] = C_DASH;
	for (c = 0xE000; c <= 0xF8FF; c++)
		nz->cls[c] = C_PUA;
	if (p == KAIGO_NORM_KANA) {
		for (c = 0x3041; c <= 0x3096; c++)
			nz->cls[c] = C_HIRA;
		nz->cls[0x309D] = nz->cls[0x309E] = C_HIRA;
	}
	if (p == KAIGO_NORM_POSTAL)
		nz->cls[0x3012] = C_POSTMARK;
	/* half-width kana: take the full-width form from ICU's NFKC data */
	for (c = 0xFF61; c <= 0xFF9F; c++) {
		UChar d[4];
		int32_t n = unorm2_getRawDecomposition(nz->nfkc, c, d, 4, &e);

		nz->hw[c - 0xFF61] = (U_SUCCESS(e) && n == 1) ? d[0] : (UChar)c;
		e = U_ZERO_ERROR;
	}
	return nz;
}

void kaigo_norm_free(struct kaigo_norm *nz)
{
	if (!nz)
		return;
	kaigo_norm_icu_release(nz);
	free(nz->cls);
	free(nz);
}

/* Decode one code point at s[i..n); returns its length, 0 if invalid. */
static inline size_t decode(const unsigned char *s, size_t i, size_t n, UChar32 *cp)
{
	unsigned char b = s[i];

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		if (i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			*cp = ((UChar32)(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
			return 2;
		}
		return 0;
	}
	if (b >= 0xE0 && b <= 0xEF) {
		if (i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			UChar32 c = ((UChar32)(b & 0x0F) << 12) | ((UChar32)(s[i + 1] & 0x3F) << 6) |
				    (s[i + 2] & 0x3F);

			if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
				return 0;
			*cp = c;
			return 3;
		}
		return 0;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		if (i + 3 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
		    (s[i + 3] & 0xC0) == 0x80) {
			UChar32 c = ((UChar32)(b & 0x07) << 18) | ((UChar32)(s[i + 1] & 0x3F) << 12) |
				    ((UChar32)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);

			if (c < 0x10000 || c > 0x10FFFF)
				return 0;
			*cp = c;
			return 4;
		}
	}
	return 0;
}

static unsigned long column_of(const char *s, size_t off)
{
	unsigned long col = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* The issue's message from an English format, and its translation. */
__attribute__((format(printf, 2, 3)))
static void issue_msg(struct kaigo_norm_issue *issue, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(issue->message, sizeof(issue->message), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(issue->translated, sizeof(issue->translated), _(fmt), ap);
	va_end(ap);
}

/* Where the issue is and which rule; the caller then sets the message. */
static int set_issue(struct kaigo_norm_issue *issue, const char *s, size_t off, const char *rule)
{
	issue->offset = off;
	issue->column = column_of(s, off);
	issue->rule = rule;
	return -1;
}

static int is_pua(UChar32 c)
{
	return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

static int bad_char(const char *s, size_t i, UChar32 c, struct kaigo_norm_issue *issue)
{
	if (c == 0) {
		issue_msg(issue, "NUL character in text");
		return set_issue(issue, s, i, "norm.nul");
	}
	issue_msg(issue, "private-use character U+%04X (外字) is not allowed", (unsigned)c);
	return set_issue(issue, s, i, "norm.private-use");
}

int kaigo_norm_scan(const char *s, size_t n, struct kaigo_norm_issue *issue)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		UChar32 c;
		size_t k;

		if (u[i] >= 0x20 && u[i] < 0x80) {
			i++;
			continue;
		}
		k = decode(u, i, n, &c);
		if (!k) {
			issue_msg(issue, "invalid UTF-8 byte 0x%02X", u[i]);
			return set_issue(issue, s, i, "norm.invalid-utf8");
		}
		if (c == 0 || is_pua(c))
			return bad_char(s, i, c, issue);
		i += k;
	}
	return 0;
}

/* Encode c as UTF-8 at p; returns the length. */
static size_t put(char *p, UChar32 c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xC0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Is the code point at s[i] an ASCII or full-width digit? */
static int digit_at(const unsigned char *s, size_t i, size_t n)
{
	if (i >= n)
		return 0;
	if (s[i] >= '0' && s[i] <= '9')
		return 1;
	/* U+FF10-FF19 = EF BC 90-99 */
	return i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99;
}

/* What the fast loop does with spaces, tabs and separators, per profile. */
enum sep_mode {
	SEP_TRIM,      /* jp, kana: collapse spaces, trim at ends and around TAB */
	SEP_TRIM_TAB,  /* name: TAB is a space too */
	SEP_DROP,      /* digits, postal: drop spaces (and dashes for digits) */
	SEP_PHONE      /* phone: drop spaces, runs of dashes/parens become one '-' */
};

/*
 * The fast path.  Returns 1 if the value needs the ICU definition instead
 * (an NFC "maybe" character), 0 when done, -1 on an error (issue set).
 */
static int fast(struct kaigo_norm *nz, const char *s, size_t n, struct kaigo_buf *out,
		struct kaigo_norm_issue *issue)
{
	const unsigned char *u = (const unsigned char *)s;
	enum kaigo_norm_profile p = nz->profile;
	enum sep_mode mode = p == KAIGO_NORM_NAME ? SEP_TRIM_TAB :
			     p == KAIGO_NORM_DIGITS || p == KAIGO_NORM_POSTAL ? SEP_DROP :
			     p == KAIGO_NORM_PHONE ? SEP_PHONE : SEP_TRIM;
	char *o, *base;
	int pending = 0;     /* a space (or phone separator) waits to be written */
	int boundary = 1;    /* at the start of the value or just after a TAB */
	size_t last = (size_t)-1; /* output offset of the last code point written */
	UChar32 lastcp = 0;  /* that code point (0: none, or a space/TAB) */
	size_t i = 0;

	if (kaigo_buf_grow(out, n + 8) < 0) {
		issue_msg(issue, "out of memory");
		return set_issue(issue, s, 0, "norm.internal");
	}
	base = out->data + out->len;
	o = base;
	while (i < n) {
		UChar32 c;
		size_t k;
		unsigned char cl;

		if (u[i] < 0x80) {
			c = u[i];
			/* the common case: a plain ASCII character copied as it is */
			if (c > ' ' && (mode == SEP_TRIM || mode == SEP_TRIM_TAB ||
					(c != '-' && c != '(' && c != ')' && !(c >= 'a' && c <= 'z')))) {
				if (pending) {
					*o++ = mode == SEP_PHONE ? '-' : ' ';
					pending = 0;
				}
				boundary = 0;
				last = (size_t)(o - base);
				lastcp = c;
				*o++ = (char)c;
				i++;
				continue;
			}
			k = 1;
			cl = C_COPY;
		} else if (u[i] >= 0xE1 && u[i] <= 0xEC && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80) {
			/* three-byte characters (kana, kanji): copied without re-encoding when their
			   class says so; E0, ED (surrogates) and EE/EF (PUA, forms) take the long way */
			c = ((UChar32)(u[i] & 0x0F) << 12) | ((UChar32)(u[i + 1] & 0x3F) << 6) |
			    (u[i + 2] & 0x3F);
			k = 3;
			cl = nz->cls[c];
			if (cl == C_COPY) {
				if (pending) {
					*o++ = mode == SEP_PHONE ? '-' : ' ';
					pending = 0;
				}
				boundary = 0;
				last = (size_t)(o - base);
				lastcp = c;
				o[0] = (char)u[i];
				o[1] = (char)u[i + 1];
				o[2] = (char)u[i + 2];
				o += 3;
				i += 3;
				continue;
			}
		} else {
			k = decode(u, i, n, &c);
			if (!k) {
				issue_msg(issue, "invalid UTF-8 byte 0x%02X", u[i]);
				return set_issue(issue, s, i, "norm.invalid-utf8");
			}
			cl = c < 0x10000 ? nz->cls[c] : C_COPY;
			if (c >= 0x10000) {
				if (is_pua(c))
					return bad_char(s, i, c, issue);
				if ((c >= 0x2F800 && c <= 0x2FA1F) == 0 &&
				    (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES ||
				     u_getCombiningClass(c) != 0))
					cl = C_MAYBE;
			}
		}
		switch (cl) {
		case C_MAYBE:
			return 1;
		case C_PUA:
			return bad_char(s, i, c, issue);
		case C_FWASCII:
			c -= 0xFEE0;
			break;
		case C_HWKANA:
			c = nz->hw[c - 0xFF61];
			/* ｶﾞ → ガ: compose with a following voiced mark when ICU can */
			if (i + k + 2 < n && u[i + k] == 0xEF && u[i + k + 1] == 0xBE &&
			    (u[i + k + 2] == 0x9E || u[i + k + 2] == 0x9F)) {
				UChar32 m = u[i + k + 2] == 0x9E ? 0x3099 : 0x309A;
				UChar32 comp = unorm2_composePair(nz->nfc, c, m);

				if (comp >= 0) {
					c = comp;
					k += 3;
				}
			}
			if (c == 0x30FC)
				cl = C_DASH; /* ｰ became ー, which may sit between digits */
			break;
		case C_VOICED:
			c = c == 0xFF9E ? 0x3099 : 0x309A;
			if (lastcp && !pending) {
				UChar32 comp = unorm2_composePair(nz->nfc, lastcp, c);

				if (comp >= 0) {
					o = base + last;
					c = comp;
					break;
				}
				if (u_getCombiningClass(lastcp) != 0)
					return 1;
			}
			break;
		case C_HIRA:
			c += 0x60; /* ぁ-ゖ → ァ-ヶ, ゝゞ → ヽヾ */
			break;
		case C_POSTMARK:
			i += k;
			continue;
		default:
			break;
		}
		if (c == 0)
			return bad_char(s, i, c, issue);
		/* separators and spaces */
		if (c == ' ' || cl == C_SPACE || (c == '\t' && mode != SEP_TRIM)) {
			/* a kept space separates; a deleted one lets marks compose across it */
			if (mode == SEP_TRIM || mode == SEP_TRIM_TAB) {
				pending = !boundary;
				lastcp = 0;
			}
			i += k;
			continue;
		}
		if (c == '\t') {
			/* jp/kana: TAB is a field boundary; spaces around it go */
			pending = 0;
			boundary = 1;
			*o++ = '\t';
			lastcp = 0;
			i += k;
			continue;
		}
		if (cl == C_DASH || c == '-' ||
		    (mode == SEP_PHONE && (c == '(' || c == ')'))) {
			if (mode == SEP_DROP && p == KAIGO_NORM_DIGITS) {
				i += k;
				continue;
			}
			if (mode == SEP_PHONE) {
				pending = !boundary;
				lastcp = 0;
				i += k;
				continue;
			}
			if (cl == C_DASH && (mode == SEP_DROP ||
					     (o > base && !pending && o[-1] >= '0' && o[-1] <= '9' &&
					      digit_at(u, i + k, n))))
				c = '-';
		}
		if (pending) {
			*o++ = mode == SEP_PHONE ? '-' : ' ';
			pending = 0;
		}
		boundary = 0;
		if (p == KAIGO_NORM_DIGITS && c >= 'a' && c <= 'z')
			c -= 32;
		last = (size_t)(o - base);
		lastcp = c;
		o += put(o, c);
		i += k;
	}
	out->len += (size_t)(o - base);
	out->data[out->len] = '\0';
	return 0;
}

enum kaigo_norm_status kaigo_norm_finish_postal(struct kaigo_buf *out, size_t start,
						const char *in, size_t inlen,
						struct kaigo_norm_issue *issue)
{
	char *v = out->data + start;
	size_t n = out->len - start, i, digits = 0;

	for (i = 0; i < n; i++)
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
	if (n == 7 && digits == 7) {
		if (kaigo_buf_grow(out, 1) < 0)
			goto bad;
		v = out->data + start;
		memmove(v + 4, v + 3, 4);
		v[3] = '-';
		out->len++;
		out->data[out->len] = '\0';
		return KAIGO_NORM_OK;
	}
	if (n == 8 && digits == 7 && v[3] == '-')
		return KAIGO_NORM_OK;
bad:
	issue->offset = 0;
	issue->column = 1;
	issue->rule = "norm.postal";
	issue_msg(issue, "'%.*s' is not a 7-digit postal code", (int)(inlen > 60 ? 60 : inlen), in);
	out->len = start;
	out->data[start] = '\0';
	return KAIGO_NORM_ERROR;
}

/* Only spaces (ASCII, TAB, U+3000)? */
static int blank(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (i + 2 < n && (unsigned char)s[i] == 0xE3 &&
			 (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
			i += 3;
		else
			return 0;
	}
	return 1;
}

static enum kaigo_norm_status date_value(const char *s, size_t n, struct kaigo_buf *out,
					 struct kaigo_norm_issue *issue)
{
	struct kaigo_era_result r;
	char iso[16];
	size_t len;

	kaigo_era_parse(s, n, &r);
	if (r.status != KAIGO_ERA_OK && r.status != KAIGO_ERA_PAST_END) {
		set_issue(issue, s, r.error_offset < n ? r.error_offset : n, "norm.date");
		snprintf(issue->message, sizeof(issue->message), "'%.*s' is not a valid date: %s",
			 (int)(n > 60 ? 60 : n), s, r.detail[0] ? r.detail : r.message);
		snprintf(issue->translated, sizeof(issue->translated), _("'%.*s' is not a valid date: %s"),
			 (int)(n > 60 ? 60 : n), s, r.detail[0] ? r.detail_tr : _(r.message));
		return KAIGO_NORM_ERROR;
	}
	len = kaigo_era_format_iso(&r.date, iso);
	if (kaigo_buf_add(out, iso, len) < 0)
		return KAIGO_NORM_ERROR;
	if (r.status == KAIGO_ERA_PAST_END) {
		set_issue(issue, s, 0, "norm.era-past-end");
		issue_msg(issue, "'%.*s' lies past the end of its era; converted to %s",
			  (int)(n > 60 ? 60 : n), s, iso);
		return KAIGO_NORM_WARNING;
	}
	return KAIGO_NORM_OK;
}

enum kaigo_norm_status kaigo_norm_value(struct kaigo_norm *nz, const char *s, size_t n,
					struct kaigo_buf *out, struct kaigo_norm_issue *issue)
{
	size_t start = out->len;
	int r;

	switch (nz->profile) {
	case KAIGO_NORM_DATE:
		if (kaigo_norm_scan(s, n, issue) < 0)
			return KAIGO_NORM_ERROR;
		if (blank(s, n))
			return KAIGO_NORM_OK; /* an empty optional value stays empty */
		return date_value(s, n, out, issue);
	case KAIGO_NORM_NFKC:
		if (kaigo_norm_scan(s, n, issue) < 0)
			return KAIGO_NORM_ERROR;
		return kaigo_norm_icu_apply(nz, s, n, out, issue);
	case KAIGO_NORM_NONE:
		if (kaigo_norm_scan(s, n, issue) < 0)
			return KAIGO_NORM_ERROR;
		return kaigo_buf_add(out, s, n) < 0 ? KAIGO_NORM_ERROR : KAIGO_NORM_OK;
	default:
		break;
	}
	r = fast(nz, s, n, out, issue);
	if (r < 0) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return KAIGO_NORM_ERROR;
	}
	if (r > 0) {
		out->len = start;
		out->data[start] = '\0';
		if (kaigo_norm_scan(s, n, issue) < 0)
			return KAIGO_NORM_ERROR;
		return kaigo_norm_icu_apply(nz, s, n, out, issue);
	}
	if (nz->profile == KAIGO_NORM_POSTAL && out->len > start)
		return kaigo_norm_finish_postal(out, start, s, n, issue);
	return KAIGO_NORM_OK;
}

enum kaigo_norm_status kaigo_norm_value_valid(struct kaigo_norm *nz, const char *s, size_t n,
					      struct kaigo_buf *out, struct kaigo_norm_issue *issue)
{
	if (nz->profile != KAIGO_NORM_NONE)
		return kaigo_norm_value(nz, s, n, out, issue);
	return kaigo_buf_add(out, s, n) < 0 ? KAIGO_NORM_ERROR : KAIGO_NORM_OK;
}

enum kaigo_norm_status kaigo_norm_value_icu(struct kaigo_norm *nz, const char *s, size_t n,
					    struct kaigo_buf *out, struct kaigo_norm_issue *issue)
{
	if (kaigo_norm_scan(s, n, issue) < 0)
		return KAIGO_NORM_ERROR;
	if (nz->profile == KAIGO_NORM_DATE)
		return blank(s, n) ? KAIGO_NORM_OK : date_value(s, n, out, issue);
	return kaigo_norm_icu_apply(nz, s, n, out, issue);
}
