/*
 * pseudo_rec.c - what is personal in a record, and free text (see
 * pseudo_int.h).
 *
 * The selects come from two data files: schemas/publish/privacy.xml (the
 * personal elements kaigo-publish keeps out of public outputs) and
 * schemas/pseudo/fields.xml (a few more).  Each replaced value goes into
 * the record's dictionary, and free text is rewritten through it, so a
 * name or number in 総合的な援助の方針 gets the same pseudonym as in its field.
 * What the privacy detector (kaigo_privacy_scan) finds in free text is
 * added to the dictionary first, as written there: the record's values in
 * other writings (full-width, kanji numerals, an invisible character
 * inside), and names, telephone numbers, numbers after 被保険者番号 ...
 * that are no field of the record, which get a pseudonym of their kind.
 * --check runs the same detector over the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xpathInternals.h>

#include "kaigo/canon.h"
#include "kaigo/era.h"
#include "pseudo_int.h"

/* ---- selects ------------------------------------------------------------ */

/*
 * The local names the branches of a pattern select end in (".//k:a/k:b|
 * .//k:c" → " b c "), so that most elements need no pattern match at
 * all; NULL (test every element) for a wildcard, a predicate or an
 * attribute.
 */
static char *last_names(const char *flat)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const char *p = flat;

	if (strpbrk(flat, "*[@("))
		return NULL;
	kaigo_buf_addch(&b, ' ');
	while (*p) {
		const char *e = strchr(p, '|'), *slash, *name;

		if (!e)
			e = p + strlen(p);
		for (slash = name = p; slash < e; slash++)
			if (*slash == '/' || *slash == ':')
				name = slash + 1;
		kaigo_buf_add(&b, name, (size_t)(e - name));
		kaigo_buf_addch(&b, ' ');
		p = *e ? e + 1 : e;
	}
	return b.data;
}

static int add_sel(struct pseudo_type *t, xmlNodePtr e, int office, const char *file, struct kaigo_diag_sink *sink)
{
	xmlChar *sel = xmlGetProp(e, (const xmlChar *)"select");
	struct pseudo_sel *a;

	if (!sel)
		return 0;
	if (!(a = realloc(t->sel, (t->nsel + 1) * sizeof(*a)))) {
		xmlFree(sel);
		return -1;
	}
	t->sel = a;
	a[t->nsel].office = office;
	a[t->nsel].pat = NULL;
	a[t->nsel].last = NULL;
	if (!(a[t->nsel].xp = xmlXPathCompile(sel))) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, (unsigned long)xmlGetLineNo(e), 0, "pseudo.load",
				  "select '%s' is not an XPath expression", (const char *)sel);
		xmlFree(sel);
		return -1;
	}
	/* personal selects are ".//k:a/k:b" unions, which libxml2's patterns
	   can test node by node: one walk of the record instead of one per
	   select (relative paths are left to XPath: a pattern would match them
	   at any depth) */
	if (strncmp((const char *)sel, ".//", 3) == 0 && !strchr((const char *)sel, '\'') &&
	    !strchr((const char *)sel, '"')) {
		const xmlChar *nss[] = { (const xmlChar *)t->dt->ns, (const xmlChar *)"k", NULL, NULL };
		char *flat = strdup((const char *)sel), *r, *w;

		/* without white space: libxml2 2.9's pattern parser refuses "a/b | c" */
		for (r = w = flat; flat && *r; r++)
			if (*r != ' ' && *r != '\t' && *r != '\n')
				*w++ = *r;
		if (flat) {
			*w = '\0';
			if (!strstr(flat, "|k:"))
				a[t->nsel].pat = xmlPatterncompile((const xmlChar *)flat, NULL, XML_PATTERN_XPATH, nss);
			a[t->nsel].last = a[t->nsel].pat ? last_names(flat) : NULL;
		}
		free(flat);
	}
	t->nsel++;
	xmlFree(sel);
	return 0;
}

/* The <personal> (and <office>) selects of type name in doc. */
static int add_type_sels(struct pseudo_type *t, xmlDocPtr doc, const char *name, struct kaigo_diag_sink *sink)
{
	xmlNodePtr ty, e;
	int rc = 0;

	for (ty = xmlDocGetRootElement(doc)->children; ty && rc == 0; ty = ty->next) {
		xmlChar *tn;

		if (ty->type != XML_ELEMENT_NODE || !xmlStrEqual(ty->name, (const xmlChar *)"type"))
			continue;
		tn = xmlGetProp(ty, (const xmlChar *)"name");
		if (tn && strcmp((const char *)tn, name) == 0)
			for (e = ty->children; e && rc == 0; e = e->next)
				if (e->type == XML_ELEMENT_NODE && (xmlStrEqual(e->name, (const xmlChar *)"personal") ||
								    xmlStrEqual(e->name, (const xmlChar *)"office")))
					rc = add_sel(t, e, xmlStrEqual(e->name, (const xmlChar *)"office"),
						     doc->URL ? (const char *)doc->URL : NULL, sink);
		xmlFree(tn);
	}
	return rc;
}

