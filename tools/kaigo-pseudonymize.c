/*
 * kaigo-pseudonymize - realistic test data from production data: every
 * personal value replaced by a keyed, consistent, format-preserving
 * pseudonym, in kaigo XML and in CSV through the layouts.
 *
 * The work is done by lib/pseudo*.c.  See kaigo-pseudonymize(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kaigo/cli.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/pseudo.h"

enum { OPT_KEY = 256, OPT_KEEP, OPT_OFFICES, OPT_CHECK, OPT_NO_DETECT };

static const struct kaigo_cli_option options[] = {
	{ "key-file", OPT_KEY, "FILE", "the secret key (16 bytes or more; not readable by others)" },
	{ "layout", 'l', "NAME|FILE", "CSV through this layout (default: from standard file names)" },
	{ "directory", 'd', "DIR", "write each FILE into DIR under its own name" },
	{ "output", 'o', "FILE", "write to FILE atomically instead of standard output" },
	{ "keep-insured-digits", OPT_KEEP, "N", "keep the first N characters of a 被保険者番号 (0-8; default 0)" },
	{ "offices", OPT_OFFICES, NULL, "also replace 事業所番号 (file names keep theirs)" },
	{ "check", OPT_CHECK, NULL, "fail (exit 1) if a personal value of the input is still in the output" },
	{ "no-detect", OPT_NO_DETECT, NULL, "do not search free text with the privacy detector" },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", "diagnostics as text (default) or jsonl" },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", "show at most N diagnostics (all are counted)" },
	{ "quiet", 'q', NULL, "no summary line" },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-pseudonymize", "--key-file FILE [-l LAYOUT] [-d DIR | -o FILE] [OPTION]... [FILE]...",
	"Replace every personal value by a keyed, consistent, format-preserving pseudonym.",
	"FILE ending in .xml is kaigo XML; any other is CSV (through --layout, or the\n"
	"layout its standard file name names).  With no FILE, or when FILE is -, read\n"
	"standard input: CSV with --layout, else XML.  The same key gives the same\n"
	"pseudonym for the same value in every file and run.\n",
	options, { { 0 } }, { 0 }
};

static int is_xml(const char *f, const char *layout)
{
	size_t n = f ? strlen(f) : 0;

	if (!f || strcmp(f, "-") == 0)
		return layout == NULL;
	return n >= 4 && strcasecmp(f + n - 4, ".xml") == 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* One XML file into DIR/its name, or to out. */
