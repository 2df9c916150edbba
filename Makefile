# kaigo - build, test and install.  GNU make.
#
#   make                 build the library and tools
#   make demo            run the tools on the bundled samples (results in out/demo)
#   make check           unit tests (Check) + CLI golden tests + pages in headless Chromium
#   make check-slow      large-corpus property and idempotence tests
#   make check-schxslt   the rule examples with SchXslt on xsltproc, compared with kaigo
#   make check-browser   only the Chromium page tests (BROWSER=0 make check skips them)
#   make bench           timings against the peer tools (see bench/README.md)
#   make fuzz            libFuzzer harnesses for every parser (FUZZ_SECONDS=60 each)
#   make check-fuzz      each harness 15 s, failing on a finding (part of make check SANITIZE=...)
#   make install         PREFIX=/usr/local DESTDIR= (tools, data, man pages, docs, completion)
#   make uninstall       the same PREFIX and DESTDIR: removes what install put there
#   make check-install   install into a scratch PREFIX, run from /, uninstall, check nothing is left
#   make check-deb       build the Debian package, lintian, install, run, purge (root, Debian 12)
#   make check-po        po/ja.po translates every message of the sources (part of make check)
#   make update-po       merge the sources' new messages into po/*.po, to be translated
#   make DEVELOPER=1     warnings are errors
#   make SANITIZE=address,undefined   build with sanitizers
#   make check VALGRIND=1             run the tests under valgrind memcheck

# GNU installation directories.  DATADIR is GNU's datadir (PREFIX/share);
# kaigo's own data (schemas/) goes to DATADIR/kaigo and its documentation to
# DATADIR/doc/kaigo.  Those two always end in /kaigo (override beats the
# command line), so that uninstall's rm -rf can never reach anything else.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
override KAIGODIR := $(DATADIR)/kaigo
override DOCDIR := $(DATADIR)/doc/kaigo
DESTDIR ?=

VERSION = 0.1.0
# libgcrypt: HMAC-SHA-256 for kaigo-pseudonymize (kaigo-pseudonymize(1) says why)
# xlsxwriter: kaigo-publish -f xlsx (docs/publish.md)
PKGS = libxml-2.0 libxslt libexslt icu-uc icu-i18n libical libgcrypt xlsxwriter
PKG_CONFIG ?= pkg-config

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
ifneq ($(SANITIZE),)
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
SANDEFS = -DKAIGO_NO_XMLMEM
endif

# MeCab (names in the privacy checks) ships mecab-config, not a .pc file
MECAB_CONFIG ?= mecab-config
DEPCFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(shell $(MECAB_CONFIG) --cflags)
DEPLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS)) $(shell $(MECAB_CONFIG) --libs) -lm
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

# CPPFLAGS, CFLAGS and LDFLAGS from the environment or the command line are
# appended to ours, never replace them (dpkg-buildflags' hardening relies on it)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Iinclude $(DEPCFLAGS) $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) $(SANDEFS) \
	-DKAIGO_VERSION='"$(VERSION)"' -DKAIGO_DATADIR='"$(KAIGODIR)"' \
	-DKAIGO_LOCALEDIR='"$(LOCALEDIR)"' \
	-MMD -MP
# --as-needed: a tool loads only the libraries it calls (start-up time)
ALL_LDFLAGS = -Wl,--as-needed $(LDFLAGS) $(SANFLAGS)

# The library: one concern per module (DESIGN §9).
LIB_OBJS = \
	lib/buf.o \
	lib/diag.o \
	lib/io.o \
	lib/cli.o \
	lib/norm.o \
	lib/normicu.o \
	lib/codec.o \
	lib/era.o \
	lib/asof.o \
	lib/csv.o \
	lib/xmlin.o \
	lib/xmlmem.o \
	lib/normfile.o \
	lib/catalog.o \
	lib/validate.o \
	lib/sch.o \
	lib/schrule.o \
	lib/schinc.o \
	lib/schfn.o \
	lib/schlet.o \
	lib/schrun.o \
	lib/schxp.o \
	lib/schxpc.o \
	lib/rulebook.o \
	lib/report.o \
	lib/split.o \
	lib/layout.o \
	lib/convtree.o \
	lib/convrow.o \
	lib/convunit.o \
	lib/convx2c.o \
	lib/convname.o \
	lib/outsafe.o \
	lib/outenc.o \
	lib/xlsx.o \
	lib/canon.o \
	lib/names.o \
	lib/privacy.o \
	lib/publish.o \
	lib/obligations.o \
	lib/due.o \
	lib/duejobs.o \
	lib/duewrite.o \
	lib/pseudo.o \
	lib/pseudo_gen.o \
	lib/pseudo_rec.o \
	lib/pseudo_xml.o \
	lib/pseudo_csv.o \
	lib/xmldump.o \
	lib/xsdlean.o

