#!/bin/sh
# tests/due/run.sh - kaigo-due against kaigo-validate and an independent
# iCalendar parser, printed as TAP (part of make check).
#
# 1. Agreement, at dates before, on and after the deadlines of the corpus
#    (tests/due/data/ and the samples): every overdue finding of
#    `kaigo-validate --phase deadlines --param obligations=all` (the
#    error/warning asserts of the obligation rules, *.due-*-overdue) is an
#    overdue obligation of kaigo-due at the same file, line and obligation,
#    and vice versa; the other obligation findings (info reports) are
#    kaigo-due's other records.  The older rule cp.living-assistance-filing-
#    overdue computes the same filing deadline in months instead of dates:
#    its findings must be kaigo-due's overdue filings too.
# 2. The .ics read by python3-icalendar (Debian): one VTODO per obligation
#    with the same due date, STATUS COMPLETED exactly for done ones, an alarm
#    --remind days before each open one, the same UIDs tomorrow (a re-import
#    updates instead of duplicating), and the same file byte for byte when
#    run twice.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/due/out"
rm -rf "$out"
mkdir -p "$out"
KAIGO_DATADIR="$top/schemas"
export KAIGO_DATADIR
py=/usr/bin/python3
due="$top/tools/kaigo-due"
val="$top/tools/kaigo-validate"
cd "$top" || exit 1
set -- tests/due/data/*.xml samples/careplan/careplans-collection.xml samples/careplan/careplan-single.xml \
	samples/evaluation/evaluations-collection.xml samples/evaluation/evaluationbodies-collection.xml
n=0
fail=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi
}

# (file, line, obligation, overdue?) of each obligation finding of kaigo-validate
validate_keys() {
	"$py" -c '
import json, sys
for l in sys.stdin:
    f = json.loads(l)
    r = f["rule"]
    if r == "cp.living-assistance-filing-overdue":
        print("%s:%d cp.due-living-assistance-filing overdue older-rule" % (f["file"], f["line"]))
    elif ".due-" in r:
        od = r.endswith("-overdue")
        assert od == (f["severity"] in ("error", "warning")), r
        print("%s:%d %s %s" % (f["file"], f["line"], r[:-8] if od else r, "overdue" if od else "other"))
'
}
due_keys() {
	"$py" -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    print("%s:%d %s %s" % (o["file"], o["line"], o["obligation"], "overdue" if o["status"] == "overdue" else "other"))
'
}

for d in 2021-03-31 2021-04-01 2023-02-28 2024-02-29 2024-03-01 2025-04-01 2025-06-30 2026-03-31 2026-04-01 2027-04-01; do
	"$val" -q --phase deadlines --param obligations=all --as-of "$d" --format jsonl "$@" > "$out/validate.$d.jsonl"
	"$due" -q --as-of "$d" --format jsonl "$@" > "$out/due.$d.jsonl"
	due_status=$?
	validate_keys < "$out/validate.$d.jsonl" > "$out/v.$d"
	due_keys < "$out/due.$d.jsonl" | sort > "$out/k.$d"
	grep -v ' older-rule$' "$out/v.$d" | sort > "$out/v1.$d"
	cmp -s "$out/v1.$d" "$out/k.$d"
	ok $? "as of $d: kaigo-validate's obligation findings are kaigo-due's records, overdue for overdue ($(grep -c ' overdue$' "$out/k.$d") overdue, $(wc -l < "$out/k.$d") in all)"
	[ -s "$out/k.$d" ]
	ok $? "as of $d: the corpus states obligations"
	sed -n 's/ older-rule$//p' "$out/v.$d" | sort > "$out/v2.$d"
	comm -23 "$out/v2.$d" "$out/k.$d" > "$out/missing.$d"
	grep ' cp.due-living-assistance-filing overdue$' "$out/k.$d" | comm -23 - "$out/v2.$d" > "$out/extra.$d"
	[ ! -s "$out/missing.$d" ] && [ ! -s "$out/extra.$d" ]
	ok $? "as of $d: cp.living-assistance-filing-overdue and kaigo-due name the same overdue filings ($(wc -l < "$out/v2.$d"))"
	expect=0
	grep -q ' overdue$' "$out/k.$d" && expect=1
	[ "$due_status" = "$expect" ]
	ok $? "as of $d: exit status $due_status (1 exactly when something is overdue)"
done

# the iCalendar output, read by an independent parser
"$due" -q --as-of 2025-06-30 --format ics --remind 14 -o "$out/a.ics" "$@"
"$due" -q --as-of 2025-06-30 --format ics --remind 14 -o "$out/b.ics" "$@"
"$due" -q --as-of 2025-07-01 --format ics --remind 14 -o "$out/c.ics" "$@"
"$due" -q --as-of 2025-06-30 --format jsonl "$@" > "$out/a.jsonl"
cmp -s "$out/a.ics" "$out/b.ics"
ok $? "the same run twice writes the same .ics byte for byte"
"$py" - "$out/a.ics" "$out/c.ics" "$out/a.jsonl" > "$out/ics.log" 2>&1 <<'PY'
import datetime, json, sys
import icalendar

def todos(path):
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    assert cal.name == 'VCALENDAR' and str(cal['VERSION']) == '2.0', 'not an iCalendar 2.0 object'
    # the round trip: serialized again by the parser and read back, nothing changes
    again = icalendar.Calendar.from_ical(cal.to_ical())
    assert [str(t['UID']) for t in again.walk('VTODO')] == [str(t['UID']) for t in cal.walk('VTODO')]
    return cal.walk('VTODO')

a, c = todos(sys.argv[1]), todos(sys.argv[2])
recs = [json.loads(l) for l in open(sys.argv[3])]
assert len(a) == len(recs) > 0, 'one VTODO per obligation: %d VTODOs, %d obligations' % (len(a), len(recs))
uid_of = {}
for t, r in zip(a, recs):
    due = t['DUE'].dt
    assert isinstance(due, datetime.date) and not isinstance(due, datetime.datetime), 'DUE is a date'
    assert due.isoformat() == r['due'], (t['UID'], due, r['due'])
    done = r['status'] == 'done'
    assert (str(t['STATUS']) == 'COMPLETED') == done, (t['UID'], t['STATUS'], r['status'])
    alarms = t.walk('VALARM')
    if done:
        assert not alarms, 'no alarm for a done obligation'
    else:
        assert len(alarms) == 1 and alarms[0]['TRIGGER'].dt == datetime.timedelta(days=-14), t['UID']
        assert alarms[0]['TRIGGER'].params.get('RELATED') == 'END', 'the alarm is relative to DUE'
    key = (r['obligation'], r['subject'])
    uid = str(t['UID'])
    assert uid_of.setdefault(key, uid) == uid, 'one UID per obligation and subject'
    assert r['obligation'] in uid and r['subject'] in str(t['DESCRIPTION'])
assert len(set(uid_of.values())) == len(uid_of), 'different obligations, different UIDs'
# tomorrow's file: the same obligations under the same UIDs
assert [str(t['UID']) for t in c] == [str(t['UID']) for t in a], 'UIDs change from one day to the next'
print('%d VTODOs, %d distinct UIDs' % (len(a), len(uid_of)))
PY
ics=$?
ok $ics "python3-icalendar reads the .ics: $(tail -n 1 "$out/ics.log")"
[ $ics = 0 ] || sed 's/^/#   /' "$out/ics.log"
# -j and --part: one 12 MiB collection cut at record boundaries, and several files,
# give the output of one run byte for byte (CSV and iCalendar)
gendata=${KAIGO_GENDATA:-$top/bench/kaigo-gendata}
if [ -x "$gendata" ]; then
	"$gendata" --kind careplan --size 12M --seed 3 > "$out/big.xml"
	for f in csv ics; do
		"$due" -q --as-of 2025-06-30 --format "$f" "$out/big.xml" > "$out/one.$f"
		"$due" -q -j 2 --as-of 2025-06-30 --format "$f" "$out/big.xml" > "$out/j2.$f"
		for k in 1 2 3; do "$due" -q --part "$k/3" --as-of 2025-06-30 --format "$f" "$out/big.xml"; done > "$out/parts.$f"
		[ "$(wc -l < "$out/one.$f")" -gt 100 ] && cmp -s "$out/one.$f" "$out/j2.$f" && cmp -s "$out/one.$f" "$out/parts.$f"
		ok $? "$f: -j 2 and --part 1/3 2/3 3/3 of one collection give the whole run's output ($(wc -l < "$out/one.$f") lines)"
	done
	rm -f "$out/big.xml"
fi
"$due" -q -j 3 --as-of 2025-06-30 --format jsonl "$@" > "$out/j3.jsonl"
cmp -s "$out/j3.jsonl" "$out/a.jsonl"
ok $? "-j 3 over $# files gives the output of one process"

echo "1..$n"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
