#!/bin/sh
# scripts/setup.sh - install the Debian packages kaigo needs, when missing.
#
#   sh scripts/setup.sh            build and test dependencies (the browser
#                                  tests need chromium, a Japanese font and
#                                  imagemagick; the publishing tests xsltproc)
#   sh scripts/setup.sh bench      also the peer tools the benchmark compares with
#   sh scripts/setup.sh fuzz       also clang and its sanitizer runtime (make fuzz)
#
# As root it runs apt-get; otherwise it prints the command to run.  It does
# nothing when everything is already installed, so it is cheap to call
# before every build.
set -eu
pkgs="build-essential pkg-config libxml2-dev libxslt1-dev libicu-dev libgcrypt20-dev check xsltproc parallel"
pkgs="$pkgs chromium fonts-noto-cjk imagemagick fontconfig"
if [ "${1:-}" = bench ]; then
	pkgs="$pkgs nkf icu-devtools hyperfine time libxml2-utils miller"
fi
if [ "${1:-}" = fuzz ]; then
	pkgs="$pkgs clang libclang-rt-14-dev"
fi
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "setup: missing Debian packages:$missing" >&2
	echo "setup: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
