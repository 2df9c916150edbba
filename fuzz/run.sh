#!/bin/sh
# run.sh - build the libFuzzer harnesses and run each for FUZZ_SECONDS.
#
#   fuzz/run.sh                 all harnesses, FUZZ_JOBS (2) at a time
#   fuzz/run.sh csv norm        only these
#   FUZZ_SECONDS=180 fuzz/run.sh
#   FUZZ_STRICT=1 fuzz/run.sh   exit 1 when a regression input fails or a run
#                               finds anything (make check-fuzz, CI)
#   FUZZ_SUPPRESS_KNOWN=1 FUZZ_NORM_SKIP_CCC=1 fuzz/run.sh   look past the known findings
#
# Run from the top directory.  New inputs go to fuzz/out/<harness>/ (not
# committed); the committed seeds in fuzz/corpus/<harness>/ and the inputs
# kept from campaigns in fuzz/campaign/<harness>/ (fuzz/keep.sh) are read only.
# The xml, sch and layout harnesses get a dictionary made from the schemas
# (fuzz/dict.sh → fuzz/out/dict/).  Crashes land in
# fuzz/out/<harness>/artifacts/; minimize one with
#   fuzz/build/fuzz_<h> -minimize_crash=1 -runs=100000 -exact_artifact_path=OUT CRASH
# and keep it under fuzz/regressions/<harness>/.  Logs: fuzz/out/<harness>.log.
set -eu
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-2}
export FUZZ_DATADIR=${FUZZ_DATADIR:-schemas}
export FUZZ_SAMPLE=${FUZZ_SAMPLE:-samples/careplan/careplan-single.xml}
# leaks are checked at every input; libxml2/ICU keep process-wide caches
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
if [ "${FUZZ_SUPPRESS_KNOWN:-0}" = 1 ]; then
	export LSAN_OPTIONS="suppressions=$(pwd)/fuzz/known-leaks.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

make -f fuzz/Makefile.fuzz -j"$FUZZ_JOBS"
[ $# -gt 0 ] || set -- csv norm era codec xml sch schxp layout convert privacy pseudo unitdir pubdir xmldump xsdlean split

run_one() {
	h=$1
	mkdir -p "fuzz/out/$h/artifacts"
	# the regression inputs must still pass before new fuzzing starts
	if [ -d "fuzz/regressions/$h" ] && [ -n "$(ls "fuzz/regressions/$h")" ]; then
		"fuzz/build/fuzz_$h" -runs=0 "fuzz/regressions/$h" > "fuzz/out/$h.regress.log" 2>&1 || {
			echo "fuzz_$h: a regression input still fails (fuzz/out/$h.regress.log)"
			echo "$h" >> fuzz/out/failed
		}
	fi
	dict= campaign=
	[ ! -d "fuzz/campaign/$h" ] || campaign=fuzz/campaign/$h
	[ ! -s "fuzz/out/dict/$h.dict" ] || dict=-dict=fuzz/out/dict/$h.dict
	"fuzz/build/fuzz_$h" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 $dict \
		-artifact_prefix="fuzz/out/$h/artifacts/" \
		"fuzz/out/$h" "fuzz/corpus/$h" $campaign > "fuzz/out/$h.log" 2>&1 || true
	printf '%-6s %s\n' "$h" "$(grep -E '^(#[0-9]+.*(DONE|pulse|NEW|REDUCE)|stat::number_of_executed_units|stat::average_exec_per_sec)' "fuzz/out/$h.log" | tail -3 | tr '\n' ' ')"
	ls "fuzz/out/$h/artifacts" | sed "s|^|$h: finding: fuzz/out/$h/artifacts/|"
	[ -z "$(ls "fuzz/out/$h/artifacts")" ] || echo "$h" >> fuzz/out/failed
}

mkdir -p fuzz/out
rm -f fuzz/out/failed
# dictionaries of the structured inputs, from the schemas (fuzz/dict.sh)
sh fuzz/dict.sh fuzz/out/dict
# the harnesses' temporary files, in a directory of this run's own (another
# run's cleanup must not remove them from under it)
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-fuzz.XXXXXX")
export TMPDIR
# FUZZ_JOBS harnesses at a time
while [ $# -gt 0 ]; do
	pids=
	i=0
	while [ $i -lt "$FUZZ_JOBS" ] && [ $# -gt 0 ]; do
		run_one "$1" &
		pids="$pids $!"
		shift
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
done
# temporary files a harness killed by a finding left behind
rm -rf "$TMPDIR"
if [ -s fuzz/out/failed ]; then
	echo "fuzz: findings or failing regressions in: $(sort -u fuzz/out/failed | tr '\n' ' ')"
	[ "${FUZZ_STRICT:-0}" = 1 ] && exit 1
fi
exit 0
