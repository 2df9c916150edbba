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
	fuzz_catalog(&cat, (*argv)[0], "fuzz_pubdir");
	fuzz_tmp_path(input, sizeof(input), "fuzz_pubdir", "xml");
	fuzz_tmp_path(box, sizeof(box), "fuzz_pubdir", "box");
	snprintf(out, sizeof(out), "%s/out", box);
	if ((mkdir(box, 0700) < 0 && errno != EEXIST) || (mkdir(out, 0700) < 0 && errno != EEXIST))
		exit(1);
	atexit(remove_files);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_pub_options o;
	struct kaigo_pub_stats st;
	char *files[1] = { input };
	DIR *d;
	struct dirent *e;
	size_t entries = 0;
	int rc;

	if (fuzz_write_file(input, data, size) < 0)
		return 0;
	memset(&o, 0, sizeof(o));
	o.format = "html";
	o.as_of = "2025-06-30";
	o.dir = out;
	rc = kaigo_publish_run(&cat, &o, files, 1, &sink, &st);
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
		struct stat sb;
		char p[8400];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		entries++;
		snprintf(p, sizeof(p), "%s/%s", out, e->d_name);
		if (rc != 0 || e->d_name[0] == '.' || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
			__builtin_trap(); /* a failed run left something, or a page is odd */
	}
	closedir(d);
	if (rc == 0 && entries != st.files)
		__builtin_trap();
	empty(out);
	return 0;
}
