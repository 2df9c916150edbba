/*
 * normfile.h - kaigo-normalize's three ways through a file: text lines,
 * CSV fields and XML text (DESIGN §5).
 *
 * Common contract: nothing is dropped.  A line, field or text node that
 * cannot be normalized is written unchanged and reported; a line with
 * bytes that are invalid in the input encoding is written as its raw
 * bytes and reported with line, column and byte offset.  In text mode
 * every input line gives exactly one output line with the same line
 * terminator, so the tool is safe inside paste/cut pipelines.
 */
#ifndef KAIGO_NORMFILE_H
#define KAIGO_NORMFILE_H

#include <stddef.h>

#include "kaigo/buf.h"
#include "kaigo/codec.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/norm.h"

/* CSV columns first..last (1-based, inclusive) get profile nz. */
struct kaigo_normcol {
	unsigned long first;     /* first column, 1-based */
	unsigned long last;      /* last column, inclusive; ULONG_MAX for "to the end" */
	struct kaigo_norm *nz;   /* borrowed; NULL leaves the columns unchanged */
};

struct kaigo_normrun {
	struct kaigo_norm *nz;              /* borrowed; text/XML profile, CSV default */
	struct kaigo_codec *from;           /* borrowed; NULL: input is UTF-8 */
	struct kaigo_codec *to;             /* borrowed; NULL: output is UTF-8 */
	const char *from_name;              /* encoding name for the XML parser, or NULL */
	const struct kaigo_normcol *cols;   /* borrowed; CSV column profiles */
	size_t ncols;                       /* 0: every column gets nz */
	int header;                         /* CSV: write the first record unchanged */
	size_t max_line;                    /* longest line normalized whole (0: 8 MiB) */
	struct kaigo_diag_sink *sink;       /* borrowed */
	struct kaigo_output *out;           /* borrowed */
	int open_line;                      /* text mode: the last line written had no
					       terminator (the input ended without one) */
	int clean;                          /* text mode: the line being normalized was
					       decoded and has no NUL/private use */
	struct kaigo_buf dec;               /* scratch: decoded input */
	struct kaigo_buf val;               /* scratch: normalized value */
	struct kaigo_buf rec;               /* scratch: output record */
	struct kaigo_buf enc;               /* scratch: encoded output */
};

/*
 * Each returns 0 when the input was read to its end (data problems are
 * counted in sink->errors), or -1 when reading or writing failed or the
 * input is unusable (already reported, except a quiet EPIPE: see
 * out->epipe).
 */
int kaigo_normrun_text(struct kaigo_normrun *r, struct kaigo_input *in);
int kaigo_normrun_csv(struct kaigo_normrun *r, struct kaigo_input *in);
int kaigo_normrun_xml(struct kaigo_normrun *r, struct kaigo_input *in);

/* Free the scratch buffers. */
void kaigo_normrun_release(struct kaigo_normrun *r);

#endif
