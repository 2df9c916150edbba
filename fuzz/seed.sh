#!/bin/sh
# seed.sh - (re)build the committed seed corpora fuzz/corpus/<harness>/ from
# the repository's samples.  Run from the top directory.  Kept small (< 200 KB):
# one file per line for the line-oriented harnesses, the smaller XML samples,
# the small Schematron files.
set -eu
C=fuzz/corpus
rm -rf "$C"
mkdir -p "$C/csv" "$C/norm" "$C/era" "$C/codec" "$C/xml" "$C/sch"

# one seed per line of a text file: split_lines FILE DIR PREFIX
split_lines() {
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		printf '%s\n' "$line" > "$2/$3-$n"
	done < "$1"
}

# csv: the whole CP932 export, its lines, and a few hand-written edge cases
cp samples/normalize/legacy-export.cp932.csv "$C/csv/legacy-export.cp932.csv"
split_lines samples/normalize/legacy-export.cp932.csv "$C/csv" legacy
printf 'a,"b\r\nc",d\r\n"x""y",,\n"unterminated\n' > "$C/csv/edge-quotes"
printf 'a,b"c,d\n"e"f,g\n' > "$C/csv/edge-stray"

# norm: lines of the care notes and of the (UTF-8) CSV's fields
split_lines samples/normalize/care-notes.txt "$C/norm" notes
printf '０９０－１２３４－５６７８' > "$C/norm/phone"
printf '〒１２３ー４５６７' > "$C/norm/postal"
printf 'やまだ　たろう' > "$C/norm/kana"
printf 'ｶﾞｷﾞｸﾞ　ﾊﾟﾋﾟ' > "$C/norm/halfwidth"
printf 'e\314\201\tA\314\212' > "$C/norm/combining"

# era: one date per seed
n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	printf '%s' "$line" > "$C/era/date-$n"
done < samples/normalize/dates.txt

# codec: the CP932 export and its lines; EUC-JP made from the notes
split_lines samples/normalize/legacy-export.cp932.csv "$C/codec" cp932
if command -v iconv >/dev/null; then
	iconv -f UTF-8 -t EUC-JP samples/normalize/care-notes.txt > "$C/codec/notes.eucjp" 2>/dev/null || true
	iconv -f UTF-8 -t CP932 samples/normalize/care-notes.txt > "$C/codec/notes.cp932" 2>/dev/null || true
fi

# xml: the XML samples below 5 KB
find samples -name '*.xml' -size -5k | while read -r f; do
	cp "$f" "$C/xml/$(echo "$f" | tr / _)"
done

# sch: the conformance-suite rules and the smaller bundled rules
for f in tests/cli/schematron/*/*.sch schemas/rules/common.sch schemas/rules/evaluationbody.sch; do
	cp "$f" "$C/sch/$(echo "$f" | tr / _)"
done
du -sb "$C"
