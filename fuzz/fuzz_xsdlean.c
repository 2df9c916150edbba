/*
 * fuzz_xsdlean.c - libFuzzer harness for kaigo_xsd_cut_annotations
 * (lib/xsdlean.c), which lets kaigo-validate compile an XSD without its
 * annotations.
 *
 * The input is an XSD's text.  When the cut refuses (-1), not a byte may
 * have changed.  When it cuts, libxml2 must read the same thing from the
 * original and from the cut text: either both parse or neither; when both
 * do, the original's tree without its XSD annotations equals the cut
 * text's (elements, attributes, namespace declarations, text other than
 * white space, the line of every element), as many annotations are gone
 * as were said to be cut; and both compile as schemas, or neither, with
 * the same first error (code and line).  A difference is a trap.
 *
 * Random bytes seldom make a text the cut takes, so a first byte of 1, 2
 * or 3 puts the rest of the input inside a small schema: 1 as the text
 * of an xs:documentation, 2 at the start of an xs:element (where its
 * annotation goes), 3 as the content of xs:schema.  Any other first byte:
 * the input is the whole text (the bundled XSDs as seeds).
 *
 * The cut gets a buffer of exactly the input's size, so that a read past
 * the end shows.  Its two findings (fuzz/regressions/xsdlean): a text
 * whose first '<' after the prolog is its last byte ("<") was read one
 * byte past its end; an annotation with text other than white space on
 * both sides joined that text ("&<xs:annotation/>#32;" in xs:schema became
 * "&#32;", and a file libxml2 rejects compiled).
 *
 * XML is read with kaigo's options (no network, no DTD loading, no entity
 * substitution); the schema compiler gets no external entity at all, so
 * an xs:import or xs:include in the input reads no file.
 */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "../lib/xsdlean.h"
#include "kaigo/xmlin.h"
#include "../tests/unit/xsd_strip.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"
#define OPTS (KAIGO_XMLIN_OPTIONS | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define CHECK(c)                           \
	do {                               \
		if (!(c))                  \
			__builtin_trap();  \
	} while (0)

static xmlParserInputPtr no_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static const char *str(const xmlChar *s)
{
	return s ? (const char *)s : "";
}

/* The next byte that is not white space from *p on, moving on through the text and CDATA nodes from *c. */
static char solid(const char **p, xmlNodePtr *c)
{
	for (;;) {
		while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
			(*p)++;
		if (**p || !*c)
			return **p;
		*p = (*c)->type == XML_TEXT_NODE || (*c)->type == XML_CDATA_SECTION_NODE ? str((*c)->content) : "";
		*c = (*c)->next;
	}
}

/* n's text and CDATA children, white space left out, the same in a and b. */
static int same_text(xmlNodePtr a, xmlNodePtr b)
{
	xmlNodePtr ca = a->children, cb = b->children;
	const char *pa = "", *pb = "";

	for (;;) {
		char x = solid(&pa, &ca), y = solid(&pb, &cb);

		if (x != y)
			return 0;
		if (!x)
			return 1;
		pa++;
		pb++;
	}
}

static xmlNodePtr next_element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static void same_tree(xmlNodePtr a, xmlNodePtr b, int depth)
{
	xmlAttrPtr aa, ba;
	xmlNsPtr an, bn;

	CHECK(!strcmp(str(a->name), str(b->name)));
	CHECK(!strcmp(a->ns ? str(a->ns->href) : "", b->ns ? str(b->ns->href) : ""));
	CHECK(xmlGetLineNo(a) == xmlGetLineNo(b));
	for (aa = a->properties, ba = b->properties; aa && ba; aa = aa->next, ba = ba->next) {
		xmlChar *av = xmlNodeGetContent((xmlNodePtr)aa), *bv = xmlNodeGetContent((xmlNodePtr)ba);

		CHECK(!strcmp(str(aa->name), str(ba->name)));
		CHECK(!strcmp(aa->ns ? str(aa->ns->href) : "", ba->ns ? str(ba->ns->href) : ""));
		CHECK(!strcmp(str(av), str(bv)));
		xmlFree(av);
		xmlFree(bv);
	}
	CHECK(!aa && !ba);
	for (an = a->nsDef, bn = b->nsDef; an && bn; an = an->next, bn = bn->next)
		CHECK(!strcmp(str(an->prefix), str(bn->prefix)) && !strcmp(str(an->href), str(bn->href)));
	CHECK(!an && !bn);
	CHECK(same_text(a, b));
	if (depth > 256)
		return;
	for (a = next_element(a->children), b = next_element(b->children); a && b;
	     a = next_element(a->next), b = next_element(b->next))
		same_tree(a, b, depth + 1);
	CHECK(!a && !b);
}

