/*
 * io.c - inputs, the line reader and atomic outputs.
 *
 * Plain read(2)/write(2) with our own buffers: stdio would hide EPIPE and
 * ENOSPC until fclose, and the line reader needs to hand out pointers into
 * its block buffer without copying (the normalizer's hot loop reads them
 * in place).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaigo/i18n.h"
#include "kaigo/io.h"

#define BLOCK (256 * 1024)

static const char *display(const char *name)
{
	return (!name || strcmp(name, "-") == 0) ? "-" : name;
}

int kaigo_input_open(struct kaigo_input *in, const char *path, struct kaigo_diag_sink *sink)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->name = display(path);
	in->remaining = -1;
	if (strcmp(in->name, "-") == 0) {
		in->fd = 0;
		return 0;
	}
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open",
				  "cannot open '%s': %s", path, kaigo_diag_strerror(errno));
		return -1;
	}
	if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open",
				  "cannot read '%s': it is a directory", path);
		close(in->fd);
		in->fd = -1;
		return -1;
	}
	return 0;
}

int kaigo_input_open_part(struct kaigo_input *in, const char *path, long long start, long long end,
			  const char *pre, size_t pre_len, const char *post, size_t post_len,
			  struct kaigo_diag_sink *sink)
{
	if (kaigo_input_open(in, path, sink) < 0)
		return -1;
	if (lseek(in->fd, (off_t)start, SEEK_SET) < 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.read", "cannot seek in '%s': %s",
				  path, kaigo_diag_strerror(errno));
		kaigo_input_close(in);
		return -1;
	}
	in->pre = pre;
	in->pre_len = pre ? pre_len : 0;
	in->remaining = end - start;
	in->post = post;
	in->post_len = post ? post_len : 0;
	return 0;
}

/* Serve from a borrowed buffer; returns the count. */
static size_t serve(const char *src, size_t len, size_t *at, void *buf, size_t n)
{
	size_t k = len - *at < n ? len - *at : n;

	if (k)
		memcpy(buf, src + *at, k);
	*at += k;
	return k;
}

long kaigo_input_read(struct kaigo_input *in, void *buf, size_t n, struct kaigo_diag_sink *sink)
{
	ssize_t r;

	if (n > LONG_MAX)
		n = LONG_MAX;
	if (in->pre_at < in->pre_len)
		return (long)serve(in->pre, in->pre_len, &in->pre_at, buf, n);
	if (in->remaining == 0)
		return (long)serve(in->post, in->post_len, &in->post_at, buf, n);
	if (in->remaining > 0 && (long long)n > in->remaining)
		n = (size_t)in->remaining;
	do
		r = read(in->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		struct kaigo_diag d;
		char msg[256], tr[320];
		const char *why = kaigo_diag_strerror(errno);

		snprintf(msg, sizeof(msg), "read error: %s", why);
		snprintf(tr, sizeof(tr), _("read error: %s"), why);
		memset(&d, 0, sizeof(d));
		d.severity = KAIGO_SEV_ERROR;
		d.file = in->name;
		d.byte_offset = in->offset;
		d.rule = "io.read";
		d.message = msg;
		d.translated = tr;
		kaigo_diag_emit(sink, &d);
		return -1;
	}
	in->offset += r;
	if (in->remaining > 0)
		in->remaining = r == 0 ? 0 : in->remaining - r;
	if (r == 0 && in->remaining == 0 && in->post_at < in->post_len)
		return (long)serve(in->post, in->post_len, &in->post_at, buf, n);
	return (long)r;
}

void kaigo_input_close(struct kaigo_input *in)
{
	if (in->fd > 0)
		close(in->fd);
	in->fd = -1;
}

int kaigo_lines_init(struct kaigo_lines *lr, struct kaigo_input *in, size_t max_line)
{
	memset(lr, 0, sizeof(*lr));
	lr->in = in;
	lr->max_line = max_line ? max_line : 8u * 1024 * 1024;
	lr->cap = BLOCK;
	lr->buf = malloc(lr->cap);
	return lr->buf ? 0 : -1;
}

/* Read more input after the unread bytes; grows the buffer up to max_line. */
static int fill(struct kaigo_lines *lr, struct kaigo_diag_sink *sink)
{
	long r;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	if (lr->end == lr->cap) {
		size_t ncap = lr->cap * 2;
		char *p;

		if (ncap > lr->max_line + BLOCK)
			ncap = lr->max_line + BLOCK;
		if (ncap <= lr->cap)
			return 0; /* full: caller splits the line */
		p = realloc(lr->buf, ncap);
		if (!p)
			return -1;
		lr->buf = p;
		lr->cap = ncap;
	}
	r = kaigo_input_read(lr->in, lr->buf + lr->end, lr->cap - lr->end, sink);
	if (r < 0)
		return -1;
	if (r == 0)
		lr->eof = 1;
	lr->end += (size_t)r;
	return 0;
}

