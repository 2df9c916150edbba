/*
 * diag.c - the diagnostic record and its two renderings.
 *
 * GNU form is what editors and CI log parsers already understand
 * (FILE:LINE:COL: severity: message [rule]); JSON Lines is for programs.
 * Both are written by hand here (no JSON library): the only escaping JSON
 * needs is for '"', '\\' and control characters, and message text is
 * already UTF-8, which JSON carries as is.
 *
 * Translation (issue 16): the library never prints, so its messages are
 * translated where they are created or rendered, never by a tool.  A
 * message made by kaigo_diag_report from an English format is formatted
 * twice, from the format and from its translation, because once formatted
 * it can no longer be looked up; a record built by hand carries a fixed
 * English message, looked up when rendered as text.  jsonl keeps the
 * English message: it is for programs and must not change with the locale.
 * Rule messages from the Schematron files are Japanese already and are not
 * in the catalogue, so the lookup gives them back unchanged.
 */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/diag.h"
#include "kaigo/i18n.h"

void kaigo_diag_emit(struct kaigo_diag_sink *sink, const struct kaigo_diag *d)
{
	if (!sink)
		return;
	if (d->severity == KAIGO_SEV_ERROR)
		sink->errors++;
	else if (d->severity == KAIGO_SEV_WARNING)
		sink->warnings++;
	if (sink->emit)
		sink->emit(sink->ctx, d);
}

void kaigo_diag_report(struct kaigo_diag_sink *sink, enum kaigo_severity sev,
		       const char *file, unsigned long line, unsigned long column,
		       const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kaigo_diag_vreport(sink, sev, file, line, column, rule, fmt, ap);
	va_end(ap);
}

void kaigo_diag_vreport(struct kaigo_diag_sink *sink, enum kaigo_severity sev,
			const char *file, unsigned long line, unsigned long column,
			const char *rule, const char *fmt, va_list ap)
{
	struct kaigo_buf msg = KAIGO_BUF_INIT, tr = KAIGO_BUF_INIT;
	const char *trfmt = *fmt ? _(fmt) : fmt;
	struct kaigo_diag d;
	va_list ap2;

	va_copy(ap2, ap);
	if (kaigo_buf_vaddf(&msg, fmt, ap) < 0)
		kaigo_buf_reset(&msg);
	if (trfmt != fmt && strcmp(trfmt, fmt) != 0) { /* "%s" translates to itself */
		if (kaigo_buf_vaddf(&tr, trfmt, ap2) < 0)
			kaigo_buf_reset(&tr);
	}
	va_end(ap2);
	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.file = file;
	d.line = line;
	d.column = column;
	d.byte_offset = -1;
	d.rule = rule;
	d.message = msg.data ? msg.data : "out of memory while formatting a message";
	d.translated = tr.data;
	kaigo_diag_emit(sink, &d);
	kaigo_buf_release(&msg);
	kaigo_buf_release(&tr);
}

const char *kaigo_diag_strerror(int errnum)
{
	static locale_t c;

	/* the "C" locale object, made once: strerror_l in it is English */
	if (!c)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c ? strerror_l(errnum, c) : strerror(errnum);
}

