#!/bin/sh
# scripts/check-deb.sh - the Debian package, end to end, as root on Debian 12:
#   1. the packaging tools (sh scripts/setup.sh deb);
#   2. dpkg-buildpackage -b -us -uc in a copy of the tree's tracked files (as
#      a fresh clone has them), so that nothing of this build tree gets in and
#      the .deb lands in a scratch directory, not beside the tree;
#   3. lintian: no error (warnings are printed);
#   4. apt install ./kaigo_*.deb, then from / the installed tools run on the
#      installed examples with no KAIGO_DATADIR;
#   5. apt purge: every file the package installed is gone.
# Run by `make check-deb` (and CI).  Set KEEP_DEB=DIR to keep the .deb files
# and the build log.
# DEB_BUILD_OPTIONS=nocheck skips the test suite inside the package build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "check-deb: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (apt install and purge)"
sh "$top/scripts/setup.sh" deb

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-deb.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
version=$(sed -n '1s/^kaigo (\([^)]*\)).*/\1/p' "$top/debian/changelog")
src=$scratch/kaigo-$version
mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# tracked files plus new ones not yet committed (not the ignored build products)
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh) |
		(cd "$top" && tar -cf - -T -) | (cd "$src" && tar -xf -)
else
	(cd "$top" && tar -cf - --exclude=./.git .) | (cd "$src" && tar -xf -)
	make -s -C "$src" clean
fi

echo "check-deb: dpkg-buildpackage -b -us -uc" >&2
(cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} parallel=2" dpkg-buildpackage -b -us -uc) \
	> "$scratch/build.log" 2>&1 || { tail -40 "$scratch/build.log" >&2; fail "dpkg-buildpackage failed"; }
case " ${DEB_BUILD_OPTIONS:-} " in
*" nocheck "*) ;;
*) grep -q '^1\.\.[0-9]' "$scratch/build.log" && ! grep -q '^not ok' "$scratch/build.log" ||
	fail "the package build did not run the test suite (make check)" ;;
esac
if [ -n "${KEEP_DEB:-}" ]; then mkdir -p "$KEEP_DEB" && cp "$scratch/build.log" "$KEEP_DEB"/; fi
deb=$(ls "$scratch"/kaigo_"$version"_*.deb)
changes=$(ls "$scratch"/kaigo_"$version"_*.changes)

echo "check-deb: lintian" >&2
lintian --fail-on error "$changes" || fail "lintian reports errors"

echo "check-deb: apt install $deb" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
files=$(dpkg -L kaigo)
(
	cd /
	unset KAIGO_DATADIR
	kaigo-validate -q /usr/share/doc/kaigo/examples/careplan/careplan-single.xml
	kaigo-validate -q /usr/share/doc/kaigo/examples/evaluation/evaluations-collection.xml >/dev/null
	kaigo-validate --explain cp.meeting-or-inquiry |
		grep -qx 'example: */usr/share/kaigo/examples/rules/cp.meeting-or-inquiry/fail.xml'
	st=0
	kaigo-validate --as-of 2025-04-30 -q /usr/share/doc/kaigo/examples/careplan/careplans-collection.xml \
		>/dev/null || st=$?
	[ "$st" -le 1 ]
	kaigo-csv2xml -q /usr/share/doc/kaigo/examples/convert/standard/*.CSV | kaigo-validate -q --rules none
	kaigo-publish -q -f csv /usr/share/doc/kaigo/examples/evaluation/evaluations-collection.xml >/dev/null
	kaigo-validate --version | grep -q '^License MIT'
	[ -f /usr/share/bash-completion/completions/kaigo-validate ]
	[ -f /usr/share/man/man1/kaigo-validate.1.gz ]
) || fail "the installed package does not run its examples from /"

echo "check-deb: apt purge kaigo" >&2
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kaigo >/dev/null
printf '%s\n' "$files" | while read -r f; do
	[ -n "$f" ] && [ "$f" != "/." ] || continue
	if [ -f "$f" ] || [ -L "$f" ]; then fail "purge left $f"; fi
	case $f in */kaigo) [ ! -d "$f" ] || fail "purge left the directory $f" ;; esac
done
if [ -n "${KEEP_DEB:-}" ]; then mkdir -p "$KEEP_DEB" && cp "$scratch"/*.deb "$KEEP_DEB"/; fi
echo "check-deb: ok ($(basename "$deb"))"
