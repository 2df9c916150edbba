/*
 * pseudo_gen.c - the value generators of kaigo-pseudonymize (see pseudo.h).
 *
 * Every choice is a function of HMAC-SHA-256(key, domain || 0 || value),
 * so it is the same in every file and run with the key and cannot be
 * recomputed without it.  Numbers that are identifiers (被保険者番号,
 * 事業所番号) go through a keyed Feistel network on their digits, the
 * construction of NIST SP 800-38G FF1 with HMAC as round function: a
 * bijection, so two people never get the same number and the joins of a
 * send unit stay one-to-one.  Everything else (names, dates, addresses)
 * is a keyed choice, consistent but not one-to-one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/era.h"
#include "kaigo/hash.h"
#include "pseudo_int.h"

static uint64_t mac64(struct kaigo_pseudo *ps, const char *domain, const void *data, size_t n)
{
	unsigned char h[32];
	uint64_t v = 0;
	int i;

	if (kaigo_pseudo_mac(ps, domain, data, n, h) < 0)
		return 0;
	for (i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return v;
}

/* ---- UTF-8 and digits ------------------------------------------------- */

/* Decode the code point at s[*i] (advancing *i); invalid bytes come back as themselves. */
static unsigned long next_cp(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	size_t left = n - *i;

	if (u[0] < 0x80 || left < 2) {
		(*i)++;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		*i += 2;
		return (unsigned long)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if ((u[0] & 0xF0) == 0xE0 && left >= 3) {
		*i += 3;
		return (unsigned long)(u[0] & 0x0F) << 12 | (unsigned long)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	if ((u[0] & 0xF8) == 0xF0 && left >= 4) {
		*i += 4;
		return (unsigned long)(u[0] & 0x07) << 18 | (unsigned long)(u[1] & 0x3F) << 12 |
		       (unsigned long)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
	}
	(*i)++;
	return u[0];
}

static int put_cp(struct kaigo_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80)
		return kaigo_buf_addch(b, (char)cp);
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		return kaigo_buf_add(b, u, 2);
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return kaigo_buf_add(b, u, 3);
	}
	u[0] = (char)(0xF0 | cp >> 18);
	u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return kaigo_buf_add(b, u, 4);
}

