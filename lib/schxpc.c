/*
 * schxpc.c - compiling the expressions of the direct evaluator (see
 * schxp.h): a recursive-descent parser of XPath 1.0 (section 3 of the
 * recommendation, with the lexical disambiguation rules of 3.7) into the
 * tree of schxp_int.h.  Anything outside the covered subset (other axes,
 * functions other than the core string, number and boolean ones,
 * prefixed functions, exponent numbers, syntax errors) makes it return
 * NULL, so the expression stays with libxml2, which reports any error.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "schxp_int.h"

/* The core functions covered, with their arities. */
static const struct {
	const char *name;
	enum fn fn;
	int min, max;
} functions[] = {
	{ "last", F_LAST, 0, 0 },
	{ "position", F_POSITION, 0, 0 },
	{ "count", F_COUNT, 1, 1 },
	{ "string", F_STRING, 0, 1 },
	{ "concat", F_CONCAT, 2, 64 },
	{ "starts-with", F_STARTS_WITH, 2, 2 },
	{ "contains", F_CONTAINS, 2, 2 },
	{ "substring-before", F_SUBSTRING_BEFORE, 2, 2 },
	{ "substring-after", F_SUBSTRING_AFTER, 2, 2 },
	{ "substring", F_SUBSTRING, 2, 3 },
	{ "string-length", F_STRING_LENGTH, 0, 1 },
	{ "normalize-space", F_NORMALIZE_SPACE, 0, 1 },
	{ "translate", F_TRANSLATE, 3, 3 },
	{ "boolean", F_BOOLEAN, 1, 1 },
	{ "not", F_NOT, 1, 1 },
	{ "true", F_TRUE, 0, 0 },
	{ "false", F_FALSE, 0, 0 },
	{ "number", F_NUMBER, 0, 1 },
	{ "sum", F_SUM, 1, 1 },
	{ "floor", F_FLOOR, 1, 1 },
	{ "ceiling", F_CEILING, 1, 1 },
	{ "current", F_CURRENT, 0, 0 },
};

static const struct {
	const char *name;
	enum axis axis;
} axes[] = {
	{ "child", AX_CHILD },
	{ "attribute", AX_ATTRIBUTE },
	{ "self", AX_SELF },
	{ "parent", AX_PARENT },
	{ "ancestor", AX_ANCESTOR },
	{ "ancestor-or-self", AX_ANCESTOR_OR_SELF },
	{ "descendant", AX_DESCENDANT },
	{ "descendant-or-self", AX_DESCENDANT_OR_SELF },
	{ "following-sibling", AX_FOLLOWING_SIBLING },
	{ "preceding-sibling", AX_PRECEDING_SIBLING },
};

/* ------------------------------------------------------------ lexer */

enum tok {
	K_END, K_LPAREN, K_RPAREN, K_LBRACK, K_RBRACK, K_DOT, K_DOTDOT, K_AT, K_COMMA,
	K_SLASH, K_DSLASH, K_PIPE, K_PLUS, K_MINUS, K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE,
	K_MUL, K_AND, K_OR, K_DIV, K_MOD, K_LITERAL, K_NUMBER, K_VAR, K_NAMETEST,
	K_FUNC, K_NODETYPE, K_AXIS, K_BAD
};

struct lexer {
	const char *p;              /* next character */
	enum tok tok;               /* current token */
	enum tok prev;              /* the token before it (K_END: none) */
	const char *s;              /* its text: name, local part, literal */
	size_t n;
	const char *prefix;         /* name tests and functions: prefix, or NULL */
	size_t np;
	double num;                 /* K_NUMBER */
	const struct kaigo_schxp_env *env;
	int bad;                    /* not covered (or a syntax error) */
};

static int name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static const char *ncname_end(const char *p)
{
	if (!name_start((unsigned char)*p))
		return p;
	while (name_char((unsigned char)*p))
		p++;
	return p;
}

/* Does the previous token make '*' a name test and a name a name (XPath 3.7)? */
static int operand_expected(enum tok prev)
{
	switch (prev) {
	case K_END: case K_AT: case K_AXIS: case K_LPAREN: case K_LBRACK: case K_COMMA:
	case K_SLASH: case K_DSLASH: case K_PIPE: case K_PLUS: case K_MINUS: case K_EQ: case K_NE:
	case K_LT: case K_LE: case K_GT: case K_GE: case K_MUL: case K_AND: case K_OR: case K_DIV:
	case K_MOD:
		return 1;
	default:
		return 0;
	}
}

