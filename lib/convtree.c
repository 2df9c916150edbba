/*
 * convtree.c - the record tree of CSV → XML and its arena.
 *
 * A record is built as a tree of nodes allocated in an arena that is freed
 * at once when the record has been written; every change a row makes is
 * logged so that a rejected row is rolled back and leaves the record as it
 * was.  Also: writing a record as XML, and placing a row's values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->used + n > c->cap) {
		size_t cap = n > 60000 ? n : 60000;

		if (a->spare && a->spare->cap >= cap) {
			c = a->spare;
			a->spare = NULL;
		} else {
			c = malloc(sizeof(*c) + cap);
			if (!c)
				return NULL;
			c->cap = cap;
		}
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static char *arena_strdup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static void arena_reset(struct arena *a)
{
	while (a->head) {
		struct chunk *c = a->head;

		a->head = c->next;
		if (!a->spare && c->cap == 60000) {
			a->spare = c;
		} else {
			free(c);
		}
	}
}

void kaigo_conv_arena_release(struct arena *a)
{
	arena_reset(a);
	free(a->spare);
	a->spare = NULL;
}

/* --- writing XML ----------------------------------------------------- */

static int xml_escape(struct kaigo_buf *b, const char *s, int attr)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\r': rep = "&#13;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		default: break;
		}
		if (rep) {
			if (kaigo_buf_add(b, run, (size_t)(s - run)) < 0 || kaigo_buf_add(b, rep, strlen(rep)) < 0)
				return -1;
			run = s + 1;
		}
	}
	return kaigo_buf_add(b, run, (size_t)(s - run));
}

static int indent(struct kaigo_buf *b, int depth)
{
	static const char sp[] = "                                                                ";
	int n = 2 * depth;

	if (n > (int)sizeof(sp) - 1)
		n = (int)sizeof(sp) - 1;
	return kaigo_buf_add(b, sp, (size_t)n);
}

static int write_node(struct kaigo_buf *b, const struct tnode *n, int depth, const char *ns)
{
	const struct tattr *a;
	const struct tnode *ch;
	int rc = 0;

	rc |= indent(b, depth);
	rc |= kaigo_buf_addch(b, '<');
	rc |= kaigo_buf_add(b, n->name, strlen(n->name));
	if (ns) {
		rc |= kaigo_buf_add(b, " xmlns=\"", 8);
		rc |= xml_escape(b, ns, 1);
		rc |= kaigo_buf_addch(b, '"');
	}
	for (a = n->attrs; a; a = a->next) {
		rc |= kaigo_buf_addch(b, ' ');
		rc |= kaigo_buf_add(b, a->name, strlen(a->name));
		rc |= kaigo_buf_add(b, "=\"", 2);
		rc |= xml_escape(b, a->value, 1);
		rc |= kaigo_buf_addch(b, '"');
	}
	if (!n->first && !n->text) {
		rc |= kaigo_buf_add(b, "/>\n", 3);
		return rc;
	}
	rc |= kaigo_buf_addch(b, '>');
	if (n->text) {
		rc |= xml_escape(b, n->text, 0);
	} else {
		rc |= kaigo_buf_addch(b, '\n');
		for (ch = n->first; ch; ch = ch->next)
			rc |= write_node(b, ch, depth + 1, NULL);
		rc |= indent(b, depth);
	}
	rc |= kaigo_buf_add(b, "</", 2);
	rc |= kaigo_buf_add(b, n->name, strlen(n->name));
	rc |= kaigo_buf_add(b, ">\n", 2);
	return rc;
}

int kaigo_conv_emit(struct kaigo_c2x *c, const char *s, size_t n)
{
	return kaigo_output_write(c->out, s, n, c->sink);
}

