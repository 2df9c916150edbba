/*
 * schxp.c - a direct evaluator for the common XPath 1.0 expressions of
 * business rules (see schxp.h; compiled by schxpc.c).
 *
 * Evaluation walks the compiled tree over the record's nodes; every value
 * is in an arena that the caller releases, so a test allocates nothing in
 * steady state.  Node-sets are always in document order without
 * duplicates; "flat" sets (no node inside another) skip the sort after a
 * child step.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "schxp_int.h"

/* ------------------------------------------------------------ arena */

/* aalloc when the current block is full: the next one, or a new one */
__attribute__((noinline))
static void *aalloc_slow(struct kaigo_schxp_arena *a, size_t n)
{
	size_t cap, at;
	char **nb;
	size_t *nc;

	while (a->cur < a->nblocks) {
		if (a->used + n <= a->caps[a->cur]) {
			void *p = a->blocks[a->cur] + a->used;

			a->used += n;
			return p;
		}
		if (a->cur + 1 < a->nblocks && n <= a->caps[a->cur + 1]) {
			a->cur++;
			a->used = 0;
			continue;
		}
		break;
	}
	/* a new block after the current one (blocks after it are free) */
	cap = n > 65536 ? n : 65536;
	nb = realloc(a->blocks, (a->nblocks + 1) * sizeof(*nb));
	if (!nb)
		return NULL;
	a->blocks = nb;
	nc = realloc(a->caps, (a->nblocks + 1) * sizeof(*nc));
	if (!nc)
		return NULL;
	a->caps = nc;
	at = a->nblocks ? a->cur + 1 : 0;
	memmove(a->blocks + at + 1, a->blocks + at, (a->nblocks - at) * sizeof(*nb));
	memmove(a->caps + at + 1, a->caps + at, (a->nblocks - at) * sizeof(*nc));
	if (!(a->blocks[at] = malloc(cap))) {
		memmove(a->blocks + at, a->blocks + at + 1, (a->nblocks - at) * sizeof(*nb));
		memmove(a->caps + at, a->caps + at + 1, (a->nblocks - at) * sizeof(*nc));
		return NULL;
	}
	a->caps[at] = cap;
	a->nblocks++;
	a->cur = at;
	a->used = n;
	return a->blocks[at];
}

/* n bytes (8-aligned) in the arena, or NULL when out of memory. */
static inline void *aalloc(struct kaigo_schxp_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (a->cur < a->nblocks && a->used + n <= a->caps[a->cur]) {
		void *p = a->blocks[a->cur] + a->used;

		a->used += n;
		return p;
	}
	return aalloc_slow(a, n);
}

/* The same inline, for the evaluator's own marks (a predicate per node, a test). */
static inline struct kaigo_schxp_mark mark_of(const struct kaigo_schxp_run *run)
{
	struct kaigo_schxp_mark m = { run->arena.cur, run->arena.used };

	return m;
}

static inline void release_to(struct kaigo_schxp_run *run, struct kaigo_schxp_mark m)
{
	run->arena.cur = m.cur;
	run->arena.used = m.used;
}

struct kaigo_schxp_mark kaigo_schxp_mark(const struct kaigo_schxp_run *run)
{
	return mark_of(run);
}

void kaigo_schxp_release(struct kaigo_schxp_run *run, struct kaigo_schxp_mark m)
{
	release_to(run, m);
}

void kaigo_schxp_run_release(struct kaigo_schxp_run *run)
{
	size_t i;

	for (i = 0; i < run->arena.nblocks; i++)
		free(run->arena.blocks[i]);
	free(run->arena.blocks);
	free(run->arena.caps);
	memset(&run->arena, 0, sizeof(run->arena));
}

/* ------------------------------------------------------------ values */

/* The context of one evaluation: node, position and size. */
struct ectx {
	struct kaigo_schxp_run *run;
	xmlNodePtr node;
	size_t pos, size;
};

static char *astrdup(struct ectx *c, const char *s, size_t n)
{
	char *p = aalloc(&c->run->arena, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* A string libxml2 allocated, moved into the arena. */
static const char *adopt(struct ectx *c, xmlChar *s)
{
	const char *r;

	if (!s)
		return NULL;
	r = astrdup(c, (const char *)s, strlen((const char *)s));
	xmlFree(s);
	return r;
}

/* The node after k's subtree in document order, within top's subtree (k below top); NULL at its end. */
static xmlNodePtr after(xmlNodePtr k, xmlNodePtr top)
{
	while (k && !k->next && k != top)
		k = k->parent;
	return k && k != top ? k->next : NULL;
}

/*
 * The string-value of a node: the text of an element with one text child
 * is borrowed; other elements concatenate their descendant text (as
 * xmlNodeGetContent does); anything unusual is left to libxml2.
 */
static const char *node_string(struct ectx *c, xmlNodePtr n)
{
	xmlNodePtr k;
	size_t len = 0;
	char *buf, *o;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
	case XML_COMMENT_NODE:
	case XML_PI_NODE:
		return n->content ? (const char *)n->content : "";
	case XML_ELEMENT_NODE:
	case XML_ATTRIBUTE_NODE:
		break;
	default:
		return adopt(c, xmlXPathCastNodeToString(n));
	}
	k = n->children;
	if (!k)
		return "";
	if (!k->next && (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE))
		return k->content ? (const char *)k->content : "";
	/* two passes over the subtree: the length, then the bytes */
	for (k = n->children; k;) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			len += k->content ? strlen((const char *)k->content) : 0;
		} else if (k->type == XML_ELEMENT_NODE && k->children) {
			k = k->children;
			continue;
		} else if (k->type != XML_ELEMENT_NODE && k->type != XML_COMMENT_NODE && k->type != XML_PI_NODE) {
			return adopt(c, xmlXPathCastNodeToString(n)); /* entity references */
		}
		if (!(k = after(k, n)))
			break;
	}
	if (!(buf = aalloc(&c->run->arena, len + 1)))
		return NULL;
	o = buf;
	for (k = n->children; k;) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			size_t l = k->content ? strlen((const char *)k->content) : 0;

			memcpy(o, k->content, l);
			o += l;
		} else if (k->type == XML_ELEMENT_NODE && k->children) {
			k = k->children;
			continue;
		}
		if (!(k = after(k, n)))
			break;
	}
	*o = '\0';
	return buf;
}

