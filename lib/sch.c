/*
 * sch.c - ISO Schematron on libxml2's XPath, per record (see sch.h).
 *
 * Loading resolves sch:include, picks the patterns of the phase, and
 * compiles every expression once.  Rule contexts are XSLT match patterns;
 * they are evaluated as the equivalent select expression over the
 * document ("cp:x" -> "//cp:x", absolute patterns as written), and within
 * a pattern a node already handled by an earlier rule is skipped (the
 * first-matching-rule semantics).  Rules sharing a context expression are
 * selected once per record.
 *
 * Loading also expands abstract patterns (is-a/param) and checks what
 * ISO/IEC 19757-3 calls schema errors (a let bound twice in one scope, an
 * undefined variable, extends of a rule that is not abstract), refusing
 * them with a position rather than running with a guessed meaning.
 *
 * Schema-level lets are evaluated per record with the document node as
 * context (as global variables are in XSLT), so that a let may look at
 * the data; a --param replaces one by a string.  Pattern-level lets are
 * also per record, rule-level lets per context node.  Variables are
 * looked up through a scope stack (schema and phase, pattern, rule), so a
 * let is seen only where the standard scopes it.
 *
 * The location of a finding is computed from the record (bounded by the
 * record's size), never by counting through the whole document.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/dict.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libexslt/exslt.h>

#include "kaigo/buf.h"
#include "kaigo/sch.h"
#include "kaigo/xmlin.h"
#include "schxp.h"

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"

/*
 * A value of the direct evaluator kept beyond the evaluation that made it
 * (the arena is given back): its nodes and string copied into buffers
 * that are reused, or borrowed from a libxml2 object that lives as long.
 */
struct kept {
	struct kaigo_schxp_val v;   /* the value */
	int set;                    /* v is set */
	xmlNodePtr *nodes;          /* owned: the copied nodes */
	size_t ncap;
	char *str;                  /* owned: the copied string */
	size_t scap;
};

struct let {
	char *name;                 /* variable name */
	const xmlChar *iname;       /* the same, interned in names_dict */
	char *src;                  /* value expression as written */
	xmlXPathCompExprPtr expr;   /* compiled value, NULL when overridden */
	char *param;                /* --param value replacing it, or NULL */
	xmlDocPtr content;          /* element content (no @value): a copy of it as a
				       tree whose root node is the value, else NULL */
	int constant;               /* schema-level and independent of the data:
				       evaluated once per run, not per record */
	int done;                   /* a constant let already evaluated */
	int pending;                /* in scope, to be evaluated when first read */
	int evaluating;             /* being evaluated (a "$name" in it means an outer let) */
	xmlXPathObjectPtr val;      /* its value while in scope, as libxml2 reads it, else NULL */
	struct kaigo_schxp *fast;   /* the value compiled for the direct evaluator, or NULL */
	int fast_uses;              /* evaluations so far (see lazy_fast), -1: not compiled */
	struct kept nv;             /* its value as the direct evaluator reads it */
	size_t share;               /* 1 + its entry in the schema's shared lets, or 0 */
	int eval_failed;            /* failed to evaluate once (said once) */
	unsigned long line;         /* of the sch:let, for messages */
	size_t prev_same;           /* 1 + the let of the same name before it in its list, or 0 */
};

/*
 * Rule lets written the same in several rules (the same expression, only
 * schema-level constants as variables): on the same context node they have
 * the same value, so the first rule's is reused by the others.
 */
struct shared_let {
	const char *src;            /* the expression (borrowed from a let) */
	unsigned count;             /* how many rule lets have it */
	xmlNodePtr node;            /* the context node of the value kept, or NULL */
	xmlXPathObjectPtr val;      /* that value (libxml2's), or NULL */
	struct kept nv;             /* or that value (the direct evaluator's) */
};

struct lets {
	struct let *v;
	size_t n;
	const char *where;          /* the scope, for messages: "schema", "pattern", ... */
	size_t start;               /* the current scope's first let (the active phase's
				       lets follow the schema's in one list) */
	size_t limit;               /* lets [0, limit) are visible: all but while one is
				       evaluated, when only those before it are */
	xmlNodePtr context;         /* the context node its lets are evaluated with */
	size_t *hash;               /* by name pointer: 1 + the last let of that name, or 0;
				       NULL: searched from the end (few lets) */
	size_t hcap;                /* slots in hash (a power of two) */
};

struct check {
	int is_report;              /* sch:report rather than sch:assert */
	xmlNodePtr node;            /* the element in the loaded schema (message content) */
	char *test_src;             /* test as written */
	xmlXPathCompExprPtr test;   /* compiled test */
	struct kaigo_schxp *fast;   /* the same for the direct evaluator, or NULL */
	int fast_uses;              /* evaluations so far (see lazy_fast), -1: not compiled */
	xmlXPathCompExprPtr subject; /* @subject (ISO 2016): the node reported, or NULL */
	char *id, *role, *see, *flag; /* attributes, or NULL */
	char *basis, *period;       /* property texts by role, or NULL */
	char *basis_id, *period_id; /* their property ids */
	xmlNodePtr diags[8];        /* sch:diagnostic elements referenced */
	char *diag_ids[8];          /* their ids */
	size_t ndiags;
	enum kaigo_severity severity;
	int eval_failed;            /* the test failed to evaluate once (said once) */
};

/* One step of a simple context pattern: QName or * with predicates. */
struct step {
	char *uri;                  /* namespace, NULL for none */
	char *local;                /* local name, NULL for '*' */
	const xmlChar *interned;    /* local as interned in the document's dictionary
				       (set per record; NULL if no element has the name) */
	xmlXPathCompExprPtr preds[4]; /* non-positional predicates */
	struct kaigo_schxp *fpreds[4]; /* the same for the direct evaluator (or NULL) */
	size_t npreds;
};

/* One alternative of a context pattern: child steps, maybe anchored at the root. */
struct alt {
	struct step *steps;
	size_t nsteps;
	int anchored;               /* starts with '/' */
};

/* A verdict remembered for a string value (see value_only in struct rule). */
#define MEMO_LEN 32
struct memo {
	char value[MEMO_LEN];       /* the context node's string value (shorter ones only) */
	char name[MEMO_LEN];        /* its element name (a copy: dictionaries differ per file) */
	int used;                   /* the slot holds a verdict */
	unsigned long verdicts;     /* bit k: check k finds something */
};

/* Codes and numbers are short: in place, so that a miss costs no allocation. */
#define MEMO_SLOTS 4096

struct rule {
	char *context_src;          /* context as written */
	struct alt *alts;           /* the context as simple matchers, or NULL */
	size_t nalts;
	int value_only;             /* every let and test reads only '.', functions and
				       constant parameters: verdicts depend on the string
				       value alone and are remembered per value */
	struct memo *memo;          /* MEMO_SLOTS entries when value_only */
	int group;                  /* index of its context group in the pattern */
	xmlXPathCompExprPtr subject; /* @subject (ISO 2016): the node reported, or NULL */
	struct lets lets;           /* rule-level lets */
	struct check *checks;
	size_t nchecks;
};

/* Rules of one pattern with the same context expression, selected once. */
struct group {
	xmlXPathCompExprPtr select; /* the context as a select expression */
	char *select_src;           /* for messages */
};

struct pattern {
	char *id;                   /* @id, or NULL */
	struct lets lets;           /* pattern-level lets */
	struct rule *rules;
	size_t nrules;
	struct group *groups;
	size_t ngroups;
	int fast;                   /* every rule has matchers: match by traversal */
};

struct ns {
	char *prefix, *uri;
};

/* The elements of one name in the record (see index_record). */
struct name_slot {
	const xmlChar *name;        /* interned element name; NULL: a free slot */
	size_t head, tail;          /* its first and last element, indices into elems */
};

#define NO_ELEM ((size_t)-1)

/* An element of the schema with an @id (see find_ref). */
struct idref {
	char *id;                   /* its @id */
	xmlNodePtr node;            /* the element */
	size_t order;               /* its position in document order */
};

struct kaigo_sch {
	char *path;                 /* the schema file */
	xmlDocPtr doc;              /* the loaded schema, includes resolved */
	char *title;                /* sch:title text or the file name */
	char *phase;                /* phase in use */
	struct ns *ns;
	size_t nns;
	struct lets lets;           /* schema-level lets (the parameters), then the
				       active phase's, which shadow them */
	struct lets *scope[3];      /* the lets in scope, outermost first: schema (and
				       phase), pattern, rule; variables are looked up here */
	size_t nscope;
	struct pattern *patterns;   /* active patterns only */
	size_t npatterns;
	xmlXPathContextPtr xp;      /* reused for every record */
	xmlDictPtr names_dict;      /* the names of the compiled expressions and lets */
	xmlNodePtr current;         /* the rule context node, for current() */
	struct kaigo_buf msg;       /* scratch for messages */
	struct kaigo_buf diag;      /* scratch for diagnostics, joined */
	struct kaigo_buf dtext[8];  /* scratch for diagnostics, one by one */
	char loc[1024];             /* scratch for locations */
	struct shared_let *shared;  /* see struct shared_let */
	size_t nshared;
	struct idref *ids;          /* the sch:property and sch:diagnostic elements by
				       @id, sorted, built when first needed */
	size_t nids, ids_cap;
	xmlDocPtr *docs;            /* documents loaded by document(), cached */
	char **doc_urls;
	size_t ndocs;
	/* the record's elements in document order, chained by name, so that a
	   pattern visits only the elements its rules' last steps can match */
	xmlNodePtr *elems;
	size_t *next_same;          /* the next element of the same name, or NO_ELEM */
	size_t nelems, elems_cap;
	struct name_slot *names;    /* open addressing on the name pointer */
	size_t names_cap, names_n;
	int indexed;                /* built for the current record */
	/* pointer set of the nodes a pattern has handled in this record */
	xmlNodePtr *seen;
	size_t seen_cap, seen_n;
	char xpath_error[200];      /* libxml2's last XPath message, for our own */
	struct kaigo_diag_sink *sink; /* the run's, for a let that fails when first read */
	struct kaigo_schxp_run run; /* the direct evaluator's state (arena, variables) */
};

/* --- small helpers --------------------------------------------------- */

static int is_sch(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, SCH_NS) == 0 &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Normalize whitespace of text in place (XPath normalize-space). */
static void squeeze(struct kaigo_buf *b)
{
	size_t i, o = 0;
	int space = 1;

	for (i = 0; i < b->len; i++) {
		char c = b->data[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!space)
				b->data[o++] = ' ';
			space = 1;
		} else {
			b->data[o++] = c;
			space = 0;
		}
	}
	if (o > 0 && b->data[o - 1] == ' ')
		o--;
	b->len = o;
	if (b->data)
		b->data[o] = '\0';
}

__attribute__((format(printf, 4, 5)))
static void load_error(struct kaigo_diag_sink *sink, const char *file, xmlNodePtr at, const char *fmt, ...)
{
	va_list ap;

	/* vreport translates fmt (xgettext: keyword load_error:4) */
	va_start(ap, fmt);
	kaigo_diag_vreport(sink, KAIGO_SEV_ERROR, file, at ? (unsigned long)xmlGetLineNo(at) : 0, 0,
			   "sch.load", fmt, ap);
	va_end(ap);
}

/* --- XSLT functions of the xslt query binding ----------------------- */

static void fn_current(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct kaigo_sch *s = ctxt->context->userData;

	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	valuePush(ctxt, xmlXPathNewNodeSet(s->current ? s->current : ctxt->context->node));
}

static void fn_generate_id(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodePtr n = ctxt->context->node;
	char id[40];

	if (nargs > 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 1) {
		xmlXPathObjectPtr o = valuePop(ctxt);

		n = o && o->nodesetval && o->nodesetval->nodeNr ? o->nodesetval->nodeTab[0] : NULL;
		xmlXPathFreeObject(o);
		if (!n) {
			valuePush(ctxt, xmlXPathNewCString(""));
			return;
		}
	}
	snprintf(id, sizeof(id), "id%lx", (unsigned long)(uintptr_t)n);
	valuePush(ctxt, xmlXPathNewCString(id));
}

/*
 * format-number(number, pattern): the common patterns of XSLT 1.0's
 * decimal format ("0", "#,##0", "0.00", "#,##0.0", "00"): minimum integer
 * digits from the zeros, grouping by three when a comma is present,
 * fixed fraction digits.
 */
