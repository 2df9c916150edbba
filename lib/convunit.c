/*
 * convunit.c - send units: the files of one unit (1表 + 2表 + 3表 + 補足, 6表 +
 * 7表 + 補足) indexed by key and joined into records in the parent file's
 * order; rows no parent row claims are orphans.  See convert.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "kaigo/catalog.h"
#include "kaigo/hash.h"
#include "kaigo/xmlin.h"
#include "convert_int.h"

/* ---- send units ----------------------------------------------------- */

struct run {
	long long start, end;       /* byte range of consecutive good rows with one key */
	unsigned long line;         /* physical line of the first */
	size_t next;                /* next run of the same key in this file, index + 1; 0: none */
	size_t key;                 /* index into the key table */
};

struct ufile {
	struct c2x_file f;
	struct run *runs;
	size_t nruns, cap;
	size_t *head;               /* per key: its first run, index + 1; 0: none */
	size_t argi;                /* its place on the command line */
};

struct keytab {
	char **keys;
	size_t n, cap;
	size_t *hash;              /* open addressing: index+1, 0 empty */
	size_t hcap;
	int *visited;
};

static size_t hash_str(const char *s)
{
	return (size_t)kaigo_hash_str(s);
}

/* Index of key k, adding it if new; (size_t)-1 when out of memory. */
static size_t key_index(struct keytab *t, const char *k)
{
	size_t h, i;

	if (2 * (t->n + 1) > t->hcap) {
		size_t ncap = t->hcap ? 2 * t->hcap : 1024, j;
		size_t *nh = calloc(ncap, sizeof(*nh));

		if (!nh)
			return (size_t)-1;
		for (j = 0; j < t->n; j++) {
			for (i = hash_str(t->keys[j]) & (ncap - 1); nh[i]; i = (i + 1) & (ncap - 1))
				;
			nh[i] = j + 1;
		}
		free(t->hash);
		t->hash = nh;
		t->hcap = ncap;
	}
	h = hash_str(k);
	for (i = h & (t->hcap - 1); t->hash[i]; i = (i + 1) & (t->hcap - 1))
		if (strcmp(t->keys[t->hash[i] - 1], k) == 0)
			return t->hash[i] - 1;
	if (t->n == t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 256;
		char **g = realloc(t->keys, ncap * sizeof(*g));
		int *v = realloc(t->visited, ncap * sizeof(*v));

		if (g)
			t->keys = g;
		if (v)
			t->visited = v;
		if (!g || !v)
			return (size_t)-1;
		t->cap = ncap;
	}
	if (!(t->keys[t->n] = strdup(k)))
		return (size_t)-1;
	t->visited[t->n] = 0;
	t->hash[i] = t->n + 1;
	return t->n++;
}

static void keytab_release(struct keytab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->hash);
	free(t->visited);
}

/*
 * Index pass over one file of a unit: runs of good rows by key; malformed
 * rows and rows with the wrong column count are rejected here.
 */
