/*
 * fuzz_pubdir.c - libFuzzer harness for kaigo-publish -d: page names made
 * from the records (the output's name XPath), written all or nothing.
 *
 * The input is an XML file (seeds: samples/evaluation), published as HTML
 * pages with kaigo_publish_run into the directory box/out of this process.
 * Whatever the records say,
 *
 *   - nothing is written outside box/out (box holds only out),
 *   - a run that fails leaves box/out empty (no page, no index, no
 *     temporary file),
 *   - a run that succeeds leaves only regular, visible files, as many as it
 *     counted.
 *
 * The harness traps when one of these does not hold.  box/out is emptied
 * after each input.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/publish.h"

#include "box.h"
#include "common.h"

static struct kaigo_catalog cat;   /* loaded once */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_catalog(&cat, (*argv)[0], "fuzz_pubdir");
	fuzz_box_init("fuzz_pubdir");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_pub_options o;
	struct kaigo_pub_stats st;
	char *files[1] = { fuzz_input };
	size_t files_left;
	int rc;

	if (fuzz_write_file(fuzz_input, data, size) < 0)
		return 0;
	memset(&o, 0, sizeof(o));
	o.format = "html";
	o.as_of = "2025-06-30";
	o.dir = fuzz_out;
	rc = kaigo_publish_run(&cat, &o, files, 1, &sink, &st);
	files_left = fuzz_box_check(rc, NULL);
	if (rc == 0 && files_left != st.files)
		__builtin_trap(); /* not as many files as it counted */
	fuzz_box_empty();
	return 0;
}
