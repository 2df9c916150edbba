/*
 * normfile.c - kaigo-normalize's text, CSV and XML drivers
 * (see include/kaigo/normfile.h).
 *
 * The drivers own the "nothing lost" rules; the per-value work is
 * kaigo_norm_value.  Diagnostics carry the physical line, the column in
 * characters and, for encoding errors, the byte offset in the input file,
 * because that is what a person needs to open the file at the right place.
 */
#include <limits.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "kaigo/csv.h"
#include "kaigo/i18n.h"
#include "kaigo/normfile.h"
#include "kaigo/xmlin.h"

/* Characters (code points) in UTF-8 text s[0..n). */
static unsigned long count_chars(const char *s, size_t n)
{
	unsigned long c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* msg is English (jsonl); tr its translation, or NULL to look msg up when
   the diagnostic is rendered as text (a fixed message marked N_()) */
static void report_tr(struct kaigo_normrun *r, const char *file, enum kaigo_severity sev,
		      unsigned long line, unsigned long col, long long byte, const char *rule,
		      const char *msg, const char *tr)
{
	struct kaigo_diag d;

	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.file = file;
	d.line = line;
	d.column = col;
	d.byte_offset = byte;
	d.rule = rule;
	d.message = msg;
	d.translated = tr;
	kaigo_diag_emit(r->sink, &d);
}

static void report(struct kaigo_normrun *r, const char *file, enum kaigo_severity sev,
		   unsigned long line, unsigned long col, long long byte, const char *rule,
		   const char *msg)
{
	report_tr(r, file, sev, line, col, byte, rule, msg, NULL);
}

/*
 * Normalize one value; on success r->val holds the result, on error the
 * input itself (unchanged) and the problem is reported at line/col0 +
 * the issue's column (col0 is the column of the value's first character,
 * 0 if unknown) and at byte byte0 + the issue's offset (byte0 is the input
 * offset of the value when the value is the input's own bytes, else -1).
 */
static void normalize(struct kaigo_normrun *r, struct kaigo_norm *nz, const char *file,
		      const char *s, size_t n, unsigned long line, unsigned long col0,
		      long long byte0, const char *what)
{
	struct kaigo_norm_issue is;
	enum kaigo_norm_status st;
	char msg[320], tr[520];

	kaigo_buf_reset(&r->val);
	if (!nz) {
		kaigo_buf_add(&r->val, s, n);
		return;
	}
	st = r->clean ? kaigo_norm_value_valid(nz, s, n, &r->val, &is)
		      : kaigo_norm_value(nz, s, n, &r->val, &is);
	if (st == KAIGO_NORM_OK)
		return;
	snprintf(msg, sizeof(msg), "%s%s%s", is.message, what ? " " : "", what ? what : "");
	/* what, "(text of <x>)" and the like, stays English */
	snprintf(tr, sizeof(tr), "%s%s%s", is.translated, what ? " " : "", what ? what : "");
	report_tr(r, file, st == KAIGO_NORM_ERROR ? KAIGO_SEV_ERROR : KAIGO_SEV_WARNING, line,
		  col0 ? col0 + is.column - 1 : 0, byte0 >= 0 ? byte0 + (long long)is.offset : -1,
		  is.rule, msg, tr);
	if (st == KAIGO_NORM_ERROR) {
		kaigo_buf_reset(&r->val);
		kaigo_buf_add(&r->val, s, n);
	}
}

/*
 * Column (0-based, in characters) in the input value orig of the character
 * found at byte off of the normalized text s: the first place the same
 * character occurs in orig, since normalization rarely creates one that
 * the output encoding lacks; the position in s if it does not occur.
 */
static unsigned long input_column(const char *s, size_t off, const char *orig, size_t orig_n)
{
	size_t k = 1;
	const char *p;

	while (off + k < strlen(s) && ((unsigned char)s[off + k] & 0xC0) == 0x80)
		k++;
	if (orig) {
		for (p = orig; p + k <= orig + orig_n; p++)
			if (memcmp(p, s + off, k) == 0)
				return count_chars(orig, (size_t)(p - orig));
	}
	return count_chars(s, off);
}

/*
 * Encode s into the output encoding and write it; orig is the input value
 * it came from (for locating unmappable characters), or NULL.
 */
static int emit_value(struct kaigo_normrun *r, const char *file, const char *s, size_t n,
		      unsigned long line, unsigned long col0, const char *orig, size_t orig_n)
{
	if (r->to) {
		size_t off = 0;
		unsigned long cp = 0;
		long bad;

		kaigo_buf_reset(&r->enc);
		bad = kaigo_codec_encode(r->to, s, n, &r->enc, &off, &cp);
		if (bad < 0) {
			/* only reachable with invalid UTF-8 passed through: keep the bytes */
			return kaigo_output_write(r->out, s, n, r->sink);
		}
		if (bad > 0) {
			char msg[160], tr[320];

			snprintf(msg, sizeof(msg),
				 "U+%04lX cannot be written in %s; written as '?'%s", cp,
				 kaigo_codec_name(kaigo_codec_enc(r->to)), bad > 1 ? " (with others on this line)" : "");
			snprintf(tr, sizeof(tr),
				 _("U+%04lX cannot be written in %s; written as '?'%s"), cp,
				 kaigo_codec_name(kaigo_codec_enc(r->to)), bad > 1 ? _(" (with others on this line)") : "");
			report_tr(r, file, KAIGO_SEV_ERROR, line,
				  col0 ? col0 + input_column(s, off, orig, orig_n) : 0, -1,
				  "norm.unmappable", msg, tr);
		}
		return kaigo_output_write(r->out, r->enc.data, r->enc.len, r->sink);
	}
	return kaigo_output_write(r->out, s, n, r->sink);
}

/*
 * Decode s[0..n) into r->dec (r->from must be set); s starts at physical
 * line `line` and input byte `offset` and may span several lines.  Returns
 * 0 for clean text, 1 for text with NUL or private-use characters; on an
 * invalid sequence, reports it with its own line, column and byte offset
 * and returns -1 (the caller writes the raw bytes).
 */
static int decode(struct kaigo_normrun *r, const char *file, const char *s, size_t n,
		  unsigned long line, long long offset, const char *what)
{
	size_t off = 0, len = 0, bol = 0, i;
	char msg[240], tr[400], hex[32] = "";
	unsigned long col = 1;
	int rc;

	kaigo_buf_reset(&r->dec);
	rc = kaigo_codec_decode(r->from, s, n, &r->dec, &off, &len);
	if (rc >= 0)
		return rc; /* 1: holds NUL or private use, the normalizer must look */
	for (i = 0; i < len && i < 4; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), "%s0x%02X", i ? " " : "",
			 (unsigned char)s[off + i]);
	/* LF is never part of a CP932 or EUC-JP character: count lines on the bytes */
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			line++;
			bol = i + 1;
		}
	/* the column is the number of characters decoded before the bad bytes */
	kaigo_buf_reset(&r->dec);
	if (off > bol) {
		size_t o2, l2;

		if (kaigo_codec_decode(r->from, s + bol, off - bol, &r->dec, &o2, &l2) >= 0)
			col = count_chars(r->dec.data, r->dec.len) + 1;
	}
	snprintf(msg, sizeof(msg), "invalid %s byte sequence %s at byte %lld; %s written unchanged",
		 kaigo_codec_name(kaigo_codec_enc(r->from)), hex, offset + (long long)off, what);
	/* what ("line", "record") is marked N_() by the callers */
	snprintf(tr, sizeof(tr), _("invalid %s byte sequence %s at byte %lld; %s written unchanged"),
		 kaigo_codec_name(kaigo_codec_enc(r->from)), hex, offset + (long long)off, _(what));
	report_tr(r, file, KAIGO_SEV_ERROR, line, col, offset + (long long)off, "norm.invalid-byte", msg, tr);
	return -1;
}

