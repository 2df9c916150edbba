/*
 * xmlin.c - the safe XML reader (see include/kaigo/xmlin.h).
 *
 * libxml2 reports errors through a structured-error callback; we turn each
 * into a kaigo diagnostic carrying the file, line and column libxml2 knows.
 * The reader pulls bytes through kaigo_input so stdin and files behave the
 * same and read errors are reported like everywhere else.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "kaigo/xmlin.h"
#include "xmlmem.h"

static xmlExternalEntityLoader default_loader;

/*
 * libxml2 opens main documents, schema includes and (later) XSLT
 * document() targets through this loader.  Local files only: a URL with
 * any scheme but file: is refused, so no parse ever touches the network.
 * (Entity expansion from a DTD never gets here: documents with a DOCTYPE
 * are refused before their internal subset is read.)
 */
static xmlParserInputPtr local_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	const char *colon = url ? strchr(url, ':') : NULL;
	const char *slash = url ? strchr(url, '/') : NULL;

	if (colon && (!slash || colon < slash) && strncmp(url, "file:", 5) != 0)
		return NULL; /* libxml2 then reports "failed to load external entity" */
	return default_loader(url, id, ctxt);
}

__attribute__((format(printf, 2, 3)))
static void silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

void kaigo_xmlin_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	kaigo_xmlmem_setup();
	xmlInitParser();
	/* messages libxml2 prints without a structured handler (I/O warnings,
	   XPath evaluation notes) would bypass the diagnostic format: every
	   failure they accompany is reported by kaigo itself */
	xmlSetGenericErrorFunc(NULL, silent);
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(local_loader);
	/* libxml2 would hand "Shift_JIS" to iconv's JIS table, which fails on
	   ① and 髙; the data means CP932 */
	xmlAddEncodingAlias("CP932", "SHIFT_JIS");
	xmlAddEncodingAlias("CP932", "SHIFT-JIS");
	xmlAddEncodingAlias("CP932", "SJIS");
	xmlAddEncodingAlias("CP932", "MS_KANJI");
	xmlAddEncodingAlias("CP932", "WINDOWS-31J");
}

/*
 * Find "<!DOCTYPE" in the bytes as they pass, to report it where it is
 * written: by the time the reader shows the DOCTYPE node, its line is gone.
 * Only the prolog matters, so the scan stops after 64 KiB.
 */
static void scan_doctype(struct kaigo_xmlin *x, const char *buf, int len)
{
	static const char pat[] = "<!DOCTYPE";
	int i;

	for (i = 0; i < len && x->scanned < 65536 && !x->doctype_line; i++, x->scanned++) {
		unsigned char b = (unsigned char)buf[i];

		if (b == (unsigned char)pat[x->scan_match]) {
			if (++x->scan_match == 9) {
				x->doctype_line = x->scan_line;
				x->doctype_col = x->scan_col - 8;
			}
		} else {
			x->scan_match = b == '<';
		}
		if (b == '\n') {
			x->scan_line++;
			x->scan_col = 1;
		} else if ((b & 0xC0) != 0x80) {
			x->scan_col++;
		}
	}
}

static int read_cb(void *ctx, char *buf, int len)
{
	struct kaigo_xmlin *rc = ctx;
	long r = kaigo_input_read(rc->in, buf, (size_t)len, rc->sink);

	if (r > 0)
		scan_doctype(rc, buf, (int)r);
	if (r < 0)
		rc->read_failed = 1;
	return r < 0 ? -1 : (int)r;
}

void kaigo_xmlin_refuse_doctype(struct kaigo_xmlin *x, unsigned long line)
{
	if (x->doctype_reported)
		return;
	x->doctype_reported = 1;
	kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->in->name, x->doctype_line ? x->doctype_line : line,
			  x->doctype_col, "xml.doctype",
			  "DOCTYPE declarations are refused (kaigo documents are defined by XSD; "
			  "a DTD could load external entities or expand entities without bound)");
}

static int close_cb(void *ctx)
{
	(void)ctx; /* the input is closed by its owner */
	return 0;
}

