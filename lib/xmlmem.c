/*
 * xmlmem.c - a recycling allocator for libxml2's small blocks.
 *
 * Streaming validation builds and frees one record's nodes, attributes and
 * strings over and over: millions of blocks of a few sizes.  glibc keeps
 * only 7 freed blocks per size in its fast cache, so most of them go the
 * slow way; measured on 100 MiB, malloc/free took a fifth of the run.
 * libxml2 lets a program supply its allocator (xmlMemSetup), and this one
 * keeps freed blocks of up to 256 bytes on per-size free lists (bounded, so
 * memory stays bounded).  Everything larger goes straight to malloc.
 *
 * It must be installed before libxml2 allocates anything; kaigo_xmlin_init
 * does that as the first libxml2 call of a tool.  Not thread-safe: kaigo's
 * workers are processes.  Sanitizer builds (KAIGO_NO_XMLMEM) and runs with
 * KAIGO_MALLOC=system use plain malloc, so that ASan and valgrind see
 * every libxml2 block.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "xmlmem.h"

#ifndef KAIGO_NO_XMLMEM
#define GRAIN 16                 /* size classes are multiples of this */
#define NCLASS 16                /* up to 256 bytes */
#define KEEP 8192                /* freed blocks kept per class */

/* The header before every block: its class, 0 for a large block. */
union hdr {
	size_t cls;
	max_align_t align;           /* keeps the user block aligned */
};

struct freeblk {
	struct freeblk *next;
};

static struct freeblk *freelist[NCLASS + 1];
static unsigned kept[NCLASS + 1];

static void *mem_malloc(size_t n)
{
	size_t cls = (n + GRAIN - 1) / GRAIN;
	union hdr *h;

	if (cls == 0)
		cls = 1;
	if (cls <= NCLASS) {
		if (freelist[cls]) {
			struct freeblk *b = freelist[cls];

			freelist[cls] = b->next;
			kept[cls]--;
			return b;
		}
		h = malloc(sizeof(*h) + cls * GRAIN);
		if (!h)
			return NULL;
		h->cls = cls;
		return h + 1;
	}
	h = malloc(sizeof(*h) + n);
	if (!h)
		return NULL;
	h->cls = 0;
	return h + 1;
}

static void mem_free(void *p)
{
	union hdr *h;

	if (!p)
		return;
	h = (union hdr *)p - 1;
	if (h->cls && kept[h->cls] < KEEP) {
		struct freeblk *b = p;

		b->next = freelist[h->cls];
		freelist[h->cls] = b;
		kept[h->cls]++;
		return;
	}
	free(h);
}

static void *mem_realloc(void *p, size_t n)
{
	union hdr *h;
	void *q;

	if (!p)
		return mem_malloc(n);
	h = (union hdr *)p - 1;
	if (h->cls) {
		if (n <= h->cls * GRAIN)
			return p;
		q = mem_malloc(n);
		if (q) {
			memcpy(q, p, h->cls * GRAIN);
			mem_free(p);
		}
		return q;
	}
	if (n <= NCLASS * GRAIN)
		n = NCLASS * GRAIN + 1; /* stays a large block */
	h = realloc(h, sizeof(*h) + n);
	return h ? h + 1 : NULL;
}

static char *mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mem_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

#endif /* !KAIGO_NO_XMLMEM */

int kaigo_xmlmem_setup(void)
{
#ifdef KAIGO_NO_XMLMEM
	return 0; /* sanitizer builds: let ASan see every block */
#else
	const char *e = getenv("KAIGO_MALLOC");

	/* KAIGO_MALLOC=system: plain malloc, so valgrind sees every block */
	if (e && strcmp(e, "system") == 0)
		return 0;
	return xmlMemSetup(mem_free, mem_malloc, mem_realloc, mem_strdup);
#endif
}
