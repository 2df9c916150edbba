/*
 * xlsx.c - workbooks through libxlsxwriter (see include/kaigo/xlsx.h).
 *
 * libxlsxwriter 1.1 writes only to a named file, when the workbook is
 * closed; the file is a private temporary one (mkstemp), copied to the
 * caller's kaigo_output afterwards so that -o stays atomic and standard
 * output works.  Form sheets are added as their descriptions arrive; the
 * data sheet's CSV is kept and turned into cells last, so that the form
 * comes first in the workbook.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/xlsx.h"

#define PAPER_A4 9           /* libxlsxwriter's (and Excel's) paper code for A4 */
#define MAX_WIDTH 60.0       /* widest data column, in Excel character units */

enum style { ST_PLAIN, ST_TEXT, ST_LABEL, ST_HEAD, ST_TITLE, ST_N };

static const char *const style_names[ST_N] = { "plain", "text", "label", "head", "title" };

struct kaigo_xlsx {
	char path[PATH_MAX];     /* the temporary file libxlsxwriter writes */
	lxw_workbook *wb;        /* owned until kaigo_xlsx_write closes it */
	lxw_format *fmt[ST_N];   /* owned by wb */
	struct kaigo_buf csv;    /* the data sheet's CSV text */
	const char *csv_sheet;   /* its name (borrowed), NULL: no data sheet */
};

struct kaigo_xlsx *kaigo_xlsx_new(struct kaigo_diag_sink *sink)
{
	struct kaigo_xlsx *x = calloc(1, sizeof(*x));
	const char *tmp = getenv("TMPDIR");
	int fd, i;

	if (!x)
		return NULL;
	if (snprintf(x->path, sizeof(x->path), "%s/kaigo-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
		    (int)sizeof(x->path) ||
	    (fd = mkstemp(x->path)) < 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, x->path, 0, 0, "publish.xlsx",
				  "cannot make a temporary file for the workbook: %s", strerror(errno));
		free(x);
		return NULL;
	}
	close(fd);
	if (!(x->wb = workbook_new(x->path))) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, x->path, 0, 0, "publish.xlsx", "cannot start a workbook");
		kaigo_xlsx_free(x);
		return NULL;
	}
	for (i = 0; i < ST_N; i++) {
		lxw_format *f = workbook_add_format(x->wb);

		x->fmt[i] = f;
		format_set_font_name(f, "游ゴシック");
		format_set_font_size(f, 10);
		format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
		if (i == ST_PLAIN)
			continue;
		if (i == ST_TITLE) {
			format_set_bold(f);
			format_set_font_size(f, 14);
			continue;
		}
		format_set_text_wrap(f);
		format_set_border(f, LXW_BORDER_THIN);
		if (i == ST_LABEL || i == ST_HEAD) {
			format_set_bold(f);
			format_set_bg_color(f, i == ST_HEAD ? 0xD9D9D9 : 0xF2F2F2);
		}
		if (i == ST_HEAD)
			format_set_align(f, LXW_ALIGN_CENTER);
	}
	return x;
}

void kaigo_xlsx_free(struct kaigo_xlsx *x)
{
	if (!x)
		return;
	if (x->wb) {
		/* libxlsxwriter frees a workbook only by writing it: write, then remove */
		workbook_close(x->wb);
	}
	if (x->path[0])
		unlink(x->path);
	kaigo_buf_release(&x->csv);
	free(x);
}

/* libxlsxwriter's message for e without its full stop, in buf. */
static const char *lxw_msg(lxw_error e, char *buf, size_t bufsz)
{
	size_t n;

	snprintf(buf, bufsz, "%s", lxw_strerror(e));
	n = strlen(buf);
	if (n && buf[n - 1] == '.')
		buf[n - 1] = '\0';
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* Display width of UTF-8 text in Excel character units: wide characters count 2. */
static double text_width(const char *s, size_t n)
{
	double w = 0, line = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			w = line > w ? line : w;
			line = 0;
		} else if (c < 0x80) {
			line += 1;
		} else if (c >= 0xE0) { /* U+0800 and above: kana, kanji, full-width forms */
			line += 2;
		} else if (c >= 0xC0) {
			line += 1;
		}
	}
	return line > w ? line : w;
}

