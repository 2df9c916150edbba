/*
 * catalog.h - where kaigo's data lives, and which document types it knows.
 *
 * Schemas, rules, layouts and stylesheets are data files under one data
 * directory, found in this order: $KAIGO_DATADIR; the source tree's
 * schemas/ when the tool runs from a build tree (tools/../schemas); the
 * installed $(PREFIX)/share/kaigo.  schemas/index.xml there lists the
 * document types (DESIGN §3): namespace, record and collection element,
 * schema file.
 */
#ifndef KAIGO_CATALOG_H
#define KAIGO_CATALOG_H

#include <stddef.h>

#include "kaigo/diag.h"

struct kaigo_doctype {
	char *name;        /* "CarePlan"; owned by the catalog */
	char *ns;          /* namespace URI */
	char *record;      /* local name of one document's root element */
	char *collection;  /* local name of the collection wrapper */
	char *schema;      /* absolute or data-dir-relative path of the XSD */
	char *rules;       /* data-dir-relative path of the bundled Schematron, or NULL */
};

struct kaigo_catalog {
	char *datadir;                /* owned; the data directory in use */
	struct kaigo_doctype *types;  /* owned array */
	size_t ntypes;
};

/*
 * Find the data directory and read its index.  argv0 helps find a build
 * tree.  Returns 0, or -1 after reporting (rule "catalog.load"); the tool
 * exits with status 4 then.
 */
int kaigo_catalog_load(struct kaigo_catalog *cat, const char *argv0, struct kaigo_diag_sink *sink);
void kaigo_catalog_release(struct kaigo_catalog *cat);

/*
 * The type whose record or collection element is {ns}local, or NULL.
 * *is_collection tells which of the two matched.
 */
const struct kaigo_doctype *kaigo_catalog_find(const struct kaigo_catalog *cat, const char *ns,
					       const char *local, int *is_collection);

/* Path of a file in the data directory, into out (size outsz).  Returns out. */
char *kaigo_catalog_path(const struct kaigo_catalog *cat, const char *rel, char *out, size_t outsz);

#endif
