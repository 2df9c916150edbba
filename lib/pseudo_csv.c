/*
 * pseudo_csv.c - CSV through the layouts into the pseudonymizer (see
 * pseudo.h).
 *
 * A column is personal when the element its layout path names is selected
 * by the document type's personal selects: the selects are evaluated
 * once per layout against a skeleton record holding one element per
 * column path.  Rows are rewritten field by field: an untouched field is
 * written back as it was read (quoted if it was, embedded CR/LF kept), a
 * replaced one is decoded, replaced and encoded in the layout's encoding,
 * so everything but the personal values stays byte for byte.
 *
 * Free text of one person spans the files of a send unit (the name is in
 * UPHOSOKU, the 方針 naming the family in UP1KYO), so the files are read
 * three times: the first pass gathers each person's replaced values, keyed
 * by the 被保険者番号 column; the second runs the privacy detector over
 * their free text, adding what it finds; the third writes, through the
 * dictionaries alone.  The writing of one file then depends on nothing
 * written before it, so the files can be written by several processes
 * (kaigo_pseudo_csv_file after kaigo_pseudo_csv_begin) with the same bytes
 * as by one.  Memory grows with the number of persons, not with the bytes
 * (standard input is read once, everything done in that one pass).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/codec.h"
#include "kaigo/convert.h"
#include "kaigo/csv.h"
#include "kaigo/hash.h"
#include "pseudo_int.h"

/* What is done to one column. */
struct ccol {
	enum kaigo_pseudo_kind kind;  /* NONE: not personal */
	int pair;                     /* KANA: the column of the name, POSTAL: of the address; or -1 */
	int text;                     /* free text (a text column that is not personal) */
};

/* The persons met: 被保険者番号 → the dictionary of their replaced values. */
struct person {
	char *key;               /* owned; "" for rows without one */
	struct pseudo_dict dict;
};

struct crun {
	struct kaigo_pseudo *ps;
	struct kaigo_diag_sink *sink;
	struct kaigo_pseudo_stats *st;
	struct person *persons;  /* owned open-addressing table */
	size_t cap, n;
	struct kaigo_buf dec, val, enc, rec, chk;  /* scratch */
	int phase;               /* 0 gather the values, 1 detect in free text, 2 write; 3 all at once (standard input) */
};

/* ---- the persons -------------------------------------------------------- */

static size_t hash(const char *s, size_t n)
{
	return (size_t)kaigo_hash(KAIGO_HASH_SEED, s, n);
}

static struct pseudo_dict *person(struct crun *c, const char *key, size_t n)
{
	size_t i;

	if (2 * (c->n + 1) > c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256, k;
		struct person *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (k = 0; k < c->cap; k++)
			if (c->persons[k].key) {
				for (i = hash(c->persons[k].key, strlen(c->persons[k].key)) % cap; t[i].key; i = (i + 1) % cap)
					;
				t[i] = c->persons[k];
			}
		free(c->persons);
		c->persons = t;
		c->cap = cap;
		c->ps->scan_dict = NULL; /* the dictionaries moved */
	}
	for (i = hash(key, n) % c->cap; c->persons[i].key; i = (i + 1) % c->cap)
		if (strlen(c->persons[i].key) == n && memcmp(c->persons[i].key, key, n) == 0)
			return &c->persons[i].dict;
	if (!(c->persons[i].key = strndup(key, n)))
		return NULL;
	c->n++;
	return &c->persons[i].dict;
}

/* ---- columns ------------------------------------------------------------ */

/* The element of step st under parent, made if missing (the key of st included). */
static xmlNodePtr step(xmlNodePtr parent, const struct kaigo_step *st, xmlNsPtr ns)
{
	xmlNodePtr n;

	for (n = parent->children; n; n = n->next) {
		xmlChar *v;
		int same;

		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, st->name) != 0)
			continue;
		if (!st->pred)
			return n;
		v = st->pred_attr ? xmlGetProp(n, (const xmlChar *)st->pred) : NULL;
		same = v && strcmp((const char *)v, st->pred_value) == 0;
		xmlFree(v);
		if (same)
			return n;
	}
	n = xmlNewChild(parent, ns, (const xmlChar *)st->name, NULL);
	if (n && st->pred && st->pred_attr)
		xmlSetProp(n, (const xmlChar *)st->pred, (const xmlChar *)st->pred_value);
	return n;
}

