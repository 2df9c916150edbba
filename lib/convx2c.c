/*
 * convx2c.c - XML → CSV: records streamed from the XML, the rows of each
 * written through a layout, values formatted back and encoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "convert_int.h"

#include "kaigo/era.h"
#include "kaigo/xmlin.h"

/* The record's document dictionary; called for every record. */
static void x_use_dict(struct x2c *x, xmlNodePtr rec)
{
	xmlDictPtr d = rec->doc ? rec->doc->dict : NULL;

	if (d == x->dict && x->interned >= 0)
		return;
	x->dict = d;
	x->nnames = 0;
	memset(x->names, 0, sizeof(x->names));
	x->interned = d && xmlDictOwns(d, rec->name) == 1;
}

/* name interned in the current dictionary, or NULL (compare strings then). */
static const xmlChar *x_intern(struct x2c *x, const char *name)
{
	size_t h = ((size_t)(uintptr_t)name >> 3) & (X2C_NAMES - 1);

	if (!x->interned)
		return NULL;
	while (x->names[h].key) {
		if (x->names[h].key == name)
			return x->names[h].iname;
		h = (h + 1) & (X2C_NAMES - 1);
	}
	if (x->nnames >= X2C_NAMES / 2)
		return NULL; /* full enough: strcmp is still right */
	x->names[h].key = name;
	x->names[h].iname = xmlDictLookup(x->dict, (const xmlChar *)name, -1);
	x->nnames++;
	return x->names[h].iname;
}

static int xnode_is(struct x2c *x, xmlNodePtr n, const char *name)
{
	const xmlChar *in;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if ((in = x_intern(x, name)))
		return n->name == in;
	return strcmp((const char *)n->name, name) == 0;
}

static void xtext(xmlNodePtr n, struct kaigo_buf *b)
{
	xmlNodePtr t;

	kaigo_buf_reset(b);
	kaigo_buf_add(b, "", 0);
	for (t = n->children; t; t = t->next)
		if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
			kaigo_buf_add(b, t->content, strlen((const char *)t->content));
}

static int xstep_matches(struct x2c *x, xmlNodePtr n, const struct kaigo_step *st)
{
	struct kaigo_buf *scratch = &x->scratch;

	if (!xnode_is(x, n, st->name))
		return 0;
	if (st->pred) {
		int eq;

		if (st->pred_attr) {
			xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)st->pred);

			eq = v && strcmp((const char *)v, st->pred_value) == 0;
			xmlFree(v);
			return eq;
		}
		for (n = n->children; n; n = n->next)
			if (xnode_is(x, n, st->pred)) {
				xtext(n, scratch);
				return strcmp(scratch->data, st->pred_value) == 0;
			}
		return 0;
	}
	return 1;
}

static xmlNodePtr xchild(struct x2c *x, xmlNodePtr p, const struct kaigo_step *st)
{
	xmlNodePtr n;

	for (n = p ? p->children : NULL; n; n = n->next)
		if (xstep_matches(x, n, st))
			return n;
	return NULL;
}

/* The XML value of col for the current row into x->val ("" when absent). */
static void column_xml_value(struct x2c *x, const struct kaigo_layout *l, const struct kaigo_column *col,
			     xmlNodePtr record)
{
	xmlNodePtr n;
	size_t i, from;

	kaigo_buf_reset(&x->val);
	kaigo_buf_add(&x->val, "", 0);
	if (col->repeat >= 0) {
		n = x->bind[col->repeat];
		from = l->repeats[col->repeat].path.n;
	} else {
		n = record;
		from = 0;
	}
	for (i = from; n && i + 1 < col->path.n; i++)
		n = xchild(x, n, &col->path.steps[i]);
	if (n) {
		const struct kaigo_step *last = &col->path.steps[col->path.n - 1];

		if (last->attr) {
			xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)last->name);

			if (v) {
				kaigo_buf_add(&x->val, v, strlen((const char *)v));
				xmlFree(v);
			}
		} else if ((n = xchild(x, n, last))) {
			xtext(n, &x->val);
		}
	}
}

