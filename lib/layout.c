/*
 * layout.c - loading CSV layouts and checking them against their XSD.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "kaigo/layout.h"
#include "kaigo/xmlin.h"

#define LAYOUT_NS "urn:kaigo:layout:1"
#define XSD_NS "http://www.w3.org/2001/XMLSchema"

struct loader {
	const struct kaigo_catalog *cat;
	struct kaigo_diag_sink *sink;
	const char *file;
	int failed;
};

static void fail(struct loader *ld, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct loader *ld, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	/* vreport translates fmt (xgettext: keyword fail:3) */
	va_start(ap, fmt);
	kaigo_diag_vreport(ld->sink, KAIGO_SEV_ERROR, ld->file, line, 0, "layout.load", fmt, ap);
	va_end(ap);
	ld->failed = 1;
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

/* ---- paths ---------------------------------------------------------- */

static int valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static void path_release(struct kaigo_path *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->steps[i].name);
		free(p->steps[i].pred);
		free(p->steps[i].pred_value);
	}
	free(p->steps);
	free(p->text);
	memset(p, 0, sizeof(*p));
}

/* Parse text into p.  Returns 0, or -1 with a reason in why. */
static int path_parse(const char *text, struct kaigo_path *p, const char **why)
{
	const char *s = text;
	size_t cap = 4;

	memset(p, 0, sizeof(*p));
	p->text = strdup(text);
	p->steps = calloc(cap, sizeof(*p->steps));
	if (!p->text || !p->steps)
		goto oom;
	if (strcmp(text, ".") == 0)
		return 0;
	while (*s) {
		const char *e = s;
		struct kaigo_step *st;

		if (p->n == cap) {
			struct kaigo_step *g = realloc(p->steps, 2 * cap * sizeof(*g));

			if (!g)
				goto oom;
			memset(g + cap, 0, cap * sizeof(*g));
			p->steps = g;
			cap *= 2;
		}
		st = &p->steps[p->n];
		if (*e == '@') {
			st->attr = 1;
			s = ++e;
		}
		while (*e && *e != '/' && *e != '[')
			e++;
		if (!valid_name(s, (size_t)(e - s))) {
			*why = "a step is not a name";
			goto bad;
		}
		st->name = strndup(s, (size_t)(e - s));
		st->ordinal = INT_MAX;
		if (!st->name)
			goto oom;
		p->n++;
		if (*e == '[') {
			const char *k = e + 1, *ke, *v, *ve;

			if (st->attr) {
				*why = "an attribute cannot have a key";
				goto bad;
			}
			if (*k == '@') {
				st->pred_attr = 1;
				k++;
			}
			for (ke = k; *ke && *ke != '='; ke++)
				;
			if (*ke != '=' || ke[1] != '\'' || !valid_name(k, (size_t)(ke - k))) {
				*why = "a key must read [@name='value'] or [name='value']";
				goto bad;
			}
			v = ke + 2;
			ve = strchr(v, '\'');
			if (!ve || ve[1] != ']') {
				*why = "a key must read [@name='value'] or [name='value']";
				goto bad;
			}
			st->pred = strndup(k, (size_t)(ke - k));
			st->pred_value = strndup(v, (size_t)(ve - v));
			if (!st->pred || !st->pred_value)
				goto oom;
			e = ve + 2;
		}
		if (*e == '/') {
			if (st->attr) {
				*why = "an attribute must be the last step";
				goto bad;
			}
			e++;
			if (!*e) {
				*why = "the path ends with '/'";
				goto bad;
			}
		} else if (*e) {
			*why = "unexpected character after a step";
			goto bad;
		}
		s = e;
	}
	if (p->n == 0) {
		*why = "the path is empty";
		goto bad;
	}
	return 0;
oom:
	*why = "out of memory";
bad:
	path_release(p);
	return -1;
}