struct pseudo_type *pseudo_type_get(struct kaigo_pseudo *ps, const struct kaigo_doctype *dt,
				    struct kaigo_diag_sink *sink)
{
	struct pseudo_type *t, **nt;
	size_t i;

	for (i = 0; i < ps->ntypes; i++)
		if (ps->types[i]->dt == dt)
			return ps->types[i];
	/* each type on its own: the files of a run keep pointers to theirs while
	   later files add types (a send unit with a deletion file has two) */
	if (!(nt = realloc(ps->types, (ps->ntypes + 1) * sizeof(*nt))))
		return NULL;
	ps->types = nt;
	if (!(t = calloc(1, sizeof(*t))))
		return NULL;
	t->dt = dt;
	ps->types[ps->ntypes++] = t;
	if (add_type_sels(t, ps->privacy, dt->name, sink) < 0 || add_type_sels(t, ps->fields, dt->name, sink) < 0)
		return NULL;
	if (ps->o.detect && !(t->priv = kaigo_privacy_load(ps->cat, NULL, dt, sink)))
		return NULL;
	return t;
}

struct each {
	struct kaigo_pseudo *ps;
	struct pseudo_type *t;
	int (*fn)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind);
	void *ctx;
	xmlNodePtr *seen;   /* elements given to fn; owned */
	size_t nseen;
	/* with the 事業所番号 not replaced (no --offices): called for them, or NULL */
	int (*kept)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind);
};

static int give(struct each *e, xmlNodePtr n, int office)
{
	size_t j;
	xmlNodePtr *ns;

	for (j = 0; j < e->nseen; j++)
		if (e->seen[j] == n)
			return 0; /* picked by two selects: replaced once */
	if (!(ns = realloc(e->seen, (e->nseen + 1) * sizeof(*ns))))
		return -1;
	e->seen = ns;
	e->seen[e->nseen++] = n;
	if (office && !e->ps->o.offices)
		return e->kept(e->ctx, n, KAIGO_PSEUDO_OFFICE);
	return e->fn(e->ctx, n, office ? KAIGO_PSEUDO_OFFICE : kaigo_pseudo_kind_of(e->ps, (const char *)n->name));
}

static int use(const struct each *e, const struct pseudo_sel *s)
{
	return !s->office || e->ps->o.offices || e->kept;
}

/* Whether local is one of the names of last (" a b "), or last is NULL. */
static int named(const char *last, const char *local)
{
	size_t n = strlen(local);
	const char *p = last;

	if (!last)
		return 1;
	while ((p = strstr(p, local)) != NULL) {
		if (p[-1] == ' ' && p[n] == ' ')
			return 1;
		p += n;
	}
	return 0;
}

#define MAX_NAMES 4096 /* element names remembered per type (a schema has a few hundred) */

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The selects of t whose last step can name an element called name: found once per name. */
static int sels_for(struct pseudo_type *t, const char *name, struct pseudo_namesels *tmp,
		    const struct pseudo_namesels **out)
{
	struct pseudo_namesels *sl = NULL;
	size_t i;

	if (t->names_cap) {
		size_t mask = t->names_cap - 1;

		for (i = name_hash(name) & mask; t->names[i].name; i = (i + 1) & mask)
			if (!strcmp(t->names[i].name, name)) {
				*out = &t->names[i];
				return 0;
			}
	}
	if (t->names_n < MAX_NAMES) {
		if ((t->names_n + 1) * 2 > t->names_cap) {
			size_t cap = t->names_cap ? 2 * t->names_cap : 64, k;
			struct pseudo_namesels *nv = calloc(cap, sizeof(*nv));

			if (!nv)
				return -1;
			for (k = 0; k < t->names_cap; k++)
				if (t->names[k].name) {
					for (i = name_hash(t->names[k].name) & (cap - 1); nv[i].name; i = (i + 1) & (cap - 1))
						;
					nv[i] = t->names[k];
				}
			free(t->names);
			t->names = nv;
			t->names_cap = cap;
			memset(t->pcache, 0, sizeof(t->pcache));
		}
		for (i = name_hash(name) & (t->names_cap - 1); t->names[i].name; i = (i + 1) & (t->names_cap - 1))
			;
		sl = &t->names[i];
	} else {
		sl = tmp; /* too many names (a hostile file): worked out each time */
	}
	memset(sl, 0, sizeof(*sl));
	if (!(sl->idx = malloc((t->nsel ? t->nsel : 1) * sizeof(*sl->idx))))
		return -1;
	for (i = 0; i < t->nsel; i++)
		if (t->sel[i].pat && named(t->sel[i].last, name))
			sl->idx[sl->n++] = i;
	if (!(sl->name = strdup(name))) {
		free(sl->idx);
		sl->idx = NULL;
		return -1;
	}
	if (sl != tmp)
		t->names_n++;
	*out = sl;
	return 0;
}

