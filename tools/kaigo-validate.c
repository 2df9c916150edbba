/*
 * kaigo-validate - check care-plan and evaluation XML: well-formedness with
 * the safe parser, the XSD of the document type, record by record.
 *
 * The report (one finding per line, GNU text or JSON Lines) goes to
 * standard output or -o FILE; the summary and problems reading the inputs
 * go to standard error.  With -j N the inputs are shared among N worker
 * processes and their reports are printed in input order.  See
 * kaigo-validate(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kaigo/catalog.h"
#include "kaigo/cli.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/validate.h"

enum { OPT_FORMAT = 256, OPT_MAXERR };

static const struct kaigo_cli_option options[] = {
	{ "schema", 's', "FILE", "validate against FILE instead of the bundled schema of the type" },
	{ "format", OPT_FORMAT, "FMT", "report as text (default) or jsonl" },
	{ "output", 'o', "FILE", "write the report to FILE atomically instead of standard output" },
	{ "max-errors", OPT_MAXERR, "N", "stop reading a file after N errors" },
	{ "jobs", 'j', "N", "validate the files with N worker processes" },
	{ "quiet", 'q', NULL, "no summary line" },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-validate", "[OPTION]... [FILE]...",
	"Validate kaigo XML documents (CarePlan, EvaluationResult, FamilySurvey,\n"
	"EvaluationBody, single or collections) against their schemas, streaming.",
	"With no FILE, or when FILE is -, read standard input.  The document type\n"
	"comes from the root element and its namespace (schemas/index.xml).\n",
	options, { { 0 } }, { 0 }
};

/* Counts one worker (or the whole run) reports. */
struct totals {
	unsigned long files, records, errors, warnings;
	int worst;          /* the exit status so far */
};

static int worse(int a, int b)
{
	static const int rank[] = { 0, 1, 2, 4, 5, 3 }; /* 0 < 1 < 3 < 4 < 5 */

	return rank[b] > rank[a] ? b : a;
}

/* Validate files[from..to) writing the report to out; fills t. */
static void validate_range(struct kaigo_validator *v, char **files, int from, int to,
			   struct kaigo_diag_sink *sink, struct totals *t)
{
	struct kaigo_validate_stats st = { 0, 0 };
	int i;

	for (i = from; i < to; i++) {
		struct kaigo_input in;
		enum kaigo_validate_result res;

		if (kaigo_input_open(&in, files[i], sink) < 0) {
			t->worst = worse(t->worst, KAIGO_EXIT_IO);
			continue;
		}
		res = kaigo_validator_run(v, &in, &st);
		kaigo_input_close(&in);
		if (res == KAIGO_VALIDATE_UNREADABLE)
			t->worst = worse(t->worst, KAIGO_EXIT_IO);
		else if (res == KAIGO_VALIDATE_NO_SCHEMA)
			t->worst = worse(t->worst, KAIGO_EXIT_LOAD);
	}
	t->files += st.files;
	t->records += st.records;
}

/*
 * -j N: fork N workers, each validating a contiguous share of the files
 * into an unlinked temporary file; print the shares in order.
 */
static int run_parallel(struct kaigo_validator *v, char **files, int nfiles, int jobs, int jsonl,
			struct kaigo_output *out, struct kaigo_diag_sink *errsink, struct totals *t)
{
	FILE **rep = calloc((size_t)jobs, sizeof(*rep));
	FILE **tot = calloc((size_t)jobs, sizeof(*tot));
	pid_t *pid = calloc((size_t)jobs, sizeof(*pid));
	int k;

