/*
 * fuzz_norm.c - libFuzzer harness for the normalization profiles.
 *
 * The input is one value.  Every profile normalizes it with the fast path;
 * for jp, name, kana, digits, phone and postal the ICU definition must give
 * the same status and the same bytes (norm.h: ICU is the oracle), and every
 * profile must be idempotent on its own output.  Either broken promise
 * traps.  Random bytes are mostly invalid UTF-8, which every profile
 * rejects at once, so the input is also mapped to valid UTF-8 text drawn
 * from the ranges the profiles treat specially (kana, width forms,
 * combining marks, separators) and checked the same way.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kaigo/buf.h"
#include "kaigo/norm.h"

/*
 * FUZZ_NORM_SKIP_CCC=1 skips the fast/ICU comparison for values holding two
 * combining marks out of canonical order, adjacent or not, since removed
 * separators can bring them together (ccc(a) > ccc(b) > 0,
 * counting the half-width voiced marks U+FF9E/U+FF9F as the U+3099/U+309A,
 * ccc 8, they become): the known findings in fuzz/regressions/norm/, so
 * that a run can look for other differences until they are fixed.
 */
static int skip_ccc;

static int ccc_out_of_order(const char *s, size_t n)
{
	int32_t i = 0, len = (int32_t)n; /* n <= 4 * 4096 here */
	uint8_t prev = 0; /* highest ccc seen so far */
	UChar32 c;

	while (i < len) {
		uint8_t cc;

		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c < 0)
			return 0;
		cc = c == 0xFF9E || c == 0xFF9F ? 8 : u_getCombiningClass(c);
		if (cc && prev > cc)
			return 1;
		if (cc > prev)
			prev = cc;
	}
	return 0;
}

static struct kaigo_norm *profiles[KAIGO_NORM_NPROFILES]; /* built once */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	int p;

	skip_ccc = getenv("FUZZ_NORM_SKIP_CCC") != NULL;
	for (p = 0; p < KAIGO_NORM_NPROFILES; p++) {
		profiles[p] = kaigo_norm_new((enum kaigo_norm_profile)p, err, sizeof(err));
		if (!profiles[p])
			__builtin_trap();
	}
	return 0;
}

/* Profiles whose fast path the ICU definition must reproduce. */
static int compared(int p)
{
	return p == KAIGO_NORM_JP || p == KAIGO_NORM_NAME || p == KAIGO_NORM_KANA ||
	       p == KAIGO_NORM_DIGITS || p == KAIGO_NORM_PHONE || p == KAIGO_NORM_POSTAL;
}

/* Append code point cp as UTF-8. */
static void put_utf8(struct kaigo_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		kaigo_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		kaigo_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		kaigo_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		kaigo_buf_add(b, u, 4);
	}
}

/* Map each pair of input bytes to a code point in an interesting range. */
static void to_text(const uint8_t *data, size_t size, struct kaigo_buf *out)
{
	static const unsigned long base[16] = {
		0x0020, 0x0020, 0x00A0, 0x0300, 0x2000, 0x2100, 0x3000, 0x3040,
		0x30A0, 0x3200, 0x4E00, 0xFF00, 0xFF60, 0xFFE0, 0x1F100, 0x3300
	};
	size_t i;

	for (i = 0; i + 1 < size; i += 2) {
		unsigned sel = data[i] >> 4, off = ((data[i] & 0x0F) << 8 | data[i + 1]) & 0x7F;
		unsigned long cp = base[sel] + (sel < 2 ? off % 0x5F : off);

		if (sel == 0 && (data[i + 1] & 0x80))
			cp = "\t\r\n \x7f"[data[i + 1] % 5];
		put_utf8(out, cp);
	}
}

static void check_value(const char *s, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_buf text = KAIGO_BUF_INIT;

	if (size > 4096)
		return 0; /* the ICU path is slow; long values add nothing */
	check_value((const char *)data, size);
	to_text(data, size, &text);
	if (text.len)
		check_value(text.data, text.len);
	kaigo_buf_release(&text);
	return 0;
}

static void check_value(const char *s, size_t size)
{
	struct kaigo_buf fast = KAIGO_BUF_INIT, icu = KAIGO_BUF_INIT, again = KAIGO_BUF_INIT;
	int p;

	for (p = 0; p < KAIGO_NORM_NPROFILES; p++) {
		struct kaigo_norm_issue fi, ii, ai;
		enum kaigo_norm_status fs, is, as;

		kaigo_buf_reset(&fast);
		kaigo_buf_reset(&icu);
		kaigo_buf_reset(&again);
		memset(&fi, 0, sizeof(fi));
		memset(&ii, 0, sizeof(ii));
		fs = kaigo_norm_value(profiles[p], s, size, &fast, &fi);
		if (fs == KAIGO_NORM_ERROR && fast.len != 0)
			__builtin_trap(); /* "on KAIGO_NORM_ERROR nothing is appended" */
		if (compared(p) && !(skip_ccc && ccc_out_of_order(s, size))) {
			is = kaigo_norm_value_icu(profiles[p], s, size, &icu, &ii);
			if (fs != is)
				__builtin_trap();
			if (fast.len != icu.len || (fast.len && memcmp(fast.data, icu.data, fast.len) != 0))
				__builtin_trap();
		}
		if (fs != KAIGO_NORM_ERROR && p != KAIGO_NORM_DATE) {
			/* idempotence: the output normalizes to itself */
			if (skip_ccc && ccc_out_of_order(s, size))
				continue;
			as = kaigo_norm_value(profiles[p], fast.data ? fast.data : "", fast.len, &again, &ai);
			if (as == KAIGO_NORM_ERROR || again.len != fast.len ||
			    (fast.len && memcmp(again.data, fast.data, fast.len) != 0))
				__builtin_trap();
		}
	}
	kaigo_buf_release(&fast);
	kaigo_buf_release(&icu);
	kaigo_buf_release(&again);
}