/*
 * The selects for n's name, by the address of the name: a parser's
 * element names are in its dictionary, one address per name for the
 * whole document.  A tree without a dictionary (the CSV records) is not
 * cached.
 */
static size_t pcache_slot(const xmlChar *name)
{
	return ((uintptr_t)name ^ (uintptr_t)name >> 10) & 1023;
}

static const struct pseudo_namesels *cached_sels(const struct each *e, xmlNodePtr n)
{
	const struct pseudo_type *t = e->t;
	size_t slot = pcache_slot(n->name);

	if (!n->doc || !n->doc->dict || t->pcache_dict != n->doc->dict || t->pcache_doc != e->ps->docs)
		return NULL;
	/* two ways: names met in turn in every record may share a slot */
	if (t->pcache[slot].name == n->name)
		return t->pcache[slot].sl;
	return t->pcache[slot ^ 1].name == n->name ? t->pcache[slot ^ 1].sl : NULL;
}

static void cache_sels(struct each *e, xmlNodePtr n, const struct pseudo_namesels *sl)
{
	struct pseudo_type *t = e->t;
	size_t slot = pcache_slot(n->name);

	if (!n->doc || !n->doc->dict || !xmlDictOwns(n->doc->dict, n->name))
		return;
	if (t->pcache_dict != n->doc->dict || t->pcache_doc != e->ps->docs) {
		memset(t->pcache, 0, sizeof(t->pcache));
		t->pcache_dict = n->doc->dict;
		t->pcache_doc = e->ps->docs;
	}
	if (t->pcache[slot].name)
		slot ^= 1; /* the other way (what it held goes) */
	t->pcache[slot].name = n->name;
	t->pcache[slot].sl = sl;
}

/* Every element below n against the selects that are patterns. */
static int walk_patterns(struct each *e, xmlNodePtr n)
{
	size_t i;

	for (; n; n = n->next) {
		const struct pseudo_namesels *cand;
		struct pseudo_namesels tmp = { NULL, NULL, 0 };
		int rc = 0;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!(cand = cached_sels(e, n))) {
			if (sels_for(e->t, (const char *)n->name, &tmp, &cand) < 0)
				return -1;
			if (cand != &tmp)
				cache_sels(e, n, cand);
		}
		for (i = 0; i < cand->n; i++) {
			const struct pseudo_sel *s = &e->t->sel[cand->idx[i]];

			if (use(e, s) && xmlPatternMatch(s->pat, n) == 1) {
				rc = give(e, n, s->office);
				break;
			}
		}
		free(tmp.name);
		free(tmp.idx);
		if (rc < 0)
			return -1;
		if (walk_patterns(e, n->children) < 0)
			return -1;
	}
	return 0;
}

int pseudo_each(struct kaigo_pseudo *ps, struct pseudo_type *t, xmlNodePtr rec,
		int (*fn)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind),
		int (*kept)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind), void *ctx)
{
	struct each e = { ps, t, fn, ctx, NULL, 0, kept };
	xmlXPathContextPtr xc = NULL;
	size_t i;
	int rc = walk_patterns(&e, rec->children);

	for (i = 0; i < t->nsel && rc == 0; i++) {
		xmlXPathObjectPtr r;
		int k;

		if (t->sel[i].pat || !use(&e, &t->sel[i]))
			continue;
		if (!xc) {
			if (!(xc = xmlXPathNewContext(rec->doc))) {
				rc = -1;
				break;
			}
			xmlXPathRegisterNs(xc, (const xmlChar *)"k", (const xmlChar *)t->dt->ns);
		}
		xc->node = rec;
		if (!(r = xmlXPathCompiledEval(t->sel[i].xp, xc)))
			continue; /* an expression that fails on this record selects nothing */
		for (k = 0; r->type == XPATH_NODESET && r->nodesetval && k < r->nodesetval->nodeNr && rc == 0; k++)
			if (r->nodesetval->nodeTab[k]->type == XML_ELEMENT_NODE)
				rc = give(&e, r->nodesetval->nodeTab[k], t->sel[i].office);
		xmlXPathFreeObject(r);
	}
	free(e.seen);
	if (xc)
		xmlXPathFreeContext(xc);
	return rc;
}

