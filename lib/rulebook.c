/*
 * rulebook.c - the metadata of the bundled Schematron rules, read with
 * libxml2 for kaigo-validate's --list-* and --explain.
 *
 * Only the elements ISO Schematron defines for metadata are read: the
 * asserts and reports with their id, role and properties, the pattern and
 * rule around them, the phases and their sch:active, the schema-level
 * lets (parameters, also from sch:include / sch:extends files) and the
 * properties.  No XPath is compiled: a rule that does not compile is
 * lib/sch.c's to report when it loads.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "kaigo/buf.h"
#include "kaigo/rulebook.h"
#include "kaigo/xmlin.h"

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"

static int is_sch(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, SCH_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* A copy of attribute name, or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Append s with every run of white space as one space (none at the ends). */
static void add_collapsed(struct kaigo_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			if (b->len && b->data[b->len - 1] != ' ')
				kaigo_buf_addch(b, ' ');
		} else {
			kaigo_buf_addch(b, *s);
		}
	}
}

/* A new string from b, trailing space trimmed; b is released. */
static char *take(struct kaigo_buf *b)
{
	char *s;

	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	s = strdup(b->data ? b->data : "");
	kaigo_buf_release(b);
	return s;
}

static char *collapsed_attr(xmlNodePtr n, const char *name)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	char *v = attr(n, name);

	if (!v)
		return NULL;
	add_collapsed(&b, v);
	free(v);
	return take(&b);
}

/* The text of a message: text as is, sch:value-of as {select}, sch:name as {name()}. */
static void add_message(struct kaigo_buf *b, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			add_collapsed(b, (const char *)n->content);
		} else if (is_sch(n, "value-of") || is_sch(n, "name")) {
			char *sel = attr(n, is_sch(n, "name") ? "path" : "select");

			kaigo_buf_addf(b, "{%s}", sel ? sel : "name()");
			free(sel);
		} else if (n->type == XML_ELEMENT_NODE) {
			add_message(b, n->children); /* sch:emph, sch:dir, sch:span */
		}
	}
}

static char *text_of(xmlNodePtr n)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;

	add_message(&b, n->children);
	return take(&b);
}

static void *grow(void *p, size_t n, size_t size)
{
	/* capacities 4, 8, 16 ...: grow when n reaches one */
	if (n != 0 && (n < 4 || (n & (n - 1))))
		return p;
	return realloc(p, (n ? 2 * n : 4) * size);
}

static int add_let(struct kaigo_rulebook *rb, xmlNodePtr n)
{
	char *name = attr(n, "name");
	size_t i;
	void *p;

	if (!name)
		return 0;
	for (i = 0; i < rb->nlets; i++)
		if (strcmp(rb->lets[i].name, name) == 0) {
			free(name); /* read twice (sch:include and sch:extends of one file) */
			return 0;
		}
	if (!(p = grow(rb->lets, rb->nlets, sizeof(*rb->lets)))) {
		free(name);
		return -1;
	}
	rb->lets = p;
	rb->lets[rb->nlets].name = name;
	rb->lets[rb->nlets++].value = collapsed_attr(n, "value");
	return 0;
}

/* The schema-level lets of root and of the files it includes (one level, as the bundled files do). */
static int read_lets(struct kaigo_rulebook *rb, xmlNodePtr root, const char *dir, int depth)
{
	xmlNodePtr n;

	for (n = root->children; n; n = n->next) {
		if (is_sch(n, "let") && add_let(rb, n) < 0)
			return -1;
		if ((is_sch(n, "include") || is_sch(n, "extends")) && depth < 4) {
			char *href = attr(n, "href"), path[PATH_MAX];
			xmlDocPtr doc;

			if (!href)
				continue;
			snprintf(path, sizeof(path), "%s/%s", href[0] == '/' ? "" : dir, href);
			free(href);
			doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			if (doc && xmlDocGetRootElement(doc) && read_lets(rb, xmlDocGetRootElement(doc), dir, depth + 1) < 0) {
				xmlFreeDoc(doc);
				return -1;
			}
			xmlFreeDoc(doc);
		}
	}
	return 0;
}

