#!/usr/bin/env bash
# t1000: hostile mail (tests/corpora/hostile/make.py): terminal escapes,
# bidirectional overrides, NUL and C1 bytes, invalid UTF-8, a cut-off
# message, no From, a 1 MiB header line, MIME nested 300 deep, broken
# base64 and encoded words.  The text report is the golden one, holds
# only valid UTF-8 with no control character but newline, and counts
# the malformed messages; with and without the cache alike.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null; then
	test_skip 'hostile mail' 'python3 is not installed'
	test_done
fi

test_expect_success 'build the hostile inbox' '
	python3 "$SRC/tests/corpora/hostile/make.py" mail &&
	"$SRC/sample/make-inbox" mail inbox 2>/dev/null &&
	test $(git -C inbox/git/0.git rev-list --count HEAD) = 12
'
test_expect_success 'the report is the golden one' '
	mldigest report --no-cache inbox HEAD >out &&
	test_cmp "$SRC/tests/t1000/hostile.expect" out
'
test_expect_success 'the same through the cache, cold and warm' '
	mldigest report inbox HEAD >cold && test_cmp out cold &&
	mldigest report inbox HEAD >warm && test_cmp out warm
'
test_expect_success 'nothing unsafe reaches the terminal' '
	python3 - out <<-'\''PY'\''
	import sys, unicodedata
	text = open(sys.argv[1], "rb").read().decode("utf-8")  # must be UTF-8
	bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
	for ch in text:
	    c = ord(ch)
	    if (c < 0x20 and ch != "\n") or 0x7F <= c <= 0x9F or c in bidi:
	        sys.exit("unsafe U+%04X in the report" % c)
	PY
'
test_expect_success 'escapes are shown, not dropped' '
	grep -qF "evil^[[2J^G title" out &&
	grep -qF "osc^[]0;pwned^G and cr" out &&
	grep -qF "Mallory <U+202E>txt.exe" out &&
	grep -qF "CSI <U+009B>31m red and ESC ^[[1m bold" out &&
	grep -qF "A lone CR here:^Mthen overwritten." out
'
test_expect_success 'the malformed messages are counted at the end' '
	test "$(tail -n 1 out)" = "2 malformed messages in this range (counted with what could be read)"
'
test_done