static void next(struct lexer *lx)
{
	const char *p = lx->p;
	enum tok prev = lx->tok;

	lx->prev = prev;
	lx->prefix = NULL;
	while (is_blank(*p))
		p++;
	lx->s = p;
	if (!*p) {
		lx->tok = K_END;
		lx->p = p;
		return;
	}
	switch (*p) {
	case '(': lx->tok = K_LPAREN; p++; break;
	case ')': lx->tok = K_RPAREN; p++; break;
	case '[': lx->tok = K_LBRACK; p++; break;
	case ']': lx->tok = K_RBRACK; p++; break;
	case '@': lx->tok = K_AT; p++; break;
	case ',': lx->tok = K_COMMA; p++; break;
	case '|': lx->tok = K_PIPE; p++; break;
	case '+': lx->tok = K_PLUS; p++; break;
	case '-': lx->tok = K_MINUS; p++; break;
	case '=': lx->tok = K_EQ; p++; break;
	case '!':
		if (p[1] != '=')
			goto bad;
		lx->tok = K_NE;
		p += 2;
		break;
	case '<':
		lx->tok = p[1] == '=' ? K_LE : K_LT;
		p += p[1] == '=' ? 2 : 1;
		break;
	case '>':
		lx->tok = p[1] == '=' ? K_GE : K_GT;
		p += p[1] == '=' ? 2 : 1;
		break;
	case '/':
		lx->tok = p[1] == '/' ? K_DSLASH : K_SLASH;
		p += p[1] == '/' ? 2 : 1;
		break;
	case '\'':
	case '"': {
		const char *e = strchr(p + 1, *p);

		if (!e)
			goto bad;
		lx->tok = K_LITERAL;
		lx->s = p + 1;
		lx->n = (size_t)(e - p - 1);
		p = e + 1;
		break;
	}
	case '$': {
		const char *e = ncname_end(p + 1);

		if (e == p + 1 || *e == ':')
			goto bad; /* no name, or a prefixed variable */
		lx->tok = K_VAR;
		lx->s = p + 1;
		lx->n = (size_t)(e - p - 1);
		p = e;
		break;
	}
	case '*':
		p++;
		if (operand_expected(prev)) {
			lx->tok = K_NAMETEST;
			lx->s = "*";
			lx->n = 1;
		} else {
			lx->tok = K_MUL;
		}
		break;
	default:
		if (*p == '.' && p[1] == '.') {
			lx->tok = K_DOTDOT;
			p += 2;
		} else if ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) {
			const char *e = p;
			char buf[64];

			while (*e >= '0' && *e <= '9')
				e++;
			if (*e == '.')
				for (e++; *e >= '0' && *e <= '9'; e++)
					;
			if (*e == 'e' || *e == 'E' || e - p >= (long)sizeof(buf))
				goto bad; /* libxml2's exponent extension: left to it */
			memcpy(buf, p, (size_t)(e - p));
			buf[e - p] = '\0';
			/* converted as libxml2 converts it */
			lx->num = xmlXPathStringEvalNumber((const xmlChar *)buf);
			lx->tok = K_NUMBER;
			p = e;
		} else if (*p == '.') {
			lx->tok = K_DOT;
			p++;
		} else if (name_start((unsigned char)*p)) {
			const char *e = ncname_end(p), *q;

			if (!operand_expected(prev)) {
				/* an operator name */
				size_t n = (size_t)(e - p);

				if (n == 3 && !strncmp(p, "and", 3))
					lx->tok = K_AND;
				else if (n == 2 && !strncmp(p, "or", 2))
					lx->tok = K_OR;
				else if (n == 3 && !strncmp(p, "div", 3))
					lx->tok = K_DIV;
				else if (n == 3 && !strncmp(p, "mod", 3))
					lx->tok = K_MOD;
				else
					goto bad;
				p = e;
				break;
			}
			lx->s = p;
			lx->n = (size_t)(e - p);
			if (*e == ':' && e[1] != ':') {
				lx->prefix = p;
				lx->np = (size_t)(e - p);
				if (e[1] == '*') {
					lx->s = "*";
					lx->n = 1;
					lx->tok = K_NAMETEST;
					p = e + 2;
					break;
				}
				lx->s = e + 1;
				q = ncname_end(e + 1);
				if (q == e + 1)
					goto bad;
				lx->n = (size_t)(q - e - 1);
				e = q;
			}
			for (q = e; is_blank(*q); q++)
				;
			if (*q == '(') {
				if (!lx->prefix && ((lx->n == 4 && !strncmp(lx->s, "node", 4)) ||
						    (lx->n == 4 && !strncmp(lx->s, "text", 4)) ||
						    (lx->n == 7 && !strncmp(lx->s, "comment", 7)) ||
						    (lx->n == 22 && !strncmp(lx->s, "processing-instruction", 22))))
					lx->tok = K_NODETYPE;
				else
					lx->tok = K_FUNC;
				p = e;
			} else if (!lx->prefix && q[0] == ':' && q[1] == ':') {
				lx->tok = K_AXIS;
				p = q + 2;
			} else {
				lx->tok = K_NAMETEST;
				p = e;
			}
		} else {
			goto bad;
		}
		break;
	}
	lx->p = p;
	return;
