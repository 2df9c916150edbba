/*
 * pseudo_xml.c - kaigo XML through the pseudonymizer, record by record
 * (see pseudo.h).
 *
 * The record streamer hands over one record at a time; its personal
 * elements are replaced, then its free text, and it is written out at
 * once, so memory is one record whatever the file size.  The root
 * element's start tag (namespaces, attributes) is copied from the reader's
 * tree; processing instructions (kaigo-csv2xml's <?kaigo-unit?>) are
 * kept in place; comments and white space between records are not.  The
 * output is UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "kaigo/xmldump.h"
#include "kaigo/xmlin.h"
#include "pseudo_int.h"

struct xrun {
	struct kaigo_pseudo *ps;
	struct kaigo_output *out;
	struct kaigo_diag_sink *sink;
	struct kaigo_pseudo_stats *st;
	const char *file;
	struct pseudo_type *type;      /* of the document */
	int mode;                      /* 1: the root is the record; 0: its children are */
	int root_seen, root_written;
	char *root_name;               /* qualified name of the root (mode 0); owned */
	struct kaigo_buf pending;      /* PIs after the root's start, before it is written */
	struct kaigo_buf val;          /* scratch */
	struct kaigo_buf all;          /* the record's free text, for the detector */
	struct kaigo_buf rec;          /* the record written out */
	struct pseudo_dict dict;       /* the record's replaced values */
	/* the personal elements of the record being replaced */
	xmlNodePtr *nodes;
	enum kaigo_pseudo_kind *kinds;
	size_t n, cap;
	/* its 事業所番号 elements when they are kept (codes, not free text) */
	xmlNodePtr *kept;
	size_t nkept, capkept;
	/* both, as a set (open addressing, setcap slots, a power of 2) */
	xmlNodePtr *set;
	size_t setcap;
	int failed;
	int loadfail;                  /* a data file did not load */
	int muted;                     /* a later part (-j): its prolog and root start are part 1's */
	int tail;                      /* write the root's end tag (the last or only part) */
	char *empty_tag;               /* the root as an empty element (no records); owned */
	/* the record's free-text nodes, in document order, with where their
	   text is in all (gather_text, for walk_text) */
	struct ftext {
		xmlNodePtr node;
		size_t at, len;
	} *ft;
	size_t nft, capft;
};

static int put(struct xrun *x, const char *s, size_t n)
{
	if (x->muted)
		return 0;
	if (kaigo_output_write(x->out, s, n, x->sink) < 0) {
		x->failed = 1;
		return -1;
	}
	return 0;
}

static int puts_(struct xrun *x, const char *s)
{
	return put(x, s, strlen(s));
}

static int start_output(struct xrun *x)
{
	int was = x->root_seen;

	x->root_seen = 1;
	return was ? 0 : puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

static int on_root(void *ctx, const char *ns, const char *local, unsigned long line)
{
	struct xrun *x = ctx;
	const struct kaigo_doctype *dt;
	int coll = 0;

	if (!(dt = kaigo_catalog_find(x->ps->cat, ns, local, &coll))) {
		kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, line, 1, "pseudo.doctype",
				  "root element '%s' (namespace '%s') is no kaigo document type", local, ns ? ns : "");
		return -1;
	}
	if (!(x->type = pseudo_type_get(x->ps, dt, x->sink))) {
		x->loadfail = 1;
		return -1;
	}
	if (!(x->empty_tag = malloc(strlen(local) + (ns ? strlen(ns) : 0) + 16)))
		return -1;
	sprintf(x->empty_tag, ns ? "<%s xmlns=\"%s\"/>" : "<%s/>", local, ns);
	if (start_output(x) < 0)
		return -1;
	x->mode = coll ? 0 : 1;
	return x->mode;
}

static int on_pi(void *ctx, const char *target, const char *data, unsigned long line)
{
	struct xrun *x = ctx;
	struct kaigo_buf *b = &x->val;

	(void)line;
	kaigo_buf_reset(b);
	if (kaigo_buf_addf(b, "<?%s%s%s?>\n", target, *data ? " " : "", data) < 0)
		return -1;
	if (!x->root_seen) {
		/* before the root: the declaration first */
		if (puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") < 0)
			return -1;
		x->root_seen = -1; /* declaration written, root not yet */
	}
	if (x->root_seen == 1 && x->mode == 0 && !x->root_written)
		return kaigo_buf_add(&x->pending, b->data, b->len);
	return put(x, b->data, b->len);
}

static void attr_escape(struct kaigo_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			kaigo_buf_add(b, "&amp;", 5);
		else if (*s == '<')
			kaigo_buf_add(b, "&lt;", 4);
		else if (*s == '"')
			kaigo_buf_add(b, "&quot;", 6);
		else
			kaigo_buf_addch(b, *s);
	}
}

