/*
 * names.c - persons' names with MeCab and IPADIC (see include/kaigo/names.h).
 *
 * One model, tagger and lattice per handle.  A text is parsed in pieces
 * that end at a sentence end (。！？) or, for a text without one, at most
 * every 16 KiB (at a character boundary), so the lattice stays small
 * whatever the size of the record: time and memory are linear.
 *
 * The part of speech of a dictionary word is known by its posid, which
 * IPADIC gives each word from its first four feature fields (pos-id.def),
 * so the feature strings -- 31 MB of the 49 MB sys.dic -- are read once per
 * posid and a few more times to check, not once per word: a run over a
 * large collection touches far fewer pages of the dictionary.  Should the
 * dictionary ever give two parts of speech that matter here one posid, the
 * check sees it and every word's feature is read again from then on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mecab.h>
#ifdef __linux__
#include <sys/mman.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "kaigo/names.h"

#define PIECE 16384
#define POSIDS 512    /* IPADIC has 69 */
#define POS_CHECKS 8  /* features read per posid before the posid is trusted */
#define DIC_MAPS 8
/*
 * The dictionary's pages a process keeps mapped: about DIC_BUDGET bytes.
 * Linux maps up to 64 KiB around a page fault in a file (fault_around_bytes,
 * its default), so a page fault stands for FAULT_BYTES of them; the faults
 * are counted every CHECK_BYTES of text parsed.
 */
#ifndef DIC_BUDGET
#define DIC_BUDGET (16u << 20)
#endif
#define FAULT_BYTES (64u << 10)
#define CHECK_BYTES 512

struct kaigo_names {
	mecab_model_t *model;
	mecab_t *tagger;
	mecab_lattice_t *lattice;
	char **hon;          /* honorifics, canonical */
	size_t nhon;
	char **not_;         /* words that are never names (八百屋), canonical */
	size_t nnot;
	int by_posid;                  /* the posid cache below may be used */
	unsigned char pos_class[POSIDS]; /* enum pclass of a posid, once seen */
	unsigned char pos_seen[POSIDS];  /* how many times its feature was read */
	struct {
		void *addr;
		size_t len;
	} dic[DIC_MAPS];               /* the dictionary's read-only mappings */
	size_t ndic;
	size_t budget;                 /* DIC_BUDGET, or what the tests set */
	long faults;                   /* minor page faults at the last release */
	size_t parsed;                 /* bytes parsed since the faults were counted */
};

static int copy_words(char ***dst, size_t *n, const char *const *src, size_t nsrc)
{
	if (nsrc && !(*dst = calloc(nsrc, sizeof(**dst))))
		return -1;
	for (size_t i = 0; i < nsrc; i++) {
		if (!((*dst)[i] = strdup(src[i])))
			return -1;
		(*n)++;
	}
	return 0;
}