/* Format the XML value v of col for CSV into x->fmt. */
static void format_value(struct x2c *x, const struct kaigo_column *col, const char *v)
{
	size_t n = strlen(v), i;

	kaigo_buf_reset(&x->fmt);
	kaigo_buf_add(&x->fmt, "", 0);
	if (!n)
		return;
	if (col->nmaps) {
		for (i = 0; i < col->nmaps; i++)
			if (strcmp(col->maps[i].xml, v) == 0) {
				kaigo_buf_add(&x->fmt, col->maps[i].csv, strlen(col->maps[i].csv));
				return;
			}
	}
	if (col->type == KAIGO_COL_DATE && n == 10 && v[4] == '-' && v[7] == '-') {
		struct kaigo_era_date d = { atoi(v), atoi(v + 5), atoi(v + 8) };
		char w[48];

		switch (col->datefmt) {
		case KAIGO_DATE_COMPACT:
			kaigo_buf_add(&x->fmt, v, 4);
			kaigo_buf_add(&x->fmt, v + 5, 2);
			kaigo_buf_add(&x->fmt, v + 8, 2);
			return;
		case KAIGO_DATE_SLASH:
		case KAIGO_DATE_ANY:
			kaigo_buf_addf(&x->fmt, "%.4s/%.2s/%.2s", v, v + 5, v + 8);
			return;
		case KAIGO_DATE_ISO:
			break;
		case KAIGO_DATE_WAREKI:
			if (kaigo_era_format_wareki(&d, w)) {
				kaigo_buf_add(&x->fmt, w, strlen(w));
				return;
			}
			break;
		}
	} else if (col->type == KAIGO_COL_MONTH && n == 7 && v[4] == '-') {
		kaigo_buf_add(&x->fmt, v, 4);
		kaigo_buf_add(&x->fmt, v + 5, 2);
		return;
	}
	kaigo_buf_add(&x->fmt, v, n);
}

static struct kaigo_codec *x2c_codec(struct x2c *x, enum kaigo_enc enc)
{
	char err[200];

	if (!x->codec[enc] && !(x->codec[enc] = kaigo_codec_new(enc, err, sizeof(err))))
		kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.codec", "%s", err);
	return x->codec[enc];
}

static int all_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Bytes of the UTF-8 sequence that starts with b. */
static size_t u8len(unsigned char b)
{
	return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

/*
 * --replace-unmappable: put the replacement in place of each character of
 * *s[0..*n) the encoding cannot write, each reported as a warning with the
 * record, the column and the character's place in the value; s and n
 * then name the encoded bytes (x->enc).  Returns 0, or -1 (out of memory, or a
 * replacement the encoding cannot write either: reported).
 */
static int replace_unmappable(struct x2c *x, const struct kaigo_layout *l, const struct kaigo_column *col,
			      struct kaigo_codec *cd, const char **s, size_t *n)
{
	struct kaigo_buf v = KAIGO_BUF_INIT;
	size_t bo, k;
	unsigned long cp;
	long bad;
	int rc = 0;

	kaigo_buf_reset(&x->enc);
	if (kaigo_codec_encode(cd, x->st->replace, strlen(x->st->replace), &x->enc, &bo, &cp) != 0) {
		kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.replace",
				  "the replacement '%s' cannot be written in %s either", x->st->replace,
				  kaigo_codec_name(l->encoding));
		return -1;
	}
	if (kaigo_buf_add(&v, *s, *n) < 0)
		return -1;
	for (;;) {
		kaigo_buf_reset(&x->enc);
		bad = kaigo_codec_encode(cd, v.data, v.len, &x->enc, &bo, &cp);
		if (bad <= 0)
			break;
		{
			size_t cl = u8len((unsigned char)v.data[bo]), rl = strlen(x->st->replace), chars = 1;
			struct kaigo_buf w = KAIGO_BUF_INIT;

			for (k = 0; k < bo; k++)
				if (((unsigned char)v.data[k] & 0xC0) != 0x80)
					chars++;
			kaigo_diag_report(x->sink, KAIGO_SEV_WARNING, x->file, x->line, 0, "convert.replaced",
					  "record %lu, %s, column '%s', character %zu: U+%04lX cannot be written "
					  "in %s; replaced by '%s'", x->record, l->file ? l->file : l->name, col->name,
					  chars, cp, kaigo_codec_name(l->encoding), x->st->replace);
			x->st->replaced++;
			if (kaigo_buf_add(&w, v.data, bo) < 0 || kaigo_buf_add(&w, x->st->replace, rl) < 0 ||
			    kaigo_buf_add(&w, v.data + bo + cl, v.len - bo - cl) < 0) {
				kaigo_buf_release(&w);
				rc = -1;
				break;
			}
			kaigo_buf_release(&v);
			v = w;
		}
	}
	if (bad < 0)
		rc = -1;
	kaigo_buf_release(&v);
	*s = x->enc.data ? x->enc.data : "";
	*n = x->enc.len;
	return rc;
}

