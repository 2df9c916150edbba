/*
 * convert.c - CSV ⇄ XML through layouts.  See convert.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "kaigo/buf.h"
#include "kaigo/convert.h"
#include "kaigo/csv.h"
#include "kaigo/era.h"
#include "kaigo/xmlin.h"

/* ==== the record tree ================================================ */

/* Arena for one record's nodes and strings: freed all at once. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct chunk *head;
	struct chunk *spare; /* one chunk kept for the next record */
};

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

static void arena_release(struct arena *a)
{
	arena_reset(a);
	free(a->spare);
	a->spare = NULL;
}

struct tattr {
	const char *name;
	const char *value;
	struct tattr *next;
};

struct tnode {
	const char *name;
	int ordinal;
	unsigned long gen;          /* the row that created it */
	struct tnode *parent, *first, *last, *next, *prev;
	struct tattr *attrs;
	const char *text;           /* NULL: no text */
};

enum undo_kind { UNDO_NODE, UNDO_TEXT, UNDO_ATTR };

struct undo {
	enum undo_kind kind;
	struct tnode *node;
	struct tattr *attr;
};

/* ==== CSV → XML ====================================================== */

struct value {
	size_t off, len;   /* in c->vals; len 0 = empty */
	size_t chars;      /* characters in the CSV form */
};

struct c2x_file {
	const char *path;
	struct kaigo_layout *layout;
	struct kaigo_stdname nm;
	int has_nm;
	char version[16];           /* the file's CSV version, from its first row */
	unsigned long version_line;
};

struct kaigo_c2x {
	struct kaigo_output *out, *reject;
	struct kaigo_diag_sink *sink;
	struct kaigo_c2x_stats st;
	struct kaigo_codec *codec[3];
	struct kaigo_norm *norm[KAIGO_NORM_NPROFILES];
	int started;                 /* the collection start tag is written */
	const struct kaigo_doctype *doctype; /* of the collection */
	/* the record being built */
	struct arena arena;
	struct tnode *root;
	const struct kaigo_layout *root_layout;
	struct kaigo_buf key;        /* its key */
	unsigned long gen;           /* rows applied so far (node generations) */
	/* the row being placed */
	struct kaigo_buf vals, tmp, xml, reason;
	struct value *v;
	size_t vcap;
	struct undo *undo;
	size_t nundo, undocap;
	struct tnode *bind[8];
	const char *reason_rule;
	char last_csv_msg[300];      /* what the CSV reader said about a BAD record */
	const char *last_csv_rule;
	struct kaigo_diag_sink csv_sink;
};

static void csv_capture(void *ctx, const struct kaigo_diag *d)
{
	struct kaigo_c2x *c = ctx;

	snprintf(c->last_csv_msg, sizeof(c->last_csv_msg), "%s", d->message);
	c->last_csv_rule = d->rule;
	kaigo_diag_emit(c->sink, d);
}

struct kaigo_c2x *kaigo_c2x_new(struct kaigo_output *out, struct kaigo_output *reject,
				struct kaigo_diag_sink *sink)
{
	struct kaigo_c2x *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->out = out;
	c->reject = reject;
	c->sink = sink;
	c->csv_sink.emit = csv_capture;
	c->csv_sink.ctx = c;
	return c;
}

void kaigo_c2x_free(struct kaigo_c2x *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < 3; i++)
		kaigo_codec_free(c->codec[i]);
	for (i = 0; i < KAIGO_NORM_NPROFILES; i++)
		kaigo_norm_free(c->norm[i]);
	arena_release(&c->arena);
	kaigo_buf_release(&c->key);
	kaigo_buf_release(&c->vals);
	kaigo_buf_release(&c->tmp);
	kaigo_buf_release(&c->xml);
	kaigo_buf_release(&c->reason);
	free(c->v);
	free(c->undo);
	free(c);
}

const struct kaigo_c2x_stats *kaigo_c2x_stats(const struct kaigo_c2x *c)
{
	return &c->st;
}

static struct kaigo_codec *codec_for(struct kaigo_c2x *c, enum kaigo_enc enc)
{
	char err[200];

	if (!c->codec[enc] && !(c->codec[enc] = kaigo_codec_new(enc, err, sizeof(err))))
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.codec", "%s", err);
	return c->codec[enc];
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

static int emit(struct kaigo_c2x *c, const char *s, size_t n)
{
	return kaigo_output_write(c->out, s, n, c->sink);
}

static int start_collection(struct kaigo_c2x *c, const struct kaigo_doctype *t)
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
	return emit(c, b->data, b->len);
}

/* Write the record being built, if any, and forget it. */
static int flush_record(struct kaigo_c2x *c)
{
	int rc = 0;

	if (!c->root)
		return 0;
	kaigo_buf_reset(&c->xml);
	if (write_node(&c->xml, c->root, 1, NULL) < 0)
		rc = -1;
	else
		rc = emit(c, c->xml.data, c->xml.len);
	c->st.records++;
	c->root = NULL;
	arena_reset(&c->arena);
	kaigo_buf_reset(&c->key);
	return rc;
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

static const char *attr_get(const struct tnode *n, const char *name)
{
	const struct tattr *a;

	for (a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

static int attr_set(struct kaigo_c2x *c, struct tnode *n, const char *name, const char *value)
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
			v = attr_get(n, st->pred);
		} else {
			const struct tnode *k = child_text_node(n, st->pred);

			v = k ? k->text : NULL;
		}
		return v && strcmp(v, st->pred_value) == 0;
	}
	return 1;
}

static struct tnode *new_node(struct kaigo_c2x *c, struct tnode *parent, const char *name, int ordinal)
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

static int set_text(struct kaigo_c2x *c, struct tnode *n, const char *value)
{
	if (!(n->text = arena_strdup(&c->arena, value, strlen(value))))
		return -1;
	return undo_push(c, UNDO_TEXT, n, NULL);
}

/* Find or make the child for step st. */
static struct tnode *step_into(struct kaigo_c2x *c, struct tnode *p, const struct kaigo_step *st)
{
	struct tnode *ch, *k;

	for (ch = p->first; ch; ch = ch->next)
		if (step_matches(ch, st))
			return ch;
	if (!(ch = new_node(c, p, st->name, st->ordinal)))
		return NULL;
	if (st->pred) {
		if (st->pred_attr) {
			if (attr_set(c, ch, st->pred, st->pred_value) < 0)
				return NULL;
		} else if (!(k = new_node(c, ch, st->pred, -1)) || set_text(c, k, st->pred_value) < 0) {
			return NULL;
		}
	}
	return ch;
}

static const char *val(const struct kaigo_c2x *c, size_t col)
{
	return c->vals.data + c->v[col].off;
}

#define MAX_REASON 400          /* bytes of a reject reason (values are quoted in it) */
#define MAX_FIELD (1u << 20)    /* bytes of one field: XML text is limited to 10 MB downstream */

