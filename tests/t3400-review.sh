#!/usr/bin/env bash
# t3400: review state, previous versions and subsystems in the patch
# list, from a few messages written below: a v2 series whose v1 arrived
# earlier, replies giving trailers to single patches, to the cover
# letter (which stands for every patch) and twice by one person under
# two spellings of the address, a Tested-by, a maintainer's "Applied",
# a single patch reviewed and queued, and a reviewer whose name is full
# of escapes and markup.  The text report's lines are checked exactly,
# then the same facts in Markdown, HTML and JSON, escaped for each.
. "$(dirname "$0")/lib.sh"

# msg FILE FROM SUBJECT DATE ID [IN-REPLY-TO]: a message with the body
# read from standard input.
msg() {
	{
		printf 'From: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' \
			"$2" "$3" "$4" "$5"
		if [ -n "${6:-}" ]; then
			printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$6" "$6"
		fi
		printf 'List-Id: <rv.lists.example.org>\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		cat
	} >"mail/$1"
}
diffstat() {
	printf -- '---\n %s | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n' "$1"
}

write_mail() {
	mkdir -p mail
	A='Alice Author <alice@a.example>'
	D='Mon, 5 Oct 2026'
	msg 01.eml "$A" '[PATCH 0/2] foo: Rework the bar' "$D 10:00:00 +0000" v1-0@a.example <<-EOF
	The first version.
	$(diffstat arch/x86/kvm/x86.c)
	EOF
	msg 02.eml "$A" '[PATCH 1/2] foo: Add bar' "$D 10:00:01 +0000" v1-1@a.example v1-0@a.example <<-EOF
	One.
	$(diffstat arch/x86/kvm/x86.c)
	EOF
	msg 03.eml "$A" '[PATCH 2/2] foo: Use bar' "$D 10:00:02 +0000" v1-2@a.example v1-0@a.example <<-EOF
	Two.
	$(diffstat arch/x86/kvm/x86.c)
	EOF
	D='Mon, 2 Nov 2026'
	msg 04.eml "$A" '[PATCH v2 0/3] foo: Rework the bar' "$D 10:00:00 +0000" v2-0@a.example <<-EOF
	The second version.
	$(diffstat arch/x86/kvm/x86.c)
	EOF
	msg 05.eml "$A" '[PATCH v2 1/3] foo: Add bar' "$D 10:00:01 +0000" v2-1@a.example v2-0@a.example <<-EOF
	One.
	$(diffstat arch/x86/kvm/x86.c)
	EOF
	msg 06.eml "$A" '[PATCH v2 2/3] foo: Use bar' "$D 10:00:02 +0000" v2-2@a.example v2-0@a.example <<-EOF
	Two.
	$(diffstat arch/arm64/kvm/arm.c)
	EOF
	msg 07.eml "$A" '[PATCH v2 3/3] foo: Test bar' "$D 10:00:03 +0000" v2-3@a.example v2-0@a.example <<-EOF
	Three.
	$(diffstat tools/testing/selftests/kvm/x86.c)
	EOF
	msg 08.eml 'Rita Reviewer <rita@r.example>' 'Re: [PATCH v2 1/3] foo: Add bar' "$D 11:00:00 +0000" r1@r.example v2-1@a.example <<-EOF
	> One.

	Reviewed-by: Rita Reviewer <rita@r.example>
	EOF
	msg 09.eml 'Rita Reviewer <RITA@R.example>' 'Re: [PATCH v2 3/3] foo: Test bar' "$D 11:00:01 +0000" r2@r.example v2-3@a.example <<-EOF
	Reviewed-by: Rita R. <RITA@R.example>
	EOF
	msg 10.eml 'Tom Tester <tom@t.example>' 'Re: [PATCH v2 2/3] foo: Use bar' "$D 12:00:00 +0000" t1@t.example v2-2@a.example <<-EOF
	Tested-by: Tom Tester <tom@t.example>
	EOF
	# The names: an escape (a trailer's becomes a space), a
	# right-to-left override, Markdown and HTML.
	printf -v evil 'Mal \033[31m\342\200\256 *em* <b>&amp;</b> [x](j:a) `c`'
	msg 11.eml '=?UTF-8?Q?Mal_=1B=5B31m_=E2=80=AE_*em*?= <mal@m.example>' 'Re: [PATCH v2 2/3] foo: Use bar' "$D 12:30:00 +0000" m1@m.example v2-2@a.example <<-EOF
	Acked-by: "$evil" <mal@m.example>
	EOF
	msg 12.eml 'Mia Maintainer <mia@k.example>' 'Re: [PATCH v2 0/3] foo: Rework the bar' "$D 13:00:00 +0000" mia1@k.example v2-0@a.example <<-EOF
	Applied to kvm-next, thanks!
	EOF
	msg 13.eml 'Bob Single <bob@b.example>' '[PATCH] baz: Fix the quux' "$D 14:00:00 +0000" s1@b.example <<-EOF
	A fix.
	$(diffstat lib/nowhere.c)
	EOF
	msg 14.eml 'Mia Maintainer <mia@k.example>' 'Re: [PATCH] baz: Fix the quux' "$D 15:00:00 +0000" mia2@k.example s1@b.example <<-EOF
	Reviewed-by: Mia Maintainer <mia@k.example>

	Queued, thanks.
	EOF
}

