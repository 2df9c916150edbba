/*
 * split.c - record-boundary splitting of one XML file (see split.h).
 *
 * The scan is deliberately small: it is not a parser and does not check
 * well-formedness (each worker's libxml2 does that); it only needs to know
 * where the depth-1 start tags are.  Anything it does not understand (a
 * DOCTYPE, an unterminated construct) makes it give up and say "one part".
 *
 * The scan runs before any worker starts, so its speed is the -j run's
 * serial part.  It reads the file in 64-byte blocks: for each block, four
 * 64-bit masks have one bit per byte that is '<', '>', '"' or '\'' (SSE2
 * compares on x86-64, where SSE2 is always there; a byte loop elsewhere).
 * The state machine then steps from one byte that matters to the next with
 * a count of trailing zeros, rather than a library call per tag and a byte
 * loop over every tag's attributes.  tests/unit/check_split.c keeps the
 * byte-at-a-time scanner this replaced and compares the plans.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__) && !defined(KAIGO_SPLIT_SCALAR)
#include <emmintrin.h>
#define USE_SSE2 1
#endif

#include "kaigo/split.h"

/* the byte classes the scan steps between (bits of a class set) */
enum { LT = 1, GT = 2, DQ = 4, SQ = 8 };

#define NONE SIZE_MAX /* no such byte before the end */

struct scan {
	const unsigned char *buf; /* the whole document */
	size_t len;               /* its length */
	size_t blk;               /* offset of the block the masks are of (NONE: none yet) */
	uint64_t lt, gt, dq, sq;  /* bit i: byte blk + i is '<', '>', '"', '\'' */
};

/* Fill the masks for the 64-byte block at offset blk (bytes past the end count as none). */
static void load(struct scan *s, size_t blk)
{
	const unsigned char *p = s->buf + blk;
	unsigned char tail[64];

	if (s->len - blk < 64) {
		/* the last, short block: NUL is in no class */
		memset(tail, 0, sizeof(tail));
		memcpy(tail, p, s->len - blk);
		p = tail;
	}
	s->blk = blk;
#ifdef USE_SSE2
	{
		const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
		const __m128i dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
		uint64_t mlt = 0, mgt = 0, mdq = 0, msq = 0;
		int i;

		for (i = 0; i < 4; i++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));

			mlt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lt)) << (16 * i);
			mgt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, gt)) << (16 * i);
			mdq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dq)) << (16 * i);
			msq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sq)) << (16 * i);
		}
		s->lt = mlt;
		s->gt = mgt;
		s->dq = mdq;
		s->sq = msq;
	}
#else
	{
		int i;

		s->lt = s->gt = s->dq = s->sq = 0;
		for (i = 0; i < 64; i++) {
			s->lt |= (uint64_t)(p[i] == '<') << i;
			s->gt |= (uint64_t)(p[i] == '>') << i;
			s->dq |= (uint64_t)(p[i] == '"') << i;
			s->sq |= (uint64_t)(p[i] == '\'') << i;
		}
	}
#endif
}

/* The bits at and above bit i (none when i is 64), and those below it. */
static inline uint64_t above(unsigned i)
{
	return i < 64 ? ~(uint64_t)0 << i : 0;
}

static inline uint64_t below(unsigned i)
{
	return ~above(i);
}

/* Offset of the first byte at or after pos in one of the classes cls, or NONE. */
static inline size_t next(struct scan *s, size_t pos, unsigned cls)
{
	while (pos < s->len) {
		size_t blk = pos & ~(size_t)63;
		uint64_t m = 0;

		if (blk != s->blk)
			load(s, blk);
		if (cls & LT)
			m |= s->lt;
		if (cls & GT)
			m |= s->gt;
		if (cls & DQ)
			m |= s->dq;
		if (cls & SQ)
			m |= s->sq;
		m &= above((unsigned)(pos & 63));
		if (m)
			return blk + (size_t)__builtin_ctzll(m);
		pos = blk + 64;
	}
	return NONE;
}

/*
 * The '>' of the first "<t>" at or after from, t being n bytes ("--" for a
 * comment, "]]" for CDATA, "?" for a PI), or NONE.
 */
static size_t close_gt(struct scan *s, size_t from, const char *t, size_t n)
{
	size_t q = from + n;

	while ((q = next(s, q, GT)) != NONE) {
		if (!memcmp(s->buf + q - n, t, n))
			return q;
		q++;
	}
	return NONE;
}

