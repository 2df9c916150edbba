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
 *
 * A first byte of 0xF0 or more makes the rest free text of a CarePlan
 * record whose fields held a name, a telephone number, a 被保険者番号 and a
 * birth date: it goes through the privacy detector and the record's
 * dictionary (pseudo_freetext, lib/pseudo_int.h), then --check's detector
 * over the result.  Properties: both succeed; the same text gives the same
 * result; valid UTF-8 in gives valid UTF-8 out.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "kaigo/pseudo.h"
#include "../lib/pseudo_int.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kaigo_catalog cat;
static struct kaigo_pseudo *ps;
static struct pseudo_type *careplan;
static struct kaigo_diag_sink quiet = { NULL, NULL, 0, 0 };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kaigo_pseudo_opts o = { 0, 1, 0, 1 };
	const struct kaigo_doctype *t;
	char key[PATH_MAX];
	int why, coll;

	fuzz_catalog(&cat, (*argv)[0], "fuzz_pseudo");
	fuzz_tmp_path(key, sizeof(key), "fuzz_pseudo", "key");
	if (fuzz_write_file(key, "a synthetic key for the fuzz harness", 36) < 0 || chmod(key, 0600) < 0 ||
	    !(ps = kaigo_pseudo_new(&cat, key, &o, &quiet, &why)) ||
	    !(t = kaigo_catalog_find(&cat, "urn:kaigo:careplan:1", "CarePlan", &coll)) ||
	    !(careplan = pseudo_type_get(ps, t, &quiet))) {
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

/* s[0..n) as free text of a record with known fields into out; then --check over it. */
static void freetext(const char *s, size_t n, struct kaigo_buf *out)
{
	static const struct {
		enum kaigo_pseudo_kind kind;
		const char *v;
	} fields[] = { { KAIGO_PSEUDO_NAME, "北村 ハツエ" }, { KAIGO_PSEUDO_PHONE, "03-0012-3456" },
		       { KAIGO_PSEUDO_INSURED, "0001234567" }, { KAIGO_PSEUDO_BIRTHDATE, "1938-06-12" } };
	struct pseudo_dict d;
	struct kaigo_buf v = KAIGO_BUF_INIT;
	unsigned long count = 0;
	size_t i;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		kaigo_buf_reset(&v);
		if (pseudo_replace(ps, fields[i].kind, fields[i].v, strlen(fields[i].v), NULL, 0, &d, &v) < 0)
			__builtin_trap();
	}
	if (pseudo_freetext(ps, careplan, &d, s, n, out, &count) < 0 ||
	    pseudo_check(ps, careplan, &d, out->data ? out->data : "", out->len, "fuzz", 1, &quiet) < 0)
		__builtin_trap();
	pseudo_dict_release(&d);
	kaigo_buf_release(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_buf a = KAIGO_BUF_INIT, b = KAIGO_BUF_INIT;
	enum kaigo_pseudo_kind kind;
	char *s;
	size_t n;

	if (size < 1)
		return 0;
	/* 1-9 is the kind itself, as the seeds (corpus/pseudo/name starts with 1) are written */
	kind = (enum kaigo_pseudo_kind)(data[0] >= 1 && data[0] < KAIGO_PSEUDO_NKINDS ? data[0]
										 : 1 + data[0] % (KAIGO_PSEUDO_NKINDS - 1));
	n = size - 1;
	if (!(s = malloc(n ? n : 1)))
		return 0;
	memcpy(s, data + 1, n);
	if (data[0] >= 0xF0) {
		freetext(s, n, &a);
		freetext(s, n, &b);
		if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
			__builtin_trap();
		if (utf8_ok((const unsigned char *)s, n) && !utf8_ok((const unsigned char *)(a.data ? a.data : ""), a.len))
			__builtin_trap();
		kaigo_buf_release(&a);
		kaigo_buf_release(&b);
		free(s);
		return 0;
	}
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
