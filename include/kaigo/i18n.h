/*
 * i18n.h - message translation (GNU gettext, text domain "kaigo").
 *
 * Every message the tools print for people (usage, --help, summaries and
 * the text rendering of diagnostics) goes through _(); strings that are
 * defined in tables and translated later, when shown, are marked N_() so
 * that xgettext finds them.  Everything meant for programs -- rule ids,
 * JSON keys and the "message" of jsonl diagnostics, SVRL, CSV, exit
 * codes -- stays as written, whatever the locale (see lib/diag.c).
 *
 * _() names the domain explicitly (dgettext), so that a message of the
 * library is translated even in a program that chose another default
 * domain with textdomain().  The catalogue is bound and LC_MESSAGES taken
 * from the environment by kaigo_cli_init (lib/cli.c).
 */
#ifndef KAIGO_I18N_H
#define KAIGO_I18N_H

#include <libintl.h>

#define KAIGO_TEXTDOMAIN "kaigo"
#define _(s) dgettext(KAIGO_TEXTDOMAIN, s)
#define N_(s) s

/*
 * Select the user's message language: LC_MESSAGES only (setlocale), the
 * "kaigo" catalogue from the build tree's locale/ directory when the tool
 * runs from a build tree, else from the installed one, and UTF-8 output.
 * Safe to call more than once.  Called by kaigo_cli_init.
 */
void kaigo_i18n_init(void);

#endif
