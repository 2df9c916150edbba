/*
 * csv.c - streaming CSV reader and writer (RFC 4180 and the CP932 dialect).
 *
 * The reader turns physical lines from a struct kaigo_line_source into
 * records.  It splits on bytes only: '"', ',', CR and LF are never part of
 * a multibyte character in UTF-8, CP932/Shift_JIS or EUC-JP, so no decoding
 * is needed.  In particular 0x5C ('\\', the trail byte of 表 0x95 0x5C or
 * ソ 0x83 0x5C in CP932) means nothing here: this dialect has no backslash
 * escapes at all, the only escape is a doubled quote inside a quoted field.
 *
 * Quoting is strict RFC 4180: a quote may only open a field (its first
 * byte) and close it (followed by ',' or the end of the record).  A quote
 * anywhere else is an error, not data, because the national care-plan
 * standard (domain/careplan.md §1.2) writes free text quoted with doubled
 * quotes, so a lone quote means the exporter or a hand edit broke the file,
 * and guessing would silently merge or split rows.
 *
 * Two paths share one record layout:
 *   - fast path: a record that is one physical line without any '"' is
 *     split in place with memchr; fields and raw point into the line the
 *     source lent us (valid until the next read, which is also the
 *     lifetime the API promises), nothing is copied;
 *   - general path: anything else is copied into raw and unescaped into
 *     data, both reused between records, so memory is bounded by the
 *     largest record (at most max_record_bytes) plus one source line.
 *
 * After a malformed quote the record ends at the end of that physical line
 * (see resync in parse_line); after an over-long record the reader keeps
 * following the quotes without storing anything until the record ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/diag.h"

/* Default bound on one record: larger than any sane care-plan row. */
#define DEFAULT_MAX_RECORD ((size_t)64 << 20)
/*
 * Bound on the fields of one record: a spreadsheet's column limit (Excel:
 * 16 384).  Each field costs a struct kaigo_csv_field (24 bytes), so
 * without it a line of commas took 25 times its size in memory.
 */
#define MAX_FIELDS ((size_t)KAIGO_CSV_MAX_FIELDS)

/* The first problem found in the record being read. */
struct problem {
	const char *rule;       /* rule id; NULL while the record is well formed */
	unsigned long line;     /* physical line of the problem (1-based) */
	unsigned long column;   /* byte column in that line (1-based) */
	long long offset;       /* byte offset of the problem in the input */
	char message[96];       /* the diagnostic text, formatted when found */
};

/* Parser state of the record being assembled; lives for one read call. */
struct record_state {
	int in_quotes;          /* inside a quoted field (may span lines) */
	int ended;              /* the record's terminator has been seen */
	int discard;            /* over max_record_bytes: keep no more bytes */
	size_t field_start;     /* offset in r->data where the open field starts */
	unsigned long qline;    /* line of the open quote, for "unterminated" */
	unsigned long qcolumn;  /* its byte column */
	long long qoffset;      /* its byte offset in the input */
	struct problem bad;     /* first problem; bad.rule NULL if none */
};

struct kaigo_csv_reader {
	const struct kaigo_line_source *src; /* borrowed; outlives the reader */
	const char *file;         /* input name for diagnostics; borrowed */
	size_t max;               /* bound on a record's raw bytes (terminator included) */
	struct kaigo_diag_sink *sink; /* where problems go; borrowed, may be NULL */
	struct kaigo_buf raw;     /* general path: the record's original bytes */
	struct kaigo_buf data;    /* general path: unescaped field bytes, back to back */
	struct kaigo_csv_field *fields; /* field array handed out in rec */
	size_t nfields;           /* fields in use in this record */
	size_t fields_cap;        /* fields allocated */
	struct kaigo_csv_record rec; /* the record handed out by kaigo_csv_read */
	unsigned long lines;      /* physical lines consumed so far */
	unsigned long records;    /* records started so far (bad ones included) */
	long long offset;         /* bytes consumed so far */
	int eof;                  /* the source said end of input: never ask again */
	int failed;               /* the source failed or memory ran out: sticky */
};

struct kaigo_csv_reader *kaigo_csv_reader_new(const struct kaigo_line_source *src,
					      const char *file, size_t max_record_bytes,
					      struct kaigo_diag_sink *sink)
{
	struct kaigo_csv_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->src = src;
	r->file = file;
	r->max = max_record_bytes ? max_record_bytes : DEFAULT_MAX_RECORD;
	r->sink = sink;
	return r;
}

