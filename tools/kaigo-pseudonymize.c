/*
 * kaigo-pseudonymize - realistic test data from production data: every
 * personal value replaced by a keyed, consistent, format-preserving
 * pseudonym, in kaigo XML and in CSV through the layouts.  The work is
 * done by lib/pseudo*.c; -j forks here.  See kaigo-pseudonymize(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/pseudo.h"
#include "kaigo/split.h"

enum { OPT_KEY = 256, OPT_KEEP, OPT_OFFICES, OPT_CHECK, OPT_NO_DETECT, OPT_MUNI, OPT_BAND };

static const struct kaigo_cli_option options[] = {
	{ "key-file", OPT_KEY, "FILE", N_("the secret key (16 bytes or more; not readable by others)") },
	{ "layout", 'l', "NAME|FILE", N_("CSV through this layout (default: from standard file names)") },
	{ "directory", 'd', "DIR", N_("write each FILE into DIR under its own name") },
	{ "output", 'o', "FILE", N_("write to FILE atomically instead of standard output") },
	{ "keep-insured-digits", OPT_KEEP, "N", N_("keep the first N characters of a 被保険者番号 (0-8; default 0)") },
	{ "birth-band", OPT_BAND, "YEARS", N_("move birth dates within bands of YEARS years (1-10; default 1: the year)") },
	{ "offices", OPT_OFFICES, NULL, N_("also replace 事業所番号 (file names keep theirs)") },
	{ "replace-municipality", OPT_MUNI, NULL, N_("also replace prefecture and municipality (and postal areas)") },
	{ "check", OPT_CHECK, NULL, N_("fail (exit 1) if a personal value of the input is still in the output") },
	{ "no-detect", OPT_NO_DETECT, NULL, N_("do not search free text with the privacy detector") },
	{ "jobs", 'j', "N", N_("cut each large XML collection into N parts, or write CSV files into -d DIR, by N processes") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-pseudonymize", "--key-file FILE [-l LAYOUT] [-d DIR | -o FILE] [OPTION]... [FILE]...",
	N_("Replace every personal value by a keyed, consistent, format-preserving pseudonym."),
	N_("FILE ending in .xml is kaigo XML, any other CSV (through --layout, or the layout\n"
	"its standard name names); standard input (no FILE, or -) is CSV with --layout.\n"
	"The same key gives the same pseudonym for a value in every file and run.\n"),
	options, { { 0 } }, { 0 }
};

/* .xml is XML; standard input is XML unless a layout is given */
static int is_xml(const char *f, const char *layout)
{
	size_t n = strlen(f);

	return strcmp(f, "-") == 0 ? layout == NULL : n >= 4 && strcasecmp(f + n - 4, ".xml") == 0;
}

/* A worker reads its part from standard input: its messages name the file. */
static struct kaigo_diag_sink *relabel_sink;
static const char *relabel_name;

static void relabel_emit(void *ctx, const struct kaigo_diag *d)
{
	struct kaigo_diag c = *d;

	if (c.file && strcmp(c.file, "-") == 0)
		c.file = relabel_name;
	kaigo_diag_emit(relabel_sink, &c);
}

/* A worker's totals (its status, counts and errors) into tot. */
static int put_totals(FILE *tot, int rc, const struct kaigo_pseudo_stats *st, unsigned long errors)
{
	fprintf(tot, "%d %lu %lu %lu %lu %lu\n", rc, st->records, st->values, st->freetext, st->leaks, errors);
	return fflush(tot) == 0 ? 0 : KAIGO_EXIT_IO;
}

/* Worker pid's totals from tot, added to st and sink; its status, -1 when it failed. */
static int add_totals(pid_t pid, FILE *tot, struct kaigo_pseudo_stats *st, struct kaigo_diag_sink *sink)
{
	int status = 0, r = -1;
	unsigned long e[5] = { 0, 0, 0, 0, 0 };

	waitpid(pid, &status, 0);
	rewind(tot);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    fscanf(tot, "%d %lu %lu %lu %lu %lu", &r, &e[0], &e[1], &e[2], &e[3], &e[4]) != 6)
		r = -1;
	st->records += e[0];
	st->values += e[1];
	st->freetext += e[2];
	st->leaks += e[3];
	sink->errors += e[4];
	return r;
}

