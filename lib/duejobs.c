/*
 * duejobs.c - kaigo-due -j N: the inputs shared among N forked worker
 * processes, each writing its obligations to a file of a private temporary
 * directory, copied to the output in input order, so the output is that of
 * one process.  Several files are shared out whole; one large collection is
 * cut into parts at record boundaries (split.h) that keep their lines and
 * record positions.  A worker ends with _exit(); the calling process is
 * never ended, and nothing is printed but through the sink.  See due.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kaigo/due.h"
#include "kaigo/exit.h"
#include "kaigo/split.h"

/* The arguments of every run, shared by the workers. */
struct job {
	const struct kaigo_catalog *cat;
	const struct kaigo_due_filter *flt;
	const struct kaigo_sch_param *params;
	size_t nparams;
	enum kaigo_due_format fmt;
	long remind;
	struct kaigo_diag_sink *sink;
};

/* Files [from, to) or, with plan, part k of files[0], written by w. */
static enum kaigo_due_result run_some(const struct job *jb, char *const *files, size_t from, size_t to,
				      const struct kaigo_split_plan *plan, size_t k,
				      struct kaigo_due_writer *w, struct kaigo_due_stats *st)
{
	if (plan)
		return kaigo_due_run_part(jb->cat, files[0], plan, k, jb->flt, jb->params, jb->nparams, w,
					  jb->sink, st);
	return kaigo_due_run(jb->cat, files + from, to - from, jb->flt, jb->params, jb->nparams, w, jb->sink, st);
}

/* A worker of -j: its share into the file path, its counts and result after it in path.st. */
static int worker(const struct job *jb, char *const *files, size_t from, size_t to,
		  const struct kaigo_split_plan *plan, size_t k, const char *path)
{
	struct kaigo_output wo;
	struct kaigo_due_stats ws;
	struct kaigo_due_writer *w;
	enum kaigo_due_result r = KAIGO_DUE_INTERNAL;
	char stp[4300];
	FILE *f;

	memset(&ws, 0, sizeof(ws));
	if (kaigo_output_open(&wo, path, jb->sink) < 0)
		return KAIGO_EXIT_IO;
	if ((w = kaigo_due_writer_new(jb->fmt, jb->flt->as_of, jb->remind, &wo, jb->sink)))
		r = run_some(jb, files, from, to, plan, k, w, &ws);
	kaigo_due_writer_free(w);
	if (kaigo_output_commit(&wo, jb->sink) < 0 && r == KAIGO_DUE_OK)
		r = KAIGO_DUE_WRITE;
	snprintf(stp, sizeof(stp), "%s.st", path);
	if (!(f = fopen(stp, "w")))
		return KAIGO_EXIT_IO;
	fprintf(f, "%lu %lu %lu %lu %lu %lu %d\n", ws.files, ws.records, ws.obligations, ws.listed, ws.overdue,
		jb->sink->errors, (int)r);
	return fclose(f) ? KAIGO_EXIT_IO : 0;
}

/*
 * -j N: N forked workers, each writing its records to a file of a private
 * temporary directory, copied to out in input order.  Several files are
 * shared out whole; one large file is cut at record boundaries (split.h).
 */
enum kaigo_due_result kaigo_due_run_jobs(const struct kaigo_catalog *cat, char *const *files, size_t nfiles, int jobs,
					 const struct kaigo_due_filter *flt, const struct kaigo_sch_param *params,
					 size_t nparams, enum kaigo_due_format fmt, long remind,
					 struct kaigo_output *out, struct kaigo_diag_sink *sink,
					 struct kaigo_due_stats *st)
{
	struct job job = { cat, flt, params, nparams, fmt, remind, sink };
	const struct job *jb = &job;
	static struct kaigo_split_plan plan;
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	static char buf[65536];
	pid_t pid[256];

	memset(st, 0, sizeof(*st));
	if (jobs > 256)
		jobs = 256;
	enum kaigo_due_result res = KAIGO_DUE_OK;
	int k, split = nfiles == 1 && strcmp(files[0], "-") != 0 &&
		       kaigo_split_plan(files[0], (size_t)jobs, 4 << 20, &plan) > 1;

	jobs = split ? (int)plan.nparts : jobs > (int)nfiles ? (int)nfiles : jobs;
	snprintf(dir, sizeof(dir), "%s/kaigo-due.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return KAIGO_DUE_INTERNAL;
	fflush(NULL);
	for (k = 0; k < jobs; k++) {
		snprintf(path, sizeof(path), "%s/%d", dir, k);
		if ((pid[k] = fork()) == 0)
			_exit(worker(jb, files, nfiles * (size_t)k / (size_t)jobs, nfiles * (size_t)(k + 1) / (size_t)jobs,
				     split ? &plan : NULL, (size_t)k, path));
		if (pid[k] < 0)
			res = KAIGO_DUE_INTERNAL;
	}
	for (k = 0; k < jobs; k++) {
		int status = 0, r = KAIGO_DUE_INTERNAL;
		unsigned long n[6] = { 0, 0, 0, 0, 0, 0 };
		size_t got;
		FILE *f;

		if (pid[k] > 0)
			waitpid(pid[k], &status, 0);
		snprintf(path, sizeof(path), "%s/%d.st", dir, k);
		f = pid[k] > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? fopen(path, "r") : NULL;
		if (!f || fscanf(f, "%lu %lu %lu %lu %lu %lu %d", &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &r) != 7) {
			res = res ? res : KAIGO_DUE_INTERNAL;
		} else {
			st->files += n[0], st->records += n[1], st->obligations += n[2], st->listed += n[3],
				st->overdue += n[4];
			jb->sink->errors += n[5]; /* the workers' diagnostics are the run's */
			if (r != KAIGO_DUE_OK && (res == KAIGO_DUE_OK || r < res))
				res = (enum kaigo_due_result)r;
		}
		if (f)
			fclose(f);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%d", dir, k);
		if ((f = fopen(path, "r"))) {
			while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
				if (kaigo_output_write(out, buf, got, jb->sink) < 0)
					res = KAIGO_DUE_WRITE;
			fclose(f);
		}
		unlink(path);
	}
	rmdir(dir);
	return res;
}

