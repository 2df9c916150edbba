# tests/cli/i18n/ja-locale.sh - sourced by the i18n cases: a function ja that
# runs a command with LANG=ja_JP.UTF-8 and nothing overriding it (no LC_ALL,
# no LANGUAGE), as a Japanese user's shell would.  The installed locale is
# used when there is one (scripts/setup.sh generates it); otherwise one is
# compiled with localedef from Debian's locales data into a scratch LOCPATH
# (only for this command: LOCPATH hides every other locale, C.UTF-8 too).
# The caller removes "$ja_locpath" when it is set.
ja_locpath=
if ! locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\{0,1\}8'; then
	ja_locpath=$(mktemp -d) || exit 99
	localedef -i ja_JP -f UTF-8 "$ja_locpath/ja_JP.UTF-8" >/dev/null 2>&1 || {
		echo "cannot make the ja_JP.UTF-8 locale: install the locales package (scripts/setup.sh)"
		exit 99
	}
fi
ja() {
	if [ -n "$ja_locpath" ]; then
		env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LOCPATH="$ja_locpath" LANG=ja_JP.UTF-8 "$@"
	else
		env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=ja_JP.UTF-8 "$@"
	fi
}
