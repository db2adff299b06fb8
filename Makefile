# Cunlu -- plain Makefile (see README.md).
#
#   make            build build/cunlu
#   make demo       install missing packages, build, solve the sample county
#   make install    install build/cunlu and its manual page cunlu.1 under
#                   PREFIX (default /usr/local), inside DESTDIR if given;
#                   make uninstall removes them
#   make check      the fast loop: plain build, unit, architecture and
#                   end-to-end tests (no sanitizers, no fuzzing)
#   make test       install missing packages, build, run the whole suite
#                   (normal build and AddressSanitizer/UBSan build, fuzzing)
#   make test-asan  only the sanitizer run
#   make fuzz       run the input-reader fuzzers for FUZZ_SECONDS each
#   make oom-sweep  fail each allocation of several runs in turn: exit 1,
#                   no crash, outputs kept (tests/tools/oom_sweep.py)
#   make test-qgis  install python3-qgis if missing, load every output layer
#                   in QGIS headless (tests/qgis/run.sh)
#   make lint       cppcheck over solver/
#   make bench SET=X FACTOR=0.05 SUBSET='--max-n 200'
#                   run a benchmark set against the best-known solutions
#                   and append the table to docs/benchmarks.md
#                   (tests/bench/run.sh; docs/benchmarks.md)

VERSION  := 0.1.0
CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wpointer-arith -Wformat=2 -Wvla -Wundef -Wcast-align
WERROR   ?= -Werror
SAN      ?=
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DESTDIR  ?=
# Quiet compiler lines unless V=1: one short line per file ("  CC  x.c"),
# or none at all with SAY=true (make demo); V=1 prints the commands.
ifeq ($(V),1)
Q :=
SAY := true
else
Q := @
SAY ?= echo
endif
CPPFLAGS += -Iinclude -Isolver -DCUNLU_VERSION='"$(VERSION)"' -D_POSIX_C_SOURCE=200809L \
            $(shell pkg-config --cflags libcjson shapelib libcurl proj 2>/dev/null)
CFLAGS   += -std=c11 $(OPT) $(WARN) $(WERROR) $(SAN) -MMD -MP
LDLIBS   += $(shell pkg-config --libs libcjson shapelib libcurl proj 2>/dev/null || echo -lcjson -lshp -lcurl -lproj) \
            -lglpk -lm
LDFLAGS  += $(SAN)

