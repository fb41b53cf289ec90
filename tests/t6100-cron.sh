#!/usr/bin/env bash
# t6100: the weekly cron use from nothing but a URL - fetch, report with
# no range, the list grows (a new epoch too), fetch and report again:
# the two reports neither overlap nor miss a message, and the remembered
# end lives in the cache.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the list as it was last week, served over file://' '
	mkdir part && cp "$SRC"/sample/mail/0[0-2]*.eml part/ &&
	"$SRC/sample/make-inbox" --epoch-size 15 part lore &&
	mldigest fetch -q "file://$TRASH/lore" mirror &&
	test -d mirror/git/1.git
'
test_expect_success 'the first report: the 7 days up to the newest message' '
	mldigest report --cache c.db --dry-run mirror >dry1 &&
	grep -q "^from: the last 7 days" dry1 &&
	mldigest report --cache c.db -o week1.txt mirror &&
	grep -q "^===== Patch list" week1.txt
'
test_expect_success 'a week later the list has grown a new epoch' '
	rm -rf lore && "$SRC/sample/make-inbox" --epoch-size 15 "$SRC/sample/mail" lore &&
	test -d lore/git/2.git &&
	mldigest fetch "file://$TRASH/lore" mirror >fetched &&
	grep -q "^git/2.git: cloned" fetched
'
test_expect_success 'the second report starts where the first ended' '
	mldigest report --cache c.db --dry-run mirror >dry2 &&
	grep -q "^from: the end of the last report" dry2 &&
	mldigest report --cache c.db -o week2.txt mirror &&
	mldigest report --cache c.db --dry-run mirror >dry3 &&
	grep -q "^messages: 0$" dry3
'
test_expect_success 'the two weeks neither overlap nor miss a message' '
	first=$(sed -n "s/^first: //p" dry1) &&
	n1=$(sed -n "s/^messages: //p" dry1) &&
	n2=$(sed -n "s/^messages: //p" dry2) &&
	all=$(mldigest report --no-cache --dry-run --since "$first" mirror HEAD | sed -n "s/^messages: //p") &&
	test $((n1 + n2)) = "$all" &&
	test "$n2" -gt 0
'
test_done
