/*
 * kaigo-gendata - deterministic synthetic Japanese care data for the benchmarks.
 *
 * Writes to stdout, line by line, text that looks like what the toolkit meets in
 * practice: legacy care-record exports with names, half-width katakana furigana
 * (with ﾞ/ﾟ), full-width ASCII, ideographic spaces used as layout, circled
 * numbers, ㈱ and ㍻, both tilde look-alikes, phone numbers with every hyphen
 * look-alike, postal codes, 和暦 and Western dates in many spellings, 番地
 * addresses, free-text care notes and tab-separated record lines.  Or, with
 * --kind dates, one date per line for date-parsing throughput.  Or, with
 * --kind careplan, a CarePlans collection of records valid against
 * schemas/careplan.xsd, of which --invalid-rate P percent carry one mistake
 * each, for validation throughput.
 *
 * Why a C program and not a script: `make bench` must run on a machine without
 * Python, and 100 MiB has to be ready in a few seconds.  Why deterministic: the
 * benchmark compares tools on identical bytes, and a run can be repeated.  The
 * output for a seed is one stream, so a smaller --size is a prefix of a larger
 * one.  Every name and number is synthetic: family and given names are drawn
 * independently from short lists, identifiers and phone numbers are random.
 *
 * Only libc is used, on purpose: the generator must not depend on the code it
 * measures.
 */

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---------------- */

