/*
 * due.c - kaigo-due's run: the deadlines phase of the bundled rules over
 * the inputs, record by record, each obligation finding turned into a
 * record (obligations.c), filtered, and handed to the writer (duewrite.c).
 * See include/kaigo/due.h.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaigo/due.h"
#include "kaigo/split.h"
#include "kaigo/validate.h"

#define MAXPARAMS 40

int kaigo_due_keep(const struct kaigo_due_filter *flt, const struct kaigo_obligation *o)
{
	long due, now;

	if (flt->statuses && !(flt->statuses & (1u << o->status)))
		return 0;
	if (flt->subject) {
		size_t n = strlen(flt->subject);

		if (strncmp(o->subject, flt->subject, n) != 0 || (o->subject[n] != '\0' && o->subject[n] != ' '))
			return 0;
	}
	if (flt->within >= 0) {
		if (o->status == KAIGO_DUE_DONE || kaigo_due_day(o->due, &due) < 0 ||
		    kaigo_due_day(flt->as_of, &now) < 0 || due > now + flt->within)
			return 0;
	}
	return 1;
}

/* Everything the per-record hook needs. */
struct run {
	const struct kaigo_catalog *cat;
	struct kaigo_sch **rules;        /* per catalog type, loaded on first use */
	char *tried;                     /* per type: loading was tried */
	struct kaigo_sch_param params[MAXPARAMS];
	size_t nparams;
	const struct kaigo_due_filter *flt;
	struct kaigo_due_writer *w;
	struct kaigo_diag_sink *sink;
	struct kaigo_due_stats *st;
	struct kaigo_validator *v;       /* reads the inputs, well-formedness only */
	struct kaigo_record_hook hook;   /* on_record, on this run */
	struct kaigo_validate_stats vs;  /* files and records read */
	enum kaigo_due_result result;    /* the worst so far */
};

static void fail(struct run *r, enum kaigo_due_result res)
{
	/* the more negative, the graver (exit 3 < 4 < 5); a write error stays a write error */
	if (r->result == KAIGO_DUE_OK || (res < r->result && r->result != KAIGO_DUE_WRITE))
		r->result = res;
}

static void on_finding(void *ctx, const struct kaigo_sch_finding *f)
{
	struct run *r = ctx;
	struct kaigo_obligation o;
	int k = kaigo_obligation_read(f, &o);

	if (k == 0)
		return; /* a deadline rule that states no obligation */
	if (k < 0) {
		/* the rules compute from the document's dates, which no XSD checked here: bad data, said
		   with its place, and the run goes on (exit 1) */
		kaigo_diag_report(r->sink, KAIGO_SEV_ERROR, f->file, f->line, f->column, "due.bad-date",
				  "no valid due date for the obligation of rule '%s' (%s): a date of the document "
				  "is not YYYY-MM-DD (kaigo-validate says which) (record %lu)",
				  f->id ? f->id : "", f->diagnostics ? f->diagnostics : "", f->record);
		return;
	}
	r->st->obligations++;
	if (!kaigo_due_keep(r->flt, &o))
		return;
	r->st->listed++;
	r->st->overdue += o.status == KAIGO_DUE_OVERDUE;
	if (kaigo_due_writer_put(r->w, &o) < 0)
		fail(r, KAIGO_DUE_WRITE);
}

static void on_record(void *ctx, const struct kaigo_record *rec)
{
	struct run *r = ctx;
	struct kaigo_sch_output out = { on_finding, r };
	size_t t;

	r->st->records++;
	if (!rec->type) {
		/* without the XSD step the validator does not judge the root: say it here, once per input */
		unsigned long line = 0, col = 0;
		const xmlNs *ns = rec->node->ns;

		kaigo_validate_position(rec->node, &line, &col);
		kaigo_diag_report(r->sink, KAIGO_SEV_ERROR, rec->file, line, col, "due.unknown-type",
				  "unknown document type: root element '%s' in namespace '%s' (kaigo knows the "
				  "types in schemas/index.xml)", (const char *)rec->node->name,
				  ns && ns->href ? (const char *)ns->href : "");
		return;
	}
	if (!rec->type->rules)
		return; /* a type without rules creates no obligation */
	t = (size_t)(rec->type - r->cat->types);
	if (!r->tried[t]) {
		char path[4096];

		r->tried[t] = 1;
		kaigo_catalog_path(r->cat, rec->type->rules, path, sizeof(path));
		if (access(path, R_OK) == 0) {
			r->rules[t] = kaigo_sch_load(path, "deadlines", r->params, r->nparams, r->sink);
			if (!r->rules[t])
				fail(r, KAIGO_DUE_NO_RULES);
		}
	}
	if (r->rules[t] && kaigo_sch_run(r->rules[t], rec, &out, r->sink) < 0)
		fail(r, KAIGO_DUE_NO_RULES);
}