/*
 * The end of a comment, CDATA section or PI starting at lt ("<!" or "<?"):
 * the offset of its '>', NONE when it is unterminated or a "<!" of another
 * kind (a DOCTYPE: the validator refuses the file anyway).
 */
static size_t markup_end(struct scan *s, size_t lt)
{
	const unsigned char *p = s->buf + lt;
	size_t left = s->len - lt;

	if (p[1] == '?')
		return close_gt(s, lt + 2, "?", 1);
	if (left >= 4 && !memcmp(p, "<!--", 4))
		return close_gt(s, lt + 4, "--", 2);
	if (left >= 9 && !memcmp(p, "<![CDATA[", 9))
		return close_gt(s, lt + 9, "]]", 2);
	return NONE;
}

/*
 * The '>' of a tag whose first '>' or quote after its '<' is the quote at q:
 * an end tag ends at the next '>' whatever it holds (it has no attributes);
 * a start tag's '>' is the first one outside quoted attribute values.
 */
static size_t tag_end(struct scan *s, size_t q, int end_tag)
{
	if (end_tag)
		return next(s, q, GT);
	while (q != NONE && s->buf[q] != '>') {
		q = next(s, q + 1, s->buf[q] == '"' ? DQ : SQ);
		if (q != NONE)
			q = next(s, q + 1, GT | DQ | SQ);
	}
	return q;
}

/* Newlines (LF) in p[0..n), and whether there is a CR among the bytes. */
static unsigned long count_lf(const unsigned char *p, size_t n, int *cr)
{
	unsigned long lf = 0;
	size_t i = 0;

#ifdef USE_SSE2
	{
		const __m128i nl = _mm_set1_epi8('\n'), ret = _mm_set1_epi8('\r');
		__m128i anycr = _mm_setzero_si128();

		while (n - i >= 16) {
			/* per byte lane, up to 255 matches before the lanes are summed */
			__m128i acc = _mm_setzero_si128();
			int j;

			for (j = 0; j < 255 && n - i >= 16; j++, i += 16) {
				__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));

				acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
				anycr = _mm_or_si128(anycr, _mm_cmpeq_epi8(v, ret));
			}
			acc = _mm_sad_epu8(acc, _mm_setzero_si128());
			lf += (unsigned long)_mm_cvtsi128_si32(acc) + (unsigned long)_mm_extract_epi16(acc, 4);
		}
		*cr |= _mm_movemask_epi8(anycr) != 0;
	}
#endif
	for (; i < n; i++) {
		lf += p[i] == '\n';
		*cr |= p[i] == '\r';
	}
	return lf;
}

/* What position() has counted so far, so that ascending offsets cost one pass. */
struct lines {
	size_t at;        /* bytes counted: [0, at) */
	unsigned long lf; /* LFs among them */
	int cr;           /* whether a CR is among them */
};

