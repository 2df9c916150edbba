/*
 * box.h - what the harnesses of the directory outputs (fuzz_unitdir,
 * fuzz_pubdir) share.  Header only, like common.h.
 *
 *   fuzz_box_init(name)      the input file and the directory box/out in
 *                            $TMPDIR (else /tmp), removed at exit
 *   fuzz_box_check(rc, ok)   traps unless box holds only out and out holds,
 *                            after a run that returned rc, nothing (rc != 0)
 *                            or only regular, visible files whose names ok
 *                            accepts (ok may be NULL); returns their number
 *   fuzz_box_empty()         empties out for the next input
 */
#ifndef KAIGO_FUZZ_BOX_H
#define KAIGO_FUZZ_BOX_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static char fuzz_input[4096];      /* the fuzz input, as a file */
static char fuzz_box[4096];        /* nothing but out may appear in it */
static char fuzz_out[4200];        /* the output directory */

/* Remove every entry of dir (files only: the tools make no directories). */
static inline void fuzz_box_empty_dir(const char *dir)
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

static inline void fuzz_box_empty(void)
{
	fuzz_box_empty_dir(fuzz_out);
}

static inline void fuzz_box_remove(void)
{
	fuzz_box_empty_dir(fuzz_out);
	rmdir(fuzz_out);
	rmdir(fuzz_box);
	unlink(fuzz_input);
}

static inline void fuzz_box_init(const char *name)
{
	fuzz_tmp_path(fuzz_input, sizeof(fuzz_input), name, "xml");
	fuzz_tmp_path(fuzz_box, sizeof(fuzz_box), name, "box");
	snprintf(fuzz_out, sizeof(fuzz_out), "%s/out", fuzz_box);
	if ((mkdir(fuzz_box, 0700) < 0 && errno != EEXIST) || (mkdir(fuzz_out, 0700) < 0 && errno != EEXIST))
		exit(1);
	atexit(fuzz_box_remove);
}

static inline size_t fuzz_box_check(int rc, int (*ok)(const char *name))
{
	DIR *d;
	struct dirent *e;
	size_t entries = 0;

	/* the box holds out and nothing else */
	if (!(d = opendir(fuzz_box)))
		__builtin_trap();
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "out"))
			__builtin_trap();
	closedir(d);
	if (!(d = opendir(fuzz_out)))
		__builtin_trap();
	while ((e = readdir(d))) {
		struct stat sb;
		char p[8400];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		entries++;
		snprintf(p, sizeof(p), "%s/%s", fuzz_out, e->d_name);
		if (rc != 0 || e->d_name[0] == '.' || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (ok && !ok(e->d_name)))
			__builtin_trap(); /* a failed run left something, or a file is odd */
	}
	closedir(d);
	return entries;
}

#endif
