/*
 * convrow.c - CSV rows to records: decoding and checking each field against
 * its column, rejecting a row with its reason and original bytes, and one
 * file converted through one layout.  See convert.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "convert_int.h"

#include "kaigo/era.h"

static void csv_capture(void *ctx, const struct kaigo_diag *d)
{
	struct kaigo_c2x *c = ctx;

	snprintf(c->last_csv_msg, sizeof(c->last_csv_msg), "%s", d->message);
	c->last_csv_rule = d->rule;
	kaigo_diag_emit(c->sink, d);
}

struct kaigo_c2x *kaigo_c2x_new(struct kaigo_output *out, struct kaigo_output *reject,
				struct kaigo_diag_sink *sink)
{
	struct kaigo_c2x *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->out = out;
	c->reject = reject;
	c->sink = sink;
	c->csv_sink.emit = csv_capture;
	c->csv_sink.ctx = c;
	return c;
}

void kaigo_c2x_free(struct kaigo_c2x *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < 3; i++)
		kaigo_codec_free(c->codec[i]);
	for (i = 0; i < KAIGO_NORM_NPROFILES; i++)
		kaigo_norm_free(c->norm[i]);
	kaigo_conv_arena_release(&c->arena);
	kaigo_buf_release(&c->key);
	kaigo_buf_release(&c->vals);
	kaigo_buf_release(&c->tmp);
	kaigo_buf_release(&c->xml);
	kaigo_buf_release(&c->reason);
	free(c->v);
	free(c->undo);
	free(c);
}

const struct kaigo_c2x_stats *kaigo_c2x_stats(const struct kaigo_c2x *c)
{
	return &c->st;
}

static struct kaigo_codec *codec_for(struct kaigo_c2x *c, enum kaigo_enc enc)
{
	char err[200];

	if (!c->codec[enc] && !(c->codec[enc] = kaigo_codec_new(enc, err, sizeof(err))))
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, NULL, 0, 0, "convert.codec", "%s", err);
	return c->codec[enc];
}

const char *kaigo_conv_val(const struct kaigo_c2x *c, size_t col)
{
	return c->vals.data + c->v[col].off;
}

void kaigo_conv_set_reason(struct kaigo_c2x *c, const char *rule, const char *fmt, ...)
{
	va_list ap;

	kaigo_buf_reset(&c->reason);
	va_start(ap, fmt);
	kaigo_buf_vaddf(&c->reason, fmt, ap);
	va_end(ap);
	c->reason_rule = rule;
	if (c->reason.len > MAX_REASON) {
		/* a reason quotes values: a long one is cut (at a character) */
		size_t k = MAX_REASON;

		while (k > 0 && ((unsigned char)c->reason.data[k] & 0xC0) == 0x80)
			k--;
		c->reason.len = k;
		c->reason.data[k] = '\0';
		kaigo_buf_add(&c->reason, "…", strlen("…"));
	}
}

/* --- converting one field -------------------------------------------- */

static size_t utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static int is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int in_list(char **list, const char *s)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void list_text(char **list, char *out, size_t outsz)
{
	size_t i, k = 0;

	out[0] = 0;
	for (i = 0; list && list[i] && k + 1 < outsz; i++) {
		int w = snprintf(out + k, outsz - k, "%s%s", i ? ", " : "", list[i]);

		if (w < 0 || (size_t)w >= outsz - k)
			break;
		k += (size_t)w;
	}
}

