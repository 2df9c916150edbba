# tests/examples-env.sh - sourced by tests/readme/run.sh and tests/man/run.sh
# with top (the tree) and out (a fresh scratch directory) set.  Puts wrappers
# of the tree's tools first in PATH, each turning exit status 1 (data
# problems, reported: an example's expected outcome) into 0, and sets the
# environment the examples are run in.
mkdir -p "$out/bin"
for t in "$top"/tools/kaigo-*; do
	case $t in *.c|*.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	printf '#!/bin/sh\n"%s" "$@"\nst=$?\n[ "$st" -eq 1 ] && exit 0\nexit "$st"\n' "$t" > "$out/bin/${t##*/}"
	chmod +x "$out/bin/${t##*/}"
done
PATH="$out/bin:$PATH"
KAIGO_DATADIR="$top/schemas"
LC_ALL=C.UTF-8
TZ=UTC
export PATH KAIGO_DATADIR LC_ALL TZ
