/*
 * canon.c - the canonical matching text of the privacy checks (see
 * include/kaigo/canon.h).
 *
 * The text is decoded once into an array of code points, each with the
 * original byte range it stands for (one NFKC decomposition gives several
 * code points with the same range; a voicing mark composed into the kana
 * before it widens that kana's range).  The number rules (kanji numerals,
 * O/l among digits, separators) are then passes over that array, each
 * linear, and the result is encoded to UTF-8 with the per-byte map.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "kaigo/canon.h"

struct cp {
	UChar32 c;     /* the code point; 0 = removed by a later pass */
	size_t s, e;   /* the original bytes it stands for */
};

struct cps {
	struct cp *v;
	size_t n, cap;
};

static int push_grow(struct cps *a)
{
	size_t cap = a->cap ? a->cap * 2 : 64;
	struct cp *nv = realloc(a->v, cap * sizeof(*nv));

	if (!nv)
		return -1;
	a->v = nv;
	a->cap = cap;
	return 0;
}

static inline int push(struct cps *a, UChar32 c, size_t s, size_t e)
{
	if (a->n == a->cap && push_grow(a) < 0)
		return -1;
	a->v[a->n].c = c;
	a->v[a->n].s = s;
	a->v[a->n].e = e;
	a->n++;
	return 0;
}

static const UNormalizer2 *nfkc(void)
{
	static const UNormalizer2 *n;
	UErrorCode err = U_ZERO_ERROR;

	if (!n)
		n = unorm2_getNFKCInstance(&err);
	return U_SUCCESS(err) ? n : NULL;
}

static const UNormalizer2 *nfc(void)
{
	static const UNormalizer2 *n;
	UErrorCode err = U_ZERO_ERROR;

	if (!n)
		n = unorm2_getNFCInstance(&err);
	return U_SUCCESS(err) ? n : NULL;
}

#define TEN 0x110000   /* 十 alone, written as "10" (above every code point) */
#define SPACE 0x110001 /* white space: a separator between digits, else removed */

/* White space (line breaks included). */
static int space(UChar32 c)
{
	return c < 0x80 ? c <= 0x20 : u_isUWhiteSpace(c);
}

/* Removed from the matching text: format and ignorable characters, marks. */
static int dropped(UChar32 c)
{
	int8_t t;

	if (c < 0x80)
		return c < 0x20 || c == 0x7F;
	if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
		return 1;
	t = (int8_t)u_charType(c);
	return t == U_FORMAT_CHAR || t == U_CONTROL_CHAR ||
	       ((t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK) && c != 0x3099 && c != 0x309A);
}

/*
 * Characters of the BMP that are their own NFKC form, kept, not white
 * space and no voicing mark (、。「」（ and most of what a Japanese text is
 * made of): 1 when known to be such, 2 when known not to be, 0 not yet
 * known.  Filled as characters are met; a process-wide cache of answers
 * that never change (the tools are single-threaded processes).
 */
static unsigned char inert[0x10000];

static int add_char_slow(struct cps *a, UChar32 c, size_t s, size_t e);

/* One original character (at [s, e)) into the array, as its NFKC form. */
static int add_char(struct cps *a, UChar32 c, size_t s, size_t e)
{
	/* kana and the common kanji are their own NFKC form and never dropped */
	if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF))
		return push(a, c, s, e);
	if (c >= 0x80 && c < 0x10000) {
		if (inert[c] == 1)
			return push(a, c, s, e);
		if (!inert[c]) {
			size_t before = a->n;
			int r = add_char_slow(a, c, s, e);

			inert[c] = r == 0 && a->n == before + 1 && a->v[before].c == c && a->v[before].s == s &&
					   a->v[before].e == e && c != 0x3099 && c != 0x309A ? 1 : 2;
			return r;
		}
	}
	return add_char_slow(a, c, s, e);
}

