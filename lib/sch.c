/*
 * sch.c - ISO Schematron on libxml2's XPath, per record (see sch.h):
 * loading and compiling a schema (inclusions in schinc.c, the XSLT
 * functions in schfn.c, variables in schlet.c, running in schrun.c).
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
#include "sch_int.h"

/* --- small helpers --------------------------------------------------- */

/* Normalize whitespace of text in place (XPath normalize-space). */
void kaigo_sch_squeeze(struct kaigo_buf *b)
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
void kaigo_sch_load_error(struct kaigo_diag_sink *sink, const char *file, xmlNodePtr at, const char *fmt, ...)
{
	va_list ap;

	/* vreport translates fmt (xgettext: keyword load_error:4) */
	va_start(ap, fmt);
	kaigo_diag_vreport(sink, KAIGO_SEV_ERROR, file, at ? (unsigned long)xmlGetLineNo(at) : 0, 0,
			   "sch.load", fmt, ap);
	va_end(ap);
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
				kaigo_sch_load_error(sink, s->path, at, "'%s': no sch:let in scope defines $%.*s", src,
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
struct kaigo_schxp *kaigo_sch_lazy_fast(struct kaigo_sch *s, struct kaigo_schxp **e, int *uses, const char *src)
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
		kaigo_sch_load_error(sink, s->path, n, "sch:let without a name");
		return -1;
	}
	t->iname = xmlDictLookup(s->names_dict, (const xmlChar *)t->name, -1);
	t->line = (unsigned long)xmlGetLineNo(n);
	for (i = l->start; i + 1 < l->n; i++)
		if (!strcmp(l->v[i].name, t->name)) {
			/* ISO/IEC 19757-3:2016 5.4.5: a schema error */
			kaigo_sch_load_error(sink, s->path, n, "sch:let '%s' is defined twice in the same %s", t->name,
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
	kaigo_sch_squeeze(&b);
	return b.data ? b.data : strdup("");
}

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
				kaigo_sch_load_error(sink, s->path, c, "sch:value-of without a select");
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
		kaigo_sch_load_error(sink, s->path, n, "sch:assert or sch:report without a test");
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
			kaigo_sch_load_error(sink, s->path, n, "no sch:property with id '%s'", tok);
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
			kaigo_sch_load_error(sink, s->path, n, "no sch:diagnostic with id '%s'", tok);
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
				kaigo_sch_load_error(sink, s->path, c, "sch:extends names no rule '%s' in this pattern",
					   ref ? ref : "");
				free(ref);
				return -1;
			}
			abstract = prop(a, "abstract");
			ok = abstract && !strcmp(abstract, "true");
			free(abstract);
			if (!ok || depth > 16) {
				kaigo_sch_load_error(sink, s->path, c, ok ? "sch:extends '%s': abstract rules extend each other "
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
		kaigo_sch_load_error(sink, s->path, n, "sch:rule without a context");
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
		kaigo_sch_load_error(sink, path, NULL, "cannot read '%s': %s", path, kaigo_diag_strerror(errno));
		goto fail;
	}
	s->doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = s->doc ? xmlDocGetRootElement(s->doc) : NULL;
	if (s->doc && (s->doc->intSubset || s->doc->extSubset)) {
		/* its entities are not expanded, but an external one would be
		   dropped silently from the messages: refuse it, as the layouts do */
		kaigo_sch_load_error(sink, path, NULL, "a rule file must not have a DOCTYPE (a DTD could read local files "
			   "or expand entities without bound)");
		goto fail;
	}
	if (!root || !is_sch(root, "schema")) {
		kaigo_sch_load_error(sink, path, NULL, "'%s' is not an ISO Schematron schema", path);
		goto fail;
	}
	{
		/* XPath 1.0 is what kaigo evaluates: a schema written for another
		   binding (xslt2, xslt3, xpath2, ...) would run with the wrong
		   meaning and could come out clean */
		char *qb = prop(root, "queryBinding");

		if (qb && strcmp(qb, "xslt") != 0 && strcmp(qb, "xpath") != 0 && strcmp(qb, "exslt") != 0) {
			kaigo_sch_load_error(sink, path, root, "queryBinding '%s' is not supported: kaigo evaluates XPath 1.0 "
				   "(the bindings xslt, xpath and exslt)", qb);
			free(qb);
			goto fail;
		}
		free(qb);
	}
	if (kaigo_sch_resolve_includes(root, path, 0, sink, path) < 0 || kaigo_sch_expand_abstract_patterns(s, root, sink) < 0)
		goto fail;
	s->xp = xmlXPathNewContext(s->doc);
	s->names_dict = xmlDictCreate();
	if (!s->xp || !s->names_dict)
		goto fail;
	/* the compiled expressions intern their names here, so that a
	   variable is found by comparing pointers (kaigo_sch_lookup_var) */
	s->xp->dict = s->names_dict;
	kaigo_sch_register_functions(s);
	s->run.var = kaigo_sch_native_var;
	s->run.ctx = s;
	/* namespaces first: every expression is compiled against them */
	for (c = root->children; c; c = c->next) {
		if (is_sch(c, "ns")) {
			char *pre = prop(c, "prefix"), *uri = prop(c, "uri");
			struct ns *v = realloc(s->ns, (s->nns + 1) * sizeof(*v));

			if (v)
				s->ns = v; /* kept even if this declaration is refused below */
			if (!pre || !uri || !v) {
				kaigo_sch_load_error(sink, path, c, "sch:ns needs prefix and uri");
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
			kaigo_sch_load_error(sink, path, NULL, "no phase '%s' in this schema", s->phase);
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
				kaigo_sch_load_error(sink, path, c, "pattern/@documents '%s' (subordinate documents) is not "
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
	kaigo_sch_share_lets(s);
	if (s->lets.n > 8)
		kaigo_sch_index_lets(&s->lets);
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
				for (m = 0; ok && m < r->lets.n; m++)
					r->memo_name |= strstr(r->lets.v[m].src, "name") != NULL;
				for (m = 0; ok && m < r->nchecks; m++)
					r->memo_name |= strstr(r->checks[m].test_src, "name") != NULL;
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
				kaigo_sch_load_error(sink, path, NULL, "--param '%s' names no schema-level sch:let",
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
			kaigo_sch_free_lets(&r->lets);
		}
		for (j = 0; j < pt->ngroups; j++) {
			free(pt->groups[j].select_src);
			if (pt->groups[j].select)
				xmlXPathFreeCompExpr(pt->groups[j].select);
		}
		free(pt->groups);
		free(pt->rules);
		free(pt->id);
		kaigo_sch_free_lets(&pt->lets);
	}
	free(s->patterns);
	kaigo_sch_free_lets(&s->lets);
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
	kaigo_sch_clear_shared(s);
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
