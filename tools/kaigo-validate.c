/*
 * kaigo-validate - check care-plan and evaluation XML: well-formedness with
 * the safe parser, the XSD of the document type, then the Schematron
 * business rules, record by record.
 *
 * The report (GNU text, JSON Lines or SVRL) goes to standard output or -o
 * FILE; the summary and problems reading inputs go to standard error.
 * With -j N the inputs are shared among N worker processes and their
 * reports are printed in input order.  See kaigo-validate(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kaigo/asof.h"
#include "kaigo/catalog.h"
#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/io.h"
#include "kaigo/report.h"
#include "kaigo/rulebook.h"
#include "kaigo/sch.h"
#include "kaigo/split.h"
#include "kaigo/validate.h"

enum { OPT_FORMAT = 256, OPT_MAXERR, OPT_RULES, OPT_PHASE, OPT_PARAM, OPT_ASOF, OPT_PART,
       OPT_LIST_TYPES, OPT_LIST_RULES, OPT_LIST_PHASES, OPT_EXPLAIN };

static const struct kaigo_cli_option options[] = {
	{ "schema", 's', "FILE", N_("validate against FILE instead of the bundled schema; 'none': no XSD") },
	{ "rules", OPT_RULES, "FILE", N_("also check the Schematron rules in FILE; 'none': skip the bundled rules") },
	{ "phase", OPT_PHASE, "NAME", N_("run only the patterns of this Schematron phase") },
	{ "param", OPT_PARAM, "NAME=VALUE", N_("set a rule parameter (a schema-level sch:let)") },
	{ "as-of", OPT_ASOF, "DATE", N_("judge deadlines as of DATE (YYYY-MM-DD or 和暦; default $KAIGO_AS_OF, else today in Japan)") },
	{ "format", OPT_FORMAT, "FMT", N_("report as text (default), jsonl or svrl") },
	{ "output", 'o', "FILE", N_("write the report to FILE atomically instead of standard output") },
	{ "max-errors", OPT_MAXERR, "N", N_("stop reading a file after N findings (errors, warnings, notes)") },
	{ "jobs", 'j', "N", N_("validate the files with N worker processes") },
	{ "part", OPT_PART, "K/N", N_("validate only part K of N of one file, cut at record boundaries (GNU parallel)") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ "list-types", OPT_LIST_TYPES, NULL, N_("list the document types, their namespaces, schemas and rules, and exit") },
	{ "list-rules", OPT_LIST_RULES, NULL, N_("list the bundled rules (id, severity, type, phases, period, basis) and exit") },
	{ "list-phases", OPT_LIST_PHASES, NULL, N_("list the phases of the bundled rules and exit") },
	{ "explain", OPT_EXPLAIN, "ID", N_("show a rule's message, basis, period, parameters and a failing example") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-validate", "[OPTION]... [FILE]...",
	N_("Validate kaigo XML documents (CarePlan, EvaluationResult, FamilySurvey,\n"
	"EvaluationBody, single or collections): XSD, then the business rules."),
	N_("With no FILE, or when FILE is -, read standard input.  The document type\n"
	"comes from the root element and its namespace (schemas/index.xml).\n"
	"The --list-* and --explain listings are tab-separated text, or JSON Lines\n"
	"with --format=jsonl.\n"),
	options, { { 0 } }, { 0 }
};

#define MAXRULES 16

/* Everything the per-record hook needs. */
struct rules {
	const struct kaigo_catalog *cat;
	struct kaigo_sch **bundled;      /* per catalog type, loaded on first use */
	int *bundled_failed;             /* per type: loading failed */
	int use_bundled;                 /* --rules none clears it */
	struct kaigo_sch *user[MAXRULES]; /* --rules FILE, loaded at start */
	size_t nuser;
	const char *phase;
	struct kaigo_sch_param params[32];
	size_t nparams;
	struct kaigo_report *report;     /* where findings go */
	struct kaigo_diag_sink *errs;    /* load and evaluation problems */
	int load_failed;                 /* a rule set failed to load: exit 4 */
	unsigned long findings;          /* rule findings so far (--max-errors counts them) */
};

/* Count a rule finding, then report it. */
static void count_finding(void *ctx, const struct kaigo_sch_finding *f)
{
	struct rules *ru = ctx;

	ru->findings++;
	kaigo_report_finding(ru->report, f);
}

