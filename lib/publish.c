/*
 * publish.c - XSLT publication, one record at a time (see include/kaigo/publish.h).
 *
 * The input is walked with the record streamer (kaigo_xmlin_records).  The
 * first root element decides the document type and so the output
 * (schemas/publish/index.xml).  Each record is copied into a document of
 * its own and transformed; the result is checked for personal data when
 * the audience is public, then serialized with the stylesheet's
 * xsl:output settings:
 *   page    one document per record: standard output / -o for one record,
 *           DIR/NAME.html per record with -d, plus an index page;
 *   stream  head (on an empty collection element), every record, tail;
 *   list    an entry per record collected under <list>, then the page.
 * Transforms run with a security policy that forbids writing files and
 * any network access; document() reads local files only (xmlin's loader).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>

#include "kaigo/buf.h"
#include "kaigo/exit.h"
#include "kaigo/hash.h"
#include "kaigo/io.h"
#include "kaigo/outenc.h"
#include "kaigo/outsafe.h"
#include "kaigo/privacy.h"
#include "kaigo/publish.h"
#include "kaigo/xlsx.h"
#include "kaigo/xmlin.h"

#define PUB_NS "urn:kaigo:publish:1"
#define MAX_PARAMS 48

enum kind { KIND_PAGE, KIND_STREAM, KIND_LIST };

struct outdef {
	char *type, *format, *stylesheet, *index, *name;
	enum kind kind;
	char *audiences;        /* space-separated, first = default */
	unsigned long line;
};

struct outdefs {
	char *file;
	struct outdef *d;
	size_t n;
};

/* A -d page waiting for the end of the run: all are renamed into place, or none. */
struct page {
	struct kaigo_output out;  /* its finished temporary file */
	char *path;               /* owned: DIR/name, what out.name points to */
};

/* Strings to numbers, open addressing: the page names of a run in linear time. */
struct nametab {
	char **keys;              /* owned, NULL: empty slot */
	size_t *vals;
	size_t n, cap;            /* used slots, all slots (a power of two) */
};

/*
 * A document a stylesheet reads with document() (the code lists) is the
 * same for every record: it is parsed by the first record's transform and
 * then kept, so that a collection of 2 000 records does not parse it 2 000
 * times.  libxslt frees the documents of a transform context except those
 * marked main (the input), so a kept document is handed to each later
 * context marked so; libxslt still checks the read permission of the URI
 * before it looks in the context's list.  Bounded: a stylesheet that reads
 * a different document for each record gets the first MAX_KEPT kept and
 * the others parsed and freed as before.
 */
#define MAX_KEPT 8

struct kept_doc {
	xsltStylesheetPtr style; /* the stylesheet whose transforms read it */
	xmlDocPtr doc;
};

struct pub {
	const struct kaigo_catalog *cat;
	const struct kaigo_pub_options *o;
	struct kaigo_diag_sink *sink;
	struct kaigo_pub_stats *st;
	struct outdefs defs;
	const struct outdef *def;
	const struct kaigo_doctype *type;
	char audience[32];
	xsltStylesheetPtr style, index_style;
	char style_path[PATH_MAX];
	xsltSecurityPrefsPtr sec;
	struct kaigo_privacy *priv;
	const char *file;        /* the input being read */
	int status;              /* worst exit status so far */
	int failed;              /* nothing more is written */
	struct kaigo_output out; /* -o / standard output (stream, list, one page) */
	int out_open;
	int head_done;
	xmlDocPtr coll;          /* an empty collection element (head and tail) */
	xmlDocPtr list;          /* entries (list kind, index of pages) */
	struct page *pages;      /* -d: pages finished beside their names, renamed at the end */
	size_t npages, cappages;
	struct nametab used;     /* -d: page names taken */
	struct nametab bases;    /* -d: base name → the next number to try for it */
	unsigned dir_made;       /* -d: directories this run made (removed again on failure) */
	struct kaigo_buf msgs;   /* messages of the current transform */
	struct kaigo_outenc *enc; /* --encoding of csv and text, or NULL */
	int preamble_done;       /* the BOM is on p->out */
	struct kaigo_xlsx *xlsx; /* -f xlsx: the workbook, written at the end */
	xsltStylesheetPtr form_style; /* -f xlsx: the form sheets' stylesheet, or NULL */
	unsigned long rec_line;
	struct kept_doc kept[MAX_KEPT]; /* documents read by document(), kept for the next records */
	size_t nkept;
};

static void worse(struct pub *p, int status)
{
	if (status > p->status)
		p->status = status;
	if (status != KAIGO_EXIT_OK)
		p->failed = 1;
}

/* ---- the output index ------------------------------------------------ */

static char *dup_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *r = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return r;
}

static void defs_release(struct outdefs *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		free(ds->d[i].type);
		free(ds->d[i].format);
		free(ds->d[i].stylesheet);
		free(ds->d[i].index);
		free(ds->d[i].name);
		free(ds->d[i].audiences);
	}
	free(ds->d);
	free(ds->file);
	memset(ds, 0, sizeof(*ds));
}

