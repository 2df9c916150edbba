#!/bin/sh
# tests/rules/check-catalogue.sh - the rule ids of the rule files, of
# schemas/rules/CATALOGUE.md (its rule table and its coverage of the seeds),
# of the README's catalogue table and of tests/rules/ must be the same set.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 1
# ids of every sch:assert and sch:report in the rule files
# (start tags may span lines: join them first)
cat schemas/rules/*.sch | tr '\n' ' ' | grep -o '<sch:\(assert\|report\)[^>]*' |
	grep -o '[[:space:]]id="[^"]*"' | sed 's/.*id="\(.*\)"/\1/' | sort > "$tmp/sch"
# rows of the rule table: a first cell holding one rule id
# (the table whose header starts "| id | severity", up to the next blank line)
table_ids() {
	awk '/^\| id \| severity/ { on = 1; next } on && /^$/ { on = 0 } on' "$1" |
		grep '^| `' | sed 's/^| `\([^`]*\)`.*/\1/' | grep -E '^(cp|ev|eb|fs|gp)\.[a-z0-9-]+$' | sort
}
table_ids schemas/rules/CATALOGUE.md > "$tmp/catalogue"
table_ids README.md > "$tmp/readme"
# a case is a directory with a pass.xml (not out/, schxslt/, ...)
ls tests/rules/*/pass.xml | xargs -n1 dirname | xargs -n1 basename | sort > "$tmp/tests"
# every id named in the catalogue's coverage section (## Coverage of the two
# seeds, up to the next ## heading)
awk '/^## Coverage of the two seeds/ { on = 1; next } on && /^## / { on = 0 } on' schemas/rules/CATALOGUE.md |
	grep -o '`[a-z][a-z]\.[a-z0-9-]*`' | tr -d '`' | grep -E '^(cp|ev|eb|fs|gp)\.' | sort -u > "$tmp/coverage"
status=0
for f in catalogue readme tests coverage; do
	if cmp -s "$tmp/sch" "$tmp/$f"; then
		echo "ok - $f lists the $(wc -l < "$tmp/sch" | tr -d ' ') rule ids of the rule files"
	else
		echo "not ok - $f differs from the rule files:"
		diff "$tmp/sch" "$tmp/$f" | sed 's/^/#   /'
		status=1
	fi
done
[ $status = 0 ] && echo "4 passed, 0 failed" || echo "some failed"
exit $status
