/*
 * fuzz_layout.c - libFuzzer harness for the CSV layout loader.
 *
 * The input is written to a temporary file ending in ".xml" and loaded as
 * a layout with the real catalogue (KAIGO_DATADIR is set at start from
 * $FUZZ_DATADIR, default "schemas": common.h).  A layout that
 * loads is then used once in each direction: a few CSV rows made from its
 * own columns (two records of two rows, then a row with its optional
 * columns empty; values of each column's type, codes and map labels, in
 * the layout's encoding, line ending and header row) are converted with
 * kaigo_c2x_run, and the XML that gives is converted back with
 * kaigo_x2c_run.  Rejected rows and the CSV go to /dev/null.
 *
 * Checked: a failed load is always reported; what the converter indexes
 * with is inside the loaded layout (key and repeat columns, repeat
 * parents, column repeats, the version column; no empty path where a step
 * is taken); rows read = converted + rejected, and without a header row
 * every row written is read; the XML the converter wrote reads back
 * without an error and holds as many records as it reported writing.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "kaigo/buf.h"
#include "kaigo/catalog.h"
#include "kaigo/codec.h"
#include "kaigo/convert.h"
#include "kaigo/csv.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/layout.h"

#include "common.h"

static struct kaigo_catalog cat;        /* loaded once */
static struct kaigo_codec *codecs[3];   /* per encoding, made on first use */
static char spec[4096];                   /* the layout file (the input) */
static char csv[4096];                    /* the rows made from it */
static char xml[4096];                    /* the converter's XML */
static int xmlfd = -1;                  /* open on xml */

static void remove_files(void)
{
	unlink(spec);
	unlink(csv);
	unlink(xml);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_catalog(&cat, (*argv)[0], "fuzz_layout");
	fuzz_tmp_path(spec, sizeof(spec), "fuzz_layout", "xml");
	fuzz_tmp_path(csv, sizeof(csv), "fuzz_layout", "csv");
	fuzz_tmp_path(xml, sizeof(xml), "fuzz_layout", "out.xml");
	xmlfd = open(xml, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (xmlfd < 0)
		exit(1);
	atexit(remove_files);
	return 0;
}

/* ---- what the converter relies on --------------------------------- */

static void check_path(const struct kaigo_path *p, int may_be_empty)
{
	size_t i;

	if (!p->text || (p->n == 0 && !may_be_empty) || (p->n && !p->steps))
		__builtin_trap();
	for (i = 0; i < p->n; i++)
		if (!p->steps[i].name || (p->steps[i].attr && i + 1 < p->n) ||
		    (p->steps[i].pred && !p->steps[i].pred_value))
			__builtin_trap();
}

static void check_layout(const struct kaigo_layout *l)
{
	size_t i;

	if (!l->doctype || !l->cols || l->ncols == 0 || l->nkeys > 8 || l->nrepeats > 8 ||
	    l->nconstants > 8)
		__builtin_trap();
	if (l->version_column < -1 || l->version_column >= (int)l->ncols)
		__builtin_trap();
	if (l->row.text)
		check_path(&l->row, 1);
	for (i = 0; i < l->nkeys; i++) {
		check_path(&l->keys[i], 0);
		if (l->key_columns[i] < 0 || l->key_columns[i] >= (int)l->ncols)
			__builtin_trap();
	}
	for (i = 0; i < l->nrepeats; i++) {
		const struct kaigo_repeat *r = &l->repeats[i];

		check_path(&r->path, 0);
		if (r->parent < -1 || r->parent >= (int)i)
			__builtin_trap();
		if (r->has_key && (r->key_column < 0 || r->key_column >= (int)l->ncols))
			__builtin_trap();
		if (r->has_key)
			check_path(&r->key, 0);
	}
	for (i = 0; i < l->nconstants; i++) {
		check_path(&l->constants[i].path, 0);
		if (!l->constants[i].value)
			__builtin_trap();
	}
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *c = &l->cols[i];
		size_t k;

		if (!c->name || c->repeat < -1 || c->repeat >= (int)l->nrepeats)
			__builtin_trap();
		if (c->has_path)
			check_path(&c->path, 0);
		for (k = 0; k < c->nmaps; k++)
			if (!c->maps || !c->maps[k].csv || !c->maps[k].xml)
				__builtin_trap();
	}
}

