/*
 * privacy.c - personal data checks for public outputs (see include/kaigo/privacy.h).
 *
 * Loading: privacy.xml is parsed with the safe options, the <type> whose
 * name is the document type gives the personal and public XPaths (prefix
 * k: is the type's namespace), every <pattern> is compiled with ICU's
 * uregex, and <names> opens MeCab once.
 *
 * Scanning one text: its canonical form (kaigo/canon.h) is searched for
 * the public values (ranges where nothing is a finding), the personal
 * values (on the canonical form without brackets), the patterns and the
 * names; the hits are sorted and merged, each merged range is one finding,
 * mapped back to the original bytes.  Every step is linear in the text or
 * in the hits (sorting aside); nothing is searched again per finding.
 *
 * Checking a result: every text-bearing node is scanned; a finding is
 * reported with the line of the record element whose text holds it,
 * found through an index of the record's texts built on the first finding
 * (an exact match of the whole text first; a search of the record is
 * tried for at most SEARCHES findings per record, then the record's line
 * is used, so a record with thousands of findings stays linear).
 */
#define _GNU_SOURCE /* memmem */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>

#include "kaigo/buf.h"
#include "kaigo/canon.h"
#include "kaigo/hash.h"
#include "kaigo/names.h"
#include "kaigo/privacy.h"
#include "kaigo/xmlin.h"

#define PRIV_NS "urn:kaigo:privacy:1"
#define SEARCHES 64          /* record searches for a finding's line, per record */
#define NONAME_SLOTS 65536   /* texts known to hold no name (a cache of MeCab's answers) */
#define SPLIT_SLOTS 4096     /* one-word personal names and where MeCab splits them */
#define FORM_SLOTS 1024      /* values and their canonical forms (kaigo_privacy_values_add) */

struct pattern {
	char *id;            /* rule id suffix: publish.privacy.ID */
	char *label;         /* what it finds, for messages */
	URegularExpression *re;
	URegularExpression *except; /* a match this finds in full is not a finding; or NULL */
	int min_digits, max_digits; /* ASCII digits a match must hold (0: any) */
	char **when;         /* the text must hold one of these (canonical) to be searched; NULL: always */
	size_t nwhen;
	int has_chars;       /* chars given: a match is made of these characters only */
	uint64_t chars[4];   /* that set, a bit per byte value (ASCII only) */
};

/* A cue: a string of some pattern's when list (see find_cues). */
struct cue {
	const char *text;
	size_t len;
	size_t pattern;
};

/* A one-word personal name and where MeCab splits it into 姓 and 名. */
struct split {
	char *text;          /* canonical; NULL: a free slot */
	size_t len;
	int found;           /* kaigo_names_split's answer */
	size_t at;           /* the split, when found */
};

/* A value and its canonical forms, remembered (at most two forms). */
struct forms {
	char *text;          /* the value as given; NULL: a free slot */
	size_t tlen;
	int personal;
	size_t n;            /* forms */
	char *f[2];
	size_t len[2];
};

struct selector {
	xmlXPathCompExprPtr xp;
	char *label;
	char *text;          /* as written */
};

struct kaigo_privacy {
	char *file;          /* privacy.xml path, for messages */
	char *ns;            /* the document type's namespace */
	char *mask;          /* replacement text */
	struct pattern *pats;
	size_t npats;
	struct selector *personal, *public_;
	size_t npersonal, npublic;
	struct kaigo_names *names; /* NULL: no <names> in the checks */
	char *names_label;
	uint64_t *noname;    /* hashes of canonical texts MeCab found no name in (open addressing, 0 = empty) */
	size_t nnoname;
	struct cue *cues;    /* the when strings of all patterns, by their first byte */
	size_t ncues;
	unsigned short cue_at[257]; /* the cues starting with byte b: cues[cue_at[b], cue_at[b + 1]) */
	uint64_t cue1[4];    /* first bytes of one-byte cues */
	uint64_t *cue2;      /* first two bytes of longer cues: 65 536 bits */
	unsigned char *on;   /* per pattern, during a scan: a cue of it is in the text */
	struct split *splits; /* SPLIT_SLOTS, allocated with names */
	struct forms *forms; /* FORM_SLOTS, allocated when first used */
};

/* A value: canonical text without brackets, and where it came from. */
struct value {
	char *text;
	size_t len;
	const char *label;
	unsigned long line;
	int personal;
	size_t index;        /* the value it is a form of (kaigo_privacy_values_add order) */
};

struct kaigo_privacy_values {
	struct value *v;
	size_t n, cap;
	size_t added;        /* values added (forms share an index) */
};

/* A hit in the canonical text. */
struct hit {
	size_t start, end;
	const char *rule, *label;
	size_t value;
};

struct hits {
	struct hit *h;
	size_t n, cap;
};

/* ---- small helpers ---------------------------------------------------- */

/* The first occurrence of needle (nl bytes) in hay (hl bytes), or NULL (glibc's memmem is linear). */
static const char *find(const char *hay, size_t hl, const char *needle, size_t nl)
{
	if (!nl || nl > hl)
		return NULL;
	return memmem(hay, hl, needle, nl);
}

static size_t u8_end(const char *s, size_t at, size_t n)
{
	size_t i = at + 1;

	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* Never 0 (the empty slot of noname). */
static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = kaigo_hash(KAIGO_HASH_SEED, s, n);

	return h ? h : 1;
}

static int add_hit(struct hits *hs, size_t s, size_t e, const char *rule, const char *label, size_t value)
{
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? hs->cap * 2 : 16;
		struct hit *nh = realloc(hs->h, cap * sizeof(*nh));

		if (!nh)
			return -1;
		hs->h = nh;
		hs->cap = cap;
	}
	hs->h[hs->n].start = s;
	hs->h[hs->n].end = e;
	hs->h[hs->n].rule = rule;
	hs->h[hs->n].label = label;
	hs->h[hs->n].value = value;
	hs->n++;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

/* Merge sorted ranges in place: overlapping or touching ones become one. */
static void merge(struct hits *hs)
{
	size_t i, k = 0;

	if (hs->n)
		qsort(hs->h, hs->n, sizeof(*hs->h), cmp_hit);
	for (i = 0; i < hs->n; i++) {
		if (k && hs->h[i].start < hs->h[k - 1].end) {
			if (hs->h[i].end > hs->h[k - 1].end)
				hs->h[k - 1].end = hs->h[i].end;
			continue;
		}
		hs->h[k++] = hs->h[i];
	}
	hs->n = k;
}

