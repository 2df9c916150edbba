/*
 * kaigo-due - the obligations calendar: every deadline the documents
 * create, as the bundled rules compute it, listed as text, CSV, JSON Lines
 * or iCalendar.
 *
 * The deadlines phase of the rules runs with the parameter obligations=all
 * (kaigo-validate --phase deadlines --param obligations=all judges the same
 * checks); lib/due.c turns the findings into records and writes those the
 * filters keep.  Exit 1 when a listed obligation is overdue, so a nightly
 * job can alert.  See kaigo-due(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/asof.h"
#include "kaigo/cli.h"
#include "kaigo/i18n.h"
#include "kaigo/due.h"
#include "kaigo/split.h"

enum { OPT_ASOF = 256, OPT_WITHIN, OPT_OVERDUE, OPT_STATUS, OPT_SUBJECT, OPT_FORMAT, OPT_REMIND, OPT_PARAM, OPT_PART, OPT_BOM };

static const struct kaigo_cli_option options[] = {
	{ "as-of", OPT_ASOF, "DATE", N_("judge deadlines as of DATE (YYYY-MM-DD or 和暦; default $KAIGO_AS_OF, else today in Japan)") },
	{ "within", OPT_WITHIN, "DAYS", N_("only open obligations due within DAYS days of the as-of date (overdue ones included)") },
	{ "overdue", OPT_OVERDUE, NULL, N_("only overdue obligations (--status overdue)") },
	{ "status", OPT_STATUS, "LIST", N_("only these statuses: done, due, overdue, not-yet (comma-separated)") },
	{ "subject", OPT_SUBJECT, "NUMBER", N_("only the obligations of this 事業所番号 (or evaluation body code)") },
	{ "format", OPT_FORMAT, "FMT", N_("write text (default), csv, jsonl or ics") },
	{ "remind", OPT_REMIND, "DAYS", N_("ics: an alarm DAYS days before each open obligation's due date") },
	{ "bom", OPT_BOM, NULL, N_("csv: begin with a UTF-8 byte order mark (for Excel)") },
	{ "param", OPT_PARAM, "NAME=VALUE", N_("set a rule parameter (e.g. retention-years=5)") },
	{ "output", 'o', "FILE", N_("write to FILE atomically instead of standard output") },
	{ "jobs", 'j', "N", N_("read the files (or one large file's parts) with N worker processes") },
	{ "part", OPT_PART, "K/N", N_("only part K of N of one file, cut at record boundaries (GNU parallel)") },
	{ "diag-format", KAIGO_CLI_DIAG_FORMAT, "FMT", N_("diagnostics as text (default) or jsonl") },
	{ "max-errors", KAIGO_CLI_MAX_ERRORS, "N", N_("show at most N diagnostics (all are counted)") },
	{ "quiet", 'q', NULL, N_("no summary line") },
	{ NULL, 0, NULL, NULL }
};

static struct kaigo_cli cli = {
	"kaigo-due", "[OPTION]... [FILE]...",
	N_("List the obligations kaigo documents create (filings, evaluations, fees,\n"
	"notices, retention, transitions) with their due dates and status."),
	N_("With no FILE, or when FILE is -, read standard input.  The bundled rules\n"
	"compute every date (schemas/rules/CATALOGUE.md, Obligations).  Exit status 1\n"
	"means a listed obligation is overdue.\n"),
	options, { { 0 } }, { 0 }
};

#define MAXPARAMS 32

/* A non-negative day count, or -1. */
static long days(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n >= 0 && n <= 36600 ? n : -1;
}

/* "due,overdue" to a bit mask of statuses; 0 if a name is unknown. */
static unsigned status_mask(const char *list)
{
	char buf[128], *tok, *save = NULL;
	unsigned mask = 0;
	int st;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if ((st = kaigo_due_status_parse(tok)) < 0)
			return 0;
		mask |= 1u << st;
	}
	return mask;
}