/* XPath number(string), as libxml2 converts (plain integers directly). */
static double str_number(const char *s)
{
	const char *p = s;
	int neg = 0, nd = 0;
	double v = 0;

	while (is_blank(*p))
		p++;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	while (*p >= '0' && *p <= '9' && nd < 15) {
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	while (is_blank(*p))
		p++;
	if (*p || !nd)
		return xmlXPathCastStringToNumber((const xmlChar *)s);
	return neg ? -v : v;
}

/* XPath string(number), as libxml2 formats (integers directly). */
static const char *number_string(struct ectx *c, double d)
{
	char *p;

	if (d != d)
		return "NaN";
	if (d == 0)
		return "0";
	if (d > INT_MIN && d < INT_MAX && d == (int)d) {
		/* the digits from the end, then the sign ("%d" without stdio) */
		long long k = (long long)d;
		unsigned long long u = (unsigned long long)(k < 0 ? -k : k);
		char buf[16], *o = buf + sizeof(buf);

		*--o = '\0';
		do
			*--o = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (k < 0)
			*--o = '-';
		if ((p = aalloc(&c->run->arena, (size_t)(buf + sizeof(buf) - o))) != NULL)
			memcpy(p, o, (size_t)(buf + sizeof(buf) - o));
		return p;
	}
	return adopt(c, xmlXPathCastNumberToString(d));
}

static inline int to_boolean(const struct kaigo_schxp_val *v)
{
	switch (v->type) {
	case KAIGO_SCHXP_NODES: return v->n > 0;
	case KAIGO_SCHXP_STRING: return v->str[0] != '\0';
	case KAIGO_SCHXP_NUMBER: return v->num != 0 && v->num == v->num;
	default: return v->b;
	}
}

static const char *to_string(struct ectx *c, const struct kaigo_schxp_val *v)
{
	switch (v->type) {
	case KAIGO_SCHXP_NODES: return v->n ? node_string(c, v->nodes[0]) : "";
	case KAIGO_SCHXP_STRING: return v->str;
	case KAIGO_SCHXP_NUMBER: return number_string(c, v->num);
	default: return v->b ? "true" : "false";
	}
}

/* number(v); a string that could not be made (out of memory) is NaN and fails the caller. */
static int to_number(struct ectx *c, const struct kaigo_schxp_val *v, double *d)
{
	const char *s;

	switch (v->type) {
	case KAIGO_SCHXP_NUMBER: *d = v->num; return 0;
	case KAIGO_SCHXP_BOOLEAN: *d = v->b ? 1.0 : 0.0; return 0;
	default:
		if (!(s = to_string(c, v)))
			return -1;
		*d = str_number(s);
		return 0;
	}
}

static void set_number(struct kaigo_schxp_val *v, double d)
{
	v->type = KAIGO_SCHXP_NUMBER;
	v->num = d;
}

static void set_boolean(struct kaigo_schxp_val *v, int b)
{
	v->type = KAIGO_SCHXP_BOOLEAN;
	v->b = b;
}

static int set_string(struct kaigo_schxp_val *v, const char *s)
{
	if (!s)
		return -1;
	v->type = KAIGO_SCHXP_STRING;
	v->str = s;
	return 0;
}

/* The value of the variable reference e: the var callback's. */
static inline int var_value(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	if (!c->run->var || c->run->var(c->run->ctx, e->name, (struct kaigo_schxp_varhint *)&e->hint, out) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ node-sets */

/* A node list growing in the arena. */
struct nvec {
	xmlNodePtr *v;
	size_t n, cap;
};

/* nv_push when v is full: twice the room */
__attribute__((noinline))
static int nv_grow(struct ectx *c, struct nvec *v, xmlNodePtr n)
{
	size_t cap = v->cap ? v->cap * 2 : 8;
	xmlNodePtr *nw = aalloc(&c->run->arena, cap * sizeof(*nw));

	if (!nw)
		return -1;
	if (v->n)
		memcpy(nw, v->v, v->n * sizeof(*nw));
	v->v = nw;
	v->cap = cap;
	v->v[v->n++] = n;
	return 0;
}

static inline int nv_push(struct ectx *c, struct nvec *v, xmlNodePtr n)
{
	if (v->n == v->cap)
		return nv_grow(c, v, n);
	v->v[v->n++] = n;
	return 0;
}

static int cmp_doc_order(const void *a, const void *b)
{
	int r = xmlXPathCmpNodes(*(xmlNodePtr const *)a, *(xmlNodePtr const *)b);

	return r == 1 ? -1 : r == -1 ? 1 : 0;
}

/* Sort into document order and drop duplicates. */
static void sort_nodes(struct nvec *v)
{
	size_t i, o;

	if (v->n < 2)
		return;
	qsort(v->v, v->n, sizeof(*v->v), cmp_doc_order);
	for (i = 1, o = 1; i < v->n; i++)
		if (v->v[i] != v->v[o - 1])
			v->v[o++] = v->v[i];
	v->n = o;
}

/* A node of a type the evaluator knows on the child and sibling axes? */
static int plain_child(xmlNodePtr k)
{
	return k->type == XML_ELEMENT_NODE || k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE ||
	       k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE;
}

static int is_document(xmlNodePtr n)
{
	return n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE;
}

/*
 * The step's local name interned in the dictionary of n's document when
 * that is the run's (then node names compare as pointers), else NULL
 * (compare the text).  Interned once per dictionary.
 */
static inline const xmlChar *interned_local(struct ectx *c, const struct xstep *st, xmlNodePtr n)
{
	struct xstep *m = (struct xstep *)st; /* its cache */

	if (!c->run->dict || !n->doc || n->doc->dict != c->run->dict)
		return NULL;
	if (m->ilocal_gen != c->run->dict_gen || !m->ilocal_gen) {
		m->ilocal = xmlDictLookup(c->run->dict, (const xmlChar *)st->local, -1);
		m->ilocal_gen = c->run->dict_gen;
	}
	return m->ilocal;
}

/* Is n's name the step's local name (iname: as interned_local gives it)? */
static inline int name_is(const struct xstep *st, const xmlChar *iname, xmlNodePtr n)
{
	if (iname)
		return n->name == iname;
	return n->name[0] == st->local[0] && strcmp((const char *)n->name, st->local) == 0;
}

/*
 * Is n in the step's namespace (st->uri, or none)?  A declaration found
 * to have it is remembered for the rest of the epoch: the elements of a
 * record share a few declarations.
 */
static inline int ns_is(struct ectx *c, const struct xstep *st, xmlNodePtr n)
{
	struct xstep *m = (struct xstep *)st; /* its cache */

	if (!st->uri)
		return n->ns == NULL;
	if (!n->ns)
		return 0;
	if (c->run->epoch &&
	    ((n->ns == m->ns_hit && m->ns_epoch == c->run->epoch) ||
	     (n->ns == c->run->ns_seen && st->ns_key && st->ns_key == c->run->ns_key &&
	      c->run->ns_epoch == c->run->epoch)))
		return 1;
	if (strcmp((const char *)n->ns->href, st->uri) != 0)
		return 0;
	m->ns_hit = n->ns;
	m->ns_epoch = c->run->epoch;
	c->run->ns_seen = n->ns; /* for the other steps in that namespace */
	c->run->ns_key = st->ns_key;
	c->run->ns_epoch = c->run->epoch;
	return 1;
}

/* Does node n pass the step's node test (principal type: element, or attribute on that axis)? */
static int test_matches(struct ectx *c, const struct xstep *st, xmlNodePtr n)
{
	int principal = st->axis == AX_ATTRIBUTE ? XML_ATTRIBUTE_NODE : XML_ELEMENT_NODE;

	switch (st->test) {
	case T_NODE: return 1;
	case T_TEXT: return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
	case T_COMMENT: return n->type == XML_COMMENT_NODE;
	case T_PI: return n->type == XML_PI_NODE;
	case T_ANY: return (int)n->type == principal;
	case T_NS_ANY:
		return (int)n->type == principal && st->uri && ns_is(c, st, n);
	default:
		return (int)n->type == principal && name_is(st, interned_local(c, st, n), n) && ns_is(c, st, n);
	}
}

static int eval(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out);

/* Keep the nodes of v[0..n) that pass the predicate (positions in v's order). */
static int filter(struct ectx *c, const struct xe *pred, xmlNodePtr *v, size_t *n)
{
	size_t i, o = 0, size = *n;

	for (i = 0; i < size; i++) {
		struct ectx sub = { c->run, v[i], i + 1, size };
		struct kaigo_schxp_mark m = mark_of(c->run);
		struct kaigo_schxp_val r;
		int keep;

		if (eval(&sub, pred, &r) < 0)
			return -1;
		keep = r.type == KAIGO_SCHXP_NUMBER ? r.num == (double)(i + 1) : to_boolean(&r);
		release_to(c->run, m);
		if (keep)
			v[o++] = v[i];
	}
	*n = o;
	return 0;
}

/* The nodes on the axis of n that pass the test, in axis order. */
static int axis_nodes(struct ectx *c, const struct xstep *st, xmlNodePtr n, struct nvec *out)
{
	const xmlChar *iname;
	xmlNodePtr k;

	if (n->type == XML_NAMESPACE_DECL)
		return -1;
	switch (st->axis) {
	case AX_SELF:
		return test_matches(c, st, n) ? nv_push(c, out, n) : 0;
	case AX_CHILD:
		if (n->type != XML_ELEMENT_NODE && !is_document(n))
			return 0;
		if (st->test == T_NAME && n->type == XML_ELEMENT_NODE && (iname = interned_local(c, st, n)) != NULL) {
			/* the common step "p:name": elements by name (a pointer: the
			   children are in n's document, names interned alike), the
			   rest skipped */
			for (k = n->children; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE) {
					if (!plain_child(k))
						return -1;
					continue;
				}
				if (k->name == iname && ns_is(c, st, k) && nv_push(c, out, k) < 0)
					return -1;
			}
			return 0;
		}
		for (k = n->children; k; k = k->next) {
			if (!plain_child(k)) {
				if (is_document(n) && k->type == XML_DTD_NODE)
					continue;
				return -1;
			}
			if (test_matches(c, st, k) && nv_push(c, out, k) < 0)
				return -1;
		}
		return 0;
	case AX_ATTRIBUTE:
		if (n->type != XML_ELEMENT_NODE)
			return 0;
		for (k = (xmlNodePtr)n->properties; k; k = k->next)
			if (test_matches(c, st, k) && nv_push(c, out, k) < 0)
				return -1;
		return 0;
	case AX_PARENT:
		k = n->parent;
		return k && test_matches(c, st, k) ? nv_push(c, out, k) : 0;
	case AX_ANCESTOR_OR_SELF:
		if (test_matches(c, st, n) && nv_push(c, out, n) < 0)
			return -1;
		/* fall through */
	case AX_ANCESTOR:
		for (k = n->parent; k; k = k->parent)
			if (test_matches(c, st, k) && nv_push(c, out, k) < 0)
				return -1;
		return 0;
	case AX_DESCENDANT_OR_SELF:
		if (test_matches(c, st, n) && nv_push(c, out, n) < 0)
			return -1;
		/* fall through */
	case AX_DESCENDANT:
		if (n->type != XML_ELEMENT_NODE && !is_document(n))
			return 0;
		for (k = n->children; k;) {
			if (!plain_child(k)) {
				if (!(is_document(k->parent) && k->type == XML_DTD_NODE))
					return -1;
			} else {
				if (test_matches(c, st, k) && nv_push(c, out, k) < 0)
					return -1;
				if (k->type == XML_ELEMENT_NODE && k->children) {
					k = k->children;
					continue;
				}
			}
			if (!(k = after(k, n)))
				break;
		}
		return 0;
	case AX_FOLLOWING_SIBLING:
	case AX_PRECEDING_SIBLING:
		if (n->type == XML_ATTRIBUTE_NODE || is_document(n))
			return 0;
		for (k = st->axis == AX_FOLLOWING_SIBLING ? n->next : n->prev; k;
		     k = st->axis == AX_FOLLOWING_SIBLING ? k->next : k->prev) {
			if (!plain_child(k)) {
				if (k->type == XML_DTD_NODE)
					continue;
				return -1;
			}
			if (test_matches(c, st, k) && nv_push(c, out, k) < 0)
				return -1;
		}
		return 0;
	}
	return -1;
}

static int reverse_axis(enum axis a)
{
	return a == AX_PARENT || a == AX_ANCESTOR || a == AX_ANCESTOR_OR_SELF || a == AX_PRECEDING_SIBLING;
}

/* One location step from the node-set v (replaced by the result). */
/* kept out of eval, so that its frame stays small for the simple nodes */
__attribute__((noinline))
static int step(struct ectx *c, const struct xstep *st, struct kaigo_schxp_val *v)
{
	struct nvec out = { NULL, 0, 0 }, tmp = { NULL, 0, 0 };
	size_t i, j, k;
	int ordered;

	/* room for a few nodes at once: most steps find one or two */
	if (!(tmp.v = aalloc(&c->run->arena, 8 * sizeof(*tmp.v))))
		return -1;
	tmp.cap = 8;
	for (i = 0; i < v->n; i++) {
		tmp.n = 0;
		if (axis_nodes(c, st, v->nodes[i], &tmp) < 0)
			return -1;
		for (k = 0; k < st->npreds && tmp.n; k++)
			if (filter(c, st->preds[k], tmp.v, &tmp.n) < 0)
				return -1;
		if (v->n == 1 && !reverse_axis(st->axis)) {
			out = tmp; /* one context node: already in document order */
			break;
		}
		for (j = 0; j < tmp.n; j++)
			if (nv_push(c, &out, tmp.v[reverse_axis(st->axis) ? tmp.n - 1 - j : j]) < 0)
				return -1;
	}
	/* children, attributes and selves of separate nodes in document
	   order are in document order; anything else is sorted */
	ordered = v->n <= 1 || (v->flat && (st->axis == AX_CHILD || st->axis == AX_ATTRIBUTE ||
					    st->axis == AX_SELF || st->axis == AX_DESCENDANT ||
					    st->axis == AX_DESCENDANT_OR_SELF));
	if (!ordered)
		sort_nodes(&out);
	v->flat = out.n <= 1 || ((v->n <= 1 || v->flat) && (st->axis == AX_CHILD || st->axis == AX_ATTRIBUTE ||
							   st->axis == AX_SELF));
	v->type = KAIGO_SCHXP_NODES;
	v->nodes = out.v;
	v->n = out.n;
	v->sorted = 1;
	return 0;
}

/* kept out of eval, so that its frame stays small for the simple nodes */
__attribute__((noinline))
static int eval_path(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	size_t i;
	xmlNodePtr start_slot;

	if (e->base) {
		if (eval(c, e->base, out) < 0 || out->type != KAIGO_SCHXP_NODES)
			return -1; /* a path from a non-node-set: libxml2's error */
		if (e->npreds && out->n) {
			/* filter a copy: the value may be a variable's */
			xmlNodePtr *copy = aalloc(&c->run->arena, out->n * sizeof(*copy));

			if (!copy)
				return -1;
			memcpy(copy, out->nodes, out->n * sizeof(*copy));
			out->nodes = copy;
			for (i = 0; i < e->npreds && out->n; i++)
				if (filter(c, e->preds[i], out->nodes, &out->n) < 0)
					return -1;
		}
	} else {
		/* the start node on the stack when a step follows (it makes a new set) */
		xmlNodePtr start = c->node;
		xmlNodePtr *one = e->nsteps ? &start_slot : aalloc(&c->run->arena, sizeof(*one));

		if (!one)
			return -1;
		if (e->absolute) {
			if (!start->doc)
				return -1;
			start = (xmlNodePtr)start->doc;
		}
		one[0] = start;
		out->type = KAIGO_SCHXP_NODES;
		out->nodes = one;
		out->n = 1;
		out->sorted = out->flat = 1;
	}
	for (i = 0; i < e->nsteps && out->n; i++)
		if (step(c, &e->steps[i], out) < 0)
			return -1;
	return 0;
}

/* kept out of eval, so that its frame stays small for the simple nodes */
__attribute__((noinline))
static int eval_union(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	struct kaigo_schxp_val a, b;
	struct nvec v = { NULL, 0, 0 };
	size_t i;

	if (eval(c, e->a, &a) < 0 || eval(c, e->b, &b) < 0 || a.type != KAIGO_SCHXP_NODES ||
	    b.type != KAIGO_SCHXP_NODES)
		return -1;
	for (i = 0; i < a.n; i++)
		if (nv_push(c, &v, a.nodes[i]) < 0)
			return -1;
	for (i = 0; i < b.n; i++)
		if (nv_push(c, &v, b.nodes[i]) < 0)
			return -1;
	sort_nodes(&v);
	out->type = KAIGO_SCHXP_NODES;
	out->nodes = v.v;
	out->n = v.n;
	out->sorted = 1;
	out->flat = v.n <= 1;
	return 0;
}

/* ------------------------------------------------------------ walks */

static int truth(struct ectx *c, const struct xe *e);
static int comparison(struct ectx *c, const struct xe *e);
static int compare_numbers(enum op op, double x, double y);

/*
 * What a walk of a path's nodes (see walk_from) does with each node: stop
 * at the first; count them or add up their numbers (all of them, in
 * document order, as count() and sum() over the node-set); or stop at the
 * first that compares true with a string or a number (XPath 1.0 3.4: a
 * node-set compares true when one of its nodes does).
 */
enum walk_mode { W_FIRST, W_COUNT, W_SUM, W_EQ, W_NE, W_CMP };

struct walk {
	enum walk_mode mode;
	enum op op;                 /* W_CMP: number(node) op num */
	xmlNodePtr found;           /* W_FIRST: the node */
	double acc;                 /* W_COUNT, W_SUM: the count or the sum so far */
	const char *str;            /* W_EQ, W_NE: the string compared with */
	double num;                 /* W_CMP: the number compared with */
};

/* n is a node of the path: 1 to stop the walk there, 0 to go on, -1 (out of memory). */
static inline int visit(struct ectx *c, struct walk *w, xmlNodePtr n)
{
	struct kaigo_schxp_mark m;
	const char *s;
	int r;

	if (w->mode == W_FIRST) {
		w->found = n;
		return 1;
	}
	if (w->mode == W_COUNT) {
		w->acc += 1;
		return 0;
	}
	m = mark_of(c->run);
	if (!(s = node_string(c, n)))
		return -1;
	switch (w->mode) {
	case W_SUM:
		w->acc += str_number(s);
		r = 0;
		break;
	case W_EQ:
	case W_NE:
		r = (strcmp(s, w->str) == 0) == (w->mode == W_EQ);
		break;
	default:
		r = compare_numbers(w->op, str_number(s), w->num);
		break;
	}
	release_to(c->run, m);
	return r;
}

/*
 * Walk the nodes in document order of the steps k... of the path e from
 * n (see first_walk): children (or attributes) in document order, depth
 * first, each node the path selects given to visit as it is met, no
 * node-set made.  1 when visit stopped the walk, 0 when it ended, or -1
 * (a node the evaluator leaves to libxml2: the caller evaluates the whole
 * path, and the walk's results so far count for nothing).
 */
static int walk_from(struct ectx *c, const struct xe *e, size_t k, xmlNodePtr n, struct walk *w);

/* ch passed the test of step k: its predicates, then the steps after k from it (as walk_from). */
static int walk_past(struct ectx *c, const struct xe *e, size_t k, xmlNodePtr ch, struct walk *w)
{
	const struct xstep *st = &e->steps[k];
	size_t i;
	int r;

	/* the predicates read no position: each node on its own */
	for (i = 0; i < st->npreds; i++) {
		struct ectx sub = { c->run, ch, 1, 1 };

		if ((r = truth(&sub, st->preds[i])) <= 0)
			return r;
	}
	if (k + 1 == e->nsteps)
		return visit(c, w, ch);
	return walk_from(c, e, k + 1, ch, w);
}

static int walk_from(struct ectx *c, const struct xe *e, size_t k, xmlNodePtr n, struct walk *w)
{
	const struct xstep *st = &e->steps[k];
	const xmlChar *iname;
	xmlNodePtr ch;
	int r;

	if (n->type == XML_NAMESPACE_DECL)
		return -1;
	switch (st->axis) {
	case AX_ATTRIBUTE:
		if (n->type != XML_ELEMENT_NODE)
			return 0;
		for (ch = (xmlNodePtr)n->properties; ch; ch = ch->next)
			if (test_matches(c, st, ch) && (r = walk_past(c, e, k, ch, w)) != 0)
				return r;
		return 0;
	/* the leading steps that go up: from the one node they start from,
	   one node at most, so the walk stays in document order without
	   a node twice */
	case AX_SELF:
		return test_matches(c, st, n) ? walk_past(c, e, k, n, w) : 0;
	case AX_PARENT:
		ch = n->parent;
		return ch && test_matches(c, st, ch) ? walk_past(c, e, k, ch, w) : 0;
	case AX_ANCESTOR:
	case AX_ANCESTOR_OR_SELF: {
		xmlNodePtr one = NULL;

		for (ch = st->axis == AX_ANCESTOR ? n->parent : n; ch; ch = ch->parent)
			if (test_matches(c, st, ch)) {
				if (one)
					return -1; /* two: their nodes may interleave */
				one = ch;
			}
		return one ? walk_past(c, e, k, one, w) : 0;
	}
	default:
		break;
	}
	if (st->test == T_NAME && n->type == XML_ELEMENT_NODE && (iname = interned_local(c, st, n)) != NULL) {
		/* "p:name", as in axis_nodes */
		for (ch = n->children; ch; ch = ch->next) {
			if (ch->type != XML_ELEMENT_NODE) {
				if (!plain_child(ch))
					return -1;
				continue;
			}
			if (ch->name == iname && ns_is(c, st, ch) && (r = walk_past(c, e, k, ch, w)) != 0)
				return r;
		}
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE && !is_document(n))
		return 0;
	for (ch = n->children; ch; ch = ch->next) {
		if (!plain_child(ch)) {
			if (is_document(n) && ch->type == XML_DTD_NODE)
				continue;
			return -1;
		}
		if (test_matches(c, st, ch) && (r = walk_past(c, e, k, ch, w)) != 0)
			return r;
	}
	return 0;
}

/* Walk the nodes of the path e (e->first_walk) from the context node: as walk_from. */
static int walk_path(struct ectx *c, const struct xe *e, struct walk *w)
{
	xmlNodePtr start = c->node;

	if (e->absolute) {
		if (!start->doc)
			return -1;
		start = (xmlNodePtr)start->doc;
	}
	return walk_from(c, e, 0, start, w);
}

/* boolean(e): 1 or 0, or -1 (leave it to libxml2); the arena is left as it was. */
static int truth(struct ectx *c, const struct xe *e)
{
	struct kaigo_schxp_mark m;
	struct kaigo_schxp_val v;
	struct walk w;
	int r;

	/* the boolean operators and functions and the comparisons as
	   booleans, not through values */
	switch (e->op) {
	case OP_OR:
	case OP_AND:
		if ((r = truth(c, e->a)) < 0 || r == (e->op == OP_OR))
			return r;
		return truth(c, e->b);
	case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		m = mark_of(c->run);
		r = comparison(c, e);
		release_to(c->run, m);
		return r;
	case OP_FN:
		if (e->fn == F_NOT || e->fn == F_BOOLEAN) {
			if ((r = truth(c, e->args[0])) < 0)
				return r;
			return r != (e->fn == F_NOT);
		}
		break;
	case OP_VAR:
		/* a let's value as it is, not through eval */
		m = mark_of(c->run);
		r = var_value(c, e, &v) < 0 ? -1 : to_boolean(&v);
		release_to(c->run, m);
		return r;
	case OP_PATH:
		/* a node-set is true when it has a node: the first will do */
		w.mode = W_FIRST;
		if (e->first_walk && (r = walk_path(c, e, &w)) >= 0)
			return r;
		break;
	default:
		break;
	}
	m = mark_of(c->run);
	r = eval(c, e, &v) < 0 ? -1 : to_boolean(&v);
	release_to(c->run, m);
	return r;
}

/* The string-value of the path e (e->first_walk): that of its first node; 0, 1 (not this way) or -1. */
static int first_string(struct ectx *c, const struct xe *e, const char **s)
{
	struct walk w;
	int r;

	w.mode = W_FIRST;
	w.found = NULL;
	if ((r = walk_path(c, e, &w)) < 0)
		return 1;
	*s = r ? node_string(c, w.found) : "";
	return *s ? 0 : -1;
}

/* ------------------------------------------------------------ comparisons */

static int compare_numbers(enum op op, double x, double y)
{
	switch (op) {
	case OP_EQ: return x == y;
	case OP_NE: return x != y;
	case OP_LT: return x < y;
	case OP_LE: return x <= y;
	case OP_GT: return x > y;
	default: return x >= y;
	}
}

/* The operator with its operands swapped: a op b == b swapped(op) a. */
static enum op swapped(enum op op)
{
	switch (op) {
	case OP_LT: return OP_GT;
	case OP_LE: return OP_GE;
	case OP_GT: return OP_LT;
	case OP_GE: return OP_LE;
	default: return op;
	}
}

/* XPath 1.0 3.4: x op y; 1 or 0, -1 to leave to libxml2. */
/* kept out of eval, so that its frame stays small for the simple nodes */
__attribute__((noinline))
static int compare(struct ectx *c, enum op op, const struct kaigo_schxp_val *x, const struct kaigo_schxp_val *y)
{
	int eq = op == OP_EQ || op == OP_NE;
	size_t i, j;
	double d, f;
	const char *s, *t;

	if (x->type != KAIGO_SCHXP_NODES && y->type == KAIGO_SCHXP_NODES)
		return compare(c, swapped(op), y, x);
	if (x->type == KAIGO_SCHXP_NODES && y->type == KAIGO_SCHXP_NODES) {
		if (!x->n || !y->n)
			return 0;
		for (i = 0; i < x->n; i++) {
			if (!(s = node_string(c, x->nodes[i])))
				return -1;
			d = eq ? 0 : str_number(s);
			if (!eq && d != d)
				continue;
			for (j = 0; j < y->n; j++) {
				if (!(t = node_string(c, y->nodes[j])))
					return -1;
				if (eq ? ((strcmp(s, t) == 0) == (op == OP_EQ)) : compare_numbers(op, d, str_number(t)))
					return 1;
			}
		}
		return 0;
	}
	if (x->type == KAIGO_SCHXP_NODES) {
		if (y->type == KAIGO_SCHXP_BOOLEAN)
			return compare_numbers(op, x->n > 0, y->b);
		if (eq && y->type == KAIGO_SCHXP_STRING) {
			for (i = 0; i < x->n; i++) {
				if (!(s = node_string(c, x->nodes[i])))
					return -1;
				if ((strcmp(s, y->str) == 0) == (op == OP_EQ))
					return 1;
			}
			return 0;
		}
		if (to_number(c, y, &f) < 0)
			return -1;
		for (i = 0; i < x->n; i++) {
			if (!(s = node_string(c, x->nodes[i])))
				return -1;
			if (compare_numbers(op, str_number(s), f))
				return 1;
		}
		return 0;
	}
	if (eq) {
		int r;

		if (x->type == KAIGO_SCHXP_BOOLEAN || y->type == KAIGO_SCHXP_BOOLEAN) {
			r = to_boolean(x) == to_boolean(y);
		} else if (x->type == KAIGO_SCHXP_NUMBER || y->type == KAIGO_SCHXP_NUMBER) {
			if (to_number(c, x, &d) < 0 || to_number(c, y, &f) < 0)
				return -1;
			r = d == f;
		} else {
			r = strcmp(x->str, y->str) == 0;
		}
		return op == OP_EQ ? r : !r;
	}
	if (to_number(c, x, &d) < 0 || to_number(c, y, &f) < 0)
		return -1;
	return compare_numbers(op, d, f);
}

/*
 * p op o, p a path (p->first_walk), by a walk of p's nodes that stops at
 * the first that compares true (XPath 1.0 3.4), with no node-set made:
 * when o is a string or a number, one node (then its string value is
 * compared) or a boolean (then p's first node is all that counts); an
 * empty o compares false with any node-set.  Otherwise as compare.  1 or
 * 0, or -1.
 */
__attribute__((noinline))
static int compare_path(struct ectx *c, enum op op, const struct xe *p, const struct xe *o)
{
	struct kaigo_schxp_val x, y;
	const char *s = NULL;
	struct walk w;
	int r;

	if (eval(c, o, &y) < 0)
		return -1;
	if (y.type == KAIGO_SCHXP_STRING)
		s = y.str;
	else if (y.type == KAIGO_SCHXP_NODES && y.n == 0)
		return 0;
	else if (y.type == KAIGO_SCHXP_NODES && y.n == 1 && !(s = node_string(c, y.nodes[0])))
		return -1;
	w.mode = W_FIRST;
	if (s && (op == OP_EQ || op == OP_NE)) {
		w.mode = op == OP_EQ ? W_EQ : W_NE;
		w.str = s;
	} else if (s || y.type == KAIGO_SCHXP_NUMBER) {
		/* compared as numbers */
		w.mode = W_CMP;
		w.op = op;
		w.num = s ? str_number(s) : y.num;
	}
	if ((s || y.type == KAIGO_SCHXP_NUMBER || y.type == KAIGO_SCHXP_BOOLEAN) &&
	    (r = walk_path(c, p, &w)) >= 0)
		return y.type == KAIGO_SCHXP_BOOLEAN ? compare_numbers(op, r, y.b) : r;
	if (eval(c, p, &x) < 0)
		return -1;
	return compare(c, op, &x, &y);
}

/* ------------------------------------------------------------ functions */

/* The characters of the UTF-8 string s: its bytes less the continuation bytes (10xxxxxx), eight at a time. */
static size_t utf8_len(const char *s)
{
	size_t n = strlen(s), i, cont = 0;

	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, sizeof(w));
		/* bit 7 set and bit 6 (shifted up to bit 7) clear; the flags,
		   moved to bit 0 of their bytes, summed into the top byte by
		   one multiplication (no popcount instruction in the base ISA:
		   __builtin_popcountll would be a libgcc call) */
		w = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		cont += (size_t)((w * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return n - cont;
}

/* The byte length of the UTF-8 character at s. */
static size_t utf8_char(const char *s)
{
	size_t n = 1;

	while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/*
 * skip_chars for k >= 16: a long run of ASCII (a table of codes, a
 * prefix taken to the end) is passed eight bytes at a time within the
 * bytes strnlen found; the rest character by character.
 */
__attribute__((noinline))
static const char *skip_long(const char *s, size_t k)
{
	size_t n = strnlen(s, k), i;
	const char *p;
	uint64_t w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		if (w & 0x8080808080808080ull)
			break;
	}
	for (p = s + i, k -= i; *p && k; k--)
		p += (unsigned char)*p < 0x80 ? 1 : utf8_char(p);
	return p;
}

/* s advanced by k characters, or to its end. */
static inline const char *skip_chars(const char *s, size_t k)
{
	if (k >= 16)
		return skip_long(s, k);
	for (; k; k--) {
		unsigned char b = (unsigned char)*s;

		if (b - 1u < 0x7fu) /* ASCII, not the end */
			s++;
		else if (b)
			s += utf8_char(s);
		else
			break;
	}
	return s;
}

/* string_arg for anything but a literal */
__attribute__((noinline))
static int string_arg_of(struct ectx *c, const struct xe *e, size_t k, const char **s)
{
	struct kaigo_schxp_val v;

	if (k >= e->nargs) {
		*s = node_string(c, c->node);
		return *s ? 0 : -1;
	}
	if (e->args[k]->first_walk) {
		int r = first_string(c, e->args[k], s);

		if (r <= 0)
			return r;
	}
	if (e->args[k]->op == OP_VAR) {
		/* a let's string (a value read again and again) taken as it is */
		if (var_value(c, e->args[k], &v) < 0)
			return -1;
		if (v.type == KAIGO_SCHXP_STRING) {
			*s = v.str;
			return 0;
		}
	} else if (eval(c, e->args[k], &v) < 0) {
		return -1;
	}
	*s = to_string(c, &v);
	return *s ? 0 : -1;
}

/* The string argument k (the context node's string value when absent): a literal in place. */
static inline int string_arg(struct ectx *c, const struct xe *e, size_t k, const char **s)
{
	if (k < e->nargs && e->args[k]->op == OP_STR) {
		*s = e->args[k]->s;
		return 0;
	}
	return string_arg_of(c, e, k, s);
}

/* Every ASCII character as a string of its own: ascii1 + 2 * c is "c". */
#define A2(n) (char)(n), 0
#define A8(n) A2(n), A2((n) + 1), A2((n) + 2), A2((n) + 3), A2((n) + 4), A2((n) + 5), A2((n) + 6), A2((n) + 7)
#define A32(n) A8(n), A8((n) + 8), A8((n) + 16), A8((n) + 24)
static const char ascii1[256] = { A32(0), A32(32), A32(64), A32(96) };

/* x op y for the arithmetic operators */
static double arith(enum op op, double x, double y)
{
	switch (op) {
	case OP_ADD: return x + y;
	case OP_SUB: return x - y;
	case OP_MUL: return x * y;
	case OP_DIV: return x / y;
	default:
		/* whole numbers (check digits: "(2 * d) mod 10"): the remainder
		   without a libm call; a zero or negative x (the sign of a zero
		   result), fractions, NaN and infinities are fmod's */
		if (x >= 1 && y >= 1 && x < 9007199254740992.0 && y < 9007199254740992.0 &&
		    x == (double)(long long)x && y == (double)(long long)y)
			return (double)((long long)x % (long long)y);
		return fmod(x, y);
	}
}

/*
 * number(substring(s, k, 1)) (e->char_at is k): the k-th character of s,
 * a digit directly; anything else converted as a string of its own (an
 * empty one past the end).
 */
static int char_number(struct ectx *c, const struct xe *e, double *d)
{
	struct kaigo_schxp_val v;
	const char *s, *p;

	if (e->args[0]->op == OP_VAR) {
		/* a let's string (an office number), as string_arg takes it */
		if (var_value(c, e->args[0], &v) < 0 || !(s = v.type == KAIGO_SCHXP_STRING ? v.str : to_string(c, &v)))
			return -1;
	} else if (string_arg(c, e, 0, &s) < 0) {
		return -1;
	}
	p = skip_chars(s, e->char_at - 1);
	if (*p >= '0' && *p <= '9') {
		*d = *p - '0';
		return 0;
	}
	if (!*p || (unsigned char)*p < 0x80) {
		*d = str_number(ascii1 + 2 * (unsigned char)*p);
		return 0;
	}
	if (!(s = astrdup(c, p, utf8_char(p))))
		return -1;
	*d = str_number(s);
	return 0;
}

static int translate_ascii(struct ectx *c, const char *s, const char *from, const char *to,
			   struct kaigo_schxp_val *out);

/*
 * number(translate(s, from, '')) (e is the translate, e->drops): a value
 * of digits and characters of from alone ("2024-04-01") is those digits'
 * number, read in place; anything else (blanks, signs, a fraction, more
 * digits than a double holds exactly) is translated and converted.
 */
static int dropped_number(struct ectx *c, const struct xe *e, double *d)
{
	const char *s, *p, *from = e->args[1]->s;
	double v = 0;
	int nd = 0;

	if (string_arg(c, e, 0, &s) < 0)
		return -1;
	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p - '0');
			nd++;
		} else if ((unsigned char)*p >= 0x80 || !strchr(from, *p)) {
			break;
		}
	}
	if (!*p && nd && nd <= 15) {
		*d = v;
		return 0;
	}
	{
		struct kaigo_schxp_val t;

		if (translate_ascii(c, s, from, "", &t) < 0)
			return -1;
		*d = str_number(t.str);
		return 0;
	}
}