bad:
	lx->tok = K_BAD;
	lx->bad = 1;
	lx->p = p;
}

/* ------------------------------------------------------------ parser */

/*
 * Call fn on each expression directly under e (operands, a filter's
 * primary, arguments, predicates, the steps' predicates), in evaluation
 * order, until one call returns nonzero; that value, or 0.  The tree
 * walks below (freeing, marking, programs, position reads) all go
 * through it.
 */
static int each_sub(struct xe *e, int (*fn)(struct xe *sub, void *arg), void *arg)
{
	struct xe *const one[3] = { e->a, e->b, e->base };
	size_t i, k;
	int r;

	for (i = 0; i < 3; i++)
		if (one[i] && (r = fn(one[i], arg)) != 0)
			return r;
	for (i = 0; i < e->nargs; i++)
		if ((r = fn(e->args[i], arg)) != 0)
			return r;
	for (i = 0; i < e->npreds; i++)
		if ((r = fn(e->preds[i], arg)) != 0)
			return r;
	for (i = 0; i < e->nsteps; i++)
		for (k = 0; k < e->steps[i].npreds; k++)
			if ((r = fn(e->steps[i].preds[k], arg)) != 0)
				return r;
	return 0;
}

static void free_xe(struct xe *e);

static int free_sub(struct xe *e, void *arg)
{
	(void)arg;
	free_xe(e);
	return 0;
}

static void free_xe(struct xe *e)
{
	size_t i;

	if (!e)
		return;
	each_sub(e, free_sub, NULL);
	free(e->s);
	free(e->args);
	free(e->preds);
	for (i = 0; i < e->nsteps; i++) {
		free(e->steps[i].uri);
		free(e->steps[i].local);
		free(e->steps[i].preds);
	}
	free(e->steps);
	free(e);
}

static struct xe *new_xe(struct lexer *lx, enum op op)
{
	struct xe *e = calloc(1, sizeof(*e));

	if (!e)
		lx->bad = 1;
	else
		e->op = op;
	return e;
}

static struct xe *binary(struct lexer *lx, enum op op, struct xe *a, struct xe *b)
{
	struct xe *e;

	if (!a || !b) {
		free_xe(a);
		free_xe(b);
		return NULL;
	}
	if (!(e = new_xe(lx, op))) {
		free_xe(a);
		free_xe(b);
		return NULL;
	}
	e->a = a;
	e->b = b;
	return e;
}

static struct xe *parse_or(struct lexer *lx);

/* Append one more pointer to a growing array; -1 when out of memory. */
static int push_ptr(void *arrayp, size_t *n, void *item)
{
	void ***a = arrayp;
	void **v = realloc(*a, (*n + 1) * sizeof(**a));

	if (!v)
		return -1;
	v[(*n)++] = item;
	*a = v;
	return 0;
}

/* '[' Expr ']' while the current token is '['. */
static int parse_predicates(struct lexer *lx, struct xe ***preds, size_t *n)
{
	while (lx->tok == K_LBRACK) {
		struct xe *p;

		next(lx);
		if (!(p = parse_or(lx)))
			return -1;
		if (lx->tok != K_RBRACK || push_ptr(preds, n, p) < 0) {
			free_xe(p);
			lx->bad = 1;
			return -1;
		}
		next(lx);
	}
	return 0;
}

static int add_step(struct lexer *lx, struct xe *path, enum axis axis, enum test test)
{
	struct xstep *v = realloc(path->steps, (path->nsteps + 1) * sizeof(*v));

	if (!v) {
		lx->bad = 1;
		return -1;
	}
	path->steps = v;
	memset(&v[path->nsteps], 0, sizeof(*v));
	v[path->nsteps].axis = axis;
	v[path->nsteps].test = test;
	path->nsteps++;
	return 0;
}

static int starts_step(enum tok t)
{
	return t == K_NAMETEST || t == K_DOT || t == K_DOTDOT || t == K_AT || t == K_AXIS || t == K_NODETYPE;
}

