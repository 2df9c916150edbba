/*
 * normicu.c - the ICU definitions of the normalization profiles.
 *
 * These rule strings *are* the profiles: the fast path in norm.c is an
 * optimisation that tests prove equal to them.  Each rule set starts with
 * ::Any-Null because a filter on the first step of an ICU compound
 * transliterator would otherwise act as a global filter for the whole
 * chain (a trap the peers' chains fall into).  NFC leaves the CJK
 * compatibility ideographs alone (﨑, 塚 of the IBM extension block are
 * name variants, and folding them would change people's names).
 *
 * Step order matters and is the same in every profile:
 *   1. full-width ASCII → ASCII (except ～, a range mark), half-width kana
 *      → full-width with voiced marks composed, NFC;
 *   2. per-profile character rules (spaces, dashes, hiragana, …);
 *   3. trimming and collapsing of spaces or separators;
 *   4. NFC once more, because deleting a space or separator can bring a
 *      base and a combining mark together (idempotence needs it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>

#include "kaigo/buf.h"
#include "kaigo/i18n.h"
#include "norm_int.h"

#define HEAD "::Any-Null;\n" \
	"::[\\uFF01-\\uFF5D] Fullwidth-Halfwidth;\n" \
	"::[\\uFF61-\\uFF9F] Halfwidth-Fullwidth;\n" \
	"::[^\\uF900-\\uFAFF\\U0002F800-\\U0002FA1F] NFC;\n" \
	"::Null;\n"
/* deleting characters can bring a base and a mark together: compose again */
#define TAIL "::[^\\uF900-\\uFAFF\\U0002F800-\\U0002FA1F] NFC;\n"
/* the hyphen/minus look-alikes (U+FF0D is already '-' after step 1) */
#define DASHES "\\u2010-\\u2015\\u2212\\u30FC\\u2500\\u2501\\uFE63\\u2043"
#define TRIM_SPACES \
	"::Null;\n" \
	"[\\ ]+ } \\t > ;\n" \
	"\\t { [\\ ]+ > ;\n" \
	"^ { [\\ ]+ > ;\n" \
	"[\\ ]+ } $ > ;\n" \
	"[\\ ]+ > ' ';\n"

static const char *const rules[KAIGO_NORM_NPROFILES] = {
	[KAIGO_NORM_JP] = HEAD
		"[0-9] { [" DASHES "] } [0-9] > '-';\n"
		"[\\u00A0\\u3000] > ' ';\n"
		TRIM_SPACES TAIL,
	[KAIGO_NORM_NAME] = HEAD
		"[0-9] { [" DASHES "] } [0-9] > '-';\n"
		"[\\u00A0\\u3000\\t] > ' ';\n"
		TRIM_SPACES TAIL,
	[KAIGO_NORM_KANA] = HEAD
		"[0-9] { [" DASHES "] } [0-9] > '-';\n"
		"[\\u00A0\\u3000] > ' ';\n"
		"::[\\u3041-\\u3096\\u309D\\u309E] Hiragana-Katakana;\n"
		"::Null;\n"
		"\\u3095 > \\u30F5; \\u3096 > \\u30F6;\n" /* ICU leaves small ka/ke alone */
		TRIM_SPACES TAIL,
	[KAIGO_NORM_NFKC] = "::NFKC;\n",
	/* Upper comes first: a filtered step between a deletion and NFC hides
	   the newly adjacent characters from NFC (seen with ICU 72) */
	[KAIGO_NORM_DIGITS] = HEAD
		"::[a-z] Any-Upper;\n"
		"::Null;\n"
		"[\\ \\t\\u00A0\\u3000\\-" DASHES "] > ;\n"
		TAIL,
	[KAIGO_NORM_PHONE] = HEAD
		"[\\ \\t\\u00A0\\u3000] > ;\n"
		"::Null;\n"
		"[\\-\\(\\)" DASHES "]+ > '-';\n"
		"::Null;\n"
		"^ { '-' > ;\n"
		"'-' } $ > ;\n"
		TAIL,
	[KAIGO_NORM_POSTAL] = HEAD
		"[\\ \\t\\u00A0\\u3000\\u3012] > ;\n"
		"[" DASHES "] > '-';\n"
		TAIL,
};

