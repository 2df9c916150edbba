/*
 * privacy.c - personal data checks for public outputs (see include/kaigo/privacy.h).
 *
 * Loading: privacy.xml is parsed with the safe options, the <type> whose
 * name is the document type gives the personal and public XPaths (prefix
 * k: is the type's namespace), and every <pattern> is compiled with ICU's
 * uregex.  Checking one result: the personal and public values of the
 * record are collected and folded; then each text of the result is folded
 * (with a map back to its bytes) and searched for the personal values and
 * the patterns.  A pattern match that overlaps an occurrence of a public
 * value (the site's own phone number) is not a finding; one that overlaps
 * an earlier finding is masked with it but not reported again.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "kaigo/buf.h"
#include "kaigo/privacy.h"
#include "kaigo/xmlin.h"

#define PRIV_NS "urn:kaigo:privacy:1"

struct pattern {
	char *id;            /* rule id suffix: publish.privacy.ID */
	char *label;         /* what it finds, for messages */
	URegularExpression *re;
	URegularExpression *except; /* a match this finds in full is not a finding; or NULL */
	int min_digits, max_digits; /* ASCII digits a match must hold (0: any) */
	char **when;         /* the text must hold one of these (folded) to be searched; NULL: always */
	size_t nwhen;
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
};

/* A value of the record: folded text and where it came from. */
struct value {
	char *folded;
	size_t len;
	const char *label;
	unsigned long line;
	int reported;        /* reported once per result; every occurrence is masked */
};

struct values {
	struct value *v;
	size_t n, cap;
};

/* One finding in one text, as a byte range of the (unfolded) text. */
struct hit {
	size_t start, end;
};

/* ---- folding --------------------------------------------------------- */

static const UNormalizer2 *nfkc(void)
{
	static const UNormalizer2 *n;
	UErrorCode err = U_ZERO_ERROR;

	if (!n)
		n = unorm2_getNFKCInstance(&err);
	return U_SUCCESS(err) ? n : NULL;
}

/* Compose the last character of b with the combining mark m (U+3099/U+309A). */
static int compose_last(struct kaigo_buf *b, UChar m)
{
	const UNormalizer2 *nfc;
	UErrorCode err = U_ZERO_ERROR;
	int32_t i, k;
	UChar32 last, comp;
	uint8_t u[4];
	UBool bad = 0;

	if (!b->len || !(nfc = unorm2_getNFCInstance(&err)) || U_FAILURE(err))
		return 0;
	i = (int32_t)b->len;
	U8_BACK_1((const uint8_t *)b->data, 0, i);
	k = i;
	U8_NEXT((const uint8_t *)b->data, k, (int32_t)b->len, last);
	if (last < 0 || (comp = unorm2_composePair(nfc, last, m)) < 0)
		return 0;
	k = 0;
	U8_APPEND(u, k, 4, comp, bad);
	if (bad)
		return 0;
	b->len = (size_t)i;
	return kaigo_buf_add(b, u, (size_t)k) == 0;
}