/* One location step, appended to path. */
static int parse_step(struct lexer *lx, struct xe *path)
{
	enum axis axis = AX_CHILD;
	struct xstep *st;

	if (lx->tok == K_DOT || lx->tok == K_DOTDOT) {
		int r = add_step(lx, path, lx->tok == K_DOT ? AX_SELF : AX_PARENT, T_NODE);

		next(lx);
		return r;
	}
	if (lx->tok == K_AT) {
		axis = AX_ATTRIBUTE;
		next(lx);
	} else if (lx->tok == K_AXIS) {
		size_t i;

		for (i = 0; i < sizeof(axes) / sizeof(axes[0]); i++)
			if (strlen(axes[i].name) == lx->n && !strncmp(axes[i].name, lx->s, lx->n))
				break;
		if (i == sizeof(axes) / sizeof(axes[0])) {
			lx->bad = 1; /* following, preceding, namespace: libxml2's */
			return -1;
		}
		axis = axes[i].axis;
		next(lx);
	}
	if (lx->tok == K_NODETYPE) {
		enum test t = lx->s[0] == 'n' ? T_NODE : lx->s[0] == 't' ? T_TEXT : lx->s[0] == 'c' ? T_COMMENT : T_PI;

		next(lx);
		if (lx->tok != K_LPAREN)
			goto bad;
		next(lx);
		if (lx->tok != K_RPAREN)
			goto bad; /* processing-instruction('name'): libxml2's */
		next(lx);
		if (add_step(lx, path, axis, t) < 0)
			return -1;
	} else if (lx->tok == K_NAMETEST) {
		const char *uri = NULL;

		if (lx->prefix) {
			uri = lx->env->ns ? lx->env->ns(lx->env->ctx, lx->prefix, lx->np) : NULL;
			if (!uri)
				goto bad; /* undeclared prefix: libxml2 reports it */
		}
		if (add_step(lx, path, axis, lx->n == 1 && lx->s[0] == '*' ? (uri ? T_NS_ANY : T_ANY) : T_NAME) < 0)
			return -1;
		st = &path->steps[path->nsteps - 1];
		if (uri && !(st->uri = strdup(uri)))
			goto bad;
		if (uri && lx->env->dict)
			st->ns_key = xmlDictLookup(lx->env->dict, (const xmlChar *)uri, -1);
		if (st->test == T_NAME && !(st->local = strndup(lx->s, lx->n)))
			goto bad;
		next(lx);
	} else {
		goto bad;
	}
	st = &path->steps[path->nsteps - 1];
	return parse_predicates(lx, &st->preds, &st->npreds);
bad:
	lx->bad = 1;
	return -1;
}

/* RelativeLocationPath: steps separated by '/' or '//'. */
static int parse_relative(struct lexer *lx, struct xe *path)
{
	for (;;) {
		if (parse_step(lx, path) < 0)
			return -1;
		if (lx->tok == K_SLASH) {
			next(lx);
		} else if (lx->tok == K_DSLASH) {
			if (add_step(lx, path, AX_DESCENDANT_OR_SELF, T_NODE) < 0)
				return -1;
			next(lx);
		} else {
			return 0;
		}
	}
}

static struct xe *parse_primary(struct lexer *lx)
{
	struct xe *e = NULL;

