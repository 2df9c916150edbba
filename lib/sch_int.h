/*
 * sch_int.h - private to the Schematron engine: lib/sch.c (loading and
 * compiling), lib/schrule.c (rules: contexts, checks, references),
 * lib/schinc.c (inclusions and abstract patterns), lib/schfn.c
 * (the XSLT functions of the query binding), lib/schlet.c (variables) and
 * lib/schrun.c (matching and running a record).
 *
 * The compiled schema: its lets, patterns, rules and checks, each
 * expression compiled for libxml2 and, when first used twice, for the
 * direct evaluator of lib/schxp.c.
 */
#ifndef KAIGO_SCH_INT_H
#define KAIGO_SCH_INT_H

#include <stddef.h>
#include <string.h>
#include <stdlib.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "kaigo/buf.h"
#include "kaigo/sch.h"
#include "schxp.h"

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"

/*
 * A value of the direct evaluator kept beyond the evaluation that made it
 * (the arena is given back): its nodes and string copied into buffers
 * that are reused, or borrowed from a libxml2 object that lives as long.
 */
struct kept {
	struct kaigo_schxp_val v;   /* the value */
	int set;                    /* v is set */
	xmlNodePtr *nodes;          /* owned: the copied nodes */
	size_t ncap;
	char *str;                  /* owned: the copied string */
	size_t scap;
};

struct let {
	char *name;                 /* variable name */
	const xmlChar *iname;       /* the same, interned in names_dict */
	char *src;                  /* value expression as written */
	xmlXPathCompExprPtr expr;   /* compiled value, NULL when overridden */
	char *param;                /* --param value replacing it, or NULL */
	xmlDocPtr content;          /* element content (no @value): a copy of it as a
				       tree whose root node is the value, else NULL */
	int constant;               /* schema-level and independent of the data:
				       evaluated once per run, not per record */
	int done;                   /* a constant let already evaluated */
	unsigned long gen;          /* the gen of its list it was evaluated for: in scope
				       under another, it is pending (evaluated when first
				       read; see let_pending) */
	int evaluating;             /* being evaluated (a "$name" in it means an outer let) */
	xmlXPathObjectPtr val;      /* its value while in scope, as libxml2 reads it, else NULL */
	int held;                   /* on the schema's held list (val to drop with the record) */
	struct let *held_next;      /* the next on that list */
	struct kaigo_schxp *fast;   /* the value compiled for the direct evaluator, or NULL */
	int fast_uses;              /* evaluations so far (see lazy_fast), -1: not compiled */
	struct kept nv;             /* its value as the direct evaluator reads it */
	size_t share;               /* 1 + its entry in the schema's shared lets, or 0 */
	int eval_failed;            /* failed to evaluate once (said once) */
	unsigned long line;         /* of the sch:let, for messages */
	size_t prev_same;           /* 1 + the let of the same name before it in its list, or 0 */
};

/*
 * Rule lets written the same in several rules (the same expression, only
 * schema-level constants as variables): on the same context node they have
 * the same value, so the first rule's is reused by the others.
 */
struct shared_let {
	const char *src;            /* the expression (borrowed from a let) */
	unsigned count;             /* how many rule lets have it */
	xmlNodePtr node;            /* the context node of the value kept, or NULL */
	xmlXPathObjectPtr val;      /* that value (libxml2's), or NULL */
	struct kept nv;             /* or that value (the direct evaluator's) */
};

struct lets {
	struct let *v;
	size_t n;
	const char *where;          /* the scope, for messages: "schema", "pattern", ... */
	size_t start;               /* the current scope's first let (the active phase's
				       lets follow the schema's in one list) */
	size_t limit;               /* lets [0, limit) are visible: all but while one is
				       evaluated, when only those before it are */
	xmlNodePtr context;         /* the context node its lets are evaluated with */
	size_t *hash;               /* by name pointer: 1 + the last let of that name, or 0;
				       NULL: searched from the end (few lets) */
	size_t hcap;                /* slots in hash (a power of two) */
	unsigned long gen;          /* advanced (from the schema's let_gen, so never the same
				       twice) each time the list is brought into scope */
};

/*
 * The end of a variable's name in an expression, p just past its '$':
 * name characters and ':' (a prefixed name).  The load checks (unbound
 * variables, constant and shareable lets) all read names this way.
 */
static inline const char *var_name_end(const char *p)
{
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
	       *p == '_' || *p == '.' || *p == ':' || (unsigned char)*p >= 0x80)
		p++;
	return p;
}

