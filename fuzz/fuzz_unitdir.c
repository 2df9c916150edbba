/*
 * fuzz_unitdir.c - libFuzzer harness for kaigo-xml2csv -d: file names made
 * from the <?kaigo-unit?> processing instructions of the XML.
 *
 * The input is an XML file (seeds: the send units of samples/convert made
 * into XML by kaigo-csv2xml), converted with kaigo_x2c_dir into the
 * directory box/out of this process.  The PI is data: whatever it says,
 *
 *   - nothing is written outside box/out (box holds only out),
 *   - a run that fails leaves box/out empty (no file, no temporary file),
 *   - a run that succeeds leaves only regular files with standard names
 *     (kaigo_stdname_parse reads each back), none of them hidden.
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
#include "kaigo/convert.h"
#include "kaigo/diag.h"
#include "kaigo/layout.h"

#include "box.h"
#include "common.h"

static struct kaigo_catalog cat;   /* loaded once */

/* A standard send-unit file name, read back by kaigo_stdname_parse. */
static int standard_name(const char *name)
{
	struct kaigo_stdname nm;

	return kaigo_stdname_parse(name, &nm) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_catalog(&cat, (*argv)[0], "fuzz_unitdir");
	fuzz_box_init("fuzz_unitdir");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_x2c_stats st;
	char *files[1] = { fuzz_input };
	size_t files_left;
	int rc;

	if (fuzz_write_file(fuzz_input, data, size) < 0)
		return 0;
	memset(&st, 0, sizeof(st));
	rc = kaigo_x2c_dir(&cat, files, 1, fuzz_out, &sink, &st);
	files_left = fuzz_box_check(rc, standard_name);
	if (rc == 0 && files_left != st.files)
		__builtin_trap(); /* not as many files as it counted */
	fuzz_box_empty();
	return 0;
}
