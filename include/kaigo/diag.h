/*
 * diag.h - the one diagnostic record of kaigo, and its renderings.
 *
 * Every problem any module finds (a libxml2 parse error, an invalid CP932
 * byte, an impossible date, a failed rule) becomes a struct kaigo_diag and
 * goes to a sink.  The library never prints: tools own the sink and decide
 * how to render it (GNU text or JSON Lines, DESIGN §2).
 *
 * GNU text:  FILE:LINE:COL: error: message [rule-id]
 * jsonl:     {"file":..,"line":..,"column":..,"severity":..,"message":..,"rule":..}
 */
#ifndef KAIGO_DIAG_H
#define KAIGO_DIAG_H

#include <stdarg.h>
#include <stdio.h>

enum kaigo_severity {
	KAIGO_SEV_ERROR = 0,
	KAIGO_SEV_WARNING = 1,
	KAIGO_SEV_NOTE = 2
};

/* One finding.  All pointers are borrowed for the duration of the emit call. */
struct kaigo_diag {
	enum kaigo_severity severity;
	const char *file;       /* input name as the user gave it, "-" for stdin; NULL if none */
	unsigned long line;     /* 1-based physical line; 0 when unknown */
	unsigned long column;   /* 1-based, in characters (code points); the csv.* rules,
				   which run before decoding, count bytes; 0 when unknown */
	long long byte_offset;  /* 0-based offset of the problem in the input; -1 when unknown */
	unsigned long record;   /* 1-based record/row position; 0 when not applicable */
	const char *xpath;      /* location path of the node, or NULL */
	const char *rule;       /* stable id such as "norm.invalid-byte", or NULL */
	const char *message;    /* lowercase start, no full stop, subject quoted */
	const char *basis;      /* legal basis of a business rule, or NULL */
	const char *period;     /* period the rule is in force, or NULL */
	const char *translated; /* message in the user's language (LC_MESSAGES), for the
				   text rendering, or NULL: then message itself is looked
				   up in the "kaigo" catalogue.  jsonl always carries
				   message, so that programs see the same text in any
				   locale */
};

/*
 * Where diagnostics go.  emit may be NULL (count only).  The counters are
 * maintained by kaigo_diag_emit, not by the callback.
 */
struct kaigo_diag_sink {
	void (*emit)(void *ctx, const struct kaigo_diag *d);
	void *ctx;
	unsigned long errors;   /* error-severity diagnostics emitted so far */
	unsigned long warnings; /* warning-severity diagnostics emitted so far */
};

/* Count d and hand it to the sink's callback.  sink may be NULL (dropped). */
void kaigo_diag_emit(struct kaigo_diag_sink *sink, const struct kaigo_diag *d);

/*
 * Convenience: build a record from the arguments and a printf-style
 * message and emit it.  byte_offset -1, record 0 and xpath NULL.
 * fmt is an English literal: message is formatted from it, translated from
 * its translation in the "kaigo" catalogue (xgettext finds fmt as the 7th
 * argument of this function; see the Makefile).
 */
void kaigo_diag_report(struct kaigo_diag_sink *sink, enum kaigo_severity sev,
		       const char *file, unsigned long line, unsigned long column,
		       const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* The same with a va_list, for a module's own reporting helper (which xgettext
   is then told about: see the Makefile's XGETTEXT_FLAGS). */
void kaigo_diag_vreport(struct kaigo_diag_sink *sink, enum kaigo_severity sev,
			const char *file, unsigned long line, unsigned long column,
			const char *rule, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));

/*
 * strerror(errnum) in English whatever the locale: a message's text in jsonl
 * must not change with LC_MESSAGES (the text rendering translates the
 * message around it).  Returns a string valid until the next call.
 */
const char *kaigo_diag_strerror(int errnum);

/* "error", "warning" or "note" (never translated: jsonl's severity). */
const char *kaigo_diag_severity_name(enum kaigo_severity sev);

/* Render d as one GNU-style line (with trailing newline) on out, in the
   user's language: severity, translated message, "(record N)", "at". */
void kaigo_diag_write_text(FILE *out, const struct kaigo_diag *d);
/* The same line appended to out; 0, or -1 when out of memory. */
struct kaigo_buf;
int kaigo_diag_format_text(struct kaigo_buf *out, const struct kaigo_diag *d);
/*
 * Append a file name to out as a diagnostic shows it: unchanged when it
 * holds no control character (bytes below 0x20 and 0x7F); otherwise
 * quoted as GNU tools quote odd file names (shell-escape style: 'a'$'\n''b'),
 * so that a name can neither start a line of its own nor carry bytes an
 * XML report cannot hold.  Returns 0, or -1 when out of memory.
 */
struct kaigo_buf;
int kaigo_diag_add_name(struct kaigo_buf *out, const char *name);
/* Render d as one JSON object on one line on out. */
void kaigo_diag_write_jsonl(FILE *out, const struct kaigo_diag *d);
/* Write s (UTF-8) to out as a JSON string literal, quotes included. */
void kaigo_diag_json_string(FILE *out, const char *s);

/*
 * A ready-made sink callback for tools: renders to a FILE in text or jsonl
 * and stops rendering (but keeps counting) after max_shown records when
 * max_shown is non-zero.  ctx must point to a struct kaigo_diag_printer.
 */
struct kaigo_diag_printer {
	FILE *out;                /* usually stderr */
	int jsonl;                /* non-zero: JSON Lines instead of GNU text */
	unsigned long max_shown;  /* 0 = unlimited */
	unsigned long shown;      /* records rendered so far */
};
void kaigo_diag_print(void *ctx, const struct kaigo_diag *d);

#endif
