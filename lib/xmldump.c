/*
 * xmldump.c - one element written as libxml2's xmlNodeDumpOutput writes it
 * (see kaigo/xmldump.h).
 *
 * xmlNodeDumpOutput hands every name, bracket and text to its output
 * buffer separately; on a care-plan collection that was a sixth of
 * kaigo-pseudonymize's time.  This writes the same bytes into one kaigo
 * buffer, for the trees kaigo's parser builds: elements, attributes and
 * namespace declarations, text, comments, processing instructions and
 * CDATA.  Anything else, and every case where libxml2's output depends on
 * more than the node (an entity reference, a non-ASCII attribute value in
 * a document without an encoding, which libxml2 writes as character
 * references, a quote in a namespace name), is left to libxml2: the
 * function says so and writes nothing.  tests/unit/check_xmldump.c holds
 * the two to the same bytes.
 */
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "kaigo/buf.h"
#include "kaigo/xmldump.h"

#define UNSUPPORTED 1

static int qname(struct kaigo_buf *b, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix && (kaigo_buf_add(b, (const char *)ns->prefix, strlen((const char *)ns->prefix)) < 0 ||
				 kaigo_buf_addch(b, ':') < 0))
		return -1;
	return kaigo_buf_add(b, (const char *)name, strlen((const char *)name));
}

/*
 * Text content: < > & and CR escaped (libxml2's xmlEscapeContent); an
 * attribute value also LF, TAB and " (xmlBufAttrSerializeTxtContent, for a
 * document with an encoding).
 */
static int escaped(struct kaigo_buf *b, const char *s, int attr)
{
	/* per byte: 1 escaped in text and attributes, 2 in attributes only,
	   4 the end (NUL); a run of other bytes is copied at once */
	static const unsigned char special[256] = {
		[0] = 4, ['<'] = 1, ['>'] = 1, ['&'] = 1, ['\r'] = 1, ['\n'] = 2, ['\t'] = 2, ['"'] = 2,
	};
	const unsigned char stop = attr ? 7 : 5;
	const char *run = s;

	for (;; s++) {
		const char *rep;

		while (!(special[(unsigned char)*s] & stop))
			s++;
		switch (*s) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '\r': rep = "&#13;"; break;
		case '\n': rep = "&#10;"; break;
		case '\t': rep = "&#9;"; break;
		case '"': rep = "&quot;"; break;
		default: return kaigo_buf_add(b, run, (size_t)(s - run)); /* the NUL */
		}
		if (kaigo_buf_add(b, run, (size_t)(s - run)) < 0 || kaigo_buf_add(b, rep, strlen(rep)) < 0)
			return -1;
		run = s + 1;
	}
}

static int non_ascii(const xmlChar *s)
{
	for (; *s; s++)
		if (*s >= 0x80)
			return 1;
	return 0;
}

static int start_tag(struct kaigo_buf *b, xmlNodePtr n)
{
	const xmlNs *ns;
	const xmlAttr *a;

	if (kaigo_buf_addch(b, '<') < 0 || qname(b, n->ns, n->name) < 0)
		return -1;
	for (ns = n->nsDef; ns; ns = ns->next) {
		if (ns->type != XML_NAMESPACE_DECL || !ns->href || strchr((const char *)ns->href, '"'))
			return UNSUPPORTED; /* libxml2 then picks other quotes */
		if (kaigo_buf_add(b, " xmlns", 6) < 0 ||
		    (ns->prefix && (kaigo_buf_addch(b, ':') < 0 ||
				    kaigo_buf_add(b, (const char *)ns->prefix, strlen((const char *)ns->prefix)) < 0)) ||
		    kaigo_buf_add(b, "=\"", 2) < 0 ||
		    kaigo_buf_add(b, (const char *)ns->href, strlen((const char *)ns->href)) < 0 ||
		    kaigo_buf_addch(b, '"') < 0)
			return -1;
	}
	for (a = n->properties; a; a = a->next) {
		const xmlNode *c;

		if (a->type != XML_ATTRIBUTE_NODE)
			return UNSUPPORTED;
		if (kaigo_buf_addch(b, ' ') < 0 || qname(b, a->ns, a->name) < 0 || kaigo_buf_add(b, "=\"", 2) < 0)
			return -1;
		for (c = a->children; c; c = c->next) {
			if (c->type != XML_TEXT_NODE)
				return UNSUPPORTED; /* an entity reference */
			if (!c->content)
				continue;
			if ((!n->doc || !n->doc->encoding) && non_ascii(c->content))
				return UNSUPPORTED; /* libxml2 writes character references */
			if (escaped(b, (const char *)c->content, 1) < 0)
				return -1;
		}
		if (kaigo_buf_addch(b, '"') < 0)
			return -1;
	}
	return 0;
}

static int node(struct kaigo_buf *b, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	int r;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		if (depth > 10000)
			return UNSUPPORTED; /* libxml2's parser stops far earlier; no deep recursion here */
		if ((r = start_tag(b, n)) != 0)
			return r;
		if (!n->children)
			return kaigo_buf_add(b, "/>", 2);
		if (kaigo_buf_addch(b, '>') < 0)
			return -1;
		for (c = n->children; c; c = c->next)
			if ((r = node(b, c, depth + 1)) != 0)
				return r;
		if (kaigo_buf_add(b, "</", 2) < 0 || qname(b, n->ns, n->name) < 0 || kaigo_buf_addch(b, '>') < 0)
			return -1;
		return 0;
	case XML_TEXT_NODE:
		if (n->name == xmlStringTextNoenc)
			return UNSUPPORTED;
		return n->content ? escaped(b, (const char *)n->content, 0) : 0;
	case XML_COMMENT_NODE:
		if (kaigo_buf_add(b, "<!--", 4) < 0 ||
		    (n->content && kaigo_buf_add(b, (const char *)n->content, strlen((const char *)n->content)) < 0) ||
		    kaigo_buf_add(b, "-->", 3) < 0)
			return -1;
		return 0;
	case XML_PI_NODE:
		if (kaigo_buf_add(b, "<?", 2) < 0 || kaigo_buf_add(b, (const char *)n->name, strlen((const char *)n->name)) < 0)
			return -1;
		if (n->content && (kaigo_buf_addch(b, ' ') < 0 ||
				   kaigo_buf_add(b, (const char *)n->content, strlen((const char *)n->content)) < 0))
			return -1;
		return kaigo_buf_add(b, "?>", 2);
	case XML_CDATA_SECTION_NODE:
		if (!n->content || !*n->content || strstr((const char *)n->content, "]]>"))
			return UNSUPPORTED; /* libxml2 splits or drops these */
		if (kaigo_buf_add(b, "<![CDATA[", 9) < 0 ||
		    kaigo_buf_add(b, (const char *)n->content, strlen((const char *)n->content)) < 0 ||
		    kaigo_buf_add(b, "]]>", 3) < 0)
			return -1;
		return 0;
	default:
		return UNSUPPORTED;
	}
}

int kaigo_xml_dump(struct kaigo_buf *b, xmlNodePtr n)
{
	size_t len = b->len;
	int r = n->type == XML_ELEMENT_NODE ? node(b, n, 0) : UNSUPPORTED;

	if (r != 0 && b->data) {
		b->len = len; /* nothing written */
		b->data[len] = '\0';
	}
	return r;
}
