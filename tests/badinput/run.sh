#!/bin/sh
# tests/badinput/run.sh - the bad-input catalogue: every tool fed hostile or
# broken input, checked against tests/badinput/cases, printed as TAP.
#
# Run from the project root after `make`:   sh tests/badinput/run.sh
#   CASES=re    only the cases whose "tool: name" matches the extended regex
#   VALGRIND=.. command prefix for every tool (e.g. VALGRIND="valgrind -q
#               --error-exitcode=99"); timeouts are then multiplied by 20
#   KEEP=1      keep the scratch directory (its path is printed)
#
# The format of the cases file is described at its top; CATALOGUE.md lists
# every case with its expected status and message.  Needs only what a fresh
# Debian has: POSIX sh, GNU coreutils (timeout, head -c), GNU sed and grep,
# awk, iconv (libc-bin), mkfifo; no python.
set -u

top=$(pwd)
here=$top/tests/badinput
if [ ! -f "$here/cases" ] || [ ! -d "$top/tools" ]; then
	echo "Bail out! run from the project root (tests/badinput/cases not found)"
	exit 2
fi
for t in kaigo-normalize kaigo-validate kaigo-csv2xml kaigo-xml2csv kaigo-publish; do
	if [ ! -x "$top/tools/$t" ]; then
		echo "Bail out! tools/$t is not built (run make)"
		exit 2
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kaigo-badinput.XXXXXX") || { echo "Bail out! mktemp failed"; exit 2; }
cleanup() {
	if [ "${KEEP:-}" = 1 ]; then echo "# scratch kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# wrappers, so that every case runs the tree's tools (optionally under valgrind)
mkdir "$tmp/bin"
for t in "$top"/tools/kaigo-*; do
	case $t in *.c|*.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	printf '#!/bin/sh\n%sexec %s "%s" "$@"\n' "${VALGRIND:+KAIGO_MALLOC=system }" "${VALGRIND:-}" "$t" > "$tmp/bin/${t##*/}"
	chmod +x "$tmp/bin/${t##*/}"
done

PATH="$tmp/bin:$PATH"
# A case that bounds memory with `ulimit -v` does so only when the tools run
# natively: AddressSanitizer reserves terabytes of address space for its
# shadow memory and valgrind its own, so under either the limit is left out
# ($VLIMIT is then empty) and the case checks the rejection without it.
VLIMIT='ulimit -v'
if [ -n "${VALGRIND:-}" ] || grep -q __asan_init "$top/tools/kaigo-normalize" 2>/dev/null; then
	VLIMIT=:
fi
export VLIMIT
# English messages: LANGUAGE would override LC_ALL=C.UTF-8 (cases that test
# a translation set it themselves)
unset LANGUAGE
LC_ALL=C.UTF-8
TZ=UTC
KAIGO_DATADIR=$top/schemas
SAMPLES=$top/samples
SCHEMAS=$top/schemas
export PATH LC_ALL TZ KAIGO_DATADIR SAMPLES SCHEMAS
unset KAIGO_MALLOC 2>/dev/null || true

# ---------------------------------------------------------------------------
# helpers for the build, run and check lines of the cases (sourced each time)
H=$tmp/helpers.sh
cat > "$H" <<'HELPERS'
# byte-exact text tools: never let a UTF-8 locale reinterpret CP932 bytes
sedc() { LC_ALL=C sed "$@"; }
awkc() { LC_ALL=C awk "$@"; }
grepc() { LC_ALL=C grep "$@"; }

# splice IN OUT LINE BRE FORMAT [FILE [FORMAT2]]
#   copy IN to OUT, replacing on one line the first match of the basic regex
#   BRE by the bytes of printf FORMAT (octal escapes such as \000 allowed),
#   followed by the bytes of FILE and of printf FORMAT2 when given.  LINE is
#   a line number, or a basic regex selecting the first line that matches it.
splice() {
	_in=$1 _out=$2 _line=$3 _re=$4 _fmt=$5 _file=${6:-} _fmt2=${7:-}
	case $_line in
	*[!0-9]*|'') _n=$(grepc -n -m 1 -e "$_line" "$_in" | cut -d: -f1) ;;
	*) _n=$_line ;;
	esac
	[ -n "$_n" ] || { echo "splice: no line '$_line' in $_in" >&2; return 1; }
	_m=$(printf '\001') _d=$(printf '\002')
	_l=$(sedc -n "${_n}{s${_d}${_re}${_d}${_m}${_d};p;}" "$_in")
	case $_l in
	*"$_m"*) ;;
	*) echo "splice: '$_re' not found on line $_n of $_in" >&2; return 1 ;;
	esac
	{
		head -n $((_n - 1)) "$_in"
		printf '%s' "${_l%%"$_m"*}"
		printf "$_fmt"
		if [ -n "$_file" ]; then cat "$_file"; printf "$_fmt2"; fi
		printf '%s\n' "${_l#*"$_m"}"
		tail -n +$((_n + 1)) "$_in"
	} > "$_out"
}

