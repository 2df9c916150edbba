/*
 * buf.h - a growable byte buffer.
 *
 * Every module that builds output of unknown length (normalized text,
 * decoded lines, messages) appends to one of these instead of guessing a
 * size.  The buffer is always NUL-terminated after its len bytes so that
 * it can be handed to C string functions, but it may contain NUL bytes.
 */
#ifndef KAIGO_BUF_H
#define KAIGO_BUF_H

#include <stddef.h>
#include <stdarg.h>
#include <string.h>

struct kaigo_buf {
	char *data;  /* owned; NULL until the first append; data[len] == '\0' */
	size_t len;  /* bytes in use, not counting the terminating NUL */
	size_t cap;  /* bytes allocated */
};

#define KAIGO_BUF_INIT { NULL, 0, 0 }

/* Make room for at least extra more bytes.  Returns 0, or -1 when out of memory. */
int kaigo_buf_grow(struct kaigo_buf *b, size_t extra);
/* kaigo_buf_add when the buffer must grow first. */
int kaigo_buf_add_slow(struct kaigo_buf *b, const void *p, size_t n);

/*
 * Append n bytes.  Returns 0, or -1 when out of memory (b unchanged).
 * Inline when they fit: appends are a few bytes each, millions per run.
 */
static inline int kaigo_buf_add(struct kaigo_buf *b, const void *p, size_t n)
{
	if (b->data && n < b->cap - b->len) { /* n bytes and the NUL */
		if (n)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	return kaigo_buf_add_slow(b, p, n);
}

/* Append one byte. */
static inline int kaigo_buf_addch(struct kaigo_buf *b, char c)
{
	if (b->data && b->cap - b->len > 1) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return kaigo_buf_add_slow(b, &c, 1);
}
/* Append printf-formatted text. */
int kaigo_buf_addf(struct kaigo_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kaigo_buf_vaddf(struct kaigo_buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keep the allocation. */
void kaigo_buf_reset(struct kaigo_buf *b);
/* Free the allocation; b is KAIGO_BUF_INIT afterwards. */
void kaigo_buf_release(struct kaigo_buf *b);

#endif
