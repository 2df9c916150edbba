/*
 * kaigo-gendata - deterministic synthetic Japanese care data for the benchmarks.
 *
 * Writes to stdout, line by line, text that looks like what the toolkit meets in
 * practice: legacy care-record exports with names, half-width katakana furigana
 * (with ﾞ/ﾟ), full-width ASCII, ideographic spaces used as layout, circled
 * numbers, ㈱ and ㍻, both tilde look-alikes, phone numbers with every hyphen
 * look-alike, postal codes, 和暦 and Western dates in many spellings, 番地
 * addresses, free-text care notes and tab-separated record lines.  Or, with
 * --kind dates, one date per line for date-parsing throughput.
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

/* ---- command line ----------------------------------------------------------------- */

static void usage(FILE *fp)
{
	fputs("usage: kaigo-gendata [--kind text|dates] [--size N[K|M|G] | --lines N]\n"
	      "                     [--seed N] [--cp932-safe]\n"
	      "\n"
	      "Write deterministic synthetic Japanese care data to stdout.\n"
	      "\n"
	      "  --kind text     mixed care-record lines (default)\n"
	      "  --kind dates    one 和暦 or Western date per line\n"
	      "  --size N        stop at the first line end at or past N bytes;\n"
	      "                  suffixes K, M, G are powers of 1024 (default 1M)\n"
	      "  --lines N       write N lines (with --size: whichever comes first)\n"
	      "  --seed N        random seed (default 20240401); a smaller size\n"
	      "                  is a prefix of a larger one for the same seed\n"
	      "  --cp932-safe    only characters CP932 encodes and decodes back\n"
	      "                  unchanged (no 〜 U+301C, no − U+2212)\n"
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
	enum { OPT_KIND = 256, OPT_SIZE, OPT_LINES, OPT_SEED, OPT_CP932 };
	static const struct option opts[] = {
		{"kind", required_argument, NULL, OPT_KIND},
		{"size", required_argument, NULL, OPT_SIZE},
		{"lines", required_argument, NULL, OPT_LINES},
		{"seed", required_argument, NULL, OPT_SEED},
		{"cp932-safe", no_argument, NULL, OPT_CP932},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long long size = -1, lines = -1;
	unsigned long long seed = 20240401;
	int dates = 0, c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KIND:
			if (strcmp(optarg, "text") == 0)
				dates = 0;
			else if (strcmp(optarg, "dates") == 0)
				dates = 1;
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
	if (size < 0 && lines < 0)
		size = 1LL << 20;

	rng_seed(seed);
	for (unsigned long long n = 0;; n++) {
		if (lines >= 0 && n >= (unsigned long long)lines)
			break;
		if (size >= 0 && out_total + out_len >= (unsigned long long)size)
			break;
		if (dates)
			gen_date_line();
		else
			gen_text_line(n + 1);
		if (out_len >= OUT_FLUSH && out_flush() != 0)
			break;
	}
	if (out_flush() != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "kaigo-gendata: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
