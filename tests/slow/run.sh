#!/bin/sh
# tests/slow/run.sh - large-corpus checks for `make check-slow`.
#
# On text from bench/kaigo-gendata (SLOW_SIZE, default 64M):
#  - every profile is idempotent over the whole corpus and keeps the line count;
#  - CP932 decoding gives exactly what iconv gives, and CP932 -> UTF-8 ->
#    CP932 gives the original bytes back (the corpus avoids CP932's
#    duplicate code points, which cannot round-trip by design).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
k="$top/tools/kaigo-normalize"
gen="$top/bench/kaigo-gendata"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
size=${SLOW_SIZE:-64M}
pass=0
fail=0
check() { # check NAME COMMAND...
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
		echo "ok - $name"
	else
		fail=$((fail + 1))
		echo "not ok - $name"
	fi
}

"$gen" --size "$size" > "$dir/text.txt"
"$gen" --size "$size" --cp932-safe | iconv -f UTF-8 -t CP932 > "$dir/text.cp932"
lines=$(wc -l < "$dir/text.txt")

idempotent() { # idempotent PROFILE
	"$k" -q -p "$1" "$dir/text.txt" > "$dir/once" 2>/dev/null
	"$k" -q -p "$1" "$dir/once" > "$dir/twice" 2>/dev/null
	[ "$(wc -l < "$dir/once")" = "$lines" ] && cmp -s "$dir/once" "$dir/twice"
}
for p in jp name kana nfkc digits phone; do
	check "profile $p idempotent and line-preserving on $size" idempotent "$p"
done

same_as_iconv() {
	"$k" --from cp932 -p none "$dir/text.cp932" > "$dir/ours" &&
	iconv -f CP932 -t UTF-8 "$dir/text.cp932" > "$dir/iconv" &&
	cmp -s "$dir/ours" "$dir/iconv"
}
check "CP932 decoding equals iconv on $size" same_as_iconv

round_trip() {
	"$k" --from cp932 --to cp932 -p none "$dir/text.cp932" > "$dir/back" &&
	cmp -s "$dir/back" "$dir/text.cp932"
}
check "CP932 -> UTF-8 -> CP932 round trip on $size" round_trip

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