static int add_char_slow(struct cps *a, UChar32 c, size_t s, size_t e)
{
	const UNormalizer2 *nf = nfkc();
	UChar src[2], d[32];
	int32_t sl = 0, dl, q = 0;
	UErrorCode err = U_ZERO_ERROR;

	if (space(c))
		return push(a, SPACE, s, e);
	if (c < 0x80 || !nf)
		return dropped(c) ? 0 : push(a, c, s, e);
	U16_APPEND_UNSAFE(src, sl, c);
	dl = unorm2_normalize(nf, src, sl, d, 32, &err);
	if (U_FAILURE(err))
		return dropped(c) ? 0 : push(a, c, s, e);
	while (q < dl) {
		UChar32 x;

		U16_NEXT(d, q, dl, x);
		if ((x == 0x3099 || x == 0x309A) && a->n && a->v[a->n - 1].e <= s) {
			/* ﾞ/ﾟ or a combining voicing mark: one kana with the one before (ﾀﾞ → ダ) */
			UChar32 comp = nfc() ? unorm2_composePair(nfc(), a->v[a->n - 1].c, x) : -1;

			if (comp >= 0) {
				a->v[a->n - 1].c = comp;
				a->v[a->n - 1].e = e;
				continue;
			}
		}
		if (space(x))
			x = SPACE;
		else if (dropped(x))
			continue;
		if (push(a, x, s, e) < 0)
			return -1;
	}
	return 0;
}

static int digit(UChar32 c)
{
	return c >= '0' && c <= '9';
}