static void run_rules(void *ctx, const struct kaigo_record *rec)
{
	struct rules *ru = ctx;
	struct kaigo_sch_output out = { count_finding, ru };
	size_t i;

	if (ru->use_bundled && rec->type && rec->type->rules) {
		size_t t = (size_t)(rec->type - ru->cat->types);

		if (!ru->bundled[t] && !ru->bundled_failed[t]) {
			char path[4096];

			kaigo_catalog_path(ru->cat, rec->type->rules, path, sizeof(path));
			if (access(path, R_OK) == 0) {
				ru->bundled[t] = kaigo_sch_load(path, ru->phase, ru->params, ru->nparams, ru->errs);
				ru->bundled_failed[t] = !ru->bundled[t];
				ru->load_failed |= !ru->bundled[t];
			} else {
				ru->bundled_failed[t] = 1; /* no bundled rules for this type */
			}
		}
		if (ru->bundled[t] && kaigo_sch_run(ru->bundled[t], rec, &out, ru->errs) < 0)
			ru->load_failed = 1;
	}
	for (i = 0; i < ru->nuser; i++)
		if (kaigo_sch_run(ru->user[i], rec, &out, ru->errs) < 0)
			ru->load_failed = 1; /* a rule that cannot be evaluated is a broken rule file */
}

/* Counts of one worker (or the whole run). */
struct totals {
	unsigned long files, records, errors, warnings;
	int worst; /* the exit status so far */
};

/* The exit statuses are ordered by gravity: ok < data < usage < io < load < internal. */
static int worse(int a, int b)
{
	return b > a ? b : a;
}

/* What one input's result means for the exit status. */
static void account(struct totals *t, enum kaigo_validate_result res)
{
	if (res == KAIGO_VALIDATE_UNREADABLE)
		t->worst = worse(t->worst, KAIGO_EXIT_IO);
	else if (res == KAIGO_VALIDATE_NO_SCHEMA)
		t->worst = worse(t->worst, KAIGO_EXIT_LOAD);
}

/* Validate files[from..to) into rep; fills t. */
static void validate_range(const struct kaigo_catalog *cat, const char *schema, unsigned long max_errors,
			   struct rules *ru, char **files, int from, int to, struct kaigo_report *rep,
			   struct kaigo_diag_sink *errs, struct totals *t)
{
	struct kaigo_validate_stats st = { 0, 0 };
	/* the rules index each record from the parser's list of its elements */
	struct kaigo_record_hook hook = { run_rules, ru, ru->use_bundled || ru->nuser > 0 };
	struct kaigo_validator *v = kaigo_validator_new(cat, schema, &rep->sink);
	int i;

	if (!v) {
		t->worst = worse(t->worst, KAIGO_EXIT_INTERNAL);
		return;
	}
	ru->report = rep;
	kaigo_validator_set_max_errors(v, max_errors);
	kaigo_validator_count_hook(v, &ru->findings);
	kaigo_validator_set_hook(v, &hook);
	for (i = from; i < to; i++) {
		struct kaigo_input in;
		enum kaigo_validate_result res;

		if (kaigo_input_open(&in, files[i], errs) < 0) {
			t->worst = worse(t->worst, KAIGO_EXIT_IO);
			continue;
		}
		res = kaigo_validator_run(v, &in, &st);
		kaigo_input_close(&in);
		account(t, res);
	}
	if (ru->load_failed)
		t->worst = worse(t->worst, KAIGO_EXIT_LOAD);
	t->files += st.files;
	t->records += st.records;
	t->errors += rep->sink.errors;
	t->warnings += rep->sink.warnings;
	kaigo_validator_free(v);
}

/* Validate part k of a split file into rep. */
static void validate_part(const struct kaigo_catalog *cat, const char *schema, unsigned long max_errors,
			  struct rules *ru, const char *file, const struct kaigo_split_plan *plan, size_t k,
			  struct kaigo_report *rep, struct kaigo_diag_sink *errs, struct totals *t)
{
	struct kaigo_validate_stats st = { 0, 0 };
	/* the rules index each record from the parser's list of its elements */
	struct kaigo_record_hook hook = { run_rules, ru, ru->use_bundled || ru->nuser > 0 };
	struct kaigo_validator *v = kaigo_validator_new(cat, schema, &rep->sink);
	size_t prelen, postlen;
	char *pre = kaigo_split_prelude(file, plan, k, &prelen);
	char *post = kaigo_split_postlude(plan, k, &postlen);
	struct kaigo_input in;

