#!/bin/sh
# tests/readme/run.sh - the README's shell examples, run as written, printed as TAP.
#
# Every ```sh block of README.md is extracted and run with sh -e in a scratch
# directory, with the tree's tools first on PATH, unless the line before the
# block is
#     <!-- readme-test: skip REASON -->
# (set-up and install commands that make check itself or check-install and
# check-deb cover, and examples that need other machines).
#
# A block passes when every command in it exits with 0 or 1: 1 is a tool's
# "the data has problems, each one reported", which is what several examples
# show; 2 (usage), 3 (cannot read or write), 4 (cannot load) and a missing
# command or file fail it.  The examples name a user's files; the scratch
# directory holds them, copied from the samples:
#     export.csv     samples/normalize/legacy-export.cp932.csv (a CP932 export)
#     careplans.xml  samples/careplan/careplans-collection.xml
#     results.xml    samples/evaluation/evaluations-collection.xml
#     plan.xml       samples/careplan/careplan-single.xml
#     notes.txt      samples/normalize/care-notes.txt
#     samples/       the tree's samples/ (examples that name samples directly)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/readme/out"
rm -rf "$out"
. "$top/tests/examples-env.sh"

# block files: out/blocks/NNN (the code), out/blocks/NNN.where (line, skip reason)
mkdir -p "$out/blocks"
awk -v dir="$out/blocks" '
	/^```sh[ \t]*$/ { n++; f = sprintf("%s/%03d", dir, n); inb = 1
		printf "%d\t%s\n", NR, skip > (f ".where"); skip = ""; next }
	inb && /^```/ { inb = 0; close(f); next }
	inb { print > f; next }
	/^<!-- readme-test: skip / { skip = $0; sub(/^<!-- readme-test: skip /, "", skip); sub(/ -->.*/, "", skip); next }
	{ skip = "" }
' "$top/README.md"

n=0
fail=0
for b in "$out"/blocks/[0-9][0-9][0-9]; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	line=$(cut -f1 < "$b.where")
	reason=$(cut -f2- < "$b.where")
	if [ -n "$reason" ]; then
		echo "ok $n - README.md:$line # SKIP $reason"
		continue
	fi
	dir="$out/run/${b##*/}"
	mkdir -p "$dir"
	ln -s "$top/samples" "$dir/samples"
	cp "$top/samples/normalize/legacy-export.cp932.csv" "$dir/export.csv"
	cp "$top/samples/careplan/careplans-collection.xml" "$dir/careplans.xml"
	cp "$top/samples/evaluation/evaluations-collection.xml" "$dir/results.xml"
	cp "$top/samples/careplan/careplan-single.xml" "$dir/plan.xml"
	cp "$top/samples/normalize/care-notes.txt" "$dir/notes.txt"
	if (cd "$dir" && sh -e "$b") > "$dir.stdout" 2> "$dir.stderr"; then
		echo "ok $n - README.md:$line"
	else
		fail=$((fail + 1))
		echo "not ok $n - README.md:$line"
		sed 's/^/#   /' "$dir.stderr" | tail -5
	fi
done
echo "1..$n"
echo "# $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
