# eks-upgrade — see README.md. `make` runs ./build.sh (tools, dependencies, binary).
# Internal targets take the dependency directory from build.sh / tests/run.sh:
#   make binary DEPS=<musl deps dir>       the static, stripped ./eks-upgrade
#   make unit HOST_DEPS=<host deps dir>    unit tests, plain and ASan+UBSan
PREFIX ?= /usr/local
BUILD := build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt

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

# --- the shipped binary (musl, static) --------------------------------------
MUSL_CC ?= musl-gcc
MUSL_CFLAGS := $(STD) $(WARN) -Os -ffunction-sections -fdata-sections \
               -fno-asynchronous-unwind-tables -isystem $(DEPS)/include -Isrc
MUSL_LDFLAGS := -static -Wl,--gc-sections -s
MUSL_OBJ := $(patsubst src/%.c,$(BUILD)/musl/%.o,$(ALL_SRC)) $(BUILD)/musl/trust_anchors.o
DEP_LIBS = $(1)/lib/libcurl.a $(1)/lib/libbearssl.a

.PHONY: all binary unit-build tools-host test check format clean install bench demo fuzz

all:
	./build.sh

binary: eks-upgrade

eks-upgrade: $(MUSL_OBJ)
	@test -n "$(DEPS)" || { echo "make: DEPS is not set; run ./build.sh" >&2; exit 2; }
	$(MUSL_CC) $(MUSL_LDFLAGS) -o $@ $(MUSL_OBJ) $(call DEP_LIBS,$(DEPS))
	sha256sum $@ > $@.sha256

$(BUILD)/musl/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<

# The build machine's Mozilla roots, pre-decoded into BearSSL trust anchors
# by BearSSL's own tool, so no PEM is parsed at run time.
$(BUILD)/trust_anchors.c: $(CA_BUNDLE) src/net/gen_trust_anchors.sh | $(BUILD)
	sh src/net/gen_trust_anchors.sh "$(or $(DEPS),$(HOST_DEPS))/bin/brssl" $(CA_BUNDLE) > $@.tmp && mv $@.tmp $@

$(BUILD)/musl/trust_anchors.o: $(BUILD)/trust_anchors.c | $(BUILD)/musl
	$(MUSL_CC) $(STD) -Os -ffunction-sections -fdata-sections -isystem $(DEPS)/include -Isrc -c -o $@ $<

$(BUILD) $(BUILD)/musl $(BUILD)/host $(BUILD)/asan:
	mkdir -p $@

# --- unit tests (host compiler; once plain, once with ASan+UBSan) ----------
HOST_CC ?= cc
ASAN_CC ?= clang
HOST_CFLAGS := $(STD) $(WARN) -g -O1 -isystem $(HOST_DEPS)/include -Isrc
ASAN_CFLAGS := $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/host/%.o,$(LIB_SRC)) $(BUILD)/host/trust_anchors.o
ASAN_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/asan/%.o,$(LIB_SRC)) $(BUILD)/asan/trust_anchors.o
HOST_UNITS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(UNIT_SRC))
ASAN_UNITS := $(patsubst tests/unit/%.c,$(BUILD)/asan/%,$(UNIT_SRC))

$(BUILD)/host/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -c -o $@ $<
$(BUILD)/asan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) -c -o $@ $<
$(BUILD)/host/trust_anchors.o: $(BUILD)/trust_anchors.c | $(BUILD)/host
	$(HOST_CC) $(STD) -isystem $(HOST_DEPS)/include -Isrc -c -o $@ $<
$(BUILD)/asan/trust_anchors.o: $(BUILD)/trust_anchors.c | $(BUILD)/asan
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

install:
	@test -x eks-upgrade || { echo "make install: run ./build.sh first" >&2; exit 2; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 eks-upgrade $(DESTDIR)$(PREFIX)/bin/eks-upgrade
	install -m 0644 src/eks-upgrade.1 $(DESTDIR)$(PREFIX)/share/man/man1/eks-upgrade.1

clean:
	rm -rf $(BUILD) eks-upgrade eks-upgrade.sha256
