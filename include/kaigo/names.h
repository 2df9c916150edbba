/*
 * names.h - persons' names in Japanese text, found with MeCab and the
 * IPADIC dictionary (docs/publish.md, "Privacy").
 *
 * IPADIC tags surnames and given names (名詞,固有名詞,人名,姓 / 名).  A
 * name is found where
 *   - a surname is directly followed by a given name (斉藤一郎), or
 *   - a surname or a given name is directly followed by an honorific
 *     (様, さん, 君, 氏, …: the list is data, in privacy.xml), or
 *   - a katakana word tagged a place or an organisation, or unknown
 *     to IPADIC (ヤマダ is tagged a place, スズキ a company) is directly
 *     followed by an honorific, or ends in サン/サマ/チャン/クン (タナカサン).
 * A word that merely takes さん (床屋さん, 区長さん) holds no 人名 token
 * and is no finding; a katakana "name" glued to the katakana before it
 * (ケア|マネさん) is part of that word.  A bare name MeCab does not know,
 * or a bare surname without an honorific, is not found.
 *
 * The dictionary is loaded once by kaigo_names_open (about 50 MB mapped).
 * On Linux the process keeps about 16 MiB of it resident: past
 * that, its mappings of the dictionary's pages are let go (they stay in
 * the page cache) and the next words fault back in the pages they need.
 */
#ifndef KAIGO_NAMES_H
#define KAIGO_NAMES_H

#include <stddef.h>

struct kaigo_names;

/*
 * Open MeCab with its default dictionary (mecabrc; MECABRC in the
 * environment names another) and the honorifics (each a NUL-terminated
 * UTF-8 string in their canonical form, kaigo/canon.h; borrowed, copied),
 * and the words that are never names whatever IPADIC says (八百屋 is
 * tagged a surname; same form, copied).
 * Returns a new handle, free with kaigo_names_free; NULL when MeCab or its
 * dictionary cannot be loaded or is not UTF-8, with the reason in
 * err (errsz bytes).
 */
struct kaigo_names *kaigo_names_open(const char *const *honorifics, size_t nhonorifics, const char *const *not_,
				     size_t nnot, char *err, size_t errsz);
void kaigo_names_free(struct kaigo_names *nm);

/* A name found: bytes [start, end) of the text given. */
struct kaigo_name_span {
	size_t start, end;
};

/*
 * The names in text (n bytes of UTF-8, normally canonical) in order: calls
 * found(ctx, start, end) for each.  Returns 0, or -1 when MeCab fails or
 * memory runs out.
 */
int kaigo_names_find(struct kaigo_names *nm, const char *text, size_t n,
		     int (*found)(void *ctx, size_t start, size_t end), void *ctx);

/*
 * Split a name written without a space (山田太郎) into surname and given
 * name as MeCab reads it: *split gets the byte offset of the given name,
 * when the whole of text is exactly one 姓 then one 名.  Returns 1 when
 * split, 0 when not, -1 on failure.
 */
int kaigo_names_split(struct kaigo_names *nm, const char *text, size_t n, size_t *split);

/*
 * For the tests: how a handle works inside.
 *   kaigo_names_by_posid: 1 when a word's part of speech is read from its
 *     posid (after a few checks against its feature), 0 when from its
 *     feature every time (KAIGO_NAMES_BY_FEATURE set in the environment
 *     when the handle was opened, or a dictionary whose posids do not
 *     tell the parts of speech apart);
 *   kaigo_names_set_budget: the dictionary's bytes kept resident (1 lets
 *     go of them at every count);
 *   kaigo_names_resident: the dictionary's bytes resident now, -1 when
 *     unknown (not Linux, no /proc).
 */
int kaigo_names_by_posid(const struct kaigo_names *nm);
void kaigo_names_set_budget(struct kaigo_names *nm, size_t bytes);
long kaigo_names_resident(const struct kaigo_names *nm);

#endif
