/*
 * convname.c - send units back to standard-named files (kaigo-xml2csv -d):
 * the <?kaigo-unit?> processing instruction kaigo-csv2xml wrote names the
 * unit's files; each record's rows go to the file of its layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/hash.h"
#include "convert_int.h"

/*
 * Every file of the run waits, finished but not renamed, until the end:
 * then all are renamed into place, or - after any error - all removed.
 * A run that fails leaves the directory as it was.
 */
struct made {
	struct kaigo_output out;           /* its temporary file, open or finished */
	char *path;                        /* owned: DIR/standard name */
	const struct kaigo_layout *layout; /* borrowed from the cache */
	const char *xml;                   /* the XML file whose PI named it (borrowed) */
	unsigned long line;                /* that PI's line */
};

struct dir_ctx {
	struct x2c *x;
	const struct kaigo_catalog *cat;
	const char *dir;
	char **bundled;                    /* owned: the names of the bundled layouts */
	struct kaigo_layout *cache[64];    /* owned: layouts loaded so far */
	size_t ncache;
	struct made *made;                 /* owned: every file of the run */
	size_t nmade, capmade;
	size_t *seen;                      /* owned: open addressing over made by path (index + 1; 0 empty) */
	size_t capseen;
	size_t unit;                       /* made[unit..nmade) are the open unit's */
	int open;                          /* a unit is open */
	int load_failed;                   /* a bundled layout failed to load (exit 4) */
	int bad_data;                      /* the XML named something refused (exit 1) */
	struct kaigo_buf rows[16];         /* the current record's rows, one buffer per file of its unit */
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

/* Finish the open unit's files (they wait for the end of the run). */
static int close_unit(struct dir_ctx *d)
{
	size_t i;
	int ret = 0;

	for (i = d->unit; i < d->nmade; i++)
		if (kaigo_output_finish(&d->made[i].out, d->x->sink) < 0)
			ret = -1;
	d->open = 0;
	return ret;
}

/* A PI value as it may be shown in one diagnostic line: odd bytes as \xNN, cut at 80. */
static void shown(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 8 < outsz; i++) {
		unsigned char b = (unsigned char)s[i];

		if (i == 80) {
			k += (size_t)snprintf(out + k, outsz - k, "...");
			break;
		}
		if (b < 0x20 || b == 0x7F || b == '\\' || b == '\'' || b >= 0x80)
			k += (size_t)snprintf(out + k, outsz - k, "\\x%02X", b);
		else
			out[k++] = (char)b;
	}
	out[k] = 0;
}

static int pi_error(struct dir_ctx *d, unsigned long line, const char *what, const char *v, size_t n,
		    const char *want)
{
	char q[200];

	shown(v, n, q, sizeof(q));
	kaigo_diag_report(d->x->sink, KAIGO_SEV_ERROR, d->x->file, line, 0, "convert.unit-name",
			  "<?kaigo-unit?> %s '%s' is not %s: the unit is refused and no file is written",
			  what, q, want);
	d->bad_data = 1;
	return -1;
}

static int all_of(const char *s, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	return 1;
}

#define DIGITS "0123456789"
#define UPPER_DIGITS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* The attributes of a <?kaigo-unit?>, each checked against the grammar of a standard file name. */
struct unit_pi {
	int naming;
	char from[11], from_kind[3], to[11], to_kind[3], ts[15], month[7];
	char files[400];
};