/* Check and convert the UTF-8 CSV value s[0..n) of column col into c->tmp. Returns 0 or 1 (reason set). */
static int convert_value(struct kaigo_c2x *c, const struct kaigo_column *col, const char *s, size_t n)
{
	size_t i;
	char list[200];

	kaigo_buf_reset(&c->tmp);
	if (n > MAX_FIELD) {
		kaigo_conv_set_reason(c, "convert.too-long", "column '%s': a value of %zu bytes; kaigo takes at most %u "
			   "(1 MiB) per field", col->name, n, MAX_FIELD);
		return 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
			kaigo_conv_set_reason(c, "convert.control", "column '%s': control character 0x%02X cannot be "
				   "held in XML", col->name, b);
			return 1;
		}
		if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			/* U+FFFE, U+FFFF: valid UTF-8, but not XML characters */
			kaigo_conv_set_reason(c, "convert.control", "column '%s': U+FFF%c cannot be held in XML",
				   col->name, (unsigned char)s[i + 2] == 0xBE ? 'E' : 'F');
			return 1;
		}
		if (b == 0xEE && i + 2 < n) {
			/* U+E000..U+F8FF: UTF-8 EE 80 80 .. EF A3 BF */
			kaigo_conv_set_reason(c, "convert.private-use", "column '%s': private-use character (外字), "
				   "which the standard forbids", col->name);
			return 1;
		}
		if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] <= 0xA3) {
			kaigo_conv_set_reason(c, "convert.private-use", "column '%s': private-use character (外字), "
				   "which the standard forbids", col->name);
			return 1;
		}
	}
	if (n == 0) {
		if (col->required) {
			kaigo_conv_set_reason(c, "convert.required", "column '%s' is required but empty", col->name);
			return 1;
		}
		return kaigo_buf_add(&c->tmp, "", 0) < 0 ? -1 : 0;
	}
	if (col->length) {
		size_t k = utf8_chars(s, n);

		if (k > col->length || (col->exact && k != col->length)) {
			kaigo_conv_set_reason(c, "convert.length", "column '%s': '%.*s' has %zu characters, the layout "
				   "allows %s%zu", col->name, (int)n, s, k, col->exact ? "exactly " : "at most ",
				   col->length);
			return 1;
		}
	}
	if (col->has_profile) {
		struct kaigo_norm_issue iss;
		char err[200];

		if (!c->norm[col->profile] && !(c->norm[col->profile] = kaigo_norm_new(col->profile, err, sizeof(err)))) {
			kaigo_conv_set_reason(c, "convert.norm", "column '%s': %s", col->name, err);
			return 1;
		}
		kaigo_buf_reset(&c->xml);
		if (kaigo_norm_value(c->norm[col->profile], s, n, &c->xml, &iss) == KAIGO_NORM_ERROR) {
			kaigo_conv_set_reason(c, iss.rule, "column '%s': %s", col->name, iss.message);
			return 1;
		}
		if (col->type == KAIGO_COL_DATE && col->profile == KAIGO_NORM_DATE) {
			/* already ISO */
			return kaigo_buf_add(&c->tmp, c->xml.data, c->xml.len) < 0 ? -1 : 0;
		}
		s = c->xml.data ? c->xml.data : "";
		n = c->xml.len;
	}
	if (col->nmaps) {
		for (i = 0; i < col->nmaps; i++)
			if (strlen(col->maps[i].csv) == n && memcmp(col->maps[i].csv, s, n) == 0)
				break;
		if (i == col->nmaps) {
			size_t k = 0;

			list[0] = 0;
			for (i = 0; i < col->nmaps && k + 1 < sizeof(list); i++) {
				int w = snprintf(list + k, sizeof(list) - k, "%s%s", i ? ", " : "", col->maps[i].csv);

				if (w < 0 || (size_t)w >= sizeof(list) - k)
					break;
				k += (size_t)w;
			}
			kaigo_conv_set_reason(c, "convert.code", "column '%s': unknown value '%.*s' (expected one of %s)",
				   col->name, (int)n, s, list);
			return 1;
		}
		s = col->maps[i].xml;
		n = strlen(s);
	}
	switch (col->type) {
	case KAIGO_COL_TEXT:
		break;
	case KAIGO_COL_CODE:
		if (col->codes && !in_list(col->codes, kaigo_buf_add(&c->tmp, s, n) < 0 ? "" : c->tmp.data)) {
			list_text(col->codes, list, sizeof(list));
			kaigo_conv_set_reason(c, "convert.code", "column '%s': '%.*s' is not one of the codes %s",
				   col->name, (int)n, s, list);
			return 1;
		}
		kaigo_buf_reset(&c->tmp);
		break;
	case KAIGO_COL_DIGITS:
		if (!is_digits(s, n)) {
			kaigo_conv_set_reason(c, "convert.type", "column '%s': '%.*s' is not all digits", col->name, (int)n, s);
			return 1;
		}
		break;
	case KAIGO_COL_ALNUM:
	case KAIGO_COL_ASCII:
		for (i = 0; i < n; i++) {
			unsigned char b = (unsigned char)s[i];
			int ok = col->type == KAIGO_COL_ASCII ? (b >= 0x20 && b < 0x7F)
				 : ((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'));

			if (!ok) {
				kaigo_conv_set_reason(c, "convert.type", "column '%s': '%.*s' must be %s", col->name, (int)n, s,
					   col->type == KAIGO_COL_ASCII ? "ASCII" : "ASCII letters and digits");
				return 1;
			}
		}
		break;
	case KAIGO_COL_INTEGER:
	case KAIGO_COL_DECIMAL: {
		size_t k = (n && s[0] == '-') ? 1 : 0, d0 = k;
		int dot = 0, ok = 1;

		for (; k < n; k++) {
			if (s[k] == '.' && col->type == KAIGO_COL_DECIMAL && !dot && k > d0 && k + 1 < n)
				dot = 1;
			else if (s[k] < '0' || s[k] > '9')
				ok = 0;
		}
		if (!ok || n == d0) {
			kaigo_conv_set_reason(c, "convert.type", "column '%s': '%.*s' is not %s", col->name, (int)n, s,
				   col->type == KAIGO_COL_INTEGER ? "an integer" : "a number");
			return 1;
		}
		break;
	}
	case KAIGO_COL_DATE: {
		struct kaigo_era_date d = { 0, 0, 0 };
		char iso[16];
		int ok = 0;

		if (col->datefmt == KAIGO_DATE_COMPACT && n == 8 && is_digits(s, 8)) {
			d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			d.month = (s[4] - '0') * 10 + (s[5] - '0');
			d.day = (s[6] - '0') * 10 + (s[7] - '0');
			ok = 1;
		} else if ((col->datefmt == KAIGO_DATE_SLASH || col->datefmt == KAIGO_DATE_ISO) && n >= 8 && n <= 10) {
			int y, m, dd, used = 0, got;
			char tail;

			memcpy(iso, s, n);
			iso[n] = 0;
			if (col->datefmt == KAIGO_DATE_SLASH)
				got = sscanf(iso, "%4d/%2d/%2d%n%c", &y, &m, &dd, &used, &tail);
			else
				got = sscanf(iso, "%4d-%2d-%2d%n%c", &y, &m, &dd, &used, &tail);
			if (is_digits(s, 4) && got == 3 && (size_t)used == n && is_digits(s + n - 1, 1)) {
				d.year = y;
				d.month = m;
				d.day = dd;
				ok = 1;
			}
		} else if (col->datefmt == KAIGO_DATE_WAREKI || col->datefmt == KAIGO_DATE_ANY) {
			struct kaigo_era_result er;

			if (kaigo_era_parse(s, n, &er) == KAIGO_ERA_OK && er.date.day) {
				d = er.date;
				ok = 1;
			} else {
				kaigo_conv_set_reason(c, "convert.date", "column '%s': '%.*s' is not a date (%s)", col->name,
					   (int)n, s, er.detail[0] ? er.detail : "unrecognized form");
				return 1;
			}
		}
		if (!ok) {
			kaigo_conv_set_reason(c, "convert.date", "column '%s': '%.*s' is not a date in the form %s",
				   col->name, (int)n, s, col->datefmt == KAIGO_DATE_SLASH ? "YYYY/MM/DD"
				   : col->datefmt == KAIGO_DATE_ISO ? "YYYY-MM-DD" : "YYYYMMDD");
			return 1;
		}
		if (!kaigo_era_valid_ymd(d.year, d.month, d.day)) {
			kaigo_conv_set_reason(c, "convert.date", "column '%s': '%.*s': day does not exist", col->name,
				   (int)n, s);
			return 1;
		}
		kaigo_era_format_iso(&d, iso);
		return kaigo_buf_add(&c->tmp, iso, strlen(iso)) < 0 ? -1 : 0;
	}
	case KAIGO_COL_MONTH:
		if (n != 6 || !is_digits(s, 6) || (s[4] - '0') * 10 + (s[5] - '0') < 1 ||
		    (s[4] - '0') * 10 + (s[5] - '0') > 12) {
			kaigo_conv_set_reason(c, "convert.date", "column '%s': '%.*s' is not a month in the form YYYYMM",
				   col->name, (int)n, s);
			return 1;
		}
		kaigo_buf_add(&c->tmp, s, 4);
		kaigo_buf_addch(&c->tmp, '-');
		return kaigo_buf_add(&c->tmp, s + 4, 2) < 0 ? -1 : 0;
	case KAIGO_COL_TIME: {
		int ok = n == 4 && is_digits(s, 4);

		if (ok && !(col->codes && kaigo_buf_add(&c->tmp, s, n) == 0 && in_list(col->codes, c->tmp.data))) {
			int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[2] - '0') * 10 + (s[3] - '0');

			ok = mm < 60 && (hh < 24 || (hh == 24 && mm == 0));
		}
		kaigo_buf_reset(&c->tmp);
		if (!ok) {
			kaigo_conv_set_reason(c, "convert.time", "column '%s': '%.*s' is not a time HHMM", col->name, (int)n, s);
			return 1;
		}
		break;
	}
	}
	return kaigo_buf_add(&c->tmp, s, n) < 0 ? -1 : 0;
}