static int defs_load(const struct kaigo_catalog *cat, struct outdefs *ds, struct kaigo_diag_sink *sink)
{
	char path[PATH_MAX];
	xmlDocPtr doc;
	xmlNodePtr root, n;
	int ok = 1;

	memset(ds, 0, sizeof(*ds));
	kaigo_catalog_path(cat, "publish/index.xml", path, sizeof(path));
	ds->file = strdup(path);
	kaigo_xmlin_init();
	doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !root->ns || strcmp((const char *)root->ns->href, PUB_NS) != 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "publish.load",
				  "cannot read the list of outputs (root <publish> in %s)", PUB_NS);
		xmlFreeDoc(doc);
		return -1;
	}
	for (n = root->children; n && ok; n = n->next) {
		struct outdef *d, *nd;
		char *kind;

		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "output") != 0)
			continue;
		if (!(nd = realloc(ds->d, (ds->n + 1) * sizeof(*nd)))) {
			ok = 0;
			break;
		}
		ds->d = nd;
		d = &nd[ds->n++];
		memset(d, 0, sizeof(*d));
		d->line = (unsigned long)xmlGetLineNo(n);
		d->type = dup_prop(n, "type");
		d->format = dup_prop(n, "format");
		d->stylesheet = dup_prop(n, "stylesheet");
		d->index = dup_prop(n, "index");
		d->name = dup_prop(n, "name");
		d->audiences = dup_prop(n, "audiences");
		kind = dup_prop(n, "kind");
		if (!d->type || !d->format || !d->stylesheet || !d->audiences || !kind ||
		    (strcmp(kind, "page") != 0 && strcmp(kind, "stream") != 0 && strcmp(kind, "list") != 0) ||
		    (!strcmp(kind, "page") && !d->name)) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, d->line, 0, "publish.load",
					  "<output> needs type, format, kind (page|stream|list), stylesheet, "
					  "audiences, and for a page a name");
			ok = 0;
		} else {
			d->kind = !strcmp(kind, "page") ? KIND_PAGE : !strcmp(kind, "stream") ? KIND_STREAM : KIND_LIST;
		}
		free(kind);
	}
	xmlFreeDoc(doc);
	if (!ok)
		defs_release(ds);
	return ok ? 0 : -1;
}

static const char *kind_name(enum kind k)
{
	return k == KIND_PAGE ? "page" : k == KIND_STREAM ? "stream" : "list";
}

int kaigo_publish_list(const struct kaigo_catalog *cat, FILE *out, struct kaigo_diag_sink *sink)
{
	struct outdefs ds;
	size_t i;

	if (defs_load(cat, &ds, sink) < 0)
		return -1;
	fprintf(out, "%-18s %-6s %-7s %-28s %s\n", "TYPE", "FORMAT", "KIND", "AUDIENCES", "STYLESHEET");
	for (i = 0; i < ds.n; i++)
		fprintf(out, "%-18s %-6s %-7s %-28s %s%s%s\n", ds.d[i].type, ds.d[i].format, kind_name(ds.d[i].kind),
			ds.d[i].audiences, ds.d[i].stylesheet, ds.d[i].index ? " + index " : "",
			ds.d[i].index ? ds.d[i].index : "");
	defs_release(&ds);
	return 0;
}

/* Is word one of the space-separated words of list? */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *s = list;

	while ((s = strstr(s, word))) {
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
			return 1;
		s += n;
	}
	return 0;
}

/* ---- messages from libxslt ------------------------------------------- */

__attribute__((format(printf, 2, 3)))
static void collect_msg(void *ctx, const char *fmt, ...)
{
	struct pub *p = ctx;
	va_list ap;

	va_start(ap, fmt);
	kaigo_buf_vaddf(&p->msgs, fmt, ap);
	va_end(ap);
}

static void collect_structured(void *ctx, xmlErrorPtr err)
{
	struct pub *p = ctx;

	if (err && err->message)
		kaigo_buf_addf(&p->msgs, "line %d: %s", err->line, err->message);
}

/* Report the collected messages, one diagnostic per line, and clear them. */
static void flush_msgs(struct pub *p, enum kaigo_severity sev, const char *file, unsigned long line,
		       const char *rule)
{
	char *s = p->msgs.data, *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (*s)
			kaigo_diag_report(p->sink, sev, file, line, 0, rule, "%s", s);
		if (!nl)
			break;
		s = nl + 1;
	}
	kaigo_buf_reset(&p->msgs);
}

/* ---- stylesheets ----------------------------------------------------- */

static struct pub *loading; /* the run whose stylesheets and documents are loaded */

/*
 * libxslt's document loader, for stylesheets (and what they import) and
 * for document(): the same parse as libxslt's own, but without loading a
 * DTD or substituting entities, and a document with a DOCTYPE is refused:
 * a stylesheet's DTD could read local files into the output (XXE) or
 * expand entities without bound.
 */
static xmlDocPtr safe_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctx, xsltLoadType type)
{
	xmlParserCtxtPtr pc;
	xmlParserInputPtr in;
	xmlDocPtr doc = NULL;

	(void)ctx;
	if (uri && type == XSLT_LOAD_DOCUMENT) {
		/* document(): the shared loader's directories; a refusal fails the run (exit 4) */
		struct kaigo_xmlin_refusal why;

		doc = kaigo_xmlin_document((const char *)uri, loading ? loading->style_path : NULL,
					   loading ? loading->file : NULL, &why);
		if (!doc && why.message[0] && loading) {
			kaigo_diag_report(loading->sink, KAIGO_SEV_ERROR, why.line ? (const char *)uri
					  : loading->style_path, why.line, 0, "publish.stylesheet", "%s", why.message);
			worse(loading, KAIGO_EXIT_LOAD);
		}
		if (doc && dict) {
			/* libxslt expects the document in the stylesheet's dictionary: parse it there */
			xmlFreeDoc(doc);
			doc = NULL;
		} else {
			return doc;
		}
	}
	if (!uri || !(pc = xmlNewParserCtxt()))
		return NULL;
	if (dict) {
		if (pc->dict)
			xmlDictFree(pc->dict);
		pc->dict = dict;
		xmlDictReference(dict);
	}
	xmlCtxtUseOptions(pc, (options & ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR |
					   XML_PARSE_DTDVALID)) | XML_PARSE_NONET);
	if ((in = xmlLoadExternalEntity((const char *)uri, NULL, pc))) {
		inputPush(pc, in);
		xmlParseDocument(pc);
		if (pc->wellFormed && pc->myDoc && !pc->myDoc->intSubset && !pc->myDoc->extSubset) {
			doc = pc->myDoc;
		} else {
			if (pc->myDoc && (pc->myDoc->intSubset || pc->myDoc->extSubset) && loading)
				kaigo_diag_report(loading->sink, KAIGO_SEV_ERROR, (const char *)uri,
						  0, 0, /* a DTD node has no line (xmlGetLineNo gives -1) */
						  "publish.stylesheet",
						  "DOCTYPE declarations are refused in %s (a DTD could read local "
						  "files into the output or expand entities without bound)",
						  type == XSLT_LOAD_DOCUMENT ? "documents read by document()"
									     : "stylesheets");
			xmlFreeDoc(pc->myDoc);
		}
		pc->myDoc = NULL;
	}
	xmlFreeParserCtxt(pc);
	return doc;
}

