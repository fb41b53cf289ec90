#!/usr/bin/env bash
# t2100: --mailmap merges a person's addresses and names in every table
# and author line, the same with and without the cache; --domain-map
# adds an organisations table (gitdm's format, longest suffix wins, a
# whole address wins over its domain) in every format.  With the mailmap
# the v2 of a series sent from a new address names the v1 it replaces.
. "$(dirname "$0")/lib.sh"

test_expect_success 'build the sample inbox' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox &&
	mldigest report --no-cache inbox HEAD >plain
'
test_expect_success 'without a mailmap Carol has two rows' '
	grep -c "Carol Nguyen <carol" plain >n && test "$(head -1 n)" -ge 2 &&
	grep -q "^      5  Carol Nguyen <carol.work@chipco.example>$" plain &&
	grep -q "^      5  Carol Nguyen <carol@kernel.example>$" plain
'
test_expect_success 'with it, one row with both counts, and the domains follow' '
	mldigest report --no-cache --mailmap "$SRC/tests/t2100/mailmap" inbox HEAD >mapped &&
	grep -q "^     10  Carol Nguyen <carol@kernel.example>$" mapped &&
	! grep -q "^ .*carol.work@chipco.example" mapped &&
	! grep -q "^Author: .*carol.work@chipco.example" mapped &&
	grep -q "^     10 kernel.example$" mapped &&
	grep -q "^      3 chipco.example$" mapped &&
	grep -q "^      3  David Jones <dave.jones@chipco.example>$" mapped &&
	! grep -q "^ .*Dave Jones" mapped
'
test_expect_success 'author lines and the patch list use the mapped names too' '
	! grep -q "^Author: Dave Jones" mapped &&
	grep -q "^Author: David Jones <dave.jones@chipco.example>$" mapped
'
test_expect_success 'with it, the v2 sent from the new address names its v1' '
	! grep -q "Previous" plain &&
	grep -qx "    Previous: v1, 2026-11-02, <20261102081502.2811-1-carol@kernel.example>" mapped &&
	test "$(grep -c "^Previous version: v1, 2026-11-02, <20261102081502.2811-1-carol@kernel.example>$" mapped)" = 2 &&
	grep -B 1 "^Previous version: " mapped | grep -c "^Author: Carol Nguyen <carol@kernel.example>$" >n &&
	test "$(cat n)" = 2
'
test_expect_success 'the cache keeps mail as written: same report either way' '
	mldigest report inbox HEAD >c1 && test_cmp plain c1 &&
	mldigest report --mailmap "$SRC/tests/t2100/mailmap" inbox HEAD >c2 &&
	test_cmp mapped c2
'
test_expect_success 'every format uses it' '
	mldigest report --no-cache --format json --mailmap "$SRC/tests/t2100/mailmap" inbox HEAD >j &&
	python3 -c "
import json, sys
r = json.load(open(\"j\"))
people = [c[\"email\"] for c in r[\"contributors\"]]
assert \"carol.work@chipco.example\" not in people, people
assert people.count(\"carol@kernel.example\") == 1, people
" &&
	mldigest report --no-cache --format markdown --mailmap "$SRC/tests/t2100/mailmap" inbox HEAD >md &&
	grep -q "| Carol Nguyen" md && ! grep -q "^| .*carol\\\\.work" md
'
test_expect_failure_code 'a missing mailmap: exit 1, one line' 1 '
	mldigest report --mailmap nosuch inbox HEAD >out 2>err
	rc=$?; test_one_error_line err && grep -q "mailmap .nosuch." err &&
	test ! -s out; exit $rc
'
test_expect_failure_code 'a malformed mailmap: exit 2, one line naming the line' 2 '
	printf "Good <a@b>\nno address here\n" >bad &&
	mldigest report --mailmap bad inbox HEAD >out 2>err
	rc=$?; test_one_error_line err && grep -q "line 2" err &&
	test ! -s out; exit $rc
'
cat >orgs.expect <<'EOF'
Top 15 contributor organisations (Based on Email Body)

      9 ChipCo
      8 Cloud Vendor Inc.
      7 Example Holdings
      5 The Kernel Project
      2 (Unknown)
      1 Independent

EOF
test_expect_success '--domain-map: the organisations table after the domains' '
	mldigest report --no-cache --domain-map "$SRC/tests/t2100/domain-map" inbox HEAD >orgs &&
	sed -n "/^Top 15 contributor organisations/,/^Top 15 contributors /p" orgs | sed "\$d" >got &&
	test_cmp orgs.expect got &&
	grep "^Top 15" orgs >heads &&
	test "$(sed -n 2p heads)" = "Top 15 contributor organisations (Based on Email Body)" &&
	test "$(sed -n 3p heads)" = "Top 15 contributors (Based on Email Body)" &&
	test "$(sed -n 4p heads)" = "Top 15 reviewers (replies to patches, trailers given)"
'
test_expect_success 'without it, no organisations table anywhere' '
	! grep -q organisations plain &&
	mldigest report --no-cache --format json inbox HEAD >j0 &&
	! grep -q "\"organisations\"" j0
'
test_expect_success 'the organisations in JSON (valid), Markdown and HTML' '
	mldigest report --no-cache --format json --domain-map "$SRC/tests/t2100/domain-map" inbox HEAD >oj &&
	python3 "$SRC/tests/tools/json-validate.py" "$SRC/docs/json-schema.json" oj &&
	python3 - oj <<-PY &&
	import json, sys
	r = json.load(open(sys.argv[1]))
	got = [(o["organisation"], o["count"]) for o in r["organisations"]]
	assert got[0] == ("ChipCo", 9) and ("Independent", 1) in got, got
	assert sum(c for _, c in got) == r["counts"]["patch_mail"], got
	PY
	mldigest report --no-cache --format markdown --domain-map "$SRC/tests/t2100/domain-map" inbox HEAD >om &&
	grep -q "^| 9 | ChipCo |$" om &&
	mldigest report --no-cache --format html --domain-map "$SRC/tests/t2100/domain-map" inbox HEAD >oh &&
	grep -q "id=\"organisations\"" oh && grep -q "chart-orgs" oh && test $(grep -c "<rect" oh) -gt $(mldigest report --no-cache --format html inbox HEAD | grep -c "<rect")
'
test_expect_failure_code 'a domain without an organisation: exit 2, one line' 2 '
	printf "good.example Good\nlonely.example\n" >badmap &&
	mldigest report --domain-map badmap inbox HEAD >out 2>err
	rc=$?; test_one_error_line err && grep -q "line 2" err &&
	test ! -s out; exit $rc
'
test_done
