/*
 * check_privacy.c - unit tests of the canonical text (lib/canon.c) and of
 * the detector (kaigo_privacy_scan, lib/privacy.c, with the bundled
 * schemas/publish/privacy.xml and MeCab).
 *
 * Canonical forms are worked out by hand from the rules of
 * include/kaigo/canon.h; findings from the rules of docs/publish.md, as
 * the exact original bytes each must cover.  The map test checks for
 * every case that each canonical byte maps to a non-empty range inside
 * the input that starts and ends on character boundaries.
 *
 * The names tests hold the two ways kaigo_names saves work -- the part of
 * speech read from a word's posid instead of its feature, and the
 * dictionary's pages let go of past a budget -- to the plain way: the
 * same names found in 20 000 generated texts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaigo/canon.h"
#include "kaigo/catalog.h"
#include "kaigo/names.h"
#include "kaigo/privacy.h"

Suite *kaigo_suite_privacy(void);

static const struct {
	const char *in, *out;
} canon_cases[] = {
	{ "", "" },
	{ "山田 太郎", "山田太郎" },
	{ "山田\n太郎", "山田太郎" },
	{ "０９０－１２３４－５６７８", "090-1234-5678" },
	{ "090.1234.5678", "090-1234-5678" },
	{ "090・1234・5678", "090-1234-5678" },
	{ "090･1234･5678", "090-1234-5678" },
	{ "090/1234_5678", "090-1234-5678" },
	{ "090〜1234～5678", "090-1234-5678" },
	{ "090の1234の5678", "090-1234-5678" },
	{ "090 - 1234", "090-1234" },
	{ "080 1234 5678", "080 1234 5678" },
	{ "090-1234-\n5678", "090-1234-5678" },
	{ "090\xE2\x80\x8B" "1234", "0901234" },         /* U+200B */
	{ "09\xEF\xB8\x8F" "0", "090" },                /* U+FE0F */
	{ "0\xCC\x83" "9", "09" },                      /* U+0303 on a digit */
	{ "\xC2\xAD" "12", "12" },                      /* U+00AD */
	{ "〇九〇ー一二三四ー五六七八", "090-1234-5678" },
	{ "〇三ー一二三四", "03-1234" },
	{ "O9O-l234", "090-1234" },
	{ "Tel 03", "Tel03" },
	{ "Hello 10", "Hello10" },
	{ "昭和十一年五月十四日", "昭和11年5月14日" },
	{ "令和六年十一月二十三日", "令和6年11月23日" },
	{ "昭和十年", "昭和10年" },
	{ "一人ひとり", "一人ひとり" },
	{ "三四郎様", "三四郎様" },
	{ "十五夜", "十五夜" },
	{ "ﾀﾞｲｺﾞﾛｳ ｻﾝ", "ダイゴロウサン" },
	{ "１，０００円", "1,000円" },
	{ "2024-03-08 10:00〜12:00", "2024-03-08 10-00-12-00" },
	{ "\xFF" "1", "\xEF\xBF\xBD" "1" },            /* not UTF-8: U+FFFD */
};

START_TEST(test_canon)
{
	struct kaigo_canon c = KAIGO_CANON_INIT;
	const char *in = canon_cases[_i].in;
	size_t n = strlen(in);

	ck_assert_int_eq(kaigo_canon_make(&c, in, n), 0);
	ck_assert_msg(c.len == strlen(canon_cases[_i].out) && !memcmp(c.text, canon_cases[_i].out, c.len),
		      "'%s': got '%s', want '%s'", in, c.text, canon_cases[_i].out);
	for (size_t k = 0; k < c.len; k++) {
		ck_assert_msg(c.from[k] < c.to[k] && c.to[k] <= n, "'%s': byte %zu maps outside", in, k);
		ck_assert_msg(((unsigned char)in[c.from[k]] & 0xC0) != 0x80, "'%s': byte %zu starts mid-character", in, k);
		ck_assert_msg(c.to[k] == n || ((unsigned char)in[c.to[k]] & 0xC0) != 0x80,
			      "'%s': byte %zu ends mid-character", in, k);
	}
	kaigo_canon_release(&c);
}
END_TEST

