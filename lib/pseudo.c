/*
 * pseudo.c - the key and the data files of kaigo-pseudonymize (see
 * pseudo.h): the key file's checks, HMAC-SHA-256 through libgcrypt, the
 * name and place lists and the field kinds of schemas/pseudo/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "kaigo/hash.h"
#include "kaigo/xmlin.h"
#include "pseudo_int.h"

/* ---- key and MAC ------------------------------------------------------ */

static int gcrypt_ready(void)
{
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return 0;
	if (!gcry_check_version(NULL))
		return -1;
	/* the key lives in ordinary memory like the data it protects; secure
	   memory would need privileges and warns on stderr without them */
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return 0;
}

static int load_key(struct kaigo_pseudo *ps, const char *path, struct kaigo_diag_sink *sink)
{
	unsigned char key[KAIGO_PSEUDO_KEY_MAX + 2];
	struct stat sb;
	size_t n = 0;
	ssize_t r;
	int fd, ret = -1;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) < 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key", "cannot read key file '%s': %s",
				  path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key", "key file '%s' is not a regular file",
				  path);
		goto out;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key",
				  "key file '%s' is readable or writable by others; chmod o-rw it", path);
		goto out;
	}
	while (n < sizeof(key) && (r = read(fd, key + n, sizeof(key) - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key", "cannot read key file '%s': %s",
					  path, strerror(errno));
			goto out;
		}
		n += (size_t)r;
	}
	/* a key written with echo or an editor ends in a line end that is not part of it */
	if (n && key[n - 1] == '\n')
		n--;
	if (n && key[n - 1] == '\r')
		n--;
	if (n > KAIGO_PSEUDO_KEY_MAX) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key",
				  "key file '%s' is longer than %d bytes", path, KAIGO_PSEUDO_KEY_MAX);
		goto out;
	}
	if (n < KAIGO_PSEUDO_KEY_MIN) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key",
				  "key in '%s' has %zu bytes, fewer than %d; make one with "
				  "head -c 32 /dev/urandom", path, n, KAIGO_PSEUDO_KEY_MIN);
		goto out;
	}
	if (gcrypt_ready() < 0 || gcry_md_open(&ps->md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) != 0 ||
	    gcry_md_setkey(ps->md, key, n) != 0) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.key", "libgcrypt has no HMAC-SHA-256");
		goto out;
	}
	ret = 0;
out:
	memset(key, 0, sizeof(key));
	close(fd);
	return ret;
}

int kaigo_pseudo_mac(struct kaigo_pseudo *ps, const char *domain, const void *data, size_t n, unsigned char out[32])
{
	const unsigned char *h;
	struct pseudo_mac_kept *k = NULL;

	if (n <= MAC_KEEP_LEN && (ps->kept || (ps->kept = calloc(MAC_KEEP, sizeof(*ps->kept))))) {
		uint64_t x = kaigo_hash(KAIGO_HASH_SEED ^ (uintptr_t)domain, data, n);

		k = &ps->kept[(x ^ x >> 29) & (MAC_KEEP - 1)];
		if (k->domain && !strcmp(k->domain, domain) && k->len == n && !memcmp(k->data, data, n)) {
			memcpy(out, k->h, 32);
			return 0;
		}
	}
	gcry_md_reset(ps->md);
	gcry_md_write(ps->md, domain, strlen(domain) + 1); /* the NUL separates domain and data */
	gcry_md_write(ps->md, data, n);
	if (!(h = gcry_md_read(ps->md, GCRY_MD_SHA256)))
		return -1;
	memcpy(out, h, 32);
	if (k) {
		k->domain = domain;
		k->len = (unsigned char)n;
		if (n)
			memcpy(k->data, data, n);
		memcpy(k->h, h, 32);
	}
	return 0;
}

/* ---- data files ------------------------------------------------------- */

static int load_list(struct kaigo_pseudo *ps, const char *rel, struct pseudo_list *l, int with_kana,
		     struct kaigo_diag_sink *sink)
{
	char path[4096], line[512];
	unsigned long no = 0;
	FILE *f;

	kaigo_catalog_path(ps->cat, rel, path, sizeof(path));
	if (!(f = fopen(path, "r"))) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.load", "cannot read '%s': %s", path,
				  strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab, *end = line + strcspn(line, "\r\n");
		struct pseudo_entry *e;

		no++;
		*end = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		tab = strchr(line, '\t');
		if (with_kana != (tab != NULL)) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, no, 1, "pseudo.load",
					  with_kana ? "line has no TAB before the reading" : "line has a TAB");
			fclose(f);
			return -1;
		}
		if (!(e = realloc(l->e, (l->n + 1) * sizeof(*e))))
			break;
		l->e = e;
		e += l->n;
		if (tab)
			*tab = '\0';
		e->text = strdup(line);
		e->kana = tab ? strdup(tab + 1) : NULL;
		l->n++;
	}
	fclose(f);
	if (l->n < 2) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.load", "'%s' needs two entries or more",
				  path);
		return -1;
	}
	return 0;
}

static void free_list(struct pseudo_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->e[i].text);
		free(l->e[i].kana);
	}
	free(l->e);
}

static const char *const kind_names[KAIGO_PSEUDO_NKINDS] = {
	"none", "name", "kana", "insured", "office", "birthdate", "address", "building", "postal", "phone"
};