static void fn_format_number(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlXPathObjectPtr po, no;
	const char *pat, *dot;
	double v;
	int frac = 0, minint = 0, group = 0, i, neg;
	char digits[64], out[96];
	size_t nd, o = 0, k;

	if (nargs < 2 || nargs > 3) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 3)
		xmlXPathFreeObject(valuePop(ctxt));
	po = valuePop(ctxt);
	no = valuePop(ctxt);
	pat = po && po->type == XPATH_STRING ? (const char *)po->stringval : "0";
	v = xmlXPathCastToNumber(no);
	dot = strchr(pat, '.');
	for (i = 0; pat[i] && pat + i != dot; i++) {
		if (pat[i] == '0')
			minint++;
		if (pat[i] == ',')
			group = 1;
	}
	if (dot)
		for (i = 1; dot[i] == '0' || dot[i] == '#'; i++)
			frac++;
	if (v != v) {
		valuePush(ctxt, xmlXPathNewCString("NaN"));
	} else {
		neg = v < 0;
		snprintf(digits, sizeof(digits), "%.*f", frac, neg ? -v : v);
		nd = strcspn(digits, ".");
		if (neg)
			out[o++] = '-';
		for (k = nd; (int)k < minint && o < sizeof(out) - 1; k++)
			out[o++] = '0';
		for (k = 0; k < nd && o < sizeof(out) - 2; k++) {
			out[o++] = digits[k];
			if (group && (nd - k - 1) % 3 == 0 && k + 1 < nd)
				out[o++] = ',';
		}
		if (frac)
			for (k = nd; digits[k] && o < sizeof(out) - 1; k++)
				out[o++] = digits[k];
		out[o] = '\0';
		valuePush(ctxt, xmlXPathNewCString(out));
	}
	xmlXPathFreeObject(po);
	xmlXPathFreeObject(no);
}

/* document(uri): local files only, relative to the schema, loaded once. */
static void fn_document(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct kaigo_sch *s = ctxt->context->userData;
	xmlXPathObjectPtr o;
	xmlChar *uri, *abs;
	size_t i;
	xmlDocPtr d = NULL;

	if (nargs < 1 || nargs > 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 2)
		xmlXPathFreeObject(valuePop(ctxt));
	o = valuePop(ctxt);
	uri = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	abs = xmlBuildURI(uri, (const xmlChar *)s->path);
	for (i = 0; abs && i < s->ndocs; i++)
		if (strcmp(s->doc_urls[i], (const char *)abs) == 0)
			d = s->docs[i];
	if (!d && abs) {
		xmlDocPtr *nd = realloc(s->docs, (s->ndocs + 1) * sizeof(*nd));
		char **nu = nd ? realloc(s->doc_urls, (s->ndocs + 1) * sizeof(*nu)) : NULL;

		if (nd)
			s->docs = nd;
		if (nu) {
			s->doc_urls = nu;
			struct kaigo_xmlin_refusal why;

			/* the shared loader: local files under the allowed directories, no DTDs */
			d = kaigo_xmlin_document((const char *)abs, s->path,
						 s->xp->doc ? (const char *)s->xp->doc->URL : NULL, &why);
			if (!d && why.message[0]) {
				/* a refusal fails the rule's evaluation: sch.eval, exit 4 */
				xmlXPathErr(ctxt, XPATH_INVALID_OPERAND);
				if (why.line)
					snprintf(s->xpath_error, sizeof(s->xpath_error), "%.150s (line %lu)",
						 why.message, why.line);
				else
					snprintf(s->xpath_error, sizeof(s->xpath_error), "%.190s", why.message);
			}
			if (d) {
				s->docs[s->ndocs] = d;
				s->doc_urls[s->ndocs] = strdup((const char *)abs);
				s->ndocs++;
			}
		}
	}
	xmlFree(uri);
	xmlFree(abs);
	valuePush(ctxt, xmlXPathNewNodeSet(d ? (xmlNodePtr)d : NULL));
}

/* --- loading --------------------------------------------------------- */

/* The element with this @id (or @xml:id) at or under n, or NULL. */
static xmlNodePtr element_by_id(xmlNodePtr n, const char *id)
{
	xmlNodePtr c, r;
	xmlChar *v;
	int eq;

	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	v = xmlGetProp(n, (const xmlChar *)"id");
	if (!v)
		v = xmlGetNsProp(n, (const xmlChar *)"id", XML_XML_NAMESPACE);
	eq = v && strcmp((const char *)v, id) == 0;
	xmlFree(v);
	if (eq)
		return n;
	for (c = n->children; c; c = c->next)
		if ((r = element_by_id(c, id)) != NULL)
			return r;
	return NULL;
}

static int resolve_includes(xmlNodePtr n, const char *base, int depth, struct kaigo_diag_sink *sink,
			    const char *file);

/* Is c an inclusion: sch:include, or sch:extends with @href inside a rule? */
static int is_inclusion(xmlNodePtr c)
{
	return is_sch(c, "include") ||
	       (is_sch(c, "extends") && xmlHasProp(c, (const xmlChar *)"href") && is_sch(c->parent, "rule"));
}

/* Put a copy of first (and, unless single, its following siblings) before c, resolved against base. */
static int splice(xmlNodePtr c, xmlNodePtr first, int single, const char *base, int depth,
		  struct kaigo_diag_sink *sink, const char *file);

/*
 * Replace the inclusion c by what it names (ISO/IEC 19757-3:2016 5.4.3,
 * 5.4.4): the element of the file, or the element with that id when the
 * href has a fragment ("sub.sch#id").  An included sch:schema contributes
 * its children; sch:extends contributes the children of the rule it names.
 * Relative references in the included content resolve against its file.
 */
static int include_one(xmlNodePtr c, const char *base, int depth, struct kaigo_diag_sink *sink, const char *file)
{
	xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
	char *hash = href ? strchr((char *)href, '#') : NULL;
	xmlChar *abs;
	xmlDocPtr inc;
	xmlNodePtr target;
	int rc = -1;

	if (hash)
		*hash++ = '\0';
	abs = href && *href ? xmlBuildURI(href, (const xmlChar *)base) : NULL;
	if (!abs || depth > 8) {
		load_error(sink, file, c, depth > 8 ? "sch:include nested too deep (a cycle?)" :
			   "cannot resolve sch:include '%s'", href ? (const char *)href : "");
		xmlFree(href);
		xmlFree(abs);
		return -1;
	}
	inc = xmlReadFile((const char *)abs, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (inc && (inc->intSubset || inc->extSubset)) {
		load_error(sink, file, c, "the included file '%s' has a DOCTYPE, which is refused", (const char *)abs);
		goto done;
	}
	if (!inc || !xmlDocGetRootElement(inc)) {
		load_error(sink, file, c, "cannot read the included file '%s'", (const char *)abs);
		goto done;
	}
	target = xmlDocGetRootElement(inc);
	if (hash && !(target = element_by_id(target, hash))) {
		load_error(sink, file, c, "the included file '%s' has no element with id '%s'", (const char *)abs,
			   hash);
		goto done;
	}
	if (is_sch(c, "extends") && !is_sch(target, "rule")) {
		load_error(sink, file, c, "sch:extends href names no sch:rule in '%s'", (const char *)abs);
		goto done;
	}
	if (is_sch(target, "schema") || is_sch(c, "extends")) {
		if (splice(c, target->children, 0, (const char *)abs, depth + 1, sink, file) < 0)
			goto done;
	} else if (splice(c, target, 1, (const char *)abs, depth + 1, sink, file) < 0) {
		goto done;
	}
	xmlUnlinkNode(c);
	xmlFreeNode(c);
	rc = 0;
done:
	xmlFreeDoc(inc);
	xmlFree(href);
	xmlFree(abs);
	return rc;
}

static int splice(xmlNodePtr c, xmlNodePtr first, int single, const char *base, int depth,
		  struct kaigo_diag_sink *sink, const char *file)
{
	xmlNodePtr k, copy;

	/* copied (libxml2 then declares the namespaces they use), never
	   moved out of a document that is freed */
	for (k = first; k; k = single ? NULL : k->next) {
		copy = xmlDocCopyNode(k, c->doc, 1);
		if (!copy)
			return -1;
		if (copy->type != XML_ELEMENT_NODE) {
			xmlAddPrevSibling(c, copy); /* a text node may be merged (and freed) */
			continue;
		}
		xmlAddPrevSibling(c, copy);
		if (is_inclusion(copy)) {
			if (include_one(copy, base, depth, sink, file) < 0)
				return -1;
		} else if (resolve_includes(copy, base, depth, sink, file) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Resolve every inclusion under n (see include_one). */
static int resolve_includes(xmlNodePtr n, const char *base, int depth, struct kaigo_diag_sink *sink,
			    const char *file)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (is_inclusion(c)) {
			if (include_one(c, base, depth, sink, file) < 0)
				return -1;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (resolve_includes(c, base, depth, sink, file) < 0)
				return -1;
		}
	}
	return 0;
}

/* --- abstract patterns (ISO/IEC 19757-3:2016 5.4.10, 6.3) ------------ */

/* A parameter of a pattern instance: $name is replaced by value. */
struct param {
	char *name, *value;
};

/* src with every "$name" of a parameter replaced by its value (a new string). */
static char *substitute(const char *src, const struct param *pv, size_t np)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const char *p = src;

	while (*p) {
		const char *q;
		size_t i;

		if (*p != '$') {
			kaigo_buf_add(&b, p++, 1);
			continue;
		}
		for (q = p + 1; *q && (isalnum((unsigned char)*q) || *q == '-' || *q == '_' || *q == '.' ||
				       *q == ':' || (unsigned char)*q >= 0x80); q++)
			;
		for (i = 0; i < np; i++)
			if (strlen(pv[i].name) == (size_t)(q - p - 1) && !strncmp(pv[i].name, p + 1, (size_t)(q - p - 1)))
				break;
		if (i < np)
			kaigo_buf_add(&b, pv[i].value, strlen(pv[i].value));
		else
			kaigo_buf_add(&b, p, (size_t)(q - p));
		p = q;
	}
	return b.data ? b.data : strdup("");
}

/* Substitute the parameters in every attribute of n and its descendants. */
static void substitute_tree(xmlNodePtr n, const struct param *pv, size_t np)
{
	xmlAttrPtr a;
	xmlNodePtr c;

	for (a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

		if (v && strchr((const char *)v, '$')) {
			char *nv = substitute((const char *)v, pv, np);

			xmlSetNsProp(n, a->ns, a->name, (const xmlChar *)nv);
			free(nv);
		}
		xmlFree(v);
	}
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			substitute_tree(c, pv, np);
}

/*
 * Instantiate every pattern with @is-a: its sch:param children give the
 * values, the abstract pattern's content is copied in with each "$name"
 * in an attribute value replaced (as the skeleton's iso_abstract_expand
 * does), then the abstract patterns are removed.  A parameter left
 * unreplaced is then an undefined variable, refused when compiled.
 */
static int expand_abstract_patterns(struct kaigo_sch *s, xmlNodePtr root, struct kaigo_diag_sink *sink)
{
	xmlNodePtr c, next, k;

	for (c = root->children; c; c = c->next) {
		char *isa, *abstract;
		xmlNodePtr a = NULL;
		struct param *pv = NULL;
		size_t np = 0, i;
		int bad = 0;

		if (!is_sch(c, "pattern") || !(isa = prop(c, "is-a")))
			continue;
		for (k = root->children; k && !a; k = k->next)
			if (is_sch(k, "pattern")) {
				char *id = prop(k, "id");

				if (id && !strcmp(id, isa))
					a = k;
				free(id);
			}
		abstract = a ? prop(a, "abstract") : NULL;
		if (!a || !abstract || strcmp(abstract, "true") != 0) {
			load_error(sink, s->path, c, "pattern/@is-a names no abstract pattern '%s'", isa);
			free(isa);
			free(abstract);
			return -1;
		}
		free(isa);
		free(abstract);
		for (k = c->children; k && !bad; k = next) {
			next = k->next;
			if (is_sch(k, "param")) {
				struct param *v = realloc(pv, (np + 1) * sizeof(*v));

				if (!v) {
					bad = 1;
					break;
				}
				pv = v;
				pv[np].name = prop(k, "name");
				pv[np].value = prop(k, "value");
				np++;
				if (!pv[np - 1].name || !pv[np - 1].value) {
					load_error(sink, s->path, k, "sch:param needs name and value");
					bad = 1;
				}
				xmlUnlinkNode(k);
				xmlFreeNode(k);
			}
		}
		if (!bad)
			for (k = a->children; k; k = k->next) {
				xmlNodePtr copy = xmlDocCopyNode(k, s->doc, 1);

				if (!copy)
					continue;
				/* substituted before it is added: a text node may be merged */
				if (copy->type == XML_ELEMENT_NODE)
					substitute_tree(copy, pv, np);
				xmlAddChild(c, copy);
			}
		for (i = 0; i < np; i++) {
			free(pv[i].name);
			free(pv[i].value);
		}
		free(pv);
		if (bad)
			return -1;
	}
	for (c = root->children; c; c = next) {
		char *abstract = prop(c, "abstract");

		next = c->next;
		if (is_sch(c, "pattern") && abstract && !strcmp(abstract, "true")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		free(abstract);
	}
	return 0;
}

/* Does the expression call key() (outside string literals)? */
static int calls_key(const char *src)
{
	const char *p;
	char quote = 0;

	for (p = src; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (!strncmp(p, "key", 3) && (p == src || !(isalnum((unsigned char)p[-1]) ||
								 p[-1] == '-' || p[-1] == ':' || p[-1] == '_'))) {
			const char *q = p + 3;

			while (*q == ' ')
				q++;
			if (*q == '(')
				return 1;
		}
	}
	return 0;
}

/* Is a variable of this name (n bytes at name) bound by a let in scope? */
static int in_scope(const struct kaigo_sch *s, const char *name, size_t n)
{
	size_t k, i;

	for (k = 0; k < s->nscope; k++)
		for (i = 0; i < s->scope[k]->n; i++)
			if (strlen(s->scope[k]->v[i].name) == n && !strncmp(s->scope[k]->v[i].name, name, n))
				return 1;
	return 0;
}

/*
 * Refuse a reference to a variable that no let in scope defines: an error
 * in the schema (ISO/IEC 19757-3:2016 5.4.5), which would otherwise show
 * only when a record reaches the expression.  XPath 1.0 binds no
 * variables of its own, so every '$name' outside a literal must be a let.
 */
static int check_vars(struct kaigo_sch *s, const char *src, xmlNodePtr at, struct kaigo_diag_sink *sink)
{
	const char *p = src;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return 0; /* the compiler says what is wrong */
			p = e + 1;
		} else if (*p == '$') {
			const char *b = ++p;

			while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' ||
				      *p == ':' || (unsigned char)*p >= 0x80))
				p++;
			if (p > b && !in_scope(s, b, (size_t)(p - b))) {
				load_error(sink, s->path, at, "'%s': no sch:let in scope defines $%.*s", src,
					   (int)(p - b), b);
				return -1;
			}
		} else {
			p++;
		}
	}
	return 0;
}

