#!/bin/sh
# bench/run.sh - time kaigo-normalize against the peer tools on generated data.
#
# Run from the project root after `make` (or through `make bench`). It installs
# missing peers when it can (root and apt-get), generates deterministic data into
# bench/out/ with bench/kaigo-gendata, prints the machine and tool versions, then
# times each comparison group in ONE hyperfine call (ours first, then the peers,
# same data, same warm page cache), takes the medians from hyperfine's JSON
# export, measures peak RSS with GNU time on one extra run, and prints a table
# that it also writes to bench/out/results.tsv. Every figure printed comes from
# this run. A missed target is reported, not an error: the exit status is 0 when
# everything ran, 1 when a timed command failed, 2 when the set-up is unusable.
#
# Environment:
#   BENCH_SIZE       size of the main inputs, bytes or N[K|M|G] (default 100M)
#   KAIGO_NORMALIZE  the tool under test (default tools/kaigo-normalize)
#   KAIGO_GENDATA    the data generator (default bench/kaigo-gendata)
#   KAIGO_CSV2XML, KAIGO_XML2CSV, KAIGO_GENCSV  the converters and the CSV generator
#   KAIGO_PUBLISH    the publishing tool (default tools/kaigo-publish)
#   KAIGO_DUE        the obligations calendar (default tools/kaigo-due)
#   KAIGO_PSEUDONYMIZE  the pseudonymizer (default tools/kaigo-pseudonymize)
#   BENCH_ONLY       comma-separated cases to run, e.g. "h" or "a,e" (default: all)
#
# POSIX sh; arithmetic on non-integers is done by awk (no python needed).

set -eu

SIZE=${BENCH_SIZE:-100M}
NORMALIZE=${KAIGO_NORMALIZE:-tools/kaigo-normalize}
VALIDATE=${KAIGO_VALIDATE:-tools/kaigo-validate}
# the 1 GiB memory check of kaigo-validate (BENCH_BIG=0 skips it)
BIG=${BENCH_BIG:-1}
GENDATA=${KAIGO_GENDATA:-bench/kaigo-gendata}
CSV2XML=${KAIGO_CSV2XML:-tools/kaigo-csv2xml}
XML2CSV=${KAIGO_XML2CSV:-tools/kaigo-xml2csv}
GENCSV=${KAIGO_GENCSV:-bench/kaigo-gencsv}
PUBLISH=${KAIGO_PUBLISH:-tools/kaigo-publish}
DUE=${KAIGO_DUE:-tools/kaigo-due}
PSEUDO=${KAIGO_PSEUDONYMIZE:-tools/kaigo-pseudonymize}
ONLY=${BENCH_ONLY:-all}
OUT=bench/out
RESULTS=$OUT/results.tsv

# Targets (see bench/README.md).
T_JP_NKF=3       # jp profile throughput >= 3x nkf -W -w -Z1 -m0
T_JP_UCONV=4     # jp profile throughput >= 4x uconv NFKC
T_RSS_MIB=16     # peak RSS <= 16 MiB at any input size
T_CP932=0.8      # CP932 decode throughput >= 0.8x iconv
T_START_MS=10    # start-up on a one-line input <= 10 ms
T_DATES=1000000  # date field throughput >= 1 M dates/s
T_XSD=1.0        # streaming XSD validation >= 1.0x xmllint --noout --stream --schema
T_XSD_RSS=32     # kaigo-validate peak RSS <= 32 MiB at 100 MiB and at 1 GiB
T_FILES=10       # 1000 one-record files in one run >= 10x faster than 1000 xmllint runs
T_RULES=1.5      # XSD + all bundled rules <= 1.5x the time of xmllint --stream --schema (XSD alone; issue 19)
T_RULES_J2=1.3   # the same with -j 2 <= 1.3x
T_RULES_RSS=64   # peak RSS <= 64 MiB
T_LINEAR=11      # 10x the data costs <= 11x the time
T_RULES_OWN=1.4  # XSD + all bundled rules <= 1.4x kaigo-validate's own XSD-only time (issue 19)
T_RULES_J2_TP=1.8 # -j 2 throughput with all rules >= 1.8x one process (issue 19)
T_RULES_ANON=64  # -j 2 with all rules: anonymous memory (RssAnon) summed over the processes <= 64 MiB (issue 19)
T_RULES_BIG=10.5 # all rules: 1 GiB takes <= 10.5x the time of BENCH_SIZE (issue 19; at 100M)
T_RULES_BIG_RSS=1.1 # ... with peak RSS at most 1.1x that of BENCH_SIZE ("unchanged")
T_RULES_START=10 # start-up with the bundled rules on one small document <= 10 ms (issue 19)
T_C2X=1.5        # kaigo-csv2xml throughput >= 1.5x iconv -f CP932 | mlr --icsv --ojson cat
T_C2X_RSS=32     # kaigo-csv2xml peak RSS <= 32 MiB
T_X2C=0.5        # kaigo-xml2csv throughput >= 0.5x xmllint --stream --noout
T_X2C_RSS=32     # kaigo-xml2csv peak RSS <= 32 MiB (constant memory both ways)
T_PUB=1.2        # kaigo-publish throughput, privacy checks included, >= 1.2x xsltproc, same stylesheet, same file (issue 13)
T_PUB_RSS=64     # kaigo-publish peak RSS <= 64 MiB
T_DUE=1.0        # kaigo-due at most the time of kaigo-validate --phase deadlines (ratio >= 1.0)
T_DUE_RSS=32     # kaigo-due peak RSS <= 32 MiB
T_PSEUDO=50      # kaigo-pseudonymize >= 50 MB/s (10^6 bytes) on one core, detector included (issue 18)
T_PSEUDO_RSS=32  # and peak RSS <= 32 MiB (reported whole and as anonymous memory)

die() { # die STATUS MESSAGE
	status=$1
	shift
	printf 'bench: %s\n' "$*" >&2
	exit "$status"
}

have() {
	command -v "$1" >/dev/null 2>&1
}

want() { # want CASE: is this case selected by BENCH_ONLY?
	case ",$ONLY," in
	*,all,* | *,"$1",*) return 0 ;;
	esac
	return 1
}

# Single-quote a word for the command strings given to hyperfine and eval.
q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Bytes from "123", "10K", "100M", "1G" (powers of 1024); empty when invalid.
to_bytes() {
	printf '%s\n' "$1" | awk '
		/^[0-9]+$/ { print $0; exit }
		/^[0-9]+[KkMmGg]$/ {
			u = toupper(substr($0, length($0), 1))
			n = substr($0, 1, length($0) - 1) + 0
			printf "%.0f\n", n * (u == "K" ? 1024 : u == "M" ? 1048576 : 1073741824)
		}'
}

mib() { # mib BYTES -> "12.3"
	awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'
}

rate() { # rate AMOUNT SECONDS -> AMOUNT/SECONDS, one decimal
	awk -v a="$1" -v s="$2" 'BEGIN { printf "%.1f", a / s }'
}

# ---------------------------------------------------------------- set-up checks

if [ ! -f bench/run.sh ] || [ ! -f Makefile ]; then
	die 2 "run me from the project root"
