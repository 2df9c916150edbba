#!/bin/sh
# tests/rules/nofast.sh - the rules' direct XPath evaluator (lib/schxp.c)
# gives the same report as libxml2's XPath alone (KAIGO_SCH_NOFAST=1):
# every tests/rules example with its parameters, the samples, and generated
# care-plan collections with many invalid records, in JSON Lines (rule,
# message, location, basis of every finding), compared byte for byte.
# Printed as TAP.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
v="$top/tools/kaigo-validate"
gen="$top/bench/kaigo-gendata"
out="$top/tests/rules/out-nofast"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
export KAIGO_DATADIR

. "$top/tests/rules/params.sh"

n=0
failed=0
# compare NAME ARGS...: one run each way, the same output and exit status
compare() {
	name=$1
	shift
	n=$((n + 1))
	KAIGO_SCH_NOFAST=0 "$v" -q --format jsonl "$@" > "$out/$name.fast" 2>&1
	s1=$?
	KAIGO_SCH_NOFAST=1 "$v" -q --format jsonl "$@" > "$out/$name.slow" 2>&1
	s2=$?
	if [ "$s1" = "$s2" ] && cmp -s "$out/$name.fast" "$out/$name.slow"; then
		echo "ok $n - $name ($(wc -l < "$out/$name.fast" | tr -d ' ') lines, status $s1)"
	else
		echo "not ok $n - $name: status $s1 and $s2, diff:"
		diff "$out/$name.fast" "$out/$name.slow" | head -n 10 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

for dir in "$top"/tests/rules/*/; do
	dir=${dir%/}
	id=$(basename "$dir")
	for doc in "$dir"/pass*.xml "$dir"/fail*.xml; do
		[ -f "$doc" ] || continue
		name=$(basename "$doc" .xml)
		kind=${name%%-*}
		params "$top/tests/rules/params" "$dir/params" "$dir/$kind.params" "$dir/$name.params" > "$out/args"
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done < "$out/args"
		# twice in one run: an expression is compiled for the direct
		# evaluator when it is used the second time
		compare "$id.$name" "$@" "$doc" "$doc"
	done
done
for doc in "$top"/samples/careplan/*.xml "$top"/samples/careplan/invalid/*.xml \
	   "$top"/samples/evaluation/*.xml "$top"/samples/evaluation/invalid/*.xml; do
	[ -f "$doc" ] || continue
	compare "samples.$(basename "$doc" .xml)" --as-of 2025-06-30 "$doc" "$doc"
done
# generated collections: a tenth and a third of the records broken, several seeds
for seed in 1 2 3; do
	"$gen" --kind careplan --size 1M --seed "$seed" --invalid-rate $((seed * 15)) > "$out/gen$seed.xml"
	compare "generated.seed$seed" --as-of 2025-06-30 "$out/gen$seed.xml"
	compare "generated.seed$seed.deadlines" --phase deadlines --param obligations=all --as-of 2024-01-31 \
		"$out/gen$seed.xml"
done
echo "1..$n"
[ "$failed" = 0 ] || exit 1
echo "# $n cases: the same report with the direct evaluator and with libxml2's XPath alone"
rm -rf "$out"
