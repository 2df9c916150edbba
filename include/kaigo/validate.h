/*
 * validate.h - streaming validation: well-formedness with the safe parser,
 * XSD per record, then a per-record hook (the Schematron layer plugs in
 * there).  DESIGN §4.
 *
 * A collection (CarePlans, EvaluationResults, ...) is read with libxml2's
 * push parser; each record's subtree is built, validated against its
 * schema with xmlSchemaValidateOneElement, handed to the hook, and freed,
 * so memory stays that of one record however large the file.  Every
 * finding names the file, line and column (where the '>' or "/>" closing the
 * element's start tag begins, close to the convention of Xerces), the
 * record's position and an XPath.
 */
#ifndef KAIGO_VALIDATE_H
#define KAIGO_VALIDATE_H

#include <libxml/tree.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"

/* What the hook is given for each record; everything is borrowed for the call. */
struct kaigo_record {
	const char *file;                   /* input name */
	unsigned long index;                /* 1-based position of the record in the file */
	xmlNodePtr node;                    /* the record element (its subtree is complete) */
	const struct kaigo_doctype *type;   /* its document type, NULL with --schema */
	unsigned long xsd_errors;           /* XSD errors found in this record */
	const char *xpath;                  /* the record's own XPath, e.g. /CarePlans/CarePlan[3] */
	xmlNodePtr const *elements;         /* its elements in document order, the record
					       first, or NULL when not known */
	const xmlChar *const *names;        /* with elements: their local names (names[i] is
					       elements[i]->name, read while the node was new) */
	size_t nelements;
};

/* Called after XSD validation of each record. */
struct kaigo_record_hook {
	void (*fn)(void *ctx, const struct kaigo_record *rec);
	void *ctx;
	int elements;   /* list the record's elements for it (rec->elements), else NULL */
};

struct kaigo_validate_stats {
	unsigned long files;    /* inputs read */
	unsigned long records;  /* records validated */
};

struct kaigo_validator;

/*
 * Returns a new validator, free with kaigo_validator_free.  cat (borrowed)
 * maps root elements to schemas; schema_file (borrowed, may be NULL)
 * forces one schema for every input, and "none" skips XSD validation
 * (well-formedness and the hook only).  Findings go to sink.
 */
struct kaigo_validator *kaigo_validator_new(const struct kaigo_catalog *cat, const char *schema_file,
					    struct kaigo_diag_sink *sink);
void kaigo_validator_free(struct kaigo_validator *v);

/*
 * Stop reading an input once it has this many findings of any severity
 * (0: never), checked after each finding of the validator and after each
 * record's hook: the record that reaches the limit is reported whole.
 */
void kaigo_validator_set_max_errors(struct kaigo_validator *v, unsigned long max);
/*
 * Count the hook's findings towards that limit: *counter (borrowed, must
 * outlive the runs) is a count the hook increases for every finding it
 * reports.
 */
void kaigo_validator_count_hook(struct kaigo_validator *v, const unsigned long *counter);
/* Number the records of the next input from offset + 1 (a part of a split file). */
void kaigo_validator_set_record_offset(struct kaigo_validator *v, unsigned long offset);
/* Say nothing about the document as a whole (its type) on the next inputs: parts of a split file after the first. */
void kaigo_validator_set_quiet(struct kaigo_validator *v, int quiet);
/* Install the per-record hook (copied). */
void kaigo_validator_set_hook(struct kaigo_validator *v, const struct kaigo_record_hook *hook);

enum kaigo_validate_result {
	KAIGO_VALIDATE_DONE = 0,     /* read to the end; data findings went to the sink */
	KAIGO_VALIDATE_UNREADABLE = -1, /* cannot read or parse the input (exit 3) */
	KAIGO_VALIDATE_NO_SCHEMA = -2   /* a schema failed to load (exit 4) */
};

/* Validate one input. */
enum kaigo_validate_result kaigo_validator_run(struct kaigo_validator *v, struct kaigo_input *in,
					       struct kaigo_validate_stats *stats);

/*
 * XPath of node inside the record rec_node whose own path is rec_xpath,
 * written to out: element steps with [n] positions among same-named
 * siblings, "@name" for an attribute, "text()", "comment()" or
 * "processing-instruction('target')" (with [n] among their like) for
 * those nodes.  Cost is bounded by the record.
 */
void kaigo_validate_xpath(xmlNodePtr rec_node, const char *rec_xpath, xmlNodePtr node,
			  char *out, size_t outsz);

/* Line and column recorded for an element by the streaming parser (0 if none). */
void kaigo_validate_position(xmlNodePtr node, unsigned long *line, unsigned long *col);

#endif
