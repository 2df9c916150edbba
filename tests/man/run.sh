#!/bin/sh
# tests/man/run.sh - the EXAMPLES of every English man page, run as written,
# printed as TAP.
#
# Each display (.nf ... .fi) of the EXAMPLES section of man/kaigo-*.1 is one
# example.  Its roff is unescaped (\- \e \fB \fP \fI \fR \(aq \(dq \& "\ ")
# and run with sh -e in a scratch directory, with the tree's tools first on
# PATH.  In a display that shows a session ("$ command" lines followed by what
# the command writes), only the commands are run: a "$" line and the lines
# that continue it (it ends in a backslash); the output lines are dropped.
# An example is skipped when the roff comment line just before its display
# (before its .RS, if any) is
#     .\" example-test: skip REASON
# (examples that need other machines, write to /srv or send mail).
#
# An example passes when every command in it exits with 0 or 1: 1 is a tool's
# "the data has problems, each one reported".  A session that shows
# "$ echo $?" with another status after a command expects that status.
# 2 (usage), 3 (cannot read or write), 4 (cannot load) and a missing command
# or file fail it otherwise.
#
# The Japanese pages man/ja/kaigo-*.1 are translations of the English ones
# (the source of truth); their EXAMPLES section (heading "例", displays also
# as .EX ... .EE) must hold exactly the same commands, display by display,
# as the English page's, after the same unescaping.  One more test per
# Japanese page compares them (nothing is run for it), so that a Japanese
# page cannot fall behind its English page's examples unnoticed.
#
# The examples name a user's files; the scratch directory holds them, copied
# from the samples:
#     plans.xml, careplans-collection.xml
#                    samples/careplan/careplans-collection.xml
#     plan.xml       samples/careplan/careplan-single.xml
#     plans/         the care plans of samples/careplan/ (plans/*.xml)
#     results.xml    samples/evaluation/evaluations-collection.xml
#     UP*.CSV        the send unit of samples/convert/standard/
#     vendor-plans.cp932.csv
#                    samples/convert/legacy/vendor-plans.cp932.csv
#     export.csv     kaigo-normalize.1: the input of its test case
#                    tests/cli/kaigo-normalize/502-example-cp932-csv; the
#                    other pages: samples/convert/legacy/vendor-plans.cp932.csv
#                    (a VENDOR-PLAN export)
#     our-vendor.xml schemas/layouts/VENDOR-PLAN.xml (a layout of one's own)
#     notes.txt      samples/normalize/care-notes.txt
#     key            a fixed 32-byte key, mode 600 (the key the first
#                    kaigo-pseudonymize example makes, which the second uses)
#     memo.txt, dates.txt, user.xml, plan.txt, users.csv, memo.sjis.txt,
#     compat.txt, review.sch, xxe.xml
#                    the inputs of the test cases
#                    tests/cli/kaigo-{normalize,validate}/5NN-example-*
#                    (the pages say each example is one of them)
#     samples/, schemas/
#                    the tree's samples/ and schemas/
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/man/out"
rm -rf "$out"
. "$top/tests/examples-env.sh"