static int index_file(struct kaigo_c2x *c, struct ufile *u, struct keytab *kt)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	struct kaigo_buf k = KAIGO_BUF_INIT;
	struct run *cur = NULL;
	int ret = 0;

	if (kaigo_conv_src_open(c, &s, u->f.path, -1, -1, 1) < 0)
		return -1;
	while ((st = kaigo_csv_read(s.rd, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		size_t ki;

		if (st == KAIGO_CSV_BAD || rec->nfields != u->f.layout->ncols) {
			c->st.rows++;
			if (st != KAIGO_CSV_BAD)
				snprintf(c->last_csv_msg, sizeof(c->last_csv_msg), "%zu fields, layout %s has "
					 "%zu columns", rec->nfields, u->f.layout->name, u->f.layout->ncols);
			if (kaigo_conv_reject_row(c, &u->f, rec, rec->line, st == KAIGO_CSV_BAD && c->last_csv_rule
				       ? c->last_csv_rule : "convert.columns", c->last_csv_msg,
				       st != KAIGO_CSV_BAD) < 0)
				goto fail;
			cur = NULL;
			continue;
		}
		if (kaigo_conv_row_key(u->f.layout, rec, &k) < 0 || (ki = key_index(kt, k.data)) == (size_t)-1)
			goto fail;
		if (cur && cur->key == ki && cur->end == rec->offset) {
			cur->end = rec->offset + (long long)rec->raw_len;
			continue;
		}
		if (u->nruns == u->cap) {
			size_t ncap = u->cap ? 2 * u->cap : 64;
			struct run *g = realloc(u->runs, ncap * sizeof(*g));

			if (!g)
				goto fail;
			u->runs = g;
			u->cap = ncap;
		}
		cur = &u->runs[u->nruns++];
		cur->start = rec->offset;
		cur->end = rec->offset + (long long)rec->raw_len;
		cur->line = rec->line;
		cur->key = ki;
		cur->next = 0;
	}
	if (st == KAIGO_CSV_FAIL || s.failed)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_buf_release(&k);
	kaigo_conv_src_close(&s);
	return ret;
}

/* Re-read one run and apply (or, orphan set, reject) its rows. */
static int replay_run(struct kaigo_c2x *c, struct ufile *u, const struct run *r, const char *orphan)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	int ret = 0;

	if (kaigo_conv_src_open(c, &s, u->f.path, r->start, r->end, r->line) < 0)
		return -1;
	while ((st = kaigo_csv_read(s.rd, &rec)) == KAIGO_CSV_RECORD) {
		unsigned long line = rec->line + r->line - 1;

		if (orphan) {
			const struct kaigo_layout *l = u->f.layout;
			struct kaigo_buf m = KAIGO_BUF_INIT;
			size_t k;
			int rr;

			c->st.rows++;
			kaigo_buf_addf(&m, "%s (", orphan);
			for (k = 0; k < l->nkeys && rec->nfields == l->ncols; k++) {
				const struct kaigo_csv_field *fd = &rec->fields[l->key_columns[k]];

				kaigo_buf_addf(&m, "%s%s %.*s", k ? ", " : "", l->cols[l->key_columns[k]].name,
					       (int)fd->len, fd->data);
			}
			kaigo_buf_addch(&m, ')');
			rr = kaigo_conv_reject_row(c, &u->f, rec, line, "convert.orphan", m.data ? m.data : orphan, 1);
			kaigo_buf_release(&m);
			if (rr < 0)
				goto fail;
			continue;
		}
		if (kaigo_conv_do_row(c, &u->f, rec, line, 1) < 0)
			goto fail;
	}
	if (st != KAIGO_CSV_EOF || s.failed)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_conv_src_close(&s);
	return ret;
}

static int cmp_order(const void *a, const void *b)
{
	const struct ufile *x = a, *y = b;

	if (x->f.layout->parent != y->f.layout->parent)
		return x->f.layout->parent ? -1 : 1;
	return x->f.layout->order - y->f.layout->order;
}

static int write_unit_pi(struct kaigo_c2x *c, struct ufile *uf, size_t n)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	const struct kaigo_stdname *nm = &uf[0].f.nm;
	const char *month = "";
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (uf[i].f.nm.month[0] && strcmp(uf[i].f.nm.month, "000000") != 0)
			month = uf[i].f.nm.month;
	kaigo_buf_addf(&b, "<?kaigo-unit unit=\"%s\" naming=\"%d\" from=\"%s\" from-kind=\"%s\" to=\"%s\" "
		       "to-kind=\"%s\" ts=\"%s\" month=\"%s\" files=\"", uf[0].f.layout->unit, nm->naming,
		       nm->from, nm->from_kind, nm->to, nm->to_kind, nm->ts, month);
	for (i = 0; i < n; i++)
		kaigo_buf_addf(&b, "%s%s", i ? " " : "", uf[i].f.layout->name);
	kaigo_buf_add(&b, "\"?>\n", 4);
	rc = b.data ? kaigo_conv_emit(c, b.data, b.len) : -1;
	kaigo_buf_release(&b);
	return rc;
}

