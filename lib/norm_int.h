/*
 * norm_int.h - private to lib/norm.c and lib/normicu.c.
 *
 * The compiled profile: the fast path's class table and the ICU objects
 * that define the profile.  The transliterator is built lazily because
 * compiling its rules costs more than the whole start-up budget of a
 * one-line run, and most runs never need it.
 */
#ifndef KAIGO_NORM_INT_H
#define KAIGO_NORM_INT_H

#include <unicode/utrans.h>
#include <unicode/unorm2.h>

#include "kaigo/norm.h"

/* Character classes of the fast path (BMP table). */
enum {
	C_COPY = 0,   /* emitted unchanged */
	C_SPACE,      /* U+00A0, U+3000: a space */
	C_FWASCII,    /* U+FF01-FF5D: the ASCII character 0xFEE0 below */
	C_HWKANA,     /* U+FF61-FF9D: half-width katakana and punctuation */
	C_VOICED,     /* U+FF9E, U+FF9F: half-width (semi-)voiced sound marks */
	C_DASH,       /* hyphen/minus look-alikes */
	C_PUA,        /* private use: rejected */
	C_MAYBE,      /* NFC quick check not "yes": the ICU definition decides */
	C_HIRA,       /* hiragana that the kana profile turns into katakana */
	C_POSTMARK    /* U+3012 〒, dropped by the postal profile */
};

struct kaigo_norm {
	enum kaigo_norm_profile profile; /* what this object normalizes to */
	unsigned char *cls;              /* owned; 65536 classes for the BMP */
	unsigned short hw[0xFF9F - 0xFF61 + 1]; /* half-width kana → full-width, from ICU NFKC data */
	const UNormalizer2 *nfc;         /* ICU singleton, not owned */
	const UNormalizer2 *nfkc;        /* ICU singleton, not owned */
	UTransliterator *trans;          /* owned, built on first use; NULL until then */
	int trans_failed;                /* building trans failed once; do not retry */
	UChar *u16;                      /* owned scratch for ICU calls */
	int cap16;                       /* UChars allocated in u16 */
};

/*
 * Check s[0..n) for invalid UTF-8, NUL and private-use characters.
 * Returns 0 if clean, else -1 with *issue filled.
 */
int kaigo_norm_scan(const char *s, size_t n, struct kaigo_norm_issue *issue);

/* Apply the ICU definition of nz's profile to a clean value; append to out. */
enum kaigo_norm_status kaigo_norm_icu_apply(struct kaigo_norm *nz, const char *s, size_t n,
					    struct kaigo_buf *out, struct kaigo_norm_issue *issue);

/* Shared final steps of the field profiles (postal format, date). */
enum kaigo_norm_status kaigo_norm_finish_postal(struct kaigo_buf *out, size_t start,
						const char *in, size_t n,
						struct kaigo_norm_issue *issue);

void kaigo_norm_icu_release(struct kaigo_norm *nz);

#endif