/* The original bytes of a canonical range: 090-1234-5678 of the full-width number. */
START_TEST(test_span)
{
	static const char in[] = "携帯 ０９０－１２３４－５６７８ まで";
	struct kaigo_canon c = KAIGO_CANON_INIT;
	const char *at;
	size_t os, oe;

	ck_assert_int_eq(kaigo_canon_make(&c, in, strlen(in)), 0);
	ck_assert_str_eq(c.text, "携帯090-1234-5678まで");
	at = strstr(c.text, "090");
	kaigo_canon_span(&c, (size_t)(at - c.text), (size_t)(at - c.text) + strlen("090-1234-5678"), &os, &oe);
	ck_assert_uint_eq(oe - os, strlen("０９０－１２３４－５６７８"));
	ck_assert(!memcmp(in + os, "０９０－１２３４－５６７８", oe - os));
	kaigo_canon_release(&c);
}
END_TEST

static struct kaigo_catalog cat;
static struct kaigo_privacy *priv;
static struct kaigo_privacy_values *vals;

static void scan_setup(void)
{
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	const struct kaigo_doctype *t;
	int is_coll;

	setenv("KAIGO_DATADIR", "schemas", 1); /* make check runs from the top directory; other suites point it elsewhere */
	ck_assert_int_eq(kaigo_catalog_load(&cat, NULL, &sink), 0);
	t = kaigo_catalog_find(&cat, "urn:kaigo:evaluation:1", "EvaluationResult", &is_coll);
	ck_assert_ptr_nonnull(t);
	priv = kaigo_privacy_load(&cat, NULL, t, &sink);
	ck_assert_ptr_nonnull(priv);
	vals = kaigo_privacy_values_new();
	ck_assert_int_eq(kaigo_privacy_values_add(priv, vals, "小田切 真理", 1, "評価調査員の氏名", 1), 0);
	ck_assert_int_eq(kaigo_privacy_values_add(priv, vals, "011-000-0000", 0, "phone", 2), 0);
	ck_assert_int_eq(kaigo_privacy_values_add(priv, vals, "0170000012", 0, "office", 3), 0);
}

static void scan_teardown(void)
{
	kaigo_privacy_values_free(vals);
	kaigo_privacy_free(priv);
	kaigo_catalog_release(&cat);
}

/* text, then up to two findings as rule and the exact original bytes */
static const struct {
	const char *text;
	const char *rule[2], *bytes[2];
} scan_cases[] = {
	{ "", { NULL }, { NULL } },
	{ "携帯は090.1234.5678です", { "phone" }, { "090.1234.5678" } },
	{ "自宅 ０３（１２３４）５６７８", { "phone" }, { "０３（１２３４）５６７８" } },
	{ "事業所 011-000-0000", { NULL }, { NULL } },
	{ "事業所番号 0170000012", { NULL }, { NULL } },
	{ "斉\xE2\x80\x8B藤一郎様と面談", { "name" }, { "斉\xE2\x80\x8B藤一郎様" } },
	{ "田中ｻﾝが来所", { "name" }, { "田中ｻﾝ" } },
	{ "床屋さんと区長さん", { NULL }, { NULL } },
	{ "評価は真理 小田切", { "personal" }, { "真理 小田切" } },
	/* a value's finding runs from its first character to its last: the closing bracket stays */
	{ "小田切【真理】と", { "personal" }, { "小田切【真理" } },
	{ "〒100-00006172", { "postal-address" }, { "〒100-00006172" } },
	{ "山田様と090-1234-5678", { "name", "phone" }, { "山田様", "090-1234-5678" } },
	{ "被保険者番号 0001-23-4567", { "insured-number" }, { "被保険者番号 0001-23-4567" } },
	{ "昭和十一年五月十四日生まれ", { "birth-date" }, { "昭和十一年五月十四日生まれ" } },
};

START_TEST(test_scan)
{
	struct kaigo_privacy_finding *f = NULL;
	const char *t = scan_cases[_i].text;
	long n = kaigo_privacy_scan(priv, vals, t, strlen(t), &f), want = 0;

	while (want < 2 && scan_cases[_i].rule[want])
		want++;
	ck_assert_msg(n == want, "'%s': %ld findings, want %ld", t, n, want);
	for (long k = 0; k < n; k++) {
		size_t bl = strlen(scan_cases[_i].bytes[k]);

		ck_assert_str_eq(f[k].rule, scan_cases[_i].rule[k]);
		ck_assert_msg(f[k].end - f[k].start == bl && !memcmp(t + f[k].start, scan_cases[_i].bytes[k], bl),
			      "'%s': finding %ld is '%.*s'", t, k, (int)(f[k].end - f[k].start), t + f[k].start);
	}
	free(f);
}
END_TEST

