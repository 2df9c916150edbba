/*
 * xsdlean.c - an XSD read without its annotations, when that changes
 * nothing (see xsdlean.h).
 *
 * An annotation is cut only when the cut cannot hide an error: its text
 * and attribute values are valid UTF-8 made of XML characters, its
 * entity references are the five predefined ones, its elements are
 * documentation and appinfo (the XSD's own prefix) holding text and
 * comments, its comments hold no "--", its names are ASCII, no attribute
 * is given twice, only white space is on either side of it.  The rest of
 * the file is left byte for byte, and the cut keeps the annotation's line
 * ends.  The file's own prefix for the XSD
 * namespace must be bound on the root element and nowhere else.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "xsdlean.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"
#define MAX_SIZE (16u << 20) /* larger files are compiled as they are */
#define MAX_ATTRS 8

struct text {
	const char *b;  /* the whole text */
	size_t n;
	char pfx[32];   /* the prefix bound to XSD_NS, with its colon */
	size_t pfxlen;
};

static int starts(const struct text *t, size_t i, const char *s)
{
	size_t l = strlen(s);

	return i + l <= t->n && !memcmp(t->b + i, s, l);
}

/* The offset of s at or after i, or (size_t)-1. */
static size_t find(const struct text *t, size_t i, const char *s)
{
	const char *p = i > t->n ? NULL
			: s[1]   ? memmem(t->b + i, t->n - i, s, strlen(s))
				 : memchr(t->b + i, s[0], t->n - i);

	return p ? (size_t)(p - t->b) : (size_t)-1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The length of the XML character at b[i] (strict UTF-8, an XML 1.0 Char),
 * or 0 when it is not one.
 */
static size_t xml_char(const struct text *t, size_t i)
{
	const unsigned char *u = (const unsigned char *)t->b + i;
	size_t left = t->n - i;

	if (u[0] < 0x80)
		return u[0] >= 0x20 || u[0] == '\t' || u[0] == '\n' || u[0] == '\r';
	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		return left >= 2 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
	if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		if (left < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
			return 0;
		if ((u[0] == 0xE0 && u[1] < 0xA0) || (u[0] == 0xED && u[1] >= 0xA0))
			return 0; /* overlong, surrogate */
		if (u[0] == 0xEF && u[1] == 0xBF && u[2] >= 0xBE)
			return 0; /* U+FFFE, U+FFFF */
		return 3;
	}
	if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		if (left < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80)
			return 0;
		if ((u[0] == 0xF0 && u[1] < 0x90) || (u[0] == 0xF4 && u[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* The length of a predefined entity reference at b[i] ('&'), or 0. */
static size_t entity_ref(const struct text *t, size_t i)
{
	static const char *const refs[] = { "&lt;", "&gt;", "&amp;", "&quot;", "&apos;" };

	for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++)
		if (starts(t, i, refs[k]))
			return strlen(refs[k]);
	return 0;
}

/*
 * Character data from i up to the next '<' (or stop, for a quoted value):
 * the offset of that byte, or (size_t)-1 when the data is not plainly
 * well-formed.
 */
static size_t char_data(const struct text *t, size_t i, char stop)
{
	const unsigned char *u = (const unsigned char *)t->b;

	while (i < t->n && t->b[i] != '<' && t->b[i] != stop) {
		size_t l;

		/* the common cases first: plain ASCII, a kana or kanji */
		if (u[i] >= 0x20 && u[i] < 0x80 && u[i] != '&' && u[i] != '>') {
			i++;
			continue;
		}
		if (u[i] >= 0xE1 && u[i] <= 0xEC && i + 2 < t->n && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (t->b[i] == '&')
			l = entity_ref(t, i);
		else if (t->b[i] == '>' && i >= 2 && t->b[i - 1] == ']' && t->b[i - 2] == ']')
			l = 0; /* "]]>" */
		else
			l = xml_char(t, i);
		if (!l)
			return (size_t)-1;
		i += l;
	}
	return i < t->n ? i : (size_t)-1;
}

/* An ASCII XML name at i: its length, or 0. */
static size_t name_at(const struct text *t, size_t i)
{
	size_t k = i;

	if (k >= t->n || !((t->b[k] >= 'A' && t->b[k] <= 'Z') || (t->b[k] >= 'a' && t->b[k] <= 'z') || t->b[k] == '_'))
		return 0;
	while (k < t->n && ((t->b[k] >= 'A' && t->b[k] <= 'Z') || (t->b[k] >= 'a' && t->b[k] <= 'z') ||
			    (t->b[k] >= '0' && t->b[k] <= '9') || t->b[k] == '_' || t->b[k] == '-' || t->b[k] == '.' ||
			    t->b[k] == ':'))
		k++;
	return k - i;
}

/* A language tag: [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})* */
static int language(const char *v, size_t n)
{
	size_t k = 0, sub = 0;

	while (k < n) {
		size_t run = 0;

		while (k < n && v[k] != '-') {
			char c = v[k++];

			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (sub && c >= '0' && c <= '9')))
				return 0;
			run++;
		}
		if (run < 1 || run > 8)
			return 0;
		if (k < n && ++k == n)
			return 0; /* a '-' at the end */
		sub++;
	}
	return sub > 0;
}

/*
 * The attributes of a start tag from i (just past its name) to its '>':
 * the offset past the '>', with *empty set for "/>", or (size_t)-1.
 * With lang, one xml:lang of a plain language tag may be there; no other
 * attribute may (the schema compiler would judge it, and its value).
 */
static size_t attributes(const struct text *t, size_t i, int lang, int *empty)
{
	const char *seen[MAX_ATTRS];
	size_t seenlen[MAX_ATTRS], nseen = 0;

	for (;;) {
		size_t ws = i, l, v;
		char q;

		while (i < t->n && is_space(t->b[i]))
			i++;
		if (starts(t, i, "/>")) {
			*empty = 1;
			return i + 2;
		}
		if (starts(t, i, ">")) {
			*empty = 0;
			return i + 1;
		}
		if (i == ws || !(l = name_at(t, i)) || nseen == MAX_ATTRS)
			return (size_t)-1; /* an attribute must follow white space */
		if (!lang || l != 8 || memcmp(t->b + i, "xml:lang", 8))
			return (size_t)-1;
		for (size_t k = 0; k < nseen; k++)
			if (seenlen[k] == l && !memcmp(seen[k], t->b + i, l))
				return (size_t)-1;
		seen[nseen] = t->b + i;
		seenlen[nseen++] = l;
		i += l;
		while (i < t->n && is_space(t->b[i]))
			i++;
		if (i >= t->n || t->b[i] != '=')
			return (size_t)-1;
		i++;
		while (i < t->n && is_space(t->b[i]))
			i++;
		if (i >= t->n || (t->b[i] != '"' && t->b[i] != '\''))
			return (size_t)-1;
		q = t->b[i++];
		if ((v = char_data(t, i, q)) == (size_t)-1 || t->b[v] != q || !language(t->b + i, v - i))
			return (size_t)-1;
		i = v + 1;
	}
}

/* Is the prefixed name P:local at i, followed by a byte that ends a name? */
static int xsd_name(const struct text *t, size_t i, const char *local)
{
	size_t l = strlen(local);

	char after;

	if (i + t->pfxlen + l >= t->n || memcmp(t->b + i, t->pfx, t->pfxlen) || memcmp(t->b + i + t->pfxlen, local, l))
		return 0;
	after = t->b[i + t->pfxlen + l]; /* not a name character: the name ends */
	return !((after >= 'A' && after <= 'Z') || (after >= 'a' && after <= 'z') || (after >= '0' && after <= '9') ||
		 after == '_' || after == '-' || after == '.' || after == ':' || (unsigned char)after >= 0x80);
}

/* A comment at i ("<!--"): the offset past it, or (size_t)-1. */
static size_t comment(const struct text *t, size_t i)
{
	size_t e = find(t, i + 4, "--");

	if (e == (size_t)-1 || !starts(t, e, "-->"))
		return (size_t)-1; /* "--" inside a comment */
	for (size_t k = i + 4; k < e;) {
		size_t l = xml_char(t, k);

		if (!l)
			return (size_t)-1;
		k += l;
	}
	return e + 3;
}

/*
 * The annotation whose start tag is at i: the offset just past it, or
 * (size_t)-1 when it is not one to cut.  It holds white space, comments
 * and documentation (with an xml:lang) and appinfo elements; these hold
 * text and comments.
 */
static size_t annotation_end(const struct text *t, size_t i)
{
	const char *open = NULL; /* the documentation or appinfo element open */
	int empty;

	i = attributes(t, i + 1 + t->pfxlen + strlen("annotation"), 0, &empty);
	if (i == (size_t)-1 || empty)
		return i;
	for (;;) {
		size_t text = i;

		if ((i = char_data(t, i, '<')) == (size_t)-1)
			return i;
		for (size_t k = text; !open && k < i; k++)
			if (!is_space(t->b[k]))
				return (size_t)-1; /* text in the annotation itself */
		if (starts(t, i, "<!--")) {
			if ((i = comment(t, i)) == (size_t)-1)
				return i;
			continue;
		}
		if (starts(t, i, "</")) {
			if (!xsd_name(t, i + 2, open ? open : "annotation"))
				return (size_t)-1;
			i += 2 + t->pfxlen + strlen(open ? open : "annotation");
			while (i < t->n && is_space(t->b[i]))
				i++;
			if (i >= t->n || t->b[i] != '>')
				return (size_t)-1;
			i++;
			if (!open)
				return i;
			open = NULL;
			continue;
		}
		if (open)
			return (size_t)-1; /* an element, a CDATA section, a PI in the text */
		if (xsd_name(t, i + 1, "documentation"))
			open = "documentation";
		else if (xsd_name(t, i + 1, "appinfo"))
			open = "appinfo";
		else
			return (size_t)-1;
		i = attributes(t, i + 1 + t->pfxlen + strlen(open), open[0] == 'd', &empty);
		if (i == (size_t)-1)
			return i;
		if (empty)
			open = NULL;
	}
}

/* The prefix bound to XSD_NS on the root element, found and checked. */
static int find_prefix(struct text *t, size_t root)
{
	size_t i = root + 1, l = name_at(t, i), e;
	static const char decl[] = "xmlns:";

	if (!l)
		return -1;
	i += l;
	/* the root's attributes, without judging them: the parser will */
	for (e = i; e < t->n && t->b[e] != '>'; e++)
		if (t->b[e] == '"' || t->b[e] == '\'') {
			const char *q = memchr(t->b + e + 1, t->b[e], t->n - e - 1);

			if (!q)
				return -1;
			e = (size_t)(q - t->b);
		}
	while ((i = find(t, i, decl)) != (size_t)-1 && i < e) {
		size_t pl = name_at(t, i + 6), v = i + 6 + pl;
		char q;

		while (v < e && is_space(t->b[v]))
			v++;
		if (pl && pl + 1 < sizeof(t->pfx) && v < e && t->b[v] == '=') {
			for (v++; v < e && is_space(t->b[v]); v++)
				;
			q = v < e ? t->b[v] : 0;
			if ((q == '"' || q == '\'') && starts(t, v + 1, XSD_NS) && v + 1 + strlen(XSD_NS) < t->n &&
			    t->b[v + 1 + strlen(XSD_NS)] == q && is_space(t->b[i - 1])) {
				memcpy(t->pfx, t->b + i + 6, pl);
				t->pfx[pl] = ':';
				t->pfx[pl + 1] = '\0';
				t->pfxlen = pl + 1;
				break;
			}
		}
		i += 6;
	}
	if (!t->pfxlen || memchr(t->pfx, ':', t->pfxlen - 1))
		return -1;
	/* bound once in the whole text: nowhere rebound */
	{
		char bind[48];
		size_t at, count = 0;

		snprintf(bind, sizeof(bind), "xmlns:%.*s", (int)(t->pfxlen - 1), t->pfx);
		for (at = find(t, 0, bind); at != (size_t)-1; at = find(t, at + 1, bind)) {
			char after = at + strlen(bind) < t->n ? t->b[at + strlen(bind)] : 0;

			count += after == '=' || is_space(after); /* not xmlns:xsi for xmlns:xs */
		}
		if (count != 1)
			return -1;
	}
	return 0;
}

/* The end of the markup at i that is not an annotation: the offset past it, or (size_t)-1. */
static size_t markup_end(const struct text *t, size_t i)
{
	size_t e;

	if (starts(t, i, "<!--"))
		return (e = find(t, i + 4, "-->")) == (size_t)-1 ? e : e + 3;
	if (starts(t, i, "<![CDATA["))
		return (e = find(t, i + 9, "]]>")) == (size_t)-1 ? e : e + 3;
	if (starts(t, i, "<?"))
		return (e = find(t, i + 2, "?>")) == (size_t)-1 ? e : e + 2;
	if (starts(t, i, "<!"))
		return (size_t)-1; /* a DOCTYPE: entities could change anything */
	/* a tag, to its '>' outside quotes */
	for (e = i + 1; e < t->n && t->b[e] != '>'; e++)
		if (t->b[e] == '"' || t->b[e] == '\'') {
			const char *q = memchr(t->b + e + 1, t->b[e], t->n - e - 1);

			if (!q)
				return (size_t)-1;
			e = (size_t)(q - t->b);
		}
	return e < t->n ? e + 1 : (size_t)-1;
}

#define MAX_NEST 256

/*
 * Walk the text and write it to out without the annotations; -1 (out
 * then holds a part of it) when one of them must stay.
 * An annotation is cut only where the schema allows one: the first child
 * element of an XSD element, or anywhere in the root (xs:schema).  A
 * second annotation in an element other than the root stops everything:
 * the schema compiler must see it.
 */
static long walk(struct text *t, const char *b, char *out, size_t *np)
{
	struct {
		unsigned children;  /* element children so far */
		unsigned char xsd;  /* an element of the XSD namespace */
		unsigned char cut;  /* an annotation of it was cut */
	} nest[MAX_NEST];
	size_t i = 0, w = 0, depth = 0;
	long cut = 0;

	for (;;) {
		size_t lt = find(t, i, "<"), e, text = i;

		if (lt == (size_t)-1)
			lt = t->n;
		memcpy(out + w, b + i, lt - i);
		w += lt - i;
		i = lt;
		if (i >= t->n)
			break;
		if (i + 1 >= t->n)
			return -1;
		if (starts(t, i, "</")) {
			if (!depth)
				return -1;
			depth--;
		} else if (b[i + 1] == t->pfx[0] && xsd_name(t, i + 1, "annotation")) {
			if (!depth || !nest[depth - 1].xsd || nest[depth - 1].cut ||
			    (depth > 1 && nest[depth - 1].children))
				return -1; /* where the schema compiler must judge it */
			/* only white space on either side: the cut must not join
			   the text before it to the text after it ("&" and "#32;") */
			for (size_t k = text; k < i; k++)
				if (!is_space(b[k]))
					return -1;
			if ((e = annotation_end(t, i)) == (size_t)-1)
				return -1;
			for (size_t k = e; k < t->n && b[k] != '<'; k++)
				if (!is_space(b[k]))
					return -1;
			nest[depth - 1].children++;
			nest[depth - 1].cut = depth > 1;
			/* keep the line ends, cut the rest */
			if (memchr(b + i, '\r', e - i)) {
				for (; i < e; i++)
					if (b[i] == '\n' || b[i] == '\r')
						out[w++] = b[i];
			} else {
				const char *nl;

				while ((nl = memchr(b + i, '\n', e - i))) {
					out[w++] = '\n';
					i = (size_t)(nl - b) + 1;
				}
				i = e;
			}
			cut++;
			continue;
		} else if (b[i + 1] != '!' && b[i + 1] != '?') {
			if (depth)
				nest[depth - 1].children++;
		}
		if ((e = markup_end(t, i)) == (size_t)-1)
			return -1;
		if (b[i + 1] != '/' && b[i + 1] != '!' && b[i + 1] != '?' && b[e - 2] != '/') {
			/* a start tag: one level down */
			if (depth == MAX_NEST)
				return -1;
			nest[depth].children = 0;
			nest[depth].cut = 0;
			nest[depth].xsd = i + 1 + t->pfxlen <= t->n && !memcmp(b + i + 1, t->pfx, t->pfxlen);
			if (!depth && !xsd_name(t, i + 1, "schema"))
				return -1;
			depth++;
		}
		memcpy(out + w, b + i, e - i);
		w += e - i;
		i = e;
	}
	*np = w;
	return cut;
}

long kaigo_xsd_cut_annotations(char *b, size_t *np)
{
	struct text t = { b, *np, "", 0 };
	size_t i = 0, root, n = *np;
	char *out;
	long cut;

	if (starts(&t, 0, "\xEF\xBB\xBF"))
		i = 3;
	if (starts(&t, i, "<?xml")) {
		size_t e = find(&t, i, "?>"), enc = find(&t, i, "encoding");

		if (e == (size_t)-1)
			return -1;
		if (enc != (size_t)-1 && enc < e) {
			size_t v = enc + 8;
			char q;

			while (v < e && (is_space(b[v]) || b[v] == '='))
				v++;
			q = v < e ? b[v] : 0;
			if ((q != '"' && q != '\'') ||
			    !((v + 7 <= e && !strncasecmp(b + v + 1, "UTF-8", 5) && b[v + 6] == q) ||
			      (v + 6 <= e && !strncasecmp(b + v + 1, "UTF8", 4) && b[v + 5] == q)))
				return -1;
		}
	} else if (i >= t.n || b[i] != '<') {
		return -1; /* UTF-16, or not XML */
	}
	/* the root: the first start tag */
	for (root = i;;) {
		if ((root = find(&t, root, "<")) == (size_t)-1 || root + 1 >= t.n)
			return -1;
		if (b[root + 1] != '?' && b[root + 1] != '!')
			break;
		if ((root = markup_end(&t, root)) == (size_t)-1)
			return -1;
	}
	if (find_prefix(&t, root) < 0)
		return -1;
	/* nothing is written unless every annotation can be cut */
	if (!(out = malloc(n)))
		return -1;
	if ((cut = walk(&t, b, out, &n)) >= 0) {
		memcpy(b, out, n);
		*np = n;
	}
	free(out);
	return cut;
}

/* Errors of the document read here are the file's: the schema parser reports them. */
static void quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

xmlSchemaParserCtxtPtr kaigo_xsd_parser(const char *path, xmlDocPtr *doc)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t n = 0;
	long size;
	xmlParserCtxtPtr pc = NULL;
	xmlSchemaParserCtxtPtr sc;

	*doc = NULL;
	if (!f)
		return xmlSchemaNewParserCtxt(path);
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || (size_t)size > MAX_SIZE || fseek(f, 0, SEEK_SET) ||
	    !(b = malloc((size_t)size)) || (n = fread(b, 1, (size_t)size, f)) != (size_t)size ||
	    kaigo_xsd_cut_annotations(b, &n) <= 0 || !(pc = xmlNewParserCtxt())) {
		fclose(f);
		free(b);
		return xmlSchemaNewParserCtxt(path);
	}
	fclose(f);
	pc->sax->serror = quiet;
	pc->sax->initialized = XML_SAX2_MAGIC;
	/* the options libxml2's schema parser reads a schema document with
	   (and short texts kept in their nodes: it only reads them),
	   and no blank text nodes: its first step removes them all
	   (xmlSchemaCleanupDoc), and the annotations, the one place where
	   text is more than that, are cut or the file is read as it is */
	*doc = xmlCtxtReadMemory(pc, b, (int)n, path, NULL, XML_PARSE_NOENT | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
	xmlFreeParserCtxt(pc);
	free(b);
	if (!*doc)
		return xmlSchemaNewParserCtxt(path); /* its own messages, from the file */
	if (!(sc = xmlSchemaNewDocParserCtxt(*doc))) {
		xmlFreeDoc(*doc);
		*doc = NULL;
		return xmlSchemaNewParserCtxt(path);
	}
	return sc;
}
