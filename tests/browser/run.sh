#!/bin/sh
# tests/browser/run.sh - every kind of page kaigo-publish makes, read in
# headless Chromium the way its readers get it, printed as TAP.
#
# The pages are the 40 that the bundled samples and the demo's converted
# legacy export give: 別紙4 pages of both audiences, one page and a collection
# of three with its index each, and a masked page; care plans of both
# audiences, one, a collection of five and the four of the legacy export;
# family surveys, one and a collection of three, of both audiences; the
# register.  tests/browser/pages.mjs opens each one in
# Debian's chromium through puppeteer-core and checks the DOM, axe-core
# (WCAG 2.1 A/AA and best practice), a 390 px phone, text at 200 % and the
# printed A4 PDF (see its opening comment).  The first page of each kind gets
# every check; the other pages of a collection, which differ only in their
# data, get all but the screenshot and the second axe run at phone width.
# Small pages with one planted fault each (tests/browser/fixtures/) show that
# each check fails when it should.
#
# Needs chromium, a Japanese font (fonts-noto-cjk), imagemagick, poppler-utils
# and node with the packages of tests/browser/package.json (npm ci): `sh
# scripts/setup.sh` installs them.  Run from the project root after `make`
# (or through `make check`).  BROWSER_JOBS (default 2) pages are read at once.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/browser/out"
PUBLISH="$top/tools/kaigo-publish"
KAIGO_DATADIR="$top/schemas"
LC_ALL=C.UTF-8
TZ=UTC
export KAIGO_DATADIR LC_ALL TZ
rm -rf "$out"
mkdir -p "$out"

n=0
fail=0
ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); printf 'not ok %d - %s\n' "$n" "$1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2"; }

CHROMIUM=
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && CHROMIUM=$(command -v "$c") && break
done
missing=
[ -n "$CHROMIUM" ] || missing="$missing chromium"
for t in convert fc-list pdfinfo pdftotext node; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -d "$top/tests/browser/node_modules/puppeteer-core" ] && [ -d "$top/tests/browser/node_modules/axe-core" ] ||
	missing="$missing tests/browser/node_modules"
if [ -n "$missing" ]; then
	echo "not ok 1 - missing:$missing: run sh scripts/setup.sh (as root)"
	echo "1..1"
	exit 1
fi
export CHROMIUM
if fc-list :lang=ja family | grep -q .; then
	ok "a Japanese font is installed: $(fc-list :lang=ja family | head -n 1)"
else
	notok "a Japanese font is installed" "fc-list :lang=ja lists none (package fonts-noto-cjk)"
fi
# Every page: one line of the list, FILE<TAB>LABEL<TAB>MIN-TABLES<TAB>CHECKS
list="$out/pages.list"
all='dom shot axe phone phone-axe zoom print'
core='dom axe phone zoom print'
page() { printf '%s\t%s\t%s\t%s\n' "$out/$1" "$2" "$3" "$4" >>"$list"; }
pages() { # DIR LABEL MIN-TABLES: each page of a directory, the first with every check
	first=1
	for p in "$out/$1"/*.html; do
		case $p in */index.html) continue ;; esac
		if [ $first = 1 ]; then c=$all; first=0; else c=$core; fi
		page "$1/$(basename "$p")" "$2: $(basename "$p")" "$3" "$c"
	done
	[ -f "$out/$1/index.html" ] && page "$1/index.html" "$2: index" 1 "$all"
}
make_pages() {
	P=$PUBLISH
	for a in public municipality; do
		mkdir -p "$out/evaluations-$a" "$out/surveys-$a" &&
		$P -q -a $a -o "$out/evaluation-$a.html" samples/evaluation/evaluation-single.xml &&
		$P -q -a $a -d "$out/evaluations-$a" samples/evaluation/evaluations-collection.xml &&
		$P -q -a $a -o "$out/survey-$a.html" samples/evaluation/familysurvey.xml &&
		$P -q -a $a -d "$out/surveys-$a" samples/evaluation/familysurveys-collection.xml || return 1
	done
	for a in user physician; do
		mkdir -p "$out/careplans-$a" "$out/vendor-$a" &&
		$P -q -a $a -o "$out/careplan-$a.html" samples/careplan/careplan-single.xml &&
		$P -q -a $a -d "$out/careplans-$a" samples/careplan/careplans-collection.xml || return 1
	done
	# the demo's pipeline: a legacy CP932 export converted (2 rows rejected)
	"$top/tools/kaigo-csv2xml" -q -l VENDOR-PLAN --reject "$out/vendor.rejects" -o "$out/vendor.xml" \
		samples/convert/legacy/vendor-plans.cp932.csv
	[ $? = 1 ] || return 1
	for a in user physician; do
		$P -q -a $a -d "$out/vendor-$a" "$out/vendor.xml" || return 1
	done
	$P -q -o "$out/evaluationbodies.html" samples/evaluation/evaluationbodies-collection.xml &&
	$P -q -o "$out/goalplan.html" samples/evaluation/goalplan.xml &&
	$P -q --mask -o "$out/masked.html" samples/publish/evaluation-leaky.xml 2>"$out/masked.log"
}
cd "$top" || exit 1
if make_pages 2>"$out/publish.log"; then
	ok "kaigo-publish writes every page type"
else
	notok "kaigo-publish writes every page type" "$(head -n 5 "$out/publish.log")"
fi

: >"$list"
for a in public municipality; do
	page "evaluation-$a.html" "別紙4 evaluation page ($a)" 3 "$all"
	pages "evaluations-$a" "別紙4 page from a collection ($a)" 3
done
page masked.html "別紙4 page with personal data masked" 3 "$core"
for a in user physician; do
	page "careplan-$a.html" "care plan 第1表-第7表 ($a)" 3 "$all"
	pages "careplans-$a" "care plan from a collection ($a)" 3
	pages "vendor-$a" "care plan from a legacy export ($a)" 1
done
for a in public municipality; do
	page "survey-$a.html" "family survey summary ($a)" 1 "$all"
	pages "surveys-$a" "family survey from a collection ($a)" 1
done
page evaluationbodies.html "evaluation body register" 1 "$all"
page goalplan.html "目標達成計画 published on its own" 1 "$all"
ok "$(wc -l <"$list" | tr -d ' ') pages to read"

# Pages with one planted fault each: the test named must fail on it, or the
# check could not see what it is there for.
mkdir -p "$out/fixtures"
fixture() { # FILE CHECKS EXPECT
	cp "$top/tests/browser/fixtures/$1" "$out/fixtures/$1"
	printf '%s\t%s\t1\t%s\t%s\n' "$out/fixtures/$1" "planted fault $1" "$2" "$3" >>"$list"
}
fixture no-viewport.html phone 'on a 390 px phone'
fixture pt-on-screen.html zoom 'text at 200 % doubles'
fixture clipped.html zoom 'is not clipped'
fixture axe-image.html axe 'axe-core at 1240 px'
fixture print-small.html print 'printed body text'
fixture letter.html print 'A4 pages'
fixture cut-right.html print 'right edge'
fixture caption-alone.html print 'caption or header row alone'


node "$top/tests/browser/pages.mjs" $((n + 1)) "$list" "$fail"
s=$?
[ "$fail" = 0 ] || exit 1
exit $s
