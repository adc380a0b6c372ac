# sibai — build, test and run.  `make demo` and `make test` are the two
# commands a newcomer needs; both install what is missing first.

CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libsodium xlsxwriter zlib gdlib libzip expat
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla
BASE_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS)

# The release build is hardened (docs/ARCHITECTURE.md, "Hardening"); the
# sanitizer build is not: _FORTIFY_SOURCE and ASan both wrap the string
# functions, and the sanitizers need no position-independent executable.
RELEASE_CFLAGS  := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
RELEASE_LDFLAGS := -pie -Wl,-z,relro,-z,now
ASAN_CFLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
                  -fno-sanitize-recover=undefined

SRCS      := $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
MIGRATIONS := $(sort $(wildcard src/store/sqlite/migrations/*.sql))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
GEN       := build/gen/embedded.c

DEMO_DB   ?= demo.db
DEMO_PORT ?= 8080

.PHONY: all build binaries asan deps deps-run test unit e2e browser lint format demo demo-reset clean compdb bench \
        fuzz fuzz-build fuzz-smoke

all: build

# `make` installs what building needs when it is missing (scripts/deps.sh run),
# then builds in a second make, which sees the packages just installed.
build: build/.deps-run
	@$(MAKE) --no-print-directory binaries
binaries: build/release/sibai sibai web/vendor/echarts.common.min.js
asan: build/asan/sibai

sibai: build/release/sibai
	cp $< $@

# ECharts comes from the npm registry (package.json) and is copied in, not committed.
# The UI loads its "common" build (line, bar, pie; 715 KB, not 1.1 MB: issue 18).
web/vendor/echarts%.min.js: package.json
	@mkdir -p web/vendor
	@if [ -f node_modules/echarts/dist/echarts$*.min.js ]; then \
		cp node_modules/echarts/dist/echarts$*.min.js $@; \
	else echo "echarts is missing: run make (it installs it with npm ci)"; exit 1; fi

# --- generated sources -------------------------------------------------------

$(GEN): scripts/embed.sh data/shanghai-divisions.csv docs/openapi.yaml $(MIGRATIONS)
	@mkdir -p $(@D)
	sh scripts/embed.sh $@ data/shanghai-divisions.csv docs/openapi.yaml $(MIGRATIONS)

# --- two builds: release and sanitizers ---------------------------------------

# $(1): the variant, $(2): its compile flags, $(3): its link flags.
define variant
build/$(1)/obj/%.o: src/%.c
	@mkdir -p $$(@D)
	@echo "  CC ($(1)) $$<"
	@$$(CC) $$(BASE_CFLAGS) $(2) -MMD -MP -c $$< -o $$@

build/$(1)/obj/gen/embedded.o: $(GEN)
	@mkdir -p $$(@D)
	@echo "  CC ($(1)) $$<"
	@$$(CC) $$(BASE_CFLAGS) $(2) -c $$< -o $$@

build/$(1)/libsibai.a: $(patsubst src/%.c,build/$(1)/obj/%.o,$(LIB_SRCS)) build/$(1)/obj/gen/embedded.o
	@rm -f $$@
	@ar rcs $$@ $$^

build/$(1)/sibai: build/$(1)/obj/main.o build/$(1)/libsibai.a
	@echo "  LD ($(1)) $$@"
	@$$(CC) $(2) $(3) -o $$@ $$^ $$(PKG_LIBS)

build/$(1)/tests/%: tests/unit/%.c build/$(1)/libsibai.a
	@mkdir -p $$(@D)
	@echo "  CC ($(1)) $$<"
	@$$(CC) $$(BASE_CFLAGS) $(2) $(3) -Itests/unit -o $$@ $$< build/$(1)/libsibai.a $$(PKG_LIBS) -lcriterion

-include $$(wildcard build/$(1)/obj/*.d build/$(1)/obj/*/*.d build/$(1)/obj/*/*/*.d)
endef

$(eval $(call variant,release,$(RELEASE_CFLAGS),$(RELEASE_LDFLAGS)))
$(eval $(call variant,asan,$(ASAN_CFLAGS)))

UNIT_BINS = $(patsubst tests/unit/%.c,%,$(UNIT_SRCS))

# --- fuzzing (libFuzzer, clang) -------------------------------------------------

# One target per parser of outside input (tests/fuzz/fuzz_*.c), each with its
# seed corpus in tests/fuzz/corpus/<target>/.  The library is built again with
# clang, the sanitizers and libFuzzer's coverage in build/fuzz/obj.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
# The warnings are gcc's (the release build); clang 14 also counts `{NULL}`,
# the end of every field table, as a missing initializer, and a vprintf-like
# helper's format as a non-literal one.  FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
# (the usual name) makes the XLSX reader skip the ZIP checksums.
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
                -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
                -Wno-missing-field-initializers -Wno-format-nonliteral
FUZZ_SAN     := address,undefined
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_OBJS    := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB_SRCS)) build/fuzz/obj/gen/embedded.o

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC (fuzz) $<"
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -MMD -MP -c $< -o $@