cat >MAINTAINERS <<'EOF'
KVM/x86 <b>&</b> *X*
F:	arch/x86/kvm/

KVM/arm64
F:	arch/arm64/kvm/

KVM SELFTESTS
F:	tools/testing/selftests/kvm/
EOF

test_expect_success 'build the inbox' '
	write_mail && "$SRC/sample/make-inbox" mail inbox &&
	test $(git -C inbox/git/0.git rev-list --count HEAD) = 14
'
BT='`'
# The evil names as the text report shows them: the trailer's, and the
# From header's.
EVIL='Mal [31m<U+202E> *em* <b>&amp;</b> [x](j:a) `c`'
EVIL_FROM='Mal ^[[31m <U+202E> *em*'
cat >list.expect <<EOF
===== Patch list in this time period =====

[v1 2/2] foo: Rework the bar (Alice Author <alice@a.example>, 0 replies)
    Subsystems: KVM/x86 <b>&</b> *X*
[v2 3/3] foo: Rework the bar (Alice Author <alice@a.example>, 5 replies)
    Previous: v1, 2026-10-05, <v1-0@a.example>
    Review: all 3 patches reviewed; Reviewed-by: Rita Reviewer <rita@r.example> (1, 3), Tested-by: Tom Tester <tom@t.example> (2), Acked-by: $EVIL <mal@m.example> (2); applied by Mia Maintainer <mia@k.example>
    Subsystems: KVM/x86 <b>&</b> *X*, KVM/arm64, KVM SELFTESTS
[v1 1/1] baz: Fix the quux (Bob Single <bob@b.example>, 1 reply)
    Review: the patch is reviewed; Reviewed-by: Mia Maintainer <mia@k.example>; queued by Mia Maintainer <mia@k.example>

EOF
test_expect_success 'the patch list: previous version, review, subsystems' '
	mldigest report --no-cache --maintainers MAINTAINERS inbox HEAD >out &&
	sed -n "/^===== Patch list/,/^===== Patch Commit/p" out | sed "\$d" >list &&
	test_cmp list.expect list
'
cat >reviewers.expect <<EOF
Top 15 reviewers (replies to patches, trailers given)

      2      2  Rita Reviewer <rita@r.example>
      2      1  Mia Maintainer <mia@k.example>
      1      1  $EVIL_FROM <mal@m.example>
      1      1  Tom Tester <tom@t.example>