static xmlXPathCompExprPtr compile(struct kaigo_sch *s, const char *src, xmlNodePtr at,
				   struct kaigo_diag_sink *sink)
{
	xmlXPathCompExprPtr e;

	s->xp->node = NULL;
	s->xpath_error[0] = '\0';
	if (calls_key(src)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, s->path, at ? (unsigned long)xmlGetLineNo(at) : 0,
				  0, "sch.load", "'%s': key() is not supported: an xsl:key indexes the whole "
				  "document, and kaigo holds one record at a time (use a predicate instead)", src);
		return NULL;
	}
	if (check_vars(s, src, at, sink) < 0)
		return NULL;
	e = xmlXPathCtxtCompile(s->xp, (const xmlChar *)src);
	if (!e)
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, s->path, at ? (unsigned long)xmlGetLineNo(at) : 0,
				  0, "sch.load", "bad XPath '%s'%s%s", src, s->xpath_error[0] ? ": " : "",
				  s->xpath_error);
	return e;
}

static const char *ns_uri(struct kaigo_sch *s, const char *prefix, size_t n);

static const char *env_ns(void *ctx, const char *prefix, size_t n)
{
	return ns_uri(ctx, prefix, n);
}

/*
 * The expression for the direct evaluator (schxp.c), or NULL when it is
 * libxml2's alone.  KAIGO_SCH_NOFAST=1 turns the direct evaluator off, so
 * that the two can be compared on the same rules and data.
 */
static struct kaigo_schxp *fast_compile(struct kaigo_sch *s, const char *src)
{
	struct kaigo_schxp_env env = { env_ns, s, s->names_dict };
	const char *off = getenv("KAIGO_SCH_NOFAST");

	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	return kaigo_schxp_compile(src, &env);
}

/*
 * The direct evaluator's form of src, compiled when it is used the second
 * time: a run over one small document evaluates most expressions once,
 * where compiling them all would cost more start-up than it saves.
 */
static struct kaigo_schxp *lazy_fast(struct kaigo_sch *s, struct kaigo_schxp **e, int *uses, const char *src)
{
	if (*e || *uses < 0)
		return *e;
	if (++*uses < 2)
		return NULL;
	if (!(*e = fast_compile(s, src)))
		*uses = -1;
	return *e;
}

/*
 * Does this let's value depend on the data?  It does not when, outside
 * string literals, it has no path (no '/', '@', '.', '*', '[') and every
 * name is a function call or a variable that is itself constant.  Such a
 * schema-level let is evaluated once per run (date:date() included: a run
 * happens at one moment).
 */
static int depends_only_on(const char *src, const struct lets *known, int allow_self);

/* Is the '*' at p a multiplication (it follows an operand) rather than a name test? */
static int is_multiply(const char *src, const char *p)
{
	while (p > src && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
		p--;
	return p > src && (isalnum((unsigned char)p[-1]) || p[-1] == ')' || p[-1] == '_' ||
			   p[-1] == '.' || p[-1] == '\'' || p[-1] == '"');
}
static int depends_only_on_rule(const char *src, const struct lets *schema, const struct lets *rule);

static int is_constant(const char *src, const struct lets *known)
{
	return depends_only_on(src, known, 0);
}

/* depends_only_on with the variables of two scopes (schema and rule lets). */
static int depends_only_on_rule(const char *src, const struct lets *schema, const struct lets *rule)
{
	struct lets both;
	int ok;

	both.n = schema->n + rule->n;
	both.v = malloc((both.n ? both.n : 1) * sizeof(*both.v));
	if (!both.v)
		return 0;
	if (schema->n)
		memcpy(both.v, schema->v, schema->n * sizeof(*both.v));
	if (rule->n)
		memcpy(both.v + schema->n, rule->v, rule->n * sizeof(*both.v));
	ok = depends_only_on(src, &both, 1);
	free(both.v);
	return ok;
}

/*
 * The same test, but "." (the context node itself) may also appear when
 * allow_self is set: such an expression depends only on the context
 * node's string value (and constant variables).
 */
static int depends_only_on(const char *src, const struct lets *known, int allow_self)
{
	const char *p = src;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return 0;
			p = e + 1;
		} else if (*p == '*' && is_multiply(src, p)) {
			p++;
		} else if (*p == '/' || *p == '@' || *p == '*' || *p == '[' ||
			   (*p == '.' && !(p[1] >= '0' && p[1] <= '9') &&
			    !(allow_self && p[1] != '.' && (p == src || p[-1] != '.')))) {
			return 0;
		} else if (*p == '$') {
			const char *b = ++p;
			size_t i, n;
			int ok = 0;

			while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' ||
				      (unsigned char)*p >= 0x80))
				p++;
			n = (size_t)(p - b);
			for (i = 0; known && i < known->n; i++)
				if (strlen(known->v[i].name) == n && !strncmp(known->v[i].name, b, n))
					ok = known->v[i].constant;
			if (!ok)
				return 0;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q = p;

			while (*q && (isalnum((unsigned char)*q) || *q == '-' || *q == '_' || *q == ':' ||
				      *q == '.'))
				q++;
			p = q;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			/* a function call, or an operator word */
			if (*q != '(') {
				const char *t = p;

				while (t > src && (isalnum((unsigned char)t[-1]) || t[-1] == '-' ||
						   t[-1] == '_' || t[-1] == ':' || t[-1] == '.'))
					t--;
				if (!((p - t == 3 && (!strncmp(t, "and", 3) || !strncmp(t, "div", 3) ||
						      !strncmp(t, "mod", 3))) ||
				      (p - t == 2 && !strncmp(t, "or", 2))))
					return 0;
			}
		} else {
			p++;
		}
	}
	return 1;
}

static int add_let(struct kaigo_sch *s, struct lets *l, xmlNodePtr n, const struct kaigo_sch_param *params,
		   size_t nparams, struct kaigo_diag_sink *sink)
{
	struct let *v = realloc(l->v, (l->n + 1) * sizeof(*v));
	struct let *t;
	size_t i;

	if (!v)
		return -1;
	l->v = v;
	t = &l->v[l->n++];
	memset(t, 0, sizeof(*t));
	t->name = prop(n, "name");
	t->src = prop(n, "value");
	if (!t->name) {
		load_error(sink, s->path, n, "sch:let without a name");
		return -1;
	}
	t->iname = xmlDictLookup(s->names_dict, (const xmlChar *)t->name, -1);
	t->line = (unsigned long)xmlGetLineNo(n);
	for (i = l->start; i + 1 < l->n; i++)
		if (!strcmp(l->v[i].name, t->name)) {
			/* ISO/IEC 19757-3:2016 5.4.5: a schema error */
			load_error(sink, s->path, n, "sch:let '%s' is defined twice in the same %s", t->name,
				   l->where ? l->where : "scope");
			return -1;
		}
	for (i = 0; i < nparams; i++)
		if (strcmp(params[i].name, t->name) == 0)
			t->param = strdup(params[i].value);
	if (!t->src && !t->param) {
		/* element content (ISO 5.4.5): the value is that content, a tree
		   of its own whose root node is what the variable holds (as an
		   XSLT 1.0 result tree fragment, but usable as a node-set) */
		xmlNodePtr k, copy;

		t->src = strdup("(element content)");
		t->content = xmlNewDoc((const xmlChar *)"1.0");
		if (!t->src || !t->content)
			return -1;
		for (k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE && k->type != XML_TEXT_NODE &&
			    k->type != XML_CDATA_SECTION_NODE)
				continue;
			copy = xmlDocCopyNode(k, t->content, 1);
			if (!copy)
				return -1;
			xmlAddChild((xmlNodePtr)t->content, copy);
		}
		return 0;
	}
	if (!t->param && !(t->expr = compile(s, t->src, n, sink)))
		return -1;
	/* only schema-level lets may be constant (they are never shadowed per record) */
	if (l == &s->lets)
		t->constant = t->param != NULL || is_constant(t->src, l);
	return 0;
}

static enum kaigo_severity severity_of(const char *role, int is_report)
{
	if (!role)
		return is_report ? KAIGO_SEV_WARNING : KAIGO_SEV_ERROR;
	if (!strcmp(role, "warning") || !strcmp(role, "warn"))
		return KAIGO_SEV_WARNING;
	if (!strcmp(role, "info") || !strcmp(role, "information") || !strcmp(role, "note"))
		return KAIGO_SEV_NOTE;
	return KAIGO_SEV_ERROR;
}

static xmlNodePtr find_by_id(xmlNodePtr n, const char *elem, const char *id)
{
	xmlNodePtr c, r;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_sch(c, elem)) {
			xmlChar *v = xmlGetProp(c, (const xmlChar *)"id");
			int eq = v && strcmp((const char *)v, id) == 0;

			xmlFree(v);
			if (eq)
				return c;
		}
		if ((r = find_by_id(c, elem, id)) != NULL)
			return r;
	}
	return NULL;
}

/* Collect the sch:property and sch:diagnostic elements with an @id under n. */
static void collect_ids(struct kaigo_sch *s, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_sch(c, "property") || is_sch(c, "diagnostic")) {
			char *id = prop(c, "id");

			if (id && s->nids == s->ids_cap) {
				size_t cap = s->ids_cap ? s->ids_cap * 2 : 64;
				struct idref *v = realloc(s->ids, cap * sizeof(*v));

				if (!v) {
					free(id);
					continue;
				}
				s->ids = v;
				s->ids_cap = cap;
			}
			if (id) {
				s->ids[s->nids].id = id;
				s->ids[s->nids].node = c;
				s->ids[s->nids].order = s->nids;
				s->nids++;
			}
		}
		collect_ids(s, c);
	}
}

static int cmp_idref(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int d = strcmp(x->id, y->id);

	/* the first in document order first, as a search of the tree finds it */
	return d ? d : (x->order > y->order) - (x->order < y->order);
}

/*
 * The sch:property or sch:diagnostic (elem) with this id, the first in
 * document order: found in a sorted list made once, rather than by a walk
 * of the whole schema for every reference (a third of the start-up with
 * the bundled rules).
 */
static xmlNodePtr find_ref(struct kaigo_sch *s, const char *elem, const char *id)
{
	size_t lo = 0, hi, i;

	if (!s->ids_cap) {
		collect_ids(s, xmlDocGetRootElement(s->doc));
		if (!s->ids_cap)
			s->ids_cap = 1; /* none: collected all the same */
		else
			qsort(s->ids, s->nids, sizeof(*s->ids), cmp_idref);
	}
	hi = s->nids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->ids[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < s->nids && !strcmp(s->ids[i].id, id); i++)
		if (is_sch(s->ids[i].node, elem))
			return s->ids[i].node;
	return NULL;
}

static char *node_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	struct kaigo_buf b = KAIGO_BUF_INIT;

	kaigo_buf_add(&b, c ? (const char *)c : "", c ? strlen((const char *)c) : 0);
	xmlFree(c);
	squeeze(&b);
	return b.data ? b.data : strdup("");
}

/* A compiled sch:value-of/@select or sch:name/@path (in the element's _private). */
struct prepared {
	xmlXPathCompExprPtr x;      /* for libxml2 */
	char *src;                  /* the expression */
	struct kaigo_schxp *fast;   /* for the direct evaluator (see lazy_fast), or NULL */
	int uses;                   /* see lazy_fast */
};