# xfill N: N bytes of 'x' (N a multiple of 1024)
xfill() { dd if=/dev/zero bs=1024 count=$(($1 / 1024)) 2>/dev/null | tr '\000' x; }

# bom8 FILE / utf16 le|be FROM-ENCODING FILE: the file with a byte order mark
bom8() { printf '\357\273\277'; cat "$1"; }
utf16() {
	case $1 in
	le) printf '\377\376'; iconv -f "$2" -t UTF-16LE "$3" ;;
	be) printf '\376\377'; iconv -f "$2" -t UTF-16BE "$3" ;;
	esac
}

# deep N OPEN CLOSE: OPEN, N nested <a>, then CLOSE
deep() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n%s' "$2"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "<a>"; for (i = 0; i < n; i++) printf "</a>" }'
	printf '%s\n' "$3"
}

# lol_doctype ROOT: XML declaration and an internal subset whose &lol9;
# expands to 10^9 "lol" (billion laughs)
lol_doctype() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE %s [\n  <!ENTITY lol "lol">\n' "$1"
	awk 'BEGIN { p = "lol"; for (i = 1; i <= 9; i++) { s = ""; for (j = 0; j < 10; j++) s = s "&" p ";"; printf "  <!ENTITY lol%d \"%s\">\n", i, s; p = "lol" i } }'
	printf ']>\n'
}

