/*
 * fuzz_pseudo.c - libFuzzer harness for the generators of kaigo-pseudonymize.
 *
 * The first byte picks the kind (name, reading, 被保険者番号, 事業所番号,
 * birth date, address, building, postal code, telephone), the rest is the
 * value (a heap copy of exactly its size, so an over-read is caught), and
 * for a reading also the name beside it.  Properties: the generator
 * succeeds; the same value gives the same pseudonym; valid UTF-8 in gives
 * valid UTF-8 out; a 事業所番号 whose check digit was right gets one that
 * is right.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "kaigo/pseudo.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kaigo_catalog cat;
static struct kaigo_pseudo *ps;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kaigo_diag_sink quiet = { NULL, NULL, 0, 0 };
	struct kaigo_pseudo_opts o = { 0, 1, 0, 0 };
	char key[PATH_MAX];
	int why;

	fuzz_catalog(&cat, (*argv)[0], "fuzz_pseudo");
	fuzz_tmp_path(key, sizeof(key), "fuzz_pseudo", "key");
	if (fuzz_write_file(key, "a synthetic key for the fuzz harness", 36) < 0 || chmod(key, 0600) < 0 ||
	    !(ps = kaigo_pseudo_new(&cat, key, &o, &quiet, &why))) {
		fprintf(stderr, "fuzz_pseudo: cannot set up the pseudonymizer (set FUZZ_DATADIR)\n");
		exit(1);
	}
	unlink(key);
	return 0;
}

/* Whether s[0..n) is well-formed UTF-8 (no surrogates, no overlongs). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		unsigned long cp;
		size_t k;

		if (!len || i + len > n || (len == 2 && c < 0xC2))
			return 0;
		cp = len == 1 ? c : c & (0x7F >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_buf a = KAIGO_BUF_INIT, b = KAIGO_BUF_INIT;
	enum kaigo_pseudo_kind kind;
	char *s;
	size_t n;

	if (size < 1)
		return 0;
	kind = (enum kaigo_pseudo_kind)(1 + data[0] % (KAIGO_PSEUDO_NKINDS - 1));
	n = size - 1;
	if (!(s = malloc(n ? n : 1)))
		return 0;
	memcpy(s, data + 1, n);
	if (kaigo_pseudo_value(ps, kind, s, n, s, n, &a) < 0 || kaigo_pseudo_value(ps, kind, s, n, s, n, &b) < 0)
		__builtin_trap();
	if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
		__builtin_trap();
	if (utf8_ok((const unsigned char *)s, n) && !utf8_ok((const unsigned char *)(a.data ? a.data : ""), a.len))
		__builtin_trap();
	if (kind == KAIGO_PSEUDO_OFFICE && n == 10 && s[9] >= '0' && s[9] <= '9' &&
	    kaigo_pseudo_office_check_digit(s) == s[9] - '0' &&
	    (a.len != 10 || kaigo_pseudo_office_check_digit(a.data) != a.data[9] - '0'))
		__builtin_trap();
	kaigo_buf_release(&a);
	kaigo_buf_release(&b);
	free(s);
	return 0;
}
