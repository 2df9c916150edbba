/*
 * privacy.h - keep personal data out of public outputs (docs/publish.md).
 *
 * The checks are data, in schemas/publish/privacy.xml: for each document
 * type the elements whose values are personal (they must not appear in a
 * public output) and those whose values are public by nature (they are
 * never flagged), and ICU regular expressions for what free text hides
 * (phone numbers, 被保険者番号 after its label, names with 様/さん…).
 *
 * Text is compared in a folded form: each code point is replaced by its
 * NFKC form (full-width digits and letters become ASCII, half-width
 * katakana full-width, ﾀﾞ becomes ダ, a byte that is not UTF-8 U+FFFD) and white space is dropped (a line end
 * is kept, as one "\n"), so "０９０ １２３４" and "0901234" are the same.  The patterns are written
 * against that form.
 */
#ifndef KAIGO_PRIVACY_H
#define KAIGO_PRIVACY_H

#include <libxml/tree.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"

struct kaigo_privacy;

/*
 * Load the checks for document type (e.g. "EvaluationResult") from the
 * data directory's publish/privacy.xml (or path, when non-NULL).  Returns
 * NULL after reporting (rule "publish.privacy-load"; exit 4).
 */
struct kaigo_privacy *kaigo_privacy_load(const struct kaigo_catalog *cat, const char *path,
					 const struct kaigo_doctype *type, struct kaigo_diag_sink *sink);
void kaigo_privacy_free(struct kaigo_privacy *p);

/*
 * Check the text of result (a transformed output tree: every text node
 * and attribute value, except inside <style> and <script>) for personal
 * data of record rec (the input record; NULL when there is none).  Each
 * finding is reported against file and the line of the element of rec
 * that holds the text (the record's line if none does): as an error, or
 * with mask set as a note, the text being replaced in result by the mask
 * string.  Returns the number of findings, or -1 when out of memory.
 */
long kaigo_privacy_check(struct kaigo_privacy *p, xmlNodePtr rec, const char *file, xmlDocPtr result,
			 int mask, struct kaigo_diag_sink *sink);

/*
 * The folded form of s (n bytes of UTF-8) into a malloc'd NUL-terminated
 * string; with map non-NULL, *map gets for each folded byte the offset of
 * the source code point it came from, and one more entry for the end.
 * Returns NULL when out of memory.  (Exposed for the tests.)
 */
char *kaigo_privacy_fold(const char *s, size_t n, size_t *outlen, size_t **map);

#endif