struct mark {
	xmlNodePtr *leaf;            /* per column: its element, or NULL */
	struct ccol *cols;
	size_t ncols;
};

static int mark_col(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind)
{
	struct mark *m = ctx;
	size_t i;

	for (i = 0; i < m->ncols; i++)
		if (m->leaf[i] == n)
			m->cols[i].kind = kind;
	return 0;
}

/* The columns of layout l: which are personal (and how), which are free text. */
static struct ccol *columns(struct crun *c, const struct kaigo_layout *l, struct pseudo_type *t)
{
	struct ccol *cols = calloc(l->ncols ? l->ncols : 1, sizeof(*cols));
	xmlNodePtr *leaf = calloc(l->ncols ? l->ncols : 1, sizeof(*leaf));
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr rec = doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)l->doctype->record, NULL) : NULL;
	xmlNsPtr ns = rec ? xmlNewNs(rec, (const xmlChar *)l->doctype->ns, NULL) : NULL;
	struct mark m = { leaf, cols, l->ncols };
	size_t i, k;
	int rc = -1;

	if (!cols || !leaf || !rec || !ns)
		goto out;
	xmlSetNs(rec, ns);
	xmlDocSetRootElement(doc, rec);
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		xmlNodePtr n = rec;

		cols[i].pair = -1;
		cols[i].text = col->type == KAIGO_COL_TEXT;
		if (!col->has_path || col->path.n == 0 || col->path.steps[col->path.n - 1].attr)
			continue; /* the record itself or an attribute: a key or a code, not a person */
		for (k = 0; k < col->path.n && n; k++)
			n = step(n, &col->path.steps[k], ns);
		leaf[i] = n;
	}
	if (pseudo_each(c->ps, t, rec, mark_col, NULL, &m) < 0)
		goto out;
	for (i = 0; i < l->ncols; i++) {
		if (cols[i].kind != KAIGO_PSEUDO_NONE)
			cols[i].text = 0;
		/* the name beside a フリガナ, the address beside a 郵便番号 */
		if (cols[i].kind == KAIGO_PSEUDO_KANA || cols[i].kind == KAIGO_PSEUDO_POSTAL)
			for (k = 0; k < l->ncols; k++)
				if (cols[k].kind == (cols[i].kind == KAIGO_PSEUDO_KANA ? KAIGO_PSEUDO_NAME : KAIGO_PSEUDO_ADDRESS) &&
				    leaf[k] && leaf[k]->parent == leaf[i]->parent)
					cols[i].pair = (int)k;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	free(leaf);
	if (rc < 0) {
		free(cols);
		return NULL;
	}
	return cols;
}

/* ---- one file ----------------------------------------------------------- */

struct cfile {
	const char *path;
	const struct kaigo_layout *l;  /* borrowed */
	struct ccol *cols;             /* owned */
	struct pseudo_type *t;         /* borrowed */
	struct kaigo_codec *codec;     /* owned; NULL for UTF-8 */
	int insured;                   /* the 被保険者番号 column, or -1 */
	struct kaigo_output *out;      /* NULL in the first pass */
};

struct src {
	struct kaigo_lines lr;
	struct kaigo_diag_sink *sink;
	const char *file;
};

static int src_next(void *ctx, const char **line, size_t *len)
{
	struct src *s = ctx;
	struct kaigo_line ln;
	int rc = kaigo_lines_next(&s->lr, &ln, s->sink);

	if (rc <= 0)
		return rc;
	if (ln.partial) {
		kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->file, ln.number, 1, "csv.line-too-long",
				  "line longer than 64 MiB");
		return -1;
	}
	*line = ln.data;
	*len = ln.len;
	return 1;
}

/*
 * Field data as UTF-8 into c->dec.  Returns 0, -1 when it is not valid in
 * the encoding (reported when report is set and this pass writes).
 */
