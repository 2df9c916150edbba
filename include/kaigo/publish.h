/*
 * publish.h - kaigo XML to publication formats with XSLT (docs/publish.md).
 *
 * The outputs are data: schemas/publish/index.xml names, for each document
 * type and format, the stylesheet, its kind (page, stream or list), the
 * audiences it is for and, for pages, the XPath that names a record's
 * file.  Records are transformed one at a time; public outputs pass the
 * privacy checks (include/kaigo/privacy.h) before a byte is written.
 */
#ifndef KAIGO_PUBLISH_H
#define KAIGO_PUBLISH_H

#include <stddef.h>
#include <stdio.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"

struct kaigo_pub_param {
	const char *name;
	const char *value;
};

struct kaigo_pub_options {
	const char *format;        /* "html", "csv", "text", "xlsx" (the csv rows and any xlsx form sheets) */
	const char *audience;      /* NULL: the output's default */
	const char *stylesheet;    /* a file replacing the bundled stylesheet, or NULL */
	const char *output;        /* -o FILE, or NULL for standard output */
	const char *dir;           /* -d DIR (one page per record), or NULL */
	const char *as_of;         /* YYYY-MM-DD */
	const struct kaigo_pub_param *params; /* --param NAME=VALUE */
	size_t nparams;
	int mask;                  /* --mask: replace personal data instead of refusing */
	const char *encoding;      /* csv, text: "utf-8", "utf-8-bom", "cp932" (include/kaigo/outenc.h),
				      or NULL for the stylesheet's own encoding */
};

struct kaigo_pub_stats {
	unsigned long records;     /* records read */
	unsigned long files;       /* files written (pages and index with -d; 1 otherwise) */
	unsigned long findings;    /* privacy findings */
};

/*
 * Publish the files (NULL/"-" = standard input).  Returns the exit status
 * (include/kaigo/exit.h): 0; 1 when a record is of an unknown type or a
 * public output would hold personal data; 2 for a combination of options
 * the input does not allow; 3 on a read or write failure; 4 when a
 * stylesheet or the privacy checks fail to load.  On any failure no
 * output file is left: with -d the pages and index wait beside their
 * names and are renamed into place only when the whole run succeeded, so
 * a failing run leaves DIR as it was (and removes the directories it
 * made, as mkdir -p, for DIR).  Page names come from data: a symbolic
 * link, FIFO or device under one is refused, never written through.
 */
int kaigo_publish_run(const struct kaigo_catalog *cat, const struct kaigo_pub_options *o, char **files,
		      size_t nfiles, struct kaigo_diag_sink *sink, struct kaigo_pub_stats *st);

/* Print the bundled outputs (type, format, kind, audiences, stylesheet) to out. */
int kaigo_publish_list(const struct kaigo_catalog *cat, FILE *out, struct kaigo_diag_sink *sink);

#endif
