#!/bin/sh
# keep.sh - keep what a fuzzing campaign learnt: the smallest set of inputs
# that covers every edge reached so far, per harness, in fuzz/campaign/<h>/
# (committed).  fuzz/run.sh reads it as a corpus after fuzz/corpus/<h>/, so
# every later run, and the short runs of make check-fuzz in CI, start from
# the coverage of the longest campaign instead of the seeds alone.
#
#   sh fuzz/keep.sh             every harness with inputs in fuzz/out/
#   sh fuzz/keep.sh xml sch     only these
#
# libFuzzer -merge=1 with -use_counters=0: a set cover of the edges (not of
# hit counts, which would keep ten times as many files) over fuzz/out/<h>,
# fuzz/corpus/<h> and the old fuzz/campaign/<h>.  Run from the top directory
# after fuzz/run.sh (which builds the harnesses).
set -eu
[ $# -gt 0 ] || set -- csv norm era codec xml sch layout convert privacy
export FUZZ_DATADIR=${FUZZ_DATADIR:-schemas}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-keep.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
for h; do
	[ -x "fuzz/build/fuzz_$h" ] || { echo "keep.sh: no fuzz/build/fuzz_$h (run fuzz/run.sh first)" >&2; exit 1; }
	new=$TMPDIR/$h
	mkdir -p "$new" "fuzz/out/$h" "fuzz/campaign/$h"
	"fuzz/build/fuzz_$h" -merge=1 -use_counters=0 -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		"$new" "fuzz/campaign/$h" "fuzz/out/$h" "fuzz/corpus/$h" > "$TMPDIR/$h.log" 2>&1 || {
		echo "keep.sh: the merge of $h failed; fuzz/campaign/$h is left as it was:" >&2
		tail -n 5 "$TMPDIR/$h.log" >&2
		exit 1
	}
	rm -rf "fuzz/campaign/$h"
	mv "$new" "fuzz/campaign/$h"
	printf '%-8s %5d files %8d bytes  %s\n' "$h" "$(ls "fuzz/campaign/$h" | wc -l)" \
		"$(cat "fuzz/campaign/$h"/* 2>/dev/null | wc -c)" \
		"$(grep -o '[0-9]* new coverage edges' "$TMPDIR/$h.log" | tail -n 1)"
done
