#!/usr/bin/env bash
# t3200: --format html.  The sample report is the golden page; the page
# holds exactly the renderer's markup (tests/t3200/dom.py: a content
# model, attribute lists, lore links percent-encoded) and agrees with the
# text report (title, top tables and their bars, patch list); hostile
# mail (tests/corpora/hostile plus three messages below with a subject,
# name, body and Message-IDs made to break out of HTML and URLs) stays
# text.  Then the same checks on the DOM that a real browser (Debian's
# chromium, headless) builds from the page, with no Content Security
# Policy violation logged, and a screenshot.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null; then
	test_skip 'html report' 'python3 is not installed'
	test_done
fi

dom() { python3 "$SRC/tests/t3200/dom.py" "$@"; }
HOSTILE_TITLE="<b>\"quoted\" & 'single'</b>"

test_expect_success 'build the sample and the hostile inbox' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox &&
	python3 "$SRC/tests/corpora/hostile/make.py" mail &&
	cat >mail/013.eml <<-\EOF &&
	From: "'\'' onmouseover='\''alert(5)" <attr@evil.example>
	Subject: [PATCH 0/2] "><img src=x onerror=alert(4)> & </td></tr></table>
	Message-ID: <odd/id?x=1&y='\''2'\''#frag%41"q"<b @evil.example>
	Date: Mon, 2 Nov 2026 13:00:00 +0000

	Cover with </pre><script>alert(3)</script> and &amp; literally.
	---
	 a | 1 +
	 1 file changed, 1 insertion(+)
	EOF
	cat >mail/014.eml <<-\EOF &&
	From: =?UTF-8?Q?Zo=C3=AB?= <zoe@xn--vil-bma.example>
	Subject: [PATCH 1/2] ids in UTF-8 </title><script>alert(6)</script>
	Message-ID: <café/ü%2F@évil.example>
	In-Reply-To: <odd/id?x=1&y='\''2'\''#frag%41"q"<b @evil.example>
	Date: Mon, 2 Nov 2026 14:00:00 +0000
	Content-Type: text/plain; charset=utf-8

	Body.
	EOF
	cat >mail/015.eml <<-\EOF &&
	From: Dot <dot@evil.example>
	Subject: [PATCH] dot-dot id
	Message-ID: <..>
	Date: Mon, 2 Nov 2026 15:00:00 +0000

	A Message-ID that no URL can hold.
	EOF
	"$SRC/sample/make-inbox" mail hostile 2>/dev/null &&
	test $(git -C hostile/git/0.git rev-list --count HEAD) = $(ls mail | wc -l)
'
test_expect_success 'the sample page is the golden one' '
	mldigest report --no-cache --format html inbox HEAD >out.html &&
	test_cmp "$SRC/tests/t3200/sample.html" out.html
'
test_expect_success 'the same page on every run, with -o too' '
	mldigest report --no-cache --format html -j 1 inbox HEAD >again.html &&
	test_cmp out.html again.html &&
	mldigest report --no-cache --format html -o file.html inbox HEAD &&
	test_cmp out.html file.html
'
test_expect_success 'the page is one self-contained document' '
	test "$(head -n 1 out.html)" = "<!DOCTYPE html>" &&
	grep -qF "<meta charset=\"utf-8\">" out.html &&
	grep -qF "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" out.html &&
	grep -qF "content=\"default-src '\''none'\''; style-src '\''unsafe-inline'\''; img-src data:;" out.html &&
	grep -q "@media (prefers-color-scheme:dark)" out.html &&
	! grep -qi "<script" out.html &&
	! grep -qiE " (src|srcset|action|formaction|poster|background)=" out.html &&
	! grep -qiE "url\(|@import" out.html &&
	test "$(grep -c "<!DOCTYPE" out.html)" = 1 &&
	test "$(tail -n 1 out.html)" = "</html>"
'
test_expect_success 'the sample page agrees with the text report' '
	mldigest report --no-cache inbox HEAD >out.txt &&
	dom out.html out.txt --msgids "$SRC/sample/mail" --lore kvm-example