/* Does [s, e) overlap one of the merged sorted ranges r? (binary search) */
static int overlaps(const struct hits *r, size_t s, size_t e)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) { /* the first range that ends after s */
		size_t mid = lo + (hi - lo) / 2;

		if (r->h[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->h[lo].start < e;
}

/*
 * The length of the bracket or quote character (canonical form) at s, or
 * 0: ( ) [ ] { } < > " ' , 〈〉《》「」『』【】 (U+3008-U+3011), 〔〕〖〗〘〙〚〛
 * (U+3014-U+301B), “ ” ‘ ’ and ・ - dropped when matching values.
 */
static size_t bracket_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80)
		return u[0] && strchr("()[]{}<>\"'", u[0]) ? 1 : 0;
	if (n < 3)
		return 0;
	if (u[0] == 0xE3)
		return (u[1] == 0x80 && ((u[2] >= 0x88 && u[2] <= 0x91) || (u[2] >= 0x94 && u[2] <= 0x9B))) ||
		       (u[1] == 0x83 && u[2] == 0xBB) ? 3 : 0;
	if (u[0] == 0xE2)
		return u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D) ? 3 : 0;
	return 0;
}

/* s without brackets into a new string; with idx, idx[k] = offset in s of byte k (and idx[len] = n). */
static char *unbracket(const char *s, size_t n, size_t *len, size_t **idx)
{
	char *out = malloc(n + 1);
	size_t *ix = idx ? malloc((n + 1) * sizeof(*ix)) : NULL;
	size_t i = 0, k = 0;

	if (!out || (idx && !ix)) {
		free(out);
		free(ix);
		return NULL;
	}
	/* the bytes a bracket can start with (bracket_len) */
	static const unsigned char lead[256] = { ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
						 ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1, [0xE2] = 1, [0xE3] = 1 };

	while (i < n) {
		size_t b = 0, j = i;

		/* a run that holds no bracket (a kana's lead byte E3 starts most
		   characters of a Japanese text, and few brackets), copied whole */
		for (;;) {
			while (j < n && !lead[(unsigned char)s[j]])
				j++;
			if (j >= n || (b = bracket_len(s + j, n - j)))
				break;
			j++;
		}
		memcpy(out + k, s + i, j - i);
		for (; ix && i < j; i++)
			ix[k++] = i;
		k += j - i;
		i = j + b;
	}
	out[k] = '\0';
	if (ix)
		ix[k] = n;
	*len = k;
	if (idx)
		*idx = ix;
	return out;
}

/* ---- loading --------------------------------------------------------- */

static char *prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

static int is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, PRIV_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

__attribute__((format(printf, 4, 5)))
static void load_error(struct kaigo_diag_sink *sink, const char *file, xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;

	/* vreport translates fmt (xgettext: keyword load_error:4) */
	va_start(ap, fmt);
	kaigo_diag_vreport(sink, KAIGO_SEV_ERROR, file, n ? (unsigned long)xmlGetLineNo(n) : 0, 0,
			   "publish.privacy-load", fmt, ap);
	va_end(ap);
}

static URegularExpression *compile(const char *file, xmlNodePtr n, const char *src, struct kaigo_diag_sink *sink)
{
	UErrorCode err = U_ZERO_ERROR;
	UParseError pe;
	URegularExpression *re = uregex_openC(src, 0, &pe, &err);

	if (U_FAILURE(err)) {
		char msg[400];

		snprintf(msg, sizeof(msg), "regular expression '%.200s' does not compile (%s, at offset %d)", src,
			 u_errorName(err), (int)pe.offset);
		load_error(sink, file, n, "%s", msg);
		return NULL;
	}
	return re;
}

static int add_selector(struct selector **arr, size_t *n, xmlXPathContextPtr xc, xmlNodePtr e, const char *file,
			struct kaigo_diag_sink *sink)
{
	char *sel = prop(e, "select");
	struct selector *na, *s;

	if (!sel) {
		load_error(sink, file, e, "<%s> needs a select attribute", (const char *)e->name);
		return -1;
	}
	if (!(na = realloc(*arr, (*n + 1) * sizeof(**arr)))) {
		xmlFree(sel);
		return -1;
	}
	*arr = na;
	s = &na[*n];
	memset(s, 0, sizeof(*s));
	s->text = strdup(sel);
	s->label = prop(e, "label");
	s->xp = xmlXPathCtxtCompile(xc, (const xmlChar *)sel);
	xmlFree(sel);
	(*n)++;
	if (!s->xp) {
		load_error(sink, file, e, "select '%s' is not an XPath expression", s->text);
		return -1;
	}
	return 0;
}

/* The space-separated words of s, each in canonical form, into *words. */
static int split_words(const char *s, char ***words, size_t *nwords)
{
	char *copy = strdup(s), *save = NULL, *w;

	if (!copy)
		return -1;
	for (w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		struct kaigo_canon c = KAIGO_CANON_INIT;
		char **nw = realloc(*words, (*nwords + 1) * sizeof(*nw));

		if (!nw || kaigo_canon_make(&c, w, strlen(w)) < 0) {
			if (nw)
				*words = nw;
			free(copy);
			return -1;
		}
		*words = nw;
		nw[(*nwords)++] = c.text; /* the canonical text is kept, its maps freed */
		c.text = NULL;
		kaigo_canon_release(&c);
	}
	free(copy);
	return 0;
}

static int load_pattern(struct kaigo_privacy *p, xmlNodePtr e, struct kaigo_diag_sink *sink)
{
	char *id = prop(e, "id"), *re = prop(e, "regex"), *ex = prop(e, "except");
	char *mn = prop(e, "min-digits"), *mx = prop(e, "max-digits"), *when = prop(e, "when");
	char *chars = prop(e, "chars");
	struct pattern *na, *pt;
	int ret = -1;

	if (!id || !re) {
		load_error(sink, p->file, e, "%s", "<pattern> needs id and regex attributes");
		goto done;
	}
	if (!(na = realloc(p->pats, (p->npats + 1) * sizeof(*na))))
		goto done;
	p->pats = na;
	pt = &na[p->npats++];
	memset(pt, 0, sizeof(*pt));
	pt->id = strdup(id);
	pt->label = prop(e, "label");
	pt->min_digits = mn ? atoi(mn) : 0;
	pt->max_digits = mx ? atoi(mx) : 0;
	if (when && split_words(when, &pt->when, &pt->nwhen) < 0)
		goto done;
	if (chars) {
		for (const unsigned char *c = (const unsigned char *)chars; *c; c++) {
			if (*c >= 0x80) {
				load_error(sink, p->file, e, "%s", "chars lists ASCII characters only (the canonical "
								    "form of digits, separators and brackets)");
				goto done;
			}
			pt->chars[*c >> 6] |= 1ULL << (*c & 63);
		}
		pt->has_chars = 1;
	}
	if (!(pt->re = compile(p->file, e, re, sink)))
		goto done;
	if (ex && !(pt->except = compile(p->file, e, ex, sink)))
		goto done;
	ret = 0;
done:
	xmlFree(id);
	xmlFree(re);
	xmlFree(ex);
	xmlFree(mn);
	xmlFree(mx);
	xmlFree(when);
	xmlFree(chars);
	return ret;
}