static int decode(struct crun *c, struct cfile *f, const struct kaigo_csv_record *r, size_t i, int report)
{
	size_t bo, bl;

	kaigo_buf_reset(&c->dec);
	if (!f->codec)
		return kaigo_buf_add(&c->dec, r->fields[i].data, r->fields[i].len);
	if (kaigo_codec_decode(f->codec, r->fields[i].data, r->fields[i].len, &c->dec, &bo, &bl) < 0) {
		if (f->out && report) /* said once: in the pass that writes, for the field itself */
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, r->line, 0, "pseudo.encoding",
					  "field %zu of record %lu is not valid %s; written as asterisks", i + 1,
					  r->number, kaigo_codec_name(kaigo_codec_enc(f->codec)));
		return -1;
	}
	return 0;
}

/* UTF-8 s into the file's encoding, as one field (quoted as the input was) on c->rec. */
static int put_field(struct crun *c, struct cfile *f, const char *s, size_t n, int quoted)
{
	size_t bo;
	unsigned long cp;

	kaigo_buf_reset(&c->enc);
	if (!f->codec) {
		if (kaigo_buf_add(&c->enc, s, n) < 0)
			return -1;
	} else if (kaigo_codec_encode(f->codec, s, n, &c->enc, &bo, &cp) != 0) {
		return -1; /* the lists hold CP932 text only; input text came from CP932 */
	}
	if (c->ps->o.check && (kaigo_buf_add(&c->chk, s, n) < 0 || kaigo_buf_addch(&c->chk, '|') < 0))
		return -1;
	return kaigo_csv_put_field(&c->rec, c->enc.data ? c->enc.data : "", c->enc.len, quoted);
}

/*
 * The second pass: what the detector finds in the row's free text, into
 * d; the fields joined by '|' (which no finding spans) for one call, whose
 * cost is mostly per call and value.
 */
static int detect_row(struct crun *c, struct cfile *f, const struct kaigo_csv_record *r, struct pseudo_dict *d)
{
	size_t i;

	kaigo_buf_reset(&c->rec);
	for (i = 0; i < r->nfields; i++) {
		const struct ccol *col = i < f->l->ncols ? &f->cols[i] : NULL;

		if ((!col || col->text) && pseudo_free_text(r->fields[i].data, r->fields[i].len) &&
		    decode(c, f, r, i, 0) == 0 &&
		    (kaigo_buf_add(&c->rec, c->dec.data, c->dec.len) < 0 || kaigo_buf_addch(&c->rec, '|') < 0))
			return -1;
	}
	return c->rec.len ? pseudo_detect(c->ps, f->t, d, c->rec.data, c->rec.len) : 0;
}

