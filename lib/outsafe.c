/*
 * outsafe.c - links and CSV cells that cannot carry an attack (see
 * include/kaigo/outsafe.h).
 *
 * The URL check follows how browsers read an attribute (WHATWG URL
 * parsing): C0 controls and spaces around the value and every tab and
 * line break inside it are ignored, so "java\tscript:" is javascript:.
 * A value without a scheme (a path, "#id", "//host/") is relative and
 * safe.  The CSV pass is a small state machine over the bytes: cell
 * start, inside quotes, after a quote, bare cell.
 */
#include <ctype.h>
#include <string.h>

#include <libxml/tree.h>

#include "kaigo/buf.h"
#include "kaigo/outsafe.h"

int kaigo_outsafe_url_ok(const char *s)
{
	char scheme[16];
	size_t k = 0, end;
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return 1;
	while (*u && *u <= 0x20)
		u++;
	end = strlen((const char *)u);
	while (end && u[end - 1] <= 0x20)
		end--;
	for (size_t i = 0; i < end; i++) {
		unsigned char c = u[i];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (!(isalpha(c) || (k && (isdigit(c) || c == '+' || c == '-' || c == '.'))))
			return 1; /* a path, a fragment or a query before any colon: relative */
		if (k + 1 >= sizeof(scheme))
			return 0; /* a scheme longer than any we allow */
		scheme[k++] = (char)tolower(c);
		if (i + 1 == end)
			return 1; /* no colon at all */
	}
	if (!k)
		return 1;
	scheme[k] = '\0';
	return !strcmp(scheme, "http") || !strcmp(scheme, "https") || !strcmp(scheme, "mailto");
}

static const char *const url_attrs[] = {
	"href", "src", "action", "formaction", "data", "poster", "cite", "background",
	"longdesc", "usemap", "codebase", "manifest", "ping", "lowsrc", "dynsrc",
};

static int is_url_attr(xmlAttrPtr a)
{
	for (size_t i = 0; i < sizeof(url_attrs) / sizeof(url_attrs[0]); i++)
		if (!xmlStrcasecmp(a->name, (const xmlChar *)url_attrs[i]))
			return 1;
	return 0;
}

/* srcset: "url 1x, url 2x" */
static int srcset_ok(const char *v)
{
	char buf[2048];
	const char *p = v;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		n = strcspn(p, " \t\n\r,");
		if (!n)
			break;
		if (n >= sizeof(buf))
			return 0;
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (!kaigo_outsafe_url_ok(buf))
			return 0;
		p += n;
		p += strcspn(p, ","); /* the descriptor */
	}
	return 1;
}

/* <meta http-equiv="refresh" content="5; url=…"> */
static int refresh_ok(xmlNodePtr n, const char *content)
{
	xmlChar *he = xmlGetProp(n, (const xmlChar *)"http-equiv");
	int refresh = he && !xmlStrcasecmp(he, (const xmlChar *)"refresh");
	const char *p;

	xmlFree(he);
	if (!refresh)
		return 1;
	for (p = content; *p; p++)
		if ((p[0] == 'u' || p[0] == 'U') && (p[1] == 'r' || p[1] == 'R') && (p[2] == 'l' || p[2] == 'L')) {
			const char *q = p + 3;

			while (*q == ' ')
				q++;
			if (*q != '=')
				continue;
			q++;
			while (*q == ' ' || *q == '\'' || *q == '"')
				q++;
			return kaigo_outsafe_url_ok(q);
		}
	return 1;
}

static long walk(xmlNodePtr n, const char *file, unsigned long line, struct kaigo_diag_sink *sink)
{
	long found = 0;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			xmlChar *v;
			int ok;

			if (!is_url_attr(a) && xmlStrcasecmp(a->name, (const xmlChar *)"srcset") &&
			    xmlStrcasecmp(a->name, (const xmlChar *)"content"))
				continue;
			v = xmlNodeListGetString(n->doc, a->children, 1);
			if (!v)
				continue;
			if (!xmlStrcasecmp(a->name, (const xmlChar *)"srcset"))
				ok = srcset_ok((const char *)v);
			else if (!xmlStrcasecmp(a->name, (const xmlChar *)"content"))
				ok = xmlStrcasecmp(n->name, (const xmlChar *)"meta") || refresh_ok(n, (const char *)v);
			else
				ok = kaigo_outsafe_url_ok((const char *)v);
			if (!ok) {
				for (xmlChar *q = v; *q; q++)
					if (*q < 0x20)
						*q = ' '; /* a message stays on one line */
				kaigo_diag_report(sink, KAIGO_SEV_ERROR, file, line, 0, "publish.unsafe-url",
						  "output would link to '%.60s' (<%s %s>): only http, https, mailto "
						  "and relative links are written; print such a URL as text",
						  (const char *)v, (const char *)n->name, (const char *)a->name);
				found++;
			}
			xmlFree(v);
		}
		found += walk(n->children, file, line, sink);
	}
	return found;
}

long kaigo_outsafe_check_urls(xmlDocPtr result, const char *file, unsigned long line,
			      struct kaigo_diag_sink *sink)
{
	return result ? walk(result->children, file, line, sink) : 0;
}

static int trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\'';
}

long kaigo_outsafe_csv(const char *csv, size_t n, struct kaigo_buf *out)
{
	enum { START, QSTART, QUOTED, BARE } st = START;
	long changed = 0;
	size_t i, from = 0;

	if (kaigo_buf_grow(out, n + 1) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char c = csv[i];

		switch (st) {
		case START:
			if (c == '"') {
				st = QSTART;
				break;
			}
			if (c == ',' || c == '\n' || (c == '\r' && i + 1 < n && csv[i + 1] == '\n'))
				break; /* an empty cell, or the row ends */
			if (trigger(c)) {
				if (kaigo_buf_add(out, csv + from, i - from) < 0 || kaigo_buf_addch(out, '\'') < 0)
					return -1;
				from = i;
				changed++;
			}
			st = BARE;
			break;
		case QSTART:
			if (c == '"' && !(i + 1 < n && csv[i + 1] == '"')) {
				st = BARE; /* "" an empty quoted cell; the rest is after its quote */
				break;
			}
			if (trigger(c)) {
				if (kaigo_buf_add(out, csv + from, i - from) < 0 || kaigo_buf_addch(out, '\'') < 0)
					return -1;
				from = i;
				changed++;
			}
			if (c == '"')
				i++; /* "" a quote inside */
			st = QUOTED;
			break;
		case QUOTED:
			if (c == '"') {
				if (i + 1 < n && csv[i + 1] == '"')
					i++;
				else
					st = BARE;
			}
			break;
		case BARE:
			if (c == ',' || c == '\n')
				st = START;
			break;
		}
	}
	if (kaigo_buf_add(out, csv + from, n - from) < 0)
		return -1;
	return changed;
}