static void set_reason(struct kaigo_c2x *c, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_reason(struct kaigo_c2x *c, const char *rule, const char *fmt, ...)
{
	va_list ap;

	kaigo_buf_reset(&c->reason);
	va_start(ap, fmt);
	kaigo_buf_vaddf(&c->reason, fmt, ap);
	va_end(ap);
	c->reason_rule = rule;
	if (c->reason.len > MAX_REASON) {
		/* a reason quotes values: a long one is cut (at a character) */
		size_t k = MAX_REASON;

		while (k > 0 && ((unsigned char)c->reason.data[k] & 0xC0) == 0x80)
			k--;
		c->reason.len = k;
		c->reason.data[k] = '\0';
		kaigo_buf_add(&c->reason, "…", strlen("…"));
	}
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
		if (!(n = step_into(c, n, &p->steps[i])))
			return -1;
	if (last->attr) {
		const char *old = attr_get(n, last->name);

		if (old) {
			if (strcmp(old, value) != 0) {
				set_reason(c, "convert.conflict", "column '%s' is '%s' here but '%s' in an "
					   "earlier row of this record", col->name, value, old);
				return 1;
			}
			return 0;
		}
		return attr_set(c, n, last->name, value);
	}
	{
		struct tnode *ch;

		for (ch = n->first; ch; ch = ch->next)
			if (step_matches(ch, last))
				break;
		if (ch && ch->text) {
			if (strcmp(ch->text, value) != 0) {
				set_reason(c, "convert.conflict", "column '%s' is '%s' here but '%s' in an "
					   "earlier row of this record", col->name, value, ch->text);
				return 1;
			}
			return 0;
		}
		if (!ch && !(ch = step_into(c, n, last)))
			return -1;
		if (ch->first) {
			set_reason(c, "convert.conflict", "column '%s': element '%s' already has children",
				   col->name, last->name);
			return 1;
		}
		return set_text(c, ch, value);
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

static int repeat_at(const struct kaigo_layout *l, size_t d);

/*
 * Place the converted values of one row into the current record.
 * Returns 0, 1 when the row must be rejected (reason set, nothing
 * changed), -1 when out of memory.
 */
static int apply_row(struct kaigo_c2x *c, const struct kaigo_layout *l)
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
			base = step_into(c, base, &rp->path.steps[i]);
		if (!base)
			goto oom;
		if (rp->has_key) {
			const char *kv = val(c, (size_t)rp->key_column);
			const struct kaigo_step *ks = &rp->key.steps[0];

			for (ch = base->first; ch && *kv; ch = ch->next) {
				const char *have;

				if (!step_matches(ch, last))
					continue;
				if (ks->attr) {
					have = attr_get(ch, ks->name);
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
		if (!inst && !(inst = new_node(c, base, last->name, last->ordinal)))
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
		rc = place(c, col, base, from, val(c, i));
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
				if (repeat_at(l, k) >= 0)
					crosses = 1;
			if (!crosses) {
				for (k = from; b && k < rowdepth; k++)
					b = step_into(c, b, &l->row.steps[k]);
				if (!b)
					goto oom;
			}
			rownode = b;
		}
	}
	if (rownode->gen != c->gen) {
		set_reason(c, "convert.duplicate", "duplicate row: the record already has this %s "
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

/* --- converting one field -------------------------------------------- */

static size_t utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static int is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int in_list(char **list, const char *s)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void list_text(char **list, char *out, size_t outsz)
{
	size_t i, k = 0;

	out[0] = 0;
	for (i = 0; list && list[i] && k + 1 < outsz; i++) {
		int w = snprintf(out + k, outsz - k, "%s%s", i ? ", " : "", list[i]);

		if (w < 0 || (size_t)w >= outsz - k)
			break;
		k += (size_t)w;
	}
}

/* Check and convert the UTF-8 CSV value s[0..n) of column col into c->tmp. Returns 0 or 1 (reason set). */
static int convert_value(struct kaigo_c2x *c, const struct kaigo_column *col, const char *s, size_t n)
{
	size_t i;
	char list[200];

	kaigo_buf_reset(&c->tmp);
	if (n > MAX_FIELD) {
		set_reason(c, "convert.too-long", "column '%s': a value of %zu bytes; kaigo takes at most %u "
			   "(1 MiB) per field", col->name, n, MAX_FIELD);
		return 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
			set_reason(c, "convert.control", "column '%s': control character 0x%02X cannot be "
				   "held in XML", col->name, b);
			return 1;
		}
		if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			/* U+FFFE, U+FFFF: valid UTF-8, but not XML characters */
			set_reason(c, "convert.control", "column '%s': U+FFF%c cannot be held in XML",
				   col->name, (unsigned char)s[i + 2] == 0xBE ? 'E' : 'F');
			return 1;
		}
		if (b == 0xEE && i + 2 < n) {
			/* U+E000..U+F8FF: UTF-8 EE 80 80 .. EF A3 BF */
			set_reason(c, "convert.private-use", "column '%s': private-use character (外字), "
				   "which the standard forbids", col->name);
			return 1;
		}
		if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] <= 0xA3) {
			set_reason(c, "convert.private-use", "column '%s': private-use character (外字), "
				   "which the standard forbids", col->name);
			return 1;
		}
	}
	if (n == 0) {
		if (col->required) {
			set_reason(c, "convert.required", "column '%s' is required but empty", col->name);
			return 1;
		}
		return kaigo_buf_add(&c->tmp, "", 0) < 0 ? -1 : 0;
	}
	if (col->length) {
		size_t k = utf8_chars(s, n);

		if (k > col->length || (col->exact && k != col->length)) {
			set_reason(c, "convert.length", "column '%s': '%.*s' has %zu characters, the layout "
				   "allows %s%zu", col->name, (int)n, s, k, col->exact ? "exactly " : "at most ",
				   col->length);
			return 1;
		}
	}
	if (col->has_profile) {
		struct kaigo_norm_issue iss;
		char err[200];

		if (!c->norm[col->profile] && !(c->norm[col->profile] = kaigo_norm_new(col->profile, err, sizeof(err)))) {
			set_reason(c, "convert.norm", "column '%s': %s", col->name, err);
			return 1;
		}
		kaigo_buf_reset(&c->xml);
		if (kaigo_norm_value(c->norm[col->profile], s, n, &c->xml, &iss) == KAIGO_NORM_ERROR) {
			set_reason(c, iss.rule, "column '%s': %s", col->name, iss.message);
			return 1;
		}
		if (col->type == KAIGO_COL_DATE && col->profile == KAIGO_NORM_DATE) {
			/* already ISO */
			return kaigo_buf_add(&c->tmp, c->xml.data, c->xml.len) < 0 ? -1 : 0;
		}
		s = c->xml.data ? c->xml.data : "";
		n = c->xml.len;
	}
	if (col->nmaps) {
		for (i = 0; i < col->nmaps; i++)
			if (strlen(col->maps[i].csv) == n && memcmp(col->maps[i].csv, s, n) == 0)
				break;
		if (i == col->nmaps) {
			size_t k = 0;

			list[0] = 0;
			for (i = 0; i < col->nmaps && k + 1 < sizeof(list); i++) {
				int w = snprintf(list + k, sizeof(list) - k, "%s%s", i ? ", " : "", col->maps[i].csv);

				if (w < 0 || (size_t)w >= sizeof(list) - k)
					break;
				k += (size_t)w;
			}
			set_reason(c, "convert.code", "column '%s': unknown value '%.*s' (expected one of %s)",
				   col->name, (int)n, s, list);
			return 1;
		}
		s = col->maps[i].xml;
		n = strlen(s);
	}
	switch (col->type) {
	case KAIGO_COL_TEXT:
		break;
	case KAIGO_COL_CODE:
		if (col->codes && !in_list(col->codes, kaigo_buf_add(&c->tmp, s, n) < 0 ? "" : c->tmp.data)) {
			list_text(col->codes, list, sizeof(list));
			set_reason(c, "convert.code", "column '%s': '%.*s' is not one of the codes %s",
				   col->name, (int)n, s, list);
			return 1;
		}
		kaigo_buf_reset(&c->tmp);
		break;
	case KAIGO_COL_DIGITS:
		if (!is_digits(s, n)) {
			set_reason(c, "convert.type", "column '%s': '%.*s' is not all digits", col->name, (int)n, s);
			return 1;
		}
		break;
	case KAIGO_COL_ALNUM:
	case KAIGO_COL_ASCII:
		for (i = 0; i < n; i++) {
			unsigned char b = (unsigned char)s[i];
			int ok = col->type == KAIGO_COL_ASCII ? (b >= 0x20 && b < 0x7F)
				 : ((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'));

			if (!ok) {
				set_reason(c, "convert.type", "column '%s': '%.*s' must be %s", col->name, (int)n, s,
					   col->type == KAIGO_COL_ASCII ? "ASCII" : "ASCII letters and digits");
				return 1;
			}
		}
		break;
	case KAIGO_COL_INTEGER:
	case KAIGO_COL_DECIMAL: {
		size_t k = (n && s[0] == '-') ? 1 : 0, d0 = k;
		int dot = 0, ok = 1;

		for (; k < n; k++) {
			if (s[k] == '.' && col->type == KAIGO_COL_DECIMAL && !dot && k > d0 && k + 1 < n)
				dot = 1;
			else if (s[k] < '0' || s[k] > '9')
				ok = 0;
		}
		if (!ok || n == d0) {
			set_reason(c, "convert.type", "column '%s': '%.*s' is not %s", col->name, (int)n, s,
				   col->type == KAIGO_COL_INTEGER ? "an integer" : "a number");
			return 1;
		}
		break;
	}
	case KAIGO_COL_DATE: {
		struct kaigo_era_date d = { 0, 0, 0 };
		char iso[16];
		int ok = 0;

		if (col->datefmt == KAIGO_DATE_COMPACT && n == 8 && is_digits(s, 8)) {
			d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			d.month = (s[4] - '0') * 10 + (s[5] - '0');
			d.day = (s[6] - '0') * 10 + (s[7] - '0');
			ok = 1;
		} else if ((col->datefmt == KAIGO_DATE_SLASH || col->datefmt == KAIGO_DATE_ISO) && n >= 8 && n <= 10) {
			int y, m, dd, used = 0, got;
			char tail;

			memcpy(iso, s, n);
			iso[n] = 0;
			if (col->datefmt == KAIGO_DATE_SLASH)
				got = sscanf(iso, "%4d/%2d/%2d%n%c", &y, &m, &dd, &used, &tail);
			else
				got = sscanf(iso, "%4d-%2d-%2d%n%c", &y, &m, &dd, &used, &tail);
			if (is_digits(s, 4) && got == 3 && (size_t)used == n && is_digits(s + n - 1, 1)) {
				d.year = y;
				d.month = m;
				d.day = dd;
				ok = 1;
			}
		} else if (col->datefmt == KAIGO_DATE_WAREKI || col->datefmt == KAIGO_DATE_ANY) {
			struct kaigo_era_result er;

			if (kaigo_era_parse(s, n, &er) == KAIGO_ERA_OK && er.date.day) {
				d = er.date;
				ok = 1;
			} else {
				set_reason(c, "convert.date", "column '%s': '%.*s' is not a date (%s)", col->name,
					   (int)n, s, er.detail[0] ? er.detail : "unrecognized form");
				return 1;
			}
		}
		if (!ok) {
			set_reason(c, "convert.date", "column '%s': '%.*s' is not a date in the form %s",
				   col->name, (int)n, s, col->datefmt == KAIGO_DATE_SLASH ? "YYYY/MM/DD"
				   : col->datefmt == KAIGO_DATE_ISO ? "YYYY-MM-DD" : "YYYYMMDD");
			return 1;
		}
		if (!kaigo_era_valid_ymd(d.year, d.month, d.day)) {
			set_reason(c, "convert.date", "column '%s': '%.*s': day does not exist", col->name,
				   (int)n, s);
			return 1;
		}
		kaigo_era_format_iso(&d, iso);
		return kaigo_buf_add(&c->tmp, iso, strlen(iso)) < 0 ? -1 : 0;
	}
	case KAIGO_COL_MONTH:
		if (n != 6 || !is_digits(s, 6) || (s[4] - '0') * 10 + (s[5] - '0') < 1 ||
		    (s[4] - '0') * 10 + (s[5] - '0') > 12) {
			set_reason(c, "convert.date", "column '%s': '%.*s' is not a month in the form YYYYMM",
				   col->name, (int)n, s);
			return 1;
		}
		kaigo_buf_add(&c->tmp, s, 4);
		kaigo_buf_addch(&c->tmp, '-');
		return kaigo_buf_add(&c->tmp, s + 4, 2) < 0 ? -1 : 0;
	case KAIGO_COL_TIME: {
		int ok = n == 4 && is_digits(s, 4);

		if (ok && !(col->codes && kaigo_buf_add(&c->tmp, s, n) == 0 && in_list(col->codes, c->tmp.data))) {
			int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[2] - '0') * 10 + (s[3] - '0');

			ok = mm < 60 && (hh < 24 || (hh == 24 && mm == 0));
		}
		kaigo_buf_reset(&c->tmp);
		if (!ok) {
			set_reason(c, "convert.time", "column '%s': '%.*s' is not a time HHMM", col->name, (int)n, s);
			return 1;
		}
		break;
	}
	}
	return kaigo_buf_add(&c->tmp, s, n) < 0 ? -1 : 0;
}

/* --- rows ------------------------------------------------------------ */

static int reject_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
		      unsigned long line, const char *rule, const char *reason, int report)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	int rc = 0;

	c->st.rejected++;
	if (report)
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, line, 0, rule, "row rejected: %s", reason);
	if (c->reject) {
		kaigo_buf_addf(&b, "%s:%lu: %s [%s]\n", strcmp(f->path, "-") == 0 ? "<stdin>" : f->path,
			       line, reason, rule);
		if (b.data)
			rc = kaigo_output_write(c->reject, b.data, b.len, c->sink);
		if (rc == 0 && rec->raw_len)
			rc = kaigo_output_write(c->reject, rec->raw, rec->raw_len, c->sink);
		if (rc == 0 && rec->raw_len && rec->raw[rec->raw_len - 1] != '\n')
			rc = kaigo_output_write(c->reject, "\n", 1, c->sink);
	}
	kaigo_buf_release(&b);
	return rc;
}

