#!/bin/sh
# tests/schematron/compare-schxslt.sh - kaigo-validate against SchXslt 1.x
# (XSLT 1.0, run by xsltproc) on every schema of the conformance suite in
# cases/: the outcome of each ("valid", "invalid", "error") side by side, the
# agreement counted.  Not part of make check: SchXslt is not packaged in
# Debian.  Get its XSLT stylesheets (MIT) and point SCHXSLT at the directory
# holding 1.0/, e.g.  SCHXSLT=/tmp/schxslt/xslt sh tests/schematron/compare-schxslt.sh
#
# SchXslt's pipeline: include.xsl, expand.xsl, compile-for-svrl.xsl (with the
# phase), then the compiled stylesheet on the document.  A step that fails
# counts as "error" (a schema SchXslt refuses), as status 4 does for kaigo.
set -u
: "${SCHXSLT:?set SCHXSLT to the directory holding SchXslt's 1.0/ stylesheets}"
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/schematron"
v="$top/tools/kaigo-validate"
out="$here/out-schxslt"
x="$SCHXSLT/1.0"
rm -rf "$out"
mkdir -p "$out"
LC_ALL=C.UTF-8
export LC_ALL

# the outcome of an SVRL report
outcome() {
	if grep -q '<svrl:failed-assert\|<svrl:successful-report' "$1"; then echo invalid; else echo valid; fi
}

n=0
agree=0
for file in "$here"/cases/*/*.xml; do
	name=$(basename "$file" .xml)
	dir="$out/$name"
	mkdir -p "$dir"
	id= expect= features= phase= primary= nschemas=0
	xsltproc --stringparam dir "$dir" "$here/split.xsl" "$file" > "$dir/case.sh" || continue
	. "$dir/case.sh"
	i=1
	while [ "$i" -le "$nschemas" ]; do
		n=$((n + 1))
		label="$name"
		[ "$nschemas" -gt 1 ] && label="$name#$i"
		set -- --schema none --rules "schema-$i.sch" --format svrl
		[ -n "$phase" ] && set -- "$@" --phase "$phase"
		(cd "$dir" && "$v" -q "$@" "$primary") > "$dir/kaigo-$i.xml" 2> "$dir/kaigo-$i.err"
		case $? in
		0|1) k=$(outcome "$dir/kaigo-$i.xml") ;;
		4) k=error ;;
		*) k="status $?" ;;
		esac
		s=error
		(
			cd "$dir" &&
			xsltproc -o step1-$i.sch "$x/include.xsl" "schema-$i.sch" &&
			xsltproc -o step2-$i.sch "$x/expand.xsl" step1-$i.sch &&
			xsltproc ${phase:+--stringparam phase "$phase"} -o compiled-$i.xsl \
				"$x/compile-for-svrl.xsl" step2-$i.sch &&
			xsltproc -o schxslt-$i.xml compiled-$i.xsl "$primary"
		) 2> "$dir/schxslt-$i.err" && s=$(outcome "$dir/schxslt-$i.xml")
		if [ "$k" = "$s" ]; then
			agree=$((agree + 1))
			printf 'same    %-36s %-8s (suite expects %s)\n' "$label" "$k" "$expect"
		else
			printf 'DIFFER  %-36s kaigo %-8s SchXslt %-8s (suite expects %s)\n' "$label" "$k" "$s" "$expect"
		fi
		i=$((i + 1))
	done
done
echo "kaigo and SchXslt agree on $agree of $n schemas"
