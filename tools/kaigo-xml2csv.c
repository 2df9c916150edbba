/*
 * kaigo-xml2csv - kaigo XML back to CSV through the same layouts.
 *
 * One layout to standard output or -o FILE, or with -d DIR the standard
 * files of every send unit the XML holds, under their standard names.
 * The work is done by lib/convert.c.  See kaigo-xml2csv(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kaigo/cli.h"
#include "kaigo/buf.h"
#include "kaigo/codec.h"
#include "kaigo/i18n.h"
#include "kaigo/convert.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"

enum { OPT_LIST = 256 };
#define OPT_REPLACE 2001

static const struct kaigo_cli_option options[] = {
	{ "layout", 'l', "NAME|FILE", N_("write the rows of this layout (a bundled name or a file)") },
	{ "directory", 'd', "DIR", N_("write every send unit's standard files into DIR (from kaigo-csv2xml XML)") },
	{ "output", 'o', "FILE", N_("with --layout: write to FILE atomically instead of standard output") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "list-layouts", OPT_LIST, NULL, N_("list the bundled layouts and exit") },
	{ "replace-unmappable", OPT_REPLACE, "CHAR", N_("put CHAR (e.g. 〓) for each character CP932 cannot hold, with a warning, instead of refusing") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-xml2csv", "(--layout NAME|FILE | -d DIR) [OPTION]... [FILE]...",
	N_("Convert kaigo XML to CSV through a layout, the inverse of kaigo-csv2xml."),
	N_("With no FILE, or when FILE is -, read standard input.  CP932 output folds\n"
	"the JIS-style code points (U+301C → U+FF5E ...) and refuses a character\n"
	"CP932 cannot hold, naming record and column, instead of writing '?'; such\n"
	"a row (with -d, its whole record) is not written and the exit status is 1;\n"
	"--replace-unmappable=CHAR writes CHAR instead, each one a warning.\n"),
	options, { { 0 } }, { 0 }
};

/* One UTF-8 character that CP932, the standard files' encoding, can write. */
static int replacement_ok(const char *s)
{
	char err[200];
	struct kaigo_codec *cd = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	struct kaigo_buf b = KAIGO_BUF_INIT;
	size_t bo, n = strlen(s), k;
	unsigned long cp;
	int ok;

	for (k = 1; k < n && ((unsigned char)s[k] & 0xC0) == 0x80; k++)
		;
	ok = cd && n > 0 && k == n && kaigo_codec_encode(cd, s, n, &b, &bo, &cp) == 0;
	kaigo_buf_release(&b);
	kaigo_codec_free(cd);
	return ok;
}

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	const char *layout_spec = NULL, *outpath = NULL, *dir = NULL;
	struct kaigo_catalog cat;
	struct kaigo_layout *layout = NULL;
	struct kaigo_output out;
	struct kaigo_x2c_stats st = { 0, 0, 0, 0 };
	struct stat sb;
	int c, quiet = 0, list = 0, status = KAIGO_EXIT_OK, rc, cs;

	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'l':
			layout_spec = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case OPT_REPLACE:
			st.replace = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_LIST:
			list = 1;
			break;
		default:
			if ((cs = kaigo_cli_common(&cli, c, optarg, &pr)) >= 0)
				return cs;
			break;
		}
	}
	if (list) {
		if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
			return KAIGO_EXIT_LOAD;
		status = kaigo_layout_print_list(&cat, stdout, &sink) < 0 ? KAIGO_EXIT_LOAD : KAIGO_EXIT_OK;
		kaigo_catalog_release(&cat);
		return status;
	}
	if (!layout_spec == !dir)
		return kaigo_cli_usage_error(&cli, "give exactly one of --layout and --directory");
	if (dir && outpath)
		return kaigo_cli_usage_error(&cli, "--output goes with --layout; -d names the files itself");
	if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return kaigo_cli_usage_error(&cli, "'%s' is not a directory", dir);
	if (st.replace && !replacement_ok(st.replace))
		return kaigo_cli_usage_error(&cli, "--replace-unmappable: '%s' is not one character CP932 can "
					     "write (e.g. 〓)", st.replace);
	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return KAIGO_EXIT_LOAD;
	if (dir) {
		rc = kaigo_x2c_dir(&cat, argv + optind, (size_t)(argc - optind), dir, &sink, &st);
		status = rc == -2 ? KAIGO_EXIT_LOAD : rc == -3 ? KAIGO_EXIT_DATA : rc < 0 ? KAIGO_EXIT_IO
			 : KAIGO_EXIT_OK;
	} else if (!(layout = kaigo_layout_load(&cat, layout_spec, &sink))) {
		status = KAIGO_EXIT_LOAD;
	} else if (kaigo_output_open(&out, outpath, &sink) < 0) {
		status = KAIGO_EXIT_IO;
	} else {
		rc = kaigo_x2c_run(layout, argv + optind, (size_t)(argc - optind), &out, &sink, &st);
		if (rc < 0 || out.epipe) {
			kaigo_output_abort(&out);
			status = out.epipe ? KAIGO_EXIT_OK : KAIGO_EXIT_IO;
		} else if (kaigo_output_commit(&out, &sink) < 0) {
			status = KAIGO_EXIT_IO;
		}
	}
	if (!quiet && (status == KAIGO_EXIT_OK || st.records)) {
		if (dir)
			fprintf(stderr, _("%s: records read %lu; rows written %lu, refused %lu; files %lu%s"),
				cli.tool, st.records, st.rows, st.refused, st.files, st.replace ? "" : "\n");
		else
			fprintf(stderr, _("%s: records read %lu; rows written %lu, refused %lu%s"), cli.tool,
				st.records, st.rows, st.refused, st.replace ? "" : "\n");
		if (st.replace)
			fprintf(stderr, _("; characters replaced %lu\n"), st.replaced);
	}
	if (status == KAIGO_EXIT_OK && (st.refused || sink.errors))
		status = KAIGO_EXIT_DATA;
	kaigo_layout_free(layout);
	kaigo_catalog_release(&cat);
	return status;
}