/* Build the current row and write it to out; a value CP932 cannot hold refuses the row. */
static int emit_row(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr record, struct kaigo_output *out)
{
	struct kaigo_codec *cd = x2c_codec(x, l->encoding);
	struct kaigo_buf *enc = &x->enc;
	size_t i;

	if (!cd)
		return -1;
	kaigo_buf_reset(&x->row);
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		const char *s;
		size_t n, bo;
		unsigned long cp;
		int q;

		if (col->has_path) {
			column_xml_value(x, l, col, record);
			format_value(x, col, x->val.data);
			s = x->fmt.data;
			n = x->fmt.len;
		} else {
			s = col->fixed ? col->fixed : "";
			n = strlen(s);
		}
		if (l->encoding != KAIGO_ENC_UTF8 && !all_ascii(s, n)) {
			long bad;

			kaigo_buf_reset(enc);
			bad = kaigo_codec_encode(cd, s, n, enc, &bo, &cp);
			if (bad > 0 && x->st->replace) {
				if (replace_unmappable(x, l, col, cd, &s, &n) < 0)
					return -1;
				bad = 0;
			}
			if (bad != 0) {
				if (bad < 0)
					kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, x->line, 0, "convert.encode",
							  "record %lu, column '%s': not valid UTF-8", x->record, col->name);
				else if (x->pending && x->record_refused)
					; /* said once per record */
				else if (x->pending)
					kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, x->line, 0, "convert.encode",
							  "record %lu, %s file, column '%s': U+%04lX cannot be written "
							  "in %s; the record is written to none of its send unit's files",
							  x->record, l->file ? l->file : l->name, col->name, cp,
							  kaigo_codec_name(l->encoding));
				else
					kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, x->line, 0, "convert.encode",
							  "record %lu, column '%s': U+%04lX cannot be written in %s; "
							  "row not written", x->record, col->name, cp,
							  kaigo_codec_name(l->encoding));
				x->st->refused++;
				x->record_refused = 1;
				return 0;
			}
			s = enc->data ? enc->data : "";
			n = enc->len;
		}
		if (i)
			kaigo_buf_addch(&x->row, ',');
		q = col->quote == KAIGO_QUOTE_ALWAYS;
		if (kaigo_csv_put_field(&x->row, s, n, q) < 0)
			return -1;
	}
	if (l->crlf)
		kaigo_buf_add(&x->row, "\r\n", 2);
	else
		kaigo_buf_addch(&x->row, '\n');
	if (x->pending) {
		if (!x->row.data || kaigo_buf_add(x->pending, x->row.data, x->row.len) < 0)
			return -1;
		x->pending_rows++;
		return 0;
	}
	if (!x->row.data || kaigo_output_write(out, x->row.data, x->row.len, x->sink) < 0)
		return -1;
	x->st->rows++;
	return 0;
}

