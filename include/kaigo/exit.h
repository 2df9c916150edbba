/*
 * exit.h - the exit statuses every kaigo tool uses (DESIGN §2).
 *
 * One table, shared by all tools, so that a batch job can branch on the
 * status without knowing which tool ran: 1 means "the data is wrong",
 * 3 means "the job could not read or write", never the other way round.
 */
#ifndef KAIGO_EXIT_H
#define KAIGO_EXIT_H

enum kaigo_exit {
	KAIGO_EXIT_OK = 0,       /* everything read, converted and written */
	KAIGO_EXIT_DATA = 1,     /* the data has problems (invalid, rejected, unconvertible) */
	KAIGO_EXIT_USAGE = 2,    /* bad options or arguments */
	KAIGO_EXIT_IO = 3,       /* cannot read/parse input or write output */
	KAIGO_EXIT_LOAD = 4,     /* a schema, rule, stylesheet or layout failed to load */
	KAIGO_EXIT_INTERNAL = 5  /* a bug or resource exhaustion inside kaigo */
};

#endif