	switch (lx->tok) {
	case K_VAR:
		if ((e = new_xe(lx, OP_VAR)) != NULL) {
			e->name = lx->env->dict ? xmlDictLookup(lx->env->dict, (const xmlChar *)lx->s, (int)lx->n) : NULL;
			if (!e->name) {
				free_xe(e);
				lx->bad = 1;
				return NULL;
			}
		}
		next(lx);
		return e;
	case K_LITERAL:
		if ((e = new_xe(lx, OP_STR)) != NULL && !(e->s = strndup(lx->s, lx->n))) {
			free_xe(e);
			lx->bad = 1;
			return NULL;
		}
		next(lx);
		return e;
	case K_NUMBER:
		if ((e = new_xe(lx, OP_NUM)) != NULL)
			e->num = lx->num;
		next(lx);
		return e;
	case K_LPAREN:
		next(lx);
		e = parse_or(lx);
		if (!e || lx->tok != K_RPAREN) {
			free_xe(e);
			lx->bad = 1;
			return NULL;
		}
		next(lx);
		return e;
	case K_FUNC: {
		size_t i;

		for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
			if (strlen(functions[i].name) == lx->n && !strncmp(functions[i].name, lx->s, lx->n))
				break;
		if (lx->prefix || i == sizeof(functions) / sizeof(functions[0])) {
			lx->bad = 1; /* EXSLT, XSLT and the rest: libxml2's */
			return NULL;
		}
		if (!(e = new_xe(lx, OP_FN)))
			return NULL;
		e->fn = functions[i].fn;
		next(lx); /* '(' */
		next(lx);
		if (lx->tok != K_RPAREN)
			for (;;) {
				struct xe *a = parse_or(lx);

				if (!a || push_ptr(&e->args, &e->nargs, a) < 0) {
					free_xe(a);
					free_xe(e);
					lx->bad = 1;
					return NULL;
				}
				if (lx->tok != K_COMMA)
					break;
				next(lx);
			}
		if (lx->tok != K_RPAREN || (int)e->nargs < functions[i].min || (int)e->nargs > functions[i].max) {
			free_xe(e); /* a wrong arity is an error libxml2 reports */
			lx->bad = 1;
			return NULL;
		}
		if (e->fn == F_SUBSTRING && e->nargs == 3 && e->args[1]->op == OP_NUM && e->args[2]->op == OP_NUM &&
		    e->args[2]->num == 1 && e->args[1]->num >= 1 && e->args[1]->num <= 1e6 &&
		    e->args[1]->num == (double)(size_t)e->args[1]->num)
			e->char_at = (unsigned int)e->args[1]->num;
		if (e->fn == F_TRANSLATE && e->args[1]->op == OP_STR && e->args[2]->op == OP_STR &&
		    e->args[1]->s[0] && !e->args[2]->s[0]) {
			const char *f;

			for (f = e->args[1]->s; *f && (unsigned char)*f < 0x80 && !(*f >= '0' && *f <= '9'); f++)
				;
			e->drops = !*f;
		}
		next(lx);
		return e;
	}
	default:
		lx->bad = 1;
		return NULL;
	}
}

static struct xe *parse_path(struct lexer *lx)
{
	struct xe *e;

	if (lx->tok == K_SLASH || lx->tok == K_DSLASH) {
		int dslash = lx->tok == K_DSLASH;

		if (!(e = new_xe(lx, OP_PATH)))
			return NULL;
		e->absolute = 1;
		next(lx);
		if (dslash) {
			if (add_step(lx, e, AX_DESCENDANT_OR_SELF, T_NODE) < 0 || parse_relative(lx, e) < 0) {
				free_xe(e);
				return NULL;
			}
		} else if (starts_step(lx->tok) && parse_relative(lx, e) < 0) {
			free_xe(e);
			return NULL;
		}
		return e;
	}
	if (starts_step(lx->tok)) {
		if (!(e = new_xe(lx, OP_PATH)))
			return NULL;
		if (parse_relative(lx, e) < 0) {
			free_xe(e);
			return NULL;
		}
		return e;
	}
	{
		struct xe *prim = parse_primary(lx);

		if (!prim)
			return NULL;
		if (lx->tok != K_LBRACK && lx->tok != K_SLASH && lx->tok != K_DSLASH)
			return prim;
		if (!(e = new_xe(lx, OP_PATH))) {
			free_xe(prim);
			return NULL;
		}
		e->base = prim;
		if (parse_predicates(lx, &e->preds, &e->npreds) < 0) {
			free_xe(e);
			return NULL;
		}
		if (lx->tok == K_SLASH || lx->tok == K_DSLASH) {
			if (lx->tok == K_DSLASH && add_step(lx, e, AX_DESCENDANT_OR_SELF, T_NODE) < 0) {
				free_xe(e);
				return NULL;
			}
			next(lx);
			if (parse_relative(lx, e) < 0) {
				free_xe(e);
				return NULL;
			}
		}
		return e;
	}
}

static struct xe *parse_union(struct lexer *lx)
{
	struct xe *e = parse_path(lx);

	while (e && lx->tok == K_PIPE) {
		next(lx);
		e = binary(lx, OP_UNION, e, parse_path(lx));
	}
	return e;
}

static struct xe *parse_unary(struct lexer *lx)
{
	if (lx->tok == K_MINUS) {
		struct xe *e, *a;

		next(lx);
		if (!(a = parse_unary(lx)))
			return NULL;
		if (!(e = new_xe(lx, OP_NEG))) {
			free_xe(a);
			return NULL;
		}
		e->a = a;
		return e;
	}
	return parse_union(lx);
}

static struct xe *parse_mul(struct lexer *lx)
{
	struct xe *e = parse_unary(lx);

	while (e && (lx->tok == K_MUL || lx->tok == K_DIV || lx->tok == K_MOD)) {
		enum op op = lx->tok == K_MUL ? OP_MUL : lx->tok == K_DIV ? OP_DIV : OP_MOD;

		next(lx);
		e = binary(lx, op, e, parse_unary(lx));
	}
	return e;
}