/* number(e) for what eval_number does not take apart: a path's first node, or any value converted. */
__attribute__((noinline))
static int number_of(struct ectx *c, const struct xe *e, double *d)
{
	struct kaigo_schxp_val v;

	if (e->op == OP_PATH && e->first_walk) {
		const char *s;
		int r = first_string(c, e, &s);

		if (r < 0)
			return -1;
		if (r == 0) {
			*d = str_number(s);
			return 0;
		}
	}
	if (e->op == OP_FN && e->char_at)
		return char_number(c, e, d);
	if (e->op == OP_FN && e->drops)
		return dropped_number(c, e, d);
	if (eval(c, e, &v) < 0)
		return -1;
	return to_number(c, &v, d);
}

/*
 * number(e): a number literal directly (the positions and lengths of
 * substring(), the operands of arithmetic), and arithmetic, floor(),
 * ceiling() and number() on what is already a number without making a
 * value of each step (a check digit is forty of them); its frame is kept
 * small, the rest is number_of's.
 */
static int run_prog(struct ectx *c, const struct xe *e, double *d);

static int eval_number(struct ectx *c, const struct xe *e, double *d)
{
	double f;

	if (e->has_prog)
		return run_prog(c, e, d);
	switch (e->op) {
	case OP_NUM:
		*d = e->num;
		return 0;
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
		/* a literal operand ("2 * d", "s mod 10") read here, not by a call */
		if (e->a->op == OP_NUM)
			*d = e->a->num;
		else if (eval_number(c, e->a, d) < 0)
			return -1;
		if (e->b->op == OP_NUM)
			f = e->b->num;
		else if (eval_number(c, e->b, &f) < 0)
			return -1;
		*d = arith(e->op, *d, f);
		return 0;
	case OP_NEG:
		if (eval_number(c, e->a, d) < 0)
			return -1;
		*d = -*d;
		return 0;
	case OP_FN:
		if (e->char_at)
			return char_number(c, e, d);
		if ((e->fn == F_FLOOR || e->fn == F_CEILING) && e->nargs == 1) {
			if (eval_number(c, e->args[0], d) < 0)
				return -1;
			*d = e->fn == F_FLOOR ? floor(*d) : ceil(*d);
			return 0;
		}
		if (e->fn == F_NUMBER && e->nargs == 1)
			return eval_number(c, e->args[0], d);
		break;
	default:
		break;
	}
	return number_of(c, e, d);
}

