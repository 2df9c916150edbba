/*
 * check_xsdlean.c - kaigo_xsd_cut_annotations and kaigo_xsd_parser
 * (lib/xsdlean.c) against libxml2.
 *
 * Where the text is cut, libxml2 must read the same schema from it as from
 * the original: the original's tree with every xs:annotation removed must
 * equal the cut text's tree (elements, attributes, namespaces declared,
 * text other than white space, and each element's line), and both must
 * compile.  Where the cut cannot be judged safe (the conditions of
 * xsdlean.h/.c), it must return -1 and leave every byte.  The counts and
 * verdicts below come from the XSD and XML rules and from counting the
 * annotations in libxml2's tree, never from the code's own output.
 */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "../../lib/xsdlean.h"
#include "kaigo/xmlin.h"
#include "xsd_strip.h"
#include "suites.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"
#define PARSE_OPTS (KAIGO_XMLIN_OPTIONS | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static void quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* libxml2's verdict on the text as a schema: 1 when it compiles (errors silenced). */
static int compiles(const char *b, size_t n)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s = NULL;

	xmlSetStructuredErrorFunc(NULL, quiet);
	pc = xmlSchemaNewMemParserCtxt(b, (int)n);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, quiet, NULL);
		s = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!s)
		return 0;
	xmlSchemaFree(s);
	return 1;
}

/* The same, for a document already read (its base URL resolves includes). */
static int doc_compiles(xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewDocParserCtxt(doc);
	xmlSchemaPtr s = NULL;

	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, quiet, NULL);
		s = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	if (!s)
		return 0;
	xmlSchemaFree(s);
	return 1;
}

/* The text of n's text and CDATA children, white space left out. */
static char *solid_text(xmlNodePtr n)
{
	size_t len = 1;
	char *s, *w;

	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			len += strlen((const char *)c->content);
	s = w = malloc(len);
	ck_assert_ptr_nonnull(s);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			for (const char *p = (const char *)c->content; *p; p++)
				if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
					*w++ = *p;
	*w = '\0';
	return s;
}

static const char *href(xmlNsPtr ns)
{
	return ns ? (const char *)ns->href : "";
}

static xmlNodePtr next_element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

/* Elements a (the original, annotations removed) and b (the cut text's): the same, at the same lines. */
static void same_tree(xmlNodePtr a, xmlNodePtr b, const char *what)
{
	xmlAttrPtr aa, ba;
	xmlNsPtr an, bn;
	char *at, *bt;

	ck_assert_msg(!strcmp((const char *)a->name, (const char *)b->name) && !strcmp(href(a->ns), href(b->ns)),
		      "%s: line %ld: <%s> became <%s>", what, xmlGetLineNo(a), a->name, b->name);
	ck_assert_msg(xmlGetLineNo(a) == xmlGetLineNo(b), "%s: <%s> moved from line %ld to %ld", what, a->name,
		      xmlGetLineNo(a), xmlGetLineNo(b));
	for (aa = a->properties, ba = b->properties; aa && ba; aa = aa->next, ba = ba->next) {
		xmlChar *av = xmlNodeGetContent((xmlNodePtr)aa), *bv = xmlNodeGetContent((xmlNodePtr)ba);

		ck_assert_msg(!strcmp((const char *)aa->name, (const char *)ba->name) &&
				      !strcmp(href(aa->ns), href(ba->ns)) && !strcmp((const char *)av, (const char *)bv),
			      "%s: line %ld: attribute %s='%s' became %s='%s'", what, xmlGetLineNo(a), aa->name, av,
			      ba->name, bv);
		xmlFree(av);
		xmlFree(bv);
	}
	ck_assert_msg(!aa && !ba, "%s: line %ld: <%s> has other attributes", what, xmlGetLineNo(a), a->name);
	for (an = a->nsDef, bn = b->nsDef; an && bn; an = an->next, bn = bn->next)
		ck_assert_msg(!strcmp(an->prefix ? (const char *)an->prefix : "", bn->prefix ? (const char *)bn->prefix : "") &&
				      !strcmp(href(an), href(bn)),
			      "%s: line %ld: another namespace declaration", what, xmlGetLineNo(a));
	ck_assert_msg(!an && !bn, "%s: line %ld: <%s> declares other namespaces", what, xmlGetLineNo(a), a->name);
	at = solid_text(a);
	bt = solid_text(b);
	ck_assert_msg(!strcmp(at, bt), "%s: line %ld: text '%s' became '%s'", what, xmlGetLineNo(a), at, bt);
	free(at);
	free(bt);
	for (a = next_element(a->children), b = next_element(b->children); a && b;
	     a = next_element(a->next), b = next_element(b->next))
		same_tree(a, b, what);
	ck_assert_msg(!a && !b, "%s: <%s> line %ld: an element more in the %s", what, (a ? a : b)->name,
		      xmlGetLineNo(a ? a : b), a ? "original" : "cut text");
}