static uint64_t rng_s[4]; /* generator state; never all zero after seeding */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed)
{
	for (size_t i = 0; i < 4; i++)
		rng_s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(void)
{
	uint64_t r = rotl(rng_s[1] * 5, 7) * 9;
	uint64_t t = rng_s[1] << 17;
	rng_s[2] ^= rng_s[0];
	rng_s[3] ^= rng_s[1];
	rng_s[1] ^= rng_s[2];
	rng_s[0] ^= rng_s[3];
	rng_s[2] ^= t;
	rng_s[3] = rotl(rng_s[3], 45);
	return r;
}

/* Uniform in [0, n) for n < 2^32; the multiply-shift bias is far below noise. */
static unsigned rnd(unsigned n)
{
	return (unsigned)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pct percent. */
static int chance(unsigned pct)
{
	return rnd(100) < pct;
}

#define PICK(a) ((a)[rnd(NELEM(a))])

/* ---- output buffer ---------------------------------------------------------- */

#define OUT_FLUSH (1u << 20)       /* flush once this much is pending */
#define OUT_SLACK (64u << 10)      /* a line is far shorter than this */

static char out_buf[OUT_FLUSH + OUT_SLACK]; /* pending output */
static size_t out_len;                      /* bytes pending in out_buf */
static uint64_t out_total;                  /* bytes written in all */
static int cp932_safe;                      /* emit only CP932-encodable text */

static int out_flush(void)
{
	if (out_len && fwrite(out_buf, 1, out_len, stdout) != out_len)
		return -1;
	out_total += out_len;
	out_len = 0;
	return 0;
}

static void put(const char *s)
{
	size_t n = strlen(s);
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

static void putc1(char c)
{
	out_buf[out_len++] = c;
}

/* Decimal number, at least `width` digits (zero padded), ASCII or full-width. */
static void put_num(unsigned v, int width, int fw)
{
	char d[12];
	int n = 0;
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		d[n++] = '0';
	while (n--) {
		if (fw) { /* U+FF10..U+FF19 = EF BC 90..99 */
			putc1('\xEF');
			putc1('\xBC');
			putc1((char)(0x90 + (d[n] - '0')));
		} else {
			putc1(d[n]);
		}
	}
}

/* ASCII string, letters and digits widened to U+FF21.. / U+FF41.. / U+FF10.. */
static void put_fw(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z') {
			put("\xEF\xBC");
			putc1((char)(0xA1 + (c - 'A')));
		} else if (c >= 'a' && c <= 'z') {
			put("\xEF\xBD");
			putc1((char)(0x81 + (c - 'a')));
		} else if (c >= '0' && c <= '9') {
			put("\xEF\xBC");
			putc1((char)(0x90 + (c - '0')));
		} else {
			putc1((char)c);
		}
	}
}

/* A run of n ideographic spaces (U+3000), as legacy exports use for layout. */
static void put_ideo(unsigned n)
{
	while (n--)
		put("\u3000");
}

/* ①..⑳ are U+2460..U+2473 (E2 91 A0..B3), all in CP932 (NEC row 13). */
static void put_circled(unsigned k)
{
	put("\xE2\x91");
	putc1((char)(0xA0 + (k - 1)));
}

/* Range mark: fullwidth tilde ～ (CP932) or wave dash 〜 (JIS style). */
static void put_wave(void)
{
	put(cp932_safe || chance(60) ? "\uFF5E" : "\u301C");
}

/* ---- word lists (all invented combinations; no real people) ------------------ */

struct name { const char *kanji, *kana; }; /* a name part and its half-width reading */

static const struct name family[] = {
	{"佐藤", "ｻﾄｳ"}, {"鈴木", "ｽｽﾞｷ"}, {"高橋", "ﾀｶﾊｼ"}, {"田中", "ﾀﾅｶ"},
	{"伊藤", "ｲﾄｳ"}, {"渡辺", "ﾜﾀﾅﾍﾞ"}, {"山本", "ﾔﾏﾓﾄ"}, {"中村", "ﾅｶﾑﾗ"},
	{"小林", "ｺﾊﾞﾔｼ"}, {"加藤", "ｶﾄｳ"}, {"吉田", "ﾖｼﾀﾞ"}, {"山田", "ﾔﾏﾀﾞ"},
	{"佐々木", "ｻｻｷ"}, {"山口", "ﾔﾏｸﾞﾁ"}, {"松本", "ﾏﾂﾓﾄ"}, {"井上", "ｲﾉｳｴ"},
	{"木村", "ｷﾑﾗ"}, {"長谷川", "ﾊｾｶﾞﾜ"}, {"石川", "ｲｼｶﾜ"}, {"前田", "ﾏｴﾀﾞ"},
	{"藤原", "ﾌｼﾞﾜﾗ"}, {"後藤", "ｺﾞﾄｳ"}, {"岡田", "ｵｶﾀﾞ"}, {"別府", "ﾍﾞｯﾌﾟ"},
	/* IBM-extension kanji and 0x5C-trail-byte kanji: the CP932 traps */
	{"髙橋", "ﾀｶﾊｼ"}, {"山﨑", "ﾔﾏｻﾞｷ"}, {"能登", "ﾉﾄ"}, {"十河", "ｿｺﾞｳ"},
	{"表", "ｵﾓﾃ"}, {"坂東", "ﾊﾞﾝﾄﾞｳ"},
};

static const struct name given[] = {
	{"太郎", "ﾀﾛｳ"}, {"花子", "ﾊﾅｺ"}, {"一郎", "ｲﾁﾛｳ"}, {"和子", "ｶｽﾞｺ"},
	{"幸子", "ｻﾁｺ"}, {"節子", "ｾﾂｺ"}, {"弘", "ﾋﾛｼ"}, {"清", "ｷﾖｼ"},
	{"茂", "ｼｹﾞﾙ"}, {"勇", "ｲｻﾑ"}, {"久子", "ﾋｻｺ"}, {"美代子", "ﾐﾖｺ"},
	{"正男", "ﾏｻｵ"}, {"進", "ｽｽﾑ"}, {"文子", "ﾌﾐｺ"}, {"千代", "ﾁﾖ"},
	{"トメ", "ﾄﾒ"}, {"昭二", "ｼｮｳｼﾞ"}, {"恵美子", "ｴﾐｺ"}, {"良子", "ﾖｼｺ"},
	{"武", "ﾀｹｼ"}, {"三郎", "ｻﾌﾞﾛｳ"}, {"静江", "ｼｽﾞｴ"}, {"信子", "ﾉﾌﾞｺ"},
	{"健一", "ｹﾝｲﾁ"}, {"由美", "ﾕﾐ"}, {"翔太", "ｼｮｳﾀ"}, {"大輔", "ﾀﾞｲｽｹ"},
	{"陽菜", "ﾋﾅ"}, {"貴博", "ﾀｶﾋﾛ"},
};

struct pref { const char *name; const char *city[4]; }; /* prefecture and cities */

static const struct pref prefs[] = {
	{"東京都", {"新宿区", "世田谷区", "八王子市", "町田市"}},
	{"大阪府", {"大阪市北区", "堺市堺区", "豊中市", "枚方市"}},
	{"北海道", {"札幌市中央区", "旭川市", "函館市", "帯広市"}},
	{"福岡県", {"福岡市博多区", "北九州市小倉北区", "久留米市", "飯塚市"}},
	{"愛知県", {"名古屋市中区", "豊田市", "岡崎市", "一宮市"}},
	{"宮城県", {"仙台市青葉区", "石巻市", "名取市", "大崎市"}},
	{"広島県", {"広島市中区", "福山市", "呉市", "尾道市"}},
	{"長野県", {"長野市", "松本市", "上田市", "諏訪市"}},
	{"鹿児島県", {"鹿児島市", "霧島市", "鹿屋市", "奄美市"}},
	{"神奈川県", {"横浜市港北区", "川崎市中原区", "相模原市南区", "藤沢市"}},
};

static const char *const towns[] = {
	"本町", "栄町", "中央", "旭町", "緑が丘", "桜台", "東町", "新町", "若葉", "大手町",
};

static const char *const buildings[] = {
	"ＡＢＣハイツ", "ﾒｿﾞﾝ桜", "ｳﾞｨﾗ青葉", "グランパレス", "コーポ松風", "ｻﾝﾊｲﾂ",
	"パークサイド ＫＡＩＧＯ", "ﾊﾟｰｸﾋﾙｽﾞ",
};

static const char *const companies[] = {
	"ケアサポートひかり", "ひまわり介護サービス", "ﾍﾙﾊﾟｰｽﾃｰｼｮﾝあおば", "福祉ネット",
	"ＡＢＣケア", "ﾃﾞｲｻｰﾋﾞｽさくら", "やすらぎ会", "ﾊﾟｰﾄﾅｰｽﾞ介護",
};

static const char *const services[] = {
	"訪問介護", "通所介護", "居宅介護支援", "訪問看護", "短期入所生活介護",
	"福祉用具貸与", "通所リハビリテーション", "小規模多機能型居宅介護",
};

static const char *const levels[] = {
	"要支援１", "要支援２", "要介護１", "要介護２", "要介護３", "要介護４", "要介護５",
	"要介護3", "要支援1", "事業対象者",
};

/* Free-text care notes, written for this generator. */
static const char *const phrases[] = {
	"訪問介護にて入浴介助を実施。",
	"服薬の確認を行う。",
	"転倒に注意。",
	"食事摂取量は主食８割、副食６割。",
	"排泄介助（ﾎﾟｰﾀﾌﾞﾙﾄｲﾚ使用）。",
	"バイタル測定：ＢＰ１３２／８４、Ｐ７２、ＫＴ３６．５℃。",
	"ＳｐＯ２ ９８％、特変なし。",
	"清拭と更衣の介助を行った。",
	"水分摂取を促す（１日１０００ｍｌ目標）。",
	"口腔ケア実施、義歯洗浄。",
	"歩行器使用にて室内歩行を見守り。",
	"デイサービス利用日。送迎時の様子に変わりなし。",
	"夜間の不眠の訴えあり、様子観察とする。",
	"家族より申し送りあり。",
	"褥瘡予防のため体位変換を２時間ごとに実施。",
	"皮膚の発赤なし。",
	"ケアマネジャーに報告済み。",
	"主治医の指示により血糖測定（１２８ｍｇ／ｄｌ）。",
	"通所リハビリにて機能訓練を実施。",
	"本人の意向を確認し、計画を見直す。",
	"買い物同行、金銭管理の支援。",
	"調理支援（刻み食・とろみ付き）。",
	"紙ﾊﾟﾝﾂ交換、陰部洗浄。",
	"車椅子への移乗介助（全介助）。",
	"認知症状の進行に留意し、声かけを継続する。",
	"表情穏やか、会話も多い。",
	"体調不良の訴えなし。",
	"ショートステイ利用予定を確認。",
	"福祉用具（特殊寝台）の点検。",
	"住宅改修（手すり設置）の相談あり。",
	"服薬カレンダーにセット済み。",
	"嚥下状態に注意し、見守りにて摂取。",
	"ｹｱﾌﾟﾗﾝ第２表の短期目標を確認。",
	"ﾍﾙﾊﾟｰ２名対応。",
	"能力に応じた自立支援を行う。",
	"ソファからの立ち上がり時にふらつきあり、転倒に注意。",
	"入院中のため訪問中止。",
	"退院前カンファレンスに参加。",
	"サービス担当者会議を開催（本人・家族・各事業所）。",
	"要介護認定の更新申請を代行。",
	"居宅サービス計画書を交付、同意を得た。",
	"ﾘﾊﾋﾞﾘﾃｰｼｮﾝ後、疲労感の訴えあり。",
};

static const char *const headings[] = {
	"【介護記録】", "【居宅サービス計画書（１）】", "【支援経過】", "■申し送り事項",
	"【サービス提供票】", "＜訪問介護計画＞", "【アセスメント】", "◆特記事項",
};

/* ---- dates ------------------------------------------------------------------ */

struct ymd { int y, m, d; }; /* a Gregorian date */

/* Days since 1970-01-01 (H. Hinnant's algorithm), and back. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct ymd civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct ymd r;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

struct era { const char *kanji, *letter, *letter_fw; int y, m, d; }; /* era and first day */

static const struct era eras[] = { /* newest first */
	{"令和", "R", "Ｒ", 2019, 5, 1},
	{"平成", "H", "Ｈ", 1989, 1, 8},
	{"昭和", "S", "Ｓ", 1926, 12, 25},
	{"大正", "T", "Ｔ", 1912, 7, 30},
	{"明治", "M", "Ｍ", 1868, 10, 23},
};

/* Era boundaries, where date parsers go wrong. */
static const struct ymd edge_days[] = {
	{1912, 7, 29}, {1912, 7, 30}, {1926, 12, 24}, {1926, 12, 25},
	{1989, 1, 7}, {1989, 1, 8}, {2019, 4, 30}, {2019, 5, 1},
};

static const struct era *era_of(struct ymd t, int *year)
{
	for (size_t i = 0; i < NELEM(eras); i++) {
		const struct era *e = &eras[i];
		if (t.y > e->y || (t.y == e->y && (t.m > e->m || (t.m == e->m && t.d >= e->d)))) {
			*year = t.y - e->y + 1;
			return e;
		}
	}
	*year = t.y - eras[NELEM(eras) - 1].y + 1; /* not reached: dates start in 1900 */
	return &eras[NELEM(eras) - 1];
}

/* A birth date of a care recipient (1900-1955) or a service date (2000-2026). */
static struct ymd random_date(int birth)
{
	if (chance(3))
		return PICK(edge_days);
	long lo = birth ? days_from_civil(1900, 1, 1) : days_from_civil(2000, 4, 1);
	long hi = birth ? days_from_civil(1955, 12, 31) : days_from_civil(2026, 12, 31);
	return civil_from_days(lo + (long)rnd((unsigned)(hi - lo + 1)));
}

enum date_form {
	DF_ERA_KANJI,     /* 平成30年10月1日, 令和元年5月1日 */
	DF_ERA_KANJI_FW,  /* 平成３０年１０月１日 */
	DF_ERA_SPACED,    /* 平成 30 年１０月 1日: stray spaces, mixed widths */
	DF_LETTER_DOT,    /* H30.10.1 */
	DF_LETTER_PAD,    /* R05.04.01 */
	DF_LETTER_FW,     /* Ｒ５．４．１ */
	DF_LETTER_SLASH,  /* S25/1/2 */
	DF_WEST_SLASH,    /* 2018/10/1 */
	DF_WEST_SLASH_PAD,/* 2018/10/01 */
	DF_WEST_COMPACT,  /* 20181001 */
	DF_WEST_ISO,      /* 2018-10-01 */
	DF_WEST_KANJI,    /* 2018年10月1日 */
	DF_WEST_KANJI_FW, /* ２０１８年１０月１日 */
	DF_SQUARE_ERA,    /* ㍻30年10月1日 (text only; ㍻ exists for 平成 alone here) */
	DF_COUNT
};

static void put_date(struct ymd t, enum date_form f)
{
	int ey;
	const struct era *e = era_of(t, &ey);
	int gan = ey == 1 && chance(50); /* 元年 */

	if (f == DF_SQUARE_ERA && strcmp(e->kanji, "平成") != 0)
		f = DF_ERA_KANJI;
	switch (f) {
	case DF_ERA_KANJI:
	case DF_ERA_KANJI_FW:
	case DF_SQUARE_ERA: {
		int fw = f == DF_ERA_KANJI_FW;
		put(f == DF_SQUARE_ERA ? "\u337B" : e->kanji);
		if (gan)
			put("元");
		else
			put_num((unsigned)ey, 0, fw);
		put("年");
		put_num((unsigned)t.m, 0, fw);
		put("月");
		put_num((unsigned)t.d, 0, fw);
		put("日");
		break;
	}
	case DF_ERA_SPACED:
		put(e->kanji);
		putc1(' ');
		if (gan)
			put("元");
		else
			put_num((unsigned)ey, 0, chance(50));
		put(" 年");
		put_num((unsigned)t.m, 0, 1);
		put("月 ");
		put_num((unsigned)t.d, 0, chance(50));
		put("日");
		break;
	case DF_LETTER_DOT:
	case DF_LETTER_PAD:
	case DF_LETTER_FW:
	case DF_LETTER_SLASH: {
		int fw = f == DF_LETTER_FW, w = f == DF_LETTER_PAD ? 2 : 0;
		const char *sep = fw ? "．" : f == DF_LETTER_SLASH ? "/" : ".";
		put(fw ? e->letter_fw : e->letter);
		put_num((unsigned)ey, w, fw);
		put(sep);
		put_num((unsigned)t.m, w, fw);
		put(sep);
		put_num((unsigned)t.d, w, fw);
		break;
	}
	case DF_WEST_SLASH:
	case DF_WEST_SLASH_PAD:
	case DF_WEST_ISO: {
		int w = f == DF_WEST_SLASH ? 0 : 2;
		char sep = f == DF_WEST_ISO ? '-' : '/';
		put_num((unsigned)t.y, 4, 0);
		putc1(sep);
		put_num((unsigned)t.m, w, 0);
		putc1(sep);
		put_num((unsigned)t.d, w, 0);
		break;
	}
	case DF_WEST_COMPACT:
		put_num((unsigned)t.y, 4, 0);
		put_num((unsigned)t.m, 2, 0);
		put_num((unsigned)t.d, 2, 0);
		break;
	case DF_WEST_KANJI:
	case DF_WEST_KANJI_FW: {
		int fw = f == DF_WEST_KANJI_FW;
		put_num((unsigned)t.y, 4, fw);
		put("年");
		put_num((unsigned)t.m, 0, fw);
		put("月");
		put_num((unsigned)t.d, 0, fw);
		put("日");
		break;
	}
	case DF_COUNT:
		break;
	}
}

/* Date forms for --kind dates: all of the above except the ㍻ ligature. */
static void put_random_date(int birth, int text)
{
	enum date_form f = (enum date_form)rnd(text ? DF_COUNT : DF_COUNT - 1);
	put_date(random_date(birth), f);
}

/* ---- record pieces ------------------------------------------------------------ */

/* Hyphen look-alikes seen between digits in phone numbers and 番地. */
static const char *hyphen(void)
{
	static const char *const safe[] = {
		"-", "-", "-", "\uFF0D" /* － */, "\uFF70" /* ｰ */, "\u2010" /* ‐ */,
		"\u30FC" /* ー */,
	};
	if (!cp932_safe && chance(8))
		return "\u2212"; /* − MINUS SIGN: no CP932 code */
	return PICK(safe);
}

static void put_phone(void)
{
	static const struct { const char *area; int a, b; } plan[] = { /* area, digit counts */
		{"03", 4, 4}, {"06", 4, 4}, {"045", 3, 4}, {"011", 3, 4}, {"0263", 2, 4},
		{"099", 3, 4}, {"090", 4, 4}, {"080", 4, 4}, {"070", 4, 4}, {"0120", 3, 3},
	};
	static const unsigned pow10[] = {1, 10, 100, 1000, 10000};
	int k = (int)rnd(NELEM(plan)), fw = chance(35);
	unsigned a = rnd(pow10[plan[k].a]), b = rnd(pow10[plan[k].b]);

	if (chance(12)) { /* ０３（１２３４）５６７８ */
		if (fw)
			put_fw(plan[k].area);
		else
			put(plan[k].area);
		put(fw ? "（" : "(");
		put_num(a, plan[k].a, fw);
		put(fw ? "）" : ")");
		put_num(b, plan[k].b, fw);
		return;
	}
	const char *h = hyphen();
	if (fw)
		put_fw(plan[k].area);
	else
		put(plan[k].area);
	put(h);
	put_num(a, plan[k].a, fw);
	put(h);
	put_num(b, plan[k].b, fw);
}

static void put_postal(void)
{
	int fw = chance(50);
	if (chance(85))
		put("〒");
	if (chance(10))
		putc1(' ');
	put_num(rnd(900) + 100, 3, fw);
	put(fw && chance(70) ? "\uFF0D" : hyphen());
	put_num(rnd(10000), 4, fw);
}

static void put_address(void)
{
	const struct pref *p = &PICK(prefs);
	int fw = chance(60);
	put(p->name);
	put(p->city[rnd(4)]);
	put(PICK(towns));
	switch (rnd(5)) {
	case 0: /* １丁目２－３ */
		put_num(rnd(9) + 1, 0, fw);
		put("丁目");
		put_num(rnd(30) + 1, 0, fw);
		put(fw ? "\uFF0D" : hyphen());
		put_num(rnd(20) + 1, 0, fw);
		break;
	case 1: /* 1-2-3 */
		put_num(rnd(9) + 1, 0, fw);
		put(hyphen());
		put_num(rnd(30) + 1, 0, fw);
		put(hyphen());
		put_num(rnd(20) + 1, 0, fw);
		break;
	case 2: /* 1丁目2番3号 */
		put_num(rnd(9) + 1, 0, fw);
		put("丁目");
		put_num(rnd(30) + 1, 0, fw);
		put("番");
		put_num(rnd(20) + 1, 0, fw);
		put("号");
		break;
	case 3: /* 123番地4 */
		put_num(rnd(999) + 1, 0, fw);
		put("番地");
		put_num(rnd(20) + 1, 0, fw);
		break;
	default: /* 2丁目5番地の1 */
		put_num(rnd(9) + 1, 0, fw);
		put("丁目");
		put_num(rnd(30) + 1, 0, fw);
		put("番地の");
		put_num(rnd(9) + 1, 0, fw);
		break;
	}
	if (chance(40)) {
		put(chance(50) ? "\u3000" : " ");
		put(PICK(buildings));
		put_num(rnd(9) * 100 + 101, 0, chance(50));
		if (chance(50))
			put("号室");
	}
}

/* Family and given name, separated as real exports do: U+3000, space or nothing. */
static void put_name(const struct name *f, const struct name *g)
{
	put(f->kanji);
	switch (rnd(6)) {
	case 0: case 1: put("\u3000"); break;
	case 2: putc1(' '); break;
	case 3: put_ideo(2); break;
	default: break;
	}
	put(g->kanji);
}

static void put_furigana(const struct name *f, const struct name *g)
{
	put(f->kana);
	if (chance(80))
		putc1(' ');
	put(g->kana);
}

static void put_time_range(void)
{
	int fw = chance(50), h = 8 + (int)rnd(10), m = (int)rnd(4) * 15;
	put_num((unsigned)h, 0, fw);
	put(fw ? "：" : ":");
	put_num((unsigned)m, 2, fw);
	put_wave();
	put_num((unsigned)h + 1 + rnd(2), 0, fw);
	put(fw ? "：" : ":");
	put_num((unsigned)m, 2, fw);
}

static void put_notes(unsigned n)
{
	while (n--) {
		if (chance(20))
			put_circled(rnd(20) + 1);
		put(PICK(phrases));
	}
}

/* ---- line kinds ------------------------------------------------------------------ */

/* A tab-separated record of a legacy export. */
static void line_record(unsigned long long no)
{
	const struct name *f = &PICK(family), *g = &PICK(given);
	int fw = chance(30);
	put_num((unsigned)(no % 10000000), 7, fw);
	putc1('\t');
	if (chance(50)) { /* 被保険者番号, sometimes with a letter prefix */
		if (chance(20))
			put(fw ? "Ｈ" : "H");
		put_num(rnd(100000), 5, fw);
		put_num(rnd(100000), 5, fw);
	}
	putc1('\t');
	put_name(f, g);
	putc1('\t');
	put_furigana(f, g);
	putc1('\t');
	put_random_date(1, 1);
	putc1('\t');
	put(chance(55) ? "女" : "男");
	putc1('\t');
	put(PICK(levels));
	putc1('\t');
	put_postal();
	putc1('\t');
	put_address();
	putc1('\t');
	put_phone();
	putc1('\t');
	put_notes(1 + rnd(2));
}

/* A free-text care-record line, ideographic spaces used as column layout. */
static void line_note(void)
{
	if (chance(30))
		put_ideo(1 + rnd(3));
	put_random_date(0, 1);
	put_ideo(1 + rnd(2));
	put_time_range();
	put_ideo(1 + rnd(2));
	put(PICK(services));
	put("\u3000");
	put_name(&PICK(family), &PICK(given));
	put(chance(50) ? "：" : ":");
	put_notes(1 + rnd(4));
	if (chance(15)) {
		put("（詳細は別紙");
		unsigned a = rnd(15) + 1;
		put_circled(a);
		put_wave();
		put_circled(a + 1 + rnd(5));
		put("参照）");
	}
}

/* A page heading as a fixed-width export prints it. */
static void line_heading(void)
{
	put_ideo(2 + rnd(8));
	put(PICK(headings));
	put_ideo(1 + rnd(6));
	put("作成日");
	put(chance(50) ? "：" : ":");
	put_random_date(0, 1);
	put_ideo(1 + rnd(3));
	put("利用者名");
	put_ideo(1 + rnd(2));
	put_name(&PICK(family), &PICK(given));
	put("\u3000様");
	if (chance(50)) {
		put_ideo(2);
		put("ＩＤ：");
		put_fw("ABC");
		put_num(rnd(1000), 3, 1);
	}
}

/* A provider contact line: company, service, phone, fax, postal code, address. */
static void line_provider(void)
{
	put(chance(70) ? "\u3231" /* ㈱ */ : "（株）");
	put(PICK(companies));
	put("\u3000");
	put(PICK(services));
	put("事業所");
	put_ideo(1 + rnd(3));
	put(chance(50) ? "ＴＥＬ" : "TEL");
	put(chance(50) ? "：" : " ");
	put_phone();
	if (chance(60)) {
		put("\u3000ＦＡＸ");
		put_phone();
	}
	put_ideo(1 + rnd(2));
	put_postal();
	put("\u3000");
	put_address();
	if (chance(30)) {
		put("\u3000営業");
		put_time_range();
	}
}

static void gen_text_line(unsigned long long no)
{
	unsigned k = rnd(100);
	if (k < 35)
		line_record(no);
	else if (k < 75)
		line_note();
	else if (k < 88)
		line_provider();
	else
		line_heading();
	putc1('\n');
}

static void gen_date_line(void)
{
	put_random_date(chance(40), 0);
	putc1('\n');
}

/* ---- --kind careplan: a CarePlans collection (schemas/careplan.xsd) ----------- */

/*
 * Each record is one CarePlan that validates against schemas/careplan.xsd: header,
 * 利用者補足情報, 第1表 texts, 第2表 with 2-6 needs, 1-4 goals each and 1-5 service
 * lines per goal, a 第3表 grid, a meeting or an inquiry, one service month with
 * 5-30 第6表 day lines, often a 第7表 and the month's 補足, and sometimes the
 * records of the operating standard (consent, hospital-contact request,
 * physician opinion and plan delivery, a monitoring observation passed on).
 * Counts are skewed towards the small end (each step up in a count has a fixed
 * chance), so most records are 5-13 KiB, about 9 KiB on average; with the parts
 * above, no complete record is much under 4.5 KiB.  Every 事業所番号 carries its
 * check digit.
 *
 * With --invalid-rate P about P % of the records get exactly one realistic
 * mistake (enum mutation below).  Whether and how a record is broken is decided
 * by a hash of the seed and the record number, not by the main generator, so the
 * valid records are byte for byte the same whatever the rate.
 */

struct cp_name { const char *kanji, *kana; }; /* name part, full-width katakana */

static const struct cp_name cp_family[] = {
	{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"},
	{"伊藤", "イトウ"}, {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"},
	{"小林", "コバヤシ"}, {"加藤", "カトウ"}, {"吉田", "ヨシダ"}, {"山田", "ヤマダ"},
	{"松本", "マツモト"}, {"井上", "イノウエ"}, {"木村", "キムラ"}, {"石川", "イシカワ"},
	{"前田", "マエダ"}, {"藤原", "フジワラ"}, {"岡田", "オカダ"}, {"長谷川", "ハセガワ"},
	{"髙橋", "タカハシ"}, {"山﨑", "ヤマザキ"}, {"坂東", "バンドウ"}, {"村上", "ムラカミ"},
};

static const struct cp_name cp_given[] = {
	{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"和子", "カズコ"},
	{"幸子", "サチコ"}, {"節子", "セツコ"}, {"弘", "ヒロシ"}, {"清", "キヨシ"},
	{"茂", "シゲル"}, {"勇", "イサム"}, {"久子", "ヒサコ"}, {"美代子", "ミヨコ"},
	{"正男", "マサオ"}, {"進", "ススム"}, {"文子", "フミコ"}, {"千代", "チヨ"},
	{"トメ", "トメ"}, {"昭二", "ショウジ"}, {"静江", "シズエ"}, {"信子", "ノブコ"},
};

struct cp_area {            /* a prefecture as care data sees it */
	const char *pref;   /* 都道府県 */
	unsigned code;      /* 都道府県番号, the first two digits of numbers */
	const char *area;   /* telephone area code */
	const char *city[3];/* 市区町村 */
	unsigned grade[3];  /* 地域区分 add-on percent of each city (20 = 1級地) */
};

static const struct cp_area cp_areas[] = {
	{"東京都", 13, "03", {"世田谷区", "新宿区", "町田市"}, {20, 20, 15}},
	{"東京都", 13, "042", {"八王子市", "府中市", "調布市"}, {12, 15, 15}},
	{"大阪府", 27, "06", {"大阪市北区", "豊中市", "吹田市"}, {15, 15, 15}},
	{"大阪府", 27, "072", {"堺市堺区", "枚方市", "東大阪市"}, {10, 10, 10}},
	{"神奈川県", 14, "045", {"横浜市港北区", "川崎市中原区", "藤沢市"}, {16, 16, 10}},
	{"愛知県", 23, "052", {"名古屋市中区", "豊田市", "岡崎市"}, {10, 6, 6}},
	{"福岡県", 40, "092", {"福岡市博多区", "久留米市", "飯塚市"}, {6, 3, 0}},
	{"北海道", 1, "011", {"札幌市中央区", "旭川市", "函館市"}, {3, 0, 0}},
};

static const char *const cp_towns[] = {
	"桜台", "若葉町", "緑が丘", "本町", "旭町", "栄町", "東町", "中央", "青葉台", "宮前",
};

struct cp_kind {            /* a service as plans place it */
	const char *kind;   /* サービス種類コード */
	const char *item;   /* サービス項目コード: kind + item = サービスコード */
	const char *type;   /* サービス種別 on 第2表 */
	const char *content;/* サービス内容 */
	const char *office; /* provider name */
	const char *freq;   /* 頻度 */
	const char *start, *end; /* usual time, 9999 when the service has none */
	unsigned units;     /* units of the item */
	unsigned ratio;     /* 人件費割合 percent: area add-on = grade * ratio / 100 */
	unsigned char support;   /* 1 = 要支援 (介護予防・総合事業) */
	unsigned char community; /* 地域密着型: 事業所番号 position 3 is 9 */
	unsigned char rental;    /* 福祉用具貸与: once a month, with a TAIS code */
	unsigned char medical;   /* needs the 主治の医師等's instruction */
	unsigned char living;    /* 生活援助中心型 */
};

static const struct cp_kind cp_kinds[] = {
	{"11", "1121", "訪問介護", "排泄介助、更衣、体位変換", "ヘルパーステーション", "週3回",
	 "0900", "0940", 387, 70, 0, 0, 0, 0, 0},
	{"11", "2111", "訪問介護", "調理、掃除、買い物の生活援助", "訪問介護センター", "週2回",
	 "1000", "1040", 179, 70, 0, 0, 0, 0, 1},
	{"12", "1111", "訪問入浴介護", "訪問入浴", "訪問入浴サービス", "週2回",
	 "1330", "1430", 1266, 55, 0, 0, 0, 0, 0},
	{"13", "1111", "訪問看護", "病状観察、服薬管理、療養上の相談", "訪問看護ステーション", "週1回",
	 "1400", "1430", 471, 70, 0, 0, 0, 1, 0},
	{"14", "1111", "訪問リハビリテーション", "歩行訓練、住環境の助言", "訪問リハビリ", "週1回",
	 "1500", "1540", 308, 55, 0, 0, 0, 1, 0},
	{"15", "1311", "通所介護", "入浴介助、機能訓練、昼食", "デイサービス", "週2回",
	 "0930", "1640", 900, 45, 0, 0, 0, 0, 0},
	{"16", "1211", "通所リハビリテーション", "個別リハビリ、入浴", "デイケア", "週2回",
	 "0900", "1600", 762, 55, 0, 0, 0, 1, 0},
	{"17", "1006", "福祉用具貸与", "歩行器の貸与と点検", "福祉用具センター", "随時",
	 "9999", "9999", 250, 0, 0, 0, 1, 0, 0},
	{"21", "1331", "短期入所生活介護", "短期入所での生活全般の介護", "ショートステイ", "月1回（3日間）",
	 "9999", "9999", 787, 55, 0, 0, 0, 0, 0},
	{"78", "1211", "地域密着型通所介護", "機能訓練、入浴介助", "リハビリデイ", "週2回",
	 "1000", "1600", 784, 45, 0, 1, 0, 0, 0},
	{"76", "1211", "定期巡回・随時対応型訪問介護看護", "定期訪問と随時対応", "定期巡回ステーション", "毎日",
	 "9999", "9999", 320, 70, 0, 1, 0, 0, 0},
	{"A2", "1111", "訪問型サービス（独自）", "掃除、調理の支援", "ヘルパーステーション", "週1回",
	 "1000", "1045", 1176, 70, 1, 0, 0, 0, 0},
	{"A6", "1111", "通所型サービス（独自）", "運動機能向上プログラム", "デイサービス", "週1回",
	 "0930", "1530", 1798, 45, 1, 0, 0, 0, 0},
	{"67", "1006", "介護予防福祉用具貸与", "手すりの貸与", "福祉用具センター", "随時",
	 "9999", "9999", 100, 0, 1, 0, 1, 0, 0},
	{"63", "1111", "介護予防訪問看護", "健康状態の確認、服薬の助言", "訪問看護ステーション", "週1回",
	 "1400", "1430", 451, 70, 1, 0, 0, 1, 0},
};

static const char *const cp_stems[] = {
	"さくら", "ひまわり", "あおば", "みどり", "やすらぎ", "こもれび", "つばさ", "なごみ",
};

static const char *const cp_issues[] = {
	"息切れがあり、掃除や調理が一人では難しい",
	"足の力が弱くなり、転ぶのが心配",
	"自宅で安全に入浴できないが、清潔を保ちたい",
	"薬の飲み忘れがあり、体調が不安定",
	"夜間のトイレ移動に不安がある",
	"家族の介護の負担を減らしたい",
	"外出の機会が減り、人と話すことが少ない",
	"食事の量が減り、体重が落ちている",
	"床ずれを作らずに過ごしたい",
	"もの忘れが増え、一人での生活に不安がある",
};

static const char *const cp_long_goals[] = {
	"住み慣れた自宅で生活を続けられる", "転ばずに家の中を移動できる",
	"清潔を保ち、皮膚トラブルなく過ごせる", "体調が安定し、入院せずに過ごせる",
	"家族が無理なく介護を続けられる", "趣味の集まりに参加できる",
};

static const char *const cp_short_goals[] = {
	"週2回入浴できる", "歩行器を使ってトイレまで一人で歩ける",
	"薬を決められたとおりに飲める", "決まった時間に食事がとれる",
	"週1回、家族が休息できる", "デイサービスで他の利用者と交流できる",
};

static const char *const cp_uninsured[][3] = { /* 保険外: 内容, 種別, 頻度 */
	{"受診の付き添い", "家族（長男）", "月1回"},
	{"配食サービス", "市の高齢者福祉サービス", "週3回"},
	{"地域のサロンへの参加", "地域の通いの場", "月2回"},
	{"安否確認の電話", "民生委員", "週1回"},
};

static const char *const cp_activities[] = {
	"起床", "朝食・服薬", "昼食", "夕食・服薬", "就寝", "散歩",
};

static const char *const cp_observations[][2] = { /* category, text */
	{"excessOrBunchedMedication", "朝食後の薬が10日分ほど余っている。"},
	{"medicationRefusal", "苦いと言って薬を飲まないことがある。"},
	{"oral", "口臭が強く、歯みがきの際に出血がある。"},
	{"weightChange", "顔と足にむくみがあり、体重が増えた様子。"},
	{"foodIntakeChange", "昼食を半分ほど残すことが増えた。"},
	{"diarrhoeaOrConstipation", "4日以上便が出ていない。"},
	{"drySkinOrEczema", "背中に乾燥とかゆみがある。"},
	{"rehabilitationNotProvided", "退院後、立ち上がりが不安定だがリハビリを受けていない。"},
};

static const char *const cp_recipients[] = {"physician", "dentist", "pharmacist"};

/* Care levels with their 区分支給限度基準額 (units, since 2019-10). */
static const struct { const char *code; unsigned limit; unsigned living; } cp_levels[] = {
	{"12", 5032, 0}, {"13", 10531, 0}, {"21", 16765, 27}, {"22", 19705, 34},
	{"23", 27048, 43}, {"24", 30938, 38}, {"25", 36217, 31},
};

/* ---- mistakes for --invalid-rate ---- */

enum mutation {
	M_NONE,
	M_CARE_LEVEL,     /* header/careLevel 26 */
	M_WAREKI,         /* header/certificationDate written 令和7年4月1日 */
	M_NO_PLAN_DATE,   /* header/planDate missing */
	M_FULLWIDTH,      /* first day line's count in full-width digits */
	M_OFFICE_LETTER,  /* supportOffice/officeNumber with I in position 3 */
	M_INSURED_LENGTH, /* insuredNumber with 9 digits */
	M_TIME,           /* a weekly grid time 2460 */
	M_UNKNOWN_ELEM,   /* overview/remarks */
	M_BITMAP,         /* 日割対象日 of 30 characters */
	M_COVERED,        /* 保険対象区分 対象 instead of Y */
	M_NO_SERVICE_DATE,/* a day line without serviceDate */
	M_UNITS_TEXT,     /* 単位数 179単位 */
	M_BAD_DATE,       /* a day that does not exist (2025-02-30 style) */
	M_COUNT
};

static const char *const mutation_names[M_COUNT] = {
	"", "care-level-code", "wareki-date", "missing-planDate", "fullwidth-digits",
	"office-number-letter", "insured-number-length", "bad-time", "unknown-element",
	"bitmap-length", "insurance-covered-code", "missing-serviceDate", "units-not-integer",
	"impossible-date",
};

static enum mutation mut;      /* the mistake of the record being written */
static int mut_done;           /* the mistake has been written */

static int mutate_here(enum mutation m)
{
	if (mut != m || mut_done)
		return 0;
	mut_done = 1;
	return 1;
}

/* ---- writing helpers ---- */

static int out_failed; /* a flush inside a record failed */

/* Records can be long: flush between their parts, not only between records. */
static void flush_if_full(void)
{
	if (out_len >= OUT_FLUSH && out_flush() != 0)
		out_failed = 1;
}

static void open_el(const char *name)
{
	putc1('<');
	put(name);
	putc1('>');
}

static void close_el(const char *name)
{
	put("</");
	put(name);
	putc1('>');
}

static void el(const char *name, const char *text)
{
	open_el(name);
	put(text);
	close_el(name);
}

static void el_num(const char *name, unsigned long v)
{
	char d[24];
	snprintf(d, sizeof d, "%lu", v);
	el(name, d);
}

static void put_iso(struct ymd t)
{
	put_num((unsigned)t.y, 4, 0);
	putc1('-');
	put_num((unsigned)t.m, 2, 0);
	putc1('-');
	put_num((unsigned)t.d, 2, 0);
}

static void el_date(const char *name, struct ymd t)
{
	open_el(name);
	put_iso(t);
	close_el(name);
}

/* The same date as a 和暦 string, without touching the random stream. */
static void put_wareki(struct ymd t)
{
	int ey;
	const struct era *e = era_of(t, &ey);
	put(e->kanji);
	put_num((unsigned)ey, 0, 0);
	put("年");
	put_num((unsigned)t.m, 0, 0);
	put("月");
	put_num((unsigned)t.d, 0, 0);
	put("日");
}

static struct ymd add_days(struct ymd t, long n)
{
	return civil_from_days(days_from_civil(t.y, t.m, t.d) + n);
}

static int days_in_month(int y, int m)
{
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	return (int)(days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1));
}

/* Japanese period text such as 2025年5月1日～2025年10月31日 */
static void put_period(struct ymd a, struct ymd b)
{
	put_num((unsigned)a.y, 0, 0); put("年"); put_num((unsigned)a.m, 0, 0); put("月");
	put_num((unsigned)a.d, 0, 0); put("日\uFF5E");
	put_num((unsigned)b.y, 0, 0); put("年"); put_num((unsigned)b.m, 0, 0); put("月");
	put_num((unsigned)b.d, 0, 0); put("日");
}

/* 介護保険事業所番号 with its check digit (domain/careplan.md §3.3, digits only). */
static void make_office(char out[11], unsigned pref, char cls, unsigned serial)
{
	snprintf(out, 11, "%02u%c%02u%04u", pref % 100, cls, (serial / 10000) % 100, serial % 10000);
	unsigned sum = 0;
	for (int i = 8, w = 2; i >= 0; i--, w = 3 - w) {
		unsigned p = (unsigned)(out[i] - '0') * (unsigned)w;
		sum += p / 10 + p % 10;
	}
	out[9] = (char)('0' + (10 - sum % 10) % 10);
	out[10] = '\0';
}

/* A count in [lo, hi], lo most of the time: each step up has chance pct. */
static unsigned skewed(unsigned lo, unsigned hi, unsigned pct)
{
	unsigned n = lo;
	while (n < hi && chance(pct))
		n++;
	return n;
}

/* ---- one record ---- */

struct cp_used {           /* a service placed in the plan */
	const struct cp_kind *k;
	char office[11];   /* provider's 事業所番号 */
	const char *stem;  /* provider name stem */
	unsigned count;    /* day lines in the month */
};

struct cp_plan {           /* what the parts of one record share */
	const struct cp_area *area;
	unsigned city;          /* index into area->city */
	unsigned level;         /* index into cp_levels */
	int support;            /* 要支援 */
	struct ymd plan, first, cert, from, to, birth;
	int month_y, month_m;   /* the service month */
	char office[11];        /* 居宅介護支援事業所 */
	const char *cm_family, *cm_given; /* care manager */
	struct cp_used used[12];
	unsigned nused;
	unsigned price[12];     /* 単位数単価 × 100 per used service */
};

static const struct cp_used *use_kind(struct cp_plan *p, const struct cp_kind *k)
{
	for (unsigned i = 0; i < p->nused; i++)
		if (p->used[i].k == k)
			return &p->used[i];
	if (p->nused == NELEM(p->used))
		return &p->used[0];
	struct cp_used *u = &p->used[p->nused++];
	char cls = k->community ? '9' : '7';
	u->k = k;
	u->stem = PICK(cp_stems);
	make_office(u->office, p->area->code, cls, 10000 * (1 + rnd(60)) + rnd(10000));
	u->count = 0;
	return u;
}

static const struct cp_kind *pick_kind(const struct cp_plan *p)
{
	for (;;) {
		const struct cp_kind *k = &PICK(cp_kinds);
		if (k->support == p->support)
			return k;
	}
}

static void cp_header(struct cp_plan *p, unsigned long long no)
{
	const struct cp_area *a = p->area;
	putc1('\n');
	put("<header>");
	open_el("insurerNumber");
	put_num(a->code, 2, 0);
	put_num(rnd(10000), 4, 0);
	close_el("insurerNumber");
	open_el("insuredNumber");
	int seiho = chance(3); /* 生活保護単独: H + 9 digits */
	/* distinct for the first 10^9 records: 3^18 is prime to 10^9 */
	unsigned body = (unsigned)((no * 387420489ULL + 20240401ULL) % 1000000000ULL);
	if (mutate_here(M_INSURED_LENGTH))
		put_num(body, 9, 0);
	else if (seiho) {
		putc1('H');
		put_num(body, 9, 0);
	} else {
		put_num((unsigned)(no / 1000000000 % 10), 1, 0);
		put_num(body, 9, 0);
	}
	close_el("insuredNumber");
	el_date("createdOn", p->plan);
	put("<userAddress>");
	open_el("postalCode");
	put_num(100 + rnd(900), 3, 0);
	putc1('-');
	put_num(rnd(10000), 4, 0);
	close_el("postalCode");
	open_el("address1");
	put(a->pref);
	put(a->city[p->city]);
	put(PICK(cp_towns));
	put_num(1 + rnd(9), 0, 0);
	put("丁目");
	put_num(1 + rnd(30), 0, 0);
	putc1('-');
	put_num(1 + rnd(20), 0, 0);
	close_el("address1");
	put("</userAddress>");
	open_el("planAuthorName");
	put(p->cm_family);
	putc1(' ');
	put(p->cm_given);
	close_el("planAuthorName");
	put("<supportOffice><name>");
	put(PICK(cp_stems));
	put(p->support ? "地域包括支援センター" : "ケアプランセンター");
	put("</name><officeNumber>");
	if (mutate_here(M_OFFICE_LETTER)) {
		char bad[11];
		memcpy(bad, p->office, sizeof bad);
		bad[2] = no & 1 ? 'I' : 'O';
		put(bad);
	} else {
		put(p->office);
	}
	put("</officeNumber></supportOffice>");
	if (!mutate_here(M_NO_PLAN_DATE))
		el_date("planDate", p->plan);
	el_date("firstPlanDate", p->first);
	el("planCategory", p->first.y == p->plan.y && p->first.m == p->plan.m &&
	   p->first.d == p->plan.d ? "11" : "21");
	el("certificationStatus", "2");
	if (mutate_here(M_WAREKI)) {
		open_el("certificationDate");
		put_wareki(p->cert);
		close_el("certificationDate");
	} else {
		el_date("certificationDate", p->cert);
	}
	el_date("certificationValidFrom", p->from);
	el_date("certificationValidTo", p->to);
	el("careLevel", mutate_here(M_CARE_LEVEL) ? "26" : cp_levels[p->level].code);
	put("</header>");
}

static void cp_supplement(const struct cp_plan *p, const struct cp_name *f,
                          const struct cp_name *g, int sex, int month)
{
	putc1('\n');
	put("<userSupplement>");
	if (!month) {
		open_el("furigana"); put(f->kana); putc1(' '); put(g->kana); close_el("furigana");
	}
	open_el("name"); put(f->kanji); putc1(' '); put(g->kanji); close_el("name");
	if (!month) {
		el("sex", sex == 1 ? "1" : "2");
		el_date("birthDate", p->birth);
		open_el("phone");
		put(p->area->area);
		putc1('-');
		put("00"); /* an unassigned exchange: the number reaches nobody */
		if (strlen(p->area->area) == 2)
			put_num(rnd(100), 2, 0);
		else
			put_num(rnd(10), 1, 0);
		putc1('-');
		put_num(rnd(10000), 4, 0);
		close_el("phone");
	}
	el_date("certificationDate", p->cert);
	el_date("limitPeriodFrom", p->from);
	el_date("limitPeriodTo", p->to);
	el("certificationStatus", "2");
	el("careLevel", cp_levels[p->level].code);
	el_num("categoryLimitUnits", cp_levels[p->level].limit);
	if (month)
		el_num("totalExcessUnits", 0);
	el("updatedBy", p->office);
	put("</userSupplement>");
}

static void cp_overview(const struct cp_plan *p)
{
	putc1('\n');
	put("<overview><assessmentResult>本人「");
	put(PICK(cp_long_goals));
	put("ようになりたい。」");
	put("</assessmentResult><overallPolicy>");
	put(PICK(phrases));
	put("</overallPolicy>");
	if (mutate_here(M_UNKNOWN_ELEM))
		put("<remarks>特記事項なし</remarks>");
	if (!p->support && chance(30))
		el("livingAssistanceReason", chance(70) ? "1" : "2");
	put("</overview>");
}

static void cp_needs(struct cp_plan *p)
{
	unsigned nneeds = skewed(2, 6, 30);
	struct ymd lt = add_days(p->plan, 180), st = add_days(p->plan, 90);

	putc1('\n');
	put("<needs>");
	el_date("createdOn", p->plan);
	for (unsigned n = 1; n <= nneeds; n++) {
		put("\n<need no=\"");
		put_num(n, 0, 0);
		put("\">");
		el("issue", PICK(cp_issues));
		unsigned ngoals = skewed(1, 4, 25);
		for (unsigned g = 1; g <= ngoals; g++) {
			put("<goal no=\"");
			put_num(g, 0, 0);
			put("\">");
			el("longTermGoal", PICK(cp_long_goals));
			el("shortTermGoal", PICK(cp_short_goals));
			if (chance(60)) {
				open_el("longTermPeriod"); put_period(p->plan, lt); close_el("longTermPeriod");
				open_el("shortTermPeriod"); put_period(p->plan, st); close_el("shortTermPeriod");
			}
			unsigned nlines = skewed(1, 5, 35);
			const struct cp_kind *last = NULL; /* no service twice in a row */
			for (unsigned s = 1; s <= nlines; s++) {
				put("\n<serviceLine no=\"");
				put_num(s, 0, 0);
				put("\">");
				/* the first line of the plan is always an insured, dated service */
				int first = n == 1 && g == 1 && s == 1;
				if (!first && chance(15)) {
					const char *const *u = cp_uninsured[rnd(NELEM(cp_uninsured))];
					el("content", u[0]);
					el("insuranceCovered", "N");
					el("serviceType", u[1]);
					el("frequency", u[2]);
				} else {
					const struct cp_kind *k = pick_kind(p);
					for (int tries = 0; tries < 8 && (k == last ||
					     (first && (k->rental || k->kind[0] == '2'))); tries++)
						k = pick_kind(p);
					while (first && (k->rental || k->kind[0] == '2'))
						k = pick_kind(p);
					last = k;
					const struct cp_used *u = use_kind(p, k);
					el("content", k->content);
					el("insuranceCovered", mutate_here(M_COVERED) ? "対象" : "Y");
					el("serviceType", k->type);
					el("providerNumber", u->office);
					open_el("providerName"); put(u->stem); put(k->office); close_el("providerName");
					el("frequency", k->freq);
					el("serviceKind", k->kind);
					if (chance(40))
						el("selectionReason", "自宅から近く、本人が見学して選んだ。");
				}
				put("</serviceLine>");
			}
			put("</goal>");
		}
		put("</need>");
		flush_if_full();
	}
	put("</needs>");
}

static void cp_weekly(const struct cp_plan *p)
{
	putc1('\n');
	put("<weeklySchedule>");
	el_date("createdOn", p->plan);
	unsigned n = 1 + rnd(3);
	for (unsigned i = 0; i < n && i < p->nused; i++) {
		const struct cp_kind *k = p->used[i].k;
		if (k->start[0] == '9')
			continue;
		put("<entry>");
		el("serviceContent", k->type);
		open_el("dayOfWeek"); put_num(1 + rnd(6), 0, 0); close_el("dayOfWeek");
		el("startTime", mutate_here(M_TIME) ? "2460" : k->start);
		el("endTime", k->end);
		put("</entry>");
	}
	put("<entry>");
	el("activity", PICK(cp_activities));
	open_el("activityStartTime"); put_num(6 + rnd(4), 2, 0); put("00"); close_el("activityStartTime");
	if (mutate_here(M_TIME))
		el("activityEndTime", "2460");
	put("</entry></weeklySchedule>");
}

static void cp_meeting(const struct cp_plan *p, const struct cp_name *f, const struct cp_name *g)
{
	struct ymd d = add_days(p->plan, -(long)(1 + rnd(5)));
	putc1('\n');
	put("<meetings>");
	if (chance(10)) {
		put("<inquiry>");
		el_date("inquiredOn", d);
		el("reason", chance(70) ? "minorChange" : "providerCouldNotAttend");
		put("<recipient><affiliation>");
		put(p->used[0].stem);
		put(p->used[0].k->office);
		put("</affiliation>");
		el("providerNumber", p->used[0].office);
		el("method", "fax");
		put("</recipient>");
		el("content", "サービス内容の変更について意見を求めた。");
		put("</inquiry>");
	} else {
		put("<meeting>");
		el_date("heldOn", d);
		el("place", "本人宅");
		put("<attendee><role>user</role><name>");
		put(f->kanji); putc1(' '); put(g->kanji);
		put("</name></attendee><attendee><role>careManager</role><name>");
		put(p->cm_family); putc1(' '); put(p->cm_given);
		put("</name></attendee>");
		for (unsigned i = 0; i < p->nused && i < 3; i++) {
			put("<attendee><role>serviceProvider</role><affiliation>");
			put(p->used[i].stem);
			put(p->used[i].k->office);
			put("</affiliation></attendee>");
		}
		el("userAttended", "true");
		el("conclusion", "原案のとおりサービスを利用する。");
		put("</meeting>");
	}
	put("</meetings>");
}

/* One 第6表 day line. */
static void cp_day_line(struct cp_plan *p, struct cp_used *u, int day, int first)
{
	const struct cp_kind *k = u->k;
	struct ymd t = {p->month_y, p->month_m, day};
	put("\n<line>");
	if (first && mutate_here(M_UNITS_TEXT)) {
		open_el("units"); put_num(k->units, 0, 0); put("単位"); close_el("units");
	} else {
		el_num("units", k->units);
	}
	if (k->kind[0] == '2' && k->kind[1] == '1')
		el_num("shortStayDaysBeforeMonth", 3);
	if (!(first && mutate_here(M_NO_SERVICE_DATE))) {
		if (first && mutate_here(M_BAD_DATE)) {
			open_el("serviceDate");
			put_num((unsigned)t.y, 4, 0);
			putc1('-');
			put_num((unsigned)t.m, 2, 0);
			put(t.m == 2 ? "-30" : "-32");
			close_el("serviceDate");
		} else {
			el_date("serviceDate", t);
		}
	}
	int dim = days_in_month(p->month_y, p->month_m);
	if ((k->kind[0] == '7' && k->kind[1] == '6') || (first && mut == M_BITMAP)) {
		open_el("proRataDays");
		int len = first && mutate_here(M_BITMAP) ? 30 : 31;
		for (int i = 1; i <= len; i++)
			putc1(i >= day && i <= dim ? '1' : '0');
		close_el("proRataDays");
	}
	el("startTime", first && mutate_here(M_TIME) ? "2460" : k->start);
	el("endTime", k->end);
	el("count", first && mutate_here(M_FULLWIDTH) ? "\uFF11" : "1");
	open_el("serviceCode"); put(k->kind); put(k->item); close_el("serviceCode");
	if (k->rental) {
		open_el("taisCode");
		put_num(rnd(100000), 5, 0);
		putc1('-');
		put_num(rnd(1000000), 6, 0);
		close_el("taisCode");
	}
	el("providerNumber", u->office);
	el("over30Days", "0");
	put("</line>");
	u->count++;
}

static void cp_month(struct cp_plan *p, const struct cp_name *f, const struct cp_name *g)
{
	int dim = days_in_month(p->month_y, p->month_m);
	unsigned target = chance(75) ? 5 + rnd(4) : 5 + rnd(26), written = 0;
	struct cp_used *dated[12];
	unsigned ndated = 0;
	int rental_done[12] = {0};

	for (unsigned i = 0; i < p->nused; i++)
		dated[ndated++] = &p->used[i];
	putc1('\n');
	put("<serviceMonth><targetMonth>");
	put_num((unsigned)p->month_y, 4, 0);
	putc1('-');
	put_num((unsigned)p->month_m, 2, 0);
	put("</targetMonth><planned>");
	struct ymd made = add_days((struct ymd){p->month_y, p->month_m, 1}, -(long)(1 + rnd(6)));
	el_date("createdOn", made);
	el("planOfficeNumber", p->office);
	open_el("planManagerName"); put(p->cm_family); putc1(' '); put(p->cm_given); close_el("planManagerName");
	/* spread the lines over the month, services in turn; rentals once */
	for (unsigned i = 0; written < target && i < 4 * target; i++) {
		struct cp_used *u = dated[i % ndated];
		unsigned slot = i % ndated;
		if (u->k->rental) {
			if (rental_done[slot])
				continue;
			rental_done[slot] = 1;
		}
		int day = 1 + (int)((written * (unsigned)dim) / target);
		cp_day_line(p, u, day, written == 0);
		written++;
	}
	put("</planned>");
	flush_if_full();

	if (chance(40)) { /* 第7表 */
		unsigned long tu = 0, tc = 0, tcl = 0;
		unsigned rate = chance(85) ? 90 : chance(50) ? 80 : 70;
		putc1('\n');
		put("<limitManagement>");
		el_date("createdOn", made);
		el("inputBy", p->office);
		for (unsigned i = 0; i < p->nused; i++) {
			const struct cp_used *u = &p->used[i];
			if (!u->count)
				continue;
			unsigned long units = (unsigned long)u->k->units * u->count;
			unsigned price = 1000 + (p->area->grade[p->city] * u->k->ratio + 5) / 10;
			unsigned long cost = units * price / 100, claim = cost * rate / 100;
			put("\n<row>");
			open_el("officeName"); put(u->stem); put(u->k->office); close_el("officeName");
			el("officeNumber", u->office);
			open_el("serviceCode"); put(u->k->kind); put(u->k->item); close_el("serviceCode");
			el_num("units", u->k->units);
			el_num("count", u->count);
			el_num("serviceUnits", units);
			el_num("benefitManagedUnits", units);
			el_num("categoryLimitWithinUnits", units);
			open_el("unitPrice");
			put_num(price / 100, 0, 0); putc1('.'); put_num(price % 100, 2, 0);
			close_el("unitPrice");
			el_num("totalCost", cost);
			el_num("benefitRate", rate);
			el_num("insuranceClaim", claim);
			el_num("userCopay", cost - claim);
			put("</row>");
			tu += units; tc += cost; tcl += claim;
		}
		put("\n<row><officeNumber>9999999999</officeNumber><serviceCode>999999</serviceCode>"
		    "<units>0</units><count>0</count>");
		el_num("serviceUnits", tu);
		el_num("benefitManagedUnits", tu);
		el_num("categoryLimitWithinUnits", tu);
		el_num("totalCost", tc);
		el_num("insuranceClaim", tcl);
		el_num("userCopay", tc - tcl);
		put("</row></limitManagement>");
		cp_supplement(p, f, g, 0, 1);
	}
	put("</serviceMonth>");
}

static void cp_records_of_standard(struct cp_plan *p)
{
	struct ymd first = p->first;
	if (chance(50)) {
		putc1('\n');
		put("<contractConsent>");
		el_date("explainedOn", add_days(first, -7));
		el("explainedTo", "user");
		el("documentGiven", "true");
		put("<explainedItem>importantMatters</explainedItem>"
		    "<explainedItem>multipleProviders</explainedItem>"
		    "<explainedItem>selectionReasons</explainedItem>");
		put("<signature><signed>true</signed>");
		el_date("signedOn", add_days(first, -7));
		put("<signedBy>user</signedBy></signature></contractConsent>");
		put("<hospitalContactRequest>");
		el_date("requestedOn", add_days(first, -7));
		put("<done>true</done></hospitalContactRequest>");
	}
	for (unsigned i = 0; i < p->nused; i++) {
		if (!p->used[i].k->medical)
			continue;
		putc1('\n');
		put("<physicianOpinion>");
		el_date("obtainedOn", add_days(p->plan, -3));
		open_el("physicianName"); put(PICK(cp_family).kanji); put(" 医師"); close_el("physicianName");
		open_el("institution"); put(PICK(cp_stems)); put("クリニック"); close_el("institution");
		el("serviceKind", p->used[i].k->kind);
		put("<planDelivery>");
		el_date("deliveredOn", add_days(p->plan, 2));
		el("method", chance(50) ? "post" : chance(50) ? "fax" : "inPerson");
		put("</planDelivery></physicianOpinion>");
		break;
	}
	if (chance(20)) {
		const char *const *o = cp_observations[rnd(NELEM(cp_observations))];
		struct ymd d = {p->month_y, p->month_m, 20 + (int)rnd(8)};
		int advice = chance(70);
		putc1('\n');
		put("<monitoring><visit>");
		el_date("visitedOn", d);
		put("<atHome>true</atHome><metUser>true</metUser></visit><observation>");
		el_date("observedOn", d);
		el("category", o[0]);
		el("description", o[1]);
		el("adviceNeeded", advice ? "true" : "false");
		if (advice) {
			put("<passedTo>");
			el("recipient", PICK(cp_recipients));
			el_date("passedOn", add_days(d, 1));
			el("method", "fax");
			put("</passedTo>");
		}
		put("</observation></monitoring>");
	}
}

static void gen_careplan(unsigned long long no, uint64_t seed, unsigned invalid_bp)
{
	struct cp_plan p;
	uint64_t h = seed ^ (no * 0xD1B54A32D192ED03ULL);
	h = splitmix64(&h);

	mut = M_NONE;
	mut_done = 0;
	if (h % 10000 < invalid_bp)
		mut = (enum mutation)(1 + (h >> 32) % (M_COUNT - 1));

	memset(&p, 0, sizeof p);
	p.area = &PICK(cp_areas);
	p.city = rnd(3);
	p.level = rnd(100) < 20 ? rnd(2) : 2 + rnd(5);
	p.support = p.level < 2;
	long base = days_from_civil(2023, 4, 1) + (long)rnd(1000);
	p.plan = civil_from_days(base);
	p.first = chance(25) ? p.plan : civil_from_days(base - 30 - (long)rnd(1500));
	p.from = (struct ymd){p.plan.y, p.plan.m, 1};
	p.from = add_days(p.from, -(long)(30 * rnd(6)));
	p.from.d = 1;
	p.cert = add_days(p.from, -(long)(5 + rnd(20)));
	p.to = add_days((struct ymd){p.from.y + 1 + (int)rnd(3), p.from.m, 1}, -1);
	p.birth = civil_from_days(days_from_civil(1925, 1, 1) + (long)rnd(365 * 35));
	p.month_y = p.plan.m == 12 ? p.plan.y + 1 : p.plan.y;
	p.month_m = p.plan.m == 12 ? 1 : p.plan.m + 1;
	make_office(p.office, p.area->code, p.support ? '0' : '7',
	            p.support ? 1 + rnd(4999) : 10000 * (1 + rnd(60)) + rnd(10000));
	p.cm_family = PICK(cp_family).kanji;
	p.cm_given = PICK(cp_given).kanji;
	const struct cp_name *f = &PICK(cp_family), *g = &PICK(cp_given);
	int sex = chance(60) ? 2 : 1;

	if (mut != M_NONE) {
		put("<!-- kaigo-gendata: invalid record ");
		put_num((unsigned)no, 0, 0);
		put(": ");
		put(mutation_names[mut]);
		put(" -->\n");
	}
	put("<CarePlan csvVersion=\"");
	/* CSV 4.x (202407) from the 2025-04 service month; 3.x had no 第3表 file */
	int v4 = p.plan.y > 2025 || (p.plan.y == 2025 && p.plan.m >= 3);
	put(v4 ? "202407" : "202208");
	put("\">");
	cp_header(&p, no);
	cp_supplement(&p, f, g, sex, 0);
	cp_overview(&p);
	cp_needs(&p);
	if (v4)
		cp_weekly(&p);
	cp_meeting(&p, f, g);
	cp_month(&p, f, g);
	cp_records_of_standard(&p);
	put("\n</CarePlan>\n");
}

/* ---- command line ----------------------------------------------------------------- */

static void usage(FILE *fp)
{
	fputs("usage: kaigo-gendata [--kind text|dates|careplan] [--size N[K|M|G] | --lines N]\n"
	      "                     [--seed N] [--cp932-safe] [--invalid-rate P]\n"
	      "\n"
	      "Write deterministic synthetic Japanese care data to stdout.\n"
	      "\n"
	      "  --kind text     mixed care-record lines (default)\n"
	      "  --kind dates    one 和暦 or Western date per line\n"
	      "  --kind careplan a CarePlans collection (urn:kaigo:careplan:1) of\n"
	      "                  CarePlan records valid against schemas/careplan.xsd\n"
	      "  --size N        stop at the first line end (careplan: record end) at\n"
	      "                  or past N bytes; suffixes K, M, G are powers of 1024\n"
	      "                  (default 1M)\n"
	      "  --lines N       write N lines, or N records for careplan (with --size:\n"
	      "                  whichever comes first)\n"
	      "  --seed N        random seed (default 20240401); a smaller size\n"
	      "                  is a prefix of a larger one for the same seed\n"
	      "                  (careplan: up to the closing </CarePlans>)\n"
	      "  --cp932-safe    only characters CP932 encodes and decodes back\n"
	      "                  unchanged (no 〜 U+301C, no − U+2212)\n"
	      "  --invalid-rate P  careplan: make about P percent (0-100, default 0)\n"
	      "                  of the records XSD-invalid, one mistake each, marked\n"
	      "                  by a comment '<!-- kaigo-gendata: invalid record N: KIND -->';\n"
	      "                  the valid records do not depend on P\n"
	      "  -h, --help      show this help\n"
	      "\n"
	      "exit status: 0 ok, 1 write error, 2 usage error\n", fp);
}

/* Parse a count with an optional K/M/G (1024-based) suffix; -1 when invalid. */
static long long parse_size(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	if (*end == 'i' && mul > 1) /* accept KiB-style "Mi", "MiB" too */
		end++;
	if ((*end == 'B' || *end == 'b') && mul > 1)
		end++;
	if (*end || v > (unsigned long long)INT64_MAX / mul)
		return -1;
	return (long long)(v * mul);
}

int main(int argc, char **argv)
{
	enum { OPT_KIND = 256, OPT_SIZE, OPT_LINES, OPT_SEED, OPT_CP932, OPT_INVALID };
	static const struct option opts[] = {
		{"kind", required_argument, NULL, OPT_KIND},
		{"size", required_argument, NULL, OPT_SIZE},
		{"lines", required_argument, NULL, OPT_LINES},
		{"seed", required_argument, NULL, OPT_SEED},
		{"cp932-safe", no_argument, NULL, OPT_CP932},
		{"invalid-rate", required_argument, NULL, OPT_INVALID},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long long size = -1, lines = -1;
	unsigned long long seed = 20240401;
	enum { K_TEXT, K_DATES, K_CAREPLAN } kind = K_TEXT;
	unsigned invalid_bp = 0; /* --invalid-rate in hundredths of a percent */
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KIND:
			if (strcmp(optarg, "text") == 0)
				kind = K_TEXT;
			else if (strcmp(optarg, "dates") == 0)
				kind = K_DATES;
			else if (strcmp(optarg, "careplan") == 0)
				kind = K_CAREPLAN;
			else {
				fprintf(stderr, "kaigo-gendata: unknown kind '%s'\n", optarg);
				return 2;
			}
			break;
		case OPT_SIZE:
		case OPT_LINES: {
			long long v = parse_size(optarg);
			if (v < 0) {
				fprintf(stderr, "kaigo-gendata: bad number '%s'\n", optarg);
				return 2;
			}
			*(c == OPT_SIZE ? &size : &lines) = v;
			break;
		}
		case OPT_SEED: {
			char *end;
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (end == optarg || *end || errno) {
				fprintf(stderr, "kaigo-gendata: bad seed '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case OPT_CP932:
			cp932_safe = 1;
			break;
		case OPT_INVALID: {
			char *end;
			errno = 0;
			double p = strtod(optarg, &end);
			if (end == optarg || *end || errno || !(p >= 0 && p <= 100)) {
				fprintf(stderr, "kaigo-gendata: bad rate '%s' (a percentage 0-100)\n",
				        optarg);
				return 2;
			}
			invalid_bp = (unsigned)(p * 100 + 0.5);
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kaigo-gendata: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (invalid_bp && kind != K_CAREPLAN) {
		fprintf(stderr, "kaigo-gendata: --invalid-rate needs --kind careplan\n");
		return 2;
	}
	if (size < 0 && lines < 0)
		size = 1LL << 20;

	rng_seed(seed);
	if (kind == K_CAREPLAN)
		put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<CarePlans xmlns=\"urn:kaigo:careplan:1\">\n");
	for (unsigned long long n = 0;; n++) {
		if (lines >= 0 && n >= (unsigned long long)lines)
			break;
		if (size >= 0 && out_total + out_len >= (unsigned long long)size)
			break;
		if (kind == K_DATES)
			gen_date_line();
		else if (kind == K_CAREPLAN)
			gen_careplan(n + 1, seed, invalid_bp);
		else
			gen_text_line(n + 1);
		if (out_failed || (out_len >= OUT_FLUSH && out_flush() != 0))
			break;
	}
	if (kind == K_CAREPLAN && !out_failed)
		put("</CarePlans>\n");
	if (out_failed || out_flush() != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "kaigo-gendata: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