/* --- rows ------------------------------------------------------------ */

int kaigo_conv_reject_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
		      unsigned long line, const char *rule, const char *reason, int report)
{
	struct kaigo_buf b = KAIGO_BUF_INIT;
	int rc = 0;

	c->st.rejected++;
	if (report)
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, line, c->reason_column, rule, "row rejected: %s",
				  reason);
	c->reason_column = 0;
	if (c->reject) {
		kaigo_buf_addf(&b, "%s:%lu: %s [%s]\n", strcmp(f->path, "-") == 0 ? "<stdin>" : f->path,
			       line, reason, rule);
		if (b.data)
			rc = kaigo_output_write(c->reject, b.data, b.len, c->sink);
		if (rc == 0 && rec->raw_len)
			rc = kaigo_output_write(c->reject, rec->raw, rec->raw_len, c->sink);
		if (rc == 0 && rec->raw_len && rec->raw[rec->raw_len - 1] != '\n')
			rc = kaigo_output_write(c->reject, "\n", 1, c->sink);
	}
	kaigo_buf_release(&b);
	return rc;
}

/* Key of a row from its raw fields (bytes of the key columns). */
int kaigo_conv_row_key(const struct kaigo_layout *l, const struct kaigo_csv_record *rec, struct kaigo_buf *k)
{
	size_t i;

	kaigo_buf_reset(k);
	for (i = 0; i < l->nkeys; i++) {
		const struct kaigo_csv_field *f = &rec->fields[l->key_columns[i]];

		if (kaigo_buf_add(k, f->data, f->len) < 0 || kaigo_buf_addch(k, '\x1f') < 0)
			return -1;
	}
	if (!k->data)
		kaigo_buf_add(k, "", 0);
	return 0;
}

