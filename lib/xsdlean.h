/*
 * xsdlean.h - an XSD read without its annotations, when that changes nothing.
 *
 * A bundled schema is more than half xs:annotation (the codes' Japanese
 * labels): parsing and building them was a sixth of kaigo-validate's
 * start-up, and the schema compiler then throws them away.  This reads the
 * file, cuts out each annotation whose content is plainly well-formed
 * (keeping its line ends, so every line number stays what it was) and
 * hands the rest to libxml2's schema compiler.  Whenever the text is not
 * one it can judge -- another encoding, a DOCTYPE, an annotation holding
 * anything but documentation and appinfo elements with text, comments and
 * the predefined entities -- the file is compiled as it is, so a schema
 * libxml2 rejects is still rejected with the same message.
 */
#ifndef KAIGO_XSDLEAN_H
#define KAIGO_XSDLEAN_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

/*
 * Cut the annotations out of an XSD's text (n bytes at b, rewritten in
 * place; *n gets the new length).  Returns how many were cut, or -1 when
 * the text is not one this can judge (then b is unchanged).
 */
long kaigo_xsd_cut_annotations(char *b, size_t *n);

/*
 * A schema parser context for the XSD file at path: on the text without
 * its annotations when kaigo_xsd_cut_annotations could cut them, else on
 * the file.  *doc gets the document the context was made from (free it
 * with xmlFreeDoc after the schema compiled from it), or NULL.
 */
xmlSchemaParserCtxtPtr kaigo_xsd_parser(const char *path, xmlDocPtr *doc);

#endif