/* Join the files of one send unit into records. */
static int convert_unit(struct kaigo_c2x *c, struct ufile *uf, size_t n)
{
	struct keytab kt;
	size_t i, j;
	int ret = 0;
	char why[300];
	unsigned long before;

	memset(&kt, 0, sizeof(kt));
	qsort(uf, n, sizeof(*uf), cmp_order);
	for (i = 1; i < n; i++)
		if (uf[i].f.layout == uf[i - 1].f.layout || strcmp(uf[i].f.layout->name, uf[i - 1].f.layout->name) == 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, uf[i].f.path, 0, 0, "convert.unit",
					  "send unit %s has two %s files ('%s' and this one)", uf[0].f.nm.ts,
					  uf[i].f.layout->name, uf[i - 1].f.path);
			return -1;
		}
	if (kaigo_conv_start_collection(c, uf[0].f.layout->doctype) < 0 || write_unit_pi(c, uf, n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (index_file(c, &uf[i], &kt) < 0) {
			ret = -1;
			goto done;
		}
	}
	/* chain each file's runs by key, in file order */
	for (i = 0; i < n; i++) {
		size_t r;

		if (!(uf[i].head = calloc(kt.n ? kt.n : 1, sizeof(*uf[i].head))))
			goto fail;
		for (r = uf[i].nruns; r-- > 0;) {
			uf[i].runs[r].next = uf[i].head[uf[i].runs[r].key];
			uf[i].head[uf[i].runs[r].key] = r + 1;
		}
	}
	if (!uf[0].f.layout->parent) {
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, uf[0].f.path, 0, 0, "convert.unit",
				  "send unit %s (%s) has no parent file: every row is an orphan", uf[0].f.nm.ts,
				  uf[0].f.layout->unit);
	}
	/* records in the parent's order; each record takes its rows from every file */
	for (i = 0; uf[0].f.layout->parent && i < uf[0].nruns; i++) {
		size_t key = uf[0].runs[i].key;

		if (kt.visited[key])
			continue;
		kt.visited[key] = 1;
		if (kaigo_conv_flush_record(c) < 0 || kaigo_conv_new_record(c, uf[0].f.layout) < 0)
			goto fail;
		before = c->st.converted;
		for (j = 0; j < n; j++) {
			size_t r;

			for (r = uf[j].head[key]; r; r = uf[j].runs[r - 1].next)
				if (replay_run(c, &uf[j], &uf[j].runs[r - 1], NULL) < 0)
					goto fail;
		}
		if (c->st.converted == before)
			kaigo_conv_drop_record(c); /* every row rejected: no empty record */
	}
	if (kaigo_conv_flush_record(c) < 0)
		goto fail;
	/* what no parent row claimed */
	for (j = 0; j < n; j++) {
		size_t r;

		for (r = 0; r < uf[j].nruns; r++)
			if (!kt.visited[uf[j].runs[r].key]) {
				snprintf(why, sizeof(why), "orphan: no %s row in this send unit has its key",
					 uf[0].f.layout->name);
				if (replay_run(c, &uf[j], &uf[j].runs[r], why) < 0)
					goto fail;
			}
	}
	goto done;
fail:
	ret = -1;
done:
	for (i = 0; i < n; i++) {
		free(uf[i].head);
		uf[i].head = NULL;
	}
	keytab_release(&kt);
	return ret;
}

struct kaigo_layout *kaigo_layout_for_name(const struct kaigo_catalog *cat,
					   const struct kaigo_stdname *nm, const char *file,
					   struct kaigo_diag_sink *sink)
{
	char **names = kaigo_layout_names(cat);
	struct kaigo_layout *hit = NULL;
	size_t i;
	int month = !nm->month[0] ? 0 : strcmp(nm->month, "000000") == 0 ? 1 : 2;

