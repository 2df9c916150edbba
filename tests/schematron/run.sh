#!/bin/sh
# tests/schematron/run.sh - the public Schematron conformance suite
# (cases/, see NOTICE) run by kaigo-validate, printed as TAP.
#
# Each case file holds a document, one or more schemas and the expected
# outcome: "valid" (no failed assert, no successful report), "invalid" (at
# least one) or "error" (the schema is in error: kaigo must refuse it at
# load, status 4); some add XPath expectations on the SVRL report.  Every
# schema of a case is run with
#   kaigo-validate --schema none --rules schema-N.sch [--phase P] --format svrl DOC
# The cases kaigo cannot meet by design are listed in unmet.txt (case file
# name, "#N" for the Nth schema of a case with several, a tab, the reason) and reported as TAP "skip"; README gives the count.  A listed case
# that meets its expectation after all is a failure too, so that the list
# stays true.
#
#   VALGRIND=  command prefix for kaigo-validate (set by `make check VALGRIND=1`)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/schematron"
v="$top/tools/kaigo-validate"
out="$here/out"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
# English messages: LANGUAGE would override LC_ALL=C.UTF-8 (cases that test
# a translation set it themselves)
unset LANGUAGE
LC_ALL=C.UTF-8
export KAIGO_DATADIR LC_ALL

n=0
pass=0
fail=0
skip=0
for file in "$here"/cases/*/*.xml; do
	name=$(basename "$file" .xml)
	dir="$out/$name"
	mkdir -p "$dir"
	id= expect= features= phase= primary= nschemas=0
	if ! xsltproc --stringparam dir "$dir" "$here/split.xsl" "$file" > "$dir/case.sh" 2> "$dir/split.err"; then
		n=$((n + 1)); fail=$((fail + 1))
		echo "not ok $n - $name: cannot split the case file"
		continue
	fi
	. "$dir/case.sh"
	i=1
	while [ "$i" -le "$nschemas" ]; do
		n=$((n + 1))
		label="$name"
		key="$name"
		[ "$nschemas" -gt 1 ] && label="$name (schema $i)" && key="$name#$i"
		unmet=$(awk -F'\t' -v id="$key" '$1 == id { print $2 }' "$here/unmet.txt")
		set -- --schema none --rules "schema-$i.sch" --format svrl
		[ -n "$phase" ] && set -- "$@" --phase "$phase"
		# shellcheck disable=SC2086 # VALGRIND is a command with its options
		(cd "$dir" && ${VALGRIND:+env KAIGO_MALLOC=system $VALGRIND} "$v" -q "$@" "$primary") \
			> "$dir/svrl-$i.xml" 2> "$dir/stderr-$i"
		status=$?
		if [ "$status" -eq 4 ]; then
			got=error
		elif [ "$status" -ge 2 ]; then
			got="status $status"
		elif grep -q '<svrl:failed-assert\|<svrl:successful-report' "$dir/svrl-$i.xml"; then
			got=invalid
		else
			got=valid
		fi
		why=
		[ "$got" = "$expect" ] || why="expected $expect, got $got"
		if [ -z "$why" ] && [ "$got" != error ]; then
			xsltproc --stringparam case "$file" "$here/expect.xsl" "$dir/svrl-$i.xml" > "$dir/expect-$i" 2>&1
			[ -s "$dir/expect-$i" ] && why=$(head -n 1 "$dir/expect-$i")
		fi
		if [ -n "$unmet" ]; then
			if [ -n "$why" ]; then
				skip=$((skip + 1))
				echo "ok $n - $label # SKIP $unmet"
			else
				fail=$((fail + 1))
				echo "not ok $n - $label: listed in unmet.txt but meets its expectation"
			fi
		elif [ -z "$why" ]; then
			pass=$((pass + 1))
			echo "ok $n - $label"
		else
			fail=$((fail + 1))
			echo "not ok $n - $label: $why"
			sed 's/^/#   /' "$dir/stderr-$i"
		fi
		i=$((i + 1))
	done
done
echo "1..$n"
echo "# schematron conformance: $pass passed, $skip unmet by design (unmet.txt), $fail failed"
[ "$fail" -eq 0 ]