/* 1 if a's steps are a proper prefix of b's (names only). */
static int path_is_prefix(const struct kaigo_path *a, const struct kaigo_path *b)
{
	size_t i;

	if (a->n >= b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (b->steps[i].attr || strcmp(a->steps[i].name, b->steps[i].name) != 0)
			return 0;
	return 1;
}

/* ---- the document type's XSD ---------------------------------------- */

struct xsd {
	xmlDocPtr doc;
	xmlNodePtr root;
};

static const char *local_of(const char *qname)
{
	const char *c = strchr(qname, ':');

	return c ? c + 1 : qname;
}

static xmlNodePtr xsd_global(const struct xsd *x, const char *kind, const char *name)
{
	xmlNodePtr n;

	for (n = x->root->children; n; n = n->next) {
		xmlChar *v;
		int eq;

		if (!is_el(n, XSD_NS, kind))
			continue;
		v = xmlGetProp(n, (const xmlChar *)"name");
		eq = v && strcmp((const char *)v, name) == 0;
		xmlFree(v);
		if (eq)
			return n;
	}
	return NULL;
}

/* The complex type of an element declaration, or NULL for a simple one. */
static xmlNodePtr xsd_type_of(const struct xsd *x, xmlNodePtr decl)
{
	xmlChar *t = xmlGetProp(decl, (const xmlChar *)"type");
	xmlNodePtr n;

	if (t) {
		n = xsd_global(x, "complexType", local_of((const char *)t));
		xmlFree(t);
		return n;
	}
	for (n = decl->children; n; n = n->next)
		if (is_el(n, XSD_NS, "complexType"))
			return n;
	return NULL;
}

/*
 * Look for the element or attribute called name in the content of the
 * complex type ct (its base types first).  *ordinal counts the element
 * declarations seen before it.  Returns the declaration or NULL.
 */
static xmlNodePtr xsd_find(const struct xsd *x, xmlNodePtr ct, const char *name, int attr,
			   int *ordinal, int depth)
{
	xmlNodePtr n;

	if (!ct || depth > 16)
		return NULL;
	for (n = ct->children; n; n = n->next) {
		xmlNodePtr hit;

		if (n->type != XML_ELEMENT_NODE || !is_el(n, XSD_NS, NULL))
			continue;
		if (strcmp((const char *)n->name, "element") == 0) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
			int eq = v && !attr && strcmp((const char *)v, name) == 0;

			xmlFree(v);
			if (eq)
				return n;
			(*ordinal)++;
			continue;
		}
		if (strcmp((const char *)n->name, "attribute") == 0) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
			int eq = v && attr && strcmp((const char *)v, name) == 0;

			xmlFree(v);
			if (eq)
				return n;
			continue;
		}
		if (strcmp((const char *)n->name, "extension") == 0 ||
		    strcmp((const char *)n->name, "restriction") == 0) {
			xmlChar *b = xmlGetProp(n, (const xmlChar *)"base");

			if (b) {
				xmlNodePtr base = xsd_global(x, "complexType", local_of((const char *)b));

				xmlFree(b);
				if (base && (hit = xsd_find(x, base, name, attr, ordinal, depth + 1)))
					return hit;
			}
		}
		if (strcmp((const char *)n->name, "annotation") == 0)
			continue;
		if ((hit = xsd_find(x, n, name, attr, ordinal, depth + 1)))
			return hit;
	}
	return NULL;
}

/* Check path p against the record's type; fill in the ordinals. */
static void xsd_check_path(struct loader *ld, const struct xsd *x, xmlNodePtr record_type,
			   struct kaigo_path *p, unsigned long line)
{
	xmlNodePtr ct = record_type;
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct kaigo_step *st = &p->steps[i];
		int ord = 0;
		xmlNodePtr decl = xsd_find(x, ct, st->name, st->attr, &ord, 0);

		if (!decl) {
			fail(ld, line, "path '%s': the schema of %s has no %s '%s' there", p->text,
			     "the document type", st->attr ? "attribute" : "element", st->name);
			return;
		}
		st->ordinal = ord;
		if (st->attr)
			return;
		ct = xsd_type_of(x, decl);
		if (st->pred) {
			int o2 = 0;

			if (!ct || !xsd_find(x, ct, st->pred, st->pred_attr, &o2, 0)) {
				fail(ld, line, "path '%s': element '%s' has no %s '%s' to key on", p->text,
				     st->name, st->pred_attr ? "attribute" : "child", st->pred);
				return;
			}
		}
		if (!ct && i + 1 < p->n) {
			fail(ld, line, "path '%s': element '%s' has simple content, nothing below it",
			     p->text, st->name);
			return;
		}
	}
}

/* ---- loading -------------------------------------------------------- */