/* Is t named by the n bytes at name? */
static inline int let_named(const struct let *t, const char *name, size_t n)
{
	return t->name[0] == name[0] && !strncmp(t->name, name, n) && t->name[n] == '\0';
}

/* Is t, a let of l, to be evaluated before it is read (in scope, not yet evaluated)? */
static inline int let_pending(const struct lets *l, const struct let *t)
{
	return t->gen != l->gen && !(t->constant && t->done);
}

struct check {
	int is_report;              /* sch:report rather than sch:assert */
	xmlNodePtr node;            /* the element in the loaded schema (message content) */
	char *test_src;             /* test as written */
	xmlXPathCompExprPtr test;   /* compiled test */
	struct kaigo_schxp *fast;   /* the same for the direct evaluator, or NULL */
	int fast_uses;              /* evaluations so far (see lazy_fast), -1: not compiled */
	xmlXPathCompExprPtr subject; /* @subject (ISO 2016): the node reported, or NULL */
	char *id, *role, *see, *flag; /* attributes, or NULL */
	char *basis, *period;       /* property texts by role, or NULL */
	char *basis_id, *period_id; /* their property ids */
	xmlNodePtr diags[8];        /* sch:diagnostic elements referenced */
	char *diag_ids[8];          /* their ids */
	size_t ndiags;
	enum kaigo_severity severity;
	int eval_failed;            /* the test failed to evaluate once (said once) */
};

/* One step of a simple context pattern: QName or * with predicates. */
struct step {
	char *uri;                  /* namespace, NULL for none */
	char *local;                /* local name, NULL for '*' */
	const xmlChar *interned;    /* local as interned in the documents' dictionary
				       (s->run.dict; set when it changes, see pattern) */
	const xmlNs *ns_hit;        /* a declaration found to have uri ... */
	unsigned long ns_epoch;     /* ... in the run's epoch of this number */
	xmlXPathCompExprPtr preds[4]; /* non-positional predicates */
	struct kaigo_schxp *fpreds[4]; /* the same for the direct evaluator (or NULL) */
	size_t npreds;
};

/* One alternative of a context pattern: child steps, maybe anchored at the root. */
struct alt {
	struct step *steps;
	size_t nsteps;
	int anchored;               /* starts with '/' */
};

/*
 * A verdict remembered for a string value (see value_only in struct rule):
 * one cache line (the table is aligned to 64 bytes), since every firing
 * of such a rule looks one up at random in its table.
 */
#define MEMO_LEN 32
#define MEMO_NAME_LEN 23
struct memo {
	unsigned long verdicts;     /* bit k: check k finds something */
	unsigned char used;         /* the slot holds a verdict */
	char value[MEMO_LEN];       /* the context node's string value (shorter ones only) */
	char name[MEMO_NAME_LEN];   /* its element name (a copy: dictionaries differ per
				       file; shorter ones only) */
};

/*
 * Codes and numbers are short: in place, so that a miss costs no
 * allocation.  512 slots (32 KiB, a size the L1 cache can hold): a value
 * comes back mostly within its record, or is one of a few (care levels,
 * one provider's office numbers).  On the 100 MiB bench collection 512
 * slots kept 198 950 of the 200 102 hits 4 096 slots (256 KiB) had, and
 * the lookup's share of the run's samples fell from 1.21 % to 0.88 %.
 */
#define MEMO_SLOTS 512

struct rule {
	char *context_src;          /* context as written */
	struct alt *alts;           /* the context as simple matchers, or NULL */
	size_t nalts;
	int value_only;             /* every let and test reads only '.', functions and
				       constant parameters: verdicts depend on the string
				       value alone and are remembered per value */
	struct memo *memo;          /* MEMO_SLOTS entries when value_only, in memo_mem */
	void *memo_mem;             /* the block they are in (free it) */
	int memo_name;              /* the element's name is part of the memo's key: a
				       let or test calls name(), local-name() or
				       namespace-uri(); else the same value under
				       another name has the same verdicts */
	int group;                  /* index of its context group in the pattern */
	xmlXPathCompExprPtr subject; /* @subject (ISO 2016): the node reported, or NULL */
	struct lets lets;           /* rule-level lets */
	struct check *checks;
	size_t nchecks;
};

/* Rules of one pattern with the same context expression, selected once. */
struct group {
	xmlXPathCompExprPtr select; /* the context as a select expression */
	char *select_src;           /* for messages */
};

