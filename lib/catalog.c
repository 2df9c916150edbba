/*
 * catalog.c - the data directory and schemas/index.xml.
 *
 * The index is tiny and read once per run with the safe parser options; a
 * broken or missing index is a load failure (exit 4), not a data problem.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "kaigo/catalog.h"
#include "kaigo/xmlin.h"

#define INDEX_NS "urn:kaigo:index:1"

static int is_dir_with_index(const char *dir)
{
	char p[PATH_MAX + 64];
	struct stat st;

	snprintf(p, sizeof(p), "%s/index.xml", dir);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The schemas/ directory of the build tree the running tool lives in, if any. */
static char *tree_datadir(const char *argv0)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0) {
		if (!argv0 || !strchr(argv0, '/'))
			return NULL;
		snprintf(exe, sizeof(exe), "%s", argv0);
	} else {
		exe[n] = '\0';
	}
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../schemas", exe);
	return is_dir_with_index(dir) ? realpath(dir, NULL) : NULL;
}

static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

int kaigo_catalog_load(struct kaigo_catalog *cat, const char *argv0, struct kaigo_diag_sink *sink)
{
	const char *env = getenv("KAIGO_DATADIR");
	char index[PATH_MAX + 16];
	xmlDocPtr doc;
	xmlNodePtr root, n;

	memset(cat, 0, sizeof(*cat));
	kaigo_xmlin_init();
	if (env && *env)
		cat->datadir = strdup(env);
	else if (!(cat->datadir = tree_datadir(argv0)))
		cat->datadir = strdup(KAIGO_DATADIR);
	if (!cat->datadir)
		return -1;
	kaigo_xmlin_set_datadir(cat->datadir); /* what document() in rules and stylesheets may read */
	snprintf(index, sizeof(index), "%s/index.xml", cat->datadir);
	doc = xmlReadFile(index, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !root->ns || strcmp((const char *)root->ns->href, INDEX_NS) != 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, index, 0, 0, "catalog.load",
				  "cannot read the schema index '%s' (set KAIGO_DATADIR to kaigo's data "
				  "directory)", index);
		xmlFreeDoc(doc);
		kaigo_catalog_release(cat);
		return -1;
	}
	for (n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			cat->ntypes++;
	cat->types = calloc(cat->ntypes ? cat->ntypes : 1, sizeof(*cat->types));
	cat->ntypes = 0;
	for (n = root->children; cat->types && n; n = n->next) {
		struct kaigo_doctype *t;

		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "type") != 0)
			continue;
		t = &cat->types[cat->ntypes++];
		t->name = attr(n, "name");
		t->ns = attr(n, "namespace");
		t->record = attr(n, "record");
		t->collection = attr(n, "collection");
		t->schema = attr(n, "schema");
		t->rules = attr(n, "rules");
		if (!t->name || !t->ns || !t->record || !t->collection || !t->schema) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, index, (unsigned long)xmlGetLineNo(n), 0,
					  "catalog.load", "a <type> lacks one of name, namespace, record, "
					  "collection, schema");
			xmlFreeDoc(doc);
			kaigo_catalog_release(cat);
			return -1;
		}
	}
	xmlFreeDoc(doc);
	if (!cat->types) {
		kaigo_catalog_release(cat);
		return -1;
	}
	return 0;
}

void kaigo_catalog_release(struct kaigo_catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->ntypes; i++) {
		free(cat->types[i].name);
		free(cat->types[i].ns);
		free(cat->types[i].record);
		free(cat->types[i].collection);
		free(cat->types[i].schema);
		free(cat->types[i].rules);
	}
	free(cat->types);
	free(cat->datadir);
	memset(cat, 0, sizeof(*cat));
}

const struct kaigo_doctype *kaigo_catalog_find(const struct kaigo_catalog *cat, const char *ns,
					       const char *local, int *is_collection)
{
	size_t i;

	for (i = 0; i < cat->ntypes; i++) {
		const struct kaigo_doctype *t = &cat->types[i];

		if (!ns || strcmp(t->ns, ns) != 0)
			continue;
		if (strcmp(t->record, local) == 0) {
			*is_collection = 0;
			return t;
		}
		if (strcmp(t->collection, local) == 0) {
			*is_collection = 1;
			return t;
		}
	}
	return NULL;
}

char *kaigo_catalog_path(const struct kaigo_catalog *cat, const char *rel, char *out, size_t outsz)
{
	if (rel[0] == '/')
		snprintf(out, outsz, "%s", rel);
	else
		snprintf(out, outsz, "%s/%s", cat->datadir, rel);
	return out;
}