static char **split_words(const char *s)
{
	size_t n = 0, i = 0;
	const char *p;
	char **v;

	for (p = s; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		n++;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (p = s; *p;) {
		const char *e;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		for (e = p; *e && *e != ' ' && *e != '\t' && *e != '\n'; e++)
			;
		v[i++] = strndup(p, (size_t)(e - p));
		p = e;
	}
	return v;
}

static void free_words(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static int boolprop(xmlNodePtr n, const char *name)
{
	char *v = prop(n, name);
	int b = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);

	free(v);
	return b;
}

static long intprop(xmlNodePtr n, const char *name, long dflt)
{
	char *v = prop(n, name);
	long r = v ? strtol(v, NULL, 10) : dflt;

	free(v);
	return r;
}

static const char *const type_names[] = { "text", "code", "digits", "alnum", "ascii",
					  "integer", "decimal", "date", "month", "time" };

static void load_column(struct loader *ld, xmlNodePtr n, struct kaigo_column *c)
{
	char *v;
	xmlNodePtr m;
	size_t i;
	const char *why;

	c->line = (unsigned long)xmlGetLineNo(n);
	c->name = prop(n, "name");
	c->repeat = -1;
	if ((v = prop(n, "path"))) {
		if (path_parse(v, &c->path, &why) != 0)
			fail(ld, c->line, "column '%s': path '%s': %s", c->name, v, why);
		else
			c->has_path = c->path.n > 0;
		free(v);
	}
	if ((v = prop(n, "type"))) {
		for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
			if (strcmp(v, type_names[i]) == 0)
				c->type = (enum kaigo_coltype)i;
		free(v);
	}
	c->datefmt = KAIGO_DATE_COMPACT;
	if ((v = prop(n, "format"))) {
		if (strcmp(v, "YYYY/MM/DD") == 0)
			c->datefmt = KAIGO_DATE_SLASH;
		else if (strcmp(v, "YYYY-MM-DD") == 0)
			c->datefmt = KAIGO_DATE_ISO;
		else if (strcmp(v, "wareki") == 0)
			c->datefmt = KAIGO_DATE_WAREKI;
		else if (strcmp(v, "any") == 0)
			c->datefmt = KAIGO_DATE_ANY;
		free(v);
	}
	c->length = (size_t)intprop(n, "length", 0);
	c->exact = boolprop(n, "exact");
	c->required = boolprop(n, "required");
	if ((v = prop(n, "codes"))) {
		c->codes = split_words(v);
		free(v);
	}
	c->fixed = prop(n, "fixed");
	if ((v = prop(n, "profile"))) {
		if (kaigo_norm_profile_parse(v, &c->profile) != 0)
			fail(ld, c->line, "column '%s': unknown normalization profile '%s'", c->name, v);
		c->has_profile = 1;
		free(v);
	}
	c->quote = KAIGO_QUOTE_AUTO;
	if ((v = prop(n, "quote"))) {
		c->quote = strcmp(v, "always") == 0 ? KAIGO_QUOTE_ALWAYS
			   : strcmp(v, "never") == 0 ? KAIGO_QUOTE_NEVER : KAIGO_QUOTE_AUTO;
		free(v);
	}
	for (m = n->children; m; m = m->next)
		if (is_el(m, LAYOUT_NS, "map"))
			c->nmaps++;
	if (c->nmaps) {
		c->maps = calloc(c->nmaps, sizeof(*c->maps));
		c->nmaps = 0;
		for (m = n->children; c->maps && m; m = m->next)
			if (is_el(m, LAYOUT_NS, "map")) {
				c->maps[c->nmaps].csv = prop(m, "csv");
				c->maps[c->nmaps].xml = prop(m, "xml");
				c->nmaps++;
			}
	}
	if (c->has_path && c->fixed)
		fail(ld, c->line, "column '%s': a column with a path cannot have a fixed value", c->name);
	if (!c->has_path && (c->required || c->nmaps || c->has_profile))
		fail(ld, c->line, "column '%s': without a path it stores nothing; give it a path", c->name);
	if (c->type == KAIGO_COL_CODE && !c->codes && !c->nmaps)
		fail(ld, c->line, "column '%s': type code needs codes or map", c->name);
}

static int same_path(const struct kaigo_path *a, const struct kaigo_path *b)
{
	return a->text && b->text && strcmp(a->text, b->text) == 0;
}

static int find_column(const struct kaigo_layout *l, const char *text)
{
	size_t i;

	for (i = 0; i < l->ncols; i++)
		if (l->cols[i].has_path && strcmp(l->cols[i].path.text, text) == 0)
			return (int)i;
	return -1;
}

static void layout_xsd_error(void *ctx, xmlErrorPtr e)
{
	struct loader *ld = ctx;
	char msg[400];
	size_t n;

	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "invalid");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '.'))
		msg[--n] = 0;
	fail(ld, (unsigned long)e->line, "not a valid layout (layout.xsd): %s", msg);
}

