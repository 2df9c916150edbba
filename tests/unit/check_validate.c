/*
 * check_validate.c - the streaming validator on a small schema of its own:
 * positions, XPaths, rule ids, record numbers, the per-record hook, the
 * refusals (DOCTYPE, unknown type, depth), and --max-errors.  Expected
 * lines and columns are counted by hand from the documents below.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "kaigo/catalog.h"
#include "kaigo/validate.h"
#include "suites.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static const char *xsd =
	"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:t:1'"
	" xmlns:t='urn:t:1' elementFormDefault='qualified'>"
	"<xs:element name='Recs'><xs:complexType><xs:sequence>"
	"<xs:element ref='t:Rec' minOccurs='0' maxOccurs='unbounded'/></xs:sequence>"
	"</xs:complexType></xs:element>"
	"<xs:element name='Rec'><xs:complexType><xs:sequence>"
	"<xs:element name='id'><xs:simpleType><xs:restriction base='xs:string'>"
	"<xs:pattern value='[0-9]{3}'/></xs:restriction></xs:simpleType></xs:element>"
	"<xs:element name='d' type='xs:date'/>"
	"<xs:element name='item' minOccurs='0' maxOccurs='unbounded'><xs:complexType>"
	"<xs:attribute name='n' type='xs:integer'/></xs:complexType></xs:element>"
	"</xs:sequence></xs:complexType></xs:element></xs:schema>";

/* Diagnostics collected as "line:col|record|xpath|rule" lines. */
static char got[4096];
static int hook_calls;
static unsigned long hook_errors[8];

static void collect(void *ctx, const struct kaigo_diag *d)
{
	(void)ctx;
	snprintf(got + strlen(got), sizeof(got) - strlen(got), "%lu:%lu|%lu|%s|%s\n", d->line,
		 d->column, d->record, d->xpath ? d->xpath : "-", d->rule ? d->rule : "-");
}

static int lists_seen;

/* The elements of the subtree of n in document order, appended to v; the new count. */
static size_t walk(xmlNodePtr n, xmlNodePtr *v, size_t k, size_t max)
{
	xmlNodePtr c;

	if (k < max)
		v[k] = n;
	k++;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k = walk(c, v, k, max);
	return k;
}

static void hook(void *ctx, const struct kaigo_record *rec)
{
	(void)ctx;
	/* the parser's list of the record's elements is its tree's, in document order */
	if (rec->elements) {
		xmlNodePtr v[64];
		size_t n = walk(rec->node, v, 0, 64), i;

		ck_assert_uint_eq(rec->nelements, n);
		for (i = 0; i < n && i < 64; i++) {
			ck_assert_ptr_eq(rec->elements[i], v[i]);
			ck_assert_ptr_eq(rec->names[i], v[i]->name);
		}
		lists_seen++;
	}
	if (hook_calls < 8)
		hook_errors[hook_calls] = rec->xsd_errors;
	hook_calls++;
	ck_assert_uint_eq(rec->index, (unsigned long)hook_calls);
}

/* Validate text as a file; returns the result and leaves findings in got. */
static enum kaigo_validate_result run(const char *text, unsigned long max_errors)
{
	struct kaigo_catalog cat;
	struct kaigo_diag_sink sink = { collect, NULL, 0, 0 };
	struct kaigo_validator *v;
	struct kaigo_input in;
	struct kaigo_record_hook h = { hook, NULL, 1 };
	char path[128];
	enum kaigo_validate_result res;

	got[0] = '\0';
	hook_calls = 0;
	put("doc.xml", text);
	setenv("KAIGO_DATADIR", dir, 1);
	ck_assert_int_eq(kaigo_catalog_load(&cat, NULL, &sink), 0);
	v = kaigo_validator_new(&cat, NULL, &sink);
	kaigo_validator_set_hook(v, &h);
	kaigo_validator_set_max_errors(v, max_errors);
	snprintf(path, sizeof(path), "%s/doc.xml", dir);
	ck_assert_int_eq(kaigo_input_open(&in, path, &sink), 0);
	res = kaigo_validator_run(v, &in, NULL);
	kaigo_input_close(&in);
	kaigo_validator_free(v);
	kaigo_catalog_release(&cat);
	return res;
}

static void setup(void)
{
	strcpy(dir, "/tmp/kaigo-validate-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put("index.xml", "<schemas xmlns='urn:kaigo:index:1'><type name='T' namespace='urn:t:1'"
			 " record='Rec' collection='Recs' schema='t.xsd'/></schemas>");
	put("t.xsd", xsd);
}

static void teardown(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/index.xml", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/t.xsd", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/doc.xml", dir);
	unlink(p);
	rmdir(dir);
}

