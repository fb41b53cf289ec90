#!/usr/bin/env bash
# t3300: --format email.  The sample report as a message is the golden
# one (SOURCE_DATE_EPOCH fixes the Date: and the Message-ID:); it is
# ASCII with LF line ends and body lines of at most 76 characters, and
# decodes to the text report byte for byte, also with non-ASCII
# addresses and for the hostile corpus.  Missing envelope options are a
# usage error and a header value with a line break is refused.
. "$(dirname "$0")/lib.sh"

FROM='Digest <digest@example.org>'
TO='kvm@vger.kernel.org'
export SOURCE_DATE_EPOCH=1795132800

# decode MAIL TEXT: MAIL's body, decoded, must be TEXT byte for byte.
decode_equals() {
	python3 - "$1" "$2" <<-'PY'
	import email, email.policy, sys
	m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
	                             policy=email.policy.default)
	assert m.get_content_type() == "text/plain"
	assert m.get_content_charset() == "utf-8"
	assert m["Content-Transfer-Encoding"] == "quoted-printable"
	body = m.get_payload(decode=True)
	want = open(sys.argv[2], "rb").read()
	if body != want:
	    sys.exit("the decoded body is not the text report")
	print(m["From"]); print(m["To"]); print(m["Subject"])
	PY
}

# The form of a message: ASCII, no CR, header lines of at most 78
# characters and body lines of at most 76 with no trailing white space.
check_form() {
	! LC_ALL=C grep -q "[^ -~	]" "$1" &&
	awk '
		!body && /^$/ { body = 1; next }
		!body && length($0) > 78 { print "long header: " $0; bad = 1 }
		body && length($0) > 76 { print "long line: " $0; bad = 1 }
		body && /[ \t]$/ { print "trailing space: " $0; bad = 1 }
		body && /^\.$/ { print "lone dot"; bad = 1 }
		body && /^From / { print "From line: " $0; bad = 1 }
		END { exit bad || !body }
	' "$1"
}

test_expect_success 'build the sample inbox' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox
'
test_expect_success 'the sample report as a message is the golden one' '
	mldigest report --no-cache --format email --mail-from "$FROM" \
		--mail-to "$TO" inbox HEAD >sample.eml &&
	test_cmp "$SRC/tests/t3300/sample.eml" sample.eml
'
test_expect_success 'the headers' '
	mldigest report --no-cache inbox HEAD >sample.txt &&
	sed "/^$/q" sample.eml >head &&
	grep -qx "From: Digest <digest@example.org>" head &&
	grep -qx "To: kvm@vger.kernel.org" head &&
	grep -qx "Subject: $(sed -n 2p sample.txt)" head &&
	grep -qx "Date: Fri, 20 Nov 2026 00:00:00 +0000" head &&
	grep -qx "Message-ID: <mldigest\.[0-9a-f]\{9\}-[0-9a-f]\{9\}\.1795132800@example\.org>" head &&
	grep -qx "MIME-Version: 1.0" head &&
	grep -qx "Content-Type: text/plain; charset=UTF-8" head &&
	grep -qx "Content-Transfer-Encoding: quoted-printable" head
'
test_expect_success 'ASCII, LF only, short lines, no trailing white space' '
	check_form sample.eml
'
test_expect_success 'the same report on every run' '
	mldigest report --no-cache --format email --mail-from "$FROM" \
		--mail-to "$TO" inbox HEAD >again.eml &&
	test_cmp sample.eml again.eml
'

if command -v python3 >/dev/null; then
	test_expect_success 'the body decodes to the text report' '
		decode_equals sample.eml sample.txt
	'
	test_expect_success 'non-ASCII addresses are encoded, and decode back' '
		mldigest report --no-cache --format email --top 2 \
			--mail-from "Zoë Ångström <zoe@nordvirt.example>" \
			--mail-to "Jürgen Groß <jgross@example.de>, $TO" \
			--list-name "KVM-ÉTÉ" inbox HEAD >utf8.eml &&
		mldigest report --no-cache --top 2 --list-name "KVM-ÉTÉ" \
			inbox HEAD >utf8.txt &&
		check_form utf8.eml &&
		grep -q "^From: =?UTF-8?" utf8.eml &&
		decode_equals utf8.eml utf8.txt >headers &&
		sed -n 1p headers | grep -qx "Zoë Ångström <zoe@nordvirt.example>" &&
		sed -n 2p headers | grep -qx "Jürgen Groß <jgross@example.de>, kvm@vger.kernel.org" &&
		sed -n 3p headers | grep -qx "KVM-ÉTÉ mailing list update from .* to .*"
	'
	test_expect_success 'the hostile corpus: ASCII, and decodes to the text report' '
		python3 "$SRC/tests/corpora/hostile/make.py" mail &&
		"$SRC/sample/make-inbox" mail hostile 2>/dev/null &&
		mldigest report --no-cache --format email --mail-from "$FROM" \
			--mail-to "$TO" hostile HEAD >hostile.eml &&
		mldigest report --no-cache hostile HEAD >hostile.txt &&
		check_form hostile.eml &&
		decode_equals hostile.eml hostile.txt
	'
else
	test_skip 'decoding the message' 'python3 is not installed'
fi

test_expect_failure_code 'no --mail-from: a usage error' 2 '
	mldigest report --no-cache --format email --mail-to "$TO" inbox HEAD \
		>out 2>err
'
test_expect_success '... on one line, with nothing on stdout' '
	test_one_error_line err && grep -q "mail-from" err && ! test -s out
'
test_expect_failure_code 'no --mail-to: a usage error' 2 '
	mldigest report --no-cache --format email --mail-from "$FROM" inbox HEAD \
		>out 2>err
'
test_expect_success '... on one line, with nothing on stdout' '
	test_one_error_line err && grep -q "mail-to" err && ! test -s out
'
test_expect_failure_code 'a line break in --mail-to is refused' 2 '
	mldigest report --no-cache --format email --mail-from "$FROM" \
		--mail-to "$(printf "a@b\nBcc: x@y")" inbox HEAD >out 2>err
'
test_expect_success '... on one line naming the option, with nothing on stdout' '
	test_one_error_line err && ! test -s out &&
	grep -q "option .--mail-to.: a control character (0x0a)" err
'
test_expect_failure_code 'a carriage return in --mail-from is refused' 2 '
	mldigest report --no-cache --format email \
		--mail-from "$(printf "a@b\rBcc: x@y")" --mail-to "$TO" \
		inbox HEAD >out 2>err
'
test_expect_success '... on one line, with nothing on stdout' '
	test_one_error_line err && ! test -s out
'
test_expect_failure_code 'an empty --mail-to is refused' 2 '
	mldigest report --no-cache --format email --mail-from "$FROM" \
		--mail-to "" inbox HEAD >out 2>err
'
test_expect_success '... on one line, with nothing on stdout' '
	test_one_error_line err && ! test -s out
'
test_done