struct pattern {
	char *id;                   /* @id, or NULL */
	struct lets lets;           /* pattern-level lets */
	struct rule *rules;
	size_t nrules;
	struct group *groups;
	size_t ngroups;
	int fast;                   /* every rule has matchers: match by traversal */
	/* the chains (see struct want) of the names its rules' contexts end
	   in, or all: a context ends in "*" or there are too many names */
	size_t chains[16];
	size_t nchains;
	int all;
};

struct ns {
	char *prefix, *uri;
};

/* A name some fast pattern's rule context ends in, and its chain (see want_build). */
struct want {
	const xmlChar *name;        /* interned in the run's dictionary; NULL: free slot */
	size_t chain;               /* index into chain_head and chain_tail */
};

#define NO_ELEM ((size_t)-1)

/* An element of the schema with an @id (see find_ref). */
struct idref {
	char *id;                   /* its @id */
	xmlNodePtr node;            /* the element */
	size_t order;               /* its position in document order */
};

struct kaigo_sch {
	char *path;                 /* the schema file */
	xmlDocPtr doc;              /* the loaded schema, includes resolved */
	char *title;                /* sch:title text or the file name */
	char *phase;                /* phase in use */
	struct ns *ns;
	size_t nns;
	struct lets lets;           /* schema-level lets (the parameters), then the
				       active phase's, which shadow them */
	struct lets *scope[3];      /* the lets in scope, outermost first: schema (and
				       phase), pattern, rule; variables are looked up here */
	size_t nscope;
	struct pattern *patterns;   /* active patterns only */
	size_t npatterns;
	xmlXPathContextPtr xp;      /* reused for every record */
	xmlDictPtr names_dict;      /* the names of the compiled expressions and lets */
	xmlNodePtr current;         /* the rule context node, for current() */
	struct kaigo_buf msg;       /* scratch for messages */
	struct kaigo_buf diag;      /* scratch for diagnostics, joined */
	struct kaigo_buf dtext[8];  /* scratch for diagnostics, one by one */
	char loc[1024];             /* scratch for locations */
	struct shared_let *shared;  /* see struct shared_let */
	size_t nshared;
	struct idref *ids;          /* the sch:property and sch:diagnostic elements by
				       @id, sorted, built when first needed */
	size_t nids, ids_cap;
	xmlDocPtr *docs;            /* documents loaded by document(), cached */
	char **doc_urls;
	size_t ndocs;
	/* the record's elements in document order, chained by name, so that a
	   pattern visits only the elements its rules' last steps can match */
	xmlNodePtr *elems;
	size_t *next_same;          /* the next element of the same name, or NO_ELEM */
	size_t nelems, elems_cap;
	struct want *want;          /* open addressing on the name pointer, at most a
				       quarter full, built once per dictionary */
	size_t want_cap;            /* a power of two */
	unsigned want_shift;        /* 64 - log2(want_cap) */
	unsigned long want_gen;     /* the s->run.dict_gen it is built for (0: none) */
	size_t *chain_head, *chain_tail; /* per wanted name: its first and last element
				       in the record, indices into elems, or NO_ELEM */
	size_t nchains;
	int indexed;                /* built for the current record */
	/* pointer set of the nodes a pattern has handled in this record */
	xmlNodePtr *seen;
	size_t seen_cap, seen_n;
	char xpath_error[200];      /* libxml2's last XPath message, for our own */
	struct kaigo_diag_sink *sink; /* the run's, for a let that fails when first read */
	struct kaigo_schxp_run run; /* the direct evaluator's state (arena, variables) */
	unsigned long let_gen;      /* the last gen given to a list of lets */
	struct let *held;           /* the lets with a libxml2 value that may hold the
				       record's nodes, chained by held_next */
};

/* A compiled sch:value-of/@select or sch:name/@path (in the element's _private). */
struct prepared {
	xmlXPathCompExprPtr x;      /* for libxml2 */
	char *src;                  /* the expression */
	struct kaigo_schxp *fast;   /* for the direct evaluator (see kaigo_sch_lazy_fast), or NULL */
	int uses;                   /* see kaigo_sch_lazy_fast */
};

/* Is n the Schematron element name (any, when name is NULL)? */
static inline int is_sch(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, SCH_NS) == 0 &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

/* The attribute name of n as a new string (free with free), or NULL. */
static inline char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* --- sch.c */

