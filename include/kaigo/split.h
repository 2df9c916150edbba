/*
 * split.h - cut one large XML collection into parts at record boundaries,
 * so that several workers can validate one file (kaigo-validate -j N).
 *
 * One pass over the file (mapped), up to the last cut, tracks only the
 * element depth, skipping comments, CDATA sections, processing
 * instructions and quoted attribute values; the record starts are the
 * start tags at depth 1.  What follows the last cut is the last worker's to
 * read (a file broken there gives the report a single process gives).  A worker then
 * reads, for its part: the file's prolog and root start tag, padding of
 * newlines and spaces that puts the part's first byte at its original line
 * and column, the part itself, and an end tag for the root.  Every
 * diagnostic therefore keeps the line and column of the original file.
 */
#ifndef KAIGO_SPLIT_H
#define KAIGO_SPLIT_H

#include <stddef.h>

#define KAIGO_SPLIT_MAX 64

struct kaigo_split_part {
	long long start, end;          /* byte range of the part in the file */
	unsigned long records_before;  /* records that precede the part */
};

struct kaigo_split_plan {
	long long size;                /* file size */
	long long prefix_end;          /* offset just after the root start tag */
	unsigned long prefix_line;     /* line of prefix_end */
	unsigned long prefix_col;      /* column (characters) of prefix_end */
	char root[256];                /* the root element's qualified name */
	size_t nparts;                 /* 1: not worth splitting (or not splittable) */
	struct kaigo_split_part parts[KAIGO_SPLIT_MAX];
	unsigned long line[KAIGO_SPLIT_MAX]; /* line of each part's first byte */
	unsigned long col[KAIGO_SPLIT_MAX];  /* its column, in characters */
};

/*
 * Plan up to n parts of at least min_part bytes for the file at path.
 * Returns the number of parts (1 when the file is small, not a collection,
 * holds a DOCTYPE, or cannot be scanned: then validate it whole).
 */
size_t kaigo_split_plan(const char *path, size_t n, long long min_part, struct kaigo_split_plan *plan);

/*
 * The same plan for a document already in memory: doc (size bytes, borrowed,
 * need not end in NUL; offsets in the plan are into it).
 */
size_t kaigo_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part,
			    struct kaigo_split_plan *plan);

/*
 * The bytes a worker reads before part k (prolog, root start tag and
 * padding) and after it (the root end tag, except for the last part).
 * Both are new strings, free with free().
 */
char *kaigo_split_prelude(const char *path, const struct kaigo_split_plan *plan, size_t k, size_t *len);
char *kaigo_split_postlude(const struct kaigo_split_plan *plan, size_t k, size_t *len);

#endif
