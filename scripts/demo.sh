#!/bin/sh
# scripts/demo.sh - the main job on the bundled samples (`make demo`).
#
# Runs the pipeline as far as the tools exist today (normalization, then
# validation) and leaves the results in out/demo/.  Each step's exit status is checked against what the
# sample is known to contain (samples/normalize/README.md describes the one
# deliberate error), so the demo fails loudly if a tool changes behaviour.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3
bin=tools
out=out/demo
mkdir -p "$out"
fail=0

step() { # step EXPECTED-STATUS DESCRIPTION COMMAND...
	want=$1
	what=$2
	shift 2
	"$@"
	got=$?
	if [ "$got" = "$want" ]; then
		printf 'demo: ok    %s (exit %s)\n' "$what" "$got" >&2
	else
		printf 'demo: FAIL  %s: exit %s, expected %s\n' "$what" "$got" "$want" >&2
		fail=1
	fi
}

# 1. A legacy CP932 export (header row, 和暦 dates, half-width kana, full-width
#    layout spaces) to UTF-8 with a profile per column.  The sample holds one
#    impossible date on purpose: it is reported with its line and the field is
#    written unchanged, so the status is 1.
step 1 "normalize the legacy CP932 export" \
	$bin/kaigo-normalize --from cp932 --csv --header \
	-c 1=digits -c 2=name -c 3=kana -c 4=date -c 5=postal -c 6 -c 7=phone -c 8- \
	-o $out/legacy-export.csv samples/normalize/legacy-export.cp932.csv
# 2. The same data back to CP932 for a Windows system that needs it.
step 0 "write it back as CP932" \
	$bin/kaigo-normalize --to cp932 -p none -o $out/legacy-export.normalized.cp932.csv \
	$out/legacy-export.csv
# 3. Free-text care notes, line by line.
step 0 "normalize the care notes" \
	$bin/kaigo-normalize -o $out/care-notes.txt samples/normalize/care-notes.txt
# 4. 和暦 and Western dates to ISO 8601.
step 0 "convert the dates to ISO 8601" \
	$bin/kaigo-normalize --field=date -o $out/dates.iso.txt samples/normalize/dates.txt
# 5. Text and attribute values of an XML file; markup untouched.
step 0 "normalize the XML records" \
	$bin/kaigo-normalize --xml -o $out/records.xml samples/normalize/records.xml

# 6. Care plans and evaluation results: safe parsing, XSD, then the business
#    rules of the regulations, deadlines judged as of a fixed day; one report
#    per document type, as JSON Lines and as SVRL.
step 0 "validate the care plans (XSD + business rules)" \
	$bin/kaigo-validate -q --as-of 2025-06-30 --format jsonl -o $out/careplans.findings.jsonl \
	samples/careplan/careplan-single.xml samples/careplan/careplans-collection.xml
step 0 "validate the evaluation results, families' surveys and evaluation bodies" \
	$bin/kaigo-validate -q --as-of 2025-06-30 --format svrl -o $out/evaluations.svrl \
	samples/evaluation/evaluation-single.xml samples/evaluation/evaluations-collection.xml \
	samples/evaluation/familysurveys-collection.xml samples/evaluation/evaluationbodies-collection.xml
# 7. An invalid care plan: the mistake is found, with its line, column and XPath.
step 1 "reject a care plan with an unknown 要介護状態区分" \
	$bin/kaigo-validate -q -o $out/care-level-26.findings.txt samples/careplan/invalid/care-level-26.xml
