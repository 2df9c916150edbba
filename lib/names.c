/*
 * names.c - persons' names with MeCab and IPADIC (see include/kaigo/names.h).
 *
 * One model, tagger and lattice per handle.  A text is parsed in pieces
 * that end at a sentence end (。！？) or, for a text without one, at most
 * every 16 KiB (at a character boundary), so the lattice stays small
 * whatever the size of the record: time and memory are linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mecab.h>

#include "kaigo/names.h"

#define PIECE 16384

struct kaigo_names {
	mecab_model_t *model;
	mecab_t *tagger;
	mecab_lattice_t *lattice;
	char **hon;          /* honorifics, canonical */
	size_t nhon;
	char **not_;         /* words that are never names (八百屋), canonical */
	size_t nnot;
};

static int copy_words(char ***dst, size_t *n, const char *const *src, size_t nsrc)
{
	if (nsrc && !(*dst = calloc(nsrc, sizeof(**dst))))
		return -1;
	for (size_t i = 0; i < nsrc; i++) {
		if (!((*dst)[i] = strdup(src[i])))
			return -1;
		(*n)++;
	}
	return 0;
}

static void free_words(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

struct kaigo_names *kaigo_names_open(const char *const *honorifics, size_t nhonorifics, const char *const *not_,
				     size_t nnot, char *err, size_t errsz)
{
	struct kaigo_names *nm = calloc(1, sizeof(*nm));
	const mecab_dictionary_info_t *di;

	if (!nm) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (!(nm->model = mecab_model_new2(""))) {
		snprintf(err, errsz, "MeCab cannot load its dictionary (%s); install mecab-ipadic-utf8", mecab_strerror(NULL));
		kaigo_names_free(nm);
		return NULL;
	}
	di = mecab_model_dictionary_info(nm->model);
	if (!di || !di->charset || (strcasecmp(di->charset, "utf-8") && strcasecmp(di->charset, "utf8"))) {
		snprintf(err, errsz, "MeCab's dictionary %s is in %s, not UTF-8; install mecab-ipadic-utf8",
			 di && di->filename ? di->filename : "(none)", di && di->charset ? di->charset : "an unknown charset");
		kaigo_names_free(nm);
		return NULL;
	}
	if (!(nm->tagger = mecab_model_new_tagger(nm->model)) || !(nm->lattice = mecab_model_new_lattice(nm->model))) {
		snprintf(err, errsz, "MeCab cannot start (%s)", mecab_strerror(NULL));
		kaigo_names_free(nm);
		return NULL;
	}
	if (copy_words(&nm->hon, &nm->nhon, honorifics, nhonorifics) < 0 ||
	    copy_words(&nm->not_, &nm->nnot, not_, nnot) < 0) {
		snprintf(err, errsz, "out of memory");
		kaigo_names_free(nm);
		return NULL;
	}
	return nm;
}

void kaigo_names_free(struct kaigo_names *nm)
{
	if (!nm)
		return;
	if (nm->lattice)
		mecab_lattice_destroy(nm->lattice);
	if (nm->tagger)
		mecab_destroy(nm->tagger);
	if (nm->model)
		mecab_model_destroy(nm->model);
	free_words(nm->hon, nm->nhon);
	free_words(nm->not_, nm->nnot);
	free(nm);
}

/*
 * SEI, MEI: IPADIC's 姓 and 名.  KANA: a katakana word that is tagged a
 * place or an organisation, or is unknown to the dictionary (ヤマダ is
 * tagged a place, スズキ an organisation): a name when an honorific
 * follows.  (固有名詞,一般 and 人名,一般 are not: マリア, サンタ.)
 */
enum kind { OTHER, SEI, MEI, KANA };

static int katakana_at(const char *p, size_t n);

static int all_katakana(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3)
		if (!katakana_at(s + i, n - i))
			return 0;
	return n > 0;
}

static enum kind kind_of(const struct kaigo_names *nm, const mecab_node_t *n)
{
	static const char sei[] = "名詞,固有名詞,人名,姓", mei[] = "名詞,固有名詞,人名,名";
	static const char org[] = "名詞,固有名詞,組織", place[] = "名詞,固有名詞,地域";

	if ((n->stat != MECAB_NOR_NODE && n->stat != MECAB_UNK_NODE) || !n->feature)
		return OTHER;
	for (size_t i = 0; i < nm->nnot; i++)
		if (strlen(nm->not_[i]) == n->length && !memcmp(nm->not_[i], n->surface, n->length))
			return OTHER;
	if (!strncmp(n->feature, sei, sizeof(sei) - 1))
		return SEI;
	if (!strncmp(n->feature, mei, sizeof(mei) - 1))
		return MEI;
	if (all_katakana(n->surface, n->length) && n->length >= 6 &&
	    (n->stat == MECAB_UNK_NODE || !strncmp(n->feature, org, sizeof(org) - 1) ||
	     !strncmp(n->feature, place, sizeof(place) - 1)))
		return KANA;
	return OTHER;
}

