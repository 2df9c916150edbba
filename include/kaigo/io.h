/*
 * io.h - inputs, line reading and atomic outputs shared by every tool.
 *
 * Inputs are files or standard input ("-" or NULL).  Outputs are standard
 * output or a file written atomically: the data goes to a temporary file in
 * the destination's directory, which is fsync'ed and renamed over the
 * destination only when the tool commits; on any failure the temporary file
 * is removed, so a failed run never leaves a partial file (DESIGN §2).
 *
 * A closed pipe on standard output (EPIPE) is reported by a flag, not a
 * diagnostic: the reader went away on purpose (`| head`), so the tools stop
 * quietly.  Tools must ignore SIGPIPE (kaigo_cli_setup does).
 */
#ifndef KAIGO_IO_H
#define KAIGO_IO_H

#include <stddef.h>
#include "kaigo/diag.h"

struct kaigo_input {
	const char *name;     /* as given by the user ("-" for stdin); borrowed */
	int fd;               /* -1 when closed */
	long long offset;     /* bytes read so far */
	const char *pre;      /* bytes served before the file's (a part), or NULL; borrowed */
	size_t pre_len, pre_at;
	long long remaining;  /* file bytes left in a part; -1: read to the end */
	const char *post;     /* bytes served after the file's, or NULL; borrowed */
	size_t post_len, post_at;
};

/*
 * Open path ("-" or NULL = standard input).  A missing or unreadable file
 * or a directory is reported to sink (rule "io.open") and gives -1.
 */
int kaigo_input_open(struct kaigo_input *in, const char *path, struct kaigo_diag_sink *sink);
/*
 * Open bytes [start, end) of path as an input that first yields pre and
 * afterwards post (both borrowed; may be NULL): a part of a split file.
 */
int kaigo_input_open_part(struct kaigo_input *in, const char *path, long long start, long long end,
			  const char *pre, size_t pre_len, const char *post, size_t post_len,
			  struct kaigo_diag_sink *sink);
/* Read up to n bytes; returns the count, 0 at end, -1 after reporting an error. */
long kaigo_input_read(struct kaigo_input *in, void *buf, size_t n, struct kaigo_diag_sink *sink);
/* Close unless it is standard input. */
void kaigo_input_close(struct kaigo_input *in);

/*
 * Line reader: yields physical lines including their "\n" (a "\r\n" stays
 * as it is; the last line may lack a terminator).  A line longer than
 * max_line bytes is returned in pieces with partial set on all but the
 * last piece, so memory stays bounded whatever the input.
 */
struct kaigo_line {
	const char *data;       /* borrowed, valid until the next call */
	size_t len;             /* bytes, terminator included */
	unsigned long number;   /* 1-based physical line number */
	long long offset;       /* byte offset of data[0] in the input */
	int partial;            /* 1: more bytes of this same line follow */
	int continued;          /* 1: this piece continues a partial line */
};

struct kaigo_lines {
	struct kaigo_input *in; /* borrowed */
	char *buf;              /* owned block buffer */
	size_t cap;             /* allocated bytes of buf */
	size_t start, end;      /* unread bytes are buf[start..end) */
	size_t max_line;        /* longest line returned whole */
	unsigned long number;   /* number of the line returned last */
	long long offset;       /* input offset of buf[start] */
	int eof;                /* the input is exhausted */
	int in_partial;         /* the last piece returned was partial */
};

/* Returns 0, or -1 when out of memory.  max_line 0 means 8 MiB. */
int kaigo_lines_init(struct kaigo_lines *lr, struct kaigo_input *in, size_t max_line);
/* 1: a line in *line; 0: end of input; -1: read error (reported). */
int kaigo_lines_next(struct kaigo_lines *lr, struct kaigo_line *line, struct kaigo_diag_sink *sink);
void kaigo_lines_release(struct kaigo_lines *lr);

struct kaigo_output {
	const char *name;     /* destination as given, "-" for stdout; borrowed */
	int fd;               /* -1 when closed */
	char *tmp_path;       /* owned; temporary file, NULL for stdout */
	char *buf;            /* owned write buffer */
	size_t len;           /* bytes waiting in buf */
	size_t cap;           /* size of buf */
	int failed;           /* a write failed (reported unless epipe) */
	int epipe;            /* standard output's reader went away */
};

/*
 * Open path for writing ("-" or NULL = standard output).  For a regular
 * file (or a new one), a temporary sibling is created and nothing appears
 * under path until commit.  An existing FIFO or device is written directly.
 */
int kaigo_output_open(struct kaigo_output *out, const char *path, struct kaigo_diag_sink *sink);
/*
 * Like kaigo_output_open for a name the tool made (from data, or inside a
 * -d directory) rather than one the user gave on the command line: only a
 * regular file is ever written there.  An existing symbolic link, FIFO,
 * device or directory under path is refused (rule "io.open"), so data
 * cannot steer the output through a planted link or into a device; the
 * temporary file is created with O_EXCL and renamed over path, neither of
 * which follows a link.  path must name a file, not standard output.
 */
int kaigo_output_open_made(struct kaigo_output *out, const char *path, struct kaigo_diag_sink *sink);
/* Buffered write.  Returns 0, or -1 once any write has failed. */
int kaigo_output_write(struct kaigo_output *out, const void *p, size_t n, struct kaigo_diag_sink *sink);
/*
 * Flush, check the close, and for a file fsync and rename into place.
 * Returns 0, or -1 after reporting (rule "io.write"); on -1 no file is left.
 */
int kaigo_output_commit(struct kaigo_output *out, struct kaigo_diag_sink *sink);
/*
 * For outputs that are all committed or none: flush, fsync and close the
 * temporary file, and free the buffer, but do not rename it yet; a later
 * kaigo_output_commit renames it into place, kaigo_output_abort removes
 * it.  Many outputs can wait this way without holding a descriptor each.
 * Returns 0, or -1 after reporting (the temporary file is then removed).
 * For standard output, a FIFO or a device it is kaigo_output_commit.
 */
int kaigo_output_finish(struct kaigo_output *out, struct kaigo_diag_sink *sink);
/*
 * Give up: close and remove the temporary file.  Standard output, which
 * cannot be taken back, gets what was already produced.  Safe after commit.
 */
void kaigo_output_abort(struct kaigo_output *out);

/*
 * Make the directory path and its missing parents, as mkdir -p does (mode
 * 0777 less the umask).  *made gets the number of trailing components
 * this call created, for kaigo_dir_unmake.  Returns 0, or -1 after
 * reporting (rule "io.open"), e.g. when a component exists and is not a
 * directory.
 */
int kaigo_dir_make(const char *path, unsigned *made, struct kaigo_diag_sink *sink);
/* Remove the last `made` components of path again (each only if empty). */
void kaigo_dir_unmake(const char *path, unsigned made);

#endif
