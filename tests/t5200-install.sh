#!/usr/bin/env bash
# t5200: "make install" honours PREFIX and DESTDIR and installs a
# working program and its man page.
. "$(dirname "$0")/lib.sh"

test_expect_success 'make install DESTDIR=... PREFIX=/usr' '
	make -s -C "$SRC" install DESTDIR="$TRASH/root" PREFIX=/usr >out 2>&1 &&
	test -x root/usr/bin/mldigest &&
	test -f root/usr/share/man/man1/mldigest.1
'
test_expect_success 'the installed program runs' '
	root/usr/bin/mldigest --version >v &&
	grep -q "^mldigest [0-9]" v &&
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox &&
	root/usr/bin/mldigest report --no-cache inbox HEAD >r &&
	test_cmp "$SRC/tests/t0001/sample.expect" r
'
test_expect_success 'the installed man page names every command and exit code' '
	page=root/usr/share/man/man1/mldigest.1 &&
	for word in report index format since no\\-cache dry\\-run EXAMPLES "EXIT STATUS"; do
		grep -qF -- "$word" $page || { echo "missing $word"; return 1; }
	done &&
	for code in 0 1 2 3 4 5 6; do
		grep -q "^\.B $code$" $page || { echo "missing exit $code"; return 1; }
	done
'
test_done
