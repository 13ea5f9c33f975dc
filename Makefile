# kehoach: a terminal dashboard for following a ward's plan.
#
#   make          build ./kehoach
#   make run      install what is missing, then open the dashboard on assets/plan.yaml
#   make check    install what is missing, then run every test, then again under ASan+UBSan
#
# See README.md for the rest.

CC      ?= cc
PKGS    := ncursesw yaml-0.1 sqlite3 libutf8proc libxxhash libzip libxml-2.0 nettle
# The document reader of `kehoach import` (src/doc/): .docx and .odt are zip
# files of XML. Debian ships no libzip.a, so LINK=static links these two shared.
DOC_PKGS := libzip libxml-2.0
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
# libzip and libxml2 are not linked: src/doc/doc_dl.c opens them by soname
# when a document is first read or written (issue 18: with ICU, libstdc++
# and libcrypto behind them they cost ~3 ms at every start).
#
# Both programs also map SQLite, libyaml and libnettle only when a command
# first uses them (src/store_sqlite_dl.c, src/plan_yaml_dl.c, src/hash_dl.c: dlopen by
# soname, every call through a pointer; issue 18: mapping the three at start
# cost about as much as calcurse's whole run). They are still named on the
# link lines, --as-needed: the link fails without their -dev packages, and
# records no NEEDED for them.
LAZY_PKGS := yaml-0.1 sqlite3 nettle
LAZY_LIBS := -Wl,--push-state,--as-needed $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null) -Wl,--pop-state
LINK_LIBS := $(shell pkg-config --libs $(filter-out $(DOC_PKGS) $(LAZY_PKGS),$(PKGS)) 2>/dev/null) \
             $(LAZY_LIBS)
NOCURSES_LIBS := $(shell pkg-config --libs $(filter-out ncursesw $(DOC_PKGS) $(LAZY_PKGS),$(PKGS)) 2>/dev/null) \
                 $(LAZY_LIBS)
soname = $(shell objdump -p $(shell pkg-config --variable=libdir $(1) 2>/dev/null)/$(2).so 2>/dev/null | sed -n 's/^ *SONAME *//p')
ZIP_SONAME := $(call soname,libzip,libzip)
XML_SONAME := $(call soname,libxml-2.0,libxml2)
DOC_DL_DEFS := $(if $(ZIP_SONAME),-DDOC_DL_ZIP_SONAME='"$(ZIP_SONAME)"') \
               $(if $(XML_SONAME),-DDOC_DL_XML_SONAME='"$(XML_SONAME)"')
SQLITE_SONAME := $(call soname,sqlite3,libsqlite3)
YAML_SONAME := $(call soname,yaml-0.1,libyaml)
NETTLE_SONAME := $(call soname,nettle,libnettle)
CORE_LIBS  := $(shell pkg-config --libs yaml-0.1 sqlite3 libutf8proc libxxhash nettle $(DOC_PKGS) 2>/dev/null)
CMOCKA     := $(shell pkg-config --libs cmocka 2>/dev/null)

# LINK=static links the five libraries from their Debian archives (.a, same
# -dev packages), libc, libzip and libxml2 stay shared: `kehoach status` then starts ~1 ms
# sooner (no dynamic loading and relocating of seven libraries; see
# bench/RESULTS.md). The default stays shared so that a security update of
# SQLite or libyaml from apt reaches kehoach without rebuilding it. libzip
# (only for writing a .docx) stays shared: Debian ships no libzip.a.
LINK ?= shared
STATIC_LIBS := -Wl,-Bstatic $(shell pkg-config --libs $(filter-out $(DOC_PKGS),$(PKGS)) 2>/dev/null) \
               -Wl,-Bdynamic -lm -ldl
STATIC_NOCURSES_LIBS := -Wl,-Bstatic $(shell pkg-config --libs $(filter-out ncursesw $(DOC_PKGS),$(PKGS)) 2>/dev/null) \
               -Wl,-Bdynamic -lm -ldl

ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS := $(LDFLAGS) -pthread $(SANFLAGS)