/* Worker k of -j: part k of file (prelude + its bytes + postlude) on standard input, its output to outf. */
static int worker(struct kaigo_pseudo *ps, const char *file, const struct kaigo_split_plan *plan, size_t k,
		  FILE *in, FILE *outf, FILE *tot, struct kaigo_diag_sink *sink)
{
	struct kaigo_diag_sink rs = { relabel_emit, NULL, 0, 0 };
	struct kaigo_pseudo_stats st = { 0, 0, 0, 0, 0 };
	struct kaigo_output out;
	size_t prelen, postlen, n;
	char *pre = kaigo_split_prelude(file, plan, k, &prelen), *post = kaigo_split_postlude(plan, k, &postlen);
	long long left = plan->parts[k].end - plan->parts[k].start;
	FILE *f = fopen(file, "rb");
	char buf[65536];
	int rc = -1;

	relabel_sink = sink;
	relabel_name = file;
	if (pre && post && f && fseeko(f, plan->parts[k].start, SEEK_SET) == 0 && fwrite(pre, 1, prelen, in) == prelen) {
		while (left > 0 && (n = fread(buf, 1, left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf), f)) > 0) {
			fwrite(buf, 1, n, in);
			left -= (long long)n;
		}
		if (fwrite(post, 1, postlen, in) == postlen && fflush(in) == 0 && left == 0 && fseek(in, 0, SEEK_SET) == 0 &&
		    dup2(fileno(in), 0) == 0 && dup2(fileno(outf), 1) == 1 && kaigo_output_open(&out, NULL, &rs) == 0) {
			rc = kaigo_pseudo_xml_part(ps, "-", file, k == 0, k + 1 == plan->nparts, &out, &rs, &st);
			if (kaigo_output_commit(&out, &rs) < 0 && rc == 0)
				rc = -1;
		}
	}
	return put_totals(tot, rc, &st, rs.errors);
}

/* One XML file into *out, opened on DIR/its name (path, alive until the caller
   commits) or outpath; with -j, cut into parts done by forked workers. */
static int run_xml(struct kaigo_pseudo *ps, const char *file, const char *dir, const char *outpath, int jobs,
		   char *path, struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st)
{
	static struct kaigo_split_plan plan;
	FILE *in[KAIGO_SPLIT_MAX], *outf[KAIGO_SPLIT_MAX], *tot[KAIGO_SPLIT_MAX];
	pid_t pid[KAIGO_SPLIT_MAX];
	char buf[65536];
	size_t k, parts = jobs > 1 && strcmp(file, "-") != 0 ? kaigo_split_plan(file, (size_t)jobs, 4 << 20, &plan) : 1;
	int rc = 0;

	if (dir)
		snprintf(path, PATH_MAX, "%s/%s", dir, strrchr(file, '/') ? strrchr(file, '/') + 1 : file);
	if (kaigo_output_open(out, dir ? path : outpath, sink) < 0)
		return -1;
	if (parts <= 1)
		rc = kaigo_pseudo_xml(ps, file, out, sink, st);
	for (k = 0; parts > 1 && k < parts; k++) {
		in[k] = tmpfile();
		outf[k] = tmpfile();
		tot[k] = tmpfile();
		if (!in[k] || !outf[k] || !tot[k] || (pid[k] = fork()) < 0)
			return -1;
		if (pid[k] == 0)
			_exit(worker(ps, file, &plan, k, in[k], outf[k], tot[k], sink));
	}
	for (k = 0; parts > 1 && k < parts; k++) {
		int r = add_totals(pid[k], tot[k], st, sink);
		size_t n;

		rewind(outf[k]);
		while (r == 0 && rc == 0 && (n = fread(buf, 1, sizeof(buf), outf[k])) > 0)
			r = kaigo_output_write(out, buf, n, sink);
		rc = rc ? rc : r;
		fclose(in[k]);
		fclose(outf[k]);
		fclose(tot[k]);
	}
	return out->epipe ? 0 : rc;
}

/*
 * CSV files into DIR: the persons' values and what the detector finds are
 * gathered here, then the files are written by up to jobs forked workers
 * (file i by worker i mod jobs), and committed here, all or none.
 */