	for (i = 0; names && names[i] && !hit; i++) {
		struct kaigo_layout *l;
		size_t pl = strlen(nm->prefix);

		if (strncmp(names[i], nm->prefix, pl) != 0 || (names[i][pl] && names[i][pl] != '-'))
			continue;
		l = kaigo_layout_load(cat, names[i], sink);
		if (!l)
			continue;
		if (l->file && strcmp(l->file, nm->prefix) == 0 && l->naming == nm->naming &&
		    (l->month < 0 || l->month == month))
			hit = l;
		else
			kaigo_layout_free(l);
	}
	kaigo_layout_names_free(names);
	if (!hit)
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, 0, 0, "convert.layout",
				  "no bundled layout for a %s file in %s naming%s (give one with --layout)",
				  nm->prefix, nm->naming == 3 ? "3.x" : "4.x",
				  month == 1 ? " with month 000000" : month == 2 ? " with a month" : "");
	return hit;
}

/* An attribute of the root element of a layout file, read without loading the layout. */
static int root_attrs(const char *path, const char *const *names, char **vals, size_t n)
{
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR |
					      XML_PARSE_NOWARNING);
	size_t i;
	int rc = -1;

	if (!r)
		return -1;
	while (xmlTextReaderRead(r) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
			for (i = 0; i < n; i++)
				vals[i] = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)names[i]);
			rc = 0;
			break;
		}
	xmlFreeTextReader(r);
	return rc;
}

/*
 * A child layout of a send unit given with --layout: its records lack
 * what the unit's parent file gives.  Note that parent's file prefix, so
 * each record can say what is missing.  Only the root element of each
 * bundled layout is read: loading them all cost more than a small run.
 */
static void partial_parent(struct kaigo_c2x *c, const struct kaigo_catalog *cat, const struct kaigo_layout *l)
{
	static const char *const attrs[] = { "unit", "parent", "naming", "file" };
	char **names;
	size_t i, k;

	c->partial_parent[0] = '\0';
	if (!l->unit || l->parent || !l->file)
		return;
	names = kaigo_layout_names(cat);
	for (i = 0; names && names[i] && !c->partial_parent[0]; i++) {
		char rel[300], path[PATH_MAX], *v[4] = { 0 };

		snprintf(rel, sizeof(rel), "layouts/%s.xml", names[i]);
		kaigo_catalog_path(cat, rel, path, sizeof(path));
		if (root_attrs(path, attrs, v, 4) == 0 && v[0] && v[1] && v[3] && !strcmp(v[0], l->unit) &&
		    (!strcmp(v[1], "true") || !strcmp(v[1], "1")) && atoi(v[2] ? v[2] : "0") == l->naming)
			snprintf(c->partial_parent, sizeof(c->partial_parent), "%s", v[3]);
		for (k = 0; k < 4; k++)
			xmlFree(v[k]);
	}
	kaigo_layout_names_free(names);
}

/* The records the run's parent files send, and when first (see convert_int.h). */
struct sent {
	struct keytab keys;        /* "PREFIX\x1e" + row key */
	char (*ts)[15];            /* per key: the earliest ファイル連番 sending it */
	size_t cap;
};

static int sent_add(struct sent *s, const char *k, const char *ts)
{
	size_t i = key_index(&s->keys, k);

	if (i == (size_t)-1)
		return -1;
	if (i >= s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 256;
		char (*g)[15];

		while (ncap <= i)
			ncap *= 2;
		if (!(g = realloc(s->ts, ncap * sizeof(*g))))
			return -1;
		memset(g + s->cap, 0, (ncap - s->cap) * sizeof(*g));
		s->ts = g;
		s->cap = ncap;
	}
	if (!s->ts[i][0] || strcmp(ts, s->ts[i]) < 0)
		snprintf(s->ts[i], sizeof(s->ts[i]), "%s", ts);
	return 0;
}

