/*
 * fuzz_schxp.c - libFuzzer harness comparing the Schematron engine's
 * direct XPath evaluator (lib/schxp.c) with libxml2's XPath.
 *
 * The input is an XPath expression (UTF-8, as the expressions of a
 * parsed schema are).  When the direct evaluator compiles
 * it and evaluates it (it may decline either: then the engine asks
 * libxml2), its value must be libxml2's: the same type, the same nodes
 * in document order, the same string, the same number (NaN and the sign
 * of zero included), the same boolean; and as a test (kaigo_schxp_eval_bool)
 * the boolean of libxml2's value.  It is evaluated on a fixed document
 * whose values are the awkward ones (blanks, signs, dates, office numbers,
 * multi-byte text, long ASCII, nested names, attributes), at the root element and at
 * an element inside, with variables of every type.  A difference is
 * __builtin_trap().
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "../lib/schxp.h"

static const char doc_text[] =
	"<r xmlns:p='urn:p' a='x' d='2024-04-01'>\n"
	" <v>12</v><v> 12 </v><v></v><v>1e3</v><v>-0</v><v>\xef\xbc\x90\xef\xbc\x91</v><v>NaN</v>"
	"<v>2024-04-01</v><v>-1.5</v><v>007</v><v>1234567890123456</v><v>a b\tc</v>\n"
	" <p:w k='1'>1400031710</p:w><p:w k='2'>14A0031710</p:w><p:w k='3'>1400031711</p:w>\n"
	" <m>x<b>y</b><![CDATA[z]]><!--c--><?pi d?>w</m><e/><n><n><n>3</n></n><c>4</c></n>\n"
	" <h><d>2023-06-10</d><k>21</k><l>A21111</l><l>A31111</l><c>1</c><c>2</c></h>\n"
	" <h><d>2023-07-01</d><l>B21111</l><c>5</c></h>\n"
	" <q>0123456789abcdefghijklmnopqrstuvwxyz ABC:1 DEF:22 </q><q>abcdefghijklmnopq\xe6\x97\xa5rstuvwxyz0123456789</q>\n"
	"</r>";

/* $z: a table of codes, long enough to be skipped a word at a time */
#define Z " 06:12 12:34 13:40 21:50 22:60 23:70 24:80 25:90 "

static xmlDocPtr doc;
static xmlXPathContextPtr xp;
static struct kaigo_schxp_run run;
static xmlDictPtr dict;
static xmlNodePtr contexts[2];
static xmlNodePtr var_nodes[2];

static const char *ns_of(void *ctx, const char *prefix, size_t n)
{
	(void)ctx;
	return n == 1 && prefix[0] == 'p' ? "urn:p" : NULL;
}

static int var_of(void *ctx, const xmlChar *name, struct kaigo_schxp_varhint *hint, struct kaigo_schxp_val *out)
{
	(void)ctx;
	(void)hint;
	memset(out, 0, sizeof(*out));
	if (!strcmp((const char *)name, "s")) {
		out->type = KAIGO_SCHXP_STRING;
		out->str = " 1400031710 ";
	} else if (!strcmp((const char *)name, "t")) {
		out->type = KAIGO_SCHXP_STRING;
		out->str = "2019-10-01";
	} else if (!strcmp((const char *)name, "z")) {
		out->type = KAIGO_SCHXP_STRING;
		out->str = Z;
	} else if (!strcmp((const char *)name, "n")) {
		out->type = KAIGO_SCHXP_NUMBER;
		out->num = 2.5;
	} else if (!strcmp((const char *)name, "b")) {
		out->type = KAIGO_SCHXP_BOOLEAN;
		out->b = 1;
	} else if (!strcmp((const char *)name, "ns")) {
		out->type = KAIGO_SCHXP_NODES;
		out->nodes = var_nodes;
		out->n = 2;
		out->sorted = 1;
	} else {
		return -1;
	}
	return 0;
}

/* libxml2's messages about the expressions it refuses: not this harness's concern */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* current(): the context node at the call (no rule node in this harness). */
static void fn_current(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	valuePush(ctxt, xmlXPathNewNodeSet(ctxt->context->node));
}