/*
 * The byte offset in rec->raw of byte off of field k's (unescaped) data:
 * the raw record walked field by field, a quoted field's doubled quotes
 * counted as the one byte they stand for.
 */
static size_t raw_offset(const struct kaigo_csv_record *rec, size_t k, size_t off)
{
	const char *r = rec->raw;
	size_t n = rec->raw_len, i = 0, fld = 0;

	while (fld < k && i < n) {
		if (r[i] == '"') {
			for (i++; i < n; i++)
				if (r[i] == '"' && !(i + 1 < n && r[i + 1] == '"')) {
					i++;
					break;
				} else if (r[i] == '"') {
					i++;
				}
		} else {
			while (i < n && r[i] != ',')
				i++;
		}
		if (i < n && r[i] == ',') {
			i++;
			fld++;
		} else {
			break;
		}
	}
	if (i < n && r[i] == '"') {
		for (i++; off > 0 && i < n; off--)
			i += r[i] == '"' ? 2 : 1;
		return i;
	}
	return i + off;
}

/*
 * Physical line and column (characters: a CP932 or EUC-JP double-byte
 * character, or a UTF-8 sequence, counts one) of byte off of field k's data.
 */
static void field_position_enc(const struct kaigo_csv_record *rec, size_t k, size_t off, enum kaigo_enc enc,
			       unsigned long *line, unsigned long *col)
{
	size_t at = raw_offset(rec, k, off), j;

	*line = rec->line;
	*col = 1;
	for (j = 0; j < at && j < rec->raw_len; j++) {
		unsigned char b = (unsigned char)rec->raw[j];

		if (b == '\n') {
			(*line)++;
			*col = 1;
		} else if (enc == KAIGO_ENC_UTF8) {
			if ((b & 0xC0) != 0x80)
				(*col)++;
		} else {
			(*col)++;
			if (enc == KAIGO_ENC_CP932 ? ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) : b >= 0x80) {
				if (j + 1 < at)
					j++;
			}
		}
	}
}

static void field_position(const struct kaigo_csv_record *rec, size_t k, size_t off, unsigned long *line,
			   unsigned long *col)
{
	field_position_enc(rec, k, off, KAIGO_ENC_CP932, line, col);
}

/*
 * A value of field k was refused (rc 1, reason set): the diagnostic points
 * at the field's first character, as an XML one points at its element.
 */
static int field_refused(struct kaigo_c2x *c, const struct kaigo_layout *l, const struct kaigo_csv_record *rec,
			 size_t k)
{
	unsigned long line;

	if (!c->reason_column)
		field_position_enc(rec, k, 0, l->encoding, &line, &c->reason_column);
	return 1;
}

