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

#include "common.h"

static struct kaigo_catalog cat;   /* loaded once */
static char input[4096];           /* the XML (the fuzz input) */
static char box[4096];             /* nothing but out may appear in it */
static char out[4200];             /* the -d directory */

/* Remove every entry of dir (files only: the tool makes no directories). */
static void empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[8400];

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
}

static void remove_files(void)
{
	empty(out);
	rmdir(out);
	rmdir(box);
	unlink(input);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_catalog(&cat, (*argv)[0], "fuzz_unitdir");
	fuzz_tmp_path(input, sizeof(input), "fuzz_unitdir", "xml");
	fuzz_tmp_path(box, sizeof(box), "fuzz_unitdir", "box");
	snprintf(out, sizeof(out), "%s/out", box);
	if ((mkdir(box, 0700) < 0 && errno != EEXIST) || (mkdir(out, 0700) < 0 && errno != EEXIST))
		exit(1);
	atexit(remove_files);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_x2c_stats st;
	char *files[1] = { input };
	DIR *d;
	struct dirent *e;
	size_t entries = 0;
	int rc;

	if (fuzz_write_file(input, data, size) < 0)
		return 0;
	memset(&st, 0, sizeof(st));
	rc = kaigo_x2c_dir(&cat, files, 1, out, &sink, &st);
	/* the box holds out and nothing else */
	if (!(d = opendir(box)))
		__builtin_trap();
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "out"))
			__builtin_trap();
	closedir(d);
	if (!(d = opendir(out)))
		__builtin_trap();
	while ((e = readdir(d))) {
		struct kaigo_stdname nm;
		struct stat sb;
		char p[8400];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		entries++;
		snprintf(p, sizeof(p), "%s/%s", out, e->d_name);
		if (rc != 0 || e->d_name[0] == '.' || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    kaigo_stdname_parse(e->d_name, &nm) != 0)
			__builtin_trap(); /* a failed run left something, or a name is not standard */
	}
	closedir(d);
	if (rc == 0 && entries != st.files)
		__builtin_trap();
	empty(out);
	return 0;
}