/* Key of a row from its raw fields (bytes of the key columns). */
static int row_key(const struct kaigo_layout *l, const struct kaigo_csv_record *rec, struct kaigo_buf *k)
{
	size_t i;

	kaigo_buf_reset(k);
	for (i = 0; i < l->nkeys; i++) {
		const struct kaigo_csv_field *f = &rec->fields[l->key_columns[i]];

		if (kaigo_buf_add(k, f->data, f->len) < 0 || kaigo_buf_addch(k, '\x1f') < 0)
			return -1;
	}
	if (!k->data)
		kaigo_buf_add(k, "", 0);
	return 0;
}

/*
 * Decode and check the fields of rec into c->v.  Returns 0, 1 (reason
 * set), -1 out of memory.
 */
static int convert_fields(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec)
{
	const struct kaigo_layout *l = f->layout;
	struct kaigo_codec *cd = codec_for(c, l->encoding);
	size_t i;

	if (!cd)
		return -1;
	if (rec->nfields != l->ncols) {
		set_reason(c, "convert.columns", "%zu fields, layout %s has %zu columns", rec->nfields,
			   l->name, l->ncols);
		return 1;
	}
	if (c->vcap < l->ncols) {
		struct value *g = realloc(c->v, l->ncols * sizeof(*g));

		if (!g)
			return -1;
		c->v = g;
		c->vcap = l->ncols;
	}
	kaigo_buf_reset(&c->vals);
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		const struct kaigo_csv_field *fd = &rec->fields[i];
		size_t bo, bl, start;
		int rc;

		kaigo_buf_reset(&c->xml);
		rc = kaigo_codec_decode(cd, fd->data, fd->len, &c->xml, &bo, &bl);
		if (rc < 0) {
			set_reason(c, "convert.invalid-byte", "column '%s': invalid %s byte 0x%02X at byte %zu "
				   "of the field", col->name, kaigo_codec_name(l->encoding),
				   (unsigned char)fd->data[bo], bo + 1);
			return 1;
		}
		if (!col->has_path) {
			const char *want = col->fixed ? col->fixed : "";

			if (c->xml.len != strlen(want) || (c->xml.len && memcmp(c->xml.data, want, c->xml.len) != 0)) {
				if (*want)
					set_reason(c, "convert.fixed", "column '%s' must be '%s', not '%.*s'",
						   col->name, want, (int)c->xml.len, c->xml.data);
				else
					set_reason(c, "convert.fixed", "column '%s' must be empty (not stored), not "
						   "'%.*s'", col->name, (int)c->xml.len, c->xml.data);
				return 1;
			}
			c->v[i].off = c->vals.len;
			c->v[i].len = 0;
			if (kaigo_buf_addch(&c->vals, 0) < 0)
				return -1;
			continue;
		}
		{
			/* convert_value uses c->xml as scratch for the profile */
			struct kaigo_buf in = c->xml;

			c->xml = (struct kaigo_buf)KAIGO_BUF_INIT;
			rc = convert_value(c, col, in.data ? in.data : "", in.len);
			kaigo_buf_release(&c->xml);
			c->xml = in;
		}
		if (rc)
			return rc;
		start = c->vals.len;
		if (kaigo_buf_add(&c->vals, c->tmp.data ? c->tmp.data : "", c->tmp.len) < 0 ||
		    kaigo_buf_addch(&c->vals, 0) < 0)
			return -1;
		c->v[i].off = start;
		c->v[i].len = c->tmp.len;
	}
	if (l->version_column >= 0) {
		const char *ver = val(c, (size_t)l->version_column);

		if (l->versions && !in_list(l->versions, ver)) {
			char list[200];

			list_text(l->versions, list, sizeof(list));
			set_reason(c, "convert.csv-version", "CSV version '%s' is not one layout %s accepts "
				   "(%s)", ver, l->name, list);
			return 1;
		}
		if (!f->version[0]) {
			snprintf(f->version, sizeof(f->version), "%s", ver);
			f->version_line = rec->line;
		} else if (strcmp(f->version, ver) != 0) {
			set_reason(c, "convert.csv-version", "the file mixes CSV versions: '%s' here, '%s' "
				   "from line %lu (one file must hold one version)", ver, f->version, f->version_line);
			return 1;
		}
	}
	return 0;
}

static int new_record(struct kaigo_c2x *c, const struct kaigo_layout *l)
{
	size_t i;

	c->root = new_node(c, NULL, l->doctype->record, 0);
	if (!c->root)
		return -1;
	c->root->gen = c->gen + 1; /* made by the row applied next (row ".") */
	c->root_layout = l;
	for (i = 0; i < l->nconstants; i++) {
		const struct kaigo_path *p = &l->constants[i].path;
		struct tnode *n = c->root;
		size_t k;

		for (k = 0; n && k + 1 < p->n; k++)
			n = step_into(c, n, &p->steps[k]);
		if (!n)
			return -1;
		if (p->steps[p->n - 1].attr) {
			/* once: a key of the path or an earlier constant may have set it */
			if (!attr_get(n, p->steps[p->n - 1].name) &&
			    attr_set(c, n, p->steps[p->n - 1].name, l->constants[i].value) < 0)
				return -1;
		} else if (!(n = step_into(c, n, &p->steps[p->n - 1])) || set_text(c, n, l->constants[i].value) < 0) {
			return -1;
		}
	}
	c->nundo = 0;
	return 0;
}