/*
 * number(e) for an arithmetic tree with a program (e->prog): its steps in
 * order on a stack of numbers, the same operations in the same order as
 * eval_number's walk of the tree.
 */
__attribute__((noinline))
static int run_prog(struct ectx *c, const struct xe *e, double *d)
{
	double st[PROG_DEPTH];
	struct kaigo_schxp_val v;
	const struct nop *p = e->prog, *end = p + e->nprog;
	size_t sp = 0;

	for (; p < end; p++)
		switch (p->code) {
		case N_NUM:
			st[sp++] = p->num;
			break;
		case N_LEAF:
			if (eval_number(c, p->leaf, &st[sp]) < 0)
				return -1;
			sp++;
			break;
		case N_CHAR:
			if (char_number(c, p->leaf, &st[sp]) < 0)
				return -1;
			sp++;
			break;
		case N_VAR:
			if (var_value(c, p->leaf, &v) < 0)
				return -1;
			if (v.type == KAIGO_SCHXP_NUMBER)
				st[sp] = v.num;
			else if (to_number(c, &v, &st[sp]) < 0)
				return -1;
			sp++;
			break;
		case N_ADD:
			sp--;
			st[sp - 1] += st[sp];
			break;
		case N_SUB:
			sp--;
			st[sp - 1] -= st[sp];
			break;
		case N_MUL:
			sp--;
			st[sp - 1] *= st[sp];
			break;
		case N_DIV:
			sp--;
			st[sp - 1] /= st[sp];
			break;
		case N_MOD:
			sp--;
			st[sp - 1] = arith(OP_MOD, st[sp - 1], st[sp]);
			break;
		case N_NEG:
			st[sp - 1] = -st[sp - 1];
			break;
		case N_FLOOR:
			st[sp - 1] = floor(st[sp - 1]);
			break;
		case N_CEILING:
			st[sp - 1] = ceil(st[sp - 1]);
			break;
		}
	*d = st[0];
	return 0;
}

