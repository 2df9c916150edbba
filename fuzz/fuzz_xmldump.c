/*
 * fuzz_xmldump.c - libFuzzer harness for kaigo_xml_dump (lib/xmldump.c),
 * the writer kaigo-pseudonymize uses instead of xmlNodeDumpOutput.
 *
 * The input is parsed as kaigo parses XML (KAIGO_XMLIN_OPTIONS; and a
 * second time with a DTD read, which gives entity references); for every
 * element, the writer must give libxml2's bytes, or say it leaves the
 * element to libxml2 and write nothing.  A difference is a trap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "kaigo/buf.h"
#include "kaigo/xmldump.h"
#include "kaigo/xmlin.h"

static void check(xmlNodePtr n, struct kaigo_buf *b, int depth)
{
	for (; n && depth < 64; n = n->next) {
		xmlOutputBufferPtr ob;
		int r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		kaigo_buf_reset(b);
		r = kaigo_xml_dump(b, n);
		if (r < 0 || r > 1 || (r == 1 && b->len))
			__builtin_trap();
		if (r == 0 && (ob = xmlAllocOutputBuffer(NULL))) {
			xmlNodeDumpOutput(ob, n->doc, n, 0, 0, "UTF-8");
			xmlOutputBufferFlush(ob);
			if ((size_t)xmlOutputBufferGetSize(ob) != b->len ||
			    memcmp(xmlOutputBufferGetContent(ob), b->data ? b->data : "", b->len) != 0)
				__builtin_trap();
			xmlOutputBufferClose(ob);
		}
		check(n->children, b, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int opts[] = { 0, XML_PARSE_DTDLOAD };
	struct kaigo_buf b = KAIGO_BUF_INIT;

	if (size > 1 << 16)
		return 0;
	kaigo_xmlin_init();
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		xmlDocPtr doc = xmlReadMemory((const char *)data, (int)size, "fuzz.xml", NULL,
					      KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | opts[i]);

		if (doc) {
			check(xmlDocGetRootElement(doc), &b, 0);
			xmlFreeDoc(doc);
		}
	}
	kaigo_buf_release(&b);
	return 0;
}
