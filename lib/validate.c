/*
 * validate.c - the streaming validator (see include/kaigo/validate.h).
 *
 * Why a push parser with our own SAX wrappers rather than xmlTextReader:
 *  - the start-element hook sees the parser's exact position (where the '>'
 *    or "/>" closing the start tag begins), so every element gets a line and a
 *    column (libxml2 nodes keep neither a column
 *    nor a line above 65535);
 *  - the end-element hook knows when a record is complete, validates it
 *    and frees it: memory is one record, whatever the file size;
 *  - the internal-subset hook refuses a DOCTYPE before a single entity is
 *    declared, which closes XXE, billion laughs and quadratic blowup in
 *    one place; libxml2's own limits (depth 256, 10 MB text nodes) stay on.
 * Whitespace, comments and processing instructions between the records of
 * a collection are not kept (text there is an error), so nothing grows
 * with the number of records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>

#include "kaigo/validate.h"
#include "kaigo/xmlin.h"
#include "xsdlean.h"

#define CHUNK (64 * 1024)

/* A compiled schema, loaded on first use. */
struct schema_slot {
	char *path;                   /* owned; the XSD file */
	xmlSchemaPtr schema;          /* owned; NULL until loaded or if it failed */
	xmlDocPtr doc;                /* owned; what the schema was compiled from, or NULL */
	int failed;                   /* loading failed once: do not retry */
};

struct kaigo_validator {
	const struct kaigo_catalog *cat;   /* borrowed */
	struct kaigo_diag_sink *sink;      /* borrowed */
	struct schema_slot *slots;         /* owned: one per catalog type, plus the override */
	size_t nslots;
	const char *override;              /* --schema file, or NULL */
	unsigned long max_errors;          /* findings per input; 0 = no limit */
	const unsigned long *hook_findings; /* the hook's count of its findings, or NULL */
	unsigned long record_offset;       /* records before the next input (a part) */
	int quiet;                         /* do not report an unknown document type */
	const char *loading;               /* schema file being compiled, for its messages */
	struct kaigo_record_hook hook;     /* the per-record hook */
	xmlNodePtr *elems;                 /* the record's elements as the parser made them */
	const xmlChar **elem_names;        /* and their names, elems_cap of them */
	size_t nelems, elems_cap;
	int elems_lost;                    /* out of memory: this record's list is incomplete */
};

/* State of one input being validated. */
struct run {
	struct kaigo_validator *v;
	xmlParserCtxtPtr ctxt;             /* the push parser */
	const char *file;                  /* input name */
	int depth;                         /* element depth of the parser, root = 1 */
	int record_depth;                  /* depth of record elements: 1 or 2 */
	const struct kaigo_doctype *type;  /* the input's type, NULL with --schema */
	xmlSchemaValidCtxtPtr vctxt;       /* for the input's schema */
	unsigned long record;              /* records started so far */
	unsigned long errors;              /* errors reported for this input */
	unsigned long findings;            /* findings of every severity reported for this input */
	unsigned long hook_base;           /* *hook_findings when this input began */
	unsigned long rec_errors;          /* XSD errors of the current record */
	xmlNodePtr rec_node;               /* the record being validated */
	char root[128];                    /* local name of the root element */
	char rec_xpath[300];               /* XPath of the current record */
	int fatal;                         /* stop: cannot parse (exit 3) */
	char conv_msg[300];                /* libxml2's message on an encoding failure (no position) */
	int no_schema;                     /* stop: schema failed to load (exit 4) */
	int capped;                        /* stop: max errors reached */
};

/* --- positions ------------------------------------------------------ */

static void set_position(xmlNodePtr n, unsigned long line, unsigned long col)
{
	if (col > 0xFFFFFF)
		col = 0xFFFFFF;
	n->_private = (void *)(((uintptr_t)line << 24) | col);
}

