/*
 * obligations.c - an obligation record from a rule's finding, and the
 * calendar arithmetic kaigo-due needs for its filters (the due dates
 * themselves come from the rules).  See include/kaigo/obligations.h.
 */
#include <stdio.h>
#include <string.h>

#include "kaigo/era.h"
#include "kaigo/obligations.h"

static const char *const status_names[] = { "done", "due", "overdue", "not-yet" };

const char *kaigo_due_status_name(enum kaigo_due_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

int kaigo_due_status_parse(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

int kaigo_due_day(const char *s, long *day)
{
	int y, m, d, i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!kaigo_era_valid_ymd(y, m, d))
		return -1;
	*day = kaigo_era_day_number(y, m, d);
	return 0;
}

void kaigo_due_date(long day, char *out)
{
	int y, m, d;
	char tmp[40];

	kaigo_era_from_day_number(day, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

int kaigo_obligation_read(const struct kaigo_sch_finding *f, struct kaigo_obligation *o)
{
	size_t i;
	const char *id = NULL, *subject = NULL, *due = NULL, *status = NULL;
	long day;
	int st;

	for (i = 0; i < f->ndiags && i < 8; i++) {
		const char *n = f->diag_id[i], *t = f->diag_text[i];

		if (!n)
			continue;
		if (!strcmp(n, "due-obligation"))
			id = t;
		else if (!strcmp(n, "due-subject"))
			subject = t;
		else if (!strcmp(n, "due-date"))
			due = t;
		else if (!strcmp(n, "due-status"))
			status = t;
	}
	if (!due)
		return 0;
	if (!id || !*id || !subject || !*subject || !status || kaigo_due_day(due, &day) < 0 ||
	    (st = kaigo_due_status_parse(status)) < 0)
		return -1;
	o->id = id;
	o->subject = subject;
	o->due = due;
	o->status = (enum kaigo_due_status)st;
	o->basis = f->basis ? f->basis : "";
	o->message = f->text ? f->text : "";
	o->rule = f->id ? f->id : "";
	o->file = f->file;
	o->line = f->line;
	o->record = f->record;
	return 1;
}