/* The collection's start tag, with its namespace declarations and attributes. */
static int write_root(struct xrun *x, xmlNodePtr root)
{
	struct kaigo_buf *b = &x->val;
	xmlNsPtr ns;
	xmlAttrPtr a;

	kaigo_buf_reset(b);
	if (root->ns && root->ns->prefix)
		kaigo_buf_addf(b, "%s:", (const char *)root->ns->prefix);
	kaigo_buf_addf(b, "%s", (const char *)root->name);
	free(x->root_name);
	if (!(x->root_name = strdup(b->data ? b->data : "")))
		return -1;
	kaigo_buf_reset(b);
	kaigo_buf_addf(b, "<%s", x->root_name);
	for (ns = root->nsDef; ns; ns = ns->next) {
		kaigo_buf_addf(b, " xmlns%s%s=\"", ns->prefix ? ":" : "", ns->prefix ? (const char *)ns->prefix : "");
		attr_escape(b, (const char *)ns->href);
		kaigo_buf_addch(b, '"');
	}
	for (a = root->properties; a; a = a->next) {
		xmlChar *v = xmlNodeListGetString(root->doc, a->children, 1);

		kaigo_buf_addf(b, " %s%s%s=\"", a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
			       a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
		attr_escape(b, v ? (const char *)v : "");
		kaigo_buf_addch(b, '"');
		xmlFree(v);
	}
	if (kaigo_buf_addch(b, '>') < 0 || put(x, b->data, b->len) < 0)
		return -1;
	x->muted = 0; /* a later part's own processing instructions are its own */
	if (x->pending.len && (puts_(x, "\n") < 0 || put(x, x->pending.data, x->pending.len - 1) < 0))
		return -1;
	kaigo_buf_reset(&x->pending);
	x->root_written = 1;
	return 0;
}

static int gather(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind)
{
	struct xrun *x = ctx;
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 0; /* a structure, not a value: its own elements are selected if personal */
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		xmlNodePtr *nn = realloc(x->nodes, cap * sizeof(*nn));
		enum kaigo_pseudo_kind *nk;

		if (!nn)
			return -1;
		x->nodes = nn;
		if (!(nk = realloc(x->kinds, cap * sizeof(*nk))))
			return -1;
		x->kinds = nk;
		x->cap = cap;
	}
	x->nodes[x->n] = n;
	x->kinds[x->n++] = kind;
	return 0;
}

/*
 * The original text of the element whose value the one of node i follows,
 * or NULL: the name beside a フリガナ, the address beside a 郵便番号.
 */
static const char *pair_of(struct xrun *x, size_t i, xmlChar **orig)
{
	enum kaigo_pseudo_kind want = x->kinds[i] == KAIGO_PSEUDO_KANA	  ? KAIGO_PSEUDO_NAME
				      : x->kinds[i] == KAIGO_PSEUDO_POSTAL ? KAIGO_PSEUDO_ADDRESS
									   : KAIGO_PSEUDO_NONE;
	size_t k;

	for (k = 0; want && k < x->n; k++)
		if (x->kinds[k] == want && x->nodes[k]->parent == x->nodes[i]->parent)
			return (const char *)orig[k];
	return NULL;
}

static size_t node_slot(const struct xrun *x, xmlNodePtr n)
{
	size_t i = ((uintptr_t)n >> 4) * 0x9E3779B97F4A7C15ull & (x->setcap - 1);

	while (x->set[i] && x->set[i] != n)
		i = (i + 1) & (x->setcap - 1);
	return i;
}

/* The personal and kept elements of the record as a set; -1 when out of memory. */
static int make_set(struct xrun *x)
{
	size_t need = 16, i;

	while (need < 2 * (x->n + x->nkept))
		need *= 2;
	if (need > x->setcap) {
		xmlNodePtr *ns = realloc(x->set, need * sizeof(*ns));

		if (!ns)
			return -1;
		x->set = ns;
		x->setcap = need;
	}
	memset(x->set, 0, x->setcap * sizeof(*x->set));
	for (i = 0; i < x->n; i++)
		x->set[node_slot(x, x->nodes[i])] = x->nodes[i];
	for (i = 0; i < x->nkept; i++)
		x->set[node_slot(x, x->kept[i])] = x->kept[i];
	return 0;
}