/* 0-9 for an ASCII or full-width digit, else -1. */
static int digit_of(unsigned long cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

static unsigned long digit_cp(int d, int wide)
{
	return wide ? 0xFF10 + (unsigned long)d : (unsigned long)('0' + d);
}

static int is_space_cp(unsigned long cp)
{
	return cp == ' ' || cp == 0x3000 || cp == '\t';
}

#define MAXDIG 32

/* The digits of s: values into dig (at most MAXDIG), whether the first was full-width. */
static size_t digits_of(const char *s, size_t n, int *dig, int *wide)
{
	size_t i = 0, nd = 0;

	*wide = 0;
	while (i < n) {
		unsigned long cp = next_cp(s, n, &i);
		int d = digit_of(cp);

		if (d >= 0 && nd < MAXDIG) {
			if (!nd)
				*wide = cp > 0x7F;
			dig[nd++] = d;
		}
	}
	return nd;
}

/* s with its digits replaced in order by dig[0..nd) (keeping each one's width). */
static int put_digits(struct kaigo_buf *out, const char *s, size_t n, const int *dig, size_t nd)
{
	size_t i = 0, k = 0;

	while (i < n) {
		size_t at = i;
		unsigned long cp = next_cp(s, n, &i);

		if (digit_of(cp) >= 0 && k < nd) {
			if (put_cp(out, digit_cp(dig[k++], cp > 0x7F)) < 0)
				return -1;
		} else if (kaigo_buf_add(out, s + at, i - at) < 0) {
			return -1;
		}
	}
	return 0;
}

static uint64_t pow10u(int m)
{
	uint64_t p = 1;

	while (m-- > 0)
		p *= 10;
	return p;
}

/*
 * Keyed permutation of the d-digit numbers (FF1's Feistel structure: ten
 * rounds, the halves u = d/2 and v = d - u digits, addition modulo 10^m),
 * in place on dig[0..d).  One digit: a keyed rotation.  d <= 18.
 */
static void feistel(struct kaigo_pseudo *ps, const char *domain, int *dig, int d)
{
	uint64_t a = 0, b = 0;
	int u = d / 2, v = d - u, i, k;

	if (d <= 0)
		return;
	if (d == 1) {
		dig[0] = (int)((uint64_t)dig[0] + 1 + mac64(ps, domain, "", 0) % 9) % 10;
		return;
	}
	for (k = 0; k < u; k++)
		a = a * 10 + (uint64_t)dig[k];
	for (k = u; k < d; k++)
		b = b * 10 + (uint64_t)dig[k];
	for (i = 0; i < 10; i++) {
		int m = i % 2 == 0 ? u : v, lb = i % 2 == 0 ? v : u;
		char msg[32];
		int len = snprintf(msg, sizeof(msg), "%d:%d:%0*llu", d, i, lb, (unsigned long long)b);
		uint64_t c = (a + mac64(ps, domain, msg, (size_t)len) % pow10u(m)) % pow10u(m);

		a = b;
		b = c;
	}
	for (k = u - 1; k >= 0; k--, a /= 10)
		dig[k] = (int)(a % 10);
	for (k = d - 1; k >= u; k--, b /= 10)
		dig[k] = (int)(b % 10);
}

/* Digits from a MAC of s: dig[i] for i < nd (nd <= 32). */
static void mac_digits(struct kaigo_pseudo *ps, const char *domain, const char *s, size_t n, int *dig, size_t nd)
{
	unsigned char h[32];
	size_t i;

	memset(h, 0, sizeof(h));
	kaigo_pseudo_mac(ps, domain, s, n, h);
	for (i = 0; i < nd && i < 32; i++)
		dig[i] = h[i] % 10;
}

static int same_digits(const int *a, const int *b, size_t n)
{
	return memcmp(a, b, n * sizeof(*a)) == 0;
}

/* ---- identifiers -------------------------------------------------------- */

static const char office_alphabet[] = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

int kaigo_pseudo_office_check_digit(const char *n9)
{
	int i, sum = 0;

	for (i = 0; i < 9; i++) {
		int v;

		if (i == 2) {
			const char *p = n9[i] ? strchr(office_alphabet, n9[i]) : NULL;

			if (!p)
				return -1;
			v = (int)(p - office_alphabet);
		} else if (n9[i] >= '0' && n9[i] <= '9') {
			v = n9[i] - '0';
		} else {
			return -1;
		}
		if (i % 2 == 0) /* weight 2 on positions 1, 3, 5, 7, 9; the digits of the product are added */
			v = 2 * v / 10 + 2 * v % 10;
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

/* The digits after the first keep characters, permuted; other characters kept. */
static int gen_insured(struct kaigo_pseudo *ps, const char *s, size_t n, int keep, struct kaigo_buf *out)
{
	int dig[MAXDIG], wide;
	size_t i = 0, nd;
	int k;

	for (k = 0; k < keep && i < n; k++)
		next_cp(s, n, &i);
	if (kaigo_buf_add(out, s, i) < 0)
		return -1;
	nd = digits_of(s + i, n - i, dig, &wide);
	if (nd > 18)
		nd = 18;
	feistel(ps, "insured", dig, (int)nd);
	return put_digits(out, s + i, n - i, dig, nd);
}

static int gen_office(struct kaigo_pseudo *ps, const char *s, size_t n, struct kaigo_buf *out)
{
	char o[11];
	int dig[6], i, cd;

	if (n != 10 || kaigo_pseudo_office_check_digit(s) < 0 || s[9] < '0' || s[9] > '9')
		return gen_insured(ps, s, n, 3, out);
	/* prefecture (2) and kind (1) stay: they say where and what the office is */
	memcpy(o, s, 10);
	o[10] = '\0';
	for (i = 0; i < 6; i++)
		dig[i] = s[3 + i] - '0';
	feistel(ps, "office", dig, 6);
	for (i = 0; i < 6; i++)
		o[3 + i] = (char)('0' + dig[i]);
	cd = kaigo_pseudo_office_check_digit(o);
	/* a wrong check digit stays wrong by as much: the output fails the
	   schema rule where the input did, and nowhere else */
	if (s[9] >= '0' && s[9] <= '9')
		cd = (cd + (s[9] - '0') - kaigo_pseudo_office_check_digit(s) + 10) % 10;
	o[9] = (char)('0' + cd);
	return kaigo_buf_add(out, o, 10);
}

/*
 * 電話番号: the area code (the first group, or 2 digits, 3 for 0X0
 * mobile numbers, without separators) is kept; the next digit becomes 0,
 * the rest keyed digits.  A 市内局番 never starts with 0, the trunk
 * prefix, so no subscriber has the number (kaigo-pseudonymize(1)).
 */
static int gen_phone(struct kaigo_pseudo *ps, const char *s, size_t n, struct kaigo_buf *out)
{
	int dig[MAXDIG], nw[MAXDIG], wide;
	size_t nd = digits_of(s, n, dig, &wide), area = 0, i = 0, k;
	char flat[MAXDIG];

	if (nd < 3)
		return put_digits(out, s, n, dig, 0) < 0 ? -1 : 0;
	/* the first group, when a separator ends it */
	while (i < n) {
		size_t at = i;
		unsigned long cp = next_cp(s, n, &i);

		if (digit_of(cp) >= 0)
			area++;
		else if (area) {
			i = at;
			break;
		}
	}
	if (i >= n || area >= nd - 1)
		area = (nd >= 3 && dig[0] == 0 && dig[2] == 0 && dig[1] >= 5) ? 3 : 2;
	memcpy(nw, dig, nd * sizeof(*dig));
	/* keyed on the digits alone: the number written with or without hyphens,
	   in a field or in free text, gets the same pseudonym */
	for (k = 0; k < nd; k++)
		flat[k] = (char)('0' + dig[k]);
	mac_digits(ps, "phone", flat, nd, nw + area, nd - area);
	nw[area] = 0;
	if (same_digits(nw, dig, nd))
		nw[nd - 1] = (nw[nd - 1] + 1) % 10;
	return put_digits(out, s, n, nw, nd);
}

static size_t municipality_end(const char *s, size_t n);
static const struct pseudo_entry *pick(struct kaigo_pseudo *ps, const char *domain, const struct pseudo_list *l,
				       const char *s, size_t n, const struct pseudo_dict *d);

/*
 * 郵便番号: the first three digits (the delivery area) kept, the last four
 * keyed.  With --replace-municipality the area is that of the municipality
 * the address beside it (pair) gets, or, alone, one chosen from the area.
 */
static int gen_postal(struct kaigo_pseudo *ps, const char *s, size_t n, const char *pair, size_t pn,
		      struct kaigo_buf *out)
{
	int dig[MAXDIG], nw[MAXDIG], wide;
	size_t nd = digits_of(s, n, dig, &wide), k, keep = pair ? municipality_end(pair, pn) : 0;
	char flat[MAXDIG];

	for (k = 0; k < nd; k++)
		flat[k] = (char)('0' + dig[k]);
	memcpy(nw, dig, nd * sizeof(*dig));
	if (nd > 3)
		mac_digits(ps, "postal", flat, nd, nw + 3, nd - 3);
	if (nd > 3 && ps->o.replace_municipality) {
		const struct pseudo_entry *m = keep ? pick(ps, "municipality", &ps->municipalities, pair, keep, NULL)
						    : pick(ps, "municipality", &ps->municipalities, flat, 3, NULL);

		for (k = 0; k < 3 && m->kana[k]; k++)
			nw[k] = m->kana[k] - '0';
	}
	if (nd && same_digits(nw, dig, nd))
		nw[nd - 1] = (nw[nd - 1] + 1) % 10;
	return put_digits(out, s, n, nw, nd);
}

/* ---- birth dates -------------------------------------------------------- */

/* First days of the eras (JIS X 0301; 明治 as far as the standard converts). */
static const int era_start[][3] = {
	{ 1873, 1, 1 }, { 1912, 7, 30 }, { 1926, 12, 25 }, { 1989, 1, 8 }, { 2019, 5, 1 }
};

static int gen_birthdate(struct kaigo_pseudo *ps, const char *s, size_t n, struct kaigo_buf *out)
{
	struct kaigo_era_result r;
	long orig, lo, hi, nd, z;
	int y, m, d, e, band = ps->o.birth_band > 1 ? ps->o.birth_band : 1, y0;
	char buf[48];
	size_t len;

	if ((kaigo_era_parse(s, n, &r) != KAIGO_ERA_OK && r.status != KAIGO_ERA_PAST_END) || r.date.day == 0) {
		for (len = 0; len < n; len++) /* not a date: nothing of it may stay */
			if (kaigo_buf_addch(out, '*') < 0)
				return -1;
		return 0;
	}
	orig = kaigo_era_day_number(r.date.year, r.date.month, r.date.day);
	/* the same band of calendar years (1935-1939 for 1936 in bands of 5;
	   the year itself by default), and within it the same era */
	y0 = r.date.year - ((r.date.year % band) + band) % band;
	lo = kaigo_era_day_number(y0, 1, 1);
	hi = kaigo_era_day_number(y0 + band - 1, 12, 31);
	for (e = 0; e < 5; e++) {
		long st = kaigo_era_day_number(era_start[e][0], era_start[e][1], era_start[e][2]);

		if (st <= orig && st > lo)
			lo = st;
		if (st > orig && st - 1 < hi)
			hi = st - 1;
	}
	nd = hi - lo + 1;
	z = lo + (long)(mac64(ps, "birthdate", &orig, sizeof(orig)) % (uint64_t)nd);
	if (z == orig && nd > 1)
		z = z == hi ? lo : z + 1;
	kaigo_era_from_day_number(z, &y, &m, &d);
	/* written the way the input was */
	if (n == 8 && s[0] >= '0' && s[0] <= '9' && s[4] >= '0' && s[4] <= '9')
		len = (size_t)snprintf(buf, sizeof(buf), "%04d%02d%02d", y, m, d);
	else if (n >= 5 && s[0] >= '0' && s[0] <= '9' && (s[4] == '-' || s[4] == '/'))
		len = (size_t)(n == 10 ? snprintf(buf, sizeof(buf), "%04d%c%02d%c%02d", y, s[4], m, s[4], d)
				       : snprintf(buf, sizeof(buf), "%04d%c%d%c%d", y, s[4], m, s[4], d));
	else {
		struct kaigo_era_date nd2 = { y, m, d };

		len = kaigo_era_format_wareki(&nd2, buf);
	}
	return kaigo_buf_add(out, buf, len);
}

/* ---- names -------------------------------------------------------------- */

/* Whether the entry holds s[0..n) (so that the input would survive in the pseudonym). */
static int holds(const char *t, const char *s, size_t n)
{
	size_t tl = t ? strlen(t) : 0, i;

	for (i = 0; n && i + n <= tl; i++)
		if (memcmp(t + i, s, n) == 0)
			return 1;
	return 0;
}

/* A keyed entry of l for value s, never one whose text or reading holds s itself. */
/* Is t one of the reserved words of d (a real name part or reading of the record)? */
static int reserved(const struct pseudo_dict *d, const char *t)
{
	for (size_t i = 0; d && t && i < d->nres; i++)
		if (!strcmp(d->res[i], t))
			return 1;
	return 0;
}

/*
 * The entry of l for s: chosen by the key, then the next one that neither
 * holds s nor is held by it, and (with d) is no real name part or reading
 * of the record.
 */
static const struct pseudo_entry *pick(struct kaigo_pseudo *ps, const char *domain, const struct pseudo_list *l,
				       const char *s, size_t n, const struct pseudo_dict *d)
{
	size_t i = (size_t)(mac64(ps, domain, s, n) % l->n), tries;

	for (tries = 0; tries < l->n; tries++, i = (i + 1) % l->n)
		if (!holds(l->e[i].text, s, n) && !holds(l->e[i].kana, s, n) && !reserved(d, l->e[i].text) &&
		    !reserved(d, l->e[i].kana))
			break;
	return &l->e[i];
}

/* Token boundaries of a name: up to 8 tokens split at runs of spaces. */
struct tokens {
	size_t s[8], e[8];  /* byte ranges */
	size_t n;
	size_t sep_s, sep_e; /* the last separator (between the last two tokens) */
};

static void tokenize(const char *s, size_t n, struct tokens *t)
{
	size_t i = 0;

	t->n = 0;
	t->sep_s = t->sep_e = 0;
	while (i < n) {
		size_t at = i;
		unsigned long cp = next_cp(s, n, &i);

		if (is_space_cp(cp)) {
			size_t ss = at;

			while (i < n) {
				size_t a2 = i;

				if (!is_space_cp(next_cp(s, n, &i))) {
					i = a2;
					break;
				}
			}
			if (t->n) {
				t->sep_s = ss;
				t->sep_e = i;
			}
			continue;
		}
		if (t->n && t->e[t->n - 1] == at) {
			t->e[t->n - 1] = i;
		} else if (t->n < 8) {
			t->s[t->n] = at;
			t->e[t->n++] = i;
		} else {
			t->e[7] = i;
		}
	}
}

/* The surname and given-name entries for a name (kanji or kana). */
static void name_entries(struct kaigo_pseudo *ps, const char *s, size_t n, const struct pseudo_dict *d,
			 const struct pseudo_entry **sur, const struct pseudo_entry **giv, struct tokens *t)
{
	tokenize(s, n, t);
	if (t->n >= 2) {
		size_t a = t->n - 2, b = t->n - 1;

		*sur = pick(ps, "surname", &ps->surnames, s + t->s[a], t->e[a] - t->s[a], d);
		*giv = pick(ps, "given", &ps->given, s + t->s[b], t->e[b] - t->s[b], d);
	} else {
		*sur = pick(ps, "surname", &ps->surnames, s, n, d);
		*giv = pick(ps, "given", &ps->given, s, n, d);
	}
}

static int gen_name(struct kaigo_pseudo *ps, const char *s, size_t n, struct pseudo_dict *dict,
		    struct kaigo_buf *out)
{
	const struct pseudo_entry *sur, *giv;
	struct tokens t;

	if (n == 0)
		return 0;
	name_entries(ps, s, n, dict, &sur, &giv, &t);
	if (t.n >= 2) {
		size_t a = t.n - 2, b = t.n - 1;

		/* titles before the name (理事長 塩原 達也) stay */
		if (kaigo_buf_add(out, s, t.s[a]) < 0 || kaigo_buf_add(out, sur->text, strlen(sur->text)) < 0 ||
		    kaigo_buf_add(out, s + t.e[a], t.s[b] - t.e[a]) < 0 ||
		    kaigo_buf_add(out, giv->text, strlen(giv->text)) < 0 || kaigo_buf_add(out, s + t.e[b], n - t.e[b]) < 0)
			return -1;
		/* the parts alone, for free text; a one-character part is too common to look for */
		if (dict && t.e[a] - t.s[a] > 3 &&
		    pseudo_dict_add(dict, s + t.s[a], t.e[a] - t.s[a], sur->text, strlen(sur->text), -KAIGO_PSEUDO_NAME) < 0)
			return -1;
		if (dict && t.e[b] - t.s[b] > 3 &&
		    pseudo_dict_add(dict, s + t.s[b], t.e[b] - t.s[b], giv->text, strlen(giv->text), -KAIGO_PSEUDO_NAME) < 0)
			return -1;
		return 0;
	}
	if (kaigo_buf_add(out, sur->text, strlen(sur->text)) < 0 || kaigo_buf_add(out, giv->text, strlen(giv->text)) < 0)
		return -1;
	return 0;
}

/* How a reading is written: 0 katakana, 1 half-width katakana, 2 hiragana. */
static int kana_style(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned long cp = next_cp(s, n, &i);

		if (cp >= 0xFF66 && cp <= 0xFF9F)
			return 1;
		if (cp >= 0x3041 && cp <= 0x3096)
			return 2;
		if (cp >= 0x30A1 && cp <= 0x30FA)
			return 0;
	}
	return 0;
}

/* Half-width forms of ァ (U+30A1) ... ヶ (U+30F6); a second code point for voiced ones. */
static const unsigned short hw_base[] = {
	0xFF67, 0xFF71, 0xFF68, 0xFF72, 0xFF69, 0xFF73, 0xFF6A, 0xFF74, 0xFF6B, 0xFF75, /* ァ-オ */
	0xFF76, 0xFF76, 0xFF77, 0xFF77, 0xFF78, 0xFF78, 0xFF79, 0xFF79, 0xFF7A, 0xFF7A, /* カ-ゴ */
	0xFF7B, 0xFF7B, 0xFF7C, 0xFF7C, 0xFF7D, 0xFF7D, 0xFF7E, 0xFF7E, 0xFF7F, 0xFF7F, /* サ-ゾ */
	0xFF80, 0xFF80, 0xFF81, 0xFF81, 0xFF6F, 0xFF82, 0xFF82, 0xFF83, 0xFF83, 0xFF84, 0xFF84, /* タ-ド */
	0xFF85, 0xFF86, 0xFF87, 0xFF88, 0xFF89,                                         /* ナ-ノ */
	0xFF8A, 0xFF8A, 0xFF8A, 0xFF8B, 0xFF8B, 0xFF8B, 0xFF8C, 0xFF8C, 0xFF8C,         /* ハ-プ */
	0xFF8D, 0xFF8D, 0xFF8D, 0xFF8E, 0xFF8E, 0xFF8E,                                 /* ヘ-ポ */
	0xFF8F, 0xFF90, 0xFF91, 0xFF92, 0xFF93,                                         /* マ-モ */
	0xFF6C, 0xFF94, 0xFF6D, 0xFF95, 0xFF6E, 0xFF96,                                 /* ャ-ヨ */
	0xFF97, 0xFF98, 0xFF99, 0xFF9A, 0xFF9B,                                         /* ラ-ロ */
	0xFF9C, 0xFF9C, 0xFF72, 0xFF74, 0xFF66, 0xFF9D                                  /* ヮ-ン */
};

static int put_kana(struct kaigo_buf *out, const char *k, int style)
{
	size_t i = 0, n = strlen(k);

	while (i < n) {
		unsigned long cp = next_cp(k, n, &i);

		if (style == 2 && cp >= 0x30A1 && cp <= 0x30F6) {
			cp -= 0x60;
		} else if (style == 1 && cp >= 0x30A1 && cp <= 0x30F3) {
			static const char voiced[] = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
			static const char semi[] = "パピプペポ";
			char u[4];
			size_t len = (size_t)(put_cp(out, hw_base[cp - 0x30A1]) < 0 ? 0 : 1);

			if (!len)
				return -1;
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			u[3] = '\0';
			if (strstr(voiced, u) && put_cp(out, 0xFF9E) < 0)
				return -1;
			if (strstr(semi, u) && put_cp(out, 0xFF9F) < 0)
				return -1;
			continue;
		} else if (style == 1 && cp == 0x30FC) {
			cp = 0xFF70;
		}
		if (put_cp(out, cp) < 0)
			return -1;
	}
	return 0;
}

/*
 * フリガナ: the reading of the pseudonym of pair (the kanji name of the
 * same record) when there is one, else of a pseudonym chosen from the
 * reading itself; written in the input's script and with its separator.
 */
static int gen_kana(struct kaigo_pseudo *ps, const char *s, size_t n, const char *pair, size_t pn,
		    struct pseudo_dict *dict, struct kaigo_buf *out)
{
	const struct pseudo_entry *sur, *giv;
	struct tokens t, tk;
	int style = kana_style(s, n);

	if (n == 0)
		return 0;
	tokenize(s, n, &tk);
	if (pair && pn)
		name_entries(ps, pair, pn, dict, &sur, &giv, &t);
	else
		name_entries(ps, s, n, dict, &sur, &giv, &t);
	if (put_kana(out, sur->kana, style) < 0)
		return -1;
	if (tk.n >= 2 && kaigo_buf_add(out, s + tk.sep_s, tk.sep_e - tk.sep_s) < 0)
		return -1;
	if (put_kana(out, giv->kana, style) < 0)
		return -1;
	if (dict && tk.n >= 2) {
		/* the reading's parts, for free text, each to its new part */
		size_t a = tk.n - 2, b = tk.n - 1;
		struct kaigo_buf part = KAIGO_BUF_INIT;
		int rc = 0;

		if (tk.e[a] - tk.s[a] > 3) {
			rc |= put_kana(&part, sur->kana, style);
			rc |= pseudo_dict_add(dict, s + tk.s[a], tk.e[a] - tk.s[a], part.data ? part.data : "", part.len,
					      -KAIGO_PSEUDO_KANA);
		}
		kaigo_buf_reset(&part);
		if (tk.e[b] - tk.s[b] > 3) {
			rc |= put_kana(&part, giv->kana, style);
			rc |= pseudo_dict_add(dict, s + tk.s[b], tk.e[b] - tk.s[b], part.data ? part.data : "", part.len,
					      -KAIGO_PSEUDO_KANA);
		}
		kaigo_buf_release(&part);
		if (rc)
			return -1;
	}
	return 0;
}

static int cmp_listed(const void *a, const void *b)
{
	const struct pseudo_listed *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

int pseudo_listed_index(struct kaigo_pseudo *ps)
{
	const struct pseudo_list *l[2] = { &ps->surnames, &ps->given };
	size_t i, k, n = 0;

	free(ps->listed);
	ps->nlisted = 0;
	if (!(ps->listed = malloc((2 * (l[0]->n + l[1]->n) + 1) * sizeof(*ps->listed))))
		return -1;
	for (k = 0; k < 2; k++)
		for (i = 0; i < l[k]->n; i++) {
			const char *t[2] = { l[k]->e[i].text, l[k]->e[i].kana };

			for (int j = 0; j < 2; j++)
				if (t[j]) {
					ps->listed[n].hash = kaigo_hash_str(t[j]);
					ps->listed[n++].text = t[j];
				}
		}
	qsort(ps->listed, n, sizeof(*ps->listed), cmp_listed);
	ps->nlisted = n;
	return 0;
}

int pseudo_listed(const struct kaigo_pseudo *ps, const char *s)
{
	uint64_t h = kaigo_hash_str(s);
	size_t lo = 0, hi = ps->nlisted;

	/* the first entry with the hash of s, then those with the same hash */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->listed[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ps->nlisted && ps->listed[lo].hash == h; lo++)
		if (strcmp(ps->listed[lo].text, s) == 0)
			return 1;
	return 0;
}

int kaigo_pseudo_listed(const struct kaigo_pseudo *ps, const char *s)
{
	return pseudo_listed(ps, s);
}

/* Entry e written like s: its kanji when s holds a kanji, else its reading in the script of s. */
static int put_like(const struct pseudo_entry *e, const char *s, size_t n, struct kaigo_buf *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned long cp = next_cp(s, n, &i);

		if ((cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3005 /* 々 */)
			return kaigo_buf_add(out, e->text, strlen(e->text));
	}
	return put_kana(out, e->kana, kana_style(s, n));
}

int pseudo_surname(struct kaigo_pseudo *ps, const char *s, size_t n, const struct pseudo_dict *d,
		   struct kaigo_buf *out)
{
	return put_like(pick(ps, "surname", &ps->surnames, s, n, d), s, n, out);
}

int pseudo_given(struct kaigo_pseudo *ps, const char *s, size_t n, const struct pseudo_dict *d, struct kaigo_buf *out)
{
	return put_like(pick(ps, "given", &ps->given, s, n, d), s, n, out);
}

/* ---- addresses ---------------------------------------------------------- */

static const char *const prefectures[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
	"埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
	"岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
	"鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
	"佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"
};

/* Bytes of s that name the prefecture and the municipality (市区町村, 政令市の区 too). */
static size_t municipality_end(const char *s, size_t n)
{
	size_t i = 0, k, end = 0, chars = 0;

	for (k = 0; k < sizeof(prefectures) / sizeof(*prefectures); k++) {
		size_t pl = strlen(prefectures[k]);

		if (n >= pl && memcmp(s, prefectures[k], pl) == 0) {
			i = pl;
			break;
		}
	}
	while (i < n && chars < 10) {
		unsigned long cp = next_cp(s, n, &i);

		chars++;
		if (digit_of(cp) >= 0)
			break;
		if (cp == 0x5E02 /* 市 */ || cp == 0x533A /* 区 */ || cp == 0x753A /* 町 */ || cp == 0x6751 /* 村 */) {
			end = i;
			if (cp == 0x5E02) {
				/* 横浜市港北区: the ward belongs to the municipality */
				size_t j = i, c2 = 0;

				while (j < n && c2 < 5) {
					unsigned long c = next_cp(s, n, &j);

					c2++;
					if (digit_of(c) >= 0)
						break;
					if (c == 0x533A) {
						end = j;
						break;
					}
				}
			}
			break;
		}
	}
	return end;
}

static int has_digit_or_numeral(const char *s, size_t n, int *wide)
{
	size_t i = 0;
	int any = 0;

	*wide = 0;
	while (i < n) {
		unsigned long cp = next_cp(s, n, &i);

		if (digit_of(cp) >= 0) {
			if (!any)
				*wide = cp > 0x7F;
			any = 1;
		} else if (cp == 0x4E01 /* 丁 */ || cp == 0x756A /* 番 */ || cp == 0x53F7 /* 号 */) {
			any = 1;
		}
	}
	return any;
}

static int put_number(struct kaigo_buf *out, unsigned v, int wide)
{
	char d[16];
	int len = snprintf(d, sizeof(d), "%u", v), i;

	for (i = 0; i < len; i++)
		if (put_cp(out, digit_cp(d[i] - '0', wide)) < 0)
			return -1;
	return 0;
}

static int gen_address(struct kaigo_pseudo *ps, const char *s, size_t n, struct kaigo_buf *out)
{
	size_t keep = municipality_end(s, n);
	const struct pseudo_entry *town;
	uint64_t h;
	int wide;

	if (keep && ps->o.replace_municipality) {
		const struct pseudo_entry *m = pick(ps, "municipality", &ps->municipalities, s, keep, NULL);

		if (kaigo_buf_add(out, m->text, strlen(m->text)) < 0)
			return -1;
	} else if (kaigo_buf_add(out, s, keep) < 0) {
		return -1;
	}
	if (keep >= n)
		return 0; /* only the municipality: nothing below it */
	town = pick(ps, "town", &ps->towns, s + keep, n - keep, NULL);
	h = mac64(ps, "address", s + keep, n - keep);
	if (kaigo_buf_add(out, town->text, strlen(town->text)) < 0)
		return -1;
	if (has_digit_or_numeral(s + keep, n - keep, &wide)) {
		if (put_number(out, (unsigned)(1 + h % 5), wide) < 0 || kaigo_buf_add(out, "丁目", strlen("丁目")) < 0 ||
		    put_number(out, (unsigned)(1 + h / 5 % 30), wide) < 0 || kaigo_buf_add(out, "番", strlen("番")) < 0 ||
		    put_number(out, (unsigned)(1 + h / 150 % 20), wide) < 0 || kaigo_buf_add(out, "号", strlen("号")) < 0)
			return -1;
	}
	return 0;
}

static int gen_building(struct kaigo_pseudo *ps, const char *s, size_t n, struct kaigo_buf *out)
{
	const struct pseudo_entry *b;
	uint64_t h;
	int wide;

	if (n == 0)
		return 0;
	b = pick(ps, "building", &ps->buildings, s, n, NULL);
	h = mac64(ps, "room", s, n);
	if (kaigo_buf_add(out, b->text, strlen(b->text)) < 0)
		return -1;
	if (has_digit_or_numeral(s, n, &wide) &&
	    (put_number(out, (unsigned)(100 * (1 + h % 5) + 1 + h / 5 % 9), wide) < 0 ||
	     kaigo_buf_add(out, "号室", strlen("号室")) < 0))
		return -1;
	return 0;
}

/* ---- one value ---------------------------------------------------------- */

int pseudo_replace(struct kaigo_pseudo *ps, enum kaigo_pseudo_kind kind, const char *s, size_t n,
		   const char *pair, size_t pair_n, struct pseudo_dict *d, struct kaigo_buf *out)
{
	size_t start = out->len, i;
	int rc;

	if (n == 0)
		return kaigo_buf_add(out, "", 0);
	/* the same value again (every row of a person repeats it): the dictionary
	   has it; not a reading, which follows the name beside it */
	for (i = 0; d && kind != KAIGO_PSEUDO_KANA && i < d->n; i++)
		if (d->p[i].kind == (int)kind && d->p[i].flen == n && memcmp(d->p[i].from, s, n) == 0)
			return kaigo_buf_add(out, d->p[i].to, d->p[i].tlen);
	switch (kind) {
	case KAIGO_PSEUDO_NAME:
		rc = gen_name(ps, s, n, d, out);
		break;
	case KAIGO_PSEUDO_KANA:
		rc = gen_kana(ps, s, n, pair, pair_n, d, out);
		break;
	case KAIGO_PSEUDO_INSURED:
		rc = gen_insured(ps, s, n, ps->o.insured_keep, out);
		break;
	case KAIGO_PSEUDO_OFFICE:
		rc = gen_office(ps, s, n, out);
		break;
	case KAIGO_PSEUDO_BIRTHDATE:
		rc = gen_birthdate(ps, s, n, out);
		if (rc == 0 && d) {
			/* the date as 和暦 too: that is how free text writes it */
			struct kaigo_era_result a, b;
			char wa[48], wb[48];
			size_t la, lb;

			if (kaigo_era_parse(s, n, &a) == KAIGO_ERA_OK && a.date.day &&
			    kaigo_era_parse(out->data + start, out->len - start, &b) == KAIGO_ERA_OK &&
			    (la = kaigo_era_format_wareki(&a.date, wa)) && (lb = kaigo_era_format_wareki(&b.date, wb)) &&
			    pseudo_dict_add(d, wa, la, wb, lb, KAIGO_PSEUDO_BIRTHDATE) < 0)
				return -1;
		}
		break;
	case KAIGO_PSEUDO_ADDRESS:
		rc = gen_address(ps, s, n, out);
		if (rc == 0 && d && !ps->o.replace_municipality) {
			size_t keep = municipality_end(s, n);

			if (n - keep > 6 && out->len - start >= keep &&
			    pseudo_dict_add(d, s + keep, n - keep, out->data + start + keep, out->len - start - keep,
					    KAIGO_PSEUDO_ADDRESS) < 0)
				return -1;
		}
		break;
	case KAIGO_PSEUDO_BUILDING:
		rc = gen_building(ps, s, n, out);
		break;
	case KAIGO_PSEUDO_POSTAL:
		rc = gen_postal(ps, s, n, pair, pair_n, out);
		break;
	case KAIGO_PSEUDO_PHONE:
		rc = gen_phone(ps, s, n, out);
		break;
	default:
		return kaigo_buf_add(out, s, n);
	}
	if (rc < 0)
		return -1;
	if (d && pseudo_dict_add(d, s, n, out->data + start, out->len - start, (int)kind) < 0)
		return -1;
	return 0;
}

int kaigo_pseudo_value(struct kaigo_pseudo *ps, enum kaigo_pseudo_kind kind, const char *s, size_t n,
		       const char *pair, size_t pair_n, struct kaigo_buf *out)
{
	return pseudo_replace(ps, kind, s, n, pair, pair_n, NULL, out);
}
