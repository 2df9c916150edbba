/*
 * schxp_int.h - private to lib/schxp.c (evaluation) and lib/schxpc.c
 * (compilation): the tree an expression compiles to.
 */
#ifndef KAIGO_SCHXP_INT_H
#define KAIGO_SCHXP_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "schxp.h"

enum op {
	OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NEG, OP_UNION,
	OP_STR, OP_NUM, OP_VAR, OP_FN, OP_PATH
};

enum fn {
	F_LAST, F_POSITION, F_COUNT, F_STRING, F_CONCAT, F_STARTS_WITH, F_CONTAINS,
	F_SUBSTRING_BEFORE, F_SUBSTRING_AFTER, F_SUBSTRING, F_STRING_LENGTH,
	F_NORMALIZE_SPACE, F_TRANSLATE, F_BOOLEAN, F_NOT, F_TRUE, F_FALSE, F_NUMBER,
	F_SUM, F_FLOOR, F_CEILING, F_CURRENT
};

enum axis {
	AX_CHILD, AX_ATTRIBUTE, AX_SELF, AX_PARENT, AX_ANCESTOR, AX_ANCESTOR_OR_SELF,
	AX_DESCENDANT, AX_DESCENDANT_OR_SELF, AX_FOLLOWING_SIBLING, AX_PRECEDING_SIBLING
};

enum test {
	T_NAME,      /* a QName: local and uri (NULL: no namespace) */
	T_NS_ANY,    /* prefix:* */
	T_ANY,       /* * */
	T_NODE,      /* node() */
	T_TEXT,      /* text() */
	T_COMMENT,   /* comment() */
	T_PI         /* processing-instruction() */
};

struct xe;

struct xstep {
	enum axis axis;
	enum test test;
	char *uri;                  /* namespace of T_NAME / T_NS_ANY, or NULL */
	const xmlChar *ns_key;      /* uri interned in the env's dict (compared as a pointer), or NULL */
	char *local;                /* local name of T_NAME */
	struct xe **preds;          /* predicates, in order */
	size_t npreds;
	/* caches, refreshed during evaluation (the expression is otherwise read-only) */
	const xmlChar *ilocal;      /* local interned in the run's dict, or NULL ... */
	unsigned long ilocal_gen;   /* ... for the run's dict_gen of this number (0: none) */
	const xmlNs *ns_hit;        /* a namespace declaration found to have uri ... */
	unsigned long ns_epoch;     /* ... in the run's epoch of this number (0: none) */
};

/*
 * A node of the compiled expression.  The fields every evaluation of a
 * node reads come first, within 64 bytes: an expression is a few dozen
 * nodes, and the rules' expressions do not all stay in the cache
 * between two firings of a rule.
 */
struct xe {
	enum op op;
	enum fn fn;                 /* OP_FN */
	struct xe *a, *b;           /* operands (b NULL for unary ones) */
	double num;                 /* OP_NUM */
	char *s;                    /* OP_STR: the literal */
	struct xe **args;           /* OP_FN arguments */
	size_t nargs;
	unsigned char drops;        /* OP_FN translate(s, 'from', '') with from ASCII and no
				       digit ("translate($date, '-', '')"): as a number, the
				       digits of s are read in place (see dropped_number) */
	unsigned char first_walk;   /* OP_PATH: child steps (an attribute step last) from the
				       context node or the root, after self, parent or ancestor
				       steps, no predicate that reads a position: its nodes in
				       document order are those a depth-first walk meets (see
				       walk_from) */
	unsigned char absolute;     /* OP_PATH without base: from the root */
	unsigned char has_prog;     /* prog is set (see below) */
	unsigned int char_at;       /* OP_FN substring(s, k, 1) with k a whole number literal
				       from 1 (one character, as in a check digit): k; else 0 */
	/* then what some nodes read */
	const xmlChar *name;        /* OP_VAR: interned name */
	struct kaigo_schxp_varhint hint; /* OP_VAR: the var callback's (changed while evaluating) */
	struct xstep *steps;        /* OP_PATH: the location steps */
	size_t nsteps;
	struct xe *base;            /* OP_PATH: a filter expression's primary, or NULL */
	struct xe **preds;          /* its predicates */
	size_t npreds;
	/* the top node of an arithmetic tree (+ - * div mod, unary minus,
	   floor(), ceiling(), number() of them; a check digit's sum is
	   seventy such nodes): the tree in postfix order, run on a stack
	   of numbers instead of a call a node (see run_prog) */
	const struct nop *prog;
	size_t nprog;
};

/* The depth of stack a program may need at most. */
#define PROG_DEPTH 16

/* One step of an arithmetic program. */
struct nop {
	enum {
		N_NUM,              /* push num */
		N_LEAF,             /* push number(leaf), a node of any other kind */
		N_CHAR,             /* the same for a one-character substring (leaf->char_at) */
		N_VAR,              /* the same for a variable */
		N_ADD, N_SUB, N_MUL, N_DIV, N_MOD, /* the top two replaced by the operation's result */
		N_NEG, N_FLOOR, N_CEILING /* the top replaced */
	} code;
	double num;
	const struct xe *leaf;
};

struct kaigo_schxp {
	struct xe *root;
	void *block;                /* the tree's one block (see pack), or NULL: nodes of their own */
	struct nop *progs;          /* the arithmetic programs, in one block (or NULL) */
};

/* XPath's whitespace (S in the recommendation). */
static inline int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#endif