START_TEST(test_collection_findings)
{
	ck_assert_int_eq(run("<Recs xmlns='urn:t:1'>\n"
			     "<Rec><id>123</id><d>2020-01-01</d></Rec>\n"
			     "<Rec><id>12a</id><d>2020-01-01</d><item n='1'/><item n='x'/></Rec>\n"
			     "</Recs>\n", 0), KAIGO_VALIDATE_DONE);
	/* the column of the '>' (or "/>") closing the start tag: <id> of record 2
	   is columns 6-9 of line 3; the second <item n='x'/> is 48-60, "/>" at 59 */
	ck_assert_str_eq(got,
			 "3:9|2|/Recs/Rec[2]/id|xsd:cvc-pattern-valid\n"
			 "3:59|2|/Recs/Rec[2]/item[2]|xsd:cvc-datatype-valid.1.2.1\n");
	ck_assert_int_eq(hook_calls, 2);
	ck_assert_uint_eq(hook_errors[0], 0);
	ck_assert_uint_eq(hook_errors[1], 2);
}
END_TEST

START_TEST(test_single_document)
{
	ck_assert_int_eq(run("<Rec xmlns='urn:t:1'><d>2020-01-01</d></Rec>", 0), KAIGO_VALIDATE_DONE);
	/* <d> is columns 22-24 */
	ck_assert_str_eq(got, "1:24|1|/Rec/d|xsd:cvc-complex-type.2.4\n");
	ck_assert_int_eq(hook_calls, 1);
}
END_TEST

START_TEST(test_doctype_refused)
{
	ck_assert_int_eq(run("<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
			     "<Recs xmlns='urn:t:1'>&x;</Recs>", 0), KAIGO_VALIDATE_UNREADABLE);
	ck_assert_ptr_nonnull(strstr(got, "|xml.doctype\n"));
	ck_assert_ptr_eq(strstr(got, "xsd"), NULL);
	ck_assert_int_eq(hook_calls, 0);
}
END_TEST

START_TEST(test_unknown_type)
{
	ck_assert_int_eq(run("<Recs xmlns='urn:t:2'><Rec/></Recs>", 0), KAIGO_VALIDATE_DONE);
	ck_assert_str_eq(got, "1:22|0|-|validate.unknown-type\n");
}
END_TEST

START_TEST(test_not_well_formed)
{
	ck_assert_int_eq(run("<Recs xmlns='urn:t:1'><Rec><id>1</Rec></Recs>", 0), KAIGO_VALIDATE_UNREADABLE);
	ck_assert_ptr_nonnull(strstr(got, "|xml.parse\n"));
	ck_assert_int_eq(run("", 0), KAIGO_VALIDATE_UNREADABLE);
	ck_assert_str_eq(got, "1:1|0|-|xml.parse\n");
}
END_TEST

START_TEST(test_text_between_records)
{
	run("<Recs xmlns='urn:t:1'>stray<Rec><id>123</id><d>2020-01-01</d></Rec></Recs>", 0);
	ck_assert_ptr_nonnull(strstr(got, "|validate.text-between-records\n"));
}
END_TEST

START_TEST(test_max_errors)
{
	run("<Recs xmlns='urn:t:1'>\n<Rec><id>a</id><d>x</d></Rec>\n<Rec><id>b</id><d>y</d></Rec>\n"
	    "<Rec><id>c</id><d>z</d></Rec>\n</Recs>", 3);
	/* the cap stops the input after the third error: record 3 is never read */
	ck_assert_int_le(hook_calls, 2);
	ck_assert_ptr_nonnull(strstr(got, "|validate.max-errors\n"));
}
END_TEST

/* Each record comes with its elements as the parser made them (checked in hook). */
/*
 * Line ends at the edges of the 64 KiB chunks the validator feeds the
 * parser: a CR LF pair split between two chunks ends one line, and each of
 * two bare CRs as a chunk's last bytes ends one (XML 1.0 section 2.11).
 */
static void pad_comment(char *doc, size_t *at, size_t upto)
{
	memcpy(doc + *at, "<!--", 4);
	*at += 4;
	while (*at < upto - 3)
		doc[(*at)++] = 'x';
	memcpy(doc + *at, "-->", 3);
	*at += 3;
}

START_TEST(test_line_ends_at_chunk_edges)
{
	const char *head = "<Recs xmlns='urn:t:1'>\n", *rec = "<Rec><id>12a</id><d>2020-01-01</d></Rec>\n</Recs>\n";
	char *doc = malloc(3 * 65536);
	size_t at = strlen(head);

	ck_assert_ptr_nonnull(doc);
	memcpy(doc, head, at);
	pad_comment(doc, &at, 65535);
	doc[at++] = '\r'; /* the first chunk's last byte ... */
	doc[at++] = '\n'; /* ... and the second's first: one line end (line 3 starts) */
	/* the second chunk starts with the carried CR, one byte early */
	pad_comment(doc, &at, 2 * 65536 - 3);
	doc[at++] = '\r'; /* two bare CRs, the second chunk's last bytes: */
	doc[at++] = '\r'; /* lines 4 and 5 start */
	strcpy(doc + at, rec);
	ck_assert_int_eq(run(doc, 0), KAIGO_VALIDATE_DONE);
	/* <id> of the record: columns 6-9 of line 5 */
	ck_assert_str_eq(got, "5:9|1|/Recs/Rec[1]/id|xsd:cvc-pattern-valid\n");
	free(doc);
}
END_TEST

