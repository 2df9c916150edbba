/*
 * split.c - record-boundary splitting of one XML file (see split.h).
 *
 * The scan is deliberately small: it is not a parser and does not check
 * well-formedness (each worker's libxml2 does that); it only needs to know
 * where the depth-1 start tags are.  Anything it does not understand (a
 * DOCTYPE, an unterminated construct) makes it give up and say "one part".
 *
 * The scan runs before any worker starts, so its speed is the serial part
 * of every -j run.  It reads the file once, in 64-byte blocks: each block
 * is classified into bit masks, one bit per byte that is '<', '>' or a
 * quote, and a count of its line ends (SSE2 on x86-64, where SSE2 is
 * always there, or AVX2 where the CPU has it; a byte loop elsewhere).
 * Most tags are then handled by bit arithmetic on the masks (the fast path
 * below); the rest - records, the root, tags with quotes, comments, CDATA
 * sections, PIs - by the plain byte-at-a-time code the scan always had
 * (the slow path).  The line counts give each cut its line without a
 * second pass over the file, whatever its line ends.
 * tests/unit/check_split.c keeps the scanner this replaced as a reference
 * and compares the plans.
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
/* AVX2 where the CPU has it (checked at run time), halves the classifying */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(KAIGO_SPLIT_NO_AVX2)
#include <immintrin.h>
#define USE_AVX2 1
#endif
#endif

#include "kaigo/split.h"

/*
 * Lines are counted as XML ends them (and as kaigo-validate feeds the
 * parser: a bare CR becomes LF): at LF, CR LF or a bare CR.  Counted
 * block by block, a line end is each CR, and each LF that does not come
 * right after a CR; a CR LF pair then counts once whichever block it
 * falls in, and a CR just before a cut counts as the line end it is.
 */

/* One 64-byte block of the document: bit i stands for its byte i. */
struct block {
	uint64_t lt;   /* '<' */
	uint64_t gt;   /* '>' */
	uint64_t qt;   /* '"' or '\'' */
	unsigned nl;   /* line ends in the block */
};

/*
 * Two blocks in a row, the one the fast path works in and the next (a tag
 * may end there), and the line ends before them: what the scan knows of
 * the file at any time.
 */
struct window {
	const unsigned char *buf; /* the document */
	size_t len;               /* its size */
	size_t blk;               /* offset of b[0]; b[1] is at blk + 64 */
	struct block b[2];        /* all zero past the end */
	unsigned long nl;         /* line ends in [0, blk) */
	int avx2;                 /* whether to classify with AVX2 */
};

/* The bits above bit i, and those below it (i from 0 to 63). */
static inline uint64_t after(unsigned i)
{
	return ~(uint64_t)1 << i;
}

static inline uint64_t below(unsigned i)
{
	return ((uint64_t)1 << i) - 1;
}

/* Line ends in buf[from..to), byte at a time (a short stretch). */
static unsigned long line_ends(const unsigned char *buf, size_t from, size_t to)
{
	unsigned long n = 0;
	size_t j;

	for (j = from; j < to; j++)
		n += buf[j] == '\r' || (buf[j] == '\n' && (j == 0 || buf[j - 1] != '\r'));
	return n;
}

/*
 * Line ends of a block from its LF and CR masks; cr_before: the byte
 * before the block is a CR.
 */
static inline unsigned block_lines(uint64_t lf, uint64_t cr, int cr_before)
{
	return (unsigned)(__builtin_popcountll(cr) + __builtin_popcountll(lf & ~(cr << 1 | (uint64_t)cr_before)));
}

