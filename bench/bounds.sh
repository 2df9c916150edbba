#!/bin/sh
# bench/bounds.sh - complexity bounds: each case at n, 2n and 4n, with the
# user CPU seconds and the peak memory of the run (GNU time).  Linear work
# doubles from one size to the next; a quadratic one quadruples.
#
# Run from the project root after `make`:   sh bench/bounds.sh [CASE]...
#   CASE: pages (kaigo-publish -d, records of one name), csvrow (one long
#   CSV row), history (kaigo-validate, evaluationHistory rounds); all when
#   none is given.  N=... sets the first size of every case.
# A report, not a test: it prints figures and fails only when a run fails.
set -u
top=$(pwd)
[ -x "$top/tools/kaigo-publish" ] || { echo "bounds.sh: run make first, from the project root" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bounds.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }
KAIGO_DATADIR=$top/schemas
LC_ALL=C.UTF-8
export KAIGO_DATADIR LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-bounds.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
cases=${*:-pages csvrow history}
status=0

# measure LABEL N CMD...: one line "LABEL n=N user=Ss rss=KKiB"
measure() {
	_l=$1 _n=$2
	shift 2
	if /usr/bin/time -o "$tmp/time" -f '%U %M' "$@" > "$tmp/out" 2> "$tmp/err"; then :; else
		_rc=$?
		# exit 1 is a data finding (the cases may have some); more is a failure
		if [ "$_rc" -gt 1 ]; then
			echo "$_l n=$_n: FAILED (exit $_rc)"; sed 's/^/#   /' "$tmp/err" | head -5; status=1; return
		fi
	fi
	set -- $(tail -n 1 "$tmp/time")
	printf '%-28s n=%-9s user=%6ss  rss=%7s KiB\n' "$_l" "$_n" "$1" "$2"
}

for c in $cases; do
	case $c in
	pages)
		# n records of one evaluation: pages name.html, name-2.html, ...
		n=${N:-250}
		src=$top/samples/evaluation/evaluations-collection.xml
		sed -n '/^  <EvaluationResult[ >]/,/^  <\/EvaluationResult>/p' "$src" |
			awk '/^  <EvaluationResult[ >]/ { c++ } c == 1' > "$tmp/one.rec"
		for k in 1 2 4; do
			m=$((n * k))
			{ sed -n '1,/^<EvaluationResults[ >]/p' "$src"
			  awk -v m="$m" '{ a[NR] = $0 } END { for (j = 0; j < m; j++) for (i = 1; i <= NR; i++) print a[i] }' "$tmp/one.rec"
			  echo '</EvaluationResults>'; } > "$tmp/e.xml"
			rm -rf "$tmp/site"
			measure "publish -d, one name" "$m" "$top/tools/kaigo-publish" -q -d "$tmp/site" --as-of 2025-06-30 "$tmp/e.xml"
		done ;;
	csvrow)
		# one CSV row of n MB of commas (n million empty fields), through
		# kaigo-csv2xml and kaigo-normalize --csv: memory follows the row's
		# bytes, not 24 bytes per field
		n=${N:-8}
		for k in 1 2 4; do
			m=$((n * k))
			{ printf 'A,B\r\n'; head -c $((m * 1000000)) /dev/zero | tr '\000' ,; printf '\r\n'; } > "$tmp/row.csv"
			measure "csv2xml, one row of commas" "${m}MB" "$top/tools/kaigo-csv2xml" -q -l UPPLAN -o "$tmp/out.xml" "$tmp/row.csv"
			measure "normalize --csv, same row" "${m}MB" "$top/tools/kaigo-normalize" --csv -o "$tmp/out.csv" "$tmp/row.csv"
		done ;;
	history)
		# one EvaluationResult with n evaluationHistory rounds (externalBody,
		# consecutive years), validated with and without the bundled rules
		n=${N:-1000}
		src=$top/samples/evaluation/evaluation-single.xml
		for k in 1 2 4; do
			m=$((n * k))
			{ sed -n '1,/<evaluationHistory>/p' "$src"
			  awk -v n="$m" 'BEGIN { for (i = 0; i < n; i++) printf "    <round fiscalYear=\"%d\">\n      <route>externalBody</route>\n      <resultsSubmitted>true</resultsSubmitted>\n      <goalPlanSubmitted>true</goalPlanSubmitted>\n      <promotionMeetingCount>6</promotionMeetingCount>\n    </round>\n", 2024 - n + i }'
			  sed -n '/<\/evaluationHistory>/,$p' "$src"; } > "$tmp/h.xml"
			measure "validate, history rounds" "$m" "$top/tools/kaigo-validate" -q --as-of 2025-06-30 "$tmp/h.xml"
			measure "validate --rules none" "$m" "$top/tools/kaigo-validate" -q --rules none --as-of 2025-06-30 "$tmp/h.xml"
		done ;;
	*)
		echo "bounds.sh: unknown case '$c'" >&2; exit 2 ;;
	esac
done
exit $status
