/*
 * convert.h - CSV ⇄ XML through layouts (DESIGN §6).
 *
 * CSV to XML: each data row is decoded, checked against its column
 * definitions (type, length, required, codes), and placed into the record
 * its key columns name; consecutive rows with the same key build one
 * record, which is written as soon as the key changes, so memory is one
 * record whatever the file size.  A row that cannot be placed - malformed
 * CSV, wrong column count, a bad value, a value that conflicts with one an
 * earlier row of the record gave, a duplicate - is rolled back and goes to
 * the reject file with its physical line, the reason and its original
 * bytes.  rows read = converted + rejected, always.
 *
 * Send units (1表 + 2表 + 3表 + 補足, 6表 + 7表 + 補足): the files of one unit
 * are indexed by key (byte offsets of runs of rows, so memory grows with
 * the number of records, not bytes) and every record of the parent file
 * is built from all its files' rows; rows whose record is not in the
 * parent are orphans and are rejected.
 *
 * XML to CSV: records are streamed; the rows of a record are the layout's
 * row elements; values are formatted back (2025-04-01 → 20250401), encoded
 * (CP932 output folds the JIS-style code points and refuses what CP932
 * cannot hold) and quoted per column.  Files in canonical form round-trip
 * byte for byte.
 */
#ifndef KAIGO_CONVERT_H
#define KAIGO_CONVERT_H

#include <stdio.h>
#include "kaigo/io.h"
#include "kaigo/layout.h"

struct kaigo_c2x;

struct kaigo_c2x_stats {
	unsigned long rows;       /* data rows read (header rows not counted) */
	unsigned long converted;  /* rows placed in a record */
	unsigned long rejected;   /* rows sent to the reject file */
	unsigned long records;    /* records written */
};

/*
 * A CSV → XML run writing to out (borrowed).  reject (borrowed, may be
 * NULL) receives, per rejected row, a line "FILE:LINE: REASON [RULE]"
 * followed by the row's original bytes.  Returns NULL when out of memory.
 */
struct kaigo_c2x *kaigo_c2x_new(struct kaigo_output *out, struct kaigo_output *reject,
				struct kaigo_diag_sink *sink);
void kaigo_c2x_free(struct kaigo_c2x *c);

/*
 * Convert the files: with layout set, each file through it (and the
 * files are not joined); with layout NULL, every file must have a
 * standard name, its layout is chosen from the name and files of one
 * send unit are joined.  The catalog finds bundled layouts.  Returns 0;
 * -1 on an I/O failure (reported; exit 3); -2 when a layout failed to
 * load (exit 4).  Rejected rows are counted, not failures.
 */
int kaigo_c2x_run(struct kaigo_c2x *c, const struct kaigo_catalog *cat, struct kaigo_layout *layout,
		  char **files, size_t nfiles);
const struct kaigo_c2x_stats *kaigo_c2x_stats(const struct kaigo_c2x *c);

/* The layout for a standard file name (NULL and a diagnostic if none). */
struct kaigo_layout *kaigo_layout_for_name(const struct kaigo_catalog *cat,
					   const struct kaigo_stdname *nm, const char *file,
					   struct kaigo_diag_sink *sink);

struct kaigo_x2c_stats {
	unsigned long records;   /* records read */
	unsigned long rows;      /* rows written */
	unsigned long refused;   /* rows not written: a value cannot be encoded */
	unsigned long files;     /* files written (directory mode) */
	unsigned long replaced;  /* characters replaced by replace */
	/*
	 * In, set by the caller: NULL to refuse a row (in directory mode, its
	 * record) holding a character the layout's encoding cannot write; or
	 * one character (UTF-8) that the encoding can write, put in place of
	 * each such character, each replacement reported as a warning.
	 */
	const char *replace;
};

/*
 * XML → CSV of the files through layout, into out.  Returns 0, -1 on an
 * I/O or parse failure (exit 3).  Refused rows are counted in *st.
 */
int kaigo_x2c_run(struct kaigo_layout *layout, char **files, size_t nfiles,
		  struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st);

/*
 * XML → a directory of standard-named files: every send unit the XML
 * holds (its <?kaigo-unit?> processing instructions, written by
 * kaigo-csv2xml) becomes the files it came from, under their standard
 * names; a record before any unit is an error.  The PI is data: each of
 * its fields must fit the grammar of a standard file name and its files
 * must be bundled layout names (never a path), and no two units may name
 * one file.  All or nothing: the files are renamed into place at the end
 * of a run without error; otherwise none is left, not even a temporary
 * one.  Names that exist as a symbolic link, FIFO or device are refused.
 * Returns like kaigo_x2c_run; -2 when a layout failed to load; -3 when
 * the XML named something refused (a data error, exit 1).
 */
int kaigo_x2c_dir(const struct kaigo_catalog *cat, char **files, size_t nfiles, const char *dir,
		  struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st);

#endif