EOF
test_expect_success 'the reviewers table, right after the contributors' '
	sed -n "/^Top 15 reviewers/,/^===== Patch list/p" out | sed "\$d" >reviewers &&
	test_cmp reviewers.expect reviewers &&
	grep "^Top \|^=====" out >heads &&
	test "$(sed -n 2p heads)" = "Top 15 contributors (Based on Email Body)" &&
	test "$(sed -n 3p heads)" = "Top 15 reviewers (replies to patches, trailers given)"
'
test_expect_success 'a shown message of v2 names the version it replaces' '
	grep -B 1 -A 2 "^\[PATCH v2 0/3\] foo: Rework the bar$" out >new &&
	test "$(sed -n 1p new)" = "New:  foo: Rework the bar" &&
	sed -n 3,4p new >two &&
	printf "%s\n" "Author: Alice Author <alice@a.example>" \
		"Previous version: v1, 2026-10-05, <v1-0@a.example>" >two.expect &&
	test_cmp two.expect two &&
	test "$(grep -c "^Previous version: " out)" = 2
'
test_expect_success 'the previous version is found before the range too' '
	v1=$(git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 3p) &&
	mldigest report --no-cache inbox $v1..HEAD >part &&
	grep -qx "    Previous: v1, 2026-10-05, <v1-0@a.example>" part &&
	! grep -q "^\[v1 2/2\]" part &&
	mldigest report inbox $v1..HEAD >cached &&
	test_cmp part cached
'
test_expect_success 'grouped by subsystem: each group, a series in several' '
	mldigest report --no-cache --maintainers MAINTAINERS --group-by subsystem \
		inbox HEAD >grouped &&
	sed -n "/^===== Patch list/,/^===== Patch Commit/p" grouped >glist &&
	grep -x -- "--- KVM/x86 <b>&</b> \*X\* (2 series) ---" glist &&
	grep -x -- "--- KVM/arm64 (1 series) ---" glist &&
	grep -x -- "--- No subsystem (1 series) ---" glist &&
	test "$(grep -c "^\[v2 3/3\] foo: Rework the bar" glist)" = 3 &&
	! grep -q "Subsystems:" glist &&
	test "$(tail -n 1 glist)" = "===== Patch Commit Messages ====" &&
	test "$(tail -n 2 glist | head -n 1)" = "" &&
	test "$(tail -n 3 glist | head -n 1)" != ""
'
test_expect_success 'no control character reaches the terminal' '
	! LC_ALL=C grep -q "$(printf "\033")" out grouped &&
	! grep -q "$(printf "\342\200\256")" out grouped
'
test_expect_success 'Markdown: the same lines as a nested list, escaped' '
	mldigest report --no-cache --maintainers MAINTAINERS --format markdown \
		inbox HEAD >out.md &&
	grep -qxF "  - Previous: v1, 2026-10-05, [\\<v1\\-0\\@a\\.example\\>](https://lore.kernel.org/rv/v1-0@a.example/)" out.md &&
	grep -qF "  - Review: all 3 patches reviewed; Reviewed\\-by: Rita Reviewer \\<rita\\@r\\.example\\> \\(1, 3\\)" out.md &&
	grep -qF "Acked\\-by: Mal \\[31m\\<U\\+202E\\> \\*em\\* \\<b\\>\\&amp;\\</b\\> \\[x\\]\\(j:a\\) \\${BT}c\\${BT} \\<mal\\@m\\.example\\> \\(2\\)" out.md &&
	grep -qxF "  - Subsystems: KVM/x86 \\<b\\>\\&\\</b\\> \\*X\\*, KVM/arm64, KVM SELFTESTS" out.md &&
	grep -qxF "**Previous version:** v1, 2026-10-05, [\\<v1\\-0\\@a\\.example\\>](https://lore.kernel.org/rv/v1-0@a.example/)" out.md
