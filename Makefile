# kehoach: a terminal dashboard for following a ward's plan.
#
#   make          build ./kehoach
#   make run      install what is missing, then open the dashboard on assets/plan.yaml
#   make check    install what is missing, then run every test, then again under ASan+UBSan
#
# See README.md for the rest.

CC      ?= cc
PKGS    := ncursesw yaml-0.1 sqlite3 libutf8proc
PREFIX  ?= /usr/local
BUILD   ?= build/release

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wwrite-strings -Wpointer-arith -Wcast-qual -Wvla
CFLAGS ?= -O2 -g

ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS  := $(shell pkg-config --libs yaml-0.1 sqlite3 libutf8proc 2>/dev/null)
CMOCKA     := $(shell pkg-config --libs cmocka 2>/dev/null)

ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)

# The core links without curses: model, loader, store, app.
CORE_SRC := src/util.c src/text.c src/date.c src/error.c src/model.c \
            src/plan_yaml.c src/plan_load.c src/store.c src/app.c src/paths.c
CLI_SRC  := $(wildcard src/cli/*.c)
TUI_SRC  := $(wildcard src/tui/*.c)
MAIN_SRC := src/main.c

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o) $(TUI_SRC:%.c=$(BUILD)/%.o) $(MAIN_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libkehoach.a
BIN      := $(BUILD)/kehoach

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run check deps test test-unit test-cli test-tui clean format format-check

all: kehoach

kehoach: $(BIN)
	cp $(BIN) $@.tmp && mv -f $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(CORE_LIBS) $(CMOCKA) $(ALL_LDFLAGS)

deps:
	@scripts/deps.sh check

# The dashboard on the seed plan, with a database in a git-ignored folder.
run:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory kehoach
	@mkdir -p .run
	./kehoach --plan assets/plan.yaml --db .run/kehoach.db

# One suite, run on the normal build, then on the sanitizer build.
check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory test
	@echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
	@$(MAKE) --no-print-directory test BUILD=build/asan SAN=1 CFLAGS="-O1 -g"
	@echo "== make check: all passed"

test: $(BIN) $(UNIT_TESTS)
	@$(MAKE) --no-print-directory test-unit test-cli test-tui

test-unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; (cd tests/unit && ../../$$t); done

test-cli: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/cli/run.sh

test-tui: $(BIN)
	@if [ -x tests/tui/run.sh ]; then KEHOACH_BIN=$(abspath $(BIN)) tests/tui/run.sh; fi

format:
	clang-format -i src/*.c src/*.h src/*/*.c src/*/*.h include/kehoach/*.h tests/unit/*.c tests/unit/*.h 2>/dev/null || true

format-check:
	clang-format --dry-run -Werror src/*.c src/*.h include/kehoach/*.h $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h)

clean:
	rm -rf build kehoach

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d)