# The plan loader: reading, typed YAML access, section converters, the build step.
PLAN_LOAD_SRC := src/plan_load.c src/plan_read.c src/plan_yget.c src/plan_build.c src/plan_build_groups.c \
                 $(wildcard src/plan_conv_*.c)
# The core links without curses: model, loader, store, app.
CORE_SRC := src/util.c src/parallel.c src/text.c src/table.c src/json.c src/date.c src/deadline_words.c src/error.c src/model.c src/model_group.c \
            src/plan_yaml.c $(PLAN_LOAD_SRC) src/plan_cache.c src/state_cache.c src/state_cache_marks.c src/store.c src/store_fs.c src/store_file.c src/store_confirm.c \
            src/store_chain.c src/server_mode.c src/app_chain.c \
            src/app.c src/app_queue.c src/app_reload.c src/paths.c src/drafts.c \
            src/plan_save.c src/app_notes.c src/app_rights.c src/app_confirm.c src/app_history.c src/csv.c src/docx.c src/app_export.c \
            src/model_field.c src/app_undo.c \
             src/plan_draft.c src/target.c src/store_target.c src/app_target.c \
             src/store_result.c src/store_attach.c src/store_amend.c src/app_result.c src/app_amend.c \
             src/store_extend.c src/app_extend.c src/store_import.c \
             $(wildcard src/doc/*.c) $(wildcard src/import/*.c) \
            $(wildcard src/report/*.c)
# The libraries opened when first used (src/dl.h); LINK=static links each
# shim built with KH_DL_STATIC instead: the functions themselves, no dlopen.
DL_SRC := src/store_sqlite_dl.c src/plan_yaml_dl.c src/hash_dl.c
CORE_SRC += src/dl.c $(DL_SRC)
# The workspace (issue 14): discovery and views across plans, workspace.yaml, migrate.
CORE_SRC += src/workspace.c src/workspace_links.c src/plan_workspace.c src/store_migrate.c
# From the ward to the province (issue 17): a ward's workspace, snapshots, the province's view.
CORE_SRC += src/app_ward.c src/workspace_ward.c src/store_snapshot.c src/workspace_snapshot.c src/workspace_province.c src/workspace_cache.c
# The words for SQLite's result codes, in place of its English (the store's details).
CORE_SRC += src/store_words.c
CLI_SRC  := $(wildcard src/cli/*.c)
TUI_SRC  := $(wildcard src/tui/*.c)
MAIN_SRC := src/main.c

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
# Two programs (issue 18): kehoach runs every command and loads no curses;
# the screens (the dashboard, present) are kehoach-tui, the same main built
# with KH_WITH_TUI and linked with ncursesw, which kehoach runs in its place
# (src/cli/cli_tui.c). Both stay linked to the distro's shared libraries.
CLI_OBJ  := $(filter-out $(BUILD)/src/cli/cmd_present.o,$(CLI_SRC:%.c=$(BUILD)/%.o))
# The build stamp (a hash of the core's objects) names the build for the
# plan cache, the same in both programs (src/plan_cache.c, build_id).
STAMP_OBJ := $(BUILD)/build_stamp.o
APP_OBJ  := $(CLI_OBJ) $(MAIN_SRC:%.c=$(BUILD)/%.o) $(STAMP_OBJ)
TUI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o) $(TUI_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/main_tui.o $(STAMP_OBJ)
# Named before the archive, they stand in for its dlopen shims.
DL_STATIC_OBJ := $(DL_SRC:%.c=$(BUILD)/dl_static/%.o)
LIB      := $(BUILD)/libkehoach.a
BIN_STATIC := $(BUILD)/kehoach-static
BIN      := $(if $(filter static,$(LINK)),$(BIN_STATIC),$(BUILD)/kehoach)
# The screens' program of each: found beside it as NAME-tui.
BIN_TUI  := $(BIN)-tui

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run check deps test test-unit test-cli test-tui clean format format-check \
        test-report test-man test-install test-server test-static install uninstall test-faults test-province \
        test-security test-import valgrind FORCE

all: kehoach

# ./kehoach is the last binary built, shared or (LINK=static) static.
kehoach: $(BIN) $(BIN_TUI) FORCE
	@cmp -s $(BIN) $@ || { cp $(BIN) $@.tmp && mv -f $@.tmp $@; }
	@cmp -s $(BIN_TUI) $@-tui || { cp $(BIN_TUI) $@-tui.tmp && mv -f $@-tui.tmp $@-tui; }

FORCE:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/build_stamp.c: $(CORE_OBJ)
	@printf 'const char kh_build_stamp[] = "%s";\n' "$$(cat $(CORE_OBJ) | sha256sum | cut -c1-32)" >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@

$(STAMP_OBJ): $(BUILD)/build_stamp.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-variable-declarations -c $< -o $@

$(BUILD)/src/main_tui.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DKH_WITH_TUI -MMD -MP -c $< -o $@

# Whatever runs kehoach may open a screen: its kehoach-tui comes with it.
$(BUILD)/kehoach: $(APP_OBJ) $(LIB) | $(BUILD)/kehoach-tui
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(NOCURSES_LIBS)

$(BUILD)/kehoach-tui: $(TUI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TUI_OBJ) $(LIB) $(LINK_LIBS)

$(BUILD)/src/doc/doc_dl.o: src/doc/doc_dl.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DOC_DL_DEFS) -MMD -MP -c $< -o $@

$(BUILD)/src/store_sqlite_dl.o: DL_DEFS := $(if $(SQLITE_SONAME),-DSTORE_SQLITE_DL_SONAME='"$(SQLITE_SONAME)"')
$(BUILD)/src/plan_yaml_dl.o: DL_DEFS := $(if $(YAML_SONAME),-DPLAN_YAML_DL_SONAME='"$(YAML_SONAME)"')
$(BUILD)/src/hash_dl.o: DL_DEFS := $(if $(NETTLE_SONAME),-DHASH_DL_SONAME='"$(NETTLE_SONAME)"')
$(DL_SRC:%.c=$(BUILD)/%.o): $(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DL_DEFS) -MMD -MP -c $< -o $@

$(BUILD)/dl_static/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DKH_DL_STATIC -MMD -MP -c $< -o $@

$(BIN_STATIC): $(APP_OBJ) $(DL_STATIC_OBJ) $(LIB) | $(BIN_STATIC)-tui
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(DL_STATIC_OBJ) $(LIB) $(STATIC_NOCURSES_LIBS)

$(BIN_STATIC)-tui: $(TUI_OBJ) $(DL_STATIC_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TUI_OBJ) $(DL_STATIC_OBJ) $(LIB) $(STATIC_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(CORE_LIBS) $(CMOCKA) $(ALL_LDFLAGS)

deps:
	@scripts/deps.sh check

# The dashboard on a workspace in a git-ignored folder (.run/workspace): the
# seed plan and every example plan (assets/examples/*.yaml), as symbolic
# links, with one database. A database of the old single-plan `make run`
# (.run/kehoach.db) is brought in once (kehoach migrate). The seed is the 2023
# plan, so by default it is shown as on 15/06/2023, in the middle of its
# year; `make run RUN_TODAY=` uses the real date. The dashboard shows every
# plan of the workspace (its plans pane, key 4); `make run RUN_PLAN=ID` opens
# one plan alone (RUN_PLAN=qcdc-2023-tqt: the seed).
RUN_TODAY ?= 2023-06-15
RUN_PLAN ?=
RUN_WS := .run/workspace
run:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory kehoach
	@mkdir -p $(RUN_WS)/examples
	@ln -sfn ../../assets/plan.yaml $(RUN_WS)/plan.yaml
	@rm -f $(RUN_WS)/examples/*.yaml
	@for f in assets/examples/*.yaml; do [ ! -e "$$f" ] || ln -sfn ../../../$$f $(RUN_WS)/examples/; done
	@if [ -e .run/kehoach.db ] && [ ! -e $(RUN_WS)/kehoach.db ]; then \
	    ./kehoach --workspace $(RUN_WS) migrate --from .run/kehoach.db; fi
	@./kehoach init $(RUN_WS) --name "kehoach: make run" >/dev/null
	./kehoach --workspace $(RUN_WS) $(if $(RUN_PLAN),--plan $(RUN_PLAN)) $(if $(RUN_TODAY),--today $(RUN_TODAY))

# One suite, run on the normal build, then on the sanitizer build.
check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory test
	@echo "== memcheck (valgrind): the unit tests and a smoke run, on the same build"
	@$(MAKE) --no-print-directory valgrind
	@echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
	@$(MAKE) --no-print-directory test BUILD=build/asan SAN=1 CFLAGS="-O1 -g"
	@echo "== make check: all passed"

test: $(BIN) $(UNIT_TESTS)
	@$(MAKE) --no-print-directory test-unit test-cli test-tui test-concurrency test-faults \
	    test-security test-report test-man test-install test-server test-static test-import \
	    test-province

test-unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; (cd tests/unit && ../../$$t); done

test-cli: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/cli/run.sh

test-tui: $(BIN)
	@if [ -x tests/tui/run.sh ]; then KEHOACH_BIN=$(abspath $(BIN)) tests/tui/run.sh; fi

test-concurrency: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/concurrency/run.sh

# Faults: the database (read-only, another group's, missing, not a database,
# corrupt, newer), a full disk, two migrations at once, kill -9 x 50, a lost
# terminal, hostile plan files (tests/faults/run.sh; some cases need root).
test-faults: $(BIN) $(BUILD)/tests/fault_writer
	@KEHOACH_BIN=$(abspath $(BIN)) FAULT_WRITER=$(abspath $(BUILD)/tests/fault_writer) \
	    tests/faults/run.sh

$(BUILD)/tests/fault_writer: tests/faults/writer.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) $(ALL_LDFLAGS)

# Attacks (tests/security/README.md has the threat model): a forged or
# damaged plan cache, another program's or a damaged database, terminal
# escapes in every output; the attacks by another user need root.
test-security: $(BIN) $(BUILD)/tests/forge_cache
	@KEHOACH_BIN=$(abspath $(BIN)) FORGE_CACHE=$(abspath $(BUILD)/tests/forge_cache) \
	    tests/security/run.sh

$(BUILD)/tests/forge_cache: tests/security/forge_cache.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(shell pkg-config --libs libxxhash 2>/dev/null) $(ALL_LDFLAGS)

# Memcheck over the unit tests and a smoke run of the commands and the
# dashboard: no leak, no invalid access (tests/valgrind/run.sh; no SAN=1).
valgrind: $(BIN) $(UNIT_TESTS)
	@KEHOACH_BIN=$(abspath $(BIN)) KEHOACH_UNIT="$(abspath $(UNIT_TESTS))" tests/valgrind/run.sh

# kehoach import: the seed document (text, and .docx/.odt made from it in the
# test) against assets/plan.yaml, hostile documents, the converters.
test-import: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/import/run.sh

# Reports and export (a headless Chromium renders the HTML report).
test-report: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/report/run.sh

# kehoach(1): groff -ww finds nothing to warn about; every command is in it.
test-man: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/man/run.sh

# make install into a DESTDIR, the installed tool and its completion, make uninstall.
test-install: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) KEHOACH_BUILD=$(BUILD) tests/install/run.sh

# The ward office server set-up of README (needs root: skipped, saying so, otherwise).
# LINK=static: the binary linked with the libraries' archives answers as the
# shared one does and loads none of them.
test-static: $(BUILD)/kehoach $(BIN_STATIC)
	@KEHOACH_BIN=$(abspath $(BUILD)/kehoach) KEHOACH_STATIC=$(abspath $(BIN_STATIC)) \
	    tests/static/run.sh

# From the ward to the province (issue 17): two wards and a province on one
# machine; as root with openssh-server, the whole path over a real sshd.
test-province: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/province/run.sh

test-server: $(BIN)
	@KEHOACH_BIN=$(abspath $(BIN)) tests/server/run.sh
	@KEHOACH_BIN=$(abspath $(BIN)) tests/server/installed.sh

# ---- installation (Debian-friendly: PREFIX, DESTDIR, nothing stripped) ----
#   make install [PREFIX=/usr/local] [DESTDIR=...]
#   make uninstall [PREFIX=/usr/local] [DESTDIR=...]
INSTALL ?= install
BINDIR  ?= $(PREFIX)/bin
# The screens' program, which kehoach finds as ../libexec/kehoach/kehoach-tui
# from its own folder: keep LIBEXECDIR beside BINDIR.
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/kehoach
COMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: $(BIN) $(BIN_TUI)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(COMPDIR) $(DESTDIR)$(LIBEXECDIR)/kehoach
	$(INSTALL) -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/kehoach
	$(INSTALL) -m 0755 $(BIN_TUI) $(DESTDIR)$(LIBEXECDIR)/kehoach/kehoach-tui
	@mkdir -p $(BUILD)
	sed -e 's|/usr/local/share/kehoach|$(DATADIR)|g' \
	    -e 's|/usr/local/share/bash\\-completion/completions|$(COMPDIR)|g' \
	    man/kehoach.1 >$(BUILD)/kehoach.1
	$(INSTALL) -m 0644 $(BUILD)/kehoach.1 $(DESTDIR)$(MANDIR)/man1/kehoach.1
	$(INSTALL) -m 0644 assets/plan.yaml $(DESTDIR)$(DATADIR)/plan.yaml
	$(INSTALL) -m 0644 docs/plan-format.md $(DESTDIR)$(DATADIR)/plan-format.md
	$(INSTALL) -m 0644 completion/kehoach.bash $(DESTDIR)$(COMPDIR)/kehoach

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kehoach $(DESTDIR)$(LIBEXECDIR)/kehoach/kehoach-tui \
	    $(DESTDIR)$(MANDIR)/man1/kehoach.1 \
	    $(DESTDIR)$(DATADIR)/plan.yaml $(DESTDIR)$(DATADIR)/plan-format.md \
	    $(DESTDIR)$(COMPDIR)/kehoach
	rmdir $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBEXECDIR)/kehoach 2>/dev/null || true

# The ward office server (README, "Setting up a ward office server"): the
# program setgid kehoach, /etc/kehoach/kehoach.conf, the plan and the data.
#   sudo make install-server [PREFIX=/usr/local] [DESTDIR=...]
#   sudo make uninstall-server [PREFIX=/usr/local] [DESTDIR=...]
SERVER_ENV = DESTDIR="$(DESTDIR)" BINDIR="$(BINDIR)" PLAN=assets/plan.yaml
.PHONY: install-server uninstall-server
install-server: install
	$(SERVER_ENV) scripts/install-server.sh install

uninstall-server:
	$(SERVER_ENV) scripts/install-server.sh uninstall
	@$(MAKE) --no-print-directory uninstall

format:
	clang-format -i src/*.c src/*.h src/*/*.c src/*/*.h include/kehoach/*.h tests/unit/*.c tests/unit/*.h 2>/dev/null || true

format-check:
	clang-format --dry-run -Werror src/*.c src/*.h include/kehoach/*.h $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h)

clean:
	rm -rf build kehoach kehoach-tui

-include $(CORE_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(DL_STATIC_OBJ:.o=.d)

# ---- fuzzing (libFuzzer, clang; see fuzz/) ----
#   make fuzz                           install clang if missing, build the harnesses
#   make -j3 fuzz-run [FUZZ_TIME=600]   run each harness FUZZ_TIME seconds (-j3: at once)
#   make fuzz-run-text FUZZ_FLAGS="-fork=1 -ignore_crashes=1"   one harness, going on past crashes
# The core sources are rebuilt with clang and coverage under $(BUILD)/fuzz/;
# corpora, logs and crashes go to $(FUZZ_OUT) (git-ignored); the seed corpus
# is fuzz/corpus/<target>/.
FUZZ_CC      ?= clang
FUZZ_TIME    ?= 600
FUZZ_OUT     ?= fuzz/out
FUZZ_FLAGS   ?=
FUZZ_TARGETS := plan date text import_text import_xml
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc -Ifuzz $(PKG_CFLAGS) -g -O1 $(FUZZ_SAN)
FUZZ_LIBS    := $(shell pkg-config --libs yaml-0.1 libutf8proc libxxhash $(DOC_PKGS) 2>/dev/null)
FUZZ_CORE    := src/util.c src/text.c src/date.c src/deadline_words.c src/error.c src/model.c src/plan_yaml.c src/target.c src/model_field.c \
                src/dl.c src/plan_yaml_dl.c \
                $(PLAN_LOAD_SRC) src/plan_draft.c $(wildcard src/doc/*.c) $(wildcard src/import/*.c)
FUZZ_OBJ     := $(FUZZ_CORE:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_DICT_plan := fuzz/yaml.dict
FUZZ_DICT_text := fuzz/text.dict
FUZZ_DICT_import_text := fuzz/import.dict
FUZZ_DICT_import_xml := fuzz/import_xml.dict

.PHONY: fuzz fuzz-build fuzz-run $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build

fuzz-build: $(FUZZ_BINS)

.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(FUZZ_LIBS)

fuzz-run: fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=fuzz-run-%)

# A fresh working corpus (seeded from fuzz/corpus/<target>), a log, and the
# final statistics; the run fails when libFuzzer found a crash, hang or OOM.
$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: $(FUZZ_BUILD)/fuzz_%
	@mkdir -p $(FUZZ_OUT)/$*/corpus $(FUZZ_OUT)/$*/artifacts
	@echo "== fuzz $*: $(FUZZ_TIME) s, log in $(FUZZ_OUT)/$*/log.txt"
	@rc=0; $< -max_total_time=$(FUZZ_TIME) -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 \
	    $(FUZZ_FLAGS) \
	    $(if $(FUZZ_DICT_$*),-dict=$(FUZZ_DICT_$*)) \
	    -artifact_prefix=$(FUZZ_OUT)/$*/artifacts/ $(FUZZ_OUT)/$*/corpus fuzz/corpus/$* \
	    >$(FUZZ_OUT)/$*/log.txt 2>&1 || rc=$$?; \
	grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::|==[0-9]+== ?ERROR|SUMMARY|Test unit written|INFO: exiting)' \
	    $(FUZZ_OUT)/$*/log.txt | sed 's/^/   $* /'; \
	echo "   $* corpus: $$(ls $(FUZZ_OUT)/$*/corpus | wc -l) files"; exit $$rc

