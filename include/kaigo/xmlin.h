/*
 * xmlin.h - safe XML reading for every kaigo tool (DESIGN §4.1).
 *
 * One place decides how libxml2 may parse: never the network, no DTD
 * loading, no entity substitution, libxml2's own limits on
 * depth, text size and entity amplification left on (no XML_PARSE_HUGE).
 * A document that carries a DOCTYPE is refused outright: kaigo's
 * vocabularies are defined by XSD and have no use for one, and refusing it
 * closes XXE and entity-expansion attacks before they start.
 */
#ifndef KAIGO_XMLIN_H
#define KAIGO_XMLIN_H

#include <libxml/xmlreader.h>

#include "kaigo/diag.h"
#include "kaigo/io.h"

/* libxml2 parser options used for every parse. */
#define KAIGO_XMLIN_OPTIONS (XML_PARSE_NONET | XML_PARSE_COMPACT)

/*
 * Install the process-wide guards (an entity loader that reads local files
 * only, never a URL; CP932 for documents declared Shift_JIS).  Idempotent;
 * call once before any parsing.
 */
void kaigo_xmlin_init(void);

/* A streaming reader and what its callbacks need. */
struct kaigo_xmlin {
	xmlTextReaderPtr reader;      /* owned; NULL when closed */
	struct kaigo_input *in;       /* borrowed; must outlive the reader */
	struct kaigo_diag_sink *sink; /* borrowed */
	unsigned long doctype_line;   /* where "<!DOCTYPE" was seen in the bytes read, 0 if not */
	unsigned long doctype_col;    /* its column, in characters */
	unsigned long scan_line;      /* line of the next byte the DOCTYPE scan sees */
	unsigned long scan_col;       /* column of that byte */
	int scan_match;               /* bytes of "<!DOCTYPE" matched so far */
	long long scanned;            /* bytes scanned; the scan stops after the prolog */
	int doctype_reported;         /* the DOCTYPE refusal was said (once) */
	int read_failed;              /* the input failed: the parser's complaints that follow are noise */
	int conv_reported;            /* an encoding conversion failure was said (once) */
};

/*
 * Report that the document has a DOCTYPE (rule "xml.doctype"), once per
 * reader: when libxml2 already choked on the DTD, or when the reader
 * shows the DOCTYPE node.
 */
void kaigo_xmlin_refuse_doctype(struct kaigo_xmlin *x, unsigned long line);

/*
 * Open a streaming reader over in.  Parse errors go to sink with file,
 * line and column (rule "xml.parse"); while the reader is open, every
 * libxml2 message goes there.  encoding, when non-NULL, overrides the
 * document's own declaration.  A declared "Shift_JIS" is read as CP932,
 * as the care-plan standard and every Windows export mean it.  Returns 0,
 * or -1 when out of memory.  Close with kaigo_xmlin_close.
 */
int kaigo_xmlin_open(struct kaigo_xmlin *x, struct kaigo_input *in, const char *encoding,
		     struct kaigo_diag_sink *sink);
void kaigo_xmlin_close(struct kaigo_xmlin *x);

/*
 * The record streamer: walk the records of one XML file (path, "-" or
 * NULL for standard input) one at a time, so memory does not grow with
 * the file.  root() sees the root element's namespace (NULL if none),
 * local name and line, and answers 1 when the root itself is the one
 * record, 0 when its element children are the records, -1 to stop (after
 * reporting why).  record() gets each record expanded into a subtree of
 * the reader's document, freed after the call.  pi() (may be NULL) gets
 * every processing instruction outside the records.  A callback returning
 * -1 stops the walk.  Returns 0, or -1 on a read or parse failure
 * (reported) or when a callback stopped it.
 */
struct kaigo_xmlin_walk {
	int (*root)(void *ctx, const char *ns, const char *local, unsigned long line);
	int (*record)(void *ctx, xmlNodePtr rec);
	int (*pi)(void *ctx, const char *target, const char *data, unsigned long line);
	void *ctx;
};

int kaigo_xmlin_records(const char *path, const struct kaigo_xmlin_walk *w, struct kaigo_diag_sink *sink);

/*
 * document() in rule files and stylesheets.  A user's --rules or
 * --stylesheet file runs with the user's rights, so what its document()
 * may read is restricted to: the data directory (set here by the
 * catalogue), the directory of the rule or stylesheet file (base), and
 * the directory of the input (input; may be NULL).  Symbolic links are
 * resolved first, so a link cannot lead out.  Only local files; a target
 * with a DOCTYPE is refused as every kaigo parse refuses one.
 */
void kaigo_xmlin_set_datadir(const char *dir);

/* Why kaigo_xmlin_document gave no document. */
struct kaigo_xmlin_refusal {
	char message[400];      /* the reason, one line; "" when the file merely failed to parse */
	unsigned long line;     /* line in the target (the DOCTYPE), 0 if none */
};

/*
 * Load uri (as resolved by the caller: absolute, or relative to the
 * working directory) for document(); base is the rule or stylesheet file
 * whose directory may be read.  Returns a new
 * document (free with xmlFreeDoc), or NULL with *why filled: outside the
 * allowed directories, not a local file, a DOCTYPE, unreadable.
 */
xmlDocPtr kaigo_xmlin_document(const char *uri, const char *base, const char *input,
			       struct kaigo_xmlin_refusal *why);

#endif
