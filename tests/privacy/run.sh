#!/bin/sh
# tests/privacy/run.sh - the privacy probe corpus (corpus.txt), run by make check.
#
# Every probe becomes an element of the record record.xml and is published
# with --mask through kaigo-publish in the three formats, with the
# stylesheets lines-text.xsl, lines-csv.xsl and lines-html.xsl (the page
# puts each probe in element text, an attribute, a script, a style element
# and a comment): seven places per probe.  The same stylesheets run by
# xsltproc, which checks nothing, give each place unmasked.  A probe is
#   caught       when every place differs from xsltproc's (it was masked),
#   kept         when no place differs,
# and anything between is a failure of its own (a place the checks miss).
# The CSV is read back with the reader's rule of docs/publish.md (one
# leading apostrophe dropped), so the CSV neutralisation is checked too.
#
# Fails when a "found" probe is not caught, a "kept" one is changed, or a
# "miss"/"alarm" probe no longer is one (so the counts in the README stay
# true).  Prints the counts; out/results lists every probe.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/privacy"
out="$here/out"
rm -rf "$out"
mkdir -p "$out"
PATH="$top/tools:$PATH"
KAIGO_DATADIR="$top/schemas"
# English messages: LANGUAGE would override LC_ALL=C.UTF-8 (cases that test
# a translation set it themselves)
unset LANGUAGE
LC_ALL=C.UTF-8
export PATH KAIGO_DATADIR LC_ALL

# the probes as elements (and their expectations, by number)
awk '
	/^#/ || /^[ \t]*$/ { next }
	{
		i = index($0, "|"); expect = substr($0, 1, i - 1); rest = substr($0, i + 1)
		i = index(rest, "|"); label = substr(rest, 1, i - 1); text = substr(rest, i + 1)
		n++
		gsub(/&/, "\\&amp;", text); gsub(/</, "\\&lt;", text); gsub(/>/, "\\&gt;", text)
		gsub(/\\n/, "\\&#10;", text); gsub(/\\r/, "\\&#13;", text); gsub(/\\t/, "\\&#9;", text)
		while (match(text, /\\u\{[0-9A-Fa-f]+\}/))
			text = substr(text, 1, RSTART - 1) "&#x" substr(text, RSTART + 3, RLENGTH - 4) ";" \
			       substr(text, RSTART + RLENGTH)
		printf "  <probe n=\"%d\">%s</probe>\n", n, text > (out "/probes.xml")
		printf "%d|%s|%s\n", n, expect, label > (out "/expect")
	}' out="$out" "$here/corpus.txt"
awk -v f="$out/probes.xml" '/<!--PROBES-->/ { while ((getline l < f) > 0) print l; next } { print }' \
	"$here/record.xml" > "$out/record.xml"

fail=0
run() { # run FORMAT: ours and xsltproc's output
	kaigo-publish -q --mask -f "$1" --stylesheet "$here/lines-$1.xsl" -o "$out/$1.ours" "$out/record.xml" \
		2> "$out/$1.err"
	st=$?
	if [ $st != 0 ] || grep -qv ': note: ' "$out/$1.err"; then
		echo "not ok - kaigo-publish -f $1 (exit $st):"
		grep -v ': note: ' "$out/$1.err" | head -5
		fail=1
	fi
	xsltproc "$here/lines-$1.xsl" "$out/record.xml" > "$out/$1.ref"
}
run text
run csv
run html
xsltproc --html "$here/extract.xsl" "$out/html.ours" > "$out/html.ours.x" 2>/dev/null
xsltproc --html "$here/extract.xsl" "$out/html.ref" > "$out/html.ref.x" 2>/dev/null