'
test_expect_success '--top 3 gives three bars and three rows a table' '
	mldigest report --no-cache --top 3 --format html inbox HEAD >top3.html &&
	mldigest report --no-cache --top 3 inbox HEAD >top3.txt &&
	dom top3.html top3.txt >summary &&
	grep -q " 3+3+3 bars" summary &&
	grep -q "<title id=\"chart-reviewers-title\">Top 3 reviewers</title>" top3.html &&
	grep -q "<title id=\"chart-people-title\">Top 3 contributors</title>" top3.html
'
test_expect_success '--lore-list names the list in every link' '
	mldigest report --no-cache --lore-list kvm --format html inbox HEAD >kvm.html &&
	dom kvm.html out.txt --lore kvm &&
	! grep -q "lore.kernel.org/kvm-example/" kvm.html
'
cat >MAINTAINERS <<'EOF'
KVM/arm64 <b>"VGIC"</b> & 'ITS'
F:	arch/arm64/kvm/

KVM/x86
F:	arch/x86/kvm/

KVM SELFTESTS
F:	tools/testing/selftests/kvm/
EOF
test_expect_success 'review, previous versions, subsystems and groups agree' '
	opts="--no-cache --mailmap $SRC/tests/t2100/mailmap --maintainers MAINTAINERS" &&
	for g in "" "--group-by subsystem"; do
		mldigest report $opts $g --format html inbox HEAD >full.html &&
		mldigest report $opts $g inbox HEAD >full.txt &&
		dom full.html full.txt --msgids "$SRC/sample/mail" \
			--lore kvm-example >summary || return 1
	done &&
	grep -q "^ok: 17 patch-list rows, 4 groups, " summary &&
	grep -qF "<tr class=\"group\"><th colspan=\"5\" scope=\"rowgroup\">KVM/arm64 &lt;b&gt;&quot;VGIC&quot;&lt;/b&gt; &amp; &#39;ITS&#39; <span class=\"addr\">(2 series)</span></th></tr>" full.html &&
	grep -qF "<p class=\"prev\">Previous: v1, 2026-11-02, <a href=\"https://lore.kernel.org/kvm-example/20261102081502.2811-1-carol@kernel.example/\">&lt;20261102081502.2811-1-carol@kernel.example&gt;</a></p>" full.html &&
	grep -qF "(<a href=\"https://lore.kernel.org/kvm-example/87h6k2m9qz.wl-owen@armish.example/\">2</a>)" full.html &&
	grep -qF "; <a href=\"https://lore.kernel.org/kvm-example/d2f1a7c3-58e9-4b20-a1f4-7c3e9b6d5a12@kernel.example/\">applied</a> by Marta Bianchi" full.html &&
	test "$(grep -c "<p class=\"prev\">Previous version: v1, 2026-11-02, " full.html)" = 2
'
test_expect_success 'an empty range gives a page without tables' '
	mldigest report --no-cache --format html inbox HEAD..HEAD >empty.html &&
	mldigest report --no-cache inbox HEAD..HEAD >empty.txt &&
	dom empty.html empty.txt &&
	! grep -q "<table" empty.html && ! grep -q "<svg" empty.html
'
test_expect_success 'hostile mail stays text in the page' '
	mldigest report --no-cache --format html hostile HEAD >hostile.html &&
	mldigest report --no-cache hostile HEAD >hostile.txt &&
	dom hostile.html hostile.txt --msgids mail --lore hostile \
		--title "$HOSTILE_TITLE" \
		--title "\"><img src=x onerror=alert(4)> & </td></tr></table>" &&
	grep -qF "odd%2Fid%3Fx=1&amp;y=&#39;2&#39;%23frag%2541%22q%22%3Cb%20@evil.example/" hostile.html &&
	grep -qF "caf%C3%A9%2F%C3%BC%252F@%C3%A9vil.example/" hostile.html &&
	grep -qF "<pre>Cover with &lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt; and &amp;amp; literally." hostile.html &&
	grep -qF "<td class=\"title\">dot-dot id</td>" hostile.html