char *kaigo_privacy_fold(const char *s, size_t n, size_t *outlen, size_t **map)
{
	const UNormalizer2 *nf = nfkc();
	struct kaigo_buf b = KAIGO_BUF_INIT;
	size_t *m = NULL, mcap = 0, i = 0;

	if (map) {
		mcap = n * 2 + 16;
		if (!(m = malloc(mcap * sizeof(*m))))
			return NULL;
	}
	if (kaigo_buf_grow(&b, n + 1) < 0)
		goto oom;
	while (i < n) {
		size_t at = i, before = b.len, k;
		UChar32 c;
		int32_t len32 = (int32_t)(n - i > INT32_MAX ? INT32_MAX : n - i), j = 0;

		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i++];
			if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
				continue;
			if (c == '\r') /* a line end stays one: digits on two lines are two numbers */
				c = '\n';
			if (c == '\n' && b.len && b.data[b.len - 1] == '\n')
				continue;
			if (kaigo_buf_addch(&b, (char)c) < 0)
				goto oom;
		} else {
			U8_NEXT((const uint8_t *)s + i, j, len32, c);
			i += (size_t)j;
			if (c < 0) { /* not UTF-8: U+FFFD, so that the folded text is UTF-8 */
				if (kaigo_buf_add(&b, "\xEF\xBF\xBD", 3) < 0)
					goto oom;
			} else if (u_isUWhiteSpace(c)) {
				continue;
			} else {
				UChar d[32], src[2];
				UErrorCode err = U_ZERO_ERROR;
				int32_t dl = nf ? unorm2_getDecomposition(nf, c, d, 32, &err) : -1, sl = 0;

				if (dl >= 0 && U_SUCCESS(err)) {
					/* it changes: its NFKC form (ダ stays ダ, ｶ becomes カ) */
					U16_APPEND_UNSAFE(src, sl, c);
					dl = unorm2_normalize(nf, src, sl, d, 32, &err);
				}
				if (dl >= 0 && U_SUCCESS(err) && dl == 1 && (d[0] == 0x3099 || d[0] == 0x309A) &&
				    compose_last(&b, d[0])) {
					/* ﾞ or ﾟ after a kana: one character with it, as NFKC of the pair */
				} else if (dl < 0 || U_FAILURE(err)) {
					if (kaigo_buf_add(&b, s + at, i - at) < 0)
						goto oom;
				} else {
					int32_t q = 0;

					while (q < dl) {
						UChar32 e;
						uint8_t u[4];
						int32_t ul = 0;
						UBool bad = 0;

						U16_NEXT(d, q, dl, e);
						if (u_isUWhiteSpace(e))
							continue;
						U8_APPEND((uint8_t *)u, ul, 4, e, bad);
						if (!bad && kaigo_buf_add(&b, u, (size_t)ul) < 0)
							goto oom;
					}
				}
			}
		}
		if (m) {
			if (b.len + 1 > mcap) {
				size_t *nm;

				mcap = (b.len + 1) * 2;
				if (!(nm = realloc(m, mcap * sizeof(*m))))
					goto oom;
				m = nm;
			}
			for (k = before; k < b.len; k++)
				m[k] = at;
		}
	}
	if (kaigo_buf_add(&b, "", 0) < 0)
		goto oom;
	if (m)
		m[b.len] = n;
	*outlen = b.len;
	if (map)
		*map = m;
	return b.data;
oom:
	free(m);
	kaigo_buf_release(&b);
	return NULL;
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
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, n ? (unsigned long)xmlGetLineNo(n) : 0, 0,
			  "publish.privacy-load", "%s", msg);
}

/* The first occurrence of needle (nl bytes) in hay (hl bytes), or NULL. */
static const char *find(const char *hay, size_t hl, const char *needle, size_t nl)
{
	const char *end, *p;

	if (!nl || nl > hl)
		return NULL;
	end = hay + (hl - nl);
	for (p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nl) == 0)
			return p;
	}
	return NULL;
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

static int load_pattern(struct kaigo_privacy *p, xmlNodePtr e, struct kaigo_diag_sink *sink)
{
	char *id = prop(e, "id"), *re = prop(e, "regex"), *ex = prop(e, "except");
	char *mn = prop(e, "min-digits"), *mx = prop(e, "max-digits"), *when = prop(e, "when");
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
	if (when) {
		char *save = NULL, *w;

		for (w = strtok_r(when, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
			char **nw = realloc(pt->when, (pt->nwhen + 1) * sizeof(*nw));

			if (!nw || !(nw[pt->nwhen] = strdup(w))) {
				if (nw)
					pt->when = nw;
				goto done;
			}
			pt->when = nw;
			pt->nwhen++;
		}
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
	return ret;
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
	free(p->pats);
	free(p->personal);
	free(p->public_);
	free(p->file);
	free(p->ns);
	free(p->mask);
	free(p);
}

/* ---- the record's values --------------------------------------------- */

static int add_value(struct values *vs, const char *text, const char *label, unsigned long line)
{
	struct value *v;
	size_t len;
	char *f = kaigo_privacy_fold(text, strlen(text), &len, NULL);

	if (!f)
		return -1;
	if (len < 2) { /* a one-character value would flag everything */
		free(f);
		return 0;
	}
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].len == len && memcmp(vs->v[i].folded, f, len) == 0) {
			free(f); /* the same value again (a name in every meeting) */
			return 0;
		}
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		struct value *nv = realloc(vs->v, cap * sizeof(*nv));

		if (!nv) {
			free(f);
			return -1;
		}
		vs->v = nv;
		vs->cap = cap;
	}
	v = &vs->v[vs->n++];
	v->folded = f;
	v->len = len;
	v->label = label;
	v->line = line;
	v->reported = 0;
	return 0;
}

static void values_release(struct values *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		free(vs->v[i].folded);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

static int collect(struct values *vs, const struct selector *sel, size_t nsel, xmlNodePtr rec, const char *ns)
{
	xmlXPathContextPtr xc;
	size_t i;
	int ret = 0;

	if (!rec || !nsel)
		return 0;
	if (!(xc = xmlXPathNewContext(rec->doc)))
		return -1;
	xmlXPathRegisterNs(xc, (const xmlChar *)"k", (const xmlChar *)ns);
	for (i = 0; i < nsel && ret == 0; i++) {
		xmlXPathObjectPtr r;
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
					ret = add_value(vs, (const char *)t, sel[i].label ? sel[i].label : sel[i].text,
							(unsigned long)xmlGetLineNo(n));
				xmlFree(t);
			}
		} else if (r->type == XPATH_STRING && r->stringval) {
			ret = add_value(vs, (const char *)r->stringval, sel[i].label ? sel[i].label : sel[i].text,
					(unsigned long)xmlGetLineNo(rec));
		}
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(xc);
	return ret;
}