static struct xe *parse_add(struct lexer *lx)
{
	struct xe *e = parse_mul(lx);

	while (e && (lx->tok == K_PLUS || lx->tok == K_MINUS)) {
		enum op op = lx->tok == K_PLUS ? OP_ADD : OP_SUB;

		next(lx);
		e = binary(lx, op, e, parse_mul(lx));
	}
	return e;
}

static struct xe *parse_rel(struct lexer *lx)
{
	struct xe *e = parse_add(lx);

	while (e && (lx->tok == K_LT || lx->tok == K_LE || lx->tok == K_GT || lx->tok == K_GE)) {
		enum op op = lx->tok == K_LT ? OP_LT : lx->tok == K_LE ? OP_LE : lx->tok == K_GT ? OP_GT : OP_GE;

		next(lx);
		e = binary(lx, op, e, parse_add(lx));
	}
	return e;
}

static struct xe *parse_eq(struct lexer *lx)
{
	struct xe *e = parse_rel(lx);

	while (e && (lx->tok == K_EQ || lx->tok == K_NE)) {
		enum op op = lx->tok == K_EQ ? OP_EQ : OP_NE;

		next(lx);
		e = binary(lx, op, e, parse_rel(lx));
	}
	return e;
}

static struct xe *parse_and(struct lexer *lx)
{
	struct xe *e = parse_eq(lx);

	while (e && lx->tok == K_AND) {
		next(lx);
		e = binary(lx, OP_AND, e, parse_eq(lx));
	}
	return e;
}

static struct xe *parse_or(struct lexer *lx)
{
	struct xe *e = parse_and(lx);

	while (e && lx->tok == K_OR) {
		next(lx);
		e = binary(lx, OP_OR, e, parse_and(lx));
	}
	return e;
}

static int reads_position_sub(struct xe *e, void *arg);

/* Does e call position() or last() anywhere (in its own or a nested context)? */
static int reads_position(const struct xe *e)
{
	if (e->op == OP_FN && (e->fn == F_POSITION || e->fn == F_LAST))
		return 1;
	return each_sub((struct xe *)e, reads_position_sub, NULL); /* read only */
}

static int reads_position_sub(struct xe *e, void *arg)
{
	(void)arg;
	return reads_position(e);
}

/*
 * Is the predicate e true or false of a node whatever its position: its
 * value a boolean or a node-set (never a number, which would compare with
 * the position), and no position() or last() in it.
 */
static int positionless(const struct xe *e)
{
	switch (e->op) {
	case OP_OR: case OP_AND: case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
	case OP_PATH: case OP_UNION:
		break;
	case OP_FN:
		if (e->fn == F_NOT || e->fn == F_BOOLEAN || e->fn == F_TRUE || e->fn == F_FALSE ||
		    e->fn == F_STARTS_WITH || e->fn == F_CONTAINS)
			break;
		return 0;
	default:
		return 0;
	}
	return !reads_position(e);
}

/* Mark the paths under e whose first node a depth-first walk finds (see first_walk); 0. */
static int mark_first_walks(struct xe *e, void *arg)
{
	size_t i, k;
	int lead = 1;

	each_sub(e, mark_first_walks, arg);
	if (e->op != OP_PATH || e->base || !e->nsteps)
		return 0;
	for (i = 0; i < e->nsteps; i++) {
		const struct xstep *st = &e->steps[i];

		/* leading self, parent and ancestor steps: from one node, at
		   most one node (walk_from leaves two ancestors to eval) */
		lead = lead && (st->axis == AX_SELF || st->axis == AX_PARENT || st->axis == AX_ANCESTOR ||
				st->axis == AX_ANCESTOR_OR_SELF);
		if (!lead && st->axis != AX_CHILD && !(st->axis == AX_ATTRIBUTE && i + 1 == e->nsteps))
			return 0;
		for (k = 0; k < st->npreds; k++)
			if (!positionless(st->preds[k]))
				return 0;
	}
	e->first_walk = 1;
	return 0;
}

/* Is t[0..n) "." steps alone joined by "/" or "//", from "." or "/.", with a "//"? */
static int self_steps(const char *t, size_t n)
{
	size_t i = 0;
	int dslash = 0;

	if (i < n && t[i] == '/')
		i++;
	for (;;) {
		if (i >= n || t[i] != '.' || (i + 1 < n && t[i + 1] == '.'))
			return 0;
		if (++i == n)
			return dslash;
		if (t[i] != '/')
			return 0;
		if (++i < n && t[i] == '/') {
			dslash = 1;
			i++;
		}
	}
}