static xsltStylesheetPtr load_style(struct pub *p, const char *path)
{
	xsltStylesheetPtr s;

	kaigo_buf_reset(&p->msgs);
	xsltSetGenericErrorFunc(p, collect_msg);
	xmlSetStructuredErrorFunc(p, collect_structured);
	loading = p;
	s = xsltParseStylesheetFile((const xmlChar *)path);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xsltSetGenericErrorFunc(NULL, NULL);
	if (!s || (p->msgs.len && s->errors)) {
		if (!p->msgs.len)
			kaigo_buf_addf(&p->msgs, "cannot read or compile the stylesheet");
		flush_msgs(p, KAIGO_SEV_ERROR, path, 0, "publish.stylesheet");
		if (s)
			xsltFreeStylesheet(s);
		return NULL;
	}
	kaigo_buf_reset(&p->msgs);
	return s;
}

/* -f xlsx: the workbook, and the form sheets' stylesheet when the type has one. */
static int setup_xlsx(struct pub *p, const struct outdef *form)
{
	char path[PATH_MAX];

	if (form) {
		snprintf(path, sizeof(path), "%s/publish/%s", p->cat->datadir, form->stylesheet);
		if (!(p->form_style = load_style(p, path))) {
			worse(p, KAIGO_EXIT_LOAD);
			return -1;
		}
	}
	if (!(p->xlsx = kaigo_xlsx_new(p->sink))) {
		worse(p, KAIGO_EXIT_IO);
		return -1;
	}
	return 0;
}

static int setup_encoding(struct pub *p)
{
	enum kaigo_outenc_kind k;
	char err[160];

	if (kaigo_outenc_parse(p->o->encoding, &k) < 0 || !(p->enc = kaigo_outenc_new(k, err, sizeof(err)))) {
		kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, 0, 0, "publish.encoding",
				  "cannot write encoding '%s'", p->o->encoding);
		worse(p, KAIGO_EXIT_LOAD);
		return -1;
	}
	return 0;
}

/* Choose the output for the type, load its stylesheets and checks. */
static int setup(struct pub *p, const struct kaigo_doctype *type)
{
	const struct kaigo_pub_options *o = p->o;
	char path[PATH_MAX];
	struct kaigo_buf fm = KAIGO_BUF_INIT;
	const struct outdef *form = NULL;
	int xlsx = !strcmp(o->format, "xlsx");
	size_t i;

	p->type = type;
	for (i = 0; i < p->defs.n; i++) {
		if (strcmp(p->defs.d[i].type, type->name) != 0)
			continue;
		/* a workbook holds the csv rows, and the form sheets of an xlsx output */
		if (!strcmp(p->defs.d[i].format, xlsx ? "csv" : o->format))
			p->def = &p->defs.d[i];
		if (xlsx && !strcmp(p->defs.d[i].format, "xlsx"))
			form = &p->defs.d[i];
		kaigo_buf_addf(&fm, "%s%s", fm.len ? ", " : "", p->defs.d[i].format);
	}
	if (!p->def) {
		kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, p->rec_line, 0, "publish.no-output",
				  "no %s output for %s (it has: %s)", o->format, type->name,
				  fm.len ? fm.data : "none");
		kaigo_buf_release(&fm);
		worse(p, KAIGO_EXIT_USAGE);
		return -1;
	}
	kaigo_buf_release(&fm);
	if (o->audience) {
		if (!has_word(p->def->audiences, o->audience)) {
			kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, p->rec_line, 0, "publish.audience",
					  "the %s %s output is not for audience '%s' (it is for: %s)", type->name,
					  o->format, o->audience, p->def->audiences);
			worse(p, KAIGO_EXIT_USAGE);
			return -1;
		}
		snprintf(p->audience, sizeof(p->audience), "%s", o->audience);
	} else {
		snprintf(p->audience, sizeof(p->audience), "%.*s", (int)strcspn(p->def->audiences, " "),
			 p->def->audiences);
	}
	if (p->def->kind != KIND_PAGE && o->dir) {
		kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, p->rec_line, 0, "publish.usage",
				  "the %s %s output is one %s, not a page per record: use -o FILE, not -d",
				  type->name, o->format, p->def->kind == KIND_LIST ? "page" : "stream");
		worse(p, KAIGO_EXIT_USAGE);
		return -1;
	}
	if (o->stylesheet)
		snprintf(p->style_path, sizeof(p->style_path), "%s", o->stylesheet);
	else
		snprintf(p->style_path, sizeof(p->style_path), "%s/publish/%s", p->cat->datadir, p->def->stylesheet);
	if (!(p->style = load_style(p, p->style_path))) {
		worse(p, KAIGO_EXIT_LOAD);
		return -1;
	}
	if (p->def->kind == KIND_PAGE && p->def->index && o->dir && !o->stylesheet) {
		snprintf(path, sizeof(path), "%s/publish/%s", p->cat->datadir, p->def->index);
		if (!(p->index_style = load_style(p, path))) {
			worse(p, KAIGO_EXIT_LOAD);
			return -1;
		}
	}
	if (!strcmp(p->audience, "public") && !(p->priv = kaigo_privacy_load(p->cat, NULL, type, p->sink))) {
		worse(p, KAIGO_EXIT_LOAD);
		return -1;
	}
	if (xlsx && setup_xlsx(p, form) < 0)
		return -1;
	if (o->encoding && !xlsx && setup_encoding(p) < 0)
		return -1;
	if (!o->dir) {
		if (kaigo_output_open(&p->out, o->output, p->sink) < 0) {
			worse(p, KAIGO_EXIT_IO);
			return -1;
		}
		p->out_open = 1;
	}
	return 0;
}

