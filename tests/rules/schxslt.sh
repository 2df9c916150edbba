#!/bin/sh
# tests/rules/schxslt.sh - the bundled rules on every tests/rules example
# with a standard ISO Schematron processor, compared with kaigo's engine.
#
# SchXslt 1.10 (XSLT 1.0 stylesheets, MIT licence, in tests/rules/schxslt/)
# compiles each schemas/rules/*.sch (include.xsl, expand.xsl,
# compile-for-svrl.xsl) and xsltproc runs the compiled stylesheet on each
# pass*.xml and fail*.xml with the case's parameters as string parameters.
# The ids of its failed asserts and successful reports (SVRL) must be the
# ids kaigo-validate reports for the same file, and both must be what the
# case promises (tests/rules/README.md): none for pass*.xml, exactly the
# case's id for fail*.xml.  Printed as TAP; exit 1 on any difference.
#
#   sh tests/rules/schxslt.sh          (make check-schxslt; part of make check)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
sx="$top/tests/rules/schxslt"
v="$top/tools/kaigo-validate"
out="$top/tests/rules/out-schxslt"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
export KAIGO_DATADIR

command -v xsltproc > /dev/null || { echo "schxslt.sh: xsltproc is not installed" >&2; exit 2; }

for t in careplan evaluation evaluationbody familysurvey goalplan; do
	[ -f "$top/schemas/rules/$t.sch" ] || continue
	xsltproc "$sx/include.xsl" "$top/schemas/rules/$t.sch" > "$out/$t.1.sch" &&
	xsltproc "$sx/expand.xsl" "$out/$t.1.sch" > "$out/$t.2.sch" &&
	xsltproc "$sx/compile-for-svrl.xsl" "$out/$t.2.sch" > "$out/$t.xsl" ||
		{ echo "schxslt.sh: SchXslt could not compile $t.sch" >&2; exit 2; }
done

# the rule file of a document: from its root element's namespace
ruleset() {
	case $(sed -n 's/.*xmlns="\(urn:kaigo:[a-z]*\):1".*/\1/p' "$1" | head -n 1) in
	urn:kaigo:careplan) echo careplan ;;
	urn:kaigo:evaluation) echo evaluation ;;
	urn:kaigo:evaluationbody) echo evaluationbody ;;
	urn:kaigo:familysurvey) echo familysurvey ;;
	urn:kaigo:goalplan) echo goalplan ;;
	*) echo unknown ;;
	esac
}

# NAME=VALUE lines of params files (later files win), one "NAME VALUE" a line
params() {
	cat "$@" 2>/dev/null | awk -F= 'NF >= 2 && $1 !~ /^#/ { v[$1] = substr($0, length($1) + 2) }
		END { for (k in v) printf "%s %s\n", k, v[k] }'
}

n=0
pass=0
fail=0
agree=0
for dir in "$top"/tests/rules/*/; do
	dir=${dir%/}
	id=$(basename "$dir")
	[ -f "$dir/pass.xml" ] && [ -f "$dir/fail.xml" ] || continue
	for f in "$dir"/pass*.xml "$dir"/fail*.xml; do
		name=$(basename "$f" .xml)
		kind=${name%%-*}
		n=$((n + 1))
		t=$(ruleset "$f")
		params "$top/tests/rules/params" "$dir/params" "$dir/$kind.params" "$dir/$name.params" > "$out/args"
		set --
		while read -r k val; do set -- "$@" --stringparam "$k" "$val"; done < "$out/args"
		xsltproc "$@" "$out/$t.xsl" "$f" > "$out/$id.$name.svrl" 2> "$out/$id.$name.err"
		sx_ids=$(tr '\n' ' ' < "$out/$id.$name.svrl" |
			grep -o '<svrl:\(failed-assert\|successful-report\)[^>]*' |
			sed -n 's/.*[[:space:]]id="\([^"]*\)".*/\1/p' | sort -u | tr '\n' ' ')
		# kaigo-validate with the same parameters
		set --
		while read -r k val; do set -- "$@" --param "$k=$val"; done < "$out/args"
		"$v" -q --format jsonl "$@" "$f" > "$out/$id.$name.jsonl" 2>> "$out/$id.$name.err"
		k_ids=$(sed -n 's/.*"rule":"\([^"]*\)".*/\1/p' "$out/$id.$name.jsonl" | sort -u | tr '\n' ' ')
		want=""
		[ "$kind" = fail ] && want="$id "
		[ "$sx_ids" = "$k_ids" ] && agree=$((agree + 1))
		# the ids a case's `also` file names are left out of the judgement
		# (tests/rules/run.sh), but both processors must still agree on them
		sx_own=$sx_ids
		if [ -f "$dir/also" ]; then
			sx_own=$(printf '%s' "$sx_ids" | tr ' ' '\n' | grep -v -x -F -f "$dir/also" | grep . | tr '\n' ' ')
		fi
		if [ "$sx_ids" = "$k_ids" ] && [ "$sx_own" = "$want" ]; then
			pass=$((pass + 1))
			echo "ok $n - $id $name"
		else
			fail=$((fail + 1))
			echo "not ok $n - $id $name (SchXslt: ${sx_ids:-none}; kaigo: ${k_ids:-none}; expected: ${want:-none})"
			sed 's/^/#   /' "$out/$id.$name.err" | head -n 3
		fi
	done
done
echo "1..$n"
echo "# SchXslt and kaigo give the same rule ids on $agree of $n examples"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$n" -gt 0 ]