static int load_names(struct kaigo_privacy *p, xmlNodePtr e, struct kaigo_diag_sink *sink)
{
	char *hon = prop(e, "honorifics"), *not_ = prop(e, "not"), err[400];
	char **words = NULL, **nots = NULL;
	size_t nwords = 0, nnots = 0, i;
	int ret = -1;

	p->names_label = prop(e, "label");
	if (!hon) {
		load_error(sink, p->file, e, "%s", "<names> needs a honorifics attribute");
		goto done;
	}
	if (split_words(hon, &words, &nwords) < 0 || (not_ && split_words(not_, &nots, &nnots) < 0))
		goto done;
	if (!(p->names = kaigo_names_open((const char *const *)words, nwords, (const char *const *)nots, nnots, err,
					  sizeof(err)))) {
		load_error(sink, p->file, e, "cannot look for names: %s", err);
		goto done;
	}
	if (!(p->noname = calloc(NONAME_SLOTS, sizeof(*p->noname))) ||
	    !(p->splits = calloc(SPLIT_SLOTS, sizeof(*p->splits))))
		goto done;
	ret = 0;
done:
	for (i = 0; i < nwords; i++)
		free(words[i]);
	free(words);
	for (i = 0; i < nnots; i++)
		free(nots[i]);
	free(nots);
	xmlFree(hon);
	xmlFree(not_);
	return ret;
}

static int cmp_cue(const void *a, const void *b)
{
	const struct cue *x = a, *y = b;
	unsigned char cx = (unsigned char)x->text[0], cy = (unsigned char)y->text[0];

	return cx != cy ? (cx < cy ? -1 : 1) : (x->pattern > y->pattern) - (x->pattern < y->pattern);
}

/* All when strings in one table, so that one pass over a text finds which patterns to try. */
static int index_cues(struct kaigo_privacy *p)
{
	size_t i, k, n = 0;

	for (i = 0; i < p->npats; i++)
		n += p->pats[i].nwhen;
	if (!(p->on = calloc(p->npats ? p->npats : 1, 1)) || !(p->cue2 = calloc(65536 / 64, sizeof(*p->cue2))) ||
	    (n && !(p->cues = calloc(n, sizeof(*p->cues)))))
		return -1;
	for (i = 0; i < p->npats; i++)
		for (k = 0; k < p->pats[i].nwhen; k++) {
			const unsigned char *w = (const unsigned char *)p->pats[i].when[k];
			size_t len = strlen((const char *)w);

			if (!len)
				continue;
			p->cues[p->ncues].text = (const char *)w;
			p->cues[p->ncues].len = len;
			p->cues[p->ncues].pattern = i;
			p->ncues++;
			if (len == 1)
				p->cue1[w[0] >> 6] |= 1ULL << (w[0] & 63);
			else
				p->cue2[(w[0] << 8 | w[1]) >> 6] |= 1ULL << ((w[0] << 8 | w[1]) & 63);
		}
	if (p->ncues > 65535)
		return -1;
	if (p->ncues)
		qsort(p->cues, p->ncues, sizeof(*p->cues), cmp_cue);
	for (i = 0, k = 0; i < 257; i++) {
		while (k < p->ncues && (unsigned char)p->cues[k].text[0] < i)
			k++;
		p->cue_at[i] = (unsigned short)k;
	}
	return 0;
}

struct kaigo_privacy *kaigo_privacy_load(const struct kaigo_catalog *cat, const char *path,
					 const struct kaigo_doctype *type, struct kaigo_diag_sink *sink)
{
	char buf[4096];
	struct kaigo_privacy *p = calloc(1, sizeof(*p));
	xmlDocPtr doc = NULL;
	xmlXPathContextPtr xc = NULL;
	xmlNodePtr root, n, t;
	int ok = 0, found = 0;

	if (!p)
		return NULL;
	if (!path)
		path = kaigo_catalog_path(cat, "publish/privacy.xml", buf, sizeof(buf));
	p->file = strdup(path);
	p->ns = strdup(type->ns);
	kaigo_xmlin_init();
	doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc || !(root = xmlDocGetRootElement(doc)) || !is(root, "privacy")) {
		load_error(sink, path, NULL, "%s", doc ? "not a privacy file (root <privacy> in " PRIV_NS ")"
						       : "cannot read or parse the privacy checks");
		goto done;
	}
	{
		char *m = prop(root, "mask");

		p->mask = strdup(m ? m : "＊＊＊");
		xmlFree(m);
	}
	xc = xmlXPathNewContext(doc);
	if (!xc || xmlXPathRegisterNs(xc, (const xmlChar *)"k", (const xmlChar *)type->ns) != 0)
		goto done;
	for (n = root->children; n; n = n->next) {
		if (is(n, "pattern")) {
			if (load_pattern(p, n, sink) < 0)
				goto done;
		} else if (is(n, "names")) {
			if (!p->names && load_names(p, n, sink) < 0)
				goto done;
		} else if (is(n, "type")) {
			char *name = prop(n, "name");
			int mine = name && strcmp(name, type->name) == 0;

			xmlFree(name);
			if (!mine)
				continue;
			found = 1;
			for (t = n->children; t; t = t->next) {
				if (is(t, "personal")) {
					if (add_selector(&p->personal, &p->npersonal, xc, t, path, sink) < 0)
						goto done;
				} else if (is(t, "public")) {
					if (add_selector(&p->public_, &p->npublic, xc, t, path, sink) < 0)
						goto done;
				}
			}
		}
	}
	if (!found) {
		load_error(sink, path, root, "no <type name=\"%s\">: the personal data of this type is not listed",
			   type->name);
		goto done;
	}
	if (index_cues(p) < 0)
		goto done;
	ok = 1;
done:
	xmlXPathFreeContext(xc);
	xmlFreeDoc(doc);
	if (!ok) {
		kaigo_privacy_free(p);
		return NULL;
	}
	return p;
}

static void forms_clear(struct forms *fs);

void kaigo_privacy_free(struct kaigo_privacy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->npats; i++) {
		free(p->pats[i].id);
		xmlFree(p->pats[i].label);
		if (p->pats[i].re)
			uregex_close(p->pats[i].re);
		if (p->pats[i].except)
			uregex_close(p->pats[i].except);
		for (size_t k = 0; k < p->pats[i].nwhen; k++)
			free(p->pats[i].when[k]);
		free(p->pats[i].when);
	}
	for (i = 0; i < p->npersonal; i++) {
		xmlXPathFreeCompExpr(p->personal[i].xp);
		xmlFree(p->personal[i].label);
		free(p->personal[i].text);
	}
	for (i = 0; i < p->npublic; i++) {
		xmlXPathFreeCompExpr(p->public_[i].xp);
		xmlFree(p->public_[i].label);
		free(p->public_[i].text);
	}
	kaigo_names_free(p->names);
	xmlFree(p->names_label);
	free(p->noname);
	if (p->splits)
		for (i = 0; i < SPLIT_SLOTS; i++)
			free(p->splits[i].text);
	free(p->splits);
	if (p->forms)
		for (i = 0; i < FORM_SLOTS; i++)
			forms_clear(&p->forms[i]);
	free(p->forms);
	free(p->cues);
	free(p->cue2);
	free(p->on);
	free(p->pats);
	free(p->personal);
	free(p->public_);
	free(p->file);
	free(p->ns);
	free(p->mask);
	free(p);
}

/* ---- values ---------------------------------------------------------- */

