/*
 * schfn.c - the XSLT functions a Schematron xslt query binding allows,
 * for libxml2's XPath: current(), generate-id(), format-number(),
 * document() through the safe loader; and the set-up of the XPath
 * context that registers them with EXSLT and the variable lookup.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/dict.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libexslt/exslt.h>

#include "kaigo/buf.h"
#include "kaigo/sch.h"
#include "kaigo/xmlin.h"
#include "sch_int.h"

/* --- XSLT functions of the xslt query binding ----------------------- */

static void fn_current(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct kaigo_sch *s = ctxt->context->userData;

	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	valuePush(ctxt, xmlXPathNewNodeSet(s->current ? s->current : ctxt->context->node));
}

static void fn_generate_id(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodePtr n = ctxt->context->node;
	char id[40];

	if (nargs > 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 1) {
		xmlXPathObjectPtr o = valuePop(ctxt);

		n = o && o->nodesetval && o->nodesetval->nodeNr ? o->nodesetval->nodeTab[0] : NULL;
		xmlXPathFreeObject(o);
		if (!n) {
			valuePush(ctxt, xmlXPathNewCString(""));
			return;
		}
	}
	snprintf(id, sizeof(id), "id%lx", (unsigned long)(uintptr_t)n);
	valuePush(ctxt, xmlXPathNewCString(id));
}

/*
 * format-number(number, pattern): the common patterns of XSLT 1.0's
 * decimal format ("0", "#,##0", "0.00", "#,##0.0", "00"): minimum integer
 * digits from the zeros, grouping by three when a comma is present,
 * fixed fraction digits.
 */
static void fn_format_number(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlXPathObjectPtr po, no;
	const char *pat, *dot;
	double v;
	int frac = 0, minint = 0, group = 0, i, neg;
	char digits[64], out[96];
	size_t nd, o = 0, k;

	if (nargs < 2 || nargs > 3) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 3)
		xmlXPathFreeObject(valuePop(ctxt));
	po = valuePop(ctxt);
	no = valuePop(ctxt);
	pat = po && po->type == XPATH_STRING ? (const char *)po->stringval : "0";
	v = xmlXPathCastToNumber(no);
	dot = strchr(pat, '.');
	for (i = 0; pat[i] && pat + i != dot; i++) {
		if (pat[i] == '0')
			minint++;
		if (pat[i] == ',')
			group = 1;
	}
	if (dot)
		for (i = 1; dot[i] == '0' || dot[i] == '#'; i++)
			frac++;
	if (v != v) {
		valuePush(ctxt, xmlXPathNewCString("NaN"));
	} else {
		neg = v < 0;
		snprintf(digits, sizeof(digits), "%.*f", frac, neg ? -v : v);
		nd = strcspn(digits, ".");
		if (neg)
			out[o++] = '-';
		for (k = nd; (int)k < minint && o < sizeof(out) - 1; k++)
			out[o++] = '0';
		for (k = 0; k < nd && o < sizeof(out) - 2; k++) {
			out[o++] = digits[k];
			if (group && (nd - k - 1) % 3 == 0 && k + 1 < nd)
				out[o++] = ',';
		}
		if (frac)
			for (k = nd; digits[k] && o < sizeof(out) - 1; k++)
				out[o++] = digits[k];
		out[o] = '\0';
		valuePush(ctxt, xmlXPathNewCString(out));
	}
	xmlXPathFreeObject(po);
	xmlXPathFreeObject(no);
}