#ifdef USE_SSE2
/* One bit per byte of the 64 that the compares a..d (16 each) set to all ones. */
static inline uint64_t bits(__m128i a, __m128i b, __m128i c, __m128i d)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(a) | (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
	       (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48;
}

#define EQ(v, ch) _mm_cmpeq_epi8((v), _mm_set1_epi8(ch))
#define QT(v) _mm_or_si128(EQ(v, '"'), EQ(v, '\''))
#endif

#ifdef USE_AVX2
#define EQ32(v, ch) _mm256_cmpeq_epi8((v), _mm256_set1_epi8(ch))
#define BITS32(a, b) ((uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32)

/* classify() with AVX2 (and POPCNT, which every AVX2 CPU has) */
__attribute__((target("avx2,popcnt"))) static void classify_avx2(const unsigned char *p, int cr_before,
								 struct block *b)
{
	const __m256i *v = (const __m256i *)(const void *)p;
	__m256i v0 = _mm256_loadu_si256(v), v1 = _mm256_loadu_si256(v + 1);
	uint64_t lf, cr;

	b->lt = BITS32(EQ32(v0, '<'), EQ32(v1, '<'));
	b->gt = BITS32(EQ32(v0, '>'), EQ32(v1, '>'));
	b->qt = BITS32(_mm256_or_si256(EQ32(v0, '"'), EQ32(v0, '\'')), _mm256_or_si256(EQ32(v1, '"'), EQ32(v1, '\'')));
	lf = BITS32(EQ32(v0, '\n'), EQ32(v1, '\n'));
	cr = _mm256_testz_si256(_mm256_or_si256(EQ32(v0, '\r'), EQ32(v1, '\r')), _mm256_set1_epi8(-1)) ?
		     0 : BITS32(EQ32(v0, '\r'), EQ32(v1, '\r'));
	/* LFs only, the usual case, or CRs about */
	b->nl = cr || cr_before ? block_lines(lf, cr, cr_before) : (unsigned)__builtin_popcountll(lf);
}
#endif

/* Classify the block at offset off of the window's document (bytes past the end are in no class). */
static void classify(const struct window *w, size_t off, struct block *b)
{
	const unsigned char *p = w->buf + off;
	unsigned char tail[64];
	int cr_before;

	if (off >= w->len) {
		memset(b, 0, sizeof(*b));
		return;
	}
	cr_before = off > 0 && p[-1] == '\r';
	if (w->len - off < 64) {
		/* the last, short block: NUL is in no class */
		memset(tail, 0, sizeof(tail));
		memcpy(tail, p, w->len - off);
		p = tail;
	}
#ifdef USE_AVX2
	if (w->avx2) {
		classify_avx2(p, cr_before, b);
		return;
	}
#endif
#ifdef USE_SSE2
	{
		const __m128i *v = (const __m128i *)(const void *)p;
		__m128i v0 = _mm_loadu_si128(v), v1 = _mm_loadu_si128(v + 1);
		__m128i v2 = _mm_loadu_si128(v + 2), v3 = _mm_loadu_si128(v + 3);
		__m128i lf, cr;

		b->lt = bits(EQ(v0, '<'), EQ(v1, '<'), EQ(v2, '<'), EQ(v3, '<'));
		b->gt = bits(EQ(v0, '>'), EQ(v1, '>'), EQ(v2, '>'), EQ(v3, '>'));
		b->qt = bits(QT(v0), QT(v1), QT(v2), QT(v3));
		cr = _mm_or_si128(_mm_or_si128(EQ(v0, '\r'), EQ(v1, '\r')), _mm_or_si128(EQ(v2, '\r'), EQ(v3, '\r')));
		if (_mm_movemask_epi8(cr) || cr_before) {
			/* CRs about: from the masks (no POPCNT in SSE2, but seldom) */
			b->nl = block_lines(bits(EQ(v0, '\n'), EQ(v1, '\n'), EQ(v2, '\n'), EQ(v3, '\n')),
					    bits(EQ(v0, '\r'), EQ(v1, '\r'), EQ(v2, '\r'), EQ(v3, '\r')), cr_before);
		} else {
			/* LFs only: a compare is -1 per LF, minus the sum counts them */
			lf = _mm_add_epi8(_mm_add_epi8(EQ(v0, '\n'), EQ(v1, '\n')),
					  _mm_add_epi8(EQ(v2, '\n'), EQ(v3, '\n')));
			lf = _mm_sad_epu8(_mm_sub_epi8(_mm_setzero_si128(), lf), _mm_setzero_si128());
			b->nl = (unsigned)_mm_cvtsi128_si32(lf) + (unsigned)_mm_extract_epi16(lf, 4);
		}
	}
#else
	{
		int i, prev_cr = cr_before;

		memset(b, 0, sizeof(*b));
		for (i = 0; i < 64; i++) {
			b->lt |= (uint64_t)(p[i] == '<') << i;
			b->gt |= (uint64_t)(p[i] == '>') << i;
			b->qt |= (uint64_t)(p[i] == '"' || p[i] == '\'') << i;
			b->nl += p[i] == '\r' || (p[i] == '\n' && !prev_cr);
			prev_cr = p[i] == '\r';
		}
	}
#endif
}

/* Line ends in [from, to) of the window's document, from a multiple of 64. */
static unsigned long lines_between(const struct window *w, size_t from, size_t to)
{
	struct block b;
	unsigned long n = 0;

	for (; to - from >= 64; from += 64) {
		classify(w, from, &b);
		n += b.nl;
	}
	return n + line_ends(w->buf, from, to);
}

/* The usual step: the window moves on by one block, the next is classified. */
static inline void window_next(struct window *w)
{
	w->nl += w->b[0].nl;
	w->b[0] = w->b[1];
	w->blk += 64;
	classify(w, w->blk + 64, &w->b[1]);
}

/* Move the window (forward) so that its first block holds offset pos. */
static void window_to(struct window *w, size_t pos)
{
	size_t blk = pos & ~(size_t)63;

	if (blk == w->blk)
		return;
	if (blk == w->blk + 64) {
		window_next(w);
		return;
	}
	/* after a long comment, say: count the line ends skipped over */
	w->nl += w->b[0].nl + w->b[1].nl + lines_between(w, w->blk + 128, blk);
	w->blk = blk;
	classify(w, blk, &w->b[0]);
	classify(w, blk + 64, &w->b[1]);
}

/* Line and column (characters) of offset at, given the line ends before it. */
static void position(const unsigned char *base, size_t at, unsigned long nl, unsigned long *line,
		     unsigned long *col)
{
	const unsigned char *p;
	unsigned long c = 1;

	/* the line starts after the last CR or LF */
	for (p = base + at; p > base && p[-1] != '\n' && p[-1] != '\r'; p--)
		;
	for (; p < base + at; p++)
		if ((*p & 0xC0) != 0x80)
			c++;
	*line = 1 + nl;
	*col = c;
}

/* The same for an offset in the window's first block (a record's '<'). */
static void window_position(const struct window *w, size_t at, unsigned long *line, unsigned long *col)
{
	position(w->buf, at, w->nl + line_ends(w->buf, w->blk, at), line, col);
}

/* The slow path's helpers, byte at a time. */

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

size_t kaigo_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part, struct kaigo_split_plan *plan)
{
	const char *base = doc, *end = doc + size, *lt, *e;
	const unsigned char *p;
	struct window w;
	uint64_t from = ~(uint64_t)0; /* the bits of w.b[0] still to look at */
	int depth = 0;
	unsigned long records = 0;
	long long cut; /* where part k may start at the earliest */
	size_t k = 1;

	memset(plan, 0, sizeof(*plan));
	plan->nparts = 1;
	if (n > KAIGO_SPLIT_MAX)
		n = KAIGO_SPLIT_MAX;
	if ((long long)size < 2 * min_part || n < 2)
		return 1;
	plan->size = (long long)size;
	cut = plan->size * (long long)k / (long long)n;
	memset(&w, 0, sizeof(w));
	w.buf = (const unsigned char *)doc;
	w.len = size;
#ifdef USE_AVX2
	w.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#endif
	classify(&w, 0, &w.b[0]);
	classify(&w, 64, &w.b[1]);
	for (;;) {
		const struct block *b0 = &w.b[0], *b1 = &w.b[1];
		uint64_t m = b0->lt & from, lo, g, q;
		unsigned i = 0, gb, gi;
		int c, end_tag, empty;

		/*
		 * The fast path: a tag deeper than the records, that is not a
		 * comment, CDATA section or PI and holds no quote, ends at the
		 * first '>' after its '<' (in this block or the next) and only
		 * moves the depth: -1 for an end tag, +1 for a start tag, 0 for
		 * an empty-element tag.  Written so that the compiler can use
		 * conditional moves: which kind of tag it is, and whether it
		 * ends in the next block, are not predictable.
		 */
		p = w.buf + w.blk;
		from = ~(uint64_t)0;
		while (m) {
			i = (unsigned)__builtin_ctzll(m);
			lo = b0->gt & after(i);
			g = lo ? lo : b1->gt;
			if (!g)
				break; /* a long tag */
			gb = (unsigned)__builtin_ctzll(g);
			gi = lo ? gb : 64 + gb; /* the '>', from the block's start */
			q = (b0->qt & after(i) & (lo ? below(gb) : ~(uint64_t)0)) | (lo ? 0 : b1->qt & below(gb));
			c = p[i + 1];
			if (q || depth <= 1 || c == '!' || c == '?')
				break;
			end_tag = c == '/';
			empty = p[gi - 1] == '/';
			depth += end_tag ? -1 : !empty;
			/* a tag ending in the next block ends this one's loop */
			m = lo ? b0->lt & after(gb) : 0;
			from = lo ? ~(uint64_t)0 : after(gb);
		}
		if (!m) {
			/* on to the next block, past the '>' of a tag ending there */
			if (w.blk + 64 >= size)
				break;
			window_next(&w);
			continue;
		}

		/* the slow path: one markup of any kind, at lt */
		lt = base + w.blk + i;
		if (lt + 4 <= end && !memcmp(lt, "<!--", 4)) {
			e = find(lt + 4, end, "-->");
			if (!e)
				goto give_up;
			e += 2;
		} else if (lt + 9 <= end && !memcmp(lt, "<![CDATA[", 9)) {
			e = find(lt + 9, end, "]]>");
			if (!e)
				goto give_up;
			e += 2;
		} else if (lt + 2 <= end && lt[1] == '?') {
			e = find(lt + 2, end, "?>");
			if (!e)
				goto give_up;
			e += 1;
		} else if (lt + 2 <= end && lt[1] == '!') {
			goto give_up; /* a DOCTYPE: the validator refuses the file anyway */
		} else if (lt + 2 <= end && lt[1] == '/') {
			depth--;
			if (depth == 0)
				break; /* the root ends */
			e = memchr(lt, '>', (size_t)(end - lt));
			if (!e)
				goto give_up;
		} else {
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
				if (k < n && lt - base >= cut && lt - base - plan->parts[k - 1].start >= min_part) {
					plan->parts[k - 1].end = lt - base;
					plan->parts[k].start = lt - base;
					plan->parts[k].records_before = records;
					window_position(&w, (size_t)(lt - base), &plan->line[k], &plan->col[k]);
					if (++k == n)
						break; /* the last part's worker reads the rest */
					cut = plan->size * (long long)k / (long long)n;
				}
				records++;
			}
			if (!empty)
				depth++;
		}
		/* e is the markup's last byte: go on after it */
		if ((size_t)(e + 1 - base) >= size)
			break;
		window_to(&w, (size_t)(e + 1 - base));
		from = ~(uint64_t)0 << ((size_t)(e + 1 - base) - w.blk);
	}
	if (k < 2 || (k < n && depth != 0))
		goto give_up;
	plan->parts[k - 1].end = plan->size;
	plan->nparts = k;
	plan->line[0] = plan->col[0] = 1; /* part 0 starts the file */
	position(w.buf, (size_t)plan->prefix_end, lines_between(&w, 0, (size_t)plan->prefix_end), &plan->prefix_line,
		 &plan->prefix_col);
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