/* Validate the layout document against layout.xsd. */
static int check_layout_xsd(struct loader *ld, xmlDocPtr doc)
{
	char path[PATH_MAX];
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vc;
	int rc;

	kaigo_catalog_path(ld->cat, "layouts/layout.xsd", path, sizeof(path));
	pc = xmlSchemaNewParserCtxt(path);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, NULL, NULL);
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	if (!schema) {
		fail(ld, 0, "cannot load the layout schema '%s'", path);
		return -1;
	}
	vc = xmlSchemaNewValidCtxt(schema);
	if (!vc) {
		xmlSchemaFree(schema);
		return -1;
	}
	xmlSchemaSetValidStructuredErrors(vc, layout_xsd_error, ld);
	rc = xmlSchemaValidateDoc(vc, doc);
	if (rc != 0 && !ld->failed)
		fail(ld, 0, "not a valid layout (layout.xsd)");
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	return rc == 0 ? 0 : -1;
}

static void strip_nl(char *s)
{
	size_t n = s ? strlen(s) : 0;

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

static const struct kaigo_doctype *doctype_by_name(const struct kaigo_catalog *cat, const char *name)
{
	size_t i;

	for (i = 0; name && i < cat->ntypes; i++)
		if (strcmp(cat->types[i].name, name) == 0)
			return &cat->types[i];
	return NULL;
}

static void resolve(struct loader *ld, struct kaigo_layout *l, xmlNodePtr root)
{
	char path[PATH_MAX];
	struct xsd x = { NULL, NULL };
	xmlNodePtr rdecl, rtype;
	size_t i, j;

	/* keys, repeats and the row refer to columns and to each other */
	for (i = 0; i < l->nkeys; i++) {
		l->key_columns[i] = find_column(l, l->keys[i].text);
		if (l->key_columns[i] < 0)
			fail(ld, (unsigned long)xmlGetLineNo(root), "key '%s' is not the path of any column",
			     l->keys[i].text);
	}
	for (i = 0; i < l->nrepeats; i++) {
		struct kaigo_repeat *r = &l->repeats[i];

		r->parent = -1;
		r->key_column = -1;
		for (j = 0; j < i; j++)
			if (path_is_prefix(&l->repeats[j].path, &r->path))
				r->parent = (int)j;
		if (i > 0 && r->parent != (int)i - 1)
			fail(ld, 0, "repeat '%s' must lie inside repeat '%s' (repeats nest, outermost first)",
			     r->path.text, l->repeats[i - 1].path.text);
		if (r->has_key) {
			char full[1024];

			snprintf(full, sizeof(full), "%s/%s", r->path.text, r->key.text);
			r->key_column = find_column(l, full);
			if (r->key_column < 0)
				fail(ld, 0, "repeat '%s': no column has the key path '%s'", r->path.text, full);
		}
	}
	if (l->nrepeats) {
		const struct kaigo_path *in = &l->repeats[l->nrepeats - 1].path;

		if (!same_path(in, &l->row) && !path_is_prefix(in, &l->row))
			fail(ld, 0, "row '%s' must be the innermost repeat '%s' or lie inside it",
			     l->row.text, in->text);
	}
	for (i = 0; i < l->nconstants; i++)
		for (j = 0; j < i; j++)
			if (same_path(&l->constants[j].path, &l->constants[i].path))
				fail(ld, 0, "constant '%s' is given twice", l->constants[i].path.text);
	for (i = 0; i < l->ncols; i++) {
		struct kaigo_column *c = &l->cols[i];

		for (j = 0; c->has_path && j < l->nrepeats; j++)
			if (path_is_prefix(&l->repeats[j].path, &c->path))
				c->repeat = (int)j;
		for (j = 0; c->has_path && j < i; j++)
			if (l->cols[j].has_path && same_path(&l->cols[j].path, &c->path))
				fail(ld, c->line, "column '%s' has the same path as column '%s'", c->name,
				     l->cols[j].name);
	}
	if (ld->failed)
		return;

	/* every path against the document type's schema */
	kaigo_catalog_path(ld->cat, l->doctype->schema, path, sizeof(path));
	x.doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	x.root = x.doc ? xmlDocGetRootElement(x.doc) : NULL;
	if (!x.root) {
		fail(ld, 0, "cannot read the schema '%s' of document type %s", path, l->doctype->name);
		xmlFreeDoc(x.doc);
		return;
	}
	rdecl = xsd_global(&x, "element", l->doctype->record);
	rtype = rdecl ? xsd_type_of(&x, rdecl) : NULL;
	if (!rtype) {
		fail(ld, 0, "the schema '%s' has no complex element '%s'", path, l->doctype->record);
		xmlFreeDoc(x.doc);
		return;
	}
	for (i = 0; i < l->ncols; i++)
		if (l->cols[i].has_path)
			xsd_check_path(ld, &x, rtype, &l->cols[i].path, l->cols[i].line);
	for (i = 0; i < l->nrepeats; i++)
		xsd_check_path(ld, &x, rtype, &l->repeats[i].path, 0);
	for (i = 0; i < l->nconstants; i++)
		xsd_check_path(ld, &x, rtype, &l->constants[i].path, 0);
	xsd_check_path(ld, &x, rtype, &l->row, 0);
	xmlFreeDoc(x.doc);
}

struct kaigo_layout *kaigo_layout_load(const struct kaigo_catalog *cat, const char *spec,
				       struct kaigo_diag_sink *sink)
{
	char file[PATH_MAX];
	struct loader ld = { cat, sink, NULL, 0 };
	struct kaigo_layout *l;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	char *v;
	const char *why;
	size_t len = strlen(spec);
	long vcol;

	kaigo_xmlin_init();
	if (strchr(spec, '/') || (len > 4 && strcmp(spec + len - 4, ".xml") == 0)) {
		snprintf(file, sizeof(file), "%s", spec);
	} else {
		char rel[300];

		snprintf(rel, sizeof(rel), "layouts/%s.xml", spec);
		kaigo_catalog_path(cat, rel, file, sizeof(file));
	}
	ld.file = file;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->source = strdup(file);
	doc = xmlReadFile(file, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		const xmlError *e = xmlGetLastError();

		if (!doc && !strchr(spec, '/') && !(len > 4 && strcmp(spec + len - 4, ".xml") == 0))
			fail(&ld, 0, "no bundled layout '%s' (kaigo-csv2xml --list-layouts shows them)", spec);
		else
			fail(&ld, e ? (unsigned long)e->line : 0, "cannot read the layout: %s",
			     e && e->message ? e->message : "not XML");
		goto out;
	}
	if (doc->intSubset) {
		fail(&ld, 1, "a layout must not have a DOCTYPE");
		goto out;
	}
	if (check_layout_xsd(&ld, doc) != 0)
		goto out;

	l->name = prop(root, "name");
	l->title = prop(root, "title");
	l->spec = prop(root, "spec");
	v = prop(root, "doctype");
	l->doctype = doctype_by_name(cat, v);
	if (!l->doctype)
		fail(&ld, (unsigned long)xmlGetLineNo(root), "unknown document type '%s' (see schemas/index.xml)",
		     v ? v : "");
	free(v);
	v = prop(root, "row");
	if (v && path_parse(v, &l->row, &why) != 0)
		fail(&ld, (unsigned long)xmlGetLineNo(root), "row '%s': %s", v, why);
	free(v);
	v = prop(root, "encoding");
	l->encoding = KAIGO_ENC_CP932;
	if (v && kaigo_codec_parse(v, &l->encoding) != 0)
		fail(&ld, 0, "unknown encoding '%s'", v);
	free(v);
	v = prop(root, "eol");
	l->crlf = !v || strcmp(v, "crlf") == 0;
	free(v);
	l->header = boolprop(root, "header");
	l->file = prop(root, "file");
	l->naming = (int)intprop(root, "naming", 0);
	v = prop(root, "month");
	l->month = !v ? -1 : strcmp(v, "none") == 0 ? 0 : strcmp(v, "zero") == 0 ? 1 : 2;
	free(v);
	l->unit = prop(root, "unit");
	l->parent = boolprop(root, "parent");
	l->order = (int)intprop(root, "order", 0);
	vcol = intprop(root, "version-column", 0);
	l->version_column = vcol >= 1 && vcol <= INT_MAX ? (int)vcol - 1 : -1;
	if ((v = prop(root, "versions"))) {
		l->versions = split_words(v);
		free(v);
	}
	for (n = root->children; n; n = n->next)
		if (is_el(n, LAYOUT_NS, "column"))
			l->ncols++;
	l->cols = calloc(l->ncols ? l->ncols : 1, sizeof(*l->cols));
	if (!l->cols)
		goto out;
	l->ncols = 0;
	for (n = root->children; n && !ld.failed; n = n->next) {
		if (is_el(n, LAYOUT_NS, "column")) {
			load_column(&ld, n, &l->cols[l->ncols++]);
		} else if (is_el(n, LAYOUT_NS, "key") && l->nkeys < 8) {
			v = prop(n, "path");
			if (path_parse(v ? v : "", &l->keys[l->nkeys], &why) != 0)
				fail(&ld, (unsigned long)xmlGetLineNo(n), "key '%s': %s", v ? v : "", why);
			else
				l->nkeys++;
			free(v);
		} else if (is_el(n, LAYOUT_NS, "repeat") && l->nrepeats < 8) {
			struct kaigo_repeat *r = &l->repeats[l->nrepeats];

			v = prop(n, "path");
			if (path_parse(v ? v : "", &r->path, &why) != 0)
				fail(&ld, (unsigned long)xmlGetLineNo(n), "repeat '%s': %s", v ? v : "", why);
			free(v);
			if ((v = prop(n, "key"))) {
				if (path_parse(v, &r->key, &why) != 0)
					fail(&ld, (unsigned long)xmlGetLineNo(n), "repeat key '%s': %s", v, why);
				r->has_key = 1;
				free(v);
			}
			l->nrepeats++;
		} else if (is_el(n, LAYOUT_NS, "constant") && l->nconstants < 8) {
			struct kaigo_constant *k = &l->constants[l->nconstants];

			v = prop(n, "path");
			if (path_parse(v ? v : "", &k->path, &why) != 0)
				fail(&ld, (unsigned long)xmlGetLineNo(n), "constant '%s': %s", v ? v : "", why);
			free(v);
			k->value = prop(n, "value");
			l->nconstants++;
		}
	}
	if (vcol > (long)l->ncols)
		fail(&ld, 0, "version-column %ld: the layout has %zu columns", vcol, l->ncols);
	if (!ld.failed)
		resolve(&ld, l, root);
	strip_nl(l->title);
out:
	xmlFreeDoc(doc);
	if (ld.failed) {
		kaigo_layout_free(l);
		return NULL;
	}
	return l;
}

void kaigo_layout_free(struct kaigo_layout *l)
{
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->ncols; i++) {
		struct kaigo_column *c = &l->cols[i];

		free(c->name);
		path_release(&c->path);
		free_words(c->codes);
		for (j = 0; j < c->nmaps; j++) {
			free(c->maps[j].csv);
			free(c->maps[j].xml);
		}
		free(c->maps);
		free(c->fixed);
	}
	free(l->cols);
	for (i = 0; i < l->nkeys; i++)
		path_release(&l->keys[i]);
	for (i = 0; i < l->nrepeats; i++) {
		path_release(&l->repeats[i].path);
		path_release(&l->repeats[i].key);
	}
	for (i = 0; i < l->nconstants; i++) {
		path_release(&l->constants[i].path);
		free(l->constants[i].value);
	}
	path_release(&l->row);
	free_words(l->versions);
	free(l->source);
	free(l->name);
	free(l->title);
	free(l->spec);
	free(l->file);
	free(l->unit);
	free(l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **kaigo_layout_names(const struct kaigo_catalog *cat)
{
	char dir[PATH_MAX];
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	kaigo_catalog_path(cat, "layouts", dir, sizeof(dir));
	if (!(d = opendir(dir)))
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		if (n + 2 > cap) {
			char **g = realloc(v, (cap = cap ? 2 * cap : 32) * sizeof(*g));

			if (!g)
				break;
			v = g;
		}
		v[n++] = strndup(e->d_name, len - 4);
	}
	closedir(d);
	if (!v)
		v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	return v;
}

void kaigo_layout_names_free(char **names)
{
	free_words(names);
}

/* ---- standard file names -------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int all_alnum(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return n > 0;
}

int kaigo_stdname_parse(const char *path, struct kaigo_stdname *nm)
{
	const char *base = strrchr(path, '/');
	char buf[160];
	char *tok[12];
	size_t ntok = 0, len, i, k;
	char *p;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len < 5 || len >= sizeof(buf) || (strcmp(base + len - 4, ".CSV") != 0 &&
					       strcmp(base + len - 4, ".csv") != 0))
		return -1;
	memcpy(buf, base, len - 4);
	buf[len - 4] = 0;
	for (p = strtok(buf, "_"); p && ntok < 12; p = strtok(NULL, "_"))
		tok[ntok++] = p;
	memset(nm, 0, sizeof(*nm));
	/* the prefix: letters, maybe with a SUB1/SUB2/SUB token */
	if (ntok < 4 || !all_alnum(tok[0], strlen(tok[0])) || all_digits(tok[0], strlen(tok[0])))
		return -1;
	snprintf(nm->prefix, sizeof(nm->prefix), "%s", tok[0]);
	k = 1;
	if (ntok > 1 && strncmp(tok[1], "SUB", 3) == 0) {
		snprintf(nm->prefix, sizeof(nm->prefix), "%s_%s", tok[0], tok[1]);
		k = 2;
	}
	if (k < ntok && strlen(tok[k]) == 6 && all_digits(tok[k], 6)) {
		memcpy(nm->month, tok[k], 7);
		k++;
	}
	i = ntok - k;
	if (i == 5) {           /* from kind to kind ts */
		if (strlen(tok[k]) != 10 || strlen(tok[k + 1]) != 2 || strlen(tok[k + 2]) != 10 ||
		    strlen(tok[k + 3]) != 2)
			return -1;
		memcpy(nm->from, tok[k], 11);
		memcpy(nm->from_kind, tok[k + 1], 3);
		memcpy(nm->to, tok[k + 2], 11);
		memcpy(nm->to_kind, tok[k + 3], 3);
		nm->naming = 4;
	} else if (i == 3) {    /* from to ts (3.x) */
		if (strlen(tok[k]) != 10 || strlen(tok[k + 1]) != 10)
			return -1;
		memcpy(nm->from, tok[k], 11);
		memcpy(nm->to, tok[k + 1], 11);
		nm->naming = 3;
	} else {
		return -1;
	}
	if (!all_alnum(nm->from, strlen(nm->from)) || !all_alnum(nm->to, strlen(nm->to)) ||
	    (nm->naming == 4 && (!all_alnum(nm->from_kind, 2) || !all_alnum(nm->to_kind, 2))))
		return -1;
	if (strlen(tok[ntok - 1]) != 14 || !all_digits(tok[ntok - 1], 14))
		return -1;
	memcpy(nm->ts, tok[ntok - 1], 15);
	return 0;
}

