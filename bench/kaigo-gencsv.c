/*
 * kaigo-gencsv - synthetic CSV for any layout, in canonical form.
 *
 *   kaigo-gencsv --layout NAME|FILE [--records N] [--seed S] [--max-repeat K]
 *
 * Writes N records' rows in the layout's encoding, line ending and quoting:
 * the bytes kaigo-xml2csv would write, so a round trip through
 * kaigo-csv2xml and back must reproduce them exactly.  Values depend only
 * on (seed, path, record, repeat instance), never on the column's place:
 * files of one send unit generated with the same seed and record count
 * share their keys, and so join.  Free text mixes kana, kanji (JIS X 0208
 * and CP932-only ones such as 髙 and ①), full-width punctuation, commas,
 * double quotes and embedded line breaks.  All data is invented.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaigo/buf.h"
#include "kaigo/catalog.h"
#include "kaigo/codec.h"
#include "kaigo/csv.h"
#include "kaigo/layout.h"

/* --month: every 対象年月 is this month (a file named for one month holds only its rows) */
static const char *fixed_month;

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	while (*s)
		h = mix(h ^ (unsigned char)*s++);
	return h;
}

static const char *const words[] = {
	"訪問介護", "通所介護", "入浴介助", "排せつ介助", "週3回", "毎日", "自宅で安全に暮らす",
	"ひまわり", "さくら", "ケアセンター", "（様子を見る）", "歩行器", "髙橋", "①", "㈱", "～",
	"服薬の確認", "買い物", "調理", "掃除", "通院", "長女", "見守り", "転倒予防", "２０２５年",
	"ﾃｽﾄ", "ABC", "a,b", "\"引用\"", "1行目\r\n2行目", "改行\nあり", "－", "※", "■", "〒",
};

static void gen_text(struct kaigo_buf *b, uint64_t h)
{
	unsigned n = 1 + (unsigned)(h % 4), i;

	for (i = 0; i < n; i++) {
		h = mix(h);
		kaigo_buf_add(b, words[h % (sizeof(words) / sizeof(words[0]))],
			      strlen(words[h % (sizeof(words) / sizeof(words[0]))]));
	}
}

static void gen_digits(struct kaigo_buf *b, uint64_t h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h = mix(h);
		kaigo_buf_addch(b, (char)('0' + h % 10));
	}
}

static void gen_value(struct kaigo_buf *b, const struct kaigo_column *c, uint64_t h)
{
	size_t len = c->length ? c->length : 6;
	unsigned k;

	switch (c->type) {
	case KAIGO_COL_TEXT:
		gen_text(b, h);
		break;
	case KAIGO_COL_CODE:
		if (c->codes) {
			for (k = 0; c->codes[k]; k++)
				;
			kaigo_buf_add(b, c->codes[h % k], strlen(c->codes[h % k]));
		} else {
			kaigo_buf_add(b, c->maps[h % c->nmaps].csv, strlen(c->maps[h % c->nmaps].csv));
		}
		break;
	case KAIGO_COL_DIGITS:
	case KAIGO_COL_ALNUM:
		gen_digits(b, h, c->exact || len <= 2 ? len : 1 + h % len);
		break;
	case KAIGO_COL_ASCII:
		if (len == 8 && !c->exact) {
			gen_digits(b, h, 3);
			kaigo_buf_addch(b, '-');
			gen_digits(b, mix(h), 4);
		} else {
			gen_digits(b, h, c->exact ? len : 1 + h % len);
		}
		break;
	case KAIGO_COL_INTEGER:
		kaigo_buf_addf(b, "%u", (unsigned)(h % (len >= 4 ? 9999 : 9)));
		break;
	case KAIGO_COL_DECIMAL:
		kaigo_buf_addf(b, "%u.%02u", (unsigned)(h % 90), (unsigned)(mix(h) % 100));
		break;
	case KAIGO_COL_DATE: {
		unsigned y = 2019 + (unsigned)(h % 7), m = 1 + (unsigned)(mix(h) % 12), d = 1 + (unsigned)(mix(h + 1) % 28);

		if (c->datefmt == KAIGO_DATE_COMPACT)
			kaigo_buf_addf(b, "%04u%02u%02u", y, m, d);
		else if (c->datefmt == KAIGO_DATE_ISO)
			kaigo_buf_addf(b, "%04u-%02u-%02u", y, m, d);
		else
			kaigo_buf_addf(b, "%04u/%02u/%02u", y, m, d);
		break;
	}
	case KAIGO_COL_MONTH:
		if (fixed_month && strcmp(c->name, "対象年月") == 0)
			kaigo_buf_add(b, fixed_month, strlen(fixed_month));
		else
			kaigo_buf_addf(b, "%04u%02u", 2019 + (unsigned)(h % 7), 1 + (unsigned)(mix(h) % 12));
		break;
	case KAIGO_COL_TIME:
		if (c->codes && h % 5 == 0)
			kaigo_buf_add(b, c->codes[0], strlen(c->codes[0]));
		else
			kaigo_buf_addf(b, "%02u%02u", (unsigned)(h % 24), (unsigned)(mix(h) % 4) * 15);
		break;
	}
}

/* Is column c a key of repeat r (its path is r's path plus the key)? */
static int repeat_key_of(const struct kaigo_layout *l, size_t col)
{
	size_t r;

	for (r = 0; r < l->nrepeats; r++)
		if (l->repeats[r].key_column == (int)col)
			return (int)r;
	return -1;
}

