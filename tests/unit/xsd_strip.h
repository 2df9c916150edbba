/*
 * xsd_strip.h - XSD annotations removed from a parsed schema tree: what
 * lib/xsdlean.c must be equivalent to.  Shared by tests/unit/check_xsdlean.c
 * and fuzz/fuzz_xsdlean.c (header-only, static functions).
 */
#ifndef KAIGO_TESTS_XSD_STRIP_H
#define KAIGO_TESTS_XSD_STRIP_H

#include <string.h>

#include <libxml/tree.h>

#define XSD_STRIP_NS "http://www.w3.org/2001/XMLSchema"

static int xsd_is_annotation(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, XSD_STRIP_NS) &&
	       !strcmp((const char *)n->name, "annotation");
}

/* Unlink and free every XSD annotation below n; returns how many. */
static long xsd_strip_annotations(xmlNodePtr n)
{
	long count = 0;

	for (xmlNodePtr c = n->children, next; c; c = next) {
		next = c->next;
		if (xsd_is_annotation(c)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			count++;
		} else if (c->type == XML_ELEMENT_NODE) {
			count += xsd_strip_annotations(c);
		}
	}
	return count;
}

#endif