/* Split a line into content and terminator length. */
static size_t eol_len(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		return n >= 2 && s[n - 2] == '\r' ? 2 : 1;
	return 0;
}

/* Refuse UTF-16 (it would be read as garbage); skip a UTF-8 byte order mark. */
static int check_start(struct kaigo_normrun *r, const char *file, const char **s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)*s;

	if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		report(r, file, KAIGO_SEV_ERROR, 1, 1, 0, "norm.utf16",
		       N_("input starts with a UTF-16 byte order mark; kaigo reads utf-8, cp932 "
			  "or euc-jp (convert it with iconv -f UTF-16 first)"));
		return -1;
	}
	if (!r->from && *n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*s += 3;
		*n -= 3;
	}
	return 0;
}

int kaigo_normrun_text(struct kaigo_normrun *r, struct kaigo_input *in)
{
	struct kaigo_lines lr;
	struct kaigo_line ln;
	int rc, first = 1;

	if (kaigo_lines_init(&lr, in, r->max_line) < 0)
		return -1;
	while ((rc = kaigo_lines_next(&lr, &ln, r->sink)) > 0) {
		const char *s = ln.data;
		size_t n = ln.len, el;

		/* the previous input ended without a newline: its last line and
		   this input's first stay two lines (one output line per input line) */
		if (r->open_line && !ln.continued) {
			if (kaigo_output_write(r->out, "\n", 1, r->sink) < 0)
				goto fail;
			r->open_line = 0;
		}
		r->open_line = ln.len > 0 && ln.data[ln.len - 1] != '\n' && !ln.partial;

		if (ln.partial || ln.continued) {
			if (!ln.continued) {
				char msg[128], tr[256];

				snprintf(msg, sizeof(msg), "line longer than %zu bytes written unchanged",
					 lr.max_line);
				snprintf(tr, sizeof(tr), _("line longer than %zu bytes written unchanged"),
					 lr.max_line);
				report_tr(r, in->name, KAIGO_SEV_ERROR, ln.number, 1, ln.offset,
					  "norm.line-too-long", msg, tr);
			}
			if (kaigo_output_write(r->out, s, n, r->sink) < 0)
				goto fail;
			continue;
		}
		if (first) {
			first = 0;
			if (check_start(r, in->name, &s, &n) < 0)
				goto fail;
		}
		el = eol_len(s, n);
		if (!r->from) {
			/* UTF-8 input is normalized in place, without a copy */
			normalize(r, r->nz, in->name, s, n - el, ln.number, 1,
				  ln.offset + (long long)(s - ln.data), NULL);
		} else if ((rc = decode(r, in->name, s, n - el, ln.number, ln.offset, N_("line"))) < 0) {
			if (kaigo_output_write(r->out, s, n, r->sink) < 0)
				goto fail;
			continue;
		} else {
			r->clean = rc == 0;
			normalize(r, r->nz, in->name, r->dec.data, r->dec.len, ln.number, 1, -1, NULL);
			r->clean = 0;
		}
		if (emit_value(r, in->name, r->val.data, r->val.len, ln.number, 1,
			       r->from ? r->dec.data : s, r->from ? r->dec.len : n - el) < 0 ||
		    kaigo_output_write(r->out, s + n - el, el, r->sink) < 0)
			goto fail;
	}
	kaigo_lines_release(&lr);
	return rc < 0 ? -1 : 0;
fail:
	kaigo_lines_release(&lr);
	return -1;
}

