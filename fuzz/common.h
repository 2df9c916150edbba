/*
 * common.h - set-up the file-based fuzz harnesses share (fuzz_sch,
 * fuzz_layout, fuzz_convert).  Header only: each harness is one program
 * built from its own .c file and the instrumented library.
 *
 *   fuzz_datadir(name)            KAIGO_DATADIR := realpath($FUZZ_DATADIR or "schemas")
 *   fuzz_catalog(cat, argv0, name) that, then the real catalogue, or exit 1
 *   fuzz_tmp_path(buf, n, name, suffix)
 *                                 $TMPDIR (else /tmp)/NAME.PID.SUFFIX
 *   fuzz_write_file(path, data, size)
 *                                 the bytes to path; 0, or -1 if that failed
 *   fuzz_open_xml_output(out, fd, sink)
 *                                 an output on a device whose descriptor is
 *                                 pointed at fd (no atomic rename, no fsync)
 *   fuzz_convert_back(l, xml, records)
 *                                 XML → CSV must read records records back
 *   fuzz_round_trip(cat, l, csv, xml, xmlfd, rows)
 *                                 CSV → XML (rejects to /dev/null), checking
 *                                 rows read = converted + rejected (and = rows
 *                                 when rows >= 0), then fuzz_convert_back
 *
 * Failures of the set-up exit 1 with the harness's name; property failures
 * are __builtin_trap(), as in every harness.
 */
#ifndef KAIGO_FUZZ_COMMON_H
#define KAIGO_FUZZ_COMMON_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kaigo/catalog.h"
#include "kaigo/convert.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/layout.h"

/* Point KAIGO_DATADIR at $FUZZ_DATADIR (default "schemas"), absolute; exit 1 if it is not there. */
static inline void fuzz_datadir(const char *name)
{
	const char *dir = getenv("FUZZ_DATADIR");
	char abs[PATH_MAX];

	if (!dir)
		dir = "schemas";
	if (!realpath(dir, abs)) {
		fprintf(stderr, "%s: no data directory '%s' (set FUZZ_DATADIR)\n", name, dir);
		exit(1);
	}
	setenv("KAIGO_DATADIR", abs, 1);
}

/* fuzz_datadir, then load the real catalogue into cat; exit 1 if it does not load. */
static inline void fuzz_catalog(struct kaigo_catalog *cat, const char *argv0, const char *name)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };

	fuzz_datadir(name);
	if (kaigo_catalog_load(cat, argv0, &sink) < 0) {
		fprintf(stderr, "%s: cannot load the catalogue in '%s'\n", name, getenv("KAIGO_DATADIR"));
		exit(1);
	}
}

/*
 * A temporary file name of this process: $TMPDIR (fuzz/run.sh gives each
 * run its own), else /tmp.
 */
static inline void fuzz_tmp_path(char *buf, size_t n, const char *name, const char *suffix)
{
	const char *t = getenv("TMPDIR");

	snprintf(buf, n, "%s/%s.%ld.%s", t && *t ? t : "/tmp", name, (long)getpid(), suffix);
}

/* Write size bytes of data to path (replacing it); 0, or -1 if any step failed. */
static inline int fuzz_write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	if (size && fwrite(data, 1, size, f) != size)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/*
 * Open out on the file behind fd (truncated) without the atomic temporary
 * and its fsync: kaigo_output_open writes a device directly, and the
 * device's descriptor is then pointed at the file.
 */
static inline int fuzz_open_xml_output(struct kaigo_output *out, int fd, struct kaigo_diag_sink *sink)
{
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	if (kaigo_output_open(out, "/dev/null", sink) < 0)
		return -1;
	if (dup2(fd, out->fd) < 0) {
		kaigo_output_abort(out);
		return -1;
	}
	return 0;
}

/* XML → CSV of the converter's output in xml: it must read back, record for record. */
static inline void fuzz_convert_back(struct kaigo_layout *l, char *xml, unsigned long records)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_x2c_stats st = { 0, 0, 0, 0 };
	struct kaigo_output out;
	char *files[1];
	int rc;

	files[0] = xml;
	if (kaigo_output_open(&out, "/dev/null", &sink) < 0)
		return;
	rc = kaigo_x2c_run(l, files, 1, &out, &sink, &st);
	if (kaigo_output_commit(&out, &sink) < 0)
		return;
	if (rc != 0 || st.records != records)
		__builtin_trap(); /* the converter wrote XML that does not read back */
}

/*
 * Convert csv through l into xml (on xmlfd), rejected rows to /dev/null;
 * rows read must be converted + rejected, and, when rows >= 0 and the run
 * succeeded, equal rows.  The XML written must read back (fuzz_convert_back).
 */
static inline void fuzz_round_trip(struct kaigo_catalog *cat, struct kaigo_layout *l, char *csv, char *xml,
				   int xmlfd, long rows)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	struct kaigo_output out, rej;
	const struct kaigo_c2x_stats *st;
	struct kaigo_c2x *c;
	char *files[1];
	int rc, okout;

	if (fuzz_open_xml_output(&out, xmlfd, &sink) < 0)
		return;
	if (kaigo_output_open(&rej, "/dev/null", &sink) < 0) {
		kaigo_output_abort(&out);
		return;
	}
	c = kaigo_c2x_new(&out, &rej, &sink);
	if (!c) {
		kaigo_output_abort(&out);
		kaigo_output_abort(&rej);
		return;
	}
	files[0] = csv;
	rc = kaigo_c2x_run(c, cat, l, files, 1);
	st = kaigo_c2x_stats(c);
	if (st->rows != st->converted + st->rejected)
		__builtin_trap(); /* rows read = converted + rejected, always */
	if (rc == 0 && rows >= 0 && st->rows != (unsigned long)rows)
		__builtin_trap(); /* every row written is read */
	okout = kaigo_output_commit(&out, &sink) == 0;
	(void)kaigo_output_commit(&rej, &sink);
	if (rc == 0 && okout && st->records > 0)
		fuzz_convert_back(l, xml, st->records);
	kaigo_c2x_free(c);
}

#endif
