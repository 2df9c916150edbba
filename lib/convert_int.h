/*
 * convert_int.h - private to the converter (lib/conv*.c).
 *
 * CSV → XML builds one record at a time as a tree of nodes in an arena
 * (convtree.c) from rows checked column by column (convrow.c); the files of
 * a send unit are joined by key (convunit.c).  XML → CSV streams records
 * and writes their rows (convx2c.c); a directory of standard-named files
 * is made from the send units the XML names (convname.c).  This header is
 * what those files share: the converter's state and the functions one
 * part calls in another.
 */
#ifndef KAIGO_CONVERT_INT_H
#define KAIGO_CONVERT_INT_H

#include <stdarg.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "kaigo/buf.h"
#include "kaigo/codec.h"
#include "kaigo/convert.h"
#include "kaigo/csv.h"
#include "kaigo/norm.h"

/* ---- the record tree (convtree.c) ----------------------------------- */

/* Arena for one record's nodes and strings: freed all at once. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct chunk *head;
	struct chunk *spare; /* one chunk kept for the next record */
};

struct tattr {
	const char *name;
	const char *value;
	struct tattr *next;
};

struct tnode {
	const char *name;
	int ordinal;
	unsigned long gen;          /* the row that created it */
	struct tnode *parent, *first, *last, *next, *prev;
	struct tattr *attrs;
	const char *text;           /* NULL: no text */
};

enum undo_kind { UNDO_NODE, UNDO_TEXT, UNDO_ATTR };

struct undo {
	enum undo_kind kind;
	struct tnode *node;
	struct tattr *attr;
};

void kaigo_conv_arena_release(struct arena *a);

/* ---- CSV → XML state ------------------------------------------------ */

struct value {
	size_t off, len;   /* in c->vals; len 0 = empty */
	size_t chars;      /* characters in the CSV form */
};

struct c2x_file {
	const char *path;
	struct kaigo_layout *layout;
	struct kaigo_stdname nm;
	int has_nm;
	char version[16];           /* the file's CSV version, from its first row */
	unsigned long version_line;
};

struct kaigo_c2x {
	struct kaigo_output *out, *reject;
	struct kaigo_diag_sink *sink;
	struct kaigo_c2x_stats st;
	struct kaigo_codec *codec[3];
	struct kaigo_norm *norm[KAIGO_NORM_NPROFILES];
	int started;                 /* the collection start tag is written */
	const struct kaigo_doctype *doctype; /* of the collection */
	/* the record being built */
	struct arena arena;
	struct tnode *root;
	const struct kaigo_layout *root_layout;
	struct kaigo_buf key;        /* its key */
	unsigned long gen;           /* rows applied so far (node generations) */
	/* the row being placed */
	struct kaigo_buf vals, tmp, xml, reason;
	struct value *v;
	size_t vcap;
	struct undo *undo;
	size_t nundo, undocap;
	struct tnode *bind[8];
	const char *reason_rule;
	unsigned long reason_column; /* column (characters) the reason points at, 0 if none */
	char last_csv_msg[300];      /* what the CSV reader said about a BAD record */
	const char *last_csv_rule;
	struct kaigo_diag_sink csv_sink;
	/*
	 * The records the run's UP1KYO, UPPLAN and UPJSK files send ("PREFIX\x1e"
	 * + key → the earliest ファイル連番 sending it), so that a deletion of a
	 * record the run only sends later is refused.  Owned by convunit.c.
	 */
	int (*sent_later)(struct kaigo_c2x *c, const struct c2x_file *f, const struct kaigo_csv_record *rec,
			  const char **when);
	void *sent;
	/* a file of a send unit converted alone (--layout with a child layout) */
	char partial_parent[16];     /* the unit's parent file prefix (UP1KYO, UPPLAN), "" if none */
};

#define MAX_REASON 400          /* bytes of a reject reason (values are quoted in it) */
#define MAX_FIELD (1u << 20)    /* bytes of one field: XML text is limited to 10 MB downstream */

/* A CSV reader over the physical lines of a file or of a byte range of it. */
struct src {
	struct kaigo_lines lr;
	struct kaigo_input in;
	struct kaigo_line_source ls;
	struct kaigo_csv_reader *rd;
	struct kaigo_diag_sink *sink;
	const char *file;
	int failed;
	unsigned long base_line;   /* physical line of the first line served */
	int part;                  /* a byte range of a file, not its start */
	int utf8;                  /* the layout is UTF-8: a byte order mark is dropped */
};