/*
 * The CSV reader's line source: physical lines as they are in the input.
 * Records are split on the raw bytes ('"', ',', CR and LF never occur
 * inside a CP932 or EUC-JP character), so CSV diagnostics count input
 * bytes, and a record that cannot be decoded can be written unchanged.
 */
struct csv_src {
	struct kaigo_normrun *r;  /* the run */
	struct kaigo_lines *lr;   /* physical lines of the input */
	const char *file;         /* input name */
	int first;                /* no line read yet */
	int failed;               /* a read failed, a line was too long, or UTF-16 */
};

static int csv_next(void *ctx, const char **line, size_t *len)
{
	struct csv_src *cs = ctx;
	struct kaigo_line ln;
	int rc = kaigo_lines_next(cs->lr, &ln, cs->r->sink);

	if (rc <= 0) {
		cs->failed = rc < 0;
		return rc;
	}
	if (ln.partial) {
		report(cs->r, cs->file, KAIGO_SEV_ERROR, ln.number, 1, ln.offset, "norm.line-too-long",
		       N_("CSV line too long to process"));
		cs->failed = 1;
		return -1;
	}
	*line = ln.data;
	*len = ln.len;
	if (cs->first) {
		cs->first = 0;
		if (check_start(cs->r, cs->file, line, len) < 0) {
			cs->failed = 1;
			return -1;
		}
	}
	return 1;
}

/*
 * Write a record that is not normalized (the header, or a malformed one):
 * unchanged, but in the output encoding; raw bytes if it cannot be decoded.
 */
static int csv_pass(struct kaigo_normrun *r, const char *file, const struct kaigo_csv_record *rec)
{
	const char *s = rec->raw;
	size_t n = rec->raw_len;

	if (r->from) {
		if (decode(r, file, s, n, rec->line, rec->offset, N_("record")) < 0)
			return kaigo_output_write(r->out, s, n, r->sink);
		s = r->dec.data;
		n = r->dec.len;
	}
	return emit_value(r, file, s, n, rec->line, 0, NULL, 0);
}

