/*
 * duewrite.c - kaigo-due's output: an obligation record as a text line, a
 * CSV row, a JSON object, or an iCalendar VTODO built with libical (RFC
 * 5545).  Records are written as they come; the calendar's start and end
 * are written around them, so nothing is held in memory.  See due.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "kaigo/buf.h"
#include "kaigo/csv.h"
#include "kaigo/due.h"

struct kaigo_due_writer {
	enum kaigo_due_format fmt;
	char as_of[11];
	long remind;                  /* days before the due date, or -1 */
	int bom;                      /* CSV: start with a UTF-8 BOM */
	struct kaigo_output *out;     /* borrowed */
	struct kaigo_diag_sink *sink; /* borrowed */
	struct kaigo_buf b;           /* the record being written */
};

struct kaigo_due_writer *kaigo_due_writer_new(enum kaigo_due_format fmt, const char *as_of, long remind,
					      struct kaigo_output *out, struct kaigo_diag_sink *sink)
{
	struct kaigo_due_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fmt = fmt;
	snprintf(w->as_of, sizeof(w->as_of), "%s", as_of);
	w->remind = remind;
	w->out = out;
	w->sink = sink;
	return w;
}

void kaigo_due_writer_set_bom(struct kaigo_due_writer *w, int bom)
{
	w->bom = bom;
}

void kaigo_due_writer_free(struct kaigo_due_writer *w)
{
	if (!w)
		return;
	kaigo_buf_release(&w->b);
	free(w);
}

static int flush(struct kaigo_due_writer *w)
{
	int rc = kaigo_output_write(w->out, w->b.data ? w->b.data : "", w->b.len, w->sink);

	kaigo_buf_reset(&w->b);
	return rc;
}

void kaigo_due_uid(const char *obligation, const char *subject, char *out, size_t outsz)
{
	/* FNV-1a, 64 bits, over "obligation NUL subject": the same pair, the same UID, in every run */
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)obligation; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	h *= 1099511628211ULL;
	for (p = (const unsigned char *)subject; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	snprintf(out, outsz, "%s-%016llx@kaigo", obligation, (unsigned long long)h);
}

/* A JSON string: quotes, backslash and control characters escaped; UTF-8 as is. */
static void json_string(struct kaigo_buf *b, const char *s)
{
	kaigo_buf_addch(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			kaigo_buf_addch(b, '\\');
			kaigo_buf_addch(b, (char)c);
		} else if (c == '\n') {
			kaigo_buf_add(b, "\\n", 2);
		} else if (c < 0x20) {
			kaigo_buf_addf(b, "\\u%04x", c);
		} else {
			kaigo_buf_addch(b, (char)c);
		}
	}
	kaigo_buf_addch(b, '"');
}

/* The title of a rule's message: the words before its first ": " (e.g. 生活援助中心型の届出). */
static void title(struct kaigo_buf *b, const struct kaigo_obligation *o)
{
	const char *colon = strstr(o->message, ": ");

	if (colon && colon - o->message < 200)
		kaigo_buf_add(b, o->message, (size_t)(colon - o->message));
	else
		kaigo_buf_add(b, o->id, strlen(o->id));
	kaigo_buf_addf(b, " %s", o->subject);
}

static struct icaltimetype ical_date(const char *ymd)
{
	struct icaltimetype t = icaltime_null_date();

	t.year = atoi(ymd);
	t.month = atoi(ymd + 5);
	t.day = atoi(ymd + 8);
	t.is_date = 1;
	return t;
}

