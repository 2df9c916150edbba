/*
 * outsafe.h - outputs that cannot carry an attack on their readers
 * (docs/publish.md, "Output safety").
 *
 * Two checks on what kaigo-publish writes, whatever stylesheet made it:
 *   links   every URL-valued attribute of an HTML/XML result (href, src,
 *           action, …) must be relative or use http, https or mailto; a
 *           javascript: or data: URL taken from a record would run in the
 *           reader's browser (stored XSS);
 *   CSV     a cell that begins with = + - @ TAB or CR is read as a formula
 *           by spreadsheet programs (OWASP "CSV injection"); such a cell,
 *           and one that begins with an apostrophe, gets a leading
 *           apostrophe.  A reader that knows the rule drops one leading
 *           apostrophe from every cell that has one and gets the value back.
 */
#ifndef KAIGO_OUTSAFE_H
#define KAIGO_OUTSAFE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "kaigo/diag.h"

struct kaigo_buf;

/*
 * 1 when the URL s (an attribute value as a browser reads it: leading and
 * trailing spaces and control characters, and tabs and line breaks
 * anywhere, are ignored; the scheme is case-insensitive) is relative or
 * its scheme is http, https or mailto; 0 otherwise.
 */
int kaigo_outsafe_url_ok(const char *s);

/*
 * Check every URL-valued attribute of result (href, src, action,
 * formaction, data, poster, cite, background, srcset, xlink:href, and the
 * url= of <meta http-equiv="refresh">).  Each unsafe one is reported as an
 * error (rule "publish.unsafe-url") against file and line.  Returns the
 * number found.
 */
long kaigo_outsafe_check_urls(xmlDocPtr result, const char *file, unsigned long line,
			      struct kaigo_diag_sink *sink);

/*
 * Append the CSV text csv (n bytes; RFC 4180, quoted or bare cells, in
 * UTF-8 or another encoding in which '"', ',', CR and LF never occur inside
 * a multibyte character) to out with every cell that begins with = + - @
 * TAB CR or ' prefixed by an apostrophe (inside its quotes when quoted).
 * Returns the number of cells changed, or -1 when out of memory.
 */
long kaigo_outsafe_csv(const char *csv, size_t n, struct kaigo_buf *out);

#endif
