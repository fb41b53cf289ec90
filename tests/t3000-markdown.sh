#!/usr/bin/env bash
# t3000: --format markdown.  The sample report is the golden one; so is
# the report of a few messages written below whose titles, names and
# bodies are full of Markdown syntax, raw HTML and backtick fences.  The
# hostile corpus gives Markdown without raw control characters.  When
# cmark-gfm or pandoc is installed, the Markdown is rendered to HTML and
# checked: no element or link that mail could have asked for, the table
# and list sizes of the report, the hostile titles shown as text.
. "$(dirname "$0")/lib.sh"

# Messages that try to be Markdown, HTML and code fences.
write_tricky() {
	mkdir -p "$1"
	cat >"$1/001.eml" <<-'EOF'
	From: "Mark *Down*" <md@ex.example>
	Subject: [PATCH] *bold* _em_ [link](javascript:alert(1)) <img src=x
	 onerror=alert(1)> &amp; a|b ~~del~~ $x$ ^sup^ @cite "q" 'q' \back `code`
	Date: Mon, 2 Nov 2026 01:00:00 +0000
	Message-ID: <a/b(c)&d%e?f#g@x.example>
	List-Id: <tricky.lists.example.org>

	Fences inside:
	```
	not the end
	````
	~~~
	</pre><script>alert(3)</script>
	---
	 a | 1 +
	 1 file changed, 1 insertion(+)
	EOF
	cat >"$1/002.eml" <<-'EOF'
	From: Pipe | Name <pipe@ex.example>
	Subject: [PATCH 0/2] # not a heading
	Date: Mon, 2 Nov 2026 02:00:00 +0000
	Message-ID: <c0@ex.example>
	List-Id: <tricky.lists.example.org>

	``````
	six backticks above, none below
	EOF
	cat >"$1/003.eml" <<-'EOF'
	From: Pipe | Name <pipe@ex.example>
	Subject: [PATCH 1/2] - not a list
	Date: Mon, 2 Nov 2026 02:00:01 +0000
	Message-ID: <c1@ex.example>
	In-Reply-To: <c0@ex.example>
	List-Id: <tricky.lists.example.org>

	1. not a list either
	> not a quote
	EOF
	cat >"$1/004.eml" <<-'EOF'
	From: Reviewer <r@rev.example>
	Subject: Re: [PATCH] *bold*
	Date: Mon, 2 Nov 2026 03:00:00 +0000
	Message-ID: <r1@rev.example>
	In-Reply-To: <a/b(c)&d%e?f#g@x.example>
	List-Id: <tricky.lists.example.org>

	A reply.
	EOF
}

test_expect_success 'build the sample and tricky inboxes' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" sample &&
	write_tricky tmail && "$SRC/sample/make-inbox" tmail tricky
'
test_expect_success 'the sample report is the golden one' '
	mldigest report --no-cache --format markdown sample HEAD >sample.md &&
	test_cmp "$SRC/tests/t3000/sample.md" sample.md
'
test_expect_success 'the tricky report is the golden one' '
	mldigest report --no-cache --format markdown tricky HEAD >tricky.md &&
	test_cmp "$SRC/tests/t3000/tricky.md" tricky.md
'
test_expect_success 'the title and sections follow the text report' '
	mldigest report --no-cache sample HEAD >sample.txt &&
	test "$(head -n 1 sample.md)" = "# $(sed -n 2p sample.txt | sed "s/-/\\\\-/g")" &&
	test "$(grep -c "^## " sample.md)" = 5 &&
	test "$(grep -c "^### " sample.md)" = "$(grep -c "^New:  " sample.txt)" &&
	tail -n 1 sample.txt >want && tail -n 1 sample.md >got &&
	test_cmp want got
'
test_expect_success 'one list item per series, linked to lore' '
	n=$(sed -n "/^===== Patch list/,/^===== Patch Commit/p" sample.txt |
		grep -c "^\[") &&
	test "$(grep -c "^- " sample.md)" = "$n" &&
	test "$(grep -c "^- .*](https://lore.kernel.org/kvm-example/[^ ]*/) (" sample.md)" = "$n"
'
test_expect_success '--top and --lore-list' '
	mldigest report --no-cache --format markdown --top 3 --lore-list kvm \
		sample HEAD >top.md &&
	grep -q "^## Top 3 contributors" top.md &&
	test "$(grep -c "^| [0-9]" top.md)" = 9 &&
	grep -q "^## Top 3 reviewers (replies to patches, trailers given)$" top.md &&
	grep -q "](https://lore.kernel.org/kvm/20261102081502.2811-1-carol@kernel.example/)" top.md &&
	! grep -q "lore.kernel.org/kvm-example" top.md
'
test_expect_success 'message-ids are percent-encoded in links' '
	grep -qF "](https://lore.kernel.org/tricky/a%2Fb%28c%29%26d%25e%3Ff%23g@x.example/)" tricky.md
'
test_expect_success 'a fence is longer than any backtick run of its body' '
	grep -qx "\`\`\`\`\`" tricky.md &&
	grep -qx "\`\`\`\`\`\`\`" tricky.md
'

if command -v python3 >/dev/null; then
	test_expect_success 'the hostile corpus gives no raw control character' '
		python3 "$SRC/tests/corpora/hostile/make.py" mail &&
		"$SRC/sample/make-inbox" mail hostile 2>/dev/null &&
		mldigest report --no-cache --format markdown hostile HEAD >hostile.md &&
		python3 - hostile.md <<-'\''PY'\''
		import sys
		text = open(sys.argv[1], "rb").read().decode("utf-8")  # must be UTF-8
		bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
		for ch in text:
		    c = ord(ch)
		    if (c < 0x20 and ch != "\n") or 0x7F <= c <= 0x9F or c in bidi:
		        sys.exit("unsafe U+%04X in the Markdown" % c)
		PY
	'
	test_expect_success 'hostile titles and names are escaped' '
		grep -qF "### \\<b\\>\\\"quoted\\\" \\& \\'\''single\\'\''\\</b\\>" hostile.md &&
		grep -qF "**Author:** \\<script\\>alert\\(1\\)\\</script\\> \\<xss\\@evil\\.example\\>" hostile.md &&
		grep -qF "Body with <script>alert(2)</script>." hostile.md &&
		grep -qF "evil\\^\\[\\[2J\\^G title" hostile.md &&
		test "$(tail -n 1 hostile.md)" = "2 malformed messages in this range (counted with what could be read)"
	'
else
	test_skip 'the hostile corpus' 'python3 is not installed'
fi

# check_rendered COMMAND...: the HTML of the sample, tricky and hostile
# reports through one renderer ($name), checked by check_html.py against
# the text reports.
check_rendered() {
	for f in sample tricky hostile; do
		"$@" <$f.md >$f.$name.html &&
		mldigest report --no-cache $f HEAD >$f.txt || return 1
	done &&
	python3 "$SRC/tests/t3000/check_html.py" sample.$name.html sample.txt \
		>sample.$name.out &&
	printf "%s\n" "tables 11 14 6" "items 15" "subitems 4" "groups 0" \
		"code 20" "links 15" >want &&
	test_cmp want sample.$name.out &&
	python3 "$SRC/tests/t3000/check_html.py" tricky.$name.html tricky.txt \
		"*bold* _em_ [link](javascript:alert(1)) <img src=x onerror=alert(1)> &amp; a|b ~~del~~ \$x\$ ^sup^ @cite \"q\" 'q' \\back \`code\`" \
		"Pipe | Name <pipe@ex.example>" "# not a heading" "- not a list" \
		"</pre><script>alert(3)</script>" >tricky.$name.out &&
	printf "%s\n" "tables 1 2 1" "items 2" "subitems 0" "groups 0" \
		"code 3" "links 2" >want &&
	test_cmp want tricky.$name.out &&
	python3 "$SRC/tests/t3000/check_html.py" hostile.$name.html hostile.txt \
		"<b>\"quoted\" & 'single'</b>" \
		"<script>alert(1)</script> <xss@evil.example>" \
		"Mallory <U+202E>txt.exe" >hostile.$name.out &&
	printf "%s\n" "tables 2 9 1" "items 11" "subitems 0" "groups 0" \
		"code 10" "links 11" >want &&
	test_cmp want hostile.$name.out &&
	for f in full grouped; do
		"$@" <$f.md >$f.$name.html || return 1
	done &&
	python3 "$SRC/tests/t3000/check_html.py" full.$name.html full.txt \
		"KVM/arm64 *VGIC* <b>[x](y)</b> ^[[31m" \
		"Previous: v1, 2026-11-02, <20261102081502.2811-1-carol@kernel.example>" \
		>full.$name.out &&
	printf "%s\n" "tables 11 13 6" "items 15" "subitems 16" "groups 0" \
		"code 20" "links 18" >want &&
	test_cmp want full.$name.out &&
	python3 "$SRC/tests/t3000/check_html.py" grouped.$name.html grouped.txt \
		"KVM/arm64 *VGIC* <b>[x](y)</b> ^[[31m (2 series)" \
		>grouped.$name.out &&
	printf "%s\n" "tables 11 13 6" "items 17" "subitems 7" "groups 4" \
		"code 20" "links 21" >want &&
	test_cmp want grouped.$name.out
}

# A MAINTAINERS file for the sample's paths, a title full of Markdown
# and HTML and an escape character.
printf "KVM/arm64 *VGIC* <b>[x](y)</b> \033[31m\n" >MAINTAINERS
cat >>MAINTAINERS <<'EOF'
F:	arch/arm64/kvm/

KVM/x86
F:	arch/x86/kvm/

KVM SELFTESTS
F:	tools/testing/selftests/kvm/
EOF
test_expect_success 'review, previous versions and subsystems as nested lists' '
	opts="--no-cache --mailmap $SRC/tests/t2100/mailmap --maintainers MAINTAINERS" &&
	mldigest report $opts --format markdown sample HEAD >full.md &&
	mldigest report $opts sample HEAD >full.txt &&
	mldigest report $opts --group-by subsystem --format markdown sample HEAD >grouped.md &&
	mldigest report $opts --group-by subsystem sample HEAD >grouped.txt &&
	grep -qxF "  - Previous: v1, 2026-11-02, [\<20261102081502\.2811\-1\-carol\@kernel\.example\>](https://lore.kernel.org/kvm-example/20261102081502.2811-1-carol@kernel.example/)" full.md &&
	grep -qxF "  - Review: all 3 patches reviewed; Reviewed\-by: Ravi Shankar \<ravi\@cloudvendor\.example\> \(1\), Reviewed\-by: Bob Okafor \<bob\@chipco\.example\> \(all\); applied by Marta Bianchi \<marta\@kernel\.example\>" full.md &&
	grep -qxF "  - Subsystems: KVM/arm64 \*VGIC\* \<b\>\[x\]\(y\)\</b\> \^\[\[31m, KVM SELFTESTS" full.md &&
	grep -qxF "### KVM/arm64 \*VGIC\* \<b\>\[x\]\(y\)\</b\> \^\[\[31m (2 series)" grouped.md &&
	grep -q "^### No subsystem ([0-9] series)$" grouped.md &&
	! grep -q "Subsystems:" grouped.md &&
	test "$(grep -c "^\*\*Previous version:\*\* v1, 2026-11-02, " full.md)" = 2
'

if ! command -v python3 >/dev/null; then
	test_skip 'rendered HTML' 'python3 is not installed'
else
	if command -v cmark-gfm >/dev/null; then
		test_expect_success 'cmark-gfm renders it as text, tables and lists' '
			name=cmark check_rendered cmark-gfm --unsafe -e table \
				-e strikethrough -e autolink -e tasklist
		'
	else
		test_skip 'rendering with cmark-gfm' 'cmark-gfm is not installed'
	fi
	if command -v pandoc >/dev/null; then
		test_expect_success 'pandoc (gfm) renders it as text, tables and lists' '
			name=pandoc-gfm check_rendered pandoc -f gfm -t html
		'
		test_expect_success 'pandoc (markdown) renders it as text, tables and lists' '
			name=pandoc-md check_rendered pandoc -f markdown -t html
		'
	else
		test_skip 'rendering with pandoc' 'pandoc is not installed'
	fi
fi
test_done