size_t kaigo_stdname_format(const struct kaigo_stdname *nm, char *out, size_t outsz)
{
	int n;

	if (nm->naming == 3)
		n = snprintf(out, outsz, "%s%s%s_%s_%s_%s.CSV", nm->prefix, nm->month[0] ? "_" : "",
			     nm->month, nm->from, nm->to, nm->ts);
	else
		n = snprintf(out, outsz, "%s%s%s_%s_%s_%s_%s_%s.CSV", nm->prefix, nm->month[0] ? "_" : "",
			     nm->month, nm->from, nm->from_kind, nm->to, nm->to_kind, nm->ts);
	return n < 0 ? 0 : (size_t)n;
}

int kaigo_layout_print_list(const struct kaigo_catalog *cat, FILE *out, struct kaigo_diag_sink *sink)
{
	char **names = kaigo_layout_names(cat);
	size_t i;
	int bad = 0;

	if (!names) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, cat->datadir, 0, 0, "layout.load",
				  "cannot read the layouts directory");
		return -1;
	}
	for (i = 0; names[i]; i++) {
		struct kaigo_layout *l = kaigo_layout_load(cat, names[i], sink);

		if (!l) {
			bad = 1;
			continue;
		}
		fprintf(out, "%-14s %-16s %3zu columns  %s", l->name, l->doctype->name, l->ncols,
			l->title ? l->title : "");
		if (l->versions) {
			/* the CSV versions the layout accepts: data, in its versions= */
			size_t k;

			fputs("  (versions", out);
			for (k = 0; l->versions[k]; k++)
				fprintf(out, " %s", l->versions[k]);
			fputs(")", out);
		}
		fputc('\n', out);
		kaigo_layout_free(l);
	}
	kaigo_layout_names_free(names);
	return bad ? -1 : 0;
}
