#!/bin/sh
# tests/cli/run.sh - golden tests of the command-line tools, printed as TAP.
#
# Each case is a directory tests/cli/<tool>/<NNN-name>/ holding:
#   args             the tool's arguments, one per line (no shell quoting needed)
#   or cmd           a shell snippet, for pipelines ($KAIGO_TOOLS is on PATH)
#   stdin            optional; fed to standard input
#   expected.stdout  expected standard output (byte for byte)
#   expected.stderr  expected standard error
#   expected.status  expected exit status
#   expected.files   optional; names of files the case must leave (one per line),
#                    each compared with expected.<name>
# The runner cds into the case directory, so file arguments are relative.
#   UPDATE=1   rewrite the expected.* files from the current output
#   VALGRIND=  command prefix to wrap every tool (set by `make check VALGRIND=1`)
#   CASES=re   only run cases whose path matches the extended regex
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/cli/out"
rm -rf "$out"
mkdir -p "$out/bin"
# wrappers so that both args and cmd cases run the tree's tools (optionally under valgrind)
for t in "$top"/tools/kaigo-*; do
	case $t in *.c|*.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	# under valgrind, libxml2 uses plain malloc so that every block is checked
	printf '#!/bin/sh\n%sexec %s "%s" "$@"\n' "${VALGRIND:+KAIGO_MALLOC=system }" "${VALGRIND:-}" "$t" > "$out/bin/$name"
	chmod +x "$out/bin/$name"
done
PATH="$out/bin:$PATH"
KAIGO_TOOLS="$out/bin"
KAIGO_DATADIR="$top/schemas"
KAIGO_GENDATA="$top/bench/kaigo-gendata"
KAIGO_GENCSV="$top/bench/kaigo-gencsv"
# English messages: LANGUAGE would override LC_ALL=C.UTF-8 (cases that test
# a translation set it themselves)
unset LANGUAGE
LC_ALL=C.UTF-8
TZ=UTC
export PATH KAIGO_TOOLS KAIGO_DATADIR KAIGO_GENDATA KAIGO_GENCSV LC_ALL TZ

n=0
pass=0
fail=0
for dir in "$top"/tests/cli/*/*/; do
	dir=${dir%/}
	case_name=${dir#"$top"/tests/cli/}
	[ -f "$dir/args" ] || [ -f "$dir/cmd" ] || continue
	if [ -n "${CASES:-}" ] && ! printf '%s\n' "$case_name" | grep -Eq "$CASES"; then
		continue
	fi
	n=$((n + 1))
	tool=${case_name%%/*}
	res="$out/$case_name"
	mkdir -p "$res"
	(
		cd "$dir" || exit 99
		if [ -f stdin ]; then exec < stdin; else exec < /dev/null; fi
		if [ -f cmd ]; then
			sh ./cmd
		else
			# read args one per line into the positional parameters
			set --
			while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < args
			"$tool" "$@"
		fi
	) > "$res/stdout" 2> "$res/stderr"
	echo $? > "$res/status"
	ok=1
	why=
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$res/stdout" "$dir/expected.stdout"
		cp "$res/stderr" "$dir/expected.stderr"
		cp "$res/status" "$dir/expected.status"
	fi
	for f in stdout stderr status; do
		if ! cmp -s "$dir/expected.$f" "$res/$f"; then
			ok=0
			why="$why $f"
		fi
	done
	if [ -f "$dir/expected.files" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] || continue
			if [ "${UPDATE:-}" = 1 ] && [ -f "$dir/$f" ]; then cp "$dir/$f" "$dir/expected.$f"; fi
			if ! cmp -s "$dir/expected.$f" "$dir/$f"; then ok=0; why="$why file:$f"; fi
			rm -f "$dir/$f"
		done < "$dir/expected.files"
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "ok $n - $case_name"
	else
		fail=$((fail + 1))
		echo "not ok $n - $case_name (differs:$why)"
		for f in stdout stderr; do
			if ! cmp -s "$dir/expected.$f" "$res/$f"; then
				diff -u "$dir/expected.$f" "$res/$f" | head -n 20 | sed 's/^/#   /'
			fi
		done
		if ! cmp -s "$dir/expected.status" "$res/status"; then
			echo "#   status: expected $(cat "$dir/expected.status" 2>/dev/null), got $(cat "$res/status")"
		fi
	fi
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail = 0 ] && [ $n -gt 0 ]