/* A personal finding of vs in t covering the bytes want, with value index idx. */
static int personal_at(struct kaigo_privacy_values *vs, const char *t, const char *want, size_t idx)
{
	struct kaigo_privacy_finding *f = NULL;
	long n = kaigo_privacy_scan(priv, vs, t, strlen(t), &f);
	const char *at = strstr(t, want);
	int found = 0;

	ck_assert_int_ge(n, 0);
	for (long k = 0; k < n; k++)
		if (!strcmp(f[k].rule, "personal") && f[k].value == idx && at && f[k].start <= (size_t)(at - t) &&
		    f[k].end >= (size_t)(at - t) + strlen(want))
			found = 1;
	free(f);
	return found;
}

/*
 * The forms of a value are remembered from one record to the next
 * (kaigo_privacy_values_add): the same text as a public value has one
 * form, as a personal value also its words the other way round, and
 * neither may stand in for the other; the finding names the value by
 * its place in this set, not in the set the forms were first made for.
 */
START_TEST(test_values_remembered)
{
	for (int round = 0; round < 2; round++) {
		struct kaigo_privacy_values *pub = kaigo_privacy_values_new(), *per = kaigo_privacy_values_new();

		ck_assert_int_eq(kaigo_privacy_values_add(priv, pub, "港北 花子", 0, "public", 1), 0);
		ck_assert(!personal_at(pub, "記録: 花子港北", "花子港北", 0));
		ck_assert_int_eq(kaigo_privacy_values_add(priv, per, "甲田 乙", 1, "first", 1), 0);
		ck_assert_int_eq(kaigo_privacy_values_add(priv, per, "港北 花子", 1, "second", 2), 0);
		ck_assert(personal_at(per, "記録: 花子港北", "花子港北", 1));
		ck_assert(personal_at(per, "記録: 港北　花子", "港北　花子", 1));
		ck_assert(personal_at(per, "記録: 乙甲田", "乙甲田", 0));
		kaigo_privacy_values_free(pub);
		kaigo_privacy_values_free(per);
	}
}
END_TEST

/*
 * The cues (when) and character sets (chars) of privacy.xml only save time:
 * with them removed, every pattern is tried on the whole text, which is
 * what the detector means.  The same findings must come out both ways, on
 * texts built from the pieces the patterns, their look-arounds and their
 * cues are made of.
 */
