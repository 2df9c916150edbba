/*
 * xlsx.h - Excel workbooks (.xlsx) for kaigo-publish -f xlsx, written with
 * libxlsxwriter (docs/publish.md, "Workbooks").
 *
 * A workbook is built from two kinds of content, both already transformed
 * and checked for personal data by lib/publish.c:
 *   form sheets  a sheet description (XML in the namespace urn:kaigo:xlsx:1,
 *                made by a stylesheet such as evaluation-xlsx.xsl): sheet
 *                name, column widths, rows of cells with a style and an
 *                optional horizontal span, frozen and repeated header rows;
 *   a data sheet the rows of a CSV output, one cell per field.
 * Every cell is written with worksheet_write_string (or a merged range of
 * one string), which never makes a formula: a cell that begins with = + -
 * or @ is text in Excel, so the apostrophe that the CSV output adds is not
 * needed here, and identifiers such as a 事業所番号 with a leading 0 stay
 * as written.  Every sheet prints on A4, one page wide.
 */
#ifndef KAIGO_XLSX_H
#define KAIGO_XLSX_H

#include <stddef.h>

#include <libxml/tree.h>

#include "kaigo/diag.h"
#include "kaigo/io.h"

#define KAIGO_XLSX_NS "urn:kaigo:xlsx:1"

struct kaigo_xlsx;

/*
 * Returns a new, empty workbook (kept in a temporary file until written),
 * free with kaigo_xlsx_free; NULL after reporting (rule "publish.xlsx").
 */
struct kaigo_xlsx *kaigo_xlsx_new(struct kaigo_diag_sink *sink);

/*
 * Add the sheets described by desc (borrowed).  A sheet name already in
 * the workbook gets " (2)", " (3)"… appended.  An element or attribute
 * the description does not allow, a text longer than a cell holds
 * (32 767 characters) or a bad sheet name is reported against file and
 * line.  Returns 0, or -1 after reporting.
 */
int kaigo_xlsx_add_sheets(struct kaigo_xlsx *x, xmlDocPtr desc, const char *file, unsigned long line,
			  struct kaigo_diag_sink *sink);

/*
 * Append CSV text (UTF-8, RFC 4180; the first row of the first call is the
 * header) to the data sheet called sheet (borrowed, the same on every
 * call).  The sheet is made when the workbook is written, after the form
 * sheets.  Returns 0, or -1 when out of memory.
 */
int kaigo_xlsx_add_csv(struct kaigo_xlsx *x, const char *sheet, const char *csv, size_t n);

/*
 * Finish the workbook and write its bytes to out (not committed).  Returns
 * 0; 1 after reporting (against out's name) a cell of the data sheet that
 * Excel cannot hold (a text over 32 767 characters); -1 after reporting a write or read
 * failure.  The workbook cannot be used afterwards.
 */
int kaigo_xlsx_write(struct kaigo_xlsx *x, struct kaigo_output *out, struct kaigo_diag_sink *sink);

/* Free x and remove its temporary file; NULL is allowed. */
void kaigo_xlsx_free(struct kaigo_xlsx *x);

#endif