TOOLS = \
	tools/kaigo-normalize \
	tools/kaigo-validate \
	tools/kaigo-csv2xml \
	tools/kaigo-xml2csv \
	tools/kaigo-publish \
	tools/kaigo-due \
	tools/kaigo-pseudonymize

UNIT_OBJS = \
	tests/unit/runner.o \
	tests/unit/check_diag.o \
	tests/unit/check_io.o \
	tests/unit/check_era.o \
	tests/unit/check_csv.o \
	tests/unit/check_norm.o \
	tests/unit/check_codec.o \
	tests/unit/check_validate.o \
	tests/unit/check_outsafe.o \
	tests/unit/check_outenc.o \
	tests/unit/check_obligations.o \
	tests/unit/check_pseudo.o \
	tests/unit/check_privacy.o \
	tests/unit/check_asof.o \
	tests/unit/check_xmldump.o \
	tests/unit/check_xsdlean.o \
	tests/unit/check_split.o \
	tests/unit/split_scalar.o \
	tests/unit/split_sse2.o \
	tests/unit/check_schxp.o

BENCH_TOOLS = bench/kaigo-gendata bench/kaigo-gencsv

LIB = lib/libkaigo.a

# Message catalogues (GNU gettext): po/LANG.po, compiled into the build
# tree's po/locale/LANG/LC_MESSAGES/kaigo.mo, where a tool run from the tree
# finds it (lib/cli.c), and installed to LOCALEDIR.
LINGUAS = ja
MO_FILES = $(LINGUAS:%=po/locale/%/LC_MESSAGES/kaigo.mo)
# the messages: _() and N_() literals, the English formats given to
# kaigo_diag_report and kaigo_cli_usage_error (translated inside them) and to
# the modules' reporting helpers that pass them on to kaigo_diag_vreport
# (layout.c's fail, the Schematron engine's kaigo_sch_load_error, privacy.c's
# load_error, norm.c's issue_msg)
XGETTEXT_FLAGS = --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: \
	--keyword=_ --keyword=N_ \
	--keyword=kaigo_diag_report:7 --flag=kaigo_diag_report:7:c-format \
	--keyword=kaigo_cli_usage_error:2 --flag=kaigo_cli_usage_error:2:c-format \
	--keyword=fail:3 --flag=fail:3:c-format \
	--keyword=load_error:4 --flag=load_error:4:c-format \
	--keyword=kaigo_sch_load_error:4 --flag=kaigo_sch_load_error:4:c-format \
	--keyword=issue_msg:2 --flag=issue_msg:2:c-format \
	--package-name=kaigo --package-version=$(VERSION) --no-wrap --sort-by-file \
	--add-location=file
