/*
 * csv.h - streaming CSV reader and writer (RFC 4180 and the CP932 dialect).
 *
 * The reader pulls physical lines from a line source and assembles records,
 * so a quoted field may span lines and every record knows the physical line
 * it started on (peers report a record count instead, which is wrong once a
 * field holds a newline).  It works on any ASCII-compatible encoding in
 * which '"', ',', CR and LF never occur inside a multibyte character:
 * UTF-8, CP932/Shift_JIS and EUC-JP all qualify, so CP932 input needs no
 * decoding before it is split.
 *
 * Embedded CR/LF inside quoted fields are kept byte-exact; the record's own
 * terminator ("\r\n", "\n" or none at end of input) is reported so that a
 * writer can reproduce it.
 */
#ifndef KAIGO_CSV_H
#define KAIGO_CSV_H

#include <stddef.h>
#include "kaigo/diag.h"

/*
 * A source of physical lines.  next() stores a borrowed pointer to the next
 * line including its terminator ("\n" or "\r\n", none on the last line)
 * in *line / *len, valid until the next call.  Returns 1 for a line, 0 at
 * end of input, -1 on a read error (the source has reported it).
 */
struct kaigo_line_source {
	int (*next)(void *ctx, const char **line, size_t *len);
	void *ctx;
};

struct kaigo_csv_field {
	const char *data;  /* unescaped bytes ("" → "); borrowed, valid until the next read */
	size_t len;        /* bytes in data */
	int quoted;        /* non-zero if the field was enclosed in quotes */
};

struct kaigo_csv_record {
	struct kaigo_csv_field *fields; /* borrowed array of nfields, valid until the next read */
	size_t nfields;          /* fields in the record; an empty line is one empty field; 0 if BAD */
	unsigned long line;      /* physical line the record starts on (1-based) */
	unsigned long line_end;  /* physical line the record ends on */
	unsigned long number;    /* 1-based record count (header included) */
	long long offset;        /* byte offset of the record's first byte in the input */
	const char *raw;         /* the record's original bytes incl. terminator; borrowed,
				    valid until the next read; for "csv.record-too-long"
				    only the first max_record_bytes bytes */
	size_t raw_len;          /* bytes in raw */
	const char *eol;         /* "\r\n", "\n" or "" (end of input); static string */
};

struct kaigo_csv_reader;

/* Most fields one record may have (a spreadsheet's column limit). */
#define KAIGO_CSV_MAX_FIELDS 16384

enum kaigo_csv_status {
	KAIGO_CSV_RECORD = 1,  /* *rec holds the next record */
	KAIGO_CSV_EOF = 0,     /* no more records */
	KAIGO_CSV_BAD = -1,    /* malformed record: reported to the sink; *rec holds the
				  raw bytes (raw/raw_len/line/...) and nfields = 0;
				  reading may continue with the next record */
	KAIGO_CSV_FAIL = -2    /* the line source failed or memory ran out: stop */
};

/*
 * Returns a new reader over src (borrowed, must outlive the reader); free
 * with kaigo_csv_reader_free.  file names the input in diagnostics (borrowed).
 * max_record_bytes bounds one record's raw bytes, terminator included
 * (0 = 64 MiB); a longer record is BAD.  Memory use is bounded by it.
 * Returns NULL when out of memory.
 */
struct kaigo_csv_reader *kaigo_csv_reader_new(const struct kaigo_line_source *src,
					      const char *file, size_t max_record_bytes,
					      struct kaigo_diag_sink *sink);
void kaigo_csv_reader_free(struct kaigo_csv_reader *r);

/*
 * Read the next record into *rec (borrowed, valid until the next read;
 * NULL on EOF and FAIL).  A record ends at a "\r\n" or "\n" outside quotes;
 * a lone CR is data.  An empty line is a record of one empty field.
 * Quoting is strict RFC 4180: a quote may only enclose a whole field, and
 * there are no backslash escapes (0x5C is a CP932 trail byte).
 *
 * Malformed input (an unterminated quoted field at end of input, a quote in
 * the middle of an unquoted field, text after a closing quote, a record
 * longer than max_record_bytes or with more than KAIGO_CSV_MAX_FIELDS
 * fields) gives KAIGO_CSV_BAD with a diagnostic naming file, physical
 * line, column and byte offset, rule ids "csv.unterminated-quote" (at the
 * opening quote), "csv.stray-quote", "csv.text-after-quote",
 * "csv.record-too-long" and "csv.too-many-fields" (at the record's start).
 * Memory is bounded by max_record_bytes and the field bound, a few times
 * the longest record, whatever the input.
 * The column counts bytes from the start of that line, 1-based, not
 * characters: the reader does not know the encoding.  After a stray quote
 * or text after a closing quote the bad record ends at the end of that
 * physical line; an over-long record is skipped to its real end.
 */
enum kaigo_csv_status kaigo_csv_read(struct kaigo_csv_reader *r, const struct kaigo_csv_record **rec);

/*
 * Writer side: append one field to out (no separator), enclosed in quotes
 * if quote is non-zero or kaigo_csv_needs_quotes() says so; embedded quotes
 * are doubled.  An empty field stays bare unless quote is set.  Returns 0,
 * or -1 when out of memory (out unchanged).
 */
struct kaigo_buf;
int kaigo_csv_put_field(struct kaigo_buf *out, const char *data, size_t len, int quote);

/* 1 if a field with this content must be quoted to survive a round trip. */
int kaigo_csv_needs_quotes(const char *data, size_t len);

#endif