static int number_arg(struct ectx *c, const struct xe *e, size_t k, double *d)
{
	return eval_number(c, e->args[k], d);
}

/* XPath round as libxml2 rounds positions in substring(). */
static double round_half_up(double x)
{
	double r;

	/* floor without a call where the integral part fits (positions are small) */
	if (x > -4503599627370496.0 && x < 4503599627370496.0) {
		r = (double)(long long)x;
		if (r > x)
			r -= 1.0;
	} else {
		r = floor(x); /* NaN, infinities, beyond 2^52 */
	}

	if (x - r >= 0.5)
		r += 1.0;
	return r;
}

static int fn_substring(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	const char *s, *p, *from;
	double start, len = 0, rs, end, lo;
	size_t ilo, ihi;

	if (string_arg(c, e, 0, &s) < 0 || number_arg(c, e, 1, &start) < 0 ||
	    (e->nargs == 3 && number_arg(c, e, 2, &len) < 0))
		return -1;
	/* the characters at positions p with round(start) <= p < round(start) +
	   round(len); positions are whole numbers, so that is lo <= p < hi (a NaN
	   on either side: none) */
	rs = round_half_up(start);
	end = e->nargs == 3 ? rs + round_half_up(len) : INFINITY;
	lo = rs < 1 ? 1 : rs;
	if (!(lo < end) || lo > 1e15)
		return set_string(out, "");
	ilo = (size_t)lo;
	ihi = end > 1e15 ? (size_t)-1 : (size_t)end;
	from = skip_chars(s, ilo - 1);
	if (ihi == (size_t)-1)
		return set_string(out, from); /* to the end (no string is 1e15 long): borrowed */
	p = skip_chars(from, ihi - ilo);
	if (!*p)
		return set_string(out, from); /* to the end: borrowed */
	if (p - from == 1 && !((unsigned char)*from & 0x80))
		return set_string(out, ascii1 + 2 * (unsigned char)*from); /* one ASCII character */
	return set_string(out, astrdup(c, from, (size_t)(p - from)));
}

