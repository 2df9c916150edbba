/*
 * rulebook.h - what the bundled rules say about themselves, for people.
 *
 * kaigo-validate --list-types, --list-rules, --list-phases and --explain
 * read the metadata of the bundled Schematron files (every sch:assert and
 * sch:report with its id, role, properties, pattern and message; the
 * phases; the schema-level lets, i.e. the parameters, also from included
 * files) without compiling any XPath: this module only reads the files
 * with libxml2.  Evaluating rules is lib/sch.c's concern.
 */
#ifndef KAIGO_RULEBOOK_H
#define KAIGO_RULEBOOK_H

#include <stddef.h>
#include <stdio.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"

/* One sch:assert or sch:report.  Every string is owned by the rulebook. */
struct kaigo_rule_info {
	char *id;        /* "cp.meeting-or-inquiry" */
	const char *type; /* document type name ("CarePlan"); borrowed from the catalog */
	char *file;      /* the rule file, data-dir-relative ("rules/careplan.sch") */
	long line;       /* line of the sch:assert / sch:report in that file */
	int is_report;   /* 1: sch:report (fires when its test is true); 0: sch:assert */
	char *severity;  /* @role: error, warning or info */
	char *basis;     /* text of the role="basis" property, or NULL */
	char *period;    /* text of the role="period" property, or NULL */
	char *pattern;   /* @id of the enclosing sch:pattern, or NULL */
	char *context;   /* @context of the enclosing sch:rule */
	char *test;      /* @test, whitespace collapsed */
	char *message;   /* the text, sch:value-of shown as {select}, whitespace collapsed */
	char *phases;    /* "#ALL" and the phases whose sch:active names the pattern, space-separated */
	char *params;    /* the schema-level lets the rule uses (directly or through another
			    let), space-separated, in order of first use; "" if none */
};

/* One sch:phase of one rule file. */
struct kaigo_phase_info {
	char *id;          /* "deadlines" */
	const char *type;  /* document type name; borrowed from the catalog */
	char *about;       /* text of its sch:p, whitespace collapsed, or "" */
	size_t nrules;     /* asserts and reports it runs */
};

/* One schema-level sch:let: a parameter --param NAME=VALUE may set. */
struct kaigo_let_info {
	char *name;   /* "rev2018-from" */
	char *value;  /* its XPath default, "'2018-04-01'" */
};

struct kaigo_rulebook {
	struct kaigo_rule_info *rules;   /* owned; in file order, the files in catalog order */
	size_t nrules;
	struct kaigo_phase_info *phases; /* owned */
	size_t nphases;
	struct kaigo_let_info *lets;     /* owned; each name once */
	size_t nlets;
};

/*
 * Read the bundled rule file of every type of cat (the rules attribute of
 * schemas/index.xml) and the files they include.  Returns 0, or -1 after
 * reporting a file that cannot be read (rule "rulebook.load"; exit 4);
 * release rb in both cases.
 */
int kaigo_rulebook_load(struct kaigo_rulebook *rb, const struct kaigo_catalog *cat,
			struct kaigo_diag_sink *sink);
void kaigo_rulebook_release(struct kaigo_rulebook *rb);

/* The rule with this id, or NULL.  Borrowed from rb. */
const struct kaigo_rule_info *kaigo_rulebook_find(const struct kaigo_rulebook *rb, const char *id);

/*
 * 1 if the Schematron file at path (or a file it includes) declares a
 * schema-level let of this name, 0 if not or if it cannot be read (the
 * rule engine reports that when it loads the file).
 */
int kaigo_rulebook_declares(const char *path, const char *name);

/*
 * Listings, written to out (the caller's stream; nothing else is printed).
 * jsonl: one JSON object a line; otherwise a tab-separated table with a
 * header line.
 */
void kaigo_rulebook_print_types(const struct kaigo_catalog *cat, FILE *out, int jsonl);
void kaigo_rulebook_print_rules(const struct kaigo_rulebook *rb, FILE *out, int jsonl);
void kaigo_rulebook_print_phases(const struct kaigo_rulebook *rb, FILE *out, int jsonl);

/*
 * Everything about one rule: message, basis, period, phases, context,
 * test, the parameters it uses with their defaults, and a failing example
 * (examples/rules/ID/fail.xml of the data directory, or the source tree's
 * tests/rules/ID/fail.xml next to a build tree's schemas/) with the
 * command that shows the finding.
 */
void kaigo_rulebook_explain(const struct kaigo_rulebook *rb, const struct kaigo_catalog *cat,
			    const struct kaigo_rule_info *r, FILE *out, int jsonl);

/* What kaigo_rulebook_list prints. */
enum kaigo_rulebook_listing {
	KAIGO_RULEBOOK_TYPES = 1,  /* kaigo_rulebook_print_types */
	KAIGO_RULEBOOK_RULES,      /* kaigo_rulebook_print_rules */
	KAIGO_RULEBOOK_PHASES,     /* kaigo_rulebook_print_phases */
	KAIGO_RULEBOOK_EXPLAIN     /* kaigo_rulebook_explain of one rule id */
};

/*
 * Load what the listing needs and print it to out: the --list-* and
 * --explain options in one call.  Returns 0; -1 if a rule file failed to
 * load (reported to sink; nothing printed); -2 if id names no bundled
 * rule (nothing printed; the caller reports the usage error).
 */
int kaigo_rulebook_list(const struct kaigo_catalog *cat, enum kaigo_rulebook_listing what, const char *id,
			int jsonl, FILE *out, struct kaigo_diag_sink *sink);

#endif
