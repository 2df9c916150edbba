/*
 * split_ref.h - the record-boundary scan of lib/split.c as it was before
 * its block-at-a-time rewrite (memchr per tag, a byte loop over each start
 * tag), kept unchanged as the reference the new scan must agree with, plan
 * for plan.  Used by tests/unit/check_split.c and fuzz/fuzz_split.c; the
 * only change is that it reads a buffer instead of a mapped file.
 */
#ifndef KAIGO_SPLIT_REF_H
#define KAIGO_SPLIT_REF_H

#include <string.h>

#include "kaigo/split.h"

static const char *ref_find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	while (p + n <= end) {
		const char *q = memchr(p, needle[0], (size_t)(end - p));

		if (!q || q + n > end)
			return NULL;
		if (memcmp(q, needle, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* End of a start tag beginning at p ('<'): the '>' outside quotes. */
static const char *ref_tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (p++; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p;
		}
	}
	return NULL;
}

static void ref_position(const char *base, const char *at, unsigned long *line, unsigned long *col)
{
	const char *p = base, *bol = base, *nl;
	unsigned long l = 1, c = 1;

	if (!memchr(p, '\r', (size_t)(at - p))) {
		while ((nl = memchr(p, '\n', (size_t)(at - p)))) {
			l++;
			p = bol = nl + 1;
		}
	} else {
		for (nl = p; nl < at; nl++) {
			if (*nl == '\n' || (*nl == '\r' && (nl + 1 >= at || nl[1] != '\n'))) {
				l++;
				bol = nl + 1;
			}
		}
	}
	for (p = bol; p < at; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

static size_t ref_split_plan_mem(const char *base, size_t size, size_t n, long long min_part,
				 struct kaigo_split_plan *plan)
{
	const char *p, *end = base + size;
	int depth = 0;
	unsigned long records = 0;
	size_t k = 1;
	long long st_size = (long long)size;

	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	if (n > KAIGO_SPLIT_MAX)
		n = KAIGO_SPLIT_MAX;
	if (st_size < 2 * min_part || n < 2 || size == 0)
		return 1;
	plan->size = st_size;
	plan->parts[0].start = 0;
	for (p = base; p < end;) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *e;

		if (!lt)
			break;
		if (lt + 4 <= end && !memcmp(lt, "<!--", 4)) {
			e = ref_find(lt + 4, end, "-->");
			if (!e)
				goto give_up;
			p = e + 3;
		} else if (lt + 9 <= end && !memcmp(lt, "<![CDATA[", 9)) {
			e = ref_find(lt + 9, end, "]]>");
			if (!e)
				goto give_up;
			p = e + 3;
		} else if (lt + 2 <= end && lt[1] == '?') {
			e = ref_find(lt + 2, end, "?>");
			if (!e)
				goto give_up;
			p = e + 2;
		} else if (lt + 2 <= end && lt[1] == '!') {
			goto give_up;
		} else if (lt + 2 <= end && lt[1] == '/') {
			depth--;
			if (depth == 0)
				break;
			e = memchr(lt, '>', (size_t)(end - lt));
			if (!e)
				goto give_up;
			p = e + 1;
		} else {
			int empty;

			e = ref_tag_end(lt, end);
			if (!e)
				goto give_up;
			empty = e[-1] == '/';
			if (depth == 0) {
				size_t len = strcspn(lt + 1, " \t\r\n/>");

				if (empty || len == 0 || len >= sizeof(plan->root))
					goto give_up;
				memcpy(plan->root, lt + 1, len);
				plan->root[len] = '\0';
				plan->prefix_end = e + 1 - base;
			} else if (depth == 1) {
				if (k < n && lt - base >= (long long)(st_size * (long long)k / (long long)n) &&
				    lt - base - plan->parts[k - 1].start >= min_part) {
					plan->parts[k - 1].end = lt - base;
					plan->parts[k].start = lt - base;
					plan->parts[k].records_before = records;
					if (++k == n)
						break;
				}
				records++;
			}
			if (!empty)
				depth++;
			p = e + 1;
		}
	}
	if (k < 2 || (k < n && depth != 0))
		goto give_up;
	plan->parts[k - 1].end = st_size;
	plan->nparts = k;
	ref_position(base, base + plan->prefix_end, &plan->prefix_line, &plan->prefix_col);
	for (k = 0; k < plan->nparts; k++)
		ref_position(base, base + plan->parts[k].start, &plan->line[k], &plan->col[k]);
	return plan->nparts;
give_up:
	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	return 1;
}

/* 1 when the two plans say the same (every field the workers read). */
static int ref_plans_equal(const struct kaigo_split_plan *a, const struct kaigo_split_plan *b)
{
	size_t k;

	if (a->nparts != b->nparts || a->size != b->size || a->prefix_end != b->prefix_end ||
	    a->prefix_line != b->prefix_line || a->prefix_col != b->prefix_col || strcmp(a->root, b->root) != 0)
		return 0;
	for (k = 0; k < a->nparts; k++)
		if (a->parts[k].start != b->parts[k].start || a->parts[k].end != b->parts[k].end ||
		    a->parts[k].records_before != b->parts[k].records_before || a->line[k] != b->line[k] ||
		    a->col[k] != b->col[k])
			return 0;
	return 1;
}

#endif
