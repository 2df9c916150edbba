/*
 * era.c - Japanese era (和暦) and Western date parsing to ISO 8601.
 *
 * Legacy care data and the regulations themselves write dates in many
 * shapes: 平成30年10月1日, H30.10.1, 令和元年5月1日, H301001, the 7-digit
 * era code 3600214 (GYYMMDD, 1 明治 … 5 令和), 2018/10/1, 20181001, with
 * ASCII or full-width digits and stray spaces (「平成 33 年３月 31日」).
 * This module turns one such value into a proleptic Gregorian year, month
 * and day, and back into ISO 8601 or 和暦 text.
 *
 * Era boundaries follow JIS X 0301 (domain/careplan.md §7), not ICU: ICU
 * starts 明治 on 1868-09-08, JIS on 1868-01-25.  明治 dates before
 * 明治6年1月1日 (1873-01-01) are refused, because until then Japan used the
 * lunisolar calendar and a plain year offset would be wrong.
 *
 * The parser is a single left-to-right pass: a scanner turns the UTF-8
 * bytes into tokens (numbers, era designators, 年/月/日, separators) and a
 * small hand-written grammar consumes them.  Only the few code points the
 * grammar knows are decoded; everything else is the "first offending
 * character".  No locale, no time zone, no allocation, no sscanf: the
 * converter is called once per date field on large files (target ≥ 1 M
 * dates/s), and the same input must give the same answer everywhere.
 * Error text is only formatted on the error path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kaigo/era.h"
#include "kaigo/i18n.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/*
 * The first Gregorian day in Japan (明治6年1月1日).  Earlier dates are
 * refused both as era dates (lunisolar) and as Western dates (no care record
 * can refer to them, and the era table cannot render them).
 */
#define GREGORIAN_YEAR 1873

/* Longest number the scanner evaluates: YYYYMMDD.  Longer runs are errors. */
#define MAX_DIGITS 8

/* Bytes of the input shown in a detail message, so detail[96] never truncates. */
#define SHOW_MAX 24

/* One JIS X 0301 era.  Last day y1 == 0 means the era is still open. */
static const struct era {
	const char *name; /* UTF-8 kanji name, as written in 和暦 output */
	int y0, m0, d0;   /* first day (Gregorian) */
	int y1, m1, d1;   /* last day, or all 0 for the current era */
} eras[] = {
	{ "明治", 1868, 1, 25, 1912, 7, 29 },
	{ "大正", 1912, 7, 30, 1926, 12, 24 },
	{ "昭和", 1926, 12, 25, 1989, 1, 7 },
	{ "平成", 1989, 1, 8, 2019, 4, 30 },
	{ "令和", 2019, 5, 1, 0, 0, 0 },
};
#define NERAS ((int)(sizeof eras / sizeof eras[0]))

/* Indexes into eras[]; also the numeric era code minus one. */
enum { MEIJI, TAISHO, SHOWA, HEISEI, REIWA };

enum tok_kind {
	T_END,   /* end of input, after trailing spaces */
	T_NUM,   /* a run of ASCII and/or full-width digits */
	T_ERA,   /* era designator: 平成, 平, H, Ｈ, h … */
	T_GAN,   /* 元, as in 元年 (era year 1) */
	T_NEN,   /* 年 */
	T_GATSU, /* 月 */
	T_NICHI, /* 日 */
	T_SEP,   /* '.', '/' or '-', or a full-width / dash look-alike */
	T_BAD    /* anything else: the first offending character */
};

struct tok {
	enum tok_kind kind;
	size_t off;  /* byte offset of the token's first byte */
	size_t end;  /* byte offset just past the token */
	int val;     /* T_NUM: value of the first MAX_DIGITS digits;
			T_ERA: index into eras[]; T_SEP: '.', '/' or '-' */
	size_t ndig; /* T_NUM: number of digits (not bytes) */
};

struct parser {
	const unsigned char *s; /* the input */
	size_t n;               /* its length in bytes */
	size_t pos;             /* scanner position: next unread byte */
	struct kaigo_era_result *r;
};