/* Check the header row against the layout.  Returns 0 if it matches. */
static int check_header(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec)
{
	const struct kaigo_layout *l = f->layout;
	struct kaigo_codec *cd = codec_for(c, l->encoding);
	size_t i, bo, bl;

	if (!cd)
		return -1;
	if (rec->nfields != l->ncols) {
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
				  "the header row has %zu columns, layout %s has %zu: wrong layout?",
				  rec->nfields, l->name, l->ncols);
		return 1;
	}
	for (i = 0; i < l->ncols; i++) {
		kaigo_buf_reset(&c->xml);
		if (kaigo_codec_decode(cd, rec->fields[i].data, rec->fields[i].len, &c->xml, &bo, &bl) < 0 ||
		    !c->xml.data || strcmp(c->xml.data, l->cols[i].name) != 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
					  "header column %zu is '%s', layout %s expects '%s': wrong layout?",
					  i + 1, c->xml.data ? c->xml.data : "(undecodable)", l->name, l->cols[i].name);
			return 1;
		}
	}
	return 0;
}

/* A CSV reader over the physical lines of a file or of a byte range of it. */
struct src {
	struct kaigo_lines lr;
	struct kaigo_input in;
	struct kaigo_line_source ls;
	struct kaigo_csv_reader *rd;
	struct kaigo_diag_sink *sink;
	const char *file;
	int failed;
	unsigned long base_line;   /* physical line of the first line served */
	int part;                  /* a byte range of a file, not its start */
	int utf8;                  /* the layout is UTF-8: a byte order mark is dropped */
};

static int src_next(void *ctx, const char **line, size_t *len)
{
	struct src *s = ctx;
	struct kaigo_line ln;
	int rc = kaigo_lines_next(&s->lr, &ln, s->sink);

	if (rc <= 0) {
		s->failed = rc < 0;
		return rc;
	}
	if (ln.partial) {
		kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->file, ln.number + s->base_line - 1, 1,
				  "csv.line-too-long", "line longer than 64 MiB");
		s->failed = 1;
		return -1;
	}
	if (ln.number == 1 && s->base_line == 1 && !s->part) {
		if (ln.len >= 2 && (((unsigned char)ln.data[0] == 0xFF && (unsigned char)ln.data[1] == 0xFE) ||
				    ((unsigned char)ln.data[0] == 0xFE && (unsigned char)ln.data[1] == 0xFF))) {
			kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->file, 1, 1, "convert.utf16",
					  "the file is UTF-16 (it starts with a byte order mark); convert it to "
					  "UTF-8 or CP932 first (kaigo-normalize --from utf-16)");
			s->failed = 1;
			return -1;
		}
		if (s->utf8 && ln.len >= 3 && memcmp(ln.data, "\xEF\xBB\xBF", 3) == 0) {
			ln.data += 3; /* a UTF-8 byte order mark is not data (in CP932, its bytes are rejected) */
			ln.len -= 3;
		}
	}
	*line = ln.data;
	*len = ln.len;
	return 1;
}

/*
 * Open path (start < 0: whole; else bytes [start, end), whose first line is
 * physical line base_line) for CSV reading; the reader reports to the
 * converter's capturing sink.  Returns 0, or -1 after reporting.
 */
static int src_open(struct kaigo_c2x *c, struct src *s, const char *path, long long start, long long end,
		    unsigned long base_line)
{
	memset(s, 0, sizeof(*s));
	s->sink = c->sink;
	s->file = path;
	s->base_line = base_line ? base_line : 1;
	s->part = start >= 0;
	s->ls.next = src_next;
	s->ls.ctx = s;
	if (start < 0 ? kaigo_input_open(&s->in, path, c->sink) < 0
		      : kaigo_input_open_part(&s->in, path, start, end, NULL, 0, NULL, 0, c->sink) < 0)
		return -1;
	if (kaigo_lines_init(&s->lr, &s->in, 64u * 1024 * 1024 + 1) < 0) {
		kaigo_input_close(&s->in);
		return -1;
	}
	if (!(s->rd = kaigo_csv_reader_new(&s->ls, path, 0, &c->csv_sink))) {
		kaigo_lines_release(&s->lr);
		kaigo_input_close(&s->in);
		return -1;
	}
	return 0;
}

static void src_close(struct src *s)
{
	kaigo_csv_reader_free(s->rd);
	kaigo_lines_release(&s->lr);
	kaigo_input_close(&s->in);
}

/*
 * Handle one data row of file f: convert, place into the current record
 * (starting a new one when its key differs, unless joining), or reject.
 * Returns 0, or -1 on an output failure or out of memory.
 */
static int do_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
		  unsigned long line, int joining)
{
	int rc;

	c->st.rows++;
	rc = convert_fields(c, f, rec);
	if (rc == 0 && !joining) {
		if (row_key(f->layout, rec, &c->tmp) < 0)
			return -1;
		if (!c->root || c->root_layout != f->layout || c->key.len != c->tmp.len ||
		    memcmp(c->key.data, c->tmp.data, c->tmp.len) != 0) {
			if (flush_record(c) < 0)
				return -1;
			kaigo_buf_reset(&c->key);
			if (kaigo_buf_add(&c->key, c->tmp.data, c->tmp.len) < 0 || new_record(c, f->layout) < 0)
				return -1;
		}
	}
	if (rc == 0)
		rc = apply_row(c, f->layout);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return reject_row(c, f, rec, line, c->reason_rule, c->reason.data ? c->reason.data : "", 1);
	c->st.converted++;
	return 0;
}

/* ---- one file through one layout ----------------------------------- */

static int convert_file(struct kaigo_c2x *c, struct c2x_file *f)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	int ret = 0, bad_header = 0;

	if (start_collection(c, f->layout->doctype) < 0)
		return -1;
	if (src_open(c, &s, f->path, -1, -1, 1) < 0)
		return -1;
	s.utf8 = f->layout->encoding == KAIGO_ENC_UTF8;
	while ((st = kaigo_csv_read(s.rd, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		if (f->layout->header && rec->number == 1) {
			int h = st == KAIGO_CSV_BAD ? 1 : check_header(c, f, rec);

			if (h < 0)
				goto fail;
			if (h > 0) {
				/* every data row is rejected with the reason, none is lost */
				kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
						  "the header does not match layout %s: every row of the file is "
						  "rejected", f->layout->name);
				bad_header = 1;
			}
			continue;
		}
		if (bad_header) {
			c->st.rows++;
			if (reject_row(c, f, rec, rec->line, "convert.header", "the file's header does not match "
				       "the layout", 0) < 0)
				goto fail;
			continue;
		}
		if (st == KAIGO_CSV_BAD) {
			c->st.rows++;
			if (reject_row(c, f, rec, rec->line, c->last_csv_rule ? c->last_csv_rule : "csv",
				       c->last_csv_msg, 0) < 0)
				goto fail;
			continue;
		}
		if (do_row(c, f, rec, rec->line, 0) < 0)
			goto fail;
	}
	if (st == KAIGO_CSV_FAIL || s.failed)
		ret = -1;
	if (flush_record(c) < 0)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	src_close(&s);
	return ret;
}

/* ---- send units ----------------------------------------------------- */

struct run {
	long long start, end;       /* byte range of consecutive good rows with one key */
	unsigned long line;         /* physical line of the first */
	size_t next;                /* next run of the same key in this file, index + 1; 0: none */
	size_t key;                 /* index into the key table */
};

struct ufile {
	struct c2x_file f;
	struct run *runs;
	size_t nruns, cap;
	size_t *head;               /* per key: its first run, index + 1; 0: none */
};

struct keytab {
	char **keys;
	size_t n, cap;
	size_t *hash;              /* open addressing: index+1, 0 empty */
	size_t hcap;
	int *visited;
};

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Index of key k, adding it if new; (size_t)-1 when out of memory. */
static size_t key_index(struct keytab *t, const char *k)
{
	size_t h, i;

	if (2 * (t->n + 1) > t->hcap) {
		size_t ncap = t->hcap ? 2 * t->hcap : 1024, j;
		size_t *nh = calloc(ncap, sizeof(*nh));

		if (!nh)
			return (size_t)-1;
		for (j = 0; j < t->n; j++) {
			for (i = hash_str(t->keys[j]) & (ncap - 1); nh[i]; i = (i + 1) & (ncap - 1))
				;
			nh[i] = j + 1;
		}
		free(t->hash);
		t->hash = nh;
		t->hcap = ncap;
	}
	h = hash_str(k);
	for (i = h & (t->hcap - 1); t->hash[i]; i = (i + 1) & (t->hcap - 1))
		if (strcmp(t->keys[t->hash[i] - 1], k) == 0)
			return t->hash[i] - 1;
	if (t->n == t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 256;
		char **g = realloc(t->keys, ncap * sizeof(*g));
		int *v = realloc(t->visited, ncap * sizeof(*v));

		if (g)
			t->keys = g;
		if (v)
			t->visited = v;
		if (!g || !v)
			return (size_t)-1;
		t->cap = ncap;
	}
	if (!(t->keys[t->n] = strdup(k)))
		return (size_t)-1;
	t->visited[t->n] = 0;
	t->hash[i] = t->n + 1;
	return t->n++;
}