int kaigo_conv_start_collection(struct kaigo_c2x *c, const struct kaigo_doctype *t)
{
	struct kaigo_buf *b = &c->xml;

	if (c->started)
		return 0;
	c->started = 1;
	c->doctype = t;
	kaigo_buf_reset(b);
	kaigo_buf_add(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<", 40);
	kaigo_buf_add(b, t->collection, strlen(t->collection));
	kaigo_buf_add(b, " xmlns=\"", 8);
	xml_escape(b, t->ns, 1);
	if (kaigo_buf_add(b, "\">\n", 3) < 0)
		return -1;
	return kaigo_conv_emit(c, b->data, b->len);
}

/* Write the record being built, if any, and forget it. */
int kaigo_conv_flush_record(struct kaigo_c2x *c)
{
	int rc = 0;

	if (!c->root)
		return 0;
	kaigo_buf_reset(&c->xml);
	if (write_node(&c->xml, c->root, 1, NULL) < 0)
		rc = -1;
	else
		rc = kaigo_conv_emit(c, c->xml.data, c->xml.len);
	c->st.records++;
	c->root = NULL;
	arena_reset(&c->arena);
	kaigo_buf_reset(&c->key);
	return rc;
}

/* Forget the record being built without writing it. */
void kaigo_conv_drop_record(struct kaigo_c2x *c)
{
	c->root = NULL;
	arena_reset(&c->arena);
	kaigo_buf_reset(&c->key);
}

/* --- placing values -------------------------------------------------- */

static int undo_push(struct kaigo_c2x *c, enum undo_kind k, struct tnode *n, struct tattr *a)
{
	if (c->nundo == c->undocap) {
		size_t cap = c->undocap ? 2 * c->undocap : 64;
		struct undo *g = realloc(c->undo, cap * sizeof(*g));

		if (!g)
			return -1;
		c->undo = g;
		c->undocap = cap;
	}
	c->undo[c->nundo].kind = k;
	c->undo[c->nundo].node = n;
	c->undo[c->nundo].attr = a;
	c->nundo++;
	return 0;
}

static void unlink_node(struct tnode *n)
{
	struct tnode *p = n->parent;

	if (n->prev)
		n->prev->next = n->next;
	else if (p)
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (p)
		p->last = n->prev;
}

static void rollback(struct kaigo_c2x *c)
{
	while (c->nundo) {
		struct undo *u = &c->undo[--c->nundo];

		if (u->kind == UNDO_NODE) {
			unlink_node(u->node);
		} else if (u->kind == UNDO_TEXT) {
			u->node->text = NULL;
		} else {
			struct tattr **pp = &u->node->attrs;

			while (*pp && *pp != u->attr)
				pp = &(*pp)->next;
			if (*pp)
				*pp = u->attr->next;
		}
	}
}

const char *kaigo_conv_attr_get(const struct tnode *n, const char *name)
{
	const struct tattr *a;

	for (a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

int kaigo_conv_attr_set(struct kaigo_c2x *c, struct tnode *n, const char *name, const char *value)
{
	struct tattr *a = arena_alloc(&c->arena, sizeof(*a)), **pp;

	if (!a || !(a->value = arena_strdup(&c->arena, value, strlen(value))))
		return -1;
	a->name = name;
	a->next = NULL;
	for (pp = &n->attrs; *pp; pp = &(*pp)->next)
		;
	*pp = a;
	return undo_push(c, UNDO_ATTR, n, a);
}

static struct tnode *child_text_node(const struct tnode *n, const char *name)
{
	struct tnode *ch;

	for (ch = n->first; ch; ch = ch->next)
		if (strcmp(ch->name, name) == 0)
			return ch;
	return NULL;
}

static int step_matches(const struct tnode *n, const struct kaigo_step *st)
{
	if (strcmp(n->name, st->name) != 0)
		return 0;
	if (st->pred) {
		const char *v;

		if (st->pred_attr) {
			v = kaigo_conv_attr_get(n, st->pred);
		} else {
			const struct tnode *k = child_text_node(n, st->pred);

			v = k ? k->text : NULL;
		}
		return v && strcmp(v, st->pred_value) == 0;
	}
	return 1;
}

struct tnode *kaigo_conv_new_node(struct kaigo_c2x *c, struct tnode *parent, const char *name, int ordinal)
{
	struct tnode *n = arena_alloc(&c->arena, sizeof(*n)), *at;

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->ordinal = ordinal;
	n->gen = c->gen;
	n->parent = parent;
	if (parent) {
		/* keep the schema's order: before the first sibling that comes later */
		for (at = parent->first; at && at->ordinal <= ordinal; at = at->next)
			;
		n->next = at;
		n->prev = at ? at->prev : parent->last;
		if (n->prev)
			n->prev->next = n;
		else
			parent->first = n;
		if (at)
			at->prev = n;
		else
			parent->last = n;
		if (undo_push(c, UNDO_NODE, n, NULL) < 0)
			return NULL;
	}
	return n;
}

int kaigo_conv_set_text(struct kaigo_c2x *c, struct tnode *n, const char *value)
{
	if (!(n->text = arena_strdup(&c->arena, value, strlen(value))))
		return -1;
	return undo_push(c, UNDO_TEXT, n, NULL);
}

/* Find or make the child for step st. */
struct tnode *kaigo_conv_step_into(struct kaigo_c2x *c, struct tnode *p, const struct kaigo_step *st)
{
	struct tnode *ch, *k;

	for (ch = p->first; ch; ch = ch->next)
		if (step_matches(ch, st))
			return ch;
	if (!(ch = kaigo_conv_new_node(c, p, st->name, st->ordinal)))
		return NULL;
	if (st->pred) {
		if (st->pred_attr) {
			if (kaigo_conv_attr_set(c, ch, st->pred, st->pred_value) < 0)
				return NULL;
		} else if (!(k = kaigo_conv_new_node(c, ch, st->pred, -1)) || kaigo_conv_set_text(c, k, st->pred_value) < 0) {
			return NULL;
		}
	}
	return ch;
}

/* Walk steps [from, n) of path below base, making what is missing; the last step may be an attribute. */
static int place(struct kaigo_c2x *c, const struct kaigo_column *col, struct tnode *base, size_t from,
		 const char *value)
{
	const struct kaigo_path *p = &col->path;
	size_t i;
	struct tnode *n = base;
	const struct kaigo_step *last = &p->steps[p->n - 1];

	for (i = from; i + 1 < p->n; i++)
		if (!(n = kaigo_conv_step_into(c, n, &p->steps[i])))
			return -1;
	if (last->attr) {
		const char *old = kaigo_conv_attr_get(n, last->name);

		if (old) {
			if (strcmp(old, value) != 0) {
				kaigo_conv_set_reason(c, "convert.conflict", "column '%s' is '%s' here but '%s' in an "
					   "earlier row of this record", col->name, value, old);
				return 1;
			}
			return 0;
		}
		return kaigo_conv_attr_set(c, n, last->name, value);
	}
	{
		struct tnode *ch;

		for (ch = n->first; ch; ch = ch->next)
			if (step_matches(ch, last))
				break;
		if (ch && ch->text) {
			if (strcmp(ch->text, value) != 0) {
				kaigo_conv_set_reason(c, "convert.conflict", "column '%s' is '%s' here but '%s' in an "
					   "earlier row of this record", col->name, value, ch->text);
				return 1;
			}
			return 0;
		}
		if (!ch && !(ch = kaigo_conv_step_into(c, n, last)))
			return -1;
		if (ch->first) {
			kaigo_conv_set_reason(c, "convert.conflict", "column '%s': element '%s' already has children",
				   col->name, last->name);
			return 1;
		}
		return kaigo_conv_set_text(c, ch, value);
	}
}

/* Is any column inside repeat r non-empty? */
static int repeat_active(const struct kaigo_c2x *c, const struct kaigo_layout *l, int r)
{
	size_t i;

	for (i = 0; i < l->ncols; i++)
		if (l->cols[i].has_path && l->cols[i].repeat >= r && c->v[i].len)
			return 1;
	return 0;
}

/* The node for the first n steps of path, below base (which stands for `from` steps), or NULL. */
static struct tnode *lookup(struct tnode *base, const struct kaigo_path *p, size_t from, size_t n)
{
	size_t i;

	for (i = from; base && i < n; i++) {
		struct tnode *ch;

		for (ch = base->first; ch; ch = ch->next)
			if (step_matches(ch, &p->steps[i]))
				break;
		base = ch;
	}
	return base;
}

/*
 * Place the converted values of one row into the current record.
 * Returns 0, 1 when the row must be rejected (reason set, nothing
 * changed), -1 when out of memory.
 */
int kaigo_conv_apply_row(struct kaigo_c2x *c, const struct kaigo_layout *l)
{
	size_t i, r;
	int rc;
	struct tnode *rownode;
	size_t rowdepth;

	c->gen++;
	c->nundo = 0;
	memset(c->bind, 0, sizeof(c->bind));
	for (r = 0; r < l->nrepeats; r++) {
		const struct kaigo_repeat *rp = &l->repeats[r];
		struct tnode *base = rp->parent >= 0 ? c->bind[rp->parent] : c->root, *inst = NULL, *ch;
		size_t from = rp->parent >= 0 ? l->repeats[rp->parent].path.n : 0;
		const struct kaigo_step *last = &rp->path.steps[rp->path.n - 1];

		if (!repeat_active(c, l, (int)r))
			break;
		for (i = from; base && i + 1 < rp->path.n; i++)
			base = kaigo_conv_step_into(c, base, &rp->path.steps[i]);
		if (!base)
			goto oom;
		if (rp->has_key) {
			const char *kv = kaigo_conv_val(c, (size_t)rp->key_column);
			const struct kaigo_step *ks = &rp->key.steps[0];

			for (ch = base->first; ch && *kv; ch = ch->next) {
				const char *have;

				if (!step_matches(ch, last))
					continue;
				if (ks->attr) {
					have = kaigo_conv_attr_get(ch, ks->name);
				} else {
					struct tnode *k = child_text_node(ch, ks->name);

					have = k ? k->text : NULL;
				}
				if (have && strcmp(have, kv) == 0) {
					inst = ch;
					break;
				}
			}
		} else if (r + 1 < l->nrepeats || l->row.n > rp->path.n) {
			/* not the row's own repeat: share the last instance */
			for (ch = base->last; ch; ch = ch->prev)
				if (step_matches(ch, last)) {
					inst = ch;
					break;
				}
		}
		if (!inst && !(inst = kaigo_conv_new_node(c, base, last->name, last->ordinal)))
			goto oom;
		c->bind[r] = inst;
	}
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		struct tnode *base;
		size_t from;

		if (!col->has_path || !c->v[i].len)
			continue;
		if (col->repeat >= 0) {
			base = c->bind[col->repeat];
			from = l->repeats[col->repeat].path.n;
		} else {
			base = c->root;
			from = 0;
		}
		if (!base)
			continue; /* cannot happen: the repeat is active */
		rc = place(c, col, base, from, kaigo_conv_val(c, i));
		if (rc < 0)
			goto oom;
		if (rc > 0) {
			rollback(c);
			return 1;
		}
	}
	/* every row makes its own row element (or, short of it, the deepest repeat instance) */
	rowdepth = l->row.n;
	rownode = c->root;
	if (rowdepth) {
		size_t from = 0;
		struct tnode *b = c->root;

		for (r = 0; r < l->nrepeats && c->bind[r]; r++) {
			b = c->bind[r];
			from = l->repeats[r].path.n;
		}
		rownode = lookup(b, &l->row, from, rowdepth);
		if (!rownode) {
			/* a row of empty values still makes its row element, unless a
			   repeat lies between (a 目標 without 援助内容 is the 目標's row) */
			size_t k;
			int crosses = 0;

			for (k = from; k < rowdepth; k++)
				if (kaigo_conv_repeat_at(l, k) >= 0)
					crosses = 1;
			if (!crosses) {
				for (k = from; b && k < rowdepth; k++)
					b = kaigo_conv_step_into(c, b, &l->row.steps[k]);
				if (!b)
					goto oom;
			}
			rownode = b;
		}
	}
	if (rownode->gen != c->gen) {
		kaigo_conv_set_reason(c, "convert.duplicate", "duplicate row: the record already has this %s "
			   "(same key columns as an earlier row)", rowdepth ? l->row.steps[rowdepth - 1].name
			   : "row");
		rollback(c);
		return 1;
	}
	return 0;
oom:
	rollback(c);
	return -1;
}

/* The repeat whose path has exactly d+1 steps, or -1. */
int kaigo_conv_repeat_at(const struct kaigo_layout *l, size_t d)
{
	size_t r;

	for (r = 0; r < l->nrepeats; r++)
		if (l->repeats[r].path.n == d + 1)
			return (int)r;
	return -1;
}