'
test_expect_success 'HTML: the same lines, escaped, numbers linked to the replies' '
	mldigest report --no-cache --maintainers MAINTAINERS --format html \
		inbox HEAD >out.html &&
	grep -qF "<p class=\"prev\">Previous: v1, 2026-10-05, <a href=\"https://lore.kernel.org/rv/v1-0@a.example/\">&lt;v1-0@a.example&gt;</a></p>" out.html &&
	grep -qF "Reviewed-by: Rita Reviewer <span class=\"addr\">&lt;rita@r.example&gt;</span> (<a href=\"https://lore.kernel.org/rv/r1@r.example/\">1</a>, <a href=\"https://lore.kernel.org/rv/r2@r.example/\">3</a>)" out.html &&
	grep -qF "Acked-by: Mal [31m&lt;U+202E&gt; *em* &lt;b&gt;&amp;amp;&lt;/b&gt; [x](j:a) \`c\` <span class=\"addr\">&lt;mal@m.example&gt;</span>" out.html &&
	grep -qF "; <a href=\"https://lore.kernel.org/rv/mia1@k.example/\">applied</a> by Mia Maintainer" out.html &&
	grep -qF "<p class=\"subsys\">Subsystems: KVM/x86 &lt;b&gt;&amp;&lt;/b&gt; *X*, KVM/arm64, KVM SELFTESTS</p>" out.html &&
	! grep -q "<b>&" out.html &&
	python3 "$SRC/tests/t3200/dom.py" out.html out --lore rv
'
test_expect_success 'JSON: the facts, with the strings as the mail has them' '
	mldigest report --no-cache --maintainers MAINTAINERS --group-by subsystem \
		--format json inbox HEAD >out.json &&
	python3 "$SRC/tests/tools/json-validate.py" "$SRC/docs/json-schema.json" out.json &&
	python3 "$SRC/tests/t3100/json-check.py" render out.json 15 >from-json &&
	test_cmp grouped from-json &&
	python3 - out.json <<-'\''PY'\''
	import json, sys
	d = json.load(open(sys.argv[1]))
	s = d["series"][1]
	assert s["previous"]["version"] == 1, s["previous"]
	assert s["previous"]["message_id"] == "v1-0@a.example"
	assert s["previous"]["received"] == "2026-10-05T10:00:00Z"
	rv = s["review"]
	assert (rv["reviewed"], rv["all_reviewed"]) == (3, True), rv
	assert rv["verdict"] == "applied" and rv["verdict_message_id"] == "mia1@k.example"
	assert rv["verdict_by"] == {"name": "Mia Maintainer", "email": "mia@k.example"}
	got = [(t["kind"], t["name"], t["email"], t["patch"], t["message_id"])
	       for t in rv["trailers"]]
	evil = "Mal [31m\u202e *em* <b>&amp;</b> [x](j:a) `c`"
	assert got == [
	    ("Reviewed-by", "Rita Reviewer", "rita@r.example", 1, "r1@r.example"),
	    ("Reviewed-by", "Rita R.", "RITA@R.example", 3, "r2@r.example"),
	    ("Tested-by", "Tom Tester", "tom@t.example", 2, "t1@t.example"),
	    ("Acked-by", evil, "mal@m.example", 2, "m1@m.example"),
	], got
	assert s["subsystems"] == ["KVM/x86 <b>&</b> *X*", "KVM/arm64",
	                           "KVM SELFTESTS"], s["subsystems"]
	single = d["series"][2]["review"]
	assert (single["reviewed"], single["all_reviewed"]) == (1, True), single
	assert single["verdict"] == "queued", single
	groups = {g["title"]: g["series"] for g in d["groups"]}
	assert groups == {"KVM/x86 <b>&</b> *X*": [0, 1], "KVM/arm64": [1],
	                  "KVM SELFTESTS": [1], "": [2]}, groups
	assert [r["email"] for r in d["reviewers"]] == [
	    "rita@r.example", "mia@k.example", "mal@m.example", "tom@t.example"]
	assert d["reviewers"][2]["name"] == "Mal \x1b[31m \u202e *em*", d["reviewers"]
	PY
	! grep -q "$(printf "\033")" out.json
'
test_done
