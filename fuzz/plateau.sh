#!/bin/sh
# plateau.sh - how far each libFuzzer run got, from its log.
#
#   fuzz/plateau.sh fuzz/out/xml.log fuzz/out/sch.log ...
#
# One line per log: executions, seconds, edge coverage when the corpus was
# loaded (INITED) and at the end, and the execution at which coverage last
# grew, also as a share of the run.  A run whose coverage last grew early
# (say, in its first half) has reached a plateau for this corpus; one that
# still grew near its end has not.
set -eu
[ $# -gt 0 ] || { echo "usage: fuzz/plateau.sh LOG..." >&2; exit 2; }
printf '%-36s %12s %7s %6s %6s %12s %6s\n' log executions seconds cov0 cov last-growth at
for log; do
	[ -r "$log" ] || { echo "plateau.sh: cannot read $log" >&2; exit 1; }
	LC_ALL=C awk -v lf="$log" '
	/^#[0-9]+/ && / cov: / {
		n = substr($1, 2) + 0
		for (i = 2; i < NF; i++) if ($i == "cov:") c = $(i + 1) + 0
		if ($2 == "INITED") { c0 = c; inited = n }
		if (c > best) { if (best != "" && inited != "") last = n; best = c }
		if (n > total) total = n
	}
	/^stat::number_of_executed_units:/ { total = $2 + 0 }
	/^Done [0-9]+ runs in [0-9]+ second/ { secs = $5 }
	END {
		if (total == 0) { printf "%-36s no status lines\n", lf; exit }
		if (last == "") last = inited
		printf "%-36s %12d %7s %6s %6d %12d %5.0f%%\n", lf, total, secs == "" ? "-" : secs,
			c0 == "" ? "-" : c0, best, last, 100 * last / total
	}' "$log"
done