static int load_fields(struct kaigo_pseudo *ps, struct kaigo_diag_sink *sink)
{
	char path[4096];
	xmlNodePtr n;

	kaigo_catalog_path(ps->cat, "pseudo/fields.xml", path, sizeof(path));
	ps->fields = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!ps->fields || !xmlDocGetRootElement(ps->fields)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.load", "cannot read '%s'", path);
		return -1;
	}
	for (n = xmlDocGetRootElement(ps->fields)->children; n; n = n->next) {
		xmlChar *el, *k;
		int i, found = -1;

		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, (const xmlChar *)"kind"))
			continue;
		el = xmlGetProp(n, (const xmlChar *)"element");
		k = xmlGetProp(n, (const xmlChar *)"kind");
		for (i = 1; k && i < KAIGO_PSEUDO_NKINDS; i++)
			if (strcmp((const char *)k, kind_names[i]) == 0)
				found = i;
		if (!el || found < 0) {
			kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, (unsigned long)xmlGetLineNo(n), 0, "pseudo.load",
					  "kind needs an element and one of the kinds name ... phone");
			xmlFree(el);
			xmlFree(k);
			return -1;
		}
		ps->kinds = realloc(ps->kinds, (ps->nkinds + 1) * sizeof(*ps->kinds));
		if (!ps->kinds)
			return -1;
		ps->kinds[ps->nkinds].local = strdup((const char *)el);
		ps->kinds[ps->nkinds++].kind = (enum kaigo_pseudo_kind)found;
		xmlFree(el);
		xmlFree(k);
	}
	kaigo_catalog_path(ps->cat, "publish/privacy.xml", path, sizeof(path));
	ps->privacy = xmlReadFile(path, NULL, KAIGO_XMLIN_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!ps->privacy || !xmlDocGetRootElement(ps->privacy)) {
		kaigo_diag_report(sink, KAIGO_SEV_ERROR, path, 0, 0, "pseudo.load", "cannot read '%s'", path);
		return -1;
	}
	return 0;
}

enum kaigo_pseudo_kind kaigo_pseudo_kind_of(const struct kaigo_pseudo *ps, const char *local)
{
	size_t i;

	for (i = 0; i < ps->nkinds; i++)
		if (strcmp(ps->kinds[i].local, local) == 0)
			return ps->kinds[i].kind;
	return KAIGO_PSEUDO_NAME;
}

struct kaigo_pseudo *kaigo_pseudo_new(const struct kaigo_catalog *cat, const char *keyfile,
				      const struct kaigo_pseudo_opts *o, struct kaigo_diag_sink *sink, int *why)
{
	struct kaigo_pseudo *ps = calloc(1, sizeof(*ps));

	*why = 5;
	if (!ps)
		return NULL;
	ps->cat = cat;
	ps->o = *o;
	if (load_key(ps, keyfile, sink) < 0) {
		*why = 3;
		goto fail;
	}
	*why = 4;
	if (load_list(ps, "pseudo/surnames.txt", &ps->surnames, 1, sink) < 0 ||
	    load_list(ps, "pseudo/given.txt", &ps->given, 1, sink) < 0 ||
	    load_list(ps, "pseudo/towns.txt", &ps->towns, 0, sink) < 0 ||
	    load_list(ps, "pseudo/buildings.txt", &ps->buildings, 0, sink) < 0 ||
	    load_list(ps, "pseudo/municipalities.txt", &ps->municipalities, 1, sink) < 0 || load_fields(ps, sink) < 0 ||
	    pseudo_listed_index(ps) < 0)
		goto fail;
	return ps;
fail:
	kaigo_pseudo_free(ps);
	return NULL;
}

void kaigo_pseudo_free(struct kaigo_pseudo *ps)
{
	size_t i, k;

	if (!ps)
		return;
	if (ps->md)
		gcry_md_close(ps->md);
	if (ps->kept) {
		/* real values and what the key made of them */
		explicit_bzero(ps->kept, MAC_KEEP * sizeof(*ps->kept));
		free(ps->kept);
	}
	free_list(&ps->surnames);
	free_list(&ps->given);
	free(ps->listed);
	free_list(&ps->towns);
	free_list(&ps->buildings);
	free_list(&ps->municipalities);
	for (i = 0; i < ps->nkinds; i++)
		free(ps->kinds[i].local);
	free(ps->kinds);
	for (i = 0; i < ps->ntypes; i++) {
		struct pseudo_type *t = ps->types[i];

		for (k = 0; k < t->nsel; k++) {
			xmlXPathFreeCompExpr(t->sel[k].xp);
			if (t->sel[k].pat)
				xmlFreePattern(t->sel[k].pat);
			free(t->sel[k].last);
		}
		free(t->sel);
		for (k = 0; k < t->names_cap; k++) {
			free(t->names[k].name);
			free(t->names[k].idx);
		}
		free(t->names);
		kaigo_privacy_free(t->priv);
		free(t);
	}
	free(ps->types);
	for (i = 0; i < ps->nhon; i++)
		free(ps->hon[i]);
	free(ps->hon);
	xmlFreeDoc(ps->fields);
	xmlFreeDoc(ps->privacy);
	free(ps);
}