/* ---- transforming ---------------------------------------------------- */

/* Keep the documents this transform read with document() for the next ones. */
static void keep_documents(struct pub *p, xsltStylesheetPtr style, xsltTransformContextPtr ctxt)
{
	for (xsltDocumentPtr d = ctxt->docList; d && p->nkept < MAX_KEPT; d = d->next)
		if (!d->main && d->doc && d->doc->URL) {
			d->main = 1;
			p->kept[p->nkept].style = style;
			p->kept[p->nkept].doc = d->doc;
			p->nkept++;
		}
}

/* Transform doc with part (and href); NULL after reporting. */
static xmlDocPtr transform(struct pub *p, xsltStylesheetPtr style, xmlDocPtr doc, const char *part,
			   const char *href)
{
	const char *params[2 * MAX_PARAMS + 1];
	size_t k = 0, i;
	xsltTransformContextPtr ctxt;
	xmlDocPtr res;
	int bad;

	params[k++] = "part";
	params[k++] = part;
	params[k++] = "audience";
	params[k++] = p->audience;
	params[k++] = "as-of";
	params[k++] = p->o->as_of ? p->o->as_of : "";
	params[k++] = "href";
	params[k++] = href ? href : "";
	for (i = 0; i < p->o->nparams && k + 2 < 2 * MAX_PARAMS; i++) {
		params[k++] = p->o->params[i].name;
		params[k++] = p->o->params[i].value;
	}
	params[k] = NULL;
	if (!(ctxt = xsltNewTransformContext(style, doc))) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return NULL;
	}
	xsltSetCtxtSecurityPrefs(p->sec, ctxt);
	xsltSetTransformErrorFunc(ctxt, p, collect_msg);
	kaigo_buf_reset(&p->msgs);
	xsltQuoteUserParams(ctxt, params);
	for (i = 0; i < p->nkept; i++) {
		xsltDocumentPtr d;

		if (p->kept[i].style == style && (d = xsltNewDocument(ctxt, p->kept[i].doc)))
			d->main = 1; /* not freed with the context */
	}
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	bad = !res || ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED;
	if (!bad)
		keep_documents(p, style, ctxt);
	xsltFreeTransformContext(ctxt);
	if (bad) {
		if (!p->msgs.len)
			kaigo_buf_addf(&p->msgs, "the transformation failed");
		flush_msgs(p, KAIGO_SEV_ERROR, p->file, p->rec_line, "publish.transform");
		xmlFreeDoc(res);
		/* xsl:message terminate="yes" is the stylesheet refusing the data */
		worse(p, KAIGO_EXIT_DATA);
		return NULL;
	}
	if (p->msgs.len) /* xsl:message without terminate */
		flush_msgs(p, KAIGO_SEV_WARNING, p->file, p->rec_line, "publish.message");
	return res;
}

struct wctx {
	struct pub *p;
	struct kaigo_output *out;
	int failed;
};

static int write_cb(void *ctx, const char *buf, int len)
{
	struct wctx *w = ctx;

	if (kaigo_output_write(w->out, buf, (size_t)len, w->p->sink) < 0) {
		w->failed = 1;
		return -1;
	}
	return len;
}

/* The serialized bytes, collected for the CSV pass. */
static int collect_cb(void *ctx, const char *buf, int len)
{
	return kaigo_buf_add(ctx, buf, (size_t)len) < 0 ? -1 : len;
}

/*
 * The other side of save() for a workbook and for --encoding: the result
 * as UTF-8 text first, then rows for the workbook (whose string cells need
 * no CSV neutralisation: include/kaigo/xlsx.h), or the neutralised CSV or
 * the text in the asked encoding, after the BOM at the start of a file.
 */