/* document(uri): local files only, relative to the schema, loaded once. */
static void fn_document(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct kaigo_sch *s = ctxt->context->userData;
	xmlXPathObjectPtr o;
	xmlChar *uri, *abs;
	size_t i;
	xmlDocPtr d = NULL;

	if (nargs < 1 || nargs > 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 2)
		xmlXPathFreeObject(valuePop(ctxt));
	o = valuePop(ctxt);
	uri = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	abs = xmlBuildURI(uri, (const xmlChar *)s->path);
	for (i = 0; abs && i < s->ndocs; i++)
		if (strcmp(s->doc_urls[i], (const char *)abs) == 0)
			d = s->docs[i];
	if (!d && abs) {
		xmlDocPtr *nd = realloc(s->docs, (s->ndocs + 1) * sizeof(*nd));
		char **nu = nd ? realloc(s->doc_urls, (s->ndocs + 1) * sizeof(*nu)) : NULL;

		if (nd)
			s->docs = nd;
		if (nu) {
			s->doc_urls = nu;
			struct kaigo_xmlin_refusal why;

			/* the shared loader: local files under the allowed directories, no DTDs */
			d = kaigo_xmlin_document((const char *)abs, s->path,
						 s->xp->doc ? (const char *)s->xp->doc->URL : NULL, &why);
			if (!d && why.message[0]) {
				/* a refusal fails the rule's evaluation: sch.eval, exit 4 */
				xmlXPathErr(ctxt, XPATH_INVALID_OPERAND);
				if (why.line)
					snprintf(s->xpath_error, sizeof(s->xpath_error), "%.150s (line %lu)",
						 why.message, why.line);
				else
					snprintf(s->xpath_error, sizeof(s->xpath_error), "%.190s", why.message);
			}
			if (d) {
				s->docs[s->ndocs] = d;
				s->doc_urls[s->ndocs] = strdup((const char *)abs);
				s->ndocs++;
			}
		}
	}
	xmlFree(uri);
	xmlFree(abs);
	valuePush(ctxt, xmlXPathNewNodeSet(d ? (xmlNodePtr)d : NULL));
}

/* libxml2's XPath messages: kept for our diagnostic instead of printed. */
static void xpath_error(void *ctx, xmlErrorPtr err)
{
	struct kaigo_sch *s = ctx;
	const char *m;

	if (!err)
		return;
	/* with a handler installed libxml2 passes only the code, not its text */
	switch (err->code) {
	case XML_XPATH_EXPR_ERROR: m = "invalid expression"; break;
	case XML_XPATH_UNFINISHED_LITERAL_ERROR: m = "unfinished literal"; break;
	case XML_XPATH_START_LITERAL_ERROR: m = "start of literal expected"; break;
	case XML_XPATH_VARIABLE_REF_ERROR: m = "expected a variable name"; break;
	case XML_XPATH_UNDEF_VARIABLE_ERROR: m = "undefined variable"; break;
	case XML_XPATH_INVALID_PREDICATE_ERROR: m = "invalid predicate"; break;
	case XML_XPATH_INVALID_TYPE: m = "invalid type"; break;
	case XML_XPATH_INVALID_ARITY: m = "wrong number of arguments"; break;
	case XML_XPATH_UNKNOWN_FUNC_ERROR: m = "unknown function"; break;
	case XML_XPATH_UNDEF_PREFIX_ERROR: m = "undefined namespace prefix"; break;
	case XML_XPATH_INVALID_OPERAND: m = "invalid operand"; break;
	default: m = err->message ? err->message : "XPath error"; break;
	}
	snprintf(s->xpath_error, sizeof(s->xpath_error), "%s", m);
}


void kaigo_sch_register_functions(struct kaigo_sch *s)
{
	xmlXPathContextPtr xp = s->xp;

	xp->userData = s;
	xp->error = xpath_error;
	/* reuse XPath result objects instead of allocating one per step */
	xmlXPathContextSetCache(xp, 1, -1, 0);
	exsltDateXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-date");
	exsltStrXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-str");
	exsltMathXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-math");
	exsltSetsXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-set");
	xmlXPathRegisterFunc(xp, (const xmlChar *)"current", fn_current);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"generate-id", fn_generate_id);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"format-number", fn_format_number);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"document", fn_document);
	xmlXPathRegisterVariableLookup(xp, kaigo_sch_lookup_var, s);
}
