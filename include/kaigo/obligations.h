/*
 * obligations.h - the obligations a document creates, read from the
 * findings of the bundled rules (DESIGN: "obligations (deadline findings →
 * records) → due").
 *
 * An obligation rule (schemas/rules/CATALOGUE.md "Obligations") names the
 * diagnostics due-obligation, due-subject, due-date and due-status; the
 * engine renders them per finding, and this module turns such a finding
 * into a record.  Nothing here computes a date: the rules do.
 */
#ifndef KAIGO_OBLIGATIONS_H
#define KAIGO_OBLIGATIONS_H

#include "kaigo/sch.h"

enum kaigo_due_status {
	KAIGO_DUE_DONE = 0,    /* the document records it fulfilled */
	KAIGO_DUE_DUE = 1,     /* open, due on or after the as-of date */
	KAIGO_DUE_OVERDUE = 2, /* open, due before the as-of date */
	KAIGO_DUE_NOT_YET = 3  /* what starts it is after the as-of date */
};

/* One obligation; every string borrowed from the finding it was read from. */
struct kaigo_obligation {
	const char *id;        /* obligation id, e.g. "cp.due-living-assistance-filing" */
	const char *subject;   /* 事業所番号 first, then what the obligation is about */
	const char *due;       /* due date, YYYY-MM-DD */
	enum kaigo_due_status status;
	const char *basis;     /* legal basis (the rule's basis property), or "" */
	const char *message;   /* the rule's rendered message */
	const char *rule;      /* id of the assert or report that stated it */
	const char *file;      /* input name */
	unsigned long line;    /* position of the rule's context node */
	unsigned long record;  /* record position in the file */
};

/*
 * Read f: returns 1 and fills *o when f states an obligation, 0 when it
 * is not an obligation finding (no due-date diagnostic), -1 when it names
 * the diagnostics but a value is malformed (an empty obligation or
 * subject, a date that is not YYYY-MM-DD, an unknown status), which the
 * caller reports: the rules compute from the document's dates, so a
 * document whose dates are not dates gives no due date.
 */
int kaigo_obligation_read(const struct kaigo_sch_finding *f, struct kaigo_obligation *o);

/* "done", "due", "overdue", "not-yet". */
const char *kaigo_due_status_name(enum kaigo_due_status s);
/* The status of that name, or -1. */
int kaigo_due_status_parse(const char *name);

/*
 * YYYY-MM-DD to a day number (days since 1970-01-01, proleptic Gregorian);
 * returns 0 and sets *day, or -1 if s is not a valid date.
 */
int kaigo_due_day(const char *s, long *day);
/* The date of a day number, as YYYY-MM-DD into out (at least 11 bytes). */
void kaigo_due_date(long day, char *out);

#endif
