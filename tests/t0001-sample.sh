#!/usr/bin/env bash
# t0001: the report of the sample archive (sample/mail), byte for byte;
# the same messages split over three epochs; ranges inside and across
# epochs.
. "$(dirname "$0")/lib.sh"

test_expect_success 'build the sample inbox' '
	"$SRC/sample/make-inbox" "$SRC/sample/mail" inbox &&
	"$SRC/sample/make-inbox" --epoch-size 15 "$SRC/sample/mail" split &&
	test -d split/git/2.git
'
test_expect_success 'the sample report is the golden one' '
	mldigest report inbox HEAD >actual &&
	test_cmp "$SRC/tests/t0001/sample.expect" actual
'
test_expect_success 'one epoch given directly gives the same report' '
	mldigest report inbox/git/0.git HEAD >actual0 &&
	test_cmp actual actual0
'
test_expect_success 'three epochs give the same report but for the ids' '
	mldigest report split HEAD >split.out &&
	tail -n +3 actual >a && tail -n +3 split.out >b &&
	test_cmp a b
'
test_expect_success 'the first line names the first and the last commit' '
	first=$(git -C inbox/git/0.git rev-list --reverse HEAD | head -1) &&
	last=$(git -C inbox/git/0.git rev-parse HEAD) &&
	test "$(head -1 actual)" = "From ${first:0:9} to ${last:0:9}" &&
	test "$(sed -n 2p actual)" = "KVM-EXAMPLE mailing list update from ${first:0:9} to ${last:0:9}"
'
test_expect_success '--list-name and --top' '
	mldigest report --list-name KVM --top 3 inbox HEAD >named &&
	sed -n 2p named | grep -q "^KVM mailing list update from " &&
	grep -q "^Top 3 contributors" named &&
	test $(sed -n "/^Top 3 contributor Email/,/^$/p" named | wc -l) -ge 1 &&
	test $(awk "/^Top 3 contributors/{f=1;next} f&&/^$/{n++} f&&n==1&&/^ /{c++} END{print c}" named) = 3 &&
	test $(awk "/^Top 3 reviewers/{f=1;next} f&&/^$/{n++} f&&n==1&&/^ /{c++} END{print c}" named) = 3
'
test_expect_success 'a range across epochs equals the same range in one epoch' '
	# Messages 11..40: after commit 10 up to commit 40 (of 45).
	a1=$(git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 10p) &&
	b1=$(git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 40p) &&
	a3=$(git -C split/git/0.git rev-list --reverse HEAD | sed -n 10p) &&
	b3=$(git -C split/git/2.git rev-list --reverse HEAD | sed -n 10p) &&
	mldigest report inbox $a1..$b1 >one &&
	mldigest report split ${a3:0:12}..${b3:0:12} >three &&
	grep -q "^New:" one &&
	tail -n +3 one >a && tail -n +3 three >b && test_cmp a b
'
test_expect_success 'consecutive ranges neither overlap nor miss a message' '
	mid=$(git -C inbox/git/0.git rev-list --reverse HEAD | sed -n 20p) &&
	first=$(git -C inbox/git/0.git rev-list --reverse HEAD | head -1) &&
	mldigest report inbox $mid >part1 &&
	mldigest report inbox $mid..HEAD >part2 &&
	n1=$(grep -c "^New:" part1) && n2=$(grep -c "^New:" part2) &&
	n=$(grep -c "^New:" actual) &&
	test $((n1 + n2)) = $n
'
test_expect_success 'the output does not depend on the number of threads' '
	mldigest report -j 1 split HEAD >j1 &&
	mldigest report -j 2 split HEAD >j2 &&
	mldigest report -j 7 split HEAD >j7 &&
	test_cmp split.out j1 && test_cmp split.out j2 && test_cmp split.out j7
'
test_expect_success 'output is the same on every run' '
	mldigest report split HEAD >again && test_cmp split.out again
'
test_done