static int save_converted(struct pub *p, xsltStylesheetPtr style, xmlDocPtr res, struct kaigo_output *out)
{
	struct kaigo_buf raw = KAIGO_BUF_INIT, safe = KAIGO_BUF_INIT, enc = KAIGO_BUF_INIT;
	const struct kaigo_buf *text = &raw;
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(collect_cb, NULL, &raw, NULL);
	size_t plen;
	const char *pre;
	long bad = 0;
	int r = -1;

	if (ob) {
		xsltSaveResultTo(ob, res, style);
		if (xmlOutputBufferClose(ob) >= 0)
			r = 0;
	}
	if (r == 0 && p->xlsx) {
		r = kaigo_xlsx_add_csv(p->xlsx, p->type->name, raw.data ? raw.data : "", raw.len);
	} else if (r == 0) {
		if (!strcmp(p->o->format, "csv")) {
			r = kaigo_outsafe_csv(raw.data ? raw.data : "", raw.len, &safe) < 0 ? -1 : 0;
			text = &safe;
		}
		if (r == 0 && (bad = kaigo_outenc_convert(p->enc, text->data ? text->data : "", text->len, &enc,
							  p->file, p->rec_line, p->sink)) != 0)
			r = -1;
		pre = kaigo_outenc_preamble(kaigo_outenc_kind_of(p->enc), &plen);
		if (r == 0 && plen && (out != &p->out || !p->preamble_done++) &&
		    kaigo_output_write(out, pre, plen, p->sink) < 0)
			bad = r = -1;
		if (r == 0 && enc.len && kaigo_output_write(out, enc.data, enc.len, p->sink) < 0)
			bad = r = -1;
	}
	kaigo_buf_release(&raw);
	kaigo_buf_release(&safe);
	kaigo_buf_release(&enc);
	if (r < 0)
		worse(p, bad > 0 ? KAIGO_EXIT_DATA : bad < 0 ? KAIGO_EXIT_IO : KAIGO_EXIT_INTERNAL);
	return r;
}

/*
 * Serialize res with style's xsl:output to out.  Whatever the stylesheet
 * (a user's too): a result that links to a javascript:/data:… URL is not
 * written (exit 1), and a CSV result has its formula-like cells
 * neutralised (include/kaigo/outsafe.h) before it is encoded.
 */
static int save(struct pub *p, xsltStylesheetPtr style, xmlDocPtr res, struct kaigo_output *out)
{
	struct wctx w = { p, out, 0 };
	const xmlChar *enc = NULL;
	xmlCharEncodingHandlerPtr h = NULL;
	xmlOutputBufferPtr ob;

	if (kaigo_outsafe_check_urls(res, p->file, p->rec_line, p->sink) > 0) {
		worse(p, KAIGO_EXIT_DATA);
		return -1;
	}
	if (p->xlsx || p->enc)
		return save_converted(p, style, res, out);
	XSLT_GET_IMPORT_PTR(enc, style, encoding);
	if (enc && xmlStrcasecmp(enc, (const xmlChar *)"UTF-8") != 0)
		h = xmlFindCharEncodingHandler((const char *)enc);
	if (!strcmp(p->o->format, "csv")) {
		struct kaigo_buf raw = KAIGO_BUF_INIT, safe = KAIGO_BUF_INIT;
		int bad = 0;

		/* the text in UTF-8 first: the pass must see whole cells */
		if (!(ob = xmlOutputBufferCreateIO(collect_cb, NULL, &raw, NULL))) {
			worse(p, KAIGO_EXIT_INTERNAL);
			return -1;
		}
		xsltSaveResultTo(ob, res, style);
		bad = xmlOutputBufferClose(ob) < 0 || kaigo_outsafe_csv(raw.data ? raw.data : "", raw.len, &safe) < 0;
		kaigo_buf_release(&raw);
		if (!bad && safe.len) {
			if (!(ob = xmlOutputBufferCreateIO(write_cb, NULL, &w, h))) {
				bad = 1;
			} else {
				xmlOutputBufferWrite(ob, (int)safe.len, safe.data);
				bad = xmlOutputBufferClose(ob) < 0;
			}
		}
		kaigo_buf_release(&safe);
		if (bad || w.failed) {
			worse(p, w.failed ? KAIGO_EXIT_IO : KAIGO_EXIT_INTERNAL);
			return -1;
		}
		return 0;
	}
	if (!(ob = xmlOutputBufferCreateIO(write_cb, NULL, &w, h)))
		return -1;
	xsltSaveResultTo(ob, res, style);
	if (xmlOutputBufferClose(ob) < 0 || w.failed) {
		worse(p, KAIGO_EXIT_IO);
		return -1;
	}
	return 0;
}

/* Privacy of a result; 0 to go on, -1 when it must not be written. */
static int private_ok(struct pub *p, xmlNodePtr rec, xmlDocPtr res)
{
	long n;

	if (!p->priv)
		return 0;
	n = kaigo_privacy_check(p->priv, rec, p->file, res, p->o->mask, p->sink);
	if (n < 0) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	p->st->findings += (unsigned long)n;
	if (n > 0 && !p->o->mask) {
		worse(p, KAIGO_EXIT_DATA);
		return -1;
	}
	return 0;
}

/* Transform, check and write one document to out. */
static int emit(struct pub *p, xmlDocPtr doc, xmlNodePtr rec, const char *part, struct kaigo_output *out)
{
	xmlDocPtr res = transform(p, p->style, doc, part, NULL);
	int r = -1;

	if (res && private_ok(p, rec, res) == 0 && !p->failed)
		r = save(p, p->style, res, out);
	xmlFreeDoc(res);
	return r;
}

static xmlDocPtr empty_collection(struct pub *p)
{
	xmlDocPtr d;
	xmlNodePtr r;

	if (p->coll)
		return p->coll;
	d = xmlNewDoc((const xmlChar *)"1.0");
	r = d ? xmlNewDocNode(d, NULL, (const xmlChar *)p->type->collection, NULL) : NULL;
	if (!r) {
		xmlFreeDoc(d);
		return NULL;
	}
	xmlDocSetRootElement(d, r);
	xmlSetNs(r, xmlNewNs(r, (const xmlChar *)p->type->ns, NULL));
	return p->coll = d;
}

