/*
 * fuzz_sch.c - libFuzzer harness for the Schematron loader and engine.
 *
 * The input is written to a temporary file and loaded as a Schematron
 * schema; if it loads, it is run on a fixed record: the root of
 * samples/careplan/careplan-single.xml (from $FUZZ_SAMPLE), parsed once at
 * start.  Load and run problems go to a counting sink.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/sch.h"
#include "kaigo/validate.h"
#include "kaigo/xmlin.h"

#include "common.h"

static struct kaigo_catalog cat;   /* for the record's document type */
static xmlDocPtr doc;              /* the sample, parsed once */
static struct kaigo_record rec;    /* its root as a record */
static char tmp[4096];               /* the schema file */
static unsigned long nfindings;    /* findings (counted) */

static void count_finding(void *ctx, const struct kaigo_sch_finding *f)
{
	(void)ctx;
	if (!f->test || !f->text)
		__builtin_trap();
	nfindings++;
}

static void remove_file(void)
{
	unlink(tmp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *sample = getenv("FUZZ_SAMPLE");
	int is_coll, tfd;

	if (!sample)
		sample = "samples/careplan/careplan-single.xml";
	kaigo_xmlin_init();
	fuzz_catalog(&cat, (*argv)[0], "fuzz_sch");
	doc = xmlReadFile(sample, NULL, KAIGO_XMLIN_OPTIONS);
	if (!doc || !xmlDocGetRootElement(doc)) {
		fprintf(stderr, "fuzz_sch: cannot read '%s' (set FUZZ_SAMPLE)\n", sample);
		exit(1);
	}
	rec.file = "careplan-single.xml";
	rec.index = 1;
	rec.node = xmlDocGetRootElement(doc);
	rec.xpath = "/CarePlan";
	rec.type = kaigo_catalog_find(&cat, rec.node->ns ? (const char *)rec.node->ns->href : NULL,
				      (const char *)rec.node->name, &is_coll);
	fuzz_tmp_path(tmp, sizeof(tmp), "fuzz_sch", "sch");
	tfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (tfd < 0)
		exit(1);
	close(tfd);
	atexit(remove_file);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_sch_output out = { count_finding, NULL };
	struct kaigo_sch *s;

	if (fuzz_write_file(tmp, data, size) < 0)
		return 0;
	s = kaigo_sch_load(tmp, NULL, NULL, 0, &sink);
	if (!s) {
		if (sink.errors == 0)
			__builtin_trap(); /* a failed load is always reported */
		return 0;
	}
	if (!kaigo_sch_title(s) || !kaigo_sch_phase(s))
		__builtin_trap();
	(void)kaigo_sch_run(s, &rec, &out, &sink);
	kaigo_sch_free(s);
	return 0;
}
