/*
 * kaigo-csv2xml - CSV to XML through a layout (national standard CSV,
 * legacy vendor exports, evaluation item tables).
 *
 * Options, input/output and the exit status live here; the work is done by
 * lib/layout.c (layouts) and lib/convert.c (rows to records, send units).
 * See kaigo-csv2xml(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/convert.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"

enum { OPT_REJECT = 256, OPT_LIST };

static const struct kaigo_cli_option options[] = {
	{ "layout", 'l', "NAME|FILE", N_("convert every FILE through this layout (a bundled name or a file)") },
	{ "reject", OPT_REJECT, "FILE", N_("write rejected rows (line, reason, original bytes) to FILE") },
	{ "output", 'o', "FILE", N_("write the XML to FILE atomically instead of standard output") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "list-layouts", OPT_LIST, NULL, N_("list the bundled layouts and exit") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-csv2xml", "[OPTION]... [FILE]...",
	N_("Convert CSV to kaigo XML through a layout: every data row becomes part of\n"
	"a record, or a line in the reject file."),
	N_("Without --layout every FILE must have a standard file name\n"
	"(UP1KYO_0300000100_43_0300000005_11_20250401120000.CSV): its layout comes\n"
	"from the name, and the files of one send unit (same timestamp) are joined\n"
	"on their keys into CarePlan documents.  With --layout and no FILE, or when\n"
	"FILE is -, read standard input.  The summary on standard error adds up:\n"
	"rows read = converted + rejected.  Exit status 1 if any row was rejected.\n"),
	options, { { 0 } }, { 0 }
};

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	const char *layout_spec = NULL, *outpath = NULL, *rejpath = NULL;
	struct kaigo_catalog cat;
	struct kaigo_layout *layout = NULL;
	struct kaigo_output out, rej;
	struct kaigo_c2x *c2x;
	int c, quiet = 0, list = 0, status = KAIGO_EXIT_OK, rc, cs;

	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'l':
			layout_spec = optarg;
			break;
		case OPT_REJECT:
			rejpath = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
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
	if (!list && !layout_spec && optind >= argc)
		return kaigo_cli_usage_error(&cli, "give FILEs with standard names, or --layout to read "
					     "standard input");
	if (!layout_spec) {
		int i;

		for (i = optind; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				return kaigo_cli_usage_error(&cli, "standard input needs --layout");
	}
	if (rejpath && outpath && strcmp(rejpath, outpath) == 0)
		return kaigo_cli_usage_error(&cli, "--reject and --output name the same file");
	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return KAIGO_EXIT_LOAD;
	if (list) {
		status = kaigo_layout_print_list(&cat, stdout, &sink) < 0 ? KAIGO_EXIT_LOAD : KAIGO_EXIT_OK;
		kaigo_catalog_release(&cat);
		return status;
	}
	if (layout_spec && !(layout = kaigo_layout_load(&cat, layout_spec, &sink))) {
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_LOAD;
	}
	if (kaigo_output_open(&out, outpath, &sink) < 0) {
		kaigo_layout_free(layout);
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_IO;
	}
	if (rejpath && kaigo_output_open(&rej, rejpath, &sink) < 0) {
		kaigo_output_abort(&out);
		kaigo_layout_free(layout);
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_IO;
	}
	c2x = kaigo_c2x_new(&out, rejpath ? &rej : NULL, &sink);
	rc = c2x ? kaigo_c2x_run(c2x, &cat, layout, argv + optind, (size_t)(argc - optind)) : -1;
	if (rc == -2) {
		status = KAIGO_EXIT_LOAD;
	} else if (rc < 0) {
		status = c2x ? KAIGO_EXIT_IO : KAIGO_EXIT_INTERNAL;
	}
	if (status != KAIGO_EXIT_OK || out.epipe) {
		kaigo_output_abort(&out);
		if (rejpath)
			kaigo_output_abort(&rej);
	} else {
		if (rejpath && kaigo_output_commit(&rej, &sink) < 0)
			status = KAIGO_EXIT_IO;
		if (status == KAIGO_EXIT_OK && kaigo_output_commit(&out, &sink) < 0)
			status = KAIGO_EXIT_IO;
		else if (status != KAIGO_EXIT_OK)
			kaigo_output_abort(&out);
	}
	if (c2x && !quiet && !out.epipe) {
		const struct kaigo_c2x_stats *st = kaigo_c2x_stats(c2x);

		fprintf(stderr, _("%s: rows read %lu = converted %lu + rejected %lu; records written %lu\n"),
			cli.tool, st->rows, st->converted, st->rejected, st->records);
	}
	if (status == KAIGO_EXIT_OK && c2x && kaigo_c2x_stats(c2x)->rejected)
		status = KAIGO_EXIT_DATA;
	if (status == KAIGO_EXIT_OK && sink.errors)
		status = KAIGO_EXIT_DATA;
	kaigo_c2x_free(c2x);
	kaigo_layout_free(layout);
	kaigo_catalog_release(&cat);
	return status;
}