struct verdict {
	int compiled;
	int errors;
	int code;
	int line;
};

static void first_error(void *ctx, xmlErrorPtr err)
{
	struct verdict *v = ctx;

	if (!v->errors++) {
		v->code = err->code;
		v->line = err->line;
	}
}

static struct verdict compile(const char *b, size_t n)
{
	struct verdict v = { 0 };
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(b, (int)n);
	xmlSchemaPtr s = NULL;

	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, first_error, &v);
		s = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	v.compiled = s != NULL;
	xmlSchemaFree(s);
	return v;
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xs:schema xmlns:xs=\"" XSD_NS "\">\n"

/* The text to try: the input, or its rest inside the frame its first byte picks (the caller frees it). */
static char *frame(const uint8_t *data, size_t *size)
{
	static const char *const frames[][2] = {
		{ HEAD "  <xs:annotation>\n    <xs:documentation xml:lang=\"ja\">",
		  "</xs:documentation>\n  </xs:annotation>\n  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n" },
		{ HEAD "  <xs:element name=\"e\">", "</xs:element>\n</xs:schema>\n" },
		{ HEAD, "</xs:schema>\n" },
	};
	const char *pre = "", *post = "";
	size_t pl, ql;
	char *t;

	if (*size && data[0] >= 1 && data[0] <= 3) {
		pre = frames[data[0] - 1][0];
		post = frames[data[0] - 1][1];
		data++;
		--*size;
	}
	pl = strlen(pre);
	ql = strlen(post);
	if (!(t = malloc(pl + *size + ql + 1)))
		return NULL;
	memcpy(t, pre, pl);
	memcpy(t + pl, data, *size);
	memcpy(t + pl + *size, post, ql);
	*size += pl + ql;
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *orig;
	size_t n;
	char *b, *text;
	long r;

	if (size > 1 << 18)
		return 0;
	if (!ready) {
		xmlInitParser();
		xmlSetExternalEntityLoader(no_entity);
		xmlSetStructuredErrorFunc(NULL, quiet);
		ready = 1;
	}
	if (!(orig = text = frame(data, &size)))
		return 0;
	n = size;
	if (!(b = malloc(size ? size : 1))) {
		free(text);
		return 0;
	}
	memcpy(b, orig, size);
	r = kaigo_xsd_cut_annotations(b, &n);
	CHECK(r >= -1);
	if (r < 0) {
		CHECK(n == size && !memcmp(b, orig, size));
	} else {
		xmlDocPtr a = xmlReadMemory(orig, (int)size, "fuzz.xsd", NULL, OPTS);
		xmlDocPtr c = xmlReadMemory(b, (int)n, "fuzz.xsd", NULL, OPTS);

		CHECK(n <= size);
		CHECK(!a == !c);
		if (a && c) {
			xmlNodePtr ra = xmlDocGetRootElement(a), rc = xmlDocGetRootElement(c);

			CHECK(!ra == !rc);
			if (ra) {
				/* annotations left in the cut text are libxml2's to judge */
				long left = xsd_strip_annotations(rc);

				CHECK(xsd_strip_annotations(ra) == r + left);
				same_tree(ra, rc, 0);
			}
		}
		xmlFreeDoc(a);
		xmlFreeDoc(c);
		if (r > 0) {
			struct verdict va = compile(orig, size), vc = compile(b, n);

			CHECK(va.compiled == vc.compiled);
			CHECK(!va.errors == !vc.errors);
			CHECK(va.code == vc.code && va.line == vc.line);
		}
	}
	free(b);
	free(text);
	return 0;
}