int kaigo_lines_next(struct kaigo_lines *lr, struct kaigo_line *line, struct kaigo_diag_sink *sink)
{
	size_t scanned = 0;

	for (;;) {
		size_t avail = lr->end - lr->start;
		const char *s = lr->buf + lr->start;
		const char *nl = avail > scanned ? memchr(s + scanned, '\n', avail - scanned) : NULL;
		size_t len;
		int partial = 0;

		if (nl && (size_t)(nl - s) + 1 <= lr->max_line) {
			len = (size_t)(nl - s) + 1;
		} else if (nl || avail >= lr->max_line) {
			len = lr->max_line;
			partial = 1;
		} else if (lr->eof) {
			if (avail == 0)
				return 0;
			len = avail;
		} else {
			scanned = avail;
			if (fill(lr, sink) < 0)
				return -1;
			continue;
		}
		line->data = s;
		line->len = len;
		line->continued = lr->in_partial;
		if (!lr->in_partial)
			lr->number++;
		line->number = lr->number;
		line->offset = lr->offset;
		line->partial = partial;
		lr->in_partial = partial;
		lr->start += len;
		lr->offset += (long long)len;
		return 1;
	}
}

void kaigo_lines_release(struct kaigo_lines *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

static int output_open(struct kaigo_output *out, const char *path, int made, struct kaigo_diag_sink *sink);

int kaigo_output_open(struct kaigo_output *out, const char *path, struct kaigo_diag_sink *sink)
{
	return output_open(out, path, 0, sink);
}

int kaigo_output_open_made(struct kaigo_output *out, const char *path, struct kaigo_diag_sink *sink)
{
	return output_open(out, path, 1, sink);
}

/* What a non-regular file is, for the refusal. */
static const char *file_kind(mode_t m)
{
	return S_ISLNK(m) ? "a symbolic link" : S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory"
	       : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

static int output_open(struct kaigo_output *out, const char *path, int made, struct kaigo_diag_sink *sink)
{
	memset(out, 0, sizeof(*out));
	out->name = display(path);
	out->cap = BLOCK;
	out->buf = malloc(out->cap);
	if (!out->buf) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write", "out of memory");
		return -1;
	}
	if (strcmp(out->name, "-") == 0 && !made) {
		out->fd = 1;
		return 0;
	}
	if (made) {
		struct stat st;

		/* lstat: the name itself, never what a link planted there points to */
		if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open",
					  "refusing to write '%s': it is %s, and kaigo writes only regular "
					  "files under names it makes (name the path with -o to write there)",
					  path, file_kind(st.st_mode));
			free(out->buf);
			out->buf = NULL;
			out->fd = -1;
			return -1;
		}
	} else {
		struct stat st;

		/* a FIFO or a device cannot be replaced atomically, and must not be
		   replaced at all: write into it as it is */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			out->fd = open(path, O_WRONLY | O_CLOEXEC);
			if (out->fd < 0) {
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open",
						  "cannot open '%s': %s", path, kaigo_diag_strerror(errno));
				free(out->buf);
				out->buf = NULL;
				return -1;
			}
			return 0;
		}
	}
	{
		const char *slash = strrchr(path, '/');
		size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
		size_t n = strlen(path) + 16;
		mode_t mask;

		out->tmp_path = malloc(n);
		if (!out->tmp_path) {
			free(out->buf);
			out->buf = NULL;
			return -1;
		}
		snprintf(out->tmp_path, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
		out->fd = mkstemp(out->tmp_path);
		if (out->fd < 0) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open",
					  "cannot create '%s': %s", path, kaigo_diag_strerror(errno));
			free(out->tmp_path);
			out->tmp_path = NULL;
			free(out->buf);
			out->buf = NULL;
			return -1;
		}
		/* mkstemp makes 0600; give the file the mode a plain create would */
		mask = umask(0);
		umask(mask);
		fchmod(out->fd, 0666 & ~mask);
	}
	return 0;
}

static int flush(struct kaigo_output *out, struct kaigo_diag_sink *sink)
{
	size_t done = 0;

	while (done < out->len) {
		ssize_t w = write(out->fd, out->buf + done, out->len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			out->failed = 1;
			if (errno == EPIPE && !out->tmp_path)
				out->epipe = 1;
			else if (out->tmp_path || strcmp(out->name, "-") != 0) /* a file, or a device or FIFO by name */
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write",
						  "cannot write '%s': %s", out->name, kaigo_diag_strerror(errno));
			else
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, "<stdout>", 0, 0, "io.write",
						  "cannot write standard output: %s", kaigo_diag_strerror(errno));
			out->len = 0;
			return -1;
		}
		done += (size_t)w;
	}
	out->len = 0;
	return 0;
}