/*
 * Copy s[0..n) into *buf (grown as needed, NUL-terminated) with every CR
 * before an LF dropped: a line break inside an Excel cell is a lone LF,
 * and libxlsxwriter would write the CR as the escape _x000D_.  Returns the
 * copy, or NULL when out of memory.
 */
static const char *cell_text(const char *s, size_t n, char **buf, size_t *cap)
{
	size_t i, k = 0;

	if (n + 1 > *cap) {
		char *g = realloc(*buf, n + 1);

		if (!g)
			return NULL;
		*buf = g;
		*cap = n + 1;
	}
	for (i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			(*buf)[k++] = s[i];
	(*buf)[k] = '\0';
	return *buf;
}

/* A sheet name not yet in the workbook: name, else "name (2)", … */
static int unique_name(lxw_workbook *wb, const char *name, char *out, size_t outsz)
{
	int n;

	snprintf(out, outsz, "%s", name);
	for (n = 2; workbook_get_worksheet_by_name(wb, out); n++)
		if (snprintf(out, outsz, "%s (%d)", name, n) >= (int)outsz || n > 999)
			return -1;
	return 0;
}

static lxw_worksheet *new_sheet(struct kaigo_xlsx *x, const char *name, const char *file, unsigned long line,
				struct kaigo_diag_sink *sink)
{
	char uniq[128];
	lxw_error e;
	lxw_worksheet *ws;

	if (unique_name(x->wb, name, uniq, sizeof(uniq)) < 0 ||
	    (e = workbook_validate_sheet_name(x->wb, uniq)) != LXW_NO_ERROR) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "publish.xlsx",
				  "cannot name a sheet '%s' (at most 31 characters, none of []:*?/\\)", name);
		return NULL;
	}
	if (!(ws = workbook_add_worksheet(x->wb, uniq)))
		return NULL;
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_fit_to_pages(ws, 1, 0); /* one page wide, as many pages down as needed */
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_set_footer(ws, "&C&P / &N");
	return ws;
}

static unsigned long num_prop(xmlNodePtr n, const char *name, unsigned long dflt)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	unsigned long r = dflt;

	if (v) {
		char *end;

		r = strtoul((const char *)v, &end, 10);
		if (*end || end == (char *)v)
			r = dflt;
		xmlFree(v);
	}
	return r;
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, KAIGO_XLSX_NS) &&
	       !strcmp((const char *)n->name, name);
}

/* One cell (or a merged range of span cells) at row r, column c. */
static int put_cell(struct kaigo_xlsx *x, lxw_worksheet *ws, xmlNodePtr cell, lxw_row_t r, lxw_col_t c,
		    unsigned long span, const char *file, unsigned long line, struct kaigo_diag_sink *sink)
{
	xmlChar *content = xmlNodeGetContent(cell), *sn = xmlGetNoNsProp(cell, (const xmlChar *)"style");
	char *buf = NULL;
	size_t cap = 0;
	const char *text = content ? cell_text((const char *)content, strlen((const char *)content), &buf, &cap) : NULL;
	int st = ST_TEXT, i;
	lxw_error e;

	for (i = 0; sn && i < ST_N; i++)
		if (!strcmp((const char *)sn, style_names[i]))
			st = i;
	xmlFree(sn);
	/* write_string: a text that begins with = + - @ stays text, never a formula */
	if (span > 1)
		e = worksheet_merge_range(ws, r, c, r, (lxw_col_t)(c + span - 1), text ? text : "", x->fmt[st]);
	else if (text && *text)
		e = worksheet_write_string(ws, r, c, text, x->fmt[st]);
	else
		e = worksheet_write_blank(ws, r, c, x->fmt[st]);
	xmlFree(content);
	free(buf);
	if (e != LXW_NO_ERROR) {
		char m[160];

		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "publish.xlsx",
				  "cannot write the cell at row %lu, column %lu of sheet '%s': %s", (unsigned long)r + 1,
				  (unsigned long)c + 1, ws->name, lxw_msg(e, m, sizeof(m)));
		return -1;
	}
	return 0;
}