/* Normalize whitespace of text in place (XPath normalize-space). */
void kaigo_sch_squeeze(struct kaigo_buf *b);
/* A load error at the element at (or the file) with rule "sch.load"; fmt is translated. */
__attribute__((format(printf, 4, 5)))
void kaigo_sch_load_error(struct kaigo_diag_sink *sink, const char *file, xmlNodePtr at, const char *fmt, ...);
/* The direct evaluator's form of src, compiled on its second use (*uses counts;
   -1: it cannot be); borrowed from *e, which owns it. */
struct kaigo_schxp *kaigo_sch_lazy_fast(struct kaigo_sch *s, struct kaigo_schxp **e, int *uses, const char *src);

/* Compile src for libxml2 (in the schema's namespaces and scope), or
   NULL with the error reported; key() and undefined variables refused. */
xmlXPathCompExprPtr kaigo_sch_compile(struct kaigo_sch *s, const char *src, xmlNodePtr at,
				      struct kaigo_diag_sink *sink);
/* Compile src for the direct evaluator, or NULL (libxml2's alone). */
struct kaigo_schxp *kaigo_sch_fast_compile(struct kaigo_sch *s, const char *src);
/* Refuse a variable that no let in scope defines: 0 or -1 (reported). */
int kaigo_sch_check_vars(struct kaigo_sch *s, const char *src, xmlNodePtr at, struct kaigo_diag_sink *sink);
/* Add the sch:let n to l (params replace schema-level ones): 0 or -1 (reported). */
int kaigo_sch_add_let(struct kaigo_sch *s, struct lets *l, xmlNodePtr n, const struct kaigo_sch_param *params,
		      size_t nparams, struct kaigo_diag_sink *sink);

/* --- schrule.c */

/* Add the sch:rule n of pattern (the element) to pt: 0 or -1 (reported). */
int kaigo_sch_add_rule(struct kaigo_sch *s, struct pattern *pt, xmlNodePtr pattern, xmlNodePtr n,
		       struct kaigo_diag_sink *sink);
void kaigo_sch_free_alts(struct alt *alts, size_t nalts);
/* Free what the message expressions kept in the schema's elements. */
void kaigo_sch_free_prepared(xmlNodePtr n);
/* The Schematron element elem with this @id under n, or NULL. */
xmlNodePtr kaigo_sch_find_by_id(xmlNodePtr n, const char *elem, const char *id);
/* The text of n, whitespace normalized (a new string, free with free). */
char *kaigo_sch_node_text(xmlNodePtr n);
/* The namespace URI of the prefix (n bytes) declared with sch:ns, or NULL. */
const char *kaigo_sch_ns_uri(struct kaigo_sch *s, const char *prefix, size_t n);

/* --- schinc.c */

/* Resolve every sch:include (and sch:extends/@href in a rule) under n; 0 or -1 (reported). */
int kaigo_sch_resolve_includes(xmlNodePtr n, const char *base, int depth, struct kaigo_diag_sink *sink,
			       const char *file);
/* Instantiate the patterns with @is-a and drop the abstract ones; 0 or -1 (reported). */
int kaigo_sch_expand_abstract_patterns(struct kaigo_sch *s, xmlNodePtr root, struct kaigo_diag_sink *sink);

/* --- schfn.c */

/* Set up s->xp: error handler, object cache, EXSLT, the XSLT functions, variables. */
void kaigo_sch_register_functions(struct kaigo_sch *s);

/* --- schlet.c */

/* Find the rule lets that several rules write the same (see struct shared_let). */
void kaigo_sch_share_lets(struct kaigo_sch *s);
/* Hash the lets of l by name (see struct lets). */
void kaigo_sch_index_lets(struct lets *l);
/* Forget the shared values (they hold nodes of the record that is freed). */
void kaigo_sch_clear_shared(struct kaigo_sch *s);
void kaigo_sch_free_lets(struct lets *l);
/* Bring the lets of l into scope for context (evaluated when first read). */
int kaigo_sch_set_lets(struct kaigo_sch *s, struct lets *l, xmlNodePtr context, struct kaigo_diag_sink *sink);
/* Drop the libxml2 values that may hold the record's nodes (constant lets keep theirs). */
void kaigo_sch_drop_values(struct kaigo_sch *s);
/* The variable lookups of libxml2's XPath context and of the direct evaluator. */
xmlXPathObjectPtr kaigo_sch_lookup_var(void *ctx, const xmlChar *name, const xmlChar *ns_uri);
int kaigo_sch_native_var(void *ctx, const xmlChar *name, struct kaigo_schxp_varhint *hint,
			 struct kaigo_schxp_val *out);

#endif
