/*
 * kaigo-publish - kaigo XML to HTML pages, CSV open data, plain text and
 * Excel workbooks.
 *
 * The stylesheets and the privacy checks are data (schemas/publish/); the
 * work is done by lib/publish.c.  See kaigo-publish(1) and docs/publish.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kaigo/asof.h"
#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/diag.h"
#include "kaigo/era.h"
#include "kaigo/outenc.h"
#include "kaigo/publish.h"

enum { OPT_STYLESHEET = 256, OPT_PARAM, OPT_ASOF, OPT_MASK, OPT_LIST, OPT_ENCODING };

#define MAXPARAMS 32

static const struct kaigo_cli_option options[] = {
	{ "format", 'f', "FMT", N_("html (default), csv, text or xlsx (an Excel workbook)") },
	{ "encoding", OPT_ENCODING, "ENC", N_("csv and text: utf-8 (default), utf-8-bom or cp932") },
	{ "audience", 'a', "WHO", N_("public, municipality, user or physician (default: the output's first)") },
	{ "output", 'o', "FILE", N_("write to FILE atomically instead of standard output") },
	{ "directory", 'd', "DIR", N_("one page per record in DIR, with index.html where the output has one") },
	{ "stylesheet", OPT_STYLESHEET, "FILE", N_("use this XSLT stylesheet instead of the bundled one") },
	{ "param", OPT_PARAM, "NAME=VALUE", N_("pass a string parameter to the stylesheet") },
	{ "as-of", OPT_ASOF, "DATE", N_("judge deadlines as of DATE (YYYY-MM-DD or 和暦; default $KAIGO_AS_OF, else today in Japan)") },
	{ "mask", OPT_MASK, NULL, N_("public outputs: replace personal data by ＊＊＊ instead of refusing") },
	{ "list-outputs", OPT_LIST, NULL, N_("list the bundled outputs and exit") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-publish", "[OPTION]... [FILE]...",
	N_("Publish kaigo XML as HTML pages, CSV open data, plain text or Excel workbooks through XSLT."),
	N_("With no FILE, or when FILE is -, read standard input.  The document type\n"
	"(from the root element) and --format choose the output; collections are\n"
	"transformed one record at a time.  A public output that would contain\n"
	"personal data (names, 被保険者番号, addresses, birth dates, phone numbers,\n"
	"also inside free text) is refused with exit status 1 and no output file,\n"
	"unless --mask is given.\n"),
	options, { { 0 } }, { 0 }
};

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	struct kaigo_pub_options o;
	struct kaigo_pub_param params[MAXPARAMS];
	struct kaigo_pub_stats st = { 0, 0, 0 };
	struct kaigo_catalog cat;
	char asof[KAIGO_ASOF_SIZE];
	struct stat sb;
	int c, quiet = 0, list = 0, status, cs;

	memset(&o, 0, sizeof(o));
	o.format = "html";
	o.params = params;
	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "html") != 0 && strcmp(optarg, "csv") != 0 && strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "xlsx") != 0)
				return kaigo_cli_usage_error(&cli, "--format is html, csv, text or xlsx, not '%s'", optarg);
			o.format = optarg;
			break;
		case 'a':
			if (strcmp(optarg, "public") != 0 && strcmp(optarg, "municipality") != 0 &&
			    strcmp(optarg, "user") != 0 && strcmp(optarg, "physician") != 0)
				return kaigo_cli_usage_error(
					&cli, "--audience is public, municipality, user or physician, not '%s'", optarg);
			o.audience = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'd':
			o.dir = optarg;
			break;
		case OPT_STYLESHEET:
			o.stylesheet = optarg;
			break;
		case OPT_PARAM: {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg)
				return kaigo_cli_usage_error(&cli, "--param wants NAME=VALUE, not '%s'", optarg);
			if (o.nparams == MAXPARAMS)
				return kaigo_cli_usage_error(&cli, "too many --param (at most %d)", MAXPARAMS);
			*eq = '\0';
			params[o.nparams].name = optarg;
			params[o.nparams++].value = eq + 1;
			break;
		}
		case OPT_ASOF:
			if (kaigo_asof_parse(optarg, asof) < 0)
				return kaigo_cli_usage_error(&cli, "--as-of wants a date (YYYY-MM-DD or 和暦), not '%s'",
							     optarg);
			o.as_of = asof;
			break;
		case OPT_MASK:
			o.mask = 1;
			break;
		case OPT_ENCODING: {
			enum kaigo_outenc_kind k;

			if (kaigo_outenc_parse(optarg, &k) < 0)
				return kaigo_cli_usage_error(&cli, "--encoding is utf-8, utf-8-bom or cp932, not '%s'",
							     optarg);
			o.encoding = optarg;
			break;
		}
		case OPT_LIST:
			list = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			if ((cs = kaigo_cli_common(&cli, c, optarg, &pr)) >= 0)
				return cs;
			break;
		}
	}
	if (o.dir && o.output)
		return kaigo_cli_usage_error(&cli, "give -o FILE or -d DIR, not both");
	if (o.encoding && strcmp(o.format, "csv") != 0 && strcmp(o.format, "text") != 0)
		return kaigo_cli_usage_error(&cli, "--encoding is for -f csv and -f text, not -f %s", o.format);
	if (!strcmp(o.format, "xlsx") && o.dir)
		return kaigo_cli_usage_error(&cli, "-f xlsx writes one workbook: use -o FILE, not -d");
	if (!strcmp(o.format, "xlsx") && (!o.output || !strcmp(o.output, "-")) && isatty(STDOUT_FILENO) && !list)
		return kaigo_cli_usage_error(&cli, "-f xlsx is binary: give -o FILE or redirect standard output");
	if (o.dir && stat(o.dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return kaigo_cli_usage_error(&cli, "'%s' is not a directory", o.dir); /* made if missing */
	/* deadlines in the pages are judged as of today in Japan, or $KAIGO_AS_OF (asof.h) */
	if (!o.as_of) {
		if (kaigo_asof_default(asof) < 0)
			return kaigo_cli_usage_error(&cli, "KAIGO_AS_OF wants a date (YYYY-MM-DD or 和暦), not '%s'",
						     getenv("KAIGO_AS_OF"));
		o.as_of = asof;
	}
	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return KAIGO_EXIT_LOAD;
	if (list) {
		status = kaigo_publish_list(&cat, stdout, &sink) < 0 ? KAIGO_EXIT_LOAD : KAIGO_EXIT_OK;
		kaigo_catalog_release(&cat);
		return status;
	}
	status = kaigo_publish_run(&cat, &o, argv + optind, (size_t)(argc - optind), &sink, &st);
	if (!quiet && st.records)
		fprintf(stderr, _("%s: records read %lu; files written %lu; privacy findings %lu%s\n"), cli.tool,
			st.records, st.files, st.findings, o.mask && st.findings ? _(" (masked)") : "");
	kaigo_catalog_release(&cat);
	return status;
}