PO_SOURCES = $(sort $(wildcard lib/*.c tools/*.c include/kaigo/*.h))

all: $(LIB) $(TOOLS) $(MO_FILES)

po/locale/%/LC_MESSAGES/kaigo.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# the template, regenerated from the sources (not kept in git); locations
# name the file only, so that a change elsewhere in a file does not touch
# po/*.po (fewer merge conflicts)
po/kaigo.pot: $(PO_SOURCES) Makefile
	@echo "xgettext -o $@"
	@xgettext $(XGETTEXT_FLAGS) -o $@ $(PO_SOURCES)

# every message of the sources translated, none fuzzy: a new English message
# without its translation fails make check (run make update-po, translate)
check-po: po/kaigo.pot
	@for l in $(LINGUAS); do \
		printf 'po/%s.po: ' "$$l"; \
		msgfmt --check --statistics -o /dev/null po/$$l.po 2>&1 || exit 1; \
		msgcmp po/$$l.po po/kaigo.pot || { echo "po/$$l.po: messages above are missing or untranslated (make update-po)"; exit 1; }; \
	done

update-po: po/kaigo.pot
	for l in $(LINGUAS); do msgmerge --update --backup=none --no-wrap --add-location=file po/$$l.po po/kaigo.pot || exit 1; done

$(LIB): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

lib/%.o: lib/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The installed data directory is compiled into lib/catalog.o.  The stamp
# holds its value and changes when PREFIX or DATADIR does, so that
# `make && make install PREFIX=/opt/k` rebuilds and relinks the tools to look
# in /opt/k/share/kaigo (the rule always runs; make sees the stamp's new
# time only when the value changed).
lib/.datadir: FORCE
	@echo '$(KAIGODIR) $(LOCALEDIR)' | cmp -s - $@ || echo '$(KAIGODIR) $(LOCALEDIR)' > $@
lib/catalog.o lib/cli.o: lib/.datadir
FORCE:

tools/%.o: tools/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

tools/kaigo-%: tools/kaigo-%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPLIBS)

tests/unit/%.o: tests/unit/%.c
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

tests/unit/runner: $(UNIT_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJS) $(LIB) $(DEPLIBS) $(CHECK_LIBS)

bench/%.o: bench/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

bench/kaigo-gendata: bench/kaigo-gendata.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPLIBS)

bench/kaigo-gencsv: bench/kaigo-gencsv.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPLIBS)

# the tests compare English messages: a LANGUAGE of the caller's would
# override their LC_ALL=C.UTF-8
unexport LANGUAGE

VALGRIND_CMD = valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite

check: all tests/unit/runner $(BENCH_TOOLS)
	$(MAKE) --no-print-directory check-po
	$(if $(VALGRIND),CK_FORK=no $(VALGRIND_CMD) )tests/unit/runner
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/cli/run.sh
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/badinput/run.sh
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/rules/run.sh
	sh tests/rules/nofast.sh > tests/rules/nofast.log || { grep -v '^ok' tests/rules/nofast.log; exit 1; }
	tail -n 1 tests/rules/nofast.log
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/schematron/run.sh
	sh tests/privacy/run.sh
	sh tests/rules/check-catalogue.sh
	sh tests/rules/schxslt.sh > tests/rules/schxslt.log || { grep -v '^ok' tests/rules/schxslt.log; exit 1; }
	tail -n 2 tests/rules/schxslt.log
	sh tests/due/run.sh
	sh tests/readme/run.sh
	sh tests/man/run.sh
	sh tests/parallel/run.sh
	$(if $(SANITIZE)$(VALGRIND),,$(if $(filter 0,$(BROWSER)),,sh tests/browser/run.sh))
	$(if $(SANITIZE),$(MAKE) check-fuzz)

# every tests/rules example with a standard Schematron processor (SchXslt 1.10
# on xsltproc): the same rule ids as kaigo-validate (part of make check)
check-schxslt: all
	sh tests/rules/schxslt.sh

# the pages of kaigo-publish in headless Chromium (part of make check, except
# in sanitizer and valgrind runs, or with BROWSER=0)
check-browser: all
	sh tests/browser/run.sh

check-slow: all tests/unit/runner $(BENCH_TOOLS)
	KAIGO_SLOW=1 tests/unit/runner
	sh tests/slow/run.sh

demo: all
	sh scripts/demo.sh

# libFuzzer harnesses (clang): each replays fuzz/regressions, then fuzzes
# FUZZ_SECONDS per harness (see fuzz/README.md)
FUZZ_SECONDS ?= 60
fuzz:
	sh scripts/setup.sh fuzz
	$(MAKE) -f fuzz/Makefile.fuzz -j2
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh

# every harness briefly, failing on any finding (run by make check SANITIZE=...,
# which CI does)
FUZZ_CHECK_SECONDS ?= 15
check-fuzz:
	sh scripts/setup.sh fuzz
	$(MAKE) -f fuzz/Makefile.fuzz -j2
	FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS) FUZZ_STRICT=1 sh fuzz/run.sh

bench: all $(BENCH_TOOLS)
	sh bench/run.sh

# Installed man pages name the installed files, not the source tree's.
MANSED = -e 's|docs/\([a-z]*\.md\)|$(DOCDIR)/\1|g' \
	-e 's|schemas/rules/|$(KAIGODIR)/rules/|g' \
	-e 's|schemas/layouts/|$(KAIGODIR)/layouts/|g' \
	-e 's|samples/\([a-z]*\)/README\.md|$(DOCDIR)/examples/\1/README.md|g' \
	-e 's|^\.B README\.md$$|.B $(DOCDIR)/README.md|' \
	-e 's|/usr/local/share/kaigo|$(KAIGODIR)|g'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(KAIGODIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	for m in man/*.1; do sed $(MANSED) "$$m" > "$(DESTDIR)$(MANDIR)/man1/$${m#man/}" && \
		chmod 644 "$(DESTDIR)$(MANDIR)/man1/$${m#man/}" || exit 1; done
	# Japanese man pages where man-db looks with LANG=ja_JP.UTF-8
	install -d $(DESTDIR)$(MANDIR)/ja/man1
	for m in man/ja/*.1; do sed $(MANSED) "$$m" > "$(DESTDIR)$(MANDIR)/ja/man1/$${m#man/ja/}" && \
		chmod 644 "$(DESTDIR)$(MANDIR)/ja/man1/$${m#man/ja/}" || exit 1; done
	cd schemas && find . -type f | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(KAIGODIR)/$$f" || exit 1; done
	# the failing example of every rule, with its parameters (kaigo-validate --explain)
	install -D -m 644 tests/rules/params "$(DESTDIR)$(KAIGODIR)/examples/rules/params"
	for f in tests/rules/*/fail.xml tests/rules/*/params; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(KAIGODIR)/examples/rules/$${f#tests/rules/}" || exit 1; done
	install -m 644 README.md README.ja.md LICENSE docs/*.md $(DESTDIR)$(DOCDIR)/
	cd samples && find . -type f | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DOCDIR)/examples/$$f" || exit 1; done
	for t in $(TOOLS); do install -m 644 completion/kaigo "$(DESTDIR)$(COMPLETIONDIR)/$${t#tools/}" || exit 1; done
	for l in $(LINGUAS); do install -D -m 644 po/locale/$$l/LC_MESSAGES/kaigo.mo \
		"$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kaigo.mo" || exit 1; done

uninstall:
	for t in $(TOOLS); do rm -f "$(DESTDIR)$(BINDIR)/$${t#tools/}" "$(DESTDIR)$(COMPLETIONDIR)/$${t#tools/}"; done
	for m in man/*.1; do rm -f "$(DESTDIR)$(MANDIR)/man1/$${m#man/}"; done
	for m in man/ja/*.1; do rm -f "$(DESTDIR)$(MANDIR)/ja/man1/$${m#man/ja/}"; done
	for l in $(LINGUAS); do rm -f "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kaigo.mo"; done
	rm -rf "$(DESTDIR)$(DATADIR)/kaigo" "$(DESTDIR)$(DATADIR)/doc/kaigo"

check-install: all
	sh scripts/check-install.sh

check-deb:
	sh scripts/check-deb.sh

clean:
	rm -f lib/*.o lib/*.d $(LIB) tools/*.o tools/*.d $(TOOLS) \
	      tests/unit/*.o tests/unit/*.d tests/unit/runner \
	      bench/*.o bench/*.d $(BENCH_TOOLS) lib/.datadir po/kaigo.pot
	rm -rf po/locale
	rm -rf tests/cli/out tests/rules/out tests/rules/out-schxslt tests/rules/schxslt.log tests/rules/out-nofast tests/rules/nofast.log tests/schematron/out \
	      tests/privacy/out tests/due/out tests/readme/out tests/man/out tests/browser/out tests/parallel/out out fuzz/build fuzz/out

.PHONY: all demo check check-browser check-schxslt check-fuzz check-slow fuzz bench install uninstall clean \
	check-install check-deb check-po update-po FORCE
.SECONDARY:

-include $(wildcard lib/*.d tools/*.d tests/unit/*.d bench/*.d)