static void free_words(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

/* What a feature says, before the surface is looked at. */
enum pclass { P_OTHER, P_SEI, P_MEI, P_ORG_PLACE };

static enum pclass class_of_feature(const char *f)
{
	static const char sei[] = "名詞,固有名詞,人名,姓", mei[] = "名詞,固有名詞,人名,名";
	static const char org[] = "名詞,固有名詞,組織", place[] = "名詞,固有名詞,地域";

	if (!strncmp(f, sei, sizeof(sei) - 1))
		return P_SEI;
	if (!strncmp(f, mei, sizeof(mei) - 1))
		return P_MEI;
	if (!strncmp(f, org, sizeof(org) - 1) || !strncmp(f, place, sizeof(place) - 1))
		return P_ORG_PLACE;
	return P_OTHER;
}

/*
 * May the posid stand for the feature?  Not when KAIGO_NAMES_BY_FEATURE is
 * set (the tests compare both ways), nor when a sentence with a surname, a
 * given name, a place, an organisation and other words gives two of these
 * classes one posid (a dictionary built without pos-id.def).
 */
static void find_dic_maps(struct kaigo_names *nm, const char *sysdic, const unsigned long *before, size_t nbefore);
static unsigned long *file_maps(size_t *n);
static long minor_faults(void);

static int posids_apart(struct kaigo_names *nm)
{
	static const char probe[] = "山田太郎は東京のトヨタへ行った";
	int seen[4] = { -1, -1, -1, -1 };
	const char *env = getenv("KAIGO_NAMES_BY_FEATURE");

	if (env && *env && strcmp(env, "0"))
		return 0;
	mecab_lattice_set_sentence2(nm->lattice, probe, sizeof(probe) - 1);
	if (!mecab_parse_lattice(nm->tagger, nm->lattice))
		return 0;
	for (const mecab_node_t *n = mecab_lattice_get_bos_node(nm->lattice); n; n = n->next) {
		enum pclass c;

		if (n->stat != MECAB_NOR_NODE || !n->feature)
			continue;
		c = class_of_feature(n->feature);
		for (int k = 0; k < 4; k++)
			if (k != (int)c && seen[k] == (int)n->posid)
				return 0;
		seen[c] = (int)n->posid;
	}
	/* every class met, else the probe proves nothing */
	return seen[0] >= 0 && seen[1] >= 0 && seen[2] >= 0 && seen[3] >= 0;
}

struct kaigo_names *kaigo_names_open(const char *const *honorifics, size_t nhonorifics, const char *const *not_,
				     size_t nnot, char *err, size_t errsz)
{
	struct kaigo_names *nm = calloc(1, sizeof(*nm));
	const mecab_dictionary_info_t *di;
	unsigned long *before;
	size_t nbefore;

	if (!nm) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	nm->budget = DIC_BUDGET;
	before = file_maps(&nbefore);
	nm->model = mecab_model_new2("");
	if (!nm->model) {
		free(before);
		snprintf(err, errsz, "MeCab cannot load its dictionary (%s); install mecab-ipadic-utf8", mecab_strerror(NULL));
		kaigo_names_free(nm);
		return NULL;
	}
	di = mecab_model_dictionary_info(nm->model);
	find_dic_maps(nm, di ? di->filename : NULL, before, nbefore);
	free(before);
	if (!di || !di->charset || (strcasecmp(di->charset, "utf-8") && strcasecmp(di->charset, "utf8"))) {
		snprintf(err, errsz, "MeCab's dictionary %s is in %s, not UTF-8; install mecab-ipadic-utf8",
			 di && di->filename ? di->filename : "(none)", di && di->charset ? di->charset : "an unknown charset");
		kaigo_names_free(nm);
		return NULL;
	}
	if (!(nm->tagger = mecab_model_new_tagger(nm->model)) || !(nm->lattice = mecab_model_new_lattice(nm->model))) {
		snprintf(err, errsz, "MeCab cannot start (%s)", mecab_strerror(NULL));
		kaigo_names_free(nm);
		return NULL;
	}
	nm->by_posid = posids_apart(nm);
	nm->faults = minor_faults();
	if (copy_words(&nm->hon, &nm->nhon, honorifics, nhonorifics) < 0 ||
	    copy_words(&nm->not_, &nm->nnot, not_, nnot) < 0) {
		snprintf(err, errsz, "out of memory");
		kaigo_names_free(nm);
		return NULL;
	}
	return nm;
}

void kaigo_names_free(struct kaigo_names *nm)
{
	if (!nm)
		return;
	if (nm->lattice)
		mecab_lattice_destroy(nm->lattice);
	if (nm->tagger)
		mecab_destroy(nm->tagger);
	if (nm->model)
		mecab_model_destroy(nm->model);
	free_words(nm->hon, nm->nhon);
	free_words(nm->not_, nm->nnot);
	free(nm);
}

/*
 * SEI, MEI: IPADIC's 姓 and 名.  KANA: a katakana word that is tagged a
 * place or an organisation, or is unknown to the dictionary (ヤマダ is
 * tagged a place, スズキ an organisation): a name when an honorific
 * follows.  (固有名詞,一般 and 人名,一般 are not: マリア, サンタ.)
 */
enum kind { OTHER, SEI, MEI, KANA };

/*
 * The class of a known word: from its posid once the posid has been seen
 * POS_CHECKS times with the same class, else from its feature.
 */
static enum pclass class_of(struct kaigo_names *nm, const mecab_node_t *n)
{
	enum pclass c;
	unsigned id = n->posid;

	if (!nm->by_posid || id >= POSIDS)
		return class_of_feature(n->feature);
	if (nm->pos_seen[id] >= POS_CHECKS)
		return (enum pclass)nm->pos_class[id];
	c = class_of_feature(n->feature);
	if (nm->pos_seen[id] && nm->pos_class[id] != c)
		nm->by_posid = 0; /* one posid, two classes: trust features only */
	nm->pos_class[id] = (unsigned char)c;
	nm->pos_seen[id]++;
	return c;
}

static int katakana_at(const char *p, size_t n);

static int all_katakana(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3)
		if (!katakana_at(s + i, n - i))
			return 0;
	return n > 0;
}

