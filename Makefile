# kaigo - build, test and install.  GNU make.
#
#   make                 build the library and tools
#   make demo            run the tools on the bundled samples (results in out/demo)
#   make check           unit tests (Check) + CLI golden tests + pages in headless Chromium
#   make check-slow      large-corpus property and idempotence tests
#   make check-browser   only the Chromium page tests (BROWSER=0 make check skips them)
#   make bench           timings against the peer tools (see bench/README.md)
#   make fuzz            libFuzzer harnesses for every parser (FUZZ_SECONDS=60 each)
#   make check-fuzz      each harness 15 s, failing on a finding (part of make check SANITIZE=...)
#   make install         PREFIX=/usr/local DESTDIR=
#   make DEVELOPER=1     warnings are errors
#   make SANITIZE=address,undefined   build with sanitizers
#   make check VALGRIND=1             run the tests under valgrind memcheck

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/kaigo
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

VERSION = 0.1.0
PKGS = libxml-2.0 libxslt libexslt icu-uc icu-i18n
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
DEPLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS)) $(shell $(MECAB_CONFIG) --libs)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Iinclude $(DEPCFLAGS) $(WARN) $(CFLAGS) $(SANFLAGS) $(SANDEFS) \
	-DKAIGO_VERSION='"$(VERSION)"' -DKAIGO_DATADIR='"$(DATADIR)"' \
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
	lib/csv.o \
	lib/xmlin.o \
	lib/xmlmem.o \
	lib/normfile.o \
	lib/catalog.o \
	lib/validate.o \
	lib/sch.o \
	lib/report.o \
	lib/split.o \
	lib/layout.o \
	lib/convert.o \
	lib/outsafe.o \
	lib/canon.o \
	lib/names.o \
	lib/privacy.o \
	lib/publish.o

TOOLS = \
	tools/kaigo-normalize \
	tools/kaigo-validate \
	tools/kaigo-csv2xml \
	tools/kaigo-xml2csv \
	tools/kaigo-publish

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
	tests/unit/check_privacy.o

BENCH_TOOLS = bench/kaigo-gendata bench/kaigo-gencsv

LIB = lib/libkaigo.a

all: $(LIB) $(TOOLS)

$(LIB): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

lib/%.o: lib/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

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

VALGRIND_CMD = valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite

check: all tests/unit/runner $(BENCH_TOOLS)
	$(if $(VALGRIND),CK_FORK=no $(VALGRIND_CMD) )tests/unit/runner
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/cli/run.sh
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/badinput/run.sh
	VALGRIND="$(if $(VALGRIND),$(VALGRIND_CMD))" sh tests/rules/run.sh
	sh tests/privacy/run.sh
	sh tests/rules/check-catalogue.sh
	sh tests/parallel/run.sh
	$(if $(SANITIZE)$(VALGRIND),,$(if $(filter 0,$(BROWSER)),,sh tests/browser/run.sh))
	$(if $(SANITIZE),$(MAKE) check-fuzz)

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

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cd schemas && find . -type f | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/$$f"; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$(basename $$t); done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$(basename $$m); done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f lib/*.o lib/*.d $(LIB) tools/*.o tools/*.d $(TOOLS) \
	      tests/unit/*.o tests/unit/*.d tests/unit/runner \
	      bench/*.o bench/*.d $(BENCH_TOOLS)
	rm -rf tests/cli/out tests/rules/out tests/privacy/out tests/browser/out tests/parallel/out out fuzz/build fuzz/out

.PHONY: all demo check check-browser check-fuzz check-slow fuzz bench install uninstall clean
.SECONDARY:

-include $(wildcard lib/*.d tools/*.d tests/unit/*.d bench/*.d)
