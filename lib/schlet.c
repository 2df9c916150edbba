/*
 * schlet.c - the variables of a Schematron run: sch:let at schema (and
 * phase), pattern and rule level, in scope as the standard scopes them,
 * each evaluated when an expression first reads it; values shared between
 * rules that write the same let; the lookups for libxml2 and for the
 * direct evaluator.
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

			p = var_name_end(p);
			n = (size_t)(p - b);
			for (i = 0; i < s->lets.n; i++)
				if (let_named(&s->lets.v[i], b, n))
					ok = s->lets.v[i].constant; /* the last one (a phase let) wins */
			for (i = 0; i < pt->lets.n; i++)
				if (let_named(&pt->lets.v[i], b, n))
					ok = 0;
			for (i = 0; i < r->lets.n; i++)
				if (let_named(&r->lets.v[i], b, n))
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
void kaigo_sch_share_lets(struct kaigo_sch *s)
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
void kaigo_sch_clear_shared(struct kaigo_sch *s)
{
	size_t k;

	for (k = 0; k < s->nshared; k++) {
		xmlXPathFreeObject(s->shared[k].val);
		s->shared[k].val = NULL;
		s->shared[k].nv.set = 0;
		s->shared[k].node = NULL;
	}
}

void kaigo_sch_free_lets(struct lets *l)
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

/*
 * Bring the lets of l into scope for context: each is evaluated when an
 * expression first reads it (see kaigo_sch_lookup_var), not before; XPath has no
 * side effects, so the values are the same, and a rule's lets that none
 * of the tests evaluated for a node reads cost nothing.  The list gets a
 * new gen, which makes every let of it pending at once: a rule fires on
 * many nodes, and its lets are not touched until read.
 */
int kaigo_sch_set_lets(struct kaigo_sch *s, struct lets *l, xmlNodePtr context, struct kaigo_diag_sink *sink)
{
	(void)sink;
	l->context = context;
	l->limit = l->n;
	l->gen = ++s->let_gen;
	return 0;
}

/* t has a libxml2 value now: on the held list, to be dropped with the record. */
static void hold(struct kaigo_sch *s, struct let *t)
{
	if (t->held || t->constant)
		return; /* a constant let's value is the data's: it stays */
	t->held = 1;
	t->held_next = s->held;
	s->held = t;
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
	t->gen = l->gen; /* no longer pending, whatever comes of it */
	if (t->val) {
		xmlXPathFreeObject(t->val); /* an earlier scope's */
		t->val = NULL;
	}
	t->nv.set = 0;
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
		if (kaigo_sch_lazy_fast(s, &t->fast, &t->fast_uses, t->src)) {
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
	if (v)
		hold(s, t);
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
static inline int native_value(struct let *t, struct kaigo_schxp_val *out)
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
void kaigo_sch_index_lets(struct lets *l)
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

/* Keep in hint where a name was found (r == 0) under the scope inner at at; r. */
static int remember(struct kaigo_schxp_varhint *hint, const struct lets *inner, size_t at, struct lets *l,
		    struct let *t, int r)
{
	if (hint && r == 0) {
		hint->scope = inner;
		hint->at = at;
		hint->list = l;
		hint->item = t;
	}
	return r;
}

/*
 * The direct evaluator's variable lookup: the same scopes as lookup_var.
 *
 * Which let a name finds depends on the innermost scope and its limit
 * alone: the outer ones are those of the rule's pattern and the schema,
 * and all their lets are visible (eval_let cuts the scopes at the one of
 * the let it evaluates, so a list being evaluated is always the innermost;
 * a let being evaluated is past its list's limit).  A reference remembers
 * the let it found under that scope, so the next evaluation of the same
 * test or let (the next node of the rule) takes it directly.
 */
int kaigo_sch_native_var(void *ctx, const xmlChar *name, struct kaigo_schxp_varhint *hint,
			 struct kaigo_schxp_val *out)
{
	struct kaigo_sch *s = ctx;
	size_t k, i, at;
	const struct lets *inner;

	if (!s->nscope)
		return -1;
	inner = s->scope[s->nscope - 1];
	at = inner->limit * 4 + s->nscope;
	if (hint && hint->scope == inner && hint->at == at) {
		struct lets *l = hint->list;
		struct let *t = hint->item;
		int r;

		if (let_pending(l, t) && eval_let(s, l, t) < 0)
			return -1;
		if ((r = native_value(t, out)) <= 0)
			return r;
		/* without a value: searched as below */
	}
	for (k = s->nscope; k-- > 0;) {
		struct lets *l = s->scope[k];

		if (l->hash) {
			/* the lets of that name, from the last visible one down */
			for (i = l->hash[lets_slot(l, name)]; i; i = l->v[i - 1].prev_same) {
				struct let *t = &l->v[i - 1];
				int r;

				if (i - 1 >= l->limit || t->evaluating)
					continue;
				if (let_pending(l, t) && eval_let(s, l, t) < 0)
					return -1;
				if ((r = native_value(t, out)) <= 0)
					return remember(hint, inner, at, l, t, r);
			}
			continue;
		}
		for (i = l->limit < l->n ? l->limit : l->n; i-- > 0;) {
			struct let *t = &l->v[i];
			int r;

			if (t->evaluating || t->iname != name)
				continue;
			if (let_pending(l, t) && eval_let(s, l, t) < 0)
				return -1;
			if ((r = native_value(t, out)) <= 0)
				return remember(hint, inner, at, l, t, r);
		}
	}
	return -1;
}

/*
 * The variable lookup of the XPath context: the innermost let of that name
 * in scope (rule, then pattern, then phase and schema), so that a let is
 * seen only where the standard scopes it.  libxml2 frees what it gets.
 */
xmlXPathObjectPtr kaigo_sch_lookup_var(void *ctx, const xmlChar *name, const xmlChar *ns_uri)
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
			if (let_pending(l, t) && eval_let(s, l, t) < 0)
				return NULL;
			if (!t->val && t->nv.set && (t->val = to_object(&t->nv.v)) != NULL)
				hold(s, t);
			if (t->val)
				return xmlXPathObjectCopy(t->val);
		}
	}
	return NULL;
}

/*
 * Drop the libxml2 values of lets that may hold the record's nodes: the
 * record is freed after the run, and libxml2 reads the nodes of a set when
 * it frees it.  The direct evaluator's values (nv) are never read again:
 * the next scope of their list has another gen.
 */
void kaigo_sch_drop_values(struct kaigo_sch *s)
{
	struct let *t, *next;

	for (t = s->held; t; t = next) {
		next = t->held_next;
		xmlXPathFreeObject(t->val);
		t->val = NULL;
		t->nv.set = 0;
		t->held = 0;
		t->held_next = NULL;
	}
	s->held = NULL;
}