void kaigo_validate_position(xmlNodePtr node, unsigned long *line, unsigned long *col)
{
	while (node && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	if (node && node->_private) {
		uintptr_t p = (uintptr_t)node->_private;

		*line = (unsigned long)(p >> 24);
		*col = (unsigned long)(p & 0xFFFFFF);
	} else {
		*line = node ? (unsigned long)xmlGetLineNo(node) : 0;
		*col = 0;
	}
}

/*
 * Append n bytes at s to out (outsz bytes) at offset at, as snprintf would:
 * cut to fit and terminated; the offset returned is where it would end.
 */
static size_t put(char *out, size_t outsz, size_t at, const char *s, size_t n)
{
	if (at < outsz) {
		size_t room = outsz - at - 1;

		memcpy(out + at, s, n < room ? n : room);
		out[at + (n < room ? n : room)] = '\0';
	}
	return at + n;
}

/* "/name" or "/name[pos]": one step of a location path, written by hand
   (snprintf was most of a finding's path) */
static size_t put_step(char *out, size_t outsz, size_t at, const char *name, unsigned long pos, int indexed)
{
	char num[24];
	size_t k = sizeof(num);

	at = put(out, outsz, at, "/", 1);
	at = put(out, outsz, at, name, strlen(name));
	if (!indexed)
		return at;
	num[--k] = ']';
	do
		num[--k] = (char)('0' + pos % 10);
	while ((pos /= 10) > 0);
	num[--k] = '[';
	return put(out, outsz, at, num + k, sizeof(num) - k);
}

/* Same element name: names in one document come from its dictionary. */
static int same_name(const xmlChar *a, const xmlChar *b)
{
	return a == b || xmlStrEqual(a, b);
}

static size_t step(char *out, size_t outsz, size_t at, xmlNodePtr n)
{
	unsigned long pos = 1, same = 0;
	xmlNodePtr s;

	for (s = n->prev; s; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && same_name(s->name, n->name))
			pos++;
	for (s = n->next; s && !same; s = s->next)
		if (s->type == XML_ELEMENT_NODE && same_name(s->name, n->name))
			same = 1;
	return put_step(out, outsz, at, (const char *)n->name, pos, pos > 1 || same);
}

/* The XPath node test of a text, comment or processing-instruction node. */
static const char *leaf_test(xmlNodePtr n, char *buf, size_t bufsz)
{
	if (n->type == XML_COMMENT_NODE)
		return "comment()";
	if (n->type == XML_PI_NODE) {
		snprintf(buf, bufsz, "processing-instruction('%s')", (const char *)n->name);
		return buf;
	}
	return "text()";
}

/* Same kind of leaf for a position: text and CDATA are both text(); PIs by target. */
static int same_leaf(xmlNodePtr a, xmlNodePtr b)
{
	int ta = a->type == XML_CDATA_SECTION_NODE ? XML_TEXT_NODE : a->type;
	int tb = b->type == XML_CDATA_SECTION_NODE ? XML_TEXT_NODE : b->type;

	return ta == tb && (ta != XML_PI_NODE || xmlStrEqual(a->name, b->name));
}

void kaigo_validate_xpath(xmlNodePtr rec_node, const char *rec_xpath, xmlNodePtr node,
			  char *out, size_t outsz)
{
	xmlNodePtr chain[64], n, attr = NULL, leaf = NULL;
	size_t depth = 0, at;

	if (node && node->type == XML_ATTRIBUTE_NODE) {
		attr = node;
		node = node->parent;
	} else if (node && (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE ||
			    node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)) {
		/* the node itself is named (SVRL's location identifies it) */
		leaf = node;
		node = node->parent;
	}
	while (node && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	for (n = node; n && n != rec_node && depth < 64; n = n->parent)
		chain[depth++] = n;
	at = put(out, outsz, 0, rec_xpath, strlen(rec_xpath));
	while (depth > 0 && at < outsz)
		at = step(out, outsz, at, chain[--depth]);
	if (attr && at < outsz)
		snprintf(out + at, outsz - at, "/@%s", (const char *)attr->name);
	if (leaf && at < outsz) {
		unsigned long pos = 1, same = 0;
		char buf[200];

		for (n = leaf->prev; n; n = n->prev)
			pos += same_leaf(n, leaf);
		for (n = leaf->next; n && !same; n = n->next)
			same = same_leaf(n, leaf);
		if (pos > 1 || same)
			snprintf(out + at, outsz - at, "/%s[%lu]", leaf_test(leaf, buf, sizeof(buf)), pos);
		else
			snprintf(out + at, outsz - at, "/%s", leaf_test(leaf, buf, sizeof(buf)));
	}
}

/* --- diagnostics ---------------------------------------------------- */

/* W3C validation-rule names for libxml2's codes: the "schema rule violated". */
static const char *rule_name(int code)
{
	switch (code) {
	case XML_SCHEMAV_CVC_PATTERN_VALID: return "xsd:cvc-pattern-valid";
	case XML_SCHEMAV_CVC_ENUMERATION_VALID: return "xsd:cvc-enumeration-valid";
	case XML_SCHEMAV_CVC_LENGTH_VALID: return "xsd:cvc-length-valid";
	case XML_SCHEMAV_CVC_MINLENGTH_VALID: return "xsd:cvc-minLength-valid";
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID: return "xsd:cvc-maxLength-valid";
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID: return "xsd:cvc-minInclusive-valid";
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID: return "xsd:cvc-maxInclusive-valid";
	case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID: return "xsd:cvc-minExclusive-valid";
	case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID: return "xsd:cvc-maxExclusive-valid";
	case XML_SCHEMAV_CVC_TOTALDIGITS_VALID: return "xsd:cvc-totalDigits-valid";
	case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID: return "xsd:cvc-fractionDigits-valid";
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1: return "xsd:cvc-datatype-valid.1.2.1";
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2: return "xsd:cvc-datatype-valid.1.2.2";
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3: return "xsd:cvc-datatype-valid.1.2.3";
	case XML_SCHEMAV_CVC_ELT_1: return "xsd:cvc-elt.1";
	case XML_SCHEMAV_CVC_ELT_2: return "xsd:cvc-elt.2";
	case XML_SCHEMAV_CVC_ELT_3_1: return "xsd:cvc-elt.3.1";
	case XML_SCHEMAV_CVC_ELT_4_1: return "xsd:cvc-elt.4.1";
	case XML_SCHEMAV_CVC_ELT_4_2: return "xsd:cvc-elt.4.2";
	case XML_SCHEMAV_CVC_ELT_5_2_2_1: return "xsd:cvc-elt.5.2.2.1";
	case XML_SCHEMAV_CVC_TYPE_3_1_1: return "xsd:cvc-type.3.1.1";
	case XML_SCHEMAV_CVC_TYPE_3_1_2: return "xsd:cvc-type.3.1.2";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1: return "xsd:cvc-complex-type.2.1";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2: return "xsd:cvc-complex-type.2.2";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3: return "xsd:cvc-complex-type.2.3";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4: return "xsd:cvc-complex-type.2.4";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_1: return "xsd:cvc-complex-type.3.1";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1: return "xsd:cvc-complex-type.3.2.1";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2: return "xsd:cvc-complex-type.3.2.2";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4: return "xsd:cvc-complex-type.4";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_5_1: return "xsd:cvc-complex-type.5.1";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_5_2: return "xsd:cvc-complex-type.5.2";
	case XML_SCHEMAV_CVC_ATTRIBUTE_1: return "xsd:cvc-attribute.1";
	case XML_SCHEMAV_CVC_ATTRIBUTE_2: return "xsd:cvc-attribute.2";
	case XML_SCHEMAV_CVC_ATTRIBUTE_3: return "xsd:cvc-attribute.3";
	case XML_SCHEMAV_CVC_ATTRIBUTE_4: return "xsd:cvc-attribute.4";
	case XML_SCHEMAV_CVC_AU: return "xsd:cvc-au";
	case XML_SCHEMAV_CVC_IDC: return "xsd:cvc-identity-constraint";
	case XML_SCHEMAV_CVC_WILDCARD: return "xsd:cvc-wildcard";
	case XML_SCHEMAV_ELEMENT_CONTENT: return "xsd:cvc-complex-type.2.4";
	case XML_SCHEMAV_NOROOT:
	case XML_SCHEMAV_UNDECLAREDELEM: return "xsd:cvc-elt.1";
	case XML_SCHEMAV_ATTRUNKNOWN:
	case XML_SCHEMAV_NOTSIMPLE: return "xsd:cvc-complex-type.3.2.2";
	default: return "xsd";
	}
}

/*
 * libxml2's message, made to fit the house style: no trailing newline or
 * full stop, lowercase start, names without their {namespace} (the XPath
 * carries the location).
 */
static void tidy(const char *in, char *out, size_t outsz)
{
	size_t o = 0;

	while (*in && o + 1 < outsz) {
		if (in[0] == '{') {
			const char *close = strchr(in, '}');

			if (close && close - in < 200 && (strncmp(in, "{urn:", 5) == 0 ||
							   strncmp(in, "{http", 5) == 0)) {
				in = close + 1;
				continue;
			}
		}
		out[o++] = *in == '\n' || *in == '\r' || *in == '\t' ? ' ' : *in;
		in++;
	}
	out[o] = '\0';
	{
		/* libxml2's advice names its own API, meaningless to a user */
		char *huge = strstr(out, " use XML_PARSE_HUGE option");

		if (huge) {
			*huge = '\0';
			o = strlen(out);
		}
	}
	while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' ' || out[o - 1] == '.'))
		out[--o] = '\0';
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
		out[0] = (char)(out[0] - 'A' + 'a');
}