static int latin(UChar32 c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The value of a kanji numeral 〇…九 (0-9), 10 for 十, -1 otherwise. */
static int kanji_digit(UChar32 c)
{
	if (c < 0x3007 || c > 0x96F6)
		return -1; /* ASCII, kana and most kanji at once */
	switch (c) {
	case 0x3007: case 0x96F6: return 0; /* 〇 零 */
	case 0x4E00: return 1;              /* 一 */
	case 0x4E8C: return 2;              /* 二 */
	case 0x4E09: return 3;              /* 三 */
	case 0x56DB: return 4;              /* 四 */
	case 0x4E94: return 5;              /* 五 */
	case 0x516D: return 6;              /* 六 */
	case 0x4E03: return 7;              /* 七 */
	case 0x516B: return 8;              /* 八 */
	case 0x4E5D: return 9;              /* 九 */
	case 0x5341: return 10;             /* 十 */
	}
	return -1;
}

/*
 * May c be a kanji numeral: a quick test on the low bits of the code
 * point (a bit per value of c & 255), exact with kanji_digit after it.
 * The 12 numerals have 12 different low bytes; other characters pass
 * only if they share one.
 */
static inline int maybe_kanji_digit(UChar32 c)
{
	/* 07 F6 00 8C 09 DB 94 6D 03 6B 5D 41: the low bytes of 〇 零 一 二 三 四 五 六 七 八 九 十 */
	static const uint64_t low[4] = {
		(1ull << 0x07) | (1ull << 0x00) | (1ull << 0x09) | (1ull << 0x03),
		(1ull << (0x6D - 64)) | (1ull << (0x6B - 64)) | (1ull << (0x5D - 64)) | (1ull << (0x41 - 64)),
		(1ull << (0x8C - 128)) | (1ull << (0x94 - 128)),
		(1ull << (0xF6 - 192)) | (1ull << (0xDB - 192)),
	};

	return c >= 0x3007 && c <= 0x96F6 && (low[(c & 0xFF) >> 6] >> (c & 63) & 1);
}

/* The code point before index i, skipping white space, or 0. */
static UChar32 before(const struct cps *a, size_t i)
{
	while (i > 0)
		if (a->v[--i].c != SPACE)
			return a->v[i].c;
	return 0;
}

/* The code point from index i on, skipping white space, or 0. */
static UChar32 from(const struct cps *a, size_t i)
{
	for (; i < a->n; i++)
		if (a->v[i].c != SPACE)
			return a->v[i].c;
	return 0;
}


static int era_end(const struct cps *a, size_t i)
{
	/* 明治 大正 昭和 平成 令和 end in 治 正 和 成 和, or 元年's 年 context: 年 before 月 */
	UChar32 c = before(a, i);

	return c == 0x6CBB || c == 0x6B63 || c == 0x548C || c == 0x6210 || c == 0x5E74 || c == 0x6708 ||
	       digit(c);
}

static int separator(UChar32 c);

/* Is the run [i, j) next to a number: an ASCII digit, or one across a single separator? */
static int by_number(const struct cps *a, size_t i, size_t j)
{
	UChar32 b = before(a, i), f = from(a, j);
	size_t k;

	if (digit(b) || digit(f))
		return 1;
	if (separator(f)) {
		for (k = j; k < a->n && (a->v[k].c == SPACE || separator(a->v[k].c)); k++)
			;
		if (k < a->n && digit(a->v[k].c))
			return 1;
	}
	if (separator(b)) {
		for (k = i; k > 0 && (a->v[k - 1].c == SPACE || separator(a->v[k - 1].c)); k--)
			;
		if (k > 0 && digit(a->v[k - 1].c))
			return 1;
	}
	return 0;
}

/*
 * Kanji numerals as digits in number contexts.  A run [i, j) of numerals:
 * without 十, each one a digit; with 十 (a value of 1-99 written
 * positionally: 十, 十一, 二十, 二十三), the value's digits, mapped onto
 * the run's characters.  Pass 0 reads the runs of three or more, those
 * next to a digit and those in a date; pass 1 then the runs of two next to
 * a number across a separator (〇三ー1234: the area code of 〇三ー一二三四).
 * Returns whether a run without 十 of two or more was left as it was: the
 * runs pass 1 reads are those of pass 0 it left, so without one pass 1
 * has nothing to do.
 */
static int kanji_numbers(struct cps *a, int pass)
{
	size_t i = 0, j, k;
	int left = 0; /* a run pass 1 may read was left as it is */

	while (i < a->n) {
		int tens = 0, ok = 1, len, ctx;
		UChar32 next;

		if (!maybe_kanji_digit(a->v[i].c) || kanji_digit(a->v[i].c) < 0) {
			i++;
			continue;
		}
		for (j = i; j < a->n && kanji_digit(a->v[j].c) >= 0; j++)
			tens += kanji_digit(a->v[j].c) == 10;
		len = (int)(j - i);
		next = from(a, j);
		if (pass == 1) {
			ctx = !tens && len >= 2 && by_number(a, i, j);
		} else {
			/* in a date: 年 after an era or digits, 月 after 年, 日 after 月 */
			ctx = (next == 0x5E74 || next == 0x6708 || next == 0x65E5 || next == 0x751F) && era_end(a, i);
			if (!tens)
				ctx = ctx || len >= 3 || digit(before(a, i)) || digit(next);
		}
		if (tens) {
			/* [d]十[d] only */
			int v0 = kanji_digit(a->v[i].c);

			if (tens > 1 || len > 3)
				ok = 0;
			else if (len == 1)
				ok = v0 == 10;
			else if (len == 2)
				ok = (v0 == 10 && kanji_digit(a->v[i + 1].c) > 0) ||
				     (v0 > 1 && v0 < 10 && kanji_digit(a->v[i + 1].c) == 10);
			else
				ok = v0 > 1 && v0 < 10 && kanji_digit(a->v[i + 1].c) == 10 && kanji_digit(a->v[i + 2].c) > 0 &&
				     kanji_digit(a->v[i + 2].c) < 10;
		}
		if (!ctx || !ok) {
			left |= !tens && len >= 2;
			i = j;
			continue;
		}
		if (!tens) {
			for (k = i; k < j; k++)
				a->v[k].c = '0' + kanji_digit(a->v[k].c);
		} else if (len == 1) {         /* 十 → 10: two digits from one character, expanded when written */
			a->v[i].c = TEN;
		} else if (len == 2 && kanji_digit(a->v[i].c) == 10) { /* 十一 → 11 */
			a->v[i].c = '1';
			a->v[i + 1].c = '0' + kanji_digit(a->v[i + 1].c);
		} else if (len == 2) {         /* 二十 → 20 */
			a->v[i].c = '0' + kanji_digit(a->v[i].c);
			a->v[i + 1].c = '0';
		} else {                       /* 二十三 → 23: 十 removed, its bytes join the tens digit */
			a->v[i].c = '0' + kanji_digit(a->v[i].c);
			a->v[i].e = a->v[i + 1].e;
			a->v[i + 1].c = 0;
			a->v[i + 2].c = '0' + kanji_digit(a->v[i + 2].c);
		}
		i = j;
	}
	return left;
}

static int zero_like(UChar32 c)
{
	return c == 'O' || c == 'o';
}

static int one_like(UChar32 c)
{
	return c == 'l' || c == 'I';
}

/* O/o/l/I inside a run of digits that no other Latin letter touches. */
static void letter_digits(struct cps *a)
{
	size_t i = 0, j, k;

	while (i < a->n) {
		int has_digit = 0, has_letter = 0;
		UChar32 c = a->v[i].c;

		if (!digit(c) && !zero_like(c) && !one_like(c)) {
			i++;
			continue;
		}
		for (j = i; j < a->n && (digit(a->v[j].c) || zero_like(a->v[j].c) || one_like(a->v[j].c)); j++) {
			has_digit |= digit(a->v[j].c);
			has_letter |= !digit(a->v[j].c);
		}
		if (has_digit && has_letter && !latin(i ? a->v[i - 1].c : 0) && !latin(j < a->n ? a->v[j].c : 0))
			for (k = i; k < j; k++)
				if (!digit(a->v[k].c))
					a->v[k].c = zero_like(a->v[k].c) ? '0' : '1';
		i = j;
	}
}

static int separator(UChar32 c)
{
	switch (c) {
	case '-': case '.': case '/': case ':': case '_': case '~':
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
	case 0x30FC: case 0x301C: case 0x3030: case 0x30FB: case 0xFF65: case 0x3001: case 0x3002:
	case 0x306E: /* の */
	case 0x2043: case 0x2027: case 0x00B7: case 0x2022: case 0x2219: case 0x22C5: case 0xFE58:
		return 1;
	}
	return 0;
}

/*
 * A run of separators and white space between two digits becomes one '-'
 * standing for the whole run, or one ' ' when the run is only white space
 * (080 1234 5678; two numbers side by side stay apart).  White space
 * anywhere else goes.
 */
static void separators(struct cps *a)
{
	size_t i = 1, j, k;

	while (i < a->n) {
		int sep = 0;

		if (!digit(a->v[i - 1].c) || !(a->v[i].c == SPACE || separator(a->v[i].c))) {
			i++;
			continue;
		}
		for (j = i; j < a->n && (separator(a->v[j].c) || a->v[j].c == SPACE); j++)
			sep |= a->v[j].c != SPACE;
		if (j < a->n && digit(a->v[j].c)) {
			a->v[i].c = sep ? '-' : ' ';
			a->v[i].e = a->v[j - 1].e;
			for (k = i + 1; k < j; k++)
				a->v[k].c = 0;
		}
		i = j;
	}
}

/* Room for ncap bytes of text and map. */
static int grow(struct kaigo_canon *c, size_t *cap, size_t ncap)
{
	char *nt;
	size_t *nf, *nto;

	if (ncap > SIZE_MAX / 2 / sizeof(*nf) || !(nt = realloc(c->text, ncap)))
		return -1;
	c->text = nt;
	if (!(nf = realloc(c->from, ncap * sizeof(*nf))))
		return -1;
	c->from = nf;
	if (!(nto = realloc(c->to, ncap * sizeof(*nto))))
		return -1;
	c->to = nto;
	*cap = ncap;
	return 0;
}

/* Append x's UTF-8 bytes, each standing for [s, e); the caller made room for them. */
static void put(struct kaigo_canon *c, UChar32 x, size_t s, size_t e)
{
	uint8_t u[4];
	int32_t ul = 0;
	UBool bad = 0;

	if (x < 0x80) { /* most of a text: one byte */
		u[0] = (uint8_t)x;
		ul = 1;
	} else {
		U8_APPEND(u, ul, 4, x, bad);
		if (bad)
			return;
	}
	for (int32_t k = 0; k < ul; k++) {
		c->text[c->len] = (char)u[k];
		c->from[c->len] = s;
		c->to[c->len] = e;
		c->len++;
	}
}

/* Bytes of x in UTF-8, at most: 4 for the markers (TEN, SPACE) above every code point. */
static size_t u8_bytes(UChar32 x)
{
	return x < 0x80 ? 1 : x < 0x800 ? 2 : x < 0x10000 ? 3 : 4;
}

int kaigo_canon_make(struct kaigo_canon *c, const char *s, size_t n)
{
	struct cps a = { NULL, 0, 0 };
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, cap = 0, need = 1;

	memset(c, 0, sizeof(*c));
	/* a code point per byte at most, but for the rare NFKC expansions
	   (㍻ → 平成): sized once, grown only then */
	if (n && n < SIZE_MAX / 2 / sizeof(*a.v)) {
		if (!(a.v = malloc(n * sizeof(*a.v))))
			goto oom;
		a.cap = n;
	}
	while (i < n) {
		size_t at = i, before = a.n;
		int other = 0; /* decoded by ICU: 2 or 4 bytes, or ill-formed */
		UChar32 x;

		if (u[i] < 0x80) {
			x = u[i++];
		} else if ((u[i] & 0xF0) == 0xE0 && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80 &&
			   (u[i] != 0xE0 || u[i + 1] >= 0xA0) && (u[i] != 0xED || u[i + 1] < 0xA0)) {
			/* three bytes, well-formed (not overlong, no surrogate): most of a Japanese text */
			x = (UChar32)(u[i] & 0x0F) << 12 | (UChar32)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
			i += 3;
		} else {
			int32_t j = 0, len32 = (int32_t)(n - i > INT32_MAX ? INT32_MAX : n - i);

			U8_NEXT(u + i, j, len32, x);
			i += (size_t)j;
			if (x < 0)
				x = 0xFFFD;
			other = 1;
		}
		if (add_char(&a, x, at, i) < 0)
			goto oom;
		/* the output's size, at most: a well-formed character kept as it
		   is takes its own bytes, and the passes below only shorten one
		   (a numeral to a digit, 十 to "10"); an NFKC form, U+FFFD for
		   ill-formed bytes, or a voicing mark composed into the kana
		   before it (which may lengthen that one) are counted apart */
		need += i - at;
		if (other || a.n != before + 1 || a.v[before].c != x) {
			for (size_t k = before; k < a.n; k++)
				need += u8_bytes(a.v[k].c);
			need += 3;
		}
	}
	if (kanji_numbers(&a, 0))
		kanji_numbers(&a, 1);
	letter_digits(&a);
	separators(&a);
	if (grow(c, &cap, need) < 0)
		goto oom;
	c->len = 0;
	for (i = 0; i < a.n; i++) {
		UChar32 x = a.v[i].c;
		size_t from = a.v[i].s, to = a.v[i].e, k = c->len;

		if (!x || x == SPACE)
			continue;
		if (x < 0x80) {
			c->text[k] = (char)x;
			c->from[k] = from;
			c->to[k] = to;
			c->len = k + 1;
		} else if (x >= 0x800 && x < 0x10000 && (x < 0xD800 || x > 0xDFFF)) { /* kana, kanji: three bytes */
			c->text[k] = (char)(0xE0 | x >> 12);
			c->text[k + 1] = (char)(0x80 | (x >> 6 & 0x3F));
			c->text[k + 2] = (char)(0x80 | (x & 0x3F));
			c->from[k] = c->from[k + 1] = c->from[k + 2] = from;
			c->to[k] = c->to[k + 1] = c->to[k + 2] = to;
			c->len = k + 3;
		} else if (x == TEN) { /* 十 alone: 10 */
			put(c, '1', from, to);
			put(c, '0', from, to);
		} else {
			put(c, x, from, to);
		}
	}
	c->text[c->len] = '\0';
	c->from[c->len] = n;
	c->to[c->len] = n;
	free(a.v);
	return 0;
oom:
	free(a.v);
	kaigo_canon_release(c);
	return -1;
}

void kaigo_canon_span(const struct kaigo_canon *c, size_t cs, size_t ce, size_t *os, size_t *oe)
{
	size_t s = c->from[cs], e = c->to[ce - 1];

	/* a range's bytes may come from characters out of order (a composed
	   kana, a tens digit): take the widest */
	for (size_t k = cs; k < ce; k++) {
		if (c->from[k] < s)
			s = c->from[k];
		if (c->to[k] > e)
			e = c->to[k];
	}
	*os = s;
	*oe = e;
}

void kaigo_canon_release(struct kaigo_canon *c)
{
	free(c->text);
	free(c->from);
	free(c->to);
	memset(c, 0, sizeof(*c));
}