	if (!v || !pre || !post) {
		t->worst = worse(t->worst, KAIGO_EXIT_INTERNAL);
	} else if (kaigo_input_open_part(&in, file, plan->parts[k].start, plan->parts[k].end, pre, prelen,
					 post, postlen, errs) < 0) {
		t->worst = worse(t->worst, KAIGO_EXIT_IO);
	} else {
		enum kaigo_validate_result res;

		ru->report = rep;
		kaigo_validator_set_max_errors(v, max_errors);
		kaigo_validator_count_hook(v, &ru->findings);
		kaigo_validator_set_hook(v, &hook);
		kaigo_validator_set_record_offset(v, plan->parts[k].records_before);
		/* the document-level findings (unknown type) are the first part's to say */
		kaigo_validator_set_quiet(v, k > 0);
		res = kaigo_validator_run(v, &in, &st);
		kaigo_input_close(&in);
		account(t, res);
	}
	if (ru->load_failed)
		t->worst = worse(t->worst, KAIGO_EXIT_LOAD);
	t->files += k == 0; /* the file counts once */
	t->records += st.records;
	t->errors += rep->sink.errors;
	t->warnings += rep->sink.warnings;
	kaigo_validator_free(v);
	free(pre);
	free(post);
}

/*
 * -j N: N forked workers, each into an unlinked temporary file, printed in
 * order.  Several files are shared out whole; a single large file is cut
 * into parts at record boundaries (lib/split.c).
 */
static void run_parallel(const struct kaigo_catalog *cat, const char *schema, unsigned long max_errors,
			 struct rules *ru, char **files, int nfiles, int jobs,
			 enum kaigo_report_format fmt, struct kaigo_report *main_rep,
			 struct kaigo_diag_sink *errs, struct totals *t)
{
	int k;
	FILE *rep[256], *tot[256];
	pid_t pid[256];
	static struct kaigo_split_plan plan;
	/* one file is split only when the parts are independent (--max-errors counts per input) */
	int split = nfiles == 1 && strcmp(files[0], "-") != 0 && max_errors == 0 &&
		    kaigo_split_plan(files[0], (size_t)jobs, 4 << 20, &plan) > 1;