/* Set up r for a run; 0, or -1 when out of memory. */
static int run_init(struct run *r, const struct kaigo_catalog *cat, const struct kaigo_due_filter *flt,
		    const struct kaigo_sch_param *params, size_t nparams, struct kaigo_due_writer *w,
		    struct kaigo_diag_sink *sink, struct kaigo_due_stats *st)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(st, 0, sizeof(*st));
	r->cat = cat;
	r->flt = flt;
	r->w = w;
	r->sink = sink;
	r->st = st;
	if (nparams + 2 > MAXPARAMS)
		return -1;
	/* the user's parameters first, then ours, which no --param may change */
	for (i = 0; i < nparams; i++)
		r->params[r->nparams++] = params[i];
	r->params[r->nparams].name = "as-of";
	r->params[r->nparams++].value = flt->as_of;
	r->params[r->nparams].name = "obligations";
	r->params[r->nparams++].value = "all";
	r->rules = calloc(cat->ntypes + 1, sizeof(*r->rules));
	r->tried = calloc(cat->ntypes + 1, 1);
	r->v = r->rules && r->tried ? kaigo_validator_new(cat, "none", sink) : NULL;
	if (!r->v)
		return -1;
	r->hook.fn = on_record;
	r->hook.ctx = r;
	r->hook.elements = 1; /* the rules index each record from the parser's list */
	kaigo_validator_set_hook(r->v, &r->hook);
	return 0;
}

/* Read one opened input through the rules. */
static void run_input(struct run *r, struct kaigo_input *in)
{
	enum kaigo_validate_result res = kaigo_validator_run(r->v, in, &r->vs);

	if (res == KAIGO_VALIDATE_UNREADABLE)
		fail(r, KAIGO_DUE_UNREADABLE);
	else if (res == KAIGO_VALIDATE_NO_SCHEMA)
		fail(r, KAIGO_DUE_NO_RULES);
}

static enum kaigo_due_result run_release(struct run *r)
{
	size_t i;

	r->st->files = r->vs.files;
	kaigo_validator_free(r->v);
	for (i = 0; r->rules && i < r->cat->ntypes; i++)
		kaigo_sch_free(r->rules[i]);
	free(r->rules);
	free(r->tried);
	return r->result;
}

enum kaigo_due_result kaigo_due_run(const struct kaigo_catalog *cat, char *const *files, size_t nfiles,
				    const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
				    size_t nparams, struct kaigo_due_writer *w, struct kaigo_diag_sink *sink,
				    struct kaigo_due_stats *st)
{
	struct run r;
	size_t i;

	if (run_init(&r, cat, flt, params, nparams, w, sink, st) < 0) {
		run_release(&r);
		return KAIGO_DUE_INTERNAL;
	}
	for (i = 0; i < nfiles; i++) {
		struct kaigo_input in;

		if (kaigo_input_open(&in, files[i], sink) < 0) {
			fail(&r, KAIGO_DUE_UNREADABLE);
			continue;
		}
		run_input(&r, &in);
		kaigo_input_close(&in);
	}
	return run_release(&r);
}

enum kaigo_due_result kaigo_due_run_part(const struct kaigo_catalog *cat, const char *path,
					 const struct kaigo_split_plan *plan, size_t k,
					 const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
					 size_t nparams, struct kaigo_due_writer *w, struct kaigo_diag_sink *sink,
					 struct kaigo_due_stats *st)
{
	struct run r;
	struct kaigo_input in;
	size_t prelen, postlen;
	char *pre = kaigo_split_prelude(path, plan, k, &prelen);
	char *post = kaigo_split_postlude(plan, k, &postlen);

	if (run_init(&r, cat, flt, params, nparams, w, sink, st) < 0 || !pre || !post) {
		run_release(&r);
		free(pre);
		free(post);
		return KAIGO_DUE_INTERNAL;
	}
	kaigo_validator_set_record_offset(r.v, plan->parts[k].records_before);
	kaigo_validator_set_quiet(r.v, k > 0); /* the document as a whole is the first part's to judge */
	if (kaigo_input_open_part(&in, path, plan->parts[k].start, plan->parts[k].end, pre, prelen, post,
				  postlen, sink) < 0) {
		fail(&r, KAIGO_DUE_UNREADABLE);
	} else {
		run_input(&r, &in);
		kaigo_input_close(&in);
	}
	free(pre);
	free(post);
	run_release(&r);
	st->files = k == 0; /* the file counts once */
	return r.result;
}
