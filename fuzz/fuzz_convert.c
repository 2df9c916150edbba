/*
 * fuzz_convert.c - libFuzzer harness for the CSV → XML converter.
 *
 * The first input byte chooses one of a few bundled layouts (loaded once
 * at start with the real catalogue; KAIGO_DATADIR is set from
 * $FUZZ_DATADIR, default "schemas": common.h), the rest is
 * written to a temporary file and converted with kaigo_c2x_run through
 * that layout; rejected rows go to /dev/null.  When a record was written,
 * the XML is converted back with kaigo_x2c_run (CSV to /dev/null).
 *
 * Checked: rows read = converted + rejected (convert.h promises it); the
 * XML the converter wrote reads back without an error and holds as many
 * records as it reported writing.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include "kaigo/catalog.h"
#include "kaigo/convert.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/layout.h"

#include "common.h"

/* the layouts the first byte chooses from (byte % NLAYOUTS) */
static const char *const names[] = {
	"UPPLAN", "UP1KYO", "UP2KYO", "UP3KYO", "UPHOSOKU", "UPHOSOKU-M",
	"UPSIKYU", "DLTPLAN", "VENDOR-PLAN", "EVAL-ITEMS",
};
#define NLAYOUTS (sizeof(names) / sizeof(names[0]))

static struct kaigo_catalog cat;                 /* loaded once */
static struct kaigo_layout *layouts[NLAYOUTS];   /* loaded once */
static char csv[4096];                             /* the CSV file (the input) */
static char xml[4096];                             /* the converter's XML */
static int xmlfd = -1;                           /* open on xml */

static void remove_files(void)
{
	unlink(csv);
	unlink(xml);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	size_t i;

	fuzz_catalog(&cat, (*argv)[0], "fuzz_convert");
	for (i = 0; i < NLAYOUTS; i++)
		if (!(layouts[i] = kaigo_layout_load(&cat, names[i], &sink))) {
			fprintf(stderr, "fuzz_convert: cannot load layout %s\n", names[i]);
			exit(1);
		}
	fuzz_tmp_path(csv, sizeof(csv), "fuzz_convert", "csv");
	fuzz_tmp_path(xml, sizeof(xml), "fuzz_convert", "xml");
	xmlfd = open(xml, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (xmlfd < 0)
		exit(1);
	atexit(remove_files);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (fuzz_write_file(csv, data + 1, size - 1) < 0)
		return 0;
	fuzz_round_trip(&cat, layouts[data[0] % NLAYOUTS], csv, xml, xmlfd, -1);
	return 0;
}
