#!/bin/sh
# scripts/setup.sh - install the Debian packages kaigo needs, when missing.
#
#   sh scripts/setup.sh            build and test dependencies (the browser
#                                  tests need chromium, a Japanese font,
#                                  imagemagick, poppler-utils and node with
#                                  npm; the publishing tests xsltproc; the
#                                  completion tests bash-completion), then
#                                  the pinned npm packages of the browser
#                                  tests (tests/browser/package-lock.json:
#                                  puppeteer-core and axe-core) with npm ci
#   sh scripts/setup.sh bench      also the peer tools the benchmark compares with
#   sh scripts/setup.sh fuzz       also clang and its sanitizer runtime (make fuzz)
#   sh scripts/setup.sh deb        also the Debian packaging tools (make check-deb)
#
# As root it runs apt-get; otherwise it prints the command to run.  It does
# nothing when everything is already installed, so it is cheap to call
# before every build.
set -eu
pkgs="build-essential pkg-config libxml2-dev libxslt1-dev libicu-dev libgcrypt20-dev check xsltproc parallel bash-completion"
# the message catalogues (msgfmt, xgettext, msgcmp) and the ja_JP.UTF-8
# locale, so that LANG=ja_JP.UTF-8 selects the Japanese messages (the tests
# pin LANGUAGE=ja with LC_ALL=C.UTF-8, which needs no generated locale, and
# use ja_JP.UTF-8 too when it exists)
pkgs="$pkgs gettext locales"
# MeCab and its UTF-8 IPADIC: persons' names in the privacy checks of kaigo-publish
pkgs="$pkgs libmecab-dev mecab-ipadic-utf8"
# kaigo-due: iCalendar through libical; its test reads the .ics with python3-icalendar
pkgs="$pkgs libical-dev python3-icalendar"
# kaigo-publish -f xlsx: libxlsxwriter; its tests check the workbook with unzip and python3-openpyxl
pkgs="$pkgs libxlsxwriter-dev unzip python3-openpyxl"
pkgs="$pkgs chromium fonts-noto-cjk imagemagick fontconfig poppler-utils"
# node and npm from Debian, unless a node with npm is already installed
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	pkgs="$pkgs nodejs npm"
fi
if [ "${1:-}" = bench ]; then
	pkgs="$pkgs nkf icu-devtools hyperfine time libxml2-utils miller"
fi
if [ "${1:-}" = deb ]; then
	pkgs="$pkgs debhelper dpkg-dev lintian"
fi
if [ "${1:-}" = fuzz ]; then
	pkgs="$pkgs clang libclang-rt-14-dev"
fi
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# the browser tests' npm packages, exactly as locked, when not there yet
npm_packages() {
	b="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
	[ -d "$b/node_modules/puppeteer-core" ] && [ -d "$b/node_modules/axe-core" ] &&
		[ "$b/node_modules/.package-lock.json" -nt "$b/package-lock.json" ] && return 0
	echo "setup: installing the npm packages of tests/browser (npm ci)" >&2
	(cd "$b" && npm ci --no-audit --no-fund --loglevel=error >&2)
}
# ja_JP.UTF-8 generated (Debian's locales ships only C.UTF-8 ready-made)
ja_locale() {
	locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\{0,1\}8' && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "setup: as root, enable ja_JP.UTF-8 in /etc/locale.gen and run locale-gen" >&2
		return 0
	fi
	echo "setup: generating the ja_JP.UTF-8 locale" >&2
	if grep -q '^# *ja_JP.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		sed -i 's/^# *\(ja_JP.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	elif ! grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo 'ja_JP.UTF-8 UTF-8' >> /etc/locale.gen
	fi
	locale-gen >/dev/null
}
if [ -z "$missing" ]; then
	ja_locale
	npm_packages
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "setup: missing Debian packages:$missing" >&2
	echo "setup: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
ja_locale
npm_packages
