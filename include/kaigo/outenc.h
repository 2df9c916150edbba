/*
 * outenc.h - the encodings kaigo-publish writes CSV and text in, for Excel
 * users (docs/publish.md, "Encodings").
 *
 * Excel opens a CSV file without a byte order mark in the system's ANSI
 * code page, which on Japanese Windows is CP932: UTF-8 open data then
 * shows as mojibake.  Three output encodings are offered:
 *   utf-8      as the stylesheet wrote it (the default);
 *   utf-8-bom  the same bytes after EF BB BF, which Excel takes as UTF-8;
 *   cp932      through the ICU codec of include/kaigo/codec.h, with the
 *              JIS-style code points folded to their CP932 twins (as
 *              kaigo-normalize --to cp932 does).  A character CP932 cannot
 *              hold is an error with its position, never replaced.
 */
#ifndef KAIGO_OUTENC_H
#define KAIGO_OUTENC_H

#include <stddef.h>

#include "kaigo/buf.h"
#include "kaigo/diag.h"

enum kaigo_outenc_kind {
	KAIGO_OUTENC_UTF8 = 0,
	KAIGO_OUTENC_UTF8_BOM,
	KAIGO_OUTENC_CP932
};

/* "utf-8", "utf-8-bom" or "cp932" (case-insensitive).  Returns 0, or -1. */
int kaigo_outenc_parse(const char *name, enum kaigo_outenc_kind *kind);

/* The bytes that open a file in this encoding (the BOM), borrowed; *len 0 for none. */
const char *kaigo_outenc_preamble(enum kaigo_outenc_kind kind, size_t *len);

struct kaigo_outenc;

/*
 * Returns a new encoder, free with kaigo_outenc_free; NULL with a message
 * in err when ICU lacks the converter.
 */
struct kaigo_outenc *kaigo_outenc_new(enum kaigo_outenc_kind kind, char *err, size_t errsz);
void kaigo_outenc_free(struct kaigo_outenc *e);
/* The encoding e writes (borrowed e). */
enum kaigo_outenc_kind kaigo_outenc_kind_of(const struct kaigo_outenc *e);

/*
 * Append the UTF-8 text s[0..n) to out in the encoder's encoding.  Every
 * character the encoding cannot hold is reported to sink as an error
 * (rule "publish.unmappable") against file and line (the record's line),
 * naming the code point, the character and where it is in this piece of
 * output (line and column, columns counting characters); out then holds
 * no usable text.  Returns the number of such characters (0: out is
 * good), or -1 when out of memory or s is not valid UTF-8.
 */
long kaigo_outenc_convert(struct kaigo_outenc *e, const char *s, size_t n, struct kaigo_buf *out,
			  const char *file, unsigned long line, struct kaigo_diag_sink *sink);

#endif