/* The parts of a date as written, with where each was written (for errors). */
struct fields {
	int era;          /* index into eras[], or -1 for a Western year */
	size_t start;     /* offset of the era designator or Western year */
	int year;         /* era year or Western year, as written */
	size_t year_off;  /* offset of the year (digits or 元) */
	int month;        /* as written, not yet checked */
	size_t month_off;
	int day;          /* as written; 0 when no day was written */
	size_t day_off;
	int has_day;      /* a day was written, so day 0 is an error rather
			     than a year-month value */
};

/* --- calendar -------------------------------------------------------- */

static int is_leap(int y)
{
	/* C's % truncates, but only equality with 0 is tested, so negative
	   (astronomical) years follow the same proleptic rule. */
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kaigo_era_valid_ymd(int y, int m, int d)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12 || d < 1)
		return 0;
	if (d <= mdays[m - 1])
		return 1;
	return m == 2 && d == 29 && is_leap(y);
}

/* H. Hinnant's days_from_civil and civil_from_days (public domain algorithms). */
long kaigo_era_day_number(int y, int m, int d)
{
	long yy = y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void kaigo_era_from_day_number(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* <0, 0, >0 as y1-m1-d1 is before, equal to or after y2-m2-d2.  Compared
   field by field rather than as one packed integer so that any int year in
   a caller's struct cannot overflow. */
static int cmp_ymd(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 < y2 ? -1 : 1;
	if (m1 != m2)
		return m1 < m2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return 0;
}

/* --- error reporting (cold path) ------------------------------------- */

static enum kaigo_era_status fail(struct kaigo_era_result *r,
				  enum kaigo_era_status st, size_t off,
				  const char *msg, const char *fmt, ...)
	PRINTF_LIKE(5, 6);

static enum kaigo_era_status fail(struct kaigo_era_result *r,
				  enum kaigo_era_status st, size_t off,
				  const char *msg, const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	r->error_offset = off;
	r->message = msg;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof r->detail, fmt, ap);
	va_end(ap);
	/* the same in the user's language, for the text of a diagnostic (the
	   formats are marked N_() at the calls) */
	va_start(ap, fmt);
	vsnprintf(r->detail_tr, sizeof r->detail_tr, _(fmt), ap);
	va_end(ap);
	return st;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one.
   Only used to quote the offending character in a message. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp;
	size_t len, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3Fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* How many bytes of s[off..end) to quote: at most SHOW_MAX, cut back to a
   character boundary so the detail stays valid UTF-8. */
static int show_len(const unsigned char *s, size_t off, size_t end)
{
	size_t cut = end - off;

	if (cut > SHOW_MAX) {
		cut = SHOW_MAX;
		while (cut > 0 && (s[off + cut] & 0xC0) == 0x80)
			cut--;
	}
	return (int)cut;
}

static enum kaigo_era_status bad_char(struct parser *p, size_t off)
{
	const unsigned char *c = p->s + off;
	size_t len = utf8_len(c, p->n - off);

	if (len == 0)
		return fail(p->r, KAIGO_ERA_SYNTAX, off, "invalid UTF-8 in date",
			    N_("byte 0x%02X does not start a valid UTF-8 character"), c[0]);
	if (len == 1 && (c[0] < 0x20 || c[0] == 0x7F))
		return fail(p->r, KAIGO_ERA_SYNTAX, off, "unexpected character in date",
			    N_("unexpected control character U+%04X"), c[0]);
	return fail(p->r, KAIGO_ERA_SYNTAX, off, "unexpected character in date",
		    N_("unexpected character '%.*s'"), (int)len, (const char *)c);
}

/* t is not what the grammar wanted at this point; what says what it wanted. */
static enum kaigo_era_status expected(struct parser *p, const struct tok *t,
				      const char *what)
{
	static const char *const at_end = N_("expected %s at the end of the input");
	static const char *const found = N_("expected %s, found '%.*s'");
	enum kaigo_era_status st;
	int len = show_len(p->s, t->off, t->end);

	if (t->kind == T_BAD)
		return bad_char(p, t->off);
	/* what, marked N_() by the callers, is translated too (fail cannot:
	   it formats the same arguments twice) */
	if (t->kind == T_END) {
		st = fail(p->r, KAIGO_ERA_SYNTAX, t->off, "date ends too early", at_end, what);
		snprintf(p->r->detail_tr, sizeof p->r->detail_tr, _(at_end), _(what));
		return st;
	}
	st = fail(p->r, KAIGO_ERA_SYNTAX, t->off, "unexpected text in date", found, what, len,
		  (const char *)p->s + t->off);
	snprintf(p->r->detail_tr, sizeof p->r->detail_tr, _(found), _(what), len,
		 (const char *)p->s + t->off);
	return st;
}

static enum kaigo_era_status wrong_digits(struct parser *p, const struct tok *t,
					  const char *what, const char *want)
{
	static const char *const fmt = N_("%s '%.*s' has %zu digits, expected %s");
	int len = show_len(p->s, t->off, t->end);
	enum kaigo_era_status st;

	st = fail(p->r, KAIGO_ERA_SYNTAX, t->off, "wrong number of digits in date", fmt, what, len,
		  (const char *)p->s + t->off, t->ndig, want);
	/* what and want are marked N_() by the callers */
	snprintf(p->r->detail_tr, sizeof p->r->detail_tr, _(fmt), _(what), len,
		 (const char *)p->s + t->off, t->ndig, _(want));
	return st;
}

/* Byte offset of digit k (0-based) of the number starting at off: digits
   are 1 byte (ASCII) or 3 bytes (full-width), so the error path walks. */
static size_t digit_off(const unsigned char *s, size_t off, int k)
{
	while (k-- > 0)
		off += s[off] < 0x80 ? 1 : 3;
	return off;
}

/* --- scanner ---------------------------------------------------------- */

/* If s[i] starts an ASCII or full-width (U+FF10..FF19 = EF BC 90..99)
   digit, store its value and return its length in bytes; else 0. */
static size_t digit_at(const unsigned char *s, size_t n, size_t i, int *d)
{
	if ((unsigned)(s[i] - '0') < 10u) {
		*d = s[i] - '0';
		return 1;
	}
	if (s[i] == 0xEF && n - i >= 3 && s[i + 1] == 0xBC &&
	    s[i + 2] >= 0x90 && s[i + 2] <= 0x99) {
		*d = s[i + 2] - 0x90;
		return 3;
	}
	return 0;
}

/* Decode an ASCII or 3-byte UTF-8 character (every code point the grammar
   knows is one of these).  Returns its length, or 0 for anything else;
   overlong forms are rejected so that E0 80 B0 is not taken for '0'. */
static size_t decode(const unsigned char *s, size_t n, size_t i, unsigned *cp)
{
	unsigned c = s[i];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xF0) == 0xE0 && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
	    (s[i + 2] & 0xC0) == 0x80) {
		*cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
		if (*cp >= 0x800)
			return 3;
	}
	return 0;
}