/*
 * Is src a path (or a union of paths) of "." steps with a "//" in it,
 * as ".//." or "/.//." (blanks aside)?  libxml2 (2.9) evaluates such a
 * path as a streaming pattern, which leaves the context node out; its
 * results are the ones to give, so these are libxml2's.
 */
static int streamed_self_descendants(const char *src)
{
	char t[64];
	size_t n = 0, from = 0, i;

	for (; *src; src++) {
		if (is_blank(*src))
			continue;
		if (n + 1 == sizeof(t) || strchr("([\'\"$", *src))
			return 0; /* longer, or more than steps: not a pattern of those */
		t[n++] = *src;
	}
	for (i = 0; i <= n; i++)
		if (i == n || t[i] == '|') {
			if (self_steps(t + from, i - from))
				return 1;
			from = i + 1;
		}
	return 0;
}


/* ------------------------------------------------------------ packing */

/*
 * A compiled expression is copied into one block, its nodes in the order
 * evaluation meets them (a node, then its operands): a rule's expressions
 * are a few dozen nodes read once per firing, and as separate allocations
 * they lay spread over the heap among the loader's other blocks, a cache
 * line each.  pk_* size the copy when at is NULL and make it otherwise.
 */
struct packer {
	char *at;                   /* the block, or NULL: sizing */
	size_t size;                /* bytes taken so far */
};

static void *pk_take(struct packer *pk, size_t n)
{
	void *p = pk->at ? pk->at + pk->size : NULL;

	pk->size += (n + 7) & ~(size_t)7;
	return p;
}