/* Walk the row path below n (which stands for d steps); a row for each match. */
static int walk_rows(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr record, xmlNodePtr n, size_t d,
		     int in_repeat, struct kaigo_output *out)
{
	const struct kaigo_step *st;
	int r, any = 0;
	xmlNodePtr ch;

	if (d == l->row.n)
		return emit_row(x, l, record, out);
	st = &l->row.steps[d];
	r = kaigo_conv_repeat_at(l, d);
	for (ch = n->children; ch; ch = ch->next) {
		if (!xstep_matches(x, ch, st))
			continue;
		any = 1;
		if (r >= 0) {
			size_t k;

			x->bind[r] = ch;
			for (k = (size_t)r + 1; k < l->nrepeats; k++)
				x->bind[k] = NULL;
		}
		if (walk_rows(x, l, record, ch, d + 1, in_repeat || r >= 0, out) < 0)
			return -1;
		if (r < 0)
			break; /* a plain step: the first match only */
	}
	/* an instance of an enclosing repeat without any of this repeat: one row for it */
	if (!any && r >= 0 && in_repeat) {
		size_t k;

		for (k = (size_t)r; k < l->nrepeats; k++)
			x->bind[k] = NULL;
		return emit_row(x, l, record, out);
	}
	return 0;
}

static int record_is_layouts(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr rec)
{
	size_t i;
	struct kaigo_buf v = KAIGO_BUF_INIT;
	int ok = 1;

	if (!rec->ns || strcmp((const char *)rec->ns->href, l->doctype->ns) != 0 ||
	    strcmp((const char *)rec->name, l->doctype->record) != 0)
		return 0;
	for (i = 0; i < l->nconstants && ok; i++) {
		const struct kaigo_path *p = &l->constants[i].path;
		xmlNodePtr n = rec;
		size_t k;

		for (k = 0; n && k + 1 < p->n; k++)
			n = xchild(x, n, &p->steps[k]);
		if (!n) {
			ok = 0;
		} else if (p->steps[p->n - 1].attr) {
			xmlChar *a = xmlGetNoNsProp(n, (const xmlChar *)p->steps[p->n - 1].name);

			ok = a && strcmp((const char *)a, l->constants[i].value) == 0;
			xmlFree(a);
		} else {
			n = xchild(x, n, &p->steps[p->n - 1]);
			if (n)
				xtext(n, &v);
			ok = n && strcmp(v.data, l->constants[i].value) == 0;
		}
	}
	kaigo_buf_release(&v);
	return ok;
}

int kaigo_conv_record_rows(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr rec, struct kaigo_output *out)
{
	x_use_dict(x, rec);
	if (!record_is_layouts(x, l, rec))
		return 0;
	memset(x->bind, 0, sizeof(x->bind));
	return walk_rows(x, l, rec, rec, 0, 0, out);
}

struct stream_ctx {
	struct x2c *x;
	const struct kaigo_doctype *type; /* what the root must be: its record or collection */
	int wrong_type;                   /* it was not: the file was skipped (a data error) */
	record_fn fr;
	pi_fn fp;
	void *ctx;
};

static int stream_root(void *ctx, const char *ns, const char *local, unsigned long line)
{
	struct stream_ctx *sc = ctx;
	const struct kaigo_doctype *t = sc->type;

	if (!ns || strcmp(ns, t->ns) != 0 || (strcmp(local, t->record) != 0 && strcmp(local, t->collection) != 0)) {
		/* not this layout's document type: reported, the file gives no row */
		kaigo_diag_report(sc->x->sink, KAIGO_SEV_ERROR, sc->x->file, line, 0, "convert.document-type",
				  "root element '%s' in namespace '%s' is not a %s or %s in '%s': nothing converted",
				  local, ns ? ns : "", t->record, t->collection, t->ns);
		sc->wrong_type = 1;
		return -1;
	}
	return strcmp(local, t->collection) != 0; /* not the collection: the one record */
}