/* Line and column (characters) of offset at; offsets come in ascending order. */
static void position(const char *doc, struct lines *ls, size_t at, unsigned long *line, unsigned long *col)
{
	const unsigned char *base = (const unsigned char *)doc, *p, *bol = base;
	unsigned long l = 1, c = 1;

	if (at < ls->at)
		memset(ls, 0, sizeof(*ls));
	ls->lf += count_lf(base + ls->at, at - ls->at, &ls->cr);
	ls->at = at;
	/* a line ends at LF, CR LF or a bare CR, as XML says (and as
	   kaigo-validate feeds the parser: a bare CR becomes LF) */
	if (!ls->cr) {
		l += ls->lf;
		for (p = base + at; p > base && p[-1] != '\n'; p--)
			;
		bol = p;
	} else {
		for (p = base; p < base + at; p++) {
			if (*p == '\n' || (*p == '\r' && (p + 1 >= base + at || p[1] != '\n'))) {
				l++;
				bol = p + 1;
			}
		}
	}
	for (p = bol; p < base + at; p++)
		if ((*p & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

size_t kaigo_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part, struct kaigo_split_plan *plan)
{
	struct scan s = { (const unsigned char *)doc, size, NONE, 0, 0, 0, 0 };
	struct lines ls = { 0, 0, 0 };
	const unsigned char *buf = s.buf;
	size_t pos = 0, lt, e, k = 1;
	long long cut; /* where part k may start at the earliest */
	unsigned long records = 0;
	int depth = 0;

	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	if (n > KAIGO_SPLIT_MAX)
		n = KAIGO_SPLIT_MAX;
	if ((long long)size < 2 * min_part || n < 2)
		return 1;
	plan->size = (long long)size;
	cut = plan->size * (long long)k / (long long)n;
	for (;;) {
		int c, end_tag, empty;

		/*
		 * The fast path: the tags that lie wholly inside pos's block,
		 * with no quote and deeper than the records.  Each such tag
		 * ends at the first '>' after its '<'; it only moves the depth.
		 */
		if (pos >= size)
			break;
		if ((pos & ~(size_t)63) != s.blk)
			load(&s, pos & ~(size_t)63);
		{
			uint64_t m = s.lt & above((unsigned)(pos & 63)), quote = s.dq | s.sq, g;
			const unsigned char *p = buf + s.blk;
			unsigned i, gi;

			while (m) {
				i = (unsigned)__builtin_ctzll(m);
				g = s.gt & above(i + 1);
				if (!g || depth <= 1)
					break;
				gi = (unsigned)__builtin_ctzll(g);
				c = p[i + 1];
				if ((quote & above(i + 1) & below(gi)) || c == '!' || c == '?')
					break;
				end_tag = c == '/';
				empty = p[gi - 1] == '/';
				depth += 1 - 2 * end_tag - (empty & !end_tag);
				m = s.lt & above(gi + 1);
			}
			if (!m) {
				pos = s.blk + 64; /* no '<' left in the block */
				continue;
			}
			lt = s.blk + (size_t)__builtin_ctzll(m);
		}

		/* the general path: one markup of any kind, at lt */
		if (lt + 1 == size)
			goto give_up; /* a '<' as the last byte */
		c = buf[lt + 1];
		if (c == '!' || c == '?') {
			e = markup_end(&s, lt);
			if (e == NONE)
				goto give_up;
			pos = e + 1;
			continue;
		}
		end_tag = c == '/';
		if (end_tag && --depth == 0)
			break; /* the root ends */
		e = next(&s, lt + 1, GT | DQ | SQ);
		if (e != NONE && buf[e] != '>')
			e = tag_end(&s, e, end_tag);
		if (e == NONE)
			goto give_up;
		pos = e + 1;
		if (end_tag)
			continue;
		empty = buf[e - 1] == '/';
		if (depth == 0) {
			/* the root */
			size_t len = strcspn((const char *)buf + lt + 1, " \t\r\n/>");

			if (empty || len == 0 || len >= sizeof(plan->root))
				goto give_up;
			memcpy(plan->root, buf + lt + 1, len);
			plan->root[len] = '\0';
			plan->prefix_end = (long long)e + 1;
		} else if (depth == 1) {
			/* a record: a part boundary once past the next target */
			if (k < n && (long long)lt >= cut && (long long)lt - plan->parts[k - 1].start >= min_part) {
				plan->parts[k - 1].end = (long long)lt;
				plan->parts[k].start = (long long)lt;
				plan->parts[k].records_before = records;
				if (++k == n)
					break; /* the last part's worker reads the rest */
				cut = plan->size * (long long)k / (long long)n;
			}
			records++;
		}
		if (!empty)
			depth++;
	}
	if (k < 2 || (k < n && depth != 0))
		goto give_up;
	plan->parts[k - 1].end = plan->size;
	plan->nparts = k;
	/* ascending: part 0 starts at 0, the others after the root start tag */
	position(doc, &ls, 0, &plan->line[0], &plan->col[0]);
	position(doc, &ls, (size_t)plan->prefix_end, &plan->prefix_line, &plan->prefix_col);
	for (k = 1; k < plan->nparts; k++)
		position(doc, &ls, (size_t)plan->parts[k].start, &plan->line[k], &plan->col[k]);
	return plan->nparts;
give_up:
	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	return 1;
}

size_t kaigo_split_plan(const char *path, size_t n, long long min_part, struct kaigo_split_plan *plan)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t parts;
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
	parts = kaigo_split_plan_mem(map, (size_t)st.st_size, n, min_part, plan);
	munmap(map, (size_t)st.st_size);
	return parts;
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