'
test_expect_success 'control characters from mail are shown, not sent' '
	python3 - hostile.html <<-'\''PY'\''
	import sys
	text = open(sys.argv[1], "rb").read().decode("utf-8")  # must be UTF-8
	bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
	for ch in text:
	    c = ord(ch)
	    if (c < 0x20 and ch not in "\n\t") or 0x7F <= c <= 0x9F or c in bidi:
	        sys.exit("U+%04X in the page" % c)
	PY
	grep -qF "evil^[[2J^G title" hostile.html &&
	grep -qF "Mallory &lt;U+202E&gt;txt.exe" hostile.html &&
	grep -qF "A lone CR here:^Mthen overwritten." hostile.html
'
test_expect_success 'the malformed messages are counted at the end' '
	for r in out hostile; do
		test "$(tail -n 1 $r.txt)" = "$(sed -n "s|^<p class=\"malformed\">\(.*\)</p>\$|\1|p" $r.html)" ||
		exit 1
	done &&
	grep -qF "<p class=\"malformed\">2 malformed messages in this range (counted with what could be read)</p>" hostile.html &&
	! grep -q "<p class=\"malformed\">" empty.html
'
test_expect_success 'the checker catches markup that is not the renderer'\''s' '
	sed "s|<td class=\"title\"><a \([^>]*\)>KVM: x86: Fix PIT|<td class=\"title\"><a \1 onclick=\"x()\">KVM: <b>x86</b>: Fix PIT|" \
		out.html >bad.html &&
	! cmp -s out.html bad.html &&
	! dom bad.html out.txt >bad.out &&
	grep -q "attribute onclick on <a>" bad.out &&
	grep -q "<b> inside <a>" bad.out
'

# The browser.  Debian 12's chromium (package chromium) runs headless as
# it is; --no-sandbox because tests may run as root, --disable-gpu as
# there is no display.  The page has no script, so --dump-dom needs no
# --virtual-time-budget: the DOM is complete when the page has loaded.
# CHROMIUM=/path/to/browser picks another Chromium or Chrome; CHROMIUM=
# (empty) skips the browser tests.
if [ -z "${CHROMIUM+set}" ]; then
	CHROMIUM=
	for c in chromium chromium-browser; do
		if command -v "$c" >/dev/null; then
			CHROMIUM=$c
			break
		fi
	done
elif [ -n "$CHROMIUM" ] && ! command -v "$CHROMIUM" >/dev/null; then
	CHROMIUM=
fi
chromium_run() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$TRASH/chromium-profile" \
		--enable-logging=stderr --v=0 "$@"
}

if [ -z "$CHROMIUM" ]; then
	for t in 'the DOM of the sample page in chromium' \
		 'the DOM of the hostile page in chromium' \
		 'a screenshot of the sample page'; do
		test_skip "$t" 'no chromium: not installed (scripts/install-deps --dev installs it), or CHROMIUM is empty'
	done
	test_done
fi

test_expect_success 'the DOM of the sample page in chromium' '
	chromium_run --dump-dom "file://$PWD/out.html" >dom.html 2>chromium.err &&
	grep -q "<rect" dom.html &&
	dom dom.html out.txt --msgids "$SRC/sample/mail" --lore kvm-example &&
	! grep -q "Content Security Policy" chromium.err
'
test_expect_success 'the DOM of the hostile page in chromium' '
	chromium_run --dump-dom "file://$PWD/hostile.html" >hdom.html 2>chromium.err &&
	grep -q "<rect" hdom.html &&
	dom hdom.html hostile.txt --msgids mail --lore hostile \
		--title "$HOSTILE_TITLE" \
		--title "\"><img src=x onerror=alert(4)> & </td></tr></table>" &&
	! grep -qi "<script" hdom.html &&
	! grep -q "Content Security Policy" chromium.err
'
test_expect_success 'a screenshot of the sample page' '
	chromium_run --hide-scrollbars --window-size=1280,2400 \
		--screenshot="$TRASH/sample.png" "file://$PWD/out.html" \
		>/dev/null 2>chromium.err &&
	python3 - "$TRASH/sample.png" <<-'\''PY'\''
	import struct, sys
	data = open(sys.argv[1], "rb").read()
	assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
	w, h = struct.unpack(">II", data[16:24])
	assert (w, h) == (1280, 2400), (w, h)
	assert len(data) > 50000, "only %d bytes" % len(data)
	PY
'
test_done