void kaigo_csv_reader_free(struct kaigo_csv_reader *r)
{
	if (!r)
		return;
	kaigo_buf_release(&r->raw);
	kaigo_buf_release(&r->data);
	free(r->fields);
	free(r);
}

/*
 * Append a field.  On the general path data is NULL: fields lie back to
 * back in r->data and get their pointers in finish(), after the last
 * realloc of the record.
 */
static int push_field(struct kaigo_csv_reader *r, const char *data, size_t len, int quoted)
{
	struct kaigo_csv_field *f;

	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;

		if (cap > (size_t)-1 / sizeof(*f))
			return -1;
		f = realloc(r->fields, cap * sizeof(*f));
		if (!f)
			return -1;
		r->fields = f;
		r->fields_cap = cap;
	}
	f = &r->fields[r->nfields++];
	f->data = data;
	f->len = len;
	f->quoted = quoted;
	return 0;
}

/* Fast path: one line, no quotes; the fields point into the line itself. */
/* Returns 0, 1 when the line has more than MAX_FIELDS fields, -1 out of memory. */
static int split_plain(struct kaigo_csv_reader *r, const char *p, size_t n)
{
	const char *end = p + n;
	const char *comma;

	while ((comma = memchr(p, ',', (size_t)(end - p))) != NULL) {
		if (r->nfields + 1 >= MAX_FIELDS)
			return 1;
		if (push_field(r, p, (size_t)(comma - p), 0) < 0)
			return -1;
		p = comma + 1;
	}
	return push_field(r, p, (size_t)(end - p), 0);
}

static void set_problem(struct record_state *st, const char *rule, unsigned long line,
			unsigned long column, long long offset)
{
	st->bad.rule = rule;
	st->bad.line = line;
	st->bad.column = column;
	st->bad.offset = offset;
	st->bad.message[0] = '\0';
}

/* General path: unescaped bytes go to r->data unless the record is already bad. */
static void add_data(struct kaigo_csv_reader *r, const struct record_state *st,
		     const char *p, size_t n)
{
	if (st->bad.rule || n == 0)
		return;
	/* room was reserved for the whole line in read_general() */
	memcpy(r->data.data + r->data.len, p, n);
	r->data.len += n;
}

static void too_many_fields(struct kaigo_csv_reader *r, struct record_state *st)
{
	set_problem(st, "csv.too-many-fields", r->rec.line, 1, r->rec.offset);
	snprintf(st->bad.message, sizeof(st->bad.message),
		 "record with more than %zu fields (skipped to its end)", MAX_FIELDS);
}

static int end_field(struct kaigo_csv_reader *r, struct record_state *st, int quoted)
{
	size_t len = r->data.len - st->field_start;

	if (st->bad.rule)
		return 0;
	if (r->nfields >= MAX_FIELDS) {
		too_many_fields(r, st);
		return 0;
	}
	st->field_start = r->data.len;
	return push_field(r, NULL, len, quoted);
}

/*
 * Parse one physical line of a record: p[0..n) is its content, p[n..len)
 * its terminator.  Sets st->ended when the record ends on this line.
 *
 * Resync: after a stray quote or text after a closing quote the record
 * ends at the end of this physical line, whatever quotes follow.  Once the
 * quoting is broken its parity cannot be trusted, and following it could
 * swallow the rest of the file as one "quoted" field; a line is also the
 * unit a person can find and fix in the reject file.
 */
