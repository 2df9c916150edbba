/*
 * schinc.c - a Schematron schema's inclusions (sch:include, sch:extends
 * with @href; ISO/IEC 19757-3:2016 5.4.3, 5.4.4) and abstract patterns
 * (5.4.10, 6.3), resolved in the loaded tree before it is compiled.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/dict.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libexslt/exslt.h>

#include "kaigo/buf.h"
#include "kaigo/sch.h"
#include "kaigo/xmlin.h"
#include "sch_int.h"

/* The element with this @id (or @xml:id) at or under n, or NULL. */
static xmlNodePtr element_by_id(xmlNodePtr n, const char *id)
{
	xmlNodePtr c, r;
	xmlChar *v;
	int eq;

	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	v = xmlGetProp(n, (const xmlChar *)"id");
	if (!v)
		v = xmlGetNsProp(n, (const xmlChar *)"id", XML_XML_NAMESPACE);
	eq = v && strcmp((const char *)v, id) == 0;
	xmlFree(v);
	if (eq)
		return n;
	for (c = n->children; c; c = c->next)
		if ((r = element_by_id(c, id)) != NULL)
			return r;
	return NULL;
}

/* Is c an inclusion: sch:include, or sch:extends with @href inside a rule? */
static int is_inclusion(xmlNodePtr c)
{
	return is_sch(c, "include") ||
	       (is_sch(c, "extends") && xmlHasProp(c, (const xmlChar *)"href") && is_sch(c->parent, "rule"));
}

/* Put a copy of first (and, unless single, its following siblings) before c, resolved against base. */
static int splice(xmlNodePtr c, xmlNodePtr first, int single, const char *base, int depth,
		  struct kaigo_diag_sink *sink, const char *file);

/*
 * Replace the inclusion c by what it names (ISO/IEC 19757-3:2016 5.4.3,
 * 5.4.4): the element of the file, or the element with that id when the
 * href has a fragment ("sub.sch#id").  An included sch:schema contributes
 * its children; sch:extends contributes the children of the rule it names.
 * Relative references in the included content resolve against its file.
 */