/* Index the keys of the run's UP1KYO, UPPLAN and UPJSK files. */
static int sent_index(struct kaigo_c2x *c, struct sent *s, const struct ufile *uf, size_t n)
{
	struct kaigo_buf k = KAIGO_BUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++) {
		const struct kaigo_layout *l = uf[i].f.layout;
		const struct kaigo_csv_record *rec;
		enum kaigo_csv_status st;
		struct src src;
		void (*saved)(void *, const struct kaigo_diag *);

		if (!l->parent || !l->file || strncmp(l->file, "UP", 2) != 0)
			continue;
		if (kaigo_conv_src_open(c, &src, uf[i].f.path, -1, -1, 1) < 0)
			return -1;
		saved = c->csv_sink.emit;
		c->csv_sink.emit = NULL; /* this pass only looks: the real one reports */
		while ((st = kaigo_csv_read(src.rd, &rec)) == KAIGO_CSV_RECORD || st == KAIGO_CSV_BAD) {
			if (st != KAIGO_CSV_RECORD || rec->nfields != l->ncols)
				continue;
			kaigo_buf_reset(&k);
			kaigo_buf_addf(&k, "%s\x1e", l->file);
			{
				struct kaigo_buf rk = KAIGO_BUF_INIT;

				if (kaigo_conv_row_key(l, rec, &rk) < 0 || kaigo_buf_add(&k, rk.data, rk.len) < 0 ||
				    sent_add(s, k.data, uf[i].f.nm.ts) < 0)
					ret = -1;
				kaigo_buf_release(&rk);
			}
		}
		c->csv_sink.emit = saved;
		kaigo_conv_src_close(&src);
	}
	kaigo_buf_release(&k);
	return ret;
}

/* 1 when the deletion row rec deletes a record the run sends only after f. */
static int sent_later(struct kaigo_c2x *c, const struct c2x_file *f, const struct kaigo_csv_record *rec,
		      const char **when)
{
	struct sent *s = c->sent;
	struct kaigo_buf k = KAIGO_BUF_INIT, rk = KAIGO_BUF_INIT;
	size_t i, h, nk = 0, cut;
	int r = 0;

	if (!s || !s->keys.n || rec->nfields != f->layout->ncols || strlen(f->layout->file) < 4)
		return 0;
	if (kaigo_conv_row_key(f->layout, rec, &rk) < 0)
		return -1;
	/* the target's key is the deletion key's first fields (DLTJSK adds two) */
	nk = !strcmp(f->layout->file, "DLTJSK") ? 3 : f->layout->nkeys;
	for (cut = 0, i = 0; cut < rk.len && i < nk; cut++)
		if (rk.data[cut] == '\x1f')
			i++;
	kaigo_buf_addf(&k, "UP%s\x1e", f->layout->file + 3);
	kaigo_buf_add(&k, rk.data, cut);
	if (k.data && s->keys.hcap) {
		for (h = hash_str(k.data) & (s->keys.hcap - 1); s->keys.hash[h]; h = (h + 1) & (s->keys.hcap - 1))
			if (!strcmp(s->keys.keys[s->keys.hash[h] - 1], k.data)) {
				const char *ts = s->ts[s->keys.hash[h] - 1];

				if (strcmp(ts, f->nm.ts) > 0) {
					*when = ts;
					r = 1;
				}
				break;
			}
	}
	kaigo_buf_release(&k);
	kaigo_buf_release(&rk);
	return r;
}

static int cmp_sending(const void *a, const void *b)
{
	const struct ufile *x = a, *y = b;
	int r = strcmp(x->f.nm.ts, y->f.nm.ts);

	if (r)
		return r;
	if (x->f.layout->order != y->f.layout->order)
		return x->f.layout->order - y->f.layout->order;
	return x->argi < y->argi ? -1 : x->argi > y->argi;
}

