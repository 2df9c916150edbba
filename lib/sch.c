/*
 * sch.c - ISO Schematron on libxml2's XPath, per record (see sch.h):
 * loading and compiling a schema (rules in schrule.c, inclusions in
 * schinc.c, the XSLT functions in schfn.c, variables in schlet.c, running
 * in schrun.c).
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

/* Is the text of b already normalized: single spaces between other characters only? */
static int squeezed(const struct kaigo_buf *b)
{
	const char *p = b->data, *end = b->data + b->len;

	if (b->data[0] == ' ' || end[-1] == ' ' || memchr(p, '\n', b->len) || memchr(p, '\t', b->len) ||
	    memchr(p, '\r', b->len))
		return 0;
	/* the spaces are few (messages are Japanese text): look at each */
	while ((p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
		if (p[1] == ' ')
			return 0; /* p + 1 < end: the last byte is not a space */
		p++;
	}
	return 1;
}

/* Normalize whitespace of text in place (XPath normalize-space). */
void kaigo_sch_squeeze(struct kaigo_buf *b)
{
	size_t i, o = 0;
	int space = 1;

	if (b->len && squeezed(b)) {
		b->data[b->len] = '\0';
		return; /* a message as written is mostly so: no copy */
	}
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

	if (!strstr(src, "key"))
		return 0; /* most expressions: no scan */
	for (p = src; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (p[0] == 'k' && p[1] == 'e' && p[2] == 'y' && (p == src || !(isalnum((unsigned char)p[-1]) ||
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
			if (let_named(&s->scope[k]->v[i], name, n))
				return 1;
	return 0;
}

/*
 * Refuse a reference to a variable that no let in scope defines: an error
 * in the schema (ISO/IEC 19757-3:2016 5.4.5), which would otherwise show
 * only when a record reaches the expression.  XPath 1.0 binds no
 * variables of its own, so every '$name' outside a literal must be a let.
 */
int kaigo_sch_check_vars(struct kaigo_sch *s, const char *src, xmlNodePtr at, struct kaigo_diag_sink *sink)
{
	const char *p = src;

	if (!strchr(src, '$'))
		return 0; /* no variable */
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return 0; /* the compiler says what is wrong */
			p = e + 1;
		} else if (*p == '$') {
			const char *b = ++p;

			p = var_name_end(p);
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

xmlXPathCompExprPtr kaigo_sch_compile(struct kaigo_sch *s, const char *src, xmlNodePtr at,
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
	if (kaigo_sch_check_vars(s, src, at, sink) < 0)
		return NULL;
	e = xmlXPathCtxtCompile(s->xp, (const xmlChar *)src);
	if (!e)
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, s->path, at ? (unsigned long)xmlGetLineNo(at) : 0,
				  0, "sch.load", "bad XPath '%s'%s%s", src, s->xpath_error[0] ? ": " : "",
				  s->xpath_error);
	return e;
}

static const char *env_ns(void *ctx, const char *prefix, size_t n)
{
	return kaigo_sch_ns_uri(ctx, prefix, n);
}

/*
 * The expression for the direct evaluator (schxp.c), or NULL when it is
 * libxml2's alone.  KAIGO_SCH_NOFAST=1 turns the direct evaluator off, so
 * that the two can be compared on the same rules and data.
 */
struct kaigo_schxp *kaigo_sch_fast_compile(struct kaigo_sch *s, const char *src)
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
	if (!(*e = kaigo_sch_fast_compile(s, src)))
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
static int depends_only_on(const char *src, const struct lets *const *scopes, size_t nscopes, int allow_self);

/*
 * Does a call of the function named name[0..n), whose arguments start at
 * args, read the context (node, position or document)?  lang(), id(),
 * key(), current(), generate-id(), position() and last() always do.  A
 * call without arguments reads the context node (string(), name(),
 * normalize-space() …), which is allowed with allow_self (the value is
 * the context node's), else it does too, except true(), false() and the
 * EXSLT dates and times of now (date:date(): a run happens at one moment).
 */
static int context_function(const char *name, size_t n, const char *args, int allow_self)
{
	static const char *const always[] = { "lang", "id", "key", "current", "generate-id", "position", "last" };
	const char *colon = memchr(name, ':', n);
	size_t i;

	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (strlen(always[i]) == n && !strncmp(name, always[i], n))
			return 1;
	while (*args == ' ' || *args == '\t' || *args == '\n' || *args == '\r')
		args++;
	if (*args != ')' || allow_self)
		return 0;
	if ((n == 4 && !strncmp(name, "true", 4)) || (n == 5 && !strncmp(name, "false", 5)))
		return 0;
	if (colon && colon - name == 4 && !strncmp(name, "date", 4))
		return 0;
	return 1;
}

/* Is the '*' at p a multiplication (it follows an operand) rather than a name test? */
static int is_multiply(const char *src, const char *p)
{
	while (p > src && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
		p--;
	return p > src && (isalnum((unsigned char)p[-1]) || p[-1] == ')' || p[-1] == '_' ||
			   p[-1] == '.' || p[-1] == '\'' || p[-1] == '"');
}
static int depends_only_on_scopes(const char *src, const struct lets *schema, const struct lets *pattern,
				  const struct lets *rule, int allow_self);

static int is_constant(const char *src, const struct lets *known)
{
	return depends_only_on(src, &known, 1, 0);
}

/*
 * depends_only_on with the variables of a rule's three scopes, innermost
 * last (the last let of a name is the one read): a pattern let shadows a
 * schema let of its name, and is never constant (it is set per record).
 * A rule's lets count as constant as far as they are marked so.
 */
static int depends_only_on_scopes(const char *src, const struct lets *schema, const struct lets *pattern,
				  const struct lets *rule, int allow_self)
{
	const struct lets *scopes[3] = { schema, pattern, rule };

	return depends_only_on(src, scopes, 3, allow_self);
}

/*
 * The same test, but "." (the context node itself) may also appear when
 * allow_self is set: such an expression depends only on the context
 * node's string value (and constant variables).
 */
static int depends_only_on(const char *src, const struct lets *const *scopes, size_t nscopes, int allow_self)
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
			size_t i, k, n;
			int ok = 0;

			p = var_name_end(p);
			n = (size_t)(p - b);
			/* the last let of the name, innermost scope last, is the one read */
			for (k = 0; k < nscopes; k++)
				for (i = 0; scopes[k] && i < scopes[k]->n; i++)
					if (let_named(&scopes[k]->v[i], b, n))
						ok = scopes[k]->v[i].constant;
			if (!ok)
				return 0;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q = p, *name = p;

			while (*q && (isalnum((unsigned char)*q) || *q == '-' || *q == '_' || *q == ':' ||
				      *q == '.'))
				q++;
			p = q;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			/* a function call, or an operator word */
			if (*q == '(' && context_function(name, (size_t)(p - name), q + 1, allow_self))
				return 0;
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

int kaigo_sch_add_let(struct kaigo_sch *s, struct lets *l, xmlNodePtr n, const struct kaigo_sch_param *params,
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
	if (!t->param && !(t->expr = kaigo_sch_compile(s, t->src, n, sink)))
		return -1;
	/* only schema-level lets may be constant (they are never shadowed per record) */
	if (l == &s->lets)
		t->constant = t->param != NULL || is_constant(t->src, l);
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
			s->title = kaigo_sch_node_text(c);
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
		ph = kaigo_sch_find_by_id(root, "phase", s->phase);
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
		if (is_sch(c, "let") && kaigo_sch_add_let(s, &s->lets, c, params, nparams, sink) < 0)
			goto fail;
	if (ph) {
		xmlNodePtr k;

		s->lets.where = "phase";
		s->lets.start = s->lets.n;
		for (k = ph->children; k; k = k->next)
			if (is_sch(k, "let") && kaigo_sch_add_let(s, &s->lets, k, params, nparams, sink) < 0)
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
				if (is_sch(k, "let") && kaigo_sch_add_let(s, &pt->lets, k, NULL, 0, sink) < 0)
					goto fail;
			for (k = c->children; k; k = k->next)
				if (is_sch(k, "rule") && kaigo_sch_add_rule(s, pt, c, k, sink) < 0)
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
					ok = depends_only_on_scopes(r->lets.v[m].src, &known, &s->patterns[j].lets, &r->lets,
								    1) &&
					     !strstr(r->lets.v[m].src, "generate-id") && !strstr(r->lets.v[m].src, "lang(");
					r->lets.v[m].constant = ok; /* read by depends_only_on for later ones */
				}
				for (m = 0; ok && m < r->nchecks; m++)
					ok = depends_only_on_scopes(r->checks[m].test_src, &known, &s->patterns[j].lets,
								    &r->lets, 1) &&
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
		/*
		 * Rule lets that read no node and only constant variables
		 * (number(translate($as-of, '-', '')), a date of the rules'
		 * tables): evaluated once per run like the schema's constants,
		 * not at every node the rule fires on.  Earlier lets of the rule
		 * count when they are constant too; a pattern let never is.
		 */
		for (j = 0; j < s->npatterns; j++)
			for (k = 0; k < s->patterns[j].nrules; k++) {
				struct rule *r = &s->patterns[j].rules[k];

				for (m = 0; m < r->lets.n; m++) {
					struct let *t = &r->lets.v[m];

					t->constant = !t->param && !t->content && t->expr &&
						      depends_only_on_scopes(t->src, &s->lets, &s->patterns[j].lets,
									     &r->lets, 0);
				}
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
			kaigo_sch_free_alts(r->alts, r->nalts);
			free(r->memo_mem);
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
	free(s->want);
	free(s->chain_head);
	free(s->chain_tail);
	kaigo_buf_release(&s->msg);
	kaigo_buf_release(&s->diag);
	for (i = 0; i < 8; i++)
		kaigo_buf_release(&s->dtext[i]);
	kaigo_schxp_run_release(&s->run);
	if (s->run.dict)
		xmlDictFree(s->run.dict); /* the reference kaigo_sch_run took */
	if (s->xp)
		xmlXPathFreeContext(s->xp);
	xmlDictFree(s->names_dict); /* the compiled expressions hold their own references */
	if (s->doc && xmlDocGetRootElement(s->doc))
		kaigo_sch_free_prepared(xmlDocGetRootElement(s->doc));
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
