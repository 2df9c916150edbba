/*
 * schxp.h - private to the Schematron engine (lib/sch*.c): a direct
 * evaluator for the XPath 1.0 expressions that business rules are made of.
 *
 * libxml2's XPath machine costs most of the time of a rule run: every
 * call sets up a parser context, allocates result objects and copies
 * strings.  The rules are mostly child paths, comparisons, string
 * functions and arithmetic; this evaluator runs those on the tree
 * directly, with values in a scratch arena, and leaves everything else to
 * libxml2.  kaigo_schxp_compile returns NULL for an expression it does not
 * cover (then the caller uses libxml2 for it), and an evaluation that
 * meets something it does not cover (a type error, a namespace node)
 * returns -1, and the caller evaluates the expression with libxml2, which
 * then also reports any error.  The results are libxml2's: conversions
 * between strings and numbers call libxml2's own functions, and
 * tests/unit/check_schxp.c compares the two on generated expressions.
 * Compiling is in lib/schxpc.c, evaluating in lib/schxp.c.
 */
#ifndef KAIGO_SCHXP_H
#define KAIGO_SCHXP_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

enum kaigo_schxp_type {
	KAIGO_SCHXP_NODES,      /* a node-set */
	KAIGO_SCHXP_STRING,
	KAIGO_SCHXP_NUMBER,
	KAIGO_SCHXP_BOOLEAN
};

/* A value; what it points to is borrowed (arena, tree or a let's store). */
struct kaigo_schxp_val {
	enum kaigo_schxp_type type;
	double num;                 /* NUMBER */
	int b;                      /* BOOLEAN */
	const char *str;            /* STRING, NUL-terminated */
	xmlNodePtr *nodes;          /* NODES */
	size_t n;                   /* how many nodes */
	int sorted;                 /* NODES: in document order, no duplicates */
	int flat;                   /* NODES: sorted, and no node is an ancestor of another */
};

/* Scratch memory for values: blocks reused from one evaluation to the next. */
struct kaigo_schxp_arena {
	char **blocks;              /* owned blocks */
	size_t *caps;               /* their sizes */
	size_t nblocks;
	size_t cur, used;           /* the block in use and the bytes used in it */
};

/* A position in the arena, to give back what was allocated after it. */
struct kaigo_schxp_mark {
	size_t cur, used;
};

/* How an expression is compiled: its namespace prefixes and the names' dictionary. */
struct kaigo_schxp_env {
	/* the namespace URI of a prefix (n bytes), or NULL: not declared */
	const char *(*ns)(void *ctx, const char *prefix, size_t n);
	void *ctx;
	xmlDictPtr dict;            /* variable names are interned here */
};

/*
 * What a variable reference found last, kept in the compiled expression
 * for the var callback, which defines the scope it is valid in and checks it.
 */
struct kaigo_schxp_varhint {
	const void *scope;          /* the caller's scope it was found in (NULL: none) ... */
	size_t at;                  /* ... and where in it */
	void *list, *item;          /* the caller's: what the name was found as */
};

/* What an evaluation sees besides its context node. */
struct kaigo_schxp_run {
	xmlNodePtr current;         /* current(), or NULL: the context node at the call */
	/* the value of a variable (name interned in the env's dict), borrowed
	   until the caller's next change of scope: 0, or -1 (evaluate with
	   libxml2 instead); hint is the reference's own, for the callback to
	   remember where it found the name */
	int (*var)(void *ctx, const xmlChar *name, struct kaigo_schxp_varhint *hint, struct kaigo_schxp_val *out);
	void *ctx;
	struct kaigo_schxp_arena arena; /* owned; kaigo_schxp_run_release frees it */
	/* advanced (from 1) by the caller whenever the nodes of earlier
	   evaluations may have been freed: namespace pointers are cached per
	   epoch (0: nothing is cached) */
	unsigned long epoch;
	/* the dictionary of the documents evaluated, or NULL: the names of the
	   nodes of a document whose dict this is are interned in it (as
	   libxml2's parser and tree functions intern them), so that a node
	   test compares pointers; the caller holds a reference to it while
	   it is set */
	xmlDictPtr dict;
	/* advanced (from 1) by the caller whenever dict changes: names
	   interned in dict are cached per generation */
	unsigned long dict_gen;
	/* the evaluator's: a namespace declaration found to have the URI
	   ns_key (as interned in the env's dict) in the epoch ns_epoch */
	const xmlNs *ns_seen;
	const xmlChar *ns_key;
	unsigned long ns_epoch;
};

struct kaigo_schxp;

/* Compile src; a new expression (free with kaigo_schxp_free), or NULL when
   it is outside what this evaluator covers (or out of memory). */
struct kaigo_schxp *kaigo_schxp_compile(const char *src, const struct kaigo_schxp_env *env);
void kaigo_schxp_free(struct kaigo_schxp *e);

/* Evaluate e with node as the context node (position 1 of 1).  The value
   lives in run's arena until released past a mark taken before.  Returns
   0, or -1: evaluate it with libxml2. */
int kaigo_schxp_eval(const struct kaigo_schxp *e, struct kaigo_schxp_run *run, xmlNodePtr node,
		     struct kaigo_schxp_val *out);
/* The same converted to a boolean: 1 or 0, or -1 (use libxml2); the arena
   is left as it was. */
int kaigo_schxp_eval_bool(const struct kaigo_schxp *e, struct kaigo_schxp_run *run, xmlNodePtr node);

/* String value of v (XPath string()); in the arena, or borrowed.  NULL when out of memory. */
const char *kaigo_schxp_string(struct kaigo_schxp_run *run, const struct kaigo_schxp_val *v);

struct kaigo_schxp_mark kaigo_schxp_mark(const struct kaigo_schxp_run *run);
void kaigo_schxp_release(struct kaigo_schxp_run *run, struct kaigo_schxp_mark m);
/* Free the arena's blocks. */
void kaigo_schxp_run_release(struct kaigo_schxp_run *run);

#endif
