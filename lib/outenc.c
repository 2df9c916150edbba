/*
 * outenc.c - output encodings for Excel users (see include/kaigo/outenc.h).
 *
 * CP932 goes through kaigo_codec_encode, the converter and folding that
 * kaigo-normalize --to cp932 uses; this file only finds and names every
 * character the codec could not encode, because the codec names the first
 * one and writes '?' for each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kaigo/codec.h"
#include "kaigo/outenc.h"

struct kaigo_outenc {
	enum kaigo_outenc_kind kind;
	struct kaigo_codec *codec; /* owned; CP932 only */
	struct kaigo_buf scratch;  /* the encoding of one character while searching */
};

int kaigo_outenc_parse(const char *name, enum kaigo_outenc_kind *kind)
{
	if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
		*kind = KAIGO_OUTENC_UTF8;
	else if (!strcasecmp(name, "utf-8-bom") || !strcasecmp(name, "utf8-bom"))
		*kind = KAIGO_OUTENC_UTF8_BOM;
	else if (!strcasecmp(name, "cp932"))
		*kind = KAIGO_OUTENC_CP932;
	else
		return -1;
	return 0;
}

const char *kaigo_outenc_preamble(enum kaigo_outenc_kind kind, size_t *len)
{
	*len = kind == KAIGO_OUTENC_UTF8_BOM ? 3 : 0;
	return kind == KAIGO_OUTENC_UTF8_BOM ? "\xEF\xBB\xBF" : "";
}

struct kaigo_outenc *kaigo_outenc_new(enum kaigo_outenc_kind kind, char *err, size_t errsz)
{
	struct kaigo_outenc *e = calloc(1, sizeof(*e));

	if (!e) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	e->kind = kind;
	if (kind == KAIGO_OUTENC_CP932 && !(e->codec = kaigo_codec_new(KAIGO_ENC_CP932, err, errsz))) {
		free(e);
		return NULL;
	}
	return e;
}

void kaigo_outenc_free(struct kaigo_outenc *e)
{
	if (!e)
		return;
	kaigo_codec_free(e->codec);
	kaigo_buf_release(&e->scratch);
	free(e);
}

enum kaigo_outenc_kind kaigo_outenc_kind_of(const struct kaigo_outenc *e)
{
	return e->kind;
}

/* Bytes of the UTF-8 sequence that starts with c (1 for a stray byte). */
static size_t seqlen(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

long kaigo_outenc_convert(struct kaigo_outenc *e, const char *s, size_t n, struct kaigo_buf *out,
			  const char *file, unsigned long line, struct kaigo_diag_sink *sink)
{
	size_t off, i, k, bad_off = 0;
	unsigned long cp = 0, oline = 1, col = 1;
	long bad, found = 0;

	if (!e->codec)
		return kaigo_buf_add(out, s, n) < 0 ? -1 : 0;
	bad = kaigo_codec_encode(e->codec, s, n, out, &bad_off, &cp);
	if (bad <= 0)
		return bad;
	/* name each one: encode the rest one character at a time from the first bad one */
	for (i = 0, off = 0; off < n; off += k) {
		k = seqlen((unsigned char)s[off]);
		if (off + k > n)
			k = n - off;
		for (; i < off; i++) { /* line and column of off in this output piece */
			if (s[i] == '\n') {
				oline++;
				col = 1;
			} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		if (off < bad_off)
			continue;
		kaigo_buf_reset(&e->scratch);
		if (kaigo_codec_encode(e->codec, s + off, k, &e->scratch, &bad_off, &cp) == 0)
			continue;
		found++;
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "publish.unmappable",
				  "U+%04lX '%.*s' cannot be written in cp932 (output line %lu, column %lu in "
				  "characters, of this record); change the text or use --encoding utf-8-bom",
				  cp, (int)k, s + off, oline, col);
	}
	return found ? found : bad;
}
