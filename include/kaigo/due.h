/*
 * due.h - the obligations calendar (kaigo-due): run the bundled rules'
 * deadlines phase over kaigo documents, record by record, keep the
 * obligations the filter asks for, and write them as text, CSV, JSON
 * Lines or iCalendar (RFC 5545, through libical).
 *
 * The rules compute every date and status (obligations.h); this module
 * only selects and writes.  Output is in input order and streamed: memory
 * is that of one record however many obligations there are.
 */
#ifndef KAIGO_DUE_H
#define KAIGO_DUE_H

#include <stddef.h>

#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/obligations.h"
#include "kaigo/sch.h"

/* Which obligations to list. */
struct kaigo_due_filter {
	char as_of[11];        /* the date the rules judge by, YYYY-MM-DD */
	long within;           /* only open ones (not done) due at most this many days after as_of; -1: any */
	unsigned statuses;     /* bit 1 << status for each status to list; 0: every status */
	const char *subject;   /* only this 事業所番号 (the subject's first word), or NULL */
};

/* 1 if the filter keeps o, else 0. */
int kaigo_due_keep(const struct kaigo_due_filter *flt, const struct kaigo_obligation *o);

enum kaigo_due_format {
	KAIGO_DUE_TEXT,   /* FILE:LINE: DUE STATUS OBLIGATION [SUBJECT] MESSAGE */
	KAIGO_DUE_CSV,    /* header + obligation,subject,due,status,basis,message */
	KAIGO_DUE_JSONL,  /* one object per obligation, the same fields and file, line, record */
	KAIGO_DUE_ICS     /* one VCALENDAR, a VTODO per obligation */
};

struct kaigo_due_writer;

/*
 * Returns a new writer to out (borrowed, open), free with
 * kaigo_due_writer_free; NULL when out of memory.  remind >= 0 adds to
 * each open VTODO an alarm that many days before the due date (ICS only).
 * as_of stamps the iCalendar objects (DTSTAMP), so a run's file depends
 * on its input and options only.
 */
struct kaigo_due_writer *kaigo_due_writer_new(enum kaigo_due_format fmt, const char *as_of, long remind,
					      struct kaigo_output *out, struct kaigo_diag_sink *sink);
/* CSV: begin with a UTF-8 byte order mark, by which Excel knows the encoding. */
void kaigo_due_writer_set_bom(struct kaigo_due_writer *w, int bom);
/* Write the header (CSV) or the calendar's start (ICS).  0, or -1 on a write error. */
int kaigo_due_writer_begin(struct kaigo_due_writer *w);
/* Write one obligation.  0, or -1 on a write error or out of memory. */
int kaigo_due_writer_put(struct kaigo_due_writer *w, const struct kaigo_obligation *o);
/* Write the calendar's end (ICS).  0, or -1. */
int kaigo_due_writer_end(struct kaigo_due_writer *w);
void kaigo_due_writer_free(struct kaigo_due_writer *w);

/* The stable iCalendar UID of an obligation (obligation id + subject) into out. */
void kaigo_due_uid(const char *obligation, const char *subject, char *out, size_t outsz);

struct kaigo_due_stats {
	unsigned long files;       /* inputs read */
	unsigned long records;     /* records read */
	unsigned long obligations; /* obligations stated by the rules */
	unsigned long listed;      /* obligations the filter kept and written */
	unsigned long overdue;     /* of those, overdue */
};

enum kaigo_due_result {
	KAIGO_DUE_OK = 0,          /* every input read; data problems went to the sink */
	KAIGO_DUE_UNREADABLE = -1, /* an input could not be read or parsed (exit 3) */
	KAIGO_DUE_NO_RULES = -2,   /* a rule file failed to load or evaluate (exit 4) */
	KAIGO_DUE_WRITE = -3,      /* writing the output failed (exit 3) */
	KAIGO_DUE_INTERNAL = -4    /* out of memory (exit 5) */
};

/*
 * Run the bundled rules of each document's type, phase "deadlines", with
 * the parameters as-of (flt->as_of), obligations=all and params (borrowed;
 * user overrides such as retention-years), on files[0..nfiles) ("-":
 * standard input), and write the obligations flt keeps to w.  Documents
 * are checked for well-formedness, not against their XSD (kaigo-validate
 * does that).  Fills *st.
 */
enum kaigo_due_result kaigo_due_run(const struct kaigo_catalog *cat, char *const *files, size_t nfiles,
				    const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
				    size_t nparams, struct kaigo_due_writer *w, struct kaigo_diag_sink *sink,
				    struct kaigo_due_stats *st);

/*
 * The same on part k of the one file path, cut as plan says (split.h):
 * records keep their line, column and position in the whole file, so the
 * parts' outputs concatenated in order are the output of the whole file.
 */
struct kaigo_split_plan;
enum kaigo_due_result kaigo_due_run_part(const struct kaigo_catalog *cat, const char *path,
					 const struct kaigo_split_plan *plan, size_t k,
					 const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
					 size_t nparams, struct kaigo_due_writer *w, struct kaigo_diag_sink *sink,
					 struct kaigo_due_stats *st);

/*
 * kaigo_due_run with jobs worker processes (forked; each ends with _exit):
 * several files are shared out whole, one large file is cut at record
 * boundaries; every worker writes its records (fmt, remind) to a temporary
 * file, and they are copied to out in input order, after the caller's
 * kaigo_due_writer_begin and before its kaigo_due_writer_end.
 */
enum kaigo_due_result kaigo_due_run_jobs(const struct kaigo_catalog *cat, char *const *files, size_t nfiles, int jobs,
					 const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
					 size_t nparams, enum kaigo_due_format fmt, long remind,
					 struct kaigo_output *out, struct kaigo_diag_sink *sink,
					 struct kaigo_due_stats *st);

#endif
