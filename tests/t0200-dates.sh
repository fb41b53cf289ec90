#!/usr/bin/env bash
# t0200: ranges by receive time (--since, --until, with A..B, across
# epochs), runs with no range that go on from the last report, and
# --dry-run.  Expected selections are computed from git log's committer
# times, independently of mldigest.
. "$(dirname "$0")/lib.sh"

# The subjects of the messages (not deletions) received in
# [since, until) in every epoch of inbox $1, oldest first.
expected_subjects() {
	local inbox=$1 since=$2 until=$3 k
	for k in $(ls "$inbox/git" | sed -n 's/^\([0-9]*\)\.git$/\1/p' | sort -n); do
		git -C "$inbox/git/$k.git" log --reverse --format='%ct %H %s' |
		while read -r t c s; do
			[ "$t" -ge "$since" ] && [ "$t" -lt "$until" ] || continue
			git -C "$inbox/git/$k.git" cat-file -e "$c:m" 2>/dev/null || continue
			printf '%s\n' "$s"
		done
	done
}
# The subjects a report lists under "New:" and in the patch list are
# not all messages; --dry-run counts messages.
count_of() { sed -n 's/^messages: //p' "$1"; }

test_expect_success 'build the sample inbox in three epochs' '
	"$SRC/sample/make-inbox" --epoch-size 15 "$SRC/sample/mail" split &&
	"$SRC/sample/make-inbox" "$SRC/sample/mail" one
'
# 2026-11-03 12:00 to 2026-11-05 00:00 UTC crosses from epoch 0 to 1.
since=1793707200 until=1793836800
test_expect_success '--since/--until across an epoch boundary: the right messages' '
	expected_subjects split $since $until >want &&
	test $(wc -l <want) -gt 3 &&
	mldigest report --no-cache --dry-run --since "2026-11-03 12:00" --until 2026-11-05 split >dry &&
	test "$(count_of dry)" = $(wc -l <want) &&
	grep -q "^since: 2026-11-03 12:00:00 +0000$" dry &&
	grep -q "^until: 2026-11-05 00:00:00 +0000$" dry
'
test_expect_success 'the same window in one epoch and in three, cached or not' '
	mldigest report --no-cache --since "2026-11-03 12:00" --until 2026-11-05 one >a &&
	mldigest report --no-cache --since "2026-11-03 12:00" --until 2026-11-05 split >b &&
	mldigest report --since "2026-11-03 12:00" --until 2026-11-05 split >c &&
	mldigest report --since "2026-11-03 12:00" --until 2026-11-05 split >d &&
	tail -n +3 a >a3 && tail -n +3 b >b3 && test_cmp a3 b3 &&
	test_cmp b c && test_cmp b d
'
test_expect_success 'offsets and @seconds name the same instants' '
	mldigest report --no-cache --since "2026-11-03 07:00 -0500" --until @$until split >e &&
	test_cmp b e
'
test_expect_success 'a window and A..B intersect' '
	a=$(git -C split/git/0.git rev-list --reverse HEAD | sed -n 12p) &&
	b=$(git -C split/git/1.git rev-list --reverse HEAD | sed -n 3p) &&
	mldigest report --no-cache --dry-run --since "2026-11-03 12:00" split $a..$b >dry &&
	n=0 && for k in 0 1; do
		for c in $(git -C split/git/$k.git rev-list --reverse HEAD); do
			echo "$k $c"
		done
	done >all &&
	sed -n "/ $a$/,/ $b$/p" all | tail -n +2 >span &&
	while read -r k c; do
		t=$(git -C split/git/$k.git log -1 --format=%ct $c) &&
		if [ $t -ge $since ] && git -C split/git/$k.git cat-file -e $c:m 2>/dev/null; then
			n=$((n + 1))
		fi
	done <span &&
	test "$(count_of dry)" = $n
'
test_expect_success 'an empty window is an empty report' '
	mldigest report --no-cache --since 2030-01-01 split >out &&
	! grep -q "^New:" out && grep -q "^Top 15" out
'
test_expect_failure_code 'a date that is not one: exit 2, one line' 2 '
	mldigest report --since "next tuesday-ish" split >out 2>err
	rc=$?; test_one_error_line err && grep -q "date .next tuesday-ish.: not understood" err &&
	test ! -s out; exit $rc
'

# Runs with no range.  The first covers the 7 days up to the newest
# message; each later one starts where the one before ended.
test_expect_success 'no range, first run: the last 7 days; --dry-run remembers nothing' '
	mkdir part && cp "$SRC"/sample/mail/0[0-2]*.eml part/ &&
	"$SRC/sample/make-inbox" --epoch-size 15 part grow &&
	test -d grow/git/1.git && test ! -d grow/git/2.git &&
	mldigest report --dry-run grow >dry1 &&
	grep -q "^from: the last 7 days" dry1 &&
	mldigest report --dry-run grow >dry2 && test_cmp dry1 dry2 &&
	mldigest report grow >run1 &&
	mldigest report --dry-run grow >dry3 &&
	grep -q "^from: the end of the last report" dry3 &&
	grep -q "^messages: 0$" dry3
'
test_expect_success 'the archive grows a new epoch: the next run has exactly the new mail' '
	rm -rf grow && "$SRC/sample/make-inbox" --epoch-size 15 "$SRC/sample/mail" grow &&
	test -d grow/git/2.git &&
	mldigest report --dry-run grow >dry &&
	grep -q "^range: .*\.\." dry &&
	mldigest report grow >run2 &&
	since1=$(sed -n "s/^since: //p" dry1) &&
	mldigest report --no-cache --since "$since1" grow HEAD >all &&
	grep "^New:" run1 >n1; grep "^New:" run2 >n2; grep "^New:" all >nall;
	cat n1 n2 >both && test_cmp nall both &&
	mldigest report grow >run3 && ! grep -q "^New:" run3
'
test_expect_success 'consecutive runs neither overlap nor miss a message' '
	first=$(sed -n "s/^messages: //p" dry1) &&
	second=$(sed -n "s/^messages: //p" dry) &&
	since1=$(sed -n "s/^since: //p" dry1) &&
	total=$(mldigest report --no-cache --dry-run --since "$since1" grow HEAD | sed -n "s/^messages: //p") &&
	test $((first + second)) = $total
'
test_expect_success 'a rewritten history: the next run goes on from the last time' '
	mkdir fewer && cp "$SRC"/sample/mail/*.eml fewer/ && rm fewer/040-*.eml &&
	rm -rf grow && "$SRC/sample/make-inbox" --epoch-size 15 fewer grow &&
	mldigest report --dry-run grow >dry &&
	grep -q "^since: " dry && ! grep -q "^range: .*\.\." dry
'
test_expect_success 'with --no-cache every run is the last 7 days' '
	mldigest report --no-cache --dry-run grow >x1 &&
	mldigest report --no-cache grow >/dev/null &&
	mldigest report --no-cache --dry-run grow >x2 &&
	test_cmp x1 x2 && grep -q "^from: the last 7 days" x1
'
test_done