static int stream_record(void *ctx, xmlNodePtr node)
{
	struct stream_ctx *sc = ctx;

	sc->x->record++;
	sc->x->line = (unsigned long)xmlGetLineNo(node);
	sc->x->st->records++;
	return sc->fr(sc->ctx, node);
}

static int stream_pi(void *ctx, const char *target, const char *data, unsigned long line)
{
	struct stream_ctx *sc = ctx;

	return sc->fp && strcmp(target, "kaigo-unit") == 0 ? sc->fp(sc->ctx, data, line) : 0;
}

int kaigo_conv_stream_records(struct x2c *x, const char *path, const struct kaigo_doctype *type, record_fn fr,
			  pi_fn fp, void *ctx)
{
	struct stream_ctx sc = { x, type, 0, fr, fp, ctx };
	struct kaigo_xmlin_walk w = { stream_root, stream_record, stream_pi, &sc };
	int r;

	x->file = path;
	x->record = 0;
	x->interned = -1; /* a new dictionary, maybe at a freed one's address */
	r = kaigo_xmlin_records(path, &w, x->sink);
	return sc.wrong_type ? 0 : r; /* another document type: reported, counted as an error, not I/O */
}

struct run_ctx {
	struct x2c *x;
	struct kaigo_layout *l;
	struct kaigo_output *out;
};

static int run_record(void *ctx, xmlNodePtr rec)
{
	struct run_ctx *rc = ctx;

	return kaigo_conv_record_rows(rc->x, rc->l, rec, rc->out);
}

void kaigo_conv_x2c_release(struct x2c *x)
{
	size_t i;

	for (i = 0; i < 3; i++)
		kaigo_codec_free(x->codec[i]);
	kaigo_buf_release(&x->row);
	kaigo_buf_release(&x->val);
	kaigo_buf_release(&x->fmt);
	kaigo_buf_release(&x->scratch);
	kaigo_buf_release(&x->enc);
}

int kaigo_x2c_run(struct kaigo_layout *layout, char **files, size_t nfiles,
		  struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st)
{
	struct x2c x;
	struct run_ctx rc = { &x, layout, out };
	size_t i;
	int ret = 0;
	char *dash = "-";

	memset(&x, 0, sizeof(x));
	x.sink = sink;
	x.st = st;
	if (!nfiles) {
		files = &dash;
		nfiles = 1;
	}
	if (layout->header) {
		/* the header row: the column names, in the layout's encoding */
		struct kaigo_codec *cd = x2c_codec(&x, layout->encoding);
		struct kaigo_buf enc = KAIGO_BUF_INIT;
		size_t bo;
		unsigned long cp;

		for (i = 0; cd && i < layout->ncols; i++) {
			const char *nm = layout->cols[i].name;

			kaigo_buf_reset(&enc);
			if (kaigo_codec_encode(cd, nm, strlen(nm), &enc, &bo, &cp) != 0)
				ret = -1;
			if (i)
				kaigo_buf_addch(&x.row, ',');
			kaigo_csv_put_field(&x.row, enc.data ? enc.data : "", enc.len, 0);
		}
		kaigo_buf_add(&x.row, layout->crlf ? "\r\n" : "\n", layout->crlf ? 2 : 1);
		if (!cd || ret < 0 || kaigo_output_write(out, x.row.data, x.row.len, sink) < 0)
			ret = -1;
		kaigo_buf_release(&enc);
	}
	for (i = 0; i < nfiles && ret == 0; i++)
		ret = kaigo_conv_stream_records(&x, files[i], layout->doctype, run_record, NULL, &rc);
	kaigo_conv_x2c_release(&x);
	return ret;
}