/* ---- rows made from the layout -------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1;

	while (*s)
		h = mix(h ^ (unsigned char)*s++);
	return h;
}

static const char *const words[] = {
	"訪問介護", "週3回", "a,b", "\"引用\"", "1行目\r\n2行目", "ﾃｽﾄ", "ABC", "髙橋", "x",
};

static size_t nchars(const char *s)
{
	size_t k = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			k++;
	return k;
}

static void gen_digits(struct kaigo_buf *b, uint64_t h, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 64; i++) {
		h = mix(h);
		kaigo_buf_addch(b, (char)('0' + h % 10));
	}
}

/* A value of column c's type (UTF-8) into b. */
static void gen_value(struct kaigo_buf *b, const struct kaigo_column *c, uint64_t h)
{
	size_t len = c->length && c->length <= 64 ? c->length : 6, k;

	if (c->nmaps) {
		const char *s = c->maps[h % c->nmaps].csv;

		kaigo_buf_add(b, s, strlen(s));
		return;
	}
	if (c->has_profile && c->type != KAIGO_COL_DATE) {
		switch (c->profile) {
		case KAIGO_NORM_POSTAL:
			gen_digits(b, h, 3);
			kaigo_buf_addch(b, '-');
			gen_digits(b, mix(h), 4);
			return;
		case KAIGO_NORM_PHONE:
			kaigo_buf_add(b, "03-0012-", 8);
			gen_digits(b, h, 4);
			return;
		case KAIGO_NORM_DATE:
			kaigo_buf_addf(b, "令和%u年%u月%u日", 1 + (unsigned)(h % 6), 1 + (unsigned)(mix(h) % 12),
				       1 + (unsigned)(mix(h + 1) % 28));
			return;
		default:
			break;
		}
	}
	switch (c->type) {
	case KAIGO_COL_TEXT: {
		const char *w = words[h % (sizeof(words) / sizeof(words[0]))];

		if (c->length && nchars(w) > c->length)
			w = "x";
		kaigo_buf_add(b, w, strlen(w));
		break;
	}
	case KAIGO_COL_CODE:
		for (k = 0; c->codes && c->codes[k]; k++)
			;
		if (k)
			kaigo_buf_add(b, c->codes[h % k], strlen(c->codes[h % k]));
		break;
	case KAIGO_COL_DIGITS:
	case KAIGO_COL_ALNUM:
	case KAIGO_COL_ASCII:
		gen_digits(b, h, c->exact || len <= 2 ? len : 1 + h % len);
		break;
	case KAIGO_COL_INTEGER:
		kaigo_buf_addf(b, "%u", (unsigned)(h % 9));
		break;
	case KAIGO_COL_DECIMAL:
		kaigo_buf_addf(b, "%u.%02u", (unsigned)(h % 90), (unsigned)(mix(h) % 100));
		break;
	case KAIGO_COL_DATE: {
		unsigned y = 2019 + (unsigned)(h % 7), m = 1 + (unsigned)(mix(h) % 12), d = 1 + (unsigned)(mix(h + 1) % 28);

		if (c->datefmt == KAIGO_DATE_COMPACT)
			kaigo_buf_addf(b, "%04u%02u%02u", y, m, d);
		else if (c->datefmt == KAIGO_DATE_ISO)
			kaigo_buf_addf(b, "%04u-%02u-%02u", y, m, d);
		else
			kaigo_buf_addf(b, "%04u/%02u/%02u", y, m, d);
		break;
	}
	case KAIGO_COL_MONTH:
		kaigo_buf_addf(b, "%04u%02u", 2019 + (unsigned)(h % 7), 1 + (unsigned)(mix(h) % 12));
		break;
	case KAIGO_COL_TIME:
		kaigo_buf_addf(b, "%02u%02u", (unsigned)(h % 24), (unsigned)(mix(h) % 4) * 15);
		break;
	}
}

static int is_record_key(const struct kaigo_layout *l, size_t col)
{
	size_t k;

	for (k = 0; k < l->nkeys; k++)
		if (l->key_columns[k] == (int)col)
			return 1;
	return 0;
}

/*
 * Does column c take a new value in each repeat instance?  Yes when its
 * repeat has instances: a key that is not a record key, or no key and
 * innermost (the others are shared by the rows).
 */
