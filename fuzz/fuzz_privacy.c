/*
 * fuzz_privacy.c - libFuzzer harness for the privacy checks of kaigo-publish.
 *
 * The input is the text of a public output (one text node of a result
 * document; invalid UTF-8 included).  It is checked against the bundled
 * checks of EvaluationResult, with a fixed record whose personal and public
 * values are known, first with masking.  Invariants (__builtin_trap()):
 *   - the fold of the input maps every folded byte into the input;
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

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/privacy.h"
#include "kaigo/xmlin.h"

#include "common.h"

static struct kaigo_catalog cat;
static struct kaigo_privacy *priv;
static xmlDocPtr rec;   /* the record whose values are checked for */

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
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	xmlDocPtr res;
	xmlNodePtr root, text;
	char *s, *f;
	size_t fl, *map = NULL, i;
	long n;

	if (size > 4096)
		return 0;
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size = strlen(s); /* a text node ends at its first NUL */
	f = kaigo_privacy_fold(s, size, &fl, &map);
	if (f) {
		for (i = 0; i <= fl; i++)
			if (map[i] > size)
				__builtin_trap();
		free(f);
		free(map);
	}
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
