# mldigest - plain non-recursive Makefile.
#
#   make                      build ./mldigest and libmldigest.a
#   make check                run every test (unit, golden, integration)
#   make check SANITIZE=address,undefined   the same under ASan+UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = libgit2 gmime-3.0 sqlite3 jansson zlib

WARN = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
       -Wold-style-definition -Wpointer-arith -Wwrite-strings \
       -Wformat-security -Wvla -fno-common
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. \
	     $(shell $(PKG_CONFIG) --cflags $(PKGS))
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread -ldl

ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) \
	      -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
else
ALL_CFLAGS += -fstack-protector-strong -D_FORTIFY_SOURCE=2
endif

UTIL_SRC = util/buf.c util/error.c util/utf8.c util/vec.c
LIB_SRC = $(sort $(wildcard lib/*.c))
CLI_SRC = cli/mldigest.c cli/opt.c cli/progress.c cli/cache_open.c cli/tls.c \
	  cli/cmd_report.c cli/cmd_index.c cli/cmd_fetch.c

LIB_OBJ = $(UTIL_SRC:.c=.o) $(LIB_SRC:.c=.o)
CLI_OBJ = $(CLI_SRC:.c=.o)

UNIT_SRC = $(wildcard tests/unit/t-*.c)
UNIT_BIN = $(UNIT_SRC:.c=)

all: mldigest

libmldigest.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

mldigest: $(CLI_OBJ) libmldigest.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) libmldigest.a $(LIBS)

%.o: %.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

tests/unit/t-%: tests/unit/t-%.c tests/unit/tap.h libmldigest.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< libmldigest.a $(LIBS)

check: mldigest $(UNIT_BIN)
	VALGRIND=$(VALGRIND) ./tests/run

install: mldigest
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 mldigest $(DESTDIR)$(BINDIR)/mldigest
	install -m 644 mldigest.1 $(DESTDIR)$(MANDIR)/man1/mldigest.1

clean:
	rm -f mldigest libmldigest.a $(LIB_OBJ) $(CLI_OBJ) $(UNIT_BIN) \
	      $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
	rm -rf tests/trash

.PHONY: all check install clean

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Fuzzing (fuzz/README.md): libFuzzer targets built by clang with ASan
# and UBSan straight from the sources, into fuzz/build/, so nothing is
# shared with the objects of the main build.
#
#   make fuzz-build           build fuzz/fuzz-mail, -subject, -inbody
#   make fuzz FUZZ_TIME=60    run each target FUZZ_TIME seconds
#   make fuzz-clean           remove fuzz/build/, fuzz/work/, the binaries

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_FLAGS ?=
FUZZ_TARGETS = mail subject inbody
FUZZ_SAN = -fsanitize=fuzzer,address,undefined \
	   -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 $(FUZZ_SAN) -I. \
	      $(shell $(PKG_CONFIG) --cflags $(PKGS))
FUZZ_LIB_SRC = $(UTIL_SRC) lib/mail.c lib/msg.c lib/patchtext.c lib/review.c \
	       lib/revision.c lib/subject.c
FUZZ_LIB_OBJ = $(patsubst %.c,fuzz/build/%.o,$(FUZZ_LIB_SRC))
FUZZ_MAIN_OBJ = $(patsubst %,fuzz/build/fuzz/fuzz-%.o,$(FUZZ_TARGETS))
FUZZ_BIN = $(patsubst %,fuzz/fuzz-%,$(FUZZ_TARGETS))

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BIN): fuzz/fuzz-%: fuzz/build/fuzz/fuzz-%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^ $(LIBS)

$(FUZZ_LIB_OBJ) $(FUZZ_MAIN_OBJ): fuzz/build/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

# Each target runs on fuzz/work/<target>/ (where it writes what it finds)
# with the checked-in seeds of fuzz/corpus/<target>/ read beside it;
# crash inputs go to fuzz/artifacts/<target>/.  Every target runs even
# when one crashes; the rule fails at the end if any did.
fuzz: fuzz-build
	@failed=; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/work/$$t fuzz/artifacts/$$t; \
		case $$t in \
		mail) extra="-max_len=1048576 -dict=fuzz/mail.dict" ;; \
		*) extra= ;; \
		esac; \
		echo "fuzz-$$t: $(FUZZ_TIME) s, log in fuzz/work/$$t.log"; \
		if UBSAN_OPTIONS=$${UBSAN_OPTIONS:-print_stacktrace=1} \
		   ./fuzz/fuzz-$$t $$extra -max_total_time=$(FUZZ_TIME) \
			-timeout=30 -print_final_stats=1 \
			-artifact_prefix=fuzz/artifacts/$$t/ $(FUZZ_FLAGS) \
			fuzz/work/$$t fuzz/corpus/$$t >fuzz/work/$$t.log 2>&1; \
		then \
			grep -E '^#[0-9]+[[:space:]]+DONE' fuzz/work/$$t.log | \
				tail -n 1; \
			grep -E '^Done [0-9]+ runs' fuzz/work/$$t.log; \
		else \
			failed="$$failed $$t"; \
			tail -n 60 fuzz/work/$$t.log; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "fuzz: crashed:$$failed (inputs in fuzz/artifacts/)"; \
		exit 1; \
	fi

fuzz-clean:
	rm -rf fuzz/build fuzz/work $(FUZZ_BIN)

.PHONY: fuzz fuzz-build fuzz-clean

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_MAIN_OBJ:.o=.d)