/*
 * Compile the sch:value-of/@select and sch:name/@path in a message or
 * diagnostic once, at load (so that a bad expression or an undefined
 * variable is a schema error); kept in the element's _private.
 */
static int prepare_content(struct kaigo_sch *s, xmlNodePtr n, struct kaigo_diag_sink *sink)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((is_sch(c, "value-of") || is_sch(c, "name")) && !c->_private) {
			int v = is_sch(c, "value-of");
			char *src = prop(c, v ? "select" : "path");

			if (!src && v) {
				load_error(sink, s->path, c, "sch:value-of without a select");
				return -1;
			}
			if (src) {
				struct prepared *pr = calloc(1, sizeof(*pr));

				if (pr && (pr->x = compile(s, src, c, sink)) != NULL)
					pr->src = src;
				else
					free(src);
				if (!pr || !pr->x) {
					free(pr);
					return -1;
				}
				c->_private = pr;
			}
		} else if (prepare_content(s, c, sink) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Free what prepare_content kept in the schema's elements. */
static void free_prepared(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((is_sch(c, "value-of") || is_sch(c, "name")) && c->_private) {
			struct prepared *pr = c->_private;

			xmlXPathFreeCompExpr(pr->x);
			kaigo_schxp_free(pr->fast);
			free(pr->src);
			free(pr);
			c->_private = NULL;
		}
		free_prepared(c);
	}
}

static int add_check(struct kaigo_sch *s, struct rule *r, xmlNodePtr n, struct kaigo_diag_sink *sink)
{
	struct check *v = realloc(r->checks, (r->nchecks + 1) * sizeof(*v));
	struct check *c;
	char *refs, *tok, *save = NULL;

	if (!v)
		return -1;
	r->checks = v;
	c = &r->checks[r->nchecks++];
	memset(c, 0, sizeof(*c));
	c->is_report = is_sch(n, "report");
	c->node = n;
	c->test_src = prop(n, "test");
	c->id = prop(n, "id");
	c->role = prop(n, "role");
	c->see = prop(n, "see");
	c->flag = prop(n, "flag");
	c->severity = severity_of(c->role, c->is_report);
	if (!c->test_src) {
		load_error(sink, s->path, n, "sch:assert or sch:report without a test");
		return -1;
	}
	if (!(c->test = compile(s, c->test_src, n, sink)))
		return -1;
	if ((refs = prop(n, "subject")) != NULL) {
		c->subject = compile(s, refs, n, sink);
		free(refs);
		if (!c->subject)
			return -1;
	}
	if (prepare_content(s, n, sink) < 0)
		return -1;
	refs = prop(n, "properties");
	for (tok = refs ? strtok_r(refs, " \t\n", &save) : NULL; tok; tok = strtok_r(NULL, " \t\n", &save)) {
		xmlNodePtr p = find_ref(s, "property", tok);
		char *role;

		if (!p) {
			load_error(sink, s->path, n, "no sch:property with id '%s'", tok);
			free(refs);
			return -1;
		}
		role = prop(p, "role");
		if (role && !strcmp(role, "basis") && !c->basis) {
			c->basis = node_text(p);
			c->basis_id = strdup(tok);
		} else if (role && !strcmp(role, "period") && !c->period) {
			c->period = node_text(p);
			c->period_id = strdup(tok);
		}
		free(role);
	}
	free(refs);
	refs = prop(n, "diagnostics");
	save = NULL;
	for (tok = refs ? strtok_r(refs, " \t\n", &save) : NULL; tok; tok = strtok_r(NULL, " \t\n", &save)) {
		xmlNodePtr d = find_ref(s, "diagnostic", tok);

		if (!d) {
			load_error(sink, s->path, n, "no sch:diagnostic with id '%s'", tok);
			free(refs);
			return -1;
		}
		if (prepare_content(s, d, sink) < 0) {
			free(refs);
			return -1;
		}
		if (c->ndiags < 8) {
			c->diag_ids[c->ndiags] = strdup(tok);
			c->diags[c->ndiags++] = d;
		}
	}
	free(refs);
	return 0;
}

/*
 * Call fn for each alternative of a union "a | b[x|y] | c": split on '|'
 * outside brackets, parentheses and string literals, spaces trimmed.
 * Stops and returns -1 as soon as fn does.
 */
static int each_alternative(const char *src, int (*fn)(void *ctx, const char *a, const char *e), void *ctx)
{
	const char *start = src, *p;
	int depth = 0;
	char quote = 0;

	for (p = src;; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			if (*p)
				continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			continue;
		}
		if (*p == '[' || *p == '(')
			depth++;
		else if (*p == ']' || *p == ')')
			depth--;
		if (*p == '\0' || (*p == '|' && depth == 0)) {
			const char *a = start, *e = p;

			while (a < e && isspace((unsigned char)*a))
				a++;
			while (e > a && isspace((unsigned char)e[-1]))
				e--;
			if (fn(ctx, a, e) < 0)
				return -1;
			start = p + 1;
			if (!*p)
				return 0;
		}
	}
}

/*
 * An XSLT match pattern as a select expression over the document: each
 * alternative of a union is made absolute with "//" unless it already is.
 * (Splitting on '|' outside brackets, quotes and parentheses.)
 */
/* each_alternative callback: append one alternative made absolute. */
static int add_select(void *ctx, const char *a, const char *e)
{
	struct kaigo_buf *b = ctx;

	if (b->len)
		kaigo_buf_add(b, " | ", 3);
	if (*a != '/')
		kaigo_buf_add(b, "//", 2);
	kaigo_buf_add(b, a, (size_t)(e - a));
	return 0;
}

/*
 * An XSLT match pattern as a select expression over the document: each
 * alternative of a union is made absolute with "//" unless it already is.
 */
static char *pattern_to_select(const char *pat)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;

	each_alternative(pat, add_select, &b);
	return b.data ? b.data : strdup("/..");
}

static const char *ns_uri(struct kaigo_sch *s, const char *prefix, size_t n)
{
	size_t i;

	for (i = 0; i < s->nns; i++)
		if (strlen(s->ns[i].prefix) == n && !strncmp(s->ns[i].prefix, prefix, n))
			return s->ns[i].uri;
	return NULL;
}

/* Compile one step "QName[pred]..." into st; 0, or -1 if it is not simple. */
static int compile_step(struct kaigo_sch *s, const char *a, const char *e, struct step *st)
{
	const char *p = a, *colon = NULL;

	memset(st, 0, sizeof(*st));
	while (p < e && *p != '[') {
		if (*p == ':')
			colon = p;
		else if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' || *p == '*' ||
			   (unsigned char)*p >= 0x80))
			return -1; /* an axis, a function, a parenthesis: not simple */
		p++;
	}
	if (p == a || (colon && colon[1] == ':'))
		return -1;
	if (colon) {
		const char *uri = ns_uri(s, a, (size_t)(colon - a));

		if (!uri)
			return -1;
		st->uri = strdup(uri);
		a = colon + 1;
	}
	if (!(p - a == 1 && *a == '*')) {
		if (memchr(a, '*', (size_t)(p - a)))
			return -1;
		st->local = strndup(a, (size_t)(p - a));
	} else if (!colon) {
		return -1; /* bare '*' also matches any namespace: keep it general */
	}
	while (p < e && *p == '[') {
		const char *q = p + 1;
		int depth = 1;
		char quote = 0, *src;

		for (; q < e && depth; q++) {
			if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '\'' || *q == '"') {
				quote = *q;
			} else if (*q == '[') {
				depth++;
			} else if (*q == ']') {
				depth--;
			}
		}
		if (depth || st->npreds == 4)
			return -1;
		src = strndup(p + 1, (size_t)(q - p - 2));
		/* positional predicates need the step's context size: not simple */
		if (!src || strstr(src, "position()") || strstr(src, "last()") ||
		    strspn(src, " 0123456789") == strlen(src)) {
			free(src);
			return -1;
		}
		s->xp->node = NULL;
		st->preds[st->npreds] = xmlXPathCtxtCompile(s->xp, (const xmlChar *)src);
		st->fpreds[st->npreds] = st->preds[st->npreds] ? fast_compile(s, src) : NULL;
		free(src);
		if (!st->preds[st->npreds])
			return -1;
		st->npreds++;
		p = q;
	}
	return p == e ? 0 : -1;
}

static void free_alts(struct alt *alts, size_t nalts)
{
	size_t i, j, k;

	for (i = 0; i < nalts; i++) {
		for (j = 0; j < alts[i].nsteps; j++) {
			free(alts[i].steps[j].uri);
			free(alts[i].steps[j].local);
			for (k = 0; k < alts[i].steps[j].npreds; k++) {
				xmlXPathFreeCompExpr(alts[i].steps[j].preds[k]);
				kaigo_schxp_free(alts[i].steps[j].fpreds[k]);
			}
		}
		free(alts[i].steps);
	}
	free(alts);
}

/* What add_alt works on. */
struct matcher_ctx {
	struct kaigo_sch *s;      /* the schema (namespaces, XPath context) */
	struct rule *r;           /* the rule getting matchers */
};

/* each_alternative callback: compile one alternative "a/b[c]" of a context. */
static int add_alt(void *ctx, const char *a, const char *e)
{
	struct matcher_ctx *mc = ctx;
	struct rule *r = mc->r;
	struct alt *nv = realloc(r->alts, (r->nalts + 1) * sizeof(*nv)), *al;
	const char *q, *sb;
	int d2 = 0;

	if (!nv)
		return -1;
	r->alts = nv;
	al = &r->alts[r->nalts++];
	memset(al, 0, sizeof(*al));
	if (a < e && *a == '/') {
		if (a + 1 < e && a[1] == '/')
			return -1;
		al->anchored = 1;
		a++;
	}
	for (sb = a, q = a; q <= e; q++) {
		if (q < e && (*q == '[' || *q == '('))
			d2++;
		else if (q < e && (*q == ']' || *q == ')'))
			d2--;
		if (q == e || (*q == '/' && d2 == 0)) {
			struct step *sv = realloc(al->steps, (al->nsteps + 1) * sizeof(*sv));

			if (!sv)
				return -1;
			al->steps = sv;
			if (compile_step(mc->s, sb, q, &al->steps[al->nsteps++]) < 0)
				return -1;
			sb = q + 1;
		}
	}
	return 0;
}

/*
 * The context as simple matchers when every alternative is a chain of
 * child steps "a/b[c]" (optionally anchored with '/'); otherwise NULL and
 * the rule is matched by selecting "//context".
 */
static void compile_matchers(struct kaigo_sch *s, struct rule *r)
{
	struct matcher_ctx mc = { s, r };

	if (each_alternative(r->context_src, add_alt, &mc) < 0) {
		free_alts(r->alts, r->nalts);
		r->alts = NULL;
		r->nalts = 0;
	}
}

/*
 * The lets (pass 0) or the asserts and reports (pass 1) of a rule's
 * children, following sch:extends into the abstract rules of the same
 * pattern, recursively (an abstract rule may extend another).
 */
static int add_rule_content(struct kaigo_sch *s, struct rule *r, xmlNodePtr pattern, xmlNodePtr n, int pass,
			    int depth, struct kaigo_diag_sink *sink)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (is_sch(c, "let") && pass == 0) {
			if (add_let(s, &r->lets, c, NULL, 0, sink) < 0)
				return -1;
		} else if ((is_sch(c, "assert") || is_sch(c, "report")) && pass == 1) {
			if (add_check(s, r, c, sink) < 0)
				return -1;
		} else if (is_sch(c, "extends")) {
			char *ref = prop(c, "rule"), *abstract;
			xmlNodePtr a = ref ? find_by_id(pattern, "rule", ref) : NULL;
			int ok;

			if (!a) {
				/* ISO 5.4.12: the abstract rule is in the same pattern */
				load_error(sink, s->path, c, "sch:extends names no rule '%s' in this pattern",
					   ref ? ref : "");
				free(ref);
				return -1;
			}
			abstract = prop(a, "abstract");
			ok = abstract && !strcmp(abstract, "true");
			free(abstract);
			if (!ok || depth > 16) {
				load_error(sink, s->path, c, ok ? "sch:extends '%s': abstract rules extend each other "
					   "in a cycle" : "sch:extends names the rule '%s', which is not abstract", ref);
				free(ref);
				return -1;
			}
			free(ref);
			if (add_rule_content(s, r, pattern, a, pass, depth + 1, sink) < 0)
				return -1;
		}
	}
	return 0;
}

static int add_rule(struct kaigo_sch *s, struct pattern *pt, xmlNodePtr pattern, xmlNodePtr n,
		    struct kaigo_diag_sink *sink)
{
	struct rule *v, *r;
	size_t g;
	char *subject;
	char *abstract = prop(n, "abstract");
	int is_abstract = abstract && !strcmp(abstract, "true");