/* ---- checking -------------------------------------------------------- */

static const UChar empty[1]; /* detaches a regular expression from a text before it is freed */

struct check {
	struct kaigo_privacy *p;
	xmlNodePtr rec;
	const char *file;
	int mask;
	struct kaigo_diag_sink *sink;
	struct values personal, public_;
	long findings;
	int oom;
};

/* The line of the element of rec whose folded text contains f (len bytes), or 0. */
static unsigned long source_line(xmlNodePtr n, const char *f, size_t len)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			size_t fl;
			char *t = c->content ? kaigo_privacy_fold((const char *)c->content,
								  strlen((const char *)c->content), &fl, NULL)
					     : NULL;
			int in = t && find(t, fl, f, len) != NULL;

			free(t);
			if (in)
				return (unsigned long)xmlGetLineNo(n);
		} else if (c->type == XML_ELEMENT_NODE) {
			unsigned long l = source_line(c, f, len);

			if (l)
				return l;
		}
	}
	return 0;
}

static size_t u8_end(const char *s, size_t at, size_t n)
{
	size_t i = at + 1;

	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void report(struct check *c, const char *rule_id, const char *label, const char *folded, size_t fs,
		   size_t fe, unsigned long line)
{
	char shown[64];
	size_t k = 0, i = fs, chars = 0;
	char rule[96];

	/* show the first three characters only: the value itself is personal */
	while (i < fe && chars < 3 && k + 4 < sizeof(shown) - 4) {
		size_t e = u8_end(folded, i, fe);

		memcpy(shown + k, folded + i, e - i);
		k += e - i;
		i = e;
		chars++;
	}
	if (i < fe) {
		memcpy(shown + k, "…", strlen("…"));
		k += strlen("…");
	}
	shown[k] = '\0';
	snprintf(rule, sizeof(rule), "publish.privacy.%s", rule_id);
	if (!line)
		line = c->rec ? (unsigned long)xmlGetLineNo(c->rec) : 0;
	kaigo_diag_report(c->sink, c->mask ? KAIGO_SEV_NOTE : KAIGO_SEV_ERROR, c->file, line, 0, rule,
			  c->mask ? "public output: %s '%s' masked" :
				    "public output would contain %s '%s'; remove it from the source, or "
				    "publish with --mask",
			  label, shown);
	c->findings++;
}

static int add_hit(struct hit **h, size_t *n, size_t *cap, size_t s, size_t e)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct hit *nh = realloc(*h, nc * sizeof(*nh));

		if (!nh)
			return -1;
		*h = nh;
		*cap = nc;
	}
	(*h)[*n].start = s;
	(*h)[*n].end = e;
	(*n)++;
	return 0;
}

