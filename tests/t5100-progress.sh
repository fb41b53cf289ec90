#!/usr/bin/env bash
# t5100: the progress line.  It goes to standard error only when that is
# a terminal, is made of "\r...\033[K" redraws ending with an erase, is
# never in the report, and --quiet turns it off.
. "$(dirname "$0")/lib.sh"

on_tty() { python3 "$SRC/tests/tools/on-tty.py" "$@"; }

# Every redraw is "\rmldigest: <what> messages: N[/M (P%)]\033[K", and
# the line is erased at the end.
check_progress() {
	python3 - "$1" <<-'PY'
	import re, sys
	data = open(sys.argv[1], "rb").read()
	if not data:
	    sys.exit(0)  # a run too quick for a progress line
	redraw = rb"\rmldigest: (reading|indexing) messages: \d+(/\d+ \(\d+%\))?\x1b\[K"
	if not re.fullmatch(rb"(" + redraw + rb")+\r\x1b\[K", data):
	    sys.exit("bad progress output: %r" % data[:200])
	PY
}

if ! command -v python3 >/dev/null; then
	test_skip 'progress line' 'python3 is not installed'
	test_done
fi
bundle=$SHARED/data/kvmarm.lists.cs.columbia.edu.0.bundle
if [ ! -f "$bundle" ]; then
	test_skip 'progress line' "$bundle not found"
	test_done
fi

test_expect_success 'clone an archive big enough for a progress line' '
	git clone -q --mirror "$bundle" kvmarm.git &&
	mldigest report --no-cache kvmarm.git HEAD >plain 2>err &&
	test ! -s err
'
test_expect_success 'on a terminal: progress redraws on stderr, the report unchanged' '
	on_tty tty.err $MLDIGEST report --no-cache -j 1 kvmarm.git HEAD >out &&
	test_cmp plain out &&
	check_progress tty.err &&
	grep -q "reading messages" tty.err
'
test_expect_success 'on a terminal with --quiet: nothing on stderr' '
	on_tty quiet.err $MLDIGEST report --no-cache --quiet kvmarm.git HEAD >out &&
	test_cmp plain out && test ! -s quiet.err
'
test_expect_success 'index on a terminal: progress, then the summary on stdout' '
	on_tty index.err $MLDIGEST index -j 1 --cache c.db kvmarm.git >out &&
	check_progress index.err &&
	grep -q "^indexed kvmarm: [0-9]* commits, [0-9]* new$" out
'
test_expect_success 'a short run on a terminal shows no progress line' '
	on_tty short.err $MLDIGEST report --cache c.db kvmarm.git HEAD~10..HEAD >out &&
	test ! -s short.err
'
test_done
