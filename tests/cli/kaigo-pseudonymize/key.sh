# key.sh - sourced by the cases: $k is a private copy of test.key (mode 600)
k=$(mktemp "${TMPDIR:-/tmp}/kaigo-pseudo-key.XXXXXX")
trap 'rm -rf "$k" ${tmpd:+"$tmpd"}' EXIT
cp ../test.key "$k"
chmod 600 "$k"