/*
 * A file whose name carries a month (UPPLAN, UPJSK, UPSIKYU, the month
 * 補足) holds the rows of that month: a row whose 対象年月 is another is
 * rejected (it would be filed under the wrong month).  Returns 0 or 1
 * (reason and column set).
 */
static int check_month(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec)
{
	const struct kaigo_layout *l = f->layout;
	size_t k;

	if (strlen(f->nm.month) != 6 || !strcmp(f->nm.month, "000000"))
		return 0;
	for (k = 0; k < l->ncols; k++) {
		const struct kaigo_csv_field *fd = &rec->fields[k];
		unsigned long line;

		if (l->cols[k].type != KAIGO_COL_MONTH || strcmp(l->cols[k].name, "対象年月") != 0)
			continue;
		if (fd->len == 6 && !memcmp(fd->data, f->nm.month, 6))
			return 0;
		field_position(rec, k, 0, &line, &c->reason_column);
		kaigo_conv_set_reason(c, "convert.month", "column '対象年月' is '%.*s' but the file name says %s: "
				      "a file holds the rows of the month its name gives", (int)(fd->len < 16 ? fd->len : 16),
				      fd->data, f->nm.month);
		return 1;
	}
	return 0;
}

/*
 * CP932 has two or three byte pairs for some characters (NEC row 13 and
 * JIS X 0208 symbols; the NEC-selected IBM extensions 0xED40-0xEEFC and
 * the IBM extensions 0xFA40-0xFC4B).  kaigo writes each character back
 * in one form, Microsoft's; a pair in another form would come back as
 * other bytes.  Each is reported as a warning where it stands (line, and
 * the column in characters), so the broken byte-for-byte promise is not
 * silent.
 */
static void warn_duplicates(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
			    size_t k, struct kaigo_codec *cd)
{
	const struct kaigo_csv_field *fd = &rec->fields[k];
	const unsigned char *s = (const unsigned char *)fd->data;
	size_t i, bo, bl;

	for (i = 0; i < fd->len; i++) {
		struct kaigo_buf u = KAIGO_BUF_INIT, back = KAIGO_BUF_INIT;
		unsigned long cp, line, col;
		const char *kind;

		if (s[i] < 0x81 || (s[i] > 0x9F && s[i] < 0xE0) || s[i] > 0xFC)
			continue; /* a single byte */
		if (i + 1 >= fd->len)
			break;
		i++;
		if (s[i - 1] != 0x87 && s[i - 1] != 0xED && s[i - 1] != 0xEE && s[i - 1] < 0xFA)
			continue; /* no other row holds a duplicate */
		if (kaigo_codec_decode(cd, (const char *)s + i - 1, 2, &u, &bo, &bl) < 0 || !u.data ||
		    kaigo_codec_encode(cd, u.data, u.len, &back, &bo, &cp) != 0 || !back.data ||
		    (back.len == 2 && !memcmp(back.data, s + i - 1, 2))) {
			/* its own form, or undecodable (reported as an invalid byte) */
			kaigo_buf_release(&u);
			kaigo_buf_release(&back);
			continue;
		}
		kind = s[i - 1] == 0x87 ? "NEC row 13" : s[i - 1] < 0xFA ? "NEC-selected IBM extension"
		       : "IBM extension";
		field_position(rec, k, i - 1, &line, &col);
		kaigo_diag_report(c->sink, KAIGO_SEV_WARNING, f->path, line, col, "convert.cp932-duplicate",
				  "column '%s': %s is written 0x%02X%02X (%s); kaigo writes it back as "
				  "0x%02X%02X, so this file will not come back byte for byte",
				  f->layout->cols[k].name, u.data, s[i - 1], s[i], kind,
				  (unsigned char)back.data[0], back.len > 1 ? (unsigned char)back.data[1] : 0);
		kaigo_buf_release(&u);
		kaigo_buf_release(&back);
	}
}

/*
 * Decode and check the fields of rec into c->v.  Returns 0, 1 (reason
 * set), -1 out of memory.
 */
