/*
 * fuzz_privacy.c - libFuzzer harness for the privacy checks of kaigo-publish.
 *
 * The input is the text of a public output (one text node of a result
 * document; invalid UTF-8 included).  It is checked against the bundled
 * checks of EvaluationResult, with a fixed record whose personal and public
 * values are known.  Invariants (__builtin_trap()):
 *   - the canonical text (kaigo/canon.h) maps every byte to a non-empty
 *     range of the input that starts and ends on character boundaries;
 *   - the detector's findings are sorted, do not overlap, lie inside the
 *     input and start and end on character boundaries (exact offsets);
 *   - after masking, a second check finds nothing: what was found is gone,
 *     and the mask itself is never taken for personal data.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <unicode/utf8.h>

#include "kaigo/canon.h"
#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/privacy.h"
#include "kaigo/xmlin.h"

#include "common.h"

static struct kaigo_catalog cat;
static struct kaigo_privacy *priv;
static xmlDocPtr rec;   /* the record whose values are checked for */
static struct kaigo_privacy_values *vals; /* its values, for kaigo_privacy_scan */

static const char record[] =
	"<EvaluationResult xmlns=\"urn:kaigo:evaluation:1\">"
	"<siteOverview><postalCode>390-0000</postalCode><address>長野県松本市みすず野一丁目2番3号</address>"
	"<phone>0263-00-1234</phone></siteOverview>"
	"<evaluationBody><evaluators><evaluator>小田切 真理</evaluator><evaluator>ミヤサカ</evaluator>"
	"</evaluators></evaluationBody></EvaluationResult>";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	const struct kaigo_doctype *t;
	int is_coll;

	fuzz_datadir("fuzz_privacy");
	kaigo_xmlin_init();
	rec = xmlReadMemory(record, (int)sizeof(record) - 1, "record.xml", NULL, KAIGO_XMLIN_OPTIONS);
	if (!rec || kaigo_catalog_load(&cat, (*argv)[0], &sink) < 0 ||
	    !(t = kaigo_catalog_find(&cat, "urn:kaigo:evaluation:1", "EvaluationResult", &is_coll)) ||
	    !(priv = kaigo_privacy_load(&cat, NULL, t, &sink))) {
		fprintf(stderr, "fuzz_privacy: cannot load the record or the checks (set FUZZ_DATADIR)\n");
		exit(1);
	}
	if (!(vals = kaigo_privacy_values_new()) ||
	    kaigo_privacy_values_from_record(priv, vals, xmlDocGetRootElement(rec)) < 0)
		exit(1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_canon c = KAIGO_CANON_INIT;
	struct kaigo_privacy_finding *f = NULL;
	xmlDocPtr res;
	xmlNodePtr root, text;
	char *s;
	size_t i;
	long n;
	int valid;

	if (size > 4096)
		return 0;
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size = strlen(s); /* a text node ends at its first NUL */
	for (i = 0, valid = 1; i < size && valid;) {
		UChar32 ch;

		U8_NEXT((const uint8_t *)s, i, size, ch);
		valid = ch >= 0;
	}
	/* the canonical text maps every byte into the input (on character starts when it is UTF-8) */
	if (kaigo_canon_make(&c, s, size) == 0) {
		for (i = 0; i < c.len; i++)
			if (c.from[i] >= c.to[i] || c.to[i] > size ||
			    (valid && (((unsigned char)s[c.from[i]] & 0xC0) == 0x80 ||
				       (c.to[i] < size && ((unsigned char)s[c.to[i]] & 0xC0) == 0x80))))
				__builtin_trap();
		kaigo_canon_release(&c);
	}
	/* findings are sorted, apart, inside the text and on character boundaries */
	n = kaigo_privacy_scan(priv, vals, s, size, &f);
	for (i = 0; n > 0 && i < (size_t)n; i++)
		if (f[i].start >= f[i].end || f[i].end > size || (i && f[i].start < f[i - 1].end) ||
		    (valid && (((unsigned char)s[f[i].start] & 0xC0) == 0x80 ||
			       (f[i].end < size && ((unsigned char)s[f[i].end] & 0xC0) == 0x80))))
			__builtin_trap();
	free(f);
	res = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(res, NULL, (const xmlChar *)"p", NULL);
	xmlDocSetRootElement(res, root);
	text = xmlNewDocTextLen(res, (const xmlChar *)s, (int)size);
	xmlAddChild(root, text);
	n = kaigo_privacy_check(priv, xmlDocGetRootElement(rec), "fuzz", res, 1, &sink);
	if (n > 0 && kaigo_privacy_check(priv, xmlDocGetRootElement(rec), "fuzz", res, 1, &sink) != 0)
		__builtin_trap(); /* masking must remove every finding */
	xmlFreeDoc(res);
	free(s);
	return 0;
}