/* Latin era initial (JIS X 0301) to eras[] index, or -1. */
static int latin_era(unsigned c)
{
	switch (c) {
	case 'M': return MEIJI;
	case 'T': return TAISHO;
	case 'S': return SHOWA;
	case 'H': return HEISEI;
	case 'R': return REIWA;
	default: return -1;
	}
}

/* Read the next token into *t, skipping spaces before it. */
static void scan(struct parser *p, struct tok *t)
{
	const unsigned char *s = p->s;
	size_t n = p->n, i = p->pos, len;
	unsigned cp, second = 0;
	int d;

	/* ASCII space, TAB and U+3000 IDEOGRAPHIC SPACE (E3 80 80) may stand
	   around and between tokens, as in 「平成 33 年３月 31日」. */
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (s[i] == 0xE3 && n - i >= 3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
			i += 3;
		else
			break;
	}
	t->off = i;
	t->val = 0;
	t->ndig = 0;
	if (i >= n) {
		t->kind = T_END;
		t->end = p->pos = n;
		return;
	}

	len = digit_at(s, n, i, &d);
	if (len) {
		/* No space inside a number: 「2 018」 is two numbers, an error. */
		t->kind = T_NUM;
		do {
			if (t->ndig < MAX_DIGITS)
				t->val = t->val * 10 + d;
			t->ndig++;
			i += len;
		} while (i < n && (len = digit_at(s, n, i, &d)) != 0);
		t->end = p->pos = i;
		return;
	}

	len = decode(s, n, i, &cp);
	t->kind = T_BAD;
	if (len == 0) {
		t->end = p->pos = i + 1;
		return;
	}
	i += len;

	/* Full-width Latin letters fold to ASCII, then case folds. */
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		cp = cp - 0xFF21 + 'A';
	else if (cp >= 0xFF41 && cp <= 0xFF5A)
		cp = cp - 0xFF41 + 'a';
	if (cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';

	switch (cp) {
	case '.': case 0xFF0E:
		t->kind = T_SEP, t->val = '.';
		break;
	case '/': case 0xFF0F:
		t->kind = T_SEP, t->val = '/';
		break;
	/* Hyphen look-alikes that IMEs and word processors put in dates:
	   U+2010..2015 (hyphen .. horizontal bar), U+2212 minus, U+30FC ー,
	   U+FF0D full-width hyphen-minus. */
	case '-': case 0xFF0D: case 0x2010: case 0x2011: case 0x2012:
	case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0x30FC:
		t->kind = T_SEP, t->val = '-';
		break;
	case 'M': case 'T': case 'S': case 'H': case 'R':
		t->kind = T_ERA, t->val = latin_era(cp);
		break;
	case 0x5143: /* 元 */
		t->kind = T_GAN;
		break;
	case 0x5E74: /* 年 */
		t->kind = T_NEN;
		break;
	case 0x6708: /* 月 */
		t->kind = T_GATSU;
		break;
	case 0x65E5: /* 日 */
		t->kind = T_NICHI;
		break;
	/* One-kanji abbreviations; the full name adds a second kanji, which
	   must follow at once (平 成 is not 平成). */
	case 0x660E: /* 明 (治) */
		t->kind = T_ERA, t->val = MEIJI, second = 0x6CBB;
		break;
	case 0x5927: /* 大 (正) */
		t->kind = T_ERA, t->val = TAISHO, second = 0x6B63;
		break;
	case 0x662D: /* 昭 (和) */
		t->kind = T_ERA, t->val = SHOWA, second = 0x548C;
		break;
	case 0x5E73: /* 平 (成) */
		t->kind = T_ERA, t->val = HEISEI, second = 0x6210;
		break;
	case 0x4EE4: /* 令 (和) */
		t->kind = T_ERA, t->val = REIWA, second = 0x548C;
		break;
	default:
		break;
	}
	if (second && i < n) {
		unsigned cp2;
		size_t len2 = decode(s, n, i, &cp2);

		if (len2 && cp2 == second)
			i += len2;
	}
	t->end = p->pos = t->kind == T_BAD ? t->off + len : i;
}

/* --- grammar ---------------------------------------------------------- */

/* A month or day: a number of 1 or 2 digits. */
static enum kaigo_era_status small_num(struct parser *p, const struct tok *t,
				       const char *what, int *v, size_t *off)
{
	if (t->kind != T_NUM)
		return expected(p, t, what);
	if (t->ndig > 2)
		return wrong_digits(p, t, what, N_("1 or 2"));
	*v = t->val;
	*off = t->off;
	return KAIGO_ERA_OK;
}

static enum kaigo_era_status expect_end(struct parser *p)
{
	struct tok t;

	scan(p, &t);
	if (t.kind != T_END)
		return expected(p, &t, N_("the end of the date"));
	return KAIGO_ERA_OK;
}

/*
 * What follows a 1-2 digit era year or a 4-digit Western year:
 *   年 M 月 [D [日]]   or   S M [S D]
 * where S is one separator kind ('.', '/' or '-') used throughout: a mix
 * such as 2018/10-01 is more likely a typing error than a date.
 */
static enum kaigo_era_status parse_tail(struct parser *p, struct fields *f)
{
	struct tok t, u;
	enum kaigo_era_status st;

	scan(p, &t);
	if (t.kind != T_NEN && t.kind != T_SEP)
		return expected(p, &t, N_("年 or a date separator after the year"));

	scan(p, &u);
	if ((st = small_num(p, &u, N_("month"), &f->month, &f->month_off)) != KAIGO_ERA_OK)
		return st;

	if (t.kind == T_NEN) {
		scan(p, &u);
		if (u.kind != T_GATSU)
			return expected(p, &u, N_("月 after the month"));
		scan(p, &u);
		if (u.kind == T_END)
			return KAIGO_ERA_OK; /* year-month */
		if ((st = small_num(p, &u, N_("day"), &f->day, &f->day_off)) != KAIGO_ERA_OK)
			return st;
		f->has_day = 1;
		scan(p, &u);
		if (u.kind == T_NICHI) /* 日 may be left out: 平成30年10月1 */
			scan(p, &u);
		if (u.kind != T_END)
			return expected(p, &u, N_("the end of the date"));
		return KAIGO_ERA_OK;
	}

	scan(p, &u);
	if (u.kind == T_END)
		return KAIGO_ERA_OK; /* year-month */
	if (u.kind != T_SEP)
		return expected(p, &u, N_("a date separator or the end of the date"));
	if (u.val != t.val)
		return fail(p->r, KAIGO_ERA_SYNTAX, u.off, "mixed separators in date",
			    N_("expected '%c' like the first separator, found '%.*s'"),
			    t.val, (int)(u.end - u.off), (const char *)p->s + u.off);
	scan(p, &u);
	if ((st = small_num(p, &u, N_("day"), &f->day, &f->day_off)) != KAIGO_ERA_OK)
		return st;
	f->has_day = 1;
	return expect_end(p);
}

/*
 * Check a complete parse and fill r->date.  Order: does the date exist
 * (era year, month, day), is it in the Gregorian range, does it fit its
 * era.  So 00000000 is "month 0", 平成33年2月29日 is an impossible day
 * (2021 is not leap) even though it is also past the era's end.
 */
static enum kaigo_era_status finish(struct parser *p, const struct fields *f)
{
	struct kaigo_era_result *r = p->r;
	const struct era *e = f->era >= 0 ? &eras[f->era] : NULL;
	int y, m = f->month, d = f->day;

	if (e && f->year == 0)
		return fail(r, KAIGO_ERA_RANGE, f->year_off, "era year 0 does not exist",
			    N_("%s0年: the first year of an era is 1 (元年)"), e->name);
	y = e ? e->y0 + f->year - 1 : f->year;
	if (m < 1 || m > 12)
		return fail(r, KAIGO_ERA_RANGE, f->month_off, "month out of range",
			    N_("month %d is not 1-12"), m);
	if (f->has_day && !kaigo_era_valid_ymd(y, m, d))
		return fail(r, KAIGO_ERA_RANGE, f->day_off, "day does not exist",
			    N_("day %d does not exist in %04d-%02d"), d, y, m);
	if (y < GREGORIAN_YEAR) {
		if (e)
			return fail(r, KAIGO_ERA_RANGE, f->start, "date before 1873 is not supported",
				    N_("%s%d年 is %d, before the Gregorian calendar (1873-01-01)"),
				    e->name, f->year, y);
		return fail(r, KAIGO_ERA_RANGE, f->start, "date before 1873 is not supported",
			    N_("year %d is before the Gregorian calendar in Japan (1873-01-01)"), y);
	}

	r->date.year = y;
	r->date.month = m;
	r->date.day = d;
	if (!e)
		return KAIGO_ERA_OK;

	/* A year-month is compared by month: it is before the era only if
	   the whole month is (令和元年4月), after it only if the whole month is
	   (平成31年5月).  Day 0 sorts before day 1 and 99 after day 31. */
	if (cmp_ymd(y, m, f->has_day ? d : 99, e->y0, e->m0, e->d0) < 0) {
		r->date.year = r->date.month = r->date.day = 0;
		return fail(r, KAIGO_ERA_BEFORE_START, f->start,
			    "date before the first day of its era",
			    N_("%s starts on %04d-%02d-%02d"), e->name, e->y0, e->m0, e->d0);
	}
	if (e->y1 && cmp_ymd(y, m, f->has_day ? d : 0, e->y1, e->m1, e->d1) > 0)
		/* Regulations really write 平成33年3月31日: convert, let the
		   caller warn. */
		return fail(r, KAIGO_ERA_PAST_END, f->start,
			    "date after the last day of its era",
			    N_("%s ended on %04d-%02d-%02d"), e->name, e->y1, e->m1, e->d1);
	return KAIGO_ERA_OK;
}

/* Era designator already read: era year (or compact YYMM[DD]) and the rest. */
static enum kaigo_era_status parse_era(struct parser *p, const struct tok *era)
{
	struct fields f = { 0 };
	struct tok t;
	enum kaigo_era_status st;

	f.era = era->val;
	f.start = era->off;
	scan(p, &t);
	f.year_off = t.off;
	if (t.kind == T_GAN) {
		f.year = 1;
	} else if (t.kind != T_NUM) {
		return expected(p, &t, N_("an era year"));
	} else if (t.ndig <= 2) {
		f.year = t.val;
	} else if (t.ndig == 4 || t.ndig == 6) {
		/* Compact H3010 (YYMM) or H301001 (YYMMDD). */
		int v = t.ndig == 6 ? t.val / 100 : t.val;

		f.year = v / 100;
		f.month = v % 100;
		f.month_off = digit_off(p->s, t.off, 2);
		if (t.ndig == 6) {
			f.day = t.val % 100;
			f.day_off = digit_off(p->s, t.off, 4);
			f.has_day = 1;
		}
		if ((st = expect_end(p)) != KAIGO_ERA_OK)
			return st;
		return finish(p, &f);
	} else {
		return wrong_digits(p, &t, N_("era year"), N_("1-2, or 4 (YYMM) or 6 (YYMMDD)"));
	}
	if ((st = parse_tail(p, &f)) != KAIGO_ERA_OK)
		return st;
	return finish(p, &f);
}

/* The date starts with a number: Western year, YYYYMM, GYYMMDD, YYYYMMDD. */
static enum kaigo_era_status parse_number(struct parser *p, const struct tok *t)
{
	struct fields f = { 0 };
	enum kaigo_era_status st;

	f.era = -1;
	f.start = f.year_off = t->off;
	switch (t->ndig) {
	case 4: /* YYYY, then 年 or a separator */
		f.year = t->val;
		if ((st = parse_tail(p, &f)) != KAIGO_ERA_OK)
			return st;
		return finish(p, &f);
	case 6: /* YYYYMM */
		f.year = t->val / 100;
		f.month = t->val % 100;
		f.month_off = digit_off(p->s, t->off, 4);
		break;
	case 7: /* GYYMMDD, G = 1 明治 … 5 令和 */
		f.era = t->val / 1000000 - 1;
		f.year = t->val / 10000 % 100;
		f.year_off = digit_off(p->s, t->off, 1);
		f.month = t->val / 100 % 100;
		f.month_off = digit_off(p->s, t->off, 3);
		f.day = t->val % 100;
		f.day_off = digit_off(p->s, t->off, 5);
		f.has_day = 1;
		break;
	case 8: /* YYYYMMDD */
		f.year = t->val / 10000;
		f.month = t->val / 100 % 100;
		f.month_off = digit_off(p->s, t->off, 4);
		f.day = t->val % 100;
		f.day_off = digit_off(p->s, t->off, 6);
		f.has_day = 1;
		break;
	default:
		return wrong_digits(p, t, N_("number"), N_("4 (year), 6, 7 or 8"));
	}
	if ((st = expect_end(p)) != KAIGO_ERA_OK)
		return st;
	if (t->ndig == 7 && (f.era < 0 || f.era >= NERAS))
		/* Some systems use 0 or 9 for 西暦/unknown: not a date we can place. */
		return fail(p->r, KAIGO_ERA_RANGE, t->off, "unknown era code",
			    N_("era code %d is not 1-5 (1 明治 … 5 令和)"), f.era + 1);
	return finish(p, &f);
}

enum kaigo_era_status kaigo_era_parse(const char *s, size_t n, struct kaigo_era_result *r)
{
	struct parser p;
	struct tok t;

	r->status = KAIGO_ERA_OK;
	r->date.year = r->date.month = r->date.day = 0;
	r->error_offset = 0;
	r->message = NULL;
	r->detail[0] = '\0';
	r->detail_tr[0] = '\0';

	p.s = (const unsigned char *)s;
	p.n = s ? n : 0;
	p.pos = 0;
	p.r = r;

	scan(&p, &t);
	switch (t.kind) {
	case T_END:
		return fail(r, KAIGO_ERA_SYNTAX, t.off, "empty date", N_("no date in the input"));
	case T_ERA:
		return parse_era(&p, &t);
	case T_NUM:
		return parse_number(&p, &t);
	default:
		return expected(&p, &t, "a date");
	}
}

/* --- formatting ------------------------------------------------------- */

/* Decimal digits of v, at least width of them (zero-padded). */
static char *put_num(char *o, unsigned v, int width)
{
	char tmp[10];
	int k = 0;

	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (width-- > k)
		*o++ = '0';
	while (k)
		*o++ = tmp[--k];
	return o;
}

static char *put_str(char *o, const char *s)
{
	size_t len = strlen(s);

	memcpy(o, s, len);
	return o + len;
}

/* A day, or a year-month when day == 0. */
static int valid_date(const struct kaigo_era_date *d)
{
	if (d->day == 0)
		return d->month >= 1 && d->month <= 12;
	return kaigo_era_valid_ymd(d->year, d->month, d->day);
}

/* Invalid dates and years outside 0000-9999 (which would not fit the
   11-byte buffer the header promises to be enough) give "" and 0. */
size_t kaigo_era_format_iso(const struct kaigo_era_date *d, char *out)
{
	char *o = out;

	if (d->year < 0 || d->year > 9999 || !valid_date(d)) {
		out[0] = '\0';
		return 0;
	}
	o = put_num(o, (unsigned)d->year, 4);
	*o++ = '-';
	o = put_num(o, (unsigned)d->month, 2);
	if (d->day) {
		*o++ = '-';
		o = put_num(o, (unsigned)d->day, 2);
	}
	*o = '\0';
	return (size_t)(o - out);
}

/* The era is the one whose JIS range holds that exact day; a year-month
   is placed by its first day (1989-01 → 昭和64年1月).  Invalid dates and
   dates before 1873-01-01 give "" and 0.  The longest output, a 令和 year
   of 10 digits, is 29 bytes with the NUL, within the promised 40. */
size_t kaigo_era_format_wareki(const struct kaigo_era_date *d, char *out)
{
	char *o = out;
	int day = d->day ? d->day : 1;
	int k;

	out[0] = '\0';
	if (!valid_date(d) || d->year < GREGORIAN_YEAR)
		return 0;
	for (k = NERAS - 1; k > 0; k--)
		if (cmp_ymd(d->year, d->month, day, eras[k].y0, eras[k].m0, eras[k].d0) >= 0)
			break;
	o = put_str(o, eras[k].name);
	if (d->year == eras[k].y0)
		o = put_str(o, "元");
	else
		o = put_num(o, (unsigned)(d->year - eras[k].y0 + 1), 1);
	o = put_str(o, "年");
	o = put_num(o, (unsigned)d->month, 1);
	o = put_str(o, "月");
	if (d->day) {
		o = put_num(o, (unsigned)d->day, 1);
		o = put_str(o, "日");
	}
	*o = '\0';
	return (size_t)(o - out);
}