/* convtree.c: the record's nodes, its XML, placing a row */
struct kaigo_c2x;
int kaigo_conv_emit(struct kaigo_c2x *c, const char *s, size_t n);
int kaigo_conv_start_collection(struct kaigo_c2x *c, const struct kaigo_doctype *t);
int kaigo_conv_flush_record(struct kaigo_c2x *c);
void kaigo_conv_drop_record(struct kaigo_c2x *c);
struct tnode *kaigo_conv_new_node(struct kaigo_c2x *c, struct tnode *parent, const char *name, int ordinal);
struct tnode *kaigo_conv_step_into(struct kaigo_c2x *c, struct tnode *p, const struct kaigo_step *st);
const char *kaigo_conv_attr_get(const struct tnode *n, const char *name);
int kaigo_conv_attr_set(struct kaigo_c2x *c, struct tnode *n, const char *name, const char *value);
int kaigo_conv_set_text(struct kaigo_c2x *c, struct tnode *n, const char *value);
int kaigo_conv_apply_row(struct kaigo_c2x *c, const struct kaigo_layout *l);
int kaigo_conv_repeat_at(const struct kaigo_layout *l, size_t d);

/* convrow.c: one row, one file */
const char *kaigo_conv_val(const struct kaigo_c2x *c, size_t col);
void kaigo_conv_set_reason(struct kaigo_c2x *c, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kaigo_conv_reject_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
			  unsigned long line, const char *rule, const char *reason, int report);
int kaigo_conv_row_key(const struct kaigo_layout *l, const struct kaigo_csv_record *rec, struct kaigo_buf *k);
int kaigo_conv_new_record(struct kaigo_c2x *c, const struct kaigo_layout *l);
int kaigo_conv_src_open(struct kaigo_c2x *c, struct src *s, const char *path, long long start, long long end,
			unsigned long base_line);
void kaigo_conv_src_close(struct src *s);
int kaigo_conv_do_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
		      unsigned long line, int joining);
int kaigo_conv_convert_file(struct kaigo_c2x *c, struct c2x_file *f);

/* ---- XML → CSV (convx2c.c) ------------------------------------------ */

#define X2C_NAMES 4096 /* a power of two */

struct x2c {
	struct kaigo_diag_sink *sink;
	struct kaigo_x2c_stats *st;
	struct kaigo_buf *pending;   /* directory mode: the record's rows for one file, kept until
					every file's rows of the record are made (whole records or none) */
	unsigned long pending_rows;  /* rows in the pending buffers of this record */
	int record_refused;          /* a row of the record could not be encoded */
	struct kaigo_codec *codec[3];
	struct kaigo_buf row, val, fmt, enc;
	xmlNodePtr bind[8];
	const char *file;
	unsigned long record;    /* records seen in this file */
	unsigned long line;      /* line of the record element */
	int failed;
	struct kaigo_buf scratch;
	/*
	 * Element names compared by pointer: the reader interns every name in
	 * its dictionary, so a layout name looked up once in the same
	 * dictionary is equal to a node's name exactly when the pointers are.
	 * The table maps a layout string (by address) to its interned copy; it
	 * is cleared whenever the dictionary changes (a new file).
	 */
	xmlDictPtr dict;
	int interned;            /* this document's names are in dict */
	size_t nnames;
	struct xname {
		const char *key;
		const xmlChar *iname;
	} names[X2C_NAMES];
};

/*
 * Stream the records of one XML file: the children of a root named
 * collection, or the root itself.  For each record call fr; for each
 * <?kaigo-unit?> call fp (may be NULL).
 */
typedef int (*record_fn)(void *ctx, xmlNodePtr rec);
typedef int (*pi_fn)(void *ctx, const char *data, unsigned long line);

int kaigo_conv_record_rows(struct x2c *x, const struct kaigo_layout *l, xmlNodePtr rec, struct kaigo_output *out);
int kaigo_conv_stream_records(struct x2c *x, const char *path, const struct kaigo_doctype *type, record_fn fr,
			      pi_fn fp, void *ctx);
void kaigo_conv_x2c_release(struct x2c *x);

#endif
