/*
 * convname.c - send units back to standard-named files (kaigo-xml2csv -d):
 * the <?kaigo-unit?> processing instruction kaigo-csv2xml wrote names the
 * unit's files; each record's rows go to the file of its layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include "convert_int.h"

/* A unit's outputs in directory mode. */
struct dirunit {
	struct kaigo_layout *layouts[16];
	struct kaigo_output outs[16];
	char names[16][PATH_MAX];   /* full paths */
	size_t n;
	int open;
};
/* ---- directory of standard files ------------------------------------ */

struct dir_ctx {
	struct x2c *x;
	const struct kaigo_catalog *cat;
	const char *dir;
	struct kaigo_layout *cache[64];
	size_t ncache;
	struct dirunit u;
	int load_failed;
};

static struct kaigo_layout *cached_layout(struct dir_ctx *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->ncache; i++)
		if (strcmp(d->cache[i]->name, name) == 0)
			return d->cache[i];
	if (d->ncache == 64)
		return NULL;
	if (!(d->cache[d->ncache] = kaigo_layout_load(d->cat, name, d->x->sink))) {
		d->load_failed = 1;
		return NULL;
	}
	return d->cache[d->ncache++];
}

static int close_unit(struct dir_ctx *d, int ok)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < d->u.n; i++) {
		if (ok && kaigo_output_commit(&d->u.outs[i], d->x->sink) == 0) {
			d->x->st->files++;
		} else {
			kaigo_output_abort(&d->u.outs[i]);
			ret = -1;
		}
	}
	d->u.n = 0;
	d->u.open = 0;
	return ok ? ret : -1;
}

static void pi_attr(const char *data, const char *name, char *out, size_t outsz)
{
	char pat[40];
	const char *p;
	size_t n;

	out[0] = 0;
	snprintf(pat, sizeof(pat), " %s=\"", name);
	p = strstr(data - 1, pat);
	if (!p && strncmp(data, pat + 1, strlen(pat + 1)) == 0)
		p = data - 1;
	if (!p)
		return;
	p += strlen(pat);
	for (n = 0; p[n] && p[n] != '"' && n + 1 < outsz; n++)
		out[n] = p[n];
	out[n] = 0;
}

static int dir_pi(void *ctx, const char *data)
{
	struct dir_ctx *d = ctx;
	struct kaigo_stdname nm;
	char files[400], naming[4], *tok, *save = NULL;
	char buf[512];

	if (d->u.open && close_unit(d, 1) < 0)
		return -1;
	snprintf(buf, sizeof(buf), " %s", data);
	memset(&nm, 0, sizeof(nm));
	pi_attr(buf + 1, "naming", naming, sizeof(naming));
	pi_attr(buf + 1, "from", nm.from, sizeof(nm.from));
	pi_attr(buf + 1, "from-kind", nm.from_kind, sizeof(nm.from_kind));
	pi_attr(buf + 1, "to", nm.to, sizeof(nm.to));
	pi_attr(buf + 1, "to-kind", nm.to_kind, sizeof(nm.to_kind));
	pi_attr(buf + 1, "ts", nm.ts, sizeof(nm.ts));
	pi_attr(buf + 1, "files", files, sizeof(files));
	nm.naming = atoi(naming);
	{
		char month[8];

		pi_attr(buf + 1, "month", month, sizeof(month));
		for (tok = strtok_r(files, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			struct kaigo_layout *l = cached_layout(d, tok);
			char path[200];
			struct kaigo_stdname fn = nm;

			if (!l || !l->file)
				return -1;
			if (d->u.n == 16)
				break;
			snprintf(fn.prefix, sizeof(fn.prefix), "%s", l->file);
			{
				const char *m = l->month == 1 ? "000000" : l->month == 2 && strlen(month) == 6 ? month : "";

				memcpy(fn.month, m, strlen(m) + 1);
			}
			kaigo_stdname_format(&fn, path, sizeof(path));
			{
				size_t dl = strlen(d->dir), pl = strlen(path);
				char *dst = d->u.names[d->u.n];

				if (dl + pl + 2 > sizeof(d->u.names[0]))
					return -1;
				memcpy(dst, d->dir, dl);
				dst[dl] = '/';
				memcpy(dst + dl + 1, path, pl + 1);
			}
			d->u.layouts[d->u.n] = l;
			if (kaigo_output_open(&d->u.outs[d->u.n], d->u.names[d->u.n], d->x->sink) < 0)
				return -1;
			d->u.n++;
		}
	}
	d->u.open = 1;
	return 0;
}

static int dir_record(void *ctx, xmlNodePtr rec)
{
	struct dir_ctx *d = ctx;
	size_t i;

	if (!d->u.open) {
		kaigo_diag_report(d->x->sink, KAIGO_SEV_ERROR, d->x->file, d->x->line, 0, "convert.unit",
				  "record %lu belongs to no send unit: the XML has no <?kaigo-unit?> before it "
				  "(made by kaigo-csv2xml from standard files); use --layout instead",
				  d->x->record);
		return -1;
	}
	for (i = 0; i < d->u.n; i++)
		if (kaigo_conv_record_rows(d->x, d->u.layouts[i], rec, &d->u.outs[i]) < 0)
			return -1;
	return 0;
}

int kaigo_x2c_dir(const struct kaigo_catalog *cat, char **files, size_t nfiles, const char *dir,
		  struct kaigo_diag_sink *sink, struct kaigo_x2c_stats *st)
{
	struct x2c x;
	struct dir_ctx d;
	size_t i;
	int ret = 0;
	char *dash = "-";
	const struct kaigo_doctype *type = NULL;

	memset(&x, 0, sizeof(x));
	memset(&d, 0, sizeof(d));
	x.sink = sink;
	x.st = st;
	d.x = &x;
	d.cat = cat;
	d.dir = dir;
	for (i = 0; i < cat->ntypes; i++)
		if (strcmp(cat->types[i].name, "CarePlan") == 0)
			type = &cat->types[i];
	if (!type) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.document-type",
				  "the catalog has no CarePlan type");
		return -2;
	}
	if (!nfiles) {
		files = &dash;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && ret == 0; i++)
		ret = kaigo_conv_stream_records(&x, files[i], type, dir_record, dir_pi, &d);
	if (d.u.open && close_unit(&d, ret == 0) < 0)
		ret = -1;
	for (i = 0; i < d.ncache; i++)
		kaigo_layout_free(d.cache[i]);
	kaigo_conv_x2c_release(&x);
	if (d.load_failed)
		return -2;
	return ret;
}

