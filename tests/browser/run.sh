#!/bin/sh
# tests/browser/run.sh - render every kaigo-publish page type in headless
# Chromium and check what a reader would see, printed as TAP.
#
# For each page: the DOM after rendering (tests/browser/check.js, appended to
# a copy of the page, reports tables, header cells, language, print CSS and
# whether two different kanji are drawn differently, i.e. a Japanese font is
# really used), a screenshot (not blank: ImageMagick measures its mean and
# its number of colours), and printing to PDF (A4).
#
# Needs chromium, a Japanese font (fonts-noto-cjk) and imagemagick, from
# Debian: `sh scripts/setup.sh` installs them.  Run from the project root
# after `make` (or through `make check`).  Chromium runs with --no-sandbox
# because CI runs as root; the pages are our own, read from local files.
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
	command -v "$c" >/dev/null 2>&1 && CHROMIUM=$c && break
done
if [ -z "$CHROMIUM" ] || ! command -v convert >/dev/null 2>&1 || ! command -v fc-list >/dev/null 2>&1; then
	echo "not ok 1 - chromium, imagemagick and fontconfig are needed: run sh scripts/setup.sh (as root)"
	echo "1..1"
	exit 1
fi
if fc-list :lang=ja family | grep -q .; then
	ok "a Japanese font is installed: $(fc-list :lang=ja family | head -n 1)"
else
	notok "a Japanese font is installed" "fc-list :lang=ja lists none (package fonts-noto-cjk)"
fi

# headless Chromium on a local file; every run gets its own profile
chrome() {
	prof=$(mktemp -d "$out/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --no-default-browser-check --disable-extensions --hide-scrollbars \
		--user-data-dir="$prof" --virtual-time-budget=5000 "$@" 2>"$out/chrome.log"
	s=$?
	rm -rf "$prof"
	return $s
}

# The pages: NAME INPUT KIND OPTIONS (kind: min tables)
make_pages() {
	"$PUBLISH" -q samples/evaluation/evaluation-single.xml -o "$out/evaluation.html" &&
	"$PUBLISH" -q -a municipality samples/evaluation/evaluation-single.xml -o "$out/evaluation-municipality.html" &&
	mkdir -p "$out/evaluations" &&
	"$PUBLISH" -q -d "$out/evaluations" samples/evaluation/evaluations-collection.xml &&
	"$PUBLISH" -q samples/careplan/careplan-single.xml -o "$out/careplan-user.html" &&
	"$PUBLISH" -q -a physician samples/careplan/careplan-single.xml -o "$out/careplan-physician.html" &&
	"$PUBLISH" -q samples/evaluation/familysurvey.xml -o "$out/familysurvey.html" &&
	"$PUBLISH" -q samples/evaluation/evaluationbodies-collection.xml -o "$out/evaluationbodies.html" &&
	"$PUBLISH" -q samples/evaluation/goalplan.xml -o "$out/goalplan.html"
}
cd "$top" || exit 1
if make_pages 2>"$out/publish.log"; then
	ok "kaigo-publish writes every page type"
else
	notok "kaigo-publish writes every page type" "$(head -n 5 "$out/publish.log")"
fi

# check PAGE LABEL MIN_TABLES
check() {
	page=$1 label=$2 min=$3
	if [ ! -s "$page" ]; then
		notok "$label: page exists" "$page is missing"
		return
	fi
	probe="${page%.html}.probe.html"
	sed "s|</body>|<script src=\"file://$top/tests/browser/check.js\"></script></body>|" "$page" >"$probe"
	if ! grep -q 'check.js' "$probe"; then
		notok "$label: page has a body" "no </body> in $page"
		return
	fi
	chrome --allow-file-access-from-files --dump-dom "file://$probe" >"$probe.dom"
	res=$(sed -n 's/.*<pre id="kaigo-check">\([^<]*\)<\/pre>.*/\1/p' "$probe.dom")
	if [ -z "$res" ]; then
		notok "$label: rendered in Chromium" "no check result in the DOM ($(tail -n 3 "$out/chrome.log" | tr '\n' ' '))"
		return
	fi
	v() { printf '%s\n' "$res" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	bad=
	[ "$(v lang)" = ja ] || bad="$bad lang=$(v lang)"
	[ "$(v title)" = 1 ] || bad="$bad no-title"
	[ "$(v tables)" -ge "$min" ] || bad="$bad tables=$(v tables)<$min"
	[ "$(v th)" -ge 1 ] || bad="$bad no-th"
	[ "$(v thscope)" -ge 1 ] || bad="$bad no-th-scope"
	[ "$(v japanese)" = 1 ] || bad="$bad no-japanese-text"
	[ "$(v glyphs)" = 1 ] || bad="$bad kanji-not-drawn-by-a-japanese-font"
	[ "$(v chars)" -ge 200 ] || bad="$bad text=$(v chars)"
	[ "$(v printcss)" -ge 1 ] || bad="$bad no-print-css"
	if [ -z "$bad" ]; then ok "$label: DOM ($res)"; else notok "$label: DOM" "$bad ($res)"; fi

	png="${page%.html}.png"
	chrome --screenshot="$png" --window-size=1240,1754 "file://$page" >/dev/null
	if [ -s "$png" ]; then
		# mean of all channels (1 = white) and the number of distinct colours
		stats=$(convert "$png" -format '%[fx:mean] %k' info: 2>/dev/null)
		mean=${stats% *} colours=${stats#* }
		if awk -v m="$mean" -v k="$colours" 'BEGIN { exit !(m < 0.995 && m > 0.3 && k >= 8) }'; then
			ok "$label: screenshot shows the page (mean $mean, $colours colours)"
		else
			notok "$label: screenshot shows the page" "mean $mean, $colours colours: blank?"
		fi
	else
		notok "$label: screenshot" "no $png ($(tail -n 3 "$out/chrome.log" | tr '\n' ' '))"
	fi

	pdf="${page%.html}.pdf"
	chrome --print-to-pdf="$pdf" --no-pdf-header-footer "file://$page" >/dev/null
	if [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF'; then
		ok "$label: prints to PDF ($(wc -c <"$pdf" | tr -d ' ') bytes)"
	else
		notok "$label: prints to PDF" "no PDF"
	fi
}

check "$out/evaluation.html" "別紙4 evaluation page (public)" 3
check "$out/evaluation-municipality.html" "別紙4 evaluation page (municipality)" 3
check "$out/evaluations/index.html" "evaluation index page" 1
for p in "$out"/evaluations/*.html; do
	case $p in */index.html) continue ;; esac
	check "$p" "evaluation page from a collection: $(basename "$p")" 3
	break
done
check "$out/careplan-user.html" "care plan 第1表-第7表 (user)" 3
check "$out/careplan-physician.html" "care plan 第1表-第7表 (physician)" 3
check "$out/familysurvey.html" "family survey summary" 1
check "$out/evaluationbodies.html" "evaluation body register" 1
check "$out/goalplan.html" "目標達成計画 published on its own" 1

echo "1..$n"
[ "$fail" = 0 ]