static void setup(void)
{
	xmlNodePtr root, k;
	xmlNodeSetPtr ns;

	xmlSetGenericErrorFunc(NULL, quiet);
	doc = xmlReadMemory(doc_text, (int)sizeof(doc_text) - 1, "f.xml", NULL, 0);
	if (!doc)
		abort();
	root = xmlDocGetRootElement(doc);
	contexts[0] = root;
	for (k = root->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && !strcmp((const char *)k->name, "h"))
			break;
	contexts[1] = k ? k : root;
	var_nodes[0] = root->children->next;     /* the first v */
	var_nodes[1] = contexts[1];
	xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, (const xmlChar *)"p", (const xmlChar *)"urn:p");
	xmlXPathRegisterFunc(xp, (const xmlChar *)"current", fn_current);
	ns = xmlXPathNodeSetCreate(NULL);
	xmlXPathNodeSetAdd(ns, var_nodes[0]);
	xmlXPathNodeSetAdd(ns, var_nodes[1]);
	xmlXPathRegisterVariable(xp, (const xmlChar *)"ns", xmlXPathWrapNodeSet(ns));
	xmlXPathRegisterVariable(xp, (const xmlChar *)"s", xmlXPathNewCString(" 1400031710 "));
	xmlXPathRegisterVariable(xp, (const xmlChar *)"t", xmlXPathNewCString("2019-10-01"));
	xmlXPathRegisterVariable(xp, (const xmlChar *)"z", xmlXPathNewCString(Z));
	xmlXPathRegisterVariable(xp, (const xmlChar *)"n", xmlXPathNewFloat(2.5));
	xmlXPathRegisterVariable(xp, (const xmlChar *)"b", xmlXPathNewBoolean(1));
	dict = xmlDictCreate();
	run.var = var_of;
	run.epoch = 1;
	/* names compared as pointers, as in a run */
	run.dict = doc->dict;
	run.dict_gen = 1;
}

static int same_number(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return a == b && signbit(a) == signbit(b);
}

/* The direct evaluator's value of e at node must be libxml2's o. */
static void compare(const struct kaigo_schxp *e, xmlNodePtr node, xmlXPathObjectPtr o)
{
	struct kaigo_schxp_mark m = kaigo_schxp_mark(&run);
	struct kaigo_schxp_val v;
	int i, n, b;

	if (kaigo_schxp_eval(e, &run, node, &v) == 0) {
		switch (o->type) {
		case XPATH_NODESET:
			n = o->nodesetval ? o->nodesetval->nodeNr : 0;
			if (v.type != KAIGO_SCHXP_NODES || v.n != (size_t)n)
				__builtin_trap();
			if (n)
				xmlXPathNodeSetSort(o->nodesetval);
			for (i = 0; i < n; i++)
				if (o->nodesetval->nodeTab[i] != v.nodes[i])
					__builtin_trap();
			break;
		case XPATH_STRING:
			if (v.type != KAIGO_SCHXP_STRING || strcmp((const char *)o->stringval, v.str) != 0)
				__builtin_trap();
			break;
		case XPATH_NUMBER:
			if (v.type != KAIGO_SCHXP_NUMBER || !same_number(o->floatval, v.num))
				__builtin_trap();
			break;
		case XPATH_BOOLEAN:
			if (v.type != KAIGO_SCHXP_BOOLEAN || !o->boolval != !v.b)
				__builtin_trap();
			break;
		default:
			break; /* a type the direct evaluator never makes */
		}
	}
	kaigo_schxp_release(&run, m);
	b = kaigo_schxp_eval_bool(e, &run, node);
	if (b >= 0 && o->type != XPATH_UNDEFINED && b != xmlXPathCastToBoolean(o))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_schxp_env env = { ns_of, NULL, NULL };
	struct kaigo_schxp *e;
	char src[1024];
	size_t k;

	if (!doc)
		setup();
	env.dict = dict;
	if (size >= sizeof(src) || memchr(data, '\0', size))
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	/* the engine's expressions come from a parsed schema: UTF-8 */
	if (!xmlCheckUTF8((const unsigned char *)src))
		return 0;
	if (!(e = kaigo_schxp_compile(src, &env)))
		return 0;
	for (k = 0; k < 2; k++) {
		xmlXPathObjectPtr o;

		xp->node = contexts[k];
		xmlResetLastError();
		if ((o = xmlXPathEval((const xmlChar *)src, xp)) != NULL) {
			compare(e, contexts[k], o);
			xmlXPathFreeObject(o);
		}
	}
	kaigo_schxp_free(e);
	return 0;
}
