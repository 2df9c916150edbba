/*
 * cli.c - option tables to getopt_long, --help and --version.
 *
 * The help text lists every option of the table in the order given, so a
 * tool's man page and its --help are written from the same source of
 * truth (the table in tools/kaigo-*.c).
 *
 * It also selects the message language (kaigo_i18n_init): the tables'
 * help strings are marked N_() where they are defined and translated here,
 * when shown.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxslt/xsltconfig.h>
#include <libexslt/exsltconfig.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include "kaigo/cli.h"
#include "kaigo/diag.h"
#include "kaigo/i18n.h"

/*
 * The po/locale directory of the build tree the running tool lives in (as
 * lib/catalog.c finds the tree's schemas/), so that a tool run from the tree
 * speaks the tree's translation, not an installed (older) one.
 */
static int tree_localedir(char *dir, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	struct stat st;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(dir, size, "%s/../po/locale", exe) >= size)
		return -1;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

void kaigo_i18n_init(void)
{
	char dir[PATH_MAX + 16];

	/* LC_MESSAGES only: LC_CTYPE, LC_NUMERIC and LC_COLLATE stay "C", so
	   that isalpha/tolower/strcasecmp in the parsers and the number formats
	   of every output are the same in any locale (tr_TR's 'i', de_DE's
	   decimal comma).  The catalogue is UTF-8 and so is everything kaigo
	   writes, so gettext is told not to convert to LC_CTYPE's charset
	   (which, being "C", would turn Japanese into question marks). */
	setlocale(LC_MESSAGES, "");
	bindtextdomain(KAIGO_TEXTDOMAIN, tree_localedir(dir, sizeof(dir)) == 0 ? dir : KAIGO_LOCALEDIR);
	bind_textdomain_codeset(KAIGO_TEXTDOMAIN, "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8"); /* strerror in a text message */
	textdomain(KAIGO_TEXTDOMAIN);
}

int kaigo_cli_init(struct kaigo_cli *cli)
{
	size_t n = 0, s = 0;
	const struct kaigo_cli_option *o;

	signal(SIGPIPE, SIG_IGN);
	kaigo_i18n_init();
	for (o = cli->options; o && o->name; o++) {
		if (n >= KAIGO_CLI_MAXOPT)
			return -1;
		cli->longopts[n].name = o->name;
		cli->longopts[n].has_arg = o->arg ? required_argument : no_argument;
		cli->longopts[n].flag = NULL;
		cli->longopts[n].val = o->key;
		n++;
		if (o->key > 0 && o->key < 256) {
			cli->shortopts[s++] = (char)o->key;
			if (o->arg)
				cli->shortopts[s++] = ':';
		}
	}
	cli->longopts[n++] = (struct option){ "help", no_argument, NULL, KAIGO_CLI_HELP };
	cli->longopts[n++] = (struct option){ "version", no_argument, NULL, KAIGO_CLI_VERSION };
	cli->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	cli->shortopts[s++] = 'h';
	cli->shortopts[s++] = 'V';
	cli->shortopts[s] = '\0';
	return 0;
}

int kaigo_cli_next(struct kaigo_cli *cli, int argc, char **argv)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, cli->shortopts, cli->longopts, NULL);
	if (c == '?' || c == ':') {
		const char *bad = argv[optind - 1];

		if (bad && strncmp(bad, "--", 2) == 0) {
			const char *eq = strchr(bad, '=');
			int len = eq ? (int)(eq - bad) : (int)strlen(bad);

			if (!optopt)
				kaigo_cli_usage_error(cli, "unknown option '%.*s'", len, bad);
			else if (eq)
				kaigo_cli_usage_error(cli, "option '%.*s' doesn't allow an argument", len, bad);
			else
				kaigo_cli_usage_error(cli, "option '%s' requires an argument", bad);
		} else if (optopt && optopt < 256 && strchr(cli->shortopts, optopt)) {
			kaigo_cli_usage_error(cli, "option '-%c' requires an argument", optopt);
		} else {
			kaigo_cli_usage_error(cli, "unknown option '-%c'", optopt ? optopt : '?');
		}
		return '?';
	}
	return c;
}

/* The translation of a table's string; "" is not looked up (its
   translation is the catalogue's header). */
static const char *tr(const char *s)
{
	return s && *s ? _(s) : "";
}