static int parse_unit_pi(struct dir_ctx *d, const char *data, unsigned long line, struct unit_pi *u)
{
	static const char *const names[] = { "unit", "naming", "from", "from-kind", "to", "to-kind", "ts",
					     "month", "files" };
	const char *val[9] = { 0 };
	size_t len[9] = { 0 }, i;
	const char *p = data;

	memset(u, 0, sizeof(*u));
	for (;;) {
		const char *nm, *v;
		size_t nl;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		for (nm = p; (*p >= 'a' && *p <= 'z') || *p == '-'; p++)
			;
		nl = (size_t)(p - nm);
		if (p[0] != '=' || p[1] != '"')
			return pi_error(d, line, "text", nm, strlen(nm), "a list of name=\"value\" attributes");
		v = p += 2;
		while (*p && *p != '"')
			p++;
		if (!*p)
			return pi_error(d, line, "text", nm, strlen(nm), "a list of name=\"value\" attributes");
		for (i = 0; i < 9; i++)
			if (strlen(names[i]) == nl && memcmp(names[i], nm, nl) == 0)
				break;
		if (i == 9 || val[i])
			return pi_error(d, line, "attribute", nm, nl, i == 9 ? "one it has" : "given once");
		val[i] = v;
		len[i] = (size_t)(p - v);
		p++;
	}
	if (!val[1] || len[1] != 1 || (val[1][0] != '3' && val[1][0] != '4'))
		return pi_error(d, line, "naming", val[1] ? val[1] : "", len[1], "3 or 4");
	u->naming = val[1][0] - '0';
	if (!val[2] || len[2] != 10 || !all_of(val[2], 10, UPPER_DIGITS))
		return pi_error(d, line, "from", val[2] ? val[2] : "", len[2], "10 digits or capital letters");
	if (!val[4] || len[4] != 10 || !all_of(val[4], 10, UPPER_DIGITS))
		return pi_error(d, line, "to", val[4] ? val[4] : "", len[4], "10 digits or capital letters");
	for (i = 3; i <= 5; i += 2) {
		if (u->naming == 4 && (!val[i] || len[i] != 2 || !all_of(val[i], 2, UPPER_DIGITS)))
			return pi_error(d, line, names[i], val[i] ? val[i] : "", len[i],
					"2 digits or capital letters (4.x naming)");
		if (u->naming == 3 && val[i] && len[i])
			return pi_error(d, line, names[i], val[i], len[i], "empty (3.x naming)");
	}
	if (!val[6] || len[6] != 14 || !all_of(val[6], 14, DIGITS))
		return pi_error(d, line, "ts", val[6] ? val[6] : "", len[6], "a timestamp YYYYMMDDHHMMSS");
	if (val[7] && len[7] && (len[7] != 6 || !all_of(val[7], 6, DIGITS)))
		return pi_error(d, line, "month", val[7], len[7], "a month YYYYMM");
	if (!val[8] || len[8] >= sizeof(u->files))
		return pi_error(d, line, "files", val[8] ? val[8] : "", len[8],
				"a list of bundled layout names");
	memcpy(u->from, val[2], 10);
	memcpy(u->to, val[4], 10);
	if (u->naming == 4) {
		memcpy(u->from_kind, val[3], 2);
		memcpy(u->to_kind, val[5], 2);
	}
	memcpy(u->ts, val[6], 14);
	if (val[7])
		memcpy(u->month, val[7], len[7]);
	memcpy(u->files, val[8], len[8]);
	return 0;
}

static size_t hash_path(const char *s)
{
	return (size_t)kaigo_hash_str(s);
}

/* The earlier file of the run with this path, or NULL; remembers made[k] otherwise. -1 out of memory. */
static int seen_before(struct dir_ctx *d, size_t k, const struct made **earlier)
{
	size_t i;

	*earlier = NULL;
	if (2 * (k + 1) > d->capseen) {
		size_t ncap = d->capseen ? 2 * d->capseen : 64, j;
		size_t *nh = calloc(ncap, sizeof(*nh));

		if (!nh)
			return -1;
		for (j = 0; j < k; j++) {
			for (i = hash_path(d->made[j].path) & (ncap - 1); nh[i]; i = (i + 1) & (ncap - 1))
				;
			nh[i] = j + 1;
		}
		free(d->seen);
		d->seen = nh;
		d->capseen = ncap;
	}
	for (i = hash_path(d->made[k].path) & (d->capseen - 1); d->seen[i]; i = (i + 1) & (d->capseen - 1))
		if (strcmp(d->made[d->seen[i] - 1].path, d->made[k].path) == 0) {
			*earlier = &d->made[d->seen[i] - 1];
			return 0;
		}
	d->seen[i] = k + 1;
	return 0;
}

static int is_bundled(struct dir_ctx *d, const char *name)
{
	size_t i;

	for (i = 0; d->bundled && d->bundled[i]; i++)
		if (strcmp(d->bundled[i], name) == 0)
			return 1;
	return 0;
}