const char *kaigo_diag_severity_name(enum kaigo_severity sev)
{
	switch (sev) {
	case KAIGO_SEV_ERROR:
		return "error";
	case KAIGO_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

static int odd_byte(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

int kaigo_diag_add_name(struct kaigo_buf *out, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	int in_quotes = 0, rc = 0;

	for (; *p && !odd_byte(*p); p++)
		;
	if (!*p)
		return kaigo_buf_add(out, name, strlen(name));
	/* 'printable runs'$'\n'... ; a quote in a run is '\'' */
	for (p = (const unsigned char *)name; *p; p++) {
		if (odd_byte(*p)) {
			if (in_quotes)
				rc |= kaigo_buf_addch(out, '\'');
			in_quotes = 0;
			if (*p == '\n')
				rc |= kaigo_buf_add(out, "$'\\n'", 5);
			else if (*p == '\t')
				rc |= kaigo_buf_add(out, "$'\\t'", 5);
			else if (*p == '\r')
				rc |= kaigo_buf_add(out, "$'\\r'", 5);
			else
				rc |= kaigo_buf_addf(out, "$'\\%03o'", *p);
			continue;
		}
		if (!in_quotes)
			rc |= kaigo_buf_addch(out, '\'');
		in_quotes = 1;
		if (*p == '\'')
			rc |= kaigo_buf_add(out, "'\\''", 4);
		else
			rc |= kaigo_buf_addch(out, (char)*p);
	}
	if (in_quotes)
		rc |= kaigo_buf_addch(out, '\'');
	return rc ? -1 : 0;
}

/* A format's text before its conversion (pre bytes) and after it (post). */
struct around {
	size_t pre;
	const char *post;
};

/*
 * The fixed words of a diagnostic line, translated: looked up once per
 * message locale and LANGUAGE, not three times a line (a collection with
 * tens of thousands of findings spent a tenth of its reporting in
 * dcgettext).  Not thread-safe: kaigo's workers are processes.
 */
struct words {
	char locale[64], language[64]; /* what they were looked up for */
	int valid;
	const char *error, *warning, *note, *record, *at;
	/* record and at around their one conversion ("%lu", "%s"), when
	   that is all they convert: written without a printf */
	struct around record_at, at_at;
};

/* Where fmt converts exactly once, with conv, and prints no other '%'; else post is NULL. */
static struct around around(const char *fmt, const char *conv)
{
	struct around a = { 0, NULL };
	const char *c = strchr(fmt, '%');

	if (c && !strncmp(c, conv, strlen(conv)) && !strchr(c + strlen(conv), '%')) {
		a.pre = (size_t)(c - fmt);
		a.post = c + strlen(conv);
	}
	return a;
}

static const struct words *words(void)
{
	static struct words w;
	const char *loc = setlocale(LC_MESSAGES, NULL), *lang = getenv("LANGUAGE");

	if (!loc)
		loc = "";
	if (!lang)
		lang = "";
	if (w.valid && !strcmp(w.locale, loc) && !strcmp(w.language, lang))
		return &w;
	/* the severity words as GCC translates them; TRANSLATORS: the
	   severity of a diagnostic line "FILE:LINE:COL: error: message" */
	w.error = _("error");
	w.warning = _("warning");
	w.note = _("note");
	/* xgettext:c-format */
	w.record = _(" (record %lu)");
	/* xgettext:c-format */
	w.at = _(" at %s");
	w.record_at = around(w.record, "%lu");
	w.at_at = around(w.at, "%s");
	/* a locale or LANGUAGE too long to keep is looked up every time */
	w.valid = strlen(loc) < sizeof(w.locale) && strlen(lang) < sizeof(w.language);
	if (w.valid) {
		strcpy(w.locale, loc);
		strcpy(w.language, lang);
	}
	return &w;
}

/* n in decimal, after sep when it is not 0 (printf was a tenth of a finding's cost). */
static int add_number(struct kaigo_buf *out, char sep, unsigned long n)
{
	char b[24];
	size_t i = sizeof(b);

	do
		b[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	if (sep)
		b[--i] = sep;
	return kaigo_buf_add(out, b + i, sizeof(b) - i);
}

int kaigo_diag_format_text(struct kaigo_buf *out, const struct kaigo_diag *d)
{
	const struct words *w = words();
	const char *file = d->file ? d->file : "kaigo";
	size_t start = out->len;
	int rc = 0;

	if (d->file && strcmp(d->file, "-") == 0)
		file = "<stdin>";
	/* a newline in a file name would start a forged diagnostic line */
	if (kaigo_diag_add_name(out, file) != 0) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		rc |= kaigo_buf_addch(out, '?');
	}
	if (d->line) {
		rc |= add_number(out, ':', d->line);
		if (d->column)
			rc |= add_number(out, ':', d->column);
	}
	rc |= kaigo_buf_add(out, ": ", 2);
	{
		const char *sev = d->severity == KAIGO_SEV_ERROR	 ? w->error
				  : d->severity == KAIGO_SEV_WARNING ? w->warning
								     : w->note;

		rc |= kaigo_buf_add(out, sev, strlen(sev));
	}
	rc |= kaigo_buf_add(out, ": ", 2);
	{
		/* one diagnostic, one line: a message with line ends (libxml2's
		   "...\nBytes: 0xE3 0x83") has them written as spaces, trailing
		   ones dropped.  "" is not looked up: its translation is the
		   catalogue's header */
		const char *m = d->translated ? d->translated
			      : d->message && *d->message ? _(d->message) : "";
		size_t n = strlen(m), i;

		while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == '\r' || m[n - 1] == ' '))
			n--;
		for (i = 0; i < n;) {
			size_t j = i + strcspn(m + i, "\n\r");

			if (j > n)
				j = n;
			rc |= kaigo_buf_add(out, m + i, j - i);
			if (j < n) {
				rc |= kaigo_buf_addch(out, ' ');
				j++;
			}
			i = j;
		}
	}
	/* the translations of two literal formats, kept (words): msgfmt -c
	   (make check-po) checks that they take the same arguments */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (d->record) {
		if (w->record_at.post) {
			rc |= kaigo_buf_add(out, w->record, w->record_at.pre);
			rc |= add_number(out, 0, d->record);
			rc |= kaigo_buf_add(out, w->record_at.post, strlen(w->record_at.post));
		} else {
			rc |= kaigo_buf_addf(out, w->record, d->record);
		}
	}
	if (d->xpath) {
		if (w->at_at.post) {
			rc |= kaigo_buf_add(out, w->at, w->at_at.pre);
			rc |= kaigo_buf_add(out, d->xpath, strlen(d->xpath));
			rc |= kaigo_buf_add(out, w->at_at.post, strlen(w->at_at.post));
		} else {
			rc |= kaigo_buf_addf(out, w->at, d->xpath);
		}
	}
#pragma GCC diagnostic pop
	if (d->rule) {
		rc |= kaigo_buf_add(out, " [", 2);
		rc |= kaigo_buf_add(out, d->rule, strlen(d->rule));
		if (d->basis) {
			rc |= kaigo_buf_add(out, "; ", 2);
			rc |= kaigo_buf_add(out, d->basis, strlen(d->basis));
		}
		rc |= kaigo_buf_addch(out, ']');
	}
	rc |= kaigo_buf_addch(out, '\n');
	return rc ? -1 : 0;
}

void kaigo_diag_write_text(FILE *out, const struct kaigo_diag *d)
{
	struct kaigo_buf line = KAIGO_BUF_INIT;

	if (kaigo_diag_format_text(&line, d) == 0)
		fwrite(line.data, 1, line.len, out);
	else
		fputs("kaigo: out of memory while writing a diagnostic\n", out);
	kaigo_buf_release(&line);
}

/* Write s as a JSON string literal. */
static void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void kaigo_diag_json_string(FILE *out, const char *s)
{
	json_string(out, s);
}

void kaigo_diag_write_jsonl(FILE *out, const struct kaigo_diag *d)
{
	fputs("{\"file\":", out);
	if (d->file)
		json_string(out, strcmp(d->file, "-") == 0 ? "<stdin>" : d->file);
	else
		fputs("null", out);
	fprintf(out, ",\"line\":%lu,\"column\":%lu", d->line, d->column);
	if (d->byte_offset >= 0)
		fprintf(out, ",\"byte\":%lld", d->byte_offset);
	if (d->record)
		fprintf(out, ",\"record\":%lu", d->record);
	if (d->xpath) {
		fputs(",\"xpath\":", out);
		json_string(out, d->xpath);
	}
	fprintf(out, ",\"severity\":\"%s\",\"rule\":", kaigo_diag_severity_name(d->severity));
	if (d->rule)
		json_string(out, d->rule);
	else
		fputs("null", out);
	fputs(",\"message\":", out);
	json_string(out, d->message ? d->message : "");
	if (d->basis) {
		fputs(",\"basis\":", out);
		json_string(out, d->basis);
	}
	if (d->period) {
		fputs(",\"period\":", out);
		json_string(out, d->period);
	}
	fputs("}\n", out);
}

void kaigo_diag_print(void *ctx, const struct kaigo_diag *d)
{
	struct kaigo_diag_printer *p = ctx;

	if (p->max_shown && p->shown >= p->max_shown)
		return;
	p->shown++;
	if (p->jsonl)
		kaigo_diag_write_jsonl(p->out, d);
	else
		kaigo_diag_write_text(p->out, d);
}