static int convert_fields(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec)
{
	const struct kaigo_layout *l = f->layout;
	struct kaigo_codec *cd = codec_for(c, l->encoding);
	size_t i;

	if (!cd)
		return -1;
	if (rec->nfields != l->ncols) {
		kaigo_conv_set_reason(c, "convert.columns", "%zu fields, layout %s has %zu columns", rec->nfields,
			   l->name, l->ncols);
		return 1;
	}
	if (c->vcap < l->ncols) {
		struct value *g = realloc(c->v, l->ncols * sizeof(*g));

		if (!g)
			return -1;
		c->v = g;
		c->vcap = l->ncols;
	}
	kaigo_buf_reset(&c->vals);
	for (i = 0; i < l->ncols; i++) {
		const struct kaigo_column *col = &l->cols[i];
		const struct kaigo_csv_field *fd = &rec->fields[i];
		size_t bo, bl, start;
		int rc;

		kaigo_buf_reset(&c->xml);
		rc = kaigo_codec_decode(cd, fd->data, fd->len, &c->xml, &bo, &bl);
		if (rc < 0) {
			kaigo_conv_set_reason(c, "convert.invalid-byte", "column '%s': invalid %s byte 0x%02X at byte %zu "
				   "of the field", col->name, kaigo_codec_name(l->encoding),
				   (unsigned char)fd->data[bo], bo + 1);
			return field_refused(c, l, rec, i);
		}
		if (l->encoding == KAIGO_ENC_CP932)
			warn_duplicates(c, f, rec, i, cd);
		if (!col->has_path) {
			const char *want = col->fixed ? col->fixed : "";

			if (c->xml.len != strlen(want) || (c->xml.len && memcmp(c->xml.data, want, c->xml.len) != 0)) {
				if (*want)
					kaigo_conv_set_reason(c, "convert.fixed", "column '%s' must be '%s', not '%.*s'",
						   col->name, want, (int)c->xml.len, c->xml.data);
				else
					kaigo_conv_set_reason(c, "convert.fixed", "column '%s' must be empty (not stored), not "
						   "'%.*s'", col->name, (int)c->xml.len, c->xml.data);
				return field_refused(c, l, rec, i);
			}
			c->v[i].off = c->vals.len;
			c->v[i].len = 0;
			if (kaigo_buf_addch(&c->vals, 0) < 0)
				return -1;
			continue;
		}
		{
			/* convert_value uses c->xml as scratch for the profile */
			struct kaigo_buf in = c->xml;

			c->xml = (struct kaigo_buf)KAIGO_BUF_INIT;
			rc = convert_value(c, col, in.data ? in.data : "", in.len);
			kaigo_buf_release(&c->xml);
			c->xml = in;
		}
		if (rc)
			return rc == 1 ? field_refused(c, l, rec, i) : rc;
		start = c->vals.len;
		if (kaigo_buf_add(&c->vals, c->tmp.data ? c->tmp.data : "", c->tmp.len) < 0 ||
		    kaigo_buf_addch(&c->vals, 0) < 0)
			return -1;
		c->v[i].off = start;
		c->v[i].len = c->tmp.len;
	}
	if (check_month(c, f, rec))
		return 1;
	if (l->version_column >= 0) {
		const char *ver = kaigo_conv_val(c, (size_t)l->version_column);

		if (l->versions && !in_list(l->versions, ver)) {
			char list[200];

			list_text(l->versions, list, sizeof(list));
			kaigo_conv_set_reason(c, "convert.csv-version", "CSV version '%s' is not one layout %s accepts "
				   "(%s); 3.x versions are read through the -3 layouts (3.x file names, no KIND "
				   "tokens), and a new version needs a layout file that lists it in versions= "
				   "(--list-layouts shows them)", ver, l->name, list);
			return 1;
		}
		if (!f->version[0]) {
			snprintf(f->version, sizeof(f->version), "%s", ver);
			f->version_line = rec->line;
		} else if (strcmp(f->version, ver) != 0) {
			kaigo_conv_set_reason(c, "convert.csv-version", "the file mixes CSV versions: '%s' here, '%s' "
				   "from line %lu (one file must hold one version)", ver, f->version, f->version_line);
			return 1;
		}
	}
	return 0;
}

int kaigo_conv_new_record(struct kaigo_c2x *c, const struct kaigo_layout *l)
{
	size_t i;

	c->root = kaigo_conv_new_node(c, NULL, l->doctype->record, 0);
	if (!c->root)
		return -1;
	c->root->gen = c->gen + 1; /* made by the row applied next (row ".") */
	c->root_layout = l;
	for (i = 0; i < l->nconstants; i++) {
		const struct kaigo_path *p = &l->constants[i].path;
		struct tnode *n = c->root;
		size_t k;

		for (k = 0; n && k + 1 < p->n; k++)
			n = kaigo_conv_step_into(c, n, &p->steps[k]);
		if (!n)
			return -1;
		if (p->steps[p->n - 1].attr) {
			/* once: a key of the path or an earlier constant may have set it */
			if (!kaigo_conv_attr_get(n, p->steps[p->n - 1].name) &&
			    kaigo_conv_attr_set(c, n, p->steps[p->n - 1].name, l->constants[i].value) < 0)
				return -1;
		} else if (!(n = kaigo_conv_step_into(c, n, &p->steps[p->n - 1])) || kaigo_conv_set_text(c, n, l->constants[i].value) < 0) {
			return -1;
		}
	}
	c->nundo = 0;
	return 0;
}