/* The length of the honorific that begins at s (n bytes), or 0. */
static size_t honorific(const struct kaigo_names *nm, const char *s, size_t n)
{
	size_t best = 0;

	for (size_t i = 0; i < nm->nhon; i++) {
		size_t l = strlen(nm->hon[i]);

		if (l <= n && l > best && !memcmp(s, nm->hon[i], l))
			best = l;
	}
	return best;
}

/* Is the UTF-8 character ending just before p (at least base) katakana? */
static int katakana_before(const char *base, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p - base < 3)
		return 0;
	/* U+30A1..U+30FA, U+30FC: E3 82 A1..E3 83 BA, E3 83 BC */
	if (u[-3] != 0xE3)
		return 0;
	return (u[-2] == 0x82 && u[-1] >= 0xA1) || (u[-2] == 0x83 && (u[-1] <= 0xBA || u[-1] == 0xBC));
}

static int katakana_at(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	return n >= 3 && u[0] == 0xE3 && ((u[1] == 0x82 && u[2] >= 0xA1) || (u[1] == 0x83 && (u[2] <= 0xBA || u[2] == 0xBC)));
}

/* The next piece of text from off: up to a sentence end, at most PIECE bytes. */
static size_t piece_end(const char *t, size_t n, size_t off)
{
	size_t lim = n - off > PIECE ? off + PIECE : n, i;

	for (i = off; i + 3 <= lim; i++) /* 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F */
		if (((unsigned char)t[i] == 0xE3 && !memcmp(t + i, "。", 3)) ||
		    ((unsigned char)t[i] == 0xEF && (!memcmp(t + i, "！", 3) || !memcmp(t + i, "？", 3))))
			return i + 3;
	if (lim == n)
		return n;
	while (lim > off && ((unsigned char)t[lim] & 0xC0) == 0x80)
		lim--;
	return lim > off ? lim : n;
}

static int parse(struct kaigo_names *nm, const char *s, size_t n)
{
	mecab_lattice_set_sentence2(nm->lattice, s, n);
	return mecab_parse_lattice(nm->tagger, nm->lattice) ? 0 : -1;
}

int kaigo_names_find(struct kaigo_names *nm, const char *text, size_t n,
		     int (*found)(void *ctx, size_t start, size_t end), void *ctx)
{
	size_t off = 0;

	while (off < n) {
		size_t end = piece_end(text, n, off);
		const mecab_node_t *node;

		if (parse(nm, text + off, end - off) < 0)
			return -1;
		for (node = mecab_lattice_get_bos_node(nm->lattice); node; node = node->next) {
			enum kind k = kind_of(nm, node);
			const char *s = node->surface, *after;
			size_t start, stop, h;

			if (k == OTHER)
				continue;
			/* a katakana "name" glued to katakana before it is part of a word (ケアマネ) */
			if (katakana_at(s, node->length) && katakana_before(text + off, s))
				continue;
			start = (size_t)(s - text);
			stop = start + node->length;
			after = text + stop;
			if (k == SEI && node->next && kind_of(nm, node->next) == MEI &&
			    node->next->surface == after) {
				/* 姓 + 名 (and the honorific after them, masked with them) */
				stop += node->next->length;
				h = honorific(nm, text + stop, n - stop);
				if (found(ctx, start, stop + h) < 0)
					return -1;
				node = node->next;
				continue;
			}
			h = honorific(nm, after, n - stop);
			if (!h && k == KANA) {
				/* one token with its honorific: タナカサン */
				static const char *const tail[] = { "サン", "サマ", "チャン", "クン" };

				for (size_t t = 0; t < sizeof(tail) / sizeof(tail[0]); t++) {
					size_t tl = strlen(tail[t]);

					if (node->length >= tl + 6 && !memcmp(s + node->length - tl, tail[t], tl)) {
						if (found(ctx, start, stop) < 0)
							return -1;
						break;
					}
				}
				continue;
			}
			if (!h)
				continue;
			/* 様子, 様式: the honorific must be a token of its own or end one */
			if (node->next && node->next->surface == after && node->next->length > h &&
			    kind_of(nm, node->next) == OTHER && !katakana_at(after, n - stop))
				continue;
			if (found(ctx, start, stop + h) < 0)
				return -1;
		}
		off = end;
	}
	return 0;
}

int kaigo_names_split(struct kaigo_names *nm, const char *text, size_t n, size_t *split)
{
	const mecab_node_t *a, *b;

	if (parse(nm, text, n) < 0)
		return -1;
	a = mecab_lattice_get_bos_node(nm->lattice);
	a = a ? a->next : NULL;
	b = a ? a->next : NULL;
	if (!a || !b || kind_of(nm, a) != SEI || kind_of(nm, b) != MEI || a->surface != text ||
	    b->surface + b->length != text + n || b->next == NULL || b->next->stat != MECAB_EOS_NODE)
		return 0;
	*split = a->length;
	return 1;
}
