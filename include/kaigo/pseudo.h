/*
 * pseudo.h - keyed, consistent pseudonyms for kaigo data (kaigo-pseudonymize).
 *
 * A secret key drives HMAC-SHA-256 (libgcrypt), so the same real value
 * gets the same pseudonym in every file and every run with that key, and
 * nobody without the key can reverse or recompute the mapping.  Every
 * generator keeps the format of what it replaces: 被保険者番号 and
 * 事業所番号 stay valid numbers (the latter with its check digit), names
 * come from synthetic lists with matching readings, addresses keep the
 * prefecture and municipality, telephone numbers become numbers that
 * cannot reach a subscriber, birth dates stay in their year and era.
 *
 * What is personal is data: schemas/publish/privacy.xml names the
 * personal elements per document type; schemas/pseudo/fields.xml adds a
 * few and says which generator each element gets; the .txt files of
 * schemas/pseudo hold the name and place lists.  The XML and CSV runs (pseudo_xml.c,
 * pseudo_csv.c) use these; the generators are exposed for the tests.
 */
#ifndef KAIGO_PSEUDO_H
#define KAIGO_PSEUDO_H

#include <stddef.h>

#include "kaigo/buf.h"
#include "kaigo/catalog.h"
#include "kaigo/diag.h"
#include "kaigo/io.h"
#include "kaigo/layout.h"

/* What a value is, and so which generator replaces it. */
enum kaigo_pseudo_kind {
	KAIGO_PSEUDO_NONE = 0,   /* not personal: left alone (free text is searched) */
	KAIGO_PSEUDO_NAME,       /* 氏名, kanji: 緑川 ハル */
	KAIGO_PSEUDO_KANA,       /* フリガナ: the reading of the pseudonym of the name */
	KAIGO_PSEUDO_INSURED,    /* 被保険者番号: digits permuted, letters kept */
	KAIGO_PSEUDO_OFFICE,     /* 事業所番号: serial permuted, check digit recomputed */
	KAIGO_PSEUDO_BIRTHDATE,  /* 生年月日: another day of the same year (or band of years) and era */
	KAIGO_PSEUDO_ADDRESS,    /* 住所１: prefecture and municipality kept, the rest replaced */
	KAIGO_PSEUDO_BUILDING,   /* 住所２: building and room */
	KAIGO_PSEUDO_POSTAL,     /* 郵便番号: first three digits kept */
	KAIGO_PSEUDO_PHONE,      /* 電話番号: a number no subscriber has */
	KAIGO_PSEUDO_NKINDS
};

/* Options of a run (kaigo-pseudonymize(1)). */
struct kaigo_pseudo_opts {
	int insured_keep;   /* leading characters of a 被保険者番号 kept as they are (0-8) */
	int offices;        /* also replace 事業所番号 (in fields; file names keep theirs) */
	int check;          /* after each record: report input values still in the output */
	int detect;         /* run the privacy detector over free text */
	int replace_municipality; /* also replace prefecture and municipality (and the
				     postal code's area), from pseudo/municipalities.txt */
	int birth_band;     /* a birth date moves within its band of this many years
			       (1936 with 5: 1935-1939), never across an era's first
			       day; 0 or 1: within its year */
};

struct kaigo_pseudo;

/* Minimum and maximum key length in bytes (after a trailing newline is dropped). */
#define KAIGO_PSEUDO_KEY_MIN 16
#define KAIGO_PSEUDO_KEY_MAX 4096

/*
 * Returns a new pseudonymizer: the key read from keyfile (refused, rule
 * "pseudo.key", when it is missing, shorter than KAIGO_PSEUDO_KEY_MIN
 * bytes, or readable or writable by others), the lists and field kinds
 * from the catalog's data directory (rule "pseudo.load").  NULL after
 * reporting; *why is 3 for a key or I/O problem, 4 for a data file.
 * Free with kaigo_pseudo_free.
 */
struct kaigo_pseudo *kaigo_pseudo_new(const struct kaigo_catalog *cat, const char *keyfile,
				      const struct kaigo_pseudo_opts *o, struct kaigo_diag_sink *sink,
				      int *why);
void kaigo_pseudo_free(struct kaigo_pseudo *ps);

/*
 * HMAC-SHA-256 under the key of (domain, 0x00, data): 32 bytes into out.
 * Returns 0, -1 on a libgcrypt failure.
 */
int kaigo_pseudo_mac(struct kaigo_pseudo *ps, const char *domain, const void *data, size_t n,
		     unsigned char out[32]);

/*
 * Replace one value s[0..n) (UTF-8) of the given kind, appending the
 * pseudonym to out.  pair, for KANA, is the name of the same person in
 * the same record (UTF-8, may be NULL): the reading is then that of the
 * name's pseudonym.  An empty value stays empty; a value the generator
 * does not recognise (a date that is not one) is replaced by asterisks of
 * its length.  Returns 0, -1 when out of memory.
 */
