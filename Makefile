# eks-upgrade — see README.md. `make` runs ./build.sh (tools, dependencies, binary).
#   make ARCH=arm64     ./build.sh --arch arm64: the same binary cross-built for arm64
#   make sbom           eks-upgrade.spdx.json (SPDX 2.3), from vendor/pins.sh
#   make dist           dist/: both architectures' binaries, SHA256SUMS, the SBOM
# Internal targets take the dependency directory from build.sh / tests/run.sh:
#   make binary DEPS=<musl deps dir> [ARCH=arm64]   the static, stripped binary
#   make unit HOST_DEPS=<host deps dir>    unit tests, plain and ASan+UBSan
#   make unit-cross DEPS=<musl deps dir> ARCH=arm64  unit tests for ARCH (static)
PREFIX ?= /usr/local
BUILD := build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# The compiled-in CA roots: "pinned" (vendor/ca-roots.sh: Mozilla's set from the
# pinned Debian ca-certificates source), a PEM file, or "none".
CA_BUNDLE ?= pinned

# ARCH (amd64, arm64) is the target. The build machine's own architecture gives
# ./eks-upgrade; another gives ./eks-upgrade-ARCH (cross-built).
NATIVE_ARCH := $(shell . vendor/common.sh && native_arch)
ARCH ?= $(NATIVE_ARCH)
ifeq ($(ARCH),$(NATIVE_ARCH))
BIN := eks-upgrade
else
BIN := eks-upgrade-$(ARCH)
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wpointer-arith -Wundef -Wno-missing-field-initializers
BEARSSL_VERSION := $(shell . vendor/pins.sh && echo $$BEARSSL_VERSION)
STD := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DEKS_UPGRADE_VERSION='"$(VERSION)"' \
       -DEKS_BEARSSL_VERSION='"$(BEARSSL_VERSION)"'

# Folders are layers (README "Source layout"): cmd → upgrade → aws → net → util.
LAYERS := cmd upgrade aws aws/creds net util
ALL_SRC := $(filter-out $(SKIP),src/main.c $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.c)))
LIB_SRC := $(filter-out src/main.c,$(ALL_SRC))
HDRS := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.h))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
# Generated at build time, the same for every target: the trust anchors and the
# component list (vendor/sbom.sh).
GEN := trust_anchors components

# --- the shipped binary (musl from the pinned source, static) --------------
MUSL_CC ?= $(DEPS)/musl/bin/musl-gcc
MUSL := $(BUILD)/musl-$(ARCH)
MUSL_CFLAGS := $(STD) $(WARN) -Os -ffunction-sections -fdata-sections \
               -fno-asynchronous-unwind-tables -isystem $(DEPS)/include -Isrc
MUSL_LDFLAGS := -static -Wl,--gc-sections -s
MUSL_GEN_OBJ := $(patsubst %,$(MUSL)/%.o,$(GEN))
MUSL_OBJ := $(patsubst src/%.c,$(MUSL)/%.o,$(ALL_SRC)) $(MUSL_GEN_OBJ)
MUSL_LIB_OBJ := $(patsubst src/%.c,$(MUSL)/%.o,$(LIB_SRC)) $(MUSL_GEN_OBJ)
MUSL_UNITS := $(patsubst tests/unit/%.c,$(MUSL)/%,$(UNIT_SRC))
DEP_LIBS = $(1)/lib/libcurl.a $(1)/lib/libbearssl.a
BRSSL ?= $(or $(DEPS),$(HOST_DEPS))/bin/brssl

.PHONY: all binary unit-build unit-cross tools-host test check format clean install bench demo fuzz \
        sbom dist FORCE

all:
	./build.sh --arch $(ARCH)

binary: $(BIN)

$(BIN): $(MUSL_OBJ)
	@test -n "$(DEPS)" || { echo "make: DEPS is not set; run ./build.sh" >&2; exit 2; }
	$(MUSL_CC) $(MUSL_LDFLAGS) -o $@ $(MUSL_OBJ) $(call DEP_LIBS,$(DEPS))
	sha256sum $@ > $@.sha256

$(MUSL)/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<

# The pinned Mozilla roots, pre-decoded into BearSSL trust anchors by BearSSL's
# own tool, so no PEM is parsed at run time. ca-bundle.id changes when
# CA_BUNDLE does, so switching it regenerates the store.
$(BUILD)/ca-bundle.id: FORCE | $(BUILD)
	@echo '$(CA_BUNDLE)' | cmp -s - $@ || echo '$(CA_BUNDLE)' > $@
$(BUILD)/trust_anchors.c: $(BUILD)/ca-bundle.id src/net/gen_trust_anchors.sh vendor/pins.sh \
                          vendor/ca-roots.sh vendor/certdata2pem.pl $(filter-out pinned none,$(CA_BUNDLE))
	sh src/net/gen_trust_anchors.sh "$(BRSSL)" "$(CA_BUNDLE)" > $@.tmp && mv $@.tmp $@
$(BUILD)/components.c: vendor/sbom.sh vendor/pins.sh VERSION | $(BUILD)
	sh vendor/sbom.sh c > $@.tmp && mv $@.tmp $@

