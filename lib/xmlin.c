/*
 * xmlin.c - the safe XML reader (see include/kaigo/xmlin.h).
 *
 * libxml2 reports errors through a structured-error callback; we turn each
 * into a kaigo diagnostic carrying the file, line and column libxml2 knows.
 * The reader pulls bytes through kaigo_input so stdin and files behave the
 * same and read errors are reported like everywhere else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "kaigo/xmlin.h"

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (ctxt)
		xmlCtxtResetLastError(ctxt);
	/* returning NULL makes libxml2 report "failed to load external entity" */
	(void)url;
	return NULL;
}

void kaigo_xmlin_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_loader);
}

static int read_cb(void *ctx, char *buf, int len)
{
	struct kaigo_xmlin *rc = ctx;
	long r = kaigo_input_read(rc->in, buf, (size_t)len, rc->sink);

	return r < 0 ? -1 : (int)r;
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

	if (!err || err->level == XML_ERR_NONE)
		return;
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (n > 0 && msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	memset(&d, 0, sizeof(d));
	d.severity = err->level == XML_ERR_WARNING ? KAIGO_SEV_WARNING : KAIGO_SEV_ERROR;
	d.file = rc->in->name;
	d.line = err->line > 0 ? (unsigned long)err->line : 0;
	d.column = err->int2 > 0 ? (unsigned long)err->int2 : 0;
	d.byte_offset = -1;
	d.rule = "xml.parse";
	d.message = msg;
	kaigo_diag_emit(rc->sink, &d);
}

int kaigo_xmlin_open(struct kaigo_xmlin *x, struct kaigo_input *in, const char *encoding,
		     struct kaigo_diag_sink *sink)
{
	kaigo_xmlin_init();
	x->in = in;
	x->sink = sink;
	x->reader = xmlReaderForIO(read_cb, close_cb, x, in->name, encoding, KAIGO_XMLIN_OPTIONS);
	if (!x->reader)
		return -1;
	xmlTextReaderSetStructuredErrorHandler(x->reader, error_cb, x);
	return 0;
}

void kaigo_xmlin_close(struct kaigo_xmlin *x)
{
	if (x->reader)
		xmlFreeTextReader(x->reader);
	x->reader = NULL;
}