/* Findings of this input so far: the validator's own and the hook's. */
static unsigned long findings(const struct run *r)
{
	return r->findings + (r->v->hook_findings ? *r->v->hook_findings - r->hook_base : 0);
}

/* --max-errors: stop reading the input once it has that many findings of any kind. */
static void check_cap(struct run *r)
{
	if (r->v->max_errors && findings(r) >= r->v->max_errors && !r->capped) {
		r->capped = 1;
		xmlStopParser(r->ctxt);
	}
}

static void emit(struct run *r, enum kaigo_severity sev, unsigned long line, unsigned long col,
		 const char *xpath, const char *rule, const char *msg)
{
	struct kaigo_diag d;

	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.file = r->file;
	d.line = line;
	d.column = col;
	d.byte_offset = -1;
	d.record = r->rec_node ? r->record : 0;
	d.xpath = xpath;
	d.rule = rule;
	d.message = msg;
	kaigo_diag_emit(r->v->sink, &d);
	if (sev == KAIGO_SEV_ERROR)
		r->errors++;
	r->findings++;
	check_cap(r);
}

static void xsd_error(void *ctx, xmlErrorPtr err)
{
	struct run *r = ctx;
	unsigned long line = 0, col = 0;
	char msg[600], xpath[512] = "";

	if (!err || err->level == XML_ERR_NONE)
		return;
	/* a follow-on of an error already reported on the same value */
	if (err->message && strstr(err->message, "No precomputed value available"))
		return;
	if (err->node) {
		kaigo_validate_position((xmlNodePtr)err->node, &line, &col);
		kaigo_validate_xpath(r->rec_node, r->rec_xpath, (xmlNodePtr)err->node, xpath, sizeof(xpath));
	} else {
		/* identity constraints give a line but no node: name the record */
		line = err->line > 0 ? (unsigned long)err->line : 0;
		snprintf(xpath, sizeof(xpath), "%s", r->rec_xpath);
	}
	tidy(err->message ? err->message : "schema validity error", msg, sizeof(msg));
	if (err->level != XML_ERR_WARNING)
		r->rec_errors++;
	emit(r, err->level == XML_ERR_WARNING ? KAIGO_SEV_WARNING : KAIGO_SEV_ERROR, line, col,
	     xpath[0] ? xpath : NULL, rule_name(err->code), msg);
}