	if (split)
		jobs = (int)plan.nparts;
	else if (jobs > nfiles)
		jobs = nfiles;
	fflush(stderr);
	for (k = 0; k < jobs; k++) {
		int from = (int)((long)nfiles * k / jobs), to = (int)((long)nfiles * (k + 1) / jobs);

		rep[k] = tmpfile();
		tot[k] = tmpfile();
		pid[k] = rep[k] && tot[k] ? fork() : -1;
		if (pid[k] < 0) {
			t->worst = worse(t->worst, KAIGO_EXIT_INTERNAL);
			return;
		}
		if (pid[k] == 0) {
			struct kaigo_report wr;
			struct totals w = { 0, 0, 0, 0, 0 };

			kaigo_report_init(&wr, fmt, NULL, rep[k], errs);
			wr.mirror = main_rep->mirror;
			if (split)
				validate_part(cat, schema, max_errors, ru, files[0], &plan, (size_t)k, &wr, errs, &w);
			else
				validate_range(cat, schema, max_errors, ru, files, from, to, &wr, errs, &w);
			fprintf(tot[k], "%lu %lu %lu %lu %d\n", w.files, w.records, w.errors, w.warnings, w.worst);
			_exit(fflush(rep[k]) || fflush(tot[k]) ? KAIGO_EXIT_IO : 0);
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
		while ((n = fread(buf, 1, sizeof(buf), rep[k])) > 0) {
			kaigo_output_write(main_rep->out, buf, n, errs);
			main_rep->written++; /* the workers' findings are the report's */
		}
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
}

/*
 * --part K/N: the K-th of N parts of one file, cut at record boundaries
 * exactly as -j N would cut it (the cut depends only on the file and N),
 * so that N runs, on one machine or on N (GNU parallel --sshlogin), print
 * together the report of one whole run: same findings, same lines,
 * columns and record numbers.  A file too small to cut, or not a
 * collection, is all part 1's.
 */
static void run_part(const struct kaigo_catalog *cat, const char *schema, unsigned long max_errors,
		     struct rules *ru, char *file, int k, int n, struct kaigo_report *rep,
		     struct kaigo_diag_sink *errs, struct totals *t)
{
	static struct kaigo_split_plan plan;
	size_t parts = kaigo_split_plan(file, (size_t)n, 1, &plan);

	if (parts <= 1) {
		if (k == 1)
			validate_range(cat, schema, max_errors, ru, &file, 0, 1, rep, errs, t);
	} else if ((size_t)k <= parts) {
		validate_part(cat, schema, max_errors, ru, file, &plan, (size_t)k - 1, rep, errs, t);
	}
}

int main(int argc, char **argv)
{
	const char *schema = NULL, *outpath = NULL, *user_rules[MAXRULES];
	int c, quiet = 0, jobs = 1, nfiles, part_k = 0, part_n = 0;
	size_t nuser = 0, i;
	unsigned long max_errors = 0;
	enum kaigo_report_format fmt = KAIGO_REPORT_TEXT;
	char *stdin_only[] = { "-" }, **files, *end, asof[KAIGO_ASOF_SIZE];
	int asof_given = 0, asof_default = 0;
	enum kaigo_rulebook_listing list = 0;
	const char *explain = NULL;
	struct kaigo_diag_printer ep = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink errs = { kaigo_diag_print, &ep, 0, 0 };
	struct kaigo_catalog cat;
	struct kaigo_output out;
	struct kaigo_report rep;
	struct rules ru;
	struct totals t = { 0, 0, 0, 0, 0 };

	memset(&ru, 0, sizeof(ru));
	ru.use_bundled = 1;
	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 's': schema = optarg; break;
		case 'o': outpath = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_PHASE: ru.phase = optarg; break;
		case OPT_RULES:
			if (strcmp(optarg, "none") == 0)
				ru.use_bundled = 0;
			else if (nuser == MAXRULES)
				return kaigo_cli_usage_error(&cli, "too many --rules (at most %d)", MAXRULES);
			else
				user_rules[nuser++] = optarg;
			break;
		case OPT_PARAM:
		case OPT_ASOF: {
			char *eq = c == OPT_PARAM ? strchr(optarg, '=') : NULL;

			if (ru.nparams == 32)
				return kaigo_cli_usage_error(&cli, "too many parameters");
			if (c == OPT_PARAM && (!eq || eq == optarg))
				return kaigo_cli_usage_error(&cli, "--param wants NAME=VALUE, not '%s'", optarg);
			if (c == OPT_ASOF) {
				if (kaigo_asof_parse(optarg, asof) < 0)
					return kaigo_cli_usage_error(&cli, "--as-of wants a date (YYYY-MM-DD or 和暦), not '%s'",
								     optarg);
				ru.params[ru.nparams].name = "as-of";
				ru.params[ru.nparams++].value = asof;
				asof_given = 1;
			} else {
				*eq = '\0';
				asof_given |= strcmp(optarg, "as-of") == 0;
				ru.params[ru.nparams].name = optarg;
				ru.params[ru.nparams++].value = eq + 1;
			}
			break;
		}
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				fmt = KAIGO_REPORT_TEXT;
			else if (!strcmp(optarg, "jsonl"))
				fmt = KAIGO_REPORT_JSONL;
			else if (!strcmp(optarg, "svrl"))
				fmt = KAIGO_REPORT_SVRL;
			else
				return kaigo_cli_usage_error(&cli, "unknown report format '%s'", optarg);
			break;
		case OPT_MAXERR:
			if (kaigo_cli_count(optarg, 1, &max_errors) < 0)
				return kaigo_cli_usage_error(&cli, "--max-errors wants a number from 1 to %lu, not '%s'",
							     ULONG_MAX, optarg);
			break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || jobs < 1 || jobs > 256)
				return kaigo_cli_usage_error(&cli, "bad number of jobs '%s'", optarg);
			break;
		case OPT_PART: {
			char extra;

			if (sscanf(optarg, "%d/%d%c", &part_k, &part_n, &extra) != 2 || part_n < 1 ||
			    part_n > KAIGO_SPLIT_MAX || part_k < 1 || part_k > part_n)
				return kaigo_cli_usage_error(&cli, "--part wants K/N with 1 <= K <= N <= %d, not '%s'",
							     KAIGO_SPLIT_MAX, optarg);
			break;
		}
		case OPT_LIST_TYPES:
		case OPT_LIST_RULES:
		case OPT_LIST_PHASES:
		case OPT_EXPLAIN:
			list = KAIGO_RULEBOOK_TYPES + (c - OPT_LIST_TYPES); /* the same order */
			explain = c == OPT_EXPLAIN ? optarg : NULL;
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
	/* the deadline rules judge as of today in Japan, or $KAIGO_AS_OF (asof.h) */
	if (!asof_given && ru.nparams < 32) {
		if (kaigo_asof_default(asof) < 0)
			return kaigo_cli_usage_error(&cli, "KAIGO_AS_OF wants a date (YYYY-MM-DD or 和暦), not '%s'",
						     getenv("KAIGO_AS_OF"));
		ru.params[ru.nparams].name = "as-of";
		ru.params[ru.nparams++].value = asof;
		asof_default = 1;
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	if (part_n && (nfiles != 1 || strcmp(files[0], "-") == 0))
		return kaigo_cli_usage_error(&cli, "--part wants exactly one file (not standard input)");
	if (part_n && jobs > 1)
		return kaigo_cli_usage_error(&cli, "--part and -j do not go together");
	if (part_n && fmt == KAIGO_REPORT_SVRL)
		return kaigo_cli_usage_error(&cli, "--part reports are pieces of one report: use text or jsonl");

	if (kaigo_catalog_load(&cat, argv[0], &errs) < 0)
		return KAIGO_EXIT_LOAD;
	if (list) {
		int rc = kaigo_rulebook_list(&cat, list, explain, fmt == KAIGO_REPORT_JSONL, stdout, &errs);

		kaigo_catalog_release(&cat);
		if (rc == -2)
			return kaigo_cli_usage_error(&cli, "no bundled rule '%s' (--list-rules shows them)", explain);
		return rc < 0 ? KAIGO_EXIT_LOAD : fflush(stdout) || ferror(stdout) ? KAIGO_EXIT_IO : KAIGO_EXIT_OK;
	}
	ru.cat = &cat;
	ru.errs = &errs;
	ru.bundled = calloc(cat.ntypes + 1, sizeof(*ru.bundled));
	ru.bundled_failed = calloc(cat.ntypes + 1, sizeof(*ru.bundled_failed));
	for (i = 0; i < nuser; i++) {
		/* the default as-of goes only to rule files that have an as-of parameter */
		size_t np = ru.nparams - (asof_default && !kaigo_rulebook_declares(user_rules[i], "as-of"));

		ru.user[i] = kaigo_sch_load(user_rules[i], ru.phase, ru.params, np, &errs);
		if (!ru.user[i])
			t.worst = KAIGO_EXIT_LOAD;
		ru.nuser = i + 1;
	}
	if (t.worst == KAIGO_EXIT_LOAD || !ru.bundled || !ru.bundled_failed ||
	    kaigo_output_open(&out, outpath, &errs) < 0) {
		t.worst = t.worst ? t.worst : KAIGO_EXIT_IO;
		goto done;
	}
	kaigo_report_init(&rep, fmt, &out, NULL, &errs);
	if (outpath)
		rep.mirror = &errs; /* the report file is removed on failure: say why on stderr */
	kaigo_report_begin(&rep, "kaigo-validate", ru.phase ? ru.phase : "#ALL");
	if (part_n)
		run_part(&cat, schema, max_errors, &ru, files[0], part_k, part_n, &rep, &errs, &t);
	else if (jobs > 1)
		run_parallel(&cat, schema, max_errors, &ru, files, nfiles, jobs, fmt, &rep, &errs, &t);
	else
		validate_range(&cat, schema, max_errors, &ru, files, 0, nfiles, &rep, &errs, &t);
	kaigo_report_end(&rep);
	if (t.worst >= KAIGO_EXIT_IO && outpath)
		kaigo_output_abort(&out); /* no report file from a failed run (DESIGN §2) */
	else if (kaigo_output_commit(&out, &errs) < 0 || out.epipe)
		t.worst = worse(t.worst, KAIGO_EXIT_IO);
	if (t.errors)
		t.worst = worse(t.worst, KAIGO_EXIT_DATA);
	if (!quiet)
		/* TRANSLATORS: the %s after a count is the English plural "s";
		   a language without plural forms writes %.0s to skip it */
		fprintf(stderr, _("%s: %lu file%s, %lu record%s, %lu error%s, %lu warning%s\n"), cli.tool,
			t.files, t.files == 1 ? "" : "s", t.records, t.records == 1 ? "" : "s",
			t.errors, t.errors == 1 ? "" : "s", t.warnings, t.warnings == 1 ? "" : "s");
done:
	for (i = 0; i < ru.nuser; i++)
		kaigo_sch_free(ru.user[i]);
	for (i = 0; ru.bundled && i < cat.ntypes; i++)
		kaigo_sch_free(ru.bundled[i]);
	free(ru.bundled);
	free(ru.bundled_failed);
	kaigo_catalog_release(&cat);
	return t.worst;
}
