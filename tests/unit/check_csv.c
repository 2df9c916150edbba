/*
 * check_csv.c - unit tests of the CSV reader and writer (lib/csv.c).
 *
 * Tests are data.  A reader case is an input and the expected rendering of
 * everything the reader returned and reported, one line per record or
 * diagnostic, so adding a case is adding one table row.  Expectations are
 * worked out by hand from the input bytes (offsets and columns count
 * bytes), never by running the code under test.  The rendering
 * escapes every byte outside printable ASCII, and '\\', as \xHH (CR and LF
 * as \r and \n), so CP932 bytes such as 表 0x95 0x5C are visible and
 * compared exactly.  Every reader case also checks invariants that are
 * not in the rendering: raw is the input slice at offset, records are
 * contiguous, physical lines follow on, eol ends raw, the sink counted
 * one error per BAD record.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/diag.h"

Suite *kaigo_suite_csv(void);

/* A line source over an in-memory string, split after each '\n'. */
struct memsrc {
	const char *p;  /* the whole input */
	size_t len;     /* bytes in p */
	size_t pos;     /* next byte to hand out */
	int fail_at;    /* fail (-1) when asked for this 1-based line; 0 = never */
	int lineno;     /* lines handed out so far */
};

static int mem_next(void *ctx, const char **line, size_t *len)
{
	struct memsrc *m = ctx;
	const char *nl;

	if (m->fail_at && m->lineno + 1 == m->fail_at)
		return -1;
	if (m->pos >= m->len)
		return 0;
	*line = m->p + m->pos;
	nl = memchr(*line, '\n', m->len - m->pos);
	*len = nl ? (size_t)(nl - *line) + 1 : m->len - m->pos;
	m->pos += *len;
	m->lineno++;
	return 1;
}

/* What the test sink collects. */
struct collect {
	struct kaigo_buf *out;  /* rendering shared with the records */
	const char *last_rule;  /* rule of the latest diagnostic */
};

static void put_escaped(struct kaigo_buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\r')
			kaigo_buf_add(b, "\\r", 2);
		else if (c == '\n')
			kaigo_buf_add(b, "\\n", 2);
		else if (c >= 0x20 && c < 0x7f && c != '\\')
			kaigo_buf_addch(b, (char)c);
		else
			kaigo_buf_addf(b, "\\x%02X", c);
	}
}

static void on_diag(void *ctx, const struct kaigo_diag *d)
{
	struct collect *c = ctx;
	size_t n = strlen(d->message);

	/* house style: lowercase start, no full stop; every location filled in */
	ck_assert_int_eq(d->severity, KAIGO_SEV_ERROR);
	ck_assert_str_eq(d->file, "t.csv");
	ck_assert(n > 0 && d->message[0] >= 'a' && d->message[0] <= 'z');
	ck_assert(d->message[n - 1] != '.');
	ck_assert(d->line > 0 && d->column > 0 && d->byte_offset >= 0 && d->record > 0);
	c->last_rule = d->rule;
	kaigo_buf_addf(c->out, "! %s %lu:%lu @%lld r%lu\n", d->rule, d->line, d->column,
		       d->byte_offset, d->record);
}

static const char *eol_name(const char *eol)
{
	if (strcmp(eol, "\r\n") == 0)
		return "CRLF";
	if (strcmp(eol, "\n") == 0)
		return "LF";
	ck_assert_str_eq(eol, "");
	return "-";
}

