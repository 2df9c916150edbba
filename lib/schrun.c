/*
 * schrun.c - running a compiled Schematron schema on one record: the
 * record's elements indexed by name, each pattern's rules matched by their
 * context's last step (first matching rule wins), tests evaluated by the
 * direct evaluator or libxml2, findings rendered and located.
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

			if (pr && kaigo_sch_lazy_fast(s, &pr->fast, &pr->uses, pr->src)) {
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
	kaigo_sch_squeeze(&s->msg);
	kaigo_buf_reset(&s->diag);
	for (i = 0; i < c->ndiags; i++) {
		kaigo_buf_reset(&s->dtext[i]);
		render(s, c->diags[i], node, &s->dtext[i]);
		kaigo_sch_squeeze(&s->dtext[i]);
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
	if (!st->uri ? n->ns != NULL
		     : !n->ns || !((n->ns == st->ns_hit && st->ns_epoch == s->run.epoch) ||
				   !strcmp((const char *)n->ns->href, st->uri)))
		return 0;
	if (st->uri) {
		/* the record's elements share a few declarations */
		((struct step *)st)->ns_hit = n->ns;
		((struct step *)st)->ns_epoch = s->run.epoch;
	}
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

/* The wanted-name slot of an element name: its own, or a free one (not wanted). */
static inline struct want *want_slot(const struct kaigo_sch *s, const xmlChar *name)
{
	/* the product's top bits: its low ones would be those of the pointer,
	   and the names of a dictionary lie a few bytes apart */
	size_t mask = s->want_cap - 1, h = (size_t)(((uintptr_t)name * 0x9E3779B97F4A7C15ull) >> s->want_shift);

	while (s->want[h].name && s->want[h].name != name)
		h = (h + 1) & mask;
	return &s->want[h];
}

/*
 * The names the fast patterns' rule contexts end in, interned in the run's
 * dictionary, once per dictionary: each gets a chain of the record's
 * elements of that name (index_record), and each fast pattern the chains
 * of its names.  The table holds these names only and is at most a
 * quarter full, so the lookup of a record's element, most often of a name
 * no rule ends in, stops at the first or second slot.  Every step's name
 * is interned on the way (rule_matches compares pointers).  0, or -1 when
 * out of memory.
 */
static int want_build(struct kaigo_sch *s)
{
	xmlDictPtr dict = s->run.dict;
	size_t p, j, a, st, k, n = 0, cap = 64;
	unsigned shift = 58;
	struct want *w;

	for (p = 0; p < s->npatterns; p++)
		for (j = 0; s->patterns[p].fast && j < s->patterns[p].nrules; j++)
			for (a = 0; a < s->patterns[p].rules[j].nalts; a++)
				for (st = 0; st < s->patterns[p].rules[j].alts[a].nsteps; st++) {
					struct step *x = &s->patterns[p].rules[j].alts[a].steps[st];

					if (x->local &&
					    !(x->interned = xmlDictLookup(dict, (const xmlChar *)x->local, -1)))
						return -1;
					n += st + 1 == s->patterns[p].rules[j].alts[a].nsteps;
				}
	while (cap < 4 * n) {
		cap *= 2;
		shift--;
	}
	if (!(w = calloc(cap, sizeof(*w))))
		return -1;
	free(s->want);
	s->want = w;
	s->want_cap = cap;
	s->want_shift = shift;
	s->nchains = 0;
	for (p = 0; p < s->npatterns; p++) {
		struct pattern *pt = &s->patterns[p];

		pt->nchains = 0;
		pt->all = 0;
		for (j = 0; pt->fast && j < pt->nrules; j++)
			for (a = 0; a < pt->rules[j].nalts; a++) {
				const struct alt *al = &pt->rules[j].alts[a];
				const xmlChar *name = al->steps[al->nsteps - 1].interned;
				struct want *sl;

				if (!al->steps[al->nsteps - 1].local) {
					pt->all = 1;
					continue;
				}
				sl = want_slot(s, name);
				if (!sl->name) {
					sl->name = name;
					sl->chain = s->nchains++;
				}
				for (k = 0; k < pt->nchains && pt->chains[k] != sl->chain; k++)
					;
				if (k < pt->nchains)
					continue;
				if (pt->nchains == sizeof(pt->chains) / sizeof(pt->chains[0]))
					pt->all = 1;
				else
					pt->chains[pt->nchains++] = sl->chain;
			}
	}
	free(s->chain_head);
	free(s->chain_tail);
	s->chain_head = malloc((s->nchains + 1) * sizeof(*s->chain_head));
	s->chain_tail = malloc((s->nchains + 1) * sizeof(*s->chain_tail));
	if (!s->chain_head || !s->chain_tail)
		return -1;
	s->want_gen = s->run.dict_gen;
	return 0;
}

