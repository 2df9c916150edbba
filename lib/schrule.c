/*
 * schrule.c - compiling a Schematron rule: its context as matchers
 * (chains of child steps with predicates, matched from the last step up)
 * or as a select expression, its asserts and reports with their
 * properties, diagnostics and message expressions, and the references
 * between them (found by @id in a sorted list).
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

xmlNodePtr kaigo_sch_find_by_id(xmlNodePtr n, const char *elem, const char *id)
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
		if ((r = kaigo_sch_find_by_id(c, elem, id)) != NULL)
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

char *kaigo_sch_node_text(xmlNodePtr n)
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

				if (pr && (pr->x = kaigo_sch_compile(s, src, c, sink)) != NULL)
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
void kaigo_sch_free_prepared(xmlNodePtr n)
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
		kaigo_sch_free_prepared(c);
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
	if (!(c->test = kaigo_sch_compile(s, c->test_src, n, sink)))
		return -1;
	if ((refs = prop(n, "subject")) != NULL) {
		c->subject = kaigo_sch_compile(s, refs, n, sink);
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
			c->basis = kaigo_sch_node_text(p);
			c->basis_id = strdup(tok);
		} else if (role && !strcmp(role, "period") && !c->period) {
			c->period = kaigo_sch_node_text(p);
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

const char *kaigo_sch_ns_uri(struct kaigo_sch *s, const char *prefix, size_t n)
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
		const char *uri = kaigo_sch_ns_uri(s, a, (size_t)(colon - a));

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
		st->fpreds[st->npreds] = st->preds[st->npreds] ? kaigo_sch_fast_compile(s, src) : NULL;
		free(src);
		if (!st->preds[st->npreds])
			return -1;
		st->npreds++;
		p = q;
	}
	return p == e ? 0 : -1;
}

void kaigo_sch_free_alts(struct alt *alts, size_t nalts)
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
		kaigo_sch_free_alts(r->alts, r->nalts);
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
			if (kaigo_sch_add_let(s, &r->lets, c, NULL, 0, sink) < 0)
				return -1;
		} else if ((is_sch(c, "assert") || is_sch(c, "report")) && pass == 1) {
			if (add_check(s, r, c, sink) < 0)
				return -1;
		} else if (is_sch(c, "extends")) {
			char *ref = prop(c, "rule"), *abstract;
			xmlNodePtr a = ref ? kaigo_sch_find_by_id(pattern, "rule", ref) : NULL;
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

int kaigo_sch_add_rule(struct kaigo_sch *s, struct pattern *pt, xmlNodePtr pattern, xmlNodePtr n,
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
	if (kaigo_sch_check_vars(s, r->context_src, n, sink) < 0)
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
		pt->groups[pt->ngroups].select = kaigo_sch_compile(s, sel, n, sink);
		r->group = (int)pt->ngroups++; /* counted even on failure, so that it is freed */
		if (!pt->groups[r->group].select)
			return -1;
	}
	r->lets.where = "rule";
	s->scope[2] = &r->lets;
	s->nscope = 3;
	if ((subject = prop(n, "subject")) != NULL) {
		r->subject = kaigo_sch_compile(s, subject, n, sink);
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