fi
case $NORMALIZE in
*/*) [ -x "$NORMALIZE" ] || die 2 "'$NORMALIZE' not found or not executable: run make first" ;;
*) have "$NORMALIZE" || die 2 "'$NORMALIZE' not found in PATH" ;;
esac
[ -x "$GENDATA" ] || die 2 "'$GENDATA' not found: run make bench/kaigo-gendata first"
BYTES=$(to_bytes "$SIZE")
if [ -z "$BYTES" ] || [ "$BYTES" -le 0 ]; then
	die 2 "BENCH_SIZE '$SIZE' is not a size (bytes, or N with K, M or G)"
fi

# Peers: command, then the Debian package that provides it.
PEERS="nkf=nkf uconv=icu-devtools hyperfine=hyperfine /usr/bin/time=time xmllint=libxml2-utils iconv=libc-bin mlr=miller xsltproc=xsltproc"
missing_pkgs() {
	for p in $PEERS; do
		have "${p%%=*}" || printf '%s ' "${p#*=}"
	done
}
pkgs=$(missing_pkgs)
pkgs=${pkgs% }
if [ -n "$pkgs" ] && [ "$(id -u)" = 0 ] && have apt-get; then
	printf 'bench: installing %s\n' "$pkgs"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086 # one word per package
	apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
			apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1; } ||
		printf 'bench: apt-get install failed\n' >&2
fi
for p in $PEERS; do
	have "${p%%=*}" || printf 'bench: %s is missing (package %s): comparisons that need it are skipped\n' \
		"${p%%=*}" "${p#*=}" >&2
done
have hyperfine || die 2 "hyperfine is required for any timing"
HAVE_NKF=0 HAVE_UCONV=0 HAVE_ICONV=0 HAVE_TIME=0
have nkf && HAVE_NKF=1
have uconv && HAVE_UCONV=1
have iconv && HAVE_ICONV=1
have /usr/bin/time && HAVE_TIME=1
HAVE_XMLLINT=0
have xmllint && HAVE_XMLLINT=1
HAVE_MLR=0
have mlr && HAVE_MLR=1
HAVE_XSLTPROC=0
have xsltproc && HAVE_XSLTPROC=1

# hyperfine without a shell for the start-up case, when this hyperfine can.
if hyperfine -N --runs 2 'sh -c :' >/dev/null 2>&1; then
	NOSHELL=-N
elif hyperfine --shell=none --runs 2 'sh -c :' >/dev/null 2>&1; then
	NOSHELL=--shell=none
else
	NOSHELL= # hyperfine then subtracts its measured shell start-up
fi

# ---------------------------------------------------------------- data

mkdir -p "$OUT"
TEXT=$OUT/text.txt
SMALL=$OUT/text.small.txt
CP932=$OUT/text.cp932.txt
ONE=$OUT/one.txt
DATES=$OUT/dates.txt
SMALL_BYTES=$((BYTES / 10))

printf 'generating data in %s (BENCH_SIZE=%s) ...\n' "$OUT" "$SIZE"
if want a || want b || want c || want d; then
"$GENDATA" --size "$BYTES" >"$TEXT"
"$GENDATA" --size "$SMALL_BYTES" >"$SMALL"
"$GENDATA" --lines 1 >"$ONE"
"$GENDATA" --kind dates --size "$SMALL_BYTES" >"$DATES"
if [ "$HAVE_ICONV" = 1 ]; then
	"$GENDATA" --cp932-safe --size "$BYTES" >"$OUT/text.cp932-safe.txt"
	iconv -f UTF-8 -t CP932 "$OUT/text.cp932-safe.txt" >"$CP932"
	rm -f "$OUT/text.cp932-safe.txt"
fi
fi

size_of() { wc -c <"$1" | tr -d ' '; }
lines_of() { wc -l <"$1" | tr -d ' '; }
for f in "$TEXT" "$SMALL" "$CP932" "$ONE" "$DATES"; do
	[ -f "$f" ] || continue
	printf '  %-26s %8s MiB %10s lines\n' "$f" "$(mib "$(size_of "$f")")" "$(lines_of "$f")"
done

# ---------------------------------------------------------------- machine

first_line() { "$@" 2>&1 | head -n 1; }
echo
echo "machine"
printf '  cpus     %s\n' "$(nproc)"
printf '  cpu      %s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
printf '  memory   %s\n' "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
printf '  kernel   %s\n' "$(uname -sr)"
printf '  debian   %s\n' "$(cat /etc/debian_version 2>/dev/null || echo 'not Debian')"
echo "versions"
printf '  ours     %s\n' "$(first_line "$NORMALIZE" --version)"
[ "$HAVE_NKF" = 1 ] && printf '  nkf      %s\n' "$(first_line nkf --version)"
[ "$HAVE_UCONV" = 1 ] && printf '  uconv    %s\n' "$(first_line uconv --version)"
[ "$HAVE_ICONV" = 1 ] && printf '  iconv    %s\n' "$(first_line iconv --version)"
printf '  timer    %s\n' "$(first_line hyperfine --version)"

# ---------------------------------------------------------------- measuring

# group NAME HYPERFINE-OPTIONS CMD... : time all CMDs in one hyperfine call; the
# medians (seconds) go to $OUT/NAME.medians, one line per CMD, in order.
group() {
	g_name=$1 g_opts=$2
	shift 2
	printf '\n%s: %s command(s), hyperfine %s\n' "$g_name" "$#" "$g_opts"
	# shellcheck disable=SC2086 # options are separate words
	if ! hyperfine $g_opts --export-json "$OUT/$g_name.json" "$@" >"$OUT/$g_name.log" 2>&1; then
		cat "$OUT/$g_name.log" >&2
		die 1 "$g_name: a command failed (log: $OUT/$g_name.log)"
	fi
	awk '/"median":/ { v = $2; sub(/,$/, "", v); print v }' "$OUT/$g_name.json" >"$OUT/$g_name.medians"
	[ "$(lines_of "$OUT/$g_name.medians")" = "$#" ] ||
		die 1 "$g_name: cannot read $# medians from $OUT/$g_name.json"
}

median() { # median GROUP INDEX
	sed -n "${2}p" "$OUT/$1.medians"
}

# Peak RSS in MiB of one run of a command string; "-" without GNU time.
rss() {
	if [ "$HAVE_TIME" = 0 ]; then
		echo -
		return
	fi
	eval "/usr/bin/time -f %M -o \"\$OUT/rss.tmp\" $1" >/dev/null ||
		die 1 "command failed: $1"
	awk 'END { printf "%.2f", $1 / 1024 }' "$OUT/rss.tmp"
}

# Peak anonymous memory (RssAnon, the resident memory that is not a file
# mapping: the input mapped read-only does not count) of a command and all
# its descendants, summed, in MiB: /proc/PID/status sampled every 20 ms.
anon_peak() { # anon_peak CMD
	eval "$1" >/dev/null 2>&1 &
	a_pid=$!
	a_peak=0
	while kill -0 "$a_pid" 2>/dev/null; do
		a_now=$(ps -e -o pid= -o ppid= 2>/dev/null | awk -v root="$a_pid" '
			{ parent[$1] = $2 }
			END { for (p in parent) { q = p; while (q != "" && q != root && q != 1 && q != 0) q = parent[q]
				if (q == root) print p } }' |
			while read -r p; do
				sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$p/status" 2>/dev/null
			done | awk '{ s += $1 } END { print s + 0 }')
		[ "$a_now" -gt "$a_peak" ] && a_peak=$a_now
		sleep 0.02
	done
	wait "$a_pid" || true
	awk -v k="$a_peak" 'BEGIN { printf "%.2f", k / 1024 }'
}

# Median over PAIRS runs of (time of A / time of B), A and B run back to back:
# a ratio that slow changes of the machine's load (other users' builds) do not
# skew the way two groups of runs taken one after the other can.  GNU time's
# elapsed seconds; "-" without GNU time.
paired() { # paired PAIRS CMD-A CMD-B -> ratio
	if [ "$HAVE_TIME" = 0 ]; then
		echo -
		return
	fi
	p_i=0
	: >"$OUT/paired.tmp"
	while [ "$p_i" -lt "$1" ]; do
		# A B, then B A: a machine that speeds up or slows down during
		# the pairs favours neither side
		if [ $((p_i % 2)) = 0 ]; then
			eval "/usr/bin/time -f %e -o \"\$OUT/pa.tmp\" $2" >/dev/null 2>&1 || true
			eval "/usr/bin/time -f %e -o \"\$OUT/pb.tmp\" $3" >/dev/null 2>&1 || true
		else
			eval "/usr/bin/time -f %e -o \"\$OUT/pb.tmp\" $3" >/dev/null 2>&1 || true
			eval "/usr/bin/time -f %e -o \"\$OUT/pa.tmp\" $2" >/dev/null 2>&1 || true
		fi
		awk -v a="$(tail -n 1 "$OUT/pa.tmp")" -v b="$(tail -n 1 "$OUT/pb.tmp")" \
			'BEGIN { printf "%.4f\n", a / b }' >>"$OUT/paired.tmp"
		p_i=$((p_i + 1))
	done
	sort -n "$OUT/paired.tmp" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
	rm -f "$OUT/paired.tmp" "$OUT/pa.tmp" "$OUT/pb.tmp"
}

# Our tool keeps one output line per input line; a wrong count means the figures
# below would time something else than normalisation.
check_lines() { # check_lines CMD INPUT
	eval "$1" >"$OUT/check.tmp" || die 1 "command failed: $1"
	c_in=$(lines_of "$2") c_out=$(lines_of "$OUT/check.tmp")
	rm -f "$OUT/check.tmp"
	[ "$c_in" = "$c_out" ] ||
		printf 'bench: warning: %s gave %s lines for %s input lines\n' "$1" "$c_out" "$c_in" >&2
}

detail() { # detail SECONDS RATE UNIT RSS CMD
	printf '  %9.4f s %12s %-7s RSS %6s MiB  %s\n' "$1" "$2" "$3" "$4" "$5"
}

# One row of the results: case unit ours peer peer_value ratio target result
# ours_rss peer_rss. Missing figures are "-", never invented.
printf 'case\tunit\tours\tpeer\tpeer_value\tratio\ttarget\tresult\tours_rss_MiB\tpeer_rss_MiB\n' >"$RESULTS"
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"
}

ge() { # ge VALUE TARGET -> PASS/FAIL
	awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 >= t + 0) ? "PASS" : "FAIL" }'
}
le() { # le VALUE TARGET -> PASS/FAIL ("-" stays "-")
	if [ "$1" = - ]; then echo -; else awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 <= t + 0) ? "PASS" : "FAIL" }'; fi
}
ratio() { # ratio PEER_SECONDS OUR_SECONDS -> how many times faster we are
	awk -v p="$1" -v o="$2" 'BEGIN { printf "%.2f", p / o }'
}

N=$(q "$NORMALIZE")
NFKC="-x '::NFKC;'"
HF_OPTS="--warmup 1 --runs 5"

if want a; then
# ---- a) jp profile: UTF-8 in, UTF-8 out
TB=$(size_of "$TEXT")
a_ours="$N $(q "$TEXT")"
a_nkf="nkf -W -w -Z1 -m0 $(q "$TEXT")"
a_uconv="uconv -f utf-8 -t utf-8 $NFKC $(q "$TEXT")"
check_lines "$a_ours" "$TEXT"
set -- "$a_ours"
[ "$HAVE_NKF" = 1 ] && set -- "$@" "$a_nkf"
[ "$HAVE_UCONV" = 1 ] && set -- "$@" "$a_uconv"
group a-jp "$HF_OPTS" "$@"
a_ours_s=$(median a-jp 1)
a_ours_rss=$(rss "$a_ours")
a_ours_rate=$(rate "$(mib "$TB")" "$a_ours_s")
detail "$a_ours_s" "$a_ours_rate" MiB/s "$a_ours_rss" "$a_ours"
i=1
a_peer() { # a_peer NAME AVAILABLE CMD TARGET
	if [ "$2" = 1 ]; then
		i=$((i + 1))
		p_s=$(median a-jp $i)
		p_rss=$(rss "$3")
		p_rate=$(rate "$(mib "$TB")" "$p_s")
		detail "$p_s" "$p_rate" MiB/s "$p_rss" "$3"
		r=$(ratio "$p_s" "$a_ours_s")
		row "a.jp-vs-$1" MiB/s "$a_ours_rate" "$1" "$p_rate" "$r" ">=${4}x" "$(ge "$r" "$4")" \
			"$a_ours_rss" "$p_rss"
	else
		row "a.jp-vs-$1" MiB/s "$a_ours_rate" "$1" - - ">=${4}x" SKIP "$a_ours_rss" -
	fi
}
a_peer nkf "$HAVE_NKF" "$a_nkf" "$T_JP_NKF"
a_peer uconv "$HAVE_UCONV" "$a_uconv" "$T_JP_UCONV"
# Peak RSS must not grow with the input: the same command on a 10x smaller file.
a_small_rss=$(rss "$N $(q "$SMALL")")
printf '  RSS %s MiB on %s (%s MiB), %s MiB on %s (%s MiB)\n' "$a_small_rss" "$SMALL" \
	"$(mib "$(size_of "$SMALL")")" "$a_ours_rss" "$TEXT" "$(mib "$TB")"
row a.rss-small MiB "$a_small_rss" - - - "<=${T_RSS_MIB}MiB" "$(le "$a_small_rss" $T_RSS_MIB)" "$a_small_rss" -
growth=-
[ "$HAVE_TIME" = 1 ] && growth=$(awk -v f="$a_ours_rss" -v s="$a_small_rss" 'BEGIN { printf "%.2f", f / s }')
row a.rss-full MiB "$a_ours_rss" small "$a_small_rss" "$growth" "<=${T_RSS_MIB}MiB" "$(le "$a_ours_rss" $T_RSS_MIB)" "$a_ours_rss" -

fi # a

if want b; then
# ---- b) CP932 decode: encoding conversion only
if [ "$HAVE_ICONV" = 1 ]; then
	CB=$(size_of "$CP932")
	b_ours="$N --from cp932 --profile none $(q "$CP932")"
	b_iconv="iconv -f CP932 -t UTF-8 $(q "$CP932")"
	b_uconv="uconv -f cp932 -t utf-8 $(q "$CP932")"
	check_lines "$b_ours" "$CP932"
	set -- "$b_ours" "$b_iconv"
	[ "$HAVE_UCONV" = 1 ] && set -- "$@" "$b_uconv"
	group b-cp932 "$HF_OPTS" "$@"
	b_ours_s=$(median b-cp932 1)
	b_ours_rss=$(rss "$b_ours")
	b_ours_rate=$(rate "$(mib "$CB")" "$b_ours_s")
	detail "$b_ours_s" "$b_ours_rate" MiB/s "$b_ours_rss" "$b_ours"
	p_s=$(median b-cp932 2)
	p_rss=$(rss "$b_iconv")
	detail "$p_s" "$(rate "$(mib "$CB")" "$p_s")" MiB/s "$p_rss" "$b_iconv"
	r=$(ratio "$p_s" "$b_ours_s")
	row b.cp932-vs-iconv MiB/s "$b_ours_rate" iconv "$(rate "$(mib "$CB")" "$p_s")" "$r" \
		">=${T_CP932}x" "$(ge "$r" $T_CP932)" "$b_ours_rss" "$p_rss"
	if [ "$HAVE_UCONV" = 1 ]; then
		p_s=$(median b-cp932 3)
		p_rss=$(rss "$b_uconv")
		detail "$p_s" "$(rate "$(mib "$CB")" "$p_s")" MiB/s "$p_rss" "$b_uconv"
		row b.cp932-vs-uconv MiB/s "$b_ours_rate" uconv "$(rate "$(mib "$CB")" "$p_s")" \
			"$(ratio "$p_s" "$b_ours_s")" - info "$b_ours_rss" "$p_rss"
	fi
	row b.cp932-rss MiB "$b_ours_rss" - - - "<=${T_RSS_MIB}MiB" "$(le "$b_ours_rss" $T_RSS_MIB)" "$b_ours_rss" -
else
	row b.cp932-vs-iconv MiB/s - iconv - - ">=${T_CP932}x" SKIP - -
fi

fi # b

if want c; then
# ---- c) start-up: a one-line input, no shell in between when possible
c_ours="$N $(q "$ONE")"
set -- "$c_ours"
[ "$HAVE_NKF" = 1 ] && set -- "$@" "nkf -W -w -Z1 -m0 $(q "$ONE")"
[ "$HAVE_UCONV" = 1 ] && set -- "$@" "uconv -f utf-8 -t utf-8 $NFKC $(q "$ONE")"
group c-startup "--warmup 5 --runs 50${NOSHELL:+ $NOSHELL}" "$@"
ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
c_ours_s=$(median c-startup 1)
c_ours_ms=$(ms "$c_ours_s")
c_ours_rss=$(rss "$c_ours")
c_res=$(le "$c_ours_ms" $T_START_MS)
detail "$c_ours_s" "$c_ours_ms" ms "$c_ours_rss" "$c_ours"
i=1
for cmd in "$@"; do
	[ "$cmd" = "$c_ours" ] && continue
	i=$((i + 1))
	p_s=$(median c-startup $i)
	p_rss=$(rss "$cmd")
	detail "$p_s" "$(ms "$p_s")" ms "$p_rss" "$cmd"
	peer=${cmd%% *}
	# The target is on our own time: judged once, on the first row.
	if [ "$i" = 2 ]; then c_t="<=${T_START_MS}ms" c_r=$c_res; else c_t=- c_r=info; fi
	row "c.startup-vs-$peer" ms "$c_ours_ms" "$peer" "$(ms "$p_s")" "$(ratio "$p_s" "$c_ours_s")" \
		"$c_t" "$c_r" "$c_ours_rss" "$p_rss"
done
if [ "$#" = 1 ]; then
	row c.startup ms "$c_ours_ms" - - - "<=${T_START_MS}ms" "$c_res" "$c_ours_rss" -
fi

fi # c

if want d; then
# ---- d) dates: one 和暦 or Western date per line to ISO 8601
d_ours="$N --field=date $(q "$DATES")"
check_lines "$d_ours" "$DATES"
group d-dates "$HF_OPTS" "$d_ours"
d_s=$(median d-dates 1)
d_n=$(lines_of "$DATES")
d_rate=$(awk -v n="$d_n" -v s="$d_s" 'BEGIN { printf "%.0f", n / s }')
d_rss=$(rss "$d_ours")
detail "$d_s" "$d_rate" dates/s "$d_rss" "$d_ours"
row d.dates dates/s "$d_rate" - - - ">=${T_DATES}/s" "$(ge "$d_rate" $T_DATES)" "$d_rss" -

fi # d

if want e; then
# ---- e) kaigo-validate: streaming XSD validation of a CarePlans collection
V=$(q "$VALIDATE")
XSD=schemas/careplan.xsd
CP=$OUT/careplans.xml
"$GENDATA" --kind careplan --size "$BYTES" >"$CP"
PB=$(size_of "$CP")
printf '  %-26s %8s MiB %10s records\n' "$CP" "$(mib "$PB")" "$(grep -c '^<CarePlan ' "$CP")"
e_ours="$V -q --rules none $(q "$CP")"
e_xmllint="xmllint --noout --stream --schema $XSD $(q "$CP")"
if [ "$HAVE_XMLLINT" = 1 ]; then
	group e-xsd "$HF_OPTS" "$e_ours" "$e_xmllint"
	e_s=$(median e-xsd 1)
	e_rss=$(rss "$e_ours")
	e_rate=$(rate "$(mib "$PB")" "$e_s")
	detail "$e_s" "$e_rate" MiB/s "$e_rss" "$e_ours"
	p_s=$(median e-xsd 2)
	p_rss=$(rss "$e_xmllint")
	detail "$p_s" "$(rate "$(mib "$PB")" "$p_s")" MiB/s "$p_rss" "$e_xmllint"
	r=$(ratio "$p_s" "$e_s")
	row e.xsd-vs-xmllint MiB/s "$e_rate" xmllint "$(rate "$(mib "$PB")" "$p_s")" "$r" \
		">=${T_XSD}x" "$(ge "$r" $T_XSD)" "$e_rss" "$p_rss"
else
	e_rss=$(rss "$e_ours")
	row e.xsd-vs-xmllint MiB/s - xmllint - - ">=${T_XSD}x" SKIP "$e_rss" -
fi
row e.xsd-rss MiB "$e_rss" - - - "<=${T_XSD_RSS}MiB" "$(le "$e_rss" $T_XSD_RSS)" "$e_rss" -
if [ "$BIG" = 1 ]; then
	BIGF=$OUT/careplans.1g.xml
	"$GENDATA" --kind careplan --size 1G >"$BIGF"
	e_big="$V -q --rules none $(q "$BIGF")"
	e_big_rss=$(rss "$e_big")
	printf '  RSS %s MiB on %s (%s MiB)\n' "$e_big_rss" "$BIGF" "$(mib "$(size_of "$BIGF")")"
	row e.xsd-rss-1GiB MiB "$e_big_rss" - - - "<=${T_XSD_RSS}MiB" "$(le "$e_big_rss" $T_XSD_RSS)" "$e_big_rss" -
	rm -f "$BIGF"
fi

fi # e

if want g; then
# ---- g) business rules: XSD + every bundled rule, ~10 % invalid records
V=$(q "$VALIDATE")
XSD=schemas/careplan.xsd
RP=$OUT/careplans.rules.xml
RP10=$OUT/careplans.rules.10.xml
RP1=$OUT/careplan.one.xml
"$GENDATA" --kind careplan --size "$BYTES" --invalid-rate 10 >"$RP"
"$GENDATA" --kind careplan --size "$((BYTES / 10))" --invalid-rate 10 >"$RP10"
# one small document: the first record of a collection, as a CarePlan of its own
"$GENDATA" --kind careplan --size 64K --seed 7 | awk '
	/^<CarePlan / && !n { n = 1; on = 1; print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		sub(/^<CarePlan /, "<CarePlan xmlns=\"urn:kaigo:careplan:1\" ") }
	on { print }
	/^<\/CarePlan>/ && on { exit }' >"$RP1"
RB=$(size_of "$RP")
g_ours="$V -q -o /dev/null --as-of 2025-06-30 $(q "$RP")"
g_j2="$V -q -j 2 -o /dev/null --as-of 2025-06-30 $(q "$RP")"
g_small="$V -q -o /dev/null --as-of 2025-06-30 $(q "$RP10")"
g_xsd="$V -q --rules none -o /dev/null $(q "$RP")"
g_xmllint="xmllint --noout --stream --schema $XSD $(q "$RP")"
g_one="$V -q -o /dev/null --as-of 2025-06-30 $(q "$RP1")"
g_findings=$("$VALIDATE" -q --as-of 2025-06-30 "$RP" 2>/dev/null | wc -l | tr -d ' ')
printf '  %s findings on %s (%s MiB)\n' "$g_findings" "$RP" "$(mib "$RB")"
if [ "$HAVE_XMLLINT" = 1 ]; then
	group g-rules "$HF_OPTS -i" "$g_xmllint" "$g_ours" "$g_j2" "$g_small" "$g_xsd"
	p_s=$(median g-rules 1)
	g_s=$(median g-rules 2)
	g_j2_s=$(median g-rules 3)
	g_small_s=$(median g-rules 4)
	g_xsd_s=$(median g-rules 5)
	g_rss=$(rss "$g_ours || true")
	g_anon=$(anon_peak "$g_j2")
	detail "$p_s" "$(rate "$(mib "$RB")" "$p_s")" MiB/s - "$g_xmllint"
	detail "$g_s" "$(rate "$(mib "$RB")" "$g_s")" MiB/s "$g_rss" "$g_ours"
	detail "$g_j2_s" "$(rate "$(mib "$RB")" "$g_j2_s")" MiB/s - "$g_j2"
	printf '  %9s   anonymous memory %s MiB (RssAnon, summed over the processes, peak of 20 ms samples)\n' '' "$g_anon"
	detail "$g_small_s" "$(rate "$(mib "$(size_of "$RP10")")" "$g_small_s")" MiB/s - "$g_small"
	detail "$g_xsd_s" "$(rate "$(mib "$RB")" "$g_xsd_s")" MiB/s - "$g_xsd"
	r=$(awk -v o="$g_s" -v p="$p_s" 'BEGIN { printf "%.2f", o / p }')
	row g.rules-time-vs-xsd x "$r" xmllint-xsd "$(awk -v x="$p_s" 'BEGIN { printf "%.3f", x }')" "$r" "<=${T_RULES}x" "$(le "$r" $T_RULES)" "$g_rss" -
	r=$(awk -v o="$g_j2_s" -v p="$p_s" 'BEGIN { printf "%.2f", o / p }')
	row g.rules-j2-time-vs-xsd x "$r" xmllint-xsd "$(awk -v x="$p_s" 'BEGIN { printf "%.3f", x }')" "$r" "<=${T_RULES_J2}x" "$(le "$r" $T_RULES_J2)" - -
	r=$(awk -v o="$g_s" -v x="$g_xsd_s" 'BEGIN { printf "%.2f", o / x }')
	row g.rules-time-vs-own-xsd x "$r" kaigo-xsd "$(awk -v x="$g_xsd_s" 'BEGIN { printf "%.3f", x }')" "$r" "<=${T_RULES_OWN}x" "$(le "$r" $T_RULES_OWN)" - -
	r=$(paired 9 "$g_ours" "$g_xsd")
	row g.rules-time-vs-own-xsd-paired x "$r" kaigo-xsd - "$r" "<=${T_RULES_OWN}x" "$(le "$r" $T_RULES_OWN)" - -
	r=$(awk -v o="$g_s" -v j="$g_j2_s" 'BEGIN { printf "%.2f", o / j }')
	row g.rules-j2-throughput x "$r" one-process "$(awk -v x="$g_s" 'BEGIN { printf "%.3f", x }')" "$r" ">=${T_RULES_J2_TP}x" "$(ge "$r" $T_RULES_J2_TP)" - -
	r=$(paired 9 "$g_ours" "$g_j2")
	row g.rules-j2-throughput-paired x "$r" one-process - "$r" ">=${T_RULES_J2_TP}x" "$(ge "$r" $T_RULES_J2_TP)" - -
	row g.rules-j2-anon MiB "$g_anon" - - - "<=${T_RULES_ANON}MiB" "$(le "$g_anon" $T_RULES_ANON)" - -
	row g.rules-rss MiB "$g_rss" - - - "<=${T_RULES_RSS}MiB" "$(le "$g_rss" $T_RULES_RSS)" "$g_rss" -
	r=$(awk -v b="$g_s" -v s="$g_small_s" 'BEGIN { printf "%.2f", b / s }')
	row g.rules-linear x "$r" 10x-smaller "$(awk -v x="$g_small_s" 'BEGIN { printf "%.3f", x }')" "$r" "<=${T_LINEAR}x" "$(le "$r" $T_LINEAR)" - -
else
	row g.rules-time-vs-xsd x - xmllint-xsd - - "<=${T_RULES}x" SKIP - -
	group g-rules "$HF_OPTS -i" "$g_ours"
	g_s=$(median g-rules 1)
	g_rss=$(rss "$g_ours || true")
fi
# start-up: one small document, all bundled rules
group g-startup "--warmup 5 --runs 50 -i${NOSHELL:+ $NOSHELL}" "$g_one"
g_one_ms=$(awk -v s="$(median g-startup 1)" 'BEGIN { printf "%.2f", s * 1000 }')
detail "$(median g-startup 1)" - - - "$g_one"
row g.rules-startup ms "$g_one_ms" - - - "<=${T_RULES_START}ms" "$(le "$g_one_ms" $T_RULES_START)" - -
if [ "$BIG" = 1 ]; then
	# linear at 1 GiB: one timed run (GNU time gives seconds and peak RSS together)
	BIGR=$OUT/careplans.rules.1g.xml
	"$GENDATA" --kind careplan --size 1G --invalid-rate 10 >"$BIGR"
	# the file just written is still being flushed to disk: not during the timing
	sync
	if [ "$HAVE_TIME" = 1 ]; then
		/usr/bin/time -f '%e %M' -o "$OUT/big.tmp" "$VALIDATE" -q -o /dev/null --as-of 2025-06-30 "$BIGR" || true
		g_big_s=$(awk 'END { print $1 }' "$OUT/big.tmp")
		g_big_rss=$(awk 'END { printf "%.2f", $2 / 1024 }' "$OUT/big.tmp")
		detail "$g_big_s" "$(rate "$(mib "$(size_of "$BIGR")")" "$g_big_s")" MiB/s "$g_big_rss" \
			"$V -q -o /dev/null --as-of 2025-06-30 $(q "$BIGR")"
		r=$(awk -v b="$g_big_s" -v s="$g_s" 'BEGIN { printf "%.2f", b / s }')
		row g.rules-linear-1GiB x "$r" BENCH_SIZE "$(awk -v x="$g_s" 'BEGIN { printf "%.3f", x }')" "$r" \
			"<=${T_RULES_BIG}x" "$(le "$r" $T_RULES_BIG)" "$g_big_rss" "$g_rss"
		# one run each way is at the mercy of the machine's swings (10 % within
		# a minute here): 1 GiB and 100 MiB one after the other, 3 times, the
		# median of the 3 ratios
		r=$(paired 3 "$V -q -o /dev/null --as-of 2025-06-30 $(q "$BIGR")" "$g_ours")
		row g.rules-linear-1GiB-paired x "$r" BENCH_SIZE - "$r" "<=${T_RULES_BIG}x" "$(le "$r" $T_RULES_BIG)" - -
		r=$(awk -v b="$g_big_rss" -v s="$g_rss" 'BEGIN { printf "%.2f", b / s }')
		row g.rules-rss-1GiB MiB "$g_big_rss" BENCH_SIZE "$g_rss" "$r" "<=${T_RULES_RSS}MiB,<=${T_RULES_BIG_RSS}x" \
			"$(awk -v m="$g_big_rss" -v r="$r" -v tm="$T_RULES_RSS" -v tr="$T_RULES_BIG_RSS" \
				'BEGIN { print (m + 0 <= tm + 0 && r + 0 <= tr + 0) ? "PASS" : "FAIL" }')" "$g_big_rss" "$g_rss"
	else
		row g.rules-linear-1GiB x - BENCH_SIZE - - "<=${T_RULES_BIG}x" SKIP - -
	fi
	rm -f "$BIGR" "$OUT/big.tmp"
fi

fi # g

if want f; then
# ---- f) 1000 one-record files: one kaigo-validate run vs 1000 xmllint runs
FDIR=$OUT/onefiles
rm -rf "$FDIR"
mkdir -p "$FDIR"
"$GENDATA" --kind careplan --size 16M --seed 11 | awk -v dir="$FDIR" '
	/^<CarePlan / && n < 1000 { n++; f = sprintf("%s/plan%04d.xml", dir, n)
		sub(/^<CarePlan /, "<CarePlan xmlns=\"urn:kaigo:careplan:1\" ")
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > f; on = 1 }
	on { print > f }
	/^<\/CarePlan>/ && on { close(f); on = 0 }'
f_n=$(find "$FDIR" -name '*.xml' | wc -l | tr -d ' ')
f_ours="$V -q --rules none $(q "$FDIR")/*.xml"
f_xmllint="for f in $(q "$FDIR")/*.xml; do xmllint --noout --schema $XSD \"\$f\" 2>/dev/null; done"
if [ "$HAVE_XMLLINT" = 1 ]; then
	group f-files "--warmup 1 --runs 3" "$f_ours" "$f_xmllint"
	f_s=$(median f-files 1)
	p_s=$(median f-files 2)
	detail "$f_s" "$f_n" files "-" "kaigo-validate over $f_n files"
	detail "$p_s" "$f_n" files "-" "$f_n xmllint runs"
	r=$(ratio "$p_s" "$f_s")
	row f.1000-files s "$(awk -v x="$f_s" 'BEGIN { printf "%.3f", x }')" xmllint-x1000 \
		"$(awk -v x="$p_s" 'BEGIN { printf "%.3f", x }')" "$r" ">=${T_FILES}x" "$(ge "$r" $T_FILES)" - -
else
	row f.1000-files s - xmllint-x1000 - - ">=${T_FILES}x" SKIP - -
fi

fi # f

# ---- h) converters: standard CP932 CSV to XML and back
if want h; then
	for t in "$CSV2XML" "$XML2CSV" "$GENCSV"; do
		[ -x "$t" ] || die 2 "'$t' not found: run make and make bench/kaigo-gencsv first"
	done
	HCSV=$OUT/upplan.cp932.csv
	HXML=$OUT/upplan.xml
	# UPPLAN (第6表 service plan, CP932, CRLF): records scaled from a sample to BENCH_SIZE
	"$GENCSV" --layout UPPLAN --records 1000 --seed 5 >"$OUT/h.sample.csv"
	h_n=$(awk -v b="$BYTES" -v s="$(size_of "$OUT/h.sample.csv")" 'BEGIN { printf "%d", b / s * 1020 + 1 }')
	"$GENCSV" --layout UPPLAN --records "$h_n" --seed 5 >"$HCSV"
	rm -f "$OUT/h.sample.csv"
	HB=$(size_of "$HCSV")
	"$CSV2XML" -q -l UPPLAN -o "$HXML" "$HCSV" || die 1 "kaigo-csv2xml failed on $HCSV"
	XB=$(size_of "$HXML")
	printf '  %-26s %8s MiB %10s lines, %s records\n' "$HCSV" "$(mib "$HB")" "$(lines_of "$HCSV")" "$h_n"
	printf '  %-26s %8s MiB\n' "$HXML" "$(mib "$XB")"
	# the figures below are only worth something if the round trip is exact
	"$XML2CSV" -q -l UPPLAN -o "$OUT/h.back.csv" "$HXML" || die 1 "kaigo-xml2csv failed on $HXML"
	cmp -s "$HCSV" "$OUT/h.back.csv" || die 1 "round trip of $HCSV is not byte-identical"
	rm -f "$OUT/h.back.csv"
	C2=$(q "$CSV2XML") X2=$(q "$XML2CSV")
	h_ours="$C2 -q -l UPPLAN -o /dev/null $(q "$HCSV")"
	# the standard files have no header row and records of different widths
	h_peer="sh -c 'iconv -f CP932 -t UTF-8 \"\$1\" | mlr --icsv --implicit-csv-header --allow-ragged-csv-input --ojson cat >/dev/null' sh $(q "$HCSV")"
	H_OPTS="--warmup 1 --runs 3"
	if [ "$HAVE_MLR" = 1 ] && [ "$HAVE_ICONV" = 1 ]; then
		group h-csv2xml "$H_OPTS" "$h_ours" "$h_peer"
		h_s=$(median h-csv2xml 1)
		p_s=$(median h-csv2xml 2)
		h_rss=$(rss "$h_ours")
		p_rss=$(rss "$h_peer")
		detail "$h_s" "$(rate "$(mib "$HB")" "$h_s")" MiB/s "$h_rss" "$h_ours"
		detail "$p_s" "$(rate "$(mib "$HB")" "$p_s")" MiB/s "$p_rss" "iconv | mlr --icsv --ojson cat"
		r=$(ratio "$p_s" "$h_s")
		row h.csv2xml-vs-mlr MiB/s "$(rate "$(mib "$HB")" "$h_s")" iconv+mlr \
			"$(rate "$(mib "$HB")" "$p_s")" "$r" ">=${T_C2X}x" "$(ge "$r" $T_C2X)" "$h_rss" "$p_rss"
	else
		h_rss=$(rss "$h_ours")
		row h.csv2xml-vs-mlr MiB/s - iconv+mlr - - ">=${T_C2X}x" SKIP "$h_rss" -
	fi
	row h.csv2xml-rss MiB "$h_rss" - - - "<=${T_C2X_RSS}MiB" "$(le "$h_rss" $T_C2X_RSS)" "$h_rss" -
	x_ours="$X2 -q -l UPPLAN -o /dev/null $(q "$HXML")"
	x_peer="xmllint --stream --noout $(q "$HXML")"
	if [ "$HAVE_XMLLINT" = 1 ]; then
		group h-xml2csv "$H_OPTS" "$x_ours" "$x_peer"
		x_s=$(median h-xml2csv 1)
		p_s=$(median h-xml2csv 2)
		x_rss=$(rss "$x_ours")
		p_rss=$(rss "$x_peer")
		detail "$x_s" "$(rate "$(mib "$XB")" "$x_s")" MiB/s "$x_rss" "$x_ours"
		detail "$p_s" "$(rate "$(mib "$XB")" "$p_s")" MiB/s "$p_rss" "$x_peer"
		r=$(ratio "$p_s" "$x_s")
		row h.xml2csv-vs-xmllint MiB/s "$(rate "$(mib "$XB")" "$x_s")" xmllint-stream \
			"$(rate "$(mib "$XB")" "$p_s")" "$r" ">=${T_X2C}x" "$(ge "$r" $T_X2C)" "$x_rss" "$p_rss"
	else
		x_rss=$(rss "$x_ours")
		row h.xml2csv-vs-xmllint MiB/s - xmllint-stream - - ">=${T_X2C}x" SKIP "$x_rss" -
	fi
	row h.xml2csv-rss MiB "$x_rss" - - - "<=${T_X2C_RSS}MiB" "$(le "$x_rss" $T_X2C_RSS)" "$x_rss" -
	rm -f "$HXML"
fi # h

# ---- i) publishing: EvaluationResults collection to CSV open data
if want i; then
	[ -x "$PUBLISH" ] || die 2 "'$PUBLISH' not found: run make first"
	PX=$OUT/evaluations.xml
	PSTYLE=schemas/publish/evaluation-csv.xsl
	# the sample result, repeated with a new 事業所番号 for each record up to BENCH_SIZE
	awk -v want="$BYTES" '
		/^<EvaluationResult / { on = 1; sub(/ xmlns="[^"]*"/, "") }
		on { rec = rec $0 "\n" }
		/^<\/EvaluationResult>/ { on = 0 }
		END {
			print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			print "<EvaluationResults xmlns=\"urn:kaigo:evaluation:1\">"
			n = 0; size = 0
			while (size < want) {
				n++
				r = rec
				sub(/<officeNumber>[0-9]+<\/officeNumber>/, sprintf("<officeNumber>20%08d</officeNumber>", n), r)
				printf "%s", r
				size += length(r)
			}
			print "</EvaluationResults>"
		}' samples/evaluation/evaluation-single.xml >"$PX"
	PB=$(size_of "$PX")
	printf '  %-26s %8s MiB %10s records\n' "$PX" "$(mib "$PB")" "$(grep -c '^<EvaluationResult ' "$PX")"
	i_ours="$(q "$PUBLISH") -q -f csv -o /dev/null $(q "$PX")"
	i_peer="xsltproc -o /dev/null $PSTYLE $(q "$PX")"
	# the figures are only worth something if both give the same bytes
	"$PUBLISH" -q -f csv -o "$OUT/i.ours.csv" "$PX" || die 1 "kaigo-publish failed on $PX"
	if [ "$HAVE_XSLTPROC" = 1 ]; then
		xsltproc -o "$OUT/i.peer.csv" "$PSTYLE" "$PX" || die 1 "xsltproc failed on $PX"
		cmp -s "$OUT/i.ours.csv" "$OUT/i.peer.csv" ||
			die 1 "kaigo-publish and xsltproc give different CSV for $PX"
		rm -f "$OUT/i.peer.csv"
		group i-publish "--warmup 1 --runs 3" "$i_ours" "$i_peer"
		i_s=$(median i-publish 1)
		p_s=$(median i-publish 2)
		i_rss=$(rss "$i_ours")
		p_rss=$(rss "$i_peer")
		detail "$i_s" "$(rate "$(mib "$PB")" "$i_s")" MiB/s "$i_rss" "$i_ours"
		detail "$p_s" "$(rate "$(mib "$PB")" "$p_s")" MiB/s "$p_rss" "$i_peer"
		r=$(ratio "$p_s" "$i_s")
		row i.publish-vs-xsltproc MiB/s "$(rate "$(mib "$PB")" "$i_s")" xsltproc \
			"$(rate "$(mib "$PB")" "$p_s")" "$r" ">=${T_PUB}x" "$(ge "$r" $T_PUB)" "$i_rss" "$p_rss"
	else
		i_rss=$(rss "$i_ours")
		row i.publish-vs-xsltproc MiB/s - xsltproc - - ">=${T_PUB}x" SKIP "$i_rss" -
	fi
	row i.publish-rss MiB "$i_rss" - - - "<=${T_PUB_RSS}MiB" "$(le "$i_rss" $T_PUB_RSS)" "$i_rss" -
	rm -f "$OUT/i.ours.csv" "$PX"
fi # i

if want j; then
# ---- j) the obligations calendar: kaigo-due against kaigo-validate's deadlines
#      phase (the same rules: what kaigo-due adds must cost nothing) on the
#      BENCH_SIZE care-plan collection; the same as-of date for both
	[ -x "$DUE" ] || die 2 "'$DUE' not found: run make first"
	JX=$OUT/careplans.due.xml
	"$GENDATA" --kind careplan --size "$BYTES" >"$JX"
	JB=$(size_of "$JX")
	j_ours="$(q "$DUE") -q --as-of 2025-06-30 --format csv -o /dev/null $(q "$JX")"
	j_ics="$(q "$DUE") -q --as-of 2025-06-30 --format ics --remind 14 -o /dev/null $(q "$JX")"
	j_peer="$(q "$VALIDATE") -q --phase deadlines --as-of 2025-06-30 -o /dev/null $(q "$JX")"
	j_n=$("$DUE" -q --as-of 2025-06-30 --format csv "$JX" | wc -l | tr -d ' ')
	printf '  %s obligations on %s (%s MiB)\n' "$((j_n - 1))" "$JX" "$(mib "$JB")"
	group j-due "$HF_OPTS" "$j_ours" "$j_ics" "$j_peer"
	j_s=$(median j-due 1)
	j_ics_s=$(median j-due 2)
	p_s=$(median j-due 3)
	j_rss=$(rss "$j_ours")
	j_ics_rss=$(rss "$j_ics")
	p_rss=$(rss "$j_peer || true")
	detail "$j_s" "$(rate "$(mib "$JB")" "$j_s")" MiB/s "$j_rss" "$j_ours"
	detail "$j_ics_s" "$(rate "$(mib "$JB")" "$j_ics_s")" MiB/s "$j_ics_rss" "$j_ics"
	detail "$p_s" "$(rate "$(mib "$JB")" "$p_s")" MiB/s "$p_rss" "$j_peer"
	r=$(ratio "$p_s" "$j_s")
	row j.due-vs-deadlines MiB/s "$(rate "$(mib "$JB")" "$j_s")" validate-deadlines \
		"$(rate "$(mib "$JB")" "$p_s")" "$r" ">=${T_DUE}x" "$(ge "$r" $T_DUE)" "$j_rss" "$p_rss"
	r=$(ratio "$p_s" "$j_ics_s")
	row j.due-ics-vs-deadlines MiB/s "$(rate "$(mib "$JB")" "$j_ics_s")" validate-deadlines \
		"$(rate "$(mib "$JB")" "$p_s")" "$r" ">=${T_DUE}x" "$(ge "$r" $T_DUE)" "$j_ics_rss" "$p_rss"
	row j.due-rss MiB "$j_rss" - - - "<=${T_DUE_RSS}MiB" "$(le "$j_rss" $T_DUE_RSS)" "$j_rss" -
	rm -f "$JX"
fi # j

# ---- k) privacy checks in linear time: one record whose free text holds N phone numbers
if want k; then
	[ -x "$PUBLISH" ] || die 2 "'$PUBLISH' not found: run make first"
	for n in 1000 4000 16000; do
		awk -v n="$n" '
			/<practice>/ && !done { done = 1; i = index($0, "<practice>"); j = index($0, "</practice>")
				printf "%s", substr($0, 1, i + 9)
				for (k = 1; k <= n; k++) printf "連絡先%d は 090-%04d-%04d、", k, int(k / 10000) % 10000, k % 10000
				print substr($0, j); next }
			{ print }' samples/evaluation/evaluation-single.xml >"$OUT/phones$n.xml"
	done
	# the check must find every number (exit 1, N findings) before it is timed
	for n in 1000 4000 16000; do
		"$PUBLISH" -f text -o /dev/null "$OUT/phones$n.xml" 2>"$OUT/phones.err" || true
		grep -q "privacy findings $n\$" "$OUT/phones.err" || die 1 "kaigo-publish did not find the $n phone numbers"
	done
	group k-phones "--warmup 1 --runs 3 -i" \
		"$(q "$PUBLISH") -q -f text -o /dev/null $OUT/phones1000.xml" \
		"$(q "$PUBLISH") -q -f text -o /dev/null $OUT/phones4000.xml" \
		"$(q "$PUBLISH") -q -f text -o /dev/null $OUT/phones16000.xml"
	j1=$(median k-phones 1)
	j4=$(median k-phones 2)
	j16=$(median k-phones 3)
	for k in 1 2 3; do
		detail "$(median k-phones $k)" - - - "phones$(echo 1000 4000 16000 | cut -d' ' -f$k).xml"
	done
	# linear: 16 times the numbers take at most 16 times as long (plus the start-up of the 1 000 run)
	r=$(ratio "$j16" "$j1")
	row k.phones-1000 s "$j1" - - - - - - -
	row k.phones-4000 s "$j4" - - - - - - -
	row k.phones-16000 s "$j16" - - - - - - -
	row k.phones-16000-vs-1000 x "$(awk -v a="$j16" -v b="$j1" 'BEGIN { printf "%.2f", a / b }')" - - - "<=16x" \
		"$(le "$(awk -v a="$j16" -v b="$j1" 'BEGIN { print a / b }')" 16)" - -
	rm -f "$OUT"/phones*.xml "$OUT/phones.err"
fi # k

# ---- l) pseudonymizing a care-plan collection: throughput on one core and memory
if want l; then
	[ -x "$PSEUDO" ] || die 2 "'$PSEUDO' not found: run make first"
	LX=$OUT/careplans.pseudo.xml
	LK=$OUT/pseudo.key
	"$GENDATA" --kind careplan --size "$BYTES" --seed 7 >"$LX"
	LB=$(size_of "$LX")
	(umask 077 && printf 'bench key, not a secret: 0123456789abcdef' >"$LK")
	l_ours="$(q "$PSEUDO") -q --key-file $(q "$LK") -o /dev/null $(q "$LX")"
	l_nodetect="$(q "$PSEUDO") -q --no-detect --key-file $(q "$LK") -o /dev/null $(q "$LX")"
	l_parse="xmllint --noout --stream $(q "$LX")"
	# the figures mean something only if the run replaces and leaves nothing
	"$PSEUDO" -q --check --key-file "$LK" -o /dev/null "$LX" || die 1 "kaigo-pseudonymize --check failed on $LX"
	if [ "$HAVE_XMLLINT" = 1 ]; then
		group l-pseudo "--warmup 1 --runs 10" "$l_ours" "$l_nodetect" "$l_parse"
	else
		group l-pseudo "--warmup 1 --runs 10" "$l_ours" "$l_nodetect"
	fi
	l_s=$(median l-pseudo 1)
	l_nd_s=$(median l-pseudo 2)
	l_rss=$(rss "$l_ours")
	l_nd_rss=$(rss "$l_nodetect")
	# anonymous memory (anon_peak): the rest of the RSS is files mapped
	# read-only (the binary, the libraries, MeCab's dictionary), shared with
	# every other process and with the page cache
	l_anon=$(anon_peak "$l_ours")
	mbs() { awk -v b="$LB" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
	detail "$l_s" "$(mbs "$l_s")" MB/s "$l_rss" "$l_ours"
	detail "$l_nd_s" "$(mbs "$l_nd_s")" MB/s "$l_nd_rss" "$l_nodetect"
	if [ "$HAVE_XMLLINT" = 1 ]; then
		l_p_s=$(median l-pseudo 3)
		detail "$l_p_s" "$(mbs "$l_p_s")" MB/s - "$l_parse"
		row l.pseudo-vs-parse MB/s "$(mbs "$l_s")" xmllint-parse "$(mbs "$l_p_s")" "$(ratio "$l_p_s" "$l_s")" - - "$l_rss" -
	fi
	row l.pseudo-throughput MB/s "$(mbs "$l_s")" - - - ">=${T_PSEUDO}MB/s" "$(ge "$(mbs "$l_s")" $T_PSEUDO)" "$l_rss" -
	row l.pseudo-no-detect MB/s "$(mbs "$l_nd_s")" - - - ">=${T_PSEUDO}MB/s" "$(ge "$(mbs "$l_nd_s")" $T_PSEUDO)" "$l_nd_rss" -
	row l.pseudo-rss MiB "$l_rss" - - - "<=${T_PSEUDO_RSS}MiB" "$(le "$l_rss" $T_PSEUDO_RSS)" "$l_rss" -
	row l.pseudo-rss-anon MiB "$l_anon" - - - "<=${T_PSEUDO_RSS}MiB" "$(le "$l_anon" $T_PSEUDO_RSS)" "$l_anon" -
	rm -f "$LX" "$LK"
fi # l

# ---- m) pseudonymizing a CSV send unit: the persons gathered across the files
if want m; then
	[ -x "$PSEUDO" ] || die 2 "'$PSEUDO' not found: run make first"
	[ -x "$GENCSV" ] || die 2 "'$GENCSV' not found: run make bench/kaigo-gencsv first"
	# the seven files of the bundled send unit, each with M_RECORDS records of
	# one seed: the files whose key columns share a path share their persons
	M_RECORDS=${BENCH_CSV_PERSONS:-20000}
	MU=$OUT/sendunit
	MO=$OUT/sendunit.out
	MK=$OUT/pseudo.key
	rm -rf "$MU" "$MO"
	mkdir -p "$MU" "$MO"
	for f in samples/convert/standard/*.CSV; do
		b=$(basename "$f")
		"$GENCSV" --layout "${b%%_*}" --records "$M_RECORDS" --seed 3 >"$MU/$b"
	done
	MB=$(cat "$MU"/*.CSV | wc -c | tr -d ' ')
	(umask 077 && printf 'bench key, not a secret: 0123456789abcdef' >"$MK")
	m_ours="rm -f $(q "$MO")/*; $(q "$PSEUDO") -q --key-file $(q "$MK") -d $(q "$MO") $(q "$MU")/*.CSV"
	group m-pseudo-csv "--warmup 1 --runs 3" "$m_ours"
	m_s=$(median m-pseudo-csv 1)
	rm -f "$MO"/*
	m_rss=$(rss "$(q "$PSEUDO") -q --key-file $(q "$MK") -d $(q "$MO") $(q "$MU")/*.CSV")
	detail "$m_s" "$(awk -v b="$MB" -v s="$m_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')" MB/s "$m_rss" "$m_ours"
	printf '  %9s   %s records a file, %s bytes in all\n' '' "$M_RECORDS" "$MB"
	row m.pseudo-csv-throughput MB/s "$(awk -v b="$MB" -v s="$m_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')" \
		- - - - - "$m_rss" -
	row m.pseudo-csv-rss MiB "$m_rss" - - - - - "$m_rss" -
	rm -rf "$MU" "$MO" "$MK"
fi # m

rm -f "$OUT/rss.tmp"

# ---------------------------------------------------------------- report

echo
echo "results (medians of this run; ratio = how many times faster ours is; for"
echo "a.rss-full, ratio = RSS on the full input / RSS on the 10x smaller one)"
awk -F '\t' '
	{ printf "%-20s %-8s %12s  %-6s %12s %7s %-11s %-5s %9s %9s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }
' "$RESULTS"
fails=$(awk -F '\t' 'NR > 1 && $8 == "FAIL"' "$RESULTS" | wc -l | tr -d ' ')
passes=$(awk -F '\t' 'NR > 1 && $8 == "PASS"' "$RESULTS" | wc -l | tr -d ' ')
printf '\n%s targets met, %s missed; table in %s, hyperfine logs and JSON in %s\n' \
	"$passes" "$fails" "$RESULTS" "$OUT"
exit 0