static struct kaigo_norm *column_profile(struct kaigo_normrun *r, unsigned long col, int *set)
{
	size_t i;

	*set = 1;
	if (!r->ncols)
		return r->nz;
	for (i = r->ncols; i-- > 0;)
		if (col >= r->cols[i].first && col <= r->cols[i].last)
			return r->cols[i].nz;
	*set = 0;
	return NULL;
}

int kaigo_normrun_csv(struct kaigo_normrun *r, struct kaigo_input *in)
{
	struct kaigo_lines lr;
	struct csv_src cs;
	struct kaigo_line_source src = { csv_next, &cs };
	struct kaigo_csv_reader *rd;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	int ret = 0;

	if (kaigo_lines_init(&lr, in, 64u * 1024 * 1024 + 1) < 0)
		return -1;
	memset(&cs, 0, sizeof(cs));
	cs.r = r;
	cs.lr = &lr;
	cs.file = in->name;
	cs.first = 1;
	rd = kaigo_csv_reader_new(&src, in->name, 0, r->sink);
	if (!rd) {
		kaigo_lines_release(&lr);
		return -1;
	}
	while ((st = kaigo_csv_read(rd, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		size_t i;

		if (st == KAIGO_CSV_BAD || (r->header && rec->number == 1)) {
			if (csv_pass(r, in->name, rec) < 0)
				goto fail;
			continue;
		}
		/* decode the whole record first: a bad byte is then reported at its
		   own line, column and offset, and the record written unchanged */
		if (r->from && decode(r, in->name, rec->raw, rec->raw_len, rec->line, rec->offset,
				      N_("record")) < 0) {
			if (kaigo_output_write(r->out, rec->raw, rec->raw_len, r->sink) < 0)
				goto fail;
			continue;
		}
		kaigo_buf_reset(&r->rec);
		for (i = 0; i < rec->nfields; i++) {
			const struct kaigo_csv_field *f = &rec->fields[i];
			int set;
			struct kaigo_norm *nz = column_profile(r, i + 1, &set);
			const char *v = f->data;
			size_t vn = f->len;
			char where[48];

			if (r->from) {
				/* cannot fail: the whole record decoded */
				size_t o, l;

				kaigo_buf_reset(&r->dec);
				kaigo_codec_decode(r->from, f->data, f->len, &r->dec, &o, &l);
				v = r->dec.data ? r->dec.data : "";
				vn = r->dec.len;
			}
			snprintf(where, sizeof(where), "(record %lu, field %zu)", rec->number, i + 1);
			if (i)
				kaigo_buf_addch(&r->rec, ',');
			if (set && nz) {
				normalize(r, nz, in->name, v, vn, rec->line, 0, -1, where);
			} else {
				kaigo_buf_reset(&r->val);
				kaigo_buf_add(&r->val, v, vn);
			}
			if (kaigo_csv_put_field(&r->rec, r->val.data ? r->val.data : "", r->val.len,
						f->quoted) < 0)
				goto fail;
		}
		kaigo_buf_add(&r->rec, rec->eol, strlen(rec->eol));
		if (emit_value(r, in->name, r->rec.data, r->rec.len, rec->line, 0, NULL, 0) < 0)
			goto fail;
	}
	if (st == KAIGO_CSV_FAIL || cs.failed)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_csv_reader_free(rd);
	kaigo_lines_release(&lr);
	return ret;
}

/* Append s with the XML escapes needed in text (attr = 0) or an attribute value. */
static int xml_escape(struct kaigo_buf *b, const char *s, size_t n, int attr)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		default: break;
		}
		if (rep) {
			if (kaigo_buf_add(b, s + from, i - from) < 0 || kaigo_buf_add(b, rep, strlen(rep)) < 0)
				return -1;
			from = i + 1;
		}
	}
	return kaigo_buf_add(b, s + from, n - from);
}

/* Normalize an XML text or attribute value found at line. */
static void xml_value(struct kaigo_normrun *r, const char *file, const xmlChar *v,
		      unsigned long line, const char *what)
{
	const char *s = (const char *)v;

	normalize(r, r->nz, file, s, strlen(s), line, 0, -1, what);
}