int pseudo_free_text(const char *s, size_t n)
{
	size_t i;
	int word = 0, gap = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return 1;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			gap = word;
		} else {
			if (gap)
				return 1; /* white space between two words */
			word = 1;
		}
	}
	return 0;
}

int pseudo_has_non_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* ---- the dictionary ----------------------------------------------------- */

int pseudo_dict_add(struct pseudo_dict *d, const char *from, size_t fn, const char *to, size_t tn, int kind)
{
	struct pseudo_pair *p;
	size_t i;

	/* a one-character value is too common to look for (privacy.xml ignores them too) */
	if (fn < 2 || (fn < 4 && pseudo_has_non_ascii(from, fn)) || (fn == tn && memcmp(from, to, fn) == 0))
		return 0;
	for (i = 0; i < d->n; i++)
		if (d->p[i].flen == fn && memcmp(d->p[i].from, from, fn) == 0)
			return 0;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;

		if (!(p = realloc(d->p, cap * sizeof(*p))))
			return -1;
		d->p = p;
		d->cap = cap;
	}
	p = &d->p[d->n];
	/* as many bytes as said: free text may hold a NUL, which strndup would stop at */
	p->from = malloc(fn + 1);
	p->to = malloc(tn + 1);
	if (p->from && p->to) {
		memcpy(p->from, from, fn);
		p->from[fn] = '\0';
		memcpy(p->to, to, tn);
		p->to[tn] = '\0';
	}
	p->flen = fn;
	p->tlen = tn;
	p->kind = kind;
	p->valued = 0;
	p->vidx = 0;
	if (!p->from || !p->to) {
		free(p->from);
		free(p->to);
		return -1;
	}
	d->n++;
	d->sorted = 0;
	return 0;
}

void pseudo_dict_clear(struct pseudo_dict *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->p[i].from);
		free(d->p[i].to);
	}
	d->n = 0;
	d->sorted = 0;
	kaigo_privacy_values_free(d->vals);
	d->vals = NULL;
	d->nvto = 0;
	for (i = 0; i < d->nres; i++)
		free(d->res[i]);
	d->nres = 0;
}

/* The length of the white space at s[i] (a space, a tab or U+3000), or 0. */
static size_t white(const char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\t')
		return 1;
	return i + 2 < n && !memcmp(s + i, "\xE3\x80\x80", 3) ? 3 : 0;
}

int pseudo_dict_reserve(struct pseudo_dict *d, const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n) {
		size_t a, k;

		while (i < n && (w = white(s, n, i)))
			i += w;
		for (a = i; i < n && !white(s, n, i); i++)
			;
		if (i == a)
			continue;
		for (k = 0; k < d->nres && (strlen(d->res[k]) != i - a || memcmp(d->res[k], s + a, i - a)); k++)
			;
		if (k < d->nres)
			continue;
		if (d->nres == d->capres) {
			size_t cap = d->capres ? 2 * d->capres : 8;
			char **nr = realloc(d->res, cap * sizeof(*nr));

			if (!nr)
				return -1;
			d->res = nr;
			d->capres = cap;
		}
		if (!(d->res[d->nres] = malloc(i - a + 1)))
			return -1;
		memcpy(d->res[d->nres], s + a, i - a);
		d->res[d->nres++][i - a] = '\0';
	}
	return 0;
}

void pseudo_dict_release(struct pseudo_dict *d)
{
	pseudo_dict_clear(d);
	free(d->res);
	free(d->p);
	free(d->vto);
	memset(d, 0, sizeof(*d));
}

static int longer_first(const void *a, const void *b)
{
	size_t la = ((const struct pseudo_pair *)a)->flen, lb = ((const struct pseudo_pair *)b)->flen;

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static const char *find_bytes(const char *hay, size_t hl, const char *needle, size_t nl)
{
	size_t i;

	if (nl == 0)
		return hay;
	for (i = 0; i + nl <= hl; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nl) == 0)
			return hay + i;
	return NULL;
}

/* ---- the detector ------------------------------------------------------- */

static const char *const kind_labels[KAIGO_PSEUDO_NKINDS] = {
	"value", "氏名", "フリガナ", "被保険者番号", "事業所番号", "生年月日", "住所", "住所２", "郵便番号", "電話番号"
};

static const char *kind_label(int kind)
{
	return abs(kind) < KAIGO_PSEUDO_NKINDS ? kind_labels[abs(kind)] : kind_labels[0];
}