struct kaigo_privacy_values *kaigo_privacy_values_new(void)
{
	return calloc(1, sizeof(struct kaigo_privacy_values));
}

void kaigo_privacy_values_free(struct kaigo_privacy_values *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i].text);
	free(vs->v);
	free(vs);
}

static size_t chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Forget a remembered value: its bytes are a real person's, wiped before they are freed. */
static void forms_clear(struct forms *fs)
{
	if (fs->text) {
		explicit_bzero(fs->text, fs->tlen);
		free(fs->text);
	}
	for (size_t k = 0; k < fs->n; k++) {
		explicit_bzero(fs->f[k], fs->len[k]);
		free(fs->f[k]);
	}
	memset(fs, 0, sizeof(*fs));
}

/*
 * A value's canonical text c without brackets into fs, as its next form;
 * left out when it has fewer than two characters (a one-character value
 * would flag everything).
 */
static int add_form(struct forms *fs, const struct kaigo_canon *c)
{
	size_t len;
	char *u = unbracket(c->text, c->len, &len, NULL);

	if (!u)
		return -1;
	if (chars(u, len) < 2) {
		free(u);
		return 0;
	}
	fs->f[fs->n] = u;
	fs->len[fs->n++] = len;
	return 0;
}

/* A form into vs, unless vs has it already (a name in every meeting); u is copied. */
static int push_form(struct kaigo_privacy_values *vs, const char *u, size_t len, int personal, const char *label,
		     unsigned long line)
{
	struct value *v;
	char *t;

	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].personal == personal && vs->v[i].len == len && !memcmp(vs->v[i].text, u, len))
			return 0;
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		struct value *nv = realloc(vs->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		vs->v = nv;
		vs->cap = cap;
	}
	if (!(t = malloc(len + 1)))
		return -1;
	memcpy(t, u, len);
	t[len] = '\0';
	v = &vs->v[vs->n++];
	v->text = t;
	v->len = len;
	v->label = label;
	v->line = line;
	v->personal = personal;
	v->index = vs->added;
	return 0;
}

/* A run of white space (ASCII or U+3000) in s at i: its length, or 0. */
static size_t space_at(const char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		return 1;
	if (n - i >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3))
		return 3;
	return 0;
}

/* Kana, kanji or full- and half-width forms (lead bytes E3-EF): what a name MeCab splits is made of. */
static int has_kana_or_kanji(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] >= 0xE3 && (unsigned char)t[i] <= 0xEF)
			return 1;
	return 0;
}

/*
 * kaigo_names_split, remembered: the same names come back record after
 * record (the care manager, the user in each file of a send unit).
 */
static int split_name(struct kaigo_privacy *p, const char *t, size_t n, size_t *at)
{
	struct split *sl = &p->splits[hash(t, n) % SPLIT_SLOTS];
	int found;

	if (sl->text && sl->len == n && memcmp(sl->text, t, n) == 0) {
		*at = sl->at;
		return sl->found;
	}
	if ((found = kaigo_names_split(p->names, t, n, at)) < 0)
		return found;
	free(sl->text);
	if ((sl->text = malloc(n ? n : 1))) {
		memcpy(sl->text, t, n);
		sl->len = n;
		sl->found = found;
		sl->at = found == 1 ? *at : 0;
	}
	return found;
}

/*
 * The forms of a value, in the order they are added: the value itself,
 * then for a personal value the other order of its two words (真理 小田切),
 * or of a one-word name as MeCab splits it (姓名, also 名姓).  A form of
 * fewer than two characters is left out.
 */
static int compute_forms(struct kaigo_privacy *p, const char *text, size_t n, int personal, struct forms *fs)
{
	size_t i, a0, a1, b0, b1, split;
	struct kaigo_canon c = KAIGO_CANON_INIT;
	struct kaigo_buf rev = KAIGO_BUF_INIT;
	int r = 0;

	fs->n = 0;
	if (kaigo_canon_make(&c, text, n) < 0 || add_form(fs, &c) < 0) {
		r = -1;
		goto done;
	}
	if (!personal)
		goto done;
	for (a0 = 0; a0 < n && space_at(text, n, a0); a0 += space_at(text, n, a0))
		;
	for (a1 = a0; a1 < n && !space_at(text, n, a1); a1++)
		;
	for (b0 = a1; b0 < n && space_at(text, n, b0); b0 += space_at(text, n, b0))
		;
	for (b1 = b0; b1 < n && !space_at(text, n, b1); b1++)
		;
	for (i = b1; i < n && space_at(text, n, i); i += space_at(text, n, i))
		;
	if (a1 > a0 && b1 > b0 && i == n) {
		if (kaigo_buf_add(&rev, text + b0, b1 - b0) < 0 || kaigo_buf_add(&rev, text + a0, a1 - a0) < 0)
			r = -1;
	} else if (a1 > a0 && b0 == n && p && p->names && has_kana_or_kanji(text, n) &&
		   split_name(p, c.text, c.len, &split) == 1) {
		if (kaigo_buf_add(&rev, c.text + split, c.len - split) < 0 || kaigo_buf_add(&rev, c.text, split) < 0)
			r = -1;
	}
	if (r == 0 && rev.len) {
		struct kaigo_canon rc = KAIGO_CANON_INIT;

		if (kaigo_canon_make(&rc, rev.data, rev.len) < 0 || add_form(fs, &rc) < 0)
			r = -1;
		kaigo_canon_release(&rc);
	}
done:
	kaigo_buf_release(&rev);
	kaigo_canon_release(&c);
	if (r < 0)
		forms_clear(fs);
	return r;
}

int kaigo_privacy_values_add(struct kaigo_privacy *p, struct kaigo_privacy_values *vs, const char *text,
			     int personal, const char *label, unsigned long line)
{
	size_t n = strlen(text), k;
	struct forms local = { 0 }, *fs = &local;
	int r = 0;

	/* the same values come back record after record (the office, the
	   care manager, a user's name in every file of a send unit): their
	   forms are remembered */
	if (p && (p->forms || (p->forms = calloc(FORM_SLOTS, sizeof(*p->forms))))) {
		struct forms *sl = &p->forms[(hash(text, n) ^ (uint64_t)!!personal) % FORM_SLOTS];

		if (sl->text && sl->tlen == n && sl->personal == !!personal && !memcmp(sl->text, text, n)) {
			fs = sl;
		} else {
			forms_clear(sl);
			if (compute_forms(p, text, n, personal, sl) < 0) {
				vs->added++;
				return -1;
			}
			if ((sl->text = malloc(n ? n : 1))) {
				memcpy(sl->text, text, n);
				sl->tlen = n;
				sl->personal = !!personal;
			}
			fs = sl;
		}
	} else if (compute_forms(p, text, n, personal, fs) < 0) {
		vs->added++;
		return -1;
	}
	for (k = 0; k < fs->n && r == 0; k++)
		r = push_form(vs, fs->f[k], fs->len[k], personal, label, line);
	if (!fs->text)
		forms_clear(fs); /* not remembered (no slot, or no room for its key) */
	vs->added++;
	return r;
}

