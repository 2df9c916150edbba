# tests/rules/params.sh - sourced by run.sh and nofast.sh.
# params FILE...: the NAME=VALUE lines of params files (comments skipped,
# later files winning) as --param arguments, one word a line.
params() {
	cat "$@" 2>/dev/null | awk -F= 'NF >= 2 && $1 !~ /^#/ { v[$1] = substr($0, length($1) + 2); o[$1] = NR }
		END { for (k in v) printf "--param\n%s=%s\n", k, v[k] }'
}