/*
 * The cut text (n bytes at cut) against the original (on bytes at orig):
 * want annotations cut (counted in the original's tree), the rest the
 * same, and both compile.  want < 0: take the original's count.
 */
static void same_schema(const char *orig, size_t on, const char *cut, size_t n, long got, long want, const char *url)
{
	xmlDocPtr a = xmlReadMemory(orig, (int)on, url, NULL, PARSE_OPTS);
	xmlDocPtr b = xmlReadMemory(cut, (int)n, url, NULL, PARSE_OPTS);
	long count;

	ck_assert_msg(a != NULL, "%s: the original does not parse", url);
	ck_assert_msg(b != NULL, "%s: the cut text does not parse", url);
	count = xsd_strip_annotations(xmlDocGetRootElement(a));
	ck_assert_msg(got == count, "%s: %ld annotations in the file, %ld cut", url, count, got);
	if (want >= 0)
		ck_assert_msg(count == want, "%s: %ld annotations in the tree, %ld written in the test", url, count, want);
	ck_assert_ptr_null(memmem(cut, n, "annotation", 10));
	same_tree(xmlDocGetRootElement(a), xmlDocGetRootElement(b), url);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
	/* read again: the schema compiler may change the trees it is given */
	a = xmlReadMemory(orig, (int)on, url, NULL, PARSE_OPTS);
	b = xmlReadMemory(cut, (int)n, url, NULL, PARSE_OPTS);
	ck_assert_msg(doc_compiles(a), "%s: the original does not compile", url);
	ck_assert_msg(doc_compiles(b), "%s: the cut text does not compile", url);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long size;

	ck_assert_msg(f != NULL, "%s is missing", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_gt(size, 0);
	rewind(f);
	b = malloc((size_t)size);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return b;
}

/* The top directory's schemas/, from where make check runs or from tests/unit. */
static const char *top(void)
{
	return access("schemas/careplan.xsd", R_OK) == 0 ? "" : "../../";
}

/* a. Every bundled XSD. */
START_TEST(test_bundled)
{
	static const char *const listed[] = { "schemas/careplan.xsd",	    "schemas/evaluation.xsd",
					      "schemas/evaluationbody.xsd", "schemas/familysurvey.xsd",
					      "schemas/goalplan.xsd",	    "schemas/codes/codelist.xsd",
					      "schemas/layouts/layout.xsd" };
	static const char *const pats[] = { "schemas/*.xsd", "schemas/*/*.xsd", "schemas/*/*/*.xsd" };
	char path[512];
	unsigned files = 0, found[sizeof(listed) / sizeof(listed[0])] = { 0 };
	long careplan = 0;

	kaigo_xmlin_init();
	for (size_t p = 0; p < sizeof(pats) / sizeof(pats[0]); p++) {
		glob_t g;

		snprintf(path, sizeof(path), "%s%s", top(), pats[p]);
		if (glob(path, 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *f = g.gl_pathv[i];
			size_t n, on;
			char *b = slurp(f, &n), *orig = malloc(n);
			long r;

			ck_assert_ptr_nonnull(orig);
			memcpy(orig, b, n);
			on = n;
			for (size_t k = 0; k < sizeof(listed) / sizeof(listed[0]); k++)
				if (!strcmp(f + strlen(top()), listed[k]))
					found[k] = 1;
			r = kaigo_xsd_cut_annotations(b, &n);
			ck_assert_msg(r >= -1, "%s: %ld", f, r);
			if (r < 0) {
				ck_assert_msg(n == on && !memcmp(b, orig, n), "%s: refused but changed", f);
			} else {
				ck_assert_msg(n <= on, "%s: the cut text is longer", f);
				same_schema(orig, on, b, n, r, -1, f);
			}
			if (strstr(f, "schemas/careplan.xsd"))
				careplan = r;
			files++;
			free(b);
			free(orig);
		}
		globfree(&g);
	}
	for (size_t k = 0; k < sizeof(listed) / sizeof(listed[0]); k++)
		ck_assert_msg(found[k], "%s is missing", listed[k]);
	ck_assert_uint_ge(files, sizeof(listed) / sizeof(listed[0]));
	ck_assert_msg(careplan > 0, "careplan.xsd: %ld annotations cut", careplan);
}
END_TEST

/* b. Texts that must not be cut. */

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<xs:schema xmlns:xs=\"" XSD_NS "\">\n"
/* an element whose first child is ANNOT, on line 3 */
#define IN_ELEMENT(annot) \
	HEAD ROOT "  <xs:element name=\"e\">" annot "\n    <xs:complexType/>\n  </xs:element>\n</xs:schema>\n"
#define DOC(body) IN_ELEMENT("<xs:annotation><xs:documentation>" body "</xs:documentation></xs:annotation>")

static const struct refused {
	const char *what;
	const char *text;
	int compiles; /* libxml2's verdict on the original: 1 = a conservative refusal only */
} refused[] = {
	{ "text in the annotation itself", IN_ELEMENT("<xs:annotation>hello<xs:documentation/></xs:annotation>"), 0 },
	{ "an annotation after another child",
	  HEAD ROOT "  <xs:element name=\"e\">\n    <xs:complexType/>\n"
		    "    <xs:annotation><xs:documentation>d</xs:documentation></xs:annotation>\n  </xs:element>\n</xs:schema>\n",
	  0 },
	{ "two annotations in one element",
	  IN_ELEMENT("<xs:annotation><xs:documentation>a</xs:documentation></xs:annotation>"
		     "<xs:annotation><xs:documentation>b</xs:documentation></xs:annotation>"),
	  0 },
	/* documentation's content is {any}, processContents lax: libxml2 accepts */
	{ "an element in documentation", DOC("see <b>this</b>"), 1 },
	{ "an undeclared entity in documentation", DOC("a&nbsp;b"), 0 },
	/* a character reference is well-formed: libxml2 accepts */
	{ "a character reference in documentation", DOC("&#65;"), 1 },
	{ "a hex character reference in documentation", DOC("&#x41;"), 1 },
	{ "the byte FF in documentation", DOC("a\xFF"), 0 },
	{ "an overlong NUL in documentation", DOC("a\xC0\x80"), 0 },
	{ "a surrogate in documentation", DOC("a\xED\xA0\x80"), 0 },
	{ "U+FFFE in documentation", DOC("a\xEF\xBF\xBE"), 0 },
	{ "a control character in documentation", DOC("a\x01"), 0 },
	{ "a UTF-8 sequence cut short in documentation", DOC("a\xE3\x81"), 0 },
	{ "'--' inside a comment in documentation", DOC("a<!-- x -- y -->"), 0 },
	/* a CDATA section and a processing instruction are well-formed text: libxml2 accepts */
	{ "a CDATA section in documentation", DOC("<![CDATA[a<b]]>"), 1 },
	{ "a processing instruction in documentation", DOC("<?pi data?>"), 1 },
	{ "']]>' in documentation", DOC("a]]>b"), 0 },
	{ "'<' in an attribute value", IN_ELEMENT("<xs:annotation><xs:documentation xml:lang=\"j<a\">x</xs:documentation></xs:annotation>"), 0 },
	/* the internal subset is read and its entities would be expanded: libxml2 accepts */
	{ "a DOCTYPE before the root",
	  HEAD "<!DOCTYPE xs:schema [<!ENTITY t \"text\">]>\n" ROOT
	       "  <xs:annotation><xs:documentation>&t;</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  1 },
	/* a default attribute for the annotation: libxml2's schema parser does not add it, and accepts */
	{ "a DOCTYPE giving the annotation an attribute",
	  HEAD "<!DOCTYPE xs:schema [<!ATTLIST xs:annotation foo CDATA \"x\">]>\n" ROOT
	       "  <xs:annotation><xs:documentation>d</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  1 },
	/* a DOCTYPE without an internal subset: libxml2 accepts */
	{ "a DOCTYPE without a subset",
	  HEAD "<!DOCTYPE xs:schema>\n" ROOT
	       "  <xs:annotation><xs:documentation>d</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  1 },
	/* plain ASCII in Shift_JIS: libxml2 accepts */
	{ "encoding Shift_JIS",
	  "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n" ROOT
	  "  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  1 },
	/* the same binding again is allowed: libxml2 accepts */
	{ "the prefix bound again on an inner element",
	  HEAD ROOT "  <xs:element name=\"e\" xmlns:xs=\"" XSD_NS "\">"
		    "<xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>"
		    "<xs:complexType/></xs:element>\n</xs:schema>\n",
	  1 },
	/* there xs:annotation is not the XSD's: libxml2 rejects the element */
	{ "the prefix bound to another namespace on an inner element",
	  HEAD ROOT "  <xs:element name=\"e\" xmlns:xs=\"urn:other\">"
		    "<xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>"
		    "</xs:element>\n</xs:schema>\n",
	  0 },
	{ "the prefix bound twice on the root",
	  HEAD "<xs:schema xmlns:xs=\"" XSD_NS "\" xmlns:xs=\"" XSD_NS "\">\n"
	       "  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  0 },
	{ "a foreign attribute on the annotation", IN_ELEMENT("<xs:annotation foo=\"x\"><xs:documentation/></xs:annotation>"), 0 },
	/* id is an attribute of xs:annotation: libxml2 accepts */
	{ "an id on the annotation", IN_ELEMENT("<xs:annotation id='a'><xs:documentation/></xs:annotation>"), 1 },
	/* an attribute of the xml namespace is allowed there: libxml2 accepts */
	{ "xml:lang on the annotation", IN_ELEMENT("<xs:annotation xml:lang='ja'><xs:documentation/></xs:annotation>"), 1 },
	{ "an id that is not an NCName on the annotation", IN_ELEMENT("<xs:annotation id='1 2'><xs:documentation/></xs:annotation>"), 0 },
	/* xml:lang is an xs:language, which has no '_' */
	{ "xml:lang='ja_JP' on documentation",
	  IN_ELEMENT("<xs:annotation><xs:documentation xml:lang='ja_JP'>x</xs:documentation></xs:annotation>"), 0 },
	/* source is an attribute of xs:documentation: libxml2 accepts */
	{ "source='x' on documentation",
	  IN_ELEMENT("<xs:annotation><xs:documentation source='x'>x</xs:documentation></xs:annotation>"), 1 },
	{ "xml:lang twice on documentation",
	  IN_ELEMENT("<xs:annotation><xs:documentation xml:lang='ja' xml:lang='en'>x</xs:documentation></xs:annotation>"), 0 },
	{ "a foreign attribute on appinfo", IN_ELEMENT("<xs:annotation><xs:appinfo foo='x'>x</xs:appinfo></xs:annotation>"), 0 },
	/* source is an attribute of xs:appinfo: libxml2 accepts */
	{ "source='x' on appinfo", IN_ELEMENT("<xs:annotation><xs:appinfo source='x'>x</xs:appinfo></xs:annotation>"), 1 },
	{ "documentation without the XSD prefix",
	  IN_ELEMENT("<xs:annotation><documentation>x</documentation></xs:annotation>"), 0 },
	{ "another XSD element in the annotation",
	  IN_ELEMENT("<xs:annotation><xs:element name='f'/></xs:annotation>"), 0 },
	{ "an annotation inside a foreign element",
	  HEAD ROOT "  <f:x xmlns:f=\"urn:f\"><xs:annotation><xs:documentation/></xs:annotation></f:x>\n</xs:schema>\n", 0 },
	{ "a root that is not xs:schema",
	  HEAD "<xs:element name=\"e\" xmlns:xs=\"" XSD_NS "\">\n"
	       "  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n</xs:element>\n",
	  0 },
	{ "an unterminated annotation at the end",
	  HEAD ROOT "  <xs:annotation><xs:documentation>x</xs:documentation>", 0 },
	{ "an unterminated documentation at the end", HEAD ROOT "  <xs:annotation><xs:documentation>x", 0 },
	{ "an unterminated xml:lang at the end", HEAD ROOT "  <xs:annotation><xs:documentation xml:lang='ja", 0 },
	{ "an unterminated comment at the end", HEAD ROOT "  <xs:annotation><!-- x", 0 },
	{ "an annotation end tag of another prefix",
	  HEAD ROOT "  <xs:annotation><xs:documentation>x</xs:documentation></xsd:annotation>\n</xs:schema>\n", 0 },
	/* fuzz_xsdlean's findings: the cut joined the text on its two sides */
	{ "an annotation between '&' and '#32;'",
	  ROOT "&<xs:annotation/>#32;<xs:element name=\"e\" type=\"xs:string\"/></xs:schema>", 0 },
	{ "an annotation between the bytes of a character",
	  IN_ELEMENT("\xE3\x81<xs:annotation/>\x82"), 0 },
	{ "text before an annotation", IN_ELEMENT("x<xs:annotation/>"), 0 },
	{ "text after an annotation", IN_ELEMENT("<xs:annotation/>x"), 0 },
	/* and read one byte past the end of this one */
	{ "a text whose first '<' is its last byte", "<", 0 },
	{ "a prolog and a lone '<'", "<?xml version=\"1.0\"?>\n<", 0 },
};

START_TEST(test_refused)
{
	const struct refused *c = &refused[_i];
	size_t n = strlen(c->text), on = n;
	char *b = malloc(n); /* no NUL after it: a read past the end shows under ASan */
	long r;

	kaigo_xmlin_init();
	ck_assert_ptr_nonnull(b);
	memcpy(b, c->text, n);
	r = kaigo_xsd_cut_annotations(b, &n);
	ck_assert_msg(r == -1, "%s: cut, %ld", c->what, r);
	ck_assert_msg(n == on && !memcmp(b, c->text, on), "%s: refused but changed", c->what);
	ck_assert_msg(compiles(c->text, on) == c->compiles, "%s: libxml2 %s it", c->what,
		      c->compiles ? "rejects" : "accepts");
	free(b);
}
END_TEST

/* c. Texts that must be cut. */

static const struct cut {
	const char *what;
	const char *text;
	long count; /* annotations in the text, counted by hand */
} cut[] = {
	{ "Japanese documentation with xml:lang",
	  HEAD ROOT "  <xs:annotation>\n    <xs:documentation xml:lang=\"ja\">ケアプラン（居宅サービス計画）\n"
		    "      第1表</xs:documentation>\n  </xs:annotation>\n"
		    "  <xs:element name=\"e\" type=\"xs:string\">\n    <xs:annotation><xs:documentation xml:lang=\"ja-JP\">"
		    "要介護度</xs:documentation></xs:annotation>\n  </xs:element>\n</xs:schema>\n",
	  2 },
	{ "comments in the annotation and in documentation",
	  HEAD ROOT "  <!-- before -->\n  <xs:annotation><!-- a\n comment --><xs:documentation>x<!-- y -->z"
		    "</xs:documentation>\n  <!----></xs:annotation>\n  <xs:element name=\"e\" type=\"xs:string\"/>\n"
		    "</xs:schema>\n",
	  1 },
	{ "predefined entities",
	  HEAD ROOT "  <xs:annotation><xs:documentation>a &lt;&amp; b &gt; &quot;&apos;</xs:documentation>"
		    "<xs:appinfo>&lt;x/&gt;</xs:appinfo></xs:annotation>\n"
		    "  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n",
	  1 },
	{ "several places",
	  HEAD ROOT "  <xs:annotation><xs:documentation>one</xs:documentation></xs:annotation>\n"
		    "  <xs:annotation>\n    <xs:appinfo>two</xs:appinfo>\n  </xs:annotation>\n"
		    "  <xs:simpleType name=\"t\">\n    <xs:annotation><xs:documentation>three</xs:documentation>"
		    "</xs:annotation>\n    <xs:restriction base=\"xs:string\">\n"
		    "      <xs:enumeration value=\"a\"><xs:annotation><xs:documentation>four</xs:documentation>"
		    "</xs:annotation></xs:enumeration>\n"
		    "      <xs:enumeration value=\"b\">\n        <xs:annotation>\n          <xs:documentation>five\n"
		    "          </xs:documentation>\n        </xs:annotation>\n      </xs:enumeration>\n"
		    "    </xs:restriction>\n  </xs:simpleType>\n"
		    "  <xs:annotation><xs:documentation>six</xs:documentation></xs:annotation>\n"
		    "  <xs:element name=\"e\" type=\"t\">\n    <xs:annotation><xs:documentation>seven</xs:documentation>"
		    "</xs:annotation>\n  </xs:element>\n"
		    "  <xs:annotation><xs:documentation>eight</xs:documentation></xs:annotation>\n</xs:schema>\n",
	  8 },
	{ "self-closing",
	  HEAD ROOT "  <xs:annotation/>\n  <xs:element name=\"e\" type=\"xs:string\"><xs:annotation />"
		    "</xs:element>\n  <xs:annotation><xs:documentation/><xs:appinfo/></xs:annotation>\n</xs:schema>\n",
	  3 },
	{ "CRLF line ends",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<xs:schema xmlns:xs=\"" XSD_NS "\">\r\n"
	  "  <xs:annotation>\r\n    <xs:documentation>a\r\n    b</xs:documentation>\r\n  </xs:annotation>\r\n"
	  "  <xs:element name=\"e\">\r\n    <xs:annotation>\r\n<xs:documentation>c</xs:documentation>\r\n"
	  "</xs:annotation>\r\n    <xs:complexType/>\r\n  </xs:element>\r\n</xs:schema>\r\n",
	  2 },
	{ "CR line ends",
	  "<?xml version=\"1.0\"?>\r<xs:schema xmlns:xs=\"" XSD_NS "\">\r"
	  "  <xs:annotation>\r    <xs:documentation>a\r\n    b</xs:documentation>\r  </xs:annotation>\r"
	  "  <xs:element name=\"e\" type=\"xs:string\"/>\r</xs:schema>\r",
	  1 },
	{ "a UTF-8 byte order mark",
	  "\xEF\xBB\xBF" HEAD ROOT "  <xs:annotation><xs:documentation>x\n</xs:documentation></xs:annotation>\n"
	  "  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n",
	  1 },
	{ "a byte order mark and no declaration",
	  "\xEF\xBB\xBF" ROOT "  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n"
	  "  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n",
	  1 },
	{ "the prefix xsd",
	  HEAD "<xsd:schema xmlns:xsd=\"" XSD_NS "\">\n"
	       "  <xsd:annotation><xsd:documentation>x</xsd:documentation></xsd:annotation>\n"
	       "  <xsd:element name=\"e\" type=\"xsd:string\">\n    <xsd:annotation>\n"
	       "      <xsd:appinfo>y</xsd:appinfo>\n    </xsd:annotation>\n  </xsd:element>\n</xsd:schema>\n",
	  2 },
	{ "xmlns:xsi next to xmlns:xs",
	  HEAD "<xs:schema xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	       "           xmlns:xs=\"" XSD_NS "\" xmlns:xsx=\"urn:x\" elementFormDefault=\"qualified\">\n"
	       "  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n"
	       "  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n",
	  1 },
	{ "no declaration, single quotes",
	  "<xs:schema xmlns:xs='" XSD_NS "' targetNamespace='urn:t'>\n"
	  "<xs:annotation><xs:documentation xml:lang='en'>it&apos;s</xs:documentation></xs:annotation>\n"
	  "<xs:element name='e' type='xs:int'/></xs:schema>",
	  1 },
};

/*
 * What the cut must write, found without the code under test: each
 * <xs:annotation .../> or <xs:annotation ...>...</xs:annotation> (or xsd:)
 * of these texts replaced by its CR and LF bytes.
 */
static char *expected_cut(const char *text, size_t *len)
{
	char *out = malloc(strlen(text) + 1), *w = out;
	const char *p = text;

	ck_assert_ptr_nonnull(out);
	while (*p) {
		const char *end = NULL;
		const char *const pfx[] = { "xs:", "xsd:" };

		if (*p == '<')
			for (size_t k = 0; k < 2 && !end; k++) {
				size_t l = strlen(pfx[k]);
				char close[32];

				if (strncmp(p + 1, pfx[k], l) || strncmp(p + 1 + l, "annotation", 10) ||
				    !strchr(" \r\n\t/>", p[1 + l + 10]))
					continue;
				end = strchr(p, '>');
				ck_assert_ptr_nonnull(end);
				if (end[-1] != '/') {
					snprintf(close, sizeof(close), "</%sannotation>", pfx[k]);
					end = strstr(p, close);
					ck_assert_ptr_nonnull(end);
					end += strlen(close) - 1;
				}
			}
		if (!end) {
			*w++ = *p++;
			continue;
		}
		for (; p <= end; p++)
			if (*p == '\r' || *p == '\n')
				*w++ = *p;
	}
	*len = (size_t)(w - out);
	return out;
}

START_TEST(test_cut)
{
	const struct cut *c = &cut[_i];
	size_t n = strlen(c->text), on = n, wn;
	char *b = malloc(n), *want;
	long r;

	kaigo_xmlin_init();
	ck_assert_ptr_nonnull(b);
	memcpy(b, c->text, n);
	r = kaigo_xsd_cut_annotations(b, &n);
	ck_assert_msg(r == c->count, "%s: %ld cut, %ld there", c->what, r, c->count);
	ck_assert_msg(n < on, "%s: nothing cut", c->what);
	want = expected_cut(c->text, &wn);
	ck_assert_msg(n == wn && !memcmp(b, want, n), "%s: wrote\n%.*s\nnot\n%s", c->what, (int)n, b, want);
	free(want);
	same_schema(c->text, on, b, n, r, c->count, c->what);
	free(b);
}
END_TEST

/* d. kaigo_xsd_parser: the same message as libxml2's own parser, or libxml2's own parser. */

struct first_error {
	int seen;
	int line;
	int code;
	char file[256];
	char message[512];
};

static void keep_first(void *ctx, xmlErrorPtr err)
{
	struct first_error *e = ctx;

	if (e->seen++)
		return;
	e->line = err->line;
	e->code = err->code;
	snprintf(e->file, sizeof(e->file), "%s", err->file ? err->file : "");
	snprintf(e->message, sizeof(e->message), "%s", err->message ? err->message : "");
}

static char tmpdir[64];

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static xmlSchemaPtr compile(xmlSchemaParserCtxtPtr pc, struct first_error *e)
{
	xmlSchemaPtr s;

	ck_assert_ptr_nonnull(pc);
	xmlSchemaSetParserStructuredErrors(pc, keep_first, e);
	s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	return s;
}

START_TEST(test_parser_error)
{
	/* the error, an unknown base type, is on line 7 (libxml2 reports it at the simpleType) */
	static const char text[] =
		HEAD ROOT "  <xs:annotation>\n    <xs:documentation>注記</xs:documentation>\n  </xs:annotation>\n"
			  "  <xs:element name=\"e\"><xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n"
			  "    <xs:simpleType><xs:restriction base=\"xs:nosuch\"/></xs:simpleType>\n  </xs:element>\n"
			  "</xs:schema>\n";
	char path[128];
	struct first_error lean = { 0 }, plain = { 0 };
	xmlDocPtr doc;
	xmlSchemaPtr s;

	kaigo_xmlin_init();
	snprintf(path, sizeof(path), "%s/bad.xsd", tmpdir);
	put_file(path, text);
	s = compile(kaigo_xsd_parser(path, &doc), &lean);
	ck_assert_ptr_null(s);
	ck_assert_msg(doc != NULL, "the annotations were not cut");
	xmlFreeDoc(doc);
	s = compile(xmlSchemaNewParserCtxt(path), &plain);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(plain.seen, 1);
	ck_assert_int_eq(plain.line, 7);
	ck_assert_int_eq(lean.seen, plain.seen);
	ck_assert_int_eq(lean.line, plain.line);
	ck_assert_int_eq(lean.code, plain.code);
	ck_assert_str_eq(lean.file, plain.file);
	ck_assert_str_eq(lean.message, plain.message);
	unlink(path);
}
END_TEST

/*
 * kaigo_xsd_parser reads without blank text nodes (libxml2's schema parser
 * removes them first): blank text where it may be, where xml:space keeps
 * it, and text that is not blank, which libxml2 refuses, give the same
 * verdict and the same first message as libxml2's own reading.
 */
START_TEST(test_parser_blanks)
{
	static const char *const texts[] = {
		/* blanks everywhere, then character content in a complex type (line 9) */
		HEAD ROOT "  <xs:annotation><xs:documentation>注記</xs:documentation></xs:annotation>\n"
			  "  <xs:element name=\"e\">\n    <xs:complexType>  \n      <xs:sequence>\t\n"
			  "        <xs:element name=\"a\" type=\"xs:string\"/>   </xs:sequence>\n"
			  "    </xs:complexType>\n  </xs:element>\n"
			  "  <xs:complexType name=\"t\" xml:space=\"preserve\">   <xs:sequence>  </xs:sequence>  </xs:complexType>\n"
			  "  <xs:complexType name=\"u\">\n    x <xs:sequence/>\n  </xs:complexType>\n"
			  "</xs:schema>\n",
		/* the same without the text: compiles */
		HEAD ROOT "  <xs:annotation><xs:documentation>注記</xs:documentation></xs:annotation>\n"
			  "  <xs:element name=\"e\">\n    <xs:complexType>  \n      <xs:sequence>\t\n"
			  "        <xs:element name=\"a\" type=\"xs:string\"/>   </xs:sequence>\n"
			  "    </xs:complexType>\n  </xs:element>\n"
			  "  <xs:complexType name=\"t\" xml:space=\"preserve\">   <xs:sequence>  </xs:sequence>  </xs:complexType>\n"
			  "  <xs:simpleType name=\"s\">  <xs:restriction base=\"xs:string\"> <xs:pattern value=\" a \"/> "
			  "</xs:restriction>  </xs:simpleType>\n"
			  "</xs:schema>\n",
	};
	size_t i;

	kaigo_xmlin_init();
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char path[128];
		struct first_error lean = { 0 }, plain = { 0 };
		xmlDocPtr doc;
		xmlSchemaPtr a, b;

		snprintf(path, sizeof(path), "%s/blanks.xsd", tmpdir);
		put_file(path, texts[i]);
		a = compile(kaigo_xsd_parser(path, &doc), &lean);
		ck_assert_msg(doc != NULL, "text %zu: the annotations were not cut", i);
		b = compile(xmlSchemaNewParserCtxt(path), &plain);
		ck_assert_int_eq(a != NULL, b != NULL);
		ck_assert_int_eq(i == 0, b == NULL); /* the first is refused, the second compiles */
		ck_assert_int_eq(lean.seen, plain.seen);
		ck_assert_int_eq(lean.line, plain.line);
		ck_assert_int_eq(lean.code, plain.code);
		ck_assert_str_eq(lean.message, plain.message);
		xmlSchemaFree(a);
		xmlSchemaFree(b);
		xmlFreeDoc(doc);
		unlink(path);
	}
}
END_TEST

START_TEST(test_parser_fallback)
{
	/* an unescaped '&' in documentation: not well-formed, on line 3 */
	static const char text[] =
		HEAD ROOT "  <xs:annotation><xs:documentation>A & B</xs:documentation></xs:annotation>\n"
			  "  <xs:element name=\"e\" type=\"xs:string\"/>\n</xs:schema>\n";
	char path[128];
	struct first_error lean = { 0 }, plain = { 0 };
	xmlDocPtr doc = (xmlDocPtr)1;
	xmlSchemaPtr s;

	kaigo_xmlin_init();
	snprintf(path, sizeof(path), "%s/amp.xsd", tmpdir);
	put_file(path, text);
	xmlSetStructuredErrorFunc(NULL, quiet);
	s = compile(kaigo_xsd_parser(path, &doc), &lean);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_null(s);
	s = compile(xmlSchemaNewParserCtxt(path), &plain);
	xmlSetStructuredErrorFunc(NULL, NULL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(lean.line, plain.line);
	ck_assert_str_eq(lean.message, plain.message);
	unlink(path);
}
END_TEST

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kaigo-xsdlean.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	rmdir(tmpdir);
}

Suite *kaigo_suite_xsdlean(void)
{
	Suite *s = suite_create("xsdlean");
	TCase *t = tcase_create("bundled");

	tcase_add_test(t, test_bundled);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	t = tcase_create("refused");
	tcase_add_loop_test(t, test_refused, 0, (int)(sizeof(refused) / sizeof(refused[0])));
	suite_add_tcase(s, t);
	t = tcase_create("cut");
	tcase_add_loop_test(t, test_cut, 0, (int)(sizeof(cut) / sizeof(cut[0])));
	suite_add_tcase(s, t);
	t = tcase_create("parser");
	tcase_add_checked_fixture(t, make_tmpdir, remove_tmpdir);
	tcase_add_test(t, test_parser_error);
	tcase_add_test(t, test_parser_fallback);
	tcase_add_test(t, test_parser_blanks);
	suite_add_tcase(s, t);
	return s;
}
