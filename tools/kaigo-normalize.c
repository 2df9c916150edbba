/*
 * kaigo-normalize - normalize Japanese text in lines, CSV fields or XML.
 *
 * Options, input/output and the exit status live here; the work is done by
 * lib/norm.c (profiles), lib/codec.c (encodings) and lib/normfile.c (the
 * text, CSV and XML drivers).  See kaigo-normalize(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/codec.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/norm.h"
#include "kaigo/normfile.h"

enum {
	OPT_FIELD = 256, OPT_CSV, OPT_XML, OPT_HEADER, OPT_RULES
};

static const struct kaigo_cli_option options[] = {
	{ "profile", 'p', "NAME", N_("jp (default), nfkc, name, kana, digits, date, phone, postal, none") },
	{ "field", OPT_FIELD, "TYPE", N_("each line is one value: name, kana, digits, date, phone, postal") },
	{ "csv", OPT_CSV, NULL, N_("read CSV; normalize the fields of the columns given with -c") },
	{ "column", 'c', "SPEC", N_("CSV columns N, N-M or N- with an optional =PROFILE (repeatable)") },
	{ "header", OPT_HEADER, NULL, N_("CSV: leave the first record unchanged") },
	{ "xml", OPT_XML, NULL, N_("read XML; normalize text and attribute values only") },
	{ "from", 'f', "ENC", N_("input encoding: utf-8 (default), cp932, shift_jis, euc-jp") },
	{ "to", 't', "ENC", N_("output encoding: utf-8 (default), cp932, shift_jis, euc-jp") },
	{ "output", 'o', "FILE", N_("write to FILE atomically instead of standard output") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "quiet", 'q', NULL, N_("do not show warnings") },
	{ "show-rules", OPT_RULES, NULL, N_("print the ICU rules that define the profile and exit") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-normalize", "[OPTION]... [FILE]...",
	N_("Normalize Japanese text: widths, kana, spaces, dashes, dates, encodings."),
	N_("With no FILE, or when FILE is -, read standard input.  In text mode every\n"
	"input line gives exactly one output line; a line that cannot be normalized\n"
	"is written unchanged and reported.\n"),
	options, { { 0 } }, { 0 }
};

/* Diagnostics sink callback that can hide warnings. */
struct printer {
	struct kaigo_diag_printer p; /* the rendering */
	int quiet;                   /* hide warnings */
};

static void print_diag(void *ctx, const struct kaigo_diag *d)
{
	struct printer *pr = ctx;

	if (pr->quiet && d->severity != KAIGO_SEV_ERROR)
		return;
	kaigo_diag_print(&pr->p, d);
}

#define MAXCOLS 64