/* Parser errors: well-formedness (fatal) and namespace errors. */
static void parse_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt ? ctxt->_private : NULL;
	char msg[600];

	if (!r || !err || err->level == XML_ERR_NONE || r->fatal)
		return;
	tidy(err->message ? err->message : "XML error", msg, sizeof(msg));
	/* say what libxml2's limits mean, in the user's terms */
	if (strstr(msg, "Huge input lookup") || strstr(msg, "huge text node") ||
	    err->code == XML_ERR_ATTRIBUTE_NOT_FINISHED || err->code == XML_ERR_NAME_TOO_LONG)
		snprintf(msg, sizeof(msg), "a text, attribute value or name is longer than the "
			 "10 MB that kaigo accepts");
	else if (err->code == XML_ERR_DOCUMENT_END && r->depth > 0)
		snprintf(msg, sizeof(msg), "the document ends inside element '%s' (truncated input?)",
			 ctxt->node ? (const char *)ctxt->node->name : r->root);
	else if (err->code == XML_ERR_DOCUMENT_EMPTY || (err->code == XML_ERR_DOCUMENT_END && !r->root[0]))
		snprintf(msg, sizeof(msg), "no XML document: the input is empty or has no root element");
	/* anything but a namespace error means the input cannot be read as XML */
	if (err->level != XML_ERR_WARNING && err->domain != XML_FROM_NAMESPACE) {
		r->fatal = 1;
		xmlStopParser(ctxt);
	}
	emit(r, err->level == XML_ERR_WARNING ? KAIGO_SEV_WARNING : KAIGO_SEV_ERROR,
	     err->line > 0 ? (unsigned long)err->line : 0, err->int2 > 0 ? (unsigned long)err->int2 : 0,
	     NULL, err->domain == XML_FROM_NAMESPACE ? "xml.namespace" : "xml.parse", msg);
}

