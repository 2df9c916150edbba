/*
 * check_split.c - the split plan of kaigo-validate -j (lib/split.c).
 *
 * The scan was rewritten to step between the bytes that matter in 64-byte
 * blocks; it must give exactly the plans the byte-at-a-time scan before it
 * gave (split_ref.h): the same cuts, records before each, line and column,
 * and the same inputs refused.  Both are run on generated collections with
 * every construct the scan skips (comments, CDATA, PIs, quoted attribute
 * values holding '<' and '>'), line ends LF, CR LF and CR, multibyte text
 * before the cuts, at sizes that put every construct across a block edge;
 * on one small collection cut short at every byte; and on random bytes
 * changed to the characters the scan looks at.  The portable classifier
 * (split_scalar.c) and the SSE2 one (split_sse2.c) are held to the same
 * as the build's own (AVX2 where the CPU has it).  A few plans are also written out
 * by hand from the rules in split.h, so that the reference itself is held
 * to something.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaigo/split.h"
#include "split_ref.h"
#include "suites.h"

/* lib/split.c without SSE2 (split_scalar.c), and without AVX2 (split_sse2.c) */
size_t scalar_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part,
			     struct kaigo_split_plan *plan);
size_t scalar_split_plan(const char *path, size_t n, long long min_part, struct kaigo_split_plan *plan);
size_t sse2_split_plan_mem(const char *doc, size_t size, size_t n, long long min_part,
			   struct kaigo_split_plan *plan);

static struct kaigo_split_plan want, got, got_scalar, got_sse2;

/* The scans on doc[0..len) for n parts of min_part: 1 when they all agree. */
static int agree(const char *doc, size_t len, size_t n, long long min_part)
{
	ref_split_plan_mem(doc, len, n, min_part, &want);
	kaigo_split_plan_mem(doc, len, n, min_part, &got);
	scalar_split_plan_mem(doc, len, n, min_part, &got_scalar);
	sse2_split_plan_mem(doc, len, n, min_part, &got_sse2);
	return ref_plans_equal(&want, &got) && ref_plans_equal(&want, &got_scalar) &&
	       ref_plans_equal(&want, &got_sse2);
}

static void dump(const char *doc, size_t len, size_t n, long long min_part)
{
	FILE *f = fopen("check_split.failed.xml", "wb");

	if (f) {
		fwrite(doc, 1, len, f);
		fclose(f);
	}
	fprintf(stderr, "n %zu min_part %lld: reference %zu parts (first cut %lld), new %zu (%lld), scalar %zu (%lld),"
		" sse2 %zu (%lld); input in check_split.failed.xml\n",
		n, min_part, want.nparts, want.nparts > 1 ? want.parts[1].start : -1, got.nparts,
		got.nparts > 1 ? got.parts[1].start : -1, got_scalar.nparts,
		got_scalar.nparts > 1 ? got_scalar.parts[1].start : -1, got_sse2.nparts,
		got_sse2.nparts > 1 ? got_sse2.parts[1].start : -1);
}

/* xorshift64*: the same documents at every run */
static unsigned long long rng_state;

static unsigned rnd(unsigned below)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % below;
}

struct doc {
	char *b;
	size_t len, cap;
};