static int row(struct crun *c, struct cfile *f, const struct kaigo_csv_record *r)
{
	struct pseudo_dict *d;
	const char *key = "";
	size_t i, keylen = 0;

	if (f->insured >= 0 && (size_t)f->insured < r->nfields) {
		key = r->fields[f->insured].data;
		keylen = r->fields[f->insured].len;
	}
	if (!(d = person(c, key, keylen)))
		return -1;
	if (c->phase == 1)
		return detect_row(c, f, r, d);
	/* no pseudonym may be the real name of another person in the row (the
	   person's other rows and files reserve theirs when they are read) */
	for (i = 0; i < r->nfields && i < f->l->ncols; i++)
		if ((f->cols[i].kind == KAIGO_PSEUDO_NAME || f->cols[i].kind == KAIGO_PSEUDO_KANA) && r->fields[i].len &&
		    decode(c, f, r, i, 0) == 0 && pseudo_dict_reserve(d, c->dec.data, c->dec.len) < 0)
			return -1;
	kaigo_buf_reset(&c->rec);
	kaigo_buf_reset(&c->chk);
	for (i = 0; i < r->nfields; i++) {
		const struct ccol *col = i < f->l->ncols ? &f->cols[i] : NULL;
		int bad;

		if (i && f->out && kaigo_buf_addch(&c->rec, ',') < 0)
			return -1;
		if (col && col->kind != KAIGO_PSEUDO_NONE && r->fields[i].len) {
			const char *pair = NULL;
			size_t pn = 0;
			struct kaigo_buf pbuf = KAIGO_BUF_INIT;

			if (col->pair >= 0 && (size_t)col->pair < r->nfields) {
				if (decode(c, f, r, (size_t)col->pair, 0) == 0 && kaigo_buf_add(&pbuf, c->dec.data, c->dec.len) == 0) {
					pair = pbuf.data;
					pn = pbuf.len;
				}
			}
			bad = decode(c, f, r, i, 1);
			kaigo_buf_reset(&c->val);
			if (bad) {
				size_t k;

				for (k = 0; k < r->fields[i].len; k++)
					kaigo_buf_addch(&c->val, '*');
			} else if (pseudo_replace(c->ps, col->kind, c->dec.data, c->dec.len, pair, pn, d, &c->val) < 0) {
				kaigo_buf_release(&pbuf);
				return -1;
			}
			kaigo_buf_release(&pbuf);
			c->st->values += f->out != NULL;
			if (f->out && put_field(c, f, c->val.data ? c->val.data : "", c->val.len, r->fields[i].quoted) < 0)
				return -1;
			continue;
		}
		if (f->out && (!col || col->text) && pseudo_free_text(r->fields[i].data, r->fields[i].len) &&
		    decode(c, f, r, i, 0) < 0) {
			/* copied as it was: what it may hold cannot be searched */
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, r->line, 0, "pseudo.encoding",
					  "field %zu of record %lu is not valid %s; its text was not searched", i + 1,
					  r->number, kaigo_codec_name(kaigo_codec_enc(f->codec)));
		} else if (f->out && (!col || col->text) && pseudo_free_text(r->fields[i].data, r->fields[i].len)) {
			unsigned long before = c->st->freetext;

			kaigo_buf_reset(&c->val);
			if (pseudo_freetext(c->ps, c->phase == 3 ? f->t : NULL, d, c->dec.data, c->dec.len, &c->val,
					    &c->st->freetext) < 0)
				return -1;
			if (c->st->freetext != before) {
				if (put_field(c, f, c->val.data, c->val.len, r->fields[i].quoted) < 0)
					return -1;
				continue;
			}
		}
		if (f->out) {
			if (c->ps->o.check && decode(c, f, r, i, 0) == 0 &&
			    (kaigo_buf_add(&c->chk, c->dec.data ? c->dec.data : "", c->dec.len) < 0 ||
			     kaigo_buf_addch(&c->chk, '|') < 0))
				return -1;
			if (kaigo_csv_put_field(&c->rec, r->fields[i].data, r->fields[i].len, r->fields[i].quoted) < 0)
				return -1;
		}
	}
	if (!f->out)
		return 0;
	if (c->ps->o.check) {
		long k = pseudo_check(c->ps, f->t, d, c->chk.data ? c->chk.data : "", c->chk.len, f->path, r->line, c->sink);

		if (k < 0)
			return -1;
		c->st->leaks += (unsigned long)k;
	}
	if (kaigo_buf_add(&c->rec, r->eol, strlen(r->eol)) < 0)
		return -1;
	return kaigo_output_write(f->out, c->rec.data, c->rec.len, c->sink);
}

/* One pass over one file.  Returns 0, -1 on an I/O failure. */
static int pass(struct crun *c, struct cfile *f)
{
	struct src s;
	struct kaigo_input in;
	struct kaigo_line_source ls = { src_next, &s };
	struct kaigo_csv_reader *rd;
	const struct kaigo_csv_record *r;
	enum kaigo_csv_status cs;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.sink = c->sink;
	s.file = f->path;
	if (kaigo_input_open(&in, f->path, c->sink) < 0)
		return -1;
	if (kaigo_lines_init(&s.lr, &in, 64u * 1024 * 1024 + 1) < 0) {
		kaigo_input_close(&in);
		return -1;
	}
	/* in the first pass the reader's complaints would be said twice */
	if (!(rd = kaigo_csv_reader_new(&ls, f->path, 0, f->out ? c->sink : NULL))) {
		kaigo_lines_release(&s.lr);
		kaigo_input_close(&in);
		return -1;
	}
	while ((cs = kaigo_csv_read(rd, &r)) != KAIGO_CSV_EOF && rc == 0) {
		if (cs == KAIGO_CSV_FAIL) {
			rc = -1;
		} else if (cs == KAIGO_CSV_BAD) {
			continue; /* reported; not written, since its fields are unknown (exit 1) */
		} else if (f->l->header && r->number == 1) {
			if (f->out)
				rc = kaigo_output_write(f->out, r->raw, r->raw_len, c->sink);
		} else {
			c->st->records += f->out != NULL;
			rc = row(c, f, r);
		}
	}
	kaigo_csv_reader_free(rd);
	kaigo_lines_release(&s.lr);
	kaigo_input_close(&in);
	return rc;
}

