/*
 * norm.h - Japanese text normalization profiles (DESIGN §5).
 *
 * Each profile is *defined* by ICU: a compound transliterator built from
 * ICU's own Fullwidth-Halfwidth, Halfwidth-Fullwidth, NFC/NFKC and
 * Hiragana-Katakana transforms plus a few context rules (see the rule
 * strings in lib/normicu.c; the README and kaigo-normalize(1) show them as
 * a table).  The hot path is a table-driven pass over UTF-8 that must give
 * the same result; tests compare the two on large generated inputs, with
 * ICU as the oracle.  Characters the fast path does not handle itself
 * (combining marks and other NFC "maybe" characters) send the value to the
 * ICU definition.
 *
 * Every profile is idempotent: normalizing its own output changes nothing.
 * Every profile rejects invalid UTF-8, NUL and private-use characters (外字,
 * forbidden by the care-plan CSV standard).
 */
#ifndef KAIGO_NORM_H
#define KAIGO_NORM_H

#include <stddef.h>
#include "kaigo/buf.h"
#include "kaigo/diag.h"

enum kaigo_norm_profile {
	KAIGO_NORM_NONE = 0, /* no change; checks only (encoding conversion runs) */
	KAIGO_NORM_JP,       /* default Japanese width profile */
	KAIGO_NORM_NFKC,     /* plain Unicode NFKC */
	KAIGO_NORM_NAME,     /* a person's name: jp, tabs are spaces, one space kept */
	KAIGO_NORM_KANA,     /* フリガナ: jp, hiragana → katakana */
	KAIGO_NORM_DIGITS,   /* identifiers: ASCII, separators removed, upper case */
	KAIGO_NORM_DATE,     /* 和暦/Western date → ISO 8601 */
	KAIGO_NORM_PHONE,    /* telephone numbers: ASCII digits, '-' separators */
	KAIGO_NORM_POSTAL    /* postal codes: NNN-NNNN */
};
#define KAIGO_NORM_NPROFILES 9

enum kaigo_norm_status {
	KAIGO_NORM_OK = 0,
	KAIGO_NORM_WARNING = 1, /* converted, but the issue says why to look (平成33年) */
	KAIGO_NORM_ERROR = 2    /* not converted: out is unchanged, the caller keeps the input */
};

/* Why a value was not (or not quietly) normalized. */
struct kaigo_norm_issue {
	size_t offset;          /* byte offset of the problem in the value */
	unsigned long column;   /* 1-based column in characters (code points) */
	const char *rule;       /* "norm.invalid-utf8", "norm.nul", "norm.private-use",
				   "norm.date", "norm.era-past-end", "norm.postal" */
	char message[192];      /* lowercase, no full stop, subject quoted */
	char translated[320];   /* message in the user's language (LC_MESSAGES,
				   kaigo/i18n.h), for text meant for people */
};

struct kaigo_norm;

/* Profile by name ("jp", "nfkc", "name", …).  Returns 0, or -1 if unknown. */
int kaigo_norm_profile_parse(const char *name, enum kaigo_norm_profile *p);
const char *kaigo_norm_profile_name(enum kaigo_norm_profile p);

/*
 * Returns a new compiled profile, free with kaigo_norm_free; NULL if ICU
 * could not build it (err gets a message).
 */
struct kaigo_norm *kaigo_norm_new(enum kaigo_norm_profile p, char *err, size_t errsz);
void kaigo_norm_free(struct kaigo_norm *nz);

/*
 * Normalize the UTF-8 value s[0..n) (no line terminator) and append the
 * result to out.  On KAIGO_NORM_ERROR nothing is appended and *issue says
 * where and why; on KAIGO_NORM_WARNING the result is appended and *issue
 * says why.  Treats TAB as a field boundary (jp, kana) so text-mode lines
 * of TSV stay aligned.
 */
enum kaigo_norm_status kaigo_norm_value(struct kaigo_norm *nz, const char *s, size_t n,
					struct kaigo_buf *out, struct kaigo_norm_issue *issue);

/*
 * kaigo_norm_value for text known to be valid UTF-8 without NUL or
 * private-use characters (kaigo_codec_decode returned 0): the "none"
 * profile then has nothing left to check.
 */
enum kaigo_norm_status kaigo_norm_value_valid(struct kaigo_norm *nz, const char *s, size_t n,
					      struct kaigo_buf *out, struct kaigo_norm_issue *issue);

/*
 * The same, computed only by the ICU definition (slow).  For tests and for
 * anyone who wants to check the fast path.
 */
enum kaigo_norm_status kaigo_norm_value_icu(struct kaigo_norm *nz, const char *s, size_t n,
					    struct kaigo_buf *out, struct kaigo_norm_issue *issue);

/* The ICU transliterator rules that define profile p, or NULL (none, date). */
const char *kaigo_norm_rules(enum kaigo_norm_profile p);

#endif