# extract PAGE DIR HEADING: writes the commands of each display of the
# EXAMPLES section (the .SH line matching the regular expression HEADING) of
# PAGE to DIR/PAGE.NNN (the code), DIR/PAGE.NNN.where (line, skip reason)
extract() {
	name=${1##*/}
	awk -v pre="$2/$name." -v exre="$3" '
	function unroff(s) {
		gsub(/\\\(aq/, "\047", s); gsub(/\\\(dq/, "\"", s)
		gsub(/\\\(ti/, "~", s); gsub(/\\\(ha/, "^", s)
		gsub(/\\f[BIRP]/, "", s); gsub(/\\-/, "-", s)
		gsub(/\\&/, "", s); gsub(/\\ /, " ", s)
		gsub(/\\e/, "\\", s)
		return s
	}
	function flush(   i) {
		for (i = 1; i <= nc; i++) print cmd[i] > f
		close(f); nc = 0
	}
	/^\.SH/ { ex = ($0 ~ exre); next }
	!ex { next }
	/^\.(nf|EX)/ { n++; f = sprintf("%s%03d", pre, n); inb = 1; nc = 0; cont = 0
		want = 0; sess = 0
		printf "%d\t%s\n", NR, skip > (f ".where"); close(f ".where")
		skip = ""; next }
	inb && /^\.(fi|EE)/ { inb = 0; flush(); next }
	inb && /^\./ { next }
	inb {
		s = unroff($0)
		if (cont) { cmd[nc] = cmd[nc] "\n" s; cont = (s ~ /\\$/); next }
		if (s ~ /^\$ /) { sess = 1; s = substr(s, 3)
			if (s == "echo $?") { want = 1; next }
			cmd[++nc] = s; last = nc; cont = (s ~ /\\$/); want = 0; next }
		if (want) { want = 0
			if (s ~ /^[0-9]+$/ && s + 0 > 1) cmd[last] = "{ " cmd[last] "\n} || [ $? -eq " s " ]"
			next }
		if (!sess) { cmd[++nc] = s; cont = 0 }
		next
	}
	/^\.\\" example-test: skip / { skip = $0; sub(/^\.\\" example-test: skip /, "", skip); next }
	/^\.RS/ { next }
	{ skip = "" }
	' "$1"
}
mkdir -p "$out/blocks" "$out/ja-blocks"
for page in "$top"/man/kaigo-*.1; do
	extract "$page" "$out/blocks" '^\.SH "?EXAMPLES?"?[ \t]*$'
done
for page in "$top"/man/ja/kaigo-*.1; do
	extract "$page" "$out/ja-blocks" '^\.SH "?例"?[ \t]*$'
done

n=0
fail=0
skipped=0
for b in "$out"/blocks/*.[0-9][0-9][0-9]; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	base=${b##*/}
	page=${base%.*}
	line=$(cut -f1 < "$b.where")
	reason=$(cut -f2- < "$b.where")
	if [ -n "$reason" ]; then
		echo "ok $n - man/$page:$line # SKIP $reason"
		skipped=$((skipped + 1))
		continue
	fi
	if grep -q '^parallel\|| *parallel' "$b" && ! command -v parallel > /dev/null 2>&1; then
		echo "ok $n - man/$page:$line # SKIP GNU parallel is not installed"
		skipped=$((skipped + 1))
		continue
	fi
	dir="$out/run/$base"
	mkdir -p "$dir/plans"
	ln -s "$top/samples" "$dir/samples"
	ln -s "$top/schemas" "$dir/schemas"
	cp "$top/samples/careplan/careplans-collection.xml" "$dir/plans.xml"
	cp "$top/samples/careplan/careplans-collection.xml" "$dir/careplans-collection.xml"
	cp "$top/samples/careplan/careplan-single.xml" "$dir/plan.xml"
	cp "$top"/samples/careplan/*.xml "$dir/plans/"
	cp "$top/samples/evaluation/evaluations-collection.xml" "$dir/results.xml"
	cp "$top"/samples/convert/standard/*.CSV "$dir/"
	cp "$top/samples/convert/legacy/vendor-plans.cp932.csv" "$dir/"
	cp "$top/samples/convert/legacy/vendor-plans.cp932.csv" "$dir/export.csv"
	cp "$top/schemas/layouts/VENDOR-PLAN.xml" "$dir/our-vendor.xml"
	cp "$top/samples/normalize/care-notes.txt" "$dir/notes.txt"
	printf '%032d' 0 > "$dir/key"
	chmod 600 "$dir/key"
	for t in "$top"/tests/cli/kaigo-normalize/5[0-9][0-9]-example-* \
	         "$top"/tests/cli/kaigo-validate/5[0-9][0-9]-example-*; do
		for i in "$t"/*; do
			case ${i##*/} in args|cmd|expected.*) continue ;; esac
			[ "${i##*/}" = export.csv ] && [ "$page" != kaigo-normalize.1 ] && continue
			cp "$i" "$dir/"
		done
	done
	if (cd "$dir" && sh -e "$b") > "$dir.stdout" 2> "$dir.stderr"; then
		echo "ok $n - man/$page:$line"
	else
		fail=$((fail + 1))
		echo "not ok $n - man/$page:$line"
		sed 's/^/#   /' "$dir.stderr" | tail -5
	fi
done

# the Japanese pages: the same commands as the English page, display by display
# (each display's commands, then a line "--- end of display NNN")
commands() {
	for b in "$1"/"$2".[0-9][0-9][0-9]; do
		[ -f "$b" ] || continue
		cat "$b"
		echo "--- end of display ${b##*.}"
	done
}
for page in "$top"/man/kaigo-*.1 "$top"/man/ja/kaigo-*.1; do
	name=${page##*/}
	case $page in */ja/*) [ -f "$top/man/$name" ] && continue ;; esac
	n=$((n + 1))
	if [ ! -f "$top/man/ja/$name" ] || [ ! -f "$top/man/$name" ]; then
		fail=$((fail + 1))
		echo "not ok $n - man/ja/$name: there is no such page in both man/ and man/ja/"
		continue
	fi
	commands "$out/blocks" "$name" > "$out/ja-blocks/$name.en"
	commands "$out/ja-blocks" "$name" > "$out/ja-blocks/$name.ja"
	if [ ! -s "$out/ja-blocks/$name.en" ]; then
		fail=$((fail + 1))
		echo "not ok $n - man/$name: no EXAMPLES displays found"
	elif diff -u "$out/ja-blocks/$name.en" "$out/ja-blocks/$name.ja" > "$out/ja-blocks/$name.diff"; then
		echo "ok $n - man/ja/$name: EXAMPLES commands as in man/$name"
	else
		fail=$((fail + 1))
		echo "not ok $n - man/ja/$name: EXAMPLES commands differ from man/$name (- English, + Japanese)"
		sed '1,2d; s/^/#   /' "$out/ja-blocks/$name.diff" | head -20
	fi
done
echo "1..$n"
echo "# $((n - fail - skipped)) passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
