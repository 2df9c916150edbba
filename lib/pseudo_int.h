/*
 * pseudo_int.h - what the parts of the pseudonymizer share (lib/pseudo*.c
 * only; tools and tests use include/kaigo/pseudo.h).
 *
 * pseudo.c holds the key, the lists and the value generators;
 * pseudo_rec.c what is personal in a record of a document type, the
 * record's dictionary of replaced values, free text and --check;
 * pseudo_xml.c and pseudo_csv.c walk the two kinds of input.
 */
#ifndef KAIGO_PSEUDO_INT_H
#define KAIGO_PSEUDO_INT_H

#include <stdint.h>

#include <gcrypt.h>
#include <libxml/pattern.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "kaigo/privacy.h"
#include "kaigo/pseudo.h"

struct pseudo_entry {
	char *text;   /* kanji (or kana) as written, UTF-8; owned */
	char *kana;   /* katakana reading; in municipalities.txt the postal area
			 (3 digits); NULL in the other place lists; owned */
};

struct pseudo_list {
	struct pseudo_entry *e;  /* owned array */
	size_t n;
};

struct pseudo_kindmap {
	char *local;                 /* element local name; owned */
	enum kaigo_pseudo_kind kind;
};

/* One XPath that selects personal (or, office set, 事業所番号) values of a type. */
struct pseudo_sel {
	xmlXPathCompExprPtr xp;  /* owned */
	xmlPatternPtr pat;       /* the same as a pattern (one walk tests them all), or
				    NULL when libxml2's pattern subset cannot express it; owned */
	char *last;              /* with pat: the local names its branches end in, each
				    followed by a space (" name furigana "), or NULL: any; owned */
	int office;              /* 1: a 事業所番号 select (only with --offices) */
};

/* What is personal in one document type, compiled on first use. */
/* The pattern selects that can match an element of one local name (see sels_for). */
struct pseudo_namesels {
	char *name;                      /* the local name; NULL: a free slot; owned */
	size_t *idx;                     /* indices into sel, in order; owned */
	size_t n;
};

struct pseudo_type {
	const struct kaigo_doctype *dt;  /* borrowed from the catalog */
	struct pseudo_sel *sel;          /* owned array */
	size_t nsel;
	struct kaigo_privacy *priv;      /* the detector for free text and --check; owned, NULL if none */
	struct pseudo_namesels *names;   /* open addressing, names_cap slots; owned */
	size_t names_cap, names_n;
	/* names[] entries by the address of an element's name in the parser's
	   dictionary (the same name, the same address, within one document):
	   valid for the document numbered pcache_doc with dictionary
	   pcache_dict, emptied when names[] moves */
	struct {
		const void *name;
		const struct pseudo_namesels *sl;
	} pcache[1024];
	const void *pcache_dict;
	unsigned long pcache_doc;
};

/*
 * A MAC computed before: the same domain and value come back record after
 * record (the care manager's name, the offices), and a MAC is 4 to 5
 * SHA-256 blocks.  Direct-mapped, values of up to MAC_KEEP_LEN bytes.
 */
#define MAC_KEEP 2048
#define MAC_KEEP_LEN 46
struct pseudo_mac_kept {
	const char *domain;              /* a string literal of the callers; NULL: empty slot */
	unsigned char len;
	char data[MAC_KEEP_LEN];
	unsigned char h[32];
};

struct kaigo_pseudo {
	gcry_md_hd_t md;                 /* HMAC-SHA-256 handle holding the key */
	struct pseudo_mac_kept *kept;    /* MAC_KEEP entries, made on first use; owned */
	struct kaigo_pseudo_opts o;
	const struct kaigo_catalog *cat; /* borrowed */
	struct pseudo_list surnames, given, towns, buildings, municipalities;
	struct pseudo_listed {
		uint64_t hash;
		const char *text;        /* borrowed from surnames or given */
	} *listed;                       /* the names and readings of surnames and given, by hash; owned */
	unsigned long docs;              /* XML documents begun (pseudo_type.pcache) */
	size_t nlisted;
	struct pseudo_kindmap *kinds;    /* owned array */
	size_t nkinds;
	xmlDocPtr fields;                /* schemas/pseudo/fields.xml; owned */
	xmlDocPtr privacy;               /* schemas/publish/privacy.xml; owned */
	struct pseudo_type **types;      /* owned, one per type met, each allocated on its own */
	size_t ntypes;
	char **hon;                      /* privacy.xml's honorifics, canonical, read on first use; owned */
	size_t nhon;
	int hon_read;
	/* which first characters the values of the dictionary searched last
	   start with (a bit per pseudo_start_key, pseudo_rec.c); one per
	   pseudonymizer, not per dictionary, which would cost 512 bytes a person */
	const struct pseudo_dict *scan_dict;
	size_t scan_n;
	unsigned long long starts[64];
};

/* One replacement of a record: every occurrence of from in free text becomes to. */
struct pseudo_pair {
	char *from;   /* owned, UTF-8 */
	char *to;     /* owned, UTF-8 */
	size_t flen, tlen; /* their lengths in bytes */
	int kind;     /* enum kaigo_pseudo_kind, for the --check message; negative: a
			 part of a name (surname or given name alone) */
	int valued;   /* given to the detector as a personal value (pseudo_dict.vals) */
	size_t vidx;  /* then: its index there, and in pseudo_dict.vto */
};

