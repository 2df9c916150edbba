/*
 * codec.h - character encodings through ICU converters.
 *
 * kaigo reads and writes UTF-8, CP932 and EUC-JP.  "shift_jis", "sjis",
 * "ms932" and "windows-31j" all mean CP932 (Microsoft's table), as they do
 * in ICU, iconv's CP932 and every Japanese Windows export: 〜 0x8160 is
 * U+FF5E, 0x5C is '\'.  Before CP932 output the JIS-style code points that
 * CP932 cannot hold are folded to their CP932 twins (U+301C→U+FF5E,
 * U+2212→U+FF0D, U+2014→U+2015, U+2016→U+2225, U+00A2/A3/AC→U+FFE0/E1/E2,
 * U+00A5→U+FFE5; domain/careplan.md §8.3); EUC-JP output gets the same
 * folding, because ICU's EUC-JP table makes the same choices.  Nothing is ever substituted
 * silently: invalid input bytes and unmappable characters are reported
 * with their position.
 */
#ifndef KAIGO_CODEC_H
#define KAIGO_CODEC_H

#include <stddef.h>
#include "kaigo/buf.h"

enum kaigo_enc {
	KAIGO_ENC_UTF8 = 0,
	KAIGO_ENC_CP932,
	KAIGO_ENC_EUCJP
};

/* Encoding by name (case-insensitive).  Returns 0, or -1 if unknown. */
int kaigo_codec_parse(const char *name, enum kaigo_enc *enc);
/* Canonical name: "utf-8", "cp932", "euc-jp". */
const char *kaigo_codec_name(enum kaigo_enc enc);

struct kaigo_codec;

/*
 * Returns a new converter between enc and UTF-8, free with
 * kaigo_codec_free; NULL with a message in err if ICU lacks it.
 */
struct kaigo_codec *kaigo_codec_new(enum kaigo_enc enc, char *err, size_t errsz);
void kaigo_codec_free(struct kaigo_codec *c);

/*
 * Decode src[0..n) (whole characters, e.g. whole lines) from the codec's
 * encoding to UTF-8, appended to out.  Returns 0 for clean text, 1 when
 * the text holds NUL or private-use characters (the caller must look),
 * or -1 if src holds an invalid or truncated byte sequence: *bad_off is
 * its offset in src and *bad_len its length (out is then unchanged).
 */
int kaigo_codec_decode(struct kaigo_codec *c, const char *src, size_t n, struct kaigo_buf *out,
		       size_t *bad_off, size_t *bad_len);

/*
 * Encode the UTF-8 text s[0..n) to the codec's encoding, appended to out.
 * CP932 and EUC-JP output fold the JIS-style code points first.  Returns the number
 * of characters that cannot be encoded (each written as '?'); for the
 * first one, *bad_off is its byte offset in s and *bad_cp its code point.
 * Returns -1 when out of memory or when s is not valid UTF-8.
 */
long kaigo_codec_encode(struct kaigo_codec *c, const char *s, size_t n, struct kaigo_buf *out,
			size_t *bad_off, unsigned long *bad_cp);

/* The encoding c converts (borrowed c). */
enum kaigo_enc kaigo_codec_enc(const struct kaigo_codec *c);

/* The CP932 twin of a JIS-style code point, or cp itself. */
unsigned long kaigo_codec_fold_cp932(unsigned long cp);

#endif