build/fuzz/obj/gen/embedded.o: $(GEN)
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/libsibai.a: $(FUZZ_OBJS)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libsibai.a
	@echo "  LD (fuzz) $@"
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -Itests/fuzz \
		-o $@ $< build/fuzz/libsibai.a $(PKG_LIBS)

-include $(wildcard build/fuzz/obj/*.d build/fuzz/obj/*/*.d build/fuzz/obj/*/*/*.d)

fuzz-build: $(addprefix build/fuzz/,$(FUZZ_TARGETS))

# `make fuzz` runs each target FUZZ_SECONDS (60) seconds, `make fuzz-smoke` 5.
fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@sh tests/fuzz/run.sh 5 $(FUZZ_TARGETS)

# --- dependencies -------------------------------------------------------------

# Two sets (scripts/deps.sh): what building and running need, and what the
# tests need as well (Criterion, linters, Chromium, the npm test tools).
# `make demo` installs the first only.
deps-run: build/.deps-run
deps: build/.deps-test

build/.deps-run: scripts/deps.sh package.json package-lock.json
	sh scripts/deps.sh run
	@mkdir -p build && touch $@

build/.deps-test: scripts/deps.sh package.json package-lock.json
	sh scripts/deps.sh test
	@mkdir -p build && touch $@ build/.deps-run

# --- tests ----------------------------------------------------------------------

# The sanitizers must not stop on leaks from libraries we do not own.
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1

test: build/.deps-test
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) fuzz-smoke
	$(MAKE) e2e
	$(MAKE) browser
	@echo "make test: all suites passed"

# Criterion runs each test in a child process, so a sanitizer report there
# does not fail the run by itself: the output is searched for one as well.
unit: $(foreach v,release asan,$(addprefix build/$(v)/tests/,$(UNIT_BINS)))
	@set -e; mkdir -p build/logs; for v in release asan; do \
		for t in $(UNIT_BINS); do \
			echo "== unit ($$v): $$t"; \
			build/$$v/tests/$$t --jobs 2 > build/logs/$$t.$$v.log 2>&1 || \
				{ cat build/logs/$$t.$$v.log; exit 1; }; \
			tail -n 1 build/logs/$$t.$$v.log; \
			if grep -qE 'Sanitizer|runtime error:' build/logs/$$t.$$v.log; then \
				cat build/logs/$$t.$$v.log; echo "sanitizer report in $$t ($$v)"; exit 1; fi; \
		done; \
	done

# Every response is checked against docs/openapi.yaml (tests/e2e/lib/contract.mjs);
# the count of each run is printed after it.
e2e: build/release/sibai build/asan/sibai
	@echo "== e2e (release)"
	SIBAI_BIN=$(CURDIR)/build/release/sibai node --test --test-concurrency=2 tests/e2e/*.test.mjs
	@node tests/e2e/lib/contract-total.mjs
	@echo "== e2e (asan)"
	SIBAI_BIN=$(CURDIR)/build/asan/sibai SIBAI_SLOW=1 node --test --test-concurrency=2 tests/e2e/*.test.mjs
	@node tests/e2e/lib/contract-total.mjs

# Browser tests: Playwright (playwright-core) driving Debian's Chromium.
browser: build/release/sibai web/vendor/echarts.common.min.js
	@if ls tests/browser/*.test.mjs >/dev/null 2>&1; then \
		SIBAI_BIN=$(CURDIR)/build/release/sibai node --test --test-concurrency=2 tests/browser/*.test.mjs; \
	else echo "no browser tests yet"; fi

lint:
	sh scripts/check-layers.sh
	clang-format --dry-run --Werror $(SRCS) $(wildcard src/*/*.h src/*/*/*.h) $(UNIT_SRCS) $(FUZZ_SRCS) tests/fuzz/fuzz.h
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -D_GNU_SOURCE -Isrc -Ibuild/gen -Itests/fuzz \
		--std=c11 $(SRCS) $(FUZZ_SRCS)
	node_modules/.bin/redocly lint --format=stylish docs/openapi.yaml

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h src/*/*/*.h) $(UNIT_SRCS) $(FUZZ_SRCS) tests/fuzz/fuzz.h

# compile_commands.json for clangd, written by hand (no bear needed).
compdb: $(GEN)
	@{ echo '['; sep=''; for f in $(SRCS) $(GEN); do \
		printf '%s{"directory":"%s","file":"%s","command":"%s %s -c %s"}\n' "$$sep" \
		"$(CURDIR)" "$$f" "$(CC)" "$(BASE_CFLAGS)" "$$f"; sep=','; done; echo ']'; } \
		> compile_commands.json
	@echo "wrote compile_commands.json"

# --- the demo -----------------------------------------------------------------

demo: build
	sh scripts/demo.sh $(DEMO_DB) $(DEMO_PORT)

demo-reset:
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).key $(DEMO_DB).passwords

# The benchmark suite (bench/README.md): installs nginx and wrk, builds, makes
# or reuses the district data set, measures against references taken in the
# same run, and writes bench/RESULTS.md.  Not part of make test.
bench: build/.deps-test build
	sh bench/run.sh

clean:
	rm -rf build sibai compile_commands.json