/* One VTODO (RFC 5545 3.6.2), serialized by libical (escaping, line folding). */
static int put_ics(struct kaigo_due_writer *w, const struct kaigo_obligation *o)
{
	char uid[300];
	struct kaigo_buf t = KAIGO_BUF_INIT;
	icalcomponent *todo;
	icalproperty *p;
	struct icaltimetype stamp;
	long day = 0;
	char *s;

	kaigo_due_uid(o->id, o->subject, uid, sizeof(uid));
	/* DTSTAMP: midnight of the as-of date in Japan, in UTC */
	kaigo_due_day(w->as_of, &day);
	stamp = icaltime_from_timet_with_zone((time_t)day * 86400 - 9 * 3600, 0, icaltimezone_get_utc_timezone());
	todo = icalcomponent_new(ICAL_VTODO_COMPONENT);
	if (!todo)
		return -1;
	icalcomponent_add_property(todo, icalproperty_new_uid(uid));
	icalcomponent_add_property(todo, icalproperty_new_dtstamp(stamp));
	title(&t, o);
	icalcomponent_add_property(todo, icalproperty_new_summary(t.data ? t.data : o->id));
	kaigo_buf_reset(&t);
	kaigo_buf_addf(&t, "%s\n根拠: %s\n義務: %s\n対象: %s", o->message, o->basis, o->id, o->subject);
	icalcomponent_add_property(todo, icalproperty_new_description(t.data));
	icalcomponent_add_property(todo, icalproperty_new_due(ical_date(o->due)));
	icalcomponent_add_property(todo, icalproperty_new_status(o->status == KAIGO_DUE_DONE ?
								 ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
	icalcomponent_add_property(todo, icalproperty_new_categories(o->id));
	p = icalproperty_new_x(kaigo_due_status_name(o->status));
	icalproperty_set_x_name(p, "X-KAIGO-STATUS");
	icalcomponent_add_property(todo, p);
	if (w->remind >= 0 && o->status != KAIGO_DUE_DONE) {
		struct icaltriggertype trig = icaltriggertype_from_int(0);
		icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);

		trig.duration = icaldurationtype_from_int(-(int)(w->remind * 86400));
		p = icalproperty_new_trigger(trig);
		icalproperty_add_parameter(p, icalparameter_new_related(ICAL_RELATED_END));
		icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
		icalcomponent_add_property(alarm, p);
		kaigo_buf_reset(&t);
		title(&t, o);
		icalcomponent_add_property(alarm, icalproperty_new_description(t.data));
		icalcomponent_add_component(todo, alarm);
	}
	s = icalcomponent_as_ical_string_r(todo);
	if (s)
		kaigo_buf_add(&w->b, s, strlen(s));
	free(s);
	icalcomponent_free(todo);
	kaigo_buf_release(&t);
	return s ? 0 : -1;
}

int kaigo_due_writer_begin(struct kaigo_due_writer *w)
{
	if (w->fmt == KAIGO_DUE_CSV) {
		if (w->bom)
			kaigo_buf_add(&w->b, "\xEF\xBB\xBF", 3);
		kaigo_buf_add(&w->b, "obligation,subject,due,status,basis,message\r\n", 45);
	} else if (w->fmt == KAIGO_DUE_ICS) {
		/* the calendar's own properties, serialized by libical up to its END line */
		icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
							 icalproperty_new_version("2.0"),
							 icalproperty_new_prodid("-//kaigo//kaigo-due//JA"),
							 icalproperty_new_calscale("GREGORIAN"), (void *)0);
		char *s = cal ? icalcomponent_as_ical_string_r(cal) : NULL;
		char *end = s ? strstr(s, "END:VCALENDAR") : NULL;
		icalproperty *tz;

		if (!end) {
			free(s);
			icalcomponent_free(cal);
			return -1;
		}
		kaigo_buf_add(&w->b, s, (size_t)(end - s));
		/* the dates are Japanese calendar dates: say so to calendars that read it */
		tz = icalproperty_new_x("Asia/Tokyo");
		icalproperty_set_x_name(tz, "X-WR-TIMEZONE");
		free(s);
		s = icalproperty_as_ical_string_r(tz);
		kaigo_buf_add(&w->b, s, strlen(s));
		free(s);
		icalproperty_free(tz);
		icalcomponent_free(cal);
	}
	return flush(w);
}

int kaigo_due_writer_put(struct kaigo_due_writer *w, const struct kaigo_obligation *o)
{
	const char *st = kaigo_due_status_name(o->status);

	switch (w->fmt) {
	case KAIGO_DUE_TEXT:
		kaigo_buf_addf(&w->b, "%s:%lu: %s %s %s [%s] %s\n", strcmp(o->file, "-") ? o->file : "<stdin>",
			       o->line, o->due, st, o->id, o->subject, o->message);
		break;
	case KAIGO_DUE_CSV: {
		const char *f[6] = { o->id, o->subject, o->due, st, o->basis, o->message };
		int i;

		for (i = 0; i < 6; i++) {
			if (i)
				kaigo_buf_addch(&w->b, ',');
			if (f[i][0] && strchr("=+-@\t\r", f[i][0])) {
				/* a cell a spreadsheet would take for a formula: neutralised with a leading ' */
				struct kaigo_buf t = KAIGO_BUF_INIT;

				kaigo_buf_addch(&t, '\'');
				kaigo_buf_add(&t, f[i], strlen(f[i]));
				kaigo_csv_put_field(&w->b, t.data, t.len, 0);
				kaigo_buf_release(&t);
			} else {
				kaigo_csv_put_field(&w->b, f[i], strlen(f[i]), 0);
			}
		}
		kaigo_buf_add(&w->b, "\r\n", 2);
		break;
	}
	case KAIGO_DUE_JSONL:
		kaigo_buf_add(&w->b, "{\"obligation\":", 14);
		json_string(&w->b, o->id);
		kaigo_buf_add(&w->b, ",\"subject\":", 11);
		json_string(&w->b, o->subject);
		kaigo_buf_addf(&w->b, ",\"due\":\"%s\",\"status\":\"%s\",\"basis\":", o->due, st);
		json_string(&w->b, o->basis);
		kaigo_buf_add(&w->b, ",\"message\":", 11);
		json_string(&w->b, o->message);
		kaigo_buf_add(&w->b, ",\"rule\":", 8);
		json_string(&w->b, o->rule);
		kaigo_buf_add(&w->b, ",\"file\":", 8);
		json_string(&w->b, strcmp(o->file, "-") ? o->file : "<stdin>");
		kaigo_buf_addf(&w->b, ",\"line\":%lu,\"record\":%lu}\n", o->line, o->record);
		break;
	case KAIGO_DUE_ICS:
		if (put_ics(w, o) < 0)
			return -1;
		break;
	}
	return flush(w);
}

int kaigo_due_writer_end(struct kaigo_due_writer *w)
{
	if (w->fmt == KAIGO_DUE_ICS)
		kaigo_buf_add(&w->b, "END:VCALENDAR\r\n", 15);
	return flush(w);
}