static void put(struct doc *d, const char *s)
{
	size_t n = strlen(s);

	if (d->len + n + 1 > d->cap) {
		d->cap = (d->len + n + 1) * 2;
		d->b = realloc(d->b, d->cap);
		ck_assert_ptr_nonnull(d->b);
	}
	memcpy(d->b + d->len, s, n + 1);
	d->len += n;
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

#define PICK(v) pick(v, sizeof(v) / sizeof(v[0]))

static const char *const eols[] = { "\n", "\r\n", "\r", "", "\n\n", " " };
static const char *const texts[] = {
	"", "1", "text", "介護保険 認定", "ｶﾅ", "a > b", "x\"y", "it's", "]]>", "--", "?>", "/", "\t",
	"長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い",
	"0123456789012345678901234567890123456789012345678901234567890123456789",
};
static const char *const attrs[] = {
	"", " a=\"1\"", " a='x'", " b=\"a>b\"", " c='<'", " d=\"'>'\"", " e='\">\"'", " f=\"/\"",
	" g = \"x\"", "\n h=\"介護\"", " i=\"" "0123456789012345678901234567890123456789012345678901234567890123456789" "\"",
	" j='>>>>''<<<<'", " k=\"\"",
};
static const char *const names[] = { "a", "rec", "x:y", "Item", "b-c", "介護" };
static const char *const junk[] = {
	"<!-- c -->", "<!-- <x> > -->", "<!---->", "<!-- - -- --->", "<![CDATA[ x ]]>", "<![CDATA[<a>]]]>",
	"<![CDATA[ ]] > ]]>", "<?pi x?>", "<?pi a>b ? >?>", "<?x?>",
	"<!-- 0123456789012345678901234567890123456789012345678901234567890123456789 -->",
	/* longer than two blocks, with line ends of every kind inside */
	"<!-- 介護\r\n0123456789012345678901234567890123456789012345678901234567890123456789\r"
	"0123456789012345678901234567890123456789012345678901234567890123456789\n"
	"0123456789012345678901234567890123456789012345678901234567890123456789\r\n -->",
	"<![CDATA[\r\n\r0123456789012345678901234567890123456789012345678901234567890123456789\n"
	"0123456789012345678901234567890123456789012345678901234567890123456789\r\r\n"
	"0123456789012345678901234567890123456789012345678901234567890123456789]]>",
};

/* one element at depth, children to some depth */
static void element(struct doc *d, int depth)
{
	const char *name = PICK(names);
	char tag[64];
	int i, nkids;

	snprintf(tag, sizeof(tag), "<%s", name);
	put(d, tag);
	put(d, PICK(attrs));
	if (rnd(6) == 0) {
		put(d, rnd(2) ? "/>" : " />");
		return;
	}
	put(d, rnd(8) ? ">" : " >");
	nkids = depth < 4 ? (int)rnd(4) : 0;
	for (i = 0; i < nkids; i++) {
		put(d, PICK(texts));
		if (rnd(5) == 0)
			put(d, PICK(junk));
		put(d, PICK(eols));
		element(d, depth + 1);
	}
	put(d, PICK(texts));
	snprintf(tag, sizeof(tag), rnd(8) ? "</%s>" : "</%s >", name);
	put(d, tag);
}

/* A collection of records; now and then with a DOCTYPE (refused) or junk around. */
static void collection(struct doc *d, int records)
{
	int i;

	d->len = 0;
	put(d, "");
	switch (rnd(5)) {
	case 0:
		put(d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
		break;
	case 1:
		put(d, "<?xml version='1.0'?>\r\n<!-- a prolog comment <r> -->");
		break;
	case 2:
		if (rnd(4) == 0)
			put(d, "<!DOCTYPE r>");
		break;
	default:
		break;
	}
	put(d, PICK(eols));
	put(d, rnd(3) ? "<r" : "<ns:root");
	put(d, PICK(attrs));
	put(d, ">");
	for (i = 0; i < records; i++) {
		put(d, PICK(eols));
		if (rnd(6) == 0)
			put(d, PICK(junk));
		if (rnd(10) == 0)
			put(d, PICK(texts));
		element(d, 1);
	}
	put(d, PICK(eols));
	put(d, rnd(2) ? "</r>" : "</ns:root>");
	if (rnd(3) == 0)
		put(d, "\n<!-- after -->\n<after/>");
	put(d, PICK(eols));
}

/* Hand-made plans, from the rules in split.h. */
START_TEST(test_by_hand)
{
	const char *doc = "<?xml version=\"1.0\"?>\n<r a=\">\">\n<x>1</x>\n<x b='<'>2</x>\r\n<x>介護</x><x/>\n</r>\n";
	size_t len = strlen(doc);
	long long x2 = strstr(doc, "<x b=") - doc, x4 = strstr(doc, "<x/>") - doc;

	/* two parts: the first record at or after the middle (len 80, so 40) is the second <x> */
	ck_assert_uint_eq(kaigo_split_plan_mem(doc, len, 2, 1, &got), 2);
	ck_assert_str_eq(got.root, "r");
	ck_assert_int_eq(got.prefix_end, strstr(doc, "\n<x>") - doc);
	ck_assert_uint_eq(got.prefix_line, 2);
	ck_assert_uint_eq(got.prefix_col, 10);
	ck_assert_int_eq(got.parts[0].start, 0);
	ck_assert_int_eq(got.parts[0].end, x2);
	ck_assert_int_eq(got.parts[1].start, x2);
	ck_assert_int_eq(got.parts[1].end, (long long)len);
	ck_assert_uint_eq(got.parts[1].records_before, 1);
	ck_assert_uint_eq(got.line[1], 4);
	ck_assert_uint_eq(got.col[1], 1);
	/* eight parts asked for: the targets len*k/8 (10, 20, 30, 40, 50...)
	   put a cut before each of the four records, and the rest has none;
	   the fourth record starts on line 5 (CR LF is one line end) after
	   "<x>介護</x>": 3 + 2 + 4 characters, so at column 10 */
	ck_assert_uint_eq(kaigo_split_plan_mem(doc, len, 8, 1, &got), 5);
	ck_assert_int_eq(got.parts[4].start, x4);
	ck_assert_uint_eq(got.parts[4].records_before, 3);
	ck_assert_uint_eq(got.line[4], 5);
	ck_assert_uint_eq(got.col[4], 10);
	/* parts of at least len/2 bytes: none fits twice */
	ck_assert_uint_eq(kaigo_split_plan_mem(doc, len, 2, (long long)len / 2 + 1, &got), 1);
	/* a DOCTYPE, an unterminated comment: one part */
	ck_assert_uint_eq(kaigo_split_plan_mem("<!DOCTYPE r><r><x/><x/></r>", 27, 2, 0, &got), 1);
	ck_assert_uint_eq(kaigo_split_plan_mem("<r><x/><!-- <x/></r>", 20, 2, 0, &got), 1);
	/* a comment, CDATA and a PI hide the '<' in them */
	doc = "<r><x/><!--<x/>--><![CDATA[<x/>]]><?p <x/>?><x/><x/></r>";
	ck_assert_uint_eq(kaigo_split_plan_mem(doc, strlen(doc), 2, 0, &got), 2);
	ck_assert_int_eq(got.parts[1].start, strstr(doc, "?><x/>") + 2 - doc);
	ck_assert_uint_eq(got.parts[1].records_before, 1);
}
END_TEST

/* Generated collections of many sizes, every n from 2 to 8, a few minimum sizes. */
START_TEST(test_generated)
{
	struct doc d = { NULL, 0, 0 };
	int round, records;
	size_t n;

	rng_state = 0x9E3779B97F4A7C15ULL + (unsigned long long)_i;
	for (round = 0; round < 300; round++) {
		records = 1 + (int)rnd(round < 100 ? 4 : 60);
		collection(&d, records);
		for (n = 2; n <= 8; n++) {
			const long long mins[] = { 0, 1, 16, (long long)d.len / 8, (long long)d.len / 3 };
			size_t m;

			for (m = 0; m < sizeof(mins) / sizeof(mins[0]); m++) {
				if (!agree(d.b, d.len, n, mins[m])) {
					dump(d.b, d.len, n, mins[m]);
					ck_abort_msg("plans differ (round %d, %d records)", round, records);
				}
			}
		}
	}
	free(d.b);
}
END_TEST

/* Random bytes of collections changed to ones the scan looks at, and cut short anywhere. */
START_TEST(test_mutated)
{
	static const char marks[] = "<>\"'/!?-][\r\n";
	struct doc d = { NULL, 0, 0 };
	int round, j;
	size_t n;

	rng_state = 0xD1B54A32D192ED03ULL + (unsigned long long)_i;
	for (round = 0; round < 2000; round++) {
		size_t len;

		collection(&d, 1 + (int)rnd(12));
		for (j = (int)rnd(4); j >= 0; j--)
			d.b[rnd((unsigned)d.len)] = marks[rnd(sizeof(marks) - 1)];
		len = rnd(3) ? d.len : rnd((unsigned)d.len + 1);
		for (n = 2; n <= 8; n += 3)
			if (!agree(d.b, len, n, rnd(2) ? 0 : 1)) {
				dump(d.b, len, n, 0);
				ck_abort_msg("plans differ (round %d)", round);
			}
	}
	free(d.b);
}
END_TEST

/* One collection with a bit of everything, cut short at every byte. */
START_TEST(test_truncated)
{
	const char *doc = "<?xml version=\"1.0\"?>\r\n<!-- c <r> -->\n<r a=\"<\" b='>'>\r"
			  "<x i=\"1\"><y>介護</y><!-- <x> -- > --></x>\n"
			  "<x i='2'><![CDATA[ <x> ]] ]]]><?pi <x> ? ?></x>\r\n"
			  "<x/><x k=\"'>\"/>\n<x>a > b</x >\n"
			  "<x>0123456789012345678901234567890123456789012345678901234567890123456789</x>\n"
			  "<x></x></r>\n";
	size_t len = strlen(doc), cut, n;

	for (cut = 0; cut <= len; cut++)
		for (n = 2; n <= 8; n++)
			if (!agree(doc, cut, n, 0) || !agree(doc, cut, n, 1) || !agree(doc, cut, n, 20)) {
				dump(doc, cut, n, 0);
				ck_abort_msg("plans differ for the first %zu bytes, n %zu", cut, n);
			}
}
END_TEST

/* The path entry point reads the file as the buffer one does. */
START_TEST(test_file)
{
	char path[] = "/tmp/kaigo-split.XXXXXX";
	struct doc d = { NULL, 0, 0 };
	const char *big = getenv("KAIGO_SPLIT_FILE");
	int fd = mkstemp(path);
	size_t n;

	ck_assert_int_ge(fd, 0);
	rng_state = 42;
	collection(&d, 200);
	ck_assert_int_eq(write(fd, d.b, d.len), (ssize_t)d.len);
	close(fd);
	for (n = 2; n <= 8; n++) {
		ref_split_plan_mem(d.b, d.len, n, 1, &want);
		ck_assert_uint_eq(kaigo_split_plan(path, n, 1, &got), want.nparts);
		ck_assert(ref_plans_equal(&want, &got));
		ck_assert_uint_eq(scalar_split_plan(path, n, 1, &got_scalar), want.nparts);
		ck_assert(ref_plans_equal(&want, &got_scalar));
	}
	unlink(path);
	free(d.b);
	/* a large real collection (bench/out/careplans.rules.xml of make bench), when given */
	if (big && *big) {
		FILE *f = fopen(big, "rb");
		long size;
		char *b;

		ck_assert_ptr_nonnull(f);
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		rewind(f);
		b = malloc((size_t)size);
		ck_assert_ptr_nonnull(b);
		ck_assert_uint_eq(fread(b, 1, (size_t)size, f), (size_t)size);
		fclose(f);
		for (n = 2; n <= 8; n++) {
			ck_assert_msg(agree(b, (size_t)size, n, 1 << 20), "plans of %s differ, n %zu", big, n);
			ck_assert_uint_eq(kaigo_split_plan(big, n, 1 << 20, &got), want.nparts);
			ck_assert(ref_plans_equal(&want, &got));
		}
		free(b);
	}
}
END_TEST

Suite *kaigo_suite_split(void)
{
	Suite *s = suite_create("split");
	TCase *t = tcase_create("plans");

	tcase_add_test(t, test_by_hand);
	tcase_add_loop_test(t, test_generated, 0, 4);
	tcase_add_loop_test(t, test_mutated, 0, 4);
	tcase_add_test(t, test_truncated);
	tcase_add_test(t, test_file);
	tcase_set_timeout(t, 120);
	suite_add_tcase(s, t);
	return s;
}