/* Messages raised outside the parser (encoding conversion): kept, said with a position later. */
static void global_error(void *ctx, xmlErrorPtr err)
{
	struct run *r = ctx;

	if (r && err && err->message && !r->conv_msg[0] &&
	    (err->domain == XML_FROM_I18N || err->domain == XML_FROM_IO || err->domain == XML_FROM_BUFFER))
		tidy(err->message, r->conv_msg, sizeof(r->conv_msg));
}

/*
 * After a chunk: libxml2 halts the parser without a word through the
 * parser's handler when a byte cannot be decoded in the declared encoding
 * (the document would then end there, valid, its later records gone).
 */
static void check_halted(struct run *r)
{
	xmlParserCtxtPtr c = r->ctxt;

	if (r->fatal || r->no_schema || r->capped || c->instate != XML_PARSER_EOF ||
	    c->errNo == XML_ERR_USER_STOP || (c->errNo == 0 && c->disableSAX == 0))
		return; /* parsing goes on, or kaigo stopped it */
	r->fatal = 1;
	emit(r, KAIGO_SEV_ERROR, c->input ? (unsigned long)c->input->line : 0,
	     c->input ? (unsigned long)c->input->col : 0, NULL, "xml.parse",
	     r->conv_msg[0] ? r->conv_msg : "the input cannot be decoded in the encoding it declares");
}

/* --- schemas ------------------------------------------------------- */

static void schema_error(void *ctx, xmlErrorPtr err)
{
	struct kaigo_validator *v = ctx;
	char msg[600];

	if (!err || err->level == XML_ERR_NONE || err->level == XML_ERR_WARNING)
		return;
	tidy(err->message ? err->message : "schema error", msg, sizeof(msg));
	kaigo_diag_report(v->sink, KAIGO_SEV_ERROR, err->file ? err->file : v->loading,
			  err->line > 0 ? (unsigned long)err->line : 0, 0, "schema.load", "%s", msg);
}

static xmlSchemaPtr load_schema(struct kaigo_validator *v, size_t slot)
{
	struct schema_slot *s = &v->slots[slot];
	xmlSchemaParserCtxtPtr pc;

	if (s->schema || s->failed)
		return s->schema;
	v->loading = s->path;
	pc = kaigo_xsd_parser(s->path, &s->doc); /* without its annotations when that changes nothing */
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, schema_error, v);
		s->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	if (!s->schema) {
		s->failed = 1;
		kaigo_diag_report(v->sink, KAIGO_SEV_ERROR, s->path, 0, 0, "schema.load",
				  "cannot load the schema '%s'", s->path);
	}
	return s->schema;
}

/* --- SAX hooks ----------------------------------------------------- */

/*
 * The record's elements in document order, listed as the parser makes
 * them (a record starts the list again): the rules index the record from
 * this list instead of walking its tree, every text node included, again.
 * n is NULL when the parser made no element (out of memory).
 */
static void note_element(struct kaigo_validator *v, int record_start, xmlNodePtr n)
{
	if (record_start) {
		v->nelems = 0;
		v->elems_lost = 0;
	}
	if (v->elems_lost)
		return;
	if (!n) {
		v->elems_lost = 1;
		return;
	}
	if (v->nelems == v->elems_cap) {
		size_t cap = v->elems_cap ? v->elems_cap * 2 : 1024;
		xmlNodePtr *e = realloc(v->elems, cap * sizeof(*e));
		const xmlChar **nm = e ? realloc(v->elem_names, cap * sizeof(*nm)) : NULL;

		if (e)
			v->elems = e;
		if (!nm) {
			v->elems_lost = 1;
			return;
		}
		v->elem_names = nm;
		v->elems_cap = cap;
	}
	v->elem_names[v->nelems] = n->name;
	v->elems[v->nelems++] = n;
}