static int open_file(struct crun *c, struct cfile *f, const char *path, struct kaigo_layout *layout,
		     struct kaigo_layout **owned)
{
	const struct kaigo_catalog *cat = c->ps->cat;
	struct kaigo_stdname nm;
	char err[128];
	size_t i;

	memset(f, 0, sizeof(*f));
	f->path = path;
	f->insured = -1;
	*owned = NULL;
	if (!layout) {
		if (kaigo_stdname_parse(path, &nm) < 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.layout",
					  "'%s' is no standard file name; give --layout", path);
			return -2;
		}
		if (!(layout = *owned = kaigo_layout_for_name(cat, &nm, path, c->sink)))
			return -2;
	}
	f->l = layout;
	if (!(f->t = pseudo_type_get(c->ps, layout->doctype, c->sink)) || !(f->cols = columns(c, layout, f->t)))
		return -2;
	for (i = 0; i < layout->ncols && f->insured < 0; i++)
		if (f->cols[i].kind == KAIGO_PSEUDO_INSURED)
			f->insured = (int)i;
	if (layout->encoding != KAIGO_ENC_UTF8 && !(f->codec = kaigo_codec_new(layout->encoding, err, sizeof(err)))) {
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.encoding", "%s", err);
		return -2;
	}
	return 0;
}

static void close_file(struct cfile *f, struct kaigo_layout *owned)
{
	kaigo_codec_free(f->codec);
	free(f->cols);
	kaigo_layout_free(owned);
}

static int same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

struct kaigo_pseudo_csv_run {
	struct crun c;
	struct kaigo_layout *layout;   /* borrowed */
	char **files;                  /* borrowed */
	size_t nfiles;
	const char *dir;
	struct kaigo_output *out;      /* without dir; borrowed */
	struct kaigo_output *fo;       /* with dir: one per file; owned */
	char **names;                  /* their paths, which outlive them; owned */
	unsigned long errors;          /* the sink's errors before the run */
	int two;                       /* read more than once (no standard input) */
};

/* One pass of the run over file i (its output opened when the pass writes). */
static int file_pass(struct kaigo_pseudo_csv_run *run, size_t i, struct kaigo_output *out)
{
	struct cfile f;
	struct kaigo_layout *owned;
	int rc = open_file(&run->c, &f, run->files[i], run->layout, &owned);

	if (rc == 0) {
		f.out = out;
		rc = pass(&run->c, &f);
	}
	close_file(&f, owned);
	return rc;
}

