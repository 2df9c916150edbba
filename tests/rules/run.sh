#!/bin/sh
# tests/rules/run.sh - every bundled business rule against its pass and fail
# documents (see tests/rules/README.md), printed as TAP.
#
#   pass.xml, pass-*.xml: no finding at all (valid XSD, no rule fails or fires);
#   fail.xml, fail-*.xml: at least one finding, and every finding is this rule's id.
# A case's optional `also` file names rule ids (one a line) that state the
# same fact by design and are left out of both judgements: an obligation
# of kaigo-due next to the rule that checks the same deadline, or the
# report of an obligation next to its -overdue assert.
# Parameters come from tests/rules/params, the case's own params file, its
# pass.params or fail.params, and the document's own NAME.params
# (pass-deadline-day.xml: pass-deadline-day.params); later files win.
#
#   VALGRIND=  command prefix for kaigo-validate (set by `make check VALGRIND=1`);
#              its error exit (99) fails the case
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
v="$top/tools/kaigo-validate"
out="$top/tests/rules/out"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
export KAIGO_DATADIR

. "$top/tests/rules/params.sh"

n=0
pass=0
fail=0
for dir in "$top"/tests/rules/*/; do
	dir=${dir%/}
	id=$(basename "$dir")
	[ -f "$dir/pass.xml" ] && [ -f "$dir/fail.xml" ] || continue
	for doc in "$dir"/pass*.xml "$dir"/fail*.xml; do
		name=$(basename "$doc" .xml)
		kind=${name%%-*}
		n=$((n + 1))
		params "$top/tests/rules/params" "$dir/params" "$dir/$kind.params" "$dir/$name.params" > "$out/args"
		# one argument per line, as the params function wrote them
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done < "$out/args"
		# shellcheck disable=SC2086 # VALGRIND is a command with its options
		${VALGRIND:+env KAIGO_MALLOC=system $VALGRIND} "$v" -q --format jsonl "$@" "$doc" > "$out/$id.$name" 2> "$out/$id.$name.err"
		status=$?
		if [ -f "$dir/also" ]; then
			rules=$(sed -n 's/.*"rule":"\([^"]*\)".*/\1/p' "$out/$id.$name" | sort -u |
				grep -v -x -F -f "$dir/also" | tr '\n' ' ')
		else
			rules=$(sed -n 's/.*"rule":"\([^"]*\)".*/\1/p' "$out/$id.$name" | sort -u | tr '\n' ' ')
		fi
		ok=0
		if [ "$kind" = pass ]; then
			if [ -f "$dir/also" ]; then
				[ -z "$rules" ] && [ "$status" -le 1 ] && ok=1
			else
				[ ! -s "$out/$id.$name" ] && [ "$status" = 0 ] && ok=1
			fi
		else
			[ "$rules" = "$id " ] && [ "$status" -le 1 ] && ok=1
		fi
		if [ $ok = 1 ]; then
			pass=$((pass + 1))
			echo "ok $n - $id $name"
		else
			fail=$((fail + 1))
			echo "not ok $n - $id $name (status $status, rules: ${rules:-none})"
			sed 's/^/#   /' "$out/$id.$name" "$out/$id.$name.err" | head -n 5
		fi
	done
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$n" -gt 0 ]