-include $(FUZZ_OBJ:.o=.d)

# ---- benchmarks: bench/run.sh measures every performance target as a person
# meets it and prints a table (see bench/RESULTS.md); no timing goes into check.
BENCH_DIR   := $(BUILD)/bench
BENCH_TOOLS := $(addprefix $(BENCH_DIR)/,gen_plan runp pty_run live_watch header_only store_bench floor)

.PHONY: bench bench-tools bench-province bench-workspace

# A generated province of 100 wards (issue 17): receive, status, list over
# every ward's snapshot; prints a table (bench/province.sh, no assertion).
bench-province: $(BIN) $(BENCH_DIR)/pty_run
	bench/province.sh $(BUILD)


bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory bench-tools
	bench/run.sh $(BUILD)

# The workspace's figures (issue 14): 60 plans x 40 tasks, 300 x 400 (see bench/RESULTS.md).
bench-workspace:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory kehoach bench-tools
	bench/workspace.sh $(BUILD)

bench-tools: $(BIN) $(BIN_STATIC) $(BENCH_TOOLS)

$(BENCH_DIR)/gen_plan: bench/gen_plan.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(shell pkg-config --libs sqlite3 2>/dev/null) $(ALL_LDFLAGS)

$(BENCH_DIR)/runp $(BENCH_DIR)/header_only: $(BENCH_DIR)/%: bench/%.c bench/bench_clock.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(BENCH_DIR)/pty_run: bench/pty_run.c bench/bench_clock.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lutil $(ALL_LDFLAGS)

$(BENCH_DIR)/live_watch: bench/live_watch.c bench/bench_clock.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lutil $(ALL_LDFLAGS)

$(BENCH_DIR)/store_bench: bench/store_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) $(ALL_LDFLAGS)

$(BENCH_DIR)/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_LIBS) $(ALL_LDFLAGS)