static void keytab_release(struct keytab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->hash);
	free(t->visited);
}

/*
 * Index pass over one file of a unit: runs of good rows by key; malformed
 * rows and rows with the wrong column count are rejected here.
 */
static int index_file(struct kaigo_c2x *c, struct ufile *u, struct keytab *kt)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	struct kaigo_buf k = KAIGO_BUF_INIT;
	struct run *cur = NULL;
	int ret = 0;

	if (src_open(c, &s, u->f.path, -1, -1, 1) < 0)
		return -1;
	while ((st = kaigo_csv_read(s.rd, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		size_t ki;

		if (st == KAIGO_CSV_BAD || rec->nfields != u->f.layout->ncols) {
			c->st.rows++;
			if (st != KAIGO_CSV_BAD)
				snprintf(c->last_csv_msg, sizeof(c->last_csv_msg), "%zu fields, layout %s has "
					 "%zu columns", rec->nfields, u->f.layout->name, u->f.layout->ncols);
			if (reject_row(c, &u->f, rec, rec->line, st == KAIGO_CSV_BAD && c->last_csv_rule
				       ? c->last_csv_rule : "convert.columns", c->last_csv_msg,
				       st != KAIGO_CSV_BAD) < 0)
				goto fail;
			cur = NULL;
			continue;
		}
		if (row_key(u->f.layout, rec, &k) < 0 || (ki = key_index(kt, k.data)) == (size_t)-1)
			goto fail;
		if (cur && cur->key == ki && cur->end == rec->offset) {
			cur->end = rec->offset + (long long)rec->raw_len;
			continue;
		}
		if (u->nruns == u->cap) {
			size_t ncap = u->cap ? 2 * u->cap : 64;
			struct run *g = realloc(u->runs, ncap * sizeof(*g));

			if (!g)
				goto fail;
			u->runs = g;
			u->cap = ncap;
		}
		cur = &u->runs[u->nruns++];
		cur->start = rec->offset;
		cur->end = rec->offset + (long long)rec->raw_len;
		cur->line = rec->line;
		cur->key = ki;
		cur->next = 0;
	}
	if (st == KAIGO_CSV_FAIL || s.failed)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_buf_release(&k);
	src_close(&s);
	return ret;
}

/* Re-read one run and apply (or, orphan set, reject) its rows. */
static int replay_run(struct kaigo_c2x *c, struct ufile *u, const struct run *r, const char *orphan)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	int ret = 0;

	if (src_open(c, &s, u->f.path, r->start, r->end, r->line) < 0)
		return -1;
	while ((st = kaigo_csv_read(s.rd, &rec)) == KAIGO_CSV_RECORD) {
		unsigned long line = rec->line + r->line - 1;

		if (orphan) {
			const struct kaigo_layout *l = u->f.layout;
			struct kaigo_buf m = KAIGO_BUF_INIT;
			size_t k;
			int rr;

			c->st.rows++;
			kaigo_buf_addf(&m, "%s (", orphan);
			for (k = 0; k < l->nkeys && rec->nfields == l->ncols; k++) {
				const struct kaigo_csv_field *fd = &rec->fields[l->key_columns[k]];

				kaigo_buf_addf(&m, "%s%s %.*s", k ? ", " : "", l->cols[l->key_columns[k]].name,
					       (int)fd->len, fd->data);
			}
			kaigo_buf_addch(&m, ')');
			rr = reject_row(c, &u->f, rec, line, "convert.orphan", m.data ? m.data : orphan, 1);
			kaigo_buf_release(&m);
			if (rr < 0)
				goto fail;
			continue;
		}
		if (do_row(c, &u->f, rec, line, 1) < 0)
			goto fail;
	}
	if (st != KAIGO_CSV_EOF || s.failed)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	src_close(&s);
	return ret;
}

static int cmp_order(const void *a, const void *b)
{
	const struct ufile *x = a, *y = b;

	if (x->f.layout->parent != y->f.layout->parent)
		return x->f.layout->parent ? -1 : 1;
	return x->f.layout->order - y->f.layout->order;
}

static int write_unit_pi(struct kaigo_c2x *c, struct ufile *uf, size_t n)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const struct kaigo_stdname *nm = &uf[0].f.nm;
	const char *month = "";
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (uf[i].f.nm.month[0] && strcmp(uf[i].f.nm.month, "000000") != 0)
			month = uf[i].f.nm.month;
	kaigo_buf_addf(&b, "<?kaigo-unit unit=\"%s\" naming=\"%d\" from=\"%s\" from-kind=\"%s\" to=\"%s\" "
		       "to-kind=\"%s\" ts=\"%s\" month=\"%s\" files=\"", uf[0].f.layout->unit, nm->naming,
		       nm->from, nm->from_kind, nm->to, nm->to_kind, nm->ts, month);
	for (i = 0; i < n; i++)
		kaigo_buf_addf(&b, "%s%s", i ? " " : "", uf[i].f.layout->name);
	kaigo_buf_add(&b, "\"?>\n", 4);
	rc = b.data ? emit(c, b.data, b.len) : -1;
	kaigo_buf_release(&b);
	return rc;
}

/* Join the files of one send unit into records. */
static int convert_unit(struct kaigo_c2x *c, struct ufile *uf, size_t n)
{
	struct keytab kt;
	size_t i, j;
	int ret = 0;
	char why[300];

	memset(&kt, 0, sizeof(kt));
	qsort(uf, n, sizeof(*uf), cmp_order);
	for (i = 1; i < n; i++)
		if (uf[i].f.layout == uf[i - 1].f.layout || strcmp(uf[i].f.layout->name, uf[i - 1].f.layout->name) == 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, uf[i].f.path, 0, 0, "convert.unit",
					  "send unit %s has two %s files ('%s' and this one)", uf[0].f.nm.ts,
					  uf[i].f.layout->name, uf[i - 1].f.path);
			return -1;
		}
	if (start_collection(c, uf[0].f.layout->doctype) < 0 || write_unit_pi(c, uf, n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (index_file(c, &uf[i], &kt) < 0) {
			ret = -1;
			goto done;
		}
	}
	/* chain each file's runs by key, in file order */
	for (i = 0; i < n; i++) {
		size_t r;

		if (!(uf[i].head = calloc(kt.n ? kt.n : 1, sizeof(*uf[i].head))))
			goto fail;
		for (r = uf[i].nruns; r-- > 0;) {
			uf[i].runs[r].next = uf[i].head[uf[i].runs[r].key];
			uf[i].head[uf[i].runs[r].key] = r + 1;
		}
	}
	if (!uf[0].f.layout->parent) {
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, uf[0].f.path, 0, 0, "convert.unit",
				  "send unit %s (%s) has no parent file: every row is an orphan", uf[0].f.nm.ts,
				  uf[0].f.layout->unit);
	}
	/* records in the parent's order; each record takes its rows from every file */
	for (i = 0; uf[0].f.layout->parent && i < uf[0].nruns; i++) {
		size_t key = uf[0].runs[i].key;

		if (kt.visited[key])
			continue;
		kt.visited[key] = 1;
		if (flush_record(c) < 0 || new_record(c, uf[0].f.layout) < 0)
			goto fail;
		for (j = 0; j < n; j++) {
			size_t r;

			for (r = uf[j].head[key]; r; r = uf[j].runs[r - 1].next)
				if (replay_run(c, &uf[j], &uf[j].runs[r - 1], NULL) < 0)
					goto fail;
		}
	}
	if (flush_record(c) < 0)
		goto fail;
	/* what no parent row claimed */
	for (j = 0; j < n; j++) {
		size_t r;

		for (r = 0; r < uf[j].nruns; r++)
			if (!kt.visited[uf[j].runs[r].key]) {
				snprintf(why, sizeof(why), "orphan: no %s row in this send unit has its key",
					 uf[0].f.layout->name);
				if (replay_run(c, &uf[j], &uf[j].runs[r], why) < 0)
					goto fail;
			}
	}
	goto done;
fail:
	ret = -1;
done:
	for (i = 0; i < n; i++) {
		free(uf[i].head);
		uf[i].head = NULL;
	}
	keytab_release(&kt);
	return ret;
}

struct kaigo_layout *kaigo_layout_for_name(const struct kaigo_catalog *cat,
					   const struct kaigo_stdname *nm, const char *file,
					   struct kaigo_diag_sink *sink)
{
	char **names = kaigo_layout_names(cat);
	struct kaigo_layout *hit = NULL;
	size_t i;
	int month = !nm->month[0] ? 0 : strcmp(nm->month, "000000") == 0 ? 1 : 2;