# xxe_doctype ROOT [nofifo]: XML declaration and an internal subset with an
# external entity &xxe; on ./secret.txt (holding $XXE_MARK), and (unless
# nofifo) an external entity &pipe; and an external parameter entity %ext; on
# the FIFO ./fifo: opening it blocks, so a tool that even tries to read it
# hangs and the case times out
XXE_MARK=KAIGO-XXE-SECRET-5a1f
xxe_doctype() {
	echo "$XXE_MARK" > secret.txt
	[ -p fifo ] || mkfifo fifo
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE %s [\n' "$1"
	printf '  <!ENTITY xxe SYSTEM "file://%s/secret.txt">\n' "$PWD"
	if [ "${2:-}" != nofifo ]; then
		printf '  <!ENTITY pipe SYSTEM "file://%s/fifo">\n' "$PWD"
		printf '  <!ENTITY %% ext SYSTEM "file://%s/fifo">\n  %%ext;\n' "$PWD"
	fi
	printf ']>\n'
}
# no_leak: the secret appears in no output, no stream and no file but itself
no_leak() {
	! grepc -r -D skip -l -F -e "$XXE_MARK" . "$OUT" "$ERR" 2>/dev/null | grep -v '^\./secret\.txt$' | grep -q .
}
# no_lol: no expanded entity text anywhere
no_lol() { ! grepc -r -D skip -l -F -e lollollollol . "$OUT" "$ERR" 2>/dev/null | grep -q .; }

# repeat_records FILE N COLLECTION: the collection FILE with its records
# repeated N times (COLLECTION is the collection element's name)
repeat_records() {
	sedc -n "1,/^<$3[ >]/p" "$1"
	sedc -n "/^<$3[ >]/,/^<\/$3>/p" "$1" | sedc '1d;$d' |
		awkc -v n="$2" '{ a[NR] = $0 } END { for (k = 0; k < n; k++) for (i = 1; i <= NR; i++) print a[i] }'
	echo "</$3>"
}

# many_plans FILE N: the UPPLAN CSV FILE N times, each copy with other
# 被保険者番号 (column 3), so that every copy holds new records
many_plans() {
	awkc -F, -v OFS=, -v n="$2" '{ a[NR] = $0 } END { for (k = 1; k <= n; k++) for (i = 1; i <= NR; i++) { $0 = a[i]; $3 = sprintf("%09d%s", k, substr($3, 10, 1)); print } }' "$1"
}

# closed_pipe CMD...: CMD | head -n 1; returns CMD's status; the first line
# read is left in .pipe-head
closed_pipe() {
	{ "$@"; echo $? > .pipe-status; } | head -n 1 > .pipe-head
	read _s < .pipe-status
	return "$_s"
}

# lines FILE: the number of line feeds in FILE
lines() { tr -cd '\n' < "$1" | wc -c | tr -d ' '; }

# adds_up N R [REJECT-FILE]: the csv2xml summary on stderr says
# "rows read N = converted C + rejected R" with C + R = N; the reject file, if
# named, has exactly R entries
adds_up() {
	_s=$(grepc -E '^kaigo-csv2xml: rows read [0-9]+ = converted [0-9]+ \+ rejected [0-9]+' "$ERR" | tail -n 1)
	[ -n "$_s" ] || { echo "no csv2xml summary line" >&2; return 1; }
	set -- "$@" ''
	_n=$(echo "$_s" | sed 's/^kaigo-csv2xml: rows read \([0-9]*\) = converted \([0-9]*\) + rejected \([0-9]*\).*/\1 \2 \3/')
	set -- $_n "$1" "$2" "$3"
	# $1 read, $2 converted, $3 rejected, $4 want N, $5 want R, $6 reject file
	[ $(($2 + $3)) -eq "$1" ] || { echo "summary does not add up: $_s" >&2; return 1; }
	[ "$1" -eq "$4" ] || { echo "rows read $1, the input has $4 rows: $_s" >&2; return 1; }
	[ "$3" -eq "$5" ] || { echo "rejected $3, expected $5: $_s" >&2; return 1; }
	if [ -n "$6" ]; then
		_r=$(reject_entries "$6")
		[ "$_r" -eq "$3" ] || { echo "reject file has $_r entries, summary says $3 rejected" >&2; return 1; }
	fi
	return 0
}
# reject_entries FILE: number of "FILE:LINE: reason [rule]" headers in a reject file
reject_entries() { grepc -c -E '^[^ ]+:[0-9]+: .*\[[a-z0-9.-]+\]$' "$1"; }

# has_lines FILE IN FROM TO: lines FROM..TO of IN are, byte for byte, lines of FILE
has_lines() {
	sedc -n "$3,$4p" "$2" > .want-lines
	while IFS= read -r _l || [ -n "$_l" ]; do
		printf '%s\n' "$_l" > .want-line
		grepc -q -x -F -f .want-line "$1" || { echo "line not in $1: $_l" >&2; return 1; }
	done < .want-lines
}
# ends_with FILE REF: the last bytes of FILE are REF's bytes
ends_with() {
	_c=$(wc -c < "$2")
	tail -c "$_c" "$1" | cmp -s - "$2"
}
# same_location A B: the first diagnostic of A and of B have the same FILE:LINE:COL
# (file names aside)
same_location() {
	_a=$(grepc -m 1 -o -E ':[0-9]+:[0-9]+: (error|warning)' "$1")
	_b=$(grepc -m 1 -o -E ':[0-9]+:[0-9]+: (error|warning)' "$2")
	[ -n "$_a" ] && [ "$_a" = "$_b" ] || { echo "location '$_b', expected '$_a'" >&2; return 1; }
}
# as_user CMD...: run CMD without the capabilities that let root read any
# file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a chmod 000 file is
# unreadable for it too: as root, through setpriv when it can drop them from
# the bounding set; otherwise as it is
as_user() {
	if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null 2>&1 &&
	   setpriv --bounding-set=-dac_override,-dac_read_search true 2> /dev/null; then
		setpriv --bounding-set=-dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}
# reads_blocked: chmod 000 stops reads of as_user here (false as root when
# setpriv cannot drop the capabilities)
reads_blocked() {
	: > .probe && chmod 000 .probe && ! as_user cat .probe 2>/dev/null
	_r=$?
	chmod 600 .probe 2>/dev/null; rm -f .probe
	return $_r
}
HELPERS
. "$H"

# ---------------------------------------------------------------------------
# one case: its spec lines are in $spec (key<TAB>value), run it and report
nl='
'
n=0
pass=0
fail=0
skip=0
DIAG_RE='^[^[:space:]].*: (error|warning|note): .*\[[A-Za-z0-9._:-]+\]$'
NOTE_RE='^kaigo-[a-z0-9]+: '
mult=1
[ -n "${VALGRIND:-}" ] && mult=20

step() { # step TIMEOUT CODE: run a snippet with the helpers in the case directory
	timeout -k 5 "$1" sh -c '. "$1"; cd "$2" || exit 99; eval "$3"' sh "$H" "$W" "$2" < /dev/null
}
steps() { # steps TIMEOUT MODE FILE: run each line of FILE as a snippet, in one shell;
	# MODE build stops at the first that fails, MODE check runs them all; each
	# failure is reported on stdout as "LINE<TAB>its output", status 1
	timeout -k 5 "$1" sh -c '
		. "$1"; cd "$2" || exit 99
		rc=0
		while IFS= read -r _step <&3; do
			if ( eval "$_step" ) < /dev/null > "$4" 2>&1; then continue; fi
			printf "%s\t%s\n" "$_step" "$(head -c 300 "$4" | tr "\n\t" "  ")"
			rc=1
			[ "$3" = build ] && break
		done 3< "$5"
		exit $rc' sh "$H" "$W" "$2" "$tmp/step.out" "$3" < /dev/null
}

run_case() {
	name=$1
	n=$((n + 1))
	W=$tmp/c$n
	OUT=$tmp/c$n.stdout
	ERR=$tmp/c$n.stderr
	export W OUT ERR
	mkdir "$W"
	why=
	to=10
	stderr_max=65536
	diag=strict
	status_want=
	runcmd=
	skipwhy=
	while IFS='	' read -r k v; do
		case $k in
		timeout) to=$v ;;
		stderr-max) stderr_max=$v ;;
		diag) diag=$v ;;
		status) status_want=$v ;;
		run) runcmd=$v ;;
		esac
	done < "$spec"
	to=$((to * mult))
	if [ -z "$runcmd" ] || [ -z "$status_want" ]; then
		fail=$((fail + 1))
		echo "not ok $n - $name"
		echo "#   the case needs a run line and a status line"
		return
	fi

	# skip-unless lines, then the build lines in one shell
	: > "$tmp/build.lines"
	: > "$tmp/check.lines"
	while IFS='	' read -r k v; do
		case $k in
		skip-unless)
			cond=${v%% -- *}
			if ! step 20 "$cond" > /dev/null 2>&1; then skipwhy=${v#* -- }; break; fi ;;
		build) printf '%s\n' "$v" >> "$tmp/build.lines" ;;
		esac
	done < "$spec"
	if [ -z "$skipwhy" ] && [ -s "$tmp/build.lines" ] &&
	   ! steps $((60 * mult)) build "$tmp/build.lines" > "$tmp/build.err" 2>&1; then
		why="$why${nl}build failed: $(cut -f 1 "$tmp/build.err" | head -n 1)${nl}$(cut -f 2- "$tmp/build.err" | head -c 400)"
	fi

	if [ -n "$skipwhy" ]; then
		skip=$((skip + 1))
		echo "ok $n - $name # SKIP $skipwhy"
		return
	fi

	if [ -z "$why" ]; then
		step "$to" "$runcmd" > "$OUT" 2> "$ERR"
		STATUS=$?
		export STATUS
		if [ $STATUS = 124 ] || [ $STATUS = 137 ]; then
			why="$why${nl}timed out after ${to}s (hang?)"
		elif [ $STATUS -gt 128 ] && [ "$STATUS" != "$status_want" ]; then
			why="$why${nl}killed by signal $((STATUS - 128))"
		fi
		if [ "$STATUS" != "$status_want" ]; then
			why="$why${nl}status $STATUS, expected $status_want"
		fi
		while IFS='	' read -r k v; do
			case $k in
			stderr) grepc -q -F -e "$v" "$ERR" || why="$why${nl}stderr lacks: $v" ;;
			stderr~) grepc -q -E -e "$v" "$ERR" || why="$why${nl}no stderr line matches: $v" ;;
			stderr!) grepc -q -E -e "$v" "$ERR" && why="$why${nl}stderr must not match: $v" ;;
			stdout) grepc -q -F -e "$v" "$OUT" || why="$why${nl}stdout lacks: $v" ;;
			stdout~) grepc -q -E -e "$v" "$OUT" || why="$why${nl}no stdout line matches: $v" ;;
			stdout!) grepc -q -E -e "$v" "$OUT" && why="$why${nl}stdout must not match: $v" ;;
			nofile)
				d=$W/$(dirname "$v") b=$(basename "$v")
				[ -e "$W/$v" ] && why="$why${nl}output file left: $v"
				for f in "$d"/.$b.* "$d"/.$b; do
					[ -e "$f" ] && why="$why${nl}temporary file left: ${f#"$W"/}"
				done ;;
			check) printf '%s\n' "$v" >> "$tmp/check.lines" ;;
			esac
		done < "$spec"
		if [ -s "$tmp/check.lines" ] &&
		   ! steps $((60 * mult)) check "$tmp/check.lines" > "$tmp/check.err" 2>&1; then
			while IFS='	' read -r c o; do
				why="$why${nl}check failed: $c${o:+ ($o)}"
			done < "$tmp/check.err"
		fi
		# every case: stderr is diagnostics and kaigo-TOOL: lines only, and bounded
		sz=$(wc -c < "$ERR" | tr -d ' ')
		if [ "$sz" -gt "$stderr_max" ]; then
			why="$why${nl}stderr is $sz bytes (at most $stderr_max expected: a diagnostic must not echo unbounded input)"
		fi
		if [ "$diag" = strict ]; then
			bad=$(grepc -v -E -e "$DIAG_RE" -e "$NOTE_RE" "$ERR" | head -n 2 | cut -c 1-200)
			[ -n "$bad" ] && why="$why${nl}stderr line not in FILE:LINE:COL: severity: message [rule] form: $(echo "$bad" | head -n 1)"
		fi
	fi

	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok $n - $name"
	else
		fail=$((fail + 1))
		echo "not ok $n - $name"
		printf "%s\n" "$why" | sed '/^$/d; s/^/#   /' | cut -c 1-400
		echo "#   run: $runcmd"
		if [ -s "$ERR" ]; then
			echo "#   stderr:"
			head -n 6 "$ERR" | cut -c 1-240 | sed 's/^/#     /'
		fi
	fi
	[ "${KEEP:-}" = 1 ] || rm -rf "$W" "$OUT" "$ERR"
}

