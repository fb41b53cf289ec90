#!/usr/bin/env bash
# t2100: --mailmap merges a person's addresses and names in every table
# and author line, the same with and without the cache.
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
test_done