/* Text of the property with this id and role among root's sch:properties, or NULL. */
static char *property(xmlNodePtr root, const char *ids, const char *role)
{
	xmlNodePtr ps, p;

	for (ps = root->children; ids && ps; ps = ps->next) {
		if (!is_sch(ps, "properties"))
			continue;
		for (p = ps->children; p; p = p->next) {
			char *id, *r;
			int hit = 0;

			if (!is_sch(p, "property"))
				continue;
			id = attr(p, "id");
			r = attr(p, "role");
			if (id && r && strcmp(r, role) == 0) {
				/* ids is a space-separated list of IDREFs */
				const char *s = ids;
				size_t len = strlen(id);

				while ((s = strstr(s, id)) && !hit) {
					hit = (s == ids || s[-1] == ' ') && (s[len] == '\0' || s[len] == ' ');
					s += len;
				}
			}
			free(id);
			free(r);
			if (hit)
				return text_of(p);
		}
	}
	return NULL;
}

/* The phases of root that activate pattern, after "#ALL". */
static char *phases_of(xmlNodePtr root, const char *pattern)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	xmlNodePtr ph, a;

	kaigo_buf_addf(&b, "#ALL");
	for (ph = root->children; pattern && ph; ph = ph->next) {
		if (!is_sch(ph, "phase"))
			continue;
		for (a = ph->children; a; a = a->next) {
			char *pat = is_sch(a, "active") ? attr(a, "pattern") : NULL;
			int hit = pat && strcmp(pat, pattern) == 0;

			free(pat);
			if (hit) {
				char *id = attr(ph, "id");

				kaigo_buf_addf(&b, " %s", id ? id : "");
				free(id);
				break;
			}
		}
	}
	return take(&b);
}

/* Is name (len bytes) a word in the space-separated list? */
static int in_list(const char *list, const char *name, size_t len)
{
	const char *s = list;

	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == len && strncmp(s, name, len) == 0)
			return 1;
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}

static const struct kaigo_let_info *find_let(const struct kaigo_rulebook *rb, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < rb->nlets; i++)
		if (strlen(rb->lets[i].name) == len && strncmp(rb->lets[i].name, name, len) == 0)
			return &rb->lets[i];
	return NULL;
}

/*
 * Add to out the schema-level lets that text refers to ($name), and those
 * their own values refer to.  A name is an XML NCName here: letters,
 * digits, '-', '_', '.' (ASCII is enough for the bundled files).
 */
static void add_params(const struct kaigo_rulebook *rb, const char *text, struct kaigo_buf *out, int depth)
{
	const char *s;

	for (s = text ? strchr(text, '$') : NULL; s; s = strchr(s + 1, '$')) {
		const char *e = s + 1;
		const struct kaigo_let_info *l;

		while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') ||
		       *e == '-' || *e == '_' || *e == '.')
			e++;
		l = find_let(rb, s + 1, (size_t)(e - s - 1));
		if (!l || in_list(out->data ? out->data : "", l->name, strlen(l->name)))
			continue;
		kaigo_buf_addf(out, "%s%s", out->len ? " " : "", l->name);
		if (depth < 8)
			add_params(rb, l->value, out, depth + 1);
	}
}