static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			  const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;
	xmlNodePtr before;

	if (r->fatal || r->no_schema || r->capped)
		return;
	r->depth++;
	if (r->depth == 1) {
		size_t slot;
		int coll = 0;
		xmlSchemaPtr schema;
		char msg[400];

		snprintf(r->root, sizeof(r->root), "%s", (const char *)localname);
		if (r->v->override) {
			r->type = kaigo_catalog_find(r->v->cat, (const char *)URI, (const char *)localname, &coll);
			r->record_depth = r->type && coll ? 2 : 1;
			slot = r->v->nslots - 1;
		} else {
			r->type = kaigo_catalog_find(r->v->cat, (const char *)URI, (const char *)localname, &coll);
			if (!r->type) {
				snprintf(msg, sizeof(msg), "unknown document type: root element '%s' in "
					 "namespace '%s' (kaigo knows the types in schemas/index.xml)",
					 (const char *)localname, URI ? (const char *)URI : "");
				if (!r->v->quiet)
					emit(r, KAIGO_SEV_ERROR, (unsigned long)ctxt->input->line,
					     (unsigned long)ctxt->input->col, NULL, "validate.unknown-type", msg);
				r->capped = 1; /* nothing more to check in this input */
				xmlStopParser(ctxt);
				return;
			}
			r->record_depth = coll ? 2 : 1;
			slot = (size_t)(r->type - r->v->cat->types);
		}
		if (r->v->override && strcmp(r->v->override, "none") == 0)
			goto no_xsd; /* rules only */
		schema = load_schema(r->v, slot);
		if (!schema) {
			r->no_schema = 1;
			xmlStopParser(ctxt);
			return;
		}
		r->vctxt = xmlSchemaNewValidCtxt(schema);
		if (!r->vctxt) {
			r->no_schema = 1;
			xmlStopParser(ctxt);
			return;
		}
		xmlSchemaSetValidStructuredErrors(r->vctxt, xsd_error, r);
	}
no_xsd:
	before = ctxt->node;
	xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
			      nb_defaulted, attributes);
	if (r->depth >= r->record_depth && r->v->hook.elements)
		note_element(r->v, r->depth == r->record_depth, ctxt->node != before ? ctxt->node : NULL);
	if (ctxt->node)
		set_position(ctxt->node, (unsigned long)ctxt->input->line, (unsigned long)ctxt->input->col);
	if (r->depth == r->record_depth) {
		r->record++;
		r->rec_errors = 0;
		if (r->record_depth == 2)
			snprintf(r->rec_xpath, sizeof(r->rec_xpath), "/%s/%s[%lu]", r->root,
				 (const char *)localname, r->record);
		else
			snprintf(r->rec_xpath, sizeof(r->rec_xpath), "/%s", r->root);
	}
}

static void finish_record(struct run *r, xmlNodePtr node)
{
	struct kaigo_record rec;

	r->rec_node = node;
	if (r->vctxt && xmlSchemaValidateOneElement(r->vctxt, node) < 0 && !r->rec_errors) {
		unsigned long line, col;

		kaigo_validate_position(node, &line, &col);
		emit(r, KAIGO_SEV_ERROR, line, col, r->rec_xpath, "validate.internal",
		     "the schema validator failed on this record");
	}
	if (r->v->hook.fn) {
		rec.file = r->file;
		rec.index = r->record;
		rec.node = node;
		rec.type = r->type;
		rec.xsd_errors = r->rec_errors;
		rec.xpath = r->rec_xpath;
		/* the list is the record's when it starts with the record */
		rec.elements = !r->v->elems_lost && r->v->nelems && r->v->elems[0] == node ? r->v->elems : NULL;
		rec.names = rec.elements ? r->v->elem_names : NULL;
		rec.nelements = rec.elements ? r->v->nelems : 0;
		r->v->hook.fn(r->v->hook.ctx, &rec);
		check_cap(r);
	}
	r->rec_node = NULL;
}