int kaigo_xlsx_add_sheets(struct kaigo_xlsx *x, xmlDocPtr desc, const char *file, unsigned long line,
			  struct kaigo_diag_sink *sink)
{
	xmlNodePtr root = desc ? xmlDocGetRootElement(desc) : NULL, sh, n, cell;

	if (!root || !is_el(root, "workbook")) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "publish.xlsx",
				  "the sheet stylesheet made no <workbook> in %s", KAIGO_XLSX_NS);
		return -1;
	}
	for (sh = root->children; sh; sh = sh->next) {
		xmlChar *name;
		lxw_worksheet *ws;
		lxw_row_t r = 0;
		lxw_col_t col = 0;
		unsigned long freeze, repeat;

		if (!is_el(sh, "sheet"))
			continue;
		name = xmlGetNoNsProp(sh, (const xmlChar *)"name");
		ws = new_sheet(x, name ? (const char *)name : "Sheet", file, line, sink);
		xmlFree(name);
		if (!ws)
			return -1;
		name = xmlGetNoNsProp(sh, (const xmlChar *)"orientation");
		if (name && !strcmp((const char *)name, "landscape"))
			worksheet_set_landscape(ws);
		xmlFree(name);
		freeze = num_prop(sh, "freeze", 0);
		repeat = num_prop(sh, "repeat", 0);
		if (freeze)
			worksheet_freeze_panes(ws, (lxw_row_t)freeze, 0);
		if (repeat)
			worksheet_repeat_rows(ws, 0, (lxw_row_t)(repeat - 1));
		for (n = sh->children; n; n = n->next) {
			if (is_el(n, "column")) {
				worksheet_set_column(ws, col, col, (double)num_prop(n, "width", 10), NULL);
				col++;
			} else if (is_el(n, "row")) {
				lxw_col_t c = 0;

				if (xmlHasProp(n, (const xmlChar *)"height"))
					worksheet_set_row(ws, r, (double)num_prop(n, "height", 15), NULL);
				for (cell = n->children; cell; cell = cell->next) {
					unsigned long span = num_prop(cell, "span", 1);

					if (!is_el(cell, "cell"))
						continue;
					if (span < 1 || span > 64)
						span = 1;
					if (put_cell(x, ws, cell, r, c, span, file, line, sink) < 0)
						return -1;
					c = (lxw_col_t)(c + span);
				}
				r++;
			}
		}
	}
	return 0;
}

int kaigo_xlsx_add_csv(struct kaigo_xlsx *x, const char *sheet, const char *csv, size_t n)
{
	x->csv_sheet = sheet;
	return kaigo_buf_add(&x->csv, csv, n);
}

/* A line source over a string. */
struct memlines {
	const char *s;
	size_t n, at;
};

static int mem_next(void *ctx, const char **line, size_t *len)
{
	struct memlines *m = ctx;
	const char *nl;
	size_t k;

	if (m->at >= m->n)
		return 0;
	nl = memchr(m->s + m->at, '\n', m->n - m->at);
	k = nl ? (size_t)(nl - (m->s + m->at)) + 1 : m->n - m->at;
	*line = m->s + m->at;
	*len = k;
	m->at += k;
	return 1;
}