static enum kind kind_of(struct kaigo_names *nm, const mecab_node_t *n)
{
	enum pclass c;

	if ((n->stat != MECAB_NOR_NODE && n->stat != MECAB_UNK_NODE) || !n->feature)
		return OTHER;
	for (size_t i = 0; i < nm->nnot; i++)
		if (strlen(nm->not_[i]) == n->length && !memcmp(nm->not_[i], n->surface, n->length))
			return OTHER;
	/* an unknown word's feature is in unk.dic, a few pages */
	c = n->stat == MECAB_UNK_NODE ? class_of_feature(n->feature) : class_of(nm, n);
	if (c == P_SEI)
		return SEI;
	if (c == P_MEI)
		return MEI;
	if (all_katakana(n->surface, n->length) && n->length >= 6 && (n->stat == MECAB_UNK_NODE || c == P_ORG_PLACE))
		return KANA;
	return OTHER;
}

/* The length of the honorific that begins at s (n bytes), or 0. */
static size_t honorific(const struct kaigo_names *nm, const char *s, size_t n)
{
	size_t best = 0;

	for (size_t i = 0; i < nm->nhon; i++) {
		size_t l = strlen(nm->hon[i]);

		if (l <= n && l > best && !memcmp(s, nm->hon[i], l))
			best = l;
	}
	return best;
}

/* Is the UTF-8 character ending just before p (at least base) katakana? */
static int katakana_before(const char *base, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p - base < 3)
		return 0;
	/* U+30A1..U+30FA, U+30FC: E3 82 A1..E3 83 BA, E3 83 BC */
	if (u[-3] != 0xE3)
		return 0;
	return (u[-2] == 0x82 && u[-1] >= 0xA1) || (u[-2] == 0x83 && (u[-1] <= 0xBA || u[-1] == 0xBC));
}

static int katakana_at(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	return n >= 3 && u[0] == 0xE3 && ((u[1] == 0x82 && u[2] >= 0xA1) || (u[1] == 0x83 && (u[2] <= 0xBA || u[2] == 0xBC)));
}

/* The next piece of text from off: up to a sentence end, at most PIECE bytes. */
static size_t piece_end(const char *t, size_t n, size_t off)
{
	size_t lim = n - off > PIECE ? off + PIECE : n, i;

	for (i = off; i + 3 <= lim; i++) /* 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F */
		if (((unsigned char)t[i] == 0xE3 && !memcmp(t + i, "。", 3)) ||
		    ((unsigned char)t[i] == 0xEF && (!memcmp(t + i, "！", 3) || !memcmp(t + i, "？", 3))))
			return i + 3;
	if (lim == n)
		return n;
	while (lim > off && ((unsigned char)t[lim] & 0xC0) == 0x80)
		lim--;
	return lim > off ? lim : n;
}

/*
 * The start of every read-only mapping of a file, from /proc/self/maps (a
 * new array, *n of them; NULL when there is none to read).
 */
static unsigned long *file_maps(size_t *n)
{
	unsigned long *v = NULL;
	size_t cap = 0;
#ifdef __linux__
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "re");

	*n = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8];
		int path = 0;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &path) < 3 || !path ||
		    line[path] != '/' || perms[1] != '-')
			continue;
		if (*n == cap) {
			unsigned long *nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v));

			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = lo;
	}
	if (f)
		fclose(f);