START_TEST(test_element_lists)
{
	lists_seen = 0;
	run("<Recs xmlns='urn:t:1'>\n"
	    "  <Rec><id>123</id><!-- c --><d>2024-01-31</d><?pi x?><item n='1'/>\n<item n='2'/></Rec>\n"
	    "  <Rec>\n    <id>12</id>\n    <d>2024-02-30</d>\n  </Rec>\n"
	    "  <Rec><id>124</id><d>2024-03-01</d><item/><item/><item/></Rec>\n"
	    "</Recs>\n", 0);
	ck_assert_int_eq(hook_calls, 3);
	ck_assert_int_eq(lists_seen, 3);
	lists_seen = 0;
	run("<Rec xmlns='urn:t:1'><id>1</id><d>x</d><item><!-- deep --></item></Rec>", 0);
	ck_assert_int_eq(hook_calls, 1);
	ck_assert_int_eq(lists_seen, 1);
}
END_TEST

/* The location path of a node in its record, as XPath counts positions. */
START_TEST(test_node_xpath)
{
	static const char xml[] =
		"<R xmlns='urn:x'><a/><b><c k='v'/><c>one<!--n-->two</c></b><b/><d><e><f/></e></d></R>";
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "x.xml", NULL, 0);
	xmlNodePtr r, a, b1, c1, c2, b2, f;
	char out[128], small[32];
	size_t i;

	ck_assert_ptr_nonnull(doc);
	r = xmlDocGetRootElement(doc);
	a = r->children;
	b1 = a->next;
	c1 = b1->children;
	c2 = c1->next;
	b2 = b1->next;
	f = b2->next->children->children;
	kaigo_validate_xpath(r, "/R", r, out, sizeof(out));
	ck_assert_str_eq(out, "/R");
	kaigo_validate_xpath(r, "/R", a, out, sizeof(out));
	ck_assert_str_eq(out, "/R/a");
	kaigo_validate_xpath(r, "/R", b1, out, sizeof(out));
	ck_assert_str_eq(out, "/R/b[1]"); /* a later b makes the position count */
	kaigo_validate_xpath(r, "/R", b2, out, sizeof(out));
	ck_assert_str_eq(out, "/R/b[2]");
	kaigo_validate_xpath(r, "/R", c2, out, sizeof(out));
	ck_assert_str_eq(out, "/R/b[1]/c[2]");
	kaigo_validate_xpath(r, "/R", (xmlNodePtr)c1->properties, out, sizeof(out));
	ck_assert_str_eq(out, "/R/b[1]/c[1]/@k");
	kaigo_validate_xpath(r, "/R", c2->children->next->next, out, sizeof(out));
	ck_assert_str_eq(out, "/R/b[1]/c[2]/text()[2]");
	kaigo_validate_xpath(r, "/Rs/R[12]", f, out, sizeof(out));
	ck_assert_str_eq(out, "/Rs/R[12]/d/e/f");
	/* a buffer too small holds the start of the path, terminated, as snprintf would */
	for (i = 1; i <= 14; i++) {
		memset(small, 'X', sizeof(small));
		kaigo_validate_xpath(r, "/R", c2, small, i);
		ck_assert_uint_eq(strlen(small), i - 1 < 12 ? i - 1 : 12);
		ck_assert(strncmp(small, "/R/b[1]/c[2]", i - 1) == 0);
		ck_assert_int_eq(small[i], 'X'); /* nothing written past the buffer */
	}
	xmlFreeDoc(doc);
}
END_TEST

Suite *kaigo_suite_validate(void)
{
	Suite *s = suite_create("validate");
	TCase *t = tcase_create("stream");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_collection_findings);
	tcase_add_test(t, test_single_document);
	tcase_add_test(t, test_doctype_refused);
	tcase_add_test(t, test_unknown_type);
	tcase_add_test(t, test_not_well_formed);
	tcase_add_test(t, test_text_between_records);
	tcase_add_test(t, test_max_errors);
	tcase_add_test(t, test_node_xpath);
	tcase_add_test(t, test_element_lists);
	tcase_add_test(t, test_line_ends_at_chunk_edges);
	suite_add_tcase(s, t);
	return s;
}