	if (!rep || !tot || !pid)
		return -1;
	fflush(stderr);
	for (k = 0; k < jobs; k++) {
		int from = (int)((long)nfiles * k / jobs), to = (int)((long)nfiles * (k + 1) / jobs);

		rep[k] = tmpfile();
		tot[k] = tmpfile();
		if (!rep[k] || !tot[k])
			return -1;
		pid[k] = fork();
		if (pid[k] < 0)
			return -1;
		if (pid[k] == 0) {
			struct kaigo_diag_printer p = { rep[k], jsonl, 0, 0 };
			struct kaigo_diag_sink sink = { kaigo_diag_print, &p, 0, 0 };
			struct totals mine = { 0, 0, 0, 0, 0 };

			validate_range(v, files, from, to, &sink, &mine);
			fprintf(tot[k], "%lu %lu %lu %lu %d\n", mine.files, mine.records, sink.errors,
				sink.warnings, mine.worst);
			fflush(rep[k]);
			fflush(tot[k]);
			_exit(ferror(rep[k]) || ferror(tot[k]) ? KAIGO_EXIT_IO : 0);
		}
	}
	for (k = 0; k < jobs; k++) {
		int status = 0;
		char buf[65536];
		size_t n;
		struct totals w = { 0, 0, 0, 0, 0 };

		waitpid(pid[k], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			t->worst = worse(t->worst, WIFEXITED(status) ? WEXITSTATUS(status) : KAIGO_EXIT_INTERNAL);
		rewind(rep[k]);
		while ((n = fread(buf, 1, sizeof(buf), rep[k])) > 0)
			kaigo_output_write(out, buf, n, errsink);
		rewind(tot[k]);
		if (fscanf(tot[k], "%lu %lu %lu %lu %d", &w.files, &w.records, &w.errors, &w.warnings,
			   &w.worst) == 5) {
			t->files += w.files;
			t->records += w.records;
			t->errors += w.errors;
			t->warnings += w.warnings;
			t->worst = worse(t->worst, w.worst);
		} else {
			t->worst = worse(t->worst, KAIGO_EXIT_INTERNAL);
		}
		fclose(rep[k]);
		fclose(tot[k]);
	}
	free(rep);
	free(tot);
	free(pid);
	return 0;
}

/* Sink callback that renders into the report output. */
struct report {
	struct kaigo_output *out;     /* where the report goes */
	struct kaigo_diag_sink *errs; /* where write errors go */
	int jsonl;                    /* JSON Lines instead of text */
};

static void to_report(void *ctx, const struct kaigo_diag *d)
{
	struct report *rp = ctx;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	if (rp->jsonl)
		kaigo_diag_write_jsonl(f, d);
	else
		kaigo_diag_write_text(f, d);
	fclose(f);
	kaigo_output_write(rp->out, buf, len, rp->errs);
	free(buf);
}

int main(int argc, char **argv)
{
	const char *schema = NULL, *outpath = NULL;
	int c, jsonl = 0, quiet = 0, jobs = 1, nfiles;
	unsigned long max_errors = 0;
	char *stdin_only[] = { "-" };
	char **files;
	struct kaigo_diag_printer ep = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink errsink = { kaigo_diag_print, &ep, 0, 0 };
	struct kaigo_catalog cat;
	struct kaigo_validator *v;
	struct kaigo_output out;
	struct totals t = { 0, 0, 0, 0, 0 };
	char *end;

	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 's': schema = optarg; break;
		case 'o': outpath = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
				return kaigo_cli_usage_error(&cli, "unknown report format '%s'", optarg);
			jsonl = strcmp(optarg, "jsonl") == 0;
			break;
		case OPT_MAXERR:
			max_errors = strtoul(optarg, &end, 10);
			if (*end || end == optarg || max_errors == 0)
				return kaigo_cli_usage_error(&cli, "bad number '%s'", optarg);
			break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || jobs < 1 || jobs > 256)
				return kaigo_cli_usage_error(&cli, "bad number of jobs '%s'", optarg);
			break;
		case KAIGO_CLI_HELP:
			kaigo_cli_help(&cli, stdout);
			return KAIGO_EXIT_OK;
		case KAIGO_CLI_VERSION:
			kaigo_cli_version(&cli, stdout);
			return KAIGO_EXIT_OK;
		default:
			return KAIGO_EXIT_USAGE;
		}
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	if (jobs > nfiles)
		jobs = nfiles;

	if (kaigo_catalog_load(&cat, argv[0], &errsink) < 0)
		return KAIGO_EXIT_LOAD;
	v = kaigo_validator_new(&cat, schema, &errsink);
	if (!v) {
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_INTERNAL;
	}
	kaigo_validator_set_max_errors(v, max_errors);
	if (kaigo_output_open(&out, outpath, &errsink) < 0) {
		kaigo_validator_free(v);
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_IO;
	}
	if (jobs > 1) {
		if (run_parallel(v, files, nfiles, jobs, jsonl, &out, &errsink, &t) < 0)
			t.worst = worse(t.worst, KAIGO_EXIT_INTERNAL);
	} else {
		struct report rp = { &out, &errsink, jsonl };
		struct kaigo_diag_sink sink = { to_report, &rp, 0, 0 };

		/* the validator reports schema-load problems to errsink, findings to sink */
		kaigo_validator_free(v);
		v = kaigo_validator_new(&cat, schema, &sink);
		if (!v)
			return KAIGO_EXIT_INTERNAL;
		kaigo_validator_set_max_errors(v, max_errors);
		validate_range(v, files, 0, nfiles, &errsink, &t);
		t.errors = sink.errors;
		t.warnings = sink.warnings;
	}
	if (kaigo_output_commit(&out, &errsink) < 0)
		t.worst = worse(t.worst, KAIGO_EXIT_IO);
	if (out.epipe)
		t.worst = worse(t.worst, KAIGO_EXIT_IO);
	if (t.errors)
		t.worst = worse(t.worst, KAIGO_EXIT_DATA);
	if (!quiet)
		fprintf(stderr, "%s: %lu file%s, %lu record%s, %lu error%s, %lu warning%s\n", cli.tool,
			t.files, t.files == 1 ? "" : "s", t.records, t.records == 1 ? "" : "s",
			t.errors, t.errors == 1 ? "" : "s", t.warnings, t.warnings == 1 ? "" : "s");
	kaigo_validator_free(v);
	kaigo_catalog_release(&cat);
	return t.worst;
}