	free(abstract);
	if (is_abstract)
		return 0; /* used through sch:extends only */
	v = realloc(pt->rules, (pt->nrules + 1) * sizeof(*v));
	if (!v)
		return -1;
	pt->rules = v;
	r = &pt->rules[pt->nrules++];
	memset(r, 0, sizeof(*r));
	r->context_src = prop(n, "context");
	if (!r->context_src || !*r->context_src) {
		load_error(sink, s->path, n, "sch:rule without a context");
		return -1;
	}
	if (check_vars(s, r->context_src, n, sink) < 0)
		return -1;
	compile_matchers(s, r);
	/* share the selection with an earlier rule of the same context */
	r->group = -1;
	for (g = 0; g + 1 < pt->nrules; g++)
		if (strcmp(pt->rules[g].context_src, r->context_src) == 0)
			r->group = pt->rules[g].group;
	if (r->group < 0) {
		struct group *gv = realloc(pt->groups, (pt->ngroups + 1) * sizeof(*gv));
		char *sel;

		if (!gv)
			return -1;
		pt->groups = gv;
		sel = pattern_to_select(r->context_src);
		pt->groups[pt->ngroups].select_src = sel;
		pt->groups[pt->ngroups].select = compile(s, sel, n, sink);
		r->group = (int)pt->ngroups++; /* counted even on failure, so that it is freed */
		if (!pt->groups[r->group].select)
			return -1;
	}
	r->lets.where = "rule";
	s->scope[2] = &r->lets;
	s->nscope = 3;
	if ((subject = prop(n, "subject")) != NULL) {
		r->subject = compile(s, subject, n, sink);
		free(subject);
		if (!r->subject)
			return -1;
	}
	if (add_rule_content(s, r, pattern, n, 0, 0, sink) < 0 ||
	    add_rule_content(s, r, pattern, n, 1, 0, sink) < 0)
		return -1;
	s->nscope = 2;
	return 0;
}

static int phase_has(xmlNodePtr phase, const char *pattern_id)
{
	xmlNodePtr a;

	if (!phase)
		return 1;
	for (a = phase->children; a; a = a->next)
		if (is_sch(a, "active")) {
			xmlChar *p = xmlGetProp(a, (const xmlChar *)"pattern");
			int eq = p && pattern_id && strcmp((const char *)p, pattern_id) == 0;

			xmlFree(p);
			if (eq)
				return 1;
		}
	return 0;
}

/* libxml2's XPath messages: kept for our diagnostic instead of printed. */
static void xpath_error(void *ctx, xmlErrorPtr err)
{
	struct kaigo_sch *s = ctx;
	const char *m;

	if (!err)
		return;
	/* with a handler installed libxml2 passes only the code, not its text */
	switch (err->code) {
	case XML_XPATH_EXPR_ERROR: m = "invalid expression"; break;
	case XML_XPATH_UNFINISHED_LITERAL_ERROR: m = "unfinished literal"; break;
	case XML_XPATH_START_LITERAL_ERROR: m = "start of literal expected"; break;
	case XML_XPATH_VARIABLE_REF_ERROR: m = "expected a variable name"; break;
	case XML_XPATH_UNDEF_VARIABLE_ERROR: m = "undefined variable"; break;
	case XML_XPATH_INVALID_PREDICATE_ERROR: m = "invalid predicate"; break;
	case XML_XPATH_INVALID_TYPE: m = "invalid type"; break;
	case XML_XPATH_INVALID_ARITY: m = "wrong number of arguments"; break;
	case XML_XPATH_UNKNOWN_FUNC_ERROR: m = "unknown function"; break;
	case XML_XPATH_UNDEF_PREFIX_ERROR: m = "undefined namespace prefix"; break;
	case XML_XPATH_INVALID_OPERAND: m = "invalid operand"; break;
	default: m = err->message ? err->message : "XPath error"; break;
	}
	snprintf(s->xpath_error, sizeof(s->xpath_error), "%s", m);
}

static xmlXPathObjectPtr lookup_var(void *ctx, const xmlChar *name, const xmlChar *ns_uri);
static int native_var(void *ctx, const xmlChar *name, struct kaigo_schxp_val *out);
static void share_lets(struct kaigo_sch *s);
static void index_lets(struct lets *l);

static void register_functions(struct kaigo_sch *s)
{
	xmlXPathContextPtr xp = s->xp;

	xp->userData = s;
	xp->error = xpath_error;
	/* reuse XPath result objects instead of allocating one per step */
	xmlXPathContextSetCache(xp, 1, -1, 0);
	exsltDateXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-date");
	exsltStrXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-str");
	exsltMathXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-math");
	exsltSetsXpathCtxtRegister(xp, (const xmlChar *)"kaigo-exslt-set");
	xmlXPathRegisterFunc(xp, (const xmlChar *)"current", fn_current);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"generate-id", fn_generate_id);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"format-number", fn_format_number);
	xmlXPathRegisterFunc(xp, (const xmlChar *)"document", fn_document);
	xmlXPathRegisterVariableLookup(xp, lookup_var, s);
}

struct kaigo_sch *kaigo_sch_load(const char *path, const char *phase,
				 const struct kaigo_sch_param *params, size_t nparams,
				 struct kaigo_diag_sink *sink)
{
	struct kaigo_sch *s = calloc(1, sizeof(*s));
	xmlNodePtr root, c, ph = NULL;
	char *def;

	if (!s)
		return NULL;
	kaigo_xmlin_init();
	s->path = strdup(path);
	if (access(path, R_OK) != 0) {
		load_error(sink, path, NULL, "cannot read '%s': %s", path, kaigo_diag_strerror(errno));
		goto fail;
	}
	s->doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = s->doc ? xmlDocGetRootElement(s->doc) : NULL;
	if (s->doc && (s->doc->intSubset || s->doc->extSubset)) {
		/* its entities are not expanded, but an external one would be
		   dropped silently from the messages: refuse it, as the layouts do */
		load_error(sink, path, NULL, "a rule file must not have a DOCTYPE (a DTD could read local files "
			   "or expand entities without bound)");
		goto fail;
	}
	if (!root || !is_sch(root, "schema")) {
		load_error(sink, path, NULL, "'%s' is not an ISO Schematron schema", path);
		goto fail;
	}
	{
		/* XPath 1.0 is what kaigo evaluates: a schema written for another
		   binding (xslt2, xslt3, xpath2, ...) would run with the wrong
		   meaning and could come out clean */
		char *qb = prop(root, "queryBinding");

		if (qb && strcmp(qb, "xslt") != 0 && strcmp(qb, "xpath") != 0 && strcmp(qb, "exslt") != 0) {
			load_error(sink, path, root, "queryBinding '%s' is not supported: kaigo evaluates XPath 1.0 "
				   "(the bindings xslt, xpath and exslt)", qb);
			free(qb);
			goto fail;
		}
		free(qb);
	}
	if (resolve_includes(root, path, 0, sink, path) < 0 || expand_abstract_patterns(s, root, sink) < 0)
		goto fail;
	s->xp = xmlXPathNewContext(s->doc);
	s->names_dict = xmlDictCreate();
	if (!s->xp || !s->names_dict)
		goto fail;
	/* the compiled expressions intern their names here, so that a
	   variable is found by comparing pointers (lookup_var) */
	s->xp->dict = s->names_dict;
	register_functions(s);
	s->run.var = native_var;
	s->run.ctx = s;
	/* namespaces first: every expression is compiled against them */
	for (c = root->children; c; c = c->next) {
		if (is_sch(c, "ns")) {
			char *pre = prop(c, "prefix"), *uri = prop(c, "uri");
			struct ns *v = realloc(s->ns, (s->nns + 1) * sizeof(*v));

			if (v)
				s->ns = v; /* kept even if this declaration is refused below */
			if (!pre || !uri || !v) {
				load_error(sink, path, c, "sch:ns needs prefix and uri");
				free(pre);
				free(uri);
				goto fail;
			}
			s->ns = v;
			s->ns[s->nns].prefix = pre;
			s->ns[s->nns].uri = uri;
			s->nns++;
			xmlXPathRegisterNs(s->xp, (const xmlChar *)pre, (const xmlChar *)uri);
		} else if (is_sch(c, "title") && !s->title) {
			s->title = node_text(c);
		}
	}
	if (!s->title) {
		const char *slash = strrchr(path, '/');

		s->title = strdup(slash ? slash + 1 : path);
	}
	def = prop(root, "defaultPhase");
	if (!phase || !strcmp(phase, "#DEFAULT"))
		phase = def;
	s->phase = strdup(phase ? phase : "#ALL");
	free(def);
	if (strcmp(s->phase, "#ALL") != 0) {
		ph = find_by_id(root, "phase", s->phase);
		if (!ph) {
			load_error(sink, path, NULL, "no phase '%s' in this schema", s->phase);
			goto fail;
		}
	}
	/* schema-level lets, then the active phase's (which may use them and
	   shadow them), then the patterns, which see both */
	s->lets.where = "schema";
	s->scope[0] = &s->lets;
	s->nscope = 1;
	for (c = root->children; c; c = c->next)
		if (is_sch(c, "let") && add_let(s, &s->lets, c, params, nparams, sink) < 0)
			goto fail;
	if (ph) {
		xmlNodePtr k;

		s->lets.where = "phase";
		s->lets.start = s->lets.n;
		for (k = ph->children; k; k = k->next)
			if (is_sch(k, "let") && add_let(s, &s->lets, k, params, nparams, sink) < 0)
				goto fail;
	}
	for (c = root->children; c; c = c->next) {
		if (is_sch(c, "pattern")) {
			struct pattern *pv, *pt;
			char *id = prop(c, "id"), *docs = prop(c, "documents");
			xmlNodePtr k;

			if (docs) {
				/* ISO 2016 subordinate documents: refused rather than
				   ignored (the pattern would run on the input instead) */
				load_error(sink, path, c, "pattern/@documents '%s' (subordinate documents) is not "
					   "supported: kaigo checks the documents it is given, record by record", docs);
				free(id);
				free(docs);
				goto fail;
			}
			if (!phase_has(ph, id)) {
				free(id);
				continue;
			}
			pv = realloc(s->patterns, (s->npatterns + 1) * sizeof(*pv));
			if (!pv) {
				free(id);
				goto fail;
			}
			s->patterns = pv;
			pt = &s->patterns[s->npatterns++];
			memset(pt, 0, sizeof(*pt));
			pt->id = id;
			pt->lets.where = "pattern";
			s->scope[1] = &pt->lets;
			s->nscope = 2;
			for (k = c->children; k; k = k->next)
				if (is_sch(k, "let") && add_let(s, &pt->lets, k, NULL, 0, sink) < 0)
					goto fail;
			for (k = c->children; k; k = k->next)
				if (is_sch(k, "rule") && add_rule(s, pt, c, k, sink) < 0)
					goto fail;
			s->nscope = 1;
			pt->fast = pt->nrules > 0;
			{
				size_t j;

				for (j = 0; j < pt->nrules; j++)
					pt->fast &= pt->rules[j].alts != NULL;
			}
		}
	}
	share_lets(s);
	if (s->lets.n > 8)
		index_lets(&s->lets);
	{
		/* rules whose verdicts depend on the context node's value alone */
		size_t j, k, m;

		for (j = 0; j < s->npatterns; j++)
			for (k = 0; k < s->patterns[j].nrules; k++) {
				struct rule *r = &s->patterns[j].rules[k];
				struct lets known = s->lets;
				int ok = r->nchecks > 0 && r->nchecks <= 8 * sizeof(unsigned long);

				/* the rule's own lets count as known when they are value-only too */
				for (m = 0; ok && m < r->lets.n; m++) {
					ok = depends_only_on_rule(r->lets.v[m].src, &known, &r->lets) &&
					     !strstr(r->lets.v[m].src, "generate-id") && !strstr(r->lets.v[m].src, "lang(");
					r->lets.v[m].constant = ok; /* read by depends_only_on for later ones */
				}
				for (m = 0; ok && m < r->nchecks; m++)
					ok = depends_only_on_rule(r->checks[m].test_src, &known, &r->lets) &&
					     !strstr(r->checks[m].test_src, "generate-id") &&
					     !strstr(r->checks[m].test_src, "lang(");
				for (m = 0; m < r->lets.n; m++)
					r->lets.v[m].constant = 0; /* rule lets are set per node all the same */
				r->value_only = ok; /* its memo is made when first used */
			}
	}
	if (getenv("KAIGO_SCH_DEBUG")) {
		/* for rule authors: how each rule is matched and evaluated */
		size_t j, k;

		for (j = 0; j < s->npatterns; j++)
			for (k = 0; k < s->patterns[j].nrules; k++)
				fprintf(stderr, "%s: pattern %s rule '%s': %s%s\n", path,
					s->patterns[j].id ? s->patterns[j].id : "-",
					s->patterns[j].rules[k].context_src,
					s->patterns[j].fast ? "matched by walking the record" : "matched by selecting",
					s->patterns[j].rules[k].value_only ? ", verdicts remembered per value" : "");
	}
	{
		/* a --param must name a schema-level let, or it is a typo */
		size_t i, j;

		for (i = 0; i < nparams; i++) {
			int found = 0;

			for (j = 0; j < s->lets.n; j++)
				found |= !strcmp(s->lets.v[j].name, params[i].name);
			/* as-of is offered to every rule file; only the ones that use it take it */
			if (!found && strcmp(params[i].name, "as-of") != 0) {
				load_error(sink, path, NULL, "--param '%s' names no schema-level sch:let",
					   params[i].name);
				goto fail;
			}
		}
	}
	return s;
fail:
	kaigo_sch_free(s);
	return NULL;
}