	for (i = 0; names && names[i] && !hit; i++) {
		struct kaigo_layout *l;
		size_t pl = strlen(nm->prefix);

		if (strncmp(names[i], nm->prefix, pl) != 0 || (names[i][pl] && names[i][pl] != '-'))
			continue;
		l = kaigo_layout_load(cat, names[i], sink);
		if (!l)
			continue;
		if (l->file && strcmp(l->file, nm->prefix) == 0 && l->naming == nm->naming &&
		    (l->month < 0 || l->month == month))
			hit = l;
		else
			kaigo_layout_free(l);
	}
	kaigo_layout_names_free(names);
	if (!hit)
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, 0, 0, "convert.layout",
				  "no bundled layout for a %s file in %s naming%s (give one with --layout)",
				  nm->prefix, nm->naming == 3 ? "3.x" : "4.x",
				  month == 1 ? " with month 000000" : month == 2 ? " with a month" : "");
	return hit;
}

int kaigo_c2x_run(struct kaigo_c2x *c, const struct kaigo_catalog *cat, struct kaigo_layout *layout,
		  char **files, size_t nfiles)
{
	struct ufile *uf;
	size_t i, j;
	int ret = 0;
	int *done;

	if (layout) {
		for (i = 0; i < nfiles; i++) {
			struct c2x_file f;

			memset(&f, 0, sizeof(f));
			f.path = files[i];
			f.layout = layout;
			if (convert_file(c, &f) < 0)
				return -1;
		}
		if (!nfiles) {
			struct c2x_file f;

			memset(&f, 0, sizeof(f));
			f.path = "-";
			f.layout = layout;
			if (convert_file(c, &f) < 0)
				return -1;
		}
		goto end;
	}
	uf = calloc(nfiles ? nfiles : 1, sizeof(*uf));
	done = calloc(nfiles ? nfiles : 1, sizeof(*done));
	if (!uf || !done) {
		free(uf);
		free(done);
		return -1;
	}
	for (i = 0; i < nfiles; i++) {
		uf[i].f.path = files[i];
		if (kaigo_stdname_parse(files[i], &uf[i].f.nm) != 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, files[i], 0, 0, "convert.layout",
					  "not a standard file name (PREFIX_[YYYYMM_]FROM_KIND_TO_KIND_"
					  "YYYYMMDDHHMMSS.CSV): give the layout with --layout");
			ret = -2;
			goto out;
		}
		if (!(uf[i].f.layout = kaigo_layout_for_name(cat, &uf[i].f.nm, files[i], c->sink))) {
			ret = -2;
			goto out;
		}
		if (!uf[i].f.layout->unit) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, files[i], 0, 0, "convert.layout",
					  "layout %s names no send unit", uf[i].f.layout->name);
			ret = -2;
			goto out;
		}
	}
	/* group by send unit: unit name, timestamp, sender and receiver */
	for (i = 0; i < nfiles && ret == 0; i++) {
		struct ufile *grp;
		size_t n = 0;

		if (done[i])
			continue;
		grp = calloc(nfiles, sizeof(*grp));
		if (!grp) {
			ret = -1;
			break;
		}
		for (j = i; j < nfiles; j++) {
			if (done[j] || strcmp(uf[j].f.layout->unit, uf[i].f.layout->unit) != 0 ||
			    strcmp(uf[j].f.nm.ts, uf[i].f.nm.ts) != 0 || strcmp(uf[j].f.nm.from, uf[i].f.nm.from) != 0 ||
			    strcmp(uf[j].f.nm.to, uf[i].f.nm.to) != 0)
				continue;
			done[j] = 1;
			grp[n++] = uf[j];
		}
		if (convert_unit(c, grp, n) < 0)
			ret = -1;
		for (j = 0; j < n; j++)
			free(grp[j].runs);
		free(grp);
	}
out:
	for (i = 0; i < nfiles; i++)
		kaigo_layout_free(uf[i].f.layout);
	free(uf);
	free(done);
	if (ret)
		return ret;
end:
	if (!c->started && layout && start_collection(c, layout->doctype) < 0)
		return -1;
	if (c->started) {
		kaigo_buf_reset(&c->xml);
		kaigo_buf_addf(&c->xml, "</%s>\n", c->doctype->collection);
		if (emit(c, c->xml.data, c->xml.len) < 0)
			return -1;
	}
	return 0;
}

/* ==== XML → CSV ====================================================== */

#define X2C_NAMES 4096 /* a power of two */

struct x2c {
	struct kaigo_diag_sink *sink;
	struct kaigo_x2c_stats *st;
	struct kaigo_codec *codec[3];
	struct kaigo_buf row, val, fmt, enc;
	xmlNodePtr bind[8];
	const char *file;
	unsigned long record;    /* records seen in this file */
	unsigned long line;      /* line of the record element */
	int failed;
	struct kaigo_buf scratch;
	/*
	 * Element names compared by pointer: the reader interns every name in
	 * its dictionary, so a layout name looked up once in the same
	 * dictionary is equal to a node's name exactly when the pointers are.
	 * The table maps a layout string (by address) to its interned copy; it
	 * is cleared whenever the dictionary changes (a new file).
	 */
	xmlDictPtr dict;
	int interned;            /* this document's names are in dict */
	size_t nnames;
	struct xname {
		const char *key;
		const xmlChar *iname;
	} names[X2C_NAMES];
};

/* The record's document dictionary; called for every record. */
static void x_use_dict(struct x2c *x, xmlNodePtr rec)
{
	xmlDictPtr d = rec->doc ? rec->doc->dict : NULL;

	if (d == x->dict && x->interned >= 0)
		return;
	x->dict = d;
	x->nnames = 0;
	memset(x->names, 0, sizeof(x->names));
	x->interned = d && xmlDictOwns(d, rec->name) == 1;
}

/* name interned in the current dictionary, or NULL (compare strings then). */
static const xmlChar *x_intern(struct x2c *x, const char *name)
{
	size_t h = ((size_t)(uintptr_t)name >> 3) & (X2C_NAMES - 1);

	if (!x->interned)
		return NULL;
	while (x->names[h].key) {
		if (x->names[h].key == name)
			return x->names[h].iname;
		h = (h + 1) & (X2C_NAMES - 1);
	}
	if (x->nnames >= X2C_NAMES / 2)
		return NULL; /* full enough: strcmp is still right */
	x->names[h].key = name;
	x->names[h].iname = xmlDictLookup(x->dict, (const xmlChar *)name, -1);
	x->nnames++;
	return x->names[h].iname;
}

static int xnode_is(struct x2c *x, xmlNodePtr n, const char *name)
{
	const xmlChar *in;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if ((in = x_intern(x, name)))
		return n->name == in;
	return strcmp((const char *)n->name, name) == 0;
}

static void xtext(xmlNodePtr n, struct kaigo_buf *b)
{
	xmlNodePtr t;

	kaigo_buf_reset(b);
	kaigo_buf_add(b, "", 0);
	for (t = n->children; t; t = t->next)
		if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
			kaigo_buf_add(b, t->content, strlen((const char *)t->content));
}

static int xstep_matches(struct x2c *x, xmlNodePtr n, const struct kaigo_step *st)
{
	struct kaigo_buf *scratch = &x->scratch;

	if (!xnode_is(x, n, st->name))
		return 0;
	if (st->pred) {
		int eq;

		if (st->pred_attr) {
			xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)st->pred);

			eq = v && strcmp((const char *)v, st->pred_value) == 0;
			xmlFree(v);
			return eq;
		}
		for (n = n->children; n; n = n->next)
			if (xnode_is(x, n, st->pred)) {
				xtext(n, scratch);
				return strcmp(scratch->data, st->pred_value) == 0;
			}
		return 0;
	}
	return 1;
}

static xmlNodePtr xchild(struct x2c *x, xmlNodePtr p, const struct kaigo_step *st)
{
	xmlNodePtr n;

	for (n = p ? p->children : NULL; n; n = n->next)
		if (xstep_matches(x, n, st))
			return n;
	return NULL;
}

/* The XML value of col for the current row into x->val ("" when absent). */
static void column_xml_value(struct x2c *x, const struct kaigo_layout *l, const struct kaigo_column *col,
			     xmlNodePtr record)
{
	xmlNodePtr n;
	size_t i, from;

	kaigo_buf_reset(&x->val);
	kaigo_buf_add(&x->val, "", 0);
	if (col->repeat >= 0) {
		n = x->bind[col->repeat];
		from = l->repeats[col->repeat].path.n;
	} else {
		n = record;
		from = 0;
	}
	for (i = from; n && i + 1 < col->path.n; i++)
		n = xchild(x, n, &col->path.steps[i]);
	if (n) {
		const struct kaigo_step *last = &col->path.steps[col->path.n - 1];

		if (last->attr) {
			xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)last->name);

			if (v) {
				kaigo_buf_add(&x->val, v, strlen((const char *)v));
				xmlFree(v);
			}
		} else if ((n = xchild(x, n, last))) {
			xtext(n, &x->val);
		}
	}
}