/* Check the header row against the layout.  Returns 0 if it matches. */
static int check_header(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec)
{
	const struct kaigo_layout *l = f->layout;
	struct kaigo_codec *cd = codec_for(c, l->encoding);
	size_t i, bo, bl;

	if (!cd)
		return -1;
	if (rec->nfields != l->ncols) {
		kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
				  "the header row has %zu columns, layout %s has %zu: wrong layout?",
				  rec->nfields, l->name, l->ncols);
		return 1;
	}
	for (i = 0; i < l->ncols; i++) {
		kaigo_buf_reset(&c->xml);
		if (kaigo_codec_decode(cd, rec->fields[i].data, rec->fields[i].len, &c->xml, &bo, &bl) < 0 ||
		    !c->xml.data || strcmp(c->xml.data, l->cols[i].name) != 0) {
			kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
					  "header column %zu is '%s', layout %s expects '%s': wrong layout?",
					  i + 1, c->xml.data ? c->xml.data : "(undecodable)", l->name, l->cols[i].name);
			return 1;
		}
	}
	return 0;
}

static int src_next(void *ctx, const char **line, size_t *len)
{
	struct src *s = ctx;
	struct kaigo_line ln;
	int rc = kaigo_lines_next(&s->lr, &ln, s->sink);

	if (rc <= 0) {
		s->failed = rc < 0;
		return rc;
	}
	if (ln.partial) {
		kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->file, ln.number + s->base_line - 1, 1,
				  "csv.line-too-long", "line longer than 64 MiB");
		s->failed = 1;
		return -1;
	}
	if (ln.number == 1 && s->base_line == 1 && !s->part) {
		if (ln.len >= 2 && (((unsigned char)ln.data[0] == 0xFF && (unsigned char)ln.data[1] == 0xFE) ||
				    ((unsigned char)ln.data[0] == 0xFE && (unsigned char)ln.data[1] == 0xFF))) {
			kaigo_diag_report(s->sink, KAIGO_SEV_ERROR, s->file, 1, 1, "convert.utf16",
					  "the file is UTF-16 (it starts with a byte order mark); convert it to "
					  "UTF-8 or CP932 first (kaigo-normalize --from utf-16)");
			s->failed = 1;
			return -1;
		}
		if (s->utf8 && ln.len >= 3 && memcmp(ln.data, "\xEF\xBB\xBF", 3) == 0) {
			ln.data += 3; /* a UTF-8 byte order mark is not data (in CP932, its bytes are rejected) */
			ln.len -= 3;
		}
	}
	*line = ln.data;
	*len = ln.len;
	return 1;
}

/*
 * Open path (start < 0: whole; else bytes [start, end), whose first line is
 * physical line base_line) for CSV reading; the reader reports to the
 * converter's capturing sink.  Returns 0, or -1 after reporting.
 */
int kaigo_conv_src_open(struct kaigo_c2x *c, struct src *s, const char *path, long long start, long long end,
		    unsigned long base_line)
{
	memset(s, 0, sizeof(*s));
	s->sink = c->sink;
	s->file = path;
	s->base_line = base_line ? base_line : 1;
	s->part = start >= 0;
	s->ls.next = src_next;
	s->ls.ctx = s;
	if (start < 0 ? kaigo_input_open(&s->in, path, c->sink) < 0
		      : kaigo_input_open_part(&s->in, path, start, end, NULL, 0, NULL, 0, c->sink) < 0)
		return -1;
	if (kaigo_lines_init(&s->lr, &s->in, 64u * 1024 * 1024 + 1) < 0) {
		kaigo_input_close(&s->in);
		return -1;
	}
	if (!(s->rd = kaigo_csv_reader_new(&s->ls, path, 0, &c->csv_sink))) {
		kaigo_lines_release(&s->lr);
		kaigo_input_close(&s->in);
		return -1;
	}
	return 0;
}

void kaigo_conv_src_close(struct src *s)
{
	kaigo_csv_reader_free(s->rd);
	kaigo_lines_release(&s->lr);
	kaigo_input_close(&s->in);
}

/*
 * Handle one data row of file f: convert, place into the current record
 * (starting a new one when its key differs, unless joining), or reject.
 * Returns 0, or -1 on an output failure or out of memory.
 */