# "N|CTX|text" blocks ending "\n§§\n" → one line "N|CTX<TAB>text", CR/LF as \r \n
blocks() {
	awk -v fmt="$1" 'BEGIN { RS = "\n§§\n" } NF || length($0) {
		i = index($0, "|"); n = substr($0, 1, i - 1); rest = substr($0, i + 1)
		i = index(rest, "|"); ctx = substr(rest, 1, i - 1); t = substr(rest, i + 1)
		gsub(/\r/, "\\r", t); gsub(/\n/, "\\n", t)
		printf "%s|%s-%s\t%s\n", n, fmt, ctx, t }' "$2"
}
# the CSV rows "N","text" → "N|csv-v<TAB>text" with the reader's rule applied
csvcells() {
	awk 'BEGIN { RS = "\001" } {
		s = $0; L = length(s); i = 1
		while (i <= L) {
			# two quoted cells, then CRLF
			for (c = 1; c <= 2; c++) {
				i++; v = ""
				while (i <= L) {
					ch = substr(s, i, 1)
					if (ch == "\"") {
						if (substr(s, i + 1, 1) == "\"") { v = v "\""; i += 2; continue }
						i++; break
					}
					v = v ch; i++
				}
				cell[c] = v
				i++ # the comma, or the CR of CRLF
			}
			i++ # the LF
			v = cell[2]
			if (substr(v, 1, 1) == "\047") v = substr(v, 2)
			gsub(/\r/, "\\r", v); gsub(/\n/, "\\n", v)
			printf "%s|csv-v\t%s\n", cell[1], v
		}
	}' "$1"
}
{ blocks text "$out/text.ours"; csvcells "$out/csv.ours"; blocks html "$out/html.ours.x"; } | sort > "$out/ours"
{ blocks text "$out/text.ref"; awk 'BEGIN { RS = "\001" } { printf "%s", $0 }' "$out/csv.ref" > "$out/csv.ref2"
  csvcells "$out/csv.ref2"; blocks html "$out/html.ref.x"; } | sort > "$out/ref"

# per probe: how many of its places changed, which did not
awk -F'\t' -v out="$out" '
	FILENAME == out "/expect" { split($0, e, "|"); exp_[e[1]] = e[2]; lab[e[1]] = e[3]; total++; next }
	FILENAME == out "/ref" { ref[$1] = $2; next }
	{
		split($1, k, "|"); n = k[1]; places[n]++
		if ($2 != ref[$1]) { changed[n]++; if (index($2, "＊＊＊") == 0) nomask[n] = nomask[n] " " k[2] }
		else same[n] = same[n] " " k[2]
	}
	END {
		for (n = 1; n <= total; n++) {
			x = exp_[n]; c = changed[n] + 0; p = places[n] + 0
			if (p != 7) { r = "FAIL (" p " places, not 7)"; bad++ }
			else if (c == p && nomask[n] != "") { r = "FAIL (changed without the mask:" nomask[n] ")"; bad++ }
			else if (c > 0 && c < p) { r = "FAIL (masked in some places only; not in:" same[n] ")"; bad++ }
			else if (x == "found") { if (c) { r = "caught"; caught++ } else { r = "FAIL (missed)"; missed++; bad++ } }
			else if (x == "kept") { if (!c) { r = "kept"; kept++ } else { r = "FAIL (false alarm)"; alarms++; bad++ } }
			else if (x == "miss") { if (!c) { r = "missed (known)"; missed++; kmiss++ } else { r = "FAIL (now caught: expect found)"; bad++ } }
			else if (x == "alarm") { if (c) { r = "false alarm (known)"; alarms++; kalarm++ } else { r = "FAIL (now kept: expect kept)"; bad++ } }
			else { r = "FAIL (unknown expectation " x ")"; bad++ }
			printf "%d|%s|%s|%s\n", n, x, lab[n], r > (out "/results")
			if (r ~ /^FAIL/) printf "not ok - probe %d %s (%s): %s\n", n, lab[n], x, r
			if (x == "found" || x == "miss") pd++; else od++
		}
		printf "privacy corpus: %d probes x 7 places (text; csv; html text, attribute, script, style, comment)\n", total
		printf "  personal data: %d probes, caught %d, missed %d (%d known limits)\n", pd, caught, missed + 0, kmiss + 0
		printf "  ordinary text: %d probes, kept %d, false alarms %d (%d known)\n", od, kept, alarms + 0, kalarm + 0
		exit bad ? 1 : 0
	}' "$out/expect" "$out/ref" "$out/ours" || fail=1
[ $fail = 0 ] && echo "ok - privacy corpus" || echo "not ok - privacy corpus"
exit $fail