#else
	*n = 0;
#endif
	return v;
}

/*
 * The dictionary's files as this handle's model mapped them: the read-only
 * mappings of files in the directory of sys.dic, found in /proc/self/maps,
 * that were not there before the model was made (before[0..nbefore)): the
 * mappings of another handle's model are that handle's, and go away with
 * it.  Nothing is found elsewhere than on Linux, or when /proc is not
 * mounted: then the dictionary's pages simply stay mapped.
 */
static void find_dic_maps(struct kaigo_names *nm, const char *sysdic, const unsigned long *before, size_t nbefore)
{
#ifdef __linux__
	char line[4096], *real = sysdic ? realpath(sysdic, NULL) : NULL; /* the maps name files by their real path */
	const char *slash = real ? strrchr(real, '/') : NULL;
	FILE *f;

	if (!slash || slash == real || !(f = fopen("/proc/self/maps", "re"))) {
		free(real);
		return;
	}
	sysdic = real;
	while (fgets(line, sizeof(line), f) && nm->ndic < DIC_MAPS) {
		unsigned long lo, hi;
		char perms[8];
		int path = 0, old = 0;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &path) < 3 || !path)
			continue;
		/* read-only, and a file of the dictionary's directory */
		if (perms[0] != 'r' || perms[1] != '-' || strncmp(line + path, sysdic, (size_t)(slash - sysdic) + 1) ||
		    strchr(line + path + (slash - sysdic) + 1, '/'))
			continue;
		for (size_t i = 0; i < nbefore && !old; i++)
			old = before[i] == lo;
		if (old)
			continue;
		nm->dic[nm->ndic].addr = (void *)lo;
		nm->dic[nm->ndic].len = hi - lo;
		nm->ndic++;
	}
	fclose(f);
	free(real);
#else
	(void)nm;
	(void)sysdic;
	(void)before;
	(void)nbefore;
#endif
}

/*
 * A large input touches much of the dictionary (its double array, its word
 * entries and the connection costs), a different part for every
 * vocabulary: 20 MiB and more.  Those pages are the files', in the page
 * cache.  When the process has taken enough page faults since the last
 * release to have mapped DIC_BUDGET bytes of them (every fault counts, not
 * only the dictionary's: the bound errs on the small side), it lets go of
 * its mappings of the dictionary, so its resident set stays bounded
 * whatever the input.  The words that follow fault back in the pages they
 * need, from the page cache, without reading the disk.  The faults are
 * known from getrusage, a system call: asked every CHECK_BYTES of text.
 * (Counting the dictionary's pages themselves, in /proc/self/pagemap, cost
 * a twentieth of a run; kaigo_names_resident still does, for the tests.)
 */
static long minor_faults(void)
{
#ifdef __linux__
	struct rusage ru;

	if (!getrusage(RUSAGE_SELF, &ru))
		return ru.ru_minflt;
#endif
	return 0;
}

/* Bytes of the dictionary this process has mapped; -1 when unknown. */
static long dic_resident(const struct kaigo_names *nm)
{
#ifdef __linux__
	uint64_t e[1024];
	long pages = 0, psz = sysconf(_SC_PAGESIZE);
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || psz <= 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (size_t i = 0; i < nm->ndic; i++) {
		uintptr_t first = (uintptr_t)nm->dic[i].addr / (uintptr_t)psz;
		size_t n = nm->dic[i].len / (size_t)psz;

		for (size_t at = 0; at < n;) {
			size_t want = n - at < 1024 ? n - at : 1024;
			ssize_t got = pread(fd, e, want * sizeof(e[0]), (off_t)((first + at) * sizeof(e[0])));

			if (got <= 0) {
				close(fd);
				return -1;
			}
			for (size_t k = 0; k < (size_t)got / sizeof(e[0]); k++)
				pages += (long)(e[k] >> 63); /* bit 63: present */
			at += (size_t)got / sizeof(e[0]);
		}
	}
	close(fd);
	return pages * psz;
#else
	(void)nm;
	return -1;
#endif
}

