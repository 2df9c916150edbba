/*
 * privacy.h - keep personal data out of public outputs (docs/publish.md).
 *
 * The checks are data, in schemas/publish/privacy.xml: for each document
 * type the elements whose values are personal (they must not appear in a
 * public output) and those whose values are public by nature (they are
 * never findings and never masked: the site's phone, address, 事業所番号
 * and URLs), ICU regular expressions for what free text hides (phone
 * numbers, 被保険者番号 after its label, birth dates, an address after 〒,
 * names in Latin letters with an honorific), and the honorifics after
 * which MeCab's 姓/名 tokens are names (include/kaigo/names.h).
 *
 * Everything is matched on the canonical text of include/kaigo/canon.h,
 * and reported as ranges of the original bytes.  The detector
 * (kaigo_privacy_scan) works on any text and a set of values, so that
 * other tools can reuse it; kaigo_privacy_check applies it to every
 * character of a transformed result.
 */
#ifndef KAIGO_PRIVACY_H
#define KAIGO_PRIVACY_H

#include <stddef.h>

#include <libxml/tree.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"

struct kaigo_privacy;
struct kaigo_privacy_values;

/*
 * Load the checks for document type (e.g. "EvaluationResult") from the
 * data directory's publish/privacy.xml (or path, when non-NULL), and MeCab
 * with its dictionary when the checks ask for names.  Returns NULL after
 * reporting (rule "publish.privacy-load"; exit 4), also when MeCab's
 * dictionary is missing.
 */
struct kaigo_privacy *kaigo_privacy_load(const struct kaigo_catalog *cat, const char *path,
					 const struct kaigo_doctype *type, struct kaigo_diag_sink *sink);
void kaigo_privacy_free(struct kaigo_privacy *p);

/* ---- the detector ---------------------------------------------------- */

/* One finding: a range of the original text. */
struct kaigo_privacy_finding {
	size_t start, end;     /* bytes [start, end) of the text scanned */
	const char *rule;      /* "personal", "name", "phone", …: the rule id after publish.privacy.; borrowed from p */
	const char *label;     /* what it is, for messages (電話番号, 評価調査員の氏名…); borrowed */
	size_t value;          /* for rule "personal": the index of the value found (kaigo_privacy_values_add order) */
};

/* Returns a new empty set of values, free with kaigo_privacy_values_free; NULL when out of memory. */
struct kaigo_privacy_values *kaigo_privacy_values_new(void);
void kaigo_privacy_values_free(struct kaigo_privacy_values *v);

/*
 * Add a value: personal (must never appear: also found split by spaces,
 * invisible characters or brackets, and with the order of two parts
 * reversed, 姓名 ↔ 名姓) or public (never a finding, never masked).  label
 * (borrowed, must outlive v) names it in findings; line is where it was
 * read.  A value of fewer than two characters is ignored.  Returns 0, -1
 * when out of memory.
 */
int kaigo_privacy_values_add(struct kaigo_privacy *p, struct kaigo_privacy_values *v, const char *text,
			     int personal, const char *label, unsigned long line);

/* Add the personal and public values the checks select from record rec.  Returns 0, -1 when out of memory. */
int kaigo_privacy_values_from_record(struct kaigo_privacy *p, struct kaigo_privacy_values *v, xmlNodePtr rec);

/*
 * The findings in text (n bytes, any bytes) for values v (NULL: none):
 * *out gets a new array (free with free(); NULL when there are none),
 * sorted, not overlapping, each grown to take in digits next to it.
 * Time linear in n and in the number of findings (which are sorted).  Returns the number of
 * findings, or -1 when out of memory or MeCab fails.
 */
long kaigo_privacy_scan(struct kaigo_privacy *p, const struct kaigo_privacy_values *v, const char *text,
			size_t n, struct kaigo_privacy_finding **out);

/*
 * Split a name written as one word, in canonical form (kaigo/canon.h:
 * 斉藤一郎), into surname and given name as the checks' MeCab reads it:
 * *split gets the byte offset of the given name.  Returns 1 when split, 0 when not (not exactly one 姓 then
 * one 名, or the checks look for no names), -1 on failure.
 */
int kaigo_privacy_split_name(struct kaigo_privacy *p, const char *canon, size_t n, size_t *split);

/* ---- checking a result document ------------------------------------- */

/*
 * Check every character of result (a transformed output tree: text,
 * attribute values, the text of script and style, comments, processing
 * instructions) for personal data of record rec (the input record; NULL
 * when there is none).  Each finding is reported against file and the
 * line of the element of rec that holds the text (the record's line if
 * none does): as an error, or with mask set as a note, the text being
 * replaced in result by the mask string (and checked again until nothing
 * is found).  Returns the number of findings, or -1 when out of memory.
 */
long kaigo_privacy_check(struct kaigo_privacy *p, xmlNodePtr rec, const char *file, xmlDocPtr result,
			 int mask, struct kaigo_diag_sink *sink);

#endif