static int run_csv(struct kaigo_pseudo *ps, struct kaigo_layout *layout, char **csv, size_t n, const char *dir, int jobs,
		   struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st)
{
	FILE *tot[KAIGO_SPLIT_MAX];
	pid_t pid[KAIGO_SPLIT_MAX];
	int rc;
	struct kaigo_pseudo_csv_run *run = kaigo_pseudo_csv_begin(ps, layout, csv, n, dir, NULL, sink, st, &rc);
	size_t w = (size_t)jobs < n ? (size_t)jobs : n, k, i;

	if (!run || rc != 0 || w < 2) {
		for (i = 0; run && rc == 0 && i < n; i++)
			rc = kaigo_pseudo_csv_file(run, i, sink, st);
		return kaigo_pseudo_csv_end(run, rc, sink, st);
	}
	fflush(NULL);
	for (k = 0; k < w; k++) {
		if (!(tot[k] = tmpfile()) || (pid[k] = fork()) < 0) {
			/* the workers started finish; nothing is committed */
			if (tot[k])
				fclose(tot[k]);
			for (i = 0; i < k; i++) {
				waitpid(pid[i], NULL, 0);
				fclose(tot[i]);
			}
			return kaigo_pseudo_csv_end(run, -1, sink, st);
		}
		if (pid[k] == 0) {
			struct kaigo_pseudo_stats ws = { 0, 0, 0, 0, 0 };
			unsigned long e0 = sink->errors;
			int r = 0;

			for (i = k; i < n && r == 0; i += w)
				r = kaigo_pseudo_csv_file(run, i, sink, &ws);
			_exit(put_totals(tot[k], r, &ws, sink->errors - e0));
		}
	}
	for (k = 0; k < w; k++) {
		int r = add_totals(pid[k], tot[k], st, sink);

		rc = rc ? rc : r;
		fclose(tot[k]);
	}
	return kaigo_pseudo_csv_end(run, rc, sink, st);
}

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	const char *keyfile = NULL, *layout_spec = NULL, *dir = NULL, *outpath = NULL;
	struct kaigo_pseudo_opts o = { 0, 0, 0, 1, 0, 1 };
	struct kaigo_pseudo_stats st = { 0, 0, 0, 0, 0 };
	struct kaigo_catalog cat;
	struct kaigo_layout *layout = NULL;
	struct kaigo_pseudo *ps = NULL;
	char *stdin_only[] = { "-", NULL }, **files, *end, fl[32];
	size_t nfiles, i, ncsv = 0, nxml = 0, nxo = 0;
	struct kaigo_output *xo = NULL;
	char (*xpath)[PATH_MAX] = NULL;
	struct stat sb;
	int c, cs, quiet = 0, why, rc = 0, status = KAIGO_EXIT_OK, jobs = 1;

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
		case OPT_BAND:
			o.birth_band = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o.birth_band < 1 || o.birth_band > 10)
				return kaigo_cli_usage_error(&cli, "--birth-band wants 1 to 10 years, not '%s'", optarg);
			break;
		case OPT_OFFICES: /* the four switches */
		case OPT_CHECK:
		case OPT_MUNI:
		case OPT_NO_DETECT:
			*(c == OPT_OFFICES ? &o.offices : c == OPT_CHECK ? &o.check : c == OPT_MUNI ? &o.replace_municipality
											 : &o.detect) = c != OPT_NO_DETECT;
			break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || jobs < 1 || jobs > KAIGO_SPLIT_MAX)
				return kaigo_cli_usage_error(&cli, "bad number of jobs '%s'", optarg);
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
	xo = calloc(nxml ? nxml : 1, sizeof(*xo));
	xpath = calloc(nxml ? nxml : 1, sizeof(*xpath));
	for (i = 0; i < nfiles && rc == 0 && xo && xpath; i++)
		if (is_xml(files[i], layout_spec) && ++nxo)
			rc = run_xml(ps, files[i], dir, outpath, jobs, xpath[nxo - 1], &xo[nxo - 1], &sink, &st);
	if (rc == 0 && ncsv && !(dir && sink.errors)) {
		char **csv = calloc(ncsv, sizeof(*csv));
		size_t k = 0;
		struct kaigo_output out;

		for (i = 0; csv && i < nfiles; i++)
			if (!is_xml(files[i], layout_spec))
				csv[k++] = files[i];
		if (!csv) {
			rc = -1;
		} else if (dir) {
			rc = run_csv(ps, layout, csv, ncsv, dir, jobs, &sink, &st);
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
	for (i = 0; i < nxo; i++) {
		/* -o and -d: all or nothing, and nothing that may still hold personal data */
		if (rc < 0 || xo[i].epipe || ((dir || outpath) && sink.errors))
			kaigo_output_abort(&xo[i]);
		else if (kaigo_output_commit(&xo[i], &sink) < 0)
			rc = -1;
		else
			st.files += dir != NULL;
	}
	free(xo);
	free(xpath);
	status = rc == -2 ? KAIGO_EXIT_LOAD : rc < 0 ? KAIGO_EXIT_IO : KAIGO_EXIT_OK;
	snprintf(fl, sizeof(fl), _("; files %lu"), st.files);
	if (!quiet && status == KAIGO_EXIT_OK)
		fprintf(stderr, _("%s: records %lu; values replaced %lu, in free text %lu%s\n"), cli.tool, st.records,
			st.values, st.freetext, dir ? fl : "");
	if (!quiet && status == KAIGO_EXIT_OK && o.check)
		fprintf(stderr, _("%s: check: %lu personal value%s of the input left in the output\n"), cli.tool,
			st.leaks, st.leaks == 1 ? "" : "s");
	if (status == KAIGO_EXIT_OK && (st.leaks || sink.errors))
		status = KAIGO_EXIT_DATA;
	kaigo_layout_free(layout);
	kaigo_pseudo_free(ps);
	kaigo_catalog_release(&cat);
	return status;
}
