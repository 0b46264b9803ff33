# Annals: the two commands of the README, and a few more.
#   make run    install what is missing, build, open the NATO 2026 dataset
#   make test   install what is missing, build, run every test suite
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
DATASET    ?= data/nato-2026.xml
BENCH_SIZES ?= 10000 100000 1000000
MESON      ?= meson
# Under a virtual X server and a private D-Bus, as on a machine without a display.
HEADLESS   = dbus-run-session -- xvfb-run -a -s '-screen 0 1920x1080x24'
TEST_ENV   = GSETTINGS_BACKEND=memory GTK_A11Y=none GSK_RENDERER=cairo NO_AT_BRIDGE=1

.PHONY: all deps build run test test-valgrind test-asan test-fuzz bench fuzz clean

all: build

deps:
	@./.ci/install-deps

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --prefix=/usr

build: deps $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

run: build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "annals: no display; starting under Xvfb (close with Ctrl+C)"; \
	  $(TEST_ENV) GSETTINGS_SCHEMA_DIR=$(BUILD)/data ANNALS_LOCALEDIR=$(abspath $(BUILD))/po $(HEADLESS) $(BUILD)/app/annals $(DATASET); \
	else \
	  GSETTINGS_SCHEMA_DIR=$(BUILD)/data ANNALS_LOCALEDIR=$(abspath $(BUILD))/po $(BUILD)/app/annals $(DATASET); \
	fi

test: build
	$(TEST_ENV) $(HEADLESS) $(MESON) test -C $(BUILD) --print-errorlogs
	$(MAKE) test-valgrind
	$(MAKE) test-asan
	$(MAKE) test-fuzz

# The parser, importer, writer and date tests under valgrind: no leak, no
# invalid access. (test-timeline builds a million events: too slow there.)
VALGRIND = valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	--suppressions=$(CURDIR)/tests/valgrind.supp
test-valgrind: build
	$(MESON) test -C $(BUILD) --wrap='$(VALGRIND)' --timeout-multiplier=20 --print-errorlogs \
	  test-parser test-import test-writer test-date test-render

# Core and render suites under AddressSanitizer + UndefinedBehaviorSanitizer,
# leaks included. GTK is left out: it is not what is under test here.
$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) -Dgui=disabled -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dbuildtype=debug

test-asan: deps $(ASAN_BUILD)/build.ninja
	$(MESON) compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(MESON) test -C $(ASAN_BUILD) --timeout-multiplier=5 --print-errorlogs \
	  test-date test-timeline test-parser test-import test-writer test-layout test-i18n \
	  test-search test-cli test-render test-export replay-fuzz-native replay-fuzz-simile \
	  replay-fuzz-timeline-project replay-fuzz-date replay-fuzz-list
# fast_unwind_on_malloc=0: glib and fontconfig have no frame pointers, and the
# leak suppressions only match full stacks. It makes every allocation slow, so
# test-parser compares a sample of the grammar variants under ASan.

# Speed and memory figures for 10 000 to 1 000 000 events, into bench.json.
$(BENCH_BUILD)/build.ninja:
	$(MESON) setup $(BENCH_BUILD) -Dgui=disabled -Dbuildtype=release

bench: deps $(BENCH_BUILD)/build.ninja
	$(MESON) compile -C $(BENCH_BUILD)
	tests/bench.sh $(BENCH_BUILD) $(BENCH_SIZES)
	tests/memory-worst.sh $(BENCH_BUILD)/app/cli/annals

# libFuzzer targets under ASan + UBSan, FUZZ_SECONDS per target.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 180
$(FUZZ_BUILD)/build.ninja:
	CC=clang $(MESON) setup $(FUZZ_BUILD) -Dgui=disabled -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized

fuzz: deps $(FUZZ_BUILD)/build.ninja
	$(MESON) compile -C $(FUZZ_BUILD)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Part of make test: every target for FUZZ_SMOKE_SECONDS, so that a crash the
# fuzzer reaches quickly fails CI. Crashes are kept in $(FUZZ_BUILD)/fuzz-crashes.
FUZZ_SMOKE_SECONDS ?= 30
test-fuzz: deps $(FUZZ_BUILD)/build.ninja
	$(MESON) compile -C $(FUZZ_BUILD)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)