static void release_dic(struct kaigo_names *nm, size_t n)
{
	long now;

	if (!nm->ndic || (nm->parsed += n) < CHECK_BYTES)
		return;
	nm->parsed = 0;
	if ((now = minor_faults()) - nm->faults < (long)(nm->budget / FAULT_BYTES))
		return;
#ifdef __linux__
	for (size_t i = 0; i < nm->ndic; i++)
		(void)madvise(nm->dic[i].addr, nm->dic[i].len, MADV_DONTNEED);
#endif
	nm->faults = minor_faults();
}

static int parse(struct kaigo_names *nm, const char *s, size_t n)
{
	release_dic(nm, n);
	mecab_lattice_set_sentence2(nm->lattice, s, n);
	return mecab_parse_lattice(nm->tagger, nm->lattice) ? 0 : -1;
}

int kaigo_names_find(struct kaigo_names *nm, const char *text, size_t n,
		     int (*found)(void *ctx, size_t start, size_t end), void *ctx)
{
	size_t off = 0;

	while (off < n) {
		size_t end = piece_end(text, n, off);
		const mecab_node_t *node;

		if (parse(nm, text + off, end - off) < 0)
			return -1;
		for (node = mecab_lattice_get_bos_node(nm->lattice); node; node = node->next) {
			enum kind k = kind_of(nm, node);
			const char *s = node->surface, *after;
			size_t start, stop, h;

			if (k == OTHER)
				continue;
			/* a katakana "name" glued to katakana before it is part of a word (ケアマネ) */
			if (katakana_at(s, node->length) && katakana_before(text + off, s))
				continue;
			start = (size_t)(s - text);
			stop = start + node->length;
			after = text + stop;
			if (k == SEI && node->next && kind_of(nm, node->next) == MEI &&
			    node->next->surface == after) {
				/* 姓 + 名 (and the honorific after them, masked with them) */
				stop += node->next->length;
				h = honorific(nm, text + stop, n - stop);
				if (found(ctx, start, stop + h) < 0)
					return -1;
				node = node->next;
				continue;
			}
			h = honorific(nm, after, n - stop);
			if (!h && k == KANA) {
				/* one token with its honorific: タナカサン */
				static const char *const tail[] = { "サン", "サマ", "チャン", "クン" };

				for (size_t t = 0; t < sizeof(tail) / sizeof(tail[0]); t++) {
					size_t tl = strlen(tail[t]);

					if (node->length >= tl + 6 && !memcmp(s + node->length - tl, tail[t], tl)) {
						if (found(ctx, start, stop) < 0)
							return -1;
						break;
					}
				}
				continue;
			}
			if (!h)
				continue;
			/* 様子, 様式: the honorific must be a token of its own or end one */
			if (node->next && node->next->surface == after && node->next->length > h &&
			    kind_of(nm, node->next) == OTHER && !katakana_at(after, n - stop))
				continue;
			if (found(ctx, start, stop + h) < 0)
				return -1;
		}
		off = end;
	}
	return 0;
}

int kaigo_names_split(struct kaigo_names *nm, const char *text, size_t n, size_t *split)
{
	const mecab_node_t *a, *b;

	if (parse(nm, text, n) < 0)
		return -1;
	a = mecab_lattice_get_bos_node(nm->lattice);
	a = a ? a->next : NULL;
	b = a ? a->next : NULL;
	if (!a || !b || kind_of(nm, a) != SEI || kind_of(nm, b) != MEI || a->surface != text ||
	    b->surface + b->length != text + n || b->next == NULL || b->next->stat != MECAB_EOS_NODE)
		return 0;
	*split = a->length;
	return 1;
}

int kaigo_names_by_posid(const struct kaigo_names *nm)
{
	return nm->by_posid;
}

void kaigo_names_set_budget(struct kaigo_names *nm, size_t bytes)
{
	nm->budget = bytes;
}

long kaigo_names_resident(const struct kaigo_names *nm)
{
	return nm->ndic ? dic_resident(nm) : -1;
}