static int run_xml(struct kaigo_pseudo *ps, const char *file, const char *dir, const char *outpath,
		   struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st)
{
	char path[PATH_MAX];
	struct kaigo_output out;
	unsigned long errors;
	int rc;

	if (dir)
		snprintf(path, sizeof(path), "%s/%s", dir, base_name(file));
	if (kaigo_output_open(&out, dir ? path : outpath, sink) < 0)
		return -1;
	errors = sink->errors;
	rc = kaigo_pseudo_xml(ps, file, &out, sink, st);
	if (rc < 0 || out.epipe) {
		kaigo_output_abort(&out);
		return out.epipe ? 0 : rc;
	}
	if (sink->errors != errors && (dir || outpath)) {
		/* a --check finding: the output still holds personal data */
		kaigo_output_abort(&out);
		return 0;
	}
	if (kaigo_output_commit(&out, sink) < 0)
		return -1;
	st->files += dir != NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	const char *keyfile = NULL, *layout_spec = NULL, *dir = NULL, *outpath = NULL;
	struct kaigo_pseudo_opts o = { 0, 0, 0, 1 };
	struct kaigo_pseudo_stats st = { 0, 0, 0, 0, 0 };
	struct kaigo_catalog cat;
	struct kaigo_layout *layout = NULL;
	struct kaigo_pseudo *ps = NULL;
	char *stdin_only[] = { "-", NULL }, **files, *end;
	size_t nfiles, i, ncsv = 0, nxml = 0;
	struct stat sb;
	int c, cs, quiet = 0, why, rc = 0, status = KAIGO_EXIT_OK;

	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_KEY:
			keyfile = optarg;
			break;
		case 'l':
			layout_spec = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_KEEP:
			o.insured_keep = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o.insured_keep < 0 || o.insured_keep > 8)
				return kaigo_cli_usage_error(&cli, "--keep-insured-digits wants 0 to 8, not '%s'", optarg);
			break;
		case OPT_OFFICES:
			o.offices = 1;
			break;
		case OPT_CHECK:
			o.check = 1;
			break;
		case OPT_NO_DETECT:
			o.detect = 0;
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
	if (!keyfile)
		return kaigo_cli_usage_error(&cli, "--key-file is required (the key is never given on the command line)");
	if (dir && outpath)
		return kaigo_cli_usage_error(&cli, "give -d or -o, not both");
	if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return kaigo_cli_usage_error(&cli, "'%s' is not a directory", dir);
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? (size_t)(argc - optind) : 1;
	for (i = 0; i < nfiles; i++) {
		if (dir && strcmp(files[i], "-") == 0)
			return kaigo_cli_usage_error(&cli, "-d names outputs after their inputs; standard input has no name");
		if (is_xml(files[i], layout_spec))
			nxml++;
		else
			ncsv++;
	}
	if (!dir && nxml > 1)
		return kaigo_cli_usage_error(&cli, "several XML files need -d DIR (one document per file)");
	if (!dir && nxml && ncsv)
		return kaigo_cli_usage_error(&cli, "XML and CSV files together need -d DIR");
	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return KAIGO_EXIT_LOAD;
	if (!(ps = kaigo_pseudo_new(&cat, keyfile, &o, &sink, &why))) {
		kaigo_catalog_release(&cat);
		return why == 3 ? KAIGO_EXIT_IO : why == 4 ? KAIGO_EXIT_LOAD : KAIGO_EXIT_INTERNAL;
	}
	if (layout_spec && !(layout = kaigo_layout_load(&cat, layout_spec, &sink)))
		rc = -2;
	for (i = 0; i < nfiles && rc == 0; i++)
		if (is_xml(files[i], layout_spec))
			rc = run_xml(ps, files[i], dir, outpath, &sink, &st);
	if (rc == 0 && ncsv) {
		char **csv = calloc(ncsv, sizeof(*csv));
		size_t k = 0;
		struct kaigo_output out;

		for (i = 0; csv && i < nfiles; i++)
			if (!is_xml(files[i], layout_spec))
				csv[k++] = files[i];
		if (!csv) {
			rc = -1;
		} else if (dir) {
			rc = kaigo_pseudo_csv(ps, layout, csv, ncsv, dir, NULL, &sink, &st);
		} else if (kaigo_output_open(&out, outpath, &sink) < 0) {
			rc = -1;
		} else {
			unsigned long errors = sink.errors;

			rc = kaigo_pseudo_csv(ps, layout, csv, ncsv, NULL, &out, &sink, &st);
			/* with -o, nothing rather than a file with a record missing or a value left */
			if (rc < 0 || out.epipe || (outpath && sink.errors != errors))
				kaigo_output_abort(&out);
			else if (kaigo_output_commit(&out, &sink) < 0)
				rc = -1;
			if (out.epipe)
				rc = 0;
		}
		free(csv);
	}
	status = rc == -2 ? KAIGO_EXIT_LOAD : rc < 0 ? KAIGO_EXIT_IO : KAIGO_EXIT_OK;
	if (!quiet && status == KAIGO_EXIT_OK)
		fprintf(stderr, "%s: records %lu; values replaced %lu, in free text %lu%s", cli.tool, st.records,
			st.values, st.freetext, dir ? "" : "\n");
	if (!quiet && status == KAIGO_EXIT_OK && dir)
		fprintf(stderr, "; files %lu\n", st.files);
	if (!quiet && status == KAIGO_EXIT_OK && o.check)
		fprintf(stderr, "%s: check: %lu personal value%s of the input left in the output\n", cli.tool, st.leaks,
			st.leaks == 1 ? "" : "s");
	if (status == KAIGO_EXIT_OK && (st.leaks || sink.errors))
		status = KAIGO_EXIT_DATA;
	kaigo_layout_free(layout);
	kaigo_pseudo_free(ps);
	kaigo_catalog_release(&cat);
	return status;
}