int kaigo_output_write(struct kaigo_output *out, const void *p, size_t n, struct kaigo_diag_sink *sink)
{
	if (out->failed)
		return -1;
	if (out->len + n > out->cap) {
		if (flush(out, sink) < 0)
			return -1;
		if (n >= out->cap) {
			const char *s = p;
			size_t done = 0;

			while (done < n) {
				size_t chunk = n - done < out->cap ? n - done : out->cap;

				memcpy(out->buf, s + done, chunk);
				out->len = chunk;
				if (flush(out, sink) < 0)
					return -1;
				done += chunk;
			}
			return 0;
		}
	}
	memcpy(out->buf + out->len, p, n);
	out->len += n;
	return 0;
}

int kaigo_output_finish(struct kaigo_output *out, struct kaigo_diag_sink *sink)
{
	int rc;

	if (!out->tmp_path)
		return kaigo_output_commit(out, sink);
	if (out->fd < 0)
		return out->failed ? -1 : 0;
	rc = out->failed ? -1 : flush(out, sink);
	if (rc == 0 && fsync(out->fd) < 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write",
				  "cannot write '%s': %s", out->name, kaigo_diag_strerror(errno));
		rc = -1;
	}
	if (close(out->fd) < 0 && rc == 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write",
				  "cannot write '%s': %s", out->name, kaigo_diag_strerror(errno));
		rc = -1;
	}
	out->fd = -1;
	free(out->buf);
	out->buf = NULL;
	if (rc < 0) {
		out->failed = 1;
		unlink(out->tmp_path);
		free(out->tmp_path);
		out->tmp_path = NULL;
	}
	return rc;
}

int kaigo_output_commit(struct kaigo_output *out, struct kaigo_diag_sink *sink)
{
	int rc = 0;

	if (out->tmp_path && out->fd >= 0 && kaigo_output_finish(out, sink) < 0)
		return -1;
	if (out->tmp_path) {
		/* finished: only the rename is left */
		if (out->failed || rename(out->tmp_path, out->name) < 0) {
			if (!out->failed)
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write",
						  "cannot rename into '%s': %s", out->name, kaigo_diag_strerror(errno));
			unlink(out->tmp_path);
			rc = -1;
			out->failed = 1;
		}
		free(out->tmp_path);
		out->tmp_path = NULL;
		return rc;
	}
	if (out->fd < 0)
		return out->failed ? -1 : 0;
	if (!out->failed)
		rc = flush(out, sink);
	else
		rc = -1;
	if (out->fd != 1) {
		if (close(out->fd) < 0 && rc == 0) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, out->name, 0, 0, "io.write",
					  "cannot write '%s': %s", out->name, kaigo_diag_strerror(errno));
			rc = -1;
		}
		out->fd = -1;
	} else {
		out->fd = -1; /* standard output is closed by the tool at exit */
	}
	free(out->buf);
	out->buf = NULL;
	if (rc < 0)
		out->failed = 1;
	return rc;
}

void kaigo_output_abort(struct kaigo_output *out)
{
	/* standard output cannot be taken back: write what was produced, so the
	   amount a reader sees does not depend on the buffer size */
	if (!out->tmp_path && out->fd >= 0 && !out->failed)
		flush(out, NULL);
	if (!out->tmp_path && out->fd > 1)
		close(out->fd);
	if (out->tmp_path) {
		if (out->fd >= 0)
			close(out->fd);
		unlink(out->tmp_path);
		free(out->tmp_path);
		out->tmp_path = NULL;
	}
	out->fd = -1;
	free(out->buf);
	out->buf = NULL;
}

int kaigo_dir_make(const char *path, unsigned *made, struct kaigo_diag_sink *sink)
{
	size_t n = strlen(path), i;
	char *buf = malloc(n + 1);
	struct stat st;

	*made = 0;
	if (!buf)
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i - 1] == '/')
			continue; /* "a//b", or a trailing slash */
		buf[i] = '\0';
		if (mkdir(buf, 0777) == 0) {
			(*made)++;
		} else if (errno != EEXIST || stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "io.open", "cannot make directory "
					  "'%s': %s", buf, errno == EEXIST ? "it exists and is not a directory"
					  : kaigo_diag_strerror(errno));
			/* take back what was made, from the failing one's parent up */
			while (i > 0 && buf[i - 1] != '/')
				i--;
			buf[i > 0 ? i - 1 : 0] = '\0';
			kaigo_dir_unmake(buf, *made);
			*made = 0;
			free(buf);
			return -1;
		}
		if (i < n)
			buf[i] = '/';
	}
	free(buf);
	return 0;
}

void kaigo_dir_unmake(const char *path, unsigned made)
{
	size_t n = strlen(path);
	char *buf = malloc(n + 1);

	if (!buf)
		return;
	memcpy(buf, path, n + 1);
	while (made-- > 0) {
		while (n > 1 && buf[n - 1] == '/')
			buf[--n] = '\0';
		if (rmdir(buf) != 0)
			break;
		while (n > 0 && buf[n - 1] != '/')
			buf[--n] = '\0';
	}
	free(buf);
}
