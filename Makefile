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
PKGS = libgit2 gmime-3.0 sqlite3

WARN = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
       -Wold-style-definition -Wpointer-arith -Wwrite-strings \
       -Wformat-security -Wvla -fno-common
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. \
	     $(shell $(PKG_CONFIG) --cflags $(PKGS))
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread

ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) \
	      -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
else
ALL_CFLAGS += -fstack-protector-strong -D_FORTIFY_SOURCE=2
endif

UTIL_SRC = util/buf.c util/error.c util/utf8.c util/vec.c
LIB_SRC = lib/archive.c lib/err.c lib/mail.c lib/msg.c lib/patchtext.c \
	  lib/render_text.c lib/scan.c \
	  lib/report.c lib/series.c lib/subject.c
CLI_SRC = cli/mldigest.c cli/opt.c cli/cmd_report.c

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