/* Read all of in with the given limit and render it into out. */
static void render_all(const char *in, size_t len, size_t max, struct kaigo_buf *out)
{
	struct memsrc m = { in, len, 0, 0, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct collect col = { out, NULL };
	struct kaigo_diag_sink sink = { on_diag, &col, 0, 0 };
	struct kaigo_csv_reader *r = kaigo_csv_reader_new(&src, "t.csv", max, &sink);
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	long long pos = 0;           /* where the next record must start; -1 unknown */
	unsigned long prev_end = 0;  /* physical line the previous record ended on */
	unsigned long number = 0, nbad = 0;
	size_t i;

	ck_assert_ptr_nonnull(r);
	while ((st = kaigo_csv_read(r, &rec)) != KAIGO_CSV_EOF) {
		ck_assert_int_ne(st, KAIGO_CSV_FAIL);
		ck_assert_ptr_nonnull(rec);
		ck_assert_uint_eq(rec->number, ++number);
		ck_assert_uint_eq(rec->line, prev_end + 1);
		ck_assert_uint_ge(rec->line_end, rec->line);
		prev_end = rec->line_end;
		if (pos >= 0)
			ck_assert(rec->offset == pos);
		ck_assert(rec->offset >= 0 && (size_t)rec->offset + rec->raw_len <= len);
		ck_assert(memcmp(rec->raw, in + rec->offset, rec->raw_len) == 0);
		kaigo_buf_addf(out, "#%lu %lu-%lu @%lld %s", rec->number, rec->line,
			       rec->line_end, rec->offset, eol_name(rec->eol));
		if (st == KAIGO_CSV_BAD) {
			nbad++;
			ck_assert_uint_eq(rec->nfields, 0);
			kaigo_buf_addf(out, " BAD %zu", rec->raw_len);
			/* a too-long record's raw is only its start */
			pos = strcmp(col.last_rule, "csv.record-too-long") == 0 ?
				-1 : rec->offset + (long long)rec->raw_len;
		} else {
			size_t el = strlen(rec->eol);

			ck_assert_int_eq(st, KAIGO_CSV_RECORD);
			ck_assert_uint_ge(rec->nfields, 1);
			ck_assert(rec->raw_len >= el &&
				  memcmp(rec->raw + rec->raw_len - el, rec->eol, el) == 0);
			for (i = 0; i < rec->nfields; i++) {
				const struct kaigo_csv_field *f = &rec->fields[i];

				ck_assert_ptr_nonnull(f->data);
				kaigo_buf_add(out, f->quoted ? " q[" : " [", f->quoted ? 3 : 2);
				put_escaped(out, f->data, f->len);
				kaigo_buf_addch(out, ']');
			}
			pos = rec->offset + (long long)rec->raw_len;
		}
		kaigo_buf_addch(out, '\n');
	}
	ck_assert_ptr_null(rec);
	if (pos >= 0)
		ck_assert(pos == (long long)len);
	ck_assert_uint_eq(sink.errors, nbad);
	/* EOF is sticky */
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_EOF);
	kaigo_csv_reader_free(r);
}

struct read_case {
	const char *name;  /* what the case shows */
	const char *in;    /* input bytes (no NUL inside) */
	size_t max;        /* max_record_bytes; 0 = the default */
	const char *want;  /* expected rendering, see render_all() */
};