/* Format the XML value v of col for CSV into x->fmt. */
static void format_value(struct x2c *x, const struct kaigo_column *col, const char *v)
{
	size_t n = strlen(v), i;

	kaigo_buf_reset(&x->fmt);
	kaigo_buf_add(&x->fmt, "", 0);
	if (!n)
		return;
	if (col->nmaps) {
		for (i = 0; i < col->nmaps; i++)
			if (strcmp(col->maps[i].xml, v) == 0) {
				kaigo_buf_add(&x->fmt, col->maps[i].csv, strlen(col->maps[i].csv));
				return;
			}
	}
	if (col->type == KAIGO_COL_DATE && n == 10 && v[4] == '-' && v[7] == '-') {
		struct kaigo_era_date d = { atoi(v), atoi(v + 5), atoi(v + 8) };
		char w[48];

		switch (col->datefmt) {
		case KAIGO_DATE_COMPACT:
			kaigo_buf_add(&x->fmt, v, 4);
			kaigo_buf_add(&x->fmt, v + 5, 2);
			kaigo_buf_add(&x->fmt, v + 8, 2);
			return;
		case KAIGO_DATE_SLASH:
		case KAIGO_DATE_ANY:
			kaigo_buf_addf(&x->fmt, "%.4s/%.2s/%.2s", v, v + 5, v + 8);
			return;
		case KAIGO_DATE_ISO:
			break;
		case KAIGO_DATE_WAREKI:
			if (kaigo_era_format_wareki(&d, w)) {
				kaigo_buf_add(&x->fmt, w, strlen(w));
				return;
			}
			break;
		}
	} else if (col->type == KAIGO_COL_MONTH && n == 7 && v[4] == '-') {
		kaigo_buf_add(&x->fmt, v, 4);
		kaigo_buf_add(&x->fmt, v + 5, 2);
		return;
	}
	kaigo_buf_add(&x->fmt, v, n);
}

static struct kaigo_codec *x2c_codec(struct x2c *x, enum kaigo_enc enc)
{
	char err[200];

	if (!x->codec[enc] && !(x->codec[enc] = kaigo_codec_new(enc, err, sizeof(err))))
		kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.codec", "%s", err);
	return x->codec[enc];
}

static int all_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Build the current row and write it to out; a value CP932 cannot hold refuses the row. */
static int emit_row(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr record, struct kaigo_output *out)
{
	struct kaigo_codec *cd = x2c_codec(x, l->encoding);
	struct kaigo_buf *enc = &x->enc;
	size_t i;

	if (!cd)
		return -1;
	kaigo_buf_reset(&x->row);
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		const char *s;
		size_t n, bo;
		unsigned long cp;
		int q;

		if (col->has_path) {
			column_xml_value(x, l, col, record);
			format_value(x, col, x->val.data);
			s = x->fmt.data;
			n = x->fmt.len;
		} else {
			s = col->fixed ? col->fixed : "";
			n = strlen(s);
		}
		if (l->encoding != KAIGO_ENC_UTF8 && !all_ascii(s, n)) {
			long bad;

			kaigo_buf_reset(enc);
			bad = kaigo_codec_encode(cd, s, n, enc, &bo, &cp);
			if (bad != 0) {
				if (bad < 0)
					kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, x->line, 0, "convert.encode",
							  "record %lu, column '%s': not valid UTF-8", x->record, col->name);
				else
					kaigo_diag_report(x->sink, KAIGO_SEV_ERROR, x->file, x->line, 0, "convert.encode",
							  "record %lu, column '%s': U+%04lX cannot be written in %s; "
							  "row not written", x->record, col->name, cp,
							  kaigo_codec_name(l->encoding));
				x->st->refused++;
				return 0;
			}
			s = enc->data ? enc->data : "";
			n = enc->len;
		}
		if (i)
			kaigo_buf_addch(&x->row, ',');
		q = col->quote == KAIGO_QUOTE_ALWAYS;
		if (kaigo_csv_put_field(&x->row, s, n, q) < 0)
			return -1;
	}
	if (l->crlf)
		kaigo_buf_add(&x->row, "\r\n", 2);
	else
		kaigo_buf_addch(&x->row, '\n');
	if (!x->row.data || kaigo_output_write(out, x->row.data, x->row.len, x->sink) < 0)
		return -1;
	x->st->rows++;
	return 0;
}

/* The repeat whose path has exactly d+1 steps, or -1. */
static int repeat_at(const struct kaigo_layout *l, size_t d)
{
	size_t r;

	for (r = 0; r < l->nrepeats; r++)
		if (l->repeats[r].path.n == d + 1)
			return (int)r;
	return -1;
}

/* Walk the row path below n (which stands for d steps); a row for each match. */
static int walk_rows(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr record, xmlNodePtr n, size_t d,
		     int in_repeat, struct kaigo_output *out)
{
	const struct kaigo_step *st;
	int r, any = 0;
	xmlNodePtr ch;

	if (d == l->row.n)
		return emit_row(x, l, record, out);
	st = &l->row.steps[d];
	r = repeat_at(l, d);
	for (ch = n->children; ch; ch = ch->next) {
		if (!xstep_matches(x, ch, st))
			continue;
		any = 1;
		if (r >= 0) {
			size_t k;

			x->bind[r] = ch;
			for (k = (size_t)r + 1; k < l->nrepeats; k++)
				x->bind[k] = NULL;
		}
		if (walk_rows(x, l, record, ch, d + 1, in_repeat || r >= 0, out) < 0)
			return -1;
		if (r < 0)
			break; /* a plain step: the first match only */
	}
	/* an instance of an enclosing repeat without any of this repeat: one row for it */
	if (!any && r >= 0 && in_repeat) {
		size_t k;

		for (k = (size_t)r; k < l->nrepeats; k++)
			x->bind[k] = NULL;
		return emit_row(x, l, record, out);
	}
	return 0;
}

static int record_is_layouts(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr rec)
{
	size_t i;
	struct kaigo_buf v = KAIGO_BUF_INIT;
	int ok = 1;

	if (!rec->ns || strcmp((const char *)rec->ns->href, l->doctype->ns) != 0 ||
	    strcmp((const char *)rec->name, l->doctype->record) != 0)
		return 0;
	for (i = 0; i < l->nconstants && ok; i++) {
		const struct kaigo_path *p = &l->constants[i].path;
		xmlNodePtr n = rec;
		size_t k;

		for (k = 0; n && k + 1 < p->n; k++)
			n = xchild(x, n, &p->steps[k]);
		if (!n) {
			ok = 0;
		} else if (p->steps[p->n - 1].attr) {
			xmlChar *a = xmlGetNoNsProp(n, (const xmlChar *)p->steps[p->n - 1].name);

			ok = a && strcmp((const char *)a, l->constants[i].value) == 0;
			xmlFree(a);
		} else {
			n = xchild(x, n, &p->steps[p->n - 1]);
			if (n)
				xtext(n, &v);
			ok = n && strcmp(v.data, l->constants[i].value) == 0;
		}
	}
	kaigo_buf_release(&v);
	return ok;
}

static int record_rows(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr rec, struct kaigo_output *out)
{
	x_use_dict(x, rec);
	if (!record_is_layouts(x, l, rec))
		return 0;
	memset(x->bind, 0, sizeof(x->bind));
	return walk_rows(x, l, rec, rec, 0, 0, out);
}

/* A unit's outputs in directory mode. */
struct dirunit {
	struct kaigo_layout *layouts[16];
	struct kaigo_output outs[16];
	char names[16][PATH_MAX];   /* full paths */
	size_t n;
	int open;
};

/*
 * Stream the records of one XML file: the children of a root named
 * collection, or the root itself.  For each record call fr; for each
 * <?kaigo-unit?> call fp (may be NULL).
 */
typedef int (*record_fn)(void *ctx, xmlNodePtr rec);
typedef int (*pi_fn)(void *ctx, const char *data);

struct stream_ctx {
	struct x2c *x;
	const struct kaigo_doctype *type; /* what the root must be: its record or collection */
	int wrong_type;                   /* it was not: the file was skipped (a data error) */
	record_fn fr;
	pi_fn fp;
	void *ctx;
};

static int stream_root(void *ctx, const char *ns, const char *local, unsigned long line)
{
	struct stream_ctx *sc = ctx;
	const struct kaigo_doctype *t = sc->type;

	if (!ns || strcmp(ns, t->ns) != 0 || (strcmp(local, t->record) != 0 && strcmp(local, t->collection) != 0)) {
		/* not this layout's document type: reported, the file gives no row */
		kaigo_diag_report(sc->x->sink, KAIGO_SEV_ERROR, sc->x->file, line, 0, "convert.document-type",
				  "root element '%s' in namespace '%s' is not a %s or %s in '%s': nothing converted",
				  local, ns ? ns : "", t->record, t->collection, t->ns);
		sc->wrong_type = 1;
		return -1;
	}
	return strcmp(local, t->collection) != 0; /* not the collection: the one record */
}

static int stream_record(void *ctx, xmlNodePtr node)
{
	struct stream_ctx *sc = ctx;

	sc->x->record++;
	sc->x->line = (unsigned long)xmlGetLineNo(node);
	sc->x->st->records++;
	return sc->fr(sc->ctx, node);
}

