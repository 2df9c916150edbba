/*
 * obligations.c - an obligation record from a rule's finding, and the
 * calendar arithmetic kaigo-due needs for its filters (the due dates
 * themselves come from the rules).  See include/kaigo/obligations.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int kaigo_due_day(const char *s, long *day)
{
	int y, m, d, i;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

void kaigo_due_date(long day, char *out)
{
	/* H. Hinnant's civil_from_days */
	long z = day + 719468, era, doe, yoe, y, doy, mp, d, m;
	char tmp[40];

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", (int)((y + (m <= 2)) % 10000), (int)m, (int)d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

void kaigo_due_today(char *out)
{
	/* Japan has had no summer time since 1951: UTC+9 all year */
	kaigo_due_date((long)((time(NULL) + 9L * 3600) / 86400), out);
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