static int fn_normalize(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	const char *s, *p;
	char *buf, *o;
	int space = 0;

	if (string_arg(c, e, 0, &s) < 0)
		return -1;
	while (is_blank(*s))
		s++;
	for (p = s; *p && !is_blank(*p); p++)
		;
	if (!*p)
		return set_string(out, s); /* nothing to change: borrowed */
	if (!(buf = aalloc(&c->run->arena, strlen(s) + 1)))
		return -1;
	for (o = buf, p = s; *p; p++) {
		if (is_blank(*p)) {
			space = 1;
		} else {
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = *p;
		}
	}
	*o = '\0';
	return set_string(out, buf);
}

static int ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * translate() when from and to are ASCII (the common "translate($d, '-',
 * '')"): byte by byte, as no byte of a multi-byte UTF-8 character is
 * ASCII; a character of from maps to the one at the same index in to (its
 * first occurrence counts), or is dropped when to is shorter.
 */
static int translate_ascii(struct ectx *c, const char *s, const char *from, const char *to,
			   struct kaigo_schxp_val *out)
{
	size_t tn = strlen(to);
	const char *p, *f;
	char *buf, *o;

	if (!from[0] || !strpbrk(s, from))
		return set_string(out, s); /* nothing to change: borrowed */
	if (!(buf = aalloc(&c->run->arena, strlen(s) + 1)))
		return -1;
	if (!from[1]) {
		/* one character: replaced or dropped */
		for (o = buf, p = s; *p; p++)
			if (*p != from[0])
				*o++ = *p;
			else if (tn)
				*o++ = to[0];
		*o = '\0';
		return set_string(out, buf);
	}
	for (o = buf, p = s; *p; p++) {
		if ((unsigned char)*p >= 0x80 || !(f = strchr(from, *p))) {
			*o++ = *p;
		} else if ((size_t)(f - from) < tn) {
			*o++ = to[f - from];
		}
	}
	*o = '\0';
	return set_string(out, buf);
}