/*
 * May rule r's let t share its value with the lets of other rules written
 * the same?  When each of its variables is a constant schema-level let that
 * neither the pattern nor the rule shadows, its value depends on the
 * context node alone.
 */
static int shareable(const struct kaigo_sch *s, const struct pattern *pt, const struct rule *r,
		     const struct let *t)
{
	const char *p = t->src;

	if (!t->expr || t->param || t->content)
		return 0;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return 0;
			p = e + 1;
		} else if (*p == '$') {
			const char *b = ++p;
			size_t n, i;
			int ok = 0;

			while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' ||
				      *p == ':' || (unsigned char)*p >= 0x80))
				p++;
			n = (size_t)(p - b);
			for (i = 0; i < s->lets.n; i++)
				if (strlen(s->lets.v[i].name) == n && !strncmp(s->lets.v[i].name, b, n))
					ok = s->lets.v[i].constant; /* the last one (a phase let) wins */
			for (i = 0; i < pt->lets.n; i++)
				if (strlen(pt->lets.v[i].name) == n && !strncmp(pt->lets.v[i].name, b, n))
					ok = 0;
			for (i = 0; i < r->lets.n; i++)
				if (strlen(r->lets.v[i].name) == n && !strncmp(r->lets.v[i].name, b, n))
					ok = 0;
			if (!ok)
				return 0;
		} else {
			p++;
		}
	}
	return 1;
}

/* Find the rule lets that several rules write the same (see struct shared_let). */
static void share_lets(struct kaigo_sch *s)
{
	size_t p, j, i, k;

	for (p = 0; p < s->npatterns; p++)
		for (j = 0; j < s->patterns[p].nrules; j++) {
			struct rule *r = &s->patterns[p].rules[j];

			for (i = 0; i < r->lets.n; i++) {
				struct let *t = &r->lets.v[i];

				if (!shareable(s, &s->patterns[p], r, t))
					continue;
				for (k = 0; k < s->nshared && strcmp(s->shared[k].src, t->src) != 0; k++)
					;
				if (k == s->nshared) {
					struct shared_let *v = realloc(s->shared, (k + 1) * sizeof(*v));

					if (!v)
						return; /* nothing shared: each evaluates its own */
					s->shared = v;
					memset(&s->shared[k], 0, sizeof(s->shared[k]));
					s->shared[k].src = t->src;
					s->nshared++;
				}
				s->shared[k].count++;
				t->share = k + 1;
			}
		}
	/* an expression written once has nothing to share */
	for (p = 0; p < s->npatterns; p++)
		for (j = 0; j < s->patterns[p].nrules; j++)
			for (i = 0; i < s->patterns[p].rules[j].lets.n; i++) {
				struct let *t = &s->patterns[p].rules[j].lets.v[i];

				if (t->share && s->shared[t->share - 1].count < 2)
					t->share = 0;
			}
}

/* Forget the shared values: they hold nodes of the record that is freed. */
static void clear_shared(struct kaigo_sch *s)
{
	size_t k;

	for (k = 0; k < s->nshared; k++) {
		xmlXPathFreeObject(s->shared[k].val);
		s->shared[k].val = NULL;
		s->shared[k].nv.set = 0;
		s->shared[k].node = NULL;
	}
}

static void free_lets(struct lets *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].src);
		free(l->v[i].param);
		if (l->v[i].expr)
			xmlXPathFreeCompExpr(l->v[i].expr);
		kaigo_schxp_free(l->v[i].fast);
		free(l->v[i].nv.nodes);
		free(l->v[i].nv.str);
		xmlXPathFreeObject(l->v[i].val);
		xmlFreeDoc(l->v[i].content);
	}
	free(l->v);
	free(l->hash);
}

void kaigo_sch_free(struct kaigo_sch *s)
{
	size_t i, j, k;

	if (!s)
		return;
	for (i = 0; i < s->npatterns; i++) {
		struct pattern *pt = &s->patterns[i];

		for (j = 0; j < pt->nrules; j++) {
			struct rule *r = &pt->rules[j];

			for (k = 0; k < r->nchecks; k++) {
				struct check *c = &r->checks[k];

				free(c->test_src);
				if (c->test)
					xmlXPathFreeCompExpr(c->test);
				kaigo_schxp_free(c->fast);
				if (c->subject)
					xmlXPathFreeCompExpr(c->subject);
				free(c->id);
				free(c->role);
				free(c->see);
				free(c->flag);
				free(c->basis);
				free(c->period);
				free(c->basis_id);
				free(c->period_id);
				while (c->ndiags > 0)
					free(c->diag_ids[--c->ndiags]);
			}
			free(r->checks);
			free(r->context_src);
			if (r->subject)
				xmlXPathFreeCompExpr(r->subject);
			free_alts(r->alts, r->nalts);
			free(r->memo);
			free_lets(&r->lets);
		}
		for (j = 0; j < pt->ngroups; j++) {
			free(pt->groups[j].select_src);
			if (pt->groups[j].select)
				xmlXPathFreeCompExpr(pt->groups[j].select);
		}
		free(pt->groups);
		free(pt->rules);
		free(pt->id);
		free_lets(&pt->lets);
	}
	free(s->patterns);
	free_lets(&s->lets);
	for (i = 0; i < s->nns; i++) {
		free(s->ns[i].prefix);
		free(s->ns[i].uri);
	}
	free(s->ns);
	for (i = 0; i < s->ndocs; i++) {
		xmlFreeDoc(s->docs[i]);
		free(s->doc_urls[i]);
	}
	free(s->docs);
	free(s->doc_urls);
	clear_shared(s);
	for (i = 0; i < s->nshared; i++) {
		free(s->shared[i].nv.nodes);
		free(s->shared[i].nv.str);
	}
	free(s->shared);
	for (i = 0; i < s->nids; i++)
		free(s->ids[i].id);
	free(s->ids);
	free(s->seen);
	free(s->elems);
	free(s->next_same);
	free(s->names);
	kaigo_buf_release(&s->msg);
	kaigo_buf_release(&s->diag);
	for (i = 0; i < 8; i++)
		kaigo_buf_release(&s->dtext[i]);
	kaigo_schxp_run_release(&s->run);
	if (s->xp)
		xmlXPathFreeContext(s->xp);
	xmlDictFree(s->names_dict); /* the compiled expressions hold their own references */
	if (s->doc && xmlDocGetRootElement(s->doc))
		free_prepared(xmlDocGetRootElement(s->doc));
	xmlFreeDoc(s->doc);
	free(s->title);
	free(s->phase);
	free(s->path);
	free(s);
}

const char *kaigo_sch_title(const struct kaigo_sch *s)
{
	return s->title;
}

const char *kaigo_sch_phase(const struct kaigo_sch *s)
{
	return s->phase;
}

/* --- running ---------------------------------------------------------- */

/* The nodes a pattern has handled: a small open-addressing set of pointers. */
static int seen_add(struct kaigo_sch *s, xmlNodePtr n)
{
	size_t h, mask;

	if ((s->seen_n + 1) * 2 > s->seen_cap) {
		size_t ncap = s->seen_cap ? s->seen_cap * 2 : 256, i;
		xmlNodePtr *old = s->seen, *nv = calloc(ncap, sizeof(*nv));
		size_t oldcap = s->seen_cap;

		if (!nv)
			return 1; /* out of memory: treat as new (may fire twice) */
		s->seen = nv;
		s->seen_cap = ncap;
		s->seen_n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				seen_add(s, old[i]);
		free(old);
	}
	mask = s->seen_cap - 1;
	h = ((uintptr_t)n >> 4) * 0x9E3779B97F4A7C15ull & mask;
	while (s->seen[h]) {
		if (s->seen[h] == n)
			return 0;
		h = (h + 1) & mask;
	}
	s->seen[h] = n;
	s->seen_n++;
	return 1;
}

static void seen_clear(struct kaigo_sch *s)
{
	if (s->seen_n)
		memset(s->seen, 0, s->seen_cap * sizeof(*s->seen));
	s->seen_n = 0;
}

/*
 * Bring the lets of l into scope for context: each is evaluated when an
 * expression first reads it (see lookup_var), not before; XPath has no
 * side effects, so the values are the same, and a rule's lets that none
 * of the tests evaluated for a node reads cost nothing.
 */
static int set_lets(struct kaigo_sch *s, struct lets *l, xmlNodePtr context, struct kaigo_diag_sink *sink)
{
	size_t i;

	(void)sink;
	l->context = context;
	l->limit = l->n;
	for (i = 0; i < l->n; i++) {
		if (l->v[i].constant && l->v[i].done)
			continue;
		xmlXPathFreeObject(l->v[i].val);
		l->v[i].val = NULL;
		l->v[i].nv.set = 0;
		l->v[i].pending = 1;
	}
	return 0;
}

/*
 * Keep a copy of v, the direct evaluator's value of t, in t's own stores
 * (the arena it is in is given back after the let is evaluated).
 */
static int keep_native(struct kept *k, const struct kaigo_schxp_val *v)
{
	k->v = *v;
	if (v->type == KAIGO_SCHXP_NODES && v->n) {
		if (v->n > k->ncap) {
			xmlNodePtr *ns = realloc(k->nodes, v->n * sizeof(*ns));

			if (!ns)
				return -1;
			k->nodes = ns;
			k->ncap = v->n;
		}
		memcpy(k->nodes, v->nodes, v->n * sizeof(*k->nodes));
		k->v.nodes = k->nodes;
	} else if (v->type == KAIGO_SCHXP_STRING) {
		size_t n = strlen(v->str) + 1;

		if (n > k->scap) {
			char *ss = realloc(k->str, n);

			if (!ss)
				return -1;
			k->str = ss;
			k->scap = n;
		}
		memcpy(k->str, v->str, n);
		k->v.str = k->str;
	}
	k->set = 1;
	return 0;
}

/*
 * Evaluate the pending let t of l, as set_lets would have done eagerly:
 * with its scope's context node (and current() the rule's node for a
 * rule's let), seeing only the lets before it and the outer scopes.  The state of the XPath
 * evaluation that reads it is restored afterwards.
 */
static int eval_let(struct kaigo_sch *s, struct lets *l, struct let *t)
{
	xmlXPathContextPtr xp = s->xp;
	xmlNodePtr node = xp->node, current = s->current, run_current = s->run.current;
	int size = xp->contextSize, pos = xp->proximityPosition, native = 0;
	size_t limit = l->limit, nscope = s->nscope, k;
	xmlXPathObjectPtr v = NULL;

	/* it sees its own scope and the outer ones, not the inner ones that
	   read it (a rule's let must not change a schema let's value) */
	for (k = 0; k + 1 < s->nscope && s->scope[k] != l; k++)
		;
	s->nscope = k + 1;
	t->evaluating = 1;
	t->pending = 0;
	l->limit = (size_t)(t - l->v);
	if (t->param) {
		v = xmlXPathNewCString(t->param);
	} else if (t->content) {
		v = xmlXPathNewNodeSet((xmlNodePtr)t->content);
	} else if (t->share && s->shared[t->share - 1].node == l->context &&
		   (s->shared[t->share - 1].val || s->shared[t->share - 1].nv.set)) {
		struct shared_let *sh = &s->shared[t->share - 1];

		if (sh->nv.set)
			native = keep_native(&t->nv, &sh->nv.v) == 0;
		else
			v = xmlXPathObjectCopy(sh->val);
	} else {
		s->current = k == 2 ? l->context : NULL;
		if (lazy_fast(s, &t->fast, &t->fast_uses, t->src)) {
			struct kaigo_schxp_mark m = kaigo_schxp_mark(&s->run);
			struct kaigo_schxp_val nv;

			s->run.current = s->current;
			native = kaigo_schxp_eval(t->fast, &s->run, l->context, &nv) == 0 && keep_native(&t->nv, &nv) == 0;
			if (native && t->share) {
				/* the rules that write the same let on this node take it from here */
				struct shared_let *sh = &s->shared[t->share - 1];

				xmlXPathFreeObject(sh->val);
				sh->val = NULL;
				sh->node = keep_native(&sh->nv, &t->nv.v) == 0 ? l->context : NULL;
			}
			kaigo_schxp_release(&s->run, m);
		}
		if (!native) {
			xp->node = l->context;
			v = xmlXPathCompiledEval(t->expr, xp);
		}
		if (v && t->share) {
			struct shared_let *sh = &s->shared[t->share - 1];

			xmlXPathFreeObject(sh->val);
			sh->val = xmlXPathObjectCopy(v);
			sh->nv.set = 0;
			sh->node = sh->val ? l->context : NULL;
		}
	}
	xp->node = node;
	xp->contextSize = size;
	xp->proximityPosition = pos;
	s->current = current;
	s->run.current = run_current;
	s->nscope = nscope;
	l->limit = limit;
	t->evaluating = 0;
	t->done = 1;
	if (!v && !native) {
		if (!t->eval_failed)
			kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->path, t->line, 0, "sch.eval",
					  "cannot evaluate the let '%s' (%s)", t->name, t->src);
		t->eval_failed = 1;
		return -1;
	}
	t->val = v;
	return 0;
}