/* The canonical matching text of s (kaigo/canon.h), malloc'd; NULL when out of memory. */
static char *canon_text(const char *s, size_t n, size_t *len)
{
	struct kaigo_canon c = KAIGO_CANON_INIT;
	char *t;

	if (kaigo_canon_make(&c, s, n) < 0)
		return NULL;
	t = c.text;
	*len = c.len;
	c.text = NULL;
	kaigo_canon_release(&c);
	return t;
}

/* privacy.xml's honorifics (<names honorifics>), canonical, read once. */
static int read_honorifics(struct kaigo_pseudo *ps)
{
	xmlNodePtr e;

	if (ps->hon_read)
		return 0;
	ps->hon_read = 1;
	for (e = xmlDocGetRootElement(ps->privacy)->children; e; e = e->next) {
		xmlChar *h;
		char *save = NULL, *tok;

		if (e->type != XML_ELEMENT_NODE || !xmlStrEqual(e->name, (const xmlChar *)"names") ||
		    !(h = xmlGetProp(e, (const xmlChar *)"honorifics")))
			continue;
		for (tok = strtok_r((char *)h, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
			size_t l;
			char *c = canon_text(tok, strlen(tok), &l), **nh;

			if (!c || !(nh = realloc(ps->hon, (ps->nhon + 1) * sizeof(*nh)))) {
				free(c);
				xmlFree(h);
				return -1;
			}
			ps->hon = nh;
			nh[ps->nhon++] = c;
		}
		xmlFree(h);
	}
	return 0;
}

/*
 * The pairs of d not yet given to the detector, as its personal values:
 * the detector then finds them in any writing (full-width, split by a
 * space or an invisible character, in brackets, 名姓 for 姓名).
 */
static int values_sync(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d)
{
	size_t i;

	if (!d->vals && !(d->vals = kaigo_privacy_values_new()))
		return -1;
	for (i = 0; i < d->n; i++) {
		struct pseudo_pair *p = &d->p[i];

		if (p->valued)
			continue;
		if (d->nvto == d->capvto) {
			size_t cap = d->capvto ? 2 * d->capvto : 16;
			struct pseudo_vto *nv = realloc(d->vto, cap * sizeof(*nv));

			if (!nv)
				return -1;
			d->vto = nv;
			d->capvto = cap;
		}
		d->vto[d->nvto].to = p->to;
		d->vto[d->nvto].tlen = p->tlen;
		d->vto[d->nvto].kind = p->kind;
		d->vto[d->nvto].listed = p->kind < 0 && pseudo_listed(ps, p->from);
		p->vidx = d->nvto++;
		p->valued = 1;
		if (kaigo_privacy_values_add(t->priv, d->vals, p->from, 1, kind_label(p->kind), 0) < 0)
			return -1;
	}
	return 0;
}

/* The pseudonym d already has for s[0..n), or NULL. */
static const struct pseudo_pair *known(const struct pseudo_dict *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->p[i].flen == n && memcmp(d->p[i].from, s, n) == 0)
			return &d->p[i];
	return NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII and full-width digits in s[0..n). */
static size_t count_digits(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (is_digit(s[i]) || (i + 2 < n && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
				       (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99))
			k++;
	return k;
}

/*
 * Where the value of a number finding begins in its canonical text c
 * (after a label: 被保険者番号：, 生年月日は, 〒), and where it ends (before
 * 生まれ); [*cs, *ce), empty when there is none.
 */
static void number_part(enum kaigo_pseudo_kind kind, const char *c, size_t n, size_t *cs, size_t *ce)
{
	static const char *const eras[] = { "明治", "大正", "昭和", "平成", "令和" };
	size_t i, k;

	*cs = *ce = 0;
	for (i = 0; i < n && !is_digit(c[i]); i++)
		;
	if (i == n)
		return;
	if (kind == KAIGO_PSEUDO_BIRTHDATE) {
		/* an era before the digits: 昭和11年, S11 */
		if (i > 1 && c[i - 1] == '.' && strchr("MTSHRmtshr", c[i - 2]))
			i -= 2;
		else if (i > 0 && strchr("MTSHRmtshr", c[i - 1]))
			i--;
		for (k = 0; k < sizeof(eras) / sizeof(*eras); k++)
			if (i >= 6 && memcmp(c + i - 6, eras[k], 6) == 0)
				i -= 6;
	}
	*cs = i;
	for (*ce = n; *ce > i && !is_digit(c[*ce - 1]); (*ce)--)
		;
	if (kind == KAIGO_PSEUDO_BIRTHDATE && n - *ce >= 3 && memcmp(c + *ce, "日", 3) == 0)
		*ce += 3;
}

/* A telephone number, 被保険者番号, birth date or postal code found in s[0..n) (c its canonical form). */
static int number_finding(struct kaigo_pseudo *ps, struct pseudo_dict *d, enum kaigo_pseudo_kind kind, const char *s,
			  const struct kaigo_canon *c)
{
	struct kaigo_buf out = KAIGO_BUF_INIT, alt = KAIGO_BUF_INIT;
	struct kaigo_era_result r;
	const struct pseudo_pair *p;
	size_t cs, ce, os, oe, k;
	const char *v;
	size_t vn;
	int rc;

	number_part(kind, c->text, c->len, &cs, &ce);
	if (cs >= ce)
		return 0;
	kaigo_canon_span(c, cs, ce, &os, &oe);
	if ((p = known(d, s + os, oe - os)) != NULL)
		return 0;
	/* the generators read ASCII and full-width digits: a number written
	   with kanji numerals or a letter O is given in its canonical form */
	v = s + os;
	vn = oe - os;
	if (count_digits(v, vn) != count_digits(c->text + cs, ce - cs) ||
	    (kind == KAIGO_PSEUDO_BIRTHDATE && kaigo_era_parse(v, vn, &r) != KAIGO_ERA_OK)) {
		v = c->text + cs;
		vn = ce - cs;
	}
	if (kind == KAIGO_PSEUDO_BIRTHDATE && kaigo_era_parse(v, vn, &r) != KAIGO_ERA_OK) {
		/* 1938年6月12日: the date parser reads 1938/6/12 */
		for (k = 0; k < vn; k++) {
			if (vn - k >= 3 && (memcmp(v + k, "年", 3) == 0 || memcmp(v + k, "月", 3) == 0)) {
				kaigo_buf_addch(&alt, '/');
				k += 2;
			} else if (!(vn - k >= 3 && memcmp(v + k, "日", 3) == 0)) {
				kaigo_buf_addch(&alt, v[k]);
			} else {
				k += 2;
			}
		}
		if (alt.data) {
			v = alt.data;
			vn = alt.len;
		}
	}
	rc = pseudo_replace(ps, kind, v, vn, NULL, 0, NULL, &out);
	if (rc == 0)
		rc = pseudo_dict_add(d, s + os, oe - os, out.data ? out.data : "", out.len, (int)kind);
	kaigo_buf_release(&out);
	kaigo_buf_release(&alt);
	return rc;
}

/* The end of a name without its honorific, in the canonical text c[0..n). */
static size_t name_end(struct kaigo_pseudo *ps, const char *c, size_t n, size_t *start)
{
	static const char *const latin_before[] = { "Mrs", "Miss", "Mr", "Ms", "Dr" };
	static const char *const latin_after[] = { "sensei", "sama", "chan", "dono", "san", "kun" };
	size_t i, best = 0, l;

	*start = 0;
	if (!pseudo_has_non_ascii(c, n)) {
		/* Yamada-san, Mr.Yamada */
		for (i = 0; i < sizeof(latin_before) / sizeof(*latin_before); i++)
			if (n > (l = strlen(latin_before[i])) && memcmp(c, latin_before[i], l) == 0) {
				*start = l + (c[l] == '.');
				return n;
			}
		for (i = 0; i < sizeof(latin_after) / sizeof(*latin_after); i++)
			if (n > (l = strlen(latin_after[i])) && strncasecmp(c + n - l, latin_after[i], l) == 0)
				return n - l - (n - l > 1 && c[n - l - 1] == '-');
		return n;
	}
	for (i = 0; i < ps->nhon; i++)
		if ((l = strlen(ps->hon[i])) < n && l > best && memcmp(c + n - l, ps->hon[i], l) == 0)
			best = l;
	return n - best;
}

/*
 * A name found in s[0..n) (c its canonical form): 斉藤一郎様, 田中ｻﾝ.  The
 * honorific stays as written; a surname and a given name MeCab tells
 * apart get the pseudonyms of the same parts in a name field.
 */
static int name_finding(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s,
			size_t n, const struct kaigo_canon *c)
{
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t cs, ce, os, oe, sp, so, se, go, ge;
	int rc = 0, split;

	if (read_honorifics(ps) < 0)
		return -1;
	ce = name_end(ps, c->text, c->len, &cs);
	if (cs >= ce)
		return 0;
	kaigo_canon_span(c, cs, ce, &os, &oe);
	if (known(d, s + os, oe - os))
		return 0;
	split = kaigo_privacy_split_name(t->priv, c->text + cs, ce - cs, &sp);
	if (split < 0)
		return -1;
	if (split == 1) {
		kaigo_canon_span(c, cs, cs + sp, &so, &se);
		kaigo_canon_span(c, cs + sp, ce, &go, &ge);
		rc = pseudo_surname(ps, s + so, se - so, d, &out);
		if (rc == 0 && pseudo_has_non_ascii(s + so, se - so) && se - so > 3)
			rc = pseudo_dict_add(d, s + so, se - so, out.data, out.len, -KAIGO_PSEUDO_NAME);
		if (rc == 0)
			rc = kaigo_buf_add(&out, s + se, go - se);
		sp = out.len;
		if (rc == 0)
			rc = pseudo_given(ps, s + go, ge - go, d, &out);
		if (rc == 0 && ge - go > 3)
			rc = pseudo_dict_add(d, s + go, ge - go, out.data + sp, out.len - sp, -KAIGO_PSEUDO_NAME);
	} else {
		rc = pseudo_surname(ps, s + os, oe - os, d, &out);
	}
	/* a name of one character is too common to replace everywhere: with its honorific, then */
	if (rc == 0 && oe - os < 4 && pseudo_has_non_ascii(s + os, oe - os)) {
		rc = kaigo_buf_add(&out, s + oe, n - oe);
		oe = n;
	}
	if (rc == 0)
		rc = pseudo_dict_add(d, s + os, oe - os, out.data ? out.data : "", out.len, KAIGO_PSEUDO_NAME);
	kaigo_buf_release(&out);
	return rc;
}

/* One finding f of the detector in s: what of it is personal, and its pseudonym, into d. */
static int finding(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s,
		   const struct kaigo_privacy_finding *f)
{
	const char *v = s + f->start;
	size_t n = f->end - f->start;
	struct kaigo_canon c = KAIGO_CANON_INIT;
	enum kaigo_pseudo_kind kind = KAIGO_PSEUDO_NONE;
	int rc;

	if (strcmp(f->rule, "personal") == 0 && f->value < d->nvto)
		return pseudo_dict_add(d, v, n, d->vto[f->value].to, d->vto[f->value].tlen, d->vto[f->value].kind);
	if (strcmp(f->rule, "phone") == 0)
		kind = KAIGO_PSEUDO_PHONE;
	else if (strcmp(f->rule, "insured-number") == 0)
		kind = KAIGO_PSEUDO_INSURED;
	else if (strcmp(f->rule, "birth-date") == 0)
		kind = KAIGO_PSEUDO_BIRTHDATE;
	else if (strcmp(f->rule, "postal-address") == 0)
		kind = KAIGO_PSEUDO_POSTAL;
	else if (strcmp(f->rule, "name") == 0)
		kind = KAIGO_PSEUDO_NAME;
	if (kind == KAIGO_PSEUDO_NONE) /* a rule this tool does not know yet: nothing of it stays */
		return known(d, v, n) ? 0 : pseudo_dict_add(d, v, n, "＊＊＊", strlen("＊＊＊"), 0);
	if (kaigo_canon_make(&c, v, n) < 0)
		return -1;
	rc = kind == KAIGO_PSEUDO_NAME ? name_finding(ps, t, d, v, n, &c) : number_finding(ps, d, kind, v, &c);
	kaigo_canon_release(&c);
	return rc;
}

int pseudo_detect(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s, size_t n)
{
	struct kaigo_privacy_finding *f = NULL;
	long nf, i;
	int rc = 0;

	if (!t || !t->priv)
		return 0;
	if (values_sync(ps, t, d) < 0 || (nf = kaigo_privacy_scan(t->priv, d->vals, s, n, &f)) < 0)
		return -1;
	for (i = 0; i < nf && rc == 0; i++)
		rc = finding(ps, t, d, s, &f[i]);
	free(f);
	return rc;
}

/* The longest dictionary value at s[i], or d->n. */
static size_t match(const unsigned long long *starts, const struct pseudo_dict *d, const char *s, size_t n, size_t i)
{
	size_t k;
	unsigned key;

	if (i + 1 >= n)
		return d->n;
	key = kaigo_char_key((const unsigned char *)s + i, n - i);
	if (!(starts[key >> 6] >> (key & 63) & 1))
		return d->n; /* no value starts with this character */
	for (k = 0; k < d->n; k++) {
		const struct pseudo_pair *p = &d->p[k];

		if (p->flen <= n - i && s[i] == p->from[0] && s[i + 1] == p->from[1] &&
		    memcmp(s + i, p->from, p->flen) == 0)
			return k;
	}
	return d->n;
}

int pseudo_freetext(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s,
		    size_t n, struct kaigo_buf *out, unsigned long *count)
{
	size_t i = 0, k, start = 0;

	if (pseudo_detect(ps, t, d, s, n) < 0)
		return -1;
	if (!d->sorted) {
		qsort(d->p, d->n, sizeof(*d->p), longer_first);
		d->sorted = 1;
		ps->scan_dict = NULL;
	}
	if (ps->scan_dict != d || ps->scan_n != d->n) {
		memset(ps->starts, 0, sizeof(ps->starts));
		for (k = 0; k < d->n; k++)
			if (d->p[k].flen >= 2) {
				unsigned key = kaigo_char_key((const unsigned char *)d->p[k].from, d->p[k].flen);

				ps->starts[key >> 6] |= 1ULL << (key & 63);
			}
		ps->scan_dict = d;
		ps->scan_n = d->n;
	}
	while (i < n) {
		k = match(ps->starts, d, s, n, i);
		if (k < d->n) {
			if (kaigo_buf_add(out, s + start, i - start) < 0 || kaigo_buf_add(out, d->p[k].to, d->p[k].tlen) < 0)
				return -1;
			i += d->p[k].flen;
			start = i;
			(*count)++;
		} else {
			i++;
			/* whole UTF-8 characters only: a match never starts inside one */
			while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
		}
	}
	return kaigo_buf_add(out, s + start, n - start);
}

/* ---- --check ------------------------------------------------------------ */

/* The old check, without a detector (--no-detect): each value, canonical, in the canonical output. */
static long check_plain(struct kaigo_pseudo *ps, const struct pseudo_dict *d, const char *s, size_t n,
			const char *file, unsigned long line, struct kaigo_diag_sink *sink)
{
	size_t fl, i;
	char *f = canon_text(s, n, &fl);
	long found = 0;

	if (!f)
		return -1;
	for (i = 0; i < d->n; i++) {
		size_t vl;
		char *v;

		if (d->p[i].kind < 0 && pseudo_listed(ps, d->p[i].from))
			continue;
		if (!(v = canon_text(d->p[i].from, strlen(d->p[i].from), &vl))) {
			free(f);
			return -1;
		}
		/* a canonical value of one character (or one digit group) is everywhere */
		if (vl >= 2 && !(vl < 4 && pseudo_has_non_ascii(v, vl)) && find_bytes(f, fl, v, vl)) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "pseudo.check",
					  "a personal value of the input (%s) is still in the output", kind_label(d->p[i].kind));
			found++;
		}
		free(v);
	}
	free(f);
	return found;
}

