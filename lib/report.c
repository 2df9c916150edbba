/*
 * report.c - text, JSON Lines and SVRL reports (see include/kaigo/report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/report.h"

#define SVRL_NS "http://purl.oclc.org/dsdl/svrl"

static void put(struct kaigo_report *r, const char *s, size_t n)
{
	if (r->file)
		fwrite(s, 1, n, r->file);
	else
		kaigo_output_write(r->out, s, n, r->errs);
}

/* Append s escaped for XML character data or attribute values. */
static void esc(struct kaigo_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': kaigo_buf_add(b, "&amp;", 5); break;
		case '<': kaigo_buf_add(b, "&lt;", 4); break;
		case '>': kaigo_buf_add(b, "&gt;", 4); break;
		case '"': kaigo_buf_add(b, "&quot;", 6); break;
		case '\n': kaigo_buf_add(b, "&#10;", 5); break;
		default: kaigo_buf_addch(b, *s);
		}
	}
}

/*
 * Append s for the inside of a comment: "--" may not occur there, so a
 * '-' after a '-' is written as "&#45;" (a comment holds no references:
 * it is only a mark that no reader can take for the end of the comment).
 */
static void comment_text(struct kaigo_buf *b, const char *s)
{
	char prev = 0;

	for (; s && *s; prev = *s++) {
		if (*s == '-' && (prev == '-' || !s[1]))
			kaigo_buf_add(b, "&#45;", 5);
		else
			kaigo_buf_addch(b, *s);
	}
}

static void attr(struct kaigo_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	kaigo_buf_addf(b, " %s=\"", name);
	esc(b, v);
	kaigo_buf_addch(b, '"');
}

static const char *role_of(enum kaigo_severity sev)
{
	return sev == KAIGO_SEV_ERROR ? "error" : sev == KAIGO_SEV_WARNING ? "warning" : "info";
}

/*
 * One SVRL finding with the active-pattern and fired-rule it belongs to.
 * The location is given as the XPath of the node; the file, line and
 * column go into svrl:active-pattern/@document and a comment, since SVRL
 * has no place for them.
 */
static void svrl_finding(struct kaigo_report *r, int is_report, const char *pattern, const char *context,
			 const char *test, const char *location, const char *id, const char *role,
			 const char *flag, const char *see, const char *text,
			 const struct kaigo_sch_finding *f, const char *file, unsigned long line,
			 unsigned long col)
{
	size_t i;
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const char *el = is_report ? "successful-report" : "failed-assert";

	struct kaigo_buf name = KAIGO_BUF_INIT;

	if (file && strcmp(file, "-") == 0)
		file = "<stdin>";
	/* the name as diagnostics show it: no control character, so no byte
	   that XML cannot hold; then escaped for its place */
	if (kaigo_diag_add_name(&name, file ? file : "-") < 0 || !name.data)
		kaigo_buf_add(&name, "?", 1);
	r->written++;
	kaigo_buf_add(&b, "  <svrl:active-pattern", 22);
	attr(&b, "id", pattern);
	if (file)
		attr(&b, "document", name.data);
	kaigo_buf_add(&b, "/>\n  <svrl:fired-rule", 21);
	attr(&b, "context", context ? context : "/");
	kaigo_buf_add(&b, "/>\n  <!-- ", 10);
	comment_text(&b, name.data);
	kaigo_buf_release(&name);
	kaigo_buf_addf(&b, ":%lu:%lu -->\n  <svrl:%s", line, col, el);
	attr(&b, "test", test ? test : "");
	attr(&b, "location", location ? location : "/");
	attr(&b, "id", id);
	attr(&b, "role", role);
	attr(&b, "flag", flag);
	attr(&b, "see", see);
	kaigo_buf_add(&b, ">\n", 2);
	for (i = 0; f && i < f->ndiags; i++) {
		kaigo_buf_add(&b, "    <svrl:diagnostic-reference", 30);
		attr(&b, "diagnostic", f->diag_id[i]);
		kaigo_buf_add(&b, "><svrl:text>", 12);
		esc(&b, f->diag_text[i]);
		kaigo_buf_add(&b, "</svrl:text></svrl:diagnostic-reference>\n", 41);
	}
	if (f && f->basis) {
		kaigo_buf_add(&b, "    <svrl:property-reference", 28);
		attr(&b, "property", f->basis_id);
		kaigo_buf_add(&b, " role=\"basis\"><svrl:text>", 25);
		esc(&b, f->basis);
		kaigo_buf_add(&b, "</svrl:text></svrl:property-reference>\n", 39);
	}
	if (f && f->period) {
		kaigo_buf_add(&b, "    <svrl:property-reference", 28);
		attr(&b, "property", f->period_id);
		kaigo_buf_add(&b, " role=\"period\"><svrl:text>", 26);
		esc(&b, f->period);
		kaigo_buf_add(&b, "</svrl:text></svrl:property-reference>\n", 39);
	}
	kaigo_buf_add(&b, "    <svrl:text>", 15);
	esc(&b, text);
	kaigo_buf_addf(&b, "</svrl:text>\n  </svrl:%s>\n", el);
	put(r, b.data, b.len);
	kaigo_buf_release(&b);
}

