#!/bin/sh
# tests/parallel/run.sh - the tools scale out with GNU parallel and lose
# nothing doing it, printed as TAP.
#
#  1. one collection of 10 000 care plans (about 10 % invalid) validated whole,
#     and again as 4 parts (kaigo-validate --part K/4) run by GNU parallel:
#     the two reports, text and JSON Lines, are byte-identical;
#  2. the same through parallel's --sshlogin code path (":" is this machine);
#  3. many files: one run over all, and parallel over the files (-k keeps the
#     order): the same findings;
#  4. a large text normalized whole and through parallel --pipepart in 1 MiB
#     blocks cut at line ends: byte-identical.
#
# Needs GNU parallel (package parallel; sh scripts/setup.sh installs it).
# Run from the project root after make, bench/kaigo-gendata included.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out="$top/tests/parallel/out"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
# English messages: LANGUAGE would override LC_ALL=C.UTF-8 (cases that test
# a translation set it themselves)
unset LANGUAGE
LC_ALL=C.UTF-8
TZ=UTC
export KAIGO_DATADIR LC_ALL TZ
V=tools/kaigo-validate
N=tools/kaigo-normalize
n=0
fail=0
ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); printf 'not ok %d - %s\n' "$n" "$1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2"; }
same() { # same LABEL A B
	if cmp -s "$2" "$3"; then
		ok "$1 ($(wc -l <"$2" | tr -d ' ') lines)"
	else
		notok "$1" "$(diff "$2" "$3" | head -n 4 | tr '\n' ' ')"
	fi
}

if ! command -v parallel >/dev/null 2>&1; then
	echo "not ok 1 - GNU parallel is needed: run sh scripts/setup.sh (as root)"
	echo "1..1"
	exit 1
fi
P="parallel --will-cite"

# 1. one large collection, whole and in 4 parts
big=$out/careplans.xml
bench/kaigo-gendata --kind careplan --lines 10000 --invalid-rate 10 --seed 7 >"$big"
records=$(grep -c '^<CarePlan ' "$big")
[ "$records" -ge 10000 ] && ok "a collection of $records records" || notok "a collection of 10 000 records" "$records"
$V -q --as-of 2025-06-30 "$big" >"$out/whole.txt"
status_whole=$?
$P -k -j 2 $V -q --as-of 2025-06-30 --part {}/4 "$big" ::: 1 2 3 4 >"$out/parts.txt"
findings=$(wc -l <"$out/whole.txt" | tr -d ' ')
[ "$status_whole" = 1 ] && [ "$findings" -gt 1000 ] &&
	ok "the whole run finds $findings problems (exit 1)" ||
	notok "the whole run finds problems" "exit $status_whole, $findings lines"
same "4 parts through parallel = the whole run (text)" "$out/whole.txt" "$out/parts.txt"
$V -q --as-of 2025-06-30 --format jsonl "$big" >"$out/whole.jsonl"
$P -k -j 2 $V -q --as-of 2025-06-30 --format jsonl --part {}/4 "$big" ::: 1 2 3 4 >"$out/parts.jsonl"
same "4 parts through parallel = the whole run (JSON Lines)" "$out/whole.jsonl" "$out/parts.jsonl"
# the parts really split the records: each part validated some, together all
$P -k -j 2 $V --rules none --part {}/4 "$big" ::: 1 2 3 4 2>"$out/parts.summary" >/dev/null
sum=$(sed -n 's/.* file[s]*, \([0-9]*\) record.*/\1/p' "$out/parts.summary" | awk '{ s += $1; n++ } $1 == 0 { z++ } END { print s, n, z + 0 }')
[ "$sum" = "$records 4 0" ] && ok "the 4 parts hold $records records between them, none empty" ||
	notok "the 4 parts hold every record once" "records, parts, empty parts: $sum"

# 2. the --sshlogin path (":" is the local machine, no ssh needed)
$P -k -S 2/: $V -q --as-of 2025-06-30 --part {}/3 "$big" ::: 1 2 3 >"$out/ssh.txt"
same "3 parts through parallel --sshlogin = the whole run" "$out/whole.txt" "$out/ssh.txt"

# 3. many files: parallel over the files, in order
mkdir -p "$out/files"
awk -v dir="$out/files" '
	/^<CarePlan / && n < 300 { n++; f = sprintf("%s/plan%04d.xml", dir, n)
		sub(/^<CarePlan /, "<CarePlan xmlns=\"urn:kaigo:careplan:1\" ")
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > f; on = 1 }
	on { print > f }
	/^<\/CarePlan>/ && on { close(f); on = 0 }' "$big"
$V -q --as-of 2025-06-30 "$out"/files/*.xml >"$out/files.whole.txt"
ls "$out"/files/*.xml | $P -k -j 2 -n 50 $V -q --as-of 2025-06-30 >"$out/files.parallel.txt"
same "300 files: parallel over the files = one run" "$out/files.whole.txt" "$out/files.parallel.txt"

# 4. kaigo-normalize on line-oriented text: --pipepart blocks cut at line ends
bench/kaigo-gendata --size 8M --seed 3 >"$out/text.txt"
$N "$out/text.txt" >"$out/text.whole"
$P --pipepart -a "$out/text.txt" --block 1M -k -j 2 $N >"$out/text.parts"
same "kaigo-normalize, parallel --pipepart in 1 MiB blocks = one run" "$out/text.whole" "$out/text.parts"

echo "1..$n"
[ "$fail" = 0 ] && rm -rf "$out"
[ "$fail" = 0 ]