# Sources by stage, in the order data flows (README "Layout"); a folder
# includes only from the folders before it (tests/arch/layering.py checks).
STAGES   := util model io dist search ilp solve out app
SRCS     := $(foreach d,$(STAGES),$(wildcard solver/$(d)/*.c))
OBJS     := $(SRCS:solver/%.c=$(BUILD)/obj/%.o)
LIBOBJS  := $(filter-out $(BUILD)/obj/app/main.o,$(OBJS))
TSRCS    := $(wildcard tests/unit/test_*.c)
TBINS    := $(TSRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOLSRCS := $(wildcard tests/tools/*.c)
TOOLBINS := $(TOOLSRCS:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all demo test check test-asan check-build deps deps-test fuzz lint clean bench oom-sweep \
	install uninstall test-qgis

all: $(BUILD)/cunlu

$(BUILD)/cunlu: $(OBJS)
	@$(SAY) "  LD    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libcunlu.a: $(LIBOBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/%.o: solver/%.c
	@mkdir -p $(@D)
	@$(SAY) "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcunlu.a | $(BUILD)/tests
	@$(SAY) "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit -Itests/fixtures $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcunlu.a $(LDLIBS)

$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libcunlu.a | $(BUILD)/tools
	@$(SAY) "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit -Itests/fixtures $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcunlu.a $(LDLIBS)

$(BUILD)/tests $(BUILD)/tools:
	$(Q)mkdir -p $@

# The allocation-failure shim (LD_PRELOAD; tests/e2e/oom_test.sh): no
# sanitizers, it forwards to whatever allocator comes next (ASan's too).
$(BUILD)/tools/failalloc.so: tests/tools/preload/failalloc.c | $(BUILD)/tools
	@$(SAY) "  CC    $<"
	$(Q)$(CC) -std=c11 -O2 -g -Wall -Wextra $(WERROR) -fPIC -shared -o $@ $< -ldl

# Everything the test suite runs, for one build directory.
check-build: $(BUILD)/cunlu $(TBINS) $(TOOLBINS) $(BUILD)/tools/failalloc.so

deps:
	@sh tests/install-deps.sh

deps-test:
	@sh tests/install-deps.sh --test

# Where make demo writes (tests/e2e/install_test.sh points it elsewhere).
DEMO_DIR ?= out

# The sample county as a dispatcher runs it: today's orders from three
# brands, reloading tricycles and a refrigerated van (maps/andorra), for a
# fixed date (a Tuesday: the hamlets served Mon/Wed/Fri wait).
DEMO_ARGS := maps/andorra/villages.shp --depot maps/andorra/depot.shp \
	--fleet maps/andorra/fleet.json --roads maps/andorra/roads.shp \
	--orders maps/andorra/orders.csv --date 2025-06-03 --out-dir $(DEMO_DIR)/andorra --seed 1

# The drone sample (issue 15): two mountain huts no road reaches, a hamlet
# behind a no-fly zone, one drone at the depot (maps/andorra-drones).
DEMO_DRONE_ARGS := maps/andorra-drones/villages.shp --depot maps/andorra/depot.shp \
	--fleet maps/andorra-drones/fleet.json --roads maps/andorra/roads.shp \
	--no-fly maps/andorra-drones/nofly.shp --out-dir $(DEMO_DIR)/andorra-drones --seed 1

# More options for both demo runs (none: the default effort, seconds on
# the sample county; tests/e2e/install_test.sh gives a short --iterations).
DEMO_EXTRA ?=

# The demo's last words: what was written, what to open, how to run it on
# one's own data (with the binary's real path).
DEMO_BIN  = $(abspath $(BUILD)/cunlu)
DEMO_OUT  = $(abspath $(DEMO_DIR))/andorra
demo: deps
	@echo "building $(BUILD)/cunlu (V=1 shows the compiler commands)"
	@$(MAKE) --no-print-directory all SAY=true
	@mkdir -p $(DEMO_DIR)
	@echo; echo "$(BUILD)/cunlu solve $(strip $(DEMO_ARGS) $(DEMO_EXTRA))"
	@$(BUILD)/cunlu solve $(DEMO_ARGS) $(DEMO_EXTRA); \
	rc=$$?; if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi
	@echo; echo "$(BUILD)/cunlu solve $(strip $(DEMO_DRONE_ARGS) $(DEMO_EXTRA))"
	@$(BUILD)/cunlu solve $(DEMO_DRONE_ARGS) $(DEMO_EXTRA); \
	rc=$$?; if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi
	@echo
	@echo "The sample county's plan for Tuesday 2025-06-03 is in $(DEMO_OUT)/ (and with a drone"
	@echo "in $(DEMO_OUT)-drones/): a map, driver sheets, GeoJSON and shapefile layers"
	@echo "for QGIS/ArcGIS, summary.json, dispatch.csv. Open first, in any browser:"
	@echo "    $(DEMO_OUT)/map.html"
	@echo "and print sheets.html beside it for the drivers. Your own villages (a point shapefile, or"
	@echo "a CSV table with 经度/纬度 columns; see README \"Use\"):"
	@echo "    $(DEMO_BIN) solve /path/to/villages.shp --depot LON,LAT --out-dir out/mine"
	@echo "'make install' puts cunlu on the PATH with its manual page (man cunlu)."

test: deps-test
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory check-build BUILD=build-asan OPT='-O1 -g' \
	    SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
	@sh tests/run.sh build build-asan

# The edit-compile-test loop: no package check, no sanitizers, no fuzzing.
check:
	@$(MAKE) --no-print-directory check-build
	@FUZZ_SECONDS=0 OOM_SECONDS=10 QGIS_CHECK=no sh tests/run.sh build

test-asan: deps-test
	@$(MAKE) --no-print-directory check-build BUILD=build-asan OPT='-O1 -g' \
	    SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
	@FUZZ_SECONDS=0 OOM_SECONDS=10 sh tests/run.sh build-asan

# Out of memory everywhere (issue 12 item 6): fail every allocation of each
# run of tests/tools/oom_sweep.py in turn (`make test` tries a sample of
# them in tests/e2e/oom_test.sh). OOM_JOBS runs at a time; OOM_BUILD=build-asan
# for the leak checks (slower); OOM_ONLY=demo,ilp for some runs only.
OOM_JOBS  ?= 2
OOM_BUILD ?= build
OOM_ONLY  ?=
# e.g. OOM_STRIDE_OF=shp-proj=40,ilp=7: every k-th N of those runs
OOM_STRIDE_OF ?=
OOM_ASAN_ARGS := OPT='-O1 -g' SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
oom-sweep:
	@$(MAKE) --no-print-directory check-build BUILD=$(OOM_BUILD) $(if $(filter build-asan,$(OOM_BUILD)),$(OOM_ASAN_ARGS))
	python3 tests/tools/oom_sweep.py --cunlu $(OOM_BUILD)/cunlu --shim $(OOM_BUILD)/tools/failalloc.so \
	    --mode full --jobs $(OOM_JOBS) $(if $(OOM_ONLY),--only $(OOM_ONLY)) \
	    $(if $(OOM_STRIDE_OF),--stride-of $(OOM_STRIDE_OF)) --log $(OOM_BUILD)/oom-sweep.log

FUZZ_SECONDS ?= 60
fuzz: deps-test
	@FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_ONLY="$(FUZZ_ONLY)" sh tests/fuzz/run.sh $(FUZZ_SECONDS)

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	    -Iinclude -Isolver --std=c11 solver

SET      ?= X
FACTOR   ?= 0.05
SUBSET   ?=
bench: all
	sh tests/bench/run.sh $(SET) $(FACTOR) $(SUBSET)

clean:
	rm -rf build build-asan build-fuzz

# Like a Unix tool: the binary and its manual page (docs/cunlu.1), under
# PREFIX (default /usr/local), inside DESTDIR when packaging
# (tests/e2e/install_test.sh).
install: $(BUILD)/cunlu
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 0755 $(BUILD)/cunlu "$(DESTDIR)$(BINDIR)/cunlu"
	install -m 0644 docs/cunlu.1 "$(DESTDIR)$(MANDIR)/man1/cunlu.1"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/cunlu" "$(DESTDIR)$(MANDIR)/man1/cunlu.1"

# Every output layer in a real QGIS, headless: installs python3-qgis if
# missing (about 110 MB; tests/qgis/run.sh). `make test` runs the same
# check when python3-qgis is already installed.
test-qgis: all
	@DEMO_ARGS="$(DEMO_ARGS)" DEMO_DRONE_ARGS="$(DEMO_DRONE_ARGS)" CUNLU=$(BUILD)/cunlu \
	    sh tests/qgis/run.sh

-include $(OBJS:.o=.d) $(TBINS:=.d) $(TOOLBINS:=.d)