/* A personal element (replaced as a whole) or a kept 事業所番号: not free text. */
static int is_personal(struct xrun *x, xmlNodePtr n)
{
	return x->set[node_slot(x, n)] == n;
}

static int keep(void *ctx, xmlNodePtr n, enum kaigo_pseudo_kind kind)
{
	struct xrun *x = ctx;

	(void)kind;
	if (x->nkept == x->capkept) {
		size_t cap = x->capkept ? 2 * x->capkept : 16;
		xmlNodePtr *nk = realloc(x->kept, cap * sizeof(*nk));

		if (!nk)
			return -1;
		x->kept = nk;
		x->capkept = cap;
	}
	x->kept[x->nkept++] = n;
	return 0;
}


static void set_text(xmlNodePtr n, const char *s, size_t len)
{
	xmlNodeSetContent(n, NULL);
	xmlNodeAddContentLen(n, (const xmlChar *)s, (int)len);
}

/*
 * The record's free text, joined by '|': the detector runs once a record,
 * not once a text (its cost is mostly per call and per value), and none
 * of its findings spans a '|' (no number or name holds one, and names are
 * read between them).
 */
static int gather_text(struct xrun *x, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			if (!is_personal(x, n) && gather_text(x, n->children) < 0)
				return -1;
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			size_t len = strlen((const char *)n->content);

			if (!pseudo_free_text((const char *)n->content, len))
				continue;
			if (x->nft == x->capft) {
				size_t cap = x->capft ? 2 * x->capft : 64;
				struct ftext *nf = realloc(x->ft, cap * sizeof(*nf));

				if (!nf)
					return -1;
				x->ft = nf;
				x->capft = cap;
			}
			x->ft[x->nft].node = n;
			x->ft[x->nft].at = x->all.len;
			x->ft[x->nft++].len = len;
			if (kaigo_buf_add(&x->all, (const char *)n->content, len) < 0 || kaigo_buf_addch(&x->all, '|') < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Free text: every text node outside the personal elements and the kept
 * 事業所番号 that pseudo_free_text calls so, ASCII too (TEL 090-1234-5678 is
 * as personal as in kanji): the nodes gather_text found, their text read
 * from its copy (nothing changes the tree in between).
 */
static int walk_text(struct xrun *x)
{
	for (size_t i = 0; i < x->nft; i++) {
		unsigned long before = x->st->freetext;

		kaigo_buf_reset(&x->val);
		if (pseudo_freetext(x->ps, NULL, &x->dict, x->all.data + x->ft[i].at, x->ft[i].len, &x->val,
				    &x->st->freetext) < 0)
			return -1;
		if (x->st->freetext != before)
			xmlNodeSetContentLen(x->ft[i].node, (const xmlChar *)x->val.data, (int)x->val.len);
	}
	return 0;
}

static int replace_record(struct xrun *x, xmlNodePtr rec)
{
	xmlChar **orig;
	size_t i;
	int rc = 0;

	x->n = 0;
	x->nkept = 0;
	pseudo_dict_clear(&x->dict);
	if (pseudo_each(x->ps, x->type, rec, gather, keep, x) < 0 || make_set(x) < 0)
		return -1;
	/* the original texts first: a フリガナ needs its name before the name is replaced */
	if (x->n && !(orig = calloc(x->n, sizeof(*orig))))
		return -1;
	for (i = 0; i < x->n; i++) {
		orig[i] = xmlNodeGetContent(x->nodes[i]);
		/* no pseudonym may be the real name of another person of the record */
		if (orig[i] && (x->kinds[i] == KAIGO_PSEUDO_NAME || x->kinds[i] == KAIGO_PSEUDO_KANA) &&
		    pseudo_dict_reserve(&x->dict, (const char *)orig[i], strlen((const char *)orig[i])) < 0)
			rc = -1;
	}
	for (i = 0; i < x->n && rc == 0; i++) {
		const char *pair = pair_of(x, i, orig);
		const char *v = orig[i] ? (const char *)orig[i] : "";

		kaigo_buf_reset(&x->val);
		rc = pseudo_replace(x->ps, x->kinds[i], v, strlen(v), pair, pair ? strlen(pair) : 0, &x->dict, &x->val);
		if (rc == 0 && *v) {
			set_text(x->nodes[i], x->val.data ? x->val.data : "", x->val.len);
			x->st->values++;
		}
	}
	for (i = 0; i < x->n; i++)
		xmlFree(orig[i]);
	if (x->n)
		free(orig);
	if (rc < 0 || rec->type != XML_ELEMENT_NODE)
		return rc < 0 ? -1 : 0;
	kaigo_buf_reset(&x->all);
	x->nft = 0;
	if (gather_text(x, rec->children) < 0 ||
	    (x->all.len && pseudo_detect(x->ps, x->type, &x->dict, x->all.data, x->all.len) < 0))
		return -1;
	return walk_text(x);
}

static int on_record(void *ctx, xmlNodePtr rec)
{
	struct xrun *x = ctx;
	xmlOutputBufferPtr ob = NULL;
	const char *data;
	size_t len;
	int rc = 0, r;

	x->st->records++;
	if (x->mode == 0 && !x->root_written && (!rec->parent || write_root(x, rec->parent) < 0))
		return -1;
	if (replace_record(x, rec) < 0) {
		kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, (unsigned long)xmlGetLineNo(rec), 0, "pseudo.memory",
				  "out of memory");
		return -1;
	}
	kaigo_buf_reset(&x->rec);
	if ((r = kaigo_xml_dump(&x->rec, rec)) < 0)
		return -1;
	if (r == 0) {
		data = x->rec.data ? x->rec.data : "";
		len = x->rec.len;
	} else {
		/* what kaigo_xml_dump leaves to libxml2 */
		if (!(ob = xmlAllocOutputBuffer(NULL)))
			return -1;
		xmlNodeDumpOutput(ob, rec->doc, rec, 0, 0, "UTF-8");
		xmlOutputBufferFlush(ob);
		data = (const char *)xmlOutputBufferGetContent(ob);
		len = xmlOutputBufferGetSize(ob);
	}
	if (x->ps->o.check && data) {
		long f = pseudo_check(x->ps, x->type, &x->dict, data, len, x->file, (unsigned long)xmlGetLineNo(rec), x->sink);

		if (f < 0)
			rc = -1;
		else
			x->st->leaks += (unsigned long)f;
	}
	if (rc == 0 && ((x->mode == 0 && puts_(x, "\n") < 0) || (data && put(x, data, len) < 0)))
		rc = -1;
	if (ob)
		xmlOutputBufferClose(ob);
	return rc;
}

int kaigo_pseudo_xml(struct kaigo_pseudo *ps, const char *file, struct kaigo_output *out,
		     struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st)
{
	return kaigo_pseudo_xml_part(ps, file, file, 1, 1, out, sink, st);
}

int kaigo_pseudo_xml_part(struct kaigo_pseudo *ps, const char *path, const char *name, int head, int tail,
			  struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st)
{
	struct xrun x;
	struct kaigo_xmlin_walk w = { on_root, on_record, on_pi, &x };
	int rc;

	memset(&x, 0, sizeof(x));
	ps->docs++; /* a new parser dictionary: names at new addresses */
	x.ps = ps;
	x.out = out;
	x.sink = sink;
	x.st = st;
	x.file = name ? name : "-";
	x.muted = !head;
	x.tail = tail;
	rc = kaigo_xmlin_records(path, &w, sink);
	if (rc == 0 && x.mode == 0 && x.root_seen == 1 && !x.tail) {
		/* a part before the last: its records only */
	} else if (rc == 0 && x.mode == 0 && x.root_seen == 1) {
		if (!x.root_written) {
			/* an empty collection: the reader's tree is gone, its name stays */
			rc = (put(&x, x.pending.data ? x.pending.data : "", x.pending.len) < 0 ||
			      puts_(&x, x.empty_tag) < 0 || puts_(&x, "\n") < 0) ? -1 : 0;
		} else {
			rc = (puts_(&x, "\n</") < 0 || puts_(&x, x.root_name) < 0 || puts_(&x, ">\n") < 0) ? -1 : 0;
		}
	} else if (rc == 0 && x.mode == 1) {
		rc = puts_(&x, "\n");
	}
	free(x.root_name);
	free(x.empty_tag);
	free(x.nodes);
	free(x.kept);
	free(x.set);
	free(x.kinds);
	kaigo_buf_release(&x.pending);
	kaigo_buf_release(&x.val);
	kaigo_buf_release(&x.all);
	free(x.ft);
	kaigo_buf_release(&x.rec);
	pseudo_dict_release(&x.dict);
	if (x.loadfail)
		return -2;
	return rc < 0 ? -1 : 0;
}
