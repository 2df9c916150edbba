/*
 * split.c - record-boundary splitting of one XML file (see split.h).
 *
 * The scan is deliberately small: it is not a parser and does not check
 * well-formedness (each worker's libxml2 does that); it only needs to know
 * where the depth-1 start tags are.  Anything it does not understand (a
 * DOCTYPE, an unterminated construct) makes it give up and say "one part".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaigo/split.h"

static const char *find(const char *p, const char *end, const char *needle)
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
static const char *tag_end(const char *p, const char *end)
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

static void position(const char *base, const char *at, unsigned long *line, unsigned long *col)
{
	const char *p = base, *bol = base, *nl;
	unsigned long l = 1, c = 1;

	/* a line ends at LF, CR LF or a bare CR, as XML says (and as
	   kaigo-validate feeds the parser: a bare CR becomes LF) */
	if (!memchr(p, '\r', (size_t)(at - p))) {
		/* no CR: count the LFs, memchr's speed (a part starts tens of MiB in) */
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

size_t kaigo_split_plan(const char *path, size_t n, long long min_part, struct kaigo_split_plan *plan)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const char *base, *p, *end, *last_pos = NULL;
	int depth = 0;
	unsigned long records = 0;
	size_t k = 1;
	void *map;

	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	if (n > KAIGO_SPLIT_MAX)
		n = KAIGO_SPLIT_MAX;
	if (fd < 0)
		return 1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 2 * min_part || n < 2) {
		close(fd);
		return 1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 1;
	base = map;
	end = base + st.st_size;
	plan->size = st.st_size;
	plan->parts[0].start = 0;
	for (p = base; p < end;) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *e;

		if (!lt)
			break;
		if (lt + 4 <= end && !memcmp(lt, "<!--", 4)) {
			e = find(lt + 4, end, "-->");
			if (!e)
				goto give_up;
			p = e + 3;
		} else if (lt + 9 <= end && !memcmp(lt, "<![CDATA[", 9)) {
			e = find(lt + 9, end, "]]>");
			if (!e)
				goto give_up;
			p = e + 3;
		} else if (lt + 2 <= end && lt[1] == '?') {
			e = find(lt + 2, end, "?>");
			if (!e)
				goto give_up;
			p = e + 2;
		} else if (lt + 2 <= end && lt[1] == '!') {
			goto give_up; /* a DOCTYPE: the validator refuses the file anyway */
		} else if (lt + 2 <= end && lt[1] == '/') {
			depth--;
			if (depth == 0)
				break; /* the root ends */
			e = memchr(lt, '>', (size_t)(end - lt));
			if (!e)
				goto give_up;
			p = e + 1;
		} else {
			int empty;

			e = tag_end(lt, end);
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
				/* a record: a part boundary once past the next target */
				if (k < n && lt - base >= (long long)(st.st_size * (long long)k / (long long)n) &&
				    lt - base - plan->parts[k - 1].start >= min_part) {
					plan->parts[k - 1].end = lt - base;
					plan->parts[k].start = lt - base;
					plan->parts[k].records_before = records;
					if (++k == n)
						break; /* the last part's worker reads the rest */
				}
				records++;
				last_pos = lt;
			}
			if (!empty)
				depth++;
			p = e + 1;
		}
	}
	(void)last_pos;
	if (k < 2 || (k < n && depth != 0))
		goto give_up;
	plan->parts[k - 1].end = st.st_size;
	plan->nparts = k;
	position(base, base + plan->prefix_end, &plan->prefix_line, &plan->prefix_col);
	for (k = 0; k < plan->nparts; k++)
		position(base, base + plan->parts[k].start, &plan->line[k], &plan->col[k]);
	munmap(map, (size_t)st.st_size);
	return plan->nparts;
give_up:
	munmap(map, (size_t)st.st_size);
	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	return 1;
}

char *kaigo_split_prelude(const char *path, const struct kaigo_split_plan *plan, size_t k, size_t *len)
{
	unsigned long nl, sp, i;
	char *buf;
	size_t at;
	int fd;

	*len = 0;
	if (k == 0)
		return calloc(1, 1);
	if (plan->line[k] > plan->prefix_line) {
		nl = plan->line[k] - plan->prefix_line;
		sp = plan->col[k] - 1;
	} else {
		nl = 0;
		sp = plan->col[k] - plan->prefix_col;
	}
	buf = malloc((size_t)plan->prefix_end + nl + sp + 1);
	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, buf, (size_t)plan->prefix_end, 0) != plan->prefix_end) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	close(fd);
	at = (size_t)plan->prefix_end;
	for (i = 0; i < nl; i++)
		buf[at++] = '\n';
	for (i = 0; i < sp; i++)
		buf[at++] = ' ';
	*len = at;
	return buf;
}

char *kaigo_split_postlude(const struct kaigo_split_plan *plan, size_t k, size_t *len)
{
	char *buf;

	*len = 0;
	if (k + 1 >= plan->nparts)
		return calloc(1, 1);
	buf = malloc(strlen(plan->root) + 4);
	if (!buf)
		return NULL;
	*len = (size_t)sprintf(buf, "</%s>", plan->root);
	return buf;
}
