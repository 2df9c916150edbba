/*
 * sch.h - an ISO Schematron engine on libxml2's XPath, run per record.
 *
 * Loads a schema (queryBinding "xslt": XPath 1.0 + EXSLT dates, strings,
 * math and sets, plus the XSLT functions a Schematron xslt binding allows:
 * current(), document() through the safe loader, format-number(),
 * generate-id(); key() is refused at load time), compiles every context,
 * test and let once, and evaluates the active patterns on one record at a
 * time with the usual semantics: in each pattern a node is handled by the
 * first rule whose context matches it.  Schema-level lets are the external
 * parameters: --param name=value replaces a let's value by a string.
 */
#ifndef KAIGO_SCH_H
#define KAIGO_SCH_H

#include <stddef.h>

#include "kaigo/diag.h"
#include "kaigo/validate.h"

/* A run-time parameter: overrides the schema-level let of that name. */
struct kaigo_sch_param {
	const char *name;   /* let name, without '$' */
	const char *value;  /* its value, used as a string */
};

/* One failed assert or successful report; everything borrowed for the callback. */
struct kaigo_sch_finding {
	int is_report;              /* 1: successful-report, 0: failed-assert */
	const char *id;             /* the assert/report @id, or NULL */
	const char *role;           /* @role as written, or NULL */
	enum kaigo_severity severity; /* from role: error/fatal, warning, info */
	const char *test;           /* the test expression */
	const char *text;           /* the rendered message, whitespace normalized */
	const char *see;            /* @see, or NULL */
	const char *flag;           /* @flag, or NULL */
	const char *basis;          /* text of the property with role="basis", or NULL */
	const char *basis_id;       /* that property's id */
	const char *period;         /* text of the property with role="period", or NULL */
	const char *period_id;      /* that property's id */
	const char *diagnostics;    /* rendered diagnostics joined by "; ", or NULL */
	size_t ndiags;              /* the diagnostics one by one: */
	const char *diag_id[8];     /*   their ids */
	const char *diag_text[8];   /*   their rendered texts */
	const char *pattern_id;     /* the pattern's @id, or NULL */
	const char *rule_context;   /* the rule's context as written */
	const char *location;       /* XPath of the context node */
	unsigned long line, column; /* position of the context node */
	unsigned long record;       /* record position */
	const char *file;           /* input name */
};

struct kaigo_sch_output {
	void (*finding)(void *ctx, const struct kaigo_sch_finding *f);
	void *ctx;
};

struct kaigo_sch;

/*
 * Load and compile the schema in path for the given phase (NULL: the
 * schema's defaultPhase, else #ALL).  Problems (unreadable file, bad
 * XPath, unknown phase, unsupported construct) go to sink with rule
 * "sch.load"; then NULL is returned and the tool exits with status 4.
 */
struct kaigo_sch *kaigo_sch_load(const char *path, const char *phase,
				 const struct kaigo_sch_param *params, size_t nparams,
				 struct kaigo_diag_sink *sink);
void kaigo_sch_free(struct kaigo_sch *s);

/* The schema's title (or its file name); borrowed. */
const char *kaigo_sch_title(const struct kaigo_sch *s);
/* Its phase as used ("#ALL" if none); borrowed. */
const char *kaigo_sch_phase(const struct kaigo_sch *s);

/*
 * Evaluate the active patterns on rec; each finding goes to out.  Returns
 * the number of findings, or -1 if an XPath failed at run time (reported
 * to sink with rule "sch.eval").
 */
long kaigo_sch_run(struct kaigo_sch *s, const struct kaigo_record *rec,
		   const struct kaigo_sch_output *out, struct kaigo_diag_sink *sink);

#endif
