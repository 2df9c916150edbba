/*
 * report.h - kaigo-validate's report: XSD findings and Schematron
 * findings in one stream, as GNU text, JSON Lines or SVRL.
 *
 * SVRL (ISO/IEC 19757-3 Annex D, namespace http://purl.oclc.org/dsdl/svrl)
 * is written as the findings arrive, so a report of any size costs no
 * memory: each finding is preceded by the svrl:active-pattern and
 * svrl:fired-rule it belongs to, which the SVRL grammar allows to repeat.
 * XSD findings appear there as failed asserts of a pattern "xsd" whose id
 * is the W3C validation rule.
 */
#ifndef KAIGO_REPORT_H
#define KAIGO_REPORT_H

#include <stdio.h>

#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/sch.h"

enum kaigo_report_format {
	KAIGO_REPORT_TEXT = 0,
	KAIGO_REPORT_JSONL,
	KAIGO_REPORT_SVRL
};

struct kaigo_report {
	enum kaigo_report_format format; /* how findings are written */
	struct kaigo_output *out;        /* borrowed; where the report goes, unless file is set */
	FILE *file;                      /* borrowed; used instead of out when non-NULL */
	struct kaigo_diag_sink *errs;    /* borrowed; where write errors go */
	struct kaigo_diag_sink sink;     /* findings enter here (counts errors and warnings) */
	struct kaigo_diag_sink *mirror;  /* borrowed or NULL: also gets the findings that
					    make a run fail (xml.*, io.*) */
	unsigned long written;           /* findings written so far */
};

/* Set up r; findings are then emitted to &r->sink or kaigo_report_finding. */
void kaigo_report_init(struct kaigo_report *r, enum kaigo_report_format format,
		       struct kaigo_output *out, FILE *file, struct kaigo_diag_sink *errs);

/* SVRL only: the document element's start and end tags. */
void kaigo_report_begin(struct kaigo_report *r, const char *title, const char *phase);
void kaigo_report_end(struct kaigo_report *r);

/* A Schematron finding (ctx is the struct kaigo_report). */
void kaigo_report_finding(void *ctx, const struct kaigo_sch_finding *f);

#endif