# ---------------------------------------------------------------------------
# read the cases: a line "case TOOL: NAME" opens a case; the lines after it
# are "KEY VALUE" (leading blanks ignored); '#' lines and blank lines are
# comments
spec=$tmp/spec
current=
flush() {
	[ -n "$current" ] || return 0
	if [ -n "${CASES:-}" ] && ! printf '%s\n' "$current" | grep -Eq -e "$CASES"; then
		current=
		return 0
	fi
	run_case "$current"
	current=
}
: > "$spec"
while IFS= read -r line || [ -n "$line" ]; do
	line=${line#"${line%%[![:space:]]*}"}
	case $line in
	''|'#'*) continue ;;
	'case '*)
		flush
		current=${line#case }
		: > "$spec"
		continue ;;
	esac
	key=${line%%[[:space:]]*}
	val=${line#"$key"}
	val=${val#"${val%%[![:space:]]*}"}
	case $key in
	build|run|status|stderr|stderr~|stderr!|stdout|stdout~|stdout!|nofile|check|skip-unless|timeout|stderr-max|diag)
		printf '%s\t%s\n' "$key" "$val" >> "$spec" ;;
	*)
		echo "Bail out! tests/badinput/cases: unknown key '$key' in case '$current'"
		exit 2 ;;
	esac
done < "$here/cases"
flush

# the catalogue lists exactly the cases (tool from its "## kaigo-..." heading,
# name from the first cell of each table row)
if [ -z "${CASES:-}" ]; then
	n=$((n + 1))
	grep '^case ' "$here/cases" | sed 's/^case //' | sort > "$tmp/cases.list"
	awk '/^## kaigo-/ { tool = $2; next } /^## / { tool = ""; next }
		tool != "" && /^\| / && !/^\| case \|/ && !/^\|---/ {
			split($0, c, "|"); name = c[2]; gsub(/^ +| +$/, "", name); print tool ": " name }' \
		"$here/CATALOGUE.md" | sort > "$tmp/catalogue.list"
	if cmp -s "$tmp/cases.list" "$tmp/catalogue.list"; then
		pass=$((pass + 1))
		echo "ok $n - CATALOGUE.md lists every case"
	else
		fail=$((fail + 1))
		echo "not ok $n - CATALOGUE.md lists every case"
		diff "$tmp/cases.list" "$tmp/catalogue.list" | grep '^[<>]' | sed 's/^</#   only in cases:/; s/^>/#   only in CATALOGUE.md:/'
	fi
fi

echo "1..$n"
[ $skip -gt 0 ] && echo "# $skip skipped"
echo "$pass passed, $fail failed"
[ $fail = 0 ] && [ $n -gt 0 ]