/* Does [s, e) overlap one of the ranges?  (〒390-0000 overlaps the public 390-0000.) */
static int overlaps(const struct hit *r, size_t nr, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].start < e && s < r[i].end)
			return 1;
	return 0;
}

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

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* One pass over a text node's content; with masking, hits are replaced in place.  Returns the hits. */
static size_t check_once(struct check *c, xmlNodePtr tn)
{
	const char *raw = (const char *)tn->content;
	size_t rn, fl, i, *map = NULL, nh = 0, ch = 0, na = 0, ca = 0;
	char *f;
	struct hit *hits = NULL, *allow = NULL;

	if (!raw || !*raw)
		return 0;
	rn = strlen(raw);
	if (!(f = kaigo_privacy_fold(raw, rn, &fl, &map))) {
		c->oom = 1;
		return 0;
	}
	if (!fl)
		goto done;
	/* public values: ranges where patterns do not apply */
	for (i = 0; i < c->public_.n; i++) {
		const struct value *v = &c->public_.v[i];
		const char *at = f;

		while ((at = find(at, fl - (size_t)(at - f), v->folded, v->len))) {
			if (add_hit(&allow, &na, &ca, (size_t)(at - f), (size_t)(at - f) + v->len) < 0)
				c->oom = 1;
			at += v->len;
		}
	}
	/* personal values of the record: always findings */
	for (i = 0; i < c->personal.n; i++) {
		struct value *v = &c->personal.v[i];
		const char *at = f;

		while (fl >= v->len && (at = find(at, fl - (size_t)(at - f), v->folded, v->len))) {
			size_t s = (size_t)(at - f);

			if (!v->reported)
				report(c, "personal", v->label, f, s, s + v->len, v->line);
			v->reported = 1;
			if (add_hit(&hits, &nh, &ch, s, s + v->len) < 0)
				c->oom = 1;
			at += v->len;
			if ((size_t)(at - f) >= fl)
				break;
		}
	}
	/* patterns */
	for (i = 0; i < c->p->npats; i++) {
		struct pattern *pt = &c->p->pats[i];
		UErrorCode err = U_ZERO_ERROR;
		UText *ut;
		size_t k;

		for (k = 0; k < pt->nwhen; k++)
			if (find(f, fl, pt->when[k], strlen(pt->when[k])))
				break;
		if (pt->nwhen && k == pt->nwhen)
			continue; /* cannot match: none of its cue strings is here */
		ut = utext_openUTF8(NULL, f, (int64_t)fl, &err);
		if (U_FAILURE(err))
			continue;
		uregex_setUText(pt->re, ut, &err);
		while (U_SUCCESS(err) && uregex_findNext(pt->re, &err) && U_SUCCESS(err)) {
			size_t s = (size_t)uregex_start64(pt->re, 0, &err), e = (size_t)uregex_end64(pt->re, 0, &err);

			if (U_FAILURE(err) || e <= s || e > fl)
				break;
			if (overlaps(allow, na, s, e) || !digits_ok(pt, f, s, e) || excepted(pt, f, s, e))
				continue;
			/* a match over an earlier finding (a name around a personal
			   value) is not reported again, but masked whole: masking only
			   the value would leave the rest of the name */
			if (!overlaps(hits, nh, s, e))
				report(c, pt->id, pt->label ? pt->label : pt->id, f, s, e,
				       source_line(c->rec, f + s, e - s));
			if (add_hit(&hits, &nh, &ch, s, e) < 0)
				c->oom = 1;
		}
		err = U_ZERO_ERROR;
		uregex_setText(pt->re, empty, 0, &err);
		utext_close(ut);
	}
	if (c->mask && nh) {
		/* replace each merged range of the original bytes by the mask */
		struct kaigo_buf out = KAIGO_BUF_INIT;
		size_t pos = 0;

		/* never leave half a number: a masked range takes in the digits
		   next to it (masking 〒100-0000 of 〒100-00006172 would expose
		   6172 as a number of its own) */
		for (i = 0; i < nh; i++) {
			while (hits[i].start > 0 && f[hits[i].start - 1] >= '0' && f[hits[i].start - 1] <= '9')
				hits[i].start--;
			while (hits[i].end < fl && f[hits[i].end] >= '0' && f[hits[i].end] <= '9')
				hits[i].end++;
		}
		qsort(hits, nh, sizeof(*hits), cmp_hit);
		for (i = 0; i < nh;) {
			size_t fs = hits[i].start, fe = hits[i].end, rs, re;

			for (i++; i < nh && hits[i].start <= fe; i++)
				if (hits[i].end > fe)
					fe = hits[i].end;
			rs = map[fs];
			re = u8_end(raw, map[fe - 1], rn);
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
	free(hits);
	free(allow);
	free(map);
	free(f);
	return nh;
}

/*
 * Check one text node.  Masking changes what is next to the masked text (a
 * look-ahead that kept 山田さん子 from matching no longer sees the 子), so with
 * masking the text is checked again until a pass finds nothing: what is
 * written never holds a finding.
 */
static void check_text(struct check *c, xmlNodePtr tn)
{
	int pass;

	for (pass = 0; pass < 8 && !c->oom; pass++)
		if (check_once(c, tn) == 0 || !c->mask)
			break;
}

static void walk(struct check *c, xmlNodePtr n)
{
	for (; n && !c->oom; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			check_text(c, n);
		} else if (n->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a;

			if (xmlStrcasecmp(n->name, (const xmlChar *)"style") == 0 ||
			    xmlStrcasecmp(n->name, (const xmlChar *)"script") == 0)
				continue;
			for (a = n->properties; a; a = a->next)
				walk(c, a->children);
			walk(c, n->children);
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
	if (collect(&c.personal, p->personal, p->npersonal, rec, p->ns) < 0 ||
	    collect(&c.public_, p->public_, p->npublic, rec, p->ns) < 0)
		c.oom = 1;
	if (!c.oom && result)
		walk(&c, result->children);
	values_release(&c.personal);
	values_release(&c.public_);
	return c.oom ? -1 : c.findings;
}