static int add_rule(struct kaigo_rulebook *rb, xmlNodePtr root, xmlNodePtr pat, xmlNodePtr rule, xmlNodePtr n,
		    const char *type, const char *file)
{
	struct kaigo_rule_info *r;
	struct kaigo_buf params = KAIGO_BUF_INIT;
	char *props;
	xmlNodePtr l;
	void *p = grow(rb->rules, rb->nrules, sizeof(*rb->rules));

	if (!p)
		return -1;
	rb->rules = p;
	r = &rb->rules[rb->nrules++];
	memset(r, 0, sizeof(*r));
	r->id = attr(n, "id");
	r->type = type;
	r->file = strdup(file);
	r->line = xmlGetLineNo(n);
	r->is_report = is_sch(n, "report");
	r->severity = attr(n, "role");
	props = attr(n, "properties");
	r->basis = property(root, props, "basis");
	r->period = property(root, props, "period");
	free(props);
	r->pattern = attr(pat, "id");
	r->context = attr(rule, "context");
	r->test = collapsed_attr(n, "test");
	r->message = text_of(n);
	r->phases = phases_of(root, r->pattern);
	add_params(rb, r->test, &params, 0);
	add_params(rb, r->message, &params, 0);
	for (l = rule->children; l; l = l->next) {
		char *v = is_sch(l, "let") ? attr(l, "value") : NULL;

		add_params(rb, v, &params, 0);
		free(v);
	}
	add_params(rb, r->period, &params, 0);
	r->params = take(&params);
	return r->id && r->file && r->test && r->message && r->phases && r->params ? 0 : -1;
}

static int add_phase(struct kaigo_rulebook *rb, xmlNodePtr ph, const char *type)
{
	struct kaigo_phase_info *p;
	xmlNodePtr c;
	void *q = grow(rb->phases, rb->nphases, sizeof(*rb->phases));

	if (!q)
		return -1;
	rb->phases = q;
	p = &rb->phases[rb->nphases++];
	p->id = attr(ph, "id");
	p->type = type;
	p->about = NULL;
	p->nrules = 0;
	for (c = ph->children; c && !p->about; c = c->next)
		if (is_sch(c, "p"))
			p->about = text_of(c);
	if (!p->about)
		p->about = strdup("");
	return p->id && p->about ? 0 : -1;
}

/* Read one rule file (data-dir-relative rel) of type. */
static int read_file(struct kaigo_rulebook *rb, const struct kaigo_catalog *cat, const char *rel, const char *type,
		     struct kaigo_diag_sink *sink)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	xmlDocPtr doc;
	xmlNodePtr root, pat, rule, n;
	size_t first_rule = rb->nrules, first_phase = rb->nphases, i, j;
	int rc = 0;

	kaigo_catalog_path(cat, rel, path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !is_sch(root, "schema")) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "rulebook.load",
				  "cannot read the Schematron rules '%s'", path);
		xmlFreeDoc(doc);
		return -1;
	}
	rc = read_lets(rb, root, slash ? dir : ".", 0);
	for (n = root->children; n && rc == 0; n = n->next)
		if (is_sch(n, "phase"))
			rc = add_phase(rb, n, type);
	for (pat = root->children; pat && rc == 0; pat = pat->next) {
		if (!is_sch(pat, "pattern"))
			continue;
		for (rule = pat->children; rule && rc == 0; rule = rule->next) {
			if (!is_sch(rule, "rule"))
				continue;
			for (n = rule->children; n && rc == 0; n = n->next)
				if (is_sch(n, "assert") || is_sch(n, "report"))
					rc = add_rule(rb, root, pat, rule, n, type, rel);
		}
	}
	/* each phase counts the rules of this file that it runs */
	for (i = first_phase; i < rb->nphases && rc == 0; i++)
		for (j = first_rule; j < rb->nrules; j++)
			rb->phases[i].nrules += in_list(rb->rules[j].phases, rb->phases[i].id, strlen(rb->phases[i].id));
	xmlFreeDoc(doc);
	if (rc < 0)
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "rulebook.load",
				  "out of memory reading the Schematron rules '%s'", path);
	return rc;
}

int kaigo_rulebook_load(struct kaigo_rulebook *rb, const struct kaigo_catalog *cat, struct kaigo_diag_sink *sink)
{
	size_t i, j;

	memset(rb, 0, sizeof(*rb));
	for (i = 0; i < cat->ntypes; i++) {
		const char *rel = cat->types[i].rules;
		int seen = 0;

		for (j = 0; rel && j < i; j++)
			seen |= cat->types[j].rules && strcmp(cat->types[j].rules, rel) == 0;
		if (rel && !seen && read_file(rb, cat, rel, cat->types[i].name, sink) < 0)
			return -1;
	}
	return 0;
}