static void end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;
	xmlNodePtr node = ctxt->node;

	if (r->fatal || r->no_schema || r->capped)
		return;
	xmlSAX2EndElementNs(ctx, localname, prefix, URI);
	if (r->depth == r->record_depth && node) {
		finish_record(r, node);
		if (r->record_depth > 1) {
			/* done with it: memory stays one record */
			xmlUnlinkNode(node);
			xmlFreeNode(node);
		}
	}
	r->depth--;
}

/* Text between the records of a collection is not kept; non-blank text there is an error. */
static void characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;
	int i;

	if (r->fatal || r->no_schema || r->capped)
		return;
	if (r->record_depth == 2 && r->depth == 1) {
		for (i = 0; i < len; i++)
			if (!IS_BLANK_CH(ch[i])) {
				emit(r, KAIGO_SEV_ERROR, (unsigned long)ctxt->input->line,
				     (unsigned long)ctxt->input->col, NULL, "validate.text-between-records",
				     "text between the records of a collection");
				break;
			}
		return;
	}
	xmlSAX2Characters(ctx, ch, len);
}

static void comment(void *ctx, const xmlChar *value)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;

	if (r->record_depth == 2 && r->depth == 1)
		return;
	xmlSAX2Comment(ctx, value);
}

static void pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;

	if (r->record_depth == 2 && r->depth == 1)
		return;
	xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* Any DOCTYPE is refused before its internal subset declares anything. */
static void doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct run *r = ctxt->_private;

	(void)name;
	(void)ext;
	(void)sys;
	if (r->fatal)
		return;
	emit(r, KAIGO_SEV_ERROR, (unsigned long)ctxt->input->line, (unsigned long)ctxt->input->col, NULL,
	     "xml.doctype", "DOCTYPE declarations are refused (kaigo documents are defined by XSD; "
	     "a DTD could load external entities or expand entities without bound)");
	r->fatal = 1;
	xmlStopParser(ctxt);
}

/* --- the validator -------------------------------------------------- */

struct kaigo_validator *kaigo_validator_new(const struct kaigo_catalog *cat, const char *schema_file,
					    struct kaigo_diag_sink *sink)
{
	struct kaigo_validator *v = calloc(1, sizeof(*v));
	size_t i;
	char path[4096];

	if (!v)
		return NULL;
	kaigo_xmlin_init();
	v->cat = cat;
	v->sink = sink;
	v->override = schema_file;
	v->nslots = cat->ntypes + 1;
	v->slots = calloc(v->nslots, sizeof(*v->slots));
	if (!v->slots) {
		free(v);
		return NULL;
	}
	for (i = 0; i < cat->ntypes; i++)
		v->slots[i].path = strdup(kaigo_catalog_path(cat, cat->types[i].schema, path, sizeof(path)));
	v->slots[cat->ntypes].path = strdup(schema_file ? schema_file : "");
	return v;
}

void kaigo_validator_free(struct kaigo_validator *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->nslots; i++) {
		if (v->slots[i].schema)
			xmlSchemaFree(v->slots[i].schema);
		if (v->slots[i].doc)
			xmlFreeDoc(v->slots[i].doc); /* after the schema that points into it */
		free(v->slots[i].path);
	}
	free(v->slots);
	free(v->elems);
	free(v->elem_names);
	free(v);
}

void kaigo_validator_set_max_errors(struct kaigo_validator *v, unsigned long max)
{
	v->max_errors = max;
}

void kaigo_validator_count_hook(struct kaigo_validator *v, const unsigned long *counter)
{
	v->hook_findings = counter;
}

void kaigo_validator_set_record_offset(struct kaigo_validator *v, unsigned long offset)
{
	v->record_offset = offset;
}

void kaigo_validator_set_quiet(struct kaigo_validator *v, int quiet)
{
	v->quiet = quiet;
}

void kaigo_validator_set_hook(struct kaigo_validator *v, const struct kaigo_record_hook *hook)
{
	v->hook = *hook;
}

enum kaigo_validate_result kaigo_validator_run(struct kaigo_validator *v, struct kaigo_input *in,
					       struct kaigo_validate_stats *stats)
{
	xmlSAXHandler sax;
	struct run r;
	char *buf = malloc(CHUNK);
	long n, carry = 0;
	int first = 1, utf16 = 0;
	enum kaigo_validate_result res = KAIGO_VALIDATE_DONE;