static int is_record_key(const struct kaigo_layout *l, size_t col)
{
	size_t k;

	for (k = 0; k < l->nkeys; k++)
		if (l->key_columns[k] == (int)col)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *spec = NULL;
	unsigned long records = 10, rec;
	uint64_t seed = 1;
	unsigned maxrep = 3;
	struct kaigo_diag_printer pr = { stderr, 0, 0, 0 };
	struct kaigo_diag_sink sink = { kaigo_diag_print, &pr, 0, 0 };
	struct kaigo_catalog cat;
	struct kaigo_layout *l;
	struct kaigo_codec *cd;
	struct kaigo_buf row = KAIGO_BUF_INIT, val = KAIGO_BUF_INIT, enc = KAIGO_BUF_INIT;
	char err[200];
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--layout") == 0 && i + 1 < argc)
			spec = argv[++i];
		else if (strcmp(argv[i], "--records") == 0 && i + 1 < argc)
			records = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc)
			fixed_month = argv[++i];
		else if (strcmp(argv[i], "--max-repeat") == 0 && i + 1 < argc)
			maxrep = (unsigned)strtoul(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: kaigo-gencsv --layout NAME|FILE [--records N] [--seed S] "
				"[--max-repeat K] [--month YYYYMM]\n");
			return 2;
		}
	}
	if (!spec || maxrep == 0)
		return 2;
	if (kaigo_catalog_load(&cat, argv[0], &sink) < 0)
		return 4;
	if (!(l = kaigo_layout_load(&cat, spec, &sink)))
		return 4;
	if (!(cd = kaigo_codec_new(l->encoding, err, sizeof(err)))) {
		fprintf(stderr, "kaigo-gencsv: %s\n", err);
		return 4;
	}
	if (l->header) {
		size_t c;

		kaigo_buf_reset(&row);
		for (c = 0; c < l->ncols; c++) {
			size_t bo;
			unsigned long cp;

			kaigo_buf_reset(&enc);
			kaigo_codec_encode(cd, l->cols[c].name, strlen(l->cols[c].name), &enc, &bo, &cp);
			if (c)
				kaigo_buf_addch(&row, ',');
			kaigo_csv_put_field(&row, enc.data ? enc.data : "", enc.len, 0);
		}
		kaigo_buf_add(&row, l->crlf ? "\r\n" : "\n", l->crlf ? 2 : 1);
		fwrite(row.data, 1, row.len, stdout);
	}
	for (rec = 0; rec < records; rec++) {
		unsigned cnt[8], idx[8], r;
		int done = 0;

		/* how many instances each repeat level has in this record */
		for (r = 0; r < l->nrepeats; r++) {
			const struct kaigo_repeat *rp = &l->repeats[r];
			int shared = !rp->has_key && r + 1 < l->nrepeats;   /* rows share its last instance */
			int by_record = rp->has_key && is_record_key(l, (size_t)rp->key_column);

			cnt[r] = shared || by_record ? 1 : 1 + (unsigned)(mix(seed ^ mix(rec * 8 + r + 1)) % maxrep);
			idx[r] = 0;
		}
		while (!done) {
			size_t c;

			kaigo_buf_reset(&row);
			for (c = 0; c < l->ncols; c++) {
				const struct kaigo_column *col = &l->cols[c];
				uint64_t h = hash_str(seed, col->has_path ? col->path.text : col->name);
				int rk = repeat_key_of(l, c);
				int q = col->quote == KAIGO_QUOTE_ALWAYS;
				size_t bo;
				unsigned long cp;

				h = mix(h ^ rec);
				kaigo_buf_reset(&val);
				kaigo_buf_add(&val, "", 0);
				if ((int)c == l->version_column && l->versions && l->versions[0]) {
					kaigo_buf_add(&val, l->versions[0], strlen(l->versions[0]));
				} else if (!col->has_path) {
					kaigo_buf_add(&val, col->fixed ? col->fixed : "", col->fixed ? strlen(col->fixed) : 0);
				} else if (rk >= 0 && !is_record_key(l, c)) {
					if (col->type == KAIGO_COL_DIGITS || col->type == KAIGO_COL_INTEGER)
						kaigo_buf_addf(&val, "%u", idx[rk] + 1);
					else
						gen_value(&val, col, mix(h ^ (idx[rk] + 1)));
				} else {
					for (r = 0; col->repeat >= 0 && r <= (unsigned)col->repeat; r++)
						h = mix(h ^ ((uint64_t)(idx[r] + 1) << (8 * r)));
					if (col->required || is_record_key(l, c) || h % 5 != 0)
						gen_value(&val, col, mix(h));
				}
				kaigo_buf_reset(&enc);
				if (val.len && kaigo_codec_encode(cd, val.data, val.len, &enc, &bo, &cp) != 0) {
					fprintf(stderr, "kaigo-gencsv: cannot encode '%s'\n", val.data);
					return 5;
				}
				if (c)
					kaigo_buf_addch(&row, ',');
				kaigo_csv_put_field(&row, enc.data ? enc.data : "", enc.len, q);
			}
			kaigo_buf_add(&row, l->crlf ? "\r\n" : "\n", l->crlf ? 2 : 1);
			if (fwrite(row.data, 1, row.len, stdout) != row.len)
				return 3;
			/* next combination of repeat instances, innermost fastest */
			done = 1;
			for (r = (unsigned)l->nrepeats; r-- > 0;) {
				if (++idx[r] < cnt[r]) {
					done = 0;
					break;
				}
				idx[r] = 0;
			}
			if (l->row.n == 0 || !l->nrepeats)
				done = 1;
		}
	}
	kaigo_buf_release(&row);
	kaigo_buf_release(&val);
	kaigo_buf_release(&enc);
	kaigo_codec_free(cd);
	kaigo_layout_free(l);
	kaigo_catalog_release(&cat);
	return fflush(stdout) == 0 ? 0 : 3;
}