static int parse_line(struct kaigo_csv_reader *r, struct record_state *st,
		      const char *p, size_t n, size_t len, long long line_offset)
{
	size_t i = 0;

	for (;;) {
		if (st->in_quotes) {
			const char *q = memchr(p + i, '"', n - i);
			size_t k;

			if (!q) {
				/* the line ends inside quotes: its terminator is data */
				add_data(r, st, p + i, len - i);
				return 0;
			}
			k = (size_t)(q - p);
			if (k + 1 < n && p[k + 1] == '"') {
				add_data(r, st, p + i, k + 1 - i); /* "" -> " */
				i = k + 2;
				continue;
			}
			add_data(r, st, p + i, k - i);
			st->in_quotes = 0;
			i = k + 1;
			if (i == n) {
				st->ended = 1;
				return end_field(r, st, 1);
			}
			if (p[i] == ',') {
				if (end_field(r, st, 1) < 0)
					return -1;
				i++;
				continue;
			}
			if (!st->bad.rule) {
				unsigned char c = (unsigned char)p[i];

				set_problem(st, "csv.text-after-quote", r->lines, i + 1,
					    line_offset + (long long)i);
				if (c >= 0x20 && c < 0x7f)
					snprintf(st->bad.message, sizeof(st->bad.message),
						 "text after closing quote: '%c' (expected ',' or end of record)", c);
				else
					snprintf(st->bad.message, sizeof(st->bad.message),
						 "text after closing quote: byte 0x%02X (expected ',' or end of record)", c);
			}
			st->ended = 1;
			return 0;
		}

		/* at the start of a field, outside quotes */
		if (i < n && p[i] == '"') {
			st->in_quotes = 1;
			st->qline = r->lines;
			st->qcolumn = i + 1;
			st->qoffset = line_offset + (long long)i;
			i++;
			continue;
		}
		{
			size_t j = i;

			while (j < n && p[j] != ',' && p[j] != '"')
				j++;
			if (j < n && p[j] == '"') {
				if (!st->bad.rule) {
					set_problem(st, "csv.stray-quote", r->lines, j + 1,
						    line_offset + (long long)j);
					snprintf(st->bad.message, sizeof(st->bad.message),
						 "stray '\"' inside an unquoted field (a quote may only enclose a whole field)");
				}
				st->ended = 1;
				return 0;
			}
			add_data(r, st, p + i, j - i);
			if (end_field(r, st, 0) < 0)
				return -1;
			if (j == n) {
				st->ended = 1;
				return 0;
			}
			i = j + 1;
		}
	}
}

/* The terminator at the end of a source line, and the content length before it. */
static const char *line_eol(const char *p, size_t len, size_t *n)
{
	if (len >= 1 && p[len - 1] == '\n') {
		if (len >= 2 && p[len - 2] == '\r') {
			*n = len - 2;
			return "\r\n";
		}
		*n = len - 1;
		return "\n";
	}
	*n = len;
	return "";
}

/* Hand out the general-path record; reports and returns BAD if it is one. */
static enum kaigo_csv_status finish(struct kaigo_csv_reader *r, const struct record_state *st)
{
	struct kaigo_csv_record *rec = &r->rec;

	rec->raw = r->raw.data ? r->raw.data : "";
	rec->raw_len = r->raw.len;
	rec->fields = r->fields;
	if (st->bad.rule) {
		struct kaigo_diag d;

		rec->nfields = 0;
		memset(&d, 0, sizeof(d));
		d.severity = KAIGO_SEV_ERROR;
		d.file = r->file;
		d.line = st->bad.line;
		d.column = st->bad.column;
		d.byte_offset = st->bad.offset;
		d.record = rec->number;
		d.rule = st->bad.rule;
		d.message = st->bad.message;
		kaigo_diag_emit(r->sink, &d);
		return KAIGO_CSV_BAD;
	} else {
		const char *p = r->data.data ? r->data.data : "";
		size_t i;

		for (i = 0; i < r->nfields; i++) {
			r->fields[i].data = p;
			p += r->fields[i].len;
		}
		rec->nfields = r->nfields;
		if (r->data.data)
			r->data.data[r->data.len] = '\0'; /* keep the kaigo_buf promise */
		return KAIGO_CSV_RECORD;
	}
}

/* Keep at most max raw bytes of the record; past that, discard and flag it. */
static int keep_raw(struct kaigo_csv_reader *r, struct record_state *st,
		    const char *p, size_t len)
{
	size_t take = len;

	if (st->discard)
		return 0;
	if (len > r->max - r->raw.len) {
		take = r->max - r->raw.len;
		st->discard = 1;
		/* an earlier problem would have ended the record already */
		set_problem(st, "csv.record-too-long", r->rec.line, 1, r->rec.offset);
		snprintf(st->bad.message, sizeof(st->bad.message),
			 "record longer than %zu bytes (skipped to its end)", r->max);
	}
	if (kaigo_buf_grow(&r->raw, take) < 0)
		return -1;
	memcpy(r->raw.data + r->raw.len, p, take);
	r->raw.len += take;
	r->raw.data[r->raw.len] = '\0';
	return 0;
}