/* Parse "N", "N-M", "N-" with an optional "=PROFILE". */
static int parse_column(const char *spec, struct kaigo_normcol *c, enum kaigo_norm_profile *p,
			int *has_profile)
{
	char *end;
	const char *eq = strchr(spec, '=');

	*has_profile = 0;
	c->first = strtoul(spec, &end, 10);
	if (end == spec || c->first == 0)
		return -1;
	c->last = c->first;
	if (*end == '-') {
		const char *m = end + 1;

		if (*m == '\0' || *m == '=') {
			c->last = ULONG_MAX;
			end = (char *)m;
		} else {
			c->last = strtoul(m, &end, 10);
			if (end == m || c->last < c->first)
				return -1;
		}
	}
	if (eq) {
		if (end != eq || kaigo_norm_profile_parse(eq + 1, p) < 0)
			return -1;
		*has_profile = 1;
	} else if (*end) {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum kaigo_norm_profile profile = KAIGO_NORM_JP, colprof[MAXCOLS];
	enum kaigo_enc from = KAIGO_ENC_UTF8, to = KAIGO_ENC_UTF8;
	struct kaigo_normcol cols[MAXCOLS];
	int colhas[MAXCOLS];
	size_t ncols = 0, i;
	int csv = 0, xml = 0, header = 0, show_rules = 0, c, status = KAIGO_EXIT_OK, io_failed = 0, cs;
	const char *outpath = NULL, *from_name = NULL;
	struct printer pr = { { stderr, 0, 0, 0 }, 0 };
	struct kaigo_diag_sink sink = { print_diag, &pr, 0, 0 };
	struct kaigo_normrun run;
	struct kaigo_output out;
	struct kaigo_norm *nz = NULL, *colnz[MAXCOLS] = { NULL };
	struct kaigo_codec *fromc = NULL, *toc = NULL;
	char err[200];

	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'p':
		case OPT_FIELD:
			if (kaigo_norm_profile_parse(optarg, &profile) < 0 ||
			    (c == OPT_FIELD && (profile == KAIGO_NORM_JP || profile == KAIGO_NORM_NFKC ||
						profile == KAIGO_NORM_NONE)))
				return kaigo_cli_usage_error(&cli, "unknown %s '%s'",
							     c == 'p' ? _("profile") : _("field type"), optarg);
			break;
		case OPT_CSV: csv = 1; break;
		case OPT_XML: xml = 1; break;
		case OPT_HEADER: header = 1; break;
		case OPT_RULES: show_rules = 1; break;
		case 'q': pr.quiet = 1; break;
		case 'o': outpath = optarg; break;
		case 'c':
			if (ncols == MAXCOLS)
				return kaigo_cli_usage_error(&cli, "too many -c options (at most %d)", MAXCOLS);
			if (parse_column(optarg, &cols[ncols], &colprof[ncols], &colhas[ncols]) < 0)
				return kaigo_cli_usage_error(&cli, "bad column spec '%s' (want N, N-M or N- "
							     "with optional =PROFILE)", optarg);
			ncols++;
			break;
		case 'f':
		case 't':
			if (kaigo_codec_parse(optarg, c == 'f' ? &from : &to) < 0)
				return kaigo_cli_usage_error(&cli, "unknown encoding '%s'", optarg);
			if (c == 'f')
				from_name = optarg;
			break;
		default:
			if ((cs = kaigo_cli_common(&cli, c, optarg, &pr.p)) >= 0)
				return cs;
			break;
		}
	}
	if (csv && xml)
		return kaigo_cli_usage_error(&cli, "--csv and --xml cannot be combined");
	if ((ncols || header) && !csv)
		return kaigo_cli_usage_error(&cli, "-c and --header need --csv");
	if (xml && to != KAIGO_ENC_UTF8)
		return kaigo_cli_usage_error(&cli, "--xml writes UTF-8 only");
	if (show_rules) {
		const char *r = kaigo_norm_rules(profile);

		printf("%s", r ? r : _("# this profile has no transliterator: see kaigo-normalize(1)\n"));
		return KAIGO_EXIT_OK;
	}

	nz = kaigo_norm_new(profile, err, sizeof(err));
	if (!nz) {
		fprintf(stderr, _("%s: cannot build profile '%s': %s\n"), cli.tool,
			kaigo_norm_profile_name(profile), err);
		return KAIGO_EXIT_INTERNAL;
	}
	for (i = 0; i < ncols; i++) {
		if (!colhas[i]) {
			cols[i].nz = nz;
			continue;
		}
		colnz[i] = kaigo_norm_new(colprof[i], err, sizeof(err));
		if (!colnz[i]) {
			fprintf(stderr, _("%s: cannot build profile: %s\n"), cli.tool, err);
			status = KAIGO_EXIT_INTERNAL;
			goto done;
		}
		cols[i].nz = colnz[i];
	}
	if ((from != KAIGO_ENC_UTF8 && !(fromc = kaigo_codec_new(from, err, sizeof(err)))) ||
	    (to != KAIGO_ENC_UTF8 && !(toc = kaigo_codec_new(to, err, sizeof(err))))) {
		fprintf(stderr, "%s: %s\n", cli.tool, err);
		status = KAIGO_EXIT_INTERNAL;
		goto done;
	}

	memset(&run, 0, sizeof(run));
	run.nz = nz;
	run.from = fromc;
	run.to = toc;
	run.from_name = from != KAIGO_ENC_UTF8 ? (from == KAIGO_ENC_CP932 ? "windows-31j" : from_name) : NULL;
	run.cols = cols;
	run.ncols = ncols;
	run.header = header;
	run.sink = &sink;
	run.out = &out;
	if (kaigo_output_open(&out, outpath, &sink) < 0) {
		status = KAIGO_EXIT_IO;
		goto done;
	}
	for (i = (size_t)optind; i < (size_t)argc || i == (size_t)optind; i++) {
		struct kaigo_input in;
		const char *path = i < (size_t)argc ? argv[i] : "-";
		int rc;

		if (kaigo_input_open(&in, path, &sink) < 0) {
			io_failed = 1;
			continue;
		}
		rc = csv ? kaigo_normrun_csv(&run, &in) : xml ? kaigo_normrun_xml(&run, &in)
			 : kaigo_normrun_text(&run, &in);
		kaigo_input_close(&in);
		if (rc < 0) {
			io_failed = 1;
			if (out.failed)
				break;
		}
		if (i + 1 >= (size_t)argc)
			break;
	}
	if (io_failed) {
		kaigo_output_abort(&out);
		status = KAIGO_EXIT_IO;
	} else if (kaigo_output_commit(&out, &sink) < 0) {
		status = KAIGO_EXIT_IO;
	} else if (sink.errors) {
		status = KAIGO_EXIT_DATA;
	}
	if (pr.p.max_shown && pr.p.shown < sink.errors + sink.warnings)
		fprintf(stderr, _("%s: errors: %lu, warnings: %lu, shown: %lu\n"), cli.tool, sink.errors,
			sink.warnings, pr.p.shown);
	kaigo_normrun_release(&run);
done:
	kaigo_codec_free(fromc);
	kaigo_codec_free(toc);
	for (i = 0; i < ncols; i++)
		kaigo_norm_free(colnz[i]);
	kaigo_norm_free(nz);
	return status;
}