void kaigo_cli_help(const struct kaigo_cli *cli, FILE *out)
{
	const struct kaigo_cli_option *o;
	static const struct kaigo_cli_option common[] = {
		{ "help", 'h', NULL, N_("show this help and exit") },
		{ "version", 'V', NULL, N_("show the version and library versions and exit") },
		{ NULL, 0, NULL, NULL }
	};
	int pass;

	fprintf(out, _("Usage: %s %s\n%s\n\nOptions:\n"), cli->tool, cli->synopsis, tr(cli->summary));
	for (pass = 0; pass < 2; pass++) {
		for (o = pass ? common : cli->options; o && o->name; o++) {
			char left[64];

			if (o->key > 0 && o->key < 256)
				snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
					 o->arg ? " " : "", o->arg ? o->arg : "");
			else
				snprintf(left, sizeof(left), "    --%s%s%s", o->name,
					 o->arg ? "=" : "", o->arg ? o->arg : "");
			if (strlen(left) <= 26)
				fprintf(out, "  %-26s %s\n", left, tr(o->help));
			else
				fprintf(out, "  %s\n  %-26s %s\n", left, "", tr(o->help));
		}
	}
	if (cli->epilog)
		fprintf(out, "\n%s", tr(cli->epilog));
	fprintf(out, _("\nExit status: 0 ok, 1 data problems, 2 usage error, 3 cannot read or write,\n"
		       "4 a schema/rule/stylesheet/layout failed to load, 5 internal error.\n"
		       "See %s(1).\n"), cli->tool);
}

void kaigo_cli_version(const struct kaigo_cli *cli, FILE *out)
{
	UVersionInfo icu, uni;
	char icus[U_MAX_VERSION_STRING_LENGTH], unis[U_MAX_VERSION_STRING_LENGTH];

	/* libxml2 and ICU: the versions actually linked.  libxslt: the version
	   built against, so that tools which never transform need not load
	   libxslt (and libgcrypt) just to print this line */
	u_getVersion(icu);
	u_getUnicodeVersion(uni);
	u_versionToString(icu, icus);
	u_versionToString(uni, unis);
	fprintf(out, "%s (kaigo) %s\n", cli->tool, KAIGO_VERSION);
	fprintf(out, "libxml2 %d, libxslt %s, libexslt %s, ICU %s (Unicode %s)\n",
		atoi(xmlParserVersion), LIBXSLT_DOTTED_VERSION, LIBEXSLT_DOTTED_VERSION, icus, unis);
	/* the copyright and licence lines GNU's coding standards ask of --version */
	fputs(_("Copyright (C) 2026 the kaigo developers.\n"
		"License MIT: <https://opensource.org/licenses/MIT>; see the LICENSE file.\n"
		"This is free software: you are free to change and redistribute it.\n"
		"There is NO WARRANTY, to the extent permitted by law.\n"), out);
}

int kaigo_cli_usage_error(const struct kaigo_cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli->tool);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), cli->tool);
	return KAIGO_EXIT_USAGE;
}

int kaigo_cli_count(const char *arg, unsigned long min, unsigned long *out)
{
	char *end;
	unsigned long v;

	/* strtoul takes "-1" as ULONG_MAX and " 5" as 5: only plain digits here */
	if (*arg < '0' || *arg > '9')
		return -1;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*end || errno == ERANGE || v < min)
		return -1;
	*out = v;
	return 0;
}

int kaigo_cli_common(const struct kaigo_cli *cli, int key, const char *arg, struct kaigo_diag_printer *pr)
{
	switch (key) {
	case KAIGO_CLI_HELP:
		kaigo_cli_help(cli, stdout);
		return KAIGO_EXIT_OK;
	case KAIGO_CLI_VERSION:
		kaigo_cli_version(cli, stdout);
		return KAIGO_EXIT_OK;
	case KAIGO_CLI_DIAG_FORMAT:
		if (strcmp(arg, "jsonl") != 0 && strcmp(arg, "text") != 0)
			return kaigo_cli_usage_error(cli, "unknown diagnostic format '%s'", arg);
		pr->jsonl = strcmp(arg, "jsonl") == 0;
		return -1;
	case KAIGO_CLI_MAX_ERRORS:
		if (kaigo_cli_count(arg, 0, &pr->max_shown) < 0)
			return kaigo_cli_usage_error(cli, "bad number '%s'", arg);
		return -1;
	default: /* '?': kaigo_cli_next has printed the hint */
		return KAIGO_EXIT_USAGE;
	}
}