struct kaigo_pseudo_csv_run *kaigo_pseudo_csv_begin(struct kaigo_pseudo *ps, struct kaigo_layout *layout, char **files,
						    size_t nfiles, const char *dir, struct kaigo_output *out,
						    struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st, int *rc)
{
	struct kaigo_pseudo_csv_run *run = calloc(1, sizeof(*run));
	size_t i;
	int p;

	*rc = -1;
	if (!run)
		return NULL;
	run->c.ps = ps;
	run->c.sink = sink;
	run->c.st = st;
	run->layout = layout;
	run->files = files;
	run->nfiles = nfiles;
	run->dir = dir;
	run->out = out;
	run->errors = sink->errors;
	run->two = 1;
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0)
			run->two = 0; /* standard input can be read once */
	if (dir && (!(run->fo = calloc(nfiles ? nfiles : 1, sizeof(*run->fo))) ||
		    !(run->names = calloc(nfiles ? nfiles : 1, sizeof(*run->names))))) {
		*rc = -1;
		return run;
	}
	*rc = 0;
	/* the values, then what the detector finds: before any file is written */
	for (p = 0; run->two && p < 2 && *rc == 0; p++) {
		run->c.phase = p;
		if (p == 1 && !ps->o.detect)
			break;
		for (i = 0; i < nfiles && *rc == 0; i++)
			*rc = file_pass(run, i, NULL);
	}
	run->c.phase = run->two ? 2 : 3;
	for (i = 0; dir && i < nfiles && *rc == 0; i++) {
		char path[PATH_MAX];
		const char *base = strrchr(files[i], '/');

		snprintf(path, sizeof(path), "%s/%s", dir, base ? base + 1 : files[i]);
		if (same_file(path, files[i])) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, files[i], 0, 0, "pseudo.output",
					  "'%s' would overwrite its input", path);
			*rc = -1;
		} else if (!(run->names[i] = strdup(path)) || kaigo_output_open(&run->fo[i], run->names[i], sink) < 0) {
			free(run->names[i]);
			run->names[i] = NULL;
			*rc = -1;
		}
	}
	return run;
}

int kaigo_pseudo_csv_file(struct kaigo_pseudo_csv_run *run, size_t i, struct kaigo_diag_sink *sink,
			  struct kaigo_pseudo_stats *st)
{
	int rc;

	run->c.sink = sink;
	run->c.st = st;
	rc = file_pass(run, i, run->dir ? &run->fo[i] : run->out);
	/* written: what is left is the rename, all or none, in kaigo_pseudo_csv_end */
	if (rc == 0 && run->dir && kaigo_output_finish(&run->fo[i], sink) < 0)
		rc = -1;
	return rc;
}

int kaigo_pseudo_csv_end(struct kaigo_pseudo_csv_run *run, int rc, struct kaigo_diag_sink *sink,
			 struct kaigo_pseudo_stats *st)
{
	size_t i;

	if (!run)
		return -1;
	/* -d: all the files or none (a send unit with a file missing does not join) */
	if (run->dir && rc == 0 && sink->errors != run->errors)
		kaigo_diag_report(sink, KAIGO_SEV_NOTE, run->dir, 0, 0, "pseudo.not-written",
				  "nothing written to '%s': the input has errors", run->dir);
	for (i = 0; run->names && i < run->nfiles; i++) {
		if (!run->names[i])
			continue;
		if (rc < 0 || sink->errors != run->errors)
			kaigo_output_abort(&run->fo[i]);
		else if (kaigo_output_commit(&run->fo[i], sink) < 0)
			rc = -1;
		else
			st->files++;
		free(run->names[i]);
	}
	free(run->fo);
	free(run->names);
	for (i = 0; i < run->c.cap; i++)
		if (run->c.persons[i].key) {
			free(run->c.persons[i].key);
			pseudo_dict_release(&run->c.persons[i].dict);
		}
	free(run->c.persons);
	kaigo_buf_release(&run->c.dec);
	kaigo_buf_release(&run->c.val);
	kaigo_buf_release(&run->c.enc);
	kaigo_buf_release(&run->c.rec);
	kaigo_buf_release(&run->c.chk);
	free(run);
	return rc;
}

int kaigo_pseudo_csv(struct kaigo_pseudo *ps, struct kaigo_layout *layout, char **files, size_t nfiles,
		     const char *dir, struct kaigo_output *out, struct kaigo_diag_sink *sink,
		     struct kaigo_pseudo_stats *st)
{
	int rc;
	struct kaigo_pseudo_csv_run *run = kaigo_pseudo_csv_begin(ps, layout, files, nfiles, dir, out, sink, st, &rc);
	size_t i;

	for (i = 0; run && i < nfiles && rc == 0; i++)
		rc = kaigo_pseudo_csv_file(run, i, sink, st);
	return kaigo_pseudo_csv_end(run, rc, sink, st);
}