int kaigo_c2x_run(struct kaigo_c2x *c, const struct kaigo_catalog *cat, struct kaigo_layout *layout,
		  char **files, size_t nfiles)
{
	struct ufile *uf;
	struct sent sent;
	size_t i, j;
	int ret = 0;
	int *done;

	if (layout) {
		partial_parent(c, cat, layout);
		for (i = 0; i < nfiles; i++) {
			struct c2x_file f;

			memset(&f, 0, sizeof(f));
			f.path = files[i];
			f.layout = layout;
			/* a standard name for this layout: its month is checked too */
			if (!layout->file || kaigo_stdname_parse(files[i], &f.nm) != 0 ||
			    strcmp(f.nm.prefix, layout->file) != 0)
				memset(&f.nm, 0, sizeof(f.nm));
			if (kaigo_conv_convert_file(c, &f) < 0)
				return -1;
		}
		if (!nfiles) {
			struct c2x_file f;

			memset(&f, 0, sizeof(f));
			f.path = "-";
			f.layout = layout;
			if (kaigo_conv_convert_file(c, &f) < 0)
				return -1;
		}
		goto end;
	}
	memset(&sent, 0, sizeof(sent));
	uf = calloc(nfiles ? nfiles : 1, sizeof(*uf));
	done = calloc(nfiles ? nfiles : 1, sizeof(*done));
	if (!uf || !done) {
		free(uf);
		free(done);
		return -1;
	}
	for (i = 0; i < nfiles; i++) {
		uf[i].f.path = files[i];
		uf[i].argi = i;
		if (kaigo_stdname_parse(files[i], &uf[i].f.nm) != 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, files[i], 0, 0, "convert.layout",
					  "not a standard file name (PREFIX_[YYYYMM_]FROM_KIND_TO_KIND_"
					  "YYYYMMDDHHMMSS.CSV): give the layout with --layout");
			ret = -2;
			goto out;
		}
		if (!(uf[i].f.layout = kaigo_layout_for_name(cat, &uf[i].f.nm, files[i], c->sink))) {
			ret = -2;
			goto out;
		}
		if (!uf[i].f.layout->unit) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, files[i], 0, 0, "convert.layout",
					  "layout %s names no send unit", uf[i].f.layout->name);
			ret = -2;
			goto out;
		}
	}
	/*
	 * The standard's processing order (§2.5): by ファイル連番, the timestamp
	 * in the name, whatever order the files were given in; ties by the
	 * standard's file order within a unit, then the command line.
	 */
	qsort(uf, nfiles, sizeof(*uf), cmp_sending);
	/* a deletion must not delete what this run sends only later */
	if (sent_index(c, &sent, uf, nfiles) < 0) {
		ret = -1;
		goto out;
	}
	c->sent = &sent;
	c->sent_later = sent_later;
	/* group by send unit: unit name, timestamp, sender and receiver */
	for (i = 0; i < nfiles && ret == 0; i++) {
		struct ufile *grp;
		size_t n = 0;

		if (done[i])
			continue;
		grp = calloc(nfiles, sizeof(*grp));
		if (!grp) {
			ret = -1;
			break;
		}
		for (j = i; j < nfiles; j++) {
			if (done[j] || strcmp(uf[j].f.layout->unit, uf[i].f.layout->unit) != 0 ||
			    strcmp(uf[j].f.nm.ts, uf[i].f.nm.ts) != 0 || strcmp(uf[j].f.nm.from, uf[i].f.nm.from) != 0 ||
			    strcmp(uf[j].f.nm.to, uf[i].f.nm.to) != 0)
				continue;
			done[j] = 1;
			grp[n++] = uf[j];
		}
		if (convert_unit(c, grp, n) < 0)
			ret = -1;
		for (j = 0; j < n; j++)
			free(grp[j].runs);
		free(grp);
	}
out:
	c->sent = NULL;
	c->sent_later = NULL;
	keytab_release(&sent.keys);
	free(sent.ts);
	for (i = 0; i < nfiles; i++)
		kaigo_layout_free(uf[i].f.layout);
	free(uf);
	free(done);
	if (ret)
		return ret;
end:
	if (!c->started && layout && kaigo_conv_start_collection(c, layout->doctype) < 0)
		return -1;
	if (c->started) {
		kaigo_buf_reset(&c->xml);
		kaigo_buf_addf(&c->xml, "</%s>\n", c->doctype->collection);
		if (kaigo_conv_emit(c, c->xml.data, c->xml.len) < 0)
			return -1;
	}
	return 0;
}