static int fn_translate(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	const char *s, *from, *to, *p;
	char *buf, *o;

	if (string_arg(c, e, 0, &s) < 0 || string_arg(c, e, 1, &from) < 0 || string_arg(c, e, 2, &to) < 0)
		return -1;
	if (ascii_only(from) && ascii_only(to))
		return translate_ascii(c, s, from, to, out);
	/* the result is never longer than s with each character replaced by the longest of to */
	if (!(buf = aalloc(&c->run->arena, strlen(s) * 4 + 1)))
		return -1;
	for (o = buf, p = s; *p;) {
		size_t n = utf8_char(p), idx = 0;
		const char *f = from;

		while (*f) {
			size_t fn = utf8_char(f);

			if (fn == n && !memcmp(f, p, n))
				break;
			f += fn;
			idx++;
		}
		if (!*f) {
			memcpy(o, p, n);
			o += n;
		} else {
			const char *t = to;

			while (*t && idx) {
				t += utf8_char(t);
				idx--;
			}
			if (*t) {
				size_t tn = utf8_char(t);

				memcpy(o, t, tn);
				o += tn;
			}
		}
		p += n;
	}
	*o = '\0';
	return set_string(out, buf);
}

/* kept out of eval, so that its frame stays small for the simple nodes */
__attribute__((noinline))
static int eval_fn(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	struct kaigo_schxp_val v;
	const char *s, *t, *f;
	double d;
	size_t i;

	switch (e->fn) {
	case F_LAST:
		set_number(out, (double)c->size);
		return 0;
	case F_POSITION:
		set_number(out, (double)c->pos);
		return 0;
	case F_TRUE:
	case F_FALSE:
		set_boolean(out, e->fn == F_TRUE);
		return 0;
	case F_CURRENT: {
		xmlNodePtr *one = aalloc(&c->run->arena, sizeof(*one));

		if (!one)
			return -1;
		one[0] = c->run->current ? c->run->current : c->node;
		out->type = KAIGO_SCHXP_NODES;
		out->nodes = one;
		out->n = 1;
		out->sorted = out->flat = 1;
		return 0;
	}
	case F_COUNT:
	case F_SUM:
		if (e->args[0]->first_walk) {
			/* the path's nodes counted or added up as they are met */
			struct walk w;

			w.mode = e->fn == F_COUNT ? W_COUNT : W_SUM;
			w.acc = 0;
			if (walk_path(c, e->args[0], &w) == 0) {
				set_number(out, w.acc);
				return 0;
			}
		}
		if (eval(c, e->args[0], &v) < 0 || v.type != KAIGO_SCHXP_NODES)
			return -1;
		if (e->fn == F_COUNT) {
			set_number(out, (double)v.n);
			return 0;
		}
		for (d = 0, i = 0; i < v.n; i++) {
			if (!(s = node_string(c, v.nodes[i])))
				return -1;
			d += str_number(s);
		}
		set_number(out, d);
		return 0;
	case F_STRING:
		if (string_arg(c, e, 0, &s) < 0)
			return -1;
		return set_string(out, s);
	case F_CONCAT: {
		/* the parts and their lengths (measured once) */
		const char **parts = aalloc(&c->run->arena, e->nargs * (sizeof(*parts) + sizeof(size_t)));
		size_t len = 0, *lens = (size_t *)(parts + e->nargs);
		char *buf, *o;

		if (!parts)
			return -1;
		for (i = 0; i < e->nargs; i++) {
			if (string_arg(c, e, i, &parts[i]) < 0)
				return -1;
			len += lens[i] = strlen(parts[i]);
		}
		if (!(buf = aalloc(&c->run->arena, len + 1)))
			return -1;
		for (o = buf, i = 0; i < e->nargs; i++) {
			memcpy(o, parts[i], lens[i]);
			o += lens[i];
		}
		*o = '\0';
		return set_string(out, buf);
	}
	case F_STARTS_WITH:
	case F_CONTAINS:
	case F_SUBSTRING_BEFORE:
	case F_SUBSTRING_AFTER:
		if (string_arg(c, e, 0, &s) < 0 || string_arg(c, e, 1, &t) < 0)
			return -1;
		if (e->fn == F_STARTS_WITH) {
			set_boolean(out, strncmp(s, t, strlen(t)) == 0);
			return 0;
		}
		f = strstr(s, t);
		if (e->fn == F_CONTAINS) {
			set_boolean(out, f != NULL);
			return 0;
		}
		if (!f)
			return set_string(out, "");
		if (e->fn == F_SUBSTRING_AFTER)
			return set_string(out, f + strlen(t));
		return set_string(out, astrdup(c, s, (size_t)(f - s)));
	case F_SUBSTRING:
		return fn_substring(c, e, out);
	case F_STRING_LENGTH:
		if (string_arg(c, e, 0, &s) < 0)
			return -1;
		set_number(out, (double)utf8_len(s));
		return 0;
	case F_NORMALIZE_SPACE:
		return fn_normalize(c, e, out);
	case F_TRANSLATE:
		return fn_translate(c, e, out);
	case F_BOOLEAN:
	case F_NOT: {
		int r = truth(c, e->args[0]);

		if (r < 0)
			return -1;
		set_boolean(out, r != (e->fn == F_NOT));
		return 0;
	}
	case F_NUMBER:
		if (e->nargs == 0) {
			if (!(s = node_string(c, c->node)))
				return -1;
			set_number(out, str_number(s));
			return 0;
		}
		if (number_arg(c, e, 0, &d) < 0)
			return -1;
		set_number(out, d);
		return 0;
	case F_FLOOR:
	case F_CEILING:
		if (number_arg(c, e, 0, &d) < 0)
			return -1;
		set_number(out, e->fn == F_FLOOR ? floor(d) : ceil(d));
		return 0;
	}
	return -1;
}

