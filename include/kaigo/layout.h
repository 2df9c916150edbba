/*
 * layout.h - CSV layouts: how the rows of one CSV file map to records of a
 * kaigo document type, in both directions (DESIGN §6).
 *
 * A layout is data (schemas/layouts/NAME.xml, format in layout.xsd and
 * docs/layouts.md).  Loading one validates it against layout.xsd and then
 * checks every path against the XSD of its document type, so a typo in a
 * path is an error at load time naming the layout file and line, not a
 * silently empty column.  The XSD also gives each element its position
 * among its siblings, which is the order the converter writes them in
 * whatever the column order.
 */
#ifndef KAIGO_LAYOUT_H
#define KAIGO_LAYOUT_H

#include <stddef.h>
#include <stdio.h>
#include "kaigo/catalog.h"
#include "kaigo/codec.h"
#include "kaigo/diag.h"
#include "kaigo/norm.h"

enum kaigo_coltype {
	KAIGO_COL_TEXT, KAIGO_COL_CODE, KAIGO_COL_DIGITS, KAIGO_COL_ALNUM, KAIGO_COL_ASCII,
	KAIGO_COL_INTEGER, KAIGO_COL_DECIMAL, KAIGO_COL_DATE, KAIGO_COL_MONTH, KAIGO_COL_TIME
};

enum kaigo_datefmt {
	KAIGO_DATE_COMPACT,  /* YYYYMMDD */
	KAIGO_DATE_SLASH,    /* YYYY/MM/DD */
	KAIGO_DATE_ISO,      /* YYYY-MM-DD */
	KAIGO_DATE_WAREKI,   /* read anything, write 令和7年4月1日 */
	KAIGO_DATE_ANY       /* read anything, write YYYY/MM/DD */
};

enum kaigo_quote { KAIGO_QUOTE_AUTO, KAIGO_QUOTE_ALWAYS, KAIGO_QUOTE_NEVER };

/* One step of a path: an element (optionally with one fixed key) or, last, an attribute. */
struct kaigo_step {
	char *name;          /* local name */
	int attr;            /* 1: an attribute (only as the last step) */
	char *pred;          /* fixed key: attribute or child name, or NULL */
	int pred_attr;       /* the key is an attribute */
	char *pred_value;    /* its value */
	int ordinal;         /* position among the parent's children in the XSD */
};

struct kaigo_path {
	struct kaigo_step *steps;
	size_t n;            /* 0: the record itself */
	char *text;          /* as written in the layout */
};

struct kaigo_valmap {
	char *csv;           /* label in the CSV (UTF-8) */
	char *xml;           /* value in XML */
};

struct kaigo_column {
	char *name;                 /* column name (header row, messages) */
	int has_path;
	struct kaigo_path path;     /* where the value goes */
	enum kaigo_coltype type;
	enum kaigo_datefmt datefmt;
	size_t length;              /* longest value in characters; 0 = any */
	int exact;                  /* non-empty values have exactly length characters */
	int required;
	char **codes;               /* allowed values (NULL-terminated), or NULL */
	struct kaigo_valmap *maps;  /* CSV label ⇄ XML value */
	size_t nmaps;
	char *fixed;                /* columns without path: the value they must hold */
	int has_profile;
	enum kaigo_norm_profile profile;
	enum kaigo_quote quote;
	int repeat;                 /* deepest repeat enclosing the path, or -1 */
	unsigned long line;         /* line in the layout file */
};

struct kaigo_repeat {
	struct kaigo_path path;
	int has_key;
	struct kaigo_path key;      /* relative to the repeated element */
	int key_column;             /* column whose path is path/key, or -1 */
	int parent;                 /* enclosing repeat, or -1 */
};

struct kaigo_constant {
	struct kaigo_path path;
	char *value;
};

struct kaigo_layout {
	char *source;               /* the layout file */
	char *name, *title, *spec;
	const struct kaigo_doctype *doctype; /* borrowed from the catalog */
	struct kaigo_path row;      /* n == 0: the record */
	enum kaigo_enc encoding;
	int crlf;
	int header;
	char *file;                 /* standard file-name prefix, or NULL */
	int naming;                 /* 3, 4, or 0 */
	int month;                  /* 0 none, 1 zero (000000), 2 YYYYMM; -1 unset */
	char *unit;                 /* send unit, or NULL */
	int parent;
	int order;
	int version_column;         /* 0-based, or -1 */
	char **versions;            /* NULL-terminated, or NULL */
	struct kaigo_path keys[8];
	int key_columns[8];         /* column giving each key */
	size_t nkeys;
	struct kaigo_repeat repeats[8];
	size_t nrepeats;
	struct kaigo_constant constants[8];
	size_t nconstants;
	struct kaigo_column *cols;
	size_t ncols;
};

/*
 * Load a layout: spec is a bundled layout's name (UP1KYO) or a file path
 * (anything with a '/' or ending in ".xml").  Problems go to sink with
 * the layout file and line (rule "layout.load"); returns NULL then and
 * the tool exits with status 4.
 */
struct kaigo_layout *kaigo_layout_load(const struct kaigo_catalog *cat, const char *spec,
				       struct kaigo_diag_sink *sink);
void kaigo_layout_free(struct kaigo_layout *l);

/*
 * The names of the bundled layouts (the .xml files of schemas/layouts,
 * without layout.xsd), sorted, NULL-terminated; free with kaigo_layout_names_free.
 * NULL when the directory cannot be read.
 */
char **kaigo_layout_names(const struct kaigo_catalog *cat);
void kaigo_layout_names_free(char **names);
/*
 * Write one line per bundled layout to out (the caller's stream): name,
 * document type, number of columns, title (the --list-layouts of
 * kaigo-csv2xml and kaigo-xml2csv).  Returns 0, or -1 after reporting a
 * layout or the directory that cannot be read (exit 4).
 */
int kaigo_layout_print_list(const struct kaigo_catalog *cat, FILE *out, struct kaigo_diag_sink *sink);

/* A parsed standard file name (ケアプランデータ連携標準仕様 §1.3). */
struct kaigo_stdname {
	char prefix[16];     /* UP1KYO, UPHOSOKU, UPKIHON_SUB1, ... */
	char month[7];       /* YYYYMM, 000000, or "" when the name has none */
	char from[11], from_kind[3];
	char to[11], to_kind[3];    /* kinds are "" in 3.x names */
	char ts[15];         /* YYYYMMDDHHMMSS: the send unit */
	int naming;          /* 4 or 3 */
};

/*
 * Parse the last component of path as a standard file name.  Returns 0,
 * or -1 if it is not one.  Upper-case ".CSV"; a lower-case ".csv" is
 * accepted too.
 */
int kaigo_stdname_parse(const char *path, struct kaigo_stdname *n);
/* Format n as a file name (no directory) into out.  Returns its length. */
size_t kaigo_stdname_format(const struct kaigo_stdname *n, char *out, size_t outsz);

#endif