static void error_cb(void *ctx, xmlErrorPtr err)
{
	struct kaigo_xmlin *rc = ctx;
	struct kaigo_diag d;
	char msg[512];
	size_t n;

	if (!err || err->level == XML_ERR_NONE || rc->read_failed)
		return; /* after a read error, the parser only sees a truncated document */
	if (rc->doctype_line) {
		/* the parser is in the DTD kaigo refuses: one message for it all
		   (an entity loop is reported at every level, mostly at 1:7) */
		kaigo_xmlin_refuse_doctype(rc, 0);
		return;
	}
	if (err->domain == XML_FROM_I18N || err->code == XML_I18N_CONV_FAILED) {
		/* a byte the declared encoding cannot decode: libxml2 says it twice
		   and without a position; say it once, where the parser is */
		if (rc->conv_reported)
			return;
		rc->conv_reported = 1;
	}
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (size_t i = 0; i < n; i++) /* one diagnostic, one line */
		if (msg[i] == '\n')
			msg[i] = ' ';
	if (n > 0 && msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	memset(&d, 0, sizeof(d));
	d.severity = err->level == XML_ERR_WARNING ? KAIGO_SEV_WARNING : KAIGO_SEV_ERROR;
	d.file = rc->in->name;
	d.line = err->line > 0 ? (unsigned long)err->line : 0;
	d.column = err->int2 > 0 ? (unsigned long)err->int2 : 0;
	if (!d.line && rc->reader) {
		/* no position from libxml2 (encoding errors): where the parser is */
		int l = xmlTextReaderGetParserLineNumber(rc->reader);
		int c = xmlTextReaderGetParserColumnNumber(rc->reader);

		d.line = l > 0 ? (unsigned long)l : 1;
		d.column = c > 0 ? (unsigned long)c : 1;
	}
	d.byte_offset = -1;
	d.rule = "xml.parse";
	d.message = msg;
	kaigo_diag_emit(rc->sink, &d);
}

int kaigo_xmlin_open(struct kaigo_xmlin *x, struct kaigo_input *in, const char *encoding,
		     struct kaigo_diag_sink *sink)
{
	kaigo_xmlin_init();
	memset(x, 0, sizeof(*x));
	x->in = in;
	x->sink = sink;
	x->scan_line = 1;
	x->scan_col = 1;
	/* messages raised outside the parser (encoding conversion) go here too */
	xmlSetStructuredErrorFunc(x, error_cb);
	x->reader = xmlReaderForIO(read_cb, close_cb, x, in->name, encoding,
				   KAIGO_XMLIN_OPTIONS | (encoding ? XML_PARSE_IGNORE_ENC : 0));
	if (!x->reader) {
		xmlSetStructuredErrorFunc(NULL, NULL);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->reader, error_cb, x);
	return 0;
}

void kaigo_xmlin_close(struct kaigo_xmlin *x)
{
	if (x->reader)
		xmlFreeTextReader(x->reader);
	x->reader = NULL;
	xmlSetStructuredErrorFunc(NULL, NULL);
}

int kaigo_xmlin_records(const char *path, const struct kaigo_xmlin_walk *w, struct kaigo_diag_sink *sink)
{
	struct kaigo_input in;
	struct kaigo_xmlin x;
	int rc, ret = 0, mode = -2; /* -2: root not seen yet; 0: children are records; 1: the root is */

	if (kaigo_input_open(&in, path, sink) < 0)
		return -1;
	if (kaigo_xmlin_open(&x, &in, NULL, sink) < 0) {
		kaigo_input_close(&in);
		return -1;
	}
	rc = xmlTextReaderRead(x.reader);
	while (rc == 1) {
		int type = xmlTextReaderNodeType(x.reader);
		int depth = xmlTextReaderDepth(x.reader);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			kaigo_xmlin_refuse_doctype(&x, 1);
			ret = -1;
			break;
		}
		if (type == XML_READER_TYPE_PROCESSING_INSTRUCTION && w->pi && depth <= 1) {
			const xmlChar *v = xmlTextReaderConstValue(x.reader);
			xmlNodePtr cur = xmlTextReaderCurrentNode(x.reader);
			long line = cur ? xmlGetLineNo(cur) : -1;

			if (line <= 0)
				line = xmlTextReaderGetParserLineNumber(x.reader);
			/* libxml2 gives the line where the PI ends: say where it starts */
			for (const xmlChar *c = v; c && *c && line > 1; c++)
				if (*c == '\n')
					line--;
			if (w->pi(w->ctx, (const char *)xmlTextReaderConstName(x.reader), v ? (const char *)v : "",
				  line > 0 ? (unsigned long)line : 0) < 0) {
				ret = -1;
				break;
			}
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
			const xmlChar *ns = xmlTextReaderConstNamespaceUri(x.reader);
			xmlNodePtr cur = xmlTextReaderCurrentNode(x.reader);

			mode = w->root(w->ctx, ns ? (const char *)ns : NULL,
				       (const char *)xmlTextReaderConstLocalName(x.reader),
				       cur ? (unsigned long)xmlGetLineNo(cur) : 0);
			if (mode < 0) {
				ret = -1;
				break;
			}
		}
		if (type == XML_READER_TYPE_ELEMENT && ((mode == 1 && depth == 0) || (mode == 0 && depth == 1))) {
			xmlNodePtr node = xmlTextReaderExpand(x.reader);

			if (!node || w->record(w->ctx, node) < 0) {
				ret = -1;
				break;
			}
			rc = xmlTextReaderNext(x.reader);
			continue;
		}
		rc = xmlTextReaderRead(x.reader);
	}
	if (rc < 0)
		ret = -1;
	kaigo_xmlin_close(&x);
	kaigo_input_close(&in);
	return ret;
}