$(MUSL)/%.o: $(BUILD)/%.c src/net/trust.h src/cmd/components.h
	@mkdir -p $(@D)
	$(MUSL_CC) $(STD) -Os -ffunction-sections -fdata-sections -isystem $(DEPS)/include -Isrc -c -o $@ $<

# Unit tests for a cross-built target: static, run under qemu-user by
# tests/cross.sh.
$(MUSL)/test_%: tests/unit/test_%.c tests/unit/unit.h $(MUSL_LIB_OBJ)
	$(MUSL_CC) $(MUSL_CFLAGS) -static -o $@ $< $(MUSL_LIB_OBJ) $(call DEP_LIBS,$(DEPS))
unit-cross: $(MUSL_UNITS)

$(BUILD) $(BUILD)/host $(BUILD)/asan:
	mkdir -p $@

# --- unit tests (host compiler; once plain, once with ASan+UBSan) ----------
HOST_CC ?= cc
ASAN_CC ?= clang
HOST_CFLAGS := $(STD) $(WARN) -g -O1 -isystem $(HOST_DEPS)/include -Isrc
ASAN_CFLAGS := $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/host/%.o,$(LIB_SRC)) $(patsubst %,$(BUILD)/host/%.o,$(GEN))
ASAN_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/asan/%.o,$(LIB_SRC)) $(patsubst %,$(BUILD)/asan/%.o,$(GEN))
HOST_UNITS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(UNIT_SRC))
ASAN_UNITS := $(patsubst tests/unit/%.c,$(BUILD)/asan/%,$(UNIT_SRC))

$(BUILD)/host/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -c -o $@ $<
$(BUILD)/asan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) -c -o $@ $<
$(BUILD)/host/%.o: $(BUILD)/%.c src/net/trust.h src/cmd/components.h | $(BUILD)/host
	$(HOST_CC) $(STD) -isystem $(HOST_DEPS)/include -Isrc -c -o $@ $<
$(BUILD)/asan/%.o: $(BUILD)/%.c src/net/trust.h src/cmd/components.h | $(BUILD)/asan
	$(ASAN_CC) $(STD) -isystem $(HOST_DEPS)/include -Isrc -c -o $@ $<
$(BUILD)/host/test_%: tests/unit/test_%.c tests/unit/unit.h $(HOST_LIB_OBJ)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(HOST_LIB_OBJ) $(call DEP_LIBS,$(HOST_DEPS))
$(BUILD)/asan/test_%: tests/unit/test_%.c tests/unit/unit.h $(ASAN_LIB_OBJ)
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $< $(ASAN_LIB_OBJ) $(call DEP_LIBS,$(HOST_DEPS))

unit-build: $(HOST_UNITS) $(ASAN_UNITS)

# The whole tool built for the host: plain (for valgrind) and with ASan+UBSan
# over our code and the dependencies (ASAN_DEPS from build-deps.sh asan).
$(BUILD)/host/eks-upgrade: $(HOST_LIB_OBJ) $(BUILD)/host/main.o
	$(HOST_CC) -o $@ $^ $(call DEP_LIBS,$(HOST_DEPS))
$(BUILD)/asan/eks-upgrade: $(ASAN_LIB_OBJ) $(BUILD)/asan/main.o
	@test -n "$(ASAN_DEPS)" || { echo "make: ASAN_DEPS is not set" >&2; exit 2; }
	$(ASAN_CC) -fsanitize=address,undefined -o $@ $^ $(call DEP_LIBS,$(ASAN_DEPS))
tools-host: $(BUILD)/host/eks-upgrade $(BUILD)/asan/eks-upgrade

# --- user-facing targets ----------------------------------------------------
test:
	sh tests/run.sh

check:
	sh tests/check.sh

fuzz: ; sh tests/fuzz/run.sh

format:
	clang-format -i $(ALL_SRC) $(HDRS) tests/unit/*.c tests/unit/*.h

bench:
	sh tests/bench.sh

demo:
	sh tests/demo.sh

# The SPDX 2.3 document of what is inside the binaries (vendor/sbom.sh).
sbom:
	sh vendor/sbom.sh spdx > eks-upgrade.spdx.json.tmp && mv eks-upgrade.spdx.json.tmp eks-upgrade.spdx.json
	@echo "make: wrote eks-upgrade.spdx.json" >&2

# dist/eks-upgrade-VERSION-linux-{amd64,arm64}, SHA256SUMS and the SBOM.
dist:
	sh vendor/dist.sh

install:
	@test -x eks-upgrade || { echo "make install: run ./build.sh first" >&2; exit 2; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 eks-upgrade $(DESTDIR)$(PREFIX)/bin/eks-upgrade
	install -m 0644 src/eks-upgrade.1 $(DESTDIR)$(PREFIX)/share/man/man1/eks-upgrade.1

clean:
	rm -rf $(BUILD) dist eks-upgrade eks-upgrade.sha256 eks-upgrade-*64 eks-upgrade-*64.sha256 \
	       eks-upgrade.spdx.json