int main(int argc, char **argv)
{
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	struct kaigo_due_filter flt = { "", -1, 0, NULL };
	struct kaigo_sch_param params[MAXPARAMS];
	struct kaigo_due_stats st;
	struct kaigo_catalog cat;
	struct kaigo_output out;
	struct kaigo_due_writer *w = NULL;
	enum kaigo_due_format fmt = KAIGO_DUE_TEXT;
	enum kaigo_due_result res;
	const char *outpath = NULL;
	char *stdin_only[] = { "-" }, **files, *eq;
	size_t nparams = 0, nfiles;
	long remind = -1;
	int bom = 0, asof_given = 0, c, cs, quiet = 0, status = KAIGO_EXIT_OK, jobs = 1, part_k = 0, part_n = 0;
	char extra, *end;
	static struct kaigo_split_plan plan;

	memset(&st, 0, sizeof(st));
	if (kaigo_cli_init(&cli) < 0)
		return KAIGO_EXIT_INTERNAL;
	while ((c = kaigo_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_ASOF:
			if (kaigo_asof_parse(optarg, flt.as_of) < 0)
				return kaigo_cli_usage_error(&cli, "--as-of wants a date (YYYY-MM-DD or 和暦), not '%s'",
							     optarg);
			asof_given = 1;
			break;
		case OPT_WITHIN:
			if ((flt.within = days(optarg)) < 0)
				return kaigo_cli_usage_error(&cli, "--within wants a number of days, not '%s'", optarg);
			break;
		case OPT_REMIND:
			if ((remind = days(optarg)) < 0)
				return kaigo_cli_usage_error(&cli, "--remind wants a number of days, not '%s'", optarg);
			break;
		case OPT_BOM:
			bom = 1;
			break;
		case OPT_OVERDUE:
			flt.statuses |= 1u << KAIGO_DUE_OVERDUE;
			break;
		case OPT_STATUS: {
			unsigned m = status_mask(optarg);

			if (!m)
				return kaigo_cli_usage_error(&cli, "--status wants done, due, overdue or not-yet, not '%s'",
							     optarg);
			flt.statuses |= m;
			break;
		}
		case OPT_SUBJECT:
			if (!*optarg || strchr(optarg, ' '))
				return kaigo_cli_usage_error(&cli, "--subject wants one number, not '%s'", optarg);
			flt.subject = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				fmt = KAIGO_DUE_TEXT;
			else if (!strcmp(optarg, "csv"))
				fmt = KAIGO_DUE_CSV;
			else if (!strcmp(optarg, "jsonl"))
				fmt = KAIGO_DUE_JSONL;
			else if (!strcmp(optarg, "ics"))
				fmt = KAIGO_DUE_ICS;
			else
				return kaigo_cli_usage_error(&cli, "unknown format '%s'", optarg);
			break;
		case OPT_PARAM:
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				return kaigo_cli_usage_error(&cli, "--param wants NAME=VALUE, not '%s'", optarg);
			*eq = '\0';
			if (!strcmp(optarg, "as-of") || !strcmp(optarg, "obligations"))
				return kaigo_cli_usage_error(&cli, "--param %s is kaigo-due's own (use --as-of, --status)",
							     optarg);
			if (nparams == MAXPARAMS)
				return kaigo_cli_usage_error(&cli, "too many parameters");
			params[nparams].name = optarg;
			params[nparams++].value = eq + 1;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || jobs < 1 || jobs > 256)
				return kaigo_cli_usage_error(&cli, "bad number of jobs '%s'", optarg);
			break;
		case OPT_PART:
			if (sscanf(optarg, "%d/%d%c", &part_k, &part_n, &extra) != 2 || part_n < 1 ||
			    part_n > KAIGO_SPLIT_MAX || part_k < 1 || part_k > part_n)
				return kaigo_cli_usage_error(&cli, "--part wants K/N with 1 <= K <= N <= %d, not '%s'",
							     KAIGO_SPLIT_MAX, optarg);
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
	if (remind >= 0 && fmt != KAIGO_DUE_ICS)
		return kaigo_cli_usage_error(&cli, "--remind goes with --format ics");
	if (bom && fmt != KAIGO_DUE_CSV)
		return kaigo_cli_usage_error(&cli, "--bom goes with --format csv");
	/* today in Japan, or $KAIGO_AS_OF, as for kaigo-validate and kaigo-publish */
	if (!asof_given && kaigo_asof_default(flt.as_of) < 0)
		return kaigo_cli_usage_error(&cli, "KAIGO_AS_OF wants a date (YYYY-MM-DD or 和暦), not '%s'",
					     getenv("KAIGO_AS_OF"));
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? (size_t)(argc - optind) : 1;
	if (part_n && (nfiles != 1 || strcmp(files[0], "-") == 0))
		return kaigo_cli_usage_error(&cli, "--part wants exactly one file (not standard input)");
	if (part_n && jobs > 1)
		return kaigo_cli_usage_error(&cli, "--part and -j do not go together");

	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return KAIGO_EXIT_LOAD;
	if (kaigo_output_open(&out, outpath, &sink) < 0) {
		kaigo_catalog_release(&cat);
		return KAIGO_EXIT_IO;
	}
	w = kaigo_due_writer_new(fmt, flt.as_of, remind, &out, &sink);
	if (w)
		kaigo_due_writer_set_bom(w, bom);
	/* --part K/N: the header is part 1's, the calendar's end part N's, so the parts concatenate */
	if (!w || ((!part_n || part_k == 1) && kaigo_due_writer_begin(w) < 0)) {
		res = w ? KAIGO_DUE_WRITE : KAIGO_DUE_INTERNAL;
	} else {
		if (part_n) {
			size_t parts = kaigo_split_plan(files[0], (size_t)part_n, 1, &plan);

			if (parts > 1 && (size_t)part_k <= parts)
				res = kaigo_due_run_part(&cat, files[0], &plan, (size_t)part_k - 1, &flt, params, nparams,
							 w, &sink, &st);
			else if (parts <= 1 && part_k == 1)
				res = kaigo_due_run(&cat, files, 1, &flt, params, nparams, w, &sink, &st);
			else
				res = KAIGO_DUE_OK; /* a part beyond the file's records: nothing */
		} else if (jobs > 1) {
			res = kaigo_due_run_jobs(&cat, files, nfiles, jobs, &flt, params, nparams, fmt, remind, &out,
						 &sink, &st);
		} else {
			res = kaigo_due_run(&cat, files, nfiles, &flt, params, nparams, w, &sink, &st);
		}
		if (res == KAIGO_DUE_OK && (!part_n || part_k == part_n) && kaigo_due_writer_end(w) < 0)
			res = KAIGO_DUE_WRITE;
	}
	if (res == KAIGO_DUE_UNREADABLE || res == KAIGO_DUE_WRITE)
		status = KAIGO_EXIT_IO;
	else if (res == KAIGO_DUE_NO_RULES)
		status = KAIGO_EXIT_LOAD;
	else if (res == KAIGO_DUE_INTERNAL)
		status = KAIGO_EXIT_INTERNAL;
	if (status != KAIGO_EXIT_OK)
		kaigo_output_abort(&out); /* no file from a failed run */
	else if (kaigo_output_commit(&out, &sink) < 0 || out.epipe)
		status = KAIGO_EXIT_IO; /* a reader that went away is said by the status alone */
	if (!quiet && w && res != KAIGO_DUE_INTERNAL && res != KAIGO_DUE_WRITE)
		/* TRANSLATORS: the %s after a count is the English plural "s";
		   a language without plural forms writes %.0s to skip it */
		fprintf(stderr, _("%s: as of %s, %lu file%s, %lu record%s, %lu obligation%s, %lu listed, %lu overdue\n"),
			cli.tool, flt.as_of, st.files, st.files == 1 ? "" : "s", st.records,
			st.records == 1 ? "" : "s", st.obligations, st.obligations == 1 ? "" : "s", st.listed,
			st.overdue);
	if (status == KAIGO_EXIT_OK && (st.overdue || sink.errors))
		status = KAIGO_EXIT_DATA; /* something overdue, a document of no known type, a date that is none */
	kaigo_due_writer_free(w);
	kaigo_catalog_release(&cat);
	return status;
}