static int ensure_list(struct pub *p)
{
	xmlNodePtr r;

	if (p->list)
		return 0;
	if (!(p->list = xmlNewDoc((const xmlChar *)"1.0")))
		return -1;
	if (!(r = xmlNewDocNode(p->list, NULL, (const xmlChar *)"list", NULL)))
		return -1;
	xmlDocSetRootElement(p->list, r);
	xmlSetNs(r, xmlNewNs(r, (const xmlChar *)PUB_NS, NULL));
	xmlSetProp(r, (const xmlChar *)"type", (const xmlChar *)p->type->name);
	xmlSetProp(r, (const xmlChar *)"audience", (const xmlChar *)p->audience);
	xmlSetProp(r, (const xmlChar *)"as-of", (const xmlChar *)(p->o->as_of ? p->o->as_of : ""));
	return 0;
}

/* An entry for the list (or the index): the entry part's root element. */
static int add_entry(struct pub *p, xsltStylesheetPtr style, xmlDocPtr doc, xmlNodePtr rec, const char *href)
{
	xmlDocPtr res;
	xmlNodePtr e;

	if (ensure_list(p) < 0) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	if (!(res = transform(p, style, doc, "entry", href)))
		return -1;
	if (private_ok(p, rec, res) < 0) {
		xmlFreeDoc(res);
		return -1;
	}
	if ((e = xmlDocGetRootElement(res)))
		xmlAddChild(xmlDocGetRootElement(p->list), xmlDocCopyNode(e, p->list, 1));
	xmlFreeDoc(res);
	return 0;
}

/* The list page from the entries, to out. */
static int finish_list(struct pub *p, xsltStylesheetPtr style, struct kaigo_output *out)
{
	char n[32];
	xmlDocPtr res;
	int r;

	if (ensure_list(p) < 0) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	snprintf(n, sizeof(n), "%lu", (unsigned long)xmlChildElementCount(xmlDocGetRootElement(p->list)));
	xmlSetProp(xmlDocGetRootElement(p->list), (const xmlChar *)"count", (const xmlChar *)n);
	p->rec_line = 0;
	if (!(res = transform(p, style, p->list, "list", NULL)))
		return -1;
	r = save(p, style, res, out);
	xmlFreeDoc(res);
	return r;
}

/* ---- pages in a directory -------------------------------------------- */

static size_t name_hash(const char *s)
{
	return (size_t)kaigo_hash_str(s);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t nametab_slot(const struct nametab *t, const char *key)
{
	size_t i = name_hash(key) & (t->cap - 1);

	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* The value of key, or 0 when absent. */
static size_t nametab_get(const struct nametab *t, const char *key)
{
	size_t i;

	if (!t->cap)
		return 0;
	i = nametab_slot(t, key);
	return t->keys[i] ? t->vals[i] : 0;
}

/* Set key to val (val > 0).  Returns 0, or -1 when out of memory. */
static int nametab_put(struct nametab *t, const char *key, size_t val)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct nametab g = { NULL, NULL, 0, t->cap ? 2 * t->cap : 256 };
		size_t j;

		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.vals = calloc(g.cap, sizeof(*g.vals));
		if (!g.keys || !g.vals) {
			free(g.keys);
			free(g.vals);
			return -1;
		}
		for (j = 0; j < t->cap; j++)
			if (t->keys[j]) {
				i = nametab_slot(&g, t->keys[j]);
				g.keys[i] = t->keys[j];
				g.vals[i] = t->vals[j];
			}
		g.n = t->n;
		free(t->keys);
		free(t->vals);
		*t = g;
	}
	i = nametab_slot(t, key);
	if (!t->keys[i]) {
		if (!(t->keys[i] = strdup(key)))
			return -1;
		t->n++;
	}
	t->vals[i] = val;
	return 0;
}