enum kaigo_csv_status kaigo_csv_read(struct kaigo_csv_reader *r, const struct kaigo_csv_record **rec)
{
	struct record_state st;
	int started = 0;

	*rec = NULL;
	if (r->failed)
		return KAIGO_CSV_FAIL;
	if (r->eof)
		return KAIGO_CSV_EOF;
	memset(&st, 0, sizeof(st));
	r->nfields = 0;
	kaigo_buf_reset(&r->raw);
	kaigo_buf_reset(&r->data);

	for (;;) {
		const char *line, *eol;
		size_t len, n;
		long long line_offset;
		int rc = r->src->next(r->src->ctx, &line, &len);

		if (rc < 0) {
			r->failed = 1;
			return KAIGO_CSV_FAIL;
		}
		if (rc == 0) {
			r->eof = 1;
			if (!started)
				return KAIGO_CSV_EOF;
			/* only an open quote keeps a record going past its line */
			if (!st.bad.rule) {
				set_problem(&st, "csv.unterminated-quote", st.qline, st.qcolumn,
					    st.qoffset);
				snprintf(st.bad.message, sizeof(st.bad.message),
					 "unterminated quoted field (no closing '\"' before end of input)");
			}
			r->rec.eol = "";
			*rec = &r->rec;
			return finish(r, &st);
		}
		if (len == 0)
			continue; /* not a line; a conforming source never returns one */

		r->lines++;
		line_offset = r->offset;
		r->offset += (long long)len;
		eol = line_eol(line, len, &n);
		if (!started) {
			started = 1;
			r->records++;
			r->rec.number = r->records;
			r->rec.line = r->lines;
			r->rec.offset = line_offset;
			if (len <= r->max && !memchr(line, '"', n)) {
				r->rec.line_end = r->lines;
				r->rec.eol = eol;
				r->rec.raw = line;
				r->rec.raw_len = len;
				switch (split_plain(r, line, n)) {
				case 0:
					break;
				case 1:
					/* the general path's raw copy, for the BAD record */
					too_many_fields(r, &st);
					if (keep_raw(r, &st, line, len) < 0) {
						r->failed = 1;
						return KAIGO_CSV_FAIL;
					}
					*rec = &r->rec;
					return finish(r, &st);
				default:
					r->failed = 1;
					return KAIGO_CSV_FAIL;
				}
				r->rec.fields = r->fields;
				r->rec.nfields = r->nfields;
				*rec = &r->rec;
				return KAIGO_CSV_RECORD;
			}
		}
		r->rec.line_end = r->lines;
		if (keep_raw(r, &st, line, len) < 0 ||
		    (!st.bad.rule && kaigo_buf_grow(&r->data, len) < 0) ||
		    parse_line(r, &st, line, n, len, line_offset) < 0) {
			r->failed = 1;
			return KAIGO_CSV_FAIL;
		}
		if (st.ended) {
			r->rec.eol = eol;
			*rec = &r->rec;
			return finish(r, &st);
		}
	}
}

int kaigo_csv_needs_quotes(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (data[i]) {
		case '"':
		case ',':
		case '\r':
		case '\n':
			return 1;
		default:
			break;
		}
	}
	return 0;
}

int kaigo_csv_put_field(struct kaigo_buf *out, const char *data, size_t len, int quote)
{
	size_t old = out->len;

	if (!quote && !kaigo_csv_needs_quotes(data, len))
		return len ? kaigo_buf_add(out, data, len) : 0;
	if (kaigo_buf_addch(out, '"') < 0)
		goto fail;
	while (len > 0) {
		const char *q = memchr(data, '"', len);
		size_t n = q ? (size_t)(q - data) + 1 : len; /* up to and including a quote */

		if (kaigo_buf_add(out, data, n) < 0 || (q && kaigo_buf_addch(out, '"') < 0))
			goto fail;
		data += n;
		len -= n;
	}
	if (kaigo_buf_addch(out, '"') < 0)
		goto fail;
	return 0;
fail:
	/* leave out as it was, like kaigo_buf_add does */
	if (out->data) {
		out->len = old;
		out->data[old] = '\0';
	}
	return -1;
}