static int dir_pi(void *ctx, const char *data, unsigned long line)
{
	struct dir_ctx *d = ctx;
	struct unit_pi u;
	char *tok, *save = NULL;
	size_t nfiles = 0;

	if (d->open && close_unit(d) < 0)
		return -1;
	d->unit = d->nmade;
	if (parse_unit_pi(d, data, line, &u) < 0)
		return -1;
	for (tok = strtok_r(u.files, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		struct kaigo_layout *l;
		struct kaigo_stdname fn;
		const struct made *earlier;
		char name[200];
		struct made *m;
		size_t need;

		/* a layout from the data only by a bundled name: never a path
		   (which would open any local file the document names) */
		if (!is_bundled(d, tok))
			return pi_error(d, line, "file", tok, strlen(tok), "a bundled layout name");
		if (!(l = cached_layout(d, tok)))
			return -1;
		if (!l->file)
			return pi_error(d, line, "file", tok, strlen(tok), "a layout of a standard file");
		if (++nfiles > 16)
			return pi_error(d, line, "files", "", 0, "a list of at most 16 layouts");
		memset(&fn, 0, sizeof(fn));
		fn.naming = u.naming;
		memcpy(fn.from, u.from, sizeof(fn.from));
		memcpy(fn.from_kind, u.from_kind, sizeof(fn.from_kind));
		memcpy(fn.to, u.to, sizeof(fn.to));
		memcpy(fn.to_kind, u.to_kind, sizeof(fn.to_kind));
		memcpy(fn.ts, u.ts, sizeof(fn.ts));
		snprintf(fn.prefix, sizeof(fn.prefix), "%s", l->file);
		if (l->month == 1)
			memcpy(fn.month, "000000", 7);
		else if (l->month == 2 && strlen(u.month) == 6)
			memcpy(fn.month, u.month, 7);
		if (kaigo_stdname_format(&fn, name, sizeof(name)) >= sizeof(name))
			return pi_error(d, line, "file", tok, strlen(tok), "a layout of a standard file");
		{
			/* the name must read back as the same standard name: nothing else
			   (a separator, a dot) can reach the directory */
			struct kaigo_stdname back;

			if (strchr(name, '/') || kaigo_stdname_parse(name, &back) != 0 ||
			    strcmp(back.ts, fn.ts) != 0 || strcmp(back.from, fn.from) != 0 ||
			    strcmp(back.to, fn.to) != 0)
				return pi_error(d, line, "file name", name, strlen(name), "a standard file name");
		}
		if (d->nmade == d->capmade) {
			size_t ncap = d->capmade ? 2 * d->capmade : 16;
			struct made *g = realloc(d->made, ncap * sizeof(*g));

			if (!g)
				return -1;
			d->made = g;
			d->capmade = ncap;
		}
		m = &d->made[d->nmade];
		memset(m, 0, sizeof(*m));
		need = strlen(d->dir) + strlen(name) + 2;
		if (!(m->path = malloc(need)))
			return -1;
		snprintf(m->path, need, "%s/%s", d->dir, name);
		m->layout = l;
		m->xml = d->x->file;
		m->line = line;
		m->out.fd = -1;
		if (seen_before(d, d->nmade, &earlier) < 0) {
			free(m->path);
			return -1;
		}
		if (earlier) {
			char q[200];

			shown(name, strlen(name), q, sizeof(q));
			kaigo_diag_report(d->x->sink, KAIGO_SEV_ERROR, d->x->file, line, 0, "convert.unit-collision",
					  "<?kaigo-unit?> names '%s' again (%s line %lu named it first): two "
					  "files of the run would have one name, so no file is written", q,
					  earlier->xml, earlier->line);
			free(m->path);
			d->bad_data = 1;
			return -1;
		}
		d->nmade++;
		if (kaigo_output_open_made(&m->out, m->path, d->x->sink) < 0) {
			m->out.fd = -1;
			return -1;
		}
	}
	d->open = 1;
	return 0;
}

static int dir_record(void *ctx, xmlNodePtr rec)
{
	struct dir_ctx *d = ctx;
	size_t i;

	if (!d->open) {
		d->bad_data = 1;
		kaigo_diag_report(d->x->sink, KAIGO_SEV_ERROR, d->x->file, d->x->line, 0, "convert.unit",
				  "record %lu belongs to no send unit: the XML has no <?kaigo-unit?> before it "
				  "(made by kaigo-csv2xml from standard files); use --layout instead",
				  d->x->record);
		return -1;
	}
	/* whole records or nothing: every file's rows are made first, and
	   written only when none was refused */
	d->x->record_refused = 0;
	d->x->pending_rows = 0;
	for (i = d->unit; i < d->nmade; i++) {
		kaigo_buf_reset(&d->rows[i - d->unit]);
		d->x->pending = &d->rows[i - d->unit];
		if (kaigo_conv_record_rows(d->x, d->made[i].layout, rec, &d->made[i].out) < 0) {
			d->x->pending = NULL;
			return -1;
		}
	}
	d->x->pending = NULL;
	if (d->x->record_refused)
		return 0;
	for (i = d->unit; i < d->nmade; i++) {
		const struct kaigo_buf *b = &d->rows[i - d->unit];

		if (b->len && kaigo_output_write(&d->made[i].out, b->data, b->len, d->x->sink) < 0)
			return -1;
	}
	d->x->st->rows += d->x->pending_rows;
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
	d.bundled = kaigo_layout_names(cat);
	for (i = 0; i < nfiles && ret == 0; i++)
		ret = kaigo_conv_stream_records(&x, files[i], type, dir_record, dir_pi, &d);
	if (ret == 0 && d.open && close_unit(&d) < 0)
		ret = -1;
	/* all or nothing: every file renamed into place, or none left */
	for (i = 0; i < d.nmade; i++) {
		if (ret == 0 && kaigo_output_commit(&d.made[i].out, sink) == 0) {
			st->files++;
		} else {
			kaigo_output_abort(&d.made[i].out);
			if (ret == 0)
				ret = -1;
		}
		free(d.made[i].path);
	}
	free(d.made);
	free(d.seen);
	for (i = 0; i < 16; i++)
		kaigo_buf_release(&d.rows[i]);
	kaigo_layout_names_free(d.bundled);
	for (i = 0; i < d.ncache; i++)
		kaigo_layout_free(d.cache[i]);
	kaigo_conv_x2c_release(&x);
	if (d.load_failed)
		return -2;
	if (d.bad_data)
		return -3;
	return ret;
}