static int per_instance(const struct kaigo_layout *l, const struct kaigo_column *c)
{
	const struct kaigo_repeat *r;

	if (c->repeat < 0)
		return 0;
	r = &l->repeats[c->repeat];
	if (r->has_key)
		return !is_record_key(l, (size_t)r->key_column);
	return (size_t)c->repeat + 1 == l->nrepeats;
}

/* Append s (UTF-8) as one field in l's encoding (empty if it cannot be encoded). */
static void put(struct kaigo_buf *row, struct kaigo_codec *cd, const char *s, size_t n, int quote)
{
	struct kaigo_buf enc = KAIGO_BUF_INIT;
	size_t bo;
	unsigned long cp;

	if (n && kaigo_codec_encode(cd, s, n, &enc, &bo, &cp) != 0)
		kaigo_buf_reset(&enc);
	kaigo_csv_put_field(row, enc.data ? enc.data : "", enc.len, quote);
	kaigo_buf_release(&enc);
}

/*
 * One data row: record rec, repeat instance inst; empty: the columns that
 * may be empty are.
 */
static void gen_row(struct kaigo_buf *row, const struct kaigo_layout *l, struct kaigo_codec *cd,
		    unsigned rec, unsigned inst, int empty)
{
	struct kaigo_buf val = KAIGO_BUF_INIT;
	size_t i;

	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *c = &l->cols[i];
		uint64_t h = hash_str(c->has_path ? c->path.text : c->name) ^ ((uint64_t)rec << 8);

		kaigo_buf_reset(&val);
		kaigo_buf_add(&val, "", 0);
		if ((int)i == l->version_column && l->versions && l->versions[0]) {
			kaigo_buf_add(&val, l->versions[0], strlen(l->versions[0]));
		} else if (!c->has_path) {
			if (c->fixed)
				kaigo_buf_add(&val, c->fixed, strlen(c->fixed));
		} else if (is_record_key(l, i)) {
			gen_value(&val, c, mix(h));
		} else if (!empty || c->required) {
			gen_value(&val, c, mix(per_instance(l, c) ? h ^ (inst + 1) : h));
		}
		if (i)
			kaigo_buf_addch(row, ',');
		put(row, cd, val.data, val.len, c->quote == KAIGO_QUOTE_ALWAYS);
	}
	kaigo_buf_add(row, l->crlf ? "\r\n" : "\n", l->crlf ? 2 : 1);
	kaigo_buf_release(&val);
}

/* Write the rows for l to csv; returns the number of data rows, or -1. */
static long write_rows(const struct kaigo_layout *l)
{
	struct kaigo_buf row = KAIGO_BUF_INIT;
	struct kaigo_codec *cd;
	char err[200];
	unsigned rec, inst;
	long n = 0;

	if (!codecs[l->encoding] && !(codecs[l->encoding] = kaigo_codec_new(l->encoding, err, sizeof(err))))
		return -1;
	cd = codecs[l->encoding];
	if (l->header) {
		size_t i;

		for (i = 0; i < l->ncols; i++) {
			if (i)
				kaigo_buf_addch(&row, ',');
			put(&row, cd, l->cols[i].name, strlen(l->cols[i].name), 0);
		}
		kaigo_buf_add(&row, l->crlf ? "\r\n" : "\n", l->crlf ? 2 : 1);
	}
	for (rec = 0; rec < 2; rec++)
		for (inst = 0; inst < 2; inst++, n++)
			gen_row(&row, l, cd, rec, inst, 0);
	gen_row(&row, l, cd, 1, 2, 1);
	n++;
	if (fuzz_write_file(csv, row.data, row.len) < 0)
		n = -1;
	kaigo_buf_release(&row);
	return n;
}

/* ---- both directions ------------------------------------------------ */

/* The rows made from l, to XML and back; without a header row, every row written must be read. */
static void convert(struct kaigo_layout *l)
{
	long nrows = write_rows(l);

	if (nrows >= 0)
		fuzz_round_trip(&cat, l, csv, xml, xmlfd, l->header ? -1 : nrows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_layout *l;

	if (fuzz_write_file(spec, data, size) < 0)
		return 0;
	l = kaigo_layout_load(&cat, spec, &sink);
	if (!l) {
		if (sink.errors == 0)
			__builtin_trap(); /* a failed load is always reported */
		return 0;
	}
	check_layout(l);
	convert(l);
	kaigo_layout_free(l);
	return 0;
}