static const struct read_case read_cases[] = {
	{ "simple rows", "a,b,c\n1,22,333\n", 0,
	  "#1 1-1 @0 LF [a] [b] [c]\n#2 2-2 @6 LF [1] [22] [333]\n" },
	{ "empty fields", ",a,,\n,\n", 0,
	  "#1 1-1 @0 LF [] [a] [] []\n#2 2-2 @5 LF [] []\n" },
	{ "quoted fields with commas", "\"a,b\",c,\",\"\n", 0,
	  "#1 1-1 @0 LF q[a,b] [c] q[,]\n" },
	{ "doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\",\"\"\n", 0,
	  "#1 1-1 @0 LF q[say \"hi\"] q[\"] q[]\n" },
	{ "embedded CRLF kept byte-exact", "x,\"l1\r\nl2\"\r\ny\r\n", 0,
	  "#1 1-2 @0 CRLF [x] q[l1\\r\\nl2]\n#2 3-3 @12 CRLF [y]\n" },
	{ "embedded LF kept byte-exact", "\"a\nb\",\"\n\"\n", 0,
	  "#1 1-3 @0 LF q[a\\nb] q[\\n]\n" },
	{ "bare CR is data", "a\rb,c\r\nd\r", 0,
	  "#1 1-1 @0 CRLF [a\\rb] [c]\n#2 2-2 @7 - [d\\r]\n" },
	{ "bare CR in quotes is data", "\"a\r\",b\n", 0,
	  "#1 1-1 @0 LF q[a\\r] [b]\n" },
	{ "CRLF and LF terminators", "a\r\nb\nc\r\n", 0,
	  "#1 1-1 @0 CRLF [a]\n#2 2-2 @3 LF [b]\n#3 3-3 @5 CRLF [c]\n" },
	{ "last line without terminator", "a,b\nc,d", 0,
	  "#1 1-1 @0 LF [a] [b]\n#2 2-2 @4 - [c] [d]\n" },
	{ "quoted last field without terminator", "a,\"b\"", 0,
	  "#1 1-1 @0 - [a] q[b]\n" },
	{ "empty line is one empty field", "a\n\nb\r\n\r\n", 0,
	  "#1 1-1 @0 LF [a]\n#2 2-2 @2 LF []\n#3 3-3 @3 CRLF [b]\n#4 4-4 @6 CRLF []\n" },
	{ "empty input", "", 0, "" },
	{ "record over 3 lines, next line number physical", "1,\"x\ny\nz\",2\n3,4\n", 0,
	  "#1 1-3 @0 LF [1] q[x\\ny\\nz] [2]\n#2 4-4 @12 LF [3] [4]\n" },
	{ "diagnostic line physical after multi-line record",
	  "1,\"x\ny\nz\",2\n3,4\n5,6\"\n", 0,
	  "#1 1-3 @0 LF [1] q[x\\ny\\nz] [2]\n#2 4-4 @12 LF [3] [4]\n"
	  "! csv.stray-quote 5:4 @19 r3\n#3 5-5 @16 LF BAD 5\n" },
	{ "cp932 0x5C trail bytes unquoted", "\x95\x5c,\x83\x5c\x83\x5c,a\x94\x5c\n", 0,
	  "#1 1-1 @0 LF [\\x95\\x5C] [\\x83\\x5C\\x83\\x5C] [a\\x94\\x5C]\n" },
	{ "cp932 0x5C trail byte before closing quote",
	  "\"\x95\x5c\",\"\x83\x5c\"\"\x83\x5c\"\r\n", 0,
	  "#1 1-1 @0 CRLF q[\\x95\\x5C] q[\\x83\\x5C\"\\x83\\x5C]\n" },
	{ "cp932 0x5C trail byte before embedded CRLF",
	  "\"\x95\x5c\r\n\x83\x5c\",\x8f\x5c\r\n", 0,
	  "#1 1-2 @0 CRLF q[\\x95\\x5C\\r\\n\\x83\\x5C] [\\x8F\\x5C]\n" },
	{ "cp932 0x5C trail byte before terminator", "\x95\x5c\r\n\x83\x5c\n", 0,
	  "#1 1-1 @0 CRLF [\\x95\\x5C]\n#2 2-2 @4 LF [\\x83\\x5C]\n" },
	{ "utf-8 and euc-jp bytes", "\xe8\xa1\xa8,\"\xc6\xfc\xcb\xdc\"\n", 0,
	  "#1 1-1 @0 LF [\\xE8\\xA1\\xA8] q[\\xC6\\xFC\\xCB\\xDC]\n" },
	{ "stray quote, then recovery", "a,b\"c,d\nx,y\n", 0,
	  "! csv.stray-quote 1:4 @3 r1\n#1 1-1 @0 LF BAD 8\n#2 2-2 @8 LF [x] [y]\n" },
	{ "space before opening quote is a stray quote", "a, \"b\"\r\nc\r\n", 0,
	  "! csv.stray-quote 1:4 @3 r1\n#1 1-1 @0 CRLF BAD 8\n#2 2-2 @8 CRLF [c]\n" },
	{ "stray quote ends the record at its line", "a\"b,\"c\nd\n", 0,
	  "! csv.stray-quote 1:2 @1 r1\n#1 1-1 @0 LF BAD 7\n#2 2-2 @7 LF [d]\n" },
	{ "text after closing quote", "\"ab\"c,d\ne\n", 0,
	  "! csv.text-after-quote 1:5 @4 r1\n#1 1-1 @0 LF BAD 8\n#2 2-2 @8 LF [e]\n" },
	{ "text after closing quote on a later line", "x,\"a\nb\"z\nok\n", 0,
	  "! csv.text-after-quote 2:3 @7 r1\n#1 1-2 @0 LF BAD 9\n#2 3-3 @9 LF [ok]\n" },
	{ "bare CR after closing quote at end of input", "\"a\"\r", 0,
	  "! csv.text-after-quote 1:4 @3 r1\n#1 1-1 @0 - BAD 4\n" },
	{ "cp932 byte after closing quote", "\"a\"\x95\x5c\nb\n", 0,
	  "! csv.text-after-quote 1:4 @3 r1\n#1 1-1 @0 LF BAD 6\n#2 2-2 @6 LF [b]\n" },
	{ "bad records in a row", "\"a\"b\nc\"d\nok\n", 0,
	  "! csv.text-after-quote 1:4 @3 r1\n#1 1-1 @0 LF BAD 5\n"
	  "! csv.stray-quote 2:2 @6 r2\n#2 2-2 @5 LF BAD 4\n#3 3-3 @9 LF [ok]\n" },
	{ "unterminated quote at end of input", "a\n\"open,\nmore\n", 0,
	  "#1 1-1 @0 LF [a]\n! csv.unterminated-quote 2:1 @2 r2\n#2 2-3 @2 - BAD 12\n" },
	{ "unterminated quote opened mid-line", "x,y,\"z\n", 0,
	  "! csv.unterminated-quote 1:5 @4 r1\n#1 1-1 @0 - BAD 7\n" },
	{ "too long unquoted, then recovery", "12345678,\nab\n1234567\n", 8,
	  "! csv.record-too-long 1:1 @0 r1\n#1 1-1 @0 LF BAD 8\n"
	  "#2 2-2 @10 LF [ab]\n#3 3-3 @13 LF [1234567]\n" },
	{ "too long inside quotes skips to the closing quote", "\"aaaa\nbbbb\ncc\"\nok\n", 8,
	  "! csv.record-too-long 1:1 @0 r1\n#1 1-3 @0 LF BAD 8\n#2 4-4 @15 LF [ok]\n" },
	{ "too long: quoted lines that look like records are skipped",
	  "x,\"1234\n\"\"\nz,w\n\",y\nok\n", 8,
	  "! csv.record-too-long 1:1 @0 r1\n#1 1-4 @0 LF BAD 8\n#2 5-5 @19 LF [ok]\n" },
	{ "too long and unterminated gives one diagnostic", "\"aaaaaaaaaa\nbb\n", 8,
	  "! csv.record-too-long 1:1 @0 r1\n#1 1-2 @0 - BAD 8\n" },
	{ "exactly max bytes is not too long", "\"abc\"\n\"a\nb\"\n", 6,
	  "#1 1-1 @0 LF q[abc]\n#2 2-3 @6 LF q[a\\nb]\n" },
	{ "too long second record with quotes", "ab\n\"cdefgh\"\nij\n", 6,
	  "#1 1-1 @0 LF [ab]\n! csv.record-too-long 2:1 @3 r2\n#2 2-2 @3 LF BAD 6\n"
	  "#3 3-3 @12 LF [ij]\n" },
};

