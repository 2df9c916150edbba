/*
 * xmldump.h - write an element as libxml2's xmlNodeDumpOutput does
 * (no formatting, UTF-8), into a kaigo buffer.
 */
#ifndef KAIGO_XMLDUMP_H
#define KAIGO_XMLDUMP_H

#include <libxml/tree.h>

#include "kaigo/buf.h"

/*
 * Append element n and its subtree to b, byte for byte what
 * xmlNodeDumpOutput(out, n->doc, n, 0, 0, "UTF-8") writes.  Returns 0; 1
 * when the subtree holds something this writer leaves to libxml2 (an
 * entity reference, a CDATA section holding "]]>", a non-ASCII attribute
 * value in a document without an encoding, ...), b then unchanged; -1
 * when out of memory.
 */
int kaigo_xml_dump(struct kaigo_buf *b, xmlNodePtr n);

#endif
