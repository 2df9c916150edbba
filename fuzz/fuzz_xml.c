/*
 * fuzz_xml.c - libFuzzer harness for the validation path of kaigo-validate.
 *
 * The input is an XML document held in a memfd; it is validated with the
 * real catalogue (KAIGO_DATADIR is set at start from $FUZZ_DATADIR, default
 * "schemas" relative to the working directory) and the bundled Schematron
 * rules run per record, as kaigo-validate does.  Then the file is planned
 * for splitting with tiny parts, and each part (prelude + bytes + postlude)
 * is validated again as a -j worker would.  Findings go to counting sinks.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/sch.h"
#include "kaigo/split.h"
#include "kaigo/validate.h"

#include "common.h"

static struct kaigo_catalog cat;          /* loaded once */
static struct kaigo_sch **bundled;        /* per catalogue type, loaded on first use */
static int *bundled_failed;               /* per type: no rules or loading failed */
static struct kaigo_diag_sink errs;       /* load and evaluation problems (counted) */
static int fd = -1;                       /* the memfd holding the input */
static char path[64];                     /* /proc/self/fd/N */
static unsigned long nfindings;           /* Schematron findings (counted) */

static void count_finding(void *ctx, const struct kaigo_sch_finding *f)
{
	(void)ctx;
	if (!f->test)
		__builtin_trap();
	nfindings++;
}

/* The per-record hook: the bundled rules of the record's type. */
static void run_rules(void *ctx, const struct kaigo_record *rec)
{
	struct kaigo_sch_output out = { count_finding, NULL };
	size_t t;

	(void)ctx;
	if (!rec->type || !rec->type->rules)
		return;
	t = (size_t)(rec->type - cat.types);
	if (!bundled[t] && !bundled_failed[t]) {
		char p[4096];

		kaigo_catalog_path(&cat, rec->type->rules, p, sizeof(p));
		if (access(p, R_OK) == 0)
			bundled[t] = kaigo_sch_load(p, NULL, NULL, 0, &errs);
		bundled_failed[t] = !bundled[t];
	}
	if (bundled[t])
		(void)kaigo_sch_run(bundled[t], rec, &out, &errs);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FUZZ_VERBOSE=1: say at exit how much of the path was reached */
static void say_counts(void)
{
	fprintf(stderr, "fuzz_xml: %lu schematron findings, %lu load/eval errors\n", nfindings, errs.errors);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_catalog(&cat, (*argv)[0], "fuzz_xml");
	bundled = calloc(cat.ntypes + 1, sizeof(*bundled));
	bundled_failed = calloc(cat.ntypes + 1, sizeof(*bundled_failed));
	fd = memfd_create("fuzz_xml", 0);
	if (!bundled || !bundled_failed || fd < 0)
		exit(1);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (getenv("FUZZ_VERBOSE"))
		atexit(say_counts);
	return 0;
}

/* Validate in with a fresh validator, as one worker of kaigo-validate does. */
static void validate(struct kaigo_input *in, unsigned long offset, int quiet)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_record_hook hook = { run_rules, NULL };
	struct kaigo_validate_stats st = { 0, 0 };
	struct kaigo_validator *v = kaigo_validator_new(&cat, NULL, &sink);

	if (!v)
		return;
	kaigo_validator_set_max_errors(v, 100);
	kaigo_validator_set_hook(v, &hook);
	kaigo_validator_set_record_offset(v, offset);
	kaigo_validator_set_quiet(v, quiet);
	(void)kaigo_validator_run(v, in, &st);
	kaigo_validator_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kaigo_split_plan plan;
	struct kaigo_input in;
	size_t k, nparts;

	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	if (kaigo_input_open(&in, path, &errs) == 0) {
		validate(&in, 0, 0);
		kaigo_input_close(&in);
	}

	nparts = kaigo_split_plan(path, 4, 1, &plan);
	if (nparts < 1 || nparts > KAIGO_SPLIT_MAX || nparts != plan.nparts)
		__builtin_trap();
	if (nparts < 2)
		return 0;
	for (k = 0; k < nparts; k++) {
		size_t prelen, postlen;
		char *pre = kaigo_split_prelude(path, &plan, k, &prelen);
		char *post = kaigo_split_postlude(&plan, k, &postlen);

		if (plan.parts[k].start > plan.parts[k].end || plan.parts[k].end > (long long)size)
			__builtin_trap();
		if (pre && post &&
		    kaigo_input_open_part(&in, path, plan.parts[k].start, plan.parts[k].end, pre, prelen,
					  post, postlen, &errs) == 0) {
			validate(&in, plan.parts[k].records_before, k > 0);
			kaigo_input_close(&in);
		}
		free(pre);
		free(post);
	}
	return 0;
}
