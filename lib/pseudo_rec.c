/*
 * pseudo_rec.c - what is personal in a record, and free text (see
 * pseudo_int.h).
 *
 * The selects come from two data files: schemas/publish/privacy.xml (the
 * personal elements kaigo-publish keeps out of public outputs) and
 * schemas/pseudo/fields.xml (a few more).  Each replaced value goes into
 * the record's dictionary, and free text is rewritten through it, so a
 * name or number in 総合的な援助の方針 gets the same pseudonym as in its field.
 * What the privacy detector finds in free text (telephone numbers, names
 * with 様, numbers after 被保険者番号 ...) is added to the dictionary first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "kaigo/canon.h"
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

static int add_word(struct pseudo_type *t, const char *w)
{
	char **nw = realloc(t->when, (t->nwhen + 1) * sizeof(*nw));

	if (!nw)
		return -1;
	t->when = nw;
	if (!(nw[t->nwhen] = strdup(w)))
		return -1;
	t->nwhen++;
	return 0;
}

/*
 * The detector's patterns are tried only on a text holding one of their
 * when words (privacy.xml); their union tells which texts need no
 * detector at all.  The detector compares folded text, in which a
 * full-width digit or letter is ASCII, so an ASCII word is also looked
 * for in full width.  One pattern without when words: always run it.
 */
static int when_words(struct kaigo_pseudo *ps, struct pseudo_type *t)
{
	xmlNodePtr e;
	int rc = 0;

	for (e = xmlDocGetRootElement(ps->privacy)->children; e && rc == 0; e = e->next) {
		xmlChar *w;
		char *save = NULL, *tok;

		if (e->type != XML_ELEMENT_NODE || !xmlStrEqual(e->name, (const xmlChar *)"pattern"))
			continue;
		if (!(w = xmlGetProp(e, (const xmlChar *)"when"))) {
			rc = 1;
			break;
		}
		for (tok = strtok_r((char *)w, " \t\n", &save); tok && rc == 0; tok = strtok_r(NULL, " \t\n", &save)) {
			rc = add_word(t, tok);
			if (rc == 0 && (unsigned char)tok[0] < 0x80) {
				/* the full-width form (U+FF01..U+FF5E for ASCII ! .. ~) */
				struct kaigo_buf b = KAIGO_BUF_INIT;
				const char *c;

				for (c = tok; *c && rc == 0; c++) {
					unsigned long cp = 0xFF01 + (unsigned long)(*c - '!');
					char u[3] = { (char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)),
						      (char)(0x80 | (cp & 0x3F)) };

					rc = kaigo_buf_add(&b, u, 3);
				}
				if (rc == 0)
					rc = add_word(t, b.data);
				kaigo_buf_release(&b);
			}
		}
		xmlFree(w);
	}
	if (rc == 1) {
		/* a pattern for every text: no filter */
		size_t i;

		for (i = 0; i < t->nwhen; i++)
			free(t->when[i]);
		free(t->when);
		t->when = NULL;
		t->nwhen = 0;
		rc = 0;
	}
	return rc;
}

static int wanted(const struct pseudo_type *t, const char *s, size_t n)
{
	size_t i;

	if (!t->when)
		return 1;
	for (i = 0; i < t->nwhen; i++) {
		const char *w = t->when[i], *p = s, *end = s + n;
		size_t wl = strlen(w);

		while ((p = memchr(p, w[0], (size_t)(end - p))) != NULL && (size_t)(end - p) >= wl) {
			if (memcmp(p, w, wl) == 0)
				return 1;
			p++;
		}
	}
	return 0;
}

struct pseudo_type *pseudo_type_get(struct kaigo_pseudo *ps, const struct kaigo_doctype *dt,
				    struct kaigo_diag_sink *sink)
{
	struct pseudo_type *t;
	size_t i;

	for (i = 0; i < ps->ntypes; i++)
		if (ps->types[i].dt == dt)
			return &ps->types[i];
	if (!(t = realloc(ps->types, (ps->ntypes + 1) * sizeof(*t))))
		return NULL;
	ps->types = t;
	t += ps->ntypes;
	memset(t, 0, sizeof(*t));
	t->dt = dt;
	ps->ntypes++;
	if (add_type_sels(t, ps->privacy, dt->name, sink) < 0 || add_type_sels(t, ps->fields, dt->name, sink) < 0)
		return NULL;
	if (ps->o.detect && !(t->priv = kaigo_privacy_load(ps->cat, NULL, dt, sink)))
		return NULL;
	if (ps->o.detect && when_words(ps, t) < 0)
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
	return e->fn(e->ctx, n, office ? KAIGO_PSEUDO_OFFICE : kaigo_pseudo_kind_of(e->ps, (const char *)n->name));
}