void kaigo_rulebook_release(struct kaigo_rulebook *rb)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++) {
		struct kaigo_rule_info *r = &rb->rules[i];

		free(r->id);
		free(r->file);
		free(r->severity);
		free(r->basis);
		free(r->period);
		free(r->pattern);
		free(r->context);
		free(r->test);
		free(r->message);
		free(r->phases);
		free(r->params);
	}
	for (i = 0; i < rb->nphases; i++) {
		free(rb->phases[i].id);
		free(rb->phases[i].about);
	}
	for (i = 0; i < rb->nlets; i++) {
		free(rb->lets[i].name);
		free(rb->lets[i].value);
	}
	free(rb->rules);
	free(rb->phases);
	free(rb->lets);
	memset(rb, 0, sizeof(*rb));
}

const struct kaigo_rule_info *kaigo_rulebook_find(const struct kaigo_rulebook *rb, const char *id)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++)
		if (strcmp(rb->rules[i].id, id) == 0)
			return &rb->rules[i];
	return NULL;
}

int kaigo_rulebook_declares(const char *path, const char *name)
{
	struct kaigo_rulebook rb;
	char dir[PATH_MAX], *slash;
	xmlDocPtr doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int found;

	memset(&rb, 0, sizeof(rb));
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (doc && xmlDocGetRootElement(doc))
		read_lets(&rb, xmlDocGetRootElement(doc), slash ? dir : ".", 0);
	found = find_let(&rb, name, strlen(name)) != NULL;
	xmlFreeDoc(doc);
	kaigo_rulebook_release(&rb);
	return found;
}

/* ------------------------------------------------------------------ listings */

/* "key":"value" (or null), with a leading comma unless first. */
static void json_field(FILE *out, const char *key, const char *value, int first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
	if (value)
		kaigo_diag_json_string(out, value);
	else
		fputs("null", out);
}

/* A space-separated list as a JSON array. */
static void json_list(FILE *out, const char *key, const char *list)
{
	const char *s = list;

	fprintf(out, ",\"%s\":[", key);
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char word[256];

		snprintf(word, sizeof(word), "%.*s", (int)n, s);
		if (s != list)
			fputc(',', out);
		kaigo_diag_json_string(out, word);
		if (!e)
			break;
		s = e + 1;
	}
	fputc(']', out);
}

void kaigo_rulebook_print_types(const struct kaigo_catalog *cat, FILE *out, int jsonl)
{
	size_t i;
	char schema[PATH_MAX], rules[PATH_MAX];

	if (!jsonl)
		fputs("type\tnamespace\trecord\tcollection\tschema\trules\n", out);
	for (i = 0; i < cat->ntypes; i++) {
		const struct kaigo_doctype *t = &cat->types[i];

		kaigo_catalog_path(cat, t->schema, schema, sizeof(schema));
		if (t->rules)
			kaigo_catalog_path(cat, t->rules, rules, sizeof(rules));
		if (jsonl) {
			fputc('{', out);
			json_field(out, "type", t->name, 1);
			json_field(out, "namespace", t->ns, 0);
			json_field(out, "record", t->record, 0);
			json_field(out, "collection", t->collection, 0);
			json_field(out, "schema", schema, 0);
			json_field(out, "rules", t->rules ? rules : NULL, 0);
			fputs("}\n", out);
		} else {
			fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", t->name, t->ns, t->record, t->collection, schema,
				t->rules ? rules : "-");
		}
	}
}