START_TEST(test_read)
{
	const struct read_case *c = &read_cases[_i];
	struct kaigo_buf out = KAIGO_BUF_INIT;
	const char *got;

	render_all(c->in, strlen(c->in), c->max, &out);
	got = out.data ? out.data : "";
	ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n got: %s\nwant: %s", c->name, got,
		      c->want);
	kaigo_buf_release(&out);
}
END_TEST

/*
 * Inputs that must come back byte for byte through read → put_field.
 * Not here: an unquoted field holding a bare CR; the reader takes it as
 * data, the writer quotes it (so that "x\r" before LF cannot look like CRLF).
 */
static const char *const roundtrip_cases[] = {
	"a,b,c\r\n1,2,3\r\n",
	"\"quoted\",bare,\"\"\n\n,\n",
	"x,\"l1\r\nl2\"\r\n\"a\nb\"\n",
	"\"say \"\"hi\"\"\",\"\"\"\"\r\n",
	"last,\"no eol\"",
	"\"\x95\x5c\",\x83\x5c,\"\x83\x5c\"\"\r\n\x95\x5c\"\r\n",
	"\"a\rb\",c\n", /* an unquoted bare CR is read as data but written quoted */
	"\"\",\"\"\n,,\r\n",
	"",
};

START_TEST(test_roundtrip)
{
	const char *in = roundtrip_cases[_i];
	size_t len = strlen(in);
	struct memsrc m = { in, len, 0, 0, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_csv_reader *r = kaigo_csv_reader_new(&src, "t.csv", 0, &sink);
	struct kaigo_buf out = KAIGO_BUF_INIT, raw = KAIGO_BUF_INIT;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	size_t i;

	ck_assert_ptr_nonnull(r);
	while ((st = kaigo_csv_read(r, &rec)) == KAIGO_CSV_RECORD) {
		for (i = 0; i < rec->nfields; i++) {
			if (i > 0)
				ck_assert_int_eq(kaigo_buf_addch(&out, ','), 0);
			ck_assert_int_eq(kaigo_csv_put_field(&out, rec->fields[i].data,
							     rec->fields[i].len,
							     rec->fields[i].quoted), 0);
		}
		ck_assert_int_eq(kaigo_buf_add(&out, rec->eol, strlen(rec->eol)), 0);
		ck_assert_int_eq(kaigo_buf_add(&raw, rec->raw, rec->raw_len), 0);
	}
	ck_assert_int_eq(st, KAIGO_CSV_EOF);
	ck_assert_uint_eq(sink.errors, 0);
	ck_assert_uint_eq(out.len, len);
	ck_assert(len == 0 || memcmp(out.data, in, len) == 0);
	ck_assert_uint_eq(raw.len, len);
	ck_assert(len == 0 || memcmp(raw.data, in, len) == 0);
	kaigo_buf_release(&out);
	kaigo_buf_release(&raw);
	kaigo_csv_reader_free(r);
}
END_TEST

struct put_case {
	const char *data;  /* field content */
	int quote;         /* quote argument of kaigo_csv_put_field */
	int needs;         /* expected kaigo_csv_needs_quotes */
	const char *want;  /* expected output */
};

static const struct put_case put_cases[] = {
	{ "abc", 0, 0, "abc" },
	{ "abc", 1, 0, "\"abc\"" },
	{ "", 0, 0, "" },
	{ "", 1, 0, "\"\"" },
	{ " lead and trail ", 0, 0, " lead and trail " },
	{ "a,b", 0, 1, "\"a,b\"" },
	{ "a\"b", 0, 1, "\"a\"\"b\"" },
	{ "\"", 0, 1, "\"\"\"\"" },
	{ "\"\"x\"", 1, 1, "\"\"\"\"\"x\"\"\"" },
	{ "a\rb", 0, 1, "\"a\rb\"" },
	{ "a\nb", 0, 1, "\"a\nb\"" },
	{ "a\r\nb", 0, 1, "\"a\r\nb\"" },
	{ "\x95\x5c\x83\x5c", 0, 0, "\x95\x5c\x83\x5c" },
	{ "\x95\x5c\"", 0, 1, "\"\x95\x5c\"\"\"" },
};

START_TEST(test_put)
{
	const struct put_case *c = &put_cases[_i];
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t len = strlen(c->data);

	ck_assert_int_eq(kaigo_csv_needs_quotes(c->data, len), c->needs);
	/* appends after what is there, adds no separator */
	ck_assert_int_eq(kaigo_buf_add(&out, "p|", 2), 0);
	ck_assert_int_eq(kaigo_csv_put_field(&out, c->data, len, c->quote), 0);
	ck_assert_uint_eq(out.len, 2 + strlen(c->want));
	ck_assert(memcmp(out.data, "p|", 2) == 0);
	ck_assert_msg(memcmp(out.data + 2, c->want, strlen(c->want)) == 0,
		      "put_field(\"%s\", %d) gave %s", c->data, c->quote, out.data + 2);
	kaigo_buf_release(&out);
}
END_TEST

/* A failing source gives FAIL, and FAIL is sticky; a half record is dropped. */
START_TEST(test_source_failure)
{
	static const char in[] = "a\n\"b\nc\"\n";
	struct memsrc m = { in, sizeof(in) - 1, 0, 2, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_csv_reader *r = kaigo_csv_reader_new(&src, "t.csv", 0, NULL);
	const struct kaigo_csv_record *rec;

	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_RECORD);
	ck_assert_uint_eq(rec->nfields, 1);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_FAIL);
	ck_assert_ptr_null(rec);
	m.fail_at = 0;
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_FAIL);
	kaigo_csv_reader_free(r);

	m.pos = 0;
	m.lineno = 0;
	m.fail_at = 3; /* in the middle of the quoted field */
	r = kaigo_csv_reader_new(&src, "t.csv", 0, NULL);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_RECORD);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_FAIL);
	kaigo_csv_reader_free(r);
	kaigo_csv_reader_free(NULL);
}
END_TEST