/*
 * The vto index of the value of d that finding f of s is or holds, or
 * d->nvto.  A finding of another rule (a name, a number) that holds a
 * value is one too: the detector reports overlapping hits as one.
 */
static size_t leaked(const struct pseudo_dict *d, char **canon, size_t *clen, const char *s,
		     const struct kaigo_privacy_finding *f)
{
	size_t i, fl;
	char *fc;

	if (strcmp(f->rule, "personal") == 0 && f->value < d->nvto && !d->vto[f->value].listed)
		return f->value;
	if (!(fc = canon_text(s + f->start, f->end - f->start, &fl)))
		return d->nvto;
	for (i = 0; i < d->n; i++) {
		const struct pseudo_pair *p = &d->p[i];

		if (!p->valued || d->vto[p->vidx].listed || clen[i] < 2 || (clen[i] < 4 && pseudo_has_non_ascii(canon[i], clen[i])))
			continue;
		if (find_bytes(fc, fl, canon[i], clen[i])) {
			free(fc);
			return p->vidx;
		}
	}
	free(fc);
	return d->nvto;
}

long pseudo_check(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s, size_t n,
		  const char *file, unsigned long line, struct kaigo_diag_sink *sink)
{
	struct kaigo_privacy_finding *f = NULL;
	unsigned char *said = NULL;
	char **canon = NULL;
	size_t *clen = NULL, i;
	long nf, k, found = 0;

	if (!t || !t->priv)
		return check_plain(ps, d, s, n, file, line, sink);
	if (values_sync(ps, t, d) < 0 || (nf = kaigo_privacy_scan(t->priv, d->vals, s, n, &f)) < 0)
		return -1;
	if (nf && (!(said = calloc(d->nvto + 1, 1)) || !(canon = calloc(d->n + 1, sizeof(*canon))) ||
		   !(clen = calloc(d->n + 1, sizeof(*clen))))) {
		found = -1;
		goto done;
	}
	for (i = 0; nf && i < d->n; i++)
		if (!(canon[i] = canon_text(d->p[i].from, d->p[i].flen, &clen[i]))) {
			found = -1;
			goto done;
		}
	for (k = 0; k < nf; k++) {
		size_t v = leaked(d, canon, clen, s, &f[k]);

		if (v == d->nvto || said[v])
			continue;
		said[v] = 1;
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "pseudo.check",
				  "a personal value of the input (%s) is still in the output", kind_label(d->vto[v].kind));
		found++;
	}
done:
	for (i = 0; canon && i < d->n; i++)
		free(canon[i]);
	free(canon);
	free(clen);
	free(said);
	free(f);
	return found;
}