static int include_one(xmlNodePtr c, const char *base, int depth, struct kaigo_diag_sink *sink, const char *file)
{
	xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
	char *hash = href ? strchr((char *)href, '#') : NULL;
	xmlChar *abs;
	xmlDocPtr inc;
	xmlNodePtr target;
	int rc = -1;

	if (hash)
		*hash++ = '\0';
	abs = href && *href ? xmlBuildURI(href, (const xmlChar *)base) : NULL;
	if (!abs || depth > 8) {
		kaigo_sch_load_error(sink, file, c, depth > 8 ? "sch:include nested too deep (a cycle?)" :
			   "cannot resolve sch:include '%s'", href ? (const char *)href : "");
		xmlFree(href);
		xmlFree(abs);
		return -1;
	}
	inc = xmlReadFile((const char *)abs, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (inc && (inc->intSubset || inc->extSubset)) {
		kaigo_sch_load_error(sink, file, c, "the included file '%s' has a DOCTYPE, which is refused", (const char *)abs);
		goto done;
	}
	if (!inc || !xmlDocGetRootElement(inc)) {
		kaigo_sch_load_error(sink, file, c, "cannot read the included file '%s'", (const char *)abs);
		goto done;
	}
	target = xmlDocGetRootElement(inc);
	if (hash && !(target = element_by_id(target, hash))) {
		kaigo_sch_load_error(sink, file, c, "the included file '%s' has no element with id '%s'", (const char *)abs,
			   hash);
		goto done;
	}
	if (is_sch(c, "extends") && !is_sch(target, "rule")) {
		kaigo_sch_load_error(sink, file, c, "sch:extends href names no sch:rule in '%s'", (const char *)abs);
		goto done;
	}
	if (is_sch(target, "schema") || is_sch(c, "extends")) {
		if (splice(c, target->children, 0, (const char *)abs, depth + 1, sink, file) < 0)
			goto done;
	} else if (splice(c, target, 1, (const char *)abs, depth + 1, sink, file) < 0) {
		goto done;
	}
	xmlUnlinkNode(c);
	xmlFreeNode(c);
	rc = 0;
done:
	xmlFreeDoc(inc);
	xmlFree(href);
	xmlFree(abs);
	return rc;
}

static int splice(xmlNodePtr c, xmlNodePtr first, int single, const char *base, int depth,
		  struct kaigo_diag_sink *sink, const char *file)
{
	xmlNodePtr k, copy;

	/* copied (libxml2 then declares the namespaces they use), never
	   moved out of a document that is freed */
	for (k = first; k; k = single ? NULL : k->next) {
		copy = xmlDocCopyNode(k, c->doc, 1);
		if (!copy)
			return -1;
		if (copy->type != XML_ELEMENT_NODE) {
			xmlAddPrevSibling(c, copy); /* a text node may be merged (and freed) */
			continue;
		}
		xmlAddPrevSibling(c, copy);
		if (is_inclusion(copy)) {
			if (include_one(copy, base, depth, sink, file) < 0)
				return -1;
		} else if (kaigo_sch_resolve_includes(copy, base, depth, sink, file) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Resolve every inclusion under n (see include_one). */
int kaigo_sch_resolve_includes(xmlNodePtr n, const char *base, int depth, struct kaigo_diag_sink *sink,
			    const char *file)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (is_inclusion(c)) {
			if (include_one(c, base, depth, sink, file) < 0)
				return -1;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (kaigo_sch_resolve_includes(c, base, depth, sink, file) < 0)
				return -1;
		}
	}
	return 0;
}

/* --- abstract patterns (ISO/IEC 19757-3:2016 5.4.10, 6.3) ------------ */

/* A parameter of a pattern instance: $name is replaced by value. */
struct param {
	char *name, *value;
};

/* src with every "$name" of a parameter replaced by its value (a new string). */
static char *substitute(const char *src, const struct param *pv, size_t np)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const char *p = src;

	while (*p) {
		const char *q;
		size_t i;

		if (*p != '$') {
			kaigo_buf_add(&b, p++, 1);
			continue;
		}
		for (q = p + 1; *q && (isalnum((unsigned char)*q) || *q == '-' || *q == '_' || *q == '.' ||
				       *q == ':' || (unsigned char)*q >= 0x80); q++)
			;
		for (i = 0; i < np; i++)
			if (strlen(pv[i].name) == (size_t)(q - p - 1) && !strncmp(pv[i].name, p + 1, (size_t)(q - p - 1)))
				break;
		if (i < np)
			kaigo_buf_add(&b, pv[i].value, strlen(pv[i].value));
		else
			kaigo_buf_add(&b, p, (size_t)(q - p));
		p = q;
	}
	return b.data ? b.data : strdup("");
}

/* Substitute the parameters in every attribute of n and its descendants. */
static void substitute_tree(xmlNodePtr n, const struct param *pv, size_t np)
{
	xmlAttrPtr a;
	xmlNodePtr c;

	for (a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

		if (v && strchr((const char *)v, '$')) {
			char *nv = substitute((const char *)v, pv, np);

			xmlSetNsProp(n, a->ns, a->name, (const xmlChar *)nv);
			free(nv);
		}
		xmlFree(v);
	}
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			substitute_tree(c, pv, np);
}

/*
 * Instantiate every pattern with @is-a: its sch:param children give the
 * values, the abstract pattern's content is copied in with each "$name"
 * in an attribute value replaced (as the skeleton's iso_abstract_expand
 * does), then the abstract patterns are removed.  A parameter left
 * unreplaced is then an undefined variable, refused when compiled.
 */
int kaigo_sch_expand_abstract_patterns(struct kaigo_sch *s, xmlNodePtr root, struct kaigo_diag_sink *sink)
{
	xmlNodePtr c, next, k;

	for (c = root->children; c; c = c->next) {
		char *isa, *abstract;
		xmlNodePtr a = NULL;
		struct param *pv = NULL;
		size_t np = 0, i;
		int bad = 0;

		if (!is_sch(c, "pattern") || !(isa = prop(c, "is-a")))
			continue;
		for (k = root->children; k && !a; k = k->next)
			if (is_sch(k, "pattern")) {
				char *id = prop(k, "id");

				if (id && !strcmp(id, isa))
					a = k;
				free(id);
			}
		abstract = a ? prop(a, "abstract") : NULL;
		if (!a || !abstract || strcmp(abstract, "true") != 0) {
			kaigo_sch_load_error(sink, s->path, c, "pattern/@is-a names no abstract pattern '%s'", isa);
			free(isa);
			free(abstract);
			return -1;
		}
		free(isa);
		free(abstract);
		for (k = c->children; k && !bad; k = next) {
			next = k->next;
			if (is_sch(k, "param")) {
				struct param *v = realloc(pv, (np + 1) * sizeof(*v));

				if (!v) {
					bad = 1;
					break;
				}
				pv = v;
				pv[np].name = prop(k, "name");
				pv[np].value = prop(k, "value");
				np++;
				if (!pv[np - 1].name || !pv[np - 1].value) {
					kaigo_sch_load_error(sink, s->path, k, "sch:param needs name and value");
					bad = 1;
				}
				xmlUnlinkNode(k);
				xmlFreeNode(k);
			}
		}
		if (!bad)
			for (k = a->children; k; k = k->next) {
				xmlNodePtr copy = xmlDocCopyNode(k, s->doc, 1);

				if (!copy)
					continue;
				/* substituted before it is added: a text node may be merged */
				if (copy->type == XML_ELEMENT_NODE)
					substitute_tree(copy, pv, np);
				xmlAddChild(c, copy);
			}
		for (i = 0; i < np; i++) {
			free(pv[i].name);
			free(pv[i].value);
		}
		free(pv);
		if (bad)
			return -1;
	}
	for (c = root->children; c; c = next) {
		char *abstract = prop(c, "abstract");

		next = c->next;
		if (is_sch(c, "pattern") && abstract && !strcmp(abstract, "true")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		free(abstract);
	}
	return 0;
}
