/*
 * fuzz_csv.c - libFuzzer harness for the streaming CSV reader.
 *
 * The input is served as physical lines by a line source over the buffer
 * (split after each "\n", the last line possibly unterminated), every record
 * is read with a small max_record_bytes so that the csv.record-too-long path
 * is reached, and each good record is written back with kaigo_csv_put_field
 * and read again: the round trip must give the same fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/diag.h"

#define MAX_RECORD 4096

/* A line source over one memory buffer. */
struct memlines {
	const char *p;  /* the buffer; borrowed */
	size_t n;       /* its length */
	size_t at;      /* offset of the next line */
};

static int mem_next(void *ctx, const char **line, size_t *len)
{
	struct memlines *m = ctx;
	const char *nl;
	size_t left;

	if (m->at >= m->n)
		return 0;
	left = m->n - m->at;
	nl = memchr(m->p + m->at, '\n', left);
	*line = m->p + m->at;
	*len = nl ? (size_t)(nl - (m->p + m->at)) + 1 : left;
	m->at += *len;
	return 1;
}

/* Write rec's fields back as one CSV line (with rec's own terminator) into out. */
static int put_record(struct kaigo_buf *out, const struct kaigo_csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++) {
		if (i && kaigo_buf_addch(out, ',') < 0)
			return -1;
		if (kaigo_csv_put_field(out, rec->fields[i].data, rec->fields[i].len, rec->fields[i].quoted) < 0)
			return -1;
	}
	return kaigo_buf_add(out, rec->eol, strlen(rec->eol));
}

/* Read out back: it must be one record with the same fields as rec. */
static void check_round_trip(const struct kaigo_buf *out, const struct kaigo_csv_record *rec)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct memlines m = { out->data, out->len, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_csv_reader *r = kaigo_csv_reader_new(&src, "round-trip", 0, &sink);
	const struct kaigo_csv_record *back;
	size_t i;

	if (!r)
		return;
	if (kaigo_csv_read(r, &back) != KAIGO_CSV_RECORD)
		__builtin_trap();
	if (back->nfields != rec->nfields)
		__builtin_trap();
	for (i = 0; i < rec->nfields; i++)
		if (back->fields[i].len != rec->fields[i].len ||
		    memcmp(back->fields[i].data, rec->fields[i].data, rec->fields[i].len) != 0)
			__builtin_trap();
	if (kaigo_csv_read(r, &back) != KAIGO_CSV_EOF)
		__builtin_trap();
	kaigo_csv_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct memlines m = { (const char *)data, size, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_csv_reader *r = kaigo_csv_reader_new(&src, "fuzz.csv", MAX_RECORD, &sink);
	struct kaigo_buf out = KAIGO_BUF_INIT;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	unsigned long n = 0;

	if (!r)
		return 0;
	while ((st = kaigo_csv_read(r, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		if (++n > 100000)
			__builtin_trap(); /* no progress: the reader loops */
		if (st != KAIGO_CSV_RECORD)
			continue;
		if (rec->raw_len > MAX_RECORD || rec->nfields == 0)
			__builtin_trap();
		kaigo_buf_reset(&out);
		if (put_record(&out, rec) == 0)
			check_round_trip(&out, rec);
	}
	kaigo_buf_release(&out);
	kaigo_csv_reader_free(r);
	return 0;
}