static struct kaigo_buf text_line; /* see emit_diag */
static FILE *line_stream;
static char *line_buf;
static size_t line_len;

static void emit_diag(void *ctx, const struct kaigo_diag *d)
{
	struct kaigo_report *r = ctx;
	FILE *f;

	if (r->mirror && d->rule && (!strncmp(d->rule, "xml.", 4) || !strncmp(d->rule, "io.", 3))) {
		/* counted here, shown there too (the mirror only renders) */
		struct kaigo_diag_sink shown = *r->mirror;

		kaigo_diag_emit(&shown, d);
	}
	if (r->format == KAIGO_REPORT_SVRL) {
		/* XSD and parse findings: failed asserts of the pseudo-pattern "xsd" */
		if (d->severity == KAIGO_SEV_NOTE)
			return;
		svrl_finding(r, 0, "xsd", d->xpath ? "*" : "/", "xsd:validity", d->xpath, d->rule,
			     role_of(d->severity), NULL, NULL, d->message, NULL, d->file, d->line, d->column);
		return;
	}
	r->written++;
	if (r->format != KAIGO_REPORT_JSONL) {
		/* the text line built in one buffer kept for every line (per
		   process: the tools are single-threaded, -j forks) */
		kaigo_buf_reset(&text_line);
		if (kaigo_diag_format_text(&text_line, d) == 0)
			put(r, text_line.data, text_line.len);
		return;
	}
	/* one memory stream for every line, each written from its start and
	   handed on whole: opening one per finding was a fifth of the cost of
	   a finding */
	if (!line_stream && !(line_stream = open_memstream(&line_buf, &line_len)))
		return;
	if (fseeko(line_stream, 0, SEEK_SET) != 0)
		return;
	f = line_stream;
	kaigo_diag_write_jsonl(f, d);
	if (fflush(f) != 0)
		return;
	put(r, line_buf, line_len);
}

void kaigo_report_init(struct kaigo_report *r, enum kaigo_report_format format,
		       struct kaigo_output *out, FILE *file, struct kaigo_diag_sink *errs)
{
	memset(r, 0, sizeof(*r));
	r->format = format;
	r->out = out;
	r->file = file;
	r->errs = errs;
	r->sink.emit = emit_diag;
	r->sink.ctx = r;
}

void kaigo_report_begin(struct kaigo_report *r, const char *title, const char *phase)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;

	if (r->format != KAIGO_REPORT_SVRL)
		return;
	kaigo_buf_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svrl:schematron-output "
		       "xmlns:svrl=\"%s\"", SVRL_NS);
	attr(&b, "title", title);
	attr(&b, "phase", phase);
	kaigo_buf_add(&b, ">\n", 2);
	put(r, b.data, b.len);
	kaigo_buf_release(&b);
}

void kaigo_report_end(struct kaigo_report *r)
{
	static const char end[] = "</svrl:schematron-output>\n";
	/* SVRL requires at least one active pattern with a fired rule */
	static const char none[] = "  <svrl:active-pattern id=\"xsd\"/>\n  <svrl:fired-rule context=\"/\"/>\n";

	if (r->format != KAIGO_REPORT_SVRL)
		return;
	if (!r->written)
		put(r, none, sizeof(none) - 1);
	put(r, end, sizeof(end) - 1);
}

void kaigo_report_finding(void *ctx, const struct kaigo_sch_finding *f)
{
	struct kaigo_report *r = ctx;
	struct kaigo_diag d;
	struct kaigo_buf msg = KAIGO_BUF_INIT;

	if (r->format == KAIGO_REPORT_SVRL) {
		/* counted like any other finding, written as SVRL */
		if (f->severity == KAIGO_SEV_ERROR)
			r->sink.errors++;
		else if (f->severity == KAIGO_SEV_WARNING)
			r->sink.warnings++;
		svrl_finding(r, f->is_report, f->pattern_id, f->rule_context, f->test, f->location, f->id,
			     f->role ? f->role : role_of(f->severity), f->flag, f->see, f->text, f,
			     f->file, f->line, f->column);
		return;
	}
	kaigo_buf_add(&msg, f->text, strlen(f->text));
	if (f->diagnostics)
		kaigo_buf_addf(&msg, " (%s)", f->diagnostics);
	memset(&d, 0, sizeof(d));
	d.severity = f->severity;
	d.file = f->file;
	d.line = f->line;
	d.column = f->column;
	d.byte_offset = -1;
	d.record = f->record;
	d.xpath = f->location;
	d.rule = f->id ? f->id : (f->is_report ? "sch.report" : "sch.assert");
	d.message = msg.data ? msg.data : "";
	/* the rule file's own words, in its own language: not looked up in
	   kaigo's message catalogue (a lookup per finding) */
	d.translated = d.message;
	d.basis = f->basis;
	d.period = f->period;
	kaigo_diag_emit(&r->sink, &d);
	kaigo_buf_release(&msg);
}