/* A libxml2 object holding the direct evaluator's value v (a new one). */
static xmlXPathObjectPtr to_object(const struct kaigo_schxp_val *v)
{
	xmlXPathObjectPtr o;
	size_t i;

	switch (v->type) {
	case KAIGO_SCHXP_NODES:
		if (!(o = xmlXPathNewNodeSet(NULL)))
			return NULL;
		for (i = 0; i < v->n; i++)
			if (xmlXPathNodeSetAddUnique(o->nodesetval, v->nodes[i]) < 0) {
				xmlXPathFreeObject(o);
				return NULL;
			}
		return o;
	case KAIGO_SCHXP_STRING:
		return xmlXPathNewCString(v->str);
	case KAIGO_SCHXP_NUMBER:
		return xmlXPathNewFloat(v->num);
	default:
		return xmlXPathNewBoolean(v->b);
	}
}

/*
 * The value of t for the direct evaluator: its own, or borrowed from the
 * libxml2 object (a node-set sorted into document order in place).  0, 1
 * when t has no value, or -1 when the direct evaluator cannot use it.
 */
static int native_value(struct let *t, struct kaigo_schxp_val *out)
{
	xmlXPathObjectPtr o = t->val;

	if (t->nv.set) {
		*out = t->nv.v;
		return 0;
	}
	if (!o)
		return 1;
	memset(&t->nv.v, 0, sizeof(t->nv.v));
	switch (o->type) {
	case XPATH_NODESET: {
		int i;

		t->nv.v.type = KAIGO_SCHXP_NODES;
		if (o->nodesetval && o->nodesetval->nodeNr) {
			for (i = 0; i < o->nodesetval->nodeNr; i++)
				if (o->nodesetval->nodeTab[i]->type == XML_NAMESPACE_DECL)
					return -1;
			xmlXPathNodeSetSort(o->nodesetval);
			t->nv.v.nodes = o->nodesetval->nodeTab;
			t->nv.v.n = (size_t)o->nodesetval->nodeNr;
		}
		t->nv.v.sorted = 1;
		t->nv.v.flat = t->nv.v.n <= 1;
		break;
	}
	case XPATH_STRING:
		t->nv.v.type = KAIGO_SCHXP_STRING;
		t->nv.v.str = o->stringval ? (const char *)o->stringval : "";
		break;
	case XPATH_NUMBER:
		t->nv.v.type = KAIGO_SCHXP_NUMBER;
		t->nv.v.num = o->floatval;
		break;
	case XPATH_BOOLEAN:
		t->nv.v.type = KAIGO_SCHXP_BOOLEAN;
		t->nv.v.b = o->boolval;
		break;
	default:
		return -1;
	}
	t->nv.set = 1;
	*out = t->nv.v;
	return 0;
}

/* The slot of a let name in l's hash: its own, or the free one where it belongs. */
static size_t lets_slot(const struct lets *l, const xmlChar *name)
{
	size_t mask = l->hcap - 1, h = ((uintptr_t)name >> 4) * 0x9E3779B97F4A7C15ull & mask;

	while (l->hash[h] && l->v[l->hash[h] - 1].iname != name)
		h = (h + 1) & mask;
	return h;
}

/*
 * Hash the lets of l by name (the schema's: over a hundred, most of them
 * parameters, read by every rule), chaining those of the same name from
 * the last to the first, the order a search from the end meets them.
 */
static void index_lets(struct lets *l)
{
	size_t i, cap = 16;

	while (cap < 2 * l->n)
		cap *= 2;
	if (!(l->hash = calloc(cap, sizeof(*l->hash))))
		return; /* searched from the end */
	l->hcap = cap;
	for (i = 0; i < l->n; i++) {
		size_t h = lets_slot(l, l->v[i].iname);

		l->v[i].prev_same = l->hash[h];
		l->hash[h] = i + 1;
	}
}

/* The direct evaluator's variable lookup: the same scopes as lookup_var. */
static int native_var(void *ctx, const xmlChar *name, struct kaigo_schxp_val *out)
{
	struct kaigo_sch *s = ctx;
	size_t k, i;

	for (k = s->nscope; k-- > 0;) {
		struct lets *l = s->scope[k];

		if (l->hash) {
			/* the lets of that name, from the last visible one down */
			for (i = l->hash[lets_slot(l, name)]; i; i = l->v[i - 1].prev_same) {
				struct let *t = &l->v[i - 1];
				int r;

				if (i - 1 >= l->limit || t->evaluating)
					continue;
				if (t->pending && eval_let(s, l, t) < 0)
					return -1;
				if ((r = native_value(t, out)) <= 0)
					return r;
			}
			continue;
		}
		for (i = l->limit < l->n ? l->limit : l->n; i-- > 0;) {
			struct let *t = &l->v[i];
			int r;

			if (t->evaluating || t->iname != name)
				continue;
			if (t->pending && eval_let(s, l, t) < 0)
				return -1;
			if ((r = native_value(t, out)) <= 0)
				return r;
		}
	}
	return -1;
}

/*
 * The variable lookup of the XPath context: the innermost let of that name
 * in scope (rule, then pattern, then phase and schema), so that a let is
 * seen only where the standard scopes it.  libxml2 frees what it gets.
 */
static xmlXPathObjectPtr lookup_var(void *ctx, const xmlChar *name, const xmlChar *ns_uri)
{
	struct kaigo_sch *s = ctx;
	size_t k, i;
	/* names compiled by this engine are interned: pointers compare */
	int owned = xmlDictOwns(s->names_dict, name) == 1;

	if (ns_uri)
		return NULL;
	for (k = s->nscope; k-- > 0;) {
		struct lets *l = s->scope[k];

		for (i = l->limit < l->n ? l->limit : l->n; i-- > 0;) {
			struct let *t = &l->v[i];

			if (t->evaluating || (owned ? t->iname != name : strcmp(t->name, (const char *)name) != 0))
				continue;
			if (t->pending && eval_let(s, l, t) < 0)
				return NULL;
			if (!t->val && t->nv.set)
				t->val = to_object(&t->nv.v);
			if (t->val)
				return xmlXPathObjectCopy(t->val);
		}
	}
	return NULL;
}

/*
 * Drop the values of lets that depend on the data: they may hold nodes of
 * the record, which is freed after the run (libxml2 would read them when
 * the variable is next replaced).  Constant lets stay.
 */
static void clear_lets(struct kaigo_sch *s, struct lets *l)
{
	size_t i;

	(void)s;
	for (i = 0; i < l->n; i++) {
		l->v[i].pending = 0;
		if (!l->v[i].constant || !l->v[i].done) {
			xmlXPathFreeObject(l->v[i].val);
			l->v[i].val = NULL;
			l->v[i].nv.set = 0;
		}
	}
}

/*
 * The name of node as name() gives it (ISO 5.4.6, as the reference
 * implementations do): the qualified name as written, prefix included;
 * nothing for nodes without a name (text, the document).
 */
static void add_qname(struct kaigo_buf *b, xmlNodePtr n)
{
	if (!n || !n->name || (n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE &&
			       n->type != XML_PI_NODE))
		return;
	if (n->type != XML_PI_NODE && n->ns && n->ns->prefix) {
		kaigo_buf_add(b, (const char *)n->ns->prefix, strlen((const char *)n->ns->prefix));
		kaigo_buf_add(b, ":", 1);
	}
	kaigo_buf_add(b, (const char *)n->name, strlen((const char *)n->name));
}

/* Render the content of an assert, report or diagnostic into b. */
static void render(struct kaigo_sch *s, xmlNodePtr n, xmlNodePtr context, struct kaigo_buf *b)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			kaigo_buf_add(b, (const char *)c->content, strlen((const char *)c->content));
		} else if (is_sch(c, "value-of")) {
			struct prepared *pr = c->_private;
			xmlXPathObjectPtr v = NULL;

			if (pr && lazy_fast(s, &pr->fast, &pr->uses, pr->src)) {
				/* the direct evaluator's string, else libxml2's */
				struct kaigo_schxp_mark m = kaigo_schxp_mark(&s->run);
				struct kaigo_schxp_val nv;
				const char *str = NULL;

				s->run.current = s->current;
				if (kaigo_schxp_eval(pr->fast, &s->run, context, &nv) == 0)
					str = kaigo_schxp_string(&s->run, &nv);
				if (str)
					kaigo_buf_add(b, str, strlen(str));
				kaigo_schxp_release(&s->run, m);
				if (str)
					continue;
			}
			s->xp->node = context;
			v = pr ? xmlXPathCompiledEval(pr->x, s->xp) : NULL;
			if (v) {
				xmlChar *str = xmlXPathCastToString(v);

				kaigo_buf_add(b, (const char *)str, strlen((const char *)str));
				xmlFree(str);
				xmlXPathFreeObject(v);
			}
		} else if (is_sch(c, "name")) {
			xmlNodePtr target = context;

			if (c->_private) {
				xmlXPathObjectPtr v;

				s->xp->node = context;
				v = xmlXPathCompiledEval(((const struct prepared *)c->_private)->x, s->xp);
				target = v && v->type == XPATH_NODESET && v->nodesetval && v->nodesetval->nodeNr ?
					 v->nodesetval->nodeTab[0] : NULL;
				xmlXPathFreeObject(v);
			}
			add_qname(b, target);
		} else if (c->type == XML_ELEMENT_NODE) {
			render(s, c, context, b); /* emph, dir, span, foreign: their text */
		}
	}
}

static void report_finding(struct kaigo_sch *s, const struct kaigo_record *rec, struct pattern *pt,
			   struct rule *r, struct check *c, xmlNodePtr node,
			   const struct kaigo_sch_output *out)
{
	struct kaigo_sch_finding f;
	size_t i;

	kaigo_buf_reset(&s->msg);
	render(s, c->node, node, &s->msg);
	squeeze(&s->msg);
	kaigo_buf_reset(&s->diag);
	for (i = 0; i < c->ndiags; i++) {
		kaigo_buf_reset(&s->dtext[i]);
		render(s, c->diags[i], node, &s->dtext[i]);
		squeeze(&s->dtext[i]);
		if (i)
			kaigo_buf_add(&s->diag, "; ", 2);
		kaigo_buf_add(&s->diag, s->dtext[i].data ? s->dtext[i].data : "", s->dtext[i].len);
	}
	/* the subject (ISO 2016), where given, is the node reported */
	if (c->subject || r->subject) {
		xmlXPathObjectPtr v;

		s->xp->node = node;
		v = xmlXPathCompiledEval(c->subject ? c->subject : r->subject, s->xp);
		if (v && v->type == XPATH_NODESET && v->nodesetval && v->nodesetval->nodeNr)
			node = v->nodesetval->nodeTab[0];
		xmlXPathFreeObject(v);
	}
	if (node->type == XML_DOCUMENT_NODE)
		snprintf(s->loc, sizeof(s->loc), "/");
	else
		kaigo_validate_xpath(rec->node, rec->xpath, node, s->loc, sizeof(s->loc));
	memset(&f, 0, sizeof(f));
	f.is_report = c->is_report;
	f.id = c->id;
	f.role = c->role;
	f.severity = c->severity;
	f.test = c->test_src;
	f.text = s->msg.data ? s->msg.data : "";
	f.see = c->see;
	f.flag = c->flag;
	f.basis = c->basis;
	f.basis_id = c->basis_id;
	f.period = c->period;
	f.period_id = c->period_id;
	f.diagnostics = s->diag.len ? s->diag.data : NULL;
	f.ndiags = c->ndiags;
	for (i = 0; i < c->ndiags; i++) {
		f.diag_id[i] = c->diag_ids[i];
		f.diag_text[i] = s->dtext[i].data ? s->dtext[i].data : "";
	}
	f.pattern_id = pt->id;
	f.rule_context = r->context_src;
	f.location = s->loc;
	kaigo_validate_position(node, &f.line, &f.column);
	f.record = rec->index;
	f.file = rec->file;
	out->finding(out->ctx, &f);
}

/* The direct evaluator's verdict on e for node: 1 or 0, or -1 (ask libxml2). */
static int fast_bool(struct kaigo_sch *s, const struct kaigo_schxp *e, xmlNodePtr node)
{
	if (!e)
		return -1;
	s->run.current = s->current;
	return kaigo_schxp_eval_bool(e, &s->run, node);
}

