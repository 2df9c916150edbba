#!/bin/sh
# scripts/check-install.sh - make install into a scratch PREFIX (no DESTDIR),
# then check what a user of the installed copy meets:
#   - the tools run from / with no KAIGO_DATADIR: the data directory compiled
#     in follows PREFIX (the build tree was built for another PREFIX first);
#   - every absolute path an installed man page names exists, and no man page
#     names a source-tree path (docs/*.md, README.md, schemas/...);
#   - README, LICENSE, docs and examples are in PREFIX/share/doc/kaigo, and
#     kaigo-validate --explain finds the installed failing examples;
#   - bash completion is installed for the five tools;
#   - CPPFLAGS, CFLAGS and LDFLAGS given to make are added to the build's own;
#   - the Japanese message catalogue is installed where the installed tools
#     look for it (LOCALEDIR follows PREFIX as the data directory does), and
#     the Japanese man pages where man-db looks with LANG=ja_JP.UTF-8;
#   - make uninstall removes every file it installed and nothing else.
# Run by `make check-install`; exits non-zero on the first failure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
prefix=$scratch/p
fail() { echo "check-install: $*" >&2; exit 1; }
# English messages, whatever the caller's language (the checks grep them)
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

cd "$top"
# a file that is not kaigo's, in the shared data directory: uninstall must keep it
mkdir -p "$prefix/share/other"
echo keep > "$prefix/share/other/file"
MAKEFLAGS= make -s install PREFIX="$prefix" >/dev/null

unset KAIGO_DATADIR
cd /
"$prefix/bin/kaigo-validate" -q "$prefix/share/doc/kaigo/examples/careplan/careplan-single.xml" ||
	fail "the installed kaigo-validate does not validate the installed example from /"
# --explain finds the installed failing example, and its "try" command shows the finding
"$prefix/bin/kaigo-validate" --explain cp.meeting-or-inquiry |
	grep -qx "example: *$prefix/share/kaigo/examples/rules/cp.meeting-or-inquiry/fail.xml" ||
	fail "kaigo-validate --explain does not show the installed example"
try=$("$prefix/bin/kaigo-validate" --explain cp.meeting-record-retention-expired | sed -n "s|^try: *kaigo-validate|$prefix/bin/kaigo-validate|p")
eval "$try" 2>/dev/null | grep -q 'cp.meeting-record-retention-expired' ||
	fail "the --explain example does not show its rule: $try"
for t in normalize validate csv2xml xml2csv publish due pseudonymize; do
	"$prefix/bin/kaigo-$t" --version | grep -q '^License MIT' || fail "kaigo-$t --version states no licence"
	[ -f "$prefix/share/bash-completion/completions/kaigo-$t" ] || fail "no bash completion for kaigo-$t"
	[ -f "$prefix/share/man/man1/kaigo-$t.1" ] || fail "no man page for kaigo-$t"
done
LANGUAGE=ja "$prefix/bin/kaigo-validate" --help | grep -q '^使い方: kaigo-validate ' ||
	fail "the installed kaigo-validate finds no Japanese catalogue in $prefix/share/locale"
for t in normalize validate publish due csv2xml xml2csv pseudonymize; do
	[ -f "$prefix/share/man/ja/man1/kaigo-$t.1" ] || fail "no Japanese man page for kaigo-$t"
done
for f in README.md LICENSE layouts.md profiles.md publish.md; do
	[ -f "$prefix/share/doc/kaigo/$f" ] || fail "$f is not installed in share/doc/kaigo"
done

# man pages: absolute paths under PREFIX exist (NAME and * stand for any file:
# their directory must exist); no source-tree path is left
for m in "$prefix"/share/man/man1/*.1; do
	grep -v '^\.\\"' "$m" | grep -o "$prefix/[^ ),;]*" | sed 's/\\//g; s/[.]$//' | sort -u |
	while read -r p; do
		case $p in *NAME*|*'*'*) p=$(dirname "$p") ;; esac
		[ -e "$p" ] || fail "$(basename "$m") names $p, which is not installed"
	done
	if grep -v '^\.\\"' "$m" | grep -Eq '(^|[ (])(docs/[a-z]+\.md|README\.md|schemas/(rules|layouts)/)'; then
		fail "$(basename "$m") names a source-tree path"
	fi
done

cd "$top"
# CPPFLAGS, CFLAGS and LDFLAGS given to make are added to the build's own flags
MAKEFLAGS= make -n -B lib/buf.o tools/kaigo-validate CPPFLAGS=-DKAIGO_PROBE_CPP CFLAGS=-O1 \
	LDFLAGS=-Wl,-O1 > "$scratch/n.log"
grep -q -- '-Iinclude .*-DKAIGO_PROBE_CPP .*-O1 .*-c -o lib/buf.o' "$scratch/n.log" ||
	fail "CPPFLAGS or CFLAGS are not added to the compile line"
grep -q -- '-Wl,--as-needed -Wl,-O1 .*-o tools/kaigo-validate' "$scratch/n.log" ||
	fail "LDFLAGS are not added to the link line"
MAKEFLAGS= make -s uninstall PREFIX="$prefix" >/dev/null
left=$(cd "$prefix" && find . -type f | sort)
[ "$left" = "./share/other/file" ] || fail "uninstall left or removed files: $left"
echo "check-install: ok ($prefix)"
