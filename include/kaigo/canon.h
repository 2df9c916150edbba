/*
 * canon.h - the canonical matching text of the privacy checks, with a map
 * back to the original bytes (docs/publish.md, "Privacy").
 *
 * Personal data hides behind ordinary variants of writing: full-width
 * digits, a dot or 中黒 between the groups of a phone number, kanji
 * numerals, a letter O for a zero, an invisible character or a line break
 * inside a number or a name.  The checks are written once, for one form of
 * the text, in which all of these are the same.  The canonical form of a
 * text is, in this order:
 *   1. each character replaced by its NFKC form (ｶ→カ, ０→0, ﾀﾞ→ダ, ①→1);
 *      a byte that is not UTF-8 becomes U+FFFD;
 *   2. white space (line breaks included: a text is one line), format
 *      characters (Cf: U+200B, U+2060, U+00AD, U+FEFF…), variation
 *      selectors and other default-ignorable characters, and combining
 *      marks other than the kana voicing marks removed;
 *   3. kanji numerals read as digits where they write a number: a run of
 *      〇零一二三四五六七八九 of three or more, or of any length next to an
 *      ASCII digit or followed by 年/月/日 in a date (昭和十一年五月十四日 →
 *      昭和11年5月14日, with 十 read positionally);
 *   4. a letter O/o (0) or l/I (1) read as a digit inside a run of digits
 *      that no other Latin letter touches (O9O → 090, Tel stays);
 *   5. every run of separators between two digits (any dash, wave, dot,
 *      中黒, slash, colon, underscore, の, white space) replaced by one '-',
 *      or by one ' ' when the run is only white space (080 1234 5678:
 *      two numbers side by side stay two numbers).
 * Every byte of the canonical text maps to the original character(s) it
 * came from, so a range found in it is a range of the original.
 */
#ifndef KAIGO_CANON_H
#define KAIGO_CANON_H

#include <stddef.h>

struct kaigo_canon {
	char *text;    /* the canonical text, UTF-8, NUL-terminated; owned */
	size_t len;    /* bytes in text (without the NUL) */
	size_t *from;  /* per byte of text: offset in the original of the first byte it came from; owned */
	size_t *to;    /* per byte of text: offset just past the last original byte it came from; owned */
};

#define KAIGO_CANON_INIT { NULL, 0, NULL, NULL }

/*
 * Make the canonical form of s (n bytes) into c (initialised with
 * KAIGO_CANON_INIT or released).  Time and memory linear in n.  Returns 0,
 * or -1 when out of memory (c is then empty).
 */
int kaigo_canon_make(struct kaigo_canon *c, const char *s, size_t n);

/* The original byte range [*os, *oe) of the canonical range [cs, ce) (cs < ce <= c->len). */
void kaigo_canon_span(const struct kaigo_canon *c, size_t cs, size_t ce, size_t *os, size_t *oe);

void kaigo_canon_release(struct kaigo_canon *c);

/*
 * 12 bits of the UTF-8 character starting s (n >= 2 bytes left), for
 * filters of where a value may start in a text: the low six bits of its
 * second and third bytes when it is three or four bytes long (every kana
 * its own; kanji collide only across lead bytes), else of its first two.
 * A value and the text where it occurs have the same key.
 */
static inline unsigned kaigo_char_key(const unsigned char *s, size_t n)
{
	if (s[0] >= 0xE0 && n >= 3)
		return (s[1] & 63u) << 6 | (s[2] & 63u);
	return (s[0] & 63u) << 6 | (s[1] & 63u);
}

#endif
