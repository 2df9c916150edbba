/*
 * check_xmldump.c - kaigo_xml_dump (lib/xmldump.c) against libxml2's own
 * xmlNodeDumpOutput: for every element of every document below, either
 * the same bytes, or "left to libxml2" (1) with nothing written.  The
 * expectation is libxml2's output, never kaigo's.
 */
#include <check.h>
#include <glob.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "kaigo/xmldump.h"
#include "kaigo/xmlin.h"

Suite *kaigo_suite_xmldump(void);

/* libxml2's bytes for n. */
static char *libxml2_dump(xmlNodePtr n, size_t *len)
{
	xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
	char *s;

	ck_assert_ptr_nonnull(ob);
	xmlNodeDumpOutput(ob, n->doc, n, 0, 0, "UTF-8");
	xmlOutputBufferFlush(ob);
	*len = xmlOutputBufferGetSize(ob);
	s = malloc(*len + 1);
	memcpy(s, xmlOutputBufferGetContent(ob), *len);
	s[*len] = '\0';
	xmlOutputBufferClose(ob);
	return s;
}

/* Every element below n: the same bytes, or 1 and nothing written.  Counts both. */
static void compare(xmlNodePtr n, const char *what, unsigned *same, unsigned *left)
{
	for (; n; n = n->next) {
		struct kaigo_buf b = KAIGO_BUF_INIT;
		size_t len;
		char *want;
		int r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		ck_assert_int_eq(kaigo_buf_add(&b, "x", 1), 0); /* what is there stays */
		r = kaigo_xml_dump(&b, n);
		ck_assert_msg(r == 0 || r == 1, "%s: <%s>: %d", what, n->name, r);
		if (r == 1) {
			ck_assert_msg(b.len == 1, "%s: <%s> left to libxml2 but wrote something", what, n->name);
			++*left;
		} else {
			want = libxml2_dump(n, &len);
			ck_assert_msg(b.len == len + 1 && !memcmp(b.data + 1, want, len),
				      "%s: <%s>:\nlibxml2: %s\nkaigo:   %s", what, n->name, want, b.data + 1);
			free(want);
			++*same;
		}
		kaigo_buf_release(&b);
		compare(n->children, what, same, left);
	}
}

/* Every XML file of the repository's samples and rule tests. */
START_TEST(test_samples)
{
	static const char *const pats[] = { "samples/*/*.xml", "tests/rules/*/*.xml", "tests/cli/*/*/*.xml" };
	unsigned same = 0, left = 0, files = 0;

	kaigo_xmlin_init();
	for (size_t p = 0; p < sizeof(pats) / sizeof(pats[0]); p++) {
		glob_t g;

		if (glob(pats[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			xmlDocPtr doc = xmlReadFile(g.gl_pathv[i], NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR |
								    XML_PARSE_NOWARNING);

			if (!doc)
				continue;
			files++;
			compare(xmlDocGetRootElement(doc), g.gl_pathv[i], &same, &left);
			xmlFreeDoc(doc);
		}
		globfree(&g);
	}
	ck_assert_uint_gt(files, 100);
	ck_assert_uint_gt(same, 10000);
}
END_TEST

/* Documents made to hold what the writer must get exactly right, or leave alone. */
static const struct {
	const char *xml;
	int parse_opts;       /* beside KAIGO_XMLIN_OPTIONS */
	unsigned left;        /* elements left to libxml2 */
} cases[] = {
	/* attribute values: every character libxml2 escapes, and UTF-8 kept with an encoding */
	{ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<r a=\"x&#10;y&#13;z&#9;&quot;&lt;&gt;&amp;'\" b='say \"hi\"' c=\"名前 ｶﾅ\"/>", 0, 0 },
	/* text: < > & and CR escaped; comments, PIs with and without data, CDATA */
	{ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<r>a &lt; b &gt; c &amp; d&#13;e\tf\n<!-- note --><?pi data?><?bare?><![CDATA[<raw> & ]]>末尾</r>", 0, 0 },
	/* namespaces: default, prefixed, on attributes, xml:lang, declared below */
	{ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<r xmlns=\"urn:a\" xmlns:p=\"urn:p\" p:at=\"1\" xml:lang=\"ja\"><p:c/><d xmlns=\"urn:d\"><e/></d>"
	  "<f xmlns:q='urn:q?x=1&amp;y=2'><q:g q:h=\"&lt;\"/></f></r>", 0, 0 },
	/* empty, nested, mixed content */
	{ "<r><a/><b></b><c>t<d>u</d>v</c></r>", 0, 0 },
	/* no encoding declared: a non-ASCII attribute value is libxml2's (character
	   references), which takes the element and the root around it */
	{ "<r><a v=\"名\">テキスト</a><b v=\"ascii\"/></r>", 0, 2 },
	/* an entity reference (a DTD read, entities not substituted) */
	{ "<!DOCTYPE r [<!ENTITY e \"x\">]><r>a&e;b<s>t</s></r>", XML_PARSE_DTDLOAD, 1 },
	/* a quote in a namespace name: libxml2 picks other quotes (the element
	   declaring it is left to libxml2, the one below it is not) */
	{ "<r xmlns:q='urn:\"q\"'><q:a/></r>", 0, 1 },
};

START_TEST(test_cases)
{
	unsigned same = 0, left = 0;
	xmlDocPtr doc;
	char what[32];

	kaigo_xmlin_init();
	doc = xmlReadMemory(cases[_i].xml, (int)strlen(cases[_i].xml), "case.xml", NULL,
			    KAIGO_XMLIN_OPTIONS | cases[_i].parse_opts);
	ck_assert_ptr_nonnull(doc);
	snprintf(what, sizeof(what), "case %d", _i);
	compare(xmlDocGetRootElement(doc), what, &same, &left);
	ck_assert_msg(left == cases[_i].left, "case %d: %u elements left to libxml2, want %u", _i, left,
		      cases[_i].left);
	ck_assert_uint_gt(same + left, 0);
	xmlFreeDoc(doc);
}
END_TEST

/* A CDATA section holding "]]>" (only the API makes one): libxml2 splits it. */
START_TEST(test_cdata_end)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr r = xmlNewDocNode(doc, NULL, (const xmlChar *)"r", NULL);
	struct kaigo_buf b = KAIGO_BUF_INIT;

	xmlDocSetRootElement(doc, r);
	xmlAddChild(r, xmlNewCDataBlock(doc, (const xmlChar *)"a]]>b", 5));
	ck_assert_int_eq(kaigo_xml_dump(&b, r), 1);
	ck_assert_uint_eq(b.len, 0);
	kaigo_buf_release(&b);
	xmlFreeDoc(doc);
}
END_TEST

Suite *kaigo_suite_xmldump(void)
{
	Suite *s = suite_create("xmldump");
	TCase *tc = tcase_create("xmldump");

	tcase_add_test(tc, test_samples);
	tcase_add_loop_test(tc, test_cases, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_cdata_end);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