/* What a personal value of the detector (by its index) stands for. */
struct pseudo_vto {
	const char *to;  /* the pseudonym (borrowed from the pair, freed with it) */
	size_t tlen;
	int kind;        /* the pair's */
	int listed;      /* a part of a name that the name lists hold: not a leak alone */
};

/* The replaced values of one record (or, in CSV, of one person's rows). */
struct pseudo_dict {
	struct pseudo_pair *p;   /* owned array */
	size_t n, cap;
	int sorted;              /* longest from first */
	struct kaigo_privacy_values *vals; /* the pairs' from, personal values of the detector; owned, NULL until used */
	struct pseudo_vto *vto;  /* per value index (kaigo_privacy_values_add order); owned */
	size_t nvto, capvto;
	/* the words of the real names and readings of the record (person): no
	   name or reading pseudonym may be one of them (pseudo_dict_reserve) */
	char **res;              /* owned */
	size_t nres, capres;
};

/* The compiled selects of type dt (NULL after reporting, rule "pseudo.load"). */
struct pseudo_type *pseudo_type_get(struct kaigo_pseudo *ps, const struct kaigo_doctype *dt,
				    struct kaigo_diag_sink *sink);

/*
 * Replace the value s of kind with its pseudonym into out, and add what
 * free text may hold of it to d (may be NULL).  pair as kaigo_pseudo_value.
 */
int pseudo_replace(struct kaigo_pseudo *ps, enum kaigo_pseudo_kind kind, const char *s, size_t n,
		   const char *pair, size_t pair_n, struct pseudo_dict *d, struct kaigo_buf *out);

/* Whether s is a surname or given name of the lists (or the reading of one). */
int pseudo_listed(const struct kaigo_pseudo *ps, const char *s);
/* The index pseudo_listed looks in first: made once the lists are loaded. */
int pseudo_listed_index(struct kaigo_pseudo *ps);

/*
 * A surname (given name) pseudonym of s (kanji, or its reading when s is
 * kana) into out: 山田様 and ヤマダさん.  The same as a name field's part
 * gets (gen_name picks each part keyed on its own text).
 */
int pseudo_surname(struct kaigo_pseudo *ps, const char *s, size_t n, const struct pseudo_dict *d,
		   struct kaigo_buf *out);
int pseudo_given(struct kaigo_pseudo *ps, const char *s, size_t n, const struct pseudo_dict *d, struct kaigo_buf *out);

/*
 * Call fn for every element of rec that a select of t picks, once each,
 * with its kind (office selects only with --offices; without it, kept is
 * called for them if not NULL: codes, never free text).  Returns 0, -1
 * when out of memory or fn failed.
 */
int pseudo_each(struct kaigo_pseudo *ps, struct pseudo_type *t, xmlNodePtr rec,
		int (*fn)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind),
		int (*kept)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind), void *ctx);

/*
 * Whether s[0..n) is free text to search: it holds a byte outside ASCII or
 * white space between two words (TEL 03-1234-5678).  One ASCII word is a
 * field's value, a code or a number (00123-000456, 154-0099, careManager),
 * never rewritten as free text; so a phone number written alone in a field
 * that is not personal is not found either (the man page says so).
 */
int pseudo_free_text(const char *s, size_t n);

/* Whether s[0..n) holds a byte outside ASCII. */
int pseudo_has_non_ascii(const char *s, size_t n);

int pseudo_dict_add(struct pseudo_dict *d, const char *from, size_t fn, const char *to, size_t tn, int kind);
void pseudo_dict_clear(struct pseudo_dict *d);
/*
 * Reserve the words (split at white space) of a real name or reading of
 * the record: the generators never give a name part or reading that is
 * one of them, so that no person's real name comes back as another
 * person's pseudonym.  Returns 0, -1 when out of memory.
 */
int pseudo_dict_reserve(struct pseudo_dict *d, const char *s, size_t n);
void pseudo_dict_release(struct pseudo_dict *d);

/*
 * The privacy detector's hook: everything personal kaigo_privacy_scan of
 * t (NULL: none) finds in s (the values of d in any writing, names,
 * telephone numbers, numbers after 被保険者番号 ...) goes into d, as written
 * in s.  Returns 0, -1 when out of memory or MeCab failed.
 */
int pseudo_detect(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s, size_t n);

/*
 * Free text: every dictionary value in s, and every personal value the
 * privacy detector of t finds (t may be NULL), replaced into out.  The
 * detector's findings are added to d.  *count gets the replacements.
 * Returns 0, -1 when out of memory.
 */
int pseudo_freetext(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s,
		    size_t n, struct kaigo_buf *out, unsigned long *count);

/*
 * --check: report (rule "pseudo.check") each value of d still present in
 * the output text s: what the privacy detector of t (NULL: none; the
 * values are then looked for in the canonical text) finds as one of them,
 * or finds (a name, a number) holding one.  A part of a name that is
 * itself in the name lists is not looked for alone: another person's
 * pseudonym may be made of it; the whole name is.  Returns the number of
 * findings, -1 when out of memory.
 */
long pseudo_check(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s, size_t n,
		  const char *file, unsigned long line, struct kaigo_diag_sink *sink);

#endif