static char *pk_str(struct packer *pk, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if ((p = pk_take(pk, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

static struct xe *pk_xe(struct packer *pk, const struct xe *e);

static struct xe **pk_list(struct packer *pk, struct xe *const *v, size_t n)
{
	struct xe **p;
	size_t i;

	if (!v)
		return NULL;
	p = pk_take(pk, n * sizeof(*p));
	for (i = 0; i < n; i++) {
		struct xe *c = pk_xe(pk, v[i]);

		if (p)
			p[i] = c;
	}
	return p;
}

static struct xe *pk_xe(struct packer *pk, const struct xe *e)
{
	struct xe *p, cp;
	size_t i;

	if (!e)
		return NULL;
	p = pk_take(pk, sizeof(*p));
	cp = *e;
	cp.a = pk_xe(pk, e->a);
	cp.b = pk_xe(pk, e->b);
	cp.args = pk_list(pk, e->args, e->nargs);
	cp.base = pk_xe(pk, e->base);
	cp.preds = pk_list(pk, e->preds, e->npreds);
	cp.s = pk_str(pk, e->s);
	cp.steps = e->steps ? pk_take(pk, e->nsteps * sizeof(*cp.steps)) : NULL;
	for (i = 0; e->steps && i < e->nsteps; i++) {
		struct xstep st = e->steps[i];

		st.uri = pk_str(pk, st.uri);
		st.local = pk_str(pk, st.local);
		st.preds = pk_list(pk, st.preds, st.npreds);
		if (cp.steps)
			cp.steps[i] = st;
	}
	if (p)
		*p = cp;
	return p;
}

/* x's tree in one block (x->block); left as it is when out of memory. */
static void pack(struct kaigo_schxp *x)
{
	struct packer pk = { NULL, 0 };

	pk_xe(&pk, x->root);
	if (!(pk.at = malloc(pk.size)))
		return;
	pk.size = 0;
	{
		struct xe *root = pk_xe(&pk, x->root);

		free_xe(x->root);
		x->root = root;
		x->block = pk.at;
	}
}

/* ------------------------------------------------------------ arithmetic programs */

/* Does eval_number take e apart as arithmetic (then it is part of a program)? */
static int arith_node(const struct xe *e)
{
	switch (e->op) {
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD: case OP_NEG:
		return 1;
	case OP_FN:
		return e->nargs == 1 && (e->fn == F_FLOOR || e->fn == F_CEILING || e->fn == F_NUMBER);
	default:
		return 0;
	}
}

/* The steps of e's program, and in *depth the stack it needs. */
static size_t prog_size(const struct xe *e, size_t *depth)
{
	size_t na, nb, da, db;

	if (!arith_node(e)) {
		*depth = 1;
		return 1;
	}
	if (e->op == OP_NEG || e->op == OP_FN) {
		na = prog_size(e->op == OP_NEG ? e->a : e->args[0], depth);
		return na + (e->op == OP_FN && e->fn == F_NUMBER ? 0 : 1);
	}
	na = prog_size(e->a, &da);
	nb = prog_size(e->b, &db);
	*depth = da > db + 1 ? da : db + 1;
	return na + nb + 1;
}

/* e's program into p from *n on: operands first, in evaluation order. */
static void emit(const struct xe *e, struct nop *p, size_t *n)
{
	struct nop *o;

	if (!arith_node(e)) {
		o = &p[(*n)++];
		o->code = e->op == OP_NUM ? N_NUM : e->op == OP_FN && e->char_at ? N_CHAR : e->op == OP_VAR ? N_VAR : N_LEAF;
		o->num = e->num;
		o->leaf = e;
		return;
	}
	if (e->op == OP_FN) {
		emit(e->args[0], p, n);
		if (e->fn == F_NUMBER)
			return; /* number() of a number */
		p[(*n)++].code = e->fn == F_FLOOR ? N_FLOOR : N_CEILING;
		return;
	}
	if (e->op == OP_NEG) {
		emit(e->a, p, n);
		p[(*n)++].code = N_NEG;
		return;
	}
	emit(e->a, p, n);
	emit(e->b, p, n);
	p[(*n)++].code = e->op == OP_ADD ? N_ADD : e->op == OP_SUB ? N_SUB : e->op == OP_MUL ? N_MUL :
			 e->op == OP_DIV ? N_DIV : N_MOD;
}

/* An arithmetic tree worth a program: ten nodes or more (a few are as quick as calls), within the stack. */
static int wants_prog(const struct xe *e, size_t *size)
{
	size_t depth;

	if (!arith_node(e))
		return 0;
	*size = prog_size(e, &depth);
	return *size >= 10 && depth <= PROG_DEPTH;
}

static void give_progs(struct xe *e, struct nop *block, size_t *used);

/* Where give_progs puts programs (see there). */
struct progs_at {
	struct nop *block;
	size_t *used;
};

static int give_progs_sub(struct xe *e, void *arg)
{
	struct progs_at *at = arg;

	give_progs(e, at->block, at->used);
	return 0;
}

/* The nodes under e that are not part of its arithmetic: their own trees may have programs. */
static void give_progs_below(struct xe *e, struct nop *block, size_t *used)
{
	struct progs_at at = { block, used };

	if (arith_node(e)) {
		if (e->op == OP_FN)
			give_progs_below(e->args[0], block, used);
		else {
			give_progs_below(e->a, block, used);
			if (e->b)
				give_progs_below(e->b, block, used);
		}
		return;
	}
	each_sub(e, give_progs_sub, &at);
}

/*
 * Give the top nodes of arithmetic trees under e their programs, in
 * block from *used on (block NULL: count the steps in *used only).
 */
static void give_progs(struct xe *e, struct nop *block, size_t *used)
{
	size_t size, n;

	if (!e)
		return;
	if (wants_prog(e, &size)) {
		if (block) {
			n = *used;
			emit(e, block, &n);
			e->prog = block + *used;
			e->nprog = size;
			e->has_prog = 1;
		}
		*used += size;
	}
	give_progs_below(e, block, used);
}

/* x's programs in one block (x->progs); none when out of memory (then the tree is walked). */
static void make_progs(struct kaigo_schxp *x)
{
	size_t n = 0;

	x->progs = NULL;
	give_progs(x->root, NULL, &n);
	if (!n || !(x->progs = calloc(n, sizeof(*x->progs))))
		return;
	n = 0;
	give_progs(x->root, x->progs, &n);
}

struct kaigo_schxp *kaigo_schxp_compile(const char *src, const struct kaigo_schxp_env *env)
{
	struct lexer lx;
	struct xe *root;
	struct kaigo_schxp *x;

	if (streamed_self_descendants(src))
		return NULL;

	memset(&lx, 0, sizeof(lx));
	lx.p = src;
	lx.env = env;
	lx.tok = K_END;
	next(&lx);
	root = parse_or(&lx);
	if (!root || lx.bad || lx.tok != K_END) {
		free_xe(root);
		return NULL;
	}
	if (!(x = malloc(sizeof(*x)))) {
		free_xe(root);
		return NULL;
	}
	mark_first_walks(root, NULL);
	x->root = root;
	x->block = NULL;
	pack(x);
	make_progs(x); /* on the packed tree: the programs point at its nodes */
	return x;
}

void kaigo_schxp_free(struct kaigo_schxp *e)
{
	if (!e)
		return;
	if (e->block)
		free(e->block);
	else
		free_xe(e->root);
	free(e->progs);
	free(e);
}