int kaigo_conv_do_row(struct kaigo_c2x *c, struct c2x_file *f, const struct kaigo_csv_record *rec,
		  unsigned long line, int joining)
{
	int rc;

	c->st.rows++;
	if (c->sent_later && f->layout->file && !strncmp(f->layout->file, "DLT", 3)) {
		const char *when;

		if ((rc = c->sent_later(c, f, rec, &when)) < 0)
			return -1;
		if (rc > 0) {
			kaigo_conv_set_reason(c, "convert.delete-order", "deletes a record of UP%s that this run "
					      "sends only later (ファイル連番 %s, after this file's %s): a deletion "
					      "applies to what was sent before it", f->layout->file + 3, when,
					      f->nm.ts);
			return kaigo_conv_reject_row(c, f, rec, line, c->reason_rule, c->reason.data, 1);
		}
	}
	rc = convert_fields(c, f, rec);
	if (rc == 0 && !joining) {
		if (kaigo_conv_row_key(f->layout, rec, &c->tmp) < 0)
			return -1;
		if (!c->root || c->root_layout != f->layout || c->key.len != c->tmp.len ||
		    memcmp(c->key.data, c->tmp.data, c->tmp.len) != 0) {
			if (kaigo_conv_flush_record(c) < 0)
				return -1;
			kaigo_buf_reset(&c->key);
			if (kaigo_buf_add(&c->key, c->tmp.data, c->tmp.len) < 0 || kaigo_conv_new_record(c, f->layout) < 0)
				return -1;
			if (c->partial_parent[0])
				kaigo_diag_report(c->sink, KAIGO_SEV_WARNING, f->path, line, 0, "convert.partial-unit",
						  "record %lu holds only the %s rows of send unit '%s': the %s "
						  "file's part of the record is missing (in a plan, header/createdOn, "
						  "which careplan.xsd requires); convert all the unit's files "
						  "together, without --layout", c->st.records + 1, f->layout->file,
						  f->layout->unit, c->partial_parent);
		}
	}
	if (rc == 0)
		rc = kaigo_conv_apply_row(c, f->layout);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return kaigo_conv_reject_row(c, f, rec, line, c->reason_rule, c->reason.data ? c->reason.data : "", 1);
	c->st.converted++;
	return 0;
}

/* ---- one file through one layout ----------------------------------- */

int kaigo_conv_convert_file(struct kaigo_c2x *c, struct c2x_file *f)
{
	struct src s;
	const struct kaigo_csv_record *rec;
	enum kaigo_csv_status st;
	int ret = 0, bad_header = 0;

	if (kaigo_conv_start_collection(c, f->layout->doctype) < 0)
		return -1;
	if (kaigo_conv_src_open(c, &s, f->path, -1, -1, 1) < 0)
		return -1;
	s.utf8 = f->layout->encoding == KAIGO_ENC_UTF8;
	while ((st = kaigo_csv_read(s.rd, &rec)) != KAIGO_CSV_EOF && st != KAIGO_CSV_FAIL) {
		if (f->layout->header && rec->number == 1) {
			int h = st == KAIGO_CSV_BAD ? 1 : check_header(c, f, rec);

			if (h < 0)
				goto fail;
			if (h > 0) {
				/* every data row is rejected with the reason, none is lost */
				kaigo_diag_report(c->sink, KAIGO_SEV_ERROR, f->path, rec->line, 0, "convert.header",
						  "the header does not match layout %s: every row of the file is "
						  "rejected", f->layout->name);
				bad_header = 1;
			}
			continue;
		}
		if (bad_header) {
			c->st.rows++;
			if (kaigo_conv_reject_row(c, f, rec, rec->line, "convert.header", "the file's header does not match "
				       "the layout", 0) < 0)
				goto fail;
			continue;
		}
		if (st == KAIGO_CSV_BAD) {
			c->st.rows++;
			if (kaigo_conv_reject_row(c, f, rec, rec->line, c->last_csv_rule ? c->last_csv_rule : "csv",
				       c->last_csv_msg, 0) < 0)
				goto fail;
			continue;
		}
		if (kaigo_conv_do_row(c, f, rec, rec->line, 0) < 0)
			goto fail;
	}
	if (st == KAIGO_CSV_FAIL || s.failed)
		ret = -1;
	if (kaigo_conv_flush_record(c) < 0)
		ret = -1;
	goto done;
fail:
	ret = -1;
done:
	kaigo_conv_src_close(&s);
	return ret;
}