static int collect(struct kaigo_privacy *p, struct kaigo_privacy_values *vs, const struct selector *sel,
		   size_t nsel, xmlNodePtr rec, int personal)
{
	xmlXPathContextPtr xc;
	size_t i;
	int ret = 0;

	if (!rec || !nsel)
		return 0;
	if (!(xc = xmlXPathNewContext(rec->doc)))
		return -1;
	xmlXPathRegisterNs(xc, (const xmlChar *)"k", (const xmlChar *)p->ns);
	for (i = 0; i < nsel && ret == 0; i++) {
		xmlXPathObjectPtr r;
		const char *label = sel[i].label ? sel[i].label : sel[i].text;
		int k;

		xc->node = rec;
		r = xmlXPathCompiledEval(sel[i].xp, xc);
		if (!r)
			continue; /* an expression that fails on this record selects nothing */
		if (r->type == XPATH_NODESET && r->nodesetval) {
			for (k = 0; k < r->nodesetval->nodeNr && ret == 0; k++) {
				xmlNodePtr n = r->nodesetval->nodeTab[k];
				xmlChar *t = xmlNodeGetContent(n);

				if (t)
					ret = kaigo_privacy_values_add(p, vs, (const char *)t, personal, label,
								       (unsigned long)xmlGetLineNo(n));
				xmlFree(t);
			}
		} else if (r->type == XPATH_STRING && r->stringval) {
			ret = kaigo_privacy_values_add(p, vs, (const char *)r->stringval, personal, label,
						       (unsigned long)xmlGetLineNo(rec));
		}
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(xc);
	return ret;
}

int kaigo_privacy_values_from_record(struct kaigo_privacy *p, struct kaigo_privacy_values *vs, xmlNodePtr rec)
{
	if (collect(p, vs, p->personal, p->npersonal, rec, 1) < 0 || collect(p, vs, p->public_, p->npublic, rec, 0) < 0)
		return -1;
	return 0;
}

/* ---- scanning -------------------------------------------------------- */

static const UChar empty[1]; /* detaches a regular expression from a text before it is freed */

static int digits_ok(const struct pattern *pt, const char *f, size_t s, size_t e)
{
	int d = 0;
	size_t i;

	if (!pt->min_digits && !pt->max_digits)
		return 1;
	for (i = s; i < e; i++)
		if (f[i] >= '0' && f[i] <= '9')
			d++;
	return (!pt->min_digits || d >= pt->min_digits) && (!pt->max_digits || d <= pt->max_digits);
}

static int excepted(const struct pattern *pt, const char *f, size_t s, size_t e)
{
	UErrorCode err = U_ZERO_ERROR;
	UText *ut;
	int r;

	if (!pt->except)
		return 0;
	ut = utext_openUTF8(NULL, f + s, (int64_t)(e - s), &err);
	if (U_FAILURE(err))
		return 0;
	uregex_setUText(pt->except, ut, &err);
	r = U_SUCCESS(err) && uregex_find(pt->except, 0, &err) && U_SUCCESS(err);
	uregex_setText(pt->except, empty, 0, &err);
	utext_close(ut);
	return r;
}

/* An occurrence of value v at byte at of a text. */
struct vmatch {
	size_t v, at;
};

static int cmp_vmatch(const void *a, const void *b)
{
	const struct vmatch *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The occurrences in t (canonical: whole UTF-8 characters) of the values
 * whose personal flag is personal, as a search of each value from the
 * start of t finds them (each the leftmost not overlapping the one before
 * it), ordered by value, then position: into *out (malloc'd), their
 * number into *nout.  One pass over t's characters for all the values:
 * a value (canonical too, so it starts with a character) is compared
 * only where t's character has the key of its first.
 */
static int find_values(const struct kaigo_privacy_values *vs, int personal, const char *t, size_t n,
		       struct vmatch **out, size_t *nout)
{
	/* a UTF-8 character's length by its lead byte (a continuation byte: 1) */
	static const unsigned char ulen[256] = {
		[0 ... 0xBF] = 1, [0xC0 ... 0xDF] = 2, [0xE0 ... 0xEF] = 3, [0xF0 ... 0xFF] = 4,
	};
	const unsigned char *u = (const unsigned char *)t;
	uint64_t first[64] = { 0 };
	size_t stack_next[32], *next = stack_next, i, k, nm = 0, cap = 0, any = 0;
	unsigned stack_key[32], *key = stack_key;
	struct vmatch *m = NULL;
	int ret = 0;

	*out = NULL;
	*nout = 0;
	if (!vs || !vs->n || n < 2)
		return 0;
	if (vs->n > sizeof(stack_next) / sizeof(*stack_next) &&
	    (!(next = malloc(vs->n * sizeof(*next))) || !(key = malloc(vs->n * sizeof(*key))))) {
		free(next == stack_next ? NULL : next);
		return -1;
	}
	for (k = 0; k < vs->n; k++) {
		const struct value *v = &vs->v[k];

		next[k] = 0;
		key[k] = UINT_MAX; /* never compared */
		if (v->personal == personal && v->len >= 2 && v->len <= n) {
			key[k] = kaigo_char_key((const unsigned char *)v->text, v->len);
			first[key[k] >> 6] |= 1ull << (key[k] & 63);
			any = 1;
		}
	}
	for (i = 0; any && i + 1 < n && ret == 0; i += ulen[u[i]]) {
		unsigned h = kaigo_char_key(u + i, n - i);

		if (!(first[h >> 6] >> (h & 63) & 1))
			continue;
		for (k = 0; k < vs->n; k++) {
			const struct value *v = &vs->v[k];

			if (key[k] != h || i < next[k] || v->len > n - i || memcmp(t + i, v->text, v->len) != 0)
				continue;
			if (nm == cap) {
				size_t nc = cap ? 2 * cap : 16;
				struct vmatch *nmv = realloc(m, nc * sizeof(*nmv));

				if (!nmv) {
					ret = -1;
					break;
				}
				m = nmv;
				cap = nc;
			}
			m[nm].v = k;
			m[nm++].at = i;
			next[k] = i + v->len;
		}
	}
	if (next != stack_next) {
		free(next);
		free(key);
	}
	if (ret < 0) {
		free(m);
		return -1;
	}
	if (nm > 1)
		qsort(m, nm, sizeof(*m), cmp_vmatch);
	*out = m;
	*nout = nm;
	return 0;
}

/* Public values: every occurrence is an allowed range. */
static int scan_public(const struct kaigo_privacy_values *vs, const char *t, size_t n, struct hits *allow)
{
	struct vmatch *m;
	size_t nm;

	if (find_values(vs, 0, t, n, &m, &nm) < 0)
		return -1;
	for (size_t k = 0; k < nm; k++)
		if (add_hit(allow, m[k].at, m[k].at + vs->v[m[k].v].len, NULL, NULL, 0) < 0) {
			free(m);
			return -1;
		}
	free(m);
	merge(allow);
	return 0;
}

/* Personal values, on the text without brackets, mapped back to the canonical text. */
static int scan_personal(const struct kaigo_privacy_values *vs, const char *t, size_t n, struct hits *hs)
{
	size_t ul, *idx = NULL, nm = 0;
	struct vmatch *m = NULL;
	char *u = NULL;
	int any = 0, ret = 0;

	for (size_t i = 0; vs && i < vs->n; i++)
		any |= vs->v[i].personal;
	if (!any)
		return 0;
	if (!(u = unbracket(t, n, &ul, &idx)))
		return -1;
	if (find_values(vs, 1, u, ul, &m, &nm) < 0)
		ret = -1;
	for (size_t k = 0; k < nm && ret == 0; k++) {
		const struct value *v = &vs->v[m[k].v];
		size_t s = m[k].at, e = s + v->len;

		if (add_hit(hs, idx[s], idx[e - 1] + 1, "personal", v->label, v->index) < 0)
			ret = -1;
	}
	free(m);
	free(u);
	free(idx);
	return ret;
}

/*
 * Which patterns have a cue in t: one pass over the text for all the when
 * strings, instead of a search per string.
 */
static void find_cues(struct kaigo_privacy *p, const char *t, size_t n)
{
	size_t i, k, left = 0;

	memset(p->on, 0, p->npats);
	for (i = 0; i < p->npats; i++)
		left += p->pats[i].nwhen > 0;
	for (i = 0; i < n && left; i++) {
		unsigned b0 = (unsigned char)t[i], b01;
		int one, two;

		if ((b0 & 0xC0) == 0x80)
			continue; /* inside a character: no cue starts there */
		b01 = i + 1 < n ? b0 << 8 | (unsigned char)t[i + 1] : 0;
		one = p->cue1[b0 >> 6] >> (b0 & 63) & 1;
		two = i + 1 < n && (p->cue2[b01 >> 6] >> (b01 & 63) & 1);
		if (!one && !two)
			continue;
		for (k = p->cue_at[b0]; k < p->cue_at[b0 + 1]; k++) {
			const struct cue *c = &p->cues[k];

			if (!p->on[c->pattern] && c->len <= n - i && memcmp(t + i, c->text, c->len) == 0) {
				p->on[c->pattern] = 1;
				left--;
			}
		}
	}
}

static int in_chars(const struct pattern *pt, unsigned char c)
{
	return pt->chars[c >> 6] >> (c & 63) & 1;
}

/*
 * The next part of t, from *at on, that the pattern is tried on: all of it,
 * or with chars the next run of those characters holding at least
 * min-digits digits (a match is made of them only, so none lies outside
 * such a run).  0 when there is none.
 */
static int next_region(const struct pattern *pt, const char *t, size_t n, size_t *at, size_t *s, size_t *e)
{
	size_t i = *at;

	if (!pt->has_chars) {
		if (i)
			return 0;
		*s = 0;
		*e = *at = n;
		return 1;
	}
	while (i < n) {
		size_t a, digits = 0;

		while (i < n && !in_chars(pt, (unsigned char)t[i]))
			i++;
		for (a = i; i < n && in_chars(pt, (unsigned char)t[i]); i++)
			digits += t[i] >= '0' && t[i] <= '9';
		if (i > a && digits >= (size_t)pt->min_digits) {
			*s = a;
			*e = *at = i;
			return 1;
		}
	}
	*at = n;
	return 0;
}

/* The matches of one pattern in t[s, e), whose neighbours its look-arounds see. */
static int scan_region(struct pattern *pt, const char *t, size_t n, size_t rs, size_t re_, const struct hits *allow,
		       struct hits *hs)
{
	UErrorCode err = U_ZERO_ERROR;
	int ok;

	uregex_setRegionAndStart(pt->re, (int64_t)rs, (int64_t)re_, (int64_t)rs, &err);
	ok = U_SUCCESS(err) && uregex_findNext(pt->re, &err);
	while (ok && U_SUCCESS(err)) {
		size_t s = (size_t)uregex_start64(pt->re, 0, &err), e = (size_t)uregex_end64(pt->re, 0, &err);

		if (U_FAILURE(err) || e <= s || e > n)
			break;
		if (!digits_ok(pt, t, s, e) || excepted(pt, t, s, e)) {
			/* not this match; one starting inside it may be */
			uregex_setRegionAndStart(pt->re, (int64_t)rs, (int64_t)re_, (int64_t)u8_end(t, s, n), &err);
			ok = U_SUCCESS(err) && uregex_findNext(pt->re, &err);
			continue;
		}
		if (!overlaps(allow, s, e) && add_hit(hs, s, e, pt->id, pt->label ? pt->label : pt->id, 0) < 0)
			return -1;
		ok = uregex_findNext(pt->re, &err);
	}
	return 0;
}

static int scan_patterns(struct kaigo_privacy *p, const char *t, size_t n, const struct hits *allow, struct hits *hs)
{
	find_cues(p, t, n);
	for (size_t i = 0; i < p->npats; i++) {
		struct pattern *pt = &p->pats[i];
		UErrorCode err = U_ZERO_ERROR;
		UText *ut = NULL;
		size_t at = 0, s, e;
		int r = 0;

		if (pt->nwhen && !p->on[i])
			continue; /* cannot match: none of its cue strings is here */
		while (r == 0 && next_region(pt, t, n, &at, &s, &e)) {
			if (!ut) {
				ut = utext_openUTF8(NULL, t, (int64_t)n, &err);
				uregex_setUText(pt->re, ut, &err);
				/* look-behind and look-ahead see past the region; ^ and $ do not stop at it */
				uregex_useTransparentBounds(pt->re, 1, &err);
				uregex_useAnchoringBounds(pt->re, 0, &err);
				if (U_FAILURE(err))
					break;
			}
			r = scan_region(pt, t, n, s, e, allow, hs);
		}
		if (ut) {
			err = U_ZERO_ERROR;
			uregex_setText(pt->re, empty, 0, &err);
			utext_close(ut);
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

struct name_ctx {
	struct kaigo_privacy *p;
	const struct hits *allow;
	struct hits *hs;
	size_t base;         /* offset of the piece given to MeCab */
	size_t found;        /* names found in the piece */
};

static int on_name(void *ctx, size_t s, size_t e)
{
	struct name_ctx *nc = ctx;

	nc->found++;
	s += nc->base;
	e += nc->base;
	if (overlaps(nc->allow, s, e))
		return 0;
	return add_hit(nc->hs, s, e, "name", nc->p->names_label ? nc->p->names_label : "氏名", 0);
}

/* Could t hold a name MeCab would find?  Only kanji and kana make one (U+3041 on: E3 81 81…). */
static int may_hold_name(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] >= 0xE3 && (unsigned char)t[i] <= 0xE9)
			return 1;
	return 0;
}

/* Is a piece known to hold no name?  With remember, note that it holds none. */
static int known_nameless(struct kaigo_privacy *p, const char *t, size_t n, int remember)
{
	uint64_t h = hash(t, n);
	size_t slot = (size_t)(h % NONAME_SLOTS), probes;

	for (probes = 0; probes < 8 && p->noname[slot]; probes++) {
		if (p->noname[slot] == h)
			return 1;
		slot = (slot + 1) % NONAME_SLOTS;
	}
	if (remember && probes < 8 && p->nnoname < NONAME_SLOTS / 2) {
		p->noname[slot] = h;
		p->nnoname++;
	}
	return 0;
}

/*
 * Names, piece by piece: a name never spans an ASCII quote, comma, tab,
 * '<', '>' or '|' (the cells of a CSV row, the fields of a text line).  A
 * piece MeCab found no name in is remembered (by hash), so the cells that
 * repeat from record to record (item titles, the site's name) are parsed
 * once.
 */
static int scan_names(struct kaigo_privacy *p, const char *t, size_t n, const struct hits *allow, struct hits *hs)
{
	struct name_ctx nc = { p, allow, hs, 0, 0 };
	size_t i = 0;

	if (!p->names)
		return 0;
	while (i < n) {
		size_t j = i;

		while (j < n && t[j] != '"' && t[j] != ',' && t[j] != '\t' && t[j] != '<' && t[j] != '>' && t[j] != '|')
			j++;
		if (j > i && may_hold_name(t + i, j - i) && !known_nameless(p, t + i, j - i, 0)) {
			nc.base = i;
			nc.found = 0;
			if (kaigo_names_find(p->names, t + i, j - i, on_name, &nc) < 0)
				return -1;
			if (!nc.found)
				known_nameless(p, t + i, j - i, 1);
		}
		i = j + 1;
	}
	return 0;
}

/* All hits in the canonical text c, merged and grown over adjacent digits. */
static int scan_canon(struct kaigo_privacy *p, const struct kaigo_privacy_values *vs, const struct kaigo_canon *c,
		      struct hits *hs)
{
	struct hits allow = { NULL, 0, 0 };
	int r = -1;

	if (!c->len)
		return 0;
	if (scan_public(vs, c->text, c->len, &allow) < 0 || scan_personal(vs, c->text, c->len, hs) < 0 ||
	    scan_patterns(p, c->text, c->len, &allow, hs) < 0 || scan_names(p, c->text, c->len, &allow, hs) < 0)
		goto done;
	/* never leave half a number: a masked range takes in the digits next
	   to it (masking 〒100-0000 of 〒100-00006172 would expose 6172) */
	for (size_t i = 0; i < hs->n; i++) {
		struct hit *h = &hs->h[i];

		while (h->start > 0 && c->text[h->start - 1] >= '0' && c->text[h->start - 1] <= '9')
			h->start--;
		while (h->end < c->len && c->text[h->end] >= '0' && c->text[h->end] <= '9')
			h->end++;
	}
	merge(hs);
	r = 0;
done:
	free(allow.h);
	return r;
}

long kaigo_privacy_scan(struct kaigo_privacy *p, const struct kaigo_privacy_values *vs, const char *text,
			size_t n, struct kaigo_privacy_finding **out)
{
	struct kaigo_canon c = KAIGO_CANON_INIT;
	struct hits hs = { NULL, 0, 0 };
	struct kaigo_privacy_finding *f = NULL;
	long r = -1;

	*out = NULL;
	if (kaigo_canon_make(&c, text, n) < 0 || scan_canon(p, vs, &c, &hs) < 0)
		goto done;
	if (hs.n && !(f = malloc(hs.n * sizeof(*f))))
		goto done;
	for (size_t i = 0; i < hs.n; i++) {
		kaigo_canon_span(&c, hs.h[i].start, hs.h[i].end, &f[i].start, &f[i].end);
		f[i].rule = hs.h[i].rule;
		f[i].label = hs.h[i].label;
		f[i].value = hs.h[i].value;
	}
	*out = f;
	r = (long)hs.n;
done:
	free(hs.h);
	kaigo_canon_release(&c);
	return r;
}

/* ---- checking a result ----------------------------------------------- */

/* The record's texts, canonical, one after the other, for finding a finding's line. */
struct rindex {
	int built;
	struct kaigo_buf all;     /* canonical texts, each followed by "\n" (never in a canonical text) */
	size_t *ends;             /* per text: its end offset in all */
	unsigned long *lines;     /* per text: the line of its element */
	uint64_t *hashes;         /* per text: hash of its canonical text */
	size_t n, cap;
	size_t *table;            /* open addressing over hashes: text index + 1, 0 = empty */
	size_t tsize;             /* slots in table (a power of two > 2n) */
	int searches;             /* searches made so far (at most SEARCHES) */
};

struct check {
	struct kaigo_privacy *p;
	xmlNodePtr rec;
	const char *file;
	int mask;
	struct kaigo_diag_sink *sink;
	struct kaigo_privacy_values *vals;
	unsigned char *reported;  /* per personal value index: reported already */
	struct rindex ix;
	int node_looked;          /* the current node's text was looked up in the index */
	unsigned long node_line;  /* its element's line when the index holds the whole text, else 0 */
	long findings;
	int oom;
};

static int index_text(struct rindex *ix, const char *s, unsigned long line)
{
	struct kaigo_canon c = KAIGO_CANON_INIT;

	if (kaigo_canon_make(&c, s, strlen(s)) < 0)
		return -1;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		size_t *ne = realloc(ix->ends, cap * sizeof(*ne));
		unsigned long *nl;
		uint64_t *nh;

		if (ne)
			ix->ends = ne;
		nl = ne ? realloc(ix->lines, cap * sizeof(*nl)) : NULL;
		if (nl)
			ix->lines = nl;
		nh = nl ? realloc(ix->hashes, cap * sizeof(*nh)) : NULL;
		if (!nh) {
			kaigo_canon_release(&c);
			return -1;
		}
		ix->hashes = nh;
		ix->cap = cap;
	}
	if (kaigo_buf_add(&ix->all, c.text, c.len) < 0 || kaigo_buf_addch(&ix->all, '\n') < 0) {
		kaigo_canon_release(&c);
		return -1;
	}
	ix->ends[ix->n] = ix->all.len - 1;
	ix->lines[ix->n] = line;
	ix->hashes[ix->n] = hash(c.text, c.len);
	ix->n++;
	kaigo_canon_release(&c);
	return 0;
}

static int index_node(struct rindex *ix, xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			if (index_text(ix, (const char *)c->content, (unsigned long)xmlGetLineNo(n)) < 0)
				return -1;
		} else if (c->type == XML_ELEMENT_NODE) {
			for (xmlAttrPtr a = c->properties; a; a = a->next)
				if (a->children && a->children->content &&
				    index_text(ix, (const char *)a->children->content, (unsigned long)xmlGetLineNo(c)) < 0)
					return -1;
			if (index_node(ix, c) < 0)
				return -1;
		}
	}
	return 0;
}

static int index_table(struct rindex *ix)
{
	ix->tsize = 16;
	while (ix->tsize < 2 * ix->n + 2)
		ix->tsize *= 2;
	if (!(ix->table = calloc(ix->tsize, sizeof(*ix->table))))
		return -1;
	for (size_t k = 0; k < ix->n; k++) {
		size_t slot = (size_t)(ix->hashes[k] & (ix->tsize - 1));

		while (ix->table[slot])
			slot = (slot + 1) & (ix->tsize - 1);
		ix->table[slot] = k + 1;
	}
	return 0;
}

static void index_release(struct rindex *ix)
{
	free(ix->table);
	kaigo_buf_release(&ix->all);
	free(ix->ends);
	free(ix->lines);
	free(ix->hashes);
	memset(ix, 0, sizeof(*ix));
}

/* The text k of the index that holds offset o of all. */
static size_t text_at(const struct rindex *ix, size_t o)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->ends[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The line of the record element holding the result text whose canonical
 * form is t (n bytes), for the finding [s, e) in it: the element whose
 * whole text is t, else (for at most SEARCHES findings per record) the
 * first whose text holds the finding, else the record's line.
 */
static unsigned long source_line(struct check *c, const char *t, size_t n, size_t s, size_t e)
{
	struct rindex *ix = &c->ix;
	unsigned long rec_line = c->rec ? (unsigned long)xmlGetLineNo(c->rec) : 0;
	uint64_t h;
	const char *at;
	size_t k;

	if (!c->rec)
		return 0;
	if (!ix->built) {
		ix->built = 1;
		if (index_node(ix, c->rec) < 0 || index_table(ix) < 0) {
			c->oom = 1;
			return rec_line;
		}
	}
	if (c->node_looked)
		goto search;
	c->node_looked = 1;
	h = hash(t, n);
	for (size_t slot = (size_t)(h & (ix->tsize - 1)); ix->table[slot]; slot = (slot + 1) & (ix->tsize - 1)) {
		size_t from;

		k = ix->table[slot] - 1;
		from = k ? ix->ends[k - 1] + 1 : 0;
		if (ix->hashes[k] == h && ix->ends[k] - from == n && !memcmp(ix->all.data + from, t, n)) {
			c->node_line = ix->lines[k];
			break;
		}
	}
search:
	if (c->node_line)
		return c->node_line;
	if (ix->searches >= SEARCHES || !ix->all.data)
		return rec_line;
	ix->searches++;
	at = find(ix->all.data, ix->all.len, t + s, e - s);
	return at ? ix->lines[text_at(ix, (size_t)(at - ix->all.data))] : rec_line;
}

static void report(struct check *c, const struct hit *h, const char *t, size_t n)
{
	char shown[64];
	size_t k = 0, i = h->start, nch = 0;
	char rule[96];
	unsigned long line;

	if (!strcmp(h->rule, "personal")) {
		if (c->reported[h->value])
			return; /* a value is reported once per result, masked everywhere */
		c->reported[h->value] = 1;
	}
	/* show the first three characters only: the value itself is personal */
	while (i < h->end && nch < 3 && k + 4 < sizeof(shown) - 4) {
		size_t e = u8_end(t, i, h->end);

		memcpy(shown + k, t + i, e - i);
		k += e - i;
		i = e;
		nch++;
	}
	if (i < h->end) {
		memcpy(shown + k, "…", strlen("…"));
		k += strlen("…");
	}
	shown[k] = '\0';
	snprintf(rule, sizeof(rule), "publish.privacy.%s", h->rule);
	line = source_line(c, t, n, h->start, h->end);
	kaigo_diag_report(c->sink, c->mask ? KAIGO_SEV_NOTE : KAIGO_SEV_ERROR, c->file, line, 0, rule,
			  c->mask ? "public output: %s '%s' masked" :
				    "public output would contain %s '%s'; remove it from the source, or "
				    "publish with --mask",
			  h->label, shown);
	c->findings++;
}

/* One pass over a node's text; with masking, findings are replaced in place.  Returns the findings. */
static size_t check_once(struct check *c, xmlNodePtr tn, int pass)
{
	const char *raw = (const char *)tn->content;
	struct kaigo_canon cn = KAIGO_CANON_INIT;
	struct hits hs = { NULL, 0, 0 };
	size_t rn, i, nh;

	if (!raw || !*raw)
		return 0;
	rn = strlen(raw);
	if (kaigo_canon_make(&cn, raw, rn) < 0 || scan_canon(c->p, c->vals, &cn, &hs) < 0) {
		c->oom = 1;
		goto done;
	}
	c->node_looked = 0;
	c->node_line = 0;
	if (!pass) /* a later pass finds what masking made: masked, not reported again */
		for (i = 0; i < hs.n; i++)
			report(c, &hs.h[i], cn.text, cn.len);
	if (c->mask && hs.n) {
		struct kaigo_buf out = KAIGO_BUF_INIT;
		size_t pos = 0;

		for (i = 0; i < hs.n; i++) {
			size_t rs, re;

			kaigo_canon_span(&cn, hs.h[i].start, hs.h[i].end, &rs, &re);
			if (rs < pos)
				rs = pos;
			if (rs > pos)
				kaigo_buf_add(&out, raw + pos, rs - pos);
			if (re > pos) {
				kaigo_buf_add(&out, c->p->mask, strlen(c->p->mask));
				pos = re;
			}
		}
		kaigo_buf_add(&out, raw + pos, rn - pos);
		if (out.data)
			xmlNodeSetContent(tn, (const xmlChar *)out.data);
		else
			c->oom = 1;
		kaigo_buf_release(&out);
	}
done:
	nh = hs.n;
	free(hs.h);
	kaigo_canon_release(&cn);
	return nh;
}

/*
 * Check one node's text.  Masking changes what is next to the masked text,
 * so with masking the text is checked again until a pass finds nothing:
 * what is written never holds a finding.
 */
static void check_text(struct check *c, xmlNodePtr tn)
{
	int pass;

	for (pass = 0; pass < 8 && !c->oom; pass++)
		if (check_once(c, tn, pass) == 0 || !c->mask)
			break;
}

/* Every character of the output: text, CDATA, comments, processing instructions, attributes, script, style. */
static void walk(struct check *c, xmlNodePtr n)
{
	for (; n && !c->oom; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			check_text(c, n);
			break;
		case XML_ELEMENT_NODE:
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				walk(c, a->children);
			walk(c, n->children);
			break;
		default:
			break;
		}
	}
}

long kaigo_privacy_check(struct kaigo_privacy *p, xmlNodePtr rec, const char *file, xmlDocPtr result,
			 int mask, struct kaigo_diag_sink *sink)
{
	struct check c;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.rec = rec;
	c.file = file;
	c.mask = mask;
	c.sink = sink;
	if (!(c.vals = kaigo_privacy_values_new()) || kaigo_privacy_values_from_record(p, c.vals, rec) < 0 ||
	    !(c.reported = calloc(c.vals->added + 1, 1)))
		c.oom = 1;
	if (!c.oom && result)
		walk(&c, result->children);
	kaigo_privacy_values_free(c.vals);
	free(c.reported);
	index_release(&c.ix);
	return c.oom ? -1 : c.findings;
}

int kaigo_privacy_split_name(struct kaigo_privacy *p, const char *canon, size_t n, size_t *split)
{
	if (!p->names || !n)
		return 0;
	return kaigo_names_split(p->names, canon, n, split);
}