static char *plain_privacy(void)
{
	static char path[] = "/tmp/kaigo-privacy-XXXXXX";
	FILE *in = fopen("schemas/publish/privacy.xml", "rb"), *out;
	char *buf, *w, *r;
	long len;
	int fd;

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(fseek(in, 0, SEEK_END), 0);
	len = ftell(in);
	rewind(in);
	buf = malloc((size_t)len + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, in), (size_t)len);
	buf[len] = '\0';
	fclose(in);
	/* drop every  when="…"  and  chars="…"  attribute */
	for (w = r = buf; *r;) {
		if ((!strncmp(r, " when=\"", 7) || !strncmp(r, " chars=\"", 8)) && (r = strchr(strchr(r, '"') + 1, '"'))) {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	ck_assert_ptr_null(strstr(buf, "when=\""));
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	out = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(fwrite(buf, 1, strlen(buf), out), strlen(buf));
	fclose(out);
	free(buf);
	return path;
}

START_TEST(test_cues_only_save_time)
{
	static const char *const pieces[] = {
		"0", "1", "2", "5", "9", "0", "0", "3", "-", "-", " ", "(", ")", "+81", "+", "．", "・", "〜", "の",
		"日", "年", "月", "生", "生まれ", "うまれ", "生活", "昭和", "S", "平成", "元", "19", "20",
		"事業所番号", "事業所番号:", "は", "被保険者番号", "介護保険の番号は", "生年月日", "〒", "No.",
		"様", "さん", "山田", "Yamada-san", "Mr.", "Tanaka", "あ", "、", "|", "\n", "０", "〇", "一",
	};
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	const struct kaigo_doctype *t;
	struct kaigo_privacy *plain;
	char *path = plain_privacy(), text[400];
	unsigned seed = 12345;
	int is_coll, differ = 0, found = 0;

	t = kaigo_catalog_find(&cat, "urn:kaigo:evaluation:1", "EvaluationResult", &is_coll);
	plain = kaigo_privacy_load(&cat, path, t, &sink);
	unlink(path);
	ck_assert_ptr_nonnull(plain);
	for (int round = 0; round < 20000; round++) {
		struct kaigo_privacy_finding *f = NULL, *g = NULL;
		size_t len = 0;
		long nf, ng;

		text[0] = '\0';
		for (int k = 0, m = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 24; k < m; k++) {
			const char *pc = pieces[((seed = seed * 1103515245 + 12345) >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];

			if (len + strlen(pc) >= sizeof(text))
				break;
			memcpy(text + len, pc, strlen(pc) + 1);
			len += strlen(pc);
		}
		nf = kaigo_privacy_scan(priv, vals, text, len, &f);
		ng = kaigo_privacy_scan(plain, vals, text, len, &g);
		ck_assert_int_ge(nf, 0);
		found += nf > 0;
		if (nf != ng) {
			differ = 1;
		} else {
			for (long k = 0; k < nf; k++)
				differ |= f[k].start != g[k].start || f[k].end != g[k].end || strcmp(f[k].rule, g[k].rule);
		}
		ck_assert_msg(!differ, "'%s': %ld findings with the cues, %ld without", text, nf, ng);
		free(f);
		free(g);
	}
	ck_assert_int_gt(found, 500); /* the texts do hold findings */
	kaigo_privacy_free(plain);
}
END_TEST

static const char *const name_hon[] = { "様", "さん", "君", "氏", "ちゃん", "くん", "殿" };
static const char *const name_not[] = { "八百屋" };
static const char *const name_pieces[] = {
	"山田", "太郎", "鈴木", "花子", "佐藤", "一郎", "高橋", "信子", "渡辺", "静江", "田中", "トメ",
	"東京", "大阪", "トヨタ", "ソニー", "ヤマダ", "スズキ", "タナカサン", "マリア", "ケアマネ", "八百屋",
	"様", "さん", "君", "氏", "ちゃん", "くん", "殿", "様子", "様式", "は", "が", "の", "と", "に", "へ",
	"デイサービス", "訪問介護", "入浴", "介助", "本人", "家族", "長男", "妻", "区長", "床屋", "先生",
	"。", "、", "！", "？", "毎日", "週2回", "リハビリ", "歩行", "転倒", "予防", "自宅", "病院", "相談",
	"した", "する", "行った", "見守る", "希望", "ABC", "123", "ｶﾀｶﾅ", "ﾀﾅｶ", "山", "田", "川", "中",
};

/* A text of pieces, from the seed; returns its length. */
static size_t name_text(unsigned *seed, char *text, size_t size)
{
	size_t len = 0;

	text[0] = '\0';
	for (int k = 0, m = 1 + (int)((*seed = *seed * 1103515245 + 12345) >> 16) % 16; k < m; k++) {
		const char *pc = name_pieces[((*seed = *seed * 1103515245 + 12345) >> 16) %
					     (sizeof(name_pieces) / sizeof(name_pieces[0]))];

		if (len + strlen(pc) >= size)
			break;
		memcpy(text + len, pc, strlen(pc) + 1);
		len += strlen(pc);
	}
	return len;
}

struct spans {
	size_t n, at[64][2];
};

static int on_span(void *ctx, size_t start, size_t end)
{
	struct spans *sp = ctx;

	if (sp->n < 64) {
		sp->at[sp->n][0] = start;
		sp->at[sp->n][1] = end;
	}
	sp->n++;
	return 0;
}

static struct kaigo_names *names_open(void)
{
	char err[256] = "";
	struct kaigo_names *nm = kaigo_names_open(name_hon, sizeof(name_hon) / sizeof(name_hon[0]), name_not,
						  sizeof(name_not) / sizeof(name_not[0]), err, sizeof(err));

	ck_assert_msg(nm != NULL, "%s", err);
	return nm;
}

/* The names found, and the splits, of texts by two handles: how many texts held a name. */
static int names_agree(struct kaigo_names *a, struct kaigo_names *b, int rounds)
{
	unsigned seed = 4711;
	char text[400];
	int found = 0;

	for (int round = 0; round < rounds; round++) {
		size_t len = name_text(&seed, text, sizeof(text)), sa = 0, sb = 0;
		struct spans x = { 0 }, y = { 0 };
		int ra, rb;

		ck_assert_int_eq(kaigo_names_find(a, text, len, on_span, &x), 0);
		ck_assert_int_eq(kaigo_names_find(b, text, len, on_span, &y), 0);
		ck_assert_msg(x.n == y.n && !memcmp(x.at, y.at, sizeof(x.at)), "'%s': %zu names one way, %zu the other",
			      text, x.n, y.n);
		found += x.n > 0;
		ra = kaigo_names_split(a, text, len, &sa);
		rb = kaigo_names_split(b, text, len, &sb);
		ck_assert_msg(ra == rb && sa == sb, "'%s': split %d at %zu one way, %d at %zu the other", text, ra, sa, rb,
			      sb);
	}
	return found;
}

START_TEST(test_names_by_posid)
{
	struct kaigo_names *fast, *plain;

	fast = names_open();
	setenv("KAIGO_NAMES_BY_FEATURE", "1", 1);
	plain = names_open();
	unsetenv("KAIGO_NAMES_BY_FEATURE");
	kaigo_names_set_budget(fast, (size_t)1 << 40); /* test_names_budget lets go */
	kaigo_names_set_budget(plain, (size_t)1 << 40);
	ck_assert_int_eq(kaigo_names_by_posid(fast), 1); /* IPADIC's posids tell the classes apart */
	ck_assert_int_eq(kaigo_names_by_posid(plain), 0);
	ck_assert_int_gt(names_agree(fast, plain, 20000), 2000);
	ck_assert_int_eq(kaigo_names_by_posid(fast), 1); /* no posid met with two classes */
	kaigo_names_free(fast);
	kaigo_names_free(plain);
}
END_TEST

/* Texts through one handle alone; returns how many held a name. */
static int names_run(struct kaigo_names *nm, int rounds)
{
	unsigned seed = 2024;
	char text[400];
	int found = 0;

	for (int round = 0; round < rounds; round++) {
		size_t len = name_text(&seed, text, sizeof(text));
		struct spans x = { 0 };

		ck_assert_int_eq(kaigo_names_find(nm, text, len, on_span, &x), 0);
		found += x.n > 0;
	}
	return found;
}

/* 600 bytes of "abc " through the handle: no name in them */
static void ascii_text(struct kaigo_names *nm)
{
	char text[601];
	struct spans x = { 0 };

	for (int i = 0; i < 600; i++)
		text[i] = "abc "[i % 4];
	text[600] = '\0';
	ck_assert_int_eq(kaigo_names_find(nm, text, 600, on_span, &x), 0);
	ck_assert_uint_eq(x.n, 0);
}

START_TEST(test_names_budget)
{
	struct kaigo_names *kept, *lean;
	long small, big;

	kept = names_open();
	lean = names_open();
	kaigo_names_set_budget(kept, (size_t)1 << 40);
	kaigo_names_set_budget(lean, (size_t)1 << 20);
	/* letting go changes no finding (lean lets go of both handles' pages) */
	ck_assert_int_gt(names_agree(kept, lean, 1500), 150);
	kaigo_names_free(kept);
	/*
	 * The lean handle alone at work, then a text of 600 ASCII bytes: its
	 * parse starts with a count of the faults, past the budget by far
	 * (a few texts map 10 MiB: Linux maps 64 KiB around every fault), so
	 * the dictionary is let go of; plain ASCII maps it little again.
	 * Without the budget the pages of the texts before stay.
	 */
	ck_assert_int_gt(names_run(lean, 1500), 150);
	ascii_text(lean);
	if ((small = kaigo_names_resident(lean)) < 0) {
		kaigo_names_free(lean);
		return; /* not Linux, or no /proc: nothing to let go of */
	}
	kaigo_names_set_budget(lean, (size_t)1 << 40);
	ck_assert_int_gt(names_run(lean, 1500), 150);
	ascii_text(lean);
	big = kaigo_names_resident(lean);
	ck_assert_msg(small <= 4L << 20, "%ld bytes of the dictionary resident after letting go", small);
	ck_assert_msg(big > 2 * small, "%ld bytes resident kept, %ld let go of", big, small);
	kaigo_names_free(lean);
}
END_TEST

Suite *kaigo_suite_privacy(void)
{
	Suite *s = suite_create("privacy");
	TCase *tc = tcase_create("canon"), *ts = tcase_create("scan"), *tn;

	tcase_add_loop_test(tc, test_canon, 0, (int)(sizeof(canon_cases) / sizeof(canon_cases[0])));
	tcase_add_test(tc, test_span);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(ts, scan_setup, scan_teardown);
	tcase_add_loop_test(ts, test_scan, 0, (int)(sizeof(scan_cases) / sizeof(scan_cases[0])));
	tcase_add_test(ts, test_cues_only_save_time);
	tcase_add_test(ts, test_values_remembered);
	tcase_set_timeout(ts, 60);
	suite_add_tcase(s, ts);
	tn = tcase_create("names");
	tcase_add_test(tn, test_names_by_posid);
	tcase_add_test(tn, test_names_budget);
	tcase_set_timeout(tn, 120);
	suite_add_tcase(s, tn);
	return s;
}
