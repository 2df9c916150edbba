/*
 * buf.c - growable byte buffer (see include/kaigo/buf.h).
 *
 * Growth doubles the allocation so that appending n bytes one at a time
 * costs O(n) overall; the hot paths (normalization, CSV) call
 * kaigo_buf_grow once per line and then write into data directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"

int kaigo_buf_grow(struct kaigo_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 - b->len - 1)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int kaigo_buf_add_slow(struct kaigo_buf *b, const void *p, size_t n)
{
	if (kaigo_buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int kaigo_buf_vaddf(struct kaigo_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || kaigo_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int kaigo_buf_addf(struct kaigo_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kaigo_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void kaigo_buf_reset(struct kaigo_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void kaigo_buf_release(struct kaigo_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