/* ------------------------------------------------------------ evaluation */

/* The comparison e (OP_EQ ... OP_GE): 1 or 0, or -1. */
static int comparison(struct ectx *c, const struct xe *e)
{
	struct kaigo_schxp_val x, y;

	if (e->a->first_walk)
		return compare_path(c, e->op, e->a, e->b);
	if (e->b->first_walk)
		return compare_path(c, swapped(e->op), e->b, e->a);
	if (eval(c, e->a, &x) < 0 || eval(c, e->b, &y) < 0)
		return -1;
	return compare(c, e->op, &x, &y);
}

/* The operators: kept out of eval, so that its frame stays small for the simple nodes. */
__attribute__((noinline))
static int eval_operator(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	double d;
	int r;

	switch (e->op) {
	case OP_OR:
	case OP_AND:
		if ((r = truth(c, e->a)) < 0)
			return -1;
		if (r == (e->op == OP_OR)) {
			set_boolean(out, r);
			return 0;
		}
		if ((r = truth(c, e->b)) < 0)
			return -1;
		set_boolean(out, r);
		return 0;
	case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		if ((r = comparison(c, e)) < 0)
			return -1;
		set_boolean(out, r);
		return 0;
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
	case OP_NEG:
		if (eval_number(c, e, &d) < 0)
			return -1;
		set_number(out, d);
		return 0;
	default:
		return -1;
	}
}

static int eval(struct ectx *c, const struct xe *e, struct kaigo_schxp_val *out)
{
	switch (e->op) {
	case OP_STR:
		return set_string(out, e->s);
	case OP_NUM:
		set_number(out, e->num);
		return 0;
	case OP_VAR:
		return var_value(c, e, out);
	case OP_FN:
		return eval_fn(c, e, out);
	case OP_PATH:
		return eval_path(c, e, out);
	case OP_UNION:
		return eval_union(c, e, out);
	default:
		return eval_operator(c, e, out);
	}
}

int kaigo_schxp_eval(const struct kaigo_schxp *e, struct kaigo_schxp_run *run, xmlNodePtr node,
		     struct kaigo_schxp_val *out)
{
	struct ectx c = { run, node, 1, 1 };

	return eval(&c, e->root, out);
}

int kaigo_schxp_eval_bool(const struct kaigo_schxp *e, struct kaigo_schxp_run *run, xmlNodePtr node)
{
	struct ectx c = { run, node, 1, 1 };

	return truth(&c, e->root);
}

const char *kaigo_schxp_string(struct kaigo_schxp_run *run, const struct kaigo_schxp_val *v)
{
	struct ectx c = { run, NULL, 1, 1 };

	return to_string(&c, v);
}