static void rule_json(const struct kaigo_rule_info *r, FILE *out, int full)
{
	fputc('{', out);
	json_field(out, "id", r->id, 1);
	json_field(out, "type", r->type, 0);
	json_field(out, "kind", r->is_report ? "report" : "assert", 0);
	json_field(out, "severity", r->severity, 0);
	json_field(out, "basis", r->basis, 0);
	json_field(out, "period", r->period, 0);
	json_list(out, "phases", r->phases);
	if (full) {
		json_field(out, "pattern", r->pattern, 0);
		json_field(out, "context", r->context, 0);
		json_field(out, "test", r->test, 0);
		json_field(out, "message", r->message, 0);
		json_list(out, "parameters", r->params);
		json_field(out, "file", r->file, 0);
		fprintf(out, ",\"line\":%ld", r->line);
	}
}

void kaigo_rulebook_print_rules(const struct kaigo_rulebook *rb, FILE *out, int jsonl)
{
	size_t i;

	if (!jsonl)
		fputs("id\tseverity\ttype\tphases\tperiod\tbasis\n", out);
	for (i = 0; i < rb->nrules; i++) {
		const struct kaigo_rule_info *r = &rb->rules[i];

		if (jsonl) {
			rule_json(r, out, 0);
			fputs("}\n", out);
		} else {
			fprintf(out, "%s\t%s%s\t%s\t%s\t%s\t%s\n", r->id, r->severity ? r->severity : "-",
				r->is_report ? " (report)" : "", r->type, r->phases, r->period ? r->period : "-",
				r->basis ? r->basis : "-");
		}
	}
}

void kaigo_rulebook_print_phases(const struct kaigo_rulebook *rb, FILE *out, int jsonl)
{
	size_t i;

	if (!jsonl)
		fputs("phase\ttype\trules\tabout\n", out);
	for (i = 0; i < rb->nphases; i++) {
		const struct kaigo_phase_info *p = &rb->phases[i];

		if (jsonl) {
			fputc('{', out);
			json_field(out, "phase", p->id, 1);
			json_field(out, "type", p->type, 0);
			fprintf(out, ",\"rules\":%zu", p->nrules);
			json_field(out, "about", p->about, 0);
			fputs("}\n", out);
		} else {
			fprintf(out, "%s\t%s\t%zu\t%s\n", p->id, p->type, p->nrules, p->about);
		}
	}
}

/*
 * The failing example of rule id: the installed copy in the data directory,
 * else the source tree's tests/rules/ next to a build tree's schemas/.
 * Fills path and the --param/--as-of arguments of its params files (the
 * case's own, else tests/rules/params).  Returns 0, -1 if there is none.
 */
static int find_example(const struct kaigo_catalog *cat, const char *id, char *path, size_t pathsz,
			struct kaigo_buf *args)
{
	static const char *const where[] = { "examples/rules", "../tests/rules" };
	size_t w;

	for (w = 0; w < sizeof(where) / sizeof(*where); w++) {
		char dir[PATH_MAX], params[PATH_MAX + 16], *real;
		FILE *f;

		snprintf(dir, sizeof(dir), "%s/%s", cat->datadir, where[w]);

		if (snprintf(path, pathsz, "%s/%s/fail.xml", dir, id) >= (int)pathsz || access(path, R_OK) != 0)
			continue;
		if ((real = realpath(path, NULL))) {
			/* the build tree's schemas/../tests/rules said plainly */
			snprintf(path, pathsz, "%s", real);
			free(real);
		}
		snprintf(params, sizeof(params), "%s/%s/params", dir, id);
		if (!(f = fopen(params, "r"))) {
			snprintf(params, sizeof(params), "%s/params", dir);
			f = fopen(params, "r");
		}
		while (f) {
			char line[512];
			size_t n;

			if (!fgets(line, sizeof(line), f))
				break;
			n = strcspn(line, "\r\n");
			line[n] = '\0';
			if (strncmp(line, "as-of=", 6) == 0)
				kaigo_buf_addf(args, " --as-of %s", line + 6);
			else if (n && line[0] != '#')
				kaigo_buf_addf(args, " --param %s", line);
		}
		if (f)
			fclose(f);
		return 0;
	}
	return -1;
}