/* ---- document() ------------------------------------------------------ */

static char *datadir; /* real path of the data directory, or NULL */

void kaigo_xmlin_set_datadir(const char *dir)
{
	free(datadir);
	datadir = dir ? realpath(dir, NULL) : NULL;
}

/* The real directory of file (NULL if it cannot be resolved); free it. */
static char *real_dir(const char *file)
{
	char *copy, *slash, *r;

	if (!file || !strcmp(file, "-"))
		return NULL;
	if (!(copy = strdup(file)))
		return NULL;
	slash = strrchr(copy, '/');
	if (!slash)
		r = realpath(".", NULL);
	else {
		slash[slash == copy] = '\0'; /* "/x" → "/" */
		r = realpath(copy, NULL);
	}
	free(copy);
	return r;
}

/* Is the real path p inside directory d (both real paths)? */
static int under(const char *p, const char *d)
{
	size_t n = d ? strlen(d) : 0;

	if (!d)
		return 0;
	if (n == 1 && d[0] == '/')
		return 1;
	return strncmp(p, d, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* Line of "<!DOCTYPE" in the first 64 KiB of file, 0 if not found. */
static unsigned long doctype_line(const char *file)
{
	FILE *f = fopen(file, "rb");
	char buf[65536];
	size_t n, i;
	unsigned long line = 1;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (i = 0; i + 9 <= n; i++) {
		if (buf[i] == '\n')
			line++;
		else if (!memcmp(buf + i, "<!DOCTYPE", 9))
			return line;
	}
	return 0;
}

xmlDocPtr kaigo_xmlin_document(const char *uri, const char *base, const char *input,
			       struct kaigo_xmlin_refusal *why)
{
	xmlChar *abs = xmlStrdup((const xmlChar *)uri); /* the caller resolved it against base */
	char *path = NULL, *real = NULL, *d_base = NULL, *d_in = NULL;
	xmlDocPtr d = NULL;

	kaigo_xmlin_init();
	memset(why, 0, sizeof(*why));
	if (!abs) {
		snprintf(why->message, sizeof(why->message), "document('%.200s'): not a URI", uri);
		goto done;
	}
	if (!strncmp((const char *)abs, "file://", 7)) {
		path = (char *)xmlURIUnescapeString((const char *)abs + 7, 0, NULL);
		if (path && strncmp(path, "/", 1) != 0) { /* file://host/...: not local */
			snprintf(why->message, sizeof(why->message), "document('%.200s'): not a local file", uri);
			goto done;
		}
	} else if (strstr((const char *)abs, "://") || (strchr((const char *)abs, ':') &&
		   strchr((const char *)abs, ':') < strchr((const char *)abs, '/'))) {
		snprintf(why->message, sizeof(why->message), "document('%.200s'): only local files are read", uri);
		goto done;
	} else {
		path = (char *)xmlURIUnescapeString((const char *)abs, 0, NULL);
	}
	if (!path || !(real = realpath(path, NULL))) {
		snprintf(why->message, sizeof(why->message), "document('%.200s'): cannot read '%.150s'", uri,
			 path ? path : "");
		goto done;
	}
	d_base = real_dir(base);
	d_in = real_dir(input);
	if (!under(real, datadir) && !under(real, d_base) && !under(real, d_in)) {
		snprintf(why->message, sizeof(why->message), "document('%.200s') reads outside the data "
			 "directory and the directories of the rule or stylesheet file and of the input: "
			 "refused", uri);
		goto done;
	}
	d = xmlReadFile(real, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (d && (d->intSubset || d->extSubset)) {
		xmlFreeDoc(d);
		d = NULL;
		why->line = doctype_line(real);
		snprintf(why->message, sizeof(why->message), "document('%.200s'): the file has a DOCTYPE, which "
			 "is refused (a DTD could read local files or expand entities without bound)", uri);
	} else if (!d) {
		snprintf(why->message, sizeof(why->message), "document('%.200s'): '%.150s' is not well-formed "
			 "XML", uri, real);
	}
done:
	xmlFree(abs);
	xmlFree(path);
	free(real);
	free(d_base);
	free(d_in);
	return d;
}