# 8. National standard CSV send units joined into CarePlan XML, validated, and
#    split back into the same files (compared byte for byte).
step 0 "join standard CSV send units into CarePlan XML" \
	$bin/kaigo-csv2xml -q --reject $out/standard.rejects -o $out/standard.xml samples/convert/standard/*.CSV
step 0 "validate the converted care plans against the XSD" \
	$bin/kaigo-validate -q --rules none -o $out/standard.findings.txt $out/standard.xml
rm -rf $out/standard.back && mkdir -p $out/standard.back
step 0 "split them back into standard files" \
	$bin/kaigo-xml2csv -q -d $out/standard.back $out/standard.xml
for f in samples/convert/standard/*.CSV; do
	step 0 "$(basename "$f") comes back byte for byte" cmp "$f" "$out/standard.back/$(basename "$f")"
done
# 9. A legacy vendor export: two planted bad rows go to the reject file.
step 1 "convert a legacy vendor export (2 rows rejected with line and reason)" \
	$bin/kaigo-csv2xml -q -l VENDOR-PLAN --reject $out/vendor.rejects -o $out/vendor.xml \
	samples/convert/legacy/vendor-plans.cp932.csv

# ---- the whole pipeline: a legacy CP932 export to pages for the users
step 0 "normalize the vendor export (CP932 in, CP932 out, each column its profile)" \
	$bin/kaigo-normalize --from cp932 --to cp932 --csv --header \
	-o $out/vendor-plans.normalized.cp932.csv samples/convert/legacy/vendor-plans.cp932.csv
step 1 "convert it to CarePlan XML (the 2 bad rows to the reject file)" \
	$bin/kaigo-csv2xml -q -l VENDOR-PLAN --reject $out/vendor-plans.rejects -o $out/vendor-plans.xml \
	$out/vendor-plans.normalized.cp932.csv
step 0 "the converted plans are valid against the XSD" \
	$bin/kaigo-validate -q --rules none -o $out/vendor-plans.xsd.txt $out/vendor-plans.xml
step 1 "the business rules find what a legacy export lacks (meetings, consent)" \
	$bin/kaigo-validate -q --as-of 2025-06-30 -o $out/vendor-plans.findings.txt $out/vendor-plans.xml
pages=$out/pages
rm -rf $pages && mkdir -p $pages/careplans-user $pages/careplans-physician $pages/evaluations
step 0 "publish each plan for its user (第1表-第7表, printable)" \
	$bin/kaigo-publish -q -d $pages/careplans-user $out/vendor-plans.xml
step 0 "and for the physician" \
	$bin/kaigo-publish -q -a physician -d $pages/careplans-physician $out/vendor-plans.xml

# ---- publication of the evaluation side and the filing list
step 0 "publish the evaluation results: a 別紙4 page per site and an index" \
	$bin/kaigo-publish -q -d $pages/evaluations samples/evaluation/evaluations-collection.xml
step 0 "their CSV open data" \
	$bin/kaigo-publish -q -f csv -o $pages/evaluations.csv samples/evaluation/evaluations-collection.xml
step 0 "the family survey, small counts suppressed" \
	$bin/kaigo-publish -q -o $pages/familysurvey.html samples/evaluation/familysurvey.xml
step 0 "the family surveys as CSV" \
	$bin/kaigo-publish -q -f csv -o $pages/familysurveys.csv samples/evaluation/familysurveys-collection.xml
step 0 "the register of evaluation bodies" \
	$bin/kaigo-publish -q -o $pages/evaluationbodies.html samples/evaluation/evaluationbodies-collection.xml
step 0 "the municipal filing list (届出) of 生活援助中心型 plans" \
	$bin/kaigo-publish -q -f csv --as-of 2025-06-30 -o $pages/filing.csv samples/publish/careplans-filing.xml
step 1 "refuse to publish a result whose free text names people (nothing written)" \
	$bin/kaigo-publish -q -o $pages/leaky.html samples/publish/evaluation-leaky.xml
step 0 "publish it with the personal data masked" \
	$bin/kaigo-publish -q --mask -o $pages/masked.html samples/publish/evaluation-leaky.xml
if [ -e $pages/leaky.html ]; then
	printf 'demo: FAIL  a refused page was written\n' >&2
	fail=1
fi

# ---- the obligations calendar: what the documents make fall due, as of a fixed
#      day, computed by the deadline rules; some filings and evaluations are
#      overdue in the samples, so the status is 1 (a nightly job's alert)
due_inputs="samples/careplan/careplan-single.xml samples/careplan/careplans-collection.xml
	samples/publish/careplans-filing.xml samples/evaluation/evaluations-collection.xml
	samples/evaluation/evaluationbodies-collection.xml"
# shellcheck disable=SC2086 # the list of inputs
step 1 "the obligations calendar as iCalendar (an alarm 14 days before each)" \
	$bin/kaigo-due -q --as-of 2025-06-30 --format ics --remind 14 -o $out/due.ics $due_inputs
# shellcheck disable=SC2086
step 1 "and as CSV for Excel" \
	$bin/kaigo-due -q --as-of 2025-06-30 --format csv --bom -o $out/due.csv $due_inputs

if [ $fail = 0 ]; then
	echo "demo: results are in $out/" >&2
	exit 0
fi
exit 1