/* Large records under the default limit, on both paths; a NULL sink is fine. */
START_TEST(test_large_records)
{
	enum { N = 300000 };
	char *in = malloc(2 * N + 16);
	struct memsrc m = { in, 0, 0, 0, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_csv_reader *r;
	const struct kaigo_csv_record *rec;
	size_t i, n;

	ck_assert_ptr_nonnull(in);
	memset(in, 'x', N);             /* a plain line of N bytes */
	in[N - 1] = '\n';
	n = N;
	in[n++] = '"';                  /* a quoted field of N-1 bytes, LF every 100 */
	for (i = 0; i < N - 1; i++)
		in[n++] = i % 100 == 99 ? '\n' : '\x5c';
	in[n++] = '"';
	in[n++] = '\n';
	in[n++] = '"';                  /* an opening quote never closed */
	m.len = n;
	r = kaigo_csv_reader_new(&src, "t.csv", 0, NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_RECORD);
	ck_assert_uint_eq(rec->nfields, 1);
	ck_assert_uint_eq(rec->fields[0].len, N - 1);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_RECORD);
	ck_assert_uint_eq(rec->line, 2);
	ck_assert_uint_eq(rec->line_end, 2 + (N - 1) / 100);
	ck_assert_uint_eq(rec->nfields, 1);
	ck_assert(rec->fields[0].quoted);
	ck_assert_uint_eq(rec->fields[0].len, N - 1);
	ck_assert(memcmp(rec->fields[0].data, in + N + 1, N - 1) == 0);
	ck_assert_uint_eq(rec->raw_len, N + 2);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_BAD);
	ck_assert_uint_eq(rec->line, 3 + (N - 1) / 100);
	ck_assert_uint_eq(rec->raw_len, 1);
	ck_assert_int_eq(kaigo_csv_read(r, &rec), KAIGO_CSV_EOF);
	kaigo_csv_reader_free(r);
	free(in);
}
END_TEST

Suite *kaigo_suite_csv(void)
{
	Suite *s = suite_create("csv");
	TCase *tc;

	tc = tcase_create("read");
	tcase_add_loop_test(tc, test_read, 0, (int)(sizeof(read_cases) / sizeof(read_cases[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_loop_test(tc, test_roundtrip, 0,
			    (int)(sizeof(roundtrip_cases) / sizeof(roundtrip_cases[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_loop_test(tc, test_put, 0, (int)(sizeof(put_cases) / sizeof(put_cases[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("source");
	tcase_add_test(tc, test_source_failure);
	tcase_add_test(tc, test_large_records);
	suite_add_tcase(s, tc);
	return s;
}