int kaigo_pseudo_value(struct kaigo_pseudo *ps, enum kaigo_pseudo_kind kind, const char *s, size_t n,
		       const char *pair, size_t pair_n, struct kaigo_buf *out);

/* The kind that element local name gets, from schemas/pseudo/fields.xml. */
enum kaigo_pseudo_kind kaigo_pseudo_kind_of(const struct kaigo_pseudo *ps, const char *local);

/* Check digit of a 事業所番号 (first 9 characters; the third may be a letter), or -1. */
int kaigo_pseudo_office_check_digit(const char *n9);

/*
 * Is s exactly a name or a reading of the surname and given-name lists
 * the pseudonyms are drawn from (such a value may come out again as
 * someone else's pseudonym, so --check does not call it a leak): 1 or 0.
 */
int kaigo_pseudo_listed(const struct kaigo_pseudo *ps, const char *s);

/* Counts of a run. */
struct kaigo_pseudo_stats {
	unsigned long records;    /* XML records or CSV rows read */
	unsigned long values;     /* personal field values replaced */
	unsigned long freetext;   /* replacements inside free text */
	unsigned long files;      /* files written (-d) */
	unsigned long leaks;      /* --check findings */
};

/*
 * XML: stream the records of file (path, "-" or NULL for standard input),
 * replace the personal elements and the personal values found in each
 * record's free text, and write the document to out (borrowed; the caller
 * commits or aborts it) in UTF-8: one document per call.  Data problems
 * (--check findings) are counted in sink->errors and st.  Returns 0, -1
 * on an I/O or parse failure (reported; exit 3), -2 when a data file
 * failed to load (exit 4).
 */
int kaigo_pseudo_xml(struct kaigo_pseudo *ps, const char *file, struct kaigo_output *out,
		     struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st);

/*
 * One part of a collection cut at record boundaries by kaigo_split_plan
 * (-j): path is read (its prelude gives the root and keeps the original
 * lines), name is the input in messages; head: write the XML declaration,
 * what precedes the root and its start tag (the first part); tail: the
 * root's end tag (the last part).  The parts' outputs, concatenated in
 * order, are the output of the whole file.  Returns like kaigo_pseudo_xml.
 */
int kaigo_pseudo_xml_part(struct kaigo_pseudo *ps, const char *path, const char *name, int head, int tail,
			  struct kaigo_output *out, struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st);

/*
 * CSV: each file through layout (or, with layout NULL, the layout its
 * standard file name names), byte for byte except the replaced fields:
 * quoting, line ends (CRLF inside quotes too) and encoding are kept.
 * With dir, each file is written to dir under its own name, all or none:
 * after an error (a malformed record, which is reported and skipped, or a
 * --check finding) no file is written (a note says so).  Without dir all
 * go to out, and the caller decides.  Returns like kaigo_pseudo_xml.
 */
int kaigo_pseudo_csv(struct kaigo_pseudo *ps, struct kaigo_layout *layout, char **files, size_t nfiles,
		     const char *dir, struct kaigo_output *out, struct kaigo_diag_sink *sink,
		     struct kaigo_pseudo_stats *st);

/*
 * kaigo_pseudo_csv in three steps, so that the files can be written by
 * several processes (-j): kaigo_pseudo_csv_begin reads every file for the
 * persons' values and what the privacy detector finds in their free text,
 * and with dir opens every output; *rc gets 0, or -1 / -2 as
 * kaigo_pseudo_csv returns (then go to kaigo_pseudo_csv_end).
 * kaigo_pseudo_csv_file writes file i (in files' order without dir), its
 * output depending on nothing written before; in a forked process it
 * leaves the output for the parent to commit.  kaigo_pseudo_csv_end
 * commits every output or none (with dir: none after an error counted in
 * sink, which must include those of the other processes) and frees the
 * run; it returns rc, or -1 when a commit failed.
 */
struct kaigo_pseudo_csv_run;
struct kaigo_pseudo_csv_run *kaigo_pseudo_csv_begin(struct kaigo_pseudo *ps, struct kaigo_layout *layout, char **files,
						    size_t nfiles, const char *dir, struct kaigo_output *out,
						    struct kaigo_diag_sink *sink, struct kaigo_pseudo_stats *st, int *rc);
int kaigo_pseudo_csv_file(struct kaigo_pseudo_csv_run *run, size_t i, struct kaigo_diag_sink *sink,
			  struct kaigo_pseudo_stats *st);
int kaigo_pseudo_csv_end(struct kaigo_pseudo_csv_run *run, int rc, struct kaigo_diag_sink *sink,
			 struct kaigo_pseudo_stats *st);

#endif