int kaigo_normrun_xml(struct kaigo_normrun *r, struct kaigo_input *in)
{
	struct kaigo_xmlin x;
	int rc, ret = 0;
	struct kaigo_buf *b = &r->rec;
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

	if (kaigo_xmlin_open(&x, in, r->from_name, r->sink) < 0)
		return -1;
	if (kaigo_output_write(r->out, decl, sizeof(decl) - 1, r->sink) < 0)
		goto fail;
	while ((rc = xmlTextReaderRead(x.reader)) == 1) {
		int type = xmlTextReaderNodeType(x.reader);
		int depth = xmlTextReaderDepth(x.reader);
		xmlNodePtr node = xmlTextReaderCurrentNode(x.reader);
		long nl = node ? xmlGetLineNo(node) : -1;
		unsigned long line = nl > 0 ? (unsigned long)nl
				     : (unsigned long)xmlTextReaderGetParserLineNumber(x.reader);
		const xmlChar *name = xmlTextReaderConstName(x.reader);
		const xmlChar *value;
		char what[160];

		kaigo_buf_reset(b);
		switch (type) {
		case XML_READER_TYPE_ELEMENT: {
			int empty = xmlTextReaderIsEmptyElement(x.reader);

			kaigo_buf_addf(b, "<%s", (const char *)name);
			while (xmlTextReaderMoveToNextAttribute(x.reader) == 1) {
				const xmlChar *an = xmlTextReaderConstName(x.reader);

				value = xmlTextReaderConstValue(x.reader);
				kaigo_buf_addf(b, " %s=\"", (const char *)an);
				if (xmlTextReaderIsNamespaceDecl(x.reader)) {
					xml_escape(b, (const char *)value, strlen((const char *)value), 1);
				} else {
					snprintf(what, sizeof(what), "(attribute %s of <%s>)",
						 (const char *)an, (const char *)name);
					xml_value(r, in->name, value, line, what);
					xml_escape(b, r->val.data, r->val.len, 1);
				}
				kaigo_buf_addch(b, '"');
			}
			xmlTextReaderMoveToElement(x.reader);
			kaigo_buf_add(b, empty ? "/>" : ">", empty ? 2 : 1);
			if (empty && depth == 0)
				kaigo_buf_addch(b, '\n');
			break;
		}
		case XML_READER_TYPE_END_ELEMENT:
			kaigo_buf_addf(b, "</%s>%s", (const char *)name, depth == 0 ? "\n" : "");
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA: {
			const xmlChar *parent = node && node->parent ? node->parent->name : NULL;

			value = xmlTextReaderConstValue(x.reader);
			snprintf(what, sizeof(what), "(text of <%s>)", parent ? (const char *)parent : "?");
			xml_value(r, in->name, value, line, what);
			if (type == XML_READER_TYPE_TEXT) {
				xml_escape(b, r->val.data, r->val.len, 0);
			} else {
				/* a "]]>" inside must be split across two sections */
				const char *s = r->val.data, *e = s + r->val.len, *p;

				kaigo_buf_add(b, "<![CDATA[", 9);
				while ((p = strstr(s, "]]>")) != NULL && p < e) {
					kaigo_buf_add(b, s, (size_t)(p - s) + 2);
					kaigo_buf_add(b, "]]><![CDATA[", 12);
					s = p + 2;
				}
				kaigo_buf_add(b, s, (size_t)(e - s));
				kaigo_buf_add(b, "]]>", 3);
			}
			break;
		}
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			value = xmlTextReaderConstValue(x.reader);
			xml_escape(b, (const char *)value, strlen((const char *)value), 0);
			break;
		case XML_READER_TYPE_COMMENT:
			value = xmlTextReaderConstValue(x.reader);
			kaigo_buf_addf(b, "<!--%s-->%s", (const char *)value, depth == 0 ? "\n" : "");
			break;
		case XML_READER_TYPE_PROCESSING_INSTRUCTION:
			value = xmlTextReaderConstValue(x.reader);
			kaigo_buf_addf(b, "<?%s%s%s?>%s", (const char *)name, value && *value ? " " : "",
				       value ? (const char *)value : "", depth == 0 ? "\n" : "");
			break;
		case XML_READER_TYPE_DOCUMENT_TYPE:
			kaigo_xmlin_refuse_doctype(&x, line);
			goto fail;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			kaigo_buf_addf(b, "&%s;", (const char *)name);
			break;
		default:
			break;
		}
		if (kaigo_output_write(r->out, b->data ? b->data : "", b->len, r->sink) < 0)
			goto fail;
	}
	if (rc < 0)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_xmlin_close(&x);
	return ret;
}

void kaigo_normrun_release(struct kaigo_normrun *r)
{
	kaigo_buf_release(&r->dec);
	kaigo_buf_release(&r->val);
	kaigo_buf_release(&r->rec);
	kaigo_buf_release(&r->enc);
}