static int stream_pi(void *ctx, const char *target, const char *data)
{
	struct stream_ctx *sc = ctx;

	return sc->fp && strcmp(target, "kaigo-unit") == 0 ? sc->fp(sc->ctx, data) : 0;
}

static int stream_records(struct x2c *x, const char *path, const struct kaigo_doctype *type, record_fn fr,
			  pi_fn fp, void *ctx)
{
	struct stream_ctx sc = { x, type, 0, fr, fp, ctx };
	struct kaigo_xmlin_walk w = { stream_root, stream_record, stream_pi, &sc };
	int r;

	x->file = path;
	x->record = 0;
	x->interned = -1; /* a new dictionary, maybe at a freed one's address */
	r = kaigo_xmlin_records(path, &w, x->sink);
	return sc.wrong_type ? 0 : r; /* another document type: reported, counted as an error, not I/O */
}

struct run_ctx {
	struct x2c *x;
	struct kaigo_layout *l;
	struct kaigo_output *out;
};

static int run_record(void *ctx, xmlNodePtr rec)
{
	struct run_ctx *rc = ctx;

	return record_rows(rc->x, rc->l, rec, rc->out);
}

static void x2c_release(struct x2c *x)
{
	size_t i;

	for (i = 0; i < 3; i++)
		kaigo_codec_free(x->codec[i]);
	kaigo_buf_release(&x->row);
	kaigo_buf_release(&x->val);
	kaigo_buf_release(&x->fmt);
	kaigo_buf_release(&x->scratch);
	kaigo_buf_release(&x->enc);
}

int kaigo_x2c_run(struct kaigo_layout *layout, char **files, size_t nfiles,
		  struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st)
{
	struct x2c x;
	struct run_ctx rc = { &x, layout, out };
	size_t i;
	int ret = 0;
	char *dash = "-";

	memset(&x, 0, sizeof(x));
	x.sink = sink;
	x.st = st;
	if (!nfiles) {
		files = &dash;
		nfiles = 1;
	}
	if (layout->header) {
		/* the header row: the column names, in the layout's encoding */
		struct kaigo_codec *cd = x2c_codec(&x, layout->encoding);
		struct kaigo_buf enc = KAIGO_BUF_INIT;
		size_t bo;
		unsigned long cp;

		for (i = 0; cd && i < layout->ncols; i++) {
			const char *nm = layout->cols[i].name;

			kaigo_buf_reset(&enc);
			if (kaigo_codec_encode(cd, nm, strlen(nm), &enc, &bo, &cp) != 0)
				ret = -1;
			if (i)
				kaigo_buf_addch(&x.row, ',');
			kaigo_csv_put_field(&x.row, enc.data ? enc.data : "", enc.len, 0);
		}
		kaigo_buf_add(&x.row, layout->crlf ? "\r\n" : "\n", layout->crlf ? 2 : 1);
		if (!cd || ret < 0 || kaigo_output_write(out, x.row.data, x.row.len, sink) < 0)
			ret = -1;
		kaigo_buf_release(&enc);
	}
	for (i = 0; i < nfiles && ret == 0; i++)
		ret = stream_records(&x, files[i], layout->doctype, run_record, NULL, &rc);
	x2c_release(&x);
	return ret;
}

/* ---- directory of standard files ------------------------------------ */

struct dir_ctx {
	struct x2c *x;
	const struct kaigo_catalog *cat;
	const char *dir;
	struct kaigo_layout *cache[64];
	size_t ncache;
	struct dirunit u;
	int load_failed;
};

static struct kaigo_layout *cached_layout(struct dir_ctx *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->ncache; i++)
		if (strcmp(d->cache[i]->name, name) == 0)
			return d->cache[i];
	if (d->ncache == 64)
		return NULL;
	if (!(d->cache[d->ncache] = kaigo_layout_load(d->cat, name, d->x->sink))) {
		d->load_failed = 1;
		return NULL;
	}
	return d->cache[d->ncache++];
}

static int close_unit(struct dir_ctx *d, int ok)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < d->u.n; i++) {
		if (ok && kaigo_output_commit(&d->u.outs[i], d->x->sink) == 0) {
			d->x->st->files++;
		} else {
			kaigo_output_abort(&d->u.outs[i]);
			ret = -1;
		}
	}
	d->u.n = 0;
	d->u.open = 0;
	return ok ? ret : -1;
}

static void pi_attr(const char *data, const char *name, char *out, size_t outsz)
{
	char pat[40];
	const char *p;
	size_t n;

	out[0] = 0;
	snprintf(pat, sizeof(pat), " %s=\"", name);
	p = strstr(data - 1, pat);
	if (!p && strncmp(data, pat + 1, strlen(pat + 1)) == 0)
		p = data - 1;
	if (!p)
		return;
	p += strlen(pat);
	for (n = 0; p[n] && p[n] != '"' && n + 1 < outsz; n++)
		out[n] = p[n];
	out[n] = 0;
}

static int dir_pi(void *ctx, const char *data)
{
	struct dir_ctx *d = ctx;
	struct kaigo_stdname nm;
	char files[400], naming[4], *tok, *save = NULL;
	char buf[512];

	if (d->u.open && close_unit(d, 1) < 0)
		return -1;
	snprintf(buf, sizeof(buf), " %s", data);
	memset(&nm, 0, sizeof(nm));
	pi_attr(buf + 1, "naming", naming, sizeof(naming));
	pi_attr(buf + 1, "from", nm.from, sizeof(nm.from));
	pi_attr(buf + 1, "from-kind", nm.from_kind, sizeof(nm.from_kind));
	pi_attr(buf + 1, "to", nm.to, sizeof(nm.to));
	pi_attr(buf + 1, "to-kind", nm.to_kind, sizeof(nm.to_kind));
	pi_attr(buf + 1, "ts", nm.ts, sizeof(nm.ts));
	pi_attr(buf + 1, "files", files, sizeof(files));
	nm.naming = atoi(naming);
	{
		char month[8];

		pi_attr(buf + 1, "month", month, sizeof(month));
		for (tok = strtok_r(files, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			struct kaigo_layout *l = cached_layout(d, tok);
			char path[200];
			struct kaigo_stdname fn = nm;

			if (!l || !l->file)
				return -1;
			if (d->u.n == 16)
				break;
			snprintf(fn.prefix, sizeof(fn.prefix), "%s", l->file);
			{
				const char *m = l->month == 1 ? "000000" : l->month == 2 && strlen(month) == 6 ? month : "";

				memcpy(fn.month, m, strlen(m) + 1);
			}
			kaigo_stdname_format(&fn, path, sizeof(path));
			{
				size_t dl = strlen(d->dir), pl = strlen(path);
				char *dst = d->u.names[d->u.n];

				if (dl + pl + 2 > sizeof(d->u.names[0]))
					return -1;
				memcpy(dst, d->dir, dl);
				dst[dl] = '/';
				memcpy(dst + dl + 1, path, pl + 1);
			}
			d->u.layouts[d->u.n] = l;
			if (kaigo_output_open(&d->u.outs[d->u.n], d->u.names[d->u.n], d->x->sink) < 0)
				return -1;
			d->u.n++;
		}
	}
	d->u.open = 1;
	return 0;
}

static int dir_record(void *ctx, xmlNodePtr rec)
{
	struct dir_ctx *d = ctx;
	size_t i;

	if (!d->u.open) {
		kaigo_diag_report(d->x->sink, KAIGO_SEV_ERROR, d->x->file, d->x->line, 0, "convert.unit",
				  "record %lu belongs to no send unit: the XML has no <?kaigo-unit?> before it "
				  "(made by kaigo-csv2xml from standard files); use --layout instead",
				  d->x->record);
		return -1;
	}
	for (i = 0; i < d->u.n; i++)
		if (record_rows(d->x, d->u.layouts[i], rec, &d->u.outs[i]) < 0)
			return -1;
	return 0;
}

int kaigo_x2c_dir(const struct kaigo_catalog *cat, char **files, size_t nfiles, const char *dir,
		  struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st)
{
	struct x2c x;
	struct dir_ctx d;
	size_t i;
	int ret = 0;
	char *dash = "-";
	const struct kaigo_doctype *type = NULL;

	memset(&x, 0, sizeof(x));
	memset(&d, 0, sizeof(d));
	x.sink = sink;
	x.st = st;
	d.x = &x;
	d.cat = cat;
	d.dir = dir;
	for (i = 0; i < cat->ntypes; i++)
		if (strcmp(cat->types[i].name, "CarePlan") == 0)
			type = &cat->types[i];
	if (!type) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.document-type",
				  "the catalog has no CarePlan type");
		return -2;
	}
	if (!nfiles) {
		files = &dash;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && ret == 0; i++)
		ret = stream_records(&x, files[i], type, dir_record, dir_pi, &d);
	if (d.u.open && close_unit(&d, ret == 0) < 0)
		ret = -1;
	for (i = 0; i < d.ncache; i++)
		kaigo_layout_free(d.cache[i]);
	x2c_release(&x);
	if (d.load_failed)
		return -2;
	return ret;
}