/* The data sheet: one row per CSV record, the first as a frozen, filtered header. */
static int data_sheet(struct kaigo_xlsx *x, const char *file, struct kaigo_diag_sink *sink)
{
	struct memlines m = { x->csv.data, x->csv.len, 0 };
	struct kaigo_line_source src = { mem_next, &m };
	struct kaigo_csv_reader *rd;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status s;
	lxw_worksheet *ws;
	double *width = NULL;
	size_t ncols = 0, i;
	lxw_row_t r = 0;
	int ok = 1;
	char *cellbuf = NULL;
	size_t cellcap = 0;

	if (!(ws = new_sheet(x, x->csv_sheet, x->csv_sheet, 0, sink)))
		return -1;
	worksheet_set_landscape(ws);
	if (!(rd = kaigo_csv_reader_new(&src, x->csv_sheet, 0, sink)))
		return -1;
	while (ok && (s = kaigo_csv_read(rd, &rec)) == KAIGO_CSV_RECORD) {
		if (rec->nfields > ncols) {
			double *g = realloc(width, rec->nfields * sizeof(*g));

			if (!g) {
				ok = 0;
				break;
			}
			width = g;
			for (i = ncols; i < rec->nfields; i++)
				width[i] = 4;
			ncols = rec->nfields;
		}
		for (i = 0; i < rec->nfields && ok; i++) {
			const struct kaigo_csv_field *f = &rec->fields[i];
			double w = text_width(f->data, f->len) + 2;
			lxw_error e;

			if (w > width[i])
				width[i] = w;
			if (!cell_text(f->data, f->len, &cellbuf, &cellcap)) {
				ok = 0;
				break;
			}
			/* write_string: identifiers keep leading zeros; = + - @ stay text */
			e = f->len ? worksheet_write_string(ws, r, (lxw_col_t)i, cellbuf, x->fmt[r ? ST_TEXT : ST_HEAD])
				   : worksheet_write_blank(ws, r, (lxw_col_t)i, x->fmt[r ? ST_TEXT : ST_HEAD]);
			if (e != LXW_NO_ERROR) {
				char msg[160];

				kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, 0, 0, "publish.xlsx",
						  "cannot write the cell at row %lu, column %zu of sheet '%s': %s",
						  (unsigned long)r + 1, i + 1, x->csv_sheet, lxw_msg(e, msg, sizeof(msg)));
				ok = 0;
			}
		}
		r++;
	}
	if (ok && s != KAIGO_CSV_EOF)
		ok = 0;
	kaigo_csv_reader_free(rd);
	free(cellbuf);
	for (i = 0; ok && i < ncols; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i] > MAX_WIDTH ? MAX_WIDTH : width[i], NULL);
	free(width);
	if (ok && r > 0) {
		worksheet_freeze_panes(ws, 1, 0);
		worksheet_repeat_rows(ws, 0, 0);
		if (ncols)
			worksheet_autofilter(ws, 0, 0, r - 1, (lxw_col_t)(ncols - 1));
	}
	return ok ? 0 : -1;
}

int kaigo_xlsx_write(struct kaigo_xlsx *x, struct kaigo_output *out, struct kaigo_diag_sink *sink)
{
	lxw_error e;
	FILE *f;
	char buf[65536];
	size_t k;
	int r = 0;

	char m[160];

	if (x->csv_sheet && data_sheet(x, out->name ? out->name : "-", sink) < 0)
		r = 1;
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (r)
		return r;
	if (e != LXW_NO_ERROR) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, x->path, 0, 0, "publish.xlsx",
				  "cannot write the workbook: %s", lxw_msg(e, m, sizeof(m)));
		return -1;
	}
	if (!(f = fopen(x->path, "rb"))) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, x->path, 0, 0, "publish.xlsx",
				  "cannot read the workbook back: %s", strerror(errno));
		return -1;
	}
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		if (kaigo_output_write(out, buf, k, sink) < 0) {
			r = -1;
			break;
		}
	if (ferror(f)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, x->path, 0, 0, "publish.xlsx",
				  "cannot read the workbook back: %s", strerror(errno));
		r = -1;
	}
	fclose(f);
	return r;
}