static void nametab_release(struct nametab *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

/*
 * A file-safe name for the record from the output's name XPath, not yet
 * taken in this run: "name.html", else "name-2.html", "name-3.html"...
 * The next number to try is kept per base name, so n records of one name
 * cost n look-ups, not n² comparisons.  Returns 0, or -1 out of memory.
 */
static int page_name(struct pub *p, xmlDocPtr doc, char *out, size_t outsz)
{
	xmlXPathContextPtr xc = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = NULL;
	const char *ext = !strcmp(p->o->format, "html") ? ".html" : ".txt";
	char base[200];
	size_t k = 0, i, n;

	base[0] = '\0';
	if (xc) {
		xmlXPathRegisterNs(xc, (const xmlChar *)"k", (const xmlChar *)p->type->ns);
		xc->node = xmlDocGetRootElement(doc);
		r = xmlXPathEvalExpression((const xmlChar *)p->def->name, xc);
	}
	if (r) {
		xmlChar *s = xmlXPathCastToString(r);

		for (i = 0; s && s[i] && k + 1 < sizeof(base); i++) {
			unsigned char c = s[i];

			if (c < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
			    c == '<' || c == '>' || c == '|' || c == ' ' || (k == 0 && (c == '.' || c == '-')))
				c = '_';
			base[k++] = (char)c;
		}
		base[k] = '\0';
		/* do not end inside a UTF-8 sequence */
		while (k && ((unsigned char)base[k - 1] & 0xC0) == 0x80)
			k--;
		if (k && ((unsigned char)base[k - 1] & 0xC0) == 0xC0)
			k--;
		base[k] = '\0';
		xmlFree(s);
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(xc);
	if (!k || !strcmp(base, "index"))
		snprintf(base + k, sizeof(base) - k, "%srecord-%lu", k ? "-" : "", p->st->records);
	for (n = nametab_get(&p->bases, base) ? nametab_get(&p->bases, base) : 1;; n++) {
		if (n == 1)
			snprintf(out, outsz, "%s%s", base, ext);
		else
			snprintf(out, outsz, "%s-%zu%s", base, n, ext);
		if (!nametab_get(&p->used, out))
			break;
	}
	if (nametab_put(&p->bases, base, n + 1) < 0 || nametab_put(&p->used, out, 1) < 0) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	return 0;
}

/* Keep a finished page (its temporary file) for the end of the run. */
static int remember(struct pub *p, const struct kaigo_output *out, const char *path)
{
	struct page *pg;

	if (p->npages == p->cappages) {
		size_t ncap = p->cappages ? 2 * p->cappages : 64;
		struct page *g = realloc(p->pages, ncap * sizeof(*g));

		if (!g) {
			worse(p, KAIGO_EXIT_INTERNAL);
			return -1;
		}
		p->pages = g;
		p->cappages = ncap;
	}
	pg = &p->pages[p->npages];
	pg->out = *out;
	if (!(pg->path = strdup(path))) {
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	pg->out.name = pg->path; /* out's name was borrowed from the caller */
	p->npages++;
	return 0;
}

/*
 * Write one page into a temporary file beside DIR/name and keep it for the
 * end of the run.  The name comes from data: a link, FIFO or device under
 * it is refused (kaigo_output_open_made).  Returns 0 or -1.
 */
static int write_page(struct pub *p, xsltStylesheetPtr style, xmlDocPtr res, const char *name,
		      int (*fill)(struct pub *, xsltStylesheetPtr, xmlDocPtr, struct kaigo_output *))
{
	char path[PATH_MAX];
	struct kaigo_output out;

	snprintf(path, sizeof(path), "%s/%s", p->o->dir, name);
	if (kaigo_output_open_made(&out, path, p->sink) < 0) {
		worse(p, KAIGO_EXIT_IO);
		return -1;
	}
	if (fill(p, style, res, &out) < 0) {
		kaigo_output_abort(&out);
		return -1;
	}
	if (kaigo_output_finish(&out, p->sink) < 0) {
		worse(p, KAIGO_EXIT_IO);
		return -1;
	}
	if (remember(p, &out, path) < 0) {
		kaigo_output_abort(&out);
		return -1;
	}
	return 0;
}

static int fill_index(struct pub *p, xsltStylesheetPtr style, xmlDocPtr res, struct kaigo_output *out)
{
	(void)res;
	return finish_list(p, style, out);
}

static int dir_page(struct pub *p, xmlDocPtr doc, xmlNodePtr rec)
{
	char name[256];
	xmlDocPtr res;
	int r = -1;

	if (page_name(p, doc, name, sizeof(name)) < 0)
		return -1;
	if (!(res = transform(p, p->style, doc, "record", NULL)))
		return -1;
	if (private_ok(p, rec, res) == 0 && !p->failed)
		r = write_page(p, p->style, res, name, save);
	xmlFreeDoc(res);
	if (r == 0 && p->index_style)
		r = add_entry(p, p->index_style, doc, rec, name);
	return r;
}

/* ---- the walk -------------------------------------------------------- */

static int on_root(void *ctx, const char *ns, const char *local, unsigned long line)
{
	struct pub *p = ctx;
	int is_coll = 0;
	const struct kaigo_doctype *t = kaigo_catalog_find(p->cat, ns, local, &is_coll);

	p->rec_line = line;
	if (!t) {
		kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, line, 0, "publish.unknown-type",
				  "unknown document type: root element '%s' in namespace '%s'", local, ns ? ns : "");
		worse(p, KAIGO_EXIT_DATA);
		return -1;
	}
	if (p->type && p->type != t) {
		kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, line, 0, "publish.mixed-types",
				  "document type %s, but the first input was %s: publish one document type per run",
				  t->name, p->type->name);
		worse(p, KAIGO_EXIT_USAGE);
		return -1;
	}
	if (!p->type && setup(p, t) < 0)
		return -1;
	if (p->def->kind == KIND_STREAM && !p->head_done) {
		p->head_done = 1;
		if (!empty_collection(p))
			worse(p, KAIGO_EXIT_INTERNAL);
		else
			emit(p, p->coll, NULL, "head", &p->out);
		if (p->failed && p->status != KAIGO_EXIT_DATA)
			return -1;
	}
	return is_coll ? 0 : 1;
}

/* -f xlsx: the form sheets of one record, checked like every output. */
static int form_sheets(struct pub *p, xmlDocPtr doc, xmlNodePtr rec)
{
	xmlDocPtr res = transform(p, p->form_style, doc, "record", NULL);
	int r = -1;

	if (res && private_ok(p, rec, res) == 0 && !p->failed) {
		r = kaigo_xlsx_add_sheets(p->xlsx, res, p->file, p->rec_line, p->sink);
		if (r < 0)
			worse(p, KAIGO_EXIT_DATA);
	}
	xmlFreeDoc(res);
	return r;
}

static int on_record(void *ctx, xmlNodePtr node)
{
	struct pub *p = ctx;
	xmlDocPtr doc;
	xmlNodePtr rec;
	int r = 0;

	p->st->records++;
	p->rec_line = (unsigned long)xmlGetLineNo(node);
	if (!(doc = xmlNewDoc((const xmlChar *)"1.0")) || !(rec = xmlDocCopyNode(node, doc, 1))) {
		xmlFreeDoc(doc);
		worse(p, KAIGO_EXIT_INTERNAL);
		return -1;
	}
	xmlDocSetRootElement(doc, rec);
	switch (p->def->kind) {
	case KIND_STREAM:
		r = emit(p, doc, rec, "record", &p->out);
		if (p->form_style && (r == 0 || p->status == KAIGO_EXIT_DATA) && form_sheets(p, doc, rec) < 0)
			r = -1;
		break;
	case KIND_LIST:
		r = add_entry(p, p->style, doc, rec, NULL);
		break;
	case KIND_PAGE:
		if (p->o->dir) {
			r = dir_page(p, doc, rec);
		} else if (p->st->records > 1) {
			kaigo_diag_report(p->sink, KAIGO_SEV_ERROR, p->file, p->rec_line, 0, "publish.usage",
					  "a second record: the %s %s output is one page per record; give -d DIR",
					  p->type->name, p->o->format);
			worse(p, KAIGO_EXIT_USAGE);
			r = -1;
		} else {
			r = emit(p, doc, rec, "record", &p->out);
		}
		break;
	}
	xmlFreeDoc(doc);
	/* a privacy or transform finding stops the writing, not the checking */
	return p->status == KAIGO_EXIT_DATA || r == 0 ? 0 : -1;
}

static void finish(struct pub *p)
{
	size_t i;
	int xr;

	if (!p->def)
		return;
	if (!p->failed) {
		if (p->def->kind == KIND_STREAM && empty_collection(p))
			emit(p, p->coll, NULL, "tail", &p->out);
		else if (p->def->kind == KIND_LIST)
			finish_list(p, p->style, &p->out);
		else if (p->def->kind == KIND_PAGE && p->index_style)
			write_page(p, p->index_style, NULL, "index.html", fill_index);
		if (p->xlsx && !p->failed && (xr = kaigo_xlsx_write(p->xlsx, &p->out, p->sink)) != 0)
			worse(p, xr > 0 ? KAIGO_EXIT_DATA : KAIGO_EXIT_IO);
	}
	if (p->out_open) {
		if (p->failed || p->out.epipe) {
			kaigo_output_abort(&p->out);
		} else if (kaigo_output_commit(&p->out, p->sink) < 0) {
			worse(p, KAIGO_EXIT_IO);
		} else {
			p->st->files++;
		}
	}
	/* -d is all or nothing: the pages are renamed into place only now */
	for (i = 0; i < p->npages; i++) {
		if (!p->failed && kaigo_output_commit(&p->pages[i].out, p->sink) == 0) {
			p->st->files++;
		} else {
			if (!p->failed)
				worse(p, KAIGO_EXIT_IO);
			kaigo_output_abort(&p->pages[i].out);
		}
		free(p->pages[i].path);
	}
	if (p->o->dir && p->failed && p->npages) {
		kaigo_dir_unmake(p->o->dir, p->dir_made);
		kaigo_diag_report(p->sink, KAIGO_SEV_NOTE, p->o->dir, 0, 0, "publish.removed",
				  "the run failed: no page was written, the directory is as it was");
		p->st->files = 0;
	}
}

int kaigo_publish_run(const struct kaigo_catalog *cat, const struct kaigo_pub_options *o, char **files,
		      size_t nfiles, struct kaigo_diag_sink *sink, struct kaigo_pub_stats *st)
{
	struct pub p;
	struct kaigo_xmlin_walk w = { on_root, on_record, NULL, NULL };
	char *dash = "-";
	size_t i;

	memset(&p, 0, sizeof(p));
	p.cat = cat;
	p.o = o;
	p.sink = sink;
	p.st = st;
	w.ctx = &p;
	memset(st, 0, sizeof(*st));
	kaigo_xmlin_init();
	exsltRegisterAll();
	xsltSetLoaderFunc(safe_loader);
	loading = &p;
	if (defs_load(cat, &p.defs, sink) < 0)
		return KAIGO_EXIT_LOAD;
	p.sec = xsltNewSecurityPrefs();
	if (!p.sec || xsltSetSecurityPrefs(p.sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(p.sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(p.sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(p.sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid)) {
		defs_release(&p.defs);
		xsltFreeSecurityPrefs(p.sec);
		return KAIGO_EXIT_INTERNAL;
	}
	if (!nfiles) {
		files = &dash;
		nfiles = 1;
	}
	if (o->dir && kaigo_dir_make(o->dir, &p.dir_made, sink) < 0) {
		defs_release(&p.defs);
		xsltFreeSecurityPrefs(p.sec);
		return KAIGO_EXIT_IO;
	}
	for (i = 0; i < nfiles; i++) {
		p.file = files[i] && strcmp(files[i], "-") != 0 ? files[i] : "-";
		if (kaigo_xmlin_records(files[i], &w, sink) < 0 && p.status == KAIGO_EXIT_OK)
			worse(&p, KAIGO_EXIT_IO);
		if (p.status == KAIGO_EXIT_USAGE || p.status >= KAIGO_EXIT_IO)
			break;
	}
	finish(&p);
	if (o->dir && p.failed)
		kaigo_dir_unmake(o->dir, p.dir_made); /* what mkdir -p made, if left empty */
	if (p.out_open && !p.def)
		kaigo_output_abort(&p.out);
	free(p.pages);
	nametab_release(&p.used);
	nametab_release(&p.bases);
	xmlFreeDoc(p.coll);
	xmlFreeDoc(p.list);
	for (i = 0; i < p.nkept; i++)
		xmlFreeDoc(p.kept[i].doc);
	if (p.style)
		xsltFreeStylesheet(p.style);
	if (p.index_style)
		xsltFreeStylesheet(p.index_style);
	if (p.form_style)
		xsltFreeStylesheet(p.form_style);
	kaigo_xlsx_free(p.xlsx);
	kaigo_outenc_free(p.enc);
	kaigo_privacy_free(p.priv);
	xsltFreeSecurityPrefs(p.sec);
	kaigo_buf_release(&p.msgs);
	defs_release(&p.defs);
	xsltSetLoaderFunc(NULL);
	loading = NULL;
	return p.status;
}