/* Add n, the record's next element in document order, to the chain of its
   name if a rule context ends in it; 0 or -1 (inline: once per element of
   every record) */
__attribute__((always_inline)) static inline int index_element(struct kaigo_sch *s, xmlNodePtr n,
								const xmlChar *name)
{
	const struct want *w;

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
	s->elems[s->nelems] = n;
	w = want_slot(s, name);
	if (w->name) {
		s->next_same[s->nelems] = NO_ELEM;
		if (s->chain_head[w->chain] == NO_ELEM)
			s->chain_head[w->chain] = s->nelems;
		else
			s->next_same[s->chain_tail[w->chain]] = s->nelems;
		s->chain_tail[w->chain] = s->nelems;
	}
	s->nelems++;
	return 0;
}

/*
 * List the record's elements in document order and chain those of the
 * wanted names; 0, or -1 when out of memory (the caller then walks the
 * tree).  The parser's list of them is taken when there is one: no walk
 * over every child node, white space included.
 */
static int index_record(struct kaigo_sch *s, const struct kaigo_record *rec)
{
	xmlNodePtr n;
	size_t i;

	s->nelems = 0;
	for (i = 0; i < s->nchains; i++)
		s->chain_head[i] = NO_ELEM;
	if (rec->elements) {
		/* the names as the parser noted them: the nodes are not read */
		for (i = 0; i < rec->nelements; i++)
			if (index_element(s, rec->elements[i], rec->names[i]) < 0)
				return -1;
		return 0;
	}
	for (n = rec->node; n; n = next_element(n, rec->node))
		if (index_element(s, n, n->name) < 0)
			return -1;
	return 0;
}

_Static_assert(sizeof(struct memo) == 64, "a verdict is one cache line");

/* Rule r's table of verdicts (see struct memo), empty, its slots on cache lines. */
static struct memo *memo_table(struct rule *r)
{
	char *b = calloc(1, MEMO_SLOTS * sizeof(struct memo) + 63);

	if (!b)
		return NULL;
	r->memo_mem = b;
	return (struct memo *)(void *)(b + (-(uintptr_t)b & 63));
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
	/* the memo's key: the value, and the name only when a test can read it */
	const char *name = r->memo_name && node->name ? (const char *)node->name : "";

	if (r->value_only && (r->memo || (r->memo = memo_table(r)) != NULL)) {
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
	if (kaigo_sch_set_lets(s, &r->lets, node, sink) < 0) {
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
		v = fast_bool(s, kaigo_sch_lazy_fast(s, &c->fast, &c->fast_uses, c->test_src), node);
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
	if (m && value && !failed && !known && strlen((const char *)value) < MEMO_LEN && strlen(name) < MEMO_NAME_LEN) {
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
	if (rec->node->doc->dict != s->run.dict) {
		/* another dictionary: the names interned in the old one are
		   stale; the reference keeps the one in use from being freed
		   (and another from taking its place at the same address) */
		if (s->run.dict)
			xmlDictFree(s->run.dict);
		s->run.dict = rec->node->doc->dict;
		if (s->run.dict)
			xmlDictReference(s->run.dict);
		s->run.dict_gen++;
	}
	s->current = NULL;
	s->sink = sink;
	s->indexed = 0;
	s->scope[0] = &s->lets;
	s->nscope = 1;
	if (kaigo_sch_set_lets(s, &s->lets, docnode, sink) < 0) {
		failed = 1;
		goto done;
	}
	for (p = 0; p < s->npatterns; p++) {
		struct pattern *pt = &s->patterns[p];

		s->scope[1] = &pt->lets;
		s->nscope = 2;
		if (kaigo_sch_set_lets(s, &pt->lets, docnode, sink) < 0) {
			failed = 1;
			goto done;
		}
		if (pt->fast) {
			/* one walk over the record: each element goes to the first
			   rule of the pattern whose context it matches */
			xmlNodePtr node;

			if (!s->run.dict)
				goto slow; /* names not interned: match by selecting */
			if (s->want_gen != s->run.dict_gen && want_build(s) < 0)
				goto slow; /* out of memory */
			if (!s->indexed)
				s->indexed = index_record(s, rec) == 0 ? 1 : -1;
			if (s->indexed > 0) {
				/* the heads of the chains of the names the rules'
				   contexts end in; all elements if one ends in "*" */
				size_t cur[sizeof(pt->chains) / sizeof(pt->chains[0])], nc = 0, k;
				int all = pt->all;

				for (k = 0; k < pt->nchains && !all; k++)
					if (s->chain_head[pt->chains[k]] != NO_ELEM)
						cur[nc++] = s->chain_head[pt->chains[k]];
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
	kaigo_sch_clear_shared(s);
	kaigo_sch_drop_values(s);
	s->current = NULL;
	s->nscope = 0;
	return failed ? -1 : found;
}