	if (!buf)
		return KAIGO_VALIDATE_UNREADABLE;
	memset(&r, 0, sizeof(r));
	r.v = v;
	r.file = in->name;
	r.record = v->record_offset;
	r.hook_base = v->hook_findings ? *v->hook_findings : 0;
	memset(&sax, 0, sizeof(sax));
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = start_element;
	sax.endElementNs = end_element;
	sax.characters = characters;
	sax.ignorableWhitespace = characters;
	sax.cdataBlock = xmlSAX2CDataBlock;
	sax.comment = comment;
	sax.processingInstruction = pi;
	sax.internalSubset = doctype;
	sax.externalSubset = doctype;
	sax.serror = parse_error;
	sax.error = NULL;
	sax.warning = NULL;
	sax.fatalError = NULL;
	r.ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, in->name);
	if (!r.ctxt) {
		free(buf);
		return KAIGO_VALIDATE_UNREADABLE;
	}
	r.ctxt->_private = &r;
	xmlCtxtUseOptions(r.ctxt, KAIGO_XMLIN_OPTIONS);
	xmlSetStructuredErrorFunc(&r, global_error);
	while ((n = kaigo_input_read(in, buf + carry, CHUNK - carry, v->sink)) > 0) {
		n += carry;
		carry = 0;
		if (first) {
			/* UTF-16 (a BOM or a NUL next to the '<'): bytes are not characters */
			first = 0;
			utf16 = n >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') || (buf[0] == '\xFE' && buf[1] == '\xFF') ||
					   buf[0] == '\0' || buf[1] == '\0');
		}
		if (!utf16) {
			/* a bare CR ends a line (XML 2.11); libxml2 counts only LF,
			   so it becomes LF here, byte for byte: positions stay right.
			   A CR at the end waits for the next chunk's first byte. */
			char *cr = buf;
			long i;

			if (buf[n - 1] == '\r' && n > 1) {
				carry = 1;
				n--;
			}
			/* memchr: most files have no CR, or only in CR LF pairs */
			while ((cr = memchr(cr, '\r', (size_t)(buf + n - cr))) != NULL) {
				i = cr++ - buf;
				if (i + 1 < n ? buf[i + 1] != '\n' : !carry || buf[n] != '\n')
					buf[i] = '\n';
			}
		}
		xmlParseChunk(r.ctxt, buf, (int)n, 0);
		if (carry)
			buf[0] = '\r';
		check_halted(&r);
		if (r.fatal || r.no_schema || r.capped)
			break;
	}
	if (n == 0 && carry && !r.fatal && !r.no_schema && !r.capped) {
		buf[0] = '\n'; /* the input ended in a CR: a line end */
		xmlParseChunk(r.ctxt, buf, 1, 0);
		check_halted(&r);
	}
	if (n < 0) {
		r.fatal = 1;
	} else if (!r.fatal && !r.no_schema && !r.capped) {
		xmlParseChunk(r.ctxt, NULL, 0, 1);
		if (r.ctxt->errNo == XML_PARSER_EOF || r.conv_msg[0])
			check_halted(&r);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!r.fatal && !r.no_schema && !r.capped && !r.root[0]) {
		char msg[] = "no XML document: the input is empty or has no root element";

		emit(&r, KAIGO_SEV_ERROR, 1, 0, NULL, "xml.parse", msg);
		r.fatal = 1;
	}
	if (r.capped && v->max_errors && findings(&r) >= v->max_errors)
		kaigo_diag_report(v->sink, KAIGO_SEV_NOTE, in->name, 0, 0, "validate.max-errors",
				  "stopped after %lu finding%s (--max-errors)", findings(&r),
				  findings(&r) == 1 ? "" : "s");
	if (r.fatal)
		res = KAIGO_VALIDATE_UNREADABLE;
	else if (r.no_schema)
		res = KAIGO_VALIDATE_NO_SCHEMA;
	if (stats) {
		stats->files++;
		stats->records += r.record - v->record_offset;
	}
	if (r.vctxt)
		xmlSchemaFreeValidCtxt(r.vctxt);
	if (r.ctxt->myDoc)
		xmlFreeDoc(r.ctxt->myDoc);
	xmlFreeParserCtxt(r.ctxt);
	free(buf);
	return res;
}