const char *kaigo_norm_rules(enum kaigo_norm_profile p)
{
	return (unsigned)p < KAIGO_NORM_NPROFILES ? rules[p] : NULL;
}

static int grow16(struct kaigo_norm *nz, int need)
{
	UChar *p;

	if (need <= nz->cap16)
		return 0;
	p = realloc(nz->u16, (size_t)need * sizeof(UChar));
	if (!p)
		return -1;
	nz->u16 = p;
	nz->cap16 = need;
	return 0;
}

static int build(struct kaigo_norm *nz)
{
	UErrorCode e = U_ZERO_ERROR;
	UParseError pe;
	const char *r = rules[nz->profile];
	UChar *ur;
	int32_t len = 0;

	if (nz->trans)
		return 0;
	if (nz->trans_failed || !r)
		return -1;
	u_strFromUTF8(NULL, 0, &len, r, -1, &e);
	e = U_ZERO_ERROR;
	ur = malloc(((size_t)len + 1) * sizeof(UChar));
	if (!ur) {
		nz->trans_failed = 1;
		return -1;
	}
	u_strFromUTF8(ur, len + 1, &len, r, -1, &e);
	if (U_SUCCESS(e))
		nz->trans = utrans_openU(u"kaigo", -1, UTRANS_FORWARD, ur, len, &pe, &e);
	free(ur);
	if (U_FAILURE(e) || !nz->trans) {
		nz->trans = NULL;
		nz->trans_failed = 1;
		return -1;
	}
	return 0;
}

enum kaigo_norm_status kaigo_norm_icu_apply(struct kaigo_norm *nz, const char *s, size_t n,
					    struct kaigo_buf *out, struct kaigo_norm_issue *issue)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0, limit, olen = 0;
	size_t start = out->len;

	if (nz->profile == KAIGO_NORM_NONE)
		return kaigo_buf_add(out, s, n) < 0 ? KAIGO_NORM_ERROR : KAIGO_NORM_OK;
	if (n > 0x10000000 || build(nz) < 0)
		goto fail;
	/* transliteration may lengthen the text; leave generous room */
	if (grow16(nz, (int)n * 2 + 64) < 0)
		goto fail;
	u_strFromUTF8(nz->u16, nz->cap16, &len, s, (int32_t)n, &e);
	if (U_FAILURE(e))
		goto fail;
	limit = len;
	utrans_transUChars(nz->trans, nz->u16, &len, nz->cap16, 0, &limit, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		e = U_ZERO_ERROR;
		if (grow16(nz, len + 64) < 0)
			goto fail;
		u_strFromUTF8(nz->u16, nz->cap16, &len, s, (int32_t)n, &e);
		limit = len;
		utrans_transUChars(nz->trans, nz->u16, &len, nz->cap16, 0, &limit, &e);
	}
	if (U_FAILURE(e))
		goto fail;
	u_strToUTF8(NULL, 0, &olen, nz->u16, len, &e);
	e = U_ZERO_ERROR;
	if (kaigo_buf_grow(out, (size_t)olen) < 0)
		goto fail;
	u_strToUTF8(out->data + out->len, olen + 1, &olen, nz->u16, len, &e);
	if (U_FAILURE(e))
		goto fail;
	out->len += (size_t)olen;
	out->data[out->len] = '\0';
	if (nz->profile == KAIGO_NORM_POSTAL && out->len > start)
		return kaigo_norm_finish_postal(out, start, s, n, issue);
	return KAIGO_NORM_OK;
fail:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	issue->offset = 0;
	issue->column = 1;
	issue->rule = "norm.internal";
	snprintf(issue->message, sizeof(issue->message),
		 "ICU could not apply the '%s' profile", kaigo_norm_profile_name(nz->profile));
	snprintf(issue->translated, sizeof(issue->translated),
		 _("ICU could not apply the '%s' profile"), kaigo_norm_profile_name(nz->profile));
	return KAIGO_NORM_ERROR;
}

void kaigo_norm_icu_release(struct kaigo_norm *nz)
{
	if (nz->trans)
		utrans_close(nz->trans);
	nz->trans = NULL;
	free(nz->u16);
	nz->u16 = NULL;
	nz->cap16 = 0;
}