static int use(const struct each *e, const struct pseudo_sel *s)
{
	return !s->office || e->ps->o.offices;
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

/* Every element below n against the selects that are patterns. */
static int walk_patterns(struct each *e, xmlNodePtr n)
{
	size_t i;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < e->t->nsel; i++)
			if (e->t->sel[i].pat && use(e, &e->t->sel[i]) && named(e->t->sel[i].last, (const char *)n->name) &&
			    xmlPatternMatch(e->t->sel[i].pat, n) == 1) {
				if (give(e, n, e->t->sel[i].office) < 0)
					return -1;
				break;
			}
		if (walk_patterns(e, n->children) < 0)
			return -1;
	}
	return 0;
}

int pseudo_each(struct kaigo_pseudo *ps, struct pseudo_type *t, xmlNodePtr rec,
		int (*fn)(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind), void *ctx)
{
	struct each e = { ps, t, fn, ctx, NULL, 0 };
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
	p->from = strndup(from, fn);
	p->to = strndup(to, tn);
	p->flen = fn;
	p->tlen = tn;
	p->kind = kind;
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
}

void pseudo_dict_release(struct pseudo_dict *d)
{
	pseudo_dict_clear(d);
	free(d->p);
	memset(d, 0, sizeof(*d));
}

static int longer_first(const void *a, const void *b)
{
	size_t la = ((const struct pseudo_pair *)a)->flen, lb = ((const struct pseudo_pair *)b)->flen;

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* ---- the detector ------------------------------------------------------- */

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

static int starts(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && memcmp(s, p, pl) == 0;
}

static int ends(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && memcmp(s + n - pl, p, pl) == 0;
}

/*
 * One finding of the detector, s[0..n) of the original text: what of it
 * is personal, and its pseudonym, into the dictionary.
 */
static int finding(struct kaigo_pseudo *ps, struct pseudo_dict *d, const char *s, size_t n)
{
	static const char *const labels[] = { "被保険者番号", "被保番号", "保険証番号", "生年月日", "誕生日" };
	static const char *const honorifics[] = { "様", "さま", "さん", "氏", "殿", "くん", "ちゃん" };
	static const char *const after_label[] = { "は", "：", ":", "=" };
	enum kaigo_pseudo_kind kind = KAIGO_PSEUDO_PHONE;
	struct kaigo_buf out = KAIGO_BUF_INIT;
	size_t i, k;
	int rc;

	for (i = 0; i < sizeof(labels) / sizeof(*labels); i++) {
		if (!starts(s, n, labels[i]))
			continue;
		s += strlen(labels[i]);
		n -= strlen(labels[i]);
		for (k = 0; k < sizeof(after_label) / sizeof(*after_label); k++)
			if (starts(s, n, after_label[k])) {
				s += strlen(after_label[k]);
				n -= strlen(after_label[k]);
				break;
			}
		kind = i < 3 ? KAIGO_PSEUDO_INSURED : KAIGO_PSEUDO_BIRTHDATE;
		break;
	}
	if (kind == KAIGO_PSEUDO_PHONE && starts(s, n, "〒")) {
		s += strlen("〒");
		n -= strlen("〒");
		kind = KAIGO_PSEUDO_POSTAL;
	}
	for (i = 0; kind == KAIGO_PSEUDO_PHONE && i < sizeof(honorifics) / sizeof(*honorifics); i++)
		if (ends(s, n, honorifics[i])) {
			n -= strlen(honorifics[i]);
			kind = KAIGO_PSEUDO_NAME;
		}
	if (kind == KAIGO_PSEUDO_INSURED) {
		/* the number only: "No." and the like stay */
		while (n && !(s[0] >= '0' && s[0] <= '9') && (unsigned char)s[0] < 0x80) {
			s++;
			n--;
		}
	}
	if (kind == KAIGO_PSEUDO_NAME)
		rc = pseudo_surname(ps, s, n, &out);
	else
		rc = pseudo_replace(ps, kind, s, n, NULL, 0, NULL, &out);
	if (rc == 0)
		rc = pseudo_dict_add(d, s, n, out.data ? out.data : "", out.len, (int)kind);
	kaigo_buf_release(&out);
	return rc;
}

/*
 * The privacy detector's hook: everything personal that
 * kaigo_privacy_check finds in s goes into d.  The current privacy API
 * reports findings only by masking them in a document, so the text is put
 * into a one-node document, masked, and the findings are the stretches of
 * s the mask took the place of.
 */
static int detect(struct kaigo_pseudo *ps, struct pseudo_type *t, struct pseudo_dict *d, const char *s, size_t n)
{
	struct kaigo_diag_sink quiet = { NULL, NULL, 0, 0 };
	xmlDocPtr doc;
	xmlNodePtr root, tn;
	xmlChar *masked = NULL, *mk;
	const char *mask, *m, *lit, *next, *src = s, *hit;
	char *copy = NULL;
	size_t ml, pos, mlen;
	long f;
	int rc = 0;

	if (!t || !t->priv || !wanted(t, s, n))
		return 0;
	mk = xmlGetProp(xmlDocGetRootElement(ps->privacy), (const xmlChar *)"mask");
	mask = mk ? (const char *)mk : "＊＊＊";
	ml = strlen(mask);
	if (ml && (hit = find_bytes(s, n, mask, ml)) != NULL) {
		/* the text holds the mask itself: the detector sees '#' there instead
		   (no pattern takes it, and the offsets stay those of s), so that
		   only its own masks mark findings */
		if (!(copy = malloc(n ? n : 1))) {
			xmlFree(mk);
			return -1;
		}
		memcpy(copy, s, n);
		for (; hit; hit = find_bytes(hit + ml, n - (size_t)(hit + ml - s), mask, ml))
			memset(copy + (hit - s), '#', ml);
		src = copy;
	}
	if (!(doc = xmlNewDoc((const xmlChar *)"1.0")) ||
	    !(root = xmlNewDocNode(doc, NULL, (const xmlChar *)"t", NULL)) ||
	    !(tn = xmlNewDocTextLen(doc, (const xmlChar *)src, (int)n))) {
		xmlFreeDoc(doc);
		xmlFree(mk);
		free(copy);
		return -1;
	}
	xmlDocSetRootElement(doc, root);
	xmlAddChild(root, tn);
	f = kaigo_privacy_check(t->priv, NULL, NULL, doc, 1, &quiet);
	if (f < 0)
		rc = -1;
	else if (f > 0 && (masked = xmlNodeGetContent(root))) {
		/* masked = L0 mask L1 mask ... Lk, each L a stretch of src in order */
		m = (const char *)masked;
		mlen = strlen(m);
		lit = m;
		next = find_bytes(lit, mlen, mask, ml);
		if (next && (size_t)(next - lit) <= n && memcmp(src, lit, (size_t)(next - lit)) == 0) {
			pos = (size_t)(next - lit);
			while (next && rc == 0) {
				const char *after = next + ml, *nm = find_bytes(after, mlen - (size_t)(after - m), mask, ml);
				size_t ll = nm ? (size_t)(nm - after) : mlen - (size_t)(after - m), end;
				const char *at;

				if (!nm) /* the last stretch ends the text */
					at = ll <= n - pos ? src + n - ll : NULL;
				else
					at = find_bytes(src + pos + 1, n - pos - 1, after, ll);
				if (!at || (size_t)(at - src) <= pos)
					break;
				end = (size_t)(at - src);
				rc = finding(ps, d, s + pos, end - pos);
				pos = end + ll;
				next = nm;
			}
		}
	}
	xmlFree(masked);
	xmlFree(mk);
	xmlFreeDoc(doc);
	free(copy);
	return rc;
}

/* The longest dictionary value at s[i], or d->n. */
static size_t match(const unsigned long long *starts, const struct pseudo_dict *d, const char *s, size_t n, size_t i)
{
	size_t k;

	if (i + 1 >= n || !(starts[(unsigned char)s[i]] >> ((unsigned char)s[i + 1] & 63) & 1))
		return d->n; /* no value starts with these two bytes */
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

	if (detect(ps, t, d, s, n) < 0)
		return -1;
	if (!d->sorted) {
		qsort(d->p, d->n, sizeof(*d->p), longer_first);
		d->sorted = 1;
		ps->scan_dict = NULL;
	}
	if (ps->scan_dict != d || ps->scan_n != d->n) {
		memset(ps->starts, 0, sizeof(ps->starts));
		for (k = 0; k < d->n; k++)
			ps->starts[(unsigned char)d->p[k].from[0]] |= 1ULL << ((unsigned char)d->p[k].from[1] & 63);
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

static const char *const kind_labels[KAIGO_PSEUDO_NKINDS] = {
	"value", "氏名", "フリガナ", "被保険者番号", "事業所番号", "生年月日", "住所", "住所２", "郵便番号", "電話番号"
};

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

long pseudo_check(const struct kaigo_pseudo *ps, const struct pseudo_dict *d, const char *s, size_t n, const char *file, unsigned long line,
		  struct kaigo_diag_sink *sink)
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

		/* a folded value of one character (or one digit group) is everywhere */
		if (vl >= 2 && !(vl < 4 && pseudo_has_non_ascii(v, vl)) && find_bytes(f, fl, v, vl)) {
			int k = abs(d->p[i].kind) < KAIGO_PSEUDO_NKINDS ? abs(d->p[i].kind) : 0;

			kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "pseudo.check",
					  "a personal value of the input (%s) is still in the output", kind_labels[k]);
			found++;
		}
		free(v);
	}
	free(f);
	return found;
}