/* The first comment of the example (it names the rule and what is violated), or NULL. */
static char *example_comment(const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr n;
	char *s = NULL;

	for (n = doc ? doc->children : NULL; n && !s; n = n->next)
		if (n->type == XML_COMMENT_NODE) {
			struct kaigo_buf b = KAIGO_BUF_INIT;

			add_collapsed(&b, (const char *)n->content);
			s = take(&b);
			if (s[0] == ' ')
				memmove(s, s + 1, strlen(s));
		}
	xmlFreeDoc(doc);
	return s;
}

void kaigo_rulebook_explain(const struct kaigo_rulebook *rb, const struct kaigo_catalog *cat,
			    const struct kaigo_rule_info *r, FILE *out, int jsonl)
{
	char example[PATH_MAX], file[PATH_MAX];
	struct kaigo_buf args = KAIGO_BUF_INIT;
	int have = find_example(cat, r->id, example, sizeof(example), &args) == 0;
	char *comment = have ? example_comment(example) : NULL;
	const char *s = r->params;

	kaigo_catalog_path(cat, r->file, file, sizeof(file));
	if (jsonl) {
		rule_json(r, out, 1);
		json_field(out, "example", have ? example : NULL, 0);
		fputs("}\n", out);
		goto done;
	}
	fprintf(out, "%s: %s %s of %s\n", r->id, r->severity ? r->severity : "-", r->is_report ? "report" : "assert",
		r->type);
	fprintf(out, "message:    %s\n", r->message);
	fprintf(out, "basis:      %s\n", r->basis ? r->basis : "-");
	fprintf(out, "period:     %s\n", r->period ? r->period : "-");
	fprintf(out, "phases:     %s\n", r->phases);
	fprintf(out, "context:    %s\n", r->context ? r->context : "-");
	fprintf(out, "%s      %s\n", r->is_report ? "fires:" : "holds:", r->test);
	fprintf(out, "parameters:%s\n", *s ? "" : " none");
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const struct kaigo_let_info *l = find_let(rb, s, n);

		fprintf(out, "  %.*s = %s%s\n", (int)n, s, l && l->value ? l->value : "",
			n == 5 && strncmp(s, "as-of", 5) == 0 ?
			"  (kaigo-validate sets it: --as-of, else $KAIGO_AS_OF, else today in Japan)" : "");
		if (!e)
			break;
		s = e + 1;
	}
	fprintf(out, "defined in: %s:%ld\n", file, r->line);
	if (have) {
		fprintf(out, "example:    %s\n", example);
		if (comment)
			fprintf(out, "            %s\n", comment);
		fprintf(out, "try:        kaigo-validate%s %s\n", args.data ? args.data : "", example);
	} else {
		fprintf(out, "example:    none installed\n");
	}
done:
	free(comment);
	kaigo_buf_release(&args);
}

int kaigo_rulebook_list(const struct kaigo_catalog *cat, enum kaigo_rulebook_listing what, const char *id,
			int jsonl, FILE *out, struct kaigo_diag_sink *sink)
{
	struct kaigo_rulebook rb;
	const struct kaigo_rule_info *r;
	int rc = 0;

	if (what == KAIGO_RULEBOOK_TYPES) {
		kaigo_rulebook_print_types(cat, out, jsonl);
		return 0;
	}
	if (kaigo_rulebook_load(&rb, cat, sink) < 0) {
		rc = -1;
	} else if (what == KAIGO_RULEBOOK_EXPLAIN) {
		if ((r = kaigo_rulebook_find(&rb, id)))
			kaigo_rulebook_explain(&rb, cat, r, out, jsonl);
		else
			rc = -2;
	} else if (what == KAIGO_RULEBOOK_RULES) {
		kaigo_rulebook_print_rules(&rb, out, jsonl);
	} else {
		kaigo_rulebook_print_phases(&rb, out, jsonl);
	}
	kaigo_rulebook_release(&rb);
	return rc;
}
