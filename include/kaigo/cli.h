/*
 * cli.h - the command-line shape shared by every tool.
 *
 * A tool describes its options once, as a table; this module turns the
 * table into getopt_long's arrays and into the --help text, so the two can
 * never disagree.  -h/--help and -V/--version are added to every tool.
 */
#ifndef KAIGO_CLI_H
#define KAIGO_CLI_H

#include <stdio.h>
#include <getopt.h>
#include "kaigo/exit.h"

#define KAIGO_CLI_HELP 'h'
#define KAIGO_CLI_VERSION 'V'
#define KAIGO_CLI_MAXOPT 48
/* Keys of the shared diagnostic options (see kaigo_cli_diag_option). */
#define KAIGO_CLI_DIAG_FORMAT 1001   /* --diag-format=text|jsonl */
#define KAIGO_CLI_MAX_ERRORS 1002    /* --max-errors=N: show at most N diagnostics */

struct kaigo_cli_option {
	const char *name;   /* long name without "--"; NULL ends the table */
	int key;            /* short option letter, or a value >= 256 for long-only */
	const char *arg;    /* argument name shown in help ("FILE"); NULL: no argument */
	const char *help;   /* one line of help text */
};

struct kaigo_cli {
	const char *tool;                      /* "kaigo-normalize" */
	const char *synopsis;                  /* "[OPTION]... [FILE]..." */
	const char *summary;                   /* one sentence on what the tool does */
	const char *epilog;                    /* text after the option list, or NULL */
	const struct kaigo_cli_option *options; /* the tool's own options; borrowed */
	struct option longopts[KAIGO_CLI_MAXOPT + 3]; /* built by kaigo_cli_init */
	char shortopts[3 * KAIGO_CLI_MAXOPT + 8];     /* built by kaigo_cli_init */
};

/*
 * Build the getopt tables; ignore SIGPIPE (writes then fail with EPIPE,
 * which the output layer handles quietly).  Returns 0, -1 if the table is
 * too large (a programming error).
 */
int kaigo_cli_init(struct kaigo_cli *cli);
/* kaigo_cli_init also selects the message language: kaigo_i18n_init
   (kaigo/i18n.h). */

/*
 * Next option, as getopt_long: returns the key, -1 at the end of options;
 * for an unknown option or a missing argument it prints the usage hint to
 * stderr and returns '?'.  The argument is in optarg.
 */
int kaigo_cli_next(struct kaigo_cli *cli, int argc, char **argv);

/* Full --help text.  The summary, epilog and option help strings of the
   tables are English literals marked N_(), translated here. */
void kaigo_cli_help(const struct kaigo_cli *cli, FILE *out);
/* --version: tool version, the versions of libxml2, libxslt, ICU, and the
   copyright and licence (MIT) lines as the GNU coding standards ask. */
void kaigo_cli_version(const struct kaigo_cli *cli, FILE *out);
/*
 * Print "TOOL: message" and the --help hint to stderr; returns
 * KAIGO_EXIT_USAGE so a tool can `return kaigo_cli_usage_error(...)`.
 * fmt is an English literal, translated here (xgettext finds it as the
 * second argument: see the Makefile's po/kaigo.pot rule).
 */
int kaigo_cli_usage_error(const struct kaigo_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A count given on the command line: plain decimal digits (no sign, no
 * space), at least min, not overflowing.  Returns 0 and sets *out, or -1.
 */
int kaigo_cli_count(const char *arg, unsigned long min, unsigned long *out);

/*
 * The options every converting tool shares, and the end of its option
 * switch: -h/--help and -V/--version (printed; returns 0, exit with it),
 * --diag-format and --max-errors (applied to pr; returns -1, read on, or
 * KAIGO_EXIT_USAGE for a bad value), and anything else, i.e. '?' from
 * kaigo_cli_next (returns KAIGO_EXIT_USAGE).  A tool writes
 *     default: if ((st = kaigo_cli_common(&cli, c, optarg, &pr)) >= 0) return st;
 */
struct kaigo_diag_printer;
int kaigo_cli_common(const struct kaigo_cli *cli, int key, const char *arg, struct kaigo_diag_printer *pr);

#endif