static int step_matches(struct kaigo_sch *s, const struct step *st, xmlNodePtr n)
{
	size_t i;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	/* element names come from the parser's dictionary: compare pointers */
	if (st->local && n->name != st->interned)
		return 0;
	if (st->uri ? !(n->ns && !strcmp((const char *)n->ns->href, st->uri)) : n->ns != NULL)
		return 0;
	for (i = 0; i < st->npreds; i++) {
		int v = fast_bool(s, st->fpreds[i], n);

		if (v < 0) {
			s->xp->node = n;
			v = xmlXPathCompiledEvalToBoolean(st->preds[i], s->xp);
		}
		if (v != 1)
			return 0;
	}
	return 1;
}

/* Does element n match the rule's context (one of its alternatives)? */
static int rule_matches(struct kaigo_sch *s, const struct rule *r, xmlNodePtr n)
{
	size_t a;

	for (a = 0; a < r->nalts; a++) {
		const struct alt *al = &r->alts[a];
		xmlNodePtr m = n;
		size_t i = al->nsteps;

		while (i > 0 && m && step_matches(s, &al->steps[i - 1], m)) {
			i--;
			m = m->parent;
		}
		if (i == 0 && (!al->anchored || (m && m->type == XML_DOCUMENT_NODE)))
			return 1;
	}
	return 0;
}

/* The next element after n in document order within the subtree of top. */
static xmlNodePtr next_element(xmlNodePtr n, xmlNodePtr top)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	while (n && n != top) {
		for (c = n->next; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return c;
		n = n->parent;
	}
	return NULL;
}

static int within(xmlNodePtr n, xmlNodePtr top)
{
	for (; n; n = n->parent)
		if (n == top)
			return 1;
	return 0;
}

/* The slot of an element name: its own, or the free one where it belongs. */
static struct name_slot *name_slot(struct kaigo_sch *s, const xmlChar *name)
{
	size_t mask = s->names_cap - 1, h = ((uintptr_t)name >> 4) * 0x9E3779B97F4A7C15ull & mask;

	while (s->names[h].name && s->names[h].name != name)
		h = (h + 1) & mask;
	return &s->names[h];
}

/*
 * List the record's elements in document order and chain those of each
 * name; 0, or -1 when out of memory (the caller then walks the tree).
 */
static int index_record(struct kaigo_sch *s, xmlNodePtr top)
{
	xmlNodePtr n;
	size_t i;

	s->nelems = 0;
	s->names_n = 0;
	if (!s->names) {
		s->names_cap = 256;
		if (!(s->names = calloc(s->names_cap, sizeof(*s->names))))
			return -1;
	} else {
		memset(s->names, 0, s->names_cap * sizeof(*s->names));
	}
	for (n = top; n; n = next_element(n, top)) {
		struct name_slot *sl;

		if (s->nelems == s->elems_cap) {
			size_t cap = s->elems_cap ? s->elems_cap * 2 : 1024;
			xmlNodePtr *e = realloc(s->elems, cap * sizeof(*e));
			size_t *nx = e ? realloc(s->next_same, cap * sizeof(*nx)) : NULL;

			if (e)
				s->elems = e;
			if (!nx)
				return -1;
			s->next_same = nx;
			s->elems_cap = cap;
		}
		if ((s->names_n + 1) * 2 > s->names_cap) {
			/* grow and put every name back where it belongs */
			struct name_slot *old = s->names, *nv = calloc(s->names_cap * 2, sizeof(*nv));
			size_t oldcap = s->names_cap;

			if (!nv)
				return -1;
			s->names = nv;
			s->names_cap *= 2;
			for (i = 0; i < oldcap; i++)
				if (old[i].name)
					*name_slot(s, old[i].name) = old[i];
			free(old);
		}
		s->elems[s->nelems] = n;
		s->next_same[s->nelems] = NO_ELEM;
		sl = name_slot(s, n->name);
		if (!sl->name) {
			sl->name = n->name;
			sl->head = s->nelems;
			s->names_n++;
		} else {
			s->next_same[sl->tail] = s->nelems;
		}
		sl->tail = s->nelems;
		s->nelems++;
	}
	return 0;
}

/* Run the rule on its context node; returns -1 if a test failed to evaluate. */
static int fire(struct kaigo_sch *s, const struct kaigo_record *rec, struct pattern *pt, struct rule *r,
		xmlNodePtr node, const struct kaigo_sch_output *out, struct kaigo_diag_sink *sink,
		long *found)
{
	size_t k;
	int failed = 0, known = 0;
	unsigned long verdicts = 0;
	struct memo *m = NULL;
	xmlChar *value = NULL, *owned = NULL;
	const char *name = node->name ? (const char *)node->name : "";

	if (r->value_only && (r->memo || (r->memo = calloc(MEMO_SLOTS, sizeof(*r->memo))) != NULL)) {
		/* the same value gives the same verdicts: skip the clean repeats */
		const unsigned char *p;
		unsigned long h = 5381;

		/* an element's one text child is its value: no copy */
		if (node->type == XML_ELEMENT_NODE && node->children && !node->children->next &&
		    node->children->type == XML_TEXT_NODE && node->children->content)
			value = node->children->content;
		else
			value = owned = xmlNodeGetContent(node);
		for (p = value ? value : (const xmlChar *)""; *p; p++)
			h = h * 33 + *p;
		for (p = (const unsigned char *)name; *p; p++)
			h = h * 33 + *p;
		m = &r->memo[h & (MEMO_SLOTS - 1)];
		if (m->used && value && !strcmp(m->value, (const char *)value) && !strcmp(m->name, name)) {
			if (m->verdicts == 0) {
				xmlFree(owned);
				return 0;
			}
			/* the findings are known too: only their messages are made */
			known = 1;
		}
	}
	s->current = node;
	s->scope[2] = &r->lets;
	s->nscope = 3;
	if (set_lets(s, &r->lets, node, sink) < 0) {
		s->nscope = 2;
		xmlFree(owned);
		return -1;
	}
	for (k = 0; k < r->nchecks; k++) {
		struct check *c = &r->checks[k];
		int v;

		if (known) {
			if (m->verdicts & (1UL << k)) {
				report_finding(s, rec, pt, r, c, node, out);
				(*found)++;
			}
			continue;
		}
		v = fast_bool(s, lazy_fast(s, &c->fast, &c->fast_uses, c->test_src), node);
		if (v < 0) {
			s->xp->node = node;
			s->xpath_error[0] = '\0';
			v = xmlXPathCompiledEvalToBoolean(c->test, s->xp);
		}
		if (v < 0) {
			/* a broken rule: said once, and the run fails (exit 4) */
			if (!c->eval_failed)
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, s->path,
						  (unsigned long)xmlGetLineNo(c->node), 0, "sch.eval",
						  "cannot evaluate '%s'%s%s", c->test_src,
						  s->xpath_error[0] ? ": " : "", s->xpath_error);
			c->eval_failed = 1;
			failed = 1;
			continue;
		}
		if (v == c->is_report) {
			report_finding(s, rec, pt, r, c, node, out);
			(*found)++;
			verdicts |= 1UL << k;
		}
	}
	if (m && value && !failed && !known && strlen((const char *)value) < MEMO_LEN && strlen(name) < MEMO_LEN) {
		strcpy(m->value, (const char *)value);
		strcpy(m->name, name);
		m->used = 1;
		m->verdicts = verdicts;
	}
	s->nscope = 2;
	xmlFree(owned);
	return failed ? -1 : 0;
}

long kaigo_sch_run(struct kaigo_sch *s, const struct kaigo_record *rec,
		   const struct kaigo_sch_output *out, struct kaigo_diag_sink *sink)
{
	xmlNodePtr docnode = (xmlNodePtr)rec->node->doc;
	long found = 0;
	int failed = 0;
	size_t p, g, j, i;

	s->xp->doc = rec->node->doc;
	s->run.epoch++; /* the last record's nodes and names may be gone */
	s->current = NULL;
	s->sink = sink;
	s->indexed = 0;
	s->scope[0] = &s->lets;
	s->nscope = 1;
	if (set_lets(s, &s->lets, docnode, sink) < 0) {
		failed = 1;
		goto done;
	}
	for (p = 0; p < s->npatterns; p++) {
		struct pattern *pt = &s->patterns[p];

		s->scope[1] = &pt->lets;
		s->nscope = 2;
		if (set_lets(s, &pt->lets, docnode, sink) < 0) {
			failed = 1;
			goto done;
		}
		if (pt->fast) {
			/* one walk over the record: each element goes to the first
			   rule of the pattern whose context it matches */
			xmlNodePtr node;
			xmlDictPtr dict = rec->node->doc->dict;
			size_t a, st;

			for (j = 0; j < pt->nrules; j++)
				for (a = 0; a < pt->rules[j].nalts; a++)
					for (st = 0; st < pt->rules[j].alts[a].nsteps; st++) {
						struct step *x = &pt->rules[j].alts[a].steps[st];

						if (x->local)
							x->interned = dict ? xmlDictExists(dict, (const xmlChar *)x->local, -1)
								     : NULL;
					}
			if (!dict)
				goto slow; /* names not interned: match by selecting */

			if (!s->indexed)
				s->indexed = index_record(s, rec->node) == 0 ? 1 : -1;
			if (s->indexed > 0) {
				/* the heads of the chains of the names the rules' last
				   steps test; all elements if a last step is "p:*" */
				size_t cur[16], nc = 0, k;
				int all = 0;

				for (j = 0; j < pt->nrules && !all; j++)
					for (a = 0; a < pt->rules[j].nalts && !all; a++) {
						struct alt *al = &pt->rules[j].alts[a];
						const struct step *last = &al->steps[al->nsteps - 1];
						struct name_slot *sl;

						if (!last->local || nc == 16) {
							all = 1;
							break;
						}
						if (!last->interned)
							continue; /* no element of that name in this file yet */
						sl = name_slot(s, last->interned);
						if (!sl->name)
							continue;
						for (k = 0; k < nc && cur[k] != sl->head; k++)
							;
						if (k == nc)
							cur[nc++] = sl->head;
					}
				for (i = 0; i < s->nelems; i++) {
					size_t at = i;

					if (!all) {
						/* the next element in document order among the chains */
						size_t best = NO_ELEM, bk = 0;

						for (k = 0; k < nc; k++)
							if (cur[k] < best) {
								best = cur[k];
								bk = k;
							}
						if (best == NO_ELEM)
							break;
						cur[bk] = s->next_same[best];
						at = best;
					}
					for (j = 0; j < pt->nrules; j++)
						if (rule_matches(s, &pt->rules[j], s->elems[at])) {
							if (fire(s, rec, pt, &pt->rules[j], s->elems[at], out, sink, &found) < 0)
								failed = 1;
							break;
						}
				}
				continue;
			}
			for (node = rec->node; node; node = next_element(node, rec->node))
				for (j = 0; j < pt->nrules; j++)
					if (rule_matches(s, &pt->rules[j], node)) {
						if (fire(s, rec, pt, &pt->rules[j], node, out, sink, &found) < 0)
							failed = 1;
						break;
					}
			continue;
		}
slow:
		seen_clear(s);
		for (g = 0; g < pt->ngroups; g++) {
			xmlXPathObjectPtr sel;
			xmlNodeSetPtr ns;

			s->xp->node = docnode;
			sel = xmlXPathCompiledEval(pt->groups[g].select, s->xp);
			if (!sel) {
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, s->path, 0, 0, "sch.eval",
						  "cannot evaluate the rule context '%s'", pt->groups[g].select_src);
				failed = 1;
				goto done;
			}
			ns = sel->type == XPATH_NODESET ? sel->nodesetval : NULL;
			for (i = 0; ns && i < (size_t)ns->nodeNr; i++) {
				xmlNodePtr node = ns->nodeTab[i];

				/* rules see the nodes of their own record only; the
				   document node too when the record is the whole
				   document (context "/") */
				if (!within(node, rec->node) &&
				    !(node == docnode && rec->node == xmlDocGetRootElement(rec->node->doc)))
					continue;
				/* first matching rule in document order of the rules wins */
				for (j = 0; j < pt->nrules; j++) {
					struct rule *r = &pt->rules[j];

					if (r->group != (int)g)
						continue;
					if (!seen_add(s, node))
						break;
					if (fire(s, rec, pt, r, node, out, sink, &found) < 0)
						failed = 1;
					break;
				}
			}
			xmlXPathFreeObject(sel);
		}
	}
done:
	/* the record is about to be freed: no variable may keep its nodes */
	clear_shared(s);
	clear_lets(s, &s->lets);
	for (p = 0; p < s->npatterns; p++) {
		clear_lets(s, &s->patterns[p].lets);
		for (j = 0; j < s->patterns[p].nrules; j++)
			clear_lets(s, &s->patterns[p].rules[j].lets);
	}
	s->current = NULL;
	s->nscope = 0;
	return failed ? -1 : found;
}
